/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The IP configuration of an activating device (see ip-config.h): one
 * provider per address family, chosen by the profile's method, and the
 * IP4Config / IP6Config D-Bus objects describing the result (addresses as
 * the kernel reports them, live; the rest as the provider configured it).
 */
#include "config.h"

#include "ip-config.h"

#include <glib/gi18n.h>
#include <string.h>
#include <arpa/inet.h>

#include "dns-manager.h"
#include "ip-provider.h"
#include "ip6-link-settings.h"

typedef struct {
    BonddIpConfig *owner;
    int family;
    char *path;
    NMDBusObjectSkeleton *object;
    NMDBusIP4Config *ip4;
    NMDBusIP6Config *ip6;
    /* DHCP4Config/DHCP6Config, while a DHCP provider runs. */
    char *dhcp_path;
    NMDBusObjectSkeleton *dhcp_object;
    NMDBusDhcp4Config *dhcp4;
    NMDBusDhcp6Config *dhcp6;
    const BonddIpProvider *provider; /* NULL: the method configures nothing */
    gpointer state;                  /* the provider's */
    gboolean may_fail;               /* ipvX.may-fail */
    gboolean ready;
    GError *error;
    gboolean configures; /* its method configures something (not disabled/ignore) */
    /* A provider's state releasing (BonddIpProvider.release) */
    const BonddIpProvider *releasing_provider;
    gpointer releasing;
    /* ipv6.method auto: DHCPv6 the routers asked for (their M or O flag),
     * run by the DHCP provider beside router discovery. */
    NMSettingIPConfig *setting; /* the profile's, for starting it */
    BonddDhcp6Level dhcp6_level;
    gpointer dhcp6_state; /* bondd_ip_dhcp6_start()'s */
} Family;

struct _BonddIpConfig {
    BonddDaemon *daemon;
    BonddLinkCache *cache;
    int ifindex;
    char *ifname;
    guint32 default_metric;
    char *state_dir;
    char *network_id; /* the profile's UUID */
    Family v4, v6;
    gulong addresses_handler;
    BonddIp6LinkSaved *ip6_saved; /* the kernel's IPv6 switches before us */
    BonddIpConfigReadyFunc ready;
    BonddIpConfigChangedFunc changed;
    gpointer ready_data;
    guint ready_source;
    gboolean mtu_from_lease;
    /* bondd_ip_config_release() under way: told when no family releases. */
    BonddIpConfigReleasedFunc released;
    gpointer released_data;
    GError *result; /* for ready */
    gboolean reported;
};

/* Which provider configures which method, the first match winning.
 * Methods not listed configure nothing (disabled, ignore, shared...); for
 * IPv6 the kernel switches are set all the same (ip6-link-settings.c). */
static const struct {
    const char *method;
    int family; /* AF_UNSPEC: both */
    const BonddIpProvider *provider;
} providers[] = {
    {NM_SETTING_IP6_CONFIG_METHOD_AUTO, AF_INET6, &bondd_ip_auto6_provider},
    {NM_SETTING_IP6_CONFIG_METHOD_LINK_LOCAL, AF_INET6, &bondd_ip_ll6_provider},
    {NM_SETTING_IP6_CONFIG_METHOD_MANUAL, AF_INET6, &bondd_ip_manual6_provider},
    {NM_SETTING_IP4_CONFIG_METHOD_MANUAL, AF_UNSPEC, &bondd_ip_static_provider},
    {NM_SETTING_IP4_CONFIG_METHOD_AUTO, AF_INET, &bondd_ip_dhcp_provider},
    {NM_SETTING_IP6_CONFIG_METHOD_DHCP, AF_INET6, &bondd_ip_dhcp_provider},
};

static char *
addr_to_string(int family, const guint8 *addr)
{
    char buf[INET6_ADDRSTRLEN];

    return g_strdup(inet_ntop(family, addr, buf, sizeof buf));
}

static const BonddIpData *
family_data(Family *f)
{
    static BonddIpData none;

    if (f->provider && f->state)
        return f->provider->get_data(f->state);
    return &none;
}

/* ---- D-Bus properties ---------------------------------------------------- */

