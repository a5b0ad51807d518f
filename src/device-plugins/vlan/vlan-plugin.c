/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * libbondd-device-vlan.so: 802.1Q/802.1ad vlans over a parent link (a bond,
 * a NIC), with NetworkManager's rules:
 *
 *  - created in one RTM_NEWLINK with the id, protocol, flags and priority
 *    maps; the id, the protocol and the parent never change on a live link
 *    (Reapply refuses them), the flags and maps do;
 *  - MTU: the profile's ethernet.mtu, but never above the parent's; without
 *    one, the parent's, followed when the parent's changes;
 *  - MAC: a literal ethernet.cloned-mac-address, else the parent's, followed
 *    when the parent's changes (the kernel does so itself for a vlan whose
 *    address it gave; this catches the rest).
 *
 * When the parent is deleted the kernel deletes the vlan: the core ends the
 * activation, and policy brings the profile back with the parent.
 */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "plugin-link.h"
#include "vlan-netlink.h"

typedef struct {
    PluginDevice base;
    int parent_ifindex;
    char *parent_name; /* the profile's vlan.parent, for Reapply */
    VlanConfig requested;
    PluginLinkSettings settings; /* ethernet.mtu and MAC as the profile has them */
} VlanDevice;

static const BonddLink *
parent_link(VlanDevice *self)
{
    return self->base.link.host.get_link(self->base.link.host.host_data, self->parent_ifindex);
}

/* The MTU and MAC the vlan should have now, given its parent's. */
static void
wanted_settings(VlanDevice *self, PluginLinkSettings *out)
{
    const BonddLink *parent = parent_link(self);

    *out = self->settings;
    if (!parent)
        return;
    if (!out->mtu || out->mtu > parent->mtu)
        out->mtu = parent->mtu;
    if (!out->has_mac && parent->hwaddr_len == ETH_ALEN) {
        memcpy(out->mac, parent->hwaddr, ETH_ALEN);
        out->has_mac = TRUE;
    }
}

static gboolean
put_create_data(struct nlmsghdr *nlh, gpointer user_data, GError **error)
{
    vlan_netlink_put(nlh, user_data, TRUE, NULL);
    return TRUE;
}

/* Flags and maps of the live link as @cfg has them. */
static gboolean
change_live(VlanDevice *self, const VlanConfig *cfg, const VlanConfig *current, GError **error)
{
    char buf[MNL_SOCKET_BUFFER_SIZE];
    struct nlmsghdr *nlh =
        plugin_link_msg_new(buf, &self->base.link, self->base.link.ifindex, NULL);
    struct nlattr *linkinfo;
    struct nlattr *data = plugin_link_msg_begin_info(nlh, "vlan", FALSE, &linkinfo);

    vlan_netlink_put(nlh, cfg, FALSE, current);
    plugin_link_msg_end_info(nlh, linkinfo, data);
    if (!plugin_link_request(&self->base.link, nlh, error)) {
        g_prefix_error(error, _("cannot change the flags and priority maps of vlan %s: "),
                       self->base.link.ifname);
        return FALSE;
    }
    return TRUE;
}

/* What the kernel holds, or FALSE when the link cannot be read. */
static gboolean
read_back(VlanDevice *self, VlanConfig *out)
{
    const BonddLink *link = plugin_link_reread(&self->base.link);
    PluginLinkInfo info;

    if (!link || !plugin_link_parse_info(link->nlh, &info))
        return FALSE;
    vlan_netlink_parse(info.data, out);
    return TRUE;
}

/* Log what the kernel holds otherwise than asked. */
static void
check_applied(VlanDevice *self, const char *what)
{
    VlanConfig applied;

    if (!read_back(self, &applied))
        return;
    if (applied.id != self->requested.id || applied.protocol != self->requested.protocol ||
        !vlan_config_live_equal(&applied, &self->requested)) {
        g_autofree char *want = vlan_config_to_string(&self->requested);
        g_autofree char *have = vlan_config_to_string(&applied);

        g_warning(_("%s: %s: requested %s, kernel applied %s"), self->base.link.ifname, what, want,
                  have);
    }
    vlan_config_clear(&applied);
}

/* An existing vlan of our name: the same id, protocol and parent, or it is
 * not ours to take (the kernel cannot change them). */
static gboolean
adopt(VlanDevice *self, const BonddLink *existing, GError **error)
{
    VlanConfig current;
    gboolean ok = TRUE;

    if (!read_back(self, &current)) {
        g_set_error(error, NM_DEVICE_ERROR, NM_DEVICE_ERROR_CREATION_FAILED,
                    _("vlan %s (ifindex %d) cannot be read"), self->base.link.ifname,
                    existing->ifindex);
        return FALSE;
    }
    if (current.id != self->requested.id || current.protocol != self->requested.protocol ||
        existing->parent_ifindex != self->parent_ifindex) {
        g_autofree char *have = vlan_config_to_string(&current);
        g_autofree char *want = vlan_config_to_string(&self->requested);

        g_set_error(error, NM_DEVICE_ERROR, NM_DEVICE_ERROR_CREATION_FAILED,
                    _("vlan %s exists with %s on ifindex %d; the profile asks for %s on ifindex "
                      "%d (delete the link to let bondd make it)"),
                    self->base.link.ifname, have, existing->parent_ifindex, want,
                    self->parent_ifindex);
        ok = FALSE;
    } else if (!vlan_config_live_equal(&current, &self->requested)) {
        g_message(_("%s: adopting existing vlan, applying flags and priority maps"),
                  self->base.link.ifname);
        ok = change_live(self, &self->requested, &current, error);
    } else {
        g_message(_("%s: adopting existing vlan (ifindex %d), settings match"),
                  self->base.link.ifname, existing->ifindex);
    }
    vlan_config_clear(&current);
    return ok;
}

