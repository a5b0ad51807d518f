/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * What every fuzz target shares: the libFuzzer entry points, and GLib set
 * up so that a critical or a warning is a crash (a finding) while ordinary
 * log lines are dropped (speed).
 */
#pragma once

#include <glib.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Warnings and worse are findings: print them and abort (SIGABRT, which
 * libFuzzer catches and saves the input for); anything less is dropped. */
static void
fuzz_log(const char *domain, GLogLevelFlags level, const char *message, gpointer data)
{
    if (!(level & (G_LOG_LEVEL_ERROR | G_LOG_LEVEL_CRITICAL | G_LOG_LEVEL_WARNING)))
        return;
    fprintf(stderr, "%s: %s\n", domain ? domain : "(no domain)", message);
    abort();
}

static inline void
fuzz_setup_glib(void)
{
    g_log_set_default_handler(fuzz_log, NULL);
}

/* The input as a NUL-terminated string (inputs may hold NULs: the rest is
 * cut off, as a C reader would see it). */
static inline char *
fuzz_strndup(const uint8_t *data, size_t size)
{
    return g_strndup((const char *)data, size);
}
