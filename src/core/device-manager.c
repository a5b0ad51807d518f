/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Device bookkeeping driven by the link cache.
 */
#include "config.h"

#include "device-manager.h"

#include <glib/gi18n.h>
#include <string.h>
#include <sys/socket.h>
#include <net/if.h>
#include <netinet/in.h>

#include "settings.h"

struct _BonddDeviceManager {
    GObject parent;

    BonddDaemon *daemon;
    BonddLinkCache *cache;
    GHashTable *devices;    /* ifindex -> BonddNmDevice* (owned) */
    GHashTable *unrealized; /* iface -> BonddNmDevice* (owned), no link yet */
    GHashTable *doomed;     /* unrealized BonddNmDevice* set to drop from idle */
    guint drop_source;
    gboolean sleeping; /* networking disabled */
};

G_DEFINE_TYPE(BonddDeviceManager, bondd_device_manager, G_TYPE_OBJECT)

enum {
    SIG_DEVICE_ADDED,
    SIG_DEVICE_REALIZED,
    SIG_DEVICE_CHANGED,
    SIG_DEVICE_REMOVED,
    SIG_ADDRESSES_CHANGED,
    N_SIGNALS
};
static guint signals[N_SIGNALS];

/* ---- unmanaged specs (NetworkManager's device-spec syntax, the subset the
 * ifcfg plugin produces: interface-name:[=]NAME|GLOB, mac:ADDR, type:T) ---- */

static gboolean
spec_matches(const char *spec, const BonddLink *link)
{
    if (g_str_has_prefix(spec, "interface-name:")) {
        const char *pat = spec + strlen("interface-name:");
        if (pat[0] == '=')
            return strcmp(pat + 1, link->name) == 0;
        if (pat[0] == '~')
            pat++;
        return g_pattern_match_simple(pat, link->name);
    }
    if (g_str_has_prefix(spec, "mac:")) {
        const char *mac = spec + strlen("mac:");
        guint8 bin[32];
        gsize len = 0;

        if (!nm_utils_hwaddr_aton(mac, bin, MIN(link->hwaddr_len, sizeof bin)) || !link->hwaddr_len)
            return FALSE;
        len = link->hwaddr_len;
        return memcmp(bin, link->hwaddr, len) == 0 ||
               (link->perm_hwaddr_len == len && memcmp(bin, link->perm_hwaddr, len) == 0);
    }
    if (g_str_has_prefix(spec, "type:")) {
        const char *type = spec + strlen("type:");
        return strcmp(type, bondd_device_kind_for_link(link)->name) == 0 ||
               (link->kind[0] && strcmp(type, link->kind) == 0);
    }
    if (strcmp(spec, "*") == 0)
        return TRUE;
    return FALSE;
}

static gboolean
specs_match(const char *const *specs, const BonddLink *link)
{
    for (; specs && *specs; specs++) {
        if (spec_matches(*specs, link))
            return TRUE;
    }
    return FALSE;
}

gboolean
bondd_device_manager_link_is_unmanaged(BonddDeviceManager *self, const BonddLink *link)
{
    const char *const *plugin_specs =
        self->daemon->settings ? bondd_settings_get_unmanaged_specs(self->daemon->settings) : NULL;
    const char *const *config_specs =
        self->daemon->config ? (const char *const *)self->daemon->config->unmanaged_devices : NULL;

    return specs_match(plugin_specs, link) || specs_match(config_specs, link);
}

void
bondd_device_manager_update_unmanaged(BonddDeviceManager *self)
{
    g_autoptr(GPtrArray) devices = bondd_device_manager_get_devices(self);

    for (guint i = 0; i < devices->len; i++) {
        BonddNmDevice *device = devices->pdata[i];
        const BonddLink *link =
            bondd_link_cache_get(self->cache, bondd_nm_device_get_ifindex(device));
        gboolean unmanaged;

        if (!link)
            continue;
        unmanaged = bondd_device_manager_link_is_unmanaged(self, link);
        bondd_nm_device_set_unmanaged(device, BONDD_UNMANAGED_USER_SETTINGS, unmanaged,
                                      unmanaged ? NM_DEVICE_STATE_REASON_NOW_UNMANAGED
                                                : NM_DEVICE_STATE_REASON_NOW_MANAGED);
    }
}

