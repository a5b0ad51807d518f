#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
#
# Health of an active-backup bond on org.bondd.Device.Bond, and the order
# of what a D-Bus watcher sees: a healthy bond reads "ok"; one activation
# sends exactly one Failover signal; pulling the active port's cable gives
# "degraded" with a port-down finding for that port, a HealthChanged
# signal, and a failover event in the history whose wall-clock time is
# within a second of the guest's clock; PropertiesChanged(ActivePort)
# arrives before the Failover signal that announces it.
set -euo pipefail
# shellcheck source=../lib.sh
. "$(dirname "$0")/../lib.sh"
t_require_guest

ifcfg="$T_WORK/ifcfg"
t_switch_create
t_veth_port eth1
t_veth_port eth2
t_dbus_start
t_bondd_start "$ifcfg"
t_on_fail t_diag
t_on_fail t_bond_props bond0

# Everything bondd says about bonds, from before the activation on.
mon="$T_WORK/monitor.log"
dbus-monitor --system "type='signal',interface='org.bondd.Device.Bond'" \
	"type='signal',interface='org.freedesktop.DBus.Properties',member='PropertiesChanged'" \
	>"$mon" 2>&1 &
t_defer kill $!
t_wait_for 10 "dbus-monitor to start" grep -q NameLost "$mon"
t_on_fail cat "$mon"

t_nmcli connection add type bond con-name bond0 ifname bond0 \
	bond.options "mode=active-backup,miimon=100,primary=eth1" \
	ipv4.method manual ipv4.addresses 192.0.2.1/24 ipv6.method disabled >/dev/null ||
	t_fail "nmcli connection add bond0"
t_add_ports bond0 eth1 eth2

proc=/proc/net/bonding/bond0
t_wait_for 30 "bond0 with eth1 and eth2, eth1 active" bash -c \
	"grep -q '^Slave Interface: eth1' $proc && grep -q '^Slave Interface: eth2' $proc &&
	 grep -q '^Currently Active Slave: eth1\$' $proc"
t_wait_for 20 "nmcli: bond0, eth1, eth2 connected" bash -c \
	"[[ \$(LC_ALL=C nmcli -t -f DEVICE,STATE device | grep -E '^(bond0|eth1|eth2):' | sort | xargs) == \
	    'bond0:connected eth1:connected eth2:connected' ]]"

health() { t_bond_val bond0 Health; }
# finding CODE PORT: the number of such findings in HealthFindings.
finding() { t_bond_val bond0 HealthFindings "map(select(.[0] == \"$1\" and .[1] == \"$2\")) | length"; }
t_wait_for 10 "Health ok" bash -c ". $(dirname "$0")/../lib.sh; $(declare -f health); [[ \$(health) == ok ]]"
t_expect_eq "HealthFindings of a healthy bond" 0 "$(t_bond_val bond0 HealthFindings length)"
since="$(t_bond_val bond0 HealthSince)"
now_us=$(($(date +%s%N) / 1000))
((since > 0 && since <= now_us)) || t_fail "HealthSince $since is not a past wall-clock time (now $now_us)"

# failovers: "old>new" of every Failover signal so far.
failovers() {
	awk '/member=Failover/ { n = 2; pair = ""; next }
	     n > 0 && /^ *string / { v = $2; gsub(/"/, "", v); pair = (n == 2 ? v : pair ">" v);
	                             if (--n == 0) print pair }' "$mon" | xargs
}
t_expect_eq "Failover signals of one activation" ">eth1" "$(failovers)"

t_log "pulling eth1's cable"
before_us=$(($(date +%s%N) / 1000))
t_cable eth1 down
t_wait_for 5 "the kernel to fail over to eth2" grep -q '^Currently Active Slave: eth2$' $proc
after_us=$(($(date +%s%N) / 1000))
t_wait_for 5 "Failover(eth1, eth2)" bash -c "$(declare -f failovers); mon=$mon; [[ \$(failovers) == '>eth1 eth1>eth2' ]]"
t_wait_for 5 "Health degraded" bash -c ". $(dirname "$0")/../lib.sh; $(declare -f health); [[ \$(health) == degraded ]]"
t_expect_eq "port-down findings for eth1" 1 "$(finding port-down eth1)"
t_expect_eq "port-down findings for eth2" 0 "$(finding port-down eth2)"
t_wait_for 5 "HealthChanged(ok, degraded)" bash -c \
	"grep -A2 'member=HealthChanged' $mon | tr -d '\n' | grep -q 'string \"ok\" *string \"degraded\"'"

# The order a watcher sees: the PropertiesChanged that carries ActivePort
# "eth2" comes before the Failover signal whose new port is eth2.
order="$(awk '/^signal/ { m = /member=Failover/ ? "F" : /member=PropertiesChanged/ ? "P" : "";
	                      n = 0; ap = 0; next }
	m == "F" && /^ *string / { if (++n == 2 && /"eth2"/) print "Failover>eth2"; next }
	m == "P" && /string "ActivePort"/ { ap = 1; next }
	m == "P" && ap && /variant/ { if (/"eth2"/) print "ActivePort=eth2"; ap = 0 }' "$mon" | xargs)"
t_expect_eq "order of ActivePort and Failover" "ActivePort=eth2 Failover>eth2" "$order"

# The history: a failover event to eth2, stamped with the guest's clock.
path="$(t_dev_path bond0)"
history() {
	busctl --system --json=short call org.freedesktop.NetworkManager "$path" \
		org.bondd.Device.Bond GetHistory u "${1:-0}" | jq -c '.data[0]'
}
t_on_fail history
t_wait_for 5 "a failover event in the history" bash -c \
	"$(declare -f history); path=$path; history | jq -e 'map(select(.[2] == \"failover\" and .[3] == \"eth2\")) | length == 1'"
rt="$(history | jq -r 'map(select(.[2] == "failover" and .[3] == "eth2")) | .[0][0]')"
t_log "failover event at $rt, cable pulled between $before_us and $after_us"
((rt >= before_us - 1000000 && rt <= after_us + 1000000)) ||
	t_fail "failover event time $rt is not within a second of the guest clock ($before_us..$after_us)"
t_expect_eq "GetHistory(1) returns the newest event only" 1 "$(history 1 | jq length)"
history | jq -e 'map(select(.[2] == "health")) | length >= 2' >/dev/null ||
	t_fail "no health events in the history: $(history)"

t_log "plugging eth1 back in"
t_cable eth1 up
t_wait_for 10 "Health ok again" bash -c ". $(dirname "$0")/../lib.sh; $(declare -f health); [[ \$(health) == ok ]]"
t_expect_eq "Failover signals" ">eth1 eth1>eth2 eth2>eth1" "$(failovers)"
t_log "PASS"
