#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
#
# Changing a live bond with nmcli:
#   1. +bond.options miimon=200, then `nmcli con up bond0`: the kernel runs
#      miimon 200 on the same link (same ifindex, same ports);
#   2. miimon=300 with `nmcli device reapply bond0`: the same;
#   3. a mode change (active-backup -> balance-xor) and `con up`: the kernel
#      runs the new mode with both ports back in;
#   4. `nmcli con down eth2` releases eth2 in the kernel; deleting the
#      profile of eth1 releases eth1 and removes its file;
#   5. `nmcli con down bond0` removes the link.
set -euo pipefail
# shellcheck source=../lib.sh
. "$(dirname "$0")/../lib.sh"
t_require_guest

ifcfg="$T_WORK/ifcfg"
proc=/proc/net/bonding/bond0
t_switch_create
t_veth_port eth1
t_veth_port eth2
t_dbus_start
t_bondd_start "$ifcfg"
t_on_fail t_diag

t_nmcli connection add type bond con-name bond0 ifname bond0 \
	bond.options "mode=active-backup,miimon=100" \
	ipv4.method manual ipv4.addresses 192.0.2.1/24 ipv6.method disabled >/dev/null ||
	t_fail "nmcli connection add bond0"
t_add_ports bond0 eth1 eth2
ports_are() { [[ "$(t_bond_ports bond0 | sort | xargs)" == "$1" ]]; }
t_wait_for 30 "bond0 in the kernel with eth1 and eth2" ports_are "eth1 eth2"
t_wait_for 20 "nmcli: bond0 activated" bash -c \
	"[[ \$(LC_ALL=C nmcli -g GENERAL.STATE connection show bond0) == activated ]]"
ifindex="$(cat /sys/class/net/bond0/ifindex)"
t_expect_eq "miimon at first" 100 "$(cat /sys/class/net/bond0/bonding/miimon)"

# sysfs_state: what the kernel runs, in one line.
sysfs_state() {
	echo "ifindex=$(cat /sys/class/net/bond0/ifindex) mode=$(cut -d' ' -f1 /sys/class/net/bond0/bonding/mode)" \
		"miimon=$(cat /sys/class/net/bond0/bonding/miimon) ports=$(xargs -n1 </sys/class/net/bond0/bonding/slaves | sort | xargs)"
}

t_log "1. miimon 200 by 'con modify +bond.options' and 'con up'"
out=$(t_nmcli connection modify bond0 +bond.options miimon=200 2>&1) || t_fail "con modify +bond.options miimon=200: $out"
grep -q '^BONDING_OPTS=.*miimon=200' "$ifcfg/ifcfg-bond0" ||
	t_fail "ifcfg-bond0 does not hold miimon=200: $(grep BONDING_OPTS "$ifcfg/ifcfg-bond0")"
t_expect_eq "kernel before 'con up' (modify alone changes nothing live)" \
	"ifindex=$ifindex mode=active-backup miimon=100 ports=eth1 eth2" "$(sysfs_state)"
out=$(t_nmcli connection up bond0 2>&1) || t_fail "con up bond0 (miimon 200): $out"
t_wait_for 10 "ports eth1 and eth2 back in bond0" ports_are "eth1 eth2"
t_expect_eq "kernel after 'con up'" "ifindex=$ifindex mode=active-backup miimon=200 ports=eth1 eth2" "$(sysfs_state)"
t_expect_eq "/proc MII Polling Interval" 200 "$(sed -n 's/^MII Polling Interval (ms): //p' $proc)"
ip -d link show bond0 | t_contains " miimon 200 " || t_fail "ip -d link: miimon is not 200: $(ip -d link show bond0)"
t_wait_for 10 "nmcli: bond0 activated after 'con up'" bash -c \
	"[[ \$(LC_ALL=C nmcli -g GENERAL.STATE connection show bond0) == activated ]]"

