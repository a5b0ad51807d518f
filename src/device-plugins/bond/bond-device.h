/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * One bond device: the BonddDeviceVTable implementation.
 */
#pragma once

#include <bondd/device-plugin.h>

#include "bond-plugin-config.h"

G_BEGIN_DECLS

/* @config (borrowed) is the plugin's; it outlives every device. */
BonddDevice *bond_device_new(const BonddDeviceHost *host, const char *ifname,
                             const BondPluginConfig *config, GError **error);

G_END_DECLS
