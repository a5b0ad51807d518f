/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Whether udev has finished with a network link.  udev applies its rules
 * to a link that appears (systemd's default .link file gives a new bond or
 * bridge a persistent MAC address, rules may rename it); a link configured
 * before that races them.  bondd uses a link it made only once udev is
 * done with it -- when udev runs at all.
 *
 * "Initialized" is udev's own word: its database has the link, which it
 * writes once the rules have run.  The race is over sooner when the link
 * policy gives the link an address: an address that was set is left alone
 * by that policy, and a bond no longer takes its first port's, so such a
 * link is ready then (the kernel's addr_assign_type says "set").
 *
 * The programs the rules start come after that (Debian's rules run
 * systemd-sysctl, which writes the sysctl.d settings for the link), and
 * they take much longer than the rules under a slow machine; udev
 * announces the link when they are done.  So bondd uses the link before
 * that, and is told when udev's announcement follows: what bondd wrote to
 * the link's sysctls meanwhile is written again then, so that bondd's
 * settings win, as they would had it waited.
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef struct _BonddUdevLinks BonddUdevLinks;

/* Called when a link may have become ready (udev's database has one, or a
 * wait ran out; a link whose address is set is seen by its own change). */
typedef void (*BonddUdevLinksChangedFunc)(gpointer user_data);
/* Called when udev announced a link that was used before its rules'
 * programs were done. */
typedef void (*BonddUdevLinksProcessedFunc)(int ifindex, gpointer user_data);

/* @control_path: the file whose presence says udev runs (NULL: udev's own,
 * /run/udev/control). */
BonddUdevLinks *bondd_udev_links_new(const char *control_path, BonddUdevLinksChangedFunc changed,
                                     BonddUdevLinksProcessedFunc processed, gpointer user_data);
void bondd_udev_links_free(BonddUdevLinks *self);
G_DEFINE_AUTOPTR_CLEANUP_FUNC(BonddUdevLinks, bondd_udev_links_free)

/* TRUE once udev has initialized the link @ifname with @ifindex or its
 * address was set, at once when udev does not run, and after a wait of
 * BONDD_UDEV_WAIT_S (logged):
 * a udev that never answers must not hold activation forever. */
gboolean bondd_udev_links_ready(BonddUdevLinks *self, int ifindex, const char *ifname);
/* The link is gone or no longer waited for. */
void bondd_udev_links_forget(BonddUdevLinks *self, int ifindex);

#define BONDD_UDEV_WAIT_S 5

G_END_DECLS