void
bondd_device_manager_set_sleeping(BonddDeviceManager *self, gboolean sleeping)
{
    g_autoptr(GPtrArray) devices = bondd_device_manager_get_all_devices(self);

    self->sleeping = sleeping;
    for (guint i = 0; i < devices->len; i++)
        bondd_nm_device_set_unmanaged(devices->pdata[i], BONDD_UNMANAGED_SLEEPING, sleeping,
                                      sleeping ? NM_DEVICE_STATE_REASON_SLEEPING
                                               : NM_DEVICE_STATE_REASON_NOW_MANAGED);
}

/* ---- links made outside bondd ----------------------------------------------- */

static gboolean
has_address(BonddDeviceManager *self, int ifindex)
{
    g_autoptr(GArray) addrs = bondd_link_cache_get_addresses(self->cache, ifindex, AF_UNSPEC);

    for (guint i = 0; i < addrs->len; i++) {
        const BonddAddress *a = &g_array_index(addrs, BonddAddress, i);

        /* The kernel gives every link that is up an IPv6 link-local
         * address: that one says nothing about who configured it. */
        if (a->family == AF_INET || !IN6_IS_ADDR_LINKLOCAL((const struct in6_addr *)a->addr))
            return TRUE;
    }
    return FALSE;
}

gboolean
bondd_device_manager_link_is_configured(BonddDeviceManager *self, const BonddLink *link)
{
    return (link->flags & IFF_UP) &&
           (link->master || bondd_link_cache_count_ports(self->cache, link->ifindex) > 0 ||
            has_address(self, link->ifindex));
}

/* NetworkManager leaves a software link someone else made alone until it
 * is configured (EXTERNAL_DOWN); a link bondd made or adopted is its own. */
static gboolean
is_external_candidate(const BonddLink *link)
{
    return bondd_device_kind_has(bondd_device_kind_for_link(link), BONDD_KIND_SOFTWARE);
}

static BonddUnmanagedFlags
link_unmanaged_flags(BonddDeviceManager *self, const BonddLink *link)
{
    guint flags = BONDD_UNMANAGED_NONE;

    if (self->sleeping)
        flags |= BONDD_UNMANAGED_SLEEPING;
    if (bondd_device_manager_link_is_unmanaged(self, link))
        flags |= BONDD_UNMANAGED_USER_SETTINGS;
    if (is_external_candidate(link) && !bondd_device_manager_link_is_configured(self, link))
        flags |= BONDD_UNMANAGED_EXTERNAL_DOWN;
    return flags;
}

/* A link made outside changed: it may be configured now, or no more. */
static void
update_external(BonddDeviceManager *self, BonddNmDevice *device)
{
    const BonddLink *link;
    gboolean configured;

    if (!device || bondd_nm_device_get_owned(device) || !bondd_nm_device_is_real(device))
        return;
    link = bondd_link_cache_get(self->cache, bondd_nm_device_get_ifindex(device));
    if (!link || !is_external_candidate(link))
        return;
    configured = bondd_device_manager_link_is_configured(self, link);
    bondd_nm_device_set_unmanaged(device, BONDD_UNMANAGED_EXTERNAL_DOWN, !configured,
                                  configured ? NM_DEVICE_STATE_REASON_CONNECTION_ASSUMED
                                             : NM_DEVICE_STATE_REASON_NOW_UNMANAGED);
}

/* Whether a link is configured depends on its ports and addresses too:
 * every link made outside is looked at again (there are few). */
