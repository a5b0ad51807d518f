/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The plugin through its vtable: read-only, what it logs (one line each,
 * naming file and line), a missing file, explicit loads, the watch on the
 * interfaces file and what it includes, and the built module's single
 * exported symbol.
 */
#include "config.h"

#include <gmodule.h>

#include "ifupdown-plugin.h"
#include "test-common.h"

#define LOG_DOMAIN "bondd-ifupdown"

typedef struct {
    char *dir;
    char *path;
    BonddSettingsPlugin *plugin;
    guint changed;
    BonddSettingsHost host;
} Fixture;

static void
storage_changed(gpointer host_data)
{
    Fixture *f = host_data;

    f->changed++;
}

static void
fixture_setup(Fixture *f, gconstpointer data)
{
    g_autoptr(GKeyFile) keyfile = g_key_file_new();
    BonddSettingsPluginConfig config = {.keyfile = keyfile, .group = "ifupdown"};
    g_autoptr(GError) error = NULL;

    f->dir = test_tmpdir_new();
    f->path = g_build_filename(f->dir, "interfaces", NULL);
    g_key_file_set_string(keyfile, "ifupdown", "path", f->path);
    f->host.storage_changed = storage_changed;
    f->host.host_data = f;
    config.monitor = GPOINTER_TO_INT(data);
    f->plugin = ifupdown_plugin_new(&config, &f->host, &error);
    g_assert_no_error(error);
    g_assert_nonnull(f->plugin);
}

static void
fixture_teardown(Fixture *f, gconstpointer data)
{
    f->plugin->vtable->free(f->plugin);
    test_tmpdir_free(g_steal_pointer(&f->dir));
    g_free(f->path);
}

static GPtrArray *
load_all(Fixture *f)
{
    g_autoptr(GError) error = NULL;
    GPtrArray *profiles = f->plugin->vtable->load_all(f->plugin, &error);

    g_assert_no_error(error);
    g_assert_nonnull(profiles);
    return profiles;
}

/* Read-only: the host refuses changes (ReadOnlyConnection). */
static void
test_vtable(Fixture *f, gconstpointer data)
{
    const BonddSettingsPluginVTable *v = f->plugin->vtable;

    g_assert_cmpuint(v->abi_version, ==, BONDD_SETTINGS_PLUGIN_ABI_VERSION);
    g_assert_cmpstr(v->name, ==, "ifupdown");
    g_assert_nonnull(v->load_all);
    g_assert_nonnull(v->load_file);
    g_assert_null(v->can_store);
    g_assert_null(v->add);
    g_assert_null(v->update);
    g_assert_null(v->remove);
}

static void
test_load_all(Fixture *f, gconstpointer data)
{
    g_autoptr(GPtrArray) profiles = NULL;

    g_free(test_write_file(f->dir, "interfaces",
                           CANONICAL_INTERFACES "    post-up ip route add 203.0.113.0/24 via "
                                                "10.0.0.254\n"
                                                "iface bad0 inet manual\n"
                                                "    bond-slaves eth9\n"
                                                "    bond-mode fastest\n"));
    /* One line each, naming file and line. */
    g_test_expect_message(LOG_DOMAIN, G_LOG_LEVEL_WARNING,
                          "*/interfaces:21: ha: 'post-up ip route add*' not carried*");
    g_test_expect_message(LOG_DOMAIN, G_LOG_LEVEL_MESSAGE,
                          "*/interfaces:4: ha: bond-primary has no effect*");
    g_test_expect_message(LOG_DOMAIN, G_LOG_LEVEL_WARNING,
                          "*/interfaces:24: bad0: skipped: option mode: 'fastest'*");
    g_test_expect_message(LOG_DOMAIN, G_LOG_LEVEL_WARNING,
                          "*/interfaces:23: eth9: skipped: its bond bad0 is skipped");
    profiles = load_all(f);
    g_test_assert_expected_messages();
    g_assert_cmpuint(profiles->len, ==, 3);
    for (guint i = 0; i < profiles->len; i++) {
        BonddStoredProfile *p = profiles->pdata[i];

        g_assert_cmpstr(p->filename, ==, f->path);
        g_assert_true(nm_connection_verify(p->connection, NULL));
    }
}

/* No interfaces file: no profiles, one line, no failure. */
static void
test_missing(Fixture *f, gconstpointer data)
{
    g_autoptr(GPtrArray) profiles = NULL;

    g_test_expect_message(LOG_DOMAIN, G_LOG_LEVEL_MESSAGE, "*/interfaces does not exist*");
    profiles = load_all(f);
    g_test_assert_expected_messages();
    g_assert_cmpuint(profiles->len, ==, 0);
}

/* A file of ours is read as a whole (nmcli connection reload); any other
 * path is for the next plugin. */
static void
test_load_file(Fixture *f, gconstpointer data)
{
    g_autoptr(GPtrArray) profiles = NULL;
    g_autoptr(GError) error = NULL;
    g_autofree char *other = g_build_filename(f->dir, "other", NULL);
    BonddStoredProfile *p = NULL;

    g_free(test_write_file(f->dir, "interfaces", "source-directory interfaces.d\n"));
    g_free(
        test_write_file(f->dir, "interfaces.d/ha", "iface ha inet manual\n  bond-slaves eth1\n"));
    profiles = load_all(f);
    g_assert_cmpuint(profiles->len, ==, 2);

    g_assert_false(f->plugin->vtable->load_file(f->plugin, other, &p, &error));
    g_assert_error(error, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED);
    g_clear_error(&error);
    g_assert_false(f->plugin->vtable->load_file(f->plugin, "interfaces", &p, &error));
    g_assert_error(error, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED);
    g_clear_error(&error);
    g_assert_false(f->plugin->vtable->load_file(
        f->plugin, ((BonddStoredProfile *)profiles->pdata[0])->filename, &p, &error));
    g_assert_error(error, G_IO_ERROR, G_IO_ERROR_FAILED);
    g_assert_nonnull(strstr(error->message, "nmcli connection reload"));
    g_assert_null(p);
}

