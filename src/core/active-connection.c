/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Active connection objects.
 */
#include "config.h"

#include "active-connection.h"

#include <glib/gi18n.h>

struct _BonddActiveConnection {
    GObject parent;

    BonddDaemon *daemon;
    char *path;
    gboolean exported;
    BonddProfile *profile;
    BonddNmDevice *device;
    BonddActiveConnection *controller; /* weak pointer */
    NMConnection *applied;
    guint64 version_id;
    NMActiveConnectionState state;
    guint state_flags; /* NMActivationStateFlags */

    NMDBusObjectSkeleton *object;
    NMDBusActiveConnection *skel;
};

G_DEFINE_TYPE(BonddActiveConnection, bondd_active_connection, G_TYPE_OBJECT)

static guint64 next_version_id = 1;

BonddActiveConnection *
bondd_active_connection_new(BonddDaemon *daemon, BonddProfile *profile, BonddNmDevice *device,
                            NMConnection *applied)
{
    BonddActiveConnection *self = g_object_new(BONDD_TYPE_ACTIVE_CONNECTION, NULL);
    NMConnection *connection = applied;
    const char *devices[] = {bondd_nm_device_get_path(device), NULL};

    self->daemon = daemon;
    self->profile = g_object_ref(profile);
    self->device = g_object_ref(device);
    self->applied = applied;
    self->version_id = next_version_id++;
    self->state = NM_ACTIVE_CONNECTION_STATE_ACTIVATING;
    self->path = bondd_daemon_next_object_path(daemon, "ActiveConnection");
    self->object = nmdbus_object_skeleton_new(self->path);
    self->skel = nmdbus_active_connection_skeleton_new();

    nmdbus_active_connection_set_connection(self->skel, bondd_profile_get_path(profile));
    nmdbus_active_connection_set_specific_object(self->skel, "/");
    nmdbus_active_connection_set_id(self->skel, bondd_profile_get_id(profile));
    nmdbus_active_connection_set_uuid(self->skel, bondd_profile_get_uuid(profile));
    nmdbus_active_connection_set_type_(self->skel, nm_connection_get_connection_type(connection));
    nmdbus_active_connection_set_devices(self->skel, devices);
    nmdbus_active_connection_set_state(self->skel, self->state);
    nmdbus_active_connection_set_state_flags(self->skel, self->state_flags);
    nmdbus_active_connection_set_default(self->skel, FALSE);
    nmdbus_active_connection_set_default6(self->skel, FALSE);
    nmdbus_active_connection_set_vpn(self->skel, FALSE);
    nmdbus_active_connection_set_ip4_config(self->skel, "/");
    nmdbus_active_connection_set_ip6_config(self->skel, "/");
    nmdbus_active_connection_set_dhcp4_config(self->skel, "/");
    nmdbus_active_connection_set_dhcp6_config(self->skel, "/");
    nmdbus_active_connection_set_controller(self->skel, "/");
    nmdbus_active_connection_set_master(self->skel, "/");
    nmdbus_object_skeleton_set_active_connection(self->object, self->skel);
    return self;
}

void
bondd_active_connection_export(BonddActiveConnection *self)
{
    if (self->exported)
        return;
    g_dbus_object_manager_server_export(self->daemon->object_manager,
                                        G_DBUS_OBJECT_SKELETON(self->object));
    self->exported = TRUE;
}

void
bondd_active_connection_unexport(BonddActiveConnection *self)
{
    if (!self->exported)
        return;
    g_dbus_interface_skeleton_flush(G_DBUS_INTERFACE_SKELETON(self->skel));
    g_dbus_object_manager_server_unexport(self->daemon->object_manager, self->path);
    self->exported = FALSE;
}

const char *
bondd_active_connection_get_path(BonddActiveConnection *self)
{
    return self->path;
}

BonddProfile *
bondd_active_connection_get_profile(BonddActiveConnection *self)
{
    return self->profile;
}

BonddNmDevice *
bondd_active_connection_get_device(BonddActiveConnection *self)
{
    return self->device;
}

NMConnection *
bondd_active_connection_get_applied(BonddActiveConnection *self)
{
    return self->applied;
}

guint64
bondd_active_connection_get_version_id(BonddActiveConnection *self)
{
    return self->version_id;
}

void
bondd_active_connection_set_applied(BonddActiveConnection *self, NMConnection *applied)
{
    g_clear_object(&self->applied);
    self->applied = nm_simple_connection_new_clone(applied);
    self->version_id = next_version_id++;
}

NMActiveConnectionState
bondd_active_connection_get_state(BonddActiveConnection *self)
{
    return self->state;
}

