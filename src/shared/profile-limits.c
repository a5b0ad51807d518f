/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * What one profile may hold; see profile-limits.h.  Every check costs time
 * linear in the size of what it looks at, and the size is checked first.
 */
#include "config.h"

#include "profile-limits.h"

#include <glib/gi18n-lib.h>
#include <string.h>

static gboolean G_GNUC_PRINTF(4, 5)
    fail(GError **error, const char *setting, const char *property, const char *fmt, ...)
{
    g_autofree char *msg = NULL;
    va_list ap;

    va_start(ap, fmt);
    msg = g_strdup_vprintf(fmt, ap);
    va_end(ap);
    g_set_error(error, NM_CONNECTION_ERROR, NM_CONNECTION_ERROR_INVALID_PROPERTY, "%s.%s: %s",
                setting, property, msg);
    return FALSE;
}

/*****************************************************************************/
/* As sent: any value */

static gboolean
is_string_type(const GVariantType *t)
{
    return g_variant_type_equal(t, G_VARIANT_TYPE_STRING) ||
           g_variant_type_equal(t, G_VARIANT_TYPE_OBJECT_PATH) ||
           g_variant_type_equal(t, G_VARIANT_TYPE_SIGNATURE);
}

/* Strings and lists anywhere in @value, which is @setting.@key. */
static gboolean
check_value(GVariant *value, const char *setting, const char *key, GError **error)
{
    const GVariantType *type = g_variant_get_type(value);
    GVariantIter iter;
    GVariant *child;

    if (is_string_type(type)) {
        gsize len = 0;

        g_variant_get_string(value, &len);
        if (len > BONDD_LIMIT_STRING_BYTES)
            return fail(error, setting, key, _("a string of %lu bytes; at most %d"),
                        (unsigned long)len, BONDD_LIMIT_STRING_BYTES);
        return TRUE;
    }
    if (!g_variant_type_is_container(type))
        return TRUE;
    /* Nothing in a small container can be too long: a string is shorter
     * than it, and every entry of a list takes at least a byte. */
    if (g_variant_get_size(value) <= BONDD_LIMIT_STRING_BYTES &&
        BONDD_LIMIT_STRING_BYTES <= BONDD_LIMIT_LIST_ENTRIES)
        return TRUE;
    if (g_variant_type_is_array(type)) {
        const GVariantType *element = g_variant_type_element(type);
        gsize n = g_variant_n_children(value);

        /* Arrays of numbers or bytes (an address, a certificate) are bounded
         * by the profile's size alone. */
        if (g_variant_type_is_basic(element) && !is_string_type(element))
            return TRUE;
        if (n > BONDD_LIMIT_LIST_ENTRIES)
            return fail(error, setting, key, _("%lu entries; at most %d"), (unsigned long)n,
                        BONDD_LIMIT_LIST_ENTRIES);
    }
    g_variant_iter_init(&iter, value);
    while ((child = g_variant_iter_next_value(&iter))) {
        gboolean ok = check_value(child, setting, key, error);

        g_variant_unref(child);
        if (!ok)
            return FALSE;
    }
    return TRUE;
}

static gboolean
check_settings_dict(GVariant *settings, GError **error)
{
    GVariantIter outer;
    const char *setting;
    GVariant *props;

    g_variant_iter_init(&outer, settings);
    while (g_variant_iter_loop(&outer, "{&s@a{sv}}", &setting, &props)) {
        GVariantIter inner;
        const char *key;
        GVariant *value;

        g_variant_iter_init(&inner, props);
        while (g_variant_iter_loop(&inner, "{&sv}", &key, &value)) {
            if (!check_value(value, setting, key, error)) {
                g_variant_unref(value);
                g_variant_unref(props);
                return FALSE;
            }
        }
    }
    return TRUE;
}

