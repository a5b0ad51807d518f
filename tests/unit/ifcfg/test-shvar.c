/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * shvar: unquoting, quoting, the line model, in-place edits and atomic
 * writes.
 */
#include "config.h"

#include <errno.h>
#include <signal.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <unistd.h>

#include "shvar.h"
#include "ifcfg-utils.h"
#include "test-common.h"

typedef struct {
    const char *raw;
    const char *value; /* NULL: badly quoted */
} UnescapeCase;

static const UnescapeCase unescape_cases[] = {
    /* The examples of NetworkManager's reference table. */
    {"'x'", "x"},
    {"\\\"", "\""},
    {"\"\\a\"", "\\a"},
    {"\\a", "a"},
    {"a;   #", "a"},
    {"; ;", NULL},
    {"ab\r", "ab"},
    {"a'b' \r", "ab"},
    {"a#b", "a#b"},
    {"Bob outside LAN", NULL},
    {"$'\\n'", "\n"},
    {"$'\\x12A'", "\x12"
                  "A"},
    {"$'\\uabc'", "\xe0\xaa\xbc"},
    {"\"\\'\"", "'"},
    {"\"\\~~\"", "\\~~"},
    {"$'x\\U0'", NULL},
    /* More. */
    {"", ""},
    {"x\"c\"b", "xcb"},
    {"\"c\"\\'b", "c'b"},
    {"'  ''  '", "    "},
    {"$BAR", "$BAR"},
    {"a`b", "a`b"},
    {"\"$BAR\"", NULL},
    {"\"a`b\"", NULL},
    {"a|b", NULL},
    {"a&b", NULL},
    {"(a)", NULL},
    {"a<b", NULL},
    {"b c", NULL},
    {"C ls", NULL},
    {"b; ls", NULL},
    {"b # comment", "b"},
    {"b;", "b"},
    {" #c", ""},
    {"  ", ""},
    {"  x", NULL},
    {"#b", "#b"},
    {"'abc", NULL},
    {"\"abc", NULL},
    {"abc\\", NULL},
    {"$'abc", NULL},
    {"$'\\101'", "A"},
    {"$'\\0101'", "\x08"
                  "1"},
    {"$'\\x'", "\\x"},
    {"$'\\q'", "\\q"},
    {"$'\\c'", "\\c"},
    {"$'\\t\\\\\\'\\\"'", "\t\\'\""},
    {"$'\\U0001F600'", "\xf0\x9f\x98\x80"},
    {"$'\\xff'", NULL},
    {"\"\\$\\`\\\"\\\\\"", "$`\"\\"},
    {"\"a\tb\"", "a\tb"},
    {"\"yes\" ", "yes"},
    {"'a'\"b\"c", "abc"},
    {"\"mode=active-backup miimon=100\"", "mode=active-backup miimon=100"},
    {"\"\\'x\\~\"", "'x~"},
    {"\"\\'x\\a\"", "\\'x\\a"},
    {"\xff", NULL},
    {"\"\xc3\xbc\"", "\xc3\xbc"},
};

static void
test_unescape(void)
{
    for (guint i = 0; i < G_N_ELEMENTS(unescape_cases); i++) {
        const UnescapeCase *c = &unescape_cases[i];
        g_autofree char *v = sv_unescape(c->raw);

        if (g_strcmp0(v, c->value) != 0)
            g_error("case %u: unescape(%s) = %s, expected %s", i, c->raw, v ? v : "(bad)",
                    c->value ? c->value : "(bad)");
        /* Whatever reads back must also survive our own quoting. */
        if (v) {
            g_autofree char *e = sv_escape(v);
            g_autofree char *back = sv_unescape(e);

            g_assert_cmpstr(back, ==, v);
        }
    }
}

