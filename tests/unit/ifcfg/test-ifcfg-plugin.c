/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The plugin through its vtable: directory load with broken files, explicit
 * loads, add/update/remove, unmanaged specs, the directory monitor, and the
 * built module's single exported symbol.
 */
#include "config.h"

#include <fcntl.h>
#include <gmodule.h>
#include <sys/file.h>
#include <unistd.h>
#include <utime.h>

#include "ifcfg-plugin.h"
#include "storage-watch.h"
#include "test-common.h"

#define LOG_DOMAIN "bondd-ifcfg"
#define SEED_UUID  "8dee873b-e8d8-4ec4-a85f-f20f0435fd89"

typedef struct {
    char *dir;
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

static char *
iface_for_uuid(gpointer host_data, const char *uuid)
{
    return g_strcmp0(uuid, SEED_UUID) == 0 ? g_strdup("bond0") : NULL;
}

static void
fixture_setup(Fixture *f, gconstpointer data)
{
    g_autoptr(GKeyFile) keyfile = g_key_file_new();
    BonddSettingsPluginConfig config = {.keyfile = keyfile, .group = "ifcfg"};
    g_autoptr(GError) error = NULL;

    f->dir = test_tmpdir_new();
    g_key_file_set_string(keyfile, "ifcfg", "path", f->dir);
    f->host.storage_changed = storage_changed;
    f->host.iface_for_uuid = iface_for_uuid;
    f->host.host_data = f;
    config.monitor = GPOINTER_TO_INT(data);
    f->plugin = ifcfg_plugin_new(&config, &f->host, &error);
    g_assert_no_error(error);
    g_assert_nonnull(f->plugin);
    g_assert_cmpuint(f->plugin->vtable->abi_version, ==, BONDD_SETTINGS_PLUGIN_ABI_VERSION);
    g_assert_cmpstr(f->plugin->vtable->name, ==, "ifcfg");
}

static void
fixture_teardown(Fixture *f, gconstpointer data)
{
    f->plugin->vtable->free(f->plugin);
    test_tmpdir_free(g_steal_pointer(&f->dir));
}

static void
copy_example(Fixture *f, const char *name)
{
    g_autofree char *src = g_build_filename(EXAMPLES_DIR, name, NULL);
    g_autofree char *content = test_read_file(src);
    g_autofree char *path = test_write_file(f->dir, name, content);
}

static BonddStoredProfile *
find_profile(GPtrArray *profiles, const char *uuid)
{
    for (guint i = 0; i < profiles->len; i++) {
        BonddStoredProfile *p = profiles->pdata[i];

        if (g_strcmp0(nm_connection_get_uuid(p->connection), uuid) == 0)
            return p;
    }
    return NULL;
}

static void
test_load_all(Fixture *f, gconstpointer data)
{
    g_autoptr(GPtrArray) profiles = NULL;
    g_autoptr(GError) error = NULL;
    g_auto(GStrv) specs = NULL;
    g_autofree char *bad = NULL;
    g_autofree char *p = NULL;
    g_autofree char *newer = NULL;
    BonddStoredProfile *bond;

    copy_example(f, "ifcfg-bond0");
    copy_example(f, "ifcfg-eth1");
    copy_example(f, "ifcfg-eth2");
    bad = test_write_file(f->dir, "ifcfg-broken", "TYPE=Bond\nNAME=\"no device\n");
    g_free(test_write_file(f->dir, "ifcfg-bond0.bak", "TYPE=Bond\nDEVICE=bak0\n"));
    g_free(test_write_file(f->dir, "ifcfg-bond0~", "TYPE=Bond\nDEVICE=bak1\n"));
    g_free(test_write_file(f->dir, "ifcfg-bond0;0123abcd", "TYPE=Bond\nDEVICE=bak2\n"));
    g_free(test_write_file(f->dir, "ifcfg-eth1:1", "DEVICE=eth1:1\nIPADDR=10.0.0.9\n"));
    g_free(test_write_file(f->dir, "route-eth1", "10.9.0.0/16 via 10.0.0.1\n"));
    g_free(test_write_file(f->dir, "ifcfg-unmanaged", "NM_CONTROLLED=no\nDEVICE=eth9\n"));
    g_free(test_write_file(f->dir, "ifcfg-unmanaged-mac",
                           "NM_CONTROLLED=no\nDEVICE=eth8\nHWADDR=00:11:22:33:F8:9F\n"));
    /* Same UUID as bond0, older: ignored (the newest file wins). */
    p = test_write_file(f->dir, "ifcfg-bond0-copy",
                        "TYPE=Bond\nDEVICE=bond1\nUUID=" SEED_UUID "\nNAME=copy\n");
    g_assert_cmpint(g_utime(p, &(struct utimbuf){.actime = 1000, .modtime = 1000}), ==, 0);

    /* The broken file: one warning naming it; the others still load. */
    g_test_expect_message(LOG_DOMAIN, G_LOG_LEVEL_MESSAGE, "*ifcfg-bond0-copy: UUID*file ignored*");
    g_test_expect_message(LOG_DOMAIN, G_LOG_LEVEL_WARNING,
                          "*ifcfg-broken: mandatory DEVICE keyword missing "
                          "(key NAME is badly quoted*");
    profiles = f->plugin->vtable->load_all(f->plugin, &error);
    g_test_assert_expected_messages();
    g_assert_no_error(error);
    g_assert_cmpuint(profiles->len, ==, 3);

    bond = find_profile(profiles, SEED_UUID);
    g_assert_nonnull(bond);
    g_assert_true(g_str_has_suffix(bond->filename, "/ifcfg-bond0"));
    g_assert_true(g_path_is_absolute(bond->filename));
    g_assert_cmpstr(nm_connection_get_id(bond->connection), ==, "bond0");

    specs = f->plugin->vtable->get_unmanaged_specs(f->plugin);
    g_assert_cmpuint(g_strv_length(specs), ==, 2);
    g_assert_cmpstr(specs[0], ==, "interface-name:=eth9");
    g_assert_cmpstr(specs[1], ==, "mac:00:11:22:33:f8:9f");

    /* Make the copy the newest: it wins now. */
    g_clear_pointer(&profiles, g_ptr_array_unref);
    g_assert_cmpint(g_utime(p, NULL), ==, 0);
    newer = g_build_filename(f->dir, "ifcfg-bond0", NULL);
    g_assert_cmpint(g_utime(newer, &(struct utimbuf){.actime = 1000, .modtime = 1000}), ==, 0);
    g_test_expect_message(LOG_DOMAIN, G_LOG_LEVEL_MESSAGE, "*the newer file wins*");
    g_test_expect_message(LOG_DOMAIN, G_LOG_LEVEL_WARNING, "*ifcfg-broken*");
    profiles = f->plugin->vtable->load_all(f->plugin, &error);
    g_test_assert_expected_messages();
    bond = find_profile(profiles, SEED_UUID);
    g_assert_true(g_str_has_suffix(bond->filename, "/ifcfg-bond0-copy"));
    g_assert_cmpuint(profiles->len, ==, 3);
}

static void
test_load_file(Fixture *f, gconstpointer data)
{
    BonddStoredProfile *profile = NULL;
    g_autoptr(GError) error = NULL;
    g_autofree char *route = g_build_filename(f->dir, "route-eth1", NULL);
    g_autofree char *missing = g_build_filename(f->dir, "ifcfg-missing", NULL);
    g_autofree char *bad = NULL;
    g_autoptr(BonddStoredProfile) p1 = NULL;

    copy_example(f, "ifcfg-eth1");
    g_assert_false(f->plugin->vtable->load_file(f->plugin, "ifcfg-eth1", &profile, &error));
    g_assert_nonnull(strstr(error->message, "is not absolute"));
    g_clear_error(&error);
    g_assert_false(
        f->plugin->vtable->load_file(f->plugin, "/elsewhere/ifcfg-eth1", &profile, &error));
    g_assert_nonnull(strstr(error->message, "/elsewhere/ifcfg-eth1"));
    g_clear_error(&error);

    /* A companion file maps to its ifcfg file. */
    g_assert_true(f->plugin->vtable->load_file(f->plugin, route, &p1, &error));
    g_assert_no_error(error);
    g_assert_nonnull(p1);
    g_assert_true(g_str_has_suffix(p1->filename, "/ifcfg-eth1"));
    g_assert_cmpstr(nm_connection_get_interface_name(p1->connection), ==, "eth1");

    /* Another spelling of the same path. */
    {
        g_autofree char *odd = g_strdup_printf("%s//./ifcfg-eth1", f->dir);
        g_autoptr(BonddStoredProfile) p2 = NULL;

        g_assert_true(f->plugin->vtable->load_file(f->plugin, odd, &p2, &error));
        g_assert_no_error(error);
        g_assert_cmpstr(p2->filename, ==, p1->filename);
    }

    /* A path that no longer exists: no profile, no error. */
    g_assert_true(f->plugin->vtable->load_file(f->plugin, missing, &profile, &error));
    g_assert_null(profile);

    bad = test_write_file(f->dir, "ifcfg-bad", "TYPE=Foo\nDEVICE=x\n");
    g_assert_false(f->plugin->vtable->load_file(f->plugin, bad, &profile, &error));
    g_assert_nonnull(strstr(error->message, bad));
    g_assert_nonnull(strstr(error->message, "unknown connection type"));
}

static void
test_add_update_remove(Fixture *f, gconstpointer data)
{
    g_autoptr(NMConnection) bond = test_connection_new("bond", "My Bond", SEED_UUID, "bond0");
    g_autoptr(NMConnection) port =
        test_connection_new("802-3-ethernet", "bond0 port", NULL, "eth1");
    g_autoptr(BonddStoredProfile) added = NULL;
    g_autoptr(BonddStoredProfile) added_port = NULL;
    g_autoptr(BonddStoredProfile) updated = NULL;
    g_autoptr(GError) error = NULL;
    g_autofree char *content = NULL;
    g_autofree char *route = NULL;
    g_autoptr(NMConnection) changed = NULL;

    nm_connection_add_setting(bond, nm_setting_bond_new());
    g_object_set(nm_connection_get_setting_connection(port), NM_SETTING_CONNECTION_MASTER,
                 SEED_UUID, NM_SETTING_CONNECTION_SLAVE_TYPE, "bond", NULL);
    g_assert_true(nm_connection_normalize(bond, NULL, NULL, NULL));
    g_assert_true(nm_connection_normalize(port, NULL, NULL, NULL));

    added = f->plugin->vtable->add(f->plugin, bond, &error);
    g_assert_no_error(error);
    g_assert_true(g_str_has_suffix(added->filename, "/ifcfg-My_Bond"));
    test_assert_same_connection(added->connection, bond);

    added_port = f->plugin->vtable->add(f->plugin, port, &error);
    g_assert_no_error(error);
    content = test_read_file(added_port->filename);
    /* The host resolved the controller UUID to its interface. */
    g_assert_nonnull(strstr(content, "\nMASTER_UUID=" SEED_UUID "\nMASTER=bond0\nSLAVE=yes\n"));

    /* Update keeps the file name even when the id changes. */
    changed = nm_simple_connection_new_clone(bond);
    g_object_set(nm_connection_get_setting_connection(changed), NM_SETTING_CONNECTION_ID, "Renamed",
                 NULL);
    nm_setting_bond_add_option(nm_connection_get_setting_bond(changed), "miimon", "300");
    updated = f->plugin->vtable->update(f->plugin, changed, added->filename, &error);
    g_assert_no_error(error);
    g_assert_cmpstr(updated->filename, ==, added->filename);
    g_assert_cmpstr(nm_connection_get_id(updated->connection), ==, "Renamed");
    g_clear_pointer(&content, g_free);
    content = test_read_file(added->filename);
    g_assert_nonnull(strstr(content, "BONDING_OPTS=\"mode=balance-rr miimon=300\"\n"));
    g_assert_nonnull(strstr(content, "NAME=Renamed\n"));

    route = test_write_file(f->dir, "route-My_Bond", "10.9.0.0/16 via 10.0.0.1\n");
    g_assert_true(f->plugin->vtable->remove(f->plugin, added->filename, &error));
    g_assert_no_error(error);
    g_assert_false(g_file_test(added->filename, G_FILE_TEST_EXISTS));
    g_assert_false(g_file_test(route, G_FILE_TEST_EXISTS));
    g_assert_true(g_file_test(added_port->filename, G_FILE_TEST_EXISTS));
}

static gboolean
quit_cb(gpointer data)
{
    *(gboolean *)data = TRUE;
    return G_SOURCE_REMOVE;
}

static void
spin(guint ms)
{
    gboolean done = FALSE;

    g_timeout_add(ms, quit_cb, &done);
    while (!done)
        g_main_context_iteration(NULL, TRUE);
}

static void
test_monitor(Fixture *f, gconstpointer data)
{
    g_autoptr(NMConnection) bond = test_connection_new("bond", "Mon Bond", NULL, "bond3");
    g_autoptr(BonddStoredProfile) added = NULL;
    g_autoptr(BonddStoredProfile) updated = NULL;
    g_autoptr(GError) error = NULL;

    nm_connection_add_setting(bond, nm_setting_bond_new());
    g_assert_true(nm_connection_normalize(bond, NULL, NULL, NULL));
    spin(100);
    g_assert_cmpuint(f->changed, ==, 0);

    /* Our own writes and deletes are not reported. */
    added = f->plugin->vtable->add(f->plugin, bond, &error);
    g_assert_no_error(error);
    updated = f->plugin->vtable->update(f->plugin, bond, added->filename, &error);
    g_assert_no_error(error);
    spin(BONDD_STORAGE_WATCH_DEBOUNCE_MS + 400);
    g_assert_cmpuint(f->changed, ==, 0);
    g_assert_true(f->plugin->vtable->remove(f->plugin, added->filename, &error));
    spin(BONDD_STORAGE_WATCH_DEBOUNCE_MS + 400);
    g_assert_cmpuint(f->changed, ==, 0);

    /* A burst of foreign edits gives one report after the quiet period. */
    g_free(test_write_file(f->dir, "ifcfg-ext", "TYPE=Bond\nDEVICE=bond4\n"));
    spin(50);
    g_free(test_write_file(f->dir, "ifcfg-ext", "TYPE=Bond\nDEVICE=bond5\n"));
    g_free(test_write_file(f->dir, "ifcfg-ext2", "TYPE=Bond\nDEVICE=bond6\n"));
    spin(BONDD_STORAGE_WATCH_DEBOUNCE_MS + 500);
    g_assert_cmpuint(f->changed, ==, 1);

    /* Ignored names do not count. */
    g_free(test_write_file(f->dir, "ifcfg-ext.bak", "x\n"));
    g_free(test_write_file(f->dir, "notes.txt", "x\n"));
    spin(BONDD_STORAGE_WATCH_DEBOUNCE_MS + 400);
    g_assert_cmpuint(f->changed, ==, 1);

    /* Editing a file we wrote is foreign again. */
    g_clear_pointer(&added, bondd_stored_profile_free);
    added = f->plugin->vtable->add(f->plugin, bond, &error);
    g_assert_no_error(error);
    spin(BONDD_STORAGE_WATCH_DEBOUNCE_MS + 400);
    g_assert_cmpuint(f->changed, ==, 1);
    g_assert_true(g_file_set_contents(added->filename, "TYPE=Bond\nDEVICE=bond7\n", -1, NULL));
    spin(BONDD_STORAGE_WATCH_DEBOUNCE_MS + 500);
    g_assert_cmpuint(f->changed, ==, 2);
}

/* The built module exports the factory, and nothing else of ours. */
/* At start-up the plugin removes the temp files of writes that were killed
 * half-way, and nothing else: not a file someone is writing (locked), not
 * a user's hidden file of a similar name, not a symlink or a directory. */
static void
test_sweep_temp_files(void)
{
    g_autoptr(GKeyFile) keyfile = g_key_file_new();
    BonddSettingsPluginConfig config = {.keyfile = keyfile, .group = "ifcfg"};
    g_autofree char *dir = test_tmpdir_new();
    g_autofree char *outside = test_tmpdir_new();
    g_autofree char *target = test_write_file(outside, "target", "A=1\n");
    g_autofree char *left =
        test_write_file(dir, ".ifcfg-bond0.bondd-AbC123", "TYPE=Bond\nDEVICE=bond0\nNAME=left\n");
    g_autofree char *locked = test_write_file(dir, ".ifcfg-bond1.bondd-xyz789", "TYPE=Bond\n");
    g_autofree char *link = g_build_filename(dir, ".ifcfg-bond2.bondd-000000", NULL);
    g_autofree char *subdir = g_build_filename(dir, ".ifcfg-bond3.bondd-111111", NULL);
    static const char *const kept[] = {
        ".ifcfg-eth0.backup", /* a user's: not our pattern */
        ".ifcfg-eth0.XXXXXX",        ".ifcfg-eth0.bondd-12345",
        ".ifcfg-eth0.bondd-1234567", ".ifcfg-eth0.bondd-12_456",
    };
    g_autoptr(GError) error = NULL;
    g_autoptr(GPtrArray) profiles = NULL;
    BonddSettingsPlugin *plugin;
    int fd;

    g_key_file_set_string(keyfile, "ifcfg", "path", dir);
    for (guint i = 0; i < G_N_ELEMENTS(kept); i++)
        g_free(test_write_file(dir, kept[i], "A=1\n"));
    g_assert_cmpint(symlink(target, link), ==, 0);
    g_assert_cmpint(g_mkdir(subdir, 0700), ==, 0);
    fd = open(locked, O_RDONLY | O_CLOEXEC);
    g_assert_cmpint(fd, >=, 0);
    g_assert_cmpint(flock(fd, LOCK_EX), ==, 0);

    g_test_expect_message(LOG_DOMAIN, G_LOG_LEVEL_MESSAGE,
                          "*removed*.ifcfg-bond0.bondd-AbC123, left by an interrupted write*");
    plugin = ifcfg_plugin_new(&config, NULL, &error);
    g_test_assert_expected_messages();
    g_assert_no_error(error);
    g_assert_false(g_file_test(left, G_FILE_TEST_EXISTS));
    g_assert_true(g_file_test(locked, G_FILE_TEST_EXISTS));
    g_assert_true(g_file_test(link, G_FILE_TEST_IS_SYMLINK));
    g_assert_true(g_file_test(target, G_FILE_TEST_EXISTS));
    g_assert_true(g_file_test(subdir, G_FILE_TEST_IS_DIR));
    for (guint i = 0; i < G_N_ELEMENTS(kept); i++) {
        g_autofree char *p = g_build_filename(dir, kept[i], NULL);

        g_assert_true(g_file_test(p, G_FILE_TEST_EXISTS));
    }
    /* Temp files are never profiles. */
    profiles = plugin->vtable->load_all(plugin, &error);
    g_assert_no_error(error);
    g_assert_cmpuint(profiles->len, ==, 0);

    plugin->vtable->free(plugin);
    close(fd);
    g_rmdir(subdir);
    g_unlink(link);
    test_tmpdir_free(g_steal_pointer(&dir));
    test_tmpdir_free(g_steal_pointer(&outside));
}

static void
test_module_symbol(void)
{
    g_autoptr(GError) error = NULL;
    GModule *module = g_module_open(MODULE_PATH, G_MODULE_BIND_LOCAL);
    gpointer sym = NULL;
    BonddSettingsPluginFactory factory;
    g_autoptr(GKeyFile) keyfile = g_key_file_new();
    BonddSettingsPluginConfig config = {.keyfile = keyfile, .group = "ifcfg"};
    BonddSettingsPlugin *plugin;

    g_key_file_set_string(keyfile, "ifcfg", "path", "relative/dir");
    g_assert_no_error(error);
    g_assert_nonnull(module);
    g_assert_true(g_module_symbol(module, BONDD_SETTINGS_PLUGIN_FACTORY_SYMBOL, &sym));
    g_assert_false(g_module_symbol(module, "ifcfg_plugin_new", &sym));
    g_assert_false(g_module_symbol(module, "sv_unescape", &sym));
    g_assert_true(g_module_symbol(module, BONDD_SETTINGS_PLUGIN_FACTORY_SYMBOL, &sym));
    factory = (BonddSettingsPluginFactory)sym;

    plugin = factory(&config, NULL, &error);
    g_assert_null(plugin);
    g_assert_nonnull(strstr(error->message, "relative/dir"));
    g_module_close(module);
}

int
main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    g_test_add("/ifcfg/plugin/load-all", Fixture, GINT_TO_POINTER(FALSE), fixture_setup,
               test_load_all, fixture_teardown);
    g_test_add("/ifcfg/plugin/load-file", Fixture, GINT_TO_POINTER(FALSE), fixture_setup,
               test_load_file, fixture_teardown);
    g_test_add("/ifcfg/plugin/add-update-remove", Fixture, GINT_TO_POINTER(FALSE), fixture_setup,
               test_add_update_remove, fixture_teardown);
    g_test_add("/ifcfg/plugin/monitor", Fixture, GINT_TO_POINTER(TRUE), fixture_setup, test_monitor,
               fixture_teardown);
    g_test_add_func("/ifcfg/plugin/module-symbol", test_module_symbol);
    g_test_add_func("/ifcfg/plugin/sweep-temp-files", test_sweep_temp_files);
    return g_test_run();
}
