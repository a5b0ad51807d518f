/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * One software link for a device plugin (see plugin-link.h).
 */
#include "config.h"

#include "plugin-link.h"

#include <glib/gi18n-lib.h>
#include <net/if.h>
#include <string.h>
#include <linux/if_link.h>
#include <linux/rtnetlink.h>

void
plugin_link_settings_from_profile(NMConnection *profile, PluginLinkSettings *out)
{
    NMSettingWired *s_wired = profile ? nm_connection_get_setting_wired(profile) : NULL;
    const char *cloned = s_wired ? nm_setting_wired_get_cloned_mac_address(s_wired) : NULL;

    memset(out, 0, sizeof *out);
    if (!s_wired)
        return;
    out->mtu = nm_setting_wired_get_mtu(s_wired);
    /* "preserve", "permanent", "random", "stable" are NetworkManager
     * policies, not addresses: only a literal MAC is applied. */
    out->has_mac = cloned && nm_utils_hwaddr_aton(cloned, out->mac, ETH_ALEN);
}

gboolean
plugin_link_init(PluginLink *self, const BonddDeviceHost *host, const char *kind,
                 const char *ifname, GError **error)
{
    memset(self, 0, sizeof *self);
    if (!ifname || !nm_utils_is_valid_iface_name(ifname, NULL)) {
        g_set_error(error, NM_DEVICE_ERROR, NM_DEVICE_ERROR_INVALID_ARGUMENT,
                    _("'%s' is not a valid interface name"), ifname ? ifname : "");
        return FALSE;
    }
    if (!host || !host->netlink_request || !host->get_link || !host->get_link_by_name ||
        !host->refresh_link || !host->set_link_up || !host->delete_link) {
        g_set_error(error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                    _("%s device: incomplete host services"), kind);
        return FALSE;
    }
    self->host = *host;
    self->kind = kind;
    self->ifname = g_strdup(ifname);
    return TRUE;
}

void
plugin_link_clear(PluginLink *self)
{
    g_clear_pointer(&self->ifname, g_free);
}

const BonddLink *
plugin_link_get(PluginLink *self)
{
    return self->ifindex ? self->host.get_link(self->host.host_data, self->ifindex) : NULL;
}

const BonddLink *
plugin_link_reread(PluginLink *self)
{
    if (!self->ifindex || !self->host.refresh_link(self->host.host_data, self->ifindex))
        return NULL;
    return plugin_link_get(self);
}

gboolean
plugin_link_request(PluginLink *self, struct nlmsghdr *nlh, GError **error)
{
    return self->host.netlink_request(self->host.host_data, nlh, error);
}

gboolean
plugin_link_find_existing(PluginLink *self, BonddLink *out, GError **error)
{
    const BonddLink *link = self->host.get_link_by_name(self->host.host_data, self->ifname);

    if (!link)
        return FALSE;
    if (g_strcmp0(link->kind, self->kind) != 0) {
        g_set_error(error, NM_DEVICE_ERROR, NM_DEVICE_ERROR_CREATION_FAILED,
                    _("interface %s exists and is not a %s (kind '%s')"), self->ifname, self->kind,
                    link->kind);
        return FALSE;
    }
    /* A copy: a refresh may replace the cache entry. */
    *out = *link;
    out->nlh = NULL;
    self->ifindex = link->ifindex;
    return TRUE;
}

struct nlmsghdr *
plugin_link_msg_new(void *buf, PluginLink *self, int ifindex, const PluginLinkSettings *settings)
{
    struct nlmsghdr *nlh = mnl_nlmsg_put_header(buf);
    struct ifinfomsg *ifm;

    nlh->nlmsg_type = RTM_NEWLINK;
    nlh->nlmsg_flags = NLM_F_REQUEST | (ifindex ? 0 : NLM_F_CREATE | NLM_F_EXCL);
    ifm = mnl_nlmsg_put_extra_header(nlh, sizeof *ifm);
    ifm->ifi_family = AF_UNSPEC;
    ifm->ifi_index = ifindex;
    if (!ifindex)
        mnl_attr_put_strz(nlh, IFLA_IFNAME, self->ifname);
    if (settings && settings->mtu)
        mnl_attr_put_u32(nlh, IFLA_MTU, settings->mtu);
    if (settings && settings->has_mac)
        mnl_attr_put(nlh, IFLA_ADDRESS, ETH_ALEN, settings->mac);
    return nlh;
}

