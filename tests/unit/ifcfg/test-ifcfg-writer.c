/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Writer: byte-exact output for new files, BONDING_OPTS round trips, and
 * in-place rewrites that keep comments and unknown keys.
 */
#include "config.h"

#include "ifcfg-reader.h"
#include "ifcfg-writer.h"
#include "test-common.h"

#define LOG_DOMAIN "bondd-ifcfg"
#define BOND_UUID  "4d5d3e3c-7a3b-4b5e-9d55-1f2a6c2b7e01"
#define PORT_UUID  "0f1e2d3c-4b5a-4978-8695-a4b3c2d1e0f9"
#define SEED_UUID  "8dee873b-e8d8-4ec4-a85f-f20f0435fd89"

typedef TestDirFixture Fixture;

static char *
resolve_bond0(gpointer user_data, const char *uuid)
{
    return g_strcmp0(uuid, SEED_UUID) == 0 ? g_strdup("bond0") : NULL;
}

/* Write @c as a new file; returns the re-read connection (asserted equal to
 * the normalized input) and the path. */
static NMConnection *
write_new(Fixture *f, NMConnection *c, IfcfgIfaceForUuid resolver, char **out_path)
{
    return test_write_new(f->dir, c, resolver, out_path);
}

static NMConnection *
make_bond_main(void)
{
    NMConnection *c = test_connection_new("bond", "Test Write Bond Main", BOND_UUID, "bond0");
    NMSetting *s_bond = nm_setting_bond_new();
    NMSetting *s_ip4 = nm_setting_ip4_config_new();
    NMSetting *s_ip6 = nm_setting_ip6_config_new();
    NMIPAddress *addr = nm_ip_address_new(AF_INET, "1.1.1.3", 24, NULL);

    nm_setting_bond_add_option(NM_SETTING_BOND(s_bond), "downdelay", "5");
    nm_setting_bond_add_option(NM_SETTING_BOND(s_bond), "updelay", "10");
    nm_setting_bond_add_option(NM_SETTING_BOND(s_bond), "miimon", "100");
    nm_connection_add_setting(c, s_bond);
    nm_connection_add_setting(c, nm_setting_wired_new());
    g_object_set(s_ip4, NM_SETTING_IP_CONFIG_METHOD, NM_SETTING_IP4_CONFIG_METHOD_MANUAL,
                 NM_SETTING_IP_CONFIG_GATEWAY, "1.1.1.1", NM_SETTING_IP_CONFIG_MAY_FAIL, TRUE,
                 NULL);
    nm_setting_ip_config_add_address(NM_SETTING_IP_CONFIG(s_ip4), addr);
    nm_ip_address_unref(addr);
    nm_connection_add_setting(c, s_ip4);
    g_object_set(s_ip6, NM_SETTING_IP_CONFIG_METHOD, NM_SETTING_IP6_CONFIG_METHOD_IGNORE, NULL);
    nm_connection_add_setting(c, s_ip6);
    nm_connection_add_setting(c, nm_setting_proxy_new());
    return c;
}

static void
test_write_bond_main(Fixture *f, gconstpointer data)
{
    g_autoptr(NMConnection) c = make_bond_main();
    g_autofree char *path = NULL;
    g_autoptr(NMConnection) reread = write_new(f, c, NULL, &path);
    g_autofree char *expected_path = g_build_filename(f->dir, "ifcfg-Test_Write_Bond_Main", NULL);

    g_assert_cmpstr(path, ==, expected_path);
    test_assert_file_equals_expected(path, "ifcfg-Test_Write_Bond_Main");
}

