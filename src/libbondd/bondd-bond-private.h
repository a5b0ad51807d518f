/* SPDX-License-Identifier: GPL-2.0-or-later */
/* What BonddClient needs of BonddBond. */
#pragma once

#include "bondd.h"

#include "bondd-dbus-generated.h"

G_BEGIN_DECLS

/* A bond over the device object @object, which has org.bondd.Device.Bond
 * and NetworkManager's Device interface (for the name). */
BonddBond *bondd_bond_new(BonddDBusObject *object);
/* The object's interfaces were added again: use their new proxies. */
void bondd_bond_rebind(BonddBond *bond);
BonddDBusObject *bondd_bond_get_dbus_object(BonddBond *bond);

G_END_DECLS
