/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Link and address cache fed by rtnetlink.
 *
 * The transport (the kernel's sockets, or a test's fake kernel) delivers
 * notifications and answers requests and dumps.  We subscribe before
 * dumping so that nothing happens unseen in between, and when notifications
 * were lost (ENOBUFS) we re-dump everything.
 */
#include "config.h"

#include "link-cache.h"

#include <glib/gi18n.h>
#include <string.h>
#include <sys/socket.h>
#include <arpa/inet.h>
#include <linux/if.h>
#include <linux/if_addr.h>
#include <linux/if_link.h>
#include <linux/rtnetlink.h>
#include <libmnl/libmnl.h>

#define DUMP_RETRIES 8

typedef struct {
    BonddLink link;     /* address handed out; stays put while the link lives */
    gboolean announced; /* link-added was emitted */
} LinkEntry;

struct _BonddLinkCache {
    GObject parent;

    BonddNetlinkTransport *transport;
    gboolean started;

    GHashTable *links;     /* ifindex -> LinkEntry* */
    GHashTable *addresses; /* ifindex -> GArray<BonddAddress> */

    /* Old message copies and removed entries: freed from an idle callback,
     * because pointers handed out stay valid until we return to the loop. */
    GPtrArray *graveyard;
    guint gc_source;

    /* refresh() results announced from idle, so that a plugin asking for a
     * refresh is never re-entered by the resulting signal. */
    GArray *pending;            /* int ifindex */
    GPtrArray *pending_removed; /* LinkEntry* (owned) */
    GHashTable *pending_events; /* ifindex -> IFLA_EVENT of a deferred notification */
    guint pending_source;
    /* Notifications drained before a refresh are stored at once but
     * announced with the refresh's results. */
    gboolean deferring;

    BonddDeviceHost host;
};

G_DEFINE_TYPE(BonddLinkCache, bondd_link_cache, G_TYPE_OBJECT)

enum {
    SIG_LINK_ADDED,
    SIG_LINK_CHANGED,
    SIG_LINK_STATE,
    SIG_LINK_REMOVED,
    SIG_ADDRESSES_CHANGED,
    SIG_ADDRESS_DAD_FAILED,
    N_SIGNALS
};
static guint signals[N_SIGNALS];

static gboolean
gc_idle(gpointer user_data)
{
    BonddLinkCache *self = user_data;

    g_ptr_array_set_size(self->graveyard, 0);
    self->gc_source = 0;
    return G_SOURCE_REMOVE;
}

static void
bury(BonddLinkCache *self, gpointer mem)
{
    g_ptr_array_add(self->graveyard, mem);
    if (!self->gc_source)
        self->gc_source = g_idle_add_full(G_PRIORITY_LOW, gc_idle, self, NULL);
}

static void
link_entry_free(gpointer data)
{
    LinkEntry *entry = data;

    if (!entry)
        return;
    g_free((gpointer)entry->link.nlh);
    g_free(entry);
}

/* ---- parsing ---------------------------------------------------------- */

typedef struct {
    const struct nlattr **tb;
    int max;
} AttrTable;

static int
attr_table_cb(const struct nlattr *attr, void *data)
{
    AttrTable *t = data;
    int type = mnl_attr_get_type(attr);

    /* Attributes newer than our headers are simply not looked at. */
    if (type <= t->max)
        t->tb[type] = attr;
    return MNL_CB_OK;
}

static guint32
attr_u32(const struct nlattr *attr)
{
    return attr && mnl_attr_get_payload_len(attr) >= 4 ? mnl_attr_get_u32(attr) : 0;
}

static guint8
attr_u8(const struct nlattr *attr)
{
    return attr && mnl_attr_get_payload_len(attr) >= 1 ? mnl_attr_get_u8(attr) : 0;
}

static void
attr_str(const struct nlattr *attr, char *dst, gsize size)
{
    if (!attr)
        return;
    g_strlcpy(dst, mnl_attr_get_payload(attr),
              MIN(size, (gsize)mnl_attr_get_payload_len(attr) + 1));
}

/* Fill @link from an RTM_NEWLINK; returns FALSE for messages that are not
 * plain links (AF_BRIDGE port notifications share the message type). */
