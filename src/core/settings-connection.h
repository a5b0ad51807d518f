/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Private between settings.c and settings-connection.c: creating and
 * changing BonddProfile objects, and the operations the
 * Settings.Connection method handlers ask BonddSettings to perform.
 */
#pragma once

#include "settings.h"

G_BEGIN_DECLS

/* Where an update should leave the profile (Update2 flags, Update...). */
typedef enum {
    BONDD_PERSIST_KEEP,        /* on disk stays on disk, in memory stays in memory */
    BONDD_PERSIST_DISK,        /* write the file (TO_DISK, Update, Save) */
    BONDD_PERSIST_MEMORY,      /* in memory; an existing file stays untouched */
    BONDD_PERSIST_MEMORY_ONLY, /* in memory; an existing file is deleted */
} BonddPersist;

/* The profile object, without D-Bus objects.  @filename: "" or NULL if
 * none. */
BonddProfile *_bondd_profile_new(BonddSettings *settings, const char *path,
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

/* Implemented in settings.c. */
/* Replace @profile's connection with @connection (NULL: keep it) and store
 * it as @persist says.  Nothing changes on failure. */
gboolean _bondd_settings_update_profile(BonddSettings *self, BonddProfile *profile,
                                        NMConnection *connection, BonddPersist persist,
                                        GError **error);
/* Delete the file (if any), then drop and unexport the profile. */
gboolean _bondd_settings_delete_profile(BonddSettings *self, BonddProfile *profile, GError **error);

G_END_DECLS
