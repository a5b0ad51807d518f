/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The software-device layer (see software-device.h).
 */
#include "config.h"

#include "software-device.h"

#include <glib/gi18n.h>
#include <net/if.h>

#include "errors.h"
#include "plugins.h"

struct _BonddSoftwareDevices {
    BonddPlugins *plugins;
    BonddLinkCache *cache;
    BonddDeviceManager *devices;
};

BonddSoftwareDevices *
bondd_software_devices_new(BonddPlugins *plugins, BonddLinkCache *cache,
                           BonddDeviceManager *devices)
{
    BonddSoftwareDevices *self = g_new0(BonddSoftwareDevices, 1);

    self->plugins = plugins;
    self->cache = g_object_ref(cache);
    self->devices = g_object_ref(devices);
    return self;
}

void
bondd_software_devices_free(BonddSoftwareDevices *self)
{
    if (!self)
        return;
    g_object_unref(self->cache);
    g_object_unref(self->devices);
    g_free(self);
}

static const BonddDeviceFactory *
factory_for(BonddSoftwareDevices *self, const BonddDeviceKind *kind, GError **error)
{
    const BonddDeviceFactory *factory =
        self->plugins ? bondd_plugins_find_device_factory(self->plugins, kind->link_kind) : NULL;

    if (!factory)
        g_set_error(error, BONDD_MANAGER_ERROR, BONDD_MANAGER_ERROR_MISSING_PLUGIN,
                    _("no device plugin realises %s links (is libbondd-device-%s.so in the "
                      "plugin directory?)"),
                    kind->link_kind, kind->link_kind);
    return factory;
}

BonddNmDevice *
bondd_software_devices_ensure(BonddSoftwareDevices *self, const BonddDeviceKind *kind,
                              const char *ifname, GError **error)
{
    BonddNmDevice *device = bondd_device_manager_find(self->devices, ifname);

    if (!factory_for(self, kind, error))
        return NULL;
    if (device && bondd_nm_device_get_kind(device) != kind) {
        g_set_error(error, BONDD_MANAGER_ERROR, BONDD_MANAGER_ERROR_CONNECTION_NOT_AVAILABLE,
                    _("interface %s exists and is not a %s (it is a %s)"), ifname, kind->name,
                    bondd_nm_device_get_kind(device)->name);
        return NULL;
    }
    /* An unrealized one may be on its way out after a failure: keep it. */
    if (!device || !bondd_nm_device_is_real(device))
        device = bondd_device_manager_add_unrealized(self->devices, ifname, kind);
    return device;
}

gboolean
bondd_software_devices_realize(BonddSoftwareDevices *self, BonddNmDevice *device,
                               NMConnection *connection, int parent_ifindex, gboolean *out_adopted,
                               GError **error)
{
    const BonddDeviceKind *kind = bondd_nm_device_get_kind(device);
    const char *ifname = bondd_nm_device_get_iface(device);
    g_autofree char *name = g_strdup(ifname);
    const BonddDeviceFactory *factory = factory_for(self, kind, error);
    BonddDevice *pdev;
    BonddNmDevice *realized;
    g_autoptr(GError) local = NULL;
    int ifindex = 0;

    *out_adopted = FALSE;
    if (!factory)
        return FALSE;
    /* The device of a link activated before keeps its plugin device. */
    pdev = bondd_nm_device_steal_plugin_device(device);
    if (!pdev) {
        pdev = factory->create_device(bondd_link_cache_get_device_host(self->cache),
                                      kind->link_kind, name, parent_ifindex, &local);
        if (!pdev) {
            g_set_error(error, BONDD_DEVICE_ERROR, BONDD_DEVICE_ERROR_CREATION_FAILED, "%s: %s",
                        name, local->message);
            return FALSE;
        }
    }
    if (!pdev->vtable->realize(pdev, connection, out_adopted, &ifindex, &local)) {
        pdev->vtable->free(pdev);
        g_set_error_literal(error, BONDD_DEVICE_ERROR, BONDD_DEVICE_ERROR_CREATION_FAILED,
                            local->message);
        return FALSE;
    }
    g_message(_("%s: %s %s (ifindex %d) for profile '%s'"), name,
              *out_adopted ? _("adopted existing") : _("created"), kind->name, ifindex,
              nm_connection_get_id(connection));

    /* The device object stands for the link now: an unrealized one is
     * realized in place, an existing one keeps its link. */
    bondd_link_cache_refresh(self->cache, ifindex);
    realized = bondd_device_manager_ensure(self->devices, ifindex);
    if (realized != device) {
        pdev->vtable->unrealize(pdev, NULL);
        pdev->vtable->free(pdev);
        g_set_error(error, BONDD_DEVICE_ERROR, BONDD_DEVICE_ERROR_CREATION_FAILED,
                    _("%s (ifindex %d) is not the link its device object stands for"), name,
                    ifindex);
        return FALSE;
    }
    bondd_nm_device_set_plugin_device(device, pdev);
    return TRUE;
}

