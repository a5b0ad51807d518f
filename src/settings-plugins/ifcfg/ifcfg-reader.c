/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * ifcfg file -> NMConnection (the IP settings in ifcfg-ip-reader.c).  The
 * rules (type detection, defaults, BONDING_OPTS tokenisation, what is fatal
 * and what only warns) are NetworkManager's ifcfg-rh ones, so a file means
 * the same to both.  libnm decides validity: we build the settings and let
 * the shared normalization accept or reject them.
 */
#include "config.h"

#include "ifcfg-reader.h"

#include <arpa/inet.h>
#include <errno.h>
#include <glib/gi18n-lib.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "connection-normalize.h"
#include "ifcfg-address-list.h"
#include "ifcfg-bonding-opts.h"
#include "ifcfg-bridge.h"
#include "ifcfg-dhcp.h"
#include "ifcfg-ethtool.h"
#include "ifcfg-ip-reader.h"
#include "ifcfg-utils.h"
#include "ifcfg-vlan.h"
#include "profile-limits.h"

/*****************************************************************************/
/* Type detection */

typedef enum {
    IFCFG_TYPE_ETHERNET,
    IFCFG_TYPE_BOND,
    IFCFG_TYPE_VLAN,
    IFCFG_TYPE_BRIDGE,
} IfcfgType;

/* The TYPE= of each handled type, its profiles' connection.type and the
 * first word of the name of a profile without NAME=.  There is no dummy:
 * ifcfg-rh has none (NetworkManager and bondd keep dummies in keyfiles). */
static const struct {
    const char *name;
    const char *setting_type;
    const char *id_prefix;
    gboolean translated; /* ifcfg-rh translates some prefixes, not all */
} types[] = {
    [IFCFG_TYPE_ETHERNET] = {"Ethernet", NM_SETTING_WIRED_SETTING_NAME, "System", FALSE},
    [IFCFG_TYPE_BOND] = {"Bond", NM_SETTING_BOND_SETTING_NAME, N_("Bond"), TRUE},
    [IFCFG_TYPE_VLAN] = {"Vlan", NM_SETTING_VLAN_SETTING_NAME, "Vlan", FALSE},
    [IFCFG_TYPE_BRIDGE] = {"Bridge", NM_SETTING_BRIDGE_SETTING_NAME, N_("Bridge"), TRUE},
};

/* Types ifcfg-rh knows but bondd does not handle. */
static const char *const other_known_types[] = {
    "Wireless",
    "InfiniBand",
    "Team",
};

