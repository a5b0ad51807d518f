/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The list of settings plugins (src/core/settings-storage.c) as settings
 * (src/core/settings.c) use it, with settings-plugins = ro,mem: a
 * read-only plugin first, then a writable one that cannot store vlans.
 * Every profile belongs to the plugin that read it; a new one goes to the
 * first writable plugin that can store it.
 */
#include "config.h"

#include "harness.h"

#include <string.h>
#include <unistd.h>

#include <glib/gstdio.h>

#include "errors.h"
#include "settings-storage.h"

static const char *const ro_mem[] = {"ro", "mem", NULL};

typedef struct {
    Harness *h;
    BonddSettings *settings;
    guint added, updated, removed, specs_changed;
} Fixture;

static void
added_cb(BonddSettings *settings, BonddProfile *profile, Fixture *f)
{
    f->added++;
}

static void
updated_cb(BonddSettings *settings, BonddProfile *profile, Fixture *f)
{
    f->updated++;
}

static void
removed_cb(BonddSettings *settings, BonddProfile *profile, Fixture *f)
{
    f->removed++;
}

static void
specs_changed_cb(BonddSettings *settings, Fixture *f)
{
    f->specs_changed++;
}

/* ro holds "ro-bond" (tbond0) and "ro-vlan" (on it), mem holds "mem-eth"
 * (tport1) and "mem-port" (tport2, a port of tbond0). */
static void
fixture_setup(Fixture *f, gconstpointer data)
{
    HarnessOptions options = {.settings_plugins = ro_mem, .policy = TRUE};
    g_autoptr(NMConnection) bond =
        profile_bond("ro-bond", "tbond0", "active-backup", NULL, "192.0.2.1/24", FALSE);
    g_autoptr(NMConnection) vlan = profile_vlan("ro-vlan", "tvlan10", "tbond0", 10, NULL, FALSE);
    g_autoptr(NMConnection) eth = profile_ethernet("mem-eth", "tport1", "192.0.2.9/24", FALSE);
    g_autoptr(NMConnection) port = profile_port("mem-port", "tport2", "tbond0", FALSE);

    f->h = harness_new(&options);
    fake_kernel_add_ethernet(f->h->kernel, "tport1", TRUE);
    fake_kernel_add_ethernet(f->h->kernel, "tport2", TRUE);
    harness_add_profile(f->h, "ro", bond);
    harness_add_profile(f->h, "ro", vlan);
    harness_add_profile(f->h, "mem", eth);
    harness_add_profile(f->h, "mem", port);
    harness_start(f->h);
    f->settings = f->h->daemon.settings;
    g_signal_connect(f->settings, "profile-added", G_CALLBACK(added_cb), f);
    g_signal_connect(f->settings, "profile-updated", G_CALLBACK(updated_cb), f);
    g_signal_connect(f->settings, "profile-removed", G_CALLBACK(removed_cb), f);
    g_signal_connect(f->settings, "unmanaged-specs-changed", G_CALLBACK(specs_changed_cb), f);
}

static void
fixture_teardown(Fixture *f, gconstpointer data)
{
    g_signal_handlers_disconnect_by_data(f->settings, f);
    harness_free(f->h);
    g_ptr_array_unref(harness_take_warnings());
}

static const char *
file_of(Fixture *f, const char *plugin, const char *id)
{
    return fake_settings_get_filename(f->h->store, plugin,
                                      bondd_profile_get_uuid(harness_profile(f->h, id)));
}

/* @id's connection with connection.id set to @new_id (caller owns). */
static NMConnection *
renamed(Fixture *f, const char *id, const char *new_id)
{
    NMConnection *c = bondd_profile_dup_connection(harness_profile(f->h, id));

    g_object_set(nm_connection_get_setting_connection(c), NM_SETTING_CONNECTION_ID, new_id, NULL);
    return c;
}

/* ---- tests ------------------------------------------------------------------------- */

