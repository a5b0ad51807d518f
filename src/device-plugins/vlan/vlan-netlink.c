/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Vlan settings to and from IFLA_VLAN_* (see vlan-netlink.h).
 *
 * NetworkManager's vlan flags are the kernel's VLAN_FLAG_* bits, and its
 * "from:to" priority maps are the kernel's struct ifla_vlan_qos_mapping, so
 * nothing is translated but the protocol's name.
 */
#include "config.h"

#include "vlan-netlink.h"

#include <arpa/inet.h>
#include <string.h>
#include <linux/if_ether.h>
#include <linux/if_link.h>

#include "plugin-link.h"

/* The kernel has 8 ingress priorities (802.1p). */
#define VLAN_INGRESS_PRIORITIES 8

void
vlan_config_init(VlanConfig *cfg)
{
    memset(cfg, 0, sizeof *cfg);
    cfg->protocol = ETH_P_8021Q;
    cfg->ingress = g_array_new(FALSE, FALSE, sizeof(VlanQosMapping));
    cfg->egress = g_array_new(FALSE, FALSE, sizeof(VlanQosMapping));
}

void
vlan_config_clear(VlanConfig *cfg)
{
    g_clear_pointer(&cfg->ingress, g_array_unref);
    g_clear_pointer(&cfg->egress, g_array_unref);
}

static gint
cmp_mapping(gconstpointer a, gconstpointer b)
{
    const VlanQosMapping *x = a;
    const VlanQosMapping *y = b;

    return x->from < y->from ? -1 : x->from > y->from;
}

/* Add or replace the mapping for @from; a zero @to means none. */
static void
map_set(GArray *map, guint32 from, guint32 to)
{
    for (guint i = 0; i < map->len; i++) {
        if (g_array_index(map, VlanQosMapping, i).from == from) {
            g_array_remove_index(map, i);
            break;
        }
    }
    if (to) {
        VlanQosMapping m = {from, to};

        g_array_append_val(map, m);
        g_array_sort(map, cmp_mapping);
    }
}

static void
map_from_setting(NMSettingVlan *s_vlan, NMVlanPriorityMap which, GArray *map)
{
    gint32 n = nm_setting_vlan_get_num_priorities(s_vlan, which);

    for (gint32 i = 0; i < n; i++) {
        guint32 from, to;

        if (nm_setting_vlan_get_priority(s_vlan, which, (guint32)i, &from, &to))
            map_set(map, from, to);
    }
}

void
vlan_config_from_setting(NMSettingVlan *s_vlan, VlanConfig *out)
{
    vlan_config_init(out);
    out->id = nm_setting_vlan_get_id(s_vlan);
    out->protocol = g_strcmp0(nm_setting_vlan_get_protocol(s_vlan), "802.1ad") == 0 ? ETH_P_8021AD
                                                                                    : ETH_P_8021Q;
    out->flags = nm_setting_vlan_get_flags(s_vlan) & VLAN_FLAGS_ALL;
    map_from_setting(s_vlan, NM_VLAN_INGRESS_MAP, out->ingress);
    map_from_setting(s_vlan, NM_VLAN_EGRESS_MAP, out->egress);
}

static gboolean
maps_equal(const GArray *a, const GArray *b)
{
    return a->len == b->len && memcmp(a->data, b->data, a->len * sizeof(VlanQosMapping)) == 0;
}

gboolean
vlan_config_live_equal(const VlanConfig *a, const VlanConfig *b)
{
    return a->flags == b->flags && maps_equal(a->ingress, b->ingress) &&
           maps_equal(a->egress, b->egress);
}

static void
append_map(GString *s, const char *name, const GArray *map)
{
    if (!map->len)
        return;
    g_string_append_printf(s, " %s", name);
    for (guint i = 0; i < map->len; i++) {
        const VlanQosMapping *m = &g_array_index(map, VlanQosMapping, i);

        g_string_append_printf(s, "%c%u:%u", i ? ',' : ' ', m->from, m->to);
    }
}

char *
vlan_config_to_string(const VlanConfig *cfg)
{
    GString *s = g_string_new(NULL);

    g_string_append_printf(s, "id %u protocol %s flags 0x%x", cfg->id,
                           cfg->protocol == ETH_P_8021AD ? "802.1ad" : "802.1Q", cfg->flags);
    append_map(s, "ingress", cfg->ingress);
    append_map(s, "egress", cfg->egress);
    return g_string_free(s, FALSE);
}

