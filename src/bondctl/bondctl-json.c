/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * JSON forms of bonds, ports and events (`--json`).  Keys are the library's
 * property names with '_' for '-'; a value the kernel does not report is
 * left out rather than shown as 0.
 */
#include "config.h"

#include "bondctl.h"

#include <string.h>

static char *
json_key(const char *property)
{
    char *key = g_strdup(property);

    g_strdelimit(key, "-", '_');
    return key;
}

/* Add @property of @object as member @key, by the property's type. */
static void
add_property_as(JsonBuilder *b, GObject *object, const char *property, const char *key)
{
    GParamSpec *pspec = g_object_class_find_property(G_OBJECT_GET_CLASS(object), property);
    g_auto(GValue) value = G_VALUE_INIT;
    GType type;

    g_return_if_fail(pspec != NULL);
    type = G_PARAM_SPEC_VALUE_TYPE(pspec);
    g_value_init(&value, type);
    g_object_get_property(object, property, &value);
    json_builder_set_member_name(b, key);
    if (type == G_TYPE_STRING) {
        json_builder_add_string_value(b,
                                      g_value_get_string(&value) ? g_value_get_string(&value) : "");
    } else if (type == G_TYPE_UINT) {
        json_builder_add_int_value(b, g_value_get_uint(&value));
    } else if (type == G_TYPE_INT) {
        json_builder_add_int_value(b, g_value_get_int(&value));
    } else if (type == G_TYPE_BOOLEAN) {
        json_builder_add_boolean_value(b, g_value_get_boolean(&value));
    } else if (type == G_TYPE_STRV) {
        const char *const *strv = g_value_get_boxed(&value);

        json_builder_begin_array(b);
        for (guint i = 0; strv && strv[i]; i++)
            json_builder_add_string_value(b, strv[i]);
        json_builder_end_array(b);
    } else {
        g_return_if_reached();
    }
}

/* Add @property of @object under its JSON key. */
static void
add_property(JsonBuilder *b, GObject *object, const char *property)
{
    g_autofree char *key = json_key(property);

    add_property_as(b, object, property, key);
}

static void
add_findings(JsonBuilder *b, BonddBond *bond)
{
    g_autoptr(GPtrArray) findings = bondd_bond_get_findings(bond);

    json_builder_set_member_name(b, "findings");
    json_builder_begin_array(b);
    for (guint i = 0; i < findings->len; i++) {
        const BonddFinding *f = findings->pdata[i];

        json_builder_begin_object(b);
        json_builder_set_member_name(b, "code");
        json_builder_add_string_value(b, f->code);
        json_builder_set_member_name(b, "port");
        json_builder_add_string_value(b, f->port ? f->port : "");
        json_builder_set_member_name(b, "text");
        json_builder_add_string_value(b, f->text);
        json_builder_end_object(b);
    }
    json_builder_end_array(b);
}

/* The members `status` shows, shared with `show`. */
static void
add_summary_members(JsonBuilder *b, BonddBond *bond)
{
    BondctlSummary s;

    bondctl_summarize(bond, &s);
    add_property(b, G_OBJECT(bond), "name");
    add_property(b, G_OBJECT(bond), "mode");
    json_builder_set_member_name(b, "health");
    json_builder_add_string_value(b, bondd_health_to_string(bondd_bond_get_health(bond)));
    add_property(b, G_OBJECT(bond), "active-port");
    json_builder_set_member_name(b, "ports_up");
    json_builder_add_int_value(b, s.ports_up);
    json_builder_set_member_name(b, "ports_total");
    json_builder_add_int_value(b, s.ports_total);
    json_builder_set_member_name(b, "lacp");
    if (!s.lacp) {
        json_builder_add_null_value(b);
    } else {
        json_builder_begin_object(b);
        json_builder_set_member_name(b, "aggregator");
        json_builder_add_int_value(b, s.aggregator);
        json_builder_set_member_name(b, "has_partner");
        json_builder_add_boolean_value(b, s.has_partner);
        json_builder_set_member_name(b, "partner_mac");
        json_builder_add_string_value(b, s.partner_mac);
        json_builder_set_member_name(b, "ports_in_aggregator");
        json_builder_add_int_value(b, s.ports_in_aggregator);
        json_builder_end_object(b);
    }
    add_findings(b, bond);
}

JsonNode *
bondctl_json_summary(BonddBond *bond)
{
    g_autoptr(JsonBuilder) b = json_builder_new();

    json_builder_begin_object(b);
    add_summary_members(b, bond);
    json_builder_end_object(b);
    return json_builder_get_root(b);
}

