/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The link cache (src/core/link-cache.c) over the fake kernel: the dump at
 * start, notifications, refresh, requests and their errors, interrupted
 * dumps and lost notifications.  These also show that the fake kernel
 * answers as the core expects the real one to, which the other core tests
 * build on.
 */
#include "config.h"

#include "harness.h"

#include <errno.h>
#include <string.h>
#include <sys/socket.h>
#include <net/if_arp.h>
#include <linux/if.h>
#include <linux/if_link.h>
#include <linux/rtnetlink.h>
#include <libmnl/libmnl.h>

#define assert_errno(error, errnum)                                                                \
    g_assert_error(error, G_IO_ERROR, (int)g_io_error_from_errno(errnum))

typedef struct {
    FakeKernel *kernel;
    BonddLinkCache *cache;
    GPtrArray *signals; /* "added tport1", "changed tport1", "removed tport1", "addr 3" */
} Fixture;

static void
link_added_cb(BonddLinkCache *cache, const BonddLink *link, guint event, Fixture *f)
{
    g_ptr_array_add(f->signals, g_strdup_printf("added %s", link->name));
}

static void
link_changed_cb(BonddLinkCache *cache, const BonddLink *link, guint event, Fixture *f)
{
    g_ptr_array_add(f->signals, g_strdup_printf("changed %s", link->name));
}

static void
link_removed_cb(BonddLinkCache *cache, const BonddLink *link, Fixture *f)
{
    g_ptr_array_add(f->signals, g_strdup_printf("removed %s", link->name));
}

static void
addresses_changed_cb(BonddLinkCache *cache, int ifindex, Fixture *f)
{
    g_ptr_array_add(f->signals, g_strdup_printf("addr %d", ifindex));
}

static void
fixture_setup(Fixture *f, gconstpointer data)
{
    f->kernel = fake_kernel_new();
    f->cache = bondd_link_cache_new(fake_kernel_new_transport(f->kernel));
    f->signals = g_ptr_array_new_with_free_func(g_free);
    g_signal_connect(f->cache, "link-added", G_CALLBACK(link_added_cb), f);
    g_signal_connect(f->cache, "link-changed", G_CALLBACK(link_changed_cb), f);
    g_signal_connect(f->cache, "link-removed", G_CALLBACK(link_removed_cb), f);
    g_signal_connect(f->cache, "addresses-changed", G_CALLBACK(addresses_changed_cb), f);
}

static void
fixture_teardown(Fixture *f, gconstpointer data)
{
    g_signal_handlers_disconnect_by_data(f->cache, f);
    g_object_unref(f->cache);
    fake_kernel_unref(f->kernel);
    g_ptr_array_unref(f->signals);
    while (g_main_context_iteration(NULL, FALSE))
        ;
}

static void
start(Fixture *f)
{
    g_autoptr(GError) error = NULL;

    bondd_link_cache_start(f->cache, &error);
    g_assert_no_error(error);
}

static void
flush(void)
{
    for (guint i = 0; i < 1000 && g_main_context_iteration(NULL, FALSE); i++)
        ;
}

static gboolean
saw(Fixture *f, const char *signal)
{
    for (guint i = 0; i < f->signals->len; i++) {
        if (g_strcmp0(f->signals->pdata[i], signal) == 0)
            return TRUE;
    }
    return FALSE;
}

/* An RTM_NEWLINK request about @ifindex (built the way plugins do). */
static struct nlmsghdr *
newlink(guint8 *buf, int ifindex)
{
    struct nlmsghdr *nlh = mnl_nlmsg_put_header(buf);
    struct ifinfomsg *ifi;

    nlh->nlmsg_type = RTM_NEWLINK;
    ifi = mnl_nlmsg_put_extra_header(nlh, sizeof *ifi);
    ifi->ifi_family = AF_UNSPEC;
    ifi->ifi_index = ifindex;
    return nlh;
}