/* Each profile belongs to the plugin that read it. */
static void
test_owners(Fixture *f, gconstpointer data)
{
    BonddProfile *bond = harness_profile(f->h, "ro-bond");
    BonddProfile *eth = harness_profile(f->h, "mem-eth");

    g_assert_cmpuint(bondd_settings_get_profiles(f->settings)->len, ==, 4);
    g_assert_cmpstr(bondd_settings_get_profile_plugin(f->settings, bond), ==, "ro");
    g_assert_cmpstr(bondd_settings_get_profile_plugin(f->settings, eth), ==, "mem");
    g_assert_cmpstr(bondd_profile_get_filename(bond), ==, file_of(f, "ro", "ro-bond"));
    g_assert_cmpstr(bondd_profile_get_filename(eth), ==, file_of(f, "mem", "mem-eth"));
    g_assert_false(bondd_profile_get_unsaved(bond));
    /* The port finds its controller in the other plugin. */
    g_assert_true(
        bondd_settings_find_controller(
            f->settings, bondd_profile_get_controller(harness_profile(f->h, "mem-port"))) == bond);
}

/* A profile of the read-only plugin cannot be updated or deleted: the
 * error names the file; nothing changes, nothing goes to "mem". */
static void
test_read_only(Fixture *f, gconstpointer data)
{
    BonddProfile *bond = harness_profile(f->h, "ro-bond");
    const char *file = file_of(f, "ro", "ro-bond");
    g_autoptr(NMConnection) changed = renamed(f, "ro-bond", "changed");
    g_autoptr(GError) error = NULL;
    const BonddPersist refused[] = {BONDD_PERSIST_DISK, BONDD_PERSIST_KEEP,
                                    BONDD_PERSIST_MEMORY_ONLY};

    for (guint i = 0; i < G_N_ELEMENTS(refused); i++) {
        g_assert_false(
            bondd_settings_update_profile(f->settings, bond, changed, refused[i], &error));
        g_assert_error(error, BONDD_SETTINGS_ERROR, BONDD_SETTINGS_ERROR_READ_ONLY_CONNECTION);
        g_assert_nonnull(strstr(error->message, file));
        g_clear_error(&error);
    }
    g_assert_false(bondd_settings_delete_profile(f->settings, bond, &error));
    g_assert_error(error, BONDD_SETTINGS_ERROR, BONDD_SETTINGS_ERROR_READ_ONLY_CONNECTION);
    g_assert_nonnull(strstr(error->message, file));

    g_assert_true(harness_profile(f->h, "ro-bond") == bond);
    g_assert_cmpstr(bondd_profile_get_id(bond), ==, "ro-bond");
    g_assert_true(g_file_test(file, G_FILE_TEST_EXISTS));
    g_assert_cmpuint(fake_settings_get_log(f->h->store)->len, ==, 0);
    g_assert_cmpuint(f->updated + f->removed, ==, 0);
}

/* In memory only, a read-only profile may change: its file stays. */
static void
test_read_only_in_memory(Fixture *f, gconstpointer data)
{
    BonddProfile *bond = harness_profile(f->h, "ro-bond");
    const char *file = file_of(f, "ro", "ro-bond");
    g_autoptr(NMConnection) changed = renamed(f, "ro-bond", "changed");
    g_autoptr(GError) error = NULL;

    g_assert_true(
        bondd_settings_update_profile(f->settings, bond, changed, BONDD_PERSIST_MEMORY, &error));
    g_assert_no_error(error);
    g_assert_cmpstr(bondd_profile_get_id(bond), ==, "changed");
    g_assert_true(bondd_profile_get_unsaved(bond));
    g_assert_cmpstr(
        nm_connection_get_id(fake_settings_get(f->h->store, "ro", bondd_profile_get_uuid(bond))),
        ==, "ro-bond");
    /* Saving it is writing the read-only file. */
    g_assert_false(
        bondd_settings_update_profile(f->settings, bond, NULL, BONDD_PERSIST_DISK, &error));
    g_assert_error(error, BONDD_SETTINGS_ERROR, BONDD_SETTINGS_ERROR_READ_ONLY_CONNECTION);
    g_assert_nonnull(strstr(error->message, file));
    g_assert_cmpuint(fake_settings_get_log(f->h->store)->len, ==, 0);
}

