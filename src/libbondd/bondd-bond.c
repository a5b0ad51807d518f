/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * BonddBond: the generated org.bondd.Device.Bond proxy of one device object
 * turned into a GObject for applications: plain properties are the proxy's
 * (same names, notified when bondd sends PropertiesChanged), the structured
 * ones become types (ports, findings, options, the 802.3ad aggregator), and
 * the D-Bus signals become GObject signals with library types.
 */
#include "bondd-bond-private.h"

#include "bondd-dict-fields.h"
#include "bondd-port-private.h"
#include "bondd-types-private.h"

/* bondd's D-Bus properties that need no conversion: the generated proxy's
 * property of the same name answers. */
static const struct {
    const char *name;
    const char *blurb;
} mirrored[] = {
    {"mode", "Bonding mode: balance-rr, active-backup, balance-xor, broadcast, 802.3ad, "
             "balance-tlb or balance-alb"},
    {"mode-description", "The long mode name /proc/net/bonding prints"},
    {"active-port", "The active port (active-backup, balance-tlb, balance-alb), \"\" if none"},
    {"mii-status", "The bond's carrier: up or down"},
    {"mii-interval", "MII monitor interval in ms (miimon)"},
    {"up-delay", "Up delay in ms (updelay)"},
    {"down-delay", "Down delay in ms (downdelay)"},
    {"peer-notify-delay", "Peer notification delay in ms (peer_notif_delay)"},
    {"arp-interval", "ARP monitor interval in ms (arp_interval)"},
    {"arp-ip-targets", "ARP monitor targets (arp_ip_target)"},
    {"arp-validate", "ARP validation (arp_validate)"},
    {"arp-all-targets", "Whether all or any ARP targets must answer (arp_all_targets)"},
    {"arp-missed-max", "Missed ARP replies before a port is down (arp_missed_max)"},
    {"ns-ip6-targets", "IPv6 neighbour solicitation targets (ns_ip6_target)"},
    {"primary", "Primary port, \"\" if none"},
    {"primary-reselect", "Primary reselection policy (primary_reselect)"},
    {"fail-over-mac", "MAC address policy on failover (fail_over_mac)"},
    {"xmit-hash-policy", "Transmit hash policy (xmit_hash_policy)"},
};
#define N_MIRRORED G_N_ELEMENTS(mirrored)

/* The 802.3ad active aggregator (bondd's Ad), as "ad-..." properties. */
static const BonddDictField ad_fields[] = {
    {"ActiveAggregator", "u", "802.3ad active aggregator ID (0: none)"},
    {"NumPorts", "u", "Ports in the active aggregator"},
    {"ActorKey", "u", "Actor key of the active aggregator"},
    {"PartnerKey", "u", "Partner key of the active aggregator"},
    {"PartnerMac", "s", "LACP partner's MAC address of the active aggregator"},
    {"SystemPriority", "u", "Effective LACP system priority"},
    {"SystemMac", "s", "Effective LACP system MAC address"},
};
#define N_AD G_N_ELEMENTS(ad_fields)

enum {
    PROP_0,
    PROP_NAME,
    PROP_OBJECT_PATH,
    PROP_OPTIONS,
    PROP_PORTS,
    PROP_HEALTH,
    PROP_FINDINGS,
    PROP_HEALTH_SINCE,
    PROP_FIRST_MIRRORED,
    PROP_FIRST_AD = PROP_FIRST_MIRRORED + N_MIRRORED,
    N_PROPS = PROP_FIRST_AD + N_AD,
};

static GParamSpec *props[N_PROPS];

enum {
    SIGNAL_FAILOVER,
    SIGNAL_PORT_FLAPPING,
    SIGNAL_HEALTH_CHANGED,
    SIGNAL_EVENT,
    N_SIGNALS,
};

static guint signals[N_SIGNALS];

