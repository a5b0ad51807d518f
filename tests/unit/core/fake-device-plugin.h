/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * A device plugin (src/include/bondd/device-plugin.h) for the kinds "bond"
 * (a controller) and "vlan" (stacked on a parent), working through the
 * host's netlink services only, as a real plugin does; the kernel behind
 * them is the test's fake kernel.  Every call is written to a log
 * ("realize tbond0 created", "attach tbond0 tport1"...) so that tests can
 * assert what happened in which order, and a test can make realize or
 * attach fail for an interface, or run code of its own at the start of a
 * call.
 *
 * One plugin at a time: the factory ABI has no user data, so the factory
 * uses the plugin made last.
 */
#pragma once

#include <bondd/device-plugin.h>

#include "fake-kernel.h"

G_BEGIN_DECLS

typedef struct _FakePlugin FakePlugin;

/* Called at the start of each plugin call: @call is "realize", "attach",
 * "release", "reapply" or "unrealize"; @ifname the device's interface;
 * @port_ifname the port's for attach and release, else NULL. */
typedef void (*FakePluginHook)(const char *call, const char *ifname, const char *port_ifname,
                               gpointer user_data);

FakePlugin *fake_plugin_new(FakeKernel *kernel);
void fake_plugin_free(FakePlugin *plugin);

/* The factory to register with bondd_plugins_add_device_factory(). */
const BonddDeviceFactory *fake_plugin_get_factory(void);

/* The calls so far, oldest first; entries:
 *   "create bond tbond0" / "create vlan tvlan10 parent 3"
 *   "realize tbond0 created" / "realize tbond0 adopted" / "realize tbond0 failed"
 *   "attach tbond0 tport1" / "attach tbond0 tport1 failed"
 *   "release tbond0 tport1"
 *   "reapply tbond0" / "reapply tbond0 refused"
 *   "unrealize tbond0"
 *   "free tbond0" */
GPtrArray *fake_plugin_get_log(FakePlugin *plugin);
/* The index of the first entry starting with @prefix at or after @from, or
 * -1. */
int fake_plugin_log_find(FakePlugin *plugin, const char *prefix, int from);
/* How many entries start with @prefix. */
guint fake_plugin_log_count(FakePlugin *plugin, const char *prefix);
/* The whole log on one line, for messages. */
char *fake_plugin_log_to_string(FakePlugin *plugin);
void fake_plugin_clear_log(FakePlugin *plugin);

/* realize of @ifname fails (until set to NULL). */
void fake_plugin_fail_realize(FakePlugin *plugin, const char *ifname);
/* attach of the port @port_ifname fails (until set to NULL). */
void fake_plugin_fail_attach(FakePlugin *plugin, const char *port_ifname);
void fake_plugin_set_hook(FakePlugin *plugin, FakePluginHook hook, gpointer user_data);

/* The bond options a plugin device of @ifname asked for last ("mode",
 * "miimon"), or NULL. */
const char *fake_plugin_get_option(FakePlugin *plugin, const char *ifname, const char *option);
/* Plugin devices alive now. */
guint fake_plugin_count_devices(FakePlugin *plugin);

G_END_DECLS
