/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Vlan, bridge and bridge-port profiles: new files written byte for byte as
 * expected (the vlan and bridge-port ones are NetworkManager's own ifcfg-rh
 * test fixtures, but for the UUID), read back equal; files as ifcfg-rh
 * reads them (the id and parent in DEVICE, flags, BRIDGING_OPTS with and
 * without STP, bad values dropped with a warning); no dummies, as in
 * ifcfg-rh.
 */
#include "config.h"

#include "ifcfg-reader.h"
#include "test-common.h"

#define LOG_DOMAIN  "bondd-ifcfg"
#define VLAN_UUID   "9d1b8a6e-3c4f-4f1e-8a3b-2e7c5d9f0a11"
#define BRIDGE_UUID "5a6b7c8d-9e0f-4a1b-8c2d-3e4f5a6b7c8d"
#define PORT_UUID   "1b2c3d4e-5f60-4718-92a3-b4c5d6e7f809"
#define DUMMY_UUID  "c0ffee00-1234-4abc-8def-0123456789ab"

typedef TestDirFixture Fixture;

static char *
resolve_br0(gpointer user_data, const char *uuid)
{
    return g_strcmp0(uuid, BRIDGE_UUID) == 0 ? g_strdup("br0") : NULL;
}

static void
add_ip4_manual(NMConnection *c, const char *address, guint prefix)
{
    NMSetting *s_ip4 = nm_setting_ip4_config_new();
    NMSetting *s_ip6 = nm_setting_ip6_config_new();
    NMIPAddress *addr = nm_ip_address_new(AF_INET, address, prefix, NULL);

    g_object_set(s_ip4, NM_SETTING_IP_CONFIG_METHOD, NM_SETTING_IP4_CONFIG_METHOD_MANUAL,
                 NM_SETTING_IP_CONFIG_MAY_FAIL, TRUE, NULL);
    nm_setting_ip_config_add_address(NM_SETTING_IP_CONFIG(s_ip4), addr);
    nm_ip_address_unref(addr);
    nm_connection_add_setting(c, s_ip4);
    g_object_set(s_ip6, NM_SETTING_IP_CONFIG_METHOD, NM_SETTING_IP6_CONFIG_METHOD_IGNORE,
                 NM_SETTING_IP6_CONFIG_ADDR_GEN_MODE,
                 NM_SETTING_IP6_CONFIG_ADDR_GEN_MODE_DEFAULT_OR_EUI64, NULL);
    nm_connection_add_setting(c, s_ip6);
}

/* ifcfg-rh's own fixture, ifcfg-Vlan_test-vlan-interface.cexpected. */
static void
test_write_vlan(Fixture *f, gconstpointer data)
{
    g_autoptr(NMConnection) c =
        test_connection_new("vlan", "Vlan test-vlan-interface", VLAN_UUID, "vlan43");
    NMSetting *s_vlan = nm_setting_vlan_new();
    g_autofree char *path = NULL;
    g_autoptr(NMConnection) reread = NULL;

    g_object_set(s_vlan, NM_SETTING_VLAN_PARENT, "eth9", NM_SETTING_VLAN_ID, 43,
                 NM_SETTING_VLAN_PROTOCOL, "802.1ad", NM_SETTING_VLAN_FLAGS,
                 NM_VLAN_FLAG_REORDER_HEADERS | NM_VLAN_FLAG_GVRP | NM_VLAN_FLAG_LOOSE_BINDING,
                 NULL);
    nm_setting_vlan_add_priority_str(NM_SETTING_VLAN(s_vlan), NM_VLAN_INGRESS_MAP, "0:1");
    nm_setting_vlan_add_priority_str(NM_SETTING_VLAN(s_vlan), NM_VLAN_INGRESS_MAP, "2:5");
    nm_setting_vlan_add_priority_str(NM_SETTING_VLAN(s_vlan), NM_VLAN_EGRESS_MAP, "12:3");
    nm_setting_vlan_add_priority_str(NM_SETTING_VLAN(s_vlan), NM_VLAN_EGRESS_MAP, "14:7");
    nm_setting_vlan_add_priority_str(NM_SETTING_VLAN(s_vlan), NM_VLAN_EGRESS_MAP, "3:1");
    nm_connection_add_setting(c, s_vlan);
    nm_connection_add_setting(c, nm_setting_proxy_new());
    add_ip4_manual(c, "192.168.43.149", 24);

    reread = test_write_new(f->dir, c, NULL, &path);
    test_assert_file_equals_expected(path, "ifcfg-Vlan_test-vlan-interface");
}

