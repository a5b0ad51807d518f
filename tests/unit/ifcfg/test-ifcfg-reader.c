/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Reader: type detection, bond/port/ethernet keys, BONDING_OPTS rules, and
 * the errors that make a file fail (always naming the file).
 */
#include "config.h"

#include "ifcfg-reader.h"
#include "ifcfg-utils.h"
#include "test-common.h"

#define LOG_DOMAIN "bondd-ifcfg"

typedef TestDirFixture Fixture;

/* Write @content as @name and read it; asserts success. */
static NMConnection *
read_ok(Fixture *f, const char *name, const char *content)
{
    g_autofree char *path = test_write_file(f->dir, name, content);
    g_autoptr(GError) error = NULL;
    NMConnection *c = ifcfg_reader_read_file(path, NULL, NULL, &error);

    g_assert_no_error(error);
    g_assert_nonnull(c);
    g_assert_true(nm_connection_verify(c, NULL));
    return c;
}

/* Write and read; asserts failure with a message naming the file and
 * containing @reason. */
static void
read_fails(Fixture *f, const char *name, const char *content, const char *reason)
{
    g_autofree char *path = test_write_file(f->dir, name, content);
    g_autoptr(GError) error = NULL;
    g_autoptr(NMConnection) c = ifcfg_reader_read_file(path, NULL, NULL, &error);

    if (c)
        g_error("%s read, though it should fail with '%s'", name, reason);
    g_assert_nonnull(error);
    if (!strstr(error->message, path) || !strstr(error->message, reason))
        g_error("error '%s' should name %s and say '%s'", error->message, path, reason);
}

static const char *
bond_opt(NMConnection *c, const char *name)
{
    return nm_setting_bond_get_option_by_name(nm_connection_get_setting_bond(c), name);
}

static void
test_seed_file(Fixture *f, gconstpointer data)
{
    g_autofree char *seed = NULL;
    g_autoptr(NMConnection) c = NULL;
    NMSettingBond *s_bond;
    NMSettingConnection *s_con;
    static const char *const kept[][2] = {
        {"mode", "active-backup"},
        {"primary", "eth1"},
        {"updelay", "0"},
        {"resend_igmp", "1"},
        {"use_carrier", "1"},
        {"miimon", "100"},
        {"arp_all_targets", "any"},
        {"min_links", "0"},
        {"downdelay", "0"},
        {"xmit_hash_policy", "layer2"},
        {"primary_reselect", "always"},
        {"arp_validate", "none"},
        {"fail_over_mac", "none"},
        {"lp_interval", "1"},
        {"all_slaves_active", "0"},
        {"arp_interval", "0"},
        {"ad_select", "stable"},
        {"num_unsol_na", "1"},
        {"num_grat_arp", "1"},
    };
    /* Not supported in active-backup: libnm's normalization drops them. */
    static const char *const dropped[] = {"ad_user_port_key", "tlb_dynamic_lb", "packets_per_slave",
                                          "ad_actor_sys_prio", "lacp_rate"};

    g_file_get_contents(EXAMPLES_DIR "/ifcfg-bond0", &seed, NULL, NULL);
    g_assert_nonnull(seed);
    c = read_ok(f, "ifcfg-bond0", seed);
    s_con = nm_connection_get_setting_connection(c);
    s_bond = nm_connection_get_setting_bond(c);

    g_assert_cmpstr(nm_connection_get_uuid(c), ==, "8dee873b-e8d8-4ec4-a85f-f20f0435fd89");
    g_assert_cmpstr(nm_connection_get_id(c), ==, "bond0");
    g_assert_cmpstr(nm_connection_get_interface_name(c), ==, "bond0");
    g_assert_cmpstr(nm_connection_get_connection_type(c), ==, "bond");
    g_assert_true(nm_setting_connection_get_autoconnect(s_con));
    g_assert_nonnull(s_bond);
    for (guint i = 0; i < G_N_ELEMENTS(kept); i++)
        g_assert_cmpstr(bond_opt(c, kept[i][0]), ==, kept[i][1]);
    for (guint i = 0; i < G_N_ELEMENTS(dropped); i++)
        g_assert_null(bond_opt(c, dropped[i]));
    g_assert_cmpuint(nm_setting_bond_get_num_options(s_bond), ==, G_N_ELEMENTS(kept));

    g_assert_cmpstr(nm_setting_ip_config_get_method(
                        NM_SETTING_IP_CONFIG(nm_connection_get_setting_ip4_config(c))),
                    ==, NM_SETTING_IP4_CONFIG_METHOD_DISABLED);
    g_assert_cmpstr(nm_setting_ip_config_get_method(
                        NM_SETTING_IP_CONFIG(nm_connection_get_setting_ip6_config(c))),
                    ==, NM_SETTING_IP6_CONFIG_METHOD_AUTO);
    g_assert_cmpint(nm_setting_ip6_config_get_addr_gen_mode(
                        NM_SETTING_IP6_CONFIG(nm_connection_get_setting_ip6_config(c))),
                    ==, NM_SETTING_IP6_CONFIG_ADDR_GEN_MODE_STABLE_PRIVACY);
    g_assert_true(nm_setting_ip_config_get_may_fail(
        NM_SETTING_IP_CONFIG(nm_connection_get_setting_ip6_config(c))));
    /* No key creates an ethernet setting on this bond. */
    g_assert_null(nm_connection_get_setting_wired(c));
}

