/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Manager.AddAndActivateConnection and AddAndActivateConnection2: a
 * client's partial profile is completed as NetworkManager completes it for
 * the device's kind (type, interface name, "Wired connection N", a UUID;
 * libnm's normalization adds the IPv4/IPv6 defaults), stored through the
 * settings layer (persist disk, memory or volatile) and activated on the
 * device by the activation engine.  With bind-activation dbus-client the
 * activation ends when the calling client leaves the bus.  The caller is
 * authorized by the manager (network-control and settings.modify.system).
 */
#pragma once

#include "activation.h"
#include "daemon.h"
#include "device-manager.h"

G_BEGIN_DECLS

typedef struct _BonddAddAndActivate BonddAddAndActivate;

BonddAddAndActivate *bondd_add_and_activate_new(BonddDaemon *daemon, BonddDeviceManager *devices,
                                                BonddActivationEngine *engine);
void bondd_add_and_activate_free(BonddAddAndActivate *self);

/* AddAndActivateConnection2's options (a{sv}), checked before asking who
 * calls: FALSE with NetworkManager's InvalidArguments error. */
gboolean bondd_add_and_activate_check_options(GVariant *options, GError **error);

/* Carry out an authorized AddAndActivateConnection[2] call and answer it
 * (o profile, o active connection[, a{sv} result]). */
void bondd_add_and_activate_run(BonddAddAndActivate *self, GDBusMethodInvocation *invocation);

G_END_DECLS
