/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The keyfile settings plugin: profiles in NetworkManager's keyfile format
 * (*.nmconnection) in one directory, [keyfile] path (default
 * /etc/bondd/system-connections).  It can store every kind of profile, so
 * it is where whatever another plugin cannot hold goes.  [keyfile]
 * unmanaged-devices lists devices to leave alone (NetworkManager's spec
 * syntax).
 */
#pragma once

#include <bondd/settings-plugin.h>

G_BEGIN_DECLS

#define KEYFILE_PLUGIN_DEFAULT_PATH  "/etc/bondd/system-connections"
#define KEYFILE_PLUGIN_KEY_PATH      "path"
#define KEYFILE_PLUGIN_KEY_UNMANAGED "unmanaged-devices"

BonddSettingsPlugin *keyfile_plugin_new(const BonddSettingsPluginConfig *config,
                                        const BonddSettingsHost *host, GError **error);

G_END_DECLS
