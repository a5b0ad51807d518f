/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The syntax of Debian's /etc/network/interfaces (interfaces(5), ifupdown
 * 0.8): logical lines (a trailing backslash continues one), comment lines,
 * the stanzas "iface", "auto", "allow-CLASS", "mapping", "source",
 * "source-directory", "rename", "no-auto-down", "no-scripts", and the option
 * lines of an iface stanza.  Nothing here knows what an option means; every
 * stanza and option keeps the file and line it came from, so that whatever
 * is said about it later can name them.
 */
#pragma once

#include <glib.h>

#include "ifupdown-diag.h"

G_BEGIN_DECLS

/* Includes nested deeper than this are refused (a loop through globs that
 * the cycle check cannot see, or a mistake). */
#define IFUPDOWN_MAX_INCLUDE_DEPTH 16

typedef struct {
    char *key;        /* lower case, '_' spelled '-': "bond-xmit-hash-policy" */
    char *key_raw;    /* as written: "bond-xmit_hash_policy" */
    char *value;      /* the rest of the line, blanks trimmed ("" if none) */
    const char *file; /* owned by the IfupdownConfig */
    guint line;
} IfupdownOption;

typedef struct {
    char *name;     /* the logical interface */
    char *family;   /* "inet", "inet6", "ipx", "can"... */
    char *method;   /* "static", "dhcp", "manual", "auto", "loopback"... */
    char *inherits; /* "iface X inet static inherits T": T, or NULL */
    const char *file;
    guint line;
    GPtrArray *options; /* IfupdownOption*, in file order */
} IfupdownStanza;

typedef struct {
    char *path;         /* the file given, absolute */
    GPtrArray *files;   /* every file read (char*, absolute, in reading order) */
    GPtrArray *stanzas; /* IfupdownStanza*, in reading order */
    /* Set of the names marked "auto", "allow-auto" or "allow-hotplug". */
    GHashTable *autostart;
    /* Directories whose entries decide what is read: those of every file
     * read, source-directory directories, the fixed part of glob patterns.
     * A monitor on each sees edits, new files and removed ones. */
    GPtrArray *watch_dirs;
    GPtrArray *diags; /* IfupdownDiag*: syntax and include problems */
} IfupdownConfig;

/* Read @path and every file it includes.  Fails (G_IO_ERROR, the message
 * naming the file) only when @path itself cannot be read; a problem in an
 * included file or a line is a diagnostic and reading goes on. */
IfupdownConfig *ifupdown_config_read(const char *path, GError **error);
void ifupdown_config_free(IfupdownConfig *config);
G_DEFINE_AUTOPTR_CLEANUP_FUNC(IfupdownConfig, ifupdown_config_free)

/* Whether @name is brought up at boot (auto, allow-auto, allow-hotplug). */
gboolean ifupdown_config_is_autostart(const IfupdownConfig *config, const char *name);

/* "bond-xmit_hash_policy" -> "bond-xmit-hash-policy": ifupdown exports
 * options as IF_<KEY> with '-' turned into '_' and upper case, so hooks see
 * these spellings as one option. */
char *ifupdown_option_canonical_key(const char *key);

/* The blank-separated words of an option value ("eth1  eth2" -> {"eth1",
 * "eth2"}): NULL-terminated, no empty word. */
char **ifupdown_words(const char *value);

/* Whether a source-directory entry is read: run-parts's rule,
 * ^[A-Za-z0-9_-]+$. */
gboolean ifupdown_is_run_parts_name(const char *name);

G_END_DECLS
