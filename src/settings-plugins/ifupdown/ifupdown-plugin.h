/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The ifupdown settings plugin object (the BonddSettingsPlugin vtable): a
 * read-only view of the bonds of Debian's /etc/network/interfaces.  The
 * module's exported factory (ifupdown-module.c) only calls
 * ifupdown_plugin_new(); unit tests and the migration call it directly.
 */
#pragma once

#include <bondd/settings-plugin.h>

G_BEGIN_DECLS

/* Its configuration group is [ifupdown]; the one key is the file. */
#define IFUPDOWN_PLUGIN_KEY_PATH     "path"
#define IFUPDOWN_PLUGIN_DEFAULT_PATH "/etc/network/interfaces"

/* Milliseconds between the last change seen on disk and storage_changed. */
#define IFUPDOWN_PLUGIN_DEBOUNCE_MS 300

BonddSettingsPlugin *ifupdown_plugin_new(const BonddSettingsPluginConfig *config,
                                         const BonddSettingsHost *host, GError **error);

G_END_DECLS
