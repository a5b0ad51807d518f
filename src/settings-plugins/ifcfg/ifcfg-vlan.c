/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Vlan keys (see ifcfg-vlan.h).  The rules are ifcfg-rh's: DEVICE=eth0.43
 * gives the parent and the id, the id in DEVICE wins over VLAN_ID (as
 * initscripts), PHYSDEV wins over DEVICE for the parent; VLAN_FLAGS is the
 * current spelling of the flags and REORDER_HDR a deprecated one.
 */
#include "config.h"

#include "ifcfg-vlan.h"

#include <glib/gi18n-lib.h>
#include <string.h>

static gboolean
fail(GError **error, ShvarFile *s, const char *msg)
{
    g_set_error(error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA, "%s: %s", sv_file_get_path(s), msg);
    return FALSE;
}

/* The id and parent from DEVICE ("eth0.43", or "vlan43" with PHYSDEV). */
static void
parse_device(const char *device, int *id, char **parent)
{
    const char *dot = strchr(device, '.');
    const char *number = NULL;
    char *end = NULL;
    gint64 v;

    if (dot) {
        if (!*parent && !g_str_has_prefix(device, "vlan"))
            *parent = g_strndup(device, dot - device);
        number = dot + 1;
    } else if (g_str_has_prefix(device, "vlan")) {
        number = device + strlen("vlan");
    }
    if (!number || !g_ascii_isdigit(*number))
        return;
    v = g_ascii_strtoll(number, &end, 10);
    if (!*end && v < 4096)
        *id = (int)v;
}

static void
read_priority_map(ShvarFile *s, NMSettingVlan *s_vlan, const char *key, NMVlanPriorityMap map)
{
    const char *v = sv_get_value_str(s, key);
    g_auto(GStrv) items = v ? g_strsplit(v, ",", -1) : NULL;

    for (guint i = 0; items && items[i]; i++) {
        if (!strchr(items[i], ':'))
            continue;
        if (!nm_setting_vlan_add_priority_str(s_vlan, map, items[i]))
            sv_file_add_key_warning(s, key, _("invalid %s priority map item '%s'"), key, items[i]);
    }
}

static guint32
read_flags(ShvarFile *s)
{
    guint32 flags = NM_VLAN_FLAG_REORDER_HEADERS;
    int gvrp = sv_get_boolean(s, "GVRP", -1);
    int reorder = sv_get_boolean(s, "REORDER_HDR", -1);
    const char *v = sv_get_value_str(s, "VLAN_FLAGS");
    g_auto(GStrv) items = v ? g_strsplit_set(v, ", ", -1) : NULL;

    if (gvrp > 0)
        flags |= NM_VLAN_FLAG_GVRP;
    for (guint i = 0; items && items[i]; i++) {
        if (strcmp(items[i], "GVRP") == 0 && gvrp == -1)
            flags |= NM_VLAN_FLAG_GVRP;
        else if (strcmp(items[i], "LOOSE_BINDING") == 0)
            flags |= NM_VLAN_FLAG_LOOSE_BINDING;
        else if (strcmp(items[i], "NO_REORDER_HDR") == 0)
            flags &= ~NM_VLAN_FLAG_REORDER_HEADERS;
    }
    if (reorder != -1 && !reorder != !(flags & NM_VLAN_FLAG_REORDER_HEADERS))
        sv_file_add_key_warning(s, "REORDER_HDR",
                                _("REORDER_HDR key is deprecated, use VLAN_FLAGS"));
    if (sv_get_boolean(s, "MVRP", FALSE))
        flags |= NM_VLAN_FLAG_MVRP;
    return flags;
}