static NMConnection *
make_bond_port(const char *controller)
{
    NMConnection *c =
        test_connection_new("802-3-ethernet", "Test Write Bond Port", PORT_UUID, NULL);
    NMSetting *s_wired = nm_setting_wired_new();
    NMSetting *s_port = nm_setting_bond_port_new();

    g_object_set(nm_connection_get_setting_connection(c), NM_SETTING_CONNECTION_MASTER, controller,
                 NM_SETTING_CONNECTION_SLAVE_TYPE, "bond", NULL);
    g_object_set(s_wired, NM_SETTING_WIRED_MAC_ADDRESS, "31:33:33:37:be:cd", NM_SETTING_WIRED_MTU,
                 1492, NULL);
    nm_connection_add_setting(c, s_wired);
    g_object_set(s_port, NM_SETTING_BOND_PORT_QUEUE_ID, 1, NULL);
    nm_connection_add_setting(c, s_port);
    return c;
}

static void
test_write_bond_port(Fixture *f, gconstpointer data)
{
    g_autoptr(NMConnection) by_name = make_bond_port("bond0");
    g_autoptr(NMConnection) by_uuid = make_bond_port(SEED_UUID);
    g_autoptr(NMConnection) unknown_uuid = make_bond_port(PORT_UUID);
    g_autofree char *p1 = NULL;
    g_autofree char *p2 = NULL;
    g_autofree char *p3 = NULL;
    g_autoptr(NMConnection) r1 = write_new(f, by_name, resolve_bond0, &p1);
    g_autoptr(NMConnection) r2 = NULL;
    g_autoptr(NMConnection) r3 = NULL;
    g_autofree char *content3 = NULL;

    test_assert_file_equals_expected(p1, "ifcfg-Test_Write_Bond_Port");
    /* The host knows the controller UUID: both MASTER_UUID and MASTER. */
    r2 = write_new(f, by_uuid, resolve_bond0, &p2);
    g_assert_true(g_str_has_suffix(p2, "/ifcfg-Test_Write_Bond_Port-1"));
    test_assert_file_equals_expected(p2, "ifcfg-Test_Write_Bond_Port-uuid");
    /* An unresolvable UUID is written raw to MASTER=. */
    r3 = write_new(f, unknown_uuid, resolve_bond0, &p3);
    content3 = test_read_file(p3);
    g_assert_nonnull(strstr(content3, "\nMASTER=" PORT_UUID "\nSLAVE=yes\n"));
    g_assert_null(strstr(content3, "MASTER_UUID"));
}

static void
test_write_ethernet(Fixture *f, gconstpointer data)
{
    g_autoptr(NMConnection) c =
        test_connection_new("802-3-ethernet", "Plain eth", PORT_UUID, "eth0");
    NMSetting *s_ip4 = nm_setting_ip4_config_new();
    NMSetting *s_ip6 = nm_setting_ip6_config_new();
    NMSetting *s_wired = nm_setting_wired_new();
    g_autofree char *path = NULL;
    g_autoptr(NMConnection) reread = NULL;

    g_object_set(s_wired, NM_SETTING_WIRED_AUTO_NEGOTIATE, FALSE, NM_SETTING_WIRED_SPEED, 1000,
                 NM_SETTING_WIRED_DUPLEX, "full", NULL);
    nm_connection_add_setting(c, s_wired);
    g_object_set(s_ip4, NM_SETTING_IP_CONFIG_METHOD, "auto", NM_SETTING_IP_CONFIG_IGNORE_AUTO_DNS,
                 TRUE, NULL);
    nm_setting_ip_config_add_dns(NM_SETTING_IP_CONFIG(s_ip4), "10.0.0.53");
    nm_setting_ip_config_add_dns_search(NM_SETTING_IP_CONFIG(s_ip4), "example.com");
    nm_connection_add_setting(c, s_ip4);
    g_object_set(s_ip6, NM_SETTING_IP_CONFIG_METHOD, "auto",
                 NM_SETTING_IP_CONFIG_IGNORE_AUTO_ROUTES, TRUE, NM_SETTING_IP_CONFIG_MAY_FAIL,
                 FALSE, NULL);
    nm_setting_ip_config_add_dns(NM_SETTING_IP_CONFIG(s_ip6), "2001:db8::53");
    nm_connection_add_setting(c, s_ip6);
    g_object_set(nm_connection_get_setting_connection(c), NM_SETTING_CONNECTION_AUTOCONNECT, FALSE,
                 NULL);

    reread = write_new(f, c, NULL, &path);
    test_assert_file_equals_expected(path, "ifcfg-Plain_eth");
}

