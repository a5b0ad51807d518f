/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * A settings plugin's storage watch (see storage-watch.h).  A file's state
 * is its inode, size, mtime and ctime: enough to tell a rewrite (atomic
 * writes replace the inode) from a file left alone.
 */
#include "config.h"

#include "storage-watch.h"

#include <string.h>
#include <sys/stat.h>

struct _BonddStorageWatch {
    char *dir;
    BonddStorageWatchFilter filter;
    BonddStorageWatchChanged changed;
    gpointer user_data;
    GFileMonitor *monitor;
    guint debounce_id;
    GHashTable *snapshot; /* path -> struct stat, of every file that matters */
};

static gboolean
stat_equal(const struct stat *a, const struct stat *b)
{
    return a->st_dev == b->st_dev && a->st_ino == b->st_ino && a->st_size == b->st_size &&
           a->st_mtim.tv_sec == b->st_mtim.tv_sec && a->st_mtim.tv_nsec == b->st_mtim.tv_nsec &&
           a->st_ctim.tv_sec == b->st_ctim.tv_sec && a->st_ctim.tv_nsec == b->st_ctim.tv_nsec;
}

static void
record(GHashTable *snapshot, const char *path)
{
    struct stat st;

    if (lstat(path, &st) == 0)
        g_hash_table_insert(snapshot, g_strdup(path), g_memdup2(&st, sizeof(st)));
    else
        g_hash_table_remove(snapshot, path);
}

static GHashTable *
snapshot_take(BonddStorageWatch *self)
{
    GHashTable *snapshot = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, g_free);
    g_autoptr(GDir) dir = g_dir_open(self->dir, 0, NULL);
    const char *name;

    while (dir && (name = g_dir_read_name(dir))) {
        g_autofree char *path = NULL;

        if (!self->filter(name))
            continue;
        path = g_build_filename(self->dir, name, NULL);
        record(snapshot, path);
    }
    return snapshot;
}

static gboolean
snapshot_equal(GHashTable *a, GHashTable *b)
{
    GHashTableIter iter;
    gpointer key, value;

    if (g_hash_table_size(a) != g_hash_table_size(b))
        return FALSE;
    g_hash_table_iter_init(&iter, a);
    while (g_hash_table_iter_next(&iter, &key, &value)) {
        const struct stat *other = g_hash_table_lookup(b, key);

        if (!other || !stat_equal(value, other))
            return FALSE;
    }
    return TRUE;
}

static gboolean
debounce_cb(gpointer user_data)
{
    BonddStorageWatch *self = user_data;
    GHashTable *now = snapshot_take(self);

    self->debounce_id = 0;
    if (snapshot_equal(now, self->snapshot)) {
        g_hash_table_unref(now);
        return G_SOURCE_REMOVE;
    }
    /* Reported once for this state; the plugin's host reloads. */
    g_hash_table_unref(self->snapshot);
    self->snapshot = now;
    self->changed(self->user_data);
    return G_SOURCE_REMOVE;
}

static void
monitor_changed_cb(GFileMonitor *monitor, GFile *file, GFile *other, GFileMonitorEvent event,
                   gpointer user_data)
{
    BonddStorageWatch *self = user_data;

    switch (event) {
        case G_FILE_MONITOR_EVENT_CHANGES_DONE_HINT:
        case G_FILE_MONITOR_EVENT_CHANGED:
        case G_FILE_MONITOR_EVENT_CREATED:
        case G_FILE_MONITOR_EVENT_DELETED:
        case G_FILE_MONITOR_EVENT_ATTRIBUTE_CHANGED:
        case G_FILE_MONITOR_EVENT_RENAMED:
        case G_FILE_MONITOR_EVENT_MOVED_IN:
        case G_FILE_MONITOR_EVENT_MOVED_OUT:
            break;
        default:
            return;
    }
    /* Editors and our own writes come in bursts: wait for quiet. */
    g_clear_handle_id(&self->debounce_id, g_source_remove);
    self->debounce_id = g_timeout_add(BONDD_STORAGE_WATCH_DEBOUNCE_MS, debounce_cb, self);
}

BonddStorageWatch *
bondd_storage_watch_new(const char *dir, BonddStorageWatchFilter filter,
                        BonddStorageWatchChanged changed, gpointer user_data, GError **error)
{
    g_autoptr(GFile) file = g_file_new_for_path(dir);
    GFileMonitor *monitor = g_file_monitor_directory(file, G_FILE_MONITOR_WATCH_MOVES, NULL, error);
    BonddStorageWatch *self;

    if (!monitor)
        return NULL;
    self = g_new0(BonddStorageWatch, 1);
    self->dir = g_strdup(dir);
    self->filter = filter;
    self->changed = changed;
    self->user_data = user_data;
    self->monitor = monitor;
    self->snapshot = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, g_free);
    g_signal_connect(monitor, "changed", G_CALLBACK(monitor_changed_cb), self);
    return self;
}

void
bondd_storage_watch_free(BonddStorageWatch *self)
{
    if (!self)
        return;
    g_signal_handlers_disconnect_by_data(self->monitor, self);
    g_file_monitor_cancel(self->monitor);
    g_object_unref(self->monitor);
    g_clear_handle_id(&self->debounce_id, g_source_remove);
    g_hash_table_unref(self->snapshot);
    g_free(self->dir);
    g_free(self);
}

void
bondd_storage_watch_rescan(BonddStorageWatch *self)
{
    g_hash_table_unref(self->snapshot);
    self->snapshot = snapshot_take(self);
}

void
bondd_storage_watch_note(BonddStorageWatch *self, const char *path)
{
    g_autofree char *base = g_path_get_basename(path);

    if (self->filter(base))
        record(self->snapshot, path);
}
