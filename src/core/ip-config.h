/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The IP configuration of an activating device: the ip-config stage of the
 * activation engine.  Each address family is configured by the provider its
 * method calls for (ip-provider.h); the whole is ready, or failed, once --
 * asynchronously -- and the IP4Config / IP6Config D-Bus objects describe
 * the result.
 */
#pragma once

#include <NetworkManager.h>

#include "daemon.h"
#include "link-cache.h"

G_BEGIN_DECLS

typedef struct _BonddIpConfig BonddIpConfig;

/* @error NULL: every family is configured. */
typedef void (*BonddIpConfigReadyFunc)(gpointer user_data, const GError *error);

/* Exports IP4Config/N and IP6Config/N for @ifindex (nothing configured yet).
 * @default_metric: the device kind's route metric. */
BonddIpConfig *bondd_ip_config_new(BonddDaemon *daemon, BonddLinkCache *cache, int ifindex,
                                   const char *ifname, guint32 default_metric);
/* Set what must be set before the link comes up (the kernel's IPv6
 * switches for @connection's ipv6.method, ip6-link-settings.h); undone by
 * bondd_ip_config_stop() when it removes the configuration. */
void bondd_ip_config_prepare_link(BonddIpConfig *self, NMConnection *connection);
/* Configure @connection's ipv4 and ipv6 settings; @ready runs once, from the
 * main loop, unless stopped first. */
void bondd_ip_config_start(BonddIpConfig *self, NMConnection *connection,
                           BonddIpConfigReadyFunc ready, gpointer user_data);
/* Apply changed ipv4/ipv6 settings of a configured device now. */
gboolean bondd_ip_config_reapply(BonddIpConfig *self, NMConnection *connection, GError **error);
/* Stop the providers (no @ready any more), removing what they configured
 * unless the link is gone or must keep it. */
void bondd_ip_config_stop(BonddIpConfig *self, gboolean remove_from_kernel);
/* Stop (leaving the kernel as it is), unexport and free. */
void bondd_ip_config_free(BonddIpConfig *self);
G_DEFINE_AUTOPTR_CLEANUP_FUNC(BonddIpConfig, bondd_ip_config_free)

const char *bondd_ip_config_get_path(BonddIpConfig *self, int family);
gboolean bondd_ip_config_has_default_route(BonddIpConfig *self, int family);

G_END_DECLS
