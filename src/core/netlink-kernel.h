/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The running kernel as a netlink transport: one rtnetlink socket for
 * requests and dumps (one at a time, synchronous), one non-blocking socket
 * subscribed to the link, address and route groups for notifications.
 */
#pragma once

#include "netlink-transport.h"

G_BEGIN_DECLS

/* The sockets open on subscribe(); requests before that fail. */
BonddNetlinkTransport *bondd_netlink_kernel_new(void);

G_END_DECLS
