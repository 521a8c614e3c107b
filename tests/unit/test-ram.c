/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Unit tests for RAM migration (migration/ram.c): the setup section's
 * bytes, round trips of real RAMBlocks through a buffer (zero, random
 * and repeated pages, pages dirtied between passes and while stopped),
 * zero-page detection legacy vs none, the CONTINUE rule across
 * sections, the rate limit, the statistics, zero pages not written when
 * already zero, XBZRLE records, and every malformed record (bad flags,
 * unknown block, bad offset, CONTINUE without block, non-zero fill byte,
 * bad block list, truncated, bit-flipped and garbage input).
 */
#include "qemu/osdep.h"
#include <sys/mman.h>
#include "qapi/error.h"
#include "qemu/bitmap.h"
#include "io/channel-buffer.h"
#include "migration/migration.h"
#include "migration/migration-stats.h"
#include "migration/options.h"
#include "migration/qemu-file.h"
#include "migration/ram.h"
#include "migration/savevm.h"

#define PAGE TARGET_PAGE_SIZE
#define KiB (1ULL << 10)
#define MiB (1ULL << 20)

static uint64_t get_be64(const uint8_t *p)
{
    uint64_t v;

    memcpy(&v, p, 8);
    return GUINT64_FROM_BE(v);
}

/* The "ram" entry's handlers, as the stream code calls them. */
static const SaveVMHandlers *ops;
static void *opaque;

static void start(void)
{
    SaveStateEntry *se;

    migration_object_init(&error_abort);
    ram_mig_init();
    se = find_se("ram", 0);
    g_assert(se);
    ops = se->ops;
    opaque = se->opaque;
    migration_stats_reset();
}

static void stop(void)
{
    ops->save_cleanup(opaque);
    ops->load_cleanup(opaque);
    migration_object_finalize();
}

static RAMBlock *new_block(const char *name, uint64_t size)
{
    return qemu_ram_alloc(name, size, NULL, -1, 0, PAGE, &error_abort);
}

/* Page kinds of the test pattern: 2/5 zero, random, repeated, sparse. */
static bool fill_pattern(RAMBlock *rb, uint64_t page)
{
    uint8_t *p = rb->host + page * PAGE;
    unsigned int i;

    switch (page % 5) {
    case 0:
    case 1:
        memset(p, 0, PAGE);
        return true;
    case 2:
        for (i = 0; i < PAGE; i += 4) {
            uint32_t r = g_test_rand_int();
            memcpy(p + i, &r, 4);
        }
        return false;
    case 3:
        memset(p, (page & 0xff) | 1, PAGE);
        return false;
    default:
        memset(p, 0, PAGE);
        p[PAGE - 1] = 0x5a;
        return false;
    }
}

static uint64_t fill_block(RAMBlock *rb)
{
    uint64_t page, zero = 0;

    for (page = 0; page < ramblock_pages(rb); page++) {
        zero += fill_pattern(rb, page);
    }
    return zero;
}

/* An output file on a buffer channel. */
typedef struct Out {
    QIOChannelBuffer *bioc;
    QEMUFile *f;
} Out;

static void out_open(Out *o)
{
    o->bioc = qio_channel_buffer_new(1 << 20);
    o->f = qemu_file_new_output(QIO_CHANNEL(o->bioc));
}

/* Flush; the data stays in o->bioc until out_free(). */
static void out_close(Out *o)
{
    qemu_fflush(o->f);
    g_assert_cmpint(qemu_file_get_error(o->f), ==, 0);
}

static void out_free(Out *o)
{
    g_assert_cmpint(qemu_fclose(o->f), ==, 0);
    qio_channel_unref(QIO_CHANNEL(o->bioc));
}

static QEMUFile *in_open(const void *data, size_t len)
{
    QIOChannelBuffer *bioc = qio_channel_buffer_new_data(data, len);
    QEMUFile *f = qemu_file_new_input(QIO_CHANNEL(bioc));

    qio_channel_unref(QIO_CHANNEL(bioc));
    return f;
}

