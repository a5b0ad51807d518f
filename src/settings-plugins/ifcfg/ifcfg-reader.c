/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * ifcfg file -> NMConnection.  The rules (type detection, defaults,
 * BONDING_OPTS tokenisation, what is fatal and what only warns) are
 * NetworkManager's ifcfg-rh ones, so a file means the same to both.  libnm
 * decides validity: we build the settings and let nm_connection_normalize()
 * accept or reject them.
 */
#include "config.h"

#include "ifcfg-reader.h"

#include <arpa/inet.h>
#include <errno.h>
#include <glib/gi18n-lib.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "connection-normalize.h"
#include "ifcfg-address-list.h"
#include "ifcfg-bonding-opts.h"
#include "ifcfg-bridge.h"
#include "ifcfg-dhcp.h"
#include "ifcfg-ethtool.h"
#include "ifcfg-utils.h"
#include "ifcfg-vlan.h"
#include "profile-limits.h"

/* Every reader error starts with the file name. */
static void G_GNUC_PRINTF(4, 5)
    set_error(GError **error, int code, const char *path, const char *fmt, ...)
{
    g_autofree char *msg = NULL;
    va_list ap;

    va_start(ap, fmt);
    msg = g_strdup_vprintf(fmt, ap);
    va_end(ap);
    g_set_error(error, G_IO_ERROR, code, "%s: %s", path, msg);
}

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
/* Type detection */

typedef enum {
    IFCFG_TYPE_ETHERNET,
    IFCFG_TYPE_BOND,
    IFCFG_TYPE_VLAN,
    IFCFG_TYPE_BRIDGE,
} IfcfgType;

/* The TYPE= of each handled type, its profiles' connection.type and the
 * first word of the name of a profile without NAME=.  There is no dummy:
 * ifcfg-rh has none (NetworkManager and bondd keep dummies in keyfiles). */
static const struct {
    const char *name;
    const char *setting_type;
    const char *id_prefix;
    gboolean translated; /* ifcfg-rh translates some prefixes, not all */
} types[] = {
    [IFCFG_TYPE_ETHERNET] = {"Ethernet", NM_SETTING_WIRED_SETTING_NAME, "System", FALSE},
    [IFCFG_TYPE_BOND] = {"Bond", NM_SETTING_BOND_SETTING_NAME, N_("Bond"), TRUE},
    [IFCFG_TYPE_VLAN] = {"Vlan", NM_SETTING_VLAN_SETTING_NAME, "Vlan", FALSE},
    [IFCFG_TYPE_BRIDGE] = {"Bridge", NM_SETTING_BRIDGE_SETTING_NAME, N_("Bridge"), TRUE},
};

/* Types ifcfg-rh knows but bondd does not handle. */
static const char *const other_known_types[] = {
    "Wireless",
    "InfiniBand",
    "Team",
};

