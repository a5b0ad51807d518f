/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Helpers shared by the ifupdown unit tests: a private directory tree per
 * test, file helpers, and "read this interfaces text" with its profiles and
 * diagnostics.
 */
#pragma once

#include <NetworkManager.h>
#include <glib/gstdio.h>
#include <string.h>

#include "ifupdown-parser.h"
#include "ifupdown-link.h"
#include "ifupdown-reader.h"

/* The stanza of the task, verbatim (mixed indentation included). */
#define CANONICAL_INTERFACES                                                                       \
    "auto eth1\n"                                                                                  \
    "iface eth1 inet manual\n"                                                                     \
    "    bond-master ha\n"                                                                         \
    "    bond-primary eth1 eth2\n"                                                                 \
    "    pre-up      /sbin/ethtool -s $IFACE speed 1000 duplex full\n"                             \
    "\n"                                                                                           \
    "auto eth2\n"                                                                                  \
    "iface eth2 inet manual\n"                                                                     \
    "        bond-master ha\n"                                                                     \
    "        bond-primary eth1 eth2\n"                                                             \
    "        pre-up          /sbin/ethtool -s $IFACE speed 1000 duplex full\n"                     \
    "\n"                                                                                           \
    "auto ha\n"                                                                                    \
    "iface ha inet static\n"                                                                       \
    "    address 10.0.0.1\n"                                                                       \
    "    netmask 255.255.255.0\n"                                                                  \
    "    mtu 9000\n"                                                                               \
    "    bond-slaves none\n"                                                                       \
    "        bond-mode balance-rr\n"                                                               \
    "    bond-miimon 100\n"

static inline char *
test_tmpdir_new(void)
{
    g_autoptr(GError) error = NULL;
    char *dir = g_dir_make_tmp("bondd-ifupdown-XXXXXX", &error);

    g_assert_no_error(error);
    return dir;
}

static inline void
test_rm_rf(const char *path)
{
    g_autoptr(GDir) d = g_dir_open(path, 0, NULL);
    const char *name;

    while (d && (name = g_dir_read_name(d))) {
        g_autofree char *p = g_build_filename(path, name, NULL);

        if (g_file_test(p, G_FILE_TEST_IS_DIR) && !g_file_test(p, G_FILE_TEST_IS_SYMLINK))
            test_rm_rf(p);
        else
            g_unlink(p);
    }
    g_rmdir(path);
}

static inline void
test_tmpdir_free(char *dir)
{
    if (!dir)
        return;
    test_rm_rf(dir);
    g_free(dir);
}

/* Write @content to @dir/@name (creating directories in @name). */
static inline char *
test_write_file(const char *dir, const char *name, const char *content)
{
    g_autoptr(GError) error = NULL;
    char *path = g_build_filename(dir, name, NULL);
    g_autofree char *parent = g_path_get_dirname(path);

    g_assert_cmpint(g_mkdir_with_parents(parent, 0755), ==, 0);
    g_file_set_contents(path, content, -1, &error);
    g_assert_no_error(error);
    return path;
}

static inline char *
test_read_file(const char *path)
{
    g_autoptr(GError) error = NULL;
    char *data = NULL;

    g_file_get_contents(path, &data, NULL, &error);
    g_assert_no_error(error);
    return data;
}

/* One read of an interfaces file: its profiles and what was said. */
typedef struct {
    char *dir;
    char *path;
    GPtrArray *profiles; /* BonddStoredProfile* */
    GPtrArray *diags;    /* IfupdownDiag* */
} TestRead;

static inline void
test_read_free(TestRead *r)
{
    if (!r)
        return;
    g_clear_pointer(&r->profiles, g_ptr_array_unref);
    g_clear_pointer(&r->diags, g_ptr_array_unref);
    test_tmpdir_free(r->dir);
    g_free(r->path);
    g_free(r);
}
G_DEFINE_AUTOPTR_CLEANUP_FUNC(TestRead, test_read_free)

/* Read @dir/interfaces (already written). */
static inline TestRead *
test_read_dir(char *dir)
{
    TestRead *r = g_new0(TestRead, 1);
    g_autoptr(GError) error = NULL;
    g_autoptr(IfupdownConfig) config = NULL;

    r->dir = dir;
    r->path = g_build_filename(dir, "interfaces", NULL);
    config = ifupdown_config_read(r->path, &error);
    g_assert_no_error(error);
    r->diags = ifupdown_diags_new();
    r->profiles = ifupdown_reader_read(config, r->diags);
    if (g_test_verbose()) {
        for (guint i = 0; i < r->diags->len; i++)
            g_test_message("diag %d: %s", ((IfupdownDiag *)r->diags->pdata[i])->kind,
                           ((IfupdownDiag *)r->diags->pdata[i])->text);
    }
    return r;
}

static inline TestRead *
test_read_text(const char *text)
{
    char *dir = test_tmpdir_new();

    g_free(test_write_file(dir, "interfaces", text));
    return test_read_dir(dir);
}

static inline BonddStoredProfile *
test_profile(TestRead *r, const char *id)
{
    for (guint i = 0; i < r->profiles->len; i++) {
        BonddStoredProfile *p = r->profiles->pdata[i];

        if (g_strcmp0(nm_connection_get_id(p->connection), id) == 0)
            return p;
    }
    return NULL;
}

static inline NMConnection *
test_connection(TestRead *r, const char *id)
{
    BonddStoredProfile *p = test_profile(r, id);

    if (!p)
        g_error("no profile '%s' was read", id);
    return p->connection;
}

/* The ids of the profiles, in order, joined by ' '. */
static inline char *
test_ids(TestRead *r)
{
    g_autoptr(GString) s = g_string_new(NULL);

    for (guint i = 0; i < r->profiles->len; i++)
        g_string_append_printf(
            s, "%s%s", i ? " " : "",
            nm_connection_get_id(((BonddStoredProfile *)r->profiles->pdata[i])->connection));
    return g_string_free(g_steal_pointer(&s), FALSE);
}

static inline guint
test_count_diags(TestRead *r, IfupdownDiagKind kind)
{
    guint n = 0;

    for (guint i = 0; i < r->diags->len; i++)
        n += ((IfupdownDiag *)r->diags->pdata[i])->kind == kind;
    return n;
}

/* The diagnostic of @kind on @line whose text contains @needle. */
static inline const IfupdownDiag *
test_find_diag(TestRead *r, IfupdownDiagKind kind, guint line, const char *needle)
{
    for (guint i = 0; i < r->diags->len; i++) {
        const IfupdownDiag *d = r->diags->pdata[i];

        if (d->kind == kind && d->line == line && strstr(d->text, needle))
            return d;
    }
    return NULL;
}

static inline void
test_assert_diag(TestRead *r, IfupdownDiagKind kind, guint line, const char *needle)
{
    if (test_find_diag(r, kind, line, needle))
        return;
    for (guint i = 0; i < r->diags->len; i++)
        g_printerr("diag %d: %s\n", ((IfupdownDiag *)r->diags->pdata[i])->kind,
                   ((IfupdownDiag *)r->diags->pdata[i])->text);
    g_error("no diagnostic %d at line %u with '%s'", kind, line, needle);
}

static inline const char *
test_bond_option(NMConnection *c, const char *name)
{
    return nm_setting_bond_get_option_by_name(nm_connection_get_setting_bond(c), name);
}
