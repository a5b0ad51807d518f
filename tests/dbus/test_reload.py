#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0-or-later
"""Manager.Reload (`nmcli general reload [conf|dns-rc|dns-full]`) and
SIGHUP: NetworkManager's flags; the configuration file read again, what can
change at run time applied (unmanaged devices, the log level, the directory
monitor), the rest said to need a restart; the connection files too for
flags 0; a broken file refused with its line.  Only root (or polkit's
reload) may."""

import os
import signal

import harness
import ifcfg

NM = harness.NM_NAME
NM_PATH = harness.NM_PATH
DEVICE = NM + '.Device'
BASE = '[main]\nmonitor-connection-files=false\n'


class Reload(harness.BonddTestCase):
    bus_policy = 'open'  # the daemon's own authorization is what is tested
    config_text = BASE

    def setUp(self):
        super().setUp()
        self.veth('v0', 'v1')

    def write_config(self, text):
        with open(self.bondd.config, 'w') as f:
            f.write(text)

    def state_reason(self, iface):
        return tuple(self.prop(self.device_path(iface), DEVICE, 'StateReason'))

    def test_flags(self):
        for flags in (0, 1, 2, 4, 7):
            self.assertEqual(self.manager('Reload', '(u)', (flags,)), ())
        for flags in (8, 16, 0x80000000):
            self.assertEqual(self.manager_error('Reload', '(u)', (flags,)),
                             (NM + '.InvalidArguments', 'Invalid flags for reload'))
        for what in ((), ('conf',), ('dns-rc',), ('dns-full',)):
            self.nmcli_ok('general', 'reload', *what)

    def test_configuration_applied(self):
        self.wait_for(lambda: self.state_reason('v0')[0] in (20, 30), what='v0 managed')
        # A new unmanaged-devices spec, the debug level, and the plugin list,
        # which is only read at start.
        self.write_config(BASE + 'unmanaged-devices=interface-name:v0\nsettings-plugins=ifcfg\n'
                          '[logging]\nlevel=debug\n')
        self.nmcli_ok('general', 'reload', 'conf')
        self.assertEqual(self.state_reason('v0'), (10, 3))
        self.assertFalse(self.prop(self.device_path('v0'), DEVICE, 'Managed'))
        self.assertEqual(self.manager('GetLogging', '()', ())[0], 'DEBUG')
        log = self.bondd.read_log()
        self.assertIn('[main] settings-plugins changed; it takes effect when bondd is restarted', log)
        self.assertIn('debug: ', log.split('configuration: logging level DEBUG')[-1])
        # The spec gone again: managed again.
        self.write_config(BASE)
        self.manager('Reload', '(u)', (1,))
        self.wait_for(lambda: self.state_reason('v0')[0] in (20, 30), what='v0 managed again')
        self.assertEqual(self.manager('GetLogging', '()', ())[0], 'INFO')

    def test_connection_files_with_everything(self):
        # Monitoring is off: a file written by hand waits for a reload.
        path = os.path.join(self.ifcfg_dir, 'ifcfg-hand')
        with open(path, 'w') as f:
            f.write('DEVICE=v0\nNAME=hand\nTYPE=Ethernet\nBOOTPROTO=none\nONBOOT=no\n')
        self.manager('Reload', '(u)', (1,))
        self.assertNotIn('hand', [n for n, _ in self.con_table().values()])
        self.manager('Reload', '(u)', (0,))
        self.assertIn('hand', [n for n, _ in self.con_table().values()])
        # SIGHUP does the same: the file is gone again.
        os.unlink(path)
        os.kill(self.bondd.pid, signal.SIGHUP)
        self.wait_for(lambda: 'hand' not in [n for n, _ in self.con_table().values()],
                      what='SIGHUP reloaded the files')
        # Turning the directory monitor on picks up what changed meanwhile.
        with open(path, 'w') as f:
            f.write('DEVICE=v0\nNAME=hand2\nTYPE=Ethernet\nBOOTPROTO=none\nONBOOT=no\n')
        self.write_config('[main]\nmonitor-connection-files=true\n')
        self.manager('Reload', '(u)', (1,))
        self.assertIn('hand2', [n for n, _ in self.con_table().values()])

    def test_broken_file_refused(self):
        before = ifcfg.snapshot(self.ifcfg_dir)
        self.write_config(BASE + 'unmanaged-devices=eth0\n')
        name, message = self.manager_error('Reload', '(u)', (1,))
        self.assertEqual(name, NM + '.Failed')
        self.assertIn('%s:3: unmanaged-devices: “eth0” is not a device spec' % self.bondd.config, message)
        self.assertEqual(self.state_reason('v0')[0] in (20, 30), True, 'the running configuration stays')
        self.assertUnchanged(before, 'a refused reload')

    def test_nobody_is_refused(self):
        r = self.nmcli('general', 'reload', user='nobody')
        self.assertNotEqual(r.rc, 0, repr(r))
        self.assertIn('Not authorized to reload', r.err, repr(r))


if __name__ == '__main__':
    harness.main()