/* A bond without IPv4 whose ipv6 setting is @s_ip6 (taken). */
static NMConnection *
make_ipv6_bond(const char *id, NMSetting *s_ip6)
{
    NMConnection *c = test_connection_new("bond", id, BOND_UUID, "bond1");
    NMSetting *s_ip4 = nm_setting_ip4_config_new();

    nm_connection_add_setting(c, nm_setting_bond_new());
    g_object_set(s_ip4, NM_SETTING_IP_CONFIG_METHOD, NM_SETTING_IP4_CONFIG_METHOD_DISABLED, NULL);
    nm_connection_add_setting(c, s_ip4);
    nm_connection_add_setting(c, s_ip6);
    return c;
}

/* IPv6 autoconfiguration keys, in NetworkManager's order. */
static void
test_write_ipv6_auto(Fixture *f, gconstpointer data)
{
    NMSetting *s_ip6 = nm_setting_ip6_config_new();
    g_autoptr(NMConnection) c = NULL;
    g_autofree char *path = NULL;
    g_autoptr(NMConnection) reread = NULL;

    g_object_set(
        s_ip6, NM_SETTING_IP_CONFIG_METHOD, NM_SETTING_IP6_CONFIG_METHOD_AUTO,
        NM_SETTING_IP6_CONFIG_ADDR_GEN_MODE, NM_SETTING_IP6_CONFIG_ADDR_GEN_MODE_EUI64,
        NM_SETTING_IP6_CONFIG_IP6_PRIVACY, NM_SETTING_IP6_CONFIG_PRIVACY_PREFER_PUBLIC_ADDR,
        NM_SETTING_IP6_CONFIG_RA_TIMEOUT, 20, NM_SETTING_IP_CONFIG_ROUTE_METRIC, (gint64)310,
        NM_SETTING_IP_CONFIG_IGNORE_AUTO_DNS, TRUE, NM_SETTING_IP_CONFIG_IGNORE_AUTO_ROUTES, TRUE,
        NM_SETTING_IP_CONFIG_MAY_FAIL, FALSE, NULL);
    c = make_ipv6_bond("Test Write IPv6 Auto", s_ip6);
    reread = write_new(f, c, NULL, &path);
    test_assert_file_equals_expected(path, "ifcfg-Test_Write_IPv6_Auto");
    g_assert_cmpint(nm_setting_ip6_config_get_ip6_privacy(
                        NM_SETTING_IP6_CONFIG(nm_connection_get_setting_ip6_config(reread))),
                    ==, NM_SETTING_IP6_CONFIG_PRIVACY_PREFER_PUBLIC_ADDR);
}

/* IPV6_DISABLED=yes comes with IPV6INIT=no; privacy "no" is written. */
static void
test_write_ipv6_disabled(Fixture *f, gconstpointer data)
{
    NMSetting *s_ip6 = nm_setting_ip6_config_new();
    g_autoptr(NMConnection) c = NULL;
    g_autofree char *path = NULL;
    g_autoptr(NMConnection) reread = NULL;

    g_object_set(s_ip6, NM_SETTING_IP_CONFIG_METHOD, NM_SETTING_IP6_CONFIG_METHOD_DISABLED,
                 NM_SETTING_IP6_CONFIG_IP6_PRIVACY, NM_SETTING_IP6_CONFIG_PRIVACY_DISABLED, NULL);
    c = make_ipv6_bond("Test Write IPv6 Off", s_ip6);
    reread = write_new(f, c, NULL, &path);
    test_assert_file_equals_expected(path, "ifcfg-Test_Write_IPv6_Off");
}

/* Read @content from a file, write the result back to the same file and
 * return the new file text. */
