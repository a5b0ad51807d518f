/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Runtime state of a bond; see bond-state.h.
 */
#include "config.h"

#include "bond-state.h"

#include <string.h>

static void
port_state_free(gpointer data)
{
    BondPortState *p = data;

    g_free(p->name);
    g_free(p->duplex);
    g_queue_clear_full(&p->change_times, g_free);
    g_free(p);
}

BondState *
bond_state_new(const char *name)
{
    BondState *s = g_new0(BondState, 1);

    s->name = g_strdup(name);
    s->active_port = g_strdup("");
    s->ports = g_hash_table_new_full(g_direct_hash, g_direct_equal, NULL, port_state_free);
    s->flap_threshold = BOND_STATE_FLAP_THRESHOLD_DEFAULT;
    s->flap_window_us = BOND_STATE_FLAP_WINDOW_DEFAULT;
    s->configured_ports = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
    return s;
}

void
bond_state_free(BondState *state)
{
    if (!state)
        return;
    g_free(state->name);
    g_free(state->active_port);
    bond_config_clear(&state->options);
    g_hash_table_unref(state->ports);
    g_hash_table_unref(state->configured_ports);
    bond_proc_info_free(state->proc);
    g_free(state);
}

gboolean
bond_state_update_bond(BondState *state, int ifindex, gboolean carrier, BondConfig *options,
                       guint32 ifla_event, char **out_old, char **out_new)
{
    const char *active;
    gboolean changed;

    state->ifindex = ifindex;
    state->carrier = carrier;
    bond_config_clear(&state->options);
    state->options = *options;
    memset(options, 0, sizeof *options);

    /* The kernel leaves ACTIVE_SLAVE out of dumps when there is none. */
    active = bond_config_get(&state->options, "active_slave");
    if (!active)
        active = "";
    changed = state->bond_seen && !g_str_equal(active, state->active_port);
    if (!state->bond_seen) {
        state->bond_seen = TRUE;
        g_free(state->active_port);
        state->active_port = g_strdup(active);
    }
    /* IFLA_EVENT_BONDING_FAILOVER only says "re-read": a coalesced message
     * may carry an active port we already know, which is no new failover. */
    (void)ifla_event;
    if (!changed)
        return FALSE;
    if (out_old)
        *out_old = g_strdup(state->active_port);
    if (out_new)
        *out_new = g_strdup(active);
    g_free(state->active_port);
    state->active_port = g_strdup(active);
    return TRUE;
}

BondPortState *
bond_state_get_port(BondState *state, int ifindex)
{
    return g_hash_table_lookup(state->ports, GINT_TO_POINTER(ifindex));
}

gboolean
bond_state_update_port(BondState *state, int ifindex, const char *name, const BondPortInfo *info,
                       gboolean carrier, guint32 carrier_changes, guint32 up_count,
                       guint32 down_count, gint64 now_us, guint *out_changes)
{
    BondPortState *p = bond_state_get_port(state, ifindex);
    gboolean flapping = FALSE;

    if (!p) {
        p = g_new0(BondPortState, 1);
        p->ifindex = ifindex;
        p->duplex = g_strdup("unknown");
        g_queue_init(&p->change_times);
        g_hash_table_insert(state->ports, GINT_TO_POINTER(ifindex), p);
    }
    if (g_strcmp0(p->name, name) != 0) {
        g_free(p->name);
        p->name = g_strdup(name);
    }
    if (info) {
        p->info = *info;
        p->have_info = TRUE;
    }
    p->carrier = carrier;

    /* The first sighting is the baseline; a counter that went backwards
     * means a new device under the same index: start over. */
    if (p->counters_seen && carrier_changes >= p->carrier_changes) {
        guint32 delta = MIN(carrier_changes - p->carrier_changes, 1000u);

        for (guint32 i = 0; i < delta; i++) {
            gint64 *t = g_new(gint64, 1);

            *t = now_us;
            g_queue_push_tail(&p->change_times, t);
        }
    }
    p->counters_seen = TRUE;
    p->carrier_changes = carrier_changes;
    p->carrier_up_count = up_count;
    p->carrier_down_count = down_count;

    while (!g_queue_is_empty(&p->change_times)) {
        gint64 *t = g_queue_peek_head(&p->change_times);

        if (now_us - *t <= state->flap_window_us)
            break;
        g_free(g_queue_pop_head(&p->change_times));
    }
    if (g_queue_get_length(&p->change_times) > state->flap_threshold &&
        (p->last_flap_report == 0 || now_us - p->last_flap_report >= state->flap_window_us)) {
        p->last_flap_report = now_us;
        flapping = TRUE;
        if (out_changes)
            *out_changes = g_queue_get_length(&p->change_times);
    }
    return flapping;
}

