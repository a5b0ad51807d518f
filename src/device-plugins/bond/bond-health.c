/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The health rules, one row each in rules[] below; see bond-health.h.
 *
 * A rule looks at the BondState only: what the kernel reports (rtnetlink,
 * and /proc/net/bonding for the LACP details), the ports the profile asked
 * for, and the carrier-change times behind flap detection.  Rules that need
 * a mode name it in their row and are skipped in other modes.
 */
#include "config.h"

#include "bond-health.h"

#include <glib/gi18n-lib.h>
#include <stdarg.h>
#include <string.h>

/* LACP port state bits (IEEE 802.1AX): the partner's information is the
 * default (no LACPDU received) or has expired. */
#define LACP_STATE_DEFAULTED 0x40
#define LACP_STATE_EXPIRED   0x80
/* bond_3ad's churn state value for "churned" (bond_churn_state_name()). */
#define LACP_CHURNED 1

typedef struct _HealthCtx HealthCtx;
typedef void (*BondRuleCheck)(HealthCtx *ctx);

typedef enum {
    RULE_NONE = 0,
    /* Only meaningful while the bond's link exists. */
    RULE_NEEDS_LINK = 1 << 0,
} RuleFlags;

typedef struct {
    const char *code;
    BondHealth severity;
    guint modes; /* BOND_MODE_BIT() mask; BOND_MODES_ALL also when the mode is unknown */
    RuleFlags flags;
    BondRuleCheck check;
} BondRule;

struct _HealthCtx {
    const BondState *state;
    gint64 now_us;
    int mode;         /* -1 when the kernel has not said */
    GPtrArray *ports; /* BondPortState*, by name */
    guint n_up;
    const BondRule *rule; /* the rule running */
    GPtrArray *out;       /* BondFinding* */
};

static void G_GNUC_PRINTF(3, 4) add(HealthCtx *ctx, const char *port, const char *format, ...)
{
    BondFinding *f = g_new0(BondFinding, 1);
    va_list ap;

    va_start(ap, format);
    f->text = g_strdup_vprintf(format, ap);
    va_end(ap);
    f->code = ctx->rule->code;
    f->severity = ctx->rule->severity;
    f->port = g_strdup(port ? port : "");
    g_ptr_array_add(ctx->out, f);
}

static const char *
opt(const HealthCtx *ctx, const char *name)
{
    return bond_config_get(&ctx->state->options, name);
}

static guint
opt_uint(const HealthCtx *ctx, const char *name)
{
    return bond_config_get_uint(&ctx->state->options, name, 0);
}

static const BondPortState *
port_by_name(const HealthCtx *ctx, const char *name)
{
    for (guint i = 0; name && i < ctx->ports->len; i++) {
        const BondPortState *p = g_ptr_array_index(ctx->ports, i);

        if (g_str_equal(p->name, name))
            return p;
    }
    return NULL;
}

static gboolean
has_attr(const BondPortState *p, guint attr)
{
    return p->have_info && BOND_PORT_HAS(&p->info, attr);
}

/* ----------------------------------------------------------- the rules */

static void
check_absent(HealthCtx *ctx)
{
    if (!ctx->state->ifindex)
        add(ctx, "", _("bond %s does not exist in the kernel"), ctx->state->name);
}

static void
check_no_port_up(HealthCtx *ctx)
{
    if (ctx->n_up > 0)
        return;
    if (ctx->ports->len == 0)
        add(ctx, "", _("the bond has no ports"));
    else
        add(ctx, "", _("none of the bond's %u ports is up"), ctx->ports->len);
}

static void
check_carrier(HealthCtx *ctx)
{
    if (ctx->n_up > 0 && !ctx->state->carrier)
        add(ctx, "", _("the bond has no carrier although %u of its ports are up"), ctx->n_up);
}

