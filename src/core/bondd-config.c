/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Configuration: defaults from config.h, then the config file, then the
 * command line.  GKeyFile parses values but does not tell which line a bad one
 * is on, so the file is first scanned here line by line: syntax errors and bad
 * values are reported as "FILE:LINE: ...", which is what an operator needs.
 */
#include "config.h"

#include <errno.h>
#include <string.h>
#include <unistd.h>

#include <glib/gi18n.h>
#include <glib/gstdio.h>

#include "bondd-config.h"

/* Where each "group/key" was last set in the file, for error messages. */
typedef struct {
    const char *path;
    GHashTable *key_lines; /* "group\x1fkey" -> GUINT_TO_POINTER(line) */
} ConfigSource;

static const char *const main_keys[] = {
    "ifcfg-dir",        "state-dir",  "run-dir",     "plugin-dir",  "monitor-connection-files",
    "settings-plugins", "rc-manager", "resolv-conf", "auth-polkit", NULL};

/* The ifcfg plugin's group and key that --ifcfg-dir and [main] ifcfg-dir
 * are other names for. */
#define IFCFG_GROUP    "ifcfg"
#define IFCFG_PATH_KEY "path"
static const char *const logging_keys[] = {"level", NULL};
static const char *const dhcp_keys[] = {"client-path", "helper-path", NULL};

/* [main] rc-manager, as NetworkManager spells its choices. */
static const char *const rc_manager_names[] = {
    [BONDD_RC_MANAGER_UNMANAGED] = "unmanaged",
    [BONDD_RC_MANAGER_FILE] = "file",
    [BONDD_RC_MANAGER_SYMLINK] = "symlink",
};

static const char *const *
known_keys_for_group(const char *group)
{
    if (g_str_equal(group, "main"))
        return main_keys;
    if (g_str_equal(group, "logging"))
        return logging_keys;
    if (g_str_equal(group, "dhcp"))
        return dhcp_keys;
    return NULL;
}

static char *
line_key(const char *group, const char *key)
{
    return g_strconcat(group, "\x1f", key, NULL);
}

static guint
source_line(const ConfigSource *src, const char *group, const char *key)
{
    g_autofree char *k = line_key(group, key);

    return GPOINTER_TO_UINT(g_hash_table_lookup(src->key_lines, k));
}

/* Syntax check: every line is blank, a comment, a [group] or key=value.
 * Unknown groups and keys are warned about (a typo should be visible) but do
 * not stop the daemon: a newer config file must not break an older bondd. */
static gboolean
scan_lines(ConfigSource *src, const char *contents, GError **error)
{
    g_auto(GStrv) lines = g_strsplit(contents, "\n", -1);
    g_autofree char *group = NULL;

    for (guint i = 0; lines[i]; i++) {
        guint lineno = i + 1;
        char *line = g_strstrip(lines[i]);

        if (line[0] == '\0' || line[0] == '#')
            continue;
        if (line[0] == '[') {
            gsize len = strlen(line);

            if (len < 3 || line[len - 1] != ']') {
                g_set_error(error, G_KEY_FILE_ERROR, G_KEY_FILE_ERROR_PARSE,
                            _("%s:%u: malformed group header “%s”"), src->path, lineno, line);
                return FALSE;
            }
            g_free(group);
            /* Other groups configure settings plugins; the plugins' loader
             * says which are unknown. */
            group = g_strndup(line + 1, len - 2);
            continue;
        }

        char *eq = strchr(line, '=');
        if (!eq || eq == line) {
            g_set_error(error, G_KEY_FILE_ERROR, G_KEY_FILE_ERROR_PARSE,
                        _("%s:%u: expected “key=value”, a [group] or a # comment, got “%s”"),
                        src->path, lineno, line);
            return FALSE;
        }
        if (!group) {
            g_set_error(error, G_KEY_FILE_ERROR, G_KEY_FILE_ERROR_GROUP_NOT_FOUND,
                        _("%s:%u: key outside of any [group]"), src->path, lineno);
            return FALSE;
        }

        g_autofree char *key = g_strstrip(g_strndup(line, eq - line));
        const char *const *known = known_keys_for_group(group);

        if (known && !g_strv_contains(known, key))
            g_warning(_("%s:%u: unknown key “%s” in [%s] ignored"), src->path, lineno, key, group);
        g_hash_table_insert(src->key_lines, line_key(group, key), GUINT_TO_POINTER(lineno));
    }
    return TRUE;
}

/* A directory value from the file: non-empty and absolute (the daemon may
 * chdir("/") when it detaches, so a relative path would change meaning). */
