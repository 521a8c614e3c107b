/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Unit tests of the multifd methods (none, zlib, zstd): round trips of
 * many packets on one stream over a socketpair, corrupt, truncated and
 * mis-sized payloads, and the recorded QEMU 7.2 multifd channels
 * (decoded into memory and checked against the known guest pattern,
 * then re-encoded and compared byte for byte).
 */
#include "qemu/osdep.h"
#include <zlib.h>
#include <zstd.h>
#include "io/channel-buffer.h"
#include "io/channel-socket.h"
#include "migration/multifd.h"
#include "multifd-test-block.h"
#include "qapi/error.h"
#include "qemu/bitmap.h"
#include "qemu/cutils.h"
#include "qemu/thread.h"

#define PAGE MULTIFD_PAGE_SIZE

/* Blocks of one side, found by name. */
typedef struct Side {
    RAMBlock *blocks[2];
    unsigned nr;
} Side;

static RAMBlock *side_lookup(const char *idstr, void *opaque)
{
    Side *s = opaque;

    for (unsigned i = 0; i < s->nr; i++) {
        if (!strcmp(s->blocks[i]->idstr, idstr)) {
            return s->blocks[i];
        }
    }
    return NULL;
}

static void side_free(Side *s)
{
    for (unsigned i = 0; i < s->nr; i++) {
        test_block_free(s->blocks[i]);
    }
}

static MultiFDCodecConfig config(MultiFDCompression comp, int level,
                                 ZeroPageDetection zpd, Side *dst)
{
    return (MultiFDCodecConfig) {
        .compression = comp,
        .zlib_level = level,
        .zstd_level = level,
        .zero_page_detection = zpd,
        .lookup = side_lookup,
        .lookup_opaque = dst,
    };
}

/* Guest-like page contents: zero, random, runs, text, sparse. */
static void fill_page(uint8_t *p, unsigned kind, GRand *rand)
{
    switch (kind % 5) {
    case 0:
        memset(p, 0, PAGE);
        break;
    case 1:
        for (unsigned i = 0; i < PAGE; i += 4) {
            uint32_t v = g_rand_int(rand);

            memcpy(p + i, &v, 4);
        }
        break;
    case 2:
        memset(p, g_rand_int_range(rand, 1, 256), PAGE);
        break;
    case 3:
        for (unsigned i = 0; i < PAGE; i++) {
            p[i] = "multifd packet text "[(i + kind) % 20];
        }
        break;
    default:
        memset(p, 0, PAGE);
        p[g_rand_int_range(rand, 0, PAGE)] = 0x5a;
        break;
    }
}

/*
 * Round trips over a socketpair
 */

typedef struct RoundTrip {
    MultiFDCodecConfig cfg;
    Side src;
    QIOChannel *ioc;
    uint32_t seed;
    /* Results of the sender thread. */
    unsigned packets, syncs;
    uint64_t normal, zero;
    bool ok;
} RoundTrip;

/* Send every page of @s once, in shuffled batches of random size. */
static bool send_pass(RoundTrip *rt, MultiFDSendCodec *c, GRand *rand,
                      uint64_t *packet_num)
{
    for (unsigned b = 0; b < rt->src.nr; b++) {
        RAMBlock *rb = rt->src.blocks[b];
        uint64_t pages = ramblock_pages(rb);
        g_autofree uint64_t *order = g_new(uint64_t, pages);
        uint64_t done = 0;

        for (uint64_t i = 0; i < pages; i++) {
            order[i] = i;
        }
        for (uint64_t i = pages - 1; i > 0; i--) {
            uint64_t j = g_rand_int_range(rand, 0, i + 1);
            uint64_t t = order[i];

            order[i] = order[j];
            order[j] = t;
        }
        while (done < pages) {
            MultiFDPages batch;
            unsigned n = g_rand_int_range(rand, 1, MULTIFD_PAGE_COUNT + 1);

            multifd_pages_reset(&batch);
            while (n-- && done < pages) {
                g_assert_true(multifd_pages_add(&batch, rb,
                                                order[done++] * PAGE));
            }
            if (!multifd_send_codec_prepare(c, &batch, (*packet_num)++,
                                            &error_abort) ||
                !multifd_send_codec_write(c, rt->ioc, &error_abort)) {
                return false;
            }
            rt->packets++;
            rt->normal += batch.normal_num;
            rt->zero += batch.num - batch.normal_num;
        }
    }
    return true;
}

static bool send_sync(RoundTrip *rt, MultiFDSendCodec *c,
                      uint64_t *packet_num)
{
    multifd_send_codec_prepare_sync(c, (*packet_num)++);
    rt->syncs++;
    return multifd_send_codec_write(c, rt->ioc, &error_abort);
}

