/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * NMConnection -> ifcfg file.  Keys are set in the order ifcfg-rh sets
 * them, because in a new file that order is the line order (a new key is
 * appended); existing files keep their own order.
 */
#include "config.h"

#include "ifcfg-writer.h"

#include <arpa/inet.h>
#include <errno.h>
#include <glib/gi18n-lib.h>
#include <net/ethernet.h>
#include <string.h>

#include "connection-normalize.h"
#include "ifcfg-bonding-opts.h"
#include "ifcfg-bridge.h"
#include "ifcfg-dhcp.h"
#include "ifcfg-ethtool.h"
#include "ifcfg-reader.h"
#include "ifcfg-utils.h"
#include "ifcfg-vlan.h"
#include "profile-limits.h"

/*****************************************************************************/
/* bond */

static void
write_bond_setting(ShvarFile *s, NMSettingBond *s_bond)
{
    g_autofree char *opts = ifcfg_bonding_opts_write(s_bond);

    sv_set_value_str(s, "BONDING_OPTS", opts);
    sv_set_value(s, "TYPE", "Bond");
    sv_set_value(s, "BONDING_MASTER", "yes");
}

static void
write_wired_setting(ShvarFile *s, NMSettingWired *s_wired, gboolean is_virtual)
{
    const char *mac = nm_setting_wired_get_mac_address(s_wired);
    const char *cloned = nm_setting_wired_get_cloned_mac_address(s_wired);
    guint32 mtu = nm_setting_wired_get_mtu(s_wired);

    if (mac)
        sv_set_value(s, "HWADDR", mac);
    else if (is_virtual)
        /* ifcfg-rh writes an empty HWADDR= for a virtual device with an
         * ethernet setting: it keeps that setting on re-read. */
        sv_set_value(s, "HWADDR", "");
    if (cloned && nm_utils_hwaddr_valid(cloned, ETH_ALEN))
        sv_set_value(s, "MACADDR", cloned);
    else if (cloned)
        g_message(_("ifcfg: cloned-mac-address '%s' cannot be stored in an ifcfg file"), cloned);
    if (mtu)
        sv_set_value_int64(s, "MTU", mtu);
    /* Left out by default, as ifcfg-rh does. */
    switch (nm_setting_wired_get_accept_all_mac_addresses(s_wired)) {
        case NM_TERNARY_TRUE:
            sv_set_value_boolean(s, "ACCEPT_ALL_MAC_ADDRESSES", TRUE);
            break;
        case NM_TERNARY_FALSE:
            sv_set_value_boolean(s, "ACCEPT_ALL_MAC_ADDRESSES", FALSE);
            break;
        default:
            sv_unset_value(s, "ACCEPT_ALL_MAC_ADDRESSES");
            break;
    }
}

static void
write_bond_port_setting(ShvarFile *s, NMSettingBondPort *s_port)
{
    GParamSpec *prio;

    if (!s_port)
        return;
    sv_set_value_int64(s, "BOND_PORT_QUEUE_ID", nm_setting_bond_port_get_queue_id(s_port));
    prio = g_object_class_find_property(G_OBJECT_GET_CLASS(s_port), "prio");
    if (prio) {
        int v = 0;

        g_object_get(s_port, "prio", &v, NULL);
        sv_set_value_int64(s, "BOND_PORT_PRIO", v);
    } else if (sv_get_value(s, "BOND_PORT_PRIO")) {
        /* This libnm cannot carry prio: keep what the file says. */
        sv_keep_value(s, "BOND_PORT_PRIO");
    } else {
        sv_set_value(s, "BOND_PORT_PRIO", "0");
    }
}

static void
write_proxy_setting(ShvarFile *s, NMSettingProxy *s_proxy)
{
    if (!s_proxy)
        return;
    if (nm_setting_proxy_get_method(s_proxy) == NM_SETTING_PROXY_METHOD_AUTO) {
        sv_set_value(s, "PROXY_METHOD", "auto");
        sv_set_value_str(s, "PAC_URL", nm_setting_proxy_get_pac_url(s_proxy));
    } else {
        sv_set_value(s, "PROXY_METHOD", "none");
    }
    sv_set_value_boolean(s, "BROWSER_ONLY", nm_setting_proxy_get_browser_only(s_proxy));
}