static gboolean
detect_type(ShvarFile *s, IfcfgType *out_type, gboolean *out_unrecognized, GError **error)
{
    const char *path = sv_file_get_path(s);
    const char *type = NULL;
    const char *devtype = sv_get_value_str(s, "DEVICETYPE");
    g_autofree char *type_free = NULL;

    *out_unrecognized = FALSE;

    if (devtype && (g_ascii_strcasecmp(devtype, "Team") == 0)) {
        type = "Team";
    } else if (devtype && g_ascii_strcasecmp(devtype, "TeamPort") == 0) {
        type = sv_get_value_str(s, "TYPE");
        if (!type)
            type = sv_get_boolean(s, "VLAN", FALSE) ? "Vlan" : "Ethernet";
    }
    if (!type && sv_get_value_str(s, "TEAM_CONFIG"))
        type = "Team";
    if (!type)
        type = sv_get_value_str(s, "TYPE");

    if (!type) {
        const char *device = sv_get_value_str(s, "DEVICE");

        if (sv_get_value(s, "IPV6TUNNELIPV4")) {
            set_error(error, G_IO_ERROR_NOT_SUPPORTED, path, _("ignoring IPv6 tunnel file"));
            return FALSE;
        }
        if (!device) {
            set_error(error, G_IO_ERROR_INVALID_DATA, path,
                      _("file had neither TYPE nor DEVICE keys"));
            return FALSE;
        }
        if (strcmp(device, "lo") == 0) {
            set_error(error, G_IO_ERROR_NOT_SUPPORTED, path, _("ignoring loopback device file"));
            return FALSE;
        }
        if (sv_get_boolean(s, "BONDING_MASTER", FALSE))
            type = "Bond";
        else if (sv_get_boolean(s, "VLAN", FALSE))
            type = "Vlan";
        else {
            g_autofree char *prefix = g_strdup(device);
            gsize n = strlen(prefix);

            while (n > 0 && g_ascii_isdigit(prefix[n - 1]))
                prefix[--n] = '\0';
            type = strcmp(prefix, "wireless") == 0 ? "Wireless" : "Ethernet";
        }
    } else if (g_ascii_strcasecmp(type, "CTC") == 0) {
        type = "Ethernet";
    }

    /* initscripts treat TYPE=Ethernet (exactly) with BONDING_OPTS as a
     * bond controller. */
    if (strcmp(type, "Ethernet") == 0 && sv_get_value_str(s, "BONDING_OPTS"))
        type = "Bond";

    if (sv_get_boolean(s, "BONDING_MASTER", FALSE) && g_ascii_strcasecmp(type, "Bond") != 0) {
        set_error(error, G_IO_ERROR_INVALID_DATA, path,
                  _("BONDING_MASTER=yes key only allowed in TYPE=bond connections"));
        return FALSE;
    }

    for (guint i = 0; i < G_N_ELEMENTS(types); i++) {
        if (g_ascii_strcasecmp(type, types[i].name) == 0) {
            *out_type = (IfcfgType)i;
            return TRUE;
        }
    }

    *out_unrecognized = TRUE;
    type_free = g_strdup(type);
    for (guint i = 0; i < G_N_ELEMENTS(other_known_types); i++) {
        if (g_ascii_strcasecmp(type, other_known_types[i]) == 0) {
            set_error(error, G_IO_ERROR_NOT_SUPPORTED, path,
                      _("connection type '%s' is not handled by bondd"), type_free);
            return FALSE;
        }
    }
    set_error(error, G_IO_ERROR_NOT_SUPPORTED, path, _("unknown connection type '%s'"), type_free);
    return FALSE;
}

/* The device spec for a file that is not a profile: MAC first, then s390
 * subchannels, then the interface name. */
static char *
device_spec(ShvarFile *s)
{
    const char *v;

    if ((v = sv_get_value_str(s, "HWADDR"))) {
        g_autofree char *mac = g_ascii_strdown(v, -1);

        return g_strdup_printf("mac:%s", g_strstrip(mac));
    }
    if ((v = sv_get_value_str(s, "SUBCHANNELS")))
        return g_strdup_printf("s390-subchannels:%s", v);
    if ((v = sv_get_value_str(s, "DEVICE")))
        return g_strdup_printf("interface-name:=%s", v);
    return NULL;
}

/*****************************************************************************/
/* connection setting */