t_log "2. miimon 300 by 'device reapply'"
t_nmcli connection modify bond0 +bond.options miimon=300 >/dev/null || t_fail "con modify miimon=300"
out=$(t_nmcli device reapply bond0 2>&1) || t_fail "device reapply bond0: $out"
t_expect_eq "kernel after 'device reapply'" "ifindex=$ifindex mode=active-backup miimon=300 ports=eth1 eth2" "$(sysfs_state)"
t_expect_eq "D-Bus MiiInterval after reapply" 300 "$(t_bond_val bond0 MiiInterval)"

t_log "3. mode active-backup -> balance-xor"
out=$(t_nmcli connection modify bond0 bond.options "mode=balance-xor,miimon=100" 2>&1) || t_fail "con modify mode: $out"
out=$(t_nmcli connection up bond0 2>&1) || t_fail "con up bond0 (balance-xor): $out"
t_wait_for 10 "ports eth1 and eth2 back in bond0 after the mode change" ports_are "eth1 eth2"
t_expect_eq "/proc Bonding Mode" "load balancing (xor)" "$(sed -n 's/^Bonding Mode: //p' $proc)"
t_expect_eq "sysfs mode" "balance-xor 2" "$(cat /sys/class/net/bond0/bonding/mode)"
t_expect_eq "sysfs miimon" 100 "$(cat /sys/class/net/bond0/bonding/miimon)"
ip -d link show bond0 | t_contains "bond mode balance-xor " || t_fail "ip -d link: not balance-xor: $(ip -d link show bond0)"
t_log "ifindex after the mode change: $(cat /sys/class/net/bond0/ifindex) (was $ifindex)"
t_wait_for 10 "nmcli: bond0, eth1, eth2 connected after the mode change" bash -c \
	"[[ \$(LC_ALL=C nmcli -t -f DEVICE,STATE device | grep -E '^(bond0|eth1|eth2):' | sort | xargs) == \
	    'bond0:connected eth1:connected eth2:connected' ]]"
t_expect_eq "D-Bus Mode after the mode change" balance-xor "$(t_bond_val bond0 Mode)"
ip -4 addr show dev bond0 | t_contains 'inet 192.0.2.1/24' || t_fail "bond0 lost its address: $(ip -4 addr show dev bond0)"

t_log "4. ports out: 'con down eth2', 'con delete eth1'"
out=$(t_nmcli connection down eth2 2>&1) || t_fail "con down eth2: $out"
t_expect_eq "ports in /proc after 'con down eth2'" eth1 "$(t_bond_ports bond0 | xargs)"
[[ ! -e /sys/class/net/eth2/master ]] || t_fail "eth2 still has a master after 'con down eth2'"
t_expect_eq "nmcli: eth2" "eth2:disconnected" "$(LC_ALL=C nmcli -t -f DEVICE,STATE device | grep '^eth2:')"
out=$(t_nmcli connection delete eth1 2>&1) || t_fail "con delete eth1: $out"
t_expect_eq "ports in /proc after deleting eth1's profile" "" "$(t_bond_ports bond0 | xargs)"
[[ ! -e /sys/class/net/eth1/master ]] || t_fail "eth1 still has a master after its profile was deleted"
[[ ! -e "$ifcfg/ifcfg-eth1" ]] || t_fail "$ifcfg/ifcfg-eth1 still on disk after 'con delete eth1'"
t_expect_eq "ifcfg files left" "ifcfg-bond0 ifcfg-eth2" "$(find "$ifcfg" -mindepth 1 -printf '%f\n' | sort | xargs)"

t_log "5. 'con down bond0' removes the link"
out=$(t_nmcli connection down bond0 2>&1) || t_fail "con down bond0: $out"
if ip link show bond0 >/dev/null 2>&1; then
	t_fail "bond0 still in the kernel after 'con down bond0': $(ip -d link show bond0)"
fi
t_expect_eq "active connections" "" "$(LC_ALL=C nmcli -t -f NAME connection show --active)"
t_expect_eq "profiles still on disk" "ifcfg-bond0 ifcfg-eth2" "$(find "$ifcfg" -mindepth 1 -printf '%f\n' | sort | xargs)"

t_log "PASS"
