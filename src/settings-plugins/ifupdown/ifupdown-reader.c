/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Interfaces -> bond and port profiles.  See ifupdown-reader.h.
 */
#include "config.h"

#include "ifupdown-reader.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "bond-options.h"
#include "connection-normalize.h"
#include "ifupdown-bond.h"
#include "ifupdown-iface.h"
#include "ifupdown-ip.h"
#include "ifupdown-link.h"

typedef struct _Bond Bond;

typedef struct {
    char *name;
    IfupdownIface *iface; /* its own stanzas, or NULL */
    Bond *bond;
    gboolean listed;  /* in the bond's bond-slaves */
    int queue_id;     /* -1: not given */
    const char *file; /* where it is declared a port */
    guint line;
    IfupdownLink link; /* from its stanzas */
    GPtrArray *diags;  /* said about its stanzas */
} Port;

struct _Bond {
    IfupdownIface *iface;
    GPtrArray *ports;  /* Port* */
    gboolean has_list; /* some ports come from its bond-slaves */
};

typedef struct {
    const IfupdownConfig *config;
    IfupdownIfaces *ifaces;
    GPtrArray *bonds;    /* Bond* */
    GHashTable *bond_by; /* name -> Bond* */
    GHashTable *port_by; /* name -> Port* */
    GPtrArray *diags;    /* the caller's */
    GPtrArray *profiles; /* BonddStoredProfile* */
} Reader;

static void
port_free(Port *port)
{
    ifupdown_link_clear(&port->link);
    g_ptr_array_unref(port->diags);
    g_free(port->name);
    g_free(port);
}

static void
bond_free(Bond *bond)
{
    g_ptr_array_unref(bond->ports);
    g_free(bond);
}

/* bondd's namespace for interfaces-file UUIDs (a random v4 UUID, fixed
 * forever: changing it would change every profile's UUID). */
static const guint8 uuid_namespace[16] = {0x6c, 0x0a, 0x5e, 0x2b, 0x91, 0x3d, 0x4f, 0x0e,
                                          0xa7, 0x58, 0x2c, 0x1b, 0x8e, 0x47, 0xd3, 0x95};

char *
ifupdown_reader_uuid(const char *path, const char *iface)
{
    g_autoptr(GChecksum) sum = g_checksum_new(G_CHECKSUM_MD5);
    guint8 d[16];
    gsize len = sizeof(d);

    g_checksum_update(sum, uuid_namespace, sizeof(uuid_namespace));
    g_checksum_update(sum, (const guchar *)path, strlen(path));
    g_checksum_update(sum, (const guchar *)"\n", 1);
    g_checksum_update(sum, (const guchar *)iface, strlen(iface));
    g_checksum_get_digest(sum, d, &len);
    d[6] = (d[6] & 0x0f) | 0x30; /* version 3 */
    d[8] = (d[8] & 0x3f) | 0x80; /* RFC 4122 variant */
    return g_strdup_printf("%02x%02x%02x%02x-%02x%02x-%02x%02x-%02x%02x-"
                           "%02x%02x%02x%02x%02x%02x",
                           d[0], d[1], d[2], d[3], d[4], d[5], d[6], d[7], d[8], d[9], d[10], d[11],
                           d[12], d[13], d[14], d[15]);
}

static void
copy_diags(GPtrArray *to, const GPtrArray *from)
{
    for (guint i = 0; i < from->len; i++)
        g_ptr_array_add(to, ifupdown_diag_copy(from->pdata[i]));
}

/*****************************************************************************/
/* Which interfaces are bonds and ports */

static const IfupdownOpt *
find_slaves(const IfupdownIface *iface)
{
    const IfupdownOpt *o = ifupdown_iface_find(iface, IFUPDOWN_KEY_BOND_SLAVES);

    return o ? o : ifupdown_iface_find(iface, IFUPDOWN_KEY_SLAVES);
}

/* A template (inherited, never brought up) is no interface of its own. */
static gboolean
is_real(const IfupdownIface *iface)
{
    return !iface->is_template || iface->autostart;
}

