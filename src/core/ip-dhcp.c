/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * DHCP as an IP provider: ipv4.method auto, ipv6.method dhcp, and DHCPv6
 * started by a router advertisement.  dhcpcd negotiates (dhcp-client.c);
 * this file turns its lease into addresses, routes and name servers the way
 * NetworkManager applies a lease, keeps them current as the lease renews,
 * and remembers the lease in the state directory so that a restarted bondd
 * carries on with the address the link still has.
 */
#include "config.h"

#include "ip-provider.h"

#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <string.h>
#include <net/if.h>
#include <linux/if.h>
#include <linux/rtnetlink.h>

#include "dhcp-client.h"
#include "dhcp-lease.h"

/* NetworkManager's default for ipvX.dhcp-timeout 0. */
#define DEFAULT_TIMEOUT_SECONDS 45

typedef struct {
    BonddLinkCache *cache;
    int ifindex;
    char *ifname;
    int family;
    const BonddConfig *config;
    BonddIpProviderChanged changed;
    BonddDhcpMode mode;
    gboolean mtu_from_lease;
    guint32 default_metric;
    /* From the setting. */
    BonddDhcpLeaseRules rules;
    guint timeout;
    char *hostname;
    gboolean send_hostname;
    char *client_id;
    char *iaid;
    /* The lease and what it configured. */
    BonddDhcpClient *client;
    char *request_address;  /* a kept lease's, asked for again */
    gulong carrier_handler; /* waiting for carrier to start the client */
    char *lease_path;
    GArray *addrs;      /* BonddIpAddressRequest */
    guint32 mtu_before; /* 0: the lease set none */
    BonddIpData data;
    /* Reporting. */
    BonddIpProviderDone done;
    gpointer done_data;
    gboolean reported;
    GError *result;
    guint done_source;
    guint timeout_source;
    struct Release *release; /* dhcp_release() under way */
    /* ipv6.method dhcp: the link-local address, which bondd makes itself
     * as for every IPv6 method (ip6-ll.c) and dhcpcd sends from. */
    gpointer ll_state;
} DhcpState;

/* A release under way; the client's callback gets it, even after the
 * release was cut short (then without a state). */
typedef struct Release {
    DhcpState *state; /* NULL: cut short by dhcp_stop() */
    BonddIpProviderStopped stopped;
    gpointer user_data;
} Release;

G_DEFINE_QUARK(bondd - ip - error - quark, bondd_ip_error)

static gboolean
is_v4(DhcpState *self)
{
    return self->family == AF_INET;
}

static const char *
tag(DhcpState *self)
{
    return is_v4(self) ? "DHCPv4" : "DHCPv6";
}

/* ---- reporting ------------------------------------------------------------- */

static gboolean
report_done(gpointer user_data)
{
    DhcpState *self = user_data;
    g_autoptr(GError) result = g_steal_pointer(&self->result);

    self->done_source = 0;
    self->done(self->done_data, result);
    return G_SOURCE_REMOVE;
}

/* The first outcome goes to "done"; later ones to "changed". */
static void
report(DhcpState *self, GError *error)
{
    g_clear_handle_id(&self->timeout_source, g_source_remove);
    if (!self->reported) {
        self->reported = TRUE;
        self->result = error;
        self->done_source = bondd_ip_report_later(report_done, self);
        return;
    }
    if (self->changed)
        self->changed(self->done_data, error);
    g_clear_error(&error);
}

static gboolean
timeout_cb(gpointer user_data)
{
    DhcpState *self = user_data;

    self->timeout_source = 0;
    g_message(_("ip: %s: no %s lease within %u s; still trying"), self->ifname, tag(self),
              self->timeout);
    /* NetworkManager: the state reason of an IP method that timed out. */
    report(self,
           g_error_new(BONDD_IP_ERROR, NM_DEVICE_STATE_REASON_IP_CONFIG_UNAVAILABLE,
                       _("%s: no %s lease within %u s"), self->ifname, tag(self), self->timeout));
    return G_SOURCE_REMOVE;
}

/* ---- from a lease to the kernel ------------------------------------------------ */

/* The lease's MTU (option 26) on the link while the lease lasts, as
 * NetworkManager does when the profile sets no MTU. */
