/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The activation engine (src/core/activation.c) over the fake kernel and
 * the fake device plugin: failures in each stage and the reasons they
 * leave, deactivation in each stage, re-activation.
 */
#include "config.h"

#include "activation-world.h"

#include <errno.h>
#include <string.h>
#include <linux/if.h>
#include <linux/rtnetlink.h>

#include "errors.h"

/* ---- failures ------------------------------------------------------------------------------ */

static void
assert_failed(Harness *h, const char *ifname, NMDeviceStateReason reason, guint since)
{
    const HarnessEvent *e = harness_find_device_event(h, ifname, NM_DEVICE_STATE_FAILED, since);

    if (!e) {
        g_autofree char *events = harness_dump_events(h, since);

        g_error("%s never went FAILED: %s", ifname, events);
    }
    g_assert_cmpuint(e->reason, ==, reason);
}

/* realize fails: FAILED with CONFIG_FAILED, the AC DEVICE_DISCONNECTED,
 * and the device that never got a link goes away. */
static void
test_fail_realize(void)
{
    g_autoptr(Harness) h = bond_world(TRUE, FALSE, FALSE);
    g_autoptr(BonddActiveConnection) ac = NULL;
    g_autoptr(GPtrArray) warnings = NULL;
    guint mark = harness_mark(h);

    fake_plugin_fail_realize(h->plugin, "tbond0");
    ac = harness_activate(h, harness_profile(h, "bond"), BONDD_ACTIVATION_USER);
    harness_wait(h, ac_ended(ac));
    assert_failed(h, "tbond0", NM_DEVICE_STATE_REASON_CONFIG_FAILED, mark);
    g_assert_cmpuint(harness_ac_reason(h, ac), ==,
                     NM_ACTIVE_CONNECTION_STATE_REASON_DEVICE_DISCONNECTED);
    harness_flush(h);
    assert_no_link(h, "tbond0");
    g_assert_null(harness_device(h, "tbond0"));
    g_assert_null(harness_ac(h, "tport1"));
    warnings = harness_take_warnings();
    g_assert_cmpuint(warnings->len, >, 0);
}

/* attach fails (in the plugin, then in the kernel): the port FAILED with
 * CONFIG_FAILED; the controller stays up. */
static void
test_fail_attach(void)
{
    g_autoptr(Harness) h = bond_world(TRUE, FALSE, FALSE);
    g_autoptr(BonddActiveConnection) bond = NULL;
    g_autoptr(BonddActiveConnection) port = NULL;
    const HarnessEvent *e;
    guint mark = harness_mark(h);

    fake_plugin_fail_attach(h->plugin, "tport1");
    bond = harness_activate(h, harness_profile(h, "bond"), BONDD_ACTIVATION_USER);
    harness_wait_ac(h, bond, AC_ACTIVATED);
    harness_wait(h, harness_find_device_event(h, "tport1", NM_DEVICE_STATE_FAILED, mark));
    assert_failed(h, "tport1", NM_DEVICE_STATE_REASON_CONFIG_FAILED, mark);
    e = harness_find_ac_event(h, "tport1", AC_DEACTIVATED, mark);
    g_assert_nonnull(e);
    g_assert_cmpuint(e->reason, ==, NM_ACTIVE_CONNECTION_STATE_REASON_DEVICE_DISCONNECTED);
    g_assert_null(fake_kernel_get_master(h->kernel, "tport1"));
    harness_flush(h);
    g_assert_cmpuint(bondd_active_connection_get_state(bond), ==, AC_ACTIVATED);
    g_assert_cmpuint(bondd_active_connection_get_state_flags(bond) & FLAG_HAS_SLAVES, ==, 0);
    /* The port's device rests, still there. */
    g_assert_cmpuint(harness_device_state(h, "tport1"), ==, NM_DEVICE_STATE_DISCONNECTED);

    /* The kernel refuses IFLA_MASTER. */
    fake_plugin_fail_attach(h->plugin, NULL);
    fake_kernel_fail_next(h->kernel, RTM_NEWLINK, "tport1", EBUSY);
    mark = harness_mark(h);
    port = harness_activate(h, harness_profile(h, "port1"), BONDD_ACTIVATION_USER);
    harness_wait(h, ac_ended(port));
    assert_failed(h, "tport1", NM_DEVICE_STATE_REASON_CONFIG_FAILED, mark);
    g_assert_null(fake_kernel_get_master(h->kernel, "tport1"));
    g_assert_cmpuint(bondd_active_connection_get_state(bond), ==, AC_ACTIVATED);
    g_ptr_array_unref(harness_take_warnings());
}

