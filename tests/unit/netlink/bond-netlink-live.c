/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The bond device plugin against the real bonding driver (QEMU guest only).
 *
 * Loads the built libbondd-device-bond.so through its ABI, gives it a small
 * libmnl host (request + ACK with extack, GETLINK per ifindex or name), and
 * checks what the kernel did through sources the plugin does not use:
 * /sys/class/net/<bond>/bonding/<option>, /sys/class/net/<port>/master,
 * and /proc/net/bonding/<bond>.
 *
 * Usage: bond-netlink-live PLUGIN.so   (exits 77 outside the test guest)
 */
#include "config.h"

#include <errno.h>
#include <net/if.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <gmodule.h>
#include <libmnl/libmnl.h>
#include <linux/rtnetlink.h>

#include <bondd/device-plugin.h>

#include "bond-netlink.h"
#include "bond-procfs.h"

/* ------------------------------------------------------------- the host */

typedef struct {
    struct mnl_socket *nl;
    guint32 seq;
    GPtrArray *links; /* every BonddLink handed out, freed at exit */
} Host;

static void
link_free(gpointer data)
{
    BonddLink *l = data;

    g_free((gpointer)l->nlh);
    g_free(l);
}

static int
fill_link(const struct nlmsghdr *nlh, void *data)
{
    BonddLink *l = data;
    struct ifinfomsg *ifm = mnl_nlmsg_get_payload(nlh);
    const struct nlattr *a;
    BondLinkAttrs attrs;

    if (nlh->nlmsg_type != RTM_NEWLINK)
        return MNL_CB_OK;
    l->ifindex = ifm->ifi_index;
    l->flags = ifm->ifi_flags;
    l->arptype = ifm->ifi_type;
    mnl_attr_for_each (a, nlh, sizeof *ifm) {
        switch (mnl_attr_get_type(a)) {
            case IFLA_IFNAME:
                g_strlcpy(l->name, mnl_attr_get_str(a), sizeof l->name);
                break;
            case IFLA_MASTER:
                l->master = (int)mnl_attr_get_u32(a);
                break;
            case IFLA_MTU:
                l->mtu = mnl_attr_get_u32(a);
                break;
            case IFLA_CARRIER:
                l->carrier = mnl_attr_get_u8(a);
                break;
            case IFLA_OPERSTATE:
                l->operstate = mnl_attr_get_u8(a);
                break;
            case IFLA_CARRIER_CHANGES:
                l->carrier_changes = mnl_attr_get_u32(a);
                break;
            case IFLA_CARRIER_UP_COUNT:
                l->carrier_up_count = mnl_attr_get_u32(a);
                break;
            case IFLA_CARRIER_DOWN_COUNT:
                l->carrier_down_count = mnl_attr_get_u32(a);
                break;
            case IFLA_ADDRESS:
                l->hwaddr_len = MIN(mnl_attr_get_payload_len(a), sizeof l->hwaddr);
                memcpy(l->hwaddr, mnl_attr_get_payload(a), l->hwaddr_len);
                break;
            default:
                break;
        }
    }
    l->nlh = g_memdup2(nlh, nlh->nlmsg_len);
    bond_netlink_parse_link(l->nlh, &attrs);
    g_strlcpy(l->kind, attrs.kind ? attrs.kind : "", sizeof l->kind);
    g_strlcpy(l->slave_kind, attrs.slave_kind ? attrs.slave_kind : "", sizeof l->slave_kind);
    return MNL_CB_OK;
}

static int
extack_cb(const struct nlattr *attr, void *data)
{
    if (mnl_attr_get_type(attr) == NLMSGERR_ATTR_MSG)
        *(const char **)data = mnl_attr_get_str(attr);
    return MNL_CB_OK;
}

