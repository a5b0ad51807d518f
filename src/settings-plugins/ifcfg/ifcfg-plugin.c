/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The ifcfg settings plugin: directory scan, load/add/update/remove, the
 * unmanaged-device specs, and a directory monitor that tells the host about
 * edits made behind our back (not about our own writes).
 */
#include "config.h"

#include "ifcfg-plugin.h"

#include <errno.h>
#include <glib/gi18n-lib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "atomic-file.h"
#include "ifcfg-reader.h"
#include "ifcfg-utils.h"
#include "ifcfg-writer.h"

typedef struct {
    BonddSettingsPlugin parent;
    char *dir;
    BonddSettingsHost host;
    GFileMonitor *monitor;
    guint debounce_id;
    /* path -> unmanaged spec, from the last read of each file. */
    GHashTable *unmanaged;
    /* Paths of the profiles we currently serve (new names avoid them). */
    GHashTable *known_paths;
    /* path -> FileState of every ifcfg file as we last read or wrote it.
     * After a burst of events the directory is compared with this: only a
     * difference is a change behind our back, so our own writes (and
     * editors' temp files that come and go) are not reported. */
    GHashTable *snapshot;
} IfcfgPlugin;

typedef struct {
    gboolean exists;
    struct stat st;
} FileState;

static void
file_state_get(const char *path, FileState *state)
{
    memset(state, 0, sizeof(*state));
    state->exists = lstat(path, &state->st) == 0;
}

static gboolean
file_state_equal(const FileState *a, const FileState *b)
{
    if (a->exists != b->exists)
        return FALSE;
    if (!a->exists)
        return TRUE;
    return a->st.st_dev == b->st.st_dev && a->st.st_ino == b->st.st_ino &&
           a->st.st_size == b->st.st_size && a->st.st_mtim.tv_sec == b->st.st_mtim.tv_sec &&
           a->st.st_mtim.tv_nsec == b->st.st_mtim.tv_nsec &&
           a->st.st_ctim.tv_sec == b->st.st_ctim.tv_sec &&
           a->st.st_ctim.tv_nsec == b->st.st_ctim.tv_nsec;
}

/* Record @path's current state (or absence) in the snapshot. */
static void
snapshot_update(IfcfgPlugin *self, const char *path)
{
    FileState *state = g_new(FileState, 1);

    file_state_get(path, state);
    if (state->exists)
        g_hash_table_insert(self->snapshot, g_strdup(path), state);
    else {
        g_hash_table_remove(self->snapshot, path);
        g_free(state);
    }
}

/* The state of every candidate ifcfg file in the directory. */
static GHashTable *
snapshot_take(IfcfgPlugin *self)
{
    GHashTable *snap = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, g_free);
    g_autoptr(GDir) dir = g_dir_open(self->dir, 0, NULL);
    const char *name;

    while (dir && (name = g_dir_read_name(dir))) {
        g_autofree char *path = NULL;
        FileState *state;

        if (ifcfg_utils_should_ignore_file(name, TRUE))
            continue;
        path = g_build_filename(self->dir, name, NULL);
        state = g_new(FileState, 1);
        file_state_get(path, state);
        if (state->exists)
            g_hash_table_insert(snap, g_steal_pointer(&path), state);
        else
            g_free(state);
    }
    return snap;
}

static gboolean
snapshot_equal(GHashTable *a, GHashTable *b)
{
    GHashTableIter iter;
    gpointer key;
    gpointer value;

    if (g_hash_table_size(a) != g_hash_table_size(b))
        return FALSE;
    g_hash_table_iter_init(&iter, a);
    while (g_hash_table_iter_next(&iter, &key, &value)) {
        FileState *other = g_hash_table_lookup(b, key);

        if (!other || !file_state_equal(value, other))
            return FALSE;
    }
    return TRUE;
}

/*****************************************************************************/
/* Monitor */

static gboolean
debounce_cb(gpointer user_data)
{
    IfcfgPlugin *self = user_data;
    GHashTable *now;

    self->debounce_id = 0;
    now = snapshot_take(self);
    if (snapshot_equal(now, self->snapshot)) {
        g_hash_table_unref(now);
        return G_SOURCE_REMOVE;
    }
    /* Report this state once; the host reloads. */
    g_hash_table_unref(self->snapshot);
    self->snapshot = now;
    if (self->host.storage_changed)
        self->host.storage_changed(self->host.host_data);
    return G_SOURCE_REMOVE;
}

