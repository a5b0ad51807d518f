/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * How the daemon keeps its resident memory small: the allocator settings it
 * re-executes itself with, one malloc arena, and giving freed memory back
 * to the system once a burst of D-Bus traffic is served.  bondd(8) says so.
 */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/* Re-execute once with G_SLICE=always-malloc GNUTLS_NO_IMPLICIT_INIT=1
 * unless G_SLICE is set (call first thing in main()). */
void bondd_memory_reexec_with_env(char **argv);
/* One malloc arena for all threads. */
void bondd_memory_tune(void);
/* Trim the heap from idle after incoming traffic on @bus; returns the
 * filter id (g_dbus_connection_remove_filter). */
guint bondd_memory_trim_after_traffic(GDBusConnection *bus);
/* Give freed memory back now. */
void bondd_memory_trim(void);

G_END_DECLS
