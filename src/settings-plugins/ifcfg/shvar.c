/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Shell-variable file model; see shvar.h.  The syntax accepted and produced
 * is the one NetworkManager's ifcfg-rh documents, so that files move freely
 * between bondd and NetworkManager.
 */
#include "config.h"

#include "shvar.h"

#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <glib/gi18n-lib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "atomic-file.h"

/* Larger files are certainly not ifcfg files; refuse instead of eating RAM
 * and main-loop time.  A profile at every limit of profile-limits.h is a
 * few hundred kilobytes. */
#define SV_MAX_FILE_SIZE (1024 * 1024)

/* Diagnostics kept per file: a file of garbage gives a few lines, not one
 * log line per line of garbage. */
#define SV_MAX_WARNINGS 20

typedef struct _SvLine {
    /* Assignment lines: "  KEY" (leading whitespace kept), else NULL. */
    char *key_with_prefix;
    /* Points into key_with_prefix, past the whitespace. */
    const char *key;
    /* Assignment: raw text after '=' (NULL once unset: a tombstone that a
     * later set reuses, so the key keeps its place).  Other lines: the whole
     * line. */
    char *raw;
    /* Unquoted value, NULL when badly quoted.  Only for assignments. */
    char *value;
    /* Present when the file was read and not set since. */
    gboolean dirty;
    /* The previous line with the same key (any state), newest first: the
     * chain that the index starts.  NULL once cut by remove_earlier(). */
    struct _SvLine *prev_same;
    /* Its line in the file, from 1 (lines are only appended). */
    guint number;
} SvLine;

struct _ShvarFile {
    char *path;
    GPtrArray *lines; /* SvLine* */
    gboolean modified;
    gboolean is_new;
    GPtrArray *warnings;   /* char* */
    GArray *warning_lines; /* guint per warning: its line, 0 for the file */
    /* key (owned copy) -> the last SvLine with that key, live or not: the
     * head of its prev_same chain.  Lines are only ever appended, so every
     * lookup and edit costs the length of one key's chain (almost always
     * one line), never a scan of the file. */
    GHashTable *index;
};

/*****************************************************************************/
/* Unquoting */

static gboolean
is_ws(char c)
{
    return c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '\f' || c == '\v';
}

static int
hex_val(char c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    if (c >= 'A' && c <= 'F')
        return c - 'A' + 10;
    return -1;
}

/* A whole value that reads like the output of NetworkManager's old escaper:
 * one double-quoted string in which every backslash escapes one of
 * " \ $ ` ' ~, and no ' or ~ appears unescaped (the old escaper escaped them
 * all).  Such files wrote \' and \~, which must lose the backslash. */
static gboolean
looks_like_old_escaped(const char *s)
{
    if (s[0] != '"')
        return FALSE;
    for (gsize i = 1;; i++) {
        char c = s[i];

        if (c == '\0')
            return FALSE;
        if (c == '\\') {
            if (!s[i + 1] || !strchr("\"\\$`'~", s[i + 1]))
                return FALSE;
            i++;
            continue;
        }
        if (c == '"')
            return s[i + 1] == '\0';
        if (c == '\'' || c == '~')
            return FALSE;
    }
}

/* $'...' starting at s[*pos] == '$'.  Appends to @out; FALSE on error. */
static gboolean
unescape_ansi_c(const char *s, gsize *pos, GString *out)
{
    gsize i = *pos + 2;

    for (;;) {
        char c = s[i];

        if (c == '\0')
            return FALSE; /* unterminated */
        if (c == '\'') {
            *pos = i + 1;
            return TRUE;
        }
        if (c != '\\') {
            g_string_append_c(out, c);
            i++;
            continue;
        }
        c = s[i + 1];
        i += 2;
        switch (c) {
            case 'a':
                g_string_append_c(out, '\a');
                break;
            case 'b':
                g_string_append_c(out, '\b');
                break;
            case 'e':
            case 'E':
                g_string_append_c(out, '\033');
                break;
            case 'f':
                g_string_append_c(out, '\f');
                break;
            case 'n':
                g_string_append_c(out, '\n');
                break;
            case 'r':
                g_string_append_c(out, '\r');
                break;
            case 't':
                g_string_append_c(out, '\t');
                break;
            case 'v':
                g_string_append_c(out, '\v');
                break;
            case '?':
            case '"':
            case '\\':
            case '\'':
                g_string_append_c(out, c);
                break;
            case '0' ... '7': {
                guint v = c - '0';

                for (int n = 0; n < 2 && s[i] >= '0' && s[i] <= '7'; n++, i++)
                    v = v * 8 + (s[i] - '0');
                g_string_append_c(out, (char)(v & 0xFF));
                break;
            }
            case 'x':
            case 'u':
            case 'U': {
                int max = c == 'x' ? 2 : (c == 'u' ? 4 : 8);
                guint32 v = 0;
                int n;

                for (n = 0; n < max && hex_val(s[i]) >= 0; n++, i++)
                    v = v * 16 + hex_val(s[i]);
                if (n == 0) {
                    /* No digit: the escape stays literal. */
                    g_string_append_c(out, '\\');
                    g_string_append_c(out, c);
                } else if (c == 'x') {
                    g_string_append_c(out, (char)v);
                } else {
                    char buf[8];
                    int len;

                    if (v == 0 || !g_unichar_validate(v))
                        return FALSE;
                    len = g_unichar_to_utf8(v, buf);
                    g_string_append_len(out, buf, len);
                }
                break;
            }
            case '\0':
                return FALSE;
            default:
                /* Unknown escape (also \c): keep it as written. */
                g_string_append_c(out, '\\');
                g_string_append_c(out, c);
                break;
        }
    }
}