/* The kernel refuses the address: IP_CONFIG_UNAVAILABLE on the device,
 * IP_CONFIG_INVALID on the AC, nothing left behind. */
static void
test_fail_ip_config(void)
{
    g_autoptr(Harness) h = bond_world(FALSE, FALSE, FALSE);
    g_autoptr(NMConnection) plain =
        profile_ethernet("plain", "tport3", "192.0.2.30/24 192.0.2.254", FALSE);
    g_autoptr(BonddActiveConnection) ac = NULL;
    g_autoptr(BonddActiveConnection) eth = NULL;
    guint mark = harness_mark(h);

    fake_kernel_fail_next(h->kernel, RTM_NEWADDR, "tbond0", EADDRNOTAVAIL);
    ac = harness_activate(h, harness_profile(h, "bond"), BONDD_ACTIVATION_USER);
    harness_wait(h, ac_ended(ac));
    assert_failed(h, "tbond0", NM_DEVICE_STATE_REASON_IP_CONFIG_UNAVAILABLE, mark);
    g_assert_cmpuint(harness_ac_reason(h, ac), ==,
                     NM_ACTIVE_CONNECTION_STATE_REASON_IP_CONFIG_INVALID);
    assert_no_link(h, "tbond0");

    /* On a NIC the route is refused: its link stays, without the address
     * that was added. */
    fake_kernel_add_ethernet(h->kernel, "tport3", TRUE);
    harness_add_profile(h, "mem", plain);
    harness_flush(h);
    fake_kernel_fail_next(h->kernel, RTM_NEWROUTE, NULL, ENETUNREACH);
    mark = harness_mark(h);
    eth = harness_activate(h, harness_profile(h, "plain"), BONDD_ACTIVATION_USER);
    harness_wait(h, ac_ended(eth));
    assert_failed(h, "tport3", NM_DEVICE_STATE_REASON_IP_CONFIG_UNAVAILABLE, mark);
    g_assert_cmpuint(harness_ac_reason(h, eth), ==,
                     NM_ACTIVE_CONNECTION_STATE_REASON_IP_CONFIG_INVALID);
    assert_no_addresses(h, "tport3");
    g_ptr_array_unref(harness_take_warnings());
}

/* A parent that does not exist: refused at once (DependencyFailed), and no
 * device object is left for the child. */
static void
test_fail_missing_parent(void)
{
    g_autoptr(Harness) h = harness_new(NULL);
    g_autoptr(NMConnection) vlan = profile_vlan("vlan", "tvlan10", "tnothere", 10, NULL, FALSE);
    g_autoptr(GError) error = NULL;
    BonddActiveConnection *ac;

    harness_add_profile(h, "mem", vlan);
    harness_start(h);
    ac = bondd_activation_engine_activate(h->engine, harness_profile(h, "vlan"), NULL,
                                          BONDD_ACTIVATION_USER, &error);
    g_assert_null(ac);
    g_assert_error(error, BONDD_MANAGER_ERROR, BONDD_MANAGER_ERROR_DEPENDENCY_FAILED);
    g_assert_nonnull(strstr(error->message, "tnothere"));
    harness_flush(h);
    g_assert_cmpuint(bondd_activation_engine_get_active_connections(h->engine)->len, ==, 0);
    g_assert_null(harness_device(h, "tvlan10"));
}

/* A parent whose activation fails takes the waiting child with it:
 * DEPENDENCY_FAILED. */
