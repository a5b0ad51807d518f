/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The IPv4 and IPv6 settings of an ifcfg file (see ifcfg-ip-reader.h):
 * numbered keys (IPADDR0, ROUTE1...), the methods, addresses, gateways, DNS,
 * route metrics, IPv6 address generation and privacy, as ifcfg-rh reads
 * them.
 */
#include "config.h"

#include "ifcfg-ip-reader.h"

#include <arpa/inet.h>
#include <glib/gi18n-lib.h>
#include <stdlib.h>
#include <string.h>

#include "ifcfg-address-list.h"
#include "ifcfg-dhcp.h"
#include "ifcfg-utils.h"
#include "profile-limits.h"

/*****************************************************************************/
/* Numbered keys (IPADDR, IPADDR0, IPADDR1...) */

static int
cmp_int64(gconstpointer a, gconstpointer b)
{
    gint64 x = *(const gint64 *)a;
    gint64 y = *(const gint64 *)b;

    return x < y ? -1 : (x > y ? 1 : 0);
}

/* Suffix numbers of @prefix<digits> keys in @s, sorted; the plain key counts
 * as -1 so that it comes first. */
static GArray *
numbered_indexes(ShvarFile *s, const char *prefix, gboolean with_plain)
{
    g_autoptr(GPtrArray) keys = sv_get_keys(s);
    GArray *idx = g_array_new(FALSE, FALSE, sizeof(gint64));
    gsize plen = strlen(prefix);

    for (guint i = 0; i < keys->len; i++) {
        const char *k = keys->pdata[i];
        const char *rest;
        gint64 n;

        if (strncmp(k, prefix, plen) != 0)
            continue;
        rest = k + plen;
        if (!rest[0]) {
            if (!with_plain)
                continue;
            n = -1;
        } else {
            char *end = NULL;

            if (!g_ascii_isdigit(rest[0]))
                continue;
            n = g_ascii_strtoll(rest, &end, 10);
            if (*end || n > 10000)
                continue;
        }
        g_array_append_val(idx, n);
    }
    g_array_sort(idx, cmp_int64);
    return idx;
}

static char *
numbered_key(const char *prefix, gint64 n)
{
    return n < 0 ? g_strdup(prefix) : g_strdup_printf("%s%" G_GINT64_FORMAT, prefix, n);
}

static gboolean
has_numbered_key(ShvarFile *s, const char *prefix)
{
    g_autoptr(GArray) idx = numbered_indexes(s, prefix, TRUE);

    return idx->len > 0;
}

/*****************************************************************************/
/* IPv4 / IPv6 */

/* A list longer than @max cannot make a profile (profile-limits.h): say so
 * before parsing its entries. */
static gboolean
check_list_length(ShvarFile *s, guint n, guint max, const char *property, const char *keys,
                  GError **error)
{
    if (n <= max)
        return TRUE;
    ifcfg_utils_set_error(error, G_IO_ERROR_INVALID_DATA, sv_file_get_path(s),
                          _("%s: %u entries in %s; at most %u"), property, n, keys, max);
    return FALSE;
}

static guint
count_words(char **words)
{
    guint n = 0;

    for (guint i = 0; words[i]; i++)
        n += words[i][0] != '\0';
    return n;
}

static gboolean
add_dns(ShvarFile *s, NMSettingIPConfig *s_ip, int family, GError **error)
{
    g_autoptr(GArray) idx = numbered_indexes(s, "DNS", FALSE);
    guint n = 0;

    for (guint i = 0; i < idx->len; i++) {
        g_autofree char *key = numbered_key("DNS", g_array_index(idx, gint64, i));
        const char *v = sv_get_value_str(s, key);

        if (!v)
            continue;
        if (nm_utils_ipaddr_valid(family, v)) {
            /* Counted before adding: libnm's duplicate check scans the list. */
            if (!check_list_length(s, ++n, BONDD_LIMIT_DNS_SERVERS,
                                   family == AF_INET ? "ipv4.dns" : "ipv6.dns", "DNS", error))
                return FALSE;
            nm_setting_ip_config_add_dns(s_ip, v);
        } else if (!nm_utils_ipaddr_valid(family == AF_INET ? AF_INET6 : AF_INET, v)) {
            ifcfg_utils_set_error(error, G_IO_ERROR_INVALID_DATA, sv_file_get_path(s),
                                  _("invalid DNS server address '%s' in %s"), v, key);
            return FALSE;
        }
    }
    return TRUE;
}

