/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Unit tests of RAMBlocks (allocation, dirty bitmaps, the address_space_*
 * path) and of the memory backends created as -object / object-add.
 */
#include "qemu/osdep.h"

#include <sys/mman.h>

#include "qapi/error.h"
#include "qemu/atomic.h"
#include "qemu/thread.h"
#include "qobject/qdict.h"
#include "qom/object_interfaces.h"
#include "system/hostmem.h"
#include "system/ramblock.h"

#define PAGE TARGET_PAGE_SIZE

static void check_error(Error *err, const char *expected)
{
    g_assert_nonnull(err);
    g_assert_cmpstr(error_get_pretty(err), ==, expected);
    error_free(err);
}

/*
 * RAMBlocks
 */

static void test_alloc_basic(void)
{
    RAMBlock *rb = qemu_ram_alloc("blk", 1000 * 1000, NULL, -1, 0, 0,
                                  &error_abort);
    RAMBlock *rb2;
    uint64_t off;

    g_assert_nonnull(rb->host);
    g_assert_true(QEMU_PTR_IS_ALIGNED(rb->host, getpagesize()));
    /* Rounded up to whole pages, every page dirty, unmapped. */
    g_assert_cmpuint(rb->used_length, ==, QEMU_ALIGN_UP(1000 * 1000, PAGE));
    g_assert_cmpuint(rb->max_length, ==, rb->used_length);
    g_assert_cmpuint(ramblock_pages(rb), ==, rb->used_length / PAGE);
    g_assert_true(bitmap_full(rb->dirty[DIRTY_MEMORY_MIGRATION],
                              ramblock_pages(rb)));
    g_assert_cmphex(rb->gpa, ==, UINT64_MAX);
    g_assert_cmpuint(rb->nr_windows, ==, 0);
    g_assert_false(rb->flags & RAM_PREALLOC);
    g_assert_true(qemu_ram_block_by_name("blk") == rb);
    memset(rb->host, 0x5a, rb->used_length);

    rb2 = qemu_ram_alloc("blk2", 64 * PAGE, NULL, -1, 0, 0, &error_abort);
    /* ram_addr ranges do not overlap and map back to their blocks. */
    g_assert_true(rb2->offset >= rb->offset + rb->max_length ||
                  rb2->offset + rb2->max_length <= rb->offset);
    g_assert_true(qemu_ram_block_from_addr(rb2->offset + 5, &off) == rb2);
    g_assert_cmpuint(off, ==, 5);
    g_assert_true(qemu_ram_block_from_addr(rb->offset, &off) == rb);
    g_assert_cmpuint(ram_bytes_total(), ==,
                     rb->used_length + rb2->used_length);
    g_assert_true(ram_list_head == rb && rb->next == rb2);

    qemu_ram_free(rb);
    g_assert_null(qemu_ram_block_by_name("blk"));
    g_assert_true(ram_list_head == rb2);
    qemu_ram_free(rb2);
    g_assert_null(ram_list_head);
}

static void test_alloc_errors(void)
{
    RAMBlock *rb = qemu_ram_alloc("dup", 4 * PAGE, NULL, -1, 0, 0,
                                  &error_abort);
    g_autofree char *longname = g_strnfill(300, 'x');
    uint8_t buf[PAGE * 2];
    Error *err = NULL;

    g_assert_null(qemu_ram_alloc("dup", 4 * PAGE, NULL, -1, 0, 0, &err));
    check_error(err, "RAM block 'dup' already exists");
    err = NULL;
    g_assert_null(qemu_ram_alloc("zero", 0, NULL, -1, 0, 0, &err));
    check_error(err, "RAM block 'zero' has size 0");
    err = NULL;
    g_assert_null(qemu_ram_alloc(longname, PAGE, NULL, -1, 0, 0, &err));
    g_assert_nonnull(err);
    error_free(err);
    err = NULL;
    /* Caller memory must be whole target pages. */
    g_assert_null(qemu_ram_alloc("odd", 100, buf, -1, 0, 0, &err));
    g_assert_nonnull(err);
    error_free(err);
    err = NULL;
    /* Renaming onto a taken name fails, onto a free one works. */
    {
        RAMBlock *other = qemu_ram_alloc("other", PAGE, buf, -1, 0, 0,
                                         &error_abort);

        g_assert_true(other->flags & RAM_PREALLOC);
        g_assert_false(qemu_ram_set_idstr(other, "dup", &err));
        check_error(err, "RAM block 'dup' already exists");
        g_assert_true(qemu_ram_set_idstr(other, "renamed", &error_abort));
        g_assert_true(qemu_ram_block_by_name("renamed") == other);
        qemu_ram_free(other);   /* must not unmap the caller's buffer */
        buf[0] = 1;
    }
    qemu_ram_free(rb);
}

