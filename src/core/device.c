/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Device objects: the D-Bus face of one kernel link.
 *
 * libnm reads a device's state only from StateReason (pitfall P7), types it
 * by its one type interface (P6), and lets clients write Managed and
 * Autoconnect with Properties.Set, which generated skeletons accept from
 * anyone; our skeleton subclass checks network-control first.  What a kind
 * shows in its type interface comes from the kind table.
 */
#include "config.h"

#include "device.h"

#include <glib/gi18n.h>
#include <string.h>
#include <net/if.h>
#include <net/if_arp.h>
#include <linux/if.h>

#include "auth.h"
#include "authorized-properties.h"
#include "connection-normalize.h"
#include "errors.h"
#include "ethtool.h"
#include "profile-limits.h"

/* ---- a Device skeleton that authorizes Properties.Set ------------------- */

#define BONDD_TYPE_DEVICE_SKELETON (bondd_device_skeleton_get_type())
G_DECLARE_FINAL_TYPE(BonddDeviceSkeleton, bondd_device_skeleton, BONDD, DEVICE_SKELETON,
                     NMDBusDeviceSkeleton)

struct _BonddDeviceSkeleton {
    NMDBusDeviceSkeleton parent;
    BonddNmDevice *owner; /* not a reference: the owner holds us */
};

G_DEFINE_TYPE(BonddDeviceSkeleton, bondd_device_skeleton, NMDBUS_TYPE_DEVICE_SKELETON)

static BonddAuthorizedProperties guard;

/* Managed goes through the device, which tells policy; the rest is stored. */
static gboolean
write_property(GDBusInterfaceSkeleton *skeleton, const GDBusInterfaceVTable *generated,
               GDBusConnection *bus, const char *sender, const char *object_path,
               const char *interface_name, const char *property_name, GVariant *value,
               GError **error)
{
    BonddDeviceSkeleton *skel = BONDD_DEVICE_SKELETON(skeleton);

    if (g_strcmp0(property_name, "Managed") == 0 &&
        g_variant_is_of_type(value, G_VARIANT_TYPE_BOOLEAN)) {
        gboolean managed = g_variant_get_boolean(value);

        /* NetworkManager's reasons: "removed" when a client unmanages it. */
        if (skel->owner)
            bondd_nm_device_set_unmanaged(skel->owner, BONDD_UNMANAGED_USER_EXPLICIT, !managed,
                                          managed ? NM_DEVICE_STATE_REASON_NOW_MANAGED
                                                  : NM_DEVICE_STATE_REASON_REMOVED);
        return TRUE;
    }
    return generated->set_property(bus, sender, object_path, interface_name, property_name, value,
                                   error, skeleton);
}

static GDBusInterfaceVTable *
bondd_device_skeleton_get_vtable(GDBusInterfaceSkeleton *skeleton)
{
    return &guard.vtable;
}

static void
bondd_device_skeleton_init(BonddDeviceSkeleton *self)
{
}

static void
bondd_device_skeleton_class_init(BonddDeviceSkeletonClass *klass)
{
    GDBusInterfaceSkeletonClass *skel_class = G_DBUS_INTERFACE_SKELETON_CLASS(klass);

    bondd_authorized_properties_init(
        &guard, skel_class, G_DBUS_INTERFACE_SKELETON_CLASS(bondd_device_skeleton_parent_class),
        write_property);
    skel_class->get_vtable = bondd_device_skeleton_get_vtable;
}

/* ---- the device ---------------------------------------------------------- */

struct _BonddNmDevice {
    GObject parent;

    BonddDaemon *daemon;
    char *path;
    gboolean exported;
    const BonddDeviceKind *kind;

    BonddLink link; /* our copy; nlh not kept (plugins ask the cache) */

    NMDBusObjectSkeleton *object;
    NMDBusDevice *dev;
    GDBusInterfaceSkeleton *type_iface; /* the kind's Device.X interface */

    NMDeviceState state;
    guint unmanaged;      /* BonddUnmanagedFlags that are set */
    guint unmanaged_mask; /* ... and those that were ever decided, set or not */
    gboolean owned;       /* bondd made or adopted the link */
    BonddDevice *plugin_device;
    GDBusInterfaceSkeleton *plugin_iface;

