/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * A DHCP lease's options turned into configuration (dhcp-lease.c): the
 * option sets are dhcpcd's, as its script hands them over (the names
 * without "new_"), the values as dhcpcd 9.4 prints them; and the lease
 * file of the state directory.
 */
#include "config.h"

#include <glib/gstdio.h>
#include <sys/socket.h>

#include "dhcp-lease.h"

#define NOW 1700000000

/* "k=v" pairs (NULL-terminated) as an option table. */
static GHashTable *
options_new(const char *first, ...)
{
    GHashTable *options = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, g_free);
    va_list ap;

    va_start(ap, first);
    for (const char *kv = first; kv; kv = va_arg(ap, const char *)) {
        g_auto(GStrv) parts = g_strsplit(kv, "=", 2);

        g_hash_table_insert(options, g_strdup(parts[0]), g_strdup(parts[1]));
    }
    va_end(ap);
    return options;
}

/* A lease like dnsmasq's in the guest: 192.0.2.0/24, router .254. */
static GHashTable *
lease_v4(void)
{
    return options_new("ip_address=192.0.2.143", "subnet_cidr=24", "subnet_mask=255.255.255.0",
                       "broadcast_address=192.0.2.255", "routers=192.0.2.254",
                       "domain_name_servers=192.0.2.53 192.0.2.54", "domain_name=bondd.test",
                       "dhcp_lease_time=120", "dhcp_renewal_time=60",
                       "dhcp_server_identifier=192.0.2.254", "ntp_servers=192.0.2.123", NULL);
}

static BonddDhcpLeaseRules
rules_v4(void)
{
    return (BonddDhcpLeaseRules){.family = AF_INET, .metric = 300};
}

static char *
addr_str(const BonddIpAddressRequest *a)
{
    g_autofree char *s = bondd_ip_addr_to_string(a->family, a->addr);

    /* 0: for ever */
    return g_strdup_printf("%s/%u %u/%u", s, a->plen,
                           a->valid == BONDD_IP_LIFETIME_FOREVER ? 0 : a->valid,
                           a->preferred == BONDD_IP_LIFETIME_FOREVER ? 0 : a->preferred);
}

/* "dst/plen via gw metric m" for each route, joined by ", ". */
static char *
routes_str(GArray *routes)
{
    GString *s = g_string_new(NULL);

    for (guint i = 0; i < routes->len; i++) {
        g_autofree char *r = bondd_ip_route_to_string(&g_array_index(routes, BonddIpRoute, i));

        g_string_append_printf(s, "%s%s", i ? ", " : "", r);
    }
    return g_string_free(s, FALSE);
}

static char *
join(GPtrArray *list)
{
    g_ptr_array_add(list, NULL);
    g_ptr_array_set_size(list, list->len - 1);
    return g_strjoinv(" ", (char **)list->pdata);
}

static void
test_v4_basic(void)
{
    g_autoptr(GHashTable) options = lease_v4();
    BonddDhcpLeaseRules rules = rules_v4();
    g_auto(BonddDhcpLeaseConfig) c = {0};
    g_autofree char *a = NULL, *routes = NULL, *dns = NULL, *searches = NULL, *domains = NULL;

    bondd_dhcp_lease_config_init(&c, &rules, options, NOW);
    g_assert_cmpuint(c.addrs->len, ==, 1);
    a = addr_str(&g_array_index(c.addrs, BonddIpAddressRequest, 0));
    /* No expiry recorded: the whole lease time. */
    g_assert_cmpstr(a, ==, "192.0.2.143/24 120/120");
    routes = routes_str(c.routes);
    g_assert_cmpstr(routes, ==, "0.0.0.0/0 via 192.0.2.254 metric 300");
    g_assert_cmpstr(c.gateway, ==, "192.0.2.254");
    dns = join(c.dns);
    g_assert_cmpstr(dns, ==, "192.0.2.53 192.0.2.54");
    /* Without Domain Search no search list; the Domain Name is the
     * lease's domain (DNS searches it then, ip-config.c). */
    searches = join(c.searches);
    g_assert_cmpstr(searches, ==, "");
    domains = join(c.domains);
    g_assert_cmpstr(domains, ==, "bondd.test");
}

static void
test_v4_domain_search_wins(void)
{
    g_autoptr(GHashTable) options = lease_v4();
    BonddDhcpLeaseRules rules = rules_v4();
    g_auto(BonddDhcpLeaseConfig) c = {0};
    g_autofree char *searches = NULL, *domains = NULL;

    g_hash_table_insert(options, g_strdup("domain_search"), g_strdup("a.test b.test"));
    bondd_dhcp_lease_config_init(&c, &rules, options, NOW);
    searches = join(c.searches);
    g_assert_cmpstr(searches, ==, "a.test b.test");
    /* The Domain Name is still the lease's domain (IP4Config.Domains). */
    domains = join(c.domains);
    g_assert_cmpstr(domains, ==, "bondd.test");
}

