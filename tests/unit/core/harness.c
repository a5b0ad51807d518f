/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The test harness (see harness.h).
 */
#include "config.h"

#include <glib/gstdio.h>

#include "harness.h"

#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

/* ---- logging ----------------------------------------------------------------------- */

static GPtrArray *warnings;

static void
log_handler(const char *domain, GLogLevelFlags level, const char *message, gpointer user_data)
{
    if (level & (G_LOG_LEVEL_ERROR | G_LOG_LEVEL_CRITICAL)) {
        g_printerr("%s-CRITICAL: %s\n", domain ? domain : "", message);
        return;
    }
    if (level & G_LOG_LEVEL_WARNING)
        g_ptr_array_add(warnings, g_strdup(message));
    if (g_test_verbose() || (level & G_LOG_LEVEL_WARNING))
        g_printerr("# %s%s%s\n", domain ? domain : "", domain ? ": " : "", message);
}

void
harness_init_logging(void)
{
    warnings = g_ptr_array_new_with_free_func(g_free);
    /* Warnings are expected where a test makes something fail; criticals
     * (failed preconditions) never are. */
    g_log_set_always_fatal(G_LOG_FATAL_MASK | G_LOG_LEVEL_CRITICAL);
    g_log_set_default_handler(log_handler, NULL);
    g_setenv("G_MESSAGES_DEBUG", g_test_verbose() ? "all" : "", TRUE);
}

GPtrArray *
harness_take_warnings(void)
{
    GPtrArray *taken = warnings;

    warnings = g_ptr_array_new_with_free_func(g_free);
    return taken;
}

/* ---- isolated tests ----------------------------------------------------------------- */

typedef struct {
    void (*func)(void);
} IsolatedTest;

static void
run_isolated(gconstpointer data)
{
    const IsolatedTest *t = data;

    if (g_test_subprocess()) {
        t->func();
        return;
    }
    g_test_trap_subprocess(NULL, 120 * G_USEC_PER_SEC, G_TEST_SUBPROCESS_DEFAULT);
    /* Here only, in the parent: a failed child fails this test (with its
     * output in the log) and the next one runs. */
    g_test_set_nonfatal_assertions();
    g_test_trap_assert_passed();
}

/* Tests GTest does not run (-p) never have their data freed: keep it
 * reachable for the leak checker. */
static GPtrArray *isolated_tests;

void
harness_add_test(const char *path, void (*func)(void))
{
    IsolatedTest *t = g_new0(IsolatedTest, 1);

    if (!isolated_tests)
        isolated_tests = g_ptr_array_new();
    t->func = func;
    g_ptr_array_add(isolated_tests, t);
    g_test_add_data_func(path, t, run_isolated);
}

/* ---- the recorder ------------------------------------------------------------------- */

static void
event_free(gpointer data)
{
    HarnessEvent *e = data;

    g_free(e->path);
    g_free(e->iface);
    g_free(e);
}

static void
record(Harness *h, gboolean is_ac, const char *path, const char *iface, guint state,
       guint old_state, guint reason)
{
    HarnessEvent *e = g_new0(HarnessEvent, 1);

    e->seq = ++h->seq;
    e->is_ac = is_ac;
    e->path = g_strdup(path);
    e->iface = g_strdup(iface);
    e->state = state;
    e->old_state = old_state;
    e->reason = reason;
    g_ptr_array_add(h->events, e);
}

static const char *
object_path_of(gpointer skeleton)
{
    GDBusObject *object = g_dbus_interface_get_object(G_DBUS_INTERFACE(skeleton));

    return object ? g_dbus_object_get_object_path(object) : "?";
}

/* The exported Device interface at @path, or NULL (a reference). */
static NMDBusDevice *
exported_device(Harness *h, const char *path)
{
    g_autoptr(GDBusObject) object = NULL;

    if (!h->daemon.object_manager || !path)
        return NULL;
    object =
        g_dbus_object_manager_get_object(G_DBUS_OBJECT_MANAGER(h->daemon.object_manager), path);
    return object && NMDBUS_IS_OBJECT(object) ? nmdbus_object_get_device(NMDBUS_OBJECT(object))
                                              : NULL;
}

