/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * bondctl check [DIR]: read an ifcfg directory offline with the ifcfg
 * settings plugin's own reader (the code bondd runs, linked in), and print
 * what it would refuse or drop, per file and line.  Files are chosen as the
 * plugin chooses them.  Across files it adds what bondd would only log:
 * duplicate UUIDs and ports whose controller no profile provides.
 */
#include "config.h"

#include "bondctl.h"

#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <stdio.h>
#include <string.h>

#include "ifcfg-plugin.h"
#include "ifcfg-reader.h"
#include "ifcfg-utils.h"

typedef enum {
    NOTE,
    WARNING,
    ERROR,
} Severity;

typedef struct {
    guint line; /* 0: the whole file */
    Severity severity;
    char *message;
} Problem;

typedef struct {
    char *path;
    NMConnection *connection; /* NULL if it did not load */
    GArray *problems;         /* Problem */
} CheckedFile;

static void
problem_clear(Problem *p)
{
    g_free(p->message);
}

static void
checked_file_free(CheckedFile *f)
{
    g_free(f->path);
    g_clear_object(&f->connection);
    g_array_unref(f->problems);
    g_free(f);
}

static void G_GNUC_PRINTF(4, 5)
    add_problem(CheckedFile *f, guint line, Severity severity, const char *fmt, ...)
{
    Problem p = {line, severity, NULL};
    va_list ap;

    va_start(ap, fmt);
    p.message = g_strdup_vprintf(fmt, ap);
    va_end(ap);
    g_array_append_val(f->problems, p);
}

/* The reader's errors start with the file name: it is printed anyway. */
static const char *
without_path(const char *message, const char *path)
{
    gsize n = strlen(path);

    if (strncmp(message, path, n) == 0 && strncmp(message + n, ": ", 2) == 0)
        return message + n + 2;
    return message;
}

static CheckedFile *
check_file(const char *path)
{
    CheckedFile *f = g_new0(CheckedFile, 1);
    g_autoptr(ShvarFile) s = NULL;
    g_autoptr(GError) error = NULL;
    g_autofree char *unmanaged = NULL;
    g_autofree char *unrecognized = NULL;
    GPtrArray *warnings;

    f->path = g_strdup(path);
    f->problems = g_array_new(FALSE, FALSE, sizeof(Problem));
    g_array_set_clear_func(f->problems, (GDestroyNotify)problem_clear);
    if (!(s = sv_file_open(path, &error))) {
        add_problem(f, 0, ERROR, "%s", without_path(error->message, path));
        return f;
    }
    f->connection = ifcfg_reader_check(s, &unmanaged, &unrecognized, &error);
    warnings = sv_file_get_warnings(s);
    for (guint i = 0; i < warnings->len; i++)
        add_problem(f, sv_file_get_warning_line(s, i), WARNING, "%s",
                    (const char *)warnings->pdata[i]);
    if (unmanaged)
        add_problem(f, sv_get_line(s, "NM_CONTROLLED"), NOTE,
                    _("not managed by bondd (NM_CONTROLLED=no): %s"), unmanaged);
    else if (error && g_error_matches(error, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED))
        add_problem(f, 0, NOTE, _("skipped: %s"), without_path(error->message, path));
    else if (error)
        add_problem(f, 0, ERROR, "%s", without_path(error->message, path));
    return f;
}

/* Ports name their controller by interface name or UUID. */
static gboolean
controller_exists(GPtrArray *files, const char *controller)
{
    for (guint i = 0; i < files->len; i++) {
        CheckedFile *f = files->pdata[i];

        if (f->connection && nm_connection_is_type(f->connection, NM_SETTING_BOND_SETTING_NAME) &&
            (g_strcmp0(nm_connection_get_interface_name(f->connection), controller) == 0 ||
             g_strcmp0(nm_connection_get_uuid(f->connection), controller) == 0))
            return TRUE;
    }
    return FALSE;
}

static void
check_across_files(GPtrArray *files)
{
    g_autoptr(GHashTable) uuids = g_hash_table_new(g_str_hash, g_str_equal);

    for (guint i = 0; i < files->len; i++) {
        CheckedFile *f = files->pdata[i];
        NMSettingConnection *s_con;
        const char *controller;
        CheckedFile *first;

        if (!f->connection)
            continue;
        s_con = nm_connection_get_setting_connection(f->connection);
        first = g_hash_table_lookup(uuids, nm_setting_connection_get_uuid(s_con));
        if (first)
            add_problem(f, 0, WARNING, _("UUID %s is also the UUID of %s: bondd loads the newer"),
                        nm_setting_connection_get_uuid(s_con), first->path);
        else
            g_hash_table_insert(uuids, (gpointer)nm_setting_connection_get_uuid(s_con), f);
        controller = nm_setting_connection_get_master(s_con);
        if (controller && !controller_exists(files, controller))
            add_problem(f, 0, WARNING, _("no profile in this directory is its controller %s"),
                        controller);
    }
}

/* File-wide problems first, then by line; stable for one line. */
static int
compare_problems(gconstpointer a, gconstpointer b)
{
    guint la = ((const Problem *)a)->line, lb = ((const Problem *)b)->line;

    return la < lb ? -1 : la > lb;
}

static const char *
severity_word(Severity severity)
{
    switch (severity) {
        case ERROR:
            return _("error");
        case WARNING:
            return _("warning");
        default:
            return _("note");
    }
}

