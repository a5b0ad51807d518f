/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * A vlan's kernel settings (IFLA_VLAN_*): what a profile's vlan setting asks
 * for, what the kernel reports, and the attributes that send them, as pure
 * functions so that they can be tested without a kernel.
 */
#pragma once

#include <NetworkManager.h>
#include <libmnl/libmnl.h>

G_BEGIN_DECLS

/* One priority mapping: ingress 802.1p priority -> skb priority, or
 * egress skb priority -> 802.1p priority. */
typedef struct {
    guint32 from;
    guint32 to;
} VlanQosMapping;

typedef struct {
    guint id;
    guint16 protocol; /* ETH_P_8021Q or ETH_P_8021AD, host order */
    guint32 flags;    /* NMVlanFlags: the kernel's VLAN_FLAG_* bits */
    GArray *ingress;  /* VlanQosMapping, sorted by from, no zero "to" */
    GArray *egress;   /* VlanQosMapping, sorted by from, no zero "to" */
} VlanConfig;

/* The flags a vlan setting can carry (and the mask sent with them). */
#define VLAN_FLAGS_ALL                                                                             \
    (NM_VLAN_FLAG_REORDER_HEADERS | NM_VLAN_FLAG_GVRP | NM_VLAN_FLAG_LOOSE_BINDING |               \
     NM_VLAN_FLAG_MVRP)

void vlan_config_init(VlanConfig *cfg);
void vlan_config_clear(VlanConfig *cfg);
void vlan_config_from_setting(NMSettingVlan *s_vlan, VlanConfig *out);

/* What the kernel can change on a live vlan (flags, priority maps) differs
 * between @a and @b.  The id and protocol never change on a live link. */
gboolean vlan_config_live_equal(const VlanConfig *a, const VlanConfig *b);
/* "id 153 protocol 802.1Q flags 0x1 ingress 1:2 egress 3:4" */
char *vlan_config_to_string(const VlanConfig *cfg);

/* IFLA_VLAN_* into an open IFLA_INFO_DATA.  With @create the id and the
 * protocol too (they are set once); without, the maps replace @current's:
 * every ingress priority is sent, and an egress mapping @cfg drops is sent
 * with "to" 0, which removes it. */
void vlan_netlink_put(struct nlmsghdr *nlh, const VlanConfig *cfg, gboolean create,
                      const VlanConfig *current);

/* Decode a vlan's IFLA_INFO_DATA. */
void vlan_netlink_parse(const struct nlattr *info_data, VlanConfig *out);

G_END_DECLS