static gboolean
detect_type(ShvarFile *s, IfcfgType *out_type, gboolean *out_unrecognized, GError **error)
{
    const char *path = sv_file_get_path(s);
    const char *type = NULL;
    const char *devtype = sv_get_value_str(s, "DEVICETYPE");
    g_autofree char *type_free = NULL;

    *out_unrecognized = FALSE;

    if (devtype && (g_ascii_strcasecmp(devtype, "Team") == 0)) {
        type = "Team";
    } else if (devtype && g_ascii_strcasecmp(devtype, "TeamPort") == 0) {
        type = sv_get_value_str(s, "TYPE");
        if (!type)
            type = sv_get_boolean(s, "VLAN", FALSE) ? "Vlan" : "Ethernet";
    }
    if (!type && sv_get_value_str(s, "TEAM_CONFIG"))
        type = "Team";
    if (!type)
        type = sv_get_value_str(s, "TYPE");

    if (!type) {
        const char *device = sv_get_value_str(s, "DEVICE");

        if (sv_get_value(s, "IPV6TUNNELIPV4")) {
            ifcfg_utils_set_error(error, G_IO_ERROR_NOT_SUPPORTED, path,
                                  _("ignoring IPv6 tunnel file"));
            return FALSE;
        }
        if (!device) {
            ifcfg_utils_set_error(error, G_IO_ERROR_INVALID_DATA, path,
                                  _("file had neither TYPE nor DEVICE keys"));
            return FALSE;
        }
        if (strcmp(device, "lo") == 0) {
            ifcfg_utils_set_error(error, G_IO_ERROR_NOT_SUPPORTED, path,
                                  _("ignoring loopback device file"));
            return FALSE;
        }
        if (sv_get_boolean(s, "BONDING_MASTER", FALSE))
            type = "Bond";
        else if (sv_get_boolean(s, "VLAN", FALSE))
            type = "Vlan";
        else {
            g_autofree char *prefix = g_strdup(device);
            gsize n = strlen(prefix);

            while (n > 0 && g_ascii_isdigit(prefix[n - 1]))
                prefix[--n] = '\0';
            type = strcmp(prefix, "wireless") == 0 ? "Wireless" : "Ethernet";
        }
    } else if (g_ascii_strcasecmp(type, "CTC") == 0) {
        type = "Ethernet";
    }

    /* initscripts treat TYPE=Ethernet (exactly) with BONDING_OPTS as a
     * bond controller. */
    if (strcmp(type, "Ethernet") == 0 && sv_get_value_str(s, "BONDING_OPTS"))
        type = "Bond";

    if (sv_get_boolean(s, "BONDING_MASTER", FALSE) && g_ascii_strcasecmp(type, "Bond") != 0) {
        ifcfg_utils_set_error(error, G_IO_ERROR_INVALID_DATA, path,
                              _("BONDING_MASTER=yes key only allowed in TYPE=bond connections"));
        return FALSE;
    }

    for (guint i = 0; i < G_N_ELEMENTS(types); i++) {
        if (g_ascii_strcasecmp(type, types[i].name) == 0) {
            *out_type = (IfcfgType)i;
            return TRUE;
        }
    }

    *out_unrecognized = TRUE;
    type_free = g_strdup(type);
    for (guint i = 0; i < G_N_ELEMENTS(other_known_types); i++) {
        if (g_ascii_strcasecmp(type, other_known_types[i]) == 0) {
            ifcfg_utils_set_error(error, G_IO_ERROR_NOT_SUPPORTED, path,
                                  _("connection type '%s' is not handled by bondd"), type_free);
            return FALSE;
        }
    }
    ifcfg_utils_set_error(error, G_IO_ERROR_NOT_SUPPORTED, path, _("unknown connection type '%s'"),
                          type_free);
    return FALSE;
}

/* The device spec for a file that is not a profile: MAC first, then s390
 * subchannels, then the interface name. */
static char *
device_spec(ShvarFile *s)
{
    const char *v;

    if ((v = sv_get_value_str(s, "HWADDR"))) {
        g_autofree char *mac = g_ascii_strdown(v, -1);

        return g_strdup_printf("mac:%s", g_strstrip(mac));
    }
    if ((v = sv_get_value_str(s, "SUBCHANNELS")))
        return g_strdup_printf("s390-subchannels:%s", v);
    if ((v = sv_get_value_str(s, "DEVICE")))
        return g_strdup_printf("interface-name:=%s", v);
    return NULL;
}

/*****************************************************************************/
/* connection setting */

