/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Interfaces files -> bond and port profiles, as the connections libnm
 * verified: the task's stanza and real-world variants (ports by bond-slaves
 * list or by bond-master, bond-primary lists, numeric modes,
 * source-directory, broken indentation, unknown options and hooks, stanzas
 * that cannot be profiles).
 */
#include "config.h"

#include "test-common.h"

static void
assert_ip4(NMConnection *c, const char *method, const char *address, guint prefix)
{
    NMSettingIPConfig *s_ip4 = nm_connection_get_setting_ip4_config(c);

    g_assert_nonnull(s_ip4);
    g_assert_cmpstr(nm_setting_ip_config_get_method(s_ip4), ==, method);
    if (!address) {
        g_assert_cmpuint(nm_setting_ip_config_get_num_addresses(s_ip4), ==, 0);
        return;
    }
    g_assert_cmpuint(nm_setting_ip_config_get_num_addresses(s_ip4), ==, 1);
    g_assert_cmpstr(nm_ip_address_get_address(nm_setting_ip_config_get_address(s_ip4, 0)), ==,
                    address);
    g_assert_cmpuint(nm_ip_address_get_prefix(nm_setting_ip_config_get_address(s_ip4, 0)), ==,
                     prefix);
}

static void
assert_port(NMConnection *c, const char *bond, gboolean autoconnect)
{
    NMSettingConnection *s_con = nm_connection_get_setting_connection(c);

    g_assert_cmpstr(nm_connection_get_connection_type(c), ==, NM_SETTING_WIRED_SETTING_NAME);
    g_assert_cmpstr(nm_connection_get_interface_name(c), ==, nm_connection_get_id(c));
    g_assert_cmpstr(nm_setting_connection_get_master(s_con), ==, bond);
    g_assert_cmpstr(nm_setting_connection_get_slave_type(s_con), ==, NM_SETTING_BOND_SETTING_NAME);
    g_assert_cmpint(nm_setting_connection_get_autoconnect(s_con), ==, autoconnect);
    /* A port has no IP configuration (libnm normalized it away). */
    g_assert_null(nm_connection_get_setting_ip4_config(c));
    g_assert_null(nm_connection_get_setting_ip6_config(c));
    g_assert_true(nm_connection_verify(c, NULL));
}

/* The task's stanza. */
static void
test_canonical(void)
{
    g_autoptr(TestRead) r = test_read_text(CANONICAL_INTERFACES);
    g_autoptr(TestRead) again = test_read_text(CANONICAL_INTERFACES);
    g_autofree char *ids = test_ids(r);
    g_autofree char *uuid = NULL;
    NMConnection *ha = test_connection(r, "ha");
    NMSettingConnection *s_con = nm_connection_get_setting_connection(ha);
    NMSettingBond *s_bond = nm_connection_get_setting_bond(ha);
    NMSettingWired *s_wired;

    g_assert_cmpstr(ids, ==, "ha eth1 eth2");

    /* The bond. */
    g_assert_true(nm_connection_verify(ha, NULL));
    g_assert_cmpstr(nm_connection_get_connection_type(ha), ==, NM_SETTING_BOND_SETTING_NAME);
    g_assert_cmpstr(nm_connection_get_interface_name(ha), ==, "ha");
    g_assert_true(nm_setting_connection_get_autoconnect(s_con));
    g_assert_cmpint(nm_setting_connection_get_autoconnect_slaves(s_con), ==,
                    NM_SETTING_CONNECTION_AUTOCONNECT_SLAVES_DEFAULT);
    g_assert_cmpuint(nm_setting_bond_get_num_options(s_bond), ==, 2);
    g_assert_cmpstr(test_bond_option(ha, "mode"), ==, "balance-rr");
    g_assert_cmpstr(test_bond_option(ha, "miimon"), ==, "100");
    /* bond-primary: no primary in balance-rr; a note, not a loss. */
    g_assert_null(test_bond_option(ha, "primary"));
    assert_ip4(ha, NM_SETTING_IP4_CONFIG_METHOD_MANUAL, "10.0.0.1", 24);
    g_assert_cmpstr(nm_setting_ip_config_get_method(nm_connection_get_setting_ip6_config(ha)), ==,
                    NM_SETTING_IP6_CONFIG_METHOD_IGNORE);
    s_wired = nm_connection_get_setting_wired(ha);
    g_assert_nonnull(s_wired);
    g_assert_cmpuint(nm_setting_wired_get_mtu(s_wired), ==, 9000);
    g_assert_cmpstr(test_profile(r, "ha")->filename, ==, r->path);

    /* The ports: the pre-up ethtool line is their link setting. */
    for (guint i = 0; i < 2; i++) {
        NMConnection *port = test_connection(r, i ? "eth2" : "eth1");

        assert_port(port, "ha", TRUE);
        s_wired = nm_connection_get_setting_wired(port);
        g_assert_cmpuint(nm_setting_wired_get_speed(s_wired), ==, 1000);
        g_assert_cmpstr(nm_setting_wired_get_duplex(s_wired), ==, "full");
        g_assert_false(nm_setting_wired_get_auto_negotiate(s_wired));
        g_assert_cmpuint(nm_setting_wired_get_mtu(s_wired), ==, 0);
        g_assert_null(nm_connection_get_setting(port, NM_TYPE_SETTING_BOND_PORT));
    }

    /* Said: the one note, on eth1's bond-primary line. */
    g_assert_cmpuint(r->diags->len, ==, 1);
    test_assert_diag(r, IFUPDOWN_DIAG_NOTE, 4, "bond-primary has no effect in mode balance-rr");
    g_assert_true(g_str_has_prefix(((IfupdownDiag *)r->diags->pdata[0])->text, r->path));

    /* Stable UUIDs: version 3, from the path and the name. */
    uuid = ifupdown_reader_uuid(r->path, "ha");
    g_assert_cmpstr(nm_connection_get_uuid(ha), ==, uuid);
    g_assert_cmpuint(strlen(uuid), ==, 36);
    g_assert_cmpint(uuid[14], ==, '3');
    g_assert_cmpstr(nm_connection_get_uuid(test_connection(again, "ha")), !=, uuid);
    {
        g_autofree char *u1 = ifupdown_reader_uuid("/etc/network/interfaces", "ha");
        g_autofree char *u2 = ifupdown_reader_uuid("/etc/network/interfaces", "ha");
        g_autofree char *u3 = ifupdown_reader_uuid("/etc/network/interfaces", "eth1");

        g_assert_cmpstr(u1, ==, u2);
        g_assert_cmpstr(u1, !=, u3);
    }
}

