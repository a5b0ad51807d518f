/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Name servers and search domains (see dns-manager.h and
 * docs/ip-configuration.md).  The resolv.conf bondd writes is always
 * RUN_DIR/resolv.conf; /etc/resolv.conf is bondd's only when the operator
 * says so (rc-manager file or symlink), as with NetworkManager.
 */
#include "config.h"

#include "dns-manager.h"

#include <glib/gi18n.h>
#include <sys/socket.h>

#include "resolv-conf.h"

#define DNS_MANAGER_PATH BONDD_DBUS_PATH_PREFIX "/DnsManager"
/* NetworkManager's dns-priority default for a device that is not a VPN. */
#define DEFAULT_PRIORITY 100

typedef struct {
    gconstpointer owner;
    char *ifname;
    int family;
    GPtrArray *dns;      /* char* */
    GPtrArray *searches; /* char* */
    gboolean is_default;
} Entry;

struct _BonddDnsManager {
    BonddDaemon *daemon;
    NMDBusObjectSkeleton *object;
    NMDBusDnsManager *skel;
    GPtrArray *entries; /* Entry*, in the order they came */
    char *written;      /* what resolv.conf holds, to write only changes */
    char *path;         /* RUN_DIR/resolv.conf */
};

static void
entry_free(Entry *e)
{
    g_free(e->ifname);
    g_ptr_array_unref(e->dns);
    g_ptr_array_unref(e->searches);
    g_free(e);
}

static GPtrArray *
copy_strings(GPtrArray *from)
{
    GPtrArray *to = g_ptr_array_new_with_free_func(g_free);

    for (guint i = 0; from && i < from->len; i++)
        g_ptr_array_add(to, g_strdup(from->pdata[i]));
    return to;
}

static void
add_unique(GPtrArray *to, const char *s)
{
    if (!g_ptr_array_find_with_equal_func(to, s, g_str_equal, NULL))
        g_ptr_array_add(to, (gpointer)s);
}

/* ---- resolv.conf ------------------------------------------------------------ */

static void
write_resolv_conf(BonddDnsManager *self)
{
    const BonddConfig *config = self->daemon->config;
    g_autoptr(GPtrArray) servers = g_ptr_array_new();
    g_autoptr(GPtrArray) searches = g_ptr_array_new();
    g_autofree char *text = NULL;
    g_autoptr(GError) error = NULL;

    for (guint i = 0; i < self->entries->len; i++) {
        Entry *e = self->entries->pdata[i];

        for (guint j = 0; j < e->dns->len; j++)
            add_unique(servers, e->dns->pdata[j]);
        for (guint j = 0; j < e->searches->len; j++)
            add_unique(searches, e->searches->pdata[j]);
    }
    text = bondd_resolv_conf_text(servers, searches);
    if (g_strcmp0(text, self->written) == 0)
        return;
    if (!g_file_set_contents(self->path, text, -1, &error)) {
        g_warning(_("dns: cannot write %s: %s"), self->path, error->message);
        return;
    }
    g_free(self->written);
    self->written = g_steal_pointer(&text);
    if (config && !bondd_resolv_conf_manage(config->rc_manager, config->resolv_conf, self->path,
                                            self->written, &error))
        g_warning(_("dns: cannot update %s (rc-manager %s): %s"), config->resolv_conf,
                  bondd_config_rc_manager_name(config->rc_manager), error->message);
}

/* ---- D-Bus -------------------------------------------------------------------- */

static GVariant *
strv_variant(GPtrArray *list)
{
    return g_variant_new_strv((const char *const *)list->pdata, list->len);
}