static gboolean
parse_link(const struct nlmsghdr *nlh, BonddLink *link, guint32 *out_event)
{
    const struct ifinfomsg *ifi = mnl_nlmsg_get_payload(nlh);
    const struct nlattr *tb[IFLA_MAX + 1] = {0};
    AttrTable t = {tb, IFLA_MAX};

    if (nlh->nlmsg_len < NLMSG_HDRLEN + sizeof(*ifi) || ifi->ifi_family != AF_UNSPEC ||
        ifi->ifi_index <= 0)
        return FALSE;
    if (mnl_attr_parse(nlh, sizeof(*ifi), attr_table_cb, &t) < 0)
        return FALSE;
    if (!tb[IFLA_IFNAME])
        return FALSE;

    memset(link, 0, sizeof *link);
    link->ifindex = ifi->ifi_index;
    link->flags = ifi->ifi_flags;
    link->arptype = ifi->ifi_type;
    attr_str(tb[IFLA_IFNAME], link->name, sizeof link->name);
    link->master = (int)attr_u32(tb[IFLA_MASTER]);
    link->mtu = attr_u32(tb[IFLA_MTU]);
    /* Without IFLA_CARRIER (very old kernels) fall back to the flag. */
    link->carrier =
        tb[IFLA_CARRIER] ? attr_u8(tb[IFLA_CARRIER]) != 0 : (ifi->ifi_flags & IFF_LOWER_UP) != 0;
    link->operstate = attr_u8(tb[IFLA_OPERSTATE]);
    link->carrier_changes = attr_u32(tb[IFLA_CARRIER_CHANGES]);
    link->carrier_up_count = attr_u32(tb[IFLA_CARRIER_UP_COUNT]);
    link->carrier_down_count = attr_u32(tb[IFLA_CARRIER_DOWN_COUNT]);
    /* A veth's IFLA_LINK is its peer, in the namespace IFLA_LINK_NETNSID
     * names: not a parent. */
    if (!tb[IFLA_LINK_NETNSID])
        link->parent_ifindex = (int)attr_u32(tb[IFLA_LINK]);
    if (tb[IFLA_ADDRESS]) {
        link->hwaddr_len = MIN(mnl_attr_get_payload_len(tb[IFLA_ADDRESS]), sizeof link->hwaddr);
        memcpy(link->hwaddr, mnl_attr_get_payload(tb[IFLA_ADDRESS]), link->hwaddr_len);
    }
    if (tb[IFLA_PERM_ADDRESS]) {
        link->perm_hwaddr_len =
            MIN(mnl_attr_get_payload_len(tb[IFLA_PERM_ADDRESS]), sizeof link->perm_hwaddr);
        memcpy(link->perm_hwaddr, mnl_attr_get_payload(tb[IFLA_PERM_ADDRESS]),
               link->perm_hwaddr_len);
    }
    if (tb[IFLA_LINKINFO]) {
        const struct nlattr *info[IFLA_INFO_MAX + 1] = {0};
        AttrTable it = {info, IFLA_INFO_MAX};

        if (mnl_attr_parse_nested(tb[IFLA_LINKINFO], attr_table_cb, &it) >= 0) {
            attr_str(info[IFLA_INFO_KIND], link->kind, sizeof link->kind);
            attr_str(info[IFLA_INFO_SLAVE_KIND], link->slave_kind, sizeof link->slave_kind);
        }
    }
    if (out_event)
        *out_event = attr_u32(tb[IFLA_EVENT]);
    return TRUE;
}

static gboolean
parse_address(const struct nlmsghdr *nlh, BonddAddress *addr)
{
    const struct ifaddrmsg *ifa = mnl_nlmsg_get_payload(nlh);
    const struct nlattr *tb[IFA_MAX + 1] = {0};
    AttrTable t = {tb, IFA_MAX};
    const struct nlattr *a;
    gsize len;

    if (nlh->nlmsg_len < NLMSG_HDRLEN + sizeof(*ifa))
        return FALSE;
    if (ifa->ifa_family != AF_INET && ifa->ifa_family != AF_INET6)
        return FALSE;
    if (mnl_attr_parse(nlh, sizeof(*ifa), attr_table_cb, &t) < 0)
        return FALSE;
    /* IPv4: IFA_LOCAL is our address, IFA_ADDRESS the peer on p2p links. */
    a = tb[IFA_LOCAL] ? tb[IFA_LOCAL] : tb[IFA_ADDRESS];
    if (!a)
        return FALSE;
    len = ifa->ifa_family == AF_INET ? 4 : 16;
    if (mnl_attr_get_payload_len(a) < len)
        return FALSE;

    memset(addr, 0, sizeof *addr);
    addr->ifindex = (int)ifa->ifa_index;
    addr->family = ifa->ifa_family;
    addr->prefixlen = ifa->ifa_prefixlen;
    addr->scope = ifa->ifa_scope;
    addr->flags = tb[IFA_FLAGS] ? attr_u32(tb[IFA_FLAGS]) : ifa->ifa_flags;
    memcpy(addr->addr, mnl_attr_get_payload(a), len);
    return TRUE;
}

