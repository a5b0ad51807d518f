/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The ifupdown migration (see migrate.h).  The source plugin is started
 * read-only without a monitor; what it logs while reading (one line per
 * note, per line not carried, per stanza skipped, each naming file and
 * line) is collected rather than logged, and printed in the report.  The
 * target plugin writes each profile with add(), after its own load_all()
 * told which profiles and interfaces it has already.
 */
#include "config.h"

#include "migrate.h"

#include <string.h>

#include <glib/gi18n.h>

typedef struct {
    GPtrArray *notes;       /* char*: what the source logged below warning */
    GPtrArray *not_carried; /* char*: its warnings */
} Tap;

typedef struct {
    const BonddConfig *config;
    FILE *out;
    Tap tap;
    BonddSettingsPlugin *source;
    BonddSettingsPlugin *target;
    BonddSettingsHost target_host; /* the ABI lets a plugin keep a pointer */
    const char *target_name;
    GPtrArray *read;     /* BonddStoredProfile*: the source's profiles */
    GPtrArray *existing; /* BonddStoredProfile*: the target's before writing */
    guint written, there, failed;
} Migration;

static void
tap_log(const char *domain, GLogLevelFlags level, const char *message, gpointer user_data)
{
    Tap *tap = user_data;

    if (level & G_LOG_LEVEL_WARNING)
        g_ptr_array_add(tap->not_carried, g_strdup(message));
    else if (level & (G_LOG_LEVEL_MESSAGE | G_LOG_LEVEL_INFO))
        g_ptr_array_add(tap->notes, g_strdup(message));
    else
        g_log_default_handler(domain, level, message, NULL);
}

/* Interface names the target's writer asks for (a port's master given by
 * UUID): from what was read and what the target has. */
static char *
host_iface_for_uuid(gpointer host_data, const char *uuid)
{
    Migration *m = host_data;
    GPtrArray *lists[] = {m->read, m->existing};

    for (guint l = 0; l < G_N_ELEMENTS(lists); l++) {
        for (guint i = 0; lists[l] && i < lists[l]->len; i++) {
            NMConnection *c = ((BonddStoredProfile *)lists[l]->pdata[i])->connection;

            if (g_strcmp0(nm_connection_get_uuid(c), uuid) == 0)
                return g_strdup(nm_connection_get_interface_name(c));
        }
    }
    return NULL;
}

static BonddSettingsPlugin *
start_plugin(Migration *m, const char *name, BonddSettingsPluginFactory factory,
             const BonddSettingsHost *host, GError **error)
{
    BonddSettingsPluginConfig pconfig = {
        .keyfile = m->config->keyfile,
        .group = name,
        .monitor = FALSE,
    };
    g_autoptr(GError) local = NULL;
    BonddSettingsPlugin *plugin = factory(&pconfig, host, &local);

    if (!plugin) {
        g_set_error(error, G_IO_ERROR, G_IO_ERROR_FAILED,
                    _("settings plugin %s failed to start: %s"), name,
                    local ? local->message : _("no reason given"));
        return NULL;
    }
    if (plugin->vtable->abi_version != BONDD_SETTINGS_PLUGIN_ABI_VERSION) {
        g_set_error(error, G_IO_ERROR, G_IO_ERROR_FAILED,
                    _("settings plugin %s has ABI %u, this bondd has ABI %u"), name,
                    plugin->vtable->abi_version, BONDD_SETTINGS_PLUGIN_ABI_VERSION);
        plugin->vtable->free(plugin);
        return NULL;
    }
    return plugin;
}

static gboolean
find_plugins(Migration *m, BonddPlugins *plugins, BonddSettingsPluginFactory *source,
             BonddSettingsPluginFactory *target, GError **error)
{
    const char *to = m->target_name;

    *source = bondd_plugins_find_settings_factory(plugins, BONDD_MIGRATE_SOURCE);
    if (!*source) {
        g_set_error(error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND,
                    _("settings plugin %s is not installed (libbondd-settings-%s.so in %s)"),
                    BONDD_MIGRATE_SOURCE, BONDD_MIGRATE_SOURCE, m->config->plugin_dir);
        return FALSE;
    }
    if (strcmp(to, BONDD_MIGRATE_SOURCE) == 0) {
        g_set_error(error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                    _("--to %s: the profiles are read from there; name a writable settings "
                      "plugin (ifcfg, keyfile)"),
                    to);
        return FALSE;
    }
    *target = bondd_plugins_find_settings_factory(plugins, to);
    if (!*target) {
        g_set_error(error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND,
                    _("--to %s: no such settings plugin (libbondd-settings-%s.so in %s)"), to, to,
                    m->config->plugin_dir);
        return FALSE;
    }
    return TRUE;
}

