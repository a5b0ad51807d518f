/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Runtime state: failover and flapping detection, the D-Bus views, and the
 * /proc/net/bonding parser, fed with made-up facts.
 */
#include "config.h"

#include "bond-state.h"

#include <string.h>

static BondConfig
options_with(const char *mode, const char *active)
{
    BondConfig cfg = {0};

    bond_config_set(&cfg, "mode", mode);
    bond_config_set(&cfg, "miimon", "100");
    if (active)
        bond_config_set(&cfg, "active_slave", active);
    return cfg;
}

static void
test_failover(void)
{
    g_autoptr(BondState) s = bond_state_new("bond0");
    BondConfig cfg;
    char *old_port = NULL, *new_port = NULL;

    /* The first report is the baseline, even with an active port. */
    cfg = options_with("active-backup", "eth9");
    g_assert_false(bond_state_update_bond(s, 5, FALSE, &cfg, 0, &old_port, &new_port));
    g_assert_null(cfg.values[0]); /* taken over */
    g_assert_cmpstr(s->active_port, ==, "eth9");
    cfg = options_with("active-backup", NULL);
    g_assert_true(bond_state_update_bond(s, 5, FALSE, &cfg, 0, &old_port, &new_port));
    g_assert_cmpstr(old_port, ==, "eth9");
    g_assert_cmpstr(new_port, ==, "");
    g_clear_pointer(&old_port, g_free);
    g_clear_pointer(&new_port, g_free);

    cfg = options_with("active-backup", "eth1");
    g_assert_true(bond_state_update_bond(s, 5, TRUE, &cfg, 0, &old_port, &new_port));
    g_assert_cmpstr(old_port, ==, "");
    g_assert_cmpstr(new_port, ==, "eth1");
    g_clear_pointer(&old_port, g_free);
    g_clear_pointer(&new_port, g_free);

    /* Same active port again, even with the failover event: no new signal. */
    cfg = options_with("active-backup", "eth1");
    g_assert_false(bond_state_update_bond(s, 5, TRUE, &cfg, BONDD_IFLA_EVENT_BONDING_FAILOVER,
                                          &old_port, &new_port));
    g_assert_null(old_port);

    cfg = options_with("active-backup", "eth2");
    g_assert_true(bond_state_update_bond(s, 5, TRUE, &cfg, BONDD_IFLA_EVENT_BONDING_FAILOVER,
                                         &old_port, &new_port));
    g_assert_cmpstr(old_port, ==, "eth1");
    g_assert_cmpstr(new_port, ==, "eth2");
    g_assert_cmpstr(s->active_port, ==, "eth2");
    g_free(old_port);
    g_free(new_port);
}

static void
test_flapping(void)
{
    g_autoptr(BondState) s = bond_state_new("bond0");
    gint64 t = 1000 * G_USEC_PER_SEC;
    guint changes = 0;

    /* Baseline: a counter of 40 at first sight is history, not flapping. */
    g_assert_false(bond_state_update_port(s, 3, "eth1", NULL, TRUE, 40, 20, 20, t, &changes));
    /* 5 changes within the window: at the threshold, not above. */
    for (guint i = 1; i <= 5; i++)
        g_assert_false(bond_state_update_port(s, 3, "eth1", NULL, i % 2, 40 + i, 0, 0,
                                              t + i * G_USEC_PER_SEC, &changes));
    /* The 6th within 60 s is flapping. */
    g_assert_true(bond_state_update_port(s, 3, "eth1", NULL, TRUE, 46, 0, 0, t + 6 * G_USEC_PER_SEC,
                                         &changes));
    g_assert_cmpuint(changes, ==, 6);
    /* Reported once per window. */
    g_assert_false(bond_state_update_port(s, 3, "eth1", NULL, TRUE, 48, 0, 0,
                                          t + 7 * G_USEC_PER_SEC, &changes));
    /* Long quiet: old changes age out. */
    g_assert_false(bond_state_update_port(s, 3, "eth1", NULL, TRUE, 49, 0, 0,
                                          t + 200 * G_USEC_PER_SEC, &changes));
    g_assert_cmpuint(g_queue_get_length(&bond_state_get_port(s, 3)->change_times), ==, 1);
    /* A burst counted in one message (coalesced) still counts. */
    g_assert_true(bond_state_update_port(s, 3, "eth1", NULL, TRUE, 60, 0, 0,
                                         t + 201 * G_USEC_PER_SEC, &changes));
    g_assert_cmpuint(changes, ==, 12);
    /* Spread-out changes never flap. */
    g_assert_false(bond_state_update_port(s, 4, "eth2", NULL, TRUE, 0, 0, 0, t, &changes));
    for (guint i = 1; i <= 20; i++)
        g_assert_false(bond_state_update_port(s, 4, "eth2", NULL, TRUE, i, 0, 0,
                                              t + i * 30 * G_USEC_PER_SEC, &changes));
    g_assert_true(bond_state_remove_port(s, 3));
    g_assert_false(bond_state_remove_port(s, 3));
}

