/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * BonddPort: one port of a bond as the kernel reports it.
 */
#pragma once

#if !defined(BONDD_INSIDE) && !defined(BONDD_COMPILATION)
#error "Only <bondd.h> can be included directly."
#endif

#include <glib-object.h>

G_BEGIN_DECLS

#define BONDD_TYPE_PORT (bondd_port_get_type())
G_DECLARE_FINAL_TYPE(BonddPort, bondd_port, BONDD, PORT, GObject)

const char *bondd_port_get_name(BonddPort *port);
const char *bondd_port_get_mii_status(BonddPort *port);
const char *bondd_port_get_state(BonddPort *port);
guint bondd_port_get_speed(BonddPort *port);
const char *bondd_port_get_duplex(BonddPort *port);
guint bondd_port_get_link_failure_count(BonddPort *port);
guint bondd_port_get_carrier_changes(BonddPort *port);
guint bondd_port_get_aggregator_id(BonddPort *port);
const char *bondd_port_get_partner_system_mac(BonddPort *port);
gboolean bondd_port_has_value(BonddPort *port, const char *property);

G_END_DECLS
