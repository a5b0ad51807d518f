/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The list of settings plugins (see settings-storage.h).
 */
#include "config.h"

#include "settings-storage.h"

#include <string.h>

#include <glib/gi18n.h>

#include "errors.h"

struct _BonddStorageSource {
    BonddSettingsStorage *storage;
    char *name;
    guint rank;
    BonddSettingsPlugin *plugin;
    BonddSettingsHost host; /* must outlive the plugin, which keeps a pointer */
};

struct _BonddSettingsStorage {
    GPtrArray *sources; /* BonddStorageSource*, in the configured order */
    BonddStorageChangedFunc changed;
    BonddStorageIfaceFunc iface_for_uuid;
    gpointer user_data;
};

/* ---- plugin host callbacks ------------------------------------------------ */

static void
host_storage_changed(gpointer host_data)
{
    BonddStorageSource *source = host_data;

    source->storage->changed(source, source->storage->user_data);
}

static char *
host_iface_for_uuid(gpointer host_data, const char *uuid)
{
    BonddStorageSource *source = host_data;

    return source->storage->iface_for_uuid(uuid, source->storage->user_data);
}

/* ---- start ------------------------------------------------------------------ */

static void
source_free(BonddStorageSource *source)
{
    if (source->plugin)
        source->plugin->vtable->free(source->plugin);
    g_free(source->name);
    g_free(source);
}

static BonddStorageSource *
source_start(BonddSettingsStorage *self, const char *name, BonddSettingsPluginFactory factory,
             const BonddConfig *config, GError **error)
{
    BonddStorageSource *source = g_new0(BonddStorageSource, 1);
    BonddSettingsPluginConfig pconfig = {
        .keyfile = config->keyfile,
        .group = name,
        /* Plugins always watch; settings acts on their news only while
         * [main] monitor-connection-files is on, which a configuration
         * reload may change. */
        .monitor = TRUE,
    };
    g_autoptr(GError) local = NULL;

    source->storage = self;
    source->name = g_strdup(name);
    source->rank = self->sources->len;
    source->host.storage_changed = host_storage_changed;
    source->host.iface_for_uuid = host_iface_for_uuid;
    source->host.host_data = source;
    source->plugin = factory(&pconfig, &source->host, &local);
    if (!source->plugin) {
        g_set_error(error, BONDD_SETTINGS_ERROR, BONDD_SETTINGS_ERROR_FAILED,
                    _("settings plugin %s failed to start: %s"), name,
                    local ? local->message : _("no reason given"));
        source_free(source);
        return NULL;
    }
    if (source->plugin->vtable->abi_version != BONDD_SETTINGS_PLUGIN_ABI_VERSION) {
        g_set_error(error, BONDD_SETTINGS_ERROR, BONDD_SETTINGS_ERROR_FAILED,
                    _("settings plugin %s has ABI %u, this bondd has ABI %u"), name,
                    source->plugin->vtable->abi_version, BONDD_SETTINGS_PLUGIN_ABI_VERSION);
        source_free(source);
        return NULL;
    }
    return source;
}

/* Groups of the configuration file that configure nothing: a typo should
 * be visible. */
static void
warn_unknown_groups(BonddPlugins *plugins, const BonddConfig *config)
{
    g_auto(GStrv) groups = g_key_file_get_groups(config->keyfile, NULL);

    for (guint i = 0; groups && groups[i]; i++) {
        if (g_str_equal(groups[i], "main") || g_str_equal(groups[i], "logging") ||
            g_str_equal(groups[i], "dhcp") || bondd_plugins_has(plugins, groups[i]))
            continue;
        g_warning(_("%s: unknown group [%s] ignored (no plugin of that name)"),
                  config->config_file ? config->config_file : _("configuration"), groups[i]);
    }
}

/* A group with keys: the default bondd.conf has every plugin's group with
 * its keys commented out, which configures nothing. */
static gboolean
group_has_keys(GKeyFile *keyfile, const char *group)
{
    g_auto(GStrv) keys = g_key_file_get_keys(keyfile, group, NULL, NULL);

    return keys && keys[0];
}