/* Run setup, then iterate until done; returns the sections written. */
static int save_first_pass(QEMUFile *f)
{
    Error *err = NULL;
    int sections = 1, ret;

    g_assert_cmpint(ops->save_setup(f, opaque, &err), ==, 0);
    g_assert(!err);
    do {
        ret = ops->save_live_iterate(f, opaque);
        g_assert_cmpint(ret, >=, 0);
        sections++;
    } while (!ret);
    return sections;
}

/* Load @sections sections from @data; returns the result of the last. */
static int load_sections_full(const void *data, size_t len, int sections,
                              bool check_end, Error **errp)
{
    QEMUFile *f = in_open(data, len);
    int i, ret = 0;

    g_assert_cmpint(ops->load_setup(f, opaque, &error_abort), ==, 0);
    for (i = 0; i < sections && !ret; i++) {
        ret = ops->load_state(f, opaque, RAM_SECTION_VERSION, errp);
    }
    if (!ret && check_end) {
        /* Every byte consumed, nothing more. */
        qemu_get_byte(f);
        g_assert_cmpint(qemu_file_get_error(f), !=, 0);
    }
    qemu_fclose(f);
    return ret;
}

static int load_sections(const void *data, size_t len, int sections,
                         Error **errp)
{
    return load_sections_full(data, len, sections, true, errp);
}

static void dirty_page(RAMBlock *rb, uint64_t page, uint8_t val)
{
    memset(rb->host + page * PAGE, val, PAGE);
    ramblock_set_dirty(rb, page * PAGE, PAGE);
}

/* The setup section: the block list in list order, then EOS. */
static void test_setup_bytes(void)
{
    RAMBlock *ram, *bios;
    Out o;
    static const uint8_t expect[] = {
        0, 0, 0, 0, 0, 0x44, 0, 0x04,
        6, 'p', 'c', '.', 'r', 'a', 'm', 0, 0, 0, 0, 0, 0x40, 0, 0,
        7, 'p', 'c', '.', 'b', 'i', 'o', 's', 0, 0, 0, 0, 0, 0x04, 0, 0,
        0, 0, 0, 0, 0, 0, 0, 0x10,
    };

    start();
    bios = new_block("pc.bios", 256 * KiB);
    ram = new_block("pc.ram", 4 * MiB);
    out_open(&o);
    g_assert_cmpint(ops->save_setup(o.f, opaque, &error_abort), ==, 0);
    out_close(&o);
    g_assert_cmpuint(o.bioc->usage, ==, sizeof(expect));
    g_assert(!memcmp(o.bioc->data, expect, sizeof(expect)));
    /* Setup syncs once: pass 1; every page is still to send. */
    g_assert_cmpuint(mig_stats.dirty_sync_count, ==, 1);
    g_assert_cmpuint(ram_bytes_remaining(), ==, 4 * MiB + 256 * KiB);
    out_free(&o);
    stop();
    qemu_ram_free(ram);
    qemu_ram_free(bios);
}

/*
 * Source and destination in one process: save everything (first pass,
 * pages dirtied then synced, pages dirtied while "stopped"), scramble
 * memory, load the stream back and compare.
 */
