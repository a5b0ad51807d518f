/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * A whole BonddManager (src/core/manager.c) over the fake kernel, seen as
 * clients see it: the objects exported under /org/freedesktop (on no bus).
 * Start-up autoconnect, the root object's derived properties, a stop that
 * leaves the links, and a restart that adopts them.
 */
#include "config.h"

#include "harness.h"

#include <errno.h>
#include <string.h>
#include <linux/rtnetlink.h>

#define ROOT_PATH "/org/freedesktop/NetworkManager"

static NMDBusManager *
root(Harness *h)
{
    g_autoptr(GDBusObject) object = g_dbus_object_manager_get_object(
        G_DBUS_OBJECT_MANAGER(h->daemon.object_manager), ROOT_PATH);

    g_assert_nonnull(object);
    return nmdbus_object_peek_manager(NMDBUS_OBJECT(object));
}

static gboolean
all_activated(Harness *h)
{
    return harness_device_state(h, "tbond0") == NM_DEVICE_STATE_ACTIVATED &&
           harness_device_state(h, "tport1") == NM_DEVICE_STATE_ACTIVATED &&
           harness_device_state(h, "tport2") == NM_DEVICE_STATE_ACTIVATED;
}

static Harness *
autoconnect_world(void)
{
    HarnessOptions options = {.full_manager = TRUE};
    Harness *h = harness_new(&options);
    g_autoptr(NMConnection) bond =
        profile_bond("bond", "tbond0", "active-backup", "100", "192.0.2.1/24 192.0.2.254", TRUE);
    g_autoptr(NMConnection) port1 = profile_port("port1", "tport1", "tbond0", TRUE);
    g_autoptr(NMConnection) port2 = profile_port("port2", "tport2", "tbond0", TRUE);

    fake_kernel_add_ethernet(h->kernel, "tport1", TRUE);
    fake_kernel_add_ethernet(h->kernel, "tport2", TRUE);
    harness_add_profile(h, "mem", bond);
    harness_add_profile(h, "mem", port1);
    harness_add_profile(h, "mem", port2);
    return h;
}

/* At start the autoconnect bond comes up with its ports; the root object
 * shows three active connections, the bond's as primary (it has the
 * default route), and the devices. */
static void
test_start(void)
{
    g_autoptr(Harness) h = autoconnect_world();
    NMDBusManager *manager;
    const char *const *acs;
    g_autoptr(GPtrArray) warnings = NULL;

    harness_start(h);
    manager = root(h);
    g_assert_false(nmdbus_manager_get_startup(manager));
    harness_wait(h, all_activated(h));
    harness_flush(h);

    acs = nmdbus_manager_get_active_connections(manager);
    g_assert_cmpuint(g_strv_length((char **)acs), ==, 3);
    for (guint i = 0; acs[i]; i++)
        g_assert_cmpuint(harness_ac_dbus_state(h, acs[i]), ==,
                         NM_ACTIVE_CONNECTION_STATE_ACTIVATED);
    g_assert_cmpuint(nmdbus_manager_get_state(manager), ==, NM_STATE_CONNECTED_GLOBAL);
    g_assert_cmpstr(nmdbus_manager_get_primary_connection_type(manager), ==, "bond");
    g_assert_true(g_strv_contains(acs, nmdbus_manager_get_primary_connection(manager)));
    /* lo, tport1, tport2, tbond0. */
    g_assert_cmpuint(g_strv_length((char **)nmdbus_manager_get_devices(manager)), ==, 4);
    g_assert_cmpuint(g_strv_length((char **)nmdbus_manager_get_all_devices(manager)), ==, 4);

    g_assert_cmpstr(fake_kernel_get_master(h->kernel, "tport1"), ==, "tbond0");
    g_assert_cmpstr(fake_kernel_get_master(h->kernel, "tport2"), ==, "tbond0");
    g_assert_cmpuint(fake_plugin_log_count(h->plugin, "realize tbond0 created"), ==, 1);
    warnings = harness_take_warnings();
    g_assert_cmpuint(warnings->len, ==, 0);
}

/* A stop leaves the links as they are; the next bondd adopts the bond
 * without taking anything down. */
static void
test_restart_adopts(void)
{
    g_autoptr(Harness) h = autoconnect_world();
    g_auto(GStrv) addrs = NULL;
    int ifindex;

    harness_start(h);
    harness_wait(h, all_activated(h));
    harness_flush(h);
    ifindex = fake_kernel_get_ifindex(h->kernel, "tbond0");

    fake_plugin_clear_log(h->plugin);
    harness_restart(h);
    /* Nothing was undone by the stop. */
    g_assert_cmpint(fake_plugin_log_find(h->plugin, "unrealize", 0), ==, -1);
    g_assert_cmpint(fake_plugin_log_find(h->plugin, "release", 0), ==, -1);
    g_assert_cmpuint(fake_kernel_count_requests(h->kernel, RTM_DELLINK), ==, 0);

    harness_wait(h, all_activated(h));
    harness_flush(h);
    g_assert_cmpuint(fake_plugin_log_count(h->plugin, "realize tbond0 adopted"), ==, 1);
    g_assert_cmpuint(fake_plugin_log_count(h->plugin, "realize tbond0 created"), ==, 0);
    g_assert_cmpint(fake_plugin_log_find(h->plugin, "unrealize", 0), ==, -1);
    g_assert_cmpint(fake_plugin_log_find(h->plugin, "release", 0), ==, -1);
    g_assert_cmpint(fake_kernel_get_ifindex(h->kernel, "tbond0"), ==, ifindex);
    g_assert_cmpstr(fake_kernel_get_master(h->kernel, "tport1"), ==, "tbond0");
    g_assert_cmpstr(fake_kernel_get_master(h->kernel, "tport2"), ==, "tbond0");
    addrs = fake_kernel_get_addresses(h->kernel, "tbond0");
    g_assert_cmpuint(g_strv_length(addrs), ==, 1);
    g_assert_cmpuint(nmdbus_manager_get_state(root(h)), ==, NM_STATE_CONNECTED_GLOBAL);
}

/* netlink that cannot be read fails the start, saying so. */
static void
test_start_fails(void)
{
    HarnessOptions options = {.full_manager = TRUE};
    g_autoptr(Harness) h = harness_new(&options);
    g_autoptr(GError) error = NULL;

    bondd_settings_start(h->daemon.settings, &error);
    g_assert_no_error(error);
    fake_kernel_fail_next(h->kernel, RTM_GETLINK, NULL, EPERM);
    h->cache = bondd_link_cache_new(fake_kernel_new_transport(h->kernel));
    h->manager = bondd_manager_new(&h->daemon, h->cache);
    g_assert_false(bondd_manager_start(h->manager, &error));
    g_assert_error(error, G_IO_ERROR, G_IO_ERROR_PERMISSION_DENIED);
    g_assert_true(g_str_has_prefix(error->message, "netlink: "));
}

int
main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    harness_init_logging();

    harness_add_test("/core/manager/start", test_start);
    harness_add_test("/core/manager/restart-adopts", test_restart_adopts);
    harness_add_test("/core/manager/start-fails", test_start_fails);
    return g_test_run();
}