/* nmcli's "connection add type vlan dev bond0 id 153": no interface name,
 * no flags but the default, the ethernet setting libnm adds. */
static void
test_write_vlan_on_bond(Fixture *f, gconstpointer data)
{
    g_autoptr(NMConnection) c = test_connection_new("vlan", "vlan", VLAN_UUID, NULL);
    NMSetting *s_vlan = nm_setting_vlan_new();
    g_autofree char *path = NULL;
    g_autoptr(NMConnection) reread = NULL;

    g_object_set(s_vlan, NM_SETTING_VLAN_PARENT, "bond0", NM_SETTING_VLAN_ID, 153, NULL);
    nm_connection_add_setting(c, s_vlan);
    add_ip4_manual(c, "198.51.100.1", 24);

    reread = test_write_new(f->dir, c, NULL, &path);
    test_assert_file_equals_expected(path, "ifcfg-vlan");
    g_assert_null(nm_connection_get_interface_name(reread));
}

static NMConnection *
make_bridge(void)
{
    NMConnection *c = test_connection_new("bridge", "Test Write Bridge", BRIDGE_UUID, "br0");
    NMSetting *s_bridge = nm_setting_bridge_new();
    NMSetting *s_wired = nm_setting_wired_new();
    g_autoptr(GPtrArray) vlans =
        g_ptr_array_new_with_free_func((GDestroyNotify)nm_bridge_vlan_unref);

    g_ptr_array_add(vlans, nm_bridge_vlan_from_str("1 pvid untagged", NULL));
    g_ptr_array_add(vlans, nm_bridge_vlan_from_str("10-20", NULL));
    g_object_set(s_bridge, NM_SETTING_BRIDGE_STP, TRUE, NM_SETTING_BRIDGE_FORWARD_DELAY, 4,
                 NM_SETTING_BRIDGE_PRIORITY, 32744, NM_SETTING_BRIDGE_HELLO_TIME, 7,
                 NM_SETTING_BRIDGE_MAX_AGE, 39, NM_SETTING_BRIDGE_AGEING_TIME, 235352,
                 NM_SETTING_BRIDGE_MULTICAST_SNOOPING, FALSE, NM_SETTING_BRIDGE_MULTICAST_ROUTER,
                 "enabled", NM_SETTING_BRIDGE_VLAN_FILTERING, TRUE,
                 NM_SETTING_BRIDGE_VLAN_DEFAULT_PVID, 99, NM_SETTING_BRIDGE_VLANS, vlans, NULL);
    g_object_set(s_wired, NM_SETTING_WIRED_MTU, 9000, NULL);
    nm_connection_add_setting(c, s_bridge);
    nm_connection_add_setting(c, s_wired);
    g_object_set(nm_connection_get_setting_connection(c), NM_SETTING_CONNECTION_AUTOCONNECT_SLAVES,
                 NM_SETTING_CONNECTION_AUTOCONNECT_SLAVES_YES, NULL);
    add_ip4_manual(c, "192.0.2.1", 24);
    return c;
}

static void
test_write_bridge(Fixture *f, gconstpointer data)
{
    g_autoptr(NMConnection) c = make_bridge();
    g_autoptr(NMConnection) no_stp = make_bridge();
    g_autofree char *path = NULL;
    g_autofree char *path2 = NULL;
    g_autofree char *text = NULL;
    g_autoptr(NMConnection) reread = test_write_new(f->dir, c, NULL, &path);
    g_autoptr(NMConnection) reread2 = NULL;

    test_assert_file_equals_expected(path, "ifcfg-Test_Write_Bridge");
    /* Without STP the STP times and the priority are left out (they would
     * not be read), and the file reads back with libnm's defaults. */
    g_object_set(nm_connection_get_setting_bridge(no_stp), NM_SETTING_BRIDGE_STP, FALSE,
                 NM_SETTING_BRIDGE_FORWARD_DELAY, 15, NM_SETTING_BRIDGE_PRIORITY, 0x8000,
                 NM_SETTING_BRIDGE_HELLO_TIME, 2, NM_SETTING_BRIDGE_MAX_AGE, 20, NULL);
    reread2 = test_write_new(f->dir, no_stp, NULL, &path2);
    text = test_read_file(path2);
    g_assert_true(g_str_has_prefix(text, "STP=no\n"));
    g_assert_null(strstr(text, "DELAY"));
    g_assert_null(strstr(text, "priority"));
}

