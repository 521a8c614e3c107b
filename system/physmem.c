/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * RAMBlocks: allocation, the ram_addr space, guest-physical windows,
 * per-block dirty bitmaps, and the address_space_* path by which
 * devices and qtest read and write guest memory.
 *
 * Threads: blocks and windows are created and freed by the main thread
 * during machine set-up and teardown only; afterwards every thread may
 * read them without a lock.  Dirty bits are atomic words (see
 * include/system/ramblock.h and docs/devel/memory.md).
 */
#include "qemu/osdep.h"

#include <sys/mman.h>

#include "qapi/error.h"
#include "qemu/atomic.h"
#include "qemu/bitmap.h"
#include "qemu/cutils.h"
#include "system/ramblock.h"

/* Alignment of anonymous RAM, so that transparent huge pages can back it. */
#define RAM_ANON_ALIGN (2 * 1024 * 1024ULL)

/* Blocks in creation order; written by the main thread at set-up only. */
RAMBlock *ram_list_head;

/*
 * The guest-physical map: every window of every block, sorted by gpa.
 * Written by the main thread at machine set-up (and teardown), read by
 * any thread once the machine is built.
 */
typedef struct PhysWindow {
    uint64_t gpa;
    uint64_t len;
    uint64_t offset;            /* in the block */
    RAMBlock *rb;
} PhysWindow;

static PhysWindow *phys_map;
static size_t phys_map_n;

/*
 * Allocation
 */

RAMBlock *qemu_ram_block_by_name(const char *name)
{
    RAMBlock *rb;

    RAMBLOCK_FOREACH(rb) {
        if (!strcmp(rb->idstr, name)) {
            return rb;
        }
    }
    return NULL;
}

static bool ram_check_idstr(RAMBlock *self, const char *idstr, Error **errp)
{
    RAMBlock *other;

    if (!idstr || !idstr[0]) {
        error_setg(errp, "RAM block name must not be empty");
        return false;
    }
    if (strlen(idstr) >= sizeof(self->idstr)) {
        error_setg(errp, "RAM block name '%s' is too long", idstr);
        return false;
    }
    other = qemu_ram_block_by_name(idstr);
    if (other && other != self) {
        error_setg(errp, "RAM block '%s' already exists", idstr);
        return false;
    }
    return true;
}

/* The lowest ram_addr offset at which @size bytes fit between blocks. */
static uint64_t ram_find_offset(uint64_t size)
{
    uint64_t candidate = 0;
    bool moved;

    /* Few blocks: retry until no block overlaps the candidate range. */
    do {
        RAMBlock *rb;

        moved = false;
        RAMBLOCK_FOREACH(rb) {
            uint64_t end = rb->offset + rb->max_length;

            if (candidate < end && rb->offset < candidate + size) {
                candidate = QEMU_ALIGN_UP(end, TARGET_PAGE_SIZE);
                moved = true;
            }
        }
    } while (moved);
    return candidate;
}