/* Send, then read until the ACK; RTM_NEWLINK replies go to @cb. */
static gboolean
transact(Host *h, struct nlmsghdr *nlh, mnl_cb_t cb, void *cb_data, GError **error)
{
    char buf[MNL_SOCKET_BUFFER_SIZE * 4];
    guint32 seq = ++h->seq;

    nlh->nlmsg_seq = seq;
    nlh->nlmsg_flags |= NLM_F_ACK;
    if (mnl_socket_sendto(h->nl, nlh, nlh->nlmsg_len) < 0) {
        g_set_error(error, G_IO_ERROR, g_io_error_from_errno(errno), "send: %s", g_strerror(errno));
        return FALSE;
    }
    for (;;) {
        ssize_t n = mnl_socket_recvfrom(h->nl, buf, sizeof buf);
        const struct nlmsghdr *m;
        int len = (int)n;

        if (n < 0) {
            g_set_error(error, G_IO_ERROR, g_io_error_from_errno(errno), "recv: %s",
                        g_strerror(errno));
            return FALSE;
        }
        for (m = (const struct nlmsghdr *)buf; mnl_nlmsg_ok(m, len); m = mnl_nlmsg_next(m, &len)) {
            if (m->nlmsg_seq != seq)
                continue;
            if (m->nlmsg_type == NLMSG_ERROR) {
                const struct nlmsgerr *err = mnl_nlmsg_get_payload(m);
                const char *msg = NULL;

                if (err->error == 0)
                    return TRUE;
                if (m->nlmsg_flags & NLM_F_ACK_TLVS) {
                    guint off = sizeof *err;

                    if (!(m->nlmsg_flags & NLM_F_CAPPED))
                        off += err->msg.nlmsg_len - sizeof(struct nlmsghdr);
                    mnl_attr_parse(m, off, extack_cb, &msg);
                }
                g_set_error(error, G_IO_ERROR, g_io_error_from_errno(-err->error), "%s%s%s",
                            g_strerror(-err->error), msg ? ": " : "", msg ? msg : "");
                return FALSE;
            }
            if (cb)
                cb(m, cb_data);
        }
    }
}

static gboolean
host_request(gpointer host_data, struct nlmsghdr *request, GError **error)
{
    return transact(host_data, request, NULL, NULL, error);
}

static const BonddLink *
host_get(Host *h, int ifindex, const char *name)
{
    char buf[MNL_SOCKET_BUFFER_SIZE];
    struct nlmsghdr *nlh = mnl_nlmsg_put_header(buf);
    struct ifinfomsg *ifm;
    BonddLink *l = g_new0(BonddLink, 1);

    nlh->nlmsg_type = RTM_GETLINK;
    nlh->nlmsg_flags = NLM_F_REQUEST;
    ifm = mnl_nlmsg_put_extra_header(nlh, sizeof *ifm);
    ifm->ifi_index = ifindex;
    if (name)
        mnl_attr_put_strz(nlh, IFLA_IFNAME, name);
    if (!transact(h, nlh, fill_link, l, NULL) || !l->nlh) {
        link_free(l);
        return NULL;
    }
    g_ptr_array_add(h->links, l);
    return l;
}

static const BonddLink *
host_get_link(gpointer host_data, int ifindex)
{
    return ifindex > 0 ? host_get(host_data, ifindex, NULL) : NULL;
}

static const BonddLink *
host_get_link_by_name(gpointer host_data, const char *name)
{
    return host_get(host_data, 0, name);
}

static gboolean
host_refresh_link(gpointer host_data, int ifindex)
{
    return host_get(host_data, ifindex, NULL) != NULL;
}

/* ------------------------------------------------------------- fixtures */

static gboolean
host_set_link_up(gpointer host_data, int ifindex, gboolean up, GError **error)
{
    char buf[MNL_SOCKET_BUFFER_SIZE];
    BondLinkRequest req = {.ifindex = ifindex, .master = -1, .up = up ? 1 : 0};

    return host_request(host_data, bond_netlink_build_newlink(buf, &req, NULL, NULL, NULL, NULL),
                        error);
}

static gboolean
host_delete_link(gpointer host_data, int ifindex, GError **error)
{
    char buf[MNL_SOCKET_BUFFER_SIZE];

    return host_request(host_data, bond_netlink_build_dellink(buf, ifindex), error);
}

static Host host;
static BonddDeviceHost device_host;
static const BonddDeviceFactory *factory;

static void sh(const char *fmt, ...) G_GNUC_PRINTF(1, 2);

static void
sh(const char *fmt, ...)
{
    va_list ap;
    g_autofree char *cmd = NULL;
    int rc;

    va_start(ap, fmt);
    cmd = g_strdup_vprintf(fmt, ap);
    va_end(ap);
    rc = system(cmd);
    if (rc != 0)
        g_error("'%s' failed (%d)", cmd, rc);
}

