/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The org.freedesktop.NetworkManager root object and DnsManager, and where
 * the device side of the daemon is put together: link cache, device
 * objects, software-device layer, activation engine, policy and
 * checkpoints.  The Manager methods hand activation to the engine.
 */
#include "config.h"

#include "manager.h"

#include <glib/gi18n.h>
#include <string.h>

#include "activation.h"
#include "active-connection.h"
#include "add-and-activate.h"
#include "auth.h"
#include "authorized-properties.h"
#include "checkpoint-manager.h"
#include "device-actions.h"
#include "device-manager.h"
#include "dns-manager.h"
#include "errors.h"
#include "link-cache.h"
#include "policy.h"
#include "settings.h"
#include "software-device.h"
#include "state-file.h"

#define MANAGER_PATH BONDD_DBUS_PATH_PREFIX

/* ---- a Manager skeleton that authorizes Properties.Set ------------------- */

#define BONDD_TYPE_MANAGER_SKELETON (bondd_manager_skeleton_get_type())
G_DECLARE_FINAL_TYPE(BonddManagerSkeleton, bondd_manager_skeleton, BONDD, MANAGER_SKELETON,
                     NMDBusManagerSkeleton)

struct _BonddManagerSkeleton {
    NMDBusManagerSkeleton parent;
};

G_DEFINE_TYPE(BonddManagerSkeleton, bondd_manager_skeleton, NMDBUS_TYPE_MANAGER_SKELETON)

static BonddAuthorizedProperties guard;

/* There is no connectivity checking and no global DNS to configure: say so
 * rather than store a value that does nothing. */
static gboolean
write_property(GDBusInterfaceSkeleton *skeleton, const GDBusInterfaceVTable *generated,
               GDBusConnection *bus, const char *sender, const char *object_path,
               const char *interface_name, const char *property_name, GVariant *value,
               GError **error)
{
    if (g_strcmp0(property_name, "GlobalDnsConfiguration") == 0 ||
        g_strcmp0(property_name, "ConnectivityCheckEnabled") == 0) {
        g_set_error(error, BONDD_MANAGER_ERROR, BONDD_MANAGER_ERROR_FAILED,
                    _("%s is not supported by bondd"), property_name);
        return FALSE;
    }
    return generated->set_property(bus, sender, object_path, interface_name, property_name, value,
                                   error, skeleton);
}

static GDBusInterfaceVTable *
bondd_manager_skeleton_get_vtable(GDBusInterfaceSkeleton *skeleton)
{
    return &guard.vtable;
}

static void
bondd_manager_skeleton_init(BonddManagerSkeleton *self)
{
}

static void
bondd_manager_skeleton_class_init(BonddManagerSkeletonClass *klass)
{
    GDBusInterfaceSkeletonClass *skel_class = G_DBUS_INTERFACE_SKELETON_CLASS(klass);

    bondd_authorized_properties_init(
        &guard, skel_class, G_DBUS_INTERFACE_SKELETON_CLASS(bondd_manager_skeleton_parent_class),
        write_property);
    skel_class->get_vtable = bondd_manager_skeleton_get_vtable;
}

/* ---- the manager ------------------------------------------------------------- */

struct _BonddManager {
    GObject parent;

    BonddDaemon *daemon;
    BonddLinkCache *cache;
    BonddDeviceManager *devices;
    BonddSoftwareDevices *software;
    BonddActivationEngine *engine;
    BonddPolicy *policy;
    BonddCheckpointManager *checkpoints;
    BonddAddAndActivate *add_and_activate;
    BonddDeviceActionsContext device_actions;
    BonddStateFile *state_file;

    NMDBusObjectSkeleton *object;
    NMDBusManager *skel;

    NMState state;
    gboolean networking_enabled;
    char *log_level;
    char *log_domains;
    gboolean started;
};

G_DEFINE_TYPE(BonddManager, bondd_manager, G_TYPE_OBJECT)

enum { SIG_RELOAD_DNS, N_SIGNALS };
static guint signals[N_SIGNALS];

static const char *const log_levels[] = {"OFF", "ERR", "WARN", "INFO", "DEBUG", "TRACE", NULL};

/* ---- derived root properties ----------------------------------------------- */

/* Devices lists the realized devices, AllDevices the unrealized ones too
 * (as NetworkManager); @except (being removed) in neither. */
