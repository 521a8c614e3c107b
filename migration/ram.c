/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * RAM migration: the "ram" live section.  Source: the block list
 * (setup), dirty pages found a bitmap word at a time and sent in
 * batches (iterate, complete), dirty-bitmap syncs; destination: the
 * record decoder, which checks every record before touching memory.
 * Wire format: /work/shared/spec/wire-format.md section 3.
 */
#include "qemu/osdep.h"
#include <linux/magic.h>
#include <sys/mman.h>
#include <sys/vfs.h>
#include "qapi/error.h"
#include "qapi/qapi-events-migration.h"
#include "qemu/bitmap.h"
#include "qemu/cutils.h"
#include "migration/migration-stats.h"
#include "migration/multifd.h"
#include "migration/options.h"
#include "migration/qemu-file.h"
#include "migration/ram.h"
#include "migration/savevm.h"

/* A PART section ends after this much work even below the rate limit. */
#define RAM_ITERATE_MAX_MS 50

/* Pages the destination faults in with one madvise (tmpfs blocks). */
#define RAM_LOAD_PREFAULT_PAGES 64

/* Source side. */
typedef struct RAMSaveState {
    /* Migration thread only, between save_setup and save_cleanup. */
    bool active;
    RAMBlock *scan_block;       /* where the dirty scan resumes; NULL: wrap */
    uint64_t scan_page;
    RAMBlock *last_sent_block;  /* CONTINUE rule of the main channel */
    unsigned int nr_blocks;
    uint64_t rounds;            /* wraps of the scan (completed passes) */
    int64_t period_start_ms;    /* dirty-rate measurement period */
    uint64_t period_dirty_pages;
    RAMPageBatch batch;

    /*
     * Atomic: written by the migration thread only (added at syncs,
     * subtracted as batches are taken), read by query-migrate.  Always
     * equal to the number of bits set in all bmaps when the migration
     * thread is between two steps.
     */
    uint64_t dirty_pages;
} RAMSaveState;

/* Destination side: incoming thread only, between load_setup and cleanup. */
typedef struct RAMLoadState {
    RAMBlock *last_block;       /* CONTINUE rule of the main channel */
    /* ram_load_prefault(): its block, whether it qualifies, done range */
    RAMBlock *prefault_block;
    bool prefault_ok;
    uint64_t prefault_start, prefault_end;
    uint8_t scratch[TARGET_PAGE_SIZE];  /* XBZRLE data, read-only blocks */
} RAMLoadState;

/* The opaque of the "ram" entry: the one instance of each side. */
typedef struct RAMMigration {
    RAMSaveState save;
    RAMLoadState load;
} RAMMigration;

static RAMMigration ram_migration;

/*
 * Blocks x-ignore-shared leaves out: shared file mappings, which the
 * destination maps from the same file.  They are listed in the setup
 * section but their pages are never sent.
 */
static bool ramblock_is_ignored(const RAMBlock *rb)
{
    return migrate_ignore_shared() && (rb->flags & RAM_SHARED) &&
           (rb->flags & RAM_FILE);
}

/* The address QEMU sends for a block: its memory region's base. */
static uint64_t ramblock_region_addr(const RAMBlock *rb)
{
    return rb->gpa == UINT64_MAX ? 0 : rb->gpa;
}

/* Whether the setup section carries @rb's page size (postcopy, hugepages). */
static bool ramblock_sends_page_size(const RAMBlock *rb)
{
    uint64_t base = MAX((uint64_t)getpagesize(), TARGET_PAGE_SIZE);

    return migrate_postcopy_ram() && rb->page_size != base;
}

static uint64_t ramblock_bmap_bits(const RAMBlock *rb)
{
    return rb->max_length >> TARGET_PAGE_BITS;
}

/*
 * Statistics
 */

uint64_t ram_bytes_remaining(void)
{
    return qatomic_read(&ram_migration.save.dirty_pages) * TARGET_PAGE_SIZE;
}

uint64_t ram_get_total_transferred_pages(void)
{
    return qatomic_read(&mig_stats.normal_pages) +
           qatomic_read(&mig_stats.zero_pages);
}

