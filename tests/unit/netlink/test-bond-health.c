/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Health rules, each driven by a made-up bond state: a healthy state shows
 * no finding of the rule (the negative case), one change makes the rule fire
 * for the right port (the positive case).  The last test checks that every
 * rule of the table was made to fire here.
 */
#include "config.h"

#include "bond-health.h"

#include <string.h>

#define NOW (1000 * G_USEC_PER_SEC)

static GHashTable *fired; /* codes seen firing in a positive case */

typedef struct {
    const char *mode;
    const char *active;
    const char *primary;
    const char *primary_reselect;
    const char *min_links;
    const char *arp_interval;
} BondSpec;

static BondPortInfo
port_info(guint mii_status, guint agg, guint actor_state)
{
    BondPortInfo info = {0};

    info.present = (1u << IFLA_BOND_SLAVE_MII_STATUS) | (1u << IFLA_BOND_SLAVE_STATE);
    info.mii_status = mii_status;
    if (agg) {
        info.present |= (1u << IFLA_BOND_SLAVE_AD_AGGREGATOR_ID) |
                        (1u << IFLA_BOND_SLAVE_AD_ACTOR_OPER_PORT_STATE) |
                        (1u << IFLA_BOND_SLAVE_AD_PARTNER_OPER_PORT_STATE);
        info.ad_aggregator_id = agg;
        info.ad_actor_oper_port_state = actor_state;
        info.ad_partner_oper_port_state = actor_state;
    }
    return info;
}

static void
set_port(BondState *s, int ifindex, const char *name, guint mii_status, gboolean carrier)
{
    gboolean lacp = bond_config_mode(&s->options) == BOND_MODE_8023AD;
    BondPortInfo info = port_info(mii_status, lacp ? 1 : 0, 0x3f);

    bond_state_update_port(s, ifindex, name, &info, carrier, 0, 0, 0, NOW, NULL);
    bond_state_set_port_speed(s, ifindex, 1000, "full");
    bond_state_set_port_mtu(s, ifindex, 1500);
}

/* A healthy bond of @spec with ports eth1 and eth2, both configured. */
static BondState *
healthy(const BondSpec *spec)
{
    BondState *s = bond_state_new("bond0");
    BondConfig cfg = {0};

    bond_config_set(&cfg, "mode", spec->mode);
    bond_config_set(&cfg, "miimon", spec->arp_interval ? "0" : "100");
    if (spec->active)
        bond_config_set(&cfg, "active_slave", spec->active);
    if (spec->primary)
        bond_config_set(&cfg, "primary", spec->primary);
    if (spec->primary_reselect)
        bond_config_set(&cfg, "primary_reselect", spec->primary_reselect);
    if (spec->min_links)
        bond_config_set(&cfg, "min_links", spec->min_links);
    if (spec->arp_interval) {
        bond_config_set(&cfg, "arp_interval", spec->arp_interval);
        bond_config_set(&cfg, "arp_ip_target", "192.0.2.254");
    }
    if (g_str_equal(spec->mode, "802.3ad")) {
        bond_config_set(&cfg, "ad_aggregator", "1");
        bond_config_set(&cfg, "ad_num_ports", "2");
        bond_config_set(&cfg, "ad_partner_mac", "02:00:00:00:00:99");
    }
    bond_state_update_bond(s, 10, TRUE, &cfg, 0, NULL, NULL);
    bond_state_set_mtu(s, 1500);
    set_port(s, 11, "eth1", 0, TRUE);
    set_port(s, 12, "eth2", 0, TRUE);
    bond_state_set_configured_port(s, "eth1", TRUE);
    bond_state_set_configured_port(s, "eth2", TRUE);
    return s;
}

static const BondSpec ab = {"active-backup", "eth1", NULL, NULL, NULL, NULL};
static const BondSpec lacp = {"802.3ad", NULL, NULL, NULL, NULL, NULL};

