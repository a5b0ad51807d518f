#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0-or-later
"""polkit decides for users other than root, with NetworkManager's actions.

A real polkitd runs on the test's private bus, in private mount and network
namespaces: a tmpfs over /etc/polkit-1/rules.d holds the test's rules, an
empty one hides /usr/share/polkit-1/rules.d (the packages' rules), and one
over /run/dbus hides this machine's system bus.  The actions are the ones
NetworkManager's package installs.  The rules grant the user `daemon`
settings.modify.system and nothing else; `nobody` gets polkit's defaults for
a caller without a session, which allow nothing without authentication.
"""

import os
import pwd
import re
import subprocess
import time
import xml.etree.ElementTree as ET

from gi.repository import Gio, GLib

import harness
import ifcfg
from test_general import PERMISSIONS

POLKITD = '/usr/lib/polkit-1/polkitd'
POLKIT_NAME = 'org.freedesktop.PolicyKit1'
ACTIONS = '/usr/share/polkit-1/actions/org.freedesktop.NetworkManager.policy'
NM_PREFIX = 'org.freedesktop.NetworkManager.'
NM_NAME = 'org.freedesktop.NetworkManager'
NM_PATH = '/org/freedesktop/NetworkManager'
PERMISSION_RE = re.compile(r'permission|authori[sz]|privilege', re.I)

GRANTED = 'daemon'  # settings.modify.system only
OTHER = 'nobody'  # nothing

RULES = '''// bondd test: %s may modify system connections, nothing more.
polkit.addRule(function(action, subject) {
    if (action.id == "org.freedesktop.NetworkManager.settings.modify.system" &&
        subject.user == "%s")
        return polkit.Result.YES;
});
''' % (GRANTED, GRANTED)

# The user polkitd switches to must own its name on the private bus.
BUS_POLICY = '''  <policy user="polkitd">
    <allow own="%s"/>
  </policy>''' % POLKIT_NAME

# In polkitd's namespaces: the test's rules only, and no way to this
# machine's system bus whatever the environment says.  $3 = hide-actions:
# as on a machine without NetworkManager's package, no actions at all.
NAMESPACE_SETUP = '''set -e
mount -t tmpfs -o mode=0755 bondd-test /etc/polkit-1/rules.d
cp "$1" /etc/polkit-1/rules.d/50-bondd-test.rules
mount -t tmpfs -o mode=0755 bondd-test /usr/share/polkit-1/rules.d
if [ "$3" = hide-actions ]; then mount -t tmpfs -o mode=0755 bondd-test /usr/share/polkit-1/actions; fi
if [ -d /run/dbus ]; then mount -t tmpfs -o mode=0755 bondd-test /run/dbus; fi
exec "$2" --no-debug
'''


def polkit_environment():
    """Why polkit cannot be tested here, or None."""
    if not os.access(POLKITD, os.X_OK):
        return 'polkitd is not installed (Debian package polkitd)'
    if not os.path.exists(ACTIONS):
        return "NetworkManager's polkit actions are not installed (%s)" % ACTIONS
    try:
        pwd.getpwnam('polkitd')
        pwd.getpwnam(GRANTED)
    except KeyError as e:
        return 'missing user: %s' % e
    return None


def expected_defaults():
    """What polkit answers a caller without a session, from the installed
    actions' <allow_any>: yes, auth (auth_*) or no."""
    answers = {}
    for action in ET.parse(ACTIONS).getroot().iter('action'):
        value = action.findtext('defaults/allow_any') or 'no'
        answers[action.get('id')] = ('yes' if value == 'yes' else
                                     'auth' if value.startswith('auth') else 'no')
    return answers


