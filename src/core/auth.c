/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Authorization.  Without polkit the honest rule is: root may change things,
 * everyone may look.  The caller's uid comes from the bus daemon
 * (GetConnectionUnixUser); the socket's peer is the bus, not the caller.
 * Unique names are never reused, so a uid is cached per name and dropped
 * when the name leaves the bus.
 */
#include "config.h"

#include <glib/gi18n.h>

#include "auth.h"
#include "errors.h"

#define NM_PERM_PREFIX "org.freedesktop.NetworkManager."

/* The 17 permissions libnm 1.42 knows (nm_auth_permission_names_by_idx). */
static const char *const permission_names[] = {
    "checkpoint-rollback",
    "enable-disable-connectivity-check",
    "enable-disable-network",
    "enable-disable-statistics",
    "enable-disable-wifi",
    "enable-disable-wimax",
    "enable-disable-wwan",
    "network-control",
    "reload",
    "settings.modify.global-dns",
    "settings.modify.hostname",
    "settings.modify.own",
    "settings.modify.system",
    "sleep-wake",
    "wifi.scan",
    "wifi.share.open",
    "wifi.share.protected",
};

typedef struct {
    GDBusConnection *bus;
    GHashTable *uids; /* unique name -> GUINT_TO_POINTER(uid) */
    guint name_owner_sub;
} AuthCache;

static AuthCache cache;

static void
prefetch_done(GObject *source, GAsyncResult *result, gpointer user_data)
{
    g_autofree char *name = user_data;
    g_autoptr(GVariant) ret = NULL;
    guint32 uid;

    /* Fails when the client left already: then there is nothing to cache. */
    ret = g_dbus_connection_call_finish(G_DBUS_CONNECTION(source), result, NULL);
    if (!ret || !cache.uids || G_DBUS_CONNECTION(source) != cache.bus)
        return;
    g_variant_get(ret, "(u)", &uid);
    g_hash_table_insert(cache.uids, g_steal_pointer(&name), GUINT_TO_POINTER(uid));
}

static void
on_name_owner_changed(GDBusConnection *bus, const char *sender, const char *path, const char *iface,
                      const char *signal, GVariant *params, gpointer user_data)
{
    const char *name, *old_owner, *new_owner;

    g_variant_get(params, "(&s&s&s)", &name, &old_owner, &new_owner);
    if (name[0] != ':' || !cache.uids)
        return;
    if (new_owner[0] == '\0') {
        g_hash_table_remove(cache.uids, name);
        return;
    }
    /* A client just connected: learn its uid before it asks anything. */
    if (old_owner[0] == '\0' && !g_hash_table_contains(cache.uids, name))
        g_dbus_connection_call(bus, "org.freedesktop.DBus", "/org/freedesktop/DBus",
                               "org.freedesktop.DBus", "GetConnectionUnixUser",
                               g_variant_new("(s)", name), G_VARIANT_TYPE("(u)"),
                               G_DBUS_CALL_FLAGS_NONE, 5000, NULL, prefetch_done, g_strdup(name));
}

static void
cache_bind(GDBusConnection *bus)
{
    if (cache.bus == bus)
        return;
    bondd_auth_reset();
    cache.bus = g_object_ref(bus);
    cache.uids = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
    cache.name_owner_sub = g_dbus_connection_signal_subscribe(
        bus, "org.freedesktop.DBus", "org.freedesktop.DBus", "NameOwnerChanged",
        "/org/freedesktop/DBus", NULL, G_DBUS_SIGNAL_FLAGS_NONE, on_name_owner_changed, NULL, NULL);
}

void
bondd_auth_watch_bus(GDBusConnection *bus)
{
    cache_bind(bus);
}

void
bondd_auth_reset(void)
{
    if (cache.bus) {
        g_dbus_connection_signal_unsubscribe(cache.bus, cache.name_owner_sub);
        g_clear_object(&cache.bus);
    }
    g_clear_pointer(&cache.uids, g_hash_table_unref);
    cache.name_owner_sub = 0;
}

guint
bondd_auth_get_caller_uid(GDBusConnection *bus, const char *sender)
{
    g_autoptr(GVariant) ret = NULL;
    g_autoptr(GError) error = NULL;
    gpointer value;
    guint32 uid;

    if (!bus || !sender)
        return (guint)-1;
    cache_bind(bus);
    if (g_hash_table_lookup_extended(cache.uids, sender, NULL, &value))
        return GPOINTER_TO_UINT(value);

    /* Synchronous: the bus daemon answers at once, and a method handler
     * must not run on before it knows who called. */
    ret = g_dbus_connection_call_sync(bus, "org.freedesktop.DBus", "/org/freedesktop/DBus",
                                      "org.freedesktop.DBus", "GetConnectionUnixUser",
                                      g_variant_new("(s)", sender), G_VARIANT_TYPE("(u)"),
                                      G_DBUS_CALL_FLAGS_NONE, 5000, NULL, &error);
    if (!ret) {
        g_warning(_("cannot determine the user of bus peer %s: %s"), sender, error->message);
        return (guint)-1;
    }
    g_variant_get(ret, "(u)", &uid);
    g_hash_table_insert(cache.uids, g_strdup(sender), GUINT_TO_POINTER(uid));
    return uid;
}

