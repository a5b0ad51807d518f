#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0-or-later
"""Print every failover of bondd's bonds (or of the bond named on the
command line) as it happens, using the bondd client library."""
import sys

import gi
gi.require_version("Bondd", "1")
from gi.repository import Bondd, GLib


def on_failover(bond, old_port, new_port, when):
    print(f"{when.format_iso8601()} {bond.props.name}: "
          f"{old_port or 'none'} -> {new_port or 'none'}", flush=True)


def watch(client, bond):
    if len(sys.argv) < 2 or bond.props.name == sys.argv[1]:
        bond.connect("failover", on_failover)


client = Bondd.Client.new(None)
client.connect("bond-added", watch)
for bond in client.get_bonds():
    watch(client, bond)
print("watching", flush=True)
GLib.MainLoop().run()
