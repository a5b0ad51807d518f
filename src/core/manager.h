/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The org.freedesktop.NetworkManager root object (plus DnsManager), and the
 * device side of the daemon put together: device objects, software-device
 * layer, activation engine and policy over a link cache.  Created after
 * settings are loaded.
 *
 * Signal "reload-dns" (guint flags): Reload asked for DNS to be done again
 * (NMManagerReloadFlags: 0x2 DNS_RC, write resolv.conf again; 0x4 DNS_FULL,
 * restart DNS handling too; both for Reload(0) and SIGHUP).  Whoever
 * manages DNS connects to it.
 */
#pragma once

#include "daemon.h"
#include "link-cache.h"

G_BEGIN_DECLS

#define BONDD_TYPE_MANAGER (bondd_manager_get_type())
G_DECLARE_FINAL_TYPE(BonddManager, bondd_manager, BONDD, MANAGER, GObject)

/* Over @cache (not started yet). */
BonddManager *bondd_manager_new(BonddDaemon *daemon, BonddLinkCache *cache);
/* Export the root object, start the link cache (netlink), create device
 * objects for existing links, run start-up policy (autoconnect).  Fails if
 * netlink cannot be opened. */
gboolean bondd_manager_start(BonddManager *self, GError **error);
/* Called on SIGTERM before the main loop quits: leave links as they are
 * (bonds keep carrying traffic; a restarted bondd adopts them). */
void bondd_manager_stop(BonddManager *self);

/* Manager.Reload and SIGHUP: @flags NMManagerReloadFlags, 0 for everything
 * -- the configuration file (what can change at run time is applied, the
 * rest logged as needing a restart), the connection profiles, and DNS
 * ("reload-dns").  Other bits are InvalidArguments.  Every part is tried;
 * the first failure is returned. */
gboolean bondd_manager_reload(BonddManager *self, guint flags, GError **error);

G_END_DECLS