/*****************************************************************************/
/* IPv4 / IPv6 */

static gboolean
file_has_netmask(ShvarFile *s)
{
    g_autoptr(GPtrArray) keys = sv_get_keys(s);

    for (guint i = 0; i < keys->len; i++) {
        const char *k = keys->pdata[i];

        if (g_str_has_prefix(k, "NETMASK")) {
            const char *r = k + strlen("NETMASK");

            while (g_ascii_isdigit(*r))
                r++;
            if (!*r)
                return TRUE;
        }
    }
    return FALSE;
}

/* Writes DNS servers as DNS<n>, starting at *num. */
static void
write_dns(ShvarFile *s, NMSettingIPConfig *s_ip, guint *num)
{
    for (guint i = 0; i < nm_setting_ip_config_get_num_dns(s_ip); i++) {
        g_autofree char *key = g_strdup_printf("DNS%u", (*num)++);

        sv_set_value(s, key, nm_setting_ip_config_get_dns(s_ip, i));
    }
}

/* The IPv4 keys the reader takes whatever the method. */
static void
write_ip4_method_independent(ShvarFile *s, NMSettingIPConfig *s_ip4)
{
    /* Absent means yes: written only when no, as ifcfg-rh does. */
    if (nm_setting_ip_config_get_ignore_auto_dns(s_ip4))
        sv_set_value(s, "PEERDNS", "no");
    if (nm_setting_ip_config_get_ignore_auto_routes(s_ip4))
        sv_set_value(s, "PEERROUTES", "no");
    sv_set_value_str(s, "DHCP_HOSTNAME", nm_setting_ip_config_get_dhcp_hostname(s_ip4));
}