    const BonddDeviceActions *actions;
    gpointer actions_owner;
};

G_DEFINE_TYPE(BonddNmDevice, bondd_nm_device, G_TYPE_OBJECT)

enum { SIG_MANAGED_CHANGED, N_SIGNALS };
static guint signals[N_SIGNALS];

/* ---- Device methods --------------------------------------------------------- */

/* Every Device method needs network-control; the device is kept alive
 * until it runs (Delete may remove its link). */
static gboolean
authorize(BonddNmDevice *self, GDBusMethodInvocation *invocation, BonddAuthorizedFunc run)
{
    bondd_auth_then(invocation, BONDD_AUTH_NETWORK_CONTROL, BONDD_MANAGER_ERROR, run, self);
    return TRUE;
}

/* Activation has not taken the device on yet (never seen in practice). */
static gboolean
not_ready(BonddNmDevice *self, GDBusMethodInvocation *invocation)
{
    if (self->actions)
        return FALSE;
    g_dbus_method_invocation_return_error(invocation, BONDD_DEVICE_ERROR, BONDD_DEVICE_ERROR_FAILED,
                                          _("Device %s is not ready"), self->link.name);
    return TRUE;
}

static void
run_disconnect(gpointer object, GDBusMethodInvocation *invocation)
{
    BonddNmDevice *self = object;
    g_autoptr(GError) error = NULL;

    if (not_ready(self, invocation))
        return;
    if (!self->actions->disconnect(self->actions_owner, self, &error))
        bondd_invocation_return_error(invocation, BONDD_DEVICE_ERROR, error);
    else
        nmdbus_device_complete_disconnect(self->dev, invocation);
}

static gboolean
handle_disconnect(NMDBusDevice *skel, GDBusMethodInvocation *invocation, BonddNmDevice *self)
{
    return authorize(self, invocation, run_disconnect);
}

static void
run_delete(gpointer object, GDBusMethodInvocation *invocation)
{
    BonddNmDevice *self = object;
    g_autoptr(GError) error = NULL;

    if (not_ready(self, invocation))
        return;
    if (!self->actions->delete_link(self->actions_owner, self, &error))
        bondd_invocation_return_error(invocation, BONDD_DEVICE_ERROR, error);
    else
        nmdbus_device_complete_delete(self->dev, invocation);
}

static gboolean
handle_delete(NMDBusDevice *skel, GDBusMethodInvocation *invocation, BonddNmDevice *self)
{
    return authorize(self, invocation, run_delete);
}

static void
run_reapply(gpointer object, GDBusMethodInvocation *invocation)
{
    BonddNmDevice *self = object;
    g_autoptr(GVariant) dict = NULL;
    g_autoptr(NMConnection) connection = NULL;
    g_autoptr(GError) error = NULL;
    guint64 version_id;
    guint flags;

    if (not_ready(self, invocation))
        return;
    g_variant_get(g_dbus_method_invocation_get_parameters(invocation), "(@a{sa{sv}}tu)", &dict,
                  &version_id, &flags);
    if (flags & ~(guint)NM_DEVICE_REAPPLY_FLAGS_PRESERVE_EXTERNAL_IP) {
        g_dbus_method_invocation_return_error(invocation, BONDD_DEVICE_ERROR,
                                              BONDD_DEVICE_ERROR_INVALID_ARGUMENT,
                                              _("Invalid flags 0x%x for Reapply"), flags);
        return;
    }
    if (g_variant_n_children(dict) > 0) {
        if (bondd_profile_limits_check_dbus(dict, &error)) {
            g_autoptr(GVariant) prepared = bondd_connection_dict_prepare(dict);

            connection = nm_simple_connection_new_from_dbus(prepared, &error);
        }
        if (!connection || !bondd_connection_accept(connection, &error)) {
            g_dbus_method_invocation_return_error(invocation, BONDD_DEVICE_ERROR,
                                                  BONDD_DEVICE_ERROR_INVALID_CONNECTION,
                                                  _("Invalid connection: %s"), error->message);
            return;
        }
    }
    if (!self->actions->reapply(self->actions_owner, self, connection, version_id, &error))
        bondd_invocation_return_error(invocation, BONDD_DEVICE_ERROR, error);
    else
        nmdbus_device_complete_reapply(self->dev, invocation);
}