static NMSetting *
make_connection_setting(ShvarFile *s, IfcfgType type)
{
    const char *path = sv_file_get_path(s);
    NMSetting *s_con = nm_setting_connection_new();
    const char *name = sv_get_value_str(s, "NAME");
    const char *uuid = sv_get_value_str(s, "UUID");
    const char *device = sv_get_value_str(s, "DEVICE");
    g_autofree char *id = NULL;
    g_autofree char *uuid_free = NULL;
    int autoconnect_ports;
    static const char *const controller_keys[][3] = {
        /* The first pair present wins, in ifcfg-rh's order. */
        {"BRIDGE_UUID", "BRIDGE", NM_SETTING_BRIDGE_SETTING_NAME},
        {"MASTER_UUID", "MASTER", NM_SETTING_BOND_SETTING_NAME},
        {"TEAM_MASTER_UUID", "TEAM_MASTER", NM_SETTING_TEAM_SETTING_NAME},
    };

    if (!name) {
        const char *suffix = ifcfg_utils_get_ifcfg_name(path);

        id = g_strdup_printf(
            "%s %s", types[type].translated ? _(types[type].id_prefix) : types[type].id_prefix,
            suffix ? suffix : path);
        name = id;
    }
    if (!uuid) {
        uuid_free = ifcfg_utils_uuid_from_path(path);
        uuid = uuid_free;
    }
    if (device && !nm_utils_is_valid_iface_name(device, NULL)) {
        sv_file_add_key_warning(s, "DEVICE", _("invalid DEVICE name '%s'"), device);
        device = NULL;
    }

    g_object_set(s_con, NM_SETTING_CONNECTION_ID, name, NM_SETTING_CONNECTION_UUID, uuid,
                 NM_SETTING_CONNECTION_TYPE, types[type].setting_type,
                 NM_SETTING_CONNECTION_INTERFACE_NAME, device, NM_SETTING_CONNECTION_AUTOCONNECT,
                 sv_get_boolean(s, "ONBOOT", TRUE), NULL);

    if (sv_get_value_str(s, "AUTOCONNECT_PRIORITY")) {
        gint64 prio = sv_get_int64(s, "AUTOCONNECT_PRIORITY", 10,
                                   NM_SETTING_CONNECTION_AUTOCONNECT_PRIORITY_MIN,
                                   NM_SETTING_CONNECTION_AUTOCONNECT_PRIORITY_MAX, G_MININT64);

        if (prio == G_MININT64)
            sv_file_add_key_warning(s, "AUTOCONNECT_PRIORITY",
                                    _("invalid AUTOCONNECT_PRIORITY '%s'"),
                                    sv_get_value(s, "AUTOCONNECT_PRIORITY"));
        else
            g_object_set(s_con, NM_SETTING_CONNECTION_AUTOCONNECT_PRIORITY, (int)prio, NULL);
    }
    g_object_set(s_con, NM_SETTING_CONNECTION_ZONE, sv_get_value_str(s, "ZONE"), NULL);

    autoconnect_ports = sv_get_boolean(s, "AUTOCONNECT_SLAVES", -1);
    g_object_set(s_con, NM_SETTING_CONNECTION_AUTOCONNECT_SLAVES,
                 autoconnect_ports == -1  ? NM_SETTING_CONNECTION_AUTOCONNECT_SLAVES_DEFAULT
                 : autoconnect_ports == 1 ? NM_SETTING_CONNECTION_AUTOCONNECT_SLAVES_YES
                                          : NM_SETTING_CONNECTION_AUTOCONNECT_SLAVES_NO,
                 NULL);

    /* SLAVE=yes is not needed: MASTER alone makes a port. */
    for (guint i = 0; i < G_N_ELEMENTS(controller_keys); i++) {
        const char *controller = sv_get_value_str(s, controller_keys[i][0]);

        if (!controller)
            controller = sv_get_value_str(s, controller_keys[i][1]);
        if (!controller)
            continue;
        g_object_set(s_con, NM_SETTING_CONNECTION_MASTER, controller,
                     NM_SETTING_CONNECTION_SLAVE_TYPE, controller_keys[i][2], NULL);
        break;
    }
    return s_con;
}

/*****************************************************************************/
/* 802-3-ethernet */