char *
sv_unescape(const char *raw)
{
    g_autoptr(GString) out = g_string_new(NULL);
    gboolean old_escaped;
    gsize i = 0;

    g_return_val_if_fail(raw, NULL);

    old_escaped = looks_like_old_escaped(raw);

    while (raw[i] && !is_ws(raw[i]) && raw[i] != ';') {
        char c = raw[i];

        if (c == '\\') {
            if (!raw[i + 1])
                return NULL; /* no line continuation */
            g_string_append_c(out, raw[i + 1]);
            i += 2;
        } else if (c == '\'') {
            const char *end = strchr(&raw[i + 1], '\'');

            if (!end)
                return NULL;
            g_string_append_len(out, &raw[i + 1], end - &raw[i + 1]);
            i = end - raw + 1;
        } else if (c == '$' && raw[i + 1] == '\'') {
            if (!unescape_ansi_c(raw, &i, out))
                return NULL;
        } else if (c == '"') {
            i++;
            for (;;) {
                c = raw[i];
                if (c == '\0')
                    return NULL; /* unterminated */
                if (c == '"') {
                    i++;
                    break;
                }
                if (c == '$' || c == '`')
                    return NULL; /* expansion is not supported */
                if (c == '\\') {
                    char n = raw[i + 1];

                    if (n && strchr("$`\"\\", n)) {
                        g_string_append_c(out, n);
                        i += 2;
                        continue;
                    }
                    if (old_escaped && (n == '\'' || n == '~')) {
                        g_string_append_c(out, n);
                        i += 2;
                        continue;
                    }
                    g_string_append_c(out, '\\');
                    i++;
                    continue;
                }
                g_string_append_c(out, c);
                i++;
            }
        } else if (strchr("|&()<>", c)) {
            return NULL;
        } else {
            /* Including unquoted $ and `: literal, no expansion. */
            g_string_append_c(out, c);
            i++;
        }
    }

    /* After the value: whitespace, at most one ';', whitespace, and an
     * optional comment. */
    while (is_ws(raw[i]))
        i++;
    if (raw[i] == ';') {
        i++;
        while (is_ws(raw[i]))
            i++;
    }
    if (raw[i] != '\0' && raw[i] != '#')
        return NULL;

    if (memchr(out->str, '\0', out->len) || !g_utf8_validate(out->str, out->len, NULL))
        return NULL;
    return g_string_free(g_steal_pointer(&out), FALSE);
}

/*****************************************************************************/
/* Quoting */

