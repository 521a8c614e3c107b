/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Multifd method "zstd": each channel owns one compression stream and
 * writes one never-ending frame for the whole migration (frame header
 * once); each packet's normal pages go in in offset order, the last
 * with the flush directive so the payload ends on a block boundary.
 * The receiver keeps the matching decompression stream and must get
 * exactly 4096 bytes per normal page out of each payload
 * (wire-format.md 4.5).
 */
#include "qemu/osdep.h"
#include <zstd.h>
#include "migration/multifd.h"
#include "qapi/error.h"

/* Per-channel state, owned by the channel's thread. */
typedef struct MultiFDZstd {
    ZSTD_CCtx *cctx;            /* send side */
    ZSTD_DCtx *dctx;            /* receive side */
    uint8_t *zbuf;              /* compressed payload */
} MultiFDZstd;

static bool zstd_send_setup(MultiFDSendCodec *c, Error **errp)
{
    MultiFDZstd *z = g_new0(MultiFDZstd, 1);
    size_t ret;

    c->method_state = z;
    z->cctx = ZSTD_createCCtx();
    if (!z->cctx) {
        error_setg(errp, "multifd %u: zstd cctx creation failed", c->id);
        return false;
    }
    ret = ZSTD_CCtx_setParameter(z->cctx, ZSTD_c_compressionLevel,
                                 c->cfg.zstd_level);
    if (ZSTD_isError(ret)) {
        error_setg(errp, "multifd %u: zstd level %d refused: %s", c->id,
                   c->cfg.zstd_level, ZSTD_getErrorName(ret));
        return false;
    }
    z->zbuf = g_malloc(MULTIFD_COMPRESSED_MAX);
    return true;
}

static void zstd_send_cleanup(MultiFDSendCodec *c)
{
    MultiFDZstd *z = c->method_state;

    if (!z) {
        return;
    }
    ZSTD_freeCCtx(z->cctx);
    g_free(z->zbuf);
    g_free(z);
    c->method_state = NULL;
}

static bool zstd_send_prepare(MultiFDSendCodec *c, const MultiFDPages *pages,
                              Error **errp)
{
    MultiFDZstd *z = c->method_state;
    ZSTD_outBuffer out = { z->zbuf, MULTIFD_COMPRESSED_MAX, 0 };

    for (uint32_t i = 0; i < pages->normal_num; i++) {
        bool last = i + 1 == pages->normal_num;
        ZSTD_EndDirective mode = last ? ZSTD_e_flush : ZSTD_e_continue;
        ZSTD_inBuffer in = {
            pages->block->host + pages->offset[i], MULTIFD_PAGE_SIZE, 0
        };
        size_t ret;

        /*
         * continue: until the page is taken in; flush: until nothing is
         * left to write (returns 0).  Never "end": the frame goes on.
         */
        do {
            ret = ZSTD_compressStream2(z->cctx, &out, &in, mode);
        } while (!ZSTD_isError(ret) && out.pos < out.size &&
                 (in.pos < in.size || (last && ret > 0)));
        if (ZSTD_isError(ret)) {
            error_setg(errp, "multifd %u: compressStream error %s", c->id,
                       ZSTD_getErrorName(ret));
            return false;
        }
        if (in.pos < in.size || (last && ret > 0)) {
            error_setg(errp, "multifd %u: compressStream buffer too small",
                       c->id);
            return false;
        }
    }
    c->next_packet_size = out.pos;
    c->iov[c->iovs_num].iov_base = z->zbuf;
    c->iov[c->iovs_num].iov_len = out.pos;
    c->iovs_num++;
    return true;
}

static bool zstd_recv_setup(MultiFDRecvCodec *c, Error **errp)
{
    MultiFDZstd *z = g_new0(MultiFDZstd, 1);

    c->method_state = z;
    z->dctx = ZSTD_createDCtx();
    if (!z->dctx) {
        error_setg(errp, "multifd %u: zstd dctx creation failed", c->id);
        return false;
    }
    z->zbuf = g_malloc(MULTIFD_COMPRESSED_MAX);
    return true;
}

static void zstd_recv_cleanup(MultiFDRecvCodec *c)
{
    MultiFDZstd *z = c->method_state;

    if (!z) {
        return;
    }
    ZSTD_freeDCtx(z->dctx);
    g_free(z->zbuf);
    g_free(z);
    c->method_state = NULL;
}

/*
 * Decompress into @out until it is full or nothing moves any more.
 * Returns false with @errp set on a zstd error.
 */
static bool zstd_decompress_into(MultiFDRecvCodec *c, ZSTD_outBuffer *out,
                                 ZSTD_inBuffer *in, Error **errp)
{
    MultiFDZstd *z = c->method_state;

    while (out->pos < out->size) {
        size_t in_before = in->pos, out_before = out->pos;
        size_t ret = ZSTD_decompressStream(z->dctx, out, in);

        if (ZSTD_isError(ret)) {
            error_setg(errp, "multifd %u: decompressStream returned %s",
                       c->id, ZSTD_getErrorName(ret));
            return false;
        }
        if (in->pos == in_before && out->pos == out_before) {
            break;
        }
    }
    return true;
}

static bool zstd_recv(MultiFDRecvCodec *c, QIOChannel *ioc, Error **errp)
{
    MultiFDZstd *z = c->method_state;
    const MultiFDPacketInfo *info = &c->info;
    uint32_t expected = info->normal_num * MULTIFD_PAGE_SIZE;
    ZSTD_inBuffer in = { z->zbuf, info->next_packet_size, 0 };
    uint8_t scratch;

    /* multifd_ram_packet_parse() bounded next_packet_size. */
    if (!qio_channel_read_all(ioc, z->zbuf, info->next_packet_size, errp)) {
        return false;
    }
    for (uint32_t i = 0; i < info->normal_num; i++) {
        ZSTD_outBuffer out = {
            c->block->host + info->offset[i], MULTIFD_PAGE_SIZE, 0
        };

        if (!zstd_decompress_into(c, &out, &in, errp)) {
            return false;
        }
        if (out.pos < out.size) {
            error_setg(errp, "multifd %u: packet size received %u size "
                       "expected %u", c->id,
                       (uint32_t)(i * MULTIFD_PAGE_SIZE + out.pos), expected);
            return false;
        }
        multifd_recv_mark_received(c->block, info->offset[i]);
    }

    /* Anything the payload still holds must decode to nothing. */
    for (;;) {
        ZSTD_outBuffer out = { &scratch, 1, 0 };
        size_t in_before = in.pos;

        if (!zstd_decompress_into(c, &out, &in, errp)) {
            return false;
        }
        if (out.pos) {
            error_setg(errp, "multifd %u: packet decompresses to more than "
                       "the %u bytes expected", c->id, expected);
            return false;
        }
        if (in.pos == in.size) {
            return true;
        }
        if (in.pos == in_before) {
            error_setg(errp, "multifd %u: %zu bytes of compressed payload "
                       "left over", c->id, in.size - in.pos);
            return false;
        }
    }
}

const MultiFDMethods multifd_zstd_methods = {
    .name = "zstd",
    .flag = MULTIFD_FLAG_ZSTD,
    .send_setup = zstd_send_setup,
    .send_cleanup = zstd_send_cleanup,
    .send_prepare = zstd_send_prepare,
    .recv_setup = zstd_recv_setup,
    .recv_cleanup = zstd_recv_cleanup,
    .recv = zstd_recv,
};
