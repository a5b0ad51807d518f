#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
#
# A vlan over an active-backup bond, driven by nmcli, with NetworkManager
# 1.42's semantics (BONDD_TEST_DAEMON=nm runs it against NetworkManager):
#   1. `connection add type vlan dev bond0 id 153` makes bond0.153 on the bond
#      with the profile's flags and priority maps and the bond's MTU; nmcli
#      shows VLAN.PARENT and VLAN.ID;
#   2. traffic on the vlan goes on across a failover; the daemon stopped,
#      and then killed with SIGKILL, leaves the L2-only bond and the vlan up
#      with its address (checked 6 s later), and a restart re-adopts all four
#      profiles (bond, two ports, vlan) as activated;
#   3. a mode change (modify, `con up bond0`) keeps the bond and the vlan
#      (same ifindexes, vlan still active), the vlan taking the bond's MAC;
#   4. `con down bond0` takes the vlan with it (the kernel deletes it);
#      `con up bond0` brings the vlan back with the same settings.
# The switch answers on vlan 153 of its bridge (198.51.100.254).
set -euo pipefail
# shellcheck source=../lib.sh
. "$(dirname "$0")/../lib.sh"
t_require_guest

t_switch_create
ip -n "$T_SWITCH_NS" link add link br0 name br0.153 type vlan id 153
ip -n "$T_SWITCH_NS" addr add 198.51.100.254/24 dev br0.153
ip -n "$T_SWITCH_NS" link set br0.153 up
t_veth_port eth1
t_veth_port eth2
t_dbus_start
t_bondd_start "$T_WORK/ifcfg"
t_on_fail t_diag

t_nmcli connection add type bond ifname bond0 con-name bond0 ethernet.mtu 9000 \
	bond.options mode=active-backup,miimon=100 ipv4.method disabled ipv6.method disabled \
	>/dev/null || t_fail "nmcli connection add bond0"
t_add_ports bond0 eth1 eth2
t_nmcli connection add type vlan con-name vlan153 dev bond0 id 153 vlan.flags 3 \
	vlan.ingress-priority-map 1:3 vlan.egress-priority-map 2:5 \
	ipv4.method manual ipv4.addresses 198.51.100.1/24 ipv6.method disabled >/dev/null ||
	t_fail "nmcli connection add vlan153"

# The vlan as the kernel has it: id, flags, priority maps.
vlan_settings() {
	ip -d -j link show dev bond0.153 2>/dev/null | jq -c '.[0].linkinfo.info_data |
		{id, flags, ingress: [.ingress_qos[]? | "\(.from):\(.to)"],
		 egress: [.egress_qos[]? | "\(.from):\(.to)"]}'
}
ifindex() { cat "/sys/class/net/$1/ifindex" 2>/dev/null; }
mac() { cat "/sys/class/net/$1/address" 2>/dev/null; }
same_mac() { [[ -n "$(mac "$1")" && "$(mac "$1")" == "$(mac "$2")" ]]; }
WANT='{"id":153,"flags":["REORDER_HDR","GVRP"],"ingress":["1:3"],"egress":["2:5"]}'
# NetworkManager 1.42 loses egress priority mappings (a bug: the profile's
# 2:5 never reaches the kernel); bondd applies them.
[[ "$T_DAEMON" == nm ]] && WANT=${WANT/'"egress":["2:5"]'/'"egress":[]'}

has_address() { ip -4 addr show dev bond0.153 2>/dev/null | t_contains 198.51.100.1/24; }

t_log "1. the vlan on the bond"
t_wait_for 30 "bond0.153 with its address" has_address
t_wait_soft 20 "bond0, eth1, eth2, vlan153 activated" t_cons_activated bond0 eth1 eth2 vlan153
t_check_eq "bond0.153 settings" "$WANT" "$(vlan_settings)"
t_check_eq "bond0.153 parent" bond0 "$(ip -j link show dev bond0.153 | jq -r '.[0].link')"
t_check_eq "bond0.153 MTU (the bond's)" 9000 "$(cat /sys/class/net/bond0.153/mtu)"
t_check_eq "nmcli VLAN section" "bond0 153" "$(LC_ALL=C nmcli -g VLAN.PARENT,VLAN.ID device show bond0.153 | xargs)"
t_wait_soft 10 "ping over the vlan" t_ping 198.51.100.254

