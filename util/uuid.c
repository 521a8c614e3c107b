/* SPDX-License-Identifier: GPL-2.0-or-later */
/* UUIDs: random generation, comparison, text form and byte swapping. */
#include "qemu/osdep.h"
#include "qemu/uuid.h"

#include <sys/random.h>

/* Byte offsets of the four '-' in the text form. */
static bool uuid_is_dash_pos(int i)
{
    return i == 8 || i == 13 || i == 18 || i == 23;
}

static void uuid_random_bytes(unsigned char *buf, size_t len)
{
    while (len) {
        ssize_t n = getrandom(buf, len, 0);

        if (n < 0) {
            if (errno == EINTR) {
                continue;
            }
            /* No kernel entropy interface: fall back to glib's PRNG. */
            while (len) {
                *buf++ = g_random_int_range(0, 256);
                len--;
            }
            return;
        }
        buf += n;
        len -= n;
    }
}

void qemu_uuid_generate(QemuUUID *out)
{
    uuid_random_bytes(out->data, sizeof(out->data));
    /* Version 4 in the top nibble of byte 6, variant 10xx in byte 8. */
    out->data[6] = (out->data[6] & 0x0f) | 0x40;
    out->data[8] = (out->data[8] & 0x3f) | 0x80;
}

bool qemu_uuid_is_null(const QemuUUID *uu)
{
    static const QemuUUID nil;

    return qemu_uuid_is_equal(uu, &nil);
}

bool qemu_uuid_is_equal(const QemuUUID *lhv, const QemuUUID *rhv)
{
    return memcmp(lhv->data, rhv->data, sizeof(lhv->data)) == 0;
}

void qemu_uuid_unparse(const QemuUUID *uuid, char *out)
{
    static const char hex[] = "0123456789abcdef";
    int i, b = 0;

    for (i = 0; i < UUID_FMT_LEN; i++) {
        if (uuid_is_dash_pos(i)) {
            out[i] = '-';
        } else {
            unsigned char byte = uuid->data[b / 2];

            out[i] = hex[(b & 1) ? byte & 0xf : byte >> 4];
            b++;
        }
    }
    out[UUID_FMT_LEN] = '\0';
}

char *qemu_uuid_unparse_strdup(const QemuUUID *uuid)
{
    char *buf = g_malloc(UUID_STR_LEN);

    qemu_uuid_unparse(uuid, buf);
    return buf;
}

int qemu_uuid_parse(const char *str, QemuUUID *uuid)
{
    QemuUUID tmp;
    int i, b = 0;

    if (!str || strlen(str) != UUID_FMT_LEN) {
        return -1;
    }
    for (i = 0; i < UUID_FMT_LEN; i++) {
        int v;

        if (uuid_is_dash_pos(i)) {
            if (str[i] != '-') {
                return -1;
            }
            continue;
        }
        v = g_ascii_xdigit_value(str[i]);
        if (v < 0) {
            return -1;
        }
        if (b & 1) {
            tmp.data[b / 2] |= v;
        } else {
            tmp.data[b / 2] = v << 4;
        }
        b++;
    }
    *uuid = tmp;
    return 0;
}

QemuUUID qemu_uuid_bswap(QemuUUID uuid)
{
    uuid.fields.time_low = GUINT32_SWAP_LE_BE(uuid.fields.time_low);
    uuid.fields.time_mid = GUINT16_SWAP_LE_BE(uuid.fields.time_mid);
    uuid.fields.time_high_and_version =
        GUINT16_SWAP_LE_BE(uuid.fields.time_high_and_version);
    return uuid;
}
