/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * bondd: start-up, shutdown and signals.
 *
 * Start-up order matters to clients: every object (settings, profiles,
 * manager, devices) is exported before org.freedesktop.NetworkManager is
 * requested, so the first client that sees the name also sees a complete
 * object tree.  When detaching, we fork before any thread exists (GDBus
 * starts one) and the parent waits until the child owns the name, so that
 * "bondd" returning 0 means "ready", like systemd's Type=dbus.
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <locale.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <syslog.h>
#include <unistd.h>

#include <glib-unix.h>
#include <glib/gi18n.h>
#include <glib/gstdio.h>

#include "agent-manager.h"
#include "auth.h"
#include "bus-worker.h"
#include "daemon.h"
#include "dhcp-listener.h"
#include "manager.h"
#include "memory.h"
#include "migrate.h"
#include "netlink-kernel.h"
#include "plugins.h"
#include "settings.h"

#define NM_BUS_NAME   "org.freedesktop.NetworkManager"
#define OBJECT_ROOT   "/org/freedesktop"
#define PID_FILE_NAME "bondd.pid"

/* ------------------------------------------------------------------------ */
/* Logging: one short line per message on stderr ("bondd: warning: ..."), or
 * syslog once detached. */

/* Debug messages follow g_log_get_debug_enabled(): --debug, [logging]
 * level (also on a configuration reload) and SetLogging set it. */
static gboolean log_syslog;

static const char *
level_tag(GLogLevelFlags level, int *syslog_prio)
{
    if (level & G_LOG_LEVEL_ERROR)
        return *syslog_prio = LOG_ERR, "error: ";
    if (level & G_LOG_LEVEL_CRITICAL)
        return *syslog_prio = LOG_CRIT, "critical: ";
    if (level & G_LOG_LEVEL_WARNING)
        return *syslog_prio = LOG_WARNING, "warning: ";
    if (level & G_LOG_LEVEL_MESSAGE)
        return *syslog_prio = LOG_NOTICE, "";
    if (level & G_LOG_LEVEL_INFO)
        return *syslog_prio = LOG_INFO, "";
    return *syslog_prio = LOG_DEBUG, "debug: ";
}

static GLogWriterOutput
log_writer(GLogLevelFlags level, const GLogField *fields, gsize n_fields, gpointer user_data)
{
    const char *message = NULL;
    int prio;
    const char *tag;

    if ((level & G_LOG_LEVEL_DEBUG) && !g_log_get_debug_enabled())
        return G_LOG_WRITER_HANDLED;
    for (gsize i = 0; i < n_fields; i++)
        if (g_str_equal(fields[i].key, "MESSAGE"))
            message = fields[i].value;
    if (!message)
        return G_LOG_WRITER_UNHANDLED;
    tag = level_tag(level, &prio);
    if (log_syslog)
        syslog(prio, "%s%s", tag, message);
    else
        fprintf(stderr, "bondd: %s%s\n", tag, message);
    return G_LOG_WRITER_HANDLED;
}

/* A fatal start-up problem: one clear line, no log decoration. */
static int G_GNUC_PRINTF(1, 2) fail(const char *format, ...)
{
    va_list ap;
    g_autofree char *msg = NULL;

    va_start(ap, format);
    msg = g_strdup_vprintf(format, ap);
    va_end(ap);
    if (log_syslog)
        syslog(LOG_ERR, "%s", msg);
    else
        fprintf(stderr, "bondd: %s\n", msg);
    return 1;
}

/* ------------------------------------------------------------------------ */
/* Directories */

typedef enum { DIR_STATE, DIR_RUN, DIR_PLUGIN } DirKind;

static char *
dir_error(DirKind kind, const char *path, const char *reason)
{
    switch (kind) {
        case DIR_STATE:
            return g_strdup_printf(_("state directory %s: %s"), path, reason);
        case DIR_RUN:
            return g_strdup_printf(_("run directory %s: %s"), path, reason);
        case DIR_PLUGIN:
            return g_strdup_printf(_("plugin directory %s: %s"), path, reason);
    }
    g_assert_not_reached();
}

static char *
check_dir(DirKind kind, const char *path, gboolean create, int mode)
{
    GStatBuf st;

    if (create && g_mkdir_with_parents(path, 0755) != 0)
        return dir_error(kind, path, g_strerror(errno));
    if (g_stat(path, &st) != 0)
        return dir_error(kind, path, g_strerror(errno));
    if (!S_ISDIR(st.st_mode))
        return dir_error(kind, path, g_strerror(ENOTDIR));
    if (access(path, mode) != 0)
        return dir_error(kind, path, g_strerror(errno));
    return NULL;
}