/* A profile "mem" read is written back by "mem", to its own file. */
static void
test_written_back(Fixture *f, gconstpointer data)
{
    BonddProfile *eth = harness_profile(f->h, "mem-eth");
    g_autofree char *file = g_strdup(file_of(f, "mem", "mem-eth"));
    g_autofree char *update = g_strdup_printf("mem update %s", file);
    g_autofree char *remove = g_strdup_printf("mem remove %s", file);
    g_autoptr(NMConnection) changed = renamed(f, "mem-eth", "eth-renamed");
    g_autoptr(GError) error = NULL;

    g_assert_true(
        bondd_settings_update_profile(f->settings, eth, changed, BONDD_PERSIST_KEEP, &error));
    g_assert_no_error(error);
    g_assert_cmpint(fake_settings_log_find(f->h->store, update), ==, 0);
    g_assert_cmpuint(fake_settings_get_log(f->h->store)->len, ==, 1);
    g_assert_cmpstr(bondd_profile_get_id(eth), ==, "eth-renamed");
    g_assert_cmpstr(bondd_profile_get_filename(eth), ==, file);
    g_assert_cmpstr(bondd_settings_get_profile_plugin(f->settings, eth), ==, "mem");
    g_assert_cmpstr(
        nm_connection_get_id(fake_settings_get(f->h->store, "mem", bondd_profile_get_uuid(eth))),
        ==, "eth-renamed");
    g_assert_cmpuint(f->updated, ==, 1);

    g_assert_true(bondd_settings_delete_profile(f->settings, eth, &error));
    g_assert_no_error(error);
    g_assert_cmpint(fake_settings_log_find(f->h->store, remove), ==, 1);
    g_assert_false(g_file_test(file, G_FILE_TEST_EXISTS));
    g_assert_cmpuint(f->removed, ==, 1);
    g_assert_cmpuint(bondd_settings_get_profiles(f->settings)->len, ==, 3);
}

/* A profile without a file (in memory only) that is saved goes to the
 * first writable plugin: "mem", though "ro" comes first. */
static void
test_saved_to_first_writable(Fixture *f, gconstpointer data)
{
    BonddProfile *eth = harness_profile(f->h, "mem-eth");
    g_autofree char *file = g_strdup(file_of(f, "mem", "mem-eth"));
    g_autoptr(GError) error = NULL;

    g_assert_true(
        bondd_settings_update_profile(f->settings, eth, NULL, BONDD_PERSIST_MEMORY_ONLY, &error));
    g_assert_no_error(error);
    g_assert_true(bondd_profile_get_unsaved(eth));
    g_assert_null(bondd_settings_get_profile_plugin(f->settings, eth));
    g_assert_false(g_file_test(file, G_FILE_TEST_EXISTS));

    fake_settings_clear_log(f->h->store);
    g_assert_true(
        bondd_settings_update_profile(f->settings, eth, NULL, BONDD_PERSIST_DISK, &error));
    g_assert_no_error(error);
    g_assert_cmpint(fake_settings_log_find(f->h->store, "mem add "), ==, 0);
    g_assert_false(bondd_profile_get_unsaved(eth));
    g_assert_cmpstr(bondd_settings_get_profile_plugin(f->settings, eth), ==, "mem");
    g_assert_true(g_str_has_prefix(bondd_profile_get_filename(eth),
                                   fake_settings_get_dir(f->h->store, "mem")));
}

/* A new profile goes to the first writable plugin that can store it:
 * "mem", though "ro" comes first; one that no plugin can store is refused
 * with the reasons, and nothing is added. */