/* ifenslave's README example: ports only in bond-slaves, numeric mode, a
 * primary list naming the preferred port first. */
static void
test_slaves_list(void)
{
    g_autoptr(TestRead) r = test_read_text("auto bond0\n"
                                           "iface bond0 inet dhcp\n"
                                           "\tbond-slaves eth0 eth1\n"
                                           "\tbond-mode 1\n"
                                           "\tbond-miimon 100\n"
                                           "\tbond-primary eth9 eth1 eth0\n"
                                           "\n"
                                           "iface bond1 inet manual\n"
                                           "\tslaves eth2\n"
                                           "\tbond-mode active-backup\n");
    g_autofree char *ids = test_ids(r);
    NMConnection *bond0 = test_connection(r, "bond0");

    g_assert_cmpstr(ids, ==, "bond0 eth0 eth1 bond1 eth2");
    g_assert_cmpstr(test_bond_option(bond0, "mode"), ==, "active-backup");
    g_assert_cmpstr(test_bond_option(bond0, "primary"), ==, "eth1");
    g_assert_cmpint(
        nm_setting_connection_get_autoconnect_slaves(nm_connection_get_setting_connection(bond0)),
        ==, NM_SETTING_CONNECTION_AUTOCONNECT_SLAVES_YES);
    assert_ip4(bond0, NM_SETTING_IP4_CONFIG_METHOD_AUTO, NULL, 0);
    /* A listed port comes up with its bond (ifenslave brings it up). */
    assert_port(test_connection(r, "eth0"), "bond0", TRUE);
    assert_port(test_connection(r, "eth1"), "bond0", TRUE);
    g_assert_cmpstr(test_profile(r, "eth1")->filename, ==, r->path);
    /* bond1 is not auto: neither it nor its port autoconnects. */
    g_assert_false(nm_setting_connection_get_autoconnect(
        nm_connection_get_setting_connection(test_connection(r, "bond1"))));
    assert_port(test_connection(r, "eth2"), "bond1", FALSE);
    assert_ip4(test_connection(r, "bond1"), NM_SETTING_IP4_CONFIG_METHOD_DISABLED, NULL, 0);
    g_assert_cmpuint(r->diags->len, ==, 0);
}

/* Numbers for enums, both spellings of a key, address lists, options that
 * had no effect under ifenslave left out with a note. */