static void
put_mapping(struct nlmsghdr *nlh, guint32 from, guint32 to)
{
    struct ifla_vlan_qos_mapping m = {.from = from, .to = to};

    mnl_attr_put(nlh, IFLA_VLAN_QOS_MAPPING, sizeof m, &m);
}

void
vlan_netlink_put(struct nlmsghdr *nlh, const VlanConfig *cfg, gboolean create,
                 const VlanConfig *current)
{
    struct ifla_vlan_flags flags = {.flags = cfg->flags, .mask = VLAN_FLAGS_ALL};
    struct nlattr *nest;

    if (create) {
        mnl_attr_put_u16(nlh, IFLA_VLAN_ID, (guint16)cfg->id);
        mnl_attr_put_u16(nlh, IFLA_VLAN_PROTOCOL, htons(cfg->protocol));
    }
    mnl_attr_put(nlh, IFLA_VLAN_FLAGS, sizeof flags, &flags);

    nest = mnl_attr_nest_start(nlh, IFLA_VLAN_INGRESS_QOS);
    for (guint32 prio = 0; prio < VLAN_INGRESS_PRIORITIES; prio++) {
        guint32 to = 0;

        for (guint i = 0; i < cfg->ingress->len; i++) {
            if (g_array_index(cfg->ingress, VlanQosMapping, i).from == prio)
                to = g_array_index(cfg->ingress, VlanQosMapping, i).to;
        }
        /* A new link has none: only what is asked for. */
        if (to || !create)
            put_mapping(nlh, prio, to);
    }
    mnl_attr_nest_end(nlh, nest);

    nest = mnl_attr_nest_start(nlh, IFLA_VLAN_EGRESS_QOS);
    for (guint i = 0; current && i < current->egress->len; i++) {
        const VlanQosMapping *old = &g_array_index(current->egress, VlanQosMapping, i);
        gboolean kept = FALSE;

        for (guint j = 0; j < cfg->egress->len; j++)
            kept = kept || g_array_index(cfg->egress, VlanQosMapping, j).from == old->from;
        if (!kept)
            put_mapping(nlh, old->from, 0);
    }
    for (guint i = 0; i < cfg->egress->len; i++) {
        const VlanQosMapping *m = &g_array_index(cfg->egress, VlanQosMapping, i);

        put_mapping(nlh, m->from, m->to);
    }
    mnl_attr_nest_end(nlh, nest);
}

static void
parse_map(const struct nlattr *nest, GArray *map)
{
    const struct nlattr *attr;

    if (!nest)
        return;
    mnl_attr_for_each_nested (attr, nest) {
        const struct ifla_vlan_qos_mapping *m;

        if (mnl_attr_get_type(attr) != IFLA_VLAN_QOS_MAPPING ||
            mnl_attr_get_payload_len(attr) < sizeof *m)
            continue;
        m = mnl_attr_get_payload(attr);
        map_set(map, m->from, m->to);
    }
}

void
vlan_netlink_parse(const struct nlattr *info_data, VlanConfig *out)
{
    const struct nlattr *tb[IFLA_VLAN_MAX + 1] = {0};
    PluginAttrTable t = {tb, IFLA_VLAN_MAX};

    vlan_config_init(out);
    if (!info_data || mnl_attr_parse_nested(info_data, plugin_attr_table_cb, &t) < 0)
        return;
    if (tb[IFLA_VLAN_ID])
        out->id = mnl_attr_get_u16(tb[IFLA_VLAN_ID]);
    if (tb[IFLA_VLAN_PROTOCOL])
        out->protocol = ntohs(mnl_attr_get_u16(tb[IFLA_VLAN_PROTOCOL]));
    if (tb[IFLA_VLAN_FLAGS] &&
        mnl_attr_get_payload_len(tb[IFLA_VLAN_FLAGS]) >= sizeof(struct ifla_vlan_flags)) {
        const struct ifla_vlan_flags *f = mnl_attr_get_payload(tb[IFLA_VLAN_FLAGS]);

        out->flags = f->flags & VLAN_FLAGS_ALL;
    }
    parse_map(tb[IFLA_VLAN_INGRESS_QOS], out->ingress);
    parse_map(tb[IFLA_VLAN_EGRESS_QOS], out->egress);
}