static char *
rewrite(Fixture *f, const char *name, const char *content, NMConnection **out)
{
    g_autofree char *path = test_write_file(f->dir, name, content);
    g_autoptr(GError) error = NULL;
    g_autoptr(NMConnection) c = ifcfg_reader_read_file(path, NULL, NULL, &error);
    g_autoptr(NMConnection) reread = NULL;
    g_autofree char *out_path = NULL;

    g_assert_no_error(error);
    g_assert_true(
        ifcfg_writer_write(c, f->dir, path, NULL, NULL, NULL, &out_path, &reread, &error));
    g_assert_no_error(error);
    g_assert_cmpstr(out_path, ==, path);
    /* Meaning unchanged by the round trip. */
    test_assert_same_connection(reread, c);
    if (out)
        *out = g_steal_pointer(&reread);
    return test_read_file(path);
}

static char *
line_of(const char *text, const char *key)
{
    g_auto(GStrv) lines = g_strsplit(text, "\n", -1);
    g_autofree char *prefix = g_strdup_printf("%s=", key);

    for (guint i = 0; lines[i]; i++) {
        if (g_str_has_prefix(lines[i], prefix))
            return g_strdup(lines[i]);
    }
    return NULL;
}

static void
test_bonding_opts_round_trip(Fixture *f, gconstpointer data)
{
    static const struct {
        const char *opts; /* as in the file */
        const char *line; /* as written back */
    } cases[] = {
        {"BONDING_OPTS=\"mode=4 miimon=100\"", "BONDING_OPTS=\"mode=802.3ad miimon=100\""},
        {"BONDING_OPTS=mode=4", "BONDING_OPTS=mode=802.3ad"},
        {"BONDING_OPTS=\"miimon=213 mode=4 lacp_rate=1 xmit_hash_policy=2\"",
         "BONDING_OPTS=\"mode=802.3ad lacp_rate=1 miimon=213 xmit_hash_policy=2\""},
        {"BONDING_OPTS=\"arp_ip_target=+10.0.0.1 mode=active-backup arp_interval=100\"",
         "BONDING_OPTS=\"mode=active-backup arp_interval=100 arp_ip_target=10.0.0.1\""},
        {"BONDING_OPTS=\"mode=1 arp_interval=100 arp_ip_target=+1.1.1.1 "
         "arp_ip_target=+2.2.2.2\"",
         "BONDING_OPTS=\"mode=active-backup arp_interval=100 arp_ip_target=2.2.2.2\""},
        {"BONDING_OPTS='miimon=0100 mode=balance-rr'",
         "BONDING_OPTS=\"mode=balance-rr miimon=0100\""},
        {"BONDING_OPTS=\"mode=1  primary=eth1 miimon=100\"",
         "BONDING_OPTS=\"mode=active-backup miimon=100 primary=eth1\""},
        {"BONDING_OPTS=\"mode=0 packets_per_slave=0\"",
         "BONDING_OPTS=\"mode=balance-rr packets_per_slave=0\""},
        /* Dropped by normalization in 802.3ad. */
        {"BONDING_OPTS=\"mode=4 arp_validate=0 packets_per_slave=2\"", "BONDING_OPTS=mode=802.3ad"},
    };

    for (guint i = 0; i < G_N_ELEMENTS(cases); i++) {
        g_autofree char *name = g_strdup_printf("ifcfg-rt%u", i);
        g_autofree char *content = g_strdup_printf("TYPE=Bond\nDEVICE=bond0\n%s\n", cases[i].opts);
        g_autofree char *out = rewrite(f, name, content, NULL);
        g_autofree char *line = line_of(out, "BONDING_OPTS");

        if (g_strcmp0(line, cases[i].line) != 0)
            g_error("case %u: wrote '%s', expected '%s'", i, line, cases[i].line);
    }
}

