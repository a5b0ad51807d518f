/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The bondd end of the private channel from the DHCP client: a D-Bus
 * server (peer to peer, not the system bus) on a socket in the run
 * directory that bondd-dhcp-helper calls with each dhcpcd event.  Events go
 * to whoever watches the dhcpcd process that sent them (its "pid"
 * variable); events of a process nobody watches any more are dropped.
 */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/* @env: the script's environment (name -> value); valid during the call.
 * The helper, and so dhcpcd, wait until it returns. */
typedef void (*BonddDhcpEventFunc)(gpointer user_data, GHashTable *env);

/* Listen on RUN_DIR/dhcp-helper.socket (once per process); the D-Bus address
 * the helper is to connect to, or NULL and @error. */
const char *bondd_dhcp_listener_ensure(const char *run_dir, GError **error);
void bondd_dhcp_listener_watch(GPid pid, BonddDhcpEventFunc func, gpointer user_data);
void bondd_dhcp_listener_unwatch(GPid pid);
/* Stop listening and remove the socket (at exit). */
void bondd_dhcp_listener_shutdown(void);

G_END_DECLS