static void *ram_anon_mmap(uint64_t size, Error **errp)
{
    uint64_t total = size + RAM_ANON_ALIGN;
    uint8_t *base, *aligned;

    base = mmap(NULL, total, PROT_READ | PROT_WRITE,
                MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
    if (base == MAP_FAILED) {
        error_setg_errno(errp, errno,
                         "cannot set up guest memory: mmap of %" PRIu64
                         " bytes failed", size);
        return NULL;
    }
    /* Trim the reservation to a 2 MiB-aligned range of @size bytes. */
    aligned = (uint8_t *)QEMU_ALIGN_UP((uintptr_t)base, RAM_ANON_ALIGN);
    if (aligned > base) {
        munmap(base, aligned - base);
    }
    if (base + total > aligned + size) {
        munmap(aligned + size, base + total - (aligned + size));
    }
#ifdef MADV_HUGEPAGE
    madvise(aligned, size, MADV_HUGEPAGE);
#endif
    return aligned;
}

RAMBlock *qemu_ram_alloc(const char *idstr, uint64_t size, void *host,
                         int fd, uint32_t flags, uint64_t page_size,
                         Error **errp)
{
    RAMBlock *rb, **tail;
    uint64_t pages;
    int i;

    if (!ram_check_idstr(NULL, idstr, errp)) {
        return NULL;
    }
    if (size == 0) {
        error_setg(errp, "RAM block '%s' has size 0", idstr);
        return NULL;
    }
    if (host && !QEMU_IS_ALIGNED(size, TARGET_PAGE_SIZE)) {
        error_setg(errp, "RAM block '%s': size 0x%" PRIx64
                   " is not a multiple of the target page size", idstr, size);
        return NULL;
    }
    if (!page_size) {
        page_size = getpagesize();
    }

    rb = g_new0(RAMBlock, 1);
    pstrcpy(rb->idstr, sizeof(rb->idstr), idstr);
    rb->fd = fd;
    rb->page_size = page_size;
    rb->gpa = UINT64_MAX;
    rb->flags = flags;
    if (host) {
        rb->host = host;
        rb->flags |= RAM_PREALLOC;
    } else {
        size = QEMU_ALIGN_UP(size, MAX(page_size, TARGET_PAGE_SIZE));
        rb->host = ram_anon_mmap(size, errp);
        if (!rb->host) {
            g_free(rb);
            return NULL;
        }
        rb->flags &= ~RAM_PREALLOC;
    }
    rb->used_length = size;
    rb->max_length = size;
    rb->offset = ram_find_offset(size);

    /* Every page is dirty until first sent, as in QEMU. */
    pages = size >> TARGET_PAGE_BITS;
    for (i = 0; i < DIRTY_MEMORY_NUM; i++) {
        rb->dirty[i] = bitmap_new(pages);
        bitmap_set(rb->dirty[i], 0, pages);
    }

    /*
     * Insert before the first smaller block: QEMU keeps its list sorted
     * by max_length, largest first (equal sizes in creation order), and
     * the RAM setup section lists blocks in that order.  The list
     * changes only during machine set-up, before other threads walk it;
     * the release store still orders the block's fields before its
     * publication.
     */
    tail = &ram_list_head;
    while (*tail && (*tail)->max_length >= rb->max_length) {
        tail = &(*tail)->next;
    }
    rb->next = *tail;
    qatomic_store_release(tail, rb);
    return rb;
}

bool qemu_ram_set_idstr(RAMBlock *rb, const char *idstr, Error **errp)
{
    if (!ram_check_idstr(rb, idstr, errp)) {
        return false;
    }
    pstrcpy(rb->idstr, sizeof(rb->idstr), idstr);
    return true;
}

static void phys_map_remove_block(RAMBlock *rb)
{
    size_t i, j = 0;

    for (i = 0; i < phys_map_n; i++) {
        if (phys_map[i].rb != rb) {
            phys_map[j++] = phys_map[i];
        }
    }
    phys_map_n = j;
}

void qemu_ram_free(RAMBlock *rb)
{
    RAMBlock **p;
    int i;

    if (!rb) {
        return;
    }
    for (p = &ram_list_head; *p; p = &(*p)->next) {
        if (*p == rb) {
            *p = rb->next;
            break;
        }
    }
    phys_map_remove_block(rb);
    if (!(rb->flags & RAM_PREALLOC)) {
        munmap(rb->host, rb->max_length);
    }
    for (i = 0; i < DIRTY_MEMORY_NUM; i++) {
        g_free(rb->dirty[i]);
    }
    g_free(rb->bmap);
    g_free(rb->receivedmap);
    g_free(rb);
}

RAMBlock *qemu_ram_block_from_addr(uint64_t ram_addr, uint64_t *offset)
{
    RAMBlock *rb;

    RAMBLOCK_FOREACH(rb) {
        if (ram_addr >= rb->offset && ram_addr - rb->offset < rb->max_length) {
            if (offset) {
                *offset = ram_addr - rb->offset;
            }
            return rb;
        }
    }
    return NULL;
}

int qemu_ram_foreach_block(RAMBlockIterFunc func, void *opaque)
{
    RAMBlock *rb;
    int ret;

    RAMBLOCK_FOREACH(rb) {
        ret = func(rb, opaque);
        if (ret) {
            return ret;
        }
    }
    return 0;
}

uint64_t ram_bytes_total(void)
{
    RAMBlock *rb;
    uint64_t total = 0;

    RAMBLOCK_FOREACH(rb) {
        total += rb->used_length;
    }
    return total;
}

/*
 * Dirty tracking
 */

void ramblock_set_dirty(RAMBlock *rb, uint64_t offset, uint64_t len)
{
    uint64_t first, last;
    int i;

    if (!len || offset >= rb->max_length) {
        return;
    }
    len = MIN(len, rb->max_length - offset);
    first = offset >> TARGET_PAGE_BITS;
    last = (offset + len - 1) >> TARGET_PAGE_BITS;
    for (i = 0; i < DIRTY_MEMORY_NUM; i++) {
        /* Starts with a full barrier: the data is visible before the bits. */
        bitmap_set_atomic(rb->dirty[i], first, last - first + 1);
    }
}

uint64_t ramblock_sync_dirty(RAMBlock *rb, DirtyMemoryClient client,
                             unsigned long *dest, uint64_t start,
                             uint64_t npages)
{
    unsigned long *src = rb->dirty[client];
    uint64_t max_pages = rb->max_length >> TARGET_PAGE_BITS;
    uint64_t end, page, newly = 0;
    bool cleared = false;

    if (start >= max_pages) {
        return 0;
    }
    end = start + MIN(npages, max_pages - start);

    /*
     * One word at a time, no lock: a plain read skips clean words
     * without dirtying the cache line; a dirty word is taken with one
     * atomic exchange (or fetch-and for the partial words at the ends),
     * so a bit set concurrently is either taken now or left for the
     * next sync, never lost.
     */
    for (page = start; page < end;) {
        uint64_t w = page / BITS_PER_LONG;
        unsigned int bit = page % BITS_PER_LONG;
        uint64_t n = MIN(BITS_PER_LONG - bit, end - page);
        unsigned long mask, bits;

        mask = n == BITS_PER_LONG ? ~0UL : ((1UL << n) - 1) << bit;
        if (qatomic_read(&src[w]) & mask) {
            if (mask == ~0UL) {
                bits = qatomic_xchg(&src[w], 0);
            } else {
                bits = qatomic_fetch_and(&src[w], ~mask) & mask;
            }
            newly += ctpopl(bits & ~dest[w]);
            dest[w] |= bits;
            cleared = true;
        }
        page += n;
    }
    if (cleared) {
        /*
         * Pairs with the barrier at the start of bitmap_set_atomic(): the
         * caller reads the pages' data only after taking their bits.
         */
        smp_mb();
    }
    return newly;
}

/*
 * The guest-physical map
 */

/* Index of the first window whose end lies above @gpa. */
static size_t phys_map_search(uint64_t gpa)
{
    size_t lo = 0, hi = phys_map_n;

    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;

        if (phys_map[mid].gpa + phys_map[mid].len <= gpa) {
            lo = mid + 1;
        } else {
            hi = mid;
        }
    }
    return lo;
}

