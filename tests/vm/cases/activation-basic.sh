#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# Activation through nmcli against the real bonding driver: a bond profile
# and two port profiles; `con up` of a port brings its bond up first; the
# bond is activated without ports (a controller ignores carrier, as
# NetworkManager's do); static IPv4 lands in the
# kernel and in IP4Config; `con down` releases ports and deletes the bond;
# Device.Disconnect and Device.Delete; the DEVICE/STATE columns follow.
set -euo pipefail
# shellcheck source=../lib.sh
. "$(dirname "$0")/../lib.sh"
t_require_guest

t_switch_create
t_veth_port eth1
t_veth_port eth2
t_dbus_start
IFCFG="$T_WORK/ifcfg"
t_bondd_start "$IFCFG"

dev_state() { LC_ALL=C nmcli -g GENERAL.STATE device show "$1" 2>/dev/null; }
con_state() { LC_ALL=C nmcli -g GENERAL.STATE connection show "$1" 2>/dev/null; }

# Profiles that do not come up on their own: the test drives activation.
t_nmcli connection add type bond ifname bond0 con-name bond0 autoconnect no \
	bond.options mode=active-backup,miimon=100 \
	ipv4.method manual ipv4.addresses 192.0.2.10/24 ipv6.method disabled >/dev/null
t_nmcli connection add type ethernet slave-type bond master bond0 ifname eth1 \
	con-name bond0-eth1 autoconnect no >/dev/null
t_nmcli connection add type ethernet slave-type bond master bond0 ifname eth2 \
	con-name bond0-eth2 autoconnect no >/dev/null
[[ ! -e /sys/class/net/bond0 ]] || t_fail "bond0 exists before any activation"

# 1. The bond alone: created, addressed, activated without ports.
out=$(t_nmcli connection up bond0) || t_fail "con up bond0: $out"
t_log "$out"
test -e /proc/net/bonding/bond0 || t_fail "no /proc/net/bonding/bond0 after con up"
grep -q "Bonding Mode: fault-tolerance (active-backup)" /proc/net/bonding/bond0 ||
	t_fail "bond0 not in active-backup mode: $(head -5 /proc/net/bonding/bond0)"
ip -4 addr show dev bond0 | t_contains "inet 192.0.2.10/24" ||
	t_fail "192.0.2.10/24 not on bond0: $(ip -4 addr show dev bond0)"
t_expect_eq "bond0 device state without ports" "100 (connected)" "$(dev_state bond0)"
t_expect_eq "bond0 connection state without ports" "activated" "$(con_state bond0)"
nmcli -g IP4.ADDRESS device show bond0 | grep -q "192.0.2.10/24" ||
	t_fail "IP4.ADDRESS of bond0: $(nmcli -g IP4.ADDRESS device show bond0)"

# 2. A port: attached by the kernel, bond becomes activated.
out=$(t_nmcli connection up bond0-eth1) || t_fail "con up bond0-eth1: $out"
t_expect_eq "eth1's master" "bond0" "$(basename "$(readlink /sys/class/net/eth1/master)")"
t_wait_for 5 "bond0 activated" sh -c '[ "$(LC_ALL=C nmcli -g GENERAL.STATE connection show bond0)" = activated ]'
t_expect_eq "eth1 device state" "100 (connected)" "$(dev_state eth1)"
t_expect_eq "eth1 connection" "bond0-eth1" "$(nmcli -g GENERAL.CONNECTION device show eth1)"
t_expect_eq "bond0-eth1 controller path" "$(nmcli -g GENERAL.DBUS-PATH device show bond0)" \
	"$(nmcli -g GENERAL.MASTER-PATH connection show bond0-eth1)"

# 3. Second port, then the kernel's view and nmcli's agree.
t_nmcli connection up bond0-eth2 >/dev/null || t_fail "con up bond0-eth2"
t_expect_eq "ports in /proc" "eth1 eth2" "$(t_bond_ports bond0 | sort | xargs)"
slaves=$(nmcli -g BOND.SLAVES device show bond0)
[[ "$slaves" == *eth1* && "$slaves" == *eth2* ]] || t_fail "BOND.SLAVES of bond0: '$slaves'"
t_wait_for 10 "traffic through bond0" t_ping "$T_SWITCH_ADDR4"

# 4. A port losing its carrier: the bond fails over, the device shows it.
active=$(t_bond_active bond0)
t_cable "$active" down
t_wait_for 5 "failover away from $active" sh -c "[ \"\$(sed -n 's/^Currently Active Slave: //p' /proc/net/bonding/bond0)\" != $active ]"
t_wait_for 5 "$active shown unavailable" sh -c "LC_ALL=C nmcli -g GENERAL.STATE device show $active | grep -q '^20 '"
t_cable "$active" up
t_wait_for 5 "$active shown connected again" sh -c "LC_ALL=C nmcli -g GENERAL.STATE device show $active | grep -q '^100 '"

# 5. Device.Disconnect of a port releases it.
t_nmcli device disconnect eth2 >/dev/null || t_fail "device disconnect eth2"
[[ ! -e /sys/class/net/eth2/master ]] || t_fail "eth2 still attached after disconnect"
t_expect_eq "eth2 device state" "30 (disconnected)" "$(dev_state eth2)"

# 6. con down of the bond: ports released, bond deleted, all disconnected.
out=$(t_nmcli connection down bond0) || t_fail "con down bond0: $out"
t_log "$out"
[[ ! -e /sys/class/net/bond0 ]] || t_fail "bond0 still exists after con down"
[[ ! -e /sys/class/net/eth1/master ]] || t_fail "eth1 still attached after con down"
t_expect_eq "active connections after down" "" "$(nmcli -g NAME connection show --active)"
t_expect_eq "eth1 device state after down" "30 (disconnected)" "$(dev_state eth1)"

# 7. A port's con up brings its bond up first; Device.Delete removes it.
t_nmcli connection up bond0-eth2 >/dev/null || t_fail "con up bond0-eth2 without bond0"
t_expect_eq "bond0 active by its port" "activated" "$(con_state bond0)"
t_expect_eq "eth2's master" "bond0" "$(basename "$(readlink /sys/class/net/eth2/master)")"
t_nmcli device delete bond0 >/dev/null || t_fail "device delete bond0"
t_wait_for 5 "bond0 gone from nmcli device" sh -c '! nmcli -g DEVICE device | grep -qx bond0'
[[ ! -e /sys/class/net/bond0 ]] || t_fail "bond0 still in the kernel after device delete"
t_expect_eq "active connections after delete" "" "$(nmcli -g NAME connection show --active)"

# 8. Deleting an active profile deactivates it first (clients keep working).
t_nmcli connection up bond0-eth1 >/dev/null || t_fail "con up bond0-eth1 again"
t_nmcli connection delete bond0-eth1 >/dev/null || t_fail "delete active port profile"
[[ ! -e /sys/class/net/eth1/master ]] || t_fail "eth1 still attached after its profile was deleted"
timeout 10 nmcli device >/dev/null || t_fail "nmcli hangs after deleting an active profile"
t_log "ok"