static void
write_ip4_setting(ShvarFile *s, NMSettingIPConfig *s_ip4, guint *dns_num)
{
    const char *method;
    gboolean with_netmask;
    guint n_addr;

    if (!s_ip4)
        return;
    method = nm_setting_ip_config_get_method(s_ip4);
    /* Disabled IPv4 is the absence of IPv4 keys, but for those the reader
     * takes whatever the method (a profile must read back as it was). */
    if (strcmp(method, NM_SETTING_IP4_CONFIG_METHOD_DISABLED) == 0) {
        write_ip4_method_independent(s, s_ip4);
        /* Only what is not the default: most disabled profiles have none. */
        if (nm_setting_ip_config_get_never_default(s_ip4))
            sv_set_value_boolean(s, "DEFROUTE", FALSE);
        if (!nm_setting_ip_config_get_may_fail(s_ip4))
            sv_set_value_boolean(s, "IPV4_FAILURE_FATAL", TRUE);
        return;
    }

    n_addr = nm_setting_ip_config_get_num_addresses(s_ip4);
    if (strcmp(method, NM_SETTING_IP4_CONFIG_METHOD_AUTO) == 0)
        sv_set_value(s, "BOOTPROTO", "dhcp");
    else if (strcmp(method, NM_SETTING_IP4_CONFIG_METHOD_MANUAL) == 0) {
        const char *old = sv_get_value(s, "BOOTPROTO");

        if (old && n_addr > 0 && g_ascii_strcasecmp(old, "static") == 0)
            sv_keep_value(s, "BOOTPROTO");
        else
            sv_set_value(s, "BOOTPROTO", "none");
    } else if (strcmp(method, NM_SETTING_IP4_CONFIG_METHOD_LINK_LOCAL) == 0)
        sv_set_value(s, "BOOTPROTO", "autoip");
    else if (strcmp(method, NM_SETTING_IP4_CONFIG_METHOD_SHARED) == 0)
        sv_set_value(s, "BOOTPROTO", "shared");

    with_netmask = file_has_netmask(s);
    for (guint i = 0; i < n_addr; i++) {
        NMIPAddress *addr = nm_setting_ip_config_get_address(s_ip4, i);
        g_autofree char *k_addr = i ? g_strdup_printf("IPADDR%u", i) : g_strdup("IPADDR");
        g_autofree char *k_prefix = i ? g_strdup_printf("PREFIX%u", i) : g_strdup("PREFIX");
        guint prefix = nm_ip_address_get_prefix(addr);

        sv_set_value(s, k_addr, nm_ip_address_get_address(addr));
        sv_set_value_int64(s, k_prefix, prefix);
        if (with_netmask) {
            g_autofree char *k_mask = i ? g_strdup_printf("NETMASK%u", i) : g_strdup("NETMASK");
            char buf[INET_ADDRSTRLEN];

            sv_set_value(s, k_mask,
                         nm_utils_inet4_ntop(nm_utils_ip4_prefix_to_netmask(prefix), buf));
        }
    }
    sv_set_value_str(s, "GATEWAY", nm_setting_ip_config_get_gateway(s_ip4));
    write_dns(s, s_ip4, dns_num);
    if (nm_setting_ip_config_get_num_dns_searches(s_ip4)) {
        g_autoptr(GString) search = g_string_new(NULL);

        for (guint i = 0; i < nm_setting_ip_config_get_num_dns_searches(s_ip4); i++)
            g_string_append_printf(search, "%s%s", i ? " " : "",
                                   nm_setting_ip_config_get_dns_search(s_ip4, i));
        sv_set_value(s, "DOMAIN", search->str);
    }
    sv_set_value_boolean(s, "DEFROUTE", !nm_setting_ip_config_get_never_default(s_ip4));
    write_ip4_method_independent(s, s_ip4);
    sv_set_value_boolean(s, "IPV4_FAILURE_FATAL", !nm_setting_ip_config_get_may_fail(s_ip4));
    if (nm_setting_ip_config_get_route_metric(s_ip4) >= 0)
        sv_set_value_int64(s, "IPV4_ROUTE_METRIC", nm_setting_ip_config_get_route_metric(s_ip4));
    ifcfg_dhcp_write(s, s_ip4);
}