static void
test_escape(void)
{
    static const struct {
        const char *value;
        const char *escaped;
    } cases[] = {
        {"", ""},
        {"bond0", "bond0"},
        {"mode=802.3ad", "mode=802.3ad"},
        {"a=b,c+d:e.f/g*h?[i]{j}!%@^#", "a=b,c+d:e.f/g*h?[i]{j}!%@^#"},
        {"#x", "#x"},
        {"a b", "\"a b\""},
        {"'", "\"'\""},
        {"~", "\"~\""},
        {"a;b", "\"a;b\""},
        {"a|b&c(d)<e>", "\"a|b&c(d)<e>\""},
        {"a\tb", "\"a\tb\""},
        {"\"", "\"\\\"\""},
        {"\\", "\"\\\\\""},
        {"$x", "\"\\$x\""},
        {"`x`", "\"\\`x\\`\""},
        {"\xc3\xbc", "\"\xc3\xbc\""},
        {"a\nb", "$'a\\nb'"},
        {"\x01", "$'\\001'"},
        {"\x7f", "$'\\177'"},
        {"\xc3\xbc\n", "$'\\303\\274\\n'"},
        /* A quote in $'...' is \047: POSIX sh would end the string at \'. */
        {"'\"\\\r", "$'\\047\\\"\\\\\\r'"},
        {"Test Write Bond Main", "\"Test Write Bond Main\""},
    };

    for (guint i = 0; i < G_N_ELEMENTS(cases); i++) {
        g_autofree char *e = sv_escape(cases[i].value);
        g_autofree char *back = sv_unescape(e);

        g_assert_cmpstr(e, ==, cases[i].escaped);
        g_assert_cmpstr(back, ==, cases[i].value);
    }
}

/* Random strings (ASCII incl. controls, and UTF-8) round-trip. */
static void
test_escape_random(void)
{
    static const char *const pieces[] = {
        " ", "'", "\"",       "\\",           "$",  "`",   "~",    "#",    ";", "|", "&", "(",
        ")", "<", ">",        "\t",           "\n", "\r",  "\x01", "\x7f", "a", "Z", "0", "=",
        ",", "+", "\xc3\xbc", "\xe2\x82\xac", "$'", "\\'", "''",   "\"\"",
    };

    for (guint i = 0; i < 5000; i++) {
        g_autoptr(GString) s = g_string_new(NULL);
        guint n = g_test_rand_int_range(0, 12);
        g_autofree char *e = NULL;
        g_autofree char *back = NULL;

        for (guint j = 0; j < n; j++)
            g_string_append(s, pieces[g_test_rand_int_range(0, G_N_ELEMENTS(pieces))]);
        e = sv_escape(s->str);
        back = sv_unescape(e);
        if (g_strcmp0(back, s->str) != 0)
            g_error("round trip of '%s' via '%s' gave '%s'", s->str, e, back);
    }
}

static ShvarFile *
file_from(const char *text)
{
    return sv_file_new_from_data("/nonexistent/ifcfg-test", text, strlen(text));
}

static void
test_parse(void)
{
    g_autoptr(ShvarFile) s = file_from("# comment\n"
                                       "A=1\n"
                                       "  B='two words'\n"
                                       "export C=3\n"
                                       "D =4\n"
                                       "A=last\n"
                                       "E=\"bad\n"
                                       "F=\n"
                                       "G");
    g_autoptr(GPtrArray) keys = sv_get_keys(s);

    g_assert_cmpstr(sv_get_value(s, "A"), ==, "last");
    g_assert_cmpstr(sv_get_value(s, "B"), ==, "two words");
    g_assert_null(sv_get_value(s, "C"));
    g_assert_null(sv_get_value(s, "D"));
    g_assert_null(sv_get_value(s, "export C"));
    g_assert_cmpstr(sv_get_value(s, "E"), ==, "");
    g_assert_true(sv_get_value_is_bad(s, "E"));
    g_assert_cmpstr(sv_get_value(s, "F"), ==, "");
    g_assert_null(sv_get_value_str(s, "F"));
    g_assert_null(sv_get_value(s, "G"));
    g_assert_cmpuint(keys->len, ==, 4);
    g_assert_cmpstr(keys->pdata[0], ==, "A");
    g_assert_cmpstr(keys->pdata[1], ==, "B");
}

