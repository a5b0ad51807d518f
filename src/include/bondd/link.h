/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * A kernel link as the core's link cache sees it (rtnetlink RTM_NEWLINK).
 * Shared between the core and device plugins.
 */
#pragma once

#include <glib.h>
#include <net/if.h>
#include <linux/netlink.h>

G_BEGIN_DECLS

typedef struct {
    int ifindex;
    char name[IFNAMSIZ];
    char kind[32];          /* IFLA_INFO_KIND ("bond", "veth", "dummy"...), "" if none */
    char slave_kind[32];    /* IFLA_INFO_SLAVE_KIND ("bond" for a bond port), "" if none */
    int master;             /* IFLA_MASTER ifindex, 0 if none */
    guint flags;            /* ifi_flags (IFF_UP, IFF_LOWER_UP, IFF_SLAVE...) */
    unsigned short arptype; /* ifi_type (ARPHRD_ETHER, ARPHRD_LOOPBACK...) */
    gboolean carrier;       /* IFLA_CARRIER */
    guint8 operstate;       /* IFLA_OPERSTATE */
    guint mtu;
    guint8 hwaddr[32];
    guint hwaddr_len;
    guint8 perm_hwaddr[32]; /* IFLA_PERM_ADDRESS if the kernel reports it */
    guint perm_hwaddr_len;
    guint32 carrier_changes;    /* IFLA_CARRIER_CHANGES */
    guint32 carrier_up_count;   /* IFLA_CARRIER_UP_COUNT */
    guint32 carrier_down_count; /* IFLA_CARRIER_DOWN_COUNT */
    /* IFLA_LINK when it names a link of the same namespace, else 0: the
     * parent of a stacked link (a vlan's real device).  Other kinds use it
     * otherwise (a veth's peer): only stacked kinds read it as a parent. */
    int parent_ifindex;
    /* The complete last RTM_NEWLINK message for this link (dump or event),
     * so that plugins can parse IFLA_INFO_DATA / IFLA_INFO_SLAVE_DATA. */
    const struct nlmsghdr *nlh;
} BonddLink;

G_END_DECLS
