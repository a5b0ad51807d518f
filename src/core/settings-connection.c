/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * One profile: the org.freedesktop.NetworkManager.Settings.Connection object
 * at /org/freedesktop/NetworkManager/Settings/N.  The methods here check
 * authorization and arguments; changing storage is BonddSettings' job.
 */
#include "config.h"

#include <string.h>

#include <glib/gi18n.h>

#include "auth.h"
#include "connection-normalize.h"
#include "device-kind.h"
#include "errors.h"
#include "profile-limits.h"
#include "settings-connection.h"

/* Update2 flags (NMSettingsUpdate2Flags) */
#define UPDATE2_TO_DISK            0x01
#define UPDATE2_IN_MEMORY          0x02
#define UPDATE2_IN_MEMORY_DETACHED 0x04
#define UPDATE2_IN_MEMORY_ONLY     0x08
#define UPDATE2_VOLATILE           0x10
#define UPDATE2_BLOCK_AUTOCONNECT  0x20
#define UPDATE2_NO_REAPPLY         0x40
#define UPDATE2_PERSIST_MASK                                                                       \
    (UPDATE2_TO_DISK | UPDATE2_IN_MEMORY | UPDATE2_IN_MEMORY_DETACHED | UPDATE2_IN_MEMORY_ONLY)
#define UPDATE2_ALL                                                                                \
    (UPDATE2_PERSIST_MASK | UPDATE2_VOLATILE | UPDATE2_BLOCK_AUTOCONNECT | UPDATE2_NO_REAPPLY)

/* What lookups, matching and policy need of a profile, without parsing. */
typedef enum {
    FIELD_UUID,
    FIELD_ID,
    FIELD_TYPE,
    FIELD_IFACE,
    FIELD_CONTROLLER,
    FIELD_PORT_TYPE,
    FIELD_MAC,
    FIELD_PARENT,
    N_FIELDS
} Field;

/* A profile is kept in its D-Bus form, the way GetSettings sends it: one
 * flat buffer of well under a kilobyte, where a parsed NMConnection is a
 * tree of GObjects, hash tables and closures four times that size.  Whoever
 * needs the NMConnection gets a fresh one parsed from it; everyday
 * decisions use the fields copied out when the profile was set. */
struct _BonddProfile {
    GObject parent;
    const BonddProfileOps *ops;
    gpointer owner; /* not owned: the owner outlives its profiles */
    char *path;
    GVariant *dict;               /* a{sa{sv}} without secrets, serialized */
    GVariant *secrets;            /* a{sa{sv}} of the secrets; NULL when it has none */
    const char *fields[N_FIELDS]; /* in field_buf; NULL when unset */
    char *field_buf;
    gboolean autoconnect;
    NMSettingConnectionAutoconnectSlaves autoconnect_ports;
    char *filename;  /* storage file, "" if none */
    gpointer source; /* the settings source (plugin) that owns the file */
    gboolean unsaved;
    guint extra_flags;         /* Settings.Connection Flags besides UNSAVED */
    guint autoconnect_blocked; /* BonddAutoconnectBlock */
    NMDBusObjectSkeleton *object;
    NMDBusSettingsConnection *iface; /* a ProfileSkeleton */
};

G_DEFINE_TYPE(BonddProfile, bondd_profile, G_TYPE_OBJECT)

/* The D-Bus interface skeleton of a profile.  Method handlers are the
 * interface's class vfuncs rather than per-instance "handle-*" signal
 * connections: with thousands of profiles, eight closures each cost more
 * memory than the rest of the object. */
typedef struct {
    NMDBusSettingsConnectionSkeleton parent;
    BonddProfile *profile; /* not owned: the profile owns us */
} ProfileSkeleton;

typedef struct {
    NMDBusSettingsConnectionSkeletonClass parent_class;
} ProfileSkeletonClass;

GType profile_skeleton_get_type(void);
static void profile_skeleton_iface_init(NMDBusSettingsConnectionIface *iface);

G_DEFINE_TYPE_WITH_CODE(ProfileSkeleton, profile_skeleton, NMDBUS_TYPE_SETTINGS_CONNECTION_SKELETON,
                        G_IMPLEMENT_INTERFACE(NMDBUS_TYPE_SETTINGS_CONNECTION,
                                              profile_skeleton_iface_init))

