/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Unit tests of the multifd packet layer: init packet and RAM packet
 * fill/parse round trips, the byte layout, every field a receiver must
 * refuse, page batches and zero-page classification.
 */
#include "qemu/osdep.h"
#include "io/channel-buffer.h"
#include "migration/multifd.h"
#include "multifd-test-block.h"
#include "qapi/error.h"
#include "qemu/bitmap.h"
#include "qemu/cutils.h"

#define BLOCK_PAGES 64

typedef struct Fixture {
    RAMBlock *mem;
    RAMBlock *other;
} Fixture;

static RAMBlock *lookup(const char *idstr, void *opaque)
{
    Fixture *f = opaque;

    if (!strcmp(idstr, f->mem->idstr)) {
        return f->mem;
    }
    if (!strcmp(idstr, f->other->idstr)) {
        return f->other;
    }
    return NULL;
}

static void fixture_init(Fixture *f)
{
    f->mem = test_block_new("mem", BLOCK_PAGES, 0);
    f->other = test_block_new("0000:00:02.0/vga.vram", 4, 0);
}

static void fixture_done(Fixture *f)
{
    test_block_free(f->mem);
    test_block_free(f->other);
}

static MultiFDPacketCheck check_for(Fixture *f, uint32_t method_flag)
{
    return (MultiFDPacketCheck) {
        .id = 3,
        .method_flag = method_flag,
        .lookup = lookup,
        .lookup_opaque = f,
    };
}

/* A valid nocomp data packet: 3 normal pages then 2 zero pages of "mem". */
static void sample_info(MultiFDPacketInfo *info)
{
    static const uint64_t offs[] = { 0x1000, 0x5000, 0x3000, 0x0, 0x3f000 };

    memset(info, 0, sizeof(*info));
    info->flags = MULTIFD_FLAG_NOCOMP;
    info->pages_alloc = MULTIFD_PAGE_COUNT;
    info->normal_num = 3;
    info->zero_num = 2;
    info->next_packet_size = 3 * MULTIFD_PAGE_SIZE;
    info->packet_num = 0x0102030405060708ULL;
    strcpy(info->ramblock, "mem");
    memcpy(info->offset, offs, sizeof(offs));
}

static uint32_t be32_at(const uint8_t *p)
{
    return ((uint32_t)p[0] << 24) | (p[1] << 16) | (p[2] << 8) | p[3];
}

static uint64_t be64_at(const uint8_t *p)
{
    return ((uint64_t)be32_at(p) << 32) | be32_at(p + 4);
}

static void set_be32(uint8_t *p, uint32_t v)
{
    p[0] = v >> 24;
    p[1] = v >> 16;
    p[2] = v >> 8;
    p[3] = v;
}

static void set_be64(uint8_t *p, uint64_t v)
{
    set_be32(p, v >> 32);
    set_be32(p + 4, v);
}

/* Parse @buf expecting failure; the message must contain @needle. */
static void expect_parse_error(Fixture *f, const uint8_t *buf,
                               uint32_t method_flag, const char *needle)
{
    MultiFDPacketCheck check = check_for(f, method_flag);
    MultiFDPacketInfo info;
    RAMBlock *rb = (RAMBlock *)1;
    Error *err = NULL;

    g_assert_false(multifd_ram_packet_parse(buf, &check, &info, &rb, &err));
    g_assert_nonnull(err);
    g_assert_null(rb);
    if (!strstr(error_get_pretty(err), needle)) {
        g_error("error '%s' lacks '%s'", error_get_pretty(err), needle);
    }
    error_free(err);
}

/*
 * Init packet
 */

static void test_init_roundtrip(void)
{
    QemuUUID uuid = { .data = { 0x11, 0x22, 0x33, 0x44, 0x55, 0x66, 0x77,
                                0x88, 0x99, 0xaa, 0xbb, 0xcc, 0xdd, 0xee,
                                0xff, 0x01 } };
    uint8_t buf[MULTIFD_INIT_PACKET_SIZE];
    static const uint8_t head[] = { 0x11, 0x22, 0x33, 0x44, 0, 0, 0, 1 };

    memset(buf, 0xaa, sizeof(buf));
    multifd_init_packet_fill(buf, &uuid, 7);
    g_assert_cmpmem(buf, 8, head, 8);
    g_assert_cmpmem(buf + 8, 16, uuid.data, 16);
    g_assert_cmpint(buf[24], ==, 7);
    for (int i = 25; i < MULTIFD_INIT_PACKET_SIZE; i++) {
        g_assert_cmpint(buf[i], ==, 0);
    }
    g_assert_cmpint(multifd_init_packet_parse(buf, &uuid, 8, &error_abort),
                    ==, 7);
}

static void expect_init_error(const uint8_t *buf, const QemuUUID *uuid,
                              unsigned channels, const char *text)
{
    Error *err = NULL;

    g_assert_cmpint(multifd_init_packet_parse(buf, uuid, channels, &err),
                    ==, -1);
    g_assert_cmpstr(error_get_pretty(err), ==, text);
    error_free(err);
}