static Bond *
bond_new(Reader *r, IfupdownIface *iface)
{
    Bond *bond = g_new0(Bond, 1);

    bond->iface = iface;
    bond->ports = g_ptr_array_new();
    g_ptr_array_add(r->bonds, bond);
    g_hash_table_insert(r->bond_by, (gpointer)iface->name, bond);
    return bond;
}

static Port *
port_new(Reader *r, Bond *bond, const char *name, const char *file, guint line, gboolean listed)
{
    Port *port = g_new0(Port, 1);

    port->name = g_strdup(name);
    port->iface = ifupdown_ifaces_lookup(r->ifaces, name);
    port->bond = bond;
    port->listed = listed;
    port->queue_id = -1;
    port->file = file;
    port->line = line;
    ifupdown_link_init(&port->link);
    port->diags = ifupdown_diags_new();
    g_ptr_array_add(bond->ports, port);
    g_hash_table_insert(r->port_by, port->name, port);
    return port;
}

/* The first word of a value ("bond-master ha" -> "ha"). */
static char *
first_word(const char *value)
{
    g_auto(GStrv) words = ifupdown_words(value);

    return g_strdup(words[0] ? words[0] : "");
}

static void
classify_bonds(Reader *r)
{
    /* ifenslave: bond-slaves or bond-mode without bond-master. */
    for (guint i = 0; i < r->ifaces->list->len; i++) {
        IfupdownIface *iface = r->ifaces->list->pdata[i];

        if (!is_real(iface) || ifupdown_iface_find(iface, IFUPDOWN_KEY_BOND_MASTER))
            continue;
        if (find_slaves(iface) || ifupdown_iface_find(iface, "bond-mode"))
            bond_new(r, iface);
    }
    /* A bond may be known only from its ports' bond-master. */
    for (guint i = 0; i < r->ifaces->list->len; i++) {
        IfupdownIface *iface = r->ifaces->list->pdata[i];
        const IfupdownOpt *m = ifupdown_iface_find(iface, IFUPDOWN_KEY_BOND_MASTER);
        g_autofree char *master = NULL;
        IfupdownIface *miface;

        if (!is_real(iface) || !m)
            continue;
        master = first_word(m->option->value);
        miface = ifupdown_ifaces_lookup(r->ifaces, master);
        if (miface && !g_hash_table_contains(r->bond_by, master) && is_real(miface) &&
            !ifupdown_iface_find(miface, IFUPDOWN_KEY_BOND_MASTER))
            bond_new(r, miface);
    }
}

static void
classify_listed_ports(Reader *r, Bond *bond)
{
    const IfupdownOpt *o = find_slaves(bond->iface);
    g_auto(GStrv) names = NULL;

    if (!o)
        return;
    names = ifupdown_words(o->option->value);
    for (guint i = 0; names[i]; i++) {
        const char *name = names[i];
        const IfupdownOpt *master;
        IfupdownIface *piface;
        Port *other;

        if (strcmp(name, "none") == 0)
            continue;
        if (strcmp(name, "all") == 0) {
            ifupdown_diag_add(r->diags, IFUPDOWN_DIAG_NOT_CARRIED, o->option->file, o->option->line,
                              _("%s: '%s all' not carried: ifenslave picks the eth* interfaces "
                                "present at ifup time; list the ports"),
                              bond->iface->name, o->option->key_raw);
            continue;
        }
        piface = ifupdown_ifaces_lookup(r->ifaces, name);
        other = g_hash_table_lookup(r->port_by, name);
        master = piface ? ifupdown_iface_find(piface, IFUPDOWN_KEY_BOND_MASTER) : NULL;
        if (master) {
            g_autofree char *m = first_word(master->option->value);

            /* Its own bond-master decides (ifenslave leaves such a port to
             * its own stanza); naming this bond, it is listed too. */
            if (strcmp(m, bond->iface->name) != 0) {
                ifupdown_diag_add(r->diags, IFUPDOWN_DIAG_NOTE, o->option->file, o->option->line,
                                  _("%s: %s is listed in %s but its bond-master is %s (%s:%u); "
                                    "left out of this bond"),
                                  bond->iface->name, name, o->option->key_raw, m,
                                  master->option->file, master->option->line);
                continue;
            }
        }
        if (other || g_hash_table_contains(r->bond_by, name)) {
            ifupdown_diag_add(r->diags, IFUPDOWN_DIAG_NOTE, o->option->file, o->option->line,
                              _("%s: %s is listed in %s but is %s; left out of this bond"),
                              bond->iface->name, name, o->option->key_raw,
                              other ? _("a port of an earlier bond already") : _("a bond itself"));
            continue;
        }
        port_new(r, bond, name, o->option->file, o->option->line, TRUE);
        bond->has_list = TRUE;
    }
}

