/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The bond device: realise, adopt, attach/release ports, reapply, tear down,
 * and keep the runtime state and its D-Bus interface current.
 *
 * Rules from the kernel (docs/kernel-bonding.md): create with
 * every option in one RTM_NEWLINK; change options with RTM_NEWLINK without
 * NLM_F_CREATE; options a mode does not take fail the whole request, so the
 * option set is filtered by mode first; a port must be down before
 * IFLA_MASTER; unknown attributes are silently ignored, so everything is
 * read back and compared.
 */
#include "config.h"

#include "bond-device.h"

#include <glib/gi18n-lib.h>
#include <errno.h>
#include <net/if.h>
#include <string.h>
#include <linux/rtnetlink.h>

#include "bond-dbus.h"
#include "bond-netlink.h"
#include "bond-probe.h"
#include "bond-profile.h"
#include "bond-state.h"
#include "bond-watch.h"

typedef struct {
    BonddDevice parent;
    BonddDeviceHost host;
    char *ifname;
    int ifindex;
    gboolean owned;       /* bondd created or adopted the link */
    BondConfig requested; /* what the profile asked the kernel for */
    guint mtu;            /* 0 = leave */
    guint8 mac[6];
    gboolean has_mac;
    char *pending_primary;   /* primary named before the device existed */
    GHashTable *unsupported; /* option names the running kernel ignored */
    BondState *state;
    GDBusInterfaceSkeleton *dbus;
    BondWatch *watch; /* follows the kernel's reports into state and dbus */
    guint refresh_source;
    GArray *refresh_ports; /* int ifindex: ports to read again with the bond */
} BondDevice;

static const BonddDeviceVTable bond_device_vtable;

/* ---------------------------------------------------------------- helpers */

static int
resolve_name(const char *name, gpointer user_data)
{
    BondDevice *self = user_data;
    const BonddLink *link = self->host.get_link_by_name(self->host.host_data, name);

    if (link)
        return link->ifindex;
    /* The cache learns of new links only from the main loop. */
    return (int)if_nametoindex(name);
}

static const char *
resolve_index(int ifindex, gpointer user_data)
{
    BondDevice *self = user_data;
    const BonddLink *link = self->host.get_link(self->host.host_data, ifindex);

    return link ? link->name : NULL;
}

static gboolean
request(BondDevice *self, struct nlmsghdr *nlh, GError **error)
{
    return self->host.netlink_request(self->host.host_data, nlh, error);
}

static gboolean
set_link_up(BondDevice *self, int ifindex, gboolean up, GError **error)
{
    return self->host.set_link_up(self->host.host_data, ifindex, up, error);
}

static gboolean
delete_link(BondDevice *self, int ifindex, GError **error)
{
    return self->host.delete_link(self->host.host_data, ifindex, error);
}

/* Send an option change for an existing bond. */
static gboolean
change_options(BondDevice *self, int ifindex, const BondConfig *delta, guint mtu, const guint8 *mac,
               GPtrArray *unresolved, GError **error)
{
    char buf[MNL_SOCKET_BUFFER_SIZE];
    BondLinkRequest req = {
        .ifindex = ifindex, .master = -1, .up = -1, .cfg = delta, .mtu = mtu, .hwaddr = mac};
    struct nlmsghdr *nlh =
        bond_netlink_build_newlink(buf, &req, resolve_name, self, unresolved, error);

    return nlh && request(self, nlh, error);
}

static gboolean
bond_has_ports(BondDevice *self)
{
    g_autofree char *path = g_strdup_printf("/sys/class/net/%s/bonding/slaves", self->ifname);
    g_autofree char *text = NULL;

    if (g_file_get_contents(path, &text, NULL, NULL))
        return *g_strstrip(text) != '\0';
    return self->state && g_hash_table_size(self->state->ports) > 0;
}

static char *
config_to_string(const BondConfig *cfg)
{
    GString *s = g_string_new(NULL);

    for (guint i = 0; i < bond_options_count(); i++) {
        if (!cfg->values[i])
            continue;
        g_string_append_printf(s, "%s%s=%s", s->len ? "," : "", bond_option_by_index(i)->name,
                               cfg->values[i]);
    }
    return g_string_free(s, FALSE);
}

/* ------------------------------------------------------- profile details */

static void
profile_link_settings(NMConnection *profile, guint *mtu, guint8 *mac, gboolean *has_mac)
{
    NMSettingWired *s_wired = nm_connection_get_setting_wired(profile);
    const char *cloned;

    *mtu = 0;
    *has_mac = FALSE;
    if (!s_wired)
        return;
    *mtu = nm_setting_wired_get_mtu(s_wired);
    cloned = nm_setting_wired_get_cloned_mac_address(s_wired);
    /* "preserve", "permanent", "random", "stable" are NetworkManager
     * policies, not addresses: only a literal MAC is applied. */
    if (cloned && nm_utils_hwaddr_aton(cloned, mac, 6))
        *has_mac = TRUE;
}