static void
test_add(Fixture *f, gconstpointer data)
{
    g_autoptr(NMConnection) bond =
        profile_bond("new-bond", "tbond1", "balance-rr", NULL, NULL, FALSE);
    g_autoptr(NMConnection) vlan = profile_vlan("new-vlan", "tvlan20", "tbond0", 20, NULL, FALSE);
    g_autoptr(NMConnection) memory = profile_ethernet("in-memory", "tport3", NULL, FALSE);
    g_autoptr(GError) error = NULL;
    BonddProfile *p;

    p = bondd_settings_add_profile(f->settings, bond, TRUE, NULL, &error);
    g_assert_no_error(error);
    g_assert_nonnull(p);
    g_assert_cmpstr(bondd_settings_get_profile_plugin(f->settings, p), ==, "mem");
    g_assert_true(
        g_str_has_prefix(bondd_profile_get_filename(p), fake_settings_get_dir(f->h->store, "mem")));
    g_assert_cmpint(fake_settings_log_find(f->h->store, "mem add "), ==, 0);
    g_assert_nonnull(fake_settings_get(f->h->store, "mem", nm_connection_get_uuid(bond)));
    g_assert_cmpuint(f->added, ==, 1);

    /* Again: the UUID exists. */
    g_assert_null(bondd_settings_add_profile(f->settings, bond, TRUE, NULL, &error));
    g_assert_error(error, BONDD_SETTINGS_ERROR, BONDD_SETTINGS_ERROR_UUID_EXISTS);
    g_clear_error(&error);

    /* No plugin can store a vlan: "ro" is read-only, "mem" says why not. */
    g_assert_null(bondd_settings_add_profile(f->settings, vlan, TRUE, NULL, &error));
    g_assert_error(error, BONDD_SETTINGS_ERROR, BONDD_SETTINGS_ERROR_NOT_SUPPORTED);
    g_assert_nonnull(strstr(error->message, "ro: read-only"));
    g_assert_nonnull(strstr(error->message, "cannot store connections of type 'vlan'"));
    g_clear_error(&error);
    g_assert_null(bondd_settings_find_by_uuid(f->settings, nm_connection_get_uuid(vlan)));

    /* Asking for the read-only plugin by name. */
    g_assert_null(bondd_settings_add_profile(f->settings, memory, TRUE, "ro", &error));
    g_assert_error(error, BONDD_SETTINGS_ERROR, BONDD_SETTINGS_ERROR_NOT_SUPPORTED);
    g_assert_nonnull(strstr(error->message, "ro: read-only"));
    g_clear_error(&error);
    g_assert_cmpuint(fake_settings_get_log(f->h->store)->len, ==, 1);
    g_assert_cmpuint(f->added, ==, 1);

    /* In memory: no plugin is asked. */
    p = bondd_settings_add_profile(f->settings, memory, FALSE, NULL, &error);
    g_assert_no_error(error);
    g_assert_true(bondd_profile_get_unsaved(p));
    g_assert_null(bondd_settings_get_profile_plugin(f->settings, p));
    g_assert_cmpuint(fake_settings_get_log(f->h->store)->len, ==, 1);
    g_assert_cmpuint(f->added, ==, 2);
}

/* Re-reading storage: new files are added, changed ones updated, vanished
 * ones removed; a UUID in both plugins belongs to "ro", which comes first. */