static void test_init_bad(void)
{
    QemuUUID nil = { 0 };
    QemuUUID other = { .data = { 0xde, 0xad } };
    uint8_t buf[MULTIFD_INIT_PACKET_SIZE];

    multifd_init_packet_fill(buf, &nil, 2);
    buf[0] = 0x51;
    expect_init_error(buf, &nil, 4,
                      "multifd: received packet magic 51223344 expected "
                      "11223344");

    multifd_init_packet_fill(buf, &nil, 2);
    buf[7] = 2;
    expect_init_error(buf, &nil, 4,
                      "multifd: received packet version 2 expected 1");

    multifd_init_packet_fill(buf, &nil, 2);
    expect_init_error(buf, &other, 4,
                      "multifd: received uuid "
                      "'00000000-0000-0000-0000-000000000000' and expected "
                      "uuid 'dead0000-0000-0000-0000-000000000000' for "
                      "channel 2");

    multifd_init_packet_fill(buf, &nil, 4);
    expect_init_error(buf, &nil, 4,
                      "multifd: received channel id 4 is greater than "
                      "number of channels 4");
    multifd_init_packet_fill(buf, &nil, 255);
    expect_init_error(buf, &nil, 2,
                      "multifd: received channel id 255 is greater than "
                      "number of channels 2");
}

static void test_init_channel(void)
{
    QemuUUID nil = { 0 };
    QIOChannelBuffer *bioc = qio_channel_buffer_new(128);
    QIOChannel *ioc = QIO_CHANNEL(bioc);
    QIOChannelBuffer *rioc;
    Error *err = NULL;

    g_assert_true(multifd_send_initial_packet(ioc, &nil, 1, &error_abort));
    g_assert_cmpuint(bioc->usage, ==, MULTIFD_INIT_PACKET_SIZE);

    rioc = qio_channel_buffer_new_data(bioc->data, bioc->usage);
    g_assert_cmpint(multifd_recv_initial_packet(QIO_CHANNEL(rioc), &nil, 2,
                                                &error_abort), ==, 1);
    /* Nothing left: end of file is an error here. */
    g_assert_cmpint(multifd_recv_initial_packet(QIO_CHANNEL(rioc), &nil, 2,
                                                &err), ==, -1);
    g_assert_nonnull(err);
    error_free(err);
    err = NULL;
    qio_channel_unref(QIO_CHANNEL(rioc));

    /* Truncated init packet. */
    rioc = qio_channel_buffer_new_data(bioc->data, 40);
    g_assert_cmpint(multifd_recv_initial_packet(QIO_CHANNEL(rioc), &nil, 2,
                                                &err), ==, -1);
    g_assert_nonnull(err);
    error_free(err);
    qio_channel_unref(QIO_CHANNEL(rioc));
    qio_channel_unref(ioc);
}

/*
 * RAM packet layout and round trips
 */

static void test_packet_layout(void)
{
    MultiFDPacketInfo info;
    uint8_t buf[MULTIFD_RAM_PACKET_SIZE];

    sample_info(&info);
    memset(buf, 0xcc, sizeof(buf));
    multifd_ram_packet_fill(buf, &info);
    g_assert_cmphex(be32_at(buf + 0), ==, MULTIFD_MAGIC);
    g_assert_cmpuint(be32_at(buf + 4), ==, 1);
    g_assert_cmphex(be32_at(buf + 8), ==, 0);
    g_assert_cmpuint(be32_at(buf + 12), ==, 128);
    g_assert_cmpuint(be32_at(buf + 16), ==, 3);
    g_assert_cmpuint(be32_at(buf + 20), ==, 3 * 4096);
    g_assert_cmphex(be64_at(buf + 24), ==, 0x0102030405060708ULL);
    g_assert_cmpuint(be32_at(buf + 32), ==, 2);
    for (int i = 36; i < 64; i++) {
        g_assert_cmpint(buf[i], ==, 0);
    }
    g_assert_cmpstr((char *)buf + 64, ==, "mem");
    for (int i = 64 + 3; i < 320; i++) {
        g_assert_cmpint(buf[i], ==, 0);
    }
    g_assert_cmphex(be64_at(buf + 320), ==, 0x1000);
    g_assert_cmphex(be64_at(buf + 328), ==, 0x5000);
    g_assert_cmphex(be64_at(buf + 336), ==, 0x3000);
    g_assert_cmphex(be64_at(buf + 344), ==, 0x0);
    g_assert_cmphex(be64_at(buf + 352), ==, 0x3f000);
    for (int i = 360; i < MULTIFD_RAM_PACKET_SIZE; i++) {
        g_assert_cmpint(buf[i], ==, 0);
    }
}

