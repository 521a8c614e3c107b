/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Multifd method "zlib": each channel owns one zlib-wrapped deflate
 * stream for the whole migration (header once, never a trailer); each
 * packet's normal pages go in in offset order, the last with a sync
 * flush so every payload ends on a byte boundary.  The receiver keeps
 * the matching inflate stream and must get exactly 4096 bytes per
 * normal page out of each payload (wire-format.md 4.5).
 */
#include "qemu/osdep.h"
#include <zlib.h>
#include "migration/multifd.h"
#include "qapi/error.h"

/* Per-channel state, owned by the channel's thread. */
typedef struct MultiFDZlib {
    z_stream zs;
    bool zs_ready;              /* deflateInit/inflateInit succeeded */
    uint8_t *zbuf;              /* compressed payload */
    /* Send: guest pages are copied first (deflate must see stable data). */
    uint8_t page[MULTIFD_PAGE_SIZE];
} MultiFDZlib;

static bool zlib_send_setup(MultiFDSendCodec *c, Error **errp)
{
    MultiFDZlib *z = g_new0(MultiFDZlib, 1);
    int ret;

    c->method_state = z;
    ret = deflateInit(&z->zs, c->cfg.zlib_level);
    if (ret != Z_OK) {
        error_setg(errp, "multifd %u: deflate init failed (level %d): %d",
                   c->id, c->cfg.zlib_level, ret);
        return false;
    }
    z->zs_ready = true;
    z->zbuf = g_malloc(MULTIFD_COMPRESSED_MAX);
    return true;
}

static void zlib_send_cleanup(MultiFDSendCodec *c)
{
    MultiFDZlib *z = c->method_state;

    if (!z) {
        return;
    }
    if (z->zs_ready) {
        deflateEnd(&z->zs);
    }
    g_free(z->zbuf);
    g_free(z);
    c->method_state = NULL;
}

static bool zlib_send_prepare(MultiFDSendCodec *c, const MultiFDPages *pages,
                              Error **errp)
{
    MultiFDZlib *z = c->method_state;
    z_stream *zs = &z->zs;
    int ret = Z_OK;

    zs->next_out = z->zbuf;
    zs->avail_out = MULTIFD_COMPRESSED_MAX;
    for (uint32_t i = 0; i < pages->normal_num; i++) {
        int flush = i + 1 == pages->normal_num ? Z_SYNC_FLUSH : Z_NO_FLUSH;

        /*
         * The guest may write the page while we compress it; zlib's
         * match finder is not safe against input changing under it.
         */
        memcpy(z->page, pages->block->host + pages->offset[i],
               MULTIFD_PAGE_SIZE);
        zs->next_in = z->page;
        zs->avail_in = MULTIFD_PAGE_SIZE;
        do {
            ret = deflate(zs, flush);
        } while (ret == Z_OK && zs->avail_in && zs->avail_out);
        if (ret != Z_OK) {
            error_setg(errp, "multifd %u: deflate returned %d instead of "
                       "Z_OK", c->id, ret);
            return false;
        }
        if (zs->avail_in || !zs->avail_out) {
            error_setg(errp, "multifd %u: deflate failed to compress all "
                       "input", c->id);
            return false;
        }
    }
    c->next_packet_size = MULTIFD_COMPRESSED_MAX - zs->avail_out;
    c->iov[c->iovs_num].iov_base = z->zbuf;
    c->iov[c->iovs_num].iov_len = c->next_packet_size;
    c->iovs_num++;
    return true;
}

static bool zlib_recv_setup(MultiFDRecvCodec *c, Error **errp)
{
    MultiFDZlib *z = g_new0(MultiFDZlib, 1);
    int ret;

    c->method_state = z;
    ret = inflateInit(&z->zs);
    if (ret != Z_OK) {
        error_setg(errp, "multifd %u: inflate init failed: %d", c->id, ret);
        return false;
    }
    z->zs_ready = true;
    z->zbuf = g_malloc(MULTIFD_COMPRESSED_MAX);
    return true;
}

