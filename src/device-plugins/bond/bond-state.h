/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The runtime state of one bond as the kernel reports it: the bond's option
 * values, its carrier, the active port, each port's bonding info and carrier
 * counters, and the procfs-only LACP details.  Also decides when a failover
 * or a flapping port happened.  No I/O here: callers feed it decoded facts
 * and a timestamp, so it can be tested with made-up input.
 */
#pragma once

#include <glib.h>

#include "bond-netlink.h"
#include "bond-procfs.h"

G_BEGIN_DECLS

typedef struct {
    int ifindex;
    char *name;
    gboolean have_info;
    BondPortInfo info;
    gboolean carrier;
    guint32 carrier_changes;
    guint32 carrier_up_count;
    guint32 carrier_down_count;
    guint mtu;    /* 0 = unknown */
    guint speed;  /* Mb/s from sysfs, 0 = unknown */
    char *duplex; /* "full"/"half"/"unknown" from sysfs */
    /* flapping detection */
    gboolean counters_seen;
    GQueue change_times; /* gint64 monotonic us, one per carrier change */
    gint64 last_flap_report;
} BondPortState;

typedef struct {
    int ifindex;
    char *name;
    gboolean carrier;      /* "MII Status" of the bond */
    BondConfig options;    /* kernel values, decoded */
    char *active_port;     /* "" if none */
    gboolean bond_seen;    /* the first report is the baseline, not a failover */
    GHashTable *ports;     /* ifindex -> BondPortState* */
    BondProcInfo *proc;    /* last procfs read (802.3ad), or NULL */
    guint flap_threshold;  /* more than this many changes ... */
    gint64 flap_window_us; /* ... within this window is flapping */
    guint mtu;             /* the bond's MTU, 0 = unknown */
    /* Names of the ports the active profile asked for (the core attached
     * them); health compares them with the ports the kernel shows. */
    GHashTable *configured_ports;
} BondState;

#define BOND_STATE_FLAP_THRESHOLD_DEFAULT 5
#define BOND_STATE_FLAP_WINDOW_DEFAULT    (60 * G_USEC_PER_SEC)

BondState *bond_state_new(const char *name);
void bond_state_free(BondState *state);
G_DEFINE_AUTOPTR_CLEANUP_FUNC(BondState, bond_state_free)

/* The bond's own link changed.  @options is taken over (cleared in the
 * caller's copy).  Returns TRUE when the active port changed since the
 * previous report (a failover; IFLA_EVENT_BONDING_FAILOVER alone, with the
 * active port unchanged, is not a second one);
 * then *out_old / *out_new are set (transfer full, "" for none). */
gboolean bond_state_update_bond(BondState *state, int ifindex, gboolean carrier,
                                BondConfig *options, guint32 ifla_event, char **out_old,
                                char **out_new);

/* A port changed.  Returns TRUE when the port is flapping: more than
 * flap_threshold carrier changes within flap_window_us (reported at most
 * once per window); *out_changes is the count within the window. */
gboolean bond_state_update_port(BondState *state, int ifindex, const char *name,
                                const BondPortInfo *info, gboolean carrier, guint32 carrier_changes,
                                guint32 up_count, guint32 down_count, gint64 now_us,
                                guint *out_changes);
void bond_state_set_port_speed(BondState *state, int ifindex, guint speed, const char *duplex);
gboolean bond_state_remove_port(BondState *state, int ifindex);
/* The bond's link is gone: no ports, no carrier, no LACP details. */
void bond_state_forget_link(BondState *state);
void bond_state_set_mtu(BondState *state, guint mtu);
void bond_state_set_port_mtu(BondState *state, int ifindex, guint mtu);
/* Remember (or forget) that @name is one of the bond's ports by profile. */
void bond_state_set_configured_port(BondState *state, const char *name, gboolean configured);
/* Carrier changes of @port within the flap window before @now_us. */
guint bond_state_port_recent_changes(const BondState *state, const BondPortState *port,
                                     gint64 now_us);
/* A port counts as up when the bond's own verdict (MII status, from
 * whichever monitor is in use) is "up"; without that verdict, by carrier. */
gboolean bond_port_is_up(const BondPortState *port);
BondPortState *bond_state_get_port(BondState *state, int ifindex);
void bond_state_set_proc(BondState *state, BondProcInfo *proc /* transfer full */);

/* D-Bus views.  Ports: a{sa{sv}} keyed by port name; Ad: a{sv}; Options:
 * a{ss} with every kernel-reported option under its table name. */
GVariant *bond_state_ports_variant(const BondState *state);
GVariant *bond_state_ad_variant(const BondState *state);
GVariant *bond_state_options_variant(const BondState *state);

/* Read /sys/class/net/<port>/speed and duplex (0/"unknown" when the
 * driver does not say). */
void bond_state_read_sysfs_speed(const char *port, guint *speed, char **duplex);

G_END_DECLS