static gboolean
vlan_realize(BonddDevice *device, NMConnection *profile, gboolean *out_adopted, int *out_ifindex,
             GError **error)
{
    VlanDevice *self = (VlanDevice *)device;
    NMSettingVlan *s_vlan = nm_connection_get_setting_vlan(profile);
    PluginLinkSettings wanted;
    BonddLink existing;
    g_autoptr(GError) local = NULL;

    *out_adopted = FALSE;
    if (!s_vlan) {
        g_set_error(error, NM_DEVICE_ERROR, NM_DEVICE_ERROR_INVALID_CONNECTION,
                    _("profile '%s' has no vlan setting"), nm_connection_get_id(profile));
        return FALSE;
    }
    if (!parent_link(self)) {
        g_set_error(error, NM_DEVICE_ERROR, NM_DEVICE_ERROR_MISSING_DEPENDENCIES,
                    _("the parent of vlan %s (ifindex %d) does not exist"), self->base.link.ifname,
                    self->parent_ifindex);
        return FALSE;
    }
    vlan_config_clear(&self->requested);
    vlan_config_from_setting(s_vlan, &self->requested);
    g_free(self->parent_name);
    self->parent_name = g_strdup(nm_setting_vlan_get_parent(s_vlan));
    plugin_link_settings_from_profile(profile, &self->settings);
    wanted_settings(self, &wanted);

    if (plugin_link_find_existing(&self->base.link, &existing, &local)) {
        if (!adopt(self, &existing, error) ||
            !plugin_link_apply_settings(&self->base.link, &wanted, error))
            return FALSE;
        self->base.link.owned = TRUE;
        *out_adopted = TRUE;
    } else if (local) {
        g_propagate_error(error, g_steal_pointer(&local));
        return FALSE;
    } else {
        /* The MAC is the kernel's (the parent's, and followed) unless the
         * profile names one. */
        PluginLinkSettings create = {.mtu = self->settings.mtu ? wanted.mtu : 0};

        if (self->settings.has_mac)
            create = wanted;
        if (!plugin_link_create(&self->base.link, self->parent_ifindex, &create, put_create_data,
                                &self->requested, error))
            return FALSE;
        g_autofree char *desc = vlan_config_to_string(&self->requested);
        g_message(_("%s: created vlan (ifindex %d) on ifindex %d with %s"), self->base.link.ifname,
                  self->base.link.ifindex, self->parent_ifindex, desc);
    }
    check_applied(self, *out_adopted ? _("adopt") : _("create"));
    *out_ifindex = self->base.link.ifindex;
    return TRUE;
}

/* NetworkManager's wording for a property Reapply cannot change. */
static gboolean
refuse(GError **error, const char *property)
{
    g_set_error(error, NM_DEVICE_ERROR, NM_DEVICE_ERROR_INCOMPATIBLE_CONNECTION,
                _("Can't reapply changes to '%s.%s' setting"), NM_SETTING_VLAN_SETTING_NAME,
                property);
    return FALSE;
}

static gboolean
vlan_reapply(BonddDevice *device, NMConnection *new_profile, GError **error)
{
    VlanDevice *self = (VlanDevice *)device;
    NMSettingVlan *s_vlan = nm_connection_get_setting_vlan(new_profile);
    VlanConfig target, current;
    PluginLinkSettings wanted;
    gboolean ok = TRUE;

    if (!s_vlan) {
        g_set_error(error, NM_DEVICE_ERROR, NM_DEVICE_ERROR_INCOMPATIBLE_CONNECTION,
                    _("profile '%s' has no vlan setting"), nm_connection_get_id(new_profile));
        return FALSE;
    }
    vlan_config_from_setting(s_vlan, &target);
    if (target.id != self->requested.id)
        ok = refuse(error, NM_SETTING_VLAN_ID);
    else if (target.protocol != self->requested.protocol)
        ok = refuse(error, NM_SETTING_VLAN_PROTOCOL);
    else if (g_strcmp0(nm_setting_vlan_get_parent(s_vlan), self->parent_name) != 0)
        ok = refuse(error, NM_SETTING_VLAN_PARENT);
    if (!ok) {
        vlan_config_clear(&target);
        return FALSE;
    }
    if (self->base.link.ifindex && read_back(self, &current)) {
        if (!vlan_config_live_equal(&current, &target))
            ok = change_live(self, &target, &current, error);
        vlan_config_clear(&current);
    }
    if (!ok) {
        vlan_config_clear(&target);
        return FALSE;
    }
    vlan_config_clear(&self->requested);
    self->requested = target;
    plugin_link_settings_from_profile(new_profile, &self->settings);
    wanted_settings(self, &wanted);
    return plugin_link_apply_settings(&self->base.link, &wanted, error);
}