static char *
sysfs(const char *dev, const char *attr)
{
    g_autofree char *path = g_build_filename("/sys/class/net", dev, attr, NULL);
    char *text = NULL;

    if (!g_file_get_contents(path, &text, NULL, NULL))
        return g_strdup("<missing>");
    return g_strstrip(text);
}

/* sysfs prints enums as "name N": compare the name. */
static void
assert_bond_sysfs(const char *bond, const char *option, const char *want)
{
    g_autofree char *attr = g_strdup_printf("bonding/%s", option);
    g_autofree char *got = sysfs(bond, attr);
    char *space = strchr(got, ' ');

    if (space && !g_str_equal(option, "arp_ip_target"))
        *space = '\0';
    if (!g_str_equal(got, want))
        g_error("%s: sysfs %s is '%s', expected '%s'", bond, option, got, want);
}

static NMConnection *
bond_profile(const char *ifname, const char *const *options)
{
    NMConnection *c = nm_simple_connection_new();
    NMSettingConnection *s_con = NM_SETTING_CONNECTION(nm_setting_connection_new());
    NMSettingBond *s_bond = NM_SETTING_BOND(nm_setting_bond_new());
    g_autofree char *uuid = nm_utils_uuid_generate();
    g_autoptr(GError) error = NULL;

    g_object_set(s_con, NM_SETTING_CONNECTION_ID, ifname, NM_SETTING_CONNECTION_UUID, uuid,
                 NM_SETTING_CONNECTION_TYPE, "bond", NM_SETTING_CONNECTION_INTERFACE_NAME, ifname,
                 NULL);
    for (guint i = 0; options[i]; i += 2)
        g_assert_true(nm_setting_bond_add_option(s_bond, options[i], options[i + 1]));
    nm_connection_add_setting(c, NM_SETTING(s_con));
    nm_connection_add_setting(c, NM_SETTING(s_bond));
    if (!nm_connection_normalize(c, NULL, NULL, &error))
        g_error("%s: %s", ifname, error->message);
    return c;
}

static NMConnection *
port_profile(const char *ifname, const char *master, guint queue_id)
{
    NMConnection *c = nm_simple_connection_new();
    NMSettingConnection *s_con = NM_SETTING_CONNECTION(nm_setting_connection_new());
    NMSetting *s_port = nm_setting_bond_port_new();
    g_autofree char *uuid = nm_utils_uuid_generate();
    g_autoptr(GError) error = NULL;

    g_object_set(s_con, NM_SETTING_CONNECTION_ID, ifname, NM_SETTING_CONNECTION_UUID, uuid,
                 NM_SETTING_CONNECTION_TYPE, "802-3-ethernet", NM_SETTING_CONNECTION_INTERFACE_NAME,
                 ifname, NM_SETTING_CONNECTION_MASTER, master, NM_SETTING_CONNECTION_SLAVE_TYPE,
                 "bond", NULL);
    g_object_set(s_port, NM_SETTING_BOND_PORT_QUEUE_ID, queue_id, NULL);
    nm_connection_add_setting(c, NM_SETTING(s_con));
    nm_connection_add_setting(c, s_port);
    if (!nm_connection_normalize(c, NULL, NULL, &error))
        g_error("%s: %s", ifname, error->message);
    return c;
}

static BonddDevice *
new_device(const char *ifname)
{
    g_autoptr(GError) error = NULL;
    BonddDevice *d = factory->create_device(&device_host, "bond", ifname, 0, &error);

    g_assert_no_error(error);
    g_assert_nonnull(d);
    return d;
}

static void
feed(BonddDevice *d, int ifindex, guint32 event)
{
    const BonddLink *l = host_get_link(&host, ifindex);

    if (l)
        d->vtable->link_changed(d, l, event);
    /* The plugin publishes from the main loop, as it runs in the daemon. */
    while (g_main_context_iteration(NULL, FALSE))
        ;
}

/* Read the kernel's options for @bond independently and compare with what
 * the profile asks for (every requested option must be applied). */
