/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Fuzz target: the text of /proc/net/bonding/<bond>.  The parser must take
 * anything, and what it finds must make valid D-Bus values (it once passed
 * non-UTF-8 bytes to GVariant).
 */
#include "config.h"

#include "bond-procfs.h"
#include "bond-state.h"
#include "fuzz-common.h"

static void
consume(GVariantBuilder *b)
{
    g_autoptr(GVariant) v = g_variant_ref_sink(g_variant_builder_end(b));

    g_variant_get_data(v);
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
    g_autofree char *text = NULL;
    g_autoptr(BondState) state = NULL;
    g_autoptr(GVariant) ports = NULL;
    BondProcInfo *info;
    GVariantBuilder b;

    if (size > 256 * 1024)
        return 0;
    text = fuzz_strndup(data, size);
    info = bond_procfs_parse(text);

    for (guint i = 0; i < info->ports->len; i++) {
        const BondProcPort *p = info->ports->pdata[i];

        if (bond_proc_info_port(info, p->name) == NULL)
            abort();
        g_variant_builder_init(&b, G_VARIANT_TYPE_VARDICT);
        bond_procfs_port_to_variant(p, &b);
        consume(&b);
    }
    g_variant_builder_init(&b, G_VARIANT_TYPE_VARDICT);
    bond_procfs_master_to_variant(info, &b);
    consume(&b);

    /* Through the state, as the plugin uses it. */
    state = bond_state_new("bond0");
    if (info->ports->len > 0)
        bond_state_update_port(state, 3, ((BondProcPort *)info->ports->pdata[0])->name, NULL, TRUE,
                               1, 1, 0, 1, NULL);
    bond_state_set_proc(state, info);
    ports = g_variant_ref_sink(bond_state_ports_variant(state));
    g_variant_get_data(ports);
    return 0;
}
