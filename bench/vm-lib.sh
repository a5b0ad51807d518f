# SPDX-License-Identifier: GPL-2.0-or-later
# shellcheck shell=bash
#
# Helpers for the benchmarks that run inside the QEMU guest (bench/vm-*.sh,
# started by bench/vm-bench.sh through tests/vm/run-in-vm).  Builds on the
# test harness helpers (tests/vm/lib.sh) and adds what a side-by-side
# comparison needs: either daemon (bondd from the build tree, or Debian's
# NetworkManager 1.42) started the same way on the guest's private bus, udev
# (NetworkManager only manages devices udev has seen), and a small Python
# probe that times events against CLOCK_MONOTONIC.
#
# Results are printed on stdout as lines the host collects:
#   BENCH <daemon> <metric> <unit> <value> [<value>...]
#   BENCH-NOTE <daemon> <free text>
# Everything else (progress, logs) goes to stderr.
#
# NetworkManager is started here and only here, and these helpers refuse to
# run outside the guest (t_require_guest): it must never run on the host.

# shellcheck source=../tests/vm/lib.sh
. "$(dirname "${BASH_SOURCE[0]}")/../tests/vm/lib.sh"

B_OUT="${BONDD_VM_OUT:-$T_WORK}"
B_PID=""
B_LOG=""

b_result() { echo "BENCH $*"; }
b_note() { echo "BENCH-NOTE $*"; }

# b_nmcli ARG...: nmcli against whichever daemon owns the bus name; its
# output goes to stderr so that stdout stays results only.
b_nmcli() {
	t_nmcli "$@" >&2
}

# b_udev_start: systemd-udevd in the guest (t_udev_start).  bondd does not
# need it, but runs with it too so that both daemons see the same event load.
b_udev_start() { t_udev_start; }

# b_wait_startup WHAT: the daemon B_PID completed its start-up
# (t_wait_startup).
b_wait_startup() { t_wait_startup "$1" "$B_PID" "$B_LOG"; }

# b_bondd_start: bondd from the build tree, as t_bondd_start does, but at
# its default log level (info), as NetworkManager runs below: --debug would
# charge bondd for formatting log lines the other side does not write.
b_bondd_start() {
	local build bin plugins ifcfg="$T_WORK/ifcfg"
	build="$(t_build_root)"
	bin="$build/src/core/bondd"
	[[ -x "$bin" ]] || t_fail "$bin not built"
	plugins="$(t_plugin_dir)" || exit 1
	rm -rf "$ifcfg"
	mkdir -p "$ifcfg" "$T_WORK/state" "$T_WORK/run"
	t_bondd_conf >"$T_WORK/bondd.conf"
	B_LOG="$B_OUT/bondd-$T_NAME.log"
	"$bin" --no-daemon --config "$T_WORK/bondd.conf" --plugin-dir "$plugins" \
		--ifcfg-dir "$ifcfg" --state-dir "$T_WORK/state" --run-dir "$T_WORK/run" \
		>"$B_LOG" 2>&1 &
	B_PID=$!
	t_defer kill "$B_PID"
	b_wait_startup bondd
}

# b_nm_start: NetworkManager with a private configuration, state and
# keyfile directory (t_nm_start: keyfile plugin only, no automatic "Wired
# connection" profiles, no polkit, DNS or connectivity checks, INFO).
b_nm_start() {
	B_LOG="$B_OUT/NetworkManager-$T_NAME.log"
	t_nm_start "$B_LOG"
	B_PID=$T_NM_PID
}

# b_start bondd|nm: start the daemon under test (t_dbus_start first).
b_start() {
	case "$1" in
	bondd) b_bondd_start ;;
	nm) b_nm_start ;;
	*) t_fail "unknown daemon '$1' (bondd or nm)" ;;
	esac
	t_log "$1 running as pid $B_PID"
	b_renice
}

