/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Properties from an a{sv} dictionary, driven by a field table.
 */
#include "bondd-dict-fields.h"

#include <string.h>

/* "PartnerSystemMac" -> "partner-system-mac", after @prefix. */
static char *
property_name(const char *prefix, const char *key)
{
    GString *name = g_string_new(prefix);

    for (const char *c = key; *c; c++) {
        if (g_ascii_isupper(*c) && c != key)
            g_string_append_c(name, '-');
        g_string_append_c(name, g_ascii_tolower(*c));
    }
    return g_string_free(name, FALSE);
}

void
bondd_dict_fields_install(GObjectClass *klass, const char *prefix, guint first_id,
                          const BonddDictField *fields, guint n_fields, GParamSpec **pspecs)
{
    const GParamFlags flags = G_PARAM_READABLE | G_PARAM_STATIC_NICK | G_PARAM_STATIC_BLURB;

    for (guint i = 0; i < n_fields; i++) {
        g_autofree char *name = property_name(prefix, fields[i].key);
        const char *blurb = fields[i].blurb;

        switch (fields[i].signature[0]) {
            case 's':
                pspecs[i] = g_param_spec_string(name, fields[i].key, blurb, NULL, flags);
                break;
            case 'u':
                pspecs[i] = g_param_spec_uint(name, fields[i].key, blurb, 0, G_MAXUINT32, 0, flags);
                break;
            case 'i':
                pspecs[i] =
                    g_param_spec_int(name, fields[i].key, blurb, G_MININT32, G_MAXINT32, 0, flags);
                break;
            case 'b':
                pspecs[i] = g_param_spec_boolean(name, fields[i].key, blurb, FALSE, flags);
                break;
            default:
                g_assert_not_reached();
        }
        g_object_class_install_property(klass, first_id + i, pspecs[i]);
    }
}

static GVariant *
lookup(GVariant *dict, const BonddDictField *field)
{
    if (!dict)
        return NULL;
    return g_variant_lookup_value(dict, field->key, G_VARIANT_TYPE(field->signature));
}

gboolean
bondd_dict_fields_has(GVariant *dict, const BonddDictField *field)
{
    g_autoptr(GVariant) v = lookup(dict, field);

    return v != NULL;
}

void
bondd_dict_fields_get(GVariant *dict, const BonddDictField *field, GValue *value)
{
    g_autoptr(GVariant) v = lookup(dict, field);

    if (!v)
        return; /* the value keeps its type's default */
    switch (field->signature[0]) {
        case 's':
            g_value_set_string(value, g_variant_get_string(v, NULL));
            break;
        case 'u':
            g_value_set_uint(value, g_variant_get_uint32(v));
            break;
        case 'i':
            g_value_set_int(value, g_variant_get_int32(v));
            break;
        case 'b':
            g_value_set_boolean(value, g_variant_get_boolean(v));
            break;
        default:
            g_assert_not_reached();
    }
}

void
bondd_dict_fields_notify_changes(GObject *object, const BonddDictField *fields, guint n_fields,
                                 GParamSpec **pspecs, GVariant *old_dict, GVariant *new_dict)
{
    g_object_freeze_notify(object);
    for (guint i = 0; i < n_fields; i++) {
        g_autoptr(GVariant) before = lookup(old_dict, &fields[i]);
        g_autoptr(GVariant) after = lookup(new_dict, &fields[i]);

        if ((before == NULL) != (after == NULL) || (before && !g_variant_equal(before, after)))
            g_object_notify_by_pspec(object, pspecs[i]);
    }
    g_object_thaw_notify(object);
}
