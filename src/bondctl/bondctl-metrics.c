/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * bondctl metrics: the bonds as Prometheus text (what node_exporter's
 * textfile collector reads) or OpenMetrics 1.0 (--openmetrics).
 *
 * node_exporter's own bonding collector's names are kept
 * (node_bonding_slaves, node_bonding_active, same labels and meaning), so
 * that dashboards keep working when that collector is replaced by this one
 * (run node_exporter with --no-collector.bonding: two sources of one name
 * would clash).  The rest is bondd_*: health, findings, failovers, and per
 * port state, speed, counters and LACP.
 */
#include "config.h"

#include "bondctl.h"

#include <glib/gi18n.h>
#include <stdio.h>

typedef struct {
    GString *out;
    gboolean openmetrics;
} Metrics;

typedef enum {
    GAUGE,
    COUNTER, /* samples are NAME_total */
    INFO,    /* one sample NAME_info with value 1 */
} MetricType;

/* The two formats differ in how counter and info families are named
 * (OpenMetrics: without the _total/_info that only their samples carry;
 * Prometheus text has no info type, so a gauge), in UNIT lines and in the
 * closing "# EOF". */
static void
family(Metrics *m, const char *name, MetricType type, const char *unit, const char *help)
{
    const char *suffix = "";
    const char *type_name = "gauge";

    if (type == COUNTER) {
        suffix = m->openmetrics ? "" : "_total";
        type_name = "counter";
    } else if (type == INFO) {
        suffix = m->openmetrics ? "" : "_info";
        type_name = m->openmetrics ? "info" : "gauge";
    }
    g_string_append_printf(m->out, "# HELP %s%s %s\n", name, suffix, help);
    g_string_append_printf(m->out, "# TYPE %s%s %s\n", name, suffix, type_name);
    if (unit && m->openmetrics)
        g_string_append_printf(m->out, "# UNIT %s %s\n", name, unit);
}

static void
append_escaped(GString *out, const char *value)
{
    for (const char *c = value ? value : ""; *c; c++) {
        if (*c == '\\')
            g_string_append(out, "\\\\");
        else if (*c == '"')
            g_string_append(out, "\\\"");
        else if (*c == '\n')
            g_string_append(out, "\\n");
        else
            g_string_append_c(out, *c);
    }
}

/* One sample: @labels are name, value pairs ending with NULL. */
static void G_GNUC_NULL_TERMINATED
sample(Metrics *m, const char *name, const char *value, ...)
{
    const char *label;
    gboolean first = TRUE;
    va_list ap;

    g_string_append(m->out, name);
    va_start(ap, value);
    while ((label = va_arg(ap, const char *))) {
        g_string_append(m->out, first ? "{" : ",");
        g_string_append_printf(m->out, "%s=\"", label);
        append_escaped(m->out, va_arg(ap, const char *));
        g_string_append_c(m->out, '"');
        first = FALSE;
    }
    va_end(ap);
    g_string_append_printf(m->out, "%s %s\n", first ? "" : "}", value);
}

static char *
uint_text(guint64 value)
{
    return g_strdup_printf("%" G_GUINT64_FORMAT, value);
}

typedef struct {
    BonddBond *bond;
    const char *name;
    BondctlSummary summary;
    GPtrArray *ports;
    guint failovers;
} BondData;

static void
bond_data_clear(BondData *d)
{
    g_clear_pointer(&d->ports, g_ptr_array_unref);
}

/* bondd keeps no failover counter; its history does keep every failover
 * (up to its size), so count those. */
static guint
count_failovers(BonddBond *bond)
{
    g_autoptr(GError) error = NULL;
    g_autoptr(GPtrArray) events = bondd_bond_get_history(bond, 0, NULL, &error);
    guint n = 0;

    if (!events) {
        bondctl_error(_("cannot read the history of %s: %s"), bondd_bond_get_name(bond),
                      error->message);
        return 0;
    }
    for (guint i = 0; i < events->len; i++) {
        if (g_strcmp0(((BonddEvent *)events->pdata[i])->kind, "failover") == 0)
            n++;
    }
    return n;
}