static gboolean
handle_reapply(NMDBusDevice *skel, GDBusMethodInvocation *invocation, GVariant *connection,
               guint64 version_id, guint flags, BonddNmDevice *self)
{
    return authorize(self, invocation, run_reapply);
}

/* Reading what was applied needs no authorization (as NetworkManager). */
static gboolean
handle_get_applied_connection(NMDBusDevice *skel, GDBusMethodInvocation *invocation, guint flags,
                              BonddNmDevice *self)
{
    NMConnection *applied = NULL;
    guint64 version_id = 0;
    GVariant *dict;

    if (self->actions)
        applied = self->actions->get_applied(self->actions_owner, self, &version_id);
    if (!applied) {
        g_dbus_method_invocation_return_error(invocation, BONDD_DEVICE_ERROR,
                                              BONDD_DEVICE_ERROR_NOT_ACTIVE,
                                              _("Device is not activated"));
        return TRUE;
    }
    dict = nm_connection_to_dbus(applied, NM_CONNECTION_SERIALIZE_WITH_NON_SECRET);
    if (!dict)
        dict = g_variant_new_array(G_VARIANT_TYPE("{sa{sv}}"), NULL, 0);
    nmdbus_device_complete_get_applied_connection(skel, invocation, dict, version_id);
    return TRUE;
}

static char *
format_hwaddr(const guint8 *addr, guint len)
{
    GString *s = g_string_sized_new(len * 3);

    for (guint i = 0; i < len; i++)
        g_string_append_printf(s, i ? ":%02X" : "%02X", addr[i]);
    return g_string_free(s, FALSE);
}

/* NetworkManager's driver name: a software link's kind ("vlan", "bond",
 * not ethtool's "802.1Q VLAN Support" or "bonding"), else ethtool's; the
 * versions are ethtool's. */
static void
read_driver_info(BonddNmDevice *self)
{
    BonddDriverInfo info;

    /* No ethtool question about a link not made yet: the kernel takes an
     * unknown name for a module to load and runs modprobe (100 ms under
     * emulation) before it answers. */
    if (bondd_device_kind_has(self->kind, BONDD_KIND_NEVER_MANAGED) || self->link.ifindex <= 0 ||
        !bondd_ethtool_get_driver_info(self->link.name, &info)) {
        nmdbus_device_set_driver(self->dev, self->link.kind[0] ? self->link.kind : "unknown");
        return;
    }
    nmdbus_device_set_driver(self->dev, self->link.kind[0] ? self->link.kind : info.driver);
    nmdbus_device_set_driver_version(self->dev, info.version);
    nmdbus_device_set_firmware_version(self->dev, info.firmware);
}

static guint
interface_flags(const BonddLink *link)
{
    guint flags = 0;

    if (link->flags & IFF_UP)
        flags |= NM_DEVICE_INTERFACE_FLAG_UP;
    if (link->flags & IFF_LOWER_UP)
        flags |= NM_DEVICE_INTERFACE_FLAG_LOWER_UP;
    if (link->flags & IFF_PROMISC)
        flags |= NM_DEVICE_INTERFACE_FLAG_PROMISC;
    if (link->carrier)
        flags |= NM_DEVICE_INTERFACE_FLAG_CARRIER;
    return flags;
}

gboolean
bondd_nm_device_has_carrier(BonddNmDevice *self)
{
    return (self->link.flags & IFF_LOWER_UP) != 0;
}

NMDeviceState
bondd_nm_device_idle_state(BonddNmDevice *self)
{
    if (!bondd_nm_device_get_managed(self))
        return NM_DEVICE_STATE_UNMANAGED;
    /* Software devices need no carrier to be activated. */
    if (bondd_device_kind_has(self->kind, BONDD_KIND_NEEDS_CARRIER) &&
        !bondd_nm_device_has_carrier(self))
        return NM_DEVICE_STATE_UNAVAILABLE;
    return NM_DEVICE_STATE_DISCONNECTED;
}

