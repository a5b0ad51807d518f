/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Diagnostics of the ifupdown reader.  See ifupdown-diag.h.
 */
#include "config.h"

#include "ifupdown-diag.h"

#include <stdarg.h>

void
ifupdown_diag_free(IfupdownDiag *diag)
{
    if (!diag)
        return;
    g_free(diag->file);
    g_free(diag->text);
    g_free(diag);
}

IfupdownDiag *
ifupdown_diag_copy(const IfupdownDiag *diag)
{
    IfupdownDiag *copy = g_new0(IfupdownDiag, 1);

    copy->kind = diag->kind;
    copy->file = g_strdup(diag->file);
    copy->line = diag->line;
    copy->text = g_strdup(diag->text);
    return copy;
}

GPtrArray *
ifupdown_diags_new(void)
{
    return g_ptr_array_new_with_free_func((GDestroyNotify)ifupdown_diag_free);
}

static IfupdownDiag *
diag_new_valist(IfupdownDiagKind kind, const char *file, guint line, const char *format, va_list ap)
{
    IfupdownDiag *diag = g_new0(IfupdownDiag, 1);
    g_autofree char *msg = g_strdup_vprintf(format, ap);

    diag->kind = kind;
    diag->file = g_strdup(file);
    diag->line = line;
    diag->text =
        line ? g_strdup_printf("%s:%u: %s", file, line, msg) : g_strdup_printf("%s: %s", file, msg);
    return diag;
}

IfupdownDiag *
ifupdown_diag_new(IfupdownDiagKind kind, const char *file, guint line, const char *format, ...)
{
    IfupdownDiag *diag;
    va_list ap;

    va_start(ap, format);
    diag = diag_new_valist(kind, file, line, format, ap);
    va_end(ap);
    return diag;
}

void
ifupdown_diag_add(GPtrArray *diags, IfupdownDiagKind kind, const char *file, guint line,
                  const char *format, ...)
{
    va_list ap;

    va_start(ap, format);
    g_ptr_array_add(diags, diag_new_valist(kind, file, line, format, ap));
    va_end(ap);
}
