/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The private channel's server (see dhcp-listener.h and
 * docs/ip-configuration.md).  Only root and bondd's own user may connect:
 * the socket is made 0600 and the peer's credentials are checked as well.
 */
#include "config.h"

#include "dhcp-listener.h"

#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <stdlib.h>
#include <unistd.h>

#include "dhcp-helper-generated.h"

#define SOCKET_NAME "dhcp-helper.socket"
#define OBJECT_PATH "/org/bondd/DhcpHelper"

typedef struct {
    BonddDhcpEventFunc func;
    gpointer user_data;
} Watch;

static struct {
    GDBusServer *server;
    GDBusAuthObserver *observer;
    char *socket_path;
    char *address;
    GHashTable *watches; /* GPid -> Watch* */
    GPtrArray *peers;    /* per connection: BonddDhcpHelper skeletons */
} listener;

static gboolean
handle_event(BonddDhcpHelper *skel, GDBusMethodInvocation *invocation, GVariant *environment,
             gpointer user_data)
{
    g_autoptr(GHashTable) env = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, g_free);
    GVariantIter iter;
    char *name, *value;
    const char *pid_str;
    Watch *watch = NULL;

    g_variant_iter_init(&iter, environment);
    while (g_variant_iter_next(&iter, "{ss}", &name, &value))
        g_hash_table_insert(env, name, value);
    pid_str = g_hash_table_lookup(env, "pid");
    if (pid_str && listener.watches)
        watch = g_hash_table_lookup(listener.watches, GINT_TO_POINTER(atoi(pid_str)));
    if (watch)
        watch->func(watch->user_data, env);
    else
        g_debug("dhcp: event %s from dhcpcd %s, which bondd does not watch: dropped",
                (const char *)g_hash_table_lookup(env, "reason"), pid_str ? pid_str : "?");
    bondd_dhcp_helper_complete_event(skel, invocation);
    return TRUE;
}

static void
peer_closed(GDBusConnection *connection, gboolean remote_vanished, GError *error,
            gpointer user_data)
{
    BonddDhcpHelper *skel = user_data;

    g_dbus_interface_skeleton_unexport(G_DBUS_INTERFACE_SKELETON(skel));
    g_ptr_array_remove(listener.peers, skel);
}

static gboolean
new_connection(GDBusServer *server, GDBusConnection *connection, gpointer user_data)
{
    BonddDhcpHelper *skel = bondd_dhcp_helper_skeleton_new();
    g_autoptr(GError) error = NULL;

    g_signal_connect(skel, "handle-event", G_CALLBACK(handle_event), NULL);
    if (!g_dbus_interface_skeleton_export(G_DBUS_INTERFACE_SKELETON(skel), connection, OBJECT_PATH,
                                          &error)) {
        g_warning(_("dhcp: cannot serve the DHCP helper: %s"), error->message);
        g_object_unref(skel);
        return FALSE;
    }
    g_ptr_array_add(listener.peers, skel);
    g_signal_connect_object(connection, "closed", G_CALLBACK(peer_closed), skel, 0);
    return TRUE;
}

/* dhcpcd runs its script as root; bondd may run as another user in tests. */
static gboolean
authorize_peer(GDBusAuthObserver *observer, GIOStream *stream, GCredentials *credentials,
               gpointer user_data)
{
    uid_t uid;

    if (!credentials)
        return FALSE;
    uid = g_credentials_get_unix_user(credentials, NULL);
    return uid == 0 || uid == geteuid();
}

static gboolean
allow_external_only(GDBusAuthObserver *observer, const char *mechanism, gpointer user_data)
{
    return g_strcmp0(mechanism, "EXTERNAL") == 0;
}

const char *
bondd_dhcp_listener_ensure(const char *run_dir, GError **error)
{
    g_autofree char *guid = NULL;
    g_autofree char *listen = NULL;
    g_autofree char *escaped = NULL;

    if (listener.server)
        return listener.address;
    listener.socket_path = g_build_filename(run_dir, SOCKET_NAME, NULL);
    /* A socket left by a bondd that did not exit cleanly. */
    g_unlink(listener.socket_path);
    escaped = g_dbus_address_escape_value(listener.socket_path);
    listen = g_strdup_printf("unix:path=%s", escaped);
    guid = g_dbus_generate_guid();
    listener.observer = g_dbus_auth_observer_new();
    g_signal_connect(listener.observer, "authorize-authenticated-peer", G_CALLBACK(authorize_peer),
                     NULL);
    g_signal_connect(listener.observer, "allow-mechanism", G_CALLBACK(allow_external_only), NULL);
    listener.server = g_dbus_server_new_sync(listen, G_DBUS_SERVER_FLAGS_NONE, guid,
                                             listener.observer, NULL, error);
    if (!listener.server) {
        g_prefix_error(error, _("cannot listen on %s for the DHCP client: "), listener.socket_path);
        bondd_dhcp_listener_shutdown();
        return NULL;
    }
    g_chmod(listener.socket_path, 0600);
    listener.address = g_strdup(g_dbus_server_get_client_address(listener.server));
    listener.watches = g_hash_table_new_full(NULL, NULL, NULL, g_free);
    listener.peers = g_ptr_array_new_with_free_func(g_object_unref);
    g_signal_connect(listener.server, "new-connection", G_CALLBACK(new_connection), NULL);
    g_dbus_server_start(listener.server);
    return listener.address;
}

void
bondd_dhcp_listener_watch(GPid pid, BonddDhcpEventFunc func, gpointer user_data)
{
    Watch *watch = g_new0(Watch, 1);

    g_return_if_fail(listener.watches);
    watch->func = func;
    watch->user_data = user_data;
    g_hash_table_replace(listener.watches, GINT_TO_POINTER(pid), watch);
}

void
bondd_dhcp_listener_unwatch(GPid pid)
{
    if (listener.watches)
        g_hash_table_remove(listener.watches, GINT_TO_POINTER(pid));
}

void
bondd_dhcp_listener_shutdown(void)
{
    if (listener.server)
        g_dbus_server_stop(listener.server);
    g_clear_object(&listener.server);
    g_clear_object(&listener.observer);
    g_clear_pointer(&listener.peers, g_ptr_array_unref);
    g_clear_pointer(&listener.watches, g_hash_table_unref);
    if (listener.socket_path)
        g_unlink(listener.socket_path);
    g_clear_pointer(&listener.socket_path, g_free);
    g_clear_pointer(&listener.address, g_free);
}
