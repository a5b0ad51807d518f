/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The settings manager: the org.freedesktop.NetworkManager.Settings object,
 * the list of profiles, and every change to it.  The settings plugin stores
 * profiles; what it re-reads after writing is what we serve, so clients see
 * exactly what is on disk.
 *
 * Ordering rules that keep libnm clients working (docs/dbus-surface.md):
 * a new object is filled in, then exported (InterfacesAdded), and only then
 * is the method answered (P3); a profile going away is announced with
 * "profile-removed" first so that no active connection is left pointing at
 * an unexported path (P5).
 */
#include "config.h"

#include <errno.h>
#include <malloc.h>
#include <string.h>
#include <sys/stat.h>

#include <glib/gi18n.h>
#include <glib/gstdio.h>

#include "auth.h"
#include "errors.h"
#include "plugins.h"
#include "settings-connection.h"

#define SETTINGS_PATH BONDD_DBUS_PATH_PREFIX "/Settings"

/* AddConnection2 flags (NMSettingsAddConnection2Flags) */
#define ADD2_TO_DISK           0x01
#define ADD2_IN_MEMORY         0x02
#define ADD2_BLOCK_AUTOCONNECT 0x20

/* Parsed connections unused for this long are dropped (see
 * _bondd_settings_connection_used). */
#define CONNECTION_CACHE_SECONDS 5

