#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
#
# Dummies as a bond's ports (a test bed without NICs), built with nmcli,
# with NetworkManager 1.42's semantics (BONDD_TEST_DAEMON=nm runs it against
# NetworkManager):
#   1. the bond and its two dummy ports come up by themselves (autoconnect),
#      the dummies made by their activation, one of them the active port;
#      nmcli shows them as dummies without carrier detection;
#   2. `con down` of a dummy port deletes its link; `con up` makes it again.
set -euo pipefail
# shellcheck source=../lib.sh
. "$(dirname "$0")/../lib.sh"
t_require_guest

t_dbus_start
t_bondd_start "$T_WORK/ifcfg"
t_on_fail t_diag

t_nmcli connection add type bond ifname bond1 con-name bond1 \
	bond.options mode=active-backup,miimon=100 \
	ipv4.method manual ipv4.addresses 198.51.100.1/24 ipv6.method disabled >/dev/null ||
	t_fail "nmcli connection add bond1"
for d in d0 d1; do
	t_nmcli connection add type dummy ifname $d con-name $d master bond1 slave-type bond \
		>/dev/null || t_fail "nmcli connection add $d"
done

ports_up() { [[ "$(t_bond_ports bond1 | sort | xargs)" == "d0 d1" ]]; }

t_log "1. a bond of dummies"
t_wait_soft 20 "d0 and d1 in bond1" ports_up
t_wait_soft 20 "bond1, d0, d1 activated" t_cons_activated bond1 d0 d1
t_check_eq "d0's kind" dummy "$(ip -d -j link show dev d0 | jq -r '.[0].linkinfo.info_kind')"
[[ "$(t_bond_active bond1)" == d[01] ]] || t_soft_fail "active port: $(t_bond_active bond1)"
t_check_eq "nmcli type and carrier detection of d0" "dummy no" \
	"$(LC_ALL=C nmcli -g GENERAL.TYPE,CAPABILITIES.CARRIER-DETECT device show d0 | xargs)"
ip -4 addr show dev bond1 | t_contains 198.51.100.1/24 || t_soft_fail "bond1 has no 198.51.100.1/24"

t_log "2. a dummy port down and up"
out=$(t_nmcli connection down d1 2>&1) || t_fail "con down d1: $out"
t_wait_soft 10 "d1 deleted" sh -c '! test -e /sys/class/net/d1'
t_check_eq "ports with d1 down" d0 "$(t_bond_ports bond1 | xargs)"
out=$(t_nmcli connection up d1 2>&1) || t_fail "con up d1: $out"
t_wait_soft 10 "d1 back in bond1" ports_up

# ifcfg-rh stores no dummies: the keyfile plugin has them, as with
# NetworkManager; the bond is an ifcfg file.
if [[ "$T_DAEMON" == bondd ]]; then
	grep -lx 'type=dummy' "$T_WORK"/keyfile/*.nmconnection 2>/dev/null | wc -l | grep -qx 2 ||
		t_soft_fail "d0 and d1 are not keyfiles: $(ls "$T_WORK/keyfile" "$T_WORK/ifcfg" 2>&1 | xargs)"
	test -e "$T_WORK/ifcfg/ifcfg-bond1" || t_soft_fail "bond1 is not an ifcfg file"
fi
t_finish
