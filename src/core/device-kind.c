/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The kind table (see device-kind.h).  Route metrics are NetworkManager's
 * defaults per device type, so routes compare the same way under either
 * daemon.
 */
#include "config.h"

#include "device-kind.h"

#include <glib/gi18n.h>
#include <string.h>
#include <net/if.h>
#include <net/if_arp.h>
#include <libmnl/libmnl.h>
#include <linux/if_link.h>
#include <linux/rtnetlink.h>

#include "ethtool.h"
#include "nm-dbus-generated.h"

/* ---- matching links -------------------------------------------------------- */

static gboolean
is_loopback(const BonddLink *link)
{
    return link->arptype == ARPHRD_LOOPBACK;
}

/* Ethernet-like: real NICs (no kind) and veth pairs. */
static gboolean
is_ethernet(const BonddLink *link)
{
    return link->arptype == ARPHRD_ETHER && (!link->kind[0] || strcmp(link->kind, "veth") == 0);
}

static gboolean
is_anything(const BonddLink *link)
{
    return TRUE;
}

/* ---- type interfaces ------------------------------------------------------------ */

static GDBusInterfaceSkeleton *
loopback_new(const BonddKindLinkInfo *info)
{
    return G_DBUS_INTERFACE_SKELETON(nmdbus_device_loopback_skeleton_new());
}

/* The generated type interfaces share their property names: HwAddress and
 * Carrier ("hw-address", "carrier") on most, Slaves ("slaves") on the
 * controllers'. */
static void
hw_carrier_update(GDBusInterfaceSkeleton *iface, const BonddKindLinkInfo *info)
{
    g_object_set(iface, "hw-address", info->hw_address, "carrier", info->carrier, NULL);
}

static void
slaves_set(GDBusInterfaceSkeleton *iface, const char *const *paths)
{
    g_object_set(iface, "slaves", paths, NULL);
}

static GDBusInterfaceSkeleton *
bond_new(const BonddKindLinkInfo *info)
{
    GDBusInterfaceSkeleton *bond = G_DBUS_INTERFACE_SKELETON(nmdbus_device_bond_skeleton_new());

    slaves_set(bond, (const char *const[]){NULL});
    return bond;
}

static GDBusInterfaceSkeleton *
bridge_new(const BonddKindLinkInfo *info)
{
    GDBusInterfaceSkeleton *bridge = G_DBUS_INTERFACE_SKELETON(nmdbus_device_bridge_skeleton_new());

    slaves_set(bridge, (const char *const[]){NULL});
    return bridge;
}

static GDBusInterfaceSkeleton *
vlan_new(const BonddKindLinkInfo *info)
{
    NMDBusDeviceVlan *vlan = nmdbus_device_vlan_skeleton_new();

    nmdbus_device_vlan_set_parent(vlan, "/");
    return G_DBUS_INTERFACE_SKELETON(vlan);
}

static int
find_vlan_id(const struct nlattr *attr, void *data)
{
    if (mnl_attr_get_type(attr) == IFLA_VLAN_ID && mnl_attr_validate(attr, MNL_TYPE_U16) >= 0)
        *(guint *)data = mnl_attr_get_u16(attr);
    return MNL_CB_OK;
}

static int
find_info_data(const struct nlattr *attr, void *data)
{
    if (mnl_attr_get_type(attr) == IFLA_INFO_DATA)
        mnl_attr_parse_nested(attr, find_vlan_id, data);
    return MNL_CB_OK;
}

static int
find_linkinfo(const struct nlattr *attr, void *data)
{
    if (mnl_attr_get_type(attr) == IFLA_LINKINFO)
        mnl_attr_parse_nested(attr, find_info_data, data);
    return MNL_CB_OK;
}

/* IFLA_VLAN_ID of a vlan link's last RTM_NEWLINK; 0 when unknown. */
static guint
link_vlan_id(const BonddLink *link)
{
    guint id = 0;

    if (link->nlh)
        mnl_attr_parse(link->nlh, sizeof(struct ifinfomsg), find_linkinfo, &id);
    return id;
}

static void
vlan_update(GDBusInterfaceSkeleton *iface, const BonddKindLinkInfo *info)
{
    guint id = link_vlan_id(info->link);

    hw_carrier_update(iface, info);
    /* A message without it (a port event) leaves the id known. */
    if (id)
        nmdbus_device_vlan_set_vlan_id(NMDBUS_DEVICE_VLAN(iface), id);
}

