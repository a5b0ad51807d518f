/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * What one profile may hold.
 *
 * NetworkManager bounds little of a profile: libnm checks an interface name
 * against IFNAMSIZ, and the kernel takes at most 16 ARP or NS targets per
 * bond (checked by bond-options.c).  Everything else here is bondd's own
 * bound, far above any real configuration, so that no single D-Bus request
 * or ifcfg file can cost the daemon more than a few milliseconds of its
 * main loop.  The core checks what clients send, the ifcfg plugin what it
 * reads and what it is asked to write.
 *
 * Errors are NM_CONNECTION_ERROR_INVALID_PROPERTY with a message that starts
 * with the property, as libnm's own ("ipv4.addresses: ..."); clients see
 * them as org.freedesktop.NetworkManager.Settings.InvalidConnection.
 */
#pragma once

#include <NetworkManager.h>

G_BEGIN_DECLS

/* The serialized a{sa{sv}} of one profile. */
#define BONDD_LIMIT_PROFILE_BYTES (1024 * 1024)
/* Any string a profile holds, and any list or dictionary. */
#define BONDD_LIMIT_STRING_BYTES 4096
#define BONDD_LIMIT_LIST_ENTRIES 4096
/* Per address family. */
#define BONDD_LIMIT_ADDRESSES   4096
#define BONDD_LIMIT_ROUTES      4096
#define BONDD_LIMIT_DNS_SERVERS 64
#define BONDD_LIMIT_DNS_OPTIONS 64
#define BONDD_LIMIT_DNS_SEARCH  256
/* A DNS name in text form (RFC 1035): a search domain. */
#define BONDD_LIMIT_DOMAIN_BYTES 253
/* A DHCP option's length is one octet: the host name sent. */
#define BONDD_LIMIT_DHCP_HOSTNAME_BYTES 255

/* Check a profile as a client sent it (a{sa{sv}}), before it is parsed:
 * its size, every string's length and every list's length, each error
 * naming the setting and key.  (An ifcfg file is bounded likewise by the
 * reader: its size, and the length of each value.) */
gboolean bondd_profile_limits_check_dbus(GVariant *settings, GError **error);

/* Check a parsed profile, by property: the counts of addresses, routes, DNS
 * servers, options and search domains, the length of each search domain and
 * of the DHCP host name, and that every search domain is one word (it is
 * stored in a space-separated list).  Cheap: it serializes nothing. */
gboolean bondd_profile_limits_check(NMConnection *connection, GError **error);

G_END_DECLS
