/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Bridge and bridge-port options to and from their kernel attributes
 * (IFLA_BR_*, IFLA_BRPORT_*), driven by the shared option table, as pure
 * functions over messages so that they can be tested without a kernel.
 */
#pragma once

#include <NetworkManager.h>
#include <libmnl/libmnl.h>

#include "bridge-options.h"

G_BEGIN_DECLS

/* Every option of @table that @setting holds, into an open IFLA_INFO_DATA
 * (bridge) or IFLA_INFO_SLAVE_DATA (port). */
void bridge_netlink_put_options(struct nlmsghdr *nlh, const BridgeOptionInfo *table,
                                NMSetting *setting);

/* The options of @table whose kernel value in @data (a link's
 * IFLA_INFO_DATA or IFLA_INFO_SLAVE_DATA, attributes up to @max_attr)
 * differs from what @setting asks for, as "property want (kernel have)"
 * items; NULL when they all match.  Times the kernel keeps in jiffies may
 * be 1/100 s off. */
char *bridge_netlink_differences(const struct nlattr *data, guint max_attr,
                                 const BridgeOptionInfo *table, NMSetting *setting);

G_END_DECLS
