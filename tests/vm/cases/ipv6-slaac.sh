#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
#
# IPv6 autoconfiguration in userspace against a real router (radvd in the
# switch namespace, t_ra_start): the seed bond0 (data/examples,
# IPV6_AUTOCONF=yes, IPV6_ADDR_GEN_MODE=stable-privacy) gets a stable,
# opaque SLAAC address in the advertised prefix with the advertised
# lifetimes, the kernel's own autoconfiguration is off, the default route,
# prefix route, RDNSS and DNSSL show in IP6Config as in the kernel; the
# address is the same after a restart and after a "reboot" (link deleted,
# same state directory), another bond gets another one, eui64 gives the
# EUI-64 address, and an address another host already uses is replaced by
# the next stable one.
#
# With BONDD_TEST_DAEMON=nm the same profiles are made with nmcli (the
# reference reads keyfiles) and every assertion holds for NetworkManager
# 1.42; its addresses differ from bondd's (another secret), so the case
# asserts properties, not values.
set -euo pipefail
# shellcheck source=../lib.sh
. "$(dirname "$0")/../lib.sh"
t_require_guest

# slaac IFACE: IFACE's (non-temporary) addresses in the advertised prefix.
slaac() {
	ip -6 -o addr show dev "$1" scope global | grep -v temporary | awk '{print $4}' |
		grep "^${T_RA_PREFIX%::}:" | cut -d/ -f1 || true
}
export -f slaac
export T_RA_PREFIX

# eui64 PREFIX IFACE: PREFIX::/64 with IFACE's MAC as EUI-64 identifier
# (RFC 4291: ff:fe in the middle, the universal/local bit flipped).
eui64() {
	/usr/bin/python3 -c 'import ipaddress, sys
p = ipaddress.ip_address(sys.argv[1]).packed[:8]
m = bytes.fromhex(sys.argv[2].replace(":", ""))
print(ipaddress.ip_address(p + bytes([m[0] ^ 2]) + m[1:3] + b"\xff\xfe" + m[3:]))' \
		"$1" "$(cat "/sys/class/net/$2/address")"
}

# lifetime IFACE ADDR FIELD: valid_life_time / preferred_life_time.
lifetime() {
	ip -6 -j addr show dev "$1" | jq -r --arg a "$2" \
		".[].addr_info[] | select(.local == \$a) | .$3"
}

activated() { t_wait_for 40 "$1 activated" t_con_is "$1" activated; }

ifcfg="$T_WORK/ifcfg"
mkdir -p "$ifcfg"
# Duplicate address detection as the kernel does it, only faster (one probe
# after 200 ms, no random delay first) on the links made from here on: the
# case activates six times.
sysctl -qw net.ipv6.neigh.default.retrans_time_ms=200 \
	net.ipv6.conf.default.router_solicitation_delay=0
t_switch_create
t_veth_port eth1
t_veth_port eth2
t_veth_port eth3
t_ra_start
t_dbus_start
if [[ "$T_DAEMON" == nm ]]; then
	t_bondd_start "$ifcfg"
	t_nmcli connection add type bond ifname bond0 con-name bond0 ipv4.method disabled \
		ipv6.method auto ipv6.addr-gen-mode stable-privacy \
		bond.options mode=active-backup,miimon=100,primary=eth1 >/dev/null
	t_add_ports bond0 eth1 eth2
else
	src="${MESON_SOURCE_ROOT:-$(cd "$(dirname "$0")/../../.." && pwd)}/data/examples"
	cp "$src"/ifcfg-bond0 "$src"/ifcfg-eth1 "$src"/ifcfg-eth2 "$ifcfg/"
	t_bondd_start "$ifcfg"
fi
t_on_fail t_diag
activated bond0

# --- the address and what the kernel was told -------------------------------
a="$(slaac bond0)"
[[ -n "$a" && "$a" != *$'\n'* ]] || t_fail "bond0: not one address in $T_RA_PREFIX/64: '$a'"
[[ "$a" != "$(eui64 "$T_RA_PREFIX" bond0)" ]] || t_fail "stable-privacy gave the EUI-64 address $a"
ll="$(ip -6 -o addr show dev bond0 scope link | awk '{print $4}' | cut -d/ -f1)"
[[ -n "$ll" && "$ll" != "$(eui64 fe80:: bond0)" ]] ||
	t_fail "bond0's link-local address '$ll' is missing or EUI-64 (stable-privacy)"
