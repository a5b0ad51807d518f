/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * libbondd-device-dummy.so: dummy links (profiles of type "dummy"), made
 * with the MTU and MAC their profile asks for, as NetworkManager makes
 * them.  A dummy has nothing else to set: it is there to carry addresses or
 * to stand in for a NIC (a bond's port on a test bed).
 */
#include "config.h"

#include "plugin-link.h"

typedef struct {
    BonddDevice parent;
    PluginLink link;
} DummyDevice;

/* Create the link, or take over the existing one (traffic keeps flowing),
 * setting what differs. */
static gboolean
dummy_realize(BonddDevice *device, NMConnection *profile, gboolean *out_adopted, int *out_ifindex,
              GError **error)
{
    DummyDevice *self = (DummyDevice *)device;
    PluginLinkSettings settings;
    BonddLink existing;
    g_autoptr(GError) local = NULL;

    plugin_link_settings_from_profile(profile, &settings);
    *out_adopted = plugin_link_find_existing(&self->link, &existing, &local);
    if (local) {
        g_propagate_error(error, g_steal_pointer(&local));
        return FALSE;
    }
    if (*out_adopted) {
        if (!plugin_link_apply_settings(&self->link, &settings, error))
            return FALSE;
        self->link.owned = TRUE;
    } else if (!plugin_link_create(&self->link, 0, &settings, NULL, NULL, error)) {
        return FALSE;
    }
    *out_ifindex = self->link.ifindex;
    return TRUE;
}

/* Everything a dummy has (MTU, MAC) can change on the live link. */
static gboolean
dummy_reapply(BonddDevice *device, NMConnection *new_profile, GError **error)
{
    DummyDevice *self = (DummyDevice *)device;
    PluginLinkSettings settings;

    plugin_link_settings_from_profile(new_profile, &settings);
    return plugin_link_apply_settings(&self->link, &settings, error);
}

static gboolean
dummy_unrealize(BonddDevice *device, GError **error)
{
    return plugin_link_unrealize(&((DummyDevice *)device)->link, error);
}

static void
dummy_link_changed(BonddDevice *device, const BonddLink *link, guint32 ifla_event)
{
    plugin_link_track(&((DummyDevice *)device)->link, link);
}

static void
dummy_link_removed(BonddDevice *device, int ifindex)
{
    plugin_link_forget(&((DummyDevice *)device)->link, ifindex);
}

static void
dummy_free(BonddDevice *device)
{
    DummyDevice *self = (DummyDevice *)device;

    plugin_link_clear(&self->link);
    g_free(self);
}

static const BonddDeviceVTable dummy_vtable = {
    .abi_version = BONDD_DEVICE_PLUGIN_ABI_VERSION,
    .name = "dummy",
    .realize = dummy_realize,
    .reapply = dummy_reapply,
    .unrealize = dummy_unrealize,
    .link_changed = dummy_link_changed,
    .link_removed = dummy_link_removed,
    .free = dummy_free,
};

static BonddDevice *
create_device(const BonddDeviceHost *host, const char *link_kind, const char *ifname,
              int parent_ifindex, GError **error)
{
    DummyDevice *self = g_new0(DummyDevice, 1);

    if (!plugin_link_init(&self->link, host, "dummy", ifname, error)) {
        g_free(self);
        return NULL;
    }
    self->parent.vtable = &dummy_vtable;
    plugin_link_track(&self->link, host->get_link_by_name(host->host_data, ifname));
    return &self->parent;
}

static const BonddDeviceKindInfo kinds[] = {
    {"dummy", NM_SETTING_DUMMY_SETTING_NAME, BONDD_KIND_FLAG_NONE},
    {NULL},
};

static const BonddDeviceFactory factory = {
    .abi_version = BONDD_DEVICE_PLUGIN_ABI_VERSION,
    .name = "dummy",
    .kinds = kinds,
    .create_device = create_device,
};

BONDD_DEVICE_PLUGIN_EXPORT(factory)
