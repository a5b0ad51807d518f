/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * One /org/freedesktop/NetworkManager/Devices/N object per kernel link (or
 * per software link still to be created): org.freedesktop.NetworkManager.
 * Device plus the one type interface its kind (device-kind.h) gives it, with
 * properties kept in step with the link cache, and the Device methods
 * (Disconnect, Delete, Reapply, GetAppliedConnection), authorized here and
 * carried out by whoever set the device's actions (the activation engine).
 * Named BonddNmDevice because BonddDevice is the plugin's device
 * (src/include/bondd/device-plugin.h), which a software device's object
 * holds.
 *
 * Whether a device is managed is NetworkManager's model: a set of reasons
 * not to manage it (BonddUnmanagedFlags), any one of which makes it
 * unmanaged, except that a client's explicit choice overrides
 * EXTERNAL_DOWN.  Device.Managed reads as that verdict.
 *
 * Signals:
 *   "managed-changed" (guint reason)  the verdict changed; @reason is the
 *                                     NMDeviceStateReason to show for it
 */
#pragma once

#include <NetworkManager.h>
#include <bondd/device-plugin.h>
#include <bondd/link.h>

#include "daemon.h"
#include "device-kind.h"

G_BEGIN_DECLS

#define BONDD_TYPE_NM_DEVICE (bondd_nm_device_get_type())
G_DECLARE_FINAL_TYPE(BonddNmDevice, bondd_nm_device, BONDD, NM_DEVICE, GObject)

/* Why a device is not managed: NetworkManager's unmanaged flags, those
 * bondd has, with their names. */
typedef enum {
    BONDD_UNMANAGED_NONE = 0,
    /* Networking is disabled (Manager.Enable false): NM_UNMANAGED_SLEEPING. */
    BONDD_UNMANAGED_SLEEPING = 1 << 0,
    /* A kind bondd never manages (lo): NM_UNMANAGED_BY_TYPE. */
    BONDD_UNMANAGED_BY_TYPE = 1 << 1,
    /* A client set Device.Managed false: NM_UNMANAGED_USER_EXPLICIT.  Set
     * either way, the client's choice overrides EXTERNAL_DOWN. */
    BONDD_UNMANAGED_USER_EXPLICIT = 1 << 2,
    /* An unmanaged-devices spec (settings plugins, bondd.conf):
     * NM_UNMANAGED_USER_SETTINGS, which nothing overrides. */
    BONDD_UNMANAGED_USER_SETTINGS = 1 << 3,
    /* A software link bondd did not make that is not up with an address (or
     * a port) yet: NM_UNMANAGED_EXTERNAL_DOWN. */
    BONDD_UNMANAGED_EXTERNAL_DOWN = 1 << 4,
} BonddUnmanagedFlags;

/* What the Device methods ask of activation.  Errors are reported to the
 * caller as they are (BONDD_DEVICE_ERROR codes, or others mapped to
 * Device.Failed). */
typedef struct {
    gboolean (*disconnect)(gpointer owner, BonddNmDevice *device, GError **error);
    gboolean (*delete_link)(gpointer owner, BonddNmDevice *device, GError **error);
    /* @connection NULL: the profile as stored now. */
    gboolean (*reapply)(gpointer owner, BonddNmDevice *device, NMConnection *connection,
                        guint64 version_id, GError **error);
    /* The applied connection (borrowed) and its version, or NULL. */
    NMConnection *(*get_applied)(gpointer owner, BonddNmDevice *device, guint64 *out_version_id);
} BonddDeviceActions;

/* A device for @link, with all properties filled, not yet exported;
 * @unmanaged: the flags that apply to it from the start. */
BonddNmDevice *bondd_nm_device_new(BonddDaemon *daemon, const BonddLink *link,
                                   BonddUnmanagedFlags unmanaged);
/* NetworkManager's unrealized software device: the object for @iface of
 * @kind whose link does not exist yet (Real=false; ifindex 0), not yet
 * exported. */
BonddNmDevice *bondd_nm_device_new_unrealized(BonddDaemon *daemon, const char *iface,
                                              const BonddDeviceKind *kind,
                                              BonddUnmanagedFlags unmanaged);
/* Its link appeared: the same object now stands for @link (Real=true).  The
 * state is left to the caller (an activation may be under way). */
void bondd_nm_device_realize(BonddNmDevice *self, const BonddLink *link,
                             BonddUnmanagedFlags unmanaged);
gboolean bondd_nm_device_is_real(BonddNmDevice *self);
void bondd_nm_device_export(BonddNmDevice *self);
void bondd_nm_device_unexport(BonddNmDevice *self);