static void
test_reload(Fixture *f, gconstpointer data)
{
    g_autoptr(NMConnection) extra = profile_ethernet("extra", "tport3", NULL, FALSE);
    g_autoptr(NMConnection) twin = NULL;
    g_autoptr(GError) error = NULL;
    BonddProfile *p;

    fake_settings_put(f->h->store, "mem", extra);
    g_assert_true(bondd_settings_reload(f->settings, &error));
    g_assert_no_error(error);
    g_assert_cmpuint(f->added, ==, 1);
    p = harness_profile(f->h, "extra");
    g_assert_cmpstr(bondd_settings_get_profile_plugin(f->settings, p), ==, "mem");

    g_object_set(nm_connection_get_setting_connection(extra), NM_SETTING_CONNECTION_ID, "extra2",
                 NULL);
    fake_settings_put(f->h->store, "mem", extra);
    g_assert_true(bondd_settings_reload(f->settings, &error));
    g_assert_cmpuint(f->updated, ==, 1);
    g_assert_cmpstr(bondd_profile_get_id(p), ==, "extra2");

    g_assert_true(fake_settings_drop(f->h->store, "mem", nm_connection_get_uuid(extra)));
    g_assert_true(bondd_settings_reload(f->settings, &error));
    g_assert_cmpuint(f->removed, ==, 1);
    g_assert_null(bondd_settings_find_by_uuid(f->settings, nm_connection_get_uuid(extra)));

    /* The same UUID in "mem" too: "ro" keeps it. */
    twin = renamed(f, "ro-bond", "twin");
    fake_settings_put(f->h->store, "mem", twin);
    g_assert_true(bondd_settings_reload(f->settings, &error));
    p = bondd_settings_find_by_uuid(f->settings, nm_connection_get_uuid(twin));
    g_assert_cmpstr(bondd_profile_get_id(p), ==, "ro-bond");
    g_assert_cmpstr(bondd_settings_get_profile_plugin(f->settings, p), ==, "ro");
}

/* A plugin saying its storage changed gets re-read. */
static void
test_storage_changed(Fixture *f, gconstpointer data)
{
    g_autoptr(NMConnection) extra = profile_ethernet("extra", "tport3", NULL, FALSE);

    fake_settings_put(f->h->store, "mem", extra);
    fake_settings_notify_changed(f->h->store, "mem");
    g_assert_cmpuint(f->added, ==, 1);
    g_assert_nonnull(bondd_settings_find_by_uuid(f->settings, nm_connection_get_uuid(extra)));
}

/* Unmanaged specs from a plugin: the device follows them. */
static void
test_unmanaged_specs(Fixture *f, gconstpointer data)
{
    static const char *const specs[] = {"interface-name:tport1", NULL};
    g_autoptr(GError) error = NULL;

    g_assert_cmpuint(harness_device_state(f->h, "tport1"), ==, NM_DEVICE_STATE_DISCONNECTED);
    fake_settings_set_unmanaged(f->h->store, specs);
    g_assert_true(bondd_settings_reload(f->settings, &error));
    g_assert_cmpuint(f->specs_changed, ==, 1);
    g_assert_cmpstr(bondd_settings_get_unmanaged_specs(f->settings)[0], ==,
                    "interface-name:tport1");
    g_assert_cmpuint(harness_device_state(f->h, "tport1"), ==, NM_DEVICE_STATE_UNMANAGED);

    fake_settings_set_unmanaged(f->h->store, NULL);
    g_assert_true(bondd_settings_reload(f->settings, &error));
    g_assert_cmpuint(f->specs_changed, ==, 2);
    g_assert_cmpuint(harness_device_state(f->h, "tport1"), ==, NM_DEVICE_STATE_DISCONNECTED);
}

/* ---- the storage list alone: where a new profile goes --------------------------------- */

static void
storage_changed(BonddStorageSource *source, gpointer user_data)
{
}

static char *
iface_for_uuid(const char *uuid, gpointer user_data)
{
    return NULL;
}

/* The first writable plugin that can store a profile takes it; the error
 * says why none could. */