static void
test_seed_ports(Fixture *f, gconstpointer data)
{
    for (guint i = 1; i <= 2; i++) {
        g_autofree char *name = g_strdup_printf("ifcfg-eth%u", i);
        g_autofree char *src = g_strdup_printf(EXAMPLES_DIR "/%s", name);
        g_autofree char *content = NULL;
        g_autofree char *ifname = g_strdup_printf("eth%u", i);
        g_autoptr(NMConnection) c = NULL;
        g_autofree char *path = g_build_filename(f->dir, name, NULL);
        g_autofree char *uuid = ifcfg_utils_uuid_from_path(path);

        g_file_get_contents(src, &content, NULL, NULL);
        g_assert_nonnull(content);
        c = read_ok(f, name, content);
        g_assert_cmpstr(nm_connection_get_connection_type(c), ==, "802-3-ethernet");
        g_assert_cmpstr(nm_connection_get_id(c), ==, ifname);
        g_assert_cmpstr(nm_connection_get_interface_name(c), ==, ifname);
        /* No UUID= in the file: MD5 of the path. */
        g_assert_cmpstr(nm_connection_get_uuid(c), ==, uuid);
        g_assert_cmpstr(nm_setting_connection_get_master(nm_connection_get_setting_connection(c)),
                        ==, "bond0");
        g_assert_cmpstr(
            nm_setting_connection_get_slave_type(nm_connection_get_setting_connection(c)), ==,
            "bond");
        /* Ports have no IP configuration. */
        g_assert_null(nm_connection_get_setting_ip4_config(c));
        g_assert_null(nm_connection_get_setting_ip6_config(c));
    }
}

static void
test_type_detection(Fixture *f, gconstpointer data)
{
    static const struct {
        const char *content;
        const char *type;
    } cases[] = {
        {"TYPE=Bond\nDEVICE=bond0\n", "bond"},
        {"TYPE=bond\nDEVICE=bond0\n", "bond"},
        {"TYPE=BOND\nDEVICE=bond0\n", "bond"},
        {"DEVICE=bond0\nBONDING_MASTER=yes\n", "bond"},
        {"TYPE=Ethernet\nDEVICE=bond0\nBONDING_OPTS=miimon=100\n", "bond"},
        {"TYPE=Ethernet\nDEVICE=bond0\nBONDING_OPTS=\"mode=4 miimon=213 lacp_rate=1\"\n"
         "BONDING_MASTER=yes\n",
         "bond"},
        {"TYPE=ethernet\nDEVICE=eth0\nBONDING_OPTS=miimon=100\n", "802-3-ethernet"},
        {"TYPE=Ethernet\nDEVICE=eth0\n", "802-3-ethernet"},
        {"DEVICE=eth0\n", "802-3-ethernet"},
        {"DEVICE=em1\nMASTER=bond0\n", "802-3-ethernet"},
        {"TYPE=CTC\nDEVICE=ctc0\n", "802-3-ethernet"},
    };

    for (guint i = 0; i < G_N_ELEMENTS(cases); i++) {
        g_autofree char *name = g_strdup_printf("ifcfg-t%u", i);
        g_autoptr(NMConnection) c = read_ok(f, name, cases[i].content);

        if (g_strcmp0(nm_connection_get_connection_type(c), cases[i].type) != 0)
            g_error("case %u: type %s, expected %s", i, nm_connection_get_connection_type(c),
                    cases[i].type);
    }
}