static BondHealthReport *
eval(const BondState *s)
{
    return bond_health_evaluate(s, NOW);
}

static void
assert_ok(const BondState *s)
{
    g_autoptr(BondHealthReport) r = eval(s);

    if (r->findings->len) {
        const BondFinding *f = g_ptr_array_index(r->findings, 0);

        g_error("expected no finding, got %s (%s): %s", f->code, f->port, f->text);
    }
    g_assert_cmpint(r->verdict, ==, BOND_HEALTH_OK);
}

/* @code fires for @port, and the verdict is @verdict. */
static void
assert_fires(const BondState *s, const char *code, const char *port, BondHealth verdict)
{
    g_autoptr(BondHealthReport) r = eval(s);
    g_autofree char *summary = bond_health_summary(r);
    const BondFinding *f = bond_health_report_find(r, code, port);

    if (!f)
        g_error("expected %s for '%s', got: %s", code, port, summary);
    g_assert_cmpstr(f->code, ==, code);
    g_assert_cmpuint(strlen(f->text), >, 0);
    g_assert_cmpint(r->verdict, ==, verdict);
    g_hash_table_add(fired, (gpointer)code);
}

static void
assert_silent(const BondState *s, const char *code)
{
    g_autoptr(BondHealthReport) r = eval(s);

    g_assert_null(bond_health_report_find(r, code, NULL));
}

/* @code does not fire for @port (though it may for others). */
static void
assert_not_for(const BondState *s, const char *code, const char *port)
{
    g_autoptr(BondHealthReport) r = eval(s);

    g_assert_null(bond_health_report_find(r, code, port));
}

static void
test_healthy(void)
{
    g_autoptr(BondState) a = healthy(&ab);
    g_autoptr(BondState) l = healthy(&lacp);
    g_autoptr(BondHealthReport) r = eval(a);
    g_autoptr(GVariant) v = bond_health_findings_variant(r);

    assert_ok(a);
    assert_ok(l);
    g_assert_true(g_variant_is_of_type(v, G_VARIANT_TYPE("a(sss)")));
    g_assert_cmpuint(g_variant_n_children(v), ==, 0);
    g_assert_cmpstr(bond_health_name(BOND_HEALTH_OK), ==, "ok");
    g_assert_cmpstr(bond_health_name(BOND_HEALTH_DEGRADED), ==, "degraded");
    g_assert_cmpstr(bond_health_name(BOND_HEALTH_DOWN), ==, "down");
}

static void
test_bond_absent(void)
{
    g_autoptr(BondState) s = healthy(&ab);
    g_autoptr(BondHealthReport) r = NULL;

    assert_silent(s, "bond-absent");
    bond_state_forget_link(s);
    assert_fires(s, "bond-absent", "", BOND_HEALTH_DOWN);
    /* Nothing else is said about a bond that is not there. */
    r = eval(s);
    g_assert_cmpuint(r->findings->len, ==, 1);
}

static void
test_no_port_up(void)
{
    g_autoptr(BondState) s = healthy(&ab);
    g_autoptr(BondState) empty = bond_state_new("bond1");
    BondConfig cfg = {0};

    assert_silent(s, "no-port-up");
    set_port(s, 11, "eth1", 2, FALSE);
    assert_silent(s, "no-port-up");
    set_port(s, 12, "eth2", 2, FALSE);
    assert_fires(s, "no-port-up", "", BOND_HEALTH_DOWN);

    bond_config_set(&cfg, "mode", "balance-rr");
    bond_state_update_bond(empty, 3, FALSE, &cfg, 0, NULL, NULL);
    assert_fires(empty, "no-port-up", "", BOND_HEALTH_DOWN);
}

static void
test_carrier_down(void)
{
    g_autoptr(BondState) s = healthy(&ab);
    BondConfig cfg = {0};

    assert_silent(s, "bond-carrier-down");
    bond_config_copy(&cfg, &s->options);
    bond_state_update_bond(s, 10, FALSE, &cfg, 0, NULL, NULL);
    assert_fires(s, "bond-carrier-down", "", BOND_HEALTH_DOWN);
}