static gboolean
read_source(Migration *m, BonddSettingsPluginFactory factory, GError **error)
{
    static const BonddSettingsHost no_host = {0};
    g_autoptr(GError) local = NULL;
    GLogFunc previous;

    m->source = start_plugin(m, BONDD_MIGRATE_SOURCE, factory, &no_host, error);
    if (!m->source)
        return FALSE;
    previous = g_log_set_default_handler(tap_log, &m->tap);
    m->read = m->source->vtable->load_all(m->source, &local);
    g_log_set_default_handler(previous, NULL);
    if (!m->read) {
        g_set_error(error, G_IO_ERROR, G_IO_ERROR_FAILED, _("settings plugin %s: %s"),
                    BONDD_MIGRATE_SOURCE, local->message);
        return FALSE;
    }
    return TRUE;
}

static gboolean
start_target(Migration *m, BonddSettingsPluginFactory factory, GError **error)
{
    const BonddSettingsPluginVTable *v;
    g_autoptr(GError) local = NULL;

    m->target_host.iface_for_uuid = host_iface_for_uuid;
    m->target_host.host_data = m;
    m->target = start_plugin(m, m->target_name, factory, &m->target_host, error);
    if (!m->target)
        return FALSE;
    v = m->target->vtable;
    if (!v->can_store || !v->add || !v->update || !v->remove) {
        g_set_error(error, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED,
                    _("--to %s: settings plugin %s is read-only"), m->target_name, m->target_name);
        return FALSE;
    }
    m->existing = v->load_all(m->target, &local);
    if (!m->existing) {
        g_set_error(error, G_IO_ERROR, G_IO_ERROR_FAILED, _("settings plugin %s: %s"),
                    m->target_name, local->message);
        return FALSE;
    }
    return TRUE;
}

/*****************************************************************************/
/* The report */

static void
print_lines(Migration *m, const char *title, GPtrArray *lines)
{
    if (lines->len == 0)
        return;
    fprintf(m->out, "%s\n", title);
    for (guint i = 0; i < lines->len; i++)
        fprintf(m->out, "  %s\n", (const char *)lines->pdata[i]);
}

/* "ha (bond)", "eth1 (ethernet, port of ha)". */
static char *
describe(NMConnection *c)
{
    NMSettingConnection *s_con = nm_connection_get_setting_connection(c);
    const char *type = nm_connection_get_connection_type(c);
    const char *master = nm_setting_connection_get_master(s_con);

    if (g_strcmp0(type, NM_SETTING_WIRED_SETTING_NAME) == 0)
        type = "ethernet";
    if (master)
        return g_strdup_printf(_("%s (%s, port of %s)"), nm_connection_get_id(c), type, master);
    return g_strdup_printf("%s (%s)", nm_connection_get_id(c), type);
}

/* A dry run shows the profile in NetworkManager's keyfile form: every
 * setting, whatever the target's own format. */
static void
print_profile(Migration *m, NMConnection *c)
{
    g_autoptr(GError) error = NULL;
    g_autoptr(GKeyFile) kf = nm_keyfile_write(c, NM_KEYFILE_HANDLER_FLAGS_NONE, NULL, NULL, &error);
    g_autofree char *text = kf ? g_key_file_to_data(kf, NULL, NULL) : NULL;
    g_auto(GStrv) lines = NULL;

    if (!text) {
        fprintf(m->out, "    (%s)\n", error ? error->message : "?");
        return;
    }
    lines = g_strsplit(g_strstrip(text), "\n", -1);
    for (guint i = 0; lines[i]; i++)
        fprintf(m->out, "%s%s\n", lines[i][0] ? "    " : "", lines[i]);
}

static BonddStoredProfile *
find_existing(Migration *m, NMConnection *c, gboolean by_uuid)
{
    const char *uuid = nm_connection_get_uuid(c);
    const char *iface = nm_connection_get_interface_name(c);

    for (guint i = 0; i < m->existing->len; i++) {
        BonddStoredProfile *p = m->existing->pdata[i];

        if (by_uuid
                ? g_strcmp0(nm_connection_get_uuid(p->connection), uuid) == 0
                : iface && g_strcmp0(nm_connection_get_interface_name(p->connection), iface) == 0)
            return p;
    }
    return NULL;
}

