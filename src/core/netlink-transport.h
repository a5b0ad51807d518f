/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * How the link cache talks to a kernel: requests, dumps and notifications
 * of rtnetlink messages.  The daemon uses the real kernel's sockets
 * (netlink-kernel.h); the core's unit tests plug in a fake kernel instead.
 */
#pragma once

#include <gio/gio.h>
#include <linux/netlink.h>

G_BEGIN_DECLS

/* Called for every reply message of a request or dump (not for ACK/DONE). */
typedef void (*BonddNetlinkReplyFunc)(const struct nlmsghdr *nlh, gpointer user_data);
/* A notification (link, address or route change). */
typedef void (*BonddNetlinkEventFunc)(const struct nlmsghdr *nlh, gpointer user_data);
/* Notifications were lost: the subscriber must re-read everything. */
typedef void (*BonddNetlinkOverrunFunc)(gpointer user_data);

typedef struct _BonddNetlinkTransport BonddNetlinkTransport;

typedef struct {
    /* Send @request (nlmsg_seq/pid and NLM_F_REQUEST|NLM_F_ACK set here) and
     * wait for the kernel's answer; replies (e.g. to RTM_GETLINK) go to
     * @reply_func.  A kernel error becomes a G_IO_ERROR from errno whose
     * message carries the extended-ack text when the kernel gave one. */
    gboolean (*request)(BonddNetlinkTransport *self, struct nlmsghdr *request,
                        BonddNetlinkReplyFunc reply_func, gpointer user_data, GError **error);
    /* Send a dump request (NLM_F_DUMP set here) and feed every message to
     * @reply_func until the end.  *out_interrupted is set when the dump was
     * inconsistent (NLM_F_DUMP_INTR): the caller dumps again. */
    gboolean (*dump)(BonddNetlinkTransport *self, struct nlmsghdr *request,
                     BonddNetlinkReplyFunc reply_func, gpointer user_data,
                     gboolean *out_interrupted, GError **error);
    /* Start delivering link, address and route notifications from the main
     * loop (before the first dump, so nothing happens unseen in between). */
    gboolean (*subscribe)(BonddNetlinkTransport *self, BonddNetlinkEventFunc event_func,
                          BonddNetlinkOverrunFunc overrun_func, gpointer user_data, GError **error);
    /* Deliver the notifications already queued, now: before a request whose
     * answer must not be overtaken by older news.  NULL when notifications
     * are never queued. */
    void (*drain)(BonddNetlinkTransport *self);
    /* Read or write a kernel parameter under /proc/sys, @path relative to it
     * ("net/ipv6/conf/bond0/accept_ra"): the per-link IPv6 switches have no
     * rtnetlink attribute.  The value is read without its trailing newline. */
    char *(*sysctl_get)(BonddNetlinkTransport *self, const char *path, GError **error);
    gboolean (*sysctl_set)(BonddNetlinkTransport *self, const char *path, const char *value,
                           GError **error);
    void (*free)(BonddNetlinkTransport *self);
} BonddNetlinkTransportVTable;

struct _BonddNetlinkTransport {
    const BonddNetlinkTransportVTable *vtable;
};

G_END_DECLS