static NMSetting *
make_wired_setting(ShvarFile *s, gboolean only_if_keys)
{
    static const char *const triggers[] = {
        "MTU",
        "HWADDR",
        "MACADDR",
        "SUBCHANNELS",
        "PORTNAME",
        "CTCPROT",
        "NETTYPE",
        "OPTIONS",
        "GENERATE_MAC_ADDRESS_MASK",
        "HWADDR_BLACKLIST",
        "KEY_MGMT",
        "ACCEPT_ALL_MAC_ADDRESSES",
        "ETHTOOL_OPTS",
        "ETHTOOL_WAKE_ON_LAN",
    };
    NMSetting *s_wired;
    const char *v;
    gboolean any = FALSE;

    for (guint i = 0; i < G_N_ELEMENTS(triggers); i++)
        any = any || sv_get_value(s, triggers[i]) != NULL;
    if (only_if_keys && !any)
        return NULL;

    s_wired = nm_setting_wired_new();

    if ((v = sv_get_value(s, "MTU")) && v[0]) {
        gint64 mtu = sv_get_int64(s, "MTU", 0, 0, 65535, -1);

        if (mtu >= 0)
            g_object_set(s_wired, NM_SETTING_WIRED_MTU, (guint)mtu, NULL);
        else
            sv_file_add_key_warning(s, "MTU", _("invalid MTU '%s'"), v);
    }
    if ((v = sv_get_value_str(s, "HWADDR"))) {
        g_autofree char *mac = g_strstrip(g_strdup(v));

        /* An invalid MAC stays in the setting so that verify rejects it. */
        g_object_set(s_wired, NM_SETTING_WIRED_MAC_ADDRESS, mac, NULL);
    }
    if ((v = sv_get_value_str(s, "MACADDR"))) {
        g_autofree char *mac = g_strstrip(g_strdup(v));

        g_object_set(s_wired, NM_SETTING_WIRED_CLONED_MAC_ADDRESS, mac, NULL);
    }
    if ((v = sv_get_value(s, "ACCEPT_ALL_MAC_ADDRESSES")) && v[0]) {
        int all = sv_parse_boolean(v, -1);

        if (all < 0)
            sv_file_add_key_warning(s, "ACCEPT_ALL_MAC_ADDRESSES",
                                    _("invalid ACCEPT_ALL_MAC_ADDRESSES '%s'"), v);
        else
            g_object_set(s_wired, NM_SETTING_WIRED_ACCEPT_ALL_MAC_ADDRESSES,
                         all ? NM_TERNARY_TRUE : NM_TERNARY_FALSE, NULL);
    }
    ifcfg_ethtool_read(s, NM_SETTING_WIRED(s_wired));
    return s_wired;
}

/*****************************************************************************/
/* bond and bond-port */

static NMSetting *
make_bond_setting(ShvarFile *s, GError **error)
{
    const char *path = sv_file_get_path(s);
    NMSetting *s_bond;

    if (!sv_get_value_str(s, "DEVICE")) {
        ifcfg_utils_set_error(error, G_IO_ERROR_INVALID_DATA, path,
                              _("mandatory DEVICE keyword missing"));
        return NULL;
    }
    s_bond = nm_setting_bond_new();
    ifcfg_bonding_opts_read(s, NM_SETTING_BOND(s_bond), sv_get_value_str(s, "BONDING_OPTS"));
    return s_bond;
}

/* The setting of a virtual type's file. */
static NMSetting *
make_type_setting(ShvarFile *s, IfcfgType type, GError **error)
{
    switch (type) {
        case IFCFG_TYPE_BOND:
            return make_bond_setting(s, error);
        case IFCFG_TYPE_VLAN:
            return ifcfg_vlan_read(s, error);
        case IFCFG_TYPE_BRIDGE:
            if (!sv_get_value_str(s, "DEVICE")) {
                ifcfg_utils_set_error(error, G_IO_ERROR_INVALID_DATA, sv_file_get_path(s),
                                      _("mandatory DEVICE keyword missing"));
                return NULL;
            }
            return ifcfg_bridge_read(s);
        default:
            g_return_val_if_reached(NULL);
    }
}

/* libnm 1.42 has queue-id only; prio arrived later.  Probe at run time so a
 * newer libnm carries it. */
static gboolean
bond_port_has_prio(void)
{
    g_autoptr(GTypeClass) klass = g_type_class_ref(NM_TYPE_SETTING_BOND_PORT);

    return g_object_class_find_property(G_OBJECT_CLASS(klass), "prio") != NULL;
}

static NMSetting *
make_bond_port_setting(ShvarFile *s)
{
    const char *path = sv_file_get_path(s);
    const char *queue = sv_get_value(s, "BOND_PORT_QUEUE_ID");
    const char *prio = sv_get_value(s, "BOND_PORT_PRIO");
    NMSetting *s_port;

    if (!queue && !prio)
        return NULL;

    s_port = nm_setting_bond_port_new();
    if (queue) {
        gint64 v = sv_get_int64(s, "BOND_PORT_QUEUE_ID", 10, 0, G_MAXUINT16, -1);

        if (v >= 0)
            g_object_set(s_port, NM_SETTING_BOND_PORT_QUEUE_ID, (guint)v, NULL);
        else
            sv_file_add_key_warning(s, "BOND_PORT_QUEUE_ID", _("invalid BOND_PORT_QUEUE_ID '%s'"),
                                    queue);
    }
    if (prio) {
        gint64 v = sv_get_int64(s, "BOND_PORT_PRIO", 10, G_MININT32, G_MAXINT32, G_MININT64);

        if (v == G_MININT64)
            sv_file_add_key_warning(s, "BOND_PORT_PRIO", _("invalid BOND_PORT_PRIO '%s'"), prio);
        else if (bond_port_has_prio())
            g_object_set(s_port, "prio", (int)v, NULL);
        else
            g_debug("%s: BOND_PORT_PRIO not supported by this libnm; kept in the file", path);
    }
    return s_port;
}

