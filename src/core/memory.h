/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * How the daemon keeps its resident memory small: the allocator settings it
 * re-executes itself with, one malloc arena, no transparent huge pages, and
 * giving freed memory back to the system once a burst of work (D-Bus,
 * netlink, files) is served.  bondd(8) says so.
 */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/* Re-execute once with G_SLICE=always-malloc GNUTLS_NO_IMPLICIT_INIT=1
 * unless G_SLICE is set (call first thing in main()). */
void bondd_memory_reexec_with_env(char **argv);
/* One malloc arena for all threads; no transparent huge pages. */
void bondd_memory_tune(void);
/* Trim the heap once the main loop is quiet after being woken by I/O. */
void bondd_memory_trim_after_io(void);
/* Give freed memory back now. */
void bondd_memory_trim(void);

G_END_DECLS