static void
update_devices_property(BonddManager *self, BonddNmDevice *except)
{
    g_autoptr(GPtrArray) all = bondd_device_manager_get_all_devices(self->devices);
    g_autoptr(GPtrArray) real = g_ptr_array_new();
    g_autoptr(GPtrArray) paths = g_ptr_array_new();

    for (guint i = 0; i < all->len; i++) {
        BonddNmDevice *device = all->pdata[i];

        if (device == except)
            continue;
        g_ptr_array_add(paths, (gpointer)bondd_nm_device_get_path(device));
        if (bondd_nm_device_is_real(device))
            g_ptr_array_add(real, (gpointer)bondd_nm_device_get_path(device));
    }
    g_ptr_array_add(paths, NULL);
    g_ptr_array_add(real, NULL);
    nmdbus_manager_set_devices(self->skel, (const char *const *)real->pdata);
    nmdbus_manager_set_all_devices(self->skel, (const char *const *)paths->pdata);
}

/* NM's overall state from the active connections: connected-global needs a
 * default route, connected-local any activated connection. */
static void
update_state(BonddManager *self)
{
    GPtrArray *acs = bondd_activation_engine_get_active_connections(self->engine);
    g_autoptr(GPtrArray) paths = g_ptr_array_new();
    NMState state = NM_STATE_DISCONNECTED;
    NMConnectivityState connectivity = NM_CONNECTIVITY_NONE;
    BonddActiveConnection *primary = NULL, *activating = NULL;

    for (guint i = 0; i < acs->len; i++) {
        BonddActiveConnection *ac = acs->pdata[i];
        NMActiveConnectionState s = bondd_active_connection_get_state(ac);
        NMConnection *applied = bondd_active_connection_get_applied(ac);
        NMSettingIPConfig *s4 = nm_connection_get_setting_ip4_config(applied);
        NMSettingIPConfig *s6 = nm_connection_get_setting_ip6_config(applied);
        gboolean has_gw = (s4 && nm_setting_ip_config_get_gateway(s4)) ||
                          (s6 && nm_setting_ip_config_get_gateway(s6));

        g_ptr_array_add(paths, (gpointer)bondd_active_connection_get_path(ac));
        if (s == NM_ACTIVE_CONNECTION_STATE_ACTIVATED) {
            if (has_gw) {
                state = NM_STATE_CONNECTED_GLOBAL;
                if (!primary)
                    primary = ac;
            } else if (state < NM_STATE_CONNECTED_LOCAL) {
                state = NM_STATE_CONNECTED_LOCAL;
            }
        } else if (s == NM_ACTIVE_CONNECTION_STATE_ACTIVATING) {
            if (state < NM_STATE_CONNECTING)
                state = NM_STATE_CONNECTING;
            if (!activating)
                activating = ac;
        }
    }
    g_ptr_array_add(paths, NULL);
    nmdbus_manager_set_active_connections(self->skel, (const char *const *)paths->pdata);
    /* Networking disabled: asleep, whatever is still going down. */
    if (!self->networking_enabled)
        state = NM_STATE_ASLEEP;

    /* No connectivity checking: a default route is the best we can say. */
    if (state == NM_STATE_CONNECTED_GLOBAL)
        connectivity = NM_CONNECTIVITY_FULL;
    else if (state == NM_STATE_CONNECTED_LOCAL)
        connectivity = NM_CONNECTIVITY_LIMITED;
    nmdbus_manager_set_connectivity(self->skel, connectivity);
    nmdbus_manager_set_primary_connection(
        self->skel, primary ? bondd_active_connection_get_path(primary) : "/");
    nmdbus_manager_set_primary_connection_type(
        self->skel,
        primary ? nm_connection_get_connection_type(bondd_active_connection_get_applied(primary))
                : "");
    nmdbus_manager_set_activating_connection(
        self->skel, activating ? bondd_active_connection_get_path(activating) : "/");

    if (state != self->state) {
        self->state = state;
        nmdbus_manager_set_state(self->skel, state);
        nmdbus_manager_emit_state_changed(self->skel, state);
    }
}

static void
active_connections_changed_cb(BonddActivationEngine *engine, gpointer user_data)
{
    update_state(user_data);
}

static void
device_added_cb(BonddDeviceManager *devices, BonddNmDevice *device, gpointer user_data)
{
    BonddManager *self = user_data;

    bondd_device_actions_bind(device, &self->device_actions);

    /* The object is exported already; now list it.  DeviceAdded is for
     * Devices: an unrealized device announces it once realized. */
    update_devices_property(self, NULL);
    if (bondd_nm_device_is_real(device))
        nmdbus_manager_emit_device_added(self->skel, bondd_nm_device_get_path(device));
}

static void
device_realized_cb(BonddDeviceManager *devices, BonddNmDevice *device, gpointer user_data)
{
    BonddManager *self = user_data;

    update_devices_property(self, NULL);
    nmdbus_manager_emit_device_added(self->skel, bondd_nm_device_get_path(device));
}