void
bond_state_set_port_speed(BondState *state, int ifindex, guint speed, const char *duplex)
{
    BondPortState *p = bond_state_get_port(state, ifindex);

    if (!p)
        return;
    p->speed = speed;
    g_free(p->duplex);
    p->duplex = g_strdup(duplex ? duplex : "unknown");
}

gboolean
bond_state_remove_port(BondState *state, int ifindex)
{
    return g_hash_table_remove(state->ports, GINT_TO_POINTER(ifindex));
}

void
bond_state_forget_link(BondState *state)
{
    state->ifindex = 0;
    state->carrier = FALSE;
    g_hash_table_remove_all(state->ports);
    bond_state_set_proc(state, NULL);
}

void
bond_state_set_mtu(BondState *state, guint mtu)
{
    state->mtu = mtu;
}

void
bond_state_set_port_mtu(BondState *state, int ifindex, guint mtu)
{
    BondPortState *p = bond_state_get_port(state, ifindex);

    if (p)
        p->mtu = mtu;
}

void
bond_state_set_configured_port(BondState *state, const char *name, gboolean configured)
{
    if (!name || !*name)
        return;
    if (configured)
        g_hash_table_add(state->configured_ports, g_strdup(name));
    else
        g_hash_table_remove(state->configured_ports, name);
}

guint
bond_state_port_recent_changes(const BondState *state, const BondPortState *port, gint64 now_us)
{
    guint n = 0;

    for (GList *l = port->change_times.head; l; l = l->next) {
        gint64 t = *(gint64 *)l->data;

        if (now_us - t <= state->flap_window_us)
            n++;
    }
    return n;
}

gboolean
bond_port_is_up(const BondPortState *port)
{
    if (port->have_info && BOND_PORT_HAS(&port->info, IFLA_BOND_SLAVE_MII_STATUS))
        return port->info.mii_status == 0; /* BOND_LINK_UP */
    return port->carrier;
}

void
bond_state_set_proc(BondState *state, BondProcInfo *proc)
{
    bond_proc_info_free(state->proc);
    state->proc = proc;
}

static const char *
port_enum(const char *attr_name, guint value)
{
    const BondPortAttrInfo *pa = bond_port_attr_by_name(attr_name);

    for (guint i = 0; pa && pa->enum_names && pa->enum_names[i]; i++) {
        if (i == value)
            return pa->enum_names[i];
    }
    return "unknown";
}

static gint
compare_ports(gconstpointer a, gconstpointer b)
{
    const BondPortState *pa = *(BondPortState *const *)a;
    const BondPortState *pb = *(BondPortState *const *)b;

    return pa->ifindex - pb->ifindex;
}