static void roundtrip(ZeroPageDetection zpd)
{
    RAMBlock *ram, *bios;
    uint64_t zero, total_pages, must = 0, can = 0;
    g_autofree uint8_t *want_ram = NULL, *want_bios = NULL;
    MigrationStats info = { 0 };
    Error *err = NULL;
    int sections;
    Out o;

    start();
    migrate_get_current()->parameters.zero_page_detection = zpd;
    ram = new_block("pc.ram", 8 * MiB);
    bios = new_block("pc.bios", 256 * KiB);
    zero = fill_block(ram) + fill_block(bios);
    total_pages = ramblock_pages(ram) + ramblock_pages(bios);

    out_open(&o);
    sections = save_first_pass(o.f);
    if (zpd == ZERO_PAGE_DETECTION_NONE) {
        g_assert_cmpuint(mig_stats.zero_pages, ==, 0);
        g_assert_cmpuint(mig_stats.normal_pages, ==, total_pages);
    } else {
        g_assert_cmpuint(mig_stats.zero_pages, ==, zero);
        g_assert_cmpuint(mig_stats.normal_pages, ==, total_pages - zero);
    }
    g_assert_cmpuint(ram_bytes_remaining(), ==, 0);

    /* Dirty 11 pages of both blocks; the exact count syncs them in. */
    dirty_page(ram, 0, 0x11);
    dirty_page(ram, 63, 0x12);
    dirty_page(ram, 64, 0x13);
    dirty_page(ram, 1000, 0);
    dirty_page(ram, 2047, 0x14);
    dirty_page(bios, 0, 0x15);
    dirty_page(bios, 5, 0x16);
    dirty_page(bios, 6, 0x17);
    dirty_page(bios, 7, 0x18);
    dirty_page(bios, 62, 0x19);
    dirty_page(bios, 63, 0x1a);
    ops->state_pending_estimate(opaque, &must, &can);
    g_assert_cmpuint(must, ==, 0);
    ops->state_pending_exact(opaque, &must, &can);
    g_assert_cmpuint(must, ==, 11 * PAGE);
    g_assert_cmpuint(can, ==, 0);
    g_assert_cmpuint(mig_stats.dirty_sync_count, ==, 2);
    g_assert_cmpuint(mig_stats.dirty_bytes_last_sync, ==, 11 * PAGE);
    while (!ops->save_live_iterate(o.f, opaque)) {
        sections++;
    }
    sections++;
    g_assert_cmpuint(ram_get_total_transferred_pages(), ==, total_pages + 11);

    /* Dirtied after the last sync: the completion's own sync finds them. */
    dirty_page(ram, 1, 0x21);
    dirty_page(bios, 63, 0x22);
    g_assert_cmpint(ops->save_live_complete_precopy(o.f, opaque), ==, 0);
    sections++;
    g_assert_cmpuint(mig_stats.dirty_sync_count, ==, 3);
    g_assert_cmpuint(ram_get_total_transferred_pages(), ==, total_pages + 13);
    /* Two named PAGE records (the scan wrapped from pc.bios), EOS. */
    g_assert_cmpuint(mig_stats.downtime_bytes, ==,
                     2 * (8 + PAGE) + (1 + 6) + (1 + 7) + 8);
    out_close(&o);

    ram_fill_info(&info, false);
    g_assert_cmpint(info.total, ==, 8 * MiB + 256 * KiB);
    g_assert_cmpint(info.remaining, ==, 0);
    g_assert_cmpint(info.page_size, ==, PAGE);
    g_assert_cmpint(info.duplicate, ==, mig_stats.zero_pages);
    g_assert_cmpint(info.normal_bytes, ==, info.normal * PAGE);
    g_assert_cmpint(info.transferred, ==, o.bioc->usage);
    g_assert_cmpuint(info.precopy_bytes + info.downtime_bytes, ==,
                     o.bioc->usage);
    g_assert_cmpint(info.dirty_sync_count, ==, 3);
    ops->save_cleanup(opaque);
    g_assert(!ram->bmap && !bios->bmap);

    want_ram = g_memdup2(ram->host, ram->used_length);
    want_bios = g_memdup2(bios->host, bios->used_length);
    memset(ram->host, 0xa5, ram->used_length);
    memset(bios->host, 0x5a, bios->used_length);

    g_assert_cmpint(load_sections(o.bioc->data, o.bioc->usage, sections,
                                  &err), ==, 0);
    g_assert(!err);
    g_assert(!memcmp(ram->host, want_ram, ram->used_length));
    g_assert(!memcmp(bios->host, want_bios, bios->used_length));
    g_assert(bitmap_full(ram->receivedmap, ramblock_pages(ram)));
    g_assert(bitmap_full(bios->receivedmap, ramblock_pages(bios)));

    out_free(&o);
    stop();
    qemu_ram_free(ram);
    qemu_ram_free(bios);
}

static void test_roundtrip_legacy(void)
{
    roundtrip(ZERO_PAGE_DETECTION_LEGACY);
}