static void
test_fail_parent(void)
{
    g_autoptr(Harness) h = harness_new(NULL);
    g_autoptr(NMConnection) bond =
        profile_bond("bond", "tbond0", "active-backup", NULL, NULL, FALSE);
    g_autoptr(NMConnection) vlan = profile_vlan("vlan", "tvlan10", "tbond0", 10, NULL, FALSE);
    g_autoptr(BonddActiveConnection) child = NULL;
    guint mark;

    harness_add_profile(h, "mem", bond);
    harness_add_profile(h, "mem", vlan);
    harness_start(h);
    fake_plugin_fail_realize(h->plugin, "tbond0");
    mark = harness_mark(h);
    child = harness_activate(h, harness_profile(h, "vlan"), BONDD_ACTIVATION_USER);
    harness_wait(h, ac_ended(child));
    g_assert_cmpuint(harness_ac_reason(h, child), ==,
                     NM_ACTIVE_CONNECTION_STATE_REASON_DEPENDENCY_FAILED);
    g_assert_nonnull(harness_find_device_event(h, "tvlan10", NM_DEVICE_STATE_DISCONNECTED, mark));
    g_assert_cmpuint(
        harness_find_device_event(h, "tvlan10", NM_DEVICE_STATE_DISCONNECTED, mark)->reason, ==,
        NM_DEVICE_STATE_REASON_DEPENDENCY_FAILED);
    g_assert_cmpint(fake_plugin_log_find(h->plugin, "create vlan", 0), ==, -1);
    harness_flush(h);
    g_assert_null(harness_device(h, "tvlan10"));
    g_ptr_array_unref(harness_take_warnings());
}

/* A controller that fails takes its ports down: DEPENDENCY_FAILED, released
 * before the controller's link is deleted. */
static void
test_fail_controller(void)
{
    g_autoptr(Harness) h = bond_world(TRUE, TRUE, FALSE);
    g_autoptr(BonddActiveConnection) bond = NULL;
    const HarnessEvent *e;
    guint mark = harness_mark(h);

    fake_kernel_fail_next(h->kernel, RTM_NEWADDR, "tbond0", EACCES);
    bond = harness_activate(h, harness_profile(h, "bond"), BONDD_ACTIVATION_USER);
    harness_wait(h, ac_ended(bond));
    g_assert_cmpint(fake_plugin_log_find(h->plugin, "attach tbond0 tport1", 0), >=, 0);
    for (guint i = 0; i < 2; i++) {
        const char *port = i ? "tport2" : "tport1";

        e = harness_find_ac_event(h, port, AC_DEACTIVATED, mark);
        g_assert_nonnull(e);
        g_assert_cmpuint(e->reason, ==, NM_ACTIVE_CONNECTION_STATE_REASON_DEPENDENCY_FAILED);
        e = harness_find_device_event(h, port, NM_DEVICE_STATE_DEACTIVATING, mark);
        g_assert_nonnull(e);
        g_assert_cmpuint(e->reason, ==, NM_DEVICE_STATE_REASON_DEPENDENCY_FAILED);
        g_assert_null(fake_kernel_get_master(h->kernel, port));
    }
    g_assert_cmpint(fake_plugin_log_find(h->plugin, "release tbond0 tport1", 0), <,
                    fake_plugin_log_find(h->plugin, "unrealize tbond0", 0));
    assert_no_link(h, "tbond0");
    g_ptr_array_unref(harness_take_warnings());
}

/* ---- deactivation in each stage -------------------------------------------------------------- */