static void
apply_mtu(DhcpState *self, GHashTable *options)
{
    guint32 mtu = is_v4(self) ? bondd_dhcp_lease_option_u32(options, "interface_mtu") : 0;
    const BonddLink *link = bondd_link_cache_get(self->cache, self->ifindex);
    g_autoptr(GError) error = NULL;

    if (!self->mtu_from_lease || !link)
        return;
    if (mtu >= 576 && mtu != link->mtu) {
        if (!self->mtu_before)
            self->mtu_before = link->mtu;
        if (!bondd_ip_link_mtu_request(self->cache, self->ifindex, mtu, &error))
            g_warning(_("ip: %s: cannot set the lease's MTU %u: %s"), self->ifname, mtu,
                      error->message);
    } else if (!mtu && self->mtu_before) {
        bondd_ip_link_mtu_request(self->cache, self->ifindex, self->mtu_before, NULL);
        self->mtu_before = 0;
    }
}

/* Make the kernel hold what @options (NULL: no lease) call for; what the
 * previous lease added and this one does not goes. */
/* The lease's routes: "proto dhcp", lasting as long as bondd keeps them. */
static const BonddIpRouteExtra dhcp_route = {.protocol = RTPROT_DHCP, .pref = -1};

static gboolean
apply(DhcpState *self, GHashTable *options, GError **error)
{
    g_auto(BonddDhcpLeaseConfig) want = {0};
    GArray *addrs, *routes;

    bondd_dhcp_lease_config_init(&want, &self->rules, options, g_get_real_time() / G_USEC_PER_SEC);
    addrs = want.addrs;
    routes = want.routes;
    for (guint i = 0; i < self->data.routes->len; i++) {
        BonddIpRoute *r = &g_array_index(self->data.routes, BonddIpRoute, i);
        if (!bondd_ip_array_contains(routes, r, sizeof *r))
            bondd_ip_netlink_route(self->cache, RTM_DELROUTE, self->ifindex, r, &dhcp_route, NULL);
    }
    for (guint i = 0; i < self->addrs->len; i++) {
        BonddIpAddressRequest *a = &g_array_index(self->addrs, BonddIpAddressRequest, i);
        gboolean kept = FALSE;

        for (guint j = 0; j < addrs->len; j++) {
            BonddIpAddressRequest *b = &g_array_index(addrs, BonddIpAddressRequest, j);
            kept |= memcmp(a->addr, b->addr, 16) == 0 && a->plen == b->plen;
        }
        if (!kept)
            bondd_ip_netlink_address(self->cache, RTM_DELADDR, self->ifindex, a, NULL);
    }
    g_array_set_size(self->addrs, 0);
    g_array_set_size(self->data.routes, 0);
    g_clear_pointer(&self->data.gateway, g_free);
    g_ptr_array_unref(self->data.dns);
    g_ptr_array_unref(self->data.searches);
    self->data.dns = g_ptr_array_ref(want.dns);
    self->data.searches = g_ptr_array_ref(want.searches);
    g_clear_pointer(&self->data.domains, g_ptr_array_unref);
    self->data.domains = g_ptr_array_ref(want.domains);
    apply_mtu(self, options);

    for (guint i = 0; i < addrs->len; i++) {
        BonddIpAddressRequest *a = &g_array_index(addrs, BonddIpAddressRequest, i);
        g_autoptr(GError) local = NULL;

        if (!bondd_ip_netlink_address(self->cache, RTM_NEWADDR, self->ifindex, a, &local)) {
            g_autofree char *s = bondd_ip_addr_to_string(a->family, a->addr);
            g_set_error(error, BONDD_IP_ERROR, NM_DEVICE_STATE_REASON_CONFIG_FAILED,
                        _("%s: cannot add the leased address %s/%u: %s"), self->ifname, s, a->plen,
                        local->message);
            return FALSE;
        }
        g_array_append_val(self->addrs, *a);
    }
    for (guint i = 0; i < routes->len; i++) {
        BonddIpRoute *r = &g_array_index(routes, BonddIpRoute, i);
        g_autoptr(GError) local = NULL;

        /* A route the server got wrong is logged; the lease still holds. */
        if (!bondd_ip_netlink_route(self->cache, RTM_NEWROUTE, self->ifindex, r, &dhcp_route,
                                    &local)) {
            g_autofree char *s = bondd_ip_route_to_string(r);
            g_warning(_("ip: %s: cannot add the leased route %s: %s"), self->ifname, s,
                      local->message);
            continue;
        }
        g_array_append_val(self->data.routes, *r);
    }
    self->data.gateway = g_steal_pointer(&want.gateway);
    return TRUE;
}