/* ------------------------------------------------------------- read back */

static gboolean
read_back(BondDevice *self, BondConfig *out, GError **error)
{
    const BonddLink *link;
    BondLinkAttrs attrs;

    memset(out, 0, sizeof *out);
    if (!self->host.refresh_link(self->host.host_data, self->ifindex) ||
        !(link = self->host.get_link(self->host.host_data, self->ifindex))) {
        g_set_error(error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND, _("bond %s (ifindex %d) vanished"),
                    self->ifname, self->ifindex);
        return FALSE;
    }
    if (!bond_netlink_parse_link(link->nlh, &attrs) || g_strcmp0(attrs.kind, "bond") != 0) {
        g_set_error(error, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED,
                    _("%s is not a bond (link kind '%s')"), self->ifname,
                    attrs.kind ? attrs.kind : "");
        return FALSE;
    }
    bond_netlink_parse_info_data(attrs.info_data, resolve_index, self, out, NULL);
    return TRUE;
}

/* Log every option the kernel holds differently from what was asked. */
static void
log_differences(BondDevice *self, const BondConfig *requested, const BondConfig *applied,
                const char *what)
{
    g_autoptr(GPtrArray) diff = bond_config_diff(requested, applied);

    for (guint i = 0; i < diff->len; i++) {
        const BondOptionInfo *opt = g_ptr_array_index(diff, i);
        guint idx = bond_option_index(opt);
        const char *want = requested->values[idx];
        const char *have = applied->values[idx];

        if (!have && opt->type == BOND_OPT_TYPE_IFNAME) {
            /* The kernel reports primary only once the device is a port. */
            g_message(_("%s: %s: %s=%s not reported yet (set when %s is a port)"), self->ifname,
                      what, opt->name, want, want);
        } else if (!have) {
            g_hash_table_add(self->unsupported, (gpointer)opt->name);
            if (g_strcmp0(want, opt->kernel_default) == 0)
                g_message(_("%s: %s: the running kernel does not report %s (kernel %s+); "
                            "requested value is its default %s"),
                          self->ifname, what, opt->name, opt->since, want);
            else
                g_warning(_("%s: %s: the running kernel ignored %s=%s (attribute %u needs "
                            "kernel %s+)"),
                          self->ifname, what, opt->name, want, opt->attr, opt->since);
        } else {
            g_warning(_("%s: %s: %s requested %s, kernel applied %s"), self->ifname, what,
                      opt->name, want, have);
        }
    }
}

/* Publish what the kernel holds now, after bondd changed the bond. */
static void
refresh_state(BondDevice *self)
{
    bond_watch_set_ifindex(self->watch, self->ifindex);
    bond_watch_refresh(self->watch);
}

static gboolean
refresh_idle(gpointer user_data)
{
    BondDevice *self = user_data;
    const BonddLink *link;

    self->refresh_source = 0;
    for (guint i = 0; i < self->refresh_ports->len; i++) {
        int ifindex = g_array_index(self->refresh_ports, int, i);

        if (self->host.refresh_link(self->host.host_data, ifindex) &&
            (link = self->host.get_link(self->host.host_data, ifindex)) &&
            link->master == self->ifindex)
            bond_watch_port_link(self->watch, link);
    }
    g_array_set_size(self->refresh_ports, 0);
    if (self->ifindex && self->host.refresh_link(self->host.host_data, self->ifindex))
        refresh_state(self);
    return G_SOURCE_REMOVE;
}

/* Read the port just attached and the bond again once the main loop has
 * nothing else to do.  The kernel's own reports of the change reach the
 * watch as events anyway; reading it all again settles what they leave
 * out, and waiting for a quiet main loop keeps that off the path of an
 * activation (under a slow machine, reading and publishing the whole bond
 * took longer than attaching the port). */
static void
schedule_refresh(BondDevice *self, int port_ifindex)
{
    g_array_append_val(self->refresh_ports, port_ifindex);
    if (!self->refresh_source)
        self->refresh_source = g_idle_add_full(G_PRIORITY_LOW, refresh_idle, self, NULL);
}

/* ---------------------------------------------------------------- create */

