/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * NetworkManager's keyfile format on disk, file by file: which names hold
 * profiles, what a new profile's file is called, and reading and writing
 * one file.  The format itself is libnm's (nm_keyfile_read/write): files
 * move between bondd and NetworkManager unchanged.
 */
#pragma once

#include <NetworkManager.h>

G_BEGIN_DECLS

#define KEYFILE_SUFFIX                                                                             \
    "."                                                                                            \
    "nmconnection"

/* Files larger than this are refused rather than read. */
#define KEYFILE_MAX_SIZE (1024 * 1024)

/* Does a file called @name (no directory) hold a profile?  As
 * NetworkManager decides for its /etc directory: hidden files, backups
 * (~), temporary files (.XXXXXX) and certificates (.pem, .der) do not;
 * names without the .nmconnection suffix do (older files). */
gboolean keyfile_files_is_profile_name(const char *name);

/* The path for a new file for @connection in @dir: its id made a file name
 * (slashes and a leading dot escaped), with the suffix; when that is taken
 * (on disk or in @taken, paths), the id and the UUID, then a counter. */
char *keyfile_files_new_path(const char *dir, NMConnection *connection, GHashTable *taken);

/* The profile in @path: regular file, owned by us and not readable or
 * writable by others (NetworkManager refuses the same), at most
 * KEYFILE_MAX_SIZE; libnm reads it, warnings are logged with the file
 * name; the id and UUID fall back to NetworkManager's (file name; a hash of
 * the path); then normalized and verified.  Errors name the file. */
NMConnection *keyfile_files_read(const char *path, GError **error);

/* Write @connection to @path atomically, mode 0600. */
gboolean keyfile_files_write(const char *path, NMConnection *connection, GError **error);

/* Remove temporary files a write interrupted by a crash left in @dir (the
 * pattern of our own writes only); returns how many. */
guint keyfile_files_remove_leftovers(const char *dir);

G_END_DECLS
