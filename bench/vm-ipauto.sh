#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
#
# vm-ipauto.sh slaac|dhcp bondd|nm [REPEATS]
#                                   (in the guest; bench/vm-bench.sh runs it)
#
# Figures 5 and 6 of the side-by-side benchmark, for one daemon: a bond's
# address from a real server in the switch namespace.  The probe calls
# org.freedesktop.NetworkManager.ActivateConnection for bond0
# (active-backup, two veth ports) and times, from just before the call:
#   - the first address from the server on bond0 (`ip monitor address`);
#   - bond0's device StateChanged to 100 (activated: IP ready).
# slaac: radvd (tests/vm/lib.sh t_ra_start), ipv4.method disabled,
#   ipv6.method auto, addr-gen-mode stable-privacy; the address counts once
#   its duplicate address detection finished.  The router answers a
#   solicitation at most every 3 s (RFC 4861), and the kernel's DAD takes
#   about a second per address: both columns pay the same.
# dhcp: dnsmasq (t_dnsmasq_start: DHCPv4 in 192.0.2.0/24), ipv4.method
#   auto, ipv6.method disabled.
# Between repetitions bond0 is deactivated and its link is gone.
# Prints BENCH lines (see vm-lib.sh); figures, not assertions.
set -euo pipefail
# shellcheck source=vm-lib.sh
. "$(dirname "$0")/vm-lib.sh"
t_require_guest

usage="usage: vm-ipauto.sh slaac|dhcp bondd|nm [REPEATS]"
mode="${1:?$usage}"
daemon="${2:?$usage}"
reps="${3:-5}"

t_switch_create
t_veth_port eth1
t_veth_port eth2
case "$mode" in
slaac)
	t_ra_start
	ip_settings=(ipv4.method disabled ipv6.method auto ipv6.addr-gen-mode stable-privacy)
	family=-6 match="inet6 ${T_RA_PREFIX%::}:" settle=4
	;;
dhcp)
	t_dnsmasq_start
	ip_settings=(ipv4.method auto ipv6.method disabled)
	family=-4 match="inet 192.0.2." settle=1
	;;
*) t_fail "$usage" ;;
esac
b_udev_start
t_dbus_start
b_start "$daemon"

b_nmcli connection add type bond ifname bond0 con-name bond0 autoconnect no \
	connection.autoconnect-slaves yes bond.options mode=active-backup,miimon=100,primary=eth1 \
	"${ip_settings[@]}" || t_fail "$daemon: nmcli connection add bond0"
for p in eth1 eth2; do
	b_nmcli connection add type ethernet slave-type bond master bond0 ifname $p \
		con-name bond0-$p autoconnect no || t_fail "$daemon: nmcli connection add bond0-$p"
done

/usr/bin/python3 -u - "$mode" "$daemon" "$reps" "$family" "$match" "$settle" <<'PYEOF' ||
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
mode, daemon, reps, family, match, settle = sys.argv[1:7]
reps, settle = int(reps), float(settle)
bus = Gio.bus_get_sync(Gio.BusType.SYSTEM, None)
ctx = GLib.MainContext.default()
events = {}


def call(path, iface, method, args):
    return bus.call_sync(NM, path, iface, method, args, None, Gio.DBusCallFlags.NONE, 30000,
                         None).unpack()


def profile(con_id):
    for path in call(NM_PATH + "/Settings", NM + ".Settings", "ListConnections", None)[0]:
        s = call(path, NM + ".Settings.Connection", "GetSettings", None)[0]
        if s.get("connection", {}).get("id") == con_id:
            return path
    sys.exit("no profile " + con_id)


def on_state(conn, sender, path, iface, member, params):
    t = time.monotonic()
    if params.unpack()[0] != 100 or "activated" in events:
        return
    try:
        name = call(path, "org.freedesktop.DBus.Properties", "Get",
                    GLib.Variant("(ss)", (NM + ".Device", "Interface")))[0]
    except GLib.Error:
        return
    if name == "bond0":
        events["activated"] = t


def on_monitor(fd, cond):
    t = time.monotonic()
    try:
        data = os.read(fd, 65536).decode()
    except BlockingIOError:
        return True
    for line in data.splitlines():
        if ("bond0" in line and match in line and "tentative" not in line
                and not line.startswith("Deleted") and "addr" not in events):
            events["addr"] = t
    return True


def run_until(pred, timeout):
    deadline = time.monotonic() + timeout
    while not pred() and time.monotonic() < deadline:
        ctx.iteration(True)
    return pred()


bus.signal_subscribe(NM, NM + ".Device", "StateChanged", None, None, Gio.DBusSignalFlags.NONE,
                     on_state)
mon = subprocess.Popen(["ip", "-o", family, "monitor", "address"], stdout=subprocess.PIPE)
os.set_blocking(mon.stdout.fileno(), False)
GLib.io_add_watch(mon.stdout.fileno(), GLib.PRIORITY_HIGH, GLib.IOCondition.IN, on_monitor)
GLib.timeout_add(20, lambda: True)
bond = profile("bond0")
addr, activated = [], []
for i in range(reps):
    events.clear()
    t0 = time.monotonic()
    call(NM_PATH, NM, "ActivateConnection", GLib.Variant("(ooo)", (bond, "/", "/")))
    if not run_until(lambda: "addr" in events and "activated" in events, 60):
        sys.exit("run %d: no %s address or activation within 60 s: %s" % (i, mode, events))
    addr.append((events["addr"] - t0) * 1000)
    activated.append((events["activated"] - t0) * 1000)
    subprocess.run(["nmcli", "--wait", "30", "connection", "down", "bond0"], check=True,
                   stdout=subprocess.DEVNULL, env=dict(os.environ, LC_ALL="C"))
    run_until(lambda: not os.path.exists("/sys/class/net/bond0"), 30)
    # Let the server's rate limit and the daemon settle the same way each time.
    run_until(lambda: False, settle)
print("BENCH %s %s_addr ms %s" % (daemon, mode, " ".join("%.1f" % v for v in addr)), flush=True)
print("BENCH %s %s_activated ms %s" % (daemon, mode, " ".join("%.1f" % v for v in activated)),
      flush=True)
print("[probe] %s: %s address median %.0f ms, activated median %.0f ms" %
      (daemon, mode, statistics.median(addr), statistics.median(activated)), file=sys.stderr)
mon.kill()
PYEOF
	t_fail "$daemon: the probe failed (daemon log: $B_LOG)"
kill -0 "$B_PID" 2>/dev/null || t_fail "$daemon exited during the benchmark (log: $B_LOG)"
