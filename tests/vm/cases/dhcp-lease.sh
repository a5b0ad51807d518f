#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
#
# DHCP on a bond against a real dnsmasq on the switch: ipv4.method auto gets
# a lease that nmcli (DHCP4, IP4), the kernel and dnsmasq's lease file agree
# on, with its classless routes (RFC 3442), name server and domain (the run
# directory's resolv.conf); the lease renews and the active port fails over
# while the switch pings the address, losing at most the echo in flight at
# the failover; a reapplied dhcp-hostname reaches the server without a
# release; bondd restarted under ping keeps the address and the lease,
# losing nothing; `con down` keeps the lease (no RELEASE) and the next `con
# up` gets the same address; with [dhcp] send-release=true (bondd only)
# `con down` releases the lease before the ports go, and a dhcpcd that
# cannot release does not hold bondd up (it answers meanwhile, goes on
# after 2 s and kills it); ipv6.method dhcp gets a DHCPv6 address, and so does
# ipv6.method auto from the RA's Managed flag; a router with only the Other
# flag gives SLAAC and information-only DHCPv6, and turning Managed later
# gives the address without a reactivation.  Against NetworkManager 1.42
# (BONDD_TEST_DAEMON=nm) the steps up to ipv6.method dhcp pass but the
# same address after down and up (its bond's MAC address changes); its
# ipv6.method auto with the Managed flag has not given a DHCPv6 address
# within 30 s in the guest, so the steps from there on are bondd's only.
#
# dnsmasq's shortest lease is 2 minutes; T1 (option 58) of 8 s makes the
# renewal come early instead of at half the lease.
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
	--dhcp-option=option6:dns-server,[2001:db8:1::53] \
	--dhcp-option=option:T1,8 --dhcp-option=option:T2,100 \
	--dhcp-option=option:classless-static-route,198.51.100.0/24,192.0.2.1,0.0.0.0/0,192.0.2.254
t_dbus_start
t_bondd_start "$ifcfg"
t_on_fail t_diag
t_on_fail tail -n 30 "$T_DNSMASQ_LOG"
etc_resolv="$(md5sum /etc/resolv.conf 2>/dev/null || true)"
dnsmasq_has() { grep -q "$1" "$T_DNSMASQ_LOG"; }
dnsmasq_count() { grep -c "$1" "$T_DNSMASQ_LOG" || true; }
# ping_end WHAT MIN_ANSWERED MAX_LOST: stop the t_ping_trace into $pings,
# log what it saw and check it.
ping_end() {
	local got lost
	kill -INT "$T_PING_PID"
	wait "$T_PING_PID" || true
	read -r got lost <<<"$(t_ping_lost "$pings")"
	t_log "ping across $1: $got answered, $lost lost"
	((got >= $2)) || t_fail "only $got echoes answered across $1: $(tail -3 "$pings")"
	((lost <= $3)) || t_fail "$lost echoes lost across $1: $(tail -3 "$pings")"
}

t_nmcli connection add type bond con-name bond0 ifname bond0 \
	bond.options "mode=active-backup,miimon=100" connection.autoconnect no \
	ipv4.method auto ipv4.dhcp-hostname bondd-a ipv6.method ignore >/dev/null ||
	t_fail "nmcli connection add bond0"
t_add_ports bond0 eth1 eth2
t_nmcli connection up bond0 >/dev/null || t_fail "con up bond0"
t_wait_for 30 "bond0 activated with a lease" t_con_is bond0 activated

# The lease, as nmcli, the kernel and dnsmasq see it.
ip4="$(LC_ALL=C nmcli -g IP4.ADDRESS device show bond0)"
addr="${ip4%/*}"
[[ "$ip4" =~ ^192\.0\.2\.(1[0-4][0-9]|150)/24$ ]] || t_fail "IP4.ADDRESS not from the pool: '$ip4'"
ip -4 -o addr show dev bond0 | t_contains "inet $ip4 .*dynamic" ||
	t_fail "the kernel does not hold $ip4 as a leased (dynamic) address: $(ip -4 -o addr show dev bond0)"
