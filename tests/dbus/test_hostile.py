#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0-or-later
"""Hostile names: profile ids, interface names and other strings with '/',
'..', newlines, quotes, $(...) and backticks.  What libnm accepts is stored
in a file of the ifcfg directory that a shell can source without running
anything (a canary file that `$(touch canary)` would create never appears),
and comes back identical after a restart; what libnm refuses (interface
names with '/' or a newline) is refused and leaves the directory as it
was."""

import os
import subprocess
import tempfile

import gi

gi.require_version('NM', '1.0')
from gi.repository import GLib  # noqa: E402

import harness  # noqa: E402
import ifcfg  # noqa: E402

SETTINGS = '/org/freedesktop/NetworkManager/Settings'
IFACE_SETTINGS = 'org.freedesktop.NetworkManager.Settings'
IFACE_CONN = 'org.freedesktop.NetworkManager.Settings.Connection'
INVALID = 'org.freedesktop.NetworkManager.Settings.InvalidConnection'


def hostile_strings(canary):
    """Strings that would run `touch CANARY` if a file quoted them badly."""
    touch = 'touch %s' % canary
    return [
        '$(%s)' % touch,
        '`%s`' % touch,
        '"; %s; "' % touch,
        "'; %s; '" % touch,
        "$'\\n'; %s" % touch,
        'x\n%s\n' % touch,
        '\\"$(%s)\\"' % touch,
        '${IFS}$(%s)' % touch,
        '../../../../tmp/x/../ifcfg-evil',
        '..',
        '/etc/passwd',
        'a\tb\rc\x01d\x7fe',
        '#not a comment $(%s)' % touch,
        ' leading and trailing \\',
        'ünïcödé ✓ $(%s)' % touch,
        '$HOME ~root * ? [a] {b,c} !! & | ; < >',
        # A control character makes it $'...'; a quote in there used to
        # end the string for a POSIX sh, which then ran the rest.
        "\x01'; %s; #" % touch,
        "\n'$(%s)'" % touch,
    ]


# Interface names libnm takes (at most 15 bytes, no '/', ':' or space).
ODD_IFNAMES = ['$(id)', '`id`', "a'b\"c", '-x', '$HOME', 'x;y&z|w', '!!', '*', 'é']
# ... and some it refuses.
BAD_IFNAMES = ['../x', 'a/b', 'a\nb', '..', 'a b', '$(touch x)', 'x' * 16]


def bond(uuid, con_id, ifname, zone=None, hostname=None):
    s = {
        'connection': {'id': GLib.Variant('s', con_id), 'uuid': GLib.Variant('s', uuid),
                       'type': GLib.Variant('s', 'bond'), 'interface-name': GLib.Variant('s', ifname),
                       'autoconnect': GLib.Variant('b', False)},
        'bond': {'options': GLib.Variant('a{ss}', {'mode': 'active-backup'})},
        'ipv4': {'method': GLib.Variant('s', 'auto')},
        'ipv6': {'method': GLib.Variant('s', 'ignore')},
    }
    if zone is not None:
        s['connection']['zone'] = GLib.Variant('s', zone)
    if hostname is not None:
        s['ipv4']['dhcp-hostname'] = GLib.Variant('s', hostname)
    return s


def uuid_of(i):
    return '4051e000-0000-4000-8000-%012d' % i