static void
assert_applied(const char *bond, NMConnection *profile)
{
    BondConfig want, have;
    g_autoptr(GError) error = NULL;
    g_autoptr(GPtrArray) diff = NULL;
    const BonddLink *l = host_get_link_by_name(&host, bond);
    BondLinkAttrs attrs;

    g_assert_nonnull(l);
    g_assert_true(bond_config_from_setting(nm_connection_get_setting_bond(profile), &want, &error));
    g_assert_true(bond_netlink_parse_link(l->nlh, &attrs));
    bond_netlink_parse_info_data(attrs.info_data, NULL, NULL, &have, NULL);
    /* primary is reported by ifindex; compare it through sysfs instead. */
    bond_config_set(&want, "primary", NULL);
    diff = bond_config_diff(&want, &have);
    for (guint i = 0; i < diff->len; i++) {
        const BondOptionInfo *o = diff->pdata[i];

        g_printerr("%s: %s wanted %s, kernel has %s\n", bond, o->name,
                   want.values[bond_option_index(o)], have.values[bond_option_index(o)]);
    }
    g_assert_cmpuint(diff->len, ==, 0);
    /* And the same through sysfs, which the plugin never reads. */
    for (guint i = 0; i < bond_options_count(); i++) {
        const BondOptionInfo *o = bond_option_by_index(i);

        if (!want.values[i] || o->type == BOND_OPT_TYPE_IP4LIST || o->type == BOND_OPT_TYPE_MAC ||
            o->type == BOND_OPT_TYPE_IFNAME)
            continue;
        if (g_str_equal(o->name, "lacp_active"))
            continue; /* sysfs prints on/off the same way; kept simple */
        assert_bond_sysfs(bond, o->name, want.values[i]);
    }
    bond_config_clear(&want);
    bond_config_clear(&have);
}

static void
make_veth(const char *name)
{
    sh("ip link add %s type veth peer name p-%s && ip link set p-%s up", name, name, name);
}

/* ------------------------------------------------------------------ tests */

static const char *const *
mode_options(int mode)
{
    static const char *const opts[7][17] = {
        {"mode", "balance-rr", "miimon", "100", "updelay", "200", "packets_per_slave", "3",
         "resend_igmp", "4", NULL},
        {"mode", "active-backup", "miimon", "50", "downdelay", "100", "primary", "lv1a",
         "primary_reselect", "better", "fail_over_mac", "active", "num_grat_arp", "3", NULL},
        {"mode", "balance-xor", "arp_interval", "300", "arp_ip_target", "192.0.2.1,192.0.2.2",
         "arp_validate", "filter", "arp_all_targets", "all", "xmit_hash_policy", "layer3+4", NULL},
        {"mode", "broadcast", "miimon", "100", "all_slaves_active", "1", "min_links", "1", NULL},
        {"mode", "802.3ad", "miimon", "100", "lacp_rate", "fast", "ad_select", "bandwidth",
         "ad_actor_sys_prio", "100", "ad_actor_system", "02:11:22:33:44:55", "ad_user_port_key",
         "7", "xmit_hash_policy", "layer2+3", NULL},
        {"mode", "balance-tlb", "miimon", "100", "tlb_dynamic_lb", "0", "lp_interval", "2",
         "primary", "lv5a", NULL},
        {"mode", "balance-alb", "miimon", "100", "updelay", "300", "primary", "lv6a", NULL},
    };

    return opts[mode];
}

