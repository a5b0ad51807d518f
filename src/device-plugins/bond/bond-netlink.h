/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Bond netlink encoding and decoding, as pure functions over buffers so they
 * can be unit-tested without a kernel.
 *
 * A BondConfig is a set of bond option values in canonical text form (see
 * bond_option_format()), indexed by the option table.  The same shape holds
 * what a profile asks for (bond_config_from_setting()) and what the kernel
 * reports (bond_netlink_parse_info_data()), so comparing the two is a string
 * comparison per option.
 */
#pragma once

#include <glib.h>
#include <NetworkManager.h>
#include <linux/netlink.h>
#include <libmnl/libmnl.h>

#include "bond-options.h"

G_BEGIN_DECLS

typedef struct {
    char *values[BOND_OPTIONS_MAX]; /* canonical text, NULL = not present */
} BondConfig;

void bond_config_clear(BondConfig *cfg);
void bond_config_copy(BondConfig *dst, const BondConfig *src);
const char *bond_config_get(const BondConfig *cfg, const char *name);
void bond_config_set(BondConfig *cfg, const char *name, const char *canonical);
int bond_config_mode(const BondConfig *cfg); /* -1 if mode unset */
guint32 bond_config_get_uint(const BondConfig *cfg, const char *name, guint32 fallback);

/* The kernel options a profile's bond setting asks for: every option libnm
 * knows, via nm_setting_bond_get_option_normalized(), converted through the
 * table, filtered by mode and by the active link monitor (MII or ARP), so
 * that the set can be sent to the kernel as it is. */
gboolean bond_config_from_setting(NMSettingBond *s_bond, BondConfig *out, GError **error);

/* Options whose canonical values differ between @requested and @applied.
 * Options absent from @requested are not compared.  Returns a list of
 * const BondOptionInfo * (free with g_ptr_array_unref). */
GPtrArray *bond_config_diff(const BondConfig *requested, const BondConfig *applied);

/* Resolve an interface name to an ifindex (0 if unknown) and back (NULL). */
typedef int (*BondNameToIndex)(const char *name, gpointer user_data);
typedef const char *(*BondIndexToName)(int ifindex, gpointer user_data);

/* Put IFLA_BOND_* attributes for every settable option present in @cfg
 * (the caller opened IFLA_INFO_DATA).  IFNAME options that @resolve cannot
 * resolve are left out and their names appended to @unresolved (may be
 * NULL).  Returns FALSE if a value does not parse. */
gboolean bond_netlink_put_options(struct nlmsghdr *nlh, const BondConfig *cfg,
                                  BondNameToIndex resolve, gpointer user_data,
                                  GPtrArray *unresolved, GError **error);

typedef struct {
    const char *ifname;    /* IFLA_IFNAME, or NULL */
    int ifindex;           /* ifi_index, 0 when creating */
    guint16 nlmsg_flags;   /* NLM_F_REQUEST is added; e.g. NLM_F_CREATE|NLM_F_EXCL */
    guint mtu;             /* IFLA_MTU if non-zero */
    const guint8 *hwaddr;  /* IFLA_ADDRESS if non-NULL (6 bytes) */
    int master;            /* IFLA_MASTER if >= 0 */
    int up;                /* -1 leave, 0 set down, 1 set up */
    const BondConfig *cfg; /* IFLA_LINKINFO{bond, DATA{...}} if non-NULL */
} BondLinkRequest;

/* Build one RTM_NEWLINK into @buf (MNL_SOCKET_BUFFER_SIZE is plenty). */
struct nlmsghdr *bond_netlink_build_newlink(void *buf, const BondLinkRequest *req,
                                            BondNameToIndex resolve, gpointer user_data,
                                            GPtrArray *unresolved, GError **error);
struct nlmsghdr *bond_netlink_build_dellink(void *buf, int ifindex);

/* RTM_NEWLINK on a port with IFLA_LINKINFO{SLAVE_KIND bond, SLAVE_DATA{...}}.
 * @queue_id < 0 / @prio == G_MININT32 leave them out. */
struct nlmsghdr *bond_netlink_build_port_options(void *buf, int port_ifindex, int queue_id,
                                                 gint64 prio);

/* Find the nested attributes of a link message: IFLA_INFO_KIND's value,
 * IFLA_INFO_DATA and IFLA_INFO_SLAVE_DATA (each NULL when absent). */
typedef struct {
    const char *kind;
    const char *slave_kind;
    const struct nlattr *info_data;
    const struct nlattr *slave_data;
    gboolean has_event;
    guint32 event;
} BondLinkAttrs;

gboolean bond_netlink_parse_link(const struct nlmsghdr *nlh, BondLinkAttrs *out);

/* Decode IFLA_INFO_DATA of a bond into canonical values (AD_INFO fields
 * included, under their table names).  Attributes unknown to the table are
 * counted in *n_unknown (may be NULL). */
void bond_netlink_parse_info_data(const struct nlattr *info_data, BondIndexToName resolve,
                                  gpointer user_data, BondConfig *out, guint *n_unknown);

/* One port's IFLA_INFO_SLAVE_DATA, decoded. */
typedef struct {
    guint present; /* bit (1 << IFLA_BOND_SLAVE_*) per attribute seen */
    guint8 state;
    guint8 mii_status;
    guint32 link_failure_count;
    guint8 perm_hwaddr[32];
    guint perm_hwaddr_len;
    guint16 queue_id;
    guint16 ad_aggregator_id;
    guint8 ad_actor_oper_port_state;
    guint16 ad_partner_oper_port_state;
    gint32 prio;
    guint16 actor_port_prio;
    guint8 ad_churn_actor_state;
    guint8 ad_churn_partner_state;
} BondPortInfo;

#define BOND_PORT_HAS(info, attr) (((info)->present & (1u << (attr))) != 0)

void bond_netlink_parse_slave_data(const struct nlattr *slave_data, BondPortInfo *out);

G_END_DECLS
