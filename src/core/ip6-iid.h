/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * IPv6 interface identifiers: the host half of the link-local and SLAAC
 * addresses bondd makes, either stable and opaque (RFC 7217, as
 * NetworkManager computes them, from a per-machine secret kept in the
 * state directory) or the EUI-64 of the link's MAC address.
 */
#pragma once

#include <NetworkManager.h>

G_BEGIN_DECLS

/* How many addresses RFC 7217 may try for one prefix when DAD finds the
 * previous ones taken (NetworkManager's limit). */
#define BONDD_IP6_IID_STABLE_RETRIES 3

typedef struct _BonddIp6Iid BonddIp6Iid;

/* The generator for @s_ip6's ipv6.addr-gen-mode ("default" is stable-privacy,
 * "default-or-eui64" EUI-64, as NetworkManager without a global default).
 * stable-privacy reads (or first creates) STATE_DIR/secret_key. */
BonddIp6Iid *bondd_ip6_iid_new(NMSettingIP6Config *s_ip6, const char *ifname,
                               const char *network_id, const char *state_dir, GError **error);
void bondd_ip6_iid_free(BonddIp6Iid *self);
G_DEFINE_AUTOPTR_CLEANUP_FUNC(BonddIp6Iid, bondd_ip6_iid_free)

gboolean bondd_ip6_iid_is_stable(const BonddIp6Iid *self);
/* EUI-64 follows the MAC address: TRUE when it changed the identifier. */
gboolean bondd_ip6_iid_set_hwaddr(BonddIp6Iid *self, const guint8 *hwaddr, guint len);

/* Fill the low 64 bits of @addr (whose high 64 bits are the prefix) for the
 * @dad_counter-th try.  FALSE with @error when there is no such address:
 * EUI-64 has only one, RFC 7217 stops after BONDD_IP6_IID_STABLE_RETRIES. */
gboolean bondd_ip6_iid_complete(const BonddIp6Iid *self, guint8 addr[16], guint dad_counter,
                                GError **error);

/* The per-machine secret (at least 16 bytes), made of 32 random bytes on
 * first use and written atomically with mode 0600. */
GBytes *bondd_ip6_secret_load(const char *state_dir, GError **error);

/* RFC 7217's identifier as NetworkManager computes it for a profile without
 * connection.stable-id: SHA-256 over the prefix, interface name, network id,
 * DAD counter and secret (exposed for the unit test). */
void bondd_ip6_stable_privacy(guint8 addr[16], const char *ifname, const char *network_id,
                              guint32 dad_counter, GBytes *secret);

G_END_DECLS
