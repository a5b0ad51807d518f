#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
#
# bondd and NetworkManager 1.42 side by side, in the QEMU guest (the real
# bonding driver; tests/vm/README.md).  Prints a table of figures and the
# ratios bondd/NetworkManager; it asserts nothing and is not a test.
#
#   bench/vm-bench.sh [-b BUILD_DIR] [-r REPEATS] [-k ROUNDS] [-n BONDS]
#                     [-p PORTS] [-R RSS_RUNS] [-d bondd|nm|both] [-o OUT_DIR]
#                     [-N NICE] [-L|-M|-6]
#     -b  meson build dir with bondd and its plugins built
#         (default: $BONDD_BUILD_ROOT, else ./build)
#     -r  repetitions of each latency measurement per guest (default 5)
#     -k  latency guests per daemon, alternating bondd / NM (default 2)
#     -n  bonds for the memory figure (default 50)
#     -p  ports per bond for the memory figure (default 1)
#     -R  guest runs of the memory figure per daemon (default 1)
#     -d  which daemon(s) to measure (default both)
#     -o  keep logs here (default: a new /tmp/bondd-vm-bench.XXXXXX)
#     -N  run each daemon's threads at this nice value (e.g. -15: the
#         daemon's own path, without its wait for a CPU; default: as started)
#     -L  latency figures only;  -M  memory figures only;
#     -6  address autoconfiguration figures only (5 SLAAC, 6 DHCP)
#
# Each daemon runs in its own fresh guest of the same size (2 vCPUs, 1 GiB,
# TCG), one guest at a time, with the same links, udev, private bus and
# nmcli commands.  Latency guests alternate between the daemons (ROUNDS
# rounds) so that a change in this machine's load hits both columns:
#   bench/vm-latency.sh  1. `nmcli con up bond0` until return / eth1 active
#                       1b. the probe's own D-Bus ActivateConnection of bond0
#                           until its reply / eth1 active / StateChanged 100
#                        2. carrier loss of eth1 until the kernel fails over,
#                           the daemon's D-Bus reaction, bondd's Failover
#   bench/vm-rss.sh      3./4. memory with BONDS active bonds (static
#                           addresses, then leases from dnsmasq)
#   bench/vm-ipauto.sh   5. D-Bus ActivateConnection of an ipv6.method auto
#                           bond until its SLAAC address (DAD done) / device
#                           activated, against radvd in the switch
#                        6. the same for ipv4.method auto against dnsmasq:
#                           until the leased address / device activated
# Latencies are min and median over the repetitions, in ms, from a
# CLOCK_MONOTONIC stamp taken just before nmcli / ip is started (1b: just
# before the ActivateConnection call is sent).  TCG makes every process
# start slow: compare the two columns, not against real hardware.  The
# guest kernel, initramfs and NetworkManager come from this machine
# (read-only); NetworkManager never runs outside the guest.
set -euo pipefail

here="$(cd "$(dirname "$0")" && pwd)"
src="$(cd "$here/.." && pwd)"
build="${BONDD_BUILD_ROOT:-$src/build}"
reps=5 rounds=2 bonds=50 ports=1 rss_runs=1 which=both out="" do_lat=1 do_rss=1 do_v6=1
nice_value=""
usage() {
	sed -n '8,23p' "$0" | sed 's/^# \{0,1\}//' >&2
	exit 2
}
while getopts "b:r:k:n:p:R:d:o:N:LM6h" opt; do
	case "$opt" in
	b) build="$OPTARG" ;;
	r) reps="$OPTARG" ;;
	k) rounds="$OPTARG" ;;
	n) bonds="$OPTARG" ;;
	p) ports="$OPTARG" ;;
	R) rss_runs="$OPTARG" ;;
	d) which="$OPTARG" ;;
	o) out="$OPTARG" ;;
	N) nice_value="$OPTARG" ;;
	L) do_rss=0 do_v6=0 ;;
	M) do_lat=0 do_v6=0 ;;
	6) do_lat=0 do_rss=0 ;;
	*) usage ;;
	esac
done
for v in reps rounds bonds ports rss_runs; do
	[[ "${!v}" =~ ^[1-9][0-9]*$ ]] || { echo "vm-bench: $v must be a positive number" >&2; exit 2; }
