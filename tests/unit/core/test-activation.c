/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The activation engine (src/core/activation.c) over the fake kernel and
 * the fake device plugin: stage order, controllers and ports, parents and
 * stacked links, Reapply, StateFlags, links and profiles that go, policy.
 * Failures, deactivation and re-activation are in
 * test-activation-failures.c.
 */
#include "config.h"

#include "activation-world.h"

#include <errno.h>
#include <string.h>
#include <linux/if.h>
#include <linux/rtnetlink.h>

#include "errors.h"

/* ---- stage order ------------------------------------------------------------------------ */

/* ActivateConnection's equivalent returns with the device in PREPARE and
 * nothing done yet; then every stage in order. */
static void
test_stage_order_ethernet(void)
{
    g_autoptr(Harness) h = harness_new(NULL);
    g_autoptr(NMConnection) plain = profile_ethernet("plain", "tport1", "192.0.2.10/24", FALSE);
    g_autoptr(BonddActiveConnection) ac = NULL;
    g_autofree char *states = NULL;
    g_autofree char *ac_states = NULL;
    g_auto(GStrv) addrs = NULL;
    g_autoptr(GPtrArray) warnings = NULL;
    guint mark;

    fake_kernel_add_ethernet(h->kernel, "tport1", TRUE);
    harness_add_profile(h, "mem", plain);
    harness_start(h);
    harness_flush(h);
    g_assert_cmpuint(harness_device_state(h, "tport1"), ==, NM_DEVICE_STATE_DISCONNECTED);

    mark = harness_mark(h);
    ac = harness_activate(h, harness_profile(h, "plain"), BONDD_ACTIVATION_USER);
    g_assert_cmpuint(harness_device_state(h, "tport1"), ==, NM_DEVICE_STATE_PREPARE);
    g_assert_cmpuint(bondd_active_connection_get_state(ac), ==, AC_ACTIVATING);
    g_assert_cmpuint(fake_kernel_count_requests(h->kernel, RTM_NEWADDR), ==, 0);
    g_assert_cmpuint(harness_ac_dbus_state(h, bondd_active_connection_get_path(ac)), ==,
                     AC_ACTIVATING);

    harness_wait_ac(h, ac, AC_ACTIVATED);
    harness_flush(h);
    states = harness_device_states(h, "tport1", mark);
    g_assert_cmpstr(states, ==, FULL_STAGES);
    ac_states = harness_ac_states(h, "tport1", mark);
    g_assert_cmpstr(ac_states, ==, "2");
    addrs = fake_kernel_get_addresses(h->kernel, "tport1");
    g_assert_cmpstr(addrs[0], ==, "192.0.2.10/24");
    g_assert_true(bondd_active_connection_get_state_flags(ac) & FLAG_LAYER2);
    warnings = harness_take_warnings();
    g_assert_cmpuint(warnings->len, ==, 0);
}

/* The kernel's IPv6 switches are set before the link comes up and put back
 * when the device is deactivated: "disabled" turns IPv6 off; "auto" leaves
 * autoconfiguration to bondd (no kernel link-local address, no kernel
 * SLAAC). */
static void
test_ipv6_link_switches(void)
{
    g_autoptr(Harness) h = harness_new(NULL);
    g_autoptr(NMConnection) plain = profile_ethernet("plain", "tport1", "192.0.2.10/24", FALSE);
    g_autoptr(NMConnection) ll = profile_ethernet("ll", "tport1", "192.0.2.10/24", FALSE);
    g_autoptr(BonddActiveConnection) ac = NULL;

    g_object_set(nm_connection_get_setting_ip6_config(ll), NM_SETTING_IP_CONFIG_METHOD,
                 NM_SETTING_IP6_CONFIG_METHOD_LINK_LOCAL, NM_SETTING_IP6_CONFIG_ADDR_GEN_MODE,
                 NM_SETTING_IP6_CONFIG_ADDR_GEN_MODE_EUI64, NULL);
    fake_kernel_add_ethernet(h->kernel, "tport1", TRUE);
    /* The kernel's default: its own SLAAC. */
    fake_kernel_set_sysctl(h->kernel, "net/ipv6/conf/tport1/accept_ra", "1");
    harness_add_profile(h, "mem", plain);
    harness_add_profile(h, "mem", ll);
    harness_start(h);
    ac = harness_activate(h, harness_profile(h, "plain"), BONDD_ACTIVATION_USER);
    harness_wait_ac(h, ac, AC_ACTIVATED);
    g_assert_cmpstr(fake_kernel_get_sysctl(h->kernel, "net/ipv6/conf/tport1/disable_ipv6"), ==,
                    "1");
    g_assert_cmpstr(fake_kernel_get_sysctl(h->kernel, "net/ipv6/conf/tport1/accept_ra"), ==, "1");
    bondd_activation_engine_deactivate(h->engine, ac,
                                       NM_ACTIVE_CONNECTION_STATE_REASON_USER_DISCONNECTED);
    harness_flush(h);
    g_assert_cmpstr(fake_kernel_get_sysctl(h->kernel, "net/ipv6/conf/tport1/disable_ipv6"), ==,
                    "0");

    /* link-local: bondd's own link-local address, none of the kernel's. */
    g_clear_object(&ac);
    ac = harness_activate(h, harness_profile(h, "ll"), BONDD_ACTIVATION_USER);
    harness_run_for(h, 100);
    g_assert_cmpstr(fake_kernel_get_sysctl(h->kernel, "net/ipv6/conf/tport1/addr_gen_mode"), ==,
                    "1");
    g_assert_cmpstr(fake_kernel_get_sysctl(h->kernel, "net/ipv6/conf/tport1/accept_ra"), ==, "0");
    g_assert_cmpstr(fake_kernel_get_sysctl(h->kernel, "net/ipv6/conf/tport1/disable_ipv6"), ==,
                    "0");
}