void
bondd_active_connection_set_state(BonddActiveConnection *self, NMActiveConnectionState state,
                                  NMActiveConnectionStateReason reason)
{
    if (self->state == state)
        return;
    g_message(_("%s: active connection '%s' (%s): state %u -> %u (reason %u)"),
              bondd_nm_device_get_iface(self->device), bondd_profile_get_id(self->profile),
              self->path, self->state, state, reason);
    self->state = state;
    nmdbus_active_connection_set_state(self->skel, state);
    if (self->exported) {
        /* The signal is libnm's only source of the reason; the flushed
         * property makes notify::state reach nmcli before any removal. */
        nmdbus_active_connection_emit_state_changed(self->skel, state, reason);
        g_dbus_interface_skeleton_flush(G_DBUS_INTERFACE_SKELETON(self->skel));
    }
}

void
bondd_active_connection_set_controller(BonddActiveConnection *self,
                                       BonddActiveConnection *controller)
{
    const char *path = "/";

    if (self->controller)
        g_object_remove_weak_pointer(G_OBJECT(self->controller), (gpointer *)&self->controller);
    self->controller = controller;
    if (controller) {
        g_object_add_weak_pointer(G_OBJECT(controller), (gpointer *)&self->controller);
        path = bondd_nm_device_get_path(controller->device);
    }
    nmdbus_active_connection_set_controller(self->skel, path);
    nmdbus_active_connection_set_master(self->skel, path);
}

BonddActiveConnection *
bondd_active_connection_get_controller(BonddActiveConnection *self)
{
    return self->controller;
}

guint
bondd_active_connection_get_state_flags(BonddActiveConnection *self)
{
    return self->state_flags;
}

void
bondd_active_connection_change_state_flags(BonddActiveConnection *self, guint set, guint clear)
{
    guint flags = (self->state_flags & ~clear) | set;

    if (flags == self->state_flags)
        return;
    self->state_flags = flags;
    nmdbus_active_connection_set_state_flags(self->skel, flags);
}

void
bondd_active_connection_set_ip_configs(BonddActiveConnection *self, const char *ip4_path,
                                       const char *ip6_path, gboolean has_default4,
                                       gboolean has_default6)
{
    nmdbus_active_connection_set_ip4_config(self->skel, ip4_path ? ip4_path : "/");
    nmdbus_active_connection_set_ip6_config(self->skel, ip6_path ? ip6_path : "/");
    nmdbus_active_connection_set_default(self->skel, has_default4);
    nmdbus_active_connection_set_default6(self->skel, has_default6);
}

void
bondd_active_connection_set_dhcp_configs(BonddActiveConnection *self, const char *dhcp4_path,
                                         const char *dhcp6_path)
{
    nmdbus_active_connection_set_dhcp4_config(self->skel, dhcp4_path ? dhcp4_path : "/");
    nmdbus_active_connection_set_dhcp6_config(self->skel, dhcp6_path ? dhcp6_path : "/");
}

void
bondd_active_connection_profile_updated(BonddActiveConnection *self)
{
    nmdbus_active_connection_set_id(self->skel, bondd_profile_get_id(self->profile));
}

NMDeviceStateReason
bondd_active_connection_device_reason(NMActiveConnectionStateReason reason)
{
    switch (reason) {
        case NM_ACTIVE_CONNECTION_STATE_REASON_USER_DISCONNECTED:
            return NM_DEVICE_STATE_REASON_USER_REQUESTED;
        case NM_ACTIVE_CONNECTION_STATE_REASON_CONNECTION_REMOVED:
            return NM_DEVICE_STATE_REASON_CONNECTION_REMOVED;
        case NM_ACTIVE_CONNECTION_STATE_REASON_DEVICE_REMOVED:
            return NM_DEVICE_STATE_REASON_REMOVED;
        case NM_ACTIVE_CONNECTION_STATE_REASON_DEPENDENCY_FAILED:
            return NM_DEVICE_STATE_REASON_DEPENDENCY_FAILED;
        case NM_ACTIVE_CONNECTION_STATE_REASON_DEVICE_DISCONNECTED:
            return NM_DEVICE_STATE_REASON_CARRIER;
        default:
            return NM_DEVICE_STATE_REASON_NONE;
    }
}

static void
bondd_active_connection_dispose(GObject *object)
{
    BonddActiveConnection *self = BONDD_ACTIVE_CONNECTION(object);

    bondd_active_connection_unexport(self);
    bondd_active_connection_set_controller(self, NULL);
    g_clear_object(&self->skel);
    g_clear_object(&self->object);
    g_clear_object(&self->profile);
    g_clear_object(&self->device);
    g_clear_object(&self->applied);
    G_OBJECT_CLASS(bondd_active_connection_parent_class)->dispose(object);
}

static void
bondd_active_connection_finalize(GObject *object)
{
    BonddActiveConnection *self = BONDD_ACTIVE_CONNECTION(object);

    g_free(self->path);
    G_OBJECT_CLASS(bondd_active_connection_parent_class)->finalize(object);
}

static void
bondd_active_connection_init(BonddActiveConnection *self)
{
}

static void
bondd_active_connection_class_init(BonddActiveConnectionClass *klass)
{
    GObjectClass *object_class = G_OBJECT_CLASS(klass);

    object_class->dispose = bondd_active_connection_dispose;
    object_class->finalize = bondd_active_connection_finalize;
}
