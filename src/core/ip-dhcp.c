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
#include <stdlib.h>
#include <string.h>
#include <net/if.h>
#include <linux/if.h>
#include <linux/rtnetlink.h>

#include "dhcp-client.h"
#include "ip-netlink.h"

/* NetworkManager's default for ipvX.dhcp-timeout 0. */
#define DEFAULT_TIMEOUT_SECONDS 45
#define LEASE_GROUP             "lease"
#define EXPIRY_KEY              "expiry"

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
    guint32 metric;
    gboolean never_default;
    gboolean ignore_routes;
    gboolean ignore_dns;
    guint timeout;
    char *hostname;
    gboolean send_hostname;
    char *client_id;
    char *iaid;
    GPtrArray *static_dns;
    GPtrArray *static_searches;
    /* The lease and what it configured. */
    BonddDhcpClient *client;
    char *request_address;  /* a kept lease's, asked for again */
    gulong carrier_handler; /* waiting for carrier to start the client */
    char *lease_path;
    GArray *addrs;      /* BonddIpAddr */
    guint32 mtu_before; /* 0: the lease set none */
    BonddIpData data;
    /* Reporting. */
    BonddIpProviderDone done;
    gpointer done_data;
    gboolean reported;
    GError *result;
    guint done_source;
    guint timeout_source;
} DhcpState;

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
        self->done_source = g_idle_add(report_done, self);
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

/* ---- the lease in the state directory ------------------------------------ */

static void
lease_save(DhcpState *self)
{
    g_autoptr(GKeyFile) kf = g_key_file_new();
    g_autoptr(GError) error = NULL;
    g_autofree char *dir = g_path_get_dirname(self->lease_path);
    GHashTableIter iter;
    gpointer key, value;

    g_hash_table_iter_init(&iter, self->data.dhcp_options);
    while (g_hash_table_iter_next(&iter, &key, &value))
        g_key_file_set_string(kf, LEASE_GROUP, key, value);
    if (g_mkdir_with_parents(dir, 0700) != 0 ||
        !g_key_file_save_to_file(kf, self->lease_path, &error))
        g_warning(_("ip: %s: cannot keep the %s lease in %s: %s"), self->ifname, tag(self),
                  self->lease_path, error ? error->message : g_strerror(errno));
}

/* The options of a lease kept by an earlier run, if it is still running
 * (not expired). */
static GHashTable *
lease_load(DhcpState *self)
{
    g_autoptr(GKeyFile) kf = g_key_file_new();
    g_auto(GStrv) keys = NULL;
    g_autoptr(GHashTable) options = NULL;
    const char *expiry;

    if (!g_key_file_load_from_file(kf, self->lease_path, G_KEY_FILE_NONE, NULL))
        return NULL;
    keys = g_key_file_get_keys(kf, LEASE_GROUP, NULL, NULL);
    options = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, g_free);
    for (guint i = 0; keys && keys[i]; i++)
        g_hash_table_insert(options, g_strdup(keys[i]),
                            g_key_file_get_string(kf, LEASE_GROUP, keys[i], NULL));
    expiry = g_hash_table_lookup(options, EXPIRY_KEY);
    if (!expiry || g_ascii_strtoll(expiry, NULL, 10) <= g_get_real_time() / G_USEC_PER_SEC)
        return NULL;
    return g_steal_pointer(&options);
}

/* ---- from options to configuration ------------------------------------------ */

static void
add_words(GPtrArray *to, const char *words)
{
    g_auto(GStrv) list = g_strsplit_set(words ? words : "", " ", -1);

    for (guint i = 0; list[i]; i++) {
        if (*list[i] && !g_ptr_array_find_with_equal_func(to, list[i], g_str_equal, NULL))
            g_ptr_array_add(to, g_strdup(list[i]));
    }
}

static guint32
option_u32(GHashTable *options, const char *name)
{
    const char *v = g_hash_table_lookup(options, name);

    return v ? (guint32)g_ascii_strtoull(v, NULL, 10) : 0;
}

/* A leased address's lifetime: what is left of the lease (a kept lease is
 * older than its options say). */
static guint32
remaining(GHashTable *options, guint32 lifetime)
{
    const char *expiry = g_hash_table_lookup(options, EXPIRY_KEY);
    gint64 left;

    if (!expiry || !lifetime)
        return lifetime;
    left = g_ascii_strtoll(expiry, NULL, 10) - g_get_real_time() / G_USEC_PER_SEC;
    return (guint32)CLAMP(left, 1, (gint64)lifetime);
}

/* "dest/plen gw dest/plen gw ..." (classless) or "dest gw ..." (static
 * routes, host routes).  The default route is the gateway's, not a route. */
