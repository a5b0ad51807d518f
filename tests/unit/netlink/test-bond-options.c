/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The option table against libnm and against the kernel's facts.
 */
#include "config.h"

#include <NetworkManager.h>

#include "bond-options.h"

static void
test_libnm_options_in_table(void)
{
    g_autoptr(NMSetting) s = nm_setting_bond_new();
    const char **valid = nm_setting_bond_get_valid_options(NM_SETTING_BOND(s));
    guint n = 0;

    g_assert_nonnull(valid);
    for (; valid[n]; n++) {
        const BondOptionInfo *opt = bond_option_by_name(valid[n]);
        const char *def = nm_setting_bond_get_option_default(NM_SETTING_BOND(s), valid[n]);

        if (!opt)
            g_error("libnm option '%s' is missing from the bond option table", valid[n]);
        /* Every libnm default must be a value the table can convert. */
        if (def && *def) {
            g_autoptr(GError) error = NULL;
            g_autofree char *canon = bond_option_canonicalize(opt, def, &error);

            g_assert_no_error(error);
            g_assert_nonnull(canon);
        }
    }
    g_assert_cmpuint(n, >=, 29);
}

static void
test_enum_names_agree_with_libnm(void)
{
    for (guint i = 0; i < bond_options_count(); i++) {
        const BondOptionInfo *opt = bond_option_by_index(i);
        g_autoptr(NMSetting) s = nm_setting_bond_new();
        const char **valid = nm_setting_bond_get_valid_options(NM_SETTING_BOND(s));

        if (opt->type != BOND_OPT_TYPE_ENUM || !g_strv_contains(valid, opt->name))
            continue;
        for (guint v = 0; opt->enum_names[v]; v++) {
            /* ad_select actor_port_prio is kernel 6.18, newer than libnm 1.42. */
            if (g_str_equal(opt->name, "ad_select") && v >= 3)
                continue;
            if (!nm_setting_bond_validate_option(opt->name, opt->enum_names[v]))
                g_error("libnm rejects %s=%s from the table", opt->name, opt->enum_names[v]);
        }
        g_assert_false(nm_setting_bond_validate_option(opt->name, "no-such-value"));
    }
}

static void
test_enum_conversion(void)
{
    const BondOptionInfo *mode = bond_option_by_name("mode");
    const BondOptionInfo *xmit = bond_option_by_name("xmit_hash_policy");
    const BondOptionInfo *arpv = bond_option_by_name("arp_validate");
    const BondOptionInfo *lacp = bond_option_by_name("lacp_active");
    g_autoptr(GError) error = NULL;
    g_autofree char *canon = NULL;

    g_assert_cmpint(bond_option_enum_value(mode, "balance-rr"), ==, 0);
    g_assert_cmpint(bond_option_enum_value(mode, "active-backup"), ==, 1);
    g_assert_cmpint(bond_option_enum_value(mode, "802.3ad"), ==, 4);
    g_assert_cmpint(bond_option_enum_value(mode, "6"), ==, 6);
    g_assert_cmpint(bond_option_enum_value(mode, "7"), ==, -1);
    g_assert_cmpint(bond_option_enum_value(mode, "-1"), ==, -1);
    g_assert_cmpint(bond_option_enum_value(mode, "active"), ==, -1);
    g_assert_cmpint(bond_option_enum_value(xmit, "vlan+srcmac"), ==, 5);
    g_assert_cmpint(bond_option_enum_value(xmit, "layer3+4"), ==, 1);
    g_assert_cmpint(bond_option_enum_value(arpv, "filter_backup"), ==, 6);
    g_assert_cmpint(bond_option_enum_value(lacp, "off"), ==, 0);
    g_assert_cmpstr(bond_option_enum_name(mode, 5), ==, "balance-tlb");
    g_assert_null(bond_option_enum_name(mode, 7));

    /* Numbers canonicalise to names. */
    canon = bond_option_canonicalize(xmit, "2", &error);
    g_assert_no_error(error);
    g_assert_cmpstr(canon, ==, "layer2+3");

    g_assert_cmpint(bond_mode_from_string("broadcast"), ==, 3);
    g_assert_cmpint(bond_mode_from_string("3"), ==, 3);
    g_assert_cmpint(bond_mode_from_string("bogus"), ==, -1);
    g_assert_cmpstr(bond_mode_info(BOND_MODE_ACTIVE_BACKUP)->proc_name, ==,
                    "fault-tolerance (active-backup)");
    g_assert_cmpstr(bond_mode_info(BOND_MODE_8023AD)->proc_name, ==,
                    "IEEE 802.3ad Dynamic link aggregation");
}

