/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Plugin loader: opens the GModules in the plugin directory and resolves
 * their one exported constructor each (see src/include/bondd/).  Unit tests
 * register in-process plugins through the same entry points.
 */
#pragma once

#include <bondd/device-plugin.h>
#include <bondd/settings-plugin.h>

#include "bondd-config.h"
#include "daemon.h"

G_BEGIN_DECLS

typedef struct {
    char *name; /* "ifcfg", from libbondd-settings-ifcfg.so */
    BonddSettingsPluginFactory factory;
} BonddSettingsPluginEntry;

struct _BonddPlugins {
    GPtrArray *modules;          /* GModule*, closed last */
    GPtrArray *settings_plugins; /* BonddSettingsPluginEntry*, sorted by name */
    GPtrArray *device_factories; /* const BonddDeviceFactory* */
};

BonddPlugins *bondd_plugins_new(void);
/* Load every libbondd-settings-*.so and libbondd-device-*.so of
 * @config's plugin directory; device plugins get their configuration group
 * and the state directory now.  Errors name the file and the reason
 * (dlerror(), the ABI, a kind the core does not know). */
gboolean bondd_plugins_load_dir(BonddPlugins *plugins, const BonddConfig *config, GError **error);
void bondd_plugins_free(BonddPlugins *plugins);

void bondd_plugins_add_settings_factory(BonddPlugins *plugins, const char *name,
                                        BonddSettingsPluginFactory factory);
/* Refused unless its ABI is ours and every kind it declares is in the kind
 * table with the same flags; @origin (a file name) is for the message. */
gboolean bondd_plugins_add_device_factory(BonddPlugins *plugins, const BonddDeviceFactory *factory,
                                          const char *origin, GError **error);

BonddSettingsPluginFactory bondd_plugins_find_settings_factory(BonddPlugins *plugins,
                                                               const char *name);
/* Is there a plugin (settings or device) of that name?  A configuration
 * group of that name is its. */
gboolean bondd_plugins_has(BonddPlugins *plugins, const char *name);
/* The device factory realising links of kind @link_kind, or NULL. */
const BonddDeviceFactory *bondd_plugins_find_device_factory(BonddPlugins *plugins,
                                                            const char *link_kind);

G_END_DECLS
