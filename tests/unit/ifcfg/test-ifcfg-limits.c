/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The ifcfg side of the limits of a profile (profile-limits.h): a file
 * beyond them is refused quickly with the property named, a file at them
 * loads quickly, and the writer refuses what it could not read back.
 */
#include "config.h"

#include "ifcfg-reader.h"
#include "ifcfg-writer.h"
#include "profile-limits.h"
#include "test-common.h"

typedef struct {
    char *dir;
} Fixture;

static void
fixture_setup(Fixture *f, gconstpointer data)
{
    f->dir = test_tmpdir_new();
}

static void
fixture_teardown(Fixture *f, gconstpointer data)
{
    test_tmpdir_free(g_steal_pointer(&f->dir));
}

static GString *
bond_file(void)
{
    return g_string_new("TYPE=Bond\nBONDING_MASTER=yes\nDEVICE=bond0\nNAME=big\n"
                        "UUID=4d5d3e3c-7a3b-4b5e-9d55-1f2a6c2b7e01\n");
}

static void
append_ipv4(GString *text, guint n)
{
    g_string_append(text, "BOOTPROTO=none\n");
    for (guint i = 0; i < n; i++)
        g_string_append_printf(text, "IPADDR%u=10.%u.%u.%u\nPREFIX%u=32\n", i, i / 65536,
                               i / 256 % 256, i % 256, i);
}

/* Reads @text as a file; returns the connection or NULL with *error, and
 * how long it took. */
static NMConnection *
read_timed(Fixture *f, const char *text, double *secs, GError **error)
{
    g_autofree char *path = test_write_file(f->dir, "ifcfg-big", text);
    gint64 start = g_get_monotonic_time();
    NMConnection *c = ifcfg_reader_read_file(path, NULL, NULL, error);

    *secs = (g_get_monotonic_time() - start) / 1e6;
    return c;
}

static void
test_addresses(Fixture *f, gconstpointer data)
{
    g_autoptr(GString) at = bond_file();
    g_autoptr(GString) beyond = bond_file();
    g_autoptr(NMConnection) c = NULL;
    g_autoptr(NMConnection) none = NULL;
    g_autoptr(GError) error = NULL;
    double secs;

    append_ipv4(at, BONDD_LIMIT_ADDRESSES);
    c = read_timed(f, at->str, &secs, &error);
    g_assert_no_error(error);
    g_test_message("%d addresses read in %.3f s", BONDD_LIMIT_ADDRESSES, secs);
    g_assert_cmpfloat(secs, <, 2.0);
    g_assert_cmpuint(
        nm_setting_ip_config_get_num_addresses(nm_connection_get_setting_ip4_config(c)), ==,
        BONDD_LIMIT_ADDRESSES);

    /* 10,000 is what used to take a minute to write and read back. */
    append_ipv4(beyond, 10000);
    none = read_timed(f, beyond->str, &secs, &error);
    g_assert_null(none);
    g_assert_nonnull(
        strstr(error->message, "ipv4.addresses: 10000 entries in IPADDR; at most 4096"));
    g_assert_cmpfloat(secs, <, 1.0);
}

static void
test_duplicate_addresses(Fixture *f, gconstpointer data)
{
    g_autoptr(NMConnection) c = NULL;
    g_autoptr(GError) error = NULL;
    double secs;
    NMSettingIPConfig *s_ip6;

    c = read_timed(f,
                   "TYPE=Ethernet\nDEVICE=eth0\nIPADDR=10.0.0.1\nPREFIX=24\nIPADDR1=10.0.0.1\n"
                   "PREFIX1=24\nIPADDR2=10.0.0.1\nPREFIX2=25\nIPV6INIT=yes\nIPV6_AUTOCONF=no\n"
                   "IPV6ADDR=2001:db8::1/64\n"
                   "IPV6ADDR_SECONDARIES=\"2001:db8::1/64 2001:db8:0::2/64 2001:db8::2\"\n",
                   &secs, &error);
    g_assert_no_error(error);
    /* The first of equal addresses stays, in file order, as libnm keeps them. */
    g_assert_cmpuint(
        nm_setting_ip_config_get_num_addresses(nm_connection_get_setting_ip4_config(c)), ==, 2);
    s_ip6 = nm_connection_get_setting_ip6_config(c);
    g_assert_cmpuint(nm_setting_ip_config_get_num_addresses(s_ip6), ==, 2);
    g_assert_cmpstr(nm_ip_address_get_address(nm_setting_ip_config_get_address(s_ip6, 1)), ==,
                    "2001:db8::2");
}