static struct nlmsghdr *
create_link(guint8 *buf, const char *name, const char *kind, int parent)
{
    struct nlmsghdr *nlh = newlink(buf, 0);
    struct nlattr *info, *data;

    nlh->nlmsg_flags = NLM_F_CREATE | NLM_F_EXCL;
    mnl_attr_put_strz(nlh, IFLA_IFNAME, name);
    if (parent)
        mnl_attr_put_u32(nlh, IFLA_LINK, (guint32)parent);
    info = mnl_attr_nest_start(nlh, IFLA_LINKINFO);
    mnl_attr_put_strz(nlh, IFLA_INFO_KIND, kind);
    if (g_str_equal(kind, "vlan")) {
        data = mnl_attr_nest_start(nlh, IFLA_INFO_DATA);
        mnl_attr_put_u16(nlh, IFLA_VLAN_ID, 10);
        mnl_attr_nest_end(nlh, data);
    }
    mnl_attr_nest_end(nlh, info);
    return nlh;
}

/* ---- tests ------------------------------------------------------------------------ */

/* The dump at start sees every link as parse_link() reads it, in ifindex
 * order, lo first. */
static void
test_dump(Fixture *f, gconstpointer data)
{
    int eth = fake_kernel_add_ethernet(f->kernel, "tport1", TRUE);
    int nocable = fake_kernel_add_ethernet(f->kernel, "tport2", FALSE);
    const BonddLink *link;
    g_autoptr(GPtrArray) links = NULL;

    start(f);
    links = bondd_link_cache_get_links(f->cache);
    g_assert_cmpuint(links->len, ==, 3);
    g_assert_cmpstr(f->signals->pdata[0], ==, "added lo");
    g_assert_cmpstr(f->signals->pdata[1], ==, "added tport1");
    g_assert_cmpstr(f->signals->pdata[2], ==, "added tport2");

    link = bondd_link_cache_get(f->cache, 1);
    g_assert_cmpstr(link->name, ==, "lo");
    g_assert_cmpuint(link->arptype, ==, ARPHRD_LOOPBACK);
    g_assert_true(link->carrier);

    link = bondd_link_cache_get_by_name(f->cache, "tport1");
    g_assert_cmpint(link->ifindex, ==, eth);
    g_assert_cmpuint(link->arptype, ==, ARPHRD_ETHER);
    g_assert_cmpstr(link->kind, ==, "");
    g_assert_cmpuint(link->flags & (IFF_UP | IFF_LOWER_UP), ==, IFF_UP | IFF_LOWER_UP);
    g_assert_true(link->carrier);
    g_assert_cmpuint(link->mtu, ==, 1500);
    g_assert_cmpuint(link->hwaddr_len, ==, 6);
    g_assert_cmpint(link->hwaddr[5], ==, eth);
    g_assert_cmpuint(link->operstate, ==, IF_OPER_UP);
    g_assert_nonnull(link->nlh);

    link = bondd_link_cache_get(f->cache, nocable);
    g_assert_cmpuint(link->flags & (IFF_UP | IFF_LOWER_UP), ==, IFF_UP);
    g_assert_false(link->carrier);
}