/* ---- cache updates ---------------------------------------------------- */

/* Store the message; returns the entry and whether it is new. */
static LinkEntry *
store_link(BonddLinkCache *self, const struct nlmsghdr *nlh, const BonddLink *parsed)
{
    LinkEntry *entry = g_hash_table_lookup(self->links, GINT_TO_POINTER(parsed->ifindex));
    gpointer copy = g_memdup2(nlh, nlh->nlmsg_len);

    if (!entry) {
        entry = g_new0(LinkEntry, 1);
        g_hash_table_insert(self->links, GINT_TO_POINTER(parsed->ifindex), entry);
    } else if (entry->link.nlh) {
        bury(self, (gpointer)entry->link.nlh);
    }
    entry->link = *parsed;
    entry->link.nlh = copy;
    return entry;
}

static void
announce(BonddLinkCache *self, LinkEntry *entry, guint32 event)
{
    if (!entry->announced) {
        entry->announced = TRUE;
        g_signal_emit(self, signals[SIG_LINK_ADDED], 0, &entry->link, (guint)event);
    } else {
        g_signal_emit(self, signals[SIG_LINK_CHANGED], 0, &entry->link, (guint)event);
    }
    g_signal_emit(self, signals[SIG_LINK_STATE], 0, &entry->link, (guint)event);
}

static void
drop_addresses(BonddLinkCache *self, int ifindex)
{
    if (g_hash_table_remove(self->addresses, GINT_TO_POINTER(ifindex)))
        g_signal_emit(self, signals[SIG_ADDRESSES_CHANGED], 0, ifindex);
}

/* Unlink the entry; the caller announces and buries it. */
static LinkEntry *
steal_link(BonddLinkCache *self, int ifindex)
{
    gpointer key, value;

    if (!g_hash_table_steal_extended(self->links, GINT_TO_POINTER(ifindex), &key, &value))
        return NULL;
    return value;
}

static void
remove_link(BonddLinkCache *self, int ifindex)
{
    LinkEntry *entry = steal_link(self, ifindex);

    if (!entry)
        return;
    g_signal_emit(self, signals[SIG_LINK_REMOVED], 0, &entry->link);
    drop_addresses(self, ifindex);
    bury(self, (gpointer)entry->link.nlh);
    entry->link.nlh = NULL;
    bury(self, entry);
}

static gboolean
address_equal(const BonddAddress *a, const BonddAddress *b)
{
    return a->family == b->family && a->prefixlen == b->prefixlen &&
           memcmp(a->addr, b->addr, sizeof a->addr) == 0;
}

/* Returns TRUE if the list changed. */
static gboolean
store_address(BonddLinkCache *self, const BonddAddress *addr, gboolean add)
{
    GArray *list = g_hash_table_lookup(self->addresses, GINT_TO_POINTER(addr->ifindex));
    guint i;

    if (!list && !add)
        return FALSE;
    if (!list) {
        list = g_array_new(FALSE, TRUE, sizeof(BonddAddress));
        g_hash_table_insert(self->addresses, GINT_TO_POINTER(addr->ifindex), list);
    }
    for (i = 0; i < list->len; i++) {
        BonddAddress *old = &g_array_index(list, BonddAddress, i);
        if (!address_equal(old, addr))
            continue;
        if (!add) {
            g_array_remove_index(list, i);
            return TRUE;
        }
        if (memcmp(old, addr, sizeof *addr) == 0)
            return FALSE;
        *old = *addr;
        return TRUE;
    }
    if (!add)
        return FALSE;
    g_array_append_val(list, *addr);
    return TRUE;
}

static void defer_removal(BonddLinkCache *self, int ifindex);

