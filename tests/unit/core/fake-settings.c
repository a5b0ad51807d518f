/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The fake settings plugins (see fake-settings.h).
 */
#include "config.h"

#include "fake-settings.h"

#include <glib/gstdio.h>

typedef struct {
    const char *name;
    char *dir;
    GHashTable *profiles; /* filename -> NMConnection* */
    const BonddSettingsHost *host;
} Store;

struct _FakeSettings {
    Store mem;
    Store ro;
    char **unmanaged;
    GPtrArray *log;
};

typedef struct {
    BonddSettingsPlugin parent;
    Store *store;
} FakeSettingsPlugin;

static FakeSettings *current;

static Store *
store_of(FakeSettings *s, const char *plugin)
{
    if (g_strcmp0(plugin, "mem") == 0)
        return &s->mem;
    g_assert_cmpstr(plugin, ==, "ro");
    return &s->ro;
}

static char *
file_for(Store *st, NMConnection *connection)
{
    return g_strdup_printf("%s/%s-%s", st->dir, st->name, nm_connection_get_uuid(connection));
}

static void
write_file(const char *filename, NMConnection *connection)
{
    g_autoptr(GError) error = NULL;
    g_autofree char *contents = g_strdup_printf("%s\n", nm_connection_get_uuid(connection));

    g_file_set_contents(filename, contents, -1, &error);
    g_assert_no_error(error);
}

static BonddStoredProfile *
stored_copy(const char *filename, NMConnection *connection)
{
    BonddStoredProfile *sp = g_new0(BonddStoredProfile, 1);

    sp->connection = nm_simple_connection_new_clone(connection);
    sp->filename = g_strdup(filename);
    return sp;
}

static void
store_put(Store *st, const char *filename, NMConnection *connection)
{
    write_file(filename, connection);
    g_hash_table_insert(st->profiles, g_strdup(filename),
                        nm_simple_connection_new_clone(connection));
}

static void G_GNUC_PRINTF(2, 3) log_call(FakeSettings *s, const char *format, ...)
{
    va_list args;

    va_start(args, format);
    g_ptr_array_add(s->log, g_strdup_vprintf(format, args));
    va_end(args);
}

/* ---- the vtables ------------------------------------------------------------------ */

static GPtrArray *
fake_load_all(BonddSettingsPlugin *plugin, GError **error)
{
    Store *st = ((FakeSettingsPlugin *)plugin)->store;
    GPtrArray *list = g_ptr_array_new_with_free_func((GDestroyNotify)bondd_stored_profile_free);
    g_autoptr(GList) files = g_hash_table_get_keys(st->profiles);

    files = g_list_sort(files, (GCompareFunc)g_strcmp0);
    for (GList *l = files; l; l = l->next)
        g_ptr_array_add(list, stored_copy(l->data, g_hash_table_lookup(st->profiles, l->data)));
    return list;
}

static gboolean
fake_load_file(BonddSettingsPlugin *plugin, const char *path, BonddStoredProfile **out_profile,
               GError **error)
{
    Store *st = ((FakeSettingsPlugin *)plugin)->store;
    g_autofree char *dir = g_path_get_dirname(path);
    NMConnection *connection;

    *out_profile = NULL;
    if (g_strcmp0(dir, st->dir) != 0) {
        g_set_error(error, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED, "%s: not a %s file", path,
                    st->name);
        return FALSE;
    }
    connection = g_hash_table_lookup(st->profiles, path);
    if (connection)
        *out_profile = stored_copy(path, connection);
    return TRUE;
}

static gboolean
fake_can_store(BonddSettingsPlugin *plugin, NMConnection *connection, GError **error)
{
    Store *st = ((FakeSettingsPlugin *)plugin)->store;

    if (g_strcmp0(nm_connection_get_connection_type(connection), NM_SETTING_VLAN_SETTING_NAME) ==
        0) {
        g_set_error(error, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED,
                    "the %s plugin cannot store connections of type 'vlan'", st->name);
        return FALSE;
    }
    return TRUE;
}

static BonddStoredProfile *
fake_add(BonddSettingsPlugin *plugin, NMConnection *connection, GError **error)
{
    Store *st = ((FakeSettingsPlugin *)plugin)->store;
    g_autofree char *filename = file_for(st, connection);

    log_call(current, "%s add %s", st->name, filename);
    store_put(st, filename, connection);
    return stored_copy(filename, connection);
}

static BonddStoredProfile *
fake_update(BonddSettingsPlugin *plugin, NMConnection *connection, const char *filename,
            GError **error)
{
    Store *st = ((FakeSettingsPlugin *)plugin)->store;

    log_call(current, "%s update %s", st->name, filename);
    if (!g_hash_table_contains(st->profiles, filename)) {
        g_set_error(error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND, "%s: not a %s profile", filename,
                    st->name);
        return NULL;
    }
    store_put(st, filename, connection);
    return stored_copy(filename, connection);
}

static gboolean
fake_remove(BonddSettingsPlugin *plugin, const char *filename, GError **error)
{
    Store *st = ((FakeSettingsPlugin *)plugin)->store;

    log_call(current, "%s remove %s", st->name, filename);
    g_hash_table_remove(st->profiles, filename);
    g_unlink(filename);
    return TRUE;
}

static char **
fake_get_unmanaged_specs(BonddSettingsPlugin *plugin)
{
    Store *st = ((FakeSettingsPlugin *)plugin)->store;

    return st == &current->mem ? g_strdupv(current->unmanaged) : NULL;
}

static void
fake_plugin_free_instance(BonddSettingsPlugin *plugin)
{
    FakeSettingsPlugin *self = (FakeSettingsPlugin *)plugin;

    self->store->host = NULL;
    g_free(self);
}

