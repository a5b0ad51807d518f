/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The one symbol libbondd-settings-ifupdown.so exports: the plugin factory
 * the host resolves with g_module_symbol().  Everything else is hidden.
 */
#include "config.h"

#include <gmodule.h>

#include "ifupdown-plugin.h"

G_MODULE_EXPORT BonddSettingsPlugin *
bondd_settings_plugin_factory(const BonddSettingsPluginConfig *config,
                              const BonddSettingsHost *host, GError **error);

/* The compiler checks that the export matches the ABI's typedef. */
G_STATIC_ASSERT(sizeof(BonddSettingsPluginFactory) == sizeof(&bondd_settings_plugin_factory));
static G_GNUC_UNUSED const BonddSettingsPluginFactory factory_type_check =
    bondd_settings_plugin_factory;

G_MODULE_EXPORT BonddSettingsPlugin *
bondd_settings_plugin_factory(const BonddSettingsPluginConfig *config,
                              const BonddSettingsHost *host, GError **error)
{
    return ifupdown_plugin_new(config, host, error);
}
