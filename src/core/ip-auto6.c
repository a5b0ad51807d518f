/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * IPv6 autoconfiguration as an IP provider, done in userspace as
 * NetworkManager does it: the link-local address first (ip6-ll.c), then
 * router discovery (ip6-ndisc.c), and from what the routers advertise the
 * SLAAC addresses (identifiers from ip6-iid.c), the on-link prefix routes,
 * the default route and more-specific routes, all with the lifetimes the
 * routers gave, renewed by each advertisement; name servers and search
 * domains go to the IP6Config data like static ones.  A duplicate address
 * is replaced by the next stable one, or given up (EUI-64).  The router's
 * M/O flags call the DHCPv6 hook of the context.
 *
 * Ready once an advertisement came and its first address passed duplicate
 * address detection (or it offered none to make); failed when no
 * advertisement came within ipv6.ra-timeout.  The same code serves
 * ipv6.method link-local, which stops after the link-local address.
 */
#include "config.h"

#include "ip-provider.h"

#include <glib/gi18n.h>
#include <string.h>
#include <linux/if_addr.h>
#include <linux/rtnetlink.h>

#include "ip-netlink.h"
#include "ip6-iid.h"
#include "ip6-link-settings.h"
#include "ip6-ll.h"
#include "ip6-ndisc.h"

/* How long the link-local address may take (NetworkManager's grace time:
 * a link without carrier never finishes DAD). */
#define LL_TIMEOUT_S 30
/* ipv6.ra-timeout 0: NetworkManager's default, from the kernel's solicitation
 * parameters (router_solicitations * interval + 1), at least 30 s. */
#define RA_TIMEOUT_DEFAULT_S 30

typedef struct {
    guint8 prefix[16];
    guint8 addr[16];
    guint dad_counter;
    gboolean in_kernel;
    gboolean given_up; /* no more addresses to try in this prefix */
} Slaac;

typedef struct {
    BonddIpRoute route;
    BonddIpRouteExtra extra;
} KernelRoute;

typedef struct {
    BonddIpContext ctx; /* strings below are our copies */
    char *ifname;
    gboolean link_local_only;
    BonddIp6Iid *iid;
    BonddIp6Ll *ll;
    BonddNdisc *ndisc;
    NMSettingIP6ConfigPrivacy privacy;
    gboolean ignore_auto_dns;
    gboolean ignore_auto_routes;
    gboolean never_default;
    guint32 metric;
    guint32 ra_timeout_s;
    GArray *slaac;  /* Slaac */
    GArray *routes; /* KernelRoute, as in the kernel */
    BonddIpData data;
    BonddDhcp6Level dhcp_requested;
    guint timeout_source;
    gulong link_handler;
    gulong addr_handler;
    gulong dad_handler;
    gboolean reported;
    guint done_source;
    GError *result;
    BonddIpProviderDone done;
    gpointer done_data;
} Auto6;

/* ---- reporting ------------------------------------------------------------------------- */

static gboolean
report_cb(gpointer user_data)
{
    Auto6 *self = user_data;
    g_autoptr(GError) result = g_steal_pointer(&self->result);

    self->done_source = 0;
    self->done(self->done_data, result);
    return G_SOURCE_REMOVE;
}

/* Ready (@error NULL) or failed, once. */
static void
report(Auto6 *self, GError *error)
{
    if (self->reported) {
        if (error)
            g_message("ip6: %s", error->message);
        g_clear_error(&error);
        return;
    }
    self->reported = TRUE;
    g_clear_handle_id(&self->timeout_source, g_source_remove);
    self->result = error;
    self->done_source = bondd_ip_report_later(report_cb, self);
}

static gboolean
timeout_cb(gpointer user_data)
{
    Auto6 *self = user_data;

    self->timeout_source = 0;
    if (!self->ndisc)
        report(self, g_error_new(G_IO_ERROR, G_IO_ERROR_TIMED_OUT,
                                 _("%s: the IPv6 link-local address was not usable within %u s"),
                                 self->ifname, LL_TIMEOUT_S));
    else if (!bondd_ndisc_get_data(self->ndisc)->received)
        report(self, g_error_new(G_IO_ERROR, G_IO_ERROR_TIMED_OUT,
                                 _("%s: no IPv6 router advertisement within %u s"), self->ifname,
                                 self->ra_timeout_s));
    else
        report(self, g_error_new(G_IO_ERROR, G_IO_ERROR_TIMED_OUT,
                                 _("%s: no usable IPv6 address from the routers within %u s"),
                                 self->ifname, self->ra_timeout_s));
    return G_SOURCE_REMOVE;
}

