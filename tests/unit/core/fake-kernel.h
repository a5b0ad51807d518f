/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * A kernel in memory, behind the netlink transport of the core
 * (src/core/netlink-transport.h): a table of links (name, kind, flags,
 * master, parent, MTU, MAC, bond and vlan options), addresses and routes.
 * It answers requests and dumps with the messages the real kernel sends,
 * built with libmnl, and after every change delivers the notifications to
 * its subscriber from an idle callback, as the kernel's multicast reaches
 * a socket only once the daemon is back in its main loop.
 *
 * Carrier follows the kernel's rules closely enough for the core: an
 * ethernet-like link has carrier when it is up and its cable is in, a bond
 * when it is up and one of its ports has carrier, a vlan when it is up and
 * its parent has carrier.  Attaching a port to a bond opens it (IFF_UP);
 * releasing it closes it; deleting a bond releases its ports and deleting
 * a link deletes the vlans on top of it, as the kernel does.
 *
 * Nothing here touches the real kernel.
 */
#pragma once

#include <gio/gio.h>
#include <linux/netlink.h>

#include "netlink-transport.h"

G_BEGIN_DECLS

typedef struct _FakeKernel FakeKernel;

/* A kernel with "lo" (ifindex 1, loopback, up). */
FakeKernel *fake_kernel_new(void);
FakeKernel *fake_kernel_ref(FakeKernel *kernel);
void fake_kernel_unref(FakeKernel *kernel);
G_DEFINE_AUTOPTR_CLEANUP_FUNC(FakeKernel, fake_kernel_unref)

/* A transport over @kernel (holding a reference) for bondd_link_cache_new().
 * One subscriber at a time: notifications go to the last one subscribed,
 * and are dropped while there is none (as multicast to nobody). */
BonddNetlinkTransport *fake_kernel_new_transport(FakeKernel *kernel);

/* ---- links, as a test sets them up ----------------------------------------- */

/* A veth-like link: no kind, ARPHRD_ETHER, up, with its cable in if
 * @carrier.  Returns its ifindex. */
int fake_kernel_add_ethernet(FakeKernel *kernel, const char *name, gboolean carrier);
/* A link of IFLA_INFO_KIND @kind made behind bondd's back (as `ip link add`),
 * down.  Returns its ifindex. */
int fake_kernel_add_link(FakeKernel *kernel, const char *name, const char *kind);
/* Plug or unplug the cable of an ethernet-like link. */
void fake_kernel_set_carrier(FakeKernel *kernel, const char *name, gboolean carrier);
/* Set the link up or down, as `ip link set` would. */
void fake_kernel_set_up(FakeKernel *kernel, const char *name, gboolean up);
/* Attach @name to @master (NULL: detach), as `ip link set master` would. */
void fake_kernel_set_master(FakeKernel *kernel, const char *name, const char *master);
/* Delete a link as `ip link del` would (ports released, vlans on top
 * deleted).  FALSE if there is none. */
gboolean fake_kernel_remove_link(FakeKernel *kernel, const char *name);
/* Add "192.0.2.9/24" (or an IPv6 one) to the link, as `ip addr add` would. */
void fake_kernel_add_address(FakeKernel *kernel, const char *name, const char *address);

/* ---- what the kernel holds ---------------------------------------------------- */

gboolean fake_kernel_has_link(FakeKernel *kernel, const char *name);
/* 0 when there is no such link (as if_nametoindex). */
int fake_kernel_get_ifindex(FakeKernel *kernel, const char *name);
/* The name of @ifindex, or NULL. */
const char *fake_kernel_get_name(FakeKernel *kernel, int ifindex);
/* IFLA_INFO_KIND ("" for none), or NULL without the link. */
const char *fake_kernel_get_kind(FakeKernel *kernel, const char *name);
/* The master's name, or NULL when the link has none (or does not exist). */
const char *fake_kernel_get_master(FakeKernel *kernel, const char *name);
/* The parent's name (IFLA_LINK) of a stacked link, or NULL. */
const char *fake_kernel_get_parent(FakeKernel *kernel, const char *name);
/* ifi_flags as the kernel reports them (IFF_UP, IFF_LOWER_UP, IFF_SLAVE...);
 * 0 without the link. */
guint fake_kernel_get_flags(FakeKernel *kernel, const char *name);
guint fake_kernel_get_mtu(FakeKernel *kernel, const char *name);
/* Bond options the kernel holds (IFLA_BOND_*): mode number, miimon;
 * -1 without the link. */
int fake_kernel_get_bond_mode(FakeKernel *kernel, const char *name);
int fake_kernel_get_bond_miimon(FakeKernel *kernel, const char *name);
/* IFLA_VLAN_ID; -1 without the link. */
int fake_kernel_get_vlan_id(FakeKernel *kernel, const char *name);
/* "192.0.2.1/24" strings of the link's addresses, in the order added
 * (NULL-terminated; caller frees). */
char **fake_kernel_get_addresses(FakeKernel *kernel, const char *name);
/* "0.0.0.0/0 via 192.0.2.254 metric 300" strings of the routes through the
 * link (NULL-terminated; caller frees). */
char **fake_kernel_get_routes(FakeKernel *kernel, const char *name);
/* Every link's name, by ifindex (NULL-terminated; caller frees). */
char **fake_kernel_get_link_names(FakeKernel *kernel);

/* ---- requests ---------------------------------------------------------------- */

/* The next request of @nlmsg_type (RTM_NEWLINK, RTM_NEWADDR...) about the
 * link @name (NULL: any) fails with @errnum, before it changes anything.
 * Several can be queued; each is used once. */
void fake_kernel_fail_next(FakeKernel *kernel, guint16 nlmsg_type, const char *name, int errnum);
/* How many requests of @nlmsg_type were made (dumps included). */
guint fake_kernel_count_requests(FakeKernel *kernel, guint16 nlmsg_type);
/* The next @count dumps report NLM_F_DUMP_INTR (a change during the dump). */
void fake_kernel_interrupt_dumps(FakeKernel *kernel, guint count);

/* ---- notifications ------------------------------------------------------------ */

/* Keep notifications queued (as a slow socket) until released. */
void fake_kernel_hold_events(FakeKernel *kernel, gboolean hold);
/* Notifications queued and not yet delivered. */
guint fake_kernel_count_pending_events(FakeKernel *kernel);
/* Drop what is queued and tell the subscriber it lost notifications
 * (ENOBUFS), from idle. */
void fake_kernel_overrun(FakeKernel *kernel);

/* The value last written to /proc/sys/@path (NULL: never written). */
const char *fake_kernel_get_sysctl(FakeKernel *kernel, const char *path);
/* Give /proc/sys/@path a value, as the kernel's default would. */
void fake_kernel_set_sysctl(FakeKernel *kernel, const char *path, const char *value);

G_END_DECLS
