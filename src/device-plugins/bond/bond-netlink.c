/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Bond netlink encoding and decoding.  Everything about an option (name,
 * attribute, width, enum names, modes, constraints) comes from the shared
 * option table; this file only knows the message layout.
 */
#include "config.h"

#include "bond-netlink.h"

#include <glib/gi18n-lib.h>
#include <arpa/inet.h>
#include <string.h>
#include <linux/rtnetlink.h>
#include <linux/if_link.h>
#include <net/if.h>

/* ------------------------------------------------------------ BondConfig */

void
bond_config_clear(BondConfig *cfg)
{
    for (guint i = 0; i < BOND_OPTIONS_MAX; i++)
        g_clear_pointer(&cfg->values[i], g_free);
}

void
bond_config_copy(BondConfig *dst, const BondConfig *src)
{
    bond_config_clear(dst);
    for (guint i = 0; i < BOND_OPTIONS_MAX; i++)
        dst->values[i] = g_strdup(src->values[i]);
}

const char *
bond_config_get(const BondConfig *cfg, const char *name)
{
    const BondOptionInfo *opt = bond_option_by_name(name);

    g_return_val_if_fail(opt, NULL);
    return cfg->values[bond_option_index(opt)];
}

void
bond_config_set(BondConfig *cfg, const char *name, const char *canonical)
{
    const BondOptionInfo *opt = bond_option_by_name(name);
    guint idx;

    g_return_if_fail(opt);
    idx = bond_option_index(opt);
    g_free(cfg->values[idx]);
    cfg->values[idx] = g_strdup(canonical);
}

int
bond_config_mode(const BondConfig *cfg)
{
    const char *m = bond_config_get(cfg, "mode");

    return m ? bond_mode_from_string(m) : -1;
}

guint32
bond_config_get_uint(const BondConfig *cfg, const char *name, guint32 fallback)
{
    const char *v = bond_config_get(cfg, name);
    guint64 n;

    if (!v || !g_ascii_string_to_unsigned(v, 10, 0, G_MAXUINT32, &n, NULL))
        return fallback;
    return (guint32)n;
}

static void
config_unset_if(BondConfig *cfg, BondOptFlags flag, const char *except)
{
    for (guint i = 0; i < bond_options_count(); i++) {
        const BondOptionInfo *opt = bond_option_by_index(i);

        if ((opt->flags & flag) && g_strcmp0(opt->name, except) != 0)
            g_clear_pointer(&cfg->values[i], g_free);
    }
}

gboolean
bond_config_from_setting(NMSettingBond *s_bond, BondConfig *out, GError **error)
{
    const char **valid = nm_setting_bond_get_valid_options(s_bond);
    const char *mode_text = nm_setting_bond_get_option_normalized(s_bond, "mode");
    int mode = bond_mode_from_string(mode_text);

    memset(out, 0, sizeof *out);
    if (mode < 0) {
        g_set_error(error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                    _("bond.options: mode '%s' is not a bonding mode"), mode_text ? mode_text : "");
        return FALSE;
    }

    for (guint i = 0; valid && valid[i]; i++) {
        const BondOptionInfo *opt = bond_option_by_name(valid[i]);
        const char *value;
        char *canon;

        if (!opt) {
            /* A libnm newer than this table: the unit test catches this at
             * build time; at run time the option cannot be applied. */
            g_warning(_("bond.options: libnm option '%s' is unknown to bondd; not applied"),
                      valid[i]);
            continue;
        }
        /* Aliases are folded into their primary entry by libnm's
         * normalization; libnm-only policies and runtime choices are not
         * configuration for the kernel. */
        if (opt->flags & (BOND_OPT_FLAG_ALIAS | BOND_OPT_FLAG_NM_ONLY | BOND_OPT_FLAG_READ_ONLY |
                          BOND_OPT_FLAG_RUNTIME))
            continue;
        if (!bond_option_valid_in_mode(opt, (BondMode)mode))
            continue;
        value = nm_setting_bond_get_option_normalized(s_bond, valid[i]);
        if (!value)
            continue;
        if (opt->type == BOND_OPT_TYPE_IFNAME && value[0] == '\0')
            continue;
        canon = bond_option_canonicalize(opt, value, error);
        if (!canon) {
            g_prefix_error(error, _("bond.options: "));
            bond_config_clear(out);
            return FALSE;
        }
        out->values[bond_option_index(opt)] = canon;
    }

    /* One link monitor: the kernel turns miimon off when arp_interval is set
     * and rejects both non-zero in one message; the delays need miimon. */
    if (bond_config_get_uint(out, "arp_interval", 0) > 0) {
        bond_config_set(out, "miimon", "0");
        config_unset_if(out, BOND_OPT_FLAG_NEEDS_MIIMON, NULL);
    } else {
        config_unset_if(out, BOND_OPT_FLAG_ARP_MONITOR, "arp_interval");
        if (bond_config_get_uint(out, "miimon", 0) == 0)
            config_unset_if(out, BOND_OPT_FLAG_NEEDS_MIIMON, NULL);
    }
    return TRUE;
}

