/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Policy: the decisions -- what comes up at start (links that exist are
 * adopted, autoconnect profiles activated), what autoconnects when a
 * profile or a device appears, what a change of Managed means (a device
 * that stops being managed is taken down, one that becomes managed rests
 * and may autoconnect), which links made outside bondd are shown connected
 * externally under a generated profile, and which profiles each device
 * could run (AvailableConnections).  The activation engine carries them
 * out.
 */
#pragma once

#include "activation.h"
#include "daemon.h"
#include "device-manager.h"

G_BEGIN_DECLS

#define BONDD_TYPE_POLICY (bondd_policy_get_type())
G_DECLARE_FINAL_TYPE(BonddPolicy, bondd_policy, BONDD, POLICY, GObject)

BonddPolicy *bondd_policy_new(BonddDaemon *daemon, BonddLinkCache *cache,
                              BonddDeviceManager *devices, BonddSoftwareDevices *software,
                              BonddActivationEngine *engine);
/* Adopt existing links and autoconnect profiles (once, at daemon start). */
void bondd_policy_start(BonddPolicy *self);
/* Stop deciding (daemon shutdown). */
void bondd_policy_stop(BonddPolicy *self);
/* Networking enabled or not (Manager.Enable; before start too): disabled,
 * every device is unmanaged with reason "sleeping" (taken down on the way)
 * and nothing autoconnects; enabled again, devices are managed and the
 * autoconnect profiles come up. */
void bondd_policy_set_networking(BonddPolicy *self, gboolean enabled);

G_END_DECLS