#define PROFILE_OF(iface) (((ProfileSkeleton *)(iface))->profile)

/* A call can still be queued for a profile that was just deleted. */
static BonddProfile *
profile_of(NMDBusSettingsConnection *iface, GDBusMethodInvocation *invocation)
{
    BonddProfile *profile = PROFILE_OF(iface);

    if (!profile)
        g_dbus_method_invocation_return_error_literal(
            invocation, G_DBUS_ERROR, G_DBUS_ERROR_UNKNOWN_OBJECT,
            _("This connection profile no longer exists"));
    return profile;
}

/* ------------------------------------------------------------------------ */
/* Public getters */

NMConnection *
bondd_profile_dup_connection(BonddProfile *profile)
{
    g_autoptr(GError) error = NULL;
    g_autoptr(NMConnection) connection = NULL;

    g_return_val_if_fail(BONDD_IS_PROFILE(profile), NULL);
    /* The dict came from a normalized, verified connection, so libnm reads
     * it back to the same one; that is what every D-Bus client relies on. */
    connection = nm_simple_connection_new_from_dbus(profile->dict, &error);
    if (connection && profile->secrets &&
        !nm_connection_update_secrets(connection, NULL, profile->secrets, &error))
        g_clear_object(&connection);
    if (!connection) {
        g_critical("profile %s: cannot rebuild the connection from its settings: %s", profile->path,
                   error->message);
        return NULL;
    }
    return g_steal_pointer(&connection);
}

const char *
bondd_profile_get_path(BonddProfile *profile)
{
    g_return_val_if_fail(BONDD_IS_PROFILE(profile), NULL);
    return profile->path;
}

const char *
bondd_profile_get_uuid(BonddProfile *profile)
{
    g_return_val_if_fail(BONDD_IS_PROFILE(profile), NULL);
    return profile->fields[FIELD_UUID];
}

const char *
bondd_profile_get_id(BonddProfile *profile)
{
    g_return_val_if_fail(BONDD_IS_PROFILE(profile), NULL);
    return profile->fields[FIELD_ID];
}

const char *
bondd_profile_get_filename(BonddProfile *profile)
{
    g_return_val_if_fail(BONDD_IS_PROFILE(profile), NULL);
    return profile->unsaved ? "" : profile->filename;
}

gboolean
bondd_profile_get_unsaved(BonddProfile *profile)
{
    g_return_val_if_fail(BONDD_IS_PROFILE(profile), FALSE);
    return profile->unsaved;
}

guint
bondd_profile_get_flags(BonddProfile *profile)
{
    g_return_val_if_fail(BONDD_IS_PROFILE(profile), 0);
    return profile->extra_flags | (profile->unsaved ? NM_SETTINGS_CONNECTION_FLAG_UNSAVED : 0);
}

const char *
bondd_profile_get_connection_type(BonddProfile *profile)
{
    return profile->fields[FIELD_TYPE];
}

const char *
bondd_profile_get_interface_name(BonddProfile *profile)
{
    return profile->fields[FIELD_IFACE];
}

const char *
bondd_profile_get_controller(BonddProfile *profile)
{
    return profile->fields[FIELD_CONTROLLER];
}

const char *
bondd_profile_get_port_type(BonddProfile *profile)
{
    return profile->fields[FIELD_PORT_TYPE];
}

const char *
bondd_profile_get_mac_address(BonddProfile *profile)
{
    return profile->fields[FIELD_MAC];
}

const char *
bondd_profile_get_parent(BonddProfile *profile)
{
    return profile->fields[FIELD_PARENT];
}

gboolean
bondd_profile_get_autoconnect(BonddProfile *profile)
{
    return profile->autoconnect;
}

NMSettingConnectionAutoconnectSlaves
bondd_profile_get_autoconnect_ports(BonddProfile *profile)
{
    return profile->autoconnect_ports;
}

guint
bondd_profile_get_autoconnect_blocked(BonddProfile *profile)
{
    g_return_val_if_fail(BONDD_IS_PROFILE(profile), 0);
    return profile->autoconnect_blocked;
}

void
bondd_profile_set_autoconnect_blocked(BonddProfile *profile, BonddAutoconnectBlock reason,
                                      gboolean blocked)
{
    g_return_if_fail(BONDD_IS_PROFILE(profile));
    if (blocked)
        profile->autoconnect_blocked |= reason;
    else
        profile->autoconnect_blocked &= ~reason;
}

