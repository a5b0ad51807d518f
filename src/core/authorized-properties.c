/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Authorized property writes (see authorized-properties.h).
 */
#include "config.h"

#include "authorized-properties.h"

#include <glib/gi18n.h>

#include "auth.h"
#include "errors.h"

#define PROPERTIES_INTERFACE "org.freedesktop.DBus.Properties"

static GQuark
guard_quark(void)
{
    return g_quark_from_static_string("bondd-authorized-properties");
}

typedef struct {
    GDBusInterfaceSkeleton *skeleton;
    BonddAuthorizedProperties *guard;
} PendingWrite;

static void
write_authorized(GDBusMethodInvocation *invocation, const GError *refused, gpointer user_data)
{
    PendingWrite *pending = user_data;
    BonddAuthorizedProperties *guard = pending->guard;
    const char *interface_name, *property_name;
    g_autoptr(GVariant) value = NULL;
    g_autoptr(GError) error = NULL;
    gboolean ok;

    g_variant_get(g_dbus_method_invocation_get_parameters(invocation), "(&s&sv)", &interface_name,
                  &property_name, &value);
    if (refused) {
        g_dbus_method_invocation_return_error(
            invocation, BONDD_MANAGER_ERROR, BONDD_MANAGER_ERROR_PERMISSION_DENIED,
            _("Not authorized to set %s on %s (needs network-control)"), property_name,
            g_dbus_method_invocation_get_object_path(invocation));
        goto out;
    }
    if (guard->write)
        ok = guard->write(pending->skeleton, guard->generated,
                          g_dbus_method_invocation_get_connection(invocation),
                          g_dbus_method_invocation_get_sender(invocation),
                          g_dbus_method_invocation_get_object_path(invocation), interface_name,
                          property_name, value, &error);
    else
        ok = guard->generated->set_property(g_dbus_method_invocation_get_connection(invocation),
                                            g_dbus_method_invocation_get_sender(invocation),
                                            g_dbus_method_invocation_get_object_path(invocation),
                                            interface_name, property_name, value, &error,
                                            pending->skeleton);
    if (ok)
        g_dbus_method_invocation_return_value(invocation, NULL);
    else
        g_dbus_method_invocation_return_gerror(invocation, error);
out:
    g_object_unref(pending->skeleton);
    g_free(pending);
}

static void
authorized_method_call(GDBusConnection *bus, const char *sender, const char *object_path,
                       const char *interface_name, const char *method_name, GVariant *parameters,
                       GDBusMethodInvocation *invocation, gpointer user_data)
{
    BonddAuthorizedProperties *guard =
        g_type_get_qdata(G_TYPE_FROM_INSTANCE(user_data), guard_quark());
    PendingWrite *pending;

    if (!g_str_equal(interface_name, PROPERTIES_INTERFACE)) {
        guard->generated->method_call(bus, sender, object_path, interface_name, method_name,
                                      parameters, invocation, user_data);
        return;
    }
    /* GDBus checked the property (it exists and is writable) and the value
     * type; only Set comes here. */
    pending = g_new0(PendingWrite, 1);
    pending->skeleton = g_object_ref(user_data);
    pending->guard = guard;
    bondd_auth_check(invocation, BONDD_AUTH_NETWORK_CONTROL, BONDD_MANAGER_ERROR, write_authorized,
                     pending);
}

void
bondd_authorized_properties_init(BonddAuthorizedProperties *self,
                                 GDBusInterfaceSkeletonClass *klass,
                                 GDBusInterfaceSkeletonClass *generated_class,
                                 BonddPropertyWriteFunc write)
{
    self->generated = generated_class->get_vtable(NULL);
    self->vtable = *self->generated;
    self->vtable.method_call = authorized_method_call;
    self->vtable.set_property = NULL;
    self->write = write;
    g_type_set_qdata(G_TYPE_FROM_CLASS(klass), guard_quark(), self);
}
