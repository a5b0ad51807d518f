#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0-or-later
"""Writes interrupted by kill -9: hundreds of AddConnection2 / Update2 /
Delete calls in flight when bondd is killed at a random moment, then a
restart.  Every profile is then either as it was or as it was asked to
become, never half-written; no temp file is left; every file loads; and
what D-Bus shows is what the files hold.

BONDD_STORM_ROUNDS (default 40) sets the number of kill/restart rounds,
BONDD_STORM_SEED the random seed (printed, to replay a failure)."""

import os
import random
import re
import signal
import sys
import threading
import time

import gi

gi.require_version('NM', '1.0')
from gi.repository import GLib  # noqa: E402

import harness  # noqa: E402
import ifcfg  # noqa: E402

SETTINGS = '/org/freedesktop/NetworkManager/Settings'
IFACE_SETTINGS = 'org.freedesktop.NetworkManager.Settings'
IFACE_CONN = 'org.freedesktop.NetworkManager.Settings.Connection'
PROFILES = 8
ROUNDS = int(os.environ.get('BONDD_STORM_ROUNDS', '40'))
ABSENT = None


def uuid_of(k):
    return '5707a1e0-0000-4000-8000-%012d' % k


def n_addresses(version):
    return version % 40 + 1


def settings_for(k, version):
    """Profile k at a version: its id, miimon and number of addresses all
    say the version, so a file mixing two versions is seen at once."""
    data = [{'address': GLib.Variant('s', '10.%d.%d.%d' % (k, version % 250, i + 1)),
             'prefix': GLib.Variant('u', 32)} for i in range(n_addresses(version))]
    return {
        'connection': {'id': GLib.Variant('s', 'storm-%d-v%d' % (k, version)),
                       'uuid': GLib.Variant('s', uuid_of(k)), 'type': GLib.Variant('s', 'bond'),
                       'interface-name': GLib.Variant('s', 'st%d' % k),
                       'autoconnect': GLib.Variant('b', False)},
        'bond': {'options': GLib.Variant('a{ss}', {'mode': 'active-backup', 'miimon': str(version)})},
        'ipv4': {'method': GLib.Variant('s', 'manual'), 'address-data': GLib.Variant('aa{sv}', data)},
        'ipv6': {'method': GLib.Variant('s', 'ignore')},
    }


def version_in_file(test, path):
    """The version a file holds, checking that all of it agrees."""
    values = ifcfg.parse(path)
    m = re.fullmatch(r'storm-(\d+)-v(\d+)', values.get('NAME', ''))
    test.assertIsNotNone(m, '%s: NAME=%r' % (path, values.get('NAME')))
    k, version = int(m.group(1)), int(m.group(2))
    test.assertEqual(values.get('UUID'), uuid_of(k), path)
    test.assertEqual(dict(ifcfg.bonding_opts(values)).get('miimon'), str(version), path)
    addrs = sorted(key for key in values if key.startswith('IPADDR'))
    test.assertEqual(len(addrs), n_addresses(version), '%s: a mix of versions' % path)
    return k, version