void ram_fill_info(MigrationStats *info, bool completed)
{
    uint64_t normal = qatomic_read(&mig_stats.normal_pages);

    info->transferred = migration_transferred_bytes();
    info->total = ram_bytes_total();
    info->duplicate = qatomic_read(&mig_stats.zero_pages);
    info->normal = normal;
    info->normal_bytes = normal * TARGET_PAGE_SIZE;
    info->dirty_sync_count = qatomic_read(&mig_stats.dirty_sync_count);
    info->dirty_sync_missed_zero_copy =
        qatomic_read(&mig_stats.dirty_sync_missed_zero_copy);
    info->postcopy_requests = qatomic_read(&mig_stats.postcopy_requests);
    info->page_size = TARGET_PAGE_SIZE;
    info->multifd_bytes = qatomic_read(&mig_stats.multifd_bytes);
    info->precopy_bytes = qatomic_read(&mig_stats.precopy_bytes);
    info->downtime_bytes = qatomic_read(&mig_stats.downtime_bytes);
    info->postcopy_bytes = qatomic_read(&mig_stats.postcopy_bytes);
    if (completed) {
        info->remaining = 0;
        info->dirty_pages_rate = 0;
    } else {
        info->remaining = ram_bytes_remaining();
        info->dirty_pages_rate = qatomic_read(&mig_stats.dirty_pages_rate);
    }
}

/*
 * Source: dirty bitmaps
 */

/*
 * Pull every block's dirty log into its bmap (one pass of
 * ramblock_sync_dirty(), a word at a time, no lock), count the sync,
 * measure the dirty rate once a second, send MIGRATION_PASS.
 */
static void ram_bitmap_sync(RAMSaveState *rs)
{
    uint64_t newly = 0, count;
    int64_t now;
    RAMBlock *rb;

    RAMBLOCK_FOREACH(rb) {
        if (rb->bmap && !ramblock_is_ignored(rb)) {
            newly += ramblock_sync_dirty(rb, DIRTY_MEMORY_MIGRATION, rb->bmap,
                                         0, ramblock_pages(rb));
        }
    }
    qatomic_add(&rs->dirty_pages, newly);
    rs->period_dirty_pages += newly;
    count = qatomic_add_fetch(&mig_stats.dirty_sync_count, 1);

    now = g_get_monotonic_time() / 1000;
    if (now > rs->period_start_ms + 1000) {
        qatomic_set(&mig_stats.dirty_pages_rate,
                    rs->period_dirty_pages * 1000 /
                    (uint64_t)(now - rs->period_start_ms));
        rs->period_start_ms = now;
        rs->period_dirty_pages = 0;
    }
    qatomic_set(&mig_stats.dirty_bytes_last_sync, ram_bytes_remaining());
    if (migrate_events()) {
        qapi_event_send_migration_pass(count);
    }
}

static void ram_free_bitmaps(void)
{
    RAMBlock *rb;

    RAMBLOCK_FOREACH(rb) {
        g_clear_pointer(&rb->bmap, g_free);
    }
}

/* Every page of every sent block is dirty: the first pass sends all. */
static bool ram_init_bitmaps(RAMSaveState *rs, Error **errp)
{
    uint64_t pages = 0;
    RAMBlock *rb;

    rs->nr_blocks = 0;
    RAMBLOCK_FOREACH(rb) {
        g_free(rb->bmap);
        rb->bmap = bitmap_try_new(ramblock_bmap_bits(rb));
        if (!rb->bmap) {
            error_setg(errp, "ram: out of memory for the dirty bitmap of "
                       "RAM block '%s'", rb->idstr);
            ram_free_bitmaps();
            return false;
        }
        if (!ramblock_is_ignored(rb)) {
            bitmap_set(rb->bmap, 0, ramblock_pages(rb));
            pages += ramblock_pages(rb);
        }
        rs->nr_blocks++;
    }
    qatomic_set(&rs->dirty_pages, pages);
    rs->period_start_ms = g_get_monotonic_time() / 1000;
    rs->period_dirty_pages = 0;
    /* Clears the dirty log: what was set before is in bmap already. */
    ram_bitmap_sync(rs);
    return true;
}

/*
 * Move up to RAM_BATCH_PAGES dirty pages of @b->block, from
 * rs->scan_page on, out of its bmap into @b, a bitmap word at a time;
 * advance rs->scan_page past the last one taken.
 */
static void ram_take_dirty(RAMSaveState *rs, RAMPageBatch *b)
{
    unsigned long *map = b->block->bmap;
    uint64_t npages = ramblock_pages(b->block);
    uint64_t page = rs->scan_page;

    while (b->num < RAM_BATCH_PAGES) {
        uint64_t w, word_end;
        unsigned long bits, taken = 0;

        page = find_next_bit(map, npages, page);
        if (page >= npages) {
            break;
        }
        w = page / BITS_PER_LONG;
        word_end = MIN((w + 1) * BITS_PER_LONG, npages);
        bits = map[w] & BITMAP_FIRST_WORD_MASK(page);
        while (bits && b->num < RAM_BATCH_PAGES) {
            unsigned int bit = ctzl(bits);
            uint64_t p = w * BITS_PER_LONG + bit;

            if (p >= word_end) {
                break;
            }
            b->pages[b->num++] = p;
            taken |= 1UL << bit;
            bits &= bits - 1;
            page = p + 1;
        }
        map[w] &= ~taken;
        if (!taken) {
            page = word_end;
        }
    }
    rs->scan_page = MIN(page, npages);
}

