#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
#
# Bonds made with `ip`, outside the daemon, as NetworkManager 1.42 shows them
# (run with BONDD_TEST_DAEMON=nm to check these assertions against it):
#   1. A bond that exists with ports and an address when the daemon starts is
#      assumed: "connected (externally)" under a generated in-memory profile
#      named after it, its options as the kernel has them (bond.options and
#      the kernel unchanged), its address kept, its ports listed and
#      connected externally too.
#   2. `ip link add bond9 type bond` with ports: unmanaged while it is down,
#      also once it has an address; `ip link set up` makes it connected
#      (externally), BOND.SLAVES lists its ports, its profile has the
#      address, the ports' profiles name it as their controller.
#   2b. a dummy made with `ip` and set up: unmanaged until it has an
#      address, then connected (externally) under a generated dummy profile;
#      a vlan made on b6: connected (externally), its profile with the
#      parent and id the kernel has;
#   3. `ip link del bond9`: the ports are not connected any more (the kernel
#      closed them on releasing them: unavailable, until someone sets them
#      up), the generated profiles are gone.
#   4. kill -9 of the daemon leaves its own bond0 (port eth1, an address) and
#      b6 as they are (6 s later: up, ports, addresses); started again, it
#      shows bond0 connected under its profile, b6 connected externally.
set -euo pipefail
# shellcheck source=../lib.sh
. "$(dirname "$0")/../lib.sh"
t_require_guest

t_switch_create
for p in eth1 eth2 eth3 eth4; do t_veth_port "$p"; done

# A port must be down to be attached (a managed link may be up).
attach() {
	ip link set "$2" down
	ip link set "$2" master "$1"
}

ip link add b6 type bond mode balance-rr miimon 123 updelay 246
attach b6 eth3
attach b6 eth4
ip link set b6 up
ip addr add 192.0.2.66/24 dev b6
kernel6() {
	echo "$(cat /sys/class/net/b6/ifindex) $(cat /sys/class/net/b6/bonding/miimon)" \
		"$(cat /sys/class/net/b6/bonding/updelay) $(t_bond_ports b6 | sort | xargs)" \
		"$(ip -4 -br addr show b6 | awk '{print $3}')"
}
before6="$(kernel6)"

t_dbus_start
t_bondd_start "$T_WORK/ifcfg"
t_on_fail t_diag

dev_is() { [[ "$(t_dev_state "$1")" == "$2" ]]; }
# device IFACE FIELDS / profile NAME FIELDS: nmcli's values, one line.
device() { LC_ALL=C timeout 10 nmcli -g "$2" device show "$1" 2>/dev/null | xargs -d '\n'; }
profile() { LC_ALL=C timeout 10 nmcli -g "$2" connection show "$1" 2>/dev/null | tr -d '\\' | xargs -d '\n'; }
EXT="100 (connected (externally))"

t_log "1. b6 existed before the daemon"
t_wait_soft 20 "b6 connected" dev_is b6 100
t_check_eq "b6" "$EXT b6 eth3 eth4" "$(device b6 GENERAL.STATE,GENERAL.CONNECTION,BOND.SLAVES)"
t_check_eq "b6's profile" "no mode=balance-rr,miimon=123,updelay=246 192.0.2.66/24" \
	"$(profile b6 connection.autoconnect,bond.options,ipv4.addresses)"
t_wait_soft 10 "eth3 connected" dev_is eth3 100
t_check_eq "eth3" "$EXT eth3" "$(device eth3 GENERAL.STATE,GENERAL.CONNECTION)"
t_check_eq "b6 in the kernel" "$before6" "$(kernel6)"

t_log "2. bond9 made with ip"
ip link add bond9 type bond mode active-backup miimon 100
attach bond9 eth1
attach bond9 eth2
ip addr add 192.0.2.9/24 dev bond9
t_wait_soft 10 "bond9 seen" sh -c "LC_ALL=C nmcli -g DEVICE device | grep -qx bond9"
t_check_eq "bond9 while down" "10 (unmanaged) no" "$(device bond9 GENERAL.STATE,GENERAL.NM-MANAGED)"
ip link set bond9 up
t_wait_soft 20 "bond9 connected" dev_is bond9 100
t_wait_soft 10 "eth1 connected" dev_is eth1 100
t_check_eq "bond9" "$EXT eth1 eth2" "$(device bond9 GENERAL.STATE,BOND.SLAVES)"
t_check_eq "eth1" "$EXT" "$(device eth1 GENERAL.STATE)"
t_wait_soft 10 "bond9's profile has its address" \
	sh -c "LC_ALL=C nmcli -g ipv4.addresses connection show bond9 | grep -qx 192.0.2.9/24"