static void
handle_message(BonddLinkCache *self, const struct nlmsghdr *nlh)
{
    switch (nlh->nlmsg_type) {
        case RTM_NEWLINK: {
            BonddLink parsed;
            guint32 event = 0;
            LinkEntry *entry;

            if (!parse_link(nlh, &parsed, &event))
                break;
            entry = store_link(self, nlh, &parsed);
            if (!self->deferring) {
                announce(self, entry, event);
                break;
            }
            g_array_append_val(self->pending, parsed.ifindex);
            if (event)
                g_hash_table_insert(self->pending_events, GINT_TO_POINTER(parsed.ifindex),
                                    GUINT_TO_POINTER(event));
            break;
        }
        case RTM_DELLINK: {
            const struct ifinfomsg *ifi = mnl_nlmsg_get_payload(nlh);
            /* AF_BRIDGE DELLINK only means "no longer a bridge port". */
            if (nlh->nlmsg_len < NLMSG_HDRLEN + sizeof(*ifi) || ifi->ifi_family != AF_UNSPEC)
                break;
            if (self->deferring)
                defer_removal(self, ifi->ifi_index);
            else
                remove_link(self, ifi->ifi_index);
            break;
        }
        case RTM_NEWADDR:
        case RTM_DELADDR: {
            BonddAddress addr;
            if (!parse_address(nlh, &addr))
                break;
            /* The kernel deletes an address with a finite lifetime that
             * DAD found taken: the deletion is the only news of it. */
            if (nlh->nlmsg_type == RTM_DELADDR && (addr.flags & IFA_F_DADFAILED))
                g_signal_emit(self, signals[SIG_ADDRESS_DAD_FAILED], 0, &addr);
            if (store_address(self, &addr, nlh->nlmsg_type == RTM_NEWADDR))
                g_signal_emit(self, signals[SIG_ADDRESSES_CHANGED], 0, addr.ifindex);
            break;
        }
        default:
            /* Route notifications only keep the subscription honest for
             * now; nothing in the core caches routes yet. */
            break;
    }
}

/* ---- dumps ------------------------------------------------------------ */

typedef struct {
    BonddLinkCache *self;
    GHashTable *seen; /* ifindex set */
} LinkDump;

static void
link_dump_cb(const struct nlmsghdr *nlh, gpointer user_data)
{
    LinkDump *d = user_data;
    BonddLink parsed;

    if (nlh->nlmsg_type != RTM_NEWLINK || !parse_link(nlh, &parsed, NULL))
        return;
    store_link(d->self, nlh, &parsed);
    g_hash_table_add(d->seen, GINT_TO_POINTER(parsed.ifindex));
}

static gint
cmp_int_ptr(gconstpointer a, gconstpointer b)
{
    return GPOINTER_TO_INT(a) - GPOINTER_TO_INT(b);
}

static gboolean
dump_links(BonddLinkCache *self, GError **error)
{
    g_autoptr(GHashTable) seen = NULL;
    g_autoptr(GPtrArray) gone = g_ptr_array_new();
    g_autoptr(GList) indices = NULL;
    GHashTableIter iter;
    gpointer key;
    int attempt;

    for (attempt = 0;; attempt++) {
        guint8 buf[MNL_SOCKET_BUFFER_SIZE];
        struct nlmsghdr *nlh = mnl_nlmsg_put_header(buf);
        struct ifinfomsg *ifi;
        gboolean interrupted = FALSE;
        LinkDump d;

        nlh->nlmsg_type = RTM_GETLINK;
        ifi = mnl_nlmsg_put_extra_header(nlh, sizeof *ifi);
        ifi->ifi_family = AF_UNSPEC;

        g_clear_pointer(&seen, g_hash_table_unref);
        seen = g_hash_table_new(NULL, NULL);
        d.self = self;
        d.seen = seen;
        if (!self->transport->vtable->dump(self->transport, nlh, link_dump_cb, &d, &interrupted,
                                           error))
            return FALSE;
        if (!interrupted)
            break;
        if (attempt >= DUMP_RETRIES) {
            g_warning(_("link dump kept being interrupted; using the last one"));
            break;
        }
    }

    g_hash_table_iter_init(&iter, self->links);
    while (g_hash_table_iter_next(&iter, &key, NULL)) {
        if (!g_hash_table_contains(seen, key))
            g_ptr_array_add(gone, key);
    }
    for (guint i = 0; i < gone->len; i++)
        remove_link(self, GPOINTER_TO_INT(gone->pdata[i]));

    /* Announce in ifindex order so that devices appear as `ip link` lists
     * them (lo first). */
    indices = g_hash_table_get_keys(seen);
    indices = g_list_sort(indices, cmp_int_ptr);
    for (GList *l = indices; l; l = l->next) {
        LinkEntry *entry = g_hash_table_lookup(self->links, l->data);
        if (entry)
            announce(self, entry, 0);
    }
    return TRUE;
}

static void
addr_dump_cb(const struct nlmsghdr *nlh, gpointer user_data)
{
    GHashTable *table = user_data;
    BonddAddress addr;
    GArray *list;

    if (nlh->nlmsg_type != RTM_NEWADDR || !parse_address(nlh, &addr))
        return;
    list = g_hash_table_lookup(table, GINT_TO_POINTER(addr.ifindex));
    if (!list) {
        list = g_array_new(FALSE, TRUE, sizeof(BonddAddress));
        g_hash_table_insert(table, GINT_TO_POINTER(addr.ifindex), list);
    }
    g_array_append_val(list, addr);
}