static void
test_tab_in_bonding_opts(Fixture *f, gconstpointer data)
{
    g_autofree char *out = NULL;
    g_autofree char *line = NULL;

    g_test_expect_message(LOG_DOMAIN, G_LOG_LEVEL_MESSAGE, "*invalid bonding option 'mode'*");
    out = rewrite(f, "ifcfg-tab", "TYPE=Bond\nDEVICE=bond0\nBONDING_OPTS=$'mode=1\\tmiimon=50'\n",
                  NULL);
    g_test_assert_expected_messages();
    line = line_of(out, "BONDING_OPTS");
    g_assert_cmpstr(line, ==, "BONDING_OPTS=mode=balance-rr");
}

static void
test_rewrite_in_place(Fixture *f, gconstpointer data)
{
    static const char original[] = "# Managed by hand, keep this comment\n"
                                   "DEVICE=bond0\n"
                                   "USERCTL=no\n"
                                   "TYPE=Bond\n"
                                   "NM_CONTROLLED=yes\n"
                                   "BONDING_OPTS=\"mode=1 miimon=100\" # inline\n"
                                   "  CUSTOM_THING='keep me'\n"
                                   "BOOTPROTO=static\n"
                                   "IPADDR=192.168.1.2\n"
                                   "NETMASK=255.255.255.0\n"
                                   "PEERDNS=yes\n"
                                   "IPV6INIT=no\n"
                                   "IPV6_PEERDNS=yes\n"
                                   "this is not shell\n"
                                   "ZONE=\"unterminated\n"
                                   "ONBOOT=yes\n";
    static const char expected[] = "# Managed by hand, keep this comment\n"
                                   "DEVICE=bond0\n"
                                   "USERCTL=no\n"
                                   "TYPE=Bond\n"
                                   "NM_CONTROLLED=yes\n"
                                   "BONDING_OPTS=\"mode=active-backup miimon=250\"\n"
                                   "  CUSTOM_THING='keep me'\n"
                                   "BOOTPROTO=static\n"
                                   "IPADDR=192.168.1.2\n"
                                   "NETMASK=255.255.255.0\n"
                                   "IPV6INIT=no\n"
                                   "#NM: this is not shell\n"
                                   "ONBOOT=yes\n"
                                   "BONDING_MASTER=yes\n"
                                   "PROXY_METHOD=none\n"
                                   "BROWSER_ONLY=no\n"
                                   "PREFIX=24\n"
                                   "DEFROUTE=yes\n"
                                   "IPV4_FAILURE_FATAL=no\n"
                                   "IPV6_DEFROUTE=yes\n"
                                   "IPV6_FAILURE_FATAL=no\n"
                                   "NAME=\"Bond inplace\"\n"
                                   "UUID=%s\n";
    g_autofree char *path = NULL;
    g_autoptr(GError) error = NULL;
    g_autoptr(NMConnection) c = NULL;
    g_autoptr(NMConnection) reread = NULL;
    g_autofree char *out = NULL;
    g_autofree char *want = NULL;

    g_test_expect_message(LOG_DOMAIN, G_LOG_LEVEL_MESSAGE,
                          "*ifcfg-inplace: invalid line ignored: this is not shell*");
    g_test_expect_message(LOG_DOMAIN, G_LOG_LEVEL_MESSAGE,
                          "*ifcfg-inplace: key ZONE is badly quoted*");
    path = test_write_file(f->dir, "ifcfg-inplace", original);
    c = ifcfg_reader_read_file(path, NULL, NULL, &error);
    g_assert_no_error(error);
    g_test_assert_expected_messages();

    nm_setting_bond_add_option(nm_connection_get_setting_bond(c), "miimon", "250");
    g_assert_true(ifcfg_writer_write(c, f->dir, path, NULL, NULL, NULL, NULL, &reread, &error));
    g_assert_no_error(error);
    g_assert_cmpstr(
        nm_setting_bond_get_option_by_name(nm_connection_get_setting_bond(reread), "miimon"), ==,
        "250");

    out = test_read_file(path);
    want = g_strdup_printf(expected, nm_connection_get_uuid(c));
    g_assert_cmpstr(out, ==, want);
}

