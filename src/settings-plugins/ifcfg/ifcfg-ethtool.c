/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * ETHTOOL_OPTS / ETHTOOL_WAKE_ON_LAN <-> the link part of the 802-3-ethernet
 * setting (autoneg, speed, duplex, Wake-on-LAN), in ifcfg-rh's syntax.
 */
#include "config.h"

#include "ifcfg-ethtool.h"

#include <glib/gi18n-lib.h>
#include <string.h>

static void
parse_ethtool_command(ShvarFile *s, NMSettingWired *s_wired, const char *cmd)
{
    g_auto(GStrv) words = g_strsplit_set(cmd, " \t\n", -1);
    g_autoptr(GPtrArray) w = g_ptr_array_new();

    for (guint i = 0; words[i]; i++) {
        if (words[i][0])
            g_ptr_array_add(w, words[i]);
    }
    if (w->len == 0)
        return;
    if (((const char *)w->pdata[0])[0] == '-') {
        /* -K/-C/-G/-A: offload, coalesce, ring, pause.  bondd does not
         * carry an ethtool setting; the key is kept on rewrite only if the
         * link part is unchanged. */
        g_debug("%s: ETHTOOL_OPTS command '%s' ignored", sv_file_get_path(s),
                (const char *)w->pdata[0]);
        return;
    }
    for (guint i = 0; i < w->len; i++) {
        const char *word = w->pdata[i];
        const char *arg = i + 1 < w->len ? w->pdata[i + 1] : NULL;

        if (strcmp(word, "autoneg") == 0 || strcmp(word, "speed") == 0 ||
            strcmp(word, "duplex") == 0 || strcmp(word, "wol") == 0 ||
            strcmp(word, "sopass") == 0) {
            if (!arg) {
                sv_file_add_key_warning(s, "ETHTOOL_OPTS",
                                        _("ETHTOOL_OPTS: missing argument for '%s'"), word);
                return;
            }
            i++;
        }
        if (strcmp(word, "autoneg") == 0) {
            int v = sv_parse_boolean(arg, -1);

            if (strcmp(arg, "on") == 0)
                v = TRUE;
            else if (strcmp(arg, "off") == 0)
                v = FALSE;
            if (v == -1)
                sv_file_add_key_warning(s, "ETHTOOL_OPTS", _("ETHTOOL_OPTS: invalid autoneg '%s'"),
                                        arg);
            else
                g_object_set(s_wired, NM_SETTING_WIRED_AUTO_NEGOTIATE, (gboolean)v, NULL);
        } else if (strcmp(word, "speed") == 0) {
            char *end = NULL;
            guint64 v = g_ascii_strtoull(arg, &end, 10);

            if (!arg[0] || *end || v > G_MAXUINT32)
                sv_file_add_key_warning(s, "ETHTOOL_OPTS", _("ETHTOOL_OPTS: invalid speed '%s'"),
                                        arg);
            else
                g_object_set(s_wired, NM_SETTING_WIRED_SPEED, (guint)v, NULL);
        } else if (strcmp(word, "duplex") == 0) {
            if (strcmp(arg, "half") == 0 || strcmp(arg, "full") == 0)
                g_object_set(s_wired, NM_SETTING_WIRED_DUPLEX, arg, NULL);
            else
                sv_file_add_key_warning(s, "ETHTOOL_OPTS", _("ETHTOOL_OPTS: invalid duplex '%s'"),
                                        arg);
        } else if (strcmp(word, "wol") == 0) {
            guint wol = 0;

            for (const char *c = arg; *c; c++) {
                switch (*c) {
                    case 'p':
                        wol |= NM_SETTING_WIRED_WAKE_ON_LAN_PHY;
                        break;
                    case 'u':
                        wol |= NM_SETTING_WIRED_WAKE_ON_LAN_UNICAST;
                        break;
                    case 'm':
                        wol |= NM_SETTING_WIRED_WAKE_ON_LAN_MULTICAST;
                        break;
                    case 'b':
                        wol |= NM_SETTING_WIRED_WAKE_ON_LAN_BROADCAST;
                        break;
                    case 'a':
                        wol |= NM_SETTING_WIRED_WAKE_ON_LAN_ARP;
                        break;
                    case 'g':
                        wol |= NM_SETTING_WIRED_WAKE_ON_LAN_MAGIC;
                        break;
                    case 'd':
                        wol = NM_SETTING_WIRED_WAKE_ON_LAN_NONE;
                        break;
                    case 's':
                        break;
                    default:
                        sv_file_add_key_warning(s, "ETHTOOL_OPTS",
                                                _("ETHTOOL_OPTS: invalid wol flag '%c'"), *c);
                        break;
                }
            }
            g_object_set(s_wired, NM_SETTING_WIRED_WAKE_ON_LAN, wol, NULL);
        } else if (strcmp(word, "sopass") == 0) {
            if (nm_setting_wired_get_wake_on_lan(s_wired) & NM_SETTING_WIRED_WAKE_ON_LAN_MAGIC)
                g_object_set(s_wired, NM_SETTING_WIRED_WAKE_ON_LAN_PASSWORD, arg, NULL);
            else
                sv_file_add_key_warning(s, "ETHTOOL_OPTS",
                                        _("ETHTOOL_OPTS: sopass needs 'wol g'; ignored"));
        }
        /* Unknown words are skipped one at a time. */
    }
}

