/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The activation engine's jobs as data (see activation-job.h): what a job
 * is, finding one, its IP configuration.  The bottom of the engine's files:
 * it calls none of them.
 */
#include "config.h"

#include "activation-job.h"

gboolean
_bondd_job_is_live(Job *job)
{
    return !job->ended &&
           bondd_active_connection_get_state(job->ac) < NM_ACTIVE_CONNECTION_STATE_DEACTIVATING;
}

gboolean
_bondd_job_is_external(Job *job)
{
    return job->origin == BONDD_ACTIVATION_EXTERNAL;
}

gboolean
_bondd_job_is_port(Job *job)
{
    return bondd_active_connection_get_controller(job->ac) != NULL ||
           bondd_profile_get_port_type(bondd_active_connection_get_profile(job->ac)) != NULL;
}

Job *
_bondd_job_find(BonddActivationEngine *self, gboolean (*match)(Job *job, gconstpointer value),
                gconstpointer value)
{
    for (guint i = 0; i < self->jobs->len; i++) {
        Job *job = self->jobs->pdata[i];

        if (_bondd_job_is_live(job) && match(job, value))
            return job;
    }
    return NULL;
}

static gboolean
match_device(Job *job, gconstpointer device)
{
    return job->device == device;
}

static gboolean
match_profile(Job *job, gconstpointer profile)
{
    return bondd_active_connection_get_profile(job->ac) == profile;
}

void
_bondd_job_set_failure(Failure *failure, NMDeviceStateReason device_reason,
                       NMActiveConnectionStateReason ac_reason, GError *error)
{
    failure->device = device_reason;
    failure->ac = ac_reason;
    failure->error = error;
}

Job *
_bondd_job_of(BonddActivationEngine *self, BonddActiveConnection *ac)
{
    for (guint i = 0; ac && i < self->jobs->len; i++) {
        Job *job = self->jobs->pdata[i];

        if (job->ac == ac)
            return job;
    }
    return NULL;
}

Job *
_bondd_job_of_device(BonddActivationEngine *self, BonddNmDevice *device)
{
    return _bondd_job_find(self, match_device, device);
}

Job *
_bondd_job_of_profile(BonddActivationEngine *self, BonddProfile *profile)
{
    return _bondd_job_find(self, match_profile, profile);
}

/* The job's IP configuration, made when first needed: before the link comes
 * up (the kernel's IPv6 switches), or at ip-config. */
BonddIpConfig *
_bondd_job_ip(Job *job)
{
    if (!job->ip)
        job->ip = bondd_ip_config_new(
            job->engine->daemon, job->engine->cache, bondd_nm_device_get_ifindex(job->device),
            bondd_nm_device_get_iface(job->device), job->kind->route_metric);
    return job->ip;
}