/*
 * Source: records
 */

/*
 * Write the be64 word of a ZERO or PAGE record for @offset of @rb, with
 * the block's name unless it is the one named last on this channel
 * (then CONTINUE).  Returns the bytes written.
 */
static size_t ram_put_record_header(RAMSaveState *rs, QEMUFile *f,
                                    RAMBlock *rb, uint64_t offset,
                                    uint64_t flags)
{
    size_t len;

    if (rb == rs->last_sent_block) {
        qemu_put_be64(f, offset | flags | RAM_SAVE_FLAG_CONTINUE);
        return 8;
    }
    len = strlen(rb->idstr);
    qemu_put_be64(f, offset | flags);
    qemu_put_byte(f, len);
    qemu_put_buffer(f, (const uint8_t *)rb->idstr, len);
    rs->last_sent_block = rb;
    return 9 + len;
}

/*
 * Send the pages of @b on the main stream: a ZERO record for each page
 * that is all zeros (unless zero-page-detection is none), else a PAGE
 * record whose data is queued by reference.  Each page is read once
 * here (the zero check) and once by the kernel at the flush that ends
 * the batch, while it is still in cache.  @downtime: the VM is stopped
 * (bytes count as downtime-bytes).  Returns 0 or the stream's error.
 *
 * With multifd, ram_save_batch_multifd() does this instead.
 */
static int ram_save_batch_main(RAMSaveState *rs, QEMUFile *f,
                               RAMPageBatch *b, bool downtime)
{
    RAMBlock *rb = b->block;
    bool detect = migrate_zero_page_detection() != ZERO_PAGE_DETECTION_NONE;
    uint64_t zero = 0, bytes = 0;
    unsigned int i;

    for (i = 0; i < b->num; i++) {
        uint64_t offset = b->pages[i] << TARGET_PAGE_BITS;
        const uint8_t *p = rb->host + offset;

        if (detect && buffer_is_zero(p, TARGET_PAGE_SIZE)) {
            bytes += ram_put_record_header(rs, f, rb, offset,
                                           RAM_SAVE_FLAG_ZERO);
            qemu_put_byte(f, 0);
            bytes++;
            zero++;
        } else {
            bytes += ram_put_record_header(rs, f, rb, offset,
                                           RAM_SAVE_FLAG_PAGE);
            qemu_put_buffer_async(f, p, TARGET_PAGE_SIZE);
            bytes += TARGET_PAGE_SIZE;
        }
    }
    qemu_fflush(f);

    qatomic_add(&mig_stats.zero_pages, zero);
    qatomic_add(&mig_stats.normal_pages, b->num - zero);
    qatomic_add(downtime ? &mig_stats.downtime_bytes
                         : &mig_stats.precopy_bytes, bytes);
    migration_stats_account_file(f);
    return qemu_file_get_error(f);
}

/*
 * Multifd: with zero-page-detection=legacy, zero pages still go to the
 * main stream as ZERO records (checked here, in the migration thread);
 * every other page is queued for the channels, whose threads count it
 * (and, with detection "multifd", find the zero pages themselves).
 */
static int ram_save_batch_multifd(RAMSaveState *rs, QEMUFile *f,
                                  RAMPageBatch *b, bool downtime)
{
    RAMBlock *rb = b->block;
    bool legacy = migrate_zero_page_detection() ==
                  ZERO_PAGE_DETECTION_LEGACY;
    uint64_t zero = 0, bytes = 0;
    unsigned int i;

    for (i = 0; i < b->num; i++) {
        uint64_t offset = b->pages[i] << TARGET_PAGE_BITS;

        if (legacy && buffer_is_zero(rb->host + offset, TARGET_PAGE_SIZE)) {
            bytes += ram_put_record_header(rs, f, rb, offset,
                                           RAM_SAVE_FLAG_ZERO);
            qemu_put_byte(f, 0);
            bytes++;
            zero++;
        } else if (!multifd_queue_page(rb, offset)) {
            return -EIO;
        }
    }
    if (zero) {
        qemu_fflush(f);
        qatomic_add(&mig_stats.zero_pages, zero);
        qatomic_add(downtime ? &mig_stats.downtime_bytes
                             : &mig_stats.precopy_bytes, bytes);
        migration_stats_account_file(f);
    }
    return qemu_file_get_error(f);
}

