# SPDX-License-Identifier: GPL-2.0-or-later
"""Harness for the dbus suite: real nmcli/libnm against bondd.

Every test gets its own private dbus-daemon (a system-bus-like config that
listens on a *path* socket, so that it is reachable from bondd's fresh network
namespace), its own ifcfg/state/run directories, and a bondd started with
`unshare -n` so that it can never see or touch this machine's interfaces.
Everything started here runs in its own session/process group and is killed
on teardown, on failure, at interpreter exit and on SIGTERM/SIGINT (meson
sends SIGTERM when a test times out).
"""

import atexit
import os
import pwd
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import unittest

import gi

gi.require_version('NM', '1.0')
from gi.repository import Gio, GLib  # noqa: E402

import ifcfg  # noqa: E402

HERE = os.path.dirname(os.path.abspath(__file__))
SOURCE_ROOT = os.environ.get('BONDD_SOURCE_ROOT') or os.path.dirname(os.path.dirname(HERE))
BUILD_ROOT = os.environ.get('BONDD_BUILD_ROOT') or os.path.join(SOURCE_ROOT, 'build')

NM_NAME = 'org.freedesktop.NetworkManager'
NM_PATH = '/org/freedesktop/NetworkManager'
PROPS = 'org.freedesktop.DBus.Properties'
NOBODY = ['setpriv', '--reuid=65534', '--regid=65534', '--clear-groups']
UUID_RE = r'[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}'


def as_user(name):
    """The command prefix that runs what follows as user `name` (None: as we are)."""
    if name is None:
        return []
    pw = pwd.getpwnam(name)
    return ['setpriv', '--reuid=%d' % pw.pw_uid, '--regid=%d' % pw.pw_gid, '--clear-groups']


# ---------------------------------------------------------------------------
# Process bookkeeping: nothing we start may outlive the test run.

_live = set()


def _kill_group(proc, grace):
    if proc.poll() is not None:
        _live.discard(proc)
        return proc.returncode
    for sig, wait in ((signal.SIGTERM, grace), (signal.SIGKILL, 5.0)):
        try:
            os.killpg(proc.pid, sig)
        except ProcessLookupError:
            pass
        try:
            proc.wait(timeout=wait)
            break
        except subprocess.TimeoutExpired:
            continue
    _live.discard(proc)
    return proc.returncode


def _cleanup_all():
    for proc in list(_live):
        _kill_group(proc, 0.5)


def _on_signal(signum, frame):
    _cleanup_all()
    os._exit(128 + signum)


atexit.register(_cleanup_all)
for _sig in (signal.SIGTERM, signal.SIGINT, signal.SIGHUP):
    signal.signal(_sig, _on_signal)


def _spawn(argv, **kw):
    proc = subprocess.Popen(argv, start_new_session=True, stdin=subprocess.DEVNULL, **kw)
    _live.add(proc)
    return proc


def require_environment():
    """Reasons this suite cannot run here at all (then it is skipped, loudly)."""
    if os.geteuid() != 0:
        return 'needs root (unshare -n, setpriv)'
    for tool in ('dbus-daemon', 'nmcli', 'unshare', 'setpriv', 'ip'):
        if not shutil.which(tool):
            return 'missing tool: ' + tool
    return None


def bondd_binary():
    return os.path.join(BUILD_ROOT, 'src', 'core', 'bondd')


def make_plugin_dir(target):
    """A directory holding symlinks to the built plugins (the build tree keeps
    them in one directory per plugin)."""
    os.makedirs(target, exist_ok=True)
    found = []
    for sub, prefix in (('settings-plugins', 'libbondd-settings-'), ('device-plugins', 'libbondd-device-')):
        top = os.path.join(BUILD_ROOT, 'src', sub)
        if not os.path.isdir(top):
            continue
        for plugin in sorted(os.listdir(top)):
            d = os.path.join(top, plugin)
            if not os.path.isdir(d):
                continue
            for name in sorted(os.listdir(d)):
                if name.startswith(prefix) and name.endswith('.so'):
                    os.symlink(os.path.join(d, name), os.path.join(target, name))
                    found.append(name)
    return found


