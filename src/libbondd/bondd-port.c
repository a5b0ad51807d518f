/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * BonddPort: a port's entry of bondd's Ports property as a GObject whose
 * properties notify when bondd reports a change.  The fields are those of
 * org.bondd.Device.Bond's Ports (see data/org.bondd.Device.Bond.xml);
 * this table is the one place the library names them.
 */
#include "bondd-port-private.h"

#include "bondd-dict-fields.h"

/**
 * BonddPort:
 *
 * One port of a bond.  Besides #BonddPort:name, every property is a key of
 * the port's entry in bondd's `Ports` property in GObject spelling (for
 * example `LinkFailureCount` is "link-failure-count"); a key the kernel does
 * not report reads as 0, %FALSE or %NULL (see bondd_port_has_value()).
 * Properties notify when bondd reports a new value.
 */
static const BonddDictField port_fields[] = {
    {"Ifindex", "i", "Interface index"},
    {"Carrier", "b", "Whether the port has carrier"},
    {"MiiStatus", "s", "MII status: up, going down, down, going back"},
    {"State", "s", "active or backup"},
    {"LinkFailureCount", "u", "Link failures the bond counted"},
    {"CarrierChanges", "u", "Carrier changes the kernel counted"},
    {"CarrierUpCount", "u", "Carrier up events"},
    {"CarrierDownCount", "u", "Carrier down events"},
    {"Speed", "u", "Speed in Mb/s (0: unknown)"},
    {"Duplex", "s", "Duplex: full, half or unknown"},
    {"PermHwAddress", "s", "Permanent hardware address"},
    {"QueueId", "u", "Queue ID"},
    {"Prio", "i", "Port priority"},
    {"AggregatorId", "u", "802.3ad aggregator this port is in"},
    {"ActorOperPortState", "u", "802.3ad actor operational port state"},
    {"PartnerOperPortState", "u", "802.3ad partner operational port state"},
    {"ActorPortPrio", "u", "802.3ad actor port priority"},
    {"ActorChurnState", "s", "802.3ad actor churn state"},
    {"PartnerChurnState", "s", "802.3ad partner churn state"},
    {"ActorChurnedCount", "u", "802.3ad actor churned count"},
    {"PartnerChurnedCount", "u", "802.3ad partner churned count"},
    {"ActorSystemPriority", "u", "802.3ad actor system priority"},
    {"ActorSystemMac", "s", "802.3ad actor system MAC address"},
    {"ActorPortKey", "u", "802.3ad actor port key"},
    {"ActorPortPriority", "u", "802.3ad actor port priority"},
    {"ActorPortNumber", "u", "802.3ad actor port number"},
    {"ActorPortState", "u", "802.3ad actor port state"},
    {"PartnerSystemPriority", "u", "802.3ad partner system priority"},
    {"PartnerSystemMac", "s", "802.3ad partner system MAC address (LACP partner)"},
    {"PartnerOperKey", "u", "802.3ad partner operational key"},
    {"PartnerPortPriority", "u", "802.3ad partner port priority"},
    {"PartnerPortNumber", "u", "802.3ad partner port number"},
    {"PartnerPortState", "u", "802.3ad partner port state"},
};
#define N_FIELDS G_N_ELEMENTS(port_fields)

enum {
    PROP_0,
    PROP_NAME,
    PROP_FIRST_FIELD,
};

static GParamSpec *field_pspecs[N_FIELDS];

struct _BonddPort {
    GObject parent_instance;
    char *name;
    GVariant *values; /* a{sv} */
};

G_DEFINE_TYPE(BonddPort, bondd_port, G_TYPE_OBJECT)

static void
bondd_port_get_property(GObject *object, guint prop_id, GValue *value, GParamSpec *pspec)
{
    BonddPort *self = BONDD_PORT(object);

    if (prop_id == PROP_NAME)
        g_value_set_string(value, self->name);
    else if (prop_id >= PROP_FIRST_FIELD && prop_id < PROP_FIRST_FIELD + N_FIELDS)
        bondd_dict_fields_get(self->values, &port_fields[prop_id - PROP_FIRST_FIELD], value);
    else
        G_OBJECT_WARN_INVALID_PROPERTY_ID(object, prop_id, pspec);
}

static void
bondd_port_finalize(GObject *object)
{
    BonddPort *self = BONDD_PORT(object);

    g_free(self->name);
    g_clear_pointer(&self->values, g_variant_unref);
    G_OBJECT_CLASS(bondd_port_parent_class)->finalize(object);
}

static void
bondd_port_class_init(BonddPortClass *klass)
{
    GObjectClass *object_class = G_OBJECT_CLASS(klass);

    object_class->get_property = bondd_port_get_property;
    object_class->finalize = bondd_port_finalize;

    /**
     * BonddPort:name:
     *
     * The port's interface name.
     */
    g_object_class_install_property(object_class, PROP_NAME,
                                    g_param_spec_string("name", "Name", "Interface name", NULL,
                                                        G_PARAM_READABLE | G_PARAM_STATIC_STRINGS));
    bondd_dict_fields_install(object_class, "", PROP_FIRST_FIELD, port_fields, N_FIELDS,
                              field_pspecs);
}