/* Duplicates and tombstones: an edit drops the shadowed occurrences, an
 * unset key comes back at its last place. */
static void
test_duplicates(void)
{
    g_autoptr(ShvarFile) s = file_from("A=1\n"
                                       "B=1\n"
                                       "A=2\n"
                                       "C=1\n"
                                       "A=3\n");
    g_autofree char *out = NULL;
    g_autofree char *out2 = NULL;

    g_assert_cmpstr(sv_get_value(s, "A"), ==, "3");
    sv_set_value(s, "A", "x");
    out = sv_file_to_data(s);
    g_assert_cmpstr(out, ==, "B=1\nC=1\nA=x\n");
    sv_unset_value(s, "B");
    sv_unset_value(s, "A");
    g_assert_null(sv_get_value(s, "A"));
    sv_set_value(s, "B", "2");
    sv_set_value(s, "A", "y");
    sv_set_value(s, "D", "1");
    out2 = sv_file_to_data(s);
    g_assert_cmpstr(out2, ==, "B=2\nC=1\nA=y\nD=1\n");
}

/* Getting and setting cost the same however long the file is: 50,000
 * keys are read, set twice and unset in well under the time a scan per
 * key would take (minutes). */
static void
test_many_keys(void)
{
    const guint n = 50000;
    g_autoptr(GString) text = g_string_new(NULL);
    g_autoptr(ShvarFile) s = NULL;
    g_autofree char *out = NULL;
    gint64 start = g_get_monotonic_time();
    double secs;

    for (guint i = 0; i < n; i++)
        g_string_append_printf(text, "IPADDR%u=10.0.%u.%u\n", i, i / 256 % 256, i % 256);
    s = sv_file_new_from_data("/nonexistent/ifcfg-many", text->str, text->len);
    for (guint i = 0; i < n; i++) {
        g_autofree char *key = g_strdup_printf("IPADDR%u", i);

        g_assert_nonnull(sv_get_value(s, key));
        sv_set_value(s, key, "192.0.2.1");
        sv_set_value(s, key, i % 2 ? "192.0.2.2" : NULL);
        g_assert_cmpstr(sv_get_value(s, key), ==, i % 2 ? "192.0.2.2" : NULL);
    }
    for (guint i = 0; i < n; i++) {
        g_autofree char *key = g_strdup_printf("NEW%u", i);

        sv_set_value(s, key, "1");
    }
    out = sv_file_to_data(s);
    secs = (g_get_monotonic_time() - start) / 1e6;
    g_test_message("%u keys: %.3f s", n, secs);
    g_assert_cmpfloat(secs, <, 10.0);
    g_assert_nonnull(strstr(out, "IPADDR1=192.0.2.2\nIPADDR3=192.0.2.2\n"));
    g_assert_null(strstr(out, "IPADDR0="));
}

/* Only a regular file of at most 1 MiB is read, and never more than that
 * however it grows: not a FIFO (which would block), not /dev/zero. */