mac="$(cat /sys/class/net/bond0/address)"
grep -q " $mac $addr bondd-a " "$T_DNSMASQ_LEASES" ||
	t_fail "dnsmasq's leases lack $mac $addr bondd-a: $(cat "$T_DNSMASQ_LEASES")"
dhcp4="$(LC_ALL=C nmcli -f DHCP4 device show bond0)"
for opt in "ip_address = $addr" "domain_name_servers = 192.0.2.53" "domain_name = bondd.test" \
	"ntp_servers = 192.0.2.123" "dhcp_lease_time = 120" "dhcp_server_identifier = 192.0.2.254"; do
	grep -q "DHCP4.OPTION\[[0-9]*\]: *$opt\$" <<<"$dhcp4" || t_fail "nmcli -f DHCP4 lacks '$opt': $dhcp4"
done
t_expect_eq "IP4.GATEWAY" 192.0.2.254 "$(nmcli -g IP4.GATEWAY device show bond0)"
t_expect_eq "IP4.DNS" 192.0.2.53 "$(nmcli -g IP4.DNS device show bond0)"
t_expect_eq "IP4.DOMAIN" bondd.test "$(nmcli -g IP4.DOMAIN device show bond0)"
# The Domain Name (15) is the IP4Config's Domains; Searches holds a Domain
# Search option (119) only, which dnsmasq does not send here.
ip4_path="$(busctl --system get-property org.freedesktop.NetworkManager "$(t_dev_path bond0)" \
	org.freedesktop.NetworkManager.Device Ip4Config | sed 's/^o "\(.*\)"$/\1/')"
t_expect_eq "IP4Config.Searches without a Domain Search option" "as 0" \
	"$(busctl --system get-property org.freedesktop.NetworkManager "$ip4_path" \
		org.freedesktop.NetworkManager.IP4Config Searches)"
ip route show default | t_contains "via 192.0.2.254 dev bond0 proto dhcp .*metric 300" ||
	t_fail "no DHCP default route via bond0 with metric 300: $(ip route)"
ip route show 198.51.100.0/24 | t_contains "via 192.0.2.1 dev bond0 proto dhcp .*metric 300" ||
	t_fail "no classless route 198.51.100.0/24 via 192.0.2.1: $(ip route)"
if [[ "$T_DAEMON" == bondd ]]; then
	grep -qx "nameserver 192.0.2.53" "$T_WORK/run/resolv.conf" &&
		grep -qx "search bondd.test" "$T_WORK/run/resolv.conf" ||
		t_fail "the run dir's resolv.conf: $(cat "$T_WORK/run/resolv.conf" 2>&1)"
	busctl --system --json=short get-property org.freedesktop.NetworkManager \
		/org/freedesktop/NetworkManager/DnsManager org.freedesktop.NetworkManager.DnsManager \
		Configuration | grep -q '"192.0.2.53"' || t_fail "DnsManager.Configuration lacks 192.0.2.53"
fi

# Renewal (T1) and failover, under ping.
acks_before="$(dnsmasq_count "DHCPACK(br0) $addr")"
pings="$T_WORK/ping.log"
t_ping_trace "$addr" "$T_SWITCH_NS" 0.2 "$pings"
t_defer kill "$T_PING_PID"
active_port="$(t_bond_active bond0)"
t_cable "$active_port" down
t_wait_for 10 "failover away from $active_port" bash -c "[[ \$(sed -n 's/^Currently Active Slave: //p' /proc/net/bonding/bond0) != $active_port ]]"
t_wait_for 20 "the lease renewed" bash -c "(( \$(grep -c 'DHCPACK(br0) $addr' '$T_DNSMASQ_LOG') > $acks_before ))"
t_wait_for 5 "the renewal applied (lifetime back near 120 s)" bash -c \
	"ip -4 -o addr show dev bond0 | grep -q 'inet $ip4 .*valid_lft 1[01][0-9]sec'"
