/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Settings: the org.freedesktop.NetworkManager.Settings object and one
 * Settings.Connection object (BonddProfile) per profile, backed by the list
 * of settings plugins.  Other core modules (manager, activation) use this
 * API.
 */
#pragma once

#include <NetworkManager.h>

#include "daemon.h"

G_BEGIN_DECLS

#define BONDD_TYPE_PROFILE (bondd_profile_get_type())
G_DECLARE_FINAL_TYPE(BonddProfile, bondd_profile, BONDD, PROFILE, GObject)

/* The profile as served, parsed anew (normalized, verified; caller owns
 * it).  Parsing costs tens of microseconds: for decisions over many
 * profiles use the field getters below. */
NMConnection *bondd_profile_dup_connection(BonddProfile *profile);
const char *bondd_profile_get_path(BonddProfile *profile); /* D-Bus object path */
const char *bondd_profile_get_uuid(BonddProfile *profile);
const char *bondd_profile_get_id(BonddProfile *profile);
const char *bondd_profile_get_filename(BonddProfile *profile); /* "" when unsaved */
gboolean bondd_profile_get_unsaved(BonddProfile *profile);

/* Fields of the profile (NULL when unset). */
const char *bondd_profile_get_connection_type(BonddProfile *profile);
const char *bondd_profile_get_interface_name(BonddProfile *profile);
const char *bondd_profile_get_controller(BonddProfile *profile);  /* connection.master */
const char *bondd_profile_get_port_type(BonddProfile *profile);   /* connection.slave-type */
const char *bondd_profile_get_mac_address(BonddProfile *profile); /* ethernet.mac-address */
gboolean bondd_profile_get_autoconnect(BonddProfile *profile);
NMSettingConnectionAutoconnectSlaves bondd_profile_get_autoconnect_ports(BonddProfile *profile);

/* Why autoconnect must leave a profile alone (as NetworkManager's blocked
 * reasons; in memory only, like them). */
typedef enum {
    /* A client added or updated it with the BLOCK_AUTOCONNECT flag (0x20):
     * it activates the profile itself, or not at all. */
    BONDD_AUTOCONNECT_BLOCKED_BY_CLIENT = 1 << 0,
    /* A user took it down by hand: it stays down (a port is not brought
     * back with its controller) until a user activates it again. */
    BONDD_AUTOCONNECT_BLOCKED_BY_USER = 1 << 1,
} BonddAutoconnectBlock;

/* The reasons set (0: autoconnect may use it). */
guint bondd_profile_get_autoconnect_blocked(BonddProfile *profile);
void bondd_profile_set_autoconnect_blocked(BonddProfile *profile, BonddAutoconnectBlock reason,
                                           gboolean blocked);

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
