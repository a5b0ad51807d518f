/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * bondctl show BOND: what /proc/net/bonding/BOND says, laid out in
 * sections, plus the health findings and the latest events.
 */
#include "config.h"

#include "bondctl.h"

#include <glib/gi18n.h>
#include <stdio.h>

/* "  Label ........ value", the values aligned whatever the translation. */
static void G_GNUC_PRINTF(2, 3) field(const char *label, const char *fmt, ...)
{
    g_autofree char *value = NULL;
    glong pad = 30 - g_utf8_strlen(label, -1);
    va_list ap;

    va_start(ap, fmt);
    value = g_strdup_vprintf(fmt, ap);
    va_end(ap);
    printf("  %s%*s %s\n", label, (int)MAX(pad, 1), "", value);
}

static void
section(const char *title)
{
    printf("\n%s\n", title);
}

static const char *
or_none(const char *s)
{
    return s && *s ? s : _("none");
}

/* A row of a table: a property, its label, and how to print its value. */
typedef enum {
    AS_TEXT,
    AS_NUMBER,
    AS_HEX,
    AS_MS,
    AS_MBPS,
    AS_YES_NO,
} ShowAs;

typedef struct {
    const char *property;
    const char *label; /* N_() */
    ShowAs as;
} Row;

static void
print_row(GObject *object, const Row *row)
{
    GParamSpec *pspec = g_object_class_find_property(G_OBJECT_GET_CLASS(object), row->property);
    g_auto(GValue) v = G_VALUE_INIT;
    const char *label = _(row->label);
    guint u;

    g_value_init(&v, G_PARAM_SPEC_VALUE_TYPE(pspec));
    g_object_get_property(object, row->property, &v);
    if (G_VALUE_HOLDS_STRING(&v)) {
        field(label, "%s", or_none(g_value_get_string(&v)));
        return;
    }
    if (G_VALUE_HOLDS_BOOLEAN(&v)) {
        field(label, "%s", g_value_get_boolean(&v) ? _("yes") : _("no"));
        return;
    }
    if (G_VALUE_HOLDS_INT(&v)) {
        field(label, "%d", g_value_get_int(&v));
        return;
    }
    u = g_value_get_uint(&v);
    switch (row->as) {
        case AS_HEX:
            field(label, "0x%02x", u);
            break;
        case AS_MS:
            field(label, _("%u ms"), u);
            break;
        case AS_MBPS:
            if (u == 0)
                field(label, "%s", _("unknown"));
            else
                field(label, _("%u Mb/s"), u);
            break;
        default:
            field(label, "%u", u);
    }
}

static void
print_health(const BondctlOptions *options, BonddBond *bond)
{
    BonddHealth health = bondd_bond_get_health(bond);
    g_autofree char *word = bondctl_colored(options, health, bondctl_health_word(health));
    g_autoptr(GPtrArray) findings = bondd_bond_get_findings(bond);
    gint64 since = bondd_bond_get_health_since(bond);

    if (since > 0) {
        g_autofree char *when = bondctl_format_time(since);

        printf(_("%s: %s since %s\n"), bondd_bond_get_name(bond), word, when);
    } else {
        printf("%s: %s\n", bondd_bond_get_name(bond), word);
    }
    for (guint i = 0; i < findings->len; i++) {
        const BonddFinding *f = findings->pdata[i];

        printf("  %s%s%s%s: %s\n", f->code, f->port ? " (" : "", f->port ? f->port : "",
               f->port ? ")" : "", f->text);
    }
}

static void
print_rows(GObject *object, const Row *rows, guint n_rows)
{
    for (guint i = 0; i < n_rows; i++)
        print_row(object, &rows[i]);
}

static void
print_list(const char *label, GObject *object, const char *property)
{
    g_auto(GStrv) list = NULL;
    g_autofree char *joined = NULL;

    g_object_get(object, property, &list, NULL);
    joined = list ? g_strjoinv(", ", list) : NULL;
    field(label, "%s", or_none(joined));
}

static void
print_option(BonddBond *bond, const char *label, const char *option)
{
    const char *value = bondd_bond_get_option(bond, option);

    if (value)
        field(label, "%s", value);
}

static void
print_bond(BonddBond *bond)
{
    static const Row bond_rows[] = {
        {"mode-description", N_("Mode"), AS_TEXT},
        {"xmit-hash-policy", N_("Transmit hash policy"), AS_TEXT},
        {"mii-status", N_("MII status"), AS_TEXT},
        {"active-port", N_("Active port"), AS_TEXT},
        {"primary", N_("Primary port"), AS_TEXT},
        {"primary-reselect", N_("Primary reselection"), AS_TEXT},
        {"fail-over-mac", N_("Fail-over MAC"), AS_TEXT},
        {"mii-interval", N_("MII polling interval"), AS_MS},
        {"up-delay", N_("Up delay"), AS_MS},
        {"down-delay", N_("Down delay"), AS_MS},
        {"peer-notify-delay", N_("Peer notification delay"), AS_MS},
        {"arp-interval", N_("ARP polling interval"), AS_MS},
        {"arp-validate", N_("ARP validation"), AS_TEXT},
        {"arp-all-targets", N_("ARP targets that must answer"), AS_TEXT},
        {"arp-missed-max", N_("ARP missed max"), AS_NUMBER},
    };

    section(_("Bond"));
    print_rows(G_OBJECT(bond), bond_rows, G_N_ELEMENTS(bond_rows));
    print_list(_("ARP targets"), G_OBJECT(bond), "arp-ip-targets");
    print_list(_("NS IPv6 targets"), G_OBJECT(bond), "ns-ip6-targets");
    print_option(bond, _("Min links"), "min_links");
}

