/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The limits of a profile: what a client sends (a{sa{sv}}) and a parsed
 * connection, each error naming the property.
 */
#include "config.h"

#include "profile-limits.h"

static NMConnection *
make_bond(void)
{
    NMConnection *c = nm_simple_connection_new();
    NMSetting *s_con = nm_setting_connection_new();
    NMSetting *s_bond = nm_setting_bond_new();
    g_autoptr(GError) error = NULL;

    g_object_set(s_con, NM_SETTING_CONNECTION_ID, "b", NM_SETTING_CONNECTION_UUID,
                 "4d5d3e3c-7a3b-4b5e-9d55-1f2a6c2b7e01", NM_SETTING_CONNECTION_TYPE, "bond",
                 NM_SETTING_CONNECTION_INTERFACE_NAME, "bond0", NULL);
    nm_setting_bond_add_option(NM_SETTING_BOND(s_bond), "mode", "active-backup");
    nm_connection_add_setting(c, s_con);
    nm_connection_add_setting(c, s_bond);
    g_assert_true(nm_connection_normalize(c, NULL, NULL, &error));
    return c;
}

static void
assert_refused(NMConnection *c, const char *property, const char *words)
{
    g_autoptr(GError) error = NULL;
    g_autoptr(GError) error2 = NULL;
    g_autoptr(GVariant) dict = NULL;

    g_assert_false(bondd_profile_limits_check(c, &error));
    g_assert_error(error, NM_CONNECTION_ERROR, NM_CONNECTION_ERROR_INVALID_PROPERTY);
    if (!g_str_has_prefix(error->message, property) || !strstr(error->message, words))
        g_error("'%s' should start with %s and say '%s'", error->message, property, words);
    /* As a client would send it: refused too, before it is parsed, unless
     * only the parsed form can tell. */
    dict = g_variant_ref_sink(nm_connection_to_dbus(c, NM_CONNECTION_SERIALIZE_ALL));
    if (!bondd_profile_limits_check_dbus(dict, &error2))
        g_assert_error(error2, NM_CONNECTION_ERROR, NM_CONNECTION_ERROR_INVALID_PROPERTY);
}

static void
test_accepted(void)
{
    g_autoptr(NMConnection) c = make_bond();
    NMSetting *s_ip4 = nm_setting_ip4_config_new();
    g_autoptr(GPtrArray) addrs =
        g_ptr_array_new_with_free_func((GDestroyNotify)nm_ip_address_unref);
    g_autoptr(GVariant) dict = NULL;
    g_autoptr(GError) error = NULL;

    for (guint i = 0; i < BONDD_LIMIT_ADDRESSES; i++) {
        g_autofree char *a = g_strdup_printf("10.0.%u.%u", i / 256, i % 256);

        g_ptr_array_add(addrs, nm_ip_address_new(AF_INET, a, 32, NULL));
    }
    g_object_set(s_ip4, NM_SETTING_IP_CONFIG_METHOD, NM_SETTING_IP4_CONFIG_METHOD_MANUAL,
                 NM_SETTING_IP_CONFIG_ADDRESSES, addrs, NM_SETTING_IP_CONFIG_DHCP_HOSTNAME,
                 "host.example.com", NULL);
    nm_setting_ip_config_add_dns_search(NM_SETTING_IP_CONFIG(s_ip4), "example.com");
    nm_setting_ip_config_add_dns_search(NM_SETTING_IP_CONFIG(s_ip4), "~.");
    nm_connection_add_setting(c, s_ip4);
    g_assert_true(bondd_profile_limits_check(c, &error));
    g_assert_no_error(error);
    dict = g_variant_ref_sink(nm_connection_to_dbus(c, NM_CONNECTION_SERIALIZE_ALL));
    g_assert_true(bondd_profile_limits_check_dbus(dict, &error));
    g_assert_no_error(error);
}