static void
test_bad_values(void)
{
    struct {
        const char *name, *value, *expect_in_message;
    } cases[] = {
        {"mode", "fast", "mode"},
        {"miimon", "-5", "miimon"},
        {"miimon", "10x", "10x"},
        {"ad_user_port_key", "1024", "0..1023"},
        {"ad_actor_sys_prio", "0", "1..65535"},
        {"arp_ip_target", "1.2.3.4,1.2.3", "1.2.3"},
        {"arp_ip_target", "1.2.3.4 1.2.3.4", "twice"},
        {"ns_ip6_target", "10.0.0.1", "IPv6"},
        {"ad_actor_system", "00:11:22:33:44", "MAC"},
        {"primary", "way-too-long-interface-name", "interface name"},
    };

    for (guint i = 0; i < G_N_ELEMENTS(cases); i++) {
        g_autoptr(GError) error = NULL;
        g_autofree char *canon =
            bond_option_canonicalize(bond_option_by_name(cases[i].name), cases[i].value, &error);

        g_assert_null(canon);
        g_assert_nonnull(error);
        g_assert_nonnull(strstr(error->message, cases[i].name));
        if (!strstr(error->message, cases[i].expect_in_message))
            g_error("message '%s' lacks '%s'", error->message, cases[i].expect_in_message);
    }
}

static void
test_lists(void)
{
    const BondOptionInfo *arp = bond_option_by_name("arp_ip_target");
    const BondOptionInfo *ns = bond_option_by_name("ns_ip6_target");
    g_autoptr(GError) error = NULL;
    g_autofree char *a = bond_option_canonicalize(arp, " 192.168.1.1, 10.0.0.1 ", &error);
    g_autofree char *b = NULL;
    g_autofree char *empty = NULL;
    g_autoptr(GString) many = g_string_new(NULL);
    BondOptValue v;

    g_assert_no_error(error);
    g_assert_cmpstr(a, ==, "192.168.1.1,10.0.0.1");
    b = bond_option_canonicalize(ns, "2001:DB8::0001,fe80::1", &error);
    g_assert_no_error(error);
    g_assert_cmpstr(b, ==, "2001:db8::1,fe80::1");
    empty = bond_option_canonicalize(arp, "", &error);
    g_assert_no_error(error);
    g_assert_cmpstr(empty, ==, "");

    g_assert_true(bond_option_parse(arp, "1.1.1.1,2.2.2.2,3.3.3.3", &v, &error));
    g_assert_cmpuint(v.addrs->len, ==, 3);
    g_assert_cmpuint(g_array_get_element_size(v.addrs), ==, 4);
    bond_opt_value_clear(&v);

    /* The kernel takes at most 16 targets. */
    for (int i = 1; i <= 17; i++)
        g_string_append_printf(many, "%s10.0.0.%d", i > 1 ? "," : "", i);
    g_assert_false(bond_option_parse(arp, many->str, &v, &error));
    g_assert_nonnull(strstr(error->message, "16"));
    g_clear_error(&error);

    /* However many are given, refused at once (libnm takes any number). */
    g_string_truncate(many, 0);
    for (int i = 0; i < 100000; i++)
        g_string_append_printf(many, "%s10.%d.%d.%d", i ? "," : "", i >> 16, i >> 8 & 255, i & 255);
    {
        gint64 start = g_get_monotonic_time();

        g_assert_false(bond_option_parse(arp, many->str, &v, &error));
        g_assert_cmpint(g_get_monotonic_time() - start, <, G_USEC_PER_SEC);
        g_assert_nonnull(strstr(error->message, "100000 addresses given"));
    }
}