static void
test_errors(Fixture *f, gconstpointer data)
{
    g_autofree char *unrec_path = NULL;
    g_autofree char *spec = NULL;
    g_autoptr(GError) error = NULL;
    g_autoptr(NMConnection) c = NULL;

    read_fails(f, "ifcfg-e1", "TYPE=Bond\nNAME=x\n", "mandatory DEVICE keyword missing");
    read_fails(f, "ifcfg-e2", "TYPE=Bond\nDEVICE=\n", "mandatory DEVICE keyword missing");
    /* Bad quoting reads as "": the required DEVICE is then missing.  The
     * one error says both. */
    read_fails(f, "ifcfg-e3", "TYPE=Bond\nDEVICE=\"bond0\n",
               "mandatory DEVICE keyword missing (key DEVICE is badly quoted");
    read_fails(f, "ifcfg-e4", "NAME=x\n", "neither TYPE nor DEVICE");
    read_fails(f, "ifcfg-e5", "TYPE=ethernet\nDEVICE=eth0\nBONDING_MASTER=yes\n",
               "BONDING_MASTER=yes key only allowed in TYPE=bond");
    read_fails(f, "ifcfg-e6", "TYPE=Ethernet\nDEVICE=eth0\nBOOTPROTO=magic\n",
               "unknown BOOTPROTO 'magic'");
    read_fails(f, "ifcfg-e7", "TYPE=Bond\nDEVICE=bond0\nBONDING_OPTS=\"mode=06\"\n",
               "invalid connection");
    read_fails(f, "ifcfg-e8", "TYPE=Bond\nDEVICE=bond0\nBONDING_OPTS=\"mode=0 primary=eth0\"\n",
               "invalid connection");
    read_fails(f, "ifcfg-e9", "TYPE=Bond\nDEVICE=bond0\nBONDING_OPTS=\"mode=1 lacp_rate=fast\"\n",
               "invalid connection");
    read_fails(f, "ifcfg-e10", "TYPE=Ethernet\nDEVICE=eth0\nHWADDR=zz:zz\n", "invalid connection");
    read_fails(f, "ifcfg-e11", "TYPE=Ethernet\nDEVICE=eth0\nIPADDR=1.2.3.999\n",
               "invalid IPv4 address");
    read_fails(f, "ifcfg-e12", "TYPE=Team\nDEVICE=team0\n", "not handled by bondd");
    /* Port files still parse IP keys, so errors there are fatal too. */
    read_fails(f, "ifcfg-e13", "TYPE=Ethernet\nDEVICE=eth0\nMASTER=bond0\nBOOTPROTO=bogus\n",
               "unknown BOOTPROTO");

    /* Unknown TYPE: not a profile, an unrecognized spec. */
    unrec_path = test_write_file(f->dir, "ifcfg-u1", "TYPE=Foo\nDEVICE=foo0\nHWADDR=00:11:22:33\n");
    c = ifcfg_reader_read_file(unrec_path, NULL, &spec, &error);
    g_assert_null(c);
    g_assert_error(error, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED);
    g_assert_nonnull(strstr(error->message, unrec_path));
    g_assert_nonnull(strstr(error->message, "unknown connection type 'Foo'"));
    g_assert_cmpstr(spec, ==, "mac:00:11:22:33");
}