static GVariant *
route_data(Family *f, const BonddIpData *d)
{
    GVariantBuilder b;

    g_variant_builder_init(&b, G_VARIANT_TYPE("aa{sv}"));
    for (guint i = 0; d->routes && i < d->routes->len; i++) {
        BonddIpRoute *r = &g_array_index(d->routes, BonddIpRoute, i);
        g_autofree char *dst = addr_to_string(f->family, r->dst);

        g_variant_builder_open(&b, G_VARIANT_TYPE_VARDICT);
        g_variant_builder_add(&b, "{sv}", "dest", g_variant_new_string(dst));
        g_variant_builder_add(&b, "{sv}", "prefix", g_variant_new_uint32(r->plen));
        if (r->has_gw) {
            g_autofree char *gw = addr_to_string(f->family, r->gw);
            g_variant_builder_add(&b, "{sv}", "next-hop", g_variant_new_string(gw));
        }
        g_variant_builder_add(&b, "{sv}", "metric", g_variant_new_uint32(r->metric));
        g_variant_builder_close(&b);
    }
    return g_variant_builder_end(&b);
}

static void
update_properties(BonddIpConfig *self, Family *f)
{
    g_autoptr(GArray) addrs = bondd_link_cache_get_addresses(self->cache, self->ifindex, f->family);
    const BonddIpData *d = family_data(f);
    g_autoptr(GPtrArray) searches = g_ptr_array_new();
    GVariantBuilder data, legacy, dns_data, dns_legacy, routes_legacy;
    const char *gateway = d->gateway ? d->gateway : "";
    guint8 gw_bin[16] = {0};
    /* As NetworkManager: search lists (ipvX.dns-search, DNSSL, a DHCP
     * server's) are Searches; Domains holds a DHCP server's domain name. */
    g_autoptr(GPtrArray) domains = g_ptr_array_new();

    if (d->gateway)
        inet_pton(f->family, d->gateway, gw_bin);
    for (guint i = 0; d->searches && i < d->searches->len; i++)
        g_ptr_array_add(searches, d->searches->pdata[i]);
    g_ptr_array_add(searches, NULL);
    for (guint i = 0; d->domains && i < d->domains->len; i++)
        g_ptr_array_add(domains, d->domains->pdata[i]);
    g_ptr_array_add(domains, NULL);

    g_variant_builder_init(&data, G_VARIANT_TYPE("aa{sv}"));
    if (f->family == AF_INET)
        g_variant_builder_init(&legacy, G_VARIANT_TYPE("aau"));
    else
        g_variant_builder_init(&legacy, G_VARIANT_TYPE("a(ayuay)"));
    for (guint i = 0; i < addrs->len; i++) {
        const BonddAddress *a = &g_array_index(addrs, BonddAddress, i);
        g_autofree char *s = addr_to_string(f->family, a->addr);

        g_variant_builder_open(&data, G_VARIANT_TYPE_VARDICT);
        g_variant_builder_add(&data, "{sv}", "address", g_variant_new_string(s));
        g_variant_builder_add(&data, "{sv}", "prefix", g_variant_new_uint32(a->prefixlen));
        g_variant_builder_close(&data);
        if (f->family == AF_INET) {
            guint32 v[3];
            memcpy(&v[0], a->addr, 4);
            v[1] = a->prefixlen;
            memcpy(&v[2], gw_bin, 4);
            g_variant_builder_add_value(
                &legacy, g_variant_new_fixed_array(G_VARIANT_TYPE_UINT32, v, 3, sizeof(guint32)));
        } else {
            g_variant_builder_add_value(
                &legacy,
                g_variant_new("(@ayu@ay)",
                              g_variant_new_fixed_array(G_VARIANT_TYPE_BYTE, a->addr, 16, 1),
                              (guint32)a->prefixlen,
                              g_variant_new_fixed_array(G_VARIANT_TYPE_BYTE, gw_bin, 16, 1)));
        }
    }

    if (f->family == AF_INET) {
        g_variant_builder_init(&dns_data, G_VARIANT_TYPE("aa{sv}"));
        g_variant_builder_init(&dns_legacy, G_VARIANT_TYPE("au"));
        g_variant_builder_init(&routes_legacy, G_VARIANT_TYPE("aau"));
    } else {
        g_variant_builder_init(&dns_legacy, G_VARIANT_TYPE("aay"));
        g_variant_builder_init(&routes_legacy, G_VARIANT_TYPE("a(ayuayu)"));
    }
    for (guint i = 0; d->dns && i < d->dns->len; i++) {
        guint8 bin[16] = {0};
        if (inet_pton(f->family, d->dns->pdata[i], bin) != 1)
            continue;
        if (f->family == AF_INET) {
            guint32 v;
            memcpy(&v, bin, 4);
            g_variant_builder_open(&dns_data, G_VARIANT_TYPE_VARDICT);
            g_variant_builder_add(&dns_data, "{sv}", "address",
                                  g_variant_new_string(d->dns->pdata[i]));
            g_variant_builder_close(&dns_data);
            g_variant_builder_add(&dns_legacy, "u", v);
        } else {
            g_variant_builder_add_value(&dns_legacy,
                                        g_variant_new_fixed_array(G_VARIANT_TYPE_BYTE, bin, 16, 1));
        }
    }
    for (guint i = 0; d->routes && i < d->routes->len; i++) {
        BonddIpRoute *r = &g_array_index(d->routes, BonddIpRoute, i);
        if (f->family == AF_INET) {
            guint32 v[4];
            memcpy(&v[0], r->dst, 4);
            v[1] = r->plen;
            memcpy(&v[2], r->gw, 4);
            v[3] = r->metric;
            g_variant_builder_add_value(
                &routes_legacy,
                g_variant_new_fixed_array(G_VARIANT_TYPE_UINT32, v, 4, sizeof(guint32)));
        } else {
            g_variant_builder_add_value(
                &routes_legacy,
                g_variant_new(
                    "(@ayu@ayu)", g_variant_new_fixed_array(G_VARIANT_TYPE_BYTE, r->dst, 16, 1),
                    (guint32)r->plen, g_variant_new_fixed_array(G_VARIANT_TYPE_BYTE, r->gw, 16, 1),
                    r->metric));
        }
    }

    if (f->ip4) {
        nmdbus_ip4_config_set_address_data(f->ip4, g_variant_builder_end(&data));
        nmdbus_ip4_config_set_addresses(f->ip4, g_variant_builder_end(&legacy));
        nmdbus_ip4_config_set_gateway(f->ip4, gateway);
        nmdbus_ip4_config_set_route_data(f->ip4, route_data(f, d));
        nmdbus_ip4_config_set_routes(f->ip4, g_variant_builder_end(&routes_legacy));
        nmdbus_ip4_config_set_nameserver_data(f->ip4, g_variant_builder_end(&dns_data));
        nmdbus_ip4_config_set_nameservers(f->ip4, g_variant_builder_end(&dns_legacy));
        nmdbus_ip4_config_set_searches(f->ip4, (const char *const *)searches->pdata);
        nmdbus_ip4_config_set_domains(f->ip4, (const char *const *)domains->pdata);
    } else {
        nmdbus_ip6_config_set_address_data(f->ip6, g_variant_builder_end(&data));
        nmdbus_ip6_config_set_addresses(f->ip6, g_variant_builder_end(&legacy));
        nmdbus_ip6_config_set_gateway(f->ip6, gateway);
        nmdbus_ip6_config_set_route_data(f->ip6, route_data(f, d));
        nmdbus_ip6_config_set_routes(f->ip6, g_variant_builder_end(&routes_legacy));
        nmdbus_ip6_config_set_nameservers(f->ip6, g_variant_builder_end(&dns_legacy));
        nmdbus_ip6_config_set_searches(f->ip6, (const char *const *)searches->pdata);
        nmdbus_ip6_config_set_domains(f->ip6, (const char *const *)domains->pdata);
    }
}

