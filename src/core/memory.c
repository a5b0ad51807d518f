/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Memory tuning of the daemon process (see memory.h).
 */
#include "config.h"

#include "memory.h"

#include <malloc.h>
#include <unistd.h>
#include <sys/prctl.h>

/* GLib 2.74's slice allocator keeps freed blocks in per-thread magazines for
 * ever: after one client fetched a thousand profiles that is megabytes never
 * given back, while plain malloc can be trimmed.  GnuTLS (pulled in by libnm,
 * which initialises it itself when it needs crypto) otherwise initialises
 * itself at load time and keeps its tables resident.  Both are read from the
 * environment before main() runs, hence one re-exec when they are unset; set
 * G_SLICE yourself to skip it.  With 1,000 profiles they are worth 4.6 and
 * 0.8 MiB of RSS; the re-exec costs about a millisecond.  bondd(8) says so. */
void
bondd_memory_reexec_with_env(char **argv)
{
    if (g_getenv("G_SLICE")) {
        /* Executing /proc/self/exe names the process "exe"; ps, pgrep and
         * the journal should see "bondd". */
        prctl(PR_SET_NAME, "bondd", 0, 0, 0);
        return;
    }
    g_setenv("G_SLICE", "always-malloc", TRUE);
    g_setenv("GNUTLS_NO_IMPLICIT_INIT", "1", FALSE);
    execv("/proc/self/exe", argv);
    /* Not fatal: only memory use is at stake. */
}

/* One malloc arena for both threads: GDBus' worker thread builds and frees
 * the message buffers of every call; in an arena of its own that memory
 * stays mapped beside the main heap instead of reusing its free space. */
void
bondd_memory_tune(void)
{
    mallopt(M_ARENA_MAX, 1);
    /* No transparent huge pages: where the kernel uses them for every
     * process, khugepaged turns a 2 MiB stretch of the heap that holds a few
     * live pages (what is left after a trim) into one resident huge page,
     * seconds later and at random -- up to 3 MiB more for a daemon whose
     * heap is a few MiB.  Inherited by the DHCP clients bondd starts. */
    prctl(PR_SET_THP_DISABLE, 1, 0, 0, 0);
}

/* Work leaves freed memory behind that the allocator keeps for later; it is
 * given back once bondd has been quiet for TRIM_QUIET_MS -- what the work
 * freed last (a reply GDBus' worker thread was still writing) is free by
 * then -- or TRIM_LATEST_MS after the work began, under work that does not
 * stop.  All of it runs in the main loop's thread. */
#define TRIM_QUIET_MS  500
#define TRIM_LATEST_MS 5000

static struct {
    GSource *source;
    gint64 first; /* monotonic time of the first I/O since the last trim; 0: none */
    gint64 last;  /* ... and of the latest */
} trim;

static gint64
trim_due(void)
{
    return MIN(trim.last + TRIM_QUIET_MS * 1000, trim.first + TRIM_LATEST_MS * 1000);
}

/* The trim is a source of its own that computes its timeout from the I/O
 * seen, rather than one whose ready time is moved at every wake-up: moving
 * a ready time wakes the main loop, which would count as I/O again. */
static gboolean
trim_prepare(GSource *source, gint *timeout)
{
    gint64 left;

    *timeout = -1;
    if (!trim.first)
        return FALSE;
    left = trim_due() - g_source_get_time(source);
    if (left <= 0)
        return TRUE;
    *timeout = (gint)MIN((left + 999) / 1000, G_MAXINT);
    return FALSE;
}

static gboolean
trim_check(GSource *source)
{
    return trim.first && g_source_get_time(source) >= trim_due();
}

static gboolean
trim_dispatch(GSource *source, GSourceFunc callback, gpointer user_data)
{
    trim.first = 0;
    malloc_trim(0);
    return G_SOURCE_CONTINUE;
}

static GSourceFuncs trim_funcs = {
    .prepare = trim_prepare,
    .check = trim_check,
    .dispatch = trim_dispatch,
};

static GPollFunc plain_poll;

/* The main loop's poll: a wake-up by I/O -- a D-Bus message (through the
 * worker thread's wake-up), a netlink event, a file change, a child's exit
 * -- is work, and its garbage is given back once bondd is quiet again.
 * Timers alone do not count, or the trim's own would keep re-arming it. */
static gint
poll_noting_io(GPollFD *fds, guint nfds, gint timeout)
{
    gint ready = plain_poll(fds, nfds, timeout);

    if (ready > 0) {
        trim.last = g_get_monotonic_time();
        if (!trim.first)
            trim.first = trim.last;
    }
    return ready;
}

void
bondd_memory_trim_after_io(void)
{
    GMainContext *context = g_main_context_default();

    if (trim.source)
        return;
    trim.source = g_source_new(&trim_funcs, sizeof(GSource));
    g_source_set_priority(trim.source, G_PRIORITY_LOW);
    g_source_set_name(trim.source, "bondd memory trim");
    g_source_attach(trim.source, context);
    plain_poll = g_main_context_get_poll_func(context);
    g_main_context_set_poll_func(context, poll_noting_io);
}

void
bondd_memory_trim(void)
{
    malloc_trim(0);
}
