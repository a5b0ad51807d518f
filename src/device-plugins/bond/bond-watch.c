/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Following one bond's kernel reports; see bond-watch.h.
 *
 * The core reads links on two sockets: notifications on one, its own
 * re-reads (after bondd changed something) on another.  A re-read can
 * therefore be newer than notifications still queued, which arrive after it
 * and describe an older state.  Two rules keep that from showing as events
 * that never happened:
 *   - a notification that changes the active port is believed only once a
 *     fresh read of the bond confirms it (the kernel switched once, not
 *     three times, when the first port is attached);
 *   - a port message whose carrier counter is lower than one already seen
 *     is older than what we know, and is dropped (the counter only grows).
 */
#include "config.h"

#include "bond-watch.h"

#include <glib/gi18n-lib.h>
#include <stdarg.h>
#include <string.h>

#include "bond-dbus.h"
#include "bond-health.h"
#include "bond-history.h"
#include "bond-netlink.h"

#define POLL_INTERVAL_S 3
/* Health is evaluated this long after the first change of a burst, so that
 * one failover (bond, then port messages) is one verdict. */
#define HEALTH_SETTLE_MS 100
/* A bond made (or taken over) for an activation is judged once its first
 * port is attached, or at the latest this long after: a verdict on a bond
 * on its way up ("down: no port up", then "ok") would be a false alarm. */
#define HEALTH_ACTIVATION_MS 5000
/* While a port flaps, look again this often: the finding ends when its
 * changes leave the flap window, which no message announces. */
#define FLAP_RECHECK_MS 1000
/* The history is written at most this often. */
#define HISTORY_SAVE_DELAY_MS 1000

struct _BondWatch {
    BonddDeviceHost host;
    char *ifname;
    int ifindex;
    BondState *state;             /* borrowed */
    GDBusInterfaceSkeleton *dbus; /* borrowed */
    BondHistory *history;
    BondHealthReport *health; /* last published, NULL before the first */
    guint64 health_since;     /* CLOCK_REALTIME µs */
    guint health_source;
    gboolean activating; /* made for an activation, no port attached yet */
    guint publish_source;
    guint poll_id;
    gboolean adopting; /* ports seen now were there before: no events */
};

typedef struct {
    gboolean known;
    gboolean carrier;
    gboolean have_info;
    BondPortInfo info;
} PortSnapshot;

static void schedule_health(BondWatch *w, guint delay_ms);
static void update_poll(BondWatch *w);

/* -------------------------------------------------------------- history */

static void G_GNUC_PRINTF(4, 5)
    record(BondWatch *w, const char *kind, const char *port, const char *format, ...)
{
    g_autofree char *text = NULL;
    const BondEvent *e;
    va_list ap;

    va_start(ap, format);
    text = g_strdup_vprintf(format, ap);
    va_end(ap);
    e = bond_history_add(w->history, g_get_real_time(), g_get_monotonic_time(), kind, port, text);
    if (e)
        bond_dbus_emit_event(w->dbus, e);
}

static const char *
or_none(const char *port)
{
    return port && *port ? port : _("(none)");
}

/* ------------------------------------------------------------- the bond */

static const char *
resolve_index(int ifindex, gpointer user_data)
{
    BondWatch *w = user_data;
    const BonddLink *link = w->host.get_link(w->host.host_data, ifindex);

    return link ? link->name : NULL;
}

static gboolean
parse_bond(BondWatch *w, const BonddLink *link, BondConfig *options, guint32 *event)
{
    BondLinkAttrs attrs;

    if (!bond_netlink_parse_link(link->nlh, &attrs))
        return FALSE;
    bond_netlink_parse_info_data(attrs.info_data, resolve_index, w, options, NULL);
    if (event && !*event)
        *event = attrs.event;
    return TRUE;
}

static const char *
active_of(const BondConfig *options)
{
    const char *active = bond_config_get(options, "active_slave");

    return active ? active : "";
}

