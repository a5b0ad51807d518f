/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The settings manager: the org.freedesktop.NetworkManager.Settings object,
 * the list of profiles, and every change to it.  The settings plugins store
 * profiles (settings-storage.c routes to the right one); what a plugin
 * re-reads after writing is what we serve, so clients see exactly what is on
 * disk.
 *
 * Ordering rules that keep libnm clients working (docs/dbus-surface.md):
 * a new object is filled in, then exported (InterfacesAdded), and only then
 * is the method answered (P3); a profile going away is announced with
 * "profile-removed" first so that no active connection is left pointing at
 * an unexported path (P5).
 */
#include "config.h"

#include "settings.h"

#include <errno.h>
#include <string.h>
#include <sys/stat.h>

#include <glib/gi18n.h>
#include <glib/gstdio.h>

#include "auth.h"
#include "device-kind.h"
#include "errors.h"
#include "settings-connection.h"
#include "settings-storage.h"

#define SETTINGS_PATH BONDD_DBUS_PATH_PREFIX "/Settings"

/* AddConnection2 flags (NMSettingsAddConnection2Flags) */
#define ADD2_TO_DISK           0x01
#define ADD2_IN_MEMORY         0x02
#define ADD2_BLOCK_AUTOCONNECT 0x20

struct _BonddSettings {
    GObject parent;
    BonddDaemon *daemon;
    BonddSettingsStorage *storage;
    NMDBusObjectSkeleton *object;
    NMDBusSettings *iface;
    GPtrArray *profiles; /* BonddProfile* (owned), in load order */
    GHashTable *by_uuid; /* uuid (owned) -> BonddProfile* */
    GHashTable *by_path; /* path (borrowed from profile) -> BonddProfile* */
    char **unmanaged_specs;
    gboolean started;
    gboolean exported; /* profiles are on D-Bus (bondd_settings_export_profiles) */
};

enum {
    SIGNAL_PROFILE_ADDED,
    SIGNAL_PROFILE_UPDATED,
    SIGNAL_PROFILE_REMOVED,
    SIGNAL_UNMANAGED_SPECS_CHANGED,
    N_SIGNALS,
};
static guint signals[N_SIGNALS];

G_DEFINE_TYPE(BonddSettings, bondd_settings, G_TYPE_OBJECT)

/* What a profile's D-Bus methods do to the list (below). */
static const BonddProfileOps profile_ops;

/* ------------------------------------------------------------------------ */
/* Queries */

GPtrArray *
bondd_settings_get_profiles(BonddSettings *self)
{
    return self->profiles;
}

BonddProfile *
bondd_settings_find_by_path(BonddSettings *self, const char *object_path)
{
    return object_path ? g_hash_table_lookup(self->by_path, object_path) : NULL;
}

BonddProfile *
bondd_settings_find_by_uuid(BonddSettings *self, const char *uuid)
{
    return uuid ? g_hash_table_lookup(self->by_uuid, uuid) : NULL;
}

BonddProfile *
bondd_settings_find_controller(BonddSettings *self, const char *master)
{
    BonddProfile *profile;

    if (!master || !*master)
        return NULL;
    profile = bondd_settings_find_by_uuid(self, master);
    if (profile)
        return profile;
    for (guint i = 0; i < self->profiles->len; i++) {
        BonddProfile *p = self->profiles->pdata[i];

        if (bondd_device_kind_setting_is_controller(bondd_profile_get_connection_type(p)) &&
            g_strcmp0(bondd_profile_get_interface_name(p), master) == 0)
            return p;
    }
    return NULL;
}

const char *const *
bondd_settings_get_unmanaged_specs(BonddSettings *self)
{
    static const char *const none[] = {NULL};

    return self->unmanaged_specs ? (const char *const *)self->unmanaged_specs : none;
}

const char *
bondd_settings_get_profile_plugin(BonddSettings *self, BonddProfile *profile)
{
    BonddStorageSource *source = _bondd_profile_get_source(profile);

    return source ? bondd_storage_source_get_name(source) : NULL;
}

static BonddProfile *
find_by_storage_filename(BonddSettings *self, const char *filename)
{
    for (guint i = 0; i < self->profiles->len; i++) {
        BonddProfile *p = self->profiles->pdata[i];

        if (g_strcmp0(_bondd_profile_get_storage_filename(p), filename) == 0)
            return p;
    }
    return NULL;
}

/* ------------------------------------------------------------------------ */
/* The profile list and its D-Bus view */

static void
sync_connections_property(BonddSettings *self)
{
    g_autofree const char **paths = g_new(const char *, self->profiles->len + 1);

    for (guint i = 0; i < self->profiles->len; i++)
        paths[i] = bondd_profile_get_path(self->profiles->pdata[i]);
    paths[self->profiles->len] = NULL;
    nmdbus_settings_set_connections(self->iface, paths);
}

