#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
#
# Active-backup failover by the MII monitor, seen from everywhere at once,
# while the switch pings the bond.  bondd-failover.sh checks the Failover
# signal and ActivePort; this case adds what an operator watches: traffic
# keeps flowing (losses counted), the port's link failure count on D-Bus
# (Ports dict) matches /proc, its MiiStatus goes down and up again on D-Bus,
# ActivePort changes are announced with PropertiesChanged, nmcli shows the
# port unavailable while its cable is out, and the bond fails back to the
# primary when the cable returns.
set -euo pipefail
# shellcheck source=../lib.sh
. "$(dirname "$0")/../lib.sh"
t_require_guest

ifcfg="$T_WORK/ifcfg"
addr=192.0.2.1
t_switch_create
t_veth_port eth1
t_veth_port eth2
t_dbus_start
t_bondd_start "$ifcfg"
t_on_fail t_diag

t_nmcli connection add type bond con-name bond0 ifname bond0 \
	bond.options "mode=active-backup,miimon=100,primary=eth1" \
	ipv4.method manual ipv4.addresses $addr/24 ipv6.method disabled >/dev/null ||
	t_fail "nmcli connection add bond0"
t_add_ports bond0 eth1 eth2

proc=/proc/net/bonding/bond0
t_wait_for 30 "bond0 in the kernel with eth1 and eth2, eth1 active" bash -c \
	"grep -q '^Slave Interface: eth1' $proc && grep -q '^Slave Interface: eth2' $proc &&
	 grep -q '^Currently Active Slave: eth1\$' $proc"
t_wait_for 20 "nmcli: bond0, eth1, eth2 connected" bash -c \
	"[[ \$(LC_ALL=C nmcli -t -f DEVICE,STATE device | grep -E '^(bond0|eth1|eth2):' | sort | xargs) == \
	    'bond0:connected eth1:connected eth2:connected' ]]"
t_wait_for 10 "the switch to reach $addr" t_ping $addr $T_SWITCH_NS

# ports_view: "PORT:MiiStatus:LinkFailureCount" for both ports, from D-Bus
# and from /proc, so that one comparison shows both sides.
dbus_ports() {
	t_bond_val bond0 Ports \
		'to_entries | map("\(.key):\(.value.MiiStatus.data):\(.value.LinkFailureCount.data)") | sort | join(" ")'
}
proc_ports() {
	local p out=()
	for p in eth1 eth2; do
		out+=("$p:$(t_bond_port_field bond0 $p 'MII Status'):$(t_bond_port_field bond0 $p 'Link Failure Count')")
	done
	echo "${out[*]}"
}
t_expect_eq "/proc ports before the failure" "eth1:up:0 eth2:up:0" "$(proc_ports)"
t_expect_eq "D-Bus Ports before the failure" "eth1:up:0 eth2:up:0" "$(dbus_ports)"
t_expect_eq "D-Bus ActivePort" eth1 "$(t_bond_val bond0 ActivePort)"

path="$(t_dev_path bond0)"
mon="$T_WORK/monitor.log"
dbus-monitor --system "type='signal',interface='org.bondd.Device.Bond',member='Failover'" \
	"type='signal',path='$path',interface='org.freedesktop.DBus.Properties',member='PropertiesChanged'" \
	>"$mon" 2>&1 &
t_defer kill $!
t_wait_for 10 "dbus-monitor to start" grep -q NameLost "$mon"

