/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The [bond] group of bondd.conf; see bond-plugin-config.h.
 */
#include "config.h"

#include "bond-plugin-config.h"

#include <glib/gi18n-lib.h>

typedef struct {
    const char *key;
    gsize offset;
    guint min, max;
} UintKey;

static const UintKey uint_keys[] = {
    {"flap-threshold", G_STRUCT_OFFSET(BondPluginConfig, flap_threshold), 1, 100000},
    {"flap-window", G_STRUCT_OFFSET(BondPluginConfig, flap_window), 1, 86400},
    {"history-size", G_STRUCT_OFFSET(BondPluginConfig, history_size), 0, 65536},
};

static gboolean
read_uint(GKeyFile *keyfile, const char *group, const UintKey *k, guint *out, GError **error)
{
    g_autofree char *text = g_key_file_get_value(keyfile, group, k->key, NULL);
    guint64 value;

    if (!text)
        return TRUE;
    g_strstrip(text);
    if (!g_ascii_string_to_unsigned(text, 10, k->min, k->max, &value, NULL)) {
        g_set_error(error, G_KEY_FILE_ERROR, G_KEY_FILE_ERROR_INVALID_VALUE,
                    _("[%s] %s=%s: expected a whole number from %u to %u"), group, k->key, text,
                    k->min, k->max);
        return FALSE;
    }
    *out = (guint)value;
    return TRUE;
}

gboolean
bond_plugin_config_load(BondPluginConfig *config, GKeyFile *keyfile, const char *group,
                        const char *state_dir, GError **error)
{
    g_auto(GStrv) keys = NULL;

    *config = (BondPluginConfig){
        .flap_threshold = BOND_PLUGIN_FLAP_THRESHOLD_DEFAULT,
        .flap_window = BOND_PLUGIN_FLAP_WINDOW_DEFAULT,
        .history_size = BOND_PLUGIN_HISTORY_SIZE_DEFAULT,
        .state_dir = state_dir && *state_dir ? g_strdup(state_dir) : NULL,
    };
    if (!keyfile || !group || !g_key_file_has_group(keyfile, group))
        return TRUE;

    keys = g_key_file_get_keys(keyfile, group, NULL, NULL);
    for (guint i = 0; keys && keys[i]; i++) {
        gboolean known = FALSE;

        for (guint k = 0; k < G_N_ELEMENTS(uint_keys); k++) {
            if (!g_str_equal(keys[i], uint_keys[k].key))
                continue;
            known = TRUE;
            if (!read_uint(keyfile, group, &uint_keys[k],
                           G_STRUCT_MEMBER_P(config, uint_keys[k].offset), error)) {
                bond_plugin_config_clear(config);
                return FALSE;
            }
        }
        /* A newer config file must not break an older bondd: say so, go on. */
        if (!known)
            g_warning(_("unknown key “%s” in [%s] ignored"), keys[i], group);
    }
    return TRUE;
}

void
bond_plugin_config_clear(BondPluginConfig *config)
{
    g_clear_pointer(&config->state_dir, g_free);
}
