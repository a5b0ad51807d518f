#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
#
# A controller ignores its carrier, as NetworkManager 1.42 does (run with
# BONDD_TEST_DAEMON=nm to check these assertions against it): a bond with a
# static IPv4 address is "activated" (device state 100) whether or not it
# has a carrier, and never waits in "connecting (getting IP configuration)".
#   1. bond0 with no port at all: no carrier in the kernel, activated.
#   2. bond0 down, then up again through ports whose peers are down (no
#      carrier anywhere): the ports are attached and activated, so is bond0.
#   3. Carrier everywhere, then both cables pulled: bond0 and its ports stay
#      activated (a port that loses its carrier stays attached: failing over
#      is the bond's business).
# Ports: their active connections stay activated under both daemons; the
# port's device state differs on purpose.  NetworkManager shows 100
# (connected) for a port without carrier, bondd shows 20 (unavailable), so
# that `nmcli device` tells which port has lost its link.
#   4. bond1 with an ARP monitor whose target nobody answers (arp_validate
#      all, so that the ports' own probes do not count as replies): the
#      kernel declares the ports and the bond down, bond1 stays activated.
set -euo pipefail
# shellcheck source=../lib.sh
. "$(dirname "$0")/../lib.sh"
t_require_guest

t_switch_create
for p in eth1 eth2 eth3 eth4; do t_veth_port $p; done
t_dbus_start
t_bondd_start "$T_WORK/ifcfg"
t_on_fail t_diag

carrier() { cat "/sys/class/net/$1/carrier" 2>/dev/null; }
# The device state of a port without carrier (see above).
no_carrier_port=20
[[ "${BONDD_TEST_DAEMON:-bondd}" == nm ]] && no_carrier_port=100
# activated BOND: the profile and the device say activated.
activated() { t_con_is "$1" activated && [[ "$(t_dev_state "$1")" == 100 ]]; }

t_nmcli connection add type bond ifname bond0 con-name bond0 autoconnect no \
	bond.options mode=active-backup,miimon=100 \
	ipv4.method manual ipv4.addresses 192.0.2.1/24 ipv6.method disabled >/dev/null ||
	t_fail "nmcli connection add bond0"
for p in eth1 eth2; do
	t_nmcli connection add type ethernet slave-type bond master bond0 ifname $p con-name $p \
		autoconnect no >/dev/null || t_fail "nmcli connection add $p"
done

t_log "1. bond0 without ports"
out=$(t_nmcli connection up bond0 2>&1) || t_fail "con up bond0 (no ports): $out"
t_log "$out"
t_wait_soft 5 "bond0 activated without ports" activated bond0
t_check_eq "bond0's carrier without ports" 0 "$(carrier bond0)"
ip -4 addr show dev bond0 | t_contains 'inet 192.0.2.1/24' ||
	t_soft_fail "192.0.2.1/24 not on bond0: $(ip -4 -br addr show dev bond0)"
sleep 2 # it stays there
t_check_eq "bond0 device state 2 s later" 100 "$(t_dev_state bond0)"
t_check_eq "bond0 connection state 2 s later" activated "$(t_con_state bond0)"

t_log "2. up again through ports whose peers are down"
out=$(t_nmcli connection down bond0 2>&1) || t_fail "con down bond0: $out"
# (eth1's own carrier cannot be read while it is down: a daemon may leave
# an unused port down, so the peers' state is what is checked here.)
t_cable eth1 down
t_cable eth2 down
t_expect_eq "the peers of eth1 and eth2" "DOWN DOWN" \
	"$(ip -n $T_SWITCH_NS -br link show | awk '$1 ~ /^sw-eth[12]@/ { print $2 }' | xargs)"
out=$(t_nmcli connection up eth1 2>&1) || t_soft_fail "con up eth1 (no carrier): $out"
out=$(t_nmcli connection up eth2 2>&1) || t_soft_fail "con up eth2 (no carrier): $out"
t_check_eq "ports of bond0 (no carrier)" "eth1 eth2" "$(t_bond_ports bond0 2>/dev/null | sort | xargs)"
t_check_eq "eth1's carrier (in bond0, peer down)" 0 "$(carrier eth1)"
t_wait_soft 5 "bond0 activated with ports without carrier" activated bond0
t_check_eq "bond0's carrier (ports without carrier)" 0 "$(carrier bond0)"
t_check_eq "eth1 device state (no carrier, in bond0)" $no_carrier_port "$(t_dev_state eth1)"
t_check_eq "eth2 device state (no carrier, in bond0)" $no_carrier_port "$(t_dev_state eth2)"
t_check_eq "eth1 connection state (no carrier, in bond0)" activated "$(t_con_state eth1)"

t_log "3. cables in, then pulled again"
t_cable eth1 up
t_cable eth2 up
t_wait_soft 10 "bond0 carrier" bash -c '[[ $(cat /sys/class/net/bond0/carrier) == 1 ]]'
t_cable eth1 down
t_cable eth2 down
t_wait_soft 5 "bond0 loses its carrier" bash -c '[[ $(cat /sys/class/net/bond0/carrier) == 0 ]]'
# NetworkManager would act on a lost carrier after a few seconds: wait more.
sleep 6
t_check_eq "bond0 connection state, cables pulled" activated "$(t_con_state bond0)"
t_check_eq "bond0 device state, cables pulled" 100 "$(t_dev_state bond0)"
t_check_eq "eth1 device state, cable pulled" $no_carrier_port "$(t_dev_state eth1)"
t_check_eq "eth1 connection state, cable pulled" activated "$(t_con_state eth1)"
t_check_eq "ports of bond0, cables pulled" "eth1 eth2" "$(t_bond_ports bond0 2>/dev/null | sort | xargs)"

t_log "4. bond1: ARP target that nobody answers"
t_nmcli connection add type bond ifname bond1 con-name bond1 autoconnect no \
	bond.options mode=active-backup,arp_interval=100,arp_ip_target=192.0.2.200,arp_validate=all \
	ipv4.method manual ipv4.addresses 192.0.2.2/24 ipv6.method disabled >/dev/null ||
	t_fail "nmcli connection add bond1"
for p in eth3 eth4; do
	t_nmcli connection add type ethernet slave-type bond master bond1 ifname $p con-name $p \
		autoconnect no >/dev/null || t_fail "nmcli connection add $p"
done
out=$(t_nmcli connection up eth3 2>&1) || t_soft_fail "con up eth3: $out"
out=$(t_nmcli connection up eth4 2>&1) || t_soft_fail "con up eth4: $out"
t_check_eq "ports of bond1" "eth3 eth4" "$(t_bond_ports bond1 2>/dev/null | sort | xargs)"
t_wait_soft 10 "the ARP monitor to declare bond1 down" bash -c \
	"[[ \$(sed -n '0,/^MII Status: /s/^MII Status: //p' /proc/net/bonding/bond1) == down ]]"
t_check_eq "bond1's active port" None "$(t_bond_active bond1)"
t_check_eq "eth3's carrier (its cable is in)" 1 "$(carrier eth3)"
t_wait_soft 5 "bond1 activated with its ports down by ARP" activated bond1
sleep 3 # and it stays so
t_check_eq "bond1 connection state 3 s later" activated "$(t_con_state bond1)"
t_check_eq "bond1 device state 3 s later" 100 "$(t_dev_state bond1)"
t_check_eq "bond0 connection state meanwhile" activated "$(t_con_state bond0)"

t_finish