static void
classify_master_ports(Reader *r)
{
    for (guint i = 0; i < r->ifaces->list->len; i++) {
        IfupdownIface *iface = r->ifaces->list->pdata[i];
        const IfupdownOpt *m = ifupdown_iface_find(iface, IFUPDOWN_KEY_BOND_MASTER);
        const IfupdownStanza *first;
        g_autofree char *master = NULL;
        Bond *bond;

        if (!is_real(iface) || !m)
            continue;
        first = ifupdown_iface_first(iface);
        master = first_word(m->option->value);
        bond = g_hash_table_lookup(r->bond_by, master);
        if (!bond) {
            ifupdown_diag_add(r->diags, IFUPDOWN_DIAG_SKIPPED, m->option->file, m->option->line,
                              _("%s: skipped: its bond-master %s has no iface stanza (or is a "
                                "port itself)"),
                              iface->name, master);
            continue;
        }
        if (find_slaves(iface))
            ifupdown_diag_add(r->diags, IFUPDOWN_DIAG_NOTE, first->file, first->line,
                              _("%s: bond-slaves next to bond-master is ignored, as ifenslave "
                                "does"),
                              iface->name);
        if (g_hash_table_contains(r->port_by, iface->name))
            continue; /* listed in its bond's bond-slaves too */
        port_new(r, bond, iface->name, m->option->file, m->option->line, FALSE);
    }
}

/*****************************************************************************/
/* Options of a bond's or port's stanzas */

typedef struct {
    Reader *r;
    Bond *bond;
    IfupdownBondOptions *bond_options;
    GPtrArray *diags;   /* of the profile being built */
    IfupdownDiag *skip; /* why it is no profile */
} Build;

static void
add_queue_id(Build *b, const IfupdownOpt *o, Port *from_port)
{
    g_auto(GStrv) items = ifupdown_words(o->option->value);
    const BondPortAttrInfo *attr = bond_port_attr_by_name("queue_id");
    const char *where = from_port ? from_port->name : b->bond->iface->name;

    for (guint i = 0; items[i]; i++) {
        const char *colon = strchr(items[i], ':');
        g_autofree char *name = NULL;
        const char *number;
        guint64 v;
        Port *port;

        /* "eth1:2" anywhere; a bare "2" in a port's own stanza. */
        name = colon ? g_strndup(items[i], colon - items[i])
                     : g_strdup(from_port ? from_port->name : "");
        number = colon ? colon + 1 : items[i];
        port = g_hash_table_lookup(b->r->port_by, name);
        if (!port || port->bond != b->bond) {
            ifupdown_diag_add(b->diags, IFUPDOWN_DIAG_NOT_CARRIED, o->option->file, o->option->line,
                              _("%s: %s %s not carried: '%s' is not a port of %s"), where,
                              o->option->key_raw, items[i], name, b->bond->iface->name);
            continue;
        }
        if (!g_ascii_string_to_unsigned(
                number, 10, 0, attr->width == BOND_NL_U16 ? G_MAXUINT16 : G_MAXUINT32, &v, NULL)) {
            ifupdown_diag_add(b->diags, IFUPDOWN_DIAG_NOT_CARRIED, o->option->file, o->option->line,
                              _("%s: %s %s not carried: '%s' is not a %s"), where,
                              o->option->key_raw, items[i], number, attr->name);
            continue;
        }
        if (port->queue_id < 0)
            port->queue_id = (int)v;
    }
}

/* The options of a bond's stanzas (@port NULL) or of port @port's: bond
 * options go to the bond; link, hook and address options are the
 * interface's own. */
