/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The fake kernel (see fake-kernel.h).
 */
#include "config.h"

#include "fake-kernel-private.h"

#include <errno.h>
#include <string.h>
#include <sys/socket.h>
#include <arpa/inet.h>
#include <net/if_arp.h>
#include <linux/if.h>
#include <linux/if_addr.h>
#include <linux/if_link.h>
#include <linux/rtnetlink.h>
#include <libmnl/libmnl.h>

/* A subscriber of the fake kernel: the link cache's transport. */
struct _FakeTransport {
    BonddNetlinkTransport parent;
    FakeKernel *kernel;
    BonddNetlinkEventFunc event_func;
    BonddNetlinkOverrunFunc overrun_func;
    gpointer event_data;
};

/* ---- the tables ---------------------------------------------------------------- */

static void
fake_link_free(gpointer data)
{
    FakeLink *link = data;

    g_clear_pointer(&link->notified, g_bytes_unref);
    g_free(link);
}

static void
fake_failure_free(gpointer data)
{
    FakeFailure *f = data;

    g_free(f->name);
    g_free(f);
}

FakeLink *
fk_find_link(FakeKernel *k, int ifindex)
{
    for (guint i = 0; ifindex > 0 && i < k->links->len; i++) {
        FakeLink *l = k->links->pdata[i];

        if (l->ifindex == ifindex)
            return l;
    }
    return NULL;
}

FakeLink *
fk_find_link_by_name(FakeKernel *k, const char *name)
{
    for (guint i = 0; name && i < k->links->len; i++) {
        FakeLink *l = k->links->pdata[i];

        if (strcmp(l->name, name) == 0)
            return l;
    }
    return NULL;
}

static gboolean
is_bond(const FakeLink *l)
{
    return l && strcmp(l->kind, "bond") == 0;
}

/* Carrier as the kernel computes it (see fake-kernel.h). */
static gboolean
has_carrier(FakeKernel *k, const FakeLink *l, guint depth)
{
    if (!(l->flags & IFF_UP) || depth > 8)
        return FALSE;
    if (l->arptype == ARPHRD_LOOPBACK)
        return TRUE;
    if (is_bond(l)) {
        for (guint i = 0; i < k->links->len; i++) {
            const FakeLink *port = k->links->pdata[i];

            if (port->master == l->ifindex && has_carrier(k, port, depth + 1))
                return TRUE;
        }
        return FALSE;
    }
    if (l->parent) {
        const FakeLink *parent = fk_find_link(k, l->parent);

        return parent && has_carrier(k, parent, depth + 1);
    }
    return l->cable;
}

guint
fk_reported_flags(FakeKernel *k, const FakeLink *l)
{
    guint flags = l->flags;

    if (has_carrier(k, l, 0))
        flags |= IFF_LOWER_UP | IFF_RUNNING;
    if (is_bond(fk_find_link(k, l->master)))
        flags |= IFF_SLAVE;
    if (is_bond(l))
        flags |= IFF_MASTER;
    return flags;
}

FakeLink *
fk_new_link(FakeKernel *k, const char *name, const char *kind, unsigned short arptype)
{
    FakeLink *l = g_new0(FakeLink, 1);

    l->ifindex = k->next_ifindex++;
    g_strlcpy(l->name, name, sizeof l->name);
    g_strlcpy(l->kind, kind ? kind : "", sizeof l->kind);
    l->arptype = arptype;
    l->mtu = arptype == ARPHRD_LOOPBACK ? 65536 : 1500;
    if (arptype == ARPHRD_ETHER) {
        /* Locally administered, unique per ifindex. */
        l->mac[0] = 0x02;
        l->mac[4] = (guint8)(l->ifindex >> 8);
        l->mac[5] = (guint8)l->ifindex;
    }
    l->bond_mode = is_bond(l) ? 0 : -1;
    l->bond_miimon = is_bond(l) ? 0 : -1;
    l->vlan_id = -1;
    g_ptr_array_add(k->links, l);
    return l;
}

/* ---- messages ------------------------------------------------------------------ */