static gboolean
create_bond(BondDevice *self, GError **error)
{
    char buf[MNL_SOCKET_BUFFER_SIZE];
    g_autoptr(GPtrArray) unresolved = g_ptr_array_new();
    g_autoptr(GError) local = NULL;
    BondConfig applied;
    BondLinkRequest req = {.ifname = self->ifname,
                           .nlmsg_flags = NLM_F_CREATE | NLM_F_EXCL,
                           .mtu = self->mtu,
                           .hwaddr = self->has_mac ? self->mac : NULL,
                           .master = -1,
                           .up = -1,
                           .cfg = &self->requested};
    g_autofree char *desc = config_to_string(&self->requested);
    struct nlmsghdr *nlh;

    nlh = bond_netlink_build_newlink(buf, &req, resolve_name, self, unresolved, error);
    if (!nlh)
        return FALSE;
    g_clear_pointer(&self->pending_primary, g_free);
    for (guint i = 0; i < unresolved->len; i++) {
        const char *name = g_ptr_array_index(unresolved, i);

        if (g_str_equal(name, "primary")) {
            self->pending_primary = g_strdup(bond_config_get(&self->requested, "primary"));
            g_message(_("%s: primary %s does not exist yet; set when it is attached"), self->ifname,
                      self->pending_primary);
        }
    }

    if (!request(self, nlh, &local)) {
        g_autofree char *culprits =
            bond_probe_diagnose(&self->host, self->ifname, &self->requested, self->mtu,
                                self->has_mac ? self->mac : NULL, resolve_name, self);
        int code = local->domain == G_IO_ERROR ? local->code : G_IO_ERROR_FAILED;

        g_set_error(error, G_IO_ERROR, code, _("cannot create bond %s (%s): %s%s%s%s"),
                    self->ifname, desc, local->message, culprits ? _(" [rejected: ") : "",
                    culprits ? culprits : "", culprits ? "]" : "");
        return FALSE;
    }
    self->ifindex = (int)if_nametoindex(self->ifname);
    if (self->ifindex <= 0 || !read_back(self, &applied, &local)) {
        g_set_error(error, G_IO_ERROR, G_IO_ERROR_FAILED,
                    _("bond %s was created but cannot be read back: %s"), self->ifname,
                    local ? local->message : _("no ifindex"));
        if (self->ifindex > 0)
            delete_link(self, self->ifindex, NULL);
        self->ifindex = 0;
        return FALSE;
    }
    /* Created here: the link is ours to delete on deactivation. */
    self->owned = TRUE;
    g_message(_("%s: created bond (ifindex %d) with %s"), self->ifname, self->ifindex, desc);
    log_differences(self, &self->requested, &applied, "create");
    bond_config_clear(&applied);
    return TRUE;
}

/* ---------------------------------------------------------- change plans */

typedef enum {
    APPLY_NOTHING,
    APPLY_LIVE,
    APPLY_DOWN,     /* bond down, change, up */
    APPLY_NO_PORTS, /* release the ports, then as APPLY_DOWN */
} ApplyHow;

/* How to move the kernel from @current to @target: the option delta (in
 * @delta) and the least disruptive way to apply it. */
static ApplyHow
plan_change(BondDevice *self, const BondConfig *current, const BondConfig *target,
            gboolean have_ports, gboolean is_up, BondConfig *delta, GString *why)
{
    ApplyHow how = APPLY_NOTHING;
    int mode = bond_config_mode(target);
    gboolean miimon_on = bond_config_get_uint(target, "miimon", 0) > 0;

    memset(delta, 0, sizeof *delta);
    for (guint i = 0; i < bond_options_count(); i++) {
        const BondOptionInfo *opt = bond_option_by_index(i);
        const char *value = NULL;

        if (!bond_option_is_settable(opt) || (opt->flags & BOND_OPT_FLAG_ALIAS) ||
            g_hash_table_contains(self->unsupported, opt->name))
            continue;
        if (target->values[i]) {
            if (g_strcmp0(target->values[i], current->values[i]) == 0)
                continue;
            value = target->values[i];
        } else if (current->values[i] && !(opt->flags & BOND_OPT_FLAG_RUNTIME)) {
            /* No longer asked for: back to the kernel default, where the new
             * mode and monitor allow sending it at all. */
            if (mode < 0 || !bond_option_valid_in_mode(opt, (BondMode)mode) ||
                ((opt->flags & BOND_OPT_FLAG_NEEDS_MIIMON) && !miimon_on) ||
                g_strcmp0(current->values[i], opt->kernel_default) == 0)
                continue;
            value = opt->kernel_default;
        } else {
            continue;
        }
        delta->values[i] = g_strdup(value);
        if (!bond_option_changeable_with_ports(opt) && have_ports) {
            how = APPLY_NO_PORTS;
            g_string_append_printf(why, "%s%s needs a bond without ports", why->len ? ", " : "",
                                   opt->name);
        } else if (!bond_option_changeable_while_up(opt) && is_up) {
            how = MAX(how, APPLY_DOWN);
            g_string_append_printf(why, "%s%s needs the bond down", why->len ? ", " : "",
                                   opt->name);
        } else {
            how = MAX(how, APPLY_LIVE);
        }
    }
    return how;
}

