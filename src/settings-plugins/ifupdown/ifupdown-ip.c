/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * inet / inet6 stanzas and resolvconf's dns-* options -> ipv4 / ipv6
 * settings.  See ifupdown-ip.h.
 */
#include "config.h"

#include "ifupdown-ip.h"

#include <arpa/inet.h>
#include <glib/gi18n-lib.h>
#include <string.h>

typedef struct {
    const IfupdownStanza *stanza; /* the first stanza of the family */
    const char *method;           /* NM_SETTING_IP*_CONFIG_METHOD_* */
    gboolean is_static;
    GPtrArray *address_opts; /* const IfupdownOpt* (copies), resolved at the end */
    char *gateway;
    gint64 metric; /* -1: not given */
    char *dhcp_hostname;
    int autoconf; /* inet6: -1 not given */
    int privext;  /* inet6: -1 not given */
} Family;

typedef struct {
    char *value;
    int family; /* AF_INET, AF_INET6, or 0 for a search domain */
    const char *key_raw;
    const char *file;
    guint line;
} DnsItem;

struct _IfupdownIp {
    char *iface;
    Family v4, v6;
    GHashTable *netmask; /* const IfupdownStanza* -> GUINT_TO_POINTER(prefix + 1) */
    GPtrArray *dns;      /* DnsItem*: servers and search domains in file order */
};

typedef enum {
    FAM_INET = 1 << 0,
    FAM_INET6 = 1 << 1,
} FamilyMask;

static void
family_init(Family *f)
{
    memset(f, 0, sizeof(*f));
    f->address_opts = g_ptr_array_new_with_free_func(g_free);
    f->metric = -1;
    f->autoconf = -1;
    f->privext = -1;
}

static void
family_clear(Family *f)
{
    g_ptr_array_unref(f->address_opts);
    g_free(f->gateway);
    g_free(f->dhcp_hostname);
}

static void
dns_item_free(DnsItem *item)
{
    g_free(item->value);
    g_free(item);
}

IfupdownIp *
ifupdown_ip_new(const char *iface)
{
    IfupdownIp *ip = g_new0(IfupdownIp, 1);

    ip->iface = g_strdup(iface);
    family_init(&ip->v4);
    family_init(&ip->v6);
    ip->netmask = g_hash_table_new(g_direct_hash, g_direct_equal);
    ip->dns = g_ptr_array_new_with_free_func((GDestroyNotify)dns_item_free);
    return ip;
}

void
ifupdown_ip_free(IfupdownIp *ip)
{
    if (!ip)
        return;
    family_clear(&ip->v4);
    family_clear(&ip->v6);
    g_hash_table_unref(ip->netmask);
    g_ptr_array_unref(ip->dns);
    g_free(ip->iface);
    g_free(ip);
}

static void
not_carried(IfupdownIp *ip, const IfupdownOpt *o, GPtrArray *diags, const char *why)
{
    ifupdown_diag_add(diags, IFUPDOWN_DIAG_NOT_CARRIED, o->option->file, o->option->line,
                      _("%s: '%s %s' not carried: %s"), ip->iface, o->option->key_raw,
                      o->option->value, why);
}

static Family *
family_of(IfupdownIp *ip, const IfupdownOpt *o)
{
    if (strcmp(o->stanza->family, "inet") == 0)
        return &ip->v4;
    if (strcmp(o->stanza->family, "inet6") == 0)
        return &ip->v6;
    return NULL;
}

static int
af_of(IfupdownIp *ip, const Family *f)
{
    return f == &ip->v4 ? AF_INET : AF_INET6;
}

/*****************************************************************************/
/* Stanzas */

