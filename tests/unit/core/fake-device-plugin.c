/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The fake device plugin (see fake-device-plugin.h).  Its netlink requests
 * are the ones the bond plugin (src/device-plugins/bond/) sends, reduced to
 * the options the tests look at: bond mode and miimon, vlan id.
 */
#include "config.h"

#include "fake-device-plugin.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <linux/if_link.h>
#include <linux/rtnetlink.h>
#include <libmnl/libmnl.h>

struct _FakePlugin {
    FakeKernel *kernel;
    GPtrArray *log;     /* char* */
    GHashTable *asked;  /* ifname -> GHashTable option -> value */
    char *fail_realize; /* ifname */
    char *fail_attach;  /* port ifname */
    FakePluginHook hook;
    gpointer hook_data;
    guint devices;
};

typedef struct {
    BonddDevice parent;
    FakePlugin *plugin;
    BonddDeviceHost host;
    char *kind;
    char *ifname;
    int parent_ifindex;
    int ifindex;
    gboolean owned;
} FakeDevice;

static FakePlugin *current;

static void G_GNUC_PRINTF(2, 3) plugin_log(FakePlugin *p, const char *format, ...)
{
    va_list args;

    va_start(args, format);
    g_ptr_array_add(p->log, g_strdup_vprintf(format, args));
    va_end(args);
}

static void
run_hook(FakeDevice *self, const char *call, const char *port_ifname)
{
    if (self->plugin->hook)
        self->plugin->hook(call, self->ifname, port_ifname, self->plugin->hook_data);
}

/* ---- bond options ------------------------------------------------------------- */

static const char *const bond_modes[] = {"balance-rr", "active-backup", "balance-xor", "broadcast",
                                         "802.3ad",    "balance-tlb",   "balance-alb"};

static int
bond_mode_number(const char *mode)
{
    for (guint i = 0; mode && i < G_N_ELEMENTS(bond_modes); i++) {
        if (strcmp(bond_modes[i], mode) == 0)
            return (int)i;
    }
    return mode && g_ascii_isdigit(*mode) ? atoi(mode) : 0;
}

static const char *
profile_option(NMConnection *profile, const char *name)
{
    NMSettingBond *s_bond = nm_connection_get_setting_bond(profile);

    return s_bond ? nm_setting_bond_get_option_by_name(s_bond, name) : NULL;
}

static GHashTable *
asked_of(FakeDevice *self)
{
    GHashTable *options = g_hash_table_lookup(self->plugin->asked, self->ifname);

    if (!options) {
        options = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, g_free);
        g_hash_table_insert(self->plugin->asked, g_strdup(self->ifname), options);
    }
    return options;
}

static void
remember_options(FakeDevice *self, NMConnection *profile)
{
    GHashTable *options = asked_of(self);
    const char *mode = profile_option(profile, "mode");
    const char *miimon = profile_option(profile, "miimon");

    g_hash_table_remove_all(options);
    if (mode)
        g_hash_table_insert(options, g_strdup("mode"), g_strdup(mode));
    if (miimon)
        g_hash_table_insert(options, g_strdup("miimon"), g_strdup(miimon));
}

/* IFLA_LINKINFO with the kind's data for @profile. */
static void
put_linkinfo(FakeDevice *self, struct nlmsghdr *nlh, NMConnection *profile, gboolean with_mode)
{
    struct nlattr *info = mnl_attr_nest_start(nlh, IFLA_LINKINFO);
    struct nlattr *data;

    mnl_attr_put_strz(nlh, IFLA_INFO_KIND, self->kind);
    data = mnl_attr_nest_start(nlh, IFLA_INFO_DATA);
    if (strcmp(self->kind, "bond") == 0) {
        const char *miimon = profile_option(profile, "miimon");

        if (with_mode)
            mnl_attr_put_u8(nlh, IFLA_BOND_MODE,
                            (guint8)bond_mode_number(profile_option(profile, "mode")));
        if (miimon)
            mnl_attr_put_u32(nlh, IFLA_BOND_MIIMON, (guint32)atoi(miimon));
    } else {
        NMSettingVlan *s_vlan = nm_connection_get_setting_vlan(profile);

        mnl_attr_put_u16(nlh, IFLA_VLAN_ID, s_vlan ? (guint16)nm_setting_vlan_get_id(s_vlan) : 0);
    }
    mnl_attr_nest_end(nlh, data);
    mnl_attr_nest_end(nlh, info);
}