static void
test_port_not_attached(void)
{
    g_autoptr(BondState) s = healthy(&ab);

    assert_silent(s, "port-not-attached");
    bond_state_set_configured_port(s, "eth3", TRUE);
    assert_fires(s, "port-not-attached", "eth3", BOND_HEALTH_DEGRADED);
    bond_state_set_configured_port(s, "eth3", FALSE);
    assert_ok(s);
    bond_state_remove_port(s, 12);
    assert_fires(s, "port-not-attached", "eth2", BOND_HEALTH_DEGRADED);
}

static void
test_port_down(void)
{
    g_autoptr(BondState) s = healthy(&ab);

    assert_silent(s, "port-down");
    set_port(s, 12, "eth2", 2, FALSE);
    assert_fires(s, "port-down", "eth2", BOND_HEALTH_DEGRADED);
    assert_silent(s, "arp-targets-not-answering");
    /* Going down (downdelay) is not up either; carrier is still there. */
    set_port(s, 12, "eth2", 1, TRUE);
    assert_fires(s, "port-down", "eth2", BOND_HEALTH_DEGRADED);
    assert_not_for(s, "port-down", "eth1");
}

static void
test_arp_targets(void)
{
    static const BondSpec arp = {"active-backup", "eth1", NULL, NULL, NULL, "100"};
    g_autoptr(BondState) s = healthy(&arp);

    assert_ok(s);
    /* Down by the ARP monitor with carrier: the targets do not answer. */
    set_port(s, 12, "eth2", 2, TRUE);
    assert_fires(s, "arp-targets-not-answering", "eth2", BOND_HEALTH_DEGRADED);
    assert_silent(s, "port-down");
    /* Without carrier it is a plain port-down. */
    set_port(s, 12, "eth2", 2, FALSE);
    assert_silent(s, "arp-targets-not-answering");
    assert_fires(s, "port-down", "eth2", BOND_HEALTH_DEGRADED);
}

static void
test_below_configured(void)
{
    g_autoptr(BondState) s = healthy(&ab);

    assert_silent(s, "ports-below-configured");
    set_port(s, 12, "eth2", 2, FALSE);
    assert_fires(s, "ports-below-configured", "", BOND_HEALTH_DEGRADED);
    set_port(s, 12, "eth2", 0, TRUE);
    /* Ports attached by hand but not configured count for nothing. */
    set_port(s, 13, "eth3", 2, FALSE);
    assert_silent(s, "ports-below-configured");
}

static void
test_min_links(void)
{
    static const BondSpec spec = {"802.3ad", NULL, NULL, NULL, "2", NULL};
    g_autoptr(BondState) s = healthy(&spec);
    BondPortInfo info = port_info(0, 2, 0x3f);

    assert_ok(s);
    /* Up, but in another aggregator: it does not count for min_links. */
    bond_state_update_port(s, 12, "eth2", &info, TRUE, 0, 0, 0, NOW, NULL);
    assert_fires(s, "min-links-not-met", "", BOND_HEALTH_DEGRADED);
    {
        static const BondSpec ab3 = {"active-backup", "eth1", NULL, NULL, "3", NULL};
        g_autoptr(BondState) a = healthy(&ab3);

        assert_fires(a, "min-links-not-met", "", BOND_HEALTH_DEGRADED);
    }
}

