/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * udev's view of network links, through GUdev: a link is ready once udev's
 * database has it (udev has run its rules on it).  See udev-links.h.
 */
#include "config.h"

#include "udev-links.h"

#include <gio/gio.h>
#include <glib/gi18n.h>
#include <gudev/gudev.h>

#define UDEV_CONTROL_PATH "/run/udev/control"

struct _BonddUdevLinks {
    char *control_path;
    GUdevClient *client;  /* asks udev's database */
    GUdevClient *monitor; /* hears udev's events, only while a link is waited for */
    BonddUdevLinksChangedFunc changed;
    gpointer user_data;
    /* ifindex -> deadline (monotonic µs) of links waited for. */
    GHashTable *waits;
    guint timeout_source;
};

static gboolean
udev_runs(BonddUdevLinks *self)
{
    return g_file_test(self->control_path, G_FILE_TEST_EXISTS);
}

static void
on_uevent(GUdevClient *client, const char *action, GUdevDevice *device, gpointer user_data)
{
    BonddUdevLinks *self = user_data;

    self->changed(self->user_data);
}

/* Listening costs an object per event of every network link: only while
 * a link is waited for.  A link is asked about again once listening (see
 * bondd_udev_links_ready()), so an event before it is not missed. */
static void
listen_while_waiting(BonddUdevLinks *self)
{
    static const char *const subsystems[] = {"net", NULL};
    gboolean waiting = g_hash_table_size(self->waits) > 0;

    if (waiting && !self->monitor) {
        self->monitor = g_udev_client_new(subsystems);
        g_signal_connect(self->monitor, "uevent", G_CALLBACK(on_uevent), self);
    } else if (!waiting && self->monitor) {
        g_signal_handlers_disconnect_by_data(self->monitor, self);
        g_clear_object(&self->monitor);
    }
}

BonddUdevLinks *
bondd_udev_links_new(const char *control_path, BonddUdevLinksChangedFunc changed,
                     gpointer user_data)
{
    BonddUdevLinks *self = g_new0(BonddUdevLinks, 1);

    self->control_path = g_strdup(control_path ? control_path : UDEV_CONTROL_PATH);
    self->changed = changed;
    self->user_data = user_data;
    self->waits = g_hash_table_new_full(NULL, NULL, NULL, g_free);
    self->client = g_udev_client_new(NULL);
    return self;
}

void
bondd_udev_links_free(BonddUdevLinks *self)
{
    if (!self)
        return;
    g_clear_handle_id(&self->timeout_source, g_source_remove);
    g_hash_table_remove_all(self->waits);
    listen_while_waiting(self);
    g_object_unref(self->client);
    g_hash_table_unref(self->waits);
    g_free(self->control_path);
    g_free(self);
}

static gboolean
initialized(BonddUdevLinks *self, int ifindex, const char *ifname)
{
    g_autoptr(GUdevDevice) device =
        g_udev_client_query_by_subsystem_and_name(self->client, "net", ifname);

    /* The same name may still stand for a link that went. */
    return device && g_udev_device_get_sysfs_attr_as_int(device, "ifindex") == ifindex &&
           g_udev_device_get_is_initialized(device);
}

static gboolean
timeout_cb(gpointer user_data)
{
    BonddUdevLinks *self = user_data;

    self->timeout_source = 0;
    self->changed(self->user_data);
    return G_SOURCE_REMOVE;
}

static void
arm_timeout(BonddUdevLinks *self)
{
    gint64 now = g_get_monotonic_time(), first = G_MAXINT64;
    GHashTableIter iter;
    gpointer value;

    g_clear_handle_id(&self->timeout_source, g_source_remove);
    g_hash_table_iter_init(&iter, self->waits);
    while (g_hash_table_iter_next(&iter, NULL, &value))
        first = MIN(first, *(gint64 *)value);
    if (first != G_MAXINT64)
        self->timeout_source =
            g_timeout_add(first > now ? (guint)((first - now + 999) / 1000) : 0, timeout_cb, self);
}

gboolean
bondd_udev_links_ready(BonddUdevLinks *self, int ifindex, const char *ifname)
{
    gint64 *deadline;

    if (!udev_runs(self) || initialized(self, ifindex, ifname)) {
        bondd_udev_links_forget(self, ifindex);
        return TRUE;
    }
    deadline = g_hash_table_lookup(self->waits, GINT_TO_POINTER(ifindex));
    if (!deadline) {
        deadline = g_new(gint64, 1);
        *deadline = g_get_monotonic_time() + BONDD_UDEV_WAIT_S * G_USEC_PER_SEC;
        g_hash_table_insert(self->waits, GINT_TO_POINTER(ifindex), deadline);
        listen_while_waiting(self);
        /* Done while the listener was not there yet? */
        if (initialized(self, ifindex, ifname)) {
            bondd_udev_links_forget(self, ifindex);
            return TRUE;
        }
        g_debug("%s: waiting for udev to initialize the link", ifname);
        arm_timeout(self);
        return FALSE;
    }
    if (g_get_monotonic_time() < *deadline)
        return FALSE;
    g_warning(_("%s: udev has not initialized the link within %d s; going on without it"), ifname,
              BONDD_UDEV_WAIT_S);
    bondd_udev_links_forget(self, ifindex);
    return TRUE;
}

void
bondd_udev_links_forget(BonddUdevLinks *self, int ifindex)
{
    if (!g_hash_table_remove(self->waits, GINT_TO_POINTER(ifindex)))
        return;
    listen_while_waiting(self);
    arm_timeout(self);
}
