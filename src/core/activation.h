/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The activation engine: one engine for every device kind.  An activation
 * moves through NetworkManager's stages -- prepare (realize the link, wait
 * for a controller or a parent), config (attach a port, bring the link up),
 * ip-config (the IP providers), ip-check, activated -- each completing when
 * it can, by callback, so that none blocks the main loop.  The ordering
 * rules live here once: a controller before its ports, a parent before its
 * children; a controller brings its eligible ports; deactivating or failing
 * a controller releases its ports and takes its children down; a newer
 * activation or a deactivation cancels a stage in flight.
 *
 * What to activate and when is policy's decision (policy.h); the kernel
 * work of software links is the software-device layer's.
 *
 * Signals:
 *   "active-connections-changed" ()  the list or a state changed
 *   "activation-ended" (BonddActiveConnection *, guint reason)  it is
 *       DEACTIVATED now, with that NMActiveConnectionStateReason
 */
#pragma once

#include "active-connection.h"
#include "daemon.h"
#include "device-manager.h"
#include "link-cache.h"
#include "settings.h"
#include "software-device.h"

G_BEGIN_DECLS

#define BONDD_TYPE_ACTIVATION_ENGINE (bondd_activation_engine_get_type())
G_DECLARE_FINAL_TYPE(BonddActivationEngine, bondd_activation_engine, BONDD, ACTIVATION_ENGINE,
                     GObject)

/* Who asked for an activation. */
typedef enum {
    /* A client (ActivateConnection): a profile a user took down by hand may
     * come back with its controller again. */
    BONDD_ACTIVATION_USER,
    /* Autoconnect, or adopting a link at start-up. */
    BONDD_ACTIVATION_AUTO,
    /* Brought up for another activation (a port by its controller, a
     * controller or parent by its port or child). */
    BONDD_ACTIVATION_DEPENDENCY,
    /* A link configured outside bondd, shown under a generated profile
     * (NetworkManager's "connected (externally)"): the stages change
     * nothing in the kernel, and ending it leaves the link as it is. */
    BONDD_ACTIVATION_EXTERNAL,
} BonddActivationOrigin;

BonddActivationEngine *bondd_activation_engine_new(BonddDaemon *daemon, BonddLinkCache *cache,
                                                   BonddDeviceManager *devices,
                                                   BonddSoftwareDevices *software);
/* Links bondd makes are configured once udev has initialized them (when
 * udev runs: @control_path, NULL for udev's own socket); without this
 * call, at once. */
void bondd_activation_engine_watch_udev(BonddActivationEngine *self, const char *control_path);
/* Forget every activation without touching the kernel (daemon shutdown:
 * links stay for the next bondd to adopt). */
void bondd_activation_engine_stop(BonddActivationEngine *self);

/* Start activating @profile, on @device if given (else the device it
 * names).  Checks what can be checked at once (a device to run on, a
 * controller profile, a device plugin) and fails with BONDD_MANAGER_ERROR
 * codes; otherwise the active connection is exported and returned at once,
 * and the stages run from the main loop. */
BonddActiveConnection *bondd_activation_engine_activate(BonddActivationEngine *self,
                                                        BonddProfile *profile,
                                                        BonddNmDevice *device,
                                                        BonddActivationOrigin origin,
                                                        GError **error);
/* Take @ac down (its ports and children first).  Reason USER_DISCONNECTED
 * means a user did it: the profile is then not brought back by its
 * controller or autoconnect until a user activates it. */
void bondd_activation_engine_deactivate(BonddActivationEngine *self, BonddActiveConnection *ac,
                                        NMActiveConnectionStateReason reason);
/* @device stops being managed: its activation ends, the device showing
 * @reason (sleeping, now-unmanaged...) on its way down. */
void bondd_activation_engine_deactivate_device(BonddActivationEngine *self, BonddNmDevice *device,
                                               NMDeviceStateReason reason);
/* Is @ac a link configured outside bondd (BONDD_ACTIVATION_EXTERNAL)? */
gboolean bondd_activation_engine_is_external(BonddActivationEngine *self,
                                             BonddActiveConnection *ac);

/* Apply @connection (same type, interface and port type as applied) to
 * @ac's live device without deactivating: the device plugin's options
 * (refused when they cannot change live), per-port options, promiscuity,
 * IP.  On success it is the applied connection. */
gboolean bondd_activation_engine_reapply(BonddActivationEngine *self, BonddActiveConnection *ac,
                                         NMConnection *connection, GError **error);

/* Active connections in activation order (container owned by the engine). */
GPtrArray *bondd_activation_engine_get_active_connections(BonddActivationEngine *self);
BonddActiveConnection *bondd_activation_engine_find_by_path(BonddActivationEngine *self,
                                                            const char *path);
/* The live (not yet deactivating) active connection on @device / of
 * @profile, or NULL. */
BonddActiveConnection *bondd_activation_engine_get_device_active(BonddActivationEngine *self,
                                                                 BonddNmDevice *device);
BonddActiveConnection *bondd_activation_engine_get_profile_active(BonddActivationEngine *self,
                                                                  BonddProfile *profile);

G_END_DECLS