static void
test_mixed_speed_duplex(void)
{
    g_autoptr(BondState) s = healthy(&ab);

    assert_silent(s, "mixed-speed");
    assert_silent(s, "mixed-duplex");
    /* Unknown speed and duplex say nothing. */
    bond_state_set_port_speed(s, 12, 0, "unknown");
    assert_ok(s);
    bond_state_set_port_speed(s, 12, 100, "full");
    assert_fires(s, "mixed-speed", "", BOND_HEALTH_DEGRADED);
    assert_silent(s, "mixed-duplex");
    bond_state_set_port_speed(s, 12, 1000, "half");
    assert_fires(s, "mixed-duplex", "", BOND_HEALTH_DEGRADED);
    assert_silent(s, "mixed-speed");
    /* A port that is down does not count. */
    set_port(s, 12, "eth2", 2, FALSE);
    bond_state_set_port_speed(s, 12, 10, "half");
    assert_silent(s, "mixed-speed");
    assert_silent(s, "mixed-duplex");
}

static void
test_lacp_no_partner(void)
{
    g_autoptr(BondState) s = healthy(&lacp);
    g_autoptr(BondState) a = healthy(&ab);
    BondPortInfo defaulted = port_info(0, 1, 0x3f | 0x40);
    BondPortInfo expired = port_info(0, 1, 0x3f | 0x80);

    assert_silent(s, "lacp-no-partner");
    bond_state_update_port(s, 11, "eth1", &defaulted, TRUE, 0, 0, 0, NOW, NULL);
    assert_fires(s, "lacp-no-partner", "eth1", BOND_HEALTH_DEGRADED);
    bond_state_update_port(s, 11, "eth1", &expired, TRUE, 0, 0, 0, NOW, NULL);
    assert_fires(s, "lacp-no-partner", "eth1", BOND_HEALTH_DEGRADED);
    /* Outside 802.3ad the LACP rules stay silent. */
    bond_state_update_port(a, 11, "eth1", &defaulted, TRUE, 0, 0, 0, NOW, NULL);
    assert_ok(a);
}

static void
test_lacp_partner_mac_zero(void)
{
    g_autoptr(BondState) s = healthy(&lacp);
    BondConfig cfg = {0};

    assert_silent(s, "lacp-partner-mac-zero");
    bond_config_copy(&cfg, &s->options);
    bond_config_set(&cfg, "ad_partner_mac", "00:00:00:00:00:00");
    bond_state_update_bond(s, 10, TRUE, &cfg, 0, NULL, NULL);
    assert_fires(s, "lacp-partner-mac-zero", "", BOND_HEALTH_DEGRADED);
}

static void
test_lacp_aggregators(void)
{
    g_autoptr(BondState) s = healthy(&lacp);
    BondPortInfo other = port_info(0, 2, 0x3f);

    assert_silent(s, "lacp-port-not-in-aggregator");
    assert_silent(s, "lacp-split-aggregators");
    bond_state_update_port(s, 12, "eth2", &other, TRUE, 0, 0, 0, NOW, NULL);
    assert_fires(s, "lacp-port-not-in-aggregator", "eth2", BOND_HEALTH_DEGRADED);
    assert_fires(s, "lacp-split-aggregators", "", BOND_HEALTH_DEGRADED);
    assert_not_for(s, "lacp-port-not-in-aggregator", "eth1");
}

/* A port the kernel has put in no aggregator yet (its slave data without
 * the 802.3ad attributes) is not aggregated: not healthy. */
static void
test_lacp_port_without_aggregator(void)
{
    g_autoptr(BondState) s = healthy(&lacp);
    BondPortInfo none = port_info(0, 0, 0);

    bond_state_update_port(s, 12, "eth2", &none, TRUE, 0, 0, 0, NOW, NULL);
    assert_fires(s, "lacp-port-not-in-aggregator", "eth2", BOND_HEALTH_DEGRADED);
    assert_not_for(s, "lacp-port-not-in-aggregator", "eth1");
}

