/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * What an activation needs before it can start, found without changing
 * anything: the kind the profile runs as, its device, the controller profile
 * of a port, the parent of a stacked link; and which ports a controller
 * brings with it.  The activation engine decides what to do with the answer.
 */
#pragma once

#include "device-kind.h"
#include "device-manager.h"
#include "settings.h"
#include "software-device.h"

G_BEGIN_DECLS

typedef struct {
    const BonddDeviceKind *kind;
    BonddNmDevice *device;    /* owned */
    BonddProfile *controller; /* a port's controller profile (owned), else NULL */
    char *parent_iface;       /* a stacked link's parent, else NULL */
    BonddProfile *parent;     /* the parent's profile when there is one (owned) */
} BonddActivationTarget;

void bondd_activation_target_clear(BonddActivationTarget *target);
G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC(BonddActivationTarget, bondd_activation_target_clear)

/* Is @device taken by another activation?  (A profile that names no
 * interface only goes to a free device.) */
typedef gboolean (*BonddDeviceBusyFunc)(BonddNmDevice *device, gpointer user_data);

/* Where the profile @connection would run: on @device if given, which must
 * be activatable (@for_user: for a client's request, see
 * bondd_nm_device_is_activatable()).  Errors are BONDD_MANAGER_ERROR codes
 * naming the profile and what is missing; a software device that does not
 * exist yet is created unrealized. */
gboolean bondd_activation_target_find(BonddActivationTarget *target, BonddSettings *settings,
                                      BonddDeviceManager *devices, BonddSoftwareDevices *software,
                                      NMConnection *connection, BonddNmDevice *device,
                                      gboolean for_user, BonddDeviceBusyFunc busy,
                                      gpointer busy_data, GError **error);

/* The port profiles that come up with @controller (NetworkManager's rule):
 * all of them when it has autoconnect-ports yes; else those that
 * autoconnect and whose autoconnect is not blocked (a user took them down,
 * or a client asked), in the order of their links' indexes.  BonddProfile*
 * (owned). */
GPtrArray *bondd_activation_target_ports_of(BonddSettings *settings, BonddDeviceManager *devices,
                                            BonddProfile *controller);

G_END_DECLS