/* DHCP4Config/DHCP6Config: exported while the family's provider is DHCP's,
 * its Options the lease's (NetworkManager's a{sv} of strings). */
static void
update_dhcp(BonddIpConfig *self, Family *f)
{
    const BonddIpData *d =
        f->dhcp6_state ? bondd_ip_dhcp_provider.get_data(f->dhcp6_state) : family_data(f);
    GVariantBuilder b;
    GHashTableIter iter;
    gpointer key, value;

    if (!d->dhcp_options) {
        if (f->dhcp_object)
            g_dbus_object_manager_server_unexport(self->daemon->object_manager, f->dhcp_path);
        g_clear_object(&f->dhcp4);
        g_clear_object(&f->dhcp6);
        g_clear_object(&f->dhcp_object);
        g_clear_pointer(&f->dhcp_path, g_free);
        return;
    }
    g_variant_builder_init(&b, G_VARIANT_TYPE_VARDICT);
    g_hash_table_iter_init(&iter, d->dhcp_options);
    while (g_hash_table_iter_next(&iter, &key, &value))
        g_variant_builder_add(&b, "{sv}", key, g_variant_new_string(value));
    if (!f->dhcp_object) {
        f->dhcp_path = bondd_daemon_next_object_path(
            self->daemon, f->family == AF_INET ? "DHCP4Config" : "DHCP6Config");
        f->dhcp_object = nmdbus_object_skeleton_new(f->dhcp_path);
        if (f->family == AF_INET) {
            f->dhcp4 = nmdbus_dhcp4_config_skeleton_new();
            nmdbus_object_skeleton_set_dhcp4_config(f->dhcp_object, f->dhcp4);
        } else {
            f->dhcp6 = nmdbus_dhcp6_config_skeleton_new();
            nmdbus_object_skeleton_set_dhcp6_config(f->dhcp_object, f->dhcp6);
        }
    }
    if (f->dhcp4)
        nmdbus_dhcp4_config_set_options(f->dhcp4, g_variant_builder_end(&b));
    else
        nmdbus_dhcp6_config_set_options(f->dhcp6, g_variant_builder_end(&b));
    g_dbus_object_manager_server_export(self->daemon->object_manager,
                                        G_DBUS_OBJECT_SKELETON(f->dhcp_object));
}

