/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The daemon's checkpoints (see checkpoint-manager.h).  Method calls are
 * authorized first (auth.c), then checked against what exists; the
 * Checkpoints property lists them in creation order.
 */
#include "config.h"

#include "checkpoint-manager.h"

#include <glib/gi18n.h>
#include <string.h>

#include "auth.h"
#include "checkpoint.h"
#include "errors.h"

/* Every NMCheckpointCreateFlags bit a client may pass. */
#define KNOWN_CREATE_FLAGS                                                                         \
    (NM_CHECKPOINT_CREATE_FLAG_DESTROY_ALL | NM_CHECKPOINT_CREATE_FLAG_DELETE_NEW_CONNECTIONS |    \
     NM_CHECKPOINT_CREATE_FLAG_DISCONNECT_NEW_DEVICES |                                            \
     NM_CHECKPOINT_CREATE_FLAG_ALLOW_OVERLAPPING |                                                 \
     NM_CHECKPOINT_CREATE_FLAG_NO_PRESERVE_EXTERNAL_PORTS)

struct _BonddCheckpointManager {
    GObject parent;

    BonddDaemon *daemon;
    NMDBusManager *skel;
    BonddDeviceManager *devices;
    BonddActivationEngine *engine;
    GPtrArray *checkpoints; /* BonddCheckpoint*, oldest first */
    gboolean stopped;
};

G_DEFINE_TYPE(BonddCheckpointManager, bondd_checkpoint_manager, G_TYPE_OBJECT)

static void
update_property(BonddCheckpointManager *self)
{
    g_autoptr(GPtrArray) paths = g_ptr_array_new();

    for (guint i = 0; i < self->checkpoints->len; i++)
        g_ptr_array_add(paths, (char *)bondd_checkpoint_get_path(self->checkpoints->pdata[i]));
    g_ptr_array_add(paths, NULL);
    nmdbus_manager_set_checkpoints(self->skel, (const char *const *)paths->pdata);
    g_dbus_interface_skeleton_flush(G_DBUS_INTERFACE_SKELETON(self->skel));
}

static BonddCheckpoint *
find(BonddCheckpointManager *self, const char *path, GError **error)
{
    for (guint i = 0; i < self->checkpoints->len; i++) {
        BonddCheckpoint *cp = self->checkpoints->pdata[i];

        if (strcmp(bondd_checkpoint_get_path(cp), path) == 0)
            return cp;
    }
    g_set_error(error, BONDD_MANAGER_ERROR, BONDD_MANAGER_ERROR_INVALID_ARGUMENTS,
                _("checkpoint %s does not exist"), path);
    return NULL;
}

static void
destroy(BonddCheckpointManager *self, BonddCheckpoint *cp)
{
    g_message(_("checkpoint %s: destroyed"), bondd_checkpoint_get_path(cp));
    g_signal_handlers_disconnect_by_data(cp, self);
    bondd_checkpoint_unexport(cp);
    g_ptr_array_remove(self->checkpoints, cp);
    update_property(self);
}

static void
destroy_all(BonddCheckpointManager *self)
{
    while (self->checkpoints->len)
        destroy(self, self->checkpoints->pdata[self->checkpoints->len - 1]);
}

static void
expired_cb(BonddCheckpoint *cp, gpointer user_data)
{
    BonddCheckpointManager *self = user_data;
    g_autoptr(GVariant) results = g_variant_ref_sink(bondd_checkpoint_rollback(cp));

    destroy(self, cp);
}

/* The devices a new checkpoint covers: those named, or every realized one
 * when none is; NULL with InvalidArguments naming the offending device. */
static GPtrArray *
choose_devices(BonddCheckpointManager *self, const char *const *paths, guint flags, GError **error)
{
    g_autoptr(GPtrArray) chosen = NULL;

    if (!paths || !paths[0]) {
        chosen = bondd_device_manager_get_devices(self->devices);
    } else {
        chosen = g_ptr_array_new();
        for (guint i = 0; paths[i]; i++) {
            BonddNmDevice *device = bondd_device_manager_get_by_path(self->devices, paths[i]);

            if (!device || !bondd_nm_device_is_real(device)) {
                g_set_error(error, BONDD_MANAGER_ERROR, BONDD_MANAGER_ERROR_INVALID_ARGUMENTS,
                            _("device %s does not exist"), paths[i]);
                return NULL;
            }
            if (!g_ptr_array_find(chosen, device, NULL))
                g_ptr_array_add(chosen, device);
        }
    }
    /* Overlap is allowed, or the others go anyway. */
    if (flags &
        (NM_CHECKPOINT_CREATE_FLAG_ALLOW_OVERLAPPING | NM_CHECKPOINT_CREATE_FLAG_DESTROY_ALL))
        return g_steal_pointer(&chosen);
    for (guint i = 0; i < chosen->len; i++) {
        const char *path = bondd_nm_device_get_path(chosen->pdata[i]);

        for (guint j = 0; j < self->checkpoints->len; j++) {
            if (bondd_checkpoint_has_device(self->checkpoints->pdata[j], path)) {
                g_set_error(error, BONDD_MANAGER_ERROR, BONDD_MANAGER_ERROR_INVALID_ARGUMENTS,
                            _("device '%s' is already included in checkpoint %s"),
                            bondd_nm_device_get_iface(chosen->pdata[i]),
                            bondd_checkpoint_get_path(self->checkpoints->pdata[j]));
                return NULL;
            }
        }
    }
    return g_steal_pointer(&chosen);
}