static struct nlmsghdr *
put_link(FakeKernel *k, guint8 *buf, const FakeLink *l, guint16 type)
{
    struct nlmsghdr *nlh = mnl_nlmsg_put_header(buf);
    struct ifinfomsg *ifi = mnl_nlmsg_put_extra_header(nlh, sizeof *ifi);
    const FakeLink *master = fk_find_link(k, l->master);
    struct nlattr *info, *data;

    nlh->nlmsg_type = type;
    ifi->ifi_family = AF_UNSPEC;
    ifi->ifi_type = l->arptype;
    ifi->ifi_index = l->ifindex;
    ifi->ifi_flags = fk_reported_flags(k, l);
    ifi->ifi_change = 0xffffffff;
    if (type == RTM_DELLINK) {
        mnl_attr_put_strz(nlh, IFLA_IFNAME, l->name);
        return nlh;
    }
    mnl_attr_put_strz(nlh, IFLA_IFNAME, l->name);
    mnl_attr_put_u32(nlh, IFLA_MTU, l->mtu);
    if (l->arptype == ARPHRD_ETHER) {
        static const guint8 broadcast[6] = {0xff, 0xff, 0xff, 0xff, 0xff, 0xff};

        mnl_attr_put(nlh, IFLA_ADDRESS, sizeof l->mac, l->mac);
        mnl_attr_put(nlh, IFLA_BROADCAST, sizeof broadcast, broadcast);
    }
    if (l->master)
        mnl_attr_put_u32(nlh, IFLA_MASTER, (guint32)l->master);
    if (l->parent)
        mnl_attr_put_u32(nlh, IFLA_LINK, (guint32)l->parent);
    mnl_attr_put_u8(nlh, IFLA_CARRIER, has_carrier(k, l, 0));
    mnl_attr_put_u8(nlh, IFLA_OPERSTATE, has_carrier(k, l, 0) ? IF_OPER_UP : IF_OPER_DOWN);
    if (l->kind[0] || is_bond(master)) {
        info = mnl_attr_nest_start(nlh, IFLA_LINKINFO);
        if (l->kind[0])
            mnl_attr_put_strz(nlh, IFLA_INFO_KIND, l->kind);
        if (is_bond(l)) {
            data = mnl_attr_nest_start(nlh, IFLA_INFO_DATA);
            mnl_attr_put_u8(nlh, IFLA_BOND_MODE, (guint8)l->bond_mode);
            mnl_attr_put_u32(nlh, IFLA_BOND_MIIMON, (guint32)l->bond_miimon);
            mnl_attr_nest_end(nlh, data);
        } else if (strcmp(l->kind, "vlan") == 0) {
            data = mnl_attr_nest_start(nlh, IFLA_INFO_DATA);
            mnl_attr_put_u16(nlh, IFLA_VLAN_ID, (guint16)l->vlan_id);
            mnl_attr_nest_end(nlh, data);
        }
        if (is_bond(master))
            mnl_attr_put_strz(nlh, IFLA_INFO_SLAVE_KIND, "bond");
        mnl_attr_nest_end(nlh, info);
    }
    return nlh;
}

struct nlmsghdr *
fk_put_addr(guint8 *buf, const FakeAddr *a, guint16 type)
{
    struct nlmsghdr *nlh = mnl_nlmsg_put_header(buf);
    struct ifaddrmsg *ifa = mnl_nlmsg_put_extra_header(nlh, sizeof *ifa);
    gsize len = a->family == AF_INET ? 4 : 16;

    nlh->nlmsg_type = type;
    ifa->ifa_family = (guint8)a->family;
    ifa->ifa_prefixlen = a->prefixlen;
    ifa->ifa_flags = IFA_F_PERMANENT;
    ifa->ifa_scope = RT_SCOPE_UNIVERSE;
    ifa->ifa_index = (guint32)a->ifindex;
    mnl_attr_put(nlh, IFA_ADDRESS, len, a->addr);
    if (a->family == AF_INET)
        mnl_attr_put(nlh, IFA_LOCAL, len, a->addr);
    mnl_attr_put_u32(nlh, IFA_FLAGS, IFA_F_PERMANENT);
    return nlh;
}

/* ---- notifications -------------------------------------------------------------- */

static gboolean deliver_idle(gpointer user_data);

void
fk_schedule_delivery(FakeKernel *k)
{
    if (k->subscriber && !k->hold && !k->event_source && (k->events->length || k->overrun))
        k->event_source = g_idle_add(deliver_idle, k);
}

void
fk_queue_event(FakeKernel *k, const struct nlmsghdr *nlh)
{
    if (!k->subscriber)
        return;
    g_queue_push_tail(k->events, g_bytes_new(nlh, nlh->nlmsg_len));
    fk_schedule_delivery(k);
}

/* After a change: RTM_NEWLINK for every link whose message differs from the
 * last one sent (a change can move the carrier of a bond or a vlan too). */
void
fk_sync_links(FakeKernel *k)
{
    for (guint i = 0; i < k->links->len; i++) {
        FakeLink *l = k->links->pdata[i];
        guint8 buf[MSG_BUFFER_SIZE];
        struct nlmsghdr *nlh = put_link(k, buf, l, RTM_NEWLINK);
        g_autoptr(GBytes) now = NULL;

        nlh->nlmsg_seq = 0;
        now = g_bytes_new(nlh, nlh->nlmsg_len);
        if (l->notified && g_bytes_equal(l->notified, now))
            continue;
        g_clear_pointer(&l->notified, g_bytes_unref);
        l->notified = g_bytes_ref(now);
        fk_queue_event(k, nlh);
    }
}

