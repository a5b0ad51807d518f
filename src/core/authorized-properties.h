/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Property writes that wait for authorization like any method.  Clients
 * set Device.Managed, Device.Autoconnect and a few Manager properties with
 * org.freedesktop.DBus.Properties.Set, which generated skeletons would
 * accept from anyone, at once.  GDBus hands a write to the interface's
 * method_call instead when the vtable has no set_property: a skeleton
 * subclass installs such a vtable here, and the write is applied once
 * auth.c says the caller may (network-control).
 */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/* Apply an authorized write; @generated is the skeleton's own vtable (its
 * set_property stores the value). */
typedef gboolean (*BonddPropertyWriteFunc)(GDBusInterfaceSkeleton *skeleton,
                                           const GDBusInterfaceVTable *generated,
                                           GDBusConnection *bus, const char *sender,
                                           const char *object_path, const char *interface_name,
                                           const char *property_name, GVariant *value,
                                           GError **error);

typedef struct {
    GDBusInterfaceVTable vtable; /* what the subclass's get_vtable returns */
    const GDBusInterfaceVTable *generated;
    BonddPropertyWriteFunc write; /* NULL: the generated setter */
} BonddAuthorizedProperties;

/* In the class_init of a skeleton subclass @klass of @generated_class. */
void bondd_authorized_properties_init(BonddAuthorizedProperties *self,
                                      GDBusInterfaceSkeletonClass *klass,
                                      GDBusInterfaceSkeletonClass *generated_class,
                                      BonddPropertyWriteFunc write);

G_END_DECLS