static gint
compare_names(gconstpointer a, gconstpointer b, gpointer user_data)
{
    return g_strcmp0(*(const char *const *)a, *(const char *const *)b);
}

static void
check_not_attached(HealthCtx *ctx)
{
    g_autofree const char **names =
        (const char **)g_hash_table_get_keys_as_array(ctx->state->configured_ports, NULL);
    guint n = g_strv_length((char **)names);

    g_qsort_with_data(names, n, sizeof *names, compare_names, NULL);
    for (guint i = 0; i < n; i++) {
        if (!port_by_name(ctx, names[i]))
            add(ctx, names[i], _("%s is configured as a port but not attached to the bond"),
                names[i]);
    }
}

static gboolean
arp_monitor(const HealthCtx *ctx)
{
    return opt_uint(ctx, "arp_interval") > 0;
}

static void
check_port_down(HealthCtx *ctx)
{
    static const char *const mii[] = {"up", "going down", "down", "going back"};

    for (guint i = 0; i < ctx->ports->len; i++) {
        const BondPortState *p = g_ptr_array_index(ctx->ports, i);

        if (bond_port_is_up(p))
            continue;
        /* Carrier up but down by the ARP monitor: the targets' rule says
         * that more precisely. */
        if (arp_monitor(ctx) && p->carrier)
            continue;
        if (!p->carrier)
            add(ctx, p->name, _("%s has no carrier"), p->name);
        else
            add(ctx, p->name, _("%s is %s (the bond's link monitor)"), p->name,
                p->info.mii_status < G_N_ELEMENTS(mii) ? mii[p->info.mii_status] : "down");
    }
}

static void
check_arp_targets(HealthCtx *ctx)
{
    if (!arp_monitor(ctx))
        return;
    for (guint i = 0; i < ctx->ports->len; i++) {
        const BondPortState *p = g_ptr_array_index(ctx->ports, i);

        if (p->carrier && !bond_port_is_up(p))
            add(ctx, p->name, _("%s has carrier but its ARP/NS targets do not answer"), p->name);
    }
}

static void
check_below_configured(HealthCtx *ctx)
{
    GHashTableIter iter;
    gpointer name;
    guint configured = g_hash_table_size(ctx->state->configured_ports), up = 0;

    g_hash_table_iter_init(&iter, ctx->state->configured_ports);
    while (g_hash_table_iter_next(&iter, &name, NULL)) {
        const BondPortState *p = port_by_name(ctx, name);

        if (p && bond_port_is_up(p))
            up++;
    }
    if (up < configured)
        add(ctx, "", _("%u of the %u configured ports are up"), up, configured);
}

static guint
active_aggregator(const HealthCtx *ctx)
{
    return opt_uint(ctx, "ad_aggregator");
}

static void
check_min_links(HealthCtx *ctx)
{
    guint min = opt_uint(ctx, "min_links"), n = ctx->n_up;

    if (!min)
        return;
    if (ctx->mode == BOND_MODE_8023AD) {
        /* The kernel counts the ports of the active aggregator. */
        n = 0;
        for (guint i = 0; i < ctx->ports->len; i++) {
            const BondPortState *p = g_ptr_array_index(ctx->ports, i);

            if (bond_port_is_up(p) && has_attr(p, IFLA_BOND_SLAVE_AD_AGGREGATOR_ID) &&
                p->info.ad_aggregator_id == active_aggregator(ctx))
                n++;
        }
    }
    if (n < min)
        add(ctx, "", _("%u ports are usable but min_links is %u"), n, min);
}

static void
check_mixed_speed(HealthCtx *ctx)
{
    g_autoptr(GString) list = g_string_new(NULL);
    guint first = 0;
    gboolean mixed = FALSE;

    for (guint i = 0; i < ctx->ports->len; i++) {
        const BondPortState *p = g_ptr_array_index(ctx->ports, i);

        if (!bond_port_is_up(p) || !p->speed)
            continue;
        if (first && p->speed != first)
            mixed = TRUE;
        if (!first)
            first = p->speed;
        g_string_append_printf(list, "%s%s %u Mb/s", list->len ? ", " : "", p->name, p->speed);
    }
    if (mixed)
        add(ctx, "", _("the ports run at different speeds: %s"), list->str);
}

