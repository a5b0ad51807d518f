/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Stacked and nested kinds in the engine and policy, with the fake kernel
 * and plugin: a vlan profile without interface name runs on PARENT.ID; a
 * stacked profile autoconnects when its parent's link is there, goes with
 * it and comes back with it; a software port (here a vlan in a bond) is
 * made once its controller is up, attached, and deleted when it goes.
 */
#include "config.h"

#include "harness.h"

#define AC_ACTIVATED   NM_ACTIVE_CONNECTION_STATE_ACTIVATED
#define AC_DEACTIVATED NM_ACTIVE_CONNECTION_STATE_DEACTIVATED

static gboolean
link_exists(Harness *h, const char *name)
{
    return fake_kernel_has_link(h->kernel, name);
}

/* "connection add type vlan dev tbond0 id 10": no interface name. */
static void
test_vlan_named_after_parent(void)
{
    g_autoptr(Harness) h = harness_new(NULL);
    g_autoptr(NMConnection) bond =
        profile_bond("bond", "tbond0", "active-backup", NULL, NULL, FALSE);
    g_autoptr(NMConnection) vlan = profile_vlan("vlan", NULL, "tbond0", 10, NULL, FALSE);
    g_autoptr(BonddActiveConnection) ac = NULL;

    harness_add_profile(h, "mem", bond);
    harness_add_profile(h, "mem", vlan);
    harness_start(h);
    g_assert_cmpstr(bondd_profile_get_interface_name(harness_profile(h, "vlan")), ==, "tbond0.10");
    ac = harness_activate(h, harness_profile(h, "vlan"), BONDD_ACTIVATION_USER);
    harness_wait_ac(h, ac, AC_ACTIVATED);
    g_assert_cmpstr(fake_kernel_get_parent(h->kernel, "tbond0.10"), ==, "tbond0");
    g_assert_cmpint(fake_kernel_get_vlan_id(h->kernel, "tbond0.10"), ==, 10);
}

/* A vlan that autoconnects waits for its parent (which does not), goes
 * with it when a user takes the parent down, and comes back with it. */
static void
test_vlan_follows_parent(void)
{
    HarnessOptions options = {.policy = TRUE};
    g_autoptr(Harness) h = harness_new(&options);
    g_autoptr(NMConnection) bond =
        profile_bond("bond", "tbond0", "active-backup", NULL, NULL, FALSE);
    g_autoptr(NMConnection) vlan = profile_vlan("vlan", "tvlan10", "tbond0", 10, NULL, TRUE);
    g_autoptr(BonddActiveConnection) parent = NULL;
    g_autoptr(BonddActiveConnection) again = NULL;
    BonddActiveConnection *child;
    BonddProfile *vlan_profile;

    harness_add_profile(h, "mem", bond);
    harness_add_profile(h, "mem", vlan);
    harness_start(h);
    vlan_profile = harness_profile(h, "vlan");
    harness_run_for(h, 50);
    g_assert_null(bondd_activation_engine_get_profile_active(h->engine, vlan_profile));
    g_assert_false(link_exists(h, "tbond0"));

    parent = harness_activate(h, harness_profile(h, "bond"), BONDD_ACTIVATION_USER);
    harness_wait(h, (child = bondd_activation_engine_get_profile_active(h->engine, vlan_profile)) &&
                        bondd_active_connection_get_state(child) == AC_ACTIVATED);
    g_assert_cmpstr(fake_kernel_get_parent(h->kernel, "tvlan10"), ==, "tbond0");

    bondd_activation_engine_deactivate(h->engine, parent,
                                       NM_ACTIVE_CONNECTION_STATE_REASON_USER_DISCONNECTED);
    g_assert_false(link_exists(h, "tvlan10"));
    harness_run_for(h, 50);
    g_assert_null(bondd_activation_engine_get_profile_active(h->engine, vlan_profile));

    again = harness_activate(h, harness_profile(h, "bond"), BONDD_ACTIVATION_USER);
    harness_wait(h, (child = bondd_activation_engine_get_profile_active(h->engine, vlan_profile)) &&
                        bondd_active_connection_get_state(child) == AC_ACTIVATED);
    g_assert_cmpstr(fake_kernel_get_parent(h->kernel, "tvlan10"), ==, "tbond0");
}

/* A software link as a port: made after its controller is up (and over its
 * parent), then attached; deleted when the controller goes. */
static void
test_software_port(void)
{
    g_autoptr(Harness) h = harness_new(NULL);
    g_autoptr(NMConnection) bond =
        profile_bond("bond", "tbond0", "active-backup", NULL, NULL, FALSE);
    g_autoptr(NMConnection) eth = profile_ethernet("eth", "tport1", NULL, FALSE);
    g_autoptr(NMConnection) vlan = profile_vlan("vlan", "tvlan10", "tport1", 10, NULL, FALSE);
    g_autoptr(BonddActiveConnection) port = NULL;
    BonddActiveConnection *controller;
    g_autoptr(GError) error = NULL;
    int bond_up, vlan_made;

    g_object_set(nm_connection_get_setting_connection(vlan), NM_SETTING_CONNECTION_MASTER, "tbond0",
                 NM_SETTING_CONNECTION_SLAVE_TYPE, NM_SETTING_BOND_SETTING_NAME, NULL);
    g_assert_true(nm_connection_normalize(vlan, NULL, NULL, &error));
    fake_kernel_add_ethernet(h->kernel, "tport1", TRUE);
    harness_add_profile(h, "mem", bond);
    harness_add_profile(h, "mem", eth);
    harness_add_profile(h, "mem", vlan);
    harness_start(h);

    port = harness_activate(h, harness_profile(h, "vlan"), BONDD_ACTIVATION_USER);
    harness_wait_ac(h, port, AC_ACTIVATED);
    controller = bondd_activation_engine_get_profile_active(h->engine, harness_profile(h, "bond"));
    g_assert_nonnull(controller);
    bond_up = fake_plugin_log_find(h->plugin, "realize tbond0 created", 0);
    vlan_made = fake_plugin_log_find(h->plugin, "realize tvlan10 created", 0);
    g_assert_cmpint(bond_up, >=, 0);
    g_assert_cmpint(vlan_made, >, bond_up);
    g_assert_cmpint(fake_plugin_log_find(h->plugin, "attach tbond0 tvlan10", 0), >, vlan_made);
    g_assert_cmpstr(fake_kernel_get_parent(h->kernel, "tvlan10"), ==, "tport1");
    g_assert_cmpstr(fake_kernel_get_master(h->kernel, "tvlan10"), ==, "tbond0");

    bondd_activation_engine_deactivate(h->engine, controller,
                                       NM_ACTIVE_CONNECTION_STATE_REASON_USER_DISCONNECTED);
    g_assert_cmpuint(bondd_active_connection_get_state(port), ==, AC_DEACTIVATED);
    g_assert_false(link_exists(h, "tvlan10"));
    g_assert_false(link_exists(h, "tbond0"));
}

int
main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    harness_init_logging();
    harness_add_test("/core/kinds/vlan-named-after-parent", test_vlan_named_after_parent);
    harness_add_test("/core/kinds/vlan-follows-parent", test_vlan_follows_parent);
    harness_add_test("/core/kinds/software-port", test_software_port);
    return g_test_run();
}
