/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * GDBus' worker thread as a batch thread (see bus-worker.h).
 */
/* SCHED_BATCH is a GNU extension of <sched.h>. */
#define _GNU_SOURCE
#include "config.h"

#include "bus-worker.h"

#include <errno.h>
#include <sched.h>
#include <stdlib.h>

/* GLib names the thread it writes and reads D-Bus messages in so. */
#define WORKER_THREAD_NAME "gdbus"
#define TASKS_DIR          "/proc/self/task"

static gboolean
is_worker(const char *tid)
{
    g_autofree char *path = g_build_filename(TASKS_DIR, tid, "comm", NULL);
    g_autofree char *name = NULL;

    if (!g_file_get_contents(path, &name, NULL, NULL))
        return FALSE;
    return g_str_equal(g_strchomp(name), WORKER_THREAD_NAME);
}

void
bondd_bus_worker_run_as_batch(void)
{
    g_autoptr(GDir) tasks = g_dir_open(TASKS_DIR, 0, NULL);
    const struct sched_param param = {.sched_priority = 0};
    const char *tid;

    /* Only the time the main loop waits is at stake: nothing fails here. */
    if (!tasks)
        return;
    while ((tid = g_dir_read_name(tasks))) {
        if (!is_worker(tid))
            continue;
        if (sched_setscheduler((pid_t)atoi(tid), SCHED_BATCH, &param) < 0)
            g_debug("cannot make thread %s a batch thread: %s", tid, g_strerror(errno));
    }
}
