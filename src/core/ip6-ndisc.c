/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * IPv6 router discovery through libndp (see ip6-ndisc.h).  The merging
 * rules are NetworkManager's: an item is keyed by its address or prefix, a
 * new advertisement refreshes its lifetime (lifetime 0 withdraws it), and an
 * autonomous prefix's valid lifetime follows RFC 4862 5.5.3 e.
 */
#include "config.h"

#include "ip6-ndisc.h"

#include <glib/gi18n.h>
#include <glib-unix.h>
#include <string.h>
#include <arpa/inet.h>
#include <netinet/icmp6.h>
#include <ndp.h>

/* RFC 7559: initial and maximum retransmission time of solicitations. */
#define RS_IRT_MS 4000
#define RS_MRT_MS 3600000
/* RFC 4861 6.3.7 says up to 1 s before the first solicitation; like
 * NetworkManager, wait at most a quarter of that. */
#define RS_FIRST_DELAY_MS 250
/* Solicit again this long before something expires, unless it was given a
 * lifetime too short to be worth it (it would solicit in a loop). */
#define PRE_EXPIRY_MS              60000
#define PRE_EXPIRY_MIN_LIFETIME_MS 120000
/* RFC 4862 5.5.3 e: a prefix's valid lifetime is not cut below two hours
 * by an unauthenticated advertisement. */
#define TWO_HOURS_MS (7200 * (gint64)1000)
#define MAX_ITEMS    100

struct _BonddNdisc {
    struct ndp *ndp;
    int ifindex;
    char *ifname;
    gboolean started;
    guint event_source;
    guint solicit_source;
    guint expire_source;
    gint32 retransmit_ms; /* 0: the next solicitation is the first */
    gint64 last_rs;
    char *last_error;
    BonddNdiscData data;
    BonddNdiscChangedFunc changed;
    gpointer changed_data;
};

gint64
bondd_ndisc_now(void)
{
    return g_get_monotonic_time() / 1000;
}

guint32
bondd_ndisc_lifetime(gint64 expiry, gint64 now)
{
    if (expiry == BONDD_NDISC_FOREVER)
        return G_MAXUINT32;
    if (expiry <= now)
        return 0;
    return (guint32)MIN((expiry - now + 999) / 1000, (gint64)G_MAXUINT32 - 1);
}

static gint64
expiry_of(gint64 now, guint32 lifetime_s)
{
    if (lifetime_s == G_MAXUINT32)
        return BONDD_NDISC_FOREVER;
    return now + (gint64)lifetime_s * 1000;
}

/* RFC 4191: a reserved preference counts as medium. */
static int
preference_of(enum ndp_route_preference pref)
{
    switch (pref) {
        case NDP_ROUTE_PREF_LOW:
        case NDP_ROUTE_PREF_MEDIUM:
        case NDP_ROUTE_PREF_HIGH:
            return (int)pref;
    }
    return NDP_ROUTE_PREF_MEDIUM;
}

static int
preference_rank(int pref)
{
    return pref == NDP_ROUTE_PREF_HIGH ? 3 : pref == NDP_ROUTE_PREF_MEDIUM ? 2 : 1;
}

/* ---- merging ---------------------------------------------------------------------------- */

static gboolean
merge_gateway(BonddNdiscData *d, const BonddNdiscGateway *new, gint64 now)
{
    gboolean removed = FALSE;
    guint insert;

    for (guint i = 0; i < d->gateways->len; i++) {
        BonddNdiscGateway *g = &g_array_index(d->gateways, BonddNdiscGateway, i);

        if (memcmp(g->addr, new->addr, 16) != 0)
            continue;
        if (new->expiry > now && g->pref == new->pref) {
            gboolean changed = g->expiry != new->expiry;
            g->expiry = new->expiry;
            return changed;
        }
        /* Withdrawn, or moving to its new preference's place. */
        g_array_remove_index(d->gateways, i);
        removed = TRUE;
        break;
    }
    if (new->expiry <= now || d->gateways->len >= MAX_ITEMS)
        return removed;
    for (insert = 0; insert < d->gateways->len; insert++) {
        const BonddNdiscGateway *g = &g_array_index(d->gateways, BonddNdiscGateway, insert);
        if (preference_rank(g->pref) < preference_rank(new->pref))
            break;
    }
    g_array_insert_val(d->gateways, insert, *new);
    return TRUE;
}

