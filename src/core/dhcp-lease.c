/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * A DHCP lease's options as configuration, and its file (see dhcp-lease.h).
 */
#include "config.h"

#include "dhcp-lease.h"

#include <errno.h>
#include <glib/gstdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#define LEASE_GROUP "lease"

/* ---- options --------------------------------------------------------------- */

guint32
bondd_dhcp_lease_option_u32(GHashTable *options, const char *name)
{
    const char *v = options ? g_hash_table_lookup(options, name) : NULL;
    guint64 n;

    if (!v || !g_ascii_string_to_unsigned(v, 10, 0, G_MAXUINT32, &n, NULL))
        return 0;
    return (guint32)n;
}

const char *
bondd_dhcp_lease_address(GHashTable *options, int family)
{
    /* dhcpcd's names; for DHCPv6 the first address of the first IA_NA. */
    return options ? g_hash_table_lookup(options,
                                         family == AF_INET ? "ip_address" : "dhcp6_ia_na1_ia_addr1")
                   : NULL;
}

guint32
bondd_dhcp_lease_time(GHashTable *options, int family)
{
    return bondd_dhcp_lease_option_u32(options, family == AF_INET ? "dhcp_lease_time"
                                                                  : "dhcp6_ia_na1_ia_addr1_vltime");
}

static void
add_words(GPtrArray *to, const char *words)
{
    g_auto(GStrv) list = g_strsplit_set(words ? words : "", " ", -1);

    for (guint i = 0; list[i]; i++) {
        if (*list[i] && !g_ptr_array_find_with_equal_func(to, list[i], g_str_equal, NULL))
            g_ptr_array_add(to, g_strdup(list[i]));
    }
}

static void
add_list(GPtrArray *to, GPtrArray *from)
{
    for (guint i = 0; from && i < from->len; i++)
        add_words(to, from->pdata[i]);
}

/* A leased address's lifetime: what is left of the lease at @now. */
static guint32
remaining(GHashTable *options, guint32 lifetime, gint64 now)
{
    const char *expiry = g_hash_table_lookup(options, BONDD_DHCP_LEASE_EXPIRY);
    gint64 left;

    /* 0 (none given) and 0xffffffff: a lease that never ends. */
    if (!lifetime || lifetime == BONDD_IP_LIFETIME_FOREVER)
        return BONDD_IP_LIFETIME_FOREVER;
    if (!expiry)
        return lifetime;
    left = g_ascii_strtoll(expiry, NULL, 10) - now;
    return (guint32)CLAMP(left, 1, (gint64)lifetime);
}

/* "dest/plen gw dest/plen gw ..." (classless) or "dest gw ..." (Static
 * Routes: host routes).  A default route is the gateway's, not a route. */
static void
add_routes(const BonddDhcpLeaseRules *rules, GArray *routes, const char *list, gboolean classless,
           guint8 *default_gw, gboolean *has_default)
{
    g_auto(GStrv) words = g_strsplit_set(list ? list : "", " ", -1);

    for (guint i = 0; words[i] && words[i + 1]; i += 2) {
        BonddIpRoute r = {.family = AF_INET, .plen = 32, .metric = rules->metric};
        g_auto(GStrv) dst = g_strsplit(words[i], "/", 2);
        guint64 plen = 32;

        if (classless && dst[1] && !g_ascii_string_to_unsigned(dst[1], 10, 0, 32, &plen, NULL))
            continue;
        r.plen = (guint8)plen;
        if (!bondd_ip_parse(AF_INET, dst[0], r.dst) || !bondd_ip_parse(AF_INET, words[i + 1], r.gw))
            continue;
        r.has_gw = memcmp(r.gw, (guint8[4]){0}, 4) != 0;
        if (r.plen == 0) {
            if (!*has_default && r.has_gw) {
                memcpy(default_gw, r.gw, 4);
                *has_default = TRUE;
            }
            continue;
        }
        if (!rules->ignore_routes)
            g_array_append_val(routes, r);
    }
}

static void
config_v4(BonddDhcpLeaseConfig *config, const BonddDhcpLeaseRules *rules, GHashTable *options,
          gint64 now, guint8 *gw, gboolean *has_gw)
{
    BonddIpAddressRequest a = {.family = AF_INET};
    const char *classless = g_hash_table_lookup(options, "classless_static_routes");

    if (bondd_ip_parse(AF_INET, bondd_dhcp_lease_address(options, AF_INET), a.addr)) {
        a.plen = (guint8)bondd_dhcp_lease_option_u32(options, "subnet_cidr");
        if (!a.plen || a.plen > 32)
            a.plen = 24;
        a.valid = a.preferred = remaining(options, bondd_dhcp_lease_time(options, AF_INET), now);
        g_array_append_val(config->addrs, a);
    }
    if (classless) {
        add_routes(rules, config->routes, classless, TRUE, gw, has_gw);
    } else {
        g_auto(GStrv) routers = g_strsplit(g_hash_table_lookup(options, "routers") ?: "", " ", 2);

        *has_gw = bondd_ip_parse(AF_INET, routers[0], gw);
        add_routes(rules, config->routes, g_hash_table_lookup(options, "static_routes"), FALSE, gw,
                   has_gw);
    }
    if (!rules->ignore_dns) {
        add_words(config->dns, g_hash_table_lookup(options, "domain_name_servers"));
        /* As NetworkManager shows them: Domain Search (119) is the
         * family's Searches, the Domain Name (15) its Domains (which DNS
         * searches only without the former, ip-config.c). */
        add_words(config->searches, g_hash_table_lookup(options, "domain_search"));
        add_words(config->domains, g_hash_table_lookup(options, "domain_name"));
    }
}

