/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The keyfile settings plugin (see keyfile-plugin.h): the directory scan,
 * add/update/remove through keyfile-files.c, and the storage watch.
 */
#include "config.h"

#include "keyfile-plugin.h"

#include <errno.h>
#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <string.h>

#include "keyfile-files.h"
#include "storage-watch.h"

typedef struct {
    BonddSettingsPlugin parent;
    char *dir;
    BonddSettingsHost host;
    gboolean monitor;
    BonddStorageWatch *watch;
    char **unmanaged_specs;
    /* Paths of the profiles we serve: a new file never takes one. */
    GHashTable *known_paths;
} KeyfilePlugin;

static void storage_changed(gpointer user_data);

/* Watch the directory, if asked to and it exists (it may not until the
 * first profile is written). */
static void
start_watch(KeyfilePlugin *self)
{
    g_autoptr(GError) local = NULL;

    if (!self->monitor || self->watch || !g_file_test(self->dir, G_FILE_TEST_IS_DIR))
        return;
    self->watch = bondd_storage_watch_new(self->dir, keyfile_files_is_profile_name, storage_changed,
                                          self, &local);
    if (self->watch)
        bondd_storage_watch_rescan(self->watch);
    else
        g_warning(_("keyfile: cannot watch %s: %s"), self->dir, local->message);
}

static BonddStoredProfile *
stored_profile_new(NMConnection *connection, const char *path)
{
    BonddStoredProfile *p = g_new0(BonddStoredProfile, 1);

    p->connection = connection;
    p->filename = g_strdup(path);
    return p;
}

static int
cmp_strptr(gconstpointer a, gconstpointer b)
{
    return strcmp(*(const char *const *)a, *(const char *const *)b);
}

static GPtrArray *
plugin_load_all(BonddSettingsPlugin *plugin, GError **error)
{
    KeyfilePlugin *self = (KeyfilePlugin *)plugin;
    GPtrArray *result = g_ptr_array_new_with_free_func((GDestroyNotify)bondd_stored_profile_free);
    g_autoptr(GHashTable) by_uuid = g_hash_table_new(g_str_hash, g_str_equal);
    g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func(g_free);
    g_autoptr(GError) local = NULL;
    g_autoptr(GDir) dir = NULL;
    const char *name;

    g_hash_table_remove_all(self->known_paths);
    /* Taken before reading: an edit racing with this load is reported. */
    if (self->watch)
        bondd_storage_watch_rescan(self->watch);
    dir = g_dir_open(self->dir, 0, &local);
    if (!dir) {
        /* Nothing stored yet: the directory is made by the first write. */
        if (g_error_matches(local, G_FILE_ERROR, G_FILE_ERROR_NOENT))
            return result;
        g_set_error(error, G_IO_ERROR, G_IO_ERROR_FAILED, "%s", local->message);
        g_ptr_array_unref(result);
        return NULL;
    }
    while ((name = g_dir_read_name(dir))) {
        if (keyfile_files_is_profile_name(name))
            g_ptr_array_add(names, g_strdup(name));
    }
    /* A stable order: the first name wins a UUID two files claim. */
    g_ptr_array_sort(names, cmp_strptr);
    for (guint i = 0; i < names->len; i++) {
        g_autofree char *path = g_build_filename(self->dir, names->pdata[i], NULL);
        g_autoptr(GError) err = NULL;
        NMConnection *connection = keyfile_files_read(path, &err);
        BonddStoredProfile *first;
        const char *uuid;

        if (!connection) {
            g_warning(_("keyfile: cannot load %s"), err->message);
            continue;
        }
        uuid = nm_connection_get_uuid(connection);
        first = g_hash_table_lookup(by_uuid, uuid);
        if (first) {
            g_warning(_("keyfile: %s: UUID %s is already the profile of %s; file ignored"), path,
                      uuid, first->filename);
            g_object_unref(connection);
            continue;
        }
        first = stored_profile_new(connection, path);
        g_ptr_array_add(result, first);
        g_hash_table_insert(by_uuid, (gpointer)nm_connection_get_uuid(connection), first);
        g_hash_table_add(self->known_paths, g_steal_pointer(&path));
    }
    return result;
}

/* @path must name a profile file of our directory; anything else is
 * G_IO_ERROR_NOT_SUPPORTED, so that the host asks the next plugin. */
static gboolean
is_ours(KeyfilePlugin *self, const char *path, GError **error)
{
    g_autofree char *canonical = g_canonicalize_filename(path, "/");
    g_autofree char *dir = g_path_get_dirname(canonical);
    g_autofree char *base = g_path_get_basename(canonical);

    if (strcmp(dir, self->dir) == 0 && keyfile_files_is_profile_name(base))
        return TRUE;
    g_set_error(error, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED, _("%s is not a keyfile in %s"), path,
                self->dir);
    return FALSE;
}

static gboolean
plugin_load_file(BonddSettingsPlugin *plugin, const char *path, BonddStoredProfile **out_profile,
                 GError **error)
{
    KeyfilePlugin *self = (KeyfilePlugin *)plugin;
    NMConnection *connection;

    *out_profile = NULL;
    if (!is_ours(self, path, error))
        return FALSE;
    if (self->watch)
        bondd_storage_watch_note(self->watch, path);
    if (!g_file_test(path, G_FILE_TEST_EXISTS)) {
        g_hash_table_remove(self->known_paths, path);
        return TRUE;
    }
    connection = keyfile_files_read(path, error);
    if (!connection)
        return FALSE;
    g_hash_table_add(self->known_paths, g_strdup(path));
    *out_profile = stored_profile_new(connection, path);
    return TRUE;
}