static gboolean
arrays_equal(GArray *a, GArray *b)
{
    guint alen = a ? a->len : 0, blen = b ? b->len : 0;

    if (alen != blen)
        return FALSE;
    return alen == 0 || memcmp(a->data, b->data, alen * sizeof(BonddAddress)) == 0;
}

static gboolean
dump_addresses(BonddLinkCache *self, GError **error)
{
    g_autoptr(GHashTable) fresh = NULL;
    g_autoptr(GHashTable) old = NULL;
    g_autoptr(GList) keys = NULL;
    int attempt;

    for (attempt = 0;; attempt++) {
        guint8 buf[MNL_SOCKET_BUFFER_SIZE];
        struct nlmsghdr *nlh = mnl_nlmsg_put_header(buf);
        struct ifaddrmsg *ifa;
        gboolean interrupted = FALSE;

        nlh->nlmsg_type = RTM_GETADDR;
        ifa = mnl_nlmsg_put_extra_header(nlh, sizeof *ifa);
        ifa->ifa_family = AF_UNSPEC;

        g_clear_pointer(&fresh, g_hash_table_unref);
        fresh = g_hash_table_new_full(NULL, NULL, NULL, (GDestroyNotify)g_array_unref);
        if (!self->transport->vtable->dump(self->transport, nlh, addr_dump_cb, fresh, &interrupted,
                                           error))
            return FALSE;
        if (!interrupted || attempt >= DUMP_RETRIES)
            break;
    }

    old = g_steal_pointer(&self->addresses);
    self->addresses = g_steal_pointer(&fresh);

    /* Tell about every link whose list differs from before. */
    keys = g_hash_table_get_keys(old);
    keys = g_list_concat(keys, g_hash_table_get_keys(self->addresses));
    for (GList *l = keys; l; l = l->next) {
        GArray *a = g_hash_table_lookup(old, l->data);
        GArray *b = g_hash_table_lookup(self->addresses, l->data);
        if (!arrays_equal(a, b)) {
            /* Mark as handled so the second key occurrence is skipped. */
            g_hash_table_insert(old, l->data, g_array_ref(b ? b : a));
            g_signal_emit(self, signals[SIG_ADDRESSES_CHANGED], 0, GPOINTER_TO_INT(l->data));
        }
    }
    return TRUE;
}

static void
resync(BonddLinkCache *self)
{
    g_autoptr(GError) error = NULL;

    g_message(_("netlink: notifications were lost; re-reading all links and addresses"));
    if (!dump_links(self, &error) || !dump_addresses(self, &error))
        g_warning(_("netlink: re-dump failed: %s"), error->message);
}

/* ---- notifications ---------------------------------------------------- */

static void
event_cb(const struct nlmsghdr *nlh, gpointer user_data)
{
    handle_message(user_data, nlh);
}

static void
overrun_cb(gpointer user_data)
{
    resync(user_data);
}

/* ---- refresh ---------------------------------------------------------- */

static gboolean
pending_idle(gpointer user_data)
{
    BonddLinkCache *self = user_data;
    g_autoptr(GArray) pending = g_steal_pointer(&self->pending);
    g_autoptr(GPtrArray) removed = g_steal_pointer(&self->pending_removed);
    g_autoptr(GHashTable) events = g_steal_pointer(&self->pending_events);
    g_autoptr(GHashTable) done = g_hash_table_new(NULL, NULL);

    self->pending_source = 0;
    self->pending = g_array_new(FALSE, FALSE, sizeof(int));
    self->pending_removed = g_ptr_array_new_with_free_func(link_entry_free);
    self->pending_events = g_hash_table_new(NULL, NULL);

    for (guint i = 0; i < removed->len; i++) {
        LinkEntry *entry = removed->pdata[i];
        g_signal_emit(self, signals[SIG_LINK_REMOVED], 0, &entry->link);
    }
    /* Once per link, in its latest state. */
    for (guint i = 0; i < pending->len; i++) {
        gpointer key = GINT_TO_POINTER(g_array_index(pending, int, i));
        LinkEntry *entry = g_hash_table_lookup(self->links, key);

        if (entry && g_hash_table_add(done, key))
            announce(self, entry, GPOINTER_TO_UINT(g_hash_table_lookup(events, key)));
    }
    return G_SOURCE_REMOVE;
}

