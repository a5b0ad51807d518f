/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The ifupdown settings plugin: reads the interfaces file and what it
 * includes, logs what it has to say about it (one line each, naming file and
 * line), serves the bond and port profiles read-only, and watches the files
 * and the directories they come from so that edits are picked up.
 *
 * Read-only: can_store, add, update and remove are NULL, so the host
 * refuses changes to these profiles with NetworkManager's
 * ReadOnlyConnection, naming the file; a clone goes to the first writable
 * plugin.
 */
#include "config.h"

#include "ifupdown-plugin.h"

#include <glib/gi18n-lib.h>
#include <string.h>
#include <sys/stat.h>

#include "ifupdown-parser.h"
#include "ifupdown-reader.h"

typedef struct {
    BonddSettingsPlugin parent;
    char *path;
    BonddSettingsHost host;
    gboolean monitor;
    GHashTable *monitors; /* directory -> GFileMonitor* */
    guint debounce_id;
    /* path -> FileState of every file of the last read (the main file
     * even when missing).  After a burst of events the files are looked up
     * again and compared with this: only a difference is a change, so that
     * editors' temporary files and unrelated entries of /etc/network do
     * not reload anything. */
    GHashTable *snapshot;
    /* Files of the last read, for load_file. */
    GHashTable *files;
} IfupdownPlugin;

typedef struct {
    gboolean exists;
    struct stat st;
} FileState;

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

static void
snapshot_add(GHashTable *snap, const char *path)
{
    FileState *state = g_new0(FileState, 1);

    state->exists = stat(path, &state->st) == 0;
    g_hash_table_insert(snap, g_strdup(path), state);
}

/* The main file's state and those of @config's files (NULL: the main file
 * could not be read). */
static GHashTable *
snapshot_new(IfupdownPlugin *self, const IfupdownConfig *config)
{
    GHashTable *snap = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, g_free);

    snapshot_add(snap, self->path);
    for (guint i = 0; config && i < config->files->len; i++)
        snapshot_add(snap, config->files->pdata[i]);
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

static void monitor_changed_cb(GFileMonitor *monitor, GFile *file, GFile *other,
                               GFileMonitorEvent event, gpointer user_data);

static void
monitor_free(GFileMonitor *monitor)
{
    g_signal_handlers_disconnect_matched(monitor, G_SIGNAL_MATCH_FUNC, 0, 0, NULL,
                                         monitor_changed_cb, NULL);
    g_file_monitor_cancel(monitor);
    g_object_unref(monitor);
}

/* Watch exactly @dirs (those that exist): the files read live there, and
 * new files that an include would pick up appear there. */
static void
update_monitors(IfupdownPlugin *self, GPtrArray *dirs)
{
    g_autoptr(GHashTable) wanted = g_hash_table_new(g_str_hash, g_str_equal);
    GHashTableIter iter;
    gpointer key;

    if (!self->monitor)
        return;
    for (guint i = 0; i < dirs->len; i++)
        g_hash_table_add(wanted, dirs->pdata[i]);
    g_hash_table_iter_init(&iter, self->monitors);
    while (g_hash_table_iter_next(&iter, &key, NULL)) {
        if (!g_hash_table_contains(wanted, key))
            g_hash_table_iter_remove(&iter);
    }
    for (guint i = 0; i < dirs->len; i++) {
        const char *dir = dirs->pdata[i];
        g_autoptr(GFile) file = NULL;
        g_autoptr(GError) error = NULL;
        GFileMonitor *monitor;

        if (g_hash_table_contains(self->monitors, dir) || !g_file_test(dir, G_FILE_TEST_IS_DIR))
            continue;
        file = g_file_new_for_path(dir);
        monitor = g_file_monitor_directory(file, G_FILE_MONITOR_WATCH_MOVES, NULL, &error);
        if (!monitor) {
            g_warning(_("ifupdown: cannot watch %s: %s"), dir, error->message);
            continue;
        }
        g_signal_connect(monitor, "changed", G_CALLBACK(monitor_changed_cb), self);
        g_hash_table_insert(self->monitors, g_strdup(dir), monitor);
    }
}

/* The directories to watch when @config is NULL (the main file is not
 * there): the main file's. */
static GPtrArray *
fallback_dirs(IfupdownPlugin *self)
{
    GPtrArray *dirs = g_ptr_array_new_with_free_func(g_free);

    g_ptr_array_add(dirs, g_path_get_dirname(self->path));
    return dirs;
}

static gboolean
debounce_cb(gpointer user_data)
{
    IfupdownPlugin *self = user_data;
    g_autoptr(IfupdownConfig) config = NULL;
    g_autoptr(GHashTable) now = NULL;

    self->debounce_id = 0;
    /* Parsing again is how we learn which files are included now (a new
     * file in interfaces.d, a new source line). */
    config = ifupdown_config_read(self->path, NULL);
    if (config) {
        update_monitors(self, config->watch_dirs);
    } else {
        g_autoptr(GPtrArray) dirs = fallback_dirs(self);

        update_monitors(self, dirs);
    }
    now = snapshot_new(self, config);
    if (snapshot_equal(now, self->snapshot))
        return G_SOURCE_REMOVE;
    /* Report this state once; the host reloads (load_all takes a new
     * snapshot). */
    g_hash_table_unref(self->snapshot);
    self->snapshot = g_steal_pointer(&now);
    if (self->host.storage_changed)
        self->host.storage_changed(self->host.host_data);
    return G_SOURCE_REMOVE;
}