static void
bond_families(Metrics *m, GArray *bonds)
{
    static const BonddHealth verdicts[] = {BONDD_HEALTH_OK, BONDD_HEALTH_DEGRADED,
                                           BONDD_HEALTH_DOWN};

    family(m, "node_bonding_slaves", GAUGE, NULL,
           "Number of configured slaves per bonding interface.");
    for (guint i = 0; i < bonds->len; i++) {
        BondData *d = &g_array_index(bonds, BondData, i);
        g_autofree char *v = uint_text(d->summary.ports_total);

        sample(m, "node_bonding_slaves", v, "master", d->name, NULL);
    }
    family(m, "node_bonding_active", GAUGE, NULL, "Number of active slaves per bonding interface.");
    for (guint i = 0; i < bonds->len; i++) {
        BondData *d = &g_array_index(bonds, BondData, i);
        g_autofree char *v = uint_text(d->summary.ports_up);

        sample(m, "node_bonding_active", v, "master", d->name, NULL);
    }

    family(m, "bondd_bond", INFO, NULL, "A bond bondd manages, with its mode.");
    for (guint i = 0; i < bonds->len; i++) {
        BondData *d = &g_array_index(bonds, BondData, i);

        sample(m, "bondd_bond_info", "1", "bond", d->name, "mode", bondd_bond_get_mode(d->bond),
               NULL);
    }
    family(m, "bondd_bond_health", GAUGE, NULL,
           "bondd's health verdict: 1 for the current one (ok, degraded, down).");
    for (guint i = 0; i < bonds->len; i++) {
        BondData *d = &g_array_index(bonds, BondData, i);
        BonddHealth health = bondd_bond_get_health(d->bond);

        for (guint j = 0; j < G_N_ELEMENTS(verdicts); j++)
            sample(m, "bondd_bond_health", health == verdicts[j] ? "1" : "0", "bond", d->name,
                   "health", bondd_health_to_string(verdicts[j]), NULL);
    }
    family(m, "bondd_bond_health_since_seconds", GAUGE, "seconds",
           "When the health verdict took its value (Unix time).");
    for (guint i = 0; i < bonds->len; i++) {
        BondData *d = &g_array_index(bonds, BondData, i);
        gint64 since = bondd_bond_get_health_since(d->bond);
        g_autofree char *v = g_strdup_printf("%" G_GINT64_FORMAT ".%06" G_GINT64_FORMAT,
                                             since / G_USEC_PER_SEC, since % G_USEC_PER_SEC);

        if (since > 0)
            sample(m, "bondd_bond_health_since_seconds", v, "bond", d->name, NULL);
    }
    family(m, "bondd_bond_finding", GAUGE, NULL,
           "A finding behind the health verdict (port is empty for the bond).");
    for (guint i = 0; i < bonds->len; i++) {
        BondData *d = &g_array_index(bonds, BondData, i);
        g_autoptr(GPtrArray) findings = bondd_bond_get_findings(d->bond);

        for (guint j = 0; j < findings->len; j++) {
            const BonddFinding *f = findings->pdata[j];

            sample(m, "bondd_bond_finding", "1", "bond", d->name, "code", f->code, "port",
                   f->port ? f->port : "", NULL);
        }
    }
    family(m, "bondd_bond_failovers", COUNTER, NULL,
           "Failovers (active port changes) in bondd's history of the bond.");
    for (guint i = 0; i < bonds->len; i++) {
        BondData *d = &g_array_index(bonds, BondData, i);
        g_autofree char *v = uint_text(d->failovers);

        sample(m, "bondd_bond_failovers_total", v, "bond", d->name, NULL);
    }
    family(m, "bondd_bond_lacp_active_aggregator", GAUGE, NULL,
           "802.3ad: the active aggregator's ID (0: none).");
    for (guint i = 0; i < bonds->len; i++) {
        BondData *d = &g_array_index(bonds, BondData, i);
        g_autofree char *v = uint_text(d->summary.aggregator);

        if (d->summary.lacp)
            sample(m, "bondd_bond_lacp_active_aggregator", v, "bond", d->name, NULL);
    }
    family(m, "bondd_bond_lacp_partner", GAUGE, NULL,
           "802.3ad: 1 when the active aggregator has an LACP partner, with its MAC.");
    for (guint i = 0; i < bonds->len; i++) {
        BondData *d = &g_array_index(bonds, BondData, i);

        if (d->summary.lacp)
            sample(m, "bondd_bond_lacp_partner", d->summary.has_partner ? "1" : "0", "bond",
                   d->name, "partner_mac", d->summary.partner_mac, NULL);
    }
}

