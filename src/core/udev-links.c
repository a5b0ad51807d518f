/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * udev's view of network links: a link is ready once udev's database has
 * it (udev has run its rules on it), seen at once by watching the
 * database's folder, or once udev's link policy has set its MAC address;
 * udev's announcement of the link, once the rules' programs are done, is
 * heard on its monitor (GUdev).  See udev-links.h.
 */
#include "config.h"

#include "udev-links.h"

#include <errno.h>
#include <gio/gio.h>
#include <glib-unix.h>
#include <glib/gi18n.h>
#include <gudev/gudev.h>
#include <linux/netdevice.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/inotify.h>
#include <unistd.h>

#define UDEV_CONTROL_PATH "/run/udev/control"
/* udev's database: a file "n<ifindex>" per network link, renamed into
 * place once the rules have run on the link. */
#define UDEV_DATA_DIR "/run/udev/data"

typedef struct {
    gint64 deadline; /* monotonic µs */
    /* Ready (udev's database has it) and in use; udev's announcement is
     * awaited until the deadline. */
    gboolean in_use;
    /* udev announced it while it was waited for: nothing of udev's is to come. */
    gboolean announced;
} LinkWait;

struct _BonddUdevLinks {
    char *control_path;
    /* Both made the first time a link is waited for, and kept: closing an
     * inotify descriptor waits for the kernel's grace period (milliseconds
     * on a busy machine), and a new monitor's bind can wait for the
     * netlink table, both right where an activation waits for udev. */
    GUdevClient *monitor; /* hears udev's announcements */
    int inotify_fd;       /* sees the database change ... */
    int inotify_watch;    /* ... while a link is waited for (else -1) */
    guint inotify_source;
    BonddUdevLinksChangedFunc changed;
    BonddUdevLinksProcessedFunc processed;
    gpointer user_data;
    GHashTable *links; /* ifindex -> LinkWait */
    guint timeout_source;
};

static gboolean
udev_runs(BonddUdevLinks *self)
{
    return g_file_test(self->control_path, G_FILE_TEST_EXISTS);
}

static LinkWait *
lookup(BonddUdevLinks *self, int ifindex)
{
    return g_hash_table_lookup(self->links, GINT_TO_POINTER(ifindex));
}

static void update_listeners(BonddUdevLinks *self);
static void arm_timeout(BonddUdevLinks *self);

static void
drop(BonddUdevLinks *self, int ifindex)
{
    if (!g_hash_table_remove(self->links, GINT_TO_POINTER(ifindex)))
        return;
    update_listeners(self);
    arm_timeout(self);
}

/* ---- listening ---------------------------------------------------------------------- */

static void
on_uevent(GUdevClient *client, const char *action, GUdevDevice *device, gpointer user_data)
{
    BonddUdevLinks *self = user_data;
    int ifindex = g_udev_device_get_property_as_int(device, "IFINDEX");
    LinkWait *link = ifindex > 0 ? lookup(self, ifindex) : NULL;

    if (!link)
        return;
    if (!link->in_use) {
        link->announced = TRUE;
        self->changed(self->user_data);
        return;
    }
    drop(self, ifindex);
    self->processed(ifindex, self->user_data);
}

/* A waited link's database entry appeared: it may be ready. */
static gboolean
on_database_changed(int fd, GIOCondition condition, gpointer user_data)
{
    BonddUdevLinks *self = user_data;
    gboolean any = FALSE;
    union {
        struct inotify_event event;
        char bytes[4096];
    } buf;
    ssize_t len;

    while ((len = read(fd, buf.bytes, sizeof buf.bytes)) > 0) {
        for (char *p = buf.bytes; p < buf.bytes + len;) {
            const struct inotify_event *event = (const struct inotify_event *)p;
            int ifindex = 0, end = 0;
            LinkWait *link;

            p += sizeof *event + event->len;
            if (event->len == 0 || sscanf(event->name, "n%d%n", &ifindex, &end) != 1 ||
                event->name[end] != '\0')
                continue;
            link = lookup(self, ifindex);
            any = any || (link && !link->in_use);
        }
    }
    if (any)
        self->changed(self->user_data);
    return G_SOURCE_CONTINUE;
}