/* Device.StateChanged(new, old, reason), from any device skeleton. */
static gboolean
device_state_hook(GSignalInvocationHint *hint, guint n_values, const GValue *values,
                  gpointer user_data)
{
    Harness *h = user_data;
    NMDBusDevice *skel = g_value_get_object(&values[0]);

    record(h, FALSE, object_path_of(skel), nmdbus_device_get_interface(skel),
           g_value_get_uint(&values[1]), g_value_get_uint(&values[2]),
           g_value_get_uint(&values[3]));
    return TRUE;
}

/* Connection.Active.StateChanged(state, reason), from any AC skeleton. */
static gboolean
ac_state_hook(GSignalInvocationHint *hint, guint n_values, const GValue *values, gpointer user_data)
{
    Harness *h = user_data;
    NMDBusActiveConnection *skel = g_value_get_object(&values[0]);
    const char *const *devices = nmdbus_active_connection_get_devices(skel);
    const char *path = object_path_of(skel);
    const char *iface = g_hash_table_lookup(h->ac_ifaces, path);

    if (!iface) {
        g_autoptr(NMDBusDevice) dev = exported_device(h, devices ? devices[0] : NULL);

        iface = dev ? nmdbus_device_get_interface(dev) : "?";
        g_hash_table_insert(h->ac_ifaces, g_strdup(path), g_strdup(iface));
    }
    record(h, TRUE, path, iface, g_value_get_uint(&values[1]), 0, g_value_get_uint(&values[2]));
    return TRUE;
}

static void
hooks_add(Harness *h)
{
    /* The signals exist once the interfaces are initialized. */
    g_type_class_unref(g_type_class_ref(NMDBUS_TYPE_DEVICE_SKELETON));
    g_type_class_unref(g_type_class_ref(NMDBUS_TYPE_ACTIVE_CONNECTION_SKELETON));
    h->device_signal = g_signal_lookup("state-changed", NMDBUS_TYPE_DEVICE);
    h->ac_signal = g_signal_lookup("state-changed", NMDBUS_TYPE_ACTIVE_CONNECTION);
    g_assert_cmpuint(h->device_signal, !=, 0);
    g_assert_cmpuint(h->ac_signal, !=, 0);
    h->device_hook = g_signal_add_emission_hook(h->device_signal, 0, device_state_hook, h, NULL);
    h->ac_hook = g_signal_add_emission_hook(h->ac_signal, 0, ac_state_hook, h, NULL);
}

static void
hooks_remove(Harness *h)
{
    g_signal_remove_emission_hook(h->device_signal, h->device_hook);
    g_signal_remove_emission_hook(h->ac_signal, h->ac_hook);
}

guint
harness_mark(Harness *h)
{
    return h->seq + 1;
}

static char *
states_of(Harness *h, const char *ifname, gboolean is_ac, guint since)
{
    GString *s = g_string_new(NULL);

    for (guint i = 0; i < h->events->len; i++) {
        HarnessEvent *e = h->events->pdata[i];

        if (e->seq >= since && e->is_ac == is_ac && g_strcmp0(e->iface, ifname) == 0)
            g_string_append_printf(s, "%s%u", s->len ? " " : "", e->state);
    }
    return g_string_free(s, FALSE);
}

char *
harness_device_states(Harness *h, const char *ifname, guint since)
{
    return states_of(h, ifname, FALSE, since);
}

char *
harness_ac_states(Harness *h, const char *ifname, guint since)
{
    return states_of(h, ifname, TRUE, since);
}

static const HarnessEvent *
find_event(Harness *h, const char *ifname, gboolean is_ac, guint state, guint since)
{
    for (guint i = 0; i < h->events->len; i++) {
        HarnessEvent *e = h->events->pdata[i];

        if (e->seq >= since && e->is_ac == is_ac && e->state == state &&
            g_strcmp0(e->iface, ifname) == 0)
            return e;
    }
    return NULL;
}

const HarnessEvent *
harness_find_device_event(Harness *h, const char *ifname, guint state, guint since)
{
    return find_event(h, ifname, FALSE, state, since);
}

const HarnessEvent *
harness_find_ac_event(Harness *h, const char *ifname, guint state, guint since)
{
    return find_event(h, ifname, TRUE, state, since);
}

guint
harness_count_events(Harness *h, guint since)
{
    guint n = 0;

    for (guint i = 0; i < h->events->len; i++)
        n += ((HarnessEvent *)h->events->pdata[i])->seq >= since;
    return n;
}

