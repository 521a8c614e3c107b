/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * RAMBlocks: the host memory behind guest RAM, with the dirty bitmaps
 * that migration reads.
 *
 * Lifetime and threads: blocks are created during machine set-up (main
 * thread, BQL) and never removed or resized afterwards while the VM
 * exists, so any thread may walk the list and read a block's fixed
 * fields without a lock.  Dirty bits are set and cleared with atomic
 * word operations by any thread (writers of guest memory, the
 * migration thread), never under a lock.
 * Owner: system/physmem.c.  Design: docs/devel/memory.md.
 */
#ifndef SYSTEM_RAMBLOCK_H
#define SYSTEM_RAMBLOCK_H

#include "qemu/bitmap.h"

/* Target page size of x86_64 (the unit of dirty tracking and migration). */
#define TARGET_PAGE_BITS 12
#define TARGET_PAGE_SIZE (1ULL << TARGET_PAGE_BITS)
#define TARGET_PAGE_MASK (~(TARGET_PAGE_SIZE - 1))

/* Dirty-memory clients: who a dirty bit is for. */
typedef enum {
    DIRTY_MEMORY_MIGRATION,
    DIRTY_MEMORY_NUM,
} DirtyMemoryClient;

/* RAMBlock flags. */
#define RAM_SHARED     (1 << 1)  /* MAP_SHARED (share=on, memfd) */
#define RAM_PREALLOC   (1 << 0)  /* memory provided by the caller */
#define RAM_FILE       (1 << 2)  /* backed by fd (file or memfd) */
#define RAM_READONLY   (1 << 3)  /* mapped read-only: guest writes dropped */

/*
 * A guest-physical window onto a block: block bytes [@offset, @offset +
 * @len) appear at [@gpa, @gpa + @len).  A block has at most
 * RAMBLOCK_MAX_WINDOWS of them (x86 RAM split below and above 4 GiB).
 */
typedef struct RAMWindow {
    uint64_t gpa;
    uint64_t offset;
    uint64_t len;
} RAMWindow;
#define RAMBLOCK_MAX_WINDOWS 2

typedef struct RAMBlock RAMBlock;
struct RAMBlock {
    /* Fixed once created. */
    char idstr[256];        /* "pc.ram", "ram", or the backend's id */
    uint8_t *host;          /* host mapping of max_length bytes */
    uint64_t used_length;   /* bytes in use (what migration sends) */
    uint64_t max_length;
    uint64_t page_size;     /* host page size of the mapping */
    uint64_t offset;        /* position in the ram_addr space */
    uint64_t gpa;           /* windows[0].gpa, or UINT64_MAX if unmapped */
    unsigned nr_windows;    /* guest-physical windows (0 = unmapped) */
    RAMWindow windows[RAMBLOCK_MAX_WINDOWS];
    int fd;                 /* backing fd, or -1 */
    uint32_t flags;
    struct Object *mr_owner; /* the backend object, or NULL */

    /*
     * One bit per target page, per DirtyMemoryClient; set by
     * ramblock_set_dirty() (any thread, atomic), read and cleared by
     * the client (atomic test-and-clear).
     */
    unsigned long *dirty[DIRTY_MEMORY_NUM];

    /* Migration's own state (owned by migration/ram.c). */
    unsigned long *bmap;       /* pages still to send */
    unsigned long *receivedmap; /* destination: pages received */

    RAMBlock *next;         /* in ram_list_head; fixed after machine init */
};

/* Pages of @rb. */
static inline uint64_t ramblock_pages(const RAMBlock *rb)
{
    return rb->used_length >> TARGET_PAGE_BITS;
}

/*
 * Create a block named @idstr over @host (@size bytes, which the caller
 * mapped: a backend) or, with @host NULL, over fresh anonymous memory.
 * Errors: a duplicate idstr ("RAM block '%s' already exists" -- our
 * text), a size of 0.  The dirty bitmaps start all set (every page is
 * dirty until first sent), as QEMU's.
 */