/* ifcfg-rh's own fixture, ifcfg-Test_Write_Bridge_Component.cexpected. */
static void
test_write_bridge_port(Fixture *f, gconstpointer data)
{
    g_autoptr(NMConnection) c =
        test_connection_new("802-3-ethernet", "Test Write Bridge Component", PORT_UUID, NULL);
    NMSetting *s_wired = nm_setting_wired_new();
    NMSetting *s_port = nm_setting_bridge_port_new();
    g_autofree char *path = NULL;
    g_autoptr(NMConnection) reread = NULL;

    g_object_set(nm_connection_get_setting_connection(c), NM_SETTING_CONNECTION_MASTER, "br0",
                 NM_SETTING_CONNECTION_SLAVE_TYPE, "bridge", NULL);
    g_object_set(s_wired, NM_SETTING_WIRED_MAC_ADDRESS, "31:33:33:37:be:cd", NM_SETTING_WIRED_MTU,
                 1492, NULL);
    g_object_set(s_port, NM_SETTING_BRIDGE_PORT_PRIORITY, 50, NM_SETTING_BRIDGE_PORT_PATH_COST, 33,
                 NULL);
    nm_setting_bridge_port_add_vlan(NM_SETTING_BRIDGE_PORT(s_port),
                                    nm_bridge_vlan_from_str("1 untagged", NULL));
    nm_setting_bridge_port_add_vlan(NM_SETTING_BRIDGE_PORT(s_port),
                                    nm_bridge_vlan_from_str("2 pvid", NULL));
    nm_setting_bridge_port_add_vlan(NM_SETTING_BRIDGE_PORT(s_port),
                                    nm_bridge_vlan_from_str("4-4094 untagged", NULL));
    nm_connection_add_setting(c, s_wired);
    nm_connection_add_setting(c, s_port);

    reread = test_write_new(f->dir, c, NULL, &path);
    test_assert_file_equals_expected(path, "ifcfg-Test_Write_Bridge_Component");
}

/* A bond in a bridge (the controller known by UUID): BONDING_OPTS and the
 * bridge-port options side by side, BRIDGE_UUID and BRIDGE. */
static void
test_write_bond_in_bridge(Fixture *f, gconstpointer data)
{
    g_autoptr(NMConnection) c = test_connection_new("bond", "bond0", PORT_UUID, "bond0");
    NMSetting *s_bond = nm_setting_bond_new();
    NMSetting *s_port = nm_setting_bridge_port_new();
    g_autofree char *path = NULL;
    g_autoptr(NMConnection) reread = NULL;

    g_object_set(nm_connection_get_setting_connection(c), NM_SETTING_CONNECTION_MASTER, BRIDGE_UUID,
                 NM_SETTING_CONNECTION_SLAVE_TYPE, "bridge",
                 NM_SETTING_CONNECTION_AUTOCONNECT_SLAVES,
                 NM_SETTING_CONNECTION_AUTOCONNECT_SLAVES_NO, NULL);
    nm_setting_bond_add_option(NM_SETTING_BOND(s_bond), "mode", "active-backup");
    nm_setting_bond_add_option(NM_SETTING_BOND(s_bond), "miimon", "100");
    g_object_set(s_port, NM_SETTING_BRIDGE_PORT_HAIRPIN_MODE, TRUE, NULL);
    nm_connection_add_setting(c, s_bond);
    nm_connection_add_setting(c, s_port);

    reread = test_write_new(f->dir, c, resolve_br0, &path);
    test_assert_file_equals_expected(path, "ifcfg-bond0");
}

/* ifcfg-rh has no dummies: the writer refuses them (the keyfile plugin
 * takes them), and TYPE=Dummy is no type it knows. */
static void
test_no_dummy(Fixture *f, gconstpointer data)
{
    g_autoptr(NMConnection) c =
        test_connection_new("dummy", "Test Write Dummy", DUMMY_UUID, "dummy0");
    g_autoptr(GError) error = NULL;
    g_autofree char *path = NULL;
    g_autoptr(NMConnection) read = NULL;

    nm_connection_add_setting(c, nm_setting_dummy_new());
    g_assert_false(ifcfg_writer_write(c, f->dir, NULL, NULL, NULL, NULL, NULL, NULL, &error));
    g_assert_error(error, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED);
    g_assert_nonnull(strstr(error->message, "cannot store connections of type 'dummy'"));
    g_assert_cmpuint(test_count_files(f->dir), ==, 0);
    g_clear_error(&error);

    path = test_write_file(f->dir, "ifcfg-dummy0", "TYPE=Dummy\nDEVICE=dummy0\n");
    read = ifcfg_reader_read_file(path, NULL, NULL, &error);
    g_assert_null(read);
    g_assert_nonnull(strstr(error->message, "unknown connection type 'Dummy'"));
}