static void
test_mac(void)
{
    g_autoptr(GError) error = NULL;
    g_autofree char *m = bond_option_canonicalize(bond_option_by_name("ad_actor_system"),
                                                  "02:AB:cd:00:00:01", &error);

    g_assert_no_error(error);
    g_assert_cmpstr(m, ==, "02:ab:cd:00:00:01");
}

static void
test_mode_masks(void)
{
    const BondOptionInfo *pps = bond_option_by_name("packets_per_slave");
    const BondOptionInfo *lacp = bond_option_by_name("lacp_rate");
    const BondOptionInfo *primary = bond_option_by_name("primary");
    const BondOptionInfo *arp = bond_option_by_name("arp_interval");
    const BondOptionInfo *tlb = bond_option_by_name("tlb_dynamic_lb");
    const BondOptionInfo *miimon = bond_option_by_name("miimon");
    /* The kernel runs the ARP monitor and its validation in every mode but
     * 802.3ad, balance-tlb and balance-alb: arp_validate is not limited to
     * active-backup (tests/vm/cases/engine-options.sh runs it in
     * balance-rr on the guest's kernel). */
    const BondOptionInfo *arp_validate = bond_option_by_name("arp_validate");
    const BondOptionInfo *arp_target = bond_option_by_name("arp_ip_target");

    for (BondMode m = 0; m < BOND_MODE_COUNT; m++) {
        g_assert_cmpint(bond_option_valid_in_mode(pps, m), ==, m == BOND_MODE_BALANCE_RR);
        g_assert_cmpint(bond_option_valid_in_mode(lacp, m), ==, m == BOND_MODE_8023AD);
        g_assert_cmpint(bond_option_valid_in_mode(primary, m), ==, m == 1 || m == 5 || m == 6);
        g_assert_cmpint(bond_option_valid_in_mode(arp, m), ==, m <= 3);
        g_assert_cmpint(bond_option_valid_in_mode(arp_validate, m), ==,
                        m != BOND_MODE_8023AD && m != BOND_MODE_BALANCE_TLB &&
                            m != BOND_MODE_BALANCE_ALB);
        g_assert_cmpint(bond_option_valid_in_mode(arp_target, m), ==,
                        bond_option_valid_in_mode(arp_validate, m));
        g_assert_cmpint(bond_option_valid_in_mode(tlb, m), ==, m == 5 || m == 6);
        g_assert_true(bond_option_valid_in_mode(miimon, m));
    }
    g_assert_false(bond_option_valid_in_mode(miimon, 7));
}

static void
test_flags(void)
{
    g_assert_false(bond_option_changeable_while_up(bond_option_by_name("mode")));
    g_assert_false(bond_option_changeable_with_ports(bond_option_by_name("mode")));
    g_assert_false(bond_option_changeable_with_ports(bond_option_by_name("fail_over_mac")));
    g_assert_true(bond_option_changeable_while_up(bond_option_by_name("fail_over_mac")));
    g_assert_false(bond_option_changeable_while_up(bond_option_by_name("lacp_rate")));
    g_assert_false(bond_option_changeable_while_up(bond_option_by_name("ad_user_port_key")));
    g_assert_true(bond_option_changeable_while_up(bond_option_by_name("miimon")));
    g_assert_true(bond_option_changeable_while_up(bond_option_by_name("arp_ip_target")));
    g_assert_false(bond_option_is_settable(bond_option_by_name("ad_partner_mac")));
    g_assert_false(bond_option_is_settable(bond_option_by_name("balance-slb")));
    g_assert_true(bond_option_by_name("updelay")->flags & BOND_OPT_FLAG_NEEDS_MIIMON);
    g_assert_true(bond_option_by_name("peer_notif_delay")->flags & BOND_OPT_FLAG_NEEDS_MIIMON);
}

