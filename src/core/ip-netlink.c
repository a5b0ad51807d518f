/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Address and route requests over rtnetlink (see ip-netlink.h).
 */
#include "config.h"

#include "ip-netlink.h"

#include <string.h>
#include <arpa/inet.h>
#include <linux/if_addr.h>
#include <linux/rtnetlink.h>
#include <libmnl/libmnl.h>

gsize
bondd_ip_addr_len(int family)
{
    return family == AF_INET ? 4 : 16;
}

char *
bondd_ip_to_string(int family, const guint8 *addr)
{
    char buf[INET6_ADDRSTRLEN];

    return g_strdup(inet_ntop(family, addr, buf, sizeof buf));
}

gboolean
bondd_ip_parse(int family, const char *s, guint8 *out)
{
    memset(out, 0, 16);
    return s && inet_pton(family, s, out) == 1;
}

gboolean
bondd_ip_address_request(BonddLinkCache *cache, int ifindex, gboolean add, const BonddIpAddr *a,
                         GError **error)
{
    guint8 buf[MNL_SOCKET_BUFFER_SIZE];
    struct nlmsghdr *nlh = mnl_nlmsg_put_header(buf);
    struct ifaddrmsg *ifa;

    nlh->nlmsg_type = add ? RTM_NEWADDR : RTM_DELADDR;
    if (add)
        nlh->nlmsg_flags = NLM_F_CREATE | NLM_F_REPLACE;
    ifa = mnl_nlmsg_put_extra_header(nlh, sizeof *ifa);
    ifa->ifa_family = a->family;
    ifa->ifa_prefixlen = a->prefix;
    ifa->ifa_flags = a->valid_lft ? 0 : IFA_F_PERMANENT;
    ifa->ifa_scope = RT_SCOPE_UNIVERSE;
    ifa->ifa_index = ifindex;
    mnl_attr_put(nlh, IFA_LOCAL, bondd_ip_addr_len(a->family), a->addr);
    mnl_attr_put(nlh, IFA_ADDRESS, bondd_ip_addr_len(a->family), a->addr);
    if (a->family == AF_INET && a->prefix < 31) {
        guint32 ip, mask = a->prefix ? htonl(~0u << (32 - a->prefix)) : 0;
        memcpy(&ip, a->addr, 4);
        ip |= ~mask;
        mnl_attr_put(nlh, IFA_BROADCAST, 4, &ip);
    }
    if (add && a->valid_lft) {
        struct ifa_cacheinfo ci = {
            .ifa_valid = a->valid_lft,
            .ifa_prefered = MIN(a->preferred_lft, a->valid_lft),
        };
        mnl_attr_put(nlh, IFA_CACHEINFO, sizeof ci, &ci);
    }
    return bondd_link_cache_request(cache, nlh, error);
}

gboolean
bondd_ip_route_request(BonddLinkCache *cache, int ifindex, gboolean add, const BonddIpRoute *r,
                       guint8 protocol, GError **error)
{
    guint8 buf[MNL_SOCKET_BUFFER_SIZE];
    struct nlmsghdr *nlh = mnl_nlmsg_put_header(buf);
    struct rtmsg *rtm;

    nlh->nlmsg_type = add ? RTM_NEWROUTE : RTM_DELROUTE;
    if (add)
        nlh->nlmsg_flags = NLM_F_CREATE | NLM_F_REPLACE;
    rtm = mnl_nlmsg_put_extra_header(nlh, sizeof *rtm);
    rtm->rtm_family = r->family;
    rtm->rtm_dst_len = r->plen;
    rtm->rtm_table = RT_TABLE_MAIN;
    rtm->rtm_protocol = protocol;
    rtm->rtm_scope = r->has_gw ? RT_SCOPE_UNIVERSE : RT_SCOPE_LINK;
    rtm->rtm_type = RTN_UNICAST;
    if (r->plen)
        mnl_attr_put(nlh, RTA_DST, bondd_ip_addr_len(r->family), r->dst);
    if (r->has_gw)
        mnl_attr_put(nlh, RTA_GATEWAY, bondd_ip_addr_len(r->family), r->gw);
    mnl_attr_put_u32(nlh, RTA_OIF, ifindex);
    mnl_attr_put_u32(nlh, RTA_PRIORITY, r->metric);
    return bondd_link_cache_request(cache, nlh, error);
}

gboolean
bondd_ip_link_mtu_request(BonddLinkCache *cache, int ifindex, guint32 mtu, GError **error)
{
    guint8 buf[MNL_SOCKET_BUFFER_SIZE];
    struct nlmsghdr *nlh = mnl_nlmsg_put_header(buf);
    struct ifinfomsg *ifi;

    nlh->nlmsg_type = RTM_NEWLINK;
    ifi = mnl_nlmsg_put_extra_header(nlh, sizeof *ifi);
    ifi->ifi_family = AF_UNSPEC;
    ifi->ifi_index = ifindex;
    mnl_attr_put_u32(nlh, IFLA_MTU, mtu);
    return bondd_link_cache_request(cache, nlh, error);
}

char *
bondd_ip_route_to_string(const BonddIpRoute *r)
{
    g_autofree char *dst = bondd_ip_to_string(r->family, r->dst);
    g_autofree char *gw = r->has_gw ? bondd_ip_to_string(r->family, r->gw) : NULL;

    return g_strdup_printf("%s/%u%s%s metric %u", dst, r->plen, gw ? " via " : "", gw ? gw : "",
                           r->metric);
}

gboolean
bondd_ip_array_contains(GArray *array, gconstpointer item, gsize size)
{
    for (guint i = 0; i < array->len; i++) {
        if (memcmp(array->data + i * size, item, size) == 0)
            return TRUE;
    }
    return FALSE;
}

void
bondd_ip_data_init(BonddIpData *data, gboolean dhcp)
{
    data->gateway = NULL;
    data->routes = g_array_new(FALSE, TRUE, sizeof(BonddIpRoute));
    data->dns = g_ptr_array_new_with_free_func(g_free);
    data->searches = g_ptr_array_new_with_free_func(g_free);
    data->dhcp_options =
        dhcp ? g_hash_table_new_full(g_str_hash, g_str_equal, g_free, g_free) : NULL;
}

void
bondd_ip_data_clear(BonddIpData *data)
{
    g_clear_pointer(&data->routes, g_array_unref);
    g_clear_pointer(&data->dns, g_ptr_array_unref);
    g_clear_pointer(&data->searches, g_ptr_array_unref);
    g_clear_pointer(&data->dhcp_options, g_hash_table_unref);
    g_clear_pointer(&data->gateway, g_free);
}
