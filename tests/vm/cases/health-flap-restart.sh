#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
#
# Flapping and the history across a restart: ten quick flaps of a port's
# cable give a port-flapping finding for it (threshold and window from
# [bond] in bondd.conf: the defaults, more than 5 changes in 60 s); the
# history, with those carrier events, survives a bondd restart (the state
# directory), and the restarted bondd adds to it.
set -euo pipefail
# shellcheck source=../lib.sh
. "$(dirname "$0")/../lib.sh"
t_require_guest

ifcfg="$T_WORK/ifcfg"
t_switch_create
t_veth_port eth1
t_veth_port eth2
t_dbus_start
t_bondd_start "$ifcfg"
t_on_fail t_diag
t_on_fail t_bond_props bond0

t_nmcli connection add type bond con-name bond0 ifname bond0 \
	bond.options "mode=active-backup,miimon=100,primary=eth1" \
	ipv4.method manual ipv4.addresses 192.0.2.1/24 ipv6.method disabled >/dev/null ||
	t_fail "nmcli connection add bond0"
t_add_ports bond0 eth1 eth2
health() { t_bond_val bond0 Health; }
t_wait_for 30 "Health ok" bash -c ". $(dirname "$0")/../lib.sh; $(declare -f health); [[ \$(health) == ok ]]"

path="$(t_dev_path bond0)"
history() {
	busctl --system --json=short call org.freedesktop.NetworkManager "$(t_dev_path bond0)" \
		org.bondd.Device.Bond GetHistory u 0 | jq -c '.data[0]'
}
t_on_fail history

t_log "flapping eth2's cable ten times"
for i in $(seq 10); do
	t_cable eth2 down
	t_wait_for 5 "eth2 without carrier ($i)" bash -c "[[ \$(cat /sys/class/net/eth2/carrier) == 0 ]]"
	t_cable eth2 up
	t_wait_for 5 "eth2 with carrier ($i)" bash -c "[[ \$(cat /sys/class/net/eth2/carrier) == 1 ]]"
done
t_wait_for 10 "a port-flapping finding for eth2" bash -c \
	". $(dirname "$0")/../lib.sh; t_bond_val bond0 HealthFindings 'map(select(.[0] == \"port-flapping\" and .[1] == \"eth2\")) | length' | grep -qx 1"
t_expect_eq "Health while eth2 flaps" degraded "$(health)"
t_wait_for 5 "a port-flapping event" bash -c \
	"$(declare -f history); . $(dirname "$0")/../lib.sh; history | jq -e 'map(select(.[2] == \"port-flapping\" and .[3] == \"eth2\")) | length >= 1'"
downs="$(history | jq 'map(select(.[2] == "carrier-down" and .[3] == "eth2")) | length')"
((downs >= 5)) || t_fail "only $downs carrier-down events for eth2 in the history: $(history)"

before="$(history)"
n_before="$(jq length <<<"$before")"
t_log "$n_before events before the restart; stopping bondd"
t_bondd_stop
ls -l "$T_WORK/state" >&2
file="$T_WORK/state/bond-bond0.history"
[[ -s "$file" ]] || t_fail "no history file $file after bondd stopped"
cp "$T_BONDD_LOG" "${T_BONDD_LOG%.log}-first.log"
t_bondd_start "$ifcfg"
t_wait_for 20 "bond0 activated again (adopted)" bash -c \
	"LC_ALL=C nmcli -t -f NAME,DEVICE,STATE connection show --active | grep -qx 'bond0:bond0:activated'"
after="$(history)"
# Every event from before the restart is there, unchanged and first.
t_expect_eq "the events from before the restart" "$before" "$(jq -c ".[:$n_before]" <<<"$after")"
t_log "$(jq length <<<"$after") events after the restart"
# Adopting the running bond attaches nothing: no port-attached events.
t_expect_eq "port-attached events after the restart" 0 \
	"$(jq "(.[$n_before:]) | map(select(.[2] == \"port-attached\")) | length" <<<"$after")"

# A damaged file costs the history, not the bond: one log line.
t_bondd_stop
printf 'bondd-bond-history 1 5\n1\t2\tfailover\t\tcut here' >"$file"
t_bondd_start "$ifcfg"
t_wait_for 20 "bond0 activated again" bash -c \
	"LC_ALL=C nmcli -t -f NAME,DEVICE,STATE connection show --active | grep -qx 'bond0:bond0:activated'"
t_expect_eq "log lines about the damaged history" 1 "$(grep -c 'bond-bond0.history: ignored' "$T_BONDD_LOG")"
t_log "PASS"