static void
bondd_port_init(BonddPort *self)
{
}

BonddPort *
bondd_port_new(const char *name, GVariant *values)
{
    BonddPort *self = g_object_new(BONDD_TYPE_PORT, NULL);

    self->name = g_strdup(name);
    self->values = g_variant_ref_sink(values);
    return self;
}

void
bondd_port_update(BonddPort *self, GVariant *values)
{
    g_autoptr(GVariant) old = self->values;

    self->values = g_variant_ref_sink(values);
    bondd_dict_fields_notify_changes(G_OBJECT(self), port_fields, N_FIELDS, field_pspecs, old,
                                     self->values);
}

static const char *
get_string(BonddPort *self, const char *key)
{
    g_autoptr(GVariant) v = g_variant_lookup_value(self->values, key, G_VARIANT_TYPE_STRING);

    /* The string lives in self->values, which outlives @v. */
    return v ? g_variant_get_string(v, NULL) : NULL;
}

static guint
get_uint(BonddPort *self, const char *key)
{
    guint32 u = 0;

    g_variant_lookup(self->values, key, "u", &u);
    return u;
}

/**
 * bondd_port_get_name:
 * @port: a port
 *
 * Returns: (transfer none): the port's interface name
 */
const char *
bondd_port_get_name(BonddPort *port)
{
    g_return_val_if_fail(BONDD_IS_PORT(port), NULL);
    return port->name;
}

/**
 * bondd_port_get_mii_status:
 * @port: a port
 *
 * Returns: (transfer none) (nullable): `up`, `going down`, `down` or
 *   `going back`
 */
const char *
bondd_port_get_mii_status(BonddPort *port)
{
    g_return_val_if_fail(BONDD_IS_PORT(port), NULL);
    return get_string(port, "MiiStatus");
}

/**
 * bondd_port_get_state:
 * @port: a port
 *
 * Returns: (transfer none) (nullable): `active` or `backup`
 */
const char *
bondd_port_get_state(BonddPort *port)
{
    g_return_val_if_fail(BONDD_IS_PORT(port), NULL);
    return get_string(port, "State");
}

/**
 * bondd_port_get_speed:
 * @port: a port
 *
 * Returns: the speed in Mb/s, 0 when unknown
 */
guint
bondd_port_get_speed(BonddPort *port)
{
    g_return_val_if_fail(BONDD_IS_PORT(port), 0);
    return get_uint(port, "Speed");
}

/**
 * bondd_port_get_duplex:
 * @port: a port
 *
 * Returns: (transfer none) (nullable): `full`, `half` or `unknown`
 */
const char *
bondd_port_get_duplex(BonddPort *port)
{
    g_return_val_if_fail(BONDD_IS_PORT(port), NULL);
    return get_string(port, "Duplex");
}

/**
 * bondd_port_get_link_failure_count:
 * @port: a port
 *
 * Returns: the link failures the bonding driver counted on this port
 */
guint
bondd_port_get_link_failure_count(BonddPort *port)
{
    g_return_val_if_fail(BONDD_IS_PORT(port), 0);
    return get_uint(port, "LinkFailureCount");
}

/**
 * bondd_port_get_carrier_changes:
 * @port: a port
 *
 * Returns: the carrier changes the kernel counted on this port
 */
guint
bondd_port_get_carrier_changes(BonddPort *port)
{
    g_return_val_if_fail(BONDD_IS_PORT(port), 0);
    return get_uint(port, "CarrierChanges");
}

/**
 * bondd_port_get_aggregator_id:
 * @port: a port
 *
 * Returns: the 802.3ad aggregator the port is in, 0 outside 802.3ad
 */
guint
bondd_port_get_aggregator_id(BonddPort *port)
{
    g_return_val_if_fail(BONDD_IS_PORT(port), 0);
    return get_uint(port, "AggregatorId");
}

/**
 * bondd_port_get_partner_system_mac:
 * @port: a port
 *
 * Returns: (transfer none) (nullable): the LACP partner's system MAC
 *   address (`00:00:00:00:00:00` when no partner answers), %NULL outside
 *   802.3ad
 */
const char *
bondd_port_get_partner_system_mac(BonddPort *port)
{
    g_return_val_if_fail(BONDD_IS_PORT(port), NULL);
    return get_string(port, "PartnerSystemMac");
}

/**
 * bondd_port_has_value:
 * @port: a port
 * @property: a property name of #BonddPort ("aggregator-id", ...)
 *
 * Whether bondd reported a value for @property: the kernel leaves out what
 * does not apply (the LACP keys outside 802.3ad, for example).
 *
 * Returns: %TRUE if @property has a reported value
 */
gboolean
bondd_port_has_value(BonddPort *port, const char *property)
{
    g_return_val_if_fail(BONDD_IS_PORT(port), FALSE);
    if (g_str_equal(property, "name"))
        return TRUE;
    for (guint i = 0; i < N_FIELDS; i++) {
        if (field_pspecs[i] && g_str_equal(g_param_spec_get_name(field_pspecs[i]), property))
            return bondd_dict_fields_has(port->values, &port_fields[i]);
    }
    return FALSE;
}