gboolean
ifupdown_ip_add_stanza(IfupdownIp *ip, const IfupdownStanza *stanza, GPtrArray *diags,
                       IfupdownDiag **skip)
{
    static const struct {
        const char *family;
        const char *method;
        const char *nm_method;
    } methods[] = {
        {"inet", "static", NM_SETTING_IP4_CONFIG_METHOD_MANUAL},
        {"inet", "dhcp", NM_SETTING_IP4_CONFIG_METHOD_AUTO},
        {"inet", "manual", NM_SETTING_IP4_CONFIG_METHOD_DISABLED},
        {"inet6", "static", NM_SETTING_IP6_CONFIG_METHOD_MANUAL},
        {"inet6", "auto", NM_SETTING_IP6_CONFIG_METHOD_AUTO},
        {"inet6", "dhcp", NM_SETTING_IP6_CONFIG_METHOD_DHCP},
        {"inet6", "manual", NM_SETTING_IP6_CONFIG_METHOD_IGNORE},
    };
    Family *f;

    if (strcmp(stanza->family, "inet") == 0)
        f = &ip->v4;
    else if (strcmp(stanza->family, "inet6") == 0)
        f = &ip->v6;
    else {
        ifupdown_diag_add(diags, IFUPDOWN_DIAG_NOT_CARRIED, stanza->file, stanza->line,
                          _("%s: address family %s not carried"), ip->iface, stanza->family);
        return TRUE;
    }
    for (guint i = 0; i < G_N_ELEMENTS(methods); i++) {
        if (strcmp(methods[i].family, stanza->family) != 0 ||
            strcmp(methods[i].method, stanza->method) != 0)
            continue;
        if (f->stanza && strcmp(f->stanza->method, stanza->method) != 0) {
            ifupdown_diag_add(diags, IFUPDOWN_DIAG_NOT_CARRIED, stanza->file, stanza->line,
                              _("%s: a second %s stanza with method %s; the first one, %s at "
                                "%s:%u, is used"),
                              ip->iface, stanza->family, stanza->method, f->stanza->method,
                              f->stanza->file, f->stanza->line);
            return TRUE;
        }
        if (!f->stanza) {
            f->stanza = stanza;
            f->method = methods[i].nm_method;
            f->is_static = strcmp(stanza->method, "static") == 0;
        }
        return TRUE;
    }
    *skip = ifupdown_diag_new(IFUPDOWN_DIAG_SKIPPED, stanza->file, stanza->line,
                              _("%s: skipped: method '%s %s' cannot be carried by a profile"),
                              ip->iface, stanza->family, stanza->method);
    return FALSE;
}

/*****************************************************************************/
/* Options */

typedef void (*OptionFunc)(IfupdownIp *ip, Family *f, const IfupdownOpt *o, GPtrArray *diags);

static gboolean
parse_prefix(int af, const char *text, guint *out)
{
    guint64 v;

    if (g_ascii_string_to_unsigned(text, 10, 0, af == AF_INET ? 32 : 128, &v, NULL)) {
        *out = (guint)v;
        return TRUE;
    }
    if (af == AF_INET) {
        struct in_addr mask;

        if (inet_pton(AF_INET, text, &mask) == 1) {
            *out = nm_utils_ip4_netmask_to_prefix(mask.s_addr);
            return TRUE;
        }
    }
    return FALSE;
}

static void
opt_address(IfupdownIp *ip, Family *f, const IfupdownOpt *o, GPtrArray *diags)
{
    IfupdownOpt *copy;

    if (!f->is_static) {
        not_carried(ip, o, diags, _("addresses belong to method static"));
        return;
    }
    copy = g_new(IfupdownOpt, 1);
    *copy = *o;
    g_ptr_array_add(f->address_opts, copy);
}

static void
opt_netmask(IfupdownIp *ip, Family *f, const IfupdownOpt *o, GPtrArray *diags)
{
    guint prefix;

    if (g_hash_table_contains(ip->netmask, o->stanza))
        return;
    if (!parse_prefix(af_of(ip, f), o->option->value, &prefix)) {
        not_carried(ip, o, diags, _("not a netmask"));
        return;
    }
    g_hash_table_insert(ip->netmask, (gpointer)o->stanza, GUINT_TO_POINTER(prefix + 1));
}

static void
opt_gateway(IfupdownIp *ip, Family *f, const IfupdownOpt *o, GPtrArray *diags)
{
    if (!f->is_static) {
        not_carried(ip, o, diags, _("a gateway belongs to method static"));
        return;
    }
    if (!nm_utils_ipaddr_valid(af_of(ip, f), o->option->value)) {
        not_carried(ip, o, diags, _("not an address of the family"));
        return;
    }
    if (f->gateway) {
        not_carried(ip, o, diags, _("a profile has one gateway per family"));
        return;
    }
    f->gateway = g_strdup(o->option->value);
}

