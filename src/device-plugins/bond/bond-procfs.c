/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * /proc/net/bonding/<bond> parsing.  The file is "Key: value" lines; a
 * "Slave Interface:" line starts a port block; in 802.3ad mode a port block
 * has two indented sub-blocks ("details actor lacp pdu:", "details partner
 * lacp pdu:").  Only CAP_NET_ADMIN readers see the LACP details.
 */
#include "config.h"

#include "bond-procfs.h"

#include <string.h>

static BondProcPort *
proc_port_new(const char *name)
{
    BondProcPort *p = g_new0(BondProcPort, 1);

    p->name = g_strdup(name);
    p->kv = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, g_free);
    return p;
}

static void
proc_port_free(gpointer data)
{
    BondProcPort *p = data;

    g_free(p->name);
    g_hash_table_unref(p->kv);
    g_free(p);
}

void
bond_proc_info_free(BondProcInfo *info)
{
    if (!info)
        return;
    g_hash_table_unref(info->kv);
    g_ptr_array_unref(info->ports);
    g_free(info);
}

BondProcInfo *
bond_procfs_parse(const char *text)
{
    BondProcInfo *info = g_new0(BondProcInfo, 1);
    /* Values become D-Bus strings, which must be UTF-8: a stray byte (a
     * driver's, or a port name's) becomes U+FFFD instead of tripping GLib. */
    g_autofree char *valid = g_utf8_make_valid(text ? text : "", -1);
    g_auto(GStrv) lines = g_strsplit(valid, "\n", -1);
    BondProcPort *port = NULL;
    const char *sub = NULL;

    info->kv = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, g_free);
    info->ports = g_ptr_array_new_with_free_func(proc_port_free);

    for (guint i = 0; lines[i]; i++) {
        const char *line = lines[i];
        gboolean indented = line[0] == ' ' || line[0] == '\t';
        g_autofree char *key = NULL;
        g_autofree char *value = NULL;
        const char *colon;

        if (g_str_has_prefix(line, "details actor lacp pdu:")) {
            sub = "actor";
            continue;
        }
        if (g_str_has_prefix(line, "details partner lacp pdu:")) {
            sub = "partner";
            continue;
        }
        colon = strchr(line, ':');
        if (!colon)
            continue;
        key = g_strstrip(g_strndup(line, colon - line));
        value = g_strstrip(g_strdup(colon + 1));
        if (!indented)
            sub = NULL;

        if (g_str_equal(key, "Slave Interface")) {
            port = proc_port_new(value);
            g_ptr_array_add(info->ports, port);
            continue;
        }
        if (port && sub && indented)
            g_hash_table_replace(port->kv, g_strdup_printf("%s:%s", sub, key),
                                 g_steal_pointer(&value));
        else if (port)
            g_hash_table_replace(port->kv, g_steal_pointer(&key), g_steal_pointer(&value));
        else
            g_hash_table_replace(info->kv, g_steal_pointer(&key), g_steal_pointer(&value));
    }
    return info;
}

BondProcInfo *
bond_procfs_read(const char *bond_name, GError **error)
{
    g_autofree char *path = g_build_filename("/proc/net/bonding", bond_name, NULL);
    g_autofree char *text = NULL;

    if (!g_file_get_contents(path, &text, NULL, error))
        return NULL;
    return bond_procfs_parse(text);
}

const BondProcPort *
bond_proc_info_port(const BondProcInfo *info, const char *name)
{
    for (guint i = 0; info && i < info->ports->len; i++) {
        const BondProcPort *p = g_ptr_array_index(info->ports, i);

        if (g_str_equal(p->name, name))
            return p;
    }
    return NULL;
}

typedef struct {
    const char *proc_key;
    const char *dbus_key;
    gboolean is_uint;
} ProcField;

/* procfs-only facts and the D-Bus names bondd exports them under. */
static const ProcField port_fields[] = {
    {"Actor Churn State", "ActorChurnState", FALSE},
    {"Partner Churn State", "PartnerChurnState", FALSE},
    {"Actor Churned Count", "ActorChurnedCount", TRUE},
    {"Partner Churned Count", "PartnerChurnedCount", TRUE},
    {"actor:system priority", "ActorSystemPriority", TRUE},
    {"actor:system mac address", "ActorSystemMac", FALSE},
    {"actor:port key", "ActorPortKey", TRUE},
    {"actor:port priority", "ActorPortPriority", TRUE},
    {"actor:port number", "ActorPortNumber", TRUE},
    {"actor:port state", "ActorPortState", TRUE},
    {"partner:system priority", "PartnerSystemPriority", TRUE},
    {"partner:system mac address", "PartnerSystemMac", FALSE},
    {"partner:oper key", "PartnerOperKey", TRUE},
    {"partner:port priority", "PartnerPortPriority", TRUE},
    {"partner:port number", "PartnerPortNumber", TRUE},
    {"partner:port state", "PartnerPortState", TRUE},
};

static const ProcField master_fields[] = {
    {"System priority", "SystemPriority", TRUE},
    {"System MAC address", "SystemMac", FALSE},
};

static void
add_fields(GHashTable *kv, const ProcField *fields, guint n, GVariantBuilder *builder)
{
    for (guint i = 0; i < n; i++) {
        const char *v = g_hash_table_lookup(kv, fields[i].proc_key);
        guint64 num;

        if (!v)
            continue;
        if (!fields[i].is_uint) {
            g_variant_builder_add(builder, "{sv}", fields[i].dbus_key, g_variant_new_string(v));
        } else if (g_ascii_string_to_unsigned(v, 10, 0, G_MAXUINT32, &num, NULL)) {
            g_variant_builder_add(builder, "{sv}", fields[i].dbus_key,
                                  g_variant_new_uint32((guint32)num));
        }
    }
}

void
bond_procfs_port_to_variant(const BondProcPort *port, GVariantBuilder *builder)
{
    if (port)
        add_fields(port->kv, port_fields, G_N_ELEMENTS(port_fields), builder);
}

void
bond_procfs_master_to_variant(const BondProcInfo *info, GVariantBuilder *builder)
{
    if (info)
        add_fields(info->kv, master_fields, G_N_ELEMENTS(master_fields), builder);
}
