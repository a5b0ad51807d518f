/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Fuzz target: a BONDING_OPTS value.  What the ifcfg parser accepts must
 * write back to a value that parses to the same options and is written
 * the same again; every option's canonical form must parse to itself; and a
 * bond built from the options must go through the netlink encoder and
 * decoder unchanged (what the kernel would be told is what it would
 * report).
 */
#include "config.h"

#include <linux/rtnetlink.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bond-netlink.h"
#include "bond-options.h"
#include "connection-normalize.h"
#include "fuzz-common.h"
#include "ifcfg-bonding-opts.h"

static void G_GNUC_PRINTF(1, 2) G_GNUC_NORETURN fail(const char *fmt, ...)
{
    va_list ap;

    va_start(ap, fmt);
    vfprintf(stderr, fmt, ap);
    va_end(ap);
    fputc('\n', stderr);
    abort();
}

/* Interfaces "ethN" exist with ifindex N + 1 (N < 100); nothing else does. */
static int
fake_index(const char *name, gpointer user_data)
{
    g_autofree char *again = NULL;
    guint64 n;

    if (!g_str_has_prefix(name, "eth") ||
        !g_ascii_string_to_unsigned(name + 3, 10, 0, 99, &n, NULL))
        return 0;
    again = g_strdup_printf("eth%u", (guint)n);
    return g_str_equal(again, name) ? (int)n + 1 : 0;
}

static const char *
fake_name(int ifindex, gpointer user_data)
{
    static char names[101][8];

    if (ifindex < 1 || ifindex > 100)
        return NULL;
    g_snprintf(names[ifindex], sizeof names[ifindex], "eth%d", ifindex - 1);
    return names[ifindex];
}

static NMSettingBond *
read_opts(const char *value)
{
    g_autoptr(ShvarFile) s = sv_file_new("/nonexistent/ifcfg-fuzz");
    NMSettingBond *s_bond = NM_SETTING_BOND(nm_setting_bond_new());

    ifcfg_bonding_opts_read(s, s_bond, value);
    return s_bond;
}

/* Every option's canonical form is a fixed point. */
static void
check_canonical(NMSettingBond *s_bond)
{
    for (guint i = 0; i < nm_setting_bond_get_num_options(s_bond); i++) {
        const char *name = NULL;
        const char *value = NULL;
        const BondOptionInfo *opt;
        g_autofree char *canon = NULL;
        g_autofree char *again = NULL;

        nm_setting_bond_get_option(s_bond, i, &name, &value);
        opt = bond_option_by_name(name);
        if (!opt)
            fail("option %s accepted but not in the table", name);
        canon = bond_option_canonicalize(opt, value, NULL);
        if (!canon)
            continue;
        again = bond_option_canonicalize(opt, canon, NULL);
        if (g_strcmp0(canon, again) != 0)
            fail("%s: '%s' -> '%s' -> '%s'", name, value, canon, again ? again : "(error)");
    }
}

/* What the encoder puts, the decoder gives back. */
static void
check_netlink(NMSettingBond *s_bond)
{
    g_autoptr(NMConnection) c = nm_simple_connection_new();
    NMSetting *s_con = nm_setting_connection_new();
    g_autoptr(GPtrArray) unresolved = g_ptr_array_new();
    g_autoptr(GPtrArray) diff = NULL;
    g_autoptr(GError) error = NULL;
    char buf[MNL_SOCKET_BUFFER_SIZE];
    BondLinkRequest req = {.ifname = "bond0", .master = -1, .up = -1};
    BondConfig cfg, back;
    BondLinkAttrs attrs;
    struct nlmsghdr *nlh;

    g_object_set(s_con, NM_SETTING_CONNECTION_ID, "fuzz", NM_SETTING_CONNECTION_UUID,
                 "4d5d3e3c-7a3b-4b5e-9d55-1f2a6c2b7e01", NM_SETTING_CONNECTION_TYPE, "bond",
                 NM_SETTING_CONNECTION_INTERFACE_NAME, "bond0", NULL);
    nm_connection_add_setting(c, s_con);
    nm_connection_add_setting(c, nm_setting_duplicate(NM_SETTING(s_bond)));
    /* As the daemon takes a profile (libnm's normalization alone ends in a
     * critical for some option sets). */
    if (!bondd_connection_normalize(c, NULL))
        return;
    if (!bond_config_from_setting(nm_connection_get_setting_bond(c), &cfg, NULL))
        return;
    req.cfg = &cfg;
    nlh = bond_netlink_build_newlink(buf, &req, fake_index, NULL, unresolved, &error);
    if (!nlh)
        fail("options canonicalized but not encoded: %s", error->message);
    if (nlh->nlmsg_len > sizeof buf)
        fail("message of %u bytes in a %zu-byte buffer", nlh->nlmsg_len, sizeof buf);
    if (!bond_netlink_parse_link(nlh, &attrs) || g_strcmp0(attrs.kind, "bond") != 0 ||
        !attrs.info_data)
        fail("built message does not parse");
    bond_netlink_parse_info_data(attrs.info_data, fake_name, NULL, &back, NULL);
    for (guint i = 0; i < unresolved->len; i++)
        bond_config_set(&cfg, unresolved->pdata[i], NULL);
    diff = bond_config_diff(&cfg, &back);
    for (guint i = 0; i < diff->len; i++) {
        const BondOptionInfo *opt = diff->pdata[i];

        if (!bond_option_is_settable(opt) || (opt->flags & BOND_OPT_FLAG_ALIAS))
            continue;
        fail("%s: sent '%s', decoded '%s'", opt->name, bond_config_get(&cfg, opt->name),
             bond_config_get(&back, opt->name));
    }
    bond_config_clear(&cfg);
    bond_config_clear(&back);
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
    g_autofree char *raw = NULL;
    g_autofree char *value = NULL;
    g_autofree char *text = NULL;
    g_autofree char *text2 = NULL;
    g_autoptr(NMSettingBond) s_bond = NULL;
    g_autoptr(NMSettingBond) s_bond2 = NULL;

    if (size > 16 * 1024)
        return 0;
    /* A value read from a file is UTF-8 (shvar refuses anything else). */
    raw = fuzz_strndup(data, size);
    value = g_utf8_make_valid(raw, -1);

    s_bond = read_opts(value);
    text = ifcfg_bonding_opts_write(s_bond);
    s_bond2 = read_opts(text);
    if (!nm_setting_compare(NM_SETTING(s_bond), NM_SETTING(s_bond2), NM_SETTING_COMPARE_FLAG_EXACT))
        fail("BONDING_OPTS \"%s\" read back from \"%s\" differs", value, text);
    text2 = ifcfg_bonding_opts_write(s_bond2);
    if (strcmp(text, text2) != 0)
        fail("BONDING_OPTS written \"%s\", then \"%s\"", text, text2);
    check_canonical(s_bond);
    check_netlink(s_bond);
    return 0;
}