static char *
perm_hwaddr(const BonddLink *link)
{
    return link->perm_hwaddr_len ? format_hwaddr(link->perm_hwaddr, link->perm_hwaddr_len)
                                 : format_hwaddr(link->hwaddr, link->hwaddr_len);
}

void
bondd_nm_device_update_link(BonddNmDevice *self, const BonddLink *link)
{
    g_autofree char *hw = format_hwaddr(link->hwaddr, link->hwaddr_len);
    g_autofree char *perm = perm_hwaddr(link);
    gboolean renamed = strcmp(self->link.name, link->name) != 0;
    BonddKindLinkInfo info = {
        .link = link,
        .hw_address = hw,
        .perm_hw_address = perm,
        .carrier = (link->flags & IFF_LOWER_UP) != 0,
    };

    self->link = *link;
    self->link.nlh = NULL;

    if (renamed) {
        nmdbus_device_set_interface(self->dev, link->name);
        nmdbus_device_set_ip_interface(self->dev, link->name);
    }
    nmdbus_device_set_hw_address(self->dev, hw);
    nmdbus_device_set_mtu(self->dev, link->mtu);
    nmdbus_device_set_interface_flags(self->dev, interface_flags(link));
    if (self->kind->update_interface)
        self->kind->update_interface(self->type_iface, &info);
}

/* The object, its Device interface and its kind's type interface, for
 * @link (ifindex 0 for an unrealized device). */
/* ---- managed or not ---------------------------------------------------------- */

/* NetworkManager's verdict: any reason makes it unmanaged, except that a
 * client's explicit choice, either way, overrides the guess that a link
 * made outside is not ready yet. */
static gboolean
managed_by_flags(guint flags, guint mask)
{
    if (mask & BONDD_UNMANAGED_USER_EXPLICIT)
        flags &= ~BONDD_UNMANAGED_EXTERNAL_DOWN;
    return flags == BONDD_UNMANAGED_NONE;
}

/* Managed follows the flags; @emit: tell policy when it changes. */
static void
sync_managed(BonddNmDevice *self, NMDeviceStateReason reason, gboolean emit)
{
    gboolean managed =
        bondd_nm_device_is_real(self) && managed_by_flags(self->unmanaged, self->unmanaged_mask);

    if (managed == nmdbus_device_get_managed(self->dev))
        return;
    nmdbus_device_set_managed(self->dev, managed);
    g_debug("device %s: %s (unmanaged flags 0x%x)", self->link.name,
            managed ? "managed" : "unmanaged", self->unmanaged);
    if (emit)
        g_signal_emit(self, signals[SIG_MANAGED_CHANGED], 0, (guint)reason);
}

static void
init_unmanaged(BonddNmDevice *self, BonddUnmanagedFlags unmanaged)
{
    if (bondd_device_kind_has(self->kind, BONDD_KIND_NEVER_MANAGED))
        unmanaged |= BONDD_UNMANAGED_BY_TYPE;
    if (self->owned)
        unmanaged &= ~BONDD_UNMANAGED_EXTERNAL_DOWN;
    /* A client's earlier choice stays; the rest is decided anew. */
    self->unmanaged = (self->unmanaged & BONDD_UNMANAGED_USER_EXPLICIT) | unmanaged;
    self->unmanaged_mask |= unmanaged;
}

gboolean
bondd_nm_device_get_managed(BonddNmDevice *self)
{
    return nmdbus_device_get_managed(self->dev);
}

gboolean
bondd_nm_device_is_activatable(BonddNmDevice *self, gboolean for_user)
{
    guint flags = self->unmanaged & ~BONDD_UNMANAGED_EXTERNAL_DOWN;

    if (for_user)
        flags &= ~BONDD_UNMANAGED_USER_EXPLICIT;
    return flags == BONDD_UNMANAGED_NONE;
}

BonddUnmanagedFlags
bondd_nm_device_get_unmanaged_flags(BonddNmDevice *self)
{
    return self->unmanaged;
}

void
bondd_nm_device_set_unmanaged(BonddNmDevice *self, BonddUnmanagedFlags flags, gboolean unmanaged,
                              NMDeviceStateReason reason)
{
    if (self->owned)
        flags &= ~BONDD_UNMANAGED_EXTERNAL_DOWN;
    self->unmanaged_mask |= flags;
    if (unmanaged)
        self->unmanaged |= flags;
    else
        self->unmanaged &= ~flags;
    sync_managed(self, reason, TRUE);
}

