/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Plugin loader.  File names select the kind (libbondd-settings-*.so,
 * libbondd-device-*.so); each module exports one constructor symbol.  Every
 * error names the file and the reason, since a broken install is the usual
 * cause and the operator has to find which file.
 */
#include "config.h"

#include <string.h>

#include <glib/gi18n.h>

#include "plugins.h"

#include "device-kind.h"

#define SETTINGS_PREFIX "libbondd-settings-"
#define DEVICE_PREFIX   "libbondd-device-"
#define MODULE_SUFFIX   ".so"

static gboolean
is_plugin_name(const char *name, const char *prefix)
{
    return g_str_has_prefix(name, prefix) && g_str_has_suffix(name, MODULE_SUFFIX) &&
           strlen(name) > strlen(prefix) + strlen(MODULE_SUFFIX);
}

static GModule *
open_module(const char *path, GError **error)
{
    /* LOCAL: two plugins may well define helpers with the same name. */
    /* Resolve every symbol now (no BIND_LAZY): a plugin built against
     * something missing must fail at start with the symbol named, not crash
     * on its first use. */
    GModule *module = g_module_open(path, G_MODULE_BIND_LOCAL);

    if (!module)
        g_set_error(error, G_IO_ERROR, G_IO_ERROR_FAILED, _("plugin %s: cannot load: %s"), path,
                    g_module_error());
    return module;
}

static gboolean
resolve(GModule *module, const char *path, const char *symbol, gpointer *out, GError **error)
{
    if (!g_module_symbol(module, symbol, out) || !*out) {
        g_set_error(error, G_IO_ERROR, G_IO_ERROR_FAILED, _("plugin %s: does not export %s: %s"),
                    path, symbol, g_module_error());
        return FALSE;
    }
    return TRUE;
}

BonddPlugins *
bondd_plugins_new(void)
{
    BonddPlugins *plugins = g_new0(BonddPlugins, 1);

    plugins->modules = g_ptr_array_new();
    plugins->settings_plugins = g_ptr_array_new();
    plugins->device_factories = g_ptr_array_new();
    return plugins;
}

static gint
compare_entries(gconstpointer a, gconstpointer b)
{
    const BonddSettingsPluginEntry *ea = *(BonddSettingsPluginEntry *const *)a;
    const BonddSettingsPluginEntry *eb = *(BonddSettingsPluginEntry *const *)b;

    return strcmp(ea->name, eb->name);
}

void
bondd_plugins_add_settings_factory(BonddPlugins *plugins, const char *name,
                                   BonddSettingsPluginFactory factory)
{
    BonddSettingsPluginEntry *entry = g_new0(BonddSettingsPluginEntry, 1);

    entry->name = g_strdup(name);
    entry->factory = factory;
    g_ptr_array_add(plugins->settings_plugins, entry);
    g_ptr_array_sort(plugins->settings_plugins, compare_entries);
}

BonddSettingsPluginFactory
bondd_plugins_find_settings_factory(BonddPlugins *plugins, const char *name)
{
    for (guint i = 0; i < plugins->settings_plugins->len; i++) {
        BonddSettingsPluginEntry *entry = plugins->settings_plugins->pdata[i];

        if (g_strcmp0(entry->name, name) == 0)
            return entry->factory;
    }
    return NULL;
}

gboolean
bondd_plugins_add_device_factory(BonddPlugins *plugins, const BonddDeviceFactory *factory,
                                 const char *origin, GError **error)
{
    if (factory->abi_version != BONDD_DEVICE_PLUGIN_ABI_VERSION) {
        g_set_error(error, G_IO_ERROR, G_IO_ERROR_FAILED,
                    _("plugin %s: built for device plugin ABI %u, this bondd has ABI %u"), origin,
                    factory->abi_version, BONDD_DEVICE_PLUGIN_ABI_VERSION);
        return FALSE;
    }
    for (const BonddDeviceKindInfo *k = factory->kinds; k && k->link_kind; k++) {
        const BonddDeviceKind *kind = bondd_device_kind_for_link_kind(k->link_kind);
        guint wanted = bondd_device_kind_traits_from_plugin_flags(k->flags);
        guint mask = BONDD_KIND_SOFTWARE | BONDD_KIND_CONTROLLER | BONDD_KIND_NEEDS_PARENT;

        if (!kind || g_strcmp0(kind->setting_type, k->setting_type) != 0) {
            g_set_error(error, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED,
                        _("plugin %s: realises links of kind '%s' (profiles of type '%s'), "
                          "which this bondd does not know"),
                        origin, k->link_kind, k->setting_type ? k->setting_type : "");
            return FALSE;
        }
        if ((kind->traits & mask) != wanted) {
            g_set_error(error, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED,
                        _("plugin %s: declares kind '%s' with other flags (controller, parent) "
                          "than this bondd"),
                        origin, k->link_kind);
            return FALSE;
        }
        if (bondd_plugins_find_device_factory(plugins, k->link_kind)) {
            g_set_error(error, G_IO_ERROR, G_IO_ERROR_EXISTS,
                        _("plugin %s: another device plugin realises kind '%s' already"), origin,
                        k->link_kind);
            return FALSE;
        }
    }
    g_ptr_array_add(plugins->device_factories, (gpointer)factory);
    return TRUE;
}

