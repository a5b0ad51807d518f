#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0-or-later
"""What a client stores is what the file holds and what comes back after a
restart: keys that were dropped on the way (DHCP_HOSTNAME, PEERDNS and
PEERROUTES with IPv4 disabled), and a search domain that the file could not
hold as one (it contains a space) is refused instead of coming back as two."""

import gi

gi.require_version('NM', '1.0')
from gi.repository import GLib  # noqa: E402

import harness  # noqa: E402
import ifcfg  # noqa: E402

SETTINGS = '/org/freedesktop/NetworkManager/Settings'
IFACE_SETTINGS = 'org.freedesktop.NetworkManager.Settings'
INVALID = 'org.freedesktop.NetworkManager.Settings.InvalidConnection'


class RoundTrip(harness.BonddTestCase):

    def test_dhcp_hostname(self):
        uuid = self.add_connection('type', 'bond', 'con-name', 'b', 'ifname', 'bond0',
                                   'ipv4.method', 'auto', 'ipv4.dhcp-hostname', 'host.example.com')
        self.assertEqual(ifcfg.parse(self.file_for_uuid(uuid)).get('DHCP_HOSTNAME'), 'host.example.com')
        self.assertEqual(self.get_fields(uuid, 'ipv4.dhcp-hostname'), ['host.example.com'])
        self.restart_bondd()
        self.assertEqual(self.get_fields(uuid, 'ipv4.dhcp-hostname'), ['host.example.com'])
        self.nmcli_ok('connection', 'modify', uuid, 'ipv4.dhcp-hostname', '')
        self.assertNotIn('DHCP_HOSTNAME', ifcfg.parse(self.file_for_uuid(uuid)))

    def test_peer_keys_with_ipv4_disabled(self):
        uuid = self.add_connection('type', 'bond', 'con-name', 'b', 'ifname', 'bond0',
                                   'ipv4.method', 'disabled', 'ipv4.ignore-auto-dns', 'yes',
                                   'ipv4.ignore-auto-routes', 'yes', 'ipv6.method', 'ignore')
        values = ifcfg.parse(self.file_for_uuid(uuid))
        self.assertEqual((values.get('PEERDNS'), values.get('PEERROUTES')), ('no', 'no'))
        self.restart_bondd()
        self.assertEqual(self.get_fields(uuid, 'ipv4.ignore-auto-dns', 'ipv4.ignore-auto-routes'),
                         ['yes', 'yes'])

    def test_hand_written_peerdns_kept(self):
        # The minimal file that used to lose PEERDNS=no on its first rewrite.
        ifcfg.write(self.ifcfg_path('ifcfg-eth0'), 'DEVICE=eth0\nPEERDNS=no\n')
        self.nmcli_ok('connection', 'reload')
        uuid = ifcfg.legacy_uuid(self.ifcfg_path('ifcfg-eth0'))
        self.nmcli_ok('connection', 'modify', uuid, 'connection.zone', 'work')
        self.assertEqual(ifcfg.parse(self.ifcfg_path('ifcfg-eth0')).get('PEERDNS'), 'no')
        self.assertEqual(self.get_fields(uuid, 'ipv4.ignore-auto-dns'), ['yes'])

    def test_search_domain_with_space_refused(self):
        settings = {
            'connection': {'id': GLib.Variant('s', 'b'), 'uuid': GLib.Variant('s', '6a1c7f3e-1d2b-4c3d-8e4f-5a6b7c8d9e0f'),
                           'type': GLib.Variant('s', 'bond'), 'interface-name': GLib.Variant('s', 'bond0')},
            'ipv4': {'method': GLib.Variant('s', 'auto'),
                     'dns-search': GLib.Variant('as', ['good.example', 'two words.example'])},
        }
        with self.assertRaises(GLib.Error) as cm:
            self.bus.call(harness.NM_NAME, SETTINGS, IFACE_SETTINGS, 'AddConnection2',
                          GLib.Variant('(a{sa{sv}}ua{sv})', (settings, 1, {})), '(oa{sv})')
        self.assertEqual(harness.remote_error(cm.exception), INVALID)
        self.assertIn('ipv4.dns-search', cm.exception.message)
        self.assertIn("'two words.example'", cm.exception.message)
        self.assertEqual(self.con_table(), {})


if __name__ == '__main__':
    harness.main()