static void test_packet_roundtrip(void)
{
    Fixture f;
    MultiFDPacketCheck check;
    MultiFDPacketInfo in, out;
    uint8_t buf[MULTIFD_RAM_PACKET_SIZE];
    RAMBlock *rb;

    fixture_init(&f);
    check = check_for(&f, MULTIFD_FLAG_NOCOMP);
    sample_info(&in);
    multifd_ram_packet_fill(buf, &in);
    g_assert_true(multifd_ram_packet_parse(buf, &check, &out, &rb,
                                           &error_abort));
    g_assert_true(rb == f.mem);
    g_assert_cmpuint(out.flags, ==, in.flags);
    g_assert_cmpuint(out.pages_alloc, ==, in.pages_alloc);
    g_assert_cmpuint(out.normal_num, ==, 3);
    g_assert_cmpuint(out.zero_num, ==, 2);
    g_assert_cmpuint(out.next_packet_size, ==, in.next_packet_size);
    g_assert_cmphex(out.packet_num, ==, in.packet_num);
    g_assert_cmpstr(out.ramblock, ==, "mem");
    g_assert_cmpmem(out.offset, 5 * 8, in.offset, 5 * 8);

    /* A full packet of another block, zlib, every page normal. */
    memset(&in, 0, sizeof(in));
    in.flags = MULTIFD_FLAG_ZLIB;
    in.pages_alloc = MULTIFD_PAGE_COUNT;
    in.normal_num = 4;
    in.next_packet_size = MULTIFD_COMPRESSED_MAX;
    strcpy(in.ramblock, "0000:00:02.0/vga.vram");
    for (int i = 0; i < 4; i++) {
        in.offset[i] = (3 - i) * MULTIFD_PAGE_SIZE;
    }
    multifd_ram_packet_fill(buf, &in);
    check.method_flag = MULTIFD_FLAG_ZLIB;
    g_assert_true(multifd_ram_packet_parse(buf, &check, &out, &rb,
                                           &error_abort));
    g_assert_true(rb == f.other);
    g_assert_cmpuint(out.offset[0], ==, 3 * MULTIFD_PAGE_SIZE);
    g_assert_cmpuint(out.offset[3], ==, 0);

    /* 128 zero pages: legal, no payload whatever the size field says. */
    memset(&in, 0, sizeof(in));
    in.flags = MULTIFD_FLAG_ZSTD;
    in.pages_alloc = MULTIFD_PAGE_COUNT;
    in.zero_num = MULTIFD_PAGE_COUNT;
    in.next_packet_size = 77;
    strcpy(in.ramblock, "mem");
    for (int i = 0; i < MULTIFD_PAGE_COUNT; i++) {
        in.offset[i] = (i % BLOCK_PAGES) * MULTIFD_PAGE_SIZE;
    }
    multifd_ram_packet_fill(buf, &in);
    check.method_flag = MULTIFD_FLAG_ZSTD;
    g_assert_true(multifd_ram_packet_parse(buf, &check, &out, &rb,
                                           &error_abort));
    g_assert_cmpuint(out.zero_num, ==, 128);
    g_assert_cmpuint(out.next_packet_size, ==, 0);
    fixture_done(&f);
}

/* SYNC packets: 10.x shape, 7.2 shape with stale fields, and with pages. */
static void test_packet_sync(void)
{
    Fixture f;
    MultiFDPacketCheck check;
    MultiFDPacketInfo in, out;
    uint8_t buf[MULTIFD_RAM_PACKET_SIZE];
    RAMBlock *rb;

    fixture_init(&f);
    check = check_for(&f, MULTIFD_FLAG_ZLIB);

    memset(&in, 0, sizeof(in));
    in.flags = MULTIFD_FLAG_SYNC;
    in.packet_num = 9;
    multifd_ram_packet_fill(buf, &in);
    g_assert_true(multifd_ram_packet_parse(buf, &check, &out, &rb,
                                           &error_abort));
    g_assert_null(rb);
    g_assert_cmpuint(out.flags, ==, MULTIFD_FLAG_SYNC);
    g_assert_cmpuint(out.pages_alloc, ==, 0);

    /*
     * 7.2: pages_alloc 128, stale size, block name that does not exist
     * here, stale offsets past any block, and method bits other than
     * ours: none of it matters without pages.
     */
    in.pages_alloc = MULTIFD_PAGE_COUNT;
    in.flags = MULTIFD_FLAG_SYNC | MULTIFD_FLAG_ZSTD;
    in.next_packet_size = 4034;
    strcpy(in.ramblock, "gone");
    in.offset[0] = 1ULL << 40;
    multifd_ram_packet_fill(buf, &in);
    memset(buf + 64, 'x', 256);   /* not even terminated */
    g_assert_true(multifd_ram_packet_parse(buf, &check, &out, &rb,
                                           &error_abort));
    g_assert_null(rb);
    g_assert_cmpuint(out.next_packet_size, ==, 0);
    g_assert_false(multifd_packet_has_pages(&out));

    /* Pre-9.0 SYNC packet carrying pages: parsed like a data packet. */
    sample_info(&in);
    in.flags = MULTIFD_FLAG_SYNC | MULTIFD_FLAG_ZLIB;
    in.zero_num = 0;
    in.next_packet_size = 100;
    multifd_ram_packet_fill(buf, &in);
    g_assert_true(multifd_ram_packet_parse(buf, &check, &out, &rb,
                                           &error_abort));
    g_assert_true(rb == f.mem);
    g_assert_cmpuint(out.normal_num, ==, 3);
    fixture_done(&f);
}