/* ------------------------------------------------------------------------ */
/* Private API for settings.c */

static void sync_storage_properties(BonddProfile *profile);

/* The D-Bus objects are made when the profile is first exported, not with
 * the profile: at start-up that is after the parsed connections were
 * dropped, so they reuse that memory instead of growing the heap. */
GDBusObjectSkeleton *
_bondd_profile_get_object(BonddProfile *profile)
{
    if (!profile->object) {
        profile->iface = g_object_new(profile_skeleton_get_type(), NULL);
        PROFILE_OF(profile->iface) = profile;
        sync_storage_properties(profile);
        profile->object = nmdbus_object_skeleton_new(profile->path);
        nmdbus_object_skeleton_set_settings_connection(profile->object, profile->iface);
    }
    return G_DBUS_OBJECT_SKELETON(profile->object);
}

/* Serialized (flat) form of @v: one buffer instead of a tree of variants. */
static GVariant *
flatten(GVariant *v)
{
    g_variant_ref_sink(v);
    g_variant_get_data(v);
    return v;
}

/* Whether the setting's type has any secret property at all (bond, wired
 * and IP settings have none), remembered per type. */
static gboolean
type_has_secrets(NMSetting *setting)
{
    static GQuark quark;
    GType type = G_OBJECT_TYPE(setting);
    gpointer known;

    if (!quark)
        quark = g_quark_from_static_string("bondd-type-has-secrets");
    known = g_type_get_qdata(type, quark);
    if (!known) {
        guint n = 0;
        g_autofree GParamSpec **specs =
            g_object_class_list_properties(G_OBJECT_GET_CLASS(setting), &n);
        gboolean any = FALSE;

        for (guint i = 0; i < n && !any; i++)
            any = (specs[i]->flags & NM_SETTING_PARAM_SECRET) != 0;
        known = GINT_TO_POINTER(any ? 2 : 1);
        g_type_set_qdata(type, quark, known);
    }
    return known == GINT_TO_POINTER(2);
}

/* The secrets of @connection, or NULL when it has none. */
static GVariant *
serialize_secrets(NMConnection *connection)
{
    g_autoptr(GVariant) all = NULL;
    g_autofree NMSetting **settings = NULL;
    GVariantBuilder builder;
    GVariantIter iter;
    const char *setting_name;
    GVariant *props;
    guint n_settings = 0;
    gboolean any = FALSE;

    /* The common case, cheaply: no setting that could hold one. */
    settings = nm_connection_get_settings(connection, &n_settings);
    for (guint i = 0; i < n_settings && !any; i++)
        any = type_has_secrets(settings[i]);
    if (!any)
        return NULL;
    any = FALSE;
    all = nm_connection_to_dbus(connection, NM_CONNECTION_SERIALIZE_WITH_SECRETS);
    if (!all)
        return NULL;
    g_variant_ref_sink(all);
    g_variant_builder_init(&builder, NM_VARIANT_TYPE_CONNECTION);
    g_variant_iter_init(&iter, all);
    while (g_variant_iter_loop(&iter, "{&s@a{sv}}", &setting_name, &props)) {
        NMSetting *setting = nm_connection_get_setting_by_name(connection, setting_name);
        GVariantBuilder inner;
        GVariantIter piter;
        const char *key;
        GVariant *value;
        gboolean inner_any = FALSE;

        g_variant_builder_init(&inner, G_VARIANT_TYPE_VARDICT);
        g_variant_iter_init(&piter, props);
        /* libnm lists a few non-secret properties here too (bond's
         * deprecated interface-name): keep only what really is a secret. */
        while (g_variant_iter_loop(&piter, "{&sv}", &key, &value)) {
            if (!setting || !nm_setting_get_secret_flags(setting, key, NULL, NULL))
                continue;
            g_variant_builder_add(&inner, "{sv}", key, value);
            inner_any = TRUE;
        }
        if (inner_any) {
            g_variant_builder_add(&builder, "{sa{sv}}", setting_name, &inner);
            any = TRUE;
        } else
            g_variant_builder_clear(&inner);
    }
    if (!any) {
        g_variant_builder_clear(&builder);
        return NULL;
    }
    return flatten(g_variant_builder_end(&builder));
}