static void
test_unmanaged(Fixture *f, gconstpointer data)
{
    static const struct {
        const char *content;
        const char *spec;
    } cases[] = {
        {"NM_CONTROLLED=no\nDEVICE=eth3\nHWADDR=00:11:22:33:F8:9F\n", "mac:00:11:22:33:f8:9f"},
        {"NM_CONTROLLED=no\nDEVICE=eth3\nTYPE=Ethernet\n", "interface-name:=eth3"},
        {"NM_CONTROLLED=no\nDEVICE=ipoac0\nTYPE=IPoAC\n", "interface-name:=ipoac0"},
    };

    for (guint i = 0; i < G_N_ELEMENTS(cases); i++) {
        g_autofree char *name = g_strdup_printf("ifcfg-nm%u", i);
        g_autofree char *path = test_write_file(f->dir, name, cases[i].content);
        g_autoptr(GError) error = NULL;
        g_autofree char *spec = NULL;
        g_autoptr(NMConnection) c = ifcfg_reader_read_file(path, &spec, NULL, &error);

        g_assert_no_error(error);
        g_assert_null(c);
        g_assert_cmpstr(spec, ==, cases[i].spec);
    }
    read_fails(f, "ifcfg-nm9", "NM_CONTROLLED=no\nTYPE=Ethernet\n", "not uniquely identified");
}

static void
test_connection_keys(Fixture *f, gconstpointer data)
{
    g_autoptr(NMConnection) b = read_ok(f, "ifcfg-bx",
                                        "TYPE=Bond\nDEVICE=bond7\nONBOOT=no\n"
                                        "AUTOCONNECT_SLAVES=yes\n");
    g_autoptr(NMConnection) e = read_ok(f, "ifcfg-ex", "TYPE=Ethernet\nDEVICE=eth5\n");
    g_autoptr(NMConnection) p = read_ok(f, "ifcfg-px",
                                        "TYPE=Ethernet\nDEVICE=eth6\nMASTER=bond0\n"
                                        "MASTER_UUID=8dee873b-e8d8-4ec4-a85f-f20f0435fd89\n"
                                        "BOND_PORT_QUEUE_ID=3\n");
    g_autoptr(NMConnection) bad_dev = NULL;
    g_autofree char *b_uuid = NULL;
    g_autofree char *b_path = g_build_filename(f->dir, "ifcfg-bx", NULL);
    NMSettingBondPort *s_port;

    /* Default ids: "Bond <suffix>" (translatable) and "System <suffix>". */
    g_assert_cmpstr(nm_connection_get_id(b), ==, "Bond bx");
    g_assert_cmpstr(nm_connection_get_id(e), ==, "System ex");
    b_uuid = ifcfg_utils_uuid_from_path(b_path);
    g_assert_cmpstr(nm_connection_get_uuid(b), ==, b_uuid);
    g_assert_false(nm_setting_connection_get_autoconnect(nm_connection_get_setting_connection(b)));
    g_assert_cmpint(
        nm_setting_connection_get_autoconnect_slaves(nm_connection_get_setting_connection(b)), ==,
        NM_SETTING_CONNECTION_AUTOCONNECT_SLAVES_YES);
    /* A bond with no mode gets balance-rr. */
    g_assert_cmpstr(bond_opt(b, "mode"), ==, "balance-rr");
    /* MASTER_UUID wins over MASTER. */
    g_assert_cmpstr(nm_setting_connection_get_master(nm_connection_get_setting_connection(p)), ==,
                    "8dee873b-e8d8-4ec4-a85f-f20f0435fd89");
    s_port = (NMSettingBondPort *)nm_connection_get_setting(p, NM_TYPE_SETTING_BOND_PORT);
    g_assert_nonnull(s_port);
    g_assert_cmpuint(nm_setting_bond_port_get_queue_id(s_port), ==, 3);

    /* An invalid DEVICE only warns; a bond then fails verification. */
    read_fails(f, "ifcfg-bad-dev", "TYPE=Bond\nDEVICE=a/b\n", "invalid DEVICE name 'a/b'");
    g_test_expect_message(LOG_DOMAIN, G_LOG_LEVEL_MESSAGE, "*ifcfg-bad-dev2: invalid DEVICE name*");
    bad_dev = read_ok(f, "ifcfg-bad-dev2", "TYPE=Ethernet\nDEVICE=a:b\n");
    g_test_assert_expected_messages();
    g_assert_null(nm_connection_get_interface_name(bad_dev));
}

