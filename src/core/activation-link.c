/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The activation engine's link stages (see activation-job.h): prepare (a
 * port waits for its controller, a stacked link for its parent, a software
 * link is made or adopted, a controller brings its ports on) and config (a
 * port is attached, any other link gets the kernel's IPv6 switches and
 * comes up).  A controller's ports whose links appear later join it too
 * (activation.c).
 */
#include "config.h"

#include "activation-job.h"

#include <glib/gi18n.h>

#include "activation-target.h"
#include "errors.h"
#include "link-settings.h"

/* ---- stage: prepare -------------------------------------------------------------- */

/* A port waits until its controller has its link up. */
static StageResult
prepare_port(Job *job, Failure *failure)
{
    Job *controller = _bondd_job_of(job->engine, bondd_active_connection_get_controller(job->ac));

    if (!controller || !_bondd_job_is_live(controller)) {
        _bondd_job_set_failure(failure, NM_DEVICE_STATE_REASON_DEPENDENCY_FAILED,
                               NM_ACTIVE_CONNECTION_STATE_REASON_DEPENDENCY_FAILED,
                               g_error_new(BONDD_MANAGER_ERROR,
                                           BONDD_MANAGER_ERROR_DEPENDENCY_FAILED,
                                           _("its controller is no longer active")));
        return STAGE_FAILED;
    }
    return controller->stage >= STAGE_IP_CONFIG ? STAGE_DONE : STAGE_WAIT;
}

/* A stacked link waits for its parent's link (up, if we activate it). */
static StageResult
prepare_parent(Job *job, int *out_parent_ifindex, Failure *failure)
{
    BonddNmDevice *parent =
        bondd_device_manager_get_by_iface(job->engine->devices, job->parent_iface);
    Job *parent_job = parent ? _bondd_job_of_device(job->engine, parent) : NULL;

    if (!parent_job) {
        BonddNmDevice *unrealized =
            bondd_device_manager_find(job->engine->devices, job->parent_iface);
        parent_job = unrealized ? _bondd_job_of_device(job->engine, unrealized) : NULL;
    }
    if (parent_job && parent_job->stage < STAGE_IP_CONFIG)
        return STAGE_WAIT;
    if (!parent) {
        _bondd_job_set_failure(failure, NM_DEVICE_STATE_REASON_DEPENDENCY_FAILED,
                               NM_ACTIVE_CONNECTION_STATE_REASON_DEPENDENCY_FAILED,
                               g_error_new(BONDD_MANAGER_ERROR,
                                           BONDD_MANAGER_ERROR_DEPENDENCY_FAILED,
                                           _("its parent %s does not exist"), job->parent_iface));
        return STAGE_FAILED;
    }
    *out_parent_ifindex = bondd_nm_device_get_ifindex(parent);
    return STAGE_DONE;
}

StageResult
_bondd_job_stage_prepare(Job *job, Failure *failure)
{
    NMConnection *applied = bondd_active_connection_get_applied(job->ac);
    int parent_ifindex = 0;
    gboolean adopted = FALSE;
    StageResult result;
    GError *error = NULL;

    /* A software port (a bond in a bridge) is made once its controller is
     * up, like any software link. */
    if (_bondd_job_is_port(job) && (result = prepare_port(job, failure)) != STAGE_DONE)
        return result;
    /* The link is there, as someone else made it. */
    if (_bondd_job_is_external(job))
        return STAGE_DONE;
    if (job->parent_iface && (result = prepare_parent(job, &parent_ifindex, failure)) != STAGE_DONE)
        return result;
    if (!bondd_device_kind_has(job->kind, BONDD_KIND_SOFTWARE))
        return STAGE_DONE;
    if (!bondd_software_devices_realize(job->engine->software, job->device, applied, parent_ifindex,
                                        &adopted, &error)) {
        _bondd_job_set_failure(failure, NM_DEVICE_STATE_REASON_CONFIG_FAILED,
                               NM_ACTIVE_CONNECTION_STATE_REASON_DEVICE_DISCONNECTED, error);
        return STAGE_FAILED;
    }
    /* The ports' activations start now and wait in their prepare stage, so
     * that they are ready to attach the moment the link is (while udev is
     * busy with it), as NetworkManager's wait for their controller. */
    if (bondd_device_kind_has(job->kind, BONDD_KIND_CONTROLLER))
        job->engine->hooks->bring_ports_on(job, NULL);
    return STAGE_DONE;
}

