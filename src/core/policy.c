/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Policy (see policy.h).  Decisions only read profiles' fields, never a
 * parsed connection: they run on every profile and device change.
 */
#include "config.h"

#include "policy.h"

#include <glib/gi18n.h>

#include "device-kind.h"
#include "settings.h"

struct _BonddPolicy {
    GObject parent;

    BonddDaemon *daemon;
    BonddDeviceManager *devices;
    BonddActivationEngine *engine;
    gboolean started;
    guint autoconnect_source;
    GHashTable *autoconnect_queue; /* uuid set: profiles to try from idle */
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

    if (!bondd_profile_get_autoconnect(profile) || bondd_profile_get_autoconnect_blocked(profile) ||
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

/* ---- reacting to devices ------------------------------------------------------ */

static void
managed_changed_cb(BonddNmDevice *device, gpointer user_data)
{
    BonddPolicy *self = user_data;
    BonddActiveConnection *ac = bondd_activation_engine_get_device_active(self->engine, device);

    if (!bondd_nm_device_get_managed(device)) {
        if (ac)
            bondd_activation_engine_deactivate(
                self->engine, ac, NM_ACTIVE_CONNECTION_STATE_REASON_DEVICE_DISCONNECTED);
        bondd_nm_device_set_state(device, NM_DEVICE_STATE_UNMANAGED,
                                  NM_DEVICE_STATE_REASON_NOW_UNMANAGED);
    } else if (!ac) {
        bondd_nm_device_set_state(device, bondd_nm_device_idle_state(device),
                                  NM_DEVICE_STATE_REASON_NOW_MANAGED);
        queue_for_device(self, device);
    }
}

static void
device_added_cb(BonddDeviceManager *devices, BonddNmDevice *device, gpointer user_data)
{
    BonddPolicy *self = user_data;

    g_signal_connect_object(device, "managed-changed", G_CALLBACK(managed_changed_cb), self, 0);
    update_available_connections(self);
    queue_for_device(self, device);
}

/* A software link was made: what is stacked on it may come up now. */
static void
device_realized_cb(BonddDeviceManager *devices, BonddNmDevice *device, gpointer user_data)
{
    BonddPolicy *self = user_data;

    update_available_connections(self);
    queue_for_device(self, device);
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
}

void
bondd_policy_stop(BonddPolicy *self)
{
    self->started = FALSE;
    g_clear_handle_id(&self->autoconnect_source, g_source_remove);
}

/* ---- object ---------------------------------------------------------------------- */

static void
bondd_policy_dispose(GObject *object)
{
    BonddPolicy *self = BONDD_POLICY(object);

    bondd_policy_stop(self);
    if (self->devices)
        g_signal_handlers_disconnect_by_data(self->devices, self);
    if (self->daemon && self->daemon->settings)
        g_signal_handlers_disconnect_by_data(self->daemon->settings, self);
    g_clear_object(&self->devices);
    g_clear_object(&self->engine);
    G_OBJECT_CLASS(bondd_policy_parent_class)->dispose(object);
}

static void
bondd_policy_finalize(GObject *object)
{
    BonddPolicy *self = BONDD_POLICY(object);

    g_hash_table_unref(self->autoconnect_queue);
    G_OBJECT_CLASS(bondd_policy_parent_class)->finalize(object);
}

static void
bondd_policy_init(BonddPolicy *self)
{
    self->autoconnect_queue = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
}

static void
bondd_policy_class_init(BonddPolicyClass *klass)
{
    GObjectClass *object_class = G_OBJECT_CLASS(klass);

    object_class->dispose = bondd_policy_dispose;
    object_class->finalize = bondd_policy_finalize;
}

BonddPolicy *
bondd_policy_new(BonddDaemon *daemon, BonddDeviceManager *devices, BonddActivationEngine *engine)
{
    BonddPolicy *self = g_object_new(BONDD_TYPE_POLICY, NULL);

    self->daemon = daemon;
    self->devices = g_object_ref(devices);
    self->engine = g_object_ref(engine);
    g_signal_connect(devices, "device-added", G_CALLBACK(device_added_cb), self);
    g_signal_connect(devices, "device-realized", G_CALLBACK(device_realized_cb), self);
    if (daemon->settings) {
        g_signal_connect(daemon->settings, "profile-added", G_CALLBACK(profile_added_cb), self);
        g_signal_connect(daemon->settings, "profile-updated", G_CALLBACK(profile_updated_cb), self);
        g_signal_connect(daemon->settings, "profile-removed", G_CALLBACK(profile_removed_cb), self);
        g_signal_connect(daemon->settings, "unmanaged-specs-changed",
                         G_CALLBACK(unmanaged_specs_changed_cb), self);
    }
    return self;
}
