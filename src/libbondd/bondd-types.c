/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The value types: BonddHealth with the spellings bondd uses on D-Bus,
 * BonddFinding and BonddEvent as boxed types.
 */
#include "bondd-types-private.h"

/* The value nicks are bondd's D-Bus spellings of the verdict. */
static const GEnumValue health_values[] = {
    {BONDD_HEALTH_UNKNOWN, "BONDD_HEALTH_UNKNOWN", "unknown"},
    {BONDD_HEALTH_OK, "BONDD_HEALTH_OK", "ok"},
    {BONDD_HEALTH_DEGRADED, "BONDD_HEALTH_DEGRADED", "degraded"},
    {BONDD_HEALTH_DOWN, "BONDD_HEALTH_DOWN", "down"},
    {0, NULL, NULL},
};

GType
bondd_health_get_type(void)
{
    static gsize type_id;

    if (g_once_init_enter(&type_id))
        g_once_init_leave(&type_id, g_enum_register_static("BonddHealth", health_values));
    return type_id;
}

/**
 * bondd_health_from_string:
 * @str: (nullable): a verdict as bondd spells it on D-Bus
 *
 * Returns: the verdict, %BONDD_HEALTH_UNKNOWN for %NULL or an unknown word
 */
BonddHealth
bondd_health_from_string(const char *str)
{
    for (guint i = 1; str && health_values[i].value_nick; i++) {
        if (g_str_equal(str, health_values[i].value_nick))
            return (BonddHealth)health_values[i].value;
    }
    return BONDD_HEALTH_UNKNOWN;
}

/**
 * bondd_health_to_string:
 * @health: a verdict
 *
 * Returns: (transfer none): bondd's spelling of @health: `ok`, `degraded`,
 *   `down` or `unknown`
 */
const char *
bondd_health_to_string(BonddHealth health)
{
    for (guint i = 0; health_values[i].value_nick; i++) {
        if (health_values[i].value == (int)health)
            return health_values[i].value_nick;
    }
    return "unknown";
}

/* bondd says "" for "the bond itself"; the library says NULL. */
static char *
port_or_null(const char *port)
{
    return port && *port ? g_strdup(port) : NULL;
}

/**
 * bondd_finding_copy:
 * @finding: a finding
 *
 * Returns: (transfer full): a copy of @finding
 */
BonddFinding *
bondd_finding_copy(const BonddFinding *finding)
{
    BonddFinding *copy = g_new0(BonddFinding, 1);

    copy->code = g_strdup(finding->code);
    copy->port = port_or_null(finding->port);
    copy->text = g_strdup(finding->text);
    return copy;
}

/**
 * bondd_finding_free:
 * @finding: (transfer full) (nullable): a finding
 */
void
bondd_finding_free(BonddFinding *finding)
{
    if (!finding)
        return;
    g_free(finding->code);
    g_free(finding->port);
    g_free(finding->text);
    g_free(finding);
}

G_DEFINE_BOXED_TYPE(BonddFinding, bondd_finding, bondd_finding_copy, bondd_finding_free)

/**
 * bondd_event_copy:
 * @event: an event
 *
 * Returns: (transfer full): a copy of @event
 */
BonddEvent *
bondd_event_copy(const BonddEvent *event)
{
    BonddEvent *copy = g_new0(BonddEvent, 1);

    copy->realtime_us = event->realtime_us;
    copy->monotonic_us = event->monotonic_us;
    copy->kind = g_strdup(event->kind);
    copy->port = port_or_null(event->port);
    copy->text = g_strdup(event->text);
    return copy;
}

/**
 * bondd_event_free:
 * @event: (transfer full) (nullable): an event
 */
void
bondd_event_free(BonddEvent *event)
{
    if (!event)
        return;
    g_free(event->kind);
    g_free(event->port);
    g_free(event->text);
    g_free(event);
}

/**
 * bondd_event_get_date_time:
 * @event: an event
 *
 * Returns: (transfer full): when @event happened, in the local time zone
 */
GDateTime *
bondd_event_get_date_time(const BonddEvent *event)
{
    return bondd_date_time_from_realtime_us(event->realtime_us);
}

GDateTime *
bondd_date_time_from_realtime_us(gint64 realtime_us)
{
    g_autoptr(GDateTime) utc = g_date_time_new_from_unix_utc(realtime_us / G_USEC_PER_SEC);
    /* Whole seconds first, then the microseconds: exact for any time. */
    g_autoptr(GDateTime) exact = g_date_time_add(utc, realtime_us % G_USEC_PER_SEC);

    return g_date_time_to_local(exact);
}

G_DEFINE_BOXED_TYPE(BonddEvent, bondd_event, bondd_event_copy, bondd_event_free)

GPtrArray *
bondd_findings_from_variant(GVariant *findings)
{
    GPtrArray *array = g_ptr_array_new_with_free_func((GDestroyNotify)bondd_finding_free);
    GVariantIter iter;
    const char *code, *port, *text;

    if (!findings || !g_variant_is_of_type(findings, G_VARIANT_TYPE("a(sss)")))
        return array;
    g_variant_iter_init(&iter, findings);
    while (g_variant_iter_next(&iter, "(&s&s&s)", &code, &port, &text)) {
        BonddFinding finding = {(char *)code, (char *)port, (char *)text};

        g_ptr_array_add(array, bondd_finding_copy(&finding));
    }
    return array;
}

BonddEvent *
bondd_event_new_from_variant(GVariant *event)
{
    BonddEvent e = {0};
    guint64 realtime_us, monotonic_us;

    g_variant_get(event, "(tt&s&s&s)", &realtime_us, &monotonic_us, &e.kind, &e.port, &e.text);
    e.realtime_us = (gint64)realtime_us;
    e.monotonic_us = (gint64)monotonic_us;
    return bondd_event_copy(&e);
}
