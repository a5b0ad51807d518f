/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Authorization: the one place that decides who may do what.  As in
 * NetworkManager, uid 0 may do everything and polkit decides for everyone
 * else, with NetworkManager's action ids; without polkit (not on the bus,
 * or [main] auth-polkit=false) only uid 0 may change things.  Answers come
 * asynchronously, from the main loop.
 */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

typedef enum {
    BONDD_AUTH_SETTINGS_MODIFY, /* settings.modify.system: add/update/delete/save */
    BONDD_AUTH_SETTINGS_RELOAD, /* root only in NM: ReloadConnections, LoadConnections */
    BONDD_AUTH_NETWORK_CONTROL, /* network-control: activate, deactivate, device methods... */
    BONDD_AUTH_CHECKPOINT,      /* checkpoint-rollback: create, destroy, roll back, adjust */
    BONDD_AUTH_ENABLE_NETWORK,  /* enable-disable-network: Enable */
    BONDD_AUTH_RELOAD,          /* reload: Manager.Reload */
    /* network-control and settings.modify.system, both: AddAndActivate
     * adds a profile and activates it. */
    BONDD_AUTH_ADD_AND_ACTIVATE,
} BonddAuthAction;

/* The decision for one method call: @error is NULL when the caller may go
 * ahead, else set in the error domain asked for (BONDD_SETTINGS_ERROR,
 * BONDD_MANAGER_ERROR...) with code PermissionDenied and a message saying
 * what was refused.  The invocation is still unanswered. */
typedef void (*BonddAuthResultFunc)(GDBusMethodInvocation *invocation, const GError *error,
                                    gpointer user_data);

/* Decide whether the caller of @invocation may perform @action; @callback
 * runs from the main loop, never before this returns.  The invocation is
 * kept alive until then.  polkit may ask the user to authenticate only when
 * the message allows interactive authorization. */
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

/* GetPermissions for the caller of @invocation: @func(@object, @invocation,
 * @permissions) runs from the main loop with the 17 libnm permission names
 * -> "yes" / "no" / "auth" (a{ss}, valid during the call) as polkit answers
 * them without interaction.  @object (a GObject) is kept alive meanwhile. */
typedef void (*BonddAuthPermissionsFunc)(gpointer object, GDBusMethodInvocation *invocation,
                                         GVariant *permissions);
void bondd_auth_get_permissions(GDBusMethodInvocation *invocation, BonddAuthPermissionsFunc func,
                                gpointer object);

/* Ask polkit ([main] auth-polkit, from main.c), on the system bus, which
 * must be the bus bondd serves.  Off until called, so that only the daemon
 * ever talks to polkit. */
void bondd_auth_set_polkit(gboolean enabled);

/* @func(@user_data) runs when answers may have changed for clients that
 * asked before: polkit's rules or actions changed, or polkit came or went
 * (the manager emits CheckPermissions).  One listener; NULL to stop. */
typedef void (*BonddAuthChangedFunc)(gpointer user_data);
void bondd_auth_set_changed_func(BonddAuthChangedFunc func, gpointer user_data);

/* Start watching @bus: the uid of every client is looked up as soon as it
 * connects, so the first call it makes (GetPermissions, in parallel with
 * libnm's start-up) is answered without an extra round trip. */
void bondd_auth_watch_bus(GDBusConnection *bus);

/* Forget cached uids, stop watching the bus and stop asking polkit (at
 * shutdown, and in tests). */
void bondd_auth_reset(void);

G_END_DECLS
