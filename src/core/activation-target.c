/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * What an activation needs (see activation-target.h).
 */
#include "config.h"

#include "activation-target.h"

#include <glib/gi18n.h>

#include "errors.h"

void
bondd_activation_target_clear(BonddActivationTarget *target)
{
    g_clear_object(&target->device);
    g_clear_object(&target->controller);
    g_clear_object(&target->parent);
    g_clear_pointer(&target->parent_iface, g_free);
}

/* For a software kind its link's device (unrealized until the link
 * exists), else a matching managed device. */
static BonddNmDevice *
find_device(BonddDeviceManager *devices, BonddSoftwareDevices *software, NMConnection *connection,
            const char *ifname, const BonddDeviceKind *kind, BonddNmDevice *device,
            gboolean for_user, BonddDeviceBusyFunc busy, gpointer busy_data, GError **error)
{
    if (bondd_device_kind_has(kind, BONDD_KIND_SOFTWARE)) {
        if (!ifname) {
            g_set_error(error, BONDD_MANAGER_ERROR, BONDD_MANAGER_ERROR_CONNECTION_NOT_AVAILABLE,
                        _("%s profile '%s' has no interface name"), kind->name,
                        nm_connection_get_id(connection));
            return NULL;
        }
        if (device && (bondd_nm_device_get_kind(device) != kind ||
                       g_strcmp0(bondd_nm_device_get_iface(device), ifname) != 0)) {
            g_set_error(error, BONDD_MANAGER_ERROR, BONDD_MANAGER_ERROR_CONNECTION_NOT_AVAILABLE,
                        _("profile '%s' cannot be used on device %s"),
                        nm_connection_get_id(connection), bondd_nm_device_get_iface(device));
            return NULL;
        }
        return bondd_software_devices_ensure(software, kind, ifname, error);
    }
    if (!device && ifname) {
        device = bondd_device_manager_get_by_iface(devices, ifname);
        if (!device) {
            g_set_error(error, BONDD_MANAGER_ERROR, BONDD_MANAGER_ERROR_UNKNOWN_DEVICE,
                        _("No suitable device found for profile '%s': interface %s does not "
                          "exist"),
                        nm_connection_get_id(connection), ifname);
            return NULL;
        }
    } else if (!device) {
        g_autoptr(GPtrArray) all = bondd_device_manager_get_devices(devices);

        for (guint i = 0; i < all->len && !device; i++) {
            BonddNmDevice *d = all->pdata[i];

            if (bondd_nm_device_connection_matches(d, connection) &&
                bondd_nm_device_is_activatable(d, for_user) && !busy(d, busy_data))
                device = d;
        }
        if (!device) {
            g_set_error(error, BONDD_MANAGER_ERROR, BONDD_MANAGER_ERROR_UNKNOWN_DEVICE,
                        _("No suitable device found for profile '%s'"),
                        nm_connection_get_id(connection));
            return NULL;
        }
    }
    if (!bondd_nm_device_connection_matches(device, connection)) {
        g_set_error(error, BONDD_MANAGER_ERROR, BONDD_MANAGER_ERROR_CONNECTION_NOT_AVAILABLE,
                    _("profile '%s' cannot be used on device %s"), nm_connection_get_id(connection),
                    bondd_nm_device_get_iface(device));
        return NULL;
    }
    return device;
}

/* A port's controller profile, of the kind its port type names. */
static BonddProfile *
find_controller(BonddSettings *settings, NMConnection *connection, GError **error)
{
    NMSettingConnection *s_con = nm_connection_get_setting_connection(connection);
    const char *port_type = nm_setting_connection_get_slave_type(s_con);
    const char *master = nm_setting_connection_get_master(s_con);
    BonddProfile *controller = bondd_settings_find_controller(settings, master);

    if (!bondd_device_kind_setting_is_controller(port_type)) {
        g_set_error(error, BONDD_MANAGER_ERROR, BONDD_MANAGER_ERROR_CONNECTION_NOT_AVAILABLE,
                    _("profile '%s' is a port of a '%s', which bondd does not handle"),
                    nm_connection_get_id(connection), port_type);
        return NULL;
    }
    if (!controller || g_strcmp0(bondd_profile_get_connection_type(controller), port_type) != 0) {
        g_set_error(error, BONDD_MANAGER_ERROR, BONDD_MANAGER_ERROR_DEPENDENCY_FAILED,
                    _("port profile '%s': no %s profile matches master '%s'"),
                    nm_connection_get_id(connection), port_type, master ? master : "");
        return NULL;
    }
    return controller;
}

/* A software profile that makes the link @iface. */
static BonddProfile *
find_link_profile(BonddSettings *settings, const char *iface)
{
    GPtrArray *profiles = bondd_settings_get_profiles(settings);

    for (guint i = 0; profiles && i < profiles->len; i++) {
        BonddProfile *p = profiles->pdata[i];
        const BonddDeviceKind *k =
            bondd_device_kind_for_setting(bondd_profile_get_connection_type(p));

        if (bondd_device_kind_has(k, BONDD_KIND_SOFTWARE) &&
            g_strcmp0(bondd_profile_get_interface_name(p), iface) == 0)
            return p;
    }
    return NULL;
}

