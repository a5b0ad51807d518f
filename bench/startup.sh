#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
#
# Start-up benchmark: how long from bondd's start until the real
# `nmcli connection show` lists every one of N ifcfg bond profiles, and how
# much memory bondd holds afterwards.  Prints figures; it is not a test.
#
#   bench/startup.sh [-b BUILD_DIR] [-n PROFILES] [-r REPEATS] [-p]
#     -b  meson build dir (default: $BONDD_BUILD_ROOT, else ./build)
#     -n  number of bond profiles (default 1000)
#     -r  repetitions (default 5)
#     -p  also write two ethernet port files per bond
#
# Output (one figure per line, e.g.):
#   startup_to_list_1000: min 0.21 s, median 0.24 s (5 runs)
#   rss_after_list: 9.8 MiB
#
# Runs as root: bondd gets a private dbus-daemon (path socket) and a fresh
# network namespace (unshare -n), never this machine's own.
#
# NetworkManager side by side: not here.  NM must never run in this
# machine's namespace, and Debian's NM has no ifcfg-rh plugin, so no ratio is
# computed by this script; the comparison against NM 1.42 is made inside the
# QEMU guest by a separate benchmark.
set -euo pipefail

build="${BONDD_BUILD_ROOT:-$(cd "$(dirname "$0")/.." && pwd)/build}"
count=1000
repeats=5
ports=0
while getopts "b:n:r:p" opt; do
    case "$opt" in
    b) build="$OPTARG" ;;
    n) count="$OPTARG" ;;
    r) repeats="$OPTARG" ;;
    p) ports=1 ;;
    *) sed -n '8,13p' "$0" >&2; exit 2 ;;
    esac
done

bondd="$build/src/core/bondd"
[ "$(id -u)" = 0 ] || { echo "startup.sh: needs root (unshare -n)" >&2; exit 1; }
[ -x "$bondd" ] || { echo "startup.sh: $bondd not built" >&2; exit 1; }

work="$(mktemp -d /tmp/bondd-bench.XXXXXX)"
bus_pids=""
bondd_pid=""
cleanup() {
    [ -n "$bondd_pid" ] && kill -KILL "$bondd_pid" 2>/dev/null || true
    for p in $bus_pids; do kill -TERM "$p" 2>/dev/null || true; done
    wait 2>/dev/null || true
    rm -rf "$work"
}
trap cleanup EXIT INT TERM

mkdir -p "$work/ifcfg" "$work/plugins" "$work/state" "$work/run"
for so in "$build"/src/settings-plugins/*/libbondd-settings-*.so "$build"/src/device-plugins/*/libbondd-device-*.so; do
    [ -e "$so" ] && ln -s "$so" "$work/plugins/"
done

# --- profiles ---------------------------------------------------------------
uuid_of() { printf 'b0dd%04x-0000-4000-8000-%012x' "$1" "$1"; }
modes=(active-backup balance-rr 802.3ad balance-xor)
for ((i = 0; i < count; i++)); do
    mode="${modes[i % 4]}"
    opts="mode=$mode miimon=100"
    [ "$mode" = active-backup ] && opts="$opts primary=eth$((2 * i))"
    [ "$mode" = 802.3ad ] && opts="$opts lacp_rate=fast xmit_hash_policy=layer3+4"
    cat > "$work/ifcfg/ifcfg-bond$i" <<EOF
DEVICE=bond$i
TYPE=Bond
BONDING_MASTER=yes
BONDING_OPTS="$opts"
NAME=bond$i
UUID=$(uuid_of "$i")
ONBOOT=no
BOOTPROTO=none
IPADDR=10.$((i / 256)).$((i % 256)).1
PREFIX=24
IPV6INIT=yes
IPV6_AUTOCONF=yes
IPV6_ADDR_GEN_MODE=stable-privacy
EOF
    if [ "$ports" = 1 ]; then
        for p in 0 1; do
            cat > "$work/ifcfg/ifcfg-port$i-$p" <<EOF
TYPE=Ethernet
DEVICE=eth$((2 * i + p))
NAME=port$i-$p
MASTER=bond$i
SLAVE=yes
ONBOOT=no
EOF
        done
    fi
done
expected=$count
[ "$ports" = 1 ] && expected=$((count * 3))