done
[[ -z "$nice_value" || ("$nice_value" =~ ^-?[0-9]+$ && nice_value -ge -20 && nice_value -le 19) ]] ||
	{ echo "vm-bench: -N wants a nice value (-20 to 19)" >&2; exit 2; }
guest_env=()
[[ -z "$nice_value" ]] || guest_env=(--env "BONDD_BENCH_NICE=$nice_value")
case "$which" in
both) daemons=(bondd nm) ;;
bondd | nm) daemons=("$which") ;;
*) echo "vm-bench: -d wants bondd, nm or both" >&2; exit 2 ;;
esac

build="$(cd "$build" 2>/dev/null && pwd)" || { echo "vm-bench: no build directory $build" >&2; exit 2; }
for f in src/core/bondd src/settings-plugins/ifcfg/libbondd-settings-ifcfg.so \
	src/device-plugins/bond/libbondd-device-bond.so; do
	[[ -e "$build/$f" ]] || {
		echo "vm-bench: $build/$f is missing: build it first (ninja -C $build)" >&2
		exit 2
	}
done
[[ -x /usr/sbin/NetworkManager || "$which" == bondd ]] || {
	echo "vm-bench: /usr/sbin/NetworkManager is not installed (it runs in the guest only)" >&2
	exit 2
}
if [[ -z "$out" ]]; then
	out="$(mktemp -d /tmp/bondd-vm-bench.XXXXXX)"
else
	mkdir -p "$out"
fi
results="$out/results.txt"
: >"$results"

export MESON_SOURCE_ROOT="$src" MESON_BUILD_ROOT="$build"
failed=()

# guest NAME TIMEOUT COMMAND...: one fresh guest; its BENCH lines are
# collected, the rest of its output kept in OUT/NAME.log.
guest() {
	local name="$1" tmo="$2" rc=0
	shift 2
	echo "vm-bench: $name ..." >&2
	(cd "$src" && "$src/tests/vm/run-in-vm" --timeout "$tmo" --out "$out/$name" \
		"${guest_env[@]}" -- "$@") \
		>"$out/$name.log" 2>&1 || rc=$?
	grep -E '^BENCH(-NOTE)? ' "$out/$name.log" >>"$results" || true
	if ((rc != 0)); then
		failed+=("$name (exit $rc; log $out/$name.log)")
		echo "vm-bench: $name FAILED with exit $rc; last lines of $out/$name.log:" >&2
		tail -n 15 "$out/$name.log" | sed 's/^/  | /' >&2
	fi
}

load_before="$(cut -d' ' -f1-3 /proc/loadavg)"
if ((do_lat)); then
	for ((k = 1; k <= rounds; k++)); do
		for d in "${daemons[@]}"; do
			guest "$d-latency-$k" $((300 + reps * 60)) bench/vm-latency.sh "$d" "$reps"
		done
	done
fi
if ((do_rss)); then
	for ((i = 1; i <= rss_runs; i++)); do
		for d in "${daemons[@]}"; do
			guest "$d-rss-$i" $((300 + bonds * (1 + ports) * 8)) \
				bench/vm-rss.sh "$d" "$bonds" "$ports"
			guest "$d-rss-dhcp-$i" $((300 + bonds * (1 + ports) * 8)) \
				bench/vm-rss.sh "$d" "$bonds" "$ports" dhcp
		done
	done
fi
if ((do_v6)); then
	for ((k = 1; k <= rounds; k++)); do
		for d in "${daemons[@]}"; do
			guest "$d-slaac-$k" $((300 + reps * 60)) bench/vm-ipauto.sh slaac "$d" "$reps"
			guest "$d-dhcp-$k" $((300 + reps * 60)) bench/vm-ipauto.sh dhcp "$d" "$reps"
		done
	done
fi
load_after="$(cut -d' ' -f1-3 /proc/loadavg)"

host="$(nproc) CPUs, load average $load_before before, $load_after after"
[[ -z "$nice_value" ]] || host="$host; the daemons' threads at nice $nice_value"
python3 - "$results" "$bonds" "$ports" "$host" \
	"${failed[@]}" <<'PYEOF'
import statistics
import sys