static gboolean
apply_delta(BondDevice *self, ApplyHow how, const BondConfig *delta, guint mtu, const guint8 *mac,
            gboolean was_up, GError **error)
{
    g_autoptr(GPtrArray) unresolved = g_ptr_array_new();
    g_autoptr(GError) local = NULL;
    g_autofree char *desc = config_to_string(delta);
    gboolean ok;

    if (how == APPLY_DOWN && was_up && !set_link_up(self, self->ifindex, FALSE, error)) {
        g_prefix_error(error, _("cannot set %s down to change options: "), self->ifname);
        return FALSE;
    }
    ok = change_options(self, self->ifindex, delta, mtu, mac, unresolved, &local);
    if (how == APPLY_DOWN && was_up) {
        g_autoptr(GError) up_error = NULL;

        if (!set_link_up(self, self->ifindex, TRUE, &up_error))
            g_warning(_("%s: cannot set it up again: %s"), self->ifname, up_error->message);
    }
    if (!ok) {
        g_set_error(error, G_IO_ERROR, local->domain == G_IO_ERROR ? local->code : 0,
                    _("cannot change options of bond %s (%s): %s"), self->ifname, desc,
                    local->message);
        return FALSE;
    }
    for (guint i = 0; i < unresolved->len; i++) {
        if (g_str_equal(g_ptr_array_index(unresolved, i), "primary")) {
            g_free(self->pending_primary);
            self->pending_primary = g_strdup(bond_config_get(delta, "primary"));
        }
    }
    if (*desc)
        g_message(_("%s: changed %s%s"), self->ifname, desc,
                  how == APPLY_DOWN ? _(" (bond set down meanwhile)") : "");
    return TRUE;
}

static gboolean
link_is_up(BondDevice *self)
{
    const BonddLink *link = self->host.get_link(self->host.host_data, self->ifindex);

    return link && (link->flags & IFF_UP);
}

/* Release every port of the existing bond (before an option change the
 * kernel makes only on a bond without ports). */
static gboolean
release_all_ports(BondDevice *self, GError **error)
{
    char buf[MNL_SOCKET_BUFFER_SIZE];
    g_autoptr(GArray) ports = g_array_new(FALSE, FALSE, sizeof(int));
    g_autofree char *path = g_strdup_printf("/sys/class/net/%s/bonding/slaves", self->ifname);
    g_autofree char *text = NULL;
    g_auto(GStrv) names = NULL;

    if (!g_file_get_contents(path, &text, NULL, NULL))
        return TRUE;
    names = g_strsplit_set(g_strstrip(text), " \n", -1);
    for (guint i = 0; names[i]; i++) {
        int ifindex = *names[i] ? resolve_name(names[i], self) : 0;

        if (ifindex > 0)
            g_array_append_val(ports, ifindex);
    }
    for (guint i = 0; i < ports->len; i++) {
        BondLinkRequest req = {.ifindex = g_array_index(ports, int, i), .master = 0, .up = -1};

        if (!request(self, bond_netlink_build_newlink(buf, &req, NULL, NULL, NULL, NULL), error)) {
            g_prefix_error(error, _("cannot release the ports of %s: "), self->ifname);
            return FALSE;
        }
        bond_watch_port_removed(self->watch, req.ifindex);
    }
    return TRUE;
}

/* ----------------------------------------------------------------- vtable */