void
bond_watch_bond_link(BondWatch *w, const BonddLink *link, guint32 ifla_event, gboolean fresh)
{
    BondConfig options;
    g_autofree char *old_port = NULL;
    g_autofree char *new_port = NULL;
    guint32 event = ifla_event;

    if (!parse_bond(w, link, &options, &event))
        return;
    if (!fresh && w->state->bond_seen && !g_str_equal(active_of(&options), w->state->active_port)) {
        const BonddLink *now;

        /* Possibly a notification older than our last read: ask the kernel. */
        if (w->host.refresh_link(w->host.host_data, link->ifindex) &&
            (now = w->host.get_link(w->host.host_data, link->ifindex))) {
            bond_config_clear(&options);
            if (!parse_bond(w, now, &options, NULL))
                return;
            link = now;
        }
    }
    bond_state_set_mtu(w->state, link->mtu);
    if (bond_state_update_bond(w->state, link->ifindex, link->carrier, &options, event, &old_port,
                               &new_port)) {
        gint64 mono = g_get_monotonic_time();

        g_message(_("%s: active port %s -> %s%s"), w->ifname, or_none(old_port), or_none(new_port),
                  event == BONDD_IFLA_EVENT_BONDING_FAILOVER ? _(" (failover event)") : "");
        /* Properties first, then the signal that speaks of them. */
        bond_dbus_update(w->dbus, w->state);
        bond_dbus_emit_failover(w->dbus, old_port, new_port, (guint64)mono);
        record(w, "failover", new_port, _("active port %s -> %s"), or_none(old_port),
               or_none(new_port));
    }
    bond_config_clear(&options);
    update_poll(w);
}

/* ------------------------------------------------------------ the ports */

static void
snapshot(BondWatch *w, int ifindex, PortSnapshot *out)
{
    const BondPortState *p = bond_state_get_port(w->state, ifindex);

    *out = (PortSnapshot){0};
    if (!p)
        return;
    out->known = TRUE;
    out->carrier = p->carrier;
    out->have_info = p->have_info;
    out->info = p->info;
}

static gboolean
both_have(const PortSnapshot *a, const BondPortState *b, guint attr)
{
    return a->have_info && b->have_info && BOND_PORT_HAS(&a->info, attr) &&
           BOND_PORT_HAS(&b->info, attr);
}

static const char *
mii_name(guint value)
{
    static const char *const names[] = {"up", "going down", "down", "going back"};

    return value < G_N_ELEMENTS(names) ? names[value] : "unknown";
}

/* What changed between @before and the port's state now, as events. */
static void
record_port_changes(BondWatch *w, const PortSnapshot *before, const BondPortState *p)
{
    g_autoptr(GString) lacp = g_string_new(NULL);

    if (!before->known) {
        if (!w->adopting)
            record(w, "port-attached", p->name, _("%s is a port of the bond"), p->name);
        return;
    }
    if (before->carrier != p->carrier)
        record(w, p->carrier ? "carrier-up" : "carrier-down", p->name,
               p->carrier ? _("%s: carrier up") : _("%s: carrier down"), p->name);
    if (both_have(before, p, IFLA_BOND_SLAVE_MII_STATUS) &&
        before->info.mii_status != p->info.mii_status)
        record(w, "link-state", p->name, _("%s: link %s -> %s (%s monitor)"), p->name,
               mii_name(before->info.mii_status), mii_name(p->info.mii_status),
               bond_config_get_uint(&w->state->options, "arp_interval", 0) ? "ARP" : "MII");

    if (both_have(before, p, IFLA_BOND_SLAVE_AD_AGGREGATOR_ID) &&
        before->info.ad_aggregator_id != p->info.ad_aggregator_id)
        g_string_append_printf(lacp, _("%saggregator %u -> %u"), lacp->len ? ", " : "",
                               before->info.ad_aggregator_id, p->info.ad_aggregator_id);
    if (both_have(before, p, IFLA_BOND_SLAVE_AD_ACTOR_OPER_PORT_STATE) &&
        before->info.ad_actor_oper_port_state != p->info.ad_actor_oper_port_state)
        g_string_append_printf(lacp, _("%sactor state 0x%02x -> 0x%02x"), lacp->len ? ", " : "",
                               before->info.ad_actor_oper_port_state,
                               p->info.ad_actor_oper_port_state);
    if (both_have(before, p, IFLA_BOND_SLAVE_AD_PARTNER_OPER_PORT_STATE) &&
        before->info.ad_partner_oper_port_state != p->info.ad_partner_oper_port_state)
        g_string_append_printf(lacp, _("%spartner state 0x%02x -> 0x%02x"), lacp->len ? ", " : "",
                               before->info.ad_partner_oper_port_state,
                               p->info.ad_partner_oper_port_state);
    if (lacp->len)
        record(w, "lacp-state", p->name, _("%s: LACP %s"), p->name, lacp->str);
}