static void
vlan_set_parent(GDBusInterfaceSkeleton *iface, const char *path)
{
    nmdbus_device_vlan_set_parent(NMDBUS_DEVICE_VLAN(iface), path ? path : "/");
}

static const char *
vlan_parent(NMConnection *connection)
{
    NMSettingVlan *s_vlan = nm_connection_get_setting_vlan(connection);

    return s_vlan ? nm_setting_vlan_get_parent(s_vlan) : NULL;
}

/* NetworkManager's name for a vlan profile without interface name:
 * PARENT.ID, the parent's name cut so that the whole fits IFNAMSIZ. */
static char *
vlan_link_name(NMConnection *connection, const char *parent_iface)
{
    NMSettingVlan *s_vlan = nm_connection_get_setting_vlan(connection);
    g_autofree char *suffix = NULL;
    gsize room;

    if (!s_vlan || !parent_iface || !*parent_iface)
        return NULL;
    suffix = g_strdup_printf(".%u", nm_setting_vlan_get_id(s_vlan));
    room = IFNAMSIZ - 1 - strlen(suffix);
    return g_strdup_printf("%.*s%s", (int)MIN(strlen(parent_iface), room), parent_iface, suffix);
}

static GDBusInterfaceSkeleton *
dummy_new(const BonddKindLinkInfo *info)
{
    return G_DBUS_INTERFACE_SKELETON(nmdbus_device_dummy_skeleton_new());
}

static void
dummy_update(GDBusInterfaceSkeleton *iface, const BonddKindLinkInfo *info)
{
    nmdbus_device_dummy_set_hw_address(NMDBUS_DEVICE_DUMMY(iface), info->hw_address);
}

static GDBusInterfaceSkeleton *
ethernet_new(const BonddKindLinkInfo *info)
{
    NMDBusDeviceEthernet *wired = nmdbus_device_ethernet_skeleton_new();

    nmdbus_device_ethernet_set_perm_hw_address(wired, info->perm_hw_address);
    nmdbus_device_ethernet_set_s390_subchannels(wired, (const char *const[]){NULL});
    return G_DBUS_INTERFACE_SKELETON(wired);
}

static void
ethernet_update(GDBusInterfaceSkeleton *iface, const BonddKindLinkInfo *info)
{
    NMDBusDeviceEthernet *wired = NMDBUS_DEVICE_ETHERNET(iface);

    nmdbus_device_ethernet_set_hw_address(wired, info->hw_address);
    nmdbus_device_ethernet_set_carrier(wired, info->carrier);
    nmdbus_device_ethernet_set_speed(wired, bondd_ethtool_get_speed(info->link));
}

static GDBusInterfaceSkeleton *
generic_new(const BonddKindLinkInfo *info)
{
    NMDBusDeviceGeneric *generic = nmdbus_device_generic_skeleton_new();

    nmdbus_device_generic_set_type_description(generic,
                                               info->link->kind[0] ? info->link->kind : "generic");
    return G_DBUS_INTERFACE_SKELETON(generic);
}

static void
generic_update(GDBusInterfaceSkeleton *iface, const BonddKindLinkInfo *info)
{
    nmdbus_device_generic_set_hw_address(NMDBUS_DEVICE_GENERIC(iface), info->hw_address);
}

/* ---- the table ------------------------------------------------------------------ */

/* Matching goes in this order; "generic" is last and takes the rest.  A row
 * without matches_link takes the links of its link_kind. */