static void
monitor_changed_cb(GFileMonitor *monitor, GFile *file, GFile *other, GFileMonitorEvent event,
                   gpointer user_data)
{
    IfcfgPlugin *self = user_data;

    switch (event) {
        case G_FILE_MONITOR_EVENT_CHANGES_DONE_HINT:
        case G_FILE_MONITOR_EVENT_CHANGED:
        case G_FILE_MONITOR_EVENT_CREATED:
        case G_FILE_MONITOR_EVENT_DELETED:
        case G_FILE_MONITOR_EVENT_ATTRIBUTE_CHANGED:
        case G_FILE_MONITOR_EVENT_RENAMED:
        case G_FILE_MONITOR_EVENT_MOVED_IN:
        case G_FILE_MONITOR_EVENT_MOVED_OUT:
            break;
        default:
            return;
    }
    /* Editors and our own writes come in bursts: wait for quiet, then
     * compare the directory with what we know. */
    if (self->debounce_id)
        g_source_remove(self->debounce_id);
    self->debounce_id = g_timeout_add(IFCFG_PLUGIN_DEBOUNCE_MS, debounce_cb, self);
}

/*****************************************************************************/

static char *
iface_for_uuid(gpointer user_data, const char *uuid)
{
    IfcfgPlugin *self = user_data;

    if (!self->host.iface_for_uuid)
        return NULL;
    return self->host.iface_for_uuid(self->host.host_data, uuid);
}

static BonddStoredProfile *
stored_profile_new(NMConnection *connection, const char *path)
{
    BonddStoredProfile *p = g_new0(BonddStoredProfile, 1);

    p->connection = connection;
    p->filename = g_strdup(path);
    return p;
}

/* Read one base file; updates the unmanaged specs.  NULL without error
 * for an unmanaged file. */
static NMConnection *
read_one(IfcfgPlugin *self, const char *path, GError **error)
{
    g_autofree char *unmanaged = NULL;
    g_autofree char *unrecognized = NULL;
    NMConnection *connection;

    g_hash_table_remove(self->unmanaged, path);
    connection = ifcfg_reader_read_file(path, &unmanaged, &unrecognized, error);
    if (unmanaged)
        g_hash_table_insert(self->unmanaged, g_strdup(path), g_steal_pointer(&unmanaged));
    if (unrecognized)
        g_debug("%s: unrecognized device spec %s", path, unrecognized);
    return connection;
}

static int
cmp_strptr(gconstpointer a, gconstpointer b)
{
    return strcmp(*(const char *const *)a, *(const char *const *)b);
}

static gboolean
is_regular_file(const char *path, struct stat *st)
{
    return stat(path, st) == 0 && S_ISREG(st->st_mode);
}