/* Everything a family shows, and the name servers it brings. */
static void
update_family(BonddIpConfig *self, Family *f)
{
    const BonddIpData *d = family_data(f);
    g_autoptr(GPtrArray) dns = g_ptr_array_new();
    g_autoptr(GPtrArray) searches = g_ptr_array_new();

    update_properties(self, f);
    update_dhcp(self, f);
    if (!self->daemon->dns)
        return;
    /* DHCPv6 beside router discovery adds its name servers and domains. */
    if (d->dns)
        g_ptr_array_extend(dns, d->dns, NULL, NULL);
    if (d->searches)
        g_ptr_array_extend(searches, d->searches, NULL, NULL);
    if (f->dhcp6_state) {
        const BonddIpData *d6 = bondd_ip_dhcp_provider.get_data(f->dhcp6_state);

        g_ptr_array_extend(dns, d6->dns, NULL, NULL);
        g_ptr_array_extend(searches, d6->searches, NULL, NULL);
    }
    /* NetworkManager's rule: the domains are searched when nothing names
     * a search list, or when there are several of them. */
    if (d->domains && (searches->len == 0 || d->domains->len > 1))
        g_ptr_array_extend(searches, d->domains, NULL, NULL);
    bondd_dns_manager_set(self->daemon->dns, f, self->ifname, f->family, dns, searches,
                          d->gateway != NULL);
}

static void
addresses_changed_cb(BonddLinkCache *cache, int ifindex, gpointer user_data)
{
    BonddIpConfig *self = user_data;

    if (ifindex != self->ifindex)
        return;
    update_properties(self, &self->v4);
    update_properties(self, &self->v6);
}

static void
family_init(BonddIpConfig *self, Family *f, int family)
{
    static const char *const empty[] = {NULL};

    f->owner = self;
    f->family = family;
    f->path =
        bondd_daemon_next_object_path(self->daemon, family == AF_INET ? "IP4Config" : "IP6Config");
    f->object = nmdbus_object_skeleton_new(f->path);
    if (family == AF_INET) {
        f->ip4 = nmdbus_ip4_config_skeleton_new();
        nmdbus_ip4_config_set_dns_options(f->ip4, empty);
        nmdbus_ip4_config_set_wins_server_data(f->ip4, empty);
        nmdbus_ip4_config_set_wins_servers(
            f->ip4, g_variant_new_fixed_array(G_VARIANT_TYPE_UINT32, NULL, 0, sizeof(guint32)));
        nmdbus_object_skeleton_set_ip4_config(f->object, f->ip4);
    } else {
        f->ip6 = nmdbus_ip6_config_skeleton_new();
        nmdbus_ip6_config_set_dns_options(f->ip6, empty);
        nmdbus_object_skeleton_set_ip6_config(f->object, f->ip6);
    }
    update_properties(self, f);
    g_dbus_object_manager_server_export(self->daemon->object_manager,
                                        G_DBUS_OBJECT_SKELETON(f->object));
}

