/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The ifcfg settings plugin object (the BonddSettingsPlugin vtable).  The
 * module's exported factory (ifcfg-module.c) only calls ifcfg_plugin_new();
 * unit tests call it directly.
 */
#pragma once

#include <bondd/settings-plugin.h>

G_BEGIN_DECLS

/* Its configuration group is [ifcfg]; the one key is the directory. */
#define IFCFG_PLUGIN_KEY_PATH     "path"
#define IFCFG_PLUGIN_DEFAULT_PATH "/etc/sysconfig/network-scripts"

BonddSettingsPlugin *ifcfg_plugin_new(const BonddSettingsPluginConfig *config,
                                      const BonddSettingsHost *host, GError **error);

G_END_DECLS
