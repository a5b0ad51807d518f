#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
#
# The ifupdown settings plugin against the real bonding driver: a Debian
# /etc/network/interfaces with the task's stanza (addresses of the test
# network, MTU 1500), bondd started with settings-plugins=ifcfg,ifupdown and
# nothing else.  At start `ha` must be in the kernel in balance-rr with eth1
# and eth2, miimon 100, 192.0.2.1/24 on it, and carry traffic to the switch
# both ways; nmcli shows the three profiles connected; a change is refused
# (read-only) and neither the interfaces file nor the ifcfg directory is
# written.
set -euo pipefail
# shellcheck source=../lib.sh
. "$(dirname "$0")/../lib.sh"
t_require_guest

net="$T_WORK/network"
ifcfg="$T_WORK/ifcfg"
mkdir -p "$net" "$ifcfg"
cat >"$net/interfaces" <<'INTERFACES'
auto eth1
iface eth1 inet manual
    bond-master ha
    bond-primary eth1 eth2
    pre-up      /sbin/ethtool -s $IFACE speed 1000 duplex full

auto eth2
iface eth2 inet manual
        bond-master ha
        bond-primary eth1 eth2
        pre-up          /sbin/ethtool -s $IFACE speed 1000 duplex full

auto ha
iface ha inet static
    address 192.0.2.1
    netmask 255.255.255.0
    mtu 1500
    bond-slaves none
        bond-mode balance-rr
    bond-miimon 100
INTERFACES
cp "$net/interfaces" "$T_WORK/interfaces.orig"

t_switch_create
t_veth_port eth1
t_veth_port eth2
[[ ! -e /sys/class/net/ha ]] || t_fail "ha exists before bondd started"
t_dbus_start
# Read by t_bondd_start: the plugin runs only when named.
T_BONDD_CONF="$(printf '[main]\nsettings-plugins=ifcfg,ifupdown\n[ifupdown]\npath=%s\n' "$net/interfaces")"
export T_BONDD_CONF
t_bondd_start "$ifcfg"
t_on_fail t_diag

proc=/proc/net/bonding/ha
t_wait_for 20 "ha in the kernel with ports eth1 and eth2 (auto)" bash -c \
	"[[ \$(sed -n 's/^Slave Interface: //p' $proc 2>/dev/null | sort | xargs) == 'eth1 eth2' ]]"
t_expect_eq "$proc: Bonding Mode" "load balancing (round-robin)" "$(sed -n 's/^Bonding Mode: //p' $proc)"
t_expect_eq "$proc: MII Polling Interval" 100 "$(sed -n 's/^MII Polling Interval (ms): //p' $proc)"
t_expect_eq "sysfs mode" "balance-rr 0" "$(cat /sys/class/net/ha/bonding/mode)"
t_expect_eq "sysfs miimon" 100 "$(cat /sys/class/net/ha/bonding/miimon)"
t_wait_for 10 "192.0.2.1/24 on ha" bash -c "ip -4 -o addr show dev ha | grep -q 'inet 192.0.2.1/24 '"

t_wait_for 20 "nmcli: ha, eth1 and eth2 connected" bash -c \
	"[[ \$(LC_ALL=C nmcli -t -f DEVICE,STATE device | grep -E '^(ha|eth1|eth2):' | sort | xargs) == \
	    'eth1:connected eth2:connected ha:connected' ]]"
t_expect_eq "nmcli: devices and their connections" "eth1:connected:eth1 eth2:connected:eth2 ha:connected:ha" \
	"$(LC_ALL=C nmcli -t -f DEVICE,STATE,CONNECTION device | grep -E '^(ha|eth1|eth2):' | sort | xargs)"
t_expect_eq "nmcli: profile files" "eth1:$net/interfaces eth2:$net/interfaces ha:$net/interfaces" \
	"$(LC_ALL=C nmcli -t -f NAME,FILENAME connection show | sort | xargs)"

t_wait_for 10 "ping the switch (192.0.2.254) over ha" t_ping 192.0.2.254
t_wait_for 10 "the switch to reach 192.0.2.1" t_ping 192.0.2.1 "$T_SWITCH_NS"

# Read-only: a change is refused and nothing is written anywhere.
if out=$(LC_ALL=C nmcli connection modify ha bond.options mode=active-backup,miimon=100 2>&1); then
	t_fail "nmcli con modify ha succeeded on a read-only profile: $out"
fi
[[ "$out" == *read-only* && "$out" == *"$net/interfaces"* ]] || t_fail "modify refused without naming the file: $out"
t_expect_eq "sysfs mode after the refused modify" "balance-rr 0" "$(cat /sys/class/net/ha/bonding/mode)"
cmp -s "$T_WORK/interfaces.orig" "$net/interfaces" || t_fail "bondd changed $net/interfaces"
t_expect_eq "files in the ifcfg directory" "" "$(find "$ifcfg" -mindepth 1 -printf '%f\n' | xargs)"

t_log "PASS"