static void
test_lacp_churned(void)
{
    g_autoptr(BondState) s = healthy(&lacp);
    BondPortInfo info = port_info(0, 1, 0x3f);

    assert_silent(s, "lacp-churned");
    /* From rtnetlink (7.1+)... */
    info.present |= 1u << BONDD_IFLA_BOND_SLAVE_AD_CHURN_ACTOR_STATE;
    info.ad_churn_actor_state = 0; /* monitoring */
    bond_state_update_port(s, 11, "eth1", &info, TRUE, 0, 0, 0, NOW, NULL);
    assert_silent(s, "lacp-churned");
    info.ad_churn_actor_state = 1; /* churned */
    bond_state_update_port(s, 11, "eth1", &info, TRUE, 0, 0, 0, NOW, NULL);
    assert_fires(s, "lacp-churned", "eth1", BOND_HEALTH_DEGRADED);
    /* ...and from /proc, which wins when it was read. */
    bond_state_set_proc(s, bond_procfs_parse("Slave Interface: eth1\n"
                                             "Actor Churn State: none\n"
                                             "Partner Churn State: none\n"
                                             "Slave Interface: eth2\n"
                                             "Actor Churn State: none\n"
                                             "Partner Churn State: churned\n"));
    assert_fires(s, "lacp-churned", "eth2", BOND_HEALTH_DEGRADED);
    assert_not_for(s, "lacp-churned", "eth1");
}

static void
test_primary(void)
{
    static const BondSpec always = {"active-backup", "eth2", "eth1", "always", NULL, NULL};
    static const BondSpec better = {"active-backup", "eth2", "eth1", "better", NULL, NULL};
    static const BondSpec failure = {"active-backup", "eth2", "eth1", "failure", NULL, NULL};
    static const BondSpec fine = {"active-backup", "eth1", "eth1", "always", NULL, NULL};
    g_autoptr(BondState) s = healthy(&always);
    g_autoptr(BondState) b = healthy(&better);
    g_autoptr(BondState) f = healthy(&failure);
    g_autoptr(BondState) ok = healthy(&fine);

    assert_silent(ok, "primary-not-active");
    assert_fires(s, "primary-not-active", "eth1", BOND_HEALTH_DEGRADED);
    /* The primary down: nothing to say (port-down says it). */
    set_port(s, 11, "eth1", 2, FALSE);
    assert_silent(s, "primary-not-active");
    /* "better": only when the primary is faster (or full against half). */
    assert_silent(b, "primary-not-active");
    bond_state_set_port_speed(b, 12, 100, "full");
    assert_fires(b, "primary-not-active", "eth1", BOND_HEALTH_DEGRADED);
    bond_state_set_port_speed(b, 12, 1000, "half");
    assert_fires(b, "primary-not-active", "eth1", BOND_HEALTH_DEGRADED);
    /* "failure": only when the active port is not up. */
    assert_silent(f, "primary-not-active");
    set_port(f, 12, "eth2", 2, FALSE);
    assert_fires(f, "primary-not-active", "eth1", BOND_HEALTH_DEGRADED);
}

static void
test_flapping(void)
{
    g_autoptr(BondState) s = healthy(&ab);
    BondPortInfo info = port_info(0, 0, 0);

    /* Five changes within the window: at the threshold, not above it. */
    for (guint i = 1; i <= 5; i++)
        bond_state_update_port(s, 11, "eth1", &info, TRUE, i, 0, 0, NOW - 10 * G_USEC_PER_SEC,
                               NULL);
    assert_silent(s, "port-flapping");
    bond_state_update_port(s, 11, "eth1", &info, TRUE, 6, 0, 0, NOW - 5 * G_USEC_PER_SEC, NULL);
    assert_fires(s, "port-flapping", "eth1", BOND_HEALTH_DEGRADED);
    /* A minute later the window has passed. */
    {
        g_autoptr(BondHealthReport) r = bond_health_evaluate(s, NOW + 60 * G_USEC_PER_SEC);

        g_assert_null(bond_health_report_find(r, "port-flapping", NULL));
    }
    /* The threshold is the state's (bondd.conf flap-threshold). */
    s->flap_threshold = 10;
    assert_silent(s, "port-flapping");
}