/* Create, fill and export a profile object.  @announce: also update the
 * Connections list and emit the signals (FALSE during batch loads, whose
 * caller does it once at the end; avoids O(n²) at start-up). */
static BonddProfile *
add_profile(BonddSettings *self, NMConnection *connection, const char *filename,
            BonddStorageSource *source, gboolean unsaved, guint flags, gboolean announce)
{
    g_autofree char *path = bondd_daemon_next_object_path(self->daemon, "Settings");
    BonddProfile *profile =
        _bondd_profile_new(&profile_ops, self, path, connection, filename, unsaved);

    _bondd_profile_set_source(profile, source);
    _bondd_profile_set_flags(profile, flags);
    g_ptr_array_add(self->profiles, profile);
    g_hash_table_insert(self->by_uuid, g_strdup(nm_connection_get_uuid(connection)), profile);
    g_hash_table_insert(self->by_path, (gpointer)bondd_profile_get_path(profile), profile);
    if (self->exported)
        g_dbus_object_manager_server_export(self->daemon->object_manager,
                                            _bondd_profile_get_object(profile));
    g_debug("profile %s '%s' (%s) at %s", nm_connection_get_uuid(connection),
            nm_connection_get_id(connection), unsaved || !filename ? "in memory" : filename, path);
    if (announce) {
        sync_connections_property(self);
        nmdbus_settings_emit_new_connection(self->iface, path);
        g_signal_emit(self, signals[SIGNAL_PROFILE_ADDED], 0, profile);
    }
    return profile;
}

static void
remove_profile(BonddSettings *self, BonddProfile *profile, gboolean sync_list)
{
    g_autoptr(BonddProfile) keep = g_object_ref(profile);
    g_autofree char *path = g_strdup(bondd_profile_get_path(profile));

    g_debug("removing profile %s '%s'", bondd_profile_get_uuid(profile),
            bondd_profile_get_id(profile));
    /* First let the manager drop every reference to the path (P5). */
    g_signal_emit(self, signals[SIGNAL_PROFILE_REMOVED], 0, profile);
    _bondd_profile_emit_removed(profile);

    g_hash_table_remove(self->by_path, path);
    g_hash_table_remove(self->by_uuid, bondd_profile_get_uuid(profile));
    g_ptr_array_remove(self->profiles, profile);
    if (sync_list)
        sync_connections_property(self);
    nmdbus_settings_emit_connection_removed(self->iface, path);
    if (self->exported)
        g_dbus_object_manager_server_unexport(self->daemon->object_manager, path);
}

/* Replace a profile's content and storage; emits Updated on D-Bus when
 * @always_notify or when the connection really changed, and
 * "profile-updated" only when it really changed. */
static void
replace_profile(BonddSettings *self, BonddProfile *profile, NMConnection *connection,
                const char *filename, BonddStorageSource *source, gboolean unsaved,
                gboolean always_notify)
{
    gboolean changed = _bondd_profile_set_connection(profile, connection);

    _bondd_profile_set_storage(profile, filename, unsaved);
    _bondd_profile_set_source(profile, source);
    if (changed || always_notify)
        _bondd_profile_emit_updated(profile);
    if (changed) {
        g_debug("profile %s '%s' updated", bondd_profile_get_uuid(profile),
                bondd_profile_get_id(profile));
        g_signal_emit(self, signals[SIGNAL_PROFILE_UPDATED], 0, profile);
    }
}

static void
refresh_unmanaged_specs(BonddSettings *self)
{
    g_auto(GStrv) specs = bondd_settings_storage_get_unmanaged_specs(self->storage);

    if (self->unmanaged_specs &&
        g_strv_equal((const char *const *)specs, (const char *const *)self->unmanaged_specs))
        return;
    g_strfreev(self->unmanaged_specs);
    self->unmanaged_specs = g_steal_pointer(&specs);
    if (self->started)
        g_signal_emit(self, signals[SIGNAL_UNMANAGED_SPECS_CHANGED], 0);
}

/* ------------------------------------------------------------------------ */
/* Consolidation: bring the profile list in line with what storage holds */

/* One profile a source read. */
typedef struct {
    BonddStoredProfile *stored;
    BonddStorageSource *source;
} Candidate;

static gint64
file_mtime(const char *path)
{
    GStatBuf st;

    if (!path || g_stat(path, &st) != 0)
        return G_MININT64;
    return (gint64)st.st_mtime;
}

/* Two files with the same UUID: an earlier settings plugin wins; within one
 * plugin the newer file (ties: the first by name, so the choice does not
 * depend on readdir order). */