static BonddNdiscPrefix *
find_prefix(BonddNdiscData *d, const guint8 *prefix, guint8 plen)
{
    for (guint i = 0; i < d->prefixes->len; i++) {
        BonddNdiscPrefix *p = &g_array_index(d->prefixes, BonddNdiscPrefix, i);
        if (p->plen == plen && memcmp(p->prefix, prefix, 16) == 0)
            return p;
    }
    return NULL;
}

/* The valid lifetime an autonomous prefix keeps (RFC 4862 5.5.3 e). */
static gint64
autonomous_valid(const BonddNdiscPrefix *old, gint64 new_expiry, gint64 now)
{
    gint64 remaining;

    if (!old || !old->autonomous || new_expiry == BONDD_NDISC_FOREVER)
        return new_expiry;
    remaining = old->valid_expiry == BONDD_NDISC_FOREVER ? G_MAXINT64 : old->valid_expiry - now;
    if (new_expiry - now >= TWO_HOURS_MS || new_expiry - now >= remaining)
        return new_expiry;
    if (remaining <= TWO_HOURS_MS)
        return old->valid_expiry;
    return now + TWO_HOURS_MS;
}

static gboolean
merge_prefix(BonddNdiscData *d, struct ndp_msg *msg, int offset, gint64 now)
{
    guint8 plen = ndp_msg_opt_prefix_len(msg, offset);
    gboolean onlink = ndp_msg_opt_prefix_flag_on_link(msg, offset);
    gboolean autonomous = plen == 64 && ndp_msg_opt_prefix_flag_auto_addr_conf(msg, offset);
    guint32 valid = ndp_msg_opt_prefix_valid_time(msg, offset);
    guint32 preferred = MIN(ndp_msg_opt_prefix_preferred_time(msg, offset), valid);
    BonddNdiscPrefix new = {.plen = plen}, *old;

    if (plen == 0 || plen > 128 || (!onlink && !autonomous))
        return FALSE;
    /* Only the network part counts. */
    memcpy(new.prefix, ndp_msg_opt_prefix(msg, offset), 16);
    for (guint bit = plen; bit < 128; bit++)
        new.prefix[bit / 8] &= ~(0x80 >> (bit % 8));
    if (IN6_IS_ADDR_LINKLOCAL((struct in6_addr *)new.prefix) ||
        IN6_IS_ADDR_UNSPECIFIED((struct in6_addr *)new.prefix))
        return FALSE;

    old = find_prefix(d, new.prefix, plen);
    new = old ? *old : new;
    if (onlink) {
        new.onlink = valid > 0;
        new.onlink_expiry = expiry_of(now, valid);
    }
    if (autonomous) {
        new.valid_expiry = autonomous_valid(old, expiry_of(now, valid), now);
        new.preferred_expiry = MIN(expiry_of(now, preferred), new.valid_expiry);
        new.autonomous = new.valid_expiry > now;
    }
    if (old) {
        gboolean changed = memcmp(old, &new, sizeof new) != 0;

        if (!new.onlink && !new.autonomous)
            g_array_remove_index(d->prefixes, old - (BonddNdiscPrefix *)d->prefixes->data);
        else
            *old = new;
        return changed;
    }
    if ((!new.onlink && !new.autonomous) || d->prefixes->len >= MAX_ITEMS)
        return FALSE;
    g_array_append_val(d->prefixes, new);
    return TRUE;
}

static gboolean
merge_route(BonddNdiscData *d, const BonddNdiscRoute *new, gint64 now)
{
    for (guint i = 0; i < d->routes->len; i++) {
        BonddNdiscRoute *r = &g_array_index(d->routes, BonddNdiscRoute, i);

        if (r->plen == new->plen && memcmp(r->dst, new->dst, 16) == 0) {
            if (new->expiry <= now) {
                g_array_remove_index(d->routes, i);
                return TRUE;
            }
            if (memcmp(r, new, sizeof *r) == 0)
                return FALSE;
            *r = *new;
            return TRUE;
        }
    }
    if (new->expiry <= now || d->routes->len >= MAX_ITEMS)
        return FALSE;
    g_array_append_val(d->routes, *new);
    return TRUE;
}