static void
arm_timeout(Auto6 *self, guint seconds)
{
    g_clear_handle_id(&self->timeout_source, g_source_remove);
    self->timeout_source = g_timeout_add_seconds(seconds, timeout_cb, self);
}

static void check_ready(Auto6 *self);

/* ---- SLAAC addresses ------------------------------------------------------------------- */

static BonddIpAddressRequest
slaac_request(Auto6 *self, const Slaac *s, const BonddNdiscPrefix *p, gint64 now)
{
    BonddIpAddressRequest req = {.family = AF_INET6, .plen = 64, .flags = IFA_F_NOPREFIXROUTE};

    /* The prefix route is ours to add (with its own lifetime); the kernel
     * makes the temporary addresses (RFC 8981) of an address so flagged. */
    if (self->privacy == NM_SETTING_IP6_CONFIG_PRIVACY_PREFER_PUBLIC_ADDR ||
        self->privacy == NM_SETTING_IP6_CONFIG_PRIVACY_PREFER_TEMP_ADDR)
        req.flags |= IFA_F_MANAGETEMPADDR;
    memcpy(req.addr, s->addr, 16);
    if (p) {
        req.valid = bondd_ndisc_lifetime(p->valid_expiry, now);
        req.preferred = bondd_ndisc_lifetime(p->preferred_expiry, now);
    }
    return req;
}

static void
slaac_remove(Auto6 *self, Slaac *s)
{
    BonddIpAddressRequest req = slaac_request(self, s, NULL, 0);

    if (s->in_kernel)
        bondd_ip_netlink_address(self->ctx.cache, RTM_DELADDR, self->ctx.ifindex, &req, NULL);
    s->in_kernel = FALSE;
}

/* The address for the current DAD counter; FALSE: none left. */
static gboolean
slaac_complete(Auto6 *self, Slaac *s)
{
    g_autoptr(GError) error = NULL;

    memcpy(s->addr, s->prefix, 16);
    if (!bondd_ip6_iid_complete(self->iid, s->addr, s->dad_counter, &error)) {
        g_autofree char *prefix = bondd_ip_addr_to_string(AF_INET6, s->prefix);
        g_message(_("ip6: %s: no address in %s/64: %s"), self->ifname, prefix, error->message);
        s->given_up = TRUE;
        return FALSE;
    }
    return TRUE;
}

static void
slaac_apply(Auto6 *self, Slaac *s, const BonddNdiscPrefix *p, gint64 now)
{
    g_autoptr(GError) error = NULL;
    BonddIpAddressRequest req;

    if (s->given_up)
        return;
    req = slaac_request(self, s, p, now);
    if (!bondd_ip_netlink_address(self->ctx.cache, RTM_NEWADDR, self->ctx.ifindex, &req, &error)) {
        g_autofree char *text = bondd_ip_addr_to_string(AF_INET6, s->addr);
        g_message(_("ip6: %s: cannot add %s/64: %s"), self->ifname, text, error->message);
        return;
    }
    if (!s->in_kernel) {
        g_autofree char *text = bondd_ip_addr_to_string(AF_INET6, s->addr);
        g_message(_("ip6: %s: SLAAC address %s/64 (valid %u s, preferred %u s)"), self->ifname,
                  text, req.valid, req.preferred);
    }
    s->in_kernel = TRUE;
}

static Slaac *
slaac_find(Auto6 *self, const guint8 *prefix)
{
    for (guint i = 0; i < self->slaac->len; i++) {
        Slaac *s = &g_array_index(self->slaac, Slaac, i);
        if (memcmp(s->prefix, prefix, 8) == 0)
            return s;
    }
    return NULL;
}

/* One address per autonomous /64 prefix, lifetimes as advertised. */
static void
sync_addresses(Auto6 *self, const BonddNdiscData *d, gint64 now)
{
    for (guint i = 0; i < self->slaac->len;) {
        Slaac *s = &g_array_index(self->slaac, Slaac, i);
        gboolean wanted = FALSE;

        for (guint j = 0; j < d->prefixes->len && !wanted; j++) {
            const BonddNdiscPrefix *p = &g_array_index(d->prefixes, BonddNdiscPrefix, j);
            wanted = p->autonomous && memcmp(p->prefix, s->prefix, 8) == 0;
        }
        if (wanted) {
            i++;
            continue;
        }
        slaac_remove(self, s);
        g_array_remove_index(self->slaac, i);
    }
    for (guint j = 0; j < d->prefixes->len; j++) {
        const BonddNdiscPrefix *p = &g_array_index(d->prefixes, BonddNdiscPrefix, j);
        Slaac *s;

        if (!p->autonomous)
            continue;
        if (!(s = slaac_find(self, p->prefix))) {
            Slaac fresh = {0};

            memcpy(fresh.prefix, p->prefix, 8);
            g_array_append_val(self->slaac, fresh);
            s = &g_array_index(self->slaac, Slaac, self->slaac->len - 1);
            slaac_complete(self, s);
        }
        slaac_apply(self, s, p, now);
    }
}

