/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The software-device layer: links bondd creates.  It finds the device
 * plugin that realises a kind, and through it creates or adopts, reapplies
 * and deletes links and attaches and releases ports; it keeps each plugin
 * device on the device object of its link.  It decides nothing about order
 * or states: the activation engine calls it.
 */
#pragma once

#include "daemon.h"
#include "device-kind.h"
#include "device-manager.h"
#include "device.h"
#include "link-cache.h"

G_BEGIN_DECLS

typedef struct _BonddSoftwareDevices BonddSoftwareDevices;

BonddSoftwareDevices *bondd_software_devices_new(BonddPlugins *plugins, BonddLinkCache *cache,
                                                 BonddDeviceManager *devices);
void bondd_software_devices_free(BonddSoftwareDevices *self);

/* The device object for @ifname of software @kind: its realized device, or
 * (as NetworkManager shows a software device being activated before its
 * link exists) an unrealized one, created and exported now.  Fails when no
 * device plugin realises the kind, or @ifname is another kind's link. */
BonddNmDevice *bondd_software_devices_ensure(BonddSoftwareDevices *self,
                                             const BonddDeviceKind *kind, const char *ifname,
                                             GError **error);

/* Create the link of @device for @connection (over @parent_ifindex for a
 * stacked kind), or adopt the existing one.  On success the plugin device
 * is on @device and the link is in the cache; on failure no link is left
 * and the error (BONDD_DEVICE_ERROR_CREATION_FAILED) carries the plugin's
 * reason. */
gboolean bondd_software_devices_realize(BonddSoftwareDevices *self, BonddNmDevice *device,
                                        NMConnection *connection, int parent_ifindex,
                                        gboolean *out_adopted, GError **error);
/* Apply @connection's options to the live link (the plugin refuses what
 * cannot change live). */
gboolean bondd_software_devices_reapply(BonddSoftwareDevices *self, BonddNmDevice *device,
                                        NMConnection *connection, GError **error);
/* The activation ended: delete the link if bondd created or adopted it
 * (unless @link_gone), and drop the plugin device. */
void bondd_software_devices_unrealize(BonddSoftwareDevices *self, BonddNmDevice *device,
                                      gboolean link_gone);
/* An unrealized device whose activation failed or ended goes away (from
 * idle, after its last state change was sent). */
void bondd_software_devices_forget(BonddSoftwareDevices *self, BonddNmDevice *device);

/* Attach @port to @controller's link with @port_connection's per-port
 * settings (an attached port only gets those). */
gboolean bondd_software_devices_attach_port(BonddSoftwareDevices *self, BonddNmDevice *controller,
                                            BonddNmDevice *port, NMConnection *port_connection,
                                            GError **error);
/* Release @port if it is still attached to @controller, and keep it up
 * (a managed link shows its carrier). */
void bondd_software_devices_release_port(BonddSoftwareDevices *self, BonddNmDevice *controller,
                                         BonddNmDevice *port);

/* A link made outside bondd, shown connected externally: the plugin device
 * for its existing link goes on @device (its runtime-state interface
 * shows), without realizing anything -- the link is not bondd's and is
 * never changed or deleted through it.  Then @connection (with its
 * connection setting) gets the kind's setting as the plugin reads it from
 * the kernel.  FALSE with the plugin's reason. */
gboolean bondd_software_devices_describe(BonddSoftwareDevices *self, BonddNmDevice *device,
                                         NMConnection *connection, GError **error);

/* Device.Delete: remove a software link (BONDD_DEVICE_ERROR_NOT_SOFTWARE
 * for others). */
gboolean bondd_software_devices_delete(BonddSoftwareDevices *self, BonddNmDevice *device,
                                       GError **error);

G_END_DECLS