static void
test_ports_variant(void)
{
    g_autoptr(BondState) s = bond_state_new("bond0");
    BondPortInfo info = {0};
    g_autoptr(GVariant) v = NULL;
    g_autoptr(GVariant) port = NULL;
    const char *str;
    guint32 u;
    gint32 i;

    info.present = (1u << IFLA_BOND_SLAVE_STATE) | (1u << IFLA_BOND_SLAVE_MII_STATUS) |
                   (1u << IFLA_BOND_SLAVE_LINK_FAILURE_COUNT) |
                   (1u << IFLA_BOND_SLAVE_PERM_HWADDR) | (1u << IFLA_BOND_SLAVE_QUEUE_ID) |
                   (1u << BONDD_IFLA_BOND_SLAVE_PRIO);
    info.state = 1;
    info.mii_status = 3;
    info.link_failure_count = 4;
    info.perm_hwaddr_len = 6;
    memcpy(info.perm_hwaddr, "\x52\x54\x00\xab\xcd\xef", 6);
    info.queue_id = 2;
    info.prio = -7;
    bond_state_update_port(s, 8, "eth8", &info, TRUE, 3, 2, 1, 1, NULL);
    bond_state_set_port_speed(s, 8, 10000, "full");

    v = bond_state_ports_variant(s);
    g_assert_true(g_variant_is_of_type(v, G_VARIANT_TYPE("a{sa{sv}}")));
    port = g_variant_lookup_value(v, "eth8", G_VARIANT_TYPE("a{sv}"));
    g_assert_nonnull(port);
    g_assert_true(g_variant_lookup(port, "State", "&s", &str));
    g_assert_cmpstr(str, ==, "backup");
    g_assert_true(g_variant_lookup(port, "MiiStatus", "&s", &str));
    g_assert_cmpstr(str, ==, "going back");
    g_assert_true(g_variant_lookup(port, "PermHwAddress", "&s", &str));
    g_assert_cmpstr(str, ==, "52:54:00:AB:CD:EF");
    g_assert_true(g_variant_lookup(port, "LinkFailureCount", "u", &u));
    g_assert_cmpuint(u, ==, 4);
    g_assert_true(g_variant_lookup(port, "CarrierChanges", "u", &u));
    g_assert_cmpuint(u, ==, 3);
    g_assert_true(g_variant_lookup(port, "CarrierUpCount", "u", &u));
    g_assert_cmpuint(u, ==, 2);
    g_assert_true(g_variant_lookup(port, "Speed", "u", &u));
    g_assert_cmpuint(u, ==, 10000);
    g_assert_true(g_variant_lookup(port, "Prio", "i", &i));
    g_assert_cmpint(i, ==, -7);
    g_assert_true(g_variant_lookup(port, "QueueId", "u", &u));
    g_assert_cmpuint(u, ==, 2);
    /* Not reported by the kernel: not invented. */
    g_assert_false(g_variant_lookup(port, "AggregatorId", "u", &u));
}

