#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0-or-later
"""A non-root caller may read but not change anything."""

import re
import subprocess

import harness
import ifcfg

PERMISSION_RE = re.compile(r'permission|authori[sz]|privilege', re.I)
EXTRA = ('DEVICE=bond8\nTYPE=Bond\nBONDING_MASTER=yes\nBONDING_OPTS=mode=802.3ad\nNAME=extra\n'
         'UUID=6f0e4b1c-8a53-4d0e-9d51-3c8f2e7a9b10\n')


class NonRootBase(harness.BonddTestCase):
    config_text = '[main]\nmonitor-connection-files=false\n'

    def setUp(self):
        super().setUp()
        self.uuid = self.add_connection('type', 'bond', 'con-name', 'bond0', 'ifname', 'bond0',
                                        'bond.options', 'mode=active-backup,miimon=100')
        # a file bondd has not loaded: the watch is off, so only load/reload would
        self.extra = self.ifcfg_path('ifcfg-extra')
        ifcfg.write(self.extra, EXTRA)
        self.table = self.con_table()
        self.before = ifcfg.snapshot(self.ifcfg_dir)

    def assertDenied(self, r, pattern=PERMISSION_RE):
        self.assertNotEqual(r.rc, 0, repr(r))
        self.assertRegex(r.err, pattern, repr(r))
        self.assertUnchanged(self.before, 'nmcli %s as nobody' % ' '.join(r.argv))
        self.assertEqual(self.con_table(), self.table)

    def test_read_allowed(self):
        r = self.nmcli_ok('-t', '-f', 'NAME,UUID', 'connection', 'show', user='nobody')
        self.assertIn('bond0:' + self.uuid, r.out.splitlines())
        r = self.nmcli_ok('-g', 'bond.options', 'connection', 'show', 'bond0', user='nobody')
        self.assertEqual(harness.parse_nmcli_options(r.out.strip()), {'mode': 'active-backup', 'miimon': '100'})


class NonRootDaemonChecks(NonRootBase):
    """The bus lets every call through: bondd itself must refuse."""
    bus_policy = 'open'

    def test_add(self):
        self.assertDenied(self.nmcli('connection', 'add', 'type', 'bond', 'con-name', 'b1', 'ifname', 'bond1',
                                     user='nobody'))

    def test_modify(self):
        self.assertDenied(self.nmcli('connection', 'modify', 'bond0', 'bond.options', 'mode=802.3ad',
                                     user='nobody'))
        self.assertEqual(self.bond_options('bond0'), {'mode': 'active-backup', 'miimon': '100'})

    def test_delete(self):
        self.assertDenied(self.nmcli('connection', 'delete', 'bond0', user='nobody'))

    def test_reload(self):
        self.assertDenied(self.nmcli('connection', 'reload', user='nobody'))

    def test_load(self):
        self.assertDenied(self.nmcli('connection', 'load', self.extra, user='nobody'))

    def busctl(self, *args, user=None):
        argv = ['busctl', '--address=' + self.bus.address] + list(args)
        p = subprocess.run((harness.NOBODY if user == 'nobody' else []) + argv,
                           stdin=subprocess.DEVNULL, capture_output=True, text=True, timeout=30,
                           start_new_session=True)
        return harness.Result(argv[1:], p.returncode, p.stdout, p.stderr)

    def test_property_writes(self):
        """Properties.Set is authorized like any method: refused to nobody, applied for root."""
        nm = ('org.freedesktop.NetworkManager', '/org/freedesktop/NetworkManager',
              'org.freedesktop.NetworkManager')
        r = self.busctl('set-property', *nm, 'WirelessEnabled', 'b', 'false', user='nobody')
        self.assertNotEqual(r.rc, 0, repr(r))
        self.assertRegex(r.err, PERMISSION_RE, repr(r))
        r = self.busctl('get-property', *nm, 'WirelessEnabled')
        self.assertEqual(r.out.strip(), 'b true', repr(r))
        r = self.busctl('set-property', *nm, 'WirelessEnabled', 'b', 'false')
        self.assertEqual(r.rc, 0, repr(r))
        r = self.busctl('get-property', *nm, 'WirelessEnabled')
        self.assertEqual(r.out.strip(), 'b false', repr(r))
        # Something bondd does not do is refused to root too, with a reason.
        r = self.busctl('set-property', *nm, 'ConnectivityCheckEnabled', 'b', 'true')
        self.assertNotEqual(r.rc, 0, repr(r))
        self.assertIn('not supported', r.err)


class NonRootBusPolicy(NonRootBase):
    """NetworkManager's bus policy: root-only methods never reach the daemon."""
    bus_policy = 'nm'
    DENIED_RE = re.compile(PERMISSION_RE.pattern + r'|access ?denied|Rejected send message', re.I)

    def test_reload(self):
        self.assertDenied(self.nmcli('connection', 'reload', user='nobody'), self.DENIED_RE)

    def test_load(self):
        self.assertDenied(self.nmcli('connection', 'load', self.extra, user='nobody'), self.DENIED_RE)

    def test_add(self):
        self.assertDenied(self.nmcli('connection', 'add', 'type', 'bond', 'con-name', 'b1', 'ifname', 'bond1',
                                     user='nobody'))


if __name__ == '__main__':
    harness.main()
