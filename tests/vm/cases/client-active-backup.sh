#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
#
# The client side against a live active-backup bond: bondctl (status, show,
# monitor, metrics, --json, exit statuses), the Python example through
# GObject Introspection, and node_exporter's textfile collector reading
# `bondctl metrics`.
#   - healthy: `bondctl status` says ok (exit 0), Python reads OK;
#   - the active port's cable pulled: degraded (exit 1) with port-down for
#     it, a failover event whose wall-clock time is within a second of the
#     guest's clock, printed by `bondctl monitor` and by
#     examples/watch-failovers.py as it happens;
#   - ten quick flaps of a port: a port-flapping finding;
#   - metrics parsed back (both formats) and scraped by node_exporter
#     (in its own network namespace, over its loopback) agree with /proc;
#   - the history, failover included, survives a bondd restart, and
#     `bondctl monitor` follows the bond through it.
set -euo pipefail
# shellcheck source=../lib.sh
. "$(dirname "$0")/../lib.sh"
t_require_guest

t_client_setup
bondctl="$T_BONDCTL" prom_value="$T_PROM_VALUE"

ifcfg="$T_WORK/ifcfg"
t_switch_create
t_veth_port eth1
t_veth_port eth2
t_dbus_start
t_bondd_start "$ifcfg"
t_on_fail t_diag
t_on_fail "$bondctl" show bond0

t_bond_with_ports bond0 mode=active-backup,miimon=100 eth1 eth2

t_wait_for 30 "bondctl status: bond0 ok with 2 ports up" bash -c \
	"$bondctl status --json | jq -e '.[] | select(.name == \"bond0\" and .health == \"ok\" and .ports_up == 2)'"
line="$("$bondctl" status)" || t_fail "bondctl status exits $? for a healthy bond: $line"
[[ "$line" == "bond0: ok, active-backup, active port eth"[12]", 2/2 ports up" ]] ||
	t_fail "bondctl status: '$line'"
t_log "healthy: $line"

# --- Python, through GObject Introspection ---------------------------------
py_health="$(/usr/bin/python3 - <<'EOF'
import gi
gi.require_version("Bondd", "1")
from gi.repository import Bondd
bond = Bondd.Client.new(None).get_bond("bond0")
ports = [p.props.name for p in bond.get_ports()]
print(Bondd.health_to_string(bond.props.health), bond.props.mode, ",".join(ports),
      bond.props.mii_interval, len(bond.get_history(0, None)) > 0)
EOF
)" || t_fail "Python GI read of bond0 failed"
t_expect_eq "Python: health, mode, ports, miimon, history" "ok active-backup eth1,eth2 100 True" "$py_health"

# --- failover: monitor and the example watching -----------------------------
"$bondctl" monitor --json >"$T_WORK/monitor.jsonl" 2>"$T_WORK/monitor.err" &
monitor_pid=$!
t_defer kill "$monitor_pid"
/usr/bin/python3 "$MESON_SOURCE_ROOT/examples/watch-failovers.py" bond0 >"$T_WORK/example.log" 2>&1 &
example_pid=$!
t_defer kill "$example_pid"
t_on_fail cat "$T_WORK/monitor.jsonl" "$T_WORK/monitor.err"
t_wait_for 20 "bondctl monitor to listen" grep -q following "$T_WORK/monitor.err"
t_wait_for 20 "the example to listen" grep -q watching "$T_WORK/example.log"

active="$(t_bond_active bond0)"
other=eth1
[[ "$active" == eth1 ]] && other=eth2
# The guest's clock just before the pull and just after the kernel shows
# the failover (polled every 0.1 s): the failover happened in between.
pulled_us=$(($(date +%s%N) / 1000))
t_cable "$active" down
t_wait_for 10 "the kernel to fail over to $other" bash -c "[[ \$(sed -n 's/^Currently Active Slave: //p' /proc/net/bonding/bond0) == $other ]]"
seen_us=$(($(date +%s%N) / 1000))
# bondctl monitor prints it as it happens: within seconds, while running.
t_wait_for 5 "bondctl monitor to print the failover" \
	jq -e -s "map(select(.kind == \"failover\" and .bond == \"bond0\" and .port == \"$other\")) | length == 1" "$T_WORK/monitor.jsonl"