static void
device_removed_cb(BonddDeviceManager *devices, BonddNmDevice *device, gpointer user_data)
{
    BonddManager *self = user_data;

    /* Unlisted before it is unexported (by the device manager after us). */
    update_devices_property(self, device);
    if (bondd_nm_device_is_real(device))
        nmdbus_manager_emit_device_removed(self->skel, bondd_nm_device_get_path(device));
    g_dbus_interface_skeleton_flush(G_DBUS_INTERFACE_SKELETON(self->skel));
}

/* ---- manager methods ------------------------------------------------------ */

static void
permissions_ready(gpointer skel, GDBusMethodInvocation *invocation, GVariant *permissions)
{
    nmdbus_manager_complete_get_permissions(skel, invocation, permissions);
}

/* Answered once polkit has answered every permission. */
static gboolean
handle_get_permissions(NMDBusManager *skel, GDBusMethodInvocation *invocation, BonddManager *self)
{
    bondd_auth_get_permissions(invocation, permissions_ready, skel);
    return TRUE;
}

/* polkit's rules changed, or polkit came or went: clients ask again. */
static void
permissions_changed(gpointer user_data)
{
    BonddManager *self = user_data;

    nmdbus_manager_emit_check_permissions(self->skel);
}

static gboolean
handle_get_devices(NMDBusManager *skel, GDBusMethodInvocation *invocation, BonddManager *self)
{
    nmdbus_manager_complete_get_devices(skel, invocation, nmdbus_manager_get_devices(skel));
    return TRUE;
}

static gboolean
handle_get_all_devices(NMDBusManager *skel, GDBusMethodInvocation *invocation, BonddManager *self)
{
    nmdbus_manager_complete_get_all_devices(skel, invocation, nmdbus_manager_get_all_devices(skel));
    return TRUE;
}

static gboolean
handle_get_device_by_ip_iface(NMDBusManager *skel, GDBusMethodInvocation *invocation,
                              const char *iface, BonddManager *self)
{
    BonddNmDevice *device = bondd_device_manager_get_by_iface(self->devices, iface);

    if (!device) {
        g_dbus_method_invocation_return_error(
            invocation, BONDD_MANAGER_ERROR, BONDD_MANAGER_ERROR_UNKNOWN_DEVICE,
            _("No device found for the requested iface '%s'"), iface);
        return TRUE;
    }
    nmdbus_manager_complete_get_device_by_ip_iface(skel, invocation,
                                                   bondd_nm_device_get_path(device));
    return TRUE;
}

static gboolean
handle_state(NMDBusManager *skel, GDBusMethodInvocation *invocation, BonddManager *self)
{
    nmdbus_manager_complete_state(skel, invocation, self->state);
    return TRUE;
}

static gboolean
handle_check_connectivity(NMDBusManager *skel, GDBusMethodInvocation *invocation,
                          BonddManager *self)
{
    nmdbus_manager_complete_check_connectivity(skel, invocation,
                                               nmdbus_manager_get_connectivity(skel));
    return TRUE;
}

static gboolean
handle_get_logging(NMDBusManager *skel, GDBusMethodInvocation *invocation, BonddManager *self)
{
    nmdbus_manager_complete_get_logging(skel, invocation, self->log_level, self->log_domains);
    return TRUE;
}

static void
set_log_level(BonddManager *self, const char *level)
{
    g_free(self->log_level);
    self->log_level = g_strdup(level);
    g_log_set_debug_enabled(strcmp(level, "DEBUG") == 0 || strcmp(level, "TRACE") == 0);
}

static gboolean
handle_set_logging(NMDBusManager *skel, GDBusMethodInvocation *invocation, const char *level,
                   const char *domains, BonddManager *self)
{
    guint uid = bondd_auth_get_caller_uid(g_dbus_method_invocation_get_connection(invocation),
                                          g_dbus_method_invocation_get_sender(invocation));
    g_autofree char *upper = g_ascii_strup(level, -1);

    /* Root only, as in NetworkManager (and its bus policy). */
    if (uid != 0) {
        g_dbus_method_invocation_return_error(invocation, BONDD_MANAGER_ERROR,
                                              BONDD_MANAGER_ERROR_PERMISSION_DENIED,
                                              _("Only root may change logging"));
        return TRUE;
    }
    if (*upper && strcmp(upper, "KEEP") != 0) {
        if (!g_strv_contains(log_levels, upper)) {
            g_dbus_method_invocation_return_error(invocation, BONDD_MANAGER_ERROR,
                                                  BONDD_MANAGER_ERROR_UNKNOWN_LOG_LEVEL,
                                                  _("Unknown log level '%s'"), level);
            return TRUE;
        }
        set_log_level(self, upper);
    }
    if (domains && *domains) {
        g_free(self->log_domains);
        self->log_domains = g_strdup(domains);
    }
    g_message(_("logging set to level %s, domains %s"), self->log_level, self->log_domains);
    nmdbus_manager_complete_set_logging(skel, invocation);
    return TRUE;
}