static void
family_stop(Family *f, gboolean remove_from_kernel)
{
    /* A release under way is cut short: no waiting any more. */
    if (f->releasing)
        f->releasing_provider->stop(f->releasing, remove_from_kernel);
    f->releasing = NULL;
    f->releasing_provider = NULL;
    if (f->provider && f->state)
        f->provider->stop(f->state, remove_from_kernel);
    if (f->dhcp6_state)
        bondd_ip_dhcp_provider.stop(f->dhcp6_state, remove_from_kernel);
    f->dhcp6_state = NULL;
    f->dhcp6_level = BONDD_DHCP6_NONE;
    g_clear_object(&f->setting);
    f->provider = NULL;
    f->state = NULL;
    f->ready = FALSE;
    g_clear_error(&f->error);
}

static void
family_clear(BonddIpConfig *self, Family *f)
{
    family_stop(f, FALSE);
    update_dhcp(self, f);
    if (self->daemon->dns)
        bondd_dns_manager_remove(self->daemon->dns, f);
    if (f->object)
        g_dbus_object_manager_server_unexport(self->daemon->object_manager, f->path);
    g_clear_object(&f->ip4);
    g_clear_object(&f->ip6);
    g_clear_object(&f->object);
    g_clear_pointer(&f->path, g_free);
}

BonddIpConfig *
bondd_ip_config_new(BonddDaemon *daemon, BonddLinkCache *cache, int ifindex, const char *ifname,
                    guint32 default_metric)
{
    BonddIpConfig *self = g_new0(BonddIpConfig, 1);

    self->daemon = daemon;
    self->state_dir = g_strdup(daemon->config ? daemon->config->state_dir : NULL);
    self->cache = g_object_ref(cache);
    self->ifindex = ifindex;
    self->ifname = g_strdup(ifname);
    self->default_metric = default_metric;
    family_init(self, &self->v4, AF_INET);
    family_init(self, &self->v6, AF_INET6);
    self->addresses_handler =
        g_signal_connect(cache, "addresses-changed", G_CALLBACK(addresses_changed_cb), self);
    return self;
}

void
bondd_ip_config_free(BonddIpConfig *self)
{
    if (!self)
        return;
    g_clear_handle_id(&self->ready_source, g_source_remove);
    g_clear_error(&self->result);
    g_clear_signal_handler(&self->addresses_handler, self->cache);
    family_clear(self, &self->v4);
    family_clear(self, &self->v6);
    bondd_ip6_link_saved_free(self->ip6_saved);
    g_object_unref(self->cache);
    g_free(self->ifname);
    g_free(self->state_dir);
    g_free(self->network_id);
    g_free(self);
}

const char *
bondd_ip_config_get_path(BonddIpConfig *self, int family)
{
    return family == AF_INET ? self->v4.path : self->v6.path;
}

const char *
bondd_ip_config_get_dhcp_path(BonddIpConfig *self, int family)
{
    return family == AF_INET ? self->v4.dhcp_path : self->v6.dhcp_path;
}

gboolean
bondd_ip_config_has_default_route(BonddIpConfig *self, int family)
{
    return family_data(family == AF_INET ? &self->v4 : &self->v6)->gateway != NULL;
}

/* ---- providers ------------------------------------------------------------- */

static NMSettingIPConfig *
setting_for(NMConnection *connection, int family)
{
    return family == AF_INET ? nm_connection_get_setting_ip4_config(connection)
                             : nm_connection_get_setting_ip6_config(connection);
}

