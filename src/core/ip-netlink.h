/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The rtnetlink requests the IP providers make: adding and removing
 * addresses and routes of one link, with IPv6 lifetimes, flags and router
 * preference where autoconfiguration needs them.
 */
#pragma once

#include "ip-provider.h"

G_BEGIN_DECLS

/* A lifetime that never ends (the kernel's INFINITY_LIFE_TIME). */
#define BONDD_IP_LIFETIME_FOREVER G_MAXUINT32

typedef struct {
    int family;
    guint8 addr[16];
    guint8 plen;
    guint32 flags;     /* IFA_F_NOPREFIXROUTE, IFA_F_MANAGETEMPADDR... */
    guint32 valid;     /* seconds, or BONDD_IP_LIFETIME_FOREVER */
    guint32 preferred; /* seconds, at most valid */
} BonddIpAddressRequest;

/* How a route came about and how long it lasts. */
typedef struct {
    guint8 protocol; /* RTPROT_STATIC, RTPROT_RA */
    guint32 expires; /* seconds; 0: never (IPv6 only) */
    int pref;        /* RTA_PREF (ICMPV6_ROUTER_PREF_*), -1: none */
} BonddIpRouteExtra;

/* RTM_NEWADDR (create or replace) or RTM_DELADDR on @ifindex. */
gboolean bondd_ip_netlink_address(BonddLinkCache *cache, int type, int ifindex,
                                  const BonddIpAddressRequest *a, GError **error);
/* RTM_NEWROUTE (create or replace) or RTM_DELROUTE through @ifindex in the
 * main table; @extra NULL: a static route that never expires. */
gboolean bondd_ip_netlink_route(BonddLinkCache *cache, int type, int ifindex, const BonddIpRoute *r,
                                const BonddIpRouteExtra *extra, GError **error);

gsize bondd_ip_addr_len(int family);
char *bondd_ip_addr_to_string(int family, const guint8 *addr);
char *bondd_ip_route_to_string(const BonddIpRoute *r);
/* @s parsed as an address of @family into @out (16 bytes, zeroed first). */
gboolean bondd_ip_parse(int family, const char *s, guint8 *out);
/* The link's MTU. */
gboolean bondd_ip_link_mtu_request(BonddLinkCache *cache, int ifindex, guint32 mtu, GError **error);
/* A provider's BonddIpData: empty lists (@dhcp: with lease options), and
 * their release. */
void bondd_ip_data_init(BonddIpData *data, gboolean dhcp);
void bondd_ip_data_clear(BonddIpData *data);
/* Whether @array (of @size-byte items) holds @item. */
gboolean bondd_ip_array_contains(GArray *array, gconstpointer item, gsize size);

G_END_DECLS
