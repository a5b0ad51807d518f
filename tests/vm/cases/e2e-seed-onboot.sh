#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
#
# The seed: the example ifcfg files shipped in data/examples (an
# active-backup bond0 with primary=eth1 and ONBOOT=yes, ports eth1 and eth2)
# are all bondd is given.  At start it must build the bond in the kernel
# with both ports and eth1 active, show bond0/eth1/eth2 connected in nmcli,
# report eth1 as ActivePort/Primary on org.bondd.Device.Bond, and leave the
# hand-written files exactly as they were.
set -euo pipefail
# shellcheck source=../lib.sh
. "$(dirname "$0")/../lib.sh"
t_require_guest

src="${MESON_SOURCE_ROOT:-$(cd "$(dirname "$0")/../../.." && pwd)}/data/examples"
ifcfg="$T_WORK/ifcfg"
mkdir -p "$ifcfg"
for f in ifcfg-bond0 ifcfg-eth1 ifcfg-eth2; do
	[[ -f "$src/$f" ]] || t_fail "seed file $src/$f missing"
	cp "$src/$f" "$ifcfg/$f"
done

t_switch_create
t_veth_port eth1
t_veth_port eth2
# bond0 is ipv6.method auto (may-fail, no IPv4): it is connected once it
# has an address from a router.
t_ra_start
[[ ! -e /sys/class/net/bond0 ]] || t_fail "bond0 exists before bondd started"
t_dbus_start
t_bondd_start "$ifcfg"
t_on_fail t_diag

proc=/proc/net/bonding/bond0
t_wait_for 20 "bond0 in the kernel with ports eth1 and eth2 (ONBOOT)" bash -c \
	"[[ \$(sed -n 's/^Slave Interface: //p' $proc 2>/dev/null | sort | xargs) == 'eth1 eth2' ]]"
t_expect_eq "$proc: Bonding Mode" "fault-tolerance (active-backup)" "$(sed -n 's/^Bonding Mode: //p' $proc)"
t_expect_eq "$proc: MII Polling Interval" 100 "$(sed -n 's/^MII Polling Interval (ms): //p' $proc)"
t_expect_eq "$proc: Primary Slave" "eth1 (primary_reselect always)" "$(sed -n 's/^Primary Slave: //p' $proc)"
t_wait_for 10 "eth1 to be the active port" bash -c "grep -q '^Currently Active Slave: eth1\$' $proc"
t_expect_eq "sysfs primary" eth1 "$(cat /sys/class/net/bond0/bonding/primary)"
t_expect_eq "sysfs active_slave" eth1 "$(cat /sys/class/net/bond0/bonding/active_slave)"
ip -d link show bond0 | t_contains "active_slave eth1 " || t_fail "ip -d link: active_slave is not eth1: $(ip -d link show bond0)"

t_wait_for 20 "nmcli: bond0, eth1 and eth2 connected" bash -c \
	"[[ \$(LC_ALL=C nmcli -t -f DEVICE,STATE device | grep -E '^(bond0|eth1|eth2):' | sort | xargs) == \
	    'bond0:connected eth1:connected eth2:connected' ]]"
t_expect_eq "nmcli: devices and their connections" "bond0:connected:bond0 eth1:connected:eth1 eth2:connected:eth2" \
	"$(LC_ALL=C nmcli -t -f DEVICE,STATE,CONNECTION device | grep -E '^(bond0|eth1|eth2):' | sort | xargs)"
t_expect_eq "nmcli: active connections" "bond0:activated eth1:activated eth2:activated" \
	"$(LC_ALL=C nmcli -t -f NAME,STATE connection show --active | sort | xargs)"

props="$(t_bond_props bond0)" || t_fail "org.bondd.Device.Bond of bond0 not on D-Bus"
t_expect_eq "D-Bus Mode" active-backup "$(jq -r '.Mode.data' <<<"$props")"
t_expect_eq "D-Bus ActivePort" eth1 "$(jq -r '.ActivePort.data' <<<"$props")"
t_expect_eq "D-Bus Primary" eth1 "$(jq -r '.Primary.data' <<<"$props")"
t_expect_eq "D-Bus PrimaryReselect" always "$(jq -r '.PrimaryReselect.data' <<<"$props")"
t_expect_eq "D-Bus port states" "eth1:active eth2:backup" \
	"$(jq -r '.Ports.data | to_entries | map("\(.key):\(.value.State.data)") | sort | join(" ")' <<<"$props")"

# Reading the seed must not rewrite it.
for f in ifcfg-bond0 ifcfg-eth1 ifcfg-eth2; do
	cmp -s "$src/$f" "$ifcfg/$f" || t_fail "bondd changed $ifcfg/$f: $(diff "$src/$f" "$ifcfg/$f" || true)"
done
t_expect_eq "files in the ifcfg directory" "ifcfg-bond0 ifcfg-eth1 ifcfg-eth2" "$(find "$ifcfg" -mindepth 1 -printf '%f\n' | sort | xargs)"

t_log "PASS"