static void *sender_thread(void *opaque)
{
    RoundTrip *rt = opaque;
    MultiFDSendCodec *c = g_new0(MultiFDSendCodec, 1);
    GRand *rand = g_rand_new_with_seed(rt->seed);
    QemuUUID nil = { 0 };
    uint64_t packet_num = 0;

    rt->ok = multifd_send_initial_packet(rt->ioc, &nil, 1, &error_abort) &&
             multifd_send_codec_setup(c, 1, &rt->cfg, &error_abort) &&
             send_sync(rt, c, &packet_num);
    for (int pass = 0; rt->ok && pass < 3; pass++) {
        rt->ok = send_pass(rt, c, rand, &packet_num) &&
                 send_sync(rt, c, &packet_num);
        /* Dirty a third of the pages, with new kinds, between passes. */
        for (unsigned b = 0; b < rt->src.nr; b++) {
            RAMBlock *rb = rt->src.blocks[b];

            for (uint64_t i = 0; i < ramblock_pages(rb); i++) {
                if (g_rand_int_range(rand, 0, 3) == 0) {
                    fill_page(rb->host + i * PAGE,
                              g_rand_int_range(rand, 0, 5), rand);
                }
            }
        }
    }
    /* The last modifications are sent too, then a clean end. */
    rt->ok = rt->ok && send_pass(rt, c, rand, &packet_num) &&
             send_sync(rt, c, &packet_num);
    multifd_send_codec_cleanup(c);
    multifd_send_codec_cleanup(c);
    qio_channel_shutdown(rt->ioc, QIO_CHANNEL_SHUTDOWN_WRITE, NULL);
    g_rand_free(rand);
    g_free(c);
    return NULL;
}

typedef struct RoundTripCase {
    const char *name;
    MultiFDCompression comp;
    int level;
    ZeroPageDetection zpd;
} RoundTripCase;

static void test_roundtrip(gconstpointer opaque)
{
    const RoundTripCase *tc = opaque;
    RoundTrip rt = { .seed = 0x1234 + tc->comp * 17 + tc->level };
    Side dst = { .nr = 2 };
    MultiFDRecvCodec *rc = g_new0(MultiFDRecvCodec, 1);
    GRand *rand = g_rand_new_with_seed(99);
    QIOChannel *rx;
    QemuThread thread;
    QemuUUID nil = { 0 };
    unsigned packets = 0, syncs = 0;
    uint64_t normal = 0, zero = 0;
    int sv[2], ret;

    rt.src.nr = 2;
    rt.src.blocks[0] = test_block_new("pc.ram", 700, 0);
    rt.src.blocks[1] = test_block_new("/rom@etc/acpi/tables", 33, 0);
    dst.blocks[0] = test_block_new("pc.ram", 700, 0);
    dst.blocks[1] = test_block_new("/rom@etc/acpi/tables", 33, 0);
    for (unsigned b = 0; b < 2; b++) {
        for (uint64_t i = 0; i < ramblock_pages(rt.src.blocks[b]); i++) {
            fill_page(rt.src.blocks[b]->host + i * PAGE, i, rand);
        }
    }
    rt.cfg = config(tc->comp, tc->level, tc->zpd, &dst);

    g_assert_cmpint(socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, sv),
                    ==, 0);
    rt.ioc = QIO_CHANNEL(qio_channel_socket_new_fd(sv[0], &error_abort));
    rx = QIO_CHANNEL(qio_channel_socket_new_fd(sv[1], &error_abort));
    qemu_thread_create(&thread, "mfd-send", sender_thread, &rt,
                       QEMU_THREAD_JOINABLE);

    g_assert_cmpint(multifd_recv_initial_packet(rx, &nil, 2, &error_abort),
                    ==, 1);
    g_assert_true(multifd_recv_codec_setup(rc, 1, &rt.cfg, &error_abort));
    while ((ret = multifd_recv_codec_receive(rc, rx, &error_abort)) == 1) {
        if (rc->info.flags & MULTIFD_FLAG_SYNC) {
            syncs++;
            g_assert_false(multifd_packet_has_pages(&rc->info));
        } else {
            packets++;
            normal += rc->info.normal_num;
            zero += rc->info.zero_num;
        }
    }
    g_assert_cmpint(ret, ==, 0);
    qemu_thread_join(&thread);
    g_assert_true(rt.ok);

    g_assert_cmpuint(packets, ==, rt.packets);
    g_assert_cmpuint(syncs, ==, rt.syncs);
    g_assert_cmpuint(normal, ==, rt.normal);
    g_assert_cmpuint(zero, ==, rt.zero);
    g_assert_cmpuint(packets, >, 30);
    if (tc->zpd == ZERO_PAGE_DETECTION_MULTIFD) {
        g_assert_cmpuint(zero, >, 500);
    } else {
        g_assert_cmpuint(zero, ==, 0);
    }
    for (unsigned b = 0; b < 2; b++) {
        RAMBlock *s = rt.src.blocks[b], *d = dst.blocks[b];

        g_assert_true(memcmp(s->host, d->host, s->used_length) == 0);
        g_assert_cmpuint(find_first_zero_bit(d->receivedmap,
                                             ramblock_pages(d)),
                         ==, ramblock_pages(d));
    }

    multifd_recv_codec_cleanup(rc);
    multifd_recv_codec_cleanup(rc);
    g_free(rc);
    qio_channel_unref(rt.ioc);
    qio_channel_unref(rx);
    side_free(&rt.src);
    side_free(&dst);
    g_rand_free(rand);
}

