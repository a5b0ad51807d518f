/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * bondd-dhcp-helper: the script dhcpcd runs at every DHCP event.  It sends
 * its environment (what dhcpcd tells a script: reason, interface, the
 * lease's options) to bondd over the private peer-to-peer D-Bus socket
 * named by BONDD_DHCP_HELPER_ADDRESS and waits for bondd's answer, so that
 * dhcpcd carries on only once bondd has applied the lease.
 *
 * It must never make dhcpcd hang or fail: when bondd cannot be reached it
 * says so on stderr and exits 0 (dhcpcd logs a script's failure, nothing
 * else).
 */
#include "config.h"

#include <gio/gio.h>
#include <string.h>

#include "dhcp-helper-generated.h"

#define ADDRESS_VAR "BONDD_DHCP_HELPER_ADDRESS"
/* The reasons bondd wants, space-separated (bondd writes both variables
 * into the dhcpcd.conf it generates). */
#define REASONS_VAR "BONDD_DHCP_REASONS"
/* Bondd answers once the lease is applied; a wedged bondd must not hold
 * dhcpcd for long. */
#define CALL_TIMEOUT_MS 10000

extern char **environ;

int
main(int argc, char **argv)
{
    const char *address = g_getenv(ADDRESS_VAR);
    g_autoptr(GError) error = NULL;
    g_autoptr(GDBusConnection) connection = NULL;
    g_autoptr(BonddDhcpHelper) proxy = NULL;
    GVariantBuilder env;
    const char *reasons = g_getenv(REASONS_VAR);
    const char *reason = g_getenv("reason");
    g_auto(GStrv) wanted = g_strsplit(reasons ? reasons : "", " ", -1);

    /* Others (STOP, RELEASE...) come while bondd may be waiting for dhcpcd
     * to exit: they must not wait for bondd. */
    if (reasons && (!reason || !g_strv_contains((const char *const *)wanted, reason)))
        return 0;
    if (!address) {
        g_printerr("bondd-dhcp-helper: %s is not set\n", ADDRESS_VAR);
        return 0;
    }
    connection = g_dbus_connection_new_for_address_sync(
        address, G_DBUS_CONNECTION_FLAGS_AUTHENTICATION_CLIENT, NULL, NULL, &error);
    if (!connection) {
        g_printerr("bondd-dhcp-helper: cannot reach bondd at %s: %s\n", address, error->message);
        return 0;
    }
    proxy = bondd_dhcp_helper_proxy_new_sync(connection, G_DBUS_PROXY_FLAGS_DO_NOT_LOAD_PROPERTIES,
                                             NULL, "/org/bondd/DhcpHelper", NULL, &error);
    if (!proxy) {
        g_printerr("bondd-dhcp-helper: %s\n", error->message);
        return 0;
    }
    g_dbus_proxy_set_default_timeout(G_DBUS_PROXY(proxy), CALL_TIMEOUT_MS);

    g_variant_builder_init(&env, G_VARIANT_TYPE("a{ss}"));
    for (char **e = environ; *e; e++) {
        const char *eq = strchr(*e, '=');
        g_autofree char *name = NULL;

        if (!eq || eq == *e || strcmp(*e, "PATH") == 0)
            continue;
        name = g_strndup(*e, eq - *e);
        /* Option values are the server's bytes: only text D-Bus can carry. */
        if (!g_utf8_validate(eq + 1, -1, NULL))
            continue;
        g_variant_builder_add(&env, "{ss}", name, eq + 1);
    }
    if (!bondd_dhcp_helper_call_event_sync(proxy, g_variant_builder_end(&env), NULL, &error))
        g_printerr("bondd-dhcp-helper: %s\n", error->message);
    return 0;
}
