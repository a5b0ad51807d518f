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

static const char *const main_keys[] = {"ifcfg-dir",
                                        "state-dir",
                                        "run-dir",
                                        "plugin-dir",
                                        "monitor-connection-files",
                                        "settings-plugins",
                                        "rc-manager",
                                        "resolv-conf",
                                        "auth-polkit",
                                        "unmanaged-devices",
                                        NULL};

/* The forms of NetworkManager's device specs that bondd matches. */
static const char *const spec_prefixes[] = {"interface-name:", "mac:", "type:", NULL};

/* The ifcfg plugin's group and key that --ifcfg-dir and [main] ifcfg-dir
 * are other names for. */
#define IFCFG_GROUP    "ifcfg"
#define IFCFG_PATH_KEY "path"
/* The ifupdown plugin's, that --migrate-ifupdown=FILE sets. */
#define IFUPDOWN_GROUP    "ifupdown"
#define IFUPDOWN_PATH_KEY "path"
static const char *const logging_keys[] = {"level", NULL};
static const char *const dhcp_keys[] = {"client-path", "helper-path", "send-release", NULL};

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

/* A boolean key, kept in *out when absent. */
static gboolean
read_bool_key(const ConfigSource *src, GKeyFile *kf, const char *group, const char *key,
              gboolean *out, GError **error)
{
    g_autoptr(GError) local = NULL;
    gboolean value;

    if (!g_key_file_has_key(kf, group, key, NULL))
        return TRUE;
    value = g_key_file_get_boolean(kf, group, key, &local);
    if (local) {
        g_autofree char *raw = g_key_file_get_value(kf, group, key, NULL);

        g_set_error(error, G_KEY_FILE_ERROR, G_KEY_FILE_ERROR_INVALID_VALUE,
                    _("%s:%u: %s: invalid value “%s” (expected true or false)"), src->path,
                    source_line(src, group, key), key, raw);
        return FALSE;
    }
    *out = value;
    return TRUE;
}

static gboolean
read_dir_key(const ConfigSource *src, GKeyFile *kf, const char *key, char **out, GError **error)
{
    return read_group_dir_key(src, kf, "main", key, out, error);
}