static void
test_wired_keys(Fixture *f, gconstpointer data)
{
    g_autoptr(NMConnection) e =
        read_ok(f, "ifcfg-w1",
                "TYPE=Ethernet\nDEVICE=eth0\nHWADDR=00:11:22:aa:bb:cc\nMACADDR=02:00:00:00:00:01\n"
                "MTU=0x5dc\nETHTOOL_OPTS=\"autoneg off speed 100 duplex full\"\n");
    g_autoptr(NMConnection) b = read_ok(f, "ifcfg-w2", "TYPE=Bond\nDEVICE=bond0\nHWADDR=\n");
    g_autoptr(NMConnection) b2 = read_ok(f, "ifcfg-w3", "TYPE=Bond\nDEVICE=bond0\nMTU=9000\n");
    NMSettingWired *w = nm_connection_get_setting_wired(e);

    g_assert_cmpstr(nm_setting_wired_get_mac_address(w), ==, "00:11:22:AA:BB:CC");
    g_assert_cmpstr(nm_setting_wired_get_cloned_mac_address(w), ==, "02:00:00:00:00:01");
    g_assert_cmpuint(nm_setting_wired_get_mtu(w), ==, 1500);
    g_assert_false(nm_setting_wired_get_auto_negotiate(w));
    g_assert_cmpuint(nm_setting_wired_get_speed(w), ==, 100);
    g_assert_cmpstr(nm_setting_wired_get_duplex(w), ==, "full");
    /* An empty HWADDR= still gives a bond an ethernet setting. */
    g_assert_nonnull(nm_connection_get_setting_wired(b));
    g_assert_null(nm_setting_wired_get_mac_address(nm_connection_get_setting_wired(b)));
    g_assert_cmpuint(nm_setting_wired_get_mtu(nm_connection_get_setting_wired(b2)), ==, 9000);
}

