/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * bondd device plugin ABI, version 3.
 *
 * A device plugin is a GModule in $libdir/bondd/ named libbondd-device-NAME.so
 * exporting exactly one symbol, BONDD_DEVICE_FACTORY_SYMBOL, of type
 * BonddDeviceFactoryFunc.  The factory declares the kinds of kernel link it
 * realises (with their flags) and creates one BonddDevice per software link.
 * A device realises its link from a profile (over its parent when the kind is
 * stacked), attaches and releases ports when the kind is a controller,
 * applies option changes the kernel allows on the live link, tears down,
 * describes a link made outside bondd as a profile, and exports its runtime
 * state as an extra D-Bus interface on the device object.
 *
 * The core owns object paths, activation order, states and NetworkManager's
 * D-Bus API; the plugin owns the kind-specific netlink.  All calls happen on
 * the host's main thread.
 */
#pragma once

#include <gio/gio.h>
#include <NetworkManager.h>
#include <bondd/link.h>

G_BEGIN_DECLS

#define BONDD_DEVICE_PLUGIN_ABI_VERSION 3
#define BONDD_DEVICE_FACTORY_SYMBOL     "bondd_device_factory_create"

typedef struct _BonddDevice BonddDevice;

/* Links whose name starts with this are a plugin's short-lived scratch links
 * (the bond plugin's diagnostic probe): the core never shows them as devices
 * nor forwards their events.  Short enough to leave room within IFNAMSIZ. */
#define BONDD_SCRATCH_LINK_PREFIX "bondd-probe"

/* What a kind of link is, as far as activation order goes.  The core's kind
 * table holds the same flags; a plugin that disagrees is refused at load. */
typedef enum {
    BONDD_KIND_FLAG_NONE = 0,
    /* Other links are attached to it as ports (bond, bridge). */
    BONDD_KIND_FLAG_CONTROLLER = 1 << 0,
    /* It is created on top of a parent link (vlan). */
    BONDD_KIND_FLAG_NEEDS_PARENT = 1 << 1,
} BonddKindFlags;

typedef struct {
    const char *link_kind;    /* IFLA_INFO_KIND, e.g. "bond"; NULL ends the list */
    const char *setting_type; /* NetworkManager setting type, e.g. "bond" */
    BonddKindFlags flags;
} BonddDeviceKindInfo;

/* Services the host offers to a device. */
typedef struct {
    /* Send one rtnetlink request (the host sets nlmsg_seq/pid and NLM_F_ACK)
     * and wait for its ACK.  A kernel error is returned as a GError (domain
     * G_IO_ERROR, code from errno) whose message includes the kernel's
     * extended-ack text when there is one. */
    gboolean (*netlink_request)(gpointer host_data, struct nlmsghdr *request, GError **error);
    /* Current cache entry for a link, or NULL.  Valid until the next return
     * to the main loop. */
    const BonddLink *(*get_link)(gpointer host_data, int ifindex);
    const BonddLink *(*get_link_by_name)(gpointer host_data, const char *name);
    /* Re-read one link from the kernel now (after a change) so get_link is
     * up to date; returns FALSE if it vanished. */
    gboolean (*refresh_link)(gpointer host_data, int ifindex);
    /* IFF_UP on or off. */
    gboolean (*set_link_up)(gpointer host_data, int ifindex, gboolean up, GError **error);
    /* RTM_DELLINK. */
    gboolean (*delete_link)(gpointer host_data, int ifindex, GError **error);
    gpointer host_data;
} BonddDeviceHost;

