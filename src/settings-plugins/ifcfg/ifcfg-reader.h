/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * ifcfg file -> NMConnection, following NetworkManager's ifcfg-rh reader for
 * bond controllers, bond ports and plain ethernet profiles.
 */
#pragma once

#include <NetworkManager.h>

#include "shvar.h"

G_BEGIN_DECLS

/* Read the ifcfg file @path.
 *
 * Returns a normalized, verified connection; or NULL with:
 *  - no error and *out_unmanaged_spec set when the file says
 *    NM_CONTROLLED=no ("mac:..." / "interface-name:=...");
 *  - an error (G_IO_ERROR) whose message names the file and the reason,
 *    and *out_unrecognized_spec possibly set for a type bondd does not
 *    handle.
 * Values that are dropped (bad quoting, invalid bond options...) are logged
 * with the file name when the file loads; when it fails they are appended
 * to the error instead, so a failed file gives exactly one message. */
NMConnection *ifcfg_reader_read_file(const char *path, char **out_unmanaged_spec,
                                     char **out_unrecognized_spec, GError **error);

/* Same, from an already parsed file (its path is used for names and the
 * UUID fallback).  With @log_warnings FALSE nothing is logged (a dry run). */
NMConnection *ifcfg_reader_read(ShvarFile *s, char **out_unmanaged_spec,
                                char **out_unrecognized_spec, gboolean log_warnings,
                                GError **error);

/* Log what reading @s found to warn about, one line each naming the file
 * (what ifcfg_reader_read() does with @log_warnings). */
void ifcfg_reader_log_warnings(ShvarFile *s);

/* For an offline check (bondctl check): the same reading, without logging,
 * and with the warnings left in @s (sv_file_get_warnings(), each with its
 * line) rather than folded into @error. */
NMConnection *ifcfg_reader_check(ShvarFile *s, char **out_unmanaged_spec,
                                 char **out_unrecognized_spec, GError **error);

G_END_DECLS
