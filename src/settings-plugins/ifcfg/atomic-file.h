/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Replacing a file atomically, and cleaning up after writers that died.
 *
 * The new contents go to a temp file next to the target,
 * ".<name>.bondd-XXXXXX", which its writer holds locked (flock) until it
 * has been renamed over the target.  A writer killed half-way (kill -9,
 * power loss) leaves that temp file behind; atomic_file_sweep() removes
 * such files, and only those: names of exactly this pattern that no live
 * process holds locked.  Names starting with '.' are never profiles.
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Replace @path with @len bytes of @data: temp file, fsync, rename, fsync
 * of the directory.  A new file gets @mode, an existing one keeps its
 * mode.  On failure the old file is untouched, no temp file is left and
 * the G_FILE_ERROR names @path. */
gboolean atomic_file_replace(const char *path, const char *data, gsize len, int mode,
                             GError **error);

/* TRUE if @name (a base name) has the pattern of our temp files. */
gboolean atomic_file_is_temp_name(const char *name);

/* Remove the temp files in @dir that no process is writing, logging each.
 * Returns how many were removed. */
guint atomic_file_sweep(const char *dir);

G_END_DECLS