static void
apply_options(Build *b, IfupdownIface *iface, Port *port, IfupdownLink *link, IfupdownIp *ip)
{
    const char *name = iface->name;

    for (guint i = 0; i < iface->opts->len; i++) {
        const IfupdownOpt *o = &g_array_index(iface->opts, IfupdownOpt, i);
        const char *key = o->option->key;

        if (strcmp(key, IFUPDOWN_KEY_BOND_MASTER) == 0 ||
            strcmp(key, IFUPDOWN_KEY_BOND_SLAVES) == 0 || strcmp(key, IFUPDOWN_KEY_SLAVES) == 0 ||
            strcmp(key, "description") == 0) {
            /* Read when classifying; a description names nothing. */
        } else if (strcmp(key, IFUPDOWN_KEY_BOND_PRIMARY) == 0) {
            ifupdown_bond_options_add_primary(b->bond_options, o, port ? name : NULL, b->diags);
        } else if (strcmp(key, IFUPDOWN_KEY_BOND_QUEUE_ID) == 0) {
            add_queue_id(b, o, port);
        } else if (ifupdown_bond_is_option(key)) {
            ifupdown_bond_options_add(b->bond_options, o, port ? name : NULL, b->diags);
        } else if (ifupdown_link_is_option(key)) {
            if (link)
                ifupdown_link_option(link, name, o, b->diags);
        } else if (ifupdown_link_is_hook(key)) {
            if (link)
                ifupdown_link_hook(link, name, port != NULL, o, b->diags);
        } else if (ifupdown_ip_is_option(key)) {
            if (ip)
                ifupdown_ip_add_option(ip, o, b->diags);
            else
                ifupdown_diag_add(b->diags, IFUPDOWN_DIAG_NOT_CARRIED, o->option->file,
                                  o->option->line,
                                  _("%s: '%s %s' not carried: a bond port has no IP "
                                    "configuration"),
                                  name, o->option->key_raw, o->option->value);
        } else {
            ifupdown_diag_add(b->diags, IFUPDOWN_DIAG_NOT_CARRIED, o->option->file, o->option->line,
                              _("%s: unknown option '%s' (not carried)"), name, o->option->key_raw);
        }
    }
}

/*****************************************************************************/
/* Profiles */

static NMConnection *
connection_new(Reader *r, const char *name, const char *type, gboolean autoconnect)
{
    NMConnection *connection = nm_simple_connection_new();
    NMSetting *s_con = nm_setting_connection_new();
    g_autofree char *uuid = ifupdown_reader_uuid(r->config->path, name);

    g_object_set(s_con, NM_SETTING_CONNECTION_ID, name, NM_SETTING_CONNECTION_UUID, uuid,
                 NM_SETTING_CONNECTION_TYPE, type, NM_SETTING_CONNECTION_INTERFACE_NAME, name,
                 NM_SETTING_CONNECTION_AUTOCONNECT, autoconnect, NULL);
    nm_connection_add_setting(connection, s_con);
    return connection;
}

static gboolean
normalize(NMConnection *connection, const char *name, const char *file, guint line,
          IfupdownDiag **skip)
{
    g_autoptr(GError) error = NULL;

    /* The shared normalization (no libnm critical on a gateway the method
     * forbids) and the bounds every profile keeps. */
    if (bondd_connection_accept(connection, &error))
        return TRUE;
    *skip = ifupdown_diag_new(IFUPDOWN_DIAG_SKIPPED, file, line,
                              _("%s: skipped: not a valid profile: %s"), name, error->message);
    return FALSE;
}

static void
add_profile(Reader *r, NMConnection *connection, const char *file)
{
    BonddStoredProfile *p = g_new0(BonddStoredProfile, 1);

    p->connection = connection;
    p->filename = g_strdup(file);
    g_ptr_array_add(r->profiles, p);
}

/* What was said while building a profile is said if it is one; if it is
 * not, only the one line saying why. */