static void
read_route_metric(ShvarFile *s, NMSetting *s_ip, const char *key)
{
    const char *v = sv_get_value_str(s, key);
    gint64 metric;

    if (!v)
        return;
    metric = sv_get_int64(s, key, 10, -1, G_MAXUINT32, -2);
    if (metric == -2)
        sv_file_add_key_warning(s, key, _("invalid %s '%s'"), key, v);
    else
        g_object_set(s_ip, NM_SETTING_IP_CONFIG_ROUTE_METRIC, metric, NULL);
}

NMSetting *
ifcfg_ip_reader_ip4(ShvarFile *s, GError **error)
{
    const char *path = sv_file_get_path(s);
    g_autoptr(NMSetting) s_ip4 = nm_setting_ip4_config_new();
    const char *bootproto = sv_get_value_str(s, "BOOTPROTO");
    const char *method;
    const char *v;
    g_autoptr(GArray) idx = NULL;
    g_auto(IfcfgAddressList) addrs = {NULL};

    if (!bootproto || g_ascii_strcasecmp(bootproto, "none") == 0 ||
        g_ascii_strcasecmp(bootproto, "static") == 0) {
        method = has_numbered_key(s, "IPADDR") || has_numbered_key(s, "PREFIX") ||
                         has_numbered_key(s, "NETMASK")
                     ? NM_SETTING_IP4_CONFIG_METHOD_MANUAL
                     : NM_SETTING_IP4_CONFIG_METHOD_DISABLED;
    } else if (g_ascii_strcasecmp(bootproto, "dhcp") == 0 ||
               g_ascii_strcasecmp(bootproto, "bootp") == 0) {
        method = NM_SETTING_IP4_CONFIG_METHOD_AUTO;
    } else if (g_ascii_strcasecmp(bootproto, "autoip") == 0) {
        method = NM_SETTING_IP4_CONFIG_METHOD_LINK_LOCAL;
    } else if (g_ascii_strcasecmp(bootproto, "shared") == 0) {
        method = NM_SETTING_IP4_CONFIG_METHOD_SHARED;
    } else {
        ifcfg_utils_set_error(error, G_IO_ERROR_INVALID_DATA, path, _("unknown BOOTPROTO '%s'"),
                              bootproto);
        return NULL;
    }

    g_object_set(s_ip4, NM_SETTING_IP_CONFIG_METHOD, method, NM_SETTING_IP_CONFIG_NEVER_DEFAULT,
                 !sv_get_boolean(s, "DEFROUTE", TRUE), NM_SETTING_IP_CONFIG_MAY_FAIL,
                 !sv_get_boolean(s, "IPV4_FAILURE_FATAL", FALSE),
                 NM_SETTING_IP_CONFIG_IGNORE_AUTO_DNS, !sv_get_boolean(s, "PEERDNS", TRUE),
                 NM_SETTING_IP_CONFIG_IGNORE_AUTO_ROUTES, !sv_get_boolean(s, "PEERROUTES", TRUE),
                 NM_SETTING_IP_CONFIG_DHCP_HOSTNAME, sv_get_value_str(s, "DHCP_HOSTNAME"), NULL);
    if (strcmp(method, NM_SETTING_IP4_CONFIG_METHOD_DISABLED) == 0)
        return g_steal_pointer(&s_ip4);
    read_route_metric(s, s_ip4, "IPV4_ROUTE_METRIC");
    ifcfg_dhcp_read(s, NM_SETTING_IP_CONFIG(s_ip4));

    idx = numbered_indexes(s, "IPADDR", TRUE);
    if (!check_list_length(s, idx->len, BONDD_LIMIT_ADDRESSES, "ipv4.addresses", "IPADDR", error))
        return NULL;
    ifcfg_address_list_init(&addrs);
    for (guint i = 0; i < idx->len; i++) {
        gint64 n = g_array_index(idx, gint64, i);
        g_autofree char *k_addr = numbered_key("IPADDR", n);
        g_autofree char *k_prefix = numbered_key("PREFIX", n);
        g_autofree char *k_mask = numbered_key("NETMASK", n);
        g_autofree char *k_gw = numbered_key("GATEWAY", n);
        const char *addr = sv_get_value_str(s, k_addr);
        const char *mask;
        struct in_addr a;
        gint64 prefix;
        NMIPAddress *ip;
        g_autoptr(GError) local = NULL;

        if (!addr)
            continue;
        if (inet_pton(AF_INET, addr, &a) != 1) {
            ifcfg_utils_set_error(error, G_IO_ERROR_INVALID_DATA, path,
                                  _("invalid IPv4 address '%s' in %s"), addr, k_addr);
            return NULL;
        }
        if (sv_get_value_str(s, k_prefix)) {
            prefix = sv_get_int64(s, k_prefix, 10, 0, 32, -1);
            if (prefix < 0) {
                ifcfg_utils_set_error(error, G_IO_ERROR_INVALID_DATA, path,
                                      _("invalid IPv4 prefix '%s' in %s"),
                                      sv_get_value(s, k_prefix), k_prefix);
                return NULL;
            }
        } else if ((mask = sv_get_value_str(s, k_mask))) {
            struct in_addr m;

            if (inet_pton(AF_INET, mask, &m) != 1) {
                ifcfg_utils_set_error(error, G_IO_ERROR_INVALID_DATA, path,
                                      _("invalid IPv4 netmask '%s' in %s"), mask, k_mask);
                return NULL;
            }
            prefix = nm_utils_ip4_netmask_to_prefix(m.s_addr);
        } else {
            prefix = nm_utils_ip4_get_default_prefix(a.s_addr);
        }
        ip = nm_ip_address_new(AF_INET, addr, (guint)prefix, &local);
        if (!ip) {
            ifcfg_utils_set_error(error, G_IO_ERROR_INVALID_DATA, path, "%s: %s", k_addr,
                                  local->message);
            return NULL;
        }
        ifcfg_address_list_add(&addrs, ip);

        /* A numbered GATEWAYn serves if there is no plain GATEWAY. */
        if (n >= 0 && !sv_get_value_str(s, "GATEWAY") &&
            !nm_setting_ip_config_get_gateway(NM_SETTING_IP_CONFIG(s_ip4)) &&
            (v = sv_get_value_str(s, k_gw))) {
            if (!nm_utils_ipaddr_valid(AF_INET, v)) {
                ifcfg_utils_set_error(error, G_IO_ERROR_INVALID_DATA, path,
                                      _("invalid IPv4 gateway '%s' in %s"), v, k_gw);
                return NULL;
            }
            g_object_set(s_ip4, NM_SETTING_IP_CONFIG_GATEWAY, v, NULL);
        }
    }
    ifcfg_address_list_apply(&addrs, s_ip4);
    if ((v = sv_get_value_str(s, "GATEWAY"))) {
        if (!nm_utils_ipaddr_valid(AF_INET, v)) {
            ifcfg_utils_set_error(error, G_IO_ERROR_INVALID_DATA, path,
                                  _("invalid IPv4 gateway '%s' in %s"), v, "GATEWAY");
            return NULL;
        }
        g_object_set(s_ip4, NM_SETTING_IP_CONFIG_GATEWAY, v, NULL);
    }
    if (!add_dns(s, NM_SETTING_IP_CONFIG(s_ip4), AF_INET, error))
        return NULL;
    if ((v = sv_get_value_str(s, "DOMAIN"))) {
        g_auto(GStrv) domains = g_strsplit(v, " ", -1);

        if (!check_list_length(s, count_words(domains), BONDD_LIMIT_DNS_SEARCH, "ipv4.dns-search",
                               "DOMAIN", error))
            return NULL;
        for (guint i = 0; domains[i]; i++) {
            if (domains[i][0])
                nm_setting_ip_config_add_dns_search(NM_SETTING_IP_CONFIG(s_ip4), domains[i]);
        }
    }
    return g_steal_pointer(&s_ip4);
}

