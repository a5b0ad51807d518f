/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * bondctl migrate-ifupdown [FILE]: the daemon's own migration
 * (bondd --migrate-ifupdown), which loads the ifupdown plugin and writes
 * with the chosen plugin's writer.  bondctl only runs it: one migration,
 * in one place, whichever command an operator types.
 */
#include "config.h"

#include "bondctl.h"

#include <errno.h>
#include <glib/gi18n.h>
#include <stdio.h>
#include <unistd.h>

int
bondctl_migrate_ifupdown(const BondctlOptions *options, const char *file)
{
    /* BONDCTL_BONDD: the daemon of a build tree (tests). */
    const char *bondd = g_getenv("BONDCTL_BONDD") ? g_getenv("BONDCTL_BONDD") : BONDD_DAEMON_PATH;
    g_autoptr(GPtrArray) argv = g_ptr_array_new_with_free_func(g_free);

    g_ptr_array_add(argv, g_strdup(bondd));
    if (options->config) {
        g_ptr_array_add(argv, g_strdup("--config"));
        g_ptr_array_add(argv, g_strdup(options->config));
    }
    g_ptr_array_add(argv, file ? g_strconcat("--migrate-ifupdown=", file, NULL)
                               : g_strdup("--migrate-ifupdown"));
    if (options->to) {
        g_ptr_array_add(argv, g_strdup("--to"));
        g_ptr_array_add(argv, g_strdup(options->to));
    }
    if (options->dry_run)
        g_ptr_array_add(argv, g_strdup("--dry-run"));
    g_ptr_array_add(argv, NULL);
    fflush(stdout);
    execv(bondd, (char **)argv->pdata);
    bondctl_error(_("cannot run %s: %s"), bondd, g_strerror(errno));
    return BONDCTL_EXIT_DOWN;
}