static void
flush_diags(Reader *r, Build *b)
{
    if (b->skip) {
        g_ptr_array_add(r->diags, g_steal_pointer(&b->skip));
        return;
    }
    for (guint i = 0; i < b->diags->len; i++)
        g_ptr_array_add(r->diags, g_steal_pointer(&b->diags->pdata[i]));
    g_ptr_array_set_size(b->diags, 0);
}

static NMConnection *
build_port(Reader *r, Port *port, IfupdownDiag **skip)
{
    const IfupdownStanza *first = port->iface ? ifupdown_iface_first(port->iface) : NULL;
    gboolean autoconnect =
        (port->iface && port->iface->autostart) || (port->listed && port->bond->iface->autostart);
    g_autoptr(NMConnection) connection =
        connection_new(r, port->name, NM_SETTING_WIRED_SETTING_NAME, autoconnect);
    NMSetting *setting;

    g_object_set(nm_connection_get_setting_connection(connection), NM_SETTING_CONNECTION_MASTER,
                 port->bond->iface->name, NM_SETTING_CONNECTION_SLAVE_TYPE,
                 NM_SETTING_BOND_SETTING_NAME, NULL);
    setting = ifupdown_link_to_setting(&port->link);
    nm_connection_add_setting(connection, setting ? setting : nm_setting_wired_new());
    if (port->queue_id >= 0) {
        setting = nm_setting_bond_port_new();
        g_object_set(setting, NM_SETTING_BOND_PORT_QUEUE_ID, (guint)port->queue_id, NULL);
        nm_connection_add_setting(connection, setting);
    }
    if (!normalize(connection, port->name, first ? first->file : port->file,
                   first ? first->line : port->line, skip))
        return NULL;
    return g_steal_pointer(&connection);
}

/* A port's stanzas: IP methods other than manual are not carried (a port
 * has no addresses). */
static void
check_port_methods(Port *port)
{
    for (guint i = 0; port->iface && i < port->iface->stanzas->len; i++) {
        const IfupdownStanza *s = port->iface->stanzas->pdata[i];

        if (strcmp(s->method, "manual") != 0)
            ifupdown_diag_add(port->diags, IFUPDOWN_DIAG_NOT_CARRIED, s->file, s->line,
                              _("%s: '%s %s' not carried: a bond port has no IP configuration"),
                              port->name, s->family, s->method);
    }
}

/* The ports' own stanzas, read before the bond setting is made: they may
 * carry bond options and queue ids. */
static void
read_port_stanzas(Build *b)
{
    for (guint i = 0; i < b->bond->ports->len; i++) {
        Port *port = b->bond->ports->pdata[i];
        Build pb = *b;

        if (!port->iface)
            continue;
        pb.diags = port->diags;
        copy_diags(port->diags, port->iface->diags);
        check_port_methods(port);
        apply_options(&pb, port->iface, port, &port->link, NULL);
    }
}

/* The bond's profile, or NULL with b->skip set. */
static NMConnection *
build_bond(Build *b)
{
    IfupdownIface *iface = b->bond->iface;
    const IfupdownStanza *first = ifupdown_iface_first(iface);
    g_autoptr(IfupdownIp) ip = ifupdown_ip_new(iface->name);
    g_autoptr(GPtrArray) port_names = g_ptr_array_new();
    g_autoptr(NMConnection) connection = NULL;
    IfupdownLink link;
    NMSetting *setting = NULL;
    gboolean ok = TRUE;

    ifupdown_link_init(&link);
    copy_diags(b->diags, iface->diags);
    if (!nm_utils_is_valid_iface_name(iface->name, NULL)) {
        b->skip = ifupdown_diag_new(IFUPDOWN_DIAG_SKIPPED, first->file, first->line,
                                    _("%s: skipped: not a valid interface name"), iface->name);
        ok = FALSE;
    }
    for (guint i = 0; ok && i < iface->stanzas->len; i++)
        ok = ifupdown_ip_add_stanza(ip, iface->stanzas->pdata[i], b->diags, &b->skip);
    if (ok)
        apply_options(b, iface, NULL, &link, ip);
    read_port_stanzas(b);
    for (guint i = 0; i < b->bond->ports->len; i++)
        g_ptr_array_add(port_names, ((Port *)b->bond->ports->pdata[i])->name);
    g_ptr_array_add(port_names, NULL);

    if (ok) {
        connection =
            connection_new(b->r, iface->name, NM_SETTING_BOND_SETTING_NAME, iface->autostart);
        /* ifenslave brings up the ports it lists with their bond. */
        if (b->bond->has_list)
            g_object_set(nm_connection_get_setting_connection(connection),
                         NM_SETTING_CONNECTION_AUTOCONNECT_SLAVES,
                         NM_SETTING_CONNECTION_AUTOCONNECT_SLAVES_YES, NULL);
        ok = ifupdown_bond_options_to_setting(
            b->bond_options, (const char *const *)port_names->pdata, &setting, b->diags, &b->skip);
    }
    if (ok) {
        nm_connection_add_setting(connection, setting);
        if ((setting = ifupdown_link_to_setting(&link)))
            nm_connection_add_setting(connection, setting);
        ok = ifupdown_ip_to_settings(ip, connection, b->diags, &b->skip) &&
             normalize(connection, iface->name, first->file, first->line, &b->skip);
    }
    ifupdown_link_clear(&link);
    return ok ? g_steal_pointer(&connection) : NULL;
}

