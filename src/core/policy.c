/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Policy (see policy.h).  Decisions only read profiles' fields, never a
 * parsed connection: they run on every profile and device change.
 */
#include "config.h"

#include "policy.h"

#include <glib/gi18n.h>

#include "device-kind.h"
#include "external-profile.h"
#include "settings.h"

struct _BonddPolicy {
    GObject parent;

    BonddDaemon *daemon;
    BonddLinkCache *cache;
    BonddDeviceManager *devices;
    BonddSoftwareDevices *software;
    BonddActivationEngine *engine;
    gboolean started;
    gboolean asleep; /* networking disabled */
    guint autoconnect_source;
    GHashTable *autoconnect_queue; /* uuid set: profiles to try from idle */
    guint external_source;
    /* Devices whose external activation a user ended: left alone until
     * they stop being managed or go away. */
    GHashTable *external_declined;
};

G_DEFINE_TYPE(BonddPolicy, bondd_policy, G_TYPE_OBJECT)

static gboolean
profile_fits(BonddProfile *profile, BonddNmDevice *device)
{
    return bondd_nm_device_profile_matches(device, bondd_profile_get_connection_type(profile),
                                           bondd_profile_get_interface_name(profile),
                                           bondd_profile_get_mac_address(profile));
}

/* ---- AvailableConnections --------------------------------------------------- */

static void
update_available_connections(BonddPolicy *self)
{
    g_autoptr(GPtrArray) devices = bondd_device_manager_get_devices(self->devices);
    GPtrArray *profiles = bondd_settings_get_profiles(self->daemon->settings);

    for (guint i = 0; i < devices->len; i++) {
        BonddNmDevice *device = devices->pdata[i];
        g_autoptr(GPtrArray) paths = g_ptr_array_new();

        for (guint j = 0; profiles && j < profiles->len; j++) {
            BonddProfile *p = profiles->pdata[j];
            if (profile_fits(p, device))
                g_ptr_array_add(paths, (gpointer)bondd_profile_get_path(p));
        }
        g_ptr_array_add(paths, NULL);
        bondd_nm_device_set_available_connections(device, (const char *const *)paths->pdata);
    }
}

/* ---- autoconnect ------------------------------------------------------------ */

static gboolean
device_is_free(BonddPolicy *self, BonddNmDevice *device)
{
    return device && bondd_nm_device_get_managed(device) &&
           !bondd_activation_engine_get_device_active(self->engine, device);
}

/* The interface of the parent @profile (a stacked kind's) names, by
 * interface or by its profile's UUID; NULL for none. */
static const char *
parent_iface(BonddPolicy *self, BonddProfile *profile)
{
    const char *parent = bondd_profile_get_parent(profile);
    BonddProfile *parent_profile =
        parent ? bondd_settings_find_by_uuid(self->daemon->settings, parent) : NULL;

    return parent_profile ? bondd_profile_get_interface_name(parent_profile) : parent;
}

static gboolean
should_autoconnect(BonddPolicy *self, BonddProfile *profile)
{
    const char *ifname = bondd_profile_get_interface_name(profile);
    const BonddDeviceKind *kind =
        bondd_device_kind_for_setting(bondd_profile_get_connection_type(profile));
    BonddNmDevice *device;

    if (self->asleep || !bondd_profile_get_autoconnect(profile) ||
        bondd_profile_get_autoconnect_blocked(profile) ||
        bondd_activation_engine_get_profile_active(self->engine, profile))
        return FALSE;
    /* A stacked link autoconnects once its parent's link is there (as
     * NetworkManager's: it does not bring its parent up by itself). */
    if (bondd_device_kind_has(kind, BONDD_KIND_NEEDS_PARENT) &&
        !bondd_device_manager_get_by_iface(self->devices, parent_iface(self, profile)))
        return FALSE;
    /* Software links are made by their activation (a software port's
     * controller comes up first). */
    if (bondd_device_kind_has(kind, BONDD_KIND_SOFTWARE))
        return TRUE;
    /* A port needs its link; its controller comes up with it. */
    if (bondd_profile_get_port_type(profile))
        return device_is_free(self, bondd_device_manager_get_by_iface(self->devices, ifname));
    if (!ifname)
        return FALSE; /* never grab an arbitrary NIC */
    device = bondd_device_manager_get_by_iface(self->devices, ifname);
    return device_is_free(self, device) && profile_fits(profile, device) &&
           bondd_nm_device_has_carrier(device);
}

