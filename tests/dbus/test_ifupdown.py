#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0-or-later
"""The ifupdown settings plugin next to ifcfg (settings-plugins=ifcfg,ifupdown):
Debian's interfaces-file bonds show in nmcli with their options, are refused
changes with ReadOnlyConnection (the file untouched), clone into an ifcfg
file, follow edits of the file; without naming the plugin nothing of the
file is served; `bondd --migrate-ifupdown` writes the same profiles as ifcfg
files."""

import hashlib
import os
import re
import shutil
import subprocess
import uuid as uuidlib

from gi.repository import GLib

import harness
import ifcfg

IFACE_CONN = 'org.freedesktop.NetworkManager.Settings.Connection'
READ_ONLY = 'org.freedesktop.NetworkManager.Settings.ReadOnlyConnection'

# The task's stanza, verbatim.
INTERFACES = '''auto eth1
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
    address 10.0.0.1
    netmask 255.255.255.0
    mtu 9000
    bond-slaves none
        bond-mode balance-rr
    bond-miimon 100
'''

# bondd's namespace for interfaces-file UUIDs (src/settings-plugins/ifupdown).
UUID_NAMESPACE = bytes([0x6c, 0x0a, 0x5e, 0x2b, 0x91, 0x3d, 0x4f, 0x0e,
                        0xa7, 0x58, 0x2c, 0x1b, 0x8e, 0x47, 0xd3, 0x95])


def expected_uuid(path, name):
    """A second computation of the plugin's rule: RFC 4122 version 3 of
    "PATH\\nNAME" in bondd's namespace."""
    digest = bytearray(hashlib.md5(UUID_NAMESPACE + ('%s\n%s' % (path, name)).encode()).digest())
    digest[6] = (digest[6] & 0x0f) | 0x30
    digest[8] = (digest[8] & 0x3f) | 0x80
    return str(uuidlib.UUID(bytes=bytes(digest)))


def file_state(path):
    st = os.stat(path)
    with open(path, 'rb') as f:
        return (f.read(), st.st_mtime_ns, st.st_ino)


BONDCTL = os.path.join(harness.BUILD_ROOT, 'src', 'bondctl', 'bondctl')


class IfupdownCase(harness.BonddTestCase):
    settings_plugins = 'ifcfg,ifupdown'

    def prepare_files(self):
        self.net_dir = os.path.join(self.root, 'network')
        os.makedirs(self.net_dir)
        self.interfaces = os.path.join(self.net_dir, 'interfaces')
        self.write_interfaces(INTERFACES)
        lines = ['[main]', 'monitor-connection-files=true']
        if self.settings_plugins:
            lines.append('settings-plugins=' + self.settings_plugins)
        lines += ['[ifupdown]', 'path=' + self.interfaces, '']
        self.config_text = '\n'.join(lines)

    def write_interfaces(self, text):
        tmp = self.interfaces + '.tmp'
        with open(tmp, 'w') as f:
            f.write(text)
        os.rename(tmp, self.interfaces)

    def uuid(self, name):
        return expected_uuid(self.interfaces, name)