static void
update_all_external(BonddDeviceManager *self)
{
    GHashTableIter iter;
    gpointer value;

    g_hash_table_iter_init(&iter, self->devices);
    while (g_hash_table_iter_next(&iter, NULL, &value))
        update_external(self, value);
}

/* ---- ports ---------------------------------------------------------------- */

/* A stacked link's parent, as the kernel says (IFLA_LINK). */
static void
update_parent(BonddDeviceManager *self, BonddNmDevice *device)
{
    const BonddLink *link = bondd_link_cache_get(self->cache, bondd_nm_device_get_ifindex(device));
    BonddNmDevice *parent = link && link->parent_ifindex
                                ? bondd_device_manager_get_by_ifindex(self, link->parent_ifindex)
                                : NULL;

    bondd_nm_device_set_parent(device, parent ? bondd_nm_device_get_path(parent) : NULL);
}

/* A controller's Ports are what the kernel says: links whose master it is;
 * a stacked link's Parent too. */
static void
update_ports(BonddDeviceManager *self)
{
    g_autoptr(GPtrArray) devices = bondd_device_manager_get_devices(self);

    for (guint i = 0; i < devices->len; i++) {
        BonddNmDevice *bond = devices->pdata[i];
        g_autoptr(GPtrArray) ports = NULL;

        if (bondd_device_kind_has(bondd_nm_device_get_kind(bond), BONDD_KIND_NEEDS_PARENT))
            update_parent(self, bond);
        if (!bondd_device_kind_has(bondd_nm_device_get_kind(bond), BONDD_KIND_CONTROLLER))
            continue;
        ports = g_ptr_array_new();
        for (guint j = 0; j < devices->len; j++) {
            BonddNmDevice *port = devices->pdata[j];
            const BonddLink *link =
                bondd_link_cache_get(self->cache, bondd_nm_device_get_ifindex(port));
            if (link && link->master == bondd_nm_device_get_ifindex(bond))
                g_ptr_array_add(ports, (gpointer)bondd_nm_device_get_path(port));
        }
        g_ptr_array_add(ports, NULL);
        bondd_nm_device_set_ports(bond, (const char *const *)ports->pdata);
    }
}

/* ---- unrealized devices ----------------------------------------------------- */

BonddNmDevice *
bondd_device_manager_add_unrealized(BonddDeviceManager *self, const char *iface,
                                    const BonddDeviceKind *kind)
{
    BonddNmDevice *device = g_hash_table_lookup(self->unrealized, iface);
    BonddLink named = {0};

    if (device) {
        /* A retry before the last failure's placeholder went away. */
        g_hash_table_remove(self->doomed, device);
        return device;
    }
    g_strlcpy(named.name, iface, sizeof named.name);
    g_strlcpy(named.kind, kind->link_kind, sizeof named.kind);
    /* bondd is about to make its link: the device is bondd's. */
    device = bondd_nm_device_new_unrealized(self->daemon, iface, kind,
                                            link_unmanaged_flags(self, &named) &
                                                ~BONDD_UNMANAGED_EXTERNAL_DOWN);
    g_return_val_if_fail(device, NULL);
    bondd_nm_device_set_owned(device, NM_DEVICE_STATE_REASON_NONE);
    g_hash_table_insert(self->unrealized, g_strdup(iface), device);
    bondd_nm_device_export(device);
    g_debug("device %s (not realized) added: %s", iface, bondd_nm_device_get_path(device));
    g_signal_emit(self, signals[SIG_DEVICE_ADDED], 0, device);
    return device;
}

static void
remove_unrealized_now(BonddDeviceManager *self, BonddNmDevice *device)
{
    const char *iface = bondd_nm_device_get_iface(device);

    if (g_hash_table_lookup(self->unrealized, iface) != device)
        return;
    g_hash_table_remove(self->doomed, device);
    /* A new activation took it over meanwhile. */
    if (bondd_nm_device_has_active_connection(device))
        return;
    g_object_ref(device);
    g_signal_emit(self, signals[SIG_DEVICE_REMOVED], 0, device);
    g_hash_table_remove(self->unrealized, iface);
    bondd_nm_device_unexport(device);
    g_debug("device %s (not realized) removed", bondd_nm_device_get_iface(device));
    g_object_unref(device);
}

