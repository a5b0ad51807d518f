/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The worlds the activation engine's unit tests run in: a bond with two
 * ports over the fake kernel and the fake device plugin, and the checks
 * they share.
 *
 * Interface names start with "t" so that the ethtool queries the device
 * objects make by name (src/core/ethtool.c) find nothing on the host.
 */
#pragma once

#include "harness.h"

#define BOND_IP "192.0.2.1/24 192.0.2.254"

#define AC_ACTIVATING   NM_ACTIVE_CONNECTION_STATE_ACTIVATING
#define AC_ACTIVATED    NM_ACTIVE_CONNECTION_STATE_ACTIVATED
#define AC_DEACTIVATED  NM_ACTIVE_CONNECTION_STATE_DEACTIVATED
#define FLAG_MASTER     NM_ACTIVATION_STATE_FLAG_IS_MASTER
#define FLAG_SLAVE      NM_ACTIVATION_STATE_FLAG_IS_SLAVE
#define FLAG_LAYER2     NM_ACTIVATION_STATE_FLAG_LAYER2_READY
#define FLAG_HAS_SLAVES NM_ACTIVATION_STATE_FLAG_MASTER_HAS_SLAVES

/* Every device state of an activation that goes all the way. */
#define FULL_STAGES "40 50 70 80 90 100"

/* tport1, tport2 with carrier; profiles "bond" (tbond0, active-backup,
 * miimon 100, static IPv4 with a gateway, autoconnect no), "port1" and
 * "port2" of it with the autoconnect given.  @port2_first: port2's profile
 * comes before port1's (their links keep their order: tport1 is made
 * first). */
Harness *bond_world_ordered(gboolean port1_auto, gboolean port2_auto, gboolean autoconnect_ports,
                            gboolean port2_first);
Harness *bond_world(gboolean port1_auto, gboolean port2_auto, gboolean autoconnect_ports);

gboolean ac_ended(BonddActiveConnection *ac);
void assert_no_link(Harness *h, const char *name);
void assert_no_addresses(Harness *h, const char *name);