static NMSetting *
make_connection_setting(ShvarFile *s, IfcfgType type)
{
    const char *path = sv_file_get_path(s);
    NMSetting *s_con = nm_setting_connection_new();
    const char *name = sv_get_value_str(s, "NAME");
    const char *uuid = sv_get_value_str(s, "UUID");
    const char *device = sv_get_value_str(s, "DEVICE");
    g_autofree char *id = NULL;
    g_autofree char *uuid_free = NULL;
    int autoconnect_ports;
    static const char *const controller_keys[][3] = {
        /* The first pair present wins, in ifcfg-rh's order. */
        {"BRIDGE_UUID", "BRIDGE", NM_SETTING_BRIDGE_SETTING_NAME},
        {"MASTER_UUID", "MASTER", NM_SETTING_BOND_SETTING_NAME},
        {"TEAM_MASTER_UUID", "TEAM_MASTER", NM_SETTING_TEAM_SETTING_NAME},
    };

    if (!name) {
        const char *suffix = ifcfg_utils_get_ifcfg_name(path);

        id = g_strdup_printf(
            "%s %s", types[type].translated ? _(types[type].id_prefix) : types[type].id_prefix,
            suffix ? suffix : path);
        name = id;
    }
    if (!uuid) {
        uuid_free = ifcfg_utils_uuid_from_path(path);
        uuid = uuid_free;
    }
    if (device && !nm_utils_is_valid_iface_name(device, NULL)) {
        sv_file_add_key_warning(s, "DEVICE", _("invalid DEVICE name '%s'"), device);
        device = NULL;
    }

    g_object_set(s_con, NM_SETTING_CONNECTION_ID, name, NM_SETTING_CONNECTION_UUID, uuid,
                 NM_SETTING_CONNECTION_TYPE, types[type].setting_type,
                 NM_SETTING_CONNECTION_INTERFACE_NAME, device, NM_SETTING_CONNECTION_AUTOCONNECT,
                 sv_get_boolean(s, "ONBOOT", TRUE), NULL);

    if (sv_get_value_str(s, "AUTOCONNECT_PRIORITY")) {
        gint64 prio = sv_get_int64(s, "AUTOCONNECT_PRIORITY", 10,
                                   NM_SETTING_CONNECTION_AUTOCONNECT_PRIORITY_MIN,
                                   NM_SETTING_CONNECTION_AUTOCONNECT_PRIORITY_MAX, G_MININT64);

        if (prio == G_MININT64)
            sv_file_add_key_warning(s, "AUTOCONNECT_PRIORITY",
                                    _("invalid AUTOCONNECT_PRIORITY '%s'"),
                                    sv_get_value(s, "AUTOCONNECT_PRIORITY"));
        else
            g_object_set(s_con, NM_SETTING_CONNECTION_AUTOCONNECT_PRIORITY, (int)prio, NULL);
    }
    g_object_set(s_con, NM_SETTING_CONNECTION_ZONE, sv_get_value_str(s, "ZONE"), NULL);

    autoconnect_ports = sv_get_boolean(s, "AUTOCONNECT_SLAVES", -1);
    g_object_set(s_con, NM_SETTING_CONNECTION_AUTOCONNECT_SLAVES,
                 autoconnect_ports == -1  ? NM_SETTING_CONNECTION_AUTOCONNECT_SLAVES_DEFAULT
                 : autoconnect_ports == 1 ? NM_SETTING_CONNECTION_AUTOCONNECT_SLAVES_YES
                                          : NM_SETTING_CONNECTION_AUTOCONNECT_SLAVES_NO,
                 NULL);

    /* SLAVE=yes is not needed: MASTER alone makes a port. */
    for (guint i = 0; i < G_N_ELEMENTS(controller_keys); i++) {
        const char *controller = sv_get_value_str(s, controller_keys[i][0]);

        if (!controller)
            controller = sv_get_value_str(s, controller_keys[i][1]);
        if (!controller)
            continue;
        g_object_set(s_con, NM_SETTING_CONNECTION_MASTER, controller,
                     NM_SETTING_CONNECTION_SLAVE_TYPE, controller_keys[i][2], NULL);
        break;
    }
    return s_con;
}

/*****************************************************************************/
/* 802-3-ethernet */

