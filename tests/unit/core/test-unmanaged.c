/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * NetworkManager's unmanaged flags and what policy makes of them, over the
 * fake kernel: a bond made behind bondd's back stays unmanaged until it is
 * up with an address or a port, is then shown connected externally under a
 * generated, volatile profile (ports too) without a single change to the
 * kernel, and goes with its link; networking off takes every device down
 * and unmanaged ("sleeping"), on brings the autoconnect profiles back; a
 * user's activation overrides the user's own "unmanaged".
 */
#include "config.h"

#include "harness.h"

#include <string.h>

#include "errors.h"

#define EXTERNAL_FLAGS                                                                             \
    (NM_SETTINGS_CONNECTION_FLAG_UNSAVED | NM_SETTINGS_CONNECTION_FLAG_NM_GENERATED |              \
     NM_SETTINGS_CONNECTION_FLAG_VOLATILE | NM_SETTINGS_CONNECTION_FLAG_EXTERNAL)

static Harness *
policy_world(void)
{
    HarnessOptions options = {.policy = TRUE};

    return harness_new(&options);
}

static gboolean
managed(Harness *h, const char *ifname)
{
    BonddNmDevice *device = harness_device(h, ifname);

    return device && bondd_nm_device_get_managed(device);
}

/* Generated profiles carry the interface's name as their id. */
static BonddProfile *
profile_by_id(Harness *h, const char *id)
{
    GPtrArray *profiles = bondd_settings_get_profiles(h->daemon.settings);

    for (guint i = 0; i < profiles->len; i++) {
        if (g_strcmp0(bondd_profile_get_id(profiles->pdata[i]), id) == 0)
            return profiles->pdata[i];
    }
    return NULL;
}

static void
test_external_bond(void)
{
    g_autoptr(Harness) h = policy_world();
    BonddProfile *bond, *port;
    g_autoptr(NMConnection) bond_conn = NULL;
    g_autoptr(NMConnection) port_conn = NULL;
    BonddActiveConnection *ac;

    fake_kernel_add_ethernet(h->kernel, "tport1", TRUE);
    harness_start(h);
    /* Made with ip: down, a port, an address: still not configured. */
    fake_kernel_add_link(h->kernel, "tbond9", "bond");
    fake_kernel_set_master(h->kernel, "tport1", "tbond9");
    fake_kernel_add_address(h->kernel, "tbond9", "192.0.2.9/24");
    harness_run_for(h, 50);
    g_assert_cmpuint(harness_device_state(h, "tbond9"), ==, NM_DEVICE_STATE_UNMANAGED);
    g_assert_false(managed(h, "tbond9"));
    g_assert_true(bondd_nm_device_get_unmanaged_flags(harness_device(h, "tbond9")) &
                  BONDD_UNMANAGED_EXTERNAL_DOWN);
    g_assert_null(profile_by_id(h, "tbond9"));

    fake_kernel_set_up(h->kernel, "tbond9", TRUE);
    harness_wait_device(h, "tbond9", NM_DEVICE_STATE_ACTIVATED);
    harness_wait_device(h, "tport1", NM_DEVICE_STATE_ACTIVATED);
    g_assert_true(managed(h, "tbond9"));

    bond = profile_by_id(h, "tbond9");
    port = profile_by_id(h, "tport1");
    g_assert_nonnull(bond);
    g_assert_nonnull(port);
    g_assert_cmpuint(bondd_profile_get_flags(bond), ==, EXTERNAL_FLAGS);
    g_assert_cmpuint(bondd_profile_get_flags(port), ==, EXTERNAL_FLAGS);
    bond_conn = bondd_profile_dup_connection(bond);
    port_conn = bondd_profile_dup_connection(port);
    g_assert_cmpstr(nm_connection_get_interface_name(bond_conn), ==, "tbond9");
    g_assert_false(
        nm_setting_connection_get_autoconnect(nm_connection_get_setting_connection(bond_conn)));
    g_assert_cmpstr(
        nm_setting_ip_config_get_method(nm_connection_get_setting_ip4_config(bond_conn)), ==,
        NM_SETTING_IP4_CONFIG_METHOD_MANUAL);
    g_assert_cmpstr(nm_ip_address_get_address(nm_setting_ip_config_get_address(
                        nm_connection_get_setting_ip4_config(bond_conn), 0)),
                    ==, "192.0.2.9");
    g_assert_nonnull(nm_connection_get_setting_bond(bond_conn));
    g_assert_cmpstr(
        nm_setting_connection_get_master(nm_connection_get_setting_connection(port_conn)), ==,
        bondd_profile_get_uuid(bond));
    ac = harness_ac(h, "tbond9");
    g_assert_true(bondd_active_connection_get_state_flags(ac) & NM_ACTIVATION_STATE_FLAG_EXTERNAL);
    /* The link is someone else's: described, never realized or attached. */
    g_assert_cmpuint(fake_plugin_log_count(h->plugin, "describe tbond9"), ==, 1);
    g_assert_cmpuint(fake_plugin_log_count(h->plugin, "realize"), ==, 0);
    g_assert_cmpuint(fake_plugin_log_count(h->plugin, "attach"), ==, 0);

    /* Deleted with ip: its activations end, the generated profiles go. */
    fake_kernel_remove_link(h->kernel, "tbond9");
    harness_wait(h, !profile_by_id(h, "tbond9") && !profile_by_id(h, "tport1"));
    g_assert_null(harness_ac(h, "tport1"));
    g_assert_cmpuint(fake_plugin_log_count(h->plugin, "unrealize"), ==, 0);
}

/* A client's Managed overrides "not configured yet", but the link is not
 * shown connected for that: it rests, disconnected. */