static void
test_all_modes(void)
{
    for (int mode = 0; mode < BOND_MODE_COUNT; mode++) {
        g_autofree char *bond = g_strdup_printf("lb%d", mode);
        g_autofree char *pa = g_strdup_printf("lv%da", mode);
        g_autofree char *pb = g_strdup_printf("lv%db", mode);
        g_autoptr(NMConnection) profile = bond_profile(bond, mode_options(mode));
        g_autoptr(NMConnection) porta = port_profile(pa, bond, 0);
        g_autoptr(NMConnection) portb = port_profile(pb, bond, 1);
        g_autoptr(GError) error = NULL;
        BonddDevice *d = new_device(bond);
        gboolean adopted = TRUE;
        int ifindex = 0;
        g_autofree char *master = NULL;
        g_autofree char *qid = NULL;
        g_autoptr(BondProcInfo) proc = NULL;

        g_printerr("# mode %d (%s)\n", mode, bond_mode_info(mode)->name);
        make_veth(pa);
        make_veth(pb);
        if (!d->vtable->realize(d, profile, &adopted, &ifindex, &error))
            g_error("realize %s: %s", bond, error->message);
        g_assert_false(adopted);
        g_assert_cmpint(ifindex, ==, (int)if_nametoindex(bond));
        assert_applied(bond, profile);
        assert_bond_sysfs(bond, "mode", bond_mode_info(mode)->name);

        g_assert_true(d->vtable->attach_port(d, (int)if_nametoindex(pa), porta, &error));
        g_assert_no_error(error);
        g_assert_true(d->vtable->attach_port(d, (int)if_nametoindex(pb), portb, &error));
        g_assert_no_error(error);
        for (guint i = 0; i < 2; i++) {
            g_autofree char *path = g_strdup_printf("/sys/class/net/%s/master", i == 0 ? pa : pb);

            g_free(master);
            master = g_file_read_link(path, NULL);
            g_assert_nonnull(master);
            g_assert_true(g_str_has_suffix(master, bond));
        }
        qid = sysfs(pb, "bonding_slave/queue_id");
        g_assert_cmpstr(qid, ==, "1");
        if (mode == 1)
            assert_bond_sysfs(bond, "primary", pa);

        /* The D-Bus view agrees with /proc/net/bonding.  In modes 1/5/6 the
         * kernel picks the active port asynchronously once the bond is up:
         * wait for that choice, so the netlink snapshot fed below is not
         * older than the /proc text it is compared with. */
        sh("ip link set %s up", bond);
        if (mode == 1 || mode == 5 || mode == 6)
            sh("for i in $(seq 50); do grep -q '^Currently Active Slave: [^N]' "
               "/proc/net/bonding/%s && break; sleep 0.1; done",
               bond);
        feed(d, ifindex, 0);
        feed(d, (int)if_nametoindex(pa), 0);
        feed(d, (int)if_nametoindex(pb), 0);
        proc = bond_procfs_read(bond, &error);
        g_assert_no_error(error);
        {
            GDBusInterfaceSkeleton *skel = d->vtable->get_dbus_interface(d);
            g_autoptr(GVariant) props = g_dbus_interface_skeleton_get_properties(skel);
            g_autoptr(GVariant) ports = NULL;
            const char *s;
            const char *proc_active = g_hash_table_lookup(proc->kv, "Currently Active Slave");

            g_assert_true(g_variant_lookup(props, "Mode", "&s", &s));
            g_assert_cmpstr(s, ==, bond_mode_info(mode)->name);
            g_assert_true(g_variant_lookup(props, "ModeDescription", "&s", &s));
            g_assert_cmpstr(s, ==, g_hash_table_lookup(proc->kv, "Bonding Mode"));
            if (proc_active) {
                g_assert_true(g_variant_lookup(props, "ActivePort", "&s", &s));
                g_assert_cmpstr(*s ? s : "None", ==, proc_active);
            }
            ports = g_variant_lookup_value(props, "Ports", G_VARIANT_TYPE("a{sa{sv}}"));
            g_assert_nonnull(ports);
            for (guint i = 0; i < proc->ports->len; i++) {
                const BondProcPort *pp = g_ptr_array_index(proc->ports, i);
                g_autoptr(GVariant) port =
                    g_variant_lookup_value(ports, pp->name, G_VARIANT_TYPE("a{sv}"));
                guint32 u;

                g_assert_nonnull(port);
                g_assert_true(g_variant_lookup(port, "MiiStatus", "&s", &s));
                g_assert_cmpstr(s, ==, g_hash_table_lookup(pp->kv, "MII Status"));
                g_assert_true(g_variant_lookup(port, "PermHwAddress", "&s", &s));
                g_assert_cmpint(
                    g_ascii_strcasecmp(s, g_hash_table_lookup(pp->kv, "Permanent HW addr")), ==, 0);
                g_assert_true(g_variant_lookup(port, "LinkFailureCount", "u", &u));
                g_assert_cmpuint(u, ==, atoi(g_hash_table_lookup(pp->kv, "Link Failure Count")));
                g_assert_true(g_variant_lookup(port, "QueueId", "u", &u));
                g_assert_cmpuint(u, ==, atoi(g_hash_table_lookup(pp->kv, "Slave queue ID")));
            }
            g_assert_cmpuint(g_variant_n_children(ports), ==, 2);
        }

        g_assert_true(d->vtable->release_port(d, (int)if_nametoindex(pb), &error));
        g_assert_no_error(error);
        g_free(master);
        master = g_strdup_printf("/sys/class/net/%s/master", pb);
        g_assert_false(g_file_test(master, G_FILE_TEST_EXISTS));
        g_assert_true(d->vtable->unrealize(d, &error));
        g_assert_no_error(error);
        g_assert_cmpuint(if_nametoindex(bond), ==, 0);
        d->vtable->free(d);
        sh("ip link del %s; ip link del %s", pa, pb);
    }
}