static void
test_storage_add(void)
{
    FakeSettings *store = fake_settings_new();
    BonddPlugins *plugins = bondd_plugins_new();
    g_autoptr(BonddConfig) config = bondd_config_new_from_file(NULL, FALSE, NULL);
    g_autoptr(NMConnection) bond =
        profile_bond("bond", "tbond0", "active-backup", NULL, NULL, FALSE);
    g_autoptr(NMConnection) vlan = profile_vlan("vlan", "tvlan10", "tbond0", 10, NULL, FALSE);
    g_autoptr(BonddStoredProfile) stored = NULL;
    g_autoptr(GError) error = NULL;
    BonddSettingsStorage *storage;
    BonddStorageSource *source = NULL;
    GPtrArray *sources;

    fake_settings_register(plugins);
    g_strfreev(config->settings_plugins);
    config->settings_plugins = g_strdupv((char **)ro_mem);
    storage =
        bondd_settings_storage_new(plugins, config, storage_changed, iface_for_uuid, NULL, &error);
    g_assert_no_error(error);
    sources = bondd_settings_storage_get_sources(storage);
    g_assert_cmpuint(sources->len, ==, 2);
    g_assert_cmpstr(bondd_storage_source_get_name(sources->pdata[0]), ==, "ro");
    g_assert_true(bondd_storage_source_is_read_only(sources->pdata[0]));
    g_assert_false(bondd_storage_source_is_read_only(sources->pdata[1]));

    stored = bondd_settings_storage_add(storage, bond, NULL, &source, &error);
    g_assert_no_error(error);
    g_assert_nonnull(stored);
    g_assert_cmpstr(bondd_storage_source_get_name(source), ==, "mem");
    g_assert_true(g_str_has_prefix(stored->filename, fake_settings_get_dir(store, "mem")));
    g_assert_cmpint(fake_settings_log_find(store, "mem add "), ==, 0);

    g_assert_null(bondd_settings_storage_add(storage, vlan, NULL, &source, &error));
    g_assert_error(error, BONDD_SETTINGS_ERROR, BONDD_SETTINGS_ERROR_NOT_SUPPORTED);
    g_assert_nonnull(strstr(error->message, "ro: read-only"));
    g_assert_nonnull(strstr(error->message, "cannot store connections of type 'vlan'"));
    g_assert_null(source);
    g_clear_error(&error);

    g_assert_null(bondd_settings_storage_add(storage, bond, "ro", &source, &error));
    g_assert_error(error, BONDD_SETTINGS_ERROR, BONDD_SETTINGS_ERROR_NOT_SUPPORTED);
    g_assert_nonnull(strstr(error->message, "ro: read-only"));
    g_clear_error(&error);
    g_assert_null(bondd_settings_storage_add(storage, bond, "nope", &source, &error));
    g_assert_error(error, BONDD_SETTINGS_ERROR, BONDD_SETTINGS_ERROR_INVALID_ARGUMENTS);
    g_clear_error(&error);
    g_assert_cmpuint(fake_settings_get_log(store)->len, ==, 1);

    bondd_settings_storage_free(storage);
    bondd_plugins_free(plugins);
    fake_settings_free(store);
}

/* A configured plugin that is not installed is an error naming it. */
static void
test_storage_missing_plugin(void)
{
    static const char *const names[] = {"mem", "ifcfg", NULL};
    FakeSettings *store = fake_settings_new();
    BonddPlugins *plugins = bondd_plugins_new();
    g_autoptr(BonddConfig) config = bondd_config_new_from_file(NULL, FALSE, NULL);
    g_autoptr(GError) error = NULL;

    fake_settings_register(plugins);
    g_strfreev(config->settings_plugins);
    config->settings_plugins = g_strdupv((char **)names);
    g_assert_null(
        bondd_settings_storage_new(plugins, config, storage_changed, iface_for_uuid, NULL, &error));
    g_assert_error(error, BONDD_SETTINGS_ERROR, BONDD_SETTINGS_ERROR_FAILED);
    g_assert_nonnull(strstr(error->message, "ifcfg"));
    bondd_plugins_free(plugins);
    fake_settings_free(store);
}

/* Without settings-plugins every installed writable plugin runs; a
 * read-only one only when named (installing it must not take over files
 * another tool owns), with a warning if its group is configured. */
