/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * libbondd-device-bond.so: the factory, the module's only exported symbol.
 */
#include "config.h"

#include <bondd/device-plugin.h>

#include "bond-device.h"

static const BonddDeviceKindInfo kinds[] = {
    {"bond", NM_SETTING_BOND_SETTING_NAME, BONDD_KIND_FLAG_CONTROLLER},
    {NULL},
};

static BonddDevice *
create_device(const BonddDeviceHost *host, const char *link_kind, const char *ifname,
              int parent_ifindex, GError **error)
{
    return bond_device_new(host, ifname, error);
}

static const BonddDeviceFactory factory = {
    .abi_version = BONDD_DEVICE_PLUGIN_ABI_VERSION,
    .name = "bond",
    .kinds = kinds,
    .create_device = create_device,
};

/* Exported by name (the host looks up BONDD_DEVICE_FACTORY_SYMBOL); the
 * prototype keeps -Wmissing-prototypes quiet for a symbol nobody includes. */
G_MODULE_EXPORT const BonddDeviceFactory *
bondd_device_factory_create(const BonddDevicePluginConfig *config, GError **error);

/* The compiler checks that the export matches the ABI's typedef. */
static G_GNUC_UNUSED const BonddDeviceFactoryFunc factory_type_check = bondd_device_factory_create;

G_MODULE_EXPORT const BonddDeviceFactory *
bondd_device_factory_create(const BonddDevicePluginConfig *config, GError **error)
{
    return &factory;
}
