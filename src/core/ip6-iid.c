/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * IPv6 interface identifiers (see ip6-iid.h).
 */
#include "config.h"

#include "ip6-iid.h"

#include <glib/gi18n.h>
#include <errno.h>
#include <string.h>
#include <arpa/inet.h>
#include <sys/random.h>

#define SECRET_FILE "secret_key"
#define SECRET_MIN  16
#define SECRET_NEW  32

struct _BonddIp6Iid {
    gboolean stable;
    char *ifname;
    char *network_id;
    GBytes *secret;
    guint8 eui64[8];
    gboolean have_eui64;
};

/* ---- the secret ------------------------------------------------------------------------ */

GBytes *
bondd_ip6_secret_load(const char *state_dir, GError **error)
{
    g_autofree char *path = g_build_filename(state_dir, SECRET_FILE, NULL);
    g_autoptr(GError) local = NULL;
    guint8 fresh[SECRET_NEW];
    char *contents = NULL;
    gsize len = 0;

    if (g_file_get_contents(path, &contents, &len, &local)) {
        if (len < SECRET_MIN) {
            g_free(contents);
            g_set_error(error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                        _("%s: the secret is %zu bytes long, it needs at least %d"), path, len,
                        SECRET_MIN);
            return NULL;
        }
        return g_bytes_new_take(contents, len);
    }
    if (!g_error_matches(local, G_FILE_ERROR, G_FILE_ERROR_NOENT)) {
        g_propagate_error(error, g_steal_pointer(&local));
        return NULL;
    }
    if (getrandom(fresh, sizeof fresh, 0) != (ssize_t)sizeof fresh) {
        int errsv = errno;
        g_set_error(error, G_IO_ERROR, g_io_error_from_errno(errsv),
                    _("cannot make a secret for %s: %s"), path, g_strerror(errsv));
        return NULL;
    }
    if (!g_file_set_contents_full(path, (const char *)fresh, sizeof fresh,
                                  G_FILE_SET_CONTENTS_CONSISTENT, 0600, error))
        return NULL;
    g_message(_("ip6: made a new secret for stable IPv6 addresses in %s"), path);
    return g_bytes_new(fresh, sizeof fresh);
}

/* ---- RFC 7217 --------------------------------------------------------------------------- */

/* RFC 5453 and IANA's list of reserved interface identifiers. */
static gboolean
is_reserved_iid(const guint8 *iid)
{
    static const guint8 zero[8];
    static const guint8 ethernet_block[5] = {0x02, 0x00, 0x5e, 0xff, 0xfe};
    static const guint8 subnet_anycast[7] = {0xfd, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff};

    return memcmp(iid, zero, 8) == 0 || memcmp(iid, ethernet_block, 5) == 0 ||
           (memcmp(iid, subnet_anycast, 7) == 0 && (iid[7] & 0x80));
}

void
bondd_ip6_stable_privacy(guint8 addr[16], const char *ifname, const char *network_id,
                         guint32 dad_counter, GBytes *secret)
{
    g_autoptr(GChecksum) sum = g_checksum_new(G_CHECKSUM_SHA256);
    gsize secret_len = 0;
    const guint8 *secret_data = g_bytes_get_data(secret, &secret_len);
    guint8 digest[32];
    gsize digest_len = sizeof digest;
    guint32 tmp[2];

    /* NetworkManager's order; for a profile's UUID as network id it hashes
     * no stable-type byte. */
    g_checksum_update(sum, addr, 8);
    g_checksum_update(sum, (const guchar *)ifname, strlen(ifname) + 1);
    g_checksum_update(sum, (const guchar *)network_id, strlen(network_id) + 1);
    tmp[0] = htonl(dad_counter);
    tmp[1] = htonl((guint32)secret_len);
    g_checksum_update(sum, (const guchar *)tmp, sizeof tmp);
    g_checksum_update(sum, secret_data, secret_len);
    g_checksum_get_digest(sum, digest, &digest_len);

    while (is_reserved_iid(digest)) {
        g_checksum_reset(sum);
        tmp[0] = htonl(++dad_counter);
        g_checksum_update(sum, digest, sizeof digest);
        g_checksum_update(sum, (const guchar *)&tmp[0], sizeof tmp[0]);
        digest_len = sizeof digest;
        g_checksum_get_digest(sum, digest, &digest_len);
    }
    memcpy(addr + 8, digest, 8);
}