path, bonds, ports, host, failed = sys.argv[1], sys.argv[2], sys.argv[3], sys.argv[4], sys.argv[5:]
vals, notes = {}, []
for line in open(path):
    f = line.split()
    if f[0] == "BENCH":
        vals.setdefault((f[1], f[2]), []).extend(float(x) for x in f[4:])
    elif f[0] == "BENCH-NOTE":
        notes.append(" ".join(f[1:]))

rows = [
    ("1. nmcli con up bond0 -> nmcli returns", "up_return", "ms"),
    ("1. nmcli con up bond0 -> eth1 active in kernel", "up_active", "ms"),
    ("1. nmcli con up bond0 -> bond0 StateChanged 100", "up_device", "ms"),
    ("1b. D-Bus activate bond0 -> reply received", "act_reply", "ms"),
    ("1b. D-Bus activate bond0 -> eth1 active in kernel", "act_active", "ms"),
    ("1b. D-Bus activate bond0 -> bond0 StateChanged 100", "act_device", "ms"),
    ("2. cable pull -> eth1 carrier 0 (kernel)", "ip_carrier", "ms"),
    ("2. cable pull -> kernel fails over (miimon 100)", "kernel_failover", "ms"),
    ("2. cable pull -> eth1 carrier off on D-Bus", "dbus_carrier", "ms"),
    ("2.   same, after the kernel's carrier event", "dbus_carrier_after_ip", "ms"),
    ("2. cable pull -> eth1 device StateChanged", "port_state", "ms"),
    ("2. cable pull -> Failover signal received", "failover_signal", "ms"),
    ("2. cable pull -> Failover timestamp_us", "failover_stamp", "ms"),
    ("2.   Failover received after kernel failover", "failover_after_kernel", "ms"),
    ("3/4. VmRSS after start-up, no profiles", "rss_idle", "MiB"),
    ("3/4. VmRSS, %s bonds x %s port(s) active" % (bonds, ports), "rss_active", "MiB"),
    ("3/4. VmHWM (peak RSS), same", "hwm_active", "MiB"),
    ("3/4. RssAnon (heap etc.), same", "anon_active", "MiB"),
    ("3/4. Pss (shared libs split), same", "pss_active", "MiB"),
    ("3/4. DHCP: VmRSS, %s bonds x %s port(s) leased" % (bonds, ports), "dhcp_rss_active", "MiB"),
    ("3/4. DHCP: Pss, same", "dhcp_pss_active", "MiB"),
    ("3/4. DHCP: the DHCP client processes' Pss, summed", "pss_dhcp_clients", "MiB"),
    ("5. D-Bus activate (IPv6 auto) -> SLAAC address", "slaac_addr", "ms"),
    ("5. D-Bus activate (IPv6 auto) -> StateChanged 100", "slaac_activated", "ms"),
    ("6. D-Bus activate (IPv4 auto) -> leased address", "dhcp_addr", "ms"),
    ("6. D-Bus activate (IPv4 auto) -> StateChanged 100", "dhcp_activated", "ms"),
]


def cell(v, unit):
    if not v:
        return ("-", "-")
    scale = 1024.0 if unit == "MiB" else 1.0
    return ("%.1f" % (min(v) / scale), "%.1f" % (statistics.median(v) / scale))


head = "%-50s %-4s %9s %9s %9s %9s %11s" % ("figure", "unit", "bondd min", "median",
                                            "NM min", "median", "bondd/NM")
print(head)
print("-" * len(head))
for label, key, unit in rows:
    b, n = vals.get(("bondd", key), []), vals.get(("nm", key), [])
    if not b and not n:
        continue
    ratio = "-"
    if b and n and statistics.median(n) > 0:
        ratio = "%.2f" % (statistics.median(b) / statistics.median(n))
    print("%-50s %-4s %9s %9s %9s %9s %11s" % ((label, unit) + cell(b, unit) + cell(n, unit) +
                                              (ratio,)))
print()
print("min/median over the runs of each figure; ratios compare medians.")
print("host: " + host + " (TCG guests: a busy host slows every figure)")
for note in notes:
    print("note: " + note)
for f in failed:
    print("FAILED: " + f)
PYEOF
echo "vm-bench: logs and daemon logs in $out" >&2
((${#failed[@]} == 0))
