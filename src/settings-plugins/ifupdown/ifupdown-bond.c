/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * bond-* options -> NMSettingBond, through the shared option table.  See
 * ifupdown-bond.h.
 */
#include "config.h"

#include "ifupdown-bond.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "bond-options.h"

typedef struct {
    const BondOptionInfo *info;
    char *value; /* canonical (bond_option_canonicalize) */
    char *key_raw;
    char *file;
    guint line;
} Entry;

struct _IfupdownBondOptions {
    char *bond;
    GPtrArray *entries; /* Entry*, first given first */
    /* The first bond-primary list seen (the bond's stanza before any
     * port's), normalized, and its option (which lives as long as the
     * parsed file). */
    char *primary;
    IfupdownOpt primary_opt;
    /* bond-mode that is no mode: the bond is skipped. */
    IfupdownDiag *bad_mode;
};

static void
entry_free(Entry *e)
{
    g_free(e->value);
    g_free(e->key_raw);
    g_free(e->file);
    g_free(e);
}

IfupdownBondOptions *
ifupdown_bond_options_new(const char *bond)
{
    IfupdownBondOptions *b = g_new0(IfupdownBondOptions, 1);

    b->bond = g_strdup(bond);
    b->entries = g_ptr_array_new_with_free_func((GDestroyNotify)entry_free);
    return b;
}

void
ifupdown_bond_options_free(IfupdownBondOptions *b)
{
    if (!b)
        return;
    g_ptr_array_unref(b->entries);
    g_free(b->primary);
    ifupdown_diag_free(b->bad_mode);
    g_free(b->bond);
    g_free(b);
}

gboolean
ifupdown_bond_is_option(const char *key)
{
    return g_str_has_prefix(key, "bond-") && strcmp(key, IFUPDOWN_KEY_BOND_MASTER) != 0 &&
           strcmp(key, IFUPDOWN_KEY_BOND_SLAVES) != 0 &&
           strcmp(key, IFUPDOWN_KEY_BOND_PRIMARY) != 0 &&
           strcmp(key, IFUPDOWN_KEY_BOND_QUEUE_ID) != 0;
}

static Entry *
find_entry(IfupdownBondOptions *b, const BondOptionInfo *info)
{
    for (guint i = 0; i < b->entries->len; i++) {
        Entry *e = b->entries->pdata[i];

        if (e->info == info)
            return e;
    }
    return NULL;
}

/* "bond-xmit-hash-policy" -> "xmit_hash_policy", the table's spelling. */
static char *
option_name(const char *key)
{
    char *name = g_strdup(key + strlen("bond-"));

    g_strdelimit(name, "-", '_');
    return name;
}

static void
add_value(IfupdownBondOptions *b, const BondOptionInfo *info, const char *value,
          const IfupdownOpt *o, const char *port, GPtrArray *diags)
{
    const IfupdownOption *opt = o->option;
    g_autoptr(GError) error = NULL;
    g_autofree char *canonical = NULL;
    Entry *e;

    canonical = bond_option_canonicalize(info, value, &error);
    if (!canonical) {
        if (strcmp(info->name, NM_SETTING_BOND_OPTION_MODE) == 0 && !port && !b->bad_mode)
            b->bad_mode = ifupdown_diag_new(IFUPDOWN_DIAG_SKIPPED, opt->file, opt->line,
                                            _("%s: skipped: %s"), b->bond, error->message);
        else
            ifupdown_diag_add(diags, IFUPDOWN_DIAG_NOT_CARRIED, opt->file, opt->line,
                              _("%s: %s %s not carried: %s"), port ? port : b->bond, opt->key_raw,
                              value, error->message);
        return;
    }
    e = find_entry(b, info);
    if (e) {
        if (strcmp(e->value, canonical) != 0 && !o->inherited)
            ifupdown_diag_add(diags, IFUPDOWN_DIAG_NOTE, opt->file, opt->line,
                              _("%s: %s %s differs from %s %s at %s:%u, which is used"),
                              port ? port : b->bond, opt->key_raw, value, e->key_raw, e->value,
                              e->file, e->line);
        return;
    }
    e = g_new0(Entry, 1);
    e->info = info;
    e->value = g_steal_pointer(&canonical);
    e->key_raw = g_strdup(opt->key_raw);
    e->file = g_strdup(opt->file);
    e->line = opt->line;
    g_ptr_array_add(b->entries, e);
}

void
ifupdown_bond_options_add(IfupdownBondOptions *b, const IfupdownOpt *o, const char *port,
                          GPtrArray *diags)
{
    const IfupdownOption *opt = o->option;
    g_autofree char *name = option_name(opt->key);
    const BondOptionInfo *info = bond_option_by_name(name);

    if (!info || (info->flags & BOND_OPT_FLAG_NM_ONLY)) {
        ifupdown_diag_add(diags, IFUPDOWN_DIAG_NOT_CARRIED, opt->file, opt->line,
                          _("%s: unknown bonding option '%s' (not carried)"), port ? port : b->bond,
                          opt->key_raw);
        return;
    }
    if (info->flags & BOND_OPT_FLAG_READ_ONLY) {
        ifupdown_diag_add(diags, IFUPDOWN_DIAG_NOT_CARRIED, opt->file, opt->line,
                          _("%s: %s is read-only in the kernel (not carried)"),
                          port ? port : b->bond, opt->key_raw);
        return;
    }
    add_value(b, info, opt->value, o, port, diags);
}