struct _BonddBond {
    GObject parent_instance;
    BonddDBusObject *object;
    BonddDBusDeviceBond *proxy;
    BonddDBusNMDevice *device; /* for the name */
    GHashTable *ports;         /* name -> BonddPort */
    GPtrArray *findings;       /* BonddFinding* */
    GVariant *ad;              /* last Ad seen, for change notifications */
};

G_DEFINE_TYPE(BonddBond, bondd_bond, G_TYPE_OBJECT)

static GHashTable *
options_table(BonddBond *self)
{
    GHashTable *table = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, g_free);
    GVariant *options = bondd_dbus_device_bond_get_options(self->proxy);
    GVariantIter iter;
    const char *name, *value;

    if (options && g_variant_is_of_type(options, G_VARIANT_TYPE("a{ss}"))) {
        g_variant_iter_init(&iter, options);
        while (g_variant_iter_next(&iter, "{&s&s}", &name, &value))
            g_hash_table_insert(table, g_strdup(name), g_strdup(value));
    }
    return table;
}

static void
bondd_bond_get_property(GObject *object, guint prop_id, GValue *value, GParamSpec *pspec)
{
    BonddBond *self = BONDD_BOND(object);

    switch (prop_id) {
        case PROP_NAME:
            g_value_set_string(value, bondd_bond_get_name(self));
            break;
        case PROP_OBJECT_PATH:
            g_value_set_string(value, bondd_bond_get_object_path(self));
            break;
        case PROP_OPTIONS:
            g_value_take_boxed(value, options_table(self));
            break;
        case PROP_PORTS:
            g_value_take_boxed(value, bondd_bond_get_ports(self));
            break;
        case PROP_HEALTH:
            g_value_set_enum(value, bondd_bond_get_health(self));
            break;
        case PROP_FINDINGS:
            g_value_take_boxed(value, bondd_bond_get_findings(self));
            break;
        case PROP_HEALTH_SINCE:
            g_value_set_int64(value, bondd_bond_get_health_since(self));
            break;
        default:
            if (prop_id >= PROP_FIRST_MIRRORED && prop_id < PROP_FIRST_AD)
                g_object_get_property(G_OBJECT(self->proxy), pspec->name, value);
            else if (prop_id >= PROP_FIRST_AD && prop_id < N_PROPS)
                bondd_dict_fields_get(bondd_dbus_device_bond_get_ad(self->proxy),
                                      &ad_fields[prop_id - PROP_FIRST_AD], value);
            else
                G_OBJECT_WARN_INVALID_PROPERTY_ID(object, prop_id, pspec);
    }
}

/* Ports: keep one BonddPort per name for as long as bondd lists it, so that
 * applications can hold on to a port and watch its properties. */
static void
sync_ports(BonddBond *self)
{
    GVariant *ports = bondd_dbus_device_bond_get_ports(self->proxy);
    g_autoptr(GHashTable) listed = g_hash_table_new(g_str_hash, g_str_equal);
    GHashTableIter hiter;
    gpointer name;

    if (ports && g_variant_is_of_type(ports, G_VARIANT_TYPE("a{sa{sv}}"))) {
        GVariantIter iter;
        const char *port_name;
        GVariant *values;

        g_variant_iter_init(&iter, ports);
        while (g_variant_iter_next(&iter, "{&s@a{sv}}", &port_name, &values)) {
            BonddPort *port = g_hash_table_lookup(self->ports, port_name);

            if (port)
                bondd_port_update(port, values);
            else
                g_hash_table_insert(self->ports, g_strdup(port_name),
                                    bondd_port_new(port_name, values));
            g_hash_table_add(
                listed, (gpointer)bondd_port_get_name(g_hash_table_lookup(self->ports, port_name)));
            g_variant_unref(values);
        }
    }
    g_hash_table_iter_init(&hiter, self->ports);
    while (g_hash_table_iter_next(&hiter, &name, NULL)) {
        if (!g_hash_table_contains(listed, name))
            g_hash_table_iter_remove(&hiter);
    }
}