void
bondd_nm_device_set_owned(BonddNmDevice *self, NMDeviceStateReason reason)
{
    self->owned = TRUE;
    self->unmanaged &= ~BONDD_UNMANAGED_EXTERNAL_DOWN;
    self->unmanaged_mask &= ~BONDD_UNMANAGED_EXTERNAL_DOWN;
    sync_managed(self, reason, TRUE);
}

gboolean
bondd_nm_device_get_owned(BonddNmDevice *self)
{
    return self->owned;
}

/* ---- creating ------------------------------------------------------------------ */

static BonddNmDevice *
device_new(BonddDaemon *daemon, const BonddDeviceKind *kind, const BonddLink *link,
           BonddUnmanagedFlags unmanaged, gboolean real)
{
    BonddNmDevice *self = g_object_new(BONDD_TYPE_NM_DEVICE, NULL);
    g_autofree char *hw = format_hwaddr(link->hwaddr, link->hwaddr_len);
    g_autofree char *perm = perm_hwaddr(link);
    g_autofree char *udi = NULL;
    guint caps = NM_DEVICE_CAP_NM_SUPPORTED;
    BonddKindLinkInfo info = {.link = link, .hw_address = hw, .perm_hw_address = perm};

    self->daemon = daemon;
    self->kind = kind;
    self->path = bondd_daemon_next_object_path(daemon, "Devices");
    self->object = nmdbus_object_skeleton_new(self->path);
    self->dev = g_object_new(BONDD_TYPE_DEVICE_SKELETON, NULL);
    BONDD_DEVICE_SKELETON(self->dev)->owner = self;
    self->link = *link;
    self->link.nlh = NULL;
    g_signal_connect(self->dev, "handle-disconnect", G_CALLBACK(handle_disconnect), self);
    g_signal_connect(self->dev, "handle-delete", G_CALLBACK(handle_delete), self);
    g_signal_connect(self->dev, "handle-reapply", G_CALLBACK(handle_reapply), self);
    g_signal_connect(self->dev, "handle-get-applied-connection",
                     G_CALLBACK(handle_get_applied_connection), self);

    if ((bondd_device_kind_has(kind, BONDD_KIND_NEEDS_CARRIER) ||
         bondd_device_kind_has(kind, BONDD_KIND_SOFTWARE)) &&
        !bondd_device_kind_has(kind, BONDD_KIND_NO_CARRIER_DETECT))
        caps |= NM_DEVICE_CAP_CARRIER_DETECT;
    if (link->kind[0] || bondd_device_kind_has(kind, BONDD_KIND_SOFTWARE))
        caps |= NM_DEVICE_CAP_IS_SOFTWARE;
    self->type_iface = kind->new_interface(&info);
    g_dbus_object_skeleton_add_interface(G_DBUS_OBJECT_SKELETON(self->object), self->type_iface);

    udi = g_strdup_printf("/sys/class/net/%s", link->name);
    nmdbus_device_set_udi(self->dev, udi);
    nmdbus_device_set_path(self->dev, "");
    nmdbus_device_set_interface(self->dev, link->name);
    nmdbus_device_set_ip_interface(self->dev, link->name);
    nmdbus_device_set_device_type(self->dev, kind->nm_type);
    nmdbus_device_set_capabilities(self->dev, caps);
    nmdbus_device_set_real(self->dev, real);
    init_unmanaged(self, unmanaged);
    sync_managed(self, NM_DEVICE_STATE_REASON_NONE, FALSE);
    nmdbus_device_set_autoconnect(self->dev, TRUE);
    nmdbus_device_set_firmware_missing(self->dev, FALSE);
    nmdbus_device_set_nm_plugin_missing(self->dev, FALSE);
    nmdbus_device_set_physical_port_id(self->dev, "");
    nmdbus_device_set_metered(self->dev, NM_METERED_UNKNOWN);
    nmdbus_device_set_ip4_connectivity(self->dev, NM_CONNECTIVITY_UNKNOWN);
    nmdbus_device_set_ip6_connectivity(self->dev, NM_CONNECTIVITY_UNKNOWN);
    nmdbus_device_set_active_connection(self->dev, "/");
    nmdbus_device_set_ip4_config(self->dev, "/");
    nmdbus_device_set_ip6_config(self->dev, "/");
    nmdbus_device_set_dhcp4_config(self->dev, "/");
    nmdbus_device_set_dhcp6_config(self->dev, "/");
    nmdbus_device_set_available_connections(self->dev, (const char *const[]){NULL});
    nmdbus_device_set_ports(self->dev, (const char *const[]){NULL});
    /* Typed GVariant properties are left out of GetAll when NULL. */
    nmdbus_device_set_lldp_neighbors(self->dev,
                                     g_variant_new_array(G_VARIANT_TYPE_VARDICT, NULL, 0));
    read_driver_info(self);
    bondd_nm_device_update_link(self, link);

    self->state = NM_DEVICE_STATE_UNKNOWN;
    bondd_nm_device_set_state(self, bondd_nm_device_idle_state(self), NM_DEVICE_STATE_REASON_NONE);
    nmdbus_object_skeleton_set_device(self->object, self->dev);
    return self;
}

