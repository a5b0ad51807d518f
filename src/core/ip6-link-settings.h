/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The kernel's per-link IPv6 switches, set as NetworkManager sets them
 * before the link comes up.  For every ipv6.method but "ignore" the kernel
 * does no autoconfiguration of its own -- bondd does it in userspace, where
 * it can follow the profile (addr_gen_mode none: no kernel link-local
 * address; accept_ra 0: no kernel SLAAC, routes or MTU from
 * advertisements) -- and use_tempaddr follows ipv6.ip6-privacy, because
 * the kernel still makes the temporary addresses of the addresses bondd
 * flags IFA_F_MANAGETEMPADDR.  "disabled" sets disable_ipv6; "ignore"
 * leaves IPv6 to the kernel.  The old values come back when the device is
 * deactivated.
 */
#pragma once

#include <NetworkManager.h>

#include "link-cache.h"

G_BEGIN_DECLS

typedef struct _BonddIp6LinkSaved BonddIp6LinkSaved;

/* Set the switches @s_ip6's method calls for on @ifname; the values they
 * had, to restore (NULL when the method touches nothing). */
BonddIp6LinkSaved *bondd_ip6_link_prepare(BonddLinkCache *cache, const char *ifname,
                                          NMSettingIPConfig *s_ip6);
/* Put the saved values back and free them. */
void bondd_ip6_link_restore(BonddLinkCache *cache, BonddIp6LinkSaved *saved);
void bondd_ip6_link_saved_free(BonddIp6LinkSaved *saved);

/* ipv6.ip6-privacy, its "unknown" resolved as NetworkManager does without
 * a global default: from net.ipv6.conf.default.use_tempaddr. */
NMSettingIP6ConfigPrivacy bondd_ip6_privacy_resolve(BonddLinkCache *cache,
                                                    NMSettingIPConfig *s_ip6);

G_END_DECLS