static void
test_external_managed_by_client(void)
{
    g_autoptr(Harness) h = policy_world();

    harness_start(h);
    fake_kernel_add_link(h->kernel, "tbond9", "bond");
    fake_kernel_set_up(h->kernel, "tbond9", TRUE);
    harness_run_for(h, 50);
    g_assert_false(managed(h, "tbond9"));
    bondd_nm_device_set_unmanaged(harness_device(h, "tbond9"), BONDD_UNMANAGED_USER_EXPLICIT, FALSE,
                                  NM_DEVICE_STATE_REASON_NOW_MANAGED);
    g_assert_true(managed(h, "tbond9"));
    harness_run_for(h, 50);
    g_assert_cmpuint(harness_device_state(h, "tbond9"), ==, NM_DEVICE_STATE_DISCONNECTED);
    g_assert_null(profile_by_id(h, "tbond9"));
}

/* A link with a profile that fits is left for a user to activate. */
static void
test_external_with_profile(void)
{
    g_autoptr(Harness) h = policy_world();
    g_autoptr(NMConnection) bond =
        profile_bond("mine", "tbond9", "active-backup", NULL, NULL, FALSE);

    harness_add_profile(h, "mem", bond);
    harness_start(h);
    fake_kernel_add_link(h->kernel, "tbond9", "bond");
    fake_kernel_add_address(h->kernel, "tbond9", "192.0.2.9/24");
    fake_kernel_set_up(h->kernel, "tbond9", TRUE);
    harness_wait(h, managed(h, "tbond9"));
    harness_run_for(h, 50);
    g_assert_cmpuint(harness_device_state(h, "tbond9"), ==, NM_DEVICE_STATE_DISCONNECTED);
    g_assert_null(profile_by_id(h, "tbond9"));
}

static void
test_networking_off_and_on(void)
{
    g_autoptr(Harness) h = policy_world();
    g_autoptr(NMConnection) eth = profile_ethernet("eth", "tport1", "192.0.2.1/24", TRUE);
    guint mark;

    fake_kernel_add_ethernet(h->kernel, "tport1", TRUE);
    harness_add_profile(h, "mem", eth);
    harness_start(h);
    harness_wait_device(h, "tport1", NM_DEVICE_STATE_ACTIVATED);

    mark = harness_mark(h);
    bondd_policy_set_networking(h->policy, FALSE);
    harness_flush(h);
    {
        g_autofree char *states = harness_device_states(h, "tport1", mark);

        /* NetworkManager's way down, every step with reason "sleeping". */
        g_assert_cmpstr(states, ==, "110 30 10");
    }
    g_assert_cmpuint(harness_device_reason(h, "tport1"), ==, NM_DEVICE_STATE_REASON_SLEEPING);
    g_assert_null(harness_ac(h, "tport1"));
    {
        g_auto(GStrv) addresses = fake_kernel_get_addresses(h->kernel, "tport1");

        g_assert_null(addresses[0]);
    }
    /* A client's Managed does not override it; a new link is born asleep. */
    bondd_nm_device_set_unmanaged(harness_device(h, "tport1"), BONDD_UNMANAGED_USER_EXPLICIT, FALSE,
                                  NM_DEVICE_STATE_REASON_NOW_MANAGED);
    g_assert_false(managed(h, "tport1"));
    fake_kernel_add_ethernet(h->kernel, "tport2", TRUE);
    harness_run_for(h, 50);
    g_assert_cmpuint(harness_device_state(h, "tport2"), ==, NM_DEVICE_STATE_UNMANAGED);

    bondd_policy_set_networking(h->policy, TRUE);
    harness_wait_device(h, "tport1", NM_DEVICE_STATE_ACTIVATED);
    g_assert_true(managed(h, "tport2"));
}

/* A user's activation makes a device the user unmanaged managed again;
 * autoconnect leaves it alone. */
static void
test_user_explicit(void)
{
    g_autoptr(Harness) h = policy_world();
    g_autoptr(NMConnection) eth = profile_ethernet("eth", "tport1", NULL, FALSE);
    g_autoptr(BonddActiveConnection) ac = NULL;
    g_autoptr(GError) error = NULL;

    fake_kernel_add_ethernet(h->kernel, "tport1", TRUE);
    harness_add_profile(h, "mem", eth);
    harness_start(h);
    bondd_nm_device_set_unmanaged(harness_device(h, "tport1"), BONDD_UNMANAGED_USER_EXPLICIT, TRUE,
                                  NM_DEVICE_STATE_REASON_REMOVED);
    g_assert_cmpuint(harness_device_reason(h, "tport1"), ==, NM_DEVICE_STATE_REASON_REMOVED);
    g_assert_null(bondd_activation_engine_activate(h->engine, harness_profile(h, "eth"), NULL,
                                                   BONDD_ACTIVATION_AUTO, &error));
    g_assert_error(error, BONDD_MANAGER_ERROR, BONDD_MANAGER_ERROR_UNKNOWN_DEVICE);
    g_assert_nonnull(strstr(error->message, "strictly unmanaged"));
    ac = harness_activate(h, harness_profile(h, "eth"), BONDD_ACTIVATION_USER);
    harness_wait_device(h, "tport1", NM_DEVICE_STATE_ACTIVATED);
    g_assert_true(managed(h, "tport1"));
}

int
main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    harness_init_logging();

    harness_add_test("/core/unmanaged/external-bond", test_external_bond);
    harness_add_test("/core/unmanaged/external-managed-by-client", test_external_managed_by_client);
    harness_add_test("/core/unmanaged/external-with-profile", test_external_with_profile);
    harness_add_test("/core/unmanaged/networking", test_networking_off_and_on);
    harness_add_test("/core/unmanaged/user-explicit", test_user_explicit);
    return g_test_run();
}
