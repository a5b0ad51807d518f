/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The kernel's rtnetlink sockets (see netlink-kernel.h).  Requests have a
 * socket of their own so that a request never has to sift through
 * notifications.
 */
#include "config.h"

#include "netlink-kernel.h"

#include <glib/gi18n.h>
#include <glib-unix.h>
#include <errno.h>
#include <fcntl.h>
#include <unistd.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <linux/rtnetlink.h>
#include <libmnl/libmnl.h>

/* Dump replies are at most 32 KiB per datagram; leave room to spare. */
#define RECV_BUFFER_SIZE (64 * 1024)
/* The kernel answers in microseconds; a stuck reply must not freeze the
 * daemon for ever. */
#define RECV_TIMEOUT_SEC 10

/* Link messages are several KiB each; a burst (many ports flapping) must
 * not overflow the default receive buffer. */
#define EVENT_BUFFER_SIZE   (64 * 1024)
#define EVENT_SOCKET_RCVBUF (8 * 1024 * 1024)

typedef struct {
    BonddNetlinkTransport parent;

    /* Requests and dumps. */
    struct mnl_socket *sock;
    guint32 portid;
    guint32 seq;
    guint8 *buf;

    /* Notifications. */
    struct mnl_socket *events;
    guint event_source;
    guint8 *event_buf;
    /* The rest of the batch being delivered: a drain from inside a handler
     * goes on from here, so no message is delivered twice or after a
     * newer one. */
    const struct nlmsghdr *batch_next;
    int batch_left;
    guint depth;
    BonddNetlinkEventFunc event_func;
    BonddNetlinkOverrunFunc overrun_func;
    gpointer event_data;
} KernelTransport;