/*
 * Every field a receiver must refuse
 */

static void test_packet_bad_header(void)
{
    Fixture f;
    MultiFDPacketInfo info;
    uint8_t buf[MULTIFD_RAM_PACKET_SIZE];
    uint32_t flags;
    Error *err = NULL;

    fixture_init(&f);
    sample_info(&info);

    multifd_ram_packet_fill(buf, &info);
    set_be32(buf, 0x5145564d);
    expect_parse_error(&f, buf, MULTIFD_FLAG_NOCOMP,
                       "multifd: received packet magic 5145564d, "
                       "expected 11223344");

    multifd_ram_packet_fill(buf, &info);
    set_be32(buf + 4, 3);
    expect_parse_error(&f, buf, MULTIFD_FLAG_NOCOMP,
                       "multifd: received packet version 3, expected 1");

    multifd_ram_packet_fill(buf, &info);
    set_be32(buf + 8, 0x80);
    expect_parse_error(&f, buf, MULTIFD_FLAG_NOCOMP,
                       "flags 0x80 with unknown bits 0x80");
    set_be32(buf + 8, 0x80000001);
    expect_parse_error(&f, buf, MULTIFD_FLAG_NOCOMP,
                       "unknown bits 0x80000000");

    multifd_ram_packet_fill(buf, &info);
    set_be32(buf + 8, MULTIFD_FLAG_DEVICE_STATE);
    expect_parse_error(&f, buf, MULTIFD_FLAG_NOCOMP, "device state packet");

    /* The header alone, as the channel thread reads it first. */
    multifd_ram_packet_fill(buf, &info);
    g_assert_true(multifd_packet_header_parse(buf, &flags, &error_abort));
    set_be32(buf + 8, MULTIFD_FLAG_DEVICE_STATE);
    g_assert_false(multifd_packet_header_parse(buf, &flags, &err));
    error_free(err);
    fixture_done(&f);
}

static void test_packet_bad_counts(void)
{
    Fixture f;
    MultiFDPacketInfo info;
    uint8_t buf[MULTIFD_RAM_PACKET_SIZE];

    fixture_init(&f);
    sample_info(&info);

    multifd_ram_packet_fill(buf, &info);
    set_be32(buf + 12, 129);
    expect_parse_error(&f, buf, MULTIFD_FLAG_NOCOMP,
                       "multifd: received packet with 129 pages, "
                       "expected 128");
    set_be32(buf + 12, 0xffffffff);
    expect_parse_error(&f, buf, MULTIFD_FLAG_NOCOMP,
                       "received packet with 4294967295 pages");

    multifd_ram_packet_fill(buf, &info);
    set_be32(buf + 16, 129);
    expect_parse_error(&f, buf, MULTIFD_FLAG_NOCOMP,
                       "multifd: received packet with 129 non-zero pages, "
                       "which exceeds maximum expected pages 128");

    /* Counts are checked against the packet's own pages_alloc. */
    multifd_ram_packet_fill(buf, &info);
    set_be32(buf + 12, 4);
    expect_parse_error(&f, buf, MULTIFD_FLAG_NOCOMP,
                       "multifd: received packet with 2 zero pages, "
                       "expected maximum 1");
    set_be32(buf + 12, 0);
    expect_parse_error(&f, buf, MULTIFD_FLAG_NOCOMP,
                       "with 3 non-zero pages, which exceeds maximum "
                       "expected pages 0");

    multifd_ram_packet_fill(buf, &info);
    set_be32(buf + 32, 126);
    expect_parse_error(&f, buf, MULTIFD_FLAG_NOCOMP,
                       "multifd: received packet with 126 zero pages, "
                       "expected maximum 125");
    /* Overflow of normal + zero must not wrap. */
    set_be32(buf + 32, 0xfffffffe);
    expect_parse_error(&f, buf, MULTIFD_FLAG_NOCOMP,
                       "with 4294967294 zero pages");
    fixture_done(&f);
}