/* Take every dirty bit of @rb so that the bitmap starts clean. */
static void drain_dirty(RAMBlock *rb)
{
    g_autofree unsigned long *tmp = bitmap_new(ramblock_pages(rb));

    ramblock_sync_dirty(rb, DIRTY_MEMORY_MIGRATION, tmp, 0,
                        ramblock_pages(rb));
    g_assert_true(bitmap_empty(rb->dirty[DIRTY_MEMORY_MIGRATION],
                               ramblock_pages(rb)));
}

static void test_dirty_word_boundaries(void)
{
    uint64_t pages = 300;
    RAMBlock *rb = qemu_ram_alloc("dirty", pages * PAGE, NULL, -1, 0, 0,
                                  &error_abort);
    g_autofree unsigned long *dest = bitmap_new(pages);
    unsigned long *src = rb->dirty[DIRTY_MEMORY_MIGRATION];

    /* The initial state is all dirty: a full sync counts every page. */
    g_assert_cmpuint(ramblock_sync_dirty(rb, DIRTY_MEMORY_MIGRATION, dest, 0,
                                         pages), ==, pages);
    g_assert_true(bitmap_full(dest, pages));
    g_assert_true(bitmap_empty(src, pages));
    bitmap_zero(dest, pages);

    /* A byte range spanning pages 63 and 64 (a word boundary). */
    ramblock_set_dirty(rb, 64 * PAGE - 1, 2);
    g_assert_true(test_bit(63, src) && test_bit(64, src));
    g_assert_cmpuint(bitmap_count_one(src, pages), ==, 2);
    /* Pages 127..129 and the last page. */
    ramblock_set_dirty(rb, 127 * PAGE, 3 * PAGE);
    ramblock_set_dirty(rb, (pages - 1) * PAGE + 17, 1);
    /* Out-of-block and empty ranges change nothing. */
    ramblock_set_dirty(rb, pages * PAGE, PAGE);
    ramblock_set_dirty(rb, 0, 0);
    g_assert_cmpuint(bitmap_count_one(src, pages), ==, 6);

    /* A partial range takes only its own bits. */
    g_assert_cmpuint(ramblock_sync_dirty(rb, DIRTY_MEMORY_MIGRATION, dest, 60,
                                         5), ==, 2);
    g_assert_true(test_bit(63, dest) && test_bit(64, dest));
    g_assert_cmpuint(bitmap_count_one(src, pages), ==, 4);
    g_assert_cmpuint(ramblock_sync_dirty(rb, DIRTY_MEMORY_MIGRATION, dest, 60,
                                         5), ==, 0);
    /* Range 128..129 (crossing nothing), leaving 127 behind. */
    g_assert_cmpuint(ramblock_sync_dirty(rb, DIRTY_MEMORY_MIGRATION, dest,
                                         128, 2), ==, 2);
    g_assert_true(test_bit(127, src));
    /* Bits already in dest are moved but not counted as new. */
    set_bit(127, dest);
    g_assert_cmpuint(ramblock_sync_dirty(rb, DIRTY_MEMORY_MIGRATION, dest, 0,
                                         pages), ==, 1);  /* the last page */
    g_assert_true(bitmap_empty(src, pages));
    g_assert_cmpuint(bitmap_count_one(dest, pages), ==, 6);
    /* Ranges past the end are clipped. */
    g_assert_cmpuint(ramblock_sync_dirty(rb, DIRTY_MEMORY_MIGRATION, dest,
                                         pages, 10), ==, 0);
    ramblock_set_dirty(rb, 0, pages * PAGE);
    /* The last page is already in dest: two new of three. */
    g_assert_cmpuint(ramblock_sync_dirty(rb, DIRTY_MEMORY_MIGRATION, dest,
                                         pages - 3, 1000), ==, 2);
    g_assert_false(test_bit(pages - 3, rb->dirty[DIRTY_MEMORY_MIGRATION]));
    g_assert_true(test_bit(pages - 4, rb->dirty[DIRTY_MEMORY_MIGRATION]));
    qemu_ram_free(rb);
}