static void
write_ip6_setting(ShvarFile *s, NMSettingIPConfig *s_ip6, guint *dns_num)
{
    const char *method;
    gboolean ignore_or_disabled;
    int gen_mode;

    if (!s_ip6)
        return;
    method = nm_setting_ip_config_get_method(s_ip6);
    ignore_or_disabled = strcmp(method, NM_SETTING_IP6_CONFIG_METHOD_IGNORE) == 0 ||
                         strcmp(method, NM_SETTING_IP6_CONFIG_METHOD_DISABLED) == 0;

    if (strcmp(method, NM_SETTING_IP6_CONFIG_METHOD_DISABLED) == 0)
        sv_set_value(s, "IPV6_DISABLED", "yes");
    sv_set_value_boolean(s, "IPV6INIT", !ignore_or_disabled);

    if (!ignore_or_disabled) {
        guint n_addr = nm_setting_ip_config_get_num_addresses(s_ip6);
        g_autoptr(GString) secondaries = g_string_new(NULL);

        if (strcmp(method, NM_SETTING_IP6_CONFIG_METHOD_AUTO) == 0)
            sv_set_value(s, "IPV6_AUTOCONF", "yes");
        else if (strcmp(method, NM_SETTING_IP6_CONFIG_METHOD_SHARED) == 0)
            sv_set_value(s, "IPV6_AUTOCONF", "shared");
        else
            sv_set_value(s, "IPV6_AUTOCONF", "no");
        if (strcmp(method, NM_SETTING_IP6_CONFIG_METHOD_DHCP) == 0)
            sv_set_value(s, "DHCPV6C", "yes");
        if (nm_setting_ip6_config_get_ra_timeout(NM_SETTING_IP6_CONFIG(s_ip6)))
            sv_set_value_int64(s, "IPV6_RA_TIMEOUT",
                               nm_setting_ip6_config_get_ra_timeout(NM_SETTING_IP6_CONFIG(s_ip6)));

        for (guint i = 0; i < n_addr; i++) {
            NMIPAddress *addr = nm_setting_ip_config_get_address(s_ip6, i);
            g_autofree char *text = g_strdup_printf("%s/%u", nm_ip_address_get_address(addr),
                                                    nm_ip_address_get_prefix(addr));

            if (i == 0)
                sv_set_value(s, "IPV6ADDR", text);
            else
                g_string_append_printf(secondaries, "%s%s", secondaries->len ? " " : "", text);
        }
        sv_set_value_str(s, "IPV6ADDR_SECONDARIES", secondaries->str);
        sv_set_value_str(s, "IPV6_DEFAULTGW", nm_setting_ip_config_get_gateway(s_ip6));
        write_dns(s, s_ip6, dns_num);
        ifcfg_dhcp_write(s, s_ip6);
    }

    sv_set_value_boolean(s, "IPV6_DEFROUTE", !nm_setting_ip_config_get_never_default(s_ip6));
    if (!ignore_or_disabled) {
        if (nm_setting_ip_config_get_ignore_auto_dns(s_ip6))
            sv_set_value(s, "IPV6_PEERDNS", "no");
        if (nm_setting_ip_config_get_ignore_auto_routes(s_ip6))
            sv_set_value(s, "IPV6_PEERROUTES", "no");
    }
    sv_set_value_boolean(s, "IPV6_FAILURE_FATAL",
                         !ignore_or_disabled && !nm_setting_ip_config_get_may_fail(s_ip6));
    if (!ignore_or_disabled && nm_setting_ip_config_get_route_metric(s_ip6) >= 0)
        sv_set_value_int64(s, "IPV6_ROUTE_METRIC", nm_setting_ip_config_get_route_metric(s_ip6));

    /* NetworkManager's spelling: yes is "rfc3041". */
    switch (nm_setting_ip6_config_get_ip6_privacy(NM_SETTING_IP6_CONFIG(s_ip6))) {
        case NM_SETTING_IP6_CONFIG_PRIVACY_DISABLED:
            sv_set_value(s, "IPV6_PRIVACY", "no");
            break;
        case NM_SETTING_IP6_CONFIG_PRIVACY_PREFER_PUBLIC_ADDR:
            sv_set_value(s, "IPV6_PRIVACY", "rfc3041");
            sv_set_value(s, "IPV6_PRIVACY_PREFER_PUBLIC_IP", "yes");
            break;
        case NM_SETTING_IP6_CONFIG_PRIVACY_PREFER_TEMP_ADDR:
            sv_set_value(s, "IPV6_PRIVACY", "rfc3041");
            break;
        default:
            break;
    }

    gen_mode = nm_setting_ip6_config_get_addr_gen_mode(NM_SETTING_IP6_CONFIG(s_ip6));
    if (gen_mode != NM_SETTING_IP6_CONFIG_ADDR_GEN_MODE_DEFAULT_OR_EUI64) {
        static const char *const modes[] = {"eui64", "stable-privacy", "default-or-eui64",
                                            "default"};

        if (gen_mode >= 0 && gen_mode < (int)G_N_ELEMENTS(modes))
            sv_set_value(s, "IPV6_ADDR_GEN_MODE", modes[gen_mode]);
    }
}

/*****************************************************************************/
/* connection setting */