static void
check_mixed_duplex(HealthCtx *ctx)
{
    g_autoptr(GString) list = g_string_new(NULL);
    const char *first = NULL;
    gboolean mixed = FALSE;

    for (guint i = 0; i < ctx->ports->len; i++) {
        const BondPortState *p = g_ptr_array_index(ctx->ports, i);

        if (!bond_port_is_up(p) || !p->duplex ||
            !(g_str_equal(p->duplex, "full") || g_str_equal(p->duplex, "half")))
            continue;
        if (first && !g_str_equal(first, p->duplex))
            mixed = TRUE;
        if (!first)
            first = p->duplex;
        g_string_append_printf(list, "%s%s %s", list->len ? ", " : "", p->name, p->duplex);
    }
    if (mixed)
        add(ctx, "", _("the ports run at different duplex: %s"), list->str);
}

static void
check_lacp_no_partner(HealthCtx *ctx)
{
    for (guint i = 0; i < ctx->ports->len; i++) {
        const BondPortState *p = g_ptr_array_index(ctx->ports, i);

        if (bond_port_is_up(p) && has_attr(p, IFLA_BOND_SLAVE_AD_ACTOR_OPER_PORT_STATE) &&
            (p->info.ad_actor_oper_port_state & (LACP_STATE_DEFAULTED | LACP_STATE_EXPIRED)))
            add(ctx, p->name, _("%s receives no LACPDUs from a partner"), p->name);
    }
}

static void
check_lacp_partner_mac_zero(HealthCtx *ctx)
{
    const char *mac = opt(ctx, "ad_partner_mac");

    if (mac && g_str_equal(mac, "00:00:00:00:00:00"))
        add(ctx, "", _("the active aggregator has no LACP partner (partner MAC %s)"), mac);
}

static void
check_lacp_not_in_aggregator(HealthCtx *ctx)
{
    guint active = active_aggregator(ctx);

    if (!active)
        return;
    for (guint i = 0; i < ctx->ports->len; i++) {
        const BondPortState *p = g_ptr_array_index(ctx->ports, i);

        if (!bond_port_is_up(p) || !p->have_info)
            continue;
        if (has_attr(p, IFLA_BOND_SLAVE_AD_AGGREGATOR_ID) && p->info.ad_aggregator_id != active)
            add(ctx, p->name, _("%s is in aggregator %u, not in the active aggregator %u"), p->name,
                p->info.ad_aggregator_id, active);
        /* The kernel reports the bond's aggregator, so it would report the
         * port's: a port it has put in none yet carries no traffic. */
        else if (!has_attr(p, IFLA_BOND_SLAVE_AD_AGGREGATOR_ID))
            add(ctx, p->name, _("%s is in no aggregator yet"), p->name);
    }
}

static void
check_lacp_split(HealthCtx *ctx)
{
    g_autoptr(GArray) ids = g_array_new(FALSE, FALSE, sizeof(guint));

    for (guint i = 0; i < ctx->ports->len; i++) {
        const BondPortState *p = g_ptr_array_index(ctx->ports, i);
        guint id;
        gboolean seen = FALSE;

        if (!bond_port_is_up(p) || !has_attr(p, IFLA_BOND_SLAVE_AD_AGGREGATOR_ID))
            continue;
        id = p->info.ad_aggregator_id;
        for (guint k = 0; k < ids->len; k++)
            seen = seen || g_array_index(ids, guint, k) == id;
        if (!seen)
            g_array_append_val(ids, id);
    }
    if (ids->len > 1)
        add(ctx, "", _("the ports are split over %u aggregators"), ids->len);
}

