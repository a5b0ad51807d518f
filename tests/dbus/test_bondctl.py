#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0-or-later
"""bondctl and libbondd on the host, where there is no bonding driver: what
needs no bond.  Real bonds are the vm suite's (client-*).

- `bondctl check` reads a directory with the ifcfg plugin's reader: its
  warnings carry file and line, JSON parses, exit statuses 0/1/2, and the
  files it calls ok are exactly the profiles bondd loads from it.
- Without bondd: `status` fails with 2, `metrics` says bondd_up 0 in both
  formats (parsed back with prometheus_client) and `--output` writes it.
- libbondd's client (Python, through GObject Introspection, its async
  constructor) follows bondd starting and stopping; with bondd running and no bond, `status` and
  `metrics` say so and exit 0."""

import json
import os
import select
import subprocess

import harness  # noqa: E402

# For the client's child process (see WATCHER): the build tree's library.
os.environ['GI_TYPELIB_PATH'] = os.path.join(harness.BUILD_ROOT, 'src', 'libbondd')
os.environ['LD_LIBRARY_PATH'] = os.path.join(harness.BUILD_ROOT, 'src', 'libbondd')

from prometheus_client.openmetrics.parser import \
    text_string_to_metric_families as parse_openmetrics  # noqa: E402
from prometheus_client.parser import text_string_to_metric_families as parse_text  # noqa: E402

BONDCTL = os.path.join(harness.BUILD_ROOT, 'src', 'bondctl', 'bondctl')

BOND = '''DEVICE=bond0
TYPE=Bond
BONDING_MASTER=yes
NAME=bond0
BONDING_OPTS="mode=active-backup miimon=100"
ONBOOT=yes
'''
# Line 4: an unknown option and a bad value; line 5: a bad MTU; line 6 a
# duplicate key (the first one is ignored).
BOND_WARNINGS = '''DEVICE=bond1
TYPE=Bond
BONDING_MASTER=yes
BONDING_OPTS="mode=802.3ad nosuchopt=1 miimon=fast"
MTU=big
ONBOOT=no
ONBOOT=yes
'''
PORT = '''DEVICE=eth1
TYPE=Ethernet
MASTER=bond0
SLAVE=yes
'''
ORPHAN_PORT = '''DEVICE=eth9
TYPE=Ethernet
MASTER=bond9
SLAVE=yes
'''
BROKEN = '''DEVICE=eth3
TYPE=Ethernet
BOOTPROTO=sometimes
'''


def samples(families):
    return {(s.name, tuple(sorted(s.labels.items()))): s.value for f in families for s in f.samples}