static void
set_options(DhcpState *self, GHashTable *options)
{
    GHashTableIter iter;
    gpointer key, value;

    g_hash_table_remove_all(self->data.dhcp_options);
    if (!options)
        return;
    g_hash_table_iter_init(&iter, options);
    while (g_hash_table_iter_next(&iter, &key, &value))
        g_hash_table_insert(self->data.dhcp_options, g_strdup(key), g_strdup(value));
}

/* ---- the client's events ---------------------------------------------------- */

static void
lease_bound(DhcpState *self, GHashTable *options)
{
    g_autoptr(GError) error = NULL;
    guint32 lease = bondd_dhcp_lease_time(options, self->family);
    const char *address = bondd_dhcp_lease_address(options, self->family);

    set_options(self, options);
    /* NetworkManager shows when the lease ends. */
    if (lease)
        g_hash_table_insert(
            self->data.dhcp_options, g_strdup(BONDD_DHCP_LEASE_EXPIRY),
            g_strdup_printf("%" G_GINT64_FORMAT, g_get_real_time() / G_USEC_PER_SEC + lease));
    if (!apply(self, self->data.dhcp_options, &error)) {
        report(self, g_steal_pointer(&error));
        return;
    }
    g_message(_("ip: %s: %s lease %s for %u s"), self->ifname, tag(self),
              address ? address : _("(options only)"), lease);
    if (!bondd_dhcp_lease_save(self->lease_path, self->data.dhcp_options, &error))
        g_warning(_("ip: %s: cannot keep the %s lease in %s: %s"), self->ifname, tag(self),
                  self->lease_path, error->message);
    report(self, NULL);
}

static void
lease_lost(DhcpState *self, const GError *why)
{
    gboolean had = g_hash_table_size(self->data.dhcp_options) > 0;

    apply(self, NULL, NULL);
    set_options(self, NULL);
    g_unlink(self->lease_path);
    if (why) {
        g_warning(_("ip: %s: %s"), self->ifname, why->message);
        report(self, g_error_copy(why));
    } else if (had) {
        g_warning(_("ip: %s: the %s lease was lost"), self->ifname, tag(self));
        if (self->reported)
            report(self, g_error_new(BONDD_IP_ERROR, NM_DEVICE_STATE_REASON_IP_CONFIG_EXPIRED,
                                     _("%s: the %s lease was lost"), self->ifname, tag(self)));
    }
}

static void
client_event(gpointer user_data, BonddDhcpEvent event, GHashTable *options, const GError *error)
{
    DhcpState *self = user_data;
    g_autoptr(GError) failed = NULL;

    switch (event) {
        case BONDD_DHCP_EVENT_BOUND:
            lease_bound(self, options);
            break;
        case BONDD_DHCP_EVENT_LOST:
            lease_lost(self, NULL);
            break;
        case BONDD_DHCP_EVENT_FAILED:
            /* NetworkManager's reason for a DHCP client that cannot run. */
            failed = g_error_new_literal(BONDD_IP_ERROR, NM_DEVICE_STATE_REASON_DHCP_START_FAILED,
                                         error->message);
            lease_lost(self, failed);
            break;
    }
}

/* ---- the provider --------------------------------------------------------------- */