/* One side's churn state: from /proc when it was read (it covers every
 * kernel), else from rtnetlink (7.1+). */
static gboolean
churned(const HealthCtx *ctx, const BondPortState *p, gboolean actor)
{
    const BondProcPort *pp = bond_proc_info_port(ctx->state->proc, p->name);

    if (pp) {
        const char *v =
            g_hash_table_lookup(pp->kv, actor ? "Actor Churn State" : "Partner Churn State");

        return v && g_str_equal(v, "churned");
    }
    if (actor && has_attr(p, BONDD_IFLA_BOND_SLAVE_AD_CHURN_ACTOR_STATE))
        return p->info.ad_churn_actor_state == LACP_CHURNED;
    if (!actor && has_attr(p, BONDD_IFLA_BOND_SLAVE_AD_CHURN_PARTNER_STATE))
        return p->info.ad_churn_partner_state == LACP_CHURNED;
    return FALSE;
}

static void
check_lacp_churned(HealthCtx *ctx)
{
    for (guint i = 0; i < ctx->ports->len; i++) {
        const BondPortState *p = g_ptr_array_index(ctx->ports, i);
        gboolean a = churned(ctx, p, TRUE), b = churned(ctx, p, FALSE);

        if (a || b)
            add(ctx, p->name, _("%s: LACP churned on the %s side (no agreement reached)"), p->name,
                a && b ? _("actor and partner")
                : a    ? _("actor")
                       : _("partner"));
    }
}

/* Would primary_reselect make the primary active now?  As the kernel's
 * bond_should_change_active(). */
static gboolean
primary_should_be_active(const HealthCtx *ctx, const BondPortState *primary,
                         const BondPortState *active)
{
    const char *reselect = opt(ctx, "primary_reselect");

    if (!active || !bond_port_is_up(active))
        return TRUE;
    if (!reselect || g_str_equal(reselect, "always"))
        return TRUE;
    if (g_str_equal(reselect, "better"))
        return primary->speed > active->speed ||
               (primary->speed == active->speed && g_strcmp0(primary->duplex, "full") == 0 &&
                g_strcmp0(active->duplex, "half") == 0);
    return FALSE; /* "failure": only when the active port fails */
}

static void
check_primary(HealthCtx *ctx)
{
    const char *name = opt(ctx, "primary");
    const char *active_name = ctx->state->active_port;
    const BondPortState *primary = port_by_name(ctx, name);

    if (!primary || !bond_port_is_up(primary) || g_strcmp0(active_name, name) == 0)
        return;
    if (primary_should_be_active(ctx, primary, port_by_name(ctx, active_name)))
        add(ctx, primary->name, _("primary %s is up but %s is active (primary_reselect %s)"),
            primary->name, active_name && *active_name ? active_name : _("no port"),
            opt(ctx, "primary_reselect") ? opt(ctx, "primary_reselect") : "always");
}

static void
check_flapping(HealthCtx *ctx)
{
    for (guint i = 0; i < ctx->ports->len; i++) {
        const BondPortState *p = g_ptr_array_index(ctx->ports, i);
        guint n = bond_state_port_recent_changes(ctx->state, p, ctx->now_us);

        if (n > ctx->state->flap_threshold)
            add(ctx, p->name, _("%s changed carrier %u times within %u s"), p->name, n,
                (guint)(ctx->state->flap_window_us / G_USEC_PER_SEC));
    }
}

static void
check_mtu(HealthCtx *ctx)
{
    if (!ctx->state->mtu)
        return;
    for (guint i = 0; i < ctx->ports->len; i++) {
        const BondPortState *p = g_ptr_array_index(ctx->ports, i);

        if (p->mtu && p->mtu != ctx->state->mtu)
            add(ctx, p->name, _("%s has MTU %u, the bond %u"), p->name, p->mtu, ctx->state->mtu);
    }
}