static gboolean
drop_idle(gpointer user_data)
{
    BonddDeviceManager *self = user_data;
    g_autoptr(GList) doomed = g_hash_table_get_keys(self->doomed);

    self->drop_source = 0;
    for (GList *l = doomed; l; l = l->next)
        remove_unrealized_now(self, l->data);
    return G_SOURCE_REMOVE;
}

void
bondd_device_manager_drop_unrealized(BonddDeviceManager *self, BonddNmDevice *device)
{
    if (bondd_nm_device_is_real(device))
        return;
    bondd_nm_device_flush(device);
    g_hash_table_add(self->doomed, device);
    if (!self->drop_source)
        self->drop_source = g_idle_add(drop_idle, self);
}

/* The link an unrealized device waited for: that object becomes its device. */
static BonddNmDevice *
realize_device(BonddDeviceManager *self, const BonddLink *link)
{
    BonddNmDevice *device = g_hash_table_lookup(self->unrealized, link->name);
    gpointer key;

    if (!device || bondd_device_kind_for_link(link) != bondd_nm_device_get_kind(device))
        return NULL;
    g_hash_table_remove(self->doomed, device);
    g_hash_table_steal_extended(self->unrealized, link->name, &key, NULL);
    g_free(key);
    bondd_nm_device_realize(device, link, link_unmanaged_flags(self, link));
    /* Not being activated: rest like any new device. */
    if (bondd_nm_device_get_state(device) == NM_DEVICE_STATE_UNMANAGED)
        bondd_nm_device_set_state(device, bondd_nm_device_idle_state(device),
                                  NM_DEVICE_STATE_REASON_NOW_MANAGED);
    g_hash_table_insert(self->devices, GINT_TO_POINTER(link->ifindex), device);
    g_message(_("device %s (ifindex %d) appeared: %s (realized)"), link->name, link->ifindex,
              bondd_nm_device_get_path(device));
    g_signal_emit(self, signals[SIG_DEVICE_REALIZED], 0, device);
    return device;
}

/* ---- link events ---------------------------------------------------------- */

/* A plugin's scratch link (see BONDD_SCRATCH_LINK_PREFIX): not a device. */
static gboolean
is_scratch(const BonddLink *link)
{
    return g_str_has_prefix(link->name, BONDD_SCRATCH_LINK_PREFIX);
}

static BonddNmDevice *
add_device(BonddDeviceManager *self, const BonddLink *link)
{
    BonddNmDevice *device;

    if ((device = realize_device(self, link)))
        return device;
    device = bondd_nm_device_new(self->daemon, link, link_unmanaged_flags(self, link));
    g_hash_table_insert(self->devices, GINT_TO_POINTER(link->ifindex), device);
    /* Export first: clients must find the object once it is listed. */
    bondd_nm_device_export(device);
    g_message(_("device %s (ifindex %d) appeared: %s"), link->name, link->ifindex,
              bondd_nm_device_get_path(device));
    g_signal_emit(self, signals[SIG_DEVICE_ADDED], 0, device);
    return device;
}

BonddNmDevice *
bondd_device_manager_ensure(BonddDeviceManager *self, int ifindex)
{
    BonddNmDevice *device = bondd_device_manager_get_by_ifindex(self, ifindex);
    const BonddLink *link;

    if (device)
        return device;
    link = bondd_link_cache_get(self->cache, ifindex);
    if (!link || is_scratch(link))
        return NULL;
    device = add_device(self, link);
    update_ports(self);
    return device;
}

