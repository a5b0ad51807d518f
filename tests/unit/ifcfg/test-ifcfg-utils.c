/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * File-name rules: ignored names, aliases, the UUID-from-path rule, names
 * for new files, well-known keys.
 */
#include "config.h"

#include "ifcfg-utils.h"
#include "test-common.h"

static void
test_uuid_from_path(void)
{
    static const struct {
        const char *path;
        const char *uuid;
    } cases[] = {
        {"/etc/sysconfig/network-scripts/ifcfg-eth0", "5fb06bd0-0bb0-7ffb-45f1-d6edd65f3e03"},
        {"/etc/sysconfig/network-scripts/ifcfg-eth1", "9c92fad9-6ecb-3e6c-eb4d-8a47c6f50c04"},
        {"/etc/sysconfig/network-scripts/ifcfg-eth2", "3a73717e-65ab-93e8-b518-24f5af32dc0d"},
        {"/etc/sysconfig/network-scripts/ifcfg-bond0", "ad33d8b0-1f7b-cab9-9447-ba07f855b143"},
    };

    for (guint i = 0; i < G_N_ELEMENTS(cases); i++) {
        g_autofree char *uuid = ifcfg_utils_uuid_from_path(cases[i].path);

        g_assert_cmpstr(uuid, ==, cases[i].uuid);
    }
}

static void
test_ignored_names(void)
{
    static const char *const ignored[] = {
        "ifcfg-",
        "ifcfg-eth0~",
        "ifcfg-eth0.bak",
        "ifcfg-eth0.BAK",
        "ifcfg-eth0.orig",
        "ifcfg-eth0.rej",
        "ifcfg-eth0.rpmnew",
        "ifcfg-eth0.rpmsave",
        "ifcfg-eth0.augnew",
        "ifcfg-eth0.AugTmp",
        "ifcfg-eth0;5a3e1b2c",
        "ifcfg-eth0;5A3E1B2C",
        "eth0",
        "route-eth0",
        "keys-eth0",
        ".ifcfg-eth0.XXXXXX",
        ".ifcfg-eth0.bondd-AbC123",
        "Ifcfg-eth0",
        "ifcfg-a/b",
    };
    static const char *const accepted[] = {
        "ifcfg-eth0",          "ifcfg-bond0",        "ifcfg-Test_Write_Bond_Main",
        "ifcfg-eth0:1",        "ifcfg-eth0;5a3e1b2", /* 7 hex digits: not an rpm temp name */
        "ifcfg-eth0;5a3e1b2g",                       /* not hex */
        "ifcfg-x.bakx",
    };

    for (guint i = 0; i < G_N_ELEMENTS(ignored); i++) {
        if (!ifcfg_utils_should_ignore_file(ignored[i], TRUE))
            g_error("'%s' should be ignored", ignored[i]);
    }
    for (guint i = 0; i < G_N_ELEMENTS(accepted); i++) {
        if (ifcfg_utils_should_ignore_file(accepted[i], TRUE))
            g_error("'%s' should be accepted", accepted[i]);
    }
    /* For explicit loads companion files are names too. */
    g_assert_false(ifcfg_utils_should_ignore_file("route-eth0", FALSE));
    g_assert_false(ifcfg_utils_should_ignore_file("route6-eth0", FALSE));
    g_assert_false(ifcfg_utils_should_ignore_file("keys-eth0", FALSE));
    g_assert_true(ifcfg_utils_should_ignore_file("keys-eth0.bak", FALSE));
}

static void
test_detect_path(void)
{
    g_autofree char *dir = test_tmpdir_new();
    g_autofree char *base = test_write_file(dir, "ifcfg-em0", "DEVICE=em0\n");
    g_autofree char *alias = test_write_file(dir, "ifcfg-em0:1", "DEVICE=em0:1\n");
    g_autofree char *orphan = test_write_file(dir, "ifcfg-em9:1", "DEVICE=em9:1\n");
    g_autofree char *p1 = NULL;
    g_autofree char *p2 = NULL;
    g_autofree char *p3 = NULL;
    g_autofree char *route = g_build_filename(dir, "route-em0", NULL);
    g_autofree char *bak = g_build_filename(dir, "ifcfg-em0.bak", NULL);
    g_autofree char *p4 = NULL;

    g_assert_true(ifcfg_utils_is_alias_of_existing(alias));
    g_assert_false(ifcfg_utils_is_alias_of_existing(orphan));
    g_assert_false(ifcfg_utils_is_alias_of_existing(base));

    p1 = ifcfg_utils_detect_ifcfg_path(alias);
    g_assert_cmpstr(p1, ==, base);
    p2 = ifcfg_utils_detect_ifcfg_path(orphan);
    g_assert_cmpstr(p2, ==, orphan);
    p3 = ifcfg_utils_detect_ifcfg_path(route);
    g_assert_cmpstr(p3, ==, base);
    g_assert_null(ifcfg_utils_detect_ifcfg_path(bak));
    g_assert_null(ifcfg_utils_detect_ifcfg_path("ifcfg-em0"));
    p4 = ifcfg_utils_get_extra_path(base, "keys-");
    g_assert_true(g_str_has_suffix(p4, "/keys-em0"));
    g_assert_cmpstr(ifcfg_utils_get_ifcfg_name(base), ==, "em0");

    test_tmpdir_free(g_steal_pointer(&dir));
}