/* ---- the vtable ----------------------------------------------------------------- */

static gboolean
fake_realize(BonddDevice *device, NMConnection *profile, gboolean *out_adopted, int *out_ifindex,
             GError **error)
{
    FakeDevice *self = (FakeDevice *)device;
    const BonddLink *existing;
    guint8 buf[MNL_SOCKET_BUFFER_SIZE];
    struct nlmsghdr *nlh;
    struct ifinfomsg *ifi;

    run_hook(self, "realize", NULL);
    *out_adopted = FALSE;
    if (g_strcmp0(self->plugin->fail_realize, self->ifname) == 0) {
        plugin_log(self->plugin, "realize %s failed", self->ifname);
        g_set_error(error, NM_DEVICE_ERROR, NM_DEVICE_ERROR_CREATION_FAILED,
                    "cannot create %s %s: refused by the test", self->kind, self->ifname);
        return FALSE;
    }

    existing = self->host.get_link_by_name(self->host.host_data, self->ifname);
    if (existing) {
        if (strcmp(existing->kind, self->kind) != 0) {
            plugin_log(self->plugin, "realize %s failed", self->ifname);
            g_set_error(error, NM_DEVICE_ERROR, NM_DEVICE_ERROR_CREATION_FAILED,
                        "interface %s exists and is not a %s (kind '%s')", self->ifname, self->kind,
                        existing->kind);
            return FALSE;
        }
        /* Adopt: apply what may change on the live link. */
        self->ifindex = existing->ifindex;
        nlh = mnl_nlmsg_put_header(buf);
        nlh->nlmsg_type = RTM_NEWLINK;
        ifi = mnl_nlmsg_put_extra_header(nlh, sizeof *ifi);
        ifi->ifi_family = AF_UNSPEC;
        ifi->ifi_index = self->ifindex;
        put_linkinfo(self, nlh, profile, FALSE);
        if (!self->host.netlink_request(self->host.host_data, nlh, error)) {
            plugin_log(self->plugin, "realize %s failed", self->ifname);
            return FALSE;
        }
        *out_adopted = TRUE;
        plugin_log(self->plugin, "realize %s adopted", self->ifname);
    } else {
        if (strcmp(self->kind, "vlan") == 0 && !self->parent_ifindex) {
            plugin_log(self->plugin, "realize %s failed", self->ifname);
            g_set_error(error, NM_DEVICE_ERROR, NM_DEVICE_ERROR_MISSING_DEPENDENCIES,
                        "vlan %s has no parent", self->ifname);
            return FALSE;
        }
        nlh = mnl_nlmsg_put_header(buf);
        nlh->nlmsg_type = RTM_NEWLINK;
        nlh->nlmsg_flags = NLM_F_CREATE | NLM_F_EXCL;
        ifi = mnl_nlmsg_put_extra_header(nlh, sizeof *ifi);
        ifi->ifi_family = AF_UNSPEC;
        mnl_attr_put_strz(nlh, IFLA_IFNAME, self->ifname);
        if (self->parent_ifindex)
            mnl_attr_put_u32(nlh, IFLA_LINK, (guint32)self->parent_ifindex);
        put_linkinfo(self, nlh, profile, TRUE);
        if (!self->host.netlink_request(self->host.host_data, nlh, error)) {
            plugin_log(self->plugin, "realize %s failed", self->ifname);
            g_prefix_error(error, "cannot create %s %s: ", self->kind, self->ifname);
            return FALSE;
        }
        /* As if_nametoindex() after creating it. */
        self->ifindex = fake_kernel_get_ifindex(self->plugin->kernel, self->ifname);
        g_assert_cmpint(self->ifindex, >, 0);
        plugin_log(self->plugin, "realize %s created", self->ifname);
    }
    self->owned = TRUE;
    remember_options(self, profile);
    *out_ifindex = self->ifindex;
    return TRUE;
}

static const char *
name_of(FakeDevice *self, int ifindex)
{
    const BonddLink *link = self->host.get_link(self->host.host_data, ifindex);

    return link ? link->name : "?";
}