static gboolean
prefer_candidate(const Candidate *current, const Candidate *candidate)
{
    guint a_rank = bondd_storage_source_get_rank(current->source);
    guint b_rank = bondd_storage_source_get_rank(candidate->source);
    gint64 a, b;

    if (a_rank != b_rank)
        return b_rank < a_rank;
    a = file_mtime(current->stored->filename);
    b = file_mtime(candidate->stored->filename);
    if (a != b)
        return b > a;
    return g_strcmp0(candidate->stored->filename, current->stored->filename) < 0;
}

static gboolean
source_in(GPtrArray *sources, BonddStorageSource *source)
{
    return source && g_ptr_array_find(sources, source, NULL);
}

/* @candidates: what the sources in @reloaded hold now (Candidate*).
 * Profiles of other sources are kept; one of theirs may still give way to
 * a preferred candidate with the same UUID. */
static void
consolidate(BonddSettings *self, GPtrArray *reloaded, GPtrArray *candidates)
{
    g_autoptr(GHashTable) wanted = g_hash_table_new(g_str_hash, g_str_equal);
    g_autoptr(GPtrArray) order = g_ptr_array_new();
    g_autoptr(GPtrArray) added = g_ptr_array_new();
    gboolean list_changed = FALSE;

    for (guint i = 0; i < candidates->len; i++) {
        Candidate *c = candidates->pdata[i];
        const char *uuid = nm_connection_get_uuid(c->stored->connection);
        Candidate *other = g_hash_table_lookup(wanted, uuid);
        BonddProfile *held = bondd_settings_find_by_uuid(self, uuid);
        BonddStorageSource *held_by = held ? _bondd_profile_get_source(held) : NULL;

        /* A source not reloaded keeps its profile unless this one wins. */
        if (!other && held_by && !source_in(reloaded, held_by) &&
            bondd_storage_source_get_rank(held_by) < bondd_storage_source_get_rank(c->source)) {
            g_warning(_("%s: UUID %s is %s's already (settings plugin %s comes first): ignored"),
                      c->stored->filename, uuid, _bondd_profile_get_storage_filename(held),
                      bondd_storage_source_get_name(held_by));
            continue;
        }
        if (!other) {
            g_hash_table_insert(wanted, (gpointer)uuid, c);
            g_ptr_array_add(order, c);
            continue;
        }
        if (prefer_candidate(other, c)) {
            g_warning(_("%s and %s have the same UUID %s: using %s"), other->stored->filename,
                      c->stored->filename, uuid, c->stored->filename);
            g_hash_table_insert(wanted, (gpointer)uuid, c);
            for (guint j = 0; j < order->len; j++)
                if (order->pdata[j] == other)
                    order->pdata[j] = c;
        } else
            g_warning(_("%s and %s have the same UUID %s: using %s"), other->stored->filename,
                      c->stored->filename, uuid, other->stored->filename);
    }

    /* Profiles of the reloaded sources whose file is gone.  In-memory
     * profiles are not storage's to remove: they shadow the disk until
     * saved or deleted. */
    for (guint i = self->profiles->len; i > 0; i--) {
        BonddProfile *p = self->profiles->pdata[i - 1];

        if (!bondd_profile_get_unsaved(p) && source_in(reloaded, _bondd_profile_get_source(p)) &&
            !g_hash_table_contains(wanted, bondd_profile_get_uuid(p))) {
            remove_profile(self, p, FALSE);
            list_changed = TRUE;
        }
    }

    for (guint i = 0; i < order->len; i++) {
        Candidate *c = order->pdata[i];
        BonddProfile *p =
            bondd_settings_find_by_uuid(self, nm_connection_get_uuid(c->stored->connection));

        if (!p) {
            g_ptr_array_add(added, add_profile(self, c->stored->connection, c->stored->filename,
                                               c->source, FALSE, 0, FALSE));
            list_changed = TRUE;
        } else if (!bondd_profile_get_unsaved(p))
            replace_profile(self, p, c->stored->connection, c->stored->filename, c->source, FALSE,
                            FALSE);
    }

    if (list_changed)
        sync_connections_property(self);
    if (self->started) {
        for (guint i = 0; i < added->len; i++) {
            nmdbus_settings_emit_new_connection(self->iface,
                                                bondd_profile_get_path(added->pdata[i]));
            g_signal_emit(self, signals[SIGNAL_PROFILE_ADDED], 0, added->pdata[i]);
        }
    }
    refresh_unmanaged_specs(self);
}

/* Re-read @sources (BonddStorageSource*) and consolidate.  A source that
 * cannot be read keeps its profiles. */