# ---------------------------------------------------------------------------
# The private bus.

_BUS_CONFIG = '''<!DOCTYPE busconfig PUBLIC "-//freedesktop//DTD D-Bus Bus Configuration 1.0//EN"
 "http://www.freedesktop.org/standards/dbus/1.0/busconfig.dtd">
<busconfig>
  <type>system</type>
  <listen>unix:path={socket}</listen>
  <auth>EXTERNAL</auth>
  <policy context="default">
    <allow user="*"/>
    <deny own="*"/>
    <allow own_prefix="org.bondd.test"/>
    <allow send_destination="*"/>
    <allow receive_sender="*"/>
    <allow send_destination="org.freedesktop.NetworkManager"/>
    <allow receive_sender="org.freedesktop.NetworkManager"/>
{root_only}
  </policy>
{extra_policy}
  <policy user="root">
    <allow own="org.freedesktop.NetworkManager"/>
    <allow own="*"/>
    <allow send_destination="*"/>
    <allow send_destination="org.freedesktop.NetworkManager"/>
  </policy>
</busconfig>
'''

# NetworkManager's own bus policy denies these to everyone but root.
_ROOT_ONLY = '''    <deny send_destination="org.freedesktop.NetworkManager"
          send_interface="org.freedesktop.NetworkManager.Settings" send_member="LoadConnections"/>
    <deny send_destination="org.freedesktop.NetworkManager"
          send_interface="org.freedesktop.NetworkManager.Settings" send_member="ReloadConnections"/>
    <deny send_destination="org.freedesktop.NetworkManager"
          send_interface="org.freedesktop.NetworkManager" send_member="SetLogging"/>
    <deny send_destination="org.freedesktop.NetworkManager"
          send_interface="org.freedesktop.NetworkManager" send_member="Sleep"/>'''


class PrivateBus:
    """A dbus-daemon of type system on a path socket.

    policy 'nm' mirrors NetworkManager's bus policy (root-only methods denied
    by the bus); 'open' lets every call through so that the daemon's own
    authorization is what gets tested.  extra_policy: more <policy> elements."""

    def __init__(self, directory, policy='nm', extra_policy=''):
        self.dir = directory
        os.makedirs(directory, exist_ok=True)
        os.chmod(directory, 0o755)
        self.socket = os.path.join(directory, 'bus')
        self.address = 'unix:path=' + self.socket
        self.config = os.path.join(directory, 'bus.conf')
        self.log = os.path.join(directory, 'dbus-daemon.log')
        root_only = _ROOT_ONLY if policy == 'nm' else ''
        with open(self.config, 'w') as f:
            f.write(_BUS_CONFIG.format(socket=self.socket, root_only=root_only, extra_policy=extra_policy))
        self.proc = None
        self._conn = None

    def start(self, timeout=10.0):
        with open(self.log, 'wb') as log:
            self.proc = _spawn(['dbus-daemon', '--config-file=' + self.config, '--nofork', '--nopidfile'],
                               stdout=log, stderr=subprocess.STDOUT)
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError('dbus-daemon exited with %d: %s' % (self.proc.returncode, self.read_log()))
            if os.path.exists(self.socket):
                try:
                    self.connection()
                    return
                except GLib.Error:
                    pass
            time.sleep(0.02)
        raise RuntimeError('dbus-daemon did not come up within %.0fs: %s' % (timeout, self.read_log()))

    def read_log(self):
        try:
            with open(self.log, errors='replace') as f:
                return f.read()
        except OSError:
            return ''

    def connection(self):
        if self._conn is None:
            flags = (Gio.DBusConnectionFlags.AUTHENTICATION_CLIENT |
                     Gio.DBusConnectionFlags.MESSAGE_BUS_CONNECTION)
            self._conn = Gio.DBusConnection.new_for_address_sync(self.address, flags, None, None)
        return self._conn

    def call(self, dest, path, iface, method, params=None, reply_type=None, timeout_ms=25000):
        """A synchronous call; raises GLib.Error (see remote_error())."""
        return self.connection().call_sync(dest, path, iface, method, params,
                                           GLib.VariantType(reply_type) if reply_type else None,
                                           Gio.DBusCallFlags.NO_AUTO_START, timeout_ms, None)

    def name_owner_pid(self, name=NM_NAME):
        """PID of the process owning name, or None."""
        has = self.call('org.freedesktop.DBus', '/org/freedesktop/DBus', 'org.freedesktop.DBus',
                        'NameHasOwner', GLib.Variant('(s)', (name,)), '(b)').unpack()[0]
        if not has:
            return None
        try:
            return self.call('org.freedesktop.DBus', '/org/freedesktop/DBus', 'org.freedesktop.DBus',
                             'GetConnectionUnixProcessID', GLib.Variant('(s)', (name,)), '(u)').unpack()[0]
        except GLib.Error:
            return None  # lost the name in between

    def stop(self):
        if self._conn is not None:
            try:
                self._conn.close_sync(None)
            except GLib.Error:
                pass
            self._conn = None
        if self.proc is not None:
            _kill_group(self.proc, 1.0)