static gboolean
set_master(FakeDevice *self, int port_ifindex, int master, GError **error)
{
    guint8 buf[MNL_SOCKET_BUFFER_SIZE];
    struct nlmsghdr *nlh = mnl_nlmsg_put_header(buf);
    struct ifinfomsg *ifi;

    nlh->nlmsg_type = RTM_NEWLINK;
    ifi = mnl_nlmsg_put_extra_header(nlh, sizeof *ifi);
    ifi->ifi_family = AF_UNSPEC;
    ifi->ifi_index = port_ifindex;
    mnl_attr_put_u32(nlh, IFLA_MASTER, (guint32)master);
    return self->host.netlink_request(self->host.host_data, nlh, error);
}

static gboolean
fake_attach_port(BonddDevice *device, int port_ifindex, NMConnection *port_profile, GError **error)
{
    FakeDevice *self = (FakeDevice *)device;
    const BonddLink *link = self->host.get_link(self->host.host_data, port_ifindex);
    g_autofree char *port = g_strdup(link ? link->name : "?");

    run_hook(self, "attach", port);
    if (!self->ifindex || !link) {
        plugin_log(self->plugin, "attach %s %s failed", self->ifname, port);
        g_set_error(error, NM_DEVICE_ERROR, NM_DEVICE_ERROR_MISSING_DEPENDENCIES,
                    "cannot attach %s to %s: one of them does not exist", port, self->ifname);
        return FALSE;
    }
    if (g_strcmp0(self->plugin->fail_attach, port) == 0) {
        plugin_log(self->plugin, "attach %s %s failed", self->ifname, port);
        g_set_error(error, G_IO_ERROR, G_IO_ERROR_BUSY,
                    "cannot attach %s to %s: refused by the test", port, self->ifname);
        return FALSE;
    }
    if (link->master != self->ifindex) {
        /* As the bond plugin: down, attach, up. */
        if (((link->flags & IFF_UP) &&
             !self->host.set_link_up(self->host.host_data, port_ifindex, FALSE, error)) ||
            !set_master(self, port_ifindex, self->ifindex, error)) {
            plugin_log(self->plugin, "attach %s %s failed", self->ifname, port);
            g_prefix_error(error, "cannot attach %s to %s: ", port, self->ifname);
            return FALSE;
        }
    }
    if (!self->host.set_link_up(self->host.host_data, port_ifindex, TRUE, error)) {
        plugin_log(self->plugin, "attach %s %s failed", self->ifname, port);
        set_master(self, port_ifindex, 0, NULL);
        return FALSE;
    }
    plugin_log(self->plugin, "attach %s %s", self->ifname, port);
    self->host.refresh_link(self->host.host_data, port_ifindex);
    self->host.refresh_link(self->host.host_data, self->ifindex);
    return TRUE;
}

static gboolean
fake_release_port(BonddDevice *device, int port_ifindex, GError **error)
{
    FakeDevice *self = (FakeDevice *)device;
    g_autofree char *port = g_strdup(name_of(self, port_ifindex));

    run_hook(self, "release", port);
    plugin_log(self->plugin, "release %s %s", self->ifname, port);
    if (!set_master(self, port_ifindex, 0, error)) {
        g_prefix_error(error, "cannot release %s from %s: ", port, self->ifname);
        return FALSE;
    }
    return TRUE;
}