/* "eth1  eth2" -> "eth1 eth2": lists compare as lists. */
static char *
normalize_list(const char *value)
{
    g_auto(GStrv) words = ifupdown_words(value);

    return g_strjoinv(" ", words);
}

void
ifupdown_bond_options_add_primary(IfupdownBondOptions *b, const IfupdownOpt *o, const char *port,
                                  GPtrArray *diags)
{
    const IfupdownOption *opt = o->option;

    if (b->primary) {
        g_autofree char *mine = normalize_list(opt->value);

        if (strcmp(mine, b->primary) != 0)
            ifupdown_diag_add(diags, IFUPDOWN_DIAG_NOTE, opt->file, opt->line,
                              _("%s: %s %s differs from the list at %s:%u, which is used"),
                              port ? port : b->bond, opt->key_raw, opt->value,
                              b->primary_opt.option->file, b->primary_opt.option->line);
        return;
    }
    b->primary = normalize_list(opt->value);
    b->primary_opt = *o;
}

/* ifenslave: the first interface of bond-primary that is a port. */
static void
resolve_primary(IfupdownBondOptions *b, const char *const *ports, GPtrArray *diags)
{
    g_auto(GStrv) names = NULL;
    const BondOptionInfo *info = bond_option_by_name(NM_SETTING_BOND_OPTION_PRIMARY);

    if (!b->primary)
        return;
    names = ifupdown_words(b->primary);
    for (guint i = 0; names[i]; i++) {
        if (g_strv_contains(ports, names[i])) {
            add_value(b, info, names[i], &b->primary_opt, NULL, diags);
            return;
        }
    }
    ifupdown_diag_add(diags, IFUPDOWN_DIAG_NOTE, b->primary_opt.option->file,
                      b->primary_opt.option->line,
                      _("%s: no interface of bond-primary %s is a port of the bond; ifenslave "
                        "sets no primary then"),
                      b->bond, b->primary);
}

static const char *
entry_value(IfupdownBondOptions *b, const char *name)
{
    Entry *e = find_entry(b, bond_option_by_name(name));

    return e ? e->value : NULL;
}

gboolean
ifupdown_bond_options_to_setting(IfupdownBondOptions *b, const char *const *ports,
                                 NMSetting **out_setting, GPtrArray *diags, IfupdownDiag **skip)
{
    g_autoptr(NMSetting) s_bond = NULL;
    const char *mode_name;
    const char *miimon;
    int mode;

    *out_setting = NULL;
    if (b->bad_mode) {
        *skip = g_steal_pointer(&b->bad_mode);
        return FALSE;
    }
    resolve_primary(b, ports, diags);
    /* Without bond-mode the kernel's default, as ifenslave leaves it. */
    mode_name = entry_value(b, NM_SETTING_BOND_OPTION_MODE);
    mode = bond_mode_from_string(mode_name ? mode_name : "balance-rr");
    miimon = entry_value(b, NM_SETTING_BOND_OPTION_MIIMON);

    s_bond = nm_setting_bond_new();
    nm_setting_bond_add_option(NM_SETTING_BOND(s_bond), NM_SETTING_BOND_OPTION_MODE,
                               bond_mode_info(mode)->name);
    for (guint i = 0; i < b->entries->len; i++) {
        Entry *e = b->entries->pdata[i];

        if (strcmp(e->info->name, NM_SETTING_BOND_OPTION_MODE) == 0)
            continue;
        if (!bond_option_valid_in_mode(e->info, mode)) {
            ifupdown_diag_add(diags, IFUPDOWN_DIAG_NOTE, e->file, e->line,
                              _("%s: %s has no effect in mode %s (the kernel refuses it); "
                                "left out"),
                              b->bond, e->key_raw, bond_mode_info(mode)->name);
            continue;
        }
        if (strcmp(e->info->name, NM_SETTING_BOND_OPTION_ARP_INTERVAL) == 0 && miimon &&
            strcmp(miimon, "0") != 0) {
            ifupdown_diag_add(diags, IFUPDOWN_DIAG_NOTE, e->file, e->line,
                              _("%s: %s has no effect next to bond-miimon (ifenslave sets miimon "
                                "last); left out"),
                              b->bond, e->key_raw);
            continue;
        }
        if (!nm_setting_bond_validate_option(e->info->name, e->value)) {
            ifupdown_diag_add(diags, IFUPDOWN_DIAG_NOT_CARRIED, e->file, e->line,
                              _("%s: %s %s not carried: libnm refuses it"), b->bond, e->key_raw,
                              e->value);
            continue;
        }
        nm_setting_bond_add_option(NM_SETTING_BOND(s_bond), e->info->name, e->value);
    }
    *out_setting = g_steal_pointer(&s_bond);
    return TRUE;
}
