/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Keyfile files (see keyfile-files.h).
 */
#include "config.h"

#include "keyfile-files.h"

#include <errno.h>
#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "connection-normalize.h"

/* The namespace of NetworkManager's generated UUIDs
 * (b425e9fb-7598-44b4-9e3b-5a2e3aaa4905) and its prefix for keyfile
 * profiles: a file without a UUID gets the one NetworkManager would give
 * it. */
static const guint8 nm_uuid_namespace[16] = {0xb4, 0x25, 0xe9, 0xfb, 0x75, 0x98, 0x44, 0xb4,
                                             0x9e, 0x3b, 0x5a, 0x2e, 0x3a, 0xaa, 0x49, 0x05};
#define UUID_SEED_PREFIX "keyfile"

static const char mkstemp_letters[] =
    "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";

static gboolean
has_suffix_ci(const char *name, const char *suffix)
{
    gsize n = strlen(name), s = strlen(suffix);

    return n > s && g_ascii_strcasecmp(name + n - s, suffix) == 0;
}

/* ".XXXXXX" at the end: what mkstemp() (and so g_file_set_contents())
 * leaves while it writes. */
static gboolean
has_mkstemp_suffix(const char *name)
{
    const char *dot = strrchr(name, '.');

    return dot && strspn(dot + 1, mkstemp_letters) == 6 && dot[7] == '\0';
}

gboolean
keyfile_files_is_profile_name(const char *name)
{
    if (!name[0] || name[0] == '.' || strchr(name, '/'))
        return FALSE;
    if (has_suffix_ci(name, "~") || has_mkstemp_suffix(name))
        return FALSE;
    return !has_suffix_ci(name, ".pem") && !has_suffix_ci(name, ".der");
}

static gboolean
path_is_free(const char *path, GHashTable *taken)
{
    return !(taken && g_hash_table_contains(taken, path)) &&
           !g_file_test(path, G_FILE_TEST_EXISTS | G_FILE_TEST_IS_SYMLINK);
}

char *
keyfile_files_new_path(const char *dir, NMConnection *connection, GHashTable *taken)
{
    const char *id = nm_connection_get_id(connection);
    const char *uuid = nm_connection_get_uuid(connection);
    g_autoptr(GString) base = g_string_new(NULL);
    char *path;

    /* NetworkManager's escaping: '/' and a leading '.' become '*'. */
    for (const char *p = id; *p; p++)
        g_string_append_c(base, *p == '/' || (p == id && *p == '.') ? '*' : *p);
    /* Room for "-UUID-NNN" and the suffix within NAME_MAX. */
    if (base->len > 180)
        g_string_truncate(base, 180);

    path = g_strdup_printf("%s/%s" KEYFILE_SUFFIX, dir, base->str);
    if (path_is_free(path, taken))
        return path;
    g_free(path);
    for (guint n = 0;; n++) {
        path = n ? g_strdup_printf("%s/%s-%s-%u" KEYFILE_SUFFIX, dir, base->str, uuid, n)
                 : g_strdup_printf("%s/%s-%s" KEYFILE_SUFFIX, dir, base->str, uuid);
        if (path_is_free(path, taken))
            return path;
        g_free(path);
    }
}

/* NetworkManager's UUID for a keyfile without one: a version 3 UUID (MD5)
 * in its namespace of "keyfile\0PATH\0". */
static char *
fallback_uuid(const char *path)
{
    g_autoptr(GChecksum) md5 = g_checksum_new(G_CHECKSUM_MD5);
    guint8 digest[16];
    gsize len = sizeof(digest);

    g_checksum_update(md5, nm_uuid_namespace, sizeof(nm_uuid_namespace));
    g_checksum_update(md5, (const guchar *)UUID_SEED_PREFIX, sizeof(UUID_SEED_PREFIX));
    g_checksum_update(md5, (const guchar *)path, strlen(path) + 1);
    g_checksum_get_digest(md5, digest, &len);
    digest[6] = (digest[6] & 0x0f) | 0x30;
    digest[8] = (digest[8] & 0x3f) | 0x80;
    return g_strdup_printf("%02x%02x%02x%02x-%02x%02x-%02x%02x-%02x%02x-%02x%02x%02x%02x%02x%02x",
                           digest[0], digest[1], digest[2], digest[3], digest[4], digest[5],
                           digest[6], digest[7], digest[8], digest[9], digest[10], digest[11],
                           digest[12], digest[13], digest[14], digest[15]);
}

/* libnm's warnings, one log line each, with the file and the key. */
static gboolean
read_handler(GKeyFile *keyfile, NMConnection *connection, NMKeyfileHandlerType type,
             NMKeyfileHandlerData *data, void *user_data)
{
    const char *path = user_data;
    const char *group = NULL, *key = NULL, *message = NULL;
    NMKeyfileWarnSeverity severity = NM_KEYFILE_WARN_SEVERITY_WARN;

    if (type != NM_KEYFILE_HANDLER_TYPE_WARN)
        return FALSE;
    nm_keyfile_handler_data_get_context(data, &group, &key, NULL, NULL);
    nm_keyfile_handler_data_warn_get(data, &message, &severity);
    if (severity >= NM_KEYFILE_WARN_SEVERITY_WARN)
        g_warning(_("keyfile: %s: [%s] %s: %s"), path, group ? group : "", key ? key : "", message);
    else
        g_debug("keyfile: %s: [%s] %s: %s", path, group ? group : "", key ? key : "", message);
    return TRUE;
}

