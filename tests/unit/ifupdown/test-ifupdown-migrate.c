/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * bondd --migrate-ifupdown, in-process: the core's migration with the
 * ifupdown plugin reading and the ifcfg plugin writing.  The ifcfg files it
 * writes are compared byte for byte with expected/NAME/ (where "@UUID:X@"
 * stands for the UUID of interface X of the file read, which depends on its
 * temporary path); the report, a dry run, a second run, what cannot be
 * carried or written, and the command-line options.
 */
#include "config.h"

#include <stdio.h>

#include "bondd-config.h"
#include "ifcfg-plugin.h"
#include "ifupdown-plugin.h"
#include "migrate.h"
#include "plugins.h"
#include "test-common.h"

typedef struct {
    char *dir;
    char *interfaces;
    char *ifcfg;
    BonddPlugins *plugins;
    BonddConfig *config;
    char *report;
} Fixture;

static void
fixture_setup(Fixture *f, gconstpointer data)
{
    g_autoptr(GError) error = NULL;

    f->dir = test_tmpdir_new();
    f->interfaces = g_build_filename(f->dir, "interfaces", NULL);
    f->ifcfg = g_build_filename(f->dir, "ifcfg", NULL);
    g_assert_cmpint(g_mkdir(f->ifcfg, 0755), ==, 0);
    f->plugins = bondd_plugins_new();
    bondd_plugins_add_settings_factory(f->plugins, "ifcfg", ifcfg_plugin_new);
    bondd_plugins_add_settings_factory(f->plugins, "ifupdown", ifupdown_plugin_new);
    f->config = bondd_config_new_from_file(NULL, FALSE, &error);
    g_assert_no_error(error);
    f->config->migrate = TRUE;
    f->config->migrate_to = g_strdup("ifcfg");
    g_key_file_set_string(f->config->keyfile, "ifcfg", "path", f->ifcfg);
    g_key_file_set_string(f->config->keyfile, "ifupdown", "path", f->interfaces);
}

static void
fixture_teardown(Fixture *f, gconstpointer data)
{
    bondd_config_free(f->config);
    bondd_plugins_free(f->plugins);
    test_tmpdir_free(f->dir);
    g_free(f->interfaces);
    g_free(f->ifcfg);
    g_free(f->report);
}

/* Run the migration; the report lands in f->report. */
static gboolean
migrate(Fixture *f, GError **error)
{
    size_t len = 0;
    FILE *out;
    gboolean ok;

    g_clear_pointer(&f->report, g_free);
    out = open_memstream(&f->report, &len);
    g_assert_nonnull(out);
    ok = bondd_migrate(f->config, f->plugins, out, error);
    fclose(out);
    if (g_test_verbose())
        g_test_message("report:\n%s", f->report);
    return ok;
}

static void
assert_report_has(Fixture *f, const char *needle)
{
    if (!strstr(f->report, needle))
        g_error("report lacks '%s':\n%s", needle, f->report);
}

/* "@UUID:ha@" -> the UUID of ha in the file read. */
static char *
expand_uuids(Fixture *f, const char *text)
{
    g_autoptr(GString) s = g_string_new(NULL);
    const char *p = text;
    const char *at;

    while ((at = strstr(p, "@UUID:"))) {
        const char *end = strchr(at + 6, '@');
        g_autofree char *name = g_strndup(at + 6, end - at - 6);
        g_autofree char *uuid = ifupdown_reader_uuid(f->interfaces, name);

        g_string_append_len(s, p, at - p);
        g_string_append(s, uuid);
        p = end + 1;
    }
    g_string_append(s, p);
    return g_string_free(g_steal_pointer(&s), FALSE);
}

/* The ifcfg directory holds exactly expected/@name/'s files, byte for
 * byte. */