char *
harness_dump_events(Harness *h, guint since)
{
    GString *s = g_string_new(NULL);

    for (guint i = 0; i < h->events->len; i++) {
        HarnessEvent *e = h->events->pdata[i];

        if (e->seq < since)
            continue;
        if (e->is_ac)
            g_string_append_printf(s, "%s#%u %s AC %u (reason %u)", s->len ? ", " : "", e->seq,
                                   e->iface, e->state, e->reason);
        else
            g_string_append_printf(s, "%s#%u %s %u->%u (reason %u)", s->len ? ", " : "", e->seq,
                                   e->iface, e->old_state, e->state, e->reason);
    }
    return g_string_free(s, FALSE);
}

/* ---- set-up and tear-down ---------------------------------------------------------- */

static void
bind_actions_cb(BonddDeviceManager *devices, BonddNmDevice *device, gpointer user_data)
{
    Harness *h = user_data;

    bondd_device_actions_bind(device, &h->actions);
}

/* The daemon's half: everything but the fake kernel, plugin and store. */
static void
daemon_init(Harness *h)
{
    g_autoptr(GError) error = NULL;

    h->daemon.config = bondd_config_new_from_file(NULL, FALSE, &error);
    g_assert_no_error(error);
    g_strfreev(h->daemon.config->settings_plugins);
    h->daemon.config->settings_plugins = g_strdupv((char **)h->options.settings_plugins);
    /* The fake settings plugin reports changes when a test says so. */
    h->daemon.config->monitor_files = TRUE;
    /* bondd.state (Manager.Enable) goes to a directory of the test's. */
    g_free(h->daemon.config->state_dir);
    h->daemon.config->state_dir = g_dir_make_tmp("bondd-state-XXXXXX", &error);
    g_assert_no_error(error);
    /* On no bus: exporting works, nothing is sent anywhere. */
    h->daemon.object_manager = g_dbus_object_manager_server_new("/org/freedesktop");
    h->daemon.plugins = bondd_plugins_new();
    fake_settings_register(h->daemon.plugins);
    bondd_plugins_add_device_factory(h->daemon.plugins, fake_plugin_get_factory(), "fake", &error);
    g_assert_no_error(error);
    h->daemon.settings = bondd_settings_new(&h->daemon);
}

/* As the daemon at SIGTERM: links stay as they are. */
static void
daemon_fini(Harness *h)
{
    if (h->manager) {
        bondd_manager_stop(h->manager);
        h->daemon.manager = NULL;
        g_clear_object(&h->manager);
    } else if (h->started) {
        if (h->policy)
            bondd_policy_stop(h->policy);
        bondd_activation_engine_stop(h->engine);
        bondd_link_cache_stop(h->cache);
        g_signal_handlers_disconnect_by_data(h->devices, h);
        g_clear_object(&h->policy);
        g_clear_object(&h->engine);
        g_clear_pointer(&h->software, bondd_software_devices_free);
        g_clear_object(&h->devices);
    }
    h->started = FALSE;
    g_clear_object(&h->cache);
    g_clear_object(&h->daemon.settings);
    g_clear_object(&h->daemon.object_manager);
    g_clear_pointer(&h->daemon.plugins, bondd_plugins_free);
    if (h->daemon.config) {
        g_autofree char *state = g_build_filename(h->daemon.config->state_dir, "bondd.state", NULL);

        g_unlink(state);
        g_rmdir(h->daemon.config->state_dir);
    }
    g_clear_pointer(&h->daemon.config, bondd_config_free);
}

/* Whatever the core left to run from the main loop runs now, with its
 * objects gone: under AddressSanitizer a stale callback shows here. */
static void
drain(void)
{
    for (guint i = 0; i < 1000 && g_main_context_iteration(NULL, FALSE); i++)
        ;
}

Harness *
harness_new(const HarnessOptions *options)
{
    static const char *const default_plugins[] = {"mem", NULL};
    Harness *h = g_new0(Harness, 1);

    if (options)
        h->options = *options;
    if (!h->options.settings_plugins)
        h->options.settings_plugins = default_plugins;
    h->events = g_ptr_array_new_with_free_func(event_free);
    h->ac_ifaces = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, g_free);
    hooks_add(h);
    h->kernel = fake_kernel_new();
    h->plugin = fake_plugin_new(h->kernel);
    h->store = fake_settings_new();
    daemon_init(h);
    return h;
}

