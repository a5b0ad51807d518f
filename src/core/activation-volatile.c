/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Volatile profiles (see activation-job.h): a volatile profile lives as
 * long as an activation uses it (NetworkManager's generated profiles,
 * AddAndActivateConnection2's persist=volatile); once its last activation
 * ended, it is deleted from idle, after the ending is announced.
 */
#include "config.h"

#include "activation-job.h"

#include <glib/gi18n.h>

static gboolean
delete_unused_volatile(gpointer user_data)
{
    BonddActivationEngine *self = user_data;
    g_autoptr(GPtrArray) profiles = g_steal_pointer(&self->volatile_profiles);

    self->volatile_source = 0;
    self->volatile_profiles = g_ptr_array_new_with_free_func(g_object_unref);
    for (guint i = 0; i < profiles->len; i++) {
        BonddProfile *p = profiles->pdata[i];
        g_autoptr(GError) error = NULL;

        /* Activated again meanwhile, updated into an ordinary one, or
         * deleted already. */
        if (_bondd_job_of_profile(self, p) ||
            !(bondd_profile_get_flags(p) & NM_SETTINGS_CONNECTION_FLAG_VOLATILE) ||
            bondd_settings_find_by_uuid(self->daemon->settings, bondd_profile_get_uuid(p)) != p)
            continue;
        g_debug("volatile profile '%s' is not active any more: deleting it",
                bondd_profile_get_id(p));
        if (!bondd_settings_delete_profile(self->daemon->settings, p, &error))
            g_warning(_("cannot delete volatile profile '%s': %s"), bondd_profile_get_id(p),
                      error->message);
    }
    return G_SOURCE_REMOVE;
}

void
_bondd_job_forget_if_volatile(BonddActivationEngine *self, BonddProfile *profile)
{
    if (!(bondd_profile_get_flags(profile) & NM_SETTINGS_CONNECTION_FLAG_VOLATILE) || self->stopped)
        return;
    g_ptr_array_add(self->volatile_profiles, g_object_ref(profile));
    if (!self->volatile_source)
        self->volatile_source = g_idle_add(delete_unused_volatile, self);
}
