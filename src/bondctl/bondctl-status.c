/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * bondctl [status]: one line per bond.
 */
#include "config.h"

#include "bondctl.h"

#include <glib/gi18n.h>
#include <stdio.h>

static void
print_line(const BondctlOptions *options, BonddBond *bond)
{
    BonddHealth health = bondd_bond_get_health(bond);
    g_autofree char *word = bondctl_colored(options, health, bondctl_health_word(health));
    const char *active = bondd_bond_get_active_port(bond);
    g_autoptr(GString) line = g_string_new(NULL);
    BondctlSummary s;

    bondctl_summarize(bond, &s);
    g_string_printf(line, "%s: %s, %s", bondd_bond_get_name(bond), word, bondd_bond_get_mode(bond));
    if (active && *active)
        g_string_append_printf(line, _(", active port %s"), active);
    g_string_append_printf(line, _(", %u/%u ports up"), s.ports_up, s.ports_total);
    if (s.lacp && s.has_partner)
        g_string_append_printf(line, _(", LACP partner %s (aggregator %u, %u of %u ports)"),
                               s.partner_mac, s.aggregator, s.ports_in_aggregator, s.ports_total);
    else if (s.lacp)
        g_string_append(line, _(", no LACP partner"));
    printf("%s\n", line->str);
}

int
bondctl_status(const BondctlOptions *options)
{
    g_autoptr(BonddClient) client = bondctl_connect();
    g_autoptr(GPtrArray) bonds = NULL;
    int status = BONDCTL_EXIT_OK;

    if (!client)
        return BONDCTL_EXIT_DOWN;
    bonds = bondd_client_get_bonds(client);
    if (options->json) {
        g_autoptr(JsonArray) array = json_array_new();
        g_autoptr(JsonNode) root = json_node_new(JSON_NODE_ARRAY);

        for (guint i = 0; i < bonds->len; i++)
            json_array_add_element(array, bondctl_json_summary(bonds->pdata[i]));
        json_node_set_array(root, array);
        bondctl_print_json(root);
    } else if (bonds->len == 0) {
        printf("%s\n", _("bondd manages no bonds"));
    }
    for (guint i = 0; i < bonds->len; i++) {
        if (!options->json)
            print_line(options, bonds->pdata[i]);
        status = MAX(status, bondctl_exit_for_health(bondd_bond_get_health(bonds->pdata[i])));
    }
    return status;
}