static void
autoconnect(BonddPolicy *self, BonddProfile *profile, const char *what)
{
    g_autoptr(GError) error = NULL;

    if (!bondd_activation_engine_activate(self->engine, profile, NULL, BONDD_ACTIVATION_AUTO,
                                          &error))
        g_message(_("%s of '%s' failed: %s"), what, bondd_profile_get_id(profile), error->message);
}

static gboolean
autoconnect_idle(gpointer user_data)
{
    BonddPolicy *self = user_data;
    g_autoptr(GList) uuids = g_hash_table_get_keys(self->autoconnect_queue);

    self->autoconnect_source = 0;
    for (GList *l = uuids; l; l = l->next) {
        BonddProfile *p = bondd_settings_find_by_uuid(self->daemon->settings, l->data);

        if (p && should_autoconnect(self, p))
            autoconnect(self, p, _("autoconnect"));
    }
    g_hash_table_remove_all(self->autoconnect_queue);
    return G_SOURCE_REMOVE;
}

/* From idle, so that the reply to whatever caused it goes out first. */
static void
queue_autoconnect(BonddPolicy *self, BonddProfile *profile)
{
    if (!self->started)
        return;
    g_hash_table_add(self->autoconnect_queue, g_strdup(bondd_profile_get_uuid(profile)));
    if (!self->autoconnect_source)
        self->autoconnect_source = g_idle_add(autoconnect_idle, self);
}

/* Profiles that may now autoconnect on @device, or on a link stacked on it
 * (a vlan comes back when its parent does, as in NetworkManager). */
static void
queue_for_device(BonddPolicy *self, BonddNmDevice *device)
{
    GPtrArray *profiles = bondd_settings_get_profiles(self->daemon->settings);

    for (guint i = 0; profiles && i < profiles->len; i++) {
        BonddProfile *p = profiles->pdata[i];

        if (profile_fits(p, device) ||
            (bondd_nm_device_is_real(device) &&
             g_strcmp0(parent_iface(self, p), bondd_nm_device_get_iface(device)) == 0))
            queue_autoconnect(self, p);
    }
}

/* ---- links made outside bondd ------------------------------------------------------ */

static gboolean
has_fitting_profile(BonddNmDevice *device)
{
    const char *const *avail = bondd_nm_device_get_available_connections(device);

    return avail && avail[0];
}

/* Show @device's link, configured by someone else, as connected
 * externally under a profile that describes it (NetworkManager's external
 * activation); @controller for a port. */
static void
activate_external(BonddPolicy *self, BonddNmDevice *device, BonddProfile *controller)
{
    g_autoptr(NMConnection) connection = NULL;
    g_autoptr(GError) error = NULL;
    BonddProfile *profile;

    connection =
        bondd_external_profile_new(self->cache, self->software, device, controller, &error);
    if (connection)
        profile = bondd_settings_add_profile_full(self->daemon->settings, connection, FALSE, NULL,
                                                  BONDD_EXTERNAL_PROFILE_FLAGS, &error);
    if (!connection || !profile) {
        g_message(_("%s: configured outside bondd, but not shown as connected: %s"),
                  bondd_nm_device_get_iface(device), error->message);
        return;
    }
    g_message(_("%s: configured outside bondd: connected externally as '%s'"),
              bondd_nm_device_get_iface(device), bondd_profile_get_id(profile));
    if (!bondd_activation_engine_activate(self->engine, profile, device, BONDD_ACTIVATION_EXTERNAL,
                                          &error)) {
        g_warning(_("%s: cannot show it connected externally: %s"),
                  bondd_nm_device_get_iface(device), error->message);
        bondd_settings_delete_profile(self->daemon->settings, profile, NULL);
    }
}

/* A managed, idle device that no profile fits and that someone else
 * configured: a software link bondd did not make, or a port of a
 * controller that is active. */