void bondd_nm_device_set_actions(BonddNmDevice *self, const BonddDeviceActions *actions,
                                 gpointer owner);

const char *bondd_nm_device_get_path(BonddNmDevice *self);
int bondd_nm_device_get_ifindex(BonddNmDevice *self);
const char *bondd_nm_device_get_iface(BonddNmDevice *self);
const BonddDeviceKind *bondd_nm_device_get_kind(BonddNmDevice *self);
/* A link some software made (bond, veth...: it has a link kind). */
gboolean bondd_nm_device_is_software(BonddNmDevice *self);
/* Could @connection be activated on this device (type and interface name,
 * or MAC address for an Ethernet profile that names no interface)? */
gboolean bondd_nm_device_connection_matches(BonddNmDevice *self, NMConnection *connection);
/* The same, from a profile's fields, without a parsed connection. */
gboolean bondd_nm_device_profile_matches(BonddNmDevice *self, const char *setting_type,
                                         const char *iface, const char *mac);

/* New cache entry for our link: refresh the live properties. */
void bondd_nm_device_update_link(BonddNmDevice *self, const BonddLink *link);
/* Lower-up: what "has carrier" means for availability. */
gboolean bondd_nm_device_has_carrier(BonddNmDevice *self);

/* State and StateReason always together (libnm reads only StateReason). */
void bondd_nm_device_set_state(BonddNmDevice *self, NMDeviceState state,
                               NMDeviceStateReason reason);
NMDeviceState bondd_nm_device_get_state(BonddNmDevice *self);
/* The resting state of an idle device: unmanaged, unavailable or
 * disconnected, from Managed, the kind and the carrier. */
NMDeviceState bondd_nm_device_idle_state(BonddNmDevice *self);

/* Device.Managed: real, and no reason not to manage it. */
gboolean bondd_nm_device_get_managed(BonddNmDevice *self);
/* May an activation run on it?  As Managed, except that EXTERNAL_DOWN does
 * not count (activating a profile makes the link bondd's) and, for a
 * client's request (@for_user), neither does USER_EXPLICIT: a user who
 * activates a device wants it managed. */
gboolean bondd_nm_device_is_activatable(BonddNmDevice *self, gboolean for_user);
BonddUnmanagedFlags bondd_nm_device_get_unmanaged_flags(BonddNmDevice *self);
/* Set (@unmanaged) or clear @flags; "managed-changed" with @reason when the
 * verdict changes. */
void bondd_nm_device_set_unmanaged(BonddNmDevice *self, BonddUnmanagedFlags flags,
                                   gboolean unmanaged, NMDeviceStateReason reason);
/* The link is bondd's (it made or adopted it for a profile): EXTERNAL_DOWN
 * no longer applies, as to NetworkManager's own software devices. */
void bondd_nm_device_set_owned(BonddNmDevice *self, NMDeviceStateReason reason);
gboolean bondd_nm_device_get_owned(BonddNmDevice *self);

void bondd_nm_device_set_active_connection(BonddNmDevice *self, const char *path);
gboolean bondd_nm_device_has_active_connection(BonddNmDevice *self);
void bondd_nm_device_set_ports(BonddNmDevice *self, const char *const *paths);
/* A stacked device's parent (its device object path, NULL for none). */
void bondd_nm_device_set_parent(BonddNmDevice *self, const char *path);
void bondd_nm_device_set_available_connections(BonddNmDevice *self, const char *const *paths);
const char *const *bondd_nm_device_get_available_connections(BonddNmDevice *self);
void bondd_nm_device_set_ip_configs(BonddNmDevice *self, const char *ip4_path,
                                    const char *ip6_path);
/* DHCP4Config/DHCP6Config paths, NULL for none. */
void bondd_nm_device_set_dhcp_configs(BonddNmDevice *self, const char *dhcp4_path,
                                      const char *dhcp6_path);
/* Send batched property changes now (ordering against replies/signals). */
void bondd_nm_device_flush(BonddNmDevice *self);

/* The plugin device driving this software link, or NULL.  The device object
 * owns it: it is freed with vtable->free on replacement or finalization,
 * and its get_dbus_interface() skeleton is added to our D-Bus object. */
BonddDevice *bondd_nm_device_get_plugin_device(BonddNmDevice *self);
void bondd_nm_device_set_plugin_device(BonddNmDevice *self, BonddDevice *plugin_device);
/* Hand the plugin device back to the caller (its interface is removed). */
BonddDevice *bondd_nm_device_steal_plugin_device(BonddNmDevice *self);

G_END_DECLS