static void
test_attrs(void)
{
    gboolean seen[BONDD_IFLA_BOND_MAX + 1] = {FALSE};

    g_assert_cmpstr(bond_option_by_attr(IFLA_BOND_NUM_PEER_NOTIF, 0)->name, ==, "num_grat_arp");
    g_assert_cmpstr(bond_option_by_attr(IFLA_BOND_MISSED_MAX, 0)->name, ==, "arp_missed_max");
    g_assert_cmpstr(bond_option_by_attr(33, 0)->name, ==, "broadcast_neighbor");
    g_assert_cmpstr(bond_option_by_attr(IFLA_BOND_AD_INFO, IFLA_BOND_AD_INFO_PARTNER_MAC)->name, ==,
                    "ad_partner_mac");
    g_assert_null(bond_option_by_attr(0, 0));
    g_assert_null(bond_option_by_attr(200, 0));
    g_assert_cmpint(BONDD_IFLA_BOND_COUPLED_CONTROL, ==, IFLA_BOND_COUPLED_CONTROL);

    /* Attribute numbers are unique (aliases and AD_INFO fields aside) and
     * every kernel option has a width. */
    for (guint i = 0; i < bond_options_count(); i++) {
        const BondOptionInfo *o = bond_option_by_index(i);

        g_assert_cmpuint(bond_option_index(o), ==, i);
        g_assert_true(bond_option_by_name(o->name) == o);
        if (!o->attr) {
            g_assert_true(o->flags & BOND_OPT_FLAG_NM_ONLY);
            continue;
        }
        g_assert_cmpint(o->width, !=, BOND_NL_NONE);
        if ((o->flags & BOND_OPT_FLAG_ALIAS) || o->attr == IFLA_BOND_AD_INFO)
            continue;
        g_assert_cmpuint(o->attr, <=, BONDD_IFLA_BOND_MAX);
        g_assert_false(seen[o->attr]);
        seen[o->attr] = TRUE;
        if (o->kernel_default && o->type != BOND_OPT_TYPE_IFNAME) {
            g_autofree char *canon = bond_option_canonicalize(o, o->kernel_default, NULL);

            /* Defaults are canonical already. */
            g_assert_cmpstr(canon, ==, o->kernel_default);
        }
    }
    /* Every settable kernel attribute 1..34 except AD_INFO is in the table. */
    for (guint a = 1; a <= BONDD_IFLA_BOND_MAX; a++) {
        if (a != IFLA_BOND_AD_INFO && !seen[a])
            g_error("IFLA_BOND attribute %u has no table entry", a);
    }
    /* Widths the kernel's policy demands (a wrong width silently misreads). */
    g_assert_cmpint(bond_option_by_name("primary_reselect")->width, ==, BOND_NL_U8);
    g_assert_cmpint(bond_option_by_name("arp_validate")->width, ==, BOND_NL_U32);
    g_assert_cmpint(bond_option_by_name("ad_actor_sys_prio")->width, ==, BOND_NL_U16);
    g_assert_cmpint(bond_option_by_name("num_grat_arp")->width, ==, BOND_NL_U8);
    g_assert_cmpint(bond_option_by_name("resend_igmp")->width, ==, BOND_NL_U32);
    g_assert_cmpint(bond_port_attr_by_name("ad_partner_oper_port_state")->width, ==, BOND_NL_U16);
    g_assert_cmpint(bond_port_attr_by_name("ad_actor_oper_port_state")->width, ==, BOND_NL_U8);
    g_assert_cmpint(bond_port_attr_by_attr(IFLA_BOND_SLAVE_QUEUE_ID)->width, ==, BOND_NL_U16);
}

int
main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    g_test_add_func("/bond-options/libnm-options-in-table", test_libnm_options_in_table);
    g_test_add_func("/bond-options/enum-names-agree-with-libnm", test_enum_names_agree_with_libnm);
    g_test_add_func("/bond-options/enum-conversion", test_enum_conversion);
    g_test_add_func("/bond-options/bad-values", test_bad_values);
    g_test_add_func("/bond-options/lists", test_lists);
    g_test_add_func("/bond-options/mac", test_mac);
    g_test_add_func("/bond-options/mode-masks", test_mode_masks);
    g_test_add_func("/bond-options/flags", test_flags);
    g_test_add_func("/bond-options/attrs", test_attrs);
    return g_test_run();
}