void
harness_start(Harness *h)
{
    g_autoptr(GError) error = NULL;

    g_assert_false(h->started);
    bondd_settings_start(h->daemon.settings, &error);
    g_assert_no_error(error);
    h->cache = bondd_link_cache_new(fake_kernel_new_transport(h->kernel));
    if (h->options.full_manager) {
        h->manager = bondd_manager_new(&h->daemon, h->cache);
        h->daemon.manager = h->manager;
        bondd_manager_start(h->manager, &error);
        g_assert_no_error(error);
    } else {
        h->devices = bondd_device_manager_new(&h->daemon, h->cache);
        h->software = bondd_software_devices_new(h->daemon.plugins, h->cache, h->devices);
        h->engine = bondd_activation_engine_new(&h->daemon, h->cache, h->devices, h->software);
        if (h->options.policy)
            h->policy = bondd_policy_new(&h->daemon, h->cache, h->devices, h->software, h->engine);
        h->actions.engine = h->engine;
        h->actions.software = h->software;
        g_signal_connect(h->devices, "device-added", G_CALLBACK(bind_actions_cb), h);
        bondd_link_cache_start(h->cache, &error);
        g_assert_no_error(error);
        if (h->policy)
            bondd_policy_start(h->policy);
    }
    bondd_settings_export_profiles(h->daemon.settings);
    h->started = TRUE;
}

void
harness_restart(Harness *h)
{
    daemon_fini(h);
    drain();
    daemon_init(h);
    harness_start(h);
}

void
harness_free(Harness *h)
{
    if (!h)
        return;
    daemon_fini(h);
    drain();
    hooks_remove(h);
    g_hash_table_unref(h->ac_ifaces);
    fake_plugin_free(h->plugin);
    fake_settings_free(h->store);
    fake_kernel_unref(h->kernel);
    g_ptr_array_unref(h->events);
    g_free(h);
}

/* ---- profiles ------------------------------------------------------------------------- */

static NMConnection *
profile_base(const char *id, const char *type, const char *ifname, gboolean autoconnect)
{
    NMConnection *c = nm_simple_connection_new();
    NMSetting *s = nm_setting_connection_new();
    g_autofree char *uuid = nm_utils_uuid_generate();

    g_object_set(s, NM_SETTING_CONNECTION_ID, id, NM_SETTING_CONNECTION_UUID, uuid,
                 NM_SETTING_CONNECTION_TYPE, type, NM_SETTING_CONNECTION_INTERFACE_NAME, ifname,
                 NM_SETTING_CONNECTION_AUTOCONNECT, autoconnect, NULL);
    nm_connection_add_setting(c, s);
    return c;
}

/* "192.0.2.1/24" or "192.0.2.1/24 192.0.2.254" (with a gateway). */
static void
profile_add_ip(NMConnection *c, const char *ip4)
{
    NMSetting *s4 = nm_setting_ip4_config_new();
    NMSetting *s6 = nm_setting_ip6_config_new();

    if (ip4) {
        g_auto(GStrv) words = g_strsplit(ip4, " ", 2);
        g_auto(GStrv) parts = g_strsplit(words[0], "/", 2);
        g_autoptr(GError) error = NULL;
        NMIPAddress *addr = nm_ip_address_new(AF_INET, parts[0], atoi(parts[1]), &error);

        g_assert_no_error(error);
        g_object_set(s4, NM_SETTING_IP_CONFIG_METHOD, NM_SETTING_IP4_CONFIG_METHOD_MANUAL, NULL);
        nm_setting_ip_config_add_address(NM_SETTING_IP_CONFIG(s4), addr);
        nm_ip_address_unref(addr);
        if (words[1])
            g_object_set(s4, NM_SETTING_IP_CONFIG_GATEWAY, words[1], NULL);
    } else {
        g_object_set(s4, NM_SETTING_IP_CONFIG_METHOD, NM_SETTING_IP4_CONFIG_METHOD_DISABLED, NULL);
    }
    g_object_set(s6, NM_SETTING_IP_CONFIG_METHOD, NM_SETTING_IP6_CONFIG_METHOD_DISABLED, NULL);
    nm_connection_add_setting(c, s4);
    nm_connection_add_setting(c, s6);
}

