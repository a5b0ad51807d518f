/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The ifcfg round trip; see ifcfg-round-trip.h.
 */
#include "config.h"

#include "ifcfg-round-trip.h"

#include <string.h>

#include "ifcfg-reader.h"
#include "ifcfg-writer.h"

/* Never touched: the path only names the file and makes its UUID. */
#define PATH "/nonexistent/ifcfg-round-trip"

static NMConnection *
read_text(const char *text, gsize len, ShvarFile **out_file, GError **error)
{
    g_autoptr(ShvarFile) s = sv_file_new_from_data(PATH, text, len);
    NMConnection *c = ifcfg_reader_read(s, NULL, NULL, FALSE, error);

    if (out_file)
        *out_file = g_steal_pointer(&s);
    return c;
}

static char *
describe_diff(NMConnection *a, NMConnection *b)
{
    g_autoptr(GHashTable) diffs = NULL;
    g_autoptr(GString) out = g_string_new(NULL);
    GHashTableIter iter;
    const char *setting;
    GHashTable *props;

    if (nm_connection_diff(a, b, NM_SETTING_COMPARE_FLAG_EXACT, &diffs))
        return NULL;
    g_hash_table_iter_init(&iter, diffs);
    while (g_hash_table_iter_next(&iter, (gpointer *)&setting, (gpointer *)&props)) {
        GHashTableIter piter;
        const char *prop;

        if (!props || g_hash_table_size(props) == 0) {
            g_string_append_printf(out, " %s", setting);
            continue;
        }
        g_hash_table_iter_init(&piter, props);
        while (g_hash_table_iter_next(&piter, (gpointer *)&prop, NULL))
            g_string_append_printf(out, " %s.%s", setting, prop);
    }
    return g_string_free(g_steal_pointer(&out), FALSE);
}

/* Write @c into @s (a new or the original file) and read it back. */
static gboolean
write_and_compare(NMConnection *c, ShvarFile *s, const char *how, char **out_text, GError **error)
{
    g_autoptr(NMConnection) back = NULL;
    g_autoptr(GError) local = NULL;
    g_autofree char *text = NULL;
    g_autofree char *diff = NULL;

    if (!ifcfg_writer_construct(s, c, NULL, NULL, &local)) {
        g_set_error(error, G_IO_ERROR, G_IO_ERROR_FAILED, "%s: cannot write: %s", how,
                    local->message);
        return FALSE;
    }
    text = sv_file_to_data(s);
    back = read_text(text, strlen(text), NULL, &local);
    if (!back) {
        g_set_error(error, G_IO_ERROR, G_IO_ERROR_FAILED, "%s: does not read back: %s\n%s", how,
                    local->message, text);
        return FALSE;
    }
    diff = describe_diff(c, back);
    if (diff) {
        g_set_error(error, G_IO_ERROR, G_IO_ERROR_FAILED, "%s: reads back different:%s\n%s", how,
                    diff, text);
        return FALSE;
    }
    if (out_text)
        *out_text = g_steal_pointer(&text);
    return TRUE;
}

gboolean
ifcfg_round_trip_check(const char *data, gsize len, GError **error)
{
    g_autoptr(ShvarFile) original = NULL;
    g_autoptr(ShvarFile) fresh = sv_file_new(PATH);
    g_autoptr(ShvarFile) again = NULL;
    g_autoptr(NMConnection) c = NULL;
    g_autoptr(NMConnection) c2 = NULL;
    g_autofree char *text = NULL;
    g_autofree char *text2 = NULL;

    c = read_text(data, len, &original, NULL);
    if (!c)
        return TRUE;

    if (!write_and_compare(c, fresh, "as a new file", &text, error))
        return FALSE;
    if (!write_and_compare(c, original, "rewritten in place", NULL, error))
        return FALSE;

    /* Our own output, rewritten with what it holds, stays as it is. */
    c2 = read_text(text, strlen(text), &again, NULL);
    if (!write_and_compare(c2, again, "our file rewritten", &text2, error))
        return FALSE;
    if (strcmp(text, text2) != 0) {
        g_set_error(error, G_IO_ERROR, G_IO_ERROR_FAILED,
                    "rewriting our own file changes it:\n%s---\n%s", text, text2);
        return FALSE;
    }
    return TRUE;
}