static NMSetting *
make_wired_setting(ShvarFile *s, gboolean only_if_keys)
{
    static const char *const triggers[] = {
        "MTU",
        "HWADDR",
        "MACADDR",
        "SUBCHANNELS",
        "PORTNAME",
        "CTCPROT",
        "NETTYPE",
        "OPTIONS",
        "GENERATE_MAC_ADDRESS_MASK",
        "HWADDR_BLACKLIST",
        "KEY_MGMT",
        "ACCEPT_ALL_MAC_ADDRESSES",
        "ETHTOOL_OPTS",
        "ETHTOOL_WAKE_ON_LAN",
    };
    NMSetting *s_wired;
    const char *v;
    gboolean any = FALSE;

    for (guint i = 0; i < G_N_ELEMENTS(triggers); i++)
        any = any || sv_get_value(s, triggers[i]) != NULL;
    if (only_if_keys && !any)
        return NULL;

    s_wired = nm_setting_wired_new();

    if ((v = sv_get_value(s, "MTU")) && v[0]) {
        gint64 mtu = sv_get_int64(s, "MTU", 0, 0, 65535, -1);

        if (mtu >= 0)
            g_object_set(s_wired, NM_SETTING_WIRED_MTU, (guint)mtu, NULL);
        else
            sv_file_add_key_warning(s, "MTU", _("invalid MTU '%s'"), v);
    }
    if ((v = sv_get_value_str(s, "HWADDR"))) {
        g_autofree char *mac = g_strstrip(g_strdup(v));

        /* An invalid MAC stays in the setting so that verify rejects it. */
        g_object_set(s_wired, NM_SETTING_WIRED_MAC_ADDRESS, mac, NULL);
    }
    if ((v = sv_get_value_str(s, "MACADDR"))) {
        g_autofree char *mac = g_strstrip(g_strdup(v));

        g_object_set(s_wired, NM_SETTING_WIRED_CLONED_MAC_ADDRESS, mac, NULL);
    }
    if ((v = sv_get_value(s, "ACCEPT_ALL_MAC_ADDRESSES")) && v[0]) {
        int all = sv_parse_boolean(v, -1);

        if (all < 0)
            sv_file_add_key_warning(s, "ACCEPT_ALL_MAC_ADDRESSES",
                                    _("invalid ACCEPT_ALL_MAC_ADDRESSES '%s'"), v);
        else
            g_object_set(s_wired, NM_SETTING_WIRED_ACCEPT_ALL_MAC_ADDRESSES,
                         all ? NM_TERNARY_TRUE : NM_TERNARY_FALSE, NULL);
    }
    ifcfg_ethtool_read(s, NM_SETTING_WIRED(s_wired));
    return s_wired;
}

/*****************************************************************************/
/* bond and bond-port */

static NMSetting *
make_bond_setting(ShvarFile *s, GError **error)
{
    const char *path = sv_file_get_path(s);
    NMSetting *s_bond;

    if (!sv_get_value_str(s, "DEVICE")) {
        set_error(error, G_IO_ERROR_INVALID_DATA, path, _("mandatory DEVICE keyword missing"));
        return NULL;
    }
    s_bond = nm_setting_bond_new();
    ifcfg_bonding_opts_read(s, NM_SETTING_BOND(s_bond), sv_get_value_str(s, "BONDING_OPTS"));
    return s_bond;
}

/* The setting of a virtual type's file. */
static NMSetting *
make_type_setting(ShvarFile *s, IfcfgType type, GError **error)
{
    switch (type) {
        case IFCFG_TYPE_BOND:
            return make_bond_setting(s, error);
        case IFCFG_TYPE_VLAN:
            return ifcfg_vlan_read(s, error);
        case IFCFG_TYPE_BRIDGE:
            if (!sv_get_value_str(s, "DEVICE")) {
                set_error(error, G_IO_ERROR_INVALID_DATA, sv_file_get_path(s),
                          _("mandatory DEVICE keyword missing"));
                return NULL;
            }
            return ifcfg_bridge_read(s);
        default:
            g_return_val_if_reached(NULL);
    }
}

/* libnm 1.42 has queue-id only; prio arrived later.  Probe at run time so a
 * newer libnm carries it. */
static gboolean
bond_port_has_prio(void)
{
    g_autoptr(GTypeClass) klass = g_type_class_ref(NM_TYPE_SETTING_BOND_PORT);

    return g_object_class_find_property(G_OBJECT_CLASS(klass), "prio") != NULL;
}

