#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0-or-later
"""Checkpoints through libnm and raw D-Bus: a rollback -- asked for, or when
the timeout passes -- gives back the profiles (files included) and what ran
on the devices; a destroyed checkpoint rolls nothing back; only root may."""

import json
import os
import subprocess
import sys
import time

import harness
import ifcfg

NM = harness.NM_NAME
NM_PATH = harness.NM_PATH
DELETE_NEW_CONNECTIONS, ALLOW_OVERLAPPING, DESTROY_ALL = 0x02, 0x08, 0x01


class Checkpoints(harness.BonddTestCase):
    bus_policy = 'open'  # the daemon's own authorization is what is tested

    def setUp(self):
        super().setUp()
        # A veth pair in bondd's namespace: v0 is the managed device, v1 its
        # peer, up, so that v0 has carrier.
        self.veth('v0', 'v1')
        self.uuid = self.add_connection('type', 'ethernet', 'con-name', 'web', 'ifname', 'v0',
                                        'ipv4.method', 'manual', 'ipv4.addresses', '192.0.2.1/24',
                                        'ipv6.method', 'disabled')
        self.web_file = self.file_for_uuid(self.uuid)
        self.nmcli_ok('connection', 'up', 'web', timeout=60)
        self.wait_for(lambda: self.addresses('v0') == ['192.0.2.1/24'], timeout=20, what='192.0.2.1 on v0')

    # -- helpers -------------------------------------------------------------

    def libnm(self, *args):
        env = dict(os.environ, DBUS_SYSTEM_BUS_ADDRESS=self.bus.address, LANG='C')
        p = subprocess.run([sys.executable, os.path.join(harness.HERE, 'libnm_checkpoint.py')] +
                           [str(a) for a in args], capture_output=True, text=True, timeout=60, env=env)
        self.assertIn(p.returncode, (0, 1), p.stderr)
        return json.loads(p.stdout)

    def checkpoints(self):
        return self.prop(NM_PATH, NM, 'Checkpoints')

    # -- tests ---------------------------------------------------------------

    def test_timeout_restores_profile_and_device(self):
        cp = self.libnm('create', 3, 0, 'v0')
        self.assertNotIn('error', cp)
        self.assertEqual(cp['devices'], ['v0'])
        self.assertEqual(cp['rollback_timeout'], 3)
        self.assertGreater(cp['created'], 0)
        self.assertEqual(self.checkpoints(), [cp['path']])

        self.nmcli_ok('connection', 'modify', 'web', 'ipv4.addresses', '198.51.100.1/24')
        self.nmcli_ok('connection', 'up', 'web', timeout=60)
        self.wait_for(lambda: self.addresses('v0') == ['198.51.100.1/24'], timeout=20, what='new address')
        self.assertEqual(ifcfg.parse(self.web_file)['IPADDR'], '198.51.100.1')

        # No destroy: the timeout rolls back, then the checkpoint is gone.
        self.wait_for(lambda: self.checkpoints() == [], timeout=15, what='checkpoint expired')
        self.assertEqual(ifcfg.parse(self.web_file)['IPADDR'], '192.0.2.1')
        self.assertEqual(self.get_fields('web', 'ipv4.addresses'), ['192.0.2.1/24'])
        self.wait_for(lambda: self.addresses('v0') == ['192.0.2.1/24'], timeout=20, what='old address back')
        self.assertIn('rollback timeout reached', self.bondd.read_log())

    def test_deleted_profile_comes_back(self):
        v0 = self.device_path('v0')
        path = self.manager('CheckpointCreate', '(aouu)', ([v0], 0, 0), '(o)')[0]
        self.assertEqual(self.prop(path, NM + '.Checkpoint', 'Devices'), [v0])
        self.assertEqual(self.prop(path, NM + '.Checkpoint', 'RollbackTimeout'), 0)

        self.nmcli_ok('connection', 'delete', 'web')
        self.assertFalse(os.path.exists(self.web_file))
        self.wait_for(lambda: self.addresses('v0') == [], timeout=20, what='address removed')

        results = self.libnm('rollback', path)
        self.assertEqual(results, {v0: 0})  # NM_ROLLBACK_RESULT_OK
        self.assertEqual(self.checkpoints(), [])
        self.assertEqual(self.con_table().get(self.uuid), ('web', '802-3-ethernet'))
        self.assertEqual(ifcfg.parse(self.file_for_uuid(self.uuid))['IPADDR'], '192.0.2.1')
        self.wait_for(lambda: self.addresses('v0') == ['192.0.2.1/24'], timeout=20, what='address back')

    def test_new_profiles_deleted_and_destroy_rolls_back_nothing(self):
        path = self.manager('CheckpointCreate', '(aouu)', ([], 0, DELETE_NEW_CONNECTIONS), '(o)')[0]
        # An empty list means every realized device.
        devices = self.prop(path, NM + '.Checkpoint', 'Devices')
        self.assertIn(self.device_path('v0'), devices)
        self.assertIn(self.device_path('lo'), devices)
        extra = self.add_connection('type', 'bond', 'con-name', 'extra', 'ifname', 'bond9',
                                    'ipv4.method', 'disabled', 'ipv6.method', 'ignore')
        extra_file = self.file_for_uuid(extra)
        results = self.manager('CheckpointRollback', '(o)', (path,), '(a{su})')[0]
        self.assertEqual(set(results.values()), {0}, results)
        self.assertNotIn(extra, self.con_table())
        self.assertFalse(os.path.exists(extra_file))
        self.assertIn(self.uuid, self.con_table())

        # Destroyed before its timeout: nothing is rolled back.
        cp = self.libnm('create', 2, DELETE_NEW_CONNECTIONS, 'v0')
        kept = self.add_connection('type', 'bond', 'con-name', 'kept', 'ifname', 'bond8',
                                   'ipv4.method', 'disabled', 'ipv6.method', 'ignore')
        self.nmcli_ok('connection', 'modify', 'web', 'ipv4.addresses', '198.51.100.1/24')
        self.assertEqual(self.libnm('destroy', cp['path']), True)
        self.assertEqual(self.checkpoints(), [])
        time.sleep(3.5)
        self.assertIn(kept, self.con_table())
        self.assertEqual(ifcfg.parse(self.web_file)['IPADDR'], '198.51.100.1')
        self.assertNotIn('rollback timeout reached', self.bondd.read_log())

    def test_refusals(self):
        v0, lo = self.device_path('v0'), self.device_path('lo')
        first = self.manager('CheckpointCreate', '(aouu)', ([v0], 0, 0), '(o)')[0]

        name, message = self.manager_error('CheckpointCreate', '(aouu)', ([v0, lo], 0, 0))
        self.assertEqual(name, NM + '.InvalidArguments')
        self.assertIn("'v0'", message)
        self.assertIn(first, message)
        name, message = self.manager_error('CheckpointCreate', '(aouu)', ([NM_PATH + '/Devices/999'], 0, 0))
        self.assertEqual(name, NM + '.InvalidArguments')
        self.assertIn('/Devices/999', message)
        name, message = self.manager_error('CheckpointCreate', '(aouu)', ([lo], 0, 0x100))
        self.assertEqual(name, NM + '.InvalidArguments')
        name, message = self.manager_error('CheckpointDestroy', '(o)', (NM_PATH + '/Checkpoint/999',))
        self.assertEqual(name, NM + '.InvalidArguments')
        self.assertIn('does not exist', message)
        self.assertEqual(self.checkpoints(), [first])

        second = self.manager('CheckpointCreate', '(aouu)', ([v0], 0, ALLOW_OVERLAPPING), '(o)')[0]
        self.assertEqual(self.checkpoints(), [first, second])
        self.manager('CheckpointAdjustRollbackTimeout', '(ou)', (second, 100))
        self.assertIn(self.prop(second, NM + '.Checkpoint', 'RollbackTimeout'), (100, 101))
        third = self.manager('CheckpointCreate', '(aouu)', ([v0], 0, DESTROY_ALL), '(o)')[0]
        self.assertEqual(self.checkpoints(), [third])

        # Only root: nobody is refused, and nothing changes.
        r = self.busctl_nobody('call', NM, NM_PATH, NM, 'CheckpointCreate', 'aouu', '0', '0', '0')
        self.assertNotEqual(r.returncode, 0, r)
        self.assertRegex(r.stderr, r'(?i)not authorized|permission', r)
        for method in ('CheckpointDestroy', 'CheckpointRollback'):
            r = self.busctl_nobody('call', NM, NM_PATH, NM, method, 'o', third)
            self.assertNotEqual(r.returncode, 0, r)
        r = self.busctl_nobody('call', NM, NM_PATH, NM, 'CheckpointAdjustRollbackTimeout', 'ou', third, '1')
        self.assertNotEqual(r.returncode, 0, r)
        self.assertEqual(self.checkpoints(), [third])
        self.assertEqual(self.prop(third, NM + '.Checkpoint', 'RollbackTimeout'), 0)

    def busctl_nobody(self, *args):
        return subprocess.run(harness.NOBODY + ['busctl', '--address=' + self.bus.address] + list(args),
                              stdin=subprocess.DEVNULL, capture_output=True, text=True, timeout=30)


if __name__ == '__main__':
    harness.main()