static const BonddDeviceKind kinds[] = {
    {
        .name = "loopback",
        .setting_type = NM_SETTING_LOOPBACK_SETTING_NAME,
        .nm_type = NM_DEVICE_TYPE_LOOPBACK,
        .traits = BONDD_KIND_NEVER_MANAGED,
        .route_metric = 30,
        .profile_name = N_("Loopback connection"),
        .matches_link = is_loopback,
        .new_interface = loopback_new,
    },
    {
        .name = "bond",
        .setting_type = NM_SETTING_BOND_SETTING_NAME,
        .link_kind = "bond",
        .nm_type = NM_DEVICE_TYPE_BOND,
        .traits = BONDD_KIND_SOFTWARE | BONDD_KIND_CONTROLLER,
        .route_metric = 300,
        .profile_name = N_("Bond connection"),
        .new_interface = bond_new,
        .update_interface = hw_carrier_update,
        .set_ports = slaves_set,
    },
    {
        .name = "bridge",
        .setting_type = NM_SETTING_BRIDGE_SETTING_NAME,
        .link_kind = "bridge",
        .nm_type = NM_DEVICE_TYPE_BRIDGE,
        .traits = BONDD_KIND_SOFTWARE | BONDD_KIND_CONTROLLER,
        .route_metric = 425,
        .profile_name = N_("Bridge connection"),
        .new_interface = bridge_new,
        .update_interface = hw_carrier_update,
        .set_ports = slaves_set,
    },
    {
        .name = "vlan",
        .setting_type = NM_SETTING_VLAN_SETTING_NAME,
        .link_kind = "vlan",
        .nm_type = NM_DEVICE_TYPE_VLAN,
        .traits = BONDD_KIND_SOFTWARE | BONDD_KIND_NEEDS_PARENT,
        .route_metric = 400,
        .profile_name = N_("VLAN connection"),
        .new_interface = vlan_new,
        .update_interface = vlan_update,
        .set_parent = vlan_set_parent,
        .get_parent = vlan_parent,
        .link_name = vlan_link_name,
    },
    {
        .name = "dummy",
        .setting_type = NM_SETTING_DUMMY_SETTING_NAME,
        .link_kind = "dummy",
        .nm_type = NM_DEVICE_TYPE_DUMMY,
        /* NetworkManager shows no carrier detection for dummies. */
        .traits = BONDD_KIND_SOFTWARE | BONDD_KIND_NO_CARRIER_DETECT,
        .route_metric = 550,
        .profile_name = N_("Dummy connection"),
        .new_interface = dummy_new,
        .update_interface = dummy_update,
    },
    {
        .name = "ethernet",
        .setting_type = NM_SETTING_WIRED_SETTING_NAME,
        .nm_type = NM_DEVICE_TYPE_ETHERNET,
        .traits = BONDD_KIND_NEEDS_CARRIER,
        .route_metric = 100,
        .profile_name = N_("Wired connection"),
        .matches_link = is_ethernet,
        .new_interface = ethernet_new,
        .update_interface = ethernet_update,
    },
    {
        .name = "generic",
        .setting_type = NM_SETTING_GENERIC_SETTING_NAME,
        .nm_type = NM_DEVICE_TYPE_GENERIC,
        .route_metric = 950,
        .profile_name = N_("Generic connection"),
        .matches_link = is_anything,
        .new_interface = generic_new,
        .update_interface = generic_update,
    },
};

const BonddDeviceKind *
bondd_device_kind_for_link(const BonddLink *link)
{
    for (guint i = 0; i < G_N_ELEMENTS(kinds); i++) {
        if (kinds[i].matches_link ? kinds[i].matches_link(link)
                                  : g_strcmp0(kinds[i].link_kind, link->kind) == 0)
            return &kinds[i];
    }
    g_assert_not_reached();
}

const BonddDeviceKind *
bondd_device_kind_for_setting(const char *setting_type)
{
    for (guint i = 0; setting_type && i < G_N_ELEMENTS(kinds); i++) {
        if (strcmp(kinds[i].setting_type, setting_type) == 0)
            return &kinds[i];
    }
    return NULL;
}

const BonddDeviceKind *
bondd_device_kind_for_link_kind(const char *link_kind)
{
    for (guint i = 0; link_kind && i < G_N_ELEMENTS(kinds); i++) {
        if (g_strcmp0(kinds[i].link_kind, link_kind) == 0)
            return &kinds[i];
    }
    return NULL;
}

const BonddDeviceKind *
bondd_device_kind_by_name(const char *name)
{
    for (guint i = 0; name && i < G_N_ELEMENTS(kinds); i++) {
        if (strcmp(kinds[i].name, name) == 0)
            return &kinds[i];
    }
    return NULL;
}

char *
bondd_device_kind_link_name(const BonddDeviceKind *kind, NMConnection *connection,
                            const char *parent_iface)
{
    const char *ifname = nm_connection_get_interface_name(connection);

    if (ifname)
        return g_strdup(ifname);
    return kind && kind->link_name ? kind->link_name(connection, parent_iface) : NULL;
}

gboolean
bondd_device_kind_setting_is_controller(const char *setting_type)
{
    return bondd_device_kind_has(bondd_device_kind_for_setting(setting_type),
                                 BONDD_KIND_CONTROLLER);
}

guint
bondd_device_kind_traits_from_plugin_flags(BonddKindFlags flags)
{
    return BONDD_KIND_SOFTWARE |
           ((flags & BONDD_KIND_FLAG_CONTROLLER) ? BONDD_KIND_CONTROLLER : 0) |
           ((flags & BONDD_KIND_FLAG_NEEDS_PARENT) ? BONDD_KIND_NEEDS_PARENT : 0);
}