static void
update(BonddDnsManager *self)
{
    GVariantBuilder b;

    g_variant_builder_init(&b, G_VARIANT_TYPE("aa{sv}"));
    for (guint i = 0; i < self->entries->len; i++) {
        Entry *e = self->entries->pdata[i];

        if (!e->dns->len && !e->searches->len)
            continue;
        g_variant_builder_open(&b, G_VARIANT_TYPE_VARDICT);
        g_variant_builder_add(&b, "{sv}", "nameservers", strv_variant(e->dns));
        if (e->searches->len)
            g_variant_builder_add(&b, "{sv}", "domains", strv_variant(e->searches));
        g_variant_builder_add(&b, "{sv}", "interface", g_variant_new_string(e->ifname));
        g_variant_builder_add(&b, "{sv}", "priority", g_variant_new_int32(DEFAULT_PRIORITY));
        g_variant_builder_add(&b, "{sv}", "vpn", g_variant_new_boolean(FALSE));
        g_variant_builder_close(&b);
    }
    nmdbus_dns_manager_set_configuration(self->skel, g_variant_builder_end(&b));
    write_resolv_conf(self);
}

static Entry *
find_entry(BonddDnsManager *self, gconstpointer owner, guint *index)
{
    for (guint i = 0; i < self->entries->len; i++) {
        Entry *e = self->entries->pdata[i];
        if (e->owner == owner) {
            if (index)
                *index = i;
            return e;
        }
    }
    return NULL;
}

void
bondd_dns_manager_set(BonddDnsManager *self, gconstpointer owner, const char *ifname, int family,
                      GPtrArray *dns, GPtrArray *searches, gboolean is_default)
{
    Entry *e = find_entry(self, owner, NULL);

    if (!e) {
        if ((!dns || !dns->len) && (!searches || !searches->len))
            return;
        e = g_new0(Entry, 1);
        e->owner = owner;
        g_ptr_array_add(self->entries, e);
    } else {
        g_free(e->ifname);
        g_ptr_array_unref(e->dns);
        g_ptr_array_unref(e->searches);
    }
    e->ifname = g_strdup(ifname);
    e->family = family;
    e->dns = copy_strings(dns);
    e->searches = copy_strings(searches);
    e->is_default = is_default;
    update(self);
}

void
bondd_dns_manager_remove(BonddDnsManager *self, gconstpointer owner)
{
    guint index;

    if (!find_entry(self, owner, &index))
        return;
    g_ptr_array_remove_index(self->entries, index);
    update(self);
}

BonddDnsManager *
bondd_dns_manager_new(BonddDaemon *daemon)
{
    BonddDnsManager *self = g_new0(BonddDnsManager, 1);
    const BonddConfig *config = daemon->config;

    self->daemon = daemon;
    self->entries = g_ptr_array_new_with_free_func((GDestroyNotify)entry_free);
    self->path =
        g_build_filename(config ? config->run_dir : BONDD_DEFAULT_RUN_DIR, "resolv.conf", NULL);
    self->object = nmdbus_object_skeleton_new(DNS_MANAGER_PATH);
    self->skel = nmdbus_dns_manager_skeleton_new();
    /* NetworkManager's "default" mode: it writes resolv.conf itself. */
    nmdbus_dns_manager_set_mode(self->skel, "default");
    nmdbus_dns_manager_set_rc_manager(
        self->skel,
        bondd_config_rc_manager_name(config ? config->rc_manager : BONDD_RC_MANAGER_UNMANAGED));
    nmdbus_dns_manager_set_configuration(self->skel,
                                         g_variant_new_array(G_VARIANT_TYPE_VARDICT, NULL, 0));
    nmdbus_object_skeleton_set_dns_manager(self->object, self->skel);
    return self;
}

void
bondd_dns_manager_export(BonddDnsManager *self)
{
    g_dbus_object_manager_server_export(self->daemon->object_manager,
                                        G_DBUS_OBJECT_SKELETON(self->object));
}

void
bondd_dns_manager_free(BonddDnsManager *self)
{
    if (!self)
        return;
    if (self->daemon->object_manager)
        g_dbus_object_manager_server_unexport(self->daemon->object_manager, DNS_MANAGER_PATH);
    g_ptr_array_unref(self->entries);
    g_clear_object(&self->skel);
    g_clear_object(&self->object);
    g_free(self->written);
    g_free(self->path);
    g_free(self);
}