static const char proc_8023ad[] = "Ethernet Channel Bonding Driver: v6.1.0-18-amd64\n"
                                  "\n"
                                  "Bonding Mode: IEEE 802.3ad Dynamic link aggregation\n"
                                  "Transmit Hash Policy: layer2 (0)\n"
                                  "MII Status: up\n"
                                  "MII Polling Interval (ms): 100\n"
                                  "Up Delay (ms): 0\n"
                                  "Down Delay (ms): 0\n"
                                  "Peer Notification Delay (ms): 0\n"
                                  "\n"
                                  "802.3ad info\n"
                                  "LACP active: on\n"
                                  "LACP rate: fast\n"
                                  "Min links: 0\n"
                                  "Aggregator selection policy (ad_select): stable\n"
                                  "System priority: 65535\n"
                                  "System MAC address: 52:54:00:11:22:33\n"
                                  "Active Aggregator Info:\n"
                                  "\tAggregator ID: 1\n"
                                  "\tNumber of ports: 2\n"
                                  "\tActor Key: 15\n"
                                  "\tPartner Key: 15\n"
                                  "\tPartner Mac Address: 52:54:00:44:55:66\n"
                                  "\n"
                                  "Slave Interface: veth0\n"
                                  "MII Status: up\n"
                                  "Speed: 10000 Mbps\n"
                                  "Duplex: full\n"
                                  "Link Failure Count: 0\n"
                                  "Permanent HW addr: 52:54:00:00:00:01\n"
                                  "Slave queue ID: 0\n"
                                  "Aggregator ID: 1\n"
                                  "Actor Churn State: none\n"
                                  "Partner Churn State: none\n"
                                  "Actor Churned Count: 0\n"
                                  "Partner Churned Count: 1\n"
                                  "details actor lacp pdu:\n"
                                  "    system priority: 65535\n"
                                  "    system mac address: 52:54:00:11:22:33\n"
                                  "    port key: 15\n"
                                  "    port priority: 255\n"
                                  "    port number: 1\n"
                                  "    port state: 63\n"
                                  "details partner lacp pdu:\n"
                                  "    system priority: 65535\n"
                                  "    system mac address: 52:54:00:44:55:66\n"
                                  "    oper key: 15\n"
                                  "    port priority: 255\n"
                                  "    port number: 2\n"
                                  "    port state: 61\n"
                                  "\n"
                                  "Slave Interface: veth1\n"
                                  "MII Status: down\n"
                                  "Speed: Unknown\n"
                                  "Duplex: Unknown\n"
                                  "Link Failure Count: 2\n"
                                  "Permanent HW addr: 52:54:00:00:00:02\n"
                                  "Slave queue ID: 0\n"
                                  "Aggregator ID: N/A\n";

static void
test_procfs(void)
{
    g_autoptr(BondProcInfo) info = bond_procfs_parse(proc_8023ad);
    g_autoptr(BondState) s = bond_state_new("bond0");
    const BondProcPort *p0, *p1;
    g_autoptr(GVariant) ports = NULL;
    g_autoptr(GVariant) ad = NULL;
    g_autoptr(GVariant) veth0 = NULL;
    BondConfig cfg = {0};
    const char *str;
    guint32 u;

    g_assert_cmpuint(info->ports->len, ==, 2);
    g_assert_cmpstr(g_hash_table_lookup(info->kv, "Bonding Mode"), ==,
                    bond_mode_info(BOND_MODE_8023AD)->proc_name);
    g_assert_cmpstr(g_hash_table_lookup(info->kv, "Aggregator ID"), ==, "1");
    g_assert_cmpstr(g_hash_table_lookup(info->kv, "System MAC address"), ==, "52:54:00:11:22:33");
    p0 = bond_proc_info_port(info, "veth0");
    p1 = bond_proc_info_port(info, "veth1");
    g_assert_nonnull(p0);
    g_assert_nonnull(p1);
    g_assert_null(bond_proc_info_port(info, "veth2"));
    g_assert_cmpstr(g_hash_table_lookup(p0->kv, "actor:port state"), ==, "63");
    g_assert_cmpstr(g_hash_table_lookup(p0->kv, "partner:port state"), ==, "61");
    g_assert_cmpstr(g_hash_table_lookup(p0->kv, "partner:oper key"), ==, "15");
    g_assert_cmpstr(g_hash_table_lookup(p0->kv, "Partner Churned Count"), ==, "1");
    g_assert_cmpstr(g_hash_table_lookup(p1->kv, "Aggregator ID"), ==, "N/A");
    g_assert_cmpstr(g_hash_table_lookup(p1->kv, "MII Status"), ==, "down");
    g_assert_null(g_hash_table_lookup(p1->kv, "actor:port state"));

    /* Through the state into the D-Bus views. */
    bond_state_update_port(s, 4, "veth0", NULL, TRUE, 1, 1, 0, 1, NULL);
    bond_config_set(&cfg, "mode", "802.3ad");
    bond_config_set(&cfg, "ad_aggregator", "1");
    bond_config_set(&cfg, "ad_partner_mac", "52:54:00:44:55:66");
    bond_state_update_bond(s, 9, TRUE, &cfg, 0, NULL, NULL);
    bond_state_set_proc(s, g_steal_pointer(&info));
    ports = bond_state_ports_variant(s);
    veth0 = g_variant_lookup_value(ports, "veth0", G_VARIANT_TYPE("a{sv}"));
    g_assert_true(g_variant_lookup(veth0, "PartnerPortState", "u", &u));
    g_assert_cmpuint(u, ==, 61);
    g_assert_true(g_variant_lookup(veth0, "ActorPortNumber", "u", &u));
    g_assert_cmpuint(u, ==, 1);
    g_assert_true(g_variant_lookup(veth0, "PartnerSystemMac", "&s", &str));
    g_assert_cmpstr(str, ==, "52:54:00:44:55:66");
    g_assert_true(g_variant_lookup(veth0, "ActorChurnState", "&s", &str));
    g_assert_cmpstr(str, ==, "none");
    ad = bond_state_ad_variant(s);
    g_assert_true(g_variant_lookup(ad, "ActiveAggregator", "u", &u));
    g_assert_cmpuint(u, ==, 1);
    g_assert_true(g_variant_lookup(ad, "PartnerMac", "&s", &str));
    g_assert_cmpstr(str, ==, "52:54:00:44:55:66");
    g_assert_true(g_variant_lookup(ad, "SystemPriority", "u", &u));
    g_assert_cmpuint(u, ==, 65535);
    g_assert_true(g_variant_lookup(ad, "SystemMac", "&s", &str));
    g_assert_cmpstr(str, ==, "52:54:00:11:22:33");
}