static void
test_open_refuses(void)
{
    g_autofree char *dir = test_tmpdir_new();
    g_autofree char *fifo = g_build_filename(dir, "ifcfg-fifo", NULL);
    g_autofree char *zero = g_build_filename(dir, "ifcfg-zero", NULL);
    g_autofree char *big_data = g_strnfill(1024 * 1024 + 1, '#');
    g_autofree char *big = test_write_file(dir, "ifcfg-big", big_data);
    g_autofree char *ok_data = g_strnfill(1024 * 1024, '#');
    g_autofree char *ok = test_write_file(dir, "ifcfg-ok", ok_data);
    g_autofree char *missing = g_build_filename(dir, "ifcfg-missing", NULL);
    g_autoptr(GError) error = NULL;
    g_autoptr(ShvarFile) s = NULL;

    g_assert_cmpint(mkfifo(fifo, 0600), ==, 0);
    g_assert_cmpint(symlink("/dev/zero", zero), ==, 0);
    g_assert_null(sv_file_open(fifo, &error));
    g_assert_error(error, G_FILE_ERROR, G_FILE_ERROR_FAILED);
    g_assert_nonnull(strstr(error->message, fifo));
    g_clear_error(&error);
    g_assert_null(sv_file_open(zero, &error));
    g_assert_error(error, G_FILE_ERROR, G_FILE_ERROR_FAILED);
    g_clear_error(&error);
    g_assert_null(sv_file_open(big, &error));
    g_assert_error(error, G_FILE_ERROR, G_FILE_ERROR_FAILED);
    g_assert_nonnull(strstr(error->message, "too large"));
    g_clear_error(&error);
    g_assert_null(sv_file_open(missing, &error));
    g_assert_error(error, G_FILE_ERROR, G_FILE_ERROR_NOENT);
    g_clear_error(&error);
    s = sv_file_open(ok, &error);
    g_assert_no_error(error);
    g_assert_nonnull(s);
    g_unlink(fifo);
    g_unlink(zero);
    test_tmpdir_free(g_steal_pointer(&dir));
}

/* A file of garbage gives a bounded number of diagnostics. */
static void
test_warnings_bounded(void)
{
    g_autoptr(GString) text = g_string_new(NULL);
    g_autoptr(ShvarFile) s = NULL;
    GPtrArray *warnings;

    for (guint i = 0; i < 1000; i++)
        g_string_append_printf(text, "garbage %u\nK%u=\"bad\n", i, i);
    s = sv_file_new_from_data("/nonexistent/ifcfg-garbage", text->str, text->len);
    sv_file_collect_invalid(s);
    warnings = sv_file_get_warnings(s);
    g_assert_cmpuint(warnings->len, ==, 21);
    /* Each with its line; the closing note with none. */
    g_assert_cmpuint(sv_file_get_warning_line(s, 0), ==, 1);
    g_assert_cmpuint(sv_file_get_warning_line(s, 1), ==, 2);
    g_assert_cmpuint(sv_file_get_warning_line(s, 19), ==, 20);
    g_assert_cmpuint(sv_file_get_warning_line(s, 20), ==, 0);
    /* A key's warning names the key's line, and is bounded too. */
    sv_file_add_key_warning(s, "K7", "late");
    g_assert_cmpuint(warnings->len, ==, 21);
}

/* A key's warning carries the line the key is on. */
static void
test_key_warning_line(void)
{
    const char text[] = "# comment\nDEVICE=bond0\n\nMTU=bogus\n";
    g_autoptr(ShvarFile) s = sv_file_new_from_data("/nonexistent/ifcfg-x", text, strlen(text));

    sv_file_add_key_warning(s, "MTU", "invalid MTU");
    sv_file_add_key_warning(s, "NOPE", "no such key");
    g_assert_cmpuint(sv_file_get_warnings(s)->len, ==, 2);
    g_assert_cmpuint(sv_file_get_warning_line(s, 0), ==, 4);
    g_assert_cmpuint(sv_file_get_warning_line(s, 1), ==, 0);
}

/* Sources "V=<escaped value>" with @shell in @dir; returns what $V is there
 * (NULL if the shell failed). */