class Served(IfupdownCase):

    def test_profiles_shown(self):
        table = self.con_table()
        self.assertEqual(table, {self.uuid('ha'): ('ha', 'bond'),
                                 self.uuid('eth1'): ('eth1', '802-3-ethernet'),
                                 self.uuid('eth2'): ('eth2', '802-3-ethernet')})
        self.assertEqual(self.bond_options('ha'), {'mode': 'balance-rr', 'miimon': '100'})
        self.assertEqual(self.get_fields('ha', 'connection.interface-name', 'connection.autoconnect',
                                         'ipv4.method', 'ipv4.addresses', '802-3-ethernet.mtu'),
                         ['ha', 'yes', 'manual', '10.0.0.1/24', '9000'])
        for port in ('eth1', 'eth2'):
            self.assertEqual(self.get_fields(port, 'connection.master', 'connection.slave-type',
                                             'connection.autoconnect', '802-3-ethernet.speed',
                                             '802-3-ethernet.duplex',
                                             '802-3-ethernet.auto-negotiate'),
                             ['ha', 'bond', 'yes', '1000', 'full', 'no'])
        r = self.nmcli_ok('-t', '-f', 'NAME,FILENAME', 'connection', 'show')
        for name in ('ha', 'eth1', 'eth2'):
            self.assertIn('%s:%s' % (name, self.interfaces), r.out.splitlines())
        # One note for the file, naming it and the line.
        self.assertRegex(self.bondd.read_log(),
                         re.escape(self.interfaces) + r':4: ha: bond-primary has no effect in mode balance-rr')

    def test_modify_refused(self):
        before = file_state(self.interfaces)
        r = self.nmcli('connection', 'modify', 'ha', 'bond.options', 'mode=active-backup,miimon=100')
        self.assertNotEqual(r.rc, 0, repr(r))
        self.assertIn(self.interfaces, r.err, repr(r))
        self.assertIn('read-only', r.err, repr(r))
        self.assertEqual(file_state(self.interfaces), before, 'the interfaces file changed')
        self.assertEqual(self.bond_options('ha'), {'mode': 'balance-rr', 'miimon': '100'})
        self.assertEqual(ifcfg.ifcfg_files(self.ifcfg_dir), [])

        # The daemon's own answer, by name.
        path = self.dbus_path('ha')
        settings = self.bus.call(harness.NM_NAME, path, IFACE_CONN, 'GetSettings', None, '(a{sa{sv}})')
        with self.assertRaises(GLib.Error) as cm:
            self.bus.call(harness.NM_NAME, path, IFACE_CONN, 'Update', settings, None)
        self.assertEqual(harness.remote_error(cm.exception), READ_ONLY)
        self.assertIn(self.interfaces, cm.exception.message)
        self.assertEqual(file_state(self.interfaces), before)

    def test_delete_refused(self):
        before = file_state(self.interfaces)
        r = self.nmcli('connection', 'delete', 'ha')
        self.assertNotEqual(r.rc, 0, repr(r))
        self.assertIn('read-only', r.err, repr(r))
        self.assertIn(self.uuid('ha'), self.con_table())
        with self.assertRaises(GLib.Error) as cm:
            self.bus.call(harness.NM_NAME, self.dbus_path('eth1'), IFACE_CONN, 'Delete', None, None)
        self.assertEqual(harness.remote_error(cm.exception), READ_ONLY)
        self.assertIn(self.uuid('eth1'), self.con_table())
        self.assertEqual(file_state(self.interfaces), before, 'the interfaces file changed')

    def test_clone_writes_ifcfg(self):
        before = file_state(self.interfaces)
        self.nmcli_ok('connection', 'clone', 'ha', 'ha2')
        self.assertEqual(ifcfg.ifcfg_files(self.ifcfg_dir), ['ifcfg-ha2'])
        values = ifcfg.parse(self.ifcfg_path('ifcfg-ha2'))
        self.assertKeys(values, {'NAME': 'ha2', 'TYPE': 'Bond', 'DEVICE': 'ha', 'IPADDR': '10.0.0.1',
                                 'PREFIX': '24', 'MTU': '9000',
                                 'BONDING_OPTS': 'mode=balance-rr miimon=100'},
                        self.ifcfg_path('ifcfg-ha2'))
        self.assertNotEqual(values['UUID'], self.uuid('ha'))
        table = self.con_table()
        self.assertEqual(table[values['UUID']], ('ha2', 'bond'))
        # The clone is writable, the original still is not.
        self.nmcli_ok('connection', 'modify', 'ha2', 'bond.options', 'mode=active-backup,miimon=100')
        self.assertEqual(ifcfg.parse(self.ifcfg_path('ifcfg-ha2'))['BONDING_OPTS'],
                         'mode=active-backup miimon=100')
        self.assertEqual(file_state(self.interfaces), before)

    def test_load_says_reload(self):
        # One file holds many profiles: it is read as a whole.
        r = self.nmcli('connection', 'load', self.interfaces)
        self.assertIn('Could not load file', r.err, repr(r))
        self.wait_for(lambda: "and its includes as a whole; use 'nmcli connection reload'"
                      in self.bondd.read_log(), what='the log line')
        self.nmcli_ok('connection', 'reload')
        self.assertEqual(len(self.con_table()), 3)

    def dbus_path(self, name):
        r = self.nmcli_ok('-t', '-f', 'NAME,DBUS-PATH', 'connection', 'show')
        for line in r.out.splitlines():
            fields = harness.split_terse(line)
            if fields[0] == name:
                return fields[1]
        self.fail('no D-Bus path for %s in %r' % (name, r))