static void
on_failover(GObject *skel, const char *old_port, const char *new_port, guint64 ts,
            gpointer user_data)
{
    char **out = user_data;

    g_free(*out);
    *out = g_strdup_printf("%s>%s", old_port, new_port);
}

static void
test_failover_reapply_adopt(void)
{
    const char *const opts[] = {"mode", "active-backup", "miimon", "100", "primary", "fa1", NULL};
    const char *const opts2[] = {"mode", "active-backup", "miimon", "250", "primary", "fa1", NULL};
    const char *const opts3[] = {"mode", "balance-rr", "miimon", "250", NULL};
    g_autoptr(NMConnection) p1 = bond_profile("fb0", opts);
    g_autoptr(NMConnection) p2 = bond_profile("fb0", opts2);
    g_autoptr(NMConnection) p3 = bond_profile("fb0", opts3);
    g_autoptr(GError) error = NULL;
    BonddDevice *d = new_device("fb0");
    BonddDevice *d2;
    gboolean adopted;
    int ifindex, ifindex2;
    g_autofree char *signal = NULL;
    gint64 deadline;

    g_signal_connect(d->vtable->get_dbus_interface(d), "failover", G_CALLBACK(on_failover),
                     &signal);
    make_veth("fa1");
    make_veth("fa2");
    g_assert_true(d->vtable->realize(d, p1, &adopted, &ifindex, &error));
    g_assert_no_error(error);
    g_assert_true(d->vtable->attach_port(d, (int)if_nametoindex("fa1"), NULL, &error));
    g_assert_true(d->vtable->attach_port(d, (int)if_nametoindex("fa2"), NULL, &error));
    sh("ip link set fb0 up");
    deadline = g_get_monotonic_time() + 5 * G_USEC_PER_SEC;
    do {
        g_usleep(100000);
        feed(d, ifindex, 0);
    } while ((!signal || !g_str_equal(signal, ">fa1")) && g_get_monotonic_time() < deadline);
    g_assert_cmpstr(signal, ==, ">fa1");

    /* Pull fa1's cable: the kernel fails over to fa2 and we say so. */
    sh("ip link set p-fa1 down");
    deadline = g_get_monotonic_time() + 5 * G_USEC_PER_SEC;
    do {
        g_usleep(100000);
        feed(d, ifindex, 0);
    } while (!g_str_equal(signal, "fa1>fa2") && g_get_monotonic_time() < deadline);
    g_assert_cmpstr(signal, ==, "fa1>fa2");
    sh("grep -q '^Currently Active Slave: fa2$' /proc/net/bonding/fb0");

    /* Live change, same link. */
    g_assert_true(d->vtable->reapply(d, p2, &error));
    g_assert_no_error(error);
    assert_bond_sysfs("fb0", "miimon", "250");
    g_assert_cmpuint(if_nametoindex("fb0"), ==, (guint)ifindex);

    /* A second device object for the same profile adopts the bond. */
    d2 = new_device("fb0");
    g_assert_true(d2->vtable->realize(d2, p2, &adopted, &ifindex2, &error));
    g_assert_no_error(error);
    g_assert_true(adopted);
    g_assert_cmpint(ifindex2, ==, ifindex);
    d2->vtable->free(d2);

    /* A mode change is not reapplied (as NetworkManager): the bond stays. */
    g_assert_false(d->vtable->reapply(d, p3, &error));
    g_assert_error(error, NM_DEVICE_ERROR, NM_DEVICE_ERROR_INCOMPATIBLE_CONNECTION);
    g_assert_nonnull(strstr(error->message, "'mode'"));
    g_clear_error(&error);
    assert_bond_sysfs("fb0", "mode", "active-backup");

    /* Activating it again applies it: the ports are released and the mode
     * changed on the same link. */
    d2 = new_device("fb0");
    g_assert_true(d2->vtable->realize(d2, p3, &adopted, &ifindex2, &error));
    g_assert_no_error(error);
    g_assert_true(adopted);
    g_assert_cmpint(ifindex2, ==, ifindex);
    assert_bond_sysfs("fb0", "mode", "balance-rr");
    sh("test -z \"$(cat /sys/class/net/fb0/bonding/slaves)\"");
    d2->vtable->free(d2);
    g_assert_true(d->vtable->unrealize(d, &error));
    d->vtable->free(d);
    sh("ip link del fa1; ip link del fa2");
}