/* A bond's profile, then its ports' (a port of a skipped bond is skipped
 * too: its controller would not exist). */
static void
read_bond(Reader *r, Bond *bond)
{
    g_autoptr(IfupdownBondOptions) options = ifupdown_bond_options_new(bond->iface->name);
    g_autoptr(GPtrArray) diags = ifupdown_diags_new();
    Build b = {.r = r, .bond = bond, .bond_options = options, .diags = diags};
    NMConnection *connection = build_bond(&b);
    gboolean bond_ok = connection != NULL;

    flush_diags(r, &b);
    if (connection)
        add_profile(r, connection, ifupdown_iface_first(bond->iface)->file);

    for (guint i = 0; i < bond->ports->len; i++) {
        Port *port = bond->ports->pdata[i];
        const IfupdownStanza *pfirst = port->iface ? ifupdown_iface_first(port->iface) : NULL;
        const char *file = pfirst ? pfirst->file : port->file;
        guint line = pfirst ? pfirst->line : port->line;
        Build pb = {.r = r, .bond = bond, .diags = port->diags};
        NMConnection *pc = NULL;

        if (!bond_ok)
            pb.skip = ifupdown_diag_new(IFUPDOWN_DIAG_SKIPPED, file, line,
                                        _("%s: skipped: its bond %s is skipped"), port->name,
                                        bond->iface->name);
        else if (!nm_utils_is_valid_iface_name(port->name, NULL))
            pb.skip = ifupdown_diag_new(IFUPDOWN_DIAG_SKIPPED, file, line,
                                        _("%s: skipped: not a valid interface name"), port->name);
        else
            pc = build_port(r, port, &pb.skip);
        flush_diags(r, &pb);
        if (pc)
            add_profile(r, pc, file);
    }
}

GPtrArray *
ifupdown_reader_read(const IfupdownConfig *config, GPtrArray *diags)
{
    g_autoptr(IfupdownIfaces) ifaces = ifupdown_ifaces_new(config);
    Reader r = {
        .config = config,
        .ifaces = ifaces,
        .bonds = g_ptr_array_new_with_free_func((GDestroyNotify)bond_free),
        .bond_by = g_hash_table_new(g_str_hash, g_str_equal),
        .port_by = g_hash_table_new_full(g_str_hash, g_str_equal, NULL, (GDestroyNotify)port_free),
        .diags = diags,
        .profiles = g_ptr_array_new_with_free_func((GDestroyNotify)bondd_stored_profile_free),
    };

    copy_diags(diags, config->diags);
    classify_bonds(&r);
    for (guint i = 0; i < r.bonds->len; i++)
        classify_listed_ports(&r, r.bonds->pdata[i]);
    classify_master_ports(&r);
    for (guint i = 0; i < r.bonds->len; i++)
        read_bond(&r, r.bonds->pdata[i]);

    g_ptr_array_unref(r.bonds);
    g_hash_table_unref(r.bond_by);
    g_hash_table_unref(r.port_by);
    return r.profiles;
}