bool qemu_ram_map_window(RAMBlock *rb, uint64_t gpa, uint64_t offset,
                         uint64_t len, Error **errp)
{
    size_t i;

    if (!len || offset >= rb->max_length || len > rb->max_length - offset) {
        error_setg(errp, "RAM block '%s': window [0x%" PRIx64 ", +0x%" PRIx64
                   ") is outside the block", rb->idstr, offset, len);
        return false;
    }
    if (!QEMU_IS_ALIGNED(gpa | offset | len, TARGET_PAGE_SIZE) ||
        gpa + len < gpa) {
        error_setg(errp, "RAM block '%s': window at 0x%" PRIx64
                   " is not page aligned", rb->idstr, gpa);
        return false;
    }
    if (rb->nr_windows >= RAMBLOCK_MAX_WINDOWS) {
        error_setg(errp, "RAM block '%s' is already mapped %d times",
                   rb->idstr, RAMBLOCK_MAX_WINDOWS);
        return false;
    }
    i = phys_map_search(gpa);
    if (i < phys_map_n && phys_map[i].gpa < gpa + len) {
        error_setg(errp, "RAM block '%s' at 0x%" PRIx64
                   " overlaps RAM block '%s' at 0x%" PRIx64, rb->idstr, gpa,
                   phys_map[i].rb->idstr, phys_map[i].gpa);
        return false;
    }

    phys_map = g_renew(PhysWindow, phys_map, phys_map_n + 1);
    memmove(&phys_map[i + 1], &phys_map[i],
            (phys_map_n - i) * sizeof(*phys_map));
    phys_map[i] = (PhysWindow) {
        .gpa = gpa, .len = len, .offset = offset, .rb = rb,
    };
    phys_map_n++;

    rb->windows[rb->nr_windows++] = (RAMWindow) {
        .gpa = gpa, .offset = offset, .len = len,
    };
    if (rb->nr_windows == 1) {
        rb->gpa = gpa;
    }
    return true;
}

