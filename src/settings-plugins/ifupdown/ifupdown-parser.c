/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * interfaces(5) syntax: files, includes, stanzas and option lines.  The
 * rules are ifupdown 0.8's: a line whose first word is a stanza keyword
 * starts a stanza wherever it is indented, any other line belongs to the
 * iface stanza above it (indentation is only for the eye), comments are
 * whole lines, and a trailing backslash joins the next line.
 */
#include "config.h"

#include "ifupdown-parser.h"

#include <errno.h>
#include <gio/gio.h>
#include <glib/gi18n-lib.h>
#include <glob.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

typedef struct {
    IfupdownConfig *config;
    /* Real paths of the files being read now (an include loop) and of
     * every file read (read once). */
    GHashTable *reading;
    GHashTable *read;
    GHashTable *watch_set;
} Parser;

/* The state of one file's stanzas. */
typedef struct {
    const char *file;
    IfupdownStanza *iface; /* options go here */
    gboolean swallow;      /* inside a mapping or a broken iface line */
} FileState;

static void
option_free(IfupdownOption *option)
{
    g_free(option->key);
    g_free(option->key_raw);
    g_free(option->value);
    g_free(option);
}

static void
stanza_free(IfupdownStanza *stanza)
{
    g_free(stanza->name);
    g_free(stanza->family);
    g_free(stanza->method);
    g_free(stanza->inherits);
    g_ptr_array_unref(stanza->options);
    g_free(stanza);
}

void
ifupdown_config_free(IfupdownConfig *config)
{
    if (!config)
        return;
    g_ptr_array_unref(config->stanzas);
    g_ptr_array_unref(config->files);
    g_hash_table_unref(config->autostart);
    g_ptr_array_unref(config->watch_dirs);
    g_ptr_array_unref(config->diags);
    g_free(config->path);
    g_free(config);
}

gboolean
ifupdown_config_is_autostart(const IfupdownConfig *config, const char *name)
{
    return g_hash_table_contains(config->autostart, name);
}

char *
ifupdown_option_canonical_key(const char *key)
{
    char *canonical = g_ascii_strdown(key, -1);

    g_strdelimit(canonical, "_", '-');
    return canonical;
}

gboolean
ifupdown_is_run_parts_name(const char *name)
{
    if (!name || !*name)
        return FALSE;
    for (const char *c = name; *c; c++) {
        if (!g_ascii_isalnum(*c) && *c != '_' && *c != '-')
            return FALSE;
    }
    return TRUE;
}

char **
ifupdown_words(const char *value)
{
    g_auto(GStrv) parts = g_strsplit_set(value ? value : "", " \t", -1);
    GPtrArray *words = g_ptr_array_new();

    for (guint i = 0; parts[i]; i++) {
        if (parts[i][0])
            g_ptr_array_add(words, g_strdup(parts[i]));
    }
    g_ptr_array_add(words, NULL);
    return (char **)g_ptr_array_free(words, FALSE);
}

static gboolean
has_glob_magic(const char *s)
{
    return strpbrk(s, "*?[") != NULL;
}

static void
watch_dir(Parser *p, const char *dir)
{
    if (g_hash_table_add(p->watch_set, g_strdup(dir)))
        g_ptr_array_add(p->config->watch_dirs, g_strdup(dir));
}

/* The directory a glob pattern's matches appear in, as far as it is fixed:
 * "/etc/network/interfaces.d/ *" -> "/etc/network/interfaces.d",
 * "/etc/net*" "/x" -> "/etc". */
static char *
fixed_dir_of_pattern(const char *pattern)
{
    g_auto(GStrv) parts = g_strsplit(pattern, "/", -1);
    g_autoptr(GString) dir = g_string_new(NULL);
    guint n = g_strv_length(parts);

    /* The last component is what matches; stop at the first with magic. */
    for (guint i = 0; i + 1 < n && !has_glob_magic(parts[i]); i++) {
        if (i > 0 || parts[i][0])
            g_string_append_printf(dir, "/%s", parts[i]);
    }
    if (dir->len == 0)
        g_string_assign(dir, "/");
    return g_string_free(g_steal_pointer(&dir), FALSE);
}

/* An include target relative to the including file's directory. */
static char *
resolve_include(const char *from_file, const char *target)
{
    g_autofree char *dir = NULL;

    if (g_path_is_absolute(target))
        return g_canonicalize_filename(target, "/");
    dir = g_path_get_dirname(from_file);
    return g_canonicalize_filename(target, dir);
}

