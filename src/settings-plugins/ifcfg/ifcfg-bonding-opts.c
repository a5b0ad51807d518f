/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * BONDING_OPTS; see ifcfg-bonding-opts.h.  Option names are checked against
 * the shared option table, values by libnm.
 */
#include "config.h"

#include "ifcfg-bonding-opts.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "bond-options.h"

/* BONDING_OPTS into @s_bond, replacing its options.  Invalid options are
 * dropped with a warning, as ifcfg-rh does. */
void
ifcfg_bonding_opts_read(ShvarFile *s, NMSettingBond *s_bond, const char *value)
{
    g_auto(GStrv) tokens = NULL;
    g_autoptr(GPtrArray) old = g_ptr_array_new_with_free_func(g_free);

    /* Start from a bond with only the default mode, as a new setting. */
    for (guint i = 0; i < nm_setting_bond_get_num_options(s_bond); i++) {
        const char *name = NULL;

        nm_setting_bond_get_option(s_bond, i, &name, NULL);
        g_ptr_array_add(old, g_strdup(name));
    }
    for (guint i = 0; i < old->len; i++)
        nm_setting_bond_remove_option(s_bond, old->pdata[i]);
    nm_setting_bond_add_option(s_bond, NM_SETTING_BOND_OPTION_MODE, "balance-rr");

    if (!value)
        return;

    /* Space only: a TAB is part of a token, as in ifcfg-rh. */
    tokens = g_strsplit(value, " ", -1);
    for (guint i = 0; tokens[i]; i++) {
        const char *token = tokens[i];
        const char *eq = strchr(token, '=');
        const BondOptionInfo *opt;
        g_autofree char *key = NULL;
        g_autofree char *val = NULL;

        if (!eq || eq == token || !eq[1])
            continue;
        key = g_strndup(token, eq - token);
        val = g_strdup(eq + 1);
        opt = bond_option_by_name(key);

        if (!opt) {
            sv_file_add_key_warning(s, "BONDING_OPTS", _("unknown bonding option '%s' (dropped)"),
                                    key);
            continue;
        }
        if (opt->type == BOND_OPT_TYPE_IP4LIST) {
            /* Accept the sysfs form "+10.0.0.1" and stray quotes, as
             * initscripts wrote them (ifcfg-rh does this for IPv4 lists only). */
            GString *clean = g_string_new(NULL);
            const char *p = val;

            if (*p == '\'' || *p == '"')
                p++;
            for (; *p; p++) {
                if (!strchr("+-'\"", *p))
                    g_string_append_c(clean, *p);
            }
            g_free(val);
            val = g_string_free(clean, FALSE);
        }

        if (!nm_setting_bond_validate_option(key, val)) {
            sv_file_add_key_warning(s, "BONDING_OPTS", _("invalid bonding option '%s' = %s"), key,
                                    val);
            continue;
        }
        nm_setting_bond_add_option(s_bond, key, val);
    }
}

static int
cmp_bond_option(gconstpointer a, gconstpointer b)
{
    const char *x = *(const char *const *)a;
    const char *y = *(const char *const *)b;

    /* mode first, then plain strcmp: the order ifcfg-rh writes. */
    if (strcmp(x, NM_SETTING_BOND_OPTION_MODE) == 0)
        return strcmp(y, NM_SETTING_BOND_OPTION_MODE) == 0 ? 0 : -1;
    if (strcmp(y, NM_SETTING_BOND_OPTION_MODE) == 0)
        return 1;
    return strcmp(x, y);
}

char *
ifcfg_bonding_opts_write(NMSettingBond *s_bond)
{
    g_autoptr(GPtrArray) names = g_ptr_array_new();
    GString *opts = g_string_new(NULL);
    guint n = nm_setting_bond_get_num_options(s_bond);

    for (guint i = 0; i < n; i++) {
        const char *name = NULL;

        if (nm_setting_bond_get_option(s_bond, i, &name, NULL))
            g_ptr_array_add(names, (gpointer)name);
    }
    g_ptr_array_sort(names, cmp_bond_option);
    for (guint i = 0; i < names->len; i++) {
        const char *name = names->pdata[i];

        /* Values verbatim: "xmit_hash_policy=1" stays numeric. */
        g_string_append_printf(opts, "%s%s=%s", opts->len ? " " : "", name,
                               nm_setting_bond_get_option_by_name(s_bond, name));
    }
    return g_string_free(opts, FALSE);
}