struct nlattr *
plugin_link_msg_begin_info(struct nlmsghdr *nlh, const char *kind, gboolean slave,
                           struct nlattr **out_linkinfo)
{
    *out_linkinfo = mnl_attr_nest_start(nlh, IFLA_LINKINFO);
    mnl_attr_put_strz(nlh, slave ? IFLA_INFO_SLAVE_KIND : IFLA_INFO_KIND, kind);
    return mnl_attr_nest_start(nlh, slave ? IFLA_INFO_SLAVE_DATA : IFLA_INFO_DATA);
}

void
plugin_link_msg_end_info(struct nlmsghdr *nlh, struct nlattr *linkinfo, struct nlattr *data)
{
    mnl_attr_nest_end(nlh, data);
    mnl_attr_nest_end(nlh, linkinfo);
}

/* After a create request went through: find the new link, or delete what
 * cannot be read back. */
static gboolean
find_created(PluginLink *self, GError **error)
{
    /* The cache learns of new links only from the main loop. */
    self->ifindex = (int)if_nametoindex(self->ifname);
    if (self->ifindex <= 0 || !plugin_link_reread(self)) {
        g_set_error(error, NM_DEVICE_ERROR, NM_DEVICE_ERROR_CREATION_FAILED,
                    _("%s %s was created but cannot be read back"), self->kind, self->ifname);
        if (self->ifindex > 0)
            self->host.delete_link(self->host.host_data, self->ifindex, NULL);
        self->ifindex = 0;
        return FALSE;
    }
    self->owned = TRUE;
    return TRUE;
}

gboolean
plugin_link_create(PluginLink *self, int parent_ifindex, const PluginLinkSettings *settings,
                   PluginLinkPutData put_data, gpointer user_data, GError **error)
{
    char buf[MNL_SOCKET_BUFFER_SIZE];
    struct nlmsghdr *nlh = plugin_link_msg_new(buf, self, 0, settings);
    struct nlattr *linkinfo, *data;

    if (parent_ifindex)
        mnl_attr_put_u32(nlh, IFLA_LINK, (guint32)parent_ifindex);
    data = plugin_link_msg_begin_info(nlh, self->kind, FALSE, &linkinfo);
    if (put_data && !put_data(nlh, user_data, error))
        return FALSE;
    plugin_link_msg_end_info(nlh, linkinfo, data);
    if (!plugin_link_request(self, nlh, error)) {
        g_prefix_error(error, _("cannot create %s %s: "), self->kind, self->ifname);
        return FALSE;
    }
    return find_created(self, error);
}

gboolean
plugin_link_apply_settings(PluginLink *self, const PluginLinkSettings *want, GError **error)
{
    char buf[MNL_SOCKET_BUFFER_SIZE];
    const BonddLink *link = plugin_link_get(self);
    PluginLinkSettings delta = {0};

    if (!link)
        return TRUE;
    if (want->mtu && want->mtu != link->mtu)
        delta.mtu = want->mtu;
    if (want->has_mac &&
        (link->hwaddr_len != ETH_ALEN || memcmp(link->hwaddr, want->mac, ETH_ALEN) != 0)) {
        memcpy(delta.mac, want->mac, ETH_ALEN);
        delta.has_mac = TRUE;
    }
    if (!delta.mtu && !delta.has_mac)
        return TRUE;
    if (!plugin_link_request(self, plugin_link_msg_new(buf, self, self->ifindex, &delta), error)) {
        g_prefix_error(error, _("cannot set the MTU/MAC of %s: "), self->ifname);
        return FALSE;
    }
    if (delta.mtu)
        g_message(_("%s: MTU %u"), self->ifname, delta.mtu);
    plugin_link_reread(self);
    return TRUE;
}