NMSetting *
ifcfg_vlan_read(ShvarFile *s, GError **error)
{
    const char *v = sv_get_value_str(s, "VLAN_ID");
    const char *device = sv_get_value_str(s, "DEVICE");
    g_autofree char *parent = g_strdup(sv_get_value_str(s, "PHYSDEV"));
    NMSetting *s_vlan;
    int id = -1;

    if (v) {
        id = (int)sv_get_int64(s, "VLAN_ID", 10, 0, 4095, -1);
        if (id < 0) {
            g_autofree char *msg = g_strdup_printf(_("invalid VLAN_ID '%s'"), v);

            fail(error, s, msg);
            return NULL;
        }
    }
    if (!device && id < 0) {
        fail(error, s, _("missing DEVICE property; cannot determine VLAN ID"));
        return NULL;
    }
    if (device)
        parse_device(device, &id, &parent);
    if (id < 0) {
        fail(error, s, _("failed to determine VLAN ID from DEVICE or VLAN_ID"));
        return NULL;
    }
    if (!parent) {
        fail(error, s, _("failed to determine VLAN parent from DEVICE or PHYSDEV"));
        return NULL;
    }
    s_vlan = nm_setting_vlan_new();
    g_object_set(s_vlan, NM_SETTING_VLAN_ID, (guint)id, NM_SETTING_VLAN_PARENT, parent,
                 NM_SETTING_VLAN_FLAGS, read_flags(s), NULL);
    /* An unknown protocol is left for libnm's verification to refuse. */
    if ((v = sv_get_value_str(s, "VLAN_PROTOCOL")))
        g_object_set(s_vlan, NM_SETTING_VLAN_PROTOCOL, v, NULL);
    read_priority_map(s, NM_SETTING_VLAN(s_vlan), "VLAN_INGRESS_PRIORITY_MAP", NM_VLAN_INGRESS_MAP);
    read_priority_map(s, NM_SETTING_VLAN(s_vlan), "VLAN_EGRESS_PRIORITY_MAP", NM_VLAN_EGRESS_MAP);
    return s_vlan;
}

static void
write_priority_map(ShvarFile *s, NMSettingVlan *s_vlan, const char *key, NMVlanPriorityMap map)
{
    g_autoptr(GString) text = g_string_new(NULL);
    gint32 n = nm_setting_vlan_get_num_priorities(s_vlan, map);

    for (gint32 i = 0; i < n; i++) {
        guint32 from, to;

        if (nm_setting_vlan_get_priority(s_vlan, map, (guint32)i, &from, &to))
            g_string_append_printf(text, "%s%u:%u", text->len ? "," : "", from, to);
    }
    sv_set_value_str(s, key, text->str);
}

void
ifcfg_vlan_write(ShvarFile *s, NMSettingVlan *s_vlan)
{
    guint32 flags = nm_setting_vlan_get_flags(s_vlan);
    g_autoptr(GString) vlan_flags = g_string_new(NULL);

    sv_set_value(s, "VLAN", "yes");
    sv_set_value(s, "TYPE", "Vlan");
    sv_set_value_str(s, "PHYSDEV", nm_setting_vlan_get_parent(s_vlan));
    sv_set_value_int64(s, "VLAN_ID", nm_setting_vlan_get_id(s_vlan));
    sv_set_value_str(s, "VLAN_PROTOCOL", nm_setting_vlan_get_protocol(s_vlan));
    sv_set_value_boolean(s, "REORDER_HDR", (flags & NM_VLAN_FLAG_REORDER_HEADERS) != 0);
    sv_set_value_boolean(s, "GVRP", (flags & NM_VLAN_FLAG_GVRP) != 0);
    if (flags & NM_VLAN_FLAG_LOOSE_BINDING)
        g_string_append(vlan_flags, "LOOSE_BINDING");
    if (!(flags & NM_VLAN_FLAG_REORDER_HEADERS))
        g_string_append_printf(vlan_flags, "%sNO_REORDER_HDR", vlan_flags->len ? "," : "");
    sv_set_value_str(s, "VLAN_FLAGS", vlan_flags->str);
    sv_set_value_boolean(s, "MVRP", (flags & NM_VLAN_FLAG_MVRP) != 0);
    write_priority_map(s, s_vlan, "VLAN_INGRESS_PRIORITY_MAP", NM_VLAN_INGRESS_MAP);
    write_priority_map(s, s_vlan, "VLAN_EGRESS_PRIORITY_MAP", NM_VLAN_EGRESS_MAP);
}