/* ActivateConnection and DeactivateConnection run once the caller has
 * network-control. */
static gboolean
authorize(BonddManager *self, GDBusMethodInvocation *invocation, BonddAuthorizedFunc run)
{
    bondd_auth_then(invocation, BONDD_AUTH_NETWORK_CONTROL, BONDD_MANAGER_ERROR, run, self);
    return TRUE;
}

/* A call authorized while the daemon was stopping. */
static gboolean
stopping(BonddManager *self, GDBusMethodInvocation *invocation)
{
    if (self->started)
        return FALSE;
    g_dbus_method_invocation_return_error_literal(
        invocation, BONDD_MANAGER_ERROR, BONDD_MANAGER_ERROR_FAILED, _("bondd is shutting down"));
    return TRUE;
}

static void
run_activate_connection(gpointer object, GDBusMethodInvocation *invocation)
{
    BonddManager *self = object;
    const char *connection_path, *device_path, *specific_object;
    BonddProfile *profile = NULL;
    BonddNmDevice *device = NULL;
    BonddActiveConnection *ac;
    g_autoptr(GError) error = NULL;

    if (stopping(self, invocation))
        return;
    g_variant_get(g_dbus_method_invocation_get_parameters(invocation), "(&o&o&o)", &connection_path,
                  &device_path, &specific_object);
    if (strcmp(device_path, "/") != 0) {
        device = bondd_device_manager_get_by_path(self->devices, device_path);
        if (!device) {
            g_dbus_method_invocation_return_error(invocation, BONDD_MANAGER_ERROR,
                                                  BONDD_MANAGER_ERROR_UNKNOWN_DEVICE,
                                                  _("Device '%s' not found"), device_path);
            return;
        }
    }
    if (strcmp(connection_path, "/") != 0) {
        profile = bondd_settings_find_by_path(self->daemon->settings, connection_path);
        if (!profile) {
            g_dbus_method_invocation_return_error(
                invocation, BONDD_MANAGER_ERROR, BONDD_MANAGER_ERROR_UNKNOWN_CONNECTION,
                _("Connection '%s' is not known"), connection_path);
            return;
        }
    } else if (device) {
        /* "/" means: the best available profile for this device. */
        const char *const *avail = bondd_nm_device_get_available_connections(device);

        if (avail && avail[0])
            profile = bondd_settings_find_by_path(self->daemon->settings, avail[0]);
        if (!profile) {
            /* NetworkManager's words; nmcli then offers AddAndActivate. */
            g_dbus_method_invocation_return_error(
                invocation, BONDD_MANAGER_ERROR, BONDD_MANAGER_ERROR_UNKNOWN_CONNECTION,
                _("The device '%s' has no connections available for activation."),
                bondd_nm_device_get_iface(device));
            return;
        }
    } else {
        g_dbus_method_invocation_return_error(invocation, BONDD_MANAGER_ERROR,
                                              BONDD_MANAGER_ERROR_UNKNOWN_CONNECTION,
                                              _("Neither a connection nor a device was given"));
        return;
    }

    ac = bondd_activation_engine_activate(self->engine, profile, device, BONDD_ACTIVATION_USER,
                                          &error);
    if (!ac) {
        bondd_invocation_return_error(invocation, BONDD_MANAGER_ERROR, error);
        return;
    }
    /* Exported by the engine already: InterfacesAdded precedes this reply;
     * the stages run after it. */
    nmdbus_manager_complete_activate_connection(self->skel, invocation,
                                                bondd_active_connection_get_path(ac));
}

static gboolean
handle_activate_connection(NMDBusManager *skel, GDBusMethodInvocation *invocation,
                           const char *connection_path, const char *device_path,
                           const char *specific_object, BonddManager *self)
{
    return authorize(self, invocation, run_activate_connection);
}

static void
run_deactivate_connection(gpointer object, GDBusMethodInvocation *invocation)
{
    BonddManager *self = object;
    const char *path;
    BonddActiveConnection *ac;

    if (stopping(self, invocation))
        return;
    g_variant_get(g_dbus_method_invocation_get_parameters(invocation), "(&o)", &path);
    ac = bondd_activation_engine_find_by_path(self->engine, path);
    if (!ac) {
        g_dbus_method_invocation_return_error(invocation, BONDD_MANAGER_ERROR,
                                              BONDD_MANAGER_ERROR_CONNECTION_NOT_ACTIVE,
                                              _("The connection was not active."));
        return;
    }
    bondd_activation_engine_deactivate(self->engine, ac,
                                       NM_ACTIVE_CONNECTION_STATE_REASON_USER_DISCONNECTED);
    nmdbus_manager_complete_deactivate_connection(self->skel, invocation);
}