static void
test_options(void)
{
    g_autoptr(TestRead) r = test_read_text("iface lacp0 inet manual\n"
                                           "    bond-slaves eth0 eth1\n"
                                           "    bond-mode 4\n"
                                           "    bond-lacp-rate 1\n"
                                           "    bond-xmit_hash_policy layer3+4\n"
                                           "    bond-ad-select 2\n"
                                           "    bond-min-links 1\n"
                                           "    bond-miimon 100\n"
                                           "    bond-updelay 200\n"
                                           "    bond-downdelay 200\n"
                                           "    bond-ad-actor-sys-prio 100\n"
                                           "    bond-ad-user-port-key 5\n"
                                           "    bond-ad-actor-system 00:11:22:33:44:AA\n"
                                           "    bond-use-carrier 1\n"
                                           "    bond-num-grat-arp 3\n"
                                           "    bond-primary eth0\n"
                                           "iface arp0 inet manual\n"
                                           "    bond-slaves eth2 eth3\n"
                                           "    bond-mode active-backup\n"
                                           "    bond-arp-interval 250\n"
                                           "    bond-arp-ip-target 192.0.2.1 192.0.2.2\n"
                                           "    bond-arp-validate all\n"
                                           "    bond-arp-all-targets 1\n"
                                           "    bond-primary-reselect better\n"
                                           "    bond-fail-over-mac 1\n"
                                           "    bond-num-unsol-na 2\n"
                                           "iface both0 inet manual\n"
                                           "    bond-slaves eth4\n"
                                           "    bond-mode active-backup\n"
                                           "    bond-miimon 100\n"
                                           "    bond-arp-interval 250\n"
                                           "    bond-lp-interval 2\n"
                                           "iface rr0 inet manual\n"
                                           "    bond-slaves eth5\n"
                                           "    bond-mode 0\n"
                                           "    bond-packets-per-slave 3\n"
                                           "    bond-all-slaves-active 1\n"
                                           "iface tlb0 inet manual\n"
                                           "    bond-slaves eth6\n"
                                           "    bond-mode 5\n"
                                           "    bond-tlb-dynamic-lb 0\n");
    NMConnection *lacp = test_connection(r, "lacp0");
    NMConnection *arp = test_connection(r, "arp0");
    NMConnection *both = test_connection(r, "both0");
    NMConnection *rr = test_connection(r, "rr0");
    NMConnection *tlb = test_connection(r, "tlb0");

    g_assert_cmpstr(test_bond_option(lacp, "mode"), ==, "802.3ad");
    g_assert_cmpstr(test_bond_option(lacp, "lacp_rate"), ==, "fast");
    g_assert_cmpstr(test_bond_option(lacp, "xmit_hash_policy"), ==, "layer3+4");
    g_assert_cmpstr(test_bond_option(lacp, "ad_select"), ==, "count");
    g_assert_cmpstr(test_bond_option(lacp, "min_links"), ==, "1");
    g_assert_cmpstr(test_bond_option(lacp, "updelay"), ==, "200");
    g_assert_cmpstr(test_bond_option(lacp, "downdelay"), ==, "200");
    g_assert_cmpstr(test_bond_option(lacp, "ad_actor_sys_prio"), ==, "100");
    g_assert_cmpstr(test_bond_option(lacp, "ad_user_port_key"), ==, "5");
    g_assert_cmpstr(test_bond_option(lacp, "ad_actor_system"), ==, "00:11:22:33:44:aa");
    g_assert_cmpstr(test_bond_option(lacp, "use_carrier"), ==, "1");
    g_assert_cmpstr(test_bond_option(lacp, "num_grat_arp"), ==, "3");
    g_assert_null(test_bond_option(lacp, "primary"));
    test_assert_diag(r, IFUPDOWN_DIAG_NOTE, 16, "has no effect in mode 802.3ad");

    g_assert_cmpstr(test_bond_option(arp, "arp_interval"), ==, "250");
    g_assert_cmpstr(test_bond_option(arp, "arp_ip_target"), ==, "192.0.2.1,192.0.2.2");
    g_assert_cmpstr(test_bond_option(arp, "arp_validate"), ==, "all");
    g_assert_cmpstr(test_bond_option(arp, "arp_all_targets"), ==, "all");
    g_assert_cmpstr(test_bond_option(arp, "primary_reselect"), ==, "better");
    g_assert_cmpstr(test_bond_option(arp, "fail_over_mac"), ==, "active");
    g_assert_cmpstr(test_bond_option(arp, "num_unsol_na"), ==, "2");

    /* README: with miimon, arp_interval is ignored. */
    g_assert_cmpstr(test_bond_option(both, "miimon"), ==, "100");
    g_assert_null(test_bond_option(both, "arp_interval"));
    test_assert_diag(r, IFUPDOWN_DIAG_NOTE, 31, "next to bond-miimon");
    g_assert_cmpstr(test_bond_option(both, "lp_interval"), ==, "2");
    g_assert_cmpstr(test_bond_option(tlb, "mode"), ==, "balance-tlb");
    g_assert_cmpstr(test_bond_option(tlb, "tlb_dynamic_lb"), ==, "0");

    g_assert_cmpstr(test_bond_option(rr, "mode"), ==, "balance-rr");
    g_assert_cmpstr(test_bond_option(rr, "packets_per_slave"), ==, "3");
    g_assert_cmpstr(test_bond_option(rr, "all_slaves_active"), ==, "1");
    g_assert_cmpuint(test_count_diags(r, IFUPDOWN_DIAG_NOT_CARRIED), ==, 0);
    g_assert_cmpuint(test_count_diags(r, IFUPDOWN_DIAG_SKIPPED), ==, 0);
}