static const char *
refusal_message(BonddAuthAction action)
{
    switch (action) {
        case BONDD_AUTH_SETTINGS_MODIFY:
            return _("Insufficient privileges: only root may modify connections");
        case BONDD_AUTH_SETTINGS_RELOAD:
            return _("Insufficient privileges: only root may reload or load connection files");
        case BONDD_AUTH_NETWORK_CONTROL:
            return _("Not authorized to control networking: only root may do this");
        case BONDD_AUTH_CHECKPOINT:
            return _("Not authorized to manage checkpoints: only root may do this");
    }
    return _("Insufficient privileges");
}

/* The uid-0 rule; FALSE with the PermissionDenied error. */
static gboolean
decide(GDBusConnection *bus, const char *sender, BonddAuthAction action, GQuark error_domain,
       const char *what, GError **error)
{
    guint uid = bondd_auth_get_caller_uid(bus, sender);

    if (uid == 0)
        return TRUE;

    /* Every NM error domain has PermissionDenied as code 1. */
    G_STATIC_ASSERT(BONDD_SETTINGS_ERROR_PERMISSION_DENIED == 1);
    G_STATIC_ASSERT(BONDD_MANAGER_ERROR_PERMISSION_DENIED == 1);
    G_STATIC_ASSERT(BONDD_AGENT_MANAGER_ERROR_PERMISSION_DENIED == 1);
    g_set_error_literal(error, error_domain, 1, refusal_message(action));
    g_debug("refused %s to %s (uid %d)", what, sender ? sender : "(peer)", (int)uid);
    return FALSE;
}

typedef struct {
    GDBusMethodInvocation *invocation;
    BonddAuthAction action;
    GQuark error_domain;
    BonddAuthResultFunc callback;
    gpointer user_data;
} Check;

static gboolean
check_idle(gpointer data)
{
    Check *c = data;
    g_autoptr(GError) error = NULL;

    decide(g_dbus_method_invocation_get_connection(c->invocation),
           g_dbus_method_invocation_get_sender(c->invocation), c->action, c->error_domain,
           g_dbus_method_invocation_get_method_name(c->invocation), &error);
    c->callback(c->invocation, error, c->user_data);
    g_object_unref(c->invocation);
    g_free(c);
    return G_SOURCE_REMOVE;
}

void
bondd_auth_check(GDBusMethodInvocation *invocation, BonddAuthAction action, GQuark error_domain,
                 BonddAuthResultFunc callback, gpointer user_data)
{
    Check *c = g_new0(Check, 1);

    c->invocation = g_object_ref(invocation);
    c->action = action;
    c->error_domain = error_domain;
    c->callback = callback;
    c->user_data = user_data;
    g_idle_add(check_idle, c);
}

typedef struct {
    BonddAuthorizedFunc func;
    gpointer object;
} Then;

static void
then_decided(GDBusMethodInvocation *invocation, const GError *error, gpointer user_data)
{
    Then *then = user_data;

    if (error)
        g_dbus_method_invocation_return_gerror(invocation, error);
    else
        then->func(then->object, invocation);
    g_object_unref(then->object);
    g_free(then);
}

void
bondd_auth_then(GDBusMethodInvocation *invocation, BonddAuthAction action, GQuark error_domain,
                BonddAuthorizedFunc func, gpointer object)
{
    Then *then = g_new0(Then, 1);

    then->func = func;
    then->object = g_object_ref(object);
    bondd_auth_check(invocation, action, error_domain, then_decided, then);
}

GVariant *
bondd_auth_get_permissions(GDBusConnection *bus, const char *sender)
{
    gboolean root = bondd_auth_get_caller_uid(bus, sender) == 0;
    GVariantBuilder b;

    g_variant_builder_init(&b, G_VARIANT_TYPE("a{ss}"));
    for (guint i = 0; i < G_N_ELEMENTS(permission_names); i++) {
        g_autofree char *key = g_strconcat(NM_PERM_PREFIX, permission_names[i], NULL);
        g_variant_builder_add(&b, "{ss}", key, root ? "yes" : "no");
    }
    return g_variant_builder_end(&b);
}