static void
add_event_members(JsonBuilder *b, const char *bond_name, const BonddEvent *event)
{
    g_autofree char *iso = bondctl_iso_time(event->realtime_us);

    json_builder_set_member_name(b, "time");
    json_builder_add_string_value(b, iso);
    json_builder_set_member_name(b, "realtime_us");
    json_builder_add_int_value(b, event->realtime_us);
    if (bond_name) {
        json_builder_set_member_name(b, "bond");
        json_builder_add_string_value(b, bond_name);
    }
    json_builder_set_member_name(b, "kind");
    json_builder_add_string_value(b, event->kind);
    json_builder_set_member_name(b, "port");
    json_builder_add_string_value(b, event->port ? event->port : "");
    json_builder_set_member_name(b, "text");
    json_builder_add_string_value(b, event->text);
}

JsonNode *
bondctl_json_event(const char *bond_name, const BonddEvent *event)
{
    g_autoptr(JsonBuilder) b = json_builder_new();

    json_builder_begin_object(b);
    add_event_members(b, bond_name, event);
    json_builder_end_object(b);
    return json_builder_get_root(b);
}

static void
add_port(JsonBuilder *b, BonddPort *port)
{
    guint n;
    g_autofree GParamSpec **pspecs = g_object_class_list_properties(G_OBJECT_GET_CLASS(port), &n);

    json_builder_begin_object(b);
    for (guint i = 0; i < n; i++) {
        const char *name = g_param_spec_get_name(pspecs[i]);

        if (bondd_port_has_value(port, name))
            add_property(b, G_OBJECT(port), name);
    }
    json_builder_end_object(b);
}

JsonNode *
bondctl_json_bond(BonddBond *bond, GPtrArray *events)
{
    static const char *const monitor[] = {
        "mii-interval",   "up-delay",     "down-delay",      "peer-notify-delay", "arp-interval",
        "arp-ip-targets", "arp-validate", "arp-all-targets", "arp-missed-max",    "ns-ip6-targets",
    };
    static const char *const other[] = {
        "mode-description", "mii-status",       "primary",     "primary-reselect",
        "fail-over-mac",    "xmit-hash-policy", "object-path",
    };
    g_autoptr(JsonBuilder) b = json_builder_new();
    g_autoptr(GHashTable) options = bondd_bond_get_options(bond);
    g_autoptr(GPtrArray) ports = bondd_bond_get_ports(bond);
    g_autofree char *since = NULL;
    guint n;
    g_autofree GParamSpec **pspecs = g_object_class_list_properties(G_OBJECT_GET_CLASS(bond), &n);
    g_autoptr(GList) names = NULL;

    json_builder_begin_object(b);
    add_summary_members(b, bond);
    json_builder_set_member_name(b, "health_since");
    if (bondd_bond_get_health_since(bond) > 0) {
        since = bondctl_iso_time(bondd_bond_get_health_since(bond));
        json_builder_add_string_value(b, since);
    } else {
        json_builder_add_null_value(b);
    }
    for (guint i = 0; i < G_N_ELEMENTS(other); i++)
        add_property(b, G_OBJECT(bond), other[i]);

    json_builder_set_member_name(b, "monitor");
    json_builder_begin_object(b);
    for (guint i = 0; i < G_N_ELEMENTS(monitor); i++)
        add_property(b, G_OBJECT(bond), monitor[i]);
    json_builder_end_object(b);

    json_builder_set_member_name(b, "options");
    json_builder_begin_object(b);
    names = g_list_sort(g_hash_table_get_keys(options), (GCompareFunc)g_strcmp0);
    for (GList *l = names; l; l = l->next) {
        json_builder_set_member_name(b, l->data);
        json_builder_add_string_value(b, g_hash_table_lookup(options, l->data));
    }
    json_builder_end_object(b);

    /* The 802.3ad aggregator: the "ad-..." properties bondd reported. */
    json_builder_set_member_name(b, "ad");
    json_builder_begin_object(b);
    for (guint i = 0; i < n; i++) {
        const char *name = g_param_spec_get_name(pspecs[i]);

        if (g_str_has_prefix(name, "ad-") && bondd_bond_has_ad_value(bond, name)) {
            g_autofree char *key = json_key(name + strlen("ad-"));

            add_property_as(b, G_OBJECT(bond), name, key);
        }
    }
    json_builder_end_object(b);

    json_builder_set_member_name(b, "ports");
    json_builder_begin_array(b);
    for (guint i = 0; i < ports->len; i++)
        add_port(b, ports->pdata[i]);
    json_builder_end_array(b);

    if (events) {
        json_builder_set_member_name(b, "events");
        json_builder_begin_array(b);
        for (guint i = 0; i < events->len; i++) {
            json_builder_begin_object(b);
            add_event_members(b, NULL, events->pdata[i]);
            json_builder_end_object(b);
        }
        json_builder_end_array(b);
    }
    json_builder_end_object(b);
    return json_builder_get_root(b);
}
