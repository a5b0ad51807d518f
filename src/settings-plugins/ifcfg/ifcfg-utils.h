/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * ifcfg file-name rules: which directory entries are profiles, the UUID of a
 * file without UUID=, names for new files, and the list of keys the writer
 * owns (well-known keys).
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define IFCFG_PREFIX "ifcfg-"

/* TRUE if the base name @name is not a profile file: no "ifcfg-" prefix
 * (with @only_ifcfg; else keys-/route-/route6- are accepted too), nothing
 * after the prefix, a backup/temp suffix, or an rpm ";xxxxxxxx" temp name. */
gboolean ifcfg_utils_should_ignore_file(const char *name, gboolean only_ifcfg);

/* The part after "ifcfg-" of @path's base name, or NULL.  Points into
 * @path. */
const char *ifcfg_utils_get_ifcfg_name(const char *path);

/* TRUE if @path's base name is an alias file ("ifcfg-eth0:1") whose base
 * file ("ifcfg-eth0") exists next to it. */
gboolean ifcfg_utils_is_alias_of_existing(const char *path);

/* Map an absolute path given by a user (ifcfg-, keys-, route-, route6-
 * file, or an alias whose base exists) to its ifcfg base file.  NULL if it
 * is not such a name. */
char *ifcfg_utils_detect_ifcfg_path(const char *path);

/* The companion file "<prefix><name>" of an ifcfg path ("keys-",
 * "route-", "route6-"). */
char *ifcfg_utils_get_extra_path(const char *ifcfg_path, const char *prefix);

/* NetworkManager's UUID for a file without UUID=: MD5 of the path bytes,
 * formatted 8-4-4-4-12 in lower case, no version bits. */
char *ifcfg_utils_uuid_from_path(const char *path);

/* "ifcfg-" + @id with ' ' -> '_' and \\][|/=()!: -> '-', as ifcfg-rh does,
 * and control characters -> '-' too (a newline in a file name would forge
 * log lines); at most 200 bytes of @id, cut at a character boundary. */
char *ifcfg_utils_escape_id(const char *id);

/* A path in @dir for a new profile named @id that does not exist yet (and
 * is not in @taken, a set of paths, may be NULL): "ifcfg-ID", then
 * "ifcfg-ID-1", ..., skipping names the reader ignores ("ifcfg-x.bak" ->
 * "ifcfg-x.bak-1"). NULL if all are taken. */
char *ifcfg_utils_new_path(const char *dir, const char *id, GHashTable *taken);

/* Keys that the writer owns: a stale one is deleted on rewrite. */
gboolean ifcfg_utils_is_well_known_key(const char *key);

/* A G_IO_ERROR @code whose message starts with the file's @path, as every
 * reader error does. */
void ifcfg_utils_set_error(GError **error, int code, const char *path, const char *fmt, ...)
    G_GNUC_PRINTF(4, 5);

G_END_DECLS
