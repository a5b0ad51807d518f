/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Static addressing (ipvX.method manual) as an IP provider: the profile's
 * addresses, gateway and routes applied over rtnetlink.  It is ready as
 * soon as the kernel took them; it says so from the main loop like any
 * provider that has to wait.
 */
#include "config.h"

#include "ip-netlink.h"

#include <glib/gi18n.h>
#include <string.h>
#include <linux/rtnetlink.h>

/* A static address (permanent). */
typedef struct {
    int family;
    guint8 addr[16];
    guint8 prefix;
} Addr;

typedef struct {
    BonddLinkCache *cache;
    int ifindex;
    char *ifname;
    int family;
    guint32 default_metric;
    GArray *addrs; /* Addr we added */
    BonddIpData data;
    BonddIpProviderDone done;
    gpointer done_data;
    GError *result; /* for done */
    guint done_source;
} StaticState;

static gboolean
address_request(StaticState *self, int type, const Addr *a, GError **error)
{
    BonddIpAddressRequest req = {
        .family = a->family,
        .plen = a->prefix,
        .valid = BONDD_IP_LIFETIME_FOREVER,
        .preferred = BONDD_IP_LIFETIME_FOREVER,
    };

    memcpy(req.addr, a->addr, sizeof req.addr);
    return bondd_ip_netlink_address(self->cache, type, self->ifindex, &req, error);
}

static gboolean
route_request(StaticState *self, int type, const BonddIpRoute *r, GError **error)
{
    return bondd_ip_netlink_route(self->cache, type, self->ifindex, r, NULL, error);
}

/* ---- what the setting asks for ----------------------------------------------- */

static void
wanted_for(StaticState *self, NMSettingIPConfig *s_ip, GArray *addrs, GArray *routes,
           char **out_gateway)
{
    gint64 metric = nm_setting_ip_config_get_route_metric(s_ip);
    guint32 default_metric = metric >= 0 ? (guint32)metric : self->default_metric;

    *out_gateway = NULL;
    g_ptr_array_set_size(self->data.dns, 0);
    g_ptr_array_set_size(self->data.searches, 0);
    for (guint i = 0; i < nm_setting_ip_config_get_num_addresses(s_ip); i++) {
        NMIPAddress *ia = nm_setting_ip_config_get_address(s_ip, i);
        Addr a = {.family = self->family, .prefix = nm_ip_address_get_prefix(ia)};
        if (bondd_ip_parse(self->family, nm_ip_address_get_address(ia), a.addr))
            g_array_append_val(addrs, a);
    }
    if (nm_setting_ip_config_get_gateway(s_ip) && !nm_setting_ip_config_get_never_default(s_ip)) {
        BonddIpRoute r = {
            .family = self->family, .plen = 0, .has_gw = TRUE, .metric = default_metric};
        if (bondd_ip_parse(self->family, nm_setting_ip_config_get_gateway(s_ip), r.gw)) {
            g_array_append_val(routes, r);
            *out_gateway = g_strdup(nm_setting_ip_config_get_gateway(s_ip));
        }
    }
    for (guint i = 0; i < nm_setting_ip_config_get_num_routes(s_ip); i++) {
        NMIPRoute *ir = nm_setting_ip_config_get_route(s_ip, i);
        gint64 m = nm_ip_route_get_metric(ir);
        BonddIpRoute r = {.family = self->family,
                          .plen = nm_ip_route_get_prefix(ir),
                          .metric = m >= 0 ? (guint32)m : default_metric};
        if (!bondd_ip_parse(self->family, nm_ip_route_get_dest(ir), r.dst))
            continue;
        r.has_gw = bondd_ip_parse(self->family, nm_ip_route_get_next_hop(ir), r.gw);
        g_array_append_val(routes, r);
    }
    for (guint i = 0; i < nm_setting_ip_config_get_num_dns(s_ip); i++)
        g_ptr_array_add(self->data.dns, g_strdup(nm_setting_ip_config_get_dns(s_ip, i)));
    for (guint i = 0; i < nm_setting_ip_config_get_num_dns_searches(s_ip); i++)
        g_ptr_array_add(self->data.searches,
                        g_strdup(nm_setting_ip_config_get_dns_search(s_ip, i)));
}

/* Make the kernel hold what @s_ip asks for; what an earlier apply added and
 * is no longer wanted goes. */