static GPtrArray *
plugin_load_all(BonddSettingsPlugin *plugin, GError **error)
{
    IfcfgPlugin *self = (IfcfgPlugin *)plugin;
    GPtrArray *result = g_ptr_array_new_with_free_func((GDestroyNotify)bondd_stored_profile_free);
    g_autoptr(GHashTable) by_uuid = g_hash_table_new(g_str_hash, g_str_equal);
    g_autoptr(GArray) mtimes = g_array_new(FALSE, FALSE, sizeof(struct timespec));
    g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func(g_free);
    g_autoptr(GError) local = NULL;
    g_autoptr(GDir) dir = NULL;
    const char *name;

    g_hash_table_remove_all(self->unmanaged);
    g_hash_table_remove_all(self->known_paths);
    /* Taken before reading: an edit racing with this load is reported. */
    g_hash_table_unref(self->snapshot);
    self->snapshot = snapshot_take(self);

    dir = g_dir_open(self->dir, 0, &local);
    if (!dir) {
        if (g_error_matches(local, G_FILE_ERROR, G_FILE_ERROR_NOENT))
            return result;
        g_set_error(error, G_IO_ERROR, G_IO_ERROR_FAILED, "%s", local->message);
        g_ptr_array_unref(result);
        return NULL;
    }
    while ((name = g_dir_read_name(dir)))
        g_ptr_array_add(names, g_strdup(name));
    /* A stable order, so that logs and ties are reproducible. */
    g_ptr_array_sort(names, cmp_strptr);

    for (guint i = 0; i < names->len; i++) {
        g_autofree char *path = g_build_filename(self->dir, names->pdata[i], NULL);
        g_autoptr(NMConnection) connection = NULL;
        g_autoptr(GError) err = NULL;
        struct stat st;
        gpointer idx_p;
        const char *uuid;

        if (ifcfg_utils_should_ignore_file(names->pdata[i], TRUE))
            continue;
        if (ifcfg_utils_is_alias_of_existing(path) || !is_regular_file(path, &st))
            continue;

        connection = read_one(self, path, &err);
        if (!connection) {
            if (err && g_error_matches(err, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED))
                g_message(_("ifcfg: skipping %s"), err->message);
            else if (err)
                g_warning(_("ifcfg: cannot load %s"), err->message);
            continue;
        }

        /* Several files with one UUID: the newest wins (ties: the first
         * name), as in ifcfg-rh. */
        uuid = nm_connection_get_uuid(connection);
        if (g_hash_table_lookup_extended(by_uuid, uuid, NULL, &idx_p)) {
            guint idx = GPOINTER_TO_UINT(idx_p);
            BonddStoredProfile *old = result->pdata[idx];
            struct timespec *old_mtime = &g_array_index(mtimes, struct timespec, idx);
            gboolean newer =
                st.st_mtim.tv_sec > old_mtime->tv_sec ||
                (st.st_mtim.tv_sec == old_mtime->tv_sec && st.st_mtim.tv_nsec > old_mtime->tv_nsec);

            if (!newer) {
                g_message(_("ifcfg: %s: UUID %s already used by %s; file ignored"), path, uuid,
                          old->filename);
                continue;
            }
            g_message(_("ifcfg: %s: UUID %s already used by %s; the newer file wins"), path, uuid,
                      old->filename);
            g_hash_table_remove(by_uuid, uuid);
            bondd_stored_profile_free(old);
            result->pdata[idx] = stored_profile_new(g_steal_pointer(&connection), path);
            *old_mtime = st.st_mtim;
            g_hash_table_insert(by_uuid,
                                (gpointer)nm_connection_get_uuid(
                                    ((BonddStoredProfile *)result->pdata[idx])->connection),
                                idx_p);
            continue;
        }
        g_array_append_val(mtimes, st.st_mtim);
        g_ptr_array_add(result, stored_profile_new(g_steal_pointer(&connection), path));
        g_hash_table_insert(by_uuid,
                            (gpointer)nm_connection_get_uuid(
                                ((BonddStoredProfile *)result->pdata[result->len - 1])->connection),
                            GUINT_TO_POINTER(result->len - 1));
    }
    /* Recorded after the loop, not between one file's parse and the next:
     * a long-lived string there would pin the pages of the connections
     * around it long after the host dropped them. */
    for (guint i = 0; i < result->len; i++)
        g_hash_table_add(self->known_paths,
                         g_strdup(((BonddStoredProfile *)result->pdata[i])->filename));
    return result;
}

/* @path must be a file of our directory; returns its ifcfg base file.  A
 * path that is not ours is G_IO_ERROR_NOT_SUPPORTED: the host then asks the
 * next settings plugin. */
static char *
storage_path(IfcfgPlugin *self, const char *path, GError **error)
{
    g_autofree char *canonical = NULL;
    g_autofree char *dir = NULL;
    char *base;

    if (!g_path_is_absolute(path)) {
        g_set_error(error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                    _("ifcfg path '%s' is not absolute"), path);
        return NULL;
    }
    /* "/etc//x/./ifcfg-a" names the same file as "/etc/x/ifcfg-a". */
    canonical = g_canonicalize_filename(path, "/");
    dir = g_path_get_dirname(canonical);
    if (strcmp(dir, self->dir) != 0) {
        g_set_error(error, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED,
                    _("path '%s' is not in the ifcfg directory %s"), path, self->dir);
        return NULL;
    }
    base = ifcfg_utils_detect_ifcfg_path(canonical);
    if (!base) {
        g_set_error(error, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED,
                    _("path '%s' is not a valid name for an ifcfg file"), path);
        return NULL;
    }
    return base;
}

static gboolean
plugin_load_file(BonddSettingsPlugin *plugin, const char *path, BonddStoredProfile **out_profile,
                 GError **error)
{
    IfcfgPlugin *self = (IfcfgPlugin *)plugin;
    g_autofree char *base = NULL;
    NMConnection *connection;
    GError *local = NULL;

    *out_profile = NULL;
    base = storage_path(self, path, error);
    if (!base)
        return FALSE;
    snapshot_update(self, base);
    if (!g_file_test(base, G_FILE_TEST_EXISTS)) {
        g_hash_table_remove(self->unmanaged, base);
        g_hash_table_remove(self->known_paths, base);
        return TRUE;
    }
    connection = read_one(self, base, &local);
    if (!connection) {
        if (local) {
            g_propagate_error(error, local);
            return FALSE;
        }
        /* NM_CONTROLLED=no: no profile, only an unmanaged spec. */
        g_hash_table_remove(self->known_paths, base);
        return TRUE;
    }
    g_hash_table_add(self->known_paths, g_strdup(base));
    *out_profile = stored_profile_new(connection, base);
    return TRUE;
}

