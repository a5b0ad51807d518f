/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The activation engine's insides, shared by its files, which stand in one
 * line: activation.c (the engine: running jobs, ports, ending) calls the
 * stage files activation-link.c (prepare, config) and activation-ip.c
 * (ip-config, the IP part of deactivation) and activation-volatile.c
 * (volatile profiles, gone with their last activation), and all of them
 * use activation-job.c (a job as data).  A stage file hands a job back to the
 * engine through the engine's hooks, never by calling it.  Not for use
 * elsewhere: see activation.h.
 */
#pragma once

#include "activation.h"
#include "device-kind.h"
#include "ip-config.h"
#include "udev-links.h"

G_BEGIN_DECLS

typedef enum {
    STAGE_PREPARE,
    STAGE_CONFIG,
    STAGE_IP_CONFIG,
    STAGE_IP_CHECK,
    STAGE_ACTIVATED,
} Stage;

typedef enum {
    STAGE_DONE,    /* go on to the next stage */
    STAGE_WAIT,    /* not yet: re-checked when another job or a link changes */
    STAGE_PENDING, /* started; a callback resumes the job */
    STAGE_FAILED,
} StageResult;

/* Why a stage failed, for the device and the active connection. */
typedef struct {
    NMDeviceStateReason device;
    NMActiveConnectionStateReason ac;
    GError *error;
} Failure;

typedef struct _Job Job;

/* What the stage files hand back to the engine (activation.c fills it in). */
typedef struct {
    /* A pending stage finished well: the job goes on to the next. */
    void (*stage_done)(Job *job);
    /* The job failed: in a pending stage, or later (a lease lost for good). */
    void (*fail)(Job *job, Failure *failure);
    /* A deactivation's IP part is over: dependents, ports and link, then
     * DEACTIVATED. */
    void (*teardown)(Job *job, gboolean link_gone);
    /* Activate the ports that come with @controller whose links exist and
     * are free; @only_device: just the one on that device. */
    void (*bring_ports_on)(Job *controller, BonddNmDevice *only_device);
} BonddJobHooks;

struct _Job {
    /* The engine's list holds one; so does whoever runs a stage of it, since
     * a stage may end the job (a handler deactivating it). */
    guint refs;
    BonddActivationEngine *engine;
    BonddActiveConnection *ac; /* owned */
    BonddNmDevice *device;     /* owned */
    const BonddDeviceKind *kind;
    BonddActivationOrigin origin;
    Stage stage;
    gboolean waiting;
    gboolean pending;
    gboolean yielded; /* an attached port: goes on when the main loop is quiet */
    gboolean ended;
    char *parent_iface; /* stacked kinds: the parent link's name */
    BonddIpConfig *ip;
    /* Deactivating, the rest waits for a DHCP release (activation-ip.c). */
    gboolean releasing;
    NMActiveConnectionStateReason end_reason;
    gboolean end_keep_link;
};

struct _BonddActivationEngine {
    GObject parent;

    BonddDaemon *daemon;
    BonddLinkCache *cache;
    BonddDeviceManager *devices;
    BonddSoftwareDevices *software;
    /* Job*, in activation order; ended ones leave at once, deactivating
     * ones when their DHCP release has left. */
    GPtrArray *jobs;
    GPtrArray *acs;               /* the same jobs' BonddActiveConnection*, for the Manager */
    guint run_source;             /* runs jobs that are ready to move on */
    guint yield_source;           /* runs the jobs that yielded */
    GPtrArray *volatile_profiles; /* BonddProfile* (owned) to delete once unused */
    guint volatile_source;
    gboolean stopped;
    const BonddJobHooks *hooks;
    BonddUdevLinks *udev; /* NULL: links are used at once */
};

/* ---- activation-job.c ---- */

/* Not ended, not deactivating. */
gboolean _bondd_job_is_live(Job *job);
/* A port of a controller (its own profile or its activation says so). */
gboolean _bondd_job_is_port(Job *job);
/* Activated over a link configured outside bondd (an external device). */
gboolean _bondd_job_is_external(Job *job);
/* The first live job @match accepts with @value. */
Job *_bondd_job_find(BonddActivationEngine *self, gboolean (*match)(Job *job, gconstpointer value),
                     gconstpointer value);
/* The job of @ac (live or not); the live job of @device, of @profile (NULL:
 * none). */
Job *_bondd_job_of(BonddActivationEngine *self, BonddActiveConnection *ac);
Job *_bondd_job_of_device(BonddActivationEngine *self, BonddNmDevice *device);
Job *_bondd_job_of_profile(BonddActivationEngine *self, BonddProfile *profile);
void _bondd_job_set_failure(Failure *failure, NMDeviceStateReason device_reason,
                            NMActiveConnectionStateReason ac_reason, GError *error);
/* The job's IP configuration, made when first needed: before the link comes
 * up (the kernel's IPv6 switches), or at ip-config. */
BonddIpConfig *_bondd_job_ip(Job *job);

/* ---- activation-volatile.c ---- */

/* @profile's activation ended: a volatile one goes, from idle, unless it is
 * activated again meanwhile. */
void _bondd_job_forget_if_volatile(BonddActivationEngine *self, BonddProfile *profile);

/* ---- activation-link.c ---- */

/* The link stages. */
StageResult _bondd_job_stage_prepare(Job *job, Failure *failure);
StageResult _bondd_job_stage_config(Job *job, Failure *failure);
/* udev announced a link used before its rules' programs were done (see
 * udev-links.h): the link's kernel switches are written again. */
void _bondd_job_udev_processed(BonddActivationEngine *self, int ifindex);

/* ---- activation-ip.c ---- */

/* The ip-config stage. */
StageResult _bondd_job_stage_ip_config(Job *job, Failure *failure);
/* IPxConfig and DHCPxConfig paths on the device and the active connection. */
void _bondd_job_publish_ip(Job *job);
/* The IP part of a deactivation: TRUE when the rest waits for a DHCP
 * release (a full deactivation, the link still there): then
 * _bondd_job_teardown() runs once it has left. */
gboolean _bondd_job_stop_ip(Job *job, gboolean keep_link, gboolean link_gone);
/* A deactivation waiting for a release finishes now (the device or the
 * profile is activated again). */
void _bondd_job_cut_release(Job *job);

G_END_DECLS