static gboolean
apply(StaticState *self, NMSettingIPConfig *s_ip, GError **error)
{
    g_autoptr(GArray) addrs = g_array_new(FALSE, TRUE, sizeof(Addr));
    g_autoptr(GArray) routes = g_array_new(FALSE, TRUE, sizeof(BonddIpRoute));
    g_autofree char *gateway = NULL;

    wanted_for(self, s_ip, addrs, routes, &gateway);
    for (guint i = 0; i < self->data.routes->len; i++) {
        BonddIpRoute *r = &g_array_index(self->data.routes, BonddIpRoute, i);
        if (!bondd_ip_array_contains(routes, r, sizeof *r))
            route_request(self, RTM_DELROUTE, r, NULL);
    }
    for (guint i = 0; i < self->addrs->len; i++) {
        Addr *a = &g_array_index(self->addrs, Addr, i);
        if (!bondd_ip_array_contains(addrs, a, sizeof *a))
            address_request(self, RTM_DELADDR, a, NULL);
    }
    g_array_set_size(self->addrs, 0);
    g_array_set_size(self->data.routes, 0);
    g_clear_pointer(&self->data.gateway, g_free);

    for (guint i = 0; i < addrs->len; i++) {
        Addr *a = &g_array_index(addrs, Addr, i);
        g_autoptr(GError) local = NULL;
        if (!address_request(self, RTM_NEWADDR, a, &local)) {
            g_autofree char *s = bondd_ip_addr_to_string(a->family, a->addr);
            g_set_error(error, local->domain, local->code, _("cannot add address %s/%u: %s"), s,
                        a->prefix, local->message);
            return FALSE;
        }
        g_array_append_val(self->addrs, *a);
    }
    for (guint i = 0; i < routes->len; i++) {
        BonddIpRoute *r = &g_array_index(routes, BonddIpRoute, i);
        g_autoptr(GError) local = NULL;
        if (!route_request(self, RTM_NEWROUTE, r, &local)) {
            g_autofree char *s = bondd_ip_route_to_string(r);
            g_set_error(error, local->domain, local->code, _("cannot add route %s: %s"), s,
                        local->message);
            return FALSE;
        }
        g_array_append_val(self->data.routes, *r);
    }
    self->data.gateway = g_steal_pointer(&gateway);
    return TRUE;
}

/* ---- the provider ------------------------------------------------------------ */

static gboolean
report_done(gpointer user_data)
{
    StaticState *self = user_data;
    g_autoptr(GError) result = g_steal_pointer(&self->result);

    self->done_source = 0;
    self->done(self->done_data, result);
    return G_SOURCE_REMOVE;
}

static gpointer
static_start(const BonddIpContext *ctx, NMSettingIPConfig *s_ip, BonddIpProviderDone done,
             gpointer user_data)
{
    StaticState *self = g_new0(StaticState, 1);

    self->cache = g_object_ref(ctx->cache);
    self->ifindex = ctx->ifindex;
    self->ifname = g_strdup(ctx->ifname);
    self->family = ctx->family;
    self->default_metric = ctx->default_metric;
    self->addrs = g_array_new(FALSE, TRUE, sizeof(Addr));
    bondd_ip_data_init(&self->data, FALSE);
    self->done = done;
    self->done_data = user_data;
    if (!apply(self, s_ip, &self->result))
        g_prefix_error(&self->result, "%s: ", self->ifname);
    self->done_source = bondd_ip_report_later(report_done, self);
    return self;
}

static gboolean
static_reapply(gpointer state, NMSettingIPConfig *s_ip, GError **error)
{
    return apply(state, s_ip, error);
}

static const BonddIpData *
static_get_data(gpointer state)
{
    return &((StaticState *)state)->data;
}

static void
static_stop(gpointer state, gboolean remove_from_kernel)
{
    StaticState *self = state;

    if (remove_from_kernel) {
        for (guint i = 0; i < self->data.routes->len; i++)
            route_request(self, RTM_DELROUTE, &g_array_index(self->data.routes, BonddIpRoute, i),
                          NULL);
        for (guint i = 0; i < self->addrs->len; i++)
            address_request(self, RTM_DELADDR, &g_array_index(self->addrs, Addr, i), NULL);
    }
    g_clear_handle_id(&self->done_source, g_source_remove);
    g_clear_error(&self->result);
    g_object_unref(self->cache);
    g_free(self->ifname);
    g_array_unref(self->addrs);
    bondd_ip_data_clear(&self->data);
    g_free(self);
}

const BonddIpProvider bondd_ip_static_provider = {
    .name = "static",
    .start = static_start,
    .reapply = static_reapply,
    .get_data = static_get_data,
    .stop = static_stop,
};
