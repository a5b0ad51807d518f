/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Fuzz target: an ifcfg file is read, written (as a new file and in place)
 * and read back; the profile must come back the same (ifcfg-round-trip.h).
 * Any difference aborts with the property and the text written.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>

#include "fuzz-common.h"
#include "ifcfg-round-trip.h"

int
LLVMFuzzerInitialize(int *argc, char ***argv)
{
    fuzz_setup_glib();
    return 0;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    g_autoptr(GError) error = NULL;

    /* Bigger than any file the reader takes (1 MiB): not worth the time. */
    if (size > 64 * 1024)
        return 0;
    if (!ifcfg_round_trip_check((const char *)data, size, &error)) {
        fprintf(stderr, "ifcfg round trip: %s\n", error->message);
        abort();
    }
    return 0;
}
