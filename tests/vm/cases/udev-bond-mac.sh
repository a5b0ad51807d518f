#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
#
# With udev running, a bond the daemon makes is configured only once udev
# has initialized it: systemd's default link policy gives a new bond a
# persistent MAC address (derived from its name), and a port attached
# before that would have given the bond the port's address instead -- one
# or the other at random, so a different DHCP client ID and lease from one
# activation to the next.  udev is made slow for bond0 (a rule that takes a
# second), so that a daemon that does not wait loses the race every time.
# Three `con up` of a bond with two ports: the bond has udev's address
# every time.  NetworkManager 1.42 does not wait for udev here and gets the
# port's address with the slow rule; against it (BONDD_TEST_DAEMON=nm) the
# rule is left out and the case passes, udev winning on its own.
#
# While bond0 waits for udev, its ports not attached yet, bondd does not
# judge its health: a bond on its way up is no "down" to report (no health
# event saying so, no HealthChanged), only its verdict once ports are in.
#
# bondd uses the link once udev's rules have run, not once the programs
# they start are done; a program that writes the link's sysctls late (as
# systemd-sysctl does with a sysctl.d file) must not undo what bondd set:
# a second rule clears bond0's disable_ipv6 a second later, and bondd sets
# it again when udev announces the link (ipv6.method disabled).
set -euo pipefail
# shellcheck source=../lib.sh
. "$(dirname "$0")/../lib.sh"
t_require_guest

# A slow udev, as on a busy machine: its rules for bond0 take a second
# before the link policy sets the address, so a daemon that does not wait
# attaches a port first (the bond then takes the port's address, and udev
# leaves an address it did not see random alone).
late_marker="$T_WORK/udev-late-sysctl-ran"
if [[ "$T_DAEMON" == bondd ]]; then
	mkdir -p /run/udev/rules.d
	echo 'ACTION=="add", SUBSYSTEM=="net", KERNEL=="bond0", PROGRAM="/bin/sleep 1"' \
		>/run/udev/rules.d/01-slow-bond0.rules
	echo "ACTION==\"add\", SUBSYSTEM==\"net\", KERNEL==\"bond0\", RUN+=\"/bin/sh -c 'sleep 1; echo 0 >/proc/sys/net/ipv6/conf/bond0/disable_ipv6; touch $late_marker'\"" \
		>/run/udev/rules.d/99-late-sysctl-bond0.rules
fi
t_udev_start
t_switch_create
t_veth_port eth1
t_veth_port eth2
udevadm settle --timeout=30 || t_fail "udevadm settle timed out"

# The address udev gives a bond named bond0 in this guest.
ip link add bond0 type bond || t_fail "ip link add bond0"
udevadm settle --timeout=30 || t_fail "udevadm settle timed out"
udev_mac="$(cat /sys/class/net/bond0/address)"
assign="$(cat /sys/class/net/bond0/addr_assign_type)"
ip link del bond0
rm -f "$late_marker"
# 3: set by userspace (udev's MACAddressPolicy=persistent), not random (1).
t_expect_eq "bond0's address assignment by udev (addr_assign_type)" 3 "$assign"
t_log "udev gives bond0 $udev_mac"
for p in eth1 eth2; do
	[[ "$(cat /sys/class/net/$p/address)" != "$udev_mac" ]] || t_fail "$p has udev's bond0 address"
done

t_dbus_start
t_bondd_start "$T_WORK/ifcfg"
t_on_fail t_diag
t_nmcli connection add type bond ifname bond0 con-name bond0 autoconnect no \
	connection.autoconnect-slaves yes bond.options mode=active-backup,miimon=100 \
	ipv4.method disabled ipv6.method disabled >/dev/null || t_fail "nmcli connection add bond0"
for p in eth1 eth2; do
	t_nmcli connection add type ethernet slave-type bond master bond0 ifname $p \
		con-name bond0-$p autoconnect no >/dev/null || t_fail "nmcli connection add bond0-$p"
done

mon=/dev/null
if [[ "$T_DAEMON" == bondd ]]; then
	mon="$T_WORK/monitor.log"
	dbus-monitor --system "type='signal',interface='org.bondd.Device.Bond'" >"$mon" 2>&1 &
	t_defer kill $!
	t_wait_for 10 "dbus-monitor to start" grep -q NameLost "$mon"
	t_on_fail cat "$mon"
fi

for round in 1 2 3; do
	seen=$(wc -l <"$mon")
	t_nmcli connection up bond0 >/dev/null || t_fail "round $round: con up bond0"
	t_wait_for 20 "round $round: bond0 and both ports activated" t_cons_activated bond0 bond0-eth1 bond0-eth2
	t_expect_eq "round $round: bond0's address" "$udev_mac" "$(cat /sys/class/net/bond0/address)"
	if [[ "$T_DAEMON" == bondd ]]; then
		t_wait_for 20 "round $round: udev's late program ran" test -e "$late_marker"
		t_wait_for 10 "round $round: bond0's disable_ipv6 set again by bondd" \
			grep -qx 1 /proc/sys/net/ipv6/conf/bond0/disable_ipv6
		rm -f "$late_marker"
		t_wait_for 10 "round $round: bond0's health ok" bash -c \
			". $(dirname "$0")/../lib.sh; [[ \$(t_bond_val bond0 Health) == ok ]]"
		# This activation's device object only (the last one's may still
		# give its verdict on the bond it lost).
		news="$(tail -n +$((seen + 1)) "$mon" |
			awk -v p="path=$(t_dev_path bond0);" '/^signal/ { keep = index($0, p) > 0 } keep')"
		if grep -q -- '-> down' <<<"$news" || grep -q 'member=HealthChanged' <<<"$news"; then
			t_fail "round $round: a health verdict on bond0 on its way up: $news"
		fi
	fi
	t_nmcli connection down bond0 >/dev/null || t_fail "round $round: con down bond0"
	t_wait_for 10 "round $round: bond0 gone" bash -c '! test -e /sys/class/net/bond0'
done
t_log "PASS"