GVariant *
bond_state_ports_variant(const BondState *state)
{
    GVariantBuilder b;
    g_autoptr(GPtrArray) ports = g_ptr_array_new();
    GHashTableIter iter;
    gpointer value;

    g_hash_table_iter_init(&iter, state->ports);
    while (g_hash_table_iter_next(&iter, NULL, &value))
        g_ptr_array_add(ports, value);
    g_ptr_array_sort(ports, compare_ports);
    g_variant_builder_init(&b, G_VARIANT_TYPE("a{sa{sv}}"));
    for (guint i = 0; i < ports->len; i++) {
        const BondPortState *p = g_ptr_array_index(ports, i);
        const BondPortInfo *in = &p->info;
        GVariantBuilder pb;

        if (!p->name)
            continue;
        g_variant_builder_init(&pb, G_VARIANT_TYPE("a{sv}"));
        g_variant_builder_add(&pb, "{sv}", "Ifindex", g_variant_new_int32(p->ifindex));
        g_variant_builder_add(&pb, "{sv}", "Carrier", g_variant_new_boolean(p->carrier));
        g_variant_builder_add(&pb, "{sv}", "CarrierChanges",
                              g_variant_new_uint32(p->carrier_changes));
        g_variant_builder_add(&pb, "{sv}", "CarrierUpCount",
                              g_variant_new_uint32(p->carrier_up_count));
        g_variant_builder_add(&pb, "{sv}", "CarrierDownCount",
                              g_variant_new_uint32(p->carrier_down_count));
        g_variant_builder_add(&pb, "{sv}", "Speed", g_variant_new_uint32(p->speed));
        g_variant_builder_add(&pb, "{sv}", "Duplex",
                              g_variant_new_string(p->duplex ? p->duplex : "unknown"));
        if (p->have_info) {
            if (BOND_PORT_HAS(in, IFLA_BOND_SLAVE_MII_STATUS))
                g_variant_builder_add(
                    &pb, "{sv}", "MiiStatus",
                    g_variant_new_string(port_enum("mii_status", in->mii_status)));
            if (BOND_PORT_HAS(in, IFLA_BOND_SLAVE_STATE))
                g_variant_builder_add(&pb, "{sv}", "State",
                                      g_variant_new_string(port_enum("state", in->state)));
            if (BOND_PORT_HAS(in, IFLA_BOND_SLAVE_LINK_FAILURE_COUNT))
                g_variant_builder_add(&pb, "{sv}", "LinkFailureCount",
                                      g_variant_new_uint32(in->link_failure_count));
            if (BOND_PORT_HAS(in, IFLA_BOND_SLAVE_PERM_HWADDR)) {
                g_autofree char *mac = nm_utils_hwaddr_ntoa(in->perm_hwaddr, in->perm_hwaddr_len);

                g_variant_builder_add(&pb, "{sv}", "PermHwAddress", g_variant_new_string(mac));
            }
            if (BOND_PORT_HAS(in, IFLA_BOND_SLAVE_QUEUE_ID))
                g_variant_builder_add(&pb, "{sv}", "QueueId", g_variant_new_uint32(in->queue_id));
            if (BOND_PORT_HAS(in, BONDD_IFLA_BOND_SLAVE_PRIO))
                g_variant_builder_add(&pb, "{sv}", "Prio", g_variant_new_int32(in->prio));
            if (BOND_PORT_HAS(in, IFLA_BOND_SLAVE_AD_AGGREGATOR_ID))
                g_variant_builder_add(&pb, "{sv}", "AggregatorId",
                                      g_variant_new_uint32(in->ad_aggregator_id));
            if (BOND_PORT_HAS(in, IFLA_BOND_SLAVE_AD_ACTOR_OPER_PORT_STATE))
                g_variant_builder_add(&pb, "{sv}", "ActorOperPortState",
                                      g_variant_new_uint32(in->ad_actor_oper_port_state));
            if (BOND_PORT_HAS(in, IFLA_BOND_SLAVE_AD_PARTNER_OPER_PORT_STATE))
                g_variant_builder_add(&pb, "{sv}", "PartnerOperPortState",
                                      g_variant_new_uint32(in->ad_partner_oper_port_state));
            if (BOND_PORT_HAS(in, BONDD_IFLA_BOND_SLAVE_ACTOR_PORT_PRIO))
                g_variant_builder_add(&pb, "{sv}", "ActorPortPrio",
                                      g_variant_new_uint32(in->actor_port_prio));
        }
        /* procfs-only LACP facts (802.3ad, polled).  Its churn states agree
         * with the 7.1+ netlink ones and cover older kernels; use netlink's
         * only when there is no procfs read (a{sv} keys must be unique). */
        if (state->proc) {
            bond_procfs_port_to_variant(bond_proc_info_port(state->proc, p->name), &pb);
        } else if (p->have_info) {
            if (BOND_PORT_HAS(in, BONDD_IFLA_BOND_SLAVE_AD_CHURN_ACTOR_STATE))
                g_variant_builder_add(
                    &pb, "{sv}", "ActorChurnState",
                    g_variant_new_string(bond_churn_state_name(in->ad_churn_actor_state)));
            if (BOND_PORT_HAS(in, BONDD_IFLA_BOND_SLAVE_AD_CHURN_PARTNER_STATE))
                g_variant_builder_add(
                    &pb, "{sv}", "PartnerChurnState",
                    g_variant_new_string(bond_churn_state_name(in->ad_churn_partner_state)));
        }
        g_variant_builder_add(&b, "{s@a{sv}}", p->name, g_variant_builder_end(&pb));
    }
    return g_variant_builder_end(&b);
}