static void
queue_pending(BonddLinkCache *self)
{
    if (!self->pending_source)
        self->pending_source = g_idle_add(pending_idle, self);
}

typedef struct {
    BonddLinkCache *self;
    gboolean found;
} RefreshData;

static void
refresh_cb(const struct nlmsghdr *nlh, gpointer user_data)
{
    RefreshData *d = user_data;
    BonddLink parsed;

    if (nlh->nlmsg_type != RTM_NEWLINK || !parse_link(nlh, &parsed, NULL))
        return;
    store_link(d->self, nlh, &parsed);
    g_array_append_val(d->self->pending, parsed.ifindex);
    d->found = TRUE;
}

/* The link is gone: announced (and its entry buried) from idle. */
static void
defer_removal(BonddLinkCache *self, int ifindex)
{
    LinkEntry *entry = steal_link(self, ifindex);

    if (!entry)
        return;
    g_ptr_array_add(self->pending_removed, entry);
    drop_addresses(self, ifindex);
    queue_pending(self);
}

/* Deliver the notifications queued on the event socket now; links are
 * announced from idle, as the caller may be in the middle of something a
 * link's news would change under it.  FALSE: the transport cannot. */
static gboolean
drain_deferring(BonddLinkCache *self)
{
    if (!self->transport->vtable->drain)
        return FALSE;
    self->deferring = TRUE;
    self->transport->vtable->drain(self->transport);
    self->deferring = FALSE;
    queue_pending(self);
    return TRUE;
}

gboolean
bondd_link_cache_refresh(BonddLinkCache *self, int ifindex)
{
    guint8 buf[MNL_SOCKET_BUFFER_SIZE];
    struct nlmsghdr *nlh = mnl_nlmsg_put_header(buf);
    struct ifinfomsg *ifi;
    g_autoptr(GError) error = NULL;
    RefreshData d = {self, FALSE};

    g_return_val_if_fail(self->started, FALSE);

    nlh->nlmsg_type = RTM_GETLINK;
    ifi = mnl_nlmsg_put_extra_header(nlh, sizeof *ifi);
    ifi->ifi_family = AF_UNSPEC;
    ifi->ifi_index = ifindex;

    /* Notifications already queued are older than the answer: applied
     * first, they cannot roll the fresh state back afterwards. */
    drain_deferring(self);
    /* ENODEV is the normal answer for a link that just went away. */
    if (!self->transport->vtable->request(self->transport, nlh, refresh_cb, &d, &error))
        g_debug("netlink: refresh of link %d: %s", ifindex, error->message);
    if (!d.found)
        defer_removal(self, ifindex);
    queue_pending(self);
    return d.found;
}

void
bondd_link_cache_refresh_addresses(BonddLinkCache *self)
{
    g_autoptr(GError) error = NULL;

    /* The kernel queues a change's notifications before it answers the
     * request that made it: delivering the queue is enough, and much
     * cheaper than reading every address of every link again (a lost
     * notification makes the cache read everything anyway, see resync()). */
    if (!self->started || drain_deferring(self))
        return;
    if (!dump_addresses(self, &error))
        g_warning(_("netlink: address dump failed: %s"), error->message);
}

/* ---- public API ------------------------------------------------------- */

const BonddLink *
bondd_link_cache_get(BonddLinkCache *self, int ifindex)
{
    LinkEntry *entry = g_hash_table_lookup(self->links, GINT_TO_POINTER(ifindex));

    return entry ? &entry->link : NULL;
}

const BonddLink *
bondd_link_cache_get_by_name(BonddLinkCache *self, const char *name)
{
    GHashTableIter iter;
    gpointer value;

    if (!name)
        return NULL;
    g_hash_table_iter_init(&iter, self->links);
    while (g_hash_table_iter_next(&iter, NULL, &value)) {
        LinkEntry *entry = value;
        if (strcmp(entry->link.name, name) == 0)
            return &entry->link;
    }
    return NULL;
}

static gint
cmp_link_ptr(gconstpointer a, gconstpointer b)
{
    const BonddLink *la = *(const BonddLink *const *)a;
    const BonddLink *lb = *(const BonddLink *const *)b;

    return la->ifindex - lb->ifindex;
}

GPtrArray *
bondd_link_cache_get_links(BonddLinkCache *self)
{
    GPtrArray *links = g_ptr_array_new();
    GHashTableIter iter;
    gpointer value;

    g_hash_table_iter_init(&iter, self->links);
    while (g_hash_table_iter_next(&iter, NULL, &value))
        g_ptr_array_add(links, &((LinkEntry *)value)->link);
    g_ptr_array_sort(links, cmp_link_ptr);
    return links;
}