/* PREPARE: the port waits for its controller, which is taken down. */
static void
test_deactivate_prepare(void)
{
    g_autoptr(Harness) h = bond_world(FALSE, FALSE, FALSE);
    g_autoptr(BonddActiveConnection) port = NULL;
    g_autoptr(BonddActiveConnection) bond = NULL;
    guint mark;

    port = harness_activate(h, harness_profile(h, "port1"), BONDD_ACTIVATION_USER);
    bond = g_object_ref(
        bondd_activation_engine_get_profile_active(h->engine, harness_profile(h, "bond")));
    g_assert_cmpuint(harness_device_state(h, "tport1"), ==, NM_DEVICE_STATE_PREPARE);

    bondd_activation_engine_deactivate(h->engine, bond,
                                       NM_ACTIVE_CONNECTION_STATE_REASON_USER_DISCONNECTED);
    g_assert_true(ac_ended(bond));
    g_assert_true(ac_ended(port));
    g_assert_cmpuint(harness_ac_reason(h, bond), ==,
                     NM_ACTIVE_CONNECTION_STATE_REASON_USER_DISCONNECTED);
    g_assert_cmpuint(harness_ac_reason(h, port), ==,
                     NM_ACTIVE_CONNECTION_STATE_REASON_DEPENDENCY_FAILED);

    mark = harness_mark(h);
    harness_run_for(h, 100);
    g_assert_cmpuint(harness_count_events(h, mark), ==, 0);
    g_assert_cmpuint(fake_plugin_log_count(h->plugin, "realize"), ==, 0);
    assert_no_link(h, "tbond0");
    g_assert_null(fake_kernel_get_master(h->kernel, "tport1"));
    g_assert_null(harness_device(h, "tbond0"));
    g_assert_cmpuint(harness_device_state(h, "tport1"), ==, NM_DEVICE_STATE_DISCONNECTED);
}

/* PREPARE: the waiting port alone is taken down; its controller goes on
 * and does not bring it back (a user took it down). */
static void
test_deactivate_waiting_port(void)
{
    g_autoptr(Harness) h = bond_world(TRUE, FALSE, FALSE);
    g_autoptr(BonddActiveConnection) port = NULL;
    g_autoptr(BonddActiveConnection) bond = NULL;

    port = harness_activate(h, harness_profile(h, "port1"), BONDD_ACTIVATION_USER);
    bond = g_object_ref(
        bondd_activation_engine_get_profile_active(h->engine, harness_profile(h, "bond")));
    bondd_activation_engine_deactivate(h->engine, port,
                                       NM_ACTIVE_CONNECTION_STATE_REASON_USER_DISCONNECTED);
    g_assert_true(ac_ended(port));
    harness_wait_ac(h, bond, AC_ACTIVATED);
    harness_run_for(h, 50);
    g_assert_null(harness_ac(h, "tport1"));
    g_assert_cmpuint(fake_plugin_log_count(h->plugin, "attach"), ==, 0);
    g_assert_null(fake_kernel_get_master(h->kernel, "tport1"));
}

typedef struct {
    Harness *h;
    guint state;
    BonddActiveConnection *ac;
    gulong handler;
    gboolean done;
} DeactivateOnState;

static void
deactivate_on_state_cb(NMDBusDevice *skel, guint new_state, guint old_state, guint reason,
                       gpointer user_data)
{
    DeactivateOnState *d = user_data;

    if (d->done || new_state != d->state)
        return;
    d->done = TRUE;
    bondd_activation_engine_deactivate(d->h->engine, d->ac,
                                       NM_ACTIVE_CONNECTION_STATE_REASON_USER_DISCONNECTED);
}

/* CONFIG: deactivated from a StateChanged(CONFIG) handler, that is while the
 * engine is inside the stage (as any in-process listener of the signal
 * could). */
static void
test_deactivate_config(void)
{
    g_autoptr(Harness) h = bond_world(FALSE, FALSE, FALSE);
    g_autoptr(BonddActiveConnection) ac = NULL;
    g_autoptr(GDBusObject) object = NULL;
    NMDBusDevice *skel;
    DeactivateOnState d = {.h = h, .state = NM_DEVICE_STATE_CONFIG};

    ac = harness_activate(h, harness_profile(h, "bond"), BONDD_ACTIVATION_USER);
    d.ac = ac;
    object =
        g_dbus_object_manager_get_object(G_DBUS_OBJECT_MANAGER(h->daemon.object_manager),
                                         bondd_nm_device_get_path(harness_device(h, "tbond0")));
    skel = nmdbus_object_peek_device(NMDBUS_OBJECT(object));
    d.handler = g_signal_connect(skel, "state-changed", G_CALLBACK(deactivate_on_state_cb), &d);
    harness_wait(h, ac_ended(ac));
    g_signal_handler_disconnect(skel, d.handler);
    harness_run_for(h, 50);
    g_assert_true(d.done);
    g_assert_cmpuint(harness_ac_reason(h, ac), ==,
                     NM_ACTIVE_CONNECTION_STATE_REASON_USER_DISCONNECTED);
    assert_no_link(h, "tbond0");
}