static char *
check_dirs(const BonddConfig *config)
{
    char *msg;

    if ((msg = check_dir(DIR_STATE, config->state_dir, TRUE, R_OK | W_OK | X_OK)) ||
        (msg = check_dir(DIR_RUN, config->run_dir, TRUE, R_OK | W_OK | X_OK)) ||
        (msg = check_dir(DIR_PLUGIN, config->plugin_dir, FALSE, R_OK | X_OK)))
        return msg;
    return NULL;
}

/* ------------------------------------------------------------------------ */
/* Detaching */

/* Fork; the parent exits when the child reports readiness (0) or dies (its
 * exit status).  Returns, in the child, the fd to report readiness on. */
static int
detach_start(void)
{
    int fds[2];
    pid_t pid;

    if (pipe(fds) != 0) {
        fail(_("cannot create a pipe: %s"), g_strerror(errno));
        exit(1);
    }
    pid = fork();
    if (pid < 0) {
        fail(_("cannot fork: %s"), g_strerror(errno));
        exit(1);
    }
    if (pid > 0) {
        char c;
        int status = 0;
        ssize_t n;

        close(fds[1]);
        do
            n = read(fds[0], &c, 1);
        while (n < 0 && errno == EINTR);
        if (n == 1)
            _exit(0);
        /* The child failed and said why on our shared stderr. */
        while (waitpid(pid, &status, 0) < 0 && errno == EINTR)
            ;
        _exit(WIFEXITED(status) ? WEXITSTATUS(status) : 1);
    }
    close(fds[0]);
    setsid();
    umask(022);
    if (chdir("/") != 0)
        g_warning(_("cannot change to the root directory: %s"), g_strerror(errno));
    return fds[1];
}

static void
detach_finish(int ready_fd)
{
    int null_fd;

    /* From now on nobody reads our stderr. */
    openlog("bondd", LOG_PID, LOG_DAEMON);
    log_syslog = TRUE;
    null_fd = open("/dev/null", O_RDWR);
    if (null_fd >= 0) {
        dup2(null_fd, STDIN_FILENO);
        dup2(null_fd, STDOUT_FILENO);
        dup2(null_fd, STDERR_FILENO);
        if (null_fd > STDERR_FILENO)
            close(null_fd);
    }
    if (write(ready_fd, "", 1) != 1)
        g_warning(_("cannot notify the parent process: %s"), g_strerror(errno));
    close(ready_fd);
}

/* ------------------------------------------------------------------------ */
/* The bus name */

static gboolean
name_has_owner(GDBusConnection *bus, const char *name, GError **error)
{
    g_autoptr(GVariant) ret = NULL;
    gboolean owned = FALSE;

    ret = g_dbus_connection_call_sync(bus, "org.freedesktop.DBus", "/org/freedesktop/DBus",
                                      "org.freedesktop.DBus", "NameHasOwner",
                                      g_variant_new("(s)", name), G_VARIANT_TYPE("(b)"),
                                      G_DBUS_CALL_FLAGS_NONE, -1, NULL, error);
    if (ret)
        g_variant_get(ret, "(b)", &owned);
    return owned;
}

/* DBUS_REQUEST_NAME_REPLY_* */
#define REPLY_PRIMARY_OWNER 1
#define REPLY_EXISTS        3
#define REPLY_ALREADY_OWNER 4
#define FLAG_DO_NOT_QUEUE   4

static gboolean
request_name(GDBusConnection *bus, char **out_msg)
{
    g_autoptr(GError) error = NULL;
    g_autoptr(GVariant) ret = NULL;
    guint32 reply = 0;

    ret = g_dbus_connection_call_sync(
        bus, "org.freedesktop.DBus", "/org/freedesktop/DBus", "org.freedesktop.DBus", "RequestName",
        g_variant_new("(su)", NM_BUS_NAME, FLAG_DO_NOT_QUEUE), G_VARIANT_TYPE("(u)"),
        G_DBUS_CALL_FLAGS_NONE, -1, NULL, &error);
    if (!ret) {
        g_dbus_error_strip_remote_error(error);
        *out_msg =
            g_strdup_printf(_("cannot own %s on the system bus: %s"), NM_BUS_NAME, error->message);
        return FALSE;
    }
    g_variant_get(ret, "(u)", &reply);
    if (reply == REPLY_PRIMARY_OWNER || reply == REPLY_ALREADY_OWNER)
        return TRUE;
    *out_msg = g_strdup_printf(
        _("%s is already owned on the system bus (is NetworkManager running?)"), NM_BUS_NAME);
    return FALSE;
}

