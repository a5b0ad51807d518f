/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Helpers shared by the ifcfg unit tests: a private temp directory per test,
 * file helpers, and profile builders.
 */
#pragma once

#include <NetworkManager.h>
#include <glib/gstdio.h>
#include <string.h>

#include "ifcfg-writer.h"

/* A fresh directory under $TMPDIR; removed (with its files) by
 * test_tmpdir_free(). */
static inline char *
test_tmpdir_new(void)
{
    g_autoptr(GError) error = NULL;
    char *dir = g_dir_make_tmp("bondd-ifcfg-XXXXXX", &error);

    g_assert_no_error(error);
    return dir;
}

static inline void
test_tmpdir_free(char *dir)
{
    g_autoptr(GDir) d = NULL;
    const char *name;

    if (!dir)
        return;
    d = g_dir_open(dir, 0, NULL);
    while (d && (name = g_dir_read_name(d))) {
        g_autofree char *p = g_build_filename(dir, name, NULL);

        g_unlink(p);
    }
    g_rmdir(dir);
    g_free(dir);
}

/* The fixture of tests that need just a directory of their own. */
typedef struct {
    char *dir;
} TestDirFixture;

static inline void
test_dir_setup(TestDirFixture *f, gconstpointer data)
{
    f->dir = test_tmpdir_new();
}

static inline void
test_dir_teardown(TestDirFixture *f, gconstpointer data)
{
    test_tmpdir_free(g_steal_pointer(&f->dir));
}

static inline char *
test_write_file(const char *dir, const char *name, const char *content)
{
    g_autoptr(GError) error = NULL;
    char *path = g_build_filename(dir, name, NULL);

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

/* Number of entries in @dir. */
static inline guint
test_count_files(const char *dir)
{
    g_autoptr(GDir) d = g_dir_open(dir, 0, NULL);
    guint n = 0;

    while (d && g_dir_read_name(d))
        n++;
    return n;
}

/* A new connection with a connection setting. */
static inline NMConnection *
test_connection_new(const char *type, const char *id, const char *uuid, const char *ifname)
{
    NMConnection *c = nm_simple_connection_new();
    NMSetting *s_con = nm_setting_connection_new();
    g_autofree char *generated = uuid ? NULL : nm_utils_uuid_generate();

    g_object_set(s_con, NM_SETTING_CONNECTION_ID, id, NM_SETTING_CONNECTION_UUID,
                 uuid ? uuid : generated, NM_SETTING_CONNECTION_TYPE, type,
                 NM_SETTING_CONNECTION_INTERFACE_NAME, ifname, NULL);
    nm_connection_add_setting(c, s_con);
    return c;
}

static inline void
test_assert_same_connection(NMConnection *a, NMConnection *b)
{
    g_autoptr(GHashTable) diffs = NULL;

    if (!nm_connection_diff(a, b, NM_SETTING_COMPARE_FLAG_EXACT, &diffs)) {
        GHashTableIter iter;
        const char *name;
        GHashTable *props;

        g_hash_table_iter_init(&iter, diffs);
        while (g_hash_table_iter_next(&iter, (gpointer *)&name, (gpointer *)&props)) {
            GHashTableIter it2;
            const char *prop;

            g_hash_table_iter_init(&it2, props);
            while (g_hash_table_iter_next(&it2, (gpointer *)&prop, NULL))
                g_printerr("differs: %s.%s\n", name, prop);
        }
        g_assert_not_reached();
    }
}

#ifdef EXPECTED_DIR
/* @path must hold exactly expected/@expected_name. */
static inline void
test_assert_file_equals_expected(const char *path, const char *expected_name)
{
    g_autofree char *expected_path = g_build_filename(EXPECTED_DIR, expected_name, NULL);
    g_autofree char *expected = test_read_file(expected_path);
    g_autofree char *actual = test_read_file(path);

    if (strcmp(expected, actual) != 0)
        g_error("%s differs from %s:\n--- expected\n%s--- actual\n%s", path, expected_path,
                expected, actual);
}
#endif

/* Write @c as a new file in @dir; returns the re-read connection (asserted
 * equal to the normalized input) and the path. */
static inline NMConnection *
test_write_new(const char *dir, NMConnection *c, IfcfgIfaceForUuid resolver, char **out_path)
{
    g_autoptr(GError) error = NULL;
    g_autoptr(NMConnection) normalized = nm_simple_connection_new_clone(c);
    NMConnection *reread = NULL;

    g_assert_true(nm_connection_normalize(normalized, NULL, NULL, &error));
    g_assert_true(
        ifcfg_writer_write(c, dir, NULL, NULL, resolver, NULL, out_path, &reread, &error));
    g_assert_no_error(error);
    test_assert_same_connection(reread, normalized);
    return reread;
}