static gboolean
load_device_plugin(BonddPlugins *plugins, const char *path, const char *file_name,
                   const BonddConfig *config, GError **error)
{
    g_autoptr(GError) local = NULL;
    g_autofree char *name =
        g_strndup(file_name + strlen(DEVICE_PREFIX),
                  strlen(file_name) - strlen(DEVICE_PREFIX) - strlen(MODULE_SUFFIX));
    BonddDevicePluginConfig pconfig = {
        .keyfile = config->keyfile,
        .group = name,
        .state_dir = config->state_dir,
    };
    GModule *module;
    gpointer sym = NULL;
    const BonddDeviceFactory *factory;

    module = open_module(path, error);
    if (!module)
        return FALSE;
    if (!resolve(module, path, BONDD_DEVICE_FACTORY_SYMBOL, &sym, error)) {
        g_module_close(module);
        return FALSE;
    }
    factory = ((BonddDeviceFactoryFunc)sym)(&pconfig, &local);
    if (!factory) {
        g_set_error(error, G_IO_ERROR, G_IO_ERROR_FAILED, _("plugin %s: initialisation failed: %s"),
                    path, local ? local->message : _("no reason given"));
        g_module_close(module);
        return FALSE;
    }
    if (!bondd_plugins_add_device_factory(plugins, factory, path, error)) {
        g_module_close(module);
        return FALSE;
    }
    g_ptr_array_add(plugins->modules, module);
    g_debug("loaded device plugin %s (%s)", path, factory->name);
    return TRUE;
}

static gboolean
load_settings_plugin(BonddPlugins *plugins, const char *path, const char *file_name, GError **error)
{
    g_autofree char *name = NULL;
    GModule *module;
    gpointer sym = NULL;

    module = open_module(path, error);
    if (!module)
        return FALSE;
    if (!resolve(module, path, BONDD_SETTINGS_PLUGIN_FACTORY_SYMBOL, &sym, error)) {
        g_module_close(module);
        return FALSE;
    }
    /* libbondd-settings-NAME.so */
    name = g_strndup(file_name + strlen(SETTINGS_PREFIX),
                     strlen(file_name) - strlen(SETTINGS_PREFIX) - strlen(MODULE_SUFFIX));
    g_ptr_array_add(plugins->modules, module);
    bondd_plugins_add_settings_factory(plugins, name, (BonddSettingsPluginFactory)sym);
    g_debug("loaded settings plugin %s (%s)", path, name);
    return TRUE;
}

static gint
compare_strings(gconstpointer a, gconstpointer b)
{
    return strcmp(*(const char *const *)a, *(const char *const *)b);
}

gboolean
bondd_plugins_has(BonddPlugins *plugins, const char *name)
{
    if (bondd_plugins_find_settings_factory(plugins, name))
        return TRUE;
    for (guint i = 0; i < plugins->device_factories->len; i++) {
        const BonddDeviceFactory *f = plugins->device_factories->pdata[i];

        if (g_strcmp0(f->name, name) == 0)
            return TRUE;
    }
    return FALSE;
}

gboolean
bondd_plugins_load_dir(BonddPlugins *plugins, const BonddConfig *config, GError **error)
{
    const char *plugin_dir = config->plugin_dir;
    g_autoptr(GError) local = NULL;
    g_autoptr(GDir) dir = NULL;
    g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func(g_free);
    const char *name;

    if (!g_module_supported()) {
        g_set_error_literal(error, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED,
                            _("this system cannot load plugins (no dynamic loading)"));
        return FALSE;
    }
    dir = g_dir_open(plugin_dir, 0, &local);
    if (!dir) {
        g_set_error(error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND, _("plugin directory %s: %s"),
                    plugin_dir, local->message);
        return FALSE;
    }
    while ((name = g_dir_read_name(dir))) {
        if (is_plugin_name(name, SETTINGS_PREFIX) || is_plugin_name(name, DEVICE_PREFIX))
            g_ptr_array_add(names, g_strdup(name));
    }
    /* Deterministic order, whatever readdir() returns. */
    g_ptr_array_sort(names, compare_strings);

    for (guint i = 0; i < names->len; i++) {
        const char *file_name = names->pdata[i];
        g_autofree char *path = g_build_filename(plugin_dir, file_name, NULL);
        gboolean ok = is_plugin_name(file_name, SETTINGS_PREFIX)
                          ? load_settings_plugin(plugins, path, file_name, error)
                          : load_device_plugin(plugins, path, file_name, config, error);

        if (!ok)
            return FALSE;
    }
    if (plugins->settings_plugins->len == 0) {
        g_set_error(error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND,
                    _("plugin directory %s: no settings plugin (%s*%s) found"), plugin_dir,
                    SETTINGS_PREFIX, MODULE_SUFFIX);
        return FALSE;
    }
    return TRUE;
}

void
bondd_plugins_free(BonddPlugins *plugins)
{
    if (!plugins)
        return;
    for (guint i = 0; i < plugins->settings_plugins->len; i++) {
        BonddSettingsPluginEntry *entry = plugins->settings_plugins->pdata[i];

        g_free(entry->name);
        g_free(entry);
    }
    g_ptr_array_unref(plugins->settings_plugins);
    g_ptr_array_unref(plugins->device_factories);
    /* Modules stay mapped until the end: objects they created may still be
     * finalised after this point in some shutdown orders, so closing is the
     * last thing we do and only here. */
    for (guint i = 0; i < plugins->modules->len; i++)
        g_module_close(plugins->modules->pdata[i]);
    g_ptr_array_unref(plugins->modules);
    g_free(plugins);
}

const BonddDeviceFactory *
bondd_plugins_find_device_factory(BonddPlugins *plugins, const char *link_kind)
{
    g_return_val_if_fail(plugins, NULL);

    for (guint i = 0; link_kind && i < plugins->device_factories->len; i++) {
        const BonddDeviceFactory *f = plugins->device_factories->pdata[i];

        for (const BonddDeviceKindInfo *k = f->kinds; k && k->link_kind; k++) {
            if (strcmp(k->link_kind, link_kind) == 0)
                return f;
        }
    }
    return NULL;
}