static gboolean
deliver_idle(gpointer user_data)
{
    FakeKernel *k = user_data;
    FakeTransport *t = k->subscriber;
    guint n = k->events->length;
    gboolean overrun = k->overrun;

    k->event_source = 0;
    k->overrun = FALSE;
    fake_kernel_ref(k);
    /* What was queued when we got here, as one read would return; what the
     * handlers cause comes with the next delivery. */
    for (guint i = 0; i < n && k->subscriber == t && t; i++) {
        g_autoptr(GBytes) msg = g_queue_pop_head(k->events);

        /* A drain from inside a handler took the rest. */
        if (!msg)
            break;
        t->event_func(g_bytes_get_data(msg, NULL), t->event_data);
    }
    if (overrun && k->subscriber == t && t)
        t->overrun_func(t->event_data);
    fk_schedule_delivery(k);
    fake_kernel_unref(k);
    return G_SOURCE_REMOVE;
}

/* ---- changes ---------------------------------------------------------------------- */

static void
remove_addresses_of(FakeKernel *k, int ifindex)
{
    for (guint i = k->addrs->len; i > 0; i--) {
        FakeAddr a = g_array_index(k->addrs, FakeAddr, i - 1);
        guint8 buf[MSG_BUFFER_SIZE];

        if (a.ifindex != ifindex)
            continue;
        g_array_remove_index(k->addrs, i - 1);
        fk_queue_event(k, fk_put_addr(buf, &a, RTM_DELADDR));
    }
    for (guint i = k->routes->len; i > 0; i--) {
        if (g_array_index(k->routes, FakeRoute, i - 1).oif == ifindex)
            g_array_remove_index(k->routes, i - 1);
    }
}

void
fk_detach(FakeKernel *k, FakeLink *port)
{
    FakeLink *master = fk_find_link(k, port->master);

    port->master = 0;
    /* The bonding driver closes a port it releases. */
    if (is_bond(master))
        port->flags &= ~IFF_UP;
}

void
fk_delete_link(FakeKernel *k, FakeLink *l)
{
    guint8 buf[MSG_BUFFER_SIZE];
    int ifindex = l->ifindex;
    guint i;

    for (i = 0; i < k->links->len; i++) {
        FakeLink *other = k->links->pdata[i];

        if (other->master == ifindex)
            fk_detach(k, other);
    }
    /* Stacked links go with their parent. */
    for (i = 0; i < k->links->len;) {
        FakeLink *other = k->links->pdata[i];

        if (other->parent == ifindex) {
            fk_delete_link(k, other);
            i = 0;
            continue;
        }
        i++;
    }
    remove_addresses_of(k, ifindex);
    g_ptr_array_remove(k->links, l); /* keeps @l: the array frees nothing */
    fk_sync_links(k);
    fk_queue_event(k, put_link(k, buf, l, RTM_DELLINK));
    fake_link_free(l);
}

int
fk_attach(FakeKernel *k, FakeLink *port, int master_ifindex)
{
    FakeLink *master = fk_find_link(k, master_ifindex);

    if (!master)
        return ENODEV;
    if (master == port)
        return ELOOP;
    if (!is_bond(master))
        return EOPNOTSUPP;
    if (port->master && port->master != master_ifindex)
        return EBUSY;
    if (is_bond(port))
        return EPERM;
    port->master = master_ifindex;
    /* The bonding driver opens the port it enslaves. */
    port->flags |= IFF_UP;
    return 0;
}

/* ---- requests ------------------------------------------------------------------------ */

typedef struct {
    const struct nlattr **tb;
    int max;
} AttrTable;

static int
attr_cb(const struct nlattr *attr, void *data)
{
    AttrTable *t = data;
    int type = mnl_attr_get_type(attr);

    if (type <= t->max)
        t->tb[type] = attr;
    return MNL_CB_OK;
}

static void
parse_nested(const struct nlattr *nest, const struct nlattr **tb, int max)
{
    AttrTable t = {tb, max};

    if (nest)
        mnl_attr_parse_nested(nest, attr_cb, &t);
}

static const char *
attr_string(const struct nlattr *attr, char *buf, gsize size)
{
    if (!attr)
        return NULL;
    g_strlcpy(buf, mnl_attr_get_payload(attr),
              MIN(size, (gsize)mnl_attr_get_payload_len(attr) + 1));
    return buf;
}

