/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Bridge options to and from netlink (see bridge-netlink.h).
 */
#include "config.h"

#include "bridge-netlink.h"

#include <arpa/inet.h>
#include <linux/if_ether.h>

#include "plugin-link.h"

void
bridge_netlink_put_options(struct nlmsghdr *nlh, const BridgeOptionInfo *table, NMSetting *setting)
{
    for (const BridgeOptionInfo *opt = table; opt->property; opt++) {
        guint64 v = bridge_option_kernel_value(opt, setting);
        guint8 mac[ETH_ALEN];

        switch (opt->width) {
            case 1:
                mnl_attr_put_u8(nlh, opt->attr, (guint8)v);
                break;
            case 2:
                /* The one 16-bit protocol number travels in network order. */
                mnl_attr_put_u16(nlh, opt->attr,
                                 opt->type == BRIDGE_OPT_TYPE_VLAN_PROTOCOL ? htons((guint16)v)
                                                                            : (guint16)v);
                break;
            case 4:
                mnl_attr_put_u32(nlh, opt->attr, (guint32)v);
                break;
            case 8:
                mnl_attr_put_u64(nlh, opt->attr, v);
                break;
            case ETH_ALEN:
                for (int i = ETH_ALEN - 1; i >= 0; i--, v >>= 8)
                    mac[i] = (guint8)v;
                mnl_attr_put(nlh, opt->attr, ETH_ALEN, mac);
                break;
            default:
                g_warn_if_reached();
        }
    }
}

/* The kernel's value of @opt, FALSE when it did not report it. */
static gboolean
kernel_value(const struct nlattr *attr, const BridgeOptionInfo *opt, guint64 *out)
{
    const guint8 *mac;

    if (!attr || mnl_attr_get_payload_len(attr) < opt->width)
        return FALSE;
    switch (opt->width) {
        case 1:
            *out = mnl_attr_get_u8(attr);
            return TRUE;
        case 2:
            *out = mnl_attr_get_u16(attr);
            if (opt->type == BRIDGE_OPT_TYPE_VLAN_PROTOCOL)
                *out = ntohs((guint16)*out);
            return TRUE;
        case 4:
            *out = mnl_attr_get_u32(attr);
            return TRUE;
        case 8:
            *out = mnl_attr_get_u64(attr);
            return TRUE;
        case ETH_ALEN:
            mac = mnl_attr_get_payload(attr);
            *out = 0;
            for (guint i = 0; i < ETH_ALEN; i++)
                *out = (*out << 8) | mac[i];
            return TRUE;
        default:
            return FALSE;
    }
}

char *
bridge_netlink_differences(const struct nlattr *data, guint max_attr, const BridgeOptionInfo *table,
                           NMSetting *setting)
{
    g_autofree const struct nlattr **tb = g_new0(const struct nlattr *, max_attr + 1);
    PluginAttrTable t = {tb, max_attr};
    GString *diff = g_string_new(NULL);

    if (data)
        mnl_attr_parse_nested(data, plugin_attr_table_cb, &t);
    for (const BridgeOptionInfo *opt = table; opt->property; opt++) {
        guint64 want = bridge_option_kernel_value(opt, setting);
        guint64 have;

        if (opt->attr > max_attr || !kernel_value(tb[opt->attr], opt, &have) || have == want)
            continue;
        /* Jiffies round 1/100 s both ways (HZ 250: 3125 reads 3124). */
        if ((opt->flags & BRIDGE_OPT_FLAG_CLOCK) && (have + 1 == want || want + 1 == have))
            continue;
        g_string_append_printf(diff, "%s%s %" G_GUINT64_FORMAT " (kernel %" G_GUINT64_FORMAT ")",
                               diff->len ? ", " : "", opt->property, want, have);
    }
    return g_string_free(diff, diff->len == 0);
}
