#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
#
# vm-rss.sh bondd|nm [BONDS] [PORTS] [static|dhcp]
#                                   (in the guest; bench/vm-bench.sh runs it)
#
# Figures 3 and 4 of the side-by-side benchmark, for one daemon: its memory
# with BONDS (default 50) active bonds of PORTS (default 1) veth ports each.
# The bonds have static addresses, or (dhcp) each its lease from dnsmasq in
# the switch: then the DHCP clients count too (bondd runs one dhcpcd per
# bond, NetworkManager's internal client lives in the daemon), as the sum of
# their Pss (pss_dhcp_clients: shared pages split between them).
# Every profile is made by the real nmcli against the daemon (ifcfg files for
# bondd, keyfiles for NetworkManager), with autoconnect on, so the daemon
# brings them all up by itself; once every bond and port is activated and
# the daemon has been left alone for a few seconds, /proc/PID/status and
# smaps_rollup are read.  Also the daemon's memory right after its start-up
# with the same links present and no profile.  Prints BENCH lines (KiB).
set -euo pipefail
# shellcheck source=vm-lib.sh
. "$(dirname "$0")/vm-lib.sh"
t_require_guest

daemon="${1:?usage: vm-rss.sh bondd|nm [BONDS] [PORTS] [static|dhcp]}"
bonds="${2:-50}"
ports="${3:-1}"
ip="${4:-static}"
settle=5
prefix=""
[[ "$ip" == dhcp ]] && prefix=dhcp_

# The links, in two batches (one `ip` process each instead of hundreds).
# Ports are named ethK: NetworkManager's udev rules leave other veths
# unmanaged.
t_switch_create
nports=$((bonds * ports))
for ((k = 1; k <= nports; k++)); do
	echo "link add eth$k type veth peer name sw-eth$k netns $T_SWITCH_NS"
done >"$T_WORK/links.batch"
for ((k = 1; k <= nports; k++)); do
	echo "link set sw-eth$k master br0"
	echo "link set sw-eth$k up"
done >"$T_WORK/switch.batch"
ip -batch "$T_WORK/links.batch" || t_fail "creating $nports veth pairs"
ip -n "$T_SWITCH_NS" -batch "$T_WORK/switch.batch" || t_fail "plugging $nports veth peers into br0"
# Room for every bond: a second range beside the default one.
[[ "$ip" == dhcp ]] && t_dnsmasq_start --dhcp-range=192.0.2.160,192.0.2.250,255.255.255.0,2m

b_udev_start
t_dbus_start
b_start "$daemon"

[[ "$ip" == dhcp ]] || b_result "$daemon" rss_idle KiB "$(b_rss_kib "$B_PID" VmRSS)"

t_log "$daemon: adding $bonds bonds with $ports port(s) each through nmcli"
start=$(date +%s%N)
k=1
for ((i = 0; i < bonds; i++)); do
	if [[ "$ip" == dhcp ]]; then
		ip_settings=(ipv4.method auto)
	else
		ip_settings=(ipv4.method manual ipv4.addresses "10.$((i / 256)).$((i % 256)).1/24")
	fi
	b_nmcli connection add type bond ifname "bond$i" con-name "bond$i" autoconnect yes \
		bond.options mode=active-backup,miimon=100 "${ip_settings[@]}" \
		ipv6.method disabled >/dev/null || t_fail "$daemon: nmcli connection add bond$i"
	for ((j = 0; j < ports; j++, k++)); do
		b_nmcli connection add type ethernet slave-type bond master "bond$i" \
			ifname "eth$k" con-name "bond$i-eth$k" autoconnect yes >/dev/null ||
			t_fail "$daemon: nmcli connection add bond$i-eth$k"
	done
done

want=$((bonds * (1 + ports)))
all_active() {
	local n
	# Only ours: NetworkManager also shows its own "lo" connection.
	n=$(LC_ALL=C timeout 30 nmcli -g NAME,STATE connection show --active 2>/dev/null |
		grep -cE '^bond[0-9]+(-eth[0-9]+)?:activated$')
	[[ "$n" == "$want" ]] || return 1
	n=$(grep -l '^Slave Interface: ' /proc/net/bonding/bond* 2>/dev/null | wc -l)
	[[ "$n" == "$bonds" ]]
}
deadline=$(($(date +%s) + 300))
until all_active; do
	if (($(date +%s) > deadline)); then
		t_log "active connections by state:"
		LC_ALL=C timeout 30 nmcli -g NAME,STATE connection show --active |
			sed 's/^.*://' | sort | uniq -c >&2 || true
		t_log "bonds with ports in the kernel: $(grep -l '^Slave Interface: ' /proc/net/bonding/bond* 2>/dev/null | wc -l)"
		t_fail "$daemon: not all $want connections and $bonds bonds with ports active within 300s"
	fi
	sleep 1
done
t_log "$daemon: all $want connections active after $((($(date +%s%N) - start) / 1000000)) ms"
kill -0 "$B_PID" 2>/dev/null || t_fail "$daemon exited (log: $B_LOG)"

# Let timers and deferred work run out before reading the figures.
sleep "$settle"
b_result "$daemon" ${prefix}rss_active KiB "$(b_rss_kib "$B_PID" VmRSS)"
b_result "$daemon" ${prefix}hwm_active KiB "$(b_rss_kib "$B_PID" VmHWM)"
b_result "$daemon" ${prefix}anon_active KiB "$(b_rss_kib "$B_PID" RssAnon)"
b_result "$daemon" ${prefix}pss_active KiB "$(b_pss_kib "$B_PID")"
if [[ "$ip" == dhcp ]]; then
	leased=$(for ((i = 0; i < bonds; i++)); do ip -4 -o addr show dev "bond$i"; done | grep -c 'inet 192.0.2.')
	[[ "$leased" == "$bonds" ]] || t_fail "$daemon: $leased of $bonds bonds have a lease"
	clients=0
	for p in $(pgrep -x dhcpcd || true); do
		clients=$((clients + $(b_pss_kib "$p")))
	done
	b_result "$daemon" pss_dhcp_clients KiB "$clients"
fi
b_note "$daemon rss ($ip): $bonds bonds x $ports port(s), read ${settle}s after all $want connections were active"
