/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * interfaces(5) syntax: logical lines and their numbers, stanzas, options,
 * includes (source globs, source-directory's run-parts names, loops,
 * missing files) and the directories to watch.
 */
#include "config.h"

#include "test-common.h"

static IfupdownConfig *
read_config(const char *dir, GError **error)
{
    g_autofree char *path = g_build_filename(dir, "interfaces", NULL);

    return ifupdown_config_read(path, error);
}

static const IfupdownStanza *
stanza(IfupdownConfig *config, guint i)
{
    g_assert_cmpuint(i, <, config->stanzas->len);
    return config->stanzas->pdata[i];
}

static const IfupdownOption *
option(const IfupdownStanza *s, guint i)
{
    g_assert_cmpuint(i, <, s->options->len);
    return s->options->pdata[i];
}

static gboolean
has_diag(IfupdownConfig *config, IfupdownDiagKind kind, guint line, const char *needle)
{
    for (guint i = 0; i < config->diags->len; i++) {
        const IfupdownDiag *d = config->diags->pdata[i];

        if (d->kind == kind && d->line == line && strstr(d->text, needle))
            return TRUE;
    }
    return FALSE;
}

static void
test_keys(void)
{
    g_autofree char *a = ifupdown_option_canonical_key("bond-xmit_hash_policy");
    g_autofree char *b = ifupdown_option_canonical_key("Bond_Mode");

    g_auto(GStrv) words = ifupdown_words("  eth1\t eth2  ");
    g_auto(GStrv) none = ifupdown_words(" \t ");

    g_assert_cmpuint(g_strv_length(words), ==, 2);
    g_assert_cmpstr(words[0], ==, "eth1");
    g_assert_cmpstr(words[1], ==, "eth2");
    g_assert_null(none[0]);
    g_assert_cmpstr(a, ==, "bond-xmit-hash-policy");
    g_assert_cmpstr(b, ==, "bond-mode");
    g_assert_true(ifupdown_is_run_parts_name("bond0"));
    g_assert_true(ifupdown_is_run_parts_name("eth_1-cfg"));
    g_assert_false(ifupdown_is_run_parts_name("bond0.cfg"));
    g_assert_false(ifupdown_is_run_parts_name("bond0~"));
    g_assert_false(ifupdown_is_run_parts_name(".bond0.swp"));
    g_assert_false(ifupdown_is_run_parts_name("bond0.dpkg-old"));
    g_assert_false(ifupdown_is_run_parts_name(""));
}

/* Indentation means nothing, a backslash joins lines, comments are whole
 * lines, DOS line ends are tolerated; every line number is the first
 * physical line's. */
static void
test_lines(void)
{
    char *dir = test_tmpdir_new();
    g_autoptr(IfupdownConfig) config = NULL;
    g_autoptr(GError) error = NULL;
    const IfupdownStanza *s;

    g_free(test_write_file(dir, "interfaces",
                           "# a comment\n"
                           "   # an indented comment\n"
                           "auto lo ha\r\n"
                           "allow-hotplug eth1\n"
                           "allow-ha eth2\n"
                           "auto /eth*\n"
                           "iface ha inet static\n"
                           "address 192.0.2.1/24\n"
                           "\t  bond-slaves eth1 \\\n"
                           "       eth2\n"
                           "        bond-mode   active-backup  \n"
                           "  iface eth1 inet manual\n"
                           "bond_master ha\n"));
    config = read_config(dir, &error);
    g_assert_no_error(error);
    g_assert_cmpuint(config->stanzas->len, ==, 2);
    s = stanza(config, 0);
    g_assert_cmpstr(s->name, ==, "ha");
    g_assert_cmpstr(s->family, ==, "inet");
    g_assert_cmpstr(s->method, ==, "static");
    g_assert_cmpuint(s->line, ==, 7);
    g_assert_cmpuint(s->options->len, ==, 3);
    g_assert_cmpstr(option(s, 0)->key, ==, "address");
    g_assert_cmpuint(option(s, 0)->line, ==, 8);
    g_assert_cmpstr(option(s, 1)->key, ==, "bond-slaves");
    g_assert_cmpstr(option(s, 1)->value, ==, "eth1        eth2");
    g_assert_cmpuint(option(s, 1)->line, ==, 9);
    g_assert_cmpstr(option(s, 2)->value, ==, "active-backup");
    g_assert_cmpuint(option(s, 2)->line, ==, 11);
    s = stanza(config, 1);
    g_assert_cmpstr(s->name, ==, "eth1");
    g_assert_cmpuint(s->line, ==, 12);
    g_assert_cmpstr(option(s, 0)->key, ==, "bond-master");
    g_assert_cmpstr(option(s, 0)->key_raw, ==, "bond_master");

    g_assert_true(ifupdown_config_is_autostart(config, "ha"));
    g_assert_true(ifupdown_config_is_autostart(config, "lo"));
    g_assert_true(ifupdown_config_is_autostart(config, "eth1"));
    g_assert_false(ifupdown_config_is_autostart(config, "eth2"));
    g_assert_cmpuint(config->diags->len, ==, 0);
    test_tmpdir_free(dir);
}