static void
read_setting(DhcpState *self, NMSettingIPConfig *s_ip, guint32 default_metric)
{
    gint64 metric = nm_setting_ip_config_get_route_metric(s_ip);
    int timeout = nm_setting_ip_config_get_dhcp_timeout(s_ip);

    self->rules.family = self->family;
    self->rules.metric = metric >= 0 ? (guint32)metric : default_metric;
    self->rules.never_default = nm_setting_ip_config_get_never_default(s_ip);
    self->rules.ignore_routes = nm_setting_ip_config_get_ignore_auto_routes(s_ip);
    self->rules.ignore_dns = nm_setting_ip_config_get_ignore_auto_dns(s_ip);
    /* NetworkManager: 0 is the default; G_MAXINT32 is for ever. */
    self->timeout = timeout > 0 ? (guint)timeout : DEFAULT_TIMEOUT_SECONDS;
    g_free(self->hostname);
    self->hostname = g_strdup(nm_setting_ip_config_get_dhcp_hostname(s_ip));
    self->send_hostname = nm_setting_ip_config_get_dhcp_send_hostname(s_ip);
    g_free(self->iaid);
    self->iaid = g_strdup(nm_setting_ip_config_get_dhcp_iaid(s_ip));
    g_free(self->client_id);
    self->client_id =
        NM_IS_SETTING_IP4_CONFIG(s_ip)
            ? g_strdup(nm_setting_ip4_config_get_dhcp_client_id(NM_SETTING_IP4_CONFIG(s_ip)))
            : NULL;
    g_ptr_array_set_size(self->rules.dns, 0);
    g_ptr_array_set_size(self->rules.searches, 0);
    for (guint i = 0; i < nm_setting_ip_config_get_num_dns(s_ip); i++)
        g_ptr_array_add(self->rules.dns, g_strdup(nm_setting_ip_config_get_dns(s_ip, i)));
    for (guint i = 0; i < nm_setting_ip_config_get_num_dns_searches(s_ip); i++)
        g_ptr_array_add(self->rules.searches,
                        g_strdup(nm_setting_ip_config_get_dns_search(s_ip, i)));
}

/* Whether the kernel still holds the address of a kept lease. */
static gboolean
link_has_address(DhcpState *self, GHashTable *options)
{
    const char *s =
        g_hash_table_lookup(options, is_v4(self) ? "ip_address" : "dhcp6_ia_na1_ia_addr1");
    g_autoptr(GArray) addrs =
        bondd_link_cache_get_addresses(self->cache, self->ifindex, self->family);
    guint8 want[16];

    if (!bondd_ip_parse(self->family, s, want))
        return self->mode == BONDD_DHCP_MODE_V6_INFO;
    for (guint i = 0; i < addrs->len; i++) {
        if (memcmp(g_array_index(addrs, BonddAddress, i).addr, want, 16) == 0)
            return TRUE;
    }
    return FALSE;
}

static gboolean
has_carrier(DhcpState *self)
{
    const BonddLink *link = bondd_link_cache_get(self->cache, self->ifindex);

    return link && (link->flags & IFF_LOWER_UP);
}

static void
start_client(DhcpState *self)
{
    BonddDhcpClientConfig cc = {0};
    g_autoptr(GError) error = NULL;

    cc.mode = self->mode;
    cc.ifname = self->ifname;
    cc.client_path = self->config->dhcp_client_path;
    cc.helper_path = self->config->dhcp_helper_path;
    cc.run_dir = self->config->run_dir;
    cc.hostname = self->hostname;
    cc.send_hostname = self->send_hostname;
    cc.client_id = self->client_id;
    cc.iaid = self->iaid;
    cc.request_address = self->request_address;
    self->client = bondd_dhcp_client_start(&cc, client_event, self, &error);
    if (!self->client) {
        g_prefix_error(&error, "%s: ", self->ifname);
        report(self, g_error_new_literal(BONDD_IP_ERROR, NM_DEVICE_STATE_REASON_DHCP_START_FAILED,
                                         error->message));
    }
}

static void
link_changed_cb(BonddLinkCache *cache, const BonddLink *link, guint event, gpointer user_data)
{
    DhcpState *self = user_data;

    if (link->ifindex != self->ifindex || !has_carrier(self))
        return;
    g_clear_signal_handler(&self->carrier_handler, self->cache);
    start_client(self);
}

