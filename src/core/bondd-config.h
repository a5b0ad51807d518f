/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Daemon configuration: built-in defaults, overridden by the config file
 * (GKeyFile, group [main]), overridden by command-line options.
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Who owns /etc/resolv.conf ([main] rc-manager, NetworkManager's names). */
typedef enum {
    BONDD_RC_MANAGER_UNMANAGED, /* bondd writes only its own copy in the run dir */
    BONDD_RC_MANAGER_FILE,      /* bondd writes the file's contents */
    BONDD_RC_MANAGER_SYMLINK,   /* the file is a symlink to bondd's copy */
} BonddRcManager;

typedef struct {
    char *config_file; /* --config, default BONDD_DEFAULT_CONFIG */
    /* The file as parsed (empty without one), for the settings plugins'
     * groups: [ifcfg] path=... (--ifcfg-dir and [main] ifcfg-dir set that
     * key too). */
    GKeyFile *keyfile;
    /* [main] settings-plugins: the plugins to run, in the order new
     * profiles try them; NULL for every installed writable one, by name
     * (a read-only plugin runs only when named). */
    char **settings_plugins;
    char *state_dir;            /* --state-dir / [main] state-dir */
    char *run_dir;              /* --run-dir / [main] run-dir */
    char *plugin_dir;           /* --plugin-dir / [main] plugin-dir */
    gboolean monitor_files;     /* [main] monitor-connection-files, default TRUE */
    gboolean auth_polkit;       /* [main] auth-polkit, default TRUE; FALSE: root only */
    BonddRcManager rc_manager;  /* [main] rc-manager, default unmanaged */
    char *resolv_conf;          /* [main] resolv-conf: the file rc-manager manages */
    char *dhcp_client_path;     /* [dhcp] client-path: dhcpcd */
    char *dhcp_helper_path;     /* [dhcp] helper-path: bondd-dhcp-helper */
    gboolean dhcp_send_release; /* [dhcp] send-release, default FALSE */
    /* [main] unmanaged-devices: NetworkManager device specs
     * (interface-name:NAME, mac:ADDRESS, type:TYPE, *) of devices left
     * alone, as the settings plugins' own; NULL for none. */
    char **unmanaged_devices;
    gboolean no_daemon;    /* --no-daemon */
    gboolean debug;        /* --debug / [logging] level=debug */
    gboolean show_version; /* --version: print the version and exit */

    /* What the command line set, which a reload of the file keeps. */
    gboolean cli_debug;
    char *cli_ifcfg_dir, *cli_state_dir, *cli_run_dir, *cli_plugin_dir;
    /* --migrate-ifupdown[=FILE] (FILE goes to [ifupdown] path): write the
     * ifupdown plugin's profiles with the plugin --to names, then exit. */
    gboolean migrate;
    char *migrate_to; /* --to, "ifcfg" by default */
    gboolean dry_run; /* --dry-run */
} BonddConfig;

/* Parse argv (consumed) and the config file.  On error (bad option, unreadable
 * or malformed config file) returns NULL with a message naming the file/line
 * or the option. */
BonddConfig *bondd_config_new_from_args(int *argc, char ***argv, GError **error);

/* Same, from an explicit config file only (no command line); @path may be
 * NULL for built-in defaults.  @path_is_explicit: a missing file is an error
 * (otherwise it simply means "defaults"). */
BonddConfig *bondd_config_new_from_file(const char *path, gboolean path_is_explicit,
                                        GError **error);

/* Read @config's file again, as at start-up, with the command-line options
 * still winning: a new configuration, or NULL with the error naming the
 * file and line (the running configuration stays). */
BonddConfig *bondd_config_reload(const BonddConfig *config, GError **error);

/* What a reload changed that can change at run time. */
typedef enum {
    BONDD_CONFIG_CHANGED_NONE = 0,
    BONDD_CONFIG_CHANGED_LOGGING = 1 << 0,   /* [logging] level */
    BONDD_CONFIG_CHANGED_UNMANAGED = 1 << 1, /* [main] unmanaged-devices */
    BONDD_CONFIG_CHANGED_MONITOR = 1 << 2,   /* [main] monitor-connection-files */
    BONDD_CONFIG_CHANGED_AUTH = 1 << 3,      /* [main] auth-polkit */
} BonddConfigChanges;

/* Take what can change at run time from @fresh (a reload of @config's
 * file) into @config, which everyone holds, and say what changed; the
 * settings that only apply at start-up stay, and are listed in
 * *@out_need_restart ("[main] state-dir", "[ifcfg]"...; NULL-terminated,
 * caller frees) when they differ. */
BonddConfigChanges bondd_config_update(BonddConfig *config, const BonddConfig *fresh,
                                       char ***out_need_restart);

void bondd_config_free(BonddConfig *config);
const char *bondd_config_rc_manager_name(BonddRcManager rc_manager);
G_DEFINE_AUTOPTR_CLEANUP_FUNC(BonddConfig, bondd_config_free)

G_END_DECLS