char *
sv_escape(const char *value)
{
    gboolean need_ansi = FALSE;
    gboolean need_quote = FALSE;
    GString *out;

    g_return_val_if_fail(value, NULL);

    if (!g_utf8_validate(value, -1, NULL))
        need_ansi = TRUE;
    for (const guchar *p = (const guchar *)value; *p && !need_ansi; p++) {
        if ((*p < 0x20 && *p != '\t') || *p == 0x7F)
            need_ansi = TRUE;
        else if (*p >= 0x80 || strchr(" '~\t|&;()<>\"\\$`", *p))
            need_quote = TRUE;
    }

    if (need_ansi) {
        out = g_string_new("$'");
        for (const guchar *p = (const guchar *)value; *p; p++) {
            switch (*p) {
                case '\b':
                    g_string_append(out, "\\b");
                    break;
                case '\f':
                    g_string_append(out, "\\f");
                    break;
                case '\n':
                    g_string_append(out, "\\n");
                    break;
                case '\r':
                    g_string_append(out, "\\r");
                    break;
                case '\t':
                    g_string_append(out, "\\t");
                    break;
                case '\v':
                    g_string_append(out, "\\v");
                    break;
                case '\'':
                    /* Not \': a POSIX sh (dash) reads $'...' as '$' and a
                     * plain '...' string, which that quote would end, and
                     * what follows would be run. */
                    g_string_append(out, "\\047");
                    break;
                case '\\':
                case '"':
                    g_string_append_c(out, '\\');
                    g_string_append_c(out, *p);
                    break;
                default:
                    if (*p < 0x20 || *p >= 0x7F)
                        g_string_append_printf(out, "\\%03o", *p);
                    else
                        g_string_append_c(out, *p);
                    break;
            }
        }
        g_string_append_c(out, '\'');
        return g_string_free(out, FALSE);
    }

    if (!need_quote)
        return g_strdup(value);

    out = g_string_new("\"");
    for (const char *p = value; *p; p++) {
        if (strchr("\"\\$`", *p))
            g_string_append_c(out, '\\');
        g_string_append_c(out, *p);
    }
    g_string_append_c(out, '"');
    return g_string_free(out, FALSE);
}

/*****************************************************************************/
/* File model */

static void
sv_line_free(gpointer data)
{
    SvLine *line = data;

    g_free(line->key_with_prefix);
    g_free(line->raw);
    g_free(line->value);
    g_free(line);
}

/* "  KEY=..." with a shell name directly followed by '='. */
static SvLine *
sv_line_parse(const char *text)
{
    SvLine *line = g_new0(SvLine, 1);
    const char *p = text;
    const char *name;

    while (*p == ' ' || *p == '\t')
        p++;
    name = p;
    if (g_ascii_isalpha(*p) || *p == '_') {
        while (g_ascii_isalnum(*p) || *p == '_')
            p++;
        if (*p == '=') {
            line->key_with_prefix = g_strndup(text, p - text);
            line->key = line->key_with_prefix + (name - text);
            line->raw = g_strdup(p + 1);
            line->value = sv_unescape(line->raw);
            line->dirty = TRUE;
            return line;
        }
    }
    line->raw = g_strdup(text);
    return line;
}

ShvarFile *
sv_file_new(const char *path)
{
    ShvarFile *s = g_new0(ShvarFile, 1);

    s->path = g_strdup(path);
    s->lines = g_ptr_array_new_with_free_func(sv_line_free);
    s->warnings = g_ptr_array_new_with_free_func(g_free);
    s->warning_lines = g_array_new(FALSE, FALSE, sizeof(guint));
    s->index = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
    s->is_new = TRUE;
    return s;
}

/* Append @line to the file (and, for an assignment, to its key's chain). */
static void
append_line(ShvarFile *s, SvLine *line)
{
    line->number = s->lines->len + 1;
    g_ptr_array_add(s->lines, line);
    if (!line->key)
        return;
    line->prev_same = g_hash_table_lookup(s->index, line->key);
    /* An existing key keeps its string; the copy passed in is freed. */
    g_hash_table_insert(s->index, g_strdup(line->key), line);
}

ShvarFile *
sv_file_new_from_data(const char *path, const char *data, gsize len)
{
    ShvarFile *s = sv_file_new(path);
    const char *p = data;
    const char *end = data + len;

    s->is_new = FALSE;
    while (p < end) {
        const char *nl = memchr(p, '\n', end - p);
        const char *line_end = nl ? nl : end;
        g_autofree char *text = g_strndup(p, line_end - p);

        append_line(s, sv_line_parse(text));
        p = nl ? nl + 1 : end;
    }
    return s;
}

static void
set_open_error(GError **error, const char *path, int errsv)
{
    g_set_error(error, G_FILE_ERROR, g_file_error_from_errno(errsv), _("%s: %s"), path,
                g_strerror(errsv));
}