static void
set_fields(BonddProfile *self, NMConnection *connection)
{
    NMSettingConnection *s_con = nm_connection_get_setting_connection(connection);
    NMSettingWired *s_wired = nm_connection_get_setting_wired(connection);
    const BonddDeviceKind *kind =
        bondd_device_kind_for_setting(nm_connection_get_connection_type(connection));
    const char *parent = kind && kind->get_parent ? kind->get_parent(connection) : NULL;
    /* A vlan that names no interface runs on one named after its parent
     * (when the parent is a profile's UUID, activation finds the name). */
    g_autofree char *link_name = bondd_device_kind_link_name(
        kind, connection, parent && !g_uuid_string_is_valid(parent) ? parent : NULL);
    const char *values[N_FIELDS] = {
        [FIELD_UUID] = nm_connection_get_uuid(connection),
        [FIELD_ID] = nm_connection_get_id(connection),
        [FIELD_TYPE] = nm_connection_get_connection_type(connection),
        [FIELD_IFACE] = link_name,
        [FIELD_CONTROLLER] = s_con ? nm_setting_connection_get_master(s_con) : NULL,
        [FIELD_PORT_TYPE] = s_con ? nm_setting_connection_get_slave_type(s_con) : NULL,
        [FIELD_MAC] = s_wired ? nm_setting_wired_get_mac_address(s_wired) : NULL,
        [FIELD_PARENT] = parent,
    };
    gsize len = 0;
    char *p;

    self->autoconnect = s_con && nm_setting_connection_get_autoconnect(s_con);
    self->autoconnect_ports = s_con ? nm_setting_connection_get_autoconnect_slaves(s_con)
                                    : NM_SETTING_CONNECTION_AUTOCONNECT_SLAVES_DEFAULT;

    /* Copies in one block: the strings stay valid until the next change. */
    for (guint i = 0; i < N_FIELDS; i++)
        len += values[i] ? strlen(values[i]) + 1 : 0;
    g_free(self->field_buf);
    self->field_buf = p = g_malloc(len ? len : 1);
    for (guint i = 0; i < N_FIELDS; i++) {
        self->fields[i] = values[i] ? p : NULL;
        if (values[i])
            p = g_stpcpy(p, values[i]) + 1;
    }
}

gboolean
_bondd_profile_set_connection(BonddProfile *profile, NMConnection *connection)
{
    g_autoptr(GVariant) dict = NULL;
    g_autoptr(GVariant) secrets = NULL;
    gboolean changed;

    dict = nm_connection_to_dbus(connection, NM_CONNECTION_SERIALIZE_WITH_NON_SECRET);
    dict = flatten(dict ? dict : g_variant_new_array(G_VARIANT_TYPE("{sa{sv}}"), NULL, 0));
    secrets = serialize_secrets(connection);
    /* Changed is what a client could tell apart: the settings it reads, or
     * the secrets it may be asked for. */
    changed = !profile->dict || !g_variant_equal(profile->dict, dict) ||
              (!profile->secrets != !secrets) ||
              (secrets && !g_variant_equal(profile->secrets, secrets));

    g_clear_pointer(&profile->dict, g_variant_unref);
    g_clear_pointer(&profile->secrets, g_variant_unref);
    profile->dict = g_steal_pointer(&dict);
    profile->secrets = g_steal_pointer(&secrets);
    set_fields(profile, connection);
    return changed;
}

static void
sync_storage_properties(BonddProfile *profile)
{
    if (!profile->iface)
        return;
    nmdbus_settings_connection_set_unsaved(profile->iface, profile->unsaved);
    nmdbus_settings_connection_set_flags(profile->iface, bondd_profile_get_flags(profile));
    nmdbus_settings_connection_set_filename(profile->iface, bondd_profile_get_filename(profile));
}

gpointer
_bondd_profile_get_source(BonddProfile *profile)
{
    return profile->source;
}

void
_bondd_profile_set_source(BonddProfile *profile, gpointer source)
{
    profile->source = source;
}

void
_bondd_profile_set_storage(BonddProfile *profile, const char *filename, gboolean unsaved)
{
    if (g_strcmp0(profile->filename, filename ? filename : "") != 0) {
        g_free(profile->filename);
        profile->filename = g_strdup(filename ? filename : "");
    }
    profile->unsaved = unsaved;
    sync_storage_properties(profile);
}