static void
opt_metric(IfupdownIp *ip, Family *f, const IfupdownOpt *o, GPtrArray *diags)
{
    guint64 v;

    if (!g_ascii_string_to_unsigned(o->option->value, 10, 0, G_MAXUINT32, &v, NULL)) {
        not_carried(ip, o, diags, _("not a number"));
        return;
    }
    if (f->metric < 0)
        f->metric = (gint64)v;
}

static void
opt_hostname(IfupdownIp *ip, Family *f, const IfupdownOpt *o, GPtrArray *diags)
{
    if (strcmp(o->stanza->method, "dhcp") != 0) {
        not_carried(ip, o, diags, _("a hostname belongs to method dhcp"));
        return;
    }
    if (!f->dhcp_hostname)
        f->dhcp_hostname = g_strdup(o->option->value);
}

static int
parse_01(const char *text, int max)
{
    guint64 v;

    if (!g_ascii_string_to_unsigned(text, 10, 0, max, &v, NULL))
        return -1;
    return (int)v;
}

static void
opt_autoconf(IfupdownIp *ip, Family *f, const IfupdownOpt *o, GPtrArray *diags)
{
    int v = parse_01(o->option->value, 1);

    if (v < 0)
        not_carried(ip, o, diags, _("not 0 or 1"));
    else if (f->autoconf < 0)
        f->autoconf = v;
}

static void
opt_privext(IfupdownIp *ip, Family *f, const IfupdownOpt *o, GPtrArray *diags)
{
    int v = parse_01(o->option->value, 2);

    if (v < 0)
        not_carried(ip, o, diags, _("not 0, 1 or 2"));
    else if (f->privext < 0)
        f->privext = v;
}

static void
opt_dns(IfupdownIp *ip, Family *f, const IfupdownOpt *o, GPtrArray *diags)
{
    g_auto(GStrv) words = g_strsplit_set(o->option->value, " \t,", -1);
    gboolean search = strcmp(o->option->key, "dns-nameservers") != 0;

    for (guint i = 0; words[i]; i++) {
        DnsItem *item;
        int af = 0;

        if (!words[i][0])
            continue;
        if (!search) {
            af = nm_utils_ipaddr_valid(AF_INET, words[i])    ? AF_INET
                 : nm_utils_ipaddr_valid(AF_INET6, words[i]) ? AF_INET6
                                                             : 0;
            if (!af) {
                ifupdown_diag_add(diags, IFUPDOWN_DIAG_NOT_CARRIED, o->option->file,
                                  o->option->line,
                                  _("%s: %s: '%s' is not an address (not carried)"), ip->iface,
                                  o->option->key_raw, words[i]);
                continue;
            }
        }
        item = g_new0(DnsItem, 1);
        item->value = g_strdup(words[i]);
        item->family = af;
        item->key_raw = o->option->key_raw;
        item->file = o->option->file;
        item->line = o->option->line;
        g_ptr_array_add(ip->dns, item);
    }
}

static void
opt_scope(IfupdownIp *ip, Family *f, const IfupdownOpt *o, GPtrArray *diags)
{
    if (strcmp(o->option->value, "global") != 0)
        not_carried(ip, o, diags, _("addresses of a profile have global scope"));
}

/* Options that change nothing a profile says: how long ifupdown waits,
 * what NetworkManager's method already decides, what the kernel derives. */
static void
opt_note(IfupdownIp *ip, Family *f, const IfupdownOpt *o, GPtrArray *diags)
{
    ifupdown_diag_add(diags, IFUPDOWN_DIAG_NOTE, o->option->file, o->option->line,
                      _("%s: '%s %s' left out: the profile's method decides it"), ip->iface,
                      o->option->key_raw, o->option->value);
}

static void
opt_not_carried(IfupdownIp *ip, Family *f, const IfupdownOpt *o, GPtrArray *diags)
{
    not_carried(ip, o, diags, _("a profile has no such setting"));
}

