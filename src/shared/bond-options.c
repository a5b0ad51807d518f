/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The bond option table and its conversions.  See bond-options.h.
 *
 * Facts come from the kernel's bonding driver (bond_options.c value tables,
 * bond_netlink.c policy widths, procfs strings) as summarised in
 * docs/kernel-bonding.md.
 */
#include "config.h"

#include "bond-options.h"

#include <arpa/inet.h>
#include <gio/gio.h>
#include <stdio.h>
#include <string.h>

/* ------------------------------------------------------------------ modes */

static const BondModeInfo mode_table[BOND_MODE_COUNT] = {
    {BOND_MODE_BALANCE_RR, "balance-rr", "load balancing (round-robin)"},
    {BOND_MODE_ACTIVE_BACKUP, "active-backup", "fault-tolerance (active-backup)"},
    {BOND_MODE_BALANCE_XOR, "balance-xor", "load balancing (xor)"},
    {BOND_MODE_BROADCAST, "broadcast", "fault-tolerance (broadcast)"},
    {BOND_MODE_8023AD, "802.3ad", "IEEE 802.3ad Dynamic link aggregation"},
    {BOND_MODE_BALANCE_TLB, "balance-tlb", "transmit load balancing"},
    {BOND_MODE_BALANCE_ALB, "balance-alb", "adaptive load balancing"},
};

static const char *const mode_names[] = {"balance-rr", "active-backup", "balance-xor", "broadcast",
                                         "802.3ad",    "balance-tlb",   "balance-alb", NULL};

const BondModeInfo *
bond_mode_info(BondMode mode)
{
    if ((guint)mode >= BOND_MODE_COUNT)
        return NULL;
    return &mode_table[mode];
}

static gboolean
parse_uint(const char *text, guint64 max, guint64 *out)
{
    guint64 v;

    if (!text || !g_ascii_isdigit(text[0]))
        return FALSE;
    if (!g_ascii_string_to_unsigned(text, 10, 0, max, &v, NULL))
        return FALSE;
    *out = v;
    return TRUE;
}

int
bond_mode_from_string(const char *str)
{
    guint64 n;

    if (!str)
        return -1;
    for (guint i = 0; i < BOND_MODE_COUNT; i++) {
        if (g_str_equal(str, mode_table[i].name))
            return (int)i;
    }
    if (parse_uint(str, BOND_MODE_COUNT - 1, &n))
        return (int)n;
    return -1;
}

/* ---------------------------------------------------------------- options */

static const char *const no_yes[] = {"0", "1", NULL};
static const char *const off_on[] = {"off", "on", NULL};
static const char *const arp_validate_names[] = {"none",   "active",        "backup",        "all",
                                                 "filter", "filter_active", "filter_backup", NULL};
static const char *const arp_all_targets_names[] = {"any", "all", NULL};
static const char *const primary_reselect_names[] = {"always", "better", "failure", NULL};
static const char *const fail_over_mac_names[] = {"none", "active", "follow", NULL};
static const char *const xmit_hash_names[] = {"layer2",   "layer3+4",    "layer2+3", "encap2+3",
                                              "encap3+4", "vlan+srcmac", NULL};
static const char *const lacp_rate_names[] = {"slow", "fast", NULL};
static const char *const ad_select_names[] = {"stable", "bandwidth", "count", "actor_port_prio",
                                              NULL};

#define M(x) BOND_MODE_BIT(BOND_MODE_##x)
#define F(x) BOND_OPT_FLAG_##x

/* Ordered by kernel attribute number, so that dumps and exports come out in
 * the kernel's own order.  Defaults are the kernel's for a bond created over
 * netlink (libnm's defaults differ for miimon: those stay in libnm). */