/* ---- method calls, once authorized ------------------------------------------------ */

/* A call authorized while the daemon was stopping. */
static gboolean
stopped(BonddCheckpointManager *self, GDBusMethodInvocation *invocation)
{
    if (!self->stopped)
        return FALSE;
    g_dbus_method_invocation_return_error_literal(
        invocation, BONDD_MANAGER_ERROR, BONDD_MANAGER_ERROR_FAILED, _("bondd is shutting down"));
    return TRUE;
}

static void
run_create(gpointer object, GDBusMethodInvocation *invocation)
{
    BonddCheckpointManager *self = object;
    g_autofree const char **paths = NULL;
    g_autoptr(GPtrArray) devices = NULL;
    g_autoptr(GError) error = NULL;
    BonddCheckpoint *cp;
    guint32 timeout, flags;

    if (stopped(self, invocation))
        return;
    g_variant_get(g_dbus_method_invocation_get_parameters(invocation), "(^a&ouu)", &paths, &timeout,
                  &flags);
    if (flags & ~KNOWN_CREATE_FLAGS) {
        g_dbus_method_invocation_return_error(
            invocation, BONDD_MANAGER_ERROR, BONDD_MANAGER_ERROR_INVALID_ARGUMENTS,
            _("Unknown checkpoint flags 0x%x"), flags & ~KNOWN_CREATE_FLAGS);
        return;
    }
    devices = choose_devices(self, paths, flags, &error);
    if (!devices) {
        bondd_invocation_return_error(invocation, BONDD_MANAGER_ERROR, error);
        return;
    }
    if (flags & NM_CHECKPOINT_CREATE_FLAG_DESTROY_ALL)
        destroy_all(self);
    cp = bondd_checkpoint_new(self->daemon, self->devices, self->engine, devices, timeout, flags);
    g_signal_connect(cp, "expired", G_CALLBACK(expired_cb), self);
    g_ptr_array_add(self->checkpoints, cp);
    update_property(self);
    nmdbus_manager_complete_checkpoint_create(self->skel, invocation,
                                              bondd_checkpoint_get_path(cp));
}

static void
run_destroy(gpointer object, GDBusMethodInvocation *invocation)
{
    BonddCheckpointManager *self = object;
    g_autoptr(GError) error = NULL;
    BonddCheckpoint *cp;
    const char *path;

    if (stopped(self, invocation))
        return;
    g_variant_get(g_dbus_method_invocation_get_parameters(invocation), "(&o)", &path);
    /* "/" stands for all of them, as in NetworkManager. */
    if (strcmp(path, "/") == 0) {
        destroy_all(self);
    } else {
        cp = find(self, path, &error);
        if (!cp) {
            bondd_invocation_return_error(invocation, BONDD_MANAGER_ERROR, error);
            return;
        }
        destroy(self, cp);
    }
    nmdbus_manager_complete_checkpoint_destroy(self->skel, invocation);
}

static void
run_rollback(gpointer object, GDBusMethodInvocation *invocation)
{
    BonddCheckpointManager *self = object;
    g_autoptr(GError) error = NULL;
    g_autoptr(BonddCheckpoint) cp = NULL;
    BonddCheckpoint *found;
    GVariant *results;
    const char *path;

    if (stopped(self, invocation))
        return;
    g_variant_get(g_dbus_method_invocation_get_parameters(invocation), "(&o)", &path);
    found = find(self, path, &error);
    if (!found) {
        bondd_invocation_return_error(invocation, BONDD_MANAGER_ERROR, error);
        return;
    }
    /* Destroying drops the list's reference. */
    cp = g_object_ref(found);
    results = bondd_checkpoint_rollback(cp);
    destroy(self, cp);
    nmdbus_manager_complete_checkpoint_rollback(self->skel, invocation, results);
}

