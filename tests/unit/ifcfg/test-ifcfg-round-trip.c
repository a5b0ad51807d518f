/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Read -> write -> read gives the same profile (tests/fuzz/ifcfg-round-trip.h,
 * the fuzz target's check), for the files that used to lose a key on the
 * way; and the written file holds the key.
 */
#include "config.h"

#include "ifcfg-reader.h"
#include "ifcfg-round-trip.h"
#include "ifcfg-writer.h"
#include "test-common.h"

typedef struct {
    const char *file;
    const char *written; /* a line the new file must have */
} Case;

static const Case cases[] = {
    /* PEERDNS / PEERROUTES were dropped with IPv4 disabled. */
    {"DEVICE=eth0\nPEERDNS=no\n", "PEERDNS=no\n"},
    {"DEVICE=eth0\nBOOTPROTO=none\nPEERROUTES=no\n", "PEERROUTES=no\n"},
    {"DEVICE=eth0\nBOOTPROTO=static\nPEERDNS=no\nPEERROUTES=no\n", "PEERROUTES=no\n"},
    /* DHCP_HOSTNAME was neither read nor written. */
    {"DEVICE=eth0\nBOOTPROTO=dhcp\nDHCP_HOSTNAME=host.example.com\n",
     "DHCP_HOSTNAME=host.example.com\n"},
    {"DEVICE=eth0\nDHCP_HOSTNAME=\"a \\\"b\\\" \\$(c)\"\n",
     "DHCP_HOSTNAME=\"a \\\"b\\\" \\$(c)\"\n"},
    {"DEVICE=eth0\nBOOTPROTO=dhcp\nDOMAIN=\"a.example  b.example\"\n",
     "DOMAIN=\"a.example b.example\"\n"},
};

static void
test_cases(void)
{
    for (guint i = 0; i < G_N_ELEMENTS(cases); i++) {
        g_autoptr(GError) error = NULL;
        g_autoptr(ShvarFile) s =
            sv_file_new_from_data("/nonexistent/ifcfg-rt", cases[i].file, strlen(cases[i].file));
        g_autoptr(ShvarFile) fresh = sv_file_new("/nonexistent/ifcfg-rt");
        g_autoptr(NMConnection) c = ifcfg_reader_read(s, NULL, NULL, FALSE, &error);
        g_autofree char *text = NULL;

        g_assert_no_error(error);
        if (!ifcfg_round_trip_check(cases[i].file, strlen(cases[i].file), &error))
            g_error("case %u: %s", i, error->message);
        g_assert_true(ifcfg_writer_construct(fresh, c, NULL, NULL, &error));
        text = sv_file_to_data(fresh);
        if (!strstr(text, cases[i].written))
            g_error("case %u: no '%s' in\n%s", i, cases[i].written, text);
    }
}

int
main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    g_test_add_func("/ifcfg/round-trip/lost-keys", test_cases);
    return g_test_run();
}