static gboolean
reload_sources(BonddSettings *self, GPtrArray *sources, GError **error)
{
    g_autoptr(GPtrArray) loads = g_ptr_array_new_with_free_func((GDestroyNotify)g_ptr_array_unref);
    g_autoptr(GPtrArray) candidates = g_ptr_array_new_with_free_func(g_free);
    g_autoptr(GPtrArray) reloaded = g_ptr_array_new();

    for (guint i = 0; i < sources->len; i++) {
        BonddStorageSource *source = sources->pdata[i];
        GPtrArray *stored = bondd_storage_source_load_all(source, error);

        if (!stored)
            return FALSE;
        g_ptr_array_add(loads, stored);
        g_ptr_array_add(reloaded, source);
        for (guint j = 0; j < stored->len; j++) {
            Candidate *c = g_new0(Candidate, 1);

            c->stored = stored->pdata[j];
            c->source = source;
            g_ptr_array_add(candidates, c);
        }
    }
    consolidate(self, reloaded, candidates);
    return TRUE;
}

gboolean
bondd_settings_reload(BonddSettings *self, GError **error)
{
    g_return_val_if_fail(self->storage, FALSE);
    if (!reload_sources(self, bondd_settings_storage_get_sources(self->storage), error))
        return FALSE;
    g_info(_("loaded %u connection profiles"), self->profiles->len);
    return TRUE;
}

/* One file (LoadConnections).  FALSE with @error if it does not parse. */
static gboolean
load_one_file(BonddSettings *self, const char *path, GError **error)
{
    g_autoptr(BonddStoredProfile) sp = NULL;
    BonddStorageSource *source = NULL;
    BonddProfile *by_file, *by_uuid;

    if (!g_path_is_absolute(path)) {
        g_set_error(error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT, _("%s: not an absolute path"),
                    path);
        return FALSE;
    }
    if (!bondd_settings_storage_load_file(self->storage, path, &sp, &source, error))
        return FALSE;

    by_file = find_by_storage_filename(self, path);
    if (!sp) {
        /* The file is gone: so is the profile that came from it. */
        if (by_file)
            remove_profile(self, by_file, TRUE);
        return TRUE;
    }

    by_uuid = bondd_settings_find_by_uuid(self, nm_connection_get_uuid(sp->connection));
    if (by_file && by_file != by_uuid)
        remove_profile(self, by_file, TRUE); /* the file now holds another profile */
    if (by_uuid)
        replace_profile(self, by_uuid, sp->connection, sp->filename, source, FALSE, FALSE);
    else
        add_profile(self, sp->connection, sp->filename, source, FALSE, 0, TRUE);
    return TRUE;
}

/* ------------------------------------------------------------------------ */
/* Changes requested by clients */

static gboolean
file_exists(const char *filename)
{
    return filename && *filename && g_file_test(filename, G_FILE_TEST_EXISTS);
}

gboolean
bondd_settings_update_profile(BonddSettings *self, BonddProfile *profile, NMConnection *connection,
                              BonddPersist persist, GError **error)
{
    g_autoptr(NMConnection) stored_now = connection ? NULL : bondd_profile_dup_connection(profile);
    NMConnection *target = connection ? connection : stored_now;
    const char *filename = _bondd_profile_get_storage_filename(profile);
    BonddStorageSource *source = _bondd_profile_get_source(profile);
    gboolean unsaved = bondd_profile_get_unsaved(profile);
    g_autoptr(BonddStoredProfile) stored = NULL;

    if (!target) {
        g_set_error(error, BONDD_SETTINGS_ERROR, BONDD_SETTINGS_ERROR_FAILED,
                    _("profile '%s' cannot be read back"), bondd_profile_get_id(profile));
        return FALSE;
    }
    if (g_strcmp0(nm_connection_get_uuid(target), bondd_profile_get_uuid(profile)) != 0) {
        g_set_error(error, BONDD_SETTINGS_ERROR, BONDD_SETTINGS_ERROR_INVALID_CONNECTION,
                    _("connection.uuid: the UUID of profile '%s' cannot be changed"),
                    bondd_profile_get_id(profile));
        return FALSE;
    }

    if (persist == BONDD_PERSIST_DISK || (persist == BONDD_PERSIST_KEEP && !unsaved)) {
        if (source && file_exists(filename))
            stored = bondd_storage_source_update(source, target, filename, error);
        else
            stored = bondd_settings_storage_add(self->storage, target, NULL, &source, error);
        if (!stored)
            return FALSE;
        /* Serve what was re-read: it is what a restart would load.  Whoever
         * changes or saves a generated or volatile profile makes it an
         * ordinary one, as in NetworkManager. */
        _bondd_profile_set_flags(profile, 0);
        replace_profile(self, profile, stored->connection, stored->filename, source, FALSE, TRUE);
        return TRUE;
    }

    if (persist == BONDD_PERSIST_MEMORY_ONLY && source && file_exists(filename)) {
        if (!bondd_storage_source_remove(source, filename, error))
            return FALSE;
        filename = NULL;
        source = NULL;
    }
    _bondd_profile_set_flags(profile, 0);
    replace_profile(self, profile, target, filename, source, TRUE, TRUE);
    return TRUE;
}