static void
run_adjust(gpointer object, GDBusMethodInvocation *invocation)
{
    BonddCheckpointManager *self = object;
    g_autoptr(GError) error = NULL;
    BonddCheckpoint *cp;
    const char *path;
    guint32 add_timeout;

    if (stopped(self, invocation))
        return;
    g_variant_get(g_dbus_method_invocation_get_parameters(invocation), "(&ou)", &path,
                  &add_timeout);
    cp = find(self, path, &error);
    if (!cp) {
        bondd_invocation_return_error(invocation, BONDD_MANAGER_ERROR, error);
        return;
    }
    bondd_checkpoint_adjust_timeout(cp, add_timeout);
    nmdbus_manager_complete_checkpoint_adjust_rollback_timeout(self->skel, invocation);
}

/* Each method runs once the caller holds checkpoint-rollback; the
 * arguments are read from the invocation then. */
static gboolean
handle_create(NMDBusManager *skel, GDBusMethodInvocation *invocation, const char *const *devices,
              guint timeout, guint flags, BonddCheckpointManager *self)
{
    bondd_auth_then(invocation, BONDD_AUTH_CHECKPOINT, BONDD_MANAGER_ERROR, run_create, self);
    return TRUE;
}

static gboolean
handle_destroy(NMDBusManager *skel, GDBusMethodInvocation *invocation, const char *path,
               BonddCheckpointManager *self)
{
    bondd_auth_then(invocation, BONDD_AUTH_CHECKPOINT, BONDD_MANAGER_ERROR, run_destroy, self);
    return TRUE;
}

static gboolean
handle_rollback(NMDBusManager *skel, GDBusMethodInvocation *invocation, const char *path,
                BonddCheckpointManager *self)
{
    bondd_auth_then(invocation, BONDD_AUTH_CHECKPOINT, BONDD_MANAGER_ERROR, run_rollback, self);
    return TRUE;
}

static gboolean
handle_adjust(NMDBusManager *skel, GDBusMethodInvocation *invocation, const char *path,
              guint add_timeout, BonddCheckpointManager *self)
{
    bondd_auth_then(invocation, BONDD_AUTH_CHECKPOINT, BONDD_MANAGER_ERROR, run_adjust, self);
    return TRUE;
}

BonddCheckpointManager *
bondd_checkpoint_manager_new(BonddDaemon *daemon, NMDBusManager *skel, BonddDeviceManager *devices,
                             BonddActivationEngine *engine)
{
    BonddCheckpointManager *self = g_object_new(BONDD_TYPE_CHECKPOINT_MANAGER, NULL);

    self->daemon = daemon;
    self->skel = g_object_ref(skel);
    self->devices = g_object_ref(devices);
    self->engine = g_object_ref(engine);
    g_signal_connect(skel, "handle-checkpoint-create", G_CALLBACK(handle_create), self);
    g_signal_connect(skel, "handle-checkpoint-destroy", G_CALLBACK(handle_destroy), self);
    g_signal_connect(skel, "handle-checkpoint-rollback", G_CALLBACK(handle_rollback), self);
    g_signal_connect(skel, "handle-checkpoint-adjust-rollback-timeout", G_CALLBACK(handle_adjust),
                     self);
    return self;
}

void
bondd_checkpoint_manager_stop(BonddCheckpointManager *self)
{
    self->stopped = TRUE;
    destroy_all(self);
}

static void
bondd_checkpoint_manager_dispose(GObject *object)
{
    BonddCheckpointManager *self = BONDD_CHECKPOINT_MANAGER(object);

    if (self->skel) {
        destroy_all(self);
        g_signal_handlers_disconnect_by_data(self->skel, self);
    }
    g_clear_object(&self->skel);
    g_clear_object(&self->engine);
    g_clear_object(&self->devices);
    G_OBJECT_CLASS(bondd_checkpoint_manager_parent_class)->dispose(object);
}

static void
bondd_checkpoint_manager_finalize(GObject *object)
{
    BonddCheckpointManager *self = BONDD_CHECKPOINT_MANAGER(object);

    g_ptr_array_unref(self->checkpoints);
    G_OBJECT_CLASS(bondd_checkpoint_manager_parent_class)->finalize(object);
}

static void
bondd_checkpoint_manager_init(BonddCheckpointManager *self)
{
    self->checkpoints = g_ptr_array_new_with_free_func(g_object_unref);
}

static void
bondd_checkpoint_manager_class_init(BonddCheckpointManagerClass *klass)
{
    GObjectClass *object_class = G_OBJECT_CLASS(klass);

    object_class->dispose = bondd_checkpoint_manager_dispose;
    object_class->finalize = bondd_checkpoint_manager_finalize;
}
