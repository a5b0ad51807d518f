/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * resolv.conf as bondd writes it, and the system's /etc/resolv.conf as
 * [main] rc-manager has bondd treat it (NetworkManager's modes "unmanaged",
 * "file" and "symlink").  Files only: what goes into them is the DNS
 * manager's (dns-manager.h).
 */
#pragma once

#include "bondd-config.h"

G_BEGIN_DECLS

/* The text of a resolv.conf for @servers and @searches (char*, in order,
 * each once), as NetworkManager writes it. */
char *bondd_resolv_conf_text(GPtrArray *servers, GPtrArray *searches);

/* Make @target (the system's resolv.conf) follow bondd's @ours, which holds
 * @text, as @rc_manager says: unmanaged leaves it alone; file writes @text
 * into it (into its target when it is a symlink), atomically; symlink
 * points it at @ours unless it is a symlink to something else (another
 * resolver manager's). */
gboolean bondd_resolv_conf_manage(BonddRcManager rc_manager, const char *target, const char *ours,
                                  const char *text, GError **error);

G_END_DECLS
