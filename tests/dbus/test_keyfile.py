#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0-or-later
"""The keyfile settings plugin: what ifcfg cannot hold goes to a
NetworkManager keyfile (mode 0600) that libnm's own reader loads unchanged;
hand-written keyfiles load, bad ones are skipped with one line each; with
keyfile alone in settings-plugins every profile lands there."""

import os
import stat
import uuid

import gi

gi.require_version('NM', '1.0')
from gi.repository import GLib, NM  # noqa: E402

import harness  # noqa: E402

NM_UUID_NAMESPACE = uuid.UUID('b425e9fb-7598-44b4-9e3b-5a2e3aaa4905')


def libnm_read(path):
    """The profile in path as libnm's keyfile reader sees it, normalized."""
    kf = GLib.KeyFile()
    with open(path, 'rb') as f:
        data = f.read().decode()
    kf.load_from_data(data, len(data.encode()), GLib.KeyFileFlags.NONE)
    conn = NM.keyfile_read(kf, os.path.dirname(path), NM.KeyfileHandlerFlags.NONE, None, None)
    conn.normalize()
    return conn


def libnm_write(path, conn):
    """Write conn as NetworkManager does (libnm's writer), mode 0600."""
    kf = NM.keyfile_write(conn, NM.KeyfileHandlerFlags.NONE, None, None)
    data = kf.to_data()[0]
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, 'w') as f:
        f.write(data)


def tun_connection(name, uid=None):
    conn = NM.SimpleConnection.new()
    s_con = NM.SettingConnection.new()
    s_con.props.id = name
    if uid:
        s_con.props.uuid = uid
    s_con.props.type = 'tun'
    s_con.props.interface_name = name
    conn.add_setting(s_con)
    s_tun = NM.SettingTun.new()
    s_tun.props.mode = NM.SettingTunMode.TAP
    conn.add_setting(s_tun)
    s_ip4 = NM.SettingIP4Config.new()
    s_ip4.props.method = 'manual'
    s_ip4.add_address(NM.IPAddress.new(2, '192.0.2.7', 24))
    conn.add_setting(s_ip4)
    return conn


