/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The kernel's links and addresses in this network namespace, kept current
 * from rtnetlink notifications (libmnl).  Everything else in the core reads
 * kernel state from here; requests to the kernel go through it too.
 *
 * Signals:
 *   "link-added"   (const BonddLink *link, guint ifla_event)
 *   "link-changed" (const BonddLink *link, guint ifla_event)
 *   "link-state"   (const BonddLink *link, guint ifla_event) -- after either
 *       of the two: for whoever follows a link's state, which a link's first
 *       announcement may already change (a link just made, its ports
 *       attached before it was announced)
 *   "link-removed" (const BonddLink *old_link)  -- entry still readable;
 *       also for a link that went before its announcement: a device may have
 *       been made for it already (a link bondd creates is used at once)
 *   "addresses-changed" (int ifindex)
 *   "address-dad-failed" (const BonddAddress *addr) -- the kernel deleted
 *       @addr because duplicate address detection found it taken
 * Link pointers stay valid until the next return to the main loop.
 */
#pragma once

#include <gio/gio.h>
#include <bondd/device-plugin.h>
#include <bondd/link.h>

#include "netlink-transport.h"

G_BEGIN_DECLS

typedef struct {
    int ifindex;
    int family; /* AF_INET / AF_INET6 */
    guint8 prefixlen;
    guint8 scope;
    guint32 flags; /* IFA_F_* */
    guint8 addr[16];
} BonddAddress;

#define BONDD_TYPE_LINK_CACHE (bondd_link_cache_get_type())
G_DECLARE_FINAL_TYPE(BonddLinkCache, bondd_link_cache, BONDD, LINK_CACHE, GObject)

/* A cache fed by @transport (owned). */
BonddLinkCache *bondd_link_cache_new(BonddNetlinkTransport *transport);
/* Subscribe to notifications, then dump links and addresses. */
gboolean bondd_link_cache_start(BonddLinkCache *self, GError **error);
/* Close the transport; the cache keeps what it knows. */
void bondd_link_cache_stop(BonddLinkCache *self);

const BonddLink *bondd_link_cache_get(BonddLinkCache *self, int ifindex);
const BonddLink *bondd_link_cache_get_by_name(BonddLinkCache *self, const char *name);
/* All links sorted by ifindex (container owned by the caller). */
GPtrArray *bondd_link_cache_get_links(BonddLinkCache *self);
/* How many links have @ifindex as their master. */
guint bondd_link_cache_count_ports(BonddLinkCache *self, int ifindex);
/* Addresses of @ifindex of @family (AF_UNSPEC: both); BonddAddress items. */
GArray *bondd_link_cache_get_addresses(BonddLinkCache *self, int ifindex, int family);

/* Re-read one link from the kernel now, emitting link-added/-changed/-removed
 * as for an event.  FALSE if the link no longer exists. */
gboolean bondd_link_cache_refresh(BonddLinkCache *self, int ifindex);
/* Bring the addresses up to date now: what a request (ours, or another
 * process's that told us about it) did is known once this returns. */
void bondd_link_cache_refresh_addresses(BonddLinkCache *self);

/* One ACKed rtnetlink request (see netlink-transport.h). */
gboolean bondd_link_cache_request(BonddLinkCache *self, struct nlmsghdr *request, GError **error);
/* Set the link flags in @mask (IFF_UP, IFF_PROMISC...) to those in @flags. */
gboolean bondd_link_cache_set_flags(BonddLinkCache *self, int ifindex, guint mask, guint flags,
                                    GError **error);
/* Set IFF_UP on or off. */
gboolean bondd_link_cache_set_up(BonddLinkCache *self, int ifindex, gboolean up, GError **error);
/* Delete the link (RTM_DELLINK). */
gboolean bondd_link_cache_delete(BonddLinkCache *self, int ifindex, GError **error);

/* A per-link IPv6 parameter, /proc/sys/net/ipv6/conf/IFNAME/KEY (see
 * netlink-transport.h).  get: NULL when it cannot be read. */
char *bondd_link_cache_ip6_sysctl_get(BonddLinkCache *self, const char *ifname, const char *key,
                                      GError **error);
gboolean bondd_link_cache_ip6_sysctl_set(BonddLinkCache *self, const char *ifname, const char *key,
                                         const char *value, GError **error);

/* The host services for device plugins, backed by this cache. */
const BonddDeviceHost *bondd_link_cache_get_device_host(BonddLinkCache *self);

G_END_DECLS
