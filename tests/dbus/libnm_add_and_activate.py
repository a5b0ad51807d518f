#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0-or-later
"""libnm's add_and_activate_connection_async, run by test_add_and_activate.py
in its own process (libnm binds to DBUS_SYSTEM_BUS_ADDRESS once per process).

Usage: libnm_add_and_activate.py IFACE ADDRESS/PREFIX
  A partial profile with only ipv4.method manual and the address, for the
  device IFACE -> JSON {id, uuid, path, state} of the profile and the
  active connection, or {"error": D-Bus error name, "message": ...} and
  exit status 1."""

import json
import sys

import gi

gi.require_version('NM', '1.0')
from gi.repository import Gio, GLib, NM  # noqa: E402

from libnm_client import run_async  # noqa: E402


def partial(address):
    addr, prefix = address.split('/')
    conn = NM.SimpleConnection.new()
    s_ip4 = NM.SettingIP4Config.new()
    s_ip4.set_property(NM.SETTING_IP_CONFIG_METHOD, 'manual')
    s_ip4.add_address(NM.IPAddress.new(2, addr, int(prefix)))
    conn.add_setting(s_ip4)
    return conn


def main():
    client = NM.Client.new(None)
    device = client.get_device_by_iface(sys.argv[1])
    if device is None:
        raise SystemExit('no device %s' % sys.argv[1])

    def start(done):
        def callback(source, result, _data=None):
            try:
                done(client.add_and_activate_connection_finish(result))
            except GLib.Error as e:
                done(e)
        client.add_and_activate_connection_async(partial(sys.argv[2]), device, None, None,
                                                 callback, None)

    ac = run_async(start)
    if isinstance(ac, GLib.Error):
        print(json.dumps({'error': Gio.DBusError.get_remote_error(ac) or '', 'message': ac.message}))
        return 1
    if isinstance(ac, Exception):
        raise ac
    print(json.dumps({'id': ac.get_id(), 'uuid': ac.get_uuid(),
                      'path': ac.get_connection().get_path(), 'state': int(ac.get_state())}))
    return 0


if __name__ == '__main__':
    sys.exit(main())