/* RFC 3442: classless routes win over Router and Static Routes; their
 * default route is the gateway; a 0.0.0.0 gateway is an on-link route. */
static void
test_v4_classless(void)
{
    g_autoptr(GHashTable) options = lease_v4();
    BonddDhcpLeaseRules rules = rules_v4();
    g_auto(BonddDhcpLeaseConfig) c = {0};
    g_autofree char *routes = NULL;

    g_hash_table_insert(options, g_strdup("classless_static_routes"),
                        g_strdup("198.51.100.0/24 192.0.2.1 203.0.113.0/25 0.0.0.0 "
                                 "0.0.0.0/0 192.0.2.253"));
    g_hash_table_insert(options, g_strdup("static_routes"), g_strdup("10.1.1.1 192.0.2.9"));
    bondd_dhcp_lease_config_init(&c, &rules, options, NOW);
    routes = routes_str(c.routes);
    g_assert_cmpstr(routes, ==,
                    "0.0.0.0/0 via 192.0.2.253 metric 300, 198.51.100.0/24 via 192.0.2.1 metric "
                    "300, 203.0.113.0/25 metric 300");
    g_assert_cmpstr(c.gateway, ==, "192.0.2.253");
}

/* Without classless routes: the Router option's first address, and Static
 * Routes (option 33) as host routes. */
static void
test_v4_static_routes(void)
{
    g_autoptr(GHashTable) options = lease_v4();
    BonddDhcpLeaseRules rules = rules_v4();
    g_auto(BonddDhcpLeaseConfig) c = {0};
    g_autofree char *routes = NULL;

    g_hash_table_insert(options, g_strdup("routers"), g_strdup("192.0.2.250 192.0.2.251"));
    g_hash_table_insert(options, g_strdup("static_routes"), g_strdup("10.1.1.1 192.0.2.9"));
    bondd_dhcp_lease_config_init(&c, &rules, options, NOW);
    routes = routes_str(c.routes);
    g_assert_cmpstr(routes, ==,
                    "0.0.0.0/0 via 192.0.2.250 metric 300, 10.1.1.1/32 via 192.0.2.9 metric 300");
}

/* never-default: no default route; ignore-auto-routes: the routes go, the
 * gateway stays; ignore-auto-dns: the profile's name servers only. */
static void
test_v4_profile_rules(void)
{
    g_autoptr(GHashTable) options = lease_v4();
    g_autoptr(GPtrArray) own_dns = g_ptr_array_new();
    g_autoptr(GPtrArray) own_searches = g_ptr_array_new();
    BonddDhcpLeaseRules rules = rules_v4();
    g_autofree char *routes = NULL, *dns = NULL, *searches = NULL;

    g_hash_table_insert(options, g_strdup("classless_static_routes"),
                        g_strdup("198.51.100.0/24 192.0.2.1 0.0.0.0/0 192.0.2.254"));
    g_ptr_array_add(own_dns, "192.0.2.54");
    g_ptr_array_add(own_dns, "198.51.100.53");
    g_ptr_array_add(own_searches, "own.test");
    rules.dns = own_dns;
    rules.searches = own_searches;

    {
        g_auto(BonddDhcpLeaseConfig) c = {0};

        rules.never_default = TRUE;
        bondd_dhcp_lease_config_init(&c, &rules, options, NOW);
        routes = routes_str(c.routes);
        g_assert_cmpstr(routes, ==, "198.51.100.0/24 via 192.0.2.1 metric 300");
        g_assert_null(c.gateway);
        /* The profile's first, each once. */
        dns = join(c.dns);
        g_assert_cmpstr(dns, ==, "192.0.2.54 198.51.100.53 192.0.2.53");
        /* The lease's domain is its Domains (without a Domain Search). */
        searches = join(c.searches);
        g_assert_cmpstr(searches, ==, "own.test");
    }
    g_clear_pointer(&routes, g_free);
    g_clear_pointer(&dns, g_free);
    g_clear_pointer(&searches, g_free);
    {
        g_auto(BonddDhcpLeaseConfig) c = {0};

        rules.never_default = FALSE;
        rules.ignore_routes = TRUE;
        rules.ignore_dns = TRUE;
        bondd_dhcp_lease_config_init(&c, &rules, options, NOW);
        routes = routes_str(c.routes);
        g_assert_cmpstr(routes, ==, "0.0.0.0/0 via 192.0.2.254 metric 300");
        g_assert_cmpstr(c.gateway, ==, "192.0.2.254");
        dns = join(c.dns);
        g_assert_cmpstr(dns, ==, "192.0.2.54 198.51.100.53");
        searches = join(c.searches);
        g_assert_cmpstr(searches, ==, "own.test");
        g_assert_cmpuint(c.addrs->len, ==, 1);
    }
}

