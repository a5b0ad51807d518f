#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
#
# Which ports a (re-)activated bond takes back, as NetworkManager 1.42 does
# it (run with BONDD_TEST_DAEMON=nm to check these assertions against it):
#   1. bond0 (active-backup, miimon 100, static IPv4) and port profiles eth1,
#      eth2 (connection.autoconnect yes): both come up by themselves.
#   2. `con down eth2` releases eth2; `con up bond0` (re-activation of the
#      active controller) releases eth1 in the kernel and takes it back with
#      a new active connection, while eth2, taken down by hand, stays out.
#   3. An explicit `con up eth2` brings it back.
#   4. A port profile with connection.autoconnect no (eth3) is not attached
#      when the bond is re-activated ...
#   5. ... unless the bond has connection.autoconnect-slaves yes: then every
#      port profile comes up with it, eth3 and eth2 (taken down by hand
#      again) included.
#   6. eth1's profile made standalone (connection.master and slave-type
#      cleared, a static IPv4 address) and brought up: eth1 leaves the bond
#      and carries the address itself; the bond stays activated.
#   7. autoconnect-slaves back to default, `con up bond0`: eth2 comes back,
#      eth3 (active, but its profile autoconnect no) does not.
set -euo pipefail
# shellcheck source=../lib.sh
. "$(dirname "$0")/../lib.sh"
t_require_guest

t_switch_create
t_veth_port eth1
t_veth_port eth2
t_veth_port eth3
t_dbus_start
t_bondd_start "$T_WORK/ifcfg"
t_on_fail t_diag

t_nmcli connection add type bond ifname bond0 con-name bond0 \
	bond.options mode=active-backup,miimon=100 \
	ipv4.method manual ipv4.addresses 192.0.2.1/24 ipv6.method disabled >/dev/null ||
	t_fail "nmcli connection add bond0"
t_add_ports bond0 eth1 eth2

ports_are() { [[ "$(t_bond_ports bond0 | sort | xargs)" == "$1" ]]; }
# port_back PORT OLD_AC: PORT is in bond0 again, activated, with an active
# connection other than OLD_AC.
port_back() {
	[[ "$(t_master "$1")" == bond0 && "$(t_dev_state "$1")" == 100 ]] || return 1
	local ac
	ac="$(t_ac_path "$1")" || return 1
	[[ -n "$ac" && "$ac" != / && "$ac" != "$2" ]]
}

t_log "1. bond0 and its autoconnect ports come up by themselves"
t_wait_for 30 "eth1 and eth2 in bond0 (autoconnect)" ports_are "eth1 eth2"
t_wait_for 20 "bond0 activated" t_con_is bond0 activated
t_wait_for 10 "eth1 and eth2 activated" bash -c \
	"[[ \$(LC_ALL=C nmcli -t -f DEVICE,STATE device | grep -E '^eth[12]:' | sort | xargs) == 'eth1:connected eth2:connected' ]]"
ifindex="$(cat /sys/class/net/bond0/ifindex)"

t_log "2. 'con down eth2', then 'con up bond0': eth1 comes back, eth2 does not"
out=$(t_nmcli connection down eth2 2>&1) || t_fail "con down eth2: $out"
t_expect_eq "eth2's master after 'con down eth2'" "" "$(t_master eth2)"
t_expect_eq "ports after 'con down eth2'" eth1 "$(t_bond_ports bond0 | xargs)"
eth1_ac="$(t_ac_path eth1)"
ip -o monitor link >"$T_WORK/monitor" 2>&1 &
mon=$!
t_defer kill "$mon"
out=$(t_nmcli connection up bond0 2>&1) || t_fail "con up bond0 (re-activation): $out"
t_log "$out"
t_wait_soft 15 "eth1 back in bond0 with a new active connection" port_back eth1 "$eth1_ac"
t_wait_soft 10 "bond0 activated again" t_con_is bond0 activated
kill "$mon" 2>/dev/null || true
# The kernel announced eth1 without a master at some point: it was released.
grep -E '^[0-9]+: eth1[@:]' "$T_WORK/monitor" | grep -qv ' master bond0 ' ||
	t_soft_fail "eth1 was never released from bond0 during the re-activation (ip monitor saw $(grep -cE '^[0-9]+: eth1[@:]' "$T_WORK/monitor") messages about eth1, none without master bond0)"
t_check_eq "bond0's ifindex after re-activation" "$ifindex" "$(cat /sys/class/net/bond0/ifindex 2>/dev/null)"
# Nothing brings eth2 back by itself: give it the time eth1 needed and more.
sleep 3
t_check_eq "eth2's master after re-activating bond0" "" "$(t_master eth2)"
t_check_eq "eth2 device state after re-activating bond0" 30 "$(t_dev_state eth2)"
t_check_eq "ports after re-activating bond0" eth1 "$(t_bond_ports bond0 | sort | xargs)"

