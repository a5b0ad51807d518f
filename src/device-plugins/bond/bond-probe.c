/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The diagnostic probe bond (see bond-probe.h).
 */
#include "config.h"

#include "bond-probe.h"

#include <glib/gi18n-lib.h>
#include <net/if.h>
#include <linux/rtnetlink.h>

typedef struct {
    const BonddDeviceHost *host;
    BondNameToIndex resolve;
    gpointer resolve_data;
} Probe;

static gboolean
request(const Probe *probe, struct nlmsghdr *nlh, GError **error)
{
    return probe->host->netlink_request(probe->host->host_data, nlh, error);
}

static gboolean
delete_link(const Probe *probe, int ifindex, GError **error)
{
    return probe->host->delete_link(probe->host->host_data, ifindex, error);
}

static gboolean
change(const Probe *probe, int ifindex, const BondConfig *cfg, guint mtu, const guint8 *mac,
       GError **error)
{
    char buf[MNL_SOCKET_BUFFER_SIZE];
    BondLinkRequest req = {
        .ifindex = ifindex, .master = -1, .up = -1, .cfg = cfg, .mtu = mtu, .hwaddr = mac};
    struct nlmsghdr *nlh =
        bond_netlink_build_newlink(buf, &req, probe->resolve, probe->resolve_data, NULL, error);

    return nlh && request(probe, nlh, error);
}

/* Create the probe (mode only) under the reserved scratch name.  A probe
 * left by a daemon that died mid-diagnosis is ours by that name: delete it
 * and try once more.  Returns its ifindex, 0 on failure. */
static int
create(const Probe *probe, const char *mode, GError **error)
{
    char buf[MNL_SOCKET_BUFFER_SIZE];
    BondConfig cfg = {0};
    BondLinkRequest req = {.ifname = BONDD_SCRATCH_LINK_PREFIX,
                           .nlmsg_flags = NLM_F_CREATE | NLM_F_EXCL,
                           .master = -1,
                           .up = -1,
                           .cfg = &cfg};
    g_autoptr(GError) local = NULL;
    gboolean ok;
    int stale;

    bond_config_set(&cfg, "mode", mode);
    ok = request(probe, bond_netlink_build_newlink(buf, &req, NULL, NULL, NULL, NULL), &local);
    if (!ok && g_error_matches(local, G_IO_ERROR, G_IO_ERROR_EXISTS) &&
        (stale = (int)if_nametoindex(BONDD_SCRATCH_LINK_PREFIX)) > 0 &&
        delete_link(probe, stale, NULL)) {
        g_clear_error(&local);
        ok = request(probe, bond_netlink_build_newlink(buf, &req, NULL, NULL, NULL, NULL), &local);
    }
    bond_config_clear(&cfg);
    if (!ok) {
        g_propagate_error(error, g_steal_pointer(&local));
        return 0;
    }
    return (int)if_nametoindex(BONDD_SCRATCH_LINK_PREFIX);
}

char *
bond_probe_diagnose(const BonddDeviceHost *host, const char *bond_name, const BondConfig *cfg,
                    guint mtu, const guint8 *mac, BondNameToIndex resolve, gpointer resolve_data)
{
    const Probe probe = {host, resolve, resolve_data};
    const char *mode = bond_config_get(cfg, "mode");
    g_autoptr(GString) culprits = g_string_new(NULL);
    g_autoptr(GError) error = NULL;
    int probe_index;

    probe_index = create(&probe, mode, &error);
    if (error)
        return g_strdup_printf("mode=%s: %s", mode, error->message);
    if (probe_index <= 0)
        return NULL;

    for (guint i = 0; i < bond_options_count(); i++) {
        const BondOptionInfo *opt = bond_option_by_index(i);
        BondConfig one = {0};

        if (!cfg->values[i] || g_str_equal(opt->name, "mode"))
            continue;
        one.values[i] = g_strdup(cfg->values[i]);
        if (opt->flags & BOND_OPT_FLAG_NEEDS_MIIMON)
            bond_config_set(&one, "miimon", bond_config_get(cfg, "miimon"));
        g_clear_error(&error);
        if (!change(&probe, probe_index, &one, 0, NULL, &error))
            g_string_append_printf(culprits, "%s%s=%s: %s", culprits->len ? "; " : "", opt->name,
                                   cfg->values[i], error->message);
        bond_config_clear(&one);
    }
    g_clear_error(&error);
    if (mtu && !change(&probe, probe_index, NULL, mtu, NULL, &error))
        g_string_append_printf(culprits, "%smtu=%u: %s", culprits->len ? "; " : "", mtu,
                               error->message);
    g_clear_error(&error);
    if (mac && !change(&probe, probe_index, NULL, 0, mac, &error))
        g_string_append_printf(culprits, "%sMAC address: %s", culprits->len ? "; " : "",
                               error->message);
    g_clear_error(&error);
    if (!delete_link(&probe, probe_index, &error))
        g_warning(_("%s: could not delete the diagnostic probe bond %s (ifindex %d): %s"),
                  bond_name, BONDD_SCRATCH_LINK_PREFIX, probe_index, error->message);
    return culprits->len ? g_strdup(culprits->str) : NULL;
}
