/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The fake kernel's test helpers: what a test sets and reads directly,
 * without netlink (see fake-kernel.h).
 */
#include "config.h"

#include "fake-kernel-private.h"

#include <arpa/inet.h>
#include <net/if_arp.h>
#include <linux/rtnetlink.h>

/* ---- test helpers ------------------------------------------------------------------- */

static FakeLink *
must_find(FakeKernel *k, const char *name)
{
    FakeLink *l = fk_find_link_by_name(k, name);

    if (!l)
        g_error("fake kernel: no link %s", name);
    return l;
}

int
fake_kernel_add_ethernet(FakeKernel *kernel, const char *name, gboolean carrier)
{
    FakeLink *l;

    g_assert_null(fk_find_link_by_name(kernel, name));
    l = fk_new_link(kernel, name, NULL, ARPHRD_ETHER);
    l->flags = IFF_UP | IFF_BROADCAST | IFF_MULTICAST;
    l->cable = carrier;
    fk_sync_links(kernel);
    return l->ifindex;
}

int
fake_kernel_add_link(FakeKernel *kernel, const char *name, const char *kind)
{
    FakeLink *l;

    g_assert_null(fk_find_link_by_name(kernel, name));
    l = fk_new_link(kernel, name, kind, ARPHRD_ETHER);
    fk_sync_links(kernel);
    return l->ifindex;
}

void
fake_kernel_set_carrier(FakeKernel *kernel, const char *name, gboolean carrier)
{
    must_find(kernel, name)->cable = carrier;
    fk_sync_links(kernel);
}

void
fake_kernel_set_up(FakeKernel *kernel, const char *name, gboolean up)
{
    FakeLink *l = must_find(kernel, name);

    l->flags = up ? (l->flags | IFF_UP) : (l->flags & ~IFF_UP);
    fk_sync_links(kernel);
}

void
fake_kernel_set_master(FakeKernel *kernel, const char *name, const char *master)
{
    FakeLink *l = must_find(kernel, name);

    if (l->master)
        fk_detach(kernel, l);
    if (master)
        g_assert_cmpint(fk_attach(kernel, l, must_find(kernel, master)->ifindex), ==, 0);
    fk_sync_links(kernel);
}

void
fake_kernel_add_address(FakeKernel *kernel, const char *name, const char *address)
{
    g_auto(GStrv) parts = g_strsplit(address, "/", 2);
    guint8 buf[MSG_BUFFER_SIZE];
    FakeAddr a = {.ifindex = must_find(kernel, name)->ifindex};

    a.family = strchr(parts[0], ':') ? AF_INET6 : AF_INET;
    g_assert_cmpint(inet_pton(a.family, parts[0], a.addr), ==, 1);
    a.prefixlen =
        parts[1] ? (guint8)g_ascii_strtoull(parts[1], NULL, 10) : (a.family == AF_INET ? 32 : 128);
    g_assert_cmpint(fk_find_addr(kernel, &a), <, 0);
    g_array_append_val(kernel->addrs, a);
    fk_queue_event(kernel, fk_put_addr(buf, &a, RTM_NEWADDR));
}

gboolean
fake_kernel_remove_link(FakeKernel *kernel, const char *name)
{
    FakeLink *l = fk_find_link_by_name(kernel, name);

    if (!l)
        return FALSE;
    fk_delete_link(kernel, l);
    return TRUE;
}

gboolean
fake_kernel_has_link(FakeKernel *kernel, const char *name)
{
    return fk_find_link_by_name(kernel, name) != NULL;
}

int
fake_kernel_get_ifindex(FakeKernel *kernel, const char *name)
{
    FakeLink *l = fk_find_link_by_name(kernel, name);

    return l ? l->ifindex : 0;
}

const char *
fake_kernel_get_name(FakeKernel *kernel, int ifindex)
{
    FakeLink *l = fk_find_link(kernel, ifindex);

    return l ? l->name : NULL;
}

const char *
fake_kernel_get_kind(FakeKernel *kernel, const char *name)
{
    FakeLink *l = fk_find_link_by_name(kernel, name);

    return l ? l->kind : NULL;
}

const char *
fake_kernel_get_master(FakeKernel *kernel, const char *name)
{
    FakeLink *l = fk_find_link_by_name(kernel, name);

    return l ? fake_kernel_get_name(kernel, l->master) : NULL;
}

const char *
fake_kernel_get_parent(FakeKernel *kernel, const char *name)
{
    FakeLink *l = fk_find_link_by_name(kernel, name);

    return l ? fake_kernel_get_name(kernel, l->parent) : NULL;
}

guint
fake_kernel_get_flags(FakeKernel *kernel, const char *name)
{
    FakeLink *l = fk_find_link_by_name(kernel, name);

    return l ? fk_reported_flags(kernel, l) : 0;
}