static void
test_stage_order_bond(void)
{
    g_autoptr(Harness) h = bond_world(FALSE, FALSE, FALSE);
    g_autoptr(BonddActiveConnection) ac = NULL;
    g_autofree char *states = NULL;
    g_auto(GStrv) addrs = NULL;
    g_auto(GStrv) routes = NULL;
    guint mark = harness_mark(h);

    ac = harness_activate(h, harness_profile(h, "bond"), BONDD_ACTIVATION_USER);
    /* Returned before the first stage ran: nothing realized. */
    g_assert_cmpuint(harness_device_state(h, "tbond0"), ==, NM_DEVICE_STATE_PREPARE);
    g_assert_false(bondd_nm_device_is_real(harness_device(h, "tbond0")));
    g_assert_cmpuint(fake_plugin_get_log(h->plugin)->len, ==, 0);
    assert_no_link(h, "tbond0");

    harness_wait_ac(h, ac, AC_ACTIVATED);
    harness_flush(h);
    states = harness_device_states(h, "tbond0", mark);
    g_assert_cmpstr(states, ==, FULL_STAGES);
    g_assert_true(bondd_nm_device_is_real(harness_device(h, "tbond0")));
    g_assert_cmpstr(fake_kernel_get_kind(h->kernel, "tbond0"), ==, "bond");
    g_assert_true(fake_kernel_get_flags(h->kernel, "tbond0") & IFF_UP);
    g_assert_cmpint(fake_kernel_get_bond_mode(h->kernel, "tbond0"), ==, 1);
    g_assert_cmpint(fake_kernel_get_bond_miimon(h->kernel, "tbond0"), ==, 100);
    addrs = fake_kernel_get_addresses(h->kernel, "tbond0");
    g_assert_cmpstr(addrs[0], ==, "192.0.2.1/24");
    routes = fake_kernel_get_routes(h->kernel, "tbond0");
    g_assert_cmpstr(routes[0], ==, "0.0.0.0/0 via 192.0.2.254 metric 300");
    g_assert_cmpuint(fake_plugin_log_count(h->plugin, "realize tbond0 created"), ==, 1);
}

/* ---- controllers and ports -------------------------------------------------------------- */

/* A port activated first brings its controller up and waits for it. */
static void
test_port_brings_controller(void)
{
    g_autoptr(Harness) h = bond_world(FALSE, FALSE, FALSE);
    g_autoptr(BonddActiveConnection) port = NULL;
    BonddActiveConnection *bond;
    g_autofree char *states = NULL;
    int realized, attached;
    guint mark = harness_mark(h);

    port = harness_activate(h, harness_profile(h, "port1"), BONDD_ACTIVATION_USER);
    bond = bondd_activation_engine_get_profile_active(h->engine, harness_profile(h, "bond"));
    g_assert_nonnull(bond);
    g_assert_true(bondd_active_connection_get_controller(port) == bond);
    g_assert_cmpuint(harness_device_state(h, "tport1"), ==, NM_DEVICE_STATE_PREPARE);

    harness_wait_ac(h, port, AC_ACTIVATED);
    harness_wait_ac(h, bond, AC_ACTIVATED);
    realized = fake_plugin_log_find(h->plugin, "realize tbond0", 0);
    attached = fake_plugin_log_find(h->plugin, "attach tbond0 tport1", 0);
    g_assert_cmpint(realized, >=, 0);
    g_assert_cmpint(attached, >, realized);
    g_assert_cmpstr(fake_kernel_get_master(h->kernel, "tport1"), ==, "tbond0");
    /* The port left PREPARE only once its controller was past CONFIG. */
    g_assert_cmpuint(harness_find_device_event(h, "tport1", NM_DEVICE_STATE_CONFIG, mark)->seq, >,
                     harness_find_device_event(h, "tbond0", NM_DEVICE_STATE_IP_CONFIG, mark)->seq);

    /* The kernel's notifications of the attach (the port set down first)
     * arrive after the stages: the port stays ACTIVATED through them. */
    harness_flush(h);
    states = harness_device_states(h, "tport1", mark);
    g_assert_cmpstr(states, ==, FULL_STAGES);
    g_assert_cmpuint(harness_device_state(h, "tport1"), ==, NM_DEVICE_STATE_ACTIVATED);
}

/* A controller waits for nothing: without ports it activates with its
 * static IPv4. */
static void
test_controller_without_ports(void)
{
    g_autoptr(Harness) h = harness_new(NULL);
    g_autoptr(NMConnection) bond =
        profile_bond("bond", "tbond0", "802.3ad", NULL, "198.51.100.1/24", FALSE);
    g_autoptr(BonddActiveConnection) ac = NULL;
    g_auto(GStrv) addrs = NULL;

    harness_add_profile(h, "mem", bond);
    harness_start(h);
    ac = harness_activate(h, harness_profile(h, "bond"), BONDD_ACTIVATION_USER);
    harness_wait_ac(h, ac, AC_ACTIVATED);
    g_assert_cmpint(fake_kernel_get_bond_mode(h->kernel, "tbond0"), ==, 4);
    addrs = fake_kernel_get_addresses(h->kernel, "tbond0");
    g_assert_cmpstr(addrs[0], ==, "198.51.100.1/24");
    g_assert_null(addrs[1]);
    g_assert_cmpuint(bondd_active_connection_get_state_flags(ac) & FLAG_HAS_SLAVES, ==, 0);
    g_assert_cmpuint(harness_device_state(h, "tbond0"), ==, NM_DEVICE_STATE_ACTIVATED);
}

/* A controller brings the ports that autoconnect, not the others. */
static void
test_controller_brings_ports(void)
{
    g_autoptr(Harness) h = bond_world(TRUE, FALSE, FALSE);
    g_autoptr(BonddActiveConnection) bond = NULL;
    BonddActiveConnection *port1;

    bond = harness_activate(h, harness_profile(h, "bond"), BONDD_ACTIVATION_USER);
    harness_wait_ac(h, bond, AC_ACTIVATED);
    harness_wait(h, harness_ac(h, "tport1") &&
                        bondd_active_connection_get_state(harness_ac(h, "tport1")) == AC_ACTIVATED);
    harness_flush(h);
    port1 = harness_ac(h, "tport1");
    g_assert_true(bondd_active_connection_get_controller(port1) == bond);
    g_assert_cmpstr(fake_kernel_get_master(h->kernel, "tport1"), ==, "tbond0");
    g_assert_null(harness_ac(h, "tport2"));
    g_assert_null(fake_kernel_get_master(h->kernel, "tport2"));
    g_assert_cmpint(fake_plugin_log_find(h->plugin, "attach tbond0 tport2", 0), ==, -1);
}