static const BondOptionInfo option_table[] = {
    {"mode", IFLA_BOND_MODE, 0, BOND_OPT_TYPE_ENUM, BOND_NL_U8, mode_names, 0, 0, "balance-rr",
     BOND_MODES_ALL, F(NEEDS_DOWN) | F(NEEDS_NO_PORTS), NULL, "3.13"},
    {"active_slave", IFLA_BOND_ACTIVE_SLAVE, 0, BOND_OPT_TYPE_IFNAME, BOND_NL_U32, NULL, 0, 0, "",
     BOND_MODES_ACTIVE_PORT, F(RUNTIME), NULL, "3.13"},
    {"miimon", IFLA_BOND_MIIMON, 0, BOND_OPT_TYPE_INT, BOND_NL_U32, NULL, 0, G_MAXINT, "0",
     BOND_MODES_ALL, 0, NULL, "3.14"},
    {"updelay", IFLA_BOND_UPDELAY, 0, BOND_OPT_TYPE_INT, BOND_NL_U32, NULL, 0, G_MAXINT, "0",
     BOND_MODES_ALL, F(NEEDS_MIIMON), NULL, "3.14"},
    {"downdelay", IFLA_BOND_DOWNDELAY, 0, BOND_OPT_TYPE_INT, BOND_NL_U32, NULL, 0, G_MAXINT, "0",
     BOND_MODES_ALL, F(NEEDS_MIIMON), NULL, "3.14"},
    {"use_carrier", IFLA_BOND_USE_CARRIER, 0, BOND_OPT_TYPE_BOOL, BOND_NL_U8, no_yes, 0, 1, "1",
     BOND_MODES_ALL, 0, NULL, "3.14"},
    {"arp_interval", IFLA_BOND_ARP_INTERVAL, 0, BOND_OPT_TYPE_INT, BOND_NL_U32, NULL, 0, G_MAXINT,
     "0", BOND_MODES_NO_ARP, F(ARP_MONITOR), NULL, "3.14"},
    {"arp_ip_target", IFLA_BOND_ARP_IP_TARGET, 0, BOND_OPT_TYPE_IP4LIST, BOND_NL_NEST, NULL, 0, 16,
     "", BOND_MODES_NO_ARP, F(ARP_MONITOR), NULL, "3.14"},
    {"arp_validate", IFLA_BOND_ARP_VALIDATE, 0, BOND_OPT_TYPE_ENUM, BOND_NL_U32, arp_validate_names,
     0, 0, "none", BOND_MODES_NO_ARP, F(ARP_MONITOR), NULL, "3.14"},
    {"arp_all_targets", IFLA_BOND_ARP_ALL_TARGETS, 0, BOND_OPT_TYPE_ENUM, BOND_NL_U32,
     arp_all_targets_names, 0, 0, "any", BOND_MODES_ALL, F(ARP_MONITOR), NULL, "3.14"},
    {"primary", IFLA_BOND_PRIMARY, 0, BOND_OPT_TYPE_IFNAME, BOND_NL_U32, NULL, 0, 0, "",
     BOND_MODES_ACTIVE_PORT, 0, NULL, "3.14"},
    {"primary_reselect", IFLA_BOND_PRIMARY_RESELECT, 0, BOND_OPT_TYPE_ENUM, BOND_NL_U8,
     primary_reselect_names, 0, 0, "always", BOND_MODES_ALL, 0, NULL, "3.14"},
    {"fail_over_mac", IFLA_BOND_FAIL_OVER_MAC, 0, BOND_OPT_TYPE_ENUM, BOND_NL_U8,
     fail_over_mac_names, 0, 0, "none", BOND_MODES_ALL, F(NEEDS_NO_PORTS), NULL, "3.14"},
    {"xmit_hash_policy", IFLA_BOND_XMIT_HASH_POLICY, 0, BOND_OPT_TYPE_ENUM, BOND_NL_U8,
     xmit_hash_names, 0, 0, "layer2", BOND_MODES_ALL, 0, NULL, "3.14"},
    {"resend_igmp", IFLA_BOND_RESEND_IGMP, 0, BOND_OPT_TYPE_INT, BOND_NL_U32, NULL, 0, 255, "1",
     BOND_MODES_ALL, 0, NULL, "3.14"},
    {"num_grat_arp", IFLA_BOND_NUM_PEER_NOTIF, 0, BOND_OPT_TYPE_INT, BOND_NL_U8, NULL, 0, 255, "1",
     BOND_MODES_ALL, 0, NULL, "3.14"},
    {"num_unsol_na", IFLA_BOND_NUM_PEER_NOTIF, 0, BOND_OPT_TYPE_INT, BOND_NL_U8, NULL, 0, 255, "1",
     BOND_MODES_ALL, F(ALIAS), "num_grat_arp", "3.14"},
    {"all_slaves_active", IFLA_BOND_ALL_SLAVES_ACTIVE, 0, BOND_OPT_TYPE_BOOL, BOND_NL_U8, no_yes, 0,
     1, "0", BOND_MODES_ALL, 0, NULL, "3.14"},
    {"min_links", IFLA_BOND_MIN_LINKS, 0, BOND_OPT_TYPE_INT, BOND_NL_U32, NULL, 0, G_MAXINT, "0",
     BOND_MODES_ALL, 0, NULL, "3.14"},
    {"lp_interval", IFLA_BOND_LP_INTERVAL, 0, BOND_OPT_TYPE_INT, BOND_NL_U32, NULL, 1, G_MAXINT,
     "1", BOND_MODES_ALL, 0, NULL, "3.14"},
    {"packets_per_slave", IFLA_BOND_PACKETS_PER_SLAVE, 0, BOND_OPT_TYPE_INT, BOND_NL_U32, NULL, 0,
     65535, "1", M(BALANCE_RR), 0, NULL, "3.14"},
    {"lacp_rate", IFLA_BOND_AD_LACP_RATE, 0, BOND_OPT_TYPE_ENUM, BOND_NL_U8, lacp_rate_names, 0, 0,
     "slow", M(8023AD), F(NEEDS_DOWN), NULL, "3.14"},
    {"ad_select", IFLA_BOND_AD_SELECT, 0, BOND_OPT_TYPE_ENUM, BOND_NL_U8, ad_select_names, 0, 0,
     "stable", BOND_MODES_ALL, F(NEEDS_DOWN), NULL, "3.14"},
    /* The read-only AD_INFO nest, under the sysfs names of its fields. */
    {"ad_aggregator", IFLA_BOND_AD_INFO, IFLA_BOND_AD_INFO_AGGREGATOR, BOND_OPT_TYPE_INT,
     BOND_NL_U16, NULL, 0, G_MAXUINT16, NULL, M(8023AD), F(READ_ONLY), NULL, "3.14"},
    {"ad_num_ports", IFLA_BOND_AD_INFO, IFLA_BOND_AD_INFO_NUM_PORTS, BOND_OPT_TYPE_INT, BOND_NL_U16,
     NULL, 0, G_MAXUINT16, NULL, M(8023AD), F(READ_ONLY), NULL, "3.14"},
    {"ad_actor_key", IFLA_BOND_AD_INFO, IFLA_BOND_AD_INFO_ACTOR_KEY, BOND_OPT_TYPE_INT, BOND_NL_U16,
     NULL, 0, G_MAXUINT16, NULL, M(8023AD), F(READ_ONLY), NULL, "3.14"},
    {"ad_partner_key", IFLA_BOND_AD_INFO, IFLA_BOND_AD_INFO_PARTNER_KEY, BOND_OPT_TYPE_INT,
     BOND_NL_U16, NULL, 0, G_MAXUINT16, NULL, M(8023AD), F(READ_ONLY), NULL, "3.14"},
    {"ad_partner_mac", IFLA_BOND_AD_INFO, IFLA_BOND_AD_INFO_PARTNER_MAC, BOND_OPT_TYPE_MAC,
     BOND_NL_BINARY, NULL, 0, 0, NULL, M(8023AD), F(READ_ONLY), NULL, "3.14"},
    {"ad_actor_sys_prio", IFLA_BOND_AD_ACTOR_SYS_PRIO, 0, BOND_OPT_TYPE_INT, BOND_NL_U16, NULL, 1,
     65535, "65535", M(8023AD), 0, NULL, "4.2"},
    {"ad_user_port_key", IFLA_BOND_AD_USER_PORT_KEY, 0, BOND_OPT_TYPE_INT, BOND_NL_U16, NULL, 0,
     1023, "0", M(8023AD), F(NEEDS_DOWN), NULL, "4.2"},
    {"ad_actor_system", IFLA_BOND_AD_ACTOR_SYSTEM, 0, BOND_OPT_TYPE_MAC, BOND_NL_BINARY, NULL, 0, 0,
     "00:00:00:00:00:00", M(8023AD), 0, NULL, "4.2"},
    {"tlb_dynamic_lb", IFLA_BOND_TLB_DYNAMIC_LB, 0, BOND_OPT_TYPE_BOOL, BOND_NL_U8, no_yes, 0, 1,
     "1", M(BALANCE_TLB) | M(BALANCE_ALB), F(NEEDS_DOWN), NULL, "4.3"},
    {"peer_notif_delay", IFLA_BOND_PEER_NOTIF_DELAY, 0, BOND_OPT_TYPE_INT, BOND_NL_U32, NULL, 0,
     300000, "0", BOND_MODES_ALL, F(NEEDS_MIIMON), NULL, "5.3"},
    {"lacp_active", IFLA_BOND_AD_LACP_ACTIVE, 0, BOND_OPT_TYPE_ENUM, BOND_NL_U8, off_on, 0, 0, "on",
     M(8023AD), F(NEEDS_DOWN), NULL, "5.15"},
    {"arp_missed_max", IFLA_BOND_MISSED_MAX, 0, BOND_OPT_TYPE_INT, BOND_NL_U8, NULL, 1, 255, "2",
     BOND_MODES_NO_ARP, F(ARP_MONITOR), NULL, "5.18"},
    {"ns_ip6_target", IFLA_BOND_NS_IP6_TARGET, 0, BOND_OPT_TYPE_IP6LIST, BOND_NL_NEST, NULL, 0, 16,
     "", BOND_MODES_NO_ARP, F(ARP_MONITOR), NULL, "5.18"},
    {"coupled_control", BONDD_IFLA_BOND_COUPLED_CONTROL, 0, BOND_OPT_TYPE_BOOL, BOND_NL_U8, no_yes,
     0, 1, "1", M(8023AD), F(NEEDS_DOWN), NULL, "6.9"},
    {"broadcast_neighbor", BONDD_IFLA_BOND_BROADCAST_NEIGH, 0, BOND_OPT_TYPE_BOOL, BOND_NL_U8,
     no_yes, 0, 1, "0", M(8023AD), 0, NULL, "6.17"},
    {"lacp_strict", BONDD_IFLA_BOND_LACP_STRICT, 0, BOND_OPT_TYPE_BOOL, BOND_NL_U8, no_yes, 0, 1,
     "0", M(8023AD), 0, NULL, "7.2"},
    /* libnm policy: xmit_hash_policy vlan+srcmac plus source-MAC filtering
     * done by NetworkManager itself (no kernel attribute). */
    {"balance-slb", 0, 0, BOND_OPT_TYPE_BOOL, BOND_NL_NONE, no_yes, 0, 1, "0", M(BALANCE_XOR),
     F(NM_ONLY), NULL, NULL},
};