/* The link a request is about: by index, else by IFLA_IFNAME. */
static FakeLink *
request_link(FakeKernel *k, const struct nlmsghdr *nlh, const struct nlattr **tb)
{
    const struct ifinfomsg *ifi = mnl_nlmsg_get_payload(nlh);
    char name[IFNAMSIZ];

    if (ifi->ifi_index)
        return fk_find_link(k, ifi->ifi_index);
    return fk_find_link_by_name(k, attr_string(tb[IFLA_IFNAME], name, sizeof name));
}

static void
apply_bond_data(FakeLink *l, const struct nlattr **data)
{
    if (data[IFLA_BOND_MODE])
        l->bond_mode = mnl_attr_get_u8(data[IFLA_BOND_MODE]);
    if (data[IFLA_BOND_MIIMON])
        l->bond_miimon = (int)mnl_attr_get_u32(data[IFLA_BOND_MIIMON]);
}

static int
bond_data_check(FakeKernel *k, const FakeLink *l, const struct nlattr **data)
{
    if (data[IFLA_BOND_MODE] && mnl_attr_get_u8(data[IFLA_BOND_MODE]) > 6)
        return EINVAL;
    if (l && data[IFLA_BOND_MODE] && mnl_attr_get_u8(data[IFLA_BOND_MODE]) != l->bond_mode) {
        /* The bonding driver changes the mode only on a bond that is down
         * and has no ports. */
        if (l->flags & IFF_UP)
            return EBUSY;
        for (guint i = 0; i < k->links->len; i++) {
            if (((FakeLink *)k->links->pdata[i])->master == l->ifindex)
                return EBUSY;
        }
    }
    return 0;
}

static int
handle_newlink(FakeKernel *k, const struct nlmsghdr *nlh)
{
    const struct ifinfomsg *ifi = mnl_nlmsg_get_payload(nlh);
    const struct nlattr *tb[IFLA_MAX + 1] = {0};
    const struct nlattr *info[IFLA_INFO_MAX + 1] = {0};
    const struct nlattr *bond[IFLA_BOND_MAX + 1] = {0};
    const struct nlattr *vlan[IFLA_VLAN_MAX + 1] = {0};
    AttrTable t = {tb, IFLA_MAX};
    char name[IFNAMSIZ], kind[32];
    const char *want_kind;
    FakeLink *l;
    int err;

    mnl_attr_parse(nlh, sizeof *ifi, attr_cb, &t);
    parse_nested(tb[IFLA_LINKINFO], info, IFLA_INFO_MAX);
    want_kind = attr_string(info[IFLA_INFO_KIND], kind, sizeof kind);
    if (want_kind && strcmp(want_kind, "bond") == 0)
        parse_nested(info[IFLA_INFO_DATA], bond, IFLA_BOND_MAX);
    if (want_kind && strcmp(want_kind, "vlan") == 0)
        parse_nested(info[IFLA_INFO_DATA], vlan, IFLA_VLAN_MAX);

    l = request_link(k, nlh, tb);
    if (!l && ifi->ifi_index)
        return ENODEV;
    if (!l) {
        int parent = tb[IFLA_LINK] ? (int)mnl_attr_get_u32(tb[IFLA_LINK]) : 0;

        if (nlh->nlmsg_type != RTM_NEWLINK || !(nlh->nlmsg_flags & NLM_F_CREATE))
            return ENODEV;
        if (!attr_string(tb[IFLA_IFNAME], name, sizeof name) || !*name)
            return EINVAL;
        if (!want_kind)
            return EOPNOTSUPP;
        if (strcmp(want_kind, "vlan") == 0 && (!fk_find_link(k, parent) || !vlan[IFLA_VLAN_ID] ||
                                               mnl_attr_get_u16(vlan[IFLA_VLAN_ID]) >= 4095))
            return parent && !fk_find_link(k, parent) ? ENODEV : EINVAL;
        if ((err = bond_data_check(k, NULL, bond)))
            return err;
        l = fk_new_link(k, name, want_kind, ARPHRD_ETHER);
        l->parent = parent;
        if (vlan[IFLA_VLAN_ID])
            l->vlan_id = mnl_attr_get_u16(vlan[IFLA_VLAN_ID]);
        apply_bond_data(l, bond);
    } else if ((nlh->nlmsg_flags & NLM_F_CREATE) && (nlh->nlmsg_flags & NLM_F_EXCL) &&
               !ifi->ifi_index) {
        return EEXIST;
    } else {
        if (want_kind && strcmp(want_kind, l->kind) != 0)
            return EOPNOTSUPP;
        if ((err = bond_data_check(k, l, bond)))
            return err;
        if (ifi->ifi_index && tb[IFLA_IFNAME]) {
            FakeLink *other =
                fk_find_link_by_name(k, attr_string(tb[IFLA_IFNAME], name, sizeof name));

            if (other && other != l)
                return EEXIST;
            g_strlcpy(l->name, name, sizeof l->name);
        }
        apply_bond_data(l, bond);
    }

    if (tb[IFLA_MTU]) {
        guint mtu = mnl_attr_get_u32(tb[IFLA_MTU]);

        if (mtu < 68 || mtu > 65535)
            return EINVAL;
        l->mtu = mtu;
    }
    if (tb[IFLA_ADDRESS] && mnl_attr_get_payload_len(tb[IFLA_ADDRESS]) == sizeof l->mac)
        memcpy(l->mac, mnl_attr_get_payload(tb[IFLA_ADDRESS]), sizeof l->mac);
    if (tb[IFLA_MASTER]) {
        int master = (int)mnl_attr_get_u32(tb[IFLA_MASTER]);

        if (master == 0) {
            if (l->master)
                fk_detach(k, l);
        } else if ((err = fk_attach(k, l, master))) {
            return err;
        }
    }
    if (ifi->ifi_change)
        l->flags = (l->flags & ~ifi->ifi_change) | (ifi->ifi_flags & ifi->ifi_change);
    else if (ifi->ifi_flags)
        l->flags = ifi->ifi_flags;
    l->flags &= IFF_UP | IFF_PROMISC | IFF_ALLMULTI | IFF_NOARP | IFF_MULTICAST | IFF_BROADCAST;
    fk_sync_links(k);
    return 0;
}

