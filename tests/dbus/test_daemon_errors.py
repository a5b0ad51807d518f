#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0-or-later
"""bondd refuses to start, with one clear line, when it cannot do its job."""

import os
import subprocess
import sys
import time

import harness

# Owns org.freedesktop.NetworkManager (as NetworkManager would) until killed.
HOLDER = r'''
import sys
from gi.repository import Gio, GLib
conn = Gio.DBusConnection.new_for_address_sync(sys.argv[1],
    Gio.DBusConnectionFlags.AUTHENTICATION_CLIENT | Gio.DBusConnectionFlags.MESSAGE_BUS_CONNECTION, None, None)
r = conn.call_sync('org.freedesktop.DBus', '/org/freedesktop/DBus', 'org.freedesktop.DBus', 'RequestName',
    GLib.Variant('(su)', ('org.freedesktop.NetworkManager', 4)), GLib.VariantType('(u)'), 0, -1, None)
print(r.unpack()[0], flush=True)
GLib.MainLoop().run()
'''


class DaemonErrors(harness.BonddTestCase):
    start_daemon = False

    def assertOneLineFailure(self, b, *words):
        rc = b.wait_exit(15)
        self.assertIsNotNone(rc, 'bondd kept running:\n' + b.read_log())
        self.assertNotEqual(rc, 0, b.read_log())
        lines = [l for l in b.read_log().splitlines() if l.strip()]
        self.assertEqual(len(lines), 1, 'expected one line, got:\n' + b.read_log())
        for w in words:
            self.assertIn(w, lines[0])
        return lines[0]

    def test_name_already_owned(self):
        holder = harness._spawn([sys.executable, '-c', HOLDER, self.bus.address], stdout=subprocess.PIPE, text=True)
        self.addCleanup(holder.stdout.close)
        self.addCleanup(harness._kill_group, holder, 1.0)
        self.assertEqual(holder.stdout.readline().strip(), '1', 'the holder did not become primary owner')
        b = self.start_bondd(wait=False)
        line = self.assertOneLineFailure(b, 'org.freedesktop.NetworkManager')
        self.assertEqual(self.bus.name_owner_pid(), holder.pid, 'the name changed hands: ' + line)

    def test_missing_ifcfg_dir(self):
        b = harness.Bondd(self.root, self.bus, '/nonexistent', self.plugin_dir, tag='bondd-nodir')
        self.daemons.append(b)
        self.addCleanup(b.kill)
        b.start()
        self.assertOneLineFailure(b, '/nonexistent')
        self.assertIsNone(self.bus.name_owner_pid())

    def test_bad_config_file(self):
        b = self.start_bondd(wait=False, config_text='[main]\nthis is not a key file\n')
        line = self.assertOneLineFailure(b, b.config)
        self.assertIsNone(self.bus.name_owner_pid(), line)

    def test_bad_boolean_in_config(self):
        # A boolean key's error names the file, the line and the value.
        b = self.start_bondd(wait=False, config_text='[main]\n\n[dhcp]\nsend-release=perhaps\n')
        line = self.assertOneLineFailure(b, b.config + ':4: send-release: invalid value')
        self.assertIn('perhaps', line)
        self.assertIsNone(self.bus.name_owner_pid(), line)

    def test_sigterm_releases_name(self):
        b = self.start_bondd()
        self.assertEqual(b.stop(), 0, b.read_log())
        deadline = time.monotonic() + 5
        while self.bus.name_owner_pid() is not None and time.monotonic() < deadline:
            time.sleep(0.05)
        self.assertIsNone(self.bus.name_owner_pid())
        r = self.nmcli('general')
        self.assertEqual(r.rc, 8, repr(r))
        self.assertIn('NetworkManager is not running', r.err)
        self.assertTrue(os.path.isdir(self.ifcfg_dir))


if __name__ == '__main__':
    harness.main()