static void
test_mtu(void)
{
    g_autoptr(BondState) s = healthy(&ab);

    assert_silent(s, "mtu-mismatch");
    bond_state_set_port_mtu(s, 12, 9000);
    assert_fires(s, "mtu-mismatch", "eth2", BOND_HEALTH_DEGRADED);
    /* Unknown MTUs say nothing. */
    bond_state_set_port_mtu(s, 12, 0);
    assert_ok(s);
}

static void
test_report_helpers(void)
{
    g_autoptr(BondState) s = healthy(&ab);
    g_autoptr(BondHealthReport) a = NULL;
    g_autoptr(BondHealthReport) b = NULL;
    g_autoptr(BondHealthReport) c = NULL;
    g_autoptr(GVariant) v = NULL;
    g_autofree char *summary = NULL;
    const char *code, *port, *text;

    set_port(s, 12, "eth2", 2, FALSE);
    a = eval(s);
    b = eval(s);
    g_assert_true(bond_health_report_equal(a, b));
    set_port(s, 12, "eth2", 0, TRUE);
    c = eval(s);
    g_assert_false(bond_health_report_equal(a, c));
    summary = bond_health_summary(a);
    g_assert_cmpstr(summary, ==, "port-down eth2, ports-below-configured");
    v = bond_health_findings_variant(a);
    g_assert_cmpuint(g_variant_n_children(v), ==, 2);
    g_variant_get_child(v, 0, "(&s&s&s)", &code, &port, &text);
    g_assert_cmpstr(code, ==, "port-down");
    g_assert_cmpstr(port, ==, "eth2");
    g_assert_cmpstr(text, ==, "eth2 has no carrier");
}

/* Runs last: every rule of the table fired in some test above. */
static void
test_every_rule_tested(void)
{
    const char *const *codes = bond_health_codes();

    g_assert_cmpuint(g_strv_length((char **)codes), >=, 15);
    for (guint i = 0; codes[i]; i++) {
        if (!g_hash_table_contains(fired, codes[i]))
            g_error("rule %s has no positive test", codes[i]);
    }
}

int
main(int argc, char **argv)
{
    int ret;

    g_test_init(&argc, &argv, NULL);
    fired = g_hash_table_new(g_str_hash, g_str_equal);
    g_test_add_func("/bond-health/healthy", test_healthy);
    g_test_add_func("/bond-health/bond-absent", test_bond_absent);
    g_test_add_func("/bond-health/no-port-up", test_no_port_up);
    g_test_add_func("/bond-health/bond-carrier-down", test_carrier_down);
    g_test_add_func("/bond-health/port-not-attached", test_port_not_attached);
    g_test_add_func("/bond-health/port-down", test_port_down);
    g_test_add_func("/bond-health/arp-targets-not-answering", test_arp_targets);
    g_test_add_func("/bond-health/ports-below-configured", test_below_configured);
    g_test_add_func("/bond-health/min-links-not-met", test_min_links);
    g_test_add_func("/bond-health/mixed-speed-duplex", test_mixed_speed_duplex);
    g_test_add_func("/bond-health/lacp-no-partner", test_lacp_no_partner);
    g_test_add_func("/bond-health/lacp-partner-mac-zero", test_lacp_partner_mac_zero);
    g_test_add_func("/bond-health/lacp-aggregators", test_lacp_aggregators);
    g_test_add_func("/bond-health/lacp-port-without-aggregator", test_lacp_port_without_aggregator);
    g_test_add_func("/bond-health/lacp-churned", test_lacp_churned);
    g_test_add_func("/bond-health/primary-not-active", test_primary);
    g_test_add_func("/bond-health/port-flapping", test_flapping);
    g_test_add_func("/bond-health/mtu-mismatch", test_mtu);
    g_test_add_func("/bond-health/report-helpers", test_report_helpers);
    g_test_add_func("/bond-health/zz-every-rule-tested", test_every_rule_tested);
    ret = g_test_run();
    g_hash_table_unref(fired);
    return ret;
}