static void
release_name(GDBusConnection *bus)
{
    g_autoptr(GVariant) ret = NULL;

    if (g_dbus_connection_is_closed(bus))
        return;
    ret = g_dbus_connection_call_sync(
        bus, "org.freedesktop.DBus", "/org/freedesktop/DBus", "org.freedesktop.DBus", "ReleaseName",
        g_variant_new("(s)", NM_BUS_NAME), NULL, G_DBUS_CALL_FLAGS_NONE, 2000, NULL, NULL);
}

/* ------------------------------------------------------------------------ */
/* Signals */

typedef struct {
    BonddDaemon daemon;
    BonddAgentManager *agent_manager;
    char *pid_file;
    gboolean manager_started;
    gboolean name_owned;
    int exit_code;
} Main;

static gboolean
on_quit_signal(gpointer user_data)
{
    Main *m = user_data;

    g_message(_("caught signal, shutting down"));
    g_main_loop_quit(m->daemon.loop);
    return G_SOURCE_CONTINUE;
}

/* As NetworkManager: SIGHUP reloads everything, as Reload(0) does. */
static gboolean
on_hup(gpointer user_data)
{
    Main *m = user_data;
    g_autoptr(GError) error = NULL;

    if (!m->manager_started)
        return G_SOURCE_CONTINUE; /* still starting: it reads everything anyway */
    g_message(_("SIGHUP: reloading the configuration and the connection profiles"));
    if (!bondd_manager_reload(m->daemon.manager, 0, &error))
        g_warning(_("reload: %s"), error->message);
    return G_SOURCE_CONTINUE;
}

static void
on_bus_closed(GDBusConnection *bus, gboolean remote_peer_vanished, GError *error,
              gpointer user_data)
{
    Main *m = user_data;

    g_warning(_("lost the connection to the system bus%s%s"), error ? ": " : "",
              error ? error->message : "");
    m->exit_code = 1;
    g_main_loop_quit(m->daemon.loop);
}

/* ------------------------------------------------------------------------ */

static gboolean
write_pid_file(Main *m, GError **error)
{
    g_autofree char *contents = g_strdup_printf("%d\n", (int)getpid());

    m->pid_file = g_build_filename(m->daemon.config->run_dir, PID_FILE_NAME, NULL);
    /* g_file_set_contents writes a temp file in the same dir and renames. */
    return g_file_set_contents(m->pid_file, contents, -1, error);
}

static void
teardown(Main *m)
{
    BonddDaemon *d = &m->daemon;

    if (m->manager_started)
        bondd_manager_stop(d->manager);
    if (d->bus && m->name_owned)
        release_name(d->bus);
    /* Off the bus before the objects go: unexporting them one by one while
     * connected would send an InterfacesRemoved per profile to nobody. */
    if (d->object_manager)
        g_dbus_object_manager_server_set_connection(d->object_manager, NULL);
    g_clear_object(&d->manager);
    bondd_dhcp_listener_shutdown();
    g_clear_pointer(&m->agent_manager, bondd_agent_manager_free);
    g_clear_object(&d->settings);
    g_clear_object(&d->object_manager);
    g_clear_pointer(&d->plugins, bondd_plugins_free);
    bondd_auth_reset();
    if (d->bus) {
        g_signal_handlers_disconnect_by_data(d->bus, m);
        g_dbus_connection_flush_sync(d->bus, NULL, NULL);
        g_clear_object(&d->bus);
    }
    if (m->pid_file) {
        g_unlink(m->pid_file);
        g_clear_pointer(&m->pid_file, g_free);
    }
    g_clear_pointer(&d->loop, g_main_loop_unref);
}