static gboolean
merge_server(BonddNdiscData *d, const guint8 *addr, gint64 expiry, gint64 now)
{
    BonddNdiscServer new = {.expiry = expiry};

    for (guint i = 0; i < d->servers->len; i++) {
        BonddNdiscServer *s = &g_array_index(d->servers, BonddNdiscServer, i);

        if (memcmp(s->addr, addr, 16) == 0) {
            if (expiry <= now) {
                g_array_remove_index(d->servers, i);
                return TRUE;
            }
            if (s->expiry == expiry)
                return FALSE;
            s->expiry = expiry;
            return TRUE;
        }
    }
    if (expiry <= now || d->servers->len >= MAX_ITEMS)
        return FALSE;
    memcpy(new.addr, addr, 16);
    g_array_append_val(d->servers, new);
    return TRUE;
}

static gboolean
merge_domain(BonddNdiscData *d, const char *domain, gint64 expiry, gint64 now)
{
    BonddNdiscDomain new = {.expiry = expiry};

    for (guint i = 0; i < d->domains->len; i++) {
        BonddNdiscDomain *s = &g_array_index(d->domains, BonddNdiscDomain, i);

        if (strcmp(s->domain, domain) == 0) {
            if (expiry <= now) {
                g_array_remove_index(d->domains, i);
                return TRUE;
            }
            if (s->expiry == expiry)
                return FALSE;
            s->expiry = expiry;
            return TRUE;
        }
    }
    if (expiry <= now || d->domains->len >= MAX_ITEMS || !domain[0])
        return FALSE;
    new.domain = g_strdup(domain);
    g_array_append_val(d->domains, new);
    return TRUE;
}

/* ---- expiry ---------------------------------------------------------------------------- */

#define EXPIRE(array, type, field, now, next, changed)                                             \
    for (guint i = 0; i < (array)->len;) {                                                         \
        type *item = &g_array_index((array), type, i);                                             \
        if (item->field <= (now)) {                                                                \
            g_array_remove_index((array), i);                                                      \
            (changed) = TRUE;                                                                      \
            continue;                                                                              \
        }                                                                                          \
        (next) = MIN((next), item->field);                                                         \
        i++;                                                                                       \
    }

static gboolean expire_cb(gpointer user_data);

/* Drop what expired; (re)arm the timer for the next expiry. */
static gboolean
expire(BonddNdisc *self, gint64 now)
{
    BonddNdiscData *d = &self->data;
    gint64 next = BONDD_NDISC_FOREVER;
    gboolean changed = FALSE;

    EXPIRE(d->gateways, BonddNdiscGateway, expiry, now, next, changed);
    EXPIRE(d->routes, BonddNdiscRoute, expiry, now, next, changed);
    EXPIRE(d->servers, BonddNdiscServer, expiry, now, next, changed);
    EXPIRE(d->domains, BonddNdiscDomain, expiry, now, next, changed);
    for (guint i = 0; i < d->prefixes->len;) {
        BonddNdiscPrefix *p = &g_array_index(d->prefixes, BonddNdiscPrefix, i);

        if (p->onlink && p->onlink_expiry <= now) {
            p->onlink = FALSE;
            changed = TRUE;
        }
        if (p->autonomous && p->valid_expiry <= now) {
            p->autonomous = FALSE;
            changed = TRUE;
        }
        if (!p->onlink && !p->autonomous) {
            g_array_remove_index(d->prefixes, i);
            continue;
        }
        if (p->onlink)
            next = MIN(next, p->onlink_expiry);
        if (p->autonomous) {
            next = MIN(next, p->valid_expiry);
            /* Deprecation changes the address too. */
            if (p->preferred_expiry > now)
                next = MIN(next, p->preferred_expiry);
        }
        i++;
    }
    g_clear_handle_id(&self->expire_source, g_source_remove);
    if (next != BONDD_NDISC_FOREVER)
        self->expire_source =
            g_timeout_add((guint)CLAMP(next - now, 1, (gint64)G_MAXINT32), expire_cb, self);
    return changed;
}