/* Stanzas end at the next keyword; mapping blocks are not options; what
 * cannot be placed is said once with its line. */
static void
test_stanzas(void)
{
    char *dir = test_tmpdir_new();
    g_autoptr(IfupdownConfig) config = NULL;
    g_autoptr(GError) error = NULL;

    g_free(test_write_file(dir, "interfaces",
                           "mtu 1500\n"
                           "mapping eth0\n"
                           "    script /usr/local/sbin/map-scheme\n"
                           "    map HOME eth0-home\n"
                           "iface eth0 inet\n"
                           "    address 192.0.2.9\n"
                           "iface bond0 inet manual inherits base\n"
                           "iface bond1 inet manual extra\n"
                           "rename eth3=lan\n"
                           "    mtu 9000\n"
                           "no-auto-down bond0\n"));
    config = read_config(dir, &error);
    g_assert_no_error(error);
    g_assert_true(has_diag(config, IFUPDOWN_DIAG_NOT_CARRIED, 1, "outside of any iface stanza"));
    g_assert_true(has_diag(config, IFUPDOWN_DIAG_NOT_CARRIED, 5, "needs a name"));
    g_assert_true(has_diag(config, IFUPDOWN_DIAG_NOT_CARRIED, 8, "unexpected 'extra'"));
    g_assert_true(has_diag(config, IFUPDOWN_DIAG_NOT_CARRIED, 10, "outside of any iface stanza"));
    g_assert_cmpuint(config->diags->len, ==, 4);
    g_assert_cmpuint(config->stanzas->len, ==, 2);
    g_assert_cmpstr(stanza(config, 0)->inherits, ==, "base");
    g_assert_cmpuint(stanza(config, 0)->options->len, ==, 0);
    test_tmpdir_free(dir);
}

/* source (globs, relative to the including file) and source-directory
 * (run-parts names only, sorted), nested; each file read once. */
