/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The ifcfg round trip: a file that reads as a profile must read back as
 * the same profile (nm_connection_diff, exact) once written, both as a new
 * file and rewritten in place; and rewriting what we wrote changes nothing.
 * Used by the fuzz target and by the unit tests.
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* TRUE if @data (@len bytes, the contents of an ifcfg file) is not a
 * profile, or round trips; FALSE with an error naming what differs and
 * showing what was written. */
gboolean ifcfg_round_trip_check(const char *data, gsize len, GError **error);

G_END_DECLS