static void test_packet_bad_method(void)
{
    Fixture f;
    MultiFDPacketInfo info;
    uint8_t buf[MULTIFD_RAM_PACKET_SIZE];

    fixture_init(&f);
    sample_info(&info);
    multifd_ram_packet_fill(buf, &info);
    expect_parse_error(&f, buf, MULTIFD_FLAG_ZLIB,
                       "multifd 3: flags received 0 flags expected 2");
    info.flags = MULTIFD_FLAG_ZSTD;
    info.next_packet_size = 10;
    multifd_ram_packet_fill(buf, &info);
    expect_parse_error(&f, buf, MULTIFD_FLAG_ZLIB,
                       "multifd 3: flags received 4 flags expected 2");
    expect_parse_error(&f, buf, MULTIFD_FLAG_NOCOMP,
                       "flags received 4 flags expected 0");
    info.flags = MULTIFD_FLAG_QPL;
    multifd_ram_packet_fill(buf, &info);
    expect_parse_error(&f, buf, MULTIFD_FLAG_ZSTD,
                       "flags received 8 flags expected 4");

    /* Zero-page-only packets are checked too (QEMU hands them over). */
    info.flags = MULTIFD_FLAG_NOCOMP;
    info.normal_num = 0;
    info.zero_num = 5;
    multifd_ram_packet_fill(buf, &info);
    expect_parse_error(&f, buf, MULTIFD_FLAG_ZSTD,
                       "flags received 0 flags expected 4");
    fixture_done(&f);
}

static void test_packet_bad_size(void)
{
    Fixture f;
    MultiFDPacketInfo info;
    uint8_t buf[MULTIFD_RAM_PACKET_SIZE];

    fixture_init(&f);
    sample_info(&info);
    info.next_packet_size = 3 * MULTIFD_PAGE_SIZE + 1;
    multifd_ram_packet_fill(buf, &info);
    expect_parse_error(&f, buf, MULTIFD_FLAG_NOCOMP,
                       "multifd 3: received packet with next_packet_size "
                       "12289, expected 12288 for 3 normal pages");
    info.next_packet_size = 0;
    multifd_ram_packet_fill(buf, &info);
    expect_parse_error(&f, buf, MULTIFD_FLAG_NOCOMP,
                       "next_packet_size 0, expected 12288");

    info.flags = MULTIFD_FLAG_ZSTD;
    info.next_packet_size = MULTIFD_COMPRESSED_MAX + 1;
    multifd_ram_packet_fill(buf, &info);
    expect_parse_error(&f, buf, MULTIFD_FLAG_ZSTD,
                       "next_packet_size 1048577, expected 1 to 1048576");
    info.next_packet_size = 0;
    multifd_ram_packet_fill(buf, &info);
    expect_parse_error(&f, buf, MULTIFD_FLAG_ZSTD,
                       "next_packet_size 0, expected 1 to 1048576");
    fixture_done(&f);
}

static void test_packet_bad_block(void)
{
    Fixture f;
    MultiFDPacketInfo info;
    uint8_t buf[MULTIFD_RAM_PACKET_SIZE];

    fixture_init(&f);
    sample_info(&info);
    strcpy(info.ramblock, "pc.ram");
    multifd_ram_packet_fill(buf, &info);
    expect_parse_error(&f, buf, MULTIFD_FLAG_NOCOMP,
                       "multifd: unknown ram block pc.ram");

    strcpy(info.ramblock, "");
    multifd_ram_packet_fill(buf, &info);
    expect_parse_error(&f, buf, MULTIFD_FLAG_NOCOMP,
                       "multifd: unknown ram block ");

    /* Prefix of a known name, and a known name plus garbage after NUL. */
    strcpy(info.ramblock, "me");
    multifd_ram_packet_fill(buf, &info);
    expect_parse_error(&f, buf, MULTIFD_FLAG_NOCOMP, "unknown ram block me");
    strcpy(info.ramblock, "mem");
    multifd_ram_packet_fill(buf, &info);
    memset(buf + 64 + 4, 'z', 100);
    {
        MultiFDPacketCheck check = check_for(&f, MULTIFD_FLAG_NOCOMP);
        MultiFDPacketInfo out;
        RAMBlock *rb;

        g_assert_true(multifd_ram_packet_parse(buf, &check, &out, &rb,
                                               &error_abort));
        g_assert_true(rb == f.mem);
    }

    /* No NUL in all 256 bytes. */
    multifd_ram_packet_fill(buf, &info);
    memset(buf + 64, 'm', 256);
    expect_parse_error(&f, buf, MULTIFD_FLAG_NOCOMP,
                       "ramblock name that is not NUL-terminated "
                       "('mmmmmmmmmmmmmmmmmmmmmmmmmmmmmmmm...')");
    fixture_done(&f);
}