static gboolean
bond_realize(BonddDevice *device, NMConnection *profile, gboolean *out_adopted, int *out_ifindex,
             GError **error)
{
    BondDevice *self = (BondDevice *)device;
    NMSettingBond *s_bond = nm_connection_get_setting_bond(profile);
    const BonddLink *existing_entry;

    if (out_adopted)
        *out_adopted = FALSE;
    if (!s_bond) {
        g_set_error(error, NM_DEVICE_ERROR, NM_DEVICE_ERROR_INVALID_CONNECTION,
                    _("profile '%s' has no bond setting"), nm_connection_get_id(profile));
        return FALSE;
    }
    bond_config_clear(&self->requested);
    if (!bond_config_from_setting(s_bond, &self->requested, error)) {
        g_prefix_error(error, _("profile '%s': "), nm_connection_get_id(profile));
        return FALSE;
    }
    if (g_strcmp0(nm_setting_bond_get_option_by_name(s_bond, "balance-slb"), "1") == 0)
        g_warning(_("%s: balance-slb: transmit hashing vlan+srcmac is applied, NetworkManager's "
                    "extra receive filtering is not"),
                  self->ifname);
    profile_link_settings(profile, &self->mtu, self->mac, &self->has_mac);

    existing_entry = self->host.get_link_by_name(self->host.host_data, self->ifname);
    if (existing_entry) {
        /* A copy: refresh_link() below may replace the cache entry. */
        BonddLink existing_copy = *existing_entry;
        const BonddLink *existing = &existing_copy;
        g_autoptr(GString) why = g_string_new(NULL);
        BondConfig applied, delta;
        ApplyHow how;
        gboolean ok;

        existing_copy.nlh = NULL;
        if (g_strcmp0(existing->kind, "bond") != 0) {
            g_set_error(error, NM_DEVICE_ERROR, NM_DEVICE_ERROR_CREATION_FAILED,
                        _("interface %s exists and is not a bond (kind '%s')"), self->ifname,
                        existing->kind);
            return FALSE;
        }
        self->ifindex = existing->ifindex;
        if (!read_back(self, &applied, error))
            return FALSE;
        how = plan_change(self, &applied, &self->requested, bond_has_ports(self),
                          existing->flags & IFF_UP, &delta, why);
        if (how == APPLY_NO_PORTS) {
            /* Activation attaches the ports again: release them rather than
             * delete the link, so the bond keeps its ifindex. */
            g_message(_("%s: existing bond differs in options that need it without ports (%s): "
                        "releasing its ports"),
                      self->ifname, why->str);
            bond_config_clear(&delta);
            g_string_truncate(why, 0);
            if (!release_all_ports(self, error))
                return FALSE;
            how = plan_change(self, &applied, &self->requested, FALSE, existing->flags & IFF_UP,
                              &delta, why);
        }
        {
            gboolean mtu_differs = self->mtu && self->mtu != existing->mtu;
            gboolean mac_differs = self->has_mac && (existing->hwaddr_len != 6 ||
                                                     memcmp(existing->hwaddr, self->mac, 6) != 0);

            ok = TRUE;
            if (how != APPLY_NOTHING || mtu_differs || mac_differs) {
                g_message(_("%s: adopting existing bond, applying differences%s%s"), self->ifname,
                          why->len ? ": " : "", why->str);
                ok = apply_delta(self, how, &delta, mtu_differs ? self->mtu : 0,
                                 mac_differs ? self->mac : NULL, existing->flags & IFF_UP, error);
            } else {
                g_message(_("%s: adopting existing bond (ifindex %d), options match"), self->ifname,
                          self->ifindex);
            }
            bond_config_clear(&applied);
            bond_config_clear(&delta);
            if (!ok)
                return FALSE;
            if (read_back(self, &applied, NULL)) {
                log_differences(self, &self->requested, &applied, "adopt");
                bond_config_clear(&applied);
            }
            if (out_adopted)
                *out_adopted = TRUE;
            goto done;
        }
    }

    if (!create_bond(self, error))
        return FALSE;
done:
    self->owned = TRUE;
    if (out_ifindex)
        *out_ifindex = self->ifindex;
    /* What the watch knows from now on is news (a port attached, the
     * active port chosen).  The interface is exported next, with what
     * it holds now. */
    refresh_state(self);
    bond_watch_publish_now(self->watch);
    bond_watch_activating(self->watch);
    return TRUE;
}

static gint64
port_prio(NMConnection *port_profile, gboolean *has)
{
    NMSetting *s_port =
        port_profile ? nm_connection_get_setting_by_name(port_profile, "bond-port") : NULL;
    int prio = 0;

    /* bond-port.prio exists from libnm 1.44; look it up at run time. */
    *has = s_port && g_object_class_find_property(G_OBJECT_GET_CLASS(s_port), "prio");
    if (*has)
        g_object_get(s_port, "prio", &prio, NULL);
    return prio;
}

