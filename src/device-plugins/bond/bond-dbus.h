/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * org.bondd.Device.Bond: bondd's runtime-state interface for one bond.
 */
#pragma once

#include <gio/gio.h>

#include "bond-state.h"

G_BEGIN_DECLS

GDBusInterfaceSkeleton *bond_dbus_new(void);
/* Copy the state into the properties; only changed ones are announced. */
void bond_dbus_update(GDBusInterfaceSkeleton *skeleton, const BondState *state);
void bond_dbus_emit_failover(GDBusInterfaceSkeleton *skeleton, const char *old_port,
                             const char *new_port, guint64 timestamp_us);
void bond_dbus_emit_port_flapping(GDBusInterfaceSkeleton *skeleton, const char *port,
                                  guint changes);

G_END_DECLS
