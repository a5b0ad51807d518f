/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * ifcfg file-name rules; see ifcfg-utils.h.
 */
#include "config.h"

#include "ifcfg-utils.h"

#include <gio/gio.h>
#include <stdarg.h>
#include <string.h>

static const char *const ignored_suffixes[] = {
    "~", ".bak", ".orig", ".rej", ".rpmnew", ".rpmsave", ".augnew", ".augtmp",
};

static gboolean
has_suffix_ci(const char *name, const char *suffix)
{
    gsize n = strlen(name);
    gsize l = strlen(suffix);

    /* The name must be longer than the suffix: "~" alone is not a backup. */
    return n > l && g_ascii_strcasecmp(name + n - l, suffix) == 0;
}

/* rpm writes "name;5a3e1b2c" while installing. */
static gboolean
is_rpm_temp(const char *name)
{
    gsize n = strlen(name);

    if (n < 9 || name[n - 9] != ';')
        return FALSE;
    for (gsize i = n - 8; i < n; i++) {
        if (!g_ascii_isxdigit(name[i]))
            return FALSE;
    }
    return TRUE;
}

static const char *
strip_known_prefix(const char *name, gboolean only_ifcfg)
{
    static const char *const extra[] = {"keys-", "route6-", "route-"};

    if (g_str_has_prefix(name, IFCFG_PREFIX))
        return name + strlen(IFCFG_PREFIX);
    if (only_ifcfg)
        return NULL;
    for (guint i = 0; i < G_N_ELEMENTS(extra); i++) {
        if (g_str_has_prefix(name, extra[i]))
            return name + strlen(extra[i]);
    }
    return NULL;
}

gboolean
ifcfg_utils_should_ignore_file(const char *name, gboolean only_ifcfg)
{
    const char *rest;

    g_return_val_if_fail(name, TRUE);

    if (strchr(name, '/'))
        return TRUE;
    rest = strip_known_prefix(name, only_ifcfg);
    if (!rest || !rest[0])
        return TRUE;
    for (guint i = 0; i < G_N_ELEMENTS(ignored_suffixes); i++) {
        if (has_suffix_ci(name, ignored_suffixes[i]))
            return TRUE;
    }
    return is_rpm_temp(name);
}

const char *
ifcfg_utils_get_ifcfg_name(const char *path)
{
    const char *base = strrchr(path, '/');

    base = base ? base + 1 : path;
    if (!g_str_has_prefix(base, IFCFG_PREFIX) || !base[strlen(IFCFG_PREFIX)])
        return NULL;
    return base + strlen(IFCFG_PREFIX);
}

gboolean
ifcfg_utils_is_alias_of_existing(const char *path)
{
    const char *name = ifcfg_utils_get_ifcfg_name(path);
    const char *colon;
    g_autofree char *base = NULL;

    if (!name)
        return FALSE;
    colon = strchr(name, ':');
    if (!colon || colon == name)
        return FALSE;
    base = g_strndup(path, colon - path);
    return g_file_test(base, G_FILE_TEST_EXISTS);
}

char *
ifcfg_utils_detect_ifcfg_path(const char *path)
{
    g_autofree char *dir = NULL;
    g_autofree char *base = NULL;
    const char *rest;
    const char *colon;

    if (!g_path_is_absolute(path))
        return NULL;
    base = g_path_get_basename(path);
    if (ifcfg_utils_should_ignore_file(base, FALSE))
        return NULL;
    dir = g_path_get_dirname(path);
    rest = strip_known_prefix(base, FALSE);
    colon = strchr(rest, ':');
    if (colon && colon != rest && g_str_has_prefix(base, IFCFG_PREFIX)) {
        g_autofree char *name = g_strndup(rest, colon - rest);
        g_autofree char *main_path = g_strdup_printf("%s/" IFCFG_PREFIX "%s", dir, name);

        if (g_file_test(main_path, G_FILE_TEST_EXISTS))
            return g_steal_pointer(&main_path);
    }
    return g_strdup_printf("%s/" IFCFG_PREFIX "%s", dir, rest);
}

char *
ifcfg_utils_get_extra_path(const char *ifcfg_path, const char *prefix)
{
    g_autofree char *dir = g_path_get_dirname(ifcfg_path);
    const char *name = ifcfg_utils_get_ifcfg_name(ifcfg_path);

    g_return_val_if_fail(name, NULL);
    return g_strdup_printf("%s/%s%s", dir, prefix, name);
}