static NMSetting *
make_bond_port_setting(ShvarFile *s)
{
    const char *path = sv_file_get_path(s);
    const char *queue = sv_get_value(s, "BOND_PORT_QUEUE_ID");
    const char *prio = sv_get_value(s, "BOND_PORT_PRIO");
    NMSetting *s_port;

    if (!queue && !prio)
        return NULL;

    s_port = nm_setting_bond_port_new();
    if (queue) {
        gint64 v = sv_get_int64(s, "BOND_PORT_QUEUE_ID", 10, 0, G_MAXUINT16, -1);

        if (v >= 0)
            g_object_set(s_port, NM_SETTING_BOND_PORT_QUEUE_ID, (guint)v, NULL);
        else
            sv_file_add_key_warning(s, "BOND_PORT_QUEUE_ID", _("invalid BOND_PORT_QUEUE_ID '%s'"),
                                    queue);
    }
    if (prio) {
        gint64 v = sv_get_int64(s, "BOND_PORT_PRIO", 10, G_MININT32, G_MAXINT32, G_MININT64);

        if (v == G_MININT64)
            sv_file_add_key_warning(s, "BOND_PORT_PRIO", _("invalid BOND_PORT_PRIO '%s'"), prio);
        else if (bond_port_has_prio())
            g_object_set(s_port, "prio", (int)v, NULL);
        else
            g_debug("%s: BOND_PORT_PRIO not supported by this libnm; kept in the file", path);
    }
    return s_port;
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
    set_error(error, G_IO_ERROR_INVALID_DATA, sv_file_get_path(s),
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
            set_error(error, G_IO_ERROR_INVALID_DATA, sv_file_get_path(s),
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

static NMSetting *
make_ip4_setting(ShvarFile *s, GError **error)
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
        set_error(error, G_IO_ERROR_INVALID_DATA, path, _("unknown BOOTPROTO '%s'"), bootproto);
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
            set_error(error, G_IO_ERROR_INVALID_DATA, path, _("invalid IPv4 address '%s' in %s"),
                      addr, k_addr);
            return NULL;
        }
        if (sv_get_value_str(s, k_prefix)) {
            prefix = sv_get_int64(s, k_prefix, 10, 0, 32, -1);
            if (prefix < 0) {
                set_error(error, G_IO_ERROR_INVALID_DATA, path, _("invalid IPv4 prefix '%s' in %s"),
                          sv_get_value(s, k_prefix), k_prefix);
                return NULL;
            }
        } else if ((mask = sv_get_value_str(s, k_mask))) {
            struct in_addr m;

            if (inet_pton(AF_INET, mask, &m) != 1) {
                set_error(error, G_IO_ERROR_INVALID_DATA, path,
                          _("invalid IPv4 netmask '%s' in %s"), mask, k_mask);
                return NULL;
            }
            prefix = nm_utils_ip4_netmask_to_prefix(m.s_addr);
        } else {
            prefix = nm_utils_ip4_get_default_prefix(a.s_addr);
        }
        ip = nm_ip_address_new(AF_INET, addr, (guint)prefix, &local);
        if (!ip) {
            set_error(error, G_IO_ERROR_INVALID_DATA, path, "%s: %s", k_addr, local->message);
            return NULL;
        }
        ifcfg_address_list_add(&addrs, ip);

        /* A numbered GATEWAYn serves if there is no plain GATEWAY. */
        if (n >= 0 && !sv_get_value_str(s, "GATEWAY") &&
            !nm_setting_ip_config_get_gateway(NM_SETTING_IP_CONFIG(s_ip4)) &&
            (v = sv_get_value_str(s, k_gw))) {
            if (!nm_utils_ipaddr_valid(AF_INET, v)) {
                set_error(error, G_IO_ERROR_INVALID_DATA, path,
                          _("invalid IPv4 gateway '%s' in %s"), v, k_gw);
                return NULL;
            }
            g_object_set(s_ip4, NM_SETTING_IP_CONFIG_GATEWAY, v, NULL);
        }
    }
    ifcfg_address_list_apply(&addrs, s_ip4);
    if ((v = sv_get_value_str(s, "GATEWAY"))) {
        if (!nm_utils_ipaddr_valid(AF_INET, v)) {
            set_error(error, G_IO_ERROR_INVALID_DATA, path, _("invalid IPv4 gateway '%s' in %s"), v,
                      "GATEWAY");
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
            set_error(error, G_IO_ERROR_INVALID_DATA, path, _("invalid IPv6 address '%s' in %s"),
                      text, key);
            return FALSE;
        }
    }
    ip = nm_ip_address_new(AF_INET6, addr, (guint)prefix, &local);
    if (!ip) {
        set_error(error, G_IO_ERROR_INVALID_DATA, path, _("invalid IPv6 address '%s' in %s"), text,
                  key);
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

static NMSetting *
make_ip6_setting(ShvarFile *s, GError **error)
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
            set_error(error, G_IO_ERROR_INVALID_DATA, path, _("invalid IPv6 gateway '%s' in %s"), v,
                      "IPV6_DEFAULTGW");
            return NULL;
        }
        g_object_set(s_ip6, NM_SETTING_IP_CONFIG_GATEWAY, gw, NULL);
    }
    if (!add_dns(s, NM_SETTING_IP_CONFIG(s_ip6), AF_INET6, error))
        return NULL;
    return g_steal_pointer(&s_ip6);
}

