#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0-or-later
"""AddAndActivateConnection[2]: `nmcli device connect` on a device without a
profile, libnm's add_and_activate_connection_async with a partial profile,
the persist and bind-activation options, and NetworkManager's errors, on a
veth pair in bondd's namespace."""

import json
import os
import subprocess
import sys

from gi.repository import Gio, GLib

import harness
import ifcfg

NM = harness.NM_NAME
NM_PATH = harness.NM_PATH
CONNECTION = NM + '.Settings.Connection'
ACTIVE = NM + '.Connection.Active'
VOLATILE, UNSAVED = 0x4, 0x1


class AddAndActivate(harness.BonddTestCase):
    bus_policy = 'open'  # the daemon's own authorization is what is tested
    # v9 is left alone by the configuration (a user-settings spec); ifcfg
    # files alone hold profiles, so that one kind cannot be stored.
    config_text = ('[main]\nmonitor-connection-files=true\nunmanaged-devices=interface-name:v9\n'
                   'settings-plugins=ifcfg\n')

    def setUp(self):
        super().setUp()
        self.veth('v0', 'v1')

    def add_and_activate2(self, settings, device, options):
        return self.manager('AddAndActivateConnection2', '(a{sa{sv}}ooa{sv})',
                            (settings, device, '/', options))

    def active_paths(self):
        return self.prop(NM_PATH, NM, 'ActiveConnections')

    def profile_paths(self):
        return self.prop(NM_PATH + '/Settings', NM + '.Settings', 'Connections')

    def test_device_connect_creates_a_profile(self):
        # No profile fits v0: nmcli asks ActivateConnection, is told so, and
        # adds one (--wait 0: the DHCP lease is not the point here).
        self.nmcli_ok('--wait', '0', 'device', 'connect', 'v0')
        self.assertEqual(self.get_fields('v0', 'connection.id', 'connection.interface-name',
                                         'connection.type', 'connection.autoconnect',
                                         'ipv4.method', 'ipv6.method'),
                         ['v0', 'v0', '802-3-ethernet', 'yes', 'auto', 'auto'])
        uuid = self.get_fields('v0', 'connection.uuid')[0]
        path = self.file_for_uuid(uuid)
        self.assertKeys(ifcfg.parse(path), {'DEVICE': 'v0', 'TYPE': 'Ethernet', 'BOOTPROTO': 'dhcp',
                                            'ONBOOT': 'yes', 'NAME': 'v0'}, path)
        # Its activation started on v0.
        state = self.get_fields('v0', 'GENERAL.STATE')[0]
        self.assertIn(state, ('activating', 'activated'))
        self.assertEqual(self.nmcli_ok('-g', 'GENERAL.CONNECTION', 'device', 'show', 'v0').out.strip(),
                         'v0')

    def test_libnm_partial_profile(self):
        env = dict(os.environ, DBUS_SYSTEM_BUS_ADDRESS=self.bus.address, LANG='C')
        p = subprocess.run([sys.executable, os.path.join(harness.HERE, 'libnm_add_and_activate.py'),
                            'v0', '192.0.2.5/24'], capture_output=True, text=True, timeout=60, env=env)
        self.assertEqual(p.returncode, 0, p.stdout + p.stderr)
        out = json.loads(p.stdout)
        # Completed as NetworkManager completes it for an Ethernet device.
        self.assertEqual(out['id'], 'Wired connection 1')
        self.assertEqual(self.get_fields(out['uuid'], 'connection.interface-name', 'connection.type',
                                         'ipv4.method', 'ipv4.addresses', 'ipv6.method'),
                         ['v0', '802-3-ethernet', 'manual', '192.0.2.5/24', 'auto'])
        self.file_for_uuid(out['uuid'])
        self.wait_for(lambda: self.addresses('v0') == ['192.0.2.5/24'], timeout=20, what='192.0.2.5 on v0')
        self.wait_for(lambda: self.get_fields(out['uuid'], 'GENERAL.STATE') == ['activated'], timeout=20,
                      what='Wired connection 1 activated')

    def test_persist_and_bind_activation(self):
        before = ifcfg.snapshot(self.ifcfg_dir)
        dev = self.device_path('v0')
        manual = {'ipv4': {'method': GLib.Variant('s', 'manual'),
                           'address-data': GLib.Variant('aa{sv}', [{'address': GLib.Variant('s', '192.0.2.6'),
                                                                    'prefix': GLib.Variant('u', 24)}])},
                  'ipv6': {'method': GLib.Variant('s', 'disabled')}}
        # memory: no file, Unsaved.
        path, ac, result = self.add_and_activate2(manual, dev, {'persist': GLib.Variant('s', 'memory')})
        self.assertEqual(result, {})
        self.assertEqual(self.prop(path, CONNECTION, 'Flags'), UNSAVED)
        self.assertUnchanged(before, 'persist=memory')
        self.assertIn(ac, self.active_paths())
        # volatile: gone once not active any more; this one replaces the
        # memory one on v0, which stays.
        vpath, vac, _ = self.add_and_activate2(manual, dev, {'persist': GLib.Variant('s', 'volatile')})
        self.assertEqual(self.prop(vpath, CONNECTION, 'Flags'), UNSAVED | VOLATILE)
        self.wait_for(lambda: ac not in self.active_paths(), what='the first activation replaced')
        self.assertIn(path, self.profile_paths())
        self.nmcli_ok('device', 'disconnect', 'v0')
        self.wait_for(lambda: vpath not in self.profile_paths(), what='the volatile profile deleted')
        self.assertUnchanged(before, 'persist=volatile')
        # bind-activation dbus-client: the activation ends with the client.
        bus = private_connection(self.bus.address)
        params = GLib.Variant('(a{sa{sv}}ooa{sv})', (manual, dev, '/', {
            'persist': GLib.Variant('s', 'memory'), 'bind-activation': GLib.Variant('s', 'dbus-client')}))
        bpath, bac, _ = bus.call_sync(NM, NM_PATH, NM, 'AddAndActivateConnection2', params, None, 0, 25000,
                                      None).unpack()
        self.wait_for(lambda: self.prop(bac, ACTIVE, 'State') == 2, timeout=20, what='bound activation up')
        bus.close_sync(None)
        self.wait_for(lambda: bac not in self.active_paths(), timeout=10,
                      what='the activation ended with its client')
        self.assertIn(bpath, self.profile_paths())

    def test_errors(self):
        before, table = ifcfg.snapshot(self.ifcfg_dir), self.con_table()
        dev = self.device_path('v0')
        cases = [
            # (settings, device, options) -> (error name, words in the message)
            (({}, NM_PATH + '/Devices/99', {}), ('.UnknownDevice', 'Device not found')),
            (({'ipv4': {'method': GLib.Variant('s', 'bogus')}}, dev, {}),
             ('.Settings.Connection.InvalidProperty', 'ipv4.method')),
            (({}, dev, {'persist': GLib.Variant('s', 'bogus')}),
             ('.InvalidArguments', 'Option "persist" must be one of "volatile", "memory" or "disk"')),
            (({}, dev, {'bind-activation': GLib.Variant('s', 'bogus')}),
             ('.InvalidArguments', 'bind-activation')),
            (({}, dev, {'foo': GLib.Variant('s', 'x')}), ('.InvalidArguments', 'Unknown extra option passed')),
            (({'connection': {'type': GLib.Variant('s', 'bond')}}, dev, {}),
             ('.UnknownDevice', 'not compatible with device')),
            (({}, '/', {}), ('.UnknownDevice', 'compatible device')),
        ]
        self.veth('v9', 'v8')
        self.wait_for(lambda: self.nmcli_ok('-g', 'GENERAL.STATE', 'device', 'show', 'v9').out.startswith('10 '),
                      what='v9 unmanaged by the configuration')
        cases.append((({}, self.device_path('v9'), {}), ('.UnknownDevice', 'device is strictly unmanaged')))
        # A kind the ifcfg plugin cannot store, with no other writable plugin.
        cases.append((({'connection': {'type': GLib.Variant('s', 'dummy'),
                                       'interface-name': GLib.Variant('s', 'dummy0')},
                        'dummy': {}},
                       '/', {'persist': GLib.Variant('s', 'disk')}),
                      ('.Settings.NotSupported', "cannot store connections of type 'dummy'")))
        for (settings, device, options), (name, words) in cases:
            with self.subTest(settings=settings, device=device, options=options):
                with self.assertRaises(GLib.Error) as cm:
                    self.add_and_activate2(settings, device, options)
                self.assertTrue(harness.remote_error(cm.exception).endswith(name),
                                '%s: %s' % (harness.remote_error(cm.exception), cm.exception.message))
                self.assertIn(words, cm.exception.message)
        self.assertUnchanged(before, 'refused AddAndActivate calls')
        self.assertEqual(self.con_table(), table)
        self.assertEqual(self.active_paths(), [])

    def test_nobody_is_refused(self):
        before = ifcfg.snapshot(self.ifcfg_dir)
        r = self.nmcli('device', 'connect', 'v0', user='nobody')
        self.assertNotEqual(r.rc, 0, repr(r))
        self.assertIn('Not authorized', r.err, repr(r))
        self.assertUnchanged(before, 'nmcli device connect as nobody')
        self.assertEqual(self.active_paths(), [])


def private_connection(address):
    """A connection of our own to the test bus: a client that can leave."""
    return Gio.DBusConnection.new_for_address_sync(
        address, Gio.DBusConnectionFlags.AUTHENTICATION_CLIENT | Gio.DBusConnectionFlags.MESSAGE_BUS_CONNECTION,
        None, None)


if __name__ == '__main__':
    harness.main()
