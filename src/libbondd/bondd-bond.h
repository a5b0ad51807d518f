/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * BonddBond: one bond that bondd manages, with its state as the kernel
 * reports it, its health, its event history and its events as signals.
 */
#pragma once

#if !defined(BONDD_INSIDE) && !defined(BONDD_COMPILATION)
#error "Only <bondd.h> can be included directly."
#endif

#include <gio/gio.h>

#include "bondd-port.h"
#include "bondd-types.h"

G_BEGIN_DECLS

#define BONDD_TYPE_BOND (bondd_bond_get_type())
G_DECLARE_FINAL_TYPE(BonddBond, bondd_bond, BONDD, BOND, GObject)

const char *bondd_bond_get_name(BonddBond *bond);
const char *bondd_bond_get_object_path(BonddBond *bond);
const char *bondd_bond_get_mode(BonddBond *bond);
const char *bondd_bond_get_active_port(BonddBond *bond);
const char *bondd_bond_get_mii_status(BonddBond *bond);
BonddHealth bondd_bond_get_health(BonddBond *bond);
gint64 bondd_bond_get_health_since(BonddBond *bond);
GPtrArray *bondd_bond_get_findings(BonddBond *bond);
GHashTable *bondd_bond_get_options(BonddBond *bond);
const char *bondd_bond_get_option(BonddBond *bond, const char *name);
GPtrArray *bondd_bond_get_ports(BonddBond *bond);
BonddPort *bondd_bond_get_port(BonddBond *bond, const char *name);
gboolean bondd_bond_has_ad_value(BonddBond *bond, const char *property);

GPtrArray *bondd_bond_get_history(BonddBond *bond, guint max, GCancellable *cancellable,
                                  GError **error);
void bondd_bond_get_history_async(BonddBond *bond, guint max, GCancellable *cancellable,
                                  GAsyncReadyCallback callback, gpointer user_data);
GPtrArray *bondd_bond_get_history_finish(BonddBond *bond, GAsyncResult *result, GError **error);

G_END_DECLS
