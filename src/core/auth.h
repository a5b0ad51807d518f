/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Authorization: the one place that decides who may do what.  Today: uid 0
 * may do everything, everyone else may only read.  The answer comes
 * asynchronously, so that a decision that takes a round trip (polkit) fits
 * in without changing any caller.
 */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

typedef enum {
    BONDD_AUTH_SETTINGS_MODIFY, /* settings.modify.system: add/update/delete/save */
    BONDD_AUTH_SETTINGS_RELOAD, /* root only in NM: ReloadConnections, LoadConnections */
    BONDD_AUTH_NETWORK_CONTROL, /* activate, deactivate, device disconnect/managed... */
    BONDD_AUTH_CHECKPOINT,      /* checkpoint-rollback: create, destroy, roll back, adjust */
} BonddAuthAction;

/* The decision for one method call: @error is NULL when the caller may go
 * ahead, else set in the error domain asked for (BONDD_SETTINGS_ERROR,
 * BONDD_MANAGER_ERROR...) with code PermissionDenied and a message saying
 * what was refused.  The invocation is still unanswered. */
typedef void (*BonddAuthResultFunc)(GDBusMethodInvocation *invocation, const GError *error,
                                    gpointer user_data);

/* Decide whether the caller of @invocation may perform @action; @callback
 * runs from the main loop, never before this returns.  The invocation is
 * kept alive until then. */
void bondd_auth_check(GDBusMethodInvocation *invocation, BonddAuthAction action,
                      GQuark error_domain, BonddAuthResultFunc callback, gpointer user_data);

/* What most method handlers want: run @func(@object, @invocation) once the
 * caller may perform @action, or else answer the invocation with the
 * refusal.  @object (a GObject) is kept alive meanwhile. */
typedef void (*BonddAuthorizedFunc)(gpointer object, GDBusMethodInvocation *invocation);
void bondd_auth_then(GDBusMethodInvocation *invocation, BonddAuthAction action, GQuark error_domain,
                     BonddAuthorizedFunc func, gpointer object);

/* uid of a bus peer (unique name), cached; (guint)-1 if unknown. */
guint bondd_auth_get_caller_uid(GDBusConnection *bus, const char *sender);

/* GetPermissions answer for @sender: the 17 libnm permission names ->
 * "yes"/"no" (a{ss}). */
GVariant *bondd_auth_get_permissions(GDBusConnection *bus, const char *sender);

/* Start watching @bus: the uid of every client is looked up as soon as it
 * connects, so the first call it makes (GetPermissions, in parallel with
 * libnm's start-up) is answered without an extra round trip. */
void bondd_auth_watch_bus(GDBusConnection *bus);

/* Forget cached uids and stop watching the bus (at shutdown, and in tests). */
void bondd_auth_reset(void);

G_END_DECLS
