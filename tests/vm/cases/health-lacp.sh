#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
#
# Health of an 802.3ad bond against a kernel LACP partner (an iproute2 bond
# in the switch netns, as in e2e-lacp.sh): "ok" once LACP has converged;
# with the partner gone (its bond deleted, its ports up again as plain
# links that send no LACPDUs) "degraded" with LACP findings, and LACP state
# changes in the history.
set -euo pipefail
# shellcheck source=../lib.sh
. "$(dirname "$0")/../lib.sh"
t_require_guest

ifcfg="$T_WORK/ifcfg"
t_switch_create
ip -n $T_SWITCH_NS link add swbond type bond mode 802.3ad lacp_rate fast miimon 100 ||
	t_fail "create the partner bond swbond"
for p in eth1 eth2; do
	ip link add $p type veth peer name sw-$p netns $T_SWITCH_NS || t_fail "create veth $p"
	t_defer ip link del $p
	ip -n $T_SWITCH_NS link set sw-$p master swbond || t_fail "enslave sw-$p to swbond"
done
ip -n $T_SWITCH_NS link set swbond up
t_dbus_start
t_bondd_start "$ifcfg"
t_on_fail t_diag
t_on_fail t_bond_props bond0

t_nmcli connection add type bond con-name bond0 ifname bond0 \
	bond.options "mode=802.3ad,lacp_rate=fast,miimon=100" \
	ipv4.method disabled ipv6.method disabled >/dev/null || t_fail "nmcli connection add bond0"
t_add_ports bond0 eth1 eth2

health() { t_bond_val bond0 Health; }
codes() { t_bond_val bond0 HealthFindings 'map(.[0] + " " + .[1]) | join(", ")'; }
t_wait_for 40 "Health ok (LACP converged; findings now: $(codes 2>/dev/null || true))" bash -c \
	". $(dirname "$0")/../lib.sh; $(declare -f health); [[ \$(health) == ok ]]"
t_log "converged: Health ok"

t_log "removing the partner: its bond deleted, its ports plain links"
ip -n $T_SWITCH_NS link del swbond
ip -n $T_SWITCH_NS link set sw-eth1 up
ip -n $T_SWITCH_NS link set sw-eth2 up
# LACP times the partner out after 3 s (fast rate); bondd reads the LACP
# state every 3 s.
t_wait_for 30 "Health degraded" bash -c ". $(dirname "$0")/../lib.sh; $(declare -f health); [[ \$(health) == degraded ]]"
t_wait_for 15 "an LACP finding" bash -c \
	". $(dirname "$0")/../lib.sh; t_bond_val bond0 HealthFindings 'map(select(.[0] | startswith(\"lacp-\"))) | length > 0' | grep -qx true"
t_log "findings: $(codes)"

path="$(t_dev_path bond0)"
events="$(busctl --system --json=short call org.freedesktop.NetworkManager "$path" \
	org.bondd.Device.Bond GetHistory u 0 | jq -c '.data[0]')"
jq -e 'map(select(.[2] == "lacp-state")) | length > 0' <<<"$events" >/dev/null ||
	t_fail "no lacp-state event in the history: $events"
jq -e 'map(select(.[2] == "health" and (.[4] | test("-> degraded")))) | length > 0' <<<"$events" >/dev/null ||
	t_fail "no health event to degraded in the history: $events"
t_log "PASS"