class Polkitd:
    """polkitd on the private bus, in its own mount and network namespaces."""

    def __init__(self, root, bus, hide_actions=False):
        self.bus = bus
        self.hide_actions = hide_actions
        self.dir = os.path.join(root, 'polkit')
        os.makedirs(self.dir, exist_ok=True)
        os.chmod(self.dir, 0o755)
        self.rules = os.path.join(self.dir, 'test.rules')
        with open(self.rules, 'w') as f:
            f.write(RULES)
        os.chmod(self.rules, 0o644)
        self.log_path = os.path.join(self.dir, 'polkitd.log')
        self.proc = None

    def start(self, timeout=15.0):
        env = {'PATH': '/usr/sbin:/usr/bin:/sbin:/bin', 'LANG': 'C',
               'DBUS_SYSTEM_BUS_ADDRESS': self.bus.address}
        # unshare execs the shell, which execs polkitd: the pid is polkitd's.
        argv = ['unshare', '-m', '-n', '--propagation', 'private', '--',
                '/bin/sh', '-c', NAMESPACE_SETUP, 'polkitd-setup', self.rules, POLKITD,
                'hide-actions' if self.hide_actions else 'actions']
        with open(self.log_path, 'ab') as log:
            self.proc = harness._spawn(argv, stdout=log, stderr=subprocess.STDOUT, env=env)
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise AssertionError('polkitd exited with %d:\n%s' % (self.proc.returncode, self.read_log()))
            if self.bus.name_owner_pid(POLKIT_NAME) == self.proc.pid:
                return self
            time.sleep(0.05)
        raise AssertionError('polkitd did not own %s within %.0fs:\n%s' % (POLKIT_NAME, timeout, self.read_log()))

    def rules_dir(self):
        """/etc/polkit-1/rules.d as polkitd sees it (its tmpfs)."""
        return '/proc/%d/root/etc/polkit-1/rules.d' % self.proc.pid

    def read_log(self):
        try:
            with open(self.log_path, errors='replace') as f:
                return f.read()
        except OSError:
            return ''

    def stop(self):
        if self.proc is not None:
            harness._kill_group(self.proc, 2.0)


class PolkitBase(harness.BonddTestCase):
    bus_extra_policy = BUS_POLICY
    start_polkitd = True
    hide_actions = False

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        reason = polkit_environment()
        if reason:
            raise harness.unittest.SkipTest(reason)

    def prepare_files(self):
        # Before bondd, as on a booted system.
        self.polkitd = Polkitd(self.root, self.bus, self.hide_actions)
        self.addCleanup(self.polkitd.stop)
        if self.start_polkitd:
            self.polkitd.start()

    def permissions(self, user=None):
        r = self.nmcli_ok('-t', 'general', 'permissions', user=user)
        perms = {}
        for line in r.out.splitlines():
            name, _, value = line.rpartition(':')
            perms[name] = value
        self.assertEqual(len(perms), 17, repr(r))
        return perms

    def assertDenied(self, r, before, table):
        self.assertNotEqual(r.rc, 0, repr(r))
        self.assertRegex(r.err, PERMISSION_RE, repr(r))
        self.assertUnchanged(before, 'nmcli %s' % ' '.join(r.argv))
        self.assertEqual(self.con_table(), table)
        self.assertEqual(self.active(), [], 'nothing may be active')

    def busctl(self, *args, user=None):
        argv = ['busctl', '--address=' + self.bus.address] + list(args)
        p = subprocess.run(harness.as_user(user) + argv, stdin=subprocess.DEVNULL, capture_output=True,
                           text=True, timeout=30, start_new_session=True)
        r = harness.Result(argv[1:], p.returncode, p.stdout, p.stderr)
        self.transcript.append(r)
        return r

    def active(self):
        return self.nmcli_ok('-t', '-f', 'NAME', 'connection', 'show', '--active').out.split()

    def add_bond(self, name, ifname, user=None):
        # Not autoconnected: nothing may become active but through the test.
        return self.add_connection('type', 'bond', 'con-name', name, 'ifname', ifname,
                                   'bond.options', 'mode=active-backup,miimon=100',
                                   'connection.autoconnect', 'no', user=user)


