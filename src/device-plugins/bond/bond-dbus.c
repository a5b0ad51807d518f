/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * org.bondd.Device.Bond, from the generated skeleton.  Property values come
 * from the decoded kernel state; option names and enum spellings come from
 * the option table through the BondConfig.
 */
#include "config.h"

#include "bond-dbus.h"
#include "bond-dbus-generated.h"

GDBusInterfaceSkeleton *
bond_dbus_new(void)
{
    BonddDBusDeviceBond *skel = bondd_dbus_device_bond_skeleton_new();

    /* Start from "nothing reported" rather than NULL strings/variants. */
    bondd_dbus_device_bond_set_mode(skel, "");
    bondd_dbus_device_bond_set_mode_description(skel, "");
    bondd_dbus_device_bond_set_active_port(skel, "");
    bondd_dbus_device_bond_set_mii_status(skel, "down");
    bondd_dbus_device_bond_set_arp_validate(skel, "");
    bondd_dbus_device_bond_set_arp_all_targets(skel, "");
    bondd_dbus_device_bond_set_primary(skel, "");
    bondd_dbus_device_bond_set_primary_reselect(skel, "");
    bondd_dbus_device_bond_set_fail_over_mac(skel, "");
    bondd_dbus_device_bond_set_xmit_hash_policy(skel, "");
    {
        const char *const empty[] = {NULL};

        bondd_dbus_device_bond_set_arp_ip_targets(skel, empty);
        bondd_dbus_device_bond_set_ns_ip6_targets(skel, empty);
    }
    bondd_dbus_device_bond_set_options(skel, g_variant_new("a{ss}", NULL));
    bondd_dbus_device_bond_set_ports(skel, g_variant_new("a{sa{sv}}", NULL));
    bondd_dbus_device_bond_set_ad(skel, g_variant_new("a{sv}", NULL));
    bondd_dbus_device_bond_set_health(skel, "down");
    bondd_dbus_device_bond_set_health_findings(skel, g_variant_new("a(sss)", NULL));
    return G_DBUS_INTERFACE_SKELETON(skel);
}

static const char *
opt_str(const BondState *state, const char *name)
{
    const char *v = bond_config_get(&state->options, name);

    return v ? v : "";
}

static guint32
opt_uint(const BondState *state, const char *name)
{
    return bond_config_get_uint(&state->options, name, 0);
}

static char **
opt_list(const BondState *state, const char *name)
{
    const char *v = bond_config_get(&state->options, name);

    if (!v || !*v)
        return g_new0(char *, 1);
    return g_strsplit(v, ",", -1);
}

void
bond_dbus_update(GDBusInterfaceSkeleton *skeleton, const BondState *state)
{
    BonddDBusDeviceBond *skel = BONDD_DBUS_DEVICE_BOND(skeleton);
    g_auto(GStrv) arp = opt_list(state, "arp_ip_target");
    g_auto(GStrv) ns = opt_list(state, "ns_ip6_target");
    int mode = bond_config_mode(&state->options);
    const BondModeInfo *mi = mode >= 0 ? bond_mode_info((BondMode)mode) : NULL;

    bondd_dbus_device_bond_set_mode(skel, opt_str(state, "mode"));
    {
        const char *fom = opt_str(state, "fail_over_mac");
        g_autofree char *desc = NULL;

        /* As /proc/net/bonding prints it. */
        if (mode == BOND_MODE_ACTIVE_BACKUP && *fom && !g_str_equal(fom, "none"))
            desc = g_strdup_printf("%s (fail_over_mac %s)", mi->proc_name, fom);
        else
            desc = g_strdup(mi ? mi->proc_name : "");
        bondd_dbus_device_bond_set_mode_description(skel, desc);
    }
    bondd_dbus_device_bond_set_active_port(skel, state->active_port);
    bondd_dbus_device_bond_set_mii_status(skel, state->carrier ? "up" : "down");
    bondd_dbus_device_bond_set_mii_interval(skel, opt_uint(state, "miimon"));
    bondd_dbus_device_bond_set_up_delay(skel, opt_uint(state, "updelay"));
    bondd_dbus_device_bond_set_down_delay(skel, opt_uint(state, "downdelay"));
    bondd_dbus_device_bond_set_peer_notify_delay(skel, opt_uint(state, "peer_notif_delay"));
    bondd_dbus_device_bond_set_arp_interval(skel, opt_uint(state, "arp_interval"));
    bondd_dbus_device_bond_set_arp_ip_targets(skel, (const char *const *)arp);
    bondd_dbus_device_bond_set_arp_validate(skel, opt_str(state, "arp_validate"));
    bondd_dbus_device_bond_set_arp_all_targets(skel, opt_str(state, "arp_all_targets"));
    bondd_dbus_device_bond_set_arp_missed_max(skel, opt_uint(state, "arp_missed_max"));
    bondd_dbus_device_bond_set_ns_ip6_targets(skel, (const char *const *)ns);
    bondd_dbus_device_bond_set_primary(skel, opt_str(state, "primary"));
    bondd_dbus_device_bond_set_primary_reselect(skel, opt_str(state, "primary_reselect"));
    bondd_dbus_device_bond_set_fail_over_mac(skel, opt_str(state, "fail_over_mac"));
    bondd_dbus_device_bond_set_xmit_hash_policy(skel, opt_str(state, "xmit_hash_policy"));
    bondd_dbus_device_bond_set_options(skel, bond_state_options_variant(state));
    bondd_dbus_device_bond_set_ports(skel, bond_state_ports_variant(state));
    bondd_dbus_device_bond_set_ad(skel, bond_state_ad_variant(state));
}

