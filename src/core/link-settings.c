/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Link settings common to every kind (see link-settings.h).
 */
#include "config.h"

#include "link-settings.h"

#include <glib/gi18n.h>
#include <sys/socket.h>
#include <linux/if.h>

gboolean
bondd_link_settings_bring_up(BonddLinkCache *cache, int ifindex, const char *ifname, GError **error)
{
    const BonddLink *link = bondd_link_cache_get(cache, ifindex);

    if (link && (link->flags & IFF_UP))
        return TRUE;
    if (!bondd_link_cache_set_up(cache, ifindex, TRUE, error)) {
        g_prefix_error(error, _("cannot set %s up: "), ifname);
        return FALSE;
    }
    return TRUE;
}

void
bondd_link_settings_apply_promiscuity(BonddLinkCache *cache, int ifindex, const char *ifname,
                                      NMConnection *connection)
{
    NMSettingWired *s_wired = nm_connection_get_setting_wired(connection);
    NMTernary all =
        s_wired ? nm_setting_wired_get_accept_all_mac_addresses(s_wired) : NM_TERNARY_DEFAULT;
    g_autoptr(GError) error = NULL;

    if (all == NM_TERNARY_DEFAULT)
        return;
    if (!bondd_link_cache_set_flags(cache, ifindex, IFF_PROMISC,
                                    all == NM_TERNARY_TRUE ? IFF_PROMISC : 0, &error))
        g_warning(_("%s: cannot set accept-all-mac-addresses: %s"), ifname, error->message);
}