static void
test_counts(void)
{
    struct {
        const char *property;
        guint n;
    } cases[] = {
        {"ipv4.addresses", BONDD_LIMIT_ADDRESSES + 1},
        {"ipv6.addresses", BONDD_LIMIT_ADDRESSES + 1},
        {"ipv4.routes", BONDD_LIMIT_ROUTES + 1},
        {"ipv4.dns", BONDD_LIMIT_DNS_SERVERS + 1},
        {"ipv4.dns-search", BONDD_LIMIT_DNS_SEARCH + 1},
        {"ipv6.routes", BONDD_LIMIT_ROUTES + 1},
    };

    for (guint k = 0; k < G_N_ELEMENTS(cases); k++) {
        g_autoptr(NMConnection) c = make_bond();
        gboolean v6 = g_str_has_prefix(cases[k].property, "ipv6");
        const char *prop = strchr(cases[k].property, '.') + 1;
        NMSetting *s_ip = v6 ? nm_setting_ip6_config_new() : nm_setting_ip4_config_new();
        NMSettingIPConfig *ip = NM_SETTING_IP_CONFIG(s_ip);
        g_autofree char *count = g_strdup_printf("%u entries", cases[k].n);

        g_object_set(s_ip, NM_SETTING_IP_CONFIG_METHOD, "manual", NULL);
        for (guint i = 0; i < cases[k].n; i++) {
            g_autofree char *a =
                v6 ? g_strdup_printf("2001:db8::%x", i + 1)
                   : g_strdup_printf("10.%u.%u.%u", i / 65536, i / 256 % 256, i % 256);

            if (g_str_equal(prop, "addresses")) {
                NMIPAddress *addr =
                    nm_ip_address_new(v6 ? AF_INET6 : AF_INET, a, v6 ? 128 : 32, NULL);

                nm_setting_ip_config_add_address(ip, addr);
                nm_ip_address_unref(addr);
            } else if (g_str_equal(prop, "routes")) {
                NMIPRoute *route =
                    nm_ip_route_new(v6 ? AF_INET6 : AF_INET, a, v6 ? 128 : 32, NULL, -1, NULL);

                nm_setting_ip_config_add_route(ip, route);
                nm_ip_route_unref(route);
            } else if (g_str_equal(prop, "dns")) {
                nm_setting_ip_config_add_dns(ip, a);
            } else {
                g_autofree char *d = g_strdup_printf("d%u.example", i);

                nm_setting_ip_config_add_dns_search(ip, d);
            }
        }
        nm_connection_add_setting(c, s_ip);
        assert_refused(c, cases[k].property, count);
    }
}

static void
test_lengths(void)
{
    g_autoptr(NMConnection) long_id = make_bond();
    g_autoptr(NMConnection) long_domain = make_bond();
    g_autoptr(NMConnection) spaced_domain = make_bond();
    g_autoptr(NMConnection) long_hostname = make_bond();
    g_autofree char *id = g_strnfill(BONDD_LIMIT_STRING_BYTES + 1, 'i');
    g_autofree char *domain = g_strnfill(BONDD_LIMIT_DOMAIN_BYTES + 1, 'd');
    g_autofree char *hostname = g_strnfill(BONDD_LIMIT_DHCP_HOSTNAME_BYTES + 1, 'h');
    NMSetting *s;

    g_object_set(nm_connection_get_setting_connection(long_id), NM_SETTING_CONNECTION_ID, id, NULL);
    /* Any string: as sent, before it is parsed. */
    {
        g_autoptr(GVariant) dict =
            g_variant_ref_sink(nm_connection_to_dbus(long_id, NM_CONNECTION_SERIALIZE_ALL));
        g_autoptr(GError) error = NULL;

        g_assert_true(bondd_profile_limits_check(long_id, NULL));
        g_assert_false(bondd_profile_limits_check_dbus(dict, &error));
        g_assert_error(error, NM_CONNECTION_ERROR, NM_CONNECTION_ERROR_INVALID_PROPERTY);
        g_assert_cmpstr(error->message, ==, "connection.id: a string of 4097 bytes; at most 4096");
    }

    s = nm_setting_ip4_config_new();
    g_object_set(s, NM_SETTING_IP_CONFIG_METHOD, "auto", NULL);
    nm_setting_ip_config_add_dns_search(NM_SETTING_IP_CONFIG(s), domain);
    nm_connection_add_setting(long_domain, s);
    assert_refused(long_domain, "ipv4.dns-search", "254 bytes");

    s = nm_setting_ip4_config_new();
    g_object_set(s, NM_SETTING_IP_CONFIG_METHOD, "auto", NULL);
    nm_setting_ip_config_add_dns_search(NM_SETTING_IP_CONFIG(s), "a b");
    nm_connection_add_setting(spaced_domain, s);
    assert_refused(spaced_domain, "ipv4.dns-search", "'a b' is not a domain name");

    s = nm_setting_ip6_config_new();
    g_object_set(s, NM_SETTING_IP_CONFIG_METHOD, "auto", NM_SETTING_IP_CONFIG_DHCP_HOSTNAME,
                 hostname, NULL);
    nm_connection_add_setting(long_hostname, s);
    assert_refused(long_hostname, "ipv6.dhcp-hostname", "256 bytes");
}

