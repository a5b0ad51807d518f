#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0-or-later
"""One big request or file never stalls bondd: while it is handled, other
clients keep getting answers (GetPermissions within a second), and what is
beyond the limits of a profile (src/shared/profile-limits.h) is refused with
an error naming the property."""

import os
import sys
import threading
import time

import gi

gi.require_version('NM', '1.0')
from gi.repository import Gio, GLib  # noqa: E402

import harness  # noqa: E402
import ifcfg  # noqa: E402

SETTINGS = '/org/freedesktop/NetworkManager/Settings'
IFACE_SETTINGS = 'org.freedesktop.NetworkManager.Settings'
IFACE_CONN = 'org.freedesktop.NetworkManager.Settings.Connection'
INVALID = 'org.freedesktop.NetworkManager.Settings.InvalidConnection'
UUID = '5d0c0a3e-6f7b-4c1d-9e2a-3b4c5d6e7f80'
MAX_ADDRESSES = 4096
# Each GetPermissions must be answered within this, however big the request
# handled at the same time, and bondd may spend at most this much CPU time on
# the request.  A bondd built with AddressSanitizer, several times slower at
# everything, gets three times as long.  On a machine with more runnable
# processes than CPUs the latency allowed grows in proportion (the CPU time
# does not).
PROBE_LIMIT_S = 1.0
CPU_LIMIT_S = 1.0
SANITIZER_FACTOR = 3.0


def ip4(i):
    i += 1
    return '10.%d.%d.%d' % (i >> 16 & 255, i >> 8 & 255, i & 255)


def bond(uuid, ip4_props, name='big'):
    return {
        'connection': {'id': GLib.Variant('s', name), 'uuid': GLib.Variant('s', uuid),
                       'type': GLib.Variant('s', 'bond'), 'interface-name': GLib.Variant('s', 'bond7')},
        'bond': {'options': GLib.Variant('a{ss}', {'mode': 'active-backup'})},
        'ipv4': ip4_props,
        'ipv6': {'method': GLib.Variant('s', 'ignore')},
    }


def addresses(n, start=0):
    data = [{'address': GLib.Variant('s', ip4(start + i)), 'prefix': GLib.Variant('u', 32)}
            for i in range(n)]
    return {'method': GLib.Variant('s', 'manual'), 'address-data': GLib.Variant('aa{sv}', data)}


