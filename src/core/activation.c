/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The activation engine (see activation.h).
 *
 * Each activation is a job: its active connection, its device, and the
 * stage it is in.  A stage body either finishes (the job moves on at once),
 * fails, waits for something outside the job (a controller or parent to get
 * its link up: re-checked whenever another job or a link changes), or
 * started something that completes later (the IP providers) and resumes the
 * job by callback.  Jobs run from the main loop, never from within the call
 * that created them, so ActivateConnection is answered before the first
 * StateChanged.
 */
#include "config.h"

#include "activation-job.h"

#include <glib/gi18n.h>
#include <string.h>
#include <sys/socket.h>
#include <net/if.h>
#include <linux/if.h>

#include "activation-target.h"
#include "errors.h"
#include "link-settings.h"

G_DEFINE_TYPE(BonddActivationEngine, bondd_activation_engine, G_TYPE_OBJECT)

enum { SIG_ACS_CHANGED, SIG_ACTIVATION_ENDED, N_SIGNALS };
static guint signals[N_SIGNALS];

static Job *job_ref(Job *job);
static void job_run(Job *job);
static void job_fail(Job *job, Failure *failure);
static void job_unref(Job *job);
static void job_end(Job *job, NMActiveConnectionStateReason reason, gboolean keep_link,
                    gboolean link_gone);
static void job_end_full(Job *job, NMActiveConnectionStateReason reason,
                         NMDeviceStateReason device_reason, gboolean keep_link, gboolean link_gone);

/* ---- helpers ------------------------------------------------------------------ */

static void
notify_changed(BonddActivationEngine *self)
{
    g_signal_emit(self, signals[SIG_ACS_CHANGED], 0);
}

static gboolean
match_controller(Job *job, gconstpointer controller_ac)
{
    return bondd_active_connection_get_controller(job->ac) == controller_ac;
}

static gboolean
match_parent(Job *job, gconstpointer parent_device)
{
    return job->parent_iface &&
           g_strcmp0(job->parent_iface,
                     bondd_nm_device_get_iface((BonddNmDevice *)parent_device)) == 0;
}

/* Run every job that can move on (@yielded: every port that yielded in
 * job_run() instead), in activation order: the jobs a job starts (a
 * controller's ports) run in the same pass, after it.  A job that ends
 * leaves the list and kicks another pass, so one that this pass skips for
 * it runs in the next. */
static void
run_pass(BonddActivationEngine *self, gboolean yielded)
{
    for (guint i = 0; i < self->jobs->len; i++) {
        Job *job = job_ref(self->jobs->pdata[i]);

        if (_bondd_job_is_live(job) && !job->pending && job->yielded == yielded) {
            job->yielded = FALSE;
            job->waiting = FALSE;
            job_run(job);
        }
        job_unref(job);
    }
}

static gboolean
run_idle(gpointer user_data)
{
    BonddActivationEngine *self = user_data;

    self->run_source = 0;
    run_pass(self, FALSE);
    return G_SOURCE_REMOVE;
}

static gboolean
run_yielded(gpointer user_data)
{
    BonddActivationEngine *self = user_data;

    self->yield_source = 0;
    run_pass(self, TRUE);
    return G_SOURCE_REMOVE;
}

/* Something changed that a waiting job may be waiting for. */
static void
kick(BonddActivationEngine *self)
{
    if (!self->run_source && !self->stopped)
        self->run_source = g_idle_add(run_idle, self);
}

/* ---- the jobs ------------------------------------------------------------------ */

static Job *
job_ref(Job *job)
{
    job->refs++;
    return job;
}

static void
job_unref(Job *job)
{
    if (--job->refs > 0)
        return;
    g_clear_pointer(&job->ip, bondd_ip_config_free);
    g_clear_object(&job->ac);
    g_clear_object(&job->device);
    g_free(job->parent_iface);
    g_free(job);
}

static const NMDeviceState stage_device_state[] = {
    [STAGE_PREPARE] = NM_DEVICE_STATE_PREPARE,     [STAGE_CONFIG] = NM_DEVICE_STATE_CONFIG,
    [STAGE_IP_CONFIG] = NM_DEVICE_STATE_IP_CONFIG, [STAGE_IP_CHECK] = NM_DEVICE_STATE_IP_CHECK,
    [STAGE_ACTIVATED] = NM_DEVICE_STATE_ACTIVATED,
};

static void
job_enter(Job *job, Stage stage)
{
    job->stage = stage;
    if (stage == STAGE_ACTIVATED)
        bondd_nm_device_set_state(job->device, NM_DEVICE_STATE_SECONDARIES,
                                  NM_DEVICE_STATE_REASON_NONE);
    bondd_nm_device_set_state(job->device, stage_device_state[stage], NM_DEVICE_STATE_REASON_NONE);
    bondd_nm_device_flush(job->device);
}

/* ---- running a job --------------------------------------------------------------------- */

