/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * A bond made outside bondd, described as a profile: NetworkManager's rule
 * for the bond setting it generates for such a link.
 */
#pragma once

#include <NetworkManager.h>

#include "bond-netlink.h"

G_BEGIN_DECLS

/* Add to @connection a bond setting with the options the kernel reports in
 * @applied: the mode, and every other option libnm knows that the mode
 * takes and whose value is not libnm's default (miimon: unless 0).  An
 * option libnm refuses is left out.  FALSE with @error when @applied has
 * no mode. */
gboolean bond_profile_describe(const BondConfig *applied, NMConnection *connection, GError **error);

G_END_DECLS
