/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The vlan and bridge plugins' netlink encoding, without a kernel: a vlan's
 * settings go into IFLA_VLAN_* and read back the same; a change replaces
 * the maps (every ingress priority sent, a dropped egress mapping sent with
 * "to" 0); every bridge option of a setting goes into IFLA_BR_* with the
 * kernel's units and reads back without differences, and a differing one
 * is named.
 */
#include "config.h"

#include <linux/if_ether.h>
#include <linux/if_link.h>
#include <linux/rtnetlink.h>

#include "bridge-netlink.h"
#include "plugin-link.h"
#include "vlan-netlink.h"

/* A message with one nest (standing for IFLA_INFO_DATA); returns it. */
static struct nlattr *
nest_begin(void *buf, struct nlmsghdr **out_nlh)
{
    struct nlmsghdr *nlh = mnl_nlmsg_put_header(buf);

    nlh->nlmsg_type = RTM_NEWLINK;
    mnl_nlmsg_put_extra_header(nlh, sizeof(struct ifinfomsg));
    *out_nlh = nlh;
    return mnl_attr_nest_start(nlh, IFLA_INFO_DATA);
}

static NMSettingVlan *
vlan_setting(const char *ingress, const char *egress)
{
    NMSetting *s = nm_setting_vlan_new();

    g_object_set(s, NM_SETTING_VLAN_ID, 153, NM_SETTING_VLAN_PROTOCOL, "802.1ad",
                 NM_SETTING_VLAN_FLAGS, NM_VLAN_FLAG_GVRP | NM_VLAN_FLAG_MVRP, NULL);
    if (ingress)
        nm_setting_vlan_add_priority_str(NM_SETTING_VLAN(s), NM_VLAN_INGRESS_MAP, ingress);
    if (egress)
        nm_setting_vlan_add_priority_str(NM_SETTING_VLAN(s), NM_VLAN_EGRESS_MAP, egress);
    return NM_SETTING_VLAN(s);
}

static void
test_vlan_round_trip(void)
{
    char buf[MNL_SOCKET_BUFFER_SIZE];
    struct nlmsghdr *nlh;
    struct nlattr *data = nest_begin(buf, &nlh);
    g_autoptr(NMSettingVlan) s_vlan = vlan_setting("1:3", "2:5");
    VlanConfig want, got;
    g_autofree char *text = NULL;

    vlan_config_from_setting(s_vlan, &want);
    vlan_netlink_put(nlh, &want, TRUE, NULL);
    mnl_attr_nest_end(nlh, data);
    vlan_netlink_parse(data, &got);
    g_assert_cmpuint(got.id, ==, 153);
    g_assert_cmpuint(got.protocol, ==, ETH_P_8021AD);
    g_assert_true(vlan_config_live_equal(&want, &got));
    text = vlan_config_to_string(&got);
    g_assert_cmpstr(text, ==, "id 153 protocol 802.1ad flags 0xa ingress 1:3 egress 2:5");
    vlan_config_clear(&want);
    vlan_config_clear(&got);
}

/* A change: the id and protocol are not sent; ingress priorities all are
 * (0 where none); the egress mapping the new settings drop goes with 0. */
static void
test_vlan_change(void)
{
    char buf[MNL_SOCKET_BUFFER_SIZE];
    struct nlmsghdr *nlh;
    struct nlattr *data = nest_begin(buf, &nlh);
    g_autoptr(NMSettingVlan) old_setting = vlan_setting("1:3", "2:5");
    g_autoptr(NMSettingVlan) new_setting = vlan_setting(NULL, "4:6");
    VlanConfig current, target, sent;
    const struct nlattr *attr, *mapping;
    guint ingress = 0;
    g_autoptr(GString) egress = g_string_new(NULL);

    vlan_config_from_setting(old_setting, &current);
    vlan_config_from_setting(new_setting, &target);
    vlan_netlink_put(nlh, &target, FALSE, &current);
    mnl_attr_nest_end(nlh, data);
    mnl_attr_for_each_nested (attr, data) {
        g_assert_cmpuint(mnl_attr_get_type(attr), !=, IFLA_VLAN_ID);
        g_assert_cmpuint(mnl_attr_get_type(attr), !=, IFLA_VLAN_PROTOCOL);
        mnl_attr_for_each_nested (mapping, attr) {
            const struct ifla_vlan_qos_mapping *m = mnl_attr_get_payload(mapping);

            if (mnl_attr_get_type(attr) == IFLA_VLAN_INGRESS_QOS) {
                g_assert_cmpuint(m->to, ==, 0);
                ingress++;
            } else if (mnl_attr_get_type(attr) == IFLA_VLAN_EGRESS_QOS) {
                g_string_append_printf(egress, "%u:%u ", m->from, m->to);
            }
        }
    }
    g_assert_cmpuint(ingress, ==, 8);
    g_assert_cmpstr(egress->str, ==, "2:0 4:6 ");
    vlan_netlink_parse(data, &sent);
    g_assert_cmpuint(sent.flags, ==, NM_VLAN_FLAG_GVRP | NM_VLAN_FLAG_MVRP);
    vlan_config_clear(&current);
    vlan_config_clear(&target);
    vlan_config_clear(&sent);
}