t_wait_for 5 "a ping after the renewal" t_ping "$addr" "$T_SWITCH_NS"
# At most the echo in flight when the cable went (miimon 100 ms, an echo
# every 200 ms); the renewal itself loses none.
ping_end "renewal and failover" 10 1
t_expect_eq "address after the renewal" "$ip4" "$(nmcli -g IP4.ADDRESS device show bond0)"
t_cable "$active_port" up

# Reapply a new host name: the client starts again with it; no release,
# the same address.
t_nmcli connection modify bond0 ipv4.dhcp-hostname bondd-b >/dev/null
t_nmcli device reapply bond0 >/dev/null || t_fail "device reapply bond0"
t_wait_for 20 "dnsmasq acknowledged $addr to the new host name" dnsmasq_has "DHCPACK(br0) $addr $mac bondd-b"
! dnsmasq_has "DHCPRELEASE" || t_fail "reapply released the lease"
t_expect_eq "address after the reapply" "$ip4" "$(nmcli -g IP4.ADDRESS device show bond0)"

# A restart under ping: nothing lost, the same address, the lease kept.
if [[ "$T_DAEMON" == bondd ]]; then
	acks_before="$(dnsmasq_count "DHCPACK(br0) $addr")"
	t_ping_trace "$addr" "$T_SWITCH_NS" 0.1 "$pings"
	t_bondd_stop
	cp "$T_BONDD_LOG" "${T_BONDD_LOG%.log}-first.log"
	t_bondd_start "$ifcfg"
	t_wait_for 30 "bond0 activated again" t_con_is bond0 activated
	t_wait_for 30 "dnsmasq confirmed the lease" bash -c "(( \$(grep -c 'DHCPACK(br0) $addr' '$T_DNSMASQ_LOG') > $acks_before ))"
	t_wait_for 5 "a ping after the restart" t_ping "$addr" "$T_SWITCH_NS"
	# Two seconds of echoes at least, however fast the restart went.
	t_wait_for 10 "20 echoes answered in the trace" bash -c "(( \$(grep -c 'seq=' '$pings') >= 20 ))"
	ping_end "the restart" 20 0
	t_expect_eq "address after the restart" "$ip4" "$(nmcli -g IP4.ADDRESS device show bond0)"
	LC_ALL=C nmcli -f DHCP4 device show bond0 | grep -q "ip_address = $addr" ||
		t_fail "no DHCP4 lease shown after the restart"
fi

# Down, by default: the lease is kept (as NetworkManager's
# ipv4.dhcp-send-release defaults to no): no RELEASE, the address leaves
# bond0, dnsmasq keeps the lease, and the next activation gets the same
# address back without the server's ping check of a free address.
t_nmcli connection down bond0 >/dev/null
! ip -4 addr show dev bond0 2>/dev/null | t_contains "inet $addr" || t_fail "$addr stayed on bond0 after down"
grep -q " $addr " "$T_DNSMASQ_LEASES" || t_fail "the lease left dnsmasq's file after down"
t_nmcli connection up bond0 >/dev/null || t_fail "con up bond0 after down"
t_wait_for 30 "bond0 activated with a lease again" t_con_is bond0 activated
# NetworkManager 1.42 does not wait for udev: its bond0 had the port's MAC
# address, then udev's, so another client ID and another lease.
[[ "$T_DAEMON" != bondd ]] ||
	t_expect_eq "address after down and up" "$ip4" "$(nmcli -g IP4.ADDRESS device show bond0)"
t_nmcli connection down bond0 >/dev/null
sleep 1
! dnsmasq_has "DHCPRELEASE" || t_fail "a lease was released without [dhcp] send-release"

