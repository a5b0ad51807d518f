/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The [bond] group of bondd.conf: defaults, values, bad values, unknown keys.
 */
#include "config.h"

#include "bond-plugin-config.h"

#include <string.h>

static GKeyFile *
keyfile(const char *text)
{
    GKeyFile *kf = g_key_file_new();

    g_assert_true(g_key_file_load_from_data(kf, text, -1, G_KEY_FILE_NONE, NULL));
    return kf;
}

static void
test_defaults(void)
{
    g_autoptr(GKeyFile) kf = keyfile("[main]\nstate-dir=/x\n");
    BondPluginConfig cfg;

    g_assert_true(bond_plugin_config_load(&cfg, NULL, "bond", NULL, NULL));
    g_assert_cmpuint(cfg.flap_threshold, ==, 5);
    g_assert_cmpuint(cfg.flap_window, ==, 60);
    g_assert_cmpuint(cfg.history_size, ==, 256);
    g_assert_null(cfg.state_dir);
    bond_plugin_config_clear(&cfg);

    /* A file without [bond]: the same, and the state directory is kept. */
    g_assert_true(bond_plugin_config_load(&cfg, kf, "bond", "/var/lib/bondd", NULL));
    g_assert_cmpuint(cfg.flap_threshold, ==, 5);
    g_assert_cmpstr(cfg.state_dir, ==, "/var/lib/bondd");
    bond_plugin_config_clear(&cfg);
    g_assert_null(cfg.state_dir);
}

static void
test_values(void)
{
    g_autoptr(GKeyFile) kf =
        keyfile("[bond]\nflap-threshold=3\nflap-window= 10 \nhistory-size=0\n[ifcfg]\n"
                "flap-threshold=99\n");
    BondPluginConfig cfg;

    g_assert_true(bond_plugin_config_load(&cfg, kf, "bond", "/s", NULL));
    g_assert_cmpuint(cfg.flap_threshold, ==, 3);
    g_assert_cmpuint(cfg.flap_window, ==, 10);
    g_assert_cmpuint(cfg.history_size, ==, 0);
    bond_plugin_config_clear(&cfg);
}

static void
test_bad_values(void)
{
    static const char *const bad[] = {
        "[bond]\nflap-threshold=0\n", "[bond]\nflap-threshold=five\n",
        "[bond]\nflap-window=-1\n",   "[bond]\nflap-window=86401\n",
        "[bond]\nhistory-size=1e3\n", "[bond]\nhistory-size=65537\n",
        "[bond]\nflap-threshold=\n",
    };

    for (guint i = 0; i < G_N_ELEMENTS(bad); i++) {
        g_autoptr(GKeyFile) kf = keyfile(bad[i]);
        g_autoptr(GError) error = NULL;
        BondPluginConfig cfg;

        g_assert_false(bond_plugin_config_load(&cfg, kf, "bond", "/s", &error));
        g_assert_error(error, G_KEY_FILE_ERROR, G_KEY_FILE_ERROR_INVALID_VALUE);
        /* The message names the group and the key. */
        g_assert_nonnull(strstr(error->message, "[bond] "));
        g_assert_null(cfg.state_dir);
    }
}

static void
test_unknown_key(void)
{
    g_autoptr(GKeyFile) kf = keyfile("[bond]\nflap-treshold=3\nflap-window=30\n");
    BondPluginConfig cfg;

    g_test_expect_message(G_LOG_DOMAIN, G_LOG_LEVEL_WARNING, "*flap-treshold*[bond]*");
    g_assert_true(bond_plugin_config_load(&cfg, kf, "bond", NULL, NULL));
    g_test_assert_expected_messages();
    g_assert_cmpuint(cfg.flap_threshold, ==, 5);
    g_assert_cmpuint(cfg.flap_window, ==, 30);
    bond_plugin_config_clear(&cfg);
}

int
main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    g_test_add_func("/bond-plugin-config/defaults", test_defaults);
    g_test_add_func("/bond-plugin-config/values", test_values);
    g_test_add_func("/bond-plugin-config/bad-values", test_bad_values);
    g_test_add_func("/bond-plugin-config/unknown-key", test_unknown_key);
    return g_test_run();
}