char *
ifcfg_utils_uuid_from_path(const char *path)
{
    g_autoptr(GChecksum) sum = g_checksum_new(G_CHECKSUM_MD5);
    guint8 d[16];
    gsize len = sizeof(d);

    g_checksum_update(sum, (const guchar *)path, strlen(path));
    g_checksum_get_digest(sum, d, &len);
    return g_strdup_printf("%02x%02x%02x%02x-%02x%02x-%02x%02x-%02x%02x-"
                           "%02x%02x%02x%02x%02x%02x",
                           d[0], d[1], d[2], d[3], d[4], d[5], d[6], d[7], d[8], d[9], d[10], d[11],
                           d[12], d[13], d[14], d[15]);
}

/* Bytes of the escaped id kept in a file name: with "ifcfg-", a "-9999"
 * suffix and the atomic writer's temp-file decoration (atomic-file.h) the
 * name stays within NAME_MAX (255). */
#define ESCAPED_ID_MAX 200

char *
ifcfg_utils_escape_id(const char *id)
{
    GString *out = g_string_new(IFCFG_PREFIX);
    const char *end = id + strlen(id);

    /* Whole UTF-8 characters only. */
    if (end - id > ESCAPED_ID_MAX) {
        end = id + ESCAPED_ID_MAX;
        while (end > id && ((guchar)*end & 0xC0) == 0x80)
            end--;
    }
    for (const char *p = id; p < end; p++) {
        if (*p == ' ')
            g_string_append_c(out, '_');
        else if (strchr("\\][|/=()!:", *p) || (guchar)*p < 0x20 || *p == 0x7f)
            g_string_append_c(out, '-');
        else
            g_string_append_c(out, *p);
    }
    return g_string_free(out, FALSE);
}

char *
ifcfg_utils_new_path(const char *dir, const char *id, GHashTable *taken)
{
    g_autofree char *name = ifcfg_utils_escape_id(id);

    for (guint i = 0; i < 10000; i++) {
        g_autofree char *base = i == 0 ? g_strdup(name) : g_strdup_printf("%s-%u", name, i);
        g_autofree char *path = g_build_filename(dir, base, NULL);

        /* Never a name the reader skips ("x.bak" -> "ifcfg-x.bak-1"): the
         * profile would vanish at the next reload, its file left behind. */
        if (ifcfg_utils_should_ignore_file(base, TRUE))
            continue;
        if (taken && g_hash_table_contains(taken, path))
            continue;
        if (g_file_test(path, G_FILE_TEST_EXISTS | G_FILE_TEST_IS_SYMLINK))
            continue;
        return g_steal_pointer(&path);
    }
    return NULL;
}