t_check_eq "bond9's profile" "mode=active-backup,miimon=100 192.0.2.9/24" "$(profile bond9 bond.options,ipv4.addresses)"
t_check_eq "eth1's profile" "$(profile bond9 connection.uuid) bond" "$(profile eth1 connection.master,connection.slave-type)"
t_check_eq "bond9 in the kernel" "eth1 eth2" "$(t_bond_ports bond9 | sort | xargs)"

t_log "2b. a dummy made with ip"
ip link add d9 type dummy
ip link set d9 up
t_wait_soft 10 "d9 seen" sh -c "LC_ALL=C nmcli -g DEVICE device | grep -qx d9"
sleep 1
t_check_eq "d9 up, no address" "10 (unmanaged)" "$(device d9 GENERAL.STATE)"
ip addr add 198.51.100.9/24 dev d9
t_wait_soft 20 "d9 connected" dev_is d9 100
t_check_eq "d9" "$EXT d9 dummy" "$(device d9 GENERAL.STATE,GENERAL.CONNECTION,GENERAL.TYPE)"
t_check_eq "d9's profile" "dummy 198.51.100.9/24" "$(profile d9 connection.type,ipv4.addresses)"
ip link del d9
t_wait_soft 10 "d9 gone" sh -c "! LC_ALL=C nmcli -g DEVICE device | grep -qx d9"
# A vlan on b6, made with ip: described with its parent and id.
ip link add link b6 name b6.7 type vlan id 7
ip addr add 198.51.100.7/24 dev b6.7
ip link set b6.7 up
t_wait_soft 20 "b6.7 connected" dev_is b6.7 100
t_log "b6.7's profile: $(profile b6.7 vlan.parent,vlan.id,ipv4.addresses)"
t_check_eq "b6.7" "$EXT b6.7 vlan" "$(device b6.7 GENERAL.STATE,GENERAL.CONNECTION,GENERAL.TYPE)"
t_check_eq "b6.7's profile" "b6 7 198.51.100.7/24" "$(profile b6.7 vlan.parent,vlan.id,ipv4.addresses)"
ip link del b6.7
t_wait_soft 10 "b6.7 gone" sh -c "! LC_ALL=C nmcli -g DEVICE device | grep -qx b6.7"

t_log "3. bond9 deleted"
ip link del bond9
t_wait_soft 15 "eth1 unavailable" dev_is eth1 20
t_wait_soft 15 "eth2 unavailable" dev_is eth2 20
t_wait_soft 10 "the generated profiles gone" \
	sh -c "[ \"\$(LC_ALL=C nmcli -g NAME connection show | grep -vx lo | sort | xargs)\" = 'b6 eth3 eth4' ]"

t_log "4. kill -9 and a restart"
ip link set eth1 up
t_nmcli connection add type bond ifname bond0 con-name bond0 bond.options mode=active-backup,miimon=100 \
	ipv4.method manual ipv4.addresses 192.0.2.1/24 ipv6.method disabled >/dev/null ||
	t_fail "nmcli connection add bond0"
t_add_ports bond0 eth1
eth1_in_bond0() { [[ "$(t_master eth1)" == bond0 ]]; }
t_wait_soft 30 "eth1 in bond0" eth1_in_bond0
stacks() {
	echo "bond0: $(ip -br link show bond0 | awk '{print $2}') $(t_bond_ports bond0 | xargs)" \
		"$(ip -4 -br addr show bond0 | awk '{print $3}'); b6: $(kernel6)"
}
want="bond0: UP eth1 192.0.2.1/24; b6: $before6"
t_check_eq "stacks before kill -9" "$want" "$(stacks)"
kill -9 "$T_BONDD_PID"
wait "$T_BONDD_PID" 2>/dev/null || true
sleep 6
t_check_eq "stacks 6 s after kill -9" "$want" "$(stacks)"
t_bondd_start "$T_WORK/ifcfg"
t_wait_soft 20 "bond0 activated again" t_con_is bond0 activated
t_wait_soft 20 "b6 connected again" dev_is b6 100
t_check_eq "bond0 after restart" "100 (connected) bond0" "$(device bond0 GENERAL.STATE,GENERAL.CONNECTION)"
t_check_eq "eth1 after restart" "100 (connected) eth1" "$(device eth1 GENERAL.STATE,GENERAL.CONNECTION)"
t_check_eq "b6 after restart" "$EXT b6" "$(device b6 GENERAL.STATE,GENERAL.CONNECTION)"
t_check_eq "stacks after restart" "$want" "$(stacks)"
t_finish
