/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * How GDBus' worker thread shares the CPU with the main loop.  GDBus writes
 * every message bondd sends from a thread of its own, woken once per
 * message; as an ordinary thread, woken on the main loop's CPU, it takes
 * that CPU from the main loop at each wake-up.  Marked as a batch thread it
 * no longer does: it runs on a CPU that is free, or once the main loop
 * yields, and writes the messages queued by then together.  The main loop,
 * which is what an activation waits for, keeps its CPU.
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Call once a bus connection exists (its worker thread then does). */
void bondd_bus_worker_run_as_batch(void);

G_END_DECLS