static void test_packet_bad_offset(void)
{
    Fixture f;
    MultiFDPacketCheck check;
    MultiFDPacketInfo info, out;
    uint8_t buf[MULTIFD_RAM_PACKET_SIZE];
    uint64_t last = (BLOCK_PAGES - 1) * MULTIFD_PAGE_SIZE;
    RAMBlock *rb;

    fixture_init(&f);
    check = check_for(&f, MULTIFD_FLAG_NOCOMP);
    sample_info(&info);

    /* The last page of the block is fine, one page further is not. */
    info.offset[1] = last;
    multifd_ram_packet_fill(buf, &info);
    g_assert_true(multifd_ram_packet_parse(buf, &check, &out, &rb,
                                           &error_abort));
    info.offset[1] = last + MULTIFD_PAGE_SIZE;
    multifd_ram_packet_fill(buf, &info);
    expect_parse_error(&f, buf, MULTIFD_FLAG_NOCOMP,
                       "multifd: offset too long 262144 (max 40000)");
    /* Straddling the end. */
    info.offset[1] = last + 8;
    multifd_ram_packet_fill(buf, &info);
    expect_parse_error(&f, buf, MULTIFD_FLAG_NOCOMP,
                       "multifd: offset too long 258056");
    /* Huge offsets must not wrap around. */
    info.offset[1] = UINT64_MAX - 4095;
    multifd_ram_packet_fill(buf, &info);
    expect_parse_error(&f, buf, MULTIFD_FLAG_NOCOMP,
                       "offset too long 18446744073709547520");

    /* Unaligned, in the normal list and in the zero list. */
    sample_info(&info);
    info.offset[2] = 0x3001;
    multifd_ram_packet_fill(buf, &info);
    expect_parse_error(&f, buf, MULTIFD_FLAG_NOCOMP,
                       "multifd: received packet offset 2 is 12289, not a "
                       "multiple of the page size 4096");
    sample_info(&info);
    info.offset[4] = 0x800;
    multifd_ram_packet_fill(buf, &info);
    expect_parse_error(&f, buf, MULTIFD_FLAG_NOCOMP,
                       "received packet offset 4 is 2048");

    /* A zero page past the end of the (smaller) other block. */
    sample_info(&info);
    strcpy(info.ramblock, "0000:00:02.0/vga.vram");
    multifd_ram_packet_fill(buf, &info);
    expect_parse_error(&f, buf, MULTIFD_FLAG_NOCOMP,
                       "offset too long 20480 (max 4000)");

    /* Offsets after normal + zero are not looked at. */
    sample_info(&info);
    multifd_ram_packet_fill(buf, &info);
    set_be64(buf + 320 + 8 * 5, 0x123);
    g_assert_true(multifd_ram_packet_parse(buf, &check, &out, &rb,
                                           &error_abort));
    fixture_done(&f);
}

/* Random bit flips: every parse either fails cleanly or is in bounds. */
static void test_packet_bitflip(void)
{
    Fixture f;
    MultiFDPacketCheck check;
    MultiFDPacketInfo info, out;
    uint8_t good[MULTIFD_RAM_PACKET_SIZE], buf[MULTIFD_RAM_PACKET_SIZE];
    GRand *rand = g_rand_new_with_seed(0x6d666421);
    unsigned failed = 0;

    fixture_init(&f);
    check = check_for(&f, MULTIFD_FLAG_NOCOMP);
    sample_info(&info);
    multifd_ram_packet_fill(good, &info);
    for (int round = 0; round < 20000; round++) {
        Error *err = NULL;
        RAMBlock *rb;
        int flips = g_rand_int_range(rand, 1, 4);

        memcpy(buf, good, sizeof(buf));
        for (int i = 0; i < flips; i++) {
            /* Mostly the header and the first offsets. */
            int pos = g_rand_int_range(rand, 0, 400);

            buf[pos] ^= 1 << g_rand_int_range(rand, 0, 8);
        }
        if (!multifd_ram_packet_parse(buf, &check, &out, &rb, &err)) {
            g_assert_nonnull(err);
            error_free(err);
            failed++;
            continue;
        }
        g_assert_cmpuint(out.normal_num + out.zero_num, <=, out.pages_alloc);
        g_assert_cmpuint(out.pages_alloc, <=, MULTIFD_PAGE_COUNT);
        if (multifd_packet_has_pages(&out)) {
            g_assert_nonnull(rb);
            for (uint32_t i = 0; i < out.normal_num + out.zero_num; i++) {
                g_assert_cmpuint(out.offset[i] % MULTIFD_PAGE_SIZE, ==, 0);
                g_assert_cmpuint(out.offset[i], <, rb->used_length);
            }
            if (out.normal_num) {
                g_assert_cmpuint(out.next_packet_size, ==,
                                 out.normal_num * MULTIFD_PAGE_SIZE);
            }
        }
    }
    g_assert_cmpuint(failed, >, 2000);
    g_rand_free(rand);
    fixture_done(&f);
}