guint
fake_kernel_get_mtu(FakeKernel *kernel, const char *name)
{
    FakeLink *l = fk_find_link_by_name(kernel, name);

    return l ? l->mtu : 0;
}

int
fake_kernel_get_bond_mode(FakeKernel *kernel, const char *name)
{
    FakeLink *l = fk_find_link_by_name(kernel, name);

    return l ? l->bond_mode : -1;
}

int
fake_kernel_get_bond_miimon(FakeKernel *kernel, const char *name)
{
    FakeLink *l = fk_find_link_by_name(kernel, name);

    return l ? l->bond_miimon : -1;
}

int
fake_kernel_get_vlan_id(FakeKernel *kernel, const char *name)
{
    FakeLink *l = fk_find_link_by_name(kernel, name);

    return l ? l->vlan_id : -1;
}

char **
fake_kernel_get_addresses(FakeKernel *kernel, const char *name)
{
    GPtrArray *list = g_ptr_array_new();
    FakeLink *l = fk_find_link_by_name(kernel, name);

    for (guint i = 0; l && i < kernel->addrs->len; i++) {
        const FakeAddr *a = &g_array_index(kernel->addrs, FakeAddr, i);
        char buf[INET6_ADDRSTRLEN];

        if (a->ifindex != l->ifindex)
            continue;
        g_ptr_array_add(
            list,
            g_strdup_printf("%s/%u", inet_ntop(a->family, a->addr, buf, sizeof buf), a->prefixlen));
    }
    g_ptr_array_add(list, NULL);
    return (char **)g_ptr_array_free(list, FALSE);
}

char **
fake_kernel_get_routes(FakeKernel *kernel, const char *name)
{
    GPtrArray *list = g_ptr_array_new();
    FakeLink *l = fk_find_link_by_name(kernel, name);

    for (guint i = 0; l && i < kernel->routes->len; i++) {
        const FakeRoute *r = &g_array_index(kernel->routes, FakeRoute, i);
        char dst[INET6_ADDRSTRLEN], gw[INET6_ADDRSTRLEN];

        if (r->oif != l->ifindex)
            continue;
        inet_ntop(r->family, r->dst, dst, sizeof dst);
        if (r->has_gw)
            g_ptr_array_add(list,
                            g_strdup_printf("%s/%u via %s metric %u", dst, r->plen,
                                            inet_ntop(r->family, r->gw, gw, sizeof gw), r->metric));
        else
            g_ptr_array_add(list, g_strdup_printf("%s/%u metric %u", dst, r->plen, r->metric));
    }
    g_ptr_array_add(list, NULL);
    return (char **)g_ptr_array_free(list, FALSE);
}

char **
fake_kernel_get_link_names(FakeKernel *kernel)
{
    GPtrArray *list = g_ptr_array_new();

    for (guint i = 0; i < kernel->links->len; i++)
        g_ptr_array_add(list, g_strdup(((FakeLink *)kernel->links->pdata[i])->name));
    g_ptr_array_add(list, NULL);
    return (char **)g_ptr_array_free(list, FALSE);
}

void
fake_kernel_fail_next(FakeKernel *kernel, guint16 nlmsg_type, const char *name, int errnum)
{
    FakeFailure *f = g_new0(FakeFailure, 1);

    f->type = nlmsg_type;
    f->name = g_strdup(name);
    f->errnum = errnum;
    g_ptr_array_add(kernel->failures, f);
}

guint
fake_kernel_count_requests(FakeKernel *kernel, guint16 nlmsg_type)
{
    return GPOINTER_TO_UINT(g_hash_table_lookup(kernel->requests, GUINT_TO_POINTER(nlmsg_type)));
}

void
fake_kernel_interrupt_dumps(FakeKernel *kernel, guint count)
{
    kernel->interrupt_dumps = count;
}

void
fake_kernel_hold_events(FakeKernel *kernel, gboolean hold)
{
    kernel->hold = hold;
    if (hold)
        g_clear_handle_id(&kernel->event_source, g_source_remove);
    else
        fk_schedule_delivery(kernel);
}

guint
fake_kernel_count_pending_events(FakeKernel *kernel)
{
    return kernel->events->length;
}

void
fake_kernel_overrun(FakeKernel *kernel)
{
    g_queue_clear_full(kernel->events, (GDestroyNotify)g_bytes_unref);
    kernel->overrun = TRUE;
    fk_schedule_delivery(kernel);
}

const char *
fake_kernel_get_sysctl(FakeKernel *kernel, const char *path)
{
    return g_hash_table_lookup(kernel->sysctls, path);
}

void
fake_kernel_set_sysctl(FakeKernel *kernel, const char *path, const char *value)
{
    g_hash_table_insert(kernel->sysctls, g_strdup(path), g_strdup(value));
}