/*
 * Bad payloads
 */

/* One recorded packet: header and payload bytes. */
typedef struct Recorded {
    uint8_t hdr[MULTIFD_RAM_PACKET_SIZE];
    GByteArray *payload;
    MultiFDPacketInfo info;
} Recorded;

/*
 * Record @n packets of 6 normal pages each (plus a zero page) from the
 * pages of @src, all on one send stream.
 */
static Recorded *record_packets(MultiFDCompression comp, RAMBlock *src,
                                unsigned n)
{
    Recorded *rec = g_new0(Recorded, n);
    MultiFDSendCodec *c = g_new0(MultiFDSendCodec, 1);
    MultiFDCodecConfig cfg = config(comp, 1, ZERO_PAGE_DETECTION_MULTIFD,
                                    NULL);

    g_assert_true(multifd_send_codec_setup(c, 0, &cfg, &error_abort));
    for (unsigned p = 0; p < n; p++) {
        MultiFDPages batch;

        multifd_pages_reset(&batch);
        for (unsigned i = 0; i < 7; i++) {
            multifd_pages_add(&batch, src, (p * 7 + i) * PAGE);
        }
        g_assert_true(multifd_send_codec_prepare(c, &batch, p,
                                                 &error_abort));
        g_assert_cmpuint(batch.normal_num, ==, 6);
        memcpy(rec[p].hdr, c->packet, sizeof(rec[p].hdr));
        rec[p].info = c->info;
        rec[p].payload = g_byte_array_new();
        for (unsigned i = 1; i < c->iovs_num; i++) {
            g_byte_array_append(rec[p].payload, c->iov[i].iov_base,
                                c->iov[i].iov_len);
        }
        g_assert_cmpuint(rec[p].payload->len, ==, c->next_packet_size);
    }
    multifd_send_codec_cleanup(c);
    g_free(c);
    return rec;
}

static void recorded_free(Recorded *rec, unsigned n)
{
    for (unsigned i = 0; i < n; i++) {
        g_byte_array_unref(rec[i].payload);
    }
    g_free(rec);
}

/* A source block whose pages 7k+3 are zero, the others mixed. */
static RAMBlock *bad_payload_source(void)
{
    RAMBlock *src = test_block_new("mem", 64, 0);
    GRand *rand = g_rand_new_with_seed(7);

    for (unsigned i = 0; i < 64; i++) {
        fill_page(src->host + i * PAGE, i % 7 == 3 ? 0 : 1 + i % 4, rand);
    }
    g_rand_free(rand);
    return src;
}

/*
 * Feed @stream to a fresh receiver; returns the result of the last
 * receive (0 = clean end after every packet) and leaves the error of
 * a failure in @errp.
 */
static int replay(MultiFDCompression comp, const uint8_t *stream, size_t len,
                  unsigned *packets, Error **errp)
{
    Side dst = { .nr = 1 };
    MultiFDRecvCodec *rc = g_new0(MultiFDRecvCodec, 1);
    MultiFDCodecConfig cfg;
    QIOChannelBuffer *bioc = qio_channel_buffer_new_data(stream, len);
    int ret;

    dst.blocks[0] = test_block_new("mem", 64, 0);
    cfg = config(comp, 1, ZERO_PAGE_DETECTION_MULTIFD, &dst);
    g_assert_true(multifd_recv_codec_setup(rc, 0, &cfg, &error_abort));
    *packets = 0;
    while ((ret = multifd_recv_codec_receive(rc, QIO_CHANNEL(bioc),
                                             errp)) == 1) {
        (*packets)++;
    }
    multifd_recv_codec_cleanup(rc);
    g_free(rc);
    qio_channel_unref(QIO_CHANNEL(bioc));
    side_free(&dst);
    return ret;
}