static void
test_seed_round_trip(Fixture *f, gconstpointer data)
{
    g_autofree char *seed = NULL;
    g_autofree char *out = NULL;
    g_autofree char *opts = NULL;
    g_autoptr(NMConnection) reread = NULL;

    g_file_get_contents(EXAMPLES_DIR "/ifcfg-bond0", &seed, NULL, NULL);
    g_assert_nonnull(seed);
    out = rewrite(f, "ifcfg-bond0", seed, &reread);
    opts = line_of(out, "BONDING_OPTS");
    g_assert_cmpstr(opts, ==,
                    "BONDING_OPTS=\"mode=active-backup ad_select=stable all_slaves_active=0 "
                    "arp_all_targets=any arp_interval=0 arp_validate=none downdelay=0 "
                    "fail_over_mac=none lp_interval=1 miimon=100 min_links=0 num_grat_arp=1 "
                    "num_unsol_na=1 primary=eth1 primary_reselect=always resend_igmp=1 "
                    "updelay=0 use_carrier=1 xmit_hash_policy=layer2\"");
    g_assert_cmpstr(nm_connection_get_uuid(reread), ==, SEED_UUID);
    /* "=yes" forms of well-known keys are not written and go away. */
    g_assert_null(strstr(out, "IPV6_PEERDNS"));
    g_assert_null(strstr(out, "IPV6_PEERROUTES"));
    g_assert_true(g_str_has_prefix(out, "DEVICE=bond0\nTYPE=Bond\nBONDING_MASTER=yes\n"));
}

static void
test_port_prio_kept(Fixture *f, gconstpointer data)
{
    g_autofree char *out = rewrite(f, "ifcfg-prio",
                                   "TYPE=Ethernet\nDEVICE=eth1\nMASTER=bond0\nSLAVE=yes\n"
                                   "BOND_PORT_QUEUE_ID=2\nBOND_PORT_PRIO=10\n",
                                   NULL);

    g_assert_nonnull(strstr(out, "BOND_PORT_QUEUE_ID=2\n"));
    g_assert_nonnull(strstr(out, "BOND_PORT_PRIO=10\n"));
    g_assert_nonnull(strstr(out, "MASTER=bond0\nSLAVE=yes\n"));
}

static void
test_misc_keys_round_trip(Fixture *f, gconstpointer data)
{
    g_autoptr(NMConnection) c = NULL;
    g_autofree char *out = rewrite(f, "ifcfg-misc",
                                   "TYPE=Bond\nDEVICE=bond0\nAUTOCONNECT_PRIORITY=5\n"
                                   "ZONE=trusted\nBOOTPROTO=dhcp\nIPV4_ROUTE_METRIC=100\n"
                                   "IPV6INIT=yes\nIPV6_ROUTE_METRIC=200\n"
                                   "ETHTOOL_OPTS=\"autoneg on ; -K bond0 rx off\"\n",
                                   &c);
    NMSettingConnection *s_con = nm_connection_get_setting_connection(c);

    g_assert_cmpint(nm_setting_connection_get_autoconnect_priority(s_con), ==, 5);
    g_assert_cmpstr(nm_setting_connection_get_zone(s_con), ==, "trusted");
    g_assert_cmpint(nm_setting_ip_config_get_route_metric(
                        NM_SETTING_IP_CONFIG(nm_connection_get_setting_ip4_config(c))),
                    ==, 100);
    g_assert_cmpint(nm_setting_ip_config_get_route_metric(
                        NM_SETTING_IP_CONFIG(nm_connection_get_setting_ip6_config(c))),
                    ==, 200);
    g_assert_true(nm_setting_wired_get_auto_negotiate(nm_connection_get_setting_wired(c)));
    g_assert_nonnull(strstr(out, "AUTOCONNECT_PRIORITY=5\n"));
    g_assert_nonnull(strstr(out, "ZONE=trusted\n"));
    g_assert_nonnull(strstr(out, "IPV4_ROUTE_METRIC=100\n"));
    g_assert_nonnull(strstr(out, "IPV6_ROUTE_METRIC=200\n"));
    /* Offload commands the profile does not carry stay in the file. */
    g_assert_nonnull(strstr(out, "ETHTOOL_OPTS=\"autoneg on ; -K bond0 rx off\"\n"));
}

