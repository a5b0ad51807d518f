/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * An IP configuration provider: what configures one address family of an
 * activating device for one ipvX.method -- static addressing today; DHCP and
 * IPv6 autoconfiguration plug in beside it.  A provider starts, reports
 * "ready" or "failed" once, later, from the main loop (a lease may take
 * seconds), keeps its configuration current until stopped, and describes
 * what it configured for the IP4Config/IP6Config objects.
 */
#pragma once

#include <NetworkManager.h>

#include "bondd-config.h"
#include "link-cache.h"

G_BEGIN_DECLS

/* A route a provider configured, as IPxConfig.RouteData shows it. */
typedef struct {
    int family;
    guint8 dst[16];
    guint8 plen;
    guint8 gw[16];
    gboolean has_gw;
    guint32 metric;
} BonddIpRoute;

/* What a provider configured beyond the addresses (which are read from the
 * kernel): gateway, routes, name servers, search domains; a DHCP lease's
 * options. */
typedef struct {
    char *gateway;       /* NULL: no default route */
    GArray *routes;      /* BonddIpRoute */
    GPtrArray *dns;      /* char*, textual addresses */
    GPtrArray *searches; /* char* */
    GPtrArray *domains;  /* char*, a DHCP server's domain name; may be NULL */
    /* NULL: not configured by DHCP; else the lease's options (name -> value,
     * as DHCP4Config/DHCP6Config.Options show them; empty without a lease). */
    GHashTable *dhcp_options;
} BonddIpData;

/* Once per start: @error NULL when the family is configured. */
typedef void (*BonddIpProviderDone)(gpointer user_data, const GError *error);
/* After "done": what the provider configured changed (a renewed lease), or
 * was lost (@lost: an expired lease, a client that cannot run). */
typedef void (*BonddIpProviderChanged)(gpointer user_data, const GError *lost);

/* A provider's release() has finished. */
typedef void (*BonddIpProviderStopped)(gpointer user_data);

/* What a router's advertisement asks of DHCPv6 (its M and O flags). */
typedef enum {
    BONDD_DHCP6_NONE = 0,
    BONDD_DHCP6_OTHERCONF = 1, /* O: information-only (DNS...), addresses from SLAAC */
    BONDD_DHCP6_MANAGED = 2,   /* M: stateful, addresses from DHCPv6 */
} BonddDhcp6Level;

/* The hook between IPv6 autoconfiguration and DHCPv6: the auto provider
 * (ip-auto6.c) calls it when the routers first ask for DHCPv6 and whenever
 * the level rises (never downwards, as NetworkManager).  ip-config.c
 * implements it (ip_config_request_dhcp6()) by starting the DHCPv6 client
 * in that mode beside the router discovery. */
typedef void (*BonddIpRequestDhcp6Func)(gpointer owner, BonddDhcp6Level level);

/* Called by a provider whose configuration changed after it was ready
 * (a new advertisement, an expired item) so the D-Bus objects follow. */
typedef void (*BonddIpChangedFunc)(gpointer owner);

/* Where a provider works. */
typedef struct {
    BonddLinkCache *cache;
    int ifindex;
    const char *ifname; /* for log lines */
    int family;         /* AF_INET or AF_INET6 */
    /* The kind's metric for routes the profile gives none for. */
    guint32 default_metric;
    /* The profile's UUID: the network identity stable addresses hash. */
    const char *network_id;
    /* Persistent state (the secret of stable IPv6 addresses). */
    const char *state_dir;
    gpointer owner; /* for the two callbacks below */
    BonddIpRequestDhcp6Func request_dhcp6;
    BonddIpChangedFunc changed;
    /* Run and state directories, the DHCP client's paths. */
    const BonddConfig *config;
    /* Whether a DHCP lease's MTU applies to the link (the profile sets
     * none of its own). */
    gboolean mtu_from_lease;
    /* A DHCP provider's later news, called with start()'s user_data; may
     * be NULL. */
    BonddIpProviderChanged changed_or_lost;
} BonddIpContext;

/* Errors a provider reports with the device state reason that explains
 * them (NMDeviceStateReason values as codes). */
#define BONDD_IP_ERROR (bondd_ip_error_quark())
GQuark bondd_ip_error_quark(void);

typedef struct {
    const char *name;
    /* Begin configuring @ctx->family from @s_ip (the profile's ipv4 or ipv6
     * setting).  @done runs from the main loop, never within start().  The
     * returned state belongs to the caller (stop() frees it). */
    gpointer (*start)(const BonddIpContext *ctx, NMSettingIPConfig *s_ip, BonddIpProviderDone done,
                      gpointer user_data);
    /* Apply a changed setting of the same method now (Reapply). */
    gboolean (*reapply)(gpointer state, NMSettingIPConfig *s_ip, GError **error);
    const BonddIpData *(*get_data)(gpointer state);
    /* Stop, removing what was configured from the kernel if asked, and free
     * the state.  A pending @done is not called any more. */
    void (*stop)(gpointer state, gboolean remove_from_kernel);
    /* Optional: stop() removing from the kernel, once what must leave while
     * the link still carries the address has left (a DHCP RELEASE).  TRUE:
     * @stopped runs from the main loop when it is done, the state freed --
     * unless stop() is called on the state meanwhile, which finishes at once
     * and never runs @stopped; FALSE: nothing to wait for, stopped and freed
     * now, @stopped never runs. */
    gboolean (*release)(gpointer state, BonddIpProviderStopped stopped, gpointer user_data);
} BonddIpProvider;

/* How a provider (and the IP configuration above it) reports from the main
 * loop: at default priority.  An outcome is news the activation acts on; as
 * an idle it would wait behind every netlink message and D-Bus call queued
 * meanwhile -- a controller's, for one, behind its ports' attaches. */
static inline guint
bondd_ip_report_later(GSourceFunc report, gpointer data)
{
    return g_idle_add_full(G_PRIORITY_DEFAULT, report, data, NULL);
}

/* ipvX.method "manual" (ip-static.c). */
extern const BonddIpProvider bondd_ip_static_provider;
/* ipv6.method "auto": router discovery and SLAAC (ip-auto6.c). */
extern const BonddIpProvider bondd_ip_auto6_provider;
/* ipv6.method "link-local": the link-local address only (ip-auto6.c). */
extern const BonddIpProvider bondd_ip_ll6_provider;
/* ipv6.method "manual": static addresses and the link-local one
 * (ip-manual6.c). */
extern const BonddIpProvider bondd_ip_manual6_provider;
/* ipv4.method "auto" and ipv6.method "dhcp" (ip-dhcp.c). */
extern const BonddIpProvider bondd_ip_dhcp_provider;

/* DHCPv6 asked for by a router advertisement (ipv6.method auto): @info_only
 * when it had only the Other flag (Information-Request), else stateful (the
 * Managed flag).  @ctx->family is AF_INET6.  The state is the DHCP
 * provider's: get its data, reapply and stop it through
 * bondd_ip_dhcp_provider.  @done reports the first lease (or the timeout
 * of @s_ip6's dhcp-timeout); @ctx->changed the later ones. */
gpointer bondd_ip_dhcp6_start(const BonddIpContext *ctx, NMSettingIPConfig *s_ip6,
                              gboolean info_only, BonddIpProviderDone done, gpointer user_data);

G_END_DECLS
