/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * org.bondd.Device.Bond: bondd's runtime-state interface for one bond.
 */
#pragma once

#include <gio/gio.h>

#include "bond-history.h"
#include "bond-state.h"

G_BEGIN_DECLS

GDBusInterfaceSkeleton *bond_dbus_new(void);
/* Copy the state into the properties; only changed ones are announced. */
void bond_dbus_update(GDBusInterfaceSkeleton *skeleton, const BondState *state);
/* Signals go out after the pending PropertiesChanged (flushed first), so
 * that a client reading its property cache in the handler sees the state
 * the signal speaks of. */
void bond_dbus_emit_failover(GDBusInterfaceSkeleton *skeleton, const char *old_port,
                             const char *new_port, guint64 timestamp_us);
void bond_dbus_emit_port_flapping(GDBusInterfaceSkeleton *skeleton, const char *port,
                                  guint changes);
/* Health, HealthFindings (a(sss), floating refs are sunk), HealthSince. */
void bond_dbus_set_health(GDBusInterfaceSkeleton *skeleton, const char *health, GVariant *findings,
                          guint64 since_us);
void bond_dbus_emit_health_changed(GDBusInterfaceSkeleton *skeleton, const char *old_health,
                                   const char *new_health, GVariant *findings);
void bond_dbus_emit_event(GDBusInterfaceSkeleton *skeleton, const BondEvent *event);
/* GetHistory answers from @history (borrowed: it must outlive the
 * skeleton's export). */
void bond_dbus_serve_history(GDBusInterfaceSkeleton *skeleton, BondHistory *history);

G_END_DECLS
