/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * A parsed interfaces file -> profiles: one bond profile per bond and one
 * ethernet port profile (slave-type bond, master = the bond's interface
 * name) per port, as ifenslave defines them:
 *
 *  - a bond is an interface with bond-slaves (or the older "slaves") or
 *    bond-mode and no bond-master, or one that a port names in its
 *    bond-master;
 *  - its ports are those listed in bond-slaves (a list, or "none") and the
 *    interfaces whose bond-master names it (bond-master wins over a
 *    bond-slaves list, as in ifenslave).
 *
 * Every other interface (plain ones, loopback, VLANs, bridges...) is left
 * alone: no profile, nothing said.  Profile ids are the interface names;
 * UUIDs come from the file path and the name (the same on every start); an
 * interface marked auto or allow-hotplug autoconnects, a port listed in
 * bond-slaves also when its bond does (ifenslave brings it up with the
 * bond).  Every profile is normalized and verified by libnm; a stanza that
 * cannot be one is left out with one SKIPPED diagnostic.
 */
#pragma once

#include <bondd/settings-plugin.h>

#include "ifupdown-parser.h"

G_BEGIN_DECLS

/* The profiles (BonddStoredProfile*, each with the file of its stanza:
 * for a port without a stanza of its own, its bond's file), bonds each
 * followed by their ports.  Diagnostics are appended to @diags, the
 * parser's first. */
GPtrArray *ifupdown_reader_read(const IfupdownConfig *config, GPtrArray *diags);

/* The UUID of interface @iface of the interfaces file @path: an RFC 4122
 * version 3 (MD5, name-based) UUID of "PATH\nIFACE" in bondd's ifupdown
 * namespace.  The main file's path, not the included file's: moving a
 * stanza into interfaces.d keeps its profile. */
char *ifupdown_reader_uuid(const char *path, const char *iface);

G_END_DECLS