static gboolean
parse_addr_request(const struct nlmsghdr *nlh, FakeAddr *out)
{
    const struct ifaddrmsg *ifa = mnl_nlmsg_get_payload(nlh);
    const struct nlattr *tb[IFA_MAX + 1] = {0};
    AttrTable t = {tb, IFA_MAX};
    const struct nlattr *a;
    gsize len = ifa->ifa_family == AF_INET ? 4 : 16;

    if (ifa->ifa_family != AF_INET && ifa->ifa_family != AF_INET6)
        return FALSE;
    mnl_attr_parse(nlh, sizeof *ifa, attr_cb, &t);
    a = tb[IFA_LOCAL] ? tb[IFA_LOCAL] : tb[IFA_ADDRESS];
    if (!a || mnl_attr_get_payload_len(a) < len)
        return FALSE;
    memset(out, 0, sizeof *out);
    out->ifindex = (int)ifa->ifa_index;
    out->family = ifa->ifa_family;
    out->prefixlen = ifa->ifa_prefixlen;
    memcpy(out->addr, mnl_attr_get_payload(a), len);
    return TRUE;
}

int
fk_find_addr(FakeKernel *k, const FakeAddr *a)
{
    for (guint i = 0; i < k->addrs->len; i++) {
        const FakeAddr *b = &g_array_index(k->addrs, FakeAddr, i);

        if (b->ifindex == a->ifindex && b->family == a->family && b->prefixlen == a->prefixlen &&
            memcmp(b->addr, a->addr, sizeof a->addr) == 0)
            return (int)i;
    }
    return -1;
}

static int
handle_addr(FakeKernel *k, const struct nlmsghdr *nlh)
{
    guint8 buf[MSG_BUFFER_SIZE];
    FakeAddr a;
    int i;

    if (!parse_addr_request(nlh, &a))
        return EINVAL;
    if (!fk_find_link(k, a.ifindex))
        return ENODEV;
    i = fk_find_addr(k, &a);
    if (nlh->nlmsg_type == RTM_DELADDR) {
        if (i < 0)
            return EADDRNOTAVAIL;
        g_array_remove_index(k->addrs, (guint)i);
        fk_queue_event(k, fk_put_addr(buf, &a, RTM_DELADDR));
        return 0;
    }
    if (i >= 0 && (nlh->nlmsg_flags & NLM_F_EXCL))
        return EEXIST;
    if (i < 0)
        g_array_append_val(k->addrs, a);
    fk_queue_event(k, fk_put_addr(buf, &a, RTM_NEWADDR));
    return 0;
}

static gboolean
route_equal(const FakeRoute *a, const FakeRoute *b)
{
    return a->family == b->family && a->plen == b->plen && a->oif == b->oif &&
           a->metric == b->metric && memcmp(a->dst, b->dst, sizeof a->dst) == 0;
}