#define LACP BOND_MODE_BIT(BOND_MODE_8023AD)

/* The rules, in the order their findings are listed. */
static const BondRule rules[] = {
    {"bond-absent", BOND_HEALTH_DOWN, BOND_MODES_ALL, RULE_NONE, check_absent},
    {"no-port-up", BOND_HEALTH_DOWN, BOND_MODES_ALL, RULE_NEEDS_LINK, check_no_port_up},
    {"bond-carrier-down", BOND_HEALTH_DOWN, BOND_MODES_ALL, RULE_NEEDS_LINK, check_carrier},
    {"port-not-attached", BOND_HEALTH_DEGRADED, BOND_MODES_ALL, RULE_NEEDS_LINK,
     check_not_attached},
    {"port-down", BOND_HEALTH_DEGRADED, BOND_MODES_ALL, RULE_NEEDS_LINK, check_port_down},
    {"arp-targets-not-answering", BOND_HEALTH_DEGRADED, BOND_MODES_ALL, RULE_NEEDS_LINK,
     check_arp_targets},
    {"ports-below-configured", BOND_HEALTH_DEGRADED, BOND_MODES_ALL, RULE_NEEDS_LINK,
     check_below_configured},
    {"min-links-not-met", BOND_HEALTH_DEGRADED, BOND_MODES_ALL, RULE_NEEDS_LINK, check_min_links},
    {"mixed-speed", BOND_HEALTH_DEGRADED, BOND_MODES_ALL, RULE_NEEDS_LINK, check_mixed_speed},
    {"mixed-duplex", BOND_HEALTH_DEGRADED, BOND_MODES_ALL, RULE_NEEDS_LINK, check_mixed_duplex},
    {"lacp-no-partner", BOND_HEALTH_DEGRADED, LACP, RULE_NEEDS_LINK, check_lacp_no_partner},
    {"lacp-partner-mac-zero", BOND_HEALTH_DEGRADED, LACP, RULE_NEEDS_LINK,
     check_lacp_partner_mac_zero},
    {"lacp-port-not-in-aggregator", BOND_HEALTH_DEGRADED, LACP, RULE_NEEDS_LINK,
     check_lacp_not_in_aggregator},
    {"lacp-split-aggregators", BOND_HEALTH_DEGRADED, LACP, RULE_NEEDS_LINK, check_lacp_split},
    {"lacp-churned", BOND_HEALTH_DEGRADED, LACP, RULE_NEEDS_LINK, check_lacp_churned},
    {"primary-not-active", BOND_HEALTH_DEGRADED, BOND_MODES_ACTIVE_PORT, RULE_NEEDS_LINK,
     check_primary},
    {"port-flapping", BOND_HEALTH_DEGRADED, BOND_MODES_ALL, RULE_NEEDS_LINK, check_flapping},
    {"mtu-mismatch", BOND_HEALTH_DEGRADED, BOND_MODES_ALL, RULE_NEEDS_LINK, check_mtu},
};

/* ------------------------------------------------------------- reports */

static void
finding_free(gpointer data)
{
    BondFinding *f = data;

    g_free(f->port);
    g_free(f->text);
    g_free(f);
}

static gint
compare_ports_by_name(gconstpointer a, gconstpointer b)
{
    const BondPortState *pa = *(BondPortState *const *)a;
    const BondPortState *pb = *(BondPortState *const *)b;

    return g_strcmp0(pa->name, pb->name);
}