BonddSettingsStorage *
bondd_settings_storage_new(BonddPlugins *plugins, const BonddConfig *config,
                           BonddStorageChangedFunc changed, BonddStorageIfaceFunc iface_for_uuid,
                           gpointer user_data, GError **error)
{
    BonddSettingsStorage *self = g_new0(BonddSettingsStorage, 1);
    g_autoptr(GPtrArray) names = g_ptr_array_new();

    self->sources = g_ptr_array_new_with_free_func((GDestroyNotify)source_free);
    self->changed = changed;
    self->iface_for_uuid = iface_for_uuid;
    self->user_data = user_data;

    if (config->settings_plugins) {
        for (guint i = 0; config->settings_plugins[i]; i++)
            g_ptr_array_add(names, config->settings_plugins[i]);
    } else {
        for (guint i = 0; i < plugins->settings_plugins->len; i++)
            g_ptr_array_add(
                names, ((BonddSettingsPluginEntry *)plugins->settings_plugins->pdata[i])->name);
    }
    warn_unknown_groups(plugins, config);
    for (guint i = 0; i < names->len; i++) {
        const char *name = names->pdata[i];
        BonddSettingsPluginFactory factory = bondd_plugins_find_settings_factory(plugins, name);
        BonddStorageSource *source;

        if (!factory) {
            g_set_error(error, BONDD_SETTINGS_ERROR, BONDD_SETTINGS_ERROR_FAILED,
                        _("settings plugin %s is configured but not installed "
                          "(libbondd-settings-%s.so)"),
                        name, name);
            bondd_settings_storage_free(self);
            return NULL;
        }
        source = source_start(self, name, factory, config, error);
        if (!source) {
            bondd_settings_storage_free(self);
            return NULL;
        }
        if (!config->settings_plugins && bondd_storage_source_is_read_only(source)) {
            /* A read-only plugin serves files another tool owns (ifupdown's
             * /etc/network/interfaces): installing it must not make bondd
             * take over what that tool brings up.  It runs when named. */
            if (group_has_keys(config->keyfile, name))
                g_warning(_("settings plugin %s is configured ([%s]) but not run: a read-only "
                            "plugin runs only when [main] settings-plugins names it"),
                          name, name);
            else
                g_debug("settings plugin %s is read-only and not named in settings-plugins: "
                        "not run",
                        name);
            source_free(source);
            continue;
        }
        g_ptr_array_add(self->sources, source);
    }
    if (self->sources->len == 0) {
        g_set_error_literal(error, BONDD_SETTINGS_ERROR, BONDD_SETTINGS_ERROR_FAILED,
                            _("no settings plugin to run"));
        bondd_settings_storage_free(self);
        return NULL;
    }
    return self;
}

void
bondd_settings_storage_free(BonddSettingsStorage *self)
{
    if (!self)
        return;
    g_ptr_array_unref(self->sources);
    g_free(self);
}

/* ---- sources ----------------------------------------------------------------- */

GPtrArray *
bondd_settings_storage_get_sources(BonddSettingsStorage *self)
{
    return self->sources;
}

const char *
bondd_storage_source_get_name(BonddStorageSource *source)
{
    return source->name;
}

gboolean
bondd_storage_source_is_read_only(BonddStorageSource *source)
{
    const BonddSettingsPluginVTable *v = source->plugin->vtable;

    return !v->can_store || !v->add || !v->update || !v->remove;
}

guint
bondd_storage_source_get_rank(BonddStorageSource *source)
{
    return source->rank;
}

GPtrArray *
bondd_storage_source_load_all(BonddStorageSource *source, GError **error)
{
    GPtrArray *stored = source->plugin->vtable->load_all(source->plugin, error);

    if (!stored)
        g_prefix_error(error, _("settings plugin %s: "), source->name);
    return stored;
}

static gboolean
refuse_read_only(BonddStorageSource *source, const char *filename, GError **error)
{
    if (!bondd_storage_source_is_read_only(source))
        return FALSE;
    g_set_error(error, BONDD_SETTINGS_ERROR, BONDD_SETTINGS_ERROR_READ_ONLY_CONNECTION,
                _("%s is read-only (settings plugin %s): clone the profile to change it"),
                filename && *filename ? filename : _("the profile"), source->name);
    return TRUE;
}