void
bond_watch_port_link(BondWatch *w, const BonddLink *link)
{
    BondLinkAttrs attrs;
    BondPortInfo info;
    BondPortState *p = bond_state_get_port(w->state, link->ifindex);
    PortSnapshot before;
    guint changes = 0;
    guint speed;
    g_autofree char *duplex = NULL;

    if (p && p->counters_seen && link->carrier_changes < p->carrier_changes) {
        g_debug("%s: port %s: dropping a message older than what is known", w->ifname, link->name);
        return;
    }
    snapshot(w, link->ifindex, &before);
    bond_netlink_parse_link(link->nlh, &attrs);
    bond_netlink_parse_slave_data(attrs.slave_data, &info);
    if (bond_state_update_port(w->state, link->ifindex, link->name, attrs.slave_data ? &info : NULL,
                               link->carrier, link->carrier_changes, link->carrier_up_count,
                               link->carrier_down_count, g_get_monotonic_time(), &changes)) {
        guint window = (guint)(w->state->flap_window_us / G_USEC_PER_SEC);

        g_warning(_("%s: port %s is flapping: %u carrier changes within %u s"), w->ifname,
                  link->name, changes, window);
        bond_dbus_update(w->dbus, w->state);
        bond_dbus_emit_port_flapping(w->dbus, link->name, changes);
        record(w, "port-flapping", link->name, _("%s: %u carrier changes within %u s"), link->name,
               changes, window);
    }
    p = bond_state_get_port(w->state, link->ifindex);
    bond_state_set_port_mtu(w->state, link->ifindex, link->mtu);
    bond_state_read_sysfs_speed(link->name, &speed, &duplex);
    bond_state_set_port_speed(w->state, link->ifindex, speed, duplex);
    record_port_changes(w, &before, p);
}

static void
drop_port(BondWatch *w, int ifindex)
{
    BondPortState *p = bond_state_get_port(w->state, ifindex);
    g_autofree char *name = p && p->name ? g_strdup(p->name) : NULL;

    if (!bond_state_remove_port(w->state, ifindex))
        return;
    if (name)
        record(w, "port-released", name, _("%s is no longer a port of the bond"), name);
}

void
bond_watch_port_left(BondWatch *w, int ifindex)
{
    const BonddLink *now;

    /* Possibly an old message from before it was attached: ask the kernel. */
    if (w->host.refresh_link(w->host.host_data, ifindex) &&
        (now = w->host.get_link(w->host.host_data, ifindex)) && w->ifindex &&
        now->master == w->ifindex)
        return;
    drop_port(w, ifindex);
}

void
bond_watch_port_removed(BondWatch *w, int ifindex)
{
    drop_port(w, ifindex);
}

void
bond_watch_bond_removed(BondWatch *w)
{
    g_clear_handle_id(&w->poll_id, g_source_remove);
    w->ifindex = 0;
    bond_state_forget_link(w->state);
}

/* The ports the kernel lists for the bond, whether or not a message about
 * them came yet (an adopted bond's ports). */
static void
scan_ports(BondWatch *w)
{
    g_autofree char *path = g_strdup_printf("/sys/class/net/%s/bonding/slaves", w->ifname);
    g_autofree char *text = NULL;
    g_auto(GStrv) names = NULL;

    if (!w->ifindex || !g_file_get_contents(path, &text, NULL, NULL))
        return;
    names = g_strsplit_set(g_strstrip(text), " \n", -1);
    for (guint i = 0; names[i]; i++) {
        const BonddLink *link =
            *names[i] ? w->host.get_link_by_name(w->host.host_data, names[i]) : NULL;

        if (link && link->master == w->ifindex)
            bond_watch_port_link(w, link);
    }
}

void
bond_watch_refresh(BondWatch *w)
{
    const BonddLink *link = w->ifindex ? w->host.get_link(w->host.host_data, w->ifindex) : NULL;

    if (link) {
        bond_watch_bond_link(w, link, 0, TRUE);
        scan_ports(w);
    }
    bond_watch_publish(w);
}

void
bond_watch_adopt(BondWatch *w)
{
    w->adopting = TRUE;
    bond_watch_refresh(w);
    w->adopting = FALSE;
}

void
bond_watch_configured_port(BondWatch *w, const char *name, gboolean configured)
{
    bond_state_set_configured_port(w->state, name, configured);
    if (configured && w->activating) {
        w->activating = FALSE;
        g_clear_handle_id(&w->health_source, g_source_remove);
    }
    schedule_health(w, HEALTH_SETTLE_MS);
}

void
bond_watch_set_ifindex(BondWatch *w, int ifindex)
{
    w->ifindex = ifindex;
}

/* -------------------------------------------------------------- polling */

