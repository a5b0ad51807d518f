/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The value types from bondd's D-Bus values. */
#pragma once

#include "bondd.h"

G_BEGIN_DECLS

/* The findings (BonddFinding*) of bondd's a(sss). */
GPtrArray *bondd_findings_from_variant(GVariant *findings);
/* A BonddEvent from bondd's (ttsss). */
BonddEvent *bondd_event_new_from_variant(GVariant *event);

G_END_DECLS

G_BEGIN_DECLS
/* A local date and time from CLOCK_REALTIME microseconds. */
GDateTime *bondd_date_time_from_realtime_us(gint64 realtime_us);
G_END_DECLS
