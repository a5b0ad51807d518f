/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The kind table: every fact the core needs about a kind of device, in one
 * row per kind -- the profile's setting type, the kernel's link kind,
 * NetworkManager's device type and D-Bus type interface, whether it is a
 * controller or stacked on a parent, its default route metric, and the hooks
 * that fill its type interface.  Nothing else in the core branches on a kind:
 * it asks the row.  Adding a kind is adding a row (and a device plugin that
 * realises its links).
 */
#pragma once

#include <NetworkManager.h>
#include <bondd/device-plugin.h>
#include <bondd/link.h>

G_BEGIN_DECLS

typedef enum {
    /* A link bondd creates through a device plugin. */
    BONDD_KIND_SOFTWARE = 1 << 0,
    /* Takes ports (BONDD_KIND_FLAG_CONTROLLER of the plugin ABI). */
    BONDD_KIND_CONTROLLER = 1 << 1,
    /* Created over a parent link (BONDD_KIND_FLAG_NEEDS_PARENT). */
    BONDD_KIND_NEEDS_PARENT = 1 << 2,
    /* Unavailable (not activatable) without carrier while idle. */
    BONDD_KIND_NEEDS_CARRIER = 1 << 3,
    /* Never managed (NetworkManager 1.42 leaves lo alone too). */
    BONDD_KIND_NEVER_MANAGED = 1 << 4,
    /* A software link whose carrier means nothing (dummy): no
     * NM_DEVICE_CAP_CARRIER_DETECT. */
    BONDD_KIND_NO_CARRIER_DETECT = 1 << 5,
} BonddKindTraits;

/* What the type interface shows of a link. */
typedef struct {
    const BonddLink *link;
    const char *hw_address;      /* "AA:BB:..." */
    const char *perm_hw_address; /* the permanent one, or hw_address */
    gboolean carrier;
} BonddKindLinkInfo;

typedef struct _BonddDeviceKind BonddDeviceKind;

struct _BonddDeviceKind {
    const char *name;         /* as in NetworkManager's "type:" device specs */
    const char *setting_type; /* the profile's connection.type */
    const char *link_kind;    /* IFLA_INFO_KIND of software kinds, else NULL */
    NMDeviceType nm_type;
    guint traits; /* BonddKindTraits */
    /* NetworkManager's default route metric for the kind. */
    guint32 route_metric;
    /* NetworkManager's name for a profile it completes for the kind, to
     * which it adds a number ("Wired connection 1"); untranslated (N_). */
    const char *profile_name;

    /* Does @link belong to this kind?  Rows are tried in order; NULL: the
     * links whose IFLA_INFO_KIND is link_kind. */
    gboolean (*matches_link)(const BonddLink *link);
    /* The type interface (org.freedesktop.NetworkManager.Device.X) for a
     * new device object, and its live properties. */
    GDBusInterfaceSkeleton *(*new_interface)(const BonddKindLinkInfo *info);
    void (*update_interface)(GDBusInterfaceSkeleton *iface, const BonddKindLinkInfo *info);
    /* Controllers: the ports (device object paths) the kernel shows. */
    void (*set_ports)(GDBusInterfaceSkeleton *iface, const char *const *paths);
    /* Stacked kinds: the parent link's device object path ("/" for none). */
    void (*set_parent)(GDBusInterfaceSkeleton *iface, const char *path);
    /* Stacked kinds: the parent a profile names (an interface name or the
     * UUID of the parent's profile). */
    const char *(*get_parent)(NMConnection *connection);
    /* Stacked kinds: the link name of a profile that names none, on
     * @parent_iface (NetworkManager's rule), or NULL. */
    char *(*link_name)(NMConnection *connection, const char *parent_iface);
};

/* The kind of a kernel link (always one: "generic" catches the rest). */
const BonddDeviceKind *bondd_device_kind_for_link(const BonddLink *link);
/* The kind a profile of connection.type @setting_type runs on, or NULL. */
const BonddDeviceKind *bondd_device_kind_for_setting(const char *setting_type);
/* The kind whose links have IFLA_INFO_KIND @link_kind, or NULL. */
const BonddDeviceKind *bondd_device_kind_for_link_kind(const char *link_kind);
/* By name ("bond"), or NULL. */
const BonddDeviceKind *bondd_device_kind_by_name(const char *name);

static inline gboolean
bondd_device_kind_has(const BonddDeviceKind *kind, BonddKindTraits trait)
{
    return kind && (kind->traits & trait) != 0;
}

/* The link a profile of @kind runs on: its interface name or, for a stacked
 * kind that derives one, the name on @parent_iface (the parent's link name,
 * may be NULL); NULL when there is none.  Free with g_free(). */
char *bondd_device_kind_link_name(const BonddDeviceKind *kind, NMConnection *connection,
                                  const char *parent_iface);

/* Is a profile of this connection.type a controller (bond...)? */
gboolean bondd_device_kind_setting_is_controller(const char *setting_type);

/* The traits a device plugin declares for a kind, as the table's traits:
 * the plugin loader refuses a plugin that disagrees with the table. */
guint bondd_device_kind_traits_from_plugin_flags(BonddKindFlags flags);

G_END_DECLS