static void
config_v6(BonddDhcpLeaseConfig *config, const BonddDhcpLeaseRules *rules, GHashTable *options,
          gint64 now)
{
    BonddIpAddressRequest a = {.family = AF_INET6, .plen = 128};

    /* DHCPv6 leases an address, no prefix: the prefix and the gateway come
     * from router advertisements. */
    if (bondd_ip_parse(AF_INET6, bondd_dhcp_lease_address(options, AF_INET6), a.addr)) {
        a.valid = remaining(options, bondd_dhcp_lease_time(options, AF_INET6), now);
        a.preferred =
            MIN(a.valid, bondd_dhcp_lease_option_u32(options, "dhcp6_ia_na1_ia_addr1_pltime"));
        g_array_append_val(config->addrs, a);
    }
    if (!rules->ignore_dns) {
        add_words(config->dns, g_hash_table_lookup(options, "dhcp6_name_servers"));
        add_words(config->searches, g_hash_table_lookup(options, "dhcp6_domain_search"));
    }
}

/* As NetworkManager reads a lease: classless static routes (option 121)
 * win over the Router and Static Routes options (RFC 3442);
 * ignore-auto-routes drops the routes but not the gateway, never-default the
 * gateway; ignore-auto-dns the name servers and domains; the profile's own
 * name servers and domains come first. */
void
bondd_dhcp_lease_config_init(BonddDhcpLeaseConfig *config, const BonddDhcpLeaseRules *rules,
                             GHashTable *options, gint64 now)
{
    guint8 gw[16] = {0};
    gboolean has_gw = FALSE;

    config->addrs = g_array_new(FALSE, TRUE, sizeof(BonddIpAddressRequest));
    config->routes = g_array_new(FALSE, TRUE, sizeof(BonddIpRoute));
    config->gateway = NULL;
    config->dns = g_ptr_array_new_with_free_func(g_free);
    config->searches = g_ptr_array_new_with_free_func(g_free);
    config->domains = g_ptr_array_new_with_free_func(g_free);
    add_list(config->dns, rules->dns);
    add_list(config->searches, rules->searches);
    if (!options)
        return;
    if (rules->family == AF_INET)
        config_v4(config, rules, options, now, gw, &has_gw);
    else
        config_v6(config, rules, options, now);
    if (has_gw && !rules->never_default) {
        BonddIpRoute r = {.family = AF_INET, .has_gw = TRUE, .metric = rules->metric};

        memcpy(r.gw, gw, 4);
        g_array_prepend_val(config->routes, r);
        config->gateway = bondd_ip_addr_to_string(AF_INET, gw);
    }
}

void
bondd_dhcp_lease_config_clear(BonddDhcpLeaseConfig *config)
{
    g_clear_pointer(&config->addrs, g_array_unref);
    g_clear_pointer(&config->routes, g_array_unref);
    g_clear_pointer(&config->gateway, g_free);
    g_clear_pointer(&config->dns, g_ptr_array_unref);
    g_clear_pointer(&config->searches, g_ptr_array_unref);
    g_clear_pointer(&config->domains, g_ptr_array_unref);
}

/* ---- the file ---------------------------------------------------------------- */

gboolean
bondd_dhcp_lease_save(const char *path, GHashTable *options, GError **error)
{
    g_autoptr(GKeyFile) kf = g_key_file_new();
    g_autofree char *dir = g_path_get_dirname(path);
    GHashTableIter iter;
    gpointer key, value;

    g_hash_table_iter_init(&iter, options);
    while (g_hash_table_iter_next(&iter, &key, &value))
        g_key_file_set_string(kf, LEASE_GROUP, key, value);
    if (g_mkdir_with_parents(dir, 0700) != 0) {
        int errsv = errno;

        g_set_error(error, G_FILE_ERROR, g_file_error_from_errno(errsv), "%s: %s", dir,
                    g_strerror(errsv));
        return FALSE;
    }
    return g_key_file_save_to_file(kf, path, error);
}

GHashTable *
bondd_dhcp_lease_load(const char *path, gint64 now)
{
    g_autoptr(GKeyFile) kf = g_key_file_new();
    g_auto(GStrv) keys = NULL;
    g_autoptr(GHashTable) options = NULL;
    const char *expiry;
    gint64 ends;

    if (!g_key_file_load_from_file(kf, path, G_KEY_FILE_NONE, NULL))
        return NULL;
    keys = g_key_file_get_keys(kf, LEASE_GROUP, NULL, NULL);
    options = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, g_free);
    for (guint i = 0; keys && keys[i]; i++) {
        char *value = g_key_file_get_string(kf, LEASE_GROUP, keys[i], NULL);

        if (value)
            g_hash_table_insert(options, g_strdup(keys[i]), value);
    }
    expiry = g_hash_table_lookup(options, BONDD_DHCP_LEASE_EXPIRY);
    if (!expiry || !g_ascii_string_to_signed(expiry, 10, 1, G_MAXINT64, &ends, NULL) || ends <= now)
        return NULL;
    return g_steal_pointer(&options);
}