/* Ports named both ways, by one bond or by two: a port's own bond-master
 * decides; a port is one bond's. */
static void
test_port_conflicts(void)
{
    g_autoptr(TestRead) r = test_read_text("auto bond0\n"
                                           "iface bond0 inet manual\n"
                                           "    bond-slaves eth0 eth1 eth2 bond1\n"
                                           "iface bond1 inet manual\n"
                                           "    bond-slaves eth2 eth3\n"
                                           "iface eth0 inet manual\n"
                                           "    bond-master bond0\n"
                                           "iface eth1 inet manual\n"
                                           "    bond-master bond1\n");
    g_autofree char *ids = test_ids(r);

    g_assert_cmpstr(ids, ==, "bond0 eth0 eth2 bond1 eth3 eth1");
    /* Listed by its own bond too: it comes up with it. */
    assert_port(test_connection(r, "eth0"), "bond0", TRUE);
    assert_port(test_connection(r, "eth1"), "bond1", FALSE);
    assert_port(test_connection(r, "eth2"), "bond0", TRUE);
    test_assert_diag(r, IFUPDOWN_DIAG_NOTE, 3,
                     "eth1 is listed in bond-slaves but its bond-master is bond1");
    test_assert_diag(r, IFUPDOWN_DIAG_NOTE, 3,
                     "bond1 is listed in bond-slaves but is a bond itself");
    test_assert_diag(r, IFUPDOWN_DIAG_NOTE, 5,
                     "eth2 is listed in bond-slaves but is a port of an earlier bond");
    g_assert_cmpuint(r->diags->len, ==, 3);
}

/* Bond options on the ports' stanzas count for the bond when its own
 * stanza lacks them; bond-queue-id goes to the ports. */
static void
test_port_options(void)
{
    g_autoptr(TestRead) r = test_read_text("auto bond0\n"
                                           "iface bond0 inet manual\n"
                                           "    bond-slaves none\n"
                                           "    bond-miimon 100\n"
                                           "    bond-queue-id eth1:3\n"
                                           "allow-hotplug eth0\n"
                                           "iface eth0 inet manual\n"
                                           "    bond-master bond0\n"
                                           "    bond-mode active-backup\n"
                                           "    bond-miimon 200\n"
                                           "    bond-primary eth1 eth0\n"
                                           "    bond-queue-id 2\n"
                                           "    mtu 9000\n"
                                           "    hwaddress ether 02:00:00:00:00:01\n"
                                           "iface eth1 inet manual\n"
                                           "    bond-master bond0\n"
                                           "    bond-primary eth0\n");
    NMConnection *bond = test_connection(r, "bond0");
    NMConnection *eth0 = test_connection(r, "eth0");
    NMConnection *eth1 = test_connection(r, "eth1");
    NMSettingWired *s_wired = nm_connection_get_setting_wired(eth0);

    g_assert_cmpstr(test_bond_option(bond, "mode"), ==, "active-backup");
    g_assert_cmpstr(test_bond_option(bond, "miimon"), ==, "100");
    test_assert_diag(r, IFUPDOWN_DIAG_NOTE, 10, "differs from bond-miimon 100 at");
    g_assert_cmpstr(test_bond_option(bond, "primary"), ==, "eth1");
    test_assert_diag(r, IFUPDOWN_DIAG_NOTE, 17, "differs from the list at");
    assert_port(eth0, "bond0", TRUE); /* allow-hotplug */
    assert_port(eth1, "bond0", FALSE);
    g_assert_cmpuint(nm_setting_bond_port_get_queue_id(NM_SETTING_BOND_PORT(
                         nm_connection_get_setting(eth0, NM_TYPE_SETTING_BOND_PORT))),
                     ==, 2);
    g_assert_cmpuint(nm_setting_bond_port_get_queue_id(NM_SETTING_BOND_PORT(
                         nm_connection_get_setting(eth1, NM_TYPE_SETTING_BOND_PORT))),
                     ==, 3);
    g_assert_cmpuint(nm_setting_wired_get_mtu(s_wired), ==, 9000);
    g_assert_cmpstr(nm_setting_wired_get_cloned_mac_address(s_wired), ==, "02:00:00:00:00:01");
    g_assert_cmpuint(test_count_diags(r, IFUPDOWN_DIAG_NOT_CARRIED), ==, 0);
}

/* source-directory with run-parts names: stanzas in included files are
 * profiles of those files; the UUID stays the main file's. */