void
_bondd_profile_set_flags(BonddProfile *profile, guint flags)
{
    profile->extra_flags = flags & ~NM_SETTINGS_CONNECTION_FLAG_UNSAVED;
    sync_storage_properties(profile);
}

const char *
_bondd_profile_get_storage_filename(BonddProfile *profile)
{
    return profile->filename;
}

void
_bondd_profile_emit_updated(BonddProfile *profile)
{
    if (profile->iface)
        nmdbus_settings_connection_emit_updated(profile->iface);
}

void
_bondd_profile_emit_removed(BonddProfile *profile)
{
    if (profile->iface)
        nmdbus_settings_connection_emit_removed(profile->iface);
}

/* ------------------------------------------------------------------------ */
/* Incoming profiles */

/* libnm 1.46+ clients send connection.controller/port-type next to (or, in
 * the future, instead of) master/slave-type; 1.42's libnm silently drops the
 * unknown keys, so copy them to the old names when those are absent. */
static GVariant *
alias_controller_keys(GVariant *dict)
{
    GVariantBuilder outer;
    GVariantIter iter;
    const char *setting_name;
    GVariant *setting;

    g_variant_builder_init(&outer, G_VARIANT_TYPE("a{sa{sv}}"));
    g_variant_iter_init(&iter, dict);
    while (g_variant_iter_loop(&iter, "{&s@a{sv}}", &setting_name, &setting)) {
        GVariantBuilder inner;
        GVariantIter piter;
        const char *key;
        GVariant *value;
        g_autoptr(GVariant) controller = NULL;
        g_autoptr(GVariant) port_type = NULL;
        gboolean has_master = FALSE, has_slave_type = FALSE;

        if (!g_str_equal(setting_name, NM_SETTING_CONNECTION_SETTING_NAME)) {
            g_variant_builder_add(&outer, "{s@a{sv}}", setting_name, setting);
            continue;
        }
        g_variant_builder_init(&inner, G_VARIANT_TYPE("a{sv}"));
        g_variant_iter_init(&piter, setting);
        while (g_variant_iter_loop(&piter, "{&sv}", &key, &value)) {
            if (g_str_equal(key, "controller")) {
                g_clear_pointer(&controller, g_variant_unref);
                controller = g_variant_ref(value);
            } else if (g_str_equal(key, "port-type")) {
                g_clear_pointer(&port_type, g_variant_unref);
                port_type = g_variant_ref(value);
            } else {
                has_master |= g_str_equal(key, NM_SETTING_CONNECTION_MASTER);
                has_slave_type |= g_str_equal(key, NM_SETTING_CONNECTION_SLAVE_TYPE);
                g_variant_builder_add(&inner, "{sv}", key, value);
            }
        }
        if (controller && !has_master)
            g_variant_builder_add(&inner, "{sv}", NM_SETTING_CONNECTION_MASTER, controller);
        if (port_type && !has_slave_type)
            g_variant_builder_add(&inner, "{sv}", NM_SETTING_CONNECTION_SLAVE_TYPE, port_type);
        g_variant_builder_add(&outer, "{sa{sv}}", setting_name, &inner);
    }
    return g_variant_ref_sink(g_variant_builder_end(&outer));
}

NMConnection *
_bondd_connection_new_from_dbus(GVariant *dict, GError **error)
{
    g_autoptr(GVariant) aliased = NULL;
    g_autoptr(GVariant) prepared = NULL;
    g_autoptr(NMConnection) connection = NULL;
    g_autoptr(GError) local = NULL;

    if (!g_variant_is_of_type(dict, G_VARIANT_TYPE("a{sa{sv}}"))) {
        g_set_error_literal(error, BONDD_SETTINGS_ERROR, BONDD_SETTINGS_ERROR_INVALID_ARGUMENTS,
                            _("settings must be of type a{sa{sv}}"));
        return NULL;
    }
    /* Bounded before anything looks at it (profile-limits.h). */
    if (!bondd_profile_limits_check_dbus(dict, &local)) {
        g_set_error_literal(error, BONDD_SETTINGS_ERROR, BONDD_SETTINGS_ERROR_INVALID_CONNECTION,
                            local->message);
        return NULL;
    }
    aliased = alias_controller_keys(dict);
    prepared = bondd_connection_dict_prepare(aliased);
    connection = nm_simple_connection_new_from_dbus(prepared, &local);
    if (!connection || !bondd_connection_accept(connection, &local)) {
        g_set_error_literal(error, BONDD_SETTINGS_ERROR, BONDD_SETTINGS_ERROR_INVALID_CONNECTION,
                            local->message);
        return NULL;
    }
    return g_steal_pointer(&connection);
}