static gboolean
bond_attach_port(BonddDevice *device, int port_ifindex, NMConnection *port_profile, GError **error)
{
    BondDevice *self = (BondDevice *)device;
    char buf[MNL_SOCKET_BUFFER_SIZE];
    const BonddLink *link = self->host.get_link(self->host.host_data, port_ifindex);
    g_autofree char *port_name = NULL;
    NMSettingBondPort *s_port;
    int mode = bond_config_mode(&self->requested);
    gboolean enslaved_here = FALSE;

    if (!self->ifindex) {
        g_set_error(error, NM_DEVICE_ERROR, NM_DEVICE_ERROR_NOT_ACTIVE, _("bond %s does not exist"),
                    self->ifname);
        return FALSE;
    }
    if (!link) {
        g_set_error(error, NM_DEVICE_ERROR, NM_DEVICE_ERROR_MISSING_DEPENDENCIES,
                    _("port ifindex %d does not exist"), port_ifindex);
        return FALSE;
    }
    port_name = g_strdup(link->name);

    if (link->master != self->ifindex) {
        guint mtu = 0;
        guint8 mac[6];
        gboolean has_mac = FALSE;
        BondLinkRequest req = {.ifindex = port_ifindex, .master = -1, .up = -1};

        if (link->master) {
            g_set_error(error, NM_DEVICE_ERROR, NM_DEVICE_ERROR_FAILED,
                        _("%s is already a port of ifindex %d"), port_name, link->master);
            return FALSE;
        }
        /* The kernel refuses to enslave a port that is up. */
        if ((link->flags & IFF_UP) && !set_link_up(self, port_ifindex, FALSE, error)) {
            g_prefix_error(error, _("cannot set %s down before attaching it to %s: "), port_name,
                           self->ifname);
            return FALSE;
        }
        if (port_profile)
            profile_link_settings(port_profile, &mtu, mac, &has_mac);
        if (mtu || has_mac) {
            req.mtu = mtu;
            req.hwaddr = has_mac ? mac : NULL;
            if (!request(self, bond_netlink_build_newlink(buf, &req, NULL, NULL, NULL, NULL),
                         error)) {
                g_prefix_error(error, _("cannot set MTU/MAC of port %s: "), port_name);
                return FALSE;
            }
        }
        req = (BondLinkRequest){.ifindex = port_ifindex, .master = self->ifindex, .up = -1};
        if (!request(self, bond_netlink_build_newlink(buf, &req, NULL, NULL, NULL, NULL), error)) {
            g_prefix_error(error, _("cannot attach %s to %s: "), port_name, self->ifname);
            return FALSE;
        }
        enslaved_here = TRUE;
    }

    s_port = port_profile ? (NMSettingBondPort *)nm_connection_get_setting(
                                port_profile, NM_TYPE_SETTING_BOND_PORT)
                          : NULL;
    if (s_port) {
        gboolean has_prio;
        gint64 prio = port_prio(port_profile, &has_prio);
        const BondPortAttrInfo *prio_attr = bond_port_attr_by_name("prio");
        int queue_id = (int)nm_setting_bond_port_get_queue_id(s_port);

        if (!has_prio || mode < 0 || !(prio_attr->modes & BOND_MODE_BIT(mode)))
            prio = G_MININT32;
        if (!request(self, bond_netlink_build_port_options(buf, port_ifindex, queue_id, prio),
                     error)) {
            g_prefix_error(error, _("cannot set bond-port options (queue-id %d) of %s: "), queue_id,
                           port_name);
            goto undo;
        }
    }

    if (!set_link_up(self, port_ifindex, TRUE, error)) {
        g_prefix_error(error, _("cannot set port %s up: "), port_name);
        goto undo;
    }

    if (self->pending_primary && g_str_equal(self->pending_primary, port_name)) {
        BondConfig one = {0};
        g_autoptr(GError) local = NULL;

        bond_config_set(&one, "primary", port_name);
        if (change_options(self, self->ifindex, &one, 0, NULL, NULL, &local)) {
            g_message(_("%s: primary set to %s now that it is a port"), self->ifname, port_name);
            g_clear_pointer(&self->pending_primary, g_free);
        } else {
            g_warning(_("%s: cannot set primary %s: %s"), self->ifname, port_name, local->message);
        }
        bond_config_clear(&one);
    }
    g_message(_("%s: attached port %s"), self->ifname, port_name);
    /* The core attaches the ports the active profile asks for: health
     * counts them. */
    bond_watch_configured_port(self->watch, port_name, TRUE);
    schedule_refresh(self, port_ifindex);
    return TRUE;

undo:
    if (enslaved_here) {
        BondLinkRequest req = {.ifindex = port_ifindex, .master = 0, .up = -1};

        request(self, bond_netlink_build_newlink(buf, &req, NULL, NULL, NULL, NULL), NULL);
    }
    return FALSE;
}

static gboolean
bond_release_port(BonddDevice *device, int port_ifindex, GError **error)
{
    BondDevice *self = (BondDevice *)device;
    char buf[MNL_SOCKET_BUFFER_SIZE];
    BondLinkRequest req = {.ifindex = port_ifindex, .master = 0, .up = -1};
    const BonddLink *link = self->host.get_link(self->host.host_data, port_ifindex);
    g_autofree char *name = g_strdup(link ? link->name : "?");

    bond_watch_configured_port(self->watch, link ? link->name : NULL, FALSE);
    if (link && link->master != self->ifindex) {
        /* Already gone from the bond: nothing to undo. */
        bond_watch_port_removed(self->watch, port_ifindex);
        bond_watch_publish(self->watch);
        return TRUE;
    }
    if (!request(self, bond_netlink_build_newlink(buf, &req, NULL, NULL, NULL, NULL), error)) {
        g_prefix_error(error, _("cannot release %s from %s: "), name, self->ifname);
        return FALSE;
    }
    g_message(_("%s: released port %s"), self->ifname, name);
    bond_watch_port_removed(self->watch, port_ifindex);
    bond_watch_publish(self->watch);
    return TRUE;
}

