#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
#
# Proves the harness: the guest's kernel bonds, and pulling the active
# port's cable makes an active-backup bond fail over to the other port.
# Uses only iproute2 and /proc, no bondd.
set -euo pipefail
# shellcheck source=../lib.sh
. "$(dirname "$0")/../lib.sh"
t_require_guest

[[ -e /sys/class/net/bonding_masters ]] || t_fail "bonding driver not loaded"
t_expect_eq "bonds present after loading with max_bonds=0" "" "$(cat /sys/class/net/bonding_masters)"

t_switch_create
t_veth_port eth1
t_veth_port eth2

ip link add bond0 type bond mode active-backup miimon 100 || t_fail "ip link add bond0"
t_defer ip link del bond0
ip link set eth1 master bond0 || t_fail "enslave eth1"
ip link set eth2 master bond0 || t_fail "enslave eth2"
ip link set bond0 up
ip addr add 192.0.2.1/24 dev bond0

proc=/proc/net/bonding/bond0
t_wait_for 10 "bond0 to pick an active port" bash -c "grep -q '^Currently Active Slave: eth' $proc"
grep -q '^Bonding Mode: fault-tolerance (active-backup)$' $proc || t_fail "$proc: mode is not active-backup"
grep -q '^MII Polling Interval (ms): 100$' $proc || t_fail "$proc: miimon is not 100"
t_expect_eq "ports of bond0" "eth1 eth2" "$(t_bond_ports bond0 | tr '\n' ' ' | sed 's/ $//')"
t_wait_for 10 "both ports' MII status up" bash -c \
	". $(dirname "$0")/../lib.sh; [[ \$(t_bond_port_field bond0 eth1 'MII Status') == up && \$(t_bond_port_field bond0 eth2 'MII Status') == up ]]"

active="$(t_bond_active bond0)"
case "$active" in
eth1) other=eth2 ;;
eth2) other=eth1 ;;
*) t_fail "unexpected active port '$active'" ;;
esac
t_log "active port: $active"
t_wait_for 10 "ping $T_SWITCH_ADDR4 through bond0 (via $active)" t_ping "$T_SWITCH_ADDR4"
# The kernel's netlink view agrees with procfs.
ip -d link show bond0 | t_contains "active_slave $active " || t_fail "netlink active_slave is not $active"

t_log "pulling the cable of $active"
t_cable "$active" down
t_wait_for 5 "failover away from $active" bash -c "! grep -q '^Currently Active Slave: $active\$' $proc"
t_expect_eq "active port after failover" "$other" "$(t_bond_active bond0)"
t_wait_for 5 "$active MII status down" bash -c \
	". $(dirname "$0")/../lib.sh; [[ \$(t_bond_port_field bond0 $active 'MII Status') == down ]]"
t_expect_eq "$active link failure count" 1 "$(t_bond_port_field bond0 "$active" 'Link Failure Count')"
t_expect_eq "$other link failure count" 0 "$(t_bond_port_field bond0 "$other" 'Link Failure Count')"
ip -d link show bond0 | t_contains "active_slave $other " || t_fail "netlink active_slave is not $other"
t_wait_for 10 "ping $T_SWITCH_ADDR4 through bond0 (via $other)" t_ping "$T_SWITCH_ADDR4"

t_log "plugging $active back in"
t_cable "$active" up
t_wait_for 5 "$active MII status up again" bash -c \
	". $(dirname "$0")/../lib.sh; [[ \$(t_bond_port_field bond0 $active 'MII Status') == up ]]"
# No primary: active-backup stays on the port that took over.
t_expect_eq "active port after the cable is back" "$other" "$(t_bond_active bond0)"

t_log "PASS"
