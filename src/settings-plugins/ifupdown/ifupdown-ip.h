/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The address families of an interface -> ipv4 and ipv6 settings.
 *
 *   inet static    manual: address (A.B.C.D[/N]) with netmask (dotted or
 *                  bits), gateway, metric -> route-metric
 *   inet dhcp      auto (hostname -> dhcp-hostname, metric)
 *   inet manual    disabled (also when there is no inet stanza)
 *   inet6 static   manual (address X[/N], netmask N, gateway, autoconf 1 ->
 *                  auto with the addresses), privext -> ip6-privacy
 *   inet6 auto     auto;  inet6 dhcp: dhcp;  inet6 manual: ignore (also
 *                  when there is no inet6 stanza: the kernel's defaults)
 *   dns-nameservers, dns-search, dns-domain -> dns and dns-search of the
 *                  family that has addresses (resolvconf's options)
 *
 * Without a prefix or netmask an address is a host address (/32, /128), as
 * "ip addr add" makes it under ifupdown.
 */
#pragma once

#include <NetworkManager.h>

#include "ifupdown-iface.h"

G_BEGIN_DECLS

typedef struct _IfupdownIp IfupdownIp;

IfupdownIp *ifupdown_ip_new(const char *iface);
void ifupdown_ip_free(IfupdownIp *ip);
G_DEFINE_AUTOPTR_CLEANUP_FUNC(IfupdownIp, ifupdown_ip_free)

/* Whether @key is an option of an address family method or resolvconf. */
gboolean ifupdown_ip_is_option(const char *key);

/* One stanza's family and method.  FALSE with @skip (why the interface is
 * no profile) when the method cannot be a profile's (inet loopback, ppp,
 * tunnel...). */
gboolean ifupdown_ip_add_stanza(IfupdownIp *ip, const IfupdownStanza *stanza, GPtrArray *diags,
                                IfupdownDiag **skip);

/* One option for which ifupdown_ip_is_option() is TRUE. */
void ifupdown_ip_add_option(IfupdownIp *ip, const IfupdownOpt *o, GPtrArray *diags);

/* Add the ipv4 and ipv6 settings to @connection.  FALSE with @skip when
 * the interface cannot be a profile (inet static without an address). */
gboolean ifupdown_ip_to_settings(IfupdownIp *ip, NMConnection *connection, GPtrArray *diags,
                                 IfupdownDiag **skip);

G_END_DECLS
