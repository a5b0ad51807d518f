/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The one table of bridge and bridge-port options.
 *
 * Every fact about a bridge option that more than one part of bondd needs
 * lives here: the libnm property (NMSettingBridge, NMSettingBridgePort), its
 * name in an ifcfg file's BRIDGING_OPTS, its kernel attribute (IFLA_BR_*,
 * IFLA_BRPORT_*) with the netlink width and the unit conversion, and whether
 * it only means something with STP on.  Rows are in the order
 * NetworkManager's ifcfg-rh writer puts them into BRIDGING_OPTS.
 *
 * The ifcfg plugin reads and writes BRIDGING_OPTS from it; the bridge device
 * plugin sends and reads back the kernel attributes from it.
 */
#pragma once

#include <glib.h>
#include <NetworkManager.h>

G_BEGIN_DECLS

typedef enum {
    BRIDGE_OPT_TYPE_BOOL,          /* gboolean property */
    BRIDGE_OPT_TYPE_UINT,          /* guint or guint64 property */
    BRIDGE_OPT_TYPE_VLAN_PROTOCOL, /* "802.1Q" (NULL) / "802.1ad" <-> ETH_P_* */
    BRIDGE_OPT_TYPE_MCAST_ROUTER,  /* "disabled" / "auto" (NULL) / "enabled" <-> 0/1/2 */
    BRIDGE_OPT_TYPE_MAC,           /* "01:80:C2:00:00:00" <-> 6 bytes */
} BridgeOptionType;

typedef enum {
    /* Only with STP on: ifcfg-rh reads it only then (forward delay,
     * priority, hello time, max age). */
    BRIDGE_OPT_FLAG_ONLY_WITH_STP = 1 << 0,
    /* ifcfg-rh writes it whenever STP is on, default or not (priority). */
    BRIDGE_OPT_FLAG_IFCFG_ALWAYS = 1 << 1,
    /* A time the kernel keeps in jiffies: it may read back 1/100 s off. */
    BRIDGE_OPT_FLAG_CLOCK = 1 << 2,
    /* An ifcfg key of its own (STP, DELAY), not in BRIDGING_OPTS. */
    BRIDGE_OPT_FLAG_IFCFG_KEY = 1 << 3,
    /* A boolean ifcfg-rh also reads as on/yes/off/no (hairpin_mode). */
    BRIDGE_OPT_FLAG_IFCFG_WORDS = 1 << 4,
} BridgeOptionFlags;

typedef struct {
    const char *property;   /* libnm property name */
    const char *ifcfg_name; /* BRIDGING_OPTS name, or the key (IFCFG_KEY) */
    guint16 attr;           /* IFLA_BR_* or IFLA_BRPORT_* */
    guint8 width;           /* netlink payload bytes: 1, 2, 4, 8, or 6 for a MAC */
    BridgeOptionType type;
    guint scale; /* kernel units per libnm unit (seconds -> 1/100 s: 100) */
    guint flags; /* BridgeOptionFlags */
} BridgeOptionInfo;

/* The bridge's options, NULL-terminated by property, in ifcfg-rh's order. */
const BridgeOptionInfo *bridge_options(void);
/* The bridge port's options (NMSettingBridgePort), NULL-terminated. */
const BridgeOptionInfo *bridge_port_options(void);

/* @opt's value in @setting, into @value (initialized here); returns the
 * property's pspec (NULL for an unknown property). */
GParamSpec *bridge_option_get_value(const BridgeOptionInfo *opt, NMSetting *setting, GValue *value);

/* The value @setting holds for @opt, in kernel units (a MAC packed into
 * the low 48 bits, first byte highest). */
guint64 bridge_option_kernel_value(const BridgeOptionInfo *opt, NMSetting *setting);

/* Does @setting hold @opt's default (libnm's property default)? */
gboolean bridge_option_is_default(const BridgeOptionInfo *opt, NMSetting *setting);

G_END_DECLS