void qemu_ram_map(RAMBlock *rb, uint64_t gpa)
{
    qemu_ram_map_window(rb, gpa, 0, rb->used_length, &error_abort);
}

/*
 * The window holding @gpa, or NULL; *@avail is set to the bytes from
 * @gpa to the end of that window, or (when unmapped) to the start of
 * the next window (UINT64_MAX - @gpa + 1 clipped: "the rest").
 */
static PhysWindow *phys_lookup(uint64_t gpa, uint64_t *avail)
{
    size_t i = phys_map_search(gpa);

    if (i < phys_map_n && phys_map[i].gpa <= gpa) {
        *avail = phys_map[i].gpa + phys_map[i].len - gpa;
        return &phys_map[i];
    }
    *avail = i < phys_map_n ? phys_map[i].gpa - gpa : UINT64_MAX - gpa;
    if (*avail == 0) {
        *avail = 1;
    }
    return NULL;
}

typedef enum {
    AS_READ,
    AS_WRITE,
    AS_SET,
} AccessKind;

static void address_space_access(uint64_t gpa, uint8_t *buf, uint8_t byte,
                                 uint64_t len, AccessKind kind)
{
    while (len) {
        uint64_t avail;
        PhysWindow *w = phys_lookup(gpa, &avail);
        uint64_t n = MIN(len, avail);

        if (!w) {
            /* Unassigned memory: reads give all ones, writes vanish. */
            if (kind == AS_READ) {
                memset(buf, 0xff, n);
            }
        } else {
            RAMBlock *rb = w->rb;
            uint64_t off = w->offset + (gpa - w->gpa);

            switch (kind) {
            case AS_READ:
                memcpy(buf, rb->host + off, n);
                break;
            case AS_WRITE:
            case AS_SET:
                if (rb->flags & RAM_READONLY) {
                    break;
                }
                if (kind == AS_WRITE) {
                    memcpy(rb->host + off, buf, n);
                } else {
                    memset(rb->host + off, byte, n);
                }
                ramblock_set_dirty(rb, off, n);
                break;
            }
        }
        gpa += n;
        len -= n;
        if (buf) {
            buf += n;
        }
    }
}

void address_space_write(uint64_t gpa, const void *buf, uint64_t len)
{
    address_space_access(gpa, (uint8_t *)buf, 0, len, AS_WRITE);
}

void address_space_read(uint64_t gpa, void *buf, uint64_t len)
{
    address_space_access(gpa, buf, 0, len, AS_READ);
}

void address_space_set(uint64_t gpa, uint8_t byte, uint64_t len)
{
    address_space_access(gpa, NULL, byte, len, AS_SET);
}

void *address_space_map(uint64_t gpa, uint64_t *len)
{
    uint64_t avail;
    PhysWindow *w = phys_lookup(gpa, &avail);

    if (!w || !*len) {
        *len = 0;
        return NULL;
    }
    *len = MIN(*len, avail);
    return w->rb->host + w->offset + (gpa - w->gpa);
}

void address_space_mark_dirty(uint64_t gpa, uint64_t len)
{
    while (len) {
        uint64_t avail;
        PhysWindow *w = phys_lookup(gpa, &avail);
        uint64_t n = MIN(len, avail);

        if (w) {
            ramblock_set_dirty(w->rb, w->offset + (gpa - w->gpa), n);
        }
        gpa += n;
        len -= n;
    }
}