static gboolean
handle_deactivate_connection(NMDBusManager *skel, GDBusMethodInvocation *invocation,
                             const char *path, BonddManager *self)
{
    return authorize(self, invocation, run_deactivate_connection);
}

/* ---- AddAndActivateConnection[2] ---------------------------------------------------- */

static void
run_add_and_activate(gpointer object, GDBusMethodInvocation *invocation)
{
    BonddManager *self = object;

    if (stopping(self, invocation))
        return;
    bondd_add_and_activate_run(self->add_and_activate, invocation);
}

/* It adds a profile and activates it: both rights, as NetworkManager asks. */
static gboolean
handle_add_and_activate_connection(NMDBusManager *skel, GDBusMethodInvocation *invocation,
                                   GVariant *connection, const char *device_path,
                                   const char *specific_object, BonddManager *self)
{
    bondd_auth_then(invocation, BONDD_AUTH_ADD_AND_ACTIVATE, BONDD_MANAGER_ERROR,
                    run_add_and_activate, self);
    return TRUE;
}

static gboolean
handle_add_and_activate_connection2(NMDBusManager *skel, GDBusMethodInvocation *invocation,
                                    GVariant *connection, const char *device_path,
                                    const char *specific_object, GVariant *options,
                                    BonddManager *self)
{
    g_autoptr(GError) error = NULL;

    /* Malformed options are refused before asking who calls. */
    if (!bondd_add_and_activate_check_options(options, &error)) {
        g_dbus_method_invocation_return_gerror(invocation, error);
        return TRUE;
    }
    return handle_add_and_activate_connection(skel, invocation, connection, device_path,
                                              specific_object, self);
}

/* ---- Enable ---------------------------------------------------------------------------- */

static void
set_networking(BonddManager *self, gboolean enabled)
{
    g_autoptr(GError) error = NULL;

    self->networking_enabled = enabled;
    g_message(enabled ? _("networking enabled") : _("networking disabled: devices are unmanaged"));
    if (!bondd_state_file_set_networking_enabled(self->state_file, enabled, &error))
        g_warning(_("networking stays %s until bondd stops, but it cannot be kept across a "
                    "restart: %s"),
                  enabled ? _("enabled") : _("disabled"), error->message);
    nmdbus_manager_set_networking_enabled(self->skel, enabled);
    bondd_policy_set_networking(self->policy, enabled);
    update_state(self);
}

static void
run_enable(gpointer object, GDBusMethodInvocation *invocation)
{
    BonddManager *self = object;
    gboolean enable;

    if (stopping(self, invocation))
        return;
    g_variant_get(g_dbus_method_invocation_get_parameters(invocation), "(b)", &enable);
    if (enable == self->networking_enabled) {
        g_dbus_method_invocation_return_error_literal(
            invocation, BONDD_MANAGER_ERROR, BONDD_MANAGER_ERROR_ALREADY_ENABLED_OR_DISABLED,
            enable ? _("Already enabled") : _("Already disabled"));
        return;
    }
    set_networking(self, enable);
    nmdbus_manager_complete_enable(self->skel, invocation);
}

static gboolean
handle_enable(NMDBusManager *skel, GDBusMethodInvocation *invocation, gboolean enable,
              BonddManager *self)
{
    bondd_auth_then(invocation, BONDD_AUTH_ENABLE_NETWORK, BONDD_MANAGER_ERROR, run_enable, self);
    return TRUE;
}

/* ---- Reload ----------------------------------------------------------------------------- */

#define RELOAD_ALL                                                                                 \
    (NM_MANAGER_RELOAD_FLAG_CONF | NM_MANAGER_RELOAD_FLAG_DNS_RC | NM_MANAGER_RELOAD_FLAG_DNS_FULL)

/* Read the configuration file again and apply what can change while
 * running; the rest waits for a restart, which is said. */