static void zlib_recv_cleanup(MultiFDRecvCodec *c)
{
    MultiFDZlib *z = c->method_state;

    if (!z) {
        return;
    }
    if (z->zs_ready) {
        inflateEnd(&z->zs);
    }
    g_free(z->zbuf);
    g_free(z);
    c->method_state = NULL;
}

/* Inflate into [@out, @out + @len) until it is full or no progress. */
static int zlib_inflate_into(z_stream *zs, uint8_t *out, uint32_t len,
                             int flush)
{
    int ret;

    zs->next_out = out;
    zs->avail_out = len;
    do {
        ret = inflate(zs, flush);
    } while (ret == Z_OK && zs->avail_out && zs->avail_in);
    return ret;
}

static bool zlib_recv_error(MultiFDRecvCodec *c, int ret, Error **errp)
{
    MultiFDZlib *z = c->method_state;

    error_setg(errp, "multifd %u: inflate returned %d instead of Z_OK%s%s",
               c->id, ret, z->zs.msg ? ": " : "",
               z->zs.msg ? z->zs.msg : "");
    return false;
}

static bool zlib_recv(MultiFDRecvCodec *c, QIOChannel *ioc, Error **errp)
{
    MultiFDZlib *z = c->method_state;
    const MultiFDPacketInfo *info = &c->info;
    z_stream *zs = &z->zs;
    uint32_t expected = info->normal_num * MULTIFD_PAGE_SIZE;
    uint8_t scratch;
    int ret;

    /* multifd_ram_packet_parse() bounded next_packet_size. */
    if (!qio_channel_read_all(ioc, z->zbuf, info->next_packet_size, errp)) {
        return false;
    }
    zs->next_in = z->zbuf;
    zs->avail_in = info->next_packet_size;

    for (uint32_t i = 0; i < info->normal_num; i++) {
        int flush = i + 1 == info->normal_num ? Z_SYNC_FLUSH : Z_NO_FLUSH;

        ret = zlib_inflate_into(zs, c->block->host + info->offset[i],
                                MULTIFD_PAGE_SIZE, flush);
        if (ret != Z_OK && ret != Z_BUF_ERROR) {
            return zlib_recv_error(c, ret, errp);
        }
        if (zs->avail_out) {
            error_setg(errp, "multifd %u: packet size received %u size "
                       "expected %u", c->id,
                       i * MULTIFD_PAGE_SIZE +
                       (MULTIFD_PAGE_SIZE - zs->avail_out), expected);
            return false;
        }
        multifd_recv_mark_received(c->block, info->offset[i]);
    }

    /*
     * The payload must end here: whatever input is left may only be
     * the empty block of the sync flush, never more page bytes.
     */
    for (;;) {
        uInt before = zs->avail_in;

        ret = zlib_inflate_into(zs, &scratch, 1, Z_SYNC_FLUSH);
        if (ret != Z_OK && ret != Z_BUF_ERROR) {
            return zlib_recv_error(c, ret, errp);
        }
        if (!zs->avail_out) {
            error_setg(errp, "multifd %u: packet decompresses to more than "
                       "the %u bytes expected", c->id, expected);
            return false;
        }
        if (!zs->avail_in) {
            break;
        }
        if (zs->avail_in == before) {
            error_setg(errp, "multifd %u: %u bytes of compressed payload "
                       "left over", c->id, zs->avail_in);
            return false;
        }
    }
    return true;
}

const MultiFDMethods multifd_zlib_methods = {
    .name = "zlib",
    .flag = MULTIFD_FLAG_ZLIB,
    .send_setup = zlib_send_setup,
    .send_cleanup = zlib_send_cleanup,
    .send_prepare = zlib_send_prepare,
    .recv_setup = zlib_recv_setup,
    .recv_cleanup = zlib_recv_cleanup,
    .recv = zlib_recv,
};