/* An idle device follows its carrier (unavailable <-> disconnected); an
 * activating or active one is the activation engine's. */
static void
follow_carrier(BonddNmDevice *device)
{
    NMDeviceState state = bondd_nm_device_get_state(device);
    NMDeviceState idle = bondd_nm_device_idle_state(device);

    if ((state == NM_DEVICE_STATE_UNAVAILABLE || state == NM_DEVICE_STATE_DISCONNECTED) &&
        idle != state && !bondd_nm_device_has_active_connection(device))
        bondd_nm_device_set_state(device, idle, NM_DEVICE_STATE_REASON_CARRIER);
}

static void
tell_plugin(BonddNmDevice *device, const BonddLink *link, guint event)
{
    BonddDevice *pdev = device ? bondd_nm_device_get_plugin_device(device) : NULL;

    if (pdev && pdev->vtable->link_changed)
        pdev->vtable->link_changed(pdev, link, event);
}

/* Plugin devices hear about their own link, their ports' links and their
 * parent's link (a vlan follows its parent's MTU and MAC). */
static void
forward_to_plugins(BonddDeviceManager *self, const BonddLink *link, guint event)
{
    BonddNmDevice *own = bondd_device_manager_get_by_ifindex(self, link->ifindex);
    BonddNmDevice *master =
        link->master ? bondd_device_manager_get_by_ifindex(self, link->master) : NULL;
    g_autoptr(GPtrArray) devices = bondd_device_manager_get_devices(self);

    tell_plugin(own, link, event);
    if (master != own)
        tell_plugin(master, link, event);
    for (guint i = 0; i < devices->len; i++) {
        BonddNmDevice *child = devices->pdata[i];
        const BonddLink *child_link;

        if (child == own || child == master ||
            !bondd_device_kind_has(bondd_nm_device_get_kind(child), BONDD_KIND_NEEDS_PARENT) ||
            !bondd_nm_device_get_plugin_device(child))
            continue;
        child_link = bondd_link_cache_get(self->cache, bondd_nm_device_get_ifindex(child));
        if (child_link && child_link->parent_ifindex == link->ifindex)
            tell_plugin(child, link, event);
    }
}

static void
link_added_cb(BonddLinkCache *cache, const BonddLink *link, guint event, gpointer user_data)
{
    BonddDeviceManager *self = user_data;
    BonddNmDevice *device = bondd_device_manager_get_by_ifindex(self, link->ifindex);

    if (is_scratch(link))
        return;
    if (!device) {
        add_device(self, link);
    } else {
        /* Created early by ensure(); this is its first event. */
        bondd_nm_device_update_link(device, link);
        g_signal_emit(self, signals[SIG_DEVICE_CHANGED], 0, device, link, event);
    }
    update_ports(self);
    forward_to_plugins(self, link, event);
    update_all_external(self);
}

static void
link_changed_cb(BonddLinkCache *cache, const BonddLink *link, guint event, gpointer user_data)
{
    BonddDeviceManager *self = user_data;
    BonddNmDevice *device = bondd_device_manager_get_by_ifindex(self, link->ifindex);

    if (is_scratch(link))
        return;
    if (!device) {
        link_added_cb(cache, link, event, user_data);
        return;
    }
    bondd_nm_device_update_link(device, link);
    follow_carrier(device);
    update_ports(self);
    forward_to_plugins(self, link, event);
    g_signal_emit(self, signals[SIG_DEVICE_CHANGED], 0, device, link, event);
    /* Up or down, or a port joined or left a controller. */
    update_all_external(self);
}