static void
test_storage_default_list(void)
{
    FakeSettings *store = fake_settings_new();
    BonddPlugins *plugins = bondd_plugins_new();
    g_autoptr(BonddConfig) config = bondd_config_new_from_file(NULL, FALSE, NULL);
    g_autoptr(GError) error = NULL;
    BonddSettingsStorage *storage;
    GPtrArray *sources;

    fake_settings_register(plugins);
    g_assert_null(config->settings_plugins);
    storage =
        bondd_settings_storage_new(plugins, config, storage_changed, iface_for_uuid, NULL, &error);
    g_assert_no_error(error);
    sources = bondd_settings_storage_get_sources(storage);
    g_assert_cmpuint(sources->len, ==, 1);
    g_assert_cmpstr(bondd_storage_source_get_name(sources->pdata[0]), ==, "mem");
    g_assert_cmpuint(bondd_storage_source_get_rank(sources->pdata[0]), ==, 0);
    bondd_settings_storage_free(storage);

    /* An empty group (the default bondd.conf's) configures nothing. */
    g_assert_true(g_key_file_load_from_data(config->keyfile, "[ro]\n", -1, G_KEY_FILE_NONE, NULL));
    storage =
        bondd_settings_storage_new(plugins, config, storage_changed, iface_for_uuid, NULL, &error);
    g_assert_no_error(error);
    g_assert_cmpuint(bondd_settings_storage_get_sources(storage)->len, ==, 1);
    bondd_settings_storage_free(storage);

    g_key_file_set_string(config->keyfile, "ro", "path", "/nonexistent");
    g_test_expect_message(NULL, G_LOG_LEVEL_WARNING,
                          "*settings plugin ro is configured ([ro]) but not run*settings-plugins*");
    storage =
        bondd_settings_storage_new(plugins, config, storage_changed, iface_for_uuid, NULL, &error);
    g_test_assert_expected_messages();
    g_assert_no_error(error);
    g_assert_cmpuint(bondd_settings_storage_get_sources(storage)->len, ==, 1);
    bondd_settings_storage_free(storage);

    bondd_plugins_free(plugins);
    fake_settings_free(store);
}

/* settings-plugins=a,b (bondd(8), NetworkManager's plugins=); ';' too. */
static void
test_config_list(void)
{
    static const char *const texts[] = {"[main]\nsettings-plugins=mem, ro\n",
                                        "[main]\nsettings-plugins=mem;ro;\n"};

    for (guint i = 0; i < G_N_ELEMENTS(texts); i++) {
        g_autoptr(GError) error = NULL;
        g_autofree char *path = NULL;
        int fd = g_file_open_tmp("bondd-conf-XXXXXX", &path, &error);
        g_autoptr(BonddConfig) config = NULL;

        g_assert_no_error(error);
        close(fd);
        g_assert_true(g_file_set_contents(path, texts[i], -1, NULL));
        config = bondd_config_new_from_file(path, TRUE, &error);
        g_unlink(path);
        g_assert_no_error(error);
        g_assert_cmpuint(g_strv_length(config->settings_plugins), ==, 2);
        g_assert_cmpstr(config->settings_plugins[0], ==, "mem");
        g_assert_cmpstr(config->settings_plugins[1], ==, "ro");
    }
}

int
main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    harness_init_logging();

#define ADD(name, func) g_test_add(name, Fixture, NULL, fixture_setup, func, fixture_teardown)
    ADD("/core/settings/plugin-list/owners", test_owners);
    ADD("/core/settings/plugin-list/read-only", test_read_only);
    ADD("/core/settings/plugin-list/read-only-in-memory", test_read_only_in_memory);
    ADD("/core/settings/plugin-list/written-back", test_written_back);
    ADD("/core/settings/plugin-list/saved-to-first-writable", test_saved_to_first_writable);
    ADD("/core/settings/plugin-list/add", test_add);
    ADD("/core/settings/reload", test_reload);
    ADD("/core/settings/storage-changed", test_storage_changed);
    ADD("/core/settings/unmanaged-specs", test_unmanaged_specs);
    g_test_add_func("/core/settings/storage/add", test_storage_add);
    g_test_add_func("/core/settings/storage/missing-plugin", test_storage_missing_plugin);
    g_test_add_func("/core/settings/storage/default-list", test_storage_default_list);
    g_test_add_func("/core/settings/storage/config-list", test_config_list);
    return g_test_run();
}