void
bondd_settings_update_generated_profile(BonddSettings *self, BonddProfile *profile,
                                        NMConnection *connection)
{
    replace_profile(self, profile, connection, NULL, NULL, TRUE, FALSE);
}

gboolean
bondd_settings_delete_profile(BonddSettings *self, BonddProfile *profile, GError **error)
{
    const char *filename = _bondd_profile_get_storage_filename(profile);
    BonddStorageSource *source = _bondd_profile_get_source(profile);

    if (source && file_exists(filename) && !bondd_storage_source_remove(source, filename, error))
        return FALSE;
    remove_profile(self, profile, TRUE);
    return TRUE;
}

static gboolean
update_profile(gpointer owner, BonddProfile *profile, NMConnection *connection,
               BonddPersist persist, GError **error)
{
    return bondd_settings_update_profile(owner, profile, connection, persist, error);
}

static gboolean
delete_profile(gpointer owner, BonddProfile *profile, GError **error)
{
    return bondd_settings_delete_profile(owner, profile, error);
}

static gboolean
profile_is_listed(gpointer owner, BonddProfile *profile)
{
    return bondd_settings_find_by_path(owner, bondd_profile_get_path(profile)) == profile;
}

static const BonddProfileOps profile_ops = {
    .update = update_profile,
    .remove = delete_profile,
    .is_listed = profile_is_listed,
};

/* AddConnection, AddConnectionUnsaved, AddConnection2 once authorized:
 * @plugin_name is AddConnection2's "plugin" argument. */
static BonddProfile *
do_add(BonddSettings *self, GVariant *dict, gboolean to_disk, const char *plugin_name,
       GError **error)
{
    g_autoptr(NMConnection) connection = _bondd_connection_new_from_dbus(dict, error);

    return connection ? bondd_settings_add_profile(self, connection, to_disk, plugin_name, error)
                      : NULL;
}

BonddProfile *
bondd_settings_add_profile(BonddSettings *self, NMConnection *connection, gboolean to_disk,
                           const char *plugin_name, GError **error)
{
    return bondd_settings_add_profile_full(self, connection, to_disk, plugin_name, 0, error);
}

BonddProfile *
bondd_settings_add_profile_full(BonddSettings *self, NMConnection *connection, gboolean to_disk,
                                const char *plugin_name, guint flags, GError **error)
{
    g_autoptr(BonddStoredProfile) stored = NULL;
    BonddStorageSource *source = NULL;
    const char *uuid;

    uuid = nm_connection_get_uuid(connection);
    if (bondd_settings_find_by_uuid(self, uuid)) {
        g_set_error(error, BONDD_SETTINGS_ERROR, BONDD_SETTINGS_ERROR_UUID_EXISTS,
                    _("A connection with UUID %s already exists"), uuid);
        return NULL;
    }
    if (!to_disk)
        return add_profile(self, connection, NULL, NULL, TRUE, flags, TRUE);

    stored = bondd_settings_storage_add(self->storage, connection, plugin_name, &source, error);
    if (!stored)
        return NULL;
    if (g_strcmp0(nm_connection_get_uuid(stored->connection), uuid) != 0 ||
        bondd_settings_find_by_uuid(self, nm_connection_get_uuid(stored->connection))) {
        /* The plugin must keep the UUID; if it did not, undo the write
         * rather than serve a profile the client cannot find. */
        bondd_storage_source_remove(source, stored->filename, NULL);
        g_set_error(error, BONDD_SETTINGS_ERROR, BONDD_SETTINGS_ERROR_FAILED,
                    _("%s: re-read profile has UUID %s instead of %s"), stored->filename,
                    nm_connection_get_uuid(stored->connection), uuid);
        return NULL;
    }
    return add_profile(self, stored->connection, stored->filename, source, FALSE, flags, TRUE);
}

/* ------------------------------------------------------------------------ */
/* Settings D-Bus methods */

static gboolean
authorize(BonddSettings *self, GDBusMethodInvocation *invocation, BonddAuthAction action,
          BonddAuthorizedFunc run)
{
    bondd_auth_then(invocation, action, BONDD_SETTINGS_ERROR, run, self);
    return TRUE;
}

static void
run_add_connection(gpointer object, GDBusMethodInvocation *invocation)
{
    BonddSettings *self = object;
    g_autoptr(GVariant) dict = NULL;
    g_autoptr(GError) error = NULL;
    gboolean unsaved =
        g_str_equal(g_dbus_method_invocation_get_method_name(invocation), "AddConnectionUnsaved");
    BonddProfile *p;

    g_variant_get(g_dbus_method_invocation_get_parameters(invocation), "(@a{sa{sv}})", &dict);
    p = do_add(self, dict, !unsaved, NULL, &error);
    if (!p)
        bondd_settings_invocation_return_error(invocation, error);
    else
        g_dbus_method_invocation_return_value(invocation,
                                              g_variant_new("(o)", bondd_profile_get_path(p)));
}