/* ip-check has nothing to check yet (no connectivity checking). */
static StageResult (*const stage_bodies[])(Job *job, Failure *failure) = {
    [STAGE_PREPARE] = _bondd_job_stage_prepare,
    [STAGE_CONFIG] = _bondd_job_stage_config,
    [STAGE_IP_CONFIG] = _bondd_job_stage_ip_config,
    [STAGE_IP_CHECK] = NULL,
};

static void
job_activated(Job *job)
{
    BonddActivationEngine *self = job->engine;

    job_enter(job, STAGE_ACTIVATED);
    /* A port activated without carrier shows it, as one that loses it. */
    if (_bondd_job_is_port(job) && !bondd_nm_device_has_carrier(job->device))
        bondd_nm_device_set_state(job->device, NM_DEVICE_STATE_UNAVAILABLE,
                                  NM_DEVICE_STATE_REASON_CARRIER);
    bondd_active_connection_set_state(job->ac, NM_ACTIVE_CONNECTION_STATE_ACTIVATED,
                                      NM_ACTIVE_CONNECTION_STATE_REASON_NONE);
    notify_changed(self);
}

/* Move @job on as far as it goes now. */
static void
job_run(Job *job)
{
    BonddActivationEngine *self = job->engine;
    Stage before = job->stage;

    job_ref(job);
    while (_bondd_job_is_live(job) && !job->waiting && !job->pending &&
           job->stage < STAGE_ACTIVATED) {
        Failure failure = {0};
        StageResult result =
            stage_bodies[job->stage] ? stage_bodies[job->stage](job, &failure) : STAGE_DONE;

        if (!_bondd_job_is_live(job)) {
            /* Ended by someone else meanwhile: nothing more to do. */
            g_clear_error(&failure.error);
            break;
        }
        if (result == STAGE_WAIT) {
            job->waiting = TRUE;
            break;
        }
        if (result == STAGE_PENDING)
            break;
        if (result == STAGE_FAILED) {
            job_fail(job, &failure);
            break;
        }
        if (job->stage + 1 == STAGE_ACTIVATED)
            job_activated(job);
        else
            job_enter(job, job->stage + 1);
        /* An attached port announces its remaining stages (nothing to do
         * in them) once the main loop has nothing more urgent: the other
         * ports attach, and their controller goes on, first. */
        if (job->stage == STAGE_IP_CONFIG && _bondd_job_is_port(job)) {
            job->yielded = TRUE;
            if (!self->yield_source)
                self->yield_source = g_idle_add_full(G_PRIORITY_LOW, run_yielded, self, NULL);
            break;
        }
    }
    /* Another job may wait for this one's progress. */
    if (job->stage != before)
        kick(self);
    job_unref(job);
}

/* ---- ports ----------------------------------------------------------------------------- */

/* The kernel's view of a controller: MASTER_HAS_SLAVES while it has one. */
static void
update_has_ports(Job *job)
{
    gboolean any = bondd_link_cache_count_ports(job->engine->cache,
                                                bondd_nm_device_get_ifindex(job->device)) > 0;

    /* NetworkManager 1.42 leaves it out for a link configured outside. */
    if (_bondd_job_is_external(job))
        return;
    bondd_active_connection_change_state_flags(
        job->ac, any ? NM_ACTIVATION_STATE_FLAG_MASTER_HAS_SLAVES : 0,
        any ? 0 : NM_ACTIVATION_STATE_FLAG_MASTER_HAS_SLAVES);
}

/* ---- ports ----------------------------------------------------------------------------- */

/* Activate the ports that come with @controller whose links exist and are
 * free; @only_device: just the one on that device. */
static void
bring_ports_on(Job *controller, BonddNmDevice *only_device)
{
    BonddActivationEngine *self = controller->engine;
    BonddProfile *ctrl_profile = bondd_active_connection_get_profile(controller->ac);
    g_autoptr(GPtrArray) ports =
        bondd_activation_target_ports_of(self->daemon->settings, self->devices, ctrl_profile);
    /* A user who brings a controller up with all its ports (autoconnect-
     * ports yes) brings them up too, as NetworkManager has it: a port taken
     * down by hand comes back for good. */
    BonddActivationOrigin origin = controller->origin == BONDD_ACTIVATION_USER &&
                                           bondd_profile_get_autoconnect_ports(ctrl_profile) ==
                                               NM_SETTING_CONNECTION_AUTOCONNECT_SLAVES_YES
                                       ? BONDD_ACTIVATION_USER
                                       : BONDD_ACTIVATION_DEPENDENCY;

    /* The ports of a link made outside are those the kernel shows
     * (policy's), never profiles. */
    if (_bondd_job_is_external(controller))
        return;

    for (guint i = 0; i < ports->len; i++) {
        BonddProfile *p = ports->pdata[i];
        const char *ifname = bondd_profile_get_interface_name(p);
        /* A software port's link is made by its activation; a hardware
         * port needs its link. */
        gboolean software = bondd_device_kind_has(
            bondd_device_kind_for_setting(bondd_profile_get_connection_type(p)),
            BONDD_KIND_SOFTWARE);
        BonddNmDevice *device = software ? bondd_device_manager_find(self->devices, ifname)
                                         : bondd_device_manager_get_by_iface(self->devices, ifname);
        g_autoptr(GError) error = NULL;

        if ((!device && !software) || (only_device && device != only_device) ||
            (device &&
             (!bondd_nm_device_get_managed(device) || _bondd_job_of_device(self, device))) ||
            _bondd_job_of_profile(self, p))
            continue;
        if (!bondd_activation_engine_activate(self, p, software ? NULL : device, origin, &error))
            g_warning(_("%s: port '%s' (%s) not attached: %s"),
                      bondd_nm_device_get_iface(controller->device), bondd_profile_get_id(p),
                      ifname ? ifname : "?", error->message);
    }
}

