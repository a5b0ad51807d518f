/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Settings: the org.freedesktop.NetworkManager.Settings object and the list
 * of profiles (BonddProfile, settings-connection.h), backed by the list of
 * settings plugins.  Other core modules (manager, activation) use this API.
 */
#pragma once

#include <NetworkManager.h>

#include "daemon.h"
#include "settings-connection.h"

G_BEGIN_DECLS

#define BONDD_TYPE_SETTINGS (bondd_settings_get_type())
G_DECLARE_FINAL_TYPE(BonddSettings, bondd_settings, BONDD, SETTINGS, GObject)

/* Signals on BonddSettings (all with a BonddProfile* argument):
 *  "profile-added"    after the object is exported and listed;
 *  "profile-updated"  after the stored connection was replaced;
 *  "profile-removed"  BEFORE the object is unexported: handlers must drop
 *                     every reference to its path now (e.g. deactivate an
 *                     active connection pointing at it, pitfall P5).
 * and "unmanaged-specs-changed" (no argument). */

BonddSettings *bondd_settings_new(BonddDaemon *daemon);
/* Start the settings plugins (the configured ones, in the configured order)
 * and load every profile (not yet on D-Bus). */
gboolean bondd_settings_start(BonddSettings *self, GError **error);
/* Put the loaded profiles on D-Bus, once, after the start-up policy pass.
 * Later profiles are exported as added. */
void bondd_settings_export_profiles(BonddSettings *self);
/* Re-read all files of every plugin and consolidate (SIGHUP,
 * ReloadConnections): profiles whose files vanished are removed, new ones
 * added, changed ones updated. */
gboolean bondd_settings_reload(BonddSettings *self, GError **error);
/* A new profile from @connection (normalized, verified): written by the
 * plugin named @plugin_name, else by the first writable one that can store
 * it (@to_disk), or kept in memory.  Settings.* errors. */
BonddProfile *bondd_settings_add_profile(BonddSettings *self, NMConnection *connection,
                                         gboolean to_disk, const char *plugin_name, GError **error);
/* The same with Settings.Connection @flags besides UNSAVED (NM_GENERATED,
 * VOLATILE, EXTERNAL), shown from the start.  A volatile profile goes once
 * no activation uses it any more (the activation engine sees to it); any
 * update makes it an ordinary profile. */
BonddProfile *bondd_settings_add_profile_full(BonddSettings *self, NMConnection *connection,
                                              gboolean to_disk, const char *plugin_name,
                                              guint flags, GError **error);
/* Replace @profile's connection with @connection (NULL: keep it) and store
 * it as @persist says; a read-only plugin's profile is refused with
 * ReadOnlyConnection.  Nothing changes on failure. */
gboolean bondd_settings_update_profile(BonddSettings *self, BonddProfile *profile,
                                       NMConnection *connection, BonddPersist persist,
                                       GError **error);
/* A generated profile follows the link it describes: @connection replaces
 * it in memory, and it stays generated (its flags are kept). */
void bondd_settings_update_generated_profile(BonddSettings *self, BonddProfile *profile,
                                             NMConnection *connection);
/* Delete the file (if any), then drop and unexport the profile. */
gboolean bondd_settings_delete_profile(BonddSettings *self, BonddProfile *profile, GError **error);

/* The name of the settings plugin that stores @profile ("ifcfg"), or NULL
 * for a profile only in memory. */
const char *bondd_settings_get_profile_plugin(BonddSettings *self, BonddProfile *profile);

/* Profiles in load order (BonddProfile*, container owned by settings). */
GPtrArray *bondd_settings_get_profiles(BonddSettings *self);
BonddProfile *bondd_settings_find_by_path(BonddSettings *self, const char *object_path);
BonddProfile *bondd_settings_find_by_uuid(BonddSettings *self, const char *uuid);
/* A port's connection.master: a profile with that UUID first, else a
 * controller profile whose interface-name equals it (NM's rule). */
BonddProfile *bondd_settings_find_controller(BonddSettings *self, const char *master);
/* Unmanaged device specs from the settings plugins (NULL-terminated). */
const char *const *bondd_settings_get_unmanaged_specs(BonddSettings *self);

G_END_DECLS