/* Concurrent setters: whatever the interleaving, no dirty bit is lost. */
typedef struct DirtyWorker {
    RAMBlock *rb;
    uint64_t first, stride, rounds;
    QemuThread thread;
} DirtyWorker;

static bool dirty_workers_done;

static void *dirty_worker(void *opaque)
{
    DirtyWorker *w = opaque;
    uint64_t pages = ramblock_pages(w->rb);
    uint64_t r, p;

    for (r = 0; r < w->rounds; r++) {
        for (p = w->first; p < pages; p += w->stride) {
            /* Data first, then the bit (the barrier is in set_dirty). */
            qatomic_set((uint32_t *)(w->rb->host + p * PAGE), (uint32_t)r);
            ramblock_set_dirty(w->rb, p * PAGE, 1);
        }
    }
    return NULL;
}

static void test_dirty_concurrent(void)
{
    uint64_t pages = 4096 + 7;
    RAMBlock *rb = qemu_ram_alloc("conc", pages * PAGE, NULL, -1, 0, 0,
                                  &error_abort);
    g_autofree unsigned long *dest = bitmap_new(pages);
    DirtyWorker w[2] = {
        { .rb = rb, .first = 0, .stride = 1, .rounds = 200 },
        { .rb = rb, .first = 1, .stride = 3, .rounds = 300 },
    };
    uint64_t total = 0;
    int i;

    drain_dirty(rb);
    qatomic_set(&dirty_workers_done, false);
    for (i = 0; i < 2; i++) {
        qemu_thread_create(&w[i].thread, "dirty", dirty_worker, &w[i],
                           QEMU_THREAD_JOINABLE);
    }
    /* Harvest while they write, in odd-sized chunks. */
    for (i = 0; i < 200; i++) {
        uint64_t start = (i * 61) % pages;

        total += ramblock_sync_dirty(rb, DIRTY_MEMORY_MIGRATION, dest, start,
                                     pages - start);
        total += ramblock_sync_dirty(rb, DIRTY_MEMORY_MIGRATION, dest, 0,
                                     start);
    }
    for (i = 0; i < 2; i++) {
        qemu_thread_join(&w[i].thread);
    }
    total += ramblock_sync_dirty(rb, DIRTY_MEMORY_MIGRATION, dest, 0, pages);
    /* Every page was set by the first worker: all must have arrived once. */
    g_assert_true(bitmap_full(dest, pages));
    g_assert_cmpuint(total, ==, pages);
    g_assert_true(bitmap_empty(rb->dirty[DIRTY_MEMORY_MIGRATION], pages));
    qemu_ram_free(rb);
}

static void test_as_span(void)
{
    RAMBlock *a = qemu_ram_alloc("a", 16 * PAGE, NULL, -1, 0, 0,
                                 &error_abort);
    RAMBlock *b = qemu_ram_alloc("b", 16 * PAGE, NULL, -1, 0, 0,
                                 &error_abort);
    uint8_t in[3 * PAGE], out[3 * PAGE];
    uint64_t len;
    size_t i;
    uint8_t *p;

    qemu_ram_map(a, 0x100000);
    qemu_ram_map(b, 0x100000 + 16 * PAGE);
    g_assert_cmphex(a->gpa, ==, 0x100000);
    drain_dirty(a);
    drain_dirty(b);

    for (i = 0; i < sizeof(in); i++) {
        in[i] = i * 7 + 3;
    }
    /* 1.5 pages at the end of a, 1.5 pages at the start of b. */
    address_space_write(0x100000 + 16 * PAGE - 3 * PAGE / 2, in, sizeof(in));
    g_assert_cmpmem(a->host + 16 * PAGE - 3 * PAGE / 2, 3 * PAGE / 2,
                    in, 3 * PAGE / 2);
    g_assert_cmpmem(b->host, 3 * PAGE / 2, in + 3 * PAGE / 2, 3 * PAGE / 2);
    address_space_read(0x100000 + 16 * PAGE - 3 * PAGE / 2, out, sizeof(out));
    g_assert_cmpmem(in, sizeof(in), out, sizeof(out));
    /* Writes marked exactly the touched pages of both blocks. */
    g_assert_cmpuint(bitmap_count_one(a->dirty[0], 16), ==, 2);
    g_assert_true(test_bit(14, a->dirty[0]) && test_bit(15, a->dirty[0]));
    g_assert_cmpuint(bitmap_count_one(b->dirty[0], 16), ==, 2);
    g_assert_true(test_bit(0, b->dirty[0]) && test_bit(1, b->dirty[0]));

    /* memset spanning, and map stopping at the block end. */
    address_space_set(0x100000 + 15 * PAGE, 0xab, 2 * PAGE);
    g_assert_cmpuint(a->host[16 * PAGE - 1], ==, 0xab);
    g_assert_cmpuint(b->host[PAGE - 1], ==, 0xab);
    len = 10 * PAGE;
    p = address_space_map(0x100000 + 12 * PAGE, &len);
    g_assert_true(p == a->host + 12 * PAGE);
    g_assert_cmpuint(len, ==, 4 * PAGE);
    len = PAGE;
    g_assert_null(address_space_map(0x1000, &len));
    g_assert_cmpuint(len, ==, 0);
    drain_dirty(b);
    address_space_mark_dirty(0x100000 + 16 * PAGE + 5 * PAGE, 1);
    g_assert_true(test_bit(5, b->dirty[0]));

    qemu_ram_free(a);
    qemu_ram_free(b);
}