static void
test_includes(void)
{
    char *dir = test_tmpdir_new();
    g_autoptr(IfupdownConfig) config = NULL;
    g_autoptr(GError) error = NULL;
    g_autofree char *d_dir = g_build_filename(dir, "interfaces.d", NULL);
    g_autofree char *c_dir = g_build_filename(dir, "conf", NULL);
    g_autoptr(GString) names = g_string_new(NULL);

    g_free(test_write_file(dir, "interfaces",
                           "source-directory interfaces.d\n"
                           "source conf/*.cfg\n"
                           "source /nonexistent/one\n"
                           "source conf/nothing-*.cfg\n"
                           "source-directory /nonexistent-dir\n"));
    g_free(test_write_file(dir, "interfaces.d/b-second", "iface b inet manual\n"));
    g_free(test_write_file(dir, "interfaces.d/a_first",
                           "iface a inet manual\nsource ../conf/z.cfg\n"));
    g_free(test_write_file(dir, "interfaces.d/c.dpkg-old", "iface old inet manual\n"));
    g_free(test_write_file(dir, "interfaces.d/d~", "iface tilde inet manual\n"));
    g_free(test_write_file(dir, "interfaces.d/.e.swp", "iface swp inet manual\n"));
    g_free(test_write_file(dir, "interfaces.d/sub/f", "iface sub inet manual\n"));
    g_free(test_write_file(dir, "conf/y.cfg", "iface y inet manual\n"));
    g_free(test_write_file(dir, "conf/z.cfg", "iface z inet manual\n"));
    g_free(test_write_file(dir, "conf/y.txt", "iface txt inet manual\n"));

    config = read_config(dir, &error);
    g_assert_no_error(error);
    for (guint i = 0; i < config->stanzas->len; i++)
        g_string_append_printf(names, "%s ", stanza(config, i)->name);
    /* z once: through a_first; the conf glob finds it included already. */
    g_assert_cmpstr(names->str, ==, "a z b y ");
    g_assert_cmpuint(config->files->len, ==, 5);
    g_assert_true(has_diag(config, IFUPDOWN_DIAG_NOTE, 2, "is included already"));
    g_assert_true(has_diag(config, IFUPDOWN_DIAG_NOT_CARRIED, 3, "/nonexistent/one"));
    g_assert_cmpuint(config->diags->len, ==, 2);
    g_assert_cmpstr(stanza(config, 0)->file, ==, config->files->pdata[1]);
    g_assert_true(g_str_has_suffix(stanza(config, 0)->file, "/interfaces.d/a_first"));

    /* Watched: the main file's directory, interfaces.d, conf. */
    g_assert_true(g_ptr_array_find_with_equal_func(config->watch_dirs, dir, g_str_equal, NULL));
    g_assert_true(g_ptr_array_find_with_equal_func(config->watch_dirs, d_dir, g_str_equal, NULL));
    g_assert_true(g_ptr_array_find_with_equal_func(config->watch_dirs, c_dir, g_str_equal, NULL));
    test_tmpdir_free(dir);
}

static void
test_include_loop(void)
{
    char *dir = test_tmpdir_new();
    g_autoptr(IfupdownConfig) config = NULL;
    g_autoptr(GError) error = NULL;

    g_free(test_write_file(dir, "interfaces", "source other\niface a inet manual\n"));
    g_free(test_write_file(dir, "other", "source interfaces\niface b inet manual\n"));
    config = read_config(dir, &error);
    g_assert_no_error(error);
    g_assert_cmpuint(config->stanzas->len, ==, 2);
    g_assert_cmpuint(config->diags->len, ==, 1);
    g_assert_true(has_diag(config, IFUPDOWN_DIAG_NOT_CARRIED, 1, "includes itself"));
    test_tmpdir_free(dir);
}

static void
test_missing(void)
{
    char *dir = test_tmpdir_new();
    g_autofree char *path = g_build_filename(dir, "interfaces", NULL);
    g_autoptr(GError) error = NULL;

    g_assert_null(ifupdown_config_read(path, &error));
    g_assert_error(error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND);
    g_assert_nonnull(strstr(error->message, path));
    test_tmpdir_free(dir);
}

int
main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    g_test_add_func("/ifupdown/parser/keys", test_keys);
    g_test_add_func("/ifupdown/parser/lines", test_lines);
    g_test_add_func("/ifupdown/parser/stanzas", test_stanzas);
    g_test_add_func("/ifupdown/parser/includes", test_includes);
    g_test_add_func("/ifupdown/parser/include-loop", test_include_loop);
    g_test_add_func("/ifupdown/parser/missing", test_missing);
    return g_test_run();
}