static void test_roundtrip_none(void)
{
    roundtrip(ZERO_PAGE_DETECTION_NONE);
}

/* Without multifd, detection "multifd" means ZERO records too. */
static void test_roundtrip_multifd_detection(void)
{
    roundtrip(ZERO_PAGE_DETECTION_MULTIFD);
}

/*
 * The rate limit ends a section after one batch; the next section's
 * first record names no block (CONTINUE survives the EOS).
 */
static void test_continue_across_sections(void)
{
    RAMBlock *ram;
    size_t start_part, second;
    uint64_t word;
    Out o;

    start();
    ram = new_block("pc.ram", 2 * MiB);
    fill_block(ram);
    out_open(&o);
    g_assert_cmpint(ops->save_setup(o.f, opaque, &error_abort), ==, 0);
    qemu_fflush(o.f);
    start_part = o.bioc->usage;

    qemu_file_reset_rate_limit(o.f);
    qemu_file_set_rate_limit(o.f, 1);
    g_assert_cmpint(ops->save_live_iterate(o.f, opaque), ==, 0);
    g_assert_cmpuint(ram_get_total_transferred_pages(), ==, RAM_BATCH_PAGES);
    qemu_fflush(o.f);
    second = o.bioc->usage;

    /* First record of the first PART: page 0, named. */
    word = get_be64(o.bioc->data + start_part);
    g_assert_cmphex(word & ~TARGET_PAGE_MASK, ==, RAM_SAVE_FLAG_ZERO);
    g_assert_cmpint(o.bioc->data[start_part + 8], ==, 6);
    /* The section ends with EOS. */
    g_assert_cmphex(get_be64(o.bioc->data + second - 8), ==,
                    RAM_SAVE_FLAG_EOS);

    qemu_file_reset_rate_limit(o.f);
    g_assert_cmpint(ops->save_live_iterate(o.f, opaque), ==, 0);
    qemu_fflush(o.f);
    word = get_be64(o.bioc->data + second);
    /* Page 128 of the pattern is a repeated-byte page. */
    g_assert_cmphex(word, ==, (RAM_BATCH_PAGES * PAGE) | RAM_SAVE_FLAG_PAGE |
                    RAM_SAVE_FLAG_CONTINUE);
    out_close(&o);
    out_free(&o);
    stop();
    qemu_ram_free(ram);
}

/*
 * Zero pages already zero on the destination are not written: those
 * pages are mapped read-only there, so a write would crash the test.
 */
