/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The profile of a link made outside bondd (see external-profile.h).
 */
#include "config.h"

#include "external-profile.h"

#include <glib/gi18n.h>
#include <arpa/inet.h>
#include <sys/socket.h>
#include <netinet/in.h>

/* The addresses of one family, as ipvX.method and ipvX.addresses: manual
 * with them; for IPv6, link-local when the kernel's own link-local address
 * is all there is; disabled without any. */
static NMSetting *
ip_setting(BonddLinkCache *cache, int ifindex, int family)
{
    g_autoptr(GArray) addrs = bondd_link_cache_get_addresses(cache, ifindex, family);
    NMSetting *s_ip = family == AF_INET ? nm_setting_ip4_config_new() : nm_setting_ip6_config_new();
    gboolean link_local = FALSE;
    guint n = 0;

    for (guint i = 0; i < addrs->len; i++) {
        const BonddAddress *a = &g_array_index(addrs, BonddAddress, i);
        char buf[INET6_ADDRSTRLEN];
        NMIPAddress *addr;

        if (family == AF_INET6 && IN6_IS_ADDR_LINKLOCAL((const struct in6_addr *)a->addr)) {
            link_local = TRUE;
            continue;
        }
        addr = nm_ip_address_new(family, inet_ntop(family, a->addr, buf, sizeof buf), a->prefixlen,
                                 NULL);
        if (addr) {
            nm_setting_ip_config_add_address(NM_SETTING_IP_CONFIG(s_ip), addr);
            nm_ip_address_unref(addr);
            n++;
        }
    }
    g_object_set(s_ip, NM_SETTING_IP_CONFIG_METHOD,
                 n                   ? (family == AF_INET ? NM_SETTING_IP4_CONFIG_METHOD_MANUAL
                                                          : NM_SETTING_IP6_CONFIG_METHOD_MANUAL)
                 : family == AF_INET ? NM_SETTING_IP4_CONFIG_METHOD_DISABLED
                 : link_local        ? NM_SETTING_IP6_CONFIG_METHOD_LINK_LOCAL
                                     : NM_SETTING_IP6_CONFIG_METHOD_DISABLED,
                 NULL);
    return s_ip;
}

NMConnection *
bondd_external_profile_new(BonddLinkCache *cache, BonddSoftwareDevices *software,
                           BonddNmDevice *device, BonddProfile *controller, GError **error)
{
    const BonddDeviceKind *kind = bondd_nm_device_get_kind(device);
    const char *iface = bondd_nm_device_get_iface(device);
    g_autoptr(NMConnection) connection = nm_simple_connection_new();
    g_autofree char *uuid = nm_utils_uuid_generate();
    NMSetting *s_con = nm_setting_connection_new();
    g_autoptr(GError) local = NULL;

    g_object_set(s_con, NM_SETTING_CONNECTION_ID, iface, NM_SETTING_CONNECTION_UUID, uuid,
                 NM_SETTING_CONNECTION_TYPE, kind->setting_type,
                 NM_SETTING_CONNECTION_INTERFACE_NAME, iface, NM_SETTING_CONNECTION_AUTOCONNECT,
                 FALSE, NULL);
    if (controller)
        g_object_set(s_con, NM_SETTING_CONNECTION_MASTER, bondd_profile_get_uuid(controller),
                     NM_SETTING_CONNECTION_SLAVE_TYPE,
                     bondd_profile_get_connection_type(controller), NULL);
    nm_connection_add_setting(connection, s_con);

    if (bondd_device_kind_has(kind, BONDD_KIND_SOFTWARE) &&
        !bondd_software_devices_describe(software, device, connection, &local)) {
        g_propagate_prefixed_error(error, g_steal_pointer(&local),
                                   _("%s cannot be described as a profile: "), iface);
        return NULL;
    }
    if (!controller) {
        int ifindex = bondd_nm_device_get_ifindex(device);

        nm_connection_add_setting(connection, ip_setting(cache, ifindex, AF_INET));
        nm_connection_add_setting(connection, ip_setting(cache, ifindex, AF_INET6));
    }
    if (!nm_connection_normalize(connection, NULL, NULL, &local)) {
        g_propagate_prefixed_error(error, g_steal_pointer(&local),
                                   _("%s cannot be described as a profile: "), iface);
        return NULL;
    }
    return g_steal_pointer(&connection);
}

gboolean
bondd_external_profile_update_addresses(NMConnection *connection, BonddLinkCache *cache,
                                        int ifindex)
{
    g_autoptr(NMConnection) before = nm_simple_connection_new_clone(connection);

    nm_connection_add_setting(connection, ip_setting(cache, ifindex, AF_INET));
    nm_connection_add_setting(connection, ip_setting(cache, ifindex, AF_INET6));
    return !nm_connection_compare(before, connection, NM_SETTING_COMPARE_FLAG_EXACT);
}