/* A stacked link's parent: named by interface or by its profile's UUID. */
static gboolean
find_parent(BonddActivationTarget *target, BonddSettings *settings, BonddDeviceManager *devices,
            NMConnection *connection, GError **error)
{
    const char *parent = target->kind->get_parent ? target->kind->get_parent(connection) : NULL;
    BonddProfile *parent_profile;
    const char *iface;

    if (!parent) {
        g_set_error(error, BONDD_MANAGER_ERROR, BONDD_MANAGER_ERROR_CONNECTION_NOT_AVAILABLE,
                    _("%s profile '%s' names no parent"), target->kind->name,
                    nm_connection_get_id(connection));
        return FALSE;
    }
    parent_profile = bondd_settings_find_by_uuid(settings, parent);
    iface = parent_profile ? bondd_profile_get_interface_name(parent_profile) : parent;
    if (!iface) {
        g_set_error(error, BONDD_MANAGER_ERROR, BONDD_MANAGER_ERROR_DEPENDENCY_FAILED,
                    _("the parent profile of '%s' names no interface"),
                    nm_connection_get_id(connection));
        return FALSE;
    }
    if (!parent_profile)
        parent_profile = find_link_profile(settings, iface);
    if (!parent_profile && !bondd_device_manager_get_by_iface(devices, iface)) {
        g_set_error(error, BONDD_MANAGER_ERROR, BONDD_MANAGER_ERROR_DEPENDENCY_FAILED,
                    _("the parent %s of '%s' does not exist"), iface,
                    nm_connection_get_id(connection));
        return FALSE;
    }
    target->parent_iface = g_strdup(iface);
    target->parent = parent_profile ? g_object_ref(parent_profile) : NULL;
    return TRUE;
}

gboolean
bondd_activation_target_find(BonddActivationTarget *target, BonddSettings *settings,
                             BonddDeviceManager *devices, BonddSoftwareDevices *software,
                             NMConnection *connection, BonddNmDevice *device, gboolean for_user,
                             BonddDeviceBusyFunc busy, gpointer busy_data, GError **error)
{
    g_autofree char *ifname = NULL;

    target->kind = bondd_device_kind_for_setting(nm_connection_get_connection_type(connection));
    if (!target->kind || bondd_device_kind_has(target->kind, BONDD_KIND_NEVER_MANAGED)) {
        g_set_error(error, BONDD_MANAGER_ERROR, BONDD_MANAGER_ERROR_CONNECTION_NOT_AVAILABLE,
                    _("profiles of type '%s' cannot be activated by bondd"),
                    nm_connection_get_connection_type(connection));
        return FALSE;
    }
    /* A stacked link may be named after its parent. */
    if (bondd_device_kind_has(target->kind, BONDD_KIND_NEEDS_PARENT) &&
        !find_parent(target, settings, devices, connection, error))
        return FALSE;
    ifname = bondd_device_kind_link_name(target->kind, connection, target->parent_iface);
    device = find_device(devices, software, connection, ifname, target->kind, device, for_user,
                         busy, busy_data, error);
    if (!device)
        return FALSE;
    target->device = g_object_ref(device);
    if (!bondd_nm_device_is_activatable(device, for_user)) {
        /* NetworkManager's code and wording, with the reason. */
        g_set_error(error, BONDD_MANAGER_ERROR, BONDD_MANAGER_ERROR_UNKNOWN_DEVICE,
                    _("No suitable device found for this connection (device %s not available "
                      "because device is strictly unmanaged)."),
                    bondd_nm_device_get_iface(device));
        return FALSE;
    }
    if (nm_setting_connection_get_slave_type(nm_connection_get_setting_connection(connection))) {
        BonddProfile *controller = find_controller(settings, connection, error);

        if (!controller)
            return FALSE;
        target->controller = g_object_ref(controller);
    }
    return TRUE;
}

static gboolean
port_is_eligible(BonddProfile *port, BonddProfile *controller)
{
    if (bondd_profile_get_autoconnect_ports(controller) ==
        NM_SETTING_CONNECTION_AUTOCONNECT_SLAVES_YES)
        return TRUE;
    return bondd_profile_get_autoconnect(port) && !bondd_profile_get_autoconnect_blocked(port);
}

/* The kernel index of @port's link, G_MAXINT for none yet. */
static int
port_ifindex(BonddDeviceManager *devices, BonddProfile *port)
{
    BonddNmDevice *device =
        bondd_device_manager_get_by_iface(devices, bondd_profile_get_interface_name(port));
    int ifindex = device ? bondd_nm_device_get_ifindex(device) : 0;

    return ifindex > 0 ? ifindex : G_MAXINT;
}

static int
compare_ports(gconstpointer a, gconstpointer b, gpointer user_data)
{
    BonddProfile *pa = *(BonddProfile *const *)a, *pb = *(BonddProfile *const *)b;
    int ia = port_ifindex(user_data, pa), ib = port_ifindex(user_data, pb);

    if (ia != ib)
        return ia < ib ? -1 : 1;
    return g_strcmp0(bondd_profile_get_interface_name(pa), bondd_profile_get_interface_name(pb));
}

GPtrArray *
bondd_activation_target_ports_of(BonddSettings *settings, BonddDeviceManager *devices,
                                 BonddProfile *controller)
{
    GPtrArray *profiles = bondd_settings_get_profiles(settings);
    GPtrArray *ports = g_ptr_array_new_with_free_func(g_object_unref);
    const char *type = bondd_profile_get_connection_type(controller);

    for (guint i = 0; profiles && i < profiles->len; i++) {
        BonddProfile *p = profiles->pdata[i];

        if (g_strcmp0(bondd_profile_get_port_type(p), type) != 0 ||
            bondd_settings_find_controller(settings, bondd_profile_get_controller(p)) !=
                controller ||
            !port_is_eligible(p, controller))
            continue;
        g_ptr_array_add(ports, g_object_ref(p));
    }
    /* In the order of their links' indexes, as NetworkManager's default:
     * the first port attached gives a bond without udev its MAC address,
     * its DHCP client ID. */
    g_ptr_array_sort_with_data(ports, compare_ports, devices);
    return ports;
}
