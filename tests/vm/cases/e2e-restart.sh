#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
#
# Restarting bondd must not touch the traffic: while the switch pings the
# bond ten times a second, bondd gets SIGTERM and is started again.  Not
# one echo may be lost, the bond keeps its ifindex and its ports, and the
# new bondd re-adopts the running bond: the bond and both ports show as
# activated connections on their devices again.
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
	bond.options "mode=active-backup,miimon=100" \
	ipv4.method manual ipv4.addresses $addr/24 ipv6.method disabled >/dev/null ||
	t_fail "nmcli connection add bond0"
t_add_ports bond0 eth1 eth2
want_active="bond0:bond0:activated eth1:eth1:activated eth2:eth2:activated"
active() { LC_ALL=C nmcli -t -f NAME,DEVICE,STATE connection show --active | sort | xargs; }
t_wait_for 30 "bond0, eth1, eth2 activated" bash -c "$(declare -f active); [[ \$(active) == '$want_active' ]]"
t_wait_for 10 "the switch to reach $addr" t_ping $addr $T_SWITCH_NS

ifindex="$(cat /sys/class/net/bond0/ifindex)"
ports="$(t_bond_ports bond0 | sort | xargs)"
active_port="$(t_bond_active bond0)"
changes="$(cat /sys/class/net/bond0/carrier_changes)"
t_expect_eq "ports before the restart" "eth1 eth2" "$ports"

pings="$T_WORK/ping.log"
t_ping_flood $addr $T_SWITCH_NS 100000 0.1 "$pings"
t_defer kill "$T_PING_PID"
kill -0 "$T_PING_PID" 2>/dev/null || t_fail "ping from the switch exited at once: $(cat "$pings")"

t_log "SIGTERM to bondd (pid $T_BONDD_PID)"
t_bondd_stop
[[ -e /sys/class/net/bond0 ]] || t_fail "stopping bondd removed bond0"
t_expect_eq "ports while bondd is down" "$ports" "$(t_bond_ports bond0 | sort | xargs)"
cp "$T_BONDD_LOG" "${T_BONDD_LOG%.log}-first.log" # t_bondd_start truncates it
t_log "starting bondd again"
t_bondd_start "$ifcfg"
t_wait_for 20 "bond0, eth1, eth2 activated again (adopted)" bash -c \
	"$(declare -f active); [[ \$(active) == '$want_active' ]]"
t_expect_eq "nmcli device after the restart" "bond0:connected eth1:connected eth2:connected" \
	"$(LC_ALL=C nmcli -t -f DEVICE,STATE device | grep -E '^(bond0|eth1|eth2):' | sort | xargs)"
t_expect_eq "D-Bus ActivePort after the restart" "$active_port" "$(t_bond_val bond0 ActivePort)"
t_wait_for 5 "a ping through bond0 after the restart" t_ping $addr $T_SWITCH_NS
# At least 3 s of echoes, however fast the restart went.
t_ping_ran 3

kill -INT "$T_PING_PID"
wait "$T_PING_PID" || true
read -r sent got <<<"$(t_ping_received "$pings")" && [[ -n "$got" ]] || t_fail "no ping summary: $(cat "$pings")"
t_log "ping across the restart: $got of $sent answered"
((sent >= 20)) || t_fail "ping sent only $sent requests: $(cat "$pings")"
t_expect_eq "echo replies lost across the restart" 0 "$((sent - got))"

t_expect_eq "bond0 ifindex after the restart" "$ifindex" "$(cat /sys/class/net/bond0/ifindex)"
t_expect_eq "ports after the restart" "$ports" "$(t_bond_ports bond0 | sort | xargs)"
t_expect_eq "active port after the restart" "$active_port" "$(t_bond_active bond0)"
t_expect_eq "bond0 carrier changes across the restart" "$changes" "$(cat /sys/class/net/bond0/carrier_changes)"
ip -4 addr show dev bond0 | t_contains "inet $addr/24" || t_fail "bond0 lost $addr: $(ip -4 addr show dev bond0)"

t_log "PASS"
