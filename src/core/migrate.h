/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * bondd --migrate-ifupdown[=FILE] [--to PLUGIN] [--dry-run]: the profiles
 * the ifupdown settings plugin reads, written by another settings plugin
 * (ifcfg, keyfile) through its own add() -- bondd's writer, not a second
 * one.  Only
 * the plugin ABI is used: the core knows no file format.  The interfaces
 * file is only read.
 */
#pragma once

#include <stdio.h>

#include "bondd-config.h"
#include "plugins.h"

G_BEGIN_DECLS

/* The settings plugin the migration reads. */
#define BONDD_MIGRATE_SOURCE "ifupdown"

/* Run the migration @config asks for with @plugins (loaded), reporting to
 * @out: what was written, what could not be carried (with file and line),
 * notes.  TRUE when every profile was written (or was there already) and
 * every line carried.  FALSE without @error when the report says what was
 * not; FALSE with @error when the migration could not run at all (a plugin
 * missing, --to naming a plugin that cannot write, the target directory
 * unusable). */
gboolean bondd_migrate(const BonddConfig *config, BonddPlugins *plugins, FILE *out, GError **error);

G_END_DECLS