static void
on_flapping(GObject *skel, const char *port, guint changes, gpointer user_data)
{
    char **out = user_data;

    g_free(*out);
    *out = g_strdup_printf("%s:%u", port, changes);
}

static gboolean
quit_loop(gpointer loop)
{
    g_main_loop_quit(loop);
    return G_SOURCE_REMOVE;
}

static void
test_lacp_poll_down_only_flapping(void)
{
    const char *const o1[] = {"mode", "802.3ad", "miimon", "100", "lacp_rate", "slow", NULL};
    const char *const o2[] = {"mode", "802.3ad", "miimon", "100", "lacp_rate", "fast", NULL};
    g_autoptr(NMConnection) p1 = bond_profile("ad0", o1);
    g_autoptr(NMConnection) p2 = bond_profile("ad0", o2);
    g_autoptr(GError) error = NULL;
    g_autoptr(GMainLoop) loop = g_main_loop_new(NULL, FALSE);
    g_autoptr(GVariant) props = NULL;
    g_autoptr(GVariant) ports = NULL;
    g_autoptr(GVariant) port = NULL;
    g_autoptr(BondProcInfo) proc = NULL;
    g_autofree char *flap = NULL;
    BonddDevice *d = new_device("ad0");
    GDBusInterfaceSkeleton *skel = d->vtable->get_dbus_interface(d);
    gboolean adopted;
    int ifindex, port_index;
    guint32 u;
    const char *str;

    make_veth("ap1");
    g_assert_true(d->vtable->realize(d, p1, &adopted, &ifindex, &error));
    g_assert_no_error(error);
    port_index = (int)if_nametoindex("ap1");
    g_assert_true(d->vtable->attach_port(d, port_index, NULL, &error));
    g_assert_no_error(error);
    sh("ip link set ad0 up");

    /* lacp_rate needs the bond down: changed on the same link. */
    g_assert_true(d->vtable->reapply(d, p2, &error));
    g_assert_no_error(error);
    assert_bond_sysfs("ad0", "lacp_rate", "fast");
    g_assert_cmpuint(if_nametoindex("ad0"), ==, (guint)ifindex);
    g_assert_true(host_get_link(&host, ifindex)->flags & IFF_UP);
    feed(d, ifindex, 0);
    feed(d, port_index, 0);

    /* The 802.3ad poll fills in what only procfs has. */
    g_timeout_add_seconds(4, quit_loop, loop);
    g_main_loop_run(loop);
    proc = bond_procfs_read("ad0", &error);
    g_assert_no_error(error);
    props = g_dbus_interface_skeleton_get_properties(skel);
    ports = g_variant_lookup_value(props, "Ports", G_VARIANT_TYPE("a{sa{sv}}"));
    port = g_variant_lookup_value(ports, "ap1", G_VARIANT_TYPE("a{sv}"));
    g_assert_nonnull(port);
    g_assert_true(g_variant_lookup(port, "ActorPortNumber", "u", &u));
    g_assert_cmpuint(
        u, ==,
        atoi(g_hash_table_lookup(bond_proc_info_port(proc, "ap1")->kv, "actor:port number")));
    g_assert_true(g_variant_lookup(port, "ActorChurnState", "&s", &str));
    g_assert_true(g_variant_lookup(port, "Speed", "u", &u));
    g_assert_cmpuint(u, ==,
                     atoi(g_hash_table_lookup(bond_proc_info_port(proc, "ap1")->kv, "Speed")));

    /* Flapping: six carrier changes in a few seconds. */
    g_signal_connect(skel, "port-flapping", G_CALLBACK(on_flapping), &flap);
    for (guint i = 0; i < 6 && !flap; i++) {
        sh("ip link set p-ap1 %s", i % 2 ? "up" : "down");
        g_usleep(200000);
        feed(d, port_index, 0);
    }
    g_assert_cmpstr(flap, ==, "ap1:6");

    g_assert_true(d->vtable->unrealize(d, &error));
    d->vtable->free(d);
    sh("ip link del ap1");
}

