/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The event ring of one bond and its file; see bond-history.h.
 */
#include "config.h"

#include "bond-history.h"

#include <glib/gi18n-lib.h>
#include <errno.h>
#include <string.h>

#define HEADER_MAGIC   "bondd-bond-history"
#define HEADER_VERSION 1

/* The ring grows to its capacity as events come: most bonds see a few
 * events a day, and a full ring of 256 for each of them is memory spent
 * for nothing. */
#define RING_FIRST_SLOTS 8

struct _BondHistory {
    BondEvent *ring;
    guint capacity;
    guint allocated; /* slots in ring, at most capacity */
    guint head;      /* index of the oldest event */
    guint length;

    char *path;
    guint save_delay_ms;
    guint save_source;
    gboolean dirty;
};

static void
event_clear(BondEvent *e)
{
    g_clear_pointer(&e->kind, g_free);
    g_clear_pointer(&e->port, g_free);
    g_clear_pointer(&e->text, g_free);
}

BondHistory *
bond_history_new(guint capacity)
{
    BondHistory *h = g_new0(BondHistory, 1);

    h->capacity = capacity;
    return h;
}

static void
history_clear(BondHistory *h)
{
    for (guint i = 0; i < h->length; i++)
        event_clear(&h->ring[(h->head + i) % h->capacity]);
    h->head = 0;
    h->length = 0;
}

void
bond_history_free(BondHistory *history)
{
    if (!history)
        return;
    g_clear_handle_id(&history->save_source, g_source_remove);
    history_clear(history);
    g_free(history->ring);
    g_free(history->path);
    g_free(history);
}

static gboolean
save_cb(gpointer user_data)
{
    BondHistory *h = user_data;
    g_autoptr(GError) error = NULL;

    h->save_source = 0;
    if (!bond_history_flush(h, &error))
        g_warning("%s", error->message);
    return G_SOURCE_REMOVE;
}

static void
mark_dirty(BondHistory *h)
{
    h->dirty = TRUE;
    /* Not re-armed by later events: a steady stream of events is still
     * saved every save_delay_ms, and a burst costs one write. */
    if (h->path && !h->save_source)
        h->save_source = g_timeout_add(h->save_delay_ms, save_cb, h);
}

static BondEvent *
push(BondHistory *h)
{
    BondEvent *e;

    if (h->length == h->capacity) {
        e = &h->ring[h->head];
        event_clear(e);
        h->head = (h->head + 1) % h->capacity;
    } else {
        /* Until the ring is full its oldest event is at 0 (head moves only
         * once it is), so it grows by appending. */
        if (h->length == h->allocated) {
            guint slots = MIN(h->capacity, MAX(RING_FIRST_SLOTS, h->allocated * 2));

            h->ring = g_renew(BondEvent, h->ring, slots);
            memset(h->ring + h->allocated, 0, (slots - h->allocated) * sizeof *h->ring);
            h->allocated = slots;
        }
        e = &h->ring[(h->head + h->length) % h->capacity];
        h->length++;
    }
    return e;
}

const BondEvent *
bond_history_add(BondHistory *history, gint64 realtime_us, gint64 monotonic_us, const char *kind,
                 const char *port, const char *text)
{
    BondEvent *e;

    if (history->capacity == 0)
        return NULL;
    e = push(history);
    e->realtime_us = realtime_us;
    e->monotonic_us = monotonic_us;
    e->kind = g_strdup(kind ? kind : "");
    e->port = g_strdup(port ? port : "");
    e->text = g_strdup(text ? text : "");
    mark_dirty(history);
    return e;
}

guint
bond_history_length(const BondHistory *history)
{
    return history->length;
}

guint
bond_history_capacity(const BondHistory *history)
{
    return history->capacity;
}

const BondEvent *
bond_history_nth(const BondHistory *history, guint n)
{
    if (n >= history->length)
        return NULL;
    return &history->ring[(history->head + n) % history->capacity];
}

const BondEvent *
bond_history_last_of_kind(const BondHistory *history, const char *kind)
{
    for (guint i = history->length; i > 0; i--) {
        const BondEvent *e = bond_history_nth(history, i - 1);

        if (g_str_equal(e->kind, kind))
            return e;
    }
    return NULL;
}

GVariant *
bond_history_to_variant(const BondHistory *history, guint max)
{
    GVariantBuilder b;
    guint first = max && max < history->length ? history->length - max : 0;

    g_variant_builder_init(&b, G_VARIANT_TYPE("a(ttsss)"));
    for (guint i = first; i < history->length; i++) {
        const BondEvent *e = bond_history_nth(history, i);

        g_variant_builder_add(&b, "(ttsss)", (guint64)e->realtime_us, (guint64)e->monotonic_us,
                              e->kind, e->port, e->text);
    }
    return g_variant_builder_end(&b);
}

/* ------------------------------------------------------------ the file */