static void
assert_expected(Fixture *f, const char *name)
{
    g_autofree char *edir = g_build_filename(EXPECTED_DIR, name, NULL);
    g_autoptr(GDir) d = g_dir_open(edir, 0, NULL);
    g_autoptr(GDir) got = g_dir_open(f->ifcfg, 0, NULL);
    const char *file;
    guint n = 0;

    g_assert_nonnull(d);
    while ((file = g_dir_read_name(d))) {
        g_autofree char *epath = g_build_filename(edir, file, NULL);
        g_autofree char *gpath = g_build_filename(f->ifcfg, file, NULL);
        g_autofree char *raw = test_read_file(epath);
        g_autofree char *want = expand_uuids(f, raw);
        g_autofree char *have = NULL;

        g_assert_true(g_file_test(gpath, G_FILE_TEST_EXISTS));
        have = test_read_file(gpath);
        if (strcmp(want, have) != 0)
            g_error("%s differs from %s:\n--- expected\n%s--- written\n%s", gpath, epath, want,
                    have);
        n++;
    }
    while (got && g_dir_read_name(got))
        n--;
    g_assert_cmpuint(n, ==, 0);
}

static void
test_canonical(Fixture *f, gconstpointer data)
{
    g_autoptr(GError) error = NULL;
    g_autofree char *before = NULL;
    g_autofree char *after = NULL;
    g_autofree char *line = NULL;

    g_free(test_write_file(f->dir, "interfaces", CANONICAL_INTERFACES));
    before = test_read_file(f->interfaces);
    g_assert_true(migrate(f, &error));
    g_assert_no_error(error);
    assert_expected(f, "canonical");
    line = g_strdup_printf("ha (bond): written to %s/ifcfg-ha", f->ifcfg);
    assert_report_has(f, line);
    assert_report_has(f, "eth1 (ethernet, port of ha): written to");
    assert_report_has(f, "/interfaces:4: ha: bond-primary has no effect");
    assert_report_has(f, "3 profiles written, 0 there already, 0 not written; 0 lines not carried");
    /* Never touched. */
    after = test_read_file(f->interfaces);
    g_assert_cmpstr(before, ==, after);
    assert_report_has(f, "/interfaces was left as it is");
}

static void
test_variants(Fixture *f, gconstpointer data)
{
    g_autoptr(GError) error = NULL;

    g_free(test_write_file(f->dir, "interfaces",
                           "auto lo\n"
                           "iface lo inet loopback\n"
                           "\n"
                           "auto bond0\n"
                           "iface bond0 inet dhcp\n"
                           "    bond-slaves eth0 eth1\n"
                           "    bond-mode 1\n"
                           "    bond-miimon 100\n"
                           "    bond-primary eth1 eth0\n"
                           "    bond-queue-id eth0:1 eth1:2\n"
                           "    hwaddress ether 02:00:00:00:00:b0\n"
                           "    dns-search example.org\n"
                           "iface bond0 inet6 static\n"
                           "    address 2001:db8::10/64\n"
                           "    gateway 2001:db8::1\n"
                           "    dns-nameservers 2001:db8::53\n"
                           "\n"
                           "iface eth1 inet manual\n"
                           "    mtu 9000\n"
                           "    pre-up /sbin/ethtool -s $IFACE autoneg off speed 100 duplex half\n"
                           "\n"
                           "iface lacp0 inet static\n"
                           "    address 192.0.2.1/24\n"
                           "    gateway 192.0.2.254\n"
                           "    bond-slaves none\n"
                           "    bond-mode 4\n"
                           "    bond-lacp-rate fast\n"
                           "    bond-xmit-hash-policy layer3+4\n"
                           "    bond-arp-ip-target 192.0.2.254 192.0.2.253\n"
                           "allow-hotplug eth2\n"
                           "iface eth2 inet manual\n"
                           "    bond-master lacp0\n"));
    g_assert_true(migrate(f, &error));
    g_assert_no_error(error);
    assert_expected(f, "variants");
    assert_report_has(f, "5 profiles written");
}

