/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The daemon's shared context: one per process, created by main.c, handed to
 * every core module.  Modules keep a pointer to it; it outlives them all.
 */
#pragma once

#include <gio/gio.h>

#include "bondd-config.h"
#include "nm-dbus-generated.h"

G_BEGIN_DECLS

typedef struct _BonddSettings BonddSettings;
typedef struct _BonddManager BonddManager;
typedef struct _BonddPlugins BonddPlugins;
typedef struct _BonddDnsManager BonddDnsManager;

typedef struct {
    BonddConfig *config;
    GMainLoop *loop;
    /* The one bus connection that owns org.freedesktop.NetworkManager: every
     * object and signal must come from it (libnm addresses the unique name). */
    GDBusConnection *bus;
    /* ObjectManager at /org/freedesktop (libnm requires exactly this path). */
    GDBusObjectManagerServer *object_manager;
    BonddPlugins *plugins;
    BonddSettings *settings;
    BonddManager *manager;
    BonddDnsManager *dns; /* the manager's; NULL before and after it */
} BonddDaemon;

#define BONDD_DBUS_PATH_PREFIX "/org/freedesktop/NetworkManager"

/* A fresh object path "/org/freedesktop/NetworkManager/<kind>/<N>" with N
 * counting per kind from 1 and never reused during the process lifetime
 * (kind: "Settings", "Devices", "ActiveConnection", "IP4Config"...). */
char *bondd_daemon_next_object_path(BonddDaemon *daemon, const char *kind);

G_END_DECLS