static const BonddSettingsPluginVTable mem_vtable = {
    .abi_version = BONDD_SETTINGS_PLUGIN_ABI_VERSION,
    .name = "mem",
    .load_all = fake_load_all,
    .load_file = fake_load_file,
    .can_store = fake_can_store,
    .add = fake_add,
    .update = fake_update,
    .remove = fake_remove,
    .get_unmanaged_specs = fake_get_unmanaged_specs,
    .free = fake_plugin_free_instance,
};

static const BonddSettingsPluginVTable ro_vtable = {
    .abi_version = BONDD_SETTINGS_PLUGIN_ABI_VERSION,
    .name = "ro",
    .load_all = fake_load_all,
    .load_file = fake_load_file,
    .get_unmanaged_specs = fake_get_unmanaged_specs,
    .free = fake_plugin_free_instance,
};

static BonddSettingsPlugin *
new_instance(Store *st, const BonddSettingsPluginVTable *vtable, const BonddSettingsHost *host)
{
    FakeSettingsPlugin *self = g_new0(FakeSettingsPlugin, 1);

    self->parent.vtable = vtable;
    self->store = st;
    st->host = host;
    return &self->parent;
}

static BonddSettingsPlugin *
mem_factory(const BonddSettingsPluginConfig *config, const BonddSettingsHost *host, GError **error)
{
    g_assert_nonnull(current);
    g_assert_cmpstr(config->group, ==, "mem");
    return new_instance(&current->mem, &mem_vtable, host);
}

static BonddSettingsPlugin *
ro_factory(const BonddSettingsPluginConfig *config, const BonddSettingsHost *host, GError **error)
{
    g_assert_nonnull(current);
    g_assert_cmpstr(config->group, ==, "ro");
    return new_instance(&current->ro, &ro_vtable, host);
}

void
fake_settings_register(BonddPlugins *plugins)
{
    bondd_plugins_add_settings_factory(plugins, "mem", mem_factory);
    bondd_plugins_add_settings_factory(plugins, "ro", ro_factory);
}

/* ---- the store ----------------------------------------------------------------------- */

static void
store_init(Store *st, const char *name)
{
    g_autoptr(GError) error = NULL;

    st->name = name;
    st->dir = g_dir_make_tmp("bondd-core-XXXXXX", &error);
    g_assert_no_error(error);
    st->profiles = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, g_object_unref);
}

static void
store_clear(Store *st)
{
    GHashTableIter iter;
    gpointer key;

    g_hash_table_iter_init(&iter, st->profiles);
    while (g_hash_table_iter_next(&iter, &key, NULL))
        g_unlink(key);
    g_hash_table_unref(st->profiles);
    g_rmdir(st->dir);
    g_free(st->dir);
}

FakeSettings *
fake_settings_new(void)
{
    FakeSettings *s = g_new0(FakeSettings, 1);

    store_init(&s->mem, "mem");
    store_init(&s->ro, "ro");
    s->log = g_ptr_array_new_with_free_func(g_free);
    current = s;
    return s;
}

void
fake_settings_free(FakeSettings *store)
{
    if (!store)
        return;
    if (current == store)
        current = NULL;
    store_clear(&store->mem);
    store_clear(&store->ro);
    g_strfreev(store->unmanaged);
    g_ptr_array_unref(store->log);
    g_free(store);
}

const char *
fake_settings_put(FakeSettings *store, const char *plugin, NMConnection *connection)
{
    Store *st = store_of(store, plugin);
    g_autofree char *filename = file_for(st, connection);
    gpointer key = NULL;

    store_put(st, filename, connection);
    g_hash_table_lookup_extended(st->profiles, filename, &key, NULL);
    return key;
}

gboolean
fake_settings_drop(FakeSettings *store, const char *plugin, const char *uuid)
{
    Store *st = store_of(store, plugin);
    const char *filename = fake_settings_get_filename(store, plugin, uuid);
    g_autofree char *copy = g_strdup(filename);

    if (!copy)
        return FALSE;
    g_unlink(copy);
    return g_hash_table_remove(st->profiles, copy);
}

NMConnection *
fake_settings_get(FakeSettings *store, const char *plugin, const char *uuid)
{
    const char *filename = fake_settings_get_filename(store, plugin, uuid);

    return filename ? g_hash_table_lookup(store_of(store, plugin)->profiles, filename) : NULL;
}

const char *
fake_settings_get_filename(FakeSettings *store, const char *plugin, const char *uuid)
{
    GHashTableIter iter;
    gpointer key, value;

    g_hash_table_iter_init(&iter, store_of(store, plugin)->profiles);
    while (g_hash_table_iter_next(&iter, &key, &value)) {
        if (g_strcmp0(nm_connection_get_uuid(value), uuid) == 0)
            return key;
    }
    return NULL;
}

const char *
fake_settings_get_dir(FakeSettings *store, const char *plugin)
{
    return store_of(store, plugin)->dir;
}

void
fake_settings_set_unmanaged(FakeSettings *store, const char *const *specs)
{
    g_strfreev(store->unmanaged);
    store->unmanaged = g_strdupv((char **)specs);
}

void
fake_settings_notify_changed(FakeSettings *store, const char *plugin)
{
    Store *st = store_of(store, plugin);

    g_assert_nonnull(st->host);
    st->host->storage_changed(st->host->host_data);
}

GPtrArray *
fake_settings_get_log(FakeSettings *store)
{
    return store->log;
}

int
fake_settings_log_find(FakeSettings *store, const char *prefix)
{
    for (guint i = 0; i < store->log->len; i++) {
        if (g_str_has_prefix(store->log->pdata[i], prefix))
            return (int)i;
    }
    return -1;
}

void
fake_settings_clear_log(FakeSettings *store)
{
    g_ptr_array_set_size(store->log, 0);
}
