/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The addresses a file lists, in file order without duplicates, as
 * nm_setting_ip_config_add_address() keeps them, but in time linear in their
 * number (libnm's own duplicate check scans the list for every address: a
 * file of thousands of addresses took seconds); set on the setting at once.
 */
#pragma once

#include <NetworkManager.h>

G_BEGIN_DECLS

typedef struct {
    GPtrArray *addrs; /* NMIPAddress* */
    GHashTable *seen; /* "address/prefix" */
} IfcfgAddressList;

void ifcfg_address_list_init(IfcfgAddressList *list);
/* Takes @ip; an address equal to one already listed (address and prefix,
 * as nm_ip_address_equal()) is dropped. */
void ifcfg_address_list_add(IfcfgAddressList *list, NMIPAddress *ip);
/* Sets @s_ip's addresses to the list. */
void ifcfg_address_list_apply(IfcfgAddressList *list, NMSetting *s_ip);
void ifcfg_address_list_clear(IfcfgAddressList *list);
G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC(IfcfgAddressList, ifcfg_address_list_clear)

G_END_DECLS