static int ram_save_batch(RAMSaveState *rs, QEMUFile *f, RAMPageBatch *b,
                          bool downtime)
{
    if (multifd_send_active()) {
        return ram_save_batch_multifd(rs, f, b, downtime);
    }
    return ram_save_batch_main(rs, f, b, downtime);
}

/* Multifd in per-round mode (not flushing after each section). */
static bool ram_multifd_per_round(void)
{
    return multifd_send_active() &&
           !migrate_multifd_flush_after_each_section();
}

/*
 * Multifd flush-and-sync (wire-format.md 4.6): SYNC on every channel,
 * and in per-round mode the MULTIFD_FLUSH record.  0 or -EIO.
 */
static int ram_multifd_sync(QEMUFile *f, bool flush_record, bool downtime)
{
    if (!multifd_send_flush_and_sync(f, flush_record)) {
        return -EIO;
    }
    if (flush_record) {
        qatomic_add(downtime ? &mig_stats.downtime_bytes
                             : &mig_stats.precopy_bytes, 8);
        migration_stats_account_file(f);
    }
    return qemu_file_get_error(f);
}

/*
 * A wrap: one pass over RAM is complete, the scan restarts at the first
 * block.  Per-round multifd syncs here, so that no older copy of a page
 * sent in this round can land after a newer one of the next.  Returns 0
 * or a negative errno.
 */
static int ram_scan_wrap(RAMSaveState *rs, QEMUFile *f, bool downtime)
{
    if (ram_multifd_per_round()) {
        int ret = ram_multifd_sync(f, true, downtime);

        if (ret < 0) {
            return ret;
        }
    }
    rs->scan_block = ram_list_head;
    rs->scan_page = 0;
    rs->rounds++;
    return 0;
}

/*
 * Find the next dirty pages (resuming where the last call stopped,
 * wrapping from the last block to the first) and send them as one
 * batch.  Returns the pages sent, 0 when nothing is dirty, or a
 * negative errno.
 */
static int ram_find_and_save_batch(RAMSaveState *rs, QEMUFile *f,
                                   bool downtime)
{
    RAMPageBatch *b = &rs->batch;
    unsigned int tries;
    int ret;

    if (!qatomic_read(&rs->dirty_pages)) {
        /*
         * Nothing dirty: QEMU finds that out by scanning through a wrap,
         * which in per-round multifd mode syncs the pages queued since
         * the last one.  Do the same wrap now.
         */
        if (ram_multifd_per_round() && multifd_send_unsynced()) {
            return ram_scan_wrap(rs, f, downtime);
        }
        return 0;
    }
    /* Starting mid-block, a full cycle visits nr_blocks + 1 blocks. */
    for (tries = 0; tries <= rs->nr_blocks; tries++) {
        if (!rs->scan_block) {
            ret = ram_scan_wrap(rs, f, downtime);
            if (ret < 0) {
                return ret;
            }
            if (!rs->scan_block) {
                break;
            }
        }
        b->block = rs->scan_block;
        b->num = 0;
        if (b->block->bmap && !ramblock_is_ignored(b->block)) {
            ram_take_dirty(rs, b);
        }
        if (b->num) {
            qatomic_sub(&rs->dirty_pages, b->num);
            ret = ram_save_batch(rs, f, b, downtime);
            return ret < 0 ? ret : (int)b->num;
        }
        rs->scan_block = rs->scan_block->next;
        rs->scan_page = 0;
    }
    /* The count was out of step with the bitmaps: nothing is left. */
    qatomic_set(&rs->dirty_pages, 0);
    return 0;
}

static int ram_put_eos(QEMUFile *f, bool downtime)
{
    /* Per-section multifd: every RAM section ends synced. */
    if (multifd_send_active() && migrate_multifd_flush_after_each_section()) {
        int ret = ram_multifd_sync(f, false, downtime);

        if (ret < 0) {
            return ret;
        }
    }
    qemu_put_be64(f, RAM_SAVE_FLAG_EOS);
    qemu_fflush(f);
    qatomic_add(downtime ? &mig_stats.downtime_bytes
                         : &mig_stats.precopy_bytes, 8);
    migration_stats_account_file(f);
    return qemu_file_get_error(f);
}

/*
 * Source: handlers
 */