/* A kept lease is older than its options say: the address lives what is
 * left of it (at least a second). */
static void
test_v4_expiry(void)
{
    g_autoptr(GHashTable) options = lease_v4();
    BonddDhcpLeaseRules rules = rules_v4();
    g_autofree char *expiry = g_strdup_printf("%d", NOW + 45);

    g_hash_table_insert(options, g_strdup(BONDD_DHCP_LEASE_EXPIRY), g_steal_pointer(&expiry));
    {
        g_auto(BonddDhcpLeaseConfig) c = {0};
        g_autofree char *a = NULL;

        bondd_dhcp_lease_config_init(&c, &rules, options, NOW);
        a = addr_str(&g_array_index(c.addrs, BonddIpAddressRequest, 0));
        g_assert_cmpstr(a, ==, "192.0.2.143/24 45/45");
    }
    {
        g_auto(BonddDhcpLeaseConfig) c = {0};
        g_autofree char *a = NULL;

        bondd_dhcp_lease_config_init(&c, &rules, options, NOW + 600);
        a = addr_str(&g_array_index(c.addrs, BonddIpAddressRequest, 0));
        g_assert_cmpstr(a, ==, "192.0.2.143/24 1/1");
    }
}

/* What a server got wrong is left out, the rest stands. */
static void
test_v4_malformed(void)
{
    g_autoptr(GHashTable) options =
        options_new("ip_address=192.0.2.7", "dhcp_lease_time=-5", "routers=not-an-address",
                    "classless_static_routes=10.0.0.0/33 192.0.2.1 10.2.0.0/x 192.0.2.1 "
                    "nonsense 192.0.2.1 10.3.0.0/16 192.0.2.300 10.4.0.0/16 192.0.2.4 dangling",
                    "domain_name_servers=  192.0.2.53   ", NULL);
    BonddDhcpLeaseRules rules = rules_v4();
    g_auto(BonddDhcpLeaseConfig) c = {0};
    g_autofree char *a = NULL, *routes = NULL, *dns = NULL;

    bondd_dhcp_lease_config_init(&c, &rules, options, NOW);
    /* No prefix length: the /24 NetworkManager assumes too; no lease time:
     * permanent. */
    a = addr_str(&g_array_index(c.addrs, BonddIpAddressRequest, 0));
    g_assert_cmpstr(a, ==, "192.0.2.7/24 0/0");
    routes = routes_str(c.routes);
    g_assert_cmpstr(routes, ==, "10.4.0.0/16 via 192.0.2.4 metric 300");
    g_assert_null(c.gateway);
    dns = join(c.dns);
    g_assert_cmpstr(dns, ==, "192.0.2.53");
}

/* No lease: the profile's own name servers only. */
static void
test_no_lease(void)
{
    g_autoptr(GPtrArray) own_dns = g_ptr_array_new();
    BonddDhcpLeaseRules rules = rules_v4();
    g_auto(BonddDhcpLeaseConfig) c = {0};

    g_ptr_array_add(own_dns, "192.0.2.54");
    rules.dns = own_dns;
    bondd_dhcp_lease_config_init(&c, &rules, NULL, NOW);
    g_assert_cmpuint(c.addrs->len, ==, 0);
    g_assert_cmpuint(c.routes->len, ==, 0);
    g_assert_cmpuint(c.dns->len, ==, 1);
    g_assert_null(c.gateway);
}

/* DHCPv6: a /128 (the prefix is the router advertisement's), no gateway;
 * preferred never beyond valid. */
static void
test_v6(void)
{
    g_autoptr(GHashTable) options =
        options_new("dhcp6_ia_na1_ia_addr1=2001:db8:1::16a", "dhcp6_ia_na1_ia_addr1_vltime=120",
                    "dhcp6_ia_na1_ia_addr1_pltime=300", "dhcp6_name_servers=2001:db8:1::53",
                    "dhcp6_domain_search=bondd.test", "dhcp6_server_id=0003000102fd", NULL);
    BonddDhcpLeaseRules rules = {.family = AF_INET6, .metric = 300};
    g_auto(BonddDhcpLeaseConfig) c = {0};
    g_autofree char *a = NULL, *dns = NULL, *searches = NULL;

    bondd_dhcp_lease_config_init(&c, &rules, options, NOW);
    a = addr_str(&g_array_index(c.addrs, BonddIpAddressRequest, 0));
    g_assert_cmpstr(a, ==, "2001:db8:1::16a/128 120/120");
    g_assert_cmpuint(c.routes->len, ==, 0);
    g_assert_null(c.gateway);
    dns = join(c.dns);
    g_assert_cmpstr(dns, ==, "2001:db8:1::53");
    searches = join(c.searches);
    g_assert_cmpstr(searches, ==, "bondd.test");
    g_assert_cmpstr(bondd_dhcp_lease_address(options, AF_INET6), ==, "2001:db8:1::16a");
    g_assert_cmpuint(bondd_dhcp_lease_time(options, AF_INET6), ==, 120);
}