/* ---- ending ------------------------------------------------------------------------------ */

/* Take @job's dependents down first, for a failed dependency: its ports
 * (released while the controller still exists) and, unless its link stays,
 * its children. */
static void
end_dependents(Job *job, gboolean keep_link)
{
    BonddActivationEngine *self = job->engine;
    NMActiveConnectionStateReason theirs = NM_ACTIVE_CONNECTION_STATE_REASON_DEPENDENCY_FAILED;
    Job *dep;

    while ((dep = _bondd_job_find(self, match_controller, job->ac)))
        job_end(dep, theirs, FALSE, FALSE);
    while (!keep_link && (dep = _bondd_job_find(self, match_parent, job->device)))
        job_end(dep, theirs, FALSE, FALSE);
}

/* Undo what the job did in the kernel. */
/* A link configured outside stays as it is, as in NetworkManager (a port
 * whose controller was deleted stays closed, as the kernel left it). */
static void
undo_external(Job *job)
{
    if (job->ip)
        bondd_ip_config_stop(job->ip, FALSE);
    _bondd_job_publish_ip(job);
}

static void
undo_kernel_state(Job *job, gboolean keep_link, gboolean link_gone)
{
    BonddActivationEngine *self = job->engine;

    if (_bondd_job_is_external(job)) {
        undo_external(job);
        return;
    }
    if (job->ip)
        bondd_ip_config_stop(job->ip, !link_gone);
    _bondd_job_publish_ip(job);
    if (_bondd_job_is_port(job)) {
        Job *controller = _bondd_job_of(self, bondd_active_connection_get_controller(job->ac));

        if (!link_gone && controller)
            bondd_software_devices_release_port(self->software, controller->device, job->device);
        if (controller)
            update_has_ports(controller);
    }
    /* A software port's link goes too, as any software link's. */
    if (bondd_device_kind_has(job->kind, BONDD_KIND_SOFTWARE) && !keep_link)
        bondd_software_devices_unrealize(self->software, job->device, link_gone);
}

/* The active connection goes DEACTIVATED (signal and flushed property)
 * before it leaves the list and the bus (pitfall P4). */
static void
job_finish(Job *job, NMActiveConnectionStateReason reason, NMDeviceStateReason device_reason,
           gboolean device_failed)
{
    BonddActivationEngine *self = job->engine;
    BonddNmDevice *device = g_object_ref(job->device);

    job->ended = TRUE;
    g_ptr_array_remove(self->acs, job->ac);
    bondd_active_connection_set_state(job->ac, NM_ACTIVE_CONNECTION_STATE_DEACTIVATED, reason);
    notify_changed(self);
    g_signal_emit(self, signals[SIG_ACTIVATION_ENDED], 0, job->ac, (guint)reason);
    _bondd_job_forget_if_volatile(self, bondd_active_connection_get_profile(job->ac));
    if (!_bondd_job_of_device(self, device)) {
        NMDeviceState idle = bondd_nm_device_is_real(device) ? bondd_nm_device_idle_state(device)
                                                             : NM_DEVICE_STATE_DISCONNECTED;

        bondd_nm_device_set_active_connection(device, NULL);
        /* A device that stops being managed is disconnected on its way,
         * as in NetworkManager. */
        if (idle == NM_DEVICE_STATE_UNMANAGED)
            bondd_nm_device_set_state(device, NM_DEVICE_STATE_DISCONNECTED, device_reason);
        bondd_nm_device_set_state(device, idle, device_reason);
        bondd_nm_device_flush(device);
        /* A software device whose link never came, or went, goes too. */
        if (!bondd_nm_device_is_real(device) || device_failed)
            bondd_software_devices_forget(self->software, device);
    }
    bondd_active_connection_unexport(job->ac);
    g_ptr_array_remove(self->jobs, job);
    g_object_unref(device);
    kick(self);
}