static gboolean
handle_add_connection(NMDBusSettings *iface, GDBusMethodInvocation *invocation, GVariant *dict,
                      BonddSettings *self)
{
    return authorize(self, invocation, BONDD_AUTH_SETTINGS_MODIFY, run_add_connection);
}

static gboolean
handle_add_connection_unsaved(NMDBusSettings *iface, GDBusMethodInvocation *invocation,
                              GVariant *dict, BonddSettings *self)
{
    return authorize(self, invocation, BONDD_AUTH_SETTINGS_MODIFY, run_add_connection);
}

/* AddConnection2's flags and arguments: FALSE with the error. */
static gboolean
parse_add2(guint flags, GVariant *args, const char **out_plugin, GError **error)
{
    guint persist = flags & (ADD2_TO_DISK | ADD2_IN_MEMORY);
    GVariantIter iter;
    const char *key;
    GVariant *value;

    *out_plugin = NULL;
    if (flags & ~(ADD2_TO_DISK | ADD2_IN_MEMORY | ADD2_BLOCK_AUTOCONNECT)) {
        g_set_error(error, BONDD_SETTINGS_ERROR, BONDD_SETTINGS_ERROR_INVALID_ARGUMENTS,
                    _("Unknown flags 0x%x"),
                    flags & ~(ADD2_TO_DISK | ADD2_IN_MEMORY | ADD2_BLOCK_AUTOCONNECT));
        return FALSE;
    }
    if (persist != ADD2_TO_DISK && persist != ADD2_IN_MEMORY) {
        g_set_error_literal(error, BONDD_SETTINGS_ERROR, BONDD_SETTINGS_ERROR_INVALID_ARGUMENTS,
                            _("Exactly one of the flags to-disk (0x1) and in-memory (0x2) "
                              "must be given"));
        return FALSE;
    }
    g_variant_iter_init(&iter, args);
    while (g_variant_iter_next(&iter, "{&sv}", &key, &value)) {
        g_autoptr(GVariant) owned = value;

        if (g_str_equal(key, "plugin") && g_variant_is_of_type(value, G_VARIANT_TYPE_STRING)) {
            /* Borrowed from @args, which outlives the caller's use. */
            *out_plugin = g_variant_get_string(value, NULL);
            continue;
        }
        g_set_error(error, BONDD_SETTINGS_ERROR, BONDD_SETTINGS_ERROR_INVALID_ARGUMENTS,
                    _("Unsupported argument “%s”"), key);
        return FALSE;
    }
    return TRUE;
}

static void
run_add_connection2(gpointer object, GDBusMethodInvocation *invocation)
{
    BonddSettings *self = object;
    g_autoptr(GVariant) dict = NULL;
    g_autoptr(GVariant) args = NULL;
    g_autoptr(GError) error = NULL;
    const char *plugin_name = NULL;
    guint flags;
    BonddProfile *p;

    g_variant_get(g_dbus_method_invocation_get_parameters(invocation), "(@a{sa{sv}}u@a{sv})", &dict,
                  &flags, &args);
    parse_add2(flags, args, &plugin_name, NULL);
    p = do_add(self, dict, (flags & ADD2_TO_DISK) != 0, plugin_name, &error);
    if (!p) {
        bondd_settings_invocation_return_error(invocation, error);
        return;
    }
    if (flags & ADD2_BLOCK_AUTOCONNECT)
        bondd_profile_set_autoconnect_blocked(p, BONDD_AUTOCONNECT_BLOCKED_BY_CLIENT, TRUE);
    nmdbus_settings_complete_add_connection2(self->iface, invocation, bondd_profile_get_path(p),
                                             g_variant_new_array(G_VARIANT_TYPE("{sv}"), NULL, 0));
}

static gboolean
handle_add_connection2(NMDBusSettings *iface, GDBusMethodInvocation *invocation, GVariant *dict,
                       guint flags, GVariant *args, BonddSettings *self)
{
    g_autoptr(GError) error = NULL;
    const char *plugin_name;

    /* Malformed arguments are refused before asking who calls. */
    if (!parse_add2(flags, args, &plugin_name, &error)) {
        g_dbus_method_invocation_return_gerror(invocation, error);
        return TRUE;
    }
    return authorize(self, invocation, BONDD_AUTH_SETTINGS_MODIFY, run_add_connection2);
}

static gboolean
handle_list_connections(NMDBusSettings *iface, GDBusMethodInvocation *invocation,
                        BonddSettings *self)
{
    nmdbus_settings_complete_list_connections(iface, invocation,
                                              nmdbus_settings_get_connections(iface));
    return TRUE;
}

