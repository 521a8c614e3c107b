/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * RAM migration: the "ram" live section (instance 0, version 4) that
 * moves every RAMBlock's pages, and the figures query-migrate shows
 * about it.  Wire format: /work/shared/spec/wire-format.md section 3.
 *
 * Threads: the SaveVMHandlers run in the migration thread (source) and
 * the incoming thread (destination), which own the RAM state between
 * setup and cleanup.  ram_bytes_remaining(), ram_fill_info() and
 * ram_get_total_transferred_pages() read atomics: any thread.
 * Owner: migration/ram.c.
 */
#ifndef MIGRATION_RAM_H
#define MIGRATION_RAM_H

#include "qapi/qapi-types-migration.h"
#include "system/ramblock.h"

/* Section version of "ram"; any other is refused on load. */
#define RAM_SECTION_VERSION 4

/*
 * Record flags: the low bits of each record's be64 word, the page's
 * byte offset in its block being the rest (wire-format.md 3.1).
 */
#define RAM_SAVE_FLAG_FULL 0x001            /* obsolete, refused */
#define RAM_SAVE_FLAG_ZERO 0x002
#define RAM_SAVE_FLAG_MEM_SIZE 0x004
#define RAM_SAVE_FLAG_PAGE 0x008
#define RAM_SAVE_FLAG_EOS 0x010
#define RAM_SAVE_FLAG_CONTINUE 0x020
#define RAM_SAVE_FLAG_XBZRLE 0x040
#define RAM_SAVE_FLAG_HOOK 0x080            /* RDMA only */
#define RAM_SAVE_FLAG_COMPRESS_PAGE 0x100   /* removed in 9.1 */
#define RAM_SAVE_FLAG_MULTIFD_FLUSH 0x200

/* The one byte of an XBZRLE record's header. */
#define RAM_XBZRLE_ENCODING 0x01

/*
 * Pages handed out by one scan step, all of one block; each batch is
 * one flush of the main stream (one writev of up to 512 KiB of pages).
 */
#define RAM_BATCH_PAGES 128

/*
 * A batch of dirty pages of one block, ascending, already taken out of
 * the block's bmap.  This is the unit a sender consumes: today
 * ram_save_batch() writes it to the main stream; with multifd the
 * non-zero pages of a batch go to a channel instead.
 */
typedef struct RAMPageBatch {
    RAMBlock *block;
    unsigned int num;
    uint64_t pages[RAM_BATCH_PAGES];    /* page indices within block */
} RAMPageBatch;

/*
 * Register the "ram" section handlers.  Main thread, BQL, once at
 * start-up (migration_object_init() or vl.c); later calls do nothing.
 */
void ram_mig_init(void);

/*
 * Dirty bytes still to send by the current outgoing migration (0 when
 * none runs).  Any thread.
 */
uint64_t ram_bytes_remaining(void);

/* Zero plus normal pages sent so far (for pages-per-second).  Any thread. */
uint64_t ram_get_total_transferred_pages(void);

/*
 * Fill @info (query-migrate's "ram" member) from the statistics: every
 * field except mbps and pages_per_second, which the migration thread
 * measures (the caller copies its own figures in).  With @completed,
 * remaining and dirty_pages_rate are 0 as QEMU reports them after the
 * end.  Any thread.
 */
void ram_fill_info(MigrationStats *info, bool completed);

#endif /* MIGRATION_RAM_H */