static const struct {
    const char *key;
    guint families;
    OptionFunc func;
} options[] = {
    {"address", FAM_INET | FAM_INET6, opt_address},
    {"netmask", FAM_INET | FAM_INET6, opt_netmask},
    {"gateway", FAM_INET | FAM_INET6, opt_gateway},
    {"metric", FAM_INET | FAM_INET6, opt_metric},
    {"hostname", FAM_INET, opt_hostname},
    {"autoconf", FAM_INET6, opt_autoconf},
    {"privext", FAM_INET6, opt_privext},
    {"dns-nameservers", FAM_INET | FAM_INET6, opt_dns},
    {"dns-search", FAM_INET | FAM_INET6, opt_dns},
    {"dns-domain", FAM_INET | FAM_INET6, opt_dns},
    {"scope", FAM_INET | FAM_INET6, opt_scope},
    {"broadcast", FAM_INET, opt_note},
    {"accept-ra", FAM_INET6, opt_note},
    {"dhcp", FAM_INET6, opt_note},
    {"dad-attempts", FAM_INET6, opt_note},
    {"dad-interval", FAM_INET6, opt_note},
    {"ll-attempts", FAM_INET6, opt_note},
    {"ll-interval", FAM_INET6, opt_note},
    {"pointopoint", FAM_INET, opt_not_carried},
    {"leasetime", FAM_INET, opt_not_carried},
    {"vendor", FAM_INET, opt_not_carried},
    {"client", FAM_INET, opt_not_carried},
    {"request-prefix", FAM_INET6, opt_not_carried},
    {"preferred-lifetime", FAM_INET6, opt_not_carried},
    {"media", FAM_INET6, opt_not_carried},
};

gboolean
ifupdown_ip_is_option(const char *key)
{
    for (guint i = 0; i < G_N_ELEMENTS(options); i++) {
        if (strcmp(options[i].key, key) == 0)
            return TRUE;
    }
    return FALSE;
}

void
ifupdown_ip_add_option(IfupdownIp *ip, const IfupdownOpt *o, GPtrArray *diags)
{
    Family *f = family_of(ip, o);

    for (guint i = 0; i < G_N_ELEMENTS(options); i++) {
        guint fam;

        if (strcmp(options[i].key, o->option->key) != 0)
            continue;
        fam = f == &ip->v4 ? FAM_INET : f == &ip->v6 ? FAM_INET6 : 0;
        /* An option of a family stanza whose method was not taken (a
         * second, different one) goes with it. */
        if (!(options[i].families & fam) || !f->stanza ||
            strcmp(o->stanza->method, f->stanza->method) != 0) {
            not_carried(ip, o, diags, _("not an option of this address family and method"));
            return;
        }
        options[i].func(ip, f, o, diags);
        return;
    }
    g_return_if_reached();
}

/*****************************************************************************/
/* Settings */

static gboolean
add_addresses(IfupdownIp *ip, Family *f, NMSettingIPConfig *s_ip, GPtrArray *diags)
{
    int af = af_of(ip, f);

    for (guint i = 0; i < f->address_opts->len; i++) {
        const IfupdownOpt *o = f->address_opts->pdata[i];
        g_autofree char *addr = g_strdup(o->option->value);
        char *slash = strchr(addr, '/');
        gpointer mask = g_hash_table_lookup(ip->netmask, o->stanza);
        guint prefix = mask ? GPOINTER_TO_UINT(mask) - 1 : (af == AF_INET ? 32 : 128);
        g_autoptr(GError) error = NULL;
        NMIPAddress *a;

        if (slash) {
            *slash = '\0';
            if (!parse_prefix(af, slash + 1, &prefix)) {
                not_carried(ip, o, diags, _("not an address with a prefix length"));
                continue;
            }
        }
        a = nm_ip_address_new(af, addr, prefix, &error);
        if (!a) {
            not_carried(ip, o, diags, error->message);
            continue;
        }
        nm_setting_ip_config_add_address(s_ip, a);
        nm_ip_address_unref(a);
    }
    return nm_setting_ip_config_get_num_addresses(s_ip) > 0;
}

static gboolean
family_carries_dns(const Family *f)
{
    return f->method && strcmp(f->method, NM_SETTING_IP4_CONFIG_METHOD_DISABLED) != 0 &&
           strcmp(f->method, NM_SETTING_IP6_CONFIG_METHOD_IGNORE) != 0;
}