static gboolean
handle_get_connection_by_uuid(NMDBusSettings *iface, GDBusMethodInvocation *invocation,
                              const char *uuid, BonddSettings *self)
{
    BonddProfile *p = bondd_settings_find_by_uuid(self, uuid);

    if (!p)
        g_dbus_method_invocation_return_error_literal(invocation, BONDD_SETTINGS_ERROR,
                                                      BONDD_SETTINGS_ERROR_INVALID_CONNECTION,
                                                      _("No connection with the UUID was found."));
    else
        nmdbus_settings_complete_get_connection_by_uuid(iface, invocation,
                                                        bondd_profile_get_path(p));
    return TRUE;
}

static void
run_reload_connections(gpointer object, GDBusMethodInvocation *invocation)
{
    BonddSettings *self = object;
    g_autoptr(GError) error = NULL;

    if (!bondd_settings_reload(self, &error))
        bondd_settings_invocation_return_error(invocation, error);
    else
        nmdbus_settings_complete_reload_connections(self->iface, invocation, TRUE);
}

static gboolean
handle_reload_connections(NMDBusSettings *iface, GDBusMethodInvocation *invocation,
                          BonddSettings *self)
{
    return authorize(self, invocation, BONDD_AUTH_SETTINGS_RELOAD, run_reload_connections);
}

static void
run_load_connections(gpointer object, GDBusMethodInvocation *invocation)
{
    BonddSettings *self = object;
    g_autoptr(GPtrArray) failures = g_ptr_array_new_with_free_func(g_free);
    g_autofree const char **filenames = NULL;

    g_variant_get(g_dbus_method_invocation_get_parameters(invocation), "(^a&s)", &filenames);
    for (guint i = 0; filenames[i]; i++) {
        g_autoptr(GError) local = NULL;

        if (!load_one_file(self, filenames[i], &local)) {
            /* Plugin errors already name the file; do not say it twice. */
            if (strstr(local->message, filenames[i]))
                g_warning(_("could not load a connection file: %s"), local->message);
            else
                g_warning(_("could not load %s: %s"), filenames[i], local->message);
            g_ptr_array_add(failures, g_strdup(filenames[i]));
        }
    }
    refresh_unmanaged_specs(self);
    g_ptr_array_add(failures, NULL);
    nmdbus_settings_complete_load_connections(self->iface, invocation, failures->len == 1,
                                              (const char *const *)failures->pdata);
}

static gboolean
handle_load_connections(NMDBusSettings *iface, GDBusMethodInvocation *invocation,
                        const char *const *filenames, BonddSettings *self)
{
    return authorize(self, invocation, BONDD_AUTH_SETTINGS_RELOAD, run_load_connections);
}

static gboolean
handle_save_hostname(NMDBusSettings *iface, GDBusMethodInvocation *invocation, const char *hostname,
                     BonddSettings *self)
{
    g_dbus_method_invocation_return_error_literal(
        invocation, BONDD_SETTINGS_ERROR, BONDD_SETTINGS_ERROR_NOT_SUPPORTED,
        _("Saving the hostname is not supported: bondd only manages bonds"));
    return TRUE;
}

/* ------------------------------------------------------------------------ */
/* Storage callbacks */

static void
storage_changed(BonddStorageSource *source, gpointer user_data)
{
    BonddSettings *self = user_data;
    g_autoptr(GPtrArray) one = g_ptr_array_new();
    g_autoptr(GError) error = NULL;

    if (!self->started || (self->daemon->config && !self->daemon->config->monitor_files))
        return;
    g_debug("settings plugin %s: storage changed on disk: reloading it",
            bondd_storage_source_get_name(source));
    g_ptr_array_add(one, source);
    if (!reload_sources(self, one, &error))
        g_warning(_("reloading connection profiles failed: %s"), error->message);
}

static char *
storage_iface_for_uuid(const char *uuid, gpointer user_data)
{
    BonddProfile *p = bondd_settings_find_by_uuid(user_data, uuid);

    return p ? g_strdup(bondd_profile_get_interface_name(p)) : NULL;
}

/* ------------------------------------------------------------------------ */

static char *
read_static_hostname(void)
{
    g_autofree char *contents = NULL;

    if (!g_file_get_contents("/etc/hostname", &contents, NULL, NULL))
        return g_strdup("");
    return g_strdup(g_strstrip(contents));
}