static char *
source_with(const char *shell, const char *dir, const char *escaped)
{
    g_autofree char *file = g_build_filename(dir, "ifcfg-v", NULL);
    g_autofree char *text = g_strdup_printf("V=%s\n", escaped);
    const char *argv[] = {shell, "-c", ". ./ifcfg-v && printf %s \"$V\"", NULL};
    g_autoptr(GError) error = NULL;
    char *out = NULL;
    int status = 0;

    g_assert_true(g_file_set_contents(file, text, -1, &error));
    g_assert_true(g_spawn_sync(dir, (char **)argv, NULL, G_SPAWN_STDERR_TO_DEV_NULL, NULL, NULL,
                               &out, NULL, &status, &error));
    if (!g_spawn_check_wait_status(status, NULL))
        g_clear_pointer(&out, g_free);
    return out;
}

/* Whatever a value holds, the quoted form runs nothing when a shell sources
 * it -- bash, which reads it back exactly, and a POSIX sh (dash), which does
 * not know $'...' -- for hostile values and for random mixes of the
 * characters that matter. */
static void
test_escape_safe_for_shells(void)
{
    g_autofree char *dir = test_tmpdir_new();
    g_autofree char *canary = g_build_filename(dir, "canary", NULL);
    g_autoptr(GPtrArray) values = g_ptr_array_new_with_free_func(g_free);
    static const char alphabet[] = "'\"\\$`;#& |()<>\n\t\x01~*x";
    GRand *rand = g_rand_new_with_seed(4242);

    g_ptr_array_add(values, g_strdup_printf("\x01'; touch %s; #", canary));
    g_ptr_array_add(values, g_strdup_printf("\n'$(touch %s)'", canary));
    g_ptr_array_add(values, g_strdup_printf("\\'; touch %s #\n", canary));
    g_ptr_array_add(values, g_strdup_printf("\"; touch %s; \"", canary));
    g_ptr_array_add(values, g_strdup_printf("`touch %s`\x7f", canary));
    for (guint i = 0; i < 40; i++) {
        GString *v = g_string_new(NULL);
        guint len = g_rand_int_range(rand, 1, 12);

        for (guint j = 0; j < len; j++) {
            if (g_rand_int_range(rand, 0, 6) == 0)
                g_string_append_printf(v, "touch %s", canary);
            else
                g_string_append_c(v, alphabet[g_rand_int_range(rand, 0, sizeof alphabet - 1)]);
        }
        g_ptr_array_add(values, g_string_free(v, FALSE));
    }

    for (guint i = 0; i < values->len; i++) {
        const char *value = values->pdata[i];
        g_autofree char *escaped = sv_escape(value);
        g_autofree char *by_bash = source_with("/bin/bash", dir, escaped);
        g_autofree char *by_sh = source_with("/bin/sh", dir, escaped);

        if (g_file_test(canary, G_FILE_TEST_EXISTS))
            g_error("sourcing V=%s ran a command", escaped);
        g_assert_cmpstr(by_bash, ==, value);
    }
    g_rand_free(rand);
    test_tmpdir_free(g_steal_pointer(&dir));
}

static void
test_booleans_and_ints(void)
{
    g_autoptr(ShvarFile) s = file_from("Y=yes\nT=True\nN=n\nZ=0\nX=\"yes \"\n"
                                       "MTU=0x5dc\nOCT=010\nDEC=' 42 '\nNEG=-1\nPLUS=+1\n");

    g_assert_cmpint(sv_get_boolean(s, "Y", -1), ==, TRUE);
    g_assert_cmpint(sv_get_boolean(s, "T", -1), ==, TRUE);
    g_assert_cmpint(sv_get_boolean(s, "N", -1), ==, FALSE);
    g_assert_cmpint(sv_get_boolean(s, "Z", -1), ==, FALSE);
    g_assert_cmpint(sv_get_boolean(s, "X", -1), ==, -1);
    g_assert_cmpint(sv_get_boolean(s, "MISSING", 7), ==, 7);
    g_assert_cmpint(sv_get_int64(s, "MTU", 0, 0, 65535, -1), ==, 1500);
    g_assert_cmpint(sv_get_int64(s, "OCT", 0, 0, 65535, -1), ==, 8);
    g_assert_cmpint(sv_get_int64(s, "OCT", 10, 0, 65535, -1), ==, 10);
    g_assert_cmpint(sv_get_int64(s, "DEC", 10, 0, 100, -1), ==, 42);
    g_assert_cmpint(sv_get_int64(s, "DEC", 10, 0, 41, -1), ==, -1);
    g_assert_cmpint(errno, ==, ERANGE);
    g_assert_cmpint(sv_get_int64(s, "NEG", 10, 0, 100, -2), ==, -2);
    g_assert_cmpint(sv_get_int64(s, "NEG", 10, -5, 100, -2), ==, -1);
    g_assert_cmpint(sv_get_int64(s, "PLUS", 10, 0, 100, -2), ==, -2);
}