static const BonddIpProvider *
provider_for(NMSettingIPConfig *s_ip, int family)
{
    const char *method = s_ip ? nm_setting_ip_config_get_method(s_ip) : NULL;

    for (guint i = 0; method && i < G_N_ELEMENTS(providers); i++) {
        if (strcmp(providers[i].method, method) == 0 &&
            (providers[i].family == AF_UNSPEC || providers[i].family == family))
            return providers[i].provider;
    }
    return NULL;
}

/* After the activation: whether what the families lost leaves the device
 * without IP configuration it may not do without (NetworkManager's rule,
 * as check_ready()'s): the error that says why, or NULL. */
static const GError *
fatal_error(BonddIpConfig *self)
{
    Family *fs[] = {&self->v4, &self->v6};

    for (guint i = 0; i < G_N_ELEMENTS(fs); i++) {
        if (fs[i]->error && !fs[i]->may_fail)
            return fs[i]->error;
    }
    if (!self->v4.error && !self->v6.error)
        return NULL;
    for (guint i = 0; i < G_N_ELEMENTS(fs); i++) {
        if (fs[i]->configures && !fs[i]->error)
            return NULL;
    }
    return self->v4.error ? self->v4.error : self->v6.error;
}

static void
refresh(BonddIpConfig *self)
{
    /* The kernel's notifications may lag: read the addresses back now. */
    bondd_link_cache_refresh_addresses(self->cache);
    update_family(self, &self->v4);
    update_family(self, &self->v6);
}
static gboolean
report_ready(gpointer user_data)
{
    BonddIpConfig *self = user_data;
    g_autoptr(GError) error = g_steal_pointer(&self->result);
    BonddIpConfigReadyFunc ready = self->ready;

    self->ready_source = 0;
    self->ready = NULL;
    refresh(self);
    if (ready) {
        self->reported = TRUE;
        ready(self->ready_data, error);
    }
    return G_SOURCE_REMOVE;
}

/* Ready (@failed NULL) or failed with @failed's error, from the main loop. */
static void
schedule_report(BonddIpConfig *self, Family *failed)
{
    if (self->ready_source || self->reported)
        return;
    self->result = failed ? g_error_copy(failed->error) : NULL;
    self->ready_source = bondd_ip_report_later(report_ready, self);
}

/* NetworkManager's rule: a family with may-fail "no" must succeed; the
 * device is IP-ready as soon as one family that configures something has,
 * and no family that must is still pending; with no such family left, it
 * failed.  Families whose method configures nothing count neither way. */
static void
check_ready(BonddIpConfig *self)
{
    Family *families[] = {&self->v4, &self->v6};
    Family *last_failed = NULL;
    gboolean any_ready = FALSE, blocking = FALSE, any_alive = FALSE, any = FALSE;

    for (guint i = 0; i < G_N_ELEMENTS(families); i++) {
        Family *f = families[i];

        if (!f->provider)
            continue;
        any = TRUE;
        if (f->error && !f->may_fail) {
            schedule_report(self, f);
            return;
        }
        if (f->error)
            last_failed = f;
        any_ready |= f->ready;
        any_alive |= !f->error;
        blocking |= !f->ready && !f->may_fail;
    }
    if (!any || (any_ready && !blocking))
        schedule_report(self, NULL);
    else if (!any_alive)
        schedule_report(self, last_failed);
}

static void
family_done(gpointer user_data, const GError *error)
{
    Family *f = user_data;
    BonddIpConfig *self = f->owner;

    if (error && self->reported) {
        /* After the device was ready: a family that may fail did. */
        g_message(_("ip: %s"), error->message);
        return;
    }
    if (error && !f->error)
        f->error = g_error_copy(error);
    f->ready = !error;
    if (error && f->may_fail)
        g_message(_("ip: %s: %s (ipv%c.may-fail: the activation goes on)"), f->owner->ifname,
                  error->message, f->family == AF_INET ? '4' : '6');
    check_ready(self);
}

static void family_context(BonddIpConfig *self, Family *f, BonddIpContext *ctx);

/* DHCPv6 beside router discovery: its first lease or a later one, or its
 * failure or loss -- only logged, the addresses from SLAAC still count (as
 * in NetworkManager). */