static gboolean
reload_configuration(BonddManager *self, GError **error)
{
    BonddConfig *config = self->daemon->config;
    g_autoptr(BonddConfig) fresh = NULL;
    g_auto(GStrv) need_restart = NULL;
    guint changes;

    if (!config)
        return TRUE;
    fresh = bondd_config_reload(config, error);
    if (!fresh)
        return FALSE;
    changes = bondd_config_update(config, fresh, &need_restart);
    for (guint i = 0; need_restart[i]; i++)
        g_message(_("%s: %s changed; it takes effect when bondd is restarted"),
                  config->config_file ? config->config_file : _("configuration"), need_restart[i]);
    if (changes & BONDD_CONFIG_CHANGED_LOGGING) {
        set_log_level(self, config->debug ? "DEBUG" : "INFO");
        g_message(_("configuration: logging level %s"), self->log_level);
    }
    if (changes & BONDD_CONFIG_CHANGED_UNMANAGED) {
        g_message(_("configuration: unmanaged devices changed"));
        bondd_device_manager_update_unmanaged(self->devices);
    }
    if (changes & BONDD_CONFIG_CHANGED_AUTH)
        bondd_auth_set_polkit(config->auth_polkit);
    if ((changes & BONDD_CONFIG_CHANGED_MONITOR) && config->monitor_files) {
        g_message(_("configuration: monitoring connection files again"));
        /* What changed meanwhile was not seen. */
        return bondd_settings_reload(self->daemon->settings, error);
    }
    return TRUE;
}

gboolean
bondd_manager_reload(BonddManager *self, guint flags, GError **error)
{
    g_autoptr(GError) first = NULL;
    gboolean everything = flags == 0;

    if (flags & ~RELOAD_ALL) {
        g_set_error_literal(error, BONDD_MANAGER_ERROR, BONDD_MANAGER_ERROR_INVALID_ARGUMENTS,
                            _("Invalid flags for reload"));
        return FALSE;
    }
    if (everything)
        flags = RELOAD_ALL;
    if (flags & NM_MANAGER_RELOAD_FLAG_CONF)
        reload_configuration(self, first ? NULL : &first);
    /* As SIGHUP always did: the connection files too. */
    if (everything && self->daemon->settings)
        bondd_settings_reload(self->daemon->settings, first ? NULL : &first);
    if (flags & (NM_MANAGER_RELOAD_FLAG_DNS_RC | NM_MANAGER_RELOAD_FLAG_DNS_FULL))
        g_signal_emit(self, signals[SIG_RELOAD_DNS], 0,
                      flags & (NM_MANAGER_RELOAD_FLAG_DNS_RC | NM_MANAGER_RELOAD_FLAG_DNS_FULL));
    if (first) {
        g_propagate_error(error, g_steal_pointer(&first));
        return FALSE;
    }
    return TRUE;
}

static void
run_reload(gpointer object, GDBusMethodInvocation *invocation)
{
    BonddManager *self = object;
    g_autoptr(GError) error = NULL;
    guint flags;

    if (stopping(self, invocation))
        return;
    g_variant_get(g_dbus_method_invocation_get_parameters(invocation), "(u)", &flags);
    g_message(_("reload requested (flags 0x%x)"), flags);
    if (!bondd_manager_reload(self, flags, &error))
        bondd_invocation_return_error(invocation, BONDD_MANAGER_ERROR, error);
    else
        nmdbus_manager_complete_reload(self->skel, invocation);
}

static gboolean
handle_reload(NMDBusManager *skel, GDBusMethodInvocation *invocation, guint flags,
              BonddManager *self)
{
    /* Bad flags are refused before asking who calls. */
    if (flags & ~RELOAD_ALL) {
        g_dbus_method_invocation_return_error_literal(invocation, BONDD_MANAGER_ERROR,
                                                      BONDD_MANAGER_ERROR_INVALID_ARGUMENTS,
                                                      _("Invalid flags for reload"));
        return TRUE;
    }
    bondd_auth_then(invocation, BONDD_AUTH_RELOAD, BONDD_MANAGER_ERROR, run_reload, self);
    return TRUE;
}

/* ---- setup -------------------------------------------------------------------- */