static void
test_ip_keys(Fixture *f, gconstpointer data)
{
    g_autoptr(NMConnection) c = read_ok(f, "ifcfg-ip",
                                        "TYPE=Bond\nDEVICE=bond0\nBOOTPROTO=static\n"
                                        "IPADDR=10.0.0.2\nNETMASK=255.255.0.0\n"
                                        "IPADDR1=10.1.0.2\nPREFIX1=24\n"
                                        "GATEWAY=10.0.0.1\nDNS1=10.0.0.53\nDNS2=2001:db8::53\n"
                                        "IPV4_FAILURE_FATAL=yes\n"
                                        "IPV6INIT=yes\nIPV6_AUTOCONF=no\n"
                                        "IPV6ADDR=2001:db8::2/64\n"
                                        "IPV6ADDR_SECONDARIES=\"2001:db8::3/80 2001:db8::4\"\n"
                                        "IPV6_DEFAULTGW=2001:db8::1%bond0\n"
                                        "IPV6_PEERDNS=no\nIPV6_PEERROUTES=no\n"
                                        "IPV6_ADDR_GEN_MODE=eui64\n");
    NMSettingIPConfig *ip4 = NM_SETTING_IP_CONFIG(nm_connection_get_setting_ip4_config(c));
    NMSettingIPConfig *ip6 = NM_SETTING_IP_CONFIG(nm_connection_get_setting_ip6_config(c));
    g_autoptr(NMConnection) d =
        read_ok(f, "ifcfg-dhcp", "TYPE=Ethernet\nDEVICE=eth0\nBOOTPROTO=dhcp\nDEFROUTE=no\n");

    g_assert_cmpstr(nm_setting_ip_config_get_method(ip4), ==, "manual");
    g_assert_cmpuint(nm_setting_ip_config_get_num_addresses(ip4), ==, 2);
    g_assert_cmpstr(nm_ip_address_get_address(nm_setting_ip_config_get_address(ip4, 0)), ==,
                    "10.0.0.2");
    g_assert_cmpuint(nm_ip_address_get_prefix(nm_setting_ip_config_get_address(ip4, 0)), ==, 16);
    g_assert_cmpuint(nm_ip_address_get_prefix(nm_setting_ip_config_get_address(ip4, 1)), ==, 24);
    g_assert_cmpstr(nm_setting_ip_config_get_gateway(ip4), ==, "10.0.0.1");
    g_assert_cmpuint(nm_setting_ip_config_get_num_dns(ip4), ==, 1);
    g_assert_false(nm_setting_ip_config_get_never_default(ip4));
    g_assert_false(nm_setting_ip_config_get_may_fail(ip4));

    g_assert_cmpstr(nm_setting_ip_config_get_method(ip6), ==, "manual");
    g_assert_cmpuint(nm_setting_ip_config_get_num_addresses(ip6), ==, 3);
    g_assert_cmpuint(nm_ip_address_get_prefix(nm_setting_ip_config_get_address(ip6, 1)), ==, 80);
    g_assert_cmpuint(nm_ip_address_get_prefix(nm_setting_ip_config_get_address(ip6, 2)), ==, 64);
    g_assert_cmpstr(nm_setting_ip_config_get_gateway(ip6), ==, "2001:db8::1");
    g_assert_cmpuint(nm_setting_ip_config_get_num_dns(ip6), ==, 1);
    g_assert_cmpstr(nm_setting_ip_config_get_dns(ip6, 0), ==, "2001:db8::53");
    g_assert_true(nm_setting_ip_config_get_ignore_auto_dns(ip6));
    g_assert_true(nm_setting_ip_config_get_ignore_auto_routes(ip6));
    g_assert_cmpint(nm_setting_ip6_config_get_addr_gen_mode(NM_SETTING_IP6_CONFIG(ip6)), ==,
                    NM_SETTING_IP6_CONFIG_ADDR_GEN_MODE_EUI64);

    g_assert_cmpstr(nm_setting_ip_config_get_method(
                        NM_SETTING_IP_CONFIG(nm_connection_get_setting_ip4_config(d))),
                    ==, "auto");
    g_assert_true(nm_setting_ip_config_get_never_default(
        NM_SETTING_IP_CONFIG(nm_connection_get_setting_ip4_config(d))));
    /* No IPV6INIT: ignore; no IPV6_ADDR_GEN_MODE: default-or-eui64. */
    g_assert_cmpstr(nm_setting_ip_config_get_method(
                        NM_SETTING_IP_CONFIG(nm_connection_get_setting_ip6_config(d))),
                    ==, "ignore");
    g_assert_cmpint(nm_setting_ip6_config_get_addr_gen_mode(
                        NM_SETTING_IP6_CONFIG(nm_connection_get_setting_ip6_config(d))),
                    ==, NM_SETTING_IP6_CONFIG_ADDR_GEN_MODE_DEFAULT_OR_EUI64);
}

/* IPv6 autoconfiguration: method from IPV6INIT/IPV6_AUTOCONF/IPV6_DISABLED,
 * IPV6_PRIVACY (NetworkManager's spellings), IPV6_RA_TIMEOUT,
 * IPV6_FAILURE_FATAL. */
