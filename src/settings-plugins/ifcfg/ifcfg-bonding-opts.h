/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * BONDING_OPTS <-> the options of a bond setting: the space-separated
 * "name=value" list, read and written as NetworkManager's ifcfg-rh does.
 */
#pragma once

#include <NetworkManager.h>

#include "shvar.h"

G_BEGIN_DECLS

/* Replace @s_bond's options with those of @value (NULL: the default mode
 * only).  Unknown and invalid options are dropped, each with a warning of
 * @s. */
void ifcfg_bonding_opts_read(ShvarFile *s, NMSettingBond *s_bond, const char *value);

/* The BONDING_OPTS value of @s_bond: mode first, then the others by name,
 * values verbatim ("" for a bond without options). */
char *ifcfg_bonding_opts_write(NMSettingBond *s_bond);

G_END_DECLS