static void
test_options_variant(void)
{
    g_autoptr(BondState) s = bond_state_new("bond0");
    BondConfig cfg = options_with("balance-rr", NULL);
    g_autoptr(GVariant) v = NULL;
    const char *str;

    bond_config_set(&cfg, "arp_ip_target", "10.0.0.1,10.0.0.2");
    bond_state_update_bond(s, 9, TRUE, &cfg, 0, NULL, NULL);
    v = bond_state_options_variant(s);
    g_assert_true(g_variant_lookup(v, "mode", "&s", &str));
    g_assert_cmpstr(str, ==, "balance-rr");
    g_assert_true(g_variant_lookup(v, "arp_ip_target", "&s", &str));
    g_assert_cmpstr(str, ==, "10.0.0.1,10.0.0.2");
    g_assert_false(g_variant_lookup(v, "updelay", "&s", &str));
}

/* A byte that is not UTF-8 in /proc/net/bonding (a port name, a driver's
 * text) reaches D-Bus as U+FFFD, not as a GLib assertion. */
static void
test_procfs_not_utf8(void)
{
    static const char text[] = "Bonding Mode: IEEE 802.3ad Dynamic link aggregation\n"
                               "System MAC address: 52:54:00:11:22:\xff\n"
                               "Slave Interface: veth\xc3\n"
                               "details actor lacp pdu:\n"
                               "    system mac address: 52:54:\x80\x81:00:00:01\n"
                               "    port state: 63\n";
    g_autoptr(BondProcInfo) info = bond_procfs_parse(text);
    GVariantBuilder b;
    g_autoptr(GVariant) port = NULL;
    g_autoptr(GVariant) master = NULL;
    const char *str = NULL;

    g_assert_cmpuint(info->ports->len, ==, 1);
    g_variant_builder_init(&b, G_VARIANT_TYPE_VARDICT);
    bond_procfs_port_to_variant(info->ports->pdata[0], &b);
    port = g_variant_ref_sink(g_variant_builder_end(&b));
    g_assert_true(g_variant_lookup(port, "ActorSystemMac", "&s", &str));
    g_assert_cmpstr(str, ==, "52:54:\xef\xbf\xbd\xef\xbf\xbd:00:00:01");
    g_variant_builder_init(&b, G_VARIANT_TYPE_VARDICT);
    bond_procfs_master_to_variant(info, &b);
    master = g_variant_ref_sink(g_variant_builder_end(&b));
    g_assert_true(g_variant_lookup(master, "SystemMac", "&s", &str));
    g_assert_true(g_utf8_validate(str, -1, NULL));
    g_assert_true(g_utf8_validate(((BondProcPort *)info->ports->pdata[0])->name, -1, NULL));
}

int
main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    g_test_add_func("/bond-state/failover", test_failover);
    g_test_add_func("/bond-state/flapping", test_flapping);
    g_test_add_func("/bond-state/ports-variant", test_ports_variant);
    g_test_add_func("/bond-state/procfs", test_procfs);
    g_test_add_func("/bond-state/procfs-not-utf8", test_procfs_not_utf8);
    g_test_add_func("/bond-state/options-variant", test_options_variant);
    return g_test_run();
}
