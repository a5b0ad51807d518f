/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * IPv6 router discovery on one link, through libndp: router solicitations
 * (RFC 4861, retransmitted with RFC 7559's back-off) and what the routers'
 * advertisements carry -- default routers with their preference, on-link and
 * autonomous prefixes, more-specific routes, RDNSS and DNSSL (RFC 8106), MTU
 * and the managed/other-config flags -- each item with its own lifetime,
 * merged across advertisements and dropped when it expires.
 */
#pragma once

#include <glib.h>

#include "ip-provider.h"

G_BEGIN_DECLS

/* An expiry (monotonic milliseconds) that never comes. */
#define BONDD_NDISC_FOREVER G_MAXINT64

typedef struct {
    guint8 addr[16];
    int pref; /* ICMPV6_ROUTER_PREF_LOW/MEDIUM/HIGH, as RTA_PREF takes it */
    gint64 expiry;
} BonddNdiscGateway;

/* A prefix: on-link (a route to it through the link) and/or autonomous
 * (a /64 to make an address in). */
typedef struct {
    guint8 prefix[16];
    guint8 plen;
    gboolean onlink;
    gboolean autonomous;
    gint64 onlink_expiry;
    gint64 valid_expiry;     /* autonomous: the address's valid lifetime */
    gint64 preferred_expiry; /* autonomous: its preferred lifetime */
} BonddNdiscPrefix;

typedef struct {
    guint8 dst[16];
    guint8 plen;
    guint8 gw[16];
    int pref;
    gint64 expiry;
} BonddNdiscRoute;

typedef struct {
    guint8 addr[16];
    gint64 expiry;
} BonddNdiscServer;

typedef struct {
    char *domain;
    gint64 expiry;
} BonddNdiscDomain;

typedef struct {
    gboolean received;          /* an advertisement has come */
    GArray *gateways;           /* BonddNdiscGateway, most preferred first */
    GArray *prefixes;           /* BonddNdiscPrefix */
    GArray *routes;             /* BonddNdiscRoute */
    GArray *servers;            /* BonddNdiscServer */
    GArray *domains;            /* BonddNdiscDomain */
    BonddDhcp6Level dhcp_level; /* the most managed any router asked for */
    guint32 mtu;                /* 0: none advertised */
    guint8 hop_limit;           /* 0: unspecified */
} BonddNdiscData;

typedef struct _BonddNdisc BonddNdisc;

/* Called from the main loop whenever the data changed (an advertisement
 * came, or something expired). */
typedef void (*BonddNdiscChangedFunc)(gpointer user_data);

/* Opens the ICMPv6 socket; nothing is sent before bondd_ndisc_start(). */
BonddNdisc *bondd_ndisc_new(int ifindex, const char *ifname, BonddNdiscChangedFunc changed,
                            gpointer user_data, GError **error);
/* Listen for advertisements and solicit them (after at most 250 ms). */
void bondd_ndisc_start(BonddNdisc *self);
/* Forget what was learnt and solicit again (the interface identifier
 * changed). */
void bondd_ndisc_restart(BonddNdisc *self);
const BonddNdiscData *bondd_ndisc_get_data(BonddNdisc *self);
void bondd_ndisc_free(BonddNdisc *self);
G_DEFINE_AUTOPTR_CLEANUP_FUNC(BonddNdisc, bondd_ndisc_free)

gint64 bondd_ndisc_now(void);
/* Seconds from @now to @expiry (G_MAXUINT32 for FOREVER, at least 1 while
 * not expired). */
guint32 bondd_ndisc_lifetime(gint64 expiry, gint64 now);

G_END_DECLS