/* The ports a controller brings start with it (they wait in prepare while
 * its link is made), attach before it is activated, and announce their
 * remaining stages after that. */
static void
test_ports_attach_before_controller_activated(void)
{
    g_autoptr(Harness) h = bond_world(FALSE, FALSE, TRUE);
    g_autoptr(BonddActiveConnection) bond = NULL;
    guint mark = harness_mark(h);
    const char *ports[] = {"tport1", "tport2"};
    guint bond_activated;
    int attached;

    bond = harness_activate(h, harness_profile(h, "bond"), BONDD_ACTIVATION_USER);
    harness_wait_ac(h, bond, AC_ACTIVATED);
    harness_wait(h, harness_ac(h, "tport2") &&
                        bondd_active_connection_get_state(harness_ac(h, "tport2")) == AC_ACTIVATED);
    bond_activated = harness_find_device_event(h, "tbond0", NM_DEVICE_STATE_ACTIVATED, mark)->seq;
    /* Both ports in PREPARE before the bond left it. */
    for (guint i = 0; i < G_N_ELEMENTS(ports); i++)
        g_assert_cmpuint(harness_find_device_event(h, ports[i], NM_DEVICE_STATE_PREPARE, mark)->seq,
                         <,
                         harness_find_device_event(h, "tbond0", NM_DEVICE_STATE_CONFIG, mark)->seq);
    /* Both attached before the bond was activated, and announced after. */
    attached = fake_plugin_log_find(h->plugin, "attach tbond0 tport2", 0);
    g_assert_cmpint(attached, >, fake_plugin_log_find(h->plugin, "attach tbond0 tport1", 0));
    for (guint i = 0; i < G_N_ELEMENTS(ports); i++) {
        g_autofree char *states = harness_device_states(h, ports[i], mark);

        g_assert_cmpuint(
            harness_find_device_event(h, ports[i], NM_DEVICE_STATE_IP_CONFIG, mark)->seq, <,
            bond_activated);
        g_assert_cmpuint(
            harness_find_device_event(h, ports[i], NM_DEVICE_STATE_ACTIVATED, mark)->seq, >,
            bond_activated);
        g_assert_cmpstr(states, ==, FULL_STAGES);
        g_assert_cmpstr(fake_kernel_get_master(h->kernel, ports[i]), ==, "tbond0");
    }
}

/* ... and all of them with connection.autoconnect-slaves yes. */
static void
test_controller_brings_all_ports(void)
{
    g_autoptr(Harness) h = bond_world(TRUE, FALSE, TRUE);
    g_autoptr(BonddActiveConnection) bond = NULL;

    bond = harness_activate(h, harness_profile(h, "bond"), BONDD_ACTIVATION_USER);
    harness_wait_ac(h, bond, AC_ACTIVATED);
    harness_wait(h, harness_ac(h, "tport2") &&
                        bondd_active_connection_get_state(harness_ac(h, "tport2")) == AC_ACTIVATED);
    g_assert_nonnull(harness_ac(h, "tport1"));
    g_assert_cmpstr(fake_kernel_get_master(h->kernel, "tport1"), ==, "tbond0");
    g_assert_cmpstr(fake_kernel_get_master(h->kernel, "tport2"), ==, "tbond0");
}

/* The ports come in the order of their links' indexes, not of their
 * profiles: the first one attached gives a bond its MAC address. */
static void
test_controller_ports_in_link_order(void)
{
    g_autoptr(Harness) h = bond_world_ordered(FALSE, FALSE, TRUE, TRUE);
    g_autoptr(BonddActiveConnection) ac = NULL;
    int first, second;

    ac = harness_activate(h, harness_profile(h, "bond"), BONDD_ACTIVATION_USER);
    harness_wait(h,
                 harness_ac(h, "tport2") && harness_ac(h, "tport1") &&
                     bondd_active_connection_get_state(harness_ac(h, "tport2")) == AC_ACTIVATED &&
                     bondd_active_connection_get_state(harness_ac(h, "tport1")) == AC_ACTIVATED);
    first = fake_plugin_log_find(h->plugin, "attach tbond0 tport1", 0);
    second = fake_plugin_log_find(h->plugin, "attach tbond0 tport2", 0);
    g_assert_cmpint(first, >=, 0);
    g_assert_cmpint(second, >, first);
}

/* A port a user took down stays down when its controller comes up again,
 * until a user activates it. */