static void
test_edit_in_place(void)
{
    g_autoptr(ShvarFile) s = file_from("# keep me\n"
                                       "A=1\n"
                                       "USERCTL=no # unknown key with comment\n"
                                       "  B=2\n"
                                       "DUP=first\n"
                                       "C=3 # inline\n"
                                       "DUP=second\n"
                                       "garbage line here\n"
                                       "BAD=\"unterminated\n"
                                       "\n"
                                       "NM_CONTROLLED=yes\n"
                                       "PEERDNS=yes\n"
                                       "IPADDR7=1.2.3.4\n");
    g_autofree char *out = NULL;

    g_assert_false(sv_file_is_modified(s));
    sv_set_value(s, "A", "1"); /* same value: untouched */
    g_assert_false(sv_file_is_modified(s));
    sv_set_value(s, "B", "two two");
    sv_set_value(s, "C", "3"); /* raw text differs: the inline comment goes */
    sv_set_value(s, "DUP", "x");
    sv_set_value(s, "NEW", "a b");
    sv_unset_value(s, "A");
    sv_set_value(s, "A", "back"); /* re-set after unset: same place */
    sv_unset_dirty(s, ifcfg_utils_is_well_known_key, (const char *const[]){"NM_CONTROLLED", NULL});
    g_assert_true(sv_file_is_modified(s));

    out = sv_file_to_data(s);
    g_assert_cmpstr(out, ==,
                    "# keep me\n"
                    "A=back\n"
                    "USERCTL=no # unknown key with comment\n"
                    "B=\"two two\"\n"
                    "C=3\n"
                    "DUP=x\n"
                    "#NM: garbage line here\n"
                    "BAD=\n"
                    "#NM: BAD=\"unterminated\n"
                    "\n"
                    "NM_CONTROLLED=yes\n"
                    "NEW=\"a b\"\n");
}

static void
test_unset_str(void)
{
    g_autoptr(ShvarFile) s = sv_file_new("/nonexistent/ifcfg-x");
    g_autofree char *out = NULL;

    sv_set_value(s, "EMPTY", "");
    sv_set_value_str(s, "GONE", "");
    sv_set_value_str(s, "X", "1");
    sv_set_value_boolean(s, "Y", FALSE);
    sv_set_value_int64(s, "Z", -5);
    out = sv_file_to_data(s);
    g_assert_cmpstr(out, ==, "EMPTY=\nX=1\nY=no\nZ=-5\n");
}

static void
test_write_new_and_existing(void)
{
    g_autofree char *dir = test_tmpdir_new();
    g_autofree char *path = g_build_filename(dir, "ifcfg-a", NULL);
    g_autoptr(ShvarFile) s = sv_file_new(path);
    g_autoptr(ShvarFile) s2 = NULL;
    g_autoptr(GError) error = NULL;
    g_autofree char *data = NULL;
    struct stat st;

    sv_set_value(s, "A", "1");
    g_assert_true(sv_file_write(s, 0644, &error));
    g_assert_no_error(error);
    g_assert_cmpint(stat(path, &st), ==, 0);
    g_assert_cmpint(st.st_mode & 07777, ==, 0644);
    data = test_read_file(path);
    g_assert_cmpstr(data, ==, "A=1\n");
    g_assert_cmpuint(test_count_files(dir), ==, 1);

    /* An existing file keeps its mode. */
    g_assert_cmpint(chmod(path, 0600), ==, 0);
    s2 = sv_file_open(path, &error);
    g_assert_no_error(error);
    sv_set_value(s2, "B", "2");
    g_assert_true(sv_file_write(s2, 0644, &error));
    g_assert_cmpint(stat(path, &st), ==, 0);
    g_assert_cmpint(st.st_mode & 07777, ==, 0600);
    g_clear_pointer(&data, g_free);
    data = test_read_file(path);
    g_assert_cmpstr(data, ==, "A=1\nB=2\n");

    test_tmpdir_free(g_steal_pointer(&dir));
}