# With [dhcp] send-release=true: down releases the lease, through the ports
# (the bond is gone after); a dhcpcd that cannot release (stopped) does not
# hold bondd up: it answers while it waits, goes on after 2 s, and kills it.
if [[ "$T_DAEMON" == bondd ]]; then
	t_bondd_stop
	cp "$T_BONDD_LOG" "${T_BONDD_LOG%.log}-second.log"
	# Appended to bondd.conf's [dhcp] group.
	T_BONDD_CONF="send-release=true" t_bondd_start "$ifcfg"
	# Its ports autoconnect and bring bond0 with a lease; `con up` then
	# replaces that activation.  The replaced one keeps its lease (the new
	# one asks for it again): no RELEASE, and nothing of the old dhcpcd
	# takes the link or the address from the new one.
	t_wait_for 30 "bond0 activated by its ports' autoconnect" t_con_is bond0 activated
	t_nmcli connection up bond0 >/dev/null || t_fail "con up bond0 with send-release"
	t_wait_for 30 "bond0 activated with a lease (send-release)" t_con_is bond0 activated
	t_wait_for 5 "the lease's default route on bond0" bash -c \
		"ip route show default | grep -q 'via 192.0.2.254 dev bond0 proto dhcp'"
	! dnsmasq_has "DHCPRELEASE" || t_fail "re-activating bond0 released its lease"
	[[ "$(pgrep -c -f '^dhcpcd: bond0 \[ip4\]')" == 1 ]] ||
		t_fail "not one dhcpcd for bond0 after the re-activation: $(pgrep -a dhcpcd)"
	t_wait_for 5 "a ping after the re-activation" t_ping "$addr" "$T_SWITCH_NS"
	t_nmcli connection down bond0 >/dev/null
	t_wait_for 10 "dnsmasq saw the release" dnsmasq_has "DHCPRELEASE(br0) $addr"
	t_wait_for 5 "the lease gone from dnsmasq's file" bash -c "! grep -q ' $addr ' '$T_DNSMASQ_LEASES'"
	! ip -4 addr show dev bond0 2>/dev/null | t_contains "inet $addr" || t_fail "$addr stayed on bond0 after down"

	t_nmcli connection up bond0 >/dev/null || t_fail "con up bond0 again"
	t_wait_for 30 "bond0 activated with a lease again" t_con_is bond0 activated
	addr="$(LC_ALL=C nmcli -g IP4.ADDRESS device show bond0)"
	addr="${addr%/*}"
	dhcpcd_pid="$(pgrep -o -f '^dhcpcd: bond0 \[ip4\]')" || t_fail "no dhcpcd for bond0: $(ps -ef | grep dhcpcd)"
	dev="$(t_dev_path bond0)"
	kill -STOP "$dhcpcd_pid"
	t_nmcli connection down bond0 >/dev/null &
	down_pid=$!
	t_wait_for 2 "bond0 shown deactivating (110) while the release is awaited" bash -c \
		"busctl --system get-property org.freedesktop.NetworkManager '$dev' \
		org.freedesktop.NetworkManager.Device State | grep -qx 'u 110'"
	wait "$down_pid" || t_fail "con down bond0 with a stopped dhcpcd"
	grep -q "dhcpcd (pid $dhcpcd_pid) has not released the lease within 2000 ms" "$T_BONDD_LOG" ||
		t_fail "bondd did not log the release it gave up on"
	t_wait_for 10 "the stopped dhcpcd killed" bash -c "! kill -0 $dhcpcd_pid 2>/dev/null"
	grep -q " $addr " "$T_DNSMASQ_LEASES" || t_fail "the lease left dnsmasq's file, though never released"
	t_nmcli general >/dev/null || t_fail "bondd does not answer after the release it gave up on"
fi