static void
test_user_disconnected_port(void)
{
    g_autoptr(Harness) h = bond_world(TRUE, FALSE, FALSE);
    g_autoptr(BonddActiveConnection) bond = NULL;
    g_autoptr(BonddActiveConnection) port = NULL;
    g_autoptr(BonddActiveConnection) again = NULL;
    BonddProfile *port1 = harness_profile(h, "port1");

    bond = harness_activate(h, harness_profile(h, "bond"), BONDD_ACTIVATION_USER);
    harness_wait(h, harness_ac(h, "tport1") &&
                        bondd_active_connection_get_state(harness_ac(h, "tport1")) == AC_ACTIVATED);
    port = g_object_ref(harness_ac(h, "tport1"));

    bondd_activation_engine_deactivate(h->engine, port,
                                       NM_ACTIVE_CONNECTION_STATE_REASON_USER_DISCONNECTED);
    g_assert_true(ac_ended(port));
    g_assert_cmpuint(harness_ac_reason(h, port), ==,
                     NM_ACTIVE_CONNECTION_STATE_REASON_USER_DISCONNECTED);
    g_assert_null(fake_kernel_get_master(h->kernel, "tport1"));
    /* Released, and kept up so that its carrier shows. */
    g_assert_true(fake_kernel_get_flags(h->kernel, "tport1") & IFF_UP);

    /* The controller again: the port stays down. */
    bondd_activation_engine_deactivate(h->engine, bond,
                                       NM_ACTIVE_CONNECTION_STATE_REASON_USER_DISCONNECTED);
    assert_no_link(h, "tbond0");
    harness_flush(h);
    g_clear_object(&bond);
    bond = harness_activate(h, harness_profile(h, "bond"), BONDD_ACTIVATION_USER);
    harness_wait_ac(h, bond, AC_ACTIVATED);
    harness_run_for(h, 50);
    g_assert_null(harness_ac(h, "tport1"));
    g_assert_cmpuint(fake_plugin_log_count(h->plugin, "attach tbond0 tport1"), ==, 1);

    /* A user activates it: it comes, and comes back with the controller
     * from now on. */
    again = harness_activate(h, port1, BONDD_ACTIVATION_USER);
    harness_wait_ac(h, again, AC_ACTIVATED);
    g_assert_cmpstr(fake_kernel_get_master(h->kernel, "tport1"), ==, "tbond0");
    bondd_activation_engine_deactivate(h->engine, bond,
                                       NM_ACTIVE_CONNECTION_STATE_REASON_USER_DISCONNECTED);
    g_assert_true(ac_ended(again));
    g_assert_cmpuint(harness_ac_reason(h, again), ==,
                     NM_ACTIVE_CONNECTION_STATE_REASON_DEPENDENCY_FAILED);
    harness_flush(h);
    g_clear_object(&bond);
    bond = harness_activate(h, harness_profile(h, "bond"), BONDD_ACTIVATION_USER);
    harness_wait(h, harness_ac(h, "tport1") &&
                        bondd_active_connection_get_state(harness_ac(h, "tport1")) == AC_ACTIVATED);
    g_assert_cmpuint(fake_plugin_log_count(h->plugin, "attach tbond0 tport1"), ==, 3);
}

/* A port whose link appears while its controller is active joins it. */
static void
test_port_link_appears(void)
{
    g_autoptr(Harness) h = bond_world(TRUE, FALSE, FALSE);
    g_autoptr(NMConnection) port3 = profile_port("port3", "tport3", "tbond0", TRUE);
    g_autoptr(BonddActiveConnection) bond = NULL;

    harness_add_profile(h, "mem", port3);
    bond = harness_activate(h, harness_profile(h, "bond"), BONDD_ACTIVATION_USER);
    harness_wait_ac(h, bond, AC_ACTIVATED);
    g_assert_null(harness_device(h, "tport3"));

    fake_kernel_add_ethernet(h->kernel, "tport3", TRUE);
    harness_wait(h, harness_ac(h, "tport3") &&
                        bondd_active_connection_get_state(harness_ac(h, "tport3")) == AC_ACTIVATED);
    g_assert_cmpstr(fake_kernel_get_master(h->kernel, "tport3"), ==, "tbond0");
}

/* A port that loses its carrier stays attached; its device shows it. */
static void
test_port_carrier(void)
{
    g_autoptr(Harness) h = bond_world(TRUE, FALSE, FALSE);
    g_autoptr(BonddActiveConnection) bond = NULL;
    BonddActiveConnection *port;
    const HarnessEvent *e;
    guint mark;

    bond = harness_activate(h, harness_profile(h, "bond"), BONDD_ACTIVATION_USER);
    harness_wait(h, harness_ac(h, "tport1") &&
                        bondd_active_connection_get_state(harness_ac(h, "tport1")) == AC_ACTIVATED);
    harness_flush(h);
    port = harness_ac(h, "tport1");

    mark = harness_mark(h);
    fake_kernel_set_carrier(h->kernel, "tport1", FALSE);
    harness_wait_device(h, "tport1", NM_DEVICE_STATE_UNAVAILABLE);
    e = harness_find_device_event(h, "tport1", NM_DEVICE_STATE_UNAVAILABLE, mark);
    g_assert_cmpuint(e->reason, ==, NM_DEVICE_STATE_REASON_CARRIER);
    g_assert_true(harness_ac(h, "tport1") == port);
    g_assert_cmpuint(bondd_active_connection_get_state(port), ==, AC_ACTIVATED);
    g_assert_cmpstr(fake_kernel_get_master(h->kernel, "tport1"), ==, "tbond0");

    fake_kernel_set_carrier(h->kernel, "tport1", TRUE);
    harness_wait_device(h, "tport1", NM_DEVICE_STATE_ACTIVATED);
}

/* A port detached behind bondd's back is no longer active. */
static void
test_port_detached_outside(void)
{
    g_autoptr(Harness) h = bond_world(TRUE, FALSE, FALSE);
    g_autoptr(BonddActiveConnection) bond = NULL;
    g_autoptr(BonddActiveConnection) port = NULL;

    bond = harness_activate(h, harness_profile(h, "bond"), BONDD_ACTIVATION_USER);
    harness_wait(h, harness_ac(h, "tport1") &&
                        bondd_active_connection_get_state(harness_ac(h, "tport1")) == AC_ACTIVATED);
    harness_flush(h);
    port = g_object_ref(harness_ac(h, "tport1"));
    g_assert_true(bondd_active_connection_get_state_flags(bond) & FLAG_HAS_SLAVES);

    fake_kernel_set_master(h->kernel, "tport1", NULL);
    harness_wait(h, ac_ended(port));
    g_assert_cmpuint(harness_ac_reason(h, port), ==,
                     NM_ACTIVE_CONNECTION_STATE_REASON_DEVICE_DISCONNECTED);
    g_assert_cmpuint(bondd_active_connection_get_state(bond), ==, AC_ACTIVATED);
    g_assert_cmpuint(bondd_active_connection_get_state_flags(bond) & FLAG_HAS_SLAVES, ==, 0);
}

