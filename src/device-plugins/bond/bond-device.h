/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * One bond device: the BonddDeviceVTable implementation.
 */
#pragma once

#include <bondd/device-plugin.h>

G_BEGIN_DECLS

BonddDevice *bond_device_new(const BonddDeviceHost *host, const char *ifname, GError **error);

G_END_DECLS
