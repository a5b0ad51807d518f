/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * One logical interface as ifup sees it: all its iface stanzas together
 * ("iface ha inet static" and "iface ha inet6 auto" are one interface), with
 * the options of the templates they inherit, and whether it comes up at
 * boot.
 */
#pragma once

#include "ifupdown-parser.h"

G_BEGIN_DECLS

/* An option of the interface, with the stanza it applies to (for an
 * inherited option: the inheriting stanza, whose family and method
 * count). */
typedef struct {
    const IfupdownStanza *stanza;
    const IfupdownOption *option;
    gboolean inherited; /* from a template: the stanza's own option wins quietly */
} IfupdownOpt;

typedef struct {
    const char *name;
    GPtrArray *stanzas; /* const IfupdownStanza*, file order */
    GArray *opts;       /* IfupdownOpt: own options first, then inherited */
    gboolean autostart;
    /* Some stanza inherits from it: a template, a profile only if it is
     * brought up itself. */
    gboolean is_template;
    /* Problems of this interface's stanzas (an "inherits" naming nothing):
     * reported only if it becomes a profile, as the plain interfaces of the
     * file are none of bondd's business. */
    GPtrArray *diags;
} IfupdownIface;

typedef struct {
    GPtrArray *list;    /* IfupdownIface*, by first appearance */
    GHashTable *byname; /* name -> IfupdownIface* */
} IfupdownIfaces;

/* Group @config's stanzas. */
IfupdownIfaces *ifupdown_ifaces_new(const IfupdownConfig *config);
void ifupdown_ifaces_free(IfupdownIfaces *ifaces);
G_DEFINE_AUTOPTR_CLEANUP_FUNC(IfupdownIfaces, ifupdown_ifaces_free)

IfupdownIface *ifupdown_ifaces_lookup(const IfupdownIfaces *ifaces, const char *name);

/* The first option @key of @iface, or NULL. */
const IfupdownOpt *ifupdown_iface_find(const IfupdownIface *iface, const char *key);

/* Where the interface is first defined. */
const IfupdownStanza *ifupdown_iface_first(const IfupdownIface *iface);

G_END_DECLS
