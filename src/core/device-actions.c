/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The Device methods (see device-actions.h).
 */
#include "config.h"

#include "device-actions.h"

#include <glib/gi18n.h>

#include "errors.h"

static gboolean
device_disconnect(gpointer owner, BonddNmDevice *device, GError **error)
{
    BonddDeviceActionsContext *ctx = owner;
    BonddActiveConnection *ac = bondd_activation_engine_get_device_active(ctx->engine, device);

    if (!ac) {
        g_set_error(error, BONDD_DEVICE_ERROR, BONDD_DEVICE_ERROR_NOT_ACTIVE,
                    _("Device %s is not active"), bondd_nm_device_get_iface(device));
        return FALSE;
    }
    bondd_activation_engine_deactivate(ctx->engine, ac,
                                       NM_ACTIVE_CONNECTION_STATE_REASON_USER_DISCONNECTED);
    return TRUE;
}

static gboolean
device_delete(gpointer owner, BonddNmDevice *device, GError **error)
{
    BonddDeviceActionsContext *ctx = owner;
    BonddActiveConnection *ac = bondd_activation_engine_get_device_active(ctx->engine, device);

    if (!bondd_nm_device_is_software(device)) {
        g_set_error(error, BONDD_DEVICE_ERROR, BONDD_DEVICE_ERROR_NOT_SOFTWARE,
                    _("%s is not a software device"), bondd_nm_device_get_iface(device));
        return FALSE;
    }
    if (ac)
        bondd_activation_engine_deactivate(ctx->engine, ac,
                                           NM_ACTIVE_CONNECTION_STATE_REASON_USER_DISCONNECTED);
    return bondd_software_devices_delete(ctx->software, device, error);
}

static NMTernary
accept_all_mac_addresses(NMConnection *connection)
{
    NMSettingWired *s_wired = nm_connection_get_setting_wired(connection);

    return s_wired ? nm_setting_wired_get_accept_all_mac_addresses(s_wired) : NM_TERNARY_DEFAULT;
}

/* What Reapply cannot change: another type, interface or port type is
 * another activation; promiscuity is set when a device is activated (as
 * NetworkManager). */
static gboolean
reapply_compatible(NMConnection *applied, NMConnection *wanted, GError **error)
{
    NMSettingConnection *s_a = nm_connection_get_setting_connection(applied);
    NMSettingConnection *s_w = nm_connection_get_setting_connection(wanted);

    if (accept_all_mac_addresses(applied) != accept_all_mac_addresses(wanted)) {
        g_set_error(error, BONDD_DEVICE_ERROR, BONDD_DEVICE_ERROR_INCOMPATIBLE_CONNECTION,
                    _("Can't reapply changes to '%s.%s' setting"), NM_SETTING_WIRED_SETTING_NAME,
                    NM_SETTING_WIRED_ACCEPT_ALL_MAC_ADDRESSES);
        return FALSE;
    }
    if (s_a && s_w &&
        g_strcmp0(nm_connection_get_connection_type(wanted),
                  nm_connection_get_connection_type(applied)) == 0 &&
        g_strcmp0(nm_connection_get_interface_name(wanted),
                  nm_connection_get_interface_name(applied)) == 0 &&
        g_strcmp0(nm_setting_connection_get_slave_type(s_w),
                  nm_setting_connection_get_slave_type(s_a)) == 0)
        return TRUE;
    g_set_error(error, BONDD_DEVICE_ERROR, BONDD_DEVICE_ERROR_INCOMPATIBLE_CONNECTION,
                _("Can't reapply changes to type, interface name or port type"));
    return FALSE;
}

static gboolean
device_reapply(gpointer owner, BonddNmDevice *device, NMConnection *connection, guint64 version_id,
               GError **error)
{
    BonddDeviceActionsContext *ctx = owner;
    BonddActiveConnection *ac = bondd_activation_engine_get_device_active(ctx->engine, device);
    g_autoptr(NMConnection) wanted = NULL;

    if (!ac) {
        g_set_error(error, BONDD_DEVICE_ERROR, BONDD_DEVICE_ERROR_NOT_ACTIVE,
                    _("Device %s is not activated"), bondd_nm_device_get_iface(device));
        return FALSE;
    }
    if (version_id && version_id != bondd_active_connection_get_version_id(ac)) {
        g_set_error(error, BONDD_DEVICE_ERROR, BONDD_DEVICE_ERROR_VERSION_ID_MISMATCH,
                    _("Reapply failed: version id mismatch"));
        return FALSE;
    }
    /* No connection given: the profile as stored now. */
    wanted = connection ? nm_simple_connection_new_clone(connection)
                        : bondd_profile_dup_connection(bondd_active_connection_get_profile(ac));
    if (!wanted) {
        g_set_error(error, BONDD_DEVICE_ERROR, BONDD_DEVICE_ERROR_FAILED,
                    _("the profile of %s cannot be read"), bondd_nm_device_get_iface(device));
        return FALSE;
    }
    if (!reapply_compatible(bondd_active_connection_get_applied(ac), wanted, error))
        return FALSE;
    return bondd_activation_engine_reapply(ctx->engine, ac, wanted, error);
}

static NMConnection *
device_get_applied(gpointer owner, BonddNmDevice *device, guint64 *out_version_id)
{
    BonddDeviceActionsContext *ctx = owner;
    BonddActiveConnection *ac = bondd_activation_engine_get_device_active(ctx->engine, device);

    if (!ac)
        return NULL;
    *out_version_id = bondd_active_connection_get_version_id(ac);
    return bondd_active_connection_get_applied(ac);
}

static const BonddDeviceActions actions = {
    .disconnect = device_disconnect,
    .delete_link = device_delete,
    .reapply = device_reapply,
    .get_applied = device_get_applied,
};

void
bondd_device_actions_bind(BonddNmDevice *device, BonddDeviceActionsContext *context)
{
    bondd_nm_device_set_actions(device, &actions, context);
}
