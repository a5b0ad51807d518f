/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The link part of an interface: mtu, hwaddress, and the one kind of hook
 * command a profile can hold instead, "ethtool -s $IFACE speed N duplex D
 * [autoneg on|off]" on a port (NMSettingWired speed, duplex and
 * auto-negotiate).  Every other hook line (pre-up, up, post-up, down,
 * pre-down, post-down) is reported as not carried: bondd never runs them.
 */
#pragma once

#include <NetworkManager.h>

#include "ifupdown-iface.h"

G_BEGIN_DECLS

typedef struct {
    gint64 mtu; /* -1: not given */
    char *cloned_mac;
    guint32 speed; /* 0: not given */
    char *duplex;
    int autoneg; /* -1: not given */
} IfupdownLink;

void ifupdown_link_init(IfupdownLink *link);
void ifupdown_link_clear(IfupdownLink *link);

gboolean ifupdown_link_is_option(const char *key);
gboolean ifupdown_link_is_hook(const char *key);

/* mtu or hwaddress of interface @iface into @link; a bad value is
 * reported in @diags. */
void ifupdown_link_option(IfupdownLink *link, const char *iface, const IfupdownOpt *o,
                          GPtrArray *diags);

/* A hook line: on an Ethernet port (@ethernet) an ethtool link command
 * becomes link settings; anything else is reported as not carried. */
void ifupdown_link_hook(IfupdownLink *link, const char *iface, gboolean ethernet,
                        const IfupdownOpt *o, GPtrArray *diags);

/* An 802-3-ethernet setting with what @link holds, or NULL if nothing. */
NMSetting *ifupdown_link_to_setting(const IfupdownLink *link);

/* Parse "ethtool -s IFACE speed N duplex D [autoneg on|off]" (ethtool by
 * any path, IFACE as $IFACE, ${IFACE} or @iface, the three settings in any
 * order, at least one).  FALSE for anything else, which is then a hook like
 * any other. */
gboolean ifupdown_parse_ethtool(const char *command, const char *iface, guint32 *speed,
                                char **duplex, int *autoneg);

G_END_DECLS
