#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# Policy against the real bonding driver: autoconnect profiles come up with
# bondd (the bond first, its ports with it); a port whose link appears later
# is attached then; `con up` of the active bond applies a changed option in
# place; a bondd restart adopts the running bond without tearing it down
# (same ifindex, no carrier change, ports kept) and shows it activated.
set -euo pipefail
# shellcheck source=../lib.sh
. "$(dirname "$0")/../lib.sh"
t_require_guest

t_switch_create
t_veth_port eth1
t_dbus_start
IFCFG="$T_WORK/ifcfg"
t_bondd_start "$IFCFG"

con_state() { LC_ALL=C nmcli -g GENERAL.STATE connection show "$1" 2>/dev/null; }

# A new autoconnect bond comes up on its own, as with NetworkManager.
t_nmcli connection add type bond ifname bond0 con-name bond0 \
	bond.options mode=active-backup,miimon=100 \
	ipv4.method manual ipv4.addresses 192.0.2.20/24 ipv4.gateway 192.0.2.254 \
	ipv6.method manual ipv6.addresses 2001:db8::20/64 >/dev/null
t_wait_for 10 "bond0 created by autoconnect" test -e /proc/net/bonding/bond0
t_nmcli connection add type ethernet slave-type bond master bond0 ifname eth1 con-name bond0-eth1 >/dev/null
t_wait_for 10 "eth1 attached by autoconnect" test -e /sys/class/net/eth1/master
t_wait_for 10 "bond0 activated" sh -c '[ "$(LC_ALL=C nmcli -g GENERAL.STATE connection show bond0)" = activated ]'
ip route show default | t_contains "via 192.0.2.254 dev bond0" || t_fail "no default route via bond0: $(ip route)"
ip -6 addr show dev bond0 | t_contains "2001:db8::20/64" || t_fail "IPv6 address missing: $(ip -6 addr show dev bond0)"
t_expect_eq "IP4.GATEWAY" "192.0.2.254" "$(nmcli -g IP4.GATEWAY device show bond0)"
nmcli -g IP6.ADDRESS device show bond0 | tr -d '\\' | t_contains '2001:db8::20/64' || t_fail "IP6.ADDRESS: $(nmcli -g IP6.ADDRESS device show bond0)"
t_expect_eq "manager state" "connected" "$(LC_ALL=C nmcli -g STATE general)"

# A port profile whose link does not exist yet: attached when it appears.
t_nmcli connection add type ethernet slave-type bond master bond0 ifname eth2 con-name bond0-eth2 >/dev/null
t_veth_port eth2
t_wait_for 10 "eth2 attached when its link appeared" test -e /sys/class/net/eth2/master
t_expect_eq "ports" "eth1 eth2" "$(t_bond_ports bond0 | sort | xargs)"

# con up of the active bond applies a changed option without recreating it.
ifindex=$(cat /sys/class/net/bond0/ifindex)
t_nmcli connection modify bond0 bond.options mode=active-backup,miimon=250 >/dev/null
t_nmcli connection up bond0 >/dev/null || t_fail "re-activation of bond0"
t_expect_eq "miimon after re-activation" 250 "$(cat /sys/class/net/bond0/bonding/miimon)"
t_expect_eq "ifindex after re-activation" "$ifindex" "$(cat /sys/class/net/bond0/ifindex)"
t_expect_eq "ports after re-activation" "eth1 eth2" "$(t_bond_ports bond0 | sort | xargs)"
t_expect_eq "bond0 state after re-activation" "activated" "$(con_state bond0)"

# Restart: the bond keeps running and is adopted.
t_wait_for 10 "traffic through bond0" t_ping "$T_SWITCH_ADDR4"
changes=$(cat /sys/class/net/bond0/carrier_changes)
t_bondd_stop
[[ -e /sys/class/net/bond0 ]] || t_fail "bondd's SIGTERM removed bond0"
t_ping "$T_SWITCH_ADDR4" || t_fail "no traffic while bondd is stopped"
t_bondd_start "$IFCFG"
t_wait_for 10 "bond0 activated after restart" sh -c '[ "$(LC_ALL=C nmcli -g GENERAL.STATE connection show bond0)" = activated ]'
t_expect_eq "ifindex after restart" "$ifindex" "$(cat /sys/class/net/bond0/ifindex)"
t_expect_eq "bond0 carrier changes across restart" "$changes" "$(cat /sys/class/net/bond0/carrier_changes)"
t_expect_eq "ports after restart" "eth1 eth2" "$(t_bond_ports bond0 | sort | xargs)"
t_expect_eq "active after restart" "bond0 bond0-eth1 bond0-eth2" "$(nmcli -g NAME connection show --active | sort | xargs)"
t_expect_eq "eth1 device after restart" "100 (connected)" "$(LC_ALL=C nmcli -g GENERAL.STATE device show eth1)"
t_ping "$T_SWITCH_ADDR4" || t_fail "no traffic after restart"
t_log "ok"