gboolean
plugin_link_unrealize(PluginLink *self, GError **error)
{
    if (!self->ifindex || !self->owned)
        return TRUE;
    if (!self->host.delete_link(self->host.host_data, self->ifindex, error)) {
        g_prefix_error(error, _("cannot delete %s %s: "), self->kind, self->ifname);
        return FALSE;
    }
    g_message(_("%s: deleted %s (ifindex %d)"), self->ifname, self->kind, self->ifindex);
    self->ifindex = 0;
    self->owned = FALSE;
    return TRUE;
}

gboolean
plugin_link_track(PluginLink *self, const BonddLink *link)
{
    if (!link)
        return FALSE;
    if (!self->ifindex && g_str_equal(link->name, self->ifname) &&
        g_strcmp0(link->kind, self->kind) == 0)
        self->ifindex = link->ifindex;
    return self->ifindex && link->ifindex == self->ifindex;
}

gboolean
plugin_link_forget(PluginLink *self, int ifindex)
{
    if (!ifindex || ifindex != self->ifindex)
        return FALSE;
    g_message(_("%s: %s (ifindex %d) disappeared"), self->ifname, self->kind, ifindex);
    self->ifindex = 0;
    self->owned = FALSE;
    return TRUE;
}

/* One IFLA_MASTER request (0: detach). */
static gboolean
set_master(PluginLink *self, int port_ifindex, int master, GError **error)
{
    char buf[MNL_SOCKET_BUFFER_SIZE];
    struct nlmsghdr *nlh = plugin_link_msg_new(buf, self, port_ifindex, NULL);

    mnl_attr_put_u32(nlh, IFLA_MASTER, (guint32)master);
    return plugin_link_request(self, nlh, error);
}

gboolean
plugin_link_attach_port(PluginLink *self, int port_ifindex, NMConnection *port_profile,
                        gboolean down_first, GError **error)
{
    char buf[MNL_SOCKET_BUFFER_SIZE];
    const BonddLink *link = self->host.get_link(self->host.host_data, port_ifindex);
    g_autofree char *name = NULL;
    PluginLinkSettings settings;

    if (!self->ifindex) {
        g_set_error(error, NM_DEVICE_ERROR, NM_DEVICE_ERROR_NOT_ACTIVE, _("%s %s does not exist"),
                    self->kind, self->ifname);
        return FALSE;
    }
    if (!link) {
        g_set_error(error, NM_DEVICE_ERROR, NM_DEVICE_ERROR_MISSING_DEPENDENCIES,
                    _("port ifindex %d does not exist"), port_ifindex);
        return FALSE;
    }
    if (link->master == self->ifindex)
        return TRUE;
    name = g_strdup(link->name);
    if (link->master) {
        g_set_error(error, NM_DEVICE_ERROR, NM_DEVICE_ERROR_FAILED,
                    _("%s is already a port of ifindex %d"), name, link->master);
        return FALSE;
    }
    if (down_first && (link->flags & IFF_UP) &&
        !self->host.set_link_up(self->host.host_data, port_ifindex, FALSE, error)) {
        g_prefix_error(error, _("cannot set %s down before attaching it to %s: "), name,
                       self->ifname);
        return FALSE;
    }
    plugin_link_settings_from_profile(port_profile, &settings);
    if ((settings.mtu || settings.has_mac) &&
        !plugin_link_request(self, plugin_link_msg_new(buf, self, port_ifindex, &settings),
                             error)) {
        g_prefix_error(error, _("cannot set MTU/MAC of port %s: "), name);
        return FALSE;
    }
    if (!set_master(self, port_ifindex, self->ifindex, error)) {
        g_prefix_error(error, _("cannot attach %s to %s: "), name, self->ifname);
        return FALSE;
    }
    if (!self->host.set_link_up(self->host.host_data, port_ifindex, TRUE, error)) {
        g_prefix_error(error, _("cannot set port %s up: "), name);
        set_master(self, port_ifindex, 0, NULL);
        return FALSE;
    }
    g_message(_("%s: attached port %s"), self->ifname, name);
    self->host.refresh_link(self->host.host_data, port_ifindex);
    return TRUE;
}