NMConnection *
_bondd_connection_new_partial_from_dbus(GVariant *dict, GError **error)
{
    g_autoptr(GVariant) aliased = NULL;
    g_autoptr(NMConnection) connection = nm_simple_connection_new();

    if (!g_variant_is_of_type(dict, G_VARIANT_TYPE("a{sa{sv}}"))) {
        g_set_error_literal(error, BONDD_SETTINGS_ERROR, BONDD_SETTINGS_ERROR_INVALID_ARGUMENTS,
                            _("settings must be of type a{sa{sv}}"));
        return NULL;
    }
    aliased = alias_controller_keys(dict);
    /* libnm checks every value it knows, but not yet the whole. */
    if (!nm_connection_replace_settings(connection, aliased, error))
        return NULL;
    return g_steal_pointer(&connection);
}

/* ------------------------------------------------------------------------ */
/* D-Bus methods */

/* A change runs once the caller is authorized (settings.modify.system); by
 * then the profile may have been deleted by someone else.  How it is to be
 * stored comes from the method's flags. */
static BonddPersist
persist_of(GDBusMethodInvocation *invocation)
{
    const char *method = g_dbus_method_invocation_get_method_name(invocation);
    guint flags;

    if (g_str_equal(method, "UpdateUnsaved"))
        return BONDD_PERSIST_MEMORY;
    if (!g_str_equal(method, "Update2"))
        return BONDD_PERSIST_DISK;
    g_variant_get_child(g_dbus_method_invocation_get_parameters(invocation), 1, "u", &flags);
    switch (flags & UPDATE2_PERSIST_MASK) {
        case UPDATE2_TO_DISK:
            return BONDD_PERSIST_DISK;
        case UPDATE2_IN_MEMORY:
        case UPDATE2_IN_MEMORY_DETACHED:
            return BONDD_PERSIST_MEMORY;
        case UPDATE2_IN_MEMORY_ONLY:
            return BONDD_PERSIST_MEMORY_ONLY;
        default:
            return BONDD_PERSIST_KEEP;
    }
}

static gboolean
gone(BonddProfile *self, GDBusMethodInvocation *invocation)
{
    if (self->ops->is_listed(self->owner, self))
        return FALSE;
    g_dbus_method_invocation_return_error_literal(invocation, G_DBUS_ERROR,
                                                  G_DBUS_ERROR_UNKNOWN_OBJECT,
                                                  _("This connection profile no longer exists"));
    return TRUE;
}

static gboolean
authorize_change(BonddProfile *self, GDBusMethodInvocation *invocation, BonddAuthorizedFunc run)
{
    bondd_auth_then(invocation, BONDD_AUTH_SETTINGS_MODIFY, BONDD_SETTINGS_ERROR, run, self);
    return TRUE;
}

static gboolean
handle_get_settings(NMDBusSettingsConnection *iface, GDBusMethodInvocation *invocation)
{
    BonddProfile *self = profile_of(iface, invocation);

    if (!self)
        return TRUE;
    /* Anyone may read a profile; secrets are never sent (we hold none for
     * bonds, and a port's 802.1x secrets are root's business).  The stored
     * dict goes out as it is: no parsing or serializing per call. */
    nmdbus_settings_connection_complete_get_settings(iface, invocation, self->dict);
    return TRUE;
}

