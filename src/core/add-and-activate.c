/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * AddAndActivateConnection[2] (see add-and-activate.h).  The errors and
 * their wording are NetworkManager 1.42's, so that nmcli prints the same.
 */
#include "config.h"

#include "add-and-activate.h"

#include <glib/gi18n.h>
#include <string.h>

#include "errors.h"
#include "settings.h"

typedef enum {
    PERSIST_DISK,
    PERSIST_MEMORY,
    PERSIST_VOLATILE,
} Persist;

/* An activation that ends when its client leaves the bus. */
typedef struct {
    BonddAddAndActivate *owner;
    BonddActiveConnection *ac; /* owned */
    guint subscription;
} Binding;

struct _BonddAddAndActivate {
    BonddDaemon *daemon;
    BonddDeviceManager *devices;
    BonddActivationEngine *engine;
    GPtrArray *bindings; /* Binding* */
    gulong ended_handler;
};

/* ---- options ------------------------------------------------------------------ */

static gboolean
parse_options(GVariant *options, Persist *out_persist, gboolean *out_bind, GError **error)
{
    GVariantIter iter;
    const char *key;
    GVariant *value;

    *out_persist = PERSIST_DISK;
    *out_bind = FALSE;
    if (!options)
        return TRUE;
    g_variant_iter_init(&iter, options);
    while (g_variant_iter_next(&iter, "{&sv}", &key, &value)) {
        g_autoptr(GVariant) owned = value;
        const char *s = g_variant_is_of_type(value, G_VARIANT_TYPE_STRING)
                            ? g_variant_get_string(value, NULL)
                            : NULL;

        if (g_str_equal(key, "persist")) {
            if (g_strcmp0(s, "disk") == 0)
                *out_persist = PERSIST_DISK;
            else if (g_strcmp0(s, "memory") == 0)
                *out_persist = PERSIST_MEMORY;
            else if (g_strcmp0(s, "volatile") == 0)
                *out_persist = PERSIST_VOLATILE;
            else {
                g_set_error_literal(
                    error, BONDD_MANAGER_ERROR, BONDD_MANAGER_ERROR_INVALID_ARGUMENTS,
                    _("Option \"persist\" must be one of \"volatile\", \"memory\" or \"disk\""));
                return FALSE;
            }
        } else if (g_str_equal(key, "bind-activation")) {
            if (g_strcmp0(s, "dbus-client") == 0)
                *out_bind = TRUE;
            else if (g_strcmp0(s, "none") != 0) {
                g_set_error_literal(
                    error, BONDD_MANAGER_ERROR, BONDD_MANAGER_ERROR_INVALID_ARGUMENTS,
                    _("Option \"bind-activation\" must be one of \"dbus-client\" or \"none\""));
                return FALSE;
            }
        } else {
            g_set_error_literal(error, BONDD_MANAGER_ERROR, BONDD_MANAGER_ERROR_INVALID_ARGUMENTS,
                                _("Unknown extra option passed"));
            return FALSE;
        }
    }
    return TRUE;
}

gboolean
bondd_add_and_activate_check_options(GVariant *options, GError **error)
{
    Persist persist;
    gboolean bind;

    return parse_options(options, &persist, &bind, error);
}

/* ---- completing the profile ------------------------------------------------------ */

/* NetworkManager's name for a new profile: the kind's name and the first
 * number no profile has ("Wired connection 1"). */
static char *
unused_name(BonddSettings *settings, const BonddDeviceKind *kind)
{
    GPtrArray *profiles = bondd_settings_get_profiles(settings);
    g_autofree char *fallback = g_strdup_printf("%s connection", kind->name);
    const char *base = kind->profile_name ? _(kind->profile_name) : fallback;

    for (guint n = 1;; n++) {
        g_autofree char *name = g_strdup_printf("%s %u", base, n);
        gboolean taken = FALSE;

        for (guint i = 0; profiles && i < profiles->len && !taken; i++)
            taken = g_strcmp0(bondd_profile_get_id(profiles->pdata[i]), name) == 0;
        if (!taken)
            return g_steal_pointer(&name);
    }
}

/* Fill in what the client left out, for @device's kind (or, without a
 * device, for the type the profile names), then let libnm normalize it
 * (IPv4 and IPv6 "auto", the kind's setting...) and check the whole. */