static void
test_new_path(void)
{
    g_autofree char *dir = test_tmpdir_new();
    g_autofree char *e = ifcfg_utils_escape_id("a b\\c]d[e|f/g=h(i)j!k:l~m");
    g_autofree char *p0 = NULL;
    g_autofree char *p1 = NULL;
    g_autofree char *p2 = NULL;
    g_autofree char *f0 = NULL;
    g_autoptr(GHashTable) taken = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);

    g_assert_cmpstr(e, ==, "ifcfg-a_b-c-d-e-f-g-h-i-j-k-l~m");

    p0 = ifcfg_utils_new_path(dir, "Bond connection 1", NULL);
    g_assert_true(g_str_has_suffix(p0, "/ifcfg-Bond_connection_1"));
    f0 = test_write_file(dir, "ifcfg-Bond_connection_1", "");
    p1 = ifcfg_utils_new_path(dir, "Bond connection 1", NULL);
    g_assert_true(g_str_has_suffix(p1, "/ifcfg-Bond_connection_1-1"));
    g_hash_table_add(taken, g_strdup(p1));
    p2 = ifcfg_utils_new_path(dir, "Bond connection 1", taken);
    g_assert_true(g_str_has_suffix(p2, "/ifcfg-Bond_connection_1-2"));

    test_tmpdir_free(g_steal_pointer(&dir));
}

/* A new file is never given a name the reader skips, and the name stays a
 * single, short, printable directory entry whatever the id. */
static void
test_new_path_never_ignored(void)
{
    static const struct {
        const char *id;
        const char *name;
    } cases[] = {
        {"x.bak", "ifcfg-x.bak-1"},
        {"x~", "ifcfg-x~-1"},
        {"x.rpmnew", "ifcfg-x.rpmnew-1"},
        {"x.rpmsave", "ifcfg-x.rpmsave-1"},
        {"x.orig", "ifcfg-x.orig-1"},
        {"x.rej", "ifcfg-x.rej-1"},
        {"x.augnew", "ifcfg-x.augnew-1"},
        {"X.AugTmp", "ifcfg-X.AugTmp-1"},
        {"x;5a3e1b2c", "ifcfg-x;5a3e1b2c-1"},
        {"a\nb\tc\x7f", "ifcfg-a-b-c-"},
        {"../..", "ifcfg-..-.."},
        {"$(touch x)`y`'\"", "ifcfg-$-touch_x-`y`'\""},
    };
    g_autofree char *dir = test_tmpdir_new();
    g_autofree char *long_id = NULL;
    g_autofree char *long_path = NULL;
    g_autofree char *long_base = NULL;
    g_autoptr(GString) utf8 = g_string_new(NULL);

    for (guint i = 0; i < G_N_ELEMENTS(cases); i++) {
        g_autofree char *path = ifcfg_utils_new_path(dir, cases[i].id, NULL);
        g_autofree char *base = g_path_get_basename(path);
        g_autofree char *parent = g_path_get_dirname(path);

        g_assert_cmpstr(base, ==, cases[i].name);
        g_assert_cmpstr(parent, ==, dir);
        g_assert_false(ifcfg_utils_should_ignore_file(base, TRUE));
    }

    /* A long id: cut to 200 bytes at a character boundary (2-byte "é"). */
    for (guint i = 0; i < 300; i++)
        g_string_append(utf8, "\xc3\xa9");
    long_id = g_strdup_printf("x%s", utf8->str);
    long_path = ifcfg_utils_new_path(dir, long_id, NULL);
    long_base = g_path_get_basename(long_path);
    g_assert_cmpuint(strlen(long_base), <=, strlen("ifcfg-") + 200);
    g_assert_cmpuint(strlen(long_base), >=, strlen("ifcfg-") + 199);
    g_assert_true(g_utf8_validate(long_base, -1, NULL));

    test_tmpdir_free(g_steal_pointer(&dir));
}

static void
test_well_known(void)
{
    static const char *const known[] = {
        "ACCEPT_ALL_MAC_ADDRESSES",
        "ZONE",
        "BONDING_OPTS",
        "BOND_PORT_PRIO",
        "IPADDR",
        "IPADDR0",
        "IPADDR12",
        "PREFIX3",
        "NETMASK",
        "GATEWAY1",
        "DNS1",
        "NM_USER_FOO",
        "IPV6_PEERDNS",
        "NM_CONTROLLED",
        "MASTER_UUID",
        "SLAVE",
        "PROXY_METHOD",
        "BROWSER_ONLY",
        "HWADDR",
    };
    static const char *const unknown[] = {
        "USERCTL", "NETBOOT", "RATE", "IPADDRX", "DNS", "DNS1A", "FOO", "ipaddr",
    };

    for (guint i = 0; i < G_N_ELEMENTS(known); i++) {
        if (!ifcfg_utils_is_well_known_key(known[i]))
            g_error("%s should be well known", known[i]);
    }
    for (guint i = 0; i < G_N_ELEMENTS(unknown); i++) {
        if (ifcfg_utils_is_well_known_key(unknown[i]))
            g_error("%s should not be well known", unknown[i]);
    }
}

int
main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    g_test_add_func("/ifcfg/utils/uuid-from-path", test_uuid_from_path);
    g_test_add_func("/ifcfg/utils/ignored-names", test_ignored_names);
    g_test_add_func("/ifcfg/utils/detect-path", test_detect_path);
    g_test_add_func("/ifcfg/utils/new-path", test_new_path);
    g_test_add_func("/ifcfg/utils/new-path-never-ignored", test_new_path_never_ignored);
    g_test_add_func("/ifcfg/utils/well-known", test_well_known);
    return g_test_run();
}