static gboolean
expire_cb(gpointer user_data)
{
    BonddNdisc *self = user_data;

    self->expire_source = 0;
    if (expire(self, bondd_ndisc_now()))
        self->changed(self->changed_data);
    return G_SOURCE_REMOVE;
}

/* ---- solicitations ----------------------------------------------------------------------- */

/* RFC 3315's RAND: +/- 10 %. */
static gint32
jitter(gint32 ms)
{
    gint32 ten = MAX(1, ms / 10);

    return ms - ten + (gint32)g_random_int_range(0, 2 * ten);
}

static gboolean solicit_cb(gpointer user_data);

static void
schedule_solicit(BonddNdisc *self, gint64 delay_ms)
{
    g_clear_handle_id(&self->solicit_source, g_source_remove);
    self->solicit_source =
        g_timeout_add((guint)CLAMP(delay_ms, 0, (gint64)G_MAXINT32), solicit_cb, self);
}

static void
send_rs(BonddNdisc *self)
{
    struct ndp_msg *msg;
    int err;

    if ((err = ndp_msg_new(&msg, NDP_MSG_RS)) == 0) {
        ndp_msg_ifindex_set(msg, self->ifindex);
        err = ndp_msg_send(self->ndp, msg);
        ndp_msg_destroy(msg);
    }
    if (err) {
        g_autofree char *text = g_strdup_printf(
            _("ndisc: %s: cannot send a router solicitation: %s"), self->ifname, g_strerror(-err));
        /* Once per different error: a link without carrier fails each time. */
        if (g_strcmp0(text, self->last_error) != 0)
            g_message("%s", text);
        g_free(self->last_error);
        self->last_error = g_steal_pointer(&text);
        return;
    }
    g_clear_pointer(&self->last_error, g_free);
    self->last_rs = bondd_ndisc_now();
    g_debug("ndisc: %s: router solicitation sent", self->ifname);
}

static gboolean
solicit_cb(gpointer user_data)
{
    BonddNdisc *self = user_data;

    self->solicit_source = 0;
    send_rs(self);
    /* RFC 7559: keep soliciting, doubling the interval up to an hour. */
    if (self->retransmit_ms == 0)
        self->retransmit_ms = jitter(RS_IRT_MS);
    else
        self->retransmit_ms = MIN(self->retransmit_ms + jitter(self->retransmit_ms), RS_MRT_MS);
    schedule_solicit(self, self->retransmit_ms);
    return G_SOURCE_REMOVE;
}

static void
consider_pre_expiry(gint64 *earliest, gint64 last_rs, gint64 expiry)
{
    if (expiry != BONDD_NDISC_FOREVER && expiry >= last_rs + PRE_EXPIRY_MIN_LIFETIME_MS)
        *earliest = MIN(*earliest, expiry);
}

/* After an advertisement: solicit again shortly before the first thing
 * expires (some routers never advertise unsolicited). */
static void
schedule_refresh(BonddNdisc *self, gint64 now)
{
    BonddNdiscData *d = &self->data;
    gint64 earliest = BONDD_NDISC_FOREVER, when;

    for (guint i = 0; i < d->gateways->len; i++)
        consider_pre_expiry(&earliest, self->last_rs,
                            g_array_index(d->gateways, BonddNdiscGateway, i).expiry);
    for (guint i = 0; i < d->prefixes->len; i++) {
        const BonddNdiscPrefix *p = &g_array_index(d->prefixes, BonddNdiscPrefix, i);
        if (p->autonomous)
            consider_pre_expiry(&earliest, self->last_rs, p->valid_expiry);
        if (p->onlink)
            consider_pre_expiry(&earliest, self->last_rs, p->onlink_expiry);
    }
    for (guint i = 0; i < d->servers->len; i++)
        consider_pre_expiry(&earliest, self->last_rs,
                            g_array_index(d->servers, BonddNdiscServer, i).expiry);
    when = earliest == BONDD_NDISC_FOREVER ? G_MAXINT64 : earliest - jitter(PRE_EXPIRY_MS);
    when = CLAMP(when, self->last_rs + RS_IRT_MS, self->last_rs + RS_MRT_MS);
    self->retransmit_ms = 0;
    schedule_solicit(self, when - now);
}

