/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Address lists in linear time; see ifcfg-address-list.h.
 */
#include "config.h"

#include "ifcfg-address-list.h"

void
ifcfg_address_list_init(IfcfgAddressList *list)
{
    list->addrs = g_ptr_array_new_with_free_func((GDestroyNotify)nm_ip_address_unref);
    list->seen = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
}

void
ifcfg_address_list_add(IfcfgAddressList *list, NMIPAddress *ip)
{
    char *key =
        g_strdup_printf("%s/%u", nm_ip_address_get_address(ip), nm_ip_address_get_prefix(ip));

    if (!g_hash_table_add(list->seen, key)) {
        nm_ip_address_unref(ip);
        return;
    }
    g_ptr_array_add(list->addrs, ip);
}

void
ifcfg_address_list_apply(IfcfgAddressList *list, NMSetting *s_ip)
{
    g_object_set(s_ip, NM_SETTING_IP_CONFIG_ADDRESSES, list->addrs, NULL);
}

void
ifcfg_address_list_clear(IfcfgAddressList *list)
{
    g_clear_pointer(&list->addrs, g_ptr_array_unref);
    g_clear_pointer(&list->seen, g_hash_table_unref);
}