static void
init_root_properties(BonddManager *self)
{
    const guint version_info[] = {BONDD_NM_API_VERSION_NUM};
    static const char *const empty[] = {NULL};

    nmdbus_manager_set_version(self->skel, BONDD_NM_API_VERSION);
    nmdbus_manager_set_version_info(
        self->skel, g_variant_new_fixed_array(G_VARIANT_TYPE_UINT32, version_info,
                                              G_N_ELEMENTS(version_info), sizeof(guint)));
    nmdbus_manager_set_capabilities(
        self->skel, g_variant_new_fixed_array(G_VARIANT_TYPE_UINT32, NULL, 0, sizeof(guint)));
    nmdbus_manager_set_startup(self->skel, TRUE);
    nmdbus_manager_set_state(self->skel, NM_STATE_DISCONNECTED);
    nmdbus_manager_set_connectivity(self->skel, NM_CONNECTIVITY_NONE);
    nmdbus_manager_set_networking_enabled(self->skel, self->networking_enabled);
    /* No radios here: enabled in software, none present (RadioFlags 0). */
    nmdbus_manager_set_wireless_enabled(self->skel, TRUE);
    nmdbus_manager_set_wireless_hardware_enabled(self->skel, TRUE);
    nmdbus_manager_set_wwan_enabled(self->skel, TRUE);
    nmdbus_manager_set_wwan_hardware_enabled(self->skel, TRUE);
    nmdbus_manager_set_wimax_enabled(self->skel, FALSE);
    nmdbus_manager_set_wimax_hardware_enabled(self->skel, FALSE);
    nmdbus_manager_set_radio_flags(self->skel, 0);
    nmdbus_manager_set_primary_connection(self->skel, "/");
    nmdbus_manager_set_primary_connection_type(self->skel, "");
    nmdbus_manager_set_activating_connection(self->skel, "/");
    nmdbus_manager_set_metered(self->skel, NM_METERED_UNKNOWN);
    nmdbus_manager_set_checkpoints(self->skel, empty);
    nmdbus_manager_set_devices(self->skel, empty);
    nmdbus_manager_set_all_devices(self->skel, empty);
    nmdbus_manager_set_active_connections(self->skel, empty);
    nmdbus_manager_set_connectivity_check_available(self->skel, FALSE);
    nmdbus_manager_set_connectivity_check_enabled(self->skel, FALSE);
    nmdbus_manager_set_connectivity_check_uri(self->skel, "");
    nmdbus_manager_set_global_dns_configuration(
        self->skel, g_variant_new_array(G_VARIANT_TYPE("{sv}"), NULL, 0));
}

BonddManager *
bondd_manager_new(BonddDaemon *daemon, BonddLinkCache *cache)
{
    BonddManager *self = g_object_new(BONDD_TYPE_MANAGER, NULL);

    self->daemon = daemon;
    self->state = NM_STATE_DISCONNECTED;
    self->state_file =
        bondd_state_file_new(daemon->config ? daemon->config->state_dir : BONDD_DEFAULT_STATE_DIR);
    self->networking_enabled = bondd_state_file_get_networking_enabled(self->state_file);
    self->log_level = g_strdup(daemon->config && daemon->config->debug ? "DEBUG" : "INFO");
    self->log_domains = g_strdup("PLATFORM,DEVICE,CORE,BOND");

    self->object = nmdbus_object_skeleton_new(MANAGER_PATH);
    self->skel = g_object_new(BONDD_TYPE_MANAGER_SKELETON, NULL);
    daemon->dns = bondd_dns_manager_new(daemon);
    init_root_properties(self);
    nmdbus_object_skeleton_set_manager(self->object, self->skel);

    g_signal_connect(self->skel, "handle-get-permissions", G_CALLBACK(handle_get_permissions),
                     self);
    g_signal_connect(self->skel, "handle-get-devices", G_CALLBACK(handle_get_devices), self);
    g_signal_connect(self->skel, "handle-get-all-devices", G_CALLBACK(handle_get_all_devices),
                     self);
    g_signal_connect(self->skel, "handle-get-device-by-ip-iface",
                     G_CALLBACK(handle_get_device_by_ip_iface), self);
    g_signal_connect(self->skel, "handle-state", G_CALLBACK(handle_state), self);
    g_signal_connect(self->skel, "handle-check-connectivity", G_CALLBACK(handle_check_connectivity),
                     self);
    g_signal_connect(self->skel, "handle-get-logging", G_CALLBACK(handle_get_logging), self);
    g_signal_connect(self->skel, "handle-set-logging", G_CALLBACK(handle_set_logging), self);
    g_signal_connect(self->skel, "handle-activate-connection",
                     G_CALLBACK(handle_activate_connection), self);
    g_signal_connect(self->skel, "handle-deactivate-connection",
                     G_CALLBACK(handle_deactivate_connection), self);
    g_signal_connect(self->skel, "handle-add-and-activate-connection",
                     G_CALLBACK(handle_add_and_activate_connection), self);
    g_signal_connect(self->skel, "handle-add-and-activate-connection2",
                     G_CALLBACK(handle_add_and_activate_connection2), self);
    g_signal_connect(self->skel, "handle-enable", G_CALLBACK(handle_enable), self);
    g_signal_connect(self->skel, "handle-reload", G_CALLBACK(handle_reload), self);

    self->cache = g_object_ref(cache);
    self->devices = bondd_device_manager_new(daemon, self->cache);
    self->software = bondd_software_devices_new(daemon->plugins, self->cache, self->devices);
    self->engine = bondd_activation_engine_new(daemon, self->cache, self->devices, self->software);
    bondd_activation_engine_watch_udev(self->engine, NULL);
    self->policy =
        bondd_policy_new(daemon, self->cache, self->devices, self->software, self->engine);
    self->checkpoints =
        bondd_checkpoint_manager_new(daemon, self->skel, self->devices, self->engine);
    self->add_and_activate = bondd_add_and_activate_new(daemon, self->devices, self->engine);
    self->device_actions.engine = self->engine;
    self->device_actions.software = self->software;
    g_signal_connect(self->devices, "device-added", G_CALLBACK(device_added_cb), self);
    g_signal_connect(self->devices, "device-realized", G_CALLBACK(device_realized_cb), self);
    g_signal_connect(self->devices, "device-removed", G_CALLBACK(device_removed_cb), self);
    g_signal_connect(self->engine, "active-connections-changed",
                     G_CALLBACK(active_connections_changed_cb), self);
    return self;
}