static NMSetting *
make_proxy_setting(ShvarFile *s)
{
    const char *method = sv_get_value_str(s, "PROXY_METHOD");
    NMSetting *s_proxy;

    if (!method)
        return NULL;
    s_proxy = nm_setting_proxy_new();
    if (g_ascii_strcasecmp(method, "auto") == 0) {
        g_object_set(s_proxy, NM_SETTING_PROXY_METHOD, NM_SETTING_PROXY_METHOD_AUTO,
                     NM_SETTING_PROXY_PAC_URL, sv_get_value_str(s, "PAC_URL"), NULL);
    } else {
        g_object_set(s_proxy, NM_SETTING_PROXY_METHOD, NM_SETTING_PROXY_METHOD_NONE, NULL);
    }
    g_object_set(s_proxy, NM_SETTING_PROXY_BROWSER_ONLY, sv_get_boolean(s, "BROWSER_ONLY", FALSE),
                 NULL);
    return s_proxy;
}

/*****************************************************************************/

/* Any value holds at most a string's worth (profile-limits.h), but for the
 * lists whose entries the reader counts. */
static gboolean
check_value_lengths(ShvarFile *s, GError **error)
{
    static const char *const lists[] = {"DOMAIN", "IPV6ADDR_SECONDARIES", NULL};
    g_autoptr(GPtrArray) keys = sv_get_keys(s);

    for (guint i = 0; i < keys->len; i++) {
        const char *key = keys->pdata[i];
        gsize len = strlen(sv_get_value(s, key));

        if (len > BONDD_LIMIT_STRING_BYTES && !g_strv_contains(lists, key)) {
            set_error(error, G_IO_ERROR_INVALID_DATA, sv_file_get_path(s),
                      _("%s: a value of %lu bytes; at most %d"), key, (unsigned long)len,
                      BONDD_LIMIT_STRING_BYTES);
            return FALSE;
        }
    }
    return TRUE;
}

static NMConnection *
read_connection(ShvarFile *s, char **out_unmanaged_spec, char **out_unrecognized_spec,
                GError **error)
{
    const char *path = sv_file_get_path(s);
    g_autoptr(NMConnection) connection = NULL;
    g_autoptr(GError) local = NULL;
    IfcfgType type = IFCFG_TYPE_ETHERNET;
    gboolean unrecognized = FALSE;
    const char *bootproto;
    NMSetting *setting;

    if (out_unmanaged_spec)
        *out_unmanaged_spec = NULL;
    if (out_unrecognized_spec)
        *out_unrecognized_spec = NULL;

    if (!sv_get_boolean(s, "NM_CONTROLLED", TRUE)) {
        char *spec = device_spec(s);

        if (!spec) {
            set_error(error, G_IO_ERROR_INVALID_DATA, path,
                      _("NM_CONTROLLED was false but device was not uniquely identified; "
                        "device will be managed"));
            return NULL;
        }
        if (out_unmanaged_spec)
            *out_unmanaged_spec = spec;
        else
            g_free(spec);
        return NULL;
    }

    if (g_strcmp0(sv_get_value_str(s, "DEVICE"), "lo") != 0)
        sv_file_collect_invalid(s);
    if (!check_value_lengths(s, error))
        return NULL;

    bootproto = sv_get_value_str(s, "BOOTPROTO");
    if (bootproto && g_ascii_strcasecmp(bootproto, "ibft") == 0) {
        set_error(error, G_IO_ERROR_NOT_SUPPORTED, path, _("ignoring iBFT configuration"));
        return NULL;
    }

    if (!detect_type(s, &type, &unrecognized, error)) {
        if (unrecognized && out_unrecognized_spec)
            *out_unrecognized_spec = device_spec(s);
        return NULL;
    }

    connection = nm_simple_connection_new();
    nm_connection_add_setting(connection, make_connection_setting(s, type));

    if (type == IFCFG_TYPE_ETHERNET) {
        nm_connection_add_setting(connection, make_wired_setting(s, FALSE));
    } else {
        if (!(setting = make_type_setting(s, type, error)))
            return NULL;
        nm_connection_add_setting(connection, setting);
        /* Virtual types have an ethernet setting only when a key asks. */
        if ((setting = make_wired_setting(s, TRUE)))
            nm_connection_add_setting(connection, setting);
    }
    if ((setting = make_bond_port_setting(s)))
        nm_connection_add_setting(connection, setting);
    if ((setting = ifcfg_bridge_port_read(s)))
        nm_connection_add_setting(connection, setting);

    /* Ports parse IP keys too (errors are fatal); normalization then drops
     * them because a port has no L3 configuration. */
    if (!(setting = make_ip4_setting(s, error)))
        return NULL;
    nm_connection_add_setting(connection, setting);
    if (!(setting = make_ip6_setting(s, error)))
        return NULL;
    nm_connection_add_setting(connection, setting);
    if ((setting = make_proxy_setting(s)))
        nm_connection_add_setting(connection, setting);

    if (!bondd_connection_normalize(connection, &local) ||
        !bondd_profile_limits_check(connection, &local)) {
        set_error(error, G_IO_ERROR_INVALID_DATA, path, _("invalid connection: %s"),
                  local->message);
        return NULL;
    }
    return g_steal_pointer(&connection);
}