guint
bondd_link_cache_count_ports(BonddLinkCache *self, int ifindex)
{
    GHashTableIter iter;
    gpointer value;
    guint n = 0;

    g_hash_table_iter_init(&iter, self->links);
    while (g_hash_table_iter_next(&iter, NULL, &value))
        n += ((LinkEntry *)value)->link.master == ifindex && ifindex;
    return n;
}

GArray *
bondd_link_cache_get_addresses(BonddLinkCache *self, int ifindex, int family)
{
    GArray *result = g_array_new(FALSE, TRUE, sizeof(BonddAddress));
    GArray *list = g_hash_table_lookup(self->addresses, GINT_TO_POINTER(ifindex));

    for (guint i = 0; list && i < list->len; i++) {
        const BonddAddress *a = &g_array_index(list, BonddAddress, i);
        if (family == AF_UNSPEC || a->family == family)
            g_array_append_val(result, *a);
    }
    return result;
}

gboolean
bondd_link_cache_request(BonddLinkCache *self, struct nlmsghdr *request, GError **error)
{
    if (!self->started) {
        g_set_error(error, G_IO_ERROR, G_IO_ERROR_NOT_CONNECTED, _("netlink is not open"));
        return FALSE;
    }
    return self->transport->vtable->request(self->transport, request, NULL, NULL, error);
}

static char *
ip6_sysctl_path(const char *ifname, const char *key)
{
    return g_strdup_printf("net/ipv6/conf/%s/%s", ifname, key);
}

char *
bondd_link_cache_ip6_sysctl_get(BonddLinkCache *self, const char *ifname, const char *key,
                                GError **error)
{
    g_autofree char *path = ip6_sysctl_path(ifname, key);

    return self->transport->vtable->sysctl_get(self->transport, path, error);
}

gboolean
bondd_link_cache_ip6_sysctl_set(BonddLinkCache *self, const char *ifname, const char *key,
                                const char *value, GError **error)
{
    g_autofree char *path = ip6_sysctl_path(ifname, key);

    return self->transport->vtable->sysctl_set(self->transport, path, value, error);
}

gboolean
bondd_link_cache_set_flags(BonddLinkCache *self, int ifindex, guint mask, guint flags,
                           GError **error)
{
    guint8 buf[MNL_SOCKET_BUFFER_SIZE];
    struct nlmsghdr *nlh = mnl_nlmsg_put_header(buf);
    struct ifinfomsg *ifi;

    nlh->nlmsg_type = RTM_SETLINK;
    ifi = mnl_nlmsg_put_extra_header(nlh, sizeof *ifi);
    ifi->ifi_family = AF_UNSPEC;
    ifi->ifi_index = ifindex;
    ifi->ifi_change = mask;
    ifi->ifi_flags = flags & mask;
    return bondd_link_cache_request(self, nlh, error);
}

gboolean
bondd_link_cache_set_up(BonddLinkCache *self, int ifindex, gboolean up, GError **error)
{
    return bondd_link_cache_set_flags(self, ifindex, IFF_UP, up ? IFF_UP : 0, error);
}

gboolean
bondd_link_cache_delete(BonddLinkCache *self, int ifindex, GError **error)
{
    guint8 buf[MNL_SOCKET_BUFFER_SIZE];
    struct nlmsghdr *nlh = mnl_nlmsg_put_header(buf);
    struct ifinfomsg *ifi;

    nlh->nlmsg_type = RTM_DELLINK;
    ifi = mnl_nlmsg_put_extra_header(nlh, sizeof *ifi);
    ifi->ifi_family = AF_UNSPEC;
    ifi->ifi_index = ifindex;
    return bondd_link_cache_request(self, nlh, error);
}

static gboolean
host_netlink_request(gpointer host_data, struct nlmsghdr *request, GError **error)
{
    return bondd_link_cache_request(host_data, request, error);
}

static const BonddLink *
host_get_link(gpointer host_data, int ifindex)
{
    return bondd_link_cache_get(host_data, ifindex);
}

static const BonddLink *
host_get_link_by_name(gpointer host_data, const char *name)
{
    return bondd_link_cache_get_by_name(host_data, name);
}

static gboolean
host_refresh_link(gpointer host_data, int ifindex)
{
    return bondd_link_cache_refresh(host_data, ifindex);
}

static gboolean
host_set_link_up(gpointer host_data, int ifindex, gboolean up, GError **error)
{
    return bondd_link_cache_set_up(host_data, ifindex, up, error);
}