class Hostile(harness.BonddTestCase):

    def setUp(self):
        super().setUp()
        self.sandbox = tempfile.mkdtemp(prefix='bondd-sandbox-', dir=self.root)
        self.canary = os.path.join(self.sandbox, 'canary')

    def add2(self, settings):
        return self.bus.call(harness.NM_NAME, SETTINGS, IFACE_SETTINGS, 'AddConnection2',
                             GLib.Variant('(a{sa{sv}}ua{sv})', (settings, 1, {})), '(oa{sv})')

    def get_settings(self, uuid):
        obj = self.bus.call(harness.NM_NAME, SETTINGS, IFACE_SETTINGS, 'GetConnectionByUuid',
                            GLib.Variant('(s)', (uuid,)), '(o)').unpack()[0]
        return self.bus.call(harness.NM_NAME, obj, IFACE_CONN, 'GetSettings', None,
                             '(a{sa{sv}})').unpack()[0]

    def file_of(self, uuid):
        """The file holding UUID (ifcfg.parse takes no $'...' quoting, which
        values with control characters need)."""
        hits = [os.path.join(self.ifcfg_dir, n) for n in ifcfg.ifcfg_files(self.ifcfg_dir)
                if 'UUID=' + uuid in ifcfg.lines(os.path.join(self.ifcfg_dir, n))]
        self.assertEqual(len(hits), 1, 'files with UUID=%s: %r' % (uuid, hits))
        return hits[0]

    def source(self, shell, path, variables):
        """Source path with shell in the sandbox; returns the variables'
        values as the shell sees them."""
        script = '. "$1" && printf "%s\\0" ' + ' '.join('"$%s"' % v for v in variables)
        p = subprocess.run([shell, '-c', script, shell, path], cwd=self.sandbox, capture_output=True,
                           env={'PATH': '/usr/bin:/bin', 'HOME': self.sandbox}, timeout=10)
        self.assertEqual(p.returncode, 0, '%s cannot source %s: %r' % (shell, path, p.stderr))
        return p.stdout.split(b'\0')[:-1]

    def assertSafeToSource(self, path, expected):
        """Sourced by sh and bash, the file runs nothing; bash, which knows
        $'...' quoting, reads back exactly what was stored."""
        for shell in ('/bin/sh', '/bin/bash'):
            values = self.source(shell, path, list(expected))
            self.assertFalse(os.path.exists(self.canary), '%s ran a command from %s' % (shell, path))
            if shell == '/bin/bash':
                self.assertEqual([v.decode() for v in values], list(expected.values()), path)

    def test_hostile_ids_and_strings(self):
        strings = hostile_strings(self.canary)
        for i, s in enumerate(strings):
            with self.subTest(string=s):
                self.add2(bond(uuid_of(i), s, 'hb%d' % i, zone=s,
                               hostname=s if len(s.encode()) <= 255 else None))
        for i, s in enumerate(strings):
            with self.subTest(string=s):
                path = self.file_of(uuid_of(i))
                self.assertEqual(os.path.dirname(path), self.ifcfg_dir)
                self.assertTrue(os.path.basename(path).startswith('ifcfg-'), path)
                self.assertNotIn('\n', os.path.basename(path))
                self.assertSafeToSource(path, {'NAME': s, 'ZONE': s, 'DHCP_HOSTNAME': s})
        # Nothing outside the directory, nothing but one file per profile.
        self.assertEqual(len(ifcfg.ifcfg_files(self.ifcfg_dir)), len(strings))
        self.assertEqual(len(os.listdir(self.ifcfg_dir)), len(strings))
        self.assertFalse(os.path.exists('/tmp/ifcfg-evil'))
        # Back identical after a restart (read from the files).
        before = {i: self.get_settings(uuid_of(i)) for i in range(len(strings))}
        self.restart_bondd()
        for i, s in enumerate(strings):
            with self.subTest(string=s):
                after = self.get_settings(uuid_of(i))
                self.assertEqual(after['connection']['id'], s)
                self.assertEqual(after['connection']['zone'], s)
                self.assertEqual(after['ipv4'].get('dhcp-hostname'), s)
                self.assertEqual(after, before[i])
        self.assertNotRegex(self.bondd.read_log(), r'cannot load|warning')

    def test_odd_interface_names(self):
        for i, name in enumerate(ODD_IFNAMES):
            with self.subTest(ifname=name):
                self.add2(bond(uuid_of(i), 'odd%d' % i, name))
                path = self.file_of(uuid_of(i))
                self.assertSafeToSource(path, {'DEVICE': name})
        self.restart_bondd()
        for i, name in enumerate(ODD_IFNAMES):
            with self.subTest(ifname=name):
                self.assertEqual(self.get_settings(uuid_of(i))['connection']['interface-name'], name)
        self.assertFalse(os.path.exists(self.canary))

    def test_bad_interface_names_refused(self):
        before = ifcfg.snapshot(self.ifcfg_dir)
        for i, name in enumerate(BAD_IFNAMES):
            with self.subTest(ifname=name):
                with self.assertRaises(GLib.Error) as cm:
                    self.add2(bond(uuid_of(i), 'bad%d' % i, name))
                self.assertEqual(harness.remote_error(cm.exception), INVALID, cm.exception.message)
                self.assertIn('interface-name', cm.exception.message)
        self.assertUnchanged(before, 'refused interface names')
        self.assertEqual(self.con_table(), {})

    def test_profile_libnm_chokes_on(self):
        # A gateway with never-default hides, in libnm's checks, addresses the
        # method does not allow; libnm's normalization then fails with a
        # critical, which kills a daemon run with fatal criticals (as here).
        for family, method, addr, gw in (('ipv4', 'link-local', '192.0.2.4', '192.0.2.1'),
                                         ('ipv4', 'disabled', '192.0.2.4', '192.0.2.1'),
                                         ('ipv6', 'ignore', '2001:db8::1', '2001:db8::ff')):
            with self.subTest(family=family, method=method):
                s = bond(uuid_of(1), 'choke', 'hb1')
                s[family] = {'method': GLib.Variant('s', method), 'gateway': GLib.Variant('s', gw),
                             'never-default': GLib.Variant('b', True),
                             'address-data': GLib.Variant('aa{sv}', [{
                                 'address': GLib.Variant('s', addr),
                                 'prefix': GLib.Variant('u', 24 if family == 'ipv4' else 64)}])}
                with self.assertRaises(GLib.Error) as cm:
                    self.add2(s)
                self.assertEqual(harness.remote_error(cm.exception), INVALID, cm.exception.message)
                self.assertIn('%s.addresses' % family, cm.exception.message)
        self.assertIsNone(self.bondd.proc.poll(), 'bondd died')
        self.assertEqual(self.con_table(), {})

    def test_nmcli_hostile_id(self):
        con_id = '$(touch %s) `touch %s`' % (self.canary, self.canary)
        uuid = self.add_connection('type', 'bond', 'con-name', con_id, 'ifname', 'hb0',
                                   'ipv4.method', 'disabled', 'ipv6.method', 'ignore')
        self.assertSafeToSource(self.file_of(uuid), {'NAME': con_id})
        self.assertEqual(self.get_fields(uuid, 'connection.id'), [con_id])


if __name__ == '__main__':
    harness.main()
