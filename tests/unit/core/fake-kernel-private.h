/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The fake kernel's insides, shared by fake-kernel.c (the tables, the
 * netlink requests, dumps and notifications) and fake-kernel-helpers.c
 * (what tests set and read directly).
 */
#pragma once

#include "fake-kernel.h"

#include <linux/if.h>
#include <linux/netlink.h>

G_BEGIN_DECLS

#define MSG_BUFFER_SIZE 4096

typedef struct {
    int ifindex;
    char name[IFNAMSIZ];
    char kind[32];
    unsigned short arptype;
    guint flags;    /* what userspace sets: IFF_UP, IFF_PROMISC... */
    gboolean cable; /* ethernet-like links: the physical carrier */
    int master;
    int parent; /* IFLA_LINK */
    guint mtu;
    guint8 mac[6];
    int bond_mode;
    int bond_miimon;
    int vlan_id;
    GBytes *notified; /* the last RTM_NEWLINK sent for it */
} FakeLink;

typedef struct {
    int ifindex;
    int family;
    guint8 prefixlen;
    guint8 addr[16];
} FakeAddr;

typedef struct {
    int family;
    guint8 dst[16];
    guint8 plen;
    guint8 gw[16];
    gboolean has_gw;
    int oif;
    guint32 metric;
} FakeRoute;

typedef struct {
    guint16 type;
    char *name;
    int errnum;
} FakeFailure;

typedef struct _FakeTransport FakeTransport;

struct _FakeKernel {
    gint ref;
    GPtrArray *links; /* FakeLink*, by ifindex */
    GArray *addrs;    /* FakeAddr */
    GArray *routes;   /* FakeRoute */
    int next_ifindex;
    guint32 seq;

    GQueue *events; /* GBytes* messages, in order */
    guint event_source;
    gboolean hold;
    gboolean overrun;
    FakeTransport *subscriber;

    GPtrArray *failures;  /* FakeFailure* */
    GHashTable *requests; /* type -> count */
    guint interrupt_dumps;
    GHashTable *sysctls; /* path under /proc/sys -> value */
};

/* From fake-kernel.c, for the helpers: lookups, and the changes a helper
 * makes as the kernel would, with the notifications they send. */
FakeLink *fk_find_link(FakeKernel *k, int ifindex);
FakeLink *fk_find_link_by_name(FakeKernel *k, const char *name);
FakeLink *fk_new_link(FakeKernel *k, const char *name, const char *kind, unsigned short arptype);
struct nlmsghdr *fk_put_addr(guint8 *buf, const FakeAddr *a, guint16 type);
void fk_queue_event(FakeKernel *k, const struct nlmsghdr *nlh);
guint fk_reported_flags(FakeKernel *k, const FakeLink *l);
void fk_schedule_delivery(FakeKernel *k);
void fk_sync_links(FakeKernel *k);
int fk_attach(FakeKernel *k, FakeLink *port, int master_ifindex);
void fk_detach(FakeKernel *k, FakeLink *port);
void fk_delete_link(FakeKernel *k, FakeLink *l);
int fk_find_addr(FakeKernel *k, const FakeAddr *a);

G_END_DECLS