static gboolean read_file(Parser *p, const char *path, const char *from_file, guint from_line,
                          guint depth, GError **error);

static void
include_file(Parser *p, const char *path, const char *from_file, guint from_line, guint depth)
{
    g_autoptr(GError) local = NULL;

    if (!read_file(p, path, from_file, from_line, depth + 1, &local))
        ifupdown_diag_add(p->config->diags, IFUPDOWN_DIAG_NOT_CARRIED, from_file, from_line, "%s",
                          local->message);
}

/* "source PATTERN...": every match, in glob(3)'s sorted order. */
static void
include_source(Parser *p, const char *from_file, guint from_line, const char *value, guint depth)
{
    g_auto(GStrv) words = ifupdown_words(value);

    for (guint i = 0; words[i]; i++) {
        g_autofree char *pattern = resolve_include(from_file, words[i]);
        glob_t g = {0};

        if (!has_glob_magic(pattern)) {
            g_autofree char *dir = g_path_get_dirname(pattern);

            /* Watched so that the file is seen when it appears. */
            watch_dir(p, dir);
            include_file(p, pattern, from_file, from_line, depth);
            continue;
        }
        {
            g_autofree char *dir = fixed_dir_of_pattern(pattern);

            watch_dir(p, dir);
        }
        if (glob(pattern, 0, NULL, &g) == 0) {
            for (size_t j = 0; j < g.gl_pathc; j++) {
                struct stat st;

                /* A glob matching a directory is not a file to read. */
                if (stat(g.gl_pathv[j], &st) == 0 && S_ISDIR(st.st_mode))
                    continue;
                include_file(p, g.gl_pathv[j], from_file, from_line, depth);
            }
        }
        globfree(&g);
    }
}