static gpointer
dhcp_start_mode(const BonddIpContext *ctx, NMSettingIPConfig *s_ip, BonddDhcpMode mode,
                BonddIpProviderDone done, gpointer user_data)
{
    DhcpState *self = g_new0(DhcpState, 1);
    g_autoptr(GHashTable) kept = NULL;
    g_autoptr(GError) error = NULL;

    self->cache = g_object_ref(ctx->cache);
    self->ifindex = ctx->ifindex;
    self->ifname = g_strdup(ctx->ifname);
    self->family = ctx->family;
    self->config = ctx->config;
    self->changed = ctx->changed_or_lost;
    self->mode = mode;
    self->mtu_from_lease = ctx->mtu_from_lease;
    self->default_metric = ctx->default_metric;
    self->addrs = g_array_new(FALSE, TRUE, sizeof(BonddIpAddressRequest));
    bondd_ip_data_init(&self->data, TRUE);
    self->rules.dns = g_ptr_array_new_with_free_func(g_free);
    self->rules.searches = g_ptr_array_new_with_free_func(g_free);
    self->done = done;
    self->done_data = user_data;
    self->lease_path = g_strdup_printf("%s/dhcp/%s.lease%c", ctx->config->state_dir, ctx->ifname,
                                       is_v4(self) ? '4' : '6');
    read_setting(self, s_ip, ctx->default_metric);

    /* A restarted bondd: the lease the link still holds stands until the
     * server confirms it (no address gap, no packet lost).  A lease kept
     * from the last activation (not released) is only asked for again. */
    kept = bondd_dhcp_lease_load(self->lease_path, g_get_real_time() / G_USEC_PER_SEC);
    if (kept && link_has_address(self, kept)) {
        g_message(_("ip: %s: resuming the %s lease of %s"), self->ifname, tag(self),
                  (const char *)g_hash_table_lookup(kept, is_v4(self) ? "ip_address"
                                                                      : "dhcp6_ia_na1_ia_addr1"));
        set_options(self, kept);
        if (!apply(self, self->data.dhcp_options, &error))
            g_clear_error(&error);
        report(self, NULL);
    } else {
        self->timeout_source = g_timeout_add_seconds(self->timeout, timeout_cb, self);
    }

    self->request_address =
        kept && is_v4(self) ? g_strdup(g_hash_table_lookup(kept, "ip_address")) : NULL;
    if (has_carrier(self)) {
        start_client(self);
    } else {
        /* As NetworkManager: DHCP waits for carrier -- a bond gets its
         * first port's MAC address (the lease's client ID) with it. */
        g_debug("ip: %s: %s waits for carrier", self->ifname, tag(self));
        self->carrier_handler =
            g_signal_connect(self->cache, "link-state", G_CALLBACK(link_changed_cb), self);
    }
    return self;
}

static void
ll_done(gpointer user_data, const GError *error)
{
    /* dhcpcd waits for a link-local address: say why there is none. */
    if (error)
        g_message("ip6: %s", error->message);
}

static gpointer
dhcp_start(const BonddIpContext *ctx, NMSettingIPConfig *s_ip, BonddIpProviderDone done,
           gpointer user_data)
{
    DhcpState *self = dhcp_start_mode(
        ctx, s_ip, ctx->family == AF_INET ? BONDD_DHCP_MODE_V4 : BONDD_DHCP_MODE_V6_STATEFUL, done,
        user_data);

    if (!is_v4(self))
        self->ll_state = bondd_ip_ll6_provider.start(ctx, s_ip, ll_done, self);
    return self;
}

gpointer
bondd_ip_dhcp6_start(const BonddIpContext *ctx, NMSettingIPConfig *s_ip6, gboolean info_only,
                     BonddIpProviderDone done, gpointer user_data)
{
    g_return_val_if_fail(ctx->family == AF_INET6, NULL);
    return dhcp_start_mode(ctx, s_ip6,
                           info_only ? BONDD_DHCP_MODE_V6_INFO : BONDD_DHCP_MODE_V6_STATEFUL, done,
                           user_data);
}

/* A changed setting applies to the current lease now; one dhcpcd is told
 * (host name, client ID, IAID) restarts it, as NetworkManager restarts its
 * client, without a release: the address stays while the new client asks
 * the server for it again. */
static gboolean
dhcp_reapply(gpointer state, NMSettingIPConfig *s_ip, GError **error)
{
    DhcpState *self = state;
    /* What dhcpcd is told (its configuration file, dhcp-client.c). */
    g_autofree char *hostname = g_steal_pointer(&self->hostname);
    g_autofree char *client_id = g_steal_pointer(&self->client_id);
    g_autofree char *iaid = g_steal_pointer(&self->iaid);
    gboolean send_hostname = self->send_hostname;

    read_setting(self, s_ip, self->default_metric);
    if (self->client &&
        (g_strcmp0(hostname, self->hostname) != 0 || send_hostname != self->send_hostname ||
         g_strcmp0(client_id, self->client_id) != 0 || g_strcmp0(iaid, self->iaid) != 0)) {
        g_message(_("ip: %s: %s client settings changed; restarting dhcpcd"), self->ifname,
                  tag(self));
        bondd_dhcp_client_stop(g_steal_pointer(&self->client), FALSE, NULL, NULL);
        g_free(self->request_address);
        self->request_address =
            g_strdup(bondd_dhcp_lease_address(self->data.dhcp_options, AF_INET));
        start_client(self);
    }
    return apply(self, g_hash_table_size(self->data.dhcp_options) ? self->data.dhcp_options : NULL,
                 error);
}