GPtrArray *
bond_config_diff(const BondConfig *requested, const BondConfig *applied)
{
    GPtrArray *diff = g_ptr_array_new();

    for (guint i = 0; i < bond_options_count(); i++) {
        if (!requested->values[i])
            continue;
        if (g_strcmp0(requested->values[i], applied->values[i]) != 0)
            g_ptr_array_add(diff, (gpointer)bond_option_by_index(i));
    }
    return diff;
}

/* --------------------------------------------------------------- encoding */

static gboolean
put_option(struct nlmsghdr *nlh, const BondOptionInfo *opt, const char *text,
           BondNameToIndex resolve, gpointer user_data, GPtrArray *unresolved, GError **error)
{
    BondOptValue v;
    gboolean ok = TRUE;

    if (!bond_option_parse(opt, text, &v, error))
        return FALSE;

    switch (opt->width) {
        case BOND_NL_U8:
            mnl_attr_put_u8(nlh, opt->attr, (guint8)v.num);
            break;
        case BOND_NL_U16:
            mnl_attr_put_u16(nlh, opt->attr, (guint16)v.num);
            break;
        case BOND_NL_U32:
        case BOND_NL_S32:
            if (opt->type == BOND_OPT_TYPE_IFNAME) {
                int ifindex = v.str[0] ? (resolve ? resolve(v.str, user_data) : 0) : 0;

                /* An empty name clears the option (ifindex 0); a name that does
                 * not exist yet is set later, when the device appears. */
                if (v.str[0] && ifindex <= 0) {
                    if (unresolved)
                        g_ptr_array_add(unresolved, (gpointer)opt->name);
                    break;
                }
                mnl_attr_put_u32(nlh, opt->attr, (guint32)ifindex);
            } else {
                mnl_attr_put_u32(nlh, opt->attr, v.num);
            }
            break;
        case BOND_NL_BINARY:
            mnl_attr_put(nlh, opt->attr, sizeof v.mac, v.mac);
            break;
        case BOND_NL_NEST: {
            struct nlattr *nest = mnl_attr_nest_start(nlh, opt->attr);
            gsize size = g_array_get_element_size(v.addrs);

            /* Entries are numbered from 0: type 0 is a real entry here. */
            for (guint i = 0; i < v.addrs->len; i++)
                mnl_attr_put(nlh, (guint16)i, size, v.addrs->data + i * size);
            mnl_attr_nest_end(nlh, nest);
            break;
        }
        case BOND_NL_NONE:
            ok = TRUE;
            break;
    }
    bond_opt_value_clear(&v);
    return ok;
}

gboolean
bond_netlink_put_options(struct nlmsghdr *nlh, const BondConfig *cfg, BondNameToIndex resolve,
                         gpointer user_data, GPtrArray *unresolved, GError **error)
{
    for (guint i = 0; i < bond_options_count(); i++) {
        const BondOptionInfo *opt = bond_option_by_index(i);

        if (!cfg->values[i] || !bond_option_is_settable(opt) || (opt->flags & BOND_OPT_FLAG_ALIAS))
            continue;
        if (!put_option(nlh, opt, cfg->values[i], resolve, user_data, unresolved, error))
            return FALSE;
    }
    return TRUE;
}

