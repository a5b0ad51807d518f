/* SPDX-License-Identifier: GPL-2.0-or-later */
/* What BonddBond needs of BonddPort. */
#pragma once

#include "bondd.h"

G_BEGIN_DECLS

/* @values: the port's a{sv} entry of bondd's Ports property. */
BonddPort *bondd_port_new(const char *name, GVariant *values);
/* Take newer values and notify the properties that changed. */
void bondd_port_update(BonddPort *port, GVariant *values);

G_END_DECLS
