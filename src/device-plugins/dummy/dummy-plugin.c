/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * libbondd-device-dummy.so: dummy links (profiles of type "dummy"), made
 * with the MTU and MAC their profile asks for, as NetworkManager makes
 * them.  A dummy has nothing else to set: it is there to carry addresses or
 * to stand in for a NIC (a bond's port on a test bed).
 */
#include "config.h"

#include "plugin-link.h"

/* Create the link, or take over the existing one (traffic keeps flowing),
 * setting what differs. */
static gboolean
dummy_realize(BonddDevice *device, NMConnection *profile, gboolean *out_adopted, int *out_ifindex,
              GError **error)
{
    PluginLink *link = PLUGIN_LINK_OF(device);
    PluginLinkSettings settings;
    BonddLink existing;
    g_autoptr(GError) local = NULL;

    plugin_link_settings_from_profile(profile, &settings);
    *out_adopted = plugin_link_find_existing(link, &existing, &local);
    if (local) {
        g_propagate_error(error, g_steal_pointer(&local));
        return FALSE;
    }
    if (*out_adopted) {
        if (!plugin_link_apply_settings(link, &settings, error))
            return FALSE;
        link->owned = TRUE;
    } else if (!plugin_link_create(link, 0, &settings, NULL, NULL, error)) {
        return FALSE;
    }
    *out_ifindex = link->ifindex;
    return TRUE;
}

/* Everything a dummy has (MTU, MAC) can change on the live link. */
static gboolean
dummy_reapply(BonddDevice *device, NMConnection *new_profile, GError **error)
{
    PluginLinkSettings settings;

    plugin_link_settings_from_profile(new_profile, &settings);
    return plugin_link_apply_settings(PLUGIN_LINK_OF(device), &settings, error);
}

static const BonddDeviceVTable dummy_vtable = {
    .abi_version = BONDD_DEVICE_PLUGIN_ABI_VERSION,
    .name = "dummy",
    .realize = dummy_realize,
    .reapply = dummy_reapply,
    .unrealize = plugin_device_unrealize,
    .link_changed = plugin_device_link_changed,
    .link_removed = plugin_device_link_removed,
    .free = plugin_device_free,
};

static BonddDevice *
create_device(const BonddDeviceHost *host, const char *link_kind, const char *ifname,
              int parent_ifindex, GError **error)
{
    return plugin_device_new(sizeof(PluginDevice), &dummy_vtable, host, "dummy", ifname, error);
}

BONDD_DEVICE_PLUGIN_DEFINE("dummy", "dummy", NM_SETTING_DUMMY_SETTING_NAME, BONDD_KIND_FLAG_NONE,
                           create_device)
