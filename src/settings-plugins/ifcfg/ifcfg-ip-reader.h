/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The IPv4 and IPv6 settings of an ifcfg file, for the reader.
 */
#pragma once

#include <NetworkManager.h>

#include "shvar.h"

G_BEGIN_DECLS

/* The ipv4 / ipv6 setting @s describes; NULL with @error (naming the file)
 * when it cannot be one.  Problems that only warn are added to @s. */
NMSetting *ifcfg_ip_reader_ip4(ShvarFile *s, GError **error);
NMSetting *ifcfg_ip_reader_ip6(ShvarFile *s, GError **error);

G_END_DECLS
