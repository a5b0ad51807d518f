#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
#
# A bridge with a bond in it and two ethernet ports in the bond, built with
# nmcli, with NetworkManager 1.42's semantics (BONDD_TEST_DAEMON=nm runs it
# against NetworkManager).  Every profile autoconnects; the bond has
# autoconnect-ports no, so it brings its ports because they autoconnect.
#   1. the chain comes up as its profiles are added; `con down br0` takes
#      it all down, `con up br0` brings it all back, in order, and traffic
#      crosses the bridge; nmcli shows the bridge's port; the bond's
#      bridge-port option is the kernel's;
#   2. after a simulated reboot (the daemon stopped, its links deleted and
#      its runtime state gone) the chain comes back by itself.
set -euo pipefail
# shellcheck source=../lib.sh
. "$(dirname "$0")/../lib.sh"
t_require_guest

t_switch_create
t_veth_port eth1
t_veth_port eth2
t_dbus_start
t_bondd_start "$T_WORK/ifcfg"
t_on_fail t_diag

t_nmcli connection add type bridge ifname br0 con-name br0 bridge.stp no \
	ipv4.method manual ipv4.addresses 192.0.2.1/24 ipv6.method disabled >/dev/null ||
	t_fail "nmcli connection add br0"
t_nmcli connection add type bond ifname bond0 con-name bond0 connection.autoconnect-slaves 0 \
	master br0 slave-type bridge bridge-port.path-cost 33 \
	bond.options mode=active-backup,miimon=100 >/dev/null || t_fail "nmcli connection add bond0"
t_add_ports bond0 eth1 eth2

# The chain as the kernel has it: "bond0 in br0, eth1 eth2 in bond0".
chain() { echo "bond0 in $(t_master bond0), $(t_master eth1) $(t_master eth2)"; }
chain_up() { [[ "$(chain)" == "bond0 in br0, bond0 bond0" ]]; }

t_log "1. con down br0, con up br0"
t_wait_soft 20 "the chain up as it was added" chain_up
out=$(t_nmcli connection down br0 2>&1) || t_fail "con down br0: $out"
t_wait_soft 10 "br0 and bond0 deleted" sh -c '! test -e /sys/class/net/br0 && ! test -e /sys/class/net/bond0'
out=$(t_nmcli connection up br0 2>&1) || t_fail "con up br0: $out"
t_wait_soft 20 "bond0 in br0, eth1 and eth2 in bond0" chain_up
t_wait_soft 20 "br0, bond0, eth1, eth2 activated" t_cons_activated br0 bond0 eth1 eth2
t_check_eq "nmcli BRIDGE.SLAVES" bond0 "$(LC_ALL=C nmcli -g BRIDGE.SLAVES device show br0)"
t_check_eq "bond0's path cost" 33 "$(cat /sys/class/net/bond0/brport/path_cost 2>/dev/null)"
t_check_eq "br0 STP" 0 "$(cat /sys/class/net/br0/bridge/stp_state)"
t_wait_soft 10 "ping across br0 and bond0" t_ping "$T_SWITCH_ADDR4"

t_log "2. a simulated reboot"
t_bondd_stop
ip link del br0
ip link del bond0
ip link set eth1 down
ip link set eth2 down
# NetworkManager keeps what it had activated in /run; a reboot empties it.
rm -rf /run/NetworkManager
t_bondd_start "$T_WORK/ifcfg"
t_wait_soft 30 "the chain back: bond0 in br0, eth1 and eth2 in bond0" chain_up
t_wait_soft 20 "br0, bond0, eth1, eth2 activated again" t_cons_activated br0 bond0 eth1 eth2
t_check_eq "bond0's path cost again" 33 "$(cat /sys/class/net/bond0/brport/path_cost 2>/dev/null)"
t_wait_soft 10 "ping across br0 and bond0 after the reboot" t_ping "$T_SWITCH_ADDR4"

if [[ "$T_DAEMON" == bondd ]]; then
	t_check_eq "ifcfg keys of bond0" "TYPE=Bond BRIDGING_OPTS=path_cost=33 AUTOCONNECT_SLAVES=no" \
		"$(grep -E '^(TYPE|BRIDGING_OPTS|AUTOCONNECT_SLAVES)=' "$T_WORK/ifcfg/ifcfg-bond0" | xargs)"
	grep -q '^BRIDGE=br0$' "$T_WORK/ifcfg/ifcfg-bond0" || t_soft_fail "ifcfg-bond0 has no BRIDGE=br0"
fi
t_finish
