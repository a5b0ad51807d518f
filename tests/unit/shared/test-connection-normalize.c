/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * bondd_connection_normalize(): what libnm's normalization refuses with a
 * critical (a gateway with never-default hiding addresses that the method
 * does not allow; bond options the mode strips) is refused with the real
 * reason and no critical; what it accepts is normalized the same.
 */
#include "config.h"

#include "connection-normalize.h"

static NMConnection *
make(int family, const char *method, const char *address, const char *gateway, gboolean never)
{
    NMConnection *c = nm_simple_connection_new();
    NMSetting *s_con = nm_setting_connection_new();
    NMSetting *s_ip = family == AF_INET ? nm_setting_ip4_config_new() : nm_setting_ip6_config_new();

    g_object_set(s_con, NM_SETTING_CONNECTION_ID, "n", NM_SETTING_CONNECTION_UUID,
                 "4d5d3e3c-7a3b-4b5e-9d55-1f2a6c2b7e01", NM_SETTING_CONNECTION_TYPE,
                 NM_SETTING_WIRED_SETTING_NAME, NM_SETTING_CONNECTION_INTERFACE_NAME, "eth0", NULL);
    nm_connection_add_setting(c, s_con);
    nm_connection_add_setting(c, nm_setting_wired_new());
    g_object_set(s_ip, NM_SETTING_IP_CONFIG_METHOD, method, NM_SETTING_IP_CONFIG_GATEWAY, gateway,
                 NM_SETTING_IP_CONFIG_NEVER_DEFAULT, never, NULL);
    if (address) {
        NMIPAddress *a = nm_ip_address_new(family, address, family == AF_INET ? 24 : 64, NULL);

        nm_setting_ip_config_add_address(NM_SETTING_IP_CONFIG(s_ip), a);
        nm_ip_address_unref(a);
    }
    nm_connection_add_setting(c, s_ip);
    return c;
}

static void
test_refused_without_critical(void)
{
    static const struct {
        int family;
        const char *method;
        const char *address;
        const char *gateway;
    } cases[] = {
        {AF_INET, "link-local", "192.0.2.4", "192.0.2.1"},
        {AF_INET, "disabled", "192.0.2.4", "192.0.2.1"},
        {AF_INET6, "ignore", "2001:db8::1", "2001:db8::ff"},
        {AF_INET6, "link-local", "2001:db8::1", "2001:db8::ff"},
        {AF_INET6, "disabled", "2001:db8::1", "2001:db8::ff"},
    };

    /* g_test_init() makes criticals fatal: one would end the test. */
    for (guint i = 0; i < G_N_ELEMENTS(cases); i++) {
        g_autoptr(NMConnection) c =
            make(cases[i].family, cases[i].method, cases[i].address, cases[i].gateway, TRUE);
        g_autoptr(GError) error = NULL;

        g_assert_false(bondd_connection_normalize(c, &error));
        g_assert_error(error, NM_CONNECTION_ERROR, NM_CONNECTION_ERROR_INVALID_PROPERTY);
        g_assert_nonnull(strstr(error->message, "addresses: this property is not allowed"));
    }
}

static void
test_accepted_as_libnm_does(void)
{
    g_autoptr(NMConnection) c = make(AF_INET, "manual", "192.0.2.4", "192.0.2.1", TRUE);
    g_autoptr(NMConnection) d = make(AF_INET, "manual", "192.0.2.4", "192.0.2.1", TRUE);
    g_autoptr(GError) error = NULL;

    g_assert_true(bondd_connection_normalize(c, &error));
    g_assert_no_error(error);
    g_assert_true(nm_connection_normalize(d, NULL, NULL, &error));
    g_assert_null(nm_setting_ip_config_get_gateway(nm_connection_get_setting_ip4_config(c)));
    g_assert_true(nm_connection_compare(c, d, NM_SETTING_COMPARE_FLAG_EXACT));
}