BonddNmDevice *
bondd_nm_device_new(BonddDaemon *daemon, const BonddLink *link, BonddUnmanagedFlags unmanaged)
{
    return device_new(daemon, bondd_device_kind_for_link(link), link, unmanaged, TRUE);
}

BonddNmDevice *
bondd_nm_device_new_unrealized(BonddDaemon *daemon, const char *iface, const BonddDeviceKind *kind,
                               BonddUnmanagedFlags unmanaged)
{
    BonddLink none = {.ifindex = 0, .arptype = ARPHRD_ETHER};
    BonddNmDevice *self;

    /* Only software kinds can exist before their link. */
    g_return_val_if_fail(bondd_device_kind_has(kind, BONDD_KIND_SOFTWARE), NULL);
    g_strlcpy(none.name, iface, sizeof none.name);
    g_strlcpy(none.kind, kind->link_kind, sizeof none.kind);
    self = device_new(daemon, kind, &none, unmanaged, FALSE);
    nmdbus_device_set_udi(self->dev, "");
    /* As NetworkManager's unrealized devices: unmanaged until realized.  Not
     * exported yet, so no StateChanged for this. */
    self->state = NM_DEVICE_STATE_UNKNOWN;
    bondd_nm_device_set_state(self, NM_DEVICE_STATE_UNMANAGED, NM_DEVICE_STATE_REASON_NONE);
    return self;
}

void
bondd_nm_device_realize(BonddNmDevice *self, const BonddLink *link, BonddUnmanagedFlags unmanaged)
{
    g_autofree char *udi = g_strdup_printf("/sys/class/net/%s", link->name);

    g_return_if_fail(!bondd_nm_device_is_real(self));
    g_return_if_fail(bondd_device_kind_for_link(link) == self->kind);
    bondd_nm_device_update_link(self, link);
    nmdbus_device_set_udi(self->dev, udi);
    read_driver_info(self);
    nmdbus_device_set_real(self->dev, TRUE);
    /* The caller sets the state that goes with it. */
    init_unmanaged(self, unmanaged);
    sync_managed(self, NM_DEVICE_STATE_REASON_NONE, FALSE);
}

gboolean
bondd_nm_device_is_real(BonddNmDevice *self)
{
    return nmdbus_device_get_real(self->dev);
}

void
bondd_nm_device_export(BonddNmDevice *self)
{
    if (self->exported)
        return;
    g_dbus_object_manager_server_export(self->daemon->object_manager,
                                        G_DBUS_OBJECT_SKELETON(self->object));
    self->exported = TRUE;
}

void
bondd_nm_device_unexport(BonddNmDevice *self)
{
    if (!self->exported)
        return;
    /* Property changes still queued would otherwise go out after the
     * object is gone, or never. */
    bondd_nm_device_flush(self);
    g_dbus_object_manager_server_unexport(self->daemon->object_manager, self->path);
    self->exported = FALSE;
}

const char *
bondd_nm_device_get_path(BonddNmDevice *self)
{
    return self->path;
}