static gboolean
read_group_dir_key(const ConfigSource *src, GKeyFile *kf, const char *group, const char *key,
                   char **out, GError **error)
{
    g_autoptr(GError) local = NULL;
    g_autofree char *value = NULL;

    if (!g_key_file_has_key(kf, group, key, NULL))
        return TRUE;
    value = g_key_file_get_string(kf, group, key, &local);
    if (!value) {
        g_set_error(error, G_KEY_FILE_ERROR, G_KEY_FILE_ERROR_INVALID_VALUE, "%s:%u: %s: %s",
                    src->path, source_line(src, group, key), key, local->message);
        return FALSE;
    }
    g_strstrip(value);
    if (!g_path_is_absolute(value)) {
        g_set_error(error, G_KEY_FILE_ERROR, G_KEY_FILE_ERROR_INVALID_VALUE,
                    _("%s:%u: %s: “%s” is not an absolute path"), src->path,
                    source_line(src, group, key), key, value);
        return FALSE;
    }
    g_free(*out);
    *out = g_steal_pointer(&value);
    return TRUE;
}

static gboolean
read_dir_key(const ConfigSource *src, GKeyFile *kf, const char *key, char **out, GError **error)
{
    return read_group_dir_key(src, kf, "main", key, out, error);
}

static gboolean
apply_key_file(BonddConfig *config, const char *path, const char *contents, gsize len,
               GError **error)
{
    g_autoptr(GHashTable) key_lines = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
    ConfigSource src = {path, key_lines};
    g_autoptr(GKeyFile) kf = g_key_file_new();
    g_autoptr(GError) local = NULL;
    g_autofree char *ifcfg_dir = NULL;

    if (!g_utf8_validate(contents, len, NULL)) {
        g_set_error(error, G_KEY_FILE_ERROR, G_KEY_FILE_ERROR_UNKNOWN_ENCODING,
                    _("%s: not valid UTF-8 text"), path);
        return FALSE;
    }
    if (!scan_lines(&src, contents, error))
        return FALSE;
    if (!g_key_file_load_from_data(kf, contents, len, G_KEY_FILE_NONE, &local)) {
        g_set_error(error, G_KEY_FILE_ERROR, G_KEY_FILE_ERROR_PARSE, "%s: %s", path,
                    local->message);
        return FALSE;
    }

    if (!read_dir_key(&src, kf, "ifcfg-dir", &ifcfg_dir, error) ||
        !read_group_dir_key(&src, kf, IFCFG_GROUP, IFCFG_PATH_KEY, &ifcfg_dir, error) ||
        !read_dir_key(&src, kf, "state-dir", &config->state_dir, error) ||
        !read_dir_key(&src, kf, "run-dir", &config->run_dir, error) ||
        !read_dir_key(&src, kf, "plugin-dir", &config->plugin_dir, error) ||
        !read_dir_key(&src, kf, "resolv-conf", &config->resolv_conf, error) ||
        !read_group_dir_key(&src, kf, "dhcp", "client-path", &config->dhcp_client_path, error) ||
        !read_group_dir_key(&src, kf, "dhcp", "helper-path", &config->dhcp_helper_path, error))
        return FALSE;
    if (g_key_file_has_key(kf, "main", "rc-manager", NULL)) {
        g_autofree char *value = g_key_file_get_string(kf, "main", "rc-manager", NULL);
        guint i;

        g_strstrip(value);
        for (i = 0; i < G_N_ELEMENTS(rc_manager_names); i++) {
            if (g_str_equal(value, rc_manager_names[i]))
                break;
        }
        if (i == G_N_ELEMENTS(rc_manager_names)) {
            g_set_error(error, G_KEY_FILE_ERROR, G_KEY_FILE_ERROR_INVALID_VALUE,
                        _("%s:%u: rc-manager: invalid value “%s” (expected unmanaged, file or "
                          "symlink)"),
                        path, source_line(&src, "main", "rc-manager"), value);
            return FALSE;
        }
        config->rc_manager = i;
    }
    if (g_key_file_has_key(kf, "main", "settings-plugins", NULL)) {
        g_auto(GStrv) names =
            g_key_file_get_string_list(kf, "main", "settings-plugins", NULL, NULL);
        g_autoptr(GPtrArray) list = g_ptr_array_new();

        for (guint i = 0; names && names[i]; i++) {
            char *name = g_strstrip(names[i]);
            if (*name)
                g_ptr_array_add(list, g_strdup(name));
        }
        if (list->len == 0) {
            g_set_error(error, G_KEY_FILE_ERROR, G_KEY_FILE_ERROR_INVALID_VALUE,
                        _("%s:%u: settings-plugins: name at least one plugin"), path,
                        source_line(&src, "main", "settings-plugins"));
            return FALSE;
        }
        g_ptr_array_add(list, NULL);
        g_strfreev(config->settings_plugins);
        config->settings_plugins = (char **)g_ptr_array_steal(list, NULL);
    }

    if (g_key_file_has_key(kf, "main", "monitor-connection-files", NULL)) {
        config->monitor_files =
            g_key_file_get_boolean(kf, "main", "monitor-connection-files", &local);
        if (local) {
            g_autofree char *raw =
                g_key_file_get_value(kf, "main", "monitor-connection-files", NULL);
            g_set_error(error, G_KEY_FILE_ERROR, G_KEY_FILE_ERROR_INVALID_VALUE,
                        _("%s:%u: monitor-connection-files: invalid value “%s” (expected true "
                          "or false)"),
                        path, source_line(&src, "main", "monitor-connection-files"), raw);
            return FALSE;
        }
    }

    if (g_key_file_has_key(kf, "main", "auth-polkit", NULL)) {
        g_autofree char *raw = g_key_file_get_value(kf, "main", "auth-polkit", NULL);

        /* NetworkManager's values.  Its "false" lets every user do
         * everything; bondd's never lets anyone but root past a missing
         * polkit, so false is root-only. */
        g_strstrip(raw);
        if (!g_ascii_strcasecmp(raw, "true") || !g_ascii_strcasecmp(raw, "yes") ||
            !strcmp(raw, "1"))
            config->auth_polkit = TRUE;
        else if (!g_ascii_strcasecmp(raw, "false") || !g_ascii_strcasecmp(raw, "no") ||
                 !strcmp(raw, "0") || !g_ascii_strcasecmp(raw, "root-only"))
            config->auth_polkit = FALSE;
        else {
            g_set_error(error, G_KEY_FILE_ERROR, G_KEY_FILE_ERROR_INVALID_VALUE,
                        _("%s:%u: auth-polkit: invalid value “%s” (expected true, false or "
                          "root-only)"),
                        path, source_line(&src, "main", "auth-polkit"), raw);
            return FALSE;
        }
    }

    if (g_key_file_has_key(kf, "logging", "level", NULL)) {
        g_autofree char *level = g_key_file_get_string(kf, "logging", "level", NULL);

        g_strstrip(level);
        /* NetworkManager spells levels in capitals; accept both. */
        if (!g_ascii_strcasecmp(level, "debug") || !g_ascii_strcasecmp(level, "trace"))
            config->debug = TRUE;
        else if (!g_ascii_strcasecmp(level, "info") || !g_ascii_strcasecmp(level, "warn") ||
                 !g_ascii_strcasecmp(level, "err"))
            config->debug = FALSE;
        else {
            g_set_error(error, G_KEY_FILE_ERROR, G_KEY_FILE_ERROR_INVALID_VALUE,
                        _("%s:%u: level: invalid value “%s” (expected info or debug)"), path,
                        source_line(&src, "logging", "level"), level);
            return FALSE;
        }
    }
    if (ifcfg_dir)
        g_key_file_set_string(kf, IFCFG_GROUP, IFCFG_PATH_KEY, ifcfg_dir);
    g_key_file_unref(config->keyfile);
    config->keyfile = g_steal_pointer(&kf);
    return TRUE;
}