# failovers: "old>new" of every Failover signal; active_changes: every
# ActivePort value announced by PropertiesChanged of org.bondd.Device.Bond.
failovers() {
	awk '/member=Failover/ { n = 2; pair = ""; next }
	     n > 0 && /^ *string / { gsub(/"/, "", $2); pair = pair (pair == "" ? "" : ">") $2;
	                             if (--n == 0) print pair }' "$mon" | xargs
}
active_changes() {
	awk '/member=PropertiesChanged/ { bondif = 0; next }
	     /string "org.bondd.Device.Bond"/ { bondif = 1; next }
	     bondif && /string "ActivePort"/ { want = 1; next }
	     want && /variant/ { v = $3; gsub(/"/, "", v); print (v == "" ? "none" : v); want = 0 }' "$mon" | xargs
}

# 10 pings a second from the switch for the whole failover and failback
# (stopped with SIGINT below, which makes ping print its summary).
pings="$T_WORK/ping.log"
t_ping_flood $addr $T_SWITCH_NS 100000 0.1 "$pings"
t_defer kill "$T_PING_PID"
kill -0 "$T_PING_PID" 2>/dev/null || t_fail "ping from the switch exited at once: $(cat "$pings")"

t_log "pulling eth1's cable"
t_cable eth1 down
t_wait_for 5 "the kernel to fail over to eth2" grep -q '^Currently Active Slave: eth2$' $proc
t_wait_for 5 "a Failover(eth1, eth2) signal" bash -c "grep -q 'member=Failover' $mon"
t_expect_eq "Failover signals" "eth1>eth2" "$(failovers)"
t_wait_for 5 "ActivePort eth2 on D-Bus" bash -c \
	". $(dirname "$0")/../lib.sh; [[ \$(t_bond_val bond0 ActivePort) == eth2 ]]"
t_wait_for 5 "PropertiesChanged announcing ActivePort eth2" bash -c \
	"grep -A3 'string \"ActivePort\"' $mon | grep -q 'variant *string \"eth2\"'"
t_expect_eq "/proc ports with eth1's cable out" "eth1:down:1 eth2:up:0" "$(proc_ports)"
t_wait_for 5 "D-Bus Ports to agree with /proc (eth1 down, 1 failure)" bash -c \
	". $(dirname "$0")/../lib.sh; $(declare -f dbus_ports); [[ \$(dbus_ports) == 'eth1:down:1 eth2:up:0' ]]"
t_wait_for 10 "nmcli: eth1 unavailable (no carrier)" bash -c \
	"LC_ALL=C nmcli -t -f DEVICE,STATE device | grep -qx 'eth1:unavailable'"
t_expect_eq "nmcli: bond0 still connected" "bond0:connected" \
	"$(LC_ALL=C nmcli -t -f DEVICE,STATE device | grep '^bond0:')"

t_log "plugging eth1 back in (primary_reselect=always: fail back)"
t_cable eth1 up
t_wait_for 5 "the kernel to fail back to eth1" grep -q '^Currently Active Slave: eth1$' $proc
t_wait_for 5 "a second Failover signal" bash -c "[[ \$(grep -c 'member=Failover' $mon) == 2 ]]"
t_expect_eq "Failover signals" "eth1>eth2 eth2>eth1" "$(failovers)"
t_wait_for 5 "ActivePort eth1 on D-Bus" bash -c \
	". $(dirname "$0")/../lib.sh; [[ \$(t_bond_val bond0 ActivePort) == eth1 ]]"
t_expect_eq "ActivePort values announced by PropertiesChanged" "eth2 eth1" "$(active_changes)"
t_expect_eq "/proc ports after the cable is back" "eth1:up:1 eth2:up:0" "$(proc_ports)"
t_wait_for 5 "D-Bus Ports to agree with /proc (eth1 up again, count kept)" bash -c \
	". $(dirname "$0")/../lib.sh; $(declare -f dbus_ports); [[ \$(dbus_ports) == 'eth1:up:1 eth2:up:0' ]]"
t_wait_for 10 "nmcli: eth1 connected again" bash -c \
	"LC_ALL=C nmcli -t -f DEVICE,STATE device | grep -qx 'eth1:connected'"

t_wait_for 10 "traffic through eth1 again" t_ping $addr $T_SWITCH_NS
# At least 6 s of echoes, however fast the failover and failback went.
t_ping_ran 6
kill -INT "$T_PING_PID"
wait "$T_PING_PID" || true
read -r sent got <<<"$(t_ping_received "$pings")" && [[ -n "$got" ]] || t_fail "no ping summary: $(cat "$pings")"
t_log "ping through failover and failback: $got of $sent answered"
((sent >= 50)) || t_fail "ping sent only $sent requests: $(cat "$pings")"
((sent - got <= 5)) || t_fail "ping lost $((sent - got)) of $sent across failover and failback (at most 5 allowed)"

t_log "PASS"