/* Duplicate address detection found @s taken: the next address, if any. */
static void
slaac_duplicate(Auto6 *self, Slaac *s)
{
    const BonddNdiscData *d = bondd_ndisc_get_data(self->ndisc);
    g_autofree char *text = bondd_ip_addr_to_string(AF_INET6, s->addr);

    g_message(_("ip6: %s: %s is already in use on the link (duplicate address detection)"),
              self->ifname, text);
    slaac_remove(self, s);
    s->dad_counter++;
    if (!slaac_complete(self, s))
        return;
    for (guint j = 0; j < d->prefixes->len; j++) {
        const BonddNdiscPrefix *p = &g_array_index(d->prefixes, BonddNdiscPrefix, j);
        if (p->autonomous && memcmp(p->prefix, s->prefix, 8) == 0)
            slaac_apply(self, s, p, bondd_ndisc_now());
    }
}

/* A permanent address that DAD found taken stays, flagged. */
static void
check_duplicates(Auto6 *self)
{
    for (guint i = 0; self->ndisc && i < self->slaac->len; i++) {
        Slaac *s = &g_array_index(self->slaac, Slaac, i);

        if (s->in_kernel && bondd_ip6_addr_state(self->ctx.cache, self->ctx.ifindex, s->addr) ==
                                BONDD_IP6_ADDR_DUPLICATE)
            slaac_duplicate(self, s);
    }
}

/* One with a lifetime the kernel deletes. */
static void
dad_failed_cb(BonddLinkCache *cache, const BonddAddress *addr, gpointer user_data)
{
    Auto6 *self = user_data;

    if (addr->ifindex != self->ctx.ifindex || addr->family != AF_INET6 || !self->ndisc)
        return;
    for (guint i = 0; i < self->slaac->len; i++) {
        Slaac *s = &g_array_index(self->slaac, Slaac, i);

        if (s->in_kernel && memcmp(s->addr, addr->addr, 16) == 0) {
            s->in_kernel = FALSE;
            slaac_duplicate(self, s);
            check_ready(self);
            return;
        }
    }
}

/* ---- routes ------------------------------------------------------------------------------- */

static void
want_route(GArray *wanted, const guint8 *dst, guint8 plen, const guint8 *gw, guint32 metric,
           gint64 expiry, int pref, gint64 now)
{
    KernelRoute k = {
        .route = {.family = AF_INET6, .plen = plen, .has_gw = gw != NULL, .metric = metric},
        .extra = {.protocol = RTPROT_RA, .pref = pref},
    };

    memcpy(k.route.dst, dst, 16);
    if (gw)
        memcpy(k.route.gw, gw, 16);
    if (expiry != BONDD_NDISC_FOREVER)
        k.extra.expires = bondd_ndisc_lifetime(expiry, now);
    g_array_append_val(wanted, k);
}

static gboolean
same_route(const BonddIpRoute *a, const BonddIpRoute *b)
{
    return memcmp(a, b, sizeof *a) == 0;
}

/* On-link prefixes, the default route through the most preferred router
 * (unless ipv6.never-default), the routers' more-specific routes (unless
 * ipv6.ignore-auto-routes); every one expiring with its advertisement. */