/* ---- stage: config ----------------------------------------------------------------- */

static void
apply_promiscuity(Job *job, NMConnection *connection)
{
    bondd_link_settings_apply_promiscuity(job->engine->cache,
                                          bondd_nm_device_get_ifindex(job->device),
                                          bondd_nm_device_get_iface(job->device), connection);
}

StageResult
_bondd_job_stage_config(Job *job, Failure *failure)
{
    NMConnection *applied = bondd_active_connection_get_applied(job->ac);
    GError *error = NULL;

    /* Attached and up already, as someone else set it: the link is theirs. */
    if (_bondd_job_is_external(job)) {
        bondd_active_connection_change_state_flags(job->ac, NM_ACTIVATION_STATE_FLAG_LAYER2_READY,
                                                   0);
        return STAGE_DONE;
    }
    /* A link bondd made is used once udev is done with it (its MAC
     * address policy, a rename): a bond's address must not depend on who
     * came first, udev or its first port. */
    if (bondd_device_kind_has(job->kind, BONDD_KIND_SOFTWARE) && job->engine->udev &&
        !bondd_udev_links_ready(job->engine->udev, bondd_nm_device_get_ifindex(job->device),
                                bondd_nm_device_get_iface(job->device)))
        return STAGE_WAIT;
    if (_bondd_job_is_port(job)) {
        Job *controller =
            _bondd_job_of(job->engine, bondd_active_connection_get_controller(job->ac));
        g_autoptr(BonddNmDevice) controller_device = NULL;

        if (!controller)
            return prepare_port(job, failure);
        controller_device = g_object_ref(controller->device);
        if (!bondd_software_devices_attach_port(job->engine->software, controller_device,
                                                job->device, applied, &error)) {
            g_prefix_error(&error, _("cannot attach it to %s: "),
                           bondd_nm_device_get_iface(controller_device));
            _bondd_job_set_failure(failure, NM_DEVICE_STATE_REASON_CONFIG_FAILED,
                                   NM_ACTIVE_CONNECTION_STATE_REASON_DEVICE_DISCONNECTED, error);
            return STAGE_FAILED;
        }
        /* Attaching may have ended either job (a handler deactivating it):
         * then the port goes out again. */
        if (!_bondd_job_is_live(job)) {
            bondd_software_devices_release_port(job->engine->software, controller_device,
                                                job->device);
            return STAGE_DONE;
        }
        controller = _bondd_job_of(job->engine, bondd_active_connection_get_controller(job->ac));
        if (controller)
            bondd_active_connection_change_state_flags(
                controller->ac, NM_ACTIVATION_STATE_FLAG_MASTER_HAS_SLAVES, 0);
    } else {
        bondd_ip_config_prepare_link(_bondd_job_ip(job), applied);
        if (!bondd_link_settings_bring_up(job->engine->cache,
                                          bondd_nm_device_get_ifindex(job->device),
                                          bondd_nm_device_get_iface(job->device), &error)) {
            _bondd_job_set_failure(failure, NM_DEVICE_STATE_REASON_CONFIG_FAILED,
                                   NM_ACTIVE_CONNECTION_STATE_REASON_DEVICE_DISCONNECTED, error);
            return STAGE_FAILED;
        }
    }
    apply_promiscuity(job, applied);
    bondd_active_connection_change_state_flags(job->ac, NM_ACTIVATION_STATE_FLAG_LAYER2_READY, 0);
    return STAGE_DONE;
}

void
_bondd_job_udev_processed(BonddActivationEngine *self, int ifindex)
{
    BonddNmDevice *device = bondd_device_manager_get_by_ifindex(self->devices, ifindex);
    Job *job = device ? _bondd_job_of_device(self, device) : NULL;

    /* Only a link whose config stage wrote them; a port has none. */
    if (!job || job->stage < STAGE_IP_CONFIG || !job->ip || _bondd_job_is_external(job))
        return;
    g_debug("%s: udev is done with the link: its IPv6 switches written again",
            bondd_nm_device_get_iface(device));
    bondd_ip_config_prepare_link(job->ip, bondd_active_connection_get_applied(job->ac));
}
