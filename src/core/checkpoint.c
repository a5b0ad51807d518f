/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * A checkpoint (see checkpoint.h).  The snapshot holds, per device, the
 * profile that ran on it with its settings as they were, and the UUIDs of
 * every profile and the paths of every device that existed; a rollback
 * writes the profiles back (their files included), then activates or
 * disconnects the devices as they were, controllers first so that their
 * ports find them.
 */
#include "config.h"

#include "checkpoint.h"

#include <glib/gi18n.h>
#include <time.h>

typedef struct {
    char *path; /* the device object's path then: the key of the result */
    char *iface;
    const BonddDeviceKind *kind;
    char *uuid;             /* the profile active on it, or NULL */
    NMConnection *settings; /* that profile's settings then */
} DeviceSnapshot;

struct _BonddCheckpoint {
    GObject parent;

    BonddDaemon *daemon;
    BonddDeviceManager *devices;
    BonddActivationEngine *engine;
    char *path;
    NMDBusObjectSkeleton *object;
    NMDBusCheckpoint *skel;
    GPtrArray *snapshots;  /* DeviceSnapshot* */
    GHashTable *uuids;     /* every profile's UUID then */
    GHashTable *all_paths; /* every device's path then */
    guint flags;           /* NMCheckpointCreateFlags */
    gint64 created_ms;     /* CLOCK_BOOTTIME */
    guint timeout_source;
};

G_DEFINE_TYPE(BonddCheckpoint, bondd_checkpoint, G_TYPE_OBJECT)

enum { SIG_EXPIRED, N_SIGNALS };
static guint signals[N_SIGNALS];