G_STATIC_ASSERT(G_N_ELEMENTS(option_table) <= BOND_OPTIONS_MAX);

#undef M
#undef F

guint
bond_options_count(void)
{
    return G_N_ELEMENTS(option_table);
}

const BondOptionInfo *
bond_option_by_index(guint idx)
{
    if (idx >= G_N_ELEMENTS(option_table))
        return NULL;
    return &option_table[idx];
}

guint
bond_option_index(const BondOptionInfo *opt)
{
    g_return_val_if_fail(opt >= option_table && opt < option_table + G_N_ELEMENTS(option_table), 0);
    return (guint)(opt - option_table);
}

const BondOptionInfo *
bond_option_by_name(const char *name)
{
    if (!name)
        return NULL;
    for (guint i = 0; i < G_N_ELEMENTS(option_table); i++) {
        if (g_str_equal(option_table[i].name, name))
            return &option_table[i];
    }
    return NULL;
}

const BondOptionInfo *
bond_option_by_attr(guint16 attr, guint16 sub_attr)
{
    if (attr == 0)
        return NULL;
    for (guint i = 0; i < G_N_ELEMENTS(option_table); i++) {
        const BondOptionInfo *o = &option_table[i];

        if (o->attr != attr || (o->flags & BOND_OPT_FLAG_ALIAS))
            continue;
        if (attr == IFLA_BOND_AD_INFO && o->sub_attr != sub_attr)
            continue;
        return o;
    }
    return NULL;
}

