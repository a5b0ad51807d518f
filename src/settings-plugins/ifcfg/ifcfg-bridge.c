/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Bridge and bridge-port keys (see ifcfg-bridge.h).  ifcfg-rh's rules: a
 * missing or invalid STP means "no" (libnm's default is yes); the STP times
 * and the priority are read only with STP on; BRIDGING_OPTS lists
 * "name=value" pairs, written only where the value is not libnm's default
 * (the priority always, with STP); a bad pair is dropped with a warning.
 */
#include "config.h"

#include "ifcfg-bridge.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "bridge-options.h"

/* ------------------------------------------------------------------ read */

static gboolean
parse_bool(const BridgeOptionInfo *opt, const char *value, gboolean *out)
{
    if (strcmp(value, "0") == 0 || strcmp(value, "1") == 0) {
        *out = value[0] == '1';
        return TRUE;
    }
    if (!(opt->flags & BRIDGE_OPT_FLAG_IFCFG_WORDS))
        return FALSE;
    if (!g_ascii_strcasecmp(value, "on") || !g_ascii_strcasecmp(value, "yes"))
        *out = TRUE;
    else if (!g_ascii_strcasecmp(value, "off") || !g_ascii_strcasecmp(value, "no"))
        *out = FALSE;
    else
        return FALSE;
    return TRUE;
}

/* Set @opt from its ifcfg @value, or warn naming what is wrong. */
static void
set_option(ShvarFile *s, NMSetting *setting, const BridgeOptionInfo *opt, const char *value)
{
    GParamSpec *pspec = g_object_class_find_property(G_OBJECT_GET_CLASS(setting), opt->property);
    g_auto(GValue) gvalue = G_VALUE_INIT;
    gboolean b;
    guint64 n;

    g_value_init(&gvalue, pspec->value_type);
    if (pspec->value_type == G_TYPE_BOOLEAN) {
        if (!parse_bool(opt, value, &b)) {
            sv_file_add_warning(s, _("invalid %s value '%s': is not a boolean"), opt->ifcfg_name,
                                value);
            return;
        }
        g_value_set_boolean(&gvalue, b);
    } else if (pspec->value_type == G_TYPE_STRING) {
        g_value_set_string(&gvalue, value);
    } else {
        char *end = NULL;

        n = g_ascii_strtoull(value, &end, 10);
        if (!g_ascii_isdigit(value[0]) || *end ||
            (pspec->value_type == G_TYPE_UINT && n > G_MAXUINT)) {
            sv_file_add_warning(s, _("invalid %s value '%s': not a number"), opt->ifcfg_name,
                                value);
            return;
        }
        if (pspec->value_type == G_TYPE_UINT)
            g_value_set_uint(&gvalue, (guint)n);
        else
            g_value_set_uint64(&gvalue, n);
        if (g_param_value_validate(pspec, &gvalue)) {
            sv_file_add_warning(s, _("invalid %s value '%s': number is out of range"),
                                opt->ifcfg_name, value);
            return;
        }
    }
    g_object_set_property(G_OBJECT(setting), opt->property, &gvalue);
}

static const BridgeOptionInfo *
find_option(const BridgeOptionInfo *table, const char *name)
{
    for (const BridgeOptionInfo *opt = table; opt->property; opt++) {
        if (!(opt->flags & BRIDGE_OPT_FLAG_IFCFG_KEY) && strcmp(opt->ifcfg_name, name) == 0)
            return opt;
    }
    return NULL;
}

static void
read_option(ShvarFile *s, NMSetting *setting, const BridgeOptionInfo *opt, gboolean stp,
            const char *value)
{
    if ((opt->flags & BRIDGE_OPT_FLAG_ONLY_WITH_STP) && !stp)
        sv_file_add_warning(s, _("'%s' invalid when STP is disabled"), opt->ifcfg_name);
    else
        set_option(s, setting, opt, value);
}

/* BRIDGING_OPTS="name=value ...": space-separated; a pair without a name or
 * a value is skipped, as ifcfg-rh does. */
static void
read_bridging_opts(ShvarFile *s, NMSetting *setting, const BridgeOptionInfo *table, gboolean stp)
{
    const char *v = sv_get_value_str(s, "BRIDGING_OPTS");
    g_auto(GStrv) items = v ? g_strsplit(v, " ", -1) : NULL;

    for (guint i = 0; items && items[i]; i++) {
        char *eq = strchr(items[i], '=');
        const BridgeOptionInfo *opt;

        if (!eq || eq == items[i] || !eq[1])
            continue;
        *eq = '\0';
        opt = find_option(table, items[i]);
        if (opt)
            read_option(s, setting, opt, stp, eq + 1);
        else
            sv_file_add_warning(s, _("unhandled bridge option '%s'"), items[i]);
    }
}

/* BRIDGE_VLANS / BRIDGE_PORT_VLANS: libnm's "VID[-VID] [pvid] [untagged]"
 * items, comma-separated. */
static void
read_vlans(ShvarFile *s, const char *key, NMSetting *setting, const char *property)
{
    const char *v = sv_get_value_str(s, key);
    g_auto(GStrv) items = v ? g_strsplit(v, ",", -1) : NULL;
    g_autoptr(GPtrArray) vlans =
        g_ptr_array_new_with_free_func((GDestroyNotify)nm_bridge_vlan_unref);

    for (guint i = 0; items && items[i]; i++) {
        g_autoptr(GError) error = NULL;
        NMBridgeVlan *vlan = nm_bridge_vlan_from_str(g_strstrip(items[i]), &error);

        if (vlan)
            g_ptr_array_add(vlans, vlan);
        else
            sv_file_add_warning(s, _("invalid bridge VLAN: %s"), error->message);
    }
    g_object_set(setting, property, vlans, NULL);
}

NMSetting *
ifcfg_bridge_read(ShvarFile *s)
{
    NMSetting *s_bridge = nm_setting_bridge_new();
    const char *v = sv_get_value_str(s, "BRIDGE_MACADDR");
    gboolean stp = FALSE;

    if (v)
        g_object_set(s_bridge, NM_SETTING_BRIDGE_MAC_ADDRESS, v, NULL);
    if ((v = sv_get_value_str(s, "STP"))) {
        if (!g_ascii_strcasecmp(v, "on") || !g_ascii_strcasecmp(v, "yes"))
            stp = TRUE;
        else if (g_ascii_strcasecmp(v, "off") && g_ascii_strcasecmp(v, "no"))
            sv_file_add_warning(s, _("invalid STP value '%s'"), v);
    }
    g_object_set(s_bridge, NM_SETTING_BRIDGE_STP, stp, NULL);
    for (const BridgeOptionInfo *opt = bridge_options(); opt->property; opt++) {
        if ((opt->flags & BRIDGE_OPT_FLAG_IFCFG_KEY) && strcmp(opt->ifcfg_name, "STP") != 0 &&
            (v = sv_get_value_str(s, opt->ifcfg_name)))
            read_option(s, s_bridge, opt, stp, v);
    }
    read_bridging_opts(s, s_bridge, bridge_options(), stp);
    read_vlans(s, "BRIDGE_VLANS", s_bridge, NM_SETTING_BRIDGE_VLANS);
    return s_bridge;
}

NMSetting *
ifcfg_bridge_port_read(ShvarFile *s)
{
    NMSetting *s_port;

    if (!sv_get_value_str(s, "BRIDGE_UUID") && !sv_get_value_str(s, "BRIDGE"))
        return NULL;
    s_port = nm_setting_bridge_port_new();
    read_bridging_opts(s, s_port, bridge_port_options(), FALSE);
    read_vlans(s, "BRIDGE_PORT_VLANS", s_port, NM_SETTING_BRIDGE_PORT_VLANS);
    return s_port;
}

/* ----------------------------------------------------------------- write */

/* The ifcfg text of @opt's value. */
static char *
option_text(const BridgeOptionInfo *opt, NMSetting *setting)
{
    g_auto(GValue) value = G_VALUE_INIT;
    GParamSpec *pspec = bridge_option_get_value(opt, setting, &value);

    switch (pspec->value_type) {
        case G_TYPE_BOOLEAN:
            return g_strdup(g_value_get_boolean(&value) ? "1" : "0");
        case G_TYPE_UINT:
            return g_strdup_printf("%u", g_value_get_uint(&value));
        case G_TYPE_UINT64:
            return g_strdup_printf("%" G_GUINT64_FORMAT, g_value_get_uint64(&value));
        default:
            return g_value_dup_string(&value);
    }
}

/* The "name=value" pairs of @table that ifcfg-rh writes. */
static void
write_bridging_opts(ShvarFile *s, NMSetting *setting, const BridgeOptionInfo *table, gboolean stp)
{
    g_autoptr(GString) opts = g_string_new(NULL);

    for (const BridgeOptionInfo *opt = table; opt->property; opt++) {
        g_autofree char *text = NULL;

        if ((opt->flags & BRIDGE_OPT_FLAG_IFCFG_KEY) ||
            ((opt->flags & BRIDGE_OPT_FLAG_ONLY_WITH_STP) && !stp) ||
            (bridge_option_is_default(opt, setting) &&
             !(opt->flags & BRIDGE_OPT_FLAG_IFCFG_ALWAYS)))
            continue;
        text = option_text(opt, setting);
        g_string_append_printf(opts, "%s%s=%s", opts->len ? " " : "", opt->ifcfg_name, text);
    }
    sv_set_value_str(s, "BRIDGING_OPTS", opts->str);
}

static void
write_vlans(ShvarFile *s, const char *key, NMSetting *setting, const char *property)
{
    g_autoptr(GPtrArray) vlans = NULL;
    g_autoptr(GString) text = g_string_new(NULL);

    g_object_get(setting, property, &vlans, NULL);
    for (guint i = 0; vlans && i < vlans->len; i++) {
        g_autofree char *item = nm_bridge_vlan_to_str(vlans->pdata[i], NULL);

        if (item)
            g_string_append_printf(text, "%s%s", text->len ? "," : "", item);
    }
    sv_set_value_str(s, key, text->str);
}

void
ifcfg_bridge_write(ShvarFile *s, NMSettingBridge *s_bridge)
{
    gboolean stp = nm_setting_bridge_get_stp(s_bridge);
    NMSetting *setting = NM_SETTING(s_bridge);

    /* STP first, as ifcfg-rh does (it sets "no", then "yes" in place). */
    sv_set_value_boolean(s, "STP", stp);
    sv_set_value_str(s, "BRIDGE_MACADDR", nm_setting_bridge_get_mac_address(s_bridge));
    for (const BridgeOptionInfo *opt = bridge_options(); opt->property; opt++) {
        g_autofree char *text = NULL;

        if (!(opt->flags & BRIDGE_OPT_FLAG_IFCFG_KEY) || strcmp(opt->ifcfg_name, "STP") == 0)
            continue;
        if (stp && !bridge_option_is_default(opt, setting))
            text = option_text(opt, setting);
        sv_set_value_str(s, opt->ifcfg_name, text);
    }
    write_bridging_opts(s, setting, bridge_options(), stp);
    write_vlans(s, "BRIDGE_VLANS", setting, NM_SETTING_BRIDGE_VLANS);
    sv_set_value(s, "TYPE", "Bridge");
}

void
ifcfg_bridge_port_write(ShvarFile *s, NMSettingBridgePort *s_port)
{
    if (!s_port)
        return;
    write_bridging_opts(s, NM_SETTING(s_port), bridge_port_options(), FALSE);
    write_vlans(s, "BRIDGE_PORT_VLANS", NM_SETTING(s_port), NM_SETTING_BRIDGE_PORT_VLANS);
}
