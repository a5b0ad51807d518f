/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Value types of the bondd client library: the health verdict, a health
 * finding and a history event.
 */
#pragma once

#if !defined(BONDD_INSIDE) && !defined(BONDD_COMPILATION)
#error "Only <bondd.h> can be included directly."
#endif

#include <glib-object.h>

G_BEGIN_DECLS

/**
 * BonddHealth:
 * @BONDD_HEALTH_UNKNOWN: bondd has not said (yet), or said something this
 *   library does not know
 * @BONDD_HEALTH_OK: nothing needs attention
 * @BONDD_HEALTH_DEGRADED: the bond carries traffic but something needs
 *   attention (see the findings)
 * @BONDD_HEALTH_DOWN: no port up, no carrier, or no bond in the kernel
 *
 * bondd's verdict on a bond, ordered from good to bad after
 * @BONDD_HEALTH_UNKNOWN.
 */
typedef enum {
    BONDD_HEALTH_UNKNOWN,
    BONDD_HEALTH_OK,
    BONDD_HEALTH_DEGRADED,
    BONDD_HEALTH_DOWN,
} BonddHealth;

GType bondd_health_get_type(void) G_GNUC_CONST;
#define BONDD_TYPE_HEALTH (bondd_health_get_type())

BonddHealth bondd_health_from_string(const char *str);
const char *bondd_health_to_string(BonddHealth health);

/**
 * BonddFinding:
 * @code: a stable identifier (`port-down`, `lacp-no-partner`, ...), see
 *   bondd-dbus(7)
 * @port: (nullable): the port it concerns, %NULL for the bond itself
 * @text: a sentence in the daemon's language
 *
 * One reason behind a health verdict.
 */
typedef struct {
    char *code;
    char *port;
    char *text;
} BonddFinding;

GType bondd_finding_get_type(void) G_GNUC_CONST;
#define BONDD_TYPE_FINDING (bondd_finding_get_type())

BonddFinding *bondd_finding_copy(const BonddFinding *finding);
void bondd_finding_free(BonddFinding *finding);
G_DEFINE_AUTOPTR_CLEANUP_FUNC(BonddFinding, bondd_finding_free)

/**
 * BonddEvent:
 * @realtime_us: when it happened, CLOCK_REALTIME microseconds since the
 *   epoch
 * @monotonic_us: when it happened, CLOCK_MONOTONIC microseconds (of the
 *   boot it happened in)
 * @kind: `failover`, `carrier-up`, `carrier-down`, `link-state`,
 *   `lacp-state`, `port-flapping`, `port-attached`, `port-released` or
 *   `health`
 * @port: (nullable): the port it concerns, %NULL for the bond itself
 * @text: a sentence in the daemon's language
 *
 * One entry of a bond's event history.
 */
typedef struct {
    gint64 realtime_us;
    gint64 monotonic_us;
    char *kind;
    char *port;
    char *text;
} BonddEvent;

GType bondd_event_get_type(void) G_GNUC_CONST;
#define BONDD_TYPE_EVENT (bondd_event_get_type())

BonddEvent *bondd_event_copy(const BonddEvent *event);
void bondd_event_free(BonddEvent *event);
GDateTime *bondd_event_get_date_time(const BonddEvent *event);
G_DEFINE_AUTOPTR_CLEANUP_FUNC(BonddEvent, bondd_event_free)

G_END_DECLS
