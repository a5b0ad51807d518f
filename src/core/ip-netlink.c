/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Address and route requests of the IP providers (see ip-netlink.h).
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
bondd_ip_addr_to_string(int family, const guint8 *addr)
{
    char buf[INET6_ADDRSTRLEN];

    return g_strdup(inet_ntop(family, addr, buf, sizeof buf));
}

char *
bondd_ip_route_to_string(const BonddIpRoute *r)
{
    g_autofree char *dst = bondd_ip_addr_to_string(r->family, r->dst);
    g_autofree char *gw = r->has_gw ? bondd_ip_addr_to_string(r->family, r->gw) : NULL;

    return g_strdup_printf("%s/%u%s%s metric %u", dst, r->plen, gw ? " via " : "", gw ? gw : "",
                           r->metric);
}

gboolean
bondd_ip_netlink_address(BonddLinkCache *cache, int type, int ifindex,
                         const BonddIpAddressRequest *a, GError **error)
{
    guint8 buf[MNL_SOCKET_BUFFER_SIZE];
    struct nlmsghdr *nlh = mnl_nlmsg_put_header(buf);
    struct ifaddrmsg *ifa;
    gsize len = bondd_ip_addr_len(a->family);

    nlh->nlmsg_type = type;
    if (type == RTM_NEWADDR)
        nlh->nlmsg_flags = NLM_F_CREATE | NLM_F_REPLACE;
    ifa = mnl_nlmsg_put_extra_header(nlh, sizeof *ifa);
    ifa->ifa_family = a->family;
    ifa->ifa_prefixlen = a->plen;
    ifa->ifa_scope = RT_SCOPE_UNIVERSE;
    ifa->ifa_index = ifindex;
    /* The kernel makes an address permanent when its lifetime is infinite;
     * the flags beyond 8 bits travel in IFA_FLAGS. */
    ifa->ifa_flags =
        (a->flags & 0xff) | (a->valid == BONDD_IP_LIFETIME_FOREVER ? IFA_F_PERMANENT : 0);
    mnl_attr_put(nlh, IFA_LOCAL, len, a->addr);
    mnl_attr_put(nlh, IFA_ADDRESS, len, a->addr);
    if (a->flags > 0xff)
        mnl_attr_put_u32(nlh, IFA_FLAGS, a->flags);
    if (a->family == AF_INET && a->plen < 31) {
        guint32 ip, mask = a->plen ? htonl(~0u << (32 - a->plen)) : 0;
        memcpy(&ip, a->addr, 4);
        ip |= ~mask;
        mnl_attr_put(nlh, IFA_BROADCAST, 4, &ip);
    }
    if (type == RTM_NEWADDR && a->valid != BONDD_IP_LIFETIME_FOREVER) {
        struct ifa_cacheinfo ci = {
            .ifa_prefered = MIN(a->preferred, a->valid),
            .ifa_valid = a->valid,
        };
        mnl_attr_put(nlh, IFA_CACHEINFO, sizeof ci, &ci);
    }
    return bondd_link_cache_request(cache, nlh, error);
}

gboolean
bondd_ip_netlink_route(BonddLinkCache *cache, int type, int ifindex, const BonddIpRoute *r,
                       const BonddIpRouteExtra *extra, GError **error)
{
    guint8 buf[MNL_SOCKET_BUFFER_SIZE];
    struct nlmsghdr *nlh = mnl_nlmsg_put_header(buf);
    struct rtmsg *rtm;
    gsize len = bondd_ip_addr_len(r->family);

    nlh->nlmsg_type = type;
    if (type == RTM_NEWROUTE)
        nlh->nlmsg_flags = NLM_F_CREATE | NLM_F_REPLACE;
    rtm = mnl_nlmsg_put_extra_header(nlh, sizeof *rtm);
    rtm->rtm_family = r->family;
    rtm->rtm_dst_len = r->plen;
    rtm->rtm_table = RT_TABLE_MAIN;
    rtm->rtm_protocol = extra ? extra->protocol : RTPROT_STATIC;
    rtm->rtm_scope = r->has_gw ? RT_SCOPE_UNIVERSE : RT_SCOPE_LINK;
    rtm->rtm_type = RTN_UNICAST;
    if (r->plen)
        mnl_attr_put(nlh, RTA_DST, len, r->dst);
    if (r->has_gw)
        mnl_attr_put(nlh, RTA_GATEWAY, len, r->gw);
    mnl_attr_put_u32(nlh, RTA_OIF, ifindex);
    mnl_attr_put_u32(nlh, RTA_PRIORITY, r->metric);
    if (type == RTM_NEWROUTE && extra && extra->expires)
        mnl_attr_put_u32(nlh, RTA_EXPIRES, extra->expires);
    if (type == RTM_NEWROUTE && extra && extra->pref >= 0)
        mnl_attr_put_u8(nlh, RTA_PREF, (guint8)extra->pref);
    return bondd_link_cache_request(cache, nlh, error);
}

gboolean
bondd_ip_parse(int family, const char *s, guint8 *out)
{
    memset(out, 0, 16);
    return s && inet_pton(family, s, out) == 1;
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
    g_clear_pointer(&data->domains, g_ptr_array_unref);
    g_clear_pointer(&data->dhcp_options, g_hash_table_unref);
    g_clear_pointer(&data->gateway, g_free);
}
