/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * What a device object shows from ethtool: driver information and the link
 * speed.  Asked through an ioctl on a socket of our own network namespace
 * (sysfs may show another namespace when /sys was not remounted).
 */
#pragma once

#include <glib.h>
#include <bondd/link.h>

G_BEGIN_DECLS

typedef struct {
    char driver[32];
    char version[32];
    char firmware[32];
} BonddDriverInfo;

/* FALSE when the link has no driver information (software links may not). */
gboolean bondd_ethtool_get_driver_info(const char *ifname, BonddDriverInfo *out);
/* Mb/s, 0 when unknown (no carrier, or a driver that does not say). */
guint bondd_ethtool_get_speed(const BonddLink *link);

G_END_DECLS