/* A dry run writes nothing and shows every setting. */
static void
test_dry_run(Fixture *f, gconstpointer data)
{
    g_autoptr(GError) error = NULL;
    g_autoptr(GDir) d = NULL;

    g_free(test_write_file(f->dir, "interfaces", CANONICAL_INTERFACES));
    f->config->dry_run = TRUE;
    g_assert_true(migrate(f, &error));
    g_assert_no_error(error);
    d = g_dir_open(f->ifcfg, 0, NULL);
    g_assert_null(g_dir_read_name(d));
    assert_report_has(f, "Profiles for settings plugin ifcfg (dry run):");
    assert_report_has(f, "  ha (bond): would be written\n    [connection]\n    id=ha\n");
    assert_report_has(f, "    [bond]\n    miimon=100\n    mode=balance-rr\n");
    assert_report_has(f, "    address1=10.0.0.1/24\n");
    assert_report_has(f, "3 profiles would be written");
    assert_report_has(f, "Nothing was written.");
}

/* A second run finds its profiles (stable UUIDs) and writes nothing. */
static void
test_again(Fixture *f, gconstpointer data)
{
    g_autoptr(GError) error = NULL;

    g_free(test_write_file(f->dir, "interfaces", CANONICAL_INTERFACES));
    g_assert_true(migrate(f, &error));
    g_assert_true(migrate(f, &error));
    g_assert_no_error(error);
    assert_report_has(f, "ha (bond): there already (");
    assert_report_has(f, "0 profiles written, 3 there already");
    assert_expected(f, "canonical");
}

/* Lines that cannot be carried: listed with file and line, the rest is
 * written, the status says the migration is not complete. */
static void
test_not_carried(Fixture *f, gconstpointer data)
{
    g_autoptr(GError) error = NULL;

    g_free(test_write_file(f->dir, "interfaces",
                           CANONICAL_INTERFACES
                           "    post-up ip route add 203.0.113.0/24 via 10.0.0.254\n"
                           "iface bad0 inet manual\n"
                           "    bond-slaves eth9\n"
                           "    bond-mode fastest\n"));
    g_assert_false(migrate(f, &error));
    g_assert_no_error(error);
    assert_report_has(f, "Not carried (bondd's profiles will not do this):\n");
    assert_report_has(f, "/interfaces:21: ha: 'post-up ip route add 203.0.113.0/24 via "
                         "10.0.0.254' not carried: bondd does not run hook commands\n");
    assert_report_has(f, "/interfaces:24: bad0: skipped: option mode: 'fastest'");
    assert_report_has(f, "3 profiles written, 0 there already, 0 not written; 3 lines not "
                         "carried");
    assert_expected(f, "canonical");
}

/* An ifcfg profile for one of the interfaces already: that one is not
 * written. */
static void
test_conflict(Fixture *f, gconstpointer data)
{
    g_autoptr(GError) error = NULL;

    g_free(test_write_file(f->dir, "interfaces", CANONICAL_INTERFACES));
    g_free(test_write_file(f->ifcfg, "ifcfg-Wired", "TYPE=Ethernet\nDEVICE=eth2\nNAME=Wired\n"));
    g_assert_false(migrate(f, &error));
    g_assert_no_error(error);
    assert_report_has(f, "eth2 (ethernet, port of ha): NOT written: ");
    assert_report_has(f, "/ifcfg-Wired has profile 'Wired' for interface eth2 already");
    assert_report_has(f, "2 profiles written, 0 there already, 1 not written");
}

