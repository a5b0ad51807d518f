/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * /proc/net/bonding/<bond> parsing, for the facts netlink never reports
 * (per-port LACP actor/partner details, churn counts, the effective LACP
 * system priority and MAC).  Polled only in 802.3ad mode.
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef struct {
    char *name;
    /* "Key" -> "value" for the port block; lines of the "details actor/partner
     * lacp pdu:" sub-blocks are keyed "actor:<key>" / "partner:<key>". */
    GHashTable *kv;
} BondProcPort;

typedef struct {
    GHashTable *kv;   /* master block: "Key" -> "value" ("\tAggregator ID" is "Aggregator ID") */
    GPtrArray *ports; /* BondProcPort* in file order */
} BondProcInfo;

BondProcInfo *bond_procfs_parse(const char *text);
BondProcInfo *bond_procfs_read(const char *bond_name, GError **error);
void bond_proc_info_free(BondProcInfo *info);
const BondProcPort *bond_proc_info_port(const BondProcInfo *info, const char *name);
G_DEFINE_AUTOPTR_CLEANUP_FUNC(BondProcInfo, bond_proc_info_free)

/* Add the port's procfs-only facts to a D-Bus a{sv} builder, under bondd's
 * property names (ActorChurnState, PartnerSystemMac...). */
void bond_procfs_port_to_variant(const BondProcPort *port, GVariantBuilder *builder);
/* Same for the master block (SystemPriority, SystemMac). */
void bond_procfs_master_to_variant(const BondProcInfo *info, GVariantBuilder *builder);

G_END_DECLS
