/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * What the vlan, bridge and dummy device plugins share: one software link
 * of a kind, created or adopted by name, with the MTU and MAC its profile
 * asks for, ports attached and released, and the rtnetlink messages for
 * all that.  Each plugin adds its kind's IFLA_INFO_DATA and the rules of its
 * kind; this file knows no kind.
 */
#pragma once

#include <bondd/device-plugin.h>
#include <libmnl/libmnl.h>
#include <net/ethernet.h>

G_BEGIN_DECLS

/* The link settings of a profile (ethernet.mtu and a literal
 * ethernet.cloned-mac-address). */
typedef struct {
    guint mtu; /* 0: the kernel's choice */
    guint8 mac[ETH_ALEN];
    gboolean has_mac;
} PluginLinkSettings;

void plugin_link_settings_from_profile(NMConnection *profile, PluginLinkSettings *out);

typedef struct {
    BonddDeviceHost host;
    const char *kind; /* IFLA_INFO_KIND, static */
    char *ifname;
    int ifindex;    /* 0 while there is no link */
    gboolean owned; /* bondd created or adopted it: its to delete */
} PluginLink;

/* Checks the interface name and the host services. */
gboolean plugin_link_init(PluginLink *self, const BonddDeviceHost *host, const char *kind,
                          const char *ifname, GError **error);
void plugin_link_clear(PluginLink *self);

/* The cache entry of the link (NULL without one), valid until the next
 * return to the main loop. */
const BonddLink *plugin_link_get(PluginLink *self);
/* Re-read the link from the kernel first. */
const BonddLink *plugin_link_reread(PluginLink *self);
gboolean plugin_link_request(PluginLink *self, struct nlmsghdr *nlh, GError **error);

/* A link of our name that exists already: TRUE with a copy in *out (its nlh
 * NULL) and self->ifindex set; FALSE without error when there is none;
 * FALSE with NM_DEVICE_ERROR_CREATION_FAILED when it is of another kind. */
gboolean plugin_link_find_existing(PluginLink *self, BonddLink *out, GError **error);

/* A new RTM_NEWLINK in @buf (MNL_SOCKET_BUFFER_SIZE): on @ifindex, or, with
 * @ifindex 0, creating @self's link (NLM_F_CREATE | NLM_F_EXCL, by name);
 * with IFLA_MTU and IFLA_ADDRESS of @settings (may be NULL). */
struct nlmsghdr *plugin_link_msg_new(void *buf, PluginLink *self, int ifindex,
                                     const PluginLinkSettings *settings);
/* Open IFLA_LINKINFO{IFLA_INFO_KIND @kind, IFLA_INFO_DATA{...}} (or, with
 * @slave, IFLA_INFO_SLAVE_KIND and IFLA_INFO_SLAVE_DATA); returns the inner
 * nest, closed with plugin_link_msg_end_info(). */
struct nlattr *plugin_link_msg_begin_info(struct nlmsghdr *nlh, const char *kind, gboolean slave,
                                          struct nlattr **out_linkinfo);
void plugin_link_msg_end_info(struct nlmsghdr *nlh, struct nlattr *linkinfo, struct nlattr *data);

/* Puts a kind's IFLA_INFO_DATA attributes (the nest is open). */
typedef gboolean (*PluginLinkPutData)(struct nlmsghdr *nlh, gpointer user_data, GError **error);

/* Create the link in one RTM_NEWLINK: its name, @settings, IFLA_LINK
 * @parent_ifindex (when not 0) and the kind's data from @put_data (may be
 * NULL), then find it (self->ifindex, owned).  On failure no link is left. */
gboolean plugin_link_create(PluginLink *self, int parent_ifindex,
                            const PluginLinkSettings *settings, PluginLinkPutData put_data,
                            gpointer user_data, GError **error);

/* Set the MTU and MAC of @want that the live link does not have. */
gboolean plugin_link_apply_settings(PluginLink *self, const PluginLinkSettings *want,
                                    GError **error);

/* Delete the link if it is ours; nothing to do otherwise. */
gboolean plugin_link_unrealize(PluginLink *self, GError **error);
/* link_changed of the plugin ABI: learn our ifindex when the link appears
 * by name.  Returns TRUE when @link is ours. */
gboolean plugin_link_track(PluginLink *self, const BonddLink *link);
/* link_removed of the plugin ABI: TRUE when it was ours (now gone). */
gboolean plugin_link_forget(PluginLink *self, int ifindex);

/* Attach @port_ifindex: (down first when @down_first), the MTU and MAC its
 * profile asks for, IFLA_MASTER, up.  A port attached already is left as
 * it is.  On failure it is detached again. */
gboolean plugin_link_attach_port(PluginLink *self, int port_ifindex, NMConnection *port_profile,
                                 gboolean down_first, GError **error);
/* Detach @port_ifindex if it is still ours. */
gboolean plugin_link_release_port(PluginLink *self, int port_ifindex, GError **error);

/* The start of every device of these plugins: the ABI's device, then its
 * link.  A plugin's device struct begins with one. */
typedef struct {
    BonddDevice parent;
    PluginLink link;
} PluginDevice;

#define PLUGIN_LINK_OF(device) (&((PluginDevice *)(device))->link)

/* A zeroed device of @size bytes (a struct beginning with PluginDevice) for
 * @ifname, with @vtable; it knows its link at once when the link exists. */
gpointer plugin_device_new(gsize size, const BonddDeviceVTable *vtable, const BonddDeviceHost *host,
                           const char *kind, const char *ifname, GError **error);

/* Vtable entries that need nothing of the kind. */
gboolean plugin_device_unrealize(BonddDevice *device, GError **error);
void plugin_device_link_changed(BonddDevice *device, const BonddLink *link, guint32 ifla_event);
void plugin_device_link_removed(BonddDevice *device, int ifindex);
/* The link part and the device itself (a kind frees its own parts first). */
void plugin_device_free(BonddDevice *device);

/* The nested parts of a link message (NULL when absent). */
typedef struct {
    const char *kind;
    const char *slave_kind;
    const struct nlattr *data;       /* IFLA_INFO_DATA */
    const struct nlattr *slave_data; /* IFLA_INFO_SLAVE_DATA */
} PluginLinkInfo;

gboolean plugin_link_parse_info(const struct nlmsghdr *nlh, PluginLinkInfo *out);

/* libmnl callback: store each attribute in the table passed as data
 * (PluginAttrTable), by type. */
typedef struct {
    const struct nlattr **tb;
    guint max;
} PluginAttrTable;

int plugin_attr_table_cb(const struct nlattr *attr, void *data);

G_END_DECLS