void
ifcfg_ethtool_read(ShvarFile *s, NMSettingWired *s_wired)
{
    const char *opts = sv_get_value(s, "ETHTOOL_OPTS");
    const char *wol = sv_get_value_str(s, "ETHTOOL_WAKE_ON_LAN");

    if (opts && !opts[0]) {
        g_object_set(s_wired, NM_SETTING_WIRED_WAKE_ON_LAN, NM_SETTING_WIRED_WAKE_ON_LAN_IGNORE,
                     NULL);
    } else if (opts) {
        g_auto(GStrv) cmds = g_strsplit(opts, ";", -1);

        for (guint i = 0; cmds[i]; i++)
            parse_ethtool_command(s, s_wired, cmds[i]);
    }
    if (wol && strcmp(wol, "ignore") == 0)
        g_object_set(s_wired, NM_SETTING_WIRED_WAKE_ON_LAN, NM_SETTING_WIRED_WAKE_ON_LAN_IGNORE,
                     NULL);
}

/*****************************************************************************/

void
ifcfg_ethtool_write(ShvarFile *s, NMSettingWired *s_wired)
{
    g_autoptr(GString) cmd = g_string_new(NULL);
    const char *old = sv_get_value_str(s, "ETHTOOL_OPTS");
    guint wol;
    guint32 speed;
    const char *duplex;

    if (!s_wired)
        return;
    speed = nm_setting_wired_get_speed(s_wired);
    duplex = nm_setting_wired_get_duplex(s_wired);
    wol = nm_setting_wired_get_wake_on_lan(s_wired);

    if (nm_setting_wired_get_auto_negotiate(s_wired))
        g_string_append(cmd, "autoneg on");
    else if (speed || duplex)
        g_string_append(cmd, "autoneg off");
    if (speed)
        g_string_append_printf(cmd, " speed %u", speed);
    if (duplex)
        g_string_append_printf(cmd, " duplex %s", duplex);

    if (wol == NM_SETTING_WIRED_WAKE_ON_LAN_IGNORE) {
        sv_set_value(s, "ETHTOOL_WAKE_ON_LAN", "ignore");
    } else if (wol != NM_SETTING_WIRED_WAKE_ON_LAN_DEFAULT) {
        static const struct {
            guint flag;
            char c;
        } flags[] = {
            {NM_SETTING_WIRED_WAKE_ON_LAN_PHY, 'p'},
            {NM_SETTING_WIRED_WAKE_ON_LAN_UNICAST, 'u'},
            {NM_SETTING_WIRED_WAKE_ON_LAN_MULTICAST, 'm'},
            {NM_SETTING_WIRED_WAKE_ON_LAN_BROADCAST, 'b'},
            {NM_SETTING_WIRED_WAKE_ON_LAN_ARP, 'a'},
            {NM_SETTING_WIRED_WAKE_ON_LAN_MAGIC, 'g'},
        };
        const char *pass = nm_setting_wired_get_wake_on_lan_password(s_wired);

        g_string_append_printf(cmd, "%swol ", cmd->len ? " " : "");
        if (wol == NM_SETTING_WIRED_WAKE_ON_LAN_NONE)
            g_string_append_c(cmd, 'd');
        for (guint i = 0; i < G_N_ELEMENTS(flags); i++) {
            if (wol & flags[i].flag)
                g_string_append_c(cmd, flags[i].c);
        }
        if (pass && (wol & NM_SETTING_WIRED_WAKE_ON_LAN_MAGIC))
            g_string_append_printf(cmd, "s sopass %s", pass);
    }

    /* Offload/ring/coalesce/pause commands are not carried by the profile;
     * keep them as the file had them. */
    if (old) {
        g_auto(GStrv) cmds = g_strsplit(old, ";", -1);

        for (guint i = 0; cmds[i]; i++) {
            g_autofree char *c = g_strstrip(g_strdup(cmds[i]));

            if (c[0] == '-')
                g_string_append_printf(cmd, "%s%s", cmd->len ? " ; " : "", c);
        }
    }
    sv_set_value_str(s, "ETHTOOL_OPTS", cmd->str);
}