static void
job_teardown(Job *job, gboolean link_gone)
{
    NMDeviceStateReason device_reason = bondd_active_connection_device_reason(job->end_reason);

    job->releasing = FALSE;
    end_dependents(job, job->end_keep_link);
    undo_kernel_state(job, job->end_keep_link, link_gone);
    job_finish(job, job->end_reason, device_reason, FALSE);
}

/* Deactivate: @keep_link for a new activation on the same link; @link_gone
 * when the kernel link is gone already (nothing to release or delete). */
static void
job_end(Job *job, NMActiveConnectionStateReason reason, gboolean keep_link, gboolean link_gone)
{
    job_end_full(job, reason, bondd_active_connection_device_reason(reason), keep_link, link_gone);
}

static void
job_end_full(Job *job, NMActiveConnectionStateReason reason, NMDeviceStateReason device_reason,
             gboolean keep_link, gboolean link_gone)
{
    if (!_bondd_job_is_live(job))
        return;
    job->pending = FALSE;
    job->waiting = FALSE;
    job->yielded = FALSE;
    job->end_reason = reason;
    job->end_keep_link = keep_link;
    if (job->engine->udev)
        bondd_udev_links_forget(job->engine->udev, bondd_nm_device_get_ifindex(job->device));
    bondd_active_connection_set_state(job->ac, NM_ACTIVE_CONNECTION_STATE_DEACTIVATING, reason);
    bondd_nm_device_set_state(job->device, NM_DEVICE_STATE_DEACTIVATING, device_reason);
    bondd_nm_device_flush(job->device);
    /* Before a DHCP release is waited for: autoconnect must not bring the
     * profile back meanwhile. */
    if (reason == NM_ACTIVE_CONNECTION_STATE_REASON_USER_DISCONNECTED)
        bondd_profile_set_autoconnect_blocked(bondd_active_connection_get_profile(job->ac),
                                              BONDD_AUTOCONNECT_BLOCKED_BY_USER, TRUE);
    /* IP goes first, as in NetworkManager: a DHCP release leaves while the
     * ports still carry it, and the rest waits for it. */
    if (_bondd_job_stop_ip(job, keep_link, link_gone))
        return;
    job_teardown(job, link_gone);
}

/* A stage failed: the device shows FAILED with the reason, then rests. */
static void
job_fail(Job *job, Failure *failure)
{
    g_autoptr(GError) error = failure->error;

    if (!_bondd_job_is_live(job))
        return;
    /* One line says it all: a plugin's message names the link, the options
     * the kernel refused and its reason. */
    g_warning(_("%s: activating profile '%s' failed: %s"), bondd_nm_device_get_iface(job->device),
              bondd_profile_get_id(bondd_active_connection_get_profile(job->ac)),
              error ? error->message : _("no reason given"));
    job->pending = FALSE;
    job->waiting = FALSE;
    bondd_nm_device_set_state(job->device, NM_DEVICE_STATE_FAILED, failure->device);
    bondd_nm_device_flush(job->device);
    end_dependents(job, FALSE);
    undo_kernel_state(job, FALSE, FALSE);
    job_finish(job, failure->ac, failure->device, TRUE);
}

/* ---- starting ------------------------------------------------------------------------------ */

static Job *
job_new(BonddActivationEngine *self, BonddProfile *profile, BonddNmDevice *device,
        NMConnection *applied /* transfer full */, const BonddDeviceKind *kind,
        BonddActivationOrigin origin, BonddActiveConnection *controller, const char *parent_iface)
{
    Job *job = g_new0(Job, 1);
    guint flags = 0;

    job->refs = 1;
    job->engine = self;
    job->device = g_object_ref(device);
    job->kind = kind;
    job->origin = origin;
    job->parent_iface = g_strdup(parent_iface);
    job->ac = bondd_active_connection_new(self->daemon, profile, device, applied);
    if (controller) {
        bondd_active_connection_set_controller(job->ac, controller);
        flags |= NM_ACTIVATION_STATE_FLAG_IS_SLAVE;
    }
    if (bondd_device_kind_has(kind, BONDD_KIND_CONTROLLER))
        flags |= NM_ACTIVATION_STATE_FLAG_IS_MASTER;
    /* NetworkManager's flags for a link configured outside: external, and
     * gone with its (volatile) profile. */
    if (origin == BONDD_ACTIVATION_EXTERNAL)
        flags |= NM_ACTIVATION_STATE_FLAG_EXTERNAL |
                 NM_ACTIVATION_STATE_FLAG_LIFETIME_BOUND_TO_PROFILE_VISIBILITY;
    else if (bondd_device_kind_has(kind, BONDD_KIND_SOFTWARE))
        /* The link is bondd's from now on, whoever made it. */
        bondd_nm_device_set_owned(device, NM_DEVICE_STATE_REASON_NONE);
    bondd_active_connection_change_state_flags(job->ac, flags, 0);
    g_ptr_array_add(self->jobs, job);
    g_ptr_array_add(self->acs, job->ac);

    /* Exported before anyone hears of it (P3); the device shows it. */
    bondd_active_connection_export(job->ac);
    bondd_nm_device_set_active_connection(device, bondd_active_connection_get_path(job->ac));
    job_enter(job, STAGE_PREPARE);
    notify_changed(self);
    kick(self);
    return job;
}