static GByteArray *concat(Recorded *rec, unsigned n)
{
    GByteArray *s = g_byte_array_new();

    for (unsigned i = 0; i < n; i++) {
        g_byte_array_append(s, rec[i].hdr, sizeof(rec[i].hdr));
        g_byte_array_append(s, rec[i].payload->data, rec[i].payload->len);
    }
    return s;
}

static void expect_replay_error(MultiFDCompression comp, GByteArray *s,
                                const char *needle)
{
    Error *err = NULL;
    unsigned packets;

    g_assert_cmpint(replay(comp, s->data, s->len, &packets, &err), ==, -1);
    g_assert_nonnull(err);
    if (needle && !strstr(error_get_pretty(err), needle)) {
        g_error("error '%s' lacks '%s'", error_get_pretty(err), needle);
    }
    error_free(err);
}

/* Rewrite the header of @r after changing r->info. */
static void refill(Recorded *r)
{
    multifd_ram_packet_fill(r->hdr, &r->info);
}

static void test_bad_payload(gconstpointer opaque)
{
    MultiFDCompression comp = GPOINTER_TO_INT(opaque);
    RAMBlock *src = bad_payload_source();
    Recorded *rec = record_packets(comp, src, 4);
    GByteArray *good = concat(rec, 4);
    GRand *rand = g_rand_new_with_seed(2024);
    size_t boundary[5] = { 0 };
    unsigned packets, errors = 0;
    uint32_t first_len = rec[0].payload->len;
    Error *err = NULL;

    for (unsigned i = 0; i < 4; i++) {
        boundary[i + 1] = boundary[i] + MULTIFD_RAM_PACKET_SIZE +
                          rec[i].payload->len;
    }
    g_assert_cmpint(replay(comp, good->data, good->len, &packets,
                           &error_abort), ==, 0);
    g_assert_cmpuint(packets, ==, 4);

    /* Truncation anywhere: a clean end only at packet boundaries. */
    for (size_t cut = 0; cut < good->len; cut++) {
        bool at_boundary = false;
        int ret;

        for (unsigned i = 0; i < 5; i++) {
            at_boundary |= cut == boundary[i];
        }
        if (!at_boundary && cut % 7 && cut + 8 < good->len) {
            continue;       /* every 7th byte is plenty */
        }
        ret = replay(comp, good->data, cut, &packets, &err);
        if (at_boundary) {
            g_assert_cmpint(ret, ==, 0);
        } else {
            g_assert_cmpint(ret, ==, -1);
            g_assert_nonnull(err);
            error_free(err);
            err = NULL;
        }
    }

    /* Random garbage as the second payload. */
    for (unsigned i = 0; i < rec[1].payload->len; i++) {
        rec[1].payload->data[i] = g_rand_int(rand);
    }
    g_byte_array_unref(good);
    good = concat(rec, 2);
    expect_replay_error(comp, good, NULL);
    recorded_free(rec, 4);
    g_byte_array_unref(good);

    /* Header claims fewer pages than the payload holds. */
    rec = record_packets(comp, src, 2);
    rec[0].info.normal_num = 5;
    refill(&rec[0]);
    good = concat(rec, 2);
    expect_replay_error(comp, good, "decompresses to more than the 20480 "
                        "bytes expected");
    g_byte_array_unref(good);

    /* More pages than the payload holds. */
    rec[0].info.normal_num = 7;
    rec[0].info.zero_num = 0;
    refill(&rec[0]);
    good = concat(rec, 2);
    expect_replay_error(comp, good, "size expected 28672");
    g_byte_array_unref(good);

    /* Payload cut short, next_packet_size telling the truth. */
    rec[0].info.normal_num = 6;
    rec[0].info.zero_num = 1;
    rec[0].info.next_packet_size = first_len / 2;
    g_byte_array_set_size(rec[0].payload, first_len / 2);
    refill(&rec[0]);
    good = concat(rec, 1);
    expect_replay_error(comp, good, NULL);
    g_byte_array_unref(good);
    recorded_free(rec, 2);

    /* Trailing bytes after the flush. */
    rec = record_packets(comp, src, 2);
    g_byte_array_append(rec[0].payload, (const uint8_t *)"\x01\x02\x03", 3);
    rec[0].info.next_packet_size += 3;
    refill(&rec[0]);
    good = concat(rec, 2);
    expect_replay_error(comp, good, NULL);
    g_byte_array_unref(good);
    recorded_free(rec, 2);

    /* Bit flips in payloads: an error or an in-bounds success, no crash. */
    rec = record_packets(comp, src, 3);
    good = concat(rec, 3);
    for (int round = 0; round < 300; round++) {
        g_autoptr(GByteArray) s = g_byte_array_new();
        size_t pos = boundary[1] + MULTIFD_RAM_PACKET_SIZE +
                     g_rand_int_range(rand, 0, rec[1].payload->len);

        g_byte_array_append(s, good->data, good->len);
        s->data[pos] ^= 1 << g_rand_int_range(rand, 0, 8);
        if (replay(comp, s->data, s->len, &packets, &err) < 0) {
            g_assert_nonnull(err);
            error_free(err);
            err = NULL;
            errors++;
        }
    }
    /* Literal bytes carry no check: only structure flips are seen. */
    g_test_message("%s: %u of 300 payload bit flips detected",
                   MultiFDCompression_str(comp), errors);
    g_byte_array_unref(good);

    /* A damaged stream header (zlib header / zstd frame magic). */
    memset(rec[0].payload->data, 0, 4);
    good = concat(rec, 3);
    expect_replay_error(comp, good,
                        comp == MULTIFD_COMPRESSION_ZLIB ?
                        "inflate returned -3 instead of Z_OK: unknown "
                        "compression method" : "decompressStream returned");
    g_byte_array_unref(good);
    recorded_free(rec, 3);
    g_rand_free(rand);
    test_block_free(src);
}