class BondctlTest(harness.BonddTestCase):
    start_daemon = False

    def bondctl(self, *args):
        env = {'PATH': os.environ.get('PATH', '/usr/bin:/bin'), 'LANG': 'C', 'LC_ALL': 'C',
               'DBUS_SYSTEM_BUS_ADDRESS': self.bus.address, 'HOME': '/nonexistent', 'TERM': 'dumb'}
        for key in ('ASAN_OPTIONS', 'LSAN_OPTIONS', 'G_DEBUG'):
            if key in os.environ:
                env[key] = os.environ[key]
        p = subprocess.run([BONDCTL] + list(args), stdin=subprocess.DEVNULL, capture_output=True,
                           text=True, timeout=30, env=env)
        r = harness.Result(['bondctl'] + list(args), p.returncode, p.stdout, p.stderr)
        self.transcript.append(r)
        self.assertNotIn('Sanitizer', r.err, repr(r))
        return r

    def write(self, name, text):
        with open(os.path.join(self.ifcfg_dir, name), 'w') as f:
            f.write(text)

    # -- check ----------------------------------------------------------------

    def test_check_clean(self):
        self.write('ifcfg-bond0', BOND)
        self.write('ifcfg-eth1', PORT)
        self.write('ifcfg-eth1.bak', BROKEN)  # not a profile: ignored, as bondd does
        r = self.bondctl('check', self.ifcfg_dir)
        self.assertEqual(r.rc, 0, repr(r))
        self.assertIn('2 files: 0 errors, 0 warnings', r.out)
        self.assertNotIn('.bak', r.out)

    def test_check_warnings_and_errors(self):
        self.write('ifcfg-bond0', BOND)
        self.write('ifcfg-bond1', BOND_WARNINGS)
        self.write('ifcfg-eth1', PORT)
        self.write('ifcfg-eth9', ORPHAN_PORT)
        self.write('ifcfg-eth3', BROKEN)
        r = self.bondctl('check', self.ifcfg_dir)
        self.assertEqual(r.rc, 2, repr(r))
        path = os.path.join(self.ifcfg_dir, 'ifcfg-')
        for line in (path + "bond1:4: warning: unknown bonding option 'nosuchopt' (dropped)",
                     path + "bond1:4: warning: invalid bonding option 'miimon' = fast",
                     path + "bond1:5: warning: invalid MTU 'big'",
                     path + 'bond1:6: warning: key ONBOOT is duplicated and the early occurrence ignored',
                     path + "eth3: error: unknown BOOTPROTO 'sometimes'",
                     path + 'eth9: warning: no profile in this directory is its controller bond9',
                     path + "bond0: ok: bond profile 'bond0'"):
            self.assertIn(line + '\n', r.out, repr(r))
        self.assertIn('5 files: 1 error, 5 warnings', r.out)

        r = self.bondctl('check', '--json', self.ifcfg_dir)
        self.assertEqual(r.rc, 2, repr(r))
        report = json.loads(r.out)
        self.assertEqual((report['errors'], report['warnings']), (1, 5))
        files = {os.path.basename(f['file']): f for f in report['files']}
        self.assertEqual(sorted(files), ['ifcfg-bond0', 'ifcfg-bond1', 'ifcfg-eth1', 'ifcfg-eth3',
                                         'ifcfg-eth9'])
        self.assertFalse(files['ifcfg-eth3']['loaded'])
        self.assertEqual(files['ifcfg-bond1']['interface'], 'bond1')
        self.assertEqual([(p['line'], p['severity']) for p in files['ifcfg-bond1']['problems']],
                         [(4, 'warning'), (4, 'warning'), (5, 'warning'), (6, 'warning')])

        # Without the broken file, warnings alone exit 1.
        os.unlink(path + 'eth3')
        self.assertEqual(self.bondctl('check', self.ifcfg_dir).rc, 1)

        # What check calls ok is what bondd loads: the same reader.
        self.bondd = self.start_bondd()
        loaded = set(self.con_table())
        self.assertEqual(loaded, {f['uuid'] for f in files.values() if f['loaded']})

    def test_check_missing_directory(self):
        r = self.bondctl('check', os.path.join(self.root, 'nowhere'))
        self.assertEqual(r.rc, 2, repr(r))
        self.assertIn('nowhere', r.err)

    # -- without and with bondd --------------------------------------------

    def test_without_bondd(self):
        r = self.bondctl('status')
        self.assertEqual(r.rc, 2, repr(r))
        self.assertIn('bondd is not running', r.err)
        self.assertEqual(self.bondctl('show', 'bond0').rc, 2)

        r = self.bondctl('metrics')
        self.assertEqual(r.rc, 2, repr(r))
        self.assertEqual(samples(parse_text(r.out))[('bondd_up', ())], 0)
        r = self.bondctl('metrics', '--openmetrics')
        self.assertTrue(r.out.endswith('# EOF\n'), repr(r))
        self.assertEqual(samples(parse_openmetrics(r.out))[('bondd_up', ())], 0)

        out = os.path.join(self.root, 'bondd.prom')
        r = self.bondctl('metrics', '--output', out)
        self.assertEqual((r.rc, r.out), (2, ''), repr(r))
        with open(out) as f:
            self.assertEqual(samples(parse_text(f.read()))[('bondd_up', ())], 0)

    def test_client_follows_bondd(self):
        watcher = self.start_watcher()
        self.assertEqual(self.read_line(watcher), 'ready running=False bonds=0')

        self.bondd = self.start_bondd()
        self.assertEqual(self.read_line(watcher), 'running=True')
        r = self.bondctl('status')
        self.assertEqual((r.rc, r.out), (0, 'bondd manages no bonds\n'), repr(r))
        r = self.bondctl('status', '--json')
        self.assertEqual((r.rc, json.loads(r.out)), (0, []), repr(r))
        r = self.bondctl('metrics')
        self.assertEqual(r.rc, 0, repr(r))
        self.assertEqual(samples(parse_text(r.out))[('bondd_up', ())], 1)

        self.assertEqual(self.bondd.stop(), 0)
        self.assertEqual(self.read_line(watcher), 'running=False')
        self.assertEqual(watcher.wait(timeout=20), 0)

    # The client in a child process: an AddressSanitizer build of libbondd
    # loads into Python only with the sanitizer's runtime preloaded, which
    # bondd and bondctl must not inherit.
    WATCHER = """
import gi, sys
gi.require_version('Bondd', '1')
from gi.repository import Bondd, GLib
loop = GLib.MainLoop()
changes = []
def ready(source, result):
    global client
    client = Bondd.Client.new_finish(result)
    print('ready running=%s bonds=%d' % (client.props.daemon_running, len(client.get_bonds())), flush=True)
    client.connect('notify::daemon-running', changed)
def changed(client, pspec):
    changes.append(client.props.daemon_running)
    print('running=%s' % client.props.daemon_running, flush=True)
    if len(changes) == 2:
        loop.quit()
Bondd.Client.new_async(None, ready)
GLib.timeout_add_seconds(60, loop.quit)
loop.run()
"""

    def start_watcher(self):
        env = dict(os.environ, DBUS_SYSTEM_BUS_ADDRESS=self.bus.address)
        if os.environ.get('BONDD_B_SANITIZE', 'none') != 'none':
            libasan = subprocess.run(['cc', '-print-file-name=libasan.so'], capture_output=True,
                                     text=True, check=True).stdout.strip()
            # Python's own allocations are not ours to judge.
            env.update(LD_PRELOAD=libasan, ASAN_OPTIONS='detect_leaks=0')
        p = subprocess.Popen(['/usr/bin/python3', '-c', self.WATCHER], stdout=subprocess.PIPE,
                             text=True, env=env)
        self.addCleanup(p.kill)
        self.addCleanup(p.stdout.close)
        return p

    def read_line(self, p, timeout=20):
        ready, _, _ = select.select([p.stdout], [], [], timeout)
        self.assertTrue(ready, 'the client printed nothing within %ss' % timeout)
        return p.stdout.readline().strip()


if __name__ == '__main__':
    harness.main()