/* Reading packets off a channel: clean EOF, truncation, order of checks. */
static void test_packet_channel(void)
{
    Fixture f;
    MultiFDCodecConfig cfg = { .compression = MULTIFD_COMPRESSION_NONE };
    MultiFDRecvCodec *rc = g_new0(MultiFDRecvCodec, 1);
    MultiFDPacketInfo info;
    uint8_t buf[2 * MULTIFD_RAM_PACKET_SIZE];
    QIOChannelBuffer *bioc;
    Error *err = NULL;

    fixture_init(&f);
    cfg.lookup = lookup;
    cfg.lookup_opaque = &f;
    g_assert_true(multifd_recv_codec_setup(rc, 0, &cfg, &error_abort));

    memset(&info, 0, sizeof(info));
    info.flags = MULTIFD_FLAG_SYNC;
    multifd_ram_packet_fill(buf, &info);
    info.packet_num = 1;
    multifd_ram_packet_fill(buf + MULTIFD_RAM_PACKET_SIZE, &info);

    /* Two SYNC packets then a clean end of file. */
    bioc = qio_channel_buffer_new_data(buf, sizeof(buf));
    for (int i = 0; i < 2; i++) {
        g_assert_cmpint(multifd_recv_codec_receive(rc, QIO_CHANNEL(bioc),
                                                   &error_abort), ==, 1);
        g_assert_cmpuint(rc->info.packet_num, ==, i);
        g_assert_true(rc->info.flags & MULTIFD_FLAG_SYNC);
    }
    g_assert_cmpint(multifd_recv_codec_receive(rc, QIO_CHANNEL(bioc),
                                               &error_abort), ==, 0);
    qio_channel_unref(QIO_CHANNEL(bioc));

    /* End of file inside the header, and after the 12-byte header. */
    for (size_t cut = 1; cut < MULTIFD_RAM_PACKET_SIZE; cut += 331) {
        bioc = qio_channel_buffer_new_data(buf, cut);
        g_assert_cmpint(multifd_recv_codec_receive(rc, QIO_CHANNEL(bioc),
                                                   &err), ==, -1);
        g_assert_nonnull(err);
        error_free(err);
        err = NULL;
        qio_channel_unref(QIO_CHANNEL(bioc));
    }

    /* A nocomp packet whose payload is cut short. */
    {
        g_autofree uint8_t *pkt = g_malloc0(MULTIFD_RAM_PACKET_SIZE + 8192);

        sample_info(&info);
        info.zero_num = 0;
        multifd_ram_packet_fill(pkt, &info);
        bioc = qio_channel_buffer_new_data(pkt, MULTIFD_RAM_PACKET_SIZE +
                                           8192);
        g_assert_cmpint(multifd_recv_codec_receive(rc, QIO_CHANNEL(bioc),
                                                   &err), ==, -1);
        g_assert_nonnull(err);
        error_free(err);
        err = NULL;
        qio_channel_unref(QIO_CHANNEL(bioc));
    }

    /* The main channel's QEVM magic on a multifd channel. */
    memcpy(buf, "QEVM\0\0\0\3", 8);
    bioc = qio_channel_buffer_new_data(buf, sizeof(buf));
    g_assert_cmpint(multifd_recv_codec_receive(rc, QIO_CHANNEL(bioc), &err),
                    ==, -1);
    g_assert_cmpstr(error_get_pretty(err), ==,
                    "multifd: received packet magic 5145564d, expected "
                    "11223344");
    error_free(err);
    qio_channel_unref(QIO_CHANNEL(bioc));

    multifd_recv_codec_cleanup(rc);
    multifd_recv_codec_cleanup(rc);
    g_free(rc);
    fixture_done(&f);
}

static void test_codec_unavailable(void)
{
    MultiFDSendCodec *sc = g_new0(MultiFDSendCodec, 1);
    MultiFDCodecConfig cfg = { .compression = 42 };
    Error *err = NULL;

    g_assert_null(multifd_methods_get(MULTIFD_COMPRESSION__MAX));
    g_assert_false(multifd_send_codec_setup(sc, 0, &cfg, &err));
    g_assert_cmpstr(error_get_pretty(err), ==,
                    "multifd: unknown compression method 42");
    error_free(err);
    multifd_send_codec_cleanup(sc);
    multifd_send_codec_cleanup(sc);
    g_free(sc);
}

/*
 * Page batches and zero pages
 */

static void test_pages_batch(void)
{
    Fixture f;
    MultiFDPages pages;

    fixture_init(&f);
    multifd_pages_reset(&pages);
    g_assert_true(multifd_pages_is_empty(&pages));
    for (int i = 0; i < MULTIFD_PAGE_COUNT; i++) {
        g_assert_true(multifd_pages_add(&pages, f.mem,
                                        (i % BLOCK_PAGES) * 4096));
    }
    g_assert_true(multifd_pages_is_full(&pages));
    g_assert_false(multifd_pages_add(&pages, f.mem, 0));
    g_assert_cmpuint(pages.num, ==, MULTIFD_PAGE_COUNT);

    multifd_pages_reset(&pages);
    g_assert_true(multifd_pages_add(&pages, f.mem, 0));
    g_assert_false(multifd_pages_add(&pages, f.other, 0));
    g_assert_cmpuint(pages.num, ==, 1);
    g_assert_true(pages.block == f.mem);
    fixture_done(&f);
}