static void test_as_unmapped(void)
{
    RAMBlock *rb = qemu_ram_alloc("u", 4 * PAGE, NULL, -1, 0, 0,
                                  &error_abort);
    uint8_t buf[2 * PAGE], ones[PAGE];
    Error *err = NULL;

    qemu_ram_map(rb, 0x10000);
    memset(rb->host, 0x11, 4 * PAGE);
    memset(ones, 0xff, sizeof(ones));

    /* Read of hole then RAM: 0xff then data. */
    address_space_read(0x10000 - PAGE, buf, sizeof(buf));
    g_assert_cmpmem(buf, PAGE, ones, PAGE);
    g_assert_cmpuint(buf[PAGE], ==, 0x11);
    g_assert_cmpuint(buf[2 * PAGE - 1], ==, 0x11);
    /* Read past the end of the block into nothing. */
    address_space_read(0x10000 + 4 * PAGE - 1, buf, 3);
    g_assert_cmpuint(buf[0], ==, 0x11);
    g_assert_cmpuint(buf[1], ==, 0xff);
    g_assert_cmpuint(buf[2], ==, 0xff);
    /* Far away and at the very top of the address space. */
    address_space_read(UINT64_MAX - 1, buf, 2);
    g_assert_cmpuint(buf[0], ==, 0xff);
    g_assert_cmpuint(buf[1], ==, 0xff);
    /* A write straddling the hole keeps only the mapped part. */
    memset(buf, 0x22, sizeof(buf));
    address_space_write(0x10000 - PAGE, buf, sizeof(buf));
    g_assert_cmpuint(rb->host[0], ==, 0x22);
    g_assert_cmpuint(rb->host[PAGE], ==, 0x11);
    address_space_write(0x900000, buf, sizeof(buf));
    address_space_set(0x900000, 0, PAGE);

    /* Overlapping, unaligned and too many windows are refused. */
    {
        RAMBlock *o = qemu_ram_alloc("o", 4 * PAGE, NULL, -1, 0, 0,
                                     &error_abort);

        g_assert_false(qemu_ram_map_window(o, 0x10000 + PAGE, 0, PAGE, &err));
        check_error(err, "RAM block 'o' at 0x11000 overlaps RAM block 'u' "
                    "at 0x10000");
        err = NULL;
        g_assert_false(qemu_ram_map_window(o, 0x123, 0, PAGE, &err));
        g_assert_nonnull(err);
        error_free(err);
        err = NULL;
        g_assert_false(qemu_ram_map_window(o, 0, 2 * PAGE, 4 * PAGE, &err));
        g_assert_nonnull(err);
        error_free(err);
        err = NULL;
        g_assert_true(qemu_ram_map_window(o, 0, 0, PAGE, &error_abort));
        g_assert_true(qemu_ram_map_window(o, 0x100000000ULL, PAGE, 3 * PAGE,
                                          &error_abort));
        g_assert_false(qemu_ram_map_window(o, 0x200000000ULL, PAGE, PAGE,
                                           &err));
        g_assert_nonnull(err);
        error_free(err);
        /* The second window shows block offset PAGE at 4 GiB. */
        o->host[PAGE + 5] = 0x77;
        address_space_read(0x100000005ULL, buf, 1);
        g_assert_cmpuint(buf[0], ==, 0x77);
        qemu_ram_free(o);
        /* Its windows went with it. */
        address_space_read(0x100000005ULL, buf, 1);
        g_assert_cmpuint(buf[0], ==, 0xff);
    }
    qemu_ram_free(rb);
}