# DHCPv6 (the RA from dnsmasq has the Managed flag).
t_nmcli connection modify bond0 ipv4.method disabled ipv6.method dhcp >/dev/null
t_nmcli connection up bond0 >/dev/null || t_fail "con up bond0 with ipv6.method dhcp"
t_wait_for 30 "bond0 activated with a DHCPv6 lease" t_con_is bond0 activated
ip6="$(nmcli -g IP6.ADDRESS device show bond0 | tr -d '\\ ' | tr '|' '\n' | grep '^2001:db8:1::' || true)"
[[ "$ip6" =~ ^2001:db8:1::1[0-9a-f]{2}/128$ ]] || t_fail "no DHCPv6 address: IP6.ADDRESS $(nmcli -g IP6.ADDRESS device show bond0)"
ip -6 -o addr show dev bond0 | t_contains "inet6 $ip6 " || t_fail "the kernel lacks $ip6: $(ip -6 -o addr show dev bond0)"
LC_ALL=C nmcli -f DHCP6 device show bond0 | grep -q "DHCP6.OPTION" || t_fail "no DHCP6 options shown"
nmcli -g IP6.DNS device show bond0 | tr -d '\\' | grep -q "2001:db8:1::53" || t_fail "IP6.DNS: $(nmcli -g IP6.DNS device show bond0)"
# ipv6.method auto: the same RA's Managed flag starts DHCPv6 beside router
# discovery, as NetworkManager does.
t_nmcli connection modify bond0 ipv6.method auto >/dev/null
t_nmcli connection up bond0 >/dev/null || t_fail "con up bond0 with ipv6.method auto"
t_wait_for 30 "a DHCPv6 address on bond0 with ipv6.method auto" bash -c \
	"ip -6 -o addr show dev bond0 | grep -q 'inet6 2001:db8:1::1[0-9a-f][0-9a-f]/128 '"
t_wait_for 10 "DHCP6 options shown with ipv6.method auto" bash -c \
	"LC_ALL=C nmcli -f DHCP6 device show bond0 | grep -q DHCP6.OPTION"

# Information-only DHCPv6: a router whose RA has the Other flag and no
# Managed flag (dnsmasq's ra-stateless): SLAAC from its prefix and an
# Information-request for the options, no DHCPv6 address.
t_log "DHCPv6 information-only (the RA's Other flag)"
t_nmcli connection down bond0 >/dev/null
kill "$T_DNSMASQ_PID"
wait "$T_DNSMASQ_PID" 2>/dev/null || true
ip -n "$T_SWITCH_NS" addr add 2001:db8:2::1/64 dev br0 nodad
name=$T_NAME
T_NAME=$name-stateless
t_dnsmasq_start --dhcp-range=2001:db8:2::,ra-stateless --enable-ra \
	--dhcp-option=option6:dns-server,[2001:db8:2::53]
T_NAME=$name
t_nmcli connection up bond0 >/dev/null || t_fail "con up bond0 with the stateless router"
t_wait_soft 30 "a SLAAC address in 2001:db8:2::/64" bash -c \
	"ip -6 -o addr show dev bond0 | grep -q 'inet6 2001:db8:2:'"
t_log "bond0: $(ip -6 -o addr show dev bond0 | awk '{print $4}' | xargs)"
t_wait_soft 20 "an Information-request to the router's DHCPv6 server" dnsmasq_has "DHCPINFORMATION-REQUEST"
t_wait_soft 10 "DHCP6 options shown" bash -c "LC_ALL=C nmcli -f DHCP6 device show bond0 | grep -q DHCP6.OPTION"
t_check_eq "no DHCPv6 address from the stateless router" "" \
	"$(ip -6 -o addr show dev bond0 | grep -o 'inet6 2001:db8:2::[0-9a-f:]*/128' || true)"

# The router turns Managed (a stateful dnsmasq in its place) while bond0
# stays up: the next RA upgrades information-only DHCPv6 to an address.
t_log "the router turns Managed while bond0 is up"
kill "$T_DNSMASQ_PID"
wait "$T_DNSMASQ_PID" 2>/dev/null || true
T_NAME=$name-managed
t_dnsmasq_start --dhcp-range=2001:db8:2::100,2001:db8:2::1ff,64,2m --enable-ra
T_NAME=$name
t_wait_soft 40 "a DHCPv6 address in 2001:db8:2::/64 without reactivation" bash -c \
	"ip -6 -o addr show dev bond0 | grep -q 'inet6 2001:db8:2::1[0-9a-f][0-9a-f]/128 '"
t_check_eq "bond0 still activated by the same activation" activated "$(t_con_state bond0)"
t_expect_eq "/etc/resolv.conf untouched" "$etc_resolv" "$(md5sum /etc/resolv.conf 2>/dev/null || true)"
t_finish
