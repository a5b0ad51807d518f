/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * libbondd-device-bridge.so: Linux bridges and their ports (a bond, a NIC,
 * a vlan), with NetworkManager's rules:
 *
 *  - created in one RTM_NEWLINK carrying every bridge option of the profile
 *    (the shared option table), its MTU and its MAC (bridge.mac-address,
 *    else a literal ethernet.cloned-mac-address; otherwise the kernel's);
 *  - an MTU the profile sets is pinned, so that the kernel does not lower
 *    it to its smallest port's;
 *  - ports are attached up (a bridge takes them so), then get their
 *    bridge-port options (priority, path cost, hairpin);
 *  - every bridge option can change on the live bridge (Reapply); the MAC
 *    cannot.
 *
 * Bridge vlan lists (bridge.vlans, bridge-port.vlans) are stored by the
 * settings plugin but not programmed into the kernel yet.
 */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>
#include <linux/if_link.h>

#include "bridge-netlink.h"
#include "plugin-link.h"

typedef struct {
    PluginDevice base;
    char *mac_address; /* bridge.mac-address, which Reapply cannot change */
} BridgeDevice;

/* The MTU and MAC of a bridge profile. */
static void
bridge_settings(NMConnection *profile, PluginLinkSettings *out)
{
    NMSettingBridge *s_bridge = nm_connection_get_setting_bridge(profile);
    const char *mac = s_bridge ? nm_setting_bridge_get_mac_address(s_bridge) : NULL;

    plugin_link_settings_from_profile(profile, out);
    if (mac && nm_utils_hwaddr_aton(mac, out->mac, ETH_ALEN))
        out->has_mac = TRUE;
}

static gboolean
put_bridge_options(struct nlmsghdr *nlh, gpointer user_data, GError **error)
{
    bridge_netlink_put_options(nlh, bridge_options(), user_data);
    return TRUE;
}

/* Every option of @s_bridge on the live bridge. */
static gboolean
change_options(BridgeDevice *self, NMSettingBridge *s_bridge, GError **error)
{
    char buf[MNL_SOCKET_BUFFER_SIZE];
    struct nlmsghdr *nlh =
        plugin_link_msg_new(buf, &self->base.link, self->base.link.ifindex, NULL);
    struct nlattr *linkinfo;
    struct nlattr *data = plugin_link_msg_begin_info(nlh, "bridge", FALSE, &linkinfo);

    bridge_netlink_put_options(nlh, bridge_options(), NM_SETTING(s_bridge));
    plugin_link_msg_end_info(nlh, linkinfo, data);
    if (!plugin_link_request(&self->base.link, nlh, error)) {
        g_prefix_error(error, _("cannot change the options of bridge %s: "),
                       self->base.link.ifname);
        return FALSE;
    }
    return TRUE;
}

/* The kernel lowers a bridge's MTU to its smallest port's unless the MTU
 * was set on the live link (not at creation): set it twice, as
 * NetworkManager does. */
static gboolean
pin_mtu(BridgeDevice *self, guint mtu, GError **error)
{
    PluginLinkSettings step = {.mtu = mtu > 68 ? mtu - 1 : mtu + 1};
    PluginLinkSettings final = {.mtu = mtu};

    return plugin_link_apply_settings(&self->base.link, &step, error) &&
           plugin_link_apply_settings(&self->base.link, &final, error);
}

/* Log the options the kernel holds otherwise than asked. */
static void
check_applied(BridgeDevice *self, NMSettingBridge *s_bridge, const char *what)
{
    const BonddLink *link = plugin_link_reread(&self->base.link);
    PluginLinkInfo info;
    g_autofree char *diff = NULL;

    if (!link || !plugin_link_parse_info(link->nlh, &info))
        return;
    diff =
        bridge_netlink_differences(info.data, IFLA_BR_MAX, bridge_options(), NM_SETTING(s_bridge));
    if (diff)
        g_warning(_("%s: %s: requested and kernel values differ: %s"), self->base.link.ifname, what,
                  diff);
}

static gboolean
bridge_realize(BonddDevice *device, NMConnection *profile, gboolean *out_adopted, int *out_ifindex,
               GError **error)
{
    BridgeDevice *self = (BridgeDevice *)device;
    NMSettingBridge *s_bridge = nm_connection_get_setting_bridge(profile);
    PluginLinkSettings settings;
    BonddLink existing;
    g_autoptr(GError) local = NULL;

    *out_adopted = FALSE;
    if (!s_bridge) {
        g_set_error(error, NM_DEVICE_ERROR, NM_DEVICE_ERROR_INVALID_CONNECTION,
                    _("profile '%s' has no bridge setting"), nm_connection_get_id(profile));
        return FALSE;
    }
    bridge_settings(profile, &settings);
    g_free(self->mac_address);
    self->mac_address = g_strdup(nm_setting_bridge_get_mac_address(s_bridge));

    if (plugin_link_find_existing(&self->base.link, &existing, &local)) {
        g_message(_("%s: adopting existing bridge (ifindex %d), applying its options"),
                  self->base.link.ifname, existing.ifindex);
        if (!change_options(self, s_bridge, error) ||
            !plugin_link_apply_settings(&self->base.link, &settings, error))
            return FALSE;
        self->base.link.owned = TRUE;
        *out_adopted = TRUE;
    } else if (local) {
        g_propagate_error(error, g_steal_pointer(&local));
        return FALSE;
    } else {
        if (!plugin_link_create(&self->base.link, 0, &settings, put_bridge_options, s_bridge,
                                error))
            return FALSE;
        g_message(_("%s: created bridge (ifindex %d)"), self->base.link.ifname,
                  self->base.link.ifindex);
        if (settings.mtu && !pin_mtu(self, settings.mtu, error)) {
            plugin_link_unrealize(&self->base.link, NULL);
            return FALSE;
        }
    }
    check_applied(self, s_bridge, *out_adopted ? _("adopt") : _("create"));
    *out_ifindex = self->base.link.ifindex;
    return TRUE;
}

/* A port's bridge-port options (RTM_NEWLINK on the port with its slave
 * data). */
static gboolean
set_port_options(BridgeDevice *self, int port_ifindex, NMConnection *port_profile, GError **error)
{
    char buf[MNL_SOCKET_BUFFER_SIZE];
    NMSetting *s_port =
        port_profile ? nm_connection_get_setting(port_profile, NM_TYPE_SETTING_BRIDGE_PORT) : NULL;
    g_autoptr(NMSetting) defaults = NULL;
    struct nlmsghdr *nlh;
    struct nlattr *linkinfo, *data;

    /* A port without the setting gets the defaults, as NetworkManager's. */
    if (!s_port)
        s_port = defaults = nm_setting_bridge_port_new();
    nlh = plugin_link_msg_new(buf, &self->base.link, port_ifindex, NULL);
    data = plugin_link_msg_begin_info(nlh, "bridge", TRUE, &linkinfo);
    bridge_netlink_put_options(nlh, bridge_port_options(), s_port);
    plugin_link_msg_end_info(nlh, linkinfo, data);
    return plugin_link_request(&self->base.link, nlh, error);
}

static gboolean
bridge_attach_port(BonddDevice *device, int port_ifindex, NMConnection *port_profile,
                   GError **error)
{
    BridgeDevice *self = (BridgeDevice *)device;
    const BonddLink *port =
        self->base.link.host.get_link(self->base.link.host.host_data, port_ifindex);
    gboolean attached_before =
        port && self->base.link.ifindex && port->master == self->base.link.ifindex;
    g_autofree char *name = g_strdup(port ? port->name : "?");

    if (!plugin_link_attach_port(&self->base.link, port_ifindex, port_profile, FALSE, error))
        return FALSE;
    if (!set_port_options(self, port_ifindex, port_profile, error)) {
        g_prefix_error(error, _("cannot set the bridge-port options of %s: "), name);
        if (!attached_before)
            plugin_link_release_port(&self->base.link, port_ifindex, NULL);
        return FALSE;
    }
    self->base.link.host.refresh_link(self->base.link.host.host_data, port_ifindex);
    return TRUE;
}

static gboolean
bridge_release_port(BonddDevice *device, int port_ifindex, GError **error)
{
    return plugin_link_release_port(PLUGIN_LINK_OF(device), port_ifindex, error);
}

static gboolean
bridge_reapply(BonddDevice *device, NMConnection *new_profile, GError **error)
{
    BridgeDevice *self = (BridgeDevice *)device;
    NMSettingBridge *s_bridge = nm_connection_get_setting_bridge(new_profile);
    PluginLinkSettings settings;

    if (!s_bridge) {
        g_set_error(error, NM_DEVICE_ERROR, NM_DEVICE_ERROR_INCOMPATIBLE_CONNECTION,
                    _("profile '%s' has no bridge setting"), nm_connection_get_id(new_profile));
        return FALSE;
    }
    if (g_strcmp0(nm_setting_bridge_get_mac_address(s_bridge), self->mac_address) != 0) {
        g_set_error(error, NM_DEVICE_ERROR, NM_DEVICE_ERROR_INCOMPATIBLE_CONNECTION,
                    _("Can't reapply changes to '%s.%s' setting"), NM_SETTING_BRIDGE_SETTING_NAME,
                    NM_SETTING_BRIDGE_MAC_ADDRESS);
        return FALSE;
    }
    if (!self->base.link.ifindex)
        return TRUE;
    bridge_settings(new_profile, &settings);
    if (!change_options(self, s_bridge, error) ||
        !plugin_link_apply_settings(&self->base.link, &settings, error))
        return FALSE;
    check_applied(self, s_bridge, _("reapply"));
    return TRUE;
}

static void
bridge_free(BonddDevice *device)
{
    g_free(((BridgeDevice *)device)->mac_address);
    plugin_device_free(device);
}

static const BonddDeviceVTable bridge_vtable = {
    .abi_version = BONDD_DEVICE_PLUGIN_ABI_VERSION,
    .name = "bridge",
    .realize = bridge_realize,
    .attach_port = bridge_attach_port,
    .release_port = bridge_release_port,
    .reapply = bridge_reapply,
    .unrealize = plugin_device_unrealize,
    .link_changed = plugin_device_link_changed,
    .link_removed = plugin_device_link_removed,
    .free = bridge_free,
};

static BonddDevice *
create_device(const BonddDeviceHost *host, const char *link_kind, const char *ifname,
              int parent_ifindex, GError **error)
{
    return plugin_device_new(sizeof(BridgeDevice), &bridge_vtable, host, "bridge", ifname, error);
}

BONDD_DEVICE_PLUGIN_DEFINE("bridge", "bridge", NM_SETTING_BRIDGE_SETTING_NAME,
                           BONDD_KIND_FLAG_CONTROLLER, create_device)
