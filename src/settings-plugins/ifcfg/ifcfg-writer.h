/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * NMConnection -> ifcfg file, with the keys, order and quoting of
 * NetworkManager's ifcfg-rh writer for bonds, bond ports and ethernet.
 */
#pragma once

#include <NetworkManager.h>

#include "shvar.h"

G_BEGIN_DECLS

/* Resolves a controller UUID to its interface name (caller frees), or NULL. */
typedef char *(*IfcfgIfaceForUuid)(gpointer user_data, const char *uuid);

/* Set the keys for @connection in @s (new or existing file): update in
 * place, append new keys, delete stale well-known keys.  Fails for types
 * the plugin cannot store. */
gboolean ifcfg_writer_construct(ShvarFile *s, NMConnection *connection,
                                IfcfgIfaceForUuid iface_for_uuid, gpointer user_data,
                                GError **error);

/* Write @connection to @existing_path (rewrite in place) or, when that is
 * NULL, to a new file in @dir named after the connection id and not in
 * @taken_paths (may be NULL).  The result is read back before anything
 * touches the disk, then written atomically.  Returns what was read back
 * (what the file now holds) and the path. */
gboolean ifcfg_writer_write(NMConnection *connection, const char *dir, const char *existing_path,
                            GHashTable *taken_paths, IfcfgIfaceForUuid iface_for_uuid,
                            gpointer user_data, char **out_path, NMConnection **out_reread,
                            GError **error);

G_END_DECLS