static gboolean
add_ip6_address(IfcfgAddressList *addrs, const char *path, const char *key, const char *text,
                GError **error)
{
    g_autofree char *addr = g_strdup(text);
    char *slash = strchr(addr, '/');
    gint64 prefix = 64;
    NMIPAddress *ip;
    g_autoptr(GError) local = NULL;

    if (slash) {
        char *end = NULL;

        *slash = '\0';
        prefix = g_ascii_strtoll(slash + 1, &end, 10);
        if (!slash[1] || *end || prefix < 0 || prefix > 128) {
            ifcfg_utils_set_error(error, G_IO_ERROR_INVALID_DATA, path,
                                  _("invalid IPv6 address '%s' in %s"), text, key);
            return FALSE;
        }
    }
    ip = nm_ip_address_new(AF_INET6, addr, (guint)prefix, &local);
    if (!ip) {
        ifcfg_utils_set_error(error, G_IO_ERROR_INVALID_DATA, path,
                              _("invalid IPv6 address '%s' in %s"), text, key);
        return FALSE;
    }
    ifcfg_address_list_add(addrs, ip);
    return TRUE;
}

/* IPV6_PRIVACY: a boolean, or "rfc3041"/"rfc4941" for yes; yes prefers the
 * temporary address unless IPV6_PRIVACY_PREFER_PUBLIC_IP=yes; missing is
 * "unknown" (the kernel's default decides). */
