/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The IPv6 link-local address (see ip6-ll.h).
 */
#include "config.h"

#include "ip6-ll.h"

#include <glib/gi18n.h>
#include <string.h>
#include <linux/if_addr.h>
#include <linux/rtnetlink.h>

#include "ip-netlink.h"
#include "ip-provider.h"

struct _BonddIp6Ll {
    BonddLinkCache *cache;
    int ifindex;
    char *ifname;
    const BonddIp6Iid *iid;
    guint8 addr[16];
    gboolean have_addr;
    guint dad_counter;
    gboolean ready;
    gboolean reported;
    gulong handler;
    guint report_source;
    GError *error;
    BonddIp6LlReadyFunc ready_func;
    gpointer ready_data;
};

BonddIp6AddrState
bondd_ip6_addr_state(BonddLinkCache *cache, int ifindex, const guint8 *addr)
{
    g_autoptr(GArray) addrs = bondd_link_cache_get_addresses(cache, ifindex, AF_INET6);

    for (guint i = 0; i < addrs->len; i++) {
        const BonddAddress *a = &g_array_index(addrs, BonddAddress, i);

        if (memcmp(a->addr, addr, 16) != 0)
            continue;
        if (a->flags & IFA_F_DADFAILED)
            return BONDD_IP6_ADDR_DUPLICATE;
        if (a->flags & IFA_F_TENTATIVE)
            return BONDD_IP6_ADDR_TENTATIVE;
        return BONDD_IP6_ADDR_USABLE;
    }
    return BONDD_IP6_ADDR_ABSENT;
}

static gboolean
report_cb(gpointer user_data)
{
    BonddIp6Ll *self = user_data;

    self->report_source = 0;
    if (!self->reported) {
        self->reported = TRUE;
        self->ready_func(self->ready_data, self->error);
    }
    return G_SOURCE_REMOVE;
}

static void
report(BonddIp6Ll *self, GError *error)
{
    if (self->reported || self->report_source) {
        g_clear_error(&error);
        return;
    }
    self->error = error;
    self->report_source = bondd_ip_report_later(report_cb, self);
}

static BonddIpAddressRequest
request_for(BonddIp6Ll *self)
{
    BonddIpAddressRequest req = {
        .family = AF_INET6,
        .plen = 64,
        .valid = BONDD_IP_LIFETIME_FOREVER,
        .preferred = BONDD_IP_LIFETIME_FOREVER,
    };

    memcpy(req.addr, self->addr, 16);
    return req;
}

static void
remove_addr(BonddIp6Ll *self)
{
    BonddIpAddressRequest req = request_for(self);

    if (self->have_addr)
        bondd_ip_netlink_address(self->cache, RTM_DELADDR, self->ifindex, &req, NULL);
    self->have_addr = FALSE;
}

/* Make the @dad_counter-th address and hand it to the kernel. */
static void
add_addr(BonddIp6Ll *self)
{
    g_autoptr(GError) error = NULL;
    BonddIpAddressRequest req;
    g_autofree char *text = NULL;

    memset(self->addr, 0, sizeof self->addr);
    self->addr[0] = 0xfe;
    self->addr[1] = 0x80;
    if (!bondd_ip6_iid_complete(self->iid, self->addr, self->dad_counter, &error)) {
        g_prefix_error(&error, _("%s: no IPv6 link-local address: "), self->ifname);
        g_message("ip6: %s", error->message);
        report(self, g_steal_pointer(&error));
        return;
    }
    req = request_for(self);
    text = bondd_ip_addr_to_string(AF_INET6, self->addr);
    if (!bondd_ip_netlink_address(self->cache, RTM_NEWADDR, self->ifindex, &req, &error)) {
        g_prefix_error(&error, _("%s: cannot add the link-local address %s: "), self->ifname, text);
        g_message("ip6: %s", error->message);
        report(self, g_steal_pointer(&error));
        return;
    }
    self->have_addr = TRUE;
    g_debug("ip6: %s: link-local address %s", self->ifname, text);
}

static void
check(BonddIp6Ll *self)
{
    g_autofree char *text = NULL;

    if (!self->have_addr)
        return;
    switch (bondd_ip6_addr_state(self->cache, self->ifindex, self->addr)) {
        case BONDD_IP6_ADDR_USABLE:
            if (!self->ready) {
                self->ready = TRUE;
                report(self, NULL);
            }
            break;
        case BONDD_IP6_ADDR_DUPLICATE:
            text = bondd_ip_addr_to_string(AF_INET6, self->addr);
            g_message(_("ip6: %s: the link-local address %s is already in use on the link"),
                      self->ifname, text);
            remove_addr(self);
            self->dad_counter++;
            self->ready = FALSE;
            add_addr(self);
            break;
        case BONDD_IP6_ADDR_ABSENT:
        case BONDD_IP6_ADDR_TENTATIVE:
            break;
    }
}

static void
addresses_changed_cb(BonddLinkCache *cache, int ifindex, gpointer user_data)
{
    BonddIp6Ll *self = user_data;

    if (ifindex == self->ifindex)
        check(self);
}

BonddIp6Ll *
bondd_ip6_ll_new(BonddLinkCache *cache, int ifindex, const char *ifname, const BonddIp6Iid *iid,
                 BonddIp6LlReadyFunc ready, gpointer user_data)
{
    BonddIp6Ll *self = g_new0(BonddIp6Ll, 1);

    self->cache = g_object_ref(cache);
    self->ifindex = ifindex;
    self->ifname = g_strdup(ifname);
    self->iid = iid;
    self->ready_func = ready;
    self->ready_data = user_data;
    self->handler =
        g_signal_connect(cache, "addresses-changed", G_CALLBACK(addresses_changed_cb), self);
    add_addr(self);
    /* An address kept from before (bondd restarted) is usable at once. */
    check(self);
    return self;
}

gboolean
bondd_ip6_ll_is_ready(BonddIp6Ll *self)
{
    return self->ready;
}

void
bondd_ip6_ll_regenerate(BonddIp6Ll *self)
{
    remove_addr(self);
    self->dad_counter = 0;
    self->ready = FALSE;
    add_addr(self);
}

void
bondd_ip6_ll_free(BonddIp6Ll *self, gboolean remove_from_kernel)
{
    if (!self)
        return;
    if (remove_from_kernel)
        remove_addr(self);
    g_clear_signal_handler(&self->handler, self->cache);
    g_clear_handle_id(&self->report_source, g_source_remove);
    g_clear_error(&self->error);
    g_object_unref(self->cache);
    g_free(self->ifname);
    g_free(self);
}
