#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
#
# The client side against an 802.3ad bond whose LACP partner is a kernel
# bond made with iproute2 in the switch namespace: `bondctl status` is ok
# and names the partner (its MAC as iproute2 reports it), Python reads the
# same through GObject Introspection, `bondctl metrics` carries the partner
# and the aggregator; with the partner gone, bondctl says degraded (exit 1)
# with an LACP finding, and the metrics follow.
set -euo pipefail
# shellcheck source=../lib.sh
. "$(dirname "$0")/../lib.sh"
t_require_guest

t_client_setup
bondctl="$T_BONDCTL" prom_value="$T_PROM_VALUE"

t_switch_create
t_lacp_partner eth1 eth2
partner_mac="$T_PARTNER_MAC"
t_dbus_start
t_bondd_start "$T_WORK/ifcfg"
t_on_fail t_diag
t_on_fail "$bondctl" show bond0

t_bond_with_ports bond0 mode=802.3ad,lacp_rate=fast,miimon=100 eth1 eth2

# The kernel's LACP settles in steps (a partner on one port, then the
# other port joining the aggregator), and bondd reads what it does not
# announce every 3 s: wait for the settled state, both ports in it.
t_wait_for 40 "bondctl status: bond0 ok with its LACP partner, both ports aggregated" bash -c \
	"$bondctl status --json | jq -e '.[] | select(.name == \"bond0\" and .health == \"ok\" and .lacp.has_partner and .lacp.ports_in_aggregator == 2)'"
line="$("$bondctl" status)" || t_fail "bondctl status exits $? for a healthy 802.3ad bond: $line"
agg="$("$bondctl" status --json | jq -r '.[0].lacp.aggregator')"
t_expect_eq "bondctl status" \
	"bond0: ok, 802.3ad, 2/2 ports up, LACP partner $partner_mac (aggregator $agg, 2 of 2 ports)" "$line"

py_read() {
	/usr/bin/python3 - <<'EOF'
import gi
gi.require_version("Bondd", "1")
from gi.repository import Bondd
bond = Bondd.Client.new(None).get_bond("bond0")
print(bond.props.ad_partner_mac, bond.props.ad_num_ports,
      " ".join(f"{p.props.name}:{p.props.partner_system_mac}:{p.props.aggregator_id}"
               for p in bond.get_ports()))
EOF
}
want="$partner_mac 2 eth1:$partner_mac:$agg eth2:$partner_mac:$agg"
# The ports' partner details come from the same 3 s reading: at most one
# more reading to wait for.
for _ in $(seq 50); do
	py="$(py_read)" || t_fail "Python GI read of bond0 failed"
	[[ "$py" != "$want" ]] || break
	sleep 0.2
done
t_expect_eq "Python: partner, ports in the aggregator, per port partner and aggregator" \
	"$want" "$py"

"$bondctl" metrics >"$T_WORK/metrics.prom" || t_fail "bondctl metrics exits $?"
got="$("$prom_value" text "$T_WORK/metrics.prom" \
	"bondd_bond_lacp_partner{bond=bond0,partner_mac=$partner_mac}" \
	'bondd_bond_lacp_active_aggregator{bond=bond0}' \
	"bondd_port_lacp_partner{bond=bond0,port=eth1,partner_mac=$partner_mac}" \
	'bondd_port_lacp_aggregator_id{bond=bond0,port=eth2}' \
	'bondd_port_lacp_in_active_aggregator{bond=bond0,port=eth2}' \
	'bondd_bond_health{bond=bond0,health=ok}' | tr '\n' ' ')"
t_expect_eq "metrics with the partner" "1 $agg 1 $agg 1 1 " "$got"

t_log "removing the partner: its bond deleted, its ports plain links"
ip -n $T_SWITCH_NS link del swbond
ip -n $T_SWITCH_NS link set sw-eth1 up
ip -n $T_SWITCH_NS link set sw-eth2 up
t_wait_for 40 "bondctl status: degraded with an LACP finding" bash -c \
	"$bondctl status --json | jq -e '.[0] | select(.health == \"degraded\") | .findings | map(select(.code | startswith(\"lacp-\"))) | length > 0'"
# The first LACP finding may come (ports churning) while the kernel still
# shows the old partner: the line settles once its partner has timed out.
t_wait_soft 40 "bondctl status: no LACP partner" bash -c \
	"$bondctl status | grep -q '^bond0: degraded, 802.3ad, 2/2 ports up, no LACP partner\$'"
rc=0
"$bondctl" status >"$T_WORK/status.txt" || rc=$?
t_expect_eq "bondctl status exit status without a partner" 1 "$rc"
grep -q "^bond0: degraded, 802.3ad, 2/2 ports up, no LACP partner\$" "$T_WORK/status.txt" ||
	t_fail "bondctl status without a partner: $(cat "$T_WORK/status.txt")"
"$bondctl" metrics --openmetrics >"$T_WORK/metrics.om" || t_fail "bondctl metrics exits $?"
got="$("$prom_value" openmetrics "$T_WORK/metrics.om" \
	'bondd_bond_health{bond=bond0,health=degraded}' 'bondd_bond_lacp_partner{bond=bond0}' \
	'bondd_port_lacp_partner{bond=bond0,port=eth1}' | tr '\n' ' ')"
t_expect_eq "metrics without the partner" "1 0 0 " "$got"
t_log "without a partner: $(jq -c '[.[0].findings[].code]' <<<"$("$bondctl" status --json || true)")"
t_log "PASS"