# b_renice: with BONDD_BENCH_NICE set (vm-bench.sh -N), every thread of the
# daemon B_PID at that nice value; threads it starts later inherit it.
b_renice() {
	local task
	[[ -n "${BONDD_BENCH_NICE:-}" ]] || return 0
	for task in /proc/"$B_PID"/task/*; do
		# A thread may end meanwhile (a pool thread): only a live one counts.
		renice -n "$BONDD_BENCH_NICE" -p "${task##*/}" >/dev/null 2>&1 || [[ ! -e "$task" ]] ||
			t_fail "cannot renice thread ${task##*/} of $B_PID"
	done
	t_log "the daemon's threads at nice $BONDD_BENCH_NICE"
}

# b_rss_kib PID FIELD: a field of /proc/PID/status in KiB (VmRSS, VmHWM...).
b_rss_kib() {
	awk -v f="$2:" '$1 == f { print $2; found = 1 } END { exit !found }' "/proc/$1/status" ||
		t_fail "no $2 in /proc/$1/status (daemon gone?)"
}

# b_pss_kib PID: proportional set size (shared pages split between users).
b_pss_kib() {
	awk '$1 == "Pss:" { print $2 }' "/proc/$1/smaps_rollup"
}

# b_probe DAEMON FIGURE REPEATS BOND PORT,PORT...: run the timing probe
# (below) with python3 from the host's /usr (python3-gi); FIGURE is up
# (figure 1), activate (1b), failover (2) or all; its BENCH lines go to
# stdout.
b_probe() {
	/usr/bin/python3 -u -c "$B_PROBE_PY" "$@"
}