/* Changes reach the cache from the main loop, not within the request. */
static void
test_notifications(Fixture *f, gconstpointer data)
{
    guint8 buf[MNL_SOCKET_BUFFER_SIZE];
    g_autoptr(GError) error = NULL;
    int eth, bond;
    const BonddLink *link;

    eth = fake_kernel_add_ethernet(f->kernel, "tport1", TRUE);
    start(f);
    g_ptr_array_set_size(f->signals, 0);

    bondd_link_cache_request(f->cache, create_link(buf, "tbond0", "bond", 0), &error);
    g_assert_no_error(error);
    bond = fake_kernel_get_ifindex(f->kernel, "tbond0");
    g_assert_cmpint(bond, >, 0);
    g_assert_null(bondd_link_cache_get(f->cache, bond));
    g_assert_cmpuint(f->signals->len, ==, 0);
    flush();
    g_assert_true(saw(f, "added tbond0"));
    link = bondd_link_cache_get(f->cache, bond);
    g_assert_cmpstr(link->kind, ==, "bond");
    g_assert_false(link->flags & IFF_UP);

    /* Attach: the port is opened by the bond, the bond gets its carrier
     * once up. */
    {
        struct nlmsghdr *nlh = newlink(buf, eth);

        mnl_attr_put_u32(nlh, IFLA_MASTER, (guint32)bond);
        bondd_link_cache_request(f->cache, nlh, &error);
        g_assert_no_error(error);
    }
    bondd_link_cache_set_up(f->cache, bond, TRUE, &error);
    g_assert_no_error(error);
    flush();
    link = bondd_link_cache_get(f->cache, eth);
    g_assert_cmpint(link->master, ==, bond);
    g_assert_cmpstr(link->slave_kind, ==, "bond");
    g_assert_true(link->flags & IFF_SLAVE);
    link = bondd_link_cache_get(f->cache, bond);
    g_assert_true(link->carrier);
    g_assert_true(link->flags & IFF_MASTER);

    /* Losing the port's cable takes the bond's carrier. */
    g_ptr_array_set_size(f->signals, 0);
    fake_kernel_set_carrier(f->kernel, "tport1", FALSE);
    flush();
    g_assert_true(saw(f, "changed tport1"));
    g_assert_true(saw(f, "changed tbond0"));
    g_assert_false(bondd_link_cache_get(f->cache, bond)->carrier);

    /* Deleting the bond releases (and closes) its port. */
    g_ptr_array_set_size(f->signals, 0);
    bondd_link_cache_delete(f->cache, bond, &error);
    g_assert_no_error(error);
    flush();
    g_assert_true(saw(f, "removed tbond0"));
    g_assert_null(bondd_link_cache_get(f->cache, bond));
    link = bondd_link_cache_get(f->cache, eth);
    g_assert_cmpint(link->master, ==, 0);
    g_assert_false(link->flags & IFF_UP);
    g_assert_null(fake_kernel_get_master(f->kernel, "tport1"));
}

/* Errors come back as the real transport makes them: G_IO_ERROR from
 * errno. */
static void
test_errors(Fixture *f, gconstpointer data)
{
    guint8 buf[MNL_SOCKET_BUFFER_SIZE];
    g_autoptr(GError) error = NULL;
    int eth;

    eth = fake_kernel_add_ethernet(f->kernel, "tport1", TRUE);
    start(f);

    bondd_link_cache_set_up(f->cache, 99, TRUE, &error);
    assert_errno(error, ENODEV);
    g_clear_error(&error);
    bondd_link_cache_delete(f->cache, 99, &error);
    assert_errno(error, ENODEV);
    g_clear_error(&error);

    /* Creating an existing name exclusively. */
    bondd_link_cache_request(f->cache, create_link(buf, "tport1", "bond", 0), &error);
    assert_errno(error, EEXIST);
    g_clear_error(&error);

    /* A vlan needs an existing parent. */
    bondd_link_cache_request(f->cache, create_link(buf, "tvlan10", "vlan", 77), &error);
    assert_errno(error, ENODEV);
    g_clear_error(&error);
    bondd_link_cache_request(f->cache, create_link(buf, "tvlan10", "vlan", eth), &error);
    g_assert_no_error(error);
    g_assert_cmpstr(fake_kernel_get_parent(f->kernel, "tvlan10"), ==, "tport1");
    g_assert_cmpint(fake_kernel_get_vlan_id(f->kernel, "tvlan10"), ==, 10);

    /* An injected failure is used once, for the link named. */
    fake_kernel_fail_next(f->kernel, RTM_SETLINK, "tvlan10", EPERM);
    bondd_link_cache_set_up(f->cache, eth, FALSE, &error);
    g_assert_no_error(error);
    bondd_link_cache_set_up(f->cache, fake_kernel_get_ifindex(f->kernel, "tvlan10"), TRUE, &error);
    assert_errno(error, EPERM);
    g_assert_nonnull(strstr(error->message, "injected"));
    g_clear_error(&error);
    bondd_link_cache_set_up(f->cache, fake_kernel_get_ifindex(f->kernel, "tvlan10"), TRUE, &error);
    g_assert_no_error(error);
    g_assert_cmpuint(fake_kernel_count_requests(f->kernel, RTM_SETLINK), ==, 4);

    /* Deleting the parent deletes the vlan on top. */
    g_ptr_array_set_size(f->signals, 0);
    g_assert_true(fake_kernel_remove_link(f->kernel, "tport1"));
    flush();
    g_assert_true(saw(f, "removed tport1"));
    g_assert_true(saw(f, "removed tvlan10"));
    g_assert_false(fake_kernel_has_link(f->kernel, "tvlan10"));
}