static void
test_errors(Fixture *f, gconstpointer data)
{
    g_autoptr(GError) error = NULL;

    g_free(test_write_file(f->dir, "interfaces", CANONICAL_INTERFACES));
    g_free(f->config->migrate_to);
    f->config->migrate_to = g_strdup("nosuch");
    g_assert_false(migrate(f, &error));
    g_assert_nonnull(strstr(error->message, "--to nosuch: no such settings plugin"));
    g_clear_error(&error);

    g_free(f->config->migrate_to);
    f->config->migrate_to = g_strdup("ifupdown");
    g_assert_false(migrate(f, &error));
    g_assert_nonnull(strstr(error->message, "--to ifupdown"));
    g_clear_error(&error);

    g_free(f->config->migrate_to);
    f->config->migrate_to = g_strdup("ifcfg");
    g_key_file_set_string(f->config->keyfile, "ifcfg", "path", "/nonexistent/ifcfg");
    g_assert_false(migrate(f, &error));
    g_assert_nonnull(strstr(error->message, "/nonexistent/ifcfg"));
    g_clear_error(&error);

    /* No bond: nothing to do is not a success. */
    g_key_file_set_string(f->config->keyfile, "ifcfg", "path", f->ifcfg);
    g_free(test_write_file(f->dir, "interfaces", "auto eth0\niface eth0 inet dhcp\n"));
    g_assert_false(migrate(f, &error));
    g_assert_no_error(error);
    assert_report_has(f, "No bond found");
}

/* bondd --migrate-ifupdown[=FILE] [--to PLUGIN] [--dry-run]. */
static void
test_options(Fixture *f, gconstpointer data)
{
    g_autofree char *conf = test_write_file(f->dir, "bondd.conf", "");
    g_autofree char *cwd = g_get_current_dir();
    g_autofree char *want = g_build_filename(cwd, "some/interfaces", NULL);
    g_autoptr(GError) error = NULL;
    g_autoptr(BonddConfig) config = NULL;
    g_autoptr(BonddConfig) plain = NULL;
    g_autoptr(BonddConfig) bad = NULL;
    g_autofree char *path = NULL;

    {
        char *args[] = {"bondd",     "--config", conf, "--migrate-ifupdown=some/interfaces",
                        "--dry-run", NULL};
        char **argv = args;
        int argc = G_N_ELEMENTS(args) - 1;

        config = bondd_config_new_from_args(&argc, &argv, &error);
        g_assert_no_error(error);
    }
    g_assert_true(config->migrate);
    g_assert_true(config->dry_run);
    g_assert_cmpstr(config->migrate_to, ==, "ifcfg");
    path = g_key_file_get_string(config->keyfile, "ifupdown", "path", NULL);
    g_assert_cmpstr(path, ==, want);

    {
        char *args[] = {"bondd", "--config", conf, "--migrate-ifupdown", "--to", "ifcfg", NULL};
        char **argv = args;
        int argc = G_N_ELEMENTS(args) - 1;

        plain = bondd_config_new_from_args(&argc, &argv, &error);
        g_assert_no_error(error);
    }
    g_assert_true(plain->migrate);
    g_assert_false(plain->dry_run);
    g_assert_false(g_key_file_has_key(plain->keyfile, "ifupdown", "path", NULL));

    {
        char *args[] = {"bondd", "--config", conf, "--dry-run", NULL};
        char **argv = args;
        int argc = G_N_ELEMENTS(args) - 1;

        bad = bondd_config_new_from_args(&argc, &argv, &error);
        g_assert_null(bad);
        g_assert_nonnull(strstr(error->message, "--migrate-ifupdown"));
    }
}

int
main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    /* The plugins warn about what they cannot carry: the migration
     * collects those lines, they are not test failures. */
    g_log_set_always_fatal(G_LOG_LEVEL_CRITICAL);
#define ADD(name, func) g_test_add(name, Fixture, NULL, fixture_setup, func, fixture_teardown)
    ADD("/ifupdown/migrate/canonical", test_canonical);
    ADD("/ifupdown/migrate/variants", test_variants);
    ADD("/ifupdown/migrate/dry-run", test_dry_run);
    ADD("/ifupdown/migrate/again", test_again);
    ADD("/ifupdown/migrate/not-carried", test_not_carried);
    ADD("/ifupdown/migrate/conflict", test_conflict);
    ADD("/ifupdown/migrate/errors", test_errors);
    ADD("/ifupdown/migrate/options", test_options);
    return g_test_run();
}