/* Information-only DHCPv6: options, no address. */
static void
test_v6_info_only(void)
{
    g_autoptr(GHashTable) options = options_new("dhcp6_name_servers=2001:db8:1::53", NULL);
    BonddDhcpLeaseRules rules = {.family = AF_INET6, .metric = 300};
    g_auto(BonddDhcpLeaseConfig) c = {0};

    bondd_dhcp_lease_config_init(&c, &rules, options, NOW);
    g_assert_cmpuint(c.addrs->len, ==, 0);
    g_assert_cmpuint(c.dns->len, ==, 1);
    g_assert_null(bondd_dhcp_lease_address(options, AF_INET6));
}

static void
test_lease_file(void)
{
    g_autofree char *dir = g_dir_make_tmp("bondd-lease-XXXXXX", NULL);
    g_autofree char *sub = g_build_filename(dir, "dhcp", NULL);
    g_autofree char *path = g_build_filename(sub, "bond0.lease4", NULL);
    g_autoptr(GHashTable) options = lease_v4();
    g_autoptr(GHashTable) kept = NULL;
    g_autoptr(GError) error = NULL;
    g_autofree char *expiry = g_strdup_printf("%d", NOW + 120);
    GStatBuf st;

    /* A value with what a key file must escape comes back as it was. */
    g_hash_table_insert(options, g_strdup("domain_name"), g_strdup("a b\n[c]=d\\"));
    g_hash_table_insert(options, g_strdup(BONDD_DHCP_LEASE_EXPIRY), g_strdup(expiry));
    g_assert_true(bondd_dhcp_lease_save(path, options, &error));
    g_assert_no_error(error);
    g_assert_cmpint(g_stat(sub, &st), ==, 0);
    g_assert_cmpint(st.st_mode & 0777, ==, 0700);

    kept = bondd_dhcp_lease_load(path, NOW);
    g_assert_nonnull(kept);
    g_assert_cmpuint(g_hash_table_size(kept), ==, g_hash_table_size(options));
    g_assert_cmpstr(g_hash_table_lookup(kept, "ip_address"), ==, "192.0.2.143");
    g_assert_cmpstr(g_hash_table_lookup(kept, "domain_name"), ==, "a b\n[c]=d\\");
    g_clear_pointer(&kept, g_hash_table_unref);

    /* Expired, missing, unreadable: none. */
    g_assert_null(bondd_dhcp_lease_load(path, NOW + 120));
    g_assert_true(g_file_set_contents(path, "[lease]\nip_address=192.0.2.1\n", -1, NULL));
    g_assert_null(bondd_dhcp_lease_load(path, NOW));
    g_assert_true(g_file_set_contents(path, "[lease]\nexpiry=soon\n", -1, NULL));
    g_assert_null(bondd_dhcp_lease_load(path, NOW));
    g_assert_true(g_file_set_contents(path, "\x01garbage", -1, NULL));
    g_assert_null(bondd_dhcp_lease_load(path, NOW));
    g_unlink(path);
    g_assert_null(bondd_dhcp_lease_load(path, NOW));

    g_rmdir(sub);
    g_rmdir(dir);
}

int
main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    g_test_add_func("/dhcp-lease/v4/basic", test_v4_basic);
    g_test_add_func("/dhcp-lease/v4/domain-search-wins", test_v4_domain_search_wins);
    g_test_add_func("/dhcp-lease/v4/classless", test_v4_classless);
    g_test_add_func("/dhcp-lease/v4/static-routes", test_v4_static_routes);
    g_test_add_func("/dhcp-lease/v4/profile-rules", test_v4_profile_rules);
    g_test_add_func("/dhcp-lease/v4/expiry", test_v4_expiry);
    g_test_add_func("/dhcp-lease/v4/malformed", test_v4_malformed);
    g_test_add_func("/dhcp-lease/no-lease", test_no_lease);
    g_test_add_func("/dhcp-lease/v6/address", test_v6);
    g_test_add_func("/dhcp-lease/v6/info-only", test_v6_info_only);
    g_test_add_func("/dhcp-lease/file", test_lease_file);
    return g_test_run();
}