/* What a client sends is bounded before it is parsed: its size, its
 * strings and its lists, whatever the setting. */
static void
test_dbus(void)
{
    g_autofree char *big = g_strnfill(BONDD_LIMIT_PROFILE_BYTES, 'x');
    g_autofree char *longish = g_strnfill(BONDD_LIMIT_STRING_BYTES + 1, 'x');
    g_autoptr(GPtrArray) many = g_ptr_array_new_with_free_func(g_free);
    g_autoptr(GVariant) huge = NULL;
    g_autoptr(GVariant) long_string = NULL;
    g_autoptr(GVariant) long_list = NULL;
    g_autoptr(GVariant) bytes = NULL;
    g_autoptr(GVariant) wrong_type = NULL;
    g_autoptr(GError) error = NULL;
    g_autofree guint8 *blob = g_malloc0(64 * 1024);

    for (guint i = 0; i <= BONDD_LIMIT_LIST_ENTRIES; i++)
        g_ptr_array_add(many, g_strdup_printf("%u", i));
    g_ptr_array_add(many, NULL);

    huge = g_variant_ref_sink(g_variant_new_parsed("{'user': {'data': <{'a': %s}>}}", big));
    g_assert_false(bondd_profile_limits_check_dbus(huge, &error));
    g_assert_nonnull(strstr(error->message, "bytes long"));
    g_clear_error(&error);

    long_string =
        g_variant_ref_sink(g_variant_new_parsed("{'match': {'interface-name': <[%s]>}}", longish));
    g_assert_false(bondd_profile_limits_check_dbus(long_string, &error));
    g_assert_error(error, NM_CONNECTION_ERROR, NM_CONNECTION_ERROR_INVALID_PROPERTY);
    g_assert_true(g_str_has_prefix(error->message, "match.interface-name: "));
    g_clear_error(&error);

    long_list = g_variant_ref_sink(g_variant_new_parsed("{'match': {'interface-name': <%^as>}}",
                                                        (const char *const *)many->pdata));
    g_assert_false(bondd_profile_limits_check_dbus(long_list, &error));
    g_assert_true(g_str_has_prefix(error->message, "match.interface-name: 4097 entries"));
    g_clear_error(&error);

    /* Bytes (a certificate, an address) are bounded by the size alone. */
    bytes = g_variant_ref_sink(
        g_variant_new_parsed("{'802-1x': {'ca-cert': %v}}",
                             g_variant_new_fixed_array(G_VARIANT_TYPE_BYTE, blob, 64 * 1024, 1)));
    g_assert_true(bondd_profile_limits_check_dbus(bytes, &error));
    g_assert_no_error(error);

    wrong_type = g_variant_ref_sink(g_variant_new_parsed("{'a': 1}"));
    g_assert_false(bondd_profile_limits_check_dbus(wrong_type, &error));
    g_assert_nonnull(error);
}

int
main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    g_test_add_func("/shared/profile-limits/accepted", test_accepted);
    g_test_add_func("/shared/profile-limits/counts", test_counts);
    g_test_add_func("/shared/profile-limits/lengths", test_lengths);
    g_test_add_func("/shared/profile-limits/dbus", test_dbus);
    return g_test_run();
}
