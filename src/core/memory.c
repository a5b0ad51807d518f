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
}

static gint trim_scheduled;

static gboolean
trim_memory(gpointer user_data)
{
    g_atomic_int_set(&trim_scheduled, 0);
    malloc_trim(0);
    return G_SOURCE_REMOVE;
}

/* Runs in GDBus' worker thread for every message.  A client fetching every
 * profile leaves megabytes of freed message buffers behind: give them back
 * once the main loop has answered everything queued (a low-priority idle
 * runs only then), not while the burst is still being served. */
static GDBusMessage *
trim_after_traffic(GDBusConnection *bus, GDBusMessage *message, gboolean incoming,
                   gpointer user_data)
{
    if (incoming && g_atomic_int_compare_and_exchange(&trim_scheduled, 0, 1))
        g_idle_add_full(G_PRIORITY_LOW, trim_memory, NULL, NULL);
    return message;
}

guint
bondd_memory_trim_after_traffic(GDBusConnection *bus)
{
    return g_dbus_connection_add_filter(bus, trim_after_traffic, NULL, NULL);
}

void
bondd_memory_trim(void)
{
    malloc_trim(0);
}
