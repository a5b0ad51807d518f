/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * bondctl: the operator's view of bondd's bonds.  This file only parses the
 * command line; each command is its own file.  See bondctl(1).
 */
#include "config.h"

#include "bondctl.h"

#include <glib/gi18n.h>
#include <locale.h>
#include <stdio.h>
#include <unistd.h>

static gboolean
want_color(const char *when, gboolean *color)
{
    if (!when || g_str_equal(when, "auto")) {
        *color = isatty(STDOUT_FILENO) && !g_getenv("NO_COLOR") &&
                 g_strcmp0(g_getenv("TERM"), "dumb") != 0;
        return TRUE;
    }
    if (g_str_equal(when, "always") || g_str_equal(when, "never")) {
        *color = g_str_equal(when, "always");
        return TRUE;
    }
    return FALSE;
}

/* How many arguments each command takes after its name. */
static gboolean
expect_args(const char *command, int argc, int min, int max)
{
    if (argc >= min && argc <= max)
        return TRUE;
    bondctl_error(_("wrong number of arguments for '%s' (try --help)"), command);
    return FALSE;
}

int
main(int argc, char **argv)
{
    g_autofree char *color_when = NULL;
    gboolean version = FALSE;
    int events = 10;
    BondctlOptions options = {0};
    GOptionEntry entries[] = {
        {"json", 'j', 0, G_OPTION_ARG_NONE, &options.json, N_("Print JSON"), NULL},
        {"color", 0, 0, G_OPTION_ARG_STRING, &color_when,
         N_("Colours: auto (on a terminal), always or never"), N_("WHEN")},
        {"events", 'n', 0, G_OPTION_ARG_INT, &events,
         N_("show: how many recent events (default 10, 0 for all)"), N_("N")},
        {"output", 'o', 0, G_OPTION_ARG_FILENAME, &options.output,
         N_("metrics: replace FILE atomically instead of printing"), N_("FILE")},
        {"openmetrics", 0, 0, G_OPTION_ARG_NONE, &options.openmetrics,
         N_("metrics: OpenMetrics 1.0 instead of Prometheus text"), NULL},
        {"to", 0, 0, G_OPTION_ARG_STRING, &options.to,
         N_("migrate-ifupdown: settings plugin to write with (default ifcfg)"), N_("PLUGIN")},
        {"dry-run", 0, 0, G_OPTION_ARG_NONE, &options.dry_run,
         N_("migrate-ifupdown: show what would be written, write nothing"), NULL},
        {"config", 'c', 0, G_OPTION_ARG_FILENAME, &options.config,
         N_("migrate-ifupdown: bondd's configuration file"), N_("FILE")},
        {"version", 0, 0, G_OPTION_ARG_NONE, &version, N_("Print the version"), NULL},
        {NULL},
    };
    g_autoptr(GOptionContext) context = NULL;
    g_autoptr(GError) error = NULL;
    const char *command;
    int status;

    setlocale(LC_ALL, "");
    bindtextdomain(GETTEXT_PACKAGE, LOCALEDIR);
    bind_textdomain_codeset(GETTEXT_PACKAGE, "UTF-8");
    textdomain(GETTEXT_PACKAGE);

    context = g_option_context_new(_("[COMMAND [ARGUMENT]]"));
    g_option_context_set_translation_domain(context, GETTEXT_PACKAGE);
    g_option_context_set_summary(
        context, _("Show the bonds bondd manages, their health and their events.\n"
                   "\n"
                   "Commands:\n"
                   "  status           one line per bond (the default)\n"
                   "  show BOND        everything about BOND, its health and latest events\n"
                   "  monitor [BOND]   events as they happen, until interrupted\n"
                   "  metrics          Prometheus/OpenMetrics text for node_exporter\n"
                   "  check [DIR]      validate the ifcfg files in DIR offline\n"
                   "  migrate-ifupdown [FILE]\n"
                   "                   write the bonds of Debian's interfaces FILE as profiles\n"
                   "                   of another settings plugin (bondd --migrate-ifupdown)\n"
                   "\n"
                   "Exit status: 0 ok, 1 degraded (check: warnings), 2 down or error."));
    g_option_context_add_main_entries(context, entries, GETTEXT_PACKAGE);
    if (!g_option_context_parse(context, &argc, &argv, &error)) {
        bondctl_error("%s", error->message);
        g_free(options.output);
        g_free(options.to);
        g_free(options.config);
        return BONDCTL_EXIT_DOWN;
    }
    if (version) {
        printf("bondctl %s\n", BONDD_VERSION);
        return BONDCTL_EXIT_OK;
    }
    if (!want_color(color_when, &options.color)) {
        bondctl_error(_("--color takes auto, always or never"));
        return BONDCTL_EXIT_DOWN;
    }
    options.events = (guint)MAX(events, 0);

    command = argc > 1 ? argv[1] : "status";
    argc = MAX(argc - 2, 0); /* arguments after the command */
    if (g_str_equal(command, "status") && expect_args(command, argc, 0, 0))
        status = bondctl_status(&options);
    else if (g_str_equal(command, "show") && expect_args(command, argc, 1, 1))
        status = bondctl_show(&options, argv[2]);
    else if (g_str_equal(command, "monitor") && expect_args(command, argc, 0, 1))
        status = bondctl_monitor(&options, argc ? argv[2] : NULL);
    else if (g_str_equal(command, "metrics") && expect_args(command, argc, 0, 0))
        status = bondctl_metrics(&options);
    else if (g_str_equal(command, "check") && expect_args(command, argc, 0, 1))
        status = bondctl_check(&options, argc ? argv[2] : NULL);
    else if (g_str_equal(command, "migrate-ifupdown") && expect_args(command, argc, 0, 1))
        status = bondctl_migrate_ifupdown(&options, argc ? argv[2] : NULL);
    else if (!g_strv_contains((const char *const[]){"status", "show", "monitor", "metrics", "check",
                                                    "migrate-ifupdown", NULL},
                              command)) {
        bondctl_error(_("unknown command '%s' (try --help)"), command);
        status = BONDCTL_EXIT_DOWN;
    } else {
        status = BONDCTL_EXIT_DOWN; /* wrong number of arguments, said above */
    }
    g_free(options.output);
    g_free(options.to);
    g_free(options.config);
    return status;
}