static int ram_save_setup(QEMUFile *f, void *opaque, Error **errp)
{
    RAMSaveState *rs = &((RAMMigration *)opaque)->save;
    bool ignore_shared = migrate_ignore_shared();
    uint64_t total = 0, bytes = 8;
    RAMBlock *rb;
    int ret;

    if (!ram_init_bitmaps(rs, errp)) {
        return -ENOMEM;
    }
    rs->active = true;
    rs->scan_block = ram_list_head;
    rs->scan_page = 0;
    rs->last_sent_block = NULL;
    rs->rounds = 0;

    RAMBLOCK_FOREACH(rb) {
        total += rb->used_length;
    }
    qemu_put_be64(f, total | RAM_SAVE_FLAG_MEM_SIZE);
    RAMBLOCK_FOREACH(rb) {
        size_t len = strlen(rb->idstr);

        qemu_put_byte(f, len);
        qemu_put_buffer(f, (const uint8_t *)rb->idstr, len);
        qemu_put_be64(f, rb->used_length);
        bytes += 1 + len + 8;
        if (ramblock_sends_page_size(rb)) {
            qemu_put_be64(f, rb->page_size);
            bytes += 8;
        }
        if (ignore_shared) {
            qemu_put_be64(f, ramblock_region_addr(rb));
            bytes += 8;
        }
    }
    qatomic_add(&mig_stats.precopy_bytes, bytes);
    ret = 0;
    if (ram_multifd_per_round()) {
        ret = ram_multifd_sync(f, true, false);
    }
    if (ret == 0) {
        ret = ram_put_eos(f, false);
    }
    if (ret < 0) {
        error_setg_errno(errp, -ret, "ram: failed to write the setup section");
    }
    return ret;
}

static int ram_save_iterate(QEMUFile *f, void *opaque)
{
    RAMSaveState *rs = &((RAMMigration *)opaque)->save;
    int64_t start = g_get_monotonic_time();
    int done = 0;
    int ret;

    if (!rs->active) {
        return -EINVAL;
    }
    while (!migration_rate_limit_exceeded(f)) {
        int pages = ram_find_and_save_batch(rs, f, false);

        if (pages < 0) {
            return pages;
        }
        if (pages == 0) {
            done = 1;
            break;
        }
        if (g_get_monotonic_time() - start > RAM_ITERATE_MAX_MS * 1000) {
            break;
        }
    }
    ret = ram_put_eos(f, false);
    return ret < 0 ? ret : done;
}

static int ram_save_complete(QEMUFile *f, void *opaque)
{
    RAMSaveState *rs = &((RAMMigration *)opaque)->save;
    int pages;

    if (!rs->active) {
        return -EINVAL;
    }
    /* The VM is stopped: what is dirty now is the last of it. */
    ram_bitmap_sync(rs);
    do {
        pages = ram_find_and_save_batch(rs, f, true);
    } while (pages > 0);
    if (pages < 0) {
        return pages;
    }
    return ram_put_eos(f, true);
}

static void ram_pending(RAMSaveState *rs, uint64_t *must_precopy,
                        uint64_t *can_postcopy)
{
    uint64_t remaining = ram_bytes_remaining();

    if (migrate_postcopy_ram()) {
        *can_postcopy += remaining;
    } else {
        *must_precopy += remaining;
    }
}

static void ram_state_pending_estimate(void *opaque, uint64_t *must_precopy,
                                       uint64_t *can_postcopy)
{
    ram_pending(&((RAMMigration *)opaque)->save, must_precopy, can_postcopy);
}

static void ram_state_pending_exact(void *opaque, uint64_t *must_precopy,
                                    uint64_t *can_postcopy)
{
    RAMSaveState *rs = &((RAMMigration *)opaque)->save;

    if (rs->active) {
        ram_bitmap_sync(rs);
    }
    ram_pending(rs, must_precopy, can_postcopy);
}

static void ram_save_cleanup(void *opaque)
{
    RAMSaveState *rs = &((RAMMigration *)opaque)->save;

    ram_free_bitmaps();
    rs->active = false;
    rs->scan_block = NULL;
    rs->last_sent_block = NULL;
    qatomic_set(&rs->dirty_pages, 0);
}

/*
 * Destination
 */

static int ram_load_file_error(QEMUFile *f, Error **errp)
{
    Error *ferr = NULL;
    int ret = qemu_file_get_error_obj(f, &ferr);

    if (ret) {
        if (ferr) {
            error_setg(errp, "%s", error_get_pretty(ferr));
        } else {
            error_setg_errno(errp, -ret, "ram: stream error");
        }
    }
    return ret;
}

/* Read a counted string (1..255 bytes) into @name (256 bytes). */
static int ram_load_idstr(QEMUFile *f, char *name, Error **errp)
{
    uint8_t len = qemu_get_byte(f);

    qemu_get_buffer(f, (uint8_t *)name, len);
    name[len] = '\0';
    return ram_load_file_error(f, errp);
}