gboolean
plugin_link_release_port(PluginLink *self, int port_ifindex, GError **error)
{
    const BonddLink *link = self->host.get_link(self->host.host_data, port_ifindex);
    g_autofree char *name = g_strdup(link ? link->name : "?");

    if (!link || !self->ifindex || link->master != self->ifindex)
        return TRUE;
    if (!set_master(self, port_ifindex, 0, error)) {
        g_prefix_error(error, _("cannot release %s from %s: "), name, self->ifname);
        return FALSE;
    }
    g_message(_("%s: released port %s"), self->ifname, name);
    return TRUE;
}

gpointer
plugin_device_new(gsize size, const BonddDeviceVTable *vtable, const BonddDeviceHost *host,
                  const char *kind, const char *ifname, GError **error)
{
    PluginDevice *self;

    g_return_val_if_fail(size >= sizeof(PluginDevice), NULL);
    self = g_malloc0(size);
    if (!plugin_link_init(&self->link, host, kind, ifname, error)) {
        g_free(self);
        return NULL;
    }
    self->parent.vtable = vtable;
    plugin_link_track(&self->link, host->get_link_by_name(host->host_data, ifname));
    return self;
}

gboolean
plugin_device_unrealize(BonddDevice *device, GError **error)
{
    return plugin_link_unrealize(PLUGIN_LINK_OF(device), error);
}

void
plugin_device_link_changed(BonddDevice *device, const BonddLink *link, guint32 ifla_event)
{
    plugin_link_track(PLUGIN_LINK_OF(device), link);
}

void
plugin_device_link_removed(BonddDevice *device, int ifindex)
{
    plugin_link_forget(PLUGIN_LINK_OF(device), ifindex);
}

void
plugin_device_free(BonddDevice *device)
{
    plugin_link_clear(PLUGIN_LINK_OF(device));
    g_free(device);
}

int
plugin_attr_table_cb(const struct nlattr *attr, void *data)
{
    PluginAttrTable *t = data;
    guint type = mnl_attr_get_type(attr);

    if (type <= t->max)
        t->tb[type] = attr;
    return MNL_CB_OK;
}

gboolean
plugin_link_parse_info(const struct nlmsghdr *nlh, PluginLinkInfo *out)
{
    const struct nlattr *tb[IFLA_MAX + 1] = {0};
    const struct nlattr *info[IFLA_INFO_MAX + 1] = {0};
    PluginAttrTable t = {tb, IFLA_MAX};
    PluginAttrTable it = {info, IFLA_INFO_MAX};

    memset(out, 0, sizeof *out);
    if (!nlh || mnl_attr_parse(nlh, sizeof(struct ifinfomsg), plugin_attr_table_cb, &t) < 0)
        return FALSE;
    if (!tb[IFLA_LINKINFO] ||
        mnl_attr_parse_nested(tb[IFLA_LINKINFO], plugin_attr_table_cb, &it) < 0)
        return TRUE;
    if (info[IFLA_INFO_KIND])
        out->kind = mnl_attr_get_str(info[IFLA_INFO_KIND]);
    if (info[IFLA_INFO_SLAVE_KIND])
        out->slave_kind = mnl_attr_get_str(info[IFLA_INFO_SLAVE_KIND]);
    out->data = info[IFLA_INFO_DATA];
    out->slave_data = info[IFLA_INFO_SLAVE_DATA];
    return TRUE;
}