static void
write_connection_setting(ShvarFile *s, NMSettingConnection *s_con, IfcfgIfaceForUuid iface_for_uuid,
                         gpointer user_data)
{
    const char *controller = nm_setting_connection_get_master(s_con);
    const char *port_type = nm_setting_connection_get_slave_type(s_con);
    const char *iface = nm_setting_connection_get_interface_name(s_con);
    NMSettingConnectionAutoconnectSlaves ports;

    sv_set_value(s, "NAME", nm_setting_connection_get_id(s_con));
    sv_set_value(s, "UUID", nm_setting_connection_get_uuid(s_con));
    sv_set_value_str(s, "DEVICE", iface);
    sv_set_value_boolean(s, "ONBOOT", nm_setting_connection_get_autoconnect(s_con));
    if (nm_setting_connection_get_autoconnect_priority(s_con))
        sv_set_value_int64(s, "AUTOCONNECT_PRIORITY",
                           nm_setting_connection_get_autoconnect_priority(s_con));
    sv_set_value_str(s, "ZONE", nm_setting_connection_get_zone(s_con));
    ports = nm_setting_connection_get_autoconnect_slaves(s_con);
    if (ports != NM_SETTING_CONNECTION_AUTOCONNECT_SLAVES_DEFAULT)
        sv_set_value_boolean(s, "AUTOCONNECT_SLAVES",
                             ports == NM_SETTING_CONNECTION_AUTOCONNECT_SLAVES_YES);

    if (controller && port_type) {
        g_autofree char *ifname = iface_for_uuid ? iface_for_uuid(user_data, controller) : NULL;
        const char *uuid_key = NULL;
        const char *name_key = NULL;

        if (strcmp(port_type, NM_SETTING_BOND_SETTING_NAME) == 0) {
            uuid_key = "MASTER_UUID";
            name_key = "MASTER";
        } else if (strcmp(port_type, NM_SETTING_BRIDGE_SETTING_NAME) == 0) {
            uuid_key = "BRIDGE_UUID";
            name_key = "BRIDGE";
        } else if (strcmp(port_type, NM_SETTING_TEAM_SETTING_NAME) == 0) {
            uuid_key = "TEAM_MASTER_UUID";
            name_key = "TEAM_MASTER";
        }
        if (uuid_key) {
            /* With a resolved UUID write both forms; otherwise the raw
             * string (an ifname, or an unknown UUID) goes to MASTER=. */
            if (ifname)
                sv_set_value(s, uuid_key, controller);
            sv_set_value(s, name_key, ifname ? ifname : controller);
        }
        if (strcmp(port_type, NM_SETTING_BOND_SETTING_NAME) == 0)
            sv_set_value(s, "SLAVE", "yes");
        else if (strcmp(port_type, NM_SETTING_TEAM_SETTING_NAME) == 0)
            sv_set_value(s, "DEVICETYPE", "TeamPort");
    }
}

/*****************************************************************************/

gboolean
ifcfg_writer_construct(ShvarFile *s, NMConnection *connection, IfcfgIfaceForUuid iface_for_uuid,
                       gpointer user_data, GError **error)
{
    static const char *const keep[] = {"NM_CONTROLLED", NULL};
    NMSettingConnection *s_con = nm_connection_get_setting_connection(connection);
    NMSettingWired *s_wired = nm_connection_get_setting_wired(connection);
    const char *type;
    guint dns_num = 1;

    if (!s_con) {
        g_set_error(error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                    _("%s: connection has no connection setting"), sv_file_get_path(s));
        return FALSE;
    }
    type = nm_setting_connection_get_connection_type(s_con);
    if (g_strcmp0(type, NM_SETTING_BOND_SETTING_NAME) == 0) {
        write_bond_setting(s, nm_connection_get_setting_bond(connection));
    } else if (g_strcmp0(type, NM_SETTING_VLAN_SETTING_NAME) == 0) {
        ifcfg_vlan_write(s, nm_connection_get_setting_vlan(connection));
    } else if (g_strcmp0(type, NM_SETTING_BRIDGE_SETTING_NAME) == 0) {
        ifcfg_bridge_write(s, nm_connection_get_setting_bridge(connection));
    } else if (g_strcmp0(type, NM_SETTING_WIRED_SETTING_NAME) == 0) {
        sv_set_value(s, "TYPE", "Ethernet");
    } else {
        g_set_error(error, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED,
                    _("the ifcfg plugin cannot store connections of type '%s'"),
                    type ? type : "(none)");
        return FALSE;
    }
    if (s_wired)
        write_wired_setting(s, s_wired, g_strcmp0(type, NM_SETTING_WIRED_SETTING_NAME) != 0);

    ifcfg_bridge_port_write(s, nm_connection_get_setting_bridge_port(connection));
    write_bond_port_setting(
        s, (NMSettingBondPort *)nm_connection_get_setting(connection, NM_TYPE_SETTING_BOND_PORT));
    write_proxy_setting(s, nm_connection_get_setting_proxy(connection));
    ifcfg_ethtool_write(s, s_wired);
    write_ip4_setting(s, nm_connection_get_setting_ip4_config(connection), &dns_num);
    write_ip6_setting(s, nm_connection_get_setting_ip6_config(connection), &dns_num);
    write_connection_setting(s, s_con, iface_for_uuid, user_data);

    sv_unset_dirty(s, ifcfg_utils_is_well_known_key, keep);
    return TRUE;
}

