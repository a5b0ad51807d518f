/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Atomic file replacement and the sweep of leftover temp files; see
 * atomic-file.h.
 */
#include "config.h"

#include "atomic-file.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#define TEMP_MARK "bondd-"
/* What g_mkstemp() puts in place of XXXXXX. */
#define TEMP_RANDOM_LEN 6

static gboolean
set_errno_error(GError **error, const char *path, int errsv)
{
    g_set_error(error, G_FILE_ERROR, g_file_error_from_errno(errsv), _("cannot write %s: %s"), path,
                g_strerror(errsv));
    return FALSE;
}

gboolean
atomic_file_replace(const char *path, const char *data, gsize len, int mode, GError **error)
{
    g_autofree char *dir = g_path_get_dirname(path);
    g_autofree char *base = g_path_get_basename(path);
    g_autofree char *tmp = g_strdup_printf("%s/.%s." TEMP_MARK "XXXXXX", dir, base);
    gsize done = 0;
    GStatBuf st;
    int fd;
    int dfd;
    int errsv;

    if (g_stat(path, &st) == 0)
        mode = st.st_mode & 07777;

    fd = g_mkstemp_full(tmp, O_WRONLY | O_CLOEXEC, 0600);
    if (fd < 0)
        return set_errno_error(error, path, errno);
    /* Held until the rename is done: the sweep leaves a locked file alone. */
    if (flock(fd, LOCK_EX) < 0)
        goto fail;
    while (done < len) {
        ssize_t n = write(fd, data + done, len - done);

        if (n < 0 && errno == EINTR)
            continue;
        if (n < 0)
            goto fail;
        done += n;
    }
    if (fchmod(fd, mode) < 0 || fsync(fd) < 0)
        goto fail;
    if (rename(tmp, path) < 0)
        goto fail;
    if (close(fd) < 0) {
        /* The data is on disk (fsync) and in place: nothing to undo. */
        g_debug("closing %s: %s", path, g_strerror(errno));
    }

    /* Make the rename itself durable. */
    dfd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (dfd >= 0) {
        fsync(dfd);
        close(dfd);
    }
    return TRUE;

fail:
    errsv = errno;
    unlink(tmp);
    close(fd);
    return set_errno_error(error, path, errsv);
}

gboolean
atomic_file_is_temp_name(const char *name)
{
    gsize n = strlen(name);
    const char *random;

    /* ".X.bondd-XXXXXX" at the very least. */
    if (name[0] != '.' || n < strlen(".X." TEMP_MARK) + TEMP_RANDOM_LEN)
        return FALSE;
    random = name + n - TEMP_RANDOM_LEN;
    if (!g_str_has_prefix(random - strlen("." TEMP_MARK), "." TEMP_MARK))
        return FALSE;
    for (guint i = 0; i < TEMP_RANDOM_LEN; i++) {
        if (!g_ascii_isalnum(random[i]))
            return FALSE;
    }
    return strchr(name, '/') == NULL;
}

/* Remove @name from @dfd if it is a regular file nobody holds locked. */
static gboolean
sweep_one(int dfd, const char *dir, const char *name)
{
    struct stat by_fd, by_name;
    gboolean removed = FALSE;
    int fd;

    fd = openat(dfd, name, O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_NOCTTY | O_CLOEXEC);
    if (fd < 0)
        return FALSE;
    /* A writer holds its lock until its rename is done. */
    if (fstat(fd, &by_fd) == 0 && S_ISREG(by_fd.st_mode) && flock(fd, LOCK_EX | LOCK_NB) == 0 &&
        fstatat(dfd, name, &by_name, AT_SYMLINK_NOFOLLOW) == 0 && by_name.st_dev == by_fd.st_dev &&
        by_name.st_ino == by_fd.st_ino) {
        if (unlinkat(dfd, name, 0) == 0) {
            g_message(_("ifcfg: removed %s/%s, left by an interrupted write"), dir, name);
            removed = TRUE;
        } else {
            g_warning(_("ifcfg: cannot remove %s/%s: %s"), dir, name, g_strerror(errno));
        }
    }
    close(fd);
    return removed;
}

guint
atomic_file_sweep(const char *dir)
{
    DIR *d;
    struct dirent *entry;
    guint removed = 0;

    d = opendir(dir);
    if (!d)
        return 0;
    while ((entry = readdir(d))) {
        if (atomic_file_is_temp_name(entry->d_name) && sweep_one(dirfd(d), dir, entry->d_name))
            removed++;
    }
    closedir(d);
    return removed;
}