/* The keys ifcfg-rh gives a meaning to.  Sorted for bsearch. */
static const char *const well_known_keys[] = {
    "ACCEPT_ALL_MAC_ADDRESSES",
    "ACD_TIMEOUT",
    "ARPING_WAIT",
    "AUTOCONNECT_PRIORITY",
    "AUTOCONNECT_RETRIES",
    "AUTOCONNECT_SLAVES",
    "BONDING_MASTER",
    "BONDING_OPTS",
    "BOND_PORT_PRIO",
    "BOND_PORT_QUEUE_ID",
    "BOOTPROTO",
    "BRIDGE",
    "BRIDGE_MACADDR",
    "BRIDGE_PORT_VLANS",
    "BRIDGE_UUID",
    "BRIDGE_VLANS",
    "BRIDGING_OPTS",
    "BROWSER_ONLY",
    "CONNECTED_MODE",
    "CONNECTION_METERED",
    "CTCPROT",
    "DEFROUTE",
    "DELAY",
    "DEVICE",
    "DEVICETYPE",
    "DEVTIMEOUT",
    "DHCLIENT_SET_HOSTNAME",
    "DHCPV6C",
    "DHCPV6_DUID",
    "DHCPV6_HOSTNAME",
    "DHCPV6_IAID",
    "DHCPV6_SEND_HOSTNAME",
    "DHCP_CLIENT_ID",
    "DHCP_FQDN",
    "DHCP_HOSTNAME",
    "DHCP_IAID",
    "DHCP_SEND_HOSTNAME",
    "DHCP_VENDOR_CLASS_IDENTIFIER",
    "DOMAIN",
    "ETHTOOL_OPTS",
    "ETHTOOL_WAKE_ON_LAN",
    "GATEWAY",
    "GATEWAY_PING_TIMEOUT",
    "GENERATE_MAC_ADDRESS_MASK",
    "GVRP",
    "HWADDR",
    "HWADDR_BLACKLIST",
    "IPADDR",
    "IPV4_DHCP_TIMEOUT",
    "IPV4_DNS_PRIORITY",
    "IPV4_FAILURE_FATAL",
    "IPV4_ROUTE_METRIC",
    "IPV4_ROUTE_TABLE",
    "IPV6ADDR",
    "IPV6ADDR_SECONDARIES",
    "IPV6FORWARDING",
    "IPV6INIT",
    "IPV6_ADDR_GEN_MODE",
    "IPV6_AUTOCONF",
    "IPV6_DEFAULTDEV",
    "IPV6_DEFAULTGW",
    "IPV6_DEFROUTE",
    "IPV6_DHCP_TIMEOUT",
    "IPV6_DISABLED",
    "IPV6_DNS_PRIORITY",
    "IPV6_DOMAIN",
    "IPV6_FAILURE_FATAL",
    "IPV6_PEERDNS",
    "IPV6_PEERROUTES",
    "IPV6_PRIVACY",
    "IPV6_PRIVACY_PREFER_PUBLIC_IP",
    "IPV6_RA_TIMEOUT",
    "IPV6_RES_OPTIONS",
    "IPV6_ROUTE_METRIC",
    "IPV6_ROUTE_TABLE",
    "IPV6_SET_HOSTNAME",
    "IPV6_TOKEN",
    "KEY_MGMT",
    "LLDP",
    "MACADDR",
    "MASTER",
    "MASTER_UUID",
    "MATCH_INTERFACE_NAME",
    "MTU",
    "MUD_URL",
    "MULTI_CONNECT",
    "MVRP",
    "NAME",
    "NETMASK",
    "NETTYPE",
    "NM_CONTROLLED",
    "ONBOOT",
    "OPTIONS",
    "OVS_PORT",
    "OVS_PORT_UUID",
    "PAC_SCRIPT",
    "PAC_URL",
    "PEERDNS",
    "PEERROUTES",
    "PHYSDEV",
    "PORTNAME",
    "PREFIX",
    "PROXY_METHOD",
    "REORDER_HDR",
    "RES_OPTIONS",
    "SECONDARY_UUIDS",
    "SLAVE",
    "STABLE_ID",
    "STP",
    "SUBCHANNELS",
    "TEAM_CONFIG",
    "TEAM_MASTER",
    "TEAM_MASTER_UUID",
    "TEAM_PORT_CONFIG",
    "TYPE",
    "USERS",
    "UUID",
    "VLAN",
    "VLAN_EGRESS_PRIORITY_MAP",
    "VLAN_FLAGS",
    "VLAN_ID",
    "VLAN_INGRESS_PRIORITY_MAP",
    "VLAN_PROTOCOL",
    "VRF",
    "VRF_UUID",
    "ZONE",
};

/* Keys that also exist with a numeric suffix (IPADDR0, DNS1...). */
static const char *const numbered_keys[] = {
    "DNS", "GATEWAY", "IPADDR", "NETMASK", "PREFIX", "ROUTING_RULE6_", "ROUTING_RULE_",
};

static int
cmp_key(const void *a, const void *b)
{
    return strcmp(*(const char *const *)a, *(const char *const *)b);
}

gboolean
ifcfg_utils_is_well_known_key(const char *key)
{
    if (bsearch(&key, well_known_keys, G_N_ELEMENTS(well_known_keys), sizeof(char *), cmp_key))
        return TRUE;
    if (g_str_has_prefix(key, "NM_USER_"))
        return TRUE;
    for (guint i = 0; i < G_N_ELEMENTS(numbered_keys); i++) {
        const char *rest;

        if (!g_str_has_prefix(key, numbered_keys[i]))
            continue;
        rest = key + strlen(numbered_keys[i]);
        if (!rest[0])
            continue;
        while (g_ascii_isdigit(*rest))
            rest++;
        if (!*rest)
            return TRUE;
    }
    return FALSE;
}

void
ifcfg_utils_set_error(GError **error, int code, const char *path, const char *fmt, ...)
{
    g_autofree char *msg = NULL;
    va_list ap;

    va_start(ap, fmt);
    msg = g_strdup_vprintf(fmt, ap);
    va_end(ap);
    g_set_error(error, G_IO_ERROR, code, "%s: %s", path, msg);
}