int
bondd_nm_device_get_ifindex(BonddNmDevice *self)
{
    return self->link.ifindex;
}

const char *
bondd_nm_device_get_iface(BonddNmDevice *self)
{
    return self->link.name;
}

const BonddDeviceKind *
bondd_nm_device_get_kind(BonddNmDevice *self)
{
    return self->kind;
}

gboolean
bondd_nm_device_is_software(BonddNmDevice *self)
{
    return (nmdbus_device_get_capabilities(self->dev) & NM_DEVICE_CAP_IS_SOFTWARE) != 0;
}

void
bondd_nm_device_set_actions(BonddNmDevice *self, const BonddDeviceActions *actions, gpointer owner)
{
    self->actions = actions;
    self->actions_owner = owner;
}

gboolean
bondd_nm_device_profile_matches(BonddNmDevice *self, const char *setting_type, const char *iface,
                                const char *mac)
{
    g_autofree char *ours = NULL;
    g_autofree char *perm = NULL;

    if (g_strcmp0(setting_type, self->kind->setting_type) != 0)
        return FALSE;
    if (iface)
        return strcmp(iface, self->link.name) == 0;
    /* A profile without interface name may bind by MAC, or to any device of
     * a hardware kind when it names none (NetworkManager's rule); a software
     * profile always names its interface. */
    if (bondd_device_kind_has(self->kind, BONDD_KIND_SOFTWARE))
        return FALSE;
    if (!mac)
        return TRUE;
    ours = format_hwaddr(self->link.hwaddr, self->link.hwaddr_len);
    perm = format_hwaddr(self->link.perm_hwaddr, self->link.perm_hwaddr_len);
    return g_ascii_strcasecmp(mac, ours) == 0 || g_ascii_strcasecmp(mac, perm) == 0;
}

gboolean
bondd_nm_device_connection_matches(BonddNmDevice *self, NMConnection *connection)
{
    NMSettingWired *wired = nm_connection_get_setting_wired(connection);

    return bondd_nm_device_profile_matches(self, nm_connection_get_connection_type(connection),
                                           nm_connection_get_interface_name(connection),
                                           wired ? nm_setting_wired_get_mac_address(wired) : NULL);
}

void
bondd_nm_device_set_state(BonddNmDevice *self, NMDeviceState state, NMDeviceStateReason reason)
{
    NMDeviceState old = self->state;

    self->state = state;
    nmdbus_device_set_state(self->dev, state);
    nmdbus_device_set_state_reason(self->dev, g_variant_new("(uu)", state, reason));
    if (old != state) {
        g_debug("device %s: state %u -> %u (reason %u)", self->link.name, old, state, reason);
        if (old != NM_DEVICE_STATE_UNKNOWN)
            nmdbus_device_emit_state_changed(self->dev, state, old, reason);
    }
}

NMDeviceState
bondd_nm_device_get_state(BonddNmDevice *self)
{
    return self->state;
}

void
bondd_nm_device_set_active_connection(BonddNmDevice *self, const char *path)
{
    nmdbus_device_set_active_connection(self->dev, path ? path : "/");
}

gboolean
bondd_nm_device_has_active_connection(BonddNmDevice *self)
{
    return g_strcmp0(nmdbus_device_get_active_connection(self->dev), "/") != 0;
}

static gboolean
strv_equal0(const char *const *a, const char *const *b)
{
    if (!a || !b)
        return (!a || !*a) && (!b || !*b);
    return g_strv_equal(a, b);
}

void
bondd_nm_device_set_ports(BonddNmDevice *self, const char *const *paths)
{
    static const char *const empty[] = {NULL};

    if (!paths)
        paths = empty;
    if (strv_equal0(nmdbus_device_get_ports(self->dev), paths))
        return;
    nmdbus_device_set_ports(self->dev, paths);
    if (self->kind->set_ports)
        self->kind->set_ports(self->type_iface, paths);
}

void
bondd_nm_device_set_parent(BonddNmDevice *self, const char *path)
{
    if (self->kind->set_parent)
        self->kind->set_parent(self->type_iface, path);
}