void
bond_dbus_emit_failover(GDBusInterfaceSkeleton *skeleton, const char *old_port,
                        const char *new_port, guint64 timestamp_us)
{
    /* The skeleton sends PropertiesChanged from an idle callback but a
     * signal at once: without the flush, ActivePort would arrive after the
     * Failover that announces it. */
    g_dbus_interface_skeleton_flush(skeleton);
    bondd_dbus_device_bond_emit_failover(BONDD_DBUS_DEVICE_BOND(skeleton), old_port ? old_port : "",
                                         new_port ? new_port : "", timestamp_us);
}

void
bond_dbus_emit_port_flapping(GDBusInterfaceSkeleton *skeleton, const char *port, guint changes)
{
    g_dbus_interface_skeleton_flush(skeleton);
    bondd_dbus_device_bond_emit_port_flapping(BONDD_DBUS_DEVICE_BOND(skeleton), port, changes);
}

void
bond_dbus_set_health(GDBusInterfaceSkeleton *skeleton, const char *health, GVariant *findings,
                     guint64 since_us)
{
    BonddDBusDeviceBond *skel = BONDD_DBUS_DEVICE_BOND(skeleton);

    bondd_dbus_device_bond_set_health(skel, health);
    bondd_dbus_device_bond_set_health_findings(skel, findings);
    bondd_dbus_device_bond_set_health_since(skel, since_us);
}

void
bond_dbus_emit_health_changed(GDBusInterfaceSkeleton *skeleton, const char *old_health,
                              const char *new_health, GVariant *findings)
{
    g_dbus_interface_skeleton_flush(skeleton);
    bondd_dbus_device_bond_emit_health_changed(BONDD_DBUS_DEVICE_BOND(skeleton), old_health,
                                               new_health, findings);
}

void
bond_dbus_emit_event(GDBusInterfaceSkeleton *skeleton, const BondEvent *event)
{
    g_dbus_interface_skeleton_flush(skeleton);
    bondd_dbus_device_bond_emit_event(BONDD_DBUS_DEVICE_BOND(skeleton), (guint64)event->realtime_us,
                                      (guint64)event->monotonic_us, event->kind, event->port,
                                      event->text);
}

static gboolean
handle_get_history(BonddDBusDeviceBond *skel, GDBusMethodInvocation *invocation, guint max,
                   gpointer user_data)
{
    BondHistory *history = user_data;

    /* Reading is open to everyone, like every other property here. */
    g_dbus_method_invocation_return_value(
        invocation, g_variant_new_tuple((GVariant *[]){bond_history_to_variant(history, max)}, 1));
    return TRUE;
}

void
bond_dbus_serve_history(GDBusInterfaceSkeleton *skeleton, BondHistory *history)
{
    g_signal_connect(skeleton, "handle-get-history", G_CALLBACK(handle_get_history), history);
}
