/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The vlan keys of an ifcfg file (VLAN=yes, TYPE=Vlan, PHYSDEV, VLAN_ID,
 * VLAN_PROTOCOL, VLAN_FLAGS, REORDER_HDR, GVRP, MVRP, the priority maps),
 * read and written as NetworkManager's ifcfg-rh does.
 */
#pragma once

#include <NetworkManager.h>

#include "shvar.h"

G_BEGIN_DECLS

/* The vlan setting of @s; NULL with an error naming the file when the id or
 * the parent cannot be found (from VLAN_ID/PHYSDEV or DEVICE=PARENT.ID). */
NMSetting *ifcfg_vlan_read(ShvarFile *s, GError **error);

void ifcfg_vlan_write(ShvarFile *s, NMSettingVlan *s_vlan);

G_END_DECLS
