/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * What bondd keeps across restarts besides profiles, as NetworkManager
 * keeps it in its state file: whether networking is enabled (Manager.Enable).
 * A key file, $state_dir/bondd.state, group [main], written atomically.
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef struct _BonddStateFile BonddStateFile;

/* The state kept in @state_dir.  A missing file means the defaults; one
 * that cannot be read or parsed is warned about (naming the file and what
 * is wrong) and the defaults are used, so that bondd still starts. */
BonddStateFile *bondd_state_file_new(const char *state_dir);
void bondd_state_file_free(BonddStateFile *self);
G_DEFINE_AUTOPTR_CLEANUP_FUNC(BonddStateFile, bondd_state_file_free)

const char *bondd_state_file_get_path(BonddStateFile *self);

/* [main] NetworkingEnabled, default true. */
gboolean bondd_state_file_get_networking_enabled(BonddStateFile *self);
/* Record it and write the file (atomically: a new file renamed over the
 * old).  FALSE with the error, the value being kept in memory anyway. */
gboolean bondd_state_file_set_networking_enabled(BonddStateFile *self, gboolean enabled,
                                                 GError **error);

G_END_DECLS
