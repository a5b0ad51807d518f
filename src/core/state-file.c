/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * bondd's state file (see state-file.h).
 */
#include "config.h"

#include "state-file.h"

#include <glib/gi18n.h>

#define STATE_FILE_NAME "bondd.state"
#define GROUP           "main"
#define KEY_NETWORKING  "NetworkingEnabled"

struct _BonddStateFile {
    char *path;
    GKeyFile *keyfile; /* as read, so that keys of a newer bondd survive a write */
};

BonddStateFile *
bondd_state_file_new(const char *state_dir)
{
    BonddStateFile *self = g_new0(BonddStateFile, 1);
    g_autoptr(GError) error = NULL;

    self->path = g_build_filename(state_dir, STATE_FILE_NAME, NULL);
    self->keyfile = g_key_file_new();
    if (!g_key_file_load_from_file(self->keyfile, self->path, G_KEY_FILE_KEEP_COMMENTS, &error) &&
        !g_error_matches(error, G_FILE_ERROR, G_FILE_ERROR_NOENT)) {
        g_warning(_("%s: %s; starting with networking enabled"), self->path, error->message);
        g_key_file_unref(self->keyfile);
        self->keyfile = g_key_file_new();
    }
    return self;
}

void
bondd_state_file_free(BonddStateFile *self)
{
    if (!self)
        return;
    g_key_file_unref(self->keyfile);
    g_free(self->path);
    g_free(self);
}

const char *
bondd_state_file_get_path(BonddStateFile *self)
{
    return self->path;
}

gboolean
bondd_state_file_get_networking_enabled(BonddStateFile *self)
{
    g_autoptr(GError) error = NULL;
    gboolean enabled;

    if (!g_key_file_has_key(self->keyfile, GROUP, KEY_NETWORKING, NULL))
        return TRUE;
    enabled = g_key_file_get_boolean(self->keyfile, GROUP, KEY_NETWORKING, &error);
    if (error) {
        g_autofree char *raw = g_key_file_get_value(self->keyfile, GROUP, KEY_NETWORKING, NULL);

        g_warning(_("%s: [%s] %s: invalid value “%s” (expected true or false); networking is "
                    "enabled"),
                  self->path, GROUP, KEY_NETWORKING, raw ? raw : "");
        return TRUE;
    }
    return enabled;
}

gboolean
bondd_state_file_set_networking_enabled(BonddStateFile *self, gboolean enabled, GError **error)
{
    g_autofree char *contents = NULL;
    gsize len;

    g_key_file_set_boolean(self->keyfile, GROUP, KEY_NETWORKING, enabled);
    contents = g_key_file_to_data(self->keyfile, &len, NULL);
    /* A temporary file in the same directory, renamed over the old one. */
    if (!g_file_set_contents(self->path, contents, len, error)) {
        g_prefix_error(error, "%s: ", self->path);
        return FALSE;
    }
    return TRUE;
}