static void
sync_routes(Auto6 *self, const BonddNdiscData *d, gint64 now)
{
    g_autoptr(GArray) wanted = g_array_new(FALSE, TRUE, sizeof(KernelRoute));
    static const guint8 any[16];

    for (guint i = 0; i < d->prefixes->len; i++) {
        const BonddNdiscPrefix *p = &g_array_index(d->prefixes, BonddNdiscPrefix, i);
        if (p->onlink)
            want_route(wanted, p->prefix, p->plen, NULL, self->metric, p->onlink_expiry, -1, now);
    }
    if (d->gateways->len && !self->never_default) {
        const BonddNdiscGateway *g = &g_array_index(d->gateways, BonddNdiscGateway, 0);
        want_route(wanted, any, 0, g->addr, self->metric, g->expiry, g->pref, now);
    }
    for (guint i = 0; i < d->routes->len && !self->ignore_auto_routes; i++) {
        const BonddNdiscRoute *r = &g_array_index(d->routes, BonddNdiscRoute, i);
        want_route(wanted, r->dst, r->plen, r->gw, self->metric, r->expiry, r->pref, now);
    }

    for (guint i = 0; i < self->routes->len; i++) {
        KernelRoute *old = &g_array_index(self->routes, KernelRoute, i);
        gboolean keep = FALSE;

        for (guint j = 0; j < wanted->len && !keep; j++)
            keep = same_route(&old->route, &g_array_index(wanted, KernelRoute, j).route);
        if (!keep)
            bondd_ip_netlink_route(self->ctx.cache, RTM_DELROUTE, self->ctx.ifindex, &old->route,
                                   NULL, NULL);
    }
    g_array_set_size(self->routes, 0);
    for (guint j = 0; j < wanted->len; j++) {
        KernelRoute *k = &g_array_index(wanted, KernelRoute, j);
        g_autoptr(GError) error = NULL;

        if (!bondd_ip_netlink_route(self->ctx.cache, RTM_NEWROUTE, self->ctx.ifindex, &k->route,
                                    &k->extra, &error)) {
            g_autofree char *text = bondd_ip_route_to_string(&k->route);
            g_message(_("ip6: %s: cannot add route %s: %s"), self->ifname, text, error->message);
            continue;
        }
        g_array_append_val(self->routes, *k);
    }
}

/* ---- the IP6Config data -------------------------------------------------------------------- */

static void
sync_data(Auto6 *self, const BonddNdiscData *d)
{
    g_clear_pointer(&self->data.gateway, g_free);
    g_array_set_size(self->data.routes, 0);
    g_ptr_array_set_size(self->data.dns, 0);
    g_ptr_array_set_size(self->data.searches, 0);
    for (guint i = 0; i < self->routes->len; i++) {
        const BonddIpRoute *r = &g_array_index(self->routes, KernelRoute, i).route;
        if (r->plen == 0 && !self->data.gateway)
            self->data.gateway = bondd_ip_addr_to_string(AF_INET6, r->gw);
        g_array_append_val(self->data.routes, *r);
    }
    for (guint i = 0; i < d->servers->len && !self->ignore_auto_dns; i++)
        g_ptr_array_add(
            self->data.dns,
            bondd_ip_addr_to_string(AF_INET6, g_array_index(d->servers, BonddNdiscServer, i).addr));
    for (guint i = 0; i < d->domains->len && !self->ignore_auto_dns; i++)
        g_ptr_array_add(self->data.searches,
                        g_strdup(g_array_index(d->domains, BonddNdiscDomain, i).domain));
}

/* What the kernel takes from an advertisement when bondd does it instead
 * of accept_ra: the link's IPv6 MTU and hop limit. */
static void
sync_link_parameters(Auto6 *self, const BonddNdiscData *d)
{
    char value[16];

    if (d->mtu) {
        g_snprintf(value, sizeof value, "%u", d->mtu);
        bondd_link_cache_ip6_sysctl_set(self->ctx.cache, self->ifname, "mtu", value, NULL);
    }
    if (d->hop_limit) {
        g_snprintf(value, sizeof value, "%u", d->hop_limit);
        bondd_link_cache_ip6_sysctl_set(self->ctx.cache, self->ifname, "hop_limit", value, NULL);
    }
}

/* ---- putting it together ----------------------------------------------------------------- */

static void
check_ready(Auto6 *self)
{
    gboolean usable = FALSE, pending = FALSE;

    if (self->reported || !self->ndisc || !bondd_ndisc_get_data(self->ndisc)->received)
        return;
    for (guint i = 0; i < self->slaac->len; i++) {
        const Slaac *s = &g_array_index(self->slaac, Slaac, i);

        if (s->given_up)
            continue;
        if (s->in_kernel && bondd_ip6_addr_state(self->ctx.cache, self->ctx.ifindex, s->addr) ==
                                BONDD_IP6_ADDR_USABLE)
            usable = TRUE;
        else
            pending = TRUE;
    }
    if (usable || !pending)
        report(self, NULL);
}

