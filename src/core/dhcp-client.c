/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * dhcpcd, run and supervised per device and family (see dhcp-client.h and
 * docs/ip-configuration.md).
 */
#include "config.h"

#include "dhcp-client.h"

#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>

#include "dhcp-listener.h"

/* dhcpcd's own per-interface pid file (its run directory is built in). */
#define DHCPCD_RUN_DIR "/run/dhcpcd"
/* A client stopped but still running after this is killed. */
#define STOP_GRACE_SECONDS 5
/* ... and is sent its signal again this often until then: dhcpcd 9 drops a
 * signal that comes while it waits for its script. */
#define STOP_RESEND_MS      250
#define RESTART_MAX_SECONDS 60
/* How long a release may hold bondd up (dhcpcd needs milliseconds). */
#define RELEASE_WAIT_MS 2000
/* Another dhcpcd on the same interface is waited for (10 ms at a time, up
 * to 1 s). */
#define LEFTOVER_POLL_MS   10
#define LEFTOVER_MAX_POLLS 100

struct _BonddDhcpClient {
    guint refs;
    BonddDhcpMode mode;
    char *ifname;
    char *tag; /* "bond0 (DHCPv4)", for log lines */
    char **argv;
    GSubprocess *proc;
    GPid pid;
    GCancellable *cancel;
    BonddDhcpClientFunc func;
    gpointer user_data;
    gboolean stopping;
    guint backoff;        /* seconds before the next restart */
    guint leftover_polls; /* wait_for_leftover() */
    guint restart_source;
    guint stop_source; /* stop_tick_cb() */
    int stop_signal;   /* SIGALRM (release) or SIGTERM */
    guint stop_ticks;
    guint failed_source;
    GError *failure;
    /* Who waits for a release to leave (bondd_dhcp_client_stop()). */
    BonddDhcpClientStoppedFunc stopped;
    gpointer stopped_data;
    guint release_source;
    gint64 stop_time; /* monotonic, for the log */
};

static void client_spawn(BonddDhcpClient *self);

/* Clients whose dhcpcd was told to stop and has not exited yet, by
 * interface and family ("bond0-4"): a new client for the same interface
 * and family starts its dhcpcd only once that one is gone.  Its pid file
 * goes before it has finished, and a dhcpcd started meanwhile hands its
 * command line to the old one and exits. */
static GHashTable *exiting;

static BonddDhcpClient *
client_ref(BonddDhcpClient *self)
{
    self->refs++;
    return self;
}

static void
client_unref(BonddDhcpClient *self)
{
    if (--self->refs)
        return;
    g_clear_handle_id(&self->restart_source, g_source_remove);
    g_clear_handle_id(&self->stop_source, g_source_remove);
    g_clear_handle_id(&self->failed_source, g_source_remove);
    g_clear_handle_id(&self->release_source, g_source_remove);
    g_clear_error(&self->failure);
    g_clear_object(&self->proc);
    g_clear_object(&self->cancel);
    g_strfreev(self->argv);
    g_free(self->ifname);
    g_free(self->tag);
    g_free(self);
}

static gboolean
is_v6(BonddDhcpMode mode)
{
    return mode != BONDD_DHCP_MODE_V4;
}

static char *
exiting_key(BonddDhcpClient *self)
{
    return g_strdup_printf("%s-%c", self->ifname, is_v6(self->mode) ? '6' : '4');
}

static void
exiting_add(BonddDhcpClient *self)
{
    if (!exiting)
        exiting =
            g_hash_table_new_full(g_str_hash, g_str_equal, g_free, (GDestroyNotify)client_unref);
    g_hash_table_replace(exiting, exiting_key(self), client_ref(self));
}

static void
exiting_remove(BonddDhcpClient *self)
{
    g_autofree char *key = exiting_key(self);

    if (exiting && g_hash_table_lookup(exiting, key) == self)
        g_hash_table_remove(exiting, key);
}

static BonddDhcpClient *
exiting_other(BonddDhcpClient *self)
{
    g_autofree char *key = exiting_key(self);
    BonddDhcpClient *other = exiting ? g_hash_table_lookup(exiting, key) : NULL;

    return other != self ? other : NULL;
}

