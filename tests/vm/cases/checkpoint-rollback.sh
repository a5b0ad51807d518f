#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
#
# A checkpoint's timeout undoes a change that was never confirmed, on disk
# and in the kernel (run with BONDD_TEST_DAEMON=nm to check the same against
# NetworkManager 1.42):
#   1. bond0 active-backup with ports eth1 and eth2; a checkpoint of bond0,
#      eth1 and eth2 with a 20 s rollback timeout (libnm's checkpoint_create).
#   2. The bond's mode changed to balance-rr and applied, eth2's profile
#      deleted: the kernel shows balance-rr with eth1 alone.
#   3. Nobody destroys the checkpoint: when the timeout passes, the profile
#      says active-backup again (its file too), eth2's profile is back with
#      its UUID, and the kernel bond is active-backup with eth1 and eth2.
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
eth2_uuid="$(t_nmcli -g connection.uuid connection show eth2)"

kernel() {
	echo "mode=$(cut -d' ' -f1 /sys/class/net/bond0/bonding/mode) ports=$(t_bond_ports bond0 | sort | xargs)"
}
checkpoints() {
	gdbus call --system --dest org.freedesktop.NetworkManager --object-path /org/freedesktop/NetworkManager \
		--method org.freedesktop.DBus.Properties.Get org.freedesktop.NetworkManager Checkpoints
}
kernel_is() { [[ "$(kernel)" == "$1" ]]; }
no_checkpoint() { [[ "$(checkpoints)" == "(<@ao []>,)" ]]; }
t_expect_eq "kernel at first" "mode=active-backup ports=eth1 eth2" "$(kernel)"

t_log "1. checkpoint of bond0, eth1, eth2 with a 20 s rollback timeout"
out=$(DBUS_SYSTEM_BUS_ADDRESS=unix:path=/run/dbus/system_bus_socket \
	/usr/bin/python3 "$MESON_SOURCE_ROOT/tests/dbus/libnm_checkpoint.py" create 20 0 bond0 eth1 eth2) ||
	t_fail "checkpoint_create: $out"
t_log "checkpoint: $out"
[[ "$out" == *'"devices": ["bond0", "eth1", "eth2"]'* && "$out" == *'"rollback_timeout": 20'* ]] ||
	t_fail "checkpoint_create answered $out"
! no_checkpoint || t_fail "Manager.Checkpoints is empty after checkpoint_create"

t_log "2. mode balance-rr applied, eth2's profile deleted"
t_nmcli connection modify bond0 bond.options mode=balance-rr,miimon=100 >/dev/null ||
	t_fail "con modify bond0 (balance-rr)"
t_nmcli connection up bond0 >/dev/null || t_fail "con up bond0 (balance-rr)"
t_nmcli connection delete eth2 >/dev/null || t_fail "con delete eth2"
t_wait_soft 10 "balance-rr with eth1 alone" kernel_is "mode=balance-rr ports=eth1"
t_check_eq "kernel after the change" "mode=balance-rr ports=eth1" "$(kernel)"
if [[ "$T_DAEMON" == bondd ]]; then
	[[ ! -e "$T_WORK/ifcfg/ifcfg-eth2" ]] || t_fail "ifcfg-eth2 still on disk after con delete"
fi

! no_checkpoint || t_fail "the checkpoint expired before the change was complete: raise its timeout"

t_log "3. the timeout passes: everything as it was"
t_wait_for 40 "the checkpoint expired" no_checkpoint
t_check_eq "bond0's options after the rollback" "mode=active-backup,miimon=100" \
	"$(t_nmcli -g bond.options connection show bond0)"
t_check_eq "eth2's profile after the rollback" "$eth2_uuid" \
	"$(t_nmcli -g connection.uuid connection show eth2 2>&1)"
if [[ "$T_DAEMON" == bondd ]]; then
	grep -qx "BONDING_OPTS=\"mode=active-backup miimon=100\"" "$T_WORK/ifcfg/ifcfg-bond0" ||
		t_soft_fail "ifcfg-bond0 after the rollback: $(grep BONDING_OPTS "$T_WORK/ifcfg/ifcfg-bond0")"
	grep -qx "UUID=$eth2_uuid" "$T_WORK/ifcfg/ifcfg-eth2" ||
		t_soft_fail "ifcfg-eth2 not back with UUID $eth2_uuid"
fi
t_wait_soft 30 "active-backup with eth1 and eth2" ports_are "eth1 eth2"
t_check_eq "kernel after the rollback" "mode=active-backup ports=eth1 eth2" "$(kernel)"
t_wait_soft 20 "bond0 activated" t_con_is bond0 activated

t_finish
