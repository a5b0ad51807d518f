/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * A settings plugin's watch on its storage directory: after a burst of
 * file events has gone quiet, the files that matter (a filter decides) are
 * compared with what the plugin last read or wrote, and only a difference
 * -- an edit behind the plugin's back -- is reported.  The plugin's own
 * writes, and editors' temporary files that come and go, are not.
 */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

typedef struct _BonddStorageWatch BonddStorageWatch;

/* Does the file named @name (no directory) hold a profile? */
typedef gboolean (*BonddStorageWatchFilter)(const char *name);
typedef void (*BonddStorageWatchChanged)(gpointer user_data);

/* Quiet time after the last event before the directory is compared. */
#define BONDD_STORAGE_WATCH_DEBOUNCE_MS 150

/* Watch @dir (which may not exist yet); NULL with @error if the monitor
 * cannot be set up.  The snapshot starts empty: call
 * bondd_storage_watch_rescan() after the first load. */
BonddStorageWatch *bondd_storage_watch_new(const char *dir, BonddStorageWatchFilter filter,
                                           BonddStorageWatchChanged changed, gpointer user_data,
                                           GError **error);
void bondd_storage_watch_free(BonddStorageWatch *self);
/* The directory as it is now is what the plugin knows (before a load). */
void bondd_storage_watch_rescan(BonddStorageWatch *self);
/* The plugin just wrote, read or removed @path: record its state. */
void bondd_storage_watch_note(BonddStorageWatch *self, const char *path);

G_DEFINE_AUTOPTR_CLEANUP_FUNC(BonddStorageWatch, bondd_storage_watch_free)

G_END_DECLS