static BonddConfig *
config_new_defaults(void)
{
    BonddConfig *config = g_new0(BonddConfig, 1);

    config->keyfile = g_key_file_new();
    config->state_dir = g_strdup(BONDD_DEFAULT_STATE_DIR);
    config->run_dir = g_strdup(BONDD_DEFAULT_RUN_DIR);
    config->plugin_dir = g_strdup(BONDD_PLUGIN_DIR);
    config->monitor_files = TRUE;
    config->rc_manager = BONDD_RC_MANAGER_UNMANAGED;
    config->resolv_conf = g_strdup("/etc/resolv.conf");
    config->dhcp_client_path = g_strdup(BONDD_DHCP_CLIENT_PATH);
    config->dhcp_helper_path = g_strdup(BONDD_DHCP_HELPER_PATH);
    config->auth_polkit = TRUE;
    return config;
}

static gboolean
load_file_into(BonddConfig *config, const char *path, gboolean path_is_explicit, GError **error)
{
    g_autofree char *contents = NULL;
    gsize len = 0;
    g_autoptr(GError) local = NULL;

    if (g_file_test(path, G_FILE_TEST_IS_DIR)) {
        g_set_error(error, G_FILE_ERROR, G_FILE_ERROR_ISDIR, _("config file %s: %s"), path,
                    g_strerror(EISDIR));
        return FALSE;
    }
    if (g_access(path, R_OK) != 0) {
        int errsv = errno;

        /* The default file is optional: packages need not ship one. */
        if (!path_is_explicit && errsv == ENOENT)
            return TRUE;
        g_set_error(error, G_FILE_ERROR, g_file_error_from_errno(errsv), _("config file %s: %s"),
                    path, g_strerror(errsv));
        return FALSE;
    }
    if (!g_file_get_contents(path, &contents, &len, &local)) {
        g_set_error_literal(error, G_FILE_ERROR, local->code, local->message);
        return FALSE;
    }
    return apply_key_file(config, path, contents, len, error);
}