/* ---- reading as ifcfg-rh reads ------------------------------------------------- */

static NMConnection *
read_text(Fixture *f, const char *name, const char *content, GError **error)
{
    g_autofree char *path = test_write_file(f->dir, name, content);

    return ifcfg_reader_read_file(path, NULL, NULL, error);
}

static NMSettingVlan *
read_vlan(Fixture *f, const char *name, const char *content, NMConnection **out)
{
    g_autoptr(GError) error = NULL;

    *out = read_text(f, name, content, &error);
    g_assert_no_error(error);
    g_assert_cmpstr(nm_connection_get_connection_type(*out), ==, NM_SETTING_VLAN_SETTING_NAME);
    return nm_connection_get_setting_vlan(*out);
}

static void
test_read_vlan(Fixture *f, gconstpointer data)
{
    g_autoptr(NMConnection) c1 = NULL;
    g_autoptr(NMConnection) c2 = NULL;
    g_autoptr(NMConnection) c3 = NULL;
    g_autoptr(GError) error = NULL;
    g_autoptr(NMConnection) bad = NULL;
    NMSettingVlan *v;

    /* Parent and id from DEVICE alone; VLAN=yes without TYPE. */
    v = read_vlan(f, "ifcfg-v1", "VLAN=yes\nDEVICE=eth0.43\n", &c1);
    g_assert_cmpstr(nm_setting_vlan_get_parent(v), ==, "eth0");
    g_assert_cmpuint(nm_setting_vlan_get_id(v), ==, 43);
    g_assert_cmpuint(nm_setting_vlan_get_flags(v), ==, NM_VLAN_FLAG_REORDER_HEADERS);
    g_assert_cmpstr(nm_connection_get_id(c1), ==, "Vlan v1");

    /* The id in DEVICE wins over VLAN_ID (initscripts), PHYSDEV over the
     * parent in DEVICE; VLAN_FLAGS spells the flags. */
    v = read_vlan(f, "ifcfg-v2",
                  "TYPE=Vlan\nDEVICE=bond0.7\nPHYSDEV=bond1\nVLAN_ID=8\n"
                  "VLAN_FLAGS=GVRP,LOOSE_BINDING,NO_REORDER_HDR\nMVRP=yes\n"
                  "VLAN_EGRESS_PRIORITY_MAP=1:2,bogus,3:4\n",
                  &c2);
    g_assert_cmpstr(nm_setting_vlan_get_parent(v), ==, "bond1");
    g_assert_cmpuint(nm_setting_vlan_get_id(v), ==, 7);
    g_assert_cmpuint(nm_setting_vlan_get_flags(v), ==,
                     NM_VLAN_FLAG_GVRP | NM_VLAN_FLAG_LOOSE_BINDING | NM_VLAN_FLAG_MVRP);
    g_assert_cmpint(nm_setting_vlan_get_num_priorities(v, NM_VLAN_EGRESS_MAP), ==, 2);

    /* GVRP=no overrides the flag list; vlanNN needs PHYSDEV. */
    v = read_vlan(f, "ifcfg-v3",
                  "TYPE=Vlan\nDEVICE=vlan5\nPHYSDEV=eth1\nGVRP=no\nVLAN_FLAGS=GVRP\n", &c3);
    g_assert_cmpuint(nm_setting_vlan_get_id(v), ==, 5);
    g_assert_cmpuint(nm_setting_vlan_get_flags(v), ==, NM_VLAN_FLAG_REORDER_HEADERS);

    bad = read_text(f, "ifcfg-v4", "TYPE=Vlan\nDEVICE=vlan5\n", &error);
    g_assert_null(bad);
    g_assert_nonnull(strstr(error->message, "ifcfg-v4: failed to determine VLAN parent"));
    g_clear_error(&error);
    bad = read_text(f, "ifcfg-v5", "TYPE=Vlan\nPHYSDEV=eth0\nVLAN_ID=4096\n", &error);
    g_assert_null(bad);
    g_assert_nonnull(strstr(error->message, "ifcfg-v5: invalid VLAN_ID '4096'"));
}