void
bondd_nm_device_set_available_connections(BonddNmDevice *self, const char *const *paths)
{
    static const char *const empty[] = {NULL};

    if (!paths)
        paths = empty;
    if (!strv_equal0(nmdbus_device_get_available_connections(self->dev), paths))
        nmdbus_device_set_available_connections(self->dev, paths);
}

const char *const *
bondd_nm_device_get_available_connections(BonddNmDevice *self)
{
    return nmdbus_device_get_available_connections(self->dev);
}

void
bondd_nm_device_set_ip_configs(BonddNmDevice *self, const char *ip4_path, const char *ip6_path)
{
    nmdbus_device_set_ip4_config(self->dev, ip4_path ? ip4_path : "/");
    nmdbus_device_set_ip6_config(self->dev, ip6_path ? ip6_path : "/");
}

void
bondd_nm_device_set_dhcp_configs(BonddNmDevice *self, const char *dhcp4_path,
                                 const char *dhcp6_path)
{
    nmdbus_device_set_dhcp4_config(self->dev, dhcp4_path ? dhcp4_path : "/");
    nmdbus_device_set_dhcp6_config(self->dev, dhcp6_path ? dhcp6_path : "/");
}

void
bondd_nm_device_flush(BonddNmDevice *self)
{
    g_dbus_interface_skeleton_flush(G_DBUS_INTERFACE_SKELETON(self->dev));
    g_dbus_interface_skeleton_flush(self->type_iface);
}

BonddDevice *
bondd_nm_device_get_plugin_device(BonddNmDevice *self)
{
    return self->plugin_device;
}

BonddDevice *
bondd_nm_device_steal_plugin_device(BonddNmDevice *self)
{
    if (self->plugin_iface) {
        g_dbus_object_skeleton_remove_interface(G_DBUS_OBJECT_SKELETON(self->object),
                                                self->plugin_iface);
        self->plugin_iface = NULL;
    }
    return g_steal_pointer(&self->plugin_device);
}

void
bondd_nm_device_set_plugin_device(BonddNmDevice *self, BonddDevice *plugin_device)
{
    BonddDevice *old = bondd_nm_device_steal_plugin_device(self);

    if (old && old != plugin_device)
        old->vtable->free(old);
    self->plugin_device = plugin_device;
    if (plugin_device && plugin_device->vtable->get_dbus_interface) {
        self->plugin_iface = plugin_device->vtable->get_dbus_interface(plugin_device);
        if (self->plugin_iface)
            g_dbus_object_skeleton_add_interface(G_DBUS_OBJECT_SKELETON(self->object),
                                                 self->plugin_iface);
    }
}

/* ---- object ---------------------------------------------------------------- */

static void
bondd_nm_device_dispose(GObject *object)
{
    BonddNmDevice *self = BONDD_NM_DEVICE(object);
    BonddDevice *plugin_device;

    bondd_nm_device_unexport(self);
    plugin_device = bondd_nm_device_steal_plugin_device(self);
    if (plugin_device)
        plugin_device->vtable->free(plugin_device);
    if (self->dev) {
        BONDD_DEVICE_SKELETON(self->dev)->owner = NULL;
        g_signal_handlers_disconnect_by_data(self->dev, self);
    }
    g_clear_object(&self->dev);
    g_clear_object(&self->type_iface);
    g_clear_object(&self->object);
    G_OBJECT_CLASS(bondd_nm_device_parent_class)->dispose(object);
}

static void
bondd_nm_device_finalize(GObject *object)
{
    BonddNmDevice *self = BONDD_NM_DEVICE(object);

    g_free(self->path);
    G_OBJECT_CLASS(bondd_nm_device_parent_class)->finalize(object);
}

static void
bondd_nm_device_init(BonddNmDevice *self)
{
}

static void
bondd_nm_device_class_init(BonddNmDeviceClass *klass)
{
    GObjectClass *object_class = G_OBJECT_CLASS(klass);

    object_class->dispose = bondd_nm_device_dispose;
    object_class->finalize = bondd_nm_device_finalize;

    signals[SIG_MANAGED_CHANGED] =
        g_signal_new("managed-changed", G_TYPE_FROM_CLASS(klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL,
                     NULL, G_TYPE_NONE, 1, G_TYPE_UINT);
}
