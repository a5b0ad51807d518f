/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The activation engine's IP side (see activation-job.h): the ip-config
 * stage, which runs the IP providers (ip-config.h) and resumes the job when
 * they are ready, fails it when they fail or a lease is lost for good; and
 * the IP part of a deactivation, which comes first and lets a DHCP lease be
 * released while the link and its ports still carry it -- the rest of the
 * deactivation waits for that from the main loop, never blocking it.
 */
#include "config.h"

#include "activation-job.h"

#include <sys/socket.h>

#include "ip-provider.h"

void
_bondd_job_publish_ip(Job *job)
{
    const char *ip4 = job->ip ? bondd_ip_config_get_path(job->ip, AF_INET) : NULL;
    const char *ip6 = job->ip ? bondd_ip_config_get_path(job->ip, AF_INET6) : NULL;
    const char *dhcp4 = job->ip ? bondd_ip_config_get_dhcp_path(job->ip, AF_INET) : NULL;
    const char *dhcp6 = job->ip ? bondd_ip_config_get_dhcp_path(job->ip, AF_INET6) : NULL;

    bondd_nm_device_set_ip_configs(job->device, ip4, ip6);
    bondd_nm_device_set_dhcp_configs(job->device, dhcp4, dhcp6);
    bondd_active_connection_set_ip_configs(
        job->ac, ip4, ip6, job->ip && bondd_ip_config_has_default_route(job->ip, AF_INET),
        job->ip && bondd_ip_config_has_default_route(job->ip, AF_INET6));
    bondd_active_connection_set_dhcp_configs(job->ac, dhcp4, dhcp6);
}

/* A lease renewed (republish) or lost for good (the activation fails, as
 * NetworkManager fails a device whose lease expired). */
static void
ip_changed(gpointer user_data, const GError *fatal)
{
    Job *job = user_data;
    Failure failure;

    _bondd_job_publish_ip(job);
    if (!fatal || !_bondd_job_is_live(job))
        return;
    _bondd_job_set_failure(&failure, NM_DEVICE_STATE_REASON_IP_CONFIG_EXPIRED,
                           NM_ACTIVE_CONNECTION_STATE_REASON_IP_CONFIG_INVALID,
                           g_error_copy(fatal));
    job->engine->hooks->fail(job, &failure);
}

static void
ip_ready(gpointer user_data, const GError *error)
{
    Job *job = user_data;
    Failure failure;

    job->pending = FALSE;
    _bondd_job_publish_ip(job);
    if (error) {
        /* A provider may say which reason explains its failure. */
        _bondd_job_set_failure(
            &failure,
            error->domain == BONDD_IP_ERROR ? (NMDeviceStateReason)error->code
                                            : NM_DEVICE_STATE_REASON_IP_CONFIG_UNAVAILABLE,
            NM_ACTIVE_CONNECTION_STATE_REASON_IP_CONFIG_INVALID, g_error_copy(error));
        job->engine->hooks->fail(job, &failure);
        return;
    }
    bondd_active_connection_change_state_flags(
        job->ac, NM_ACTIVATION_STATE_FLAG_IP4_READY | NM_ACTIVATION_STATE_FLAG_IP6_READY, 0);
    job->engine->hooks->stage_done(job);
}

/* A link configured outside bondd: its addresses are shown as the kernel
 * has them, nothing is configured. */
static StageResult
stage_ip_external(Job *job)
{
    if (!_bondd_job_is_port(job)) {
        _bondd_job_ip(job);
        _bondd_job_publish_ip(job);
    }
    bondd_active_connection_change_state_flags(
        job->ac, NM_ACTIVATION_STATE_FLAG_IP4_READY | NM_ACTIVATION_STATE_FLAG_IP6_READY, 0);
    return STAGE_DONE;
}

StageResult
_bondd_job_stage_ip_config(Job *job, Failure *failure)
{
    if (_bondd_job_is_external(job))
        return stage_ip_external(job);
    /* Ports carry no IP configuration of their own: nothing to wait for
     * (NetworkManager shows them IP-ready too). */
    if (_bondd_job_is_port(job)) {
        bondd_active_connection_change_state_flags(
            job->ac, NM_ACTIVATION_STATE_FLAG_IP4_READY | NM_ACTIVATION_STATE_FLAG_IP6_READY, 0);
        return STAGE_DONE;
    }
    _bondd_job_ip(job);
    _bondd_job_publish_ip(job);
    job->pending = TRUE;
    bondd_ip_config_start(job->ip, bondd_active_connection_get_applied(job->ac), ip_ready,
                          ip_changed, job);
    return STAGE_PENDING;
}

/* ---- deactivation ------------------------------------------------------------------- */

static void
ip_released(gpointer user_data)
{
    Job *job = user_data;
    /* The link may have gone meanwhile. */
    gboolean link_gone =
        !bondd_link_cache_get(job->engine->cache, bondd_nm_device_get_ifindex(job->device));

    g_debug("%s: DHCP released; deactivation goes on", bondd_nm_device_get_iface(job->device));
    job->engine->hooks->teardown(job, link_gone);
}

gboolean
_bondd_job_stop_ip(Job *job, gboolean keep_link, gboolean link_gone)
{
    if (!job->ip)
        return FALSE;
    /* A link that stays for a new activation needs no release; one that is
     * gone cannot send it. */
    if (!keep_link && !link_gone && bondd_ip_config_release(job->ip, ip_released, job)) {
        job->releasing = TRUE;
        return TRUE;
    }
    bondd_ip_config_stop(job->ip, !link_gone);
    return FALSE;
}

void
_bondd_job_cut_release(Job *job)
{
    g_return_if_fail(job->releasing);
    g_debug("%s: activated again before its DHCP release left; deactivation goes on",
            bondd_nm_device_get_iface(job->device));
    /* No ip_released() any more: the addresses go now. */
    bondd_ip_config_stop(job->ip, TRUE);
    ip_released(job);
}
