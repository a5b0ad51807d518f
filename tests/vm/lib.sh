# SPDX-License-Identifier: GPL-2.0-or-later
# shellcheck shell=bash
#
# Helpers for test cases that run inside the QEMU guest (tests/vm/run-in-vm).
# Source it from a bash case:   . "$(dirname "$0")/../lib.sh"
#
# Conventions (see README.md):
#   - A case exits 0 on success, 77 to skip, anything else on failure; t_fail
#     prints why.  Cleanups registered with t_defer run at exit, last first.
#   - Ports are veth pairs: the bond side (eth1, eth2, ...) in the guest's
#     root netns, the peer ("sw-eth1") in the "switch" netns, where all peers
#     hang off bridge br0 that owns $T_SWITCH_ADDR4.  Taking a peer down
#     drops the carrier of the bond side, as pulling a cable does.
#   - bondd runs on a private system bus at the standard socket path, so
#     nmcli/gdbus/busctl inside the guest find it without any setup.

T_NAME="$(basename "${0%.sh}")"
T_SWITCH_NS=switch
T_SWITCH_ADDR4=192.0.2.254
T_SWITCH_PREFIX=24
T_BUS_SOCKET=/run/dbus/system_bus_socket
T_WORK=/run/bondd-test
T_DEFERRED=()
# The daemon that t_bondd_start starts: bondd, or NetworkManager ("nm").
T_DAEMON="${BONDD_TEST_DAEMON:-bondd}"

t_log() { printf '[%s] %s\n' "$T_NAME" "$*" >&2; }

t_fail() {
	T_FAIL_MSG="$*"
	printf '[%s] FAIL: %s\n' "$T_NAME" "$*" >&2
	exit 1
}

t_skip() {
	printf '[%s] SKIP: %s\n' "$T_NAME" "$*" >&2
	exit 77
}

# t_defer CMD [ARG...]: run CMD at exit (in reverse order of registration).
t_defer() {
	local q
	printf -v q '%q ' "$@"
	T_DEFERRED+=("$q")
}