static const BonddIpData *
dhcp_get_data(gpointer state)
{
    return &((DhcpState *)state)->data;
}

/* The end of a stop: what the lease configured goes (@remove_from_kernel)
 * or stays for the next run, and the state is freed.  The lease file goes
 * with a lease that was released; otherwise its address is asked for again
 * next time, as NetworkManager asks for the address of its last lease. */
static void
dhcp_free(DhcpState *self, gboolean remove_from_kernel, gboolean released)
{
    if (remove_from_kernel)
        apply(self, NULL, NULL);
    if (released)
        g_unlink(self->lease_path);
    if (self->ll_state)
        bondd_ip_ll6_provider.stop(self->ll_state, remove_from_kernel);
    g_clear_error(&self->result);
    g_object_unref(self->cache);
    g_free(self->ifname);
    g_free(self->hostname);
    g_free(self->client_id);
    g_free(self->iaid);
    g_free(self->lease_path);
    g_free(self->request_address);
    g_ptr_array_unref(self->rules.dns);
    g_ptr_array_unref(self->rules.searches);
    g_array_unref(self->addrs);
    bondd_ip_data_clear(&self->data);
    g_free(self);
}

/* No more reports, no client events. */
static void
dhcp_quiesce(DhcpState *self)
{
    g_clear_signal_handler(&self->carrier_handler, self->cache);
    g_clear_handle_id(&self->done_source, g_source_remove);
    g_clear_handle_id(&self->timeout_source, g_source_remove);
}

/* The lease is given back: [dhcp] send-release, and there is one. */
static gboolean
sends_release(DhcpState *self)
{
    return self->config->dhcp_send_release && g_hash_table_size(self->data.dhcp_options) > 0;
}

static void
dhcp_stop(gpointer state, gboolean remove_from_kernel)
{
    DhcpState *self = state;
    /* A release that was under way is taken as done. */
    gboolean released = self->release != NULL;

    /* No release here, whatever [dhcp] send-release says: the stop does not
     * wait, so the address would go before the RELEASE could leave (and
     * dhcpcd, seeing its address gone, asks for the lease again).  The
     * same link activated again, a failed activation, a method changed by
     * Reapply: the lease is kept and the next activation asks for it
     * again.  Deactivation releases it, waiting, in dhcp_release(). */
    if (self->release)
        self->release->state = NULL;
    dhcp_quiesce(self);
    bondd_dhcp_client_stop(g_steal_pointer(&self->client), FALSE, NULL, NULL);
    dhcp_free(self, remove_from_kernel, released);
}

static void
released_cb(gpointer user_data)
{
    Release *r = user_data;

    if (r->state) {
        dhcp_free(r->state, TRUE, TRUE);
        r->stopped(r->user_data);
    }
    g_free(r);
}

static gboolean
dhcp_release(gpointer state, BonddIpProviderStopped stopped, gpointer user_data)
{
    DhcpState *self = state;
    Release *r = g_new0(Release, 1);

    /* Taken down: with [dhcp] send-release the lease is released while the
     * address is still there (NetworkManager's ipv4.dhcp-send-release);
     * by default, as NetworkManager's, it is kept until it expires. */
    dhcp_quiesce(self);
    r->state = self;
    r->stopped = stopped;
    r->user_data = user_data;
    if (sends_release(self) &&
        bondd_dhcp_client_stop(g_steal_pointer(&self->client), TRUE, released_cb, r)) {
        self->release = r;
        return TRUE;
    }
    g_free(r);
    bondd_dhcp_client_stop(g_steal_pointer(&self->client), FALSE, NULL, NULL);
    dhcp_free(self, TRUE, FALSE);
    return FALSE;
}

const BonddIpProvider bondd_ip_dhcp_provider = {
    .name = "dhcp",
    .start = dhcp_start,
    .reapply = dhcp_reapply,
    .get_data = dhcp_get_data,
    .stop = dhcp_stop,
    .release = dhcp_release,
};