static NMSetting *
make_proxy_setting(ShvarFile *s)
{
    const char *method = sv_get_value_str(s, "PROXY_METHOD");
    NMSetting *s_proxy;

    if (!method)
        return NULL;
    s_proxy = nm_setting_proxy_new();
    if (g_ascii_strcasecmp(method, "auto") == 0) {
        g_object_set(s_proxy, NM_SETTING_PROXY_METHOD, NM_SETTING_PROXY_METHOD_AUTO,
                     NM_SETTING_PROXY_PAC_URL, sv_get_value_str(s, "PAC_URL"), NULL);
    } else {
        g_object_set(s_proxy, NM_SETTING_PROXY_METHOD, NM_SETTING_PROXY_METHOD_NONE, NULL);
    }
    g_object_set(s_proxy, NM_SETTING_PROXY_BROWSER_ONLY, sv_get_boolean(s, "BROWSER_ONLY", FALSE),
                 NULL);
    return s_proxy;
}

/*****************************************************************************/

/* Any value holds at most a string's worth (profile-limits.h), but for the
 * lists whose entries the reader counts. */
static gboolean
check_value_lengths(ShvarFile *s, GError **error)
{
    static const char *const lists[] = {"DOMAIN", "IPV6ADDR_SECONDARIES", NULL};
    g_autoptr(GPtrArray) keys = sv_get_keys(s);

    for (guint i = 0; i < keys->len; i++) {
        const char *key = keys->pdata[i];
        gsize len = strlen(sv_get_value(s, key));

        if (len > BONDD_LIMIT_STRING_BYTES && !g_strv_contains(lists, key)) {
            ifcfg_utils_set_error(error, G_IO_ERROR_INVALID_DATA, sv_file_get_path(s),
                                  _("%s: a value of %lu bytes; at most %d"), key,
                                  (unsigned long)len, BONDD_LIMIT_STRING_BYTES);
            return FALSE;
        }
    }
    return TRUE;
}

static NMConnection *
read_connection(ShvarFile *s, char **out_unmanaged_spec, char **out_unrecognized_spec,
                GError **error)
{
    const char *path = sv_file_get_path(s);
    g_autoptr(NMConnection) connection = NULL;
    g_autoptr(GError) local = NULL;
    IfcfgType type = IFCFG_TYPE_ETHERNET;
    gboolean unrecognized = FALSE;
    const char *bootproto;
    NMSetting *setting;

    if (out_unmanaged_spec)
        *out_unmanaged_spec = NULL;
    if (out_unrecognized_spec)
        *out_unrecognized_spec = NULL;

    if (!sv_get_boolean(s, "NM_CONTROLLED", TRUE)) {
        char *spec = device_spec(s);

        if (!spec) {
            ifcfg_utils_set_error(
                error, G_IO_ERROR_INVALID_DATA, path,
                _("NM_CONTROLLED was false but device was not uniquely identified; "
                  "device will be managed"));
            return NULL;
        }
        if (out_unmanaged_spec)
            *out_unmanaged_spec = spec;
        else
            g_free(spec);
        return NULL;
    }

    if (g_strcmp0(sv_get_value_str(s, "DEVICE"), "lo") != 0)
        sv_file_collect_invalid(s);
    if (!check_value_lengths(s, error))
        return NULL;

    bootproto = sv_get_value_str(s, "BOOTPROTO");
    if (bootproto && g_ascii_strcasecmp(bootproto, "ibft") == 0) {
        ifcfg_utils_set_error(error, G_IO_ERROR_NOT_SUPPORTED, path,
                              _("ignoring iBFT configuration"));
        return NULL;
    }

    if (!detect_type(s, &type, &unrecognized, error)) {
        if (unrecognized && out_unrecognized_spec)
            *out_unrecognized_spec = device_spec(s);
        return NULL;
    }

    connection = nm_simple_connection_new();
    nm_connection_add_setting(connection, make_connection_setting(s, type));

    if (type == IFCFG_TYPE_ETHERNET) {
        nm_connection_add_setting(connection, make_wired_setting(s, FALSE));
    } else {
        if (!(setting = make_type_setting(s, type, error)))
            return NULL;
        nm_connection_add_setting(connection, setting);
        /* Virtual types have an ethernet setting only when a key asks. */
        if ((setting = make_wired_setting(s, TRUE)))
            nm_connection_add_setting(connection, setting);
    }
    if ((setting = make_bond_port_setting(s)))
        nm_connection_add_setting(connection, setting);
    if ((setting = ifcfg_bridge_port_read(s)))
        nm_connection_add_setting(connection, setting);

    /* Ports parse IP keys too (errors are fatal); normalization then drops
     * them because a port has no L3 configuration. */
    if (!(setting = ifcfg_ip_reader_ip4(s, error)))
        return NULL;
    nm_connection_add_setting(connection, setting);
    if (!(setting = ifcfg_ip_reader_ip6(s, error)))
        return NULL;
    nm_connection_add_setting(connection, setting);
    if ((setting = make_proxy_setting(s)))
        nm_connection_add_setting(connection, setting);

    if (!bondd_connection_accept(connection, &local)) {
        ifcfg_utils_set_error(error, G_IO_ERROR_INVALID_DATA, path, _("invalid connection: %s"),
                              local->message);
        return NULL;
    }
    return g_steal_pointer(&connection);
}