static gboolean
bond_unrealize(BonddDevice *device, GError **error)
{
    BondDevice *self = (BondDevice *)device;

    if (!self->ifindex || !self->owned)
        return TRUE;
    if (!delete_link(self, self->ifindex, error)) {
        g_prefix_error(error, _("cannot delete bond %s: "), self->ifname);
        return FALSE;
    }
    g_message(_("%s: deleted bond (ifindex %d)"), self->ifname, self->ifindex);
    self->ifindex = 0;
    self->owned = FALSE;
    bond_watch_bond_removed(self->watch);
    bond_watch_publish(self->watch);
    return TRUE;
}

static gboolean
bond_reapply(BonddDevice *device, NMConnection *new_profile, GError **error)
{
    BondDevice *self = (BondDevice *)device;
    NMSettingBond *s_bond = nm_connection_get_setting_bond(new_profile);
    g_autoptr(GString) why = g_string_new(NULL);
    BondConfig target, delta, applied;
    guint mtu;
    guint8 mac[6];
    gboolean has_mac, is_up, ok;
    ApplyHow how;

    if (!s_bond) {
        g_set_error(error, NM_DEVICE_ERROR, NM_DEVICE_ERROR_INCOMPATIBLE_CONNECTION,
                    _("profile '%s' has no bond setting"), nm_connection_get_id(new_profile));
        return FALSE;
    }
    if (!bond_config_from_setting(s_bond, &target, error)) {
        g_prefix_error(error, _("profile '%s': "), nm_connection_get_id(new_profile));
        return FALSE;
    }
    /* As NetworkManager: what the kernel changes only on a bond without
     * ports (mode, fail_over_mac) is not reapplied, whether the bond has
     * ports now or not; activating the profile again applies it. */
    for (guint i = 0; i < bond_options_count(); i++) {
        const BondOptionInfo *opt = bond_option_by_index(i);

        if (bond_option_changeable_with_ports(opt) || !bond_option_is_settable(opt))
            continue;
        if (g_strcmp0(target.values[i], self->requested.values[i]) != 0) {
            g_set_error(error, NM_DEVICE_ERROR, NM_DEVICE_ERROR_INCOMPATIBLE_CONNECTION,
                        _("Can't reapply '%s' bond option"), opt->name);
            bond_config_clear(&target);
            return FALSE;
        }
    }
    if (!self->ifindex) {
        /* Not realized: nothing live to change. */
        bond_config_clear(&self->requested);
        self->requested = target;
        return TRUE;
    }
    profile_link_settings(new_profile, &mtu, mac, &has_mac);
    is_up = link_is_up(self);
    /* Compare with what was asked before, not with the kernel's readback:
     * the kernel legitimately rounds some values (updelay to miimon). */
    how = plan_change(self, &self->requested, &target, bond_has_ports(self), is_up, &delta, why);
    if (how == APPLY_NO_PORTS) {
        /* Only the options refused above need that; never reached. */
        g_set_error(error, NM_DEVICE_ERROR, NM_DEVICE_ERROR_INCOMPATIBLE_CONNECTION,
                    _("Can't reapply %s on %s"), why->str, self->ifname);
        bond_config_clear(&delta);
        bond_config_clear(&target);
        return FALSE;
    }

    ok = apply_delta(self, how, &delta, mtu != self->mtu ? mtu : 0,
                     has_mac && (!self->has_mac || memcmp(mac, self->mac, 6)) ? mac : NULL, is_up,
                     error);
    bond_config_clear(&delta);
    if (!ok) {
        bond_config_clear(&target);
        return FALSE;
    }
    bond_config_clear(&self->requested);
    self->requested = target;
    self->mtu = mtu;
    memcpy(self->mac, mac, 6);
    self->has_mac = has_mac;
    if (read_back(self, &applied, NULL)) {
        log_differences(self, &self->requested, &applied, "reapply");
        bond_config_clear(&applied);
    }
    refresh_state(self);
    return TRUE;
}