static void test_zero_page_detect(void)
{
    Fixture f;
    MultiFDPages pages;
    /* Z = zero page: Z A B Z C Z  (page index = offset / 4096). */
    static const int layout[] = { 0, 1, 2, 3, 4, 5 };
    static const bool nonzero[] = { false, true, true, false, true, false };
    /* QEMU's swap order. */
    static const uint64_t want[] = { 4, 1, 2, 3, 5, 0 };

    fixture_init(&f);
    for (int i = 0; i < 6; i++) {
        if (nonzero[i]) {
            f.mem->host[i * 4096 + (i * 977) % 4096] = 0x5a;
        }
    }
    multifd_pages_reset(&pages);
    for (int i = 0; i < 6; i++) {
        multifd_pages_add(&pages, f.mem, layout[i] * 4096);
    }
    multifd_send_zero_page_detect(&pages, ZERO_PAGE_DETECTION_LEGACY);
    g_assert_cmpuint(pages.normal_num, ==, 6);
    multifd_send_zero_page_detect(&pages, ZERO_PAGE_DETECTION_NONE);
    g_assert_cmpuint(pages.normal_num, ==, 6);
    for (int i = 0; i < 6; i++) {
        g_assert_cmpuint(pages.offset[i], ==, i * 4096);
    }

    multifd_send_zero_page_detect(&pages, ZERO_PAGE_DETECTION_MULTIFD);
    g_assert_cmpuint(pages.normal_num, ==, 3);
    g_assert_cmpuint(pages.num, ==, 6);
    for (int i = 0; i < 6; i++) {
        g_assert_cmpuint(pages.offset[i], ==, want[i] * 4096);
    }

    /* All zero, and all normal. */
    multifd_pages_reset(&pages);
    for (int i = 10; i < 20; i++) {
        multifd_pages_add(&pages, f.mem, i * 4096);
    }
    multifd_send_zero_page_detect(&pages, ZERO_PAGE_DETECTION_MULTIFD);
    g_assert_cmpuint(pages.normal_num, ==, 0);
    memset(f.mem->host + 10 * 4096, 1, 10 * 4096);
    multifd_send_zero_page_detect(&pages, ZERO_PAGE_DETECTION_MULTIFD);
    g_assert_cmpuint(pages.normal_num, ==, 10);
    fixture_done(&f);
}

static void test_zero_page_recv(void)
{
    Fixture f;
    uint64_t offs[3] = { 0, 4096, 8192 };
    uint8_t *h;

    fixture_init(&f);
    h = f.mem->host;
    /* Never received: left alone (memory assumed fresh), then received. */
    memset(h, 0xee, 3 * 4096);
    multifd_recv_zero_page_process(f.mem, offs, 3, false);
    g_assert_cmpint(h[0], ==, 0xee);
    g_assert_true(test_bit(0, f.mem->receivedmap));
    g_assert_true(test_bit(2, f.mem->receivedmap));
    g_assert_false(test_bit(3, f.mem->receivedmap));

    /* Received before: cleared now. */
    multifd_recv_zero_page_process(f.mem, offs, 2, false);
    g_assert_true(buffer_is_zero(h, 2 * 4096));
    g_assert_cmpint(h[8192], ==, 0xee);

    /* Postcopy: always cleared. */
    memset(h + 5 * 4096, 0x11, 4096);
    offs[0] = 5 * 4096;
    multifd_recv_zero_page_process(f.mem, offs, 1, true);
    g_assert_true(buffer_is_zero(h + 5 * 4096, 4096));

    /* No receivedmap: every page counts as received. */
    g_clear_pointer(&f.mem->receivedmap, g_free);
    memset(h + 7 * 4096, 0x22, 4096);
    offs[0] = 7 * 4096;
    multifd_recv_zero_page_process(f.mem, offs, 1, false);
    g_assert_true(buffer_is_zero(h + 7 * 4096, 4096));
    fixture_done(&f);
}

int main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    g_test_add_func("/multifd/init/roundtrip", test_init_roundtrip);
    g_test_add_func("/multifd/init/bad", test_init_bad);
    g_test_add_func("/multifd/init/channel", test_init_channel);
    g_test_add_func("/multifd/packet/layout", test_packet_layout);
    g_test_add_func("/multifd/packet/roundtrip", test_packet_roundtrip);
    g_test_add_func("/multifd/packet/sync", test_packet_sync);
    g_test_add_func("/multifd/packet/bad-header",
                    test_packet_bad_header);
    g_test_add_func("/multifd/packet/bad-counts",
                    test_packet_bad_counts);
    g_test_add_func("/multifd/packet/bad-method",
                    test_packet_bad_method);
    g_test_add_func("/multifd/packet/bad-size", test_packet_bad_size);
    g_test_add_func("/multifd/packet/bad-block", test_packet_bad_block);
    g_test_add_func("/multifd/packet/bad-offset",
                    test_packet_bad_offset);
    g_test_add_func("/multifd/packet/bitflip", test_packet_bitflip);
    g_test_add_func("/multifd/packet/channel", test_packet_channel);
    g_test_add_func("/multifd/codec/unavailable",
                    test_codec_unavailable);
    g_test_add_func("/multifd/pages/batch", test_pages_batch);
    g_test_add_func("/multifd/zero-page/detect",
                    test_zero_page_detect);
    g_test_add_func("/multifd/zero-page/recv", test_zero_page_recv);
    return g_test_run();
}