# NetworkManager rounds up to the next second.
valid="$(lifetime bond0 "$a" valid_life_time)"
preferred="$(lifetime bond0 "$a" preferred_life_time)"
((valid > 3500 && valid <= 3601 && preferred > 1700 && preferred <= 1801)) ||
	t_fail "$a: lifetimes valid $valid preferred $preferred, advertised 3600/1800"
t_expect_eq "accept_ra (no kernel SLAAC)" 0 "$(sysctl -n net.ipv6.conf.bond0.accept_ra)"
t_expect_eq "addr_gen_mode (no kernel link-local)" 1 "$(sysctl -n net.ipv6.conf.bond0.addr_gen_mode)"
t_expect_eq "IPv6 MTU from the advertisement" 1400 "$(sysctl -n net.ipv6.conf.bond0.mtu)"
t_expect_eq "default route" "default via $T_RA_ROUTER proto ra metric 300 pref high" \
	"$(ip -6 route show default dev bond0 | sed 's/ expires [0-9]*sec//')"
t_expect_eq "prefix route" "${T_RA_PREFIX}/64 proto ra metric 300 pref medium" \
	"$(ip -6 route show "${T_RA_PREFIX}/64" dev bond0 | sed 's/ expires [0-9]*sec//')"

# --- IP6Config, as nmcli shows it -------------------------------------------
ip6="$(t_nmcli -t -f IP6 device show bond0)"
grep -qxF "IP6.ADDRESS[1]:$a/64" <<<"$ip6" || grep -qF ":$a/64" <<<"$ip6" ||
	t_fail "IP6Config lacks $a/64: $ip6"
t_expect_eq "IP6.GATEWAY" "$T_RA_ROUTER" "$(sed -n 's/^IP6.GATEWAY://p' <<<"$ip6")"
t_expect_eq "IP6.DNS (RDNSS)" "$T_RA_DNS" "$(sed -n 's/^IP6.DNS\[1\]://p' <<<"$ip6")"
t_expect_eq "IP6.SEARCHES (DNSSL)" "$T_RA_DOMAIN" "$(sed -n 's/^IP6.SEARCHES\[1\]://p' <<<"$ip6")"
t_expect_eq "IP6.DOMAIN (a DHCP domain name: none)" "" "$(sed -n 's/^IP6.DOMAIN\[1\]://p' <<<"$ip6")"

# --- stable: across a restart and a reboot ------------------------------------
t_bondd_stop
t_bondd_start "$ifcfg"
activated bond0
t_expect_eq "the address after a restart" "$a" "$(slaac bond0)"
t_bondd_stop
ip link del bond0
ip link set eth1 down
ip link set eth2 down
rm -rf "$T_WORK/run" /run/NetworkManager # /run does not survive a reboot
t_bondd_start "$ifcfg"
activated bond0
t_expect_eq "the address after a reboot (link deleted, same state)" "$a" "$(slaac bond0)"

# --- another bond, then EUI-64 ---------------------------------------------------
t_nmcli connection add type bond ifname bond1 con-name bond1 ipv4.method disabled \
	ipv6.method auto ipv6.addr-gen-mode stable-privacy bond.options mode=active-backup >/dev/null
t_add_ports bond1 eth3
activated bond1
b="$(slaac bond1)"
[[ -n "$b" && "$b" != "$a" ]] || t_fail "bond1's address '$b' is not another one than bond0's $a"
t_nmcli connection modify bond1 ipv6.addr-gen-mode eui64
t_nmcli connection up bond1 >/dev/null
activated bond1
want="$(eui64 "$T_RA_PREFIX" bond1)" || t_fail "cannot compute bond1's EUI-64 address"
t_wait_for 10 "bond1's only address $want (EUI-64)" bash -c "[[ \$(slaac bond1) == '$want' ]]"

# --- a duplicate: another host already has bond0's address ---------------------------
t_nmcli connection down bond0 >/dev/null
ip -n "$T_SWITCH_NS" addr add "$a/64" dev br0 nodad
t_nmcli connection up bond0 >/dev/null
activated bond0
t_wait_for 10 "bond0: another usable address in the prefix" bash -c \
	"ip -6 -o addr show dev bond0 scope global | grep -v '$a/' | grep -v tentative | grep -q ' ${T_RA_PREFIX%::}:'"
c="$(slaac bond0)"
[[ "$c" != *"$a"* ]] || t_fail "bond0 still has the duplicate $a: $(ip -6 addr show dev bond0)"
[[ "$c" != *$'\n'* && "$c" != "$(eui64 "$T_RA_PREFIX" bond0)" ]] ||
	t_fail "bond0: after DAD not one stable address: '$c'"
t_log "bond0: $a taken by another host, now $c"
