/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The kernel's per-link IPv6 switches (see ip6-link-settings.h).
 */
#include "config.h"

#include "ip6-link-settings.h"

#include <glib/gi18n.h>
#include <string.h>

/* The switches bondd may change, in the order it writes them. */
static const char *const keys[] = {"disable_ipv6", "addr_gen_mode", "accept_ra", "use_tempaddr"};

struct _BonddIp6LinkSaved {
    char *ifname;
    char *values[G_N_ELEMENTS(keys)]; /* NULL: not changed */
};

NMSettingIP6ConfigPrivacy
bondd_ip6_privacy_resolve(BonddLinkCache *cache, NMSettingIPConfig *s_ip6)
{
    NMSettingIP6ConfigPrivacy privacy =
        nm_setting_ip6_config_get_ip6_privacy(NM_SETTING_IP6_CONFIG(s_ip6));
    g_autofree char *value = NULL;
    gint64 n;

    if (privacy != NM_SETTING_IP6_CONFIG_PRIVACY_UNKNOWN)
        return privacy;
    value = bondd_link_cache_ip6_sysctl_get(cache, "default", "use_tempaddr", NULL);
    n = value ? g_ascii_strtoll(value, NULL, 10) : 0;
    return n <= 0   ? NM_SETTING_IP6_CONFIG_PRIVACY_DISABLED
           : n == 1 ? NM_SETTING_IP6_CONFIG_PRIVACY_PREFER_PUBLIC_ADDR
                    : NM_SETTING_IP6_CONFIG_PRIVACY_PREFER_TEMP_ADDR;
}

static void
set(BonddLinkCache *cache, BonddIp6LinkSaved *saved, guint key, const char *value)
{
    g_autoptr(GError) error = NULL;
    g_autofree char *old = bondd_link_cache_ip6_sysctl_get(cache, saved->ifname, keys[key], &error);

    if (old && strcmp(old, value) == 0)
        return;
    if (!bondd_link_cache_ip6_sysctl_set(cache, saved->ifname, keys[key], value,
                                         old ? &error : NULL)) {
        /* IPv6 compiled out or the link gone: nothing to configure. */
        g_message(_("ip6: %s: cannot set %s to %s: %s"), saved->ifname, keys[key], value,
                  error ? error->message : _("no such parameter"));
        return;
    }
    if (!saved->values[key])
        saved->values[key] = g_steal_pointer(&old);
}

BonddIp6LinkSaved *
bondd_ip6_link_prepare(BonddLinkCache *cache, const char *ifname, NMSettingIPConfig *s_ip6)
{
    const char *method = s_ip6 ? nm_setting_ip_config_get_method(s_ip6) : NULL;
    BonddIp6LinkSaved *saved;

    if (!method || strcmp(method, NM_SETTING_IP6_CONFIG_METHOD_IGNORE) == 0)
        return NULL;
    saved = g_new0(BonddIp6LinkSaved, 1);
    saved->ifname = g_strdup(ifname);
    if (strcmp(method, NM_SETTING_IP6_CONFIG_METHOD_DISABLED) == 0) {
        set(cache, saved, 0, "1");
        return saved;
    }
    set(cache, saved, 0, "0");
    set(cache, saved, 1, "1" /* IN6_ADDR_GEN_MODE_NONE */);
    set(cache, saved, 2, "0");
    switch (bondd_ip6_privacy_resolve(cache, s_ip6)) {
        case NM_SETTING_IP6_CONFIG_PRIVACY_PREFER_TEMP_ADDR:
            set(cache, saved, 3, "2");
            break;
        case NM_SETTING_IP6_CONFIG_PRIVACY_PREFER_PUBLIC_ADDR:
            set(cache, saved, 3, "1");
            break;
        default:
            set(cache, saved, 3, "0");
            break;
    }
    return saved;
}

void
bondd_ip6_link_saved_free(BonddIp6LinkSaved *saved)
{
    if (!saved)
        return;
    for (guint i = 0; i < G_N_ELEMENTS(keys); i++)
        g_free(saved->values[i]);
    g_free(saved->ifname);
    g_free(saved);
}

void
bondd_ip6_link_restore(BonddLinkCache *cache, BonddIp6LinkSaved *saved)
{
    if (!saved)
        return;
    /* Backwards: disable_ipv6 last, once the rest is as it was. */
    for (guint i = G_N_ELEMENTS(keys); i-- > 0;) {
        if (saved->values[i])
            bondd_link_cache_ip6_sysctl_set(cache, saved->ifname, keys[i], saved->values[i], NULL);
    }
    bondd_ip6_link_saved_free(saved);
}
