/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Health of one bond: a verdict (ok, degraded, down) and the findings
 * behind it, each a stable code, the port it concerns ("" for the bond) and
 * a sentence for people.  Computed from a BondState alone (plus the time,
 * for the flap window), so that tests drive every rule with made-up states.
 */
#pragma once

#include <gio/gio.h>

#include "bond-state.h"

G_BEGIN_DECLS

/* Ordered: a report's verdict is the worst severity among its findings. */
typedef enum {
    BOND_HEALTH_OK = 0,
    BOND_HEALTH_DEGRADED,
    BOND_HEALTH_DOWN,
} BondHealth;

typedef struct {
    const char *code; /* static: "port-down", "lacp-no-partner", ... */
    BondHealth severity;
    char *port; /* "" for the bond itself */
    char *text;
} BondFinding;

typedef struct {
    BondHealth verdict;
    GPtrArray *findings; /* BondFinding*, in rule order, ports by name */
} BondHealthReport;

/* "ok", "degraded", "down". */
const char *bond_health_name(BondHealth health);

BondHealthReport *bond_health_evaluate(const BondState *state, gint64 now_us);
void bond_health_report_free(BondHealthReport *report);
G_DEFINE_AUTOPTR_CLEANUP_FUNC(BondHealthReport, bond_health_report_free)

/* The finding with @code for @port ("" for the bond; NULL: any), or NULL. */
const BondFinding *bond_health_report_find(const BondHealthReport *report, const char *code,
                                           const char *port);
/* Same verdict and the same findings (code, port and text). */
gboolean bond_health_report_equal(const BondHealthReport *a, const BondHealthReport *b);
/* a(sss): (code, port, text) per finding. */
GVariant *bond_health_findings_variant(const BondHealthReport *report);
/* "port-down eth1, mixed-speed": the codes, for logs and the history. */
char *bond_health_summary(const BondHealthReport *report);

/* Every rule's code, in table order (for documentation and tests). */
const char *const *bond_health_codes(void);

G_END_DECLS