static void
monitor_changed_cb(GFileMonitor *monitor, GFile *file, GFile *other, GFileMonitorEvent event,
                   gpointer user_data)
{
    IfupdownPlugin *self = user_data;

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
    /* Editors write in bursts: wait for quiet, then compare. */
    if (self->debounce_id)
        g_source_remove(self->debounce_id);
    self->debounce_id = g_timeout_add(IFUPDOWN_PLUGIN_DEBOUNCE_MS, debounce_cb, self);
}

/*****************************************************************************/
/* Reading */

static void
log_diags(GPtrArray *diags)
{
    for (guint i = 0; i < diags->len; i++) {
        const IfupdownDiag *d = diags->pdata[i];

        if (d->kind == IFUPDOWN_DIAG_NOTE)
            g_message("%s", d->text);
        else
            g_warning("%s", d->text);
    }
}

static void
remember_read(IfupdownPlugin *self, const IfupdownConfig *config)
{
    g_hash_table_remove_all(self->files);
    g_hash_table_add(self->files, g_strdup(self->path));
    for (guint i = 0; config && i < config->files->len; i++)
        g_hash_table_add(self->files, g_strdup(config->files->pdata[i]));
    g_hash_table_unref(self->snapshot);
    self->snapshot = snapshot_new(self, config);
    if (config) {
        update_monitors(self, config->watch_dirs);
    } else {
        g_autoptr(GPtrArray) dirs = fallback_dirs(self);

        update_monitors(self, dirs);
    }
}

static GPtrArray *
plugin_load_all(BonddSettingsPlugin *plugin, GError **error)
{
    IfupdownPlugin *self = (IfupdownPlugin *)plugin;
    g_autoptr(IfupdownConfig) config = NULL;
    g_autoptr(GPtrArray) diags = ifupdown_diags_new();
    g_autoptr(GError) local = NULL;
    GPtrArray *profiles;

    config = ifupdown_config_read(self->path, &local);
    remember_read(self, config);
    if (!config) {
        /* No file, no profiles: a server without bonds in it. */
        if (g_error_matches(local, G_IO_ERROR, G_IO_ERROR_NOT_FOUND))
            g_message(_("ifupdown: %s does not exist; no profiles from it"), self->path);
        else
            g_warning(_("ifupdown: %s"), local->message);
        return g_ptr_array_new_with_free_func((GDestroyNotify)bondd_stored_profile_free);
    }
    profiles = ifupdown_reader_read(config, diags);
    log_diags(diags);
    return profiles;
}

static gboolean
plugin_load_file(BonddSettingsPlugin *plugin, const char *path, BonddStoredProfile **out_profile,
                 GError **error)
{
    IfupdownPlugin *self = (IfupdownPlugin *)plugin;
    g_autofree char *canonical = NULL;

    *out_profile = NULL;
    canonical = g_path_is_absolute(path) ? g_canonicalize_filename(path, "/") : NULL;
    if (!canonical || !g_hash_table_contains(self->files, canonical)) {
        g_set_error(error, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED,
                    _("%s is not a file of the ifupdown plugin (%s and what it includes)"), path,
                    self->path);
        return FALSE;
    }
    /* One file holds many profiles, and a profile's ports may come from
     * several files: the file set is read as a whole. */
    g_set_error(error, G_IO_ERROR, G_IO_ERROR_FAILED,
                _("%s: the ifupdown plugin reads %s and its includes as a whole; use 'nmcli "
                  "connection reload'"),
                path, self->path);
    return FALSE;
}

static void
plugin_free(BonddSettingsPlugin *plugin)
{
    IfupdownPlugin *self = (IfupdownPlugin *)plugin;

    if (!self)
        return;
    g_hash_table_unref(self->monitors);
    g_clear_handle_id(&self->debounce_id, g_source_remove);
    g_hash_table_unref(self->snapshot);
    g_hash_table_unref(self->files);
    g_free(self->path);
    g_free(self);
}

static const BonddSettingsPluginVTable ifupdown_vtable = {
    .abi_version = BONDD_SETTINGS_PLUGIN_ABI_VERSION,
    .name = "ifupdown",
    .load_all = plugin_load_all,
    .load_file = plugin_load_file,
    /* Read-only: the host answers ReadOnlyConnection for changes. */
    .can_store = NULL,
    .add = NULL,
    .update = NULL,
    .remove = NULL,
    .get_unmanaged_specs = NULL,
    .free = plugin_free,
};

BonddSettingsPlugin *
ifupdown_plugin_new(const BonddSettingsPluginConfig *config, const BonddSettingsHost *host,
                    GError **error)
{
    IfupdownPlugin *self;
    g_autofree char *configured = NULL;

    if (config && config->keyfile)
        configured =
            g_key_file_get_string(config->keyfile, config->group ? config->group : "ifupdown",
                                  IFUPDOWN_PLUGIN_KEY_PATH, NULL);
    if (!configured)
        configured = g_strdup(IFUPDOWN_PLUGIN_DEFAULT_PATH);
    g_strstrip(configured);
    if (!g_path_is_absolute(configured)) {
        g_set_error(error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                    _("ifupdown: the interfaces file must be an absolute path (got '%s')"),
                    configured);
        return NULL;
    }

    /* Nothing is read or watched here: the host may start a plugin it then
     * does not run (see settings-plugins in bondd(8)). */
    self = g_new0(IfupdownPlugin, 1);
    self->parent.vtable = &ifupdown_vtable;
    self->path = g_canonicalize_filename(configured, "/");
    if (host)
        self->host = *host;
    self->monitor = config && config->monitor;
    self->monitors =
        g_hash_table_new_full(g_str_hash, g_str_equal, g_free, (GDestroyNotify)monitor_free);
    self->snapshot = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, g_free);
    self->files = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
    return &self->parent;
}