/*
 * Memory backends
 */

static Object *backend_add(const char *opts, Error **errp)
{
    return user_creatable_add_opts_str(opts, errp);
}

static HostMemoryBackend *backend_lookup(const char *id)
{
    return memory_backend_from_object(
        object_resolve_path_component(object_get_objects_root(), id));
}

static void test_backend_ram(void)
{
    Object *obj = backend_add("memory-backend-ram,id=mr0,size=1M",
                              &error_abort);
    HostMemoryBackend *be = memory_backend_from_object(obj);
    RAMBlock *rb;

    g_assert_nonnull(be);
    g_assert_cmpuint(host_memory_backend_get_size(be), ==, 1 << 20);
    g_assert_cmpuint(object_property_get_uint(obj, "size", &error_abort), ==,
                     1 << 20);
    g_assert_false(object_property_get_bool(obj, "share", &error_abort));
    /* Allocated at completion, named by the id, not in use yet. */
    rb = qemu_ram_block_by_name("mr0");
    g_assert_nonnull(rb);
    g_assert_cmpuint(rb->used_length, ==, 1 << 20);
    g_assert_true(rb->mr_owner == obj);
    g_assert_false(host_memory_backend_is_mapped(be));
    rb->host[12345] = 1;
    g_assert_true(user_creatable_del("mr0", &error_abort));
    g_assert_null(qemu_ram_block_by_name("mr0"));
    g_assert_null(backend_lookup("mr0"));

    /* object-add with JSON-typed values, share=on, prealloc=on. */
    {
        QDict *args = qdict_new();

        qdict_put_str(args, "qom-type", "memory-backend-ram");
        qdict_put_str(args, "id", "mr1");
        qdict_put_int(args, "size", 3 * PAGE + 1);
        qdict_put_bool(args, "share", true);
        qdict_put_bool(args, "prealloc", true);
        obj = user_creatable_add_qdict(args, &error_abort);
        qobject_unref(args);
        rb = qemu_ram_block_by_name("mr1");
        g_assert_true(rb->flags & RAM_SHARED);
        /* The mapping is whole pages; "size" stays as given. */
        g_assert_cmpuint(rb->used_length, ==, 4 * PAGE);
        g_assert_cmpuint(object_property_get_uint(obj, "size", &error_abort),
                         ==, 3 * PAGE + 1);
        /* Frozen once allocated. */
        Error *err = NULL;
        g_assert_false(object_property_set_bool(obj, "share", false, &err));
        check_error(err, "cannot change property value");
        g_assert_true(object_property_set_bool(obj, "dump", false,
                                               &error_abort));
        user_creatable_del("mr1", &error_abort);
    }
}

static void test_backend_bad_input(void)
{
    Error *err = NULL;

    g_assert_null(backend_add("memory-backend-ram,id=bad0", &err));
    check_error(err, "Parameter 'size' is missing");
    g_assert_null(backend_lookup("bad0"));
    g_assert_null(qemu_ram_block_by_name("bad0"));
    err = NULL;
    g_assert_null(backend_add("memory-backend-ram,id=bad1,size=0", &err));
    check_error(err, "property 'size' of memory-backend-ram doesn't take "
                "value '0'");
    err = NULL;
    g_assert_null(backend_add("memory-backend-ram,id=bad2,size=lots", &err));
    g_assert_nonnull(err);
    error_free(err);
    err = NULL;
    g_assert_null(backend_add("memory-backend-ram,id=bad3,size=1M,foo=1",
                              &err));
    check_error(err, "Property 'memory-backend-ram.foo' not found");
    err = NULL;
    g_assert_null(backend_add("memory-backend-ram,id=bad4,size=1M,share=maybe",
                              &err));
    g_assert_nonnull(err);
    error_free(err);
    err = NULL;
    g_assert_null(backend_add("memory-backend,id=bad5,size=1M", &err));
    check_error(err, "object type 'memory-backend' is abstract");
    err = NULL;
    g_assert_null(backend_add("memory-backend-ram,size=1M", &err));
    g_assert_nonnull(err);
    error_free(err);
    err = NULL;

    /* A duplicate id leaves the first backend and its block alone. */
    backend_add("memory-backend-ram,id=twice,size=64K", &error_abort);
    g_assert_null(backend_add("memory-backend-ram,id=twice,size=128K", &err));
    g_assert_nonnull(err);
    error_free(err);
    err = NULL;
    g_assert_cmpuint(qemu_ram_block_by_name("twice")->used_length, ==,
                     64 * 1024);
    user_creatable_del("twice", &error_abort);

    /* An id already used by a RAMBlock: completion fails, nothing left. */
    {
        RAMBlock *rb = qemu_ram_alloc("taken", PAGE, NULL, -1, 0, 0,
                                      &error_abort);

        g_assert_null(backend_add("memory-backend-ram,id=taken,size=64K",
                                  &err));
        check_error(err, "RAM block 'taken' already exists");
        g_assert_null(backend_lookup("taken"));
        qemu_ram_free(rb);
    }
}