static gboolean
device_busy(BonddNmDevice *device, gpointer user_data)
{
    return _bondd_job_of_device(user_data, device) != NULL;
}

/* The live activation of @profile, or a new one (for a port's controller,
 * a stacked link's parent). */
static BonddActiveConnection *
activate_dependency(BonddActivationEngine *self, BonddProfile *dependency, BonddProfile *profile,
                    GError **error)
{
    Job *job = _bondd_job_of_profile(self, dependency);
    BonddActiveConnection *ac;
    g_autoptr(GError) local = NULL;

    if (job)
        return job->ac;
    ac = bondd_activation_engine_activate(self, dependency, NULL, BONDD_ACTIVATION_DEPENDENCY,
                                          &local);
    if (!ac)
        g_set_error(error, BONDD_MANAGER_ERROR, BONDD_MANAGER_ERROR_DEPENDENCY_FAILED,
                    _("'%s', which '%s' depends on, failed: %s"), bondd_profile_get_id(dependency),
                    bondd_profile_get_id(profile), local->message);
    return ac;
}

/* Before a new activation of @profile on @device: what runs there, and the
 * profile's activation elsewhere, end.  On the same software link the link
 * stays (NetworkManager re-activates a device in place). */
static void
make_room(BonddActivationEngine *self, BonddProfile *profile, BonddNmDevice *device)
{
    Job *job;

    while ((job = _bondd_job_of_profile(self, profile)) ||
           (job = _bondd_job_of_device(self, device))) {
        gboolean same_link = job->device == device;

        job_end(job, NM_ACTIVE_CONNECTION_STATE_REASON_DEVICE_DISCONNECTED, same_link, FALSE);
    }
}

/* A deactivation still waiting for its DHCP release on the device or
 * interface a new activation of @profile is for, or of the profile itself,
 * finishes first: the link is then as the new activation expects it. */
static void
cut_releases(BonddActivationEngine *self, BonddProfile *profile, BonddNmDevice *device,
             const char *iface)
{
    for (guint i = 0; i < self->jobs->len; i++) {
        Job *job = self->jobs->pdata[i];

        if (job->releasing &&
            (bondd_active_connection_get_profile(job->ac) == profile || job->device == device ||
             g_strcmp0(bondd_nm_device_get_iface(job->device), iface) == 0)) {
            _bondd_job_cut_release(job);
            i = (guint)-1; /* the list changed */
        }
    }
}

/* An activation that could not start leaves no unrealized device behind. */
static void
forget_unused(BonddActivationEngine *self, BonddNmDevice *device)
{
    if (device && !bondd_nm_device_is_real(device) && !_bondd_job_of_device(self, device))
        bondd_software_devices_forget(self->software, device);
}

BonddActiveConnection *
bondd_activation_engine_activate(BonddActivationEngine *self, BonddProfile *profile,
                                 BonddNmDevice *device, BonddActivationOrigin origin,
                                 GError **error)
{
    g_autoptr(NMConnection) connection = bondd_profile_dup_connection(profile);
    g_auto(BonddActivationTarget) target = {0};
    BonddActiveConnection *controller = NULL;
    Job *job;

    g_return_val_if_fail(!self->stopped, NULL);
    if (!connection) {
        g_set_error(error, BONDD_MANAGER_ERROR, BONDD_MANAGER_ERROR_FAILED,
                    _("profile '%s' cannot be read"), bondd_profile_get_id(profile));
        return NULL;
    }
    cut_releases(self, profile, device, nm_connection_get_interface_name(connection));
    if (!bondd_activation_target_find(&target, self->daemon->settings, self->devices,
                                      self->software, connection, device,
                                      origin == BONDD_ACTIVATION_USER, device_busy, self, error))
        goto fail;
    /* A controller before its ports, a parent before its children. */
    if (target.controller &&
        !(controller = activate_dependency(self, target.controller, profile, error)))
        goto fail;
    if (target.parent && !_bondd_job_of_profile(self, target.parent) &&
        !bondd_device_manager_get_by_iface(self->devices, target.parent_iface) &&
        !activate_dependency(self, target.parent, profile, error))
        goto fail;
    make_room(self, profile, target.device);
    /* The activations make_room() ended may have begun a DHCP release:
     * their teardown (ports out, the link down) must not come after this
     * one has set the link up. */
    cut_releases(self, profile, target.device, bondd_nm_device_get_iface(target.device));
    if (origin == BONDD_ACTIVATION_USER) {
        bondd_profile_set_autoconnect_blocked(profile, BONDD_AUTOCONNECT_BLOCKED_BY_USER, FALSE);
        /* A user who activates a device a client had set unmanaged wants
         * it managed again (NetworkManager's rule). */
        if (bondd_nm_device_get_unmanaged_flags(target.device) & BONDD_UNMANAGED_USER_EXPLICIT)
            bondd_nm_device_set_unmanaged(target.device, BONDD_UNMANAGED_USER_EXPLICIT, FALSE,
                                          NM_DEVICE_STATE_REASON_NOW_MANAGED);
    }
    /* Making room may have ended the controller (the port's own device was
     * it): then the port has none to join. */
    if (controller && !_bondd_job_of(self, controller)) {
        g_set_error(error, BONDD_MANAGER_ERROR, BONDD_MANAGER_ERROR_DEPENDENCY_FAILED,
                    _("the controller of '%s' went down"), bondd_profile_get_id(profile));
        goto fail;
    }
    job = job_new(self, profile, target.device, g_steal_pointer(&connection), target.kind, origin,
                  controller, target.parent_iface);
    g_debug("%s: activating '%s' (%s)", bondd_nm_device_get_iface(target.device),
            bondd_profile_get_id(profile), bondd_active_connection_get_path(job->ac));
    return job->ac;

fail:
    forget_unused(self, target.device);
    return NULL;
}