static NMConnection *
make_bond(const char *const *options)
{
    NMConnection *c = nm_simple_connection_new();
    NMSetting *s_con = nm_setting_connection_new();
    NMSetting *s_bond = nm_setting_bond_new();

    g_object_set(s_con, NM_SETTING_CONNECTION_ID, "b", NM_SETTING_CONNECTION_UUID,
                 "4d5d3e3c-7a3b-4b5e-9d55-1f2a6c2b7e02", NM_SETTING_CONNECTION_TYPE,
                 NM_SETTING_BOND_SETTING_NAME, NM_SETTING_CONNECTION_INTERFACE_NAME, "bond0", NULL);
    nm_connection_add_setting(c, s_con);
    for (guint i = 0; options[i]; i += 2)
        nm_setting_bond_add_option(NM_SETTING_BOND(s_bond), options[i], options[i + 1]);
    nm_connection_add_setting(c, s_bond);
    return c;
}

/* 802.3ad with ARP monitoring and a peer_notif_delay: libnm strips the ARP
 * options while normalizing, and miimon's default then makes the delay
 * invalid -- a critical in libnm, an error here; without the delay the
 * profile is normalized as libnm does it. */
static void
test_bond_mode_options(void)
{
    static const char *const bad[] = {
        "mode",     "802.3ad",          "arp_interval", "100", "arp_ip_target",
        "10.0.0.1", "peer_notif_delay", "30",           NULL};
    static const char *const good[] = {"mode",      "802.3ad",       "arp_interval",
                                       "100",       "arp_ip_target", "10.0.0.1",
                                       "lacp_rate", "fast",          NULL};
    g_autoptr(NMConnection) c = make_bond(bad);
    g_autoptr(NMConnection) d = make_bond(good);
    g_autoptr(NMConnection) e = make_bond(good);
    g_autoptr(GError) error = NULL;

    g_assert_false(bondd_connection_normalize(c, &error));
    g_assert_error(error, NM_CONNECTION_ERROR, NM_CONNECTION_ERROR_INVALID_PROPERTY);
    g_assert_nonnull(strstr(error->message, "peer_notif_delay"));
    g_clear_error(&error);
    g_assert_true(bondd_connection_normalize(d, &error));
    g_assert_no_error(error);
    g_assert_true(nm_connection_normalize(e, NULL, NULL, &error));
    g_assert_true(nm_connection_compare(d, e, NM_SETTING_COMPARE_FLAG_EXACT));
}

/* As a client sends it: nm_simple_connection_new_from_dbus() normalizes. */
static void
test_dict(void)
{
    g_autoptr(NMConnection) bad = make(AF_INET, "link-local", "192.0.2.4", "192.0.2.1", TRUE);
    g_autoptr(NMConnection) good = make(AF_INET, "manual", "192.0.2.4", "192.0.2.1", FALSE);
    g_autoptr(GVariant) bad_dict = g_variant_ref_sink(nm_connection_to_dbus(bad, 0));
    g_autoptr(GVariant) good_dict = g_variant_ref_sink(nm_connection_to_dbus(good, 0));
    g_autoptr(GVariant) prepared = bondd_connection_dict_prepare(bad_dict);
    g_autoptr(GVariant) untouched = bondd_connection_dict_prepare(good_dict);
    g_autoptr(GVariant) ip4 = g_variant_lookup_value(prepared, "ipv4", NULL);
    g_autoptr(NMConnection) parsed = NULL;
    g_autoptr(GError) error = NULL;

    g_assert_true(untouched == good_dict);
    g_assert_false(g_variant_lookup(ip4, "gateway", "&s", NULL));
    parsed = nm_simple_connection_new_from_dbus(prepared, &error);
    g_assert_null(parsed);
    g_assert_nonnull(strstr(error->message, "ipv4.addresses: this property is not allowed"));
}

int
main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    g_test_add_func("/shared/connection-normalize/refused-without-critical",
                    test_refused_without_critical);
    g_test_add_func("/shared/connection-normalize/accepted-as-libnm-does",
                    test_accepted_as_libnm_does);
    g_test_add_func("/shared/connection-normalize/dict", test_dict);
    g_test_add_func("/shared/connection-normalize/bond-mode-options", test_bond_mode_options);
    return g_test_run();
}