static void
print_ad(BonddBond *bond)
{
    static const Row ad_rows[] = {
        {"ad-system-priority", N_("System priority"), AS_NUMBER},
        {"ad-system-mac", N_("System MAC address"), AS_TEXT},
        {"ad-active-aggregator", N_("Active aggregator"), AS_NUMBER},
        {"ad-num-ports", N_("Ports in aggregator"), AS_NUMBER},
        {"ad-actor-key", N_("Actor key"), AS_NUMBER},
        {"ad-partner-key", N_("Partner key"), AS_NUMBER},
        {"ad-partner-mac", N_("Partner MAC address"), AS_TEXT},
    };

    section(_("802.3ad"));
    print_option(bond, _("LACP active"), "lacp_active");
    print_option(bond, _("LACP rate"), "lacp_rate");
    print_option(bond, _("Aggregator selection"), "ad_select");
    for (guint i = 0; i < G_N_ELEMENTS(ad_rows); i++) {
        if (bondd_bond_has_ad_value(bond, ad_rows[i].property))
            print_row(G_OBJECT(bond), &ad_rows[i]);
    }
}

static void
print_port(BonddPort *port)
{
    static const Row port_rows[] = {
        {"mii-status", N_("MII status"), AS_TEXT},
        {"state", N_("State"), AS_TEXT},
        {"carrier", N_("Carrier"), AS_YES_NO},
        {"speed", N_("Speed"), AS_MBPS},
        {"duplex", N_("Duplex"), AS_TEXT},
        {"link-failure-count", N_("Link failure count"), AS_NUMBER},
        {"carrier-changes", N_("Carrier changes"), AS_NUMBER},
        {"perm-hw-address", N_("Permanent HW address"), AS_TEXT},
        {"queue-id", N_("Queue ID"), AS_NUMBER},
        {"prio", N_("Priority"), AS_NUMBER},
        {"aggregator-id", N_("Aggregator ID"), AS_NUMBER},
        {"actor-churn-state", N_("Actor churn state"), AS_TEXT},
        {"actor-churned-count", N_("Actor churned count"), AS_NUMBER},
        {"partner-churn-state", N_("Partner churn state"), AS_TEXT},
        {"partner-churned-count", N_("Partner churned count"), AS_NUMBER},
        {"actor-system-priority", N_("Actor system priority"), AS_NUMBER},
        {"actor-system-mac", N_("Actor system MAC"), AS_TEXT},
        {"actor-port-key", N_("Actor port key"), AS_NUMBER},
        {"actor-port-priority", N_("Actor port priority"), AS_NUMBER},
        {"actor-port-number", N_("Actor port number"), AS_NUMBER},
        {"actor-port-state", N_("Actor port state"), AS_HEX},
        {"partner-system-priority", N_("Partner system priority"), AS_NUMBER},
        {"partner-system-mac", N_("Partner system MAC"), AS_TEXT},
        {"partner-oper-key", N_("Partner oper key"), AS_NUMBER},
        {"partner-port-priority", N_("Partner port priority"), AS_NUMBER},
        {"partner-port-number", N_("Partner port number"), AS_NUMBER},
        {"partner-port-state", N_("Partner port state"), AS_HEX},
    };

    /* TRANSLATORS: a section title, %s is the port's interface name */
    printf("\n");
    printf(_("Port %s"), bondd_port_get_name(port));
    printf("\n");
    for (guint i = 0; i < G_N_ELEMENTS(port_rows); i++) {
        if (bondd_port_has_value(port, port_rows[i].property))
            print_row(G_OBJECT(port), &port_rows[i]);
    }
}

static void
print_events(GPtrArray *events)
{
    section(_("Recent events"));
    if (events->len == 0)
        printf("  %s\n", _("none"));
    for (guint i = 0; i < events->len; i++) {
        const BonddEvent *e = events->pdata[i];
        g_autofree char *when = bondctl_format_time(e->realtime_us);

        printf("  %s  %-13s %s\n", when, e->kind, e->text);
    }
}

int
bondctl_show(const BondctlOptions *options, const char *bond_name)
{
    g_autoptr(BonddClient) client = bondctl_connect();
    g_autoptr(GPtrArray) ports = NULL;
    g_autoptr(GPtrArray) events = NULL;
    g_autoptr(GError) error = NULL;
    BonddBond *bond;

    if (!client || !(bond = bondctl_find_bond(client, bond_name)))
        return BONDCTL_EXIT_DOWN;
    events = bondd_bond_get_history(bond, options->events, NULL, &error);
    if (!events) {
        bondctl_error(_("cannot read the history of %s: %s"), bond_name, error->message);
        return BONDCTL_EXIT_DOWN;
    }
    if (options->json) {
        g_autoptr(JsonNode) root = bondctl_json_bond(bond, events);

        bondctl_print_json(root);
        return bondctl_exit_for_health(bondd_bond_get_health(bond));
    }
    print_health(options, bond);
    print_bond(bond);
    if (g_strcmp0(bondd_bond_get_mode(bond), "802.3ad") == 0)
        print_ad(bond);
    ports = bondd_bond_get_ports(bond);
    for (guint i = 0; i < ports->len; i++)
        print_port(ports->pdata[i]);
    print_events(events);
    return bondctl_exit_for_health(bondd_bond_get_health(bond));
}