def remote_error(err):
    """The D-Bus error name carried by a GLib.Error from call()."""
    return Gio.DBusError.get_remote_error(err) or ''


# ---------------------------------------------------------------------------
# bondd in its own network namespace.

class Bondd:
    def __init__(self, root, bus, ifcfg_dir, plugin_dir, config_text=None, extra_args=(), tag='bondd'):
        self.bus = bus
        self.tag = tag
        self.log_path = os.path.join(root, tag + '.log')
        self.config = os.path.join(root, tag + '.conf')
        text = config_text if config_text is not None else '[main]\nmonitor-connection-files=true\n'
        # Every settings plugin stores under the test's root, never in /etc.
        self.keyfile_dir = os.path.join(root, 'keyfile')
        if '[keyfile]' not in text:
            text += '\n[keyfile]\npath=%s\n' % self.keyfile_dir
        with open(self.config, 'w') as f:
            f.write(text)
        self.argv = [bondd_binary(), '--no-daemon', '--config', self.config,
                     '--ifcfg-dir', ifcfg_dir,
                     '--state-dir', os.path.join(root, 'state'),
                     '--run-dir', os.path.join(root, 'run'),
                     '--plugin-dir', plugin_dir] + list(extra_args)
        self.proc = None
        self.captured = ''

    def start(self):
        if not os.access(self.argv[0], os.X_OK):
            raise AssertionError('bondd is not built: %s missing (BONDD_BUILD_ROOT=%s)' % (self.argv[0], BUILD_ROOT))
        env = dict(os.environ, DBUS_SYSTEM_BUS_ADDRESS=self.bus.address, LANG='C', LC_ALL='C',
                   G_DEBUG='fatal-criticals')
        env.pop('DBUS_SESSION_BUS_ADDRESS', None)
        # unshare(1) execs the shell, which execs bondd: the pid we hold is bondd's.
        argv = ['unshare', '-n', '--', '/bin/sh', '-c', 'ip link set lo up && exec "$0" "$@"'] + self.argv
        with open(self.log_path, 'ab') as log:
            self.proc = _spawn(argv, stdout=log, stderr=subprocess.STDOUT, env=env)
        return self

    @property
    def pid(self):
        return self.proc.pid

    def wait_ready(self, timeout=15.0):
        """Until bondd (this very process) owns org.freedesktop.NetworkManager."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise AssertionError('bondd exited with %d before owning %s:\n%s' %
                                     (self.proc.returncode, NM_NAME, self.read_log()))
            if self.bus.name_owner_pid() == self.proc.pid:
                return self
            time.sleep(0.02)
        raise AssertionError('bondd did not own %s within %.0fs:\n%s' % (NM_NAME, timeout, self.read_log()))

    def wait_exit(self, timeout=15.0):
        try:
            return self.proc.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            return None

    def read_log(self):
        try:
            with open(self.log_path, errors='replace') as f:
                return f.read()
        except OSError:
            return self.captured

    def stop(self, timeout=10.0):
        """SIGTERM and wait: returns the exit status (None if it had to be killed)."""
        if self.proc is None or self.proc.poll() is not None:
            self.captured = self.read_log()
            return None if self.proc is None else self.proc.returncode
        os.kill(self.proc.pid, signal.SIGTERM)
        rc = self.wait_exit(timeout)
        if rc is None:
            _kill_group(self.proc, 0)
        _live.discard(self.proc)
        self.captured = self.read_log()
        return rc

    def kill(self):
        if self.proc is not None:
            _kill_group(self.proc, 2.0)
        self.captured = self.read_log()


# ---------------------------------------------------------------------------
# nmcli

class Result:
    def __init__(self, argv, rc, out, err):
        self.argv, self.rc, self.out, self.err = argv, rc, out, err

    @property
    def text(self):
        return self.out + self.err

    def __repr__(self):
        return 'nmcli %s -> rc=%s\n--- stdout ---\n%s--- stderr ---\n%s' % (
            ' '.join(self.argv), self.rc, self.out, self.err)


class BonddTestCase(unittest.TestCase):
    """Base class: a fresh bus, directories and bondd for every test."""

    bus_policy = 'nm'
    bus_extra_policy = ''
    config_text = None  # None: monitor-connection-files=true
    start_daemon = True
    maxDiff = None

    @classmethod
    def setUpClass(cls):
        reason = require_environment()
        if reason:
            raise unittest.SkipTest(reason)

    def setUp(self):
        self.transcript = []
        self.daemons = []
        # realpath: the UUID rule hashes the path bondd opened, so keep
        # symlinked /tmp out of the picture.
        self.root = os.path.realpath(tempfile.mkdtemp(prefix='bondd-dbus-'))
        os.chmod(self.root, 0o755)  # nobody must reach the bus socket
        self.addCleanup(shutil.rmtree, self.root, True)
        self.ifcfg_dir = os.path.join(self.root, 'ifcfg')
        os.makedirs(self.ifcfg_dir)
        os.chmod(self.ifcfg_dir, 0o755)
        self.plugin_dir = os.path.join(self.root, 'plugins')
        self.plugins = make_plugin_dir(self.plugin_dir)
        self.bus = PrivateBus(os.path.join(self.root, 'dbus'), self.bus_policy, self.bus_extra_policy)
        self.addCleanup(self.bus.stop)
        self.bus.start()
        self.prepare_files()
        self.bondd = self.start_bondd() if self.start_daemon else None

    def prepare_files(self):
        """Hook: write ifcfg files before bondd starts."""

    def start_bondd(self, wait=True, **kw):
        kw.setdefault('config_text', self.config_text)
        b = Bondd(self.root, self.bus, self.ifcfg_dir, self.plugin_dir,
                  tag='bondd-%d' % (len(self.daemons) + 1), **kw)
        if not self.daemons:
            self.addCleanup(self._shutdown_daemons)
        self.daemons.append(b)
        b.start()
        if wait:
            b.wait_ready()
        return b

    def _shutdown_daemons(self):
        """Every test ends with a clean SIGTERM shutdown: a crash, a hang or a
        sanitizer report (leaks are reported at exit) fails the test."""
        problems = []
        for b in self.daemons:
            if b.proc is not None and b.proc.poll() is None:
                rc = b.stop()
                if rc != 0:
                    problems.append('%s: exit status %r after SIGTERM' % (b.tag, rc))
            else:
                b.kill()
            if re.search(r'ERROR: (Address|Leak|Undefined)Sanitizer|runtime error:', b.captured):
                problems.append('%s: sanitizer report in its log' % b.tag)
        if problems:
            self.fail('; '.join(problems))

    def restart_bondd(self):
        rc = self.bondd.stop()
        self.assertEqual(rc, 0, 'bondd did not exit cleanly on SIGTERM (status %r)' % rc)
        self.bondd = self.start_bondd()
        return self.bondd

    def run(self, result=None):
        # Print the logs of a failing test: they are gone after cleanup.
        before = (len(result.failures), len(result.errors)) if result else None
        out = super().run(result)
        failed = result is not None and (len(result.failures), len(result.errors)) != before
        if failed or os.environ.get('BONDD_TEST_VERBOSE'):
            sys.stderr.write('\n===== %s: transcript =====\n' % self.id())
            for r in getattr(self, 'transcript', []):
                sys.stderr.write(repr(r) + '\n')
            for b in getattr(self, 'daemons', []):
                sys.stderr.write('===== %s log =====\n%s\n' % (b.tag, b.captured or b.read_log()))
        return out

    # -- nmcli --------------------------------------------------------------

    def nmcli(self, *args, user=None, timeout=30):
        argv = ['nmcli'] + [str(a) for a in args]
        cmd = as_user(user) + argv
        env = {'PATH': os.environ.get('PATH', '/usr/sbin:/usr/bin:/sbin:/bin'), 'LANG': 'C', 'LC_ALL': 'C',
               'DBUS_SYSTEM_BUS_ADDRESS': self.bus.address, 'HOME': '/nonexistent', 'TERM': 'dumb'}
        try:
            p = subprocess.run(cmd, stdin=subprocess.DEVNULL, capture_output=True, text=True,
                               timeout=timeout, env=env, start_new_session=True)
        except subprocess.TimeoutExpired as e:
            r = Result(argv[1:], 'TIMEOUT', e.stdout or '', e.stderr or '')
            self.transcript.append(r)
            self.fail('nmcli hung for %ss (killed): %r' % (timeout, r))
        r = Result(argv[1:], p.returncode, p.stdout, p.stderr)
        self.transcript.append(r)
        return r

    def nmcli_ok(self, *args, **kw):
        r = self.nmcli(*args, **kw)
        self.assertEqual(r.rc, 0, repr(r))
        return r

    def add_connection(self, *args, **kw):
        """nmcli con add ...: returns the UUID it printed."""
        r = self.nmcli_ok('connection', 'add', *args, **kw)
        m = re.search(r"Connection '([^']*)' \((" + UUID_RE + r")\) successfully added", r.out)
        self.assertIsNotNone(m, 'no success line with a UUID: %r' % r)
        return m.group(2)

    def con_table(self):
        """{uuid: (name, type)} from `nmcli -t -f NAME,UUID,TYPE con show`."""
        r = self.nmcli_ok('-t', '-f', 'NAME,UUID,TYPE', 'connection', 'show')
        table = {}
        for line in r.out.splitlines():
            fields = split_terse(line)
            self.assertEqual(len(fields), 3, 'bad terse line %r in %r' % (line, r))
            table[fields[1]] = (fields[0], fields[2])
        return table

    def get_fields(self, conn, *fields):
        """Values of `nmcli -g f1,f2 con show conn`, one per field."""
        r = self.nmcli_ok('-g', ','.join(fields), 'connection', 'show', conn)
        values = r.out.rstrip('\n').split('\n') if r.out else []
        self.assertEqual(len(values), len(fields), repr(r))
        return [unescape_terse(v) for v in values]

    def bond_options(self, conn):
        return parse_nmcli_options(self.get_fields(conn, 'bond.options')[0])

    def wait_for(self, predicate, timeout=5.0, interval=0.1, what='condition'):
        deadline = time.monotonic() + timeout
        last = None
        while True:
            last = predicate()
            if last:
                return last
            if time.monotonic() >= deadline:
                self.fail('%s not reached within %.1fs' % (what, timeout))
            time.sleep(interval)

    # -- bondd's namespace and its root object --------------------------------

    def ns(self, *argv):
        """Run argv in bondd's network namespace; its stdout."""
        p = subprocess.run(['nsenter', '-t', str(self.bondd.pid), '-n'] + [str(a) for a in argv],
                           capture_output=True, text=True, timeout=30)
        self.assertEqual(p.returncode, 0, '%r: %s' % (argv, p.stderr))
        return p.stdout

    def veth(self, name, peer):
        """A veth pair in bondd's namespace, the peer up: `name` has carrier."""
        self.ns('ip', 'link', 'add', name, 'type', 'veth', 'peer', 'name', peer)
        self.ns('ip', 'link', 'set', peer, 'up')

    def addresses(self, iface):
        """IPv4 addresses of iface in bondd's namespace, as ADDRESS/PREFIX."""
        out = self.ns('ip', '-4', '-o', 'addr', 'show', 'dev', iface)
        return [line.split()[3] for line in out.splitlines()]

    def manager(self, method, signature, args, reply=None):
        """A call on the root object, unpacked."""
        return self.bus.call(NM_NAME, NM_PATH, NM_NAME, method, GLib.Variant(signature, args),
                             reply).unpack()

    def manager_error(self, method, signature, args):
        """(D-Bus error name, the daemon's message) of a root-object call
        that must fail."""
        with self.assertRaises(GLib.Error) as cm:
            self.manager(method, signature, args)
        name = remote_error(cm.exception)
        return name, cm.exception.message.replace('GDBus.Error:%s: ' % name, '', 1)

    def prop(self, path, iface, name):
        return self.bus.call(NM_NAME, path, PROPS, 'Get', GLib.Variant('(ss)', (iface, name)),
                             '(v)').unpack()[0]

    def device_path(self, iface):
        return self.manager('GetDeviceByIpIface', '(s)', (iface,), '(o)')[0]

    # -- files --------------------------------------------------------------

    def ifcfg_path(self, name):
        return os.path.join(self.ifcfg_dir, name)

    def file_for_uuid(self, uuid):
        path = ifcfg.find_by_uuid(self.ifcfg_dir, uuid)
        self.assertIsNotNone(path, 'no ifcfg file with UUID=%s in %s' % (uuid, os.listdir(self.ifcfg_dir)))
        return path

    def assertKeys(self, values, expected, path=''):
        for k, v in expected.items():
            self.assertIn(k, values, '%s: key %s missing; file has %r' % (path, k, values))
            self.assertEqual(values[k], v, '%s: %s' % (path, k))

    def assertUnchanged(self, before, what):
        diffs = ifcfg.snapshot_diff(before, ifcfg.snapshot(self.ifcfg_dir))
        self.assertEqual(diffs, [], '%s changed the ifcfg directory' % what)


def split_terse(line):
    """Split one `nmcli -t` line on unescaped ':'."""
    fields, cur, esc = [], '', False
    for ch in line:
        if esc:
            cur += ch
            esc = False
        elif ch == '\\':
            esc = True
        elif ch == ':':
            fields.append(cur)
            cur = ''
        else:
            cur += ch
    fields.append(cur)
    return fields


def unescape_terse(value):
    return re.sub(r'\\(.)', r'\1', value)


def parse_nmcli_options(text):
    """'mode=active-backup,miimon=100' -> dict."""
    out = {}
    for item in text.split(','):
        if item:
            k, _, v = item.partition('=')
            out[k] = v
    return out


def main():
    unittest.main(verbosity=2)