static void
deactivate_port_hook(const char *call, const char *ifname, const char *port_ifname,
                     gpointer user_data)
{
    Harness *h = user_data;

    if (g_strcmp0(call, "attach") == 0 && harness_ac(h, port_ifname))
        bondd_activation_engine_deactivate(h->engine, harness_ac(h, port_ifname),
                                           NM_ACTIVE_CONNECTION_STATE_REASON_USER_DISCONNECTED);
}

/* CONFIG: the port deactivated while the plugin attaches it. */
static void
test_deactivate_config_attach(void)
{
    g_autoptr(Harness) h = bond_world(FALSE, FALSE, FALSE);
    g_autoptr(BonddActiveConnection) port = NULL;

    fake_plugin_set_hook(h->plugin, deactivate_port_hook, h);
    port = harness_activate(h, harness_profile(h, "port1"), BONDD_ACTIVATION_USER);
    harness_wait(h, ac_ended(port));
    fake_plugin_set_hook(h->plugin, NULL, NULL);
    harness_run_for(h, 50);
    g_assert_null(fake_kernel_get_master(h->kernel, "tport1"));
}

/* IP_CONFIG while the provider's "ready" is pending: nothing fires later,
 * nothing is left in the kernel. */
static void
test_deactivate_ip_config(void)
{
    g_autoptr(Harness) h = bond_world(TRUE, FALSE, FALSE);
    g_autoptr(NMConnection) plain = profile_ethernet("plain", "tport3", "192.0.2.30/24", FALSE);
    g_autoptr(BonddActiveConnection) bond = NULL;
    g_autoptr(BonddActiveConnection) eth = NULL;
    guint mark;

    bond = harness_activate(h, harness_profile(h, "bond"), BONDD_ACTIVATION_USER);
    harness_wait_device(h, "tbond0", NM_DEVICE_STATE_IP_CONFIG);
    g_assert_cmpuint(fake_kernel_count_requests(h->kernel, RTM_NEWADDR), ==, 1);
    bondd_activation_engine_deactivate(h->engine, bond,
                                       NM_ACTIVE_CONNECTION_STATE_REASON_USER_DISCONNECTED);
    g_assert_true(ac_ended(bond));
    mark = harness_mark(h);
    harness_run_for(h, 100);
    g_assert_cmpuint(harness_count_events(h, mark), ==, 0);
    assert_no_link(h, "tbond0");
    g_assert_null(fake_kernel_get_master(h->kernel, "tport1"));

    /* A NIC keeps its link: the address that was added goes. */
    fake_kernel_add_ethernet(h->kernel, "tport3", TRUE);
    harness_add_profile(h, "mem", plain);
    harness_flush(h);
    eth = harness_activate(h, harness_profile(h, "plain"), BONDD_ACTIVATION_USER);
    harness_wait_device(h, "tport3", NM_DEVICE_STATE_IP_CONFIG);
    bondd_activation_engine_deactivate(h->engine, eth,
                                       NM_ACTIVE_CONNECTION_STATE_REASON_USER_DISCONNECTED);
    mark = harness_mark(h);
    harness_run_for(h, 100);
    g_assert_cmpuint(harness_count_events(h, mark), ==, 0);
    assert_no_addresses(h, "tport3");
    g_assert_cmpuint(harness_device_state(h, "tport3"), ==, NM_DEVICE_STATE_DISCONNECTED);
}

/* ---- re-activation ----------------------------------------------------------------------------
 */

