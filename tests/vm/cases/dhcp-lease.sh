#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
#
# DHCP on a bond against a real dnsmasq on the switch: ipv4.method auto gets
# a lease that nmcli (DHCP4, IP4), the kernel and dnsmasq's lease file agree
# on, with its name server and domain in the run directory's resolv.conf;
# the lease renews and the active port fails over while the switch pings
# the address, without a lost echo beyond the failover; bondd restarted
# under ping keeps the address and the lease, losing nothing; `con down`
# releases the lease; ipv6.method dhcp gets a DHCPv6 address.
set -euo pipefail
# shellcheck source=../lib.sh
. "$(dirname "$0")/../lib.sh"
t_require_guest

ifcfg="$T_WORK/ifcfg"
t_switch_create
ip -n "$T_SWITCH_NS" addr add 2001:db8:1::1/64 dev br0 nodad
t_veth_port eth1
t_veth_port eth2
t_dnsmasq_start --dhcp-range=2001:db8:1::100,2001:db8:1::1ff,64,2m --enable-ra \
	--dhcp-option=option6:dns-server,[2001:db8:1::53]
t_dbus_start
t_bondd_start "$ifcfg"
t_on_fail t_diag
t_on_fail tail -n 30 "$T_DNSMASQ_LOG"
etc_resolv="$(md5sum /etc/resolv.conf 2>/dev/null || true)"

t_nmcli connection add type bond con-name bond0 ifname bond0 \
	bond.options "mode=active-backup,miimon=100" \
	ipv4.method auto ipv6.method ignore >/dev/null || t_fail "nmcli connection add bond0"
t_add_ports bond0 eth1 eth2
t_wait_for 60 "bond0 activated with a lease" t_con_is bond0 activated

# The lease, as nmcli, the kernel and dnsmasq see it.
ip4="$(LC_ALL=C nmcli -g IP4.ADDRESS device show bond0)"
addr="${ip4%/*}"
[[ "$ip4" =~ ^192\.0\.2\.(1[0-4][0-9]|150)/24$ ]] || t_fail "IP4.ADDRESS not from the pool: '$ip4'"
ip -4 -o addr show dev bond0 | grep -q "inet $ip4 .*dynamic" ||
	t_fail "the kernel does not hold $ip4 as a leased (dynamic) address: $(ip -4 -o addr show dev bond0)"
mac="$(cat /sys/class/net/bond0/address)"
grep -q " $mac $addr " "$T_DNSMASQ_LEASES" || t_fail "dnsmasq's leases lack $mac $addr: $(cat "$T_DNSMASQ_LEASES")"
dhcp4="$(LC_ALL=C nmcli -f DHCP4 device show bond0)"
for opt in "ip_address = $addr" "domain_name_servers = 192.0.2.53" "domain_name = bondd.test" \
	"ntp_servers = 192.0.2.123" "dhcp_lease_time = 120" "dhcp_server_identifier = 192.0.2.254"; do
	grep -q "DHCP4.OPTION\[[0-9]*\]: *$opt\$" <<<"$dhcp4" || t_fail "nmcli -f DHCP4 lacks '$opt': $dhcp4"
done
t_expect_eq "IP4.GATEWAY" 192.0.2.254 "$(nmcli -g IP4.GATEWAY device show bond0)"
t_expect_eq "IP4.DNS" 192.0.2.53 "$(nmcli -g IP4.DNS device show bond0)"
t_expect_eq "IP4.DOMAIN" bondd.test "$(nmcli -g IP4.DOMAIN device show bond0)"
ip route show default | grep -q "via 192.0.2.254 dev bond0 proto dhcp .*metric 300" ||
	t_fail "no DHCP default route via bond0 with metric 300: $(ip route)"
if [[ "$T_DAEMON" == bondd ]]; then
	grep -qx "nameserver 192.0.2.53" "$T_WORK/run/resolv.conf" &&
		grep -qx "search bondd.test" "$T_WORK/run/resolv.conf" ||
		t_fail "the run dir's resolv.conf: $(cat "$T_WORK/run/resolv.conf" 2>&1)"
	busctl --system --json=short get-property org.freedesktop.NetworkManager \
		/org/freedesktop/NetworkManager/DnsManager org.freedesktop.NetworkManager.DnsManager \
		Configuration | grep -q '"192.0.2.53"' || t_fail "DnsManager.Configuration lacks 192.0.2.53"
fi