struct nlmsghdr *
bond_netlink_build_newlink(void *buf, const BondLinkRequest *req, BondNameToIndex resolve,
                           gpointer user_data, GPtrArray *unresolved, GError **error)
{
    struct nlmsghdr *nlh = mnl_nlmsg_put_header(buf);
    struct ifinfomsg *ifm;

    nlh->nlmsg_type = RTM_NEWLINK;
    nlh->nlmsg_flags = NLM_F_REQUEST | req->nlmsg_flags;
    ifm = mnl_nlmsg_put_extra_header(nlh, sizeof *ifm);
    ifm->ifi_family = AF_UNSPEC;
    ifm->ifi_index = req->ifindex;
    if (req->up >= 0) {
        ifm->ifi_change = IFF_UP;
        ifm->ifi_flags = req->up ? IFF_UP : 0;
    }
    if (req->ifname)
        mnl_attr_put_strz(nlh, IFLA_IFNAME, req->ifname);
    if (req->mtu)
        mnl_attr_put_u32(nlh, IFLA_MTU, req->mtu);
    if (req->hwaddr)
        mnl_attr_put(nlh, IFLA_ADDRESS, 6, req->hwaddr);
    if (req->master >= 0)
        mnl_attr_put_u32(nlh, IFLA_MASTER, (guint32)req->master);
    if (req->cfg) {
        struct nlattr *linkinfo = mnl_attr_nest_start(nlh, IFLA_LINKINFO);
        struct nlattr *data;

        mnl_attr_put_strz(nlh, IFLA_INFO_KIND, "bond");
        data = mnl_attr_nest_start(nlh, IFLA_INFO_DATA);
        if (!bond_netlink_put_options(nlh, req->cfg, resolve, user_data, unresolved, error))
            return NULL;
        mnl_attr_nest_end(nlh, data);
        mnl_attr_nest_end(nlh, linkinfo);
    }
    return nlh;
}

struct nlmsghdr *
bond_netlink_build_dellink(void *buf, int ifindex)
{
    struct nlmsghdr *nlh = mnl_nlmsg_put_header(buf);
    struct ifinfomsg *ifm;

    nlh->nlmsg_type = RTM_DELLINK;
    nlh->nlmsg_flags = NLM_F_REQUEST;
    ifm = mnl_nlmsg_put_extra_header(nlh, sizeof *ifm);
    ifm->ifi_family = AF_UNSPEC;
    ifm->ifi_index = ifindex;
    return nlh;
}

struct nlmsghdr *
bond_netlink_build_port_options(void *buf, int port_ifindex, int queue_id, gint64 prio)
{
    struct nlmsghdr *nlh = mnl_nlmsg_put_header(buf);
    struct ifinfomsg *ifm;
    struct nlattr *linkinfo, *data;

    nlh->nlmsg_type = RTM_NEWLINK;
    nlh->nlmsg_flags = NLM_F_REQUEST;
    ifm = mnl_nlmsg_put_extra_header(nlh, sizeof *ifm);
    ifm->ifi_family = AF_UNSPEC;
    ifm->ifi_index = port_ifindex;
    linkinfo = mnl_attr_nest_start(nlh, IFLA_LINKINFO);
    mnl_attr_put_strz(nlh, IFLA_INFO_SLAVE_KIND, "bond");
    data = mnl_attr_nest_start(nlh, IFLA_INFO_SLAVE_DATA);
    if (queue_id >= 0)
        mnl_attr_put_u16(nlh, bond_port_attr_by_name("queue_id")->attr, (guint16)queue_id);
    if (prio != G_MININT32)
        mnl_attr_put_u32(nlh, bond_port_attr_by_name("prio")->attr, (guint32)(gint32)prio);
    mnl_attr_nest_end(nlh, data);
    mnl_attr_nest_end(nlh, linkinfo);
    return nlh;
}

/* --------------------------------------------------------------- decoding */