char *
bond_history_serialize(const BondHistory *history)
{
    GString *s = g_string_new(NULL);

    g_string_append_printf(s, "%s %d %u\n", HEADER_MAGIC, HEADER_VERSION, history->length);
    for (guint i = 0; i < history->length; i++) {
        const BondEvent *e = bond_history_nth(history, i);
        g_autofree char *kind = g_strescape(e->kind, NULL);
        g_autofree char *port = g_strescape(e->port, NULL);
        g_autofree char *text = g_strescape(e->text, NULL);

        g_string_append_printf(s, "%" G_GINT64_FORMAT "\t%" G_GINT64_FORMAT "\t%s\t%s\t%s\n",
                               e->realtime_us, e->monotonic_us, kind, port, text);
    }
    return g_string_free(s, FALSE);
}

static gboolean
parse_int(const char *text, gint64 *out)
{
    return g_ascii_string_to_signed(text, 10, 0, G_MAXINT64, out, NULL);
}

gboolean
bond_history_parse(BondHistory *history, const char *text, gsize length, GError **error)
{
    g_autofree char *copy = g_strndup(text, length);
    g_auto(GStrv) lines = NULL;
    g_auto(GStrv) header = NULL;
    g_autoptr(GArray) events = g_array_new(FALSE, TRUE, sizeof(BondEvent));
    guint64 count;
    guint n_lines;

    g_array_set_clear_func(events, (GDestroyNotify)event_clear);
    /* A NUL inside means a damaged file, not a shorter one. */
    if (strlen(copy) != length)
        goto bad;
    lines = g_strsplit(copy, "\n", -1);
    n_lines = g_strv_length(lines);
    /* Every line ends with \n: the last piece is empty, or the file was cut. */
    if (n_lines < 2 || *lines[n_lines - 1] != '\0')
        goto bad;
    header = g_strsplit(lines[0], " ", -1);
    if (g_strv_length(header) != 3 || !g_str_equal(header[0], HEADER_MAGIC) ||
        !g_str_equal(header[1], G_STRINGIFY(HEADER_VERSION)) ||
        !g_ascii_string_to_unsigned(header[2], 10, 0, G_MAXUINT, &count, NULL) ||
        count != n_lines - 2)
        goto bad;

    for (guint i = 1; i + 1 < n_lines; i++) {
        g_auto(GStrv) f = g_strsplit(lines[i], "\t", -1);
        BondEvent e = {0};

        if (g_strv_length(f) != 5 || !parse_int(f[0], &e.realtime_us) ||
            !parse_int(f[1], &e.monotonic_us) || !*f[2])
            goto bad;
        e.kind = g_strcompress(f[2]);
        e.port = g_strcompress(f[3]);
        e.text = g_strcompress(f[4]);
        g_array_append_val(events, e);
    }

    history_clear(history);
    for (guint i = events->len > history->capacity ? events->len - history->capacity : 0;
         i < events->len; i++) {
        BondEvent *src = &g_array_index(events, BondEvent, i);

        /* Move, not copy: the array's clear func then frees NULLs. */
        *push(history) = *src;
        memset(src, 0, sizeof *src);
    }
    return TRUE;

bad:
    g_set_error(error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                _("not a bondd bond history, or truncated or damaged"));
    return FALSE;
}

void
bond_history_set_file(BondHistory *history, const char *path, guint save_delay_ms)
{
    g_free(history->path);
    history->path = g_strdup(path);
    history->save_delay_ms = save_delay_ms;
    if (!path)
        g_clear_handle_id(&history->save_source, g_source_remove);
}

gboolean
bond_history_load(BondHistory *history, GError **error)
{
    g_autoptr(GError) local = NULL;
    g_autofree char *text = NULL;
    gsize length;

    if (!history->path)
        return TRUE;
    if (!g_file_get_contents(history->path, &text, &length, &local)) {
        if (g_error_matches(local, G_FILE_ERROR, G_FILE_ERROR_NOENT))
            return TRUE;
        g_propagate_prefixed_error(error, g_steal_pointer(&local), "%s: ", history->path);
        return FALSE;
    }
    if (!bond_history_parse(history, text, length, &local)) {
        g_propagate_prefixed_error(error, g_steal_pointer(&local), _("%s: ignored: "),
                                   history->path);
        return FALSE;
    }
    return TRUE;
}

gboolean
bond_history_flush(BondHistory *history, GError **error)
{
    g_autofree char *text = NULL;

    g_clear_handle_id(&history->save_source, g_source_remove);
    if (!history->path || !history->dirty)
        return TRUE;
    text = bond_history_serialize(history);
    /* CONSISTENT: a temporary file renamed over the old one, so a crash
     * leaves the old or the new file, never half of one; DURABLE: fsync
     * before the rename, so that a power cut cannot leave an empty file. */
    if (!g_file_set_contents_full(history->path, text, -1,
                                  G_FILE_SET_CONTENTS_CONSISTENT | G_FILE_SET_CONTENTS_DURABLE,
                                  0600, error)) {
        g_prefix_error(error, _("cannot save the bond history: "));
        return FALSE;
    }
    history->dirty = FALSE;
    return TRUE;
}

gboolean
bond_history_is_dirty(const BondHistory *history)
{
    return history->dirty;
}