static gboolean
open_request_socket(KernelTransport *nl, GError **error)
{
    int on = 1;
    struct timeval tv = {.tv_sec = RECV_TIMEOUT_SEC};

    nl->sock = mnl_socket_open2(NETLINK_ROUTE, SOCK_CLOEXEC);
    if (!nl->sock) {
        int errsv = errno;
        g_set_error(error, G_IO_ERROR, g_io_error_from_errno(errsv),
                    _("cannot open rtnetlink request socket: %s"), g_strerror(errsv));
        return FALSE;
    }
    if (mnl_socket_bind(nl->sock, 0, MNL_SOCKET_AUTOPID) < 0) {
        int errsv = errno;
        g_set_error(error, G_IO_ERROR, g_io_error_from_errno(errsv),
                    _("cannot bind rtnetlink request socket: %s"), g_strerror(errsv));
        g_clear_pointer(&nl->sock, mnl_socket_close);
        return FALSE;
    }
    /* Extended ACKs carry the kernel's reason text ("Device is already a
     * slave"...); capped ACKs keep the echo of our request out of them.
     * Both are best effort: old kernels simply send plain errors. */
    mnl_socket_setsockopt(nl->sock, NETLINK_EXT_ACK, &on, sizeof on);
    mnl_socket_setsockopt(nl->sock, NETLINK_CAP_ACK, &on, sizeof on);
    setsockopt(mnl_socket_get_fd(nl->sock), SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
    nl->portid = mnl_socket_get_portid(nl->sock);
    nl->seq = (guint32)g_get_monotonic_time();
    nl->buf = g_malloc(RECV_BUFFER_SIZE);
    return TRUE;
}

/* The extended-ack message text following an NLMSG_ERROR/NLMSG_DONE, or
 * NULL.  With NETLINK_CAP_ACK the echoed request is only its header. */
static const char *
extack_message(const struct nlmsghdr *nlh, gsize fixed_len)
{
    const struct nlattr *attr;
    gsize offset = NLMSG_HDRLEN + NLMSG_ALIGN(fixed_len);

    if (!(nlh->nlmsg_flags & NLM_F_ACK_TLVS))
        return NULL;
    if (nlh->nlmsg_type == NLMSG_ERROR && !(nlh->nlmsg_flags & NLM_F_CAPPED)) {
        const struct nlmsgerr *err = mnl_nlmsg_get_payload(nlh);
        if (err->msg.nlmsg_len > sizeof(struct nlmsghdr))
            offset += NLMSG_ALIGN(err->msg.nlmsg_len - sizeof(struct nlmsghdr));
    }
    if (offset >= nlh->nlmsg_len)
        return NULL;

    for (attr = (const struct nlattr *)((const char *)nlh + offset);
         mnl_attr_ok(attr, (int)((const char *)nlh + nlh->nlmsg_len - (const char *)attr));
         attr = mnl_attr_next(attr)) {
        if (mnl_attr_get_type(attr) == NLMSGERR_ATTR_MSG &&
            mnl_attr_validate(attr, MNL_TYPE_NUL_STRING) == 0)
            return mnl_attr_get_str(attr);
    }
    return NULL;
}

static void
set_kernel_error(GError **error, int errnum, const char *extack)
{
    if (extack && *extack)
        g_set_error(error, G_IO_ERROR, g_io_error_from_errno(errnum), "%s (%s)", extack,
                    g_strerror(errnum));
    else
        g_set_error(error, G_IO_ERROR, g_io_error_from_errno(errnum), "%s", g_strerror(errnum));
}

/* Send, then read datagrams until our transaction ends (ACK, error or
 * DONE).  Messages with another sequence number are leftovers from an
 * aborted earlier transaction and are skipped. */
static gboolean
transact(KernelTransport *nl, struct nlmsghdr *request, BonddNetlinkReplyFunc reply_func,
         gpointer user_data, gboolean *out_interrupted, GError **error)
{
    guint32 seq = ++nl->seq;

    if (!nl->sock) {
        g_set_error(error, G_IO_ERROR, G_IO_ERROR_NOT_CONNECTED, _("netlink is not open"));
        return FALSE;
    }

    request->nlmsg_seq = seq;
    request->nlmsg_pid = 0;
    if (out_interrupted)
        *out_interrupted = FALSE;

    if (mnl_socket_sendto(nl->sock, request, request->nlmsg_len) < 0) {
        int errsv = errno;
        g_set_error(error, G_IO_ERROR, g_io_error_from_errno(errsv),
                    _("cannot send netlink request: %s"), g_strerror(errsv));
        return FALSE;
    }

    for (;;) {
        ssize_t n = mnl_socket_recvfrom(nl->sock, nl->buf, RECV_BUFFER_SIZE);
        const struct nlmsghdr *nlh;
        int len;

        if (n < 0) {
            int errsv = errno;
            if (errsv == EINTR)
                continue;
            g_set_error(error, G_IO_ERROR, g_io_error_from_errno(errsv),
                        _("no answer to netlink request: %s"), g_strerror(errsv));
            return FALSE;
        }
        len = (int)n;
        for (nlh = (const struct nlmsghdr *)nl->buf; mnl_nlmsg_ok(nlh, len);
             nlh = mnl_nlmsg_next(nlh, &len)) {
            if (nlh->nlmsg_seq != seq || (nlh->nlmsg_pid && nlh->nlmsg_pid != nl->portid))
                continue;
            if (nlh->nlmsg_flags & NLM_F_DUMP_INTR && out_interrupted)
                *out_interrupted = TRUE;

            switch (nlh->nlmsg_type) {
                case NLMSG_NOOP:
                    break;
                case NLMSG_OVERRUN:
                    g_set_error(error, G_IO_ERROR, G_IO_ERROR_FAILED, _("netlink overrun"));
                    return FALSE;
                case NLMSG_ERROR: {
                    const struct nlmsgerr *err = mnl_nlmsg_get_payload(nlh);
                    if (nlh->nlmsg_len < NLMSG_HDRLEN + sizeof(struct nlmsgerr)) {
                        g_set_error(error, G_IO_ERROR, G_IO_ERROR_FAILED,
                                    _("truncated netlink error message"));
                        return FALSE;
                    }
                    if (err->error == 0)
                        return TRUE; /* the ACK */
                    set_kernel_error(error, -err->error,
                                     extack_message(nlh, sizeof(struct nlmsgerr)));
                    return FALSE;
                }
                case NLMSG_DONE: {
                    /* A dump can end with an error code in DONE's payload. */
                    if (nlh->nlmsg_len >= NLMSG_HDRLEN + sizeof(int)) {
                        int status = *(const int *)mnl_nlmsg_get_payload(nlh);
                        if (status < 0) {
                            set_kernel_error(error, -status, extack_message(nlh, sizeof(int)));
                            return FALSE;
                        }
                    }
                    return TRUE;
                }
                default:
                    if (reply_func)
                        reply_func(nlh, user_data);
                    break;
            }
        }
    }
}

static gboolean
kernel_request(BonddNetlinkTransport *transport, struct nlmsghdr *request,
               BonddNetlinkReplyFunc reply_func, gpointer user_data, GError **error)
{
    request->nlmsg_flags |= NLM_F_REQUEST | NLM_F_ACK;
    return transact((KernelTransport *)transport, request, reply_func, user_data, NULL, error);
}

static gboolean
kernel_dump(BonddNetlinkTransport *transport, struct nlmsghdr *request,
            BonddNetlinkReplyFunc reply_func, gpointer user_data, gboolean *out_interrupted,
            GError **error)
{
    gboolean interrupted = FALSE;
    gboolean ok;

    request->nlmsg_flags |= NLM_F_REQUEST | NLM_F_DUMP;
    ok =
        transact((KernelTransport *)transport, request, reply_func, user_data, &interrupted, error);
    if (out_interrupted)
        *out_interrupted = interrupted;
    return ok;
}

/* ---- notifications ------------------------------------------------------ */

/* Every notification queued on the event socket, in order.  Also called
 * from inside a handler (a drain before a refresh): it then finishes the
 * batch the outer call is delivering and reads on into a buffer of its own,
 * leaving the outer call nothing more to deliver. */
static void
deliver_queued(KernelTransport *nl)
{
    g_autofree guint8 *nested_buf = nl->depth ? g_malloc(EVENT_BUFFER_SIZE) : NULL;
    guint8 *buf = nested_buf ? nested_buf : nl->event_buf;
    gboolean overrun = FALSE;

    nl->depth++;
    for (;;) {
        ssize_t n;

        while (nl->batch_left > 0 && mnl_nlmsg_ok(nl->batch_next, nl->batch_left)) {
            const struct nlmsghdr *nlh = nl->batch_next;

            nl->batch_next = mnl_nlmsg_next(nlh, &nl->batch_left);
            /* nlmsg_pid/seq name whoever caused the change (often our own
             * request socket): not a filter criterion here. */
            nl->event_func(nlh, nl->event_data);
        }
        nl->batch_left = 0;
        n = mnl_socket_recvfrom(nl->events, buf, EVENT_BUFFER_SIZE);
        if (n < 0) {
            if (errno == EINTR)
                continue;
            if (errno == ENOBUFS || errno == ENOSPC) {
                /* Dropped (or truncated) notifications: state unknown. */
                overrun = TRUE;
                continue;
            }
            if (errno != EAGAIN && errno != EWOULDBLOCK)
                g_warning(_("netlink: event socket: %s"), g_strerror(errno));
            break;
        }
        nl->batch_next = (const struct nlmsghdr *)buf;
        nl->batch_left = (int)n;
    }
    nl->depth--;
    if (overrun)
        nl->overrun_func(nl->event_data);
}

static gboolean
event_cb(int fd, GIOCondition condition, gpointer user_data)
{
    deliver_queued(user_data);
    return G_SOURCE_CONTINUE;
}

static void
kernel_drain(BonddNetlinkTransport *transport)
{
    KernelTransport *nl = (KernelTransport *)transport;

    if (nl->events)
        deliver_queued(nl);
}

static gboolean
open_event_socket(KernelTransport *nl, GError **error)
{
    int size = EVENT_SOCKET_RCVBUF;
    int fd;

    nl->events = mnl_socket_open2(NETLINK_ROUTE, SOCK_NONBLOCK | SOCK_CLOEXEC);
    if (!nl->events) {
        int errsv = errno;
        g_set_error(error, G_IO_ERROR, g_io_error_from_errno(errsv),
                    _("cannot open rtnetlink event socket: %s"), g_strerror(errsv));
        return FALSE;
    }
    if (mnl_socket_bind(nl->events,
                        RTMGRP_LINK | RTMGRP_IPV4_IFADDR | RTMGRP_IPV6_IFADDR | RTMGRP_IPV4_ROUTE |
                            RTMGRP_IPV6_ROUTE,
                        MNL_SOCKET_AUTOPID) < 0) {
        int errsv = errno;
        g_set_error(error, G_IO_ERROR, g_io_error_from_errno(errsv),
                    _("cannot subscribe to rtnetlink groups: %s"), g_strerror(errsv));
        return FALSE;
    }
    fd = mnl_socket_get_fd(nl->events);
    /* FORCE needs CAP_NET_ADMIN; without it, take what the limit allows. */
    if (setsockopt(fd, SOL_SOCKET, SO_RCVBUFFORCE, &size, sizeof size) < 0)
        setsockopt(fd, SOL_SOCKET, SO_RCVBUF, &size, sizeof size);
    nl->event_buf = g_malloc(EVENT_BUFFER_SIZE);
    nl->event_source = g_unix_fd_add(fd, G_IO_IN, event_cb, nl);
    return TRUE;
}

static gboolean
kernel_subscribe(BonddNetlinkTransport *transport, BonddNetlinkEventFunc event_func,
                 BonddNetlinkOverrunFunc overrun_func, gpointer user_data, GError **error)
{
    KernelTransport *nl = (KernelTransport *)transport;

    g_return_val_if_fail(!nl->events, FALSE);
    nl->event_func = event_func;
    nl->overrun_func = overrun_func;
    nl->event_data = user_data;
    return open_request_socket(nl, error) && open_event_socket(nl, error);
}

/* ---- /proc/sys ----------------------------------------------------------------- */

static char *
kernel_sysctl_get(BonddNetlinkTransport *transport, const char *path, GError **error)
{
    g_autofree char *file = g_build_filename("/proc/sys", path, NULL);
    char *contents = NULL;

    if (!g_file_get_contents(file, &contents, NULL, error))
        return NULL;
    g_strchomp(contents);
    return contents;
}

static gboolean
kernel_sysctl_set(BonddNetlinkTransport *transport, const char *path, const char *value,
                  GError **error)
{
    g_autofree char *file = g_build_filename("/proc/sys", path, NULL);
    gsize len = strlen(value);
    int fd = open(file, O_WRONLY | O_CLOEXEC);
    ssize_t n;
    int errsv;

    if (fd < 0) {
        errsv = errno;
        g_set_error(error, G_IO_ERROR, g_io_error_from_errno(errsv), _("cannot open %s: %s"), file,
                    g_strerror(errsv));
        return FALSE;
    }
    /* A sysctl takes the whole value in one write. */
    n = write(fd, value, len);
    errsv = errno;
    close(fd);
    if (n != (ssize_t)len) {
        g_set_error(error, G_IO_ERROR, g_io_error_from_errno(n < 0 ? errsv : EIO),
                    _("cannot write '%s' to %s: %s"), value, file, g_strerror(n < 0 ? errsv : EIO));
        return FALSE;
    }
    return TRUE;
}

static void
kernel_free(BonddNetlinkTransport *transport)
{
    KernelTransport *nl = (KernelTransport *)transport;

    if (!nl)
        return;
    g_clear_handle_id(&nl->event_source, g_source_remove);
    g_clear_pointer(&nl->events, mnl_socket_close);
    g_clear_pointer(&nl->sock, mnl_socket_close);
    g_free(nl->event_buf);
    g_free(nl->buf);
    g_free(nl);
}

static const BonddNetlinkTransportVTable kernel_vtable = {
    .request = kernel_request,
    .dump = kernel_dump,
    .subscribe = kernel_subscribe,
    .drain = kernel_drain,
    .sysctl_get = kernel_sysctl_get,
    .sysctl_set = kernel_sysctl_set,
    .free = kernel_free,
};

BonddNetlinkTransport *
bondd_netlink_kernel_new(void)
{
    KernelTransport *nl = g_new0(KernelTransport, 1);

    nl->parent.vtable = &kernel_vtable;
    return &nl->parent;
}