class Probe:
    """Calls GetPermissions over its own connection, again and again, until
    stopped; records how long each answer took."""

    def __init__(self, address):
        flags = (Gio.DBusConnectionFlags.AUTHENTICATION_CLIENT |
                 Gio.DBusConnectionFlags.MESSAGE_BUS_CONNECTION)
        self.conn = Gio.DBusConnection.new_for_address_sync(address, flags, None, None)
        self.latencies = []
        self.errors = []
        self.stop = threading.Event()
        self.thread = threading.Thread(target=self.run, daemon=True)

    def run(self):
        while not self.stop.is_set():
            t = time.monotonic()
            try:
                self.conn.call_sync(harness.NM_NAME, '/org/freedesktop/NetworkManager',
                                    'org.freedesktop.NetworkManager', 'GetPermissions', None,
                                    GLib.VariantType('(a{ss})'), Gio.DBusCallFlags.NO_AUTO_START,
                                    int(PROBE_LIMIT_S * 1000 * 5), None)
            except GLib.Error as e:
                self.errors.append(e.message)
            self.latencies.append(time.monotonic() - t)
            time.sleep(0.02)

    def __enter__(self):
        self.thread.start()
        # A few answers before the big request goes out: the baseline.
        deadline = time.monotonic() + 10
        while len(self.latencies) < 5 and time.monotonic() < deadline:
            time.sleep(0.01)
        self.baseline = sorted(self.latencies)[len(self.latencies) // 2] if self.latencies else 0.0
        return self

    def __exit__(self, *exc):
        self.stop.set()
        self.thread.join(10)
        self.conn.close_sync(None)


class Limits(harness.BonddTestCase):

    def call_settings(self, method, params, reply, timeout_ms=25000):
        return self.bus.call(harness.NM_NAME, SETTINGS, IFACE_SETTINGS, method, params, reply, timeout_ms)

    def add2(self, settings):
        return self.call_settings('AddConnection2', GLib.Variant('(a{sa{sv}}ua{sv})', (settings, 1, {})),
                                  '(oa{sv})')

    def count_addresses(self, uuid):
        obj = self.call_settings('GetConnectionByUuid', GLib.Variant('(s)', (uuid,)), '(o)').unpack()[0]
        settings = self.bus.call(harness.NM_NAME, obj, IFACE_CONN, 'GetSettings', None,
                                 '(a{sa{sv}})').unpack()[0]
        return len(settings['ipv4']['address-data'])

    def sanitizer_factor(self):
        with open('/proc/%d/maps' % self.bondd.pid) as f:
            return SANITIZER_FACTOR if 'libasan' in f.read() else 1.0

    def cpu_seconds(self):
        """User and system time bondd has used so far (all threads)."""
        with open('/proc/%d/stat' % self.bondd.pid) as f:
            fields = f.read().rsplit(')', 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / os.sysconf('SC_CLK_TCK')

    def while_probed(self, fn):
        """Run fn() while a probe checks that bondd keeps answering; returns
        (result or GLib.Error, seconds fn took)."""
        factor = self.sanitizer_factor()
        with Probe(self.bus.address) as probe:
            cpu = self.cpu_seconds()
            t = time.monotonic()
            try:
                result = fn()
            except GLib.Error as e:
                result = e
            took = time.monotonic() - t
            time.sleep(0.1)
            cpu = self.cpu_seconds() - cpu
        self.assertEqual(probe.errors, [], 'GetPermissions failed meanwhile')
        self.assertTrue(probe.latencies, 'no GetPermissions was answered')
        slowest = max(probe.latencies)
        load = max(1.0, os.getloadavg()[0] / (os.cpu_count() or 1))
        limit = PROBE_LIMIT_S * factor * load
        sys.stderr.write('\n  request %.3fs (bondd CPU %.3fs), %d GetPermissions meanwhile, '
                         'slowest %.3fs (idle %.3fs, allowed %.1fs) ' %
                         (took, cpu, len(probe.latencies), slowest, probe.baseline, limit))
        self.assertLess(slowest, limit,
                        'GetPermissions took %.2fs while the request was handled (%.2fs)' % (slowest, took))
        self.assertLess(cpu, CPU_LIMIT_S * factor, 'bondd spent %.2fs of CPU on the request' % cpu)
        return result, took

    def assertRefused(self, result, *words):
        self.assertIsInstance(result, GLib.Error, 'accepted: %r' % (result,))
        self.assertEqual(harness.remote_error(result), INVALID, result.message)
        for w in words:
            self.assertIn(w, result.message)

    def test_10000_addresses_refused_without_stalling(self):
        before = ifcfg.snapshot(self.ifcfg_dir)
        result, took = self.while_probed(lambda: self.add2(bond(UUID, addresses(10000))))
        self.assertRefused(result, 'ipv4.address', '4096')
        self.assertLess(took, 5.0)
        self.assertUnchanged(before, 'a refused AddConnection2')
        self.assertEqual(self.con_table(), {})

    def test_most_addresses_accepted_without_stalling(self):
        result, took = self.while_probed(lambda: self.add2(bond(UUID, addresses(MAX_ADDRESSES))))
        self.assertNotIsInstance(result, GLib.Error, getattr(result, 'message', ''))
        path = self.file_for_uuid(UUID)
        values = ifcfg.parse(path)
        self.assertEqual(values['IPADDR'], ip4(0))
        self.assertEqual(values['IPADDR%d' % (MAX_ADDRESSES - 1)], ip4(MAX_ADDRESSES - 1))
        self.assertEqual(self.count_addresses(UUID), MAX_ADDRESSES)
        # ... and an Update2 that changes every address is as quick.
        obj = self.call_settings('GetConnectionByUuid', GLib.Variant('(s)', (UUID,)), '(o)').unpack()[0]
        new = bond(UUID, addresses(MAX_ADDRESSES, start=MAX_ADDRESSES))
        result, took = self.while_probed(lambda: self.bus.call(
            harness.NM_NAME, obj, IFACE_CONN, 'Update2',
            GLib.Variant('(a{sa{sv}}ua{sv})', (new, 1, {})), '(a{sv})'))
        self.assertNotIsInstance(result, GLib.Error, getattr(result, 'message', ''))
        self.assertEqual(ifcfg.parse(path)['IPADDR'], ip4(MAX_ADDRESSES))
        # A restart reads the file back.
        self.restart_bondd()
        self.assertEqual(self.count_addresses(UUID), MAX_ADDRESSES)

    def test_update2_beyond_limits_refused(self):
        uuid = self.add_connection('type', 'bond', 'con-name', 'b', 'ifname', 'bond8',
                                   'ipv4.method', 'manual', 'ipv4.addresses', '192.0.2.1/24')
        obj = self.call_settings('GetConnectionByUuid', GLib.Variant('(s)', (uuid,)), '(o)').unpack()[0]
        before = ifcfg.snapshot(self.ifcfg_dir)
        new = bond(uuid, addresses(10000), name='b')
        result, _ = self.while_probed(lambda: self.bus.call(
            harness.NM_NAME, obj, IFACE_CONN, 'Update2',
            GLib.Variant('(a{sa{sv}}ua{sv})', (new, 1, {})), '(a{sv})'))
        self.assertRefused(result, 'ipv4.address')
        self.assertUnchanged(before, 'a refused Update2')

    def test_megabyte_dns_search_refused(self):
        one = 'a' * (1024 * 1024)
        many = ['d%06d.example' % i for i in range(80000)]  # about 1 MB too
        for what, search in (('one 1 MB domain', [one]), ('80,000 domains', many)):
            with self.subTest(what):
                props = {'method': GLib.Variant('s', 'auto'), 'dns-search': GLib.Variant('as', search)}
                result, took = self.while_probed(lambda: self.add2(bond(UUID, props)))
                self.assertRefused(result)
                self.assertRegex(result.message, r'ipv4\.dns-search|too long|bytes long')
                self.assertLess(took, 5.0)
        props = {'method': GLib.Variant('s', 'auto'), 'dns-search': GLib.Variant('as', many[:257])}
        self.assertRefused(self.while_probed(lambda: self.add2(bond(UUID, props)))[0], 'ipv4.dns-search', '256')
        props = {'method': GLib.Variant('s', 'auto'), 'dns-search': GLib.Variant('as', ['a' * 254])}
        self.assertRefused(self.while_probed(lambda: self.add2(bond(UUID, props)))[0], 'ipv4.dns-search', '253')
        self.assertEqual(self.con_table(), {})
        self.assertEqual(os.listdir(self.ifcfg_dir), [])

    def test_in_memory_profiles_bounded_too(self):
        settings = bond(UUID, addresses(5000))
        result, _ = self.while_probed(lambda: self.call_settings(
            'AddConnectionUnsaved', GLib.Variant('(a{sa{sv}})', (settings,)), '(o)'))
        self.assertRefused(result, 'ipv4.address')
        settings = bond(UUID, {'method': GLib.Variant('s', 'auto')}, name='x' * 5000)
        result, _ = self.while_probed(lambda: self.call_settings(
            'AddConnectionUnsaved', GLib.Variant('(a{sa{sv}})', (settings,)), '(o)'))
        self.assertRefused(result, 'connection.id', '4096')

    def test_big_files_do_not_stall(self):
        # What a 10,000-address request used to leave behind (361 KB), a file
        # of 1 MiB of garbage, and a file over the size limit: each is
        # refused with one log line while bondd keeps answering.
        lines = ['TYPE=Bond', 'BONDING_MASTER=yes', 'DEVICE=bond9', 'NAME=big9', 'BOOTPROTO=none',
                 'UUID=' + UUID]
        for i in range(10000):
            lines += ['IPADDR%d=%s' % (i, ip4(i)), 'PREFIX%d=32' % i]
        garbage = ''.join('junk line %d with "quotes\n' % i for i in range(40000))[:1024 * 1024]

        def drop_files():
            ifcfg.write(self.ifcfg_path('ifcfg-big9'), '\n'.join(lines) + '\n')
            ifcfg.write(self.ifcfg_path('ifcfg-garbage'), garbage)
            ifcfg.write(self.ifcfg_path('ifcfg-huge'), '#' * (1024 * 1024 + 1))
            # Wait for the directory watch to pick them up (debounced).
            self.wait_for(lambda: 'ifcfg-huge' in self.bondd.read_log(), timeout=10,
                          what='the new files were read')
            self.nmcli_ok('connection', 'reload')

        self.while_probed(drop_files)
        log = self.bondd.read_log()
        self.assertRegex(log, r'ifcfg-big9.*ipv4\.addresses')
        self.assertRegex(log, r'ifcfg-huge.*too large')
        self.assertLess(log.count('ifcfg-garbage'), 60, 'one line per garbage line?')
        self.assertEqual(self.con_table(), {})


if __name__ == '__main__':
    harness.main()
