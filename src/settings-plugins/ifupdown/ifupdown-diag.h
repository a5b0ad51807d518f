/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * What reading an interfaces file has to say about it, one line each, always
 * naming the file and the line ("FILE:LINE: ...").  The parser and the
 * reader only collect these; the plugin logs them, the unit tests look at
 * them, and so the same text reaches the log and `bondd --migrate-ifupdown`.
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef enum {
    /* Had no effect under ifupdown either (bond-primary in a mode without
     * a primary, an option repeated with the same value...): logged as a
     * plain message. */
    IFUPDOWN_DIAG_NOTE,
    /* Something ifupdown would have done that the profile does not carry
     * (a hook command, an unknown option, a value the option table
     * refuses): a warning. */
    IFUPDOWN_DIAG_NOT_CARRIED,
    /* A stanza that did not become a profile, and why: a warning. */
    IFUPDOWN_DIAG_SKIPPED,
} IfupdownDiagKind;

typedef struct {
    IfupdownDiagKind kind;
    char *file;
    guint line;
    char *text; /* "FILE:LINE: message" */
} IfupdownDiag;

void ifupdown_diag_free(IfupdownDiag *diag);
IfupdownDiag *ifupdown_diag_copy(const IfupdownDiag *diag);

IfupdownDiag *ifupdown_diag_new(IfupdownDiagKind kind, const char *file, guint line,
                                const char *format, ...) G_GNUC_PRINTF(4, 5);

/* Append a diagnostic to @diags (a GPtrArray with ifupdown_diag_free). */
void ifupdown_diag_add(GPtrArray *diags, IfupdownDiagKind kind, const char *file, guint line,
                       const char *format, ...) G_GNUC_PRINTF(5, 6);

GPtrArray *ifupdown_diags_new(void);

G_DEFINE_AUTOPTR_CLEANUP_FUNC(IfupdownDiag, ifupdown_diag_free)

G_END_DECLS