gboolean
bond_option_valid_in_mode(const BondOptionInfo *opt, BondMode mode)
{
    return (guint)mode < BOND_MODE_COUNT && (opt->modes & BOND_MODE_BIT(mode)) != 0;
}

gboolean
bond_option_changeable_while_up(const BondOptionInfo *opt)
{
    return bond_option_is_settable(opt) && !(opt->flags & BOND_OPT_FLAG_NEEDS_DOWN);
}

gboolean
bond_option_changeable_with_ports(const BondOptionInfo *opt)
{
    return bond_option_is_settable(opt) && !(opt->flags & BOND_OPT_FLAG_NEEDS_NO_PORTS);
}

gboolean
bond_option_is_settable(const BondOptionInfo *opt)
{
    return opt->attr != 0 && !(opt->flags & (BOND_OPT_FLAG_READ_ONLY | BOND_OPT_FLAG_NM_ONLY));
}

/* ------------------------------------------------------------ conversions */

void
bond_opt_value_clear(BondOptValue *value)
{
    g_clear_pointer(&value->addrs, g_array_unref);
    g_clear_pointer(&value->str, g_free);
    value->num = 0;
    memset(value->mac, 0, sizeof value->mac);
}

int
bond_option_enum_value(const BondOptionInfo *opt, const char *text)
{
    guint n = 0;
    guint64 v;

    if (!opt->enum_names || !text)
        return -1;
    for (; opt->enum_names[n]; n++) {
        if (g_str_equal(opt->enum_names[n], text))
            return (int)n;
    }
    if (parse_uint(text, n - 1, &v))
        return (int)v;
    return -1;
}