RAMBlock *qemu_ram_alloc(const char *idstr, uint64_t size, void *host,
                         int fd, uint32_t flags, uint64_t page_size,
                         Error **errp);

/* Remove @rb and unmap what it allocated itself (machine teardown). */
void qemu_ram_free(RAMBlock *rb);

RAMBlock *qemu_ram_block_by_name(const char *name);
/* The block whose ram_addr range holds @ram_addr, or NULL. */
RAMBlock *qemu_ram_block_from_addr(uint64_t ram_addr, uint64_t *offset);

/*
 * Iterate over blocks, largest max_length first, equal sizes in creation
 * order: QEMU's order (fixed after machine init).
 */
typedef int RAMBlockIterFunc(RAMBlock *rb, void *opaque);
int qemu_ram_foreach_block(RAMBlockIterFunc func, void *opaque);
extern RAMBlock *ram_list_head;
#define RAMBLOCK_FOREACH(rb) for ((rb) = ram_list_head; (rb); (rb) = (rb)->next)

/* Total used_length of every block. */
uint64_t ram_bytes_total(void);

/* Mark [@offset, @offset + @len) of @rb dirty for every client (atomic). */
void ramblock_set_dirty(RAMBlock *rb, uint64_t offset, uint64_t len);

/*
 * Move the dirty bits of @client for pages [@start, @start + @npages) of
 * @rb into @dest (OR), clearing them in @rb atomically; returns how many
 * bits were newly set in @dest.
 */
uint64_t ramblock_sync_dirty(RAMBlock *rb, DirtyMemoryClient client,
                             unsigned long *dest, uint64_t start,
                             uint64_t npages);

/*
 * Map all of @rb at guest-physical @gpa (machine init, before the VM
 * runs; main thread).  An overlap with another window is a bug (abort).
 */
void qemu_ram_map(RAMBlock *rb, uint64_t gpa);

/*
 * Map bytes [@offset, @offset + @len) of @rb at guest-physical @gpa as
 * one more window of @rb (machine init, main thread).  Fails on an
 * empty or out-of-block range, unaligned values (target pages), a
 * window overlapping another one, or more than RAMBLOCK_MAX_WINDOWS.
 */
bool qemu_ram_map_window(RAMBlock *rb, uint64_t gpa, uint64_t offset,
                         uint64_t len, Error **errp);

/*
 * Rename @rb (a backend whose block becomes machine RAM under another
 * name; main thread, before migration can see it).  Fails like
 * qemu_ram_alloc() on a duplicate or over-long name.
 */
bool qemu_ram_set_idstr(RAMBlock *rb, const char *idstr, Error **errp);

/*
 * The one path by which devices and qtest touch guest memory: copies
 * to/from guest-physical addresses, splitting across blocks.  Writes
 * mark the pages dirty.  Addresses outside any block: writes are
 * dropped, reads give 0xff bytes (unassigned memory), as QEMU does.
 * Writes to a RAM_READONLY block are dropped too (ROM).
 * Any thread; the window table is fixed once the machine is built.
 */
void address_space_write(uint64_t gpa, const void *buf, uint64_t len);
void address_space_read(uint64_t gpa, void *buf, uint64_t len);
void address_space_set(uint64_t gpa, uint8_t byte, uint64_t len);

/*
 * The host pointer of guest-physical [@gpa, @gpa + *@len) inside one
 * block, shortening *@len to what is contiguous; NULL if unmapped.
 */
void *address_space_map(uint64_t gpa, uint64_t *len);

/*
 * Mark guest-physical [@gpa, @gpa + @len) dirty (for whoever wrote
 * through address_space_map()); unmapped parts are ignored.
 */
void address_space_mark_dirty(uint64_t gpa, uint64_t len);

#endif /* SYSTEM_RAMBLOCK_H */
