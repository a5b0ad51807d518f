/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The event history: ring wrap, the D-Bus view, the file (round trip,
 * truncated or damaged files rejected whole), debounced saving.
 */
#include "config.h"

#include "bond-history.h"

#include <glib/gstdio.h>
#include <string.h>

static void
add_n(BondHistory *h, guint from, guint to)
{
    for (guint i = from; i < to; i++) {
        g_autofree char *port = g_strdup_printf("eth%u", i % 3);
        g_autofree char *text = g_strdup_printf("event %u", i);

        bond_history_add(h, 1700000000000000 + i, 5000000 + i, "carrier-down", port, text);
    }
}

static void
test_ring(void)
{
    g_autoptr(BondHistory) h = bond_history_new(4);
    g_autoptr(BondHistory) none = bond_history_new(0);
    const BondEvent *e;

    g_assert_cmpuint(bond_history_length(h), ==, 0);
    g_assert_null(bond_history_nth(h, 0));
    add_n(h, 0, 3);
    g_assert_cmpuint(bond_history_length(h), ==, 3);
    g_assert_cmpstr(bond_history_nth(h, 0)->text, ==, "event 0");
    /* Wrap: 10 events into 4 places keep the newest 4, oldest first. */
    add_n(h, 3, 10);
    g_assert_cmpuint(bond_history_length(h), ==, 4);
    g_assert_cmpuint(bond_history_capacity(h), ==, 4);
    for (guint i = 0; i < 4; i++) {
        g_autofree char *want = g_strdup_printf("event %u", 6 + i);

        e = bond_history_nth(h, i);
        g_assert_cmpstr(e->text, ==, want);
        g_assert_cmpint(e->realtime_us, ==, 1700000000000000 + 6 + i);
        g_assert_cmpint(e->monotonic_us, ==, 5000000 + 6 + i);
    }
    g_assert_null(bond_history_nth(h, 4));

    e = bond_history_add(h, 1, 2, "failover", "", "eth1 -> eth2");
    g_assert_nonnull(e);
    g_assert_cmpstr(bond_history_last_of_kind(h, "failover")->text, ==, "eth1 -> eth2");
    g_assert_cmpstr(bond_history_last_of_kind(h, "carrier-down")->text, ==, "event 9");
    g_assert_null(bond_history_last_of_kind(h, "health"));

    /* Capacity 0 keeps nothing. */
    g_assert_null(bond_history_add(none, 1, 2, "failover", "", "x"));
    g_assert_cmpuint(bond_history_length(none), ==, 0);
}

/* The ring grows as events come (its first slots, then doubling, up to a
 * capacity that is no power of two) and keeps every event in order on the
 * way, then wraps as a full one does. */
static void
test_ring_grows(void)
{
    g_autoptr(BondHistory) h = bond_history_new(100);

    for (guint n = 1; n <= 250; n++) {
        guint first = n > 100 ? n - 100 : 0;

        add_n(h, n - 1, n);
        g_assert_cmpuint(bond_history_length(h), ==, MIN(n, 100));
        for (guint i = 0; i < bond_history_length(h); i++) {
            g_autofree char *want = g_strdup_printf("event %u", first + i);

            g_assert_cmpstr(bond_history_nth(h, i)->text, ==, want);
        }
    }
}

static void
test_variant(void)
{
    g_autoptr(BondHistory) h = bond_history_new(8);
    g_autoptr(GVariant) all = NULL;
    g_autoptr(GVariant) two = NULL;
    guint64 rt, mono;
    const char *kind, *port, *text;

    add_n(h, 0, 5);
    all = bond_history_to_variant(h, 0);
    g_assert_true(g_variant_is_of_type(all, G_VARIANT_TYPE("a(ttsss)")));
    g_assert_cmpuint(g_variant_n_children(all), ==, 5);
    two = bond_history_to_variant(h, 2);
    g_assert_cmpuint(g_variant_n_children(two), ==, 2);
    /* The newest two, oldest first. */
    g_variant_get_child(two, 0, "(tt&s&s&s)", &rt, &mono, &kind, &port, &text);
    g_assert_cmpstr(text, ==, "event 3");
    g_assert_cmpuint(rt, ==, 1700000000000003);
    g_assert_cmpuint(mono, ==, 5000003);
    g_assert_cmpstr(kind, ==, "carrier-down");
    g_assert_cmpstr(port, ==, "eth0");
    g_variant_get_child(two, 1, "(tt&s&s&s)", &rt, &mono, &kind, &port, &text);
    g_assert_cmpstr(text, ==, "event 4");
    g_clear_pointer(&two, g_variant_unref);
    two = bond_history_to_variant(h, 100);
    g_assert_cmpuint(g_variant_n_children(two), ==, 5);
}