static void
add_routes(DhcpState *self, GArray *routes, const char *list, gboolean classless,
           guint8 *default_gw, gboolean *has_default)
{
    g_auto(GStrv) words = g_strsplit_set(list ? list : "", " ", -1);

    for (guint i = 0; words[i] && words[i + 1]; i += 2) {
        BonddIpRoute r = {.family = AF_INET, .plen = 32, .metric = self->metric};
        g_auto(GStrv) dst = g_strsplit(words[i], "/", 2);

        if (classless && dst[1])
            r.plen = (guint8)atoi(dst[1]);
        if (!bondd_ip_parse(AF_INET, dst[0], r.dst) || r.plen > 32 ||
            !bondd_ip_parse(AF_INET, words[i + 1], r.gw))
            continue;
        r.has_gw = memcmp(r.gw, (guint8[4]){0}, 4) != 0;
        if (r.plen == 0) {
            if (!*has_default && r.has_gw) {
                memcpy(default_gw, r.gw, 4);
                *has_default = TRUE;
            }
            continue;
        }
        if (!self->ignore_routes)
            g_array_append_val(routes, r);
    }
}

/* What @options ask the kernel to hold, as NetworkManager reads a lease:
 * classless static routes (option 121) win over the Router and Static
 * Routes options (RFC 3442); ignore-auto-routes drops the routes but not the
 * gateway, never-default the gateway; ignore-auto-dns the name servers and
 * domains; the profile's own name servers and domains come first. */
static void
wanted_for(DhcpState *self, GHashTable *options, GArray *addrs, GArray *routes, char **gateway,
           GPtrArray *dns, GPtrArray *searches)
{
    guint8 gw[16] = {0};
    gboolean has_gw = FALSE;

    *gateway = NULL;
    for (guint i = 0; i < self->static_dns->len; i++)
        g_ptr_array_add(dns, g_strdup(self->static_dns->pdata[i]));
    for (guint i = 0; i < self->static_searches->len; i++)
        g_ptr_array_add(searches, g_strdup(self->static_searches->pdata[i]));
    if (!options)
        return;

    if (is_v4(self)) {
        BonddIpAddr a = {.family = AF_INET};
        guint32 lease = option_u32(options, "dhcp_lease_time");
        const char *classless = g_hash_table_lookup(options, "classless_static_routes");

        if (bondd_ip_parse(AF_INET, g_hash_table_lookup(options, "ip_address"), a.addr)) {
            a.prefix = (guint8)option_u32(options, "subnet_cidr");
            if (!a.prefix || a.prefix > 32)
                a.prefix = 24;
            a.valid_lft = a.preferred_lft = remaining(options, lease);
            g_array_append_val(addrs, a);
        }
        if (classless) {
            add_routes(self, routes, classless, TRUE, gw, &has_gw);
        } else {
            g_auto(GStrv) routers =
                g_strsplit(g_hash_table_lookup(options, "routers") ?: "", " ", 2);

            has_gw = bondd_ip_parse(AF_INET, routers[0], gw);
            add_routes(self, routes, g_hash_table_lookup(options, "static_routes"), FALSE, gw,
                       &has_gw);
        }
        if (!self->ignore_dns) {
            add_words(dns, g_hash_table_lookup(options, "domain_name_servers"));
            add_words(searches, g_hash_table_lookup(options, "domain_search"));
            if (!g_hash_table_lookup(options, "domain_search"))
                add_words(searches, g_hash_table_lookup(options, "domain_name"));
        }
    } else {
        BonddIpAddr a = {.family = AF_INET6, .prefix = 128};

        /* IA_NA 1, its first address: dhcpcd's names for what it leased. */
        if (bondd_ip_parse(AF_INET6, g_hash_table_lookup(options, "dhcp6_ia_na1_ia_addr1"),
                           a.addr)) {
            a.valid_lft = remaining(options, option_u32(options, "dhcp6_ia_na1_ia_addr1_vltime"));
            a.preferred_lft = MIN(a.valid_lft, option_u32(options, "dhcp6_ia_na1_ia_addr1_pltime"));
            g_array_append_val(addrs, a);
        }
        if (!self->ignore_dns) {
            add_words(dns, g_hash_table_lookup(options, "dhcp6_name_servers"));
            add_words(searches, g_hash_table_lookup(options, "dhcp6_domain_search"));
        }
    }
    if (has_gw && !self->never_default) {
        BonddIpRoute r = {.family = AF_INET, .has_gw = TRUE, .metric = self->metric};

        memcpy(r.gw, gw, 4);
        g_array_prepend_val(routes, r);
        *gateway = bondd_ip_to_string(AF_INET, gw);
    }
}