static void
consider_external(BonddPolicy *self, BonddNmDevice *device, gboolean ports)
{
    const BonddLink *link = bondd_link_cache_get(self->cache, bondd_nm_device_get_ifindex(device));
    BonddActiveConnection *controller = NULL;

    if (!link || !bondd_nm_device_get_managed(device) ||
        bondd_activation_engine_get_device_active(self->engine, device) ||
        g_hash_table_contains(self->external_declined, device) || has_fitting_profile(device))
        return;
    if (link->master) {
        BonddNmDevice *master = bondd_device_manager_get_by_ifindex(self->devices, link->master);

        controller =
            master ? bondd_activation_engine_get_device_active(self->engine, master) : NULL;
        if (!ports || !controller)
            return;
    } else if (ports ||
               !bondd_device_kind_has(bondd_nm_device_get_kind(device), BONDD_KIND_SOFTWARE) ||
               bondd_nm_device_get_owned(device) ||
               /* Managed by a client's choice only: it stays disconnected. */
               !bondd_device_manager_link_is_configured(self->devices, link)) {
        return;
    }
    activate_external(self, device,
                      controller ? bondd_active_connection_get_profile(controller) : NULL);
}

static gboolean
external_idle(gpointer user_data)
{
    BonddPolicy *self = user_data;
    g_autoptr(GPtrArray) devices = bondd_device_manager_get_devices(self->devices);

    self->external_source = 0;
    /* Controllers first: their ports join their activation. */
    for (guint i = 0; i < devices->len; i++)
        consider_external(self, devices->pdata[i], FALSE);
    for (guint i = 0; i < devices->len; i++)
        consider_external(self, devices->pdata[i], TRUE);
    return G_SOURCE_REMOVE;
}

/* Links changed: look again from idle (there are few devices). */
static void
queue_external(BonddPolicy *self)
{
    if (self->started && !self->external_source)
        self->external_source = g_idle_add(external_idle, self);
}

static void
activation_ended_cb(BonddActivationEngine *engine, BonddActiveConnection *ac, guint reason,
                    gpointer user_data)
{
    BonddPolicy *self = user_data;

    /* Disconnected by hand: not shown connected again by itself. */
    if ((bondd_active_connection_get_state_flags(ac) & NM_ACTIVATION_STATE_FLAG_EXTERNAL) &&
        reason == NM_ACTIVE_CONNECTION_STATE_REASON_USER_DISCONNECTED)
        g_hash_table_add(self->external_declined, bondd_active_connection_get_device(ac));
    queue_external(self);
}

/* ---- reacting to devices ------------------------------------------------------ */

/* An idle device that becomes managed rests, as NetworkManager shows it:
 * unavailable first, then disconnected when it can be activated. */
static void
become_available(BonddNmDevice *device, NMDeviceStateReason reason)
{
    NMDeviceState idle = bondd_nm_device_idle_state(device);
    NMDeviceStateReason next = reason;

    bondd_nm_device_set_state(device, NM_DEVICE_STATE_UNAVAILABLE, reason);
    if (idle != NM_DEVICE_STATE_DISCONNECTED)
        return;
    if (reason != NM_DEVICE_STATE_REASON_CONNECTION_ASSUMED)
        next = bondd_device_kind_has(bondd_nm_device_get_kind(device), BONDD_KIND_NEEDS_CARRIER)
                   ? NM_DEVICE_STATE_REASON_CARRIER
                   : NM_DEVICE_STATE_REASON_NONE;
    bondd_nm_device_set_state(device, NM_DEVICE_STATE_DISCONNECTED, next);
}

static void
managed_changed_cb(BonddNmDevice *device, guint reason, gpointer user_data)
{
    BonddPolicy *self = user_data;

    g_hash_table_remove(self->external_declined, device);
    if (!bondd_nm_device_get_managed(device)) {
        /* Going down (disconnected on the way) with the reason. */
        bondd_activation_engine_deactivate_device(self->engine, device, reason);
        bondd_nm_device_set_state(device, NM_DEVICE_STATE_UNMANAGED, reason);
    } else if (!bondd_activation_engine_get_device_active(self->engine, device)) {
        become_available(device, reason);
        queue_for_device(self, device);
        queue_external(self);
    }
}

static void
device_added_cb(BonddDeviceManager *devices, BonddNmDevice *device, gpointer user_data)
{
    BonddPolicy *self = user_data;

    g_signal_connect_object(device, "managed-changed", G_CALLBACK(managed_changed_cb), self, 0);
    update_available_connections(self);
    queue_for_device(self, device);
    queue_external(self);
}