const char *
bond_option_enum_name(const BondOptionInfo *opt, guint value)
{
    if (!opt->enum_names)
        return NULL;
    for (guint i = 0; opt->enum_names[i]; i++) {
        if (i == value)
            return opt->enum_names[i];
    }
    return NULL;
}

static gboolean
parse_addr_list(const BondOptionInfo *opt, const char *text, GArray **out, GError **error)
{
    int family = opt->type == BOND_OPT_TYPE_IP4LIST ? AF_INET : AF_INET6;
    gsize size = family == AF_INET ? sizeof(struct in_addr) : sizeof(struct in6_addr);
    g_autoptr(GArray) arr = g_array_new(FALSE, TRUE, size);
    g_auto(GStrv) tokens = g_strsplit_set(text, ", \t", -1);
    guint n = 0;

    /* Counted first: the duplicate check below is quadratic. */
    for (guint i = 0; tokens[i]; i++)
        n += tokens[i][0] != '\0';
    if (n > opt->max) {
        g_set_error(error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                    "option %s: %u addresses given, the kernel takes at most %u", opt->name, n,
                    (guint)opt->max);
        return FALSE;
    }
    for (guint i = 0; tokens[i]; i++) {
        guint8 buf[sizeof(struct in6_addr)];

        if (tokens[i][0] == '\0')
            continue;
        if (inet_pton(family, tokens[i], buf) != 1) {
            g_set_error(error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                        "option %s: '%s' is not an %s address", opt->name, tokens[i],
                        family == AF_INET ? "IPv4" : "IPv6");
            return FALSE;
        }
        for (guint j = 0; j < arr->len; j++) {
            if (memcmp(arr->data + j * size, buf, size) == 0) {
                g_set_error(error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                            "option %s: address %s is listed twice", opt->name, tokens[i]);
                return FALSE;
            }
        }
        g_array_append_vals(arr, buf, 1);
    }
    *out = g_steal_pointer(&arr);
    return TRUE;
}