/* Update, UpdateUnsaved, Update2: the new settings are the first argument. */
static void
run_update(gpointer object, GDBusMethodInvocation *invocation)
{
    BonddProfile *self = object;
    const char *method = g_dbus_method_invocation_get_method_name(invocation);
    g_autoptr(GVariant) dict = NULL;
    g_autoptr(NMConnection) connection = NULL;
    g_autoptr(GError) error = NULL;
    guint flags = 0;

    if (gone(self, invocation))
        return;
    if (g_str_equal(method, "Update2"))
        g_variant_get_child(g_dbus_method_invocation_get_parameters(invocation), 1, "u", &flags);
    g_variant_get_child(g_dbus_method_invocation_get_parameters(invocation), 0, "@a{sa{sv}}",
                        &dict);
    /* Update2 allows an empty dict: change only how the profile is stored. */
    if (dict && g_variant_n_children(dict) > 0) {
        connection = _bondd_connection_new_from_dbus(dict, &error);
        if (!connection) {
            bondd_settings_invocation_return_error(invocation, error);
            return;
        }
    }
    if (!self->ops->update(self->owner, self, connection, persist_of(invocation), &error)) {
        bondd_settings_invocation_return_error(invocation, error);
        return;
    }
    if (flags & UPDATE2_BLOCK_AUTOCONNECT)
        bondd_profile_set_autoconnect_blocked(self, BONDD_AUTOCONNECT_BLOCKED_BY_CLIENT, TRUE);

    if (g_str_equal(method, "Update2"))
        nmdbus_settings_connection_complete_update2(
            self->iface, invocation, g_variant_new_array(G_VARIANT_TYPE("{sv}"), NULL, 0));
    else
        g_dbus_method_invocation_return_value(invocation, NULL);
}

static gboolean
handle_update(NMDBusSettingsConnection *iface, GDBusMethodInvocation *invocation,
              GVariant *properties)
{
    BonddProfile *self = profile_of(iface, invocation);

    return !self || authorize_change(self, invocation, run_update);
}

static gboolean
handle_update_unsaved(NMDBusSettingsConnection *iface, GDBusMethodInvocation *invocation,
                      GVariant *properties)
{
    BonddProfile *self = profile_of(iface, invocation);

    return !self || authorize_change(self, invocation, run_update);
}

static gboolean
update2_parse_args(GVariant *args, GError **error)
{
    GVariantIter iter;
    const char *key;
    GVariant *value;

    g_variant_iter_init(&iter, args);
    while (g_variant_iter_loop(&iter, "{&sv}", &key, &value)) {
        /* "plugin" picks a settings plugin for a new file; "version-id"
         * guards against concurrent edits, which 1.42 clients do not send. */
        if (g_str_equal(key, "plugin") && g_variant_is_of_type(value, G_VARIANT_TYPE_STRING))
            continue;
        if (g_str_equal(key, "version-id") && g_variant_is_of_type(value, G_VARIANT_TYPE_UINT64))
            continue;
        g_set_error(error, BONDD_SETTINGS_ERROR, BONDD_SETTINGS_ERROR_INVALID_ARGUMENTS,
                    _("Unsupported argument “%s”"), key);
        g_variant_unref(value);
        return FALSE;
    }
    return TRUE;
}

static gboolean
handle_update2(NMDBusSettingsConnection *iface, GDBusMethodInvocation *invocation,
               GVariant *settings, guint flags, GVariant *args)
{
    BonddProfile *self = profile_of(iface, invocation);
    g_autoptr(GError) error = NULL;
    guint persist_flags = flags & UPDATE2_PERSIST_MASK;

    if (!self)
        return TRUE;
    if (flags & ~UPDATE2_ALL) {
        g_set_error(&error, BONDD_SETTINGS_ERROR, BONDD_SETTINGS_ERROR_INVALID_ARGUMENTS,
                    _("Unknown flags 0x%x"), flags & ~UPDATE2_ALL);
    } else if (persist_flags & (persist_flags - 1)) {
        g_set_error_literal(&error, BONDD_SETTINGS_ERROR, BONDD_SETTINGS_ERROR_INVALID_ARGUMENTS,
                            _("Conflicting flags: choose one of to-disk, in-memory, "
                              "in-memory-detached and in-memory-only"));
    } else if (flags & UPDATE2_VOLATILE) {
        g_set_error_literal(&error, BONDD_SETTINGS_ERROR, BONDD_SETTINGS_ERROR_NOT_SUPPORTED,
                            _("Volatile profiles are not supported"));
    } else
        update2_parse_args(args, &error);
    if (error) {
        g_dbus_method_invocation_return_gerror(invocation, error);
        return TRUE;
    }

    return authorize_change(self, invocation, run_update);
}

static void
run_delete(gpointer object, GDBusMethodInvocation *invocation)
{
    BonddProfile *self = object;
    g_autoptr(GError) error = NULL;

    if (gone(self, invocation))
        return;
    if (!self->ops->remove(self->owner, self, &error)) {
        bondd_settings_invocation_return_error(invocation, error);
        return;
    }
    g_dbus_method_invocation_return_value(invocation, NULL);
}

