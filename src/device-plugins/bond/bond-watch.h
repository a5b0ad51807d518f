/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Watching one bond: what the kernel reports about the bond and its ports
 * (link messages, polling in 802.3ad) goes into the BondState and out as
 * the org.bondd.Device.Bond properties and signals, the event history and
 * the health verdict.  bond-device.c changes the kernel; this file follows
 * what the kernel says.
 */
#pragma once

#include <bondd/device-plugin.h>

#include "bond-plugin-config.h"
#include "bond-state.h"

G_BEGIN_DECLS

typedef struct _BondWatch BondWatch;

/* @state and @dbus are borrowed and must outlive the watch.  Loads the
 * bond's history from the state directory. */
BondWatch *bond_watch_new(const BonddDeviceHost *host, const char *ifname, BondState *state,
                          GDBusInterfaceSkeleton *dbus, const BondPluginConfig *config);
/* Saves what the history has not saved yet. */
void bond_watch_free(BondWatch *watch);

void bond_watch_set_ifindex(BondWatch *watch, int ifindex);

/* A message about the bond's own link.  @fresh: @link was just read from
 * the kernel (not a queued notification, which may be older than what was
 * read before). */
void bond_watch_bond_link(BondWatch *watch, const BonddLink *link, guint32 ifla_event,
                          gboolean fresh);
/* A message about a port (its IFLA_MASTER is the bond). */
void bond_watch_port_link(BondWatch *watch, const BonddLink *link);
/* A message about a link the state knows as a port but whose master is no
 * longer the bond: confirmed with the kernel before the port is dropped. */
void bond_watch_port_left(BondWatch *watch, int ifindex);
/* The port (or the bond's own link) is gone. */
void bond_watch_port_removed(BondWatch *watch, int ifindex);
void bond_watch_bond_removed(BondWatch *watch);
/* Re-read the bond's cached link, the ports the kernel lists for it, and
 * publish (after bondd itself changed the bond). */
void bond_watch_refresh(BondWatch *watch);
/* The same for a bond that existed before this device (bondd restarted):
 * its ports are taken as they are, not recorded as attached now. */
void bond_watch_adopt(BondWatch *watch);
/* The active profile asks for port @name (TRUE), or no longer (FALSE). */
void bond_watch_configured_port(BondWatch *watch, const char *name, gboolean configured);
/* Copy the state to D-Bus and re-evaluate the health soon. */
void bond_watch_publish(BondWatch *watch);
/* Copy the state to D-Bus at once (the verdict is left to the publish or
 * refresh before): before the interface is exported, so that its first
 * values come with it rather than in a change right after. */
void bond_watch_publish_now(BondWatch *watch);
/* The bond was made (or taken over) for an activation, its ports to
 * come: its next verdict waits for the first (bond_watch_configured_port),
 * at most 5 s. */
void bond_watch_activating(BondWatch *watch);

G_END_DECLS