gboolean
ifcfg_writer_write(NMConnection *connection, const char *dir, const char *existing_path,
                   GHashTable *taken_paths, IfcfgIfaceForUuid iface_for_uuid, gpointer user_data,
                   char **out_path, NMConnection **out_reread, GError **error)
{
    g_autoptr(ShvarFile) s = NULL;
    g_autoptr(ShvarFile) check = NULL;
    g_autoptr(NMConnection) copy = NULL;
    g_autoptr(NMConnection) reread = NULL;
    g_autoptr(GError) local = NULL;
    g_autofree char *path = NULL;
    g_autofree char *data = NULL;

    copy = nm_simple_connection_new_clone(connection);
    if (!bondd_connection_normalize(copy, &local)) {
        g_set_error(error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                    _("invalid connection '%s': %s"), nm_connection_get_id(connection),
                    local->message);
        return FALSE;
    }
    /* Bounded, so that writing and reading it back stay cheap. */
    if (!bondd_profile_limits_check(copy, error))
        return FALSE;

    if (existing_path) {
        path = g_strdup(existing_path);
        s = sv_file_open(path, &local);
        if (!s) {
            if (!g_error_matches(local, G_FILE_ERROR, G_FILE_ERROR_NOENT)) {
                g_set_error_literal(error, G_IO_ERROR, G_IO_ERROR_FAILED, local->message);
                return FALSE;
            }
            g_clear_error(&local);
            s = sv_file_new(path);
        }
    } else {
        path = ifcfg_utils_new_path(dir, nm_connection_get_id(copy), taken_paths);
        if (!path) {
            g_set_error(error, G_IO_ERROR, G_IO_ERROR_EXISTS,
                        _("%s: no free file name for connection '%s'"), dir,
                        nm_connection_get_id(copy));
            return FALSE;
        }
        s = sv_file_new(path);
    }

    if (!ifcfg_writer_construct(s, copy, iface_for_uuid, user_data, error))
        return FALSE;

    /* Read the result back before touching the disk: a profile the file
     * cannot express must not replace the old file. */
    data = sv_file_to_data(s);
    check = sv_file_new_from_data(path, data, strlen(data));
    reread = ifcfg_reader_read(check, NULL, NULL, FALSE, &local);
    if (!reread) {
        g_set_error(error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                    _("the written file would not load back: %s"), local->message);
        return FALSE;
    }

    if (sv_file_is_modified(s) && !sv_file_write(s, 0644, &local)) {
        g_set_error_literal(error, G_IO_ERROR, G_IO_ERROR_FAILED, local->message);
        return FALSE;
    }

    /* The file holds exactly what was read back: that is the result (a
     * second read of the same bytes would cost as much again). */
    ifcfg_reader_log_warnings(check);
    if (out_path)
        *out_path = g_steal_pointer(&path);
    if (out_reread)
        *out_reread = g_steal_pointer(&reread);
    return TRUE;
}