/* ---- events -------------------------------------------------------------- */

/* dhcpcd's reasons (its script's $reason) that mean something to bondd; the
 * helper passes on only these (BONDD_DHCP_REASONS), so that the others --
 * RELEASE, STOP... while bondd waits for a release -- never wait for it. */
static const char *const bound[] = {"BOUND",  "RENEW",  "REBIND",  "REBOOT",  "INFORM",  "STATIC",
                                    "BOUND6", "RENEW6", "REBIND6", "REBOOT6", "INFORM6", NULL};
static const char *const lost[] = {"EXPIRE", "NAK", "EXPIRE6", NULL};

static BonddDhcpEvent
event_for_reason(const char *reason, gboolean *known)
{
    *known = TRUE;
    if (reason && g_strv_contains(bound, reason))
        return BONDD_DHCP_EVENT_BOUND;
    if (reason && g_strv_contains(lost, reason))
        return BONDD_DHCP_EVENT_LOST;
    /* PREINIT, CARRIER, RELEASE, STOP, ROUTERADVERT...: nothing for bondd. */
    *known = FALSE;
    return BONDD_DHCP_EVENT_LOST;
}

static void
on_event(gpointer user_data, GHashTable *env)
{
    BonddDhcpClient *self = user_data;
    const char *reason = g_hash_table_lookup(env, "reason");
    g_autoptr(GHashTable) options = g_hash_table_new(g_str_hash, g_str_equal);
    GHashTableIter iter;
    gpointer key, value;
    gboolean known;
    BonddDhcpEvent event = event_for_reason(reason, &known);

    g_debug("dhcp: %s: event %s", self->tag, reason ? reason : "(none)");
    if (!known || self->stopping)
        return;
    g_hash_table_iter_init(&iter, env);
    while (g_hash_table_iter_next(&iter, &key, &value)) {
        if (g_str_has_prefix(key, "new_"))
            g_hash_table_insert(options, (char *)key + 4, value);
    }
    /* A working client is no longer in need of patience. */
    self->backoff = 0;
    self->func(self->user_data, event, options, NULL);
}

static gboolean
report_failed(gpointer user_data)
{
    BonddDhcpClient *self = user_data;
    g_autoptr(GError) error = g_steal_pointer(&self->failure);

    self->failed_source = 0;
    if (!self->stopping)
        self->func(self->user_data, BONDD_DHCP_EVENT_FAILED, NULL, error);
    return G_SOURCE_REMOVE;
}

/* ---- the process ----------------------------------------------------------- */

static void
read_line_cb(GObject *source, GAsyncResult *result, gpointer user_data)
{
    BonddDhcpClient *self = user_data;
    GDataInputStream *in = G_DATA_INPUT_STREAM(source);
    g_autofree char *line = g_data_input_stream_read_line_finish_utf8(in, result, NULL, NULL);

    if (!line) {
        g_object_unref(in);
        client_unref(self);
        return;
    }
    g_debug("dhcpcd: %s: %s", self->tag, line);
    g_data_input_stream_read_line_async(in, G_PRIORITY_DEFAULT, NULL, read_line_cb, self);
}

static gboolean
restart_cb(gpointer user_data)
{
    BonddDhcpClient *self = user_data;

    self->restart_source = 0;
    client_spawn(self);
    return G_SOURCE_REMOVE;
}

/* The release has left (dhcpcd exited), or was waited for long enough:
 * whoever waits goes on, once. */
static void
notify_stopped(BonddDhcpClient *self)
{
    BonddDhcpClientStoppedFunc stopped = self->stopped;

    g_clear_handle_id(&self->release_source, g_source_remove);
    self->stopped = NULL;
    if (stopped)
        stopped(self->stopped_data);
}

static gboolean
release_timeout_cb(gpointer user_data)
{
    BonddDhcpClient *self = user_data;

    self->release_source = 0;
    g_message(_("dhcp: %s: dhcpcd (pid %d) has not released the lease within %u ms; going on"),
              self->tag, (int)self->pid, RELEASE_WAIT_MS);
    notify_stopped(self);
    return G_SOURCE_REMOVE;
}