class Storm(harness.BonddTestCase):
    config_text = '[main]\nmonitor-connection-files=true\n'

    def object_path(self, uuid):
        return self.bus.call(harness.NM_NAME, SETTINGS, IFACE_SETTINGS, 'GetConnectionByUuid',
                             GLib.Variant('(s)', (uuid,)), '(o)').unpack()[0]

    def state_on_disk(self):
        """{k: version} from the files; fails on anything else in the dir."""
        state = {}
        for name in sorted(os.listdir(self.ifcfg_dir)):
            self.assertTrue(name.startswith('ifcfg-'), 'unexpected file %r left in %s' %
                            (name, sorted(os.listdir(self.ifcfg_dir))))
            k, version = version_in_file(self, os.path.join(self.ifcfg_dir, name))
            self.assertNotIn(k, state, 'two files for profile %d' % k)
            state[k] = version
        return state

    def state_on_bus(self):
        state = {}
        for uuid, (name, _) in self.con_table().items():
            m = re.fullmatch(r'storm-(\d+)-v(\d+)', name)
            self.assertIsNotNone(m, name)
            self.assertEqual(uuid, uuid_of(int(m.group(1))))
            state[int(m.group(1))] = int(m.group(2))
        return state

    def run_op(self, k, op, version, paths, results):
        try:
            if op == 'add':
                self.bus.call(harness.NM_NAME, SETTINGS, IFACE_SETTINGS, 'AddConnection2',
                              GLib.Variant('(a{sa{sv}}ua{sv})', (settings_for(k, version), 1, {})),
                              '(oa{sv})', 5000)
            elif op == 'update':
                self.bus.call(harness.NM_NAME, paths[k], IFACE_CONN, 'Update2',
                              GLib.Variant('(a{sa{sv}}ua{sv})', (settings_for(k, version), 1, {})),
                              '(a{sv})', 5000)
            else:
                self.bus.call(harness.NM_NAME, paths[k], IFACE_CONN, 'Delete', None, None, 5000)
            results[k] = True
        except GLib.Error:
            results[k] = False

    def test_kill_during_writes(self):
        seed = int(os.environ.get('BONDD_STORM_SEED', str(random.randrange(1 << 30))))
        rng = random.Random(seed)
        sys.stderr.write('\n  storm seed %d, %d rounds ' % (seed, ROUNDS))
        state = {}  # k -> version on disk (absent: no profile)
        next_version = 1
        writes = 0
        interrupted = 0
        swept = 0
        for rnd in range(ROUNDS):
            paths = {k: self.object_path(uuid_of(k)) for k in state}
            ops = {}
            for k in range(PROFILES):
                if k not in state:
                    ops[k] = ('add', next_version)
                elif rng.random() < 0.15:
                    ops[k] = ('delete', None)
                else:
                    ops[k] = ('update', next_version)
                next_version += 1
            results = {}
            threads = [threading.Thread(target=self.run_op, args=(k, op, v, paths, results))
                       for k, (op, v) in ops.items()]
            for t in threads:
                t.start()
            time.sleep(rng.uniform(0.0, 0.06))
            os.kill(self.bondd.pid, signal.SIGKILL)
            self.bondd.wait_exit(10)
            for t in threads:
                t.join(10)
            writes += len(ops)
            interrupted += sum(1 for ok in results.values() if not ok)

            self.bondd = self.start_bondd()
            log = self.bondd.read_log()
            self.assertNotRegex(log, r'cannot load|warning', 'round %d (seed %d)' % (rnd, seed))
            swept += log.count('left by an interrupted write')
            disk = self.state_on_disk()
            for k, (op, version) in ops.items():
                old = state.get(k, ABSENT)
                new = ABSENT if op == 'delete' else version
                allowed = {new} if results.get(k) else {old, new}
                self.assertIn(disk.get(k, ABSENT), allowed,
                              'round %d (seed %d): profile %d after %s %r' % (rnd, seed, k, op, version))
            self.assertEqual(self.state_on_bus(), disk, 'round %d (seed %d)' % (rnd, seed))
            state = disk
        sys.stderr.write('%d writes, %d interrupted, %d temp files swept ' % (writes, interrupted, swept))
        self.assertGreaterEqual(writes, 100)


class LeftoverTempFiles(harness.BonddTestCase):
    """What an interrupted write leaves is removed at start-up and never
    read; a user's hidden file that merely looks similar stays."""

    def prepare_files(self):
        ifcfg.write(self.ifcfg_path('.ifcfg-bond0.bondd-Ab12Cd'),
                    'TYPE=Bond\nDEVICE=bond0\nNAME=half\nUUID=%s\n' % uuid_of(99))
        ifcfg.write(self.ifcfg_path('.ifcfg-bond0.backup'), 'TYPE=Bond\nDEVICE=bond0\n')

    def test_swept_at_start(self):
        self.assertEqual(sorted(os.listdir(self.ifcfg_dir)), ['.ifcfg-bond0.backup'])
        self.assertIn('.ifcfg-bond0.bondd-Ab12Cd, left by an interrupted write', self.bondd.read_log())
        self.assertEqual(self.con_table(), {})
        r = self.nmcli('connection', 'load', self.ifcfg_path('.ifcfg-bond0.backup'))
        self.assertIn('Could not load', r.text, repr(r))
        self.assertEqual(self.con_table(), {})


if __name__ == '__main__':
    harness.main()