/* ---- advertisements ------------------------------------------------------------------------ */

static int
receive_ra(struct ndp *ndp, struct ndp_msg *msg, void *user_data)
{
    BonddNdisc *self = user_data;
    BonddNdiscData *d = &self->data;
    struct ndp_msgra *ra = ndp_msgra(msg);
    gint64 now = bondd_ndisc_now();
    gboolean changed = !d->received;
    BonddDhcp6Level level;
    int offset;

    d->received = TRUE;
    /* The level only rises: of several routers, the most managed wins. */
    level = ndp_msgra_flag_managed(ra) ? BONDD_DHCP6_MANAGED
            : ndp_msgra_flag_other(ra) ? BONDD_DHCP6_OTHERCONF
                                       : BONDD_DHCP6_NONE;
    if (level > d->dhcp_level) {
        d->dhcp_level = level;
        changed = TRUE;
    }

    /* A router lifetime of 0: not a default router (RFC 4861 4.2). */
    {
        BonddNdiscGateway gw = {
            .pref = preference_of(ndp_msgra_route_preference(ra)),
            .expiry = now + (gint64)ndp_msgra_router_lifetime(ra) * 1000,
        };
        memcpy(gw.addr, ndp_msg_addrto(msg), 16);
        changed |= merge_gateway(d, &gw, now);
    }
    ndp_msg_opt_for_each_offset(offset, msg, NDP_MSG_OPT_PREFIX) changed |=
        merge_prefix(d, msg, offset, now);
    ndp_msg_opt_for_each_offset(offset, msg, NDP_MSG_OPT_ROUTE)
    {
        BonddNdiscRoute r = {
            .plen = ndp_msg_opt_route_prefix_len(msg, offset),
            .pref = preference_of(ndp_msg_opt_route_preference(msg, offset)),
            .expiry = expiry_of(now, ndp_msg_opt_route_lifetime(msg, offset)),
        };
        /* Default routes come from the router lifetime, not from here. */
        if (r.plen == 0 || r.plen > 128)
            continue;
        memcpy(r.dst, ndp_msg_opt_route_prefix(msg, offset), 16);
        for (guint bit = r.plen; bit < 128; bit++)
            r.dst[bit / 8] &= ~(0x80 >> (bit % 8));
        memcpy(r.gw, ndp_msg_addrto(msg), 16);
        changed |= merge_route(d, &r, now);
    }
    ndp_msg_opt_for_each_offset(offset, msg, NDP_MSG_OPT_RDNSS)
    {
        struct in6_addr *addr;
        int index;
        gint64 expiry = expiry_of(now, ndp_msg_opt_rdnss_lifetime(msg, offset));

        ndp_msg_opt_rdnss_for_each_addr(addr, index, msg, offset) changed |=
            merge_server(d, addr->s6_addr, expiry, now);
    }
    ndp_msg_opt_for_each_offset(offset, msg, NDP_MSG_OPT_DNSSL)
    {
        char *domain;
        int index;
        gint64 expiry = expiry_of(now, ndp_msg_opt_dnssl_lifetime(msg, offset));

        ndp_msg_opt_dnssl_for_each_domain(domain, index, msg, offset) changed |=
            merge_domain(d, domain, expiry, now);
    }
    ndp_msg_opt_for_each_offset(offset, msg, NDP_MSG_OPT_MTU)
    {
        guint32 mtu = ndp_msg_opt_mtu(msg, offset);

        /* Below IPv6's minimum the kernel would drop every address of the
         * link, and with them the means to hear a corrected MTU. */
        if (mtu < 1280) {
            g_message(_("ndisc: %s: ignoring the advertised MTU %u, below IPv6's minimum"),
                      self->ifname, mtu);
        } else if (mtu != d->mtu) {
            d->mtu = mtu;
            changed = TRUE;
        }
    }
    if (ndp_msgra_curhoplimit(ra) && ndp_msgra_curhoplimit(ra) != d->hop_limit) {
        d->hop_limit = ndp_msgra_curhoplimit(ra);
        changed = TRUE;
    }

    g_debug("ndisc: %s: router advertisement received%s", self->ifname,
            changed ? " (configuration changed)" : "");
    changed |= expire(self, now);
    schedule_refresh(self, now);
    if (changed)
        self->changed(self->changed_data);
    return 0;
}

