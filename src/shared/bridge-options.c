/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The bridge option table (see bridge-options.h).  Kernel units and widths
 * are those of the kernel's br_changelink() and br_port_slave_changelink();
 * the conversions are NetworkManager's (seconds to 1/100 s for the STP
 * times and the ageing time, multicast intervals already in 1/100 s).
 */
#include "config.h"

#include "bridge-options.h"

#include <string.h>
#include <linux/if_ether.h>
#include <linux/if_link.h>

#define STP_TIME (BRIDGE_OPT_FLAG_ONLY_WITH_STP | BRIDGE_OPT_FLAG_CLOCK)

static const BridgeOptionInfo bridge_table[] = {
    {NM_SETTING_BRIDGE_STP, "STP", IFLA_BR_STP_STATE, 4, BRIDGE_OPT_TYPE_BOOL, 1,
     BRIDGE_OPT_FLAG_IFCFG_KEY},
    {NM_SETTING_BRIDGE_FORWARD_DELAY, "DELAY", IFLA_BR_FORWARD_DELAY, 4, BRIDGE_OPT_TYPE_UINT, 100,
     STP_TIME | BRIDGE_OPT_FLAG_IFCFG_KEY},
    {NM_SETTING_BRIDGE_PRIORITY, "priority", IFLA_BR_PRIORITY, 2, BRIDGE_OPT_TYPE_UINT, 1,
     BRIDGE_OPT_FLAG_ONLY_WITH_STP | BRIDGE_OPT_FLAG_IFCFG_ALWAYS},
    {NM_SETTING_BRIDGE_HELLO_TIME, "hello_time", IFLA_BR_HELLO_TIME, 4, BRIDGE_OPT_TYPE_UINT, 100,
     STP_TIME},
    {NM_SETTING_BRIDGE_MAX_AGE, "max_age", IFLA_BR_MAX_AGE, 4, BRIDGE_OPT_TYPE_UINT, 100, STP_TIME},
    {NM_SETTING_BRIDGE_AGEING_TIME, "ageing_time", IFLA_BR_AGEING_TIME, 4, BRIDGE_OPT_TYPE_UINT,
     100, BRIDGE_OPT_FLAG_CLOCK},
    {NM_SETTING_BRIDGE_GROUP_ADDRESS, "group_address", IFLA_BR_GROUP_ADDR, 6, BRIDGE_OPT_TYPE_MAC,
     1, 0},
    {NM_SETTING_BRIDGE_GROUP_FORWARD_MASK, "group_fwd_mask", IFLA_BR_GROUP_FWD_MASK, 2,
     BRIDGE_OPT_TYPE_UINT, 1, 0},
    {NM_SETTING_BRIDGE_MULTICAST_HASH_MAX, "multicast_hash_max", IFLA_BR_MCAST_HASH_MAX, 4,
     BRIDGE_OPT_TYPE_UINT, 1, 0},
    {NM_SETTING_BRIDGE_MULTICAST_LAST_MEMBER_COUNT, "multicast_last_member_count",
     IFLA_BR_MCAST_LAST_MEMBER_CNT, 4, BRIDGE_OPT_TYPE_UINT, 1, 0},
    {NM_SETTING_BRIDGE_MULTICAST_LAST_MEMBER_INTERVAL, "multicast_last_member_interval",
     IFLA_BR_MCAST_LAST_MEMBER_INTVL, 8, BRIDGE_OPT_TYPE_UINT, 1, BRIDGE_OPT_FLAG_CLOCK},
    {NM_SETTING_BRIDGE_MULTICAST_MEMBERSHIP_INTERVAL, "multicast_membership_interval",
     IFLA_BR_MCAST_MEMBERSHIP_INTVL, 8, BRIDGE_OPT_TYPE_UINT, 1, BRIDGE_OPT_FLAG_CLOCK},
    {NM_SETTING_BRIDGE_MULTICAST_QUERIER, "multicast_querier", IFLA_BR_MCAST_QUERIER, 1,
     BRIDGE_OPT_TYPE_BOOL, 1, 0},
    {NM_SETTING_BRIDGE_MULTICAST_QUERIER_INTERVAL, "multicast_querier_interval",
     IFLA_BR_MCAST_QUERIER_INTVL, 8, BRIDGE_OPT_TYPE_UINT, 1, BRIDGE_OPT_FLAG_CLOCK},
    {NM_SETTING_BRIDGE_MULTICAST_QUERY_INTERVAL, "multicast_query_interval",
     IFLA_BR_MCAST_QUERY_INTVL, 8, BRIDGE_OPT_TYPE_UINT, 1, BRIDGE_OPT_FLAG_CLOCK},
    {NM_SETTING_BRIDGE_MULTICAST_QUERY_RESPONSE_INTERVAL, "multicast_query_response_interval",
     IFLA_BR_MCAST_QUERY_RESPONSE_INTVL, 8, BRIDGE_OPT_TYPE_UINT, 1, BRIDGE_OPT_FLAG_CLOCK},
    {NM_SETTING_BRIDGE_MULTICAST_QUERY_USE_IFADDR, "multicast_query_use_ifaddr",
     IFLA_BR_MCAST_QUERY_USE_IFADDR, 1, BRIDGE_OPT_TYPE_BOOL, 1, 0},
    {NM_SETTING_BRIDGE_MULTICAST_SNOOPING, "multicast_snooping", IFLA_BR_MCAST_SNOOPING, 1,
     BRIDGE_OPT_TYPE_BOOL, 1, 0},
    {NM_SETTING_BRIDGE_MULTICAST_STARTUP_QUERY_COUNT, "multicast_startup_query_count",
     IFLA_BR_MCAST_STARTUP_QUERY_CNT, 4, BRIDGE_OPT_TYPE_UINT, 1, 0},
    {NM_SETTING_BRIDGE_MULTICAST_STARTUP_QUERY_INTERVAL, "multicast_startup_query_interval",
     IFLA_BR_MCAST_STARTUP_QUERY_INTVL, 8, BRIDGE_OPT_TYPE_UINT, 1, BRIDGE_OPT_FLAG_CLOCK},
    {NM_SETTING_BRIDGE_MULTICAST_ROUTER, "multicast_router", IFLA_BR_MCAST_ROUTER, 1,
     BRIDGE_OPT_TYPE_MCAST_ROUTER, 1, 0},
    {NM_SETTING_BRIDGE_VLAN_FILTERING, "vlan_filtering", IFLA_BR_VLAN_FILTERING, 1,
     BRIDGE_OPT_TYPE_BOOL, 1, 0},
    {NM_SETTING_BRIDGE_VLAN_DEFAULT_PVID, "default_pvid", IFLA_BR_VLAN_DEFAULT_PVID, 2,
     BRIDGE_OPT_TYPE_UINT, 1, 0},
    {NM_SETTING_BRIDGE_VLAN_PROTOCOL, "vlan_protocol", IFLA_BR_VLAN_PROTOCOL, 2,
     BRIDGE_OPT_TYPE_VLAN_PROTOCOL, 1, 0},
    {NM_SETTING_BRIDGE_VLAN_STATS_ENABLED, "vlan_stats_enabled", IFLA_BR_VLAN_STATS_ENABLED, 1,
     BRIDGE_OPT_TYPE_BOOL, 1, 0},
    {NULL},
};