static void
test_bridge_options(void)
{
    char buf[MNL_SOCKET_BUFFER_SIZE];
    struct nlmsghdr *nlh;
    struct nlattr *data = nest_begin(buf, &nlh);
    g_autoptr(NMSetting) s_bridge = nm_setting_bridge_new();
    g_autoptr(NMSetting) other = nm_setting_bridge_new();
    g_autofree char *diff = NULL;
    const struct nlattr *attr;
    gboolean seen_delay = FALSE, seen_protocol = FALSE;

    g_object_set(s_bridge, NM_SETTING_BRIDGE_FORWARD_DELAY, 4, NM_SETTING_BRIDGE_VLAN_PROTOCOL,
                 "802.1ad", NM_SETTING_BRIDGE_MULTICAST_ROUTER, "enabled",
                 NM_SETTING_BRIDGE_GROUP_ADDRESS, "01:80:C2:00:00:0A", NULL);
    bridge_netlink_put_options(nlh, bridge_options(), s_bridge);
    mnl_attr_nest_end(nlh, data);
    mnl_attr_for_each_nested (attr, data) {
        if (mnl_attr_get_type(attr) == IFLA_BR_FORWARD_DELAY) {
            /* Seconds to 1/100 s. */
            g_assert_cmpuint(mnl_attr_get_u32(attr), ==, 400);
            seen_delay = TRUE;
        } else if (mnl_attr_get_type(attr) == IFLA_BR_VLAN_PROTOCOL) {
            g_assert_cmpuint(g_ntohs(mnl_attr_get_u16(attr)), ==, ETH_P_8021AD);
            seen_protocol = TRUE;
        } else if (mnl_attr_get_type(attr) == IFLA_BR_MCAST_ROUTER) {
            g_assert_cmpuint(mnl_attr_get_u8(attr), ==, 2);
        } else if (mnl_attr_get_type(attr) == IFLA_BR_GROUP_ADDR) {
            g_assert_cmpuint(((const guint8 *)mnl_attr_get_payload(attr))[5], ==, 0x0A);
        }
    }
    g_assert_true(seen_delay && seen_protocol);
    g_assert_null(bridge_netlink_differences(data, IFLA_BR_MAX, bridge_options(), s_bridge));

    /* A setting the kernel does not have is named; jiffies rounding of a
     * multicast interval (3125 read back as 3124) is not. */
    g_object_set(other, NM_SETTING_BRIDGE_FORWARD_DELAY, 5, NM_SETTING_BRIDGE_VLAN_PROTOCOL,
                 "802.1ad", NM_SETTING_BRIDGE_MULTICAST_ROUTER, "enabled",
                 NM_SETTING_BRIDGE_GROUP_ADDRESS, "01:80:C2:00:00:0A",
                 NM_SETTING_BRIDGE_MULTICAST_STARTUP_QUERY_INTERVAL, (guint64)3126, NULL);
    diff = bridge_netlink_differences(data, IFLA_BR_MAX, bridge_options(), other);
    g_assert_cmpstr(diff, ==, "forward-delay 500 (kernel 400)");
}

int
main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    g_test_add_func("/kind-netlink/vlan/round-trip", test_vlan_round_trip);
    g_test_add_func("/kind-netlink/vlan/change", test_vlan_change);
    g_test_add_func("/kind-netlink/bridge/options", test_bridge_options);
    return g_test_run();
}