/* ---- parents and stacked links ---------------------------------------------------------- */

/* The child first: it brings its parent, waits in PREPARE until the parent
 * is past CONFIG, and is created over it. */
static void
test_child_first(void)
{
    g_autoptr(Harness) h = harness_new(NULL);
    g_autoptr(NMConnection) bond =
        profile_bond("bond", "tbond0", "active-backup", NULL, NULL, FALSE);
    g_autoptr(NMConnection) vlan =
        profile_vlan("vlan", "tvlan10", "tbond0", 10, "192.0.2.10/24", FALSE);
    g_autoptr(BonddActiveConnection) child = NULL;
    BonddActiveConnection *parent;
    const HarnessEvent *parent_past_config, *child_config;
    g_autofree char *states = NULL;
    int parent_realized, child_created;
    guint mark;

    harness_add_profile(h, "mem", bond);
    harness_add_profile(h, "mem", vlan);
    harness_start(h);
    mark = harness_mark(h);
    child = harness_activate(h, harness_profile(h, "vlan"), BONDD_ACTIVATION_USER);
    parent = bondd_activation_engine_get_profile_active(h->engine, harness_profile(h, "bond"));
    g_assert_nonnull(parent);
    g_assert_cmpuint(harness_device_state(h, "tvlan10"), ==, NM_DEVICE_STATE_PREPARE);

    harness_wait_ac(h, child, AC_ACTIVATED);
    g_assert_cmpuint(bondd_active_connection_get_state(parent), ==, AC_ACTIVATED);
    parent_realized = fake_plugin_log_find(h->plugin, "realize tbond0 created", 0);
    child_created = fake_plugin_log_find(h->plugin, "create vlan tvlan10", 0);
    g_assert_cmpint(parent_realized, >=, 0);
    g_assert_cmpint(child_created, >, parent_realized);
    g_assert_cmpint(fake_plugin_log_find(h->plugin, "realize tvlan10 created", 0), >,
                    child_created);
    parent_past_config = harness_find_device_event(h, "tbond0", NM_DEVICE_STATE_IP_CONFIG, mark);
    child_config = harness_find_device_event(h, "tvlan10", NM_DEVICE_STATE_CONFIG, mark);
    g_assert_nonnull(parent_past_config);
    g_assert_nonnull(child_config);
    g_assert_cmpuint(child_config->seq, >, parent_past_config->seq);
    states = harness_device_states(h, "tvlan10", mark);
    g_assert_cmpstr(states, ==, FULL_STAGES);

    g_assert_cmpstr(fake_kernel_get_parent(h->kernel, "tvlan10"), ==, "tbond0");
    g_assert_cmpint(fake_kernel_get_vlan_id(h->kernel, "tvlan10"), ==, 10);
}

/* The parent first (the child names it by its profile's UUID), then the
 * child. */
static void
test_parent_first(void)
{
    g_autoptr(Harness) h = harness_new(NULL);
    g_autoptr(NMConnection) bond =
        profile_bond("bond", "tbond0", "active-backup", NULL, NULL, FALSE);
    g_autoptr(NMConnection) vlan = NULL;
    g_autoptr(BonddActiveConnection) parent = NULL;
    g_autoptr(BonddActiveConnection) child = NULL;

    vlan = profile_vlan("vlan", "tvlan20", nm_connection_get_uuid(bond), 20, NULL, FALSE);
    harness_add_profile(h, "mem", bond);
    harness_add_profile(h, "mem", vlan);
    harness_start(h);
    parent = harness_activate(h, harness_profile(h, "bond"), BONDD_ACTIVATION_USER);
    harness_wait_ac(h, parent, AC_ACTIVATED);
    child = harness_activate(h, harness_profile(h, "vlan"), BONDD_ACTIVATION_USER);
    harness_wait_ac(h, child, AC_ACTIVATED);
    g_assert_cmpint(fake_plugin_log_find(h->plugin, "realize tvlan20", 0), >,
                    fake_plugin_log_find(h->plugin, "realize tbond0", 0));
    g_assert_cmpstr(fake_kernel_get_parent(h->kernel, "tvlan20"), ==, "tbond0");
    g_assert_cmpuint(fake_plugin_log_count(h->plugin, "realize tbond0"), ==, 1);

    /* Taking the parent down takes the child with it. */
    bondd_activation_engine_deactivate(h->engine, parent,
                                       NM_ACTIVE_CONNECTION_STATE_REASON_USER_DISCONNECTED);
    g_assert_true(ac_ended(child));
    g_assert_cmpuint(harness_ac_reason(h, child), ==,
                     NM_ACTIVE_CONNECTION_STATE_REASON_DEPENDENCY_FAILED);
    assert_no_link(h, "tvlan20");
    assert_no_link(h, "tbond0");
}

/* The child waits, across main loop passes, for a parent whose activation
 * was asked for after its own. */
static void
test_child_waits(void)
{
    g_autoptr(Harness) h = harness_new(NULL);
    g_autoptr(NMConnection) eth = profile_ethernet("eth", "tport1", NULL, FALSE);
    g_autoptr(NMConnection) vlan = profile_vlan("vlan", "tvlan10", "tport1", 10, NULL, FALSE);
    g_autoptr(BonddActiveConnection) child = NULL;
    g_autoptr(BonddActiveConnection) parent = NULL;
    g_autofree char *states = NULL;
    guint mark;

    fake_kernel_add_ethernet(h->kernel, "tport1", TRUE);
    harness_add_profile(h, "mem", eth);
    harness_add_profile(h, "mem", vlan);
    harness_start(h);
    harness_flush(h);
    mark = harness_mark(h);
    child = harness_activate(h, harness_profile(h, "vlan"), BONDD_ACTIVATION_USER);
    parent = harness_activate(h, harness_profile(h, "eth"), BONDD_ACTIVATION_USER);
    harness_wait(h, bondd_active_connection_get_state(child) == AC_ACTIVATED &&
                        bondd_active_connection_get_state(parent) == AC_ACTIVATED);
    g_assert_cmpuint(harness_find_device_event(h, "tvlan10", NM_DEVICE_STATE_CONFIG, mark)->seq, >,
                     harness_find_device_event(h, "tport1", NM_DEVICE_STATE_IP_CONFIG, mark)->seq);
    states = harness_device_states(h, "tvlan10", mark);
    g_assert_cmpstr(states, ==, FULL_STAGES);
    g_assert_cmpstr(fake_kernel_get_parent(h->kernel, "tvlan10"), ==, "tport1");
}