static gint64
boottime_ms(void)
{
    struct timespec ts;

    clock_gettime(CLOCK_BOOTTIME, &ts);
    return (gint64)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static void
snapshot_free(DeviceSnapshot *snap)
{
    g_free(snap->path);
    g_free(snap->iface);
    g_free(snap->uuid);
    g_clear_object(&snap->settings);
    g_free(snap);
}

static DeviceSnapshot *
snapshot_take(BonddCheckpoint *self, BonddNmDevice *device)
{
    DeviceSnapshot *snap = g_new0(DeviceSnapshot, 1);
    BonddActiveConnection *ac = bondd_activation_engine_get_device_active(self->engine, device);

    snap->path = g_strdup(bondd_nm_device_get_path(device));
    snap->iface = g_strdup(bondd_nm_device_get_iface(device));
    snap->kind = bondd_nm_device_get_kind(device);
    if (ac) {
        BonddProfile *profile = bondd_active_connection_get_profile(ac);

        snap->uuid = g_strdup(bondd_profile_get_uuid(profile));
        snap->settings = bondd_profile_dup_connection(profile);
    }
    return snap;
}

/* ---- rollback ---------------------------------------------------------------- */

/* The profile back as it was: written to its file again, or added again
 * when it was deleted.  FALSE (logged) if that fails. */
static gboolean
restore_profile(BonddCheckpoint *self, DeviceSnapshot *snap)
{
    BonddSettings *settings = self->daemon->settings;
    BonddProfile *profile = bondd_settings_find_by_uuid(settings, snap->uuid);
    g_autoptr(NMConnection) now = profile ? bondd_profile_dup_connection(profile) : NULL;
    g_autoptr(GError) error = NULL;

    if (now && nm_connection_compare(now, snap->settings, NM_SETTING_COMPARE_FLAG_EXACT))
        return TRUE;
    if (profile ? bondd_settings_update_profile(settings, profile, snap->settings,
                                                BONDD_PERSIST_DISK, &error)
                : bondd_settings_add_profile(settings, snap->settings, TRUE, NULL, &error) != NULL)
        return TRUE;
    g_warning(_("checkpoint %s: cannot restore profile '%s' of %s: %s"), self->path,
              nm_connection_get_id(snap->settings), snap->iface, error->message);
    return FALSE;
}

/* The device now standing for the snapshot's: the same object if it lives
 * on, else the device of that name. */
static BonddNmDevice *
device_now(BonddCheckpoint *self, DeviceSnapshot *snap)
{
    BonddNmDevice *device = bondd_device_manager_get_by_path(self->devices, snap->path);

    if (device && bondd_nm_device_is_real(device))
        return device;
    return bondd_device_manager_get_by_iface(self->devices, snap->iface);
}

static NMRollbackResult
restore_device(BonddCheckpoint *self, DeviceSnapshot *snap)
{
    BonddNmDevice *device = device_now(self, snap);
    gboolean software = bondd_device_kind_has(snap->kind, BONDD_KIND_SOFTWARE);
    BonddActiveConnection *ac =
        device ? bondd_activation_engine_get_device_active(self->engine, device) : NULL;
    BonddProfile *profile;
    g_autoptr(GError) error = NULL;

    if (!snap->uuid) {
        /* It ran nothing then. */
        if (ac)
            bondd_activation_engine_deactivate(
                self->engine, ac, NM_ACTIVE_CONNECTION_STATE_REASON_DEVICE_DISCONNECTED);
        return device || software ? NM_ROLLBACK_RESULT_OK : NM_ROLLBACK_RESULT_ERR_NO_DEVICE;
    }
    if (!device && !software)
        return NM_ROLLBACK_RESULT_ERR_NO_DEVICE;
    if (device && !bondd_nm_device_get_managed(device))
        return NM_ROLLBACK_RESULT_ERR_DEVICE_UNMANAGED;
    profile = bondd_settings_find_by_uuid(self->daemon->settings, snap->uuid);
    if (!profile)
        return NM_ROLLBACK_RESULT_ERR_FAILED;
    /* Already running as it was: traffic keeps flowing. */
    if (ac && bondd_active_connection_get_profile(ac) == profile &&
        nm_connection_compare(bondd_active_connection_get_applied(ac), snap->settings,
                              NM_SETTING_COMPARE_FLAG_EXACT))
        return NM_ROLLBACK_RESULT_OK;
    if (!bondd_activation_engine_activate(self->engine, profile, software ? NULL : device,
                                          BONDD_ACTIVATION_USER, &error)) {
        g_warning(_("checkpoint %s: cannot activate '%s' on %s again: %s"), self->path,
                  bondd_profile_get_id(profile), snap->iface, error->message);
        return NM_ROLLBACK_RESULT_ERR_FAILED;
    }
    return NM_ROLLBACK_RESULT_OK;
}

/* Profiles made after the checkpoint go (DELETE_NEW_CONNECTIONS). */
static void
delete_new_profiles(BonddCheckpoint *self)
{
    GPtrArray *profiles = bondd_settings_get_profiles(self->daemon->settings);
    g_autoptr(GPtrArray) doomed = g_ptr_array_new_with_free_func(g_object_unref);

    for (guint i = 0; i < profiles->len; i++) {
        BonddProfile *p = profiles->pdata[i];

        if (!g_hash_table_contains(self->uuids, bondd_profile_get_uuid(p)))
            g_ptr_array_add(doomed, g_object_ref(p));
    }
    for (guint i = 0; i < doomed->len; i++) {
        g_autoptr(GError) error = NULL;

        if (!bondd_settings_delete_profile(self->daemon->settings, doomed->pdata[i], &error))
            g_warning(_("checkpoint %s: cannot delete new profile '%s': %s"), self->path,
                      bondd_profile_get_id(doomed->pdata[i]), error->message);
    }
}

/* Devices that appeared after the checkpoint are disconnected
 * (DISCONNECT_NEW_DEVICES). */
static void
disconnect_new_devices(BonddCheckpoint *self)
{
    g_autoptr(GPtrArray) devices = bondd_device_manager_get_devices(self->devices);

    for (guint i = 0; i < devices->len; i++) {
        BonddNmDevice *device = devices->pdata[i];
        BonddActiveConnection *ac;

        if (g_hash_table_contains(self->all_paths, bondd_nm_device_get_path(device)))
            continue;
        ac = bondd_activation_engine_get_device_active(self->engine, device);
        if (ac)
            bondd_activation_engine_deactivate(
                self->engine, ac, NM_ACTIVE_CONNECTION_STATE_REASON_DEVICE_DISCONNECTED);
    }
}

GVariant *
bondd_checkpoint_rollback(BonddCheckpoint *self)
{
    GVariantBuilder results;

    g_message(_("checkpoint %s: rolling back %u device(s)"), self->path, self->snapshots->len);
    g_clear_handle_id(&self->timeout_source, g_source_remove);
    g_variant_builder_init(&results, G_VARIANT_TYPE("a{su}"));
    for (guint i = 0; i < self->snapshots->len; i++) {
        DeviceSnapshot *snap = self->snapshots->pdata[i];

        if (snap->uuid)
            restore_profile(self, snap);
    }
    if (self->flags & NM_CHECKPOINT_CREATE_FLAG_DELETE_NEW_CONNECTIONS)
        delete_new_profiles(self);
    /* Controllers first: their ports then find them up. */
    for (int pass = 0; pass < 2; pass++) {
        for (guint i = 0; i < self->snapshots->len; i++) {
            DeviceSnapshot *snap = self->snapshots->pdata[i];
            gboolean controller = bondd_device_kind_has(snap->kind, BONDD_KIND_CONTROLLER);
            NMRollbackResult result;

            if (controller != (pass == 0))
                continue;
            result = restore_device(self, snap);
            g_debug("checkpoint %s: %s -> %u", self->path, snap->iface, result);
            g_variant_builder_add(&results, "{su}", snap->path, (guint32)result);
        }
    }
    if (self->flags & NM_CHECKPOINT_CREATE_FLAG_DISCONNECT_NEW_DEVICES)
        disconnect_new_devices(self);
    return g_variant_builder_end(&results);
}

/* ---- timeout ----------------------------------------------------------------- */

static gboolean
timeout_cb(gpointer user_data)
{
    BonddCheckpoint *self = user_data;

    self->timeout_source = 0;
    g_message(_("checkpoint %s: rollback timeout reached"), self->path);
    g_signal_emit(self, signals[SIG_EXPIRED], 0);
    return G_SOURCE_REMOVE;
}

void
bondd_checkpoint_adjust_timeout(BonddCheckpoint *self, guint add_timeout)
{
    gint64 age_s = (boottime_ms() - self->created_ms + 999) / 1000;

    g_clear_handle_id(&self->timeout_source, g_source_remove);
    /* RollbackTimeout counts from Created: approximate to a second. */
    nmdbus_checkpoint_set_rollback_timeout(self->skel,
                                           add_timeout ? (guint)(age_s + add_timeout) : 0);
    if (add_timeout)
        self->timeout_source = g_timeout_add_seconds(add_timeout, timeout_cb, self);
}

/* ---- object -------------------------------------------------------------------- */

const char *
bondd_checkpoint_get_path(BonddCheckpoint *self)
{
    return self->path;
}

gboolean
bondd_checkpoint_has_device(BonddCheckpoint *self, const char *device_path)
{
    for (guint i = 0; i < self->snapshots->len; i++) {
        DeviceSnapshot *snap = self->snapshots->pdata[i];

        if (g_strcmp0(snap->path, device_path) == 0)
            return TRUE;
    }
    return FALSE;
}

void
bondd_checkpoint_unexport(BonddCheckpoint *self)
{
    g_clear_handle_id(&self->timeout_source, g_source_remove);
    if (self->object)
        g_dbus_object_manager_server_unexport(self->daemon->object_manager, self->path);
}

BonddCheckpoint *
bondd_checkpoint_new(BonddDaemon *daemon, BonddDeviceManager *devices,
                     BonddActivationEngine *engine, GPtrArray *snapshot_devices,
                     guint rollback_timeout, guint flags)
{
    BonddCheckpoint *self = g_object_new(BONDD_TYPE_CHECKPOINT, NULL);
    GPtrArray *profiles = bondd_settings_get_profiles(daemon->settings);
    g_autoptr(GPtrArray) all = bondd_device_manager_get_devices(devices);
    g_autoptr(GPtrArray) paths = g_ptr_array_new();

    self->daemon = daemon;
    self->devices = g_object_ref(devices);
    self->engine = g_object_ref(engine);
    self->flags = flags;
    self->created_ms = boottime_ms();
    for (guint i = 0; i < snapshot_devices->len; i++) {
        DeviceSnapshot *snap = snapshot_take(self, snapshot_devices->pdata[i]);

        g_ptr_array_add(self->snapshots, snap);
        g_ptr_array_add(paths, snap->path);
    }
    g_ptr_array_add(paths, NULL);
    for (guint i = 0; i < profiles->len; i++)
        g_hash_table_add(self->uuids, g_strdup(bondd_profile_get_uuid(profiles->pdata[i])));
    for (guint i = 0; i < all->len; i++)
        g_hash_table_add(self->all_paths, g_strdup(bondd_nm_device_get_path(all->pdata[i])));

    self->path = bondd_daemon_next_object_path(daemon, "Checkpoint");
    self->object = nmdbus_object_skeleton_new(self->path);
    self->skel = nmdbus_checkpoint_skeleton_new();
    nmdbus_checkpoint_set_devices(self->skel, (const char *const *)paths->pdata);
    nmdbus_checkpoint_set_created(self->skel, self->created_ms);
    nmdbus_checkpoint_set_rollback_timeout(self->skel, rollback_timeout);
    nmdbus_object_skeleton_set_checkpoint(self->object, self->skel);
    g_dbus_object_manager_server_export(daemon->object_manager,
                                        G_DBUS_OBJECT_SKELETON(self->object));
    if (rollback_timeout)
        self->timeout_source = g_timeout_add_seconds(rollback_timeout, timeout_cb, self);
    g_message(_("checkpoint %s: created for %u device(s), rollback in %u s%s"), self->path,
              snapshot_devices->len, rollback_timeout, rollback_timeout ? "" : _(" (never)"));
    return self;
}

static void
bondd_checkpoint_dispose(GObject *object)
{
    BonddCheckpoint *self = BONDD_CHECKPOINT(object);

    bondd_checkpoint_unexport(self);
    g_clear_object(&self->skel);
    g_clear_object(&self->object);
    g_clear_object(&self->devices);
    g_clear_object(&self->engine);
    G_OBJECT_CLASS(bondd_checkpoint_parent_class)->dispose(object);
}

static void
bondd_checkpoint_finalize(GObject *object)
{
    BonddCheckpoint *self = BONDD_CHECKPOINT(object);

    g_ptr_array_unref(self->snapshots);
    g_hash_table_unref(self->uuids);
    g_hash_table_unref(self->all_paths);
    g_free(self->path);
    G_OBJECT_CLASS(bondd_checkpoint_parent_class)->finalize(object);
}

static void
bondd_checkpoint_init(BonddCheckpoint *self)
{
    self->snapshots = g_ptr_array_new_with_free_func((GDestroyNotify)snapshot_free);
    self->uuids = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
    self->all_paths = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
}

static void
bondd_checkpoint_class_init(BonddCheckpointClass *klass)
{
    GObjectClass *object_class = G_OBJECT_CLASS(klass);

    object_class->dispose = bondd_checkpoint_dispose;
    object_class->finalize = bondd_checkpoint_finalize;

    signals[SIG_EXPIRED] = g_signal_new("expired", G_TYPE_FROM_CLASS(klass), G_SIGNAL_RUN_LAST, 0,
                                        NULL, NULL, NULL, G_TYPE_NONE, 0);
}