t_log "3. an explicit 'con up eth2' brings it back"
out=$(t_nmcli connection up eth2 2>&1) || t_fail "con up eth2: $out"
t_check_eq "eth2's master after 'con up eth2'" bond0 "$(t_master eth2)"
t_wait_soft 10 "eth2 activated" bash -c '[[ $(LC_ALL=C nmcli -g GENERAL.STATE device show eth2) == 100* ]]'

t_log "4. a port profile with autoconnect no is not attached by 'con up bond0'"
t_nmcli connection add type ethernet slave-type bond master bond0 ifname eth3 con-name eth3 \
	autoconnect no >/dev/null || t_fail "nmcli connection add eth3"
eth1_ac="$(t_ac_path eth1)" eth2_ac="$(t_ac_path eth2)"
out=$(t_nmcli connection up bond0 2>&1) || t_fail "con up bond0 (with eth3): $out"
t_wait_soft 15 "eth1 back in bond0" port_back eth1 "$eth1_ac"
t_wait_soft 15 "eth2 back in bond0" port_back eth2 "$eth2_ac"
sleep 2
t_check_eq "eth3's master (profile autoconnect no)" "" "$(t_master eth3)"
t_check_eq "ports with eth3's profile autoconnect no" "eth1 eth2" "$(t_bond_ports bond0 | sort | xargs)"

t_log "5. connection.autoconnect-slaves yes: every port profile comes up with the bond"
out=$(t_nmcli connection down eth2 2>&1) || t_fail "con down eth2 (again): $out"
t_nmcli connection modify bond0 connection.autoconnect-slaves yes >/dev/null ||
	t_fail "con modify bond0 connection.autoconnect-slaves yes"
out=$(t_nmcli connection up bond0 2>&1) || t_fail "con up bond0 (autoconnect-slaves yes): $out"
t_wait_soft 20 "eth1, eth2 (down by hand) and eth3 (autoconnect no) in bond0" ports_are "eth1 eth2 eth3"
t_wait_soft 10 "eth3 activated" bash -c '[[ $(LC_ALL=C nmcli -g GENERAL.STATE device show eth3) == 100* ]]'
t_nmcli connection modify bond0 connection.autoconnect-slaves default >/dev/null ||
	t_fail "con modify bond0 connection.autoconnect-slaves default"

t_log "6. eth1's profile made standalone and brought up: eth1 leaves the bond"
out=$(t_nmcli connection modify eth1 connection.master "" connection.slave-type "" \
	ipv4.method manual ipv4.addresses 192.0.2.11/24 ipv6.method disabled 2>&1) ||
	t_fail "con modify eth1 (standalone): $out"
t_check_eq "eth1's master right after the modify (nothing live changes)" bond0 "$(t_master eth1)"
out=$(t_nmcli connection up eth1 2>&1) || t_fail "con up eth1 (standalone): $out"
t_check_eq "eth1's master after 'con up eth1' standalone" "" "$(t_master eth1)"
ip -4 addr show dev eth1 | t_contains 'inet 192.0.2.11/24' ||
	t_soft_fail "192.0.2.11/24 not on eth1: $(ip -4 -br addr show dev eth1)"
t_check_eq "eth1 device state (standalone)" 100 "$(t_dev_state eth1)"
t_check_eq "eth1's connection" eth1 "$(LC_ALL=C nmcli -g GENERAL.CONNECTION device show eth1)"
t_check_eq "ports after eth1 left" "eth2 eth3" "$(t_bond_ports bond0 | sort | xargs)"
t_check_eq "bond0 after eth1 left" activated "$(t_con_state bond0)"

t_log "7. re-activation drops a port whose profile is autoconnect no, even an active one"
eth2_ac="$(t_ac_path eth2)"
out=$(t_nmcli connection up bond0 2>&1) || t_fail "con up bond0 (eth3 active, autoconnect no): $out"
t_wait_soft 15 "eth2 back in bond0" port_back eth2 "$eth2_ac"
sleep 2
t_check_eq "eth3's master after re-activating bond0" "" "$(t_master eth3)"
t_check_eq "eth3 device state after re-activating bond0" 30 "$(t_dev_state eth3)"
t_check_eq "ports at the end" eth2 "$(t_bond_ports bond0 | sort | xargs)"
t_check_eq "eth1 still standalone" "" "$(t_master eth1)"

t_finish
