/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The Device D-Bus methods -- Disconnect, Delete, Reapply,
 * GetAppliedConnection -- as the activation engine carries them out, with
 * NetworkManager's checks and errors.  The device object authorizes the
 * caller first (device.c).
 */
#pragma once

#include "activation.h"
#include "device.h"
#include "software-device.h"

G_BEGIN_DECLS

typedef struct {
    BonddActivationEngine *engine;
    BonddSoftwareDevices *software;
} BonddDeviceActionsContext;

/* Let @device's methods act through @context (which outlives it). */
void bondd_device_actions_bind(BonddNmDevice *device, BonddDeviceActionsContext *context);

G_END_DECLS
