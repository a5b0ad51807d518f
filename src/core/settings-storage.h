/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Where profiles are stored: the list of settings plugins, in the configured
 * order.  Each plugin is a source; a profile belongs to the source that read
 * it, and a new one goes to the first writable source that can store it.
 * This layer routes reads and writes to the right plugin and turns a
 * read-only or unsuitable one into NetworkManager's errors; it knows
 * nothing of D-Bus or of the profile objects built from what it reads.
 */
#pragma once

#include <bondd/settings-plugin.h>

#include "bondd-config.h"
#include "plugins.h"

G_BEGIN_DECLS

typedef struct _BonddSettingsStorage BonddSettingsStorage;
typedef struct _BonddStorageSource BonddStorageSource;

/* @changed: a source's files changed on disk (debounced by the plugin). */
typedef void (*BonddStorageChangedFunc)(BonddStorageSource *source, gpointer user_data);
/* The interface name of the profile with @uuid (whichever source has it),
 * or NULL; caller frees. */
typedef char *(*BonddStorageIfaceFunc)(const char *uuid, gpointer user_data);

/* Start the settings plugins @config names (settings-plugins=, in that
 * order; when unset, every loaded writable one by name: a read-only plugin
 * runs only when named).  Each gets its own group of the configuration
 * file.  Errors name the plugin. */
BonddSettingsStorage *bondd_settings_storage_new(BonddPlugins *plugins, const BonddConfig *config,
                                                 BonddStorageChangedFunc changed,
                                                 BonddStorageIfaceFunc iface_for_uuid,
                                                 gpointer user_data, GError **error);
void bondd_settings_storage_free(BonddSettingsStorage *self);

/* The sources in order (container owned by the storage). */
GPtrArray *bondd_settings_storage_get_sources(BonddSettingsStorage *self);
const char *bondd_storage_source_get_name(BonddStorageSource *source);
gboolean bondd_storage_source_is_read_only(BonddStorageSource *source);
/* Its place in the configured order (0 first): an earlier source wins a
 * UUID that two sources hold. */
guint bondd_storage_source_get_rank(BonddStorageSource *source);

/* Every profile the source holds (BonddStoredProfile*, see the ABI). */
GPtrArray *bondd_storage_source_load_all(BonddStorageSource *source, GError **error);

/* Read one file: the first source it belongs to reads it.  TRUE with
 * *out_profile NULL when the file is gone. */
gboolean bondd_settings_storage_load_file(BonddSettingsStorage *self, const char *path,
                                          BonddStoredProfile **out_profile,
                                          BonddStorageSource **out_source, GError **error);

/* Write a new profile: to the source named @plugin_name if given, else to
 * the first writable one that can store it.  The error says why none
 * could. */
BonddStoredProfile *bondd_settings_storage_add(BonddSettingsStorage *self, NMConnection *connection,
                                               const char *plugin_name,
                                               BonddStorageSource **out_source, GError **error);
/* Rewrite @filename of @source; Settings.ReadOnlyConnection (naming the
 * file) for a read-only source. */
BonddStoredProfile *bondd_storage_source_update(BonddStorageSource *source,
                                                NMConnection *connection, const char *filename,
                                                GError **error);
gboolean bondd_storage_source_remove(BonddStorageSource *source, const char *filename,
                                     GError **error);

/* The unmanaged device specs of every source, sorted, without duplicates;
 * NULL-terminated, caller frees. */
char **bondd_settings_storage_get_unmanaged_specs(BonddSettingsStorage *self);

G_END_DECLS