/* A vlan over a NIC that nothing activates. */
static void
test_child_of_hardware(void)
{
    g_autoptr(Harness) h = harness_new(NULL);
    g_autoptr(NMConnection) vlan = profile_vlan("vlan", "tvlan30", "tport1", 30, NULL, FALSE);
    g_autoptr(BonddActiveConnection) child = NULL;

    fake_kernel_add_ethernet(h->kernel, "tport1", TRUE);
    harness_add_profile(h, "mem", vlan);
    harness_start(h);
    child = harness_activate(h, harness_profile(h, "vlan"), BONDD_ACTIVATION_USER);
    harness_wait_ac(h, child, AC_ACTIVATED);
    g_assert_cmpstr(fake_kernel_get_parent(h->kernel, "tvlan30"), ==, "tport1");
    g_assert_null(harness_ac(h, "tport1"));
}

/* ---- reapply ------------------------------------------------------------------------------------
 */

static NMConnection *
applied_with(BonddActiveConnection *ac, const char *option, const char *value)
{
    NMConnection *c = nm_simple_connection_new_clone(bondd_active_connection_get_applied(ac));

    nm_setting_bond_add_option(nm_connection_get_setting_bond(c), option, value);
    g_assert_true(nm_connection_normalize(c, NULL, NULL, NULL));
    return c;
}

static void
test_reapply(void)
{
    g_autoptr(Harness) h = bond_world(FALSE, FALSE, FALSE);
    g_autoptr(BonddActiveConnection) ac = NULL;
    g_autoptr(NMConnection) miimon = NULL;
    g_autoptr(NMConnection) mode = NULL;
    g_autoptr(GError) error = NULL;
    NMSettingIPConfig *s4;
    NMIPAddress *addr;
    g_auto(GStrv) addrs = NULL;
    guint64 version;
    guint mark;

    ac = harness_activate(h, harness_profile(h, "bond"), BONDD_ACTIVATION_USER);
    harness_wait_ac(h, ac, AC_ACTIVATED);
    harness_flush(h);
    version = bondd_active_connection_get_version_id(ac);
    mark = harness_mark(h);

    /* miimon changes live; so does the address. */
    miimon = applied_with(ac, NM_SETTING_BOND_OPTION_MIIMON, "250");
    s4 = nm_connection_get_setting_ip4_config(miimon);
    nm_setting_ip_config_clear_addresses(s4);
    addr = nm_ip_address_new(AF_INET, "192.0.2.2", 24, NULL);
    nm_setting_ip_config_add_address(s4, addr);
    nm_ip_address_unref(addr);
    g_assert_true(bondd_activation_engine_reapply(h->engine, ac, miimon, &error));
    g_assert_no_error(error);
    g_assert_cmpuint(fake_plugin_log_count(h->plugin, "reapply tbond0"), ==, 1);
    g_assert_cmpint(fake_kernel_get_bond_miimon(h->kernel, "tbond0"), ==, 250);
    g_assert_cmpstr(nm_setting_bond_get_option_by_name(
                        nm_connection_get_setting_bond(bondd_active_connection_get_applied(ac)),
                        NM_SETTING_BOND_OPTION_MIIMON),
                    ==, "250");
    g_assert_cmpuint(bondd_active_connection_get_version_id(ac), >, version);
    addrs = fake_kernel_get_addresses(h->kernel, "tbond0");
    g_assert_cmpstr(addrs[0], ==, "192.0.2.2/24");
    g_assert_null(addrs[1]);
    harness_flush(h);
    g_assert_cmpuint(harness_count_events(h, mark), ==, 0);

    /* The mode cannot change live: refused, nothing changed. */
    version = bondd_active_connection_get_version_id(ac);
    fake_plugin_clear_log(h->plugin);
    mode = applied_with(ac, NM_SETTING_BOND_OPTION_MODE, "balance-rr");
    g_assert_false(bondd_activation_engine_reapply(h->engine, ac, mode, &error));
    g_assert_error(error, NM_DEVICE_ERROR, NM_DEVICE_ERROR_INCOMPATIBLE_CONNECTION);
    g_assert_nonnull(strstr(error->message, "mode"));
    g_assert_cmpuint(fake_plugin_log_count(h->plugin, "reapply tbond0 refused"), ==, 1);
    g_assert_cmpuint(bondd_active_connection_get_version_id(ac), ==, version);
    g_assert_cmpstr(nm_setting_bond_get_option_by_name(
                        nm_connection_get_setting_bond(bondd_active_connection_get_applied(ac)),
                        NM_SETTING_BOND_OPTION_MODE),
                    ==, "active-backup");
    g_assert_cmpint(fake_kernel_get_bond_mode(h->kernel, "tbond0"), ==, 1);
    g_assert_cmpint(fake_kernel_get_bond_miimon(h->kernel, "tbond0"), ==, 250);
    g_assert_cmpuint(bondd_active_connection_get_state(ac), ==, AC_ACTIVATED);
}

/* ---- StateFlags ---------------------------------------------------------------------------------
 */

