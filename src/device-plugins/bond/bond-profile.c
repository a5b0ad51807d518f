/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * A bond made outside bondd, described as a profile (see bond-profile.h).
 * The result is what NetworkManager shows for the same link, so that
 * `nmcli connection show` agrees under either daemon.
 */
#include "config.h"

#include "bond-profile.h"

#include <glib/gi18n-lib.h>

/* NetworkManager leaves out what a profile without the option would ask
 * for anyway.  miimon is the exception: libnm's default depends on
 * arp_interval, so only "off" is left out. */
static gboolean
is_default(NMSettingBond *s_bond, const char *name, const char *value)
{
    if (g_str_equal(name, NM_SETTING_BOND_OPTION_MIIMON))
        return g_str_equal(value, "0");
    return g_strcmp0(value, nm_setting_bond_get_option_default(s_bond, name)) == 0;
}

gboolean
bond_profile_describe(const BondConfig *applied, NMConnection *connection, GError **error)
{
    NMSettingBond *s_bond = NM_SETTING_BOND(nm_setting_bond_new());
    const char *const *names = nm_setting_bond_get_valid_options(NULL);
    const char *mode_name = bond_config_get(applied, NM_SETTING_BOND_OPTION_MODE);
    int mode = mode_name ? bond_mode_from_string(mode_name) : -1;

    nm_connection_add_setting(connection, NM_SETTING(s_bond));
    if (mode < 0) {
        g_set_error(error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                    _("the kernel reports no bonding mode"));
        return FALSE;
    }
    nm_setting_bond_add_option(s_bond, NM_SETTING_BOND_OPTION_MODE, mode_name);
    for (; *names; names++) {
        const BondOptionInfo *opt = bond_option_by_name(*names);
        const char *value;

        /* The active port is a runtime choice, not configuration; an
         * alias says again what its option says. */
        if (!opt || g_str_equal(*names, NM_SETTING_BOND_OPTION_MODE) ||
            (opt->flags &
             (BOND_OPT_FLAG_RUNTIME | BOND_OPT_FLAG_READ_ONLY | BOND_OPT_FLAG_ALIAS)) ||
            !bond_option_valid_in_mode(opt, (BondMode)mode))
            continue;
        value = applied->values[bond_option_index(opt)];
        if (!value || !*value || is_default(s_bond, *names, value) ||
            !nm_setting_bond_validate_option(*names, value))
            continue;
        nm_setting_bond_add_option(s_bond, *names, value);
    }
    return TRUE;
}
