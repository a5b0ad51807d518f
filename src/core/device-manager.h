/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Keeps one BonddNmDevice per link in the link cache: creates and exports
 * them as links appear, keeps their properties live (carrier, flags, a
 * bond's ports), forwards link news to plugin devices, and removes them
 * with their link.
 *
 * Signals:
 *   "device-added"    (BonddNmDevice *)  after it is exported (also an
 *                                        unrealized one)
 *   "device-realized" (BonddNmDevice *)  an unrealized device got its link
 *   "device-changed"  (BonddNmDevice *, const BonddLink *, guint ifla_event)
 *   "device-removed"  (BonddNmDevice *)  before it is unexported
 *   "addresses-changed" (BonddNmDevice *) the kernel's addresses of its link
 *
 * Links named BONDD_SCRATCH_LINK_PREFIX... (a plugin's scratch links) never
 * get a device.
 */
#pragma once

#include "daemon.h"
#include "device.h"
#include "link-cache.h"

G_BEGIN_DECLS

#define BONDD_TYPE_DEVICE_MANAGER (bondd_device_manager_get_type())
G_DECLARE_FINAL_TYPE(BonddDeviceManager, bondd_device_manager, BONDD, DEVICE_MANAGER, GObject)

BonddDeviceManager *bondd_device_manager_new(BonddDaemon *daemon, BonddLinkCache *cache);

/* Devices with a link (realized), sorted by ifindex (container owned by the
 * caller). */
GPtrArray *bondd_device_manager_get_devices(BonddDeviceManager *self);
/* The same followed by the unrealized ones (NetworkManager's AllDevices). */
GPtrArray *bondd_device_manager_get_all_devices(BonddDeviceManager *self);
BonddNmDevice *bondd_device_manager_get_by_ifindex(BonddDeviceManager *self, int ifindex);
/* Realized devices only, as NetworkManager's GetDeviceByIpIface. */
BonddNmDevice *bondd_device_manager_get_by_iface(BonddDeviceManager *self, const char *iface);
/* Realized or not. */
BonddNmDevice *bondd_device_manager_get_by_path(BonddDeviceManager *self, const char *path);

/* An unrealized device for @iface, whose link does not exist yet (a software
 * device being activated), created and exported now -- or the unrealized
 * one that exists already.  When a link of that name and kind appears, this
 * same object becomes its device ("device-realized"). */
BonddNmDevice *bondd_device_manager_add_unrealized(BonddDeviceManager *self, const char *iface,
                                                   const BonddDeviceKind *kind);
/* The device object for @iface: realized, or unrealized; NULL if none. */
BonddNmDevice *bondd_device_manager_find(BonddDeviceManager *self, const char *iface);
/* Remove @device if it is still unrealized then, from idle: property changes
 * and signals already sent go out before the object goes away. */
void bondd_device_manager_drop_unrealized(BonddDeviceManager *self, BonddNmDevice *device);
/* The device for a link the cache already knows (e.g. just refreshed after
 * creating it), created and exported now if it does not exist yet. */
BonddNmDevice *bondd_device_manager_ensure(BonddDeviceManager *self, int ifindex);

/* Does an unmanaged-devices spec (of a settings plugin or of bondd.conf)
 * cover this link? */
gboolean bondd_device_manager_link_is_unmanaged(BonddDeviceManager *self, const BonddLink *link);

/* Re-evaluate unmanaged specs (after "unmanaged-specs-changed", or a
 * configuration reload). */
void bondd_device_manager_update_unmanaged(BonddDeviceManager *self);

/* Networking disabled (Manager.Enable false): every device, and every new
 * one, is unmanaged with reason "sleeping" until it is enabled again. */
void bondd_device_manager_set_sleeping(BonddDeviceManager *self, gboolean sleeping);

/* Is @link, a software link bondd did not make, ready to be shown as
 * connected (NetworkManager's test for an external link): up, with an IPv4
 * address, an IPv6 address that is not link-local, a port, or a
 * controller of its own? */
gboolean bondd_device_manager_link_is_configured(BonddDeviceManager *self, const BonddLink *link);

G_END_DECLS