class Polkit(PolkitBase):

    def test_granted_user_adds_but_cannot_activate(self):
        uuid = self.add_bond('bond0', 'bond0', user=GRANTED)
        path = self.file_for_uuid(uuid)
        self.assertKeys(ifcfg.parse(path), {'DEVICE': 'bond0', 'TYPE': 'Bond'}, path)
        # settings.modify.system covers changing it too
        self.nmcli_ok('connection', 'modify', 'bond0', 'bond.options', 'mode=802.3ad', user=GRANTED)
        self.assertEqual(self.bond_options('bond0'), {'mode': '802.3ad'})
        # network-control is not granted: no activation, nothing changes
        before, table = ifcfg.snapshot(self.ifcfg_dir), self.con_table()
        self.assertDenied(self.nmcli('connection', 'up', 'bond0', user=GRANTED), before, table)
        # Nor checkpoint-rollback, even when the call allows interactive
        # authorization: there is no agent to ask, so polkit refuses.
        r = self.busctl('--allow-interactive-authorization=yes', 'call', NM_NAME, NM_PATH, NM_NAME,
                        'CheckpointCreate', 'aouu', '0', '0', '0', user=GRANTED)
        self.assertNotEqual(r.rc, 0, repr(r))
        self.assertIn('Not authorized to manage checkpoints', r.err, repr(r))
        self.assertNotIn('only root', r.err, repr(r))
        r = self.busctl('get-property', NM_NAME, NM_PATH, NM_NAME, 'Checkpoints')
        self.assertEqual(r.out.strip(), 'ao 0', repr(r))
        # AddAndActivate needs network-control too; networking off and
        # reload have their own actions, not granted either.
        r = self.busctl('call', NM_NAME, NM_PATH, NM_NAME, 'AddAndActivateConnection', 'a{sa{sv}}oo',
                        '1', 'connection', '2', 'type', 's', 'bond', 'interface-name', 's', 'bond7',
                        '/', '/', user=GRANTED)
        self.assertNotEqual(r.rc, 0, repr(r))
        self.assertIn('Not authorized to add and activate a connection', r.err, repr(r))
        self.assertDenied(self.nmcli('networking', 'off', user=GRANTED), before, table)
        self.assertDenied(self.nmcli('general', 'reload', user=GRANTED), before, table)

    def test_other_user_can_do_nothing(self):
        self.add_bond('bond0', 'bond0')
        before, table = ifcfg.snapshot(self.ifcfg_dir), self.con_table()
        for args in (('connection', 'add', 'type', 'bond', 'con-name', 'b1', 'ifname', 'bond1'),
                     ('connection', 'modify', 'bond0', 'bond.options', 'mode=802.3ad'),
                     ('connection', 'delete', 'bond0'),
                     ('connection', 'up', 'bond0')):
            self.assertDenied(self.nmcli(*args, user=OTHER), before, table)

    def test_permissions_as_polkit_answers(self):
        defaults = expected_defaults()
        names = [NM_PREFIX + p for p in PERMISSIONS]
        self.assertEqual(self.permissions(), {n: 'yes' for n in names})
        other = self.permissions(user=OTHER)
        granted = self.permissions(user=GRANTED)
        for n in names:
            self.assertEqual(other[n], defaults.get(n, 'no'), n)
            expected = 'yes' if n == NM_PREFIX + 'settings.modify.system' else defaults.get(n, 'no')
            self.assertEqual(granted[n], expected, n)
        # NetworkManager's defaults ask for authentication, which is never
        # requested: polkit answers "auth", not "yes".
        self.assertEqual(other[NM_PREFIX + 'settings.modify.system'], 'auth')
        self.assertEqual(granted[NM_PREFIX + 'network-control'], 'auth')

    def test_check_permissions_when_rules_change(self):
        signals = SignalWatch(self.bus, 'CheckPermissions')
        self.addCleanup(signals.close)
        self.assertEqual(self.permissions(user=OTHER)[NM_PREFIX + 'network-control'], 'auth')
        with open(os.path.join(self.polkitd.rules_dir(), '40-bondd-test-more.rules'), 'w') as f:
            f.write('polkit.addRule(function(action, subject) {\n'
                    '    if (action.id == "org.freedesktop.NetworkManager.network-control" &&\n'
                    '        subject.user == "%s")\n'
                    '        return polkit.Result.YES;\n'
                    '});\n' % OTHER)
        signals.wait(self, 10.0)
        self.assertEqual(self.permissions(user=OTHER)[NM_PREFIX + 'network-control'], 'yes')
        # network-control alone does not let it add and activate a profile.
        before, table = ifcfg.snapshot(self.ifcfg_dir), self.con_table()
        r = self.busctl('call', NM_NAME, NM_PATH, NM_NAME, 'AddAndActivateConnection', 'a{sa{sv}}oo',
                        '1', 'connection', '2', 'type', 's', 'bond', 'interface-name', 's', 'bond7',
                        '/', '/', user=OTHER)
        self.assertNotEqual(r.rc, 0, repr(r))
        self.assertIn('Not authorized to add and activate a connection', r.err, repr(r))
        self.assertUnchanged(before, 'AddAndActivate with network-control only')
        self.assertEqual(self.con_table(), table)


