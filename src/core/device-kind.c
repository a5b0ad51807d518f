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
#include <net/if_arp.h>

#include "ethtool.h"
#include "nm-dbus-generated.h"

/* ---- matching links -------------------------------------------------------- */

static gboolean
is_loopback(const BonddLink *link)
{
    return link->arptype == ARPHRD_LOOPBACK;
}

static gboolean
is_bond(const BonddLink *link)
{
    return strcmp(link->kind, "bond") == 0;
}

static gboolean
is_vlan(const BonddLink *link)
{
    return strcmp(link->kind, "vlan") == 0;
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

static GDBusInterfaceSkeleton *
bond_new(const BonddKindLinkInfo *info)
{
    NMDBusDeviceBond *bond = nmdbus_device_bond_skeleton_new();

    nmdbus_device_bond_set_slaves(bond, (const char *const[]){NULL});
    return G_DBUS_INTERFACE_SKELETON(bond);
}

static void
bond_update(GDBusInterfaceSkeleton *iface, const BonddKindLinkInfo *info)
{
    nmdbus_device_bond_set_hw_address(NMDBUS_DEVICE_BOND(iface), info->hw_address);
    nmdbus_device_bond_set_carrier(NMDBUS_DEVICE_BOND(iface), info->carrier);
}

static void
bond_set_ports(GDBusInterfaceSkeleton *iface, const char *const *paths)
{
    nmdbus_device_bond_set_slaves(NMDBUS_DEVICE_BOND(iface), paths);
}

static GDBusInterfaceSkeleton *
vlan_new(const BonddKindLinkInfo *info)
{
    NMDBusDeviceVlan *vlan = nmdbus_device_vlan_skeleton_new();

    nmdbus_device_vlan_set_parent(vlan, "/");
    return G_DBUS_INTERFACE_SKELETON(vlan);
}

static void
vlan_update(GDBusInterfaceSkeleton *iface, const BonddKindLinkInfo *info)
{
    nmdbus_device_vlan_set_hw_address(NMDBUS_DEVICE_VLAN(iface), info->hw_address);
    nmdbus_device_vlan_set_carrier(NMDBUS_DEVICE_VLAN(iface), info->carrier);
}

static const char *
vlan_parent(NMConnection *connection)
{
    NMSettingVlan *s_vlan = nm_connection_get_setting_vlan(connection);

    return s_vlan ? nm_setting_vlan_get_parent(s_vlan) : NULL;
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

/* Matching goes in this order; "generic" is last and takes the rest. */
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
        .matches_link = is_bond,
        .new_interface = bond_new,
        .update_interface = bond_update,
        .set_ports = bond_set_ports,
    },
    {
        .name = "vlan",
        .setting_type = NM_SETTING_VLAN_SETTING_NAME,
        .link_kind = "vlan",
        .nm_type = NM_DEVICE_TYPE_VLAN,
        .traits = BONDD_KIND_SOFTWARE | BONDD_KIND_NEEDS_PARENT,
        .route_metric = 400,
        .profile_name = N_("VLAN connection"),
        .matches_link = is_vlan,
        .new_interface = vlan_new,
        .update_interface = vlan_update,
        .get_parent = vlan_parent,
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
        if (kinds[i].matches_link(link))
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