/* Addresses: requests, notifications and the dump agree. */
static void
test_addresses(Fixture *f, gconstpointer data)
{
    guint8 buf[MNL_SOCKET_BUFFER_SIZE];
    struct nlmsghdr *nlh;
    struct ifaddrmsg *ifa;
    guint8 addr[4] = {192, 0, 2, 1};
    g_autoptr(GError) error = NULL;
    g_autoptr(GArray) list = NULL;
    g_auto(GStrv) strings = NULL;
    int eth = fake_kernel_add_ethernet(f->kernel, "tport1", TRUE);

    start(f);
    nlh = mnl_nlmsg_put_header(buf);
    nlh->nlmsg_type = RTM_NEWADDR;
    nlh->nlmsg_flags = NLM_F_CREATE | NLM_F_REPLACE;
    ifa = mnl_nlmsg_put_extra_header(nlh, sizeof *ifa);
    ifa->ifa_family = AF_INET;
    ifa->ifa_prefixlen = 24;
    ifa->ifa_index = (guint32)eth;
    mnl_attr_put(nlh, IFA_LOCAL, 4, addr);
    bondd_link_cache_request(f->cache, nlh, &error);
    g_assert_no_error(error);
    flush();
    g_assert_true(saw(f, "addr 2"));
    list = bondd_link_cache_get_addresses(f->cache, eth, AF_INET);
    g_assert_cmpuint(list->len, ==, 1);
    g_assert_cmpuint(g_array_index(list, BonddAddress, 0).prefixlen, ==, 24);
    strings = fake_kernel_get_addresses(f->kernel, "tport1");
    g_assert_cmpstr(strings[0], ==, "192.0.2.1/24");
    g_assert_null(strings[1]);

    /* An address on a link that does not exist. */
    ifa->ifa_index = 99;
    bondd_link_cache_request(f->cache, nlh, &error);
    assert_errno(error, ENODEV);
}

/* refresh() reads a link at once and announces it from idle; a link that
 * is gone is removed. */
static void
test_refresh(Fixture *f, gconstpointer data)
{
    int eth = fake_kernel_add_ethernet(f->kernel, "tport1", TRUE);

    start(f);
    fake_kernel_hold_events(f->kernel, TRUE);
    fake_kernel_set_carrier(f->kernel, "tport1", FALSE);
    g_assert_true(bondd_link_cache_get(f->cache, eth)->carrier);
    g_assert_true(bondd_link_cache_refresh(f->cache, eth));
    g_assert_false(bondd_link_cache_get(f->cache, eth)->carrier);

    g_ptr_array_set_size(f->signals, 0);
    fake_kernel_remove_link(f->kernel, "tport1");
    g_assert_false(bondd_link_cache_refresh(f->cache, eth));
    g_assert_null(bondd_link_cache_get(f->cache, eth));
    g_assert_cmpuint(f->signals->len, ==, 0);
    flush();
    g_assert_true(saw(f, "removed tport1"));

    /* The held notifications arrive late and change nothing. */
    g_ptr_array_set_size(f->signals, 0);
    fake_kernel_hold_events(f->kernel, FALSE);
    flush();
    g_assert_null(bondd_link_cache_get(f->cache, eth));
}

/* A link read by refresh() and gone before its announcement: its removal is
 * still announced, for a device may already have been made for it (a link
 * bondd creates is used at once). */