BondHealthReport *
bond_health_evaluate(const BondState *state, gint64 now_us)
{
    BondHealthReport *report = g_new0(BondHealthReport, 1);
    g_autoptr(GPtrArray) ports = g_ptr_array_new();
    HealthCtx ctx = {
        .state = state,
        .now_us = now_us,
        .mode = bond_config_mode(&state->options),
        .ports = ports,
    };
    GHashTableIter iter;
    gpointer value;

    report->findings = g_ptr_array_new_with_free_func(finding_free);
    ctx.out = report->findings;
    g_hash_table_iter_init(&iter, state->ports);
    while (g_hash_table_iter_next(&iter, NULL, &value)) {
        BondPortState *p = value;

        /* A port whose name is not known yet cannot be named in a finding. */
        if (!p->name)
            continue;
        g_ptr_array_add(ports, p);
        if (bond_port_is_up(p))
            ctx.n_up++;
    }
    g_ptr_array_sort(ports, compare_ports_by_name);

    for (guint i = 0; i < G_N_ELEMENTS(rules); i++) {
        const BondRule *r = &rules[i];

        if ((r->flags & RULE_NEEDS_LINK) && !state->ifindex)
            continue;
        if (r->modes != BOND_MODES_ALL && (ctx.mode < 0 || !(r->modes & BOND_MODE_BIT(ctx.mode))))
            continue;
        ctx.rule = r;
        r->check(&ctx);
    }
    for (guint i = 0; i < report->findings->len; i++) {
        const BondFinding *f = g_ptr_array_index(report->findings, i);

        report->verdict = MAX(report->verdict, f->severity);
    }
    return report;
}

void
bond_health_report_free(BondHealthReport *report)
{
    if (!report)
        return;
    g_ptr_array_unref(report->findings);
    g_free(report);
}

const char *
bond_health_name(BondHealth health)
{
    switch (health) {
        case BOND_HEALTH_OK:
            return "ok";
        case BOND_HEALTH_DEGRADED:
            return "degraded";
        case BOND_HEALTH_DOWN:
            return "down";
    }
    return "down";
}

const BondFinding *
bond_health_report_find(const BondHealthReport *report, const char *code, const char *port)
{
    for (guint i = 0; i < report->findings->len; i++) {
        const BondFinding *f = g_ptr_array_index(report->findings, i);

        if (g_str_equal(f->code, code) && (!port || g_str_equal(f->port, port)))
            return f;
    }
    return NULL;
}

gboolean
bond_health_report_equal(const BondHealthReport *a, const BondHealthReport *b)
{
    if (!a || !b)
        return a == b;
    if (a->verdict != b->verdict || a->findings->len != b->findings->len)
        return FALSE;
    for (guint i = 0; i < a->findings->len; i++) {
        const BondFinding *fa = g_ptr_array_index(a->findings, i);
        const BondFinding *fb = g_ptr_array_index(b->findings, i);

        if (!g_str_equal(fa->code, fb->code) || !g_str_equal(fa->port, fb->port) ||
            !g_str_equal(fa->text, fb->text))
            return FALSE;
    }
    return TRUE;
}

GVariant *
bond_health_findings_variant(const BondHealthReport *report)
{
    GVariantBuilder b;

    g_variant_builder_init(&b, G_VARIANT_TYPE("a(sss)"));
    for (guint i = 0; report && i < report->findings->len; i++) {
        const BondFinding *f = g_ptr_array_index(report->findings, i);

        g_variant_builder_add(&b, "(sss)", f->code, f->port, f->text);
    }
    return g_variant_builder_end(&b);
}

char *
bond_health_summary(const BondHealthReport *report)
{
    GString *s = g_string_new(NULL);

    for (guint i = 0; i < report->findings->len; i++) {
        const BondFinding *f = g_ptr_array_index(report->findings, i);

        g_string_append_printf(s, "%s%s%s%s", s->len ? ", " : "", f->code, *f->port ? " " : "",
                               f->port);
    }
    return g_string_free(s, FALSE);
}

const char *const *
bond_health_codes(void)
{
    static const char *codes[G_N_ELEMENTS(rules) + 1];

    if (!codes[0]) {
        for (guint i = 0; i < G_N_ELEMENTS(rules); i++)
            codes[i] = rules[i].code;
    }
    return codes;
}