static gboolean
complete(BonddAddAndActivate *self, NMConnection *connection, BonddNmDevice *device, GError **error)
{
    NMSettingConnection *s_con = nm_connection_get_setting_connection(connection);
    NMSettingWired *s_wired = nm_connection_get_setting_wired(connection);
    const BonddDeviceKind *kind = device ? bondd_nm_device_get_kind(device) : NULL;
    const char *type;

    if (!s_con) {
        s_con = NM_SETTING_CONNECTION(nm_setting_connection_new());
        nm_connection_add_setting(connection, NM_SETTING(s_con));
    }
    type = nm_setting_connection_get_connection_type(s_con);
    if (!kind)
        kind = bondd_device_kind_for_setting(type);
    if (!kind) {
        g_set_error_literal(error, BONDD_MANAGER_ERROR, BONDD_MANAGER_ERROR_UNKNOWN_DEVICE,
                            _("Failed to find a compatible device for this connection"));
        return FALSE;
    }
    if (type && strcmp(type, kind->setting_type) != 0) {
        g_set_error(error, BONDD_MANAGER_ERROR, BONDD_MANAGER_ERROR_UNKNOWN_DEVICE,
                    _("No suitable device found for this connection (device %s not available "
                      "because profile is not compatible with device (connection type is not "
                      "\"%s\"))."),
                    bondd_nm_device_get_iface(device), kind->setting_type);
        return FALSE;
    }
    if (!type)
        g_object_set(s_con, NM_SETTING_CONNECTION_TYPE, kind->setting_type, NULL);
    /* An Ethernet profile may bind by MAC address instead. */
    if (device && !nm_setting_connection_get_interface_name(s_con) &&
        !(s_wired && nm_setting_wired_get_mac_address(s_wired)))
        g_object_set(s_con, NM_SETTING_CONNECTION_INTERFACE_NAME, bondd_nm_device_get_iface(device),
                     NULL);
    if (!nm_setting_connection_get_id(s_con)) {
        g_autofree char *name = unused_name(self->daemon->settings, kind);

        g_object_set(s_con, NM_SETTING_CONNECTION_ID, name, NULL);
    }
    if (!nm_setting_connection_get_uuid(s_con)) {
        g_autofree char *uuid = nm_utils_uuid_generate();

        g_object_set(s_con, NM_SETTING_CONNECTION_UUID, uuid, NULL);
    }
    return nm_connection_normalize(connection, NULL, NULL, error);
}

/* ---- the device ------------------------------------------------------------------ */

/* Without a device: the one the completed profile names; NULL for a
 * software link still to be made (the engine makes its device). */
static gboolean
find_device(BonddAddAndActivate *self, NMConnection *connection, BonddNmDevice **out_device,
            GError **error)
{
    const BonddDeviceKind *kind =
        bondd_device_kind_for_setting(nm_connection_get_connection_type(connection));
    const char *iface = nm_connection_get_interface_name(connection);

    *out_device = NULL;
    if (bondd_device_kind_has(kind, BONDD_KIND_SOFTWARE))
        return TRUE;
    *out_device = iface ? bondd_device_manager_get_by_iface(self->devices, iface) : NULL;
    if (!*out_device) {
        g_set_error_literal(error, BONDD_MANAGER_ERROR, BONDD_MANAGER_ERROR_UNKNOWN_DEVICE,
                            _("Failed to find a compatible device for this connection"));
        return FALSE;
    }
    return TRUE;
}

/* The profile must fit the device, which a user may activate. */
static gboolean
check_device(BonddNmDevice *device, NMConnection *connection, GError **error)
{
    if (!bondd_nm_device_connection_matches(device, connection)) {
        g_set_error(error, BONDD_MANAGER_ERROR, BONDD_MANAGER_ERROR_UNKNOWN_DEVICE,
                    _("No suitable device found for this connection (device %s not available "
                      "because profile is not compatible with device (mismatching interface "
                      "name))."),
                    bondd_nm_device_get_iface(device));
        return FALSE;
    }
    if (!bondd_nm_device_is_activatable(device, TRUE)) {
        g_set_error(error, BONDD_MANAGER_ERROR, BONDD_MANAGER_ERROR_UNKNOWN_DEVICE,
                    _("No suitable device found for this connection (device %s not available "
                      "because device is strictly unmanaged)."),
                    bondd_nm_device_get_iface(device));
        return FALSE;
    }
    return TRUE;
}

/* ---- bind-activation dbus-client ------------------------------------------------- */

static void
binding_free(gpointer data)
{
    Binding *b = data;

    g_dbus_connection_signal_unsubscribe(b->owner->daemon->bus, b->subscription);
    g_object_unref(b->ac);
    g_free(b);
}

static void
client_left(GDBusConnection *bus, const char *sender, const char *path, const char *iface,
            const char *signal, GVariant *params, gpointer user_data)
{
    Binding *b = user_data;
    const char *name, *old_owner, *new_owner;

    g_variant_get(params, "(&s&s&s)", &name, &old_owner, &new_owner);
    if (*new_owner)
        return;
    g_message(_("%s left the bus: the activation bound to it ends"), name);
    /* Ending it unbinds it ("activation-ended"). */
    bondd_activation_engine_deactivate(b->owner->engine, b->ac,
                                       NM_ACTIVE_CONNECTION_STATE_REASON_DEVICE_DISCONNECTED);
}