static void
wait_cb(GObject *source, GAsyncResult *result, gpointer user_data)
{
    BonddDhcpClient *self = user_data;
    GSubprocess *proc = G_SUBPROCESS(source);

    g_subprocess_wait_finish(proc, result, NULL);
    bondd_dhcp_listener_unwatch(self->pid);
    if (proc == self->proc && !self->stopping) {
        self->backoff = self->backoff ? MIN(self->backoff * 2, RESTART_MAX_SECONDS) : 1;
        if (g_subprocess_get_if_signaled(proc))
            g_warning(_("dhcp: %s: dhcpcd (pid %d) was killed by signal %d; restarting it in %u s"),
                      self->tag, (int)self->pid, g_subprocess_get_term_sig(proc), self->backoff);
        else
            g_warning(_("dhcp: %s: dhcpcd (pid %d) exited with status %d; restarting it in %u s"),
                      self->tag, (int)self->pid, g_subprocess_get_exit_status(proc), self->backoff);
        g_clear_object(&self->proc);
        self->restart_source = g_timeout_add_seconds(self->backoff, restart_cb, self);
    }
    if (proc == self->proc) {
        exiting_remove(self);
        g_clear_handle_id(&self->stop_source, g_source_remove);
        g_clear_object(&self->proc);
        if (self->stopping && self->stopped)
            g_debug("dhcp: %s: released in %" G_GINT64_FORMAT " ms", self->tag,
                    (g_get_monotonic_time() - self->stop_time) / 1000);
        notify_stopped(self);
    }
    client_unref(self);
}

/* The dhcpcd still running for this interface and family: one left by a
 * bondd that died, or one still releasing -- dhcpcd refuses to run twice on
 * one interface.  0 when there is none. */
static int
running_dhcpcd(BonddDhcpClient *self)
{
    g_autofree char *pidfile = g_strdup_printf("%s/%s-%c.pid", DHCPCD_RUN_DIR, self->ifname,
                                               is_v6(self->mode) ? '6' : '4');
    g_autofree char *contents = NULL;
    g_autofree char *comm_path = NULL;
    g_autofree char *comm = NULL;
    int pid;

    if (!g_file_get_contents(pidfile, &contents, NULL, NULL) || (pid = atoi(contents)) <= 1)
        return 0;
    comm_path = g_strdup_printf("/proc/%d/comm", pid);
    if (!g_file_get_contents(comm_path, &comm, NULL, NULL) || !g_str_has_prefix(comm, "dhcpcd"))
        return 0;
    return pid;
}

/* Whether the start waits for another dhcpcd to go, looked at again every
 * LEFTOVER_POLL_MS: this bondd's own, stopping (it is killed if it takes
 * too long), or one found by its pid file -- left by a bondd that died --
 * asked to go (SIGTERM) the first time. */
static gboolean
wait_for_leftover(BonddDhcpClient *self)
{
    BonddDhcpClient *other = exiting_other(self);
    int pid;

    if (other) {
        if (!self->leftover_polls++)
            g_debug("dhcp: %s: waiting for dhcpcd %d to exit", self->tag, (int)other->pid);
        self->restart_source = g_timeout_add(LEFTOVER_POLL_MS, restart_cb, self);
        return TRUE;
    }
    self->leftover_polls = 0;
    pid = running_dhcpcd(self);

    if (!pid || self->leftover_polls >= LEFTOVER_MAX_POLLS) {
        self->leftover_polls = 0;
        return FALSE;
    }
    if (self->leftover_polls++ == 0) {
        g_message(_("dhcp: %s: stopping dhcpcd %d that still runs for it"), self->tag, pid);
        kill(pid, SIGTERM);
    }
    self->restart_source = g_timeout_add(LEFTOVER_POLL_MS, restart_cb, self);
    return TRUE;
}