static void
spin(guint ms)
{
    gint64 end = g_get_monotonic_time() + ms * 1000;

    while (g_get_monotonic_time() < end) {
        while (g_main_context_iteration(NULL, FALSE))
            ;
        g_usleep(10000);
    }
}

/* The host answers storage_changed with load_all (which logs nothing
 * here: the files hold no note). */
static void
reload(Fixture *f)
{
    g_autoptr(GPtrArray) profiles = load_all(f);
}

static void
test_monitor(Fixture *f, gconstpointer data)
{
    const guint quiet = IFUPDOWN_PLUGIN_DEBOUNCE_MS + 500;
    g_autofree char *sub = g_build_filename(f->dir, "interfaces.d", NULL);

    g_free(test_write_file(f->dir, "interfaces",
                           "auto ha\niface ha inet manual\n  bond-slaves eth1\n"
                           "source-directory interfaces.d\n"));
    g_assert_cmpint(g_mkdir(sub, 0755), ==, 0);
    reload(f);
    spin(quiet);
    g_assert_cmpuint(f->changed, ==, 0);

    /* A burst of edits of the main file: one report. */
    g_free(test_write_file(f->dir, "interfaces",
                           "auto ha\niface ha inet manual\n  bond-slaves eth1 eth2\n"
                           "source-directory interfaces.d\n"));
    spin(50);
    g_free(test_write_file(f->dir, "interfaces",
                           "auto ha\niface ha inet manual\n  bond-slaves eth1 eth3\n"
                           "source-directory interfaces.d\n"));
    spin(quiet);
    g_assert_cmpuint(f->changed, ==, 1);
    reload(f);

    /* Files nothing includes do not count. */
    g_free(test_write_file(f->dir, "notes.txt", "x\n"));
    g_free(test_write_file(f->dir, "interfaces.d/eth9.dpkg-old", "x\n"));
    spin(quiet);
    g_assert_cmpuint(f->changed, ==, 1);

    /* A new file in the source-directory, then an edit of it. */
    g_free(test_write_file(f->dir, "interfaces.d/bond1",
                           "iface bond1 inet manual\n  bond-slaves eth5\n"));
    spin(quiet);
    g_assert_cmpuint(f->changed, ==, 2);
    reload(f);
    g_free(test_write_file(f->dir, "interfaces.d/bond1",
                           "iface bond1 inet manual\n  bond-slaves eth6\n"));
    spin(quiet);
    g_assert_cmpuint(f->changed, ==, 3);
    reload(f);

    /* The main file removed. */
    g_assert_cmpint(g_unlink(f->path), ==, 0);
    spin(quiet);
    g_assert_cmpuint(f->changed, ==, 4);
    g_test_expect_message(LOG_DOMAIN, G_LOG_LEVEL_MESSAGE, "*does not exist*");
    reload(f);
    g_test_assert_expected_messages();
}

static void
test_module_symbol(void)
{
    g_autoptr(GError) error = NULL;
    GModule *module = g_module_open(MODULE_PATH, G_MODULE_BIND_LOCAL);
    gpointer sym = NULL;
    BonddSettingsPluginFactory factory;
    g_autoptr(GKeyFile) keyfile = g_key_file_new();
    BonddSettingsPluginConfig config = {.keyfile = keyfile, .group = "ifupdown"};
    BonddSettingsPlugin *plugin;

    g_assert_nonnull(module);
    g_assert_true(g_module_symbol(module, BONDD_SETTINGS_PLUGIN_FACTORY_SYMBOL, &sym));
    g_assert_false(g_module_symbol(module, "ifupdown_plugin_new", &sym));
    g_assert_false(g_module_symbol(module, "ifupdown_config_read", &sym));
    g_assert_false(g_module_symbol(module, "bond_option_by_name", &sym));
    g_assert_true(g_module_symbol(module, BONDD_SETTINGS_PLUGIN_FACTORY_SYMBOL, &sym));
    factory = (BonddSettingsPluginFactory)sym;

    /* Starting reads nothing: without a group it is the default file. */
    plugin = factory(&config, NULL, &error);
    g_assert_no_error(error);
    g_assert_cmpstr(plugin->vtable->name, ==, "ifupdown");
    plugin->vtable->free(plugin);

    g_key_file_set_string(keyfile, "ifupdown", "path", "network/interfaces");
    plugin = factory(&config, NULL, &error);
    g_assert_null(plugin);
    g_assert_nonnull(strstr(error->message, "network/interfaces"));
    g_module_close(module);
}

int
main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
#define ADD(name, monitor, func)                                                                   \
    g_test_add(name, Fixture, GINT_TO_POINTER(monitor), fixture_setup, func, fixture_teardown)
    ADD("/ifupdown/plugin/vtable", FALSE, test_vtable);
    ADD("/ifupdown/plugin/load-all", FALSE, test_load_all);
    ADD("/ifupdown/plugin/missing", FALSE, test_missing);
    ADD("/ifupdown/plugin/load-file", FALSE, test_load_file);
    ADD("/ifupdown/plugin/monitor", TRUE, test_monitor);
    g_test_add_func("/ifupdown/plugin/module-symbol", test_module_symbol);
    return g_test_run();
}