static void
bind_to_client(BonddAddAndActivate *self, BonddActiveConnection *ac, const char *client)
{
    Binding *b;

    if (!self->daemon->bus)
        return;
    b = g_new0(Binding, 1);
    b->owner = self;
    b->ac = g_object_ref(ac);
    b->subscription = g_dbus_connection_signal_subscribe(
        self->daemon->bus, "org.freedesktop.DBus", "org.freedesktop.DBus", "NameOwnerChanged",
        "/org/freedesktop/DBus", client, G_DBUS_SIGNAL_FLAGS_NONE, client_left, b, NULL);
    g_ptr_array_add(self->bindings, b);
}

static void
activation_ended_cb(BonddActivationEngine *engine, BonddActiveConnection *ac, guint reason,
                    gpointer user_data)
{
    BonddAddAndActivate *self = user_data;

    for (guint i = self->bindings->len; i > 0; i--) {
        Binding *b = self->bindings->pdata[i - 1];

        if (b->ac == ac)
            g_ptr_array_remove_index(self->bindings, i - 1);
    }
}

/* ---- the call -------------------------------------------------------------------- */

void
bondd_add_and_activate_run(BonddAddAndActivate *self, GDBusMethodInvocation *invocation)
{
    GVariant *params = g_dbus_method_invocation_get_parameters(invocation);
    gboolean v2 = g_variant_n_children(params) == 4;
    g_autoptr(GVariant) dict = g_variant_get_child_value(params, 0);
    g_autoptr(GVariant) options = v2 ? g_variant_get_child_value(params, 3) : NULL;
    g_autoptr(NMConnection) connection = NULL;
    g_autoptr(GError) error = NULL;
    BonddNmDevice *device = NULL;
    BonddActiveConnection *ac;
    BonddProfile *profile;
    const char *device_path;
    Persist persist;
    gboolean bind;

    g_variant_get_child(params, 1, "&o", &device_path);
    if (!parse_options(options, &persist, &bind, &error))
        goto fail;
    if (strcmp(device_path, "/") != 0 &&
        !(device = bondd_device_manager_get_by_path(self->devices, device_path))) {
        g_set_error_literal(&error, BONDD_MANAGER_ERROR, BONDD_MANAGER_ERROR_UNKNOWN_DEVICE,
                            _("Device not found"));
        goto fail;
    }
    connection = _bondd_connection_new_partial_from_dbus(dict, &error);
    if (!connection || !complete(self, connection, device, &error) ||
        (!device && !find_device(self, connection, &device, &error)) ||
        (device && !check_device(device, connection, &error)))
        goto fail;

    profile = bondd_settings_add_profile_full(
        self->daemon->settings, connection, persist == PERSIST_DISK, NULL,
        persist == PERSIST_VOLATILE ? NM_SETTINGS_CONNECTION_FLAG_VOLATILE : 0, &error);
    if (!profile)
        goto fail;
    ac = bondd_activation_engine_activate(self->engine, profile, device, BONDD_ACTIVATION_USER,
                                          &error);
    if (!ac) {
        /* As NetworkManager: what could not be activated is not kept. */
        bondd_settings_delete_profile(self->daemon->settings, profile, NULL);
        goto fail;
    }
    g_message(_("'%s' added and activated on %s"), bondd_profile_get_id(profile),
              bondd_nm_device_get_iface(bondd_active_connection_get_device(ac)));
    if (bind)
        bind_to_client(self, ac, g_dbus_method_invocation_get_sender(invocation));
    if (v2)
        g_dbus_method_invocation_return_value(
            invocation, g_variant_new("(oo@a{sv})", bondd_profile_get_path(profile),
                                      bondd_active_connection_get_path(ac),
                                      g_variant_new_array(G_VARIANT_TYPE("{sv}"), NULL, 0)));
    else
        g_dbus_method_invocation_return_value(invocation,
                                              g_variant_new("(oo)", bondd_profile_get_path(profile),
                                                            bondd_active_connection_get_path(ac)));
    return;

fail:
    /* A profile libnm refuses is NM_CONNECTION_ERROR, whose D-Bus name
     * (Settings.Connection.InvalidProperty...) names what is wrong. */
    if (error->domain == NM_CONNECTION_ERROR)
        g_dbus_method_invocation_return_gerror(invocation, error);
    else
        bondd_invocation_return_error(invocation, BONDD_MANAGER_ERROR, error);
}

BonddAddAndActivate *
bondd_add_and_activate_new(BonddDaemon *daemon, BonddDeviceManager *devices,
                           BonddActivationEngine *engine)
{
    BonddAddAndActivate *self = g_new0(BonddAddAndActivate, 1);

    self->daemon = daemon;
    self->devices = g_object_ref(devices);
    self->engine = g_object_ref(engine);
    self->bindings = g_ptr_array_new_with_free_func(binding_free);
    self->ended_handler =
        g_signal_connect(engine, "activation-ended", G_CALLBACK(activation_ended_cb), self);
    return self;
}

void
bondd_add_and_activate_free(BonddAddAndActivate *self)
{
    if (!self)
        return;
    g_clear_signal_handler(&self->ended_handler, self->engine);
    g_ptr_array_unref(self->bindings);
    g_object_unref(self->engine);
    g_object_unref(self->devices);
    g_free(self);
}