static void
test_source_directory(void)
{
    char *dir = test_tmpdir_new();
    g_autoptr(TestRead) r = NULL;
    g_autofree char *ha_file = NULL;
    g_autofree char *main_path = g_build_filename(dir, "interfaces", NULL);
    g_autofree char *uuid = ifupdown_reader_uuid(main_path, "ha");
    g_autofree char *ids = NULL;

    g_free(test_write_file(dir, "interfaces",
                           "auto lo\niface lo inet loopback\n\nsource-directory interfaces.d\n"));
    ha_file = test_write_file(dir, "interfaces.d/ha",
                              "auto ha\niface ha inet static\n  address 192.0.2.1/24\n"
                              "  bond-slaves none\n  bond-mode active-backup\n");
    g_free(test_write_file(dir, "interfaces.d/eth1",
                           "auto eth1\niface eth1 inet manual\n  bond-master ha\n"));
    /* Not read: not a run-parts name. */
    g_free(test_write_file(dir, "interfaces.d/eth2.dpkg-old",
                           "auto eth2\niface eth2 inet manual\n  bond-master ha\n"));
    r = test_read_dir(dir);
    ids = test_ids(r);
    g_assert_cmpstr(ids, ==, "ha eth1");
    g_assert_cmpstr(test_profile(r, "ha")->filename, ==, ha_file);
    g_assert_true(g_str_has_suffix(test_profile(r, "eth1")->filename, "/interfaces.d/eth1"));
    g_assert_cmpstr(nm_connection_get_uuid(test_connection(r, "ha")), ==, uuid);
    assert_ip4(test_connection(r, "ha"), NM_SETTING_IP4_CONFIG_METHOD_MANUAL, "192.0.2.1", 24);
    g_assert_cmpuint(r->diags->len, ==, 0);
}

/* Indentation is only for the eye: options at column 0, tabs and deeper
 * indents, a continued line, indented comments and DOS line ends read as
 * the task's stanza does. */
static void
test_indentation(void)
{
    g_autoptr(TestRead) canonical = test_read_text(CANONICAL_INTERFACES);
    g_autoptr(TestRead) r = test_read_text("auto eth1\n"
                                           "iface eth1 inet manual\n"
                                           "bond-master ha\n"
                                           "\t\t\t\tbond-primary eth1 eth2\r\n"
                                           "pre-up /sbin/ethtool -s $IFACE \\\n"
                                           "          speed 1000 duplex full\n"
                                           "  auto eth2\n"
                                           "\t iface eth2 inet manual\n"
                                           "  # bond-master elsewhere\n"
                                           "   bond-master ha\n"
                                           "pre-up ethtool -s eth2 duplex full speed 1000\n"
                                           "auto ha\n"
                                           "iface ha inet static\n"
                                           "address 10.0.0.1\n"
                                           "                netmask 255.255.255.0\n"
                                           "\tmtu 9000\n"
                                           " bond-slaves none\n"
                                           "bond-mode balance-rr\n"
                                           "        bond-miimon 100\n");
    g_autofree char *ids = test_ids(r);

    g_assert_cmpstr(ids, ==, "ha eth1 eth2");
    for (guint i = 0; i < r->profiles->len; i++) {
        NMConnection *a = ((BonddStoredProfile *)r->profiles->pdata[i])->connection;
        NMConnection *b = test_connection(canonical, nm_connection_get_id(a));

        /* Same but for the UUIDs (other paths). */
        g_object_set(nm_connection_get_setting_connection(b), NM_SETTING_CONNECTION_UUID,
                     nm_connection_get_uuid(a), NULL);
        g_assert_true(nm_connection_compare(a, b, NM_SETTING_COMPARE_FLAG_EXACT));
    }
    test_assert_diag(r, IFUPDOWN_DIAG_NOTE, 4, "bond-primary");
    g_assert_cmpuint(r->diags->len, ==, 1);
}

/* Unknown options and hook lines: one warning each naming the line;
 * plain interfaces are nobody's business. */