static void
add_dns(IfupdownIp *ip, NMSettingIPConfig *s_ip4, NMSettingIPConfig *s_ip6, GPtrArray *diags)
{
    for (guint i = 0; i < ip->dns->len; i++) {
        DnsItem *item = ip->dns->pdata[i];
        NMSettingIPConfig *target = NULL;

        if (item->family == AF_INET)
            target = family_carries_dns(&ip->v4) ? s_ip4 : NULL;
        else if (item->family == AF_INET6)
            target = family_carries_dns(&ip->v6) ? s_ip6 : NULL;
        else
            target = family_carries_dns(&ip->v4)   ? s_ip4
                     : family_carries_dns(&ip->v6) ? s_ip6
                                                   : NULL;
        if (!target) {
            ifupdown_diag_add(diags, IFUPDOWN_DIAG_NOT_CARRIED, item->file, item->line,
                              _("%s: %s %s not carried: the interface has no %s configuration"),
                              ip->iface, item->key_raw, item->value,
                              item->family == AF_INET    ? "IPv4"
                              : item->family == AF_INET6 ? "IPv6"
                                                         : "IP");
            continue;
        }
        if (item->family)
            nm_setting_ip_config_add_dns(target, item->value);
        else
            nm_setting_ip_config_add_dns_search(target, item->value);
    }
}

static gboolean
family_to_setting(IfupdownIp *ip, Family *f, NMSetting *setting, GPtrArray *diags,
                  IfupdownDiag **skip)
{
    NMSettingIPConfig *s_ip = NM_SETTING_IP_CONFIG(setting);
    const char *method = f->method;

    if (!method)
        method = f == &ip->v4 ? NM_SETTING_IP4_CONFIG_METHOD_DISABLED
                              : NM_SETTING_IP6_CONFIG_METHOD_IGNORE;
    if (f->is_static && !add_addresses(ip, f, s_ip, diags)) {
        *skip = ifupdown_diag_new(IFUPDOWN_DIAG_SKIPPED, f->stanza->file, f->stanza->line,
                                  _("%s: skipped: '%s %s' without a usable address"), ip->iface,
                                  f->stanza->family, f->stanza->method);
        return FALSE;
    }
    /* inet6 static with autoconf 1: SLAAC on top of the addresses. */
    if (f == &ip->v6 && f->is_static && f->autoconf == 1)
        method = NM_SETTING_IP6_CONFIG_METHOD_AUTO;
    g_object_set(setting, NM_SETTING_IP_CONFIG_METHOD, method, NULL);
    if (f->gateway)
        g_object_set(setting, NM_SETTING_IP_CONFIG_GATEWAY, f->gateway, NULL);
    if (f->metric >= 0)
        g_object_set(setting, NM_SETTING_IP_CONFIG_ROUTE_METRIC, f->metric, NULL);
    if (f->dhcp_hostname)
        g_object_set(setting, NM_SETTING_IP_CONFIG_DHCP_HOSTNAME, f->dhcp_hostname, NULL);
    if (f == &ip->v6 && f->privext >= 0) {
        static const NMSettingIP6ConfigPrivacy privacy[] = {
            NM_SETTING_IP6_CONFIG_PRIVACY_DISABLED,
            NM_SETTING_IP6_CONFIG_PRIVACY_PREFER_PUBLIC_ADDR,
            NM_SETTING_IP6_CONFIG_PRIVACY_PREFER_TEMP_ADDR,
        };

        g_object_set(setting, NM_SETTING_IP6_CONFIG_IP6_PRIVACY, privacy[f->privext], NULL);
    }
    return TRUE;
}

gboolean
ifupdown_ip_to_settings(IfupdownIp *ip, NMConnection *connection, GPtrArray *diags,
                        IfupdownDiag **skip)
{
    NMSetting *s_ip4 = nm_setting_ip4_config_new();
    NMSetting *s_ip6 = nm_setting_ip6_config_new();

    nm_connection_add_setting(connection, s_ip4);
    nm_connection_add_setting(connection, s_ip6);
    if (!family_to_setting(ip, &ip->v4, s_ip4, diags, skip) ||
        !family_to_setting(ip, &ip->v6, s_ip6, diags, skip))
        return FALSE;
    add_dns(ip, NM_SETTING_IP_CONFIG(s_ip4), NM_SETTING_IP_CONFIG(s_ip6), diags);
    return TRUE;
}