static gboolean
host_delete_link(gpointer host_data, int ifindex, GError **error)
{
    return bondd_link_cache_delete(host_data, ifindex, error);
}

const BonddDeviceHost *
bondd_link_cache_get_device_host(BonddLinkCache *self)
{
    return &self->host;
}

gboolean
bondd_link_cache_start(BonddLinkCache *self, GError **error)
{
    g_return_val_if_fail(!self->started && self->transport, FALSE);

    /* Subscribe first, then dump: a change between the two is then seen
     * as an event after the dump instead of being lost. */
    if (!self->transport->vtable->subscribe(self->transport, event_cb, overrun_cb, self, error))
        return FALSE;
    self->started = TRUE;
    if (!dump_links(self, error))
        return FALSE;
    return dump_addresses(self, error);
}

void
bondd_link_cache_stop(BonddLinkCache *self)
{
    g_clear_handle_id(&self->pending_source, g_source_remove);
    if (self->transport) {
        self->transport->vtable->free(self->transport);
        self->transport = NULL;
    }
    self->started = FALSE;
}

static void
bondd_link_cache_finalize(GObject *object)
{
    BonddLinkCache *self = BONDD_LINK_CACHE(object);

    bondd_link_cache_stop(self);
    g_clear_handle_id(&self->gc_source, g_source_remove);
    g_hash_table_unref(self->links);
    g_hash_table_unref(self->addresses);
    g_ptr_array_unref(self->graveyard);
    g_array_unref(self->pending);
    g_ptr_array_unref(self->pending_removed);
    g_hash_table_unref(self->pending_events);
    G_OBJECT_CLASS(bondd_link_cache_parent_class)->finalize(object);
}

static void
bondd_link_cache_init(BonddLinkCache *self)
{
    self->links = g_hash_table_new_full(NULL, NULL, NULL, link_entry_free);
    self->addresses = g_hash_table_new_full(NULL, NULL, NULL, (GDestroyNotify)g_array_unref);
    self->graveyard = g_ptr_array_new_with_free_func(g_free);
    self->pending = g_array_new(FALSE, FALSE, sizeof(int));
    self->pending_removed = g_ptr_array_new_with_free_func(link_entry_free);
    self->pending_events = g_hash_table_new(NULL, NULL);
    self->host.netlink_request = host_netlink_request;
    self->host.get_link = host_get_link;
    self->host.get_link_by_name = host_get_link_by_name;
    self->host.refresh_link = host_refresh_link;
    self->host.set_link_up = host_set_link_up;
    self->host.delete_link = host_delete_link;
    self->host.host_data = self;
}

static void
bondd_link_cache_class_init(BonddLinkCacheClass *klass)
{
    GObjectClass *object_class = G_OBJECT_CLASS(klass);

    object_class->finalize = bondd_link_cache_finalize;

    signals[SIG_LINK_ADDED] =
        g_signal_new("link-added", G_TYPE_FROM_CLASS(klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                     G_TYPE_NONE, 2, G_TYPE_POINTER, G_TYPE_UINT);
    signals[SIG_LINK_CHANGED] =
        g_signal_new("link-changed", G_TYPE_FROM_CLASS(klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL,
                     NULL, G_TYPE_NONE, 2, G_TYPE_POINTER, G_TYPE_UINT);
    signals[SIG_LINK_STATE] =
        g_signal_new("link-state", G_TYPE_FROM_CLASS(klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                     G_TYPE_NONE, 2, G_TYPE_POINTER, G_TYPE_UINT);
    signals[SIG_LINK_REMOVED] =
        g_signal_new("link-removed", G_TYPE_FROM_CLASS(klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL,
                     NULL, G_TYPE_NONE, 1, G_TYPE_POINTER);
    signals[SIG_ADDRESSES_CHANGED] =
        g_signal_new("addresses-changed", G_TYPE_FROM_CLASS(klass), G_SIGNAL_RUN_LAST, 0, NULL,
                     NULL, NULL, G_TYPE_NONE, 1, G_TYPE_INT);
    signals[SIG_ADDRESS_DAD_FAILED] =
        g_signal_new("address-dad-failed", G_TYPE_FROM_CLASS(klass), G_SIGNAL_RUN_LAST, 0, NULL,
                     NULL, NULL, G_TYPE_NONE, 1, G_TYPE_POINTER);
}

BonddLinkCache *
bondd_link_cache_new(BonddNetlinkTransport *transport)
{
    BonddLinkCache *self = g_object_new(BONDD_TYPE_LINK_CACHE, NULL);

    self->transport = transport;
    return self;
}