static void
dhcp6_news(gpointer user_data, const GError *error)
{
    Family *f = user_data;

    if (error)
        g_message(_("ip: %s: DHCPv6 the router asked for: %s"), f->owner->ifname, error->message);
    refresh(f->owner);
}

/* The auto6 provider's hook for the router's M/O flags: stateful DHCPv6
 * (M) or information-only (O) starts beside the router discovery, as
 * NetworkManager does for ipv6.method auto; O rising to M starts it again
 * stateful. */
static void
ip_config_request_dhcp6(gpointer owner, BonddDhcp6Level level)
{
    Family *f = owner;
    BonddIpContext ctx;

    if (level <= f->dhcp6_level || !f->setting)
        return;
    if (f->dhcp6_state)
        bondd_ip_dhcp_provider.stop(f->dhcp6_state, FALSE);
    f->dhcp6_level = level;
    g_message(_("ip: %s: the router asks for %s DHCPv6"), f->owner->ifname,
              level == BONDD_DHCP6_MANAGED ? "stateful" : "information-only");
    family_context(f->owner, f, &ctx);
    ctx.changed_or_lost = dhcp6_news;
    f->dhcp6_state =
        bondd_ip_dhcp6_start(&ctx, f->setting, level == BONDD_DHCP6_OTHERCONF, dhcp6_news, f);
}

/* A provider's configuration changed after it was ready (auto6). */
static void
ip_config_changed(gpointer owner)
{
    Family *f = owner;

    update_family(f->owner, f);
}

/* A provider's configuration changed after it was ready (a renewed or lost
 * lease): shown at once; a loss the profile cannot do without ends the
 * activation. */
static void
family_changed(gpointer user_data, const GError *lost)
{
    Family *f = user_data;
    BonddIpConfig *self = f->owner;
    const GError *fatal;

    g_clear_error(&f->error);
    if (lost)
        f->error = g_error_copy(lost);
    refresh(self);
    if (self->ready) {
        /* Still activating: the first outcome is still to come. */
        check_ready(self);
        return;
    }
    fatal = fatal_error(self);
    if (self->changed)
        self->changed(self->ready_data, fatal);
}

static void
family_context(BonddIpConfig *self, Family *f, BonddIpContext *ctx)
{
    *ctx = (BonddIpContext){
        .cache = self->cache,
        .ifindex = self->ifindex,
        .ifname = self->ifname,
        .family = f->family,
        .default_metric = self->default_metric,
        .network_id = self->network_id,
        .state_dir = self->state_dir,
        .owner = f,
        .request_dhcp6 = ip_config_request_dhcp6,
        .changed = ip_config_changed,
        .config = self->daemon->config,
        .mtu_from_lease = self->mtu_from_lease,
        .changed_or_lost = family_changed,
    };
}

static void
family_start(BonddIpConfig *self, Family *f, NMConnection *connection)
{
    NMSettingIPConfig *s_ip = setting_for(connection, f->family);
    BonddIpContext ctx;
    const char *method = s_ip ? nm_setting_ip_config_get_method(s_ip) : NULL;

    f->may_fail = !s_ip || nm_setting_ip_config_get_may_fail(s_ip);
    f->configures = method && g_strcmp0(method, NM_SETTING_IP4_CONFIG_METHOD_DISABLED) != 0 &&
                    g_strcmp0(method, NM_SETTING_IP6_CONFIG_METHOD_IGNORE) != 0 &&
                    g_strcmp0(method, NM_SETTING_IP6_CONFIG_METHOD_DISABLED) != 0;
    f->provider = provider_for(s_ip, f->family);
    if (!f->provider)
        return;
    f->setting = s_ip ? g_object_ref(s_ip) : NULL;
    family_context(self, f, &ctx);
    f->state = f->provider->start(&ctx, s_ip, family_done, f);
}

void
bondd_ip_config_start(BonddIpConfig *self, NMConnection *connection, BonddIpConfigReadyFunc ready,
                      BonddIpConfigChangedFunc changed, gpointer user_data)
{
    NMSettingWired *s_wired = nm_connection_get_setting_wired(connection);

    self->ready = ready;
    self->changed = changed;
    self->ready_data = user_data;
    self->mtu_from_lease = !s_wired || nm_setting_wired_get_mtu(s_wired) == 0;
    self->reported = FALSE;
    g_free(self->network_id);
    self->network_id = g_strdup(nm_connection_get_uuid(connection));
    family_stop(&self->v4, FALSE);
    family_stop(&self->v6, FALSE);
    family_start(self, &self->v4, connection);
    family_start(self, &self->v6, connection);
    check_ready(self);
}

