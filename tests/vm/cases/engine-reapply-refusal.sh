#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
#
# `nmcli device reapply` refuses bond options the kernel cannot change on a
# live bond with ports, as NetworkManager 1.42 does (run with
# BONDD_TEST_DAEMON=nm to check these assertions against it):
#   1. bond0 active-backup (eth1, eth2); the profile's mode changed to
#      balance-rr: reapply fails with exit status 6 and NetworkManager's
#      words, on D-Bus with org.freedesktop.NetworkManager.Device.
#      IncompatibleConnection; the kernel bond is untouched (same ifindex,
#      mode, ports) and still activated.
#   2. The same for fail_over_mac.
#   3. `nmcli con up bond0` applies the new mode on the same link, with both
#      ports back.
set -euo pipefail
# shellcheck source=../lib.sh
. "$(dirname "$0")/../lib.sh"
t_require_guest

t_switch_create
t_veth_port eth1
t_veth_port eth2
t_dbus_start
t_bondd_start "$T_WORK/ifcfg"
t_on_fail t_diag

t_nmcli connection add type bond ifname bond0 con-name bond0 \
	bond.options mode=active-backup,miimon=100 \
	ipv4.method manual ipv4.addresses 192.0.2.1/24 ipv6.method disabled >/dev/null ||
	t_fail "nmcli connection add bond0"
t_add_ports bond0 eth1 eth2
ports_are() { [[ "$(t_bond_ports bond0 | sort | xargs)" == "$1" ]]; }
t_wait_for 30 "eth1 and eth2 in bond0" ports_are "eth1 eth2"
t_wait_for 20 "bond0 activated" t_con_is bond0 activated
ifindex="$(cat /sys/class/net/bond0/ifindex)"

kernel() {
	echo "ifindex=$(cat /sys/class/net/bond0/ifindex) mode=$(cut -d' ' -f1 /sys/class/net/bond0/bonding/mode)" \
		"fail_over_mac=$(cut -d' ' -f1 /sys/class/net/bond0/bonding/fail_over_mac)" \
		"ports=$(t_bond_ports bond0 | sort | xargs)"
}
before="ifindex=$ifindex mode=active-backup fail_over_mac=none ports=eth1 eth2"
t_expect_eq "kernel at first" "$before" "$(kernel)"

# refused OPTION BOND_OPTIONS: the profile gets BOND_OPTIONS, reapply is
# refused over nmcli and D-Bus, nothing changes.
refused() {
	local opt="$1" rc=0 out dev
	dev="$(t_dev_path bond0)"
	t_nmcli connection modify bond0 bond.options "$2" >/dev/null || t_fail "con modify bond0 bond.options $2"
	out=$(t_nmcli device reapply bond0 2>&1) || rc=$?
	t_log "nmcli device reapply bond0 ($2): exit $rc: $out"
	t_check_eq "nmcli device reapply ($opt) exit status" 6 "$rc"
	t_check_eq "nmcli device reapply ($opt) message" \
		"Error: Reapplying connection to device 'bond0' ($dev) failed: Can't reapply '$opt' bond option" "$out"
	rc=0
	out=$(gdbus call --system --dest org.freedesktop.NetworkManager --object-path "$dev" \
		--method org.freedesktop.NetworkManager.Device.Reapply '{}' 0 0 2>&1) || rc=$?
	t_log "Device.Reapply ($2): $out"
	[[ $rc != 0 ]] || t_soft_fail "Device.Reapply ($opt) succeeded: $out"
	[[ "$out" == *"GDBus.Error:org.freedesktop.NetworkManager.Device.IncompatibleConnection: Can't reapply '$opt' bond option"* ]] ||
		t_soft_fail "Device.Reapply ($opt): not IncompatibleConnection with NetworkManager's message: $out"
	t_check_eq "kernel after the refused reapply ($opt)" "$before" "$(kernel)"
	t_check_eq "bond0 after the refused reapply ($opt)" activated "$(t_con_state bond0)"
	out=$(gdbus call --system --dest org.freedesktop.NetworkManager --object-path "$dev" \
		--method org.freedesktop.NetworkManager.Device.GetAppliedConnection 0 2>&1) || true
	[[ "$out" == *"'mode': <'active-backup'>"* || "$out" == *"'mode': 'active-backup'"* ]] &&
		[[ "$out" != *fail_over_mac* ]] ||
		t_soft_fail "applied connection after the refused reapply ($opt): $(grep -o "'bond': {[^}]*}[^}]*}" <<<"$out")"
}

t_log "1. mode active-backup -> balance-rr by reapply: refused"
refused mode mode=balance-rr,miimon=100

t_log "2. fail_over_mac none -> active by reapply: refused"
refused fail_over_mac mode=active-backup,miimon=100,fail_over_mac=active

t_log "3. 'con up bond0' applies the new mode"
t_nmcli connection modify bond0 bond.options mode=balance-rr,miimon=100 >/dev/null ||
	t_fail "con modify bond0 (balance-rr)"
out=$(t_nmcli connection up bond0 2>&1) || t_fail "con up bond0 (balance-rr): $out"
t_wait_soft 20 "eth1 and eth2 back in bond0" ports_are "eth1 eth2"
t_check_eq "kernel after 'con up'" "ifindex=$ifindex mode=balance-rr fail_over_mac=none ports=eth1 eth2" "$(kernel)"
t_wait_soft 10 "bond0 activated in balance-rr" t_con_is bond0 activated

t_finish
