#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
#
# Options that reach the kernel as NetworkManager 1.42 applies them (run
# with BONDD_TEST_DAEMON=nm to check these assertions against it):
#   1. arp_validate=active (with arp_interval, arp_ip_target) on a
#      balance-rr bond: the kernel allows arp_validate in every mode but
#      802.3ad, balance-tlb and balance-alb, and runs it ("active 1").
#   2. ethernet.accept-all-mac-addresses yes + `con up`: bond0 is
#      promiscuous (IFF_PROMISC 0x100); a change of it is refused by
#      `device reapply` (exit 6, NetworkManager's words); no + `con up`
#      clears it.
#   3. "default" leaves the flag alone: set by hand, it survives `con up`;
#      "no" clears it.
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

t_log "1. arp_validate=active on balance-rr"
out=$(t_nmcli connection add type bond ifname bond0 con-name bond0 \
	bond.options mode=balance-rr,arp_interval=100,arp_ip_target=192.0.2.254,arp_validate=active \
	ipv4.method manual ipv4.addresses 192.0.2.1/24 ipv6.method disabled 2>&1) ||
	t_fail "nmcli connection add bond0 (balance-rr, arp_validate=active): $out"
t_add_ports bond0 eth1 eth2
ports_are() { [[ "$(t_bond_ports bond0 | sort | xargs)" == "$1" ]]; }
t_wait_soft 30 "eth1 and eth2 in bond0" ports_are "eth1 eth2"
t_wait_soft 20 "bond0 activated" t_con_is bond0 activated
t_check_eq "sysfs mode" "balance-rr 0" "$(cat /sys/class/net/bond0/bonding/mode 2>/dev/null)"
t_check_eq "sysfs arp_validate" "active 1" "$(cat /sys/class/net/bond0/bonding/arp_validate 2>/dev/null)"
t_check_eq "sysfs arp_interval" 100 "$(cat /sys/class/net/bond0/bonding/arp_interval 2>/dev/null)"
t_check_eq "sysfs arp_ip_target" 192.0.2.254 "$(cat /sys/class/net/bond0/bonding/arp_ip_target 2>/dev/null)"
ip -d link show bond0 2>/dev/null | t_contains ' arp_validate active ' ||
	t_soft_fail "ip -d link: not arp_validate active: $(ip -d link show bond0 2>&1)"
t_check_eq "bond.options of the profile" \
	"mode=balance-rr,arp_interval=100,arp_ip_target=192.0.2.254,arp_validate=active" \
	"$(LC_ALL=C nmcli -g bond.options connection show bond0)"
[[ -e /sys/class/net/bond0 ]] || t_fail "no bond0 in the kernel: the rest has nothing to look at"

promisc() { (($(cat /sys/class/net/bond0/flags) & 0x100)) && echo yes || echo no; }
t_check_eq "bond0 promiscuous at first" no "$(promisc)"

t_log "2. ethernet.accept-all-mac-addresses yes, then no"
out=$(t_nmcli connection modify bond0 ethernet.accept-all-mac-addresses yes 2>&1) ||
	t_fail "con modify accept-all-mac-addresses yes: $out"
t_check_eq "bond0 promiscuous right after the modify (nothing live changes)" no "$(promisc)"
out=$(t_nmcli connection up bond0 2>&1) || t_fail "con up bond0 (accept-all yes): $out"
t_check_eq "bond0 promiscuous after 'con up' (flags $(cat /sys/class/net/bond0/flags))" yes "$(promisc)"
ip link show bond0 | t_contains 'PROMISC' || t_soft_fail "ip link: no PROMISC: $(ip link show bond0)"
t_nmcli connection modify bond0 ethernet.accept-all-mac-addresses no >/dev/null ||
	t_fail "con modify accept-all-mac-addresses no"
rc=0
out=$(t_nmcli device reapply bond0 2>&1) || rc=$?
t_log "nmcli device reapply bond0 (accept-all-mac-addresses no): exit $rc: $out"
t_check_eq "reapply of accept-all-mac-addresses: exit status" 6 "$rc"
t_check_eq "reapply of accept-all-mac-addresses: message" \
	"Error: Reapplying connection to device 'bond0' ($(t_dev_path bond0)) failed: Can't reapply changes to '802-3-ethernet.accept-all-mac-addresses' setting" "$out"
t_check_eq "bond0 promiscuous after the refused reapply" yes "$(promisc)"
out=$(t_nmcli connection up bond0 2>&1) || t_fail "con up bond0 (accept-all no): $out"
t_check_eq "bond0 promiscuous after 'con up' with no" no "$(promisc)"
ip link show bond0 | t_contains 'PROMISC' && t_soft_fail "ip link: still PROMISC: $(ip link show bond0)"

t_log "3. default leaves a hand-set flag alone, no clears it"
ip link set bond0 promisc on
t_nmcli connection modify bond0 ethernet.accept-all-mac-addresses default >/dev/null ||
	t_fail "con modify accept-all-mac-addresses default"
out=$(t_nmcli connection up bond0 2>&1) || t_fail "con up bond0 (accept-all default): $out"
t_check_eq "hand-set promiscuity after 'con up' with default" yes "$(promisc)"
t_nmcli connection modify bond0 ethernet.accept-all-mac-addresses no >/dev/null ||
	t_fail "con modify accept-all-mac-addresses no (again)"
out=$(t_nmcli connection up bond0 2>&1) || t_fail "con up bond0 (accept-all no, again): $out"
t_check_eq "hand-set promiscuity after 'con up' with no" no "$(promisc)"
t_wait_soft 10 "bond0 activated at the end" t_con_is bond0 activated

t_finish