void
bondd_activation_engine_deactivate(BonddActivationEngine *self, BonddActiveConnection *ac,
                                   NMActiveConnectionStateReason reason)
{
    Job *job = _bondd_job_of(self, ac);

    if (job)
        job_end(job, reason, FALSE, FALSE);
}

void
bondd_activation_engine_deactivate_device(BonddActivationEngine *self, BonddNmDevice *device,
                                          NMDeviceStateReason reason)
{
    Job *job;

    while ((job = _bondd_job_of_device(self, device)))
        job_end_full(job, NM_ACTIVE_CONNECTION_STATE_REASON_DEVICE_DISCONNECTED, reason, FALSE,
                     FALSE);
}

gboolean
bondd_activation_engine_is_external(BonddActivationEngine *self, BonddActiveConnection *ac)
{
    Job *job = _bondd_job_of(self, ac);

    return job && _bondd_job_is_external(job);
}

/* ---- lookups ------------------------------------------------------------------------------ */

GPtrArray *
bondd_activation_engine_get_active_connections(BonddActivationEngine *self)
{
    return self->acs;
}

BonddActiveConnection *
bondd_activation_engine_find_by_path(BonddActivationEngine *self, const char *path)
{
    for (guint i = 0; path && i < self->jobs->len; i++) {
        Job *job = self->jobs->pdata[i];

        if (_bondd_job_is_live(job) &&
            g_strcmp0(bondd_active_connection_get_path(job->ac), path) == 0)
            return job->ac;
    }
    return NULL;
}

BonddActiveConnection *
bondd_activation_engine_get_device_active(BonddActivationEngine *self, BonddNmDevice *device)
{
    Job *job = _bondd_job_of_device(self, device);

    return job ? job->ac : NULL;
}

BonddActiveConnection *
bondd_activation_engine_get_profile_active(BonddActivationEngine *self, BonddProfile *profile)
{
    Job *job = _bondd_job_of_profile(self, profile);

    return job ? job->ac : NULL;
}

/* ---- reapply ---------------------------------------------------------------------------- */

gboolean
bondd_activation_engine_reapply(BonddActivationEngine *self, BonddActiveConnection *ac,
                                NMConnection *connection, GError **error)
{
    Job *job = _bondd_job_of(self, ac);

    g_return_val_if_fail(job && _bondd_job_is_live(job), FALSE);
    if (_bondd_job_is_port(job)) {
        /* Per-port options (queue-id, prio) are applied by attaching. */
        Job *controller = _bondd_job_of(self, bondd_active_connection_get_controller(job->ac));

        if (controller && !bondd_software_devices_attach_port(self->software, controller->device,
                                                              job->device, connection, error))
            return FALSE;
    } else if (bondd_device_kind_has(job->kind, BONDD_KIND_SOFTWARE) &&
               !bondd_software_devices_reapply(self->software, job->device, connection, error)) {
        return FALSE;
    }
    if (job->ip && job->stage > STAGE_IP_CONFIG &&
        !bondd_ip_config_reapply(job->ip, connection, error))
        return FALSE;
    bondd_active_connection_set_applied(job->ac, connection);
    _bondd_job_publish_ip(job);
    return TRUE;
}

/* ---- reacting to devices --------------------------------------------------------------------- */