static void
test_state_flags(void)
{
    g_autoptr(Harness) h = bond_world(TRUE, TRUE, FALSE);
    g_autoptr(BonddActiveConnection) bond = NULL;
    BonddActiveConnection *port1, *port2;

    bond = harness_activate(h, harness_profile(h, "bond"), BONDD_ACTIVATION_USER);
    g_assert_cmpuint(bondd_active_connection_get_state_flags(bond), ==, FLAG_MASTER);
    harness_wait(h,
                 harness_ac(h, "tport1") && harness_ac(h, "tport2") &&
                     bondd_active_connection_get_state(harness_ac(h, "tport1")) == AC_ACTIVATED &&
                     bondd_active_connection_get_state(harness_ac(h, "tport2")) == AC_ACTIVATED);
    harness_flush(h);
    port1 = harness_ac(h, "tport1");
    port2 = harness_ac(h, "tport2");
    g_assert_cmpuint(bondd_active_connection_get_state_flags(bond) & (FLAG_MASTER | FLAG_SLAVE), ==,
                     FLAG_MASTER);
    g_assert_true(bondd_active_connection_get_state_flags(bond) & FLAG_HAS_SLAVES);
    g_assert_cmpuint(bondd_active_connection_get_state_flags(port1) &
                         (FLAG_MASTER | FLAG_SLAVE | FLAG_LAYER2),
                     ==, FLAG_SLAVE | FLAG_LAYER2);
    g_assert_cmpuint(bondd_active_connection_get_state_flags(port2) & FLAG_HAS_SLAVES, ==, 0);

    bondd_activation_engine_deactivate(h->engine, port1,
                                       NM_ACTIVE_CONNECTION_STATE_REASON_USER_DISCONNECTED);
    harness_flush(h);
    g_assert_true(bondd_active_connection_get_state_flags(bond) & FLAG_HAS_SLAVES);
    bondd_activation_engine_deactivate(h->engine, port2,
                                       NM_ACTIVE_CONNECTION_STATE_REASON_USER_DISCONNECTED);
    g_assert_cmpuint(bondd_active_connection_get_state_flags(bond) & FLAG_HAS_SLAVES, ==, 0);
    harness_flush(h);
    g_assert_cmpuint(bondd_active_connection_get_state_flags(bond) & FLAG_HAS_SLAVES, ==, 0);
}

/* MASTER_HAS_SLAVES only ever with a port attached: not when a port that
 * never got attached is taken down while its controller has no link. */
static void
test_state_flags_no_port(void)
{
    g_autoptr(Harness) h = bond_world(FALSE, FALSE, FALSE);
    g_autoptr(BonddActiveConnection) port = NULL;
    BonddActiveConnection *bond;

    port = harness_activate(h, harness_profile(h, "port1"), BONDD_ACTIVATION_USER);
    bond = bondd_activation_engine_get_profile_active(h->engine, harness_profile(h, "bond"));
    bondd_activation_engine_deactivate(h->engine, port,
                                       NM_ACTIVE_CONNECTION_STATE_REASON_USER_DISCONNECTED);
    g_assert_cmpuint(bondd_active_connection_get_state_flags(bond), ==, FLAG_MASTER);
}

/* ---- what happens to links and profiles --------------------------------------------------------
 */

/* The controller's link deleted behind bondd's back: DEVICE_REMOVED; the
 * ports, which the kernel released and closed, are set up again as after a
 * release by bondd (software-device.c keeps a managed port up so that its
 * carrier shows). */
static void
test_link_removed(void)
{
    g_autoptr(Harness) h = bond_world(TRUE, FALSE, FALSE);
    g_autoptr(BonddActiveConnection) bond = NULL;
    g_autoptr(BonddActiveConnection) port = NULL;

    bond = harness_activate(h, harness_profile(h, "bond"), BONDD_ACTIVATION_USER);
    harness_wait(h, harness_ac(h, "tport1") &&
                        bondd_active_connection_get_state(harness_ac(h, "tport1")) == AC_ACTIVATED);
    harness_flush(h);
    port = g_object_ref(harness_ac(h, "tport1"));
    fake_kernel_remove_link(h->kernel, "tbond0");
    harness_wait(h, ac_ended(bond) && ac_ended(port));
    g_assert_cmpuint(harness_ac_reason(h, bond), ==,
                     NM_ACTIVE_CONNECTION_STATE_REASON_DEVICE_REMOVED);
    harness_flush(h);
    g_assert_true(fake_kernel_get_flags(h->kernel, "tport1") & IFF_UP);
    g_assert_null(harness_device(h, "tbond0"));
    g_ptr_array_unref(harness_take_warnings());
}

/* The profile deleted while active: CONNECTION_REMOVED, the link goes. */
static void
test_profile_removed(void)
{
    g_autoptr(Harness) h = bond_world(TRUE, FALSE, FALSE);
    g_autoptr(BonddActiveConnection) bond = NULL;
    g_autoptr(BonddActiveConnection) port = NULL;
    g_autoptr(GError) error = NULL;

    bond = harness_activate(h, harness_profile(h, "bond"), BONDD_ACTIVATION_USER);
    harness_wait(h, harness_ac(h, "tport1") &&
                        bondd_active_connection_get_state(harness_ac(h, "tport1")) == AC_ACTIVATED);
    port = g_object_ref(harness_ac(h, "tport1"));
    bondd_settings_delete_profile(h->daemon.settings, harness_profile(h, "bond"), &error);
    g_assert_no_error(error);
    g_assert_true(ac_ended(bond));
    g_assert_true(ac_ended(port));
    g_assert_cmpuint(harness_ac_reason(h, bond), ==,
                     NM_ACTIVE_CONNECTION_STATE_REASON_CONNECTION_REMOVED);
    assert_no_link(h, "tbond0");
    g_assert_null(fake_kernel_get_master(h->kernel, "tport1"));
}

/* ---- policy
 * ---------------------------------------------------------------------------------------- */

/* At start: an autoconnect bond and its ports come up once each, a plain
 * NIC profile too; a port a user took down is not autoconnected again. */