BonddConfig *
bondd_config_new_from_file(const char *path, gboolean path_is_explicit, GError **error)
{
    g_autoptr(BonddConfig) config = config_new_defaults();

    if (path) {
        config->config_file = g_strdup(path);
        if (!load_file_into(config, path, path_is_explicit, error))
            return NULL;
    }
    return g_steal_pointer(&config);
}

/* Command-line directory: relative paths are taken relative to the current
 * directory now, before the daemon may detach and chdir("/"). */
static void
override_dir(char **field, char *cli_value)
{
    if (!cli_value)
        return;
    g_free(*field);
    *field = g_canonicalize_filename(cli_value, NULL);
}

BonddConfig *
bondd_config_new_from_args(int *argc, char ***argv, GError **error)
{
    g_autofree char *opt_config = NULL;
    g_autofree char *opt_ifcfg = NULL;
    g_autofree char *opt_state = NULL;
    g_autofree char *opt_run = NULL;
    g_autofree char *opt_plugin = NULL;
    gboolean opt_no_daemon = FALSE;
    gboolean opt_debug = FALSE;
    gboolean opt_version = FALSE;
    const GOptionEntry entries[] = {
        {"config", 'c', 0, G_OPTION_ARG_FILENAME, &opt_config, N_("Configuration file"),
         N_("FILE")},
        {"ifcfg-dir", 0, 0, G_OPTION_ARG_FILENAME, &opt_ifcfg,
         N_("Directory of ifcfg-* profile files"), N_("DIR")},
        {"state-dir", 0, 0, G_OPTION_ARG_FILENAME, &opt_state, N_("Directory for persistent state"),
         N_("DIR")},
        {"run-dir", 0, 0, G_OPTION_ARG_FILENAME, &opt_run,
         N_("Directory for runtime files (pid file)"), N_("DIR")},
        {"plugin-dir", 0, 0, G_OPTION_ARG_FILENAME, &opt_plugin,
         N_("Directory to load plugins from"), N_("DIR")},
        {"no-daemon", 'n', 0, G_OPTION_ARG_NONE, &opt_no_daemon,
         N_("Stay in the foreground (for systemd)"), NULL},
        {"debug", 'd', 0, G_OPTION_ARG_NONE, &opt_debug, N_("Log debug messages"), NULL},
        {"version", 'V', 0, G_OPTION_ARG_NONE, &opt_version, N_("Print the version and exit"),
         NULL},
        {NULL},
    };
    g_autoptr(GOptionContext) ctx =
        g_option_context_new(_("- bond network interfaces, NetworkManager D-Bus API"));
    g_autoptr(BonddConfig) config = NULL;

    g_option_context_set_translation_domain(ctx, GETTEXT_PACKAGE);
    g_option_context_add_main_entries(ctx, entries, GETTEXT_PACKAGE);
    if (!g_option_context_parse(ctx, argc, argv, error))
        return NULL;
    if (*argc > 1) {
        g_set_error(error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                    _("unexpected argument “%s” (see --help)"), (*argv)[1]);
        return NULL;
    }

    if (opt_version) {
        config = config_new_defaults();
        config->show_version = TRUE;
        return g_steal_pointer(&config);
    }

    if (opt_config) {
        g_autofree char *abs = g_canonicalize_filename(opt_config, NULL);
        config = bondd_config_new_from_file(abs, TRUE, error);
    } else
        config = bondd_config_new_from_file(BONDD_DEFAULT_CONFIG, FALSE, error);
    if (!config)
        return NULL;

    if (opt_ifcfg) {
        g_autofree char *dir = NULL;

        override_dir(&dir, opt_ifcfg);
        g_key_file_set_string(config->keyfile, IFCFG_GROUP, IFCFG_PATH_KEY, dir);
    }
    override_dir(&config->state_dir, opt_state);
    override_dir(&config->run_dir, opt_run);
    override_dir(&config->plugin_dir, opt_plugin);
    config->no_daemon = opt_no_daemon;
    if (opt_debug)
        config->debug = TRUE;
    return g_steal_pointer(&config);
}

void
bondd_config_free(BonddConfig *config)
{
    if (!config)
        return;
    g_free(config->config_file);
    g_clear_pointer(&config->keyfile, g_key_file_unref);
    g_strfreev(config->settings_plugins);
    g_free(config->state_dir);
    g_free(config->run_dir);
    g_free(config->plugin_dir);
    g_free(config->resolv_conf);
    g_free(config->dhcp_client_path);
    g_free(config->dhcp_helper_path);
    g_free(config);
}

const char *
bondd_config_rc_manager_name(BonddRcManager rc_manager)
{
    return rc_manager_names[rc_manager];
}