/* The parent's MTU or MAC changed: follow it (NetworkManager does, for a
 * vlan it activated). */
static void
follow_parent(VlanDevice *self)
{
    PluginLinkSettings wanted;
    g_autoptr(GError) error = NULL;

    if (!self->base.link.owned || !plugin_link_get(&self->base.link))
        return;
    wanted_settings(self, &wanted);
    if (!plugin_link_apply_settings(&self->base.link, &wanted, &error))
        g_warning(_("%s: cannot follow its parent: %s"), self->base.link.ifname, error->message);
}

static void
vlan_link_changed(BonddDevice *device, const BonddLink *link, guint32 ifla_event)
{
    VlanDevice *self = (VlanDevice *)device;

    if (link && link->ifindex == self->parent_ifindex)
        follow_parent(self);
    else
        plugin_device_link_changed(device, link, ifla_event);
}

/* A vlan made outside bondd: its parent, id, flags and priority maps as the
 * kernel holds them. */
static gboolean
vlan_describe(BonddDevice *device, NMConnection *connection, GError **error)
{
    VlanDevice *self = (VlanDevice *)device;
    const BonddLink *link = plugin_link_reread(&self->base.link);
    const BonddLink *parent =
        link ? self->base.link.host.get_link(self->base.link.host.host_data, link->parent_ifindex)
             : NULL;
    NMSettingVlan *s_vlan;
    VlanConfig cfg;

    if (!link || !parent) {
        g_set_error(error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND,
                    _("vlan %s or its parent link does not exist"), self->base.link.ifname);
        return FALSE;
    }
    vlan_config_init(&cfg);
    if (!read_back(self, &cfg)) {
        g_set_error(error, G_IO_ERROR, G_IO_ERROR_FAILED, _("cannot read vlan %s"),
                    self->base.link.ifname);
        vlan_config_clear(&cfg);
        return FALSE;
    }
    s_vlan = NM_SETTING_VLAN(nm_setting_vlan_new());
    g_object_set(s_vlan, NM_SETTING_VLAN_PARENT, parent->name, NM_SETTING_VLAN_ID, cfg.id,
                 NM_SETTING_VLAN_FLAGS, cfg.flags, NULL);
    for (guint i = 0; cfg.ingress && i < cfg.ingress->len; i++) {
        const VlanQosMapping *m = &g_array_index(cfg.ingress, VlanQosMapping, i);

        nm_setting_vlan_add_priority(s_vlan, NM_VLAN_INGRESS_MAP, m->from, m->to);
    }
    for (guint i = 0; cfg.egress && i < cfg.egress->len; i++) {
        const VlanQosMapping *m = &g_array_index(cfg.egress, VlanQosMapping, i);

        nm_setting_vlan_add_priority(s_vlan, NM_VLAN_EGRESS_MAP, m->from, m->to);
    }
    nm_connection_add_setting(connection, NM_SETTING(s_vlan));
    vlan_config_clear(&cfg);
    return TRUE;
}

static void
vlan_free(BonddDevice *device)
{
    VlanDevice *self = (VlanDevice *)device;

    vlan_config_clear(&self->requested);
    g_free(self->parent_name);
    plugin_device_free(device);
}

static const BonddDeviceVTable vlan_vtable = {
    .abi_version = BONDD_DEVICE_PLUGIN_ABI_VERSION,
    .name = "vlan",
    .realize = vlan_realize,
    .reapply = vlan_reapply,
    .unrealize = plugin_device_unrealize,
    .link_changed = vlan_link_changed,
    .link_removed = plugin_device_link_removed,
    .free = vlan_free,
    .describe = vlan_describe,
};

static BonddDevice *
create_device(const BonddDeviceHost *host, const char *link_kind, const char *ifname,
              int parent_ifindex, GError **error)
{
    VlanDevice *self;

    if (parent_ifindex <= 0) {
        g_set_error(error, NM_DEVICE_ERROR, NM_DEVICE_ERROR_MISSING_DEPENDENCIES,
                    _("VLAN devices can not be created without a parent interface"));
        return NULL;
    }
    self = plugin_device_new(sizeof(VlanDevice), &vlan_vtable, host, "vlan", ifname, error);
    if (!self)
        return NULL;
    self->parent_ifindex = parent_ifindex;
    vlan_config_init(&self->requested);
    return &self->base.parent;
}

BONDD_DEVICE_PLUGIN_DEFINE("vlan", "vlan", NM_SETTING_VLAN_SETTING_NAME,
                           BONDD_KIND_FLAG_NEEDS_PARENT, create_device)
