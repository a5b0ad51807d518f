/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The DHCP keys of an ifcfg file, per address family, as NetworkManager's
 * ifcfg-rh plugin reads and writes them.
 */
#include "config.h"

#include "ifcfg-dhcp.h"

#include <glib/gi18n-lib.h>
#include <string.h>

/* One family's keys; NULL where the family has no such property. */
typedef struct {
    const char *hostname;
    const char *send_hostname;
    const char *timeout;
    const char *iaid;
    const char *fqdn;
    const char *client_id;
    const char *duid;
} DhcpKeys;

static const DhcpKeys dhcp4_keys = {
    .hostname = "DHCP_HOSTNAME",
    .send_hostname = "DHCP_SEND_HOSTNAME",
    .timeout = "IPV4_DHCP_TIMEOUT",
    .iaid = "DHCP_IAID",
    .fqdn = "DHCP_FQDN",
    .client_id = "DHCP_CLIENT_ID",
};

static const DhcpKeys dhcp6_keys = {
    .hostname = "DHCPV6_HOSTNAME",
    .send_hostname = "DHCPV6_SEND_HOSTNAME",
    .timeout = "IPV6_DHCP_TIMEOUT",
    .iaid = "DHCPV6_IAID",
    .duid = "DHCPV6_DUID",
};

static const DhcpKeys *
keys_of(NMSettingIPConfig *s_ip)
{
    return NM_IS_SETTING_IP4_CONFIG(s_ip) ? &dhcp4_keys : &dhcp6_keys;
}

/* NetworkManager writes IPv4's client keys for ipv4.method auto only;
 * IPv6's always. */
static gboolean
client_keys_apply(NMSettingIPConfig *s_ip)
{
    return keys_of(s_ip) == &dhcp6_keys ||
           strcmp(nm_setting_ip_config_get_method(s_ip), NM_SETTING_IP4_CONFIG_METHOD_AUTO) == 0;
}

/* A string key to a string property, if the key has a value. */
static void
read_string(ShvarFile *s, NMSettingIPConfig *s_ip, const char *key, const char *property)
{
    const char *v = key ? sv_get_value_str(s, key) : NULL;

    if (v)
        g_object_set(s_ip, property, v, NULL);
}

void
ifcfg_dhcp_read(ShvarFile *s, NMSettingIPConfig *s_ip)
{
    const DhcpKeys *k = keys_of(s_ip);
    const char *v;

    /* The client keys as ifcfg_dhcp_write() writes them: IPv4's for
     * BOOTPROTO=dhcp only, so that what is read is what is written back. */
    if (client_keys_apply(s_ip)) {
        read_string(s, s_ip, k->hostname, NM_SETTING_IP_CONFIG_DHCP_HOSTNAME);
        read_string(s, s_ip, k->iaid, NM_SETTING_IP_CONFIG_DHCP_IAID);
        if (k == &dhcp4_keys) {
            read_string(s, s_ip, k->fqdn, NM_SETTING_IP4_CONFIG_DHCP_FQDN);
            read_string(s, s_ip, k->client_id, NM_SETTING_IP4_CONFIG_DHCP_CLIENT_ID);
        } else {
            read_string(s, s_ip, k->duid, NM_SETTING_IP6_CONFIG_DHCP_DUID);
        }
        g_object_set(s_ip, NM_SETTING_IP_CONFIG_DHCP_SEND_HOSTNAME,
                     sv_get_boolean(s, k->send_hostname, TRUE), NULL);
    }
    if ((v = sv_get_value_str(s, k->timeout))) {
        /* 0 is the default, 2147483647 (G_MAXINT32) waits for ever. */
        gint64 timeout = sv_get_int64(s, k->timeout, 10, 0, G_MAXINT32, -1);

        if (timeout < 0)
            sv_file_add_warning(s, _("invalid %s '%s'"), k->timeout, v);
        else
            g_object_set(s_ip, NM_SETTING_IP_CONFIG_DHCP_TIMEOUT, (int)timeout, NULL);
    }
}

void
ifcfg_dhcp_write(ShvarFile *s, NMSettingIPConfig *s_ip)
{
    const DhcpKeys *k = keys_of(s_ip);
    int timeout = nm_setting_ip_config_get_dhcp_timeout(s_ip);

    if (client_keys_apply(s_ip)) {
        sv_set_value_str(s, k->hostname, nm_setting_ip_config_get_dhcp_hostname(s_ip));
        /* Absent means yes. */
        if (!nm_setting_ip_config_get_dhcp_send_hostname(s_ip))
            sv_set_value(s, k->send_hostname, "no");
        sv_set_value_str(s, k->iaid, nm_setting_ip_config_get_dhcp_iaid(s_ip));
        if (k == &dhcp4_keys) {
            NMSettingIP4Config *s_ip4 = NM_SETTING_IP4_CONFIG(s_ip);

            sv_set_value_str(s, k->fqdn, nm_setting_ip4_config_get_dhcp_fqdn(s_ip4));
            sv_set_value_str(s, k->client_id, nm_setting_ip4_config_get_dhcp_client_id(s_ip4));
        } else {
            sv_set_value_str(s, k->duid,
                             nm_setting_ip6_config_get_dhcp_duid(NM_SETTING_IP6_CONFIG(s_ip)));
        }
    }
    if (timeout)
        sv_set_value_int64(s, k->timeout, timeout);
}
