/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The DHCP keys of an ifcfg file <-> the DHCP properties of the ipv4 and
 * ipv6 settings, with NetworkManager's names: DHCP_HOSTNAME, DHCP_FQDN,
 * DHCP_SEND_HOSTNAME, DHCP_CLIENT_ID, DHCP_IAID, IPV4_DHCP_TIMEOUT;
 * DHCPV6_HOSTNAME, DHCPV6_SEND_HOSTNAME, DHCPV6_DUID, DHCPV6_IAID,
 * IPV6_DHCP_TIMEOUT.
 */
#pragma once

#include <NetworkManager.h>

#include "shvar.h"

G_BEGIN_DECLS

/* Apply the file's DHCP keys of @s_ip's family to @s_ip; an invalid value
 * is left out with a warning of @s. */
void ifcfg_dhcp_read(ShvarFile *s, NMSettingIPConfig *s_ip);

/* Set the DHCP keys of @s_ip's family in @s (defaults are not written). */
void ifcfg_dhcp_write(ShvarFile *s, NMSettingIPConfig *s_ip);

G_END_DECLS
