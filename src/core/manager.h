/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The org.freedesktop.NetworkManager root object (plus DnsManager), and the
 * device side of the daemon put together: device objects, software-device
 * layer, activation engine and policy over a link cache.  Created after
 * settings are loaded.
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

G_END_DECLS