static void
device_added_cb(BonddDeviceManager *devices, BonddNmDevice *device, gpointer user_data)
{
    BonddActivationEngine *self = user_data;

    /* A port whose link appears while its controller is active joins it (a
     * software port's device without its link is being activated already). */
    for (guint i = 0; bondd_nm_device_is_real(device) && i < self->jobs->len; i++) {
        Job *job = self->jobs->pdata[i];

        if (_bondd_job_is_live(job) && bondd_device_kind_has(job->kind, BONDD_KIND_CONTROLLER) &&
            job->stage >= STAGE_CONFIG)
            bring_ports_on(job, device);
    }
    kick(self);
}

/* An active port's link changed: detached outside bondd, or its carrier. */
static void
port_link_changed(Job *job, const BonddLink *link)
{
    Job *controller = _bondd_job_of(job->engine, bondd_active_connection_get_controller(job->ac));
    int controller_ifindex = controller ? bondd_nm_device_get_ifindex(controller->device) : 0;
    NMDeviceState state = bondd_nm_device_get_state(job->device);
    gboolean carrier = bondd_nm_device_has_carrier(job->device);

    if (job->stage != STAGE_ACTIVATED)
        return;
    if (link->master != controller_ifindex) {
        /* Events can lag behind our own requests: ask the kernel before
         * concluding that someone detached the port. */
        const BonddLink *now;

        bondd_link_cache_refresh(job->engine->cache, link->ifindex);
        now = bondd_link_cache_get(job->engine->cache, link->ifindex);
        if (now && now->master != controller_ifindex) {
            g_message(_("%s: port %s left it outside bondd"),
                      controller ? bondd_nm_device_get_iface(controller->device) : "?", link->name);
            job_end(job, NM_ACTIVE_CONNECTION_STATE_REASON_DEVICE_DISCONNECTED, FALSE, FALSE);
            return;
        }
    }
    /* A port that loses its link stays attached (the bond fails over); its
     * device shows it as unavailable until the carrier is back.  Events lag
     * behind our own requests here too (a port is set down to be
     * attached): the kernel says whether the carrier is really gone. */
    if (!carrier && state == NM_DEVICE_STATE_ACTIVATED) {
        const BonddLink *now;

        bondd_link_cache_refresh(job->engine->cache, link->ifindex);
        now = bondd_link_cache_get(job->engine->cache, link->ifindex);
        if (now && (now->flags & IFF_LOWER_UP))
            return;
        bondd_nm_device_set_state(job->device, NM_DEVICE_STATE_UNAVAILABLE,
                                  NM_DEVICE_STATE_REASON_CARRIER);
    }
    if (carrier && state == NM_DEVICE_STATE_UNAVAILABLE)
        bondd_nm_device_set_state(job->device, NM_DEVICE_STATE_ACTIVATED,
                                  NM_DEVICE_STATE_REASON_CARRIER);
}

static void
device_changed_cb(BonddDeviceManager *devices, BonddNmDevice *device, const BonddLink *link,
                  guint event, gpointer user_data)
{
    BonddActivationEngine *self = user_data;
    Job *job = _bondd_job_of_device(self, device);
    Job *controller;

    /* (Idle devices follow their carrier in the device manager.) */
    if (job && _bondd_job_is_port(job)) {
        port_link_changed(job, link);
    } else if (job && bondd_device_kind_has(job->kind, BONDD_KIND_CONTROLLER)) {
        update_has_ports(job);
    }
    /* A link joined or left a controller. */
    if (link->master) {
        BonddNmDevice *master = bondd_device_manager_get_by_ifindex(self->devices, link->master);

        if (master && (controller = _bondd_job_of_device(self, master)))
            update_has_ports(controller);
    }
    kick(self);
}

static void
device_removed_cb(BonddDeviceManager *devices, BonddNmDevice *device, gpointer user_data)
{
    BonddActivationEngine *self = user_data;
    Job *job;

    while ((job = _bondd_job_of_device(self, device)))
        job_end(job, NM_ACTIVE_CONNECTION_STATE_REASON_DEVICE_REMOVED, FALSE, TRUE);
}

/* ---- reacting to profiles ----------------------------------------------------------------- */

static void
profile_updated_cb(BonddSettings *settings, BonddProfile *profile, gpointer user_data)
{
    BonddActivationEngine *self = user_data;

    for (guint i = 0; i < self->jobs->len; i++) {
        Job *job = self->jobs->pdata[i];

        if (bondd_active_connection_get_profile(job->ac) == profile)
            bondd_active_connection_profile_updated(job->ac);
    }
}

/* Before the profile's object goes away (pitfall P5). */
static void
profile_removed_cb(BonddSettings *settings, BonddProfile *profile, gpointer user_data)
{
    BonddActivationEngine *self = user_data;
    Job *job;

    while ((job = _bondd_job_of_profile(self, profile)))
        job_end(job, NM_ACTIVE_CONNECTION_STATE_REASON_CONNECTION_REMOVED, FALSE, FALSE);
}

/* ---- what the stage files hand back ----------------------------------------- */

/* A pending stage (ip-config) finished well: the next one, and on. */
static void
hook_stage_done(Job *job)
{
    job_enter(job, job->stage + 1);
    job_run(job);
}