static void
client_spawn(BonddDhcpClient *self)
{
    g_autoptr(GSubprocessLauncher) launcher = NULL;
    g_autoptr(GError) error = NULL;
    GDataInputStream *in;

    if (wait_for_leftover(self))
        return;
    launcher =
        g_subprocess_launcher_new(G_SUBPROCESS_FLAGS_STDOUT_PIPE | G_SUBPROCESS_FLAGS_STDERR_MERGE);
    self->proc = g_subprocess_launcher_spawnv(launcher, (const char *const *)self->argv, &error);
    if (!self->proc) {
        g_set_error(&self->failure, error->domain, error->code,
                    _("%s: cannot start the DHCP client %s: %s"), self->ifname, self->argv[0],
                    error->message);
        self->failed_source = g_idle_add(report_failed, self);
        return;
    }
    self->pid = atoi(g_subprocess_get_identifier(self->proc));
    bondd_dhcp_listener_watch(self->pid, on_event, self);
    g_debug("dhcp: %s: started dhcpcd, pid %d", self->tag, (int)self->pid);
    g_subprocess_wait_async(self->proc, self->cancel, wait_cb, client_ref(self));
    in = g_data_input_stream_new(g_subprocess_get_stdout_pipe(self->proc));
    g_data_input_stream_read_line_async(in, G_PRIORITY_DEFAULT, NULL, read_line_cb,
                                        client_ref(self));
}

/* ---- configuration ------------------------------------------------------------ */

/* What dhcpcd is told beyond its command line: written for each start, so
 * that the system's /etc/dhcpcd.conf plays no part. */
static char *
config_text(const BonddDhcpClientConfig *config, const char *address)
{
    GString *s = g_string_new(NULL);

    g_string_append_printf(s, "# written by bondd for %s: dhcpcd only negotiates\n",
                           config->ifname);
    g_string_append(s, "noconfigure\n");
    /* No random wait before the first message: bondd starts the client
     * once, when the link is ready, not in a crowd of hosts booting. */
    g_string_append(s, "nodelay\n");
    g_autofree char *bound_list = g_strjoinv(" ", (char **)bound);
    g_autofree char *lost_list = g_strjoinv(" ", (char **)lost);

    g_string_append_printf(s, "env BONDD_DHCP_HELPER_ADDRESS=%s\n", address);
    g_string_append_printf(s, "env BONDD_DHCP_REASONS=%s %s\n", bound_list, lost_list);
    if (config->send_hostname) {
        if (config->hostname && *config->hostname)
            g_string_append_printf(s, "hostname %s\n", config->hostname);
        else
            g_string_append(s, "hostname\n");
    }
    if (config->iaid && g_ascii_isdigit(config->iaid[0]))
        g_string_append_printf(s, "iaid %s\n", config->iaid);
    if (config->mode == BONDD_DHCP_MODE_V4) {
        g_string_append(s, "option subnet_mask, routers, domain_name_servers, domain_name, "
                           "domain_search, host_name, classless_static_routes, static_routes, "
                           "ntp_servers, interface_mtu, broadcast_address\n");
        /* NetworkManager's names for ipv4.dhcp-client-id: "mac" (and no
         * value) is dhcpcd's hardware client ID, "duid" its DUID; anything
         * else is sent as given. */
        if (!config->client_id || g_str_equal(config->client_id, "mac"))
            g_string_append(s, "clientid\n");
        else if (g_str_equal(config->client_id, "duid") ||
                 g_str_equal(config->client_id, "ipv6-duid"))
            g_string_append(s, "duid\n");
        else
            g_string_append_printf(s, "clientid %s\n", config->client_id);
    } else {
        g_string_append(s, "option dhcp6_name_servers, dhcp6_domain_search\n");
        /* Router advertisements are bondd's (ndisc), not dhcpcd's. */
        g_string_append(s, "noipv6rs\n");
        if (config->mode == BONDD_DHCP_MODE_V6_STATEFUL)
            g_string_append(s, "ia_na\n");
    }
    return g_string_free(s, FALSE);
}

