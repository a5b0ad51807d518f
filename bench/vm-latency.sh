#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
#
# vm-latency.sh bondd|nm [REPEATS]   (in the guest; bench/vm-bench.sh runs it)
#
# Figures 1 and 2 of the side-by-side benchmark, for one daemon:
#   1. `nmcli connection up bond0` (active-backup, miimon=100, primary=eth1,
#      static IPv4, two veth ports that come up with it through
#      connection.autoconnect-slaves): time until nmcli returns, and until
#      the kernel shows eth1 as the active port.
#  1b. the same activation without nmcli: the probe itself calls
#      org.freedesktop.NetworkManager.ActivateConnection(bond0's profile,
#      "/", "/") on D-Bus; time until the reply arrives, until the kernel
#      shows eth1 as the active port, and until bond0's device announces
#      StateChanged to 100 (activated).  It leaves nmcli's own start-up out.
#   2. eth1's peer is set down in the "switch" netns (its carrier drops):
#      time until the kernel fails over, until the daemon publishes the
#      carrier loss on D-Bus, until eth1's device state changes, and (bondd
#      only) until org.bondd.Device.Bond.Failover arrives, both as received
#      and as stamped by bondd.
# Every figure is relative to a CLOCK_MONOTONIC stamp the probe takes just
# before it runs nmcli / ip or sends the D-Bus call.  Prints BENCH lines
# (see vm-lib.sh); figures, not assertions.
set -euo pipefail
# shellcheck source=vm-lib.sh
. "$(dirname "$0")/vm-lib.sh"
t_require_guest

daemon="${1:?usage: vm-latency.sh bondd|nm [REPEATS]}"
reps="${2:-7}"

t_switch_create
t_veth_port eth1
t_veth_port eth2
b_udev_start
t_dbus_start
b_start "$daemon"

# Nothing comes up on its own: the probe drives every activation.
b_nmcli connection add type bond ifname bond0 con-name bond0 autoconnect no \
	connection.autoconnect-slaves yes \
	bond.options mode=active-backup,miimon=100,primary=eth1 \
	ipv4.method manual ipv4.addresses 192.0.2.1/24 ipv6.method disabled ||
	t_fail "$daemon: nmcli connection add bond0"
for p in eth1 eth2; do
	b_nmcli connection add type ethernet slave-type bond master bond0 ifname $p \
		con-name bond0-$p autoconnect no || t_fail "$daemon: nmcli connection add bond0-$p"
done

b_probe "$daemon" all "$reps" bond0 eth1,eth2 ||
	t_fail "$daemon: the probe failed (daemon log: $B_LOG)"
kill -0 "$B_PID" 2>/dev/null || t_fail "$daemon exited during the benchmark (log: $B_LOG)"
