/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Name servers and search domains: what every configured address family of
 * every device brings (static settings and leases), gathered into the
 * DnsManager D-Bus object and a resolv.conf in the run directory, and, when
 * [main] rc-manager says so, into /etc/resolv.conf.
 */
#pragma once

#include "daemon.h"

G_BEGIN_DECLS

typedef struct _BonddDnsManager BonddDnsManager;

BonddDnsManager *bondd_dns_manager_new(BonddDaemon *daemon);
/* Put the DnsManager object on the bus. */
void bondd_dns_manager_export(BonddDnsManager *self);
void bondd_dns_manager_free(BonddDnsManager *self);

/* What @owner (one address family of one device) brings now; @dns and
 * @searches may be NULL or empty.  @is_default: it has the default route
 * (NetworkManager's "default" flag in Configuration). */
void bondd_dns_manager_set(BonddDnsManager *self, gconstpointer owner, const char *ifname,
                           int family, GPtrArray *dns, GPtrArray *searches, gboolean is_default);
void bondd_dns_manager_remove(BonddDnsManager *self, gconstpointer owner);

G_END_DECLS