/* The DHCP keys of both families survive a rewrite; defaults stay out. */
static void
test_dhcp_keys_round_trip(Fixture *f, gconstpointer data)
{
    static const char *const lines[] = {
        "DHCP_HOSTNAME=host-a\n", "DHCP_SEND_HOSTNAME=no\n", "DHCP_CLIENT_ID=duid\n",
        "DHCP_IAID=mac\n",        "IPV4_DHCP_TIMEOUT=5\n",   "DHCPV6_HOSTNAME=host-6\n",
        "DHCPV6_DUID=llt\n",      "DHCPV6_IAID=42\n",        "IPV6_DHCP_TIMEOUT=2147483647\n",
    };
    g_autoptr(GString) file = g_string_new("TYPE=Bond\nDEVICE=bond0\nBOOTPROTO=dhcp\n"
                                           "IPV6INIT=yes\nIPV6_AUTOCONF=no\nDHCPV6C=yes\n");
    g_autoptr(NMConnection) c = NULL;
    g_autoptr(NMConnection) d = NULL;
    g_autofree char *out = NULL;
    g_autofree char *plain = NULL;
    NMSettingIPConfig *ip4;
    NMSettingIPConfig *ip6;

    for (guint i = 0; i < G_N_ELEMENTS(lines); i++)
        g_string_append(file, lines[i]);
    out = rewrite(f, "ifcfg-dhcp", file->str, &c);
    ip4 = NM_SETTING_IP_CONFIG(nm_connection_get_setting_ip4_config(c));
    ip6 = NM_SETTING_IP_CONFIG(nm_connection_get_setting_ip6_config(c));
    g_assert_cmpstr(nm_setting_ip_config_get_dhcp_hostname(ip4), ==, "host-a");
    g_assert_false(nm_setting_ip_config_get_dhcp_send_hostname(ip4));
    g_assert_cmpstr(nm_setting_ip4_config_get_dhcp_client_id(NM_SETTING_IP4_CONFIG(ip4)), ==,
                    "duid");
    g_assert_cmpstr(nm_setting_ip_config_get_dhcp_iaid(ip4), ==, "mac");
    g_assert_cmpint(nm_setting_ip_config_get_dhcp_timeout(ip4), ==, 5);
    g_assert_cmpstr(nm_setting_ip_config_get_dhcp_hostname(ip6), ==, "host-6");
    g_assert_true(nm_setting_ip_config_get_dhcp_send_hostname(ip6));
    g_assert_cmpstr(nm_setting_ip6_config_get_dhcp_duid(NM_SETTING_IP6_CONFIG(ip6)), ==, "llt");
    g_assert_cmpstr(nm_setting_ip_config_get_dhcp_iaid(ip6), ==, "42");
    g_assert_cmpint(nm_setting_ip_config_get_dhcp_timeout(ip6), ==, G_MAXINT32);
    for (guint i = 0; i < G_N_ELEMENTS(lines); i++)
        g_assert_nonnull(strstr(out, lines[i]));

    /* A fully qualified name instead (never both); defaults (send the host
     * name, the default timeout) are not written. */
    plain = rewrite(f, "ifcfg-plain",
                    "TYPE=Bond\nDEVICE=bond0\nBOOTPROTO=dhcp\nDHCP_SEND_HOSTNAME=yes\n"
                    "IPV4_DHCP_TIMEOUT=0\nDHCP_FQDN=host-a.example.com\n",
                    &d);
    g_assert_cmpstr(nm_setting_ip4_config_get_dhcp_fqdn(
                        NM_SETTING_IP4_CONFIG(nm_connection_get_setting_ip4_config(d))),
                    ==, "host-a.example.com");
    g_assert_nonnull(strstr(plain, "DHCP_FQDN=host-a.example.com\n"));
    g_assert_null(strstr(plain, "DHCP_SEND_HOSTNAME"));
    g_assert_null(strstr(plain, "IPV4_DHCP_TIMEOUT"));
    g_assert_null(strstr(plain, "DHCP_HOSTNAME"));
}