static void
test_ipv6_auto_keys(Fixture *f, gconstpointer data)
{
    static const struct {
        const char *keys;
        const char *method;
        NMSettingIP6ConfigPrivacy privacy;
    } cases[] = {
        {"IPV6INIT=yes\n", "auto", NM_SETTING_IP6_CONFIG_PRIVACY_UNKNOWN},
        {"IPV6INIT=yes\nIPV6_AUTOCONF=no\n", "link-local", NM_SETTING_IP6_CONFIG_PRIVACY_UNKNOWN},
        {"IPV6INIT=yes\nIPV6_DISABLED=yes\n", "disabled", NM_SETTING_IP6_CONFIG_PRIVACY_UNKNOWN},
        {"IPV6INIT=yes\nIPV6_PRIVACY=rfc4941\n", "auto",
         NM_SETTING_IP6_CONFIG_PRIVACY_PREFER_TEMP_ADDR},
        {"IPV6INIT=yes\nIPV6_PRIVACY=rfc3041\nIPV6_PRIVACY_PREFER_PUBLIC_IP=yes\n", "auto",
         NM_SETTING_IP6_CONFIG_PRIVACY_PREFER_PUBLIC_ADDR},
        {"IPV6INIT=yes\nIPV6_PRIVACY=yes\n", "auto",
         NM_SETTING_IP6_CONFIG_PRIVACY_PREFER_TEMP_ADDR},
        {"IPV6INIT=yes\nIPV6_PRIVACY=no\n", "auto", NM_SETTING_IP6_CONFIG_PRIVACY_DISABLED},
    };

    for (guint i = 0; i < G_N_ELEMENTS(cases); i++) {
        g_autofree char *content = g_strdup_printf("TYPE=Bond\nDEVICE=bond0\n%s", cases[i].keys);
        g_autoptr(NMConnection) c = read_ok(f, "ifcfg-v6", content);
        NMSettingIPConfig *ip6 = NM_SETTING_IP_CONFIG(nm_connection_get_setting_ip6_config(c));

        g_assert_cmpstr(nm_setting_ip_config_get_method(ip6), ==, cases[i].method);
        g_assert_cmpint(nm_setting_ip6_config_get_ip6_privacy(NM_SETTING_IP6_CONFIG(ip6)), ==,
                        cases[i].privacy);
    }

    {
        g_autoptr(NMConnection) c =
            read_ok(f, "ifcfg-v6",
                    "TYPE=Bond\nDEVICE=bond0\nIPV6INIT=yes\nIPV6_AUTOCONF=yes\nIPV6_RA_TIMEOUT=45\n"
                    "IPV6_FAILURE_FATAL=yes\nIPV6_ADDR_GEN_MODE=stable-privacy\n");
        NMSettingIPConfig *ip6 = NM_SETTING_IP_CONFIG(nm_connection_get_setting_ip6_config(c));

        g_assert_cmpint(nm_setting_ip6_config_get_ra_timeout(NM_SETTING_IP6_CONFIG(ip6)), ==, 45);
        g_assert_false(nm_setting_ip_config_get_may_fail(ip6));
        g_assert_cmpint(nm_setting_ip6_config_get_addr_gen_mode(NM_SETTING_IP6_CONFIG(ip6)), ==,
                        NM_SETTING_IP6_CONFIG_ADDR_GEN_MODE_STABLE_PRIVACY);
    }
}