/* A write that fails half-way leaves the old file as it was and no temp
 * file behind.  The file-size limit makes write() fail even for root. */
static void
test_write_failure_keeps_old(void)
{
    g_autofree char *dir = test_tmpdir_new();
    g_autofree char *path = test_write_file(dir, "ifcfg-a", "A=old\n");
    g_autoptr(ShvarFile) s = NULL;
    g_autoptr(GError) error = NULL;
    g_autofree char *big = g_strnfill(64 * 1024, 'x');
    g_autofree char *data = NULL;
    struct rlimit old_lim;
    struct rlimit lim = {.rlim_cur = 4096, .rlim_max = RLIM_INFINITY};
    void (*old_handler)(int);

    s = sv_file_open(path, &error);
    g_assert_no_error(error);
    sv_set_value(s, "A", big);

    g_assert_cmpint(getrlimit(RLIMIT_FSIZE, &old_lim), ==, 0);
    lim.rlim_max = old_lim.rlim_max;
    old_handler = signal(SIGXFSZ, SIG_IGN);
    g_assert_cmpint(setrlimit(RLIMIT_FSIZE, &lim), ==, 0);
    g_assert_false(sv_file_write(s, 0644, &error));
    g_assert_cmpint(setrlimit(RLIMIT_FSIZE, &old_lim), ==, 0);
    signal(SIGXFSZ, old_handler);

    g_assert_error(error, G_FILE_ERROR, G_FILE_ERROR_FAILED);
    g_assert_nonnull(strstr(error->message, path));
    data = test_read_file(path);
    g_assert_cmpstr(data, ==, "A=old\n");
    g_assert_cmpuint(test_count_files(dir), ==, 1);

    test_tmpdir_free(g_steal_pointer(&dir));
}

int
main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    g_test_add_func("/ifcfg/shvar/unescape", test_unescape);
    g_test_add_func("/ifcfg/shvar/escape", test_escape);
    g_test_add_func("/ifcfg/shvar/escape-random", test_escape_random);
    g_test_add_func("/ifcfg/shvar/parse", test_parse);
    g_test_add_func("/ifcfg/shvar/booleans-ints", test_booleans_and_ints);
    g_test_add_func("/ifcfg/shvar/edit-in-place", test_edit_in_place);
    g_test_add_func("/ifcfg/shvar/set-unset", test_unset_str);
    g_test_add_func("/ifcfg/shvar/write", test_write_new_and_existing);
    g_test_add_func("/ifcfg/shvar/write-failure-keeps-old", test_write_failure_keeps_old);
    g_test_add_func("/ifcfg/shvar/duplicates", test_duplicates);
    g_test_add_func("/ifcfg/shvar/many-keys", test_many_keys);
    g_test_add_func("/ifcfg/shvar/open-refuses", test_open_refuses);
    g_test_add_func("/ifcfg/shvar/warnings-bounded", test_warnings_bounded);
    g_test_add_func("/ifcfg/shvar/key-warning-line", test_key_warning_line);
    g_test_add_func("/ifcfg/shvar/escape-safe-for-shells", test_escape_safe_for_shells);
    return g_test_run();
}