/* A per-port family: @value gives a sample's value, or NULL for none. */
static void
port_family(Metrics *m, GArray *bonds, const char *name, MetricType type, const char *unit,
            const char *help, char *(*value)(BondData *d, BonddPort *port))
{
    family(m, name, type, unit, help);
    for (guint i = 0; i < bonds->len; i++) {
        BondData *d = &g_array_index(bonds, BondData, i);

        for (guint j = 0; j < d->ports->len; j++) {
            BonddPort *port = d->ports->pdata[j];
            g_autofree char *v = value(d, port);
            g_autofree char *sample_name =
                type == COUNTER ? g_strconcat(name, "_total", NULL) : g_strdup(name);

            if (v)
                sample(m, sample_name, v, "bond", d->name, "port", bondd_port_get_name(port), NULL);
        }
    }
}

static char *
port_up(BondData *d, BonddPort *port)
{
    return g_strdup(g_strcmp0(bondd_port_get_mii_status(port), "up") == 0 ? "1" : "0");
}

static char *
port_active(BondData *d, BonddPort *port)
{
    return g_strdup(g_strcmp0(bondd_port_get_state(port), "active") == 0 ? "1" : "0");
}

static char *
port_speed_bytes(BondData *d, BonddPort *port)
{
    guint mbps = bondd_port_get_speed(port);

    /* Bytes per second, as node_exporter's node_network_speed_bytes. */
    return mbps ? uint_text((guint64)mbps * 1000000 / 8) : NULL;
}

static char *
port_link_failures(BondData *d, BonddPort *port)
{
    return uint_text(bondd_port_get_link_failure_count(port));
}

static char *
port_carrier_changes(BondData *d, BonddPort *port)
{
    return bondd_port_has_value(port, "carrier-changes")
               ? uint_text(bondd_port_get_carrier_changes(port))
               : NULL;
}

static char *
port_aggregator(BondData *d, BonddPort *port)
{
    return d->summary.lacp ? uint_text(bondd_port_get_aggregator_id(port)) : NULL;
}

static char *
port_in_active_aggregator(BondData *d, BonddPort *port)
{
    if (!d->summary.lacp)
        return NULL;
    return g_strdup(
        d->summary.aggregator && bondd_port_get_aggregator_id(port) == d->summary.aggregator ? "1"
                                                                                             : "0");
}

static void
lacp_partner_family(Metrics *m, GArray *bonds)
{
    family(m, "bondd_port_lacp_partner", GAUGE, NULL,
           "802.3ad: 1 when the port has an LACP partner, with its system MAC and key.");
    for (guint i = 0; i < bonds->len; i++) {
        BondData *d = &g_array_index(bonds, BondData, i);

        for (guint j = 0; d->summary.lacp && j < d->ports->len; j++) {
            BonddPort *port = d->ports->pdata[j];
            const char *mac = bondd_port_get_partner_system_mac(port);
            guint key = 0;
            g_autofree char *key_text = NULL;

            g_object_get(port, "partner-oper-key", &key, NULL);
            key_text = uint_text(key);
            sample(m, "bondd_port_lacp_partner", bondctl_is_zero_mac(mac) ? "0" : "1", "bond",
                   d->name, "port", bondd_port_get_name(port), "partner_mac", mac ? mac : "",
                   "partner_key", key_text, NULL);
        }
    }
}