static void
bond_link_changed(BonddDevice *device, const BonddLink *link, guint32 ifla_event)
{
    BondDevice *self = (BondDevice *)device;

    if (!link)
        return;
    if (link->ifindex == self->ifindex ||
        (!self->ifindex && g_str_equal(link->name, self->ifname) &&
         g_strcmp0(link->kind, "bond") == 0)) {
        self->ifindex = link->ifindex;
        bond_watch_set_ifindex(self->watch, self->ifindex);
        bond_watch_bond_link(self->watch, link, ifla_event, FALSE);
    } else if (self->ifindex && link->master == self->ifindex) {
        bond_watch_port_link(self->watch, link);
    } else if (bond_state_get_port(self->state, link->ifindex)) {
        /* It left the bond (IFLA_MASTER gone or changed), or the message
         * is older than its attachment. */
        bond_watch_port_left(self->watch, link->ifindex);
    } else {
        return;
    }
    bond_watch_publish(self->watch);
}

static void
bond_link_removed(BonddDevice *device, int ifindex)
{
    BondDevice *self = (BondDevice *)device;

    if (ifindex == self->ifindex && ifindex) {
        g_message(_("%s: bond (ifindex %d) disappeared"), self->ifname, ifindex);
        self->ifindex = 0;
        self->owned = FALSE;
        bond_watch_bond_removed(self->watch);
    } else if (bond_state_get_port(self->state, ifindex)) {
        bond_watch_port_removed(self->watch, ifindex);
    } else {
        return;
    }
    bond_watch_publish(self->watch);
}

/* A bond made outside bondd: its options as the kernel holds them. */
static gboolean
bond_describe(BonddDevice *device, NMConnection *connection, GError **error)
{
    BondDevice *self = (BondDevice *)device;
    BondConfig applied;
    gboolean ok;

    if (!self->ifindex) {
        g_set_error(error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND, _("bond %s does not exist"),
                    self->ifname);
        return FALSE;
    }
    if (!read_back(self, &applied, error))
        return FALSE;
    ok = bond_profile_describe(&applied, connection, error);
    bond_config_clear(&applied);
    return ok;
}

static GDBusInterfaceSkeleton *
bond_get_dbus_interface(BonddDevice *device)
{
    return ((BondDevice *)device)->dbus;
}

static void
bond_free(BonddDevice *device)
{
    BondDevice *self = (BondDevice *)device;

    g_clear_handle_id(&self->refresh_source, g_source_remove);
    g_array_unref(self->refresh_ports);
    bond_watch_free(self->watch);
    bond_config_clear(&self->requested);
    g_free(self->ifname);
    g_free(self->pending_primary);
    g_hash_table_unref(self->unsupported);
    bond_state_free(self->state);
    if (self->dbus) {
        if (g_dbus_interface_skeleton_get_connection(self->dbus))
            g_dbus_interface_skeleton_unexport(self->dbus);
        g_object_unref(self->dbus);
    }
    g_free(self);
}

static const BonddDeviceVTable bond_device_vtable = {
    .abi_version = BONDD_DEVICE_PLUGIN_ABI_VERSION,
    .name = "bond",
    .realize = bond_realize,
    .attach_port = bond_attach_port,
    .release_port = bond_release_port,
    .reapply = bond_reapply,
    .unrealize = bond_unrealize,
    .link_changed = bond_link_changed,
    .link_removed = bond_link_removed,
    .get_dbus_interface = bond_get_dbus_interface,
    .free = bond_free,
    .describe = bond_describe,
};

BonddDevice *
bond_device_new(const BonddDeviceHost *host, const char *ifname, const BondPluginConfig *config,
                GError **error)
{
    BondDevice *self;
    const BonddLink *link;

    if (!ifname || !*ifname || strlen(ifname) >= IFNAMSIZ) {
        g_set_error(error, NM_DEVICE_ERROR, NM_DEVICE_ERROR_INVALID_ARGUMENT,
                    _("'%s' is not a valid interface name"), ifname ? ifname : "");
        return NULL;
    }
    if (!host || !host->netlink_request || !host->get_link || !host->get_link_by_name ||
        !host->refresh_link || !host->set_link_up || !host->delete_link) {
        g_set_error(error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                    _("bond device: incomplete host services"));
        return NULL;
    }
    self = g_new0(BondDevice, 1);
    self->parent.vtable = &bond_device_vtable;
    self->host = *host;
    self->ifname = g_strdup(ifname);
    self->unsupported = g_hash_table_new(g_str_hash, g_str_equal);
    self->refresh_ports = g_array_new(FALSE, FALSE, sizeof(int));
    self->state = bond_state_new(ifname);
    self->dbus = bond_dbus_new();
    self->watch = bond_watch_new(host, ifname, self->state, self->dbus, config);

    /* An existing bond of that name: show its state at once. */
    link = host->get_link_by_name(host->host_data, ifname);
    if (link && g_strcmp0(link->kind, "bond") == 0) {
        self->ifindex = link->ifindex;
        bond_watch_set_ifindex(self->watch, self->ifindex);
        bond_watch_adopt(self->watch);
        bond_watch_publish_now(self->watch);
    }
    return &self->parent;
}
