/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The bond plugin's configuration: the [bond] group of bondd.conf, read
 * once when the plugin loads (BonddDevicePluginConfig), and the state
 * directory where bond histories are kept across restarts.
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define BOND_PLUGIN_FLAP_THRESHOLD_DEFAULT 5
#define BOND_PLUGIN_FLAP_WINDOW_DEFAULT    60 /* seconds */
#define BOND_PLUGIN_HISTORY_SIZE_DEFAULT   256

typedef struct {
    /* A port flaps when its carrier changes more than flap_threshold times
     * within flap_window seconds. */
    guint flap_threshold;
    guint flap_window;
    /* Events kept per bond (0: no history at all). */
    guint history_size;
    /* Where histories are saved; NULL keeps them in memory only. */
    char *state_dir;
} BondPluginConfig;

/* Defaults, then whatever @group of @keyfile (may be NULL) sets.  A value
 * that is not a number in range is an error naming the key; unknown keys
 * are warned about and ignored, as the daemon does for its own groups. */
gboolean bond_plugin_config_load(BondPluginConfig *config, GKeyFile *keyfile, const char *group,
                                 const char *state_dir, GError **error);
void bond_plugin_config_clear(BondPluginConfig *config);

G_END_DECLS