/* The lease's MTU (option 26) on the link while the lease lasts, as
 * NetworkManager does when the profile sets no MTU. */
static void
apply_mtu(DhcpState *self, GHashTable *options)
{
    guint32 mtu = options && is_v4(self) ? option_u32(options, "interface_mtu") : 0;
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
static gboolean
apply(DhcpState *self, GHashTable *options, GError **error)
{
    g_autoptr(GArray) addrs = g_array_new(FALSE, TRUE, sizeof(BonddIpAddr));
    g_autoptr(GArray) routes = g_array_new(FALSE, TRUE, sizeof(BonddIpRoute));
    g_autoptr(GPtrArray) dns = g_ptr_array_new_with_free_func(g_free);
    g_autoptr(GPtrArray) searches = g_ptr_array_new_with_free_func(g_free);
    g_autofree char *gateway = NULL;

    wanted_for(self, options, addrs, routes, &gateway, dns, searches);
    for (guint i = 0; i < self->data.routes->len; i++) {
        BonddIpRoute *r = &g_array_index(self->data.routes, BonddIpRoute, i);
        if (!bondd_ip_array_contains(routes, r, sizeof *r))
            bondd_ip_route_request(self->cache, self->ifindex, FALSE, r, RTPROT_DHCP, NULL);
    }
    for (guint i = 0; i < self->addrs->len; i++) {
        BonddIpAddr *a = &g_array_index(self->addrs, BonddIpAddr, i);
        gboolean kept = FALSE;

        for (guint j = 0; j < addrs->len; j++) {
            BonddIpAddr *b = &g_array_index(addrs, BonddIpAddr, j);
            kept |= memcmp(a->addr, b->addr, 16) == 0 && a->prefix == b->prefix;
        }
        if (!kept)
            bondd_ip_address_request(self->cache, self->ifindex, FALSE, a, NULL);
    }
    g_array_set_size(self->addrs, 0);
    g_array_set_size(self->data.routes, 0);
    g_clear_pointer(&self->data.gateway, g_free);
    g_ptr_array_unref(self->data.dns);
    g_ptr_array_unref(self->data.searches);
    self->data.dns = g_ptr_array_ref(dns);
    self->data.searches = g_ptr_array_ref(searches);
    apply_mtu(self, options);

    for (guint i = 0; i < addrs->len; i++) {
        BonddIpAddr *a = &g_array_index(addrs, BonddIpAddr, i);
        g_autoptr(GError) local = NULL;

        if (!bondd_ip_address_request(self->cache, self->ifindex, TRUE, a, &local)) {
            g_autofree char *s = bondd_ip_to_string(a->family, a->addr);
            g_set_error(error, BONDD_IP_ERROR, NM_DEVICE_STATE_REASON_CONFIG_FAILED,
                        _("%s: cannot add the leased address %s/%u: %s"), self->ifname, s,
                        a->prefix, local->message);
            return FALSE;
        }
        g_array_append_val(self->addrs, *a);
    }
    for (guint i = 0; i < routes->len; i++) {
        BonddIpRoute *r = &g_array_index(routes, BonddIpRoute, i);
        g_autoptr(GError) local = NULL;

        /* A route the server got wrong is logged; the lease still holds. */
        if (!bondd_ip_route_request(self->cache, self->ifindex, TRUE, r, RTPROT_DHCP, &local)) {
            g_autofree char *s = bondd_ip_route_to_string(r);
            g_warning(_("ip: %s: cannot add the leased route %s: %s"), self->ifname, s,
                      local->message);
            continue;
        }
        g_array_append_val(self->data.routes, *r);
    }
    self->data.gateway = g_steal_pointer(&gateway);
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
    guint32 lease = is_v4(self) ? option_u32(options, "dhcp_lease_time")
                                : option_u32(options, "dhcp6_ia_na1_ia_addr1_vltime");
    const char *address = is_v4(self) ? g_hash_table_lookup(options, "ip_address")
                                      : g_hash_table_lookup(options, "dhcp6_ia_na1_ia_addr1");

    set_options(self, options);
    /* NetworkManager shows when the lease ends. */
    if (lease)
        g_hash_table_insert(
            self->data.dhcp_options, g_strdup(EXPIRY_KEY),
            g_strdup_printf("%" G_GINT64_FORMAT, g_get_real_time() / G_USEC_PER_SEC + lease));
    if (!apply(self, self->data.dhcp_options, &error)) {
        report(self, g_steal_pointer(&error));
        return;
    }
    g_message(_("ip: %s: %s lease %s for %u s"), self->ifname, tag(self),
              address ? address : _("(options only)"), lease);
    lease_save(self);
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

    self->metric = metric >= 0 ? (guint32)metric : default_metric;
    self->never_default = nm_setting_ip_config_get_never_default(s_ip);
    self->ignore_routes = nm_setting_ip_config_get_ignore_auto_routes(s_ip);
    self->ignore_dns = nm_setting_ip_config_get_ignore_auto_dns(s_ip);
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
    g_ptr_array_set_size(self->static_dns, 0);
    g_ptr_array_set_size(self->static_searches, 0);
    for (guint i = 0; i < nm_setting_ip_config_get_num_dns(s_ip); i++)
        g_ptr_array_add(self->static_dns, g_strdup(nm_setting_ip_config_get_dns(s_ip, i)));
    for (guint i = 0; i < nm_setting_ip_config_get_num_dns_searches(s_ip); i++)
        g_ptr_array_add(self->static_searches,
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
    self->changed = ctx->changed;
    self->mode = mode;
    self->mtu_from_lease = ctx->mtu_from_lease;
    self->default_metric = ctx->default_metric;
    self->addrs = g_array_new(FALSE, TRUE, sizeof(BonddIpAddr));
    bondd_ip_data_init(&self->data, TRUE);
    self->static_dns = g_ptr_array_new_with_free_func(g_free);
    self->static_searches = g_ptr_array_new_with_free_func(g_free);
    self->done = done;
    self->done_data = user_data;
    self->lease_path = g_strdup_printf("%s/dhcp/%s.lease%c", ctx->config->state_dir, ctx->ifname,
                                       is_v4(self) ? '4' : '6');
    read_setting(self, s_ip, ctx->default_metric);

    /* A restarted bondd: the lease the link still holds stands until the
     * server confirms it (no address gap, no packet lost). */
    kept = lease_load(self);
    if (kept && link_has_address(self, kept)) {
        g_message(_("ip: %s: resuming the %s lease of %s"), self->ifname, tag(self),
                  (const char *)g_hash_table_lookup(kept, is_v4(self) ? "ip_address"
                                                                      : "dhcp6_ia_na1_ia_addr1"));
        set_options(self, kept);
        if (!apply(self, self->data.dhcp_options, &error))
            g_clear_error(&error);
        report(self, NULL);
    } else {
        g_clear_pointer(&kept, g_hash_table_unref);
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
            g_signal_connect(self->cache, "link-changed", G_CALLBACK(link_changed_cb), self);
    }
    return self;
}

static gpointer
dhcp_start(const BonddIpContext *ctx, NMSettingIPConfig *s_ip, BonddIpProviderDone done,
           gpointer user_data)
{
    return dhcp_start_mode(
        ctx, s_ip, ctx->family == AF_INET ? BONDD_DHCP_MODE_V4 : BONDD_DHCP_MODE_V6_STATEFUL, done,
        user_data);
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

/* What changes the DHCP client's own configuration (host name, client ID)
 * takes a new activation; the rest applies to the current lease now. */
static gboolean
dhcp_reapply(gpointer state, NMSettingIPConfig *s_ip, GError **error)
{
    DhcpState *self = state;

    read_setting(self, s_ip, self->default_metric);
    return apply(self, g_hash_table_size(self->data.dhcp_options) ? self->data.dhcp_options : NULL,
                 error);
}

static const BonddIpData *
dhcp_get_data(gpointer state)
{
    return &((DhcpState *)state)->data;
}

static void
dhcp_stop(gpointer state, gboolean remove_from_kernel)
{
    DhcpState *self = state;

    /* Taken down: the lease is released (NetworkManager sends a RELEASE
     * when it deconfigures) and forgotten.  Otherwise (bondd exits, the
     * link is gone) the lease stays for the next run. */
    g_clear_signal_handler(&self->carrier_handler, self->cache);
    bondd_dhcp_client_stop(self->client, remove_from_kernel);
    if (remove_from_kernel) {
        apply(self, NULL, NULL);
        g_unlink(self->lease_path);
    }
    g_clear_handle_id(&self->done_source, g_source_remove);
    g_clear_handle_id(&self->timeout_source, g_source_remove);
    g_clear_error(&self->result);
    g_object_unref(self->cache);
    g_free(self->ifname);
    g_free(self->hostname);
    g_free(self->client_id);
    g_free(self->iaid);
    g_free(self->lease_path);
    g_free(self->request_address);
    g_ptr_array_unref(self->static_dns);
    g_ptr_array_unref(self->static_searches);
    g_array_unref(self->addrs);
    bondd_ip_data_clear(&self->data);
    g_free(self);
}

const BonddIpProvider bondd_ip_dhcp_provider = {
    .name = "dhcp",
    .start = dhcp_start,
    .reapply = dhcp_reapply,
    .get_data = dhcp_get_data,
    .stop = dhcp_stop,
};