class Watched(IfupdownCase):

    def test_edits_picked_up(self):
        self.write_interfaces(INTERFACES.replace('bond-miimon 100', 'bond-miimon 250'))
        self.wait_for(lambda: self.bond_options('ha').get('miimon') == '250', timeout=10,
                      what='the edited miimon')
        # A new bond in an included directory; a port gone.
        text = INTERFACES.replace('auto eth2\niface eth2 inet manual\n        bond-master ha\n', '')
        text = text.replace('        bond-primary eth1 eth2\n        pre-up          '
                            '/sbin/ethtool -s $IFACE speed 1000 duplex full\n', '')
        self.write_interfaces(text + 'source-directory interfaces.d\n')
        os.makedirs(os.path.join(self.net_dir, 'interfaces.d'))
        self.wait_for(lambda: self.uuid('eth2') not in self.con_table(), timeout=10,
                      what='eth2 gone')
        with open(os.path.join(self.net_dir, 'interfaces.d', 'bond1'), 'w') as f:
            f.write('iface bond1 inet manual\n    bond-slaves eth7\n    bond-mode 802.3ad\n'
                    '    post-up /usr/local/bin/tune bond1\n')
        self.wait_for(lambda: self.uuid('bond1') in self.con_table(), timeout=10,
                      what='bond1 from interfaces.d')
        self.assertEqual(self.bond_options('bond1'), {'mode': '802.3ad'})
        self.assertEqual(self.get_fields('bond1', 'connection.autoconnect'), ['no'])
        self.assertEqual(self.con_table()[self.uuid('eth7')], ('eth7', '802-3-ethernet'))
        self.assertIn(os.path.join(self.net_dir, 'interfaces.d', 'bond1') +
                      ":4: bond1: 'post-up /usr/local/bin/tune bond1' not carried",
                      self.bondd.read_log())
        # A stanza that cannot be a profile: one line, the others stay.
        with open(os.path.join(self.net_dir, 'interfaces.d', 'bond1'), 'w') as f:
            f.write('iface bond1 inet manual\n    bond-slaves eth7\n    bond-mode fastest\n')
        self.wait_for(lambda: self.uuid('bond1') not in self.con_table(), timeout=10,
                      what='bond1 skipped')
        self.assertIn(self.uuid('ha'), self.con_table())
        self.assertEqual(self.bondd.read_log().count("bond1: skipped: option mode: 'fastest'"), 1)


class NotNamed(IfupdownCase):
    """settings-plugins unset: a read-only plugin does not run by itself."""
    settings_plugins = None

    def test_not_served(self):
        self.assertEqual(self.con_table(), {})
        self.assertIn('settings plugin ifupdown is configured ([ifupdown]) but not run',
                      self.bondd.read_log())