gboolean
bondd_profile_limits_check_dbus(GVariant *settings, GError **error)
{
    gsize size;

    g_return_val_if_fail(settings, FALSE);

    if (!g_variant_is_of_type(settings, G_VARIANT_TYPE("a{sa{sv}}"))) {
        g_set_error_literal(error, NM_CONNECTION_ERROR, NM_CONNECTION_ERROR_FAILED,
                            _("settings must be of type a{sa{sv}}"));
        return FALSE;
    }
    size = g_variant_get_size(settings);
    if (size > BONDD_LIMIT_PROFILE_BYTES) {
        g_set_error(error, NM_CONNECTION_ERROR, NM_CONNECTION_ERROR_FAILED,
                    _("the profile is %lu bytes long; at most %d"), (unsigned long)size,
                    BONDD_LIMIT_PROFILE_BYTES);
        return FALSE;
    }
    return check_settings_dict(settings, error);
}

/*****************************************************************************/
/* Parsed: by property */

static gboolean
check_count(guint n, guint max, const char *setting, const char *property, GError **error)
{
    if (n <= max)
        return TRUE;
    return fail(error, setting, property, _("%u entries; at most %u"), n, max);
}

/* One word of printable characters: it is stored in a space-separated list. */
static gboolean
check_domain(const char *domain, const char *setting, GError **error)
{
    const char *name = domain[0] == '~' ? domain + 1 : domain;

    if (strlen(name) > BONDD_LIMIT_DOMAIN_BYTES)
        return fail(error, setting, NM_SETTING_IP_CONFIG_DNS_SEARCH,
                    _("a domain of %lu bytes; at most %d"), (unsigned long)strlen(name),
                    BONDD_LIMIT_DOMAIN_BYTES);
    for (const guchar *p = (const guchar *)domain; *p; p++) {
        if (*p <= ' ' || *p == 0x7f)
            return fail(error, setting, NM_SETTING_IP_CONFIG_DNS_SEARCH,
                        _("'%s' is not a domain name: it contains white space or a control "
                          "character"),
                        domain);
    }
    return TRUE;
}

static gboolean
check_ip_config(NMSettingIPConfig *s_ip, GError **error)
{
    const char *setting = nm_setting_get_name(NM_SETTING(s_ip));
    const char *hostname = nm_setting_ip_config_get_dhcp_hostname(s_ip);
    guint n;

    if (!check_count(nm_setting_ip_config_get_num_addresses(s_ip), BONDD_LIMIT_ADDRESSES, setting,
                     NM_SETTING_IP_CONFIG_ADDRESSES, error) ||
        !check_count(nm_setting_ip_config_get_num_routes(s_ip), BONDD_LIMIT_ROUTES, setting,
                     NM_SETTING_IP_CONFIG_ROUTES, error) ||
        !check_count(nm_setting_ip_config_get_num_dns(s_ip), BONDD_LIMIT_DNS_SERVERS, setting,
                     NM_SETTING_IP_CONFIG_DNS, error) ||
        !check_count(nm_setting_ip_config_get_num_dns_options(s_ip), BONDD_LIMIT_DNS_OPTIONS,
                     setting, NM_SETTING_IP_CONFIG_DNS_OPTIONS, error))
        return FALSE;
    n = nm_setting_ip_config_get_num_dns_searches(s_ip);
    if (!check_count(n, BONDD_LIMIT_DNS_SEARCH, setting, NM_SETTING_IP_CONFIG_DNS_SEARCH, error))
        return FALSE;
    for (guint i = 0; i < n; i++) {
        if (!check_domain(nm_setting_ip_config_get_dns_search(s_ip, i), setting, error))
            return FALSE;
    }
    if (hostname && strlen(hostname) > BONDD_LIMIT_DHCP_HOSTNAME_BYTES)
        return fail(error, setting, NM_SETTING_IP_CONFIG_DHCP_HOSTNAME, _("%lu bytes; at most %d"),
                    (unsigned long)strlen(hostname), BONDD_LIMIT_DHCP_HOSTNAME_BYTES);
    return TRUE;
}

gboolean
bondd_profile_limits_check(NMConnection *connection, GError **error)
{
    NMSettingIPConfig *s_ip;

    g_return_val_if_fail(NM_IS_CONNECTION(connection), FALSE);

    if ((s_ip = nm_connection_get_setting_ip4_config(connection)) && !check_ip_config(s_ip, error))
        return FALSE;
    if ((s_ip = nm_connection_get_setting_ip6_config(connection)) && !check_ip_config(s_ip, error))
        return FALSE;
    return TRUE;
}
