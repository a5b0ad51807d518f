/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * One checkpoint: /org/freedesktop/NetworkManager/Checkpoint/N, a snapshot
 * of some devices (what runs on each, with the profile's settings as they
 * were) and of the list of profiles, that a rollback restores -- profiles
 * written back to their files, devices activated or disconnected again --
 * when a client asks or when its timeout passes.  This is the safety net
 * of a remote change: an operator who breaks the link they work through
 * gets it back by itself.
 *
 * Signal "expired" (): the rollback timeout passed (the checkpoint manager
 * rolls back and destroys it).
 */
#pragma once

#include "activation.h"
#include "daemon.h"
#include "device-manager.h"
#include "settings.h"

G_BEGIN_DECLS

#define BONDD_TYPE_CHECKPOINT (bondd_checkpoint_get_type())
G_DECLARE_FINAL_TYPE(BonddCheckpoint, bondd_checkpoint, BONDD, CHECKPOINT, GObject)

/* Snapshot @devices (BonddNmDevice*) now; @rollback_timeout seconds (0:
 * none); @flags NMCheckpointCreateFlags.  Exported at once. */
BonddCheckpoint *bondd_checkpoint_new(BonddDaemon *daemon, BonddDeviceManager *devices,
                                      BonddActivationEngine *engine, GPtrArray *snapshot_devices,
                                      guint rollback_timeout, guint flags);
const char *bondd_checkpoint_get_path(BonddCheckpoint *self);
/* Does it hold the device of @path? */
gboolean bondd_checkpoint_has_device(BonddCheckpoint *self, const char *device_path);
/* Restore what was saved; the result per device (original path ->
 * NMRollbackResult), a{su}. */
GVariant *bondd_checkpoint_rollback(BonddCheckpoint *self);
/* The rollback happens @add_timeout seconds from now (0: never). */
void bondd_checkpoint_adjust_timeout(BonddCheckpoint *self, guint add_timeout);
void bondd_checkpoint_unexport(BonddCheckpoint *self);

G_END_DECLS
