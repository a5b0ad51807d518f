#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
#
# The StateFlags of the active connections of a bond and its ports
# (org.freedesktop.NetworkManager.Connection.Active), with the values
# NetworkManager 1.42 shows (run with BONDD_TEST_DAEMON=nm to check them
# against it).  Profiles: static IPv4, ipv6.method disabled.
#   bond0 alone, activated      0x1d  IS_MASTER | LAYER2_READY | IP4_READY | IP6_READY
#   with one or two ports       0x3d  the same | MASTER_HAS_SLAVES
#   a port                      0x1e  IS_SLAVE | LAYER2_READY | IP4_READY | IP6_READY
#   ports gone again            0x1d  (by `con down PORT` or `device disconnect`)
set -euo pipefail
# shellcheck source=../lib.sh
. "$(dirname "$0")/../lib.sh"
t_require_guest

# NMActivationStateFlags
IS_MASTER=0x1 IS_SLAVE=0x2 LAYER2_READY=0x4 IP4_READY=0x8 IP6_READY=0x10 MASTER_HAS_SLAVES=0x20
hex() { printf '0x%x' $(($1)); }
BOND_ALONE=$(hex "$IS_MASTER | $LAYER2_READY | $IP4_READY | $IP6_READY")
BOND_WITH_PORTS=$(hex "$BOND_ALONE | $MASTER_HAS_SLAVES")
PORT=$(hex "$IS_SLAVE | $LAYER2_READY | $IP4_READY | $IP6_READY")

t_switch_create
t_veth_port eth1
t_veth_port eth2
t_dbus_start
t_bondd_start "$T_WORK/ifcfg"
t_on_fail t_diag

t_nmcli connection add type bond ifname bond0 con-name bond0 autoconnect no \
	bond.options mode=active-backup,miimon=100 \
	ipv4.method manual ipv4.addresses 192.0.2.1/24 ipv6.method disabled >/dev/null ||
	t_fail "nmcli connection add bond0"
for p in eth1 eth2; do
	t_nmcli connection add type ethernet slave-type bond master bond0 ifname $p con-name $p \
		autoconnect no >/dev/null || t_fail "nmcli connection add $p"
done

flags_are() { [[ "$(t_ac_flags "$1")" == "$2" ]]; }
# expect_flags IFACE WANT WHEN: the flags of IFACE's active connection
# reach WANT within 5 s (they follow the port's attachment).
expect_flags() {
	local deadline=$((SECONDS + 5))
	until flags_are "$1" "$2" || ((SECONDS >= deadline)); do sleep 0.1; done
	t_check_eq "StateFlags of $1's active connection ($3)" "$2" "$(t_ac_flags "$1" || echo none)"
}

t_log "1. bond0 alone"
out=$(t_nmcli connection up bond0 2>&1) || t_fail "con up bond0: $out"
t_log "$out"
t_wait_soft 10 "bond0 activated" t_con_is bond0 activated
expect_flags bond0 "$BOND_ALONE" "no port"

t_log "2. one port, then two"
out=$(t_nmcli connection up eth1 2>&1) || t_fail "con up eth1: $out"
expect_flags bond0 "$BOND_WITH_PORTS" "eth1 attached"
expect_flags eth1 "$PORT" "eth1 attached"
out=$(t_nmcli connection up eth2 2>&1) || t_fail "con up eth2: $out"
expect_flags bond0 "$BOND_WITH_PORTS" "eth1 and eth2 attached"
expect_flags eth2 "$PORT" "eth2 attached"

t_log "3. ports removed"
out=$(t_nmcli connection down eth1 2>&1) || t_fail "con down eth1: $out"
expect_flags bond0 "$BOND_WITH_PORTS" "eth1 down, eth2 still attached"
out=$(t_nmcli connection down eth2 2>&1) || t_fail "con down eth2: $out"
expect_flags bond0 "$BOND_ALONE" "both ports down"
t_check_eq "bond0 with its ports gone" activated "$(t_con_state bond0)"

t_log "4. a port attached, then disconnected as a device"
out=$(t_nmcli connection up eth1 2>&1) || t_fail "con up eth1 (again): $out"
expect_flags bond0 "$BOND_WITH_PORTS" "eth1 attached again"
out=$(t_nmcli device disconnect eth1 2>&1) || t_fail "device disconnect eth1: $out"
expect_flags bond0 "$BOND_ALONE" "eth1 disconnected"

t_finish