static void
test_policy_start(void)
{
    HarnessOptions options = {.policy = TRUE};
    g_autoptr(Harness) h = harness_new(&options);
    g_autoptr(NMConnection) bond =
        profile_bond("bond", "tbond0", "active-backup", "100", BOND_IP, TRUE);
    g_autoptr(NMConnection) port1 = profile_port("port1", "tport1", "tbond0", TRUE);
    g_autoptr(NMConnection) port2 = profile_port("port2", "tport2", "tbond0", TRUE);
    g_autoptr(NMConnection) plain = profile_ethernet("plain", "tport3", "192.0.2.30/24", TRUE);
    BonddActiveConnection *port;

    fake_kernel_add_ethernet(h->kernel, "tport1", TRUE);
    fake_kernel_add_ethernet(h->kernel, "tport2", TRUE);
    fake_kernel_add_ethernet(h->kernel, "tport3", TRUE);
    harness_add_profile(h, "mem", bond);
    harness_add_profile(h, "mem", port1);
    harness_add_profile(h, "mem", port2);
    harness_add_profile(h, "mem", plain);
    harness_start(h);
    harness_wait(h, harness_device_state(h, "tbond0") == NM_DEVICE_STATE_ACTIVATED &&
                        harness_device_state(h, "tport1") == NM_DEVICE_STATE_ACTIVATED &&
                        harness_device_state(h, "tport2") == NM_DEVICE_STATE_ACTIVATED &&
                        harness_device_state(h, "tport3") == NM_DEVICE_STATE_ACTIVATED);
    harness_run_for(h, 50);
    g_assert_cmpuint(fake_plugin_log_count(h->plugin, "realize"), ==, 1);
    g_assert_cmpuint(fake_plugin_log_count(h->plugin, "attach tbond0 tport1"), ==, 1);
    g_assert_cmpuint(fake_plugin_log_count(h->plugin, "attach tbond0 tport2"), ==, 1);
    g_assert_cmpuint(bondd_activation_engine_get_active_connections(h->engine)->len, ==, 4);

    port = harness_ac(h, "tport2");
    bondd_activation_engine_deactivate(h->engine, port,
                                       NM_ACTIVE_CONNECTION_STATE_REASON_USER_DISCONNECTED);
    fake_kernel_set_carrier(h->kernel, "tport2", FALSE);
    fake_kernel_set_carrier(h->kernel, "tport2", TRUE);
    harness_run_for(h, 50);
    g_assert_null(harness_ac(h, "tport2"));
    g_assert_cmpuint(harness_device_state(h, "tport2"), ==, NM_DEVICE_STATE_DISCONNECTED);
}

/* An unmanaged device (a settings plugin's spec) is not activated. */
static void
test_unmanaged(void)
{
    static const char *const specs[] = {"interface-name:tport2", NULL};
    g_autoptr(Harness) h = harness_new(NULL);
    g_autoptr(NMConnection) bond =
        profile_bond("bond", "tbond0", "active-backup", NULL, NULL, FALSE);
    g_autoptr(NMConnection) port2 = profile_port("port2", "tport2", "tbond0", FALSE);
    g_autoptr(GError) error = NULL;

    fake_kernel_add_ethernet(h->kernel, "tport2", TRUE);
    fake_settings_set_unmanaged(h->store, specs);
    harness_add_profile(h, "mem", bond);
    harness_add_profile(h, "mem", port2);
    harness_start(h);
    g_assert_cmpuint(harness_device_state(h, "tport2"), ==, NM_DEVICE_STATE_UNMANAGED);
    g_assert_null(bondd_activation_engine_activate(h->engine, harness_profile(h, "port2"), NULL,
                                                   BONDD_ACTIVATION_USER, &error));
    /* As NetworkManager: no suitable device; but the message must not say
     * that the interface does not exist, since it does. */
    g_assert_error(error, BONDD_MANAGER_ERROR, BONDD_MANAGER_ERROR_UNKNOWN_DEVICE);
    g_assert_nonnull(strstr(error->message, "tport2"));
    g_assert_null(strstr(error->message, "does not exist"));
    harness_flush(h);
    g_assert_null(harness_ac(h, "tbond0"));
    g_assert_null(fake_kernel_get_master(h->kernel, "tport2"));
}

int
main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    harness_init_logging();

    harness_add_test("/core/activation/stage-order/ethernet", test_stage_order_ethernet);
    harness_add_test("/core/activation/stage-order/bond", test_stage_order_bond);
    harness_add_test("/core/activation/ipv6-link-switches", test_ipv6_link_switches);
    harness_add_test("/core/activation/ports/port-brings-controller", test_port_brings_controller);
    harness_add_test("/core/activation/ports/controller-without-ports",
                     test_controller_without_ports);
    harness_add_test("/core/activation/ports/controller-brings-ports",
                     test_controller_brings_ports);
    harness_add_test("/core/activation/ports/autoconnect-ports-yes",
                     test_controller_brings_all_ports);
    harness_add_test("/core/activation/ports/in-link-order", test_controller_ports_in_link_order);
    harness_add_test("/core/activation/ports/attach-before-controller-activated",
                     test_ports_attach_before_controller_activated);
    harness_add_test("/core/activation/ports/user-disconnected", test_user_disconnected_port);
    harness_add_test("/core/activation/ports/link-appears", test_port_link_appears);
    harness_add_test("/core/activation/ports/carrier", test_port_carrier);
    harness_add_test("/core/activation/ports/detached-outside", test_port_detached_outside);
    harness_add_test("/core/activation/parent/child-first", test_child_first);
    harness_add_test("/core/activation/parent/parent-first", test_parent_first);
    harness_add_test("/core/activation/parent/child-waits", test_child_waits);
    harness_add_test("/core/activation/parent/hardware-parent", test_child_of_hardware);
    harness_add_test("/core/activation/reapply", test_reapply);
    harness_add_test("/core/activation/state-flags/ports", test_state_flags);
    harness_add_test("/core/activation/state-flags/no-port", test_state_flags_no_port);
    harness_add_test("/core/activation/link-removed", test_link_removed);
    harness_add_test("/core/activation/profile-removed", test_profile_removed);
    harness_add_test("/core/activation/policy/start", test_policy_start);
    harness_add_test("/core/activation/unmanaged", test_unmanaged);
    return g_test_run();
}
