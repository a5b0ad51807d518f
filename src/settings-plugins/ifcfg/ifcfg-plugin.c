/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The ifcfg settings plugin: directory scan, load/add/update/remove, the
 * unmanaged-device specs, and the shared storage watch that tells the host
 * about edits made behind our back (not about our own writes).
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
#include "storage-watch.h"

typedef struct {
    BonddSettingsPlugin parent;
    char *dir;
    BonddSettingsHost host;
    /* Edits behind our back are reported; our own writes are not. */
    BonddStorageWatch *watch;
    /* path -> unmanaged spec, from the last read of each file. */
    GHashTable *unmanaged;
    /* Paths of the profiles we currently serve (new names avoid them). */
    GHashTable *known_paths;
} IfcfgPlugin;

static gboolean
is_ifcfg_candidate(const char *name)
{
    return !ifcfg_utils_should_ignore_file(name, TRUE);
}

static void
storage_changed(gpointer user_data)
{
    IfcfgPlugin *self = user_data;

    if (self->host.storage_changed)
        self->host.storage_changed(self->host.host_data);
}

/* The plugin just wrote, read or removed @path. */
static void
note_file(IfcfgPlugin *self, const char *path)
{
    if (self->watch)
        bondd_storage_watch_note(self->watch, path);
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
    if (self->watch)
        bondd_storage_watch_rescan(self->watch);

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
    note_file(self, base);
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

    /* ifcfg-rh's types that bondd has kinds for; dummies and the rest go
     * to the next settings plugin (keyfile), as in NetworkManager. */
    static const char *const types[] = {
        NM_SETTING_BOND_SETTING_NAME,
        NM_SETTING_WIRED_SETTING_NAME,
        NM_SETTING_VLAN_SETTING_NAME,
        NM_SETTING_BRIDGE_SETTING_NAME,
        NULL,
    };

    if (!type || !g_strv_contains(types, type)) {
        g_set_error(error, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED,
                    _("the ifcfg plugin cannot store connections of type '%s'"),
                    type ? type : "(none)");
        return FALSE;
    }
    if (port_type && g_strcmp0(port_type, NM_SETTING_BOND_SETTING_NAME) != 0 &&
        g_strcmp0(port_type, NM_SETTING_BRIDGE_SETTING_NAME) != 0) {
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
    note_file(self, path);
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
    note_file(self, base);
    for (guint i = 0; i < G_N_ELEMENTS(extra); i++) {
        g_autofree char *p = ifcfg_utils_get_extra_path(base, extra[i]);

        if (unlink(p) == 0)
            note_file(self, p);
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
    g_clear_pointer(&self->watch, bondd_storage_watch_free);
    g_hash_table_unref(self->unmanaged);
    g_hash_table_unref(self->known_paths);
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

    if (config && config->monitor) {
        g_autoptr(GError) local = NULL;

        self->watch =
            bondd_storage_watch_new(self->dir, is_ifcfg_candidate, storage_changed, self, &local);
        if (!self->watch)
            g_warning(_("ifcfg: cannot watch %s: %s"), self->dir, local->message);
    }
    return &self->parent;
}