static void test_backend_in_use(void)
{
    HostMemoryBackend *be;
    Error *err = NULL;
    RAMBlock *rb;

    backend_add("memory-backend-ram,id=busy,size=64K", &error_abort);
    be = backend_lookup("busy");
    rb = host_memory_backend_get_ramblock(be, NULL, &error_abort);
    g_assert_cmpstr(rb->idstr, ==, "busy");
    g_assert_true(host_memory_backend_is_mapped(be));
    g_assert_null(host_memory_backend_get_ramblock(be, NULL, &err));
    check_error(err, "memory backend busy can't be used multiple times.");
    err = NULL;
    g_assert_false(user_creatable_del("busy", &err));
    check_error(err, "object 'busy' is in use, can not be deleted");
    g_assert_nonnull(qemu_ram_block_by_name("busy"));
    /* Released, it can go. */
    host_memory_backend_set_mapped(be, false);
    g_assert_true(user_creatable_del("busy", &error_abort));
    g_assert_null(qemu_ram_block_by_name("busy"));

    /* A machine may give the block another name when it takes it. */
    backend_add("memory-backend-ram,id=named,size=64K", &error_abort);
    rb = host_memory_backend_get_ramblock(backend_lookup("named"), "pc.ram",
                                          &error_abort);
    g_assert_cmpstr(rb->idstr, ==, "pc.ram");
    host_memory_backend_set_mapped(backend_lookup("named"), false);
    user_creatable_del("named", &error_abort);
    g_assert_null(qemu_ram_block_by_name("pc.ram"));
}

static void test_backend_file(void)
{
    g_autofree char *dir = g_dir_make_tmp("test-physmem-XXXXXX", NULL);
    g_autofree char *path = g_build_filename(dir, "guest-ram", NULL);
    g_autofree char *opts = NULL;
    Error *err = NULL;
    RAMBlock *rb;
    uint8_t byte = 0;
    int fd;

    g_assert_nonnull(dir);
    /* A new file, shared: guest writes reach the file. */
    opts = g_strdup_printf("memory-backend-file,id=mf0,size=2M,share=on,"
                           "mem-path=%s", path);
    backend_add(opts, &error_abort);
    rb = qemu_ram_block_by_name("mf0");
    g_assert_true((rb->flags & (RAM_SHARED | RAM_FILE)) ==
                  (RAM_SHARED | RAM_FILE));
    g_assert_cmpint(rb->fd, >=, 0);
    qemu_ram_map(rb, 0);
    address_space_write(0x1234, "\x42", 1);
    fd = open(path, O_RDONLY);
    g_assert_cmpint(fd, >=, 0);
    g_assert_cmpint(pread(fd, &byte, 1, 0x1234), ==, 1);
    g_assert_cmpuint(byte, ==, 0x42);
    close(fd);
    user_creatable_del("mf0", &error_abort);

    /* The same file again, read-only: the data is there, writes vanish. */
    g_free(opts);
    opts = g_strdup_printf("memory-backend-file,id=mf1,size=2M,readonly=on,"
                           "mem-path=%s", path);
    backend_add(opts, &error_abort);
    rb = qemu_ram_block_by_name("mf1");
    g_assert_true(rb->flags & RAM_READONLY);
    qemu_ram_map(rb, 0);
    address_space_write(0x1234, "\x43", 1);
    address_space_read(0x1234, &byte, 1);
    g_assert_cmpuint(byte, ==, 0x42);
    user_creatable_del("mf1", &error_abort);

    /* Larger than the file: refused with QEMU's text. */
    g_free(opts);
    opts = g_strdup_printf("memory-backend-file,id=mf2,size=4M,mem-path=%s",
                           path);
    g_assert_null(backend_add(opts, &err));
    check_error(err, "backing store size 0x200000 does not match 'size' "
                "option 0x400000");
    err = NULL;

    /* A directory: an unlinked temporary file inside. */
    g_free(opts);
    opts = g_strdup_printf("memory-backend-file,id=mf3,size=1M,mem-path=%s",
                           dir);
    backend_add(opts, &error_abort);
    g_assert_nonnull(qemu_ram_block_by_name("mf3"));
    user_creatable_del("mf3", &error_abort);

    /* Bad input. */
    g_assert_null(backend_add("memory-backend-file,id=mf4,size=1M", &err));
    check_error(err, "Parameter 'mem-path' is missing");
    err = NULL;
    g_assert_null(backend_add("memory-backend-file,id=mf5,size=1M,"
                              "mem-path=/nonexistent-dir/x", &err));
    check_error(err, "can't open backing store /nonexistent-dir/x for guest "
                "RAM: No such file or directory");
    err = NULL;
    g_free(opts);
    opts = g_strdup_printf("memory-backend-file,id=mf6,mem-path=%s", path);
    g_assert_null(backend_add(opts, &err));
    check_error(err, "Parameter 'size' is missing");
    err = NULL;
    g_free(opts);
    opts = g_strdup_printf("memory-backend-file,id=mf7,size=1M,align=3K,"
                           "mem-path=%s", path);
    g_assert_null(backend_add(opts, &err));
    g_assert_nonnull(err);
    error_free(err);
    err = NULL;
    g_free(opts);
    opts = g_strdup_printf("memory-backend-file,id=mf8,size=1M,readonly=on,"
                           "mem-path=%s/absent", dir);
    g_assert_null(backend_add(opts, &err));
    g_assert_nonnull(err);
    error_free(err);

    unlink(path);
    g_assert_cmpint(rmdir(dir), ==, 0);
}