static int
handle_route(FakeKernel *k, const struct nlmsghdr *nlh)
{
    const struct rtmsg *rtm = mnl_nlmsg_get_payload(nlh);
    const struct nlattr *tb[RTA_MAX + 1] = {0};
    AttrTable t = {tb, RTA_MAX};
    gsize len = rtm->rtm_family == AF_INET ? 4 : 16;
    FakeRoute r = {.family = rtm->rtm_family, .plen = rtm->rtm_dst_len};

    mnl_attr_parse(nlh, sizeof *rtm, attr_cb, &t);
    if (tb[RTA_DST])
        memcpy(r.dst, mnl_attr_get_payload(tb[RTA_DST]), len);
    if (tb[RTA_GATEWAY]) {
        memcpy(r.gw, mnl_attr_get_payload(tb[RTA_GATEWAY]), len);
        r.has_gw = TRUE;
    }
    r.oif = tb[RTA_OIF] ? (int)mnl_attr_get_u32(tb[RTA_OIF]) : 0;
    r.metric = tb[RTA_PRIORITY] ? mnl_attr_get_u32(tb[RTA_PRIORITY]) : 0;
    if (!fk_find_link(k, r.oif))
        return ENODEV;
    for (guint i = 0; i < k->routes->len; i++) {
        if (!route_equal(&g_array_index(k->routes, FakeRoute, i), &r))
            continue;
        if (nlh->nlmsg_type == RTM_DELROUTE) {
            g_array_remove_index(k->routes, i);
            return 0;
        }
        g_array_index(k->routes, FakeRoute, i) = r;
        return 0;
    }
    if (nlh->nlmsg_type == RTM_DELROUTE)
        return ESRCH;
    g_array_append_val(k->routes, r);
    return 0;
}

/* Which link a request is about, for fake_kernel_fail_next(). */
static const char *
request_target(FakeKernel *k, const struct nlmsghdr *nlh, char *buf, gsize size)
{
    int ifindex = 0;

    switch (nlh->nlmsg_type) {
        case RTM_NEWLINK:
        case RTM_SETLINK:
        case RTM_DELLINK:
        case RTM_GETLINK: {
            const struct ifinfomsg *ifi = mnl_nlmsg_get_payload(nlh);
            const struct nlattr *tb[IFLA_MAX + 1] = {0};
            AttrTable t = {tb, IFLA_MAX};

            if (ifi->ifi_index) {
                ifindex = ifi->ifi_index;
                break;
            }
            mnl_attr_parse(nlh, sizeof *ifi, attr_cb, &t);
            return attr_string(tb[IFLA_IFNAME], buf, size);
        }
        case RTM_NEWADDR:
        case RTM_DELADDR:
            ifindex = (int)((const struct ifaddrmsg *)mnl_nlmsg_get_payload(nlh))->ifa_index;
            break;
        case RTM_NEWROUTE:
        case RTM_DELROUTE: {
            const struct rtmsg *rtm = mnl_nlmsg_get_payload(nlh);
            const struct nlattr *tb[RTA_MAX + 1] = {0};
            AttrTable t = {tb, RTA_MAX};

            mnl_attr_parse(nlh, sizeof *rtm, attr_cb, &t);
            ifindex = tb[RTA_OIF] ? (int)mnl_attr_get_u32(tb[RTA_OIF]) : 0;
            break;
        }
        default:
            break;
    }
    return fake_kernel_get_name(k, ifindex);
}

/* An injected failure for this request, or 0. */
static int
take_failure(FakeKernel *k, const struct nlmsghdr *nlh)
{
    char buf[IFNAMSIZ];
    const char *target = NULL;
    gboolean have_target = FALSE;

    for (guint i = 0; i < k->failures->len; i++) {
        FakeFailure *f = k->failures->pdata[i];
        int errnum = f->errnum;

        if (f->type != nlh->nlmsg_type)
            continue;
        if (f->name && !have_target) {
            target = request_target(k, nlh, buf, sizeof buf);
            have_target = TRUE;
        }
        if (f->name && g_strcmp0(f->name, target) != 0)
            continue;
        g_ptr_array_remove_index(k->failures, i);
        return errnum;
    }
    return 0;
}

static void
count_request(FakeKernel *k, guint16 type)
{
    gpointer key = GUINT_TO_POINTER(type);

    g_hash_table_insert(
        k->requests, key,
        GUINT_TO_POINTER(GPOINTER_TO_UINT(g_hash_table_lookup(k->requests, key)) + 1));
}

static gboolean
set_errno_error(GError **error, int errnum, gboolean injected)
{
    /* As the real transport: G_IO_ERROR from errno, the kernel's text. */
    if (injected)
        g_set_error(error, G_IO_ERROR, g_io_error_from_errno(errnum),
                    "fake kernel: injected failure (%s)", g_strerror(errnum));
    else
        g_set_error(error, G_IO_ERROR, g_io_error_from_errno(errnum), "%s", g_strerror(errnum));
    return FALSE;
}