static NMConnection *
profile_finish(NMConnection *c)
{
    g_autoptr(GError) error = NULL;

    nm_connection_normalize(c, NULL, NULL, &error);
    g_assert_no_error(error);
    return c;
}

NMConnection *
profile_ethernet(const char *id, const char *ifname, const char *ip4, gboolean autoconnect)
{
    NMConnection *c = profile_base(id, NM_SETTING_WIRED_SETTING_NAME, ifname, autoconnect);

    profile_add_ip(c, ip4);
    return profile_finish(c);
}

NMConnection *
profile_bond(const char *id, const char *ifname, const char *mode, const char *miimon,
             const char *ip4, gboolean autoconnect)
{
    NMConnection *c = profile_base(id, NM_SETTING_BOND_SETTING_NAME, ifname, autoconnect);
    NMSettingBond *s_bond = NM_SETTING_BOND(nm_setting_bond_new());

    nm_setting_bond_add_option(s_bond, NM_SETTING_BOND_OPTION_MODE, mode);
    if (miimon)
        nm_setting_bond_add_option(s_bond, NM_SETTING_BOND_OPTION_MIIMON, miimon);
    nm_connection_add_setting(c, NM_SETTING(s_bond));
    profile_add_ip(c, ip4);
    return profile_finish(c);
}

NMConnection *
profile_port(const char *id, const char *ifname, const char *master, gboolean autoconnect)
{
    NMConnection *c = profile_base(id, NM_SETTING_WIRED_SETTING_NAME, ifname, autoconnect);

    g_object_set(nm_connection_get_setting_connection(c), NM_SETTING_CONNECTION_MASTER, master,
                 NM_SETTING_CONNECTION_SLAVE_TYPE, NM_SETTING_BOND_SETTING_NAME, NULL);
    return profile_finish(c);
}

NMConnection *
profile_vlan(const char *id, const char *ifname, const char *parent, guint id_, const char *ip4,
             gboolean autoconnect)
{
    NMConnection *c = profile_base(id, NM_SETTING_VLAN_SETTING_NAME, ifname, autoconnect);
    NMSetting *s_vlan = nm_setting_vlan_new();

    g_object_set(s_vlan, NM_SETTING_VLAN_PARENT, parent, NM_SETTING_VLAN_ID, id_, NULL);
    nm_connection_add_setting(c, s_vlan);
    profile_add_ip(c, ip4);
    return profile_finish(c);
}

void
profile_set_autoconnect_ports(NMConnection *connection, gboolean yes)
{
    g_object_set(nm_connection_get_setting_connection(connection),
                 NM_SETTING_CONNECTION_AUTOCONNECT_SLAVES,
                 yes ? NM_SETTING_CONNECTION_AUTOCONNECT_SLAVES_YES
                     : NM_SETTING_CONNECTION_AUTOCONNECT_SLAVES_NO,
                 NULL);
}

BonddProfile *
harness_add_profile(Harness *h, const char *plugin, NMConnection *connection)
{
    g_autoptr(GError) error = NULL;

    fake_settings_put(h->store, plugin, connection);
    if (!h->started)
        return NULL;
    bondd_settings_reload(h->daemon.settings, &error);
    g_assert_no_error(error);
    return bondd_settings_find_by_uuid(h->daemon.settings, nm_connection_get_uuid(connection));
}

BonddProfile *
harness_profile(Harness *h, const char *id)
{
    GPtrArray *profiles = bondd_settings_get_profiles(h->daemon.settings);

    for (guint i = 0; i < profiles->len; i++) {
        if (g_strcmp0(bondd_profile_get_id(profiles->pdata[i]), id) == 0)
            return profiles->pdata[i];
    }
    g_error("no profile '%s'", id);
}

/* ---- devices and active connections ------------------------------------------------ */

BonddNmDevice *
harness_device(Harness *h, const char *ifname)
{
    g_assert_nonnull(h->devices);
    return bondd_device_manager_find(h->devices, ifname);
}

BonddActiveConnection *
harness_ac(Harness *h, const char *ifname)
{
    BonddNmDevice *device = harness_device(h, ifname);

    return device ? bondd_activation_engine_get_device_active(h->engine, device) : NULL;
}

