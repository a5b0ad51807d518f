/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * One profile (BonddProfile): what it holds, and its
 * org.freedesktop.NetworkManager.Settings.Connection object.  The methods
 * check authorization and arguments here; the changes themselves are the
 * owner's (BonddSettings), reached through the operations it gives each
 * profile, so this file depends on nothing of settings.c.
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
/* Settings.Connection Flags (NMSettingsConnectionFlags): UNSAVED, and
 * NM_GENERATED, VOLATILE, EXTERNAL for a profile bondd made up. */
guint bondd_profile_get_flags(BonddProfile *profile);

/* Fields of the profile (NULL when unset). */
const char *bondd_profile_get_connection_type(BonddProfile *profile);
/* The link's name: connection.interface-name, or the name a stacked kind
 * derives from its parent (vlan: PARENT.ID) when the parent is named by
 * interface. */
const char *bondd_profile_get_interface_name(BonddProfile *profile);
const char *bondd_profile_get_controller(BonddProfile *profile);  /* connection.master */
const char *bondd_profile_get_port_type(BonddProfile *profile);   /* connection.slave-type */
const char *bondd_profile_get_mac_address(BonddProfile *profile); /* ethernet.mac-address */
/* A stacked kind's parent: an interface name or a profile's UUID. */
const char *bondd_profile_get_parent(BonddProfile *profile);
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

/* Where an update should leave the profile (Update2 flags, Update...). */
typedef enum {
    BONDD_PERSIST_KEEP,        /* on disk stays on disk, in memory stays in memory */
    BONDD_PERSIST_DISK,        /* write the file (TO_DISK, Update, Save) */
    BONDD_PERSIST_MEMORY,      /* in memory; an existing file stays untouched */
    BONDD_PERSIST_MEMORY_ONLY, /* in memory; an existing file is deleted */
} BonddPersist;

/* What a profile's methods ask of its owner. */
typedef struct {
    /* Replace @profile's connection with @connection (NULL: keep it) and
     * store it as @persist says.  Nothing changes on failure. */
    gboolean (*update)(gpointer owner, BonddProfile *profile, NMConnection *connection,
                       BonddPersist persist, GError **error);
    /* Delete the file (if any), then drop and unexport the profile. */
    gboolean (*remove)(gpointer owner, BonddProfile *profile, GError **error);
    /* Is @profile still one of the owner's (not deleted meanwhile)? */
    gboolean (*is_listed)(gpointer owner, BonddProfile *profile);
} BonddProfileOps;

/* The profile object, without D-Bus objects.  @filename: "" or NULL if
 * none. */
BonddProfile *_bondd_profile_new(const BonddProfileOps *ops, gpointer owner, const char *path,
                                 NMConnection *connection, const char *filename, gboolean unsaved);
/* Its D-Bus object, made on first use with the properties filled so that
 * InterfacesAdded carries the real values. */
GDBusObjectSkeleton *_bondd_profile_get_object(BonddProfile *profile);
/* Replace the connection: its D-Bus form and fields are stored (the
 * NMConnection is not kept).  TRUE if what clients can read (settings or
 * secrets) differs. */
gboolean _bondd_profile_set_connection(BonddProfile *profile, NMConnection *connection);
/* Storage: the file behind the profile (kept while an in-memory change
 * shadows it, so Save can write it back) and whether it is unsaved. */
void _bondd_profile_set_storage(BonddProfile *profile, const char *filename, gboolean unsaved);
const char *_bondd_profile_get_storage_filename(BonddProfile *profile);
/* Flags besides UNSAVED (which follows the storage). */
void _bondd_profile_set_flags(BonddProfile *profile, guint flags);
/* The settings source (plugin) that owns the file; NULL for none. */
gpointer _bondd_profile_get_source(BonddProfile *profile);
void _bondd_profile_set_source(BonddProfile *profile, gpointer source);
void _bondd_profile_emit_updated(BonddProfile *profile);
void _bondd_profile_emit_removed(BonddProfile *profile);

/* Parse a client's a{sa{sv}}: 1.46 controller/port-type keys are aliased to
 * master/slave-type, then libnm builds and normalizes the profile.  Errors
 * are Settings.InvalidConnection with libnm's message, which names the
 * property ("bond.options: invalid option 'foo'"). */
NMConnection *_bondd_connection_new_from_dbus(GVariant *dict, GError **error);
/* The same without normalizing or verifying: a partial profile for a
 * caller to complete (AddAndActivateConnection); libnm's errors
 * (NM_CONNECTION_ERROR) name the property whose value it refuses. */
NMConnection *_bondd_connection_new_partial_from_dbus(GVariant *dict, GError **error);

G_END_DECLS