t_log "2. failover"
active=$(t_bond_active bond0)
t_cable "$active" down
t_wait_soft 10 "another active port than $active" sh -c "[ \"\$(sed -n 's/^Currently Active Slave: //p' /proc/net/bonding/bond0)\" != $active ]"
t_wait_soft 10 "ping over the vlan after the failover" t_ping 198.51.100.254

# The stack as the kernel has it: links up, the bond's ports, the address.
stack() {
	echo "$(ip -br link show bond0 | awk '{print $2}') $(t_bond_ports bond0 | sort | xargs)" \
		"$(ip -br link show bond0.153 | awk '{print $2}') $(ip -4 -br addr show bond0.153 | awk '{print $3}')"
}
want_stack=$(stack)
t_check_eq "the stack before the daemon goes" "UP eth1 eth2 UP 198.51.100.1/24" "$want_stack"
t_bondd_stop
sleep 6
t_check_eq "the stack 6 s after the daemon stopped" "$want_stack" "$(stack)"
t_bondd_start "$T_WORK/ifcfg"
t_wait_soft 30 "all four re-adopted after a restart" t_cons_activated bond0 eth1 eth2 vlan153
kill -9 "$T_BONDD_PID"
wait "$T_BONDD_PID" 2>/dev/null || true
sleep 6
t_check_eq "the stack 6 s after kill -9" "$want_stack" "$(stack)"
t_bondd_start "$T_WORK/ifcfg"
t_wait_soft 30 "all four re-adopted after kill -9" t_cons_activated bond0 eth1 eth2 vlan153
t_wait_soft 10 "ping over the vlan after the restarts" t_ping 198.51.100.254

t_log "3. mode change"
bond_ifindex=$(ifindex bond0)
vlan_ifindex=$(ifindex bond0.153)
t_nmcli connection modify bond0 bond.options mode=balance-rr,miimon=100 >/dev/null
out=$(t_nmcli connection up bond0 2>&1) || t_fail "con up bond0: $out"
t_check_eq "bond mode" "balance-rr 0" "$(cat /sys/class/net/bond0/bonding/mode)"
t_check_eq "bond0 ifindex (kept)" "$bond_ifindex" "$(ifindex bond0)"
t_check_eq "bond0.153 ifindex (kept)" "$vlan_ifindex" "$(ifindex bond0.153)"
t_check_eq "vlan153 still activated" activated "$(t_con_state vlan153)"
t_check_eq "bond0.153 settings after the mode change" "$WANT" "$(vlan_settings)"
t_wait_soft 10 "bond0.153 has the bond's MAC" same_mac bond0 bond0.153
t_wait_soft 10 "ping over the vlan after the mode change" t_ping 198.51.100.254

t_log "4. the bond re-created"
out=$(t_nmcli connection down bond0 2>&1) || t_fail "con down bond0: $out"
t_wait_soft 10 "bond0.153 deleted with bond0" sh -c '! test -e /sys/class/net/bond0.153'
t_check_eq "vlan153 not active" "" "$(t_con_state vlan153)"
out=$(t_nmcli connection up bond0 2>&1) || t_fail "con up bond0: $out"
t_wait_soft 30 "bond0.153 back with its address" has_address
t_wait_soft 10 "vlan153 back" t_con_is vlan153 activated
t_check_eq "bond0.153 settings when back" "$WANT" "$(vlan_settings)"
t_check_eq "bond0.153 MTU when back" 9000 "$(cat /sys/class/net/bond0.153/mtu 2>/dev/null)"
t_wait_soft 10 "ping over the vlan when back" t_ping 198.51.100.254

if [[ "$T_DAEMON" == bondd ]]; then
	f="$T_WORK/ifcfg/ifcfg-vlan153"
	t_check_eq "ifcfg vlan keys" "VLAN=yes TYPE=Vlan PHYSDEV=bond0 VLAN_ID=153" \
		"$(grep -E '^(VLAN|TYPE|PHYSDEV|VLAN_ID)=' "$f" | xargs)"
fi
t_finish