static void
sync_findings(BonddBond *self)
{
    g_clear_pointer(&self->findings, g_ptr_array_unref);
    self->findings =
        bondd_findings_from_variant(bondd_dbus_device_bond_get_health_findings(self->proxy));
}

static void
sync_ad(BonddBond *self)
{
    GVariant *ad = bondd_dbus_device_bond_get_ad(self->proxy);

    bondd_dict_fields_notify_changes(G_OBJECT(self), ad_fields, N_AD, &props[PROP_FIRST_AD],
                                     self->ad, ad);
    g_clear_pointer(&self->ad, g_variant_unref);
    self->ad = ad ? g_variant_ref(ad) : NULL;
}

static void
on_proxy_notify(GObject *proxy, GParamSpec *pspec, BonddBond *self)
{
    const char *name = g_param_spec_get_name(pspec);
    GParamSpec *mine;

    if (g_str_equal(name, "ports")) {
        sync_ports(self);
        g_object_notify_by_pspec(G_OBJECT(self), props[PROP_PORTS]);
    } else if (g_str_equal(name, "ad")) {
        sync_ad(self);
    } else if (g_str_equal(name, "health-findings")) {
        sync_findings(self);
        g_object_notify_by_pspec(G_OBJECT(self), props[PROP_FINDINGS]);
    } else if (g_str_equal(name, "health")) {
        g_object_notify_by_pspec(G_OBJECT(self), props[PROP_HEALTH]);
    } else if (g_str_equal(name, "health-since")) {
        g_object_notify_by_pspec(G_OBJECT(self), props[PROP_HEALTH_SINCE]);
    } else if (g_str_equal(name, "options")) {
        g_object_notify_by_pspec(G_OBJECT(self), props[PROP_OPTIONS]);
    } else if ((mine = g_object_class_find_property(G_OBJECT_GET_CLASS(self), name))) {
        g_object_notify_by_pspec(G_OBJECT(self), mine);
    }
}

static void
on_device_notify_interface(GObject *device, GParamSpec *pspec, BonddBond *self)
{
    g_object_notify_by_pspec(G_OBJECT(self), props[PROP_NAME]);
}

/* The same clock on both ends of the system bus: the time that passed
 * since @monotonic_us, taken from now. */
static GDateTime *
date_time_from_monotonic_us(guint64 monotonic_us)
{
    gint64 ago = g_get_monotonic_time() - (gint64)monotonic_us;

    return bondd_date_time_from_realtime_us(g_get_real_time() - MAX(ago, 0));
}

static void
on_failover(BonddDBusDeviceBond *proxy, const char *old_port, const char *new_port,
            guint64 timestamp_us, BonddBond *self)
{
    g_autoptr(GDateTime) when = date_time_from_monotonic_us(timestamp_us);

    g_signal_emit(self, signals[SIGNAL_FAILOVER], 0, *old_port ? old_port : NULL,
                  *new_port ? new_port : NULL, when);
}

static void
on_port_flapping(BonddDBusDeviceBond *proxy, const char *port, guint changes, BonddBond *self)
{
    g_signal_emit(self, signals[SIGNAL_PORT_FLAPPING], 0, port, changes);
}

static void
on_health_changed(BonddDBusDeviceBond *proxy, const char *old_health, const char *new_health,
                  GVariant *findings, BonddBond *self)
{
    g_signal_emit(self, signals[SIGNAL_HEALTH_CHANGED], 0, bondd_health_from_string(old_health),
                  bondd_health_from_string(new_health));
}

static void
on_event(BonddDBusDeviceBond *proxy, guint64 realtime_us, guint64 monotonic_us, const char *kind,
         const char *port, const char *text, BonddBond *self)
{
    BonddEvent e = {(gint64)realtime_us, (gint64)monotonic_us, (char *)kind, (char *)port,
                    (char *)text};
    g_autoptr(BonddEvent) event = bondd_event_copy(&e);

    g_signal_emit(self, signals[SIGNAL_EVENT], 0, event);
}

