/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * ifenslave's bond-* options of one bond -> its NMSettingBond.
 *
 * "bond-x-y VALUE" is the kernel option x_y (ifenslave writes VALUE to
 * /sys/class/net/BOND/bonding/x_y): the name is looked up in the shared
 * bond option table, the value parsed and canonicalized there (names or
 * numbers for enums, blank-separated address lists), then checked by libnm
 * (nm_setting_bond_validate_option).  There is no list of option names
 * here.
 *
 * What ifenslave does that a profile cannot say differently is kept as
 * ifenslave would have it: options of a port's stanza count for its bond
 * when the bond's own stanza does not give them; bond-primary is the first
 * listed interface that is a port of the bond; an option the kernel refuses
 * in the bond's mode, or bond-arp-interval next to bond-miimon (ifenslave
 * sets miimon last, which turns the ARP monitor off), had no effect and is
 * left out with a note.
 */
#pragma once

#include <NetworkManager.h>

#include "ifupdown-iface.h"

G_BEGIN_DECLS

/* Options with a meaning of their own rather than a kernel option. */
#define IFUPDOWN_KEY_BOND_MASTER   "bond-master"
#define IFUPDOWN_KEY_BOND_SLAVES   "bond-slaves"
#define IFUPDOWN_KEY_SLAVES        "slaves" /* ifenslave's older spelling */
#define IFUPDOWN_KEY_BOND_PRIMARY  "bond-primary"
#define IFUPDOWN_KEY_BOND_QUEUE_ID "bond-queue-id"

typedef struct _IfupdownBondOptions IfupdownBondOptions;

IfupdownBondOptions *ifupdown_bond_options_new(const char *bond);
void ifupdown_bond_options_free(IfupdownBondOptions *b);
G_DEFINE_AUTOPTR_CLEANUP_FUNC(IfupdownBondOptions, ifupdown_bond_options_free)

/* Whether @key is a bond-* option that maps to a kernel option (not
 * bond-master, bond-slaves, bond-primary or bond-queue-id). */
gboolean ifupdown_bond_is_option(const char *key);

/* A bond-* option of the bond's own stanzas (@port NULL) or of the stanza
 * of its port @port.  A first value wins; the bond's own stanza first. */
void ifupdown_bond_options_add(IfupdownBondOptions *b, const IfupdownOpt *o, const char *port,
                               GPtrArray *diags);

/* A bond-primary list, from the bond's stanza (@port NULL) or a port's. */
void ifupdown_bond_options_add_primary(IfupdownBondOptions *b, const IfupdownOpt *o,
                                       const char *port, GPtrArray *diags);

/* The bond setting, given the bond's ports (NULL-terminated).  FALSE with
 * @skip (why the bond is no profile: bond-mode is no mode) otherwise. */
gboolean ifupdown_bond_options_to_setting(IfupdownBondOptions *b, const char *const *ports,
                                          NMSetting **out_setting, GPtrArray *diags,
                                          IfupdownDiag **skip);

G_END_DECLS
