/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Fuzz target: the input as the bytes of one incoming multifd channel
 * (migration/multifd-packet.c, multifd-nocomp.c, multifd-zlib.c,
 * multifd-zstd.c, multifd-zero-page.c).
 */
#include "qemu/osdep.h"
#include "qapi/error.h"
#include "qemu/bitmap.h"
#include "io/channel-buffer.h"
#include "migration/multifd.h"
#include "fuzz-target.h"

/*
 * The first 64 bytes are the init packet, checked as a destination with
 * no -uuid and CHANNELS channels expects it.  When it validates, the
 * rest is read as RAM packets (header, then payload) by a receive codec
 * of each method in turn: nocomp, zlib, zstd.  A packet's method bits
 * pick the one codec that decodes its payload; the other two must
 * refuse the packet.  Pages land in a block "mem" of BLOCK_PAGES pages
 * (the block of the recorded QEMU 7.2 channels in tests/data/multifd/,
 * whose first data packets fall inside it).  The loop ends at end of
 * input or at the first error, as a channel thread does: each packet
 * takes at least MULTIFD_RAM_PACKET_SIZE bytes, so it always ends.
 *
 * Checked: read and load return errors exactly when they set one; a
 * packet read as valid names our block (or none, without pages), has
 * its counts within the packet and page-aligned offsets inside the
 * block; after a load every page the packet carried is marked
 * received.  Memory and maps start afresh for each codec, and
 * everything is freed (LeakSanitizer).  With FUZZ_VERBOSE set in the
 * environment, each codec's outcome is printed.
 */

#define BLOCK_PAGES 256
#define CHANNELS 8

static const MultiFDCompression methods[] = {
    MULTIFD_COMPRESSION_NONE,
    MULTIFD_COMPRESSION_ZLIB,
    MULTIFD_COMPRESSION_ZSTD,
};

static RAMBlock *lookup(const char *idstr, void *opaque)
{
    RAMBlock *rb = opaque;

    return strcmp(idstr, rb->idstr) ? NULL : rb;
}

static RAMBlock *block_new(void)
{
    RAMBlock *rb = g_new0(RAMBlock, 1);

    g_strlcpy(rb->idstr, "mem", sizeof(rb->idstr));
    rb->used_length = rb->max_length = BLOCK_PAGES * MULTIFD_PAGE_SIZE;
    rb->host = g_malloc0(rb->used_length);
    rb->receivedmap = bitmap_new(BLOCK_PAGES);
    rb->fd = -1;
    return rb;
}

static void block_reset(RAMBlock *rb)
{
    memset(rb->host, 0, rb->used_length);
    bitmap_zero(rb->receivedmap, BLOCK_PAGES);
}

static void block_free(RAMBlock *rb)
{
    g_free(rb->host);
    g_free(rb->receivedmap);
    g_free(rb);
}

static void check_packet(const MultiFDRecvCodec *c, RAMBlock *rb)
{
    const MultiFDPacketInfo *info = &c->info;
    uint32_t i, n = info->normal_num + info->zero_num;

    FUZZ_CHECK(info->pages_alloc <= MULTIFD_PAGE_COUNT);
    FUZZ_CHECK(n <= MULTIFD_PAGE_COUNT);
    if (!n) {
        FUZZ_CHECK(!c->block);
        return;
    }
    FUZZ_CHECK(c->block == rb);
    FUZZ_CHECK((info->flags & MULTIFD_FLAG_COMPRESSION_MASK) ==
               c->ops->flag);
    for (i = 0; i < n; i++) {
        FUZZ_CHECK(!(info->offset[i] % MULTIFD_PAGE_SIZE));
        FUZZ_CHECK(info->offset[i] < rb->used_length);
    }
}

static void check_received(const MultiFDPacketInfo *info, RAMBlock *rb)
{
    uint32_t i, n = info->normal_num + info->zero_num;

    for (i = 0; i < n; i++) {
        FUZZ_CHECK(test_bit(info->offset[i] / MULTIFD_PAGE_SIZE,
                            rb->receivedmap));
    }
}

/* Read the packets in @data with a receive codec of @method. */
static void decode(MultiFDCompression method, const uint8_t *data,
                   size_t size, int id, RAMBlock *rb)
{
    MultiFDRecvCodec *c = g_new0(MultiFDRecvCodec, 1);
    MultiFDCodecConfig cfg = {
        .compression = method,
        .zlib_level = 1,
        .zstd_level = 1,
        .lookup = lookup,
        .lookup_opaque = rb,
    };
    QIOChannelBuffer *bioc = qio_channel_buffer_new_data(
        size ? data : (const uint8_t *)"", size);
    QIOChannel *ioc = QIO_CHANNEL(bioc);
    Error *err = NULL;
    unsigned int packets = 0;
    int ret;

    block_reset(rb);
    FUZZ_CHECK(multifd_recv_codec_setup(c, id, &cfg, &err));
    for (;;) {
        size_t before = bioc->offset;

        ret = multifd_recv_codec_read(c, ioc, &err);
        FUZZ_CHECK((ret < 0) == !!err);
        if (ret <= 0) {
            FUZZ_CHECK(ret < 0 || before == size);
            break;
        }
        FUZZ_CHECK(bioc->offset == before + MULTIFD_RAM_PACKET_SIZE);
        check_packet(c, rb);
        if (!multifd_recv_codec_load(c, ioc, &err)) {
            FUZZ_CHECK(err && *error_get_pretty(err));
            break;
        }
        FUZZ_CHECK(!err);
        check_received(&c->info, rb);
        packets++;
    }
    if (getenv("FUZZ_VERBOSE")) {
        fprintf(stderr, "%s: %u packets loaded, %s\n", c->ops->name,
                packets, err ? error_get_pretty(err) : "end of input");
    }
    if (err) {
        FUZZ_CHECK(*error_get_pretty(err));
        error_free(err);
    }
    multifd_recv_codec_cleanup(c);
    g_free(c);
    qio_channel_unref(ioc);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    QIOChannelBuffer *bioc = qio_channel_buffer_new_data(
        size ? data : (const uint8_t *)"", size);
    QemuUUID nil = { 0 };
    Error *err = NULL;
    RAMBlock *rb;
    size_t i;
    int id;

    id = multifd_recv_initial_packet(QIO_CHANNEL(bioc), &nil, CHANNELS,
                                     &err);
    qio_channel_unref(QIO_CHANNEL(bioc));
    if (id < 0) {
        FUZZ_CHECK(id == -1 && err && *error_get_pretty(err));
        error_free(err);
        return 0;
    }
    FUZZ_CHECK(!err && id < CHANNELS);
    FUZZ_CHECK(size >= MULTIFD_INIT_PACKET_SIZE);
    FUZZ_CHECK(multifd_init_packet_parse(data, &nil, CHANNELS, NULL) == id);

    rb = block_new();
    for (i = 0; i < ARRAY_SIZE(methods); i++) {
        decode(methods[i], data + MULTIFD_INIT_PACKET_SIZE,
               size - MULTIFD_INIT_PACKET_SIZE, id, rb);
    }
    block_free(rb);
    return 0;
}