static NMSettingIP6ConfigPrivacy
read_ip6_privacy(ShvarFile *s)
{
    const char *v = sv_get_value_str(s, "IPV6_PRIVACY");
    gboolean on;

    if (!v)
        return NM_SETTING_IP6_CONFIG_PRIVACY_UNKNOWN;
    on = sv_parse_boolean(v, FALSE) || strcmp(v, "rfc3041") == 0 || strcmp(v, "rfc4941") == 0;
    if (!on)
        return NM_SETTING_IP6_CONFIG_PRIVACY_DISABLED;
    return sv_get_boolean(s, "IPV6_PRIVACY_PREFER_PUBLIC_IP", FALSE)
               ? NM_SETTING_IP6_CONFIG_PRIVACY_PREFER_PUBLIC_ADDR
               : NM_SETTING_IP6_CONFIG_PRIVACY_PREFER_TEMP_ADDR;
}

/* IPV6_RA_TIMEOUT: seconds to wait for a router advertisement (0: the
 * default); a bad value is warned about and left at the default. */
static void
read_ra_timeout(ShvarFile *s, NMSetting *s_ip6)
{
    const char *v = sv_get_value_str(s, "IPV6_RA_TIMEOUT");
    gint64 n;

    if (!v)
        return;
    n = sv_get_int64(s, "IPV6_RA_TIMEOUT", 10, 0, G_MAXINT32, -1);
    if (n < 0)
        sv_file_add_key_warning(s, "IPV6_RA_TIMEOUT", _("invalid %s '%s'"), "IPV6_RA_TIMEOUT", v);
    else
        g_object_set(s_ip6, NM_SETTING_IP6_CONFIG_RA_TIMEOUT, (int)n, NULL);
}

