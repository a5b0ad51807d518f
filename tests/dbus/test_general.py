#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0-or-later
"""nmcli general / permissions / connection show / device against bondd."""

import os
import re
import subprocess

import harness

# The 17 permissions libnm 1.42 knows (docs/dbus-surface.md §2.1, GetPermissions).
PERMISSIONS = ['checkpoint-rollback', 'enable-disable-connectivity-check', 'enable-disable-network',
               'enable-disable-statistics', 'enable-disable-wifi', 'enable-disable-wimax',
               'enable-disable-wwan', 'network-control', 'reload', 'settings.modify.global-dns',
               'settings.modify.hostname', 'settings.modify.own', 'settings.modify.system', 'sleep-wake',
               'wifi.scan', 'wifi.share.open', 'wifi.share.protected']

NM_STATES = {'asleep', 'disconnected', 'disconnecting', 'connecting', 'connected (local only)',
             'connected (site only)', 'connected'}


def libnm_version():
    return subprocess.run(['pkg-config', '--modversion', 'libnm'], capture_output=True, text=True,
                          check=True).stdout.strip()


class General(harness.BonddTestCase):

    def test_general_status(self):
        r = self.nmcli_ok('general')
        lines = r.out.splitlines()
        self.assertGreaterEqual(len(lines), 2, repr(r))
        self.assertTrue(lines[0].startswith('STATE'), 'header must start with STATE: %r' % r)
        state = self.nmcli_ok('-t', '-f', 'STATE', 'general').out.strip()
        self.assertIn(state, NM_STATES, 'STATE %r' % state)

    def test_bus_worker_is_a_batch_thread(self):
        """GDBus' worker thread does not take the main loop's CPU at each message."""
        policies = {}
        for tid in os.listdir('/proc/%d/task' % self.bondd.pid):
            with open('/proc/%d/task/%s/comm' % (self.bondd.pid, tid)) as f:
                policies.setdefault(f.read().strip(), []).append(os.sched_getscheduler(int(tid)))
        self.assertEqual(policies.get('gdbus'), [os.SCHED_BATCH], repr(policies))
        self.assertEqual(os.sched_getscheduler(self.bondd.pid), os.SCHED_OTHER)

    def test_general_all_shows_libnm_version(self):
        r = self.nmcli_ok('-f', 'all', 'general')
        header, values = r.out.splitlines()[0], r.out.splitlines()[1]
        self.assertIn('VERSION', header.split())
        self.assertIn('RUNNING', header.split())
        version = libnm_version()
        self.assertIn(version, values.split(), repr(r))
        # and the same through the terse selector, exactly
        terse = self.nmcli_ok('-t', '-f', 'RUNNING,VERSION', 'general').out.strip()
        self.assertEqual(terse, 'running:' + version)

    def _permissions(self, user=None):
        r = self.nmcli_ok('-t', 'general', 'permissions', user=user)
        perms = {}
        for line in r.out.splitlines():
            name, _, value = line.rpartition(':')
            perms[name] = value
        return r, perms

    def test_permissions_root(self):
        r, perms = self._permissions()
        for p in PERMISSIONS:
            self.assertEqual(perms.get('org.freedesktop.NetworkManager.' + p), 'yes', '%s in %r' % (p, r))

    def test_permissions_nobody(self):
        r, perms = self._permissions(user='nobody')
        for p in PERMISSIONS:
            self.assertEqual(perms.get('org.freedesktop.NetworkManager.' + p), 'no', '%s in %r' % (p, r))

    def test_connection_show_empty(self):
        # nmcli 1.42 prints nothing at all (not even the header) for no rows
        r = self.nmcli_ok('connection', 'show')
        self.assertEqual(r.out.strip(), '', repr(r))
        self.assertEqual(self.con_table(), {})

    def test_connection_show_lists(self):
        uuid = self.add_connection('type', 'bond', 'con-name', 'b0', 'ifname', 'bond0')
        r = self.nmcli_ok('connection', 'show')
        lines = r.out.splitlines()
        self.assertTrue(re.match(r'NAME\s+UUID\s+TYPE\s+DEVICE', lines[0]), repr(r))
        self.assertTrue(re.match(r'b0\s+' + uuid + r'\s+bond\s+--', lines[1]), repr(r))
        self.assertEqual(len(lines), 2, repr(r))

    def test_device_lists_lo_unmanaged(self):
        r = self.nmcli_ok('-t', '-f', 'DEVICE,TYPE,STATE', 'device')
        self.assertIn('lo:loopback:unmanaged', r.out.splitlines(), repr(r))
        # bondd runs in a fresh netns: nothing of this machine may show up
        devices = [harness.split_terse(line)[0] for line in r.out.splitlines()]
        self.assertEqual(devices, ['lo'], repr(r))
        human = self.nmcli_ok('device')
        self.assertTrue(re.search(r'^lo\s+loopback\s+unmanaged', human.out, re.M), repr(human))


if __name__ == '__main__':
    harness.main()