static void
unbind(BonddBond *self)
{
    if (self->proxy)
        g_signal_handlers_disconnect_by_data(self->proxy, self);
    if (self->device)
        g_signal_handlers_disconnect_by_data(self->device, self);
    g_clear_object(&self->proxy);
    g_clear_object(&self->device);
}

/* Follow the object's current proxies: the object manager may replace an
 * interface's proxy (an interface announced again when bondd restarts). */
static void
bind(BonddBond *self)
{
    self->proxy = bondd_dbus_object_get_device_bond(self->object);
    self->device = bondd_dbus_object_get_nmdevice(self->object);
    sync_ports(self);
    sync_findings(self);
    g_clear_pointer(&self->ad, g_variant_unref);
    self->ad = bondd_dbus_device_bond_dup_ad(self->proxy);
    g_signal_connect(self->proxy, "notify", G_CALLBACK(on_proxy_notify), self);
    g_signal_connect(self->proxy, "failover", G_CALLBACK(on_failover), self);
    g_signal_connect(self->proxy, "port-flapping", G_CALLBACK(on_port_flapping), self);
    g_signal_connect(self->proxy, "health-changed", G_CALLBACK(on_health_changed), self);
    g_signal_connect(self->proxy, "event", G_CALLBACK(on_event), self);
    g_signal_connect(self->device, "notify::interface", G_CALLBACK(on_device_notify_interface),
                     self);
}

static void
bondd_bond_dispose(GObject *object)
{
    BonddBond *self = BONDD_BOND(object);

    unbind(self);
    g_clear_object(&self->object);
    G_OBJECT_CLASS(bondd_bond_parent_class)->dispose(object);
}

static void
bondd_bond_finalize(GObject *object)
{
    BonddBond *self = BONDD_BOND(object);

    g_hash_table_unref(self->ports);
    g_clear_pointer(&self->findings, g_ptr_array_unref);
    g_clear_pointer(&self->ad, g_variant_unref);
    G_OBJECT_CLASS(bondd_bond_parent_class)->finalize(object);
}

static void
install_mirrored(GObjectClass *object_class)
{
    const GParamFlags flags = G_PARAM_READABLE | G_PARAM_STATIC_STRINGS;
    gpointer iface = g_type_default_interface_ref(BONDD_DBUS_TYPE_DEVICE_BOND);

    for (guint i = 0; i < N_MIRRORED; i++) {
        const char *name = mirrored[i].name;
        GParamSpec *generated = g_object_interface_find_property(iface, name);
        GType type = G_PARAM_SPEC_VALUE_TYPE(generated);
        GParamSpec *pspec;

        if (type == G_TYPE_STRING)
            pspec = g_param_spec_string(name, NULL, mirrored[i].blurb, NULL, flags);
        else if (type == G_TYPE_UINT)
            pspec = g_param_spec_uint(name, NULL, mirrored[i].blurb, 0, G_MAXUINT32, 0, flags);
        else if (type == G_TYPE_STRV)
            pspec = g_param_spec_boxed(name, NULL, mirrored[i].blurb, G_TYPE_STRV, flags);
        else
            g_assert_not_reached();
        props[PROP_FIRST_MIRRORED + i] = pspec;
    }
    g_type_default_interface_unref(iface);
}