static const BridgeOptionInfo port_table[] = {
    {NM_SETTING_BRIDGE_PORT_PRIORITY, "priority", IFLA_BRPORT_PRIORITY, 2, BRIDGE_OPT_TYPE_UINT, 1,
     0},
    {NM_SETTING_BRIDGE_PORT_PATH_COST, "path_cost", IFLA_BRPORT_COST, 4, BRIDGE_OPT_TYPE_UINT, 1,
     0},
    {NM_SETTING_BRIDGE_PORT_HAIRPIN_MODE, "hairpin_mode", IFLA_BRPORT_MODE, 1, BRIDGE_OPT_TYPE_BOOL,
     1, BRIDGE_OPT_FLAG_IFCFG_WORDS},
    {NULL},
};

const BridgeOptionInfo *
bridge_options(void)
{
    return bridge_table;
}

const BridgeOptionInfo *
bridge_port_options(void)
{
    return port_table;
}

GParamSpec *
bridge_option_get_value(const BridgeOptionInfo *opt, NMSetting *setting, GValue *value)
{
    GParamSpec *pspec = g_object_class_find_property(G_OBJECT_GET_CLASS(setting), opt->property);

    g_return_val_if_fail(pspec, NULL);
    g_value_init(value, pspec->value_type);
    g_object_get_property(G_OBJECT(setting), opt->property, value);
    return pspec;
}

static guint64
string_to_kernel(const BridgeOptionInfo *opt, const char *str)
{
    guint8 mac[ETH_ALEN] = {0x01, 0x80, 0xC2, 0x00, 0x00, 0x00}; /* the kernel's default */
    guint64 packed = 0;

    switch (opt->type) {
        case BRIDGE_OPT_TYPE_VLAN_PROTOCOL:
            return g_strcmp0(str, "802.1ad") == 0 ? ETH_P_8021AD : ETH_P_8021Q;
        case BRIDGE_OPT_TYPE_MCAST_ROUTER:
            return g_strcmp0(str, "disabled") == 0 ? 0 : g_strcmp0(str, "enabled") == 0 ? 2 : 1;
        case BRIDGE_OPT_TYPE_MAC:
            if (str)
                nm_utils_hwaddr_aton(str, mac, ETH_ALEN);
            for (guint i = 0; i < ETH_ALEN; i++)
                packed = (packed << 8) | mac[i];
            return packed;
        default:
            g_return_val_if_reached(0);
    }
}

guint64
bridge_option_kernel_value(const BridgeOptionInfo *opt, NMSetting *setting)
{
    g_auto(GValue) value = G_VALUE_INIT;
    GParamSpec *pspec = bridge_option_get_value(opt, setting, &value);

    if (!pspec)
        return 0;
    switch (pspec->value_type) {
        case G_TYPE_BOOLEAN:
            return g_value_get_boolean(&value);
        case G_TYPE_UINT:
            return (guint64)g_value_get_uint(&value) * opt->scale;
        case G_TYPE_UINT64:
            return g_value_get_uint64(&value) * opt->scale;
        case G_TYPE_STRING:
            return string_to_kernel(opt, g_value_get_string(&value));
        default:
            g_return_val_if_reached(0);
    }
}

gboolean
bridge_option_is_default(const BridgeOptionInfo *opt, NMSetting *setting)
{
    g_auto(GValue) value = G_VALUE_INIT;
    GParamSpec *pspec = bridge_option_get_value(opt, setting, &value);

    return !pspec || g_param_value_defaults(pspec, &value);
}
