/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * A DHCP lease as bondd reads it: dhcpcd's options (its script's names
 * without "new_": ip_address, subnet_cidr, routers, classless_static_routes,
 * domain_name_servers, dhcp6_ia_na1_ia_addr1...) turned into the addresses,
 * routes and name servers NetworkManager would configure from them, and the
 * lease kept in a file of the state directory across restarts.  No kernel,
 * no process: the DHCP provider (ip-dhcp.c) applies what this computes.
 */
#pragma once

#include "ip-netlink.h"

G_BEGIN_DECLS

/* The option bondd adds to a lease: when it ends (seconds since the epoch),
 * as NetworkManager shows it. */
#define BONDD_DHCP_LEASE_EXPIRY "expiry"

/* What the profile says about using a lease (ipvX.*). */
typedef struct {
    int family;     /* AF_INET or AF_INET6 */
    guint32 metric; /* of the routes */
    gboolean never_default;
    gboolean ignore_routes; /* ignore-auto-routes: the gateway still counts */
    gboolean ignore_dns;    /* ignore-auto-dns */
    GPtrArray *dns;         /* the profile's own, first; may be NULL */
    GPtrArray *searches;    /* the same */
} BonddDhcpLeaseRules;

/* What a lease calls for. */
typedef struct {
    GArray *addrs;       /* BonddIpAddressRequest, with the lease's lifetimes */
    GArray *routes;      /* BonddIpRoute, the default route first */
    char *gateway;       /* NULL: no default route */
    GPtrArray *dns;      /* char* */
    GPtrArray *searches; /* char*: the resolver's search list */
    /* char*: the server's Domain Name (option 15), which NetworkManager
     * shows as IP4Config.Domains */
    GPtrArray *domains;
} BonddDhcpLeaseConfig;

/* @options NULL: no lease (only the profile's name servers and domains).
 * @now: seconds since the epoch, against which a lease's expiry shortens
 * the addresses' lifetimes (a kept lease is older than its options say). */
void bondd_dhcp_lease_config_init(BonddDhcpLeaseConfig *config, const BonddDhcpLeaseRules *rules,
                                  GHashTable *options, gint64 now);
void bondd_dhcp_lease_config_clear(BonddDhcpLeaseConfig *config);
G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC(BonddDhcpLeaseConfig, bondd_dhcp_lease_config_clear)

/* A numeric option, 0 when absent or not a number. */
guint32 bondd_dhcp_lease_option_u32(GHashTable *options, const char *name);
/* The leased address of @family, or NULL (an information-only DHCPv6
 * lease has none). */
const char *bondd_dhcp_lease_address(GHashTable *options, int family);
/* The lease time of @family's address in seconds, 0 when not given. */
guint32 bondd_dhcp_lease_time(GHashTable *options, int family);

/* Keep @options in @path (the directory is made, 0700). */
gboolean bondd_dhcp_lease_save(const char *path, GHashTable *options, GError **error);
/* The options kept in @path, if it holds a lease that has not expired at
 * @now; else NULL. */
GHashTable *bondd_dhcp_lease_load(const char *path, gint64 now);

G_END_DECLS