/* A newer activation of the same profile ends the one in flight. */
static void
test_newer_activation(void)
{
    g_autoptr(Harness) h = bond_world(FALSE, FALSE, FALSE);
    g_autoptr(BonddActiveConnection) first = NULL;
    g_autoptr(BonddActiveConnection) second = NULL;
    g_autoptr(BonddActiveConnection) third = NULL;
    int ifindex;

    first = harness_activate(h, harness_profile(h, "bond"), BONDD_ACTIVATION_USER);
    second = harness_activate(h, harness_profile(h, "bond"), BONDD_ACTIVATION_USER);
    g_assert_true(ac_ended(first));
    g_assert_cmpuint(harness_ac_reason(h, first), ==,
                     NM_ACTIVE_CONNECTION_STATE_REASON_DEVICE_DISCONNECTED);
    harness_wait_ac(h, second, AC_ACTIVATED);
    g_assert_cmpuint(fake_plugin_log_count(h->plugin, "realize"), ==, 1);
    ifindex = fake_kernel_get_ifindex(h->kernel, "tbond0");

    /* While the first waits for its IP: the link stays and is adopted. */
    bondd_activation_engine_deactivate(h->engine, second,
                                       NM_ACTIVE_CONNECTION_STATE_REASON_USER_DISCONNECTED);
    harness_flush(h);
    assert_no_link(h, "tbond0");
    g_clear_object(&first);
    fake_plugin_clear_log(h->plugin);
    first = harness_activate(h, harness_profile(h, "bond"), BONDD_ACTIVATION_USER);
    harness_wait_device(h, "tbond0", NM_DEVICE_STATE_IP_CONFIG);
    ifindex = fake_kernel_get_ifindex(h->kernel, "tbond0");
    third = harness_activate(h, harness_profile(h, "bond"), BONDD_ACTIVATION_USER);
    g_assert_true(ac_ended(first));
    harness_wait_ac(h, third, AC_ACTIVATED);
    g_assert_cmpuint(fake_plugin_log_count(h->plugin, "unrealize"), ==, 0);
    g_assert_cmpuint(fake_plugin_log_count(h->plugin, "realize tbond0 adopted"), ==, 1);
    g_assert_cmpint(fake_kernel_get_ifindex(h->kernel, "tbond0"), ==, ifindex);
    harness_run_for(h, 50);
    g_assert_cmpuint(bondd_active_connection_get_state(third), ==, AC_ACTIVATED);
}

static gboolean
settled(BonddActiveConnection *ac)
{
    NMActiveConnectionState state = bondd_active_connection_get_state(ac);

    return state == AC_ACTIVATED || state == AC_DEACTIVATED;
}

/* Activating again right after deactivating (before the main loop ran:
 * two D-Bus calls read together are dispatched before idle callbacks). */
static void
test_reactivate_after_deactivate(void)
{
    g_autoptr(Harness) h = bond_world(FALSE, FALSE, FALSE);
    g_autoptr(BonddActiveConnection) first = NULL;
    g_autoptr(BonddActiveConnection) again = NULL;

    first = harness_activate(h, harness_profile(h, "bond"), BONDD_ACTIVATION_USER);
    harness_wait_ac(h, first, AC_ACTIVATED);
    bondd_activation_engine_deactivate(h->engine, first,
                                       NM_ACTIVE_CONNECTION_STATE_REASON_USER_DISCONNECTED);
    again = harness_activate(h, harness_profile(h, "bond"), BONDD_ACTIVATION_USER);
    harness_wait(h, settled(again));
    if (bondd_active_connection_get_state(again) != AC_ACTIVATED) {
        g_autofree char *events = harness_dump_events(h, 0);
        g_autofree char *log = fake_plugin_log_to_string(h->plugin);

        g_error("the activation ended with reason %u: %s\nplugin: %s", harness_ac_reason(h, again),
                events, log);
    }
    g_ptr_array_unref(harness_take_warnings());
}

/* Activating again right after a failure (before the failed device's
 * placeholder was dropped) works. */