static const char *
severity_key(Severity severity)
{
    return severity == ERROR ? "error" : severity == WARNING ? "warning" : "note";
}

static void
print_text(GPtrArray *files, guint errors, guint warnings)
{
    for (guint i = 0; i < files->len; i++) {
        CheckedFile *f = files->pdata[i];

        for (guint j = 0; j < f->problems->len; j++) {
            Problem *p = &g_array_index(f->problems, Problem, j);

            if (p->line)
                printf("%s:%u: %s: %s\n", f->path, p->line, severity_word(p->severity), p->message);
            else
                printf("%s: %s: %s\n", f->path, severity_word(p->severity), p->message);
        }
        if (f->connection)
            printf(_("%s: ok: %s profile '%s'\n"), f->path,
                   nm_connection_get_connection_type(f->connection),
                   nm_connection_get_id(f->connection));
    }
    printf(ngettext("%u file: ", "%u files: ", files->len), files->len);
    printf(ngettext("%u error, ", "%u errors, ", errors), errors);
    printf(ngettext("%u warning\n", "%u warnings\n", warnings), warnings);
}

static void
print_json(const char *dir, GPtrArray *files, guint errors, guint warnings)
{
    g_autoptr(JsonBuilder) b = json_builder_new();
    g_autoptr(JsonNode) root = NULL;

    json_builder_begin_object(b);
    json_builder_set_member_name(b, "directory");
    json_builder_add_string_value(b, dir);
    json_builder_set_member_name(b, "errors");
    json_builder_add_int_value(b, errors);
    json_builder_set_member_name(b, "warnings");
    json_builder_add_int_value(b, warnings);
    json_builder_set_member_name(b, "files");
    json_builder_begin_array(b);
    for (guint i = 0; i < files->len; i++) {
        CheckedFile *f = files->pdata[i];

        json_builder_begin_object(b);
        json_builder_set_member_name(b, "file");
        json_builder_add_string_value(b, f->path);
        json_builder_set_member_name(b, "loaded");
        json_builder_add_boolean_value(b, f->connection != NULL);
        if (f->connection) {
            json_builder_set_member_name(b, "id");
            json_builder_add_string_value(b, nm_connection_get_id(f->connection));
            json_builder_set_member_name(b, "uuid");
            json_builder_add_string_value(b, nm_connection_get_uuid(f->connection));
            json_builder_set_member_name(b, "type");
            json_builder_add_string_value(b, nm_connection_get_connection_type(f->connection));
            json_builder_set_member_name(b, "interface");
            json_builder_add_string_value(b, nm_connection_get_interface_name(f->connection));
        }
        json_builder_set_member_name(b, "problems");
        json_builder_begin_array(b);
        for (guint j = 0; j < f->problems->len; j++) {
            Problem *p = &g_array_index(f->problems, Problem, j);

            json_builder_begin_object(b);
            json_builder_set_member_name(b, "line");
            json_builder_add_int_value(b, p->line);
            json_builder_set_member_name(b, "severity");
            json_builder_add_string_value(b, severity_key(p->severity));
            json_builder_set_member_name(b, "message");
            json_builder_add_string_value(b, p->message);
            json_builder_end_object(b);
        }
        json_builder_end_array(b);
        json_builder_end_object(b);
    }
    json_builder_end_array(b);
    json_builder_end_object(b);
    root = json_builder_get_root(b);
    bondctl_print_json(root);
}

static int
compare_names(gconstpointer a, gconstpointer b)
{
    return strcmp(*(const char **)a, *(const char **)b);
}

int
bondctl_check(const BondctlOptions *options, const char *dir)
{
    g_autoptr(GError) error = NULL;
    g_autoptr(GDir) d = NULL;
    g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func(g_free);
    g_autoptr(GPtrArray) files = g_ptr_array_new_with_free_func((GDestroyNotify)checked_file_free);
    const char *name;
    guint errors = 0, warnings = 0;

    if (!dir)
        dir = IFCFG_PLUGIN_DEFAULT_PATH;
    if (!(d = g_dir_open(dir, 0, &error))) {
        bondctl_error("%s", error->message);
        return BONDCTL_EXIT_DOWN;
    }
    while ((name = g_dir_read_name(d)))
        g_ptr_array_add(names, g_strdup(name));
    g_ptr_array_sort(names, compare_names);

    for (guint i = 0; i < names->len; i++) {
        g_autofree char *path = g_build_filename(dir, names->pdata[i], NULL);

        /* The plugin's choice of files. */
        if (ifcfg_utils_should_ignore_file(names->pdata[i], TRUE) ||
            ifcfg_utils_is_alias_of_existing(path) || !g_file_test(path, G_FILE_TEST_IS_REGULAR))
            continue;
        g_ptr_array_add(files, check_file(path));
    }
    check_across_files(files);
    for (guint i = 0; i < files->len; i++) {
        CheckedFile *f = files->pdata[i];

        g_array_sort(f->problems, compare_problems);
        for (guint j = 0; j < f->problems->len; j++) {
            Severity severity = g_array_index(f->problems, Problem, j).severity;

            errors += severity == ERROR;
            warnings += severity == WARNING;
        }
    }
    if (options->json)
        print_json(dir, files, errors, warnings);
    else
        print_text(files, errors, warnings);
    if (errors)
        return BONDCTL_EXIT_DOWN;
    return warnings ? BONDCTL_EXIT_DEGRADED : BONDCTL_EXIT_OK;
}