static void
test_not_carried(void)
{
    g_autoptr(TestRead) r =
        test_read_text("auto eth0\n"
                       "iface eth0 inet static\n"
                       "    address 198.51.100.2/24\n"
                       "    frobnicate yes\n"
                       "    post-up /usr/local/bin/anything\n"
                       "auto bond0\n"
                       "iface bond0 inet static\n"
                       "    description uplink\n"
                       "    address 192.0.2.1/24\n"
                       "    gateway 192.0.2.254\n"
                       "    bond-slaves eth1\n"
                       "    bond-miimon abc\n"
                       "    bond-give-a-chance 10\n"
                       "    bond-ad-num-ports 2\n"
                       "    vlan-raw-device eth9\n"
                       "    up ip route add 203.0.113.0/24 via 192.0.2.253\n"
                       "    pre-up /sbin/ethtool -s $IFACE speed 100\n"
                       "iface eth1 inet static\n"
                       "    address 192.0.2.7/24\n"
                       "    pre-up /sbin/ethtool -K $IFACE gro off\n"
                       "    post-down /bin/true\n"
                       "    pre-up ethtool -s eth1 autoneg on speed 1000 duplex full\n");
    NMConnection *bond = test_connection(r, "bond0");
    NMSettingWired *s_wired = nm_connection_get_setting_wired(test_connection(r, "eth1"));

    g_assert_null(test_profile(r, "eth0"));
    assert_ip4(bond, NM_SETTING_IP4_CONFIG_METHOD_MANUAL, "192.0.2.1", 24);
    g_assert_cmpstr(nm_setting_ip_config_get_gateway(nm_connection_get_setting_ip4_config(bond)),
                    ==, "192.0.2.254");
    g_assert_null(test_bond_option(bond, "miimon"));
    test_assert_diag(r, IFUPDOWN_DIAG_NOT_CARRIED, 12, "bond-miimon abc not carried");
    test_assert_diag(r, IFUPDOWN_DIAG_NOT_CARRIED, 13,
                     "unknown bonding option 'bond-give-a-chance'");
    test_assert_diag(r, IFUPDOWN_DIAG_NOT_CARRIED, 14, "read-only in the kernel");
    test_assert_diag(r, IFUPDOWN_DIAG_NOT_CARRIED, 15, "unknown option 'vlan-raw-device'");
    test_assert_diag(r, IFUPDOWN_DIAG_NOT_CARRIED, 16, "bondd does not run hook commands");
    /* ethtool on the bond is a hook: a bond has no link of its own. */
    test_assert_diag(r, IFUPDOWN_DIAG_NOT_CARRIED, 17,
                     "'pre-up /sbin/ethtool -s $IFACE speed 100'");
    test_assert_diag(r, IFUPDOWN_DIAG_NOT_CARRIED, 18, "a bond port has no IP configuration");
    test_assert_diag(r, IFUPDOWN_DIAG_NOT_CARRIED, 19, "a bond port has no IP configuration");
    test_assert_diag(r, IFUPDOWN_DIAG_NOT_CARRIED, 20, "'pre-up /sbin/ethtool -K $IFACE gro off'");
    test_assert_diag(r, IFUPDOWN_DIAG_NOT_CARRIED, 21, "'post-down /bin/true'");
    g_assert_cmpuint(r->diags->len, ==, 10);
    g_assert_cmpuint(nm_setting_wired_get_speed(s_wired), ==, 1000);
    g_assert_true(nm_setting_wired_get_auto_negotiate(s_wired));
    for (guint i = 0; i < r->diags->len; i++)
        g_assert_nonnull(strstr(((IfupdownDiag *)r->diags->pdata[i])->text, r->path));
}

/* A stanza that cannot be a profile: one line saying why; its ports go
 * with it (one line each); the rest loads. */
static void
test_skipped(void)
{
    g_autoptr(TestRead) r = test_read_text("auto bad0\n"
                                           "iface bad0 inet manual\n"
                                           "    bond-slaves eth0\n"
                                           "    bond-mode fastest\n"
                                           "    frobnicate 1\n"
                                           "iface eth1 inet manual\n"
                                           "    bond-master bad0\n"
                                           "    post-up true\n"
                                           "iface noaddr0 inet static\n"
                                           "    netmask 255.255.255.0\n"
                                           "    bond-slaves none\n"
                                           "iface ppp0 inet ppp\n"
                                           "    bond-mode 1\n"
                                           "iface eth5 inet manual\n"
                                           "    bond-master nowhere\n"
                                           "auto good0\n"
                                           "iface good0 inet manual\n"
                                           "    bond-slaves eth7\n");
    g_autofree char *ids = test_ids(r);

    g_assert_cmpstr(ids, ==, "good0 eth7");
    test_assert_diag(r, IFUPDOWN_DIAG_SKIPPED, 4, "bad0: skipped: option mode: 'fastest'");
    test_assert_diag(r, IFUPDOWN_DIAG_SKIPPED, 3, "eth0: skipped: its bond bad0 is skipped");
    test_assert_diag(r, IFUPDOWN_DIAG_SKIPPED, 6, "eth1: skipped: its bond bad0 is skipped");
    test_assert_diag(r, IFUPDOWN_DIAG_SKIPPED, 9, "noaddr0: skipped: 'inet static' without");
    test_assert_diag(r, IFUPDOWN_DIAG_SKIPPED, 12, "ppp0: skipped: method 'inet ppp'");
    test_assert_diag(r, IFUPDOWN_DIAG_SKIPPED, 15, "eth5: skipped: its bond-master nowhere");
    /* Nothing else about the skipped stanzas (frobnicate, post-up). */
    g_assert_cmpuint(r->diags->len, ==, 6);
}

