#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0-or-later
"""libnm's checkpoint calls, run by test_checkpoint.py in their own process
(libnm binds to DBUS_SYSTEM_BUS_ADDRESS once per process).

Usage:
  libnm_checkpoint.py create TIMEOUT FLAGS [IFACE...]  -> JSON {path, devices, created, rollback_timeout}
  libnm_checkpoint.py rollback PATH                     -> JSON {device path: result}
  libnm_checkpoint.py destroy PATH                      -> JSON true
Errors: JSON {"error": D-Bus error name, "message": ...} and exit status 1."""

import json
import sys

import gi

gi.require_version('NM', '1.0')
from gi.repository import Gio, GLib, NM  # noqa: E402

from libnm_client import run_async  # noqa: E402


def finish(client, name, start_args):
    """Call client.NAME(*start_args, cancellable, callback) and its _finish."""
    def start(done):
        def callback(source, result, _data=None):
            try:
                done(getattr(client, name + '_finish')(result))
            except GLib.Error as e:
                done(e)
        getattr(client, name)(*start_args, None, callback, None)
    value = run_async(start)
    if isinstance(value, Exception):
        raise value
    return value


def main():
    client = NM.Client.new(None)
    op = sys.argv[1]
    try:
        if op == 'create':
            timeout, flags = int(sys.argv[2]), int(sys.argv[3])
            devices = [client.get_device_by_iface(i) for i in sys.argv[4:]]
            if None in devices:
                raise SystemExit('unknown interface among %r' % sys.argv[4:])
            cp = finish(client, 'checkpoint_create', (devices, timeout, NM.CheckpointCreateFlags(flags)))
            out = {'path': cp.get_path(), 'devices': sorted(d.get_iface() for d in cp.get_devices()),
                   'created': cp.get_created(), 'rollback_timeout': cp.get_rollback_timeout()}
        elif op == 'rollback':
            out = dict(finish(client, 'checkpoint_rollback', (sys.argv[2],)))
        elif op == 'destroy':
            out = finish(client, 'checkpoint_destroy', (sys.argv[2],))
        else:
            raise SystemExit('unknown operation ' + op)
    except GLib.Error as e:
        print(json.dumps({'error': Gio.DBusError.get_remote_error(e) or '', 'message': e.message}))
        return 1
    print(json.dumps(out))
    return 0


if __name__ == '__main__':
    sys.exit(main())