static gboolean
family_reapply(BonddIpConfig *self, Family *f, NMConnection *connection, GError **error)
{
    NMSettingIPConfig *s_ip = setting_for(connection, f->family);

    if (provider_for(s_ip, f->family) == f->provider && f->state)
        return f->provider->reapply(f->state, s_ip, error);
    /* Another method: the old one's configuration goes, the new one starts
     * (its outcome is logged, the activation is not waiting any more). */
    family_stop(f, TRUE);
    family_start(self, f, connection);
    return TRUE;
}

gboolean
bondd_ip_config_reapply(BonddIpConfig *self, NMConnection *connection, GError **error)
{
    gboolean ok = family_reapply(self, &self->v4, connection, error) &&
                  family_reapply(self, &self->v6, connection, error);

    refresh(self);
    return ok;
}

static void
family_released(gpointer user_data)
{
    Family *f = user_data;
    BonddIpConfig *self = f->owner;
    BonddIpConfigReleasedFunc released = self->released;

    f->releasing = NULL;
    f->releasing_provider = NULL;
    if (self->v4.releasing || self->v6.releasing)
        return;
    self->released = NULL;
    if (released)
        released(self->released_data);
}

/* A family's part of a release: TRUE when it goes on after the call. */
static gboolean
family_release(Family *f)
{
    const BonddIpProvider *provider = f->provider;
    gpointer state = f->state;

    if (!provider || !state)
        return FALSE;
    f->provider = NULL;
    f->state = NULL;
    f->ready = FALSE;
    g_clear_error(&f->error);
    g_clear_object(&f->setting);
    f->dhcp6_level = BONDD_DHCP6_NONE;
    if (f->dhcp6_state) {
        /* Router discovery releases nothing; the DHCPv6 lease beside it
         * does. */
        provider->stop(state, TRUE);
        provider = &bondd_ip_dhcp_provider;
        state = g_steal_pointer(&f->dhcp6_state);
    }
    if (!provider->release) {
        provider->stop(state, TRUE);
        return FALSE;
    }
    if (!provider->release(state, family_released, f))
        return FALSE;
    f->releasing_provider = provider;
    f->releasing = state;
    return TRUE;
}

gboolean
bondd_ip_config_release(BonddIpConfig *self, BonddIpConfigReleasedFunc released, gpointer user_data)
{
    gboolean waits;

    self->ready = NULL;
    self->changed = NULL;
    g_clear_handle_id(&self->ready_source, g_source_remove);
    /* Both, whatever the first does: each family releases its own lease. */
    waits = family_release(&self->v4);
    waits = family_release(&self->v6) || waits;
    if (waits) {
        self->released = released;
        self->released_data = user_data;
    }
    update_family(self, &self->v4);
    update_family(self, &self->v6);
    return waits;
}

void
bondd_ip_config_prepare_link(BonddIpConfig *self, NMConnection *connection)
{
    BonddIp6LinkSaved *saved =
        bondd_ip6_link_prepare(self->cache, self->ifname, setting_for(connection, AF_INET6));

    /* Again on a device still configured: what to restore stays the first. */
    if (self->ip6_saved)
        bondd_ip6_link_saved_free(saved);
    else
        self->ip6_saved = saved;
}

void
bondd_ip_config_stop(BonddIpConfig *self, gboolean remove_from_kernel)
{
    self->ready = NULL;
    self->changed = NULL;
    self->released = NULL;
    g_clear_handle_id(&self->ready_source, g_source_remove);
    g_clear_error(&self->result);
    family_stop(&self->v4, remove_from_kernel);
    family_stop(&self->v6, remove_from_kernel);
    if (remove_from_kernel)
        bondd_ip6_link_restore(self->cache, g_steal_pointer(&self->ip6_saved));
    update_family(self, &self->v4);
    update_family(self, &self->v6);
}