/* Addresses, methods and resolvconf options of both families. */
static void
test_ip(void)
{
    g_autoptr(TestRead) r = test_read_text("auto bond0\n"
                                           "iface bond0 inet static\n"
                                           "    address 192.0.2.10\n"
                                           "    address 198.51.100.10/255.255.255.128\n"
                                           "    gateway 192.0.2.254\n"
                                           "    metric 300\n"
                                           "    dns-nameservers 192.0.2.53 2001:db8::53\n"
                                           "    dns-search example.org corp.example\n"
                                           "    bond-slaves eth0\n"
                                           "    hwaddress 02:00:00:00:00:0b\n"
                                           "iface bond0 inet static\n"
                                           "    address 203.0.113.10\n"
                                           "    netmask 26\n"
                                           "iface bond0 inet6 static\n"
                                           "    address 2001:db8::10/64\n"
                                           "    gateway 2001:db8::1\n"
                                           "    privext 2\n"
                                           "    accept_ra 0\n"
                                           "iface bond1 inet dhcp\n"
                                           "    hostname bondhost\n"
                                           "    bond-slaves eth1\n"
                                           "iface bond1 inet6 auto\n"
                                           "iface bond2 inet manual\n"
                                           "    bond-slaves eth2\n"
                                           "    dns-nameservers 192.0.2.53\n"
                                           "iface bond2 inet6 static\n"
                                           "    address 2001:db8:2::1\n"
                                           "    autoconf 1\n");
    NMConnection *b0 = test_connection(r, "bond0");
    NMConnection *b1 = test_connection(r, "bond1");
    NMConnection *b2 = test_connection(r, "bond2");
    NMSettingIPConfig *ip4 = nm_connection_get_setting_ip4_config(b0);
    NMSettingIPConfig *ip6 = nm_connection_get_setting_ip6_config(b0);

    g_assert_cmpstr(nm_setting_ip_config_get_method(ip4), ==, "manual");
    g_assert_cmpuint(nm_setting_ip_config_get_num_addresses(ip4), ==, 3);
    /* No netmask: a host address, as "ip addr add" makes it. */
    g_assert_cmpuint(nm_ip_address_get_prefix(nm_setting_ip_config_get_address(ip4, 0)), ==, 32);
    g_assert_cmpuint(nm_ip_address_get_prefix(nm_setting_ip_config_get_address(ip4, 1)), ==, 25);
    g_assert_cmpstr(nm_ip_address_get_address(nm_setting_ip_config_get_address(ip4, 2)), ==,
                    "203.0.113.10");
    g_assert_cmpuint(nm_ip_address_get_prefix(nm_setting_ip_config_get_address(ip4, 2)), ==, 26);
    g_assert_cmpstr(nm_setting_ip_config_get_gateway(ip4), ==, "192.0.2.254");
    g_assert_cmpint(nm_setting_ip_config_get_route_metric(ip4), ==, 300);
    g_assert_cmpuint(nm_setting_ip_config_get_num_dns(ip4), ==, 1);
    g_assert_cmpstr(nm_setting_ip_config_get_dns(ip4, 0), ==, "192.0.2.53");
    g_assert_cmpuint(nm_setting_ip_config_get_num_dns_searches(ip4), ==, 2);
    g_assert_cmpstr(nm_setting_ip_config_get_dns_search(ip4, 1), ==, "corp.example");
    g_assert_cmpstr(nm_setting_ip_config_get_method(ip6), ==, "manual");
    g_assert_cmpstr(nm_ip_address_get_address(nm_setting_ip_config_get_address(ip6, 0)), ==,
                    "2001:db8::10");
    g_assert_cmpuint(nm_ip_address_get_prefix(nm_setting_ip_config_get_address(ip6, 0)), ==, 64);
    g_assert_cmpstr(nm_setting_ip_config_get_gateway(ip6), ==, "2001:db8::1");
    g_assert_cmpstr(nm_setting_ip_config_get_dns(ip6, 0), ==, "2001:db8::53");
    g_assert_cmpint(nm_setting_ip6_config_get_ip6_privacy(NM_SETTING_IP6_CONFIG(ip6)), ==,
                    NM_SETTING_IP6_CONFIG_PRIVACY_PREFER_TEMP_ADDR);
    g_assert_cmpstr(nm_setting_wired_get_cloned_mac_address(nm_connection_get_setting_wired(b0)),
                    ==, "02:00:00:00:00:0B");
    test_assert_diag(r, IFUPDOWN_DIAG_NOTE, 18, "accept_ra 0");

    g_assert_cmpstr(nm_setting_ip_config_get_method(nm_connection_get_setting_ip4_config(b1)), ==,
                    "auto");
    g_assert_cmpstr(
        nm_setting_ip_config_get_dhcp_hostname(nm_connection_get_setting_ip4_config(b1)), ==,
        "bondhost");
    g_assert_cmpstr(nm_setting_ip_config_get_method(nm_connection_get_setting_ip6_config(b1)), ==,
                    "auto");

    /* inet manual: no IPv4, so its name server cannot be carried. */
    g_assert_cmpstr(nm_setting_ip_config_get_method(nm_connection_get_setting_ip4_config(b2)), ==,
                    "disabled");
    test_assert_diag(r, IFUPDOWN_DIAG_NOT_CARRIED, 25, "no IPv4 configuration");
    g_assert_cmpstr(nm_setting_ip_config_get_method(nm_connection_get_setting_ip6_config(b2)), ==,
                    "auto");
    g_assert_cmpuint(nm_ip_address_get_prefix(nm_setting_ip_config_get_address(
                         nm_connection_get_setting_ip6_config(b2), 0)),
                     ==, 128);
    g_assert_cmpuint(test_count_diags(r, IFUPDOWN_DIAG_NOT_CARRIED), ==, 1);
}

