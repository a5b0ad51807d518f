/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The keyfile plugin's rules for file names and files: which names hold
 * profiles, what a new file is called, write then read gives the same
 * profile, and what is refused.
 */
#include "config.h"

#include <glib/gstdio.h>
#include <sys/stat.h>

#include "keyfile-files.h"

static char *
make_dir(void)
{
    g_autoptr(GError) error = NULL;
    char *dir = g_dir_make_tmp("bondd-keyfile-XXXXXX", &error);

    g_assert_no_error(error);
    return dir;
}

static void
remove_dir(const char *dir)
{
    g_autoptr(GDir) d = g_dir_open(dir, 0, NULL);
    const char *name;

    while (d && (name = g_dir_read_name(d))) {
        g_autofree char *path = g_build_filename(dir, name, NULL);

        g_unlink(path);
    }
    g_rmdir(dir);
}

/* Replaces PATH's contents (glib's plain mode writes over the old bytes
 * without truncating them). */
static void
put_file(const char *path, const char *contents)
{
    g_unlink(path);
    g_assert_true(
        g_file_set_contents_full(path, contents, -1, G_FILE_SET_CONTENTS_NONE, 0600, NULL));
}

static NMConnection *
make_bond(const char *id, const char *uuid)
{
    NMConnection *c = nm_simple_connection_new();
    NMSetting *s_con = nm_setting_connection_new();
    NMSettingBond *s_bond = NM_SETTING_BOND(nm_setting_bond_new());
    g_autoptr(GError) error = NULL;

    g_object_set(s_con, NM_SETTING_CONNECTION_ID, id, NM_SETTING_CONNECTION_UUID, uuid,
                 NM_SETTING_CONNECTION_TYPE, NM_SETTING_BOND_SETTING_NAME,
                 NM_SETTING_CONNECTION_INTERFACE_NAME, "bond0", NULL);
    nm_connection_add_setting(c, s_con);
    nm_setting_bond_add_option(s_bond, "mode", "active-backup");
    nm_setting_bond_add_option(s_bond, "miimon", "100");
    nm_connection_add_setting(c, NM_SETTING(s_bond));
    g_assert_true(nm_connection_normalize(c, NULL, NULL, &error));
    g_assert_no_error(error);
    return c;
}

static void
test_profile_names(void)
{
    g_assert_true(keyfile_files_is_profile_name("bond0.nmconnection"));
    g_assert_true(keyfile_files_is_profile_name("Wired connection 1"));
    g_assert_false(keyfile_files_is_profile_name(".bond0.nmconnection"));
    g_assert_false(keyfile_files_is_profile_name("bond0.nmconnection~"));
    g_assert_false(keyfile_files_is_profile_name("bond0.nmconnection.aB3xY9"));
    g_assert_false(keyfile_files_is_profile_name("ca.pem"));
    g_assert_false(keyfile_files_is_profile_name("key.DER"));
    g_assert_false(keyfile_files_is_profile_name(""));
}

static void
test_new_path(void)
{
    g_autofree char *dir = make_dir();
    g_autoptr(NMConnection) c = make_bond("a/b", "0b7e1b5c-2f0e-4c47-9f6b-1f1f3a6f3c11");
    g_autoptr(NMConnection) dot = make_bond(".hidden", "0b7e1b5c-2f0e-4c47-9f6b-1f1f3a6f3c12");
    g_autoptr(GHashTable) taken = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
    g_autofree char *first = keyfile_files_new_path(dir, c, taken);
    g_autofree char *expected = g_build_filename(dir, "a*b.nmconnection", NULL);
    g_autofree char *hidden = keyfile_files_new_path(dir, dot, taken);
    g_autofree char *second = NULL;
    g_autofree char *third = NULL;

    g_assert_cmpstr(first, ==, expected);
    g_assert_true(g_str_has_suffix(hidden, "/*hidden.nmconnection"));
    /* Taken: the UUID is added, then a counter. */
    g_hash_table_add(taken, g_strdup(first));
    second = keyfile_files_new_path(dir, c, taken);
    g_assert_true(
        g_str_has_suffix(second, "/a*b-0b7e1b5c-2f0e-4c47-9f6b-1f1f3a6f3c11.nmconnection"));
    g_hash_table_add(taken, g_strdup(second));
    third = keyfile_files_new_path(dir, c, taken);
    g_assert_true(
        g_str_has_suffix(third, "/a*b-0b7e1b5c-2f0e-4c47-9f6b-1f1f3a6f3c11-1.nmconnection"));
    remove_dir(dir);
}