/* Setup failures leave a codec that cleanup handles. */
static void test_bad_level(void)
{
    MultiFDSendCodec *c = g_new0(MultiFDSendCodec, 1);
    MultiFDCodecConfig cfg = config(MULTIFD_COMPRESSION_ZLIB, 42,
                                    ZERO_PAGE_DETECTION_NONE, NULL);
    Error *err = NULL;

    g_assert_false(multifd_send_codec_setup(c, 5, &cfg, &err));
    g_assert_nonnull(strstr(error_get_pretty(err),
                            "multifd 5: deflate init failed (level 42)"));
    error_free(err);
    multifd_send_codec_cleanup(c);
    multifd_send_codec_cleanup(c);
    g_free(c);
}

/*
 * Recorded QEMU 7.2 channels (vectors/qemu-7.2/multifd*, README there)
 */

#define VEC_PAGES 4096      /* 16 MiB guest, block "mem" */

typedef struct VectorDesc {
    const char *dir;
    MultiFDCompression comp;
    unsigned channels;
} VectorDesc;

static const VectorDesc vectors[] = {
    { "multifd2-none-16M", MULTIFD_COMPRESSION_NONE, 2 },
    { "multifd2-zstd-16M", MULTIFD_COMPRESSION_ZSTD, 2 },
    { "multifd4-zlib-16M", MULTIFD_COMPRESSION_ZLIB, 4 },
};

/* Page @i of shared/tools/pattern.py. */
static void pattern_page(uint64_t i, uint8_t *p)
{
    switch (i % 4) {
    case 0:
        memset(p, 0, PAGE);
        break;
    case 1:
        memset(p, (i & 0xff) | 1, PAGE);
        break;
    case 2:
        for (unsigned j = 0; j < PAGE; j++) {
            p[j] = (i * 31 + (j & 0xff)) & 0xff;
        }
        memcpy(p, "QEMU-ANCHOR-PAGE", 16);
        p[16] = i >> 24;
        p[17] = i >> 16;
        p[18] = i >> 8;
        p[19] = i;
        break;
    default:
        memset(p, 0, PAGE);
        p[PAGE - 1] = 0x5a;
        break;
    }
}

/*
 * Channel @conn (1-based connection order) of @v: from the shared
 * vectors when present, else the copy in tests/data/multifd (only
 * conn1 of the compressed vectors is copied).  NULL if neither.
 */
static uint8_t *vector_read(const VectorDesc *v, unsigned conn, gsize *len)
{
    g_autofree char *name = g_strdup_printf("conn%u.s2d.bin", conn);
    g_autofree char *local = g_strdup_printf("%s-conn%u.bin", v->dir, conn);
    g_autofree char *shared = g_test_build_filename(
        G_TEST_DIST, "..", "..", "..", "shared", "vectors", "qemu-7.2",
        v->dir, name, NULL);
    g_autofree char *copy = g_test_build_filename(
        G_TEST_DIST, "..", "data", "multifd", local, NULL);
    uint8_t *data = NULL;

    if (g_file_get_contents(shared, (char **)&data, len, NULL) ||
        g_file_get_contents(copy, (char **)&data, len, NULL)) {
        return data;
    }
    return NULL;
}

