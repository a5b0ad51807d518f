/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * mtu, hwaddress and hook lines.  See ifupdown-link.h.
 */
#include "config.h"

#include "ifupdown-link.h"

#include <glib/gi18n-lib.h>
#include <string.h>

static const char *const hooks[] = {"pre-up", "up", "post-up", "down", "pre-down", "post-down"};

void
ifupdown_link_init(IfupdownLink *link)
{
    memset(link, 0, sizeof(*link));
    link->mtu = -1;
    link->autoneg = -1;
}

void
ifupdown_link_clear(IfupdownLink *link)
{
    g_clear_pointer(&link->cloned_mac, g_free);
    g_clear_pointer(&link->duplex, g_free);
}

gboolean
ifupdown_link_is_option(const char *key)
{
    return strcmp(key, "mtu") == 0 || strcmp(key, "hwaddress") == 0;
}

gboolean
ifupdown_link_is_hook(const char *key)
{
    for (guint i = 0; i < G_N_ELEMENTS(hooks); i++) {
        if (strcmp(key, hooks[i]) == 0)
            return TRUE;
    }
    return FALSE;
}

static void
not_carried(GPtrArray *diags, const char *iface, const IfupdownOpt *o, const char *why)
{
    ifupdown_diag_add(diags, IFUPDOWN_DIAG_NOT_CARRIED, o->option->file, o->option->line,
                      _("%s: '%s %s' not carried: %s"), iface, o->option->key_raw, o->option->value,
                      why);
}

void
ifupdown_link_option(IfupdownLink *link, const char *iface, const IfupdownOpt *o, GPtrArray *diags)
{
    const char *value = o->option->value;

    if (strcmp(o->option->key, "mtu") == 0) {
        guint64 mtu;

        if (link->mtu >= 0) {
            ifupdown_diag_add(diags, IFUPDOWN_DIAG_NOTE, o->option->file, o->option->line,
                              _("%s: mtu given again; the first one is used"), iface);
            return;
        }
        if (!g_ascii_string_to_unsigned(value, 10, 0, G_MAXUINT16, &mtu, NULL)) {
            not_carried(diags, iface, o, _("not a number in 0..65535"));
            return;
        }
        link->mtu = (gint64)mtu;
        return;
    }

    /* hwaddress [ether] ADDRESS|random: the class word is optional. */
    {
        g_auto(GStrv) w = ifupdown_words(value);
        guint n = g_strv_length(w);
        const char *mac = n == 1 ? w[0] : n == 2 && strcmp(w[0], "ether") == 0 ? w[1] : NULL;

        if (link->cloned_mac) {
            ifupdown_diag_add(diags, IFUPDOWN_DIAG_NOTE, o->option->file, o->option->line,
                              _("%s: hwaddress given again; the first one is used"), iface);
            return;
        }
        if (mac && strcmp(mac, "random") == 0) {
            link->cloned_mac = g_strdup("random"); /* NetworkManager's spelling too */
            return;
        }
        if (!mac || !nm_utils_hwaddr_valid(mac, ETH_ALEN)) {
            not_carried(diags, iface, o, _("not an Ethernet address"));
            return;
        }
        link->cloned_mac = g_strdup(mac);
    }
}

gboolean
ifupdown_parse_ethtool(const char *command, const char *iface, guint32 *speed, char **duplex,
                       int *autoneg)
{
    g_auto(GStrv) w = ifupdown_words(command);
    guint n = g_strv_length(w);
    g_autofree char *base = NULL;
    guint32 s = 0;
    const char *d = NULL;
    int a = -1;

    if (n < 5 || (n - 3) % 2 != 0)
        return FALSE;
    base = g_path_get_basename(w[0]);
    if (strcmp(base, "ethtool") != 0)
        return FALSE;
    if (strcmp(w[1], "-s") != 0 && strcmp(w[1], "--change") != 0)
        return FALSE;
    if (strcmp(w[2], "$IFACE") != 0 && strcmp(w[2], "${IFACE}") != 0 && strcmp(w[2], iface) != 0)
        return FALSE;
    for (guint i = 3; i + 1 < n; i += 2) {
        const char *key = w[i];
        const char *arg = w[i + 1];

        if (strcmp(key, "speed") == 0) {
            guint64 v;

            if (!g_ascii_string_to_unsigned(arg, 10, 1, G_MAXUINT32, &v, NULL))
                return FALSE;
            s = (guint32)v;
        } else if (strcmp(key, "duplex") == 0) {
            if (strcmp(arg, "half") != 0 && strcmp(arg, "full") != 0)
                return FALSE;
            d = arg;
        } else if (strcmp(key, "autoneg") == 0) {
            if (strcmp(arg, "on") != 0 && strcmp(arg, "off") != 0)
                return FALSE;
            a = strcmp(arg, "on") == 0;
        } else {
            /* wol, advertise, port...: the line stays a hook. */
            return FALSE;
        }
    }
    *speed = s;
    *duplex = g_strdup(d);
    *autoneg = a;
    return TRUE;
}

void
ifupdown_link_hook(IfupdownLink *link, const char *iface, gboolean ethernet, const IfupdownOpt *o,
                   GPtrArray *diags)
{
    const char *key = o->option->key;
    g_autofree char *duplex = NULL;
    guint32 speed = 0;
    int autoneg = -1;

    /* Only a command run while the link comes up says what the link is. */
    if (ethernet &&
        (strcmp(key, "pre-up") == 0 || strcmp(key, "up") == 0 || strcmp(key, "post-up") == 0) &&
        ifupdown_parse_ethtool(o->option->value, iface, &speed, &duplex, &autoneg)) {
        if (speed)
            link->speed = speed;
        if (duplex) {
            g_free(link->duplex);
            link->duplex = g_steal_pointer(&duplex);
        }
        if (autoneg >= 0)
            link->autoneg = autoneg;
        return;
    }
    not_carried(diags, iface, o, _("bondd does not run hook commands"));
}

NMSetting *
ifupdown_link_to_setting(const IfupdownLink *link)
{
    NMSetting *s_wired;

    if (link->mtu < 0 && !link->cloned_mac && !link->speed && !link->duplex && link->autoneg < 0)
        return NULL;
    s_wired = nm_setting_wired_new();
    if (link->mtu >= 0)
        g_object_set(s_wired, NM_SETTING_WIRED_MTU, (guint)link->mtu, NULL);
    if (link->cloned_mac)
        g_object_set(s_wired, NM_SETTING_WIRED_CLONED_MAC_ADDRESS, link->cloned_mac, NULL);
    /* "ethtool -s $IFACE speed 1000 duplex full" forces the link (that is
     * what it is written for; with autoneg left as it was most drivers
     * would ignore speed and duplex).  "autoneg on" with them advertises
     * only that mode: NetworkManager's meaning of auto-negotiate with
     * speed and duplex. */
    if (link->speed)
        g_object_set(s_wired, NM_SETTING_WIRED_SPEED, link->speed, NULL);
    if (link->duplex)
        g_object_set(s_wired, NM_SETTING_WIRED_DUPLEX, link->duplex, NULL);
    g_object_set(s_wired, NM_SETTING_WIRED_AUTO_NEGOTIATE, link->autoneg == 1, NULL);
    return s_wired;
}
