/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * IPv6 interface identifiers: RFC 7217 addresses computed as
 * NetworkManager does (vectors from an independent implementation:
 * Python's hashlib over the same fields), EUI-64, the DAD retry limits, and
 * the secret file in the state directory.
 */
#include "config.h"

#include <glib/gstdio.h>
#include <string.h>
#include <arpa/inet.h>
#include <sys/stat.h>

#include "ip6-iid.h"

#define UUID "8dee873b-e8d8-4ec4-a85f-f20f0435fd89"

static GBytes *
counting_secret(void)
{
    guint8 bytes[32];

    for (guint i = 0; i < sizeof bytes; i++)
        bytes[i] = (guint8)i;
    return g_bytes_new(bytes, sizeof bytes);
}

static void
assert_addr(const guint8 *addr, const char *want)
{
    char buf[INET6_ADDRSTRLEN];

    g_assert_cmpstr(inet_ntop(AF_INET6, addr, buf, sizeof buf), ==, want);
}

static void
test_stable_privacy_vectors(void)
{
    static const struct {
        const char *prefix;
        guint32 dad_counter;
        const char *want;
    } cases[] = {
        {"2001:db8:1::", 0, "2001:db8:1:0:3b03:2c75:bb4e:7b56"},
        {"2001:db8:1::", 1, "2001:db8:1:0:11ea:2c01:15ba:f4ac"},
        {"fe80::", 0, "fe80::c43d:2e37:ba81:f9aa"},
        {"fe80::", 1, "fe80::43d9:31f4:6527:5313"},
    };
    g_autoptr(GBytes) secret = counting_secret();

    for (guint i = 0; i < G_N_ELEMENTS(cases); i++) {
        guint8 addr[16];

        g_assert_cmpint(inet_pton(AF_INET6, cases[i].prefix, addr), ==, 1);
        bondd_ip6_stable_privacy(addr, "bond0", UUID, cases[i].dad_counter, secret);
        assert_addr(addr, cases[i].want);
    }
}

static char *
state_dir(void)
{
    g_autoptr(GError) error = NULL;
    char *dir = g_dir_make_tmp("bondd-iid-XXXXXX", &error);

    g_assert_no_error(error);
    return dir;
}

static void
remove_dir(const char *dir)
{
    g_autofree char *file = g_build_filename(dir, "secret_key", NULL);

    g_unlink(file);
    g_rmdir(dir);
}

static NMSettingIP6Config *
setting(int mode)
{
    NMSetting *s = nm_setting_ip6_config_new();

    g_object_set(s, NM_SETTING_IP6_CONFIG_ADDR_GEN_MODE, mode, NULL);
    return NM_SETTING_IP6_CONFIG(s);
}

/* A secret is made once (32 bytes, mode 0600) and then read back: the same
 * address after a restart; a too short one is refused naming the file. */
static void
test_secret_file(void)
{
    g_autofree char *dir = state_dir();
    g_autofree char *file = g_build_filename(dir, "secret_key", NULL);
    g_autoptr(GError) error = NULL;
    g_autoptr(GBytes) first = bondd_ip6_secret_load(dir, &error);
    g_autoptr(GBytes) again = NULL;
    g_autoptr(NMSettingIP6Config) s = setting(NM_SETTING_IP6_CONFIG_ADDR_GEN_MODE_DEFAULT);
    g_autoptr(BonddIp6Iid) a = NULL;
    g_autoptr(BonddIp6Iid) b = NULL;
    guint8 addr_a[16] = {0x20, 0x01, 0x0d, 0xb8}, addr_b[16] = {0x20, 0x01, 0x0d, 0xb8};
    struct stat st;

    g_assert_no_error(error);
    g_assert_cmpuint(g_bytes_get_size(first), ==, 32);
    g_assert_cmpint(stat(file, &st), ==, 0);
    g_assert_cmpint(st.st_mode & 0777, ==, 0600);
    again = bondd_ip6_secret_load(dir, &error);
    g_assert_no_error(error);
    g_assert_true(g_bytes_equal(first, again));

    /* "default" is stable-privacy; two generators, one secret, one address. */
    a = bondd_ip6_iid_new(s, "bond0", UUID, dir, &error);
    g_assert_no_error(error);
    b = bondd_ip6_iid_new(s, "bond0", UUID, dir, &error);
    g_assert_no_error(error);
    g_assert_true(bondd_ip6_iid_is_stable(a));
    g_assert_true(bondd_ip6_iid_complete(a, addr_a, 0, NULL));
    g_assert_true(bondd_ip6_iid_complete(b, addr_b, 0, NULL));
    g_assert_cmpmem(addr_a, 16, addr_b, 16);
    /* Another counter, another address; the limit is NetworkManager's. */
    g_assert_true(bondd_ip6_iid_complete(a, addr_b, 1, NULL));
    g_assert_true(memcmp(addr_a, addr_b, 16) != 0);
    g_assert_false(bondd_ip6_iid_complete(a, addr_b, BONDD_IP6_IID_STABLE_RETRIES, &error));
    g_assert_error(error, G_IO_ERROR, G_IO_ERROR_EXISTS);
    g_clear_error(&error);

    g_assert_true(g_file_set_contents(file, "short", -1, NULL));
    g_assert_null(bondd_ip6_secret_load(dir, &error));
    g_assert_error(error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA);
    g_assert_nonnull(strstr(error->message, file));
    remove_dir(dir);
}

/* EUI-64 from a MAC (RFC 4291 appendix A); one address only; it follows
 * the MAC; "default-or-eui64" is EUI-64 and needs no secret. */
static void
test_eui64(void)
{
    static const guint8 mac[6] = {0x52, 0x54, 0x00, 0x12, 0x34, 0x56};
    static const guint8 mac2[6] = {0x02, 0x00, 0x00, 0x00, 0x00, 0x01};
    g_autoptr(NMSettingIP6Config) s = setting(NM_SETTING_IP6_CONFIG_ADDR_GEN_MODE_DEFAULT_OR_EUI64);
    g_autoptr(GError) error = NULL;
    g_autoptr(BonddIp6Iid) iid = bondd_ip6_iid_new(s, "bond0", UUID, "/nonexistent", &error);
    guint8 addr[16] = {0x20, 0x01, 0x0d, 0xb8, 0, 1};

    g_assert_no_error(error);
    g_assert_false(bondd_ip6_iid_is_stable(iid));
    g_assert_false(bondd_ip6_iid_complete(iid, addr, 0, &error));
    g_assert_error(error, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED);
    g_clear_error(&error);
    g_assert_true(bondd_ip6_iid_set_hwaddr(iid, mac, sizeof mac));
    g_assert_false(bondd_ip6_iid_set_hwaddr(iid, mac, sizeof mac));
    g_assert_true(bondd_ip6_iid_complete(iid, addr, 0, NULL));
    assert_addr(addr, "2001:db8:1:0:5054:ff:fe12:3456");
    g_assert_false(bondd_ip6_iid_complete(iid, addr, 1, &error));
    g_assert_error(error, G_IO_ERROR, G_IO_ERROR_EXISTS);
    g_assert_true(bondd_ip6_iid_set_hwaddr(iid, mac2, sizeof mac2));
    g_assert_true(bondd_ip6_iid_complete(iid, addr, 0, NULL));
    assert_addr(addr, "2001:db8:1::ff:fe00:1");
}

int
main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    g_test_add_func("/core/ip6-iid/stable-privacy-vectors", test_stable_privacy_vectors);
    g_test_add_func("/core/ip6-iid/secret-file", test_secret_file);
    g_test_add_func("/core/ip6-iid/eui64", test_eui64);
    return g_test_run();
}