BonddActiveConnection *
harness_activate(Harness *h, BonddProfile *profile, BonddActivationOrigin origin)
{
    g_autoptr(GError) error = NULL;
    BonddActiveConnection *ac =
        bondd_activation_engine_activate(h->engine, profile, NULL, origin, &error);

    g_assert_no_error(error);
    g_assert_nonnull(ac);
    return g_object_ref(ac);
}

/* The Device interface exported for @ifname (a realized one first), or
 * NULL (a reference). */
static NMDBusDevice *
dbus_device(Harness *h, const char *ifname)
{
    g_autolist(GDBusObject) objects = NULL;
    NMDBusDevice *found = NULL;

    if (h->devices) {
        BonddNmDevice *device = harness_device(h, ifname);

        return device ? exported_device(h, bondd_nm_device_get_path(device)) : NULL;
    }
    objects = g_dbus_object_manager_get_objects(G_DBUS_OBJECT_MANAGER(h->daemon.object_manager));
    for (GList *l = objects; l; l = l->next) {
        g_autoptr(NMDBusDevice) dev =
            NMDBUS_IS_OBJECT(l->data) ? nmdbus_object_get_device(NMDBUS_OBJECT(l->data)) : NULL;

        if (!dev || g_strcmp0(nmdbus_device_get_interface(dev), ifname) != 0)
            continue;
        if (!found || nmdbus_device_get_real(dev)) {
            g_clear_object(&found);
            found = g_steal_pointer(&dev);
        }
    }
    return found;
}

NMDeviceState
harness_device_state(Harness *h, const char *ifname)
{
    g_autoptr(NMDBusDevice) skel = dbus_device(h, ifname);

    if (h->devices) {
        BonddNmDevice *device = harness_device(h, ifname);

        if (!device)
            return NM_DEVICE_STATE_UNKNOWN;
        /* What clients read is what the core holds. */
        g_assert_nonnull(skel);
        g_assert_cmpuint(nmdbus_device_get_state(skel), ==, bondd_nm_device_get_state(device));
        return bondd_nm_device_get_state(device);
    }
    return skel ? nmdbus_device_get_state(skel) : NM_DEVICE_STATE_UNKNOWN;
}

NMDeviceStateReason
harness_device_reason(Harness *h, const char *ifname)
{
    g_autoptr(NMDBusDevice) skel = dbus_device(h, ifname);
    GVariant *reason = skel ? nmdbus_device_get_state_reason(skel) : NULL;
    guint32 state = 0, why = 0;

    g_assert_nonnull(reason);
    g_variant_get(reason, "(uu)", &state, &why);
    g_assert_cmpuint(state, ==, nmdbus_device_get_state(skel));
    return why;
}

NMActiveConnectionStateReason
harness_ac_reason(Harness *h, BonddActiveConnection *ac)
{
    const char *path = bondd_active_connection_get_path(ac);

    for (guint i = h->events->len; i > 0; i--) {
        HarnessEvent *e = h->events->pdata[i - 1];

        if (e->is_ac && g_strcmp0(e->path, path) == 0)
            return e->reason;
    }
    return NM_ACTIVE_CONNECTION_STATE_REASON_NONE;
}

NMActiveConnectionState
harness_ac_dbus_state(Harness *h, const char *path)
{
    g_autoptr(GDBusObject) object =
        g_dbus_object_manager_get_object(G_DBUS_OBJECT_MANAGER(h->daemon.object_manager), path);
    g_autoptr(NMDBusActiveConnection) ac = NULL;

    g_assert_nonnull(object);
    ac = nmdbus_object_get_active_connection(NMDBUS_OBJECT(object));
    g_assert_nonnull(ac);
    return nmdbus_active_connection_get_state(ac);
}

/* ---- the main loop ---------------------------------------------------------------------- */

void
harness_run_for(Harness *h, guint ms)
{
    gint64 end = g_get_monotonic_time() + (gint64)ms * 1000;

    while (g_get_monotonic_time() < end) {
        if (!g_main_context_iteration(NULL, FALSE))
            g_usleep(500);
    }
}

void
harness_flush(Harness *h)
{
    for (guint i = 0; i < 10000 && g_main_context_iteration(NULL, FALSE); i++)
        ;
}