NMSetting *
ifcfg_ip_reader_ip6(ShvarFile *s, GError **error)
{
    const char *path = sv_file_get_path(s);
    g_autoptr(NMSetting) s_ip6 = nm_setting_ip6_config_new();
    const char *method;
    const char *v;
    gboolean ignore_or_disabled = FALSE;
    int gen_mode = NM_SETTING_IP6_CONFIG_ADDR_GEN_MODE_DEFAULT_OR_EUI64;
    g_auto(IfcfgAddressList) addrs = {NULL};

    if (sv_get_boolean(s, "IPV6_DISABLED", FALSE)) {
        method = NM_SETTING_IP6_CONFIG_METHOD_DISABLED;
        ignore_or_disabled = TRUE;
    } else if (!sv_get_boolean(s, "IPV6INIT", FALSE)) {
        method = NM_SETTING_IP6_CONFIG_METHOD_IGNORE;
        ignore_or_disabled = TRUE;
    } else {
        v = sv_get_value_str(s, "IPV6_AUTOCONF");
        if (v && g_ascii_strcasecmp(v, "shared") == 0)
            method = NM_SETTING_IP6_CONFIG_METHOD_SHARED;
        else if (sv_parse_boolean(v, !sv_get_boolean(s, "IPV6FORWARDING", FALSE)))
            method = NM_SETTING_IP6_CONFIG_METHOD_AUTO;
        else if (sv_get_boolean(s, "DHCPV6C", FALSE))
            method = NM_SETTING_IP6_CONFIG_METHOD_DHCP;
        else if (sv_get_value_str(s, "IPV6ADDR") || sv_get_value_str(s, "IPV6ADDR_SECONDARIES"))
            method = NM_SETTING_IP6_CONFIG_METHOD_MANUAL;
        else
            method = NM_SETTING_IP6_CONFIG_METHOD_LINK_LOCAL;
    }

    if ((v = sv_get_value_str(s, "IPV6_ADDR_GEN_MODE"))) {
        static const char *const modes[] = {"eui64", "stable-privacy", "default-or-eui64",
                                            "default"};
        gboolean found = FALSE;

        for (guint i = 0; i < G_N_ELEMENTS(modes); i++) {
            char num[2] = {(char)('0' + i), '\0'};

            if (strcmp(v, modes[i]) == 0 || strcmp(v, num) == 0) {
                gen_mode = (int)i;
                found = TRUE;
            }
        }
        if (!found)
            sv_file_add_key_warning(s, "IPV6_ADDR_GEN_MODE", _("invalid IPV6_ADDR_GEN_MODE '%s'"),
                                    v);
    }

    g_object_set(s_ip6, NM_SETTING_IP_CONFIG_METHOD, method, NM_SETTING_IP_CONFIG_NEVER_DEFAULT,
                 !sv_get_boolean(s, "IPV6_DEFROUTE", TRUE), NM_SETTING_IP_CONFIG_MAY_FAIL,
                 !sv_get_boolean(s, "IPV6_FAILURE_FATAL", FALSE),
                 NM_SETTING_IP6_CONFIG_ADDR_GEN_MODE, gen_mode, NM_SETTING_IP6_CONFIG_IP6_PRIVACY,
                 read_ip6_privacy(s), NULL);
    if (ignore_or_disabled)
        return g_steal_pointer(&s_ip6);
    read_route_metric(s, s_ip6, "IPV6_ROUTE_METRIC");
    ifcfg_dhcp_read(s, NM_SETTING_IP_CONFIG(s_ip6));
    read_ra_timeout(s, s_ip6);

    g_object_set(s_ip6, NM_SETTING_IP_CONFIG_IGNORE_AUTO_DNS,
                 !sv_get_boolean(s, "IPV6_PEERDNS", TRUE), NM_SETTING_IP_CONFIG_IGNORE_AUTO_ROUTES,
                 !sv_get_boolean(s, "IPV6_PEERROUTES", TRUE), NULL);

    ifcfg_address_list_init(&addrs);
    if ((v = sv_get_value_str(s, "IPV6ADDR")) &&
        !add_ip6_address(&addrs, path, "IPV6ADDR", v, error))
        return NULL;
    if ((v = sv_get_value_str(s, "IPV6ADDR_SECONDARIES"))) {
        g_auto(GStrv) list = g_strsplit_set(v, " \t", -1);

        if (!check_list_length(s, count_words(list), BONDD_LIMIT_ADDRESSES - 1, "ipv6.addresses",
                               "IPV6ADDR_SECONDARIES", error))
            return NULL;
        for (guint i = 0; list[i]; i++) {
            if (list[i][0] &&
                !add_ip6_address(&addrs, path, "IPV6ADDR_SECONDARIES", list[i], error))
                return NULL;
        }
    }
    ifcfg_address_list_apply(&addrs, s_ip6);
    if ((v = sv_get_value_str(s, "IPV6_DEFAULTGW"))) {
        /* "addr%dev": the device part is a scope, not part of the address. */
        g_autofree char *gw = g_strdup(v);
        char *pct = strchr(gw, '%');

        if (pct)
            *pct = '\0';
        if (!nm_utils_ipaddr_valid(AF_INET6, gw)) {
            ifcfg_utils_set_error(error, G_IO_ERROR_INVALID_DATA, path,
                                  _("invalid IPv6 gateway '%s' in %s"), v, "IPV6_DEFAULTGW");
            return NULL;
        }
        g_object_set(s_ip6, NM_SETTING_IP_CONFIG_GATEWAY, gw, NULL);
    }
    if (!add_dns(s, NM_SETTING_IP_CONFIG(s_ip6), AF_INET6, error))
        return NULL;
    return g_steal_pointer(&s_ip6);
}
