/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * ipv6.method manual as an IP provider: the profile's static addresses and
 * routes (ip-static.c) plus the link-local address, which bondd makes
 * itself on every link whose IPv6 it configures (ip6-ll.c).  Ready when the
 * static part is; the link-local address follows on its own.
 */
#include "config.h"

#include "ip-provider.h"

typedef struct {
    gpointer static_state;
    gpointer ll_state;
    BonddIpProviderDone done;
    gpointer done_data;
} Manual6;

static void
static_done(gpointer user_data, const GError *error)
{
    Manual6 *self = user_data;

    self->done(self->done_data, error);
}

static void
ll_done(gpointer user_data, const GError *error)
{
    /* Static addresses work without it: say why, do not fail. */
    if (error)
        g_message("ip6: %s", error->message);
}

static gpointer
manual6_start(const BonddIpContext *ctx, NMSettingIPConfig *s_ip, BonddIpProviderDone done,
              gpointer user_data)
{
    Manual6 *self = g_new0(Manual6, 1);

    self->done = done;
    self->done_data = user_data;
    self->ll_state = bondd_ip_ll6_provider.start(ctx, s_ip, ll_done, self);
    self->static_state = bondd_ip_static_provider.start(ctx, s_ip, static_done, self);
    return self;
}

static gboolean
manual6_reapply(gpointer state, NMSettingIPConfig *s_ip, GError **error)
{
    return bondd_ip_static_provider.reapply(((Manual6 *)state)->static_state, s_ip, error);
}

static const BonddIpData *
manual6_get_data(gpointer state)
{
    return bondd_ip_static_provider.get_data(((Manual6 *)state)->static_state);
}

static void
manual6_stop(gpointer state, gboolean remove_from_kernel)
{
    Manual6 *self = state;

    bondd_ip_static_provider.stop(self->static_state, remove_from_kernel);
    bondd_ip_ll6_provider.stop(self->ll_state, remove_from_kernel);
    g_free(self);
}

const BonddIpProvider bondd_ip_manual6_provider = {
    .name = "manual6",
    .start = manual6_start,
    .reapply = manual6_reapply,
    .get_data = manual6_get_data,
    .stop = manual6_stop,
};