BonddStoredProfile *
bondd_storage_source_update(BonddStorageSource *source, NMConnection *connection,
                            const char *filename, GError **error)
{
    const BonddSettingsPluginVTable *v = source->plugin->vtable;

    if (refuse_read_only(source, filename, error))
        return NULL;
    if (!v->can_store(source->plugin, connection, error))
        return NULL;
    return v->update(source->plugin, connection, filename, error);
}

gboolean
bondd_storage_source_remove(BonddStorageSource *source, const char *filename, GError **error)
{
    if (refuse_read_only(source, filename, error))
        return FALSE;
    return source->plugin->vtable->remove(source->plugin, filename, error);
}

/* ---- the list ---------------------------------------------------------------- */

gboolean
bondd_settings_storage_load_file(BonddSettingsStorage *self, const char *path,
                                 BonddStoredProfile **out_profile, BonddStorageSource **out_source,
                                 GError **error)
{
    g_autoptr(GError) first = NULL;

    *out_profile = NULL;
    *out_source = NULL;
    for (guint i = 0; i < self->sources->len; i++) {
        BonddStorageSource *source = self->sources->pdata[i];
        g_autoptr(GError) local = NULL;

        if (source->plugin->vtable->load_file(source->plugin, path, out_profile, &local)) {
            *out_source = source;
            return TRUE;
        }
        if (!g_error_matches(local, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED)) {
            g_propagate_error(error, g_steal_pointer(&local));
            return FALSE;
        }
        if (!first)
            first = g_steal_pointer(&local);
    }
    g_propagate_error(error, g_steal_pointer(&first));
    return FALSE;
}

BonddStoredProfile *
bondd_settings_storage_add(BonddSettingsStorage *self, NMConnection *connection,
                           const char *plugin_name, BonddStorageSource **out_source, GError **error)
{
    g_autoptr(GString) reasons = g_string_new(NULL);

    *out_source = NULL;
    for (guint i = 0; i < self->sources->len; i++) {
        BonddStorageSource *source = self->sources->pdata[i];
        const BonddSettingsPluginVTable *v = source->plugin->vtable;
        g_autoptr(GError) local = NULL;
        BonddStoredProfile *stored;

        if (plugin_name && strcmp(plugin_name, source->name) != 0)
            continue;
        if (bondd_storage_source_is_read_only(source)) {
            g_string_append_printf(reasons, "%s%s: %s", reasons->len ? "; " : "", source->name,
                                   _("read-only"));
            continue;
        }
        if (!v->can_store(source->plugin, connection, &local)) {
            g_string_append_printf(reasons, "%s%s", reasons->len ? "; " : "", local->message);
            continue;
        }
        stored = v->add(source->plugin, connection, error);
        if (stored)
            *out_source = source;
        return stored;
    }
    if (plugin_name && reasons->len == 0)
        g_set_error(error, BONDD_SETTINGS_ERROR, BONDD_SETTINGS_ERROR_INVALID_ARGUMENTS,
                    _("there is no settings plugin '%s'"), plugin_name);
    else
        g_set_error(error, BONDD_SETTINGS_ERROR, BONDD_SETTINGS_ERROR_NOT_SUPPORTED,
                    _("no settings plugin can store this profile: %s"), reasons->str);
    return NULL;
}

static gint
compare_strings(gconstpointer a, gconstpointer b)
{
    return strcmp(*(const char *const *)a, *(const char *const *)b);
}

char **
bondd_settings_storage_get_unmanaged_specs(BonddSettingsStorage *self)
{
    g_autoptr(GHashTable) seen = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
    g_autoptr(GPtrArray) specs = g_ptr_array_new();

    for (guint i = 0; i < self->sources->len; i++) {
        BonddStorageSource *source = self->sources->pdata[i];
        g_auto(GStrv) mine = NULL;

        if (!source->plugin->vtable->get_unmanaged_specs)
            continue;
        mine = source->plugin->vtable->get_unmanaged_specs(source->plugin);
        for (guint j = 0; mine && mine[j]; j++) {
            if (g_hash_table_add(seen, g_strdup(mine[j])))
                g_ptr_array_add(specs, g_strdup(mine[j]));
        }
    }
    g_ptr_array_sort(specs, compare_strings);
    g_ptr_array_add(specs, NULL);
    return (char **)g_ptr_array_steal(specs, NULL);
}
