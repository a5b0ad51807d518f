/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The activation tests' worlds (see activation-world.h).
 */
#include "config.h"

#include "activation-world.h"

/* ---- set-ups ------------------------------------------------------------------------ */

Harness *
bond_world_ordered(gboolean port1_auto, gboolean port2_auto, gboolean autoconnect_ports,
                   gboolean port2_first)
{
    Harness *h = harness_new(NULL);
    g_autoptr(NMConnection) bond =
        profile_bond("bond", "tbond0", "active-backup", "100", BOND_IP, FALSE);
    g_autoptr(NMConnection) port1 = profile_port("port1", "tport1", "tbond0", port1_auto);
    g_autoptr(NMConnection) port2 = profile_port("port2", "tport2", "tbond0", port2_auto);

    if (autoconnect_ports) {
        profile_set_autoconnect_ports(bond, TRUE);
        nm_connection_normalize(bond, NULL, NULL, NULL);
    }
    fake_kernel_add_ethernet(h->kernel, "tport1", TRUE);
    fake_kernel_add_ethernet(h->kernel, "tport2", TRUE);
    harness_add_profile(h, "mem", bond);
    harness_add_profile(h, "mem", port2_first ? port2 : port1);
    harness_add_profile(h, "mem", port2_first ? port1 : port2);
    harness_start(h);
    return h;
}

Harness *
bond_world(gboolean port1_auto, gboolean port2_auto, gboolean autoconnect_ports)
{
    return bond_world_ordered(port1_auto, port2_auto, autoconnect_ports, FALSE);
}

gboolean
ac_ended(BonddActiveConnection *ac)
{
    return bondd_active_connection_get_state(ac) == AC_DEACTIVATED;
}

void
assert_no_link(Harness *h, const char *name)
{
    if (fake_kernel_has_link(h->kernel, name)) {
        g_autofree char *log = fake_plugin_log_to_string(h->plugin);

        g_error("%s is still in the kernel; plugin: %s", name, log);
    }
}

void
assert_no_addresses(Harness *h, const char *name)
{
    g_auto(GStrv) addrs = fake_kernel_get_addresses(h->kernel, name);

    g_assert_cmpuint(g_strv_length(addrs), ==, 0);
}