static void
test_retry_after_failure(void)
{
    g_autoptr(Harness) h = bond_world(FALSE, FALSE, FALSE);
    g_autoptr(BonddActiveConnection) first = NULL;
    g_autoptr(BonddActiveConnection) retry = NULL;

    fake_plugin_fail_realize(h->plugin, "tbond0");
    first = harness_activate(h, harness_profile(h, "bond"), BONDD_ACTIVATION_USER);
    harness_wait(h, ac_ended(first));
    fake_plugin_fail_realize(h->plugin, NULL);
    retry = harness_activate(h, harness_profile(h, "bond"), BONDD_ACTIVATION_USER);
    harness_wait(h, settled(retry));
    if (bondd_active_connection_get_state(retry) != AC_ACTIVATED) {
        g_autofree char *events = harness_dump_events(h, 0);

        g_error("the retry ended with reason %u: %s", harness_ac_reason(h, retry), events);
    }
    g_ptr_array_unref(harness_take_warnings());
}

/* Activating a stacked link again while it has to wait for its parent. */
static void
test_reactivate_waiting_child(void)
{
    g_autoptr(Harness) h = harness_new(NULL);
    g_autoptr(NMConnection) eth = profile_ethernet("eth", "tport1", NULL, FALSE);
    g_autoptr(NMConnection) vlan = profile_vlan("vlan", "tvlan10", "tport1", 10, NULL, FALSE);
    g_autoptr(BonddActiveConnection) first = NULL;
    g_autoptr(BonddActiveConnection) second = NULL;
    g_autoptr(BonddActiveConnection) parent = NULL;

    fake_kernel_add_ethernet(h->kernel, "tport1", TRUE);
    harness_add_profile(h, "mem", eth);
    harness_add_profile(h, "mem", vlan);
    harness_start(h);
    harness_flush(h);
    /* Three requests handled before the main loop runs the engine (as
     * D-Bus calls, dispatched before idle callbacks). */
    first = harness_activate(h, harness_profile(h, "vlan"), BONDD_ACTIVATION_USER);
    second = harness_activate(h, harness_profile(h, "vlan"), BONDD_ACTIVATION_USER);
    parent = harness_activate(h, harness_profile(h, "eth"), BONDD_ACTIVATION_USER);
    harness_wait(h, settled(second));
    if (bondd_active_connection_get_state(second) != AC_ACTIVATED) {
        g_autofree char *events = harness_dump_events(h, 0);

        g_error("the second activation ended with reason %u: %s", harness_ac_reason(h, second),
                events);
    }
    g_assert_cmpstr(fake_kernel_get_parent(h->kernel, "tvlan10"), ==, "tport1");
    g_ptr_array_unref(harness_take_warnings());
}

int
main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    harness_init_logging();

    harness_add_test("/core/activation/fail/realize", test_fail_realize);
    harness_add_test("/core/activation/fail/attach", test_fail_attach);
    harness_add_test("/core/activation/fail/ip-config", test_fail_ip_config);
    harness_add_test("/core/activation/fail/missing-parent", test_fail_missing_parent);
    harness_add_test("/core/activation/fail/parent", test_fail_parent);
    harness_add_test("/core/activation/fail/controller", test_fail_controller);
    harness_add_test("/core/activation/deactivate/prepare", test_deactivate_prepare);
    harness_add_test("/core/activation/deactivate/waiting-port", test_deactivate_waiting_port);
    harness_add_test("/core/activation/deactivate/config", test_deactivate_config);
    harness_add_test("/core/activation/deactivate/config-attach", test_deactivate_config_attach);
    harness_add_test("/core/activation/deactivate/ip-config", test_deactivate_ip_config);
    harness_add_test("/core/activation/reactivate/newer-cancels", test_newer_activation);
    harness_add_test("/core/activation/reactivate/after-deactivate",
                     test_reactivate_after_deactivate);
    harness_add_test("/core/activation/reactivate/retry-after-failure", test_retry_after_failure);
    harness_add_test("/core/activation/reactivate/waiting-child", test_reactivate_waiting_child);
    return g_test_run();
}