ShvarFile *
sv_file_open(const char *path, GError **error)
{
    g_autofree char *data = NULL;
    gsize len = 0;
    struct stat st;
    int fd;

    /* Non-blocking: a FIFO must not hang the daemon.  Only a regular file
     * (possibly behind a symlink) is read, and never more than the limit,
     * however the file grows meanwhile (/dev/zero has size 0). */
    fd = open(path, O_RDONLY | O_CLOEXEC | O_NOCTTY | O_NONBLOCK);
    if (fd < 0) {
        set_open_error(error, path, errno);
        return NULL;
    }
    if (fstat(fd, &st) < 0) {
        set_open_error(error, path, errno);
        close(fd);
        return NULL;
    }
    if (!S_ISREG(st.st_mode)) {
        g_set_error(error, G_FILE_ERROR, G_FILE_ERROR_FAILED, _("%s: not a regular file"), path);
        close(fd);
        return NULL;
    }
    if (st.st_size > SV_MAX_FILE_SIZE) {
        g_set_error(error, G_FILE_ERROR, G_FILE_ERROR_FAILED,
                    _("%s: file too large (more than %d bytes)"), path, SV_MAX_FILE_SIZE);
        close(fd);
        return NULL;
    }
    data = g_malloc(SV_MAX_FILE_SIZE + 1);
    while (len <= SV_MAX_FILE_SIZE) {
        ssize_t n = read(fd, data + len, SV_MAX_FILE_SIZE + 1 - len);

        if (n < 0 && errno == EINTR)
            continue;
        if (n < 0) {
            set_open_error(error, path, errno);
            close(fd);
            return NULL;
        }
        if (n == 0)
            break;
        len += n;
    }
    close(fd);
    if (len > SV_MAX_FILE_SIZE) {
        g_set_error(error, G_FILE_ERROR, G_FILE_ERROR_FAILED,
                    _("%s: file too large (more than %d bytes)"), path, SV_MAX_FILE_SIZE);
        return NULL;
    }
    return sv_file_new_from_data(path, data, len);
}

void
sv_file_free(ShvarFile *s)
{
    if (!s)
        return;
    g_free(s->path);
    g_ptr_array_unref(s->lines);
    g_ptr_array_unref(s->warnings);
    g_array_unref(s->warning_lines);
    g_hash_table_unref(s->index);
    g_free(s);
}

const char *
sv_file_get_path(ShvarFile *s)
{
    return s->path;
}

/* The effective (last) line for @key, or NULL. */
static SvLine *
find_line(ShvarFile *s, const char *key)
{
    for (SvLine *line = g_hash_table_lookup(s->index, key); line; line = line->prev_same) {
        if (line->raw)
            return line;
    }
    return NULL;
}

static void G_GNUC_PRINTF(3, 0)
    add_warning_at(ShvarFile *s, guint line, const char *fmt, va_list ap)
{
    /* A bounded list, whatever a hostile file holds. */
    if (s->warnings->len > SV_MAX_WARNINGS)
        return;
    if (s->warnings->len == SV_MAX_WARNINGS) {
        g_ptr_array_add(s->warnings, g_strdup(_("further problems not shown")));
        line = 0;
    } else
        g_ptr_array_add(s->warnings, g_strdup_vprintf(fmt, ap));
    g_array_append_val(s->warning_lines, line);
}

void
sv_file_add_warning(ShvarFile *s, const char *fmt, ...)
{
    va_list ap;

    va_start(ap, fmt);
    add_warning_at(s, 0, fmt, ap);
    va_end(ap);
}

void
sv_file_add_key_warning(ShvarFile *s, const char *key, const char *fmt, ...)
{
    va_list ap;

    va_start(ap, fmt);
    add_warning_at(s, sv_get_line(s, key), fmt, ap);
    va_end(ap);
}

/* For the file's own checks, which know the line. */
static void G_GNUC_PRINTF(3, 4) add_line_warning(ShvarFile *s, guint line, const char *fmt, ...)
{
    va_list ap;

    va_start(ap, fmt);
    add_warning_at(s, line, fmt, ap);
    va_end(ap);
}

GPtrArray *
sv_file_get_warnings(ShvarFile *s)
{
    return s->warnings;
}

guint
sv_file_get_warning_line(ShvarFile *s, guint i)
{
    g_return_val_if_fail(i < s->warning_lines->len, 0);
    return g_array_index(s->warning_lines, guint, i);
}

guint
sv_get_line(ShvarFile *s, const char *key)
{
    SvLine *line = find_line(s, key);

    return line ? line->number : 0;
}