static gboolean
plugin_can_store(BonddSettingsPlugin *plugin, NMConnection *connection, GError **error)
{
    /* libnm writes every setting of every type. */
    return TRUE;
}

/* Write, then read back what was written: that is what the host serves. */
static BonddStoredProfile *
write_and_reread(KeyfilePlugin *self, NMConnection *connection, const char *path, GError **error)
{
    NMConnection *reread;

    if (!keyfile_files_write(path, connection, error))
        return NULL;
    if (self->watch)
        bondd_storage_watch_note(self->watch, path);
    reread = keyfile_files_read(path, error);
    if (!reread)
        return NULL;
    g_hash_table_add(self->known_paths, g_strdup(path));
    return stored_profile_new(reread, path);
}

static BonddStoredProfile *
plugin_add(BonddSettingsPlugin *plugin, NMConnection *connection, GError **error)
{
    KeyfilePlugin *self = (KeyfilePlugin *)plugin;
    g_autofree char *path = NULL;
    BonddStoredProfile *stored;

    if (g_mkdir_with_parents(self->dir, 0755) != 0) {
        int errsv = errno;

        g_set_error(error, G_IO_ERROR, g_io_error_from_errno(errsv),
                    _("keyfile: cannot create %s: %s"), self->dir, g_strerror(errsv));
        return NULL;
    }
    start_watch(self);
    path = keyfile_files_new_path(self->dir, connection, self->known_paths);
    stored = write_and_reread(self, connection, path, error);
    /* Nothing half-done stays behind. */
    if (!stored && g_unlink(path) == 0 && self->watch)
        bondd_storage_watch_note(self->watch, path);
    return stored;
}

static BonddStoredProfile *
plugin_update(BonddSettingsPlugin *plugin, NMConnection *connection, const char *filename,
              GError **error)
{
    KeyfilePlugin *self = (KeyfilePlugin *)plugin;

    if (!is_ours(self, filename, error))
        return NULL;
    return write_and_reread(self, connection, filename, error);
}

static gboolean
plugin_remove(BonddSettingsPlugin *plugin, const char *filename, GError **error)
{
    KeyfilePlugin *self = (KeyfilePlugin *)plugin;

    if (!is_ours(self, filename, error))
        return FALSE;
    if (g_unlink(filename) != 0 && errno != ENOENT) {
        int errsv = errno;

        g_set_error(error, G_IO_ERROR, g_io_error_from_errno(errsv), _("cannot remove %s: %s"),
                    filename, g_strerror(errsv));
        return FALSE;
    }
    g_hash_table_remove(self->known_paths, filename);
    if (self->watch)
        bondd_storage_watch_note(self->watch, filename);
    return TRUE;
}

static char **
plugin_get_unmanaged_specs(BonddSettingsPlugin *plugin)
{
    KeyfilePlugin *self = (KeyfilePlugin *)plugin;

    return g_strdupv(self->unmanaged_specs);
}

static void
plugin_free(BonddSettingsPlugin *plugin)
{
    KeyfilePlugin *self = (KeyfilePlugin *)plugin;

    g_clear_pointer(&self->watch, bondd_storage_watch_free);
    g_hash_table_unref(self->known_paths);
    g_strfreev(self->unmanaged_specs);
    g_free(self->dir);
    g_free(self);
}

static const BonddSettingsPluginVTable keyfile_vtable = {
    .abi_version = BONDD_SETTINGS_PLUGIN_ABI_VERSION,
    .name = "keyfile",
    .load_all = plugin_load_all,
    .load_file = plugin_load_file,
    .can_store = plugin_can_store,
    .add = plugin_add,
    .update = plugin_update,
    .remove = plugin_remove,
    .get_unmanaged_specs = plugin_get_unmanaged_specs,
    .free = plugin_free,
};

static void
storage_changed(gpointer user_data)
{
    KeyfilePlugin *self = user_data;

    if (self->host.storage_changed)
        self->host.storage_changed(self->host.host_data);
}

BonddSettingsPlugin *
keyfile_plugin_new(const BonddSettingsPluginConfig *config, const BonddSettingsHost *host,
                   GError **error)
{
    const char *group = config && config->group ? config->group : "keyfile";
    GKeyFile *kf = config ? config->keyfile : NULL;
    g_autofree char *configured =
        kf ? g_key_file_get_string(kf, group, KEYFILE_PLUGIN_KEY_PATH, NULL) : NULL;
    KeyfilePlugin *self;
    guint removed;

    if (!configured)
        configured = g_strdup(KEYFILE_PLUGIN_DEFAULT_PATH);
    g_strstrip(configured);
    if (!g_path_is_absolute(configured)) {
        g_set_error(error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                    _("keyfile: the storage directory must be an absolute path (got '%s')"),
                    configured);
        return NULL;
    }
    self = g_new0(KeyfilePlugin, 1);
    self->parent.vtable = &keyfile_vtable;
    self->dir = g_canonicalize_filename(configured, "/");
    if (host)
        self->host = *host;
    self->known_paths = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
    if (kf)
        self->unmanaged_specs =
            g_key_file_get_string_list(kf, group, KEYFILE_PLUGIN_KEY_UNMANAGED, NULL, NULL);
    removed = keyfile_files_remove_leftovers(self->dir);
    if (removed)
        g_debug("keyfile: %u leftover temporary file(s) removed", removed);
    self->monitor = config && config->monitor;
    start_watch(self);
    return &self->parent;
}