static void
watch_database(BonddUdevLinks *self, gboolean watch)
{
    if (watch && self->inotify_fd < 0) {
        self->inotify_fd = inotify_init1(IN_NONBLOCK | IN_CLOEXEC);
        /* Without it, udev's announcement still tells, later. */
        if (self->inotify_fd < 0) {
            g_debug("udev: cannot watch %s: %s", UDEV_DATA_DIR, g_strerror(errno));
            return;
        }
        self->inotify_source = g_unix_fd_add(self->inotify_fd, G_IO_IN, on_database_changed, self);
    }
    if (watch && self->inotify_watch < 0) {
        self->inotify_watch =
            inotify_add_watch(self->inotify_fd, UDEV_DATA_DIR, IN_MOVED_TO | IN_CREATE);
        if (self->inotify_watch < 0)
            g_debug("udev: cannot watch %s: %s", UDEV_DATA_DIR, g_strerror(errno));
    } else if (!watch && self->inotify_watch >= 0) {
        /* Removing a watch does not wait for the kernel, unlike closing. */
        inotify_rm_watch(self->inotify_fd, self->inotify_watch);
        self->inotify_watch = -1;
    }
}

/* Only a link waited for makes bondd watch udev's database (a folder udev
 * writes for every event).  The monitor, once made, stays: it hears only
 * network links' events (added, removed, renamed, moved), which are
 * rare; a link is asked about again once listening (see
 * bondd_udev_links_ready()), so an event before it is not missed. */
static void
update_listeners(BonddUdevLinks *self)
{
    static const char *const subsystems[] = {"net", NULL};
    gboolean waiting = FALSE;
    GHashTableIter iter;
    gpointer value;

    g_hash_table_iter_init(&iter, self->links);
    while (!waiting && g_hash_table_iter_next(&iter, NULL, &value))
        waiting = !((LinkWait *)value)->in_use;
    watch_database(self, waiting);
    if (g_hash_table_size(self->links) > 0 && !self->monitor) {
        self->monitor = g_udev_client_new(subsystems);
        g_signal_connect(self->monitor, "uevent", G_CALLBACK(on_uevent), self);
    }
}

static void
stop_listening(BonddUdevLinks *self)
{
    g_clear_handle_id(&self->inotify_source, g_source_remove);
    if (self->inotify_fd >= 0)
        close(self->inotify_fd);
    self->inotify_fd = self->inotify_watch = -1;
    if (self->monitor) {
        g_signal_handlers_disconnect_by_data(self->monitor, self);
        g_clear_object(&self->monitor);
    }
}

/* ---- deadlines ---------------------------------------------------------------------- */

static gboolean
timeout_cb(gpointer user_data)
{
    BonddUdevLinks *self = user_data;
    gint64 now = g_get_monotonic_time();
    gboolean waited_out = FALSE;
    GHashTableIter iter;
    LinkWait *link;

    self->timeout_source = 0;
    /* An announcement that never came: udev sent it before bondd listened. */
    g_hash_table_iter_init(&iter, self->links);
    while (g_hash_table_iter_next(&iter, NULL, (gpointer *)&link)) {
        if (link->deadline > now)
            continue;
        if (link->in_use)
            g_hash_table_iter_remove(&iter);
        else
            waited_out = TRUE;
    }
    update_listeners(self);
    arm_timeout(self);
    if (waited_out)
        self->changed(self->user_data);
    return G_SOURCE_REMOVE;
}

static void
arm_timeout(BonddUdevLinks *self)
{
    gint64 now = g_get_monotonic_time(), first = G_MAXINT64;
    GHashTableIter iter;
    LinkWait *link;

    g_clear_handle_id(&self->timeout_source, g_source_remove);
    g_hash_table_iter_init(&iter, self->links);
    while (g_hash_table_iter_next(&iter, NULL, (gpointer *)&link))
        /* One waited out already is dealt with by its ready(). */
        if (link->in_use || link->deadline > now)
            first = MIN(first, link->deadline);
    if (first != G_MAXINT64)
        self->timeout_source =
            g_timeout_add(first > now ? (guint)((first - now + 999) / 1000) : 0, timeout_cb, self);
}