_t_run_deferred() {
	local rc=$? i
	for ((i = ${#T_DEFERRED[@]} - 1; i >= 0; i--)); do
		eval "${T_DEFERRED[i]}" >/dev/null 2>&1 || true
	done
	return $rc
}
trap _t_run_deferred EXIT

# Refuse to run anywhere but the guest: these helpers create links and start
# a daemon that would take over the host's interfaces.
t_require_guest() {
	[[ "${BONDD_VM:-}" == 1 && "$(hostname)" == bondd-vm ]] ||
		t_fail "must run inside the test guest (tests/vm/run-in-vm), never on the host"
	[[ $EUID == 0 ]] || t_fail "must run as root in the guest"
	mkdir -p "$T_WORK"
}

# t_wait_for SECONDS DESCRIPTION CMD [ARG...]: poll CMD every 0.1 s until it
# succeeds; fail naming DESCRIPTION when SECONDS pass first.
t_wait_for() {
	local secs="$1" what="$2" deadline
	shift 2
	deadline=$(($(date +%s%N) + secs * 1000000000))
	until "$@" >/dev/null 2>&1; do
		if (($(date +%s%N) > deadline)); then
			t_fail "timed out after ${secs}s waiting for: $what"
		fi
		sleep 0.1
	done
}

# t_expect_eq WHAT EXPECTED ACTUAL
t_expect_eq() {
	[[ "$2" == "$3" ]] || t_fail "$1: expected '$2', got '$3'"
}

# cmd | t_contains PATTERN: whether the input has a line matching PATTERN.
# Reads all of it first: under pipefail, "cmd | grep -q" fails when grep
# exits at the first match while cmd still writes (ip writes a link's
# addresses one by one and then dies of SIGPIPE).
t_contains() {
	local input
	input=$(cat)
	grep -q -- "$1" <<<"$input"
}

# t_ping ADDR [NS]: one echo request must be answered within 2 s.
t_ping() {
	local addr="$1" ns="${2:-}" cmd=(ping)
	command -v ping >/dev/null || cmd=(busybox ping)
	if [[ -n "$ns" ]]; then
		ip netns exec "$ns" "${cmd[@]}" -c 1 -W 2 "$addr" >/dev/null 2>&1
	else
		"${cmd[@]}" -c 1 -W 2 "$addr" >/dev/null 2>&1
	fi
}

# --- the "switch" --------------------------------------------------------

# t_switch_create: the switch netns with bridge br0 holding T_SWITCH_ADDR4.
t_switch_create() {
	ip netns add "$T_SWITCH_NS" || t_fail "ip netns add $T_SWITCH_NS"
	t_defer ip netns del "$T_SWITCH_NS"
	ip -n "$T_SWITCH_NS" link set lo up
	ip -n "$T_SWITCH_NS" link add br0 type bridge || t_fail "create bridge br0 in $T_SWITCH_NS"
	ip -n "$T_SWITCH_NS" addr add "$T_SWITCH_ADDR4/$T_SWITCH_PREFIX" dev br0
	ip -n "$T_SWITCH_NS" link set br0 up
}

# t_dnsmasq_start [ARG...]: dnsmasq in the switch netns serving DHCPv4 on
# br0 (192.0.2.100-150, leases of 2 minutes, dnsmasq's shortest), name
# server 192.0.2.53, domain bondd.test; ARGs add to its command line (an
# IPv6 range, --enable-ra).  Its lease file is $T_DNSMASQ_LEASES, its log
# dnsmasq-CASE.log in the output directory.
t_dnsmasq_start() {
	command -v dnsmasq >/dev/null || t_fail "dnsmasq not installed (Debian package dnsmasq-base)"
	T_DNSMASQ_LEASES="$T_WORK/dnsmasq.leases"
	T_DNSMASQ_LOG="${BONDD_VM_OUT:-$T_WORK}/dnsmasq-$T_NAME.log"
	mkdir -p "$T_WORK"
	: >"$T_DNSMASQ_LEASES"
	ip netns exec "$T_SWITCH_NS" dnsmasq --keep-in-foreground --conf-file=/dev/null --port=0 \
		--interface=br0 --bind-interfaces --dhcp-authoritative --log-dhcp \
		--dhcp-range=192.0.2.100,192.0.2.150,255.255.255.0,2m \
		--dhcp-option=option:dns-server,192.0.2.53 --domain=bondd.test \
		--dhcp-option=option:ntp-server,192.0.2.123 \
		--dhcp-leasefile="$T_DNSMASQ_LEASES" --log-facility="$T_DNSMASQ_LOG" "$@" &
	T_DNSMASQ_PID=$!
	t_defer kill "$T_DNSMASQ_PID"
	t_wait_for 10 "dnsmasq listening" grep -q "DHCP, sockets bound" "$T_DNSMASQ_LOG"
}

# t_ra_start [PREFIX [EXTRA-CONF]]: a real IPv6 router in the switch: radvd
# (Debian's radvd) advertising on br0 PREFIX (default $T_RA_PREFIX) as
# on-link and autonomous (valid 3600 s, preferred 1800 s), itself as a
# default router of high preference for 600 s, RDNSS $T_RA_DNS and DNSSL
# $T_RA_DOMAIN, MTU 1400, every 3 to 10 s and after a solicitation (at
# most one advertisement in 3 s, RFC 4861); EXTRA-CONF goes into its
# interface block.  br0 gets a dummy
# port so that it has carrier (and radvd a link-local source address)
# before any port of the guest is up.  Sets T_RA_ROUTER (br0's link-local
# address).
T_RA_PREFIX=2001:db8:1::
T_RA_DNS=2001:db8:1::53
T_RA_DOMAIN=example.test
t_ra_start() {
	local prefix="${1:-$T_RA_PREFIX}" extra="${2:-}" conf="$T_WORK/radvd.conf"
	command -v radvd >/dev/null || t_fail "radvd not installed (Debian package radvd)"
	mkdir -p "$T_WORK"
	ip -n "$T_SWITCH_NS" link add sw-ra type dummy || t_fail "create sw-ra in $T_SWITCH_NS"
	ip -n "$T_SWITCH_NS" link set sw-ra master br0 up
	ip netns exec "$T_SWITCH_NS" sysctl -qw net.ipv6.conf.all.forwarding=1
	cat >"$conf" <<-EOF
		interface br0 {
			AdvSendAdvert on;
			MinRtrAdvInterval 3;
			MaxRtrAdvInterval 10;
			AdvDefaultLifetime 600;
			AdvDefaultPreference high;
			AdvLinkMTU 1400;
			$extra
			prefix $prefix/64 {
				AdvOnLink on;
				AdvAutonomous on;
				AdvValidLifetime 3600;
				AdvPreferredLifetime 1800;
			};
			RDNSS $T_RA_DNS { AdvRDNSSLifetime 600; };
			DNSSL $T_RA_DOMAIN { AdvDNSSLLifetime 600; };
		};
	EOF
	t_wait_for 10 "br0's link-local address" bash -c \
		"ip -n $T_SWITCH_NS -6 addr show dev br0 scope link | grep -qv tentative"
	T_RA_ROUTER="$(ip -n "$T_SWITCH_NS" -6 -o addr show dev br0 scope link | awk '{print $4}' | cut -d/ -f1)"
	ip netns exec "$T_SWITCH_NS" radvd --nodaemon --config "$conf" --pidfile "$T_WORK/radvd.pid" \
		--logmethod stderr >"${BONDD_VM_OUT:-$T_WORK}/radvd-$T_NAME.log" 2>&1 &
	local pid=$!
	t_defer kill "$pid"
	t_wait_for 5 "radvd to run" test -s "$T_WORK/radvd.pid"
}

# t_veth_port NAME: veth NAME (guest root netns, left down so that it can be
# enslaved) <-> sw-NAME (switch netns, in br0, up).
t_veth_port() {
	local name="$1" peer="sw-$1"
	ip link add "$name" type veth peer name "$peer" netns "$T_SWITCH_NS" ||
		t_fail "create veth $name <-> $T_SWITCH_NS/$peer"
	t_defer ip link del "$name"
	ip -n "$T_SWITCH_NS" link set "$peer" master br0 || t_fail "add $peer to br0"
	ip -n "$T_SWITCH_NS" link set "$peer" up || t_fail "set $peer up"
}

# t_cable NAME up|down: plug or pull the "cable" of port NAME (its peer's
# admin state, so the port's carrier follows).
t_cable() {
	ip -n "$T_SWITCH_NS" link set "sw-$1" "$2" || t_fail "set sw-$1 $2"
}

# --- kernel bond state ---------------------------------------------------

# t_bond_active BOND: the "Currently Active Slave" of BOND, or "None".
t_bond_active() {
	sed -n 's/^Currently Active Slave: //p' "/proc/net/bonding/$1" 2>/dev/null
}

# t_bond_port_field BOND PORT FIELD: a field ("MII Status", "Link Failure
# Count", ...) from PORT's block in /proc/net/bonding/BOND.
t_bond_port_field() {
	awk -v port="$2" -v field="$3" '
		/^Slave Interface: / { cur = $3 }
		cur == port && index($0, field ": ") == 1 { sub(/^[^:]*: /, ""); print; exit }
	' "/proc/net/bonding/$1"
}

# t_bond_ports BOND: the ports listed in /proc/net/bonding/BOND, one a line.
t_bond_ports() {
	sed -n 's/^Slave Interface: //p' "/proc/net/bonding/$1"
}

# --- D-Bus and bondd -----------------------------------------------------

# t_build_root: the meson build directory whose binaries the case tests.
t_build_root() {
	local b="${MESON_BUILD_ROOT:-${BONDD_BUILD_ROOT:-}}"
	[[ -n "$b" && -d "$b" ]] || t_fail "MESON_BUILD_ROOT (or BONDD_BUILD_ROOT) must name the build directory"
	echo "$b"
}

# t_dbus_start: a private system bus at the standard socket path.  Policy:
# NetworkManager's and bondd's (from the source tree, when present) plus
# "root may do anything", which is what the tests run as.
t_dbus_start() {
	local conf="$T_WORK/system-bus.conf" src="${MESON_SOURCE_ROOT:-}" f
	mkdir -p /run/dbus
	{
		cat <<-EOF
			<!DOCTYPE busconfig PUBLIC "-//freedesktop//DTD D-Bus Bus Configuration 1.0//EN"
			 "http://www.freedesktop.org/standards/dbus/1.0/busconfig.dtd">
			<busconfig>
			  <type>system</type>
			  <listen>unix:path=$T_BUS_SOCKET</listen>
			  <auth>EXTERNAL</auth>
			  <policy context="default">
			    <allow user="*"/>
			    <deny own="*"/>
			    <deny send_type="method_call"/>
			    <allow send_type="signal"/>
			    <allow send_requested_reply="true" send_type="method_return"/>
			    <allow send_requested_reply="true" send_type="error"/>
			    <allow receive_type="method_call"/>
			    <allow receive_type="method_return"/>
			    <allow receive_type="error"/>
			    <allow receive_type="signal"/>
			    <allow send_destination="org.freedesktop.DBus"/>
			  </policy>
			  <includedir>/usr/share/dbus-1/system.d</includedir>
		EOF
		if [[ -n "$src" && -d "$src/data" ]]; then
			for f in "$src"/data/*.conf "$src"/data/dbus/*.conf; do
				[[ -f "$f" ]] && grep -q '<busconfig' "$f" && echo "  <include>$f</include>"
			done
		fi
		cat <<-EOF
			  <policy user="root">
			    <allow own="*"/>
			    <allow send_type="method_call"/>
			  </policy>
			</busconfig>
		EOF
	} >"$conf"
	dbus-daemon --config-file="$conf" --nofork --nopidfile --print-address=3 \
		3>"$T_WORK/bus-address" >"$T_WORK/dbus.log" 2>&1 &
	T_DBUS_PID=$!
	t_defer kill "$T_DBUS_PID"
	export DBUS_SYSTEM_BUS_ADDRESS="unix:path=$T_BUS_SOCKET"
	t_wait_for 10 "the private system bus ($T_BUS_SOCKET)" test -S "$T_BUS_SOCKET"
	t_wait_for 10 "the private system bus to answer" \
		gdbus call --system --dest org.freedesktop.DBus --object-path /org/freedesktop/DBus \
		--method org.freedesktop.DBus.GetId
}

# t_plugin_dir: a directory of symlinks to the plugins in the build tree
# (they are built in different subdirectories; bondd wants one directory).
# The ifcfg settings plugin and the bond device plugin must be there.
t_plugin_dir() {
	local build dir="$T_WORK/plugins" so
	build="$(t_build_root)"
	mkdir -p "$dir"
	for so in "$build"/src/settings-plugins/*/libbondd-settings-*.so "$build"/src/device-plugins/*/libbondd-device-*.so; do
		[[ -f "$so" ]] || continue
		ln -sf "$so" "$dir/"
	done
	[[ -e "$dir/libbondd-settings-ifcfg.so" && -e "$dir/libbondd-device-bond.so" ]] ||
		t_fail "expected the ifcfg settings and the bond device plugin in $build/src/{settings,device}-plugins (built?)"
	echo "$dir"
}

# t_bondd_conf: bondd.conf for a daemon run from the build tree: the DHCP
# helper is in the build tree; every settings plugin stores under $T_WORK,
# never in the guest's /etc; a case adds its own keys with T_BONDD_CONF
# (e.g. [dhcp] client-path=...).
t_bondd_conf() {
	printf '[keyfile]\npath=%s\n[dhcp]\nhelper-path=%s\n%s\n' "$T_WORK/keyfile" \
		"$(t_build_root)/src/dhcp-helper/bondd-dhcp-helper" "${T_BONDD_CONF:-}"
}

# t_bondd_start IFCFG_DIR [BONDD_ARG...]: start bondd from the build tree on
# the private bus (t_dbus_start first), with its own state/run dirs and no
# system config (its config file holds the keyfile plugin's path, then
# $T_BONDD_CONF, empty by default); wait until it owns
# org.freedesktop.NetworkManager.  Its log goes to $T_BONDD_LOG (in
# $BONDD_VM_OUT when set, so --out keeps it).
#
# With BONDD_TEST_DAEMON=nm (passed into the guest like every BONDD_*
# variable) it starts NetworkManager instead (t_nm_start; IFCFG_DIR and the
# bondd arguments are ignored), so that a case driven by nmcli can be run
# against the behaviour bondd follows.  T_BONDD_PID and T_BONDD_LOG then
# name NetworkManager's process and log.
t_bondd_start() {
	local ifcfg="$1" build bin plugins
	shift
	if [[ "$T_DAEMON" == nm ]]; then
		t_nm_start
		return
	fi
	[[ "$T_DAEMON" == bondd ]] || t_fail "BONDD_TEST_DAEMON must be bondd or nm, not '$T_DAEMON'"
	build="$(t_build_root)"
	bin="$build/src/core/bondd"
	[[ -x "$bin" ]] || t_fail "$bin not built"
	plugins="$(t_plugin_dir)" || exit 1
	mkdir -p "$ifcfg" "$T_WORK/state" "$T_WORK/run"
	t_bondd_conf >"$T_WORK/bondd.conf"
	T_BONDD_LOG="${BONDD_VM_OUT:-$T_WORK}/bondd-$T_NAME.log"
	"$bin" --no-daemon --debug --config "$T_WORK/bondd.conf" --plugin-dir "$plugins" \
		--ifcfg-dir "$ifcfg" --state-dir "$T_WORK/state" --run-dir "$T_WORK/run" "$@" \
		>"$T_BONDD_LOG" 2>&1 &
	T_BONDD_PID=$!
	t_defer kill "$T_BONDD_PID"
	local deadline=$(($(date +%s) + 15))
	until t_name_has_owner org.freedesktop.NetworkManager; do
		if ! kill -0 "$T_BONDD_PID" 2>/dev/null; then
			wait "$T_BONDD_PID"
			t_log "bondd exited with status $? before owning the bus name; its log:"
			tail -n 40 "$T_BONDD_LOG" | sed 's/^/  | /' >&2
			t_fail "bondd did not start"
		fi
		if (($(date +%s) > deadline)); then
			tail -n 40 "$T_BONDD_LOG" | sed 's/^/  | /' >&2
			t_fail "bondd did not own org.freedesktop.NetworkManager within 15s"
		fi
		sleep 0.1
	done
}

# --- NetworkManager, as the reference (BONDD_TEST_DAEMON=nm) --------------

# t_udev_start: systemd-udevd in the guest (its /run is fresh, so this is
# the guest's own udev).  NetworkManager manages a link only once udev has
# processed it; bondd configures a link it made only once udev has (when
# udev runs).  A second call does nothing.
t_udev_start() {
	local udevd=/lib/systemd/systemd-udevd
	[[ -z "${T_UDEV_STARTED:-}" ]] || return 0
	[[ -x "$udevd" ]] || t_fail "$udevd not found (systemd-udevd is needed for NetworkManager)"
	"$udevd" --daemon >/dev/null 2>&1 || t_fail "systemd-udevd --daemon failed"
	t_defer udevadm control --exit
	udevadm trigger --action=add --subsystem-match=net >/dev/null 2>&1 || true
	udevadm settle --timeout=60 || t_fail "udevadm settle timed out"
	T_UDEV_STARTED=1
}

# t_wait_startup WHAT PID LOG: the daemon owns org.freedesktop.NetworkManager
# and says its start-up is complete (Manager.Startup false); fail with the
# end of LOG when PID exits first or 60 s pass.
t_wait_startup() {
	local what="$1" pid="$2" log="$3" deadline=$(($(date +%s) + 60))
	until t_name_has_owner org.freedesktop.NetworkManager &&
		gdbus call --system --dest org.freedesktop.NetworkManager \
			--object-path /org/freedesktop/NetworkManager \
			--method org.freedesktop.DBus.Properties.Get \
			org.freedesktop.NetworkManager Startup 2>/dev/null | grep -q false; do
		if ! kill -0 "$pid" 2>/dev/null; then
			t_log "$what exited before completing its start-up; its log:"
			tail -n 40 "$log" | sed 's/^/  | /' >&2
			t_fail "$what did not start"
		fi
		if (($(date +%s) > deadline)); then
			tail -n 40 "$log" | sed 's/^/  | /' >&2
			t_fail "$what did not complete its start-up within 60s"
		fi
		sleep 0.1
	done
}

# t_nm_start [LOG]: udev, then NetworkManager (Debian's 1.42, /usr/sbin) on
# the private bus with a private configuration, state and keyfile directory
# under $T_WORK/nm: the keyfile plugin only, no automatic "Wired connection"
# profiles, the guest's hostname left alone (t_require_guest checks it), no
# polkit, DNS or connectivity checks (none exist in the guest),
# logging at INFO (BONDD_TEST_NM_LOG_LEVEL overrides) to LOG (default
# $BONDD_VM_OUT/NetworkManager-CASE.log).  Sets T_NM_PID, T_NM_LOG and,
# for the helpers written for bondd, T_BONDD_PID and T_BONDD_LOG.  It runs
# in the guest only: on the host it would take over the machine's links.
# shellcheck disable=SC2120 # bench/vm-lib.sh passes LOG
t_nm_start() {
	local d="$T_WORK/nm" nm=/usr/sbin/NetworkManager
	t_require_guest
	[[ -x "$nm" ]] || t_fail "$nm not installed (Debian package network-manager)"
	t_udev_start
	mkdir -p "$d/conf.d" "$d/system-conf.d" "$d/connections"
	cat >"$d/NetworkManager.conf" <<-EOF
		[main]
		plugins=keyfile
		no-auto-default=*
		hostname-mode=none
		auth-polkit=false
		dns=none
		rc-manager=unmanaged
		systemd-resolved=false
		dhcp=internal
		# The guest's name is how t_require_guest knows it; addresses
		# from a router must not make NetworkManager rename it.
		hostname-mode=none

		[keyfile]
		path=$d/connections

		[logging]
		level=${BONDD_TEST_NM_LOG_LEVEL:-INFO}

		[connectivity]
		enabled=false
	EOF
	T_NM_LOG="${1:-${BONDD_VM_OUT:-$T_WORK}/NetworkManager-$T_NAME.log}"
	# --debug: stay in the foreground and log to stderr.
	"$nm" --no-daemon --debug --config "$d/NetworkManager.conf" \
		--config-dir "$d/conf.d" --system-config-dir "$d/system-conf.d" \
		--intern-config "$d/intern.conf" --state-file "$d/NetworkManager.state" \
		--pid-file "$d/NetworkManager.pid" >"$T_NM_LOG" 2>&1 &
	T_NM_PID=$!
	t_defer kill "$T_NM_PID"
	T_BONDD_PID=$T_NM_PID T_BONDD_LOG=$T_NM_LOG
	t_wait_startup NetworkManager "$T_NM_PID" "$T_NM_LOG"
}

# t_bondd_stop: SIGTERM, then wait (fail if it does not exit within 10 s).
t_bondd_stop() {
	[[ -n "${T_BONDD_PID:-}" ]] || return 0
	kill "$T_BONDD_PID" 2>/dev/null || true
	local i
	for ((i = 0; i < 100; i++)); do
		kill -0 "$T_BONDD_PID" 2>/dev/null || {
			wait "$T_BONDD_PID" 2>/dev/null || true
			T_BONDD_PID=""
			return 0
		}
		sleep 0.1
	done
	t_fail "bondd did not exit within 10s of SIGTERM"
}

t_name_has_owner() {
	gdbus call --system --dest org.freedesktop.DBus --object-path /org/freedesktop/DBus \
		--method org.freedesktop.DBus.NameHasOwner "$1" 2>/dev/null | grep -q true
}

# t_nmcli ARG...: nmcli against the private bus, terse and unlocalised, with a
# timeout so that a hung client fails the case instead of the whole guest.
t_nmcli() {
	LC_ALL=C timeout -k 2 30 nmcli --wait 20 "$@"
}

# --- bondd's own D-Bus state, traffic, reporting (the e2e-* cases) -------

# t_dev_path IFACE: the NetworkManager device object path of IFACE.
t_dev_path() {
	gdbus call --system --dest org.freedesktop.NetworkManager \
		--object-path /org/freedesktop/NetworkManager \
		--method org.freedesktop.NetworkManager.GetDeviceByIpIface "$1" 2>/dev/null |
		sed -n "s/^(objectpath '\(.*\)',)$/\1/p"
}

# t_bond_val BOND PROP [JQ]: property PROP of org.bondd.Device.Bond on
# BOND's device, as raw text, filtered by the jq program JQ (default ".":
# the value itself; e.g. Ports '.eth1.MiiStatus.data').  "null" for a key
# that is absent.
t_bond_val() {
	local path
	path="$(t_dev_path "$1")"
	[[ -n "$path" ]] || return 1
	busctl --system --json=short get-property org.freedesktop.NetworkManager "$path" \
		org.bondd.Device.Bond "$2" 2>/dev/null | jq -r ".data | ${3:-.}"
}

# t_bond_props BOND: every org.bondd.Device.Bond property of BOND in one
# call, as busctl JSON ({"Mode":{"type":"s","data":"..."},...}); pick with
# jq -r '.Mode.data'.  One call instead of one per property: under TCG each
# D-Bus client start costs a good part of a second.
t_bond_props() {
	local path
	path="$(t_dev_path "$1")"
	[[ -n "$path" ]] || return 1
	busctl --system --json=short call org.freedesktop.NetworkManager "$path" \
		org.freedesktop.DBus.Properties GetAll s org.bondd.Device.Bond 2>/dev/null |
		jq -c '.data[0]'
}

# t_ping_flood ADDR NS COUNT INTERVAL OUTFILE: COUNT echo requests INTERVAL
# seconds apart (busybox ping takes fractions) from netns NS to ADDR, in the
# background, summary to OUTFILE; sets T_PING_PID.  Stop it early with
# `kill -INT $T_PING_PID` (ping then prints its summary), read the summary
# with t_ping_received.
t_ping_flood() {
	ip netns exec "$2" busybox ping -q -c "$3" -i "$4" -W 2 "$1" >"$5" 2>&1 &
	# shellcheck disable=SC2034 # read by the cases
	T_PING_PID=$!
	T_PING_START=$(date +%s%N)
}

# t_ping_ran SECS: wait until the ping started last has run SECS seconds,
# so that a case's minimum of echoes does not depend on how fast the
# events it spans went.
t_ping_ran() {
	while (($(date +%s%N) - T_PING_START < $1 * 1000000000)); do
		sleep 0.1
	done
}

# t_ping_received OUTFILE: "TRANSMITTED RECEIVED" from a ping summary.
t_ping_received() {
	sed -n 's/^\([0-9]*\) packets transmitted, \([0-9]*\) packets received.*/\1 \2/p' "$1"
}

# t_ping_trace ADDR NS INTERVAL OUTFILE: echo requests INTERVAL seconds apart
# from netns NS to ADDR until stopped (`kill -INT $T_PING_PID`), one line
# per reply in OUTFILE, for t_ping_lost; sets T_PING_PID.
t_ping_trace() {
	ip netns exec "$2" busybox ping -i "$3" -W 2 "$1" >"$4" 2>&1 &
	# shellcheck disable=SC2034 # read by the cases
	T_PING_PID=$!
}

# t_ping_lost OUTFILE: "ANSWERED LOST" of a t_ping_trace: the requests up
# to the last one answered, and how many of those went unanswered (one in
# flight when ping was stopped is not lost).
t_ping_lost() {
	sed -n 's/.* seq=\([0-9]*\) .*/\1/p' "$1" | sort -n | uniq |
		awk '{ n++; last = $1 } END { if (n) print n, last + 1 - n; else print 0, 0 }'
}

# t_on_fail CMD [ARG...]: when the case fails (exit status other than 0 or
# 77), run CMD at exit with its output on the case's stderr (deferred
# commands are otherwise silenced), before the cleanups registered earlier.
# Register it after starting the daemons whose state it shows.
T_ON_FAIL=()
t_on_fail() {
	local q
	[[ -n "${_T_ERRFD:-}" ]] || exec {_T_ERRFD}>&2
	printf -v q '%q ' "$@"
	T_ON_FAIL+=("$q")
	if [[ -z "${_T_ON_FAIL_REGISTERED:-}" ]]; then
		_T_ON_FAIL_REGISTERED=1
		t_defer _t_run_on_fail
	fi
}

_t_run_on_fail() {
	# "rc" is _t_run_deferred's local: bash's dynamic scope lets us see it.
	local status="${rc:-0}" c
	[[ "$status" == 0 || "$status" == 77 ]] && return 0
	for c in "${T_ON_FAIL[@]}"; do
		eval "$c" >&"$_T_ERRFD" 2>&1 || true
	done
	# Said again below the diagnostics: a test runner keeps a log's end.
	[[ -z "${T_FAIL_MSG:-}" ]] || printf '[%s] FAIL (again): %s\n' "$T_NAME" "$T_FAIL_MSG" >&"$_T_ERRFD"
}

# t_diag: what a failing bond case wants to show: the kernel's bonds and
# links, nmcli's view, the end of bondd's log.
t_diag() {
	local f
	echo "----- diagnostics ($T_NAME) -----"
	for f in /proc/net/bonding/*; do
		[[ -e "$f" ]] || continue
		echo "== $f"
		cat "$f"
	done
	echo "== ip -br link / ip -br addr"
	ip -br link
	ip -br addr
	echo "== nmcli device / active connections"
	LC_ALL=C timeout 10 nmcli -t -f DEVICE,STATE,CONNECTION device 2>&1
	LC_ALL=C timeout 10 nmcli -t -f NAME,DEVICE,STATE connection show --active 2>&1
	if [[ -n "${T_BONDD_LOG:-}" && -f "$T_BONDD_LOG" ]]; then
		echo "== last 40 lines of $T_BONDD_LOG"
		tail -n 40 "$T_BONDD_LOG"
	fi
	echo "----- end of diagnostics -----"
}

# t_soft_fail MSG: record a failure but carry on, so that one run reports
# every independent problem; t_finish then fails the case if any was
# recorded, or logs PASS.
T_SOFT_FAILS=()
t_soft_fail() {
	printf '[%s] FAIL (continuing): %s\n' "$T_NAME" "$*" >&2
	T_SOFT_FAILS+=("$*")
}

t_finish() {
	if ((${#T_SOFT_FAILS[@]})); then
		t_fail "${#T_SOFT_FAILS[@]} check(s) failed: $(printf '%s; ' "${T_SOFT_FAILS[@]}")"
	fi
	t_log "PASS"
}

# --- NetworkManager semantics (the engine-* cases) -----------------------

# t_wait_soft SECS WHAT CMD...: t_wait_for that records a failure
# (t_soft_fail) instead of ending the case; returns 0 either way, so that
# `set -e` carries on.
t_wait_soft() {
	local secs="$1" what="$2" deadline
	shift 2
	deadline=$(($(date +%s%N) + secs * 1000000000))
	until "$@" >/dev/null 2>&1; do
		if (($(date +%s%N) > deadline)); then
			t_soft_fail "timed out after ${secs}s waiting for: $what"
			return 0
		fi
		sleep 0.1
	done
}

# t_check_eq WHAT EXPECTED ACTUAL: t_expect_eq that records a failure
# (t_soft_fail) and carries on.
t_check_eq() {
	[[ "$2" == "$3" ]] || t_soft_fail "$1: expected '$2', got '$3'"
}

# t_con_state NAME: GENERAL.STATE of profile NAME ("activated",
# "activating", ...; empty when it is not active).
t_con_state() {
	LC_ALL=C timeout 10 nmcli -g GENERAL.STATE connection show "$1" 2>/dev/null
}

# t_con_is NAME STATE: whether profile NAME is in STATE.
t_con_is() { [[ "$(t_con_state "$1")" == "$2" ]]; }

# t_cons_activated NAME...: whether every profile NAME is activated, asked
# in one nmcli call (each call costs a second or two under TCG).
t_cons_activated() {
	local active n
	active="$(LC_ALL=C timeout 10 nmcli -g NAME,STATE connection show --active 2>/dev/null)" || return 1
	for n in "$@"; do
		grep -qx "$n:activated" <<<"$active" || return 1
	done
}

# t_dev_state IFACE: the number of IFACE's device state (100 activated,
# 70 ip-config, 30 disconnected, 20 unavailable...).
t_dev_state() {
	LC_ALL=C timeout 10 nmcli -g GENERAL.STATE device show "$1" 2>/dev/null | cut -d' ' -f1
}

# t_master IFACE: the kernel's master of IFACE, empty when it has none.
t_master() {
	local m
	m="$(readlink "/sys/class/net/$1/master" 2>/dev/null)" || return 0
	basename "$m"
}

# t_ac_path IFACE: the object path of IFACE's active connection ("/" when
# it has none), from the device's ActiveConnection property.
t_ac_path() {
	local dev
	dev="$(t_dev_path "$1")"
	[[ -n "$dev" ]] || return 1
	busctl --system --json=short get-property org.freedesktop.NetworkManager "$dev" \
		org.freedesktop.NetworkManager.Device ActiveConnection 2>/dev/null | jq -r .data
}

# t_ac_flags IFACE: StateFlags of IFACE's active connection
# (org.freedesktop.NetworkManager.Connection.Active), as 0x-hex; fails when
# IFACE has no active connection.
t_ac_flags() {
	local ac v
	ac="$(t_ac_path "$1")" || return 1
	[[ -n "$ac" && "$ac" != / ]] || return 1
	v="$(busctl --system --json=short get-property org.freedesktop.NetworkManager "$ac" \
		org.freedesktop.NetworkManager.Connection.Active StateFlags 2>/dev/null | jq -r .data)" || return 1
	[[ "$v" =~ ^[0-9]+$ ]] || return 1
	printf '0x%x\n' "$v"
}

# t_add_ports BOND PORT...: one ethernet port profile per PORT (named after
# it) for controller BOND, through the real nmcli (1.42 spelling).
t_add_ports() {
	local bond=$1 p
	shift
	for p in "$@"; do
		t_nmcli connection add type ethernet slave-type bond master "$bond" ifname "$p" \
			con-name "$p" >/dev/null || t_fail "nmcli connection add $p (port of $bond)"
	done
}

# --- the client side (client-* cases) ------------------------------------

# t_client_setup: T_BONDCTL (bondctl from the build tree) and T_PROM_VALUE
# (tests/vm/prom-value, the metrics parser), and the environment in which
# Python finds libbondd's typelib and library of the build tree.
t_client_setup() {
	local build
	build="$(t_build_root)"
	T_BONDCTL="$build/src/bondctl/bondctl"
	T_PROM_VALUE="$MESON_SOURCE_ROOT/tests/vm/prom-value"
	[[ -x "$T_BONDCTL" ]] || t_fail "$T_BONDCTL not built"
	[[ -f "$build/src/libbondd/Bondd-1.typelib" ]] || t_fail "libbondd's typelib not built"
	export GI_TYPELIB_PATH="$build/src/libbondd" LD_LIBRARY_PATH="$build/src/libbondd"
}

# t_bond_with_ports BOND OPTIONS PORT...: a bond profile BOND with
# bond.options OPTIONS and no IP, and one port profile per PORT, through the
# real nmcli.
t_bond_with_ports() {
	local bond=$1 options=$2
	shift 2
	t_nmcli connection add type bond con-name "$bond" ifname "$bond" bond.options "$options" \
		ipv4.method disabled ipv6.method disabled >/dev/null ||
		t_fail "nmcli connection add $bond"
	t_add_ports "$bond" "$@"
}

# t_lacp_partner PORT...: an 802.3ad partner in the switch netns: bond
# "swbond" (lacp_rate fast) over the peers of veth ports PORT... (made here,
# cabled directly, not through br0); T_PARTNER_MAC is swbond's MAC address.
t_lacp_partner() {
	local p
	ip -n "$T_SWITCH_NS" link add swbond type bond mode 802.3ad lacp_rate fast miimon 100 ||
		t_fail "create the partner bond swbond"
	for p in "$@"; do
		ip link add "$p" type veth peer name "sw-$p" netns "$T_SWITCH_NS" || t_fail "create veth $p"
		t_defer ip link del "$p"
		ip -n "$T_SWITCH_NS" link set "sw-$p" master swbond || t_fail "enslave sw-$p to swbond"
	done
	ip -n "$T_SWITCH_NS" link set swbond up
	T_PARTNER_MAC="$(ip -n "$T_SWITCH_NS" -j link show swbond | jq -r '.[0].address')"
}
