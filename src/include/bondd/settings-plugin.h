/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * bondd settings plugin ABI, version 2.
 *
 * A settings plugin is a GModule in $libdir/bondd/ named
 * libbondd-settings-NAME.so that exports exactly one symbol,
 * BONDD_SETTINGS_PLUGIN_FACTORY_SYMBOL, of type BonddSettingsPluginFactory.
 * The host runs a list of them in a configured order: every profile belongs
 * to the plugin that read it, and a new profile is written by the first
 * writable plugin that can store it.  The host knows nothing about storage
 * formats; plugins know nothing about D-Bus.  Every profile handed across
 * this boundary is a normalized, verified NMConnection (libnm decides
 * validity).
 *
 * All calls happen on the host's main thread.
 */
#pragma once

#include <gio/gio.h>
#include <NetworkManager.h>

G_BEGIN_DECLS

#define BONDD_SETTINGS_PLUGIN_ABI_VERSION    2
#define BONDD_SETTINGS_PLUGIN_FACTORY_SYMBOL "bondd_settings_plugin_factory"

/* One profile as stored: the connection (owned) and the absolute path of the
 * file it lives in. */
typedef struct {
    NMConnection *connection;
    char *filename;
} BonddStoredProfile;

static inline void
bondd_stored_profile_free(BonddStoredProfile *p)
{
    if (!p)
        return;
    g_clear_object(&p->connection);
    g_free(p->filename);
    g_free(p);
}
G_DEFINE_AUTOPTR_CLEANUP_FUNC(BonddStoredProfile, bondd_stored_profile_free)

/* Services the host offers to a plugin. */
typedef struct {
    /* Called (from the main loop, debounced by the plugin) when files in the
     * plugin's storage changed behind our back.  The host answers with
     * load_all() of this plugin and consolidates. */
    void (*storage_changed)(gpointer host_data);
    /* Interface name of the profile with this UUID (any plugin's), or NULL
     * (caller frees).  The ifcfg plugin writes a port's MASTER=<ifname> next
     * to MASTER_UUID= with it. */
    char *(*iface_for_uuid)(gpointer host_data, const char *uuid);
    gpointer host_data;
} BonddSettingsHost;

typedef struct {
    /* The daemon's configuration.  A plugin reads its own group only, named
     * after the plugin ("[ifcfg]"); NULL means built-in defaults. */
    GKeyFile *keyfile;
    const char *group;
    /* Watch the storage and call host->storage_changed on edits. */
    gboolean monitor;
} BonddSettingsPluginConfig;

typedef struct _BonddSettingsPlugin BonddSettingsPlugin;

typedef struct {
    guint abi_version; /* BONDD_SETTINGS_PLUGIN_ABI_VERSION */
    const char *name;  /* "ifcfg": also its configuration group */

    /* Read every profile in storage.  A file that cannot be read is logged
     * once (file name and reason) and skipped; it never fails the whole load.
     * Returns a GPtrArray of BonddStoredProfile* (free func set). */
    GPtrArray *(*load_all)(BonddSettingsPlugin *self, GError **error);

    /* Read one file given by absolute path.  If the path no longer exists,
     * returns TRUE with *out_profile == NULL (the host drops the profile).
     * A path that is not a storage file of this plugin fails with
     * G_IO_ERROR_NOT_SUPPORTED (the host asks the next plugin); a file that
     * does not parse fails with a GError naming the file and the reason. */
    gboolean (*load_file)(BonddSettingsPlugin *self, const char *path,
                          BonddStoredProfile **out_profile, GError **error);

    /* Writable plugins only: all four are NULL in a read-only plugin, whose
     * profiles the host then refuses to change (ReadOnlyConnection). */

    /* Whether @connection can be stored here; FALSE with the reason (e.g.
     * "the ifcfg plugin cannot store connections of type 'vlan'"). */
    gboolean (*can_store)(BonddSettingsPlugin *self, NMConnection *connection, GError **error);

    /* Write a new profile to a new file (atomically), then re-read it.
     * Returns what was re-read: that is what the host serves. */
    BonddStoredProfile *(*add)(BonddSettingsPlugin *self, NMConnection *connection, GError **error);

    /* Rewrite the existing file in place (keeping comments, order and
     * unknown keys; atomically), then re-read it. */
    BonddStoredProfile *(*update)(BonddSettingsPlugin *self, NMConnection *connection,
                                  const char *filename, GError **error);

    /* Remove the profile's file(s). */
    gboolean (*remove)(BonddSettingsPlugin *self, const char *filename, GError **error);

    /* Device specs (NetworkManager syntax: "interface-name:=eth3",
     * "mac:00:11:...") of devices the storage marks unmanaged, as of the last
     * load, or NULL.  NULL-terminated, caller frees. */
    char **(*get_unmanaged_specs)(BonddSettingsPlugin *self);

    void (*free)(BonddSettingsPlugin *self);
} BonddSettingsPluginVTable;

/* Plugins embed this as the first member of their private struct. */
struct _BonddSettingsPlugin {
    const BonddSettingsPluginVTable *vtable;
};

typedef BonddSettingsPlugin *(*BonddSettingsPluginFactory)(const BonddSettingsPluginConfig *config,
                                                           const BonddSettingsHost *host,
                                                           GError **error);

G_END_DECLS