# Renewal (at half the 2-minute lease) and failover, under ping.
acks() { grep -c "DHCPACK(br0) $addr" "$T_DNSMASQ_LOG" || true; }
acks_before="$(acks)"
pings="$T_WORK/ping.log"
t_ping_flood "$addr" "$T_SWITCH_NS" 100000 0.2 "$pings"
t_defer kill "$T_PING_PID"
active_port="$(t_bond_active bond0)"
t_cable "$active_port" down
t_wait_for 10 "failover away from $active_port" bash -c "[[ \$(sed -n 's/^Currently Active Slave: //p' /proc/net/bonding/bond0) != $active_port ]]"
t_wait_for 90 "the lease renewed" bash -c "(( \$(grep -c 'DHCPACK(br0) $addr' '$T_DNSMASQ_LOG') > $acks_before ))"
t_wait_for 5 "bondd applied the renewal" bash -c "ip -4 -o addr show dev bond0 | grep -q 'inet $ip4 .*valid_lft 1[01][0-9]sec'"
kill -INT "$T_PING_PID"
wait "$T_PING_PID" || true
read -r sent got <<<"$(t_ping_received "$pings")" && [[ -n "$got" ]] || t_fail "no ping summary: $(cat "$pings")"
t_log "ping across renewal and failover: $got of $sent answered"
((sent >= 30 && sent - got <= 5)) || t_fail "$((sent - got)) of $sent echoes lost across renewal and failover"
t_expect_eq "address after the renewal" "$ip4" "$(nmcli -g IP4.ADDRESS device show bond0)"
t_cable "$active_port" up

# A restart under ping: nothing lost, the same address, the lease kept.
if [[ "$T_DAEMON" == bondd ]]; then
	acks_before="$(acks)"
	t_ping_flood "$addr" "$T_SWITCH_NS" 100000 0.1 "$pings"
	t_bondd_stop
	cp "$T_BONDD_LOG" "${T_BONDD_LOG%.log}-first.log"
	t_bondd_start "$ifcfg"
	t_wait_for 30 "bond0 activated again" t_con_is bond0 activated
	t_wait_for 30 "dnsmasq confirmed the lease" bash -c "(( \$(grep -c 'DHCPACK(br0) $addr' '$T_DNSMASQ_LOG') > $acks_before ))"
	t_wait_for 5 "a ping after the restart" t_ping "$addr" "$T_SWITCH_NS"
	kill -INT "$T_PING_PID"
	wait "$T_PING_PID" || true
	read -r sent got <<<"$(t_ping_received "$pings")" && [[ -n "$got" ]] || t_fail "no ping summary"
	t_log "ping across the restart: $got of $sent answered"
	((sent >= 20)) || t_fail "ping sent only $sent requests"
	t_expect_eq "echoes lost across the restart" 0 "$((sent - got))"
	t_expect_eq "address after the restart" "$ip4" "$(nmcli -g IP4.ADDRESS device show bond0)"
	LC_ALL=C nmcli -f DHCP4 device show bond0 | grep -q "ip_address = $addr" ||
		t_fail "no DHCP4 lease shown after the restart"
fi

# Down: the lease is released.
t_nmcli connection down bond0 >/dev/null
t_wait_for 10 "dnsmasq saw the release" grep -q "DHCPRELEASE(br0) $addr" "$T_DNSMASQ_LOG"
t_wait_for 5 "the lease gone from dnsmasq's file" bash -c "! grep -q ' $addr ' '$T_DNSMASQ_LEASES'"
! ip -4 addr show dev bond0 2>/dev/null | grep -q "inet $addr" || t_fail "$addr stayed on bond0 after down"

# DHCPv6 (the RA from dnsmasq has the Managed flag).
t_nmcli connection modify bond0 ipv4.method disabled ipv6.method dhcp >/dev/null
t_nmcli connection up bond0 >/dev/null || t_fail "con up bond0 with ipv6.method dhcp"
t_wait_for 60 "bond0 activated with a DHCPv6 lease" t_con_is bond0 activated
ip6="$(nmcli -g IP6.ADDRESS device show bond0 | tr -d '\\ ' | tr '|' '\n' | grep '^2001:db8:1::' || true)"
[[ "$ip6" =~ ^2001:db8:1::1[0-9a-f]{2}/128$ ]] || t_fail "no DHCPv6 address: IP6.ADDRESS $(nmcli -g IP6.ADDRESS device show bond0)"
ip -6 -o addr show dev bond0 | grep -q "inet6 $ip6 " || t_fail "the kernel lacks $ip6: $(ip -6 -o addr show dev bond0)"
LC_ALL=C nmcli -f DHCP6 device show bond0 | grep -q "DHCP6.OPTION" || t_fail "no DHCP6 options shown"
nmcli -g IP6.DNS device show bond0 | tr -d '\\' | grep -q "2001:db8:1::53" || t_fail "IP6.DNS: $(nmcli -g IP6.DNS device show bond0)"
t_expect_eq "/etc/resolv.conf untouched" "$etc_resolv" "$(md5sum /etc/resolv.conf 2>/dev/null || true)"
t_log "PASS"
