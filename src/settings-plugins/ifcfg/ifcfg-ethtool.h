/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * ETHTOOL_OPTS / ETHTOOL_WAKE_ON_LAN <-> the link part of the 802-3-ethernet
 * setting.  Commands the profile cannot carry (-K, -C, -G, -A) are skipped on
 * read and kept from the old file on write.
 */
#pragma once

#include <NetworkManager.h>

#include "shvar.h"

G_BEGIN_DECLS

/* Apply the file's ETHTOOL_OPTS / ETHTOOL_WAKE_ON_LAN to @s_wired; problems
 * are added as warnings of @s. */
void ifcfg_ethtool_read(ShvarFile *s, NMSettingWired *s_wired);

/* Set ETHTOOL_OPTS / ETHTOOL_WAKE_ON_LAN in @s from @s_wired (NULL: none). */
void ifcfg_ethtool_write(ShvarFile *s, NMSettingWired *s_wired);

G_END_DECLS