class KeyfileBesideIfcfg(harness.BonddTestCase):
    """Default order: ifcfg first, keyfile for the rest."""

    def filename(self, uid):
        """Settings.Connection.Filename of the profile with this UUID."""
        settings = ('org.freedesktop.NetworkManager', '/org/freedesktop/NetworkManager/Settings')
        path = self.bus.call(*settings, 'org.freedesktop.NetworkManager.Settings', 'GetConnectionByUuid',
                             GLib.Variant('(s)', (uid,)), '(o)').unpack()[0]
        return self.bus.call(settings[0], path, 'org.freedesktop.DBus.Properties', 'Get',
                             GLib.Variant('(ss)', ('org.freedesktop.NetworkManager.Settings.Connection',
                                                   'Filename')), '(v)').unpack()[0]

    def keyfiles(self):
        d = self.bondd.keyfile_dir
        return sorted(os.listdir(d)) if os.path.isdir(d) else []

    def test_what_ifcfg_cannot_hold(self):
        bond = self.add_connection('type', 'bond', 'con-name', 'bond0', 'ifname', 'bond0',
                                   'ipv4.method', 'disabled', 'ipv6.method', 'ignore')
        self.assertTrue(os.path.exists(self.file_for_uuid(bond)))
        self.assertEqual(self.keyfiles(), [])

        tap = self.add_connection('type', 'tun', 'con-name', 'tap/0', 'ifname', 'tap0',
                                  'tun.mode', 'tap', 'ipv4.method', 'manual',
                                  'ipv4.addresses', '192.0.2.9/24')
        # '/' escaped as NetworkManager does; only root may read it.
        self.assertEqual(self.keyfiles(), ['tap*0.nmconnection'])
        path = os.path.join(self.bondd.keyfile_dir, 'tap*0.nmconnection')
        self.assertEqual(stat.S_IMODE(os.stat(path).st_mode), 0o600)
        self.assertEqual(self.get_fields('tap/0', 'connection.uuid', 'tun.mode', 'ipv4.addresses'),
                         [tap, '2', '192.0.2.9/24'])
        self.assertEqual(self.filename(tap), path)
        conn = libnm_read(path)
        self.assertEqual((conn.get_uuid(), conn.get_id(), conn.get_interface_name()), (tap, 'tap/0', 'tap0'))
        self.assertEqual(conn.get_setting_ip4_config().get_address(0).get_address(), '192.0.2.9')

        # Modify: the same file, rewritten; delete: gone.
        inode = os.stat(path).st_ino
        self.nmcli_ok('connection', 'modify', 'tap/0', 'ipv4.addresses', '198.51.100.9/24')
        self.assertEqual(self.keyfiles(), ['tap*0.nmconnection'])
        self.assertNotEqual(os.stat(path).st_ino, inode)  # written atomically: a new inode
        self.assertEqual(libnm_read(path).get_setting_ip4_config().get_address(0).get_address(),
                         '198.51.100.9')
        self.restart_bondd()
        self.assertEqual(self.get_fields('tap/0', 'ipv4.addresses'), ['198.51.100.9/24'])
        self.nmcli_ok('connection', 'delete', 'tap/0')
        self.assertEqual(self.keyfiles(), [])
        self.assertIn(bond, self.con_table())

    def test_files_written_by_libnm(self):
        d = self.bondd.keyfile_dir
        os.makedirs(d, exist_ok=True)
        uid = '5d1c1b4e-4e7d-4a8e-9d1e-3f6b7f2c9a01'
        libnm_write(os.path.join(d, 'tap1.nmconnection'), tun_connection('tap1', uid))
        # No UUID: NetworkManager's rule (a version 3 UUID of the path).
        nouuid = os.path.join(d, 'tap2.nmconnection')
        with open(nouuid, 'w') as f:
            f.write('[connection]\ntype=tun\ninterface-name=tap2\n\n[tun]\nmode=2\n')
        os.chmod(nouuid, 0o600)
        # Bad ones: skipped, one log line each naming the file.
        broken = os.path.join(d, 'broken.nmconnection')
        with open(broken, 'w') as f:
            f.write('[connection\nid=broken\n')
        os.chmod(broken, 0o600)
        insecure = os.path.join(d, 'insecure.nmconnection')
        libnm_write(insecure, tun_connection('insecure', '5d1c1b4e-4e7d-4a8e-9d1e-3f6b7f2c9a02'))
        os.chmod(insecure, 0o644)
        # Not profiles at all: a backup and a temporary file.
        for name in ('tap1.nmconnection~', 'tap1.nmconnection.Ab12Cd'):
            libnm_write(os.path.join(d, name), tun_connection('ghost', '5d1c1b4e-4e7d-4a8e-9d1e-3f6b7f2c9a03'))

        self.nmcli_ok('connection', 'reload')
        table = self.con_table()
        self.assertEqual(table.get(uid), ('tap1', 'tun'))
        expected = str(uuid.uuid3(NM_UUID_NAMESPACE, 'keyfile\0%s\0' % nouuid))
        self.assertEqual(table.get(expected), ('tap2', 'tun'))
        self.assertEqual(len(table), 2, table)
        log = self.bondd.read_log()
        self.assertEqual(log.count(broken), 1, log)
        self.assertEqual(log.count(insecure), 1, log)
        self.assertRegex(log, r'insecure\.nmconnection: insecure ownership or permissions')
        # The leftover temporary file of an interrupted write goes at start.
        self.restart_bondd()
        self.assertFalse(os.path.exists(os.path.join(d, 'tap1.nmconnection.Ab12Cd')))
        self.assertTrue(os.path.exists(os.path.join(d, 'tap1.nmconnection~')))


class KeyfileOnly(harness.BonddTestCase):
    config_text = '[main]\nsettings-plugins=keyfile\nmonitor-connection-files=true\n'

    def test_everything_in_keyfiles(self):
        bond = self.add_connection('type', 'bond', 'con-name', 'bond0', 'ifname', 'bond0',
                                   'bond.options', 'mode=802.3ad,miimon=100',
                                   'ipv4.method', 'disabled', 'ipv6.method', 'ignore')
        port = self.add_connection('type', 'ethernet', 'slave-type', 'bond', 'master', 'bond0',
                                   'ifname', 'eth1', 'con-name', 'bond0-port1')
        self.assertEqual(os.listdir(self.ifcfg_dir), [])
        self.assertEqual(sorted(os.listdir(self.bondd.keyfile_dir)),
                         ['bond0-port1.nmconnection', 'bond0.nmconnection'])
        conn = libnm_read(os.path.join(self.bondd.keyfile_dir, 'bond0.nmconnection'))
        self.assertEqual(conn.get_uuid(), bond)
        self.assertEqual(conn.get_setting_bond().get_option_by_name('mode'), '802.3ad')
        self.assertEqual(libnm_read(os.path.join(self.bondd.keyfile_dir, 'bond0-port1.nmconnection'))
                         .get_setting_connection().get_master(), 'bond0')
        # A hand edit is picked up by the directory watch.
        path = os.path.join(self.bondd.keyfile_dir, 'bond0.nmconnection')
        conn.get_setting_bond().add_option('miimon', '250')
        libnm_write(path + '.new', conn)
        os.rename(path + '.new', path)
        self.wait_for(lambda: self.bond_options('bond0').get('miimon') == '250', timeout=10,
                      what='the edited keyfile reloaded')
        self.restart_bondd()
        self.assertEqual(self.con_table(), {bond: ('bond0', 'bond'), port: ('bond0-port1', '802-3-ethernet')})


if __name__ == '__main__':
    harness.main()