/* One packet of a recorded channel. */
typedef struct VecPacket {
    size_t hdr_pos, payload_pos, payload_len;
    MultiFDPacketInfo info;
} VecPacket;

/*
 * Decode one recorded channel into @dst; returns its packets and sets
 * *@id.  Every failure is a test failure.
 */
static GArray *vector_decode(const VectorDesc *v, const uint8_t *data,
                             gsize len, Side *dst, int *id,
                             unsigned *syncs)
{
    GArray *pkts = g_array_new(false, true, sizeof(VecPacket));
    MultiFDRecvCodec *rc = g_new0(MultiFDRecvCodec, 1);
    MultiFDCodecConfig cfg = config(v->comp, 1, ZERO_PAGE_DETECTION_LEGACY,
                                    dst);
    QIOChannelBuffer *bioc = qio_channel_buffer_new_data(data, len);
    QIOChannel *ioc = QIO_CHANNEL(bioc);
    QemuUUID nil = { 0 };
    int ret;

    *id = multifd_recv_initial_packet(ioc, &nil, v->channels, &error_abort);
    g_assert_true(multifd_recv_codec_setup(rc, *id, &cfg, &error_abort));
    *syncs = 0;
    for (;;) {
        VecPacket pk = { .hdr_pos = bioc->offset };

        ret = multifd_recv_codec_read(rc, ioc, &error_abort);
        if (ret == 0) {
            break;
        }
        pk.payload_pos = bioc->offset;
        g_assert_true(multifd_recv_codec_load(rc, ioc, &error_abort));
        pk.payload_len = bioc->offset - pk.payload_pos;
        pk.info = rc->info;
        /* 7.2 never puts zero pages in packets. */
        g_assert_cmpuint(pk.info.zero_num, ==, 0);
        g_assert_cmpuint(pk.info.pages_alloc, ==, MULTIFD_PAGE_COUNT);
        if (pk.info.flags & MULTIFD_FLAG_SYNC) {
            (*syncs)++;
        }
        g_array_append_val(pkts, pk);
    }
    g_assert_cmpuint(bioc->offset, ==, len);
    multifd_recv_codec_cleanup(rc);
    g_free(rc);
    qio_channel_unref(ioc);
    return pkts;
}

static void test_vector_decode(gconstpointer opaque)
{
    const VectorDesc *v = opaque;
    Side dst = { .nr = 1 };
    RAMBlock *rb;
    g_autofree uint8_t *want = g_malloc(PAGE);
    unsigned found = 0, ids = 0;
    uint64_t received = 0;

    dst.blocks[0] = rb = test_block_new("mem", VEC_PAGES, 0xff);
    for (unsigned conn = 1; conn <= v->channels; conn++) {
        g_autofree uint8_t *data = NULL;
        GArray *pkts;
        unsigned syncs;
        gsize len;
        int id;

        data = vector_read(v, conn, &len);
        if (!data) {
            continue;
        }
        found++;
        pkts = vector_decode(v, data, len, &dst, &id, &syncs);
        g_assert_false(ids & (1u << id));
        ids |= 1u << id;
        /* One SYNC per EOS of the main stream: setup, iterate, complete. */
        g_assert_cmpuint(syncs, ==, 3);
        g_array_unref(pkts);
    }
    if (!found) {
        g_test_skip("no recorded QEMU 7.2 channels (shared/vectors absent)");
        side_free(&dst);
        return;
    }

    for (uint64_t i = 0; i < VEC_PAGES; i++) {
        uint8_t *page = rb->host + i * PAGE;

        if (!test_bit(i, rb->receivedmap)) {
            /* Not sent on multifd (or on a channel we do not have). */
            if (found == v->channels) {
                g_assert_cmpuint(i % 4, ==, 0);
                g_assert_cmpint(page[0], ==, 0xff);
                g_assert_true(!memcmp(page, page + 1, PAGE - 1));
            }
            continue;
        }
        received++;
        g_assert_cmpuint(i % 4, !=, 0);
        pattern_page(i, want);
        if (memcmp(page, want, PAGE)) {
            g_error("%s: page %" PRIu64 " differs from the pattern",
                    v->dir, i);
        }
    }
    if (found == v->channels) {
        g_assert_cmpuint(received, ==, VEC_PAGES / 4 * 3);
        g_assert_cmpuint(ids, ==, (1u << v->channels) - 1);
    } else {
        g_test_message("%s: only %u of %u channels available, %" PRIu64
                       " pages checked", v->dir, found, v->channels,
                       received);
        g_assert_cmpuint(received, >, 0);
    }
    side_free(&dst);
}