class Migrate(IfupdownCase):
    """bondd --migrate-ifupdown (in its own network namespace, like every
    bondd the tests run), then bondd with ifcfg alone serves the same
    profiles; --to keyfile writes keyfiles instead."""
    start_daemon = False
    settings_plugins = 'ifcfg'

    def migrate(self, *extra, via_bondctl=False):
        conf = os.path.join(self.root, 'migrate.conf')
        # Every plugin's files under the test's root, never in /etc.
        self.keyfile_dir = os.path.join(self.root, 'keyfile-migrated')
        with open(conf, 'w') as f:
            f.write(self.config_text + '[keyfile]\npath=%s\n' % self.keyfile_dir)
        env = dict(os.environ, LANG='C', LC_ALL='C')
        if via_bondctl:
            # bondctl runs the daemon's migration; the directories come
            # from the configuration file.
            with open(conf, 'a') as f:
                f.write('[main]\nplugin-dir=%s\n[ifcfg]\npath=%s\n' % (self.plugin_dir, self.ifcfg_dir))
            argv = ['unshare', '-n', '--', BONDCTL, 'migrate-ifupdown', self.interfaces,
                    '--config', conf] + list(extra)
            env['BONDCTL_BONDD'] = harness.bondd_binary()
        else:
            argv = ['unshare', '-n', '--', harness.bondd_binary(), '--config', conf,
                    '--plugin-dir', self.plugin_dir, '--ifcfg-dir', self.ifcfg_dir,
                    '--migrate-ifupdown=' + self.interfaces] + list(extra)
        return subprocess.run(argv, capture_output=True, text=True, timeout=60, env=env)

    def test_migrate_then_serve(self):
        before = file_state(self.interfaces)
        dry = self.migrate('--dry-run')
        self.assertEqual(dry.returncode, 0, dry.stdout + dry.stderr)
        self.assertIn('ha (bond): would be written', dry.stdout)
        self.assertEqual(ifcfg.ifcfg_files(self.ifcfg_dir), [])
        # `bondctl migrate-ifupdown` is the same migration.
        via = self.migrate('--dry-run', via_bondctl=True)
        self.assertEqual((via.returncode, via.stdout), (dry.returncode, dry.stdout), via.stderr)
        self.assertEqual(ifcfg.ifcfg_files(self.ifcfg_dir), [])

        p = self.migrate()
        self.assertEqual(p.returncode, 0, p.stdout + p.stderr)
        self.assertIn('ha (bond): written to %s/ifcfg-ha' % self.ifcfg_dir, p.stdout)
        self.assertIn('%s:4: ha: bond-primary has no effect' % self.interfaces, p.stdout)
        self.assertEqual(ifcfg.ifcfg_files(self.ifcfg_dir), ['ifcfg-eth1', 'ifcfg-eth2', 'ifcfg-ha'])
        self.assertEqual(file_state(self.interfaces), before, 'the migration touched the interfaces file')

        # The keyfile plugin's writer, into its own directory.
        keyfiles = self.migrate('--to', 'keyfile')
        self.assertEqual(keyfiles.returncode, 0, keyfiles.stdout + keyfiles.stderr)
        self.assertEqual(sorted(os.listdir(self.keyfile_dir)),
                         ['eth1.nmconnection', 'eth2.nmconnection', 'ha.nmconnection'])
        refused = self.migrate('--to', 'nosuch')
        self.assertEqual(refused.returncode, 1)
        self.assertIn('--to nosuch: no such settings plugin', refused.stderr)
        shutil.rmtree(self.keyfile_dir)

        self.bondd = self.start_bondd()
        self.assertEqual(self.con_table(), {self.uuid('ha'): ('ha', 'bond'),
                                            self.uuid('eth1'): ('eth1', '802-3-ethernet'),
                                            self.uuid('eth2'): ('eth2', '802-3-ethernet')})
        self.assertEqual(self.bond_options('ha'), {'mode': 'balance-rr', 'miimon': '100'})
        self.assertEqual(self.get_fields('eth1', 'connection.master', '802-3-ethernet.speed'),
                         ['ha', '1000'])
        # Now writable.
        self.nmcli_ok('connection', 'modify', 'ha', 'bond.options', 'mode=active-backup,miimon=100')


if __name__ == '__main__':
    harness.main()
