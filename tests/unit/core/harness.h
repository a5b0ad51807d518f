/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * A bondd core put together for a test: the daemon context (configuration,
 * an object manager at /org/freedesktop that is on no bus, plugins,
 * settings), a link cache over the fake kernel, and either the device side
 * piece by piece (device manager, software devices, activation engine,
 * optionally policy; the engine is then the test's to drive) or a whole
 * BonddManager.  It records every StateChanged of every device and active
 * connection object: they are D-Bus skeletons, which emit the signal as a
 * GObject signal whether or not a bus is connected, so an emission hook on
 * the generated interfaces sees them all.  And it runs the main loop until
 * a condition holds or a deadline passes.
 */
#pragma once

#include "activation.h"
#include "active-connection.h"
#include "device-actions.h"
#include "device-manager.h"
#include "link-cache.h"
#include "manager.h"
#include "plugins.h"
#include "policy.h"
#include "settings.h"
#include "software-device.h"

#include "fake-device-plugin.h"
#include "fake-kernel.h"
#include "fake-settings.h"

G_BEGIN_DECLS

typedef struct {
    /* settings-plugins= (NULL: just "mem"). */
    const char *const *settings_plugins;
    /* Create and start policy (autoconnect) with the pieces. */
    gboolean policy;
    /* A BonddManager instead of the pieces (engine etc. then unreachable). */
    gboolean full_manager;
} HarnessOptions;

/* One StateChanged, of a device or an active connection. */
typedef struct {
    guint seq;
    gboolean is_ac;
    char *path;  /* the object */
    char *iface; /* the device's interface (an AC's: its device's) */
    guint state;
    guint old_state; /* devices only */
    guint reason;
} HarnessEvent;

typedef struct {
    BonddDaemon daemon;
    FakeKernel *kernel;
    FakePlugin *plugin;
    FakeSettings *store;
    BonddLinkCache *cache;

    /* The pieces (NULL with full_manager). */
    BonddDeviceManager *devices;
    BonddSoftwareDevices *software;
    BonddActivationEngine *engine;
    BonddPolicy *policy;
    BonddDeviceActionsContext actions;

    BonddManager *manager; /* full_manager only */

    HarnessOptions options;
    gboolean started;
    GPtrArray *events;     /* HarnessEvent* */
    GHashTable *ac_ifaces; /* AC object path -> its device's interface */
    guint seq;
    guint device_signal, ac_signal;
    gulong device_hook, ac_hook;
} Harness;

/* Call once from main(), after g_test_init(): warnings are expected in
 * failure tests and only recorded; criticals stay fatal; the daemon's
 * messages are shown with --verbose only. */
void harness_init_logging(void);
/* Warnings logged since the last call (caller frees). */
GPtrArray *harness_take_warnings(void);

/* Register a test that runs in a subprocess of its own: one that fails
 * (an assertion, a crash, a use after free under AddressSanitizer) is
 * reported as failed and the others still run.  Its stderr is shown when it
 * fails. */
void harness_add_test(const char *path, void (*func)(void));

/* A harness with a fake kernel (just "lo"), the fake plugins and an empty
 * store; nothing started, so that the test can set up links and profiles
 * the daemon finds at start. */
Harness *harness_new(const HarnessOptions *options);
/* Start settings, link cache and devices (and policy or the manager). */
void harness_start(Harness *h);
/* Stop the daemon as at SIGTERM (links stay), drop it, and start a new one
 * over the same fake kernel, plugin and store. */
void harness_restart(Harness *h);
/* Tear down as the daemon does at SIGTERM (links stay), then free it all
 * and check that nothing is left to run in the main loop. */
void harness_free(Harness *h);
G_DEFINE_AUTOPTR_CLEANUP_FUNC(Harness, harness_free)

/* ---- profiles ------------------------------------------------------------------ */

/* Normalized connections (caller owns).  @ip4: "192.0.2.1/24" for
 * ipv4.method manual, NULL for disabled. */
NMConnection *profile_ethernet(const char *id, const char *ifname, const char *ip4,
                               gboolean autoconnect);
NMConnection *profile_bond(const char *id, const char *ifname, const char *mode, const char *miimon,
                           const char *ip4, gboolean autoconnect);
/* A bond port; @master: the controller's interface name or UUID. */
NMConnection *profile_port(const char *id, const char *ifname, const char *master,
                           gboolean autoconnect);
NMConnection *profile_vlan(const char *id, const char *ifname, const char *parent, guint id_,
                           const char *ip4, gboolean autoconnect);
/* connection.autoconnect-slaves (NetworkManager's autoconnect-ports). */
void profile_set_autoconnect_ports(NMConnection *connection, gboolean yes);

/* Put @connection into @plugin's storage and, once started, reload so that
 * the daemon serves it.  Returns the profile once served (else NULL). */
BonddProfile *harness_add_profile(Harness *h, const char *plugin, NMConnection *connection);
BonddProfile *harness_profile(Harness *h, const char *id);

/* ---- devices and active connections --------------------------------------------- */

BonddNmDevice *harness_device(Harness *h, const char *ifname);
/* The live AC on @ifname's device, or NULL. */
BonddActiveConnection *harness_ac(Harness *h, const char *ifname);
/* Activate (asserting success); returns a reference, since the engine
 * drops its own when the activation ends. */
BonddActiveConnection *harness_activate(Harness *h, BonddProfile *profile,
                                        BonddActivationOrigin origin);
NMDeviceState harness_device_state(Harness *h, const char *ifname);
/* The device's StateReason property, read from its D-Bus interface. */
NMDeviceStateReason harness_device_reason(Harness *h, const char *ifname);
/* The reason of the AC's last StateChanged (NONE without one). */
NMActiveConnectionStateReason harness_ac_reason(Harness *h, BonddActiveConnection *ac);
/* The AC's State as its D-Bus interface shows it. */
NMActiveConnectionState harness_ac_dbus_state(Harness *h, const char *path);

/* ---- the recorder ----------------------------------------------------------------- */

/* Sequence number of the next event: events recorded after now have it or
 * a higher one. */
guint harness_mark(Harness *h);
/* "40 50 70 80 90 100": the device states @ifname's device went through
 * since @since (caller frees). */
char *harness_device_states(Harness *h, const char *ifname, guint since);
/* The same for the AC objects of @ifname ("2 4"). */
char *harness_ac_states(Harness *h, const char *ifname, guint since);
/* The first event since @since of @ifname's device entering @state, or
 * NULL. */
const HarnessEvent *harness_find_device_event(Harness *h, const char *ifname, guint state,
                                              guint since);
const HarnessEvent *harness_find_ac_event(Harness *h, const char *ifname, guint state, guint since);
/* Events recorded since @since. */
guint harness_count_events(Harness *h, guint since);
/* Everything recorded, for failure messages (caller frees). */
char *harness_dump_events(Harness *h, guint since);

/* ---- the main loop -------------------------------------------------------------- */

/* Run the main loop for @ms whatever happens. */
void harness_run_for(Harness *h, guint ms);
/* Run until nothing is left to dispatch. */
void harness_flush(Harness *h);

#define HARNESS_WAIT_MS 2000

/* Run the main loop until the C expression @expr holds (checked before
 * each iteration and after it); fail the test naming it, with what was
 * recorded, after HARNESS_WAIT_MS. */
#define harness_wait(h, expr)                                                                      \
    G_STMT_START                                                                                   \
    {                                                                                              \
        gint64 _deadline = g_get_monotonic_time() + HARNESS_WAIT_MS * 1000;                        \
        while (!(expr)) {                                                                          \
            if (g_get_monotonic_time() > _deadline) {                                              \
                g_autofree char *_events = harness_dump_events((h), 0);                            \
                g_autofree char *_log = fake_plugin_log_to_string((h)->plugin);                    \
                g_autofree char *_msg = g_strdup_printf(                                           \
                    "timed out waiting for: %s\nevents: %s\nplugin: %s", #expr, _events, _log);    \
                g_assertion_message(G_LOG_DOMAIN, __FILE__, __LINE__, G_STRFUNC, _msg);            \
            }                                                                                      \
            if (!g_main_context_iteration(NULL, FALSE))                                            \
                g_usleep(500);                                                                     \
        }                                                                                          \
    }                                                                                              \
    G_STMT_END

/* Wait for the AC's state; the AC is a reference the test holds. */
#define harness_wait_ac(h, ac, state)                                                              \
    harness_wait(h, bondd_active_connection_get_state(ac) == (state))
#define harness_wait_device(h, ifname, state)                                                      \
    harness_wait(h, harness_device_state(h, ifname) == (state))

G_END_DECLS