/* True if this build's zlib/zstd is the one the vectors were made with. */
static bool vector_library_matches(MultiFDCompression comp)
{
    switch (comp) {
    case MULTIFD_COMPRESSION_ZLIB:
        return !strcmp(zlibVersion(), "1.2.13");
    case MULTIFD_COMPRESSION_ZSTD:
        return ZSTD_versionNumber() == 10504;
    default:
        return true;
    }
}

static bool all_zero(const uint8_t *p, size_t len)
{
    return buffer_is_zero(p, len);
}

/*
 * Re-encode every packet of every recorded channel with our sender from
 * the same guest memory and compare.  What differs by design (QEMU
 * 10.x behaviour, which we implement): SYNC packets never carry pages
 * (7.2 SYNC packets may: flags 0x1|method there, separate packets
 * here), SYNC-only packets are all zero after packet_num with
 * pages_alloc 0 (7.2: pages_alloc 128 and the previous packet's size,
 * name and offsets), and unused offset slots are zero (7.2 leaves the
 * previous packet's offsets there).
 */
static void test_vector_reencode(gconstpointer opaque)
{
    const VectorDesc *v = opaque;
    Side src = { .nr = 1 }, dst = { .nr = 1 };
    bool lib_match = vector_library_matches(v->comp);
    unsigned data_pkts = 0, same_payload = 0, stale_tail = 0;
    unsigned sync_with_pages = 0, sync_only = 0, empty = 0, found = 0;

    src.blocks[0] = test_block_new("mem", VEC_PAGES, 0);
    dst.blocks[0] = test_block_new("mem", VEC_PAGES, 0);
    for (uint64_t i = 0; i < VEC_PAGES; i++) {
        pattern_page(i, src.blocks[0]->host + i * PAGE);
    }

    for (unsigned conn = 1; conn <= v->channels; conn++) {
        g_autofree uint8_t *data = NULL;
        MultiFDSendCodec *c;
        MultiFDCodecConfig cfg = config(v->comp, 1,
                                        ZERO_PAGE_DETECTION_LEGACY, NULL);
        GArray *pkts;
        unsigned syncs;
        gsize len;
        int id;

        data = vector_read(v, conn, &len);
        if (!data) {
            continue;
        }
        found++;
        pkts = vector_decode(v, data, len, &dst, &id, &syncs);
        c = g_new0(MultiFDSendCodec, 1);
        g_assert_true(multifd_send_codec_setup(c, id, &cfg, &error_abort));

        /* The init packet is byte-identical. */
        {
            uint8_t init[MULTIFD_INIT_PACKET_SIZE];
            QemuUUID nil = { 0 };

            multifd_init_packet_fill(init, &nil, id);
            g_assert_cmpmem(init, sizeof(init), data, sizeof(init));
        }

        for (guint k = 0; k < pkts->len; k++) {
            VecPacket *pk = &g_array_index(pkts, VecPacket, k);
            const uint8_t *theirs = data + pk->hdr_pos;
            const uint8_t *ours = c->packet;
            uint32_t n = pk->info.normal_num;
            size_t listed = MULTIFD_RAM_PACKET_FIXED_SIZE + 8 * n;
            g_autoptr(GByteArray) payload = g_byte_array_new();
            MultiFDPages batch;

            if (!n && !(pk->info.flags & MULTIFD_FLAG_SYNC)) {
                /* 7.2 follows a SYNC|data packet with an empty one. */
                empty++;
                continue;
            }
            if (!n) {
                multifd_send_codec_prepare_sync(c, pk->info.packet_num);
                /* Same magic, version, flags (0x1), packet_num. */
                g_assert_cmpmem(ours, 12, theirs, 12);
                g_assert_cmpmem(ours + 24, 8, theirs + 24, 8);
                sync_only++;
                continue;
            }

            multifd_pages_reset(&batch);
            for (uint32_t i = 0; i < n; i++) {
                g_assert_true(multifd_pages_add(&batch, src.blocks[0],
                                                pk->info.offset[i]));
            }
            g_assert_true(multifd_send_codec_prepare(c, &batch,
                                                     pk->info.packet_num,
                                                     &error_abort));
            data_pkts++;
            if (pk->info.flags & MULTIFD_FLAG_SYNC) {
                sync_with_pages++;
            }
            /* magic, version; flags but for SYNC; all the rest listed. */
            g_assert_cmpmem(ours, 8, theirs, 8);
            g_assert_cmphex(c->info.flags, ==,
                            pk->info.flags & ~MULTIFD_FLAG_SYNC);
            if (!lib_match && v->comp != MULTIFD_COMPRESSION_NONE) {
                /* next_packet_size depends on the library version. */
                g_assert_cmpmem(ours + 12, 8, theirs + 12, 8);
                g_assert_cmpmem(ours + 24, listed - 24, theirs + 24,
                                listed - 24);
            } else {
                g_assert_cmpmem(ours + 12, listed - 12, theirs + 12,
                                listed - 12);
            }
            g_assert_true(all_zero(ours + listed,
                                   MULTIFD_RAM_PACKET_SIZE - listed));
            if (!all_zero(theirs + listed,
                          MULTIFD_RAM_PACKET_SIZE - listed)) {
                stale_tail++;
            }

            for (unsigned i = 1; i < c->iovs_num; i++) {
                g_byte_array_append(payload, c->iov[i].iov_base,
                                    c->iov[i].iov_len);
            }
            if (payload->len == pk->payload_len &&
                !memcmp(payload->data, data + pk->payload_pos,
                        payload->len)) {
                same_payload++;
            } else {
                g_assert_false(lib_match);
            }
        }
        multifd_send_codec_cleanup(c);
        g_free(c);
        g_array_unref(pkts);
    }
    if (!found) {
        g_test_skip("no recorded QEMU 7.2 channels (shared/vectors absent)");
    } else {
        g_test_message("%s: %u data packets (%u of them SYNC|data in 7.2), "
                       "headers identical but for the SYNC bit and %u "
                       "stale offset tails; %u payloads byte-identical%s; "
                       "%u SYNC-only packets differ only after packet_num; "
                       "%u empty non-SYNC packets (never sent by us)",
                       v->dir, data_pkts, sync_with_pages, stale_tail,
                       same_payload,
                       lib_match ? "" : " (other library version)",
                       sync_only, empty);
        g_assert_cmpuint(data_pkts, >, 0);
    }
    side_free(&src);
    side_free(&dst);
}