static void
assert_same(const BondHistory *a, const BondHistory *b)
{
    g_assert_cmpuint(bond_history_length(a), ==, bond_history_length(b));
    for (guint i = 0; i < bond_history_length(a); i++) {
        const BondEvent *x = bond_history_nth(a, i), *y = bond_history_nth(b, i);

        g_assert_cmpint(x->realtime_us, ==, y->realtime_us);
        g_assert_cmpint(x->monotonic_us, ==, y->monotonic_us);
        g_assert_cmpstr(x->kind, ==, y->kind);
        g_assert_cmpstr(x->port, ==, y->port);
        g_assert_cmpstr(x->text, ==, y->text);
    }
}

static void
test_round_trip(void)
{
    g_autofree char *dir = g_dir_make_tmp("bond-history-XXXXXX", NULL);
    g_autofree char *path = g_build_filename(dir, "bond-bond0.history", NULL);
    g_autoptr(BondHistory) h = bond_history_new(16);
    g_autoptr(BondHistory) back = bond_history_new(16);
    g_autoptr(BondHistory) small = bond_history_new(2);
    g_autoptr(GError) error = NULL;

    add_n(h, 0, 20);
    /* Text that needs escaping survives. */
    bond_history_add(h, 7, 8, "health", "", "tab\there, newline\nthere, back\\slash, ñ");
    bond_history_set_file(h, path, 1000);
    g_assert_true(bond_history_is_dirty(h));
    g_assert_true(bond_history_flush(h, &error));
    g_assert_no_error(error);
    g_assert_false(bond_history_is_dirty(h));
    g_assert_true(g_file_test(path, G_FILE_TEST_IS_REGULAR));

    bond_history_set_file(back, path, 1000);
    g_assert_true(bond_history_load(back, &error));
    g_assert_no_error(error);
    assert_same(h, back);
    g_assert_cmpstr(bond_history_nth(back, 15)->text, ==,
                    "tab\there, newline\nthere, back\\slash, ñ");
    /* Loading is not a change to save. */
    g_assert_false(bond_history_is_dirty(back));

    /* A smaller ring keeps the newest. */
    bond_history_set_file(small, path, 1000);
    g_assert_true(bond_history_load(small, &error));
    g_assert_cmpuint(bond_history_length(small), ==, 2);
    g_assert_cmpstr(bond_history_nth(small, 0)->text, ==, "event 19");

    /* A missing file is an empty history, not an error. */
    g_assert_cmpint(g_unlink(path), ==, 0);
    g_assert_true(bond_history_load(back, &error));
    g_assert_no_error(error);
    g_assert_cmpuint(bond_history_length(back), ==, 16);
    g_assert_cmpint(g_rmdir(dir), ==, 0);
}