void
sv_file_collect_invalid(ShvarFile *s)
{
    /* key -> index of its last (effective) line */
    g_autoptr(GHashTable) last = g_hash_table_new(g_str_hash, g_str_equal);

    for (guint i = 0; i < s->lines->len; i++) {
        SvLine *line = s->lines->pdata[i];

        if (line->key && line->raw)
            g_hash_table_insert(last, (gpointer)line->key, GUINT_TO_POINTER(i));
    }
    for (guint i = 0; i < s->lines->len; i++) {
        SvLine *line = s->lines->pdata[i];

        if (!line->key) {
            const char *t = line->raw;

            while (is_ws(*t))
                t++;
            if (*t && *t != '#')
                add_line_warning(s, i + 1, _("invalid line ignored: %s"), line->raw);
        } else if (!line->raw) {
            continue;
        } else if (GPOINTER_TO_UINT(g_hash_table_lookup(last, line->key)) != i) {
            add_line_warning(s, i + 1, _("key %s is duplicated and the early occurrence ignored"),
                             line->key);
        } else if (!line->value) {
            add_line_warning(s, i + 1, _("key %s is badly quoted and is treated as \"\""),
                             line->key);
        }
    }
}

const char *
sv_get_value(ShvarFile *s, const char *key)
{
    SvLine *line = find_line(s, key);

    if (!line)
        return NULL;
    return line->value ? line->value : "";
}

const char *
sv_get_value_str(ShvarFile *s, const char *key)
{
    const char *v = sv_get_value(s, key);

    return v && v[0] ? v : NULL;
}

gboolean
sv_get_value_is_bad(ShvarFile *s, const char *key)
{
    SvLine *line = find_line(s, key);

    return line && !line->value;
}

int
sv_parse_boolean(const char *value, int fallback)
{
    static const char *const yes[] = {"yes", "true", "t", "y", "1"};
    static const char *const no[] = {"no", "false", "f", "n", "0"};

    if (!value)
        return fallback;
    for (guint i = 0; i < G_N_ELEMENTS(yes); i++) {
        if (g_ascii_strcasecmp(value, yes[i]) == 0)
            return TRUE;
        if (g_ascii_strcasecmp(value, no[i]) == 0)
            return FALSE;
    }
    return fallback;
}

int
sv_get_boolean(ShvarFile *s, const char *key, int fallback)
{
    return sv_parse_boolean(sv_get_value(s, key), fallback);
}

gint64
sv_get_int64(ShvarFile *s, const char *key, guint base, gint64 min, gint64 max, gint64 fallback)
{
    const char *v = sv_get_value(s, key);
    g_autofree char *stripped = NULL;
    char *end = NULL;
    gint64 n;

    errno = 0;
    if (!v) {
        errno = ENOENT;
        return fallback;
    }
    stripped = g_strstrip(g_strdup(v));
    /* strtoll would accept a '+' sign; ifcfg values never carry one. */
    if (!stripped[0] || stripped[0] == '+' || (stripped[0] == '-' && min >= 0)) {
        errno = EINVAL;
        return fallback;
    }
    n = g_ascii_strtoll(stripped, &end, base);
    if (errno != 0 || !end || *end) {
        errno = EINVAL;
        return fallback;
    }
    if (n < min || n > max) {
        errno = ERANGE;
        return fallback;
    }
    return n;
}

GPtrArray *
sv_get_keys(ShvarFile *s)
{
    GPtrArray *keys = g_ptr_array_new_with_free_func(g_free);
    g_autoptr(GHashTable) seen = g_hash_table_new(g_str_hash, g_str_equal);

    for (guint i = 0; i < s->lines->len; i++) {
        SvLine *line = s->lines->pdata[i];

        if (line->key && line->raw && g_hash_table_add(seen, (gpointer)line->key))
            g_ptr_array_add(keys, g_strdup(line->key));
    }
    return keys;
}

/* A tombstone for @key (an unset line that a set may reuse), or NULL. */
static SvLine *
find_tombstone(ShvarFile *s, const char *key)
{
    for (SvLine *line = g_hash_table_lookup(s->index, key); line; line = line->prev_same) {
        if (!line->raw)
            return line;
    }
    return NULL;
}

/* Drop every earlier occurrence of @line's key (shadowed duplicates and
 * tombstones): they are emptied and leave the key's chain, so that they are
 * neither written nor reused. */
static void
remove_earlier(ShvarFile *s, SvLine *line)
{
    SvLine *next;

    for (SvLine *p = line->prev_same; p; p = next) {
        next = p->prev_same;
        if (p->raw)
            s->modified = TRUE;
        g_clear_pointer(&p->raw, g_free);
        g_clear_pointer(&p->value, g_free);
        p->dirty = FALSE;
        p->prev_same = NULL;
    }
    line->prev_same = NULL;
}

