/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * ethtool queries (see ethtool.h).
 */
#include "config.h"

#include "ethtool.h"

#include <string.h>
#include <unistd.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <net/if.h>
#include <linux/if.h>
#include <linux/ethtool.h>
#include <linux/sockios.h>

static gboolean
ethtool_ioctl(const char *ifname, gpointer cmd)
{
    struct ifreq ifr = {0};
    int fd = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
    gboolean ok;

    if (fd < 0)
        return FALSE;
    g_strlcpy(ifr.ifr_name, ifname, sizeof ifr.ifr_name);
    ifr.ifr_data = cmd;
    ok = ioctl(fd, SIOCETHTOOL, &ifr) == 0;
    close(fd);
    return ok;
}

gboolean
bondd_ethtool_get_driver_info(const char *ifname, BonddDriverInfo *out)
{
    struct ethtool_drvinfo info = {.cmd = ETHTOOL_GDRVINFO};

    memset(out, 0, sizeof *out);
    if (!ethtool_ioctl(ifname, &info))
        return FALSE;
    g_strlcpy(out->driver, info.driver, sizeof out->driver);
    g_strlcpy(out->version, info.version, sizeof out->version);
    g_strlcpy(out->firmware, info.fw_version, sizeof out->firmware);
    return TRUE;
}

guint
bondd_ethtool_get_speed(const BonddLink *link)
{
    struct ethtool_cmd cmd = {.cmd = ETHTOOL_GSET};
    guint32 speed;

    if (!(link->flags & IFF_LOWER_UP) || !ethtool_ioctl(link->name, &cmd))
        return 0;
    speed = ethtool_cmd_speed(&cmd);
    return speed == (guint32)SPEED_UNKNOWN || speed == 0xFFFF ? 0 : speed;
}