static gboolean
fake_request(BonddNetlinkTransport *transport, struct nlmsghdr *request,
             BonddNetlinkReplyFunc reply_func, gpointer user_data, GError **error)
{
    FakeKernel *k = ((FakeTransport *)transport)->kernel;
    int err;

    request->nlmsg_flags |= NLM_F_REQUEST | NLM_F_ACK;
    request->nlmsg_seq = ++k->seq;
    count_request(k, request->nlmsg_type);
    if ((err = take_failure(k, request)))
        return set_errno_error(error, err, TRUE);

    switch (request->nlmsg_type) {
        case RTM_GETLINK: {
            const struct nlattr *tb[IFLA_MAX + 1] = {0};
            AttrTable t = {tb, IFLA_MAX};
            guint8 buf[MSG_BUFFER_SIZE];
            FakeLink *l;
            struct nlmsghdr *reply;

            mnl_attr_parse(request, sizeof(struct ifinfomsg), attr_cb, &t);
            l = request_link(k, request, tb);
            if (!l)
                return set_errno_error(error, ENODEV, FALSE);
            reply = put_link(k, buf, l, RTM_NEWLINK);
            reply->nlmsg_seq = request->nlmsg_seq;
            if (reply_func)
                reply_func(reply, user_data);
            return TRUE;
        }
        case RTM_NEWLINK:
        case RTM_SETLINK:
            err = handle_newlink(k, request);
            break;
        case RTM_DELLINK: {
            const struct nlattr *tb[IFLA_MAX + 1] = {0};
            AttrTable t = {tb, IFLA_MAX};
            FakeLink *l;

            mnl_attr_parse(request, sizeof(struct ifinfomsg), attr_cb, &t);
            l = request_link(k, request, tb);
            if (!l)
                err = ENODEV;
            else if (l->arptype == ARPHRD_LOOPBACK)
                err = EOPNOTSUPP;
            else
                fk_delete_link(k, l);
            break;
        }
        case RTM_NEWADDR:
        case RTM_DELADDR:
            err = handle_addr(k, request);
            break;
        case RTM_NEWROUTE:
        case RTM_DELROUTE:
            err = handle_route(k, request);
            break;
        default:
            err = EOPNOTSUPP;
            break;
    }
    return err ? set_errno_error(error, err, FALSE) : TRUE;
}

static gboolean
fake_dump(BonddNetlinkTransport *transport, struct nlmsghdr *request,
          BonddNetlinkReplyFunc reply_func, gpointer user_data, gboolean *out_interrupted,
          GError **error)
{
    FakeKernel *k = ((FakeTransport *)transport)->kernel;
    int err;

    request->nlmsg_flags |= NLM_F_REQUEST | NLM_F_DUMP;
    request->nlmsg_seq = ++k->seq;
    count_request(k, request->nlmsg_type);
    if (out_interrupted)
        *out_interrupted = FALSE;
    if ((err = take_failure(k, request)))
        return set_errno_error(error, err, TRUE);

    if (k->interrupt_dumps > 0) {
        k->interrupt_dumps--;
        if (out_interrupted)
            *out_interrupted = TRUE;
    }
    switch (request->nlmsg_type) {
        case RTM_GETLINK:
            for (guint i = 0; i < k->links->len; i++) {
                guint8 buf[MSG_BUFFER_SIZE];
                struct nlmsghdr *nlh = put_link(k, buf, k->links->pdata[i], RTM_NEWLINK);

                nlh->nlmsg_seq = request->nlmsg_seq;
                nlh->nlmsg_flags |= NLM_F_MULTI;
                reply_func(nlh, user_data);
            }
            return TRUE;
        case RTM_GETADDR: {
            const struct ifaddrmsg *ifa = mnl_nlmsg_get_payload(request);

            for (guint i = 0; i < k->addrs->len; i++) {
                const FakeAddr *a = &g_array_index(k->addrs, FakeAddr, i);
                guint8 buf[MSG_BUFFER_SIZE];
                struct nlmsghdr *nlh;

                if (ifa->ifa_family != AF_UNSPEC && ifa->ifa_family != a->family)
                    continue;
                nlh = fk_put_addr(buf, a, RTM_NEWADDR);
                nlh->nlmsg_seq = request->nlmsg_seq;
                nlh->nlmsg_flags |= NLM_F_MULTI;
                reply_func(nlh, user_data);
            }
            return TRUE;
        }
        case RTM_GETROUTE:
            return TRUE;
        default:
            return set_errno_error(error, EOPNOTSUPP, FALSE);
    }
}

static gboolean
fake_subscribe(BonddNetlinkTransport *transport, BonddNetlinkEventFunc event_func,
               BonddNetlinkOverrunFunc overrun_func, gpointer user_data, GError **error)
{
    FakeTransport *t = (FakeTransport *)transport;
    FakeKernel *k = t->kernel;

    t->event_func = event_func;
    t->overrun_func = overrun_func;
    t->event_data = user_data;
    g_queue_clear_full(k->events, (GDestroyNotify)g_bytes_unref);
    k->subscriber = t;
    return TRUE;
}

