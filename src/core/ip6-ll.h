/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The IPv6 link-local address of a link bondd configures.  As
 * NetworkManager, bondd turns the kernel's own generation off
 * (addr_gen_mode none) and adds fe80::IID/64 itself, with the identifier of
 * the profile's ipv6.addr-gen-mode, so that the link-local address is as
 * stable as the global ones.  The kernel runs duplicate address detection;
 * a stable-privacy address found taken is replaced by the next one.
 */
#pragma once

#include "ip6-iid.h"
#include "link-cache.h"

G_BEGIN_DECLS

/* What the kernel says of one IPv6 address of a link. */
typedef enum {
    BONDD_IP6_ADDR_ABSENT,
    BONDD_IP6_ADDR_TENTATIVE, /* duplicate address detection running */
    BONDD_IP6_ADDR_USABLE,
    BONDD_IP6_ADDR_DUPLICATE, /* DAD found it taken */
} BonddIp6AddrState;

BonddIp6AddrState bondd_ip6_addr_state(BonddLinkCache *cache, int ifindex, const guint8 *addr);

typedef struct _BonddIp6Ll BonddIp6Ll;

/* Once: @error NULL when the address is usable, else why there is none. */
typedef void (*BonddIp6LlReadyFunc)(gpointer user_data, const GError *error);

/* Adds the address now (@iid is borrowed and must outlive it); @ready runs
 * from the main loop. */
BonddIp6Ll *bondd_ip6_ll_new(BonddLinkCache *cache, int ifindex, const char *ifname,
                             const BonddIp6Iid *iid, BonddIp6LlReadyFunc ready, gpointer user_data);
gboolean bondd_ip6_ll_is_ready(BonddIp6Ll *self);
/* The identifier changed (EUI-64 of a new MAC): replace the address. */
void bondd_ip6_ll_regenerate(BonddIp6Ll *self);
void bondd_ip6_ll_free(BonddIp6Ll *self, gboolean remove_from_kernel);

G_END_DECLS