/* ---- the generator ------------------------------------------------------------------------ */

BonddIp6Iid *
bondd_ip6_iid_new(NMSettingIP6Config *s_ip6, const char *ifname, const char *network_id,
                  const char *state_dir, GError **error)
{
    g_autoptr(BonddIp6Iid) self = g_new0(BonddIp6Iid, 1);
    int mode = nm_setting_ip6_config_get_addr_gen_mode(s_ip6);

    self->stable = mode == NM_SETTING_IP6_CONFIG_ADDR_GEN_MODE_STABLE_PRIVACY ||
                   mode == NM_SETTING_IP6_CONFIG_ADDR_GEN_MODE_DEFAULT;
    self->ifname = g_strdup(ifname);
    self->network_id = g_strdup(network_id);
    if (self->stable && !(self->secret = bondd_ip6_secret_load(state_dir, error)))
        return NULL;
    return g_steal_pointer(&self);
}

void
bondd_ip6_iid_free(BonddIp6Iid *self)
{
    if (!self)
        return;
    g_free(self->ifname);
    g_free(self->network_id);
    g_clear_pointer(&self->secret, g_bytes_unref);
    g_free(self);
}

gboolean
bondd_ip6_iid_is_stable(const BonddIp6Iid *self)
{
    return self->stable;
}

gboolean
bondd_ip6_iid_set_hwaddr(BonddIp6Iid *self, const guint8 *hwaddr, guint len)
{
    guint8 eui64[8];

    if (len == 6) {
        /* RFC 4291 appendix A: ff:fe in the middle, universal/local bit flipped. */
        eui64[0] = hwaddr[0] ^ 0x02;
        eui64[1] = hwaddr[1];
        eui64[2] = hwaddr[2];
        eui64[3] = 0xff;
        eui64[4] = 0xfe;
        eui64[5] = hwaddr[3];
        eui64[6] = hwaddr[4];
        eui64[7] = hwaddr[5];
    } else if (len == 8) {
        memcpy(eui64, hwaddr, 8);
        eui64[0] ^= 0x02;
    } else {
        gboolean changed = self->have_eui64;
        self->have_eui64 = FALSE;
        return changed && !self->stable;
    }
    if (self->have_eui64 && memcmp(eui64, self->eui64, 8) == 0)
        return FALSE;
    memcpy(self->eui64, eui64, 8);
    self->have_eui64 = TRUE;
    return !self->stable;
}

gboolean
bondd_ip6_iid_complete(const BonddIp6Iid *self, guint8 addr[16], guint dad_counter, GError **error)
{
    if (self->stable) {
        if (dad_counter >= BONDD_IP6_IID_STABLE_RETRIES) {
            g_set_error(error, G_IO_ERROR, G_IO_ERROR_EXISTS,
                        _("%u stable addresses in a row were taken (duplicate address detection)"),
                        dad_counter);
            return FALSE;
        }
        bondd_ip6_stable_privacy(addr, self->ifname, self->network_id, dad_counter, self->secret);
        return TRUE;
    }
    if (!self->have_eui64) {
        g_set_error(error, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED,
                    _("the link has no MAC address to make an EUI-64 identifier from"));
        return FALSE;
    }
    if (dad_counter > 0) {
        g_set_error(error, G_IO_ERROR, G_IO_ERROR_EXISTS,
                    _("the EUI-64 address is taken (duplicate address detection)"));
        return FALSE;
    }
    memcpy(addr + 8, self->eui64, 8);
    return TRUE;
}