void
sv_set_value(ShvarFile *s, const char *key, const char *value)
{
    g_autofree char *escaped = NULL;
    SvLine *line;

    g_return_if_fail(key);

    if (!value) {
        sv_unset_value(s, key);
        return;
    }

    escaped = sv_escape(value);
    line = find_line(s, key);
    if (line) {
        remove_earlier(s, line);
        if (line->key != line->key_with_prefix) {
            /* Setting a key drops its indentation, as ifcfg-rh does. */
            char *k = g_strdup(line->key);

            g_free(line->key_with_prefix);
            line->key_with_prefix = k;
            line->key = k;
            s->modified = TRUE;
        }
        if (strcmp(line->raw, escaped) != 0) {
            g_free(line->raw);
            line->raw = g_steal_pointer(&escaped);
            s->modified = TRUE;
        }
    } else {
        line = find_tombstone(s, key);
        if (!line) {
            line = g_new0(SvLine, 1);
            line->key_with_prefix = g_strdup(key);
            line->key = line->key_with_prefix;
            append_line(s, line);
        }
        line->raw = g_steal_pointer(&escaped);
        s->modified = TRUE;
    }
    g_free(line->value);
    line->value = g_strdup(value);
    line->dirty = FALSE;
}

void
sv_set_value_str(ShvarFile *s, const char *key, const char *value)
{
    sv_set_value(s, key, value && value[0] ? value : NULL);
}

void
sv_set_value_boolean(ShvarFile *s, const char *key, gboolean value)
{
    sv_set_value(s, key, value ? "yes" : "no");
}

void
sv_set_value_int64(ShvarFile *s, const char *key, gint64 value)
{
    char buf[32];

    g_snprintf(buf, sizeof(buf), "%" G_GINT64_FORMAT, value);
    sv_set_value(s, key, buf);
}

void
sv_unset_value(ShvarFile *s, const char *key)
{
    SvLine *line = find_line(s, key);

    if (!line)
        return;
    remove_earlier(s, line);
    /* Keep the line as a tombstone so that a later set reuses the place. */
    g_clear_pointer(&line->raw, g_free);
    g_clear_pointer(&line->value, g_free);
    line->dirty = FALSE;
    s->modified = TRUE;
}

void
sv_keep_value(ShvarFile *s, const char *key)
{
    SvLine *line = find_line(s, key);

    if (line)
        line->dirty = FALSE;
}

void
sv_unset_dirty(ShvarFile *s, gboolean (*is_well_known)(const char *key), const char *const *keep)
{
    for (guint i = 0; i < s->lines->len; i++) {
        SvLine *line = s->lines->pdata[i];

        if (!line->key || !line->raw || !line->dirty)
            continue;
        if (keep && g_strv_contains(keep, line->key))
            continue;
        if (!is_well_known(line->key))
            continue;
        g_clear_pointer(&line->raw, g_free);
        g_clear_pointer(&line->value, g_free);
        line->dirty = FALSE;
        s->modified = TRUE;
    }
}

char *
sv_file_to_data(ShvarFile *s)
{
    GString *out = g_string_new(NULL);

    for (guint i = 0; i < s->lines->len; i++) {
        SvLine *line = s->lines->pdata[i];

        if (!line->key) {
            const char *t = line->raw;

            while (is_ws(*t))
                t++;
            /* Garbage is kept, but commented out so shells can source us. */
            if (*t && *t != '#')
                g_string_append(out, "#NM: ");
            g_string_append(out, line->raw);
            g_string_append_c(out, '\n');
        } else if (!line->raw) {
            continue;
        } else if (!line->value) {
            g_string_append_printf(out, "%s=\n#NM: %s=%s\n", line->key_with_prefix,
                                   line->key_with_prefix, line->raw);
        } else {
            g_string_append_printf(out, "%s=%s\n", line->key_with_prefix, line->raw);
        }
    }
    return g_string_free(out, FALSE);
}

gboolean
sv_file_is_modified(ShvarFile *s)
{
    return s->modified || s->is_new;
}

gboolean
sv_file_write(ShvarFile *s, int mode, GError **error)
{
    g_autofree char *data = sv_file_to_data(s);

    if (!atomic_file_replace(s->path, data, strlen(data), mode, error))
        return FALSE;
    s->modified = FALSE;
    s->is_new = FALSE;
    return TRUE;
}
