/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The rtnetlink requests IP providers make: add or remove one address or
 * one route of a link, through the link cache's netlink socket.
 */
#pragma once

#include "ip-provider.h"

G_BEGIN_DECLS

/* An address a provider added. */
typedef struct {
    int family;
    guint8 addr[16];
    guint8 prefix;
    /* Seconds; 0: permanent.  A leased address expires with its lease in
     * the kernel too, so that it does not outlive bondd's knowledge of it. */
    guint32 valid_lft;
    guint32 preferred_lft;
} BonddIpAddr;

gsize bondd_ip_addr_len(int family);
char *bondd_ip_to_string(int family, const guint8 *addr);
/* @s parsed as an address of @family into @out (16 bytes, zeroed first). */
gboolean bondd_ip_parse(int family, const char *s, guint8 *out);

/* @add: RTM_NEWADDR (replacing), else RTM_DELADDR. */
gboolean bondd_ip_address_request(BonddLinkCache *cache, int ifindex, gboolean add,
                                  const BonddIpAddr *a, GError **error);
/* @add: RTM_NEWROUTE (replacing), else RTM_DELROUTE; @protocol RTPROT_*. */
gboolean bondd_ip_route_request(BonddLinkCache *cache, int ifindex, gboolean add,
                                const BonddIpRoute *r, guint8 protocol, GError **error);
/* The link's MTU. */
gboolean bondd_ip_link_mtu_request(BonddLinkCache *cache, int ifindex, guint32 mtu, GError **error);
char *bondd_ip_route_to_string(const BonddIpRoute *r);
/* A provider's BonddIpData: empty lists (@dhcp: with lease options), and
 * their release. */
void bondd_ip_data_init(BonddIpData *data, gboolean dhcp);
void bondd_ip_data_clear(BonddIpData *data);
/* Whether @array (of @size-byte items) holds @item. */
gboolean bondd_ip_array_contains(GArray *array, gconstpointer item, gsize size);

G_END_DECLS