static void
ndisc_changed_cb(gpointer user_data)
{
    Auto6 *self = user_data;
    const BonddNdiscData *d = bondd_ndisc_get_data(self->ndisc);
    gint64 now = bondd_ndisc_now();

    if (d->dhcp_level > self->dhcp_requested) {
        self->dhcp_requested = d->dhcp_level;
        g_message(_("ip6: %s: the router asks for DHCPv6 (%s)"), self->ifname,
                  d->dhcp_level == BONDD_DHCP6_MANAGED ? "managed" : "other configuration");
        if (self->ctx.request_dhcp6)
            self->ctx.request_dhcp6(self->ctx.owner, d->dhcp_level);
    }
    sync_addresses(self, d, now);
    sync_routes(self, d, now);
    sync_data(self, d);
    sync_link_parameters(self, d);
    check_ready(self);
    if (self->reported && self->ctx.changed)
        self->ctx.changed(self->ctx.owner);
}

static void
addresses_changed_cb(BonddLinkCache *cache, int ifindex, gpointer user_data)
{
    Auto6 *self = user_data;

    if (ifindex != self->ctx.ifindex)
        return;
    check_duplicates(self);
    check_ready(self);
}

static void
ll_ready_cb(gpointer user_data, const GError *error)
{
    Auto6 *self = user_data;
    g_autoptr(GError) local = NULL;

    if (error) {
        report(self, g_error_copy(error));
        return;
    }
    if (self->link_local_only) {
        report(self, NULL);
        return;
    }
    if (!(self->ndisc =
              bondd_ndisc_new(self->ctx.ifindex, self->ifname, ndisc_changed_cb, self, &local))) {
        g_prefix_error(&local, "%s: ", self->ifname);
        report(self, g_steal_pointer(&local));
        return;
    }
    arm_timeout(self, self->ra_timeout_s);
    bondd_ndisc_start(self->ndisc);
}

/* EUI-64 follows the MAC address (a bond takes its first port's). */
static void
link_changed_cb(BonddLinkCache *cache, const BonddLink *link, guint event, gpointer user_data)
{
    Auto6 *self = user_data;

    if (link->ifindex != self->ctx.ifindex ||
        !bondd_ip6_iid_set_hwaddr(self->iid, link->hwaddr, link->hwaddr_len))
        return;
    g_message(_("ip6: %s: the MAC address changed, so do the EUI-64 addresses"), self->ifname);
    for (guint i = 0; i < self->slaac->len; i++)
        slaac_remove(self, &g_array_index(self->slaac, Slaac, i));
    g_array_set_size(self->slaac, 0);
    bondd_ip6_ll_regenerate(self->ll);
    if (self->ndisc)
        bondd_ndisc_restart(self->ndisc);
}

static void
read_setting(Auto6 *self, NMSettingIPConfig *s_ip)
{
    gint64 metric = nm_setting_ip_config_get_route_metric(s_ip);
    gint32 ra_timeout = nm_setting_ip6_config_get_ra_timeout(NM_SETTING_IP6_CONFIG(s_ip));

    self->privacy = bondd_ip6_privacy_resolve(self->ctx.cache, s_ip);
    self->ignore_auto_dns = nm_setting_ip_config_get_ignore_auto_dns(s_ip);
    self->ignore_auto_routes = nm_setting_ip_config_get_ignore_auto_routes(s_ip);
    self->never_default = nm_setting_ip_config_get_never_default(s_ip);
    self->metric = metric >= 0 ? (guint32)metric : self->ctx.default_metric;
    self->ra_timeout_s = ra_timeout > 0 ? (guint32)ra_timeout : RA_TIMEOUT_DEFAULT_S;
}