BonddDhcpClient *
bondd_dhcp_client_start(const BonddDhcpClientConfig *config, BonddDhcpClientFunc func,
                        gpointer user_data, GError **error)
{
    const char *address = bondd_dhcp_listener_ensure(config->run_dir, error);
    g_autofree char *conf_path = NULL;
    g_autofree char *text = NULL;
    g_autoptr(GPtrArray) argv = g_ptr_array_new_with_free_func(g_free);
    BonddDhcpClient *self;

    if (!address)
        return NULL;
    conf_path = g_strdup_printf("%s/dhcpcd-%s-%c.conf", config->run_dir, config->ifname,
                                is_v6(config->mode) ? '6' : '4');
    text = config_text(config, address);
    if (!g_file_set_contents(conf_path, text, -1, error))
        return NULL;

    g_ptr_array_add(argv, g_strdup(config->client_path));
    /* In the foreground; no carrier watching, no IPv4LL, no ARP probing (the
     * link and its addresses are bondd's); wait for a lease for ever (bondd
     * times the activation out itself and keeps trying). */
    g_ptr_array_add(argv, g_strdup("-BKLA"));
    g_ptr_array_add(argv, g_strdup("--timeout=0"));
    g_ptr_array_add(argv, g_strdup(is_v6(config->mode) ? "-6" : "-4"));
    g_ptr_array_add(argv, g_strdup_printf("--config=%s", conf_path));
    g_ptr_array_add(argv, g_strdup_printf("--script=%s", config->helper_path));
    if (config->mode == BONDD_DHCP_MODE_V6_INFO)
        g_ptr_array_add(argv, g_strdup("--inform6"));
    if (config->request_address && config->mode == BONDD_DHCP_MODE_V4)
        g_ptr_array_add(argv, g_strdup_printf("--request=%s", config->request_address));
    g_ptr_array_add(argv, g_strdup(config->ifname));
    g_ptr_array_add(argv, NULL);

    self = g_new0(BonddDhcpClient, 1);
    self->refs = 1;
    self->mode = config->mode;
    self->ifname = g_strdup(config->ifname);
    self->tag = g_strdup_printf("%s (%s)", config->ifname,
                                config->mode == BONDD_DHCP_MODE_V4 ? "DHCPv4" : "DHCPv6");
    self->argv = (char **)g_ptr_array_steal(argv, NULL);
    self->cancel = g_cancellable_new();
    self->func = func;
    self->user_data = user_data;
    client_spawn(self);
    return self;
}

/* Until it exits: the signal again, and in the end SIGKILL. */
static gboolean
stop_tick_cb(gpointer user_data)
{
    BonddDhcpClient *self = user_data;

    if (!self->proc) {
        self->stop_source = 0;
        return G_SOURCE_REMOVE;
    }
    if (++self->stop_ticks * STOP_RESEND_MS < STOP_GRACE_SECONDS * 1000) {
        g_debug("dhcp: %s: dhcpcd (pid %d) still runs; signal %d again", self->tag, (int)self->pid,
                self->stop_signal);
        g_subprocess_send_signal(self->proc, self->stop_signal);
        return G_SOURCE_CONTINUE;
    }
    self->stop_source = 0;
    g_warning(_("dhcp: %s: dhcpcd (pid %d) did not stop; killing it"), self->tag, (int)self->pid);
    g_subprocess_force_exit(self->proc);
    return G_SOURCE_REMOVE;
}

gboolean
bondd_dhcp_client_stop(BonddDhcpClient *self, gboolean release, BonddDhcpClientStoppedFunc stopped,
                       gpointer user_data)
{
    gboolean waits;

    if (!self)
        return FALSE;
    self->stopping = TRUE;
    g_clear_handle_id(&self->restart_source, g_source_remove);
    g_clear_handle_id(&self->failed_source, g_source_remove);
    waits = release && self->proc && stopped;
    if (self->proc) {
        bondd_dhcp_listener_unwatch(self->pid);
        exiting_add(self);
        /* dhcpcd releases its lease on SIGALRM, and just exits on SIGTERM. */
        self->stop_signal = release ? SIGALRM : SIGTERM;
        g_subprocess_send_signal(self->proc, self->stop_signal);
        self->stop_source = g_timeout_add(STOP_RESEND_MS, stop_tick_cb, self);
    }
    if (waits) {
        /* The RELEASE must leave before the address, the ports or the link
         * go: the caller goes on when dhcpcd has sent it and exited (its
         * script does not call bondd then), or after a short while. */
        self->stopped = stopped;
        self->stopped_data = user_data;
        self->stop_time = g_get_monotonic_time();
        self->release_source = g_timeout_add(RELEASE_WAIT_MS, release_timeout_cb, self);
    }
    client_unref(self);
    return waits;
}
