/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * What bondctl's commands share: exit statuses, colours, times, JSON
 * output, connecting, and the one-line summary of a bond.
 */
#include "config.h"

#include "bondctl.h"

#include <glib/gi18n.h>
#include <stdio.h>

int
bondctl_exit_for_health(BonddHealth health)
{
    switch (health) {
        case BONDD_HEALTH_OK:
            return BONDCTL_EXIT_OK;
        case BONDD_HEALTH_DEGRADED:
            return BONDCTL_EXIT_DEGRADED;
        default:
            return BONDCTL_EXIT_DOWN;
    }
}

const char *
bondctl_health_word(BonddHealth health)
{
    switch (health) {
        case BONDD_HEALTH_OK:
            return C_("health", "ok");
        case BONDD_HEALTH_DEGRADED:
            return C_("health", "degraded");
        case BONDD_HEALTH_DOWN:
            return C_("health", "down");
        default:
            return C_("health", "unknown");
    }
}

char *
bondctl_colored(const BondctlOptions *options, BonddHealth health, const char *text)
{
    const char *color;

    if (!options->color)
        return g_strdup(text);
    switch (health) {
        case BONDD_HEALTH_OK:
            color = "\033[32m"; /* green */
            break;
        case BONDD_HEALTH_DEGRADED:
            color = "\033[33m"; /* yellow */
            break;
        default:
            color = "\033[1;31m"; /* bold red */
    }
    return g_strdup_printf("%s%s\033[0m", color, text);
}

static GDateTime *
local_time(gint64 realtime_us)
{
    g_autoptr(GDateTime) utc = g_date_time_new_from_unix_utc(realtime_us / G_USEC_PER_SEC);
    g_autoptr(GDateTime) exact = g_date_time_add(utc, realtime_us % G_USEC_PER_SEC);

    return g_date_time_to_local(exact);
}

char *
bondctl_format_time(gint64 realtime_us)
{
    g_autoptr(GDateTime) t = local_time(realtime_us);
    g_autofree char *seconds = g_date_time_format(t, "%Y-%m-%d %H:%M:%S");

    return g_strdup_printf("%s.%03d", seconds, g_date_time_get_microsecond(t) / 1000);
}

char *
bondctl_iso_time(gint64 realtime_us)
{
    g_autoptr(GDateTime) t = local_time(realtime_us);

    return g_date_time_format(t, "%Y-%m-%dT%H:%M:%S.%f%:z");
}

void
bondctl_print_json(JsonNode *node)
{
    g_autoptr(JsonGenerator) gen = json_generator_new();
    g_autofree char *text = NULL;

    json_generator_set_root(gen, node);
    json_generator_set_pretty(gen, TRUE);
    text = json_generator_to_data(gen, NULL);
    printf("%s\n", text);
}

void
bondctl_error(const char *fmt, ...)
{
    g_autofree char *msg = NULL;
    va_list ap;

    va_start(ap, fmt);
    msg = g_strdup_vprintf(fmt, ap);
    va_end(ap);
    fprintf(stderr, "bondctl: %s\n", msg);
}

BonddClient *
bondctl_connect(void)
{
    g_autoptr(GError) error = NULL;
    g_autoptr(BonddClient) client = bondd_client_new(NULL, &error);

    if (!client) {
        bondctl_error(_("cannot reach bondd on the system bus: %s"), error->message);
        return NULL;
    }
    if (!bondd_client_get_daemon_running(client)) {
        bondctl_error(_("bondd is not running"));
        return NULL;
    }
    return g_steal_pointer(&client);
}

BonddBond *
bondctl_find_bond(BonddClient *client, const char *name)
{
    BonddBond *bond = bondd_client_get_bond(client, name);

    if (!bond)
        bondctl_error(_("bondd manages no bond called '%s'"), name);
    return bond;
}

gboolean
bondctl_is_zero_mac(const char *mac)
{
    if (!mac || !*mac)
        return TRUE;
    for (const char *c = mac; *c; c++) {
        if (*c != '0' && *c != ':')
            return FALSE;
    }
    return TRUE;
}

void
bondctl_summarize(BonddBond *bond, BondctlSummary *summary)
{
    g_autoptr(GPtrArray) ports = bondd_bond_get_ports(bond);

    *summary = (BondctlSummary){0};
    summary->ports_total = ports->len;
    summary->lacp = g_strcmp0(bondd_bond_get_mode(bond), "802.3ad") == 0;
    if (summary->lacp) {
        g_autofree char *partner = NULL;

        g_object_get(bond, "ad-active-aggregator", &summary->aggregator, "ad-partner-mac", &partner,
                     NULL);
        /* The kernel reports a zero MAC for an aggregator nobody answers. */
        summary->has_partner = summary->aggregator != 0 && !bondctl_is_zero_mac(partner);
        if (partner)
            g_strlcpy(summary->partner_mac, partner, sizeof(summary->partner_mac));
    }
    for (guint i = 0; i < ports->len; i++) {
        BonddPort *port = ports->pdata[i];

        if (g_strcmp0(bondd_port_get_mii_status(port), "up") == 0)
            summary->ports_up++;
        if (summary->lacp && summary->aggregator &&
            bondd_port_get_aggregator_id(port) == summary->aggregator)
            summary->ports_in_aggregator++;
    }
}