static gboolean
fake_reapply(BonddDevice *device, NMConnection *new_profile, GError **error)
{
    FakeDevice *self = (FakeDevice *)device;
    GHashTable *options = asked_of(self);
    const char *mode = profile_option(new_profile, "mode");
    guint8 buf[MNL_SOCKET_BUFFER_SIZE];
    struct nlmsghdr *nlh;
    struct ifinfomsg *ifi;

    run_hook(self, "reapply", NULL);
    /* As the bond plugin: the mode changes only by activating again. */
    if (strcmp(self->kind, "bond") == 0 &&
        bond_mode_number(mode) != bond_mode_number(g_hash_table_lookup(options, "mode"))) {
        plugin_log(self->plugin, "reapply %s refused", self->ifname);
        g_set_error(error, NM_DEVICE_ERROR, NM_DEVICE_ERROR_INCOMPATIBLE_CONNECTION,
                    "Can't reapply 'mode' bond option");
        return FALSE;
    }
    if (self->ifindex) {
        nlh = mnl_nlmsg_put_header(buf);
        nlh->nlmsg_type = RTM_NEWLINK;
        ifi = mnl_nlmsg_put_extra_header(nlh, sizeof *ifi);
        ifi->ifi_family = AF_UNSPEC;
        ifi->ifi_index = self->ifindex;
        put_linkinfo(self, nlh, new_profile, FALSE);
        if (!self->host.netlink_request(self->host.host_data, nlh, error)) {
            plugin_log(self->plugin, "reapply %s refused", self->ifname);
            return FALSE;
        }
    }
    plugin_log(self->plugin, "reapply %s", self->ifname);
    remember_options(self, new_profile);
    return TRUE;
}

static gboolean
fake_unrealize(BonddDevice *device, GError **error)
{
    FakeDevice *self = (FakeDevice *)device;

    run_hook(self, "unrealize", NULL);
    plugin_log(self->plugin, "unrealize %s", self->ifname);
    if (!self->ifindex || !self->owned)
        return TRUE;
    if (!self->host.delete_link(self->host.host_data, self->ifindex, error))
        return FALSE;
    self->ifindex = 0;
    self->owned = FALSE;
    return TRUE;
}

static void
fake_link_changed(BonddDevice *device, const BonddLink *link, guint32 ifla_event)
{
    FakeDevice *self = (FakeDevice *)device;

    if (!self->ifindex && strcmp(link->name, self->ifname) == 0 &&
        strcmp(link->kind, self->kind) == 0)
        self->ifindex = link->ifindex;
}

static void
fake_link_removed(BonddDevice *device, int ifindex)
{
    FakeDevice *self = (FakeDevice *)device;

    if (ifindex == self->ifindex) {
        self->ifindex = 0;
        self->owned = FALSE;
    }
}

/* A bond made outside: its mode as the kernel holds it. */
static gboolean
fake_describe(BonddDevice *device, NMConnection *connection, GError **error)
{
    FakeDevice *self = (FakeDevice *)device;
    NMSettingBond *s_bond = NM_SETTING_BOND(nm_setting_bond_new());
    g_autofree char *mode =
        g_strdup_printf("%d", fake_kernel_get_bond_mode(self->plugin->kernel, self->ifname));

    plugin_log(self->plugin, "describe %s", self->ifname);
    nm_setting_bond_add_option(s_bond, NM_SETTING_BOND_OPTION_MODE, mode);
    nm_connection_add_setting(connection, NM_SETTING(s_bond));
    return TRUE;
}

static void
fake_free(BonddDevice *device)
{
    FakeDevice *self = (FakeDevice *)device;

    plugin_log(self->plugin, "free %s", self->ifname);
    self->plugin->devices--;
    g_free(self->kind);
    g_free(self->ifname);
    g_free(self);
}

static const BonddDeviceVTable bond_vtable = {
    .abi_version = BONDD_DEVICE_PLUGIN_ABI_VERSION,
    .name = "fake-bond",
    .realize = fake_realize,
    .attach_port = fake_attach_port,
    .release_port = fake_release_port,
    .reapply = fake_reapply,
    .unrealize = fake_unrealize,
    .link_changed = fake_link_changed,
    .link_removed = fake_link_removed,
    .free = fake_free,
    .describe = fake_describe,
};

static const BonddDeviceVTable vlan_vtable = {
    .abi_version = BONDD_DEVICE_PLUGIN_ABI_VERSION,
    .name = "fake-vlan",
    .realize = fake_realize,
    .reapply = fake_reapply,
    .unrealize = fake_unrealize,
    .link_changed = fake_link_changed,
    .link_removed = fake_link_removed,
    .free = fake_free,
};