# --- private system-like buses -------------------------------------------------
# Debian's system bus keeps dbus-daemon's built-in max_replies_per_connection
# of 128.  libnm sends one GetSettings per profile, all at once, so on a
# stock bus nmcli sees only the profiles answered before the 129th pending
# call is refused (LimitsExceeded) -- whatever the daemon, NetworkManager
# too.  The timing runs therefore use a bus with that limit raised; one extra
# run on a stock bus reports how many profiles nmcli sees there.
start_bus() { # NAME EXTRA_XML
    cat > "$work/$1.conf" <<EOF
<!DOCTYPE busconfig PUBLIC "-//freedesktop//DTD D-Bus Bus Configuration 1.0//EN"
 "http://www.freedesktop.org/standards/dbus/1.0/busconfig.dtd">
<busconfig>
  <type>system</type>
  <listen>unix:path=$work/$1.sock</listen>
  <auth>EXTERNAL</auth>
  $2
  <policy context="default">
    <allow user="*"/><allow send_destination="*"/><allow receive_sender="*"/>
  </policy>
  <policy user="root"><allow own="*"/></policy>
</busconfig>
EOF
    dbus-daemon --config-file="$work/$1.conf" --nofork --nopidfile 2>> "$work/dbus-daemon.log" &
    bus_pids="$bus_pids $!"
    for _ in $(seq 250); do [ -S "$work/$1.sock" ] && return 0; sleep 0.02; done
    echo "startup.sh: dbus-daemon did not start" >&2
    exit 1
}
start_bus stock ""
start_bus raised '<limit name="max_replies_per_connection">65536</limit>'
export LANG=C LC_ALL=C
printf '[main]\nmonitor-connection-files=true\n[keyfile]\npath=%s\n' "$work/keyfile" > "$work/bondd.conf"

now() { date +%s%N; }
start_bondd() {
    unshare -n -- /bin/sh -c 'ip link set lo up && exec "$0" "$@"' "$bondd" --no-daemon \
        --config "$work/bondd.conf" --ifcfg-dir "$work/ifcfg" --state-dir "$work/state" \
        --run-dir "$work/run" --plugin-dir "$work/plugins" 2> "$work/bondd.log" &
    bondd_pid=$!
}
stop_bondd() {
    local rc=0
    kill -TERM "$bondd_pid"
    wait "$bondd_pid" || rc=$?
    bondd_pid=""
    [ "$rc" = 0 ] || { echo "startup.sh: bondd exited with $rc on SIGTERM" >&2; exit 1; }
}
check_alive() {
    if ! kill -0 "$bondd_pid" 2>/dev/null; then
        echo "startup.sh: bondd exited; its log:" >&2
        cat "$work/bondd.log" >&2
        exit 1
    fi
}
count_listed() { # the number of profiles nmcli lists; fails while NM "is not running"
    local out
    out=$(nmcli -t -f UUID connection show 2>/dev/null) || return 1
    printf '%s' "$out" | grep -c . || true
}

# 1. stock bus limits: how many profiles does nmcli see once bondd is up?
export DBUS_SYSTEM_BUS_ADDRESS="unix:path=$work/stock.sock"
start_bondd
until count_listed > /dev/null; do check_alive; done
sleep 1 # let start-up settle, then ask
stock_listed=$(count_listed) || stock_listed=0
stop_bondd

# 2. timing runs on the bus with the raised limit
export DBUS_SYSTEM_BUS_ADDRESS="unix:path=$work/raised.sock"
times=()
first_times=()
warm_times=()
rss_kib=0
for ((run = 1; run <= repeats; run++)); do
    t0=$(now)
    start_bondd
    listed=0
    first=""
    deadline=$((t0 + 60 * 1000000000))
    while :; do
        check_alive
        if listed=$(count_listed); then
            [ -n "$first" ] || first=$(now)
            [ "$listed" -ge "$expected" ] && break
        fi
        if [ "$(now)" -gt "$deadline" ]; then
            echo "startup.sh: only $listed of $expected profiles listed after 60 s; bondd's log:" >&2
            tail -n 20 "$work/bondd.log" >&2
            exit 1
        fi
    done
    t1=$(now)
    times+=($(((t1 - t0) / 1000)))
    first_times+=($(((first - t0) / 1000)))
    rss_kib=$(awk '/^VmRSS:/ { print $2 }' "/proc/$bondd_pid/status")
    # the client's own share: one more listing against the running daemon
    t2=$(now)
    count_listed > /dev/null
    warm_times+=($((($(now) - t2) / 1000)))
    stop_bondd
done

fmt_s() { awk -v us="$1" 'BEGIN { printf "%.3f", us / 1e6 }'; }
summary() { # min and median of the arguments (microseconds)
    local sorted
    mapfile -t sorted < <(printf '%s\n' "$@" | sort -n)
    echo "min $(fmt_s "${sorted[0]}") s, median $(fmt_s "${sorted[$(((${#sorted[@]} - 1) / 2))]}") s"
}
label="startup_to_list_$count"
[ "$ports" = 1 ] && label="${label}_with_ports"
echo "$label: $(summary "${times[@]}") ($repeats runs, $expected profiles, nmcli polled back to back)"
echo "startup_to_first_nmcli_answer: $(summary "${first_times[@]}")"
echo "nmcli_list_running_daemon: $(summary "${warm_times[@]}")"
echo "rss_after_list: $(awk -v k="$rss_kib" 'BEGIN { printf "%.1f", k / 1024 }') MiB"
echo "listed_with_stock_bus_limit: $stock_listed of $expected (dbus-daemon max_replies_per_connection=128)"