static void
test_read_bridge(Fixture *f, gconstpointer data)
{
    g_autoptr(GError) error = NULL;
    g_autoptr(NMConnection) no_stp = NULL;
    g_autoptr(NMConnection) stp = NULL;
    g_autoptr(NMConnection) port = NULL;
    g_autoptr(NMConnection) bad = NULL;
    NMSettingBridge *s_bridge;
    NMSettingBridgePort *s_port;

    /* No STP key means no STP; the STP-only options are then dropped, an
     * unknown one too, each with a warning. */
    g_test_expect_message(LOG_DOMAIN, G_LOG_LEVEL_MESSAGE,
                          "*ifcfg-br0: 'hello_time' invalid when STP is disabled*");
    g_test_expect_message(LOG_DOMAIN, G_LOG_LEVEL_MESSAGE,
                          "*ifcfg-br0: unhandled bridge option 'bogus'*");
    no_stp = read_text(f, "ifcfg-br0",
                       "TYPE=Bridge\nDEVICE=br0\nBRIDGING_OPTS=\"hello_time=7 bogus=1 "
                       "multicast_snooping=0 ageing_time=100\"\n",
                       &error);
    g_test_assert_expected_messages();
    g_assert_no_error(error);
    s_bridge = nm_connection_get_setting_bridge(no_stp);
    g_assert_false(nm_setting_bridge_get_stp(s_bridge));
    g_assert_cmpuint(nm_setting_bridge_get_hello_time(s_bridge), ==, 2);
    g_assert_false(nm_setting_bridge_get_multicast_snooping(s_bridge));
    g_assert_cmpuint(nm_setting_bridge_get_ageing_time(s_bridge), ==, 100);
    g_assert_cmpstr(nm_connection_get_id(no_stp), ==, "Bridge br0");

    stp = read_text(f, "ifcfg-br1",
                    "TYPE=Bridge\nDEVICE=br1\nSTP=on\nDELAY=4\nBRIDGING_OPTS=priority=7\n", &error);
    g_assert_no_error(error);
    s_bridge = nm_connection_get_setting_bridge(stp);
    g_assert_true(nm_setting_bridge_get_stp(s_bridge));
    g_assert_cmpuint(nm_setting_bridge_get_forward_delay(s_bridge), ==, 4);
    g_assert_cmpuint(nm_setting_bridge_get_priority(s_bridge), ==, 7);

    /* hairpin_mode takes words too. */
    port = read_text(f, "ifcfg-p1",
                     "TYPE=Ethernet\nDEVICE=eth1\nBRIDGE=br0\nBRIDGING_OPTS=\"hairpin_mode=on "
                     "path_cost=12\"\n",
                     &error);
    g_assert_no_error(error);
    s_port = nm_connection_get_setting_bridge_port(port);
    g_assert_true(nm_setting_bridge_port_get_hairpin_mode(s_port));
    g_assert_cmpuint(nm_setting_bridge_port_get_path_cost(s_port), ==, 12);
    g_assert_cmpstr(
        nm_setting_connection_get_slave_type(nm_connection_get_setting_connection(port)), ==,
        NM_SETTING_BRIDGE_SETTING_NAME);

    bad = read_text(f, "ifcfg-br2", "TYPE=Bridge\nNAME=x\n", &error);
    g_assert_null(bad);
    g_assert_nonnull(strstr(error->message, "ifcfg-br2: mandatory DEVICE keyword missing"));
}

int
main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
#define ADD(path, fn) g_test_add(path, Fixture, NULL, test_dir_setup, fn, test_dir_teardown)
    ADD("/ifcfg/kinds/write-vlan", test_write_vlan);
    ADD("/ifcfg/kinds/write-vlan-on-bond", test_write_vlan_on_bond);
    ADD("/ifcfg/kinds/write-bridge", test_write_bridge);
    ADD("/ifcfg/kinds/write-bridge-port", test_write_bridge_port);
    ADD("/ifcfg/kinds/write-bond-in-bridge", test_write_bond_in_bridge);
    ADD("/ifcfg/kinds/no-dummy", test_no_dummy);
    ADD("/ifcfg/kinds/read-vlan", test_read_vlan);
    ADD("/ifcfg/kinds/read-bridge", test_read_bridge);
    return g_test_run();
}
