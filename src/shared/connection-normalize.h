/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * nm_connection_normalize() without libnm's critical.
 *
 * libnm 1.42 verifies an IP setting in two steps and stops at the first
 * that is not a plain success: a gateway with never-default (which
 * normalization fixes by dropping the gateway) hides the hard errors of the
 * second step (addresses with method link-local, disabled or ignore).
 * Normalizing such a profile then fails its own final check, which libnm
 * reports with a warning and a critical ("should not be reached"); a daemon
 * run with fatal criticals dies of it.  Any client or file can send one.
 */
#pragma once

#include <NetworkManager.h>

G_BEGIN_DECLS

/* Drop the gateway of an IP setting with never-default first, as libnm's
 * normalization would, then nm_connection_normalize(). */
gboolean bondd_connection_normalize(NMConnection *connection, GError **error);

/* What every source of profiles (a file, a client) does before taking one:
 * bondd_connection_normalize(), then the limits of a profile
 * (profile-limits.h).  The error names the property. */
gboolean bondd_connection_accept(NMConnection *connection, GError **error);

/* The same for a profile as a client sends it (a{sa{sv}}), before
 * nm_simple_connection_new_from_dbus(), which normalizes: @settings without
 * the gateway of an IP setting with never-default.  Returns a new reference
 * (to @settings itself when there is nothing to drop). */
GVariant *bondd_connection_dict_prepare(GVariant *settings);

G_END_DECLS