static void
device_changed_cb(BonddDeviceManager *devices, BonddNmDevice *device, const BonddLink *link,
                  guint event, gpointer user_data)
{
    /* A port may have joined a controller. */
    queue_external(user_data);
}

/* A link shown connected externally got or lost an address: its profile
 * and what is applied say so, as NetworkManager's do. */
static void
addresses_changed_cb(BonddDeviceManager *devices, BonddNmDevice *device, gpointer user_data)
{
    BonddPolicy *self = user_data;
    BonddActiveConnection *ac = bondd_activation_engine_get_device_active(self->engine, device);
    BonddProfile *profile = ac ? bondd_active_connection_get_profile(ac) : NULL;
    g_autoptr(NMConnection) connection = NULL;

    if (!ac || !bondd_activation_engine_is_external(self->engine, ac) ||
        bondd_active_connection_get_controller(ac) ||
        !(bondd_profile_get_flags(profile) & NM_SETTINGS_CONNECTION_FLAG_EXTERNAL))
        return;
    connection = bondd_profile_dup_connection(profile);
    if (!connection || !bondd_external_profile_update_addresses(
                           connection, self->cache, bondd_nm_device_get_ifindex(device)))
        return;
    bondd_settings_update_generated_profile(self->daemon->settings, profile, connection);
    bondd_active_connection_set_applied(ac, connection);
}

static void
device_removed_cb(BonddDeviceManager *devices, BonddNmDevice *device, gpointer user_data)
{
    BonddPolicy *self = user_data;

    g_hash_table_remove(self->external_declined, device);
}

/* A software link was made: what is stacked on it may come up now (and a
 * link someone else made may be shown as connected externally). */
static void
device_realized_cb(BonddDeviceManager *devices, BonddNmDevice *device, gpointer user_data)
{
    BonddPolicy *self = user_data;

    update_available_connections(self);
    queue_for_device(self, device);
    queue_external(self);
}

/* ---- reacting to profiles ------------------------------------------------------ */

static void
profile_added_cb(BonddSettings *settings, BonddProfile *profile, gpointer user_data)
{
    BonddPolicy *self = user_data;

    update_available_connections(self);
    /* Like NetworkManager: a new autoconnect profile comes up on its own. */
    queue_autoconnect(self, profile);
}

static void
profile_updated_cb(BonddSettings *settings, BonddProfile *profile, gpointer user_data)
{
    update_available_connections(user_data);
}

static void
profile_removed_cb(BonddSettings *settings, BonddProfile *profile, gpointer user_data)
{
    BonddPolicy *self = user_data;

    g_hash_table_remove(self->autoconnect_queue, bondd_profile_get_uuid(profile));
    update_available_connections(self);
    /* A device it fitted may be one to show connected externally now. */
    queue_external(self);
}

static void
unmanaged_specs_changed_cb(BonddSettings *settings, gpointer user_data)
{
    BonddPolicy *self = user_data;

    bondd_device_manager_update_unmanaged(self->devices);
}

/* ---- start-up --------------------------------------------------------------------- */

void
bondd_policy_start(BonddPolicy *self)
{
    GPtrArray *profiles = bondd_settings_get_profiles(self->daemon->settings);
    g_autoptr(GPtrArray) list = g_ptr_array_new_with_free_func(g_object_unref);

    self->started = TRUE;
    update_available_connections(self);
    /* Networking is off: links stay as they are until it is on again. */
    if (self->asleep)
        return;
    for (guint i = 0; profiles && i < profiles->len; i++)
        g_ptr_array_add(list, g_object_ref(profiles->pdata[i]));

    /* Software links first, controllers before ports: a link that exists
     * with a profile is adopted (no teardown, traffic keeps flowing), an
     * autoconnect one is created. */
    for (guint i = 0; i < list->len; i++) {
        BonddProfile *p = list->pdata[i];
        const BonddDeviceKind *kind =
            bondd_device_kind_for_setting(bondd_profile_get_connection_type(p));
        BonddNmDevice *device =
            bondd_device_manager_get_by_iface(self->devices, bondd_profile_get_interface_name(p));

        if (!bondd_device_kind_has(kind, BONDD_KIND_SOFTWARE) || bondd_profile_get_port_type(p) ||
            bondd_activation_engine_get_profile_active(self->engine, p))
            continue;
        if ((device && bondd_nm_device_get_kind(device) == kind) || should_autoconnect(self, p))
            autoconnect(self, p, _("start"));
    }
    for (guint i = 0; i < list->len; i++) {
        BonddProfile *p = list->pdata[i];

        if (should_autoconnect(self, p))
            autoconnect(self, p, _("start: autoconnect"));
    }
    /* Links someone else configured are shown connected (externally), as
     * NetworkManager assumes them at its start. */
    external_idle(self);
}