GVariant *
bond_state_ad_variant(const BondState *state)
{
    static const struct {
        const char *option;
        const char *key;
    } fields[] = {
        {"ad_aggregator", "ActiveAggregator"}, {"ad_num_ports", "NumPorts"},
        {"ad_actor_key", "ActorKey"},          {"ad_partner_key", "PartnerKey"},
        {"ad_partner_mac", "PartnerMac"},
    };
    GVariantBuilder b;

    g_variant_builder_init(&b, G_VARIANT_TYPE("a{sv}"));
    for (guint i = 0; i < G_N_ELEMENTS(fields); i++) {
        const BondOptionInfo *opt = bond_option_by_name(fields[i].option);
        const char *v = bond_config_get(&state->options, fields[i].option);

        if (!v)
            continue;
        if (opt->type == BOND_OPT_TYPE_MAC)
            g_variant_builder_add(&b, "{sv}", fields[i].key, g_variant_new_string(v));
        else
            g_variant_builder_add(&b, "{sv}", fields[i].key,
                                  g_variant_new_uint32((guint32)g_ascii_strtoull(v, NULL, 10)));
    }
    bond_procfs_master_to_variant(state->proc, &b);
    return g_variant_builder_end(&b);
}

GVariant *
bond_state_options_variant(const BondState *state)
{
    GVariantBuilder b;

    g_variant_builder_init(&b, G_VARIANT_TYPE("a{ss}"));
    for (guint i = 0; i < bond_options_count(); i++) {
        const BondOptionInfo *opt = bond_option_by_index(i);

        if (state->options.values[i])
            g_variant_builder_add(&b, "{ss}", opt->name, state->options.values[i]);
    }
    return g_variant_builder_end(&b);
}

void
bond_state_read_sysfs_speed(const char *port, guint *speed, char **duplex)
{
    g_autofree char *spath = g_build_filename("/sys/class/net", port, "speed", NULL);
    g_autofree char *dpath = g_build_filename("/sys/class/net", port, "duplex", NULL);
    g_autofree char *s = NULL;
    g_autofree char *d = NULL;
    gint64 v;

    *speed = 0;
    /* Reading fails with EINVAL when the driver does not know (no carrier). */
    if (g_file_get_contents(spath, &s, NULL, NULL)) {
        v = g_ascii_strtoll(g_strstrip(s), NULL, 10);
        *speed = v > 0 && v < G_MAXUINT32 ? (guint)v : 0;
    }
    if (g_file_get_contents(dpath, &d, NULL, NULL) && *g_strstrip(d))
        *duplex = g_steal_pointer(&d);
    else
        *duplex = g_strdup("unknown");
}