static gpointer
start(const BonddIpContext *ctx, NMSettingIPConfig *s_ip, BonddIpProviderDone done,
      gpointer user_data, gboolean link_local_only)
{
    Auto6 *self = g_new0(Auto6, 1);
    g_autoptr(GError) error = NULL;
    const BonddLink *link;

    self->ctx = *ctx;
    self->ctx.cache = g_object_ref(ctx->cache);
    self->ifname = g_strdup(ctx->ifname);
    self->ctx.ifname = self->ifname;
    self->ctx.network_id = NULL;
    self->ctx.state_dir = NULL;
    self->link_local_only = link_local_only;
    self->done = done;
    self->done_data = user_data;
    self->slaac = g_array_new(FALSE, TRUE, sizeof(Slaac));
    self->routes = g_array_new(FALSE, TRUE, sizeof(KernelRoute));
    self->data.routes = g_array_new(FALSE, TRUE, sizeof(BonddIpRoute));
    self->data.dns = g_ptr_array_new_with_free_func(g_free);
    self->data.searches = g_ptr_array_new_with_free_func(g_free);
    read_setting(self, s_ip);

    self->iid = bondd_ip6_iid_new(NM_SETTING_IP6_CONFIG(s_ip), ctx->ifname,
                                  ctx->network_id ? ctx->network_id : "", ctx->state_dir, &error);
    if (!self->iid) {
        g_prefix_error(&error, "%s: ", self->ifname);
        report(self, g_steal_pointer(&error));
        return self;
    }
    if ((link = bondd_link_cache_get(ctx->cache, ctx->ifindex)))
        bondd_ip6_iid_set_hwaddr(self->iid, link->hwaddr, link->hwaddr_len);
    self->link_handler =
        g_signal_connect(ctx->cache, "link-state", G_CALLBACK(link_changed_cb), self);
    self->addr_handler =
        g_signal_connect(ctx->cache, "addresses-changed", G_CALLBACK(addresses_changed_cb), self);
    self->dad_handler =
        g_signal_connect(ctx->cache, "address-dad-failed", G_CALLBACK(dad_failed_cb), self);
    arm_timeout(self, LL_TIMEOUT_S);
    self->ll =
        bondd_ip6_ll_new(ctx->cache, ctx->ifindex, ctx->ifname, self->iid, ll_ready_cb, self);
    return self;
}

static gpointer
auto6_start(const BonddIpContext *ctx, NMSettingIPConfig *s_ip, BonddIpProviderDone done,
            gpointer user_data)
{
    return start(ctx, s_ip, done, user_data, FALSE);
}

static gpointer
ll6_start(const BonddIpContext *ctx, NMSettingIPConfig *s_ip, BonddIpProviderDone done,
          gpointer user_data)
{
    return start(ctx, s_ip, done, user_data, TRUE);
}

/* What can change live; another ipv6.addr-gen-mode or ip6-privacy needs a
 * new activation, as in NetworkManager. */
static gboolean
auto6_reapply(gpointer state, NMSettingIPConfig *s_ip, GError **error)
{
    Auto6 *self = state;

    read_setting(self, s_ip);
    if (self->ndisc && bondd_ndisc_get_data(self->ndisc)->received)
        ndisc_changed_cb(self);
    return TRUE;
}

static const BonddIpData *
auto6_get_data(gpointer state)
{
    return &((Auto6 *)state)->data;
}

static void
auto6_stop(gpointer state, gboolean remove_from_kernel)
{
    Auto6 *self = state;

    g_clear_pointer(&self->ndisc, bondd_ndisc_free);
    if (remove_from_kernel) {
        for (guint i = 0; i < self->routes->len; i++)
            bondd_ip_netlink_route(self->ctx.cache, RTM_DELROUTE, self->ctx.ifindex,
                                   &g_array_index(self->routes, KernelRoute, i).route, NULL, NULL);
        for (guint i = 0; i < self->slaac->len; i++)
            slaac_remove(self, &g_array_index(self->slaac, Slaac, i));
    }
    bondd_ip6_ll_free(self->ll, remove_from_kernel);
    g_clear_signal_handler(&self->link_handler, self->ctx.cache);
    g_clear_signal_handler(&self->addr_handler, self->ctx.cache);
    g_clear_signal_handler(&self->dad_handler, self->ctx.cache);
    g_clear_handle_id(&self->timeout_source, g_source_remove);
    g_clear_handle_id(&self->done_source, g_source_remove);
    g_clear_error(&self->result);
    bondd_ip6_iid_free(self->iid);
    g_array_unref(self->slaac);
    g_array_unref(self->routes);
    g_array_unref(self->data.routes);
    g_ptr_array_unref(self->data.dns);
    g_ptr_array_unref(self->data.searches);
    g_free(self->data.gateway);
    g_object_unref(self->ctx.cache);
    g_free(self->ifname);
    g_free(self);
}

const BonddIpProvider bondd_ip_auto6_provider = {
    .name = "auto6",
    .start = auto6_start,
    .reapply = auto6_reapply,
    .get_data = auto6_get_data,
    .stop = auto6_stop,
};

const BonddIpProvider bondd_ip_ll6_provider = {
    .name = "link-local6",
    .start = ll6_start,
    .reapply = auto6_reapply,
    .get_data = auto6_get_data,
    .stop = auto6_stop,
};