struct _BonddSettings {
    GObject parent;
    BonddDaemon *daemon;
    BonddSettingsHost host; /* must outlive the plugin, which keeps a pointer */
    BonddSettingsPlugin *plugin;
    NMDBusObjectSkeleton *object;
    NMDBusSettings *iface;
    GPtrArray *profiles; /* BonddProfile* (owned), in load order */
    GHashTable *by_uuid; /* uuid (owned) -> BonddProfile* */
    GHashTable *by_path; /* path (borrowed from profile) -> BonddProfile* */
    char **unmanaged_specs;
    gboolean started;
    gboolean exported;  /* profiles are on D-Bus (bondd_settings_export_profiles) */
    guint cache_source; /* drops unused parsed connections */
    gint64 cache_used;  /* monotonic time a parsed connection was last used */
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

static gboolean
is_controller_type(const char *type)
{
    return g_strcmp0(type, NM_SETTING_BOND_SETTING_NAME) == 0 ||
           g_strcmp0(type, NM_SETTING_BRIDGE_SETTING_NAME) == 0 ||
           g_strcmp0(type, NM_SETTING_TEAM_SETTING_NAME) == 0;
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

        if (is_controller_type(_bondd_profile_get_connection_type(p)) &&
            g_strcmp0(_bondd_profile_get_interface_name(p), master) == 0)
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

BonddDaemon *
_bondd_settings_get_daemon(BonddSettings *self)
{
    return self->daemon;
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
/* Parsed connections: built on demand, dropped when unused */

static void
drop_connections(BonddSettings *self, gboolean trim)
{
    guint n = 0;

    g_clear_handle_id(&self->cache_source, g_source_remove);
    for (guint i = 0; i < self->profiles->len; i++)
        n += _bondd_profile_drop_connection(self->profiles->pdata[i]);
    g_debug("dropped %u unused parsed connections", n);
    /* Thousands of small objects went back to malloc: give the pages back. */
    if (n > 0 && trim)
        malloc_trim(0);
}

static gboolean
cache_expired(gpointer user_data)
{
    BonddSettings *self = user_data;
    gint64 idle_ms = (g_get_monotonic_time() - self->cache_used) / 1000;

    self->cache_source = 0;
    if (idle_ms < CONNECTION_CACHE_SECONDS * 1000) {
        self->cache_source =
            g_timeout_add(CONNECTION_CACHE_SECONDS * 1000 - idle_ms, cache_expired, self);
        return G_SOURCE_REMOVE;
    }
    drop_connections(self, TRUE);
    return G_SOURCE_REMOVE;
}

/* Policy walks every profile's connection on each change; rebuilding them
 * all each time would cost more than keeping them for a few seconds. */
void
_bondd_settings_connection_used(BonddSettings *self)
{
    self->cache_used = g_get_monotonic_time();
    if (!self->cache_source)
        self->cache_source = g_timeout_add_seconds(CONNECTION_CACHE_SECONDS, cache_expired, self);
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
add_profile(BonddSettings *self, NMConnection *connection, const char *filename, gboolean unsaved,
            gboolean announce)
{
    g_autofree char *path = bondd_daemon_next_object_path(self->daemon, "Settings");
    BonddProfile *profile = _bondd_profile_new(self, path, connection, filename, unsaved);

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
                const char *filename, gboolean unsaved, gboolean always_notify)
{
    gboolean changed = _bondd_profile_set_connection(profile, connection);

    _bondd_profile_set_storage(profile, filename, unsaved);
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
    g_auto(GStrv) specs = NULL;

    if (!self->plugin->vtable->get_unmanaged_specs)
        return;
    specs = self->plugin->vtable->get_unmanaged_specs(self->plugin);
    if (!specs)
        specs = g_new0(char *, 1);
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

static gint64
file_mtime(const char *path)
{
    GStatBuf st;

    if (!path || g_stat(path, &st) != 0)
        return G_MININT64;
    return (gint64)st.st_mtime;
}

/* Two files with the same UUID: keep the newer one (ties: the first by
 * name, so the choice does not depend on readdir order). */
static gboolean
prefer_candidate(const BonddStoredProfile *current, const BonddStoredProfile *candidate)
{
    gint64 a = file_mtime(current->filename), b = file_mtime(candidate->filename);

    if (a != b)
        return b > a;
    return g_strcmp0(candidate->filename, current->filename) < 0;
}

static void
consolidate(BonddSettings *self, GPtrArray *stored)
{
    g_autoptr(GHashTable) wanted = g_hash_table_new(g_str_hash, g_str_equal);
    g_autoptr(GPtrArray) order = g_ptr_array_new();
    g_autoptr(GPtrArray) added = g_ptr_array_new();
    gboolean list_changed = FALSE;

    for (guint i = 0; i < stored->len; i++) {
        BonddStoredProfile *sp = stored->pdata[i];
        const char *uuid = nm_connection_get_uuid(sp->connection);
        BonddStoredProfile *other = g_hash_table_lookup(wanted, uuid);

        if (!other) {
            g_hash_table_insert(wanted, (gpointer)uuid, sp);
            g_ptr_array_add(order, sp);
            continue;
        }
        if (prefer_candidate(other, sp)) {
            g_warning(_("%s and %s have the same UUID %s: using the newer %s"), other->filename,
                      sp->filename, uuid, sp->filename);
            g_hash_table_insert(wanted, (gpointer)uuid, sp);
            for (guint j = 0; j < order->len; j++)
                if (order->pdata[j] == other)
                    order->pdata[j] = sp;
        } else
            g_warning(_("%s and %s have the same UUID %s: using the newer %s"), other->filename,
                      sp->filename, uuid, other->filename);
    }

    /* Profiles whose file is gone.  In-memory profiles are not storage's to
     * remove: they shadow the disk until saved or deleted. */
    for (guint i = self->profiles->len; i > 0; i--) {
        BonddProfile *p = self->profiles->pdata[i - 1];

        if (!bondd_profile_get_unsaved(p) &&
            !g_hash_table_contains(wanted, bondd_profile_get_uuid(p))) {
            remove_profile(self, p, FALSE);
            list_changed = TRUE;
        }
    }

    for (guint i = 0; i < order->len; i++) {
        BonddStoredProfile *sp = order->pdata[i];
        BonddProfile *p = bondd_settings_find_by_uuid(self, nm_connection_get_uuid(sp->connection));

        if (!p) {
            g_ptr_array_add(added, add_profile(self, sp->connection, sp->filename, FALSE, FALSE));
            list_changed = TRUE;
        } else if (!bondd_profile_get_unsaved(p))
            replace_profile(self, p, sp->connection, sp->filename, FALSE, FALSE);
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

gboolean
bondd_settings_reload(BonddSettings *self, GError **error)
{
    g_autoptr(GPtrArray) stored = NULL;

    g_return_val_if_fail(self->plugin, FALSE);
    stored = self->plugin->vtable->load_all(self->plugin, error);
    if (!stored)
        return FALSE;
    consolidate(self, stored);
    g_info(_("loaded %u connection profiles from %s"), self->profiles->len,
           self->daemon->config->ifcfg_dir);
    return TRUE;
}

/* One file (LoadConnections).  FALSE with @error if it does not parse. */
static gboolean
load_one_file(BonddSettings *self, const char *path, GError **error)
{
    g_autoptr(BonddStoredProfile) sp = NULL;
    BonddProfile *by_file, *by_uuid;

    if (!g_path_is_absolute(path)) {
        g_set_error(error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT, _("%s: not an absolute path"),
                    path);
        return FALSE;
    }
    if (!self->plugin->vtable->load_file(self->plugin, path, &sp, error))
        return FALSE;

    by_file = find_by_storage_filename(self, path);
    if (!sp) {
        /* The file is gone: so is the profile that came from it. */
        if (by_file) {
            remove_profile(self, by_file, TRUE);
        }
        return TRUE;
    }

    by_uuid = bondd_settings_find_by_uuid(self, nm_connection_get_uuid(sp->connection));
    if (by_file && by_file != by_uuid)
        remove_profile(self, by_file, TRUE); /* the file now holds another profile */
    if (by_uuid)
        replace_profile(self, by_uuid, sp->connection, sp->filename, FALSE, FALSE);
    else
        add_profile(self, sp->connection, sp->filename, FALSE, TRUE);
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
_bondd_settings_update_profile(BonddSettings *self, BonddProfile *profile, NMConnection *connection,
                               BonddPersist persist, GError **error)
{
    NMConnection *target = connection ? connection : bondd_profile_get_connection(profile);
    const char *filename = _bondd_profile_get_storage_filename(profile);
    gboolean unsaved = bondd_profile_get_unsaved(profile);
    g_autoptr(BonddStoredProfile) stored = NULL;

    if (g_strcmp0(nm_connection_get_uuid(target), bondd_profile_get_uuid(profile)) != 0) {
        g_set_error(error, BONDD_SETTINGS_ERROR, BONDD_SETTINGS_ERROR_INVALID_CONNECTION,
                    _("connection.uuid: the UUID of profile '%s' cannot be changed"),
                    bondd_profile_get_id(profile));
        return FALSE;
    }

    if (persist == BONDD_PERSIST_DISK || (persist == BONDD_PERSIST_KEEP && !unsaved)) {
        if (file_exists(filename))
            stored = self->plugin->vtable->update(self->plugin, target, filename, error);
        else
            stored = self->plugin->vtable->add(self->plugin, target, error);
        if (!stored)
            return FALSE;
        /* Serve what was re-read: it is what a restart would load. */
        replace_profile(self, profile, stored->connection, stored->filename, FALSE, TRUE);
        return TRUE;
    }

    if (persist == BONDD_PERSIST_MEMORY_ONLY && file_exists(filename)) {
        if (!self->plugin->vtable->remove(self->plugin, filename, error))
            return FALSE;
        filename = NULL;
    }
    replace_profile(self, profile, target, filename, TRUE, TRUE);
    return TRUE;
}

gboolean
_bondd_settings_delete_profile(BonddSettings *self, BonddProfile *profile, GError **error)
{
    const char *filename = _bondd_profile_get_storage_filename(profile);

    if (file_exists(filename) && !self->plugin->vtable->remove(self->plugin, filename, error))
        return FALSE;
    remove_profile(self, profile, TRUE);
    return TRUE;
}

/* AddConnection, AddConnectionUnsaved, AddConnection2. */
static BonddProfile *
do_add(BonddSettings *self, GDBusMethodInvocation *invocation, GVariant *dict, gboolean to_disk,
       GError **error)
{
    g_autoptr(NMConnection) connection = NULL;
    g_autoptr(BonddStoredProfile) stored = NULL;
    const char *uuid;

    if (!bondd_auth_check(invocation, BONDD_AUTH_SETTINGS_MODIFY, BONDD_SETTINGS_ERROR, error))
        return NULL;
    connection = _bondd_connection_new_from_dbus(dict, error);
    if (!connection)
        return NULL;
    uuid = nm_connection_get_uuid(connection);
    if (bondd_settings_find_by_uuid(self, uuid)) {
        g_set_error(error, BONDD_SETTINGS_ERROR, BONDD_SETTINGS_ERROR_UUID_EXISTS,
                    _("A connection with UUID %s already exists"), uuid);
        return NULL;
    }
    if (!to_disk)
        return add_profile(self, connection, NULL, TRUE, TRUE);

    stored = self->plugin->vtable->add(self->plugin, connection, error);
    if (!stored)
        return NULL;
    if (g_strcmp0(nm_connection_get_uuid(stored->connection), uuid) != 0 ||
        bondd_settings_find_by_uuid(self, nm_connection_get_uuid(stored->connection))) {
        /* The plugin must keep the UUID; if it did not, undo the write
         * rather than serve a profile the client cannot find. */
        self->plugin->vtable->remove(self->plugin, stored->filename, NULL);
        g_set_error(error, BONDD_SETTINGS_ERROR, BONDD_SETTINGS_ERROR_FAILED,
                    _("%s: re-read profile has UUID %s instead of %s"), stored->filename,
                    nm_connection_get_uuid(stored->connection), uuid);
        return NULL;
    }
    return add_profile(self, stored->connection, stored->filename, FALSE, TRUE);
}

/* ------------------------------------------------------------------------ */
/* Settings D-Bus methods */

static gboolean
handle_add_connection(NMDBusSettings *iface, GDBusMethodInvocation *invocation, GVariant *dict,
                      BonddSettings *self)
{
    g_autoptr(GError) error = NULL;
    BonddProfile *p = do_add(self, invocation, dict, TRUE, &error);

    if (!p)
        bondd_settings_invocation_return_error(invocation, error);
    else
        nmdbus_settings_complete_add_connection(iface, invocation, bondd_profile_get_path(p));
    return TRUE;
}

static gboolean
handle_add_connection_unsaved(NMDBusSettings *iface, GDBusMethodInvocation *invocation,
                              GVariant *dict, BonddSettings *self)
{
    g_autoptr(GError) error = NULL;
    BonddProfile *p = do_add(self, invocation, dict, FALSE, &error);

    if (!p)
        bondd_settings_invocation_return_error(invocation, error);
    else
        nmdbus_settings_complete_add_connection_unsaved(iface, invocation,
                                                        bondd_profile_get_path(p));
    return TRUE;
}

static gboolean
handle_add_connection2(NMDBusSettings *iface, GDBusMethodInvocation *invocation, GVariant *dict,
                       guint flags, GVariant *args, BonddSettings *self)
{
    g_autoptr(GError) error = NULL;
    guint persist = flags & (ADD2_TO_DISK | ADD2_IN_MEMORY);
    GVariantIter iter;
    const char *key;
    GVariant *value;
    BonddProfile *p;

    if (flags & ~(ADD2_TO_DISK | ADD2_IN_MEMORY | ADD2_BLOCK_AUTOCONNECT))
        g_set_error(&error, BONDD_SETTINGS_ERROR, BONDD_SETTINGS_ERROR_INVALID_ARGUMENTS,
                    _("Unknown flags 0x%x"),
                    flags & ~(ADD2_TO_DISK | ADD2_IN_MEMORY | ADD2_BLOCK_AUTOCONNECT));
    else if (persist != ADD2_TO_DISK && persist != ADD2_IN_MEMORY)
        g_set_error_literal(&error, BONDD_SETTINGS_ERROR, BONDD_SETTINGS_ERROR_INVALID_ARGUMENTS,
                            _("Exactly one of the flags to-disk (0x1) and in-memory (0x2) "
                              "must be given"));
    g_variant_iter_init(&iter, args);
    while (!error && g_variant_iter_loop(&iter, "{&sv}", &key, &value)) {
        if (g_str_equal(key, "plugin") && g_variant_is_of_type(value, G_VARIANT_TYPE_STRING))
            continue;
        g_set_error(&error, BONDD_SETTINGS_ERROR, BONDD_SETTINGS_ERROR_INVALID_ARGUMENTS,
                    _("Unsupported argument “%s”"), key);
        g_variant_unref(value);
    }
    if (error) {
        g_dbus_method_invocation_return_gerror(invocation, error);
        return TRUE;
    }

    p = do_add(self, invocation, dict, persist == ADD2_TO_DISK, &error);
    if (!p) {
        bondd_settings_invocation_return_error(invocation, error);
        return TRUE;
    }
    if (flags & ADD2_BLOCK_AUTOCONNECT)
        _bondd_profile_set_autoconnect_blocked(p, TRUE);
    nmdbus_settings_complete_add_connection2(iface, invocation, bondd_profile_get_path(p),
                                             g_variant_new_array(G_VARIANT_TYPE("{sv}"), NULL, 0));
    return TRUE;
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

static gboolean
handle_reload_connections(NMDBusSettings *iface, GDBusMethodInvocation *invocation,
                          BonddSettings *self)
{
    g_autoptr(GError) error = NULL;

    if (!bondd_auth_check(invocation, BONDD_AUTH_SETTINGS_RELOAD, BONDD_SETTINGS_ERROR, &error) ||
        !bondd_settings_reload(self, &error)) {
        bondd_settings_invocation_return_error(invocation, error);
        return TRUE;
    }
    nmdbus_settings_complete_reload_connections(iface, invocation, TRUE);
    return TRUE;
}

static gboolean
handle_load_connections(NMDBusSettings *iface, GDBusMethodInvocation *invocation,
                        const char *const *filenames, BonddSettings *self)
{
    g_autoptr(GError) error = NULL;
    g_autoptr(GPtrArray) failures = g_ptr_array_new_with_free_func(g_free);

    if (!bondd_auth_check(invocation, BONDD_AUTH_SETTINGS_RELOAD, BONDD_SETTINGS_ERROR, &error)) {
        g_dbus_method_invocation_return_gerror(invocation, error);
        return TRUE;
    }
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
    nmdbus_settings_complete_load_connections(iface, invocation, failures->len == 1,
                                              (const char *const *)failures->pdata);
    return TRUE;
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
/* Settings plugin host callbacks */

static void
host_storage_changed(gpointer host_data)
{
    BonddSettings *self = host_data;
    g_autoptr(GError) error = NULL;

    if (!self->started)
        return;
    g_debug("storage changed on disk: reloading");
    if (!bondd_settings_reload(self, &error))
        g_warning(_("reloading connection profiles failed: %s"), error->message);
}

static char *
host_iface_for_uuid(gpointer host_data, const char *uuid)
{
    BonddProfile *p = bondd_settings_find_by_uuid(host_data, uuid);

    return p ? g_strdup(_bondd_profile_get_interface_name(p)) : NULL;
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
    BonddSettingsPluginConfig pconfig = {
        .storage_dir = self->daemon->config->ifcfg_dir,
        .monitor = self->daemon->config->monitor_files,
    };
    g_autoptr(GError) local = NULL;

    g_return_val_if_fail(!self->plugin, FALSE);
    g_return_val_if_fail(self->daemon->plugins && self->daemon->plugins->settings_factory, FALSE);

    self->host.storage_changed = host_storage_changed;
    self->host.iface_for_uuid = host_iface_for_uuid;
    self->host.host_data = self;
    self->plugin = self->daemon->plugins->settings_factory(&pconfig, &self->host, &local);
    if (!self->plugin) {
        g_set_error(error, BONDD_SETTINGS_ERROR, BONDD_SETTINGS_ERROR_FAILED,
                    _("settings plugin failed to start: %s"),
                    local ? local->message : _("no reason given"));
        return FALSE;
    }
    if (self->plugin->vtable->abi_version != BONDD_SETTINGS_PLUGIN_ABI_VERSION) {
        g_set_error(error, BONDD_SETTINGS_ERROR, BONDD_SETTINGS_ERROR_FAILED,
                    _("settings plugin %s has ABI %u, this bondd has ABI %u"),
                    self->plugin->vtable->name, self->plugin->vtable->abi_version,
                    BONDD_SETTINGS_PLUGIN_ABI_VERSION);
        self->plugin->vtable->free(self->plugin);
        self->plugin = NULL;
        return FALSE;
    }

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

    /* Start-up parsed every file and the start-up policy pass has used
     * them; nothing needs them until the next change.  Dropping them first
     * lets the D-Bus objects made next take their memory (so no trim). */
    drop_connections(self, FALSE);
    self->exported = TRUE;
    for (guint i = 0; i < self->profiles->len; i++)
        g_dbus_object_manager_server_export(self->daemon->object_manager,
                                            _bondd_profile_get_object(self->profiles->pdata[i]));
}

static void
bondd_settings_dispose(GObject *object)
{
    BonddSettings *self = BONDD_SETTINGS(object);

    g_clear_handle_id(&self->cache_source, g_source_remove);
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
    if (self->plugin) {
        self->plugin->vtable->free(self->plugin);
        self->plugin = NULL;
    }
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