static void
port_families(Metrics *m, GArray *bonds)
{
    port_family(m, bonds, "bondd_port_up", GAUGE, NULL, "1 when the port's MII status is up.",
                port_up);
    port_family(m, bonds, "bondd_port_active", GAUGE, NULL,
                "1 when the port is active (not a backup).", port_active);
    port_family(m, bonds, "bondd_port_speed_bytes", GAUGE, "bytes",
                "The port's speed in bytes per second (absent when unknown).", port_speed_bytes);
    port_family(m, bonds, "bondd_port_link_failures", COUNTER, NULL,
                "Link failures the bonding driver counted on the port.", port_link_failures);
    port_family(m, bonds, "bondd_port_carrier_changes", COUNTER, NULL,
                "Carrier changes the kernel counted on the port.", port_carrier_changes);
    port_family(m, bonds, "bondd_port_lacp_aggregator_id", GAUGE, NULL,
                "802.3ad: the aggregator the port is in.", port_aggregator);
    port_family(m, bonds, "bondd_port_lacp_in_active_aggregator", GAUGE, NULL,
                "802.3ad: 1 when the port is in the bond's active aggregator.",
                port_in_active_aggregator);
    lacp_partner_family(m, bonds);
}

static gboolean
write_output(const BondctlOptions *options, GString *text)
{
    g_autoptr(GError) error = NULL;

    if (!options->output) {
        fputs(text->str, stdout);
        return fflush(stdout) == 0;
    }
    /* A textfile collector may read at any moment: replace, never rewrite. */
    if (!g_file_set_contents(options->output, text->str, text->len, &error)) {
        bondctl_error("%s", error->message);
        return FALSE;
    }
    return TRUE;
}

int
bondctl_metrics(const BondctlOptions *options)
{
    g_autoptr(GError) error = NULL;
    g_autoptr(BonddClient) client = bondd_client_new(NULL, &error);
    g_autoptr(GString) text = g_string_new(NULL);
    g_autoptr(GArray) bonds = g_array_new(FALSE, TRUE, sizeof(BondData));
    Metrics m = {text, options->openmetrics};
    gboolean running = client && bondd_client_get_daemon_running(client);

    g_array_set_clear_func(bonds, (GDestroyNotify)bond_data_clear);
    if (!client)
        bondctl_error(_("cannot reach bondd on the system bus: %s"), error->message);
    else if (!running)
        bondctl_error(_("bondd is not running"));

    if (running) {
        g_autoptr(GPtrArray) list = bondd_client_get_bonds(client);

        for (guint i = 0; i < list->len; i++) {
            BondData d = {list->pdata[i], bondd_bond_get_name(list->pdata[i])};

            bondctl_summarize(d.bond, &d.summary);
            d.ports = bondd_bond_get_ports(d.bond);
            d.failovers = count_failovers(d.bond);
            g_array_append_val(bonds, d);
        }
    }
    /* Even without bondd, say so: a stale file would claim old health. */
    family(&m, "bondd_up", GAUGE, NULL, "1 when bondd answered on the system bus.");
    sample(&m, "bondd_up", running ? "1" : "0", NULL);
    bond_families(&m, bonds);
    port_families(&m, bonds);
    if (m.openmetrics)
        g_string_append(text, "# EOF\n");
    if (!write_output(options, text))
        return BONDCTL_EXIT_DOWN;
    return running ? BONDCTL_EXIT_OK : BONDCTL_EXIT_DOWN;
}