static void add_vector_tests(void)
{
    for (size_t i = 0; i < ARRAY_SIZE(vectors); i++) {
        g_autofree char *dec = g_strdup_printf(
            "/multifd/vectors/qemu-7.2/%s/decode", vectors[i].dir);
        g_autofree char *enc = g_strdup_printf(
            "/multifd/vectors/qemu-7.2/%s/reencode", vectors[i].dir);

        g_test_add_data_func(dec, &vectors[i], test_vector_decode);
        g_test_add_data_func(enc, &vectors[i], test_vector_reencode);
    }
}

int main(int argc, char **argv)
{
    static const RoundTripCase cases[] = {
        { "none", MULTIFD_COMPRESSION_NONE, 0, ZERO_PAGE_DETECTION_NONE },
        { "none", MULTIFD_COMPRESSION_NONE, 0, ZERO_PAGE_DETECTION_MULTIFD },
        { "zlib-1", MULTIFD_COMPRESSION_ZLIB, 1, ZERO_PAGE_DETECTION_NONE },
        { "zlib-1", MULTIFD_COMPRESSION_ZLIB, 1,
          ZERO_PAGE_DETECTION_MULTIFD },
        { "zlib-9", MULTIFD_COMPRESSION_ZLIB, 9,
          ZERO_PAGE_DETECTION_MULTIFD },
        { "zstd-1", MULTIFD_COMPRESSION_ZSTD, 1, ZERO_PAGE_DETECTION_NONE },
        { "zstd-1", MULTIFD_COMPRESSION_ZSTD, 1,
          ZERO_PAGE_DETECTION_MULTIFD },
        { "zstd-19", MULTIFD_COMPRESSION_ZSTD, 19,
          ZERO_PAGE_DETECTION_MULTIFD },
    };

    g_test_init(&argc, &argv, NULL);
    for (size_t i = 0; i < ARRAY_SIZE(cases); i++) {
        g_autofree char *path = g_strdup_printf(
            "/multifd/roundtrip/%s/zero-page-%s", cases[i].name,
            ZeroPageDetection_str(cases[i].zpd));

        g_test_add_data_func(path, &cases[i], test_roundtrip);
    }
    g_test_add_data_func("/multifd/zlib/bad-payload",
                         GINT_TO_POINTER(MULTIFD_COMPRESSION_ZLIB),
                         test_bad_payload);
    g_test_add_data_func("/multifd/zstd/bad-payload",
                         GINT_TO_POINTER(MULTIFD_COMPRESSION_ZSTD),
                         test_bad_payload);
    g_test_add_func("/multifd/zlib/bad-level", test_bad_level);
    add_vector_tests();
    return g_test_run();
}