static void
test_round_trip(void)
{
    g_autofree char *dir = make_dir();
    g_autofree char *path = g_build_filename(dir, "bond0.nmconnection", NULL);
    g_autoptr(NMConnection) c = make_bond("bond0", "0b7e1b5c-2f0e-4c47-9f6b-1f1f3a6f3c13");
    g_autoptr(NMConnection) back = NULL;
    g_autoptr(GError) error = NULL;
    struct stat st;

    g_assert_true(keyfile_files_write(path, c, &error));
    g_assert_no_error(error);
    g_assert_cmpint(stat(path, &st), ==, 0);
    g_assert_cmpint(st.st_mode & 0777, ==, 0600);
    back = keyfile_files_read(path, &error);
    g_assert_no_error(error);
    g_assert_true(nm_connection_compare(c, back, NM_SETTING_COMPARE_FLAG_EXACT));
    remove_dir(dir);
}

static void
test_refused(void)
{
    g_autofree char *dir = make_dir();
    g_autofree char *path = g_build_filename(dir, "bond0.nmconnection", NULL);
    g_autoptr(NMConnection) c = make_bond("bond0", "0b7e1b5c-2f0e-4c47-9f6b-1f1f3a6f3c14");
    g_autoptr(GError) error = NULL;
    g_autoptr(NMConnection) none = NULL;
    g_autofree char *big = NULL;

    g_assert_true(keyfile_files_write(path, c, &error));
    /* Readable by others: refused, as NetworkManager refuses it. */
    g_assert_cmpint(chmod(path, 0644), ==, 0);
    none = keyfile_files_read(path, &error);
    g_assert_null(none);
    g_assert_error(error, G_IO_ERROR, G_IO_ERROR_PERMISSION_DENIED);
    g_assert_nonnull(strstr(error->message, path));
    g_clear_error(&error);

    /* Too large. */
    g_assert_cmpint(chmod(path, 0600), ==, 0);
    big = g_strnfill(KEYFILE_MAX_SIZE + 1, '#');
    put_file(path, big);
    none = keyfile_files_read(path, &error);
    g_assert_null(none);
    g_assert_error(error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA);
    g_clear_error(&error);

    /* Not a valid profile: the reason names the file. */
    put_file(path, "[connection]\ntype=bond\ninterface-name=b0\n[ipv4]\nmethod=manual\n");
    none = keyfile_files_read(path, &error);
    g_assert_null(none);
    g_assert_nonnull(error);
    g_assert_nonnull(strstr(error->message, path));
    g_assert_nonnull(strstr(error->message, "ipv4.addresses"));
    g_clear_error(&error);

    /* Past the bounds every profile keeps (here 65 DNS servers): refused,
     * naming the file and the property. */
    {
        g_autoptr(GString) kf = g_string_new("[connection]\nid=b\ntype=bond\ninterface-name=b0\n"
                                             "[ipv4]\nmethod=manual\naddress1=192.0.2.1/24\ndns=");

        for (int i = 1; i <= 65; i++)
            g_string_append_printf(kf, "192.0.2.%d;", i);
        g_string_append(kf, "\n");
        put_file(path, kf->str);
        none = keyfile_files_read(path, &error);
        g_assert_null(none);
        g_assert_nonnull(error);
        g_assert_nonnull(strstr(error->message, path));
        g_assert_nonnull(strstr(error->message, "ipv4.dns"));
    }
    remove_dir(dir);
}

static void
test_leftovers(void)
{
    g_autofree char *dir = make_dir();
    g_autofree char *ours = g_build_filename(dir, "bond0.nmconnection.Zx81Qa", NULL);
    g_autofree char *other = g_build_filename(dir, "notes.Zx81Qa", NULL);

    g_assert_true(g_file_set_contents(ours, "x", -1, NULL));
    g_assert_true(g_file_set_contents(other, "x", -1, NULL));
    g_assert_cmpuint(keyfile_files_remove_leftovers(dir), ==, 1);
    g_assert_false(g_file_test(ours, G_FILE_TEST_EXISTS));
    g_assert_true(g_file_test(other, G_FILE_TEST_EXISTS));
    remove_dir(dir);
}

int
main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    g_test_add_func("/keyfile/profile-names", test_profile_names);
    g_test_add_func("/keyfile/new-path", test_new_path);
    g_test_add_func("/keyfile/round-trip", test_round_trip);
    g_test_add_func("/keyfile/refused", test_refused);
    g_test_add_func("/keyfile/leftovers", test_leftovers);
    return g_test_run();
}
