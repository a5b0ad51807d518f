/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Stanzas grouped into interfaces.  See ifupdown-iface.h.
 */
#include "config.h"

#include "ifupdown-iface.h"

#include <glib/gi18n-lib.h>
#include <string.h>

static void
iface_free(IfupdownIface *iface)
{
    g_ptr_array_unref(iface->stanzas);
    g_array_unref(iface->opts);
    g_ptr_array_unref(iface->diags);
    g_free(iface);
}

void
ifupdown_ifaces_free(IfupdownIfaces *ifaces)
{
    if (!ifaces)
        return;
    g_hash_table_unref(ifaces->byname);
    g_ptr_array_unref(ifaces->list);
    g_free(ifaces);
}

IfupdownIface *
ifupdown_ifaces_lookup(const IfupdownIfaces *ifaces, const char *name)
{
    return name ? g_hash_table_lookup(ifaces->byname, name) : NULL;
}

const IfupdownOpt *
ifupdown_iface_find(const IfupdownIface *iface, const char *key)
{
    for (guint i = 0; iface && i < iface->opts->len; i++) {
        const IfupdownOpt *o = &g_array_index(iface->opts, IfupdownOpt, i);

        if (strcmp(o->option->key, key) == 0)
            return o;
    }
    return NULL;
}

const IfupdownStanza *
ifupdown_iface_first(const IfupdownIface *iface)
{
    return iface->stanzas->pdata[0];
}

/* The stanza of interface @name with address family @family. */
static const IfupdownStanza *
find_template(const IfupdownIfaces *ifaces, const char *name, const char *family)
{
    IfupdownIface *t = ifupdown_ifaces_lookup(ifaces, name);

    for (guint i = 0; t && i < t->stanzas->len; i++) {
        const IfupdownStanza *s = t->stanzas->pdata[i];

        if (strcmp(s->family, family) == 0)
            return s;
    }
    return NULL;
}

/* @stanza's options into @iface, then those it inherits (depth-limited:
 * a template inheriting itself ends there). */
static void
add_options(IfupdownIfaces *ifaces, IfupdownIface *iface, const IfupdownStanza *applies_to,
            const IfupdownStanza *from, guint depth)
{
    const IfupdownStanza *t;
    IfupdownIface *tiface;

    for (guint i = 0; i < from->options->len; i++) {
        IfupdownOpt o = {applies_to, from->options->pdata[i], applies_to != from};

        g_array_append_val(iface->opts, o);
    }
    if (!from->inherits)
        return;
    t = find_template(ifaces, from->inherits, from->family);
    if (!t || depth >= IFUPDOWN_MAX_INCLUDE_DEPTH || t == from) {
        ifupdown_diag_add(iface->diags, IFUPDOWN_DIAG_NOT_CARRIED, from->file, from->line,
                          _("%s: inherits %s, which has no usable '%s' stanza (nothing "
                            "inherited)"),
                          from->name, from->inherits, from->family);
        return;
    }
    tiface = ifupdown_ifaces_lookup(ifaces, t->name);
    tiface->is_template = TRUE;
    add_options(ifaces, iface, applies_to, t, depth + 1);
}

IfupdownIfaces *
ifupdown_ifaces_new(const IfupdownConfig *config)
{
    IfupdownIfaces *ifaces = g_new0(IfupdownIfaces, 1);

    ifaces->list = g_ptr_array_new_with_free_func((GDestroyNotify)iface_free);
    ifaces->byname = g_hash_table_new(g_str_hash, g_str_equal);
    for (guint i = 0; i < config->stanzas->len; i++) {
        IfupdownStanza *s = config->stanzas->pdata[i];
        IfupdownIface *iface = ifupdown_ifaces_lookup(ifaces, s->name);

        if (!iface) {
            iface = g_new0(IfupdownIface, 1);
            iface->name = s->name;
            iface->stanzas = g_ptr_array_new();
            iface->opts = g_array_new(FALSE, FALSE, sizeof(IfupdownOpt));
            iface->diags = ifupdown_diags_new();
            iface->autostart = ifupdown_config_is_autostart(config, s->name);
            g_ptr_array_add(ifaces->list, iface);
            g_hash_table_insert(ifaces->byname, (gpointer)iface->name, iface);
        }
        g_ptr_array_add(iface->stanzas, s);
    }
    /* Options once every stanza is known: a template may come later in
     * the file than the stanza that inherits it. */
    for (guint i = 0; i < ifaces->list->len; i++) {
        IfupdownIface *iface = ifaces->list->pdata[i];

        for (guint j = 0; j < iface->stanzas->len; j++)
            add_options(ifaces, iface, iface->stanzas->pdata[j], iface->stanzas->pdata[j], 0);
    }
    return ifaces;
}