static void
link_removed_cb(BonddLinkCache *cache, const BonddLink *old, gpointer user_data)
{
    BonddDeviceManager *self = user_data;
    BonddNmDevice *device = bondd_device_manager_get_by_ifindex(self, old->ifindex);
    BonddNmDevice *master =
        old->master ? bondd_device_manager_get_by_ifindex(self, old->master) : NULL;
    BonddDevice *pdev;

    if (master && (pdev = bondd_nm_device_get_plugin_device(master)) && pdev->vtable->link_removed)
        pdev->vtable->link_removed(pdev, old->ifindex);
    if (!device)
        return;
    if ((pdev = bondd_nm_device_get_plugin_device(device)) && pdev->vtable->link_removed)
        pdev->vtable->link_removed(pdev, old->ifindex);

    g_message(_("device %s (ifindex %d) disappeared"), old->name, old->ifindex);
    g_object_ref(device);
    g_signal_emit(self, signals[SIG_DEVICE_REMOVED], 0, device);
    g_hash_table_remove(self->devices, GINT_TO_POINTER(old->ifindex));
    bondd_nm_device_unexport(device);
    g_object_unref(device);
    update_ports(self);
    update_all_external(self);
}

static void
addresses_changed_cb(BonddLinkCache *cache, int ifindex, gpointer user_data)
{
    BonddDeviceManager *self = user_data;
    BonddNmDevice *device = bondd_device_manager_get_by_ifindex(self, ifindex);

    if (!device)
        return;
    update_external(self, device);
    g_signal_emit(self, signals[SIG_ADDRESSES_CHANGED], 0, device);
}

/* ---- lookups ---------------------------------------------------------------- */

static gint
cmp_device(gconstpointer a, gconstpointer b)
{
    BonddNmDevice *da = *(BonddNmDevice *const *)a;
    BonddNmDevice *db = *(BonddNmDevice *const *)b;

    return bondd_nm_device_get_ifindex(da) - bondd_nm_device_get_ifindex(db);
}

GPtrArray *
bondd_device_manager_get_devices(BonddDeviceManager *self)
{
    GPtrArray *devices = g_ptr_array_new();
    GHashTableIter iter;
    gpointer value;

    g_hash_table_iter_init(&iter, self->devices);
    while (g_hash_table_iter_next(&iter, NULL, &value))
        g_ptr_array_add(devices, value);
    g_ptr_array_sort(devices, cmp_device);
    return devices;
}

GPtrArray *
bondd_device_manager_get_all_devices(BonddDeviceManager *self)
{
    GPtrArray *devices = bondd_device_manager_get_devices(self);
    g_autoptr(GList) unrealized = g_hash_table_get_values(self->unrealized);

    for (GList *l = unrealized; l; l = l->next)
        g_ptr_array_add(devices, l->data);
    return devices;
}

BonddNmDevice *
bondd_device_manager_get_by_ifindex(BonddDeviceManager *self, int ifindex)
{
    return g_hash_table_lookup(self->devices, GINT_TO_POINTER(ifindex));
}

/* The device whose @get (name, object path) equals @want; NULL for none. */
static BonddNmDevice *
find_by_string(BonddDeviceManager *self, const char *(*get)(BonddNmDevice *), const char *want)
{
    GHashTableIter iter;
    gpointer value;

    if (!want)
        return NULL;
    g_hash_table_iter_init(&iter, self->devices);
    while (g_hash_table_iter_next(&iter, NULL, &value)) {
        if (strcmp(get(value), want) == 0)
            return value;
    }
    return NULL;
}

BonddNmDevice *
bondd_device_manager_get_by_iface(BonddDeviceManager *self, const char *iface)
{
    BonddNmDevice *device = find_by_string(self, bondd_nm_device_get_iface, iface);

    /* A link just deleted leaves the cache at once, its device only once the
     * removal is announced (from idle): it is no one's to use any more. */
    if (device && !bondd_link_cache_get(self->cache, bondd_nm_device_get_ifindex(device)))
        return NULL;
    return device;
}

BonddNmDevice *
bondd_device_manager_find(BonddDeviceManager *self, const char *iface)
{
    BonddNmDevice *device = bondd_device_manager_get_by_iface(self, iface);

    return device ? device : (iface ? g_hash_table_lookup(self->unrealized, iface) : NULL);
}