typedef struct {
    guint abi_version;
    const char *name;

    /* Create the kernel link for @profile with all its options in one
     * request (over the parent given to create_device for a stacked kind), or
     * adopt an existing link of the same name and kind, applying whatever
     * differs without teardown where the kernel allows (traffic keeps flowing
     * across a daemon restart).  On success *out_ifindex is the link and
     * *out_adopted tells which.  Options the kernel reports differently are
     * logged.  On failure no half-made link is left behind. */
    gboolean (*realize)(BonddDevice *self, NMConnection *profile, gboolean *out_adopted,
                        int *out_ifindex, GError **error);

    /* Controllers only (NULL otherwise).  Attach a port: set it down, set
     * what @port_profile asks of it (MTU, MAC, per-port options), attach,
     * then up.  A port attached already only gets its per-port options. */
    gboolean (*attach_port)(BonddDevice *self, int port_ifindex, NMConnection *port_profile,
                            GError **error);
    gboolean (*release_port)(BonddDevice *self, int port_ifindex, GError **error);

    /* Apply @new_profile's options to the live link.  What cannot change on
     * a live link without re-creating it is refused with
     * NM_DEVICE_ERROR_INCOMPATIBLE_CONNECTION naming the option, and the link
     * is left exactly as it was; activating the profile again applies it. */
    gboolean (*reapply)(BonddDevice *self, NMConnection *new_profile, GError **error);

    /* Delete the link (only if bondd created or adopted it). */
    gboolean (*unrealize)(BonddDevice *self, GError **error);

    /* Netlink news: the device's own link, one of its ports or, for a
     * stacked kind, its parent changed (@link is the new cache entry;
     * @ifla_event is IFLA_EVENT if present, else 0). */
    void (*link_changed)(BonddDevice *self, const BonddLink *link, guint32 ifla_event);
    void (*link_removed)(BonddDevice *self, int ifindex);

    /* bondd's own runtime-state interface to add to the device's D-Bus
     * object (owned by the device), or NULL.  It is added once realize
     * succeeded, or at once for a device made for a link that exists: the
     * values it holds by then come with it. */
    GDBusInterfaceSkeleton *(*get_dbus_interface)(BonddDevice *self);

    void (*free)(BonddDevice *self);

    /* (ABI 3) Describe the existing link, which bondd did not make, as
     * NetworkManager describes a link it finds configured: add the kind's
     * setting to @connection (which has its connection setting) with the
     * values the kernel holds -- a bond's options that differ from libnm's
     * defaults, a vlan's parent and id.  The core then shows the link as
     * connected externally under that profile; it never realizes it.  NULL:
     * the kind's setting with libnm's defaults. */
    gboolean (*describe)(BonddDevice *self, NMConnection *connection, GError **error);
} BonddDeviceVTable;

struct _BonddDevice {
    const BonddDeviceVTable *vtable;
};

typedef struct {
    guint abi_version; /* BONDD_DEVICE_PLUGIN_ABI_VERSION */
    const char *name;
    /* The kinds this factory realises, ended by an entry whose link_kind is
     * NULL. */
    const BonddDeviceKindInfo *kinds;
    /* A device of kind @link_kind for the interface @ifname (an existing link
     * or one to be created).  @parent_ifindex is the parent link of a
     * stacked kind, else 0. */
    BonddDevice *(*create_device)(const BonddDeviceHost *host, const char *link_kind,
                                  const char *ifname, int parent_ifindex, GError **error);
} BonddDeviceFactory;

/* What the daemon tells a device plugin when it loads it. */
typedef struct {
    /* The daemon's configuration.  A plugin reads its own group only, named
     * after the plugin ("[bond]"); NULL means built-in defaults. */
    GKeyFile *keyfile;
    const char *group;
    /* The daemon's state directory: a plugin may keep files there across
     * restarts, named after itself. */
    const char *state_dir;
} BonddDevicePluginConfig;

typedef const BonddDeviceFactory *(*BonddDeviceFactoryFunc)(const BonddDevicePluginConfig *config,
                                                            GError **error);

/* A whole plugin of one kind: its kind list, its factory named
 * @plugin_name with @create_device_func, and the exported constructor. */
#define BONDD_DEVICE_PLUGIN_DEFINE(plugin_name, link_kind, setting_type, flags,                    \
                                   create_device_func)                                             \
    static const BonddDeviceKindInfo bondd_device_plugin_kinds[] = {                               \
        {link_kind, setting_type, flags},                                                          \
        {NULL, NULL, 0},                                                                           \
    };                                                                                             \
    static const BonddDeviceFactory bondd_device_plugin_factory = {                                \
        .abi_version = BONDD_DEVICE_PLUGIN_ABI_VERSION,                                            \
        .name = plugin_name,                                                                       \
        .kinds = bondd_device_plugin_kinds,                                                        \
        .create_device = create_device_func,                                                       \
    };                                                                                             \
    BONDD_DEVICE_PLUGIN_EXPORT(bondd_device_plugin_factory)

/* The exported constructor of a plugin whose factory is the static
 * @factory and needs no configuration.  The prototype keeps
 * -Wmissing-prototypes quiet for a symbol nobody includes; the compiler
 * checks that it matches BonddDeviceFactoryFunc. */
#define BONDD_DEVICE_PLUGIN_EXPORT(factory)                                                        \
    G_MODULE_EXPORT const BonddDeviceFactory *bondd_device_factory_create(                         \
        const BonddDevicePluginConfig *config, GError **error);                                    \
    static G_GNUC_UNUSED const BonddDeviceFactoryFunc bondd_device_factory_type_check =            \
        bondd_device_factory_create;                                                               \
    G_MODULE_EXPORT const BonddDeviceFactory *bondd_device_factory_create(                         \
        const BonddDevicePluginConfig *config, GError **error)                                     \
    {                                                                                              \
        return &(factory);                                                                         \
    }

G_END_DECLS
