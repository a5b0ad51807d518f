/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Fuzz target: an RTM_NEWLINK message as the kernel might send it about a
 * bond or a bond port.  The decoders (bond_netlink_parse_link, _info_data,
 * _slave_data) must stay within the message, and what they decode must
 * make valid D-Bus values through the bond's state (bond-state.c).
 */
#include "config.h"

#include <linux/rtnetlink.h>
#include <stdlib.h>
#include <string.h>

#include "bond-netlink.h"
#include "bond-state.h"
#include "fuzz-common.h"

static const char *
fake_name(int ifindex, gpointer user_data)
{
    static const char *const names[] = {NULL, "lo", "eth0", "eth1", "bond0"};

    return ifindex >= 0 && ifindex < (int)G_N_ELEMENTS(names) ? names[ifindex] : NULL;
}

static void
consume(GVariant *v)
{
    g_variant_ref_sink(v);
    /* Serializing checks every string is valid. */
    g_variant_get_data(v);
    g_variant_unref(v);
}

int
LLVMFuzzerInitialize(int *argc, char ***argv)
{
    fuzz_setup_glib();
    return 0;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    g_autoptr(BondState) state = NULL;
    g_autofree char *old_port = NULL;
    g_autofree char *new_port = NULL;
    g_autofree guint32 *copy = NULL;
    struct nlmsghdr *nlh;
    BondLinkAttrs attrs;
    BondConfig cfg;
    BondPortInfo info;
    guint unknown = 0;

    if (size < sizeof(struct nlmsghdr) + sizeof(struct ifinfomsg) || size > 64 * 1024)
        return 0;
    /* The kernel's messages are aligned and their length is the length
     * read from the socket. */
    copy = g_malloc0(size + 3);
    memcpy(copy, data, size);
    nlh = (struct nlmsghdr *)copy;
    nlh->nlmsg_len = size;

    if (!bond_netlink_parse_link(nlh, &attrs))
        return 0;
    state = bond_state_new("bond0");
    bond_netlink_parse_info_data(attrs.info_data, fake_name, NULL, &cfg, &unknown);
    bond_state_update_bond(state, 4, TRUE, &cfg, attrs.has_event ? attrs.event : 0, &old_port,
                           &new_port);
    bond_config_clear(&cfg);
    bond_netlink_parse_slave_data(attrs.slave_data, &info);
    bond_state_update_port(state, 3, "eth1", attrs.slave_data ? &info : NULL, TRUE, 1, 1, 0, 1,
                           NULL);
    consume(bond_state_ports_variant(state));
    consume(bond_state_ad_variant(state));
    consume(bond_state_options_variant(state));
    return 0;
}