static gboolean
event_cb(int fd, GIOCondition condition, gpointer user_data)
{
    BonddNdisc *self = user_data;

    ndp_callall_eventfd_handler(self->ndp);
    return G_SOURCE_CONTINUE;
}

/* ---- object ---------------------------------------------------------------------------------- */

static void
domain_clear(gpointer data)
{
    g_free(((BonddNdiscDomain *)data)->domain);
}

static void
data_clear(BonddNdiscData *d)
{
    g_array_set_size(d->gateways, 0);
    g_array_set_size(d->prefixes, 0);
    g_array_set_size(d->routes, 0);
    g_array_set_size(d->servers, 0);
    g_array_set_size(d->domains, 0);
    d->received = FALSE;
    d->dhcp_level = BONDD_DHCP6_NONE;
    d->mtu = 0;
    d->hop_limit = 0;
}

BonddNdisc *
bondd_ndisc_new(int ifindex, const char *ifname, BonddNdiscChangedFunc changed, gpointer user_data,
                GError **error)
{
    BonddNdisc *self;
    struct ndp *ndp;
    int err;

    if ((err = ndp_open(&ndp)) != 0) {
        g_set_error(error, G_IO_ERROR, g_io_error_from_errno(-err),
                    _("cannot open an ICMPv6 socket for router discovery: %s"), g_strerror(-err));
        return NULL;
    }
    self = g_new0(BonddNdisc, 1);
    self->ndp = ndp;
    self->ifindex = ifindex;
    self->ifname = g_strdup(ifname);
    self->changed = changed;
    self->changed_data = user_data;
    self->data.gateways = g_array_new(FALSE, TRUE, sizeof(BonddNdiscGateway));
    self->data.prefixes = g_array_new(FALSE, TRUE, sizeof(BonddNdiscPrefix));
    self->data.routes = g_array_new(FALSE, TRUE, sizeof(BonddNdiscRoute));
    self->data.servers = g_array_new(FALSE, TRUE, sizeof(BonddNdiscServer));
    self->data.domains = g_array_new(FALSE, TRUE, sizeof(BonddNdiscDomain));
    g_array_set_clear_func(self->data.domains, domain_clear);
    return self;
}

void
bondd_ndisc_start(BonddNdisc *self)
{
    g_return_if_fail(!self->started);
    self->started = TRUE;
    ndp_msgrcv_handler_register(self->ndp, receive_ra, NDP_MSG_RA, self->ifindex, self);
    self->event_source = g_unix_fd_add(ndp_get_eventfd(self->ndp), G_IO_IN, event_cb, self);
    self->retransmit_ms = 0;
    schedule_solicit(self, g_random_int_range(0, RS_FIRST_DELAY_MS));
}

void
bondd_ndisc_restart(BonddNdisc *self)
{
    data_clear(&self->data);
    g_clear_handle_id(&self->expire_source, g_source_remove);
    self->retransmit_ms = 0;
    if (self->started)
        schedule_solicit(self, 0);
}

const BonddNdiscData *
bondd_ndisc_get_data(BonddNdisc *self)
{
    return &self->data;
}

void
bondd_ndisc_free(BonddNdisc *self)
{
    if (!self)
        return;
    if (self->started)
        ndp_msgrcv_handler_unregister(self->ndp, receive_ra, NDP_MSG_RA, self->ifindex, self);
    g_clear_handle_id(&self->event_source, g_source_remove);
    g_clear_handle_id(&self->solicit_source, g_source_remove);
    g_clear_handle_id(&self->expire_source, g_source_remove);
    ndp_close(self->ndp);
    g_array_unref(self->data.gateways);
    g_array_unref(self->data.prefixes);
    g_array_unref(self->data.routes);
    g_array_unref(self->data.servers);
    g_array_unref(self->data.domains);
    g_free(self->last_error);
    g_free(self->ifname);
    g_free(self);
}