BonddSettings *
bondd_settings_new(BonddDaemon *daemon)
{
    BonddSettings *self = g_object_new(BONDD_TYPE_SETTINGS, NULL);
    g_autofree char *hostname = read_static_hostname();

    self->daemon = daemon;
    self->iface = nmdbus_settings_skeleton_new();
    nmdbus_settings_set_can_modify(self->iface, TRUE);
    nmdbus_settings_set_hostname(self->iface, hostname);
    sync_connections_property(self);
    g_signal_connect(self->iface, "handle-add-connection", G_CALLBACK(handle_add_connection), self);
    g_signal_connect(self->iface, "handle-add-connection-unsaved",
                     G_CALLBACK(handle_add_connection_unsaved), self);
    g_signal_connect(self->iface, "handle-add-connection2", G_CALLBACK(handle_add_connection2),
                     self);
    g_signal_connect(self->iface, "handle-list-connections", G_CALLBACK(handle_list_connections),
                     self);
    g_signal_connect(self->iface, "handle-get-connection-by-uuid",
                     G_CALLBACK(handle_get_connection_by_uuid), self);
    g_signal_connect(self->iface, "handle-reload-connections",
                     G_CALLBACK(handle_reload_connections), self);
    g_signal_connect(self->iface, "handle-load-connections", G_CALLBACK(handle_load_connections),
                     self);
    g_signal_connect(self->iface, "handle-save-hostname", G_CALLBACK(handle_save_hostname), self);
    self->object = nmdbus_object_skeleton_new(SETTINGS_PATH);
    nmdbus_object_skeleton_set_settings(self->object, self->iface);
    return self;
}

gboolean
bondd_settings_start(BonddSettings *self, GError **error)
{
    g_return_val_if_fail(!self->storage, FALSE);
    g_return_val_if_fail(self->daemon->plugins, FALSE);

    self->storage =
        bondd_settings_storage_new(self->daemon->plugins, self->daemon->config, storage_changed,
                                   storage_iface_for_uuid, self, error);
    if (!self->storage)
        return FALSE;

    /* Export the Settings object first: profiles appear below it. */
    g_dbus_object_manager_server_export(self->daemon->object_manager,
                                        G_DBUS_OBJECT_SKELETON(self->object));
    if (!bondd_settings_reload(self, error))
        return FALSE;
    self->started = TRUE;
    return TRUE;
}

void
bondd_settings_export_profiles(BonddSettings *self)
{
    g_return_if_fail(self->started && !self->exported);

    self->exported = TRUE;
    for (guint i = 0; i < self->profiles->len; i++)
        g_dbus_object_manager_server_export(self->daemon->object_manager,
                                            _bondd_profile_get_object(self->profiles->pdata[i]));
}

static void
bondd_settings_dispose(GObject *object)
{
    BonddSettings *self = BONDD_SETTINGS(object);

    /* Unexport quietly: at shutdown nobody is to be told profiles vanished
     * (they did not: the files stay). */
    if (self->profiles) {
        for (guint i = 0; self->exported && i < self->profiles->len; i++)
            g_dbus_object_manager_server_unexport(self->daemon->object_manager,
                                                  bondd_profile_get_path(self->profiles->pdata[i]));
        g_clear_pointer(&self->by_path, g_hash_table_unref);
        g_clear_pointer(&self->by_uuid, g_hash_table_unref);
        g_clear_pointer(&self->profiles, g_ptr_array_unref);
    }
    if (self->object) {
        g_dbus_object_manager_server_unexport(self->daemon->object_manager, SETTINGS_PATH);
        g_signal_handlers_disconnect_by_data(self->iface, self);
        g_clear_object(&self->object);
        g_clear_object(&self->iface);
    }
    g_clear_pointer(&self->storage, bondd_settings_storage_free);
    g_clear_pointer(&self->unmanaged_specs, g_strfreev);
    G_OBJECT_CLASS(bondd_settings_parent_class)->dispose(object);
}

static void
bondd_settings_init(BonddSettings *self)
{
    self->profiles = g_ptr_array_new_with_free_func(g_object_unref);
    self->by_uuid = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
    self->by_path = g_hash_table_new(g_str_hash, g_str_equal);
}

static void
bondd_settings_class_init(BonddSettingsClass *klass)
{
    GObjectClass *object_class = G_OBJECT_CLASS(klass);

    object_class->dispose = bondd_settings_dispose;

    signals[SIGNAL_PROFILE_ADDED] =
        g_signal_new("profile-added", G_TYPE_FROM_CLASS(klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL,
                     NULL, G_TYPE_NONE, 1, BONDD_TYPE_PROFILE);
    signals[SIGNAL_PROFILE_UPDATED] =
        g_signal_new("profile-updated", G_TYPE_FROM_CLASS(klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL,
                     NULL, G_TYPE_NONE, 1, BONDD_TYPE_PROFILE);
    signals[SIGNAL_PROFILE_REMOVED] =
        g_signal_new("profile-removed", G_TYPE_FROM_CLASS(klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL,
                     NULL, G_TYPE_NONE, 1, BONDD_TYPE_PROFILE);
    signals[SIGNAL_UNMANAGED_SPECS_CHANGED] =
        g_signal_new("unmanaged-specs-changed", G_TYPE_FROM_CLASS(klass), G_SIGNAL_RUN_LAST, 0,
                     NULL, NULL, NULL, G_TYPE_NONE, 0);
}