static void
bondd_bond_class_init(BonddBondClass *klass)
{
    GObjectClass *object_class = G_OBJECT_CLASS(klass);
    const GParamFlags flags = G_PARAM_READABLE | G_PARAM_STATIC_STRINGS;

    object_class->get_property = bondd_bond_get_property;
    object_class->dispose = bondd_bond_dispose;
    object_class->finalize = bondd_bond_finalize;

    /**
     * BonddBond:name:
     *
     * The bond's interface name.
     */
    props[PROP_NAME] = g_param_spec_string("name", NULL, "Interface name", NULL, flags);
    /**
     * BonddBond:object-path:
     *
     * The D-Bus object path of the bond's device object.
     */
    props[PROP_OBJECT_PATH] =
        g_param_spec_string("object-path", NULL, "D-Bus object path", NULL, flags);
    /**
     * BonddBond:options: (type GLib.HashTable(utf8,utf8))
     *
     * Every bond option the kernel reports, by its sysfs/libnm name
     * (`miimon`, `lacp_rate`, ...).
     */
    props[PROP_OPTIONS] =
        g_param_spec_boxed("options", NULL, "Bond options", G_TYPE_HASH_TABLE, flags);
    /**
     * BonddBond:ports: (type GLib.PtrArray(BonddPort))
     *
     * The bond's ports, sorted by name; see bondd_bond_get_ports().
     */
    props[PROP_PORTS] = g_param_spec_boxed("ports", NULL, "Ports", G_TYPE_PTR_ARRAY, flags);
    /**
     * BonddBond:health:
     *
     * bondd's verdict on the bond.
     */
    props[PROP_HEALTH] = g_param_spec_enum("health", NULL, "Health verdict", BONDD_TYPE_HEALTH,
                                           BONDD_HEALTH_UNKNOWN, flags);
    /**
     * BonddBond:findings: (type GLib.PtrArray(BonddFinding))
     *
     * The findings behind #BonddBond:health; see bondd_bond_get_findings().
     */
    props[PROP_FINDINGS] =
        g_param_spec_boxed("findings", NULL, "Health findings", G_TYPE_PTR_ARRAY, flags);
    /**
     * BonddBond:health-since:
     *
     * When #BonddBond:health took its value: CLOCK_REALTIME microseconds
     * since the epoch, 0 if unknown.
     */
    props[PROP_HEALTH_SINCE] =
        g_param_spec_int64("health-since", NULL, "Health since (us)", 0, G_MAXINT64, 0, flags);
    install_mirrored(object_class);
    g_object_class_install_properties(object_class, PROP_FIRST_AD, props);
    bondd_dict_fields_install(object_class, "ad-", PROP_FIRST_AD, ad_fields, N_AD,
                              &props[PROP_FIRST_AD]);

    /**
     * BonddBond::failover:
     * @bond: the bond
     * @old_port: (nullable): the port that was active, %NULL for none
     * @new_port: (nullable): the port that is active now, %NULL for none
     * @when: when the kernel changed it (local time)
     *
     * The active port changed.  #BonddBond:active-port already has the new
     * value.
     */
    signals[SIGNAL_FAILOVER] =
        g_signal_new("failover", G_TYPE_FROM_CLASS(klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                     G_TYPE_NONE, 3, G_TYPE_STRING, G_TYPE_STRING, G_TYPE_DATE_TIME);
    /**
     * BonddBond::port-flapping:
     * @bond: the bond
     * @port: the port
     * @changes: carrier changes within bondd's flap window
     *
     * A port's carrier changes too often.
     */
    signals[SIGNAL_PORT_FLAPPING] =
        g_signal_new("port-flapping", G_TYPE_FROM_CLASS(klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL,
                     NULL, G_TYPE_NONE, 2, G_TYPE_STRING, G_TYPE_UINT);
    /**
     * BonddBond::health-changed:
     * @bond: the bond
     * @old_health: the verdict before
     * @new_health: the verdict now
     *
     * The verdict changed; #BonddBond:health and #BonddBond:findings
     * already have the new values.
     */
    signals[SIGNAL_HEALTH_CHANGED] =
        g_signal_new("health-changed", G_TYPE_FROM_CLASS(klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL,
                     NULL, G_TYPE_NONE, 2, BONDD_TYPE_HEALTH, BONDD_TYPE_HEALTH);
    /**
     * BonddBond::event:
     * @bond: the bond
     * @event: the new entry of the bond's history
     *
     * bondd recorded an event (a failover, a carrier change, a health
     * change...), as bondd_bond_get_history() would return it.
     */
    signals[SIGNAL_EVENT] = g_signal_new("event", G_TYPE_FROM_CLASS(klass), G_SIGNAL_RUN_LAST, 0,
                                         NULL, NULL, NULL, G_TYPE_NONE, 1, BONDD_TYPE_EVENT);
}

static void
bondd_bond_init(BonddBond *self)
{
    self->ports = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, g_object_unref);
}

BonddBond *
bondd_bond_new(BonddDBusObject *object)
{
    BonddBond *self;

    g_return_val_if_fail(bondd_dbus_object_peek_device_bond(object) &&
                             bondd_dbus_object_peek_nmdevice(object),
                         NULL);
    self = g_object_new(BONDD_TYPE_BOND, NULL);
    self->object = g_object_ref(object);
    bind(self);
    return self;
}

void
bondd_bond_rebind(BonddBond *bond)
{
    GObject *object = G_OBJECT(bond);

    if (bondd_dbus_object_peek_device_bond(bond->object) == bond->proxy &&
        bondd_dbus_object_peek_nmdevice(bond->object) == bond->device)
        return;
    unbind(bond);
    bind(bond);
    /* Every value may have changed. */
    g_object_freeze_notify(object);
    for (guint i = 1; i < N_PROPS; i++)
        g_object_notify_by_pspec(object, props[i]);
    g_object_thaw_notify(object);
}

BonddDBusObject *
bondd_bond_get_dbus_object(BonddBond *bond)
{
    return bond->object;
}

/**
 * bondd_bond_get_name:
 * @bond: a bond
 *
 * Returns: (transfer none) (nullable): the bond's interface name
 */
const char *
bondd_bond_get_name(BonddBond *bond)
{
    g_return_val_if_fail(BONDD_IS_BOND(bond), NULL);
    return bondd_dbus_nmdevice_get_interface(bond->device);
}

/**
 * bondd_bond_get_object_path:
 * @bond: a bond
 *
 * Returns: (transfer none): the D-Bus object path of the bond's device
 */
const char *
bondd_bond_get_object_path(BonddBond *bond)
{
    g_return_val_if_fail(BONDD_IS_BOND(bond), NULL);
    return g_dbus_object_get_object_path(G_DBUS_OBJECT(bond->object));
}

/**
 * bondd_bond_get_mode:
 * @bond: a bond
 *
 * Returns: (transfer none) (nullable): the bonding mode name
 */
const char *
bondd_bond_get_mode(BonddBond *bond)
{
    g_return_val_if_fail(BONDD_IS_BOND(bond), NULL);
    return bondd_dbus_device_bond_get_mode(bond->proxy);
}

/**
 * bondd_bond_get_active_port:
 * @bond: a bond
 *
 * Returns: (transfer none) (nullable): the active port, "" if none
 */
const char *
bondd_bond_get_active_port(BonddBond *bond)
{
    g_return_val_if_fail(BONDD_IS_BOND(bond), NULL);
    return bondd_dbus_device_bond_get_active_port(bond->proxy);
}

/**
 * bondd_bond_get_mii_status:
 * @bond: a bond
 *
 * Returns: (transfer none) (nullable): the bond's carrier, `up` or `down`
 */
const char *
bondd_bond_get_mii_status(BonddBond *bond)
{
    g_return_val_if_fail(BONDD_IS_BOND(bond), NULL);
    return bondd_dbus_device_bond_get_mii_status(bond->proxy);
}

/**
 * bondd_bond_get_health:
 * @bond: a bond
 *
 * Returns: bondd's verdict on the bond
 */
BonddHealth
bondd_bond_get_health(BonddBond *bond)
{
    g_return_val_if_fail(BONDD_IS_BOND(bond), BONDD_HEALTH_UNKNOWN);
    return bondd_health_from_string(bondd_dbus_device_bond_get_health(bond->proxy));
}

/**
 * bondd_bond_get_health_since:
 * @bond: a bond
 *
 * Returns: when the verdict took its value, CLOCK_REALTIME microseconds
 *   since the epoch (0: unknown)
 */
gint64
bondd_bond_get_health_since(BonddBond *bond)
{
    g_return_val_if_fail(BONDD_IS_BOND(bond), 0);
    return (gint64)bondd_dbus_device_bond_get_health_since(bond->proxy);
}

static gpointer
copy_finding(gconstpointer finding, gpointer unused)
{
    return bondd_finding_copy(finding);
}

/**
 * bondd_bond_get_findings:
 * @bond: a bond
 *
 * Returns: (transfer container) (element-type BonddFinding): the findings
 *   behind the verdict, empty when it is `ok`; a new array that frees its
 *   elements
 */
GPtrArray *
bondd_bond_get_findings(BonddBond *bond)
{
    GPtrArray *copy;

    g_return_val_if_fail(BONDD_IS_BOND(bond), NULL);
    /* A copy: bindings may empty the array they are given. */
    copy = g_ptr_array_copy(bond->findings, copy_finding, NULL);
    g_ptr_array_set_free_func(copy, (GDestroyNotify)bondd_finding_free);
    return copy;
}

/**
 * bondd_bond_get_options:
 * @bond: a bond
 *
 * Returns: (transfer full) (element-type utf8 utf8): every bond option the
 *   kernel reports, by its sysfs/libnm name
 */
GHashTable *
bondd_bond_get_options(BonddBond *bond)
{
    g_return_val_if_fail(BONDD_IS_BOND(bond), NULL);
    return options_table(bond);
}

/**
 * bondd_bond_get_option:
 * @bond: a bond
 * @name: an option's sysfs/libnm name (`miimon`, `lacp_rate`, ...)
 *
 * Returns: (transfer none) (nullable): the option's value as the kernel
 *   reports it (valid until the bond's options change), %NULL if it does
 *   not
 */
const char *
bondd_bond_get_option(BonddBond *bond, const char *name)
{
    GVariant *options;
    const char *value = NULL;

    g_return_val_if_fail(BONDD_IS_BOND(bond), NULL);
    options = bondd_dbus_device_bond_get_options(bond->proxy);
    if (options && g_variant_is_of_type(options, G_VARIANT_TYPE("a{ss}")))
        g_variant_lookup(options, name, "&s", &value);
    return value;
}

static int
compare_ports(gconstpointer a, gconstpointer b)
{
    return g_strcmp0(bondd_port_get_name(*(BonddPort **)a), bondd_port_get_name(*(BonddPort **)b));
}

/**
 * bondd_bond_get_ports:
 * @bond: a bond
 *
 * Returns: (transfer container) (element-type BonddPort): the bond's ports,
 *   sorted by name
 */
GPtrArray *
bondd_bond_get_ports(BonddBond *bond)
{
    GPtrArray *ports;
    GHashTableIter iter;
    gpointer port;

    g_return_val_if_fail(BONDD_IS_BOND(bond), NULL);
    ports = g_ptr_array_new_with_free_func(g_object_unref);
    g_hash_table_iter_init(&iter, bond->ports);
    while (g_hash_table_iter_next(&iter, NULL, &port))
        g_ptr_array_add(ports, g_object_ref(port));
    g_ptr_array_sort(ports, compare_ports);
    return ports;
}

/**
 * bondd_bond_get_port:
 * @bond: a bond
 * @name: a port's interface name
 *
 * Returns: (transfer none) (nullable): the port called @name
 */
BonddPort *
bondd_bond_get_port(BonddBond *bond, const char *name)
{
    g_return_val_if_fail(BONDD_IS_BOND(bond), NULL);
    return g_hash_table_lookup(bond->ports, name);
}

/**
 * bondd_bond_has_ad_value:
 * @bond: a bond
 * @property: an "ad-..." property name ("ad-partner-mac", ...)
 *
 * Returns: %TRUE if bondd reported a value for @property (802.3ad mode with
 *   an active aggregator)
 */
gboolean
bondd_bond_has_ad_value(BonddBond *bond, const char *property)
{
    g_return_val_if_fail(BONDD_IS_BOND(bond), FALSE);
    for (guint i = 0; i < N_AD; i++) {
        if (g_str_equal(g_param_spec_get_name(props[PROP_FIRST_AD + i]), property))
            return bondd_dict_fields_has(bondd_dbus_device_bond_get_ad(bond->proxy), &ad_fields[i]);
    }
    return FALSE;
}

static GPtrArray *
events_from_variant(GVariant *events)
{
    GPtrArray *array = g_ptr_array_new_with_free_func((GDestroyNotify)bondd_event_free);
    GVariantIter iter;
    GVariant *event;

    g_variant_iter_init(&iter, events);
    while ((event = g_variant_iter_next_value(&iter))) {
        g_ptr_array_add(array, bondd_event_new_from_variant(event));
        g_variant_unref(event);
    }
    return array;
}

/**
 * bondd_bond_get_history:
 * @bond: a bond
 * @max: the newest @max events; 0 for all bondd keeps
 * @cancellable: (nullable): a #GCancellable
 * @error: return location for a #GError
 *
 * The bond's event history (it survives a bondd restart), oldest first.
 * Blocks: see bondd_bond_get_history_async().
 *
 * Returns: (transfer container) (element-type BonddEvent): the events (a
 *   new array that frees its elements), or %NULL with @error set
 */
GPtrArray *
bondd_bond_get_history(BonddBond *bond, guint max, GCancellable *cancellable, GError **error)
{
    g_autoptr(GVariant) events = NULL;

    g_return_val_if_fail(BONDD_IS_BOND(bond), NULL);
    if (!bondd_dbus_device_bond_call_get_history_sync(bond->proxy, max, &events, cancellable,
                                                      error))
        return NULL;
    return events_from_variant(events);
}

static void
history_done(GObject *source, GAsyncResult *result, gpointer user_data)
{
    g_autoptr(GTask) task = user_data;
    g_autoptr(GVariant) events = NULL;
    GError *error = NULL;

    if (!bondd_dbus_device_bond_call_get_history_finish(BONDD_DBUS_DEVICE_BOND(source), &events,
                                                        result, &error))
        g_task_return_error(task, error);
    else
        g_task_return_pointer(task, events_from_variant(events), (GDestroyNotify)g_ptr_array_unref);
}

/**
 * bondd_bond_get_history_async:
 * @bond: a bond
 * @max: the newest @max events; 0 for all bondd keeps
 * @cancellable: (nullable): a #GCancellable
 * @callback: called when the history is there
 * @user_data: for @callback
 *
 * Asks bondd for the bond's event history; finish with
 * bondd_bond_get_history_finish().
 */
void
bondd_bond_get_history_async(BonddBond *bond, guint max, GCancellable *cancellable,
                             GAsyncReadyCallback callback, gpointer user_data)
{
    GTask *task;

    g_return_if_fail(BONDD_IS_BOND(bond));
    task = g_task_new(bond, cancellable, callback, user_data);
    g_task_set_source_tag(task, bondd_bond_get_history_async);
    bondd_dbus_device_bond_call_get_history(bond->proxy, max, cancellable, history_done, task);
}

/**
 * bondd_bond_get_history_finish:
 * @bond: a bond
 * @result: the result passed to the callback
 * @error: return location for a #GError
 *
 * Returns: (transfer container) (element-type BonddEvent): the events,
 *   oldest first (a new array that frees its elements), or %NULL with
 *   @error set
 */
GPtrArray *
bondd_bond_get_history_finish(BonddBond *bond, GAsyncResult *result, GError **error)
{
    g_return_val_if_fail(g_task_is_valid(result, bond), NULL);
    return g_task_propagate_pointer(G_TASK(result), error);
}