gboolean
bond_netlink_parse_link(const struct nlmsghdr *nlh, BondLinkAttrs *out)
{
    const struct nlattr *attr;

    memset(out, 0, sizeof *out);
    if (!nlh || nlh->nlmsg_len < mnl_nlmsg_size(sizeof(struct ifinfomsg)))
        return FALSE;

    mnl_attr_for_each (attr, nlh, sizeof(struct ifinfomsg)) {
        guint16 type = mnl_attr_get_type(attr);

        if (type == IFLA_EVENT && mnl_attr_get_payload_len(attr) >= 4) {
            out->has_event = TRUE;
            out->event = mnl_attr_get_u32(attr);
        } else if (type == IFLA_LINKINFO) {
            const struct nlattr *sub;

            mnl_attr_for_each_nested (sub, attr) {
                switch (mnl_attr_get_type(sub)) {
                    case IFLA_INFO_KIND:
                        if (mnl_attr_validate(sub, MNL_TYPE_STRING) >= 0)
                            out->kind = mnl_attr_get_str(sub);
                        break;
                    case IFLA_INFO_SLAVE_KIND:
                        if (mnl_attr_validate(sub, MNL_TYPE_STRING) >= 0)
                            out->slave_kind = mnl_attr_get_str(sub);
                        break;
                    case IFLA_INFO_DATA:
                        out->info_data = sub;
                        break;
                    case IFLA_INFO_SLAVE_DATA:
                        out->slave_data = sub;
                        break;
                    default:
                        break;
                }
            }
        }
    }
    return TRUE;
}

static gboolean
read_uint(const struct nlattr *attr, BondNlWidth width, guint32 *out)
{
    guint16 len = mnl_attr_get_payload_len(attr);

    switch (width) {
        case BOND_NL_U8:
            if (len < 1)
                return FALSE;
            *out = mnl_attr_get_u8(attr);
            return TRUE;
        case BOND_NL_U16:
            if (len < 2)
                return FALSE;
            *out = mnl_attr_get_u16(attr);
            return TRUE;
        case BOND_NL_U32:
        case BOND_NL_S32:
            if (len < 4)
                return FALSE;
            *out = mnl_attr_get_u32(attr);
            return TRUE;
        default:
            return FALSE;
    }
}

static char *
decode_option(const BondOptionInfo *opt, const struct nlattr *attr, BondIndexToName resolve,
              gpointer user_data)
{
    BondOptValue v = {0};
    char *text = NULL;

    switch (opt->width) {
        case BOND_NL_U8:
        case BOND_NL_U16:
        case BOND_NL_U32:
        case BOND_NL_S32:
            if (!read_uint(attr, opt->width, &v.num))
                return NULL;
            if (opt->type == BOND_OPT_TYPE_IFNAME) {
                const char *name = v.num && resolve ? resolve((int)v.num, user_data) : NULL;

                /* An ifindex we cannot name is still a fact worth showing. */
                v.str = name    ? g_strdup(name)
                        : v.num ? g_strdup_printf("#%u", v.num)
                                : g_strdup("");
            }
            break;
        case BOND_NL_BINARY:
            if (mnl_attr_get_payload_len(attr) != sizeof v.mac)
                return NULL;
            memcpy(v.mac, mnl_attr_get_payload(attr), sizeof v.mac);
            break;
        case BOND_NL_NEST: {
            gsize size = opt->type == BOND_OPT_TYPE_IP4LIST ? sizeof(struct in_addr)
                                                            : sizeof(struct in6_addr);
            const struct nlattr *entry;

            v.addrs = g_array_new(FALSE, TRUE, size);
            mnl_attr_for_each_nested (entry, attr) {
                if (mnl_attr_get_payload_len(entry) == size)
                    g_array_append_vals(v.addrs, mnl_attr_get_payload(entry), 1);
            }
            break;
        }
        case BOND_NL_NONE:
            return NULL;
    }
    text = bond_option_format(opt, &v);
    bond_opt_value_clear(&v);
    return text;
}

