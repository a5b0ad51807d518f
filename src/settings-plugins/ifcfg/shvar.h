/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Shell-variable files (ifcfg-*): the subset of shell syntax that
 * NetworkManager's ifcfg-rh reads and writes.
 *
 * A file is a list of lines.  A line is either an assignment
 * ("[ws]NAME=raw-value") or an opaque line (comment, blank, garbage).  Values
 * are unquoted on read and quoted on write; editing keeps line order,
 * comments and unknown keys.  Writes are atomic (temp file + fsync + rename).
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef struct _ShvarFile ShvarFile;

/* Unquote @raw (the text after "KEY=").  Returns a new string, or NULL when
 * the value is badly quoted, contains NUL or is not valid UTF-8. */
char *sv_unescape(const char *raw);

/* Quote @value so that sv_unescape() gives it back: bare, "..." or $'...'.
 * Returns a new string. */
char *sv_escape(const char *value);

/* An empty file (nothing on disk yet) that will be written to @path. */
ShvarFile *sv_file_new(const char *path);
/* Parse @data as the contents of @path. */
ShvarFile *sv_file_new_from_data(const char *path, const char *data, gsize len);
/* Read @path (at most 10 MiB).  Fails with a G_FILE_ERROR naming the file. */
ShvarFile *sv_file_open(const char *path, GError **error);
void sv_file_free(ShvarFile *s);
G_DEFINE_AUTOPTR_CLEANUP_FUNC(ShvarFile, sv_file_free)

const char *sv_file_get_path(ShvarFile *s);

/* Diagnostics about this file, collected while reading it so that the
 * caller can log them, or fold them into one error if the file fails.
 * Messages do not include the file name. */
void sv_file_add_warning(ShvarFile *s, const char *fmt, ...) G_GNUC_PRINTF(2, 3);
/* A warning about @key: it carries the line of @key's effective line. */
void sv_file_add_key_warning(ShvarFile *s, const char *key, const char *fmt, ...)
    G_GNUC_PRINTF(3, 4);
/* Add what sv_get_value() has to ignore (bad quoting, invalid lines,
 * duplicate keys), once per key. */
void sv_file_collect_invalid(ShvarFile *s);
/* The collected messages (char*), in order. */
GPtrArray *sv_file_get_warnings(ShvarFile *s);
/* The line (1-based) warning @i is about, 0 for the file as a whole. */
guint sv_file_get_warning_line(ShvarFile *s, guint i);

/* The line (1-based) of @key's effective (last) assignment, 0 if absent. */
guint sv_get_line(ShvarFile *s, const char *key);

/* Value of @key (last occurrence wins): NULL if absent, "" if empty or
 * badly quoted.  Owned by @s, valid until the next change. */
const char *sv_get_value(ShvarFile *s, const char *key);
/* Like sv_get_value() but NULL also for "". */
const char *sv_get_value_str(ShvarFile *s, const char *key);
/* TRUE if @key is present but its value could not be unquoted. */
gboolean sv_get_value_is_bad(ShvarFile *s, const char *key);

/* Boolean per ifcfg-rh: yes/true/t/y/1 and no/false/f/n/0 (any case);
 * anything else (or absent) gives @fallback. */
int sv_parse_boolean(const char *value, int fallback);
int sv_get_boolean(ShvarFile *s, const char *key, int fallback);

/* Integer with surrounding whitespace allowed; @base 0 accepts 0x and 0
 * prefixes.  Returns @fallback (and errno != 0) when absent or invalid. */
gint64 sv_get_int64(ShvarFile *s, const char *key, guint base, gint64 min, gint64 max,
                    gint64 fallback);

/* Keys that are present (with a value line), in file order, without
 * duplicates.  Free with g_ptr_array_unref(). */
GPtrArray *sv_get_keys(ShvarFile *s);

/* Set @key to @value (NULL removes it; "" writes "KEY=").  An existing key
 * keeps its position (earlier duplicates are dropped); a new one is
 * appended. */
void sv_set_value(ShvarFile *s, const char *key, const char *value);
/* Like sv_set_value(), but "" also removes the key. */
void sv_set_value_str(ShvarFile *s, const char *key, const char *value);
void sv_set_value_boolean(ShvarFile *s, const char *key, gboolean value);
void sv_set_value_int64(ShvarFile *s, const char *key, gint64 value);
void sv_unset_value(ShvarFile *s, const char *key);

/* Mark @key as written by this round without changing it (so that
 * sv_unset_dirty() keeps it). */
void sv_keep_value(ShvarFile *s, const char *key);

/* Remove every key for which @is_well_known returns TRUE and that was
 * present when the file was read but was not set since ("dirty").  @keep is
 * a NULL-terminated list of keys never removed (NM_CONTROLLED). */
void sv_unset_dirty(ShvarFile *s, gboolean (*is_well_known)(const char *key),
                    const char *const *keep);

/* The file as it would be written. */
char *sv_file_to_data(ShvarFile *s);
/* TRUE if anything was changed since reading, or the file is new. */
gboolean sv_file_is_modified(ShvarFile *s);

/* Write atomically (atomic-file.h): temp file in the same directory,
 * fsync, rename.  New files get @mode; existing files keep their mode.  On
 * failure the old file is untouched and the error names the file. */
gboolean sv_file_write(ShvarFile *s, int mode, GError **error);

G_END_DECLS