static int
cmp_strptr(gconstpointer a, gconstpointer b)
{
    return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/* The files of one source-directory, in run-parts order: names of
 * [A-Za-z0-9_-] only (so "x.dpkg-old", "x~", ".x.swp" are left out), sorted
 * bytewise. */
static void
include_one_dir(Parser *p, const char *dir, const char *from_file, guint from_line, guint depth)
{
    g_autoptr(GDir) d = g_dir_open(dir, 0, NULL);
    g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func(g_free);
    const char *name;

    watch_dir(p, dir);
    if (!d) {
        g_debug("%s:%u: source-directory %s cannot be read; nothing included", from_file, from_line,
                dir);
        return;
    }
    while ((name = g_dir_read_name(d))) {
        if (ifupdown_is_run_parts_name(name))
            g_ptr_array_add(names, g_strdup(name));
    }
    g_ptr_array_sort(names, cmp_strptr);
    for (guint i = 0; i < names->len; i++) {
        g_autofree char *path = g_build_filename(dir, names->pdata[i], NULL);
        struct stat st;

        if (stat(path, &st) != 0 || !S_ISREG(st.st_mode))
            continue;
        include_file(p, path, from_file, from_line, depth);
    }
}

static void
include_directory(Parser *p, const char *from_file, guint from_line, const char *value, guint depth)
{
    g_auto(GStrv) words = ifupdown_words(value);

    for (guint i = 0; words[i]; i++) {
        g_autofree char *pattern = resolve_include(from_file, words[i]);
        glob_t g = {0};

        {
            /* The parent too: a directory created later is seen. */
            g_autofree char *parent = fixed_dir_of_pattern(pattern);

            watch_dir(p, parent);
        }
        if (!has_glob_magic(pattern)) {
            include_one_dir(p, pattern, from_file, from_line, depth);
            continue;
        }
        if (glob(pattern, GLOB_ONLYDIR, NULL, &g) == 0) {
            for (size_t j = 0; j < g.gl_pathc; j++)
                include_one_dir(p, g.gl_pathv[j], from_file, from_line, depth);
        }
        globfree(&g);
    }
}

/*****************************************************************************/
/* Lines */

static gboolean
is_blank(char c)
{
    return c == ' ' || c == '\t';
}

/* Split "word rest" at the first blank; @rest is trimmed. */
static void
split_first_word(char *line, char **word, char **rest)
{
    char *p = line;

    while (*p && !is_blank(*p))
        p++;
    *word = line;
    if (*p) {
        *p++ = '\0';
        while (is_blank(*p))
            p++;
    }
    *rest = g_strstrip(p);
}

static void
add_autostart(Parser *p, FileState *fs, guint line, const char *value)
{
    g_auto(GStrv) names = ifupdown_words(value);

    for (guint i = 0; names[i]; i++) {
        /* "/eth*": a pattern over the interfaces present at ifup time. */
        if (names[i][0] == '/') {
            g_debug("%s:%u: pattern %s matches interfaces only at run time; ignored", fs->file,
                    line, names[i]);
            continue;
        }
        g_hash_table_add(p->config->autostart, g_strdup(names[i]));
    }
}

static void
start_iface(Parser *p, FileState *fs, guint line, const char *value)
{
    g_auto(GStrv) w = ifupdown_words(value);
    guint n = g_strv_length(w);
    IfupdownStanza *stanza;
    guint i = 3;

    fs->iface = NULL;
    if (n < 3) {
        ifupdown_diag_add(p->config->diags, IFUPDOWN_DIAG_NOT_CARRIED, fs->file, line,
                          _("'iface %s' needs a name, an address family and a method; "
                            "stanza ignored"),
                          value);
        fs->swallow = TRUE;
        return;
    }
    stanza = g_new0(IfupdownStanza, 1);
    stanza->name = g_strdup(w[0]);
    stanza->family = g_strdup(w[1]);
    stanza->method = g_strdup(w[2]);
    stanza->file = fs->file;
    stanza->line = line;
    stanza->options = g_ptr_array_new_with_free_func((GDestroyNotify)option_free);
    if (n >= 5 && strcmp(w[3], "inherits") == 0) {
        stanza->inherits = g_strdup(w[4]);
        i = 5;
    }
    if (i < n)
        ifupdown_diag_add(p->config->diags, IFUPDOWN_DIAG_NOT_CARRIED, fs->file, line,
                          _("%s: unexpected '%s' after the method (ignored)"), stanza->name, w[i]);
    g_ptr_array_add(p->config->stanzas, stanza);
    fs->iface = stanza;
    fs->swallow = FALSE;
}

static void
add_option(Parser *p, FileState *fs, guint line, const char *key, const char *value)
{
    IfupdownOption *option;

    if (!fs->iface) {
        if (!fs->swallow)
            ifupdown_diag_add(p->config->diags, IFUPDOWN_DIAG_NOT_CARRIED, fs->file, line,
                              _("'%s' is outside of any iface stanza (ignored)"), key);
        return;
    }
    option = g_new0(IfupdownOption, 1);
    option->key = ifupdown_option_canonical_key(key);
    option->key_raw = g_strdup(key);
    option->value = g_strdup(value);
    option->file = fs->file;
    option->line = line;
    g_ptr_array_add(fs->iface->options, option);
}

static void
parse_line(Parser *p, FileState *fs, guint line, char *text, guint depth)
{
    char *keyword;
    char *rest;

    split_first_word(text, &keyword, &rest);
    if (strcmp(keyword, "iface") == 0) {
        start_iface(p, fs, line, rest);
        return;
    }
    if (strcmp(keyword, "auto") == 0 || strcmp(keyword, "allow-auto") == 0 ||
        strcmp(keyword, "allow-hotplug") == 0) {
        add_autostart(p, fs, line, rest);
    } else if (strcmp(keyword, "source") == 0) {
        include_source(p, fs->file, line, rest, depth);
    } else if (strcmp(keyword, "source-directory") == 0) {
        include_directory(p, fs->file, line, rest, depth);
    } else if (strcmp(keyword, "mapping") == 0) {
        /* Its "script" and "map" lines are not options of an iface. */
        fs->iface = NULL;
        fs->swallow = TRUE;
        return;
    } else if (g_str_has_prefix(keyword, "allow-") || strcmp(keyword, "rename") == 0 ||
               strcmp(keyword, "no-auto-down") == 0 || strcmp(keyword, "no-scripts") == 0) {
        /* Other allow- classes are for "ifup --allow=CLASS", renames and
         * the rest for ifupdown's own runs: nothing a profile holds. */
    } else {
        add_option(p, fs, line, keyword, rest);
        return;
    }
    fs->iface = NULL;
    fs->swallow = FALSE;
}

static void
parse_contents(Parser *p, const char *file, char *contents, guint depth)
{
    g_auto(GStrv) lines = g_strsplit(contents, "\n", -1);
    FileState fs = {.file = file};

    for (guint i = 0; lines[i]; i++) {
        guint first = i + 1;
        g_autoptr(GString) logical = g_string_new(NULL);

        for (;;) {
            char *l = lines[i];
            gsize len = strlen(l);

            /* Trailing blanks (and a DOS \r) do not hide a backslash. */
            while (len > 0 && g_ascii_isspace(l[len - 1]))
                len--;
            if (len > 0 && l[len - 1] == '\\' && lines[i + 1]) {
                g_string_append_len(logical, l, len - 1);
                i++;
                continue;
            }
            g_string_append_len(logical, l, len);
            break;
        }
        g_strstrip(logical->str);
        logical->len = strlen(logical->str);
        if (logical->len == 0 || logical->str[0] == '#')
            continue;
        parse_line(p, &fs, first, logical->str, depth);
    }
}

static gboolean
read_file(Parser *p, const char *path, const char *from_file, guint from_line, guint depth,
          GError **error)
{
    g_autofree char *contents = NULL;
    g_autofree char *dir = NULL;
    g_autoptr(GError) local = NULL;
    char real[PATH_MAX];
    const char *file;

    if (depth > IFUPDOWN_MAX_INCLUDE_DEPTH) {
        g_set_error(error, G_IO_ERROR, G_IO_ERROR_TOO_MANY_LINKS,
                    _("%s: includes nested more than %d deep (not read)"), path,
                    IFUPDOWN_MAX_INCLUDE_DEPTH);
        return FALSE;
    }
    if (!realpath(path, real)) {
        int errsv = errno;

        g_set_error(error, G_IO_ERROR, g_io_error_from_errno(errsv), _("cannot read %s: %s"), path,
                    g_strerror(errsv));
        return FALSE;
    }
    if (g_hash_table_contains(p->reading, real)) {
        g_set_error(error, G_IO_ERROR, G_IO_ERROR_EXISTS,
                    _("%s includes itself (through %s); not read again"), path, from_file);
        return FALSE;
    }
    if (g_hash_table_contains(p->read, real)) {
        /* ifupdown would read it twice and see every stanza twice. */
        ifupdown_diag_add(p->config->diags, IFUPDOWN_DIAG_NOTE, from_file, from_line,
                          _("%s is included already; not read again"), path);
        return TRUE;
    }
    if (!g_file_get_contents(path, &contents, NULL, &local)) {
        g_set_error(error, G_IO_ERROR,
                    g_error_matches(local, G_FILE_ERROR, G_FILE_ERROR_NOENT) ? G_IO_ERROR_NOT_FOUND
                                                                             : G_IO_ERROR_FAILED,
                    "%s", local->message);
        return FALSE;
    }

    g_ptr_array_add(p->config->files, g_strdup(path));
    file = p->config->files->pdata[p->config->files->len - 1];
    dir = g_path_get_dirname(file);
    watch_dir(p, dir);
    g_hash_table_add(p->read, g_strdup(real));
    g_hash_table_add(p->reading, g_strdup(real));
    parse_contents(p, file, contents, depth);
    g_hash_table_remove(p->reading, real);
    return TRUE;
}

IfupdownConfig *
ifupdown_config_read(const char *path, GError **error)
{
    g_autoptr(IfupdownConfig) config = g_new0(IfupdownConfig, 1);
    Parser p = {.config = config};
    gboolean ok;

    config->path = g_canonicalize_filename(path, "/");
    config->files = g_ptr_array_new_with_free_func(g_free);
    config->stanzas = g_ptr_array_new_with_free_func((GDestroyNotify)stanza_free);
    config->autostart = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
    config->watch_dirs = g_ptr_array_new_with_free_func(g_free);
    config->diags = ifupdown_diags_new();
    p.reading = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
    p.read = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
    p.watch_set = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);

    {
        /* The main file's directory is watched even when it is missing:
         * the file appears there. */
        g_autofree char *dir = g_path_get_dirname(config->path);

        watch_dir(&p, dir);
    }
    ok = read_file(&p, config->path, NULL, 0, 0, error);
    g_hash_table_unref(p.reading);
    g_hash_table_unref(p.read);
    g_hash_table_unref(p.watch_set);
    if (!ok)
        return NULL;
    return g_steal_pointer(&config);
}
