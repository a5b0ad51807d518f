/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * BonddClient: the bonds bondd manages, followed as they appear and
 * disappear (and as bondd starts and stops).
 */
#pragma once

#if !defined(BONDD_INSIDE) && !defined(BONDD_COMPILATION)
#error "Only <bondd.h> can be included directly."
#endif

#include <gio/gio.h>

#include "bondd-bond.h"

G_BEGIN_DECLS

#define BONDD_TYPE_CLIENT (bondd_client_get_type())
G_DECLARE_FINAL_TYPE(BonddClient, bondd_client, BONDD, CLIENT, GObject)

BonddClient *bondd_client_new(GCancellable *cancellable, GError **error);
void bondd_client_new_async(GCancellable *cancellable, GAsyncReadyCallback callback,
                            gpointer user_data);
BonddClient *bondd_client_new_finish(GAsyncResult *result, GError **error);

gboolean bondd_client_get_daemon_running(BonddClient *client);
GPtrArray *bondd_client_get_bonds(BonddClient *client);
BonddBond *bondd_client_get_bond(BonddClient *client, const char *name);

G_END_DECLS