# The probe.  One process does every repetition, so that Python's start-up
# (slow under TCG) is paid once and never measured.  Events are taken from
# three sources, each stamped with time.monotonic() (CLOCK_MONOTONIC, the
# clock of bondd's Failover timestamp) when the probe sees it:
#   - `ip -o monitor link`: wakes the probe on every link change (the
#     kernel announces a bond's active-port change as RTM_NEWLINK), at which
#     point sysfs is read; a 2 ms timer re-reads sysfs as well, so an event
#     the monitor does not carry is late by at most ~2 ms;
#   - D-Bus signals of the daemon under test (Failover, StateChanged,
#     PropertiesChanged), stamped on arrival;
#   - the nmcli child, polled by the same 2 ms timer;
#   - the reply to the probe's own ActivateConnection call (figure 1b),
#     stamped when it is dispatched, like a signal.
# shellcheck disable=SC2016
B_PROBE_PY=$(
	cat <<'PYEOF'
import os
import statistics
import subprocess
import sys
import time

import gi

gi.require_version("Gio", "2.0")
from gi.repository import Gio, GLib  # noqa: E402

NM = "org.freedesktop.NetworkManager"
NM_PATH = "/org/freedesktop/NetworkManager"
DEV = NM + ".Device"
WIRED = DEV + ".Wired"
PROPS = "org.freedesktop.DBus.Properties"
BOND_IFACE = "org.bondd.Device.Bond"
IFACE_FLAG_CARRIER = 0x10000
ENV = dict(os.environ, LC_ALL="C")
# How long to wait for the events of one carrier loss.  A daemon that
# reacts after a deliberate delay (NetworkManager defers acting on a lost
# carrier for a few seconds) still fits; one that never reacts costs this
# much per run.
WAIT_EVENTS = 8


def log(msg):
    print("[probe] " + msg, file=sys.stderr, flush=True)


def die(msg):
    log("FAIL: " + msg)
    sys.exit(1)


def sysfs(path):
    try:
        with open(path) as f:
            return f.read().strip()
    except OSError:
        return None


class Signal:
    def __init__(self, t, path, iface, member, args):
        self.t, self.path, self.iface, self.member, self.args = t, path, iface, member, args


class Probe:
    def __init__(self, daemon, switch_ns):
        self.daemon = daemon
        self.switch_ns = switch_ns
        self.bus = Gio.bus_get_sync(Gio.BusType.SYSTEM, None)
        self.ctx = GLib.MainContext.default()
        self.signals = []
        self.watch = {}
        self.seen = {}
        for iface, member in ((BOND_IFACE, "Failover"), (DEV, "StateChanged"),
                              (PROPS, "PropertiesChanged")):
            self.bus.signal_subscribe(NM, iface, member, None, None,
                                      Gio.DBusSignalFlags.NONE, self._on_signal)
        self.mon = subprocess.Popen(["ip", "-o", "monitor", "link"], stdout=subprocess.PIPE)
        fd = self.mon.stdout.fileno()
        os.set_blocking(fd, False)
        GLib.io_add_watch(fd, GLib.PRIORITY_HIGH, GLib.IOCondition.IN, self._on_monitor)
        GLib.timeout_add(2, self._on_tick)

    # --- event sources ---------------------------------------------------
    def _on_signal(self, conn, sender, path, iface, member, params):
        t = time.monotonic()
        self.signals.append(Signal(t, path, iface, member, params.unpack()))
        self._check(t)

    def _on_monitor(self, fd, cond):
        t = time.monotonic()
        try:
            os.read(fd, 65536)
        except BlockingIOError:
            pass
        self._check(t)
        return True

    def _on_tick(self):
        self._check(time.monotonic())
        return True

    def _check(self, t):
        for name, pred in self.watch.items():
            if name in self.seen:
                continue
            r = pred()
            if r is True:
                self.seen[name] = t
            elif r:
                self.seen[name] = r

    # --- waiting ---------------------------------------------------------
    def wait(self, watch, timeout):
        """Run the main loop until every predicate of WATCH held once (a
        predicate returns True for "now" or the event's own timestamp), or
        TIMEOUT seconds pass.  Returns (seen times, names never seen)."""
        self.watch, self.seen = dict(watch), {}
        self._check(time.monotonic())
        deadline = time.monotonic() + timeout
        while len(self.seen) < len(self.watch) and time.monotonic() < deadline:
            self.ctx.iteration(True)
        seen, self.watch = self.seen, {}
        return seen, [n for n in watch if n not in seen]

    def poll(self, pred, timeout):
        """Whether PRED held within TIMEOUT seconds, checked every 50 ms:
        setup conditions may ask the daemon over D-Bus, and every 2 ms would
        load the daemon under test."""
        last = [0.0]

        def limited():
            t = time.monotonic()
            if t - last[0] < 0.05:
                return False
            last[0] = t
            return pred()

        return not self.wait({"cond": limited}, timeout)[1]

    def until(self, what, pred, timeout):
        if not self.poll(pred, timeout):
            die("timed out after %ss waiting for %s" % (timeout, what))

    def settle(self, secs):
        """Let the daemon finish what it does after an event (the loop keeps
        running, so signals are not left queued)."""
        self.wait({"never": lambda: False}, secs)

    def sig(self, match):
        """A predicate: the arrival time of the first signal since mark()
        for which MATCH(signal) holds."""
        def pred():
            for s in self.signals:
                try:
                    if match(s):
                        return s.t
                except (IndexError, KeyError, TypeError, AttributeError):
                    pass
            return False
        return pred

    def mark(self):
        self.signals = []

    # --- D-Bus -----------------------------------------------------------
    def call(self, path, iface, method, args):
        return self.bus.call_sync(NM, path, iface, method, args, None,
                                  Gio.DBusCallFlags.NONE, 30000, None).unpack()

    def call_async(self, path, iface, method, args, reply_type):
        """Send a method call without blocking the main loop.  Returns a
        dict that gets "t" (time.monotonic() when the reply was dispatched)
        and "value" or "error" once the reply is in."""
        box = {}

        def done(conn, res):
            box["t"] = time.monotonic()
            try:
                box["value"] = conn.call_finish(res).unpack()
            except GLib.Error as e:
                box["error"] = e.message

        self.bus.call(NM, path, iface, method, args, GLib.VariantType(reply_type),
                      Gio.DBusCallFlags.NONE, 30000, None, done)
        return box

    def profile_path(self, con_id):
        """The settings object of the profile named CON_ID."""
        for path in self.call(NM_PATH + "/Settings", NM + ".Settings", "ListConnections",
                              None)[0]:
            s = self.call(path, NM + ".Settings.Connection", "GetSettings", None)[0]
            if s.get("connection", {}).get("id") == con_id:
                return path
        die("no profile named %s in ListConnections" % con_id)

    def dev_path(self, ifname):
        try:
            return self.call(NM_PATH, NM, "GetDeviceByIpIface",
                             GLib.Variant("(s)", (ifname,)))[0]
        except GLib.Error:
            return None

    def dev_state(self, ifname):
        path = self.dev_path(ifname)
        if not path:
            return None
        try:
            return self.call(path, PROPS, "Get", GLib.Variant("(ss)", (DEV, "State")))[0]
        except GLib.Error:
            return None

    def nmcli(self, *args, check=True):
        r = subprocess.run(["nmcli", "--wait", "30"] + list(args), env=ENV, timeout=60,
                           stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
        if check and r.returncode != 0:
            die("nmcli %s: exit %d: %s" % (" ".join(args), r.returncode, r.stdout.strip()))
        return r

    def cable(self, port, state):
        subprocess.run(["ip", "-n", self.switch_ns, "link", "set", "sw-" + port, state],
                       check=True)


def report(daemon, metric, unit, values):
    print("BENCH %s %s %s %s" % (daemon, metric, unit,
                                 " ".join("%.1f" % v for v in values)), flush=True)
    if values:
        log("%s %s: min %.1f median %.1f %s" % (daemon, metric, min(values),
                                                statistics.median(values), unit))


def ms(a, b):
    return (b - a) * 1000.0


# --- figure 1: `nmcli connection up BOND` ----------------------------------
def bring_down(p, bond, ports):
    if os.path.exists("/sys/class/net/" + bond):
        p.nmcli("connection", "down", bond, check=False)
    p.until(bond + " gone from the kernel",
            lambda: not os.path.exists("/sys/class/net/" + bond), 30)
    for port in ports:
        p.cable(port, "up")
        # 30 disconnected, or 20 unavailable: bondd leaves a released port
        # down, so it has no carrier; NetworkManager sets managed links up.
        p.until(port + " idle (device state 20 or 30)", lambda: p.dev_state(port) in (20, 30), 30)
    p.settle(1.0)


def bench_up(p, reps, bond, ports):
    primary = ports[0]
    active_file = "/sys/class/net/%s/bonding/active_slave" % bond
    ret, act, dev = [], [], []
    for i in range(reps):
        bring_down(p, bond, ports)
        # The bond's device object is new each time: it is the one that
        # reaches "activated" (100) and is not a port.
        port_paths = [p.dev_path(x) for x in ports]
        p.mark()
        t0 = time.monotonic()
        proc = subprocess.Popen(["nmcli", "--wait", "30", "connection", "up", bond], env=ENV,
                                stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
        seen, missing = p.wait({
            "return": lambda: proc.poll() is not None,
            "active": lambda: sysfs(active_file) == primary,
            "device": p.sig(lambda s: s.member == "StateChanged" and s.args[0] == 100
                            and s.path not in port_paths),
        }, 60)
        out = proc.communicate()[0].strip()
        if proc.returncode != 0:
            die("nmcli connection up %s: exit %s: %s" % (bond, proc.returncode, out))
        if missing:
            die("con up %s, run %d: never saw %s (active_slave: %s)" %
                (bond, i + 1, ", ".join(missing), sysfs(active_file)))
        ret.append(ms(t0, seen["return"]))
        act.append(ms(t0, seen["active"]))
        dev.append(ms(t0, seen["device"]))
        log("con up run %d: return %.1f ms, %s active %.1f ms, %s device activated %.1f ms" %
            (i + 1, ret[-1], primary, act[-1], bond, dev[-1]))
    report(p.daemon, "up_return", "ms", ret)
    report(p.daemon, "up_active", "ms", act)
    report(p.daemon, "up_device", "ms", dev)


# --- figure 1b: ActivateConnection made by the probe itself ---------------
def bench_activate(p, reps, bond, ports):
    """Figure 1 without nmcli: the probe sends
    ActivateConnection(profile, "/", "/") and times the reply, the primary
    port's activation in the kernel and the bond's StateChanged to 100.  The
    reply may come before or after either event (a daemon that activates
    before replying, or one that replies at once); the wait covers all
    three whatever their order."""
    primary = ports[0]
    active_file = "/sys/class/net/%s/bonding/active_slave" % bond
    reply, act, dev = [], [], []
    late = 0
    for i in range(reps):
        bring_down(p, bond, ports)
        con_path = p.profile_path(bond)
        port_paths = [p.dev_path(x) for x in ports]
        p.mark()
        t0 = time.monotonic()
        box = p.call_async(NM_PATH, NM, "ActivateConnection",
                           GLib.Variant("(ooo)", (con_path, "/", "/")), "(o)")
        seen, missing = p.wait({
            "reply": lambda: box.get("t", False),
            "active": lambda: sysfs(active_file) == primary,
            "device": p.sig(lambda s: s.member == "StateChanged" and s.args[0] == 100
                            and s.path not in port_paths),
        }, 60)
        if "error" in box:
            die("ActivateConnection %s (%s): %s" % (bond, con_path, box["error"]))
        if missing:
            die("ActivateConnection %s, run %d: never saw %s (active_slave: %s)" %
                (bond, i + 1, ", ".join(missing), sysfs(active_file)))
        reply.append(ms(t0, seen["reply"]))
        act.append(ms(t0, seen["active"]))
        dev.append(ms(t0, seen["device"]))
        if seen["reply"] > seen["device"]:
            late += 1
        log("activate run %d: reply %.1f ms (%s), %s active %.1f ms, %s device activated "
            "%.1f ms" % (i + 1, reply[-1], box["value"][0], primary, act[-1], bond, dev[-1]))
    report(p.daemon, "act_reply", "ms", reply)
    report(p.daemon, "act_active", "ms", act)
    report(p.daemon, "act_device", "ms", dev)
    print("BENCH-NOTE %s act_reply: ActivateConnection replied after %s's StateChanged 100 "
          "in %d of %d runs" % (p.daemon, bond, late, reps), flush=True)


# --- figure 2: carrier loss of the active port ------------------------------
def ensure_up(p, bond, ports, port_profiles):
    primary = ports[0]
    active_file = "/sys/class/net/%s/bonding/active_slave" % bond
    for port in ports:
        p.cable(port, "up")
    if not os.path.exists(active_file):
        p.nmcli("connection", "up", bond)

    def ready():
        return sysfs(active_file) == primary and all(p.dev_state(x) == 100 for x in ports)

    if not p.poll(ready, 10):
        # A daemon that deactivated a port on carrier loss may not bring it
        # back by itself (profiles are autoconnect=no): do it for it.
        for port, prof in zip(ports, port_profiles):
            if p.dev_state(port) != 100:
                log("%s is in state %s after its cable came back; nmcli connection up %s" %
                    (port, p.dev_state(port), prof))
                p.nmcli("connection", "up", prof)
        p.until("%s active in %s and every port connected" % (primary, bond), ready, 30)
    p.settle(1.0)


def bench_failover(p, reps, bond, ports, port_profiles):
    primary = ports[0]
    active_file = "/sys/class/net/%s/bonding/active_slave" % bond
    res = {k: [] for k in ("ip_carrier", "kernel_failover", "dbus_carrier",
                           "failover_signal", "failover_stamp", "port_state")}
    # The daemon's own share: from the kernel event the daemon reacts to,
    # as the probe saw it, to the daemon's D-Bus announcement of it.
    derived = {"dbus_carrier_after_ip": ("ip_carrier", "dbus_carrier"),
               "failover_after_kernel": ("kernel_failover", "failover_signal")}
    res.update({k: [] for k in derived})
    states = set()
    for i in range(reps):
        ensure_up(p, bond, ports, port_profiles)
        port_path = p.dev_path(primary)
        p.mark()

        def carrier_gone(s):
            if s.path != port_path or s.member != "PropertiesChanged":
                return False
            iface, changed = s.args[0], s.args[1]
            if iface == WIRED and changed.get("Carrier") is False:
                return True
            flags = changed.get("InterfaceFlags") if iface == DEV else None
            return flags is not None and not flags & IFACE_FLAG_CARRIER

        watch = {
            "ip_carrier": lambda: sysfs("/sys/class/net/%s/carrier" % primary) == "0",
            "kernel_failover": lambda: sysfs(active_file) not in (None, "", primary),
            "dbus_carrier": p.sig(carrier_gone),
            "port_state": p.sig(lambda s: s.path == port_path and s.member == "StateChanged"
                                and s.args[0] != 100),
        }
        if p.daemon == "bondd":
            watch["failover_signal"] = p.sig(lambda s: s.member == "Failover"
                                             and s.args[0] == primary)
        t0 = time.monotonic()
        subprocess.Popen(["ip", "-n", p.switch_ns, "link", "set", "sw-" + primary, "down"])
        seen, missing = p.wait(watch, WAIT_EVENTS)
        for must in ("ip_carrier", "kernel_failover"):
            if must in missing:
                die("run %d: the kernel never showed %s" % (i + 1, must))
        for name in res:
            if name in seen:
                res[name].append(ms(t0, seen[name]))
        for name, (a, b) in derived.items():
            if a in seen and b in seen:
                res[name].append(ms(seen[a], seen[b]))
        for s in p.signals:
            if s.member == "Failover" and s.args[0] == primary:
                res["failover_stamp"].append(s.args[2] / 1000.0 - t0 * 1000.0)
                break
        for s in p.signals:
            if s.path == port_path and s.member == "StateChanged" and s.args[0] != 100:
                states.add("%d (reason %d)" % (s.args[0], s.args[2]))
                break
        log("failover run %d: %s; not seen within %d s: %s" % (
            i + 1, ", ".join("%s %.1f ms" % (k, ms(t0, v)) for k, v in sorted(seen.items())),
            WAIT_EVENTS, ", ".join(missing) or "-"))
    for name, values in res.items():
        if name in ("failover_signal", "failover_stamp", "failover_after_kernel") and \
                p.daemon != "bondd":
            continue
        report(p.daemon, name, "ms", values)
        if len(values) < reps:
            print("BENCH-NOTE %s %s: seen in %d of %d runs (%d s limit)" %
                  (p.daemon, name, len(values), reps, WAIT_EVENTS), flush=True)
    if states:
        print("BENCH-NOTE %s port_state: first state of %s after carrier loss: %s" %
              (p.daemon, primary, ", ".join(sorted(states))), flush=True)


def main():
    daemon, figure, reps, bond = sys.argv[1], sys.argv[2], int(sys.argv[3]), sys.argv[4]
    ports = sys.argv[5].split(",")
    port_profiles = ["%s-%s" % (bond, x) for x in ports]
    p = Probe(daemon, "switch")
    if figure in ("up", "all"):
        bench_up(p, reps, bond, ports)
    if figure in ("activate", "all"):
        bench_activate(p, reps, bond, ports)
    if figure in ("failover", "all"):
        bench_failover(p, reps, bond, ports, port_profiles)
    p.mon.terminate()


main()
PYEOF
)