static void
test_refresh_gone_unannounced(Fixture *f, gconstpointer data)
{
    int eth;

    start(f);
    flush();
    g_ptr_array_set_size(f->signals, 0);
    fake_kernel_hold_events(f->kernel, TRUE);
    eth = fake_kernel_add_ethernet(f->kernel, "tport1", TRUE);
    g_assert_true(bondd_link_cache_refresh(f->cache, eth));
    fake_kernel_remove_link(f->kernel, "tport1");
    g_assert_false(bondd_link_cache_refresh(f->cache, eth));
    g_assert_cmpuint(f->signals->len, ==, 0);
    flush();
    g_assert_false(saw(f, "added tport1"));
    g_assert_true(saw(f, "removed tport1"));
    fake_kernel_hold_events(f->kernel, FALSE);
    flush();
    g_assert_null(bondd_link_cache_get(f->cache, eth));
}

/* Notifications queued before a refresh are older than its answer: they
 * are applied first and announced with it, once, in the fresh state -- a
 * stale "carrier off" never follows the refresh. */
static void
test_refresh_drains(Fixture *f, gconstpointer data)
{
    int eth = fake_kernel_add_ethernet(f->kernel, "tport1", TRUE);
    guint n_port = 0;

    start(f);
    flush();
    g_ptr_array_set_size(f->signals, 0);
    fake_kernel_set_carrier(f->kernel, "tport1", FALSE);
    fake_kernel_set_carrier(f->kernel, "tport1", TRUE);
    g_assert_cmpuint(fake_kernel_count_pending_events(f->kernel), >, 0);
    g_assert_true(bondd_link_cache_refresh(f->cache, eth));
    g_assert_cmpuint(fake_kernel_count_pending_events(f->kernel), ==, 0);
    /* Nothing announced from inside the refresh. */
    g_assert_cmpuint(f->signals->len, ==, 0);
    flush();
    for (guint i = 0; i < f->signals->len; i++) {
        if (strstr(f->signals->pdata[i], "tport1"))
            n_port++;
    }
    g_assert_cmpuint(n_port, ==, 1);
    g_assert_true(saw(f, "changed tport1"));
    g_assert_true(bondd_link_cache_get(f->cache, eth)->carrier);
}

/* An inconsistent dump is repeated; lost notifications are made up for by
 * a new dump. */
static void
test_resync(Fixture *f, gconstpointer data)
{
    fake_kernel_add_ethernet(f->kernel, "tport1", TRUE);
    fake_kernel_interrupt_dumps(f->kernel, 2);
    start(f);
    /* Two interrupted link dumps, one good one, one address dump. */
    g_assert_cmpuint(fake_kernel_count_requests(f->kernel, RTM_GETLINK), ==, 3);
    g_assert_cmpuint(fake_kernel_count_requests(f->kernel, RTM_GETADDR), ==, 1);

    fake_kernel_add_ethernet(f->kernel, "tport2", TRUE);
    fake_kernel_remove_link(f->kernel, "tport1");
    fake_kernel_overrun(f->kernel);
    g_assert_cmpuint(fake_kernel_count_pending_events(f->kernel), ==, 0);
    flush();
    g_assert_cmpuint(fake_kernel_count_requests(f->kernel, RTM_GETLINK), ==, 4);
    g_assert_nonnull(bondd_link_cache_get_by_name(f->cache, "tport2"));
    g_assert_null(bondd_link_cache_get_by_name(f->cache, "tport1"));
    g_assert_true(saw(f, "removed tport1"));
}

int
main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    harness_init_logging();

#define ADD(name, func) g_test_add(name, Fixture, NULL, fixture_setup, func, fixture_teardown)
    ADD("/core/fake-kernel/dump", test_dump);
    ADD("/core/fake-kernel/notifications", test_notifications);
    ADD("/core/fake-kernel/errors", test_errors);
    ADD("/core/fake-kernel/addresses", test_addresses);
    ADD("/core/fake-kernel/refresh", test_refresh);
    ADD("/core/fake-kernel/refresh-drains", test_refresh_drains);
    ADD("/core/fake-kernel/refresh-gone-unannounced", test_refresh_gone_unannounced);
    ADD("/core/fake-kernel/resync", test_resync);
    return g_test_run();
}
