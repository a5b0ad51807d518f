/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * One DHCP client process for one device and address family: dhcpcd,
 * started with --noconfigure so that it only negotiates (bondd applies
 * what it leases), supervised like NetworkManager supervises its external
 * clients: a child watch, restarts with back-off when it dies, SIGALRM (to
 * release the lease) or SIGTERM when stopped, SIGKILL if it lingers.  Its
 * events arrive over the private channel (dhcp-listener.h).
 */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

typedef struct _BonddDhcpClient BonddDhcpClient;

typedef enum {
    BONDD_DHCP_MODE_V4,
    BONDD_DHCP_MODE_V6_STATEFUL, /* an address (IA_NA) and options */
    BONDD_DHCP_MODE_V6_INFO,     /* options only (Information-Request) */
} BonddDhcpMode;

typedef struct {
    BonddDhcpMode mode;
    const char *ifname;
    const char *client_path; /* dhcpcd */
    const char *helper_path; /* bondd-dhcp-helper */
    const char *run_dir;     /* for the generated dhcpcd.conf and the channel */
    /* NULL: the system's host name; "" with send_hostname: the same. */
    const char *hostname;
    gboolean send_hostname;
    const char *client_id;       /* ipv4.dhcp-client-id; NULL: from the MAC */
    const char *iaid;            /* ipvX.dhcp-iaid; NULL: from the MAC */
    const char *request_address; /* the last lease's address, asked for again */
} BonddDhcpClientConfig;

typedef enum {
    BONDD_DHCP_EVENT_BOUND, /* a lease (new, renewed, rebound, rebooted) */
    BONDD_DHCP_EVENT_LOST,  /* expired or refused by the server */
    BONDD_DHCP_EVENT_FAILED /* the client cannot run: @error says why */
} BonddDhcpEvent;

/* @options: the lease's options, dhcpcd's names without "new_"
 * (ip_address, subnet_cidr, routers, domain_name_servers...). */
typedef void (*BonddDhcpClientFunc)(gpointer user_data, BonddDhcpEvent event, GHashTable *options,
                                    const GError *error);

/* Start the client; events follow from the main loop.  NULL and @error
 * when the private channel cannot be set up. */
BonddDhcpClient *bondd_dhcp_client_start(const BonddDhcpClientConfig *config,
                                         BonddDhcpClientFunc func, gpointer user_data,
                                         GError **error);
/* Runs once a release has left (see bondd_dhcp_client_stop()). */
typedef void (*BonddDhcpClientStoppedFunc)(gpointer user_data);

/* No more events; the process goes: SIGALRM when @release (dhcpcd sends a
 * RELEASE, then exits), else SIGTERM; SIGKILL if it lingers.  With
 * @release and @stopped, and a process running, returns TRUE and runs
 * @stopped from the main loop once dhcpcd has exited or after 2 s at most,
 * whichever comes first (the caller keeps the address and the link as they
 * are until then); else returns FALSE and never runs @stopped.  The client
 * is the caller's no more either way. */
gboolean bondd_dhcp_client_stop(BonddDhcpClient *self, gboolean release,
                                BonddDhcpClientStoppedFunc stopped, gpointer user_data);

G_END_DECLS