static void
migrate_one(Migration *m, NMConnection *c)
{
    const BonddSettingsPluginVTable *v = m->target->vtable;
    g_autofree char *what = describe(c);
    g_autoptr(BonddStoredProfile) stored = NULL;
    g_autoptr(GError) error = NULL;
    BonddStoredProfile *p;

    if ((p = find_existing(m, c, TRUE))) {
        /* Migrated before: the UUIDs of the interfaces file are stable. */
        fprintf(m->out, _("  %s: there already (%s)\n"), what, p->filename);
        m->there++;
        return;
    }
    if ((p = find_existing(m, c, FALSE))) {
        fprintf(m->out, _("  %s: NOT written: %s has profile '%s' for interface %s already\n"),
                what, p->filename, nm_connection_get_id(p->connection),
                nm_connection_get_interface_name(c));
        m->failed++;
        return;
    }
    if (!v->can_store(m->target, c, &error)) {
        fprintf(m->out, _("  %s: NOT written: %s\n"), what, error->message);
        m->failed++;
        return;
    }
    if (m->config->dry_run) {
        fprintf(m->out, _("  %s: would be written\n"), what);
        print_profile(m, c);
        m->written++;
        return;
    }
    stored = v->add(m->target, c, &error);
    if (!stored) {
        fprintf(m->out, _("  %s: NOT written: %s\n"), what, error->message);
        m->failed++;
        return;
    }
    fprintf(m->out, _("  %s: written to %s\n"), what, stored->filename);
    m->written++;
}

static void
print_summary(Migration *m)
{
    g_autoptr(GPtrArray) files = g_ptr_array_new();

    for (guint i = 0; i < m->read->len; i++) {
        const char *f = ((BonddStoredProfile *)m->read->pdata[i])->filename;

        if (!g_ptr_array_find_with_equal_func(files, f, g_str_equal, NULL))
            g_ptr_array_add(files, (gpointer)f);
    }
    fprintf(m->out,
            m->config->dry_run ? _("%u profiles would be written, %u there already, %u not "
                                   "written; %u lines not carried.  Nothing was written.\n")
                               : _("%u profiles written, %u there already, %u not written; "
                                   "%u lines not carried.\n"),
            m->written, m->there, m->failed, m->tap.not_carried->len);
    for (guint i = 0; i < files->len; i++)
        fprintf(m->out, _("%s was left as it is.\n"), (const char *)files->pdata[i]);
}

gboolean
bondd_migrate(const BonddConfig *config, BonddPlugins *plugins, FILE *out, GError **error)
{
    Migration m = {
        .config = config,
        .out = out,
        .target_name = config->migrate_to ? config->migrate_to : "ifcfg",
        .tap = {g_ptr_array_new_with_free_func(g_free), g_ptr_array_new_with_free_func(g_free)},
    };
    BonddSettingsPluginFactory source = NULL;
    BonddSettingsPluginFactory target = NULL;
    gboolean ok = FALSE;

    if (!find_plugins(&m, plugins, &source, &target, error) || !read_source(&m, source, error) ||
        !start_target(&m, target, error))
        goto out;

    print_lines(&m, _("Notes:"), m.tap.notes);
    print_lines(&m, _("Not carried (bondd's profiles will not do this):"), m.tap.not_carried);
    if (m.read->len == 0) {
        fprintf(out, _("No bond found: nothing to migrate.\n"));
        goto out;
    }
    fprintf(out,
            m.config->dry_run ? _("Profiles for settings plugin %s (dry run):\n")
                              : _("Profiles for settings plugin %s:\n"),
            m.target_name);
    for (guint i = 0; i < m.read->len; i++)
        migrate_one(&m, ((BonddStoredProfile *)m.read->pdata[i])->connection);
    print_summary(&m);
    ok = m.failed == 0 && m.tap.not_carried->len == 0;

out:
    fflush(out);
    g_clear_pointer(&m.read, g_ptr_array_unref);
    g_clear_pointer(&m.existing, g_ptr_array_unref);
    if (m.source)
        m.source->vtable->free(m.source);
    if (m.target)
        m.target->vtable->free(m.target);
    g_ptr_array_unref(m.tap.notes);
    g_ptr_array_unref(m.tap.not_carried);
    return ok;
}