static void test_backend_memfd(void)
{
    Object *obj = backend_add("memory-backend-memfd,id=mm0,size=1M",
                              &error_abort);
    RAMBlock *rb = qemu_ram_block_by_name("mm0");
    Error *err = NULL;

    /* Shared by default, fd-backed, sealed against resizing. */
    g_assert_true(object_property_get_bool(obj, "share", &error_abort));
    g_assert_false(object_property_get_bool(obj, "hugetlb", &error_abort));
    g_assert_true((rb->flags & (RAM_SHARED | RAM_FILE)) ==
                  (RAM_SHARED | RAM_FILE));
    g_assert_cmpint(rb->fd, >=, 0);
    g_assert_cmpint(ftruncate(rb->fd, 2 << 20), <, 0);
    rb->host[0] = 9;
    user_creatable_del("mm0", &error_abort);

    obj = backend_add("memory-backend-memfd,id=mm1,size=64K,share=off,"
                      "seal=off", &error_abort);
    g_assert_false(qemu_ram_block_by_name("mm1")->flags & RAM_SHARED);
    user_creatable_del("mm1", &error_abort);

    g_assert_null(backend_add("memory-backend-memfd,id=mm2", &err));
    check_error(err, "Parameter 'size' is missing");
    err = NULL;
    g_assert_null(backend_add("memory-backend-memfd,id=mm3,size=1M,"
                              "hugetlbsize=2M", &err));
    g_assert_nonnull(err);
    error_free(err);
}

int main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    memory_backend_register_types();

    g_test_add_func("/physmem/ramblock/alloc", test_alloc_basic);
    g_test_add_func("/physmem/ramblock/errors", test_alloc_errors);
    g_test_add_func("/physmem/dirty/word-boundaries",
                    test_dirty_word_boundaries);
    g_test_add_func("/physmem/dirty/concurrent", test_dirty_concurrent);
    g_test_add_func("/physmem/address-space/span", test_as_span);
    g_test_add_func("/physmem/address-space/unmapped", test_as_unmapped);
    g_test_add_func("/physmem/backend/ram", test_backend_ram);
    g_test_add_func("/physmem/backend/bad-input", test_backend_bad_input);
    g_test_add_func("/physmem/backend/in-use", test_backend_in_use);
    g_test_add_func("/physmem/backend/file", test_backend_file);
    g_test_add_func("/physmem/backend/memfd", test_backend_memfd);
    return g_test_run();
}