/* NetworkManager's list syntax: specs separated by ',' or ';'. */
static gboolean
read_unmanaged_devices(BonddConfig *config, const ConfigSource *src, GKeyFile *kf, GError **error)
{
    g_autofree char *raw = g_key_file_get_value(kf, "main", "unmanaged-devices", NULL);
    g_auto(GStrv) items = g_strsplit_set(raw ? raw : "", ",;", -1);
    g_autoptr(GPtrArray) specs = g_ptr_array_new_with_free_func(g_free);

    for (guint i = 0; items[i]; i++) {
        char *spec = g_strstrip(items[i]);
        gboolean known = g_str_equal(spec, "*");

        if (!*spec)
            continue;
        for (guint j = 0; !known && spec_prefixes[j]; j++)
            known =
                g_str_has_prefix(spec, spec_prefixes[j]) && spec[strlen(spec_prefixes[j])] != '\0';
        if (!known) {
            g_set_error(error, G_KEY_FILE_ERROR, G_KEY_FILE_ERROR_INVALID_VALUE,
                        _("%s:%u: unmanaged-devices: “%s” is not a device spec "
                          "(interface-name:NAME, mac:ADDRESS, type:TYPE or *)"),
                        src->path, source_line(src, "main", "unmanaged-devices"), spec);
            return FALSE;
        }
        g_ptr_array_add(specs, g_strdup(spec));
    }
    g_strfreev(config->unmanaged_devices);
    config->unmanaged_devices = NULL;
    if (specs->len) {
        g_ptr_array_add(specs, NULL);
        config->unmanaged_devices = (char **)g_ptr_array_steal(specs, NULL);
    }
    return TRUE;
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
        /* Commas, as bondd(8) and NetworkManager's plugins= write it; a
         * GKeyFile list would split on ';' only. */
        g_autofree char *value = g_key_file_get_value(kf, "main", "settings-plugins", NULL);
        g_auto(GStrv) names = g_strsplit_set(value ? value : "", ",;", -1);
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

    if (!read_bool_key(&src, kf, "main", "monitor-connection-files", &config->monitor_files,
                       error) ||
        !read_bool_key(&src, kf, "dhcp", "send-release", &config->dhcp_send_release, error))
        return FALSE;

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

    if (g_key_file_has_key(kf, "main", "unmanaged-devices", NULL) &&
        !read_unmanaged_devices(config, &src, kf, error))
        return FALSE;

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

/* --migrate-ifupdown[=FILE], --to, --dry-run: their own group, so that
 * --help keeps the daemon's options apart. */
typedef struct {
    gboolean migrate;
    char *file;
    char *to;
    gboolean dry_run;
} MigrateArgs;

static gboolean
migrate_cb(const char *name, const char *value, gpointer data, GError **error)
{
    MigrateArgs *args = data;

    args->migrate = TRUE;
    g_free(args->file);
    args->file = value && *value ? g_canonicalize_filename(value, NULL) : NULL;
    return TRUE;
}

static GOptionGroup *
migrate_group(MigrateArgs *args)
{
    const GOptionEntry entries[] = {
        {"migrate-ifupdown", 0, G_OPTION_FLAG_OPTIONAL_ARG | G_OPTION_FLAG_FILENAME,
         G_OPTION_ARG_CALLBACK, migrate_cb,
         N_("Write the bonds of Debian's interfaces FILE (default: [ifupdown] path) as profiles "
            "of another settings plugin, then exit"),
         N_("FILE")},
        {"to", 0, 0, G_OPTION_ARG_STRING, &args->to,
         N_("Settings plugin to write the profiles with (default: ifcfg)"), N_("PLUGIN")},
        {"dry-run", 0, 0, G_OPTION_ARG_NONE, &args->dry_run,
         N_("Show what --migrate-ifupdown would write, write nothing"), NULL},
        {NULL},
    };
    GOptionGroup *group = g_option_group_new("migrate", _("Migration options:"),
                                             _("Show the migration options"), args, NULL);

    g_option_group_set_translation_domain(group, GETTEXT_PACKAGE);
    g_option_group_add_entries(group, entries);
    return group;
}

static void
override_value(char **field, const char *cli_value)
{
    if (!cli_value)
        return;
    g_free(*field);
    *field = g_strdup(cli_value);
}

/* The command line wins over the file. */
static void
apply_command_line(BonddConfig *config)
{
    if (config->cli_ifcfg_dir)
        g_key_file_set_string(config->keyfile, IFCFG_GROUP, IFCFG_PATH_KEY, config->cli_ifcfg_dir);
    override_value(&config->state_dir, config->cli_state_dir);
    override_value(&config->run_dir, config->cli_run_dir);
    override_value(&config->plugin_dir, config->cli_plugin_dir);
    if (config->cli_debug)
        config->debug = TRUE;
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
    MigrateArgs migrate = {0};
    g_autofree char *migrate_file = NULL;
    g_autofree char *migrate_to = NULL;
    gboolean ok;

    g_option_context_set_translation_domain(ctx, GETTEXT_PACKAGE);
    g_option_context_add_main_entries(ctx, entries, GETTEXT_PACKAGE);
    g_option_context_add_group(ctx, migrate_group(&migrate));
    ok = g_option_context_parse(ctx, argc, argv, error);
    migrate_file = g_steal_pointer(&migrate.file);
    migrate_to = g_steal_pointer(&migrate.to);
    if (!ok)
        return NULL;
    if (!migrate.migrate && (migrate_to || migrate.dry_run)) {
        g_set_error_literal(error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                            _("--to and --dry-run go with --migrate-ifupdown"));
        return NULL;
    }
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

    override_dir(&config->cli_ifcfg_dir, opt_ifcfg);
    override_dir(&config->cli_state_dir, opt_state);
    override_dir(&config->cli_run_dir, opt_run);
    override_dir(&config->cli_plugin_dir, opt_plugin);
    config->cli_debug = opt_debug;
    apply_command_line(config);
    if (migrate.migrate) {
        config->migrate = TRUE;
        config->migrate_to = g_strdup(migrate_to ? migrate_to : "ifcfg");
        config->dry_run = migrate.dry_run;
        if (migrate_file)
            g_key_file_set_string(config->keyfile, IFUPDOWN_GROUP, IFUPDOWN_PATH_KEY, migrate_file);
    }
    config->no_daemon = opt_no_daemon;
    return g_steal_pointer(&config);
}

BonddConfig *
bondd_config_reload(const BonddConfig *config, GError **error)
{
    g_autoptr(BonddConfig) fresh = NULL;

    /* The file given on the command line must still be there; the
     * default one may have gone (defaults then). */
    fresh = bondd_config_new_from_file(
        config->config_file, g_strcmp0(config->config_file, BONDD_DEFAULT_CONFIG) != 0, error);
    if (!fresh)
        return NULL;
    fresh->cli_debug = config->cli_debug;
    fresh->cli_ifcfg_dir = g_strdup(config->cli_ifcfg_dir);
    fresh->cli_state_dir = g_strdup(config->cli_state_dir);
    fresh->cli_run_dir = g_strdup(config->cli_run_dir);
    fresh->cli_plugin_dir = g_strdup(config->cli_plugin_dir);
    fresh->no_daemon = config->no_daemon;
    apply_command_line(fresh);
    return g_steal_pointer(&fresh);
}

/* A plugin's group (or any other but [main] and [logging]) as text. */
static char *
group_text(GKeyFile *kf, const char *group)
{
    g_auto(GStrv) keys = g_key_file_get_keys(kf, group, NULL, NULL);
    GString *text = g_string_new(NULL);

    for (guint i = 0; keys && keys[i]; i++) {
        g_autofree char *value = g_key_file_get_value(kf, group, keys[i], NULL);

        g_string_append_printf(text, "%s=%s\n", keys[i], value ? value : "");
    }
    return g_string_free(text, FALSE);
}

static void
note_plugin_groups(const BonddConfig *config, const BonddConfig *fresh, GPtrArray *restart)
{
    g_auto(GStrv) old_groups = g_key_file_get_groups(config->keyfile, NULL);
    g_auto(GStrv) new_groups = g_key_file_get_groups(fresh->keyfile, NULL);
    GStrv lists[] = {old_groups, new_groups};
    g_autoptr(GHashTable) seen = g_hash_table_new(g_str_hash, g_str_equal);

    for (guint l = 0; l < G_N_ELEMENTS(lists); l++) {
        for (guint i = 0; lists[l] && lists[l][i]; i++) {
            const char *group = lists[l][i];
            g_autofree char *before = NULL, *after = NULL;

            if (g_str_equal(group, "main") || g_str_equal(group, "logging") ||
                !g_hash_table_add(seen, (gpointer)group))
                continue;
            before = group_text(config->keyfile, group);
            after = group_text(fresh->keyfile, group);
            if (strcmp(before, after) != 0)
                g_ptr_array_add(restart, g_strdup_printf("[%s]", group));
        }
    }
}

static gboolean
strv_equal0(char **a, char **b)
{
    if (!a || !b)
        return (!a || !*a) && (!b || !*b);
    return g_strv_equal((const char *const *)a, (const char *const *)b);
}

static void
note_restart(GPtrArray *restart, gboolean differs, const char *what)
{
    if (differs)
        g_ptr_array_add(restart, g_strdup(what));
}

BonddConfigChanges
bondd_config_update(BonddConfig *config, const BonddConfig *fresh, char ***out_need_restart)
{
    g_autoptr(GPtrArray) restart = g_ptr_array_new_with_free_func(g_free);
    guint changes = BONDD_CONFIG_CHANGED_NONE;

    /* Read when bondd starts: directories, the plugin list, and the
     * plugins' own groups (each plugin keeps what it read). */
    note_restart(restart, g_strcmp0(config->state_dir, fresh->state_dir) != 0, "[main] state-dir");
    note_restart(restart, g_strcmp0(config->run_dir, fresh->run_dir) != 0, "[main] run-dir");
    note_restart(restart, g_strcmp0(config->plugin_dir, fresh->plugin_dir) != 0,
                 "[main] plugin-dir");
    note_restart(restart, !strv_equal0(config->settings_plugins, fresh->settings_plugins),
                 "[main] settings-plugins");
    note_plugin_groups(config, fresh, restart);

    if (config->debug != fresh->debug) {
        config->debug = fresh->debug;
        changes |= BONDD_CONFIG_CHANGED_LOGGING;
    }
    if (!strv_equal0(config->unmanaged_devices, fresh->unmanaged_devices)) {
        g_strfreev(config->unmanaged_devices);
        config->unmanaged_devices = g_strdupv(fresh->unmanaged_devices);
        changes |= BONDD_CONFIG_CHANGED_UNMANAGED;
    }
    if (config->monitor_files != fresh->monitor_files) {
        config->monitor_files = fresh->monitor_files;
        changes |= BONDD_CONFIG_CHANGED_MONITOR;
    }
    if (config->auth_polkit != fresh->auth_polkit) {
        config->auth_polkit = fresh->auth_polkit;
        changes |= BONDD_CONFIG_CHANGED_AUTH;
    }
    g_ptr_array_add(restart, NULL);
    *out_need_restart = (char **)g_ptr_array_free(g_steal_pointer(&restart), FALSE);
    return changes;
}

void
bondd_config_free(BonddConfig *config)
{
    if (!config)
        return;
    g_free(config->config_file);
    g_clear_pointer(&config->keyfile, g_key_file_unref);
    g_strfreev(config->settings_plugins);
    g_strfreev(config->unmanaged_devices);
    g_free(config->cli_ifcfg_dir);
    g_free(config->cli_state_dir);
    g_free(config->cli_run_dir);
    g_free(config->cli_plugin_dir);
    g_free(config->state_dir);
    g_free(config->run_dir);
    g_free(config->plugin_dir);
    g_free(config->resolv_conf);
    g_free(config->dhcp_client_path);
    g_free(config->dhcp_helper_path);
    g_free(config->migrate_to);
    g_free(config);
}

const char *
bondd_config_rc_manager_name(BonddRcManager rc_manager)
{
    return rc_manager_names[rc_manager];
}