void
ifcfg_reader_log_warnings(ShvarFile *s)
{
    GPtrArray *warnings = sv_file_get_warnings(s);

    for (guint i = 0; i < warnings->len; i++)
        g_message("%s: %s", sv_file_get_path(s), (const char *)warnings->pdata[i]);
}

NMConnection *
ifcfg_reader_read(ShvarFile *s, char **out_unmanaged_spec, char **out_unrecognized_spec,
                  gboolean log_warnings, GError **error)
{
    GPtrArray *warnings;
    GError *local = NULL;
    NMConnection *connection;

    connection = read_connection(s, out_unmanaged_spec, out_unrecognized_spec, &local);
    warnings = sv_file_get_warnings(s);
    if (!connection && local && warnings->len > 0) {
        /* One message for a failed file: the reason, then what else was
         * wrong with it. */
        g_autoptr(GString) msg = g_string_new(local->message);

        g_string_append(msg, " (");
        for (guint i = 0; i < warnings->len; i++)
            g_string_append_printf(msg, "%s%s", i ? "; " : "", (const char *)warnings->pdata[i]);
        g_string_append(msg, ")");
        g_free(local->message);
        local->message = g_string_free(g_steal_pointer(&msg), FALSE);
    } else if (connection && log_warnings) {
        ifcfg_reader_log_warnings(s);
    }
    if (local)
        g_propagate_error(error, local);
    return connection;
}

NMConnection *
ifcfg_reader_check(ShvarFile *s, char **out_unmanaged_spec, char **out_unrecognized_spec,
                   GError **error)
{
    return read_connection(s, out_unmanaged_spec, out_unrecognized_spec, error);
}

NMConnection *
ifcfg_reader_read_file(const char *path, char **out_unmanaged_spec, char **out_unrecognized_spec,
                       GError **error)
{
    g_autoptr(ShvarFile) s = NULL;
    g_autoptr(GError) local = NULL;

    if (out_unmanaged_spec)
        *out_unmanaged_spec = NULL;
    if (out_unrecognized_spec)
        *out_unrecognized_spec = NULL;

    s = sv_file_open(path, &local);
    if (!s) {
        g_set_error_literal(error, G_IO_ERROR,
                            g_error_matches(local, G_FILE_ERROR, G_FILE_ERROR_NOENT)
                                ? G_IO_ERROR_NOT_FOUND
                                : G_IO_ERROR_FAILED,
                            local->message);
        return NULL;
    }
    return ifcfg_reader_read(s, out_unmanaged_spec, out_unrecognized_spec, TRUE, error);
}
