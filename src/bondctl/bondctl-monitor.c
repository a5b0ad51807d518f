/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * bondctl monitor [BOND]: bondd's events as they happen, with wall-clock
 * times, until interrupted.  Bonds that appear later (or come back with a
 * bondd restart) are followed too.
 */
#include "config.h"

#include "bondctl.h"

#include <glib-unix.h>
#include <glib/gi18n.h>
#include <stdio.h>

typedef struct {
    const BondctlOptions *options;
    const char *only; /* a bond name, or NULL for all */
    GMainLoop *loop;
} Monitor;

static void
print_event(Monitor *m, const char *bond_name, const BonddEvent *event)
{
    if (m->options->json) {
        g_autoptr(JsonNode) node = bondctl_json_event(bond_name, event);
        g_autoptr(JsonGenerator) gen = json_generator_new();
        g_autofree char *text = NULL;

        /* One object per line (JSON Lines), so that a reader can follow. */
        json_generator_set_root(gen, node);
        text = json_generator_to_data(gen, NULL);
        printf("%s\n", text);
    } else {
        g_autofree char *when = bondctl_format_time(event->realtime_us);

        printf("%s %s %s %s\n", when, bond_name, event->kind, event->text);
    }
    fflush(stdout);
}

static void
on_event(BonddBond *bond, BonddEvent *event, Monitor *m)
{
    print_event(m, bondd_bond_get_name(bond), event);
}

/* bondctl's own events (kind "bond-added", "bond-removed"), timed now. */
static void
print_own_event(Monitor *m, BonddBond *bond, const char *kind, const char *text)
{
    BonddEvent event = {g_get_real_time(), g_get_monotonic_time(), (char *)kind, NULL,
                        (char *)text};

    print_event(m, bondd_bond_get_name(bond), &event);
}

static gboolean
wanted(Monitor *m, BonddBond *bond)
{
    return !m->only || g_strcmp0(bondd_bond_get_name(bond), m->only) == 0;
}

static void
on_bond_added(BonddClient *client, BonddBond *bond, Monitor *m)
{
    if (!wanted(m, bond))
        return;
    print_own_event(m, bond, "bond-added", _("bondd manages the bond"));
    g_signal_connect(bond, "event", G_CALLBACK(on_event), m);
}

static void
on_bond_removed(BonddClient *client, BonddBond *bond, Monitor *m)
{
    if (!wanted(m, bond))
        return;
    g_signal_handlers_disconnect_by_data(bond, m);
    print_own_event(m, bond, "bond-removed", _("bondd no longer manages the bond"));
}

static gboolean
on_signal(gpointer user_data)
{
    g_main_loop_quit(((Monitor *)user_data)->loop);
    return G_SOURCE_CONTINUE;
}

int
bondctl_monitor(const BondctlOptions *options, const char *bond_name)
{
    g_autoptr(GError) error = NULL;
    g_autoptr(BonddClient) client = bondd_client_new(NULL, &error);
    g_autoptr(GMainLoop) loop = NULL;
    g_autoptr(GPtrArray) bonds = NULL;
    Monitor m = {options, bond_name, NULL};
    guint sigint, sigterm;

    if (!client) {
        bondctl_error(_("cannot reach bondd on the system bus: %s"), error->message);
        return BONDCTL_EXIT_DOWN;
    }
    /* Unlike the other commands, wait for bondd and bonds to appear. */
    if (!bondd_client_get_daemon_running(client))
        bondctl_error(_("bondd is not running; waiting for it"));
    loop = g_main_loop_new(NULL, FALSE);
    m.loop = loop;
    bonds = bondd_client_get_bonds(client);
    for (guint i = 0; i < bonds->len; i++) {
        if (wanted(&m, bonds->pdata[i]))
            g_signal_connect(bonds->pdata[i], "event", G_CALLBACK(on_event), &m);
    }
    g_signal_connect(client, "bond-added", G_CALLBACK(on_bond_added), &m);
    g_signal_connect(client, "bond-removed", G_CALLBACK(on_bond_removed), &m);
    sigint = g_unix_signal_add(SIGINT, on_signal, &m);
    sigterm = g_unix_signal_add(SIGTERM, on_signal, &m);
    /* On stderr, so that stdout has events only: from now on none is missed. */
    bondctl_error(_("following bondd's events; interrupt to stop"));
    g_main_loop_run(loop);
    g_source_remove(sigint);
    g_source_remove(sigterm);
    for (guint i = 0; i < bonds->len; i++)
        g_signal_handlers_disconnect_by_data(bonds->pdata[i], &m);
    g_signal_handlers_disconnect_by_data(client, &m);
    return BONDCTL_EXIT_OK;
}
