/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Two settings plugins (src/include/bondd/settings-plugin.h) over an
 * in-memory store:
 *   "mem"  writable; cannot store profiles of type 'vlan' (to have a
 *          plugin in the list that refuses some profiles);
 *   "ro"   read-only: add, update, remove and can_store are NULL.
 * Each keeps its profiles in a temporary directory as one small file per
 * profile (the host checks that a profile's file exists before it writes
 * it back), with the NMConnection itself held in memory.  Calls that
 * change storage are logged ("mem add FILE", "mem update FILE",
 * "mem remove FILE").
 *
 * One store at a time: the plugin factories have no user data.
 */
#pragma once

#include <bondd/settings-plugin.h>

#include "plugins.h"

G_BEGIN_DECLS

typedef struct _FakeSettings FakeSettings;

FakeSettings *fake_settings_new(void);
/* Removes the directories. */
void fake_settings_free(FakeSettings *store);

/* Register "mem" and "ro" with @plugins. */
void fake_settings_register(BonddPlugins *plugins);

/* Put @connection (normalized by the caller) into @plugin's storage, as a
 * file appearing behind bondd's back: a reload reads it.  Returns the file
 * name (owned by the store). */
const char *fake_settings_put(FakeSettings *store, const char *plugin, NMConnection *connection);
/* Drop the profile with @uuid from @plugin's storage (its file goes). */
gboolean fake_settings_drop(FakeSettings *store, const char *plugin, const char *uuid);
/* The stored connection with @uuid, or NULL. */
NMConnection *fake_settings_get(FakeSettings *store, const char *plugin, const char *uuid);
/* The file of the profile with @uuid, or NULL. */
const char *fake_settings_get_filename(FakeSettings *store, const char *plugin, const char *uuid);
const char *fake_settings_get_dir(FakeSettings *store, const char *plugin);
/* Unmanaged specs the "mem" plugin reports (NULL: none). */
void fake_settings_set_unmanaged(FakeSettings *store, const char *const *specs);
/* Ask the host to reload @plugin (its storage_changed callback). */
void fake_settings_notify_changed(FakeSettings *store, const char *plugin);

GPtrArray *fake_settings_get_log(FakeSettings *store);
int fake_settings_log_find(FakeSettings *store, const char *prefix);
void fake_settings_clear_log(FakeSettings *store);

G_END_DECLS