/* What only polling shows: the procfs LACP details and the ports' speed. */
static void
read_polled(BondWatch *w)
{
    g_autoptr(GError) error = NULL;
    BondProcInfo *proc;
    GHashTableIter iter;
    gpointer value;

    /* LACP partner details and churn are never announced by the kernel. */
    proc = bond_procfs_read(w->ifname, &error);
    if (proc)
        bond_state_set_proc(w->state, proc);
    else
        g_debug("%s: %s", w->ifname, error->message);

    g_hash_table_iter_init(&iter, w->state->ports);
    while (g_hash_table_iter_next(&iter, NULL, &value)) {
        BondPortState *p = value;
        g_autofree char *duplex = NULL;
        guint speed;

        if (!p->name)
            continue;
        bond_state_read_sysfs_speed(p->name, &speed, &duplex);
        bond_state_set_port_speed(w->state, p->ifindex, speed, duplex);
    }
}

static gboolean
poll_cb(gpointer user_data)
{
    BondWatch *w = user_data;
    const BonddLink *link;

    /* Nor does it announce a change of the bond's AD_INFO (ports joining
     * the aggregator, the partner's MAC and key once LACPDUs arrive), nor
     * of the ports' LACP states: re-read the bond and its ports too.  The
     * D-Bus skeleton sends PropertiesChanged only for values that differ. */
    if (w->ifindex && w->host.refresh_link(w->host.host_data, w->ifindex) &&
        (link = w->host.get_link(w->host.host_data, w->ifindex)))
        bond_watch_bond_link(w, link, 0, TRUE);
    /* bond_watch_bond_link() may have stopped polling (mode changed). */
    if (!w->poll_id)
        return G_SOURCE_REMOVE;
    {
        g_autoptr(GArray) ports = g_array_new(FALSE, FALSE, sizeof(int));
        GHashTableIter iter;
        gpointer key;

        g_hash_table_iter_init(&iter, w->state->ports);
        while (g_hash_table_iter_next(&iter, &key, NULL)) {
            int ifindex = GPOINTER_TO_INT(key);

            g_array_append_val(ports, ifindex);
        }
        for (guint i = 0; i < ports->len; i++) {
            int ifindex = g_array_index(ports, int, i);

            if (w->host.refresh_link(w->host.host_data, ifindex) &&
                (link = w->host.get_link(w->host.host_data, ifindex)) && link->master == w->ifindex)
                bond_watch_port_link(w, link);
        }
    }
    read_polled(w);
    bond_watch_publish(w);
    return G_SOURCE_CONTINUE;
}

/* Only 802.3ad has state the kernel does not announce; one re-read of the
 * bond and its ports and one procfs read every POLL_INTERVAL_S per such
 * bond. */
static void
update_poll(BondWatch *w)
{
    gboolean lacp = bond_config_mode(&w->state->options) == BOND_MODE_8023AD;

    if (lacp && !w->poll_id) {
        w->poll_id = g_timeout_add_seconds(POLL_INTERVAL_S, poll_cb, w);
        /* The link was just read: only what polling adds. */
        read_polled(w);
    } else if (!lacp && w->poll_id) {
        g_clear_handle_id(&w->poll_id, g_source_remove);
        bond_state_set_proc(w->state, NULL);
    }
}

/* --------------------------------------------------------------- health */

/* The verdict a "health" event ended with: its text is "OLD -> NEW" or
 * "OLD -> NEW: codes", verdicts and codes being identifiers, not prose. */
static gboolean
event_verdict(const BondEvent *e, BondHealth *out)
{
    const char *arrow = e ? strstr(e->text, "-> ") : NULL;

    if (!arrow)
        return FALSE;
    arrow += 3;
    for (BondHealth h = BOND_HEALTH_OK; h <= BOND_HEALTH_DOWN; h++) {
        const char *name = bond_health_name(h);
        gsize len = strlen(name);

        if (strncmp(arrow, name, len) == 0 && (arrow[len] == '\0' || arrow[len] == ':')) {
            *out = h;
            return TRUE;
        }
    }
    return FALSE;
}

