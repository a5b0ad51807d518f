/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * nm_connection_normalize() without libnm's critical; see
 * connection-normalize.h.
 */
#include "config.h"

#include "connection-normalize.h"

#include "profile-limits.h"

/* libnm strips the options a bond's mode does not support while it
 * normalizes a profile that verified, and only then finds that the rest
 * may not verify (a peer_notif_delay against the miimon default that comes
 * back when ARP monitoring goes): a critical where an error should be.
 * Stripped first, by libnm's own rule (an option without a normalized
 * value) and only where libnm would strip (the profile verifies, so that
 * what verification refuses stays refused), the normalization's own check
 * names the problem.  An unknown mode strips nothing, as in libnm. */
static void
strip_unsupported_bond_options(NMConnection *connection)
{
    NMSettingBond *s_bond = nm_connection_get_setting_bond(connection);
    g_autoptr(GPtrArray) unsupported = g_ptr_array_new_with_free_func(g_free);
    const char *name;

    if (!s_bond || nm_utils_bond_mode_string_to_int(
                       nm_setting_bond_get_option_by_name(s_bond, NM_SETTING_BOND_OPTION_MODE)) < 0)
        return;
    for (guint i = 0; i < nm_setting_bond_get_num_options(s_bond); i++) {
        if (nm_setting_bond_get_option(s_bond, i, &name, NULL) &&
            !g_str_equal(name, NM_SETTING_BOND_OPTION_MODE) &&
            !nm_setting_bond_get_option_normalized(s_bond, name))
            g_ptr_array_add(unsupported, g_strdup(name));
    }
    /* The whole profile is verified only when there is something to strip. */
    if (unsupported->len == 0 || !nm_connection_verify(connection, NULL))
        return;
    for (guint i = 0; i < unsupported->len; i++)
        nm_setting_bond_remove_option(s_bond, unsupported->pdata[i]);
}

gboolean
bondd_connection_normalize(NMConnection *connection, GError **error)
{
    NMSettingIPConfig *s_ip[] = {
        nm_connection_get_setting_ip4_config(connection),
        nm_connection_get_setting_ip6_config(connection),
    };

    for (guint i = 0; i < G_N_ELEMENTS(s_ip); i++) {
        if (s_ip[i] && nm_setting_ip_config_get_never_default(s_ip[i]) &&
            nm_setting_ip_config_get_gateway(s_ip[i]))
            g_object_set(s_ip[i], NM_SETTING_IP_CONFIG_GATEWAY, NULL, NULL);
    }
    strip_unsupported_bond_options(connection);
    return nm_connection_normalize(connection, NULL, NULL, error);
}

static gboolean
drops_gateway(const char *setting, GVariant *props)
{
    gboolean never = FALSE;
    g_autoptr(GVariant) gateway = NULL;

    if (!g_str_equal(setting, NM_SETTING_IP4_CONFIG_SETTING_NAME) &&
        !g_str_equal(setting, NM_SETTING_IP6_CONFIG_SETTING_NAME))
        return FALSE;
    if (!g_variant_lookup(props, NM_SETTING_IP_CONFIG_NEVER_DEFAULT, "b", &never) || !never)
        return FALSE;
    gateway = g_variant_lookup_value(props, NM_SETTING_IP_CONFIG_GATEWAY, NULL);
    return gateway != NULL;
}

GVariant *
bondd_connection_dict_prepare(GVariant *settings)
{
    GVariantBuilder outer;
    GVariantIter iter;
    const char *setting;
    GVariant *props;
    gboolean any = FALSE;

    g_return_val_if_fail(g_variant_is_of_type(settings, G_VARIANT_TYPE("a{sa{sv}}")), NULL);

    g_variant_iter_init(&iter, settings);
    while (!any && g_variant_iter_next(&iter, "{&s@a{sv}}", &setting, &props)) {
        any = drops_gateway(setting, props);
        g_variant_unref(props);
    }
    if (!any)
        return g_variant_ref(settings);

    g_variant_builder_init(&outer, G_VARIANT_TYPE("a{sa{sv}}"));
    g_variant_iter_init(&iter, settings);
    while (g_variant_iter_loop(&iter, "{&s@a{sv}}", &setting, &props)) {
        GVariantBuilder inner;
        GVariantIter piter;
        const char *key;
        GVariant *value;

        if (!drops_gateway(setting, props)) {
            g_variant_builder_add(&outer, "{s@a{sv}}", setting, props);
            continue;
        }
        g_variant_builder_init(&inner, G_VARIANT_TYPE_VARDICT);
        g_variant_iter_init(&piter, props);
        while (g_variant_iter_loop(&piter, "{&sv}", &key, &value)) {
            if (!g_str_equal(key, NM_SETTING_IP_CONFIG_GATEWAY))
                g_variant_builder_add(&inner, "{sv}", key, value);
        }
        g_variant_builder_add(&outer, "{sa{sv}}", setting, &inner);
    }
    return g_variant_ref_sink(g_variant_builder_end(&outer));
}

gboolean
bondd_connection_accept(NMConnection *connection, GError **error)
{
    return bondd_connection_normalize(connection, error) &&
           bondd_profile_limits_check(connection, error);
}