static void
fake_transport_free(BonddNetlinkTransport *transport)
{
    FakeTransport *t = (FakeTransport *)transport;
    FakeKernel *k = t->kernel;

    if (k->subscriber == t) {
        k->subscriber = NULL;
        k->overrun = FALSE;
        g_clear_handle_id(&k->event_source, g_source_remove);
        g_queue_clear_full(k->events, (GDestroyNotify)g_bytes_unref);
    }
    fake_kernel_unref(k);
    g_free(t);
}

/* What is queued (and not held back) is delivered now, in order. */
static void
fake_drain(BonddNetlinkTransport *transport)
{
    FakeTransport *t = (FakeTransport *)transport;
    FakeKernel *k = t->kernel;

    if (k->subscriber != t || k->hold)
        return;
    g_clear_handle_id(&k->event_source, g_source_remove);
    while (k->events->length && k->subscriber == t) {
        g_autoptr(GBytes) msg = g_queue_pop_head(k->events);

        t->event_func(g_bytes_get_data(msg, NULL), t->event_data);
    }
    fk_schedule_delivery(k);
}

/* Parameters live in a table: a value is there once something wrote it
 * (or it is a link's IPv6 switch). */
static char *
fake_sysctl_get(BonddNetlinkTransport *transport, const char *path, GError **error)
{
    FakeKernel *k = ((FakeTransport *)transport)->kernel;
    const char *value = g_hash_table_lookup(k->sysctls, path);
    g_auto(GStrv) parts = g_strsplit(path, "/", -1);

    /* A link's IPv6 switches read 0 until written, as most do. */
    if (!value && g_strv_length(parts) == 5 && g_str_equal(parts[0], "net") &&
        g_str_equal(parts[1], "ipv6") && g_str_equal(parts[2], "conf") &&
        fake_kernel_has_link(k, parts[3]))
        value = "0";
    if (!value) {
        g_set_error(error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND, "fake kernel: no %s", path);
        return NULL;
    }
    return g_strdup(value);
}

static gboolean
fake_sysctl_set(BonddNetlinkTransport *transport, const char *path, const char *value,
                GError **error)
{
    FakeKernel *k = ((FakeTransport *)transport)->kernel;

    g_hash_table_insert(k->sysctls, g_strdup(path), g_strdup(value));
    return TRUE;
}

static const BonddNetlinkTransportVTable fake_vtable = {
    .request = fake_request,
    .dump = fake_dump,
    .subscribe = fake_subscribe,
    .drain = fake_drain,
    .sysctl_get = fake_sysctl_get,
    .sysctl_set = fake_sysctl_set,
    .free = fake_transport_free,
};

BonddNetlinkTransport *
fake_kernel_new_transport(FakeKernel *kernel)
{
    FakeTransport *t = g_new0(FakeTransport, 1);

    t->parent.vtable = &fake_vtable;
    t->kernel = fake_kernel_ref(kernel);
    return &t->parent;
}

/* ---- the object ---------------------------------------------------------------------- */

FakeKernel *
fake_kernel_new(void)
{
    FakeKernel *k = g_new0(FakeKernel, 1);
    FakeLink *lo;

    k->ref = 1;
    k->links = g_ptr_array_new();
    k->addrs = g_array_new(FALSE, TRUE, sizeof(FakeAddr));
    k->routes = g_array_new(FALSE, TRUE, sizeof(FakeRoute));
    k->next_ifindex = 1;
    k->events = g_queue_new();
    k->failures = g_ptr_array_new_with_free_func(fake_failure_free);
    k->requests = g_hash_table_new(NULL, NULL);
    k->sysctls = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, g_free);
    lo = fk_new_link(k, "lo", NULL, ARPHRD_LOOPBACK);
    lo->flags = IFF_UP;
    fk_sync_links(k);
    return k;
}

FakeKernel *
fake_kernel_ref(FakeKernel *kernel)
{
    g_atomic_int_inc(&kernel->ref);
    return kernel;
}

void
fake_kernel_unref(FakeKernel *kernel)
{
    if (!kernel || !g_atomic_int_dec_and_test(&kernel->ref))
        return;
    g_assert_null(kernel->subscriber);
    g_clear_handle_id(&kernel->event_source, g_source_remove);
    g_ptr_array_set_free_func(kernel->links, fake_link_free);
    g_ptr_array_unref(kernel->links);
    g_array_unref(kernel->addrs);
    g_array_unref(kernel->routes);
    g_queue_free_full(kernel->events, (GDestroyNotify)g_bytes_unref);
    g_ptr_array_unref(kernel->failures);
    g_hash_table_unref(kernel->requests);
    g_hash_table_unref(kernel->sysctls);
    g_free(kernel);
}