gboolean
bondd_manager_start(BonddManager *self, GError **error)
{
    g_return_val_if_fail(!self->started, FALSE);

    g_dbus_object_manager_server_export(self->daemon->object_manager,
                                        G_DBUS_OBJECT_SKELETON(self->object));
    bondd_dns_manager_export(self->daemon->dns);

    /* Kept across restarts: devices are born unmanaged while it is off. */
    if (!self->networking_enabled) {
        g_message(_("networking is disabled (%s): devices stay unmanaged until it is enabled"),
                  bondd_state_file_get_path(self->state_file));
        bondd_policy_set_networking(self->policy, FALSE);
    }
    /* Device objects appear from the link dump's link-added signals. */
    if (!bondd_link_cache_start(self->cache, error)) {
        g_prefix_error(error, _("netlink: "));
        return FALSE;
    }
    bondd_policy_start(self->policy);
    update_state(self);
    nmdbus_manager_set_startup(self->skel, FALSE);
    self->started = TRUE;
    /* Rights may differ from what a client cached before a restart. */
    nmdbus_manager_emit_check_permissions(self->skel);
    bondd_auth_set_changed_func(permissions_changed, self);
    return TRUE;
}

void
bondd_manager_stop(BonddManager *self)
{
    if (!self->started)
        return;
    self->started = FALSE;
    bondd_auth_set_changed_func(NULL, NULL);
    /* Links stay as they are: a restarted bondd adopts them. */
    bondd_checkpoint_manager_stop(self->checkpoints);
    bondd_policy_stop(self->policy);
    bondd_activation_engine_stop(self->engine);
    bondd_link_cache_stop(self->cache);
}

static void
bondd_manager_dispose(GObject *object)
{
    BonddManager *self = BONDD_MANAGER(object);

    bondd_manager_stop(self);
    if (self->engine)
        g_signal_handlers_disconnect_by_data(self->engine, self);
    if (self->devices)
        g_signal_handlers_disconnect_by_data(self->devices, self);
    g_clear_object(&self->checkpoints);
    g_clear_pointer(&self->add_and_activate, bondd_add_and_activate_free);
    g_clear_object(&self->policy);
    g_clear_object(&self->engine);
    g_clear_pointer(&self->software, bondd_software_devices_free);
    g_clear_object(&self->devices);
    g_clear_object(&self->cache);
    if (self->daemon && self->daemon->object_manager)
        g_dbus_object_manager_server_unexport(self->daemon->object_manager, MANAGER_PATH);
    if (self->daemon)
        g_clear_pointer(&self->daemon->dns, bondd_dns_manager_free);
    self->daemon = NULL;
    g_clear_object(&self->skel);
    g_clear_object(&self->object);
    G_OBJECT_CLASS(bondd_manager_parent_class)->dispose(object);
}

static void
bondd_manager_finalize(GObject *object)
{
    BonddManager *self = BONDD_MANAGER(object);

    g_free(self->log_level);
    g_free(self->log_domains);
    bondd_state_file_free(self->state_file);
    G_OBJECT_CLASS(bondd_manager_parent_class)->finalize(object);
}

static void
bondd_manager_init(BonddManager *self)
{
}

static void
bondd_manager_class_init(BonddManagerClass *klass)
{
    GObjectClass *object_class = G_OBJECT_CLASS(klass);

    object_class->dispose = bondd_manager_dispose;
    object_class->finalize = bondd_manager_finalize;

    signals[SIG_RELOAD_DNS] =
        g_signal_new("reload-dns", G_TYPE_FROM_CLASS(klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                     G_TYPE_NONE, 1, G_TYPE_UINT);
}