/* What the writer knows: bonds, Ethernet profiles and bond ports. */
static gboolean
plugin_can_store(BonddSettingsPlugin *plugin, NMConnection *connection, GError **error)
{
    NMSettingConnection *s_con = nm_connection_get_setting_connection(connection);
    const char *type = nm_connection_get_connection_type(connection);
    const char *port_type = s_con ? nm_setting_connection_get_slave_type(s_con) : NULL;

    if (g_strcmp0(type, NM_SETTING_BOND_SETTING_NAME) != 0 &&
        g_strcmp0(type, NM_SETTING_WIRED_SETTING_NAME) != 0) {
        g_set_error(error, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED,
                    _("the ifcfg plugin cannot store connections of type '%s'"),
                    type ? type : "(none)");
        return FALSE;
    }
    if (port_type && g_strcmp0(port_type, NM_SETTING_BOND_SETTING_NAME) != 0) {
        g_set_error(error, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED,
                    _("the ifcfg plugin cannot store ports of a '%s'"), port_type);
        return FALSE;
    }
    return TRUE;
}

static BonddStoredProfile *
write_profile(IfcfgPlugin *self, NMConnection *connection, const char *existing, GError **error)
{
    g_autofree char *path = NULL;
    NMConnection *reread = NULL;

    if (!ifcfg_writer_write(connection, self->dir, existing, self->known_paths, iface_for_uuid,
                            self, &path, &reread, error))
        return NULL;
    snapshot_update(self, path);
    g_hash_table_add(self->known_paths, g_strdup(path));
    g_hash_table_remove(self->unmanaged, path);
    return stored_profile_new(reread, path);
}

static BonddStoredProfile *
plugin_add(BonddSettingsPlugin *plugin, NMConnection *connection, GError **error)
{
    IfcfgPlugin *self = (IfcfgPlugin *)plugin;

    if (g_mkdir_with_parents(self->dir, 0755) < 0) {
        int errsv = errno;

        g_set_error(error, G_IO_ERROR, g_io_error_from_errno(errsv),
                    _("cannot create directory %s: %s"), self->dir, g_strerror(errsv));
        return NULL;
    }
    return write_profile(self, connection, NULL, error);
}

static BonddStoredProfile *
plugin_update(BonddSettingsPlugin *plugin, NMConnection *connection, const char *filename,
              GError **error)
{
    IfcfgPlugin *self = (IfcfgPlugin *)plugin;
    g_autofree char *base = NULL;

    if (!filename || !filename[0])
        return plugin_add(plugin, connection, error);
    base = storage_path(self, filename, error);
    if (!base)
        return NULL;
    return write_profile(self, connection, base, error);
}

static gboolean
plugin_remove(BonddSettingsPlugin *plugin, const char *filename, GError **error)
{
    IfcfgPlugin *self = (IfcfgPlugin *)plugin;
    static const char *const extra[] = {"keys-", "route-", "route6-"};
    g_autofree char *base = storage_path(self, filename, error);

    if (!base)
        return FALSE;
    if (unlink(base) < 0 && errno != ENOENT) {
        int errsv = errno;

        g_set_error(error, G_IO_ERROR, g_io_error_from_errno(errsv), _("cannot remove %s: %s"),
                    base, g_strerror(errsv));
        return FALSE;
    }
    snapshot_update(self, base);
    for (guint i = 0; i < G_N_ELEMENTS(extra); i++) {
        g_autofree char *p = ifcfg_utils_get_extra_path(base, extra[i]);

        if (unlink(p) == 0)
            snapshot_update(self, p);
        else if (errno != ENOENT)
            g_warning(_("ifcfg: cannot remove %s: %s"), p, g_strerror(errno));
    }
    g_hash_table_remove(self->known_paths, base);
    g_hash_table_remove(self->unmanaged, base);
    return TRUE;
}

