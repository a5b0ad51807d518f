/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The bridge keys of an ifcfg file (TYPE=Bridge, STP, DELAY, BRIDGE_MACADDR,
 * BRIDGING_OPTS, BRIDGE_VLANS) and a bridge port's (BRIDGING_OPTS,
 * BRIDGE_PORT_VLANS next to BRIDGE=), read and written as NetworkManager's
 * ifcfg-rh does, from the shared bridge option table.
 */
#pragma once

#include <NetworkManager.h>

#include "shvar.h"

G_BEGIN_DECLS

/* The bridge setting of @s (which has a DEVICE, checked by the caller). */
NMSetting *ifcfg_bridge_read(ShvarFile *s);
/* The bridge-port setting of a file naming a bridge (BRIDGE_UUID or
 * BRIDGE), else NULL. */
NMSetting *ifcfg_bridge_port_read(ShvarFile *s);

void ifcfg_bridge_write(ShvarFile *s, NMSettingBridge *s_bridge);
/* Nothing when @s_port is NULL. */
void ifcfg_bridge_port_write(ShvarFile *s, NMSettingBridgePort *s_port);

G_END_DECLS
