/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * What a profile asks of any link, whatever its kind: to be up, and its
 * promiscuity (ethernet.accept-all-mac-addresses).  Kind-specific options
 * are the device plugins'.
 */
#pragma once

#include <NetworkManager.h>

#include "link-cache.h"

G_BEGIN_DECLS

/* IFF_UP, unless it is up already.  The error names @ifname. */
gboolean bondd_link_settings_bring_up(BonddLinkCache *cache, int ifindex, const char *ifname,
                                      GError **error);
/* PROMISC on or off as @connection says; left alone by default.  A failure
 * is logged: the link works without it. */
void bondd_link_settings_apply_promiscuity(BonddLinkCache *cache, int ifindex, const char *ifname,
                                           NMConnection *connection);

G_END_DECLS