gboolean
bondd_software_devices_describe(BonddSoftwareDevices *self, BonddNmDevice *device,
                                NMConnection *connection, GError **error)
{
    const BonddDeviceKind *kind = bondd_nm_device_get_kind(device);
    const BonddDeviceFactory *factory = factory_for(self, kind, error);
    BonddDevice *pdev = bondd_nm_device_get_plugin_device(device);
    g_autoptr(GError) local = NULL;

    if (!factory)
        return FALSE;
    if (!pdev) {
        /* Created for the existing link (on the parent the kernel shows for
         * a stacked one), never realized: not the plugin's to change or
         * delete. */
        const BonddLink *link =
            bondd_link_cache_get(self->cache, bondd_nm_device_get_ifindex(device));

        pdev = factory->create_device(
            bondd_link_cache_get_device_host(self->cache), kind->link_kind,
            bondd_nm_device_get_iface(device),
            link && bondd_device_kind_has(kind, BONDD_KIND_NEEDS_PARENT) ? link->parent_ifindex : 0,
            &local);
        if (!pdev) {
            g_set_error(error, BONDD_DEVICE_ERROR, BONDD_DEVICE_ERROR_FAILED, "%s: %s",
                        bondd_nm_device_get_iface(device), local->message);
            return FALSE;
        }
        bondd_nm_device_set_plugin_device(device, pdev);
    }
    if (pdev->vtable->describe)
        return pdev->vtable->describe(pdev, connection, error);
    /* The kind's setting with libnm's defaults (normalizing adds it). */
    return TRUE;
}

gboolean
bondd_software_devices_reapply(BonddSoftwareDevices *self, BonddNmDevice *device,
                               NMConnection *connection, GError **error)
{
    BonddDevice *pdev = bondd_nm_device_get_plugin_device(device);

    if (!pdev) {
        g_set_error(error, BONDD_DEVICE_ERROR, BONDD_DEVICE_ERROR_FAILED,
                    _("%s has no plugin device"), bondd_nm_device_get_iface(device));
        return FALSE;
    }
    return pdev->vtable->reapply(pdev, connection, error);
}

void
bondd_software_devices_unrealize(BonddSoftwareDevices *self, BonddNmDevice *device,
                                 gboolean link_gone)
{
    BonddDevice *pdev = bondd_nm_device_steal_plugin_device(device);
    int ifindex = bondd_nm_device_get_ifindex(device);
    g_autoptr(GError) error = NULL;

    if (!pdev)
        return;
    if (!link_gone && !pdev->vtable->unrealize(pdev, &error))
        g_warning(_("%s: cannot remove the link: %s"), bondd_nm_device_get_iface(device),
                  error->message);
    pdev->vtable->free(pdev);
    if (!link_gone && ifindex)
        bondd_link_cache_refresh(self->cache, ifindex);
}

void
bondd_software_devices_forget(BonddSoftwareDevices *self, BonddNmDevice *device)
{
    bondd_device_manager_drop_unrealized(self->devices, device);
}

gboolean
bondd_software_devices_attach_port(BonddSoftwareDevices *self, BonddNmDevice *controller,
                                   BonddNmDevice *port, NMConnection *port_connection,
                                   GError **error)
{
    BonddDevice *pdev = bondd_nm_device_get_plugin_device(controller);
    int ifindex = bondd_nm_device_get_ifindex(port);

    if (!pdev || !pdev->vtable->attach_port) {
        g_set_error(error, BONDD_DEVICE_ERROR, BONDD_DEVICE_ERROR_FAILED, _("%s takes no ports"),
                    bondd_nm_device_get_iface(controller));
        return FALSE;
    }
    if (!pdev->vtable->attach_port(pdev, ifindex, port_connection, error))
        return FALSE;
    bondd_link_cache_refresh(self->cache, ifindex);
    return TRUE;
}

void
bondd_software_devices_release_port(BonddSoftwareDevices *self, BonddNmDevice *controller,
                                    BonddNmDevice *port)
{
    BonddDevice *pdev = bondd_nm_device_get_plugin_device(controller);
    int ifindex = bondd_nm_device_get_ifindex(port);
    const BonddLink *link = bondd_link_cache_get(self->cache, ifindex);
    g_autoptr(GError) error = NULL;

    if (!link)
        return;
    if (pdev && pdev->vtable->release_port &&
        link->master == bondd_nm_device_get_ifindex(controller) &&
        !pdev->vtable->release_port(pdev, ifindex, &error))
        g_warning(_("%s: cannot release %s: %s"), bondd_nm_device_get_iface(controller),
                  bondd_nm_device_get_iface(port), error->message);
    /* The kernel closes a released port; like NetworkManager, keep a
     * managed link up so that its carrier (availability) shows. */
    g_clear_error(&error);
    if (!bondd_link_cache_set_up(self->cache, ifindex, TRUE, &error))
        g_debug("%s: cannot set it up again: %s", bondd_nm_device_get_iface(port), error->message);
    bondd_link_cache_refresh(self->cache, ifindex);
}

gboolean
bondd_software_devices_delete(BonddSoftwareDevices *self, BonddNmDevice *device, GError **error)
{
    int ifindex = bondd_nm_device_get_ifindex(device);

    if (!bondd_nm_device_is_software(device)) {
        g_set_error(error, BONDD_DEVICE_ERROR, BONDD_DEVICE_ERROR_NOT_SOFTWARE,
                    _("%s is not a software device"), bondd_nm_device_get_iface(device));
        return FALSE;
    }
    bondd_software_devices_unrealize(self, device, FALSE);
    /* Deactivating may have deleted it already. */
    if (!ifindex || !bondd_link_cache_get(self->cache, ifindex))
        return TRUE;
    if (!bondd_link_cache_delete(self->cache, ifindex, error)) {
        g_prefix_error(error, _("cannot delete %s: "), bondd_nm_device_get_iface(device));
        return FALSE;
    }
    bondd_link_cache_refresh(self->cache, ifindex);
    return TRUE;
}