void
bondd_policy_set_networking(BonddPolicy *self, gboolean enabled)
{
    GPtrArray *profiles = bondd_settings_get_profiles(self->daemon->settings);

    self->asleep = !enabled;
    bondd_device_manager_set_sleeping(self->devices, !enabled);
    if (!enabled)
        return;
    for (guint i = 0; profiles && i < profiles->len; i++)
        queue_autoconnect(self, profiles->pdata[i]);
    queue_external(self);
}

void
bondd_policy_stop(BonddPolicy *self)
{
    self->started = FALSE;
    g_clear_handle_id(&self->autoconnect_source, g_source_remove);
    g_clear_handle_id(&self->external_source, g_source_remove);
}

/* ---- object ---------------------------------------------------------------------- */

static void
bondd_policy_dispose(GObject *object)
{
    BonddPolicy *self = BONDD_POLICY(object);

    bondd_policy_stop(self);
    if (self->devices)
        g_signal_handlers_disconnect_by_data(self->devices, self);
    if (self->engine)
        g_signal_handlers_disconnect_by_data(self->engine, self);
    if (self->daemon && self->daemon->settings)
        g_signal_handlers_disconnect_by_data(self->daemon->settings, self);
    g_clear_object(&self->devices);
    g_clear_object(&self->engine);
    g_clear_object(&self->cache);
    G_OBJECT_CLASS(bondd_policy_parent_class)->dispose(object);
}

static void
bondd_policy_finalize(GObject *object)
{
    BonddPolicy *self = BONDD_POLICY(object);

    g_hash_table_unref(self->autoconnect_queue);
    g_hash_table_unref(self->external_declined);
    G_OBJECT_CLASS(bondd_policy_parent_class)->finalize(object);
}

static void
bondd_policy_init(BonddPolicy *self)
{
    self->autoconnect_queue = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
    self->external_declined = g_hash_table_new(NULL, NULL);
}

static void
bondd_policy_class_init(BonddPolicyClass *klass)
{
    GObjectClass *object_class = G_OBJECT_CLASS(klass);

    object_class->dispose = bondd_policy_dispose;
    object_class->finalize = bondd_policy_finalize;
}

BonddPolicy *
bondd_policy_new(BonddDaemon *daemon, BonddLinkCache *cache, BonddDeviceManager *devices,
                 BonddSoftwareDevices *software, BonddActivationEngine *engine)
{
    BonddPolicy *self = g_object_new(BONDD_TYPE_POLICY, NULL);

    self->daemon = daemon;
    self->cache = g_object_ref(cache);
    self->devices = g_object_ref(devices);
    self->software = software;
    self->engine = g_object_ref(engine);
    g_signal_connect(devices, "device-added", G_CALLBACK(device_added_cb), self);
    g_signal_connect(devices, "device-realized", G_CALLBACK(device_realized_cb), self);
    g_signal_connect(devices, "device-changed", G_CALLBACK(device_changed_cb), self);
    g_signal_connect(devices, "device-removed", G_CALLBACK(device_removed_cb), self);
    g_signal_connect(devices, "addresses-changed", G_CALLBACK(addresses_changed_cb), self);
    g_signal_connect(engine, "activation-ended", G_CALLBACK(activation_ended_cb), self);
    if (daemon->settings) {
        g_signal_connect(daemon->settings, "profile-added", G_CALLBACK(profile_added_cb), self);
        g_signal_connect(daemon->settings, "profile-updated", G_CALLBACK(profile_updated_cb), self);
        g_signal_connect(daemon->settings, "profile-removed", G_CALLBACK(profile_removed_cb), self);
        g_signal_connect(daemon->settings, "unmanaged-specs-changed",
                         G_CALLBACK(unmanaged_specs_changed_cb), self);
    }
    return self;
}