t_wait_for 5 "the example to print the failover" grep -q " bond0: $active -> $other\$" "$T_WORK/example.log"

t_wait_for 10 "bondctl status: degraded" bash -c \
	"$bondctl status --json | jq -e '.[] | select(.name == \"bond0\" and .health == \"degraded\")'"
rc=0
"$bondctl" status --json >"$T_WORK/status.json" || rc=$?
t_expect_eq "bondctl status exit status when degraded" 1 "$rc"
t_expect_eq "status --json: active port, ports up" "$other 1" \
	"$(jq -r '.[0] | "\(.active_port) \(.ports_up)"' "$T_WORK/status.json")"
jq -e ".[0].findings | map(select(.code == \"port-down\" and .port == \"$active\")) | length == 1" \
	"$T_WORK/status.json" >/dev/null || t_fail "no port-down finding for $active: $(cat "$T_WORK/status.json")"

# The failover's wall-clock time: from the history (show --json), from the
# monitor's live event, and from the example (its GDateTime) -- each within
# a second of the guest's clock around the failover (between the pull and
# the kernel showing it).
within_a_second() { # WHAT MICROSECONDS
	(($2 >= pulled_us - 1000000 && $2 <= seen_us + 1000000)) ||
		t_fail "$1: $2 us is not within a second of [$pulled_us, $seen_us] (pull, failover seen)"
}
show_rc=0
"$bondctl" show bond0 --json --events 0 >"$T_WORK/show.json" || show_rc=$?
t_expect_eq "bondctl show exit status when degraded" 1 "$show_rc"
failover_us="$(jq -r "[.events[] | select(.kind == \"failover\" and .port == \"$other\")] | last | .realtime_us" "$T_WORK/show.json")"
[[ "$failover_us" =~ ^[0-9]+$ ]] || t_fail "no failover to $other in show --json: $(cat "$T_WORK/show.json")"
within_a_second "history failover" "$failover_us"
within_a_second "monitor failover" \
	"$(jq -s -r "map(select(.kind == \"failover\")) | last | .realtime_us" "$T_WORK/monitor.jsonl")"
example_time="$(sed -n "s/^\([^ ]*\) bond0: $active -> $other\$/\1/p" "$T_WORK/example.log")"
within_a_second "example failover" "$(($(date -d "$example_time" +%s%N) / 1000))"
t_expect_eq "show --json: the port-down finding's port" "$active" \
	"$(jq -r '.findings[] | select(.code == "port-down") | .port' "$T_WORK/show.json")"
t_expect_eq "show --json: Link failure count of $active = /proc" \
	"$(t_bond_port_field bond0 "$active" "Link Failure Count")" \
	"$(jq -r ".ports[] | select(.name == \"$active\") | .link_failure_count" "$T_WORK/show.json")"
"$bondctl" show bond0 >"$T_WORK/show.txt" || true
grep -q "^bond0: degraded since " "$T_WORK/show.txt" || t_fail "show: no health line: $(head -3 "$T_WORK/show.txt")"
grep -q "failover *active port $active -> $other" "$T_WORK/show.txt" || t_fail "show: no failover event"
t_log "failover $active -> $other at $failover_us us: $((failover_us - pulled_us)) us after the pull, seen $((seen_us - failover_us)) us later"

# --- metrics while $active is down: parsed back, and through node_exporter ---
"$bondctl" metrics >"$T_WORK/metrics.prom" || t_fail "bondctl metrics exits $?"
"$bondctl" metrics --openmetrics >"$T_WORK/metrics.om" || t_fail "bondctl metrics --openmetrics exits $?"
proc_up="$(grep -c '^MII Status: up' /proc/net/bonding/bond0)"
proc_up=$((proc_up - 1)) # the bond's own line
expect_metrics() { # FORMAT FILE
	local got
	got="$("$prom_value" "$1" "$2" bondd_up 'node_bonding_slaves{master=bond0}' \
		'node_bonding_active{master=bond0}' 'bondd_bond_health{bond=bond0,health=degraded}' \
		"bondd_bond_finding{bond=bond0,code=port-down,port=$active}" \
		"bondd_port_link_failures_total{bond=bond0,port=$active}" \
		"bondd_port_up{bond=bond0,port=$other}" 'bondd_bond_info{bond=bond0,mode=active-backup}' \
		'bondd_bond_failovers_total{bond=bond0}' | tr '\n' ' ')" || t_fail "$2 does not parse as $1"
	t_expect_eq "$1 metrics" "1 2 $proc_up 1 1 $(t_bond_port_field bond0 "$active" "Link Failure Count") 1 1 $failovers " "$got"
}
"$bondctl" show bond0 --json --events 0 >"$T_WORK/show.json" || true # exit 1: degraded
failovers="$(jq '.events | map(select(.kind == "failover")) | length' "$T_WORK/show.json")"
expect_metrics text "$T_WORK/metrics.prom"
expect_metrics openmetrics "$T_WORK/metrics.om"

# node_exporter's textfile collector reads what `bondctl metrics --output`
# writes; scrape it over the loopback of a namespace of its own.
textdir="$T_WORK/textfile"
mkdir -p "$textdir"
"$bondctl" metrics --output "$textdir/bondd.prom" || t_fail "bondctl metrics --output exits $?"
ip netns add metrics
t_defer ip netns del metrics
ip -n metrics link set lo up
ip netns exec metrics prometheus-node-exporter --web.listen-address=127.0.0.1:9100 \
	--collector.disable-defaults --collector.textfile \
	--collector.textfile.directory="$textdir" >"$T_WORK/node-exporter.log" 2>&1 &
t_defer kill $!
t_wait_for 20 "node_exporter to answer" ip netns exec metrics curl -sf -o "$T_WORK/scrape.txt" \
	http://127.0.0.1:9100/metrics
got="$("$prom_value" text "$T_WORK/scrape.txt" 'node_bonding_slaves{master=bond0}' \
	'node_bonding_active{master=bond0}' 'bondd_bond_health{bond=bond0,health=degraded}' \
	"bondd_port_link_failures_total{bond=bond0,port=$active}" \
	'node_textfile_scrape_error' | tr '\n' ' ')"
t_expect_eq "node_exporter's scrape" "2 $proc_up 1 $(t_bond_port_field bond0 "$active" "Link Failure Count") 0 " "$got"

# --- ten quick flaps: port-flapping ------------------------------------------
t_cable "$active" up
for i in $(seq 10); do
	t_cable "$active" down
	t_wait_for 5 "$active without carrier ($i)" bash -c "[[ \$(cat /sys/class/net/$active/carrier) == 0 ]]"
	t_cable "$active" up
	t_wait_for 5 "$active with carrier ($i)" bash -c "[[ \$(cat /sys/class/net/$active/carrier) == 1 ]]"
done
t_wait_for 10 "a port-flapping finding for $active" bash -c \
	"$bondctl status --json | jq -e '.[0].findings | map(select(.code == \"port-flapping\" and .port == \"$active\")) | length == 1'"
t_wait_for 5 "bondctl monitor to print the port-flapping event" \
	jq -e -s "map(select(.kind == \"port-flapping\" and .port == \"$active\")) | length >= 1" "$T_WORK/monitor.jsonl"
t_log "flapping: $("$bondctl" status || true)"

# --- the history across a restart -----------------------------------------------
t_bondd_stop
t_wait_for 10 "bondctl monitor to see bond0 go" \
	jq -e -s 'map(select(.kind == "bond-removed" and .bond == "bond0")) | length == 1' "$T_WORK/monitor.jsonl"
rc=0
"$bondctl" status >/dev/null 2>&1 || rc=$?
t_expect_eq "bondctl status exit status without bondd" 2 "$rc"
t_bondd_start "$ifcfg"
t_wait_for 20 "bondctl monitor to see bond0 again" \
	jq -e -s 'map(select(.kind == "bond-added" and .bond == "bond0")) | length == 1' "$T_WORK/monitor.jsonl"
"$bondctl" show bond0 --json --events 0 >"$T_WORK/show-after.json" || true
jq -e ".events | map(select(.kind == \"failover\" and .realtime_us == $failover_us)) | length == 1" \
	"$T_WORK/show-after.json" >/dev/null || t_fail "the failover at $failover_us is not in the history after the restart"
t_log "PASS"