static gboolean
handle_delete(NMDBusSettingsConnection *iface, GDBusMethodInvocation *invocation)
{
    BonddProfile *self = profile_of(iface, invocation);

    return !self || authorize_change(self, invocation, run_delete);
}

static void
run_save(gpointer object, GDBusMethodInvocation *invocation)
{
    BonddProfile *self = object;
    g_autoptr(GError) error = NULL;

    if (gone(self, invocation))
        return;
    /* Already on disk: nothing to do (nmtui calls Save on every port). */
    if (self->unsaved && !self->ops->update(self->owner, self, NULL, BONDD_PERSIST_DISK, &error)) {
        bondd_settings_invocation_return_error(invocation, error);
        return;
    }
    g_dbus_method_invocation_return_value(invocation, NULL);
}

static gboolean
handle_save(NMDBusSettingsConnection *iface, GDBusMethodInvocation *invocation)
{
    BonddProfile *self = profile_of(iface, invocation);

    return !self || authorize_change(self, invocation, run_save);
}

static gboolean
handle_get_secrets(NMDBusSettingsConnection *iface, GDBusMethodInvocation *invocation,
                   const char *setting_name)
{
    BonddProfile *self = profile_of(iface, invocation);

    if (!self)
        return TRUE;
    /* Bond, ethernet and IP settings hold no secrets. */
    nmdbus_settings_connection_complete_get_secrets(
        iface, invocation, g_variant_new_array(G_VARIANT_TYPE("{sa{sv}}"), NULL, 0));
    return TRUE;
}

static void
run_clear_secrets(gpointer object, GDBusMethodInvocation *invocation)
{
    if (!gone(object, invocation))
        g_dbus_method_invocation_return_value(invocation, NULL);
}

static gboolean
handle_clear_secrets(NMDBusSettingsConnection *iface, GDBusMethodInvocation *invocation)
{
    BonddProfile *self = profile_of(iface, invocation);

    return !self || authorize_change(self, invocation, run_clear_secrets);
}

/* ------------------------------------------------------------------------ */

BonddProfile *
_bondd_profile_new(const BonddProfileOps *ops, gpointer owner, const char *path,
                   NMConnection *connection, const char *filename, gboolean unsaved)
{
    BonddProfile *self = g_object_new(BONDD_TYPE_PROFILE, NULL);

    self->ops = ops;
    self->owner = owner;
    self->path = g_strdup(path);
    _bondd_profile_set_connection(self, connection);
    self->filename = g_strdup(filename ? filename : "");
    self->unsaved = unsaved;
    return self;
}

static void
bondd_profile_dispose(GObject *object)
{
    BonddProfile *self = BONDD_PROFILE(object);

    if (self->iface)
        PROFILE_OF(self->iface) = NULL;
    g_clear_object(&self->object);
    g_clear_object(&self->iface);
    g_clear_pointer(&self->dict, g_variant_unref);
    g_clear_pointer(&self->secrets, g_variant_unref);
    G_OBJECT_CLASS(bondd_profile_parent_class)->dispose(object);
}

static void
bondd_profile_finalize(GObject *object)
{
    BonddProfile *self = BONDD_PROFILE(object);

    g_free(self->path);
    g_free(self->field_buf);
    g_free(self->filename);
    G_OBJECT_CLASS(bondd_profile_parent_class)->finalize(object);
}

static void
profile_skeleton_iface_init(NMDBusSettingsConnectionIface *iface)
{
    iface->handle_get_settings = handle_get_settings;
    iface->handle_update = handle_update;
    iface->handle_update_unsaved = handle_update_unsaved;
    iface->handle_update2 = handle_update2;
    iface->handle_delete = handle_delete;
    iface->handle_save = handle_save;
    iface->handle_get_secrets = handle_get_secrets;
    iface->handle_clear_secrets = handle_clear_secrets;
}

static void
profile_skeleton_init(ProfileSkeleton *self)
{
}

static void
profile_skeleton_class_init(ProfileSkeletonClass *klass)
{
}

static void
bondd_profile_init(BonddProfile *self)
{
}

static void
bondd_profile_class_init(BonddProfileClass *klass)
{
    GObjectClass *object_class = G_OBJECT_CLASS(klass);

    object_class->dispose = bondd_profile_dispose;
    object_class->finalize = bondd_profile_finalize;
}