static void
test_bonding_opts(Fixture *f, gconstpointer data)
{
    g_autoptr(NMConnection) numeric =
        read_ok(f, "ifcfg-o1", "TYPE=Bond\nDEVICE=bond0\nBONDING_OPTS=\"mode=4 miimon=100\"\n");
    g_autoptr(NMConnection) eth_type =
        read_ok(f, "ifcfg-o2",
                "TYPE=Ethernet\nDEVICE=bond0\nBONDING_OPTS=\"miimon=213 mode=4 lacp_rate=1\"\n");
    g_autoptr(NMConnection) arp =
        read_ok(f, "ifcfg-o3",
                "TYPE=Bond\nDEVICE=bond0\n"
                "BONDING_OPTS=\"mode=1 arp_interval=100 arp_ip_target=+10.0.0.1,'10.0.0.2'\"\n");
    g_autoptr(NMConnection) dup =
        read_ok(f, "ifcfg-o4",
                "TYPE=Bond\nDEVICE=bond0\nBONDING_OPTS=\"arp_interval=100 "
                "arp_ip_target=+1.1.1.1 arp_ip_target=+2.2.2.2 "
                "miimon=0 miimon=50\"\n");
    g_autoptr(NMConnection) silent = read_ok(f, "ifcfg-o6",
                                             "TYPE=Bond\nDEVICE=bond0\n"
                                             "BONDING_OPTS=\"=5 miimon= noequals  mode=2 \"\n");
    g_autoptr(NMConnection) tab = NULL;
    g_autoptr(NMConnection) unknown = NULL;
    g_autoptr(NMConnection) bad_mode = NULL;

    g_assert_cmpstr(bond_opt(numeric, "mode"), ==, "802.3ad");
    g_assert_cmpstr(bond_opt(numeric, "miimon"), ==, "100");
    g_assert_cmpstr(bond_opt(eth_type, "mode"), ==, "802.3ad");
    g_assert_cmpstr(bond_opt(eth_type, "miimon"), ==, "213");
    /* Only mode is converted to a name. */
    g_assert_cmpstr(bond_opt(eth_type, "lacp_rate"), ==, "1");
    g_assert_cmpstr(bond_opt(arp, "arp_ip_target"), ==, "10.0.0.1,10.0.0.2");
    /* A later duplicate replaces the earlier one. */
    g_assert_cmpstr(bond_opt(dup, "arp_ip_target"), ==, "2.2.2.2");
    g_assert_cmpstr(bond_opt(dup, "miimon"), ==, "50");
    g_assert_cmpstr(bond_opt(silent, "mode"), ==, "balance-xor");
    g_assert_cmpuint(nm_setting_bond_get_num_options(nm_connection_get_setting_bond(silent)), ==,
                     1);

    /* A TAB is not a separator: the token is invalid and dropped. */
    g_test_expect_message(LOG_DOMAIN, G_LOG_LEVEL_MESSAGE,
                          "*ifcfg-o5: invalid bonding option 'mode' = 1\tmiimon=100*");
    tab = read_ok(f, "ifcfg-o5", "TYPE=Bond\nDEVICE=bond0\nBONDING_OPTS=$'mode=1\\tmiimon=100'\n");
    g_test_assert_expected_messages();
    g_assert_cmpstr(bond_opt(tab, "mode"), ==, "balance-rr");
    g_assert_null(bond_opt(tab, "miimon"));

    g_test_expect_message(LOG_DOMAIN, G_LOG_LEVEL_MESSAGE,
                          "*ifcfg-o7: unknown bonding option 'foo' (dropped)*");
    unknown = read_ok(f, "ifcfg-o7", "TYPE=Bond\nDEVICE=bond0\nBONDING_OPTS=\"foo=bar mode=1\"\n");
    g_test_assert_expected_messages();
    g_assert_cmpstr(bond_opt(unknown, "mode"), ==, "active-backup");
    g_assert_null(bond_opt(unknown, "foo"));

    /* Mode names are case-sensitive: an invalid mode leaves balance-rr. */
    g_test_expect_message(LOG_DOMAIN, G_LOG_LEVEL_MESSAGE,
                          "*invalid bonding option 'mode' = Active-Backup*");
    bad_mode = read_ok(f, "ifcfg-o8", "TYPE=Bond\nDEVICE=bond0\nBONDING_OPTS=mode=Active-Backup\n");
    g_test_assert_expected_messages();
    g_assert_cmpstr(bond_opt(bad_mode, "mode"), ==, "balance-rr");
}

int
main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
#define ADD(path, fn) g_test_add(path, Fixture, NULL, test_dir_setup, fn, test_dir_teardown)
    ADD("/ifcfg/reader/seed-file", test_seed_file);
    ADD("/ifcfg/reader/seed-ports", test_seed_ports);
    ADD("/ifcfg/reader/type-detection", test_type_detection);
    ADD("/ifcfg/reader/errors", test_errors);
    ADD("/ifcfg/reader/unmanaged", test_unmanaged);
    ADD("/ifcfg/reader/connection-keys", test_connection_keys);
    ADD("/ifcfg/reader/wired-keys", test_wired_keys);
    ADD("/ifcfg/reader/ip-keys", test_ip_keys);
    ADD("/ifcfg/reader/ipv6-auto-keys", test_ipv6_auto_keys);
    ADD("/ifcfg/reader/bonding-opts", test_bonding_opts);
    return g_test_run();
}