static void test_zero_not_written(void)
{
    const uint64_t npages = 64;
    uint8_t *host = mmap(NULL, npages * PAGE, PROT_READ | PROT_WRITE,
                         MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    RAMBlock *rb;
    uint64_t page;
    Out o;
    int sections;

    g_assert(host != MAP_FAILED);
    start();
    rb = qemu_ram_alloc("pc.ram", npages * PAGE, host, -1, 0, PAGE,
                        &error_abort);
    for (page = npages / 2; page < npages; page++) {
        memset(host + page * PAGE, page, PAGE);
    }
    out_open(&o);
    sections = save_first_pass(o.f);
    g_assert_cmpint(ops->save_live_complete_precopy(o.f, opaque), ==, 0);
    sections++;
    out_close(&o);
    g_assert_cmpuint(mig_stats.zero_pages, ==, npages / 2);

    /* Destination: the zero half read-only, the rest scrambled. */
    memset(host + npages / 2 * PAGE, 0xee, npages / 2 * PAGE);
    g_assert_cmpint(mprotect(host, npages / 2 * PAGE, PROT_READ), ==, 0);
    g_assert_cmpint(load_sections(o.bioc->data, o.bioc->usage, sections,
                                  &error_abort), ==, 0);
    for (page = npages / 2; page < npages; page++) {
        g_assert_cmpint(host[page * PAGE + 100], ==, (uint8_t)page);
    }
    g_assert(bitmap_full(rb->receivedmap, npages));

    out_free(&o);
    stop();
    qemu_ram_free(rb);
    munmap(host, npages * PAGE);
}

/*
 * Hand-made streams
 */

static void put64(GByteArray *s, uint64_t v)
{
    v = GUINT64_TO_BE(v);
    g_byte_array_append(s, (uint8_t *)&v, 8);
}

static void put8(GByteArray *s, uint8_t v)
{
    g_byte_array_append(s, &v, 1);
}

static void put_name(GByteArray *s, const char *name)
{
    put8(s, strlen(name));
    g_byte_array_append(s, (const uint8_t *)name, strlen(name));
}

static void put_fill(GByteArray *s, uint8_t byte, size_t len)
{
    while (len--) {
        put8(s, byte);
    }
}

/* Load one section; expect failure with @msg in the error. */
static void expect_fail(GByteArray *s, int version, const char *msg)
{
    QEMUFile *f = in_open(s->data, s->len);
    Error *err = NULL;

    g_assert_cmpint(ops->load_setup(f, opaque, &error_abort), ==, 0);
    g_assert_cmpint(ops->load_state(f, opaque, version, &err), <, 0);
    g_assert(err);
    if (!strstr(error_get_pretty(err), msg)) {
        g_test_message("error: '%s', expected '%s'", error_get_pretty(err),
                       msg);
        g_assert_not_reached();
    }
    error_free(err);
    qemu_fclose(f);
    g_byte_array_set_size(s, 0);
}

static void test_bad_records(void)
{
    static const struct {
        uint64_t flags;
        const char *msg;
    } bad_flags[] = {
        { 0x000, "Unknown combination of migration flags: 0x0" },
        { 0x001, "Unknown combination of migration flags: 0x1" },
        { 0x00a, "Unknown combination of migration flags: 0xa" },
        { 0x024, "Unknown combination of migration flags: 0x24" },
        { 0x030, "Unknown combination of migration flags: 0x30" },
        { 0x080, "Unknown combination of migration flags: 0x80" },
        { 0x100, "Unknown combination of migration flags: 0x100" },
        { 0x400, "Unknown combination of migration flags: 0x400" },
        { 0x228, "Unknown combination of migration flags: 0x228" },
    };
    GByteArray *s = g_byte_array_new();
    RAMBlock *rb;
    unsigned int i;

    start();
    rb = new_block("pc.ram", 1 * MiB);
    for (i = 0; i < G_N_ELEMENTS(bad_flags); i++) {
        put64(s, 0x1000 | bad_flags[i].flags);
        put_name(s, "pc.ram");
        put_fill(s, 0, PAGE);
        expect_fail(s, 4, bad_flags[i].msg);
    }

    put64(s, RAM_SAVE_FLAG_EOS);
    expect_fail(s, 3, "unsupported section version 3");

    put64(s, 0x2000 | RAM_SAVE_FLAG_PAGE);
    put_name(s, "nope");
    put_fill(s, 0, PAGE);
    expect_fail(s, 4, "Can't find block nope");

    put64(s, (1 * MiB) | RAM_SAVE_FLAG_PAGE);
    put_name(s, "pc.ram");
    put_fill(s, 0, PAGE);
    expect_fail(s, 4, "Illegal RAM offset 100000");

    put64(s, 0xfffffffffffff000ULL | RAM_SAVE_FLAG_ZERO);
    put_name(s, "pc.ram");
    put8(s, 0);
    expect_fail(s, 4, "Illegal RAM offset fffffffffffff000");

    put64(s, RAM_SAVE_FLAG_ZERO | RAM_SAVE_FLAG_CONTINUE);
    put8(s, 0);
    expect_fail(s, 4, "Ack, bad migration stream!");

    put64(s, 0x3000 | RAM_SAVE_FLAG_ZERO);
    put_name(s, "pc.ram");
    put8(s, 7);
    expect_fail(s, 4, "Found a zero page with value 7");

    /* Block list: unknown name, other size, more than the total. */
    put64(s, (1 * MiB) | RAM_SAVE_FLAG_MEM_SIZE);
    put_name(s, "nope");
    put64(s, 1 * MiB);
    expect_fail(s, 4, "Unknown ramblock \"nope\", cannot accept migration");

    put64(s, (2 * MiB) | RAM_SAVE_FLAG_MEM_SIZE);
    put_name(s, "pc.ram");
    put64(s, 2 * MiB);
    expect_fail(s, 4, "Size mismatch: pc.ram: 0x200000 != 0x100000: "
                "Invalid argument");

    put64(s, (64 * KiB) | RAM_SAVE_FLAG_MEM_SIZE);
    put_name(s, "pc.ram");
    put64(s, 1 * MiB);
    expect_fail(s, 4, "exceeds the announced total");

    /* XBZRLE: bad encoding byte, overlong, undecodable. */
    put64(s, RAM_SAVE_FLAG_XBZRLE);
    put_name(s, "pc.ram");
    put8(s, 2);
    put8(s, 0);
    put8(s, 4);
    put_fill(s, 0, 4);
    expect_fail(s, 4, "Failed to load XBZRLE page - wrong compression!");

    put64(s, RAM_SAVE_FLAG_XBZRLE);
    put_name(s, "pc.ram");
    put8(s, 1);
    put8(s, 0x10);
    put8(s, 0x01);
    put_fill(s, 0, PAGE + 1);
    expect_fail(s, 4, "Failed to load XBZRLE page - len overflow!");

    put64(s, RAM_SAVE_FLAG_XBZRLE);
    put_name(s, "pc.ram");
    put8(s, 1);
    put8(s, 0);
    put8(s, 4);
    put8(s, 0xff);  /* run of 0x7f|... then bad continuation */
    put8(s, 0xff);
    put8(s, 0x01);
    put8(s, 0x00);
    expect_fail(s, 4, "Failed to decompress XBZRLE page at 0");

    put64(s, RAM_SAVE_FLAG_XBZRLE);
    put_name(s, "pc.ram");
    put8(s, 1);
    put8(s, 0);
    put8(s, 3);
    put8(s, 0x80);  /* zero run 0x2000: beyond the page */
    put8(s, 0x40);
    put8(s, 0x01);
    expect_fail(s, 4, "Failed to decompress XBZRLE page at 0");

    stop();
    qemu_ram_free(rb);
    g_byte_array_free(s, true);
}

/* An XBZRLE record patches the destination's page in place. */
static void test_xbzrle_load(void)
{
    GByteArray *s = g_byte_array_new();
    static const uint8_t data[] = {
        10, 3, 'a', 'b', 'c', 0xc8, 0x01, 1, 'z',
    };
    RAMBlock *rb;
    uint8_t *p;

    start();
    rb = new_block("pc.ram", 1 * MiB);
    p = rb->host + 0x3000;
    memset(p, 0x11, PAGE);
    put64(s, 0x3000 | RAM_SAVE_FLAG_XBZRLE);
    put_name(s, "pc.ram");
    put8(s, RAM_XBZRLE_ENCODING);
    put8(s, 0);
    put8(s, sizeof(data));
    g_byte_array_append(s, data, sizeof(data));
    put64(s, RAM_SAVE_FLAG_EOS);
    g_assert_cmpint(load_sections(s->data, s->len, 1, &error_abort), ==, 0);
    g_assert_cmpint(p[9], ==, 0x11);
    g_assert(!memcmp(p + 10, "abc", 3));
    g_assert_cmpint(p[13], ==, 0x11);
    g_assert_cmpint(p[13 + 200], ==, 'z');
    g_assert_cmpint(p[14 + 200], ==, 0x11);
    stop();
    qemu_ram_free(rb);
    g_byte_array_free(s, true);
}

/* A MULTIFD_FLUSH record without multifd is a no-op, as in QEMU. */
static void test_multifd_flush_ignored(void)
{
    GByteArray *s = g_byte_array_new();
    RAMBlock *rb;

    start();
    rb = new_block("pc.ram", 1 * MiB);
    put64(s, RAM_SAVE_FLAG_MULTIFD_FLUSH);
    put64(s, 0x1000 | RAM_SAVE_FLAG_PAGE);
    put_name(s, "pc.ram");
    put_fill(s, 0x42, PAGE);
    put64(s, RAM_SAVE_FLAG_EOS);
    g_assert_cmpint(load_sections(s->data, s->len, 1, &error_abort), ==, 0);
    g_assert_cmpint(rb->host[0x1fff], ==, 0x42);
    stop();
    qemu_ram_free(rb);
    g_byte_array_free(s, true);
}

/* A source stream of a small block, with its section count. */
static GByteArray *small_stream(RAMBlock *rb, int *sections)
{
    GByteArray *s;
    Out o;

    fill_block(rb);
    out_open(&o);
    *sections = save_first_pass(o.f);
    g_assert_cmpint(ops->save_live_complete_precopy(o.f, opaque), ==, 0);
    (*sections)++;
    ops->save_cleanup(opaque);
    out_close(&o);
    s = g_byte_array_new();
    g_byte_array_append(s, o.bioc->data, o.bioc->usage);
    out_free(&o);
    return s;
}

/* Every proper prefix of a valid stream fails cleanly. */
static void test_truncated(void)
{
    RAMBlock *rb;
    GByteArray *s;
    int sections;
    size_t len;

    start();
    rb = new_block("pc.ram", 256 * KiB);
    s = small_stream(rb, &sections);
    for (len = 0; len < s->len; len += (len < 128 ? 1 : 61)) {
        Error *err = NULL;

        g_assert_cmpint(load_sections(s->data, len, sections, &err), <, 0);
        g_assert(err);
        error_free(err);
    }
    g_assert_cmpint(load_sections(s->data, s->len, sections, &error_abort),
                    ==, 0);
    g_byte_array_free(s, true);
    stop();
    qemu_ram_free(rb);
}

/* Random bit flips and random bytes: a clean result or a clean error. */
static void test_bitflip_garbage(void)
{
    RAMBlock *rb;
    GByteArray *s;
    g_autofree uint8_t *copy = NULL;
    int sections, i, failed = 0;

    start();
    rb = new_block("pc.ram", 256 * KiB);
    s = small_stream(rb, &sections);
    copy = g_malloc(s->len);
    for (i = 0; i < 2000; i++) {
        Error *err = NULL;
        uint32_t bit = g_test_rand_int_range(0, s->len * 8);
        int ret;

        memcpy(copy, s->data, s->len);
        copy[bit / 8] ^= 1 << (bit % 8);
        ret = load_sections_full(copy, s->len, sections, false, &err);
        g_assert(!ret == !err);
        failed += ret < 0;
        error_free(err);
    }
    /* Flips inside page data are harmless; the rest must be caught. */
    g_assert_cmpint(failed, >, 0);
    for (i = 0; i < 200; i++) {
        Error *err = NULL;
        size_t len = g_test_rand_int_range(1, 9000);
        size_t j;

        for (j = 0; j < len; j++) {
            copy[j] = g_test_rand_int();
        }
        int ret = load_sections_full(copy, len, 1, false, &err);

        /* Rarely, the first word is a valid EOS. */
        g_assert(!ret == !err);
        error_free(err);
    }
    g_byte_array_free(s, true);
    stop();
    qemu_ram_free(rb);
}

int main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    g_test_add_func("/ram/save/setup-bytes", test_setup_bytes);
    g_test_add_func("/ram/roundtrip/legacy", test_roundtrip_legacy);
    g_test_add_func("/ram/roundtrip/none", test_roundtrip_none);
    g_test_add_func("/ram/roundtrip/multifd-detection",
                    test_roundtrip_multifd_detection);
    g_test_add_func("/ram/save/continue-across-sections",
                    test_continue_across_sections);
    g_test_add_func("/ram/load/zero-not-written", test_zero_not_written);
    g_test_add_func("/ram/load/bad-records", test_bad_records);
    g_test_add_func("/ram/load/xbzrle", test_xbzrle_load);
    g_test_add_func("/ram/load/multifd-flush", test_multifd_flush_ignored);
    g_test_add_func("/ram/load/truncated", test_truncated);
    g_test_add_func("/ram/load/bitflip-garbage", test_bitflip_garbage);
    return g_test_run();
}