static void
test_kernel_rejects(void)
{
    /* libnm accepts a multicast actor system; the kernel does not. */
    const char *const opts[] = {"mode", "802.3ad", "ad_actor_system", "01:00:5e:00:00:01", NULL};
    g_autoptr(NMConnection) p = bond_profile("rj0", opts);
    g_autoptr(GError) error = NULL;
    BonddDevice *d = new_device("rj0");
    gboolean adopted;
    int ifindex = 0;

    g_assert_false(d->vtable->realize(d, p, &adopted, &ifindex, &error));
    g_assert_nonnull(error);
    g_printerr("# expected error: %s\n", error->message);
    g_assert_nonnull(strstr(error->message, "ad_actor_system"));
    g_assert_nonnull(strstr(error->message, "rj0"));
    /* Nothing half-made is left. */
    g_assert_cmpuint(if_nametoindex("rj0"), ==, 0);
    d->vtable->free(d);
}

int
main(int argc, char **argv)
{
    g_autoptr(GError) error = NULL;
    GModule *module;
    BonddDeviceFactoryFunc create = NULL;
    int one = 1;
    int rc;

    g_test_init(&argc, &argv, NULL);
    /* The plugin logs operational warnings (a flapping port) by design. */
    g_log_set_always_fatal(G_LOG_FATAL_MASK | G_LOG_LEVEL_CRITICAL);
    if (g_strcmp0(g_getenv("BONDD_VM"), "1") != 0 || geteuid() != 0 ||
        !g_file_test("/sys/class/net/bonding_masters", G_FILE_TEST_EXISTS)) {
        g_printerr("needs root in the test guest with the bonding driver (tests/vm)\n");
        return 77;
    }
    if (argc < 2)
        g_error("usage: %s PLUGIN.so", argv[0]);
    module = g_module_open(argv[1], G_MODULE_BIND_LOCAL);
    if (!module || !g_module_symbol(module, BONDD_DEVICE_FACTORY_SYMBOL, (gpointer *)&create))
        g_error("%s: %s", argv[1], g_module_error());
    factory = create(&(BonddDevicePluginConfig){.group = "bond"}, &error);
    g_assert_no_error(error);
    g_assert_cmpuint(factory->abi_version, ==, BONDD_DEVICE_PLUGIN_ABI_VERSION);
    g_assert_cmpstr(factory->kinds[0].link_kind, ==, "bond");
    g_assert_cmpuint(factory->kinds[0].flags, ==, BONDD_KIND_FLAG_CONTROLLER);

    host.nl = mnl_socket_open(NETLINK_ROUTE);
    g_assert_nonnull(host.nl);
    g_assert_cmpint(mnl_socket_bind(host.nl, 0, MNL_SOCKET_AUTOPID), ==, 0);
    setsockopt(mnl_socket_get_fd(host.nl), SOL_NETLINK, NETLINK_EXT_ACK, &one, sizeof one);
    host.links = g_ptr_array_new_with_free_func(link_free);
    device_host = (BonddDeviceHost){.netlink_request = host_request,
                                    .get_link = host_get_link,
                                    .get_link_by_name = host_get_link_by_name,
                                    .refresh_link = host_refresh_link,
                                    .set_link_up = host_set_link_up,
                                    .delete_link = host_delete_link,
                                    .host_data = &host};

    g_test_add_func("/bond-live/all-modes", test_all_modes);
    g_test_add_func("/bond-live/failover-reapply-adopt", test_failover_reapply_adopt);
    g_test_add_func("/bond-live/lacp-poll-down-only-flapping", test_lacp_poll_down_only_flapping);
    g_test_add_func("/bond-live/kernel-rejects", test_kernel_rejects);
    rc = g_test_run();
    g_ptr_array_unref(host.links);
    mnl_socket_close(host.nl);
    return rc;
}