static void
test_lists(Fixture *f, gconstpointer data)
{
    struct {
        const char *extra;
        const char *reason;
    } cases[] = {
        {"BOOTPROTO=dhcp\nDOMAIN=\"", "ipv4.dns-search: 257 entries in DOMAIN; at most 256"},
        {"BOOTPROTO=dhcp\nDNS", "ipv4.dns: 65 entries in DNS; at most 64"},
        {"IPV6INIT=yes\nIPV6_AUTOCONF=no\nIPV6ADDR_SECONDARIES=\"",
         "ipv6.addresses: 4096 entries in IPV6ADDR_SECONDARIES; at most 4095"},
        {"BOOTPROTO=dhcp\nDOMAIN=", "ipv4.dns-search: a domain of 254 bytes; at most 253"},
    };

    for (guint k = 0; k < G_N_ELEMENTS(cases); k++) {
        g_autoptr(GString) text = g_string_new("TYPE=Ethernet\nDEVICE=eth0\n");
        g_autoptr(NMConnection) c = NULL;
        g_autoptr(GError) error = NULL;
        double secs;

        g_string_append(text, cases[k].extra);
        if (k == 0) {
            for (guint i = 0; i < 257; i++)
                g_string_append_printf(text, "d%u.example ", i);
            g_string_append(text, "\"\n");
        } else if (k == 1) {
            for (guint i = 1; i <= 65; i++)
                g_string_append_printf(text, "%s%u=192.0.2.%u\n", i == 1 ? "" : "DNS", i, i);
        } else if (k == 2) {
            for (guint i = 1; i <= 4096; i++)
                g_string_append_printf(text, "2001:db8::%x/64 ", i);
            g_string_append(text, "\"\n");
        } else {
            g_autofree char *d = g_strnfill(254, 'd');

            g_string_append_printf(text, "%s\n", d);
        }
        c = read_timed(f, text->str, &secs, &error);
        g_assert_null(c);
        if (!strstr(error->message, cases[k].reason))
            g_error("case %u: '%s' should say '%s'", k, error->message, cases[k].reason);
        g_assert_cmpfloat(secs, <, 1.0);
    }
}

/* Any value holds at most 4096 bytes, but for the lists the reader counts. */
static void
test_value_lengths(Fixture *f, gconstpointer data)
{
    g_autofree char *name = g_strnfill(BONDD_LIMIT_STRING_BYTES + 1, 'n');
    g_autofree char *ok_name = g_strnfill(BONDD_LIMIT_STRING_BYTES, 'n');
    g_autofree char *text = g_strdup_printf("DEVICE=eth0\nNAME=%s\n", name);
    g_autofree char *ok_text = g_strdup_printf("DEVICE=eth0\nNAME=%s\n", ok_name);
    g_autoptr(GString) domains = g_string_new("DEVICE=eth0\nBOOTPROTO=dhcp\nDOMAIN=\"");
    g_autoptr(NMConnection) none = NULL;
    g_autoptr(NMConnection) ok = NULL;
    g_autoptr(NMConnection) many = NULL;
    g_autoptr(GError) error = NULL;
    double secs;

    none = read_timed(f, text, &secs, &error);
    g_assert_null(none);
    g_assert_nonnull(strstr(error->message, "NAME: a value of 4097 bytes; at most 4096"));
    g_clear_error(&error);
    ok = read_timed(f, ok_text, &secs, &error);
    g_assert_no_error(error);
    g_assert_cmpstr(nm_connection_get_id(ok), ==, ok_name);
    /* 256 domains of 200 bytes: a long line, but within the limits. */
    for (guint i = 0; i < BONDD_LIMIT_DNS_SEARCH; i++) {
        g_autofree char *d = g_strnfill(190, 'a' + i % 26);

        g_string_append_printf(domains, "%s%u.example ", d, i);
    }
    g_string_append(domains, "\"\n");
    many = read_timed(f, domains->str, &secs, &error);
    g_assert_no_error(error);
    g_assert_cmpuint(
        nm_setting_ip_config_get_num_dns_searches(nm_connection_get_setting_ip4_config(many)), ==,
        BONDD_LIMIT_DNS_SEARCH);
}

/* What the writer is given beyond the limits is refused before anything
 * touches the disk. */
static void
test_writer_refuses(Fixture *f, gconstpointer data)
{
    g_autoptr(NMConnection) c = test_connection_new("802-3-ethernet", "w", NULL, "eth0");
    NMSetting *s_ip4 = nm_setting_ip4_config_new();
    g_autoptr(GError) error = NULL;
    g_autofree char *path = NULL;

    g_object_set(s_ip4, NM_SETTING_IP_CONFIG_METHOD, "auto", NULL);
    nm_setting_ip_config_add_dns_search(NM_SETTING_IP_CONFIG(s_ip4), "two words");
    nm_connection_add_setting(c, nm_setting_wired_new());
    nm_connection_add_setting(c, s_ip4);
    g_assert_false(ifcfg_writer_write(c, f->dir, NULL, NULL, NULL, NULL, &path, NULL, &error));
    g_assert_error(error, NM_CONNECTION_ERROR, NM_CONNECTION_ERROR_INVALID_PROPERTY);
    g_assert_nonnull(strstr(error->message, "ipv4.dns-search"));
    g_assert_cmpuint(test_count_files(f->dir), ==, 0);
}

int
main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
#define ADD(path, fn) g_test_add(path, Fixture, NULL, fixture_setup, fn, fixture_teardown)
    ADD("/ifcfg/limits/addresses", test_addresses);
    ADD("/ifcfg/limits/duplicate-addresses", test_duplicate_addresses);
    ADD("/ifcfg/limits/lists", test_lists);
    ADD("/ifcfg/limits/value-lengths", test_value_lengths);
    ADD("/ifcfg/limits/writer-refuses", test_writer_refuses);
    return g_test_run();
}