/*
 * The MEM_SIZE record: @total bytes worth of (name, length[, page
 * size][, address]) entries, each naming a local block of that length.
 */
static int ram_load_block_list(QEMUFile *f, uint64_t total, Error **errp)
{
    bool ignore_shared = migrate_ignore_shared();
    char name[256];

    while (total) {
        RAMBlock *rb;
        uint64_t length;
        int ret = ram_load_idstr(f, name, errp);

        if (ret) {
            return ret;
        }
        length = qemu_get_be64(f);
        ret = ram_load_file_error(f, errp);
        if (ret) {
            return ret;
        }
        rb = qemu_ram_block_by_name(name);
        if (!rb) {
            error_setg(errp, "Unknown ramblock \"%s\", cannot accept "
                       "migration", name);
            return -EINVAL;
        }
        if (length != rb->used_length) {
            /* No block is resizable. */
            error_setg_errno(errp, EINVAL, "Size mismatch: %s: 0x%" PRIx64
                             " != 0x%" PRIx64, name, length, rb->used_length);
            return -EINVAL;
        }
        if (length > total) {
            error_setg(errp, "ram: RAM block '%s' (0x%" PRIx64 " bytes) "
                       "exceeds the announced total", name, length);
            return -EINVAL;
        }
        if (ignore_shared) {
            uint64_t addr = qemu_get_be64(f);

            ret = ram_load_file_error(f, errp);
            if (ret) {
                return ret;
            }
            if (ramblock_is_ignored(rb) && ramblock_region_addr(rb) != addr) {
                error_setg(errp, "Mismatched GPAs for block %s %" PRId64
                           "!= %" PRId64, name, addr,
                           ramblock_region_addr(rb));
                return -EINVAL;
            }
        }
        total -= length;
    }
    return 0;
}

/*
 * The block of a ZERO/PAGE/XBZRLE record: named in the stream, or with
 * CONTINUE the one named last.  NULL with @errp set if unknown.
 */
static RAMBlock *ram_load_block(QEMUFile *f, RAMLoadState *ls, uint64_t flags,
                                Error **errp)
{
    char name[256];
    RAMBlock *rb;

    if (flags & RAM_SAVE_FLAG_CONTINUE) {
        if (!ls->last_block) {
            error_setg(errp, "Ack, bad migration stream!");
        }
        return ls->last_block;
    }
    if (ram_load_idstr(f, name, errp)) {
        return NULL;
    }
    rb = qemu_ram_block_by_name(name);
    if (!rb) {
        error_setg(errp, "Can't find block %s", name);
        return NULL;
    }
    if (ramblock_is_ignored(rb)) {
        error_setg(errp, "block %s should not be migrated !", name);
        return NULL;
    }
    ls->last_block = rb;
    return rb;
}

/*
 * Apply XBZRLE data @src (@slen bytes) to page @dst: runs of (ULEB128
 * unchanged length, ULEB128 changed length, changed bytes), lengths of
 * one or two bytes.  Returns false on any malformed or overlong input.
 */
static bool ram_xbzrle_decode(const uint8_t *src, size_t slen, uint8_t *dst,
                              size_t dlen)
{
    size_t i = 0, d = 0;

    while (i < slen) {
        uint32_t run[2];
        int k;

        for (k = 0; k < 2; k++) {
            /* A run length is followed by at least one more byte. */
            if (slen - i < 2) {
                return false;
            }
            run[k] = src[i] & 0x7f;
            if (src[i++] & 0x80) {
                if (src[i] & 0x80) {
                    return false;
                }
                run[k] |= (uint32_t)src[i++] << 7;
            }
        }
        /* Only the first unchanged run may be empty; no changed run is. */
        if ((d && !run[0]) || !run[1]) {
            return false;
        }
        d += run[0];
        if (d > dlen || run[1] > dlen - d || run[1] > slen - i) {
            return false;
        }
        memcpy(dst + d, src + i, run[1]);
        d += run[1];
        i += run[1];
    }
    return true;
}

/*
 * Whether the destination may fault in @rb's pages ahead of the records:
 * a writable shared tmpfs/memfd mapping of small pages, where any touch
 * of a page, a read included, allocates it, so that faulting in a page
 * no record reaches yet changes nothing the guest could see.  Not with
 * postcopy (a fault in a registered range waits for the source).
 */
static bool ramblock_can_prefault(const RAMBlock *rb)
{
    struct statfs sfs;

    if (migrate_postcopy_ram() || rb->fd < 0 ||
        (rb->flags & (RAM_SHARED | RAM_READONLY)) != RAM_SHARED ||
        rb->page_size != (uint64_t)getpagesize()) {
        return false;
    }
    return fstatfs(rb->fd, &sfs) == 0 && sfs.f_type == TMPFS_MAGIC;
}

