#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0-or-later
"""`nmcli networking off|on` (Manager.Enable) as NetworkManager 1.42 does it:
off takes every activation down and leaves every device unmanaged with
reason "sleeping", the manager asleep (State 10, NetworkingEnabled false),
activations refused; it is kept across a restart; on brings the devices
back and the autoconnect profiles up.  Only root (or polkit's
enable-disable-network) may."""

import os

import harness

NM = harness.NM_NAME
NM_PATH = harness.NM_PATH
DEVICE = NM + '.Device'
ASLEEP, SLEEPING = 10, 37
UNMANAGED, ACTIVATED = 10, 100


class Networking(harness.BonddTestCase):
    bus_policy = 'open'  # the daemon's own authorization is what is tested

    def setUp(self):
        super().setUp()
        self.veth('v0', 'v1')
        self.add_connection('type', 'ethernet', 'con-name', 'web', 'ifname', 'v0',
                            'ipv4.method', 'manual', 'ipv4.addresses', '192.0.2.1/24', 'ipv6.method', 'disabled')
        self.nmcli_ok('connection', 'up', 'web', timeout=60)
        self.wait_for(lambda: self.addresses('v0') == ['192.0.2.1/24'], timeout=20, what='web up on v0')

    def state_reason(self, iface):
        return tuple(self.prop(self.device_path(iface), DEVICE, 'StateReason'))

    def manager_props(self):
        return self.prop(NM_PATH, NM, 'State'), self.prop(NM_PATH, NM, 'NetworkingEnabled')

    def assert_asleep(self, reason=SLEEPING):
        self.assertEqual(self.manager_props(), (ASLEEP, False))
        self.assertEqual(self.state_reason('v0'), (UNMANAGED, reason))
        self.assertFalse(self.prop(self.device_path('v0'), DEVICE, 'Managed'))
        self.assertEqual(self.prop(NM_PATH, NM, 'ActiveConnections'), [])

    def test_off_and_on(self):
        self.nmcli_ok('networking', 'off')
        self.wait_for(lambda: self.state_reason('v0') == (UNMANAGED, SLEEPING), what='v0 unmanaged, sleeping')
        self.assert_asleep()
        self.assertEqual(self.addresses('v0'), [], 'web was taken down')
        self.assertEqual(self.nmcli_ok('networking').out.strip(), 'disabled')
        # A second off: nmcli is content, the method says so.
        self.nmcli_ok('networking', 'off')
        self.assertEqual(self.manager_error('Enable', '(b)', (False,)),
                         (NM + '.AlreadyEnabledOrDisabled', 'Already disabled'))
        # Nothing may be activated meanwhile.
        r = self.nmcli('connection', 'up', 'web')
        self.assertNotEqual(r.rc, 0, repr(r))
        self.assertIn('device v0 not available because device is strictly unmanaged', r.err, repr(r))
        # A client's Managed does not override it.
        self.nmcli_ok('device', 'set', 'v0', 'managed', 'yes')
        self.assertEqual(self.state_reason('v0'), (UNMANAGED, SLEEPING))
        with open(os.path.join(self.root, 'state', 'bondd.state')) as f:
            self.assertIn('NetworkingEnabled=false', f.read())

        # Kept across a restart (a new network namespace: v0 is made again,
        # up, so that web may autoconnect once networking is on).
        self.restart_bondd()
        self.veth('v0', 'v1')
        self.ns('ip', 'link', 'set', 'v0', 'up')
        self.wait_for(lambda: self.prop(NM_PATH, NM, 'Devices')[-1:] == [self.device_path('v0')],
                      what='v0 seen again')
        self.assert_asleep(reason=0)  # born unmanaged

        self.nmcli_ok('networking', 'on')
        self.wait_for(lambda: self.state_reason('v0') == (ACTIVATED, 0), timeout=20, what='web back on v0')
        self.assertEqual(self.manager_props()[1], True)
        self.assertTrue(self.prop(self.device_path('v0'), DEVICE, 'Managed'))
        self.wait_for(lambda: self.addresses('v0') == ['192.0.2.1/24'], timeout=20, what='192.0.2.1 back')
        self.assertEqual(self.manager_error('Enable', '(b)', (True,)),
                         (NM + '.AlreadyEnabledOrDisabled', 'Already enabled'))
        with open(os.path.join(self.root, 'state', 'bondd.state')) as f:
            self.assertIn('NetworkingEnabled=true', f.read())

    def test_nobody_is_refused(self):
        r = self.nmcli('networking', 'off', user='nobody')
        self.assertNotEqual(r.rc, 0, repr(r))
        self.assertIn('Not authorized to enable or disable networking', r.err, repr(r))
        self.assertEqual(self.manager_props()[1], True)
        self.assertEqual(self.state_reason('v0'), (ACTIVATED, 0))


if __name__ == '__main__':
    harness.main()