gboolean
bond_option_parse(const BondOptionInfo *opt, const char *text, BondOptValue *out, GError **error)
{
    guint64 v;
    int e;

    memset(out, 0, sizeof *out);
    if (!text)
        text = "";

    switch (opt->type) {
        case BOND_OPT_TYPE_INT:
        case BOND_OPT_TYPE_BOOL:
            if (!parse_uint(text, G_MAXUINT32, &v) || v < opt->min || v > opt->max) {
                g_set_error(error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                            "option %s: '%s' is not a number in %" G_GUINT64_FORMAT
                            "..%" G_GUINT64_FORMAT,
                            opt->name, text, opt->min, opt->max);
                return FALSE;
            }
            out->num = (guint32)v;
            return TRUE;
        case BOND_OPT_TYPE_ENUM:
            e = bond_option_enum_value(opt, text);
            if (e < 0) {
                g_autofree char *names = g_strjoinv(", ", (char **)opt->enum_names);

                g_set_error(error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                            "option %s: '%s' is not one of %s", opt->name, text, names);
                return FALSE;
            }
            out->num = (guint32)e;
            return TRUE;
        case BOND_OPT_TYPE_IP4LIST:
        case BOND_OPT_TYPE_IP6LIST:
            return parse_addr_list(opt, text, &out->addrs, error);
        case BOND_OPT_TYPE_IFNAME:
            if (strlen(text) >= 16 || strchr(text, '/') || strchr(text, ' ')) {
                g_set_error(error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                            "option %s: '%s' is not an interface name", opt->name, text);
                return FALSE;
            }
            out->str = g_strdup(text);
            return TRUE;
        case BOND_OPT_TYPE_MAC: {
            unsigned int b[6];
            char tail;

            if (sscanf(text, "%2x:%2x:%2x:%2x:%2x:%2x%c", &b[0], &b[1], &b[2], &b[3], &b[4], &b[5],
                       &tail) != 6 ||
                strlen(text) != 17) {
                g_set_error(error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                            "option %s: '%s' is not a MAC address (xx:xx:xx:xx:xx:xx)", opt->name,
                            text);
                return FALSE;
            }
            for (int i = 0; i < 6; i++)
                out->mac[i] = (guint8)b[i];
            return TRUE;
        }
    }
    g_return_val_if_reached(FALSE);
}

char *
bond_option_format(const BondOptionInfo *opt, const BondOptValue *value)
{
    switch (opt->type) {
        case BOND_OPT_TYPE_INT:
        case BOND_OPT_TYPE_BOOL:
            return g_strdup_printf("%u", value->num);
        case BOND_OPT_TYPE_ENUM: {
            const char *name = bond_option_enum_name(opt, value->num);

            /* A value newer than this table: keep the number rather than lie. */
            return name ? g_strdup(name) : g_strdup_printf("%u", value->num);
        }
        case BOND_OPT_TYPE_IP4LIST:
        case BOND_OPT_TYPE_IP6LIST: {
            int family = opt->type == BOND_OPT_TYPE_IP4LIST ? AF_INET : AF_INET6;
            GString *s = g_string_new(NULL);

            for (guint i = 0; value->addrs && i < value->addrs->len; i++) {
                char buf[INET6_ADDRSTRLEN];
                gsize size = g_array_get_element_size(value->addrs);

                inet_ntop(family, value->addrs->data + i * size, buf, sizeof buf);
                if (s->len)
                    g_string_append_c(s, ',');
                g_string_append(s, buf);
            }
            return g_string_free(s, FALSE);
        }
        case BOND_OPT_TYPE_IFNAME:
            return g_strdup(value->str ? value->str : "");
        case BOND_OPT_TYPE_MAC:
            return g_strdup_printf("%02x:%02x:%02x:%02x:%02x:%02x", value->mac[0], value->mac[1],
                                   value->mac[2], value->mac[3], value->mac[4], value->mac[5]);
    }
    g_return_val_if_reached(NULL);
}

char *
bond_option_canonicalize(const BondOptionInfo *opt, const char *text, GError **error)
{
    BondOptValue v;
    char *s;

    if (!bond_option_parse(opt, text, &v, error))
        return NULL;
    s = bond_option_format(opt, &v);
    bond_opt_value_clear(&v);
    return s;
}

/* -------------------------------------------------------------- port attrs */

static const char *const port_state_names[] = {"active", "backup", NULL};
/* The /proc/net/bonding spelling of BOND_LINK_UP/FAIL/DOWN/BACK. */
static const char *const port_mii_names[] = {"up", "going down", "down", "going back", NULL};

