/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * libbondd-device-bond.so: the factory, the module's only exported symbol.
 */
#include "config.h"

#include <bondd/device-plugin.h>

#include "bond-device.h"
#include "bond-plugin-config.h"

/* Read once at load; the module stays loaded for the daemon's lifetime. */
static BondPluginConfig plugin_config;

static const BonddDeviceKindInfo kinds[] = {
    {"bond", NM_SETTING_BOND_SETTING_NAME, BONDD_KIND_FLAG_CONTROLLER},
    {NULL},
};

static BonddDevice *
create_device(const BonddDeviceHost *host, const char *link_kind, const char *ifname,
              int parent_ifindex, GError **error)
{
    return bond_device_new(host, ifname, &plugin_config, error);
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

/* GModule calls it when the daemon closes the module: the configuration
 * goes with it (else its strings would outlive the only pointer to them). */
G_MODULE_EXPORT void g_module_unload(GModule *module);

G_MODULE_EXPORT void
g_module_unload(GModule *module)
{
    bond_plugin_config_clear(&plugin_config);
}

G_MODULE_EXPORT const BonddDeviceFactory *
bondd_device_factory_create(const BonddDevicePluginConfig *config, GError **error)
{
    bond_plugin_config_clear(&plugin_config);
    if (!bond_plugin_config_load(&plugin_config, config ? config->keyfile : NULL,
                                 config && config->group ? config->group : "bond",
                                 config ? config->state_dir : NULL, error))
        return NULL;
    return &factory;
}