static void
test_damaged(void)
{
    g_autoptr(BondHistory) h = bond_history_new(8);
    g_autoptr(BondHistory) victim = bond_history_new(8);
    g_autofree char *text = NULL;
    gsize len;
    static const char *const bad[] = {
        "",
        "garbage\n",
        "bondd-bond-history 2 0\n",
        "bondd-bond-history 1 2\n1\t2\tfailover\t\tx\n",
        "bondd-bond-history 1 1\n1\t2\tfailover\t\tx\n1\t2\tfailover\t\tx\n",
        "bondd-bond-history 1 1\nx\t2\tfailover\t\tx\n",
        "bondd-bond-history 1 1\n1\t2\t\t\tx\n",
        "bondd-bond-history 1 1\n1\t2\tfailover\tx\n",
        "bondd-bond-history 1 1\n-1\t2\tfailover\t\tx\n",
    };

    add_n(h, 0, 5);
    add_n(victim, 100, 102);
    text = bond_history_serialize(h);
    len = strlen(text);
    g_assert_true(bond_history_parse(victim, text, len, NULL));
    g_assert_cmpuint(bond_history_length(victim), ==, 5);

    /* Cut anywhere: rejected, and the history is left as it was. */
    for (gsize cut = 0; cut < len; cut++) {
        g_autoptr(GError) error = NULL;

        g_assert_false(bond_history_parse(victim, text, cut, &error));
        g_assert_error(error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA);
        g_assert_cmpuint(bond_history_length(victim), ==, 5);
    }
    /* A NUL in the middle. */
    {
        g_autofree char *copy = g_strdup(text);

        copy[len / 2] = '\0';
        g_assert_false(bond_history_parse(victim, copy, len, NULL));
    }
    for (guint i = 0; i < G_N_ELEMENTS(bad); i++) {
        g_autoptr(GError) error = NULL;

        g_assert_false(bond_history_parse(victim, bad[i], strlen(bad[i]), &error));
        g_assert_nonnull(error);
    }
    g_assert_cmpuint(bond_history_length(victim), ==, 5);
}

static void
test_damaged_file(void)
{
    g_autofree char *dir = g_dir_make_tmp("bond-history-XXXXXX", NULL);
    g_autofree char *path = g_build_filename(dir, "bond-bond0.history", NULL);
    g_autoptr(BondHistory) h = bond_history_new(8);
    g_autoptr(GError) error = NULL;

    g_assert_true(
        g_file_set_contents(path, "bondd-bond-history 1 3\n1\t2\tfailover\t\tx\n", -1, NULL));
    bond_history_set_file(h, path, 1000);
    g_assert_false(bond_history_load(h, &error));
    /* One message that names the file. */
    g_assert_nonnull(strstr(error->message, path));
    g_assert_cmpuint(bond_history_length(h), ==, 0);
    g_unlink(path);
    g_rmdir(dir);
}

static gboolean
quit_cb(gpointer loop)
{
    g_main_loop_quit(loop);
    return G_SOURCE_REMOVE;
}

static void
test_debounce(void)
{
    g_autofree char *dir = g_dir_make_tmp("bond-history-XXXXXX", NULL);
    g_autofree char *path = g_build_filename(dir, "bond-bond0.history", NULL);
    g_autoptr(BondHistory) h = bond_history_new(8);
    g_autoptr(BondHistory) back = bond_history_new(8);
    g_autoptr(GMainLoop) loop = g_main_loop_new(NULL, FALSE);

    bond_history_set_file(h, path, 50);
    /* A burst: nothing written yet. */
    add_n(h, 0, 3);
    g_assert_true(bond_history_is_dirty(h));
    g_assert_false(g_file_test(path, G_FILE_TEST_EXISTS));
    g_timeout_add(300, quit_cb, loop);
    g_main_loop_run(loop);
    /* Written once the delay passed, with the whole burst. */
    g_assert_false(bond_history_is_dirty(h));
    bond_history_set_file(back, path, 50);
    g_assert_true(bond_history_load(back, NULL));
    assert_same(h, back);
    /* The free path saves what is pending (daemon shutdown). */
    add_n(h, 3, 4);
    g_assert_true(bond_history_flush(h, NULL));
    g_assert_true(bond_history_load(back, NULL));
    assert_same(h, back);
    g_unlink(path);
    g_rmdir(dir);
}

int
main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    g_test_add_func("/bond-history/ring", test_ring);
    g_test_add_func("/bond-history/ring-grows", test_ring_grows);
    g_test_add_func("/bond-history/variant", test_variant);
    g_test_add_func("/bond-history/round-trip", test_round_trip);
    g_test_add_func("/bond-history/damaged", test_damaged);
    g_test_add_func("/bond-history/damaged-file", test_damaged_file);
    g_test_add_func("/bond-history/debounce", test_debounce);
    return g_test_run();
}
