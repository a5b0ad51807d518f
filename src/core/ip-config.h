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

/* @error NULL: configured (every family, or those that may not fail). */
typedef void (*BonddIpConfigReadyFunc)(gpointer user_data, const GError *error);
/* After ready: the configuration changed (a renewed lease: republish), or
 * @fatal: was lost in a way the profile cannot do without (ipvX.may-fail). */
typedef void (*BonddIpConfigChangedFunc)(gpointer user_data, const GError *fatal);

/* Exports IP4Config/N and IP6Config/N for @ifindex (nothing configured yet).
 * @default_metric: the device kind's route metric. */
BonddIpConfig *bondd_ip_config_new(BonddDaemon *daemon, BonddLinkCache *cache, int ifindex,
                                   const char *ifname, guint32 default_metric);
/* Set what must be set before the link comes up (the kernel's IPv6
 * switches for @connection's ipv6.method, ip6-link-settings.h); undone by
 * bondd_ip_config_stop() when it removes the configuration. */
void bondd_ip_config_prepare_link(BonddIpConfig *self, NMConnection *connection);
/* Configure @connection's ipv4 and ipv6 settings; @ready runs once, from the
 * main loop, unless stopped first; @changed after it, whenever something
 * changes. */
void bondd_ip_config_start(BonddIpConfig *self, NMConnection *connection,
                           BonddIpConfigReadyFunc ready, BonddIpConfigChangedFunc changed,
                           gpointer user_data);
/* Apply changed ipv4/ipv6 settings of a configured device now. */
gboolean bondd_ip_config_reapply(BonddIpConfig *self, NMConnection *connection, GError **error);
/* Stop the providers (no @ready, @changed or @released any more), removing
 * what they configured unless the link is gone or must keep it. */
void bondd_ip_config_stop(BonddIpConfig *self, gboolean remove_from_kernel);
/* Deactivation: stop the providers, removing what they configured, after a
 * DHCP lease is released while the link still carries it.  TRUE: @released
 * runs from the main loop once every release has left (or was given up on
 * after 2 s) -- unless bondd_ip_config_stop() or _free() cut it short
 * first; FALSE: nothing to wait for, stopped now. */
typedef void (*BonddIpConfigReleasedFunc)(gpointer user_data);
gboolean bondd_ip_config_release(BonddIpConfig *self, BonddIpConfigReleasedFunc released,
                                 gpointer user_data);
/* Stop (leaving the kernel as it is), unexport and free. */
void bondd_ip_config_free(BonddIpConfig *self);
G_DEFINE_AUTOPTR_CLEANUP_FUNC(BonddIpConfig, bondd_ip_config_free)

const char *bondd_ip_config_get_path(BonddIpConfig *self, int family);
/* DHCP4Config/DHCP6Config, NULL when the family is not configured by DHCP. */
const char *bondd_ip_config_get_dhcp_path(BonddIpConfig *self, int family);
gboolean bondd_ip_config_has_default_route(BonddIpConfig *self, int family);

G_END_DECLS