void
ifcfg_reader_log_warnings(ShvarFile *s)
{
    GPtrArray *warnings = sv_file_get_warnings(s);

    for (guint i = 0; i < warnings->len; i++)
        g_message("%s: %s", sv_file_get_path(s), (const char *)warnings->pdata[i]);
}

NMConnection *
ifcfg_reader_read(ShvarFile *s, char **out_unmanaged_spec, char **out_unrecognized_spec,
                  gboolean log_warnings, GError **error)
{
    GPtrArray *warnings;
    GError *local = NULL;
    NMConnection *connection;

    connection = read_connection(s, out_unmanaged_spec, out_unrecognized_spec, &local);
    warnings = sv_file_get_warnings(s);
    if (!connection && local && warnings->len > 0) {
        /* One message for a failed file: the reason, then what else was
         * wrong with it. */
        g_autoptr(GString) msg = g_string_new(local->message);

        g_string_append(msg, " (");
        for (guint i = 0; i < warnings->len; i++)
            g_string_append_printf(msg, "%s%s", i ? "; " : "", (const char *)warnings->pdata[i]);
        g_string_append(msg, ")");
        g_free(local->message);
        local->message = g_string_free(g_steal_pointer(&msg), FALSE);
    } else if (connection && log_warnings) {
        ifcfg_reader_log_warnings(s);
    }
    if (local)
        g_propagate_error(error, local);
    return connection;
}

NMConnection *
ifcfg_reader_check(ShvarFile *s, char **out_unmanaged_spec, char **out_unrecognized_spec,
                   GError **error)
{
    return read_connection(s, out_unmanaged_spec, out_unrecognized_spec, error);
}

NMConnection *
ifcfg_reader_read_file(const char *path, char **out_unmanaged_spec, char **out_unrecognized_spec,
                       GError **error)
{
    g_autoptr(ShvarFile) s = NULL;
    g_autoptr(GError) local = NULL;

    if (out_unmanaged_spec)
        *out_unmanaged_spec = NULL;
    if (out_unrecognized_spec)
        *out_unrecognized_spec = NULL;

    s = sv_file_open(path, &local);
    if (!s) {
        g_set_error_literal(error, G_IO_ERROR,
                            g_error_matches(local, G_FILE_ERROR, G_FILE_ERROR_NOENT)
                                ? G_IO_ERROR_NOT_FOUND
                                : G_IO_ERROR_FAILED,
                            local->message);
        return NULL;
    }
    return ifcfg_reader_read(s, out_unmanaged_spec, out_unrecognized_spec, TRUE, error);
}
