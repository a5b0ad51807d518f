/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Authorization, as NetworkManager does it: uid 0 may do everything without
 * asking anyone; for every other caller polkit decides, with
 * NetworkManager's action ids (so that the actions NetworkManager's package
 * installs, and rules written for them, apply to bondd unchanged), and
 * never asks the user to authenticate unless the message allows it.  When
 * polkit is turned off ([main] auth-polkit), is not on the bus or cannot
 * decide, the uid-0 rule stands alone: root may change things, everyone may
 * look.
 *
 * The caller's uid comes from the bus daemon (GetConnectionUnixUser); the
 * socket's peer is the bus, not the caller.  Unique names are never reused,
 * so a uid is cached per name and dropped when the name leaves the bus.
 * polkit is given the caller's unique name and asks the bus itself.
 */
#include "config.h"

#include <polkit/polkit.h>

#include <glib/gi18n.h>

#include "auth.h"
#include "errors.h"

#define NM_PERM_PREFIX "org.freedesktop.NetworkManager."

/* The 17 permissions libnm 1.42 knows (nm_auth_permission_names_by_idx),
 * which are NetworkManager's polkit action ids. */
static const char *const permission_names[] = {
    NM_PERM_PREFIX "checkpoint-rollback",
    NM_PERM_PREFIX "enable-disable-connectivity-check",
    NM_PERM_PREFIX "enable-disable-network",
    NM_PERM_PREFIX "enable-disable-statistics",
    NM_PERM_PREFIX "enable-disable-wifi",
    NM_PERM_PREFIX "enable-disable-wimax",
    NM_PERM_PREFIX "enable-disable-wwan",
    NM_PERM_PREFIX "network-control",
    NM_PERM_PREFIX "reload",
    NM_PERM_PREFIX "settings.modify.global-dns",
    NM_PERM_PREFIX "settings.modify.hostname",
    NM_PERM_PREFIX "settings.modify.own",
    NM_PERM_PREFIX "settings.modify.system",
    NM_PERM_PREFIX "sleep-wake",
    NM_PERM_PREFIX "wifi.scan",
    NM_PERM_PREFIX "wifi.share.open",
    NM_PERM_PREFIX "wifi.share.protected",
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
cache_reset(void)
{
    if (cache.bus) {
        g_dbus_connection_signal_unsubscribe(cache.bus, cache.name_owner_sub);
        g_clear_object(&cache.bus);
    }
    g_clear_pointer(&cache.uids, g_hash_table_unref);
    cache.name_owner_sub = 0;
}

static void
cache_bind(GDBusConnection *bus)
{
    if (cache.bus == bus)
        return;
    cache_reset();
    cache.bus = g_object_ref(bus);
    cache.uids = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
    cache.name_owner_sub = g_dbus_connection_signal_subscribe(
        bus, "org.freedesktop.DBus", "org.freedesktop.DBus", "NameOwnerChanged",
        "/org/freedesktop/DBus", NULL, G_DBUS_SIGNAL_FLAGS_NONE, on_name_owner_changed, NULL, NULL);
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

/* ---- polkit ---------------------------------------------------------------- */

/* What one question came to. */
typedef enum {
    VERDICT_YES,      /* uid 0, or polkit says yes */
    VERDICT_AUTH,     /* polkit: yes after authentication, which was not asked for */
    VERDICT_NO,       /* polkit says no */
    VERDICT_NOT_ROOT, /* the uid-0 rule alone: polkit off, away, or unable to decide */
} Verdict;

typedef void (*VerdictFunc)(Verdict verdict, gpointer data);

/* Why a question is asked. */
typedef enum {
    ASK_METHOD,             /* a method call */
    ASK_METHOD_INTERACTIVE, /* one whose message allows interactive authorization */
    ASK_PERMISSIONS,        /* GetPermissions: never interactive, failures not warned about */
} AskKind;

/* One question: may @sender do @action_id? */
typedef struct {
    char *sender;
    const char *action_id; /* static */
    PolkitCheckAuthorizationFlags flags;
    gboolean quiet;  /* only a GetPermissions question: failures are not warned about */
    Verdict verdict; /* for answer_later() */
    VerdictFunc func;
    gpointer data;
} Ask;

static struct {
    gboolean enabled;
    /* polkit's client object (on the system bus), once it is there. */
    PolkitAuthority *authority;
    gboolean getting;
    /* Bumped whenever polkit is turned off: an authority that arrives
     * afterwards belongs to no one. */
    guint epoch;
    GQueue waiting;     /* Ask, until the authority is there */
    GHashTable *warned; /* action ids whose failure was logged already */
    BonddAuthChangedFunc changed_func;
    gpointer changed_data;
} pk;

static void
ask_finish(Ask *ask, Verdict verdict)
{
    ask->func(verdict, ask->data);
    g_free(ask->sender);
    g_free(ask);
}

static gboolean
ask_idle(gpointer data)
{
    Ask *ask = data;

    ask_finish(ask, ask->verdict);
    return G_SOURCE_REMOVE;
}

/* Answers come from the main loop, never before the question returns. */
static void
answer_later(Ask *ask, Verdict verdict)
{
    ask->verdict = verdict;
    g_idle_add(ask_idle, ask);
}

static void
changed(void)
{
    if (pk.changed_func)
        pk.changed_func(pk.changed_data);
}

static void
on_polkit_changed(PolkitAuthority *authority, gpointer user_data)
{
    g_debug("polkit: rules or actions changed");
    g_clear_pointer(&pk.warned, g_hash_table_unref); /* a new failure is news */
    changed();
}

static void
on_polkit_owner(GObject *authority, GParamSpec *pspec, gpointer user_data)
{
    g_autofree char *owner = polkit_authority_get_owner(POLKIT_AUTHORITY(authority));

    if (owner)
        g_message(_("polkit is running (%s): it decides for users other than root"), owner);
    else
        g_message(_("polkit has left the bus: only root may change things until it is back"));
    g_clear_pointer(&pk.warned, g_hash_table_unref);
    changed();
}

/* A failed question: the uid-0 rule decides.  polkit not being on the bus
 * is ordinary (it is optional); anything else refused is said once per
 * action. */
static void
log_failure(const Ask *ask, GError *error)
{
    if (g_error_matches(error, G_DBUS_ERROR, G_DBUS_ERROR_SERVICE_UNKNOWN) ||
        g_error_matches(error, G_DBUS_ERROR, G_DBUS_ERROR_NAME_HAS_NO_OWNER)) {
        g_debug("polkit is not on the bus: %s is for root only", ask->action_id);
        return;
    }
    if (ask->quiet) {
        g_debug("polkit cannot decide on %s: %s", ask->action_id, error->message);
        return;
    }
    if (!pk.warned)
        pk.warned = g_hash_table_new(g_str_hash, g_str_equal);
    if (!g_hash_table_add(pk.warned, (gpointer)ask->action_id))
        return;
    g_dbus_error_strip_remote_error(error);
    g_warning(_("polkit cannot decide on %s (%s): only root may do it"), ask->action_id,
              error->message);
}

static void
check_done(GObject *source, GAsyncResult *res, gpointer user_data)
{
    Ask *ask = user_data;
    g_autoptr(GError) error = NULL;
    g_autoptr(PolkitAuthorizationResult) result =
        polkit_authority_check_authorization_finish(POLKIT_AUTHORITY(source), res, &error);

    if (!result) {
        log_failure(ask, error);
        ask_finish(ask, VERDICT_NOT_ROOT);
    } else if (polkit_authorization_result_get_is_authorized(result))
        ask_finish(ask, VERDICT_YES);
    else if (polkit_authorization_result_get_is_challenge(result))
        ask_finish(ask, VERDICT_AUTH);
    else
        ask_finish(ask, VERDICT_NO);
}

static void
polkit_check(PolkitAuthority *authority, Ask *ask)
{
    g_autoptr(PolkitSubject) subject = polkit_system_bus_name_new(ask->sender);

    polkit_authority_check_authorization(authority, subject, ask->action_id, NULL, ask->flags, NULL,
                                         check_done, ask);
}

static void
authority_ready(GObject *source, GAsyncResult *res, gpointer user_data)
{
    g_autoptr(GError) error = NULL;
    g_autoptr(PolkitAuthority) authority = polkit_authority_get_finish(res, &error);
    g_autofree char *owner = NULL;
    Ask *ask;

    if (GPOINTER_TO_UINT(user_data) != pk.epoch)
        return; /* turned off meanwhile; its questions were answered */
    pk.getting = FALSE;
    if (!authority)
        g_warning(_("cannot use polkit: %s; only root may change things"), error->message);
    else {
        pk.authority = g_steal_pointer(&authority);
        g_signal_connect(pk.authority, "changed", G_CALLBACK(on_polkit_changed), &pk);
        g_signal_connect(pk.authority, "notify::owner", G_CALLBACK(on_polkit_owner), &pk);
        owner = polkit_authority_get_owner(pk.authority);
        if (owner)
            g_message(_("polkit is running (%s): it decides for users other than root"), owner);
        else
            g_message(_("polkit is not running: only root may change things until it is"));
    }
    while ((ask = g_queue_pop_head(&pk.waiting))) {
        if (pk.authority)
            polkit_check(pk.authority, ask);
        else
            ask_finish(ask, VERDICT_NOT_ROOT);
    }
}

static void
polkit_start(void)
{
    if (pk.authority || pk.getting)
        return;
    pk.getting = TRUE;
    polkit_authority_get_async(NULL, authority_ready, GUINT_TO_POINTER(pk.epoch));
}

static void
polkit_stop(void)
{
    Ask *ask;

    pk.epoch++;
    pk.getting = FALSE;
    if (pk.authority) {
        g_signal_handlers_disconnect_by_data(pk.authority, &pk);
        g_clear_object(&pk.authority);
    }
    while ((ask = g_queue_pop_head(&pk.waiting)))
        answer_later(ask, VERDICT_NOT_ROOT);
    g_clear_pointer(&pk.warned, g_hash_table_unref);
}

void
bondd_auth_set_polkit(gboolean enabled)
{
    pk.enabled = enabled;
    if (enabled)
        polkit_start(); /* ready before the first question, in most cases */
    else
        polkit_stop();
}

void
bondd_auth_set_changed_func(BonddAuthChangedFunc func, gpointer user_data)
{
    pk.changed_func = func;
    pk.changed_data = user_data;
}

/* Decide whether @sender may do @action_id (NULL: an action polkit is never
 * asked about, root's alone); @func runs from the main loop. */
static void
decide(GDBusConnection *bus, const char *sender, const char *action_id, AskKind kind,
       VerdictFunc func, gpointer data)
{
    Ask *ask = g_new0(Ask, 1);
    guint uid = bondd_auth_get_caller_uid(bus, sender);

    ask->func = func;
    ask->data = data;
    /* Root bypasses polkit, as in NetworkManager. */
    if (uid == 0) {
        answer_later(ask, VERDICT_YES);
        return;
    }
    if (!pk.enabled || !action_id || uid == (guint)-1) {
        answer_later(ask, VERDICT_NOT_ROOT);
        return;
    }
    ask->sender = g_strdup(sender);
    ask->action_id = action_id;
    ask->flags = kind == ASK_METHOD_INTERACTIVE
                     ? POLKIT_CHECK_AUTHORIZATION_FLAGS_ALLOW_USER_INTERACTION
                     : POLKIT_CHECK_AUTHORIZATION_FLAGS_NONE;
    ask->quiet = kind == ASK_PERMISSIONS;
    if (pk.authority) {
        polkit_check(pk.authority, ask);
        return;
    }
    g_queue_push_tail(&pk.waiting, ask);
    polkit_start();
}

/* ---- decisions for method calls ------------------------------------------ */

#define ACTION_NETWORK_CONTROL NM_PERM_PREFIX "network-control"
#define ACTION_SETTINGS_MODIFY NM_PERM_PREFIX "settings.modify.system"

/* NetworkManager's actions for each of bondd's, all of which the caller
 * needs; NULL: root only. */
static const char *const *
polkit_actions(BonddAuthAction action)
{
    /* bondd has no user profiles (connection.permissions is not kept), so
     * settings.modify.own never applies. */
    static const char *const settings_modify[] = {ACTION_SETTINGS_MODIFY, NULL};
    static const char *const network_control[] = {ACTION_NETWORK_CONTROL, NULL};
    static const char *const checkpoint[] = {NM_PERM_PREFIX "checkpoint-rollback", NULL};
    static const char *const enable_network[] = {NM_PERM_PREFIX "enable-disable-network", NULL};
    static const char *const reload[] = {NM_PERM_PREFIX "reload", NULL};
    static const char *const add_and_activate[] = {ACTION_NETWORK_CONTROL, ACTION_SETTINGS_MODIFY,
                                                   NULL};

    switch (action) {
        case BONDD_AUTH_SETTINGS_MODIFY:
            return settings_modify;
        case BONDD_AUTH_SETTINGS_RELOAD:
            /* NetworkManager never asks polkit: its bus policy lets only
             * root call ReloadConnections and LoadConnections. */
            return NULL;
        case BONDD_AUTH_NETWORK_CONTROL:
            return network_control;
        case BONDD_AUTH_CHECKPOINT:
            return checkpoint;
        case BONDD_AUTH_ENABLE_NETWORK:
            return enable_network;
        case BONDD_AUTH_RELOAD:
            return reload;
        case BONDD_AUTH_ADD_AND_ACTIVATE:
            return add_and_activate;
    }
    return NULL;
}

static const char *
refusal_message(BonddAuthAction action, Verdict verdict)
{
    gboolean root_rule = verdict == VERDICT_NOT_ROOT;

    switch (action) {
        case BONDD_AUTH_SETTINGS_MODIFY:
            return root_rule ? _("Insufficient privileges: only root may modify connections")
                             : _("Insufficient privileges: not authorized to modify connections");
        case BONDD_AUTH_SETTINGS_RELOAD:
            return _("Insufficient privileges: only root may reload or load connection files");
        case BONDD_AUTH_NETWORK_CONTROL:
            return root_rule ? _("Not authorized to control networking: only root may do this")
                             : _("Not authorized to control networking");
        case BONDD_AUTH_CHECKPOINT:
            return root_rule ? _("Not authorized to manage checkpoints: only root may do this")
                             : _("Not authorized to manage checkpoints");
        case BONDD_AUTH_ENABLE_NETWORK:
            return root_rule
                       ? _("Not authorized to enable or disable networking: only root may do this")
                       : _("Not authorized to enable or disable networking");
        case BONDD_AUTH_RELOAD:
            return root_rule ? _("Not authorized to reload: only root may do this")
                             : _("Not authorized to reload");
        case BONDD_AUTH_ADD_AND_ACTIVATE:
            return root_rule
                       ? _("Not authorized to add and activate a connection: only root may do this")
                       : _("Not authorized to add and activate a connection");
    }
    return _("Insufficient privileges");
}

typedef struct {
    GDBusMethodInvocation *invocation;
    BonddAuthAction action;
    const char *const *actions; /* polkit's, the next one to ask first */
    GQuark error_domain;
    BonddAuthResultFunc callback;
    gpointer user_data;
} Check;

static void check_decided(Verdict verdict, gpointer data);

static AskKind
ask_kind(GDBusMethodInvocation *invocation)
{
    GDBusMessageFlags flags =
        g_dbus_message_get_flags(g_dbus_method_invocation_get_message(invocation));

    return (flags & G_DBUS_MESSAGE_FLAGS_ALLOW_INTERACTIVE_AUTHORIZATION) ? ASK_METHOD_INTERACTIVE
                                                                          : ASK_METHOD;
}

/* Ask about the next of the actions (or, with none, apply the uid-0 rule). */
static void
check_next(Check *c)
{
    const char *action_id = c->actions ? *c->actions : NULL;

    if (c->actions)
        c->actions++;
    decide(g_dbus_method_invocation_get_connection(c->invocation),
           g_dbus_method_invocation_get_sender(c->invocation), action_id, ask_kind(c->invocation),
           check_decided, c);
}

static void
check_decided(Verdict verdict, gpointer data)
{
    Check *c = data;
    g_autoptr(GError) error = NULL;

    /* One yes leads to the next question; the first no decides. */
    if (verdict == VERDICT_YES && c->actions && *c->actions) {
        check_next(c);
        return;
    }
    if (verdict != VERDICT_YES) {
        /* Every NM error domain has PermissionDenied as code 1. */
        G_STATIC_ASSERT(BONDD_SETTINGS_ERROR_PERMISSION_DENIED == 1);
        G_STATIC_ASSERT(BONDD_MANAGER_ERROR_PERMISSION_DENIED == 1);
        G_STATIC_ASSERT(BONDD_AGENT_MANAGER_ERROR_PERMISSION_DENIED == 1);
        g_set_error_literal(&error, c->error_domain, 1, refusal_message(c->action, verdict));
        g_debug("refused %s to %s (%s)", g_dbus_method_invocation_get_method_name(c->invocation),
                g_dbus_method_invocation_get_sender(c->invocation),
                verdict == VERDICT_NOT_ROOT ? "not root"
                : verdict == VERDICT_AUTH   ? "polkit: authentication required"
                                            : "polkit: no");
    }
    c->callback(c->invocation, error, c->user_data);
    g_object_unref(c->invocation);
    g_free(c);
}

void
bondd_auth_check(GDBusMethodInvocation *invocation, BonddAuthAction action, GQuark error_domain,
                 BonddAuthResultFunc callback, gpointer user_data)
{
    Check *c = g_new0(Check, 1);

    c->invocation = g_object_ref(invocation);
    c->action = action;
    c->actions = polkit_actions(action);
    c->error_domain = error_domain;
    c->callback = callback;
    c->user_data = user_data;
    check_next(c);
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

/* ---- GetPermissions --------------------------------------------------------- */

typedef struct Permissions Permissions;

typedef struct {
    Permissions *all;
    Verdict verdict;
} PermissionSlot;

struct Permissions {
    GDBusMethodInvocation *invocation;
    BonddAuthPermissionsFunc func;
    gpointer object;
    guint pending;
    PermissionSlot slots[G_N_ELEMENTS(permission_names)];
};

static const char *
verdict_string(Verdict verdict)
{
    switch (verdict) {
        case VERDICT_YES:
            return "yes";
        case VERDICT_AUTH:
            return "auth";
        case VERDICT_NO:
        case VERDICT_NOT_ROOT:
            break;
    }
    return "no";
}

static void
permission_decided(Verdict verdict, gpointer data)
{
    PermissionSlot *slot = data;
    Permissions *p = slot->all;
    g_autoptr(GVariant) result = NULL;
    GVariantBuilder b;

    slot->verdict = verdict;
    if (--p->pending > 0)
        return;
    g_variant_builder_init(&b, G_VARIANT_TYPE("a{ss}"));
    for (guint i = 0; i < G_N_ELEMENTS(permission_names); i++)
        g_variant_builder_add(&b, "{ss}", permission_names[i], verdict_string(p->slots[i].verdict));
    result = g_variant_ref_sink(g_variant_builder_end(&b));
    p->func(p->object, p->invocation, result);
    g_object_unref(p->object);
    g_object_unref(p->invocation);
    g_free(p);
}

void
bondd_auth_get_permissions(GDBusMethodInvocation *invocation, BonddAuthPermissionsFunc func,
                           gpointer object)
{
    Permissions *p = g_new0(Permissions, 1);
    GDBusConnection *bus = g_dbus_method_invocation_get_connection(invocation);
    const char *sender = g_dbus_method_invocation_get_sender(invocation);

    p->invocation = g_object_ref(invocation);
    p->func = func;
    p->object = g_object_ref(object);
    p->pending = G_N_ELEMENTS(permission_names);
    /* All questions at once; polkit answers them in parallel. */
    for (guint i = 0; i < G_N_ELEMENTS(permission_names); i++) {
        p->slots[i].all = p;
        decide(bus, sender, permission_names[i], ASK_PERMISSIONS, permission_decided, &p->slots[i]);
    }
}

/* ---- set-up ------------------------------------------------------------------ */

void
bondd_auth_watch_bus(GDBusConnection *bus)
{
    cache_bind(bus);
}

void
bondd_auth_reset(void)
{
    cache_reset();
    pk.enabled = FALSE;
    polkit_stop();
    pk.changed_func = NULL;
    pk.changed_data = NULL;
}