/* ---- the links ---------------------------------------------------------------------- */

BonddUdevLinks *
bondd_udev_links_new(const char *control_path, BonddUdevLinksChangedFunc changed,
                     BonddUdevLinksProcessedFunc processed, gpointer user_data)
{
    BonddUdevLinks *self = g_new0(BonddUdevLinks, 1);

    self->control_path = g_strdup(control_path ? control_path : UDEV_CONTROL_PATH);
    self->inotify_fd = self->inotify_watch = -1;
    self->changed = changed;
    self->processed = processed;
    self->user_data = user_data;
    self->links = g_hash_table_new_full(NULL, NULL, NULL, g_free);
    return self;
}

void
bondd_udev_links_free(BonddUdevLinks *self)
{
    if (!self)
        return;
    g_clear_handle_id(&self->timeout_source, g_source_remove);
    stop_listening(self);
    g_hash_table_unref(self->links);
    g_free(self->control_path);
    g_free(self);
}

/* udev's own test of "initialized": its database has the link. */
static gboolean
in_database(int ifindex)
{
    g_autofree char *path = g_strdup_printf(UDEV_DATA_DIR "/n%d", ifindex);

    return access(path, F_OK) == 0;
}

static int
read_link_attribute(const char *ifname, const char *attribute)
{
    g_autofree char *path = g_strdup_printf("/sys/class/net/%s/%s", ifname, attribute);
    g_autofree char *text = NULL;

    return g_file_get_contents(path, &text, NULL, NULL) ? atoi(text) : -1;
}

/* Whether the link's MAC address has been set explicitly, udev's link
 * policy having given it one: a set address is left alone by that policy
 * and by the kernel (a bond takes its first port's address only while its
 * own is random), so nothing is left to race, and the rest of udev's rules
 * need not be awaited. */
static gboolean
address_set(int ifindex, const char *ifname)
{
    /* The same name may stand for a link that went. */
    return read_link_attribute(ifname, "addr_assign_type") == NET_ADDR_SET &&
           read_link_attribute(ifname, "ifindex") == ifindex;
}

gboolean
bondd_udev_links_ready(BonddUdevLinks *self, int ifindex, const char *ifname)
{
    LinkWait *link = lookup(self, ifindex);
    gboolean first = !link;

    if (!udev_runs(self)) {
        drop(self, ifindex);
        return TRUE;
    }
    if (link && link->in_use)
        return TRUE;
    if (first) {
        link = g_new0(LinkWait, 1);
        link->deadline = g_get_monotonic_time() + BONDD_UDEV_WAIT_S * G_USEC_PER_SEC;
        g_hash_table_insert(self->links, GINT_TO_POINTER(ifindex), link);
        update_listeners(self);
    }
    if (in_database(ifindex) || address_set(ifindex, ifname)) {
        if (link->announced) {
            drop(self, ifindex);
        } else {
            link->in_use = TRUE;
            link->deadline = g_get_monotonic_time() + BONDD_UDEV_WAIT_S * G_USEC_PER_SEC;
            update_listeners(self);
            arm_timeout(self);
        }
        return TRUE;
    }
    if (g_get_monotonic_time() < link->deadline) {
        if (first) {
            g_debug("%s: waiting for udev to initialize the link", ifname);
            arm_timeout(self);
        }
        return FALSE;
    }
    g_warning(_("%s: udev has not initialized the link within %d s; going on without it"), ifname,
              BONDD_UDEV_WAIT_S);
    drop(self, ifindex);
    return TRUE;
}

void
bondd_udev_links_forget(BonddUdevLinks *self, int ifindex)
{
    drop(self, ifindex);
}