/* Templates: inherited options count; a template is no interface. */
static void
test_templates(void)
{
    g_autoptr(TestRead) r = test_read_text("iface bond-common inet manual\n"
                                           "    bond-mode 802.3ad\n"
                                           "    bond-miimon 100\n"
                                           "    bond-lacp-rate fast\n"
                                           "auto bond0\n"
                                           "iface bond0 inet manual inherits bond-common\n"
                                           "    bond-slaves eth0 eth1\n"
                                           "    bond-miimon 50\n"
                                           "auto bond1\n"
                                           "iface bond1 inet manual inherits nothing-here\n"
                                           "    bond-slaves eth2\n");
    g_autofree char *ids = test_ids(r);
    NMConnection *bond = test_connection(r, "bond0");

    g_assert_cmpstr(ids, ==, "bond0 eth0 eth1 bond1 eth2");
    g_assert_cmpstr(test_bond_option(bond, "mode"), ==, "802.3ad");
    g_assert_cmpstr(test_bond_option(bond, "miimon"), ==, "50");
    g_assert_cmpstr(test_bond_option(bond, "lacp_rate"), ==, "fast");
    test_assert_diag(r, IFUPDOWN_DIAG_NOT_CARRIED, 10, "inherits nothing-here");
    /* Overriding a template's value is what templates are for. */
    g_assert_cmpuint(r->diags->len, ==, 1);
}

static void
test_ethtool(void)
{
    static const struct {
        const char *command;
        gboolean ok;
        guint32 speed;
        const char *duplex;
        int autoneg;
    } cases[] = {
        {"/sbin/ethtool -s $IFACE speed 1000 duplex full", TRUE, 1000, "full", -1},
        {"ethtool --change ${IFACE} duplex half speed 10 autoneg off", TRUE, 10, "half", 0},
        {"/usr/sbin/ethtool -s eth1 autoneg on", TRUE, 0, NULL, 1},
        {"ethtool -s eth2 speed 1000", FALSE},
        {"ethtool -s $IFACE speed 1000 duplex full || true", FALSE},
        {"ethtool -s $IFACE wol g", FALSE},
        {"ethtool -K $IFACE gro off", FALSE},
        {"ethtool -s $IFACE speed fast", FALSE},
        {"ethtool -s $IFACE", FALSE},
        {"/sbin/mii-tool -F 100baseTx-FD $IFACE", FALSE},
    };

    for (guint i = 0; i < G_N_ELEMENTS(cases); i++) {
        g_autofree char *duplex = NULL;
        guint32 speed = 0;
        int autoneg = -1;
        gboolean ok = ifupdown_parse_ethtool(cases[i].command, "eth1", &speed, &duplex, &autoneg);

        g_assert_cmpint(ok, ==, cases[i].ok);
        if (!ok)
            continue;
        g_assert_cmpuint(speed, ==, cases[i].speed);
        g_assert_cmpstr(duplex, ==, cases[i].duplex);
        g_assert_cmpint(autoneg, ==, cases[i].autoneg);
    }
}

int
main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    g_test_add_func("/ifupdown/reader/canonical", test_canonical);
    g_test_add_func("/ifupdown/reader/slaves-list", test_slaves_list);
    g_test_add_func("/ifupdown/reader/options", test_options);
    g_test_add_func("/ifupdown/reader/port-options", test_port_options);
    g_test_add_func("/ifupdown/reader/port-conflicts", test_port_conflicts);
    g_test_add_func("/ifupdown/reader/source-directory", test_source_directory);
    g_test_add_func("/ifupdown/reader/indentation", test_indentation);
    g_test_add_func("/ifupdown/reader/not-carried", test_not_carried);
    g_test_add_func("/ifupdown/reader/skipped", test_skipped);
    g_test_add_func("/ifupdown/reader/ip", test_ip);
    g_test_add_func("/ifupdown/reader/templates", test_templates);
    g_test_add_func("/ifupdown/reader/ethtool", test_ethtool);
    return g_test_run();
}