static void
evaluate_health(BondWatch *w)
{
    g_autoptr(BondHealthReport) report = bond_health_evaluate(w->state, g_get_monotonic_time());
    BondHealthReport *old = w->health;
    const char *new_name = bond_health_name(report->verdict);
    g_autofree char *summary = NULL;
    gboolean changed;

    if (bond_health_report_find(report, "port-flapping", NULL))
        schedule_health(w, FLAP_RECHECK_MS);
    if (old && bond_health_report_equal(old, report))
        return;

    summary = bond_health_summary(report);
    changed = !old || old->verdict != report->verdict;
    if (!old) {
        /* The first verdict of this bondd: the same as the last one the
         * history recorded (before a restart) keeps that one's time. */
        const BondEvent *last = bond_history_last_of_kind(w->history, "health");
        BondHealth before;

        if (event_verdict(last, &before) && before == report->verdict) {
            w->health_since = (guint64)last->realtime_us;
            changed = FALSE;
        }
    }
    if (changed) {
        w->health_since = (guint64)g_get_real_time();
        g_message(_("%s: health %s -> %s%s%s"), w->ifname,
                  old ? bond_health_name(old->verdict) : "unknown", new_name, *summary ? ": " : "",
                  summary);
    }
    bond_dbus_set_health(w->dbus, new_name, bond_health_findings_variant(report), w->health_since);
    w->health = g_steal_pointer(&report);
    if (changed) {
        record(w, "health", "", "%s -> %s%s%s", old ? bond_health_name(old->verdict) : "unknown",
               new_name, *summary ? ": " : "", summary);
        if (old)
            bond_dbus_emit_health_changed(w->dbus, bond_health_name(old->verdict), new_name,
                                          bond_health_findings_variant(w->health));
    }
    bond_health_report_free(old);
}

static gboolean
health_cb(gpointer user_data)
{
    BondWatch *w = user_data;

    w->health_source = 0;
    evaluate_health(w);
    return G_SOURCE_REMOVE;
}

static void
schedule_health(BondWatch *w, guint delay_ms)
{
    /* Not pushed back by later changes: a steady stream of messages still
     * gets a verdict every delay_ms.  Below the activations' own work: a
     * verdict in the middle of one would hold it up and is worth less than
     * the one after it. */
    if (!w->health_source)
        w->health_source = g_timeout_add_full(G_PRIORITY_LOW, delay_ms, health_cb, w, NULL);
}

static gboolean
publish_idle(gpointer user_data)
{
    BondWatch *w = user_data;

    w->publish_source = 0;
    bond_dbus_update(w->dbus, w->state);
    return G_SOURCE_REMOVE;
}

/* The properties are set once the main loop has nothing more urgent to do:
 * one change (a port attached) comes as several kernel messages, and
 * setting every property again for each of them cost more than anything
 * else the plugin does, in the middle of an activation.  A signal that
 * announces a property (Failover) sets them at once instead. */
void
bond_watch_publish(BondWatch *w)
{
    if (!w->publish_source)
        w->publish_source = g_idle_add_full(G_PRIORITY_LOW, publish_idle, w, NULL);
    schedule_health(w, HEALTH_SETTLE_MS);
}

void
bond_watch_publish_now(BondWatch *w)
{
    g_clear_handle_id(&w->publish_source, g_source_remove);
    bond_dbus_update(w->dbus, w->state);
}

void
bond_watch_activating(BondWatch *w)
{
    w->activating = TRUE;
    g_clear_handle_id(&w->health_source, g_source_remove);
    schedule_health(w, HEALTH_ACTIVATION_MS);
}

/* ------------------------------------------------------------- lifetime */

BondWatch *
bond_watch_new(const BonddDeviceHost *host, const char *ifname, BondState *state,
               GDBusInterfaceSkeleton *dbus, const BondPluginConfig *config)
{
    BondWatch *w = g_new0(BondWatch, 1);
    g_autoptr(GError) error = NULL;

    w->host = *host;
    w->ifname = g_strdup(ifname);
    w->state = state;
    w->dbus = dbus;
    w->history = bond_history_new(config->history_size);
    state->flap_threshold = config->flap_threshold;
    state->flap_window_us = (gint64)config->flap_window * G_USEC_PER_SEC;
    if (config->state_dir && config->history_size) {
        g_autofree char *name = g_strdup_printf("bond-%s.history", ifname);
        g_autofree char *path = g_build_filename(config->state_dir, name, NULL);

        bond_history_set_file(w->history, path, HISTORY_SAVE_DELAY_MS);
        /* A damaged file costs its events, never the bond: one line. */
        if (!bond_history_load(w->history, &error))
            g_warning("%s", error->message);
    }
    bond_dbus_serve_history(dbus, w->history);
    schedule_health(w, HEALTH_SETTLE_MS);
    return w;
}

void
bond_watch_free(BondWatch *w)
{
    g_autoptr(GError) error = NULL;

    if (!w)
        return;
    g_clear_handle_id(&w->poll_id, g_source_remove);
    g_clear_handle_id(&w->health_source, g_source_remove);
    g_clear_handle_id(&w->publish_source, g_source_remove);
    if (!bond_history_flush(w->history, &error))
        g_warning("%s", error->message);
    g_signal_handlers_disconnect_by_data(w->dbus, w->history);
    bond_history_free(w->history);
    bond_health_report_free(w->health);
    g_free(w->ifname);
    g_free(w);
}