void
bond_netlink_parse_info_data(const struct nlattr *info_data, BondIndexToName resolve,
                             gpointer user_data, BondConfig *out, guint *n_unknown)
{
    const struct nlattr *attr;
    guint unknown = 0;

    memset(out, 0, sizeof *out);
    if (!info_data)
        goto done;

    mnl_attr_for_each_nested (attr, info_data) {
        guint16 type = mnl_attr_get_type(attr);
        const BondOptionInfo *opt;

        if (type == IFLA_BOND_AD_INFO) {
            const struct nlattr *sub;

            mnl_attr_for_each_nested (sub, attr) {
                opt = bond_option_by_attr(IFLA_BOND_AD_INFO, mnl_attr_get_type(sub));
                if (!opt) {
                    unknown++;
                    continue;
                }
                g_free(out->values[bond_option_index(opt)]);
                out->values[bond_option_index(opt)] = decode_option(opt, sub, resolve, user_data);
            }
            continue;
        }
        opt = bond_option_by_attr(type, 0);
        if (!opt) {
            unknown++;
            continue;
        }
        g_free(out->values[bond_option_index(opt)]);
        out->values[bond_option_index(opt)] = decode_option(opt, attr, resolve, user_data);
    }
done:
    if (n_unknown)
        *n_unknown = unknown;
}

void
bond_netlink_parse_slave_data(const struct nlattr *slave_data, BondPortInfo *out)
{
    const struct nlattr *attr;

    memset(out, 0, sizeof *out);
    if (!slave_data)
        return;

    mnl_attr_for_each_nested (attr, slave_data) {
        guint16 type = mnl_attr_get_type(attr);
        const BondPortAttrInfo *pa = bond_port_attr_by_attr(type);
        guint32 v = 0;

        if (!pa || type >= 32)
            continue;
        if (pa->width == BOND_NL_BINARY) {
            guint16 len = mnl_attr_get_payload_len(attr);

            /* A hardware address has 1 to 20 bytes (InfiniBand's): the
             * D-Bus view formats it with libnm, which takes no other. */
            if (len == 0 || len > NM_UTILS_HWADDR_LEN_MAX || len > sizeof out->perm_hwaddr)
                continue;
            memcpy(out->perm_hwaddr, mnl_attr_get_payload(attr), len);
            out->perm_hwaddr_len = len;
            out->present |= 1u << type;
            continue;
        }
        if (!read_uint(attr, pa->width, &v))
            continue;
        out->present |= 1u << type;
        switch (type) {
            case IFLA_BOND_SLAVE_STATE:
                out->state = (guint8)v;
                break;
            case IFLA_BOND_SLAVE_MII_STATUS:
                out->mii_status = (guint8)v;
                break;
            case IFLA_BOND_SLAVE_LINK_FAILURE_COUNT:
                out->link_failure_count = v;
                break;
            case IFLA_BOND_SLAVE_QUEUE_ID:
                out->queue_id = (guint16)v;
                break;
            case IFLA_BOND_SLAVE_AD_AGGREGATOR_ID:
                out->ad_aggregator_id = (guint16)v;
                break;
            case IFLA_BOND_SLAVE_AD_ACTOR_OPER_PORT_STATE:
                out->ad_actor_oper_port_state = (guint8)v;
                break;
            case IFLA_BOND_SLAVE_AD_PARTNER_OPER_PORT_STATE:
                out->ad_partner_oper_port_state = (guint16)v;
                break;
            case BONDD_IFLA_BOND_SLAVE_PRIO:
                out->prio = (gint32)v;
                break;
            case BONDD_IFLA_BOND_SLAVE_ACTOR_PORT_PRIO:
                out->actor_port_prio = (guint16)v;
                break;
            case BONDD_IFLA_BOND_SLAVE_AD_CHURN_ACTOR_STATE:
                out->ad_churn_actor_state = (guint8)v;
                break;
            case BONDD_IFLA_BOND_SLAVE_AD_CHURN_PARTNER_STATE:
                out->ad_churn_partner_state = (guint8)v;
                break;
            default:
                out->present &= ~(1u << type);
                break;
        }
    }
}