/* accept-all-mac-addresses: yes and no are stored, the default is not. */
static void
test_accept_all_mac_addresses(Fixture *f, gconstpointer data)
{
    static const struct {
        const char *value;
        NMTernary expected;
    } cases[] = {{"yes", NM_TERNARY_TRUE}, {"no", NM_TERNARY_FALSE}};

    for (guint i = 0; i < G_N_ELEMENTS(cases); i++) {
        g_autoptr(NMConnection) c = NULL;
        g_autofree char *in = g_strdup_printf(
            "TYPE=Bond\nDEVICE=bond0\nACCEPT_ALL_MAC_ADDRESSES=%s\n", cases[i].value);
        g_autofree char *line = g_strdup_printf("ACCEPT_ALL_MAC_ADDRESSES=%s\n", cases[i].value);
        g_autofree char *out = rewrite(f, "ifcfg-promisc", in, &c);

        g_assert_cmpint(
            nm_setting_wired_get_accept_all_mac_addresses(nm_connection_get_setting_wired(c)), ==,
            cases[i].expected);
        g_assert_nonnull(strstr(out, line));
    }
}

static void
test_rejected_leaves_file(Fixture *f, gconstpointer data)
{
    static const char original[] = "TYPE=Bond\nDEVICE=bond0\nBONDING_OPTS=mode=1\n";
    g_autofree char *path = test_write_file(f->dir, "ifcfg-keep", original);
    g_autoptr(NMConnection) team = test_connection_new("team", "t", NULL, "team0");
    g_autoptr(NMConnection) no_ifname = test_connection_new("bond", "b", NULL, NULL);
    g_autoptr(GError) error = NULL;
    g_autofree char *after = NULL;

    nm_connection_add_setting(team, nm_setting_team_new());
    nm_connection_add_setting(no_ifname, nm_setting_bond_new());

    g_assert_false(ifcfg_writer_write(team, f->dir, path, NULL, NULL, NULL, NULL, NULL, &error));
    g_assert_error(error, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED);
    g_clear_error(&error);
    g_assert_false(
        ifcfg_writer_write(no_ifname, f->dir, path, NULL, NULL, NULL, NULL, NULL, &error));
    g_assert_error(error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT);

    after = test_read_file(path);
    g_assert_cmpstr(after, ==, original);
    g_assert_cmpuint(test_count_files(f->dir), ==, 1);
}

int
main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
#define ADD(path, fn) g_test_add(path, Fixture, NULL, test_dir_setup, fn, test_dir_teardown)
    ADD("/ifcfg/writer/bond-main", test_write_bond_main);
    ADD("/ifcfg/writer/bond-port", test_write_bond_port);
    ADD("/ifcfg/writer/ethernet", test_write_ethernet);
    ADD("/ifcfg/writer/ipv6-auto", test_write_ipv6_auto);
    ADD("/ifcfg/writer/ipv6-disabled", test_write_ipv6_disabled);
    ADD("/ifcfg/writer/bonding-opts-round-trip", test_bonding_opts_round_trip);
    ADD("/ifcfg/writer/accept-all-mac-addresses", test_accept_all_mac_addresses);
    ADD("/ifcfg/writer/bonding-opts-tab", test_tab_in_bonding_opts);
    ADD("/ifcfg/writer/rewrite-in-place", test_rewrite_in_place);
    ADD("/ifcfg/writer/seed-round-trip", test_seed_round_trip);
    ADD("/ifcfg/writer/port-prio-kept", test_port_prio_kept);
    ADD("/ifcfg/writer/misc-keys-round-trip", test_misc_keys_round_trip);
    ADD("/ifcfg/writer/dhcp-keys-round-trip", test_dhcp_keys_round_trip);
    ADD("/ifcfg/writer/rejected-leaves-file", test_rejected_leaves_file);
    return g_test_run();
}