static int
run(Main *m, int ready_fd)
{
    BonddDaemon *d = &m->daemon;
    g_autoptr(GError) error = NULL;
    g_autofree char *msg = NULL;
    g_autoptr(BonddLinkCache) cache = NULL;

    d->loop = g_main_loop_new(NULL, FALSE);

    d->bus = g_bus_get_sync(G_BUS_TYPE_SYSTEM, NULL, &error);
    if (!d->bus)
        return fail(_("cannot connect to the system bus: %s"), error->message);
    g_dbus_connection_set_exit_on_close(d->bus, FALSE);
    bondd_bus_worker_run_as_batch();
    bondd_memory_trim_after_io();
    bondd_auth_watch_bus(d->bus);
    bondd_auth_set_polkit(d->config->auth_polkit);

    /* Before the name is owned: a client may send SIGTERM as soon as it sees
     * the name, and must get a clean exit.  Handled once the loop runs. */
    g_unix_signal_add(SIGTERM, on_quit_signal, m);
    g_unix_signal_add(SIGINT, on_quit_signal, m);
    g_unix_signal_add(SIGHUP, on_hup, m);
    g_signal_connect(d->bus, "closed", G_CALLBACK(on_bus_closed), m);

    /* Fail fast, before loading anything, if NetworkManager is there. */
    if (name_has_owner(d->bus, NM_BUS_NAME, &error))
        return fail(_("%s is already owned on the system bus (is NetworkManager running?)"),
                    NM_BUS_NAME);
    if (error)
        return fail(_("cannot talk to the system bus: %s"), error->message);

    d->plugins = bondd_plugins_new();
    if (!bondd_plugins_load_dir(d->plugins, d->config, &error))
        return fail("%s", error->message);

    /* Objects are exported into the manager before it is put on the bus:
     * no signal per object at start-up, one registration pass instead. */
    d->object_manager = g_dbus_object_manager_server_new(OBJECT_ROOT);

    d->settings = bondd_settings_new(d);
    if (!bondd_settings_start(d->settings, &error))
        return fail("%s", error->message);
    m->agent_manager = bondd_agent_manager_new(d);

    cache = bondd_link_cache_new(bondd_netlink_kernel_new());
    d->manager = bondd_manager_new(d, cache);
    if (!bondd_manager_start(d->manager, &error))
        return fail("%s", error->message);
    m->manager_started = TRUE;
    bondd_settings_export_profiles(d->settings);

    g_dbus_object_manager_server_set_connection(d->object_manager, d->bus);
    if (!request_name(d->bus, &msg))
        return fail("%s", msg);
    m->name_owned = TRUE;

    /* The pid file exists before the starting process returns "ready". */
    if (!write_pid_file(m, &error)) {
        g_warning(_("cannot write the pid file: %s"), error->message);
        g_clear_error(&error);
    }
    if (ready_fd >= 0)
        detach_finish(ready_fd);

    /* Loading parsed every file; hand the freed parse buffers back to the
     * system so the resident size reflects what is kept, not the peak. */
    bondd_memory_trim();

    g_message(_("bondd %s ready: %u connection profiles, NetworkManager D-Bus API %s"),
              BONDD_VERSION, bondd_settings_get_profiles(d->settings)->len, BONDD_NM_API_VERSION);
    g_main_loop_run(d->loop);
    return m->exit_code;
}

/* --migrate-ifupdown: no bus, no kernel, no state; the plugins only. */
static int
migrate(const BonddConfig *config)
{
    g_autoptr(GError) error = NULL;
    BonddPlugins *plugins = bondd_plugins_new();
    gboolean ok = bondd_plugins_load_dir(plugins, config, &error) &&
                  bondd_migrate(config, plugins, stdout, &error);

    bondd_plugins_free(plugins);
    if (error)
        return fail("%s", error->message);
    return ok ? 0 : 1;
}

int
main(int argc, char **argv)
{
    g_autoptr(GError) error = NULL;
    g_autoptr(BonddConfig) config = NULL;
    g_autofree char *msg = NULL;
    Main m = {0};
    int ready_fd = -1;
    int rc;

    bondd_memory_reexec_with_env(argv);
    bondd_memory_tune();
    setlocale(LC_ALL, "");
    bindtextdomain(GETTEXT_PACKAGE, LOCALEDIR);
    bind_textdomain_codeset(GETTEXT_PACKAGE, "UTF-8");
    textdomain(GETTEXT_PACKAGE);
    g_set_prgname("bondd");
    g_log_set_writer_func(log_writer, NULL, NULL);

    config = bondd_config_new_from_args(&argc, &argv, &error);
    if (!config)
        return fail("%s", error->message);
    if (config->show_version) {
        printf("bondd %s (NetworkManager D-Bus API %s)\n", BONDD_VERSION, BONDD_NM_API_VERSION);
        return 0;
    }
    g_log_set_debug_enabled(config->debug);
    if (config->migrate)
        return migrate(config);

    msg = check_dirs(config);
    if (msg)
        return fail("%s", msg);

    if (!config->no_daemon)
        ready_fd = detach_start();

    m.daemon.config = config;
    rc = run(&m, ready_fd);
    teardown(&m);
    if (log_syslog)
        closelog();
    return rc;
}