class PolkitLater(PolkitBase):
    """polkit appears after bondd started: until then the uid-0 rule holds."""
    start_polkitd = False

    def test_polkit_starts_later(self):
        r = self.nmcli('connection', 'add', 'type', 'bond', 'con-name', 'b1', 'ifname', 'bond1',
                       user=GRANTED)
        self.assertNotEqual(r.rc, 0, repr(r))
        self.assertIn('only root', r.err, repr(r))
        self.assertEqual(set(self.permissions(user=GRANTED).values()), {'no'})
        signals = SignalWatch(self.bus, 'CheckPermissions')
        self.addCleanup(signals.close)
        self.polkitd.start()
        signals.wait(self, 10.0)
        self.assertEqual(self.permissions(user=GRANTED)[NM_PREFIX + 'settings.modify.system'], 'yes')
        self.add_bond('b1', 'bond1', user=GRANTED)


class PolkitWithoutActions(PolkitBase):
    """NetworkManager's actions are not installed: polkit cannot decide, so
    the uid-0 rule holds, and bondd says why once per action."""
    hide_actions = True

    def test_root_only_and_said_once(self):
        before, table = ifcfg.snapshot(self.ifcfg_dir), self.con_table()
        for _ in range(2):
            r = self.nmcli('connection', 'add', 'type', 'bond', 'con-name', 'b1', 'ifname', 'bond1',
                           user=GRANTED)
            self.assertDenied(r, before, table)
            self.assertIn('only root', r.err, repr(r))
        self.assertEqual(set(self.permissions(user=GRANTED).values()), {'no'})
        self.assertEqual(set(self.permissions().values()), {'yes'})
        action = NM_PREFIX + 'settings.modify.system'
        warnings = [l for l in self.bondd.read_log().splitlines() if action in l]
        self.assertEqual(len(warnings), 1, self.bondd.read_log())
        self.assertIn('only root', warnings[0])
        self.add_bond('b1', 'bond1')


class PolkitOff(PolkitBase):
    """auth-polkit=false: polkit runs but is not asked; only root may."""
    config_text = '[main]\nauth-polkit=false\n'

    def test_root_only(self):
        self.assertEqual(set(self.permissions(user=GRANTED).values()), {'no'})
        self.assertEqual(set(self.permissions().values()), {'yes'})
        before, table = ifcfg.snapshot(self.ifcfg_dir), self.con_table()
        r = self.nmcli('connection', 'add', 'type', 'bond', 'con-name', 'b1', 'ifname', 'bond1',
                       user=GRANTED)
        self.assertDenied(r, before, table)
        self.assertIn('only root', r.err, repr(r))
        self.add_bond('b1', 'bond1')


class PolkitRootOnly(PolkitOff):
    config_text = '[main]\nauth-polkit=root-only\n'


class PolkitBadValue(harness.BonddTestCase):
    start_daemon = False

    def test_bad_value_refused(self):
        b = self.start_bondd(wait=False, config_text='[main]\nauth-polkit=maybe\n')
        self.assertIsNotNone(b.wait_exit(15), 'bondd kept running:\n' + b.read_log())
        self.assertNotEqual(b.proc.returncode, 0)
        lines = [l for l in b.read_log().splitlines() if l.strip()]
        self.assertEqual(len(lines), 1, b.read_log())
        for word in (b.config + ':2:', 'auth-polkit', 'maybe', 'root-only'):
            self.assertIn(word, lines[0])


class SignalWatch:
    """Counts a signal of bondd's root object on the private bus."""

    def __init__(self, bus, member):
        self.conn = bus.connection()
        self.count = 0
        self.sub = self.conn.signal_subscribe(None, 'org.freedesktop.NetworkManager', member,
                                              '/org/freedesktop/NetworkManager', None,
                                              Gio.DBusSignalFlags.NONE, self._on_signal)
        # The match rule is in place once a round trip to the bus is done.
        bus.call('org.freedesktop.DBus', '/org/freedesktop/DBus', 'org.freedesktop.DBus', 'GetId',
                 None, '(s)')

    def _on_signal(self, *args):
        self.count += 1

    def wait(self, test, timeout):
        context = GLib.MainContext.default()
        deadline = time.monotonic() + timeout
        while self.count == 0 and time.monotonic() < deadline:
            while context.iteration(False):
                pass
            time.sleep(0.05)
        test.assertGreater(self.count, 0, 'no signal within %.0fs' % timeout)

    def close(self):
        self.conn.signal_unsubscribe(self.sub)


if __name__ == '__main__':
    harness.main()