static char **
plugin_get_unmanaged_specs(BonddSettingsPlugin *plugin)
{
    IfcfgPlugin *self = (IfcfgPlugin *)plugin;
    g_autoptr(GPtrArray) specs = g_ptr_array_new();
    GHashTableIter iter;
    gpointer value;

    g_hash_table_iter_init(&iter, self->unmanaged);
    while (g_hash_table_iter_next(&iter, NULL, &value)) {
        gboolean dup = FALSE;

        for (guint i = 0; i < specs->len && !dup; i++)
            dup = strcmp(specs->pdata[i], value) == 0;
        if (!dup)
            g_ptr_array_add(specs, g_strdup(value));
    }
    g_ptr_array_sort(specs, cmp_strptr);
    g_ptr_array_add(specs, NULL);
    return (char **)g_ptr_array_steal(specs, NULL);
}

static void
plugin_free(BonddSettingsPlugin *plugin)
{
    IfcfgPlugin *self = (IfcfgPlugin *)plugin;

    if (!self)
        return;
    if (self->monitor) {
        g_signal_handlers_disconnect_by_data(self->monitor, self);
        g_file_monitor_cancel(self->monitor);
        g_clear_object(&self->monitor);
    }
    g_clear_handle_id(&self->debounce_id, g_source_remove);
    g_hash_table_unref(self->unmanaged);
    g_hash_table_unref(self->known_paths);
    g_hash_table_unref(self->snapshot);
    g_free(self->dir);
    g_free(self);
}

static const BonddSettingsPluginVTable ifcfg_vtable = {
    .abi_version = BONDD_SETTINGS_PLUGIN_ABI_VERSION,
    .name = "ifcfg",
    .load_all = plugin_load_all,
    .load_file = plugin_load_file,
    .can_store = plugin_can_store,
    .add = plugin_add,
    .update = plugin_update,
    .remove = plugin_remove,
    .get_unmanaged_specs = plugin_get_unmanaged_specs,
    .free = plugin_free,
};

/* The directory must exist and be ours to read and write: a typo in the
 * configuration stops the daemon with one line naming the path. */
static gboolean
check_directory(const char *dir, GError **error)
{
    struct stat st;
    int errsv = 0;

    if (stat(dir, &st) != 0)
        errsv = errno;
    else if (!S_ISDIR(st.st_mode))
        errsv = ENOTDIR;
    else if (access(dir, R_OK | W_OK | X_OK) != 0)
        errsv = errno;
    if (errsv) {
        g_set_error(error, G_IO_ERROR, g_io_error_from_errno(errsv), _("ifcfg directory %s: %s"),
                    dir, g_strerror(errsv));
        return FALSE;
    }
    return TRUE;
}

BonddSettingsPlugin *
ifcfg_plugin_new(const BonddSettingsPluginConfig *config, const BonddSettingsHost *host,
                 GError **error)
{
    IfcfgPlugin *self;
    g_autofree char *configured = NULL;
    g_autofree char *dir = NULL;

    if (config && config->keyfile)
        configured = g_key_file_get_string(config->keyfile, config->group ? config->group : "ifcfg",
                                           IFCFG_PLUGIN_KEY_PATH, NULL);
    if (!configured)
        configured = g_strdup(IFCFG_PLUGIN_DEFAULT_PATH);
    g_strstrip(configured);
    if (!g_path_is_absolute(configured)) {
        g_set_error(error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                    _("ifcfg: the storage directory must be an absolute path (got '%s')"),
                    configured);
        return NULL;
    }
    dir = g_canonicalize_filename(configured, "/");
    if (!check_directory(dir, error))
        return NULL;
    /* What writes killed half-way left (never read: names start with '.'). */
    atomic_file_sweep(dir);

    self = g_new0(IfcfgPlugin, 1);
    self->parent.vtable = &ifcfg_vtable;
    self->dir = g_steal_pointer(&dir);
    if (host)
        self->host = *host;
    self->unmanaged = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, g_free);
    self->known_paths = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
    self->snapshot = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, g_free);

    if (config && config->monitor) {
        g_autoptr(GFile) file = g_file_new_for_path(self->dir);
        g_autoptr(GError) local = NULL;

        self->monitor = g_file_monitor_directory(file, G_FILE_MONITOR_WATCH_MOVES, NULL, &local);
        if (!self->monitor) {
            g_warning(_("ifcfg: cannot watch %s: %s"), self->dir, local->message);
        } else {
            g_signal_connect(self->monitor, "changed", G_CALLBACK(monitor_changed_cb), self);
        }
    }
    return &self->parent;
}
