/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * A main() for fuzz targets built without libFuzzer: runs each file named
 * (or each file in each directory named) through LLVMFuzzerTestOneInput
 * once.  The test suite replays the seed corpora (tests/fuzz/corpus/) this
 * way with any compiler, so every input a fuzzer ever found stays a
 * regression test.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fuzz-common.h"

static int
cmp_str(gconstpointer a, gconstpointer b)
{
    return strcmp(*(const char *const *)a, *(const char *const *)b);
}

static guint
run_file(const char *path)
{
    g_autoptr(GError) error = NULL;
    g_autofree char *data = NULL;
    gsize len = 0;

    if (!g_file_get_contents(path, &data, &len, &error)) {
        fprintf(stderr, "replay: %s\n", error->message);
        exit(1);
    }
    LLVMFuzzerTestOneInput((const uint8_t *)data, len);
    return 1;
}

static guint
run_path(const char *path)
{
    g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func(g_free);
    g_autoptr(GError) error = NULL;
    g_autoptr(GDir) dir = NULL;
    const char *name;
    guint n = 0;

    if (!g_file_test(path, G_FILE_TEST_IS_DIR))
        return run_file(path);
    dir = g_dir_open(path, 0, &error);
    if (!dir) {
        fprintf(stderr, "replay: %s\n", error->message);
        exit(1);
    }
    while ((name = g_dir_read_name(dir)))
        g_ptr_array_add(names, g_build_filename(path, name, NULL));
    g_ptr_array_sort(names, cmp_str);
    for (guint i = 0; i < names->len; i++)
        n += run_path(names->pdata[i]);
    return n;
}

int
main(int argc, char **argv)
{
    guint n = 0;

    if (argc < 2) {
        fprintf(stderr, "usage: %s FILE|DIR...\n", argv[0]);
        return 2;
    }
    LLVMFuzzerInitialize(&argc, &argv);
    for (int i = 1; i < argc; i++)
        n += run_path(argv[i]);
    printf("replayed %u inputs\n", n);
    return n > 0 ? 0 : 1;
}
