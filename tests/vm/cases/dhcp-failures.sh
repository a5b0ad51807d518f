#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
#
# DHCP that does not work, with no DHCP server on the switch: a DHCP client
# that cannot be started fails the activation with "dhcp-start-failed" and
# a log line naming it, and bondd carries on; with ipv4.may-fail yes the
# bond comes up with its IPv6 address only once the dhcp-timeout is over;
# with may-fail no the activation fails at the timeout with
# "ip-config-unavailable", as NetworkManager's does (nmcli prints the
# reason's text).
set -euo pipefail
# shellcheck source=../lib.sh
. "$(dirname "$0")/../lib.sh"
t_require_guest

ifcfg="$T_WORK/ifcfg"
t_switch_create
t_veth_port eth1
t_veth_port eth2
t_dbus_start
out="$T_WORK/nmcli.out"

# Every device state change on the bus: a failure is announced, however
# briefly the "failed" state lasts (the bond is deleted right after).
mon="$T_WORK/monitor.log"
dbus-monitor --system \
	"type='signal',interface='org.freedesktop.NetworkManager.Device',member='StateChanged'" \
	>"$mon" 2>&1 &
t_defer kill $!
t_wait_for 10 "dbus-monitor to start" grep -q NameLost "$mon"

# failures: "REASON" of every StateChanged(new 120 failed, old, reason)
# announced since the monitor started, in order.
failures() {
	awk '/member=StateChanged/ { n = 0; next }
		/uint32/ { v[++n] = $2; if (n == 3 && v[1] == 120) print v[3] }' "$mon" | xargs
}
# con_up NAME: nmcli's output and status (nmcli reports success as soon as
# a bond waits for ports, before its IP configuration).
con_up() { LC_ALL=C timeout -k 2 60 nmcli --wait 50 connection up "$1" >"$out" 2>&1; }
# expect_failure REASON WHAT: the next activation failure is announced with
# device state reason REASON.
seen=0
expect_failure() {
	t_wait_for 30 "a device announced failed ($2)" bash -c \
		"$(declare -f failures); mon=$mon; (( \$(failures | wc -w) > $seen ))"
	t_expect_eq "the failure's StateReason ($2)" "$1" "$(failures | cut -d' ' -f$((seen + 1)))"
	seen=$(failures | wc -w)
}

if [[ "$T_DAEMON" == bondd ]]; then
	# A DHCP client that is not there.
	T_BONDD_CONF=$'[dhcp]\nclient-path=/nonexistent/dhcpcd' t_bondd_start "$ifcfg"
	t_on_fail t_diag
	t_nmcli connection add type bond con-name bond0 ifname bond0 \
		bond.options "mode=active-backup,miimon=100" connection.autoconnect no \
		ipv4.method auto ipv4.may-fail no ipv6.method disabled >/dev/null ||
		t_fail "nmcli connection add bond0"
	t_add_ports bond0 eth1 eth2
	con_up bond0 || true
	# NM_DEVICE_STATE_REASON_DHCP_START_FAILED
	expect_failure 15 "dhcp-start-failed"
	grep -q "cannot start the DHCP client /nonexistent/dhcpcd" "$T_BONDD_LOG" ||
		t_fail "no log line naming the DHCP client"
	kill -0 "$T_BONDD_PID" || t_fail "bondd died"
	t_nmcli general >/dev/null || t_fail "bondd does not answer after the failure"
	t_bondd_stop
	cp "$T_BONDD_LOG" "${T_BONDD_LOG%.log}-no-client.log"
fi
t_bondd_start "$ifcfg"
t_on_fail t_diag
t_nmcli connection show bond0 >/dev/null 2>&1 ||
	t_nmcli connection add type bond con-name bond0 ifname bond0 \
		bond.options "mode=active-backup,miimon=100" connection.autoconnect no >/dev/null ||
	t_fail "nmcli connection add bond0"
t_nmcli connection show eth1 >/dev/null 2>&1 || t_add_ports bond0 eth1 eth2

# may-fail yes: up with IPv6 only, once DHCPv4 has had its 5 s.
t_nmcli connection modify bond0 ipv4.method auto ipv4.may-fail yes ipv4.dhcp-timeout 5 \
	ipv6.method manual ipv6.addresses 2001:db8:1::10/64 ipv6.may-fail yes >/dev/null
start=$(date +%s)
con_up bond0 || t_fail "con up bond0 with ipv4.may-fail yes: $(cat "$out")"
t_wait_for 15 "bond0 activated" t_con_is bond0 activated
# Past the timeout, still up.
while (($(date +%s) < start + 7)); do sleep 0.5; done
t_expect_eq "bond0 state after the DHCP timeout" activated "$(t_con_state bond0)"
t_expect_eq "device failures" "$seen" "$(failures | wc -w)"
nmcli -g IP6.ADDRESS device show bond0 | tr -d '\\' | grep -q "2001:db8:1::10/64" ||
	t_fail "IP6.ADDRESS: $(nmcli -g IP6.ADDRESS device show bond0)"
t_expect_eq "IP4.ADDRESS" "" "$(nmcli -g IP4.ADDRESS device show bond0)"
t_wait_for 5 "the IPv6 address in the kernel" bash -c \
	"ip -6 addr show dev bond0 | grep -q 'inet6 2001:db8:1::10/64'"
t_nmcli connection down bond0 >/dev/null

# may-fail no: the activation fails when the 5 s are over.  Meanwhile, in
# ip-config, the bond already has the profile's MTU (set in config, before
# any IP configuration starts).
t_nmcli connection modify bond0 ipv4.may-fail no ethernet.mtu 9000 >/dev/null
con_up bond0 || true
t_log "nmcli: $(cat "$out")"
t_wait_for 5 "bond0 getting its IP configuration" bash -c \
	"[[ \$(LC_ALL=C nmcli -g GENERAL.STATE device show bond0) == '70 '* ]]"
t_expect_eq "bond0 MTU while waiting for DHCP" 9000 "$(cat /sys/class/net/bond0/mtu)"
# NM_DEVICE_STATE_REASON_IP_CONFIG_UNAVAILABLE
expect_failure 5 "ip-config-unavailable"
t_wait_for 10 "bond0's activation gone" bash -c "[[ -z \$(LC_ALL=C nmcli -g GENERAL.STATE connection show bond0) ]]"
kill -0 "$T_BONDD_PID" || t_fail "the daemon died"
t_log "PASS"
