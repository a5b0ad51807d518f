/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The checkpoints of the daemon: the Manager's CheckpointCreate,
 * CheckpointDestroy, CheckpointRollback and CheckpointAdjustRollbackTimeout
 * methods and its Checkpoints property.  It decides which devices a new
 * checkpoint covers (all realized ones for an empty list), refuses a device
 * already in another checkpoint unless overlapping is allowed, and rolls a
 * checkpoint back and destroys it when its timeout passes.
 */
#pragma once

#include "activation.h"
#include "daemon.h"
#include "device-manager.h"

G_BEGIN_DECLS

#define BONDD_TYPE_CHECKPOINT_MANAGER (bondd_checkpoint_manager_get_type())
G_DECLARE_FINAL_TYPE(BonddCheckpointManager, bondd_checkpoint_manager, BONDD, CHECKPOINT_MANAGER,
                     GObject)

/* Answers the checkpoint methods of @skel (authorized as
 * checkpoint-rollback) and keeps its Checkpoints property. */
BonddCheckpointManager *bondd_checkpoint_manager_new(BonddDaemon *daemon, NMDBusManager *skel,
                                                     BonddDeviceManager *devices,
                                                     BonddActivationEngine *engine);
/* Every checkpoint destroyed without rollback, and calls refused from now
 * on (at shutdown: a timeout cannot outlive the daemon that would act on
 * it, as in NetworkManager). */
void bondd_checkpoint_manager_stop(BonddCheckpointManager *self);

G_END_DECLS
