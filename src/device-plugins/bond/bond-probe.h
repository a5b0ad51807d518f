/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Which options of a bond the running kernel refuses.  The kernel stops at
 * the first bad attribute of a create request and its message may not name
 * it; a scratch probe bond, tried with one option at a time, finds them all.
 */
#pragma once

#include <bondd/device-plugin.h>

#include "bond-netlink.h"

G_BEGIN_DECLS

/* After creating bond @bond_name with @cfg (and @mtu, @mac when non-zero /
 * non-NULL) failed: "opt=value: kernel error; ..." for every option the
 * kernel refuses on its own, or NULL when each one alone is accepted.  The
 * probe is named BONDD_SCRATCH_LINK_PREFIX, which the core never shows as a
 * device, and is always deleted again. */
char *bond_probe_diagnose(const BonddDeviceHost *host, const char *bond_name, const BondConfig *cfg,
                          guint mtu, const guint8 *mac, BondNameToIndex resolve,
                          gpointer resolve_data);

G_END_DECLS