static const BondPortAttrInfo port_table[] = {
    {"state", IFLA_BOND_SLAVE_STATE, BOND_OPT_TYPE_ENUM, BOND_NL_U8, port_state_names, FALSE,
     BOND_MODES_ALL, FALSE, "3.14"},
    {"mii_status", IFLA_BOND_SLAVE_MII_STATUS, BOND_OPT_TYPE_ENUM, BOND_NL_U8, port_mii_names,
     FALSE, BOND_MODES_ALL, FALSE, "3.14"},
    {"link_failure_count", IFLA_BOND_SLAVE_LINK_FAILURE_COUNT, BOND_OPT_TYPE_INT, BOND_NL_U32, NULL,
     FALSE, BOND_MODES_ALL, FALSE, "3.14"},
    {"perm_hwaddr", IFLA_BOND_SLAVE_PERM_HWADDR, BOND_OPT_TYPE_MAC, BOND_NL_BINARY, NULL, FALSE,
     BOND_MODES_ALL, FALSE, "3.14"},
    {"queue_id", IFLA_BOND_SLAVE_QUEUE_ID, BOND_OPT_TYPE_INT, BOND_NL_U16, NULL, FALSE,
     BOND_MODES_ALL, TRUE, "3.14"},
    {"ad_aggregator_id", IFLA_BOND_SLAVE_AD_AGGREGATOR_ID, BOND_OPT_TYPE_INT, BOND_NL_U16, NULL,
     FALSE, BOND_MODE_BIT(BOND_MODE_8023AD), FALSE, "3.14"},
    {"ad_actor_oper_port_state", IFLA_BOND_SLAVE_AD_ACTOR_OPER_PORT_STATE, BOND_OPT_TYPE_INT,
     BOND_NL_U8, NULL, FALSE, BOND_MODE_BIT(BOND_MODE_8023AD), FALSE, "4.0"},
    /* u16 although the actor's is u8: the kernel's asymmetry, kept. */
    {"ad_partner_oper_port_state", IFLA_BOND_SLAVE_AD_PARTNER_OPER_PORT_STATE, BOND_OPT_TYPE_INT,
     BOND_NL_U16, NULL, FALSE, BOND_MODE_BIT(BOND_MODE_8023AD), FALSE, "4.0"},
    {"prio", BONDD_IFLA_BOND_SLAVE_PRIO, BOND_OPT_TYPE_INT, BOND_NL_S32, NULL, TRUE,
     BOND_MODES_ACTIVE_PORT, TRUE, "6.0"},
    {"actor_port_prio", BONDD_IFLA_BOND_SLAVE_ACTOR_PORT_PRIO, BOND_OPT_TYPE_INT, BOND_NL_U16, NULL,
     FALSE, BOND_MODE_BIT(BOND_MODE_8023AD), TRUE, "6.18"},
    {"ad_churn_actor_state", BONDD_IFLA_BOND_SLAVE_AD_CHURN_ACTOR_STATE, BOND_OPT_TYPE_INT,
     BOND_NL_U8, NULL, FALSE, BOND_MODE_BIT(BOND_MODE_8023AD), FALSE, "7.1"},
    {"ad_churn_partner_state", BONDD_IFLA_BOND_SLAVE_AD_CHURN_PARTNER_STATE, BOND_OPT_TYPE_INT,
     BOND_NL_U8, NULL, FALSE, BOND_MODE_BIT(BOND_MODE_8023AD), FALSE, "7.1"},
};

guint
bond_port_attrs_count(void)
{
    return G_N_ELEMENTS(port_table);
}

const BondPortAttrInfo *
bond_port_attr_by_index(guint idx)
{
    return idx < G_N_ELEMENTS(port_table) ? &port_table[idx] : NULL;
}

const BondPortAttrInfo *
bond_port_attr_by_attr(guint16 attr)
{
    for (guint i = 0; i < G_N_ELEMENTS(port_table); i++) {
        if (port_table[i].attr == attr)
            return &port_table[i];
    }
    return NULL;
}

const BondPortAttrInfo *
bond_port_attr_by_name(const char *name)
{
    for (guint i = 0; name && i < G_N_ELEMENTS(port_table); i++) {
        if (g_str_equal(port_table[i].name, name))
            return &port_table[i];
    }
    return NULL;
}

const char *
bond_churn_state_name(guint state)
{
    /* The /proc/net/bonding spelling of AD_CHURN_MONITOR/CHURN/NO_CHURN. */
    static const char *const names[] = {"monitoring", "churned", "none"};

    return state < G_N_ELEMENTS(names) ? names[state] : "unknown";
}
