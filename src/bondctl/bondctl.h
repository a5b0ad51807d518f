/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * bondctl: what the commands share.  Each command is one file
 * (bondctl-status.c, bondctl-show.c, ...); main.c parses the command line.
 */
#pragma once

#include <bondd.h>
#include <json-glib/json-glib.h>

G_BEGIN_DECLS

/* Exit statuses: every read command says how the bonds are. */
enum {
    BONDCTL_EXIT_OK = 0,
    BONDCTL_EXIT_DEGRADED = 1,
    BONDCTL_EXIT_DOWN = 2, /* a bond is down, or bondctl could not do its job */
};

typedef struct {
    gboolean json;        /* --json */
    gboolean color;       /* colours (a terminal, or --color=always) */
    guint events;         /* show: how many recent events */
    char *output;         /* metrics: write this file (atomically) */
    gboolean openmetrics; /* metrics: OpenMetrics 1.0 rather than Prometheus text */
    char *to;             /* migrate-ifupdown: the settings plugin to write with */
    gboolean dry_run;     /* migrate-ifupdown: write nothing */
    char *config;         /* migrate-ifupdown: bondd's configuration file */
} BondctlOptions;

/* bondctl-common.c */
int bondctl_exit_for_health(BonddHealth health);
const char *bondctl_health_word(BonddHealth health);
/* @text in the colour of @health when colours are on. */
char *bondctl_colored(const BondctlOptions *options, BonddHealth health, const char *text);
/* Local wall-clock time with milliseconds: "2024-05-01 12:00:00.123". */
char *bondctl_format_time(gint64 realtime_us);
/* ISO 8601 with microseconds and the UTC offset. */
char *bondctl_iso_time(gint64 realtime_us);
void bondctl_print_json(JsonNode *node);
void bondctl_error(const char *fmt, ...) G_GNUC_PRINTF(1, 2);
/* A client that sees bondd running; NULL (and a message printed) if not. */
BonddClient *bondctl_connect(void);
/* The bond called @name; NULL (and a message printed) if there is none. */
BonddBond *bondctl_find_bond(BonddClient *client, const char *name);

/* The summary `status` prints and `metrics` and `show` also use. */
typedef struct {
    guint ports_total;
    guint ports_up;       /* MII status up */
    gboolean lacp;        /* 802.3ad mode */
    gboolean has_partner; /* 802.3ad: the aggregator has a partner */
    char partner_mac[32]; /* 802.3ad: the aggregator's partner, "" if unknown */
    guint aggregator;     /* 802.3ad: the active aggregator, 0 none */
    guint ports_in_aggregator;
} BondctlSummary;

void bondctl_summarize(BonddBond *bond, BondctlSummary *summary);
gboolean bondctl_is_zero_mac(const char *mac);

/* bondctl-json.c */
JsonNode *bondctl_json_summary(BonddBond *bond);
JsonNode *bondctl_json_bond(BonddBond *bond, GPtrArray *events);
JsonNode *bondctl_json_event(const char *bond_name, const BonddEvent *event);

/* The commands: each returns the exit status. */
int bondctl_status(const BondctlOptions *options);
int bondctl_show(const BondctlOptions *options, const char *bond_name);
int bondctl_monitor(const BondctlOptions *options, const char *bond_name);
int bondctl_metrics(const BondctlOptions *options);
int bondctl_check(const BondctlOptions *options, const char *dir);
/* Runs the daemon's migration (replacing this process); returns only on
 * failure to start it. */
int bondctl_migrate_ifupdown(const BondctlOptions *options, const char *file);

G_END_DECLS
