/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Read-only GObject properties backed by one of bondd's a{sv} dictionaries
 * (a port's entry of Ports, the bond's Ad).  A field is named once, by its
 * D-Bus key; its property name is the key in GObject spelling with an
 * optional prefix ("PartnerSystemMac" -> "partner-system-mac", "ad-" +
 * "NumPorts" -> "ad-num-ports") and its type follows the key's D-Bus type.
 */
#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

typedef struct {
    const char *key;       /* D-Bus key */
    const char *signature; /* "s", "u", "i" or "b" */
    const char *blurb;     /* what it is, for the property's documentation */
} BonddDictField;

/* Install one property per field with ids first_id, first_id + 1, ...; fill
 * @pspecs (n_fields entries) with them. */
void bondd_dict_fields_install(GObjectClass *klass, const char *prefix, guint first_id,
                               const BonddDictField *fields, guint n_fields, GParamSpec **pspecs);

/* Set @value (initialised to the property's type) from @dict's @field; the
 * type's default (0, FALSE, NULL) when @dict lacks it or has another type. */
void bondd_dict_fields_get(GVariant *dict, const BonddDictField *field, GValue *value);

/* Whether @dict has @field with the expected type. */
gboolean bondd_dict_fields_has(GVariant *dict, const BonddDictField *field);

/* Notify @object of every field whose value differs between the two
 * dictionaries (either may be NULL: no values). */
void bondd_dict_fields_notify_changes(GObject *object, const BonddDictField *fields, guint n_fields,
                                      GParamSpec **pspecs, GVariant *old_dict, GVariant *new_dict);

G_END_DECLS