BonddNmDevice *
bondd_device_manager_get_by_path(BonddDeviceManager *self, const char *path)
{
    BonddNmDevice *device = find_by_string(self, bondd_nm_device_get_path, path);
    GHashTableIter iter;
    gpointer value;

    if (device || !path)
        return device;
    g_hash_table_iter_init(&iter, self->unrealized);
    while (g_hash_table_iter_next(&iter, NULL, &value)) {
        if (strcmp(bondd_nm_device_get_path(value), path) == 0)
            return value;
    }
    return NULL;
}

/* ---- object ------------------------------------------------------------------ */

static void
bondd_device_manager_dispose(GObject *object)
{
    BonddDeviceManager *self = BONDD_DEVICE_MANAGER(object);

    if (self->cache) {
        g_signal_handlers_disconnect_by_data(self->cache, self);
        g_clear_object(&self->cache);
    }
    g_clear_handle_id(&self->drop_source, g_source_remove);
    g_clear_pointer(&self->doomed, g_hash_table_unref);
    g_clear_pointer(&self->unrealized, g_hash_table_unref);
    g_clear_pointer(&self->devices, g_hash_table_unref);
    G_OBJECT_CLASS(bondd_device_manager_parent_class)->dispose(object);
}

static void
bondd_device_manager_init(BonddDeviceManager *self)
{
    self->devices = g_hash_table_new_full(NULL, NULL, NULL, g_object_unref);
    self->unrealized = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, g_object_unref);
    self->doomed = g_hash_table_new(NULL, NULL);
}

static void
bondd_device_manager_class_init(BonddDeviceManagerClass *klass)
{
    GObjectClass *object_class = G_OBJECT_CLASS(klass);

    object_class->dispose = bondd_device_manager_dispose;

    signals[SIG_DEVICE_ADDED] =
        g_signal_new("device-added", G_TYPE_FROM_CLASS(klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL,
                     NULL, G_TYPE_NONE, 1, BONDD_TYPE_NM_DEVICE);
    signals[SIG_DEVICE_REALIZED] =
        g_signal_new("device-realized", G_TYPE_FROM_CLASS(klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL,
                     NULL, G_TYPE_NONE, 1, BONDD_TYPE_NM_DEVICE);
    signals[SIG_DEVICE_CHANGED] =
        g_signal_new("device-changed", G_TYPE_FROM_CLASS(klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL,
                     NULL, G_TYPE_NONE, 3, BONDD_TYPE_NM_DEVICE, G_TYPE_POINTER, G_TYPE_UINT);
    signals[SIG_DEVICE_REMOVED] =
        g_signal_new("device-removed", G_TYPE_FROM_CLASS(klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL,
                     NULL, G_TYPE_NONE, 1, BONDD_TYPE_NM_DEVICE);
    signals[SIG_ADDRESSES_CHANGED] =
        g_signal_new("addresses-changed", G_TYPE_FROM_CLASS(klass), G_SIGNAL_RUN_LAST, 0, NULL,
                     NULL, NULL, G_TYPE_NONE, 1, BONDD_TYPE_NM_DEVICE);
}

BonddDeviceManager *
bondd_device_manager_new(BonddDaemon *daemon, BonddLinkCache *cache)
{
    BonddDeviceManager *self = g_object_new(BONDD_TYPE_DEVICE_MANAGER, NULL);

    self->daemon = daemon;
    self->cache = g_object_ref(cache);
    g_signal_connect(cache, "link-added", G_CALLBACK(link_added_cb), self);
    g_signal_connect(cache, "link-changed", G_CALLBACK(link_changed_cb), self);
    g_signal_connect(cache, "link-removed", G_CALLBACK(link_removed_cb), self);
    g_signal_connect(cache, "addresses-changed", G_CALLBACK(addresses_changed_cb), self);
    return self;
}