static gboolean
check_file(const char *path, GError **error)
{
    struct stat st;

    if (stat(path, &st) != 0) {
        int errsv = errno;

        g_set_error(error, G_FILE_ERROR, g_file_error_from_errno(errsv), "%s: %s", path,
                    g_strerror(errsv));
        return FALSE;
    }
    if (!S_ISREG(st.st_mode)) {
        g_set_error(error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA, _("%s: not a regular file"), path);
        return FALSE;
    }
    if (st.st_uid != geteuid() || (st.st_mode & 0077)) {
        g_set_error(error, G_IO_ERROR, G_IO_ERROR_PERMISSION_DENIED,
                    _("%s: insecure ownership or permissions (uid %u, mode %03o): a keyfile "
                      "must belong to uid %u and be readable by it alone, as NetworkManager "
                      "requires"),
                    path, (guint)st.st_uid, (guint)(st.st_mode & 0777), (guint)geteuid());
        return FALSE;
    }
    if (st.st_size > KEYFILE_MAX_SIZE) {
        g_set_error(error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                    _("%s: %lld bytes is more than a profile may hold (%d)"), path,
                    (long long)st.st_size, KEYFILE_MAX_SIZE);
        return FALSE;
    }
    return TRUE;
}

NMConnection *
keyfile_files_read(const char *path, GError **error)
{
    g_autoptr(GKeyFile) kf = g_key_file_new();
    g_autoptr(NMConnection) connection = NULL;
    g_autoptr(GError) local = NULL;
    g_autofree char *dir = g_path_get_dirname(path);
    g_autofree char *base = g_path_get_basename(path);
    NMSettingConnection *s_con;

    if (!check_file(path, error))
        return NULL;
    if (!g_key_file_load_from_file(kf, path, G_KEY_FILE_NONE, &local)) {
        g_set_error(error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA, "%s: %s", path, local->message);
        return NULL;
    }
    connection =
        nm_keyfile_read(kf, dir, NM_KEYFILE_HANDLER_FLAGS_NONE, read_handler, (void *)path, &local);
    if (!connection) {
        g_set_error(error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA, "%s: %s", path, local->message);
        return NULL;
    }
    s_con = nm_connection_get_setting_connection(connection);
    if (!s_con) {
        s_con = NM_SETTING_CONNECTION(nm_setting_connection_new());
        nm_connection_add_setting(connection, NM_SETTING(s_con));
    }
    if (!nm_setting_connection_get_id(s_con)) {
        if (g_str_has_suffix(base, KEYFILE_SUFFIX) && strlen(base) > strlen(KEYFILE_SUFFIX))
            base[strlen(base) - strlen(KEYFILE_SUFFIX)] = '\0';
        g_object_set(s_con, NM_SETTING_CONNECTION_ID, base, NULL);
    }
    if (!nm_setting_connection_get_uuid(s_con)) {
        g_autofree char *uuid = fallback_uuid(path);

        g_object_set(s_con, NM_SETTING_CONNECTION_UUID, uuid, NULL);
    }
    /* The shared normalization (no libnm critical on a gateway the method
     * forbids) and the same bounds as every other source of profiles. */
    if (!bondd_connection_accept(connection, &local)) {
        g_set_error(error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA, _("%s: invalid profile: %s"), path,
                    local->message);
        return NULL;
    }
    return g_steal_pointer(&connection);
}

gboolean
keyfile_files_write(const char *path, NMConnection *connection, GError **error)
{
    g_autoptr(GKeyFile) kf = NULL;
    g_autoptr(GError) local = NULL;
    g_autofree char *data = NULL;
    gsize len;

    kf = nm_keyfile_write(connection, NM_KEYFILE_HANDLER_FLAGS_NONE, NULL, NULL, &local);
    if (!kf) {
        g_set_error(error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                    _("cannot write profile '%s' as a keyfile: %s"),
                    nm_connection_get_id(connection), local->message);
        return FALSE;
    }
    data = g_key_file_to_data(kf, &len, NULL);
    /* A temporary file "PATH.XXXXXX" renamed over PATH: readers see the old
     * file or the new one, never half of one. */
    if (!g_file_set_contents_full(path, data, len,
                                  G_FILE_SET_CONTENTS_CONSISTENT | G_FILE_SET_CONTENTS_DURABLE,
                                  0600, &local)) {
        g_set_error(error, G_IO_ERROR, G_IO_ERROR_FAILED, "%s", local->message);
        return FALSE;
    }
    return TRUE;
}

guint
keyfile_files_remove_leftovers(const char *dir)
{
    g_autoptr(GDir) d = g_dir_open(dir, 0, NULL);
    const char *name;
    guint n = 0;

    while (d && (name = g_dir_read_name(d))) {
        g_autofree char *stem = NULL;
        g_autofree char *path = NULL;

        /* Ours: "NAME.nmconnection.XXXXXX". */
        if (!has_mkstemp_suffix(name))
            continue;
        stem = g_strndup(name, strlen(name) - 7);
        if (!g_str_has_suffix(stem, KEYFILE_SUFFIX))
            continue;
        path = g_build_filename(dir, name, NULL);
        if (g_unlink(path) == 0) {
            g_message(_("keyfile: removed %s, left by an interrupted write"), path);
            n++;
        }
    }
    return n;
}