/*
 * Before a record first touches the page at @offset of @rb: fault in
 * RAM_LOAD_PREFAULT_PAGES pages from there with one madvise instead of
 * one page fault each (the first pass arrives in address order; this
 * is what the destination's time goes to).  Best effort: an error
 * leaves the pages to be faulted in one at a time.
 */
static void ram_load_prefault(RAMLoadState *ls, RAMBlock *rb,
                              uint64_t offset)
{
    uint64_t len;

    if (rb != ls->prefault_block) {
        ls->prefault_block = rb;
        ls->prefault_ok = ramblock_can_prefault(rb);
        ls->prefault_start = ls->prefault_end = 0;
    }
    if (!ls->prefault_ok ||
        (offset >= ls->prefault_start && offset < ls->prefault_end) ||
        (rb->receivedmap &&
         test_bit(offset >> TARGET_PAGE_BITS, rb->receivedmap))) {
        return;
    }
    len = MIN((uint64_t)RAM_LOAD_PREFAULT_PAGES * TARGET_PAGE_SIZE,
              rb->used_length - offset);
#ifdef MADV_POPULATE_WRITE
    if (madvise(rb->host + offset, len, MADV_POPULATE_WRITE) < 0 &&
        errno == EINVAL) {
        /* A kernel before 5.14: no such advice. */
        ls->prefault_ok = false;
        return;
    }
#else
    ls->prefault_ok = false;
    return;
#endif
    ls->prefault_start = offset;
    ls->prefault_end = offset + len;
}

/* One ZERO, PAGE or XBZRLE record after its be64 word. */
static int ram_load_page(QEMUFile *f, RAMLoadState *ls, uint64_t flags,
                         uint64_t offset, Error **errp)
{
    uint64_t type = flags & ~RAM_SAVE_FLAG_CONTINUE;
    RAMBlock *rb = ram_load_block(f, ls, flags, errp);
    bool readonly;
    uint8_t *host;
    int ret;

    if (!rb) {
        return -EINVAL;
    }
    if (offset >= rb->used_length ||
        rb->used_length - offset < TARGET_PAGE_SIZE) {
        error_setg(errp, "Illegal RAM offset %" PRIx64, offset);
        return -EINVAL;
    }
    host = rb->host + offset;
    /* A read-only mapping can't be written: its content must agree. */
    readonly = rb->flags & RAM_READONLY;
    ram_load_prefault(ls, rb, offset);

    if (type == RAM_SAVE_FLAG_ZERO) {
        uint8_t ch = qemu_get_byte(f);

        ret = ram_load_file_error(f, errp);
        if (ret) {
            return ret;
        }
        if (ch) {
            error_setg(errp, "Found a zero page with value %d", ch);
            return -EINVAL;
        }
        /* Leave untouched memory unallocated. */
        if (!buffer_is_zero(host, TARGET_PAGE_SIZE)) {
            if (readonly) {
                goto readonly_differs;
            }
            memset(host, 0, TARGET_PAGE_SIZE);
        }
    } else if (type == RAM_SAVE_FLAG_PAGE) {
        if (readonly) {
            qemu_get_buffer(f, ls->scratch, TARGET_PAGE_SIZE);
        } else {
            qemu_get_buffer(f, host, TARGET_PAGE_SIZE);
        }
        ret = ram_load_file_error(f, errp);
        if (ret) {
            return ret;
        }
        if (readonly && memcmp(host, ls->scratch, TARGET_PAGE_SIZE)) {
            goto readonly_differs;
        }
    } else {
        uint8_t enc = qemu_get_byte(f);
        uint16_t len = qemu_get_be16(f);

        ret = ram_load_file_error(f, errp);
        if (ret) {
            return ret;
        }
        if (enc != RAM_XBZRLE_ENCODING) {
            error_setg(errp, "Failed to load XBZRLE page - wrong "
                       "compression!");
            return -EINVAL;
        }
        if (len > TARGET_PAGE_SIZE) {
            error_setg(errp, "Failed to load XBZRLE page - len overflow!");
            return -EINVAL;
        }
        qemu_get_buffer(f, ls->scratch, len);
        ret = ram_load_file_error(f, errp);
        if (ret) {
            return ret;
        }
        if (readonly) {
            goto readonly_differs;
        }
        if (!ram_xbzrle_decode(ls->scratch, len, host, TARGET_PAGE_SIZE)) {
            error_setg(errp, "Failed to decompress XBZRLE page at %" PRIx64,
                       offset);
            return -EINVAL;
        }
    }
    if (rb->receivedmap) {
        /* Atomic: multifd receive threads set bits in the same words. */
        set_bit_atomic(offset >> TARGET_PAGE_BITS, rb->receivedmap);
    }
    return 0;

readonly_differs:
    error_setg(errp, "ram: RAM block '%s' is read-only and differs from the "
               "source at offset 0x%" PRIx64, rb->idstr, offset);
    return -EINVAL;
}

