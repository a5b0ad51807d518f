/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * One /org/freedesktop/NetworkManager/ActiveConnection/N object: a profile
 * being (or having been) activated on a device.
 *
 * Ordering rules from docs/dbus-surface.md: export before the reply that
 * hands out the path (P3); every state change goes out as StateChanged plus
 * a flushed State property before anything else happens, so a client never
 * misses DEACTIVATED (P4); Connection always names an exported profile (P5).
 */
#pragma once

#include <NetworkManager.h>

#include "daemon.h"
#include "device.h"
#include "settings.h"

G_BEGIN_DECLS

#define BONDD_TYPE_ACTIVE_CONNECTION (bondd_active_connection_get_type())
G_DECLARE_FINAL_TYPE(BonddActiveConnection, bondd_active_connection, BONDD, ACTIVE_CONNECTION,
                     GObject)

/* A new active connection for @profile on @device (state ACTIVATING), which
 * takes @applied (the profile's settings as they are applied: a copy of
 * the caller's own, which nobody else holds).  Not exported yet. */
BonddActiveConnection *bondd_active_connection_new(BonddDaemon *daemon, BonddProfile *profile,
                                                   BonddNmDevice *device,
                                                   NMConnection *applied /* transfer full */);
void bondd_active_connection_export(BonddActiveConnection *self);
void bondd_active_connection_unexport(BonddActiveConnection *self);

const char *bondd_active_connection_get_path(BonddActiveConnection *self);
BonddProfile *bondd_active_connection_get_profile(BonddActiveConnection *self);
BonddNmDevice *bondd_active_connection_get_device(BonddActiveConnection *self);
/* The connection as applied (Device.GetAppliedConnection). */
NMConnection *bondd_active_connection_get_applied(BonddActiveConnection *self);
guint64 bondd_active_connection_get_version_id(BonddActiveConnection *self);
/* Replace the applied connection (Reapply); bumps the version id. */
void bondd_active_connection_set_applied(BonddActiveConnection *self, NMConnection *applied);

NMActiveConnectionState bondd_active_connection_get_state(BonddActiveConnection *self);
/* Set State, emit StateChanged(state, reason) and flush. */
void bondd_active_connection_set_state(BonddActiveConnection *self, NMActiveConnectionState state,
                                       NMActiveConnectionStateReason reason);

/* For ports: the controller's active connection (Controller/Master show
 * its device path). */
void bondd_active_connection_set_controller(BonddActiveConnection *self,
                                            BonddActiveConnection *controller);
BonddActiveConnection *bondd_active_connection_get_controller(BonddActiveConnection *self);

/* StateFlags (NMActivationStateFlags): set @set, clear @clear. */
guint bondd_active_connection_get_state_flags(BonddActiveConnection *self);
void bondd_active_connection_change_state_flags(BonddActiveConnection *self, guint set,
                                                guint clear);

void bondd_active_connection_set_ip_configs(BonddActiveConnection *self, const char *ip4_path,
                                            const char *ip6_path, gboolean has_default4,
                                            gboolean has_default6);
void bondd_active_connection_set_dhcp_configs(BonddActiveConnection *self, const char *dhcp4_path,
                                              const char *dhcp6_path);
/* The device's StateReason that goes with an active connection's. */
NMDeviceStateReason bondd_active_connection_device_reason(NMActiveConnectionStateReason reason);

/* The profile's id may change while active (Update2). */
void bondd_active_connection_profile_updated(BonddActiveConnection *self);

G_END_DECLS
