/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The event history of one bond: a ring of the last N events (failovers,
 * carrier and link-verdict changes, flaps, LACP changes, health changes),
 * each with its wall-clock and monotonic time, and its file in the state
 * directory so that it survives a bondd restart.  Saving is debounced: a
 * burst of events costs one write.
 */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

typedef struct {
    gint64 realtime_us;  /* CLOCK_REALTIME, µs since the epoch */
    gint64 monotonic_us; /* CLOCK_MONOTONIC, µs (of the boot that recorded it) */
    char *kind;          /* stable code: "failover", "carrier-down", ... */
    char *port;          /* "" for the bond itself */
    char *text;          /* one short human sentence */
} BondEvent;

typedef struct _BondHistory BondHistory;

/* Keeps the last @capacity events (0: keeps none). */
BondHistory *bond_history_new(guint capacity);
void bond_history_free(BondHistory *history);
G_DEFINE_AUTOPTR_CLEANUP_FUNC(BondHistory, bond_history_free)

/* Append (dropping the oldest when full); returns the stored event, valid
 * until the next add, or NULL when the capacity is 0.  Arms the debounced
 * save when a file is set. */
const BondEvent *bond_history_add(BondHistory *history, gint64 realtime_us, gint64 monotonic_us,
                                  const char *kind, const char *port, const char *text);
guint bond_history_length(const BondHistory *history);
guint bond_history_capacity(const BondHistory *history);
/* 0 is the oldest kept event. */
const BondEvent *bond_history_nth(const BondHistory *history, guint n);
/* The newest event of @kind, or NULL. */
const BondEvent *bond_history_last_of_kind(const BondHistory *history, const char *kind);

/* a(ttsss): the newest @max events (0: all), oldest first. */
GVariant *bond_history_to_variant(const BondHistory *history, guint max);

/* The file format: a header line "bondd-bond-history 1 COUNT", then one line
 * per event, oldest first: realtime TAB monotonic TAB kind TAB port TAB text,
 * strings C-escaped (g_strescape).  A file whose header, count or any line
 * does not parse is rejected whole. */
char *bond_history_serialize(const BondHistory *history);
/* Replace the contents with the events of @text (the newest ones when there
 * are more than the capacity).  On error the history is unchanged. */
gboolean bond_history_parse(BondHistory *history, const char *text, gsize length, GError **error);

/* Persistence.  set_file() names the file (NULL: none) and the debounce
 * delay; load() reads it (a missing file is no error); flush() writes now
 * if anything is unsaved.  Writes are atomic: a temporary file, fsync,
 * rename. */
void bond_history_set_file(BondHistory *history, const char *path, guint save_delay_ms);
gboolean bond_history_load(BondHistory *history, GError **error);
gboolean bond_history_flush(BondHistory *history, GError **error);
gboolean bond_history_is_dirty(const BondHistory *history);

G_END_DECLS