static const BonddJobHooks engine_hooks = {
    .stage_done = hook_stage_done,
    .fail = job_fail,
    .teardown = job_teardown,
    .bring_ports_on = bring_ports_on,
};

/* ---- object ------------------------------------------------------------------------------- */

void
bondd_activation_engine_stop(BonddActivationEngine *self)
{
    self->stopped = TRUE;
    g_clear_handle_id(&self->run_source, g_source_remove);
    g_clear_handle_id(&self->yield_source, g_source_remove);
    g_clear_handle_id(&self->volatile_source, g_source_remove);
    /* Forget, do not tear down: the IP configuration and links stay. */
    for (guint i = 0; i < self->jobs->len; i++) {
        Job *job = self->jobs->pdata[i];

        job->ended = TRUE;
        if (job->ip)
            bondd_ip_config_stop(job->ip, FALSE);
        bondd_active_connection_unexport(job->ac);
    }
    g_ptr_array_set_size(self->acs, 0);
    g_ptr_array_set_size(self->jobs, 0);
}

static void
bondd_activation_engine_dispose(GObject *object)
{
    BonddActivationEngine *self = BONDD_ACTIVATION_ENGINE(object);

    bondd_activation_engine_stop(self);
    if (self->devices)
        g_signal_handlers_disconnect_by_data(self->devices, self);
    if (self->daemon && self->daemon->settings)
        g_signal_handlers_disconnect_by_data(self->daemon->settings, self);
    g_clear_object(&self->devices);
    g_clear_object(&self->cache);
    g_clear_pointer(&self->udev, bondd_udev_links_free);
    G_OBJECT_CLASS(bondd_activation_engine_parent_class)->dispose(object);
}

static void
bondd_activation_engine_finalize(GObject *object)
{
    BonddActivationEngine *self = BONDD_ACTIVATION_ENGINE(object);

    g_ptr_array_unref(self->jobs);
    g_ptr_array_unref(self->acs);
    g_ptr_array_unref(self->volatile_profiles);
    G_OBJECT_CLASS(bondd_activation_engine_parent_class)->finalize(object);
}

static void
bondd_activation_engine_init(BonddActivationEngine *self)
{
    self->jobs = g_ptr_array_new_with_free_func((GDestroyNotify)job_unref);
    self->acs = g_ptr_array_new();
    self->volatile_profiles = g_ptr_array_new_with_free_func(g_object_unref);
    self->hooks = &engine_hooks;
}

static void
bondd_activation_engine_class_init(BonddActivationEngineClass *klass)
{
    GObjectClass *object_class = G_OBJECT_CLASS(klass);

    object_class->dispose = bondd_activation_engine_dispose;
    object_class->finalize = bondd_activation_engine_finalize;

    signals[SIG_ACS_CHANGED] = g_signal_new("active-connections-changed", G_TYPE_FROM_CLASS(klass),
                                            G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL, G_TYPE_NONE, 0);
    signals[SIG_ACTIVATION_ENDED] =
        g_signal_new("activation-ended", G_TYPE_FROM_CLASS(klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL,
                     NULL, G_TYPE_NONE, 2, BONDD_TYPE_ACTIVE_CONNECTION, G_TYPE_UINT);
}

BonddActivationEngine *
bondd_activation_engine_new(BonddDaemon *daemon, BonddLinkCache *cache, BonddDeviceManager *devices,
                            BonddSoftwareDevices *software)
{
    BonddActivationEngine *self = g_object_new(BONDD_TYPE_ACTIVATION_ENGINE, NULL);

    self->daemon = daemon;
    self->cache = g_object_ref(cache);
    self->devices = g_object_ref(devices);
    self->software = software;
    g_signal_connect(devices, "device-added", G_CALLBACK(device_added_cb), self);
    g_signal_connect(devices, "device-realized", G_CALLBACK(device_added_cb), self);
    g_signal_connect(devices, "device-changed", G_CALLBACK(device_changed_cb), self);
    g_signal_connect(devices, "device-removed", G_CALLBACK(device_removed_cb), self);
    if (daemon->settings) {
        g_signal_connect(daemon->settings, "profile-updated", G_CALLBACK(profile_updated_cb), self);
        g_signal_connect(daemon->settings, "profile-removed", G_CALLBACK(profile_removed_cb), self);
    }
    return self;
}

static void
udev_changed_cb(gpointer user_data)
{
    kick(user_data);
}

static void
udev_processed_cb(int ifindex, gpointer user_data)
{
    _bondd_job_udev_processed(user_data, ifindex);
}

void
bondd_activation_engine_watch_udev(BonddActivationEngine *self, const char *control_path)
{
    g_clear_pointer(&self->udev, bondd_udev_links_free);
    self->udev = bondd_udev_links_new(control_path, udev_changed_cb, udev_processed_cb, self);
}