static int ram_load_setup(QEMUFile *f, void *opaque, Error **errp)
{
    RAMLoadState *ls = &((RAMMigration *)opaque)->load;
    RAMBlock *rb;

    ls->last_block = NULL;
    ls->prefault_block = NULL;
    RAMBLOCK_FOREACH(rb) {
        g_free(rb->receivedmap);
        rb->receivedmap = bitmap_try_new(ramblock_bmap_bits(rb));
        if (!rb->receivedmap) {
            error_setg(errp, "ram: out of memory for the received-page map "
                       "of RAM block '%s'", rb->idstr);
            return -ENOMEM;
        }
    }
    return 0;
}

static int ram_load_state(QEMUFile *f, void *opaque, int version_id,
                          Error **errp)
{
    RAMLoadState *ls = &((RAMMigration *)opaque)->load;

    if (version_id != RAM_SECTION_VERSION) {
        error_setg(errp, "ram: unsupported section version %d (expected %d)",
                   version_id, RAM_SECTION_VERSION);
        return -EINVAL;
    }
    for (;;) {
        uint64_t word = qemu_get_be64(f);
        uint64_t flags = word & ~TARGET_PAGE_MASK;
        uint64_t addr = word & TARGET_PAGE_MASK;
        int ret = ram_load_file_error(f, errp);

        if (ret) {
            return ret;
        }
        switch (flags) {
        case RAM_SAVE_FLAG_MEM_SIZE:
            ret = ram_load_block_list(f, addr, errp);
            break;
        case RAM_SAVE_FLAG_ZERO:
        case RAM_SAVE_FLAG_ZERO | RAM_SAVE_FLAG_CONTINUE:
        case RAM_SAVE_FLAG_PAGE:
        case RAM_SAVE_FLAG_PAGE | RAM_SAVE_FLAG_CONTINUE:
        case RAM_SAVE_FLAG_XBZRLE:
        case RAM_SAVE_FLAG_XBZRLE | RAM_SAVE_FLAG_CONTINUE:
            ret = ram_load_page(f, ls, flags, addr, errp);
            break;
        case RAM_SAVE_FLAG_MULTIFD_FLUSH:
            /* Without multifd channels there is nothing to wait for. */
            if (!multifd_recv_sync_main(errp)) {
                ret = -EIO;
            }
            break;
        case RAM_SAVE_FLAG_EOS:
            /* Per-section mode: every section ends at a sync point. */
            if (migrate_multifd() &&
                migrate_multifd_flush_after_each_section() &&
                !multifd_recv_sync_main(errp)) {
                return -EIO;
            }
            return 0;
        default:
            error_setg(errp, "Unknown combination of migration flags: 0x%x",
                       (unsigned int)flags);
            ret = -EINVAL;
        }
        if (ret) {
            return ret;
        }
    }
}

static int ram_load_cleanup(void *opaque)
{
    RAMLoadState *ls = &((RAMMigration *)opaque)->load;
    RAMBlock *rb;

    /* No receive thread may touch memory or the maps after this. */
    multifd_recv_stop();
    ls->last_block = NULL;
    ls->prefault_block = NULL;
    RAMBLOCK_FOREACH(rb) {
        g_clear_pointer(&rb->receivedmap, g_free);
    }
    return 0;
}

static const SaveVMHandlers savevm_ram_handlers = {
    .save_setup = ram_save_setup,
    .save_live_iterate = ram_save_iterate,
    .save_live_complete_precopy = ram_save_complete,
    .state_pending_estimate = ram_state_pending_estimate,
    .state_pending_exact = ram_state_pending_exact,
    .save_cleanup = ram_save_cleanup,
    .load_setup = ram_load_setup,
    .load_state = ram_load_state,
    .load_cleanup = ram_load_cleanup,
};

void ram_mig_init(void)
{
    SaveStateEntry *se = find_se("ram", 0);

    if (se && se->ops == &savevm_ram_handlers) {
        return;
    }
    register_savevm_live("ram", 0, RAM_SECTION_VERSION, &savevm_ram_handlers,
                         &ram_migration, &error_abort);
}