static BonddDevice *
fake_create_device(const BonddDeviceHost *host, const char *link_kind, const char *ifname,
                   int parent_ifindex, GError **error)
{
    FakeDevice *self;

    g_assert_nonnull(current);
    self = g_new0(FakeDevice, 1);
    self->parent.vtable = strcmp(link_kind, "bond") == 0 ? &bond_vtable : &vlan_vtable;
    self->plugin = current;
    self->host = *host;
    self->kind = g_strdup(link_kind);
    self->ifname = g_strdup(ifname);
    self->parent_ifindex = parent_ifindex;
    current->devices++;
    if (parent_ifindex)
        plugin_log(current, "create %s %s parent %d", link_kind, ifname, parent_ifindex);
    else
        plugin_log(current, "create %s %s", link_kind, ifname);
    return &self->parent;
}

static const BonddDeviceKindInfo fake_kinds[] = {
    {"bond", NM_SETTING_BOND_SETTING_NAME, BONDD_KIND_FLAG_CONTROLLER},
    {"vlan", NM_SETTING_VLAN_SETTING_NAME, BONDD_KIND_FLAG_NEEDS_PARENT},
    {NULL, NULL, 0},
};

static const BonddDeviceFactory fake_factory = {
    .abi_version = BONDD_DEVICE_PLUGIN_ABI_VERSION,
    .name = "fake",
    .kinds = fake_kinds,
    .create_device = fake_create_device,
};

const BonddDeviceFactory *
fake_plugin_get_factory(void)
{
    return &fake_factory;
}

/* ---- the plugin --------------------------------------------------------------------- */

FakePlugin *
fake_plugin_new(FakeKernel *kernel)
{
    FakePlugin *p = g_new0(FakePlugin, 1);

    p->kernel = fake_kernel_ref(kernel);
    p->log = g_ptr_array_new_with_free_func(g_free);
    p->asked =
        g_hash_table_new_full(g_str_hash, g_str_equal, g_free, (GDestroyNotify)g_hash_table_unref);
    current = p;
    return p;
}

void
fake_plugin_free(FakePlugin *plugin)
{
    if (!plugin)
        return;
    g_assert_cmpuint(plugin->devices, ==, 0);
    if (current == plugin)
        current = NULL;
    fake_kernel_unref(plugin->kernel);
    g_ptr_array_unref(plugin->log);
    g_hash_table_unref(plugin->asked);
    g_free(plugin->fail_realize);
    g_free(plugin->fail_attach);
    g_free(plugin);
}

GPtrArray *
fake_plugin_get_log(FakePlugin *plugin)
{
    return plugin->log;
}

int
fake_plugin_log_find(FakePlugin *plugin, const char *prefix, int from)
{
    for (guint i = MAX(from, 0); i < plugin->log->len; i++) {
        if (g_str_has_prefix(plugin->log->pdata[i], prefix))
            return (int)i;
    }
    return -1;
}

guint
fake_plugin_log_count(FakePlugin *plugin, const char *prefix)
{
    guint n = 0;

    for (guint i = 0; i < plugin->log->len; i++)
        n += g_str_has_prefix(plugin->log->pdata[i], prefix);
    return n;
}

char *
fake_plugin_log_to_string(FakePlugin *plugin)
{
    GString *s = g_string_new(NULL);

    for (guint i = 0; i < plugin->log->len; i++)
        g_string_append_printf(s, "%s[%s]", i ? " " : "", (char *)plugin->log->pdata[i]);
    return g_string_free(s, FALSE);
}

void
fake_plugin_clear_log(FakePlugin *plugin)
{
    g_ptr_array_set_size(plugin->log, 0);
}

void
fake_plugin_fail_realize(FakePlugin *plugin, const char *ifname)
{
    g_free(plugin->fail_realize);
    plugin->fail_realize = g_strdup(ifname);
}

void
fake_plugin_fail_attach(FakePlugin *plugin, const char *port_ifname)
{
    g_free(plugin->fail_attach);
    plugin->fail_attach = g_strdup(port_ifname);
}

void
fake_plugin_set_hook(FakePlugin *plugin, FakePluginHook hook, gpointer user_data)
{
    plugin->hook = hook;
    plugin->hook_data = user_data;
}

const char *
fake_plugin_get_option(FakePlugin *plugin, const char *ifname, const char *option)
{
    GHashTable *options = g_hash_table_lookup(plugin->asked, ifname);

    return options ? g_hash_table_lookup(options, option) : NULL;
}

guint
fake_plugin_count_devices(FakePlugin *plugin)
{
    return plugin->devices;
}
