/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Migration statistics: the counters query-migrate reports, updated
 * lock free by the threads that move the data.
 *
 * Threads: every field is a uint64_t written with qatomic_add() /
 * qatomic_set() (migration thread, RAM code, later multifd threads) and
 * read with qatomic_read() by anyone (query-migrate in the main thread).
 * Single fields are consistent; a group of fields read together is not
 * a snapshot (QEMU's counters aren't either).
 * Owner: migration/migration-stats.c; the RAM fields are written by
 * migration/ram.c, the rest by migration/migration.c.
 */
#ifndef MIGRATION_MIGRATION_STATS_H
#define MIGRATION_MIGRATION_STATS_H

#include "qemu/atomic.h"
#include "migration/qemu-file.h"

typedef struct MigrationAtomicStats {
    /* Dirty tracking (ram.c, at each bitmap sync). */
    uint64_t dirty_bytes_last_sync; /* dirty bytes right after the sync */
    uint64_t dirty_pages_rate;      /* pages/s, over the last >= 1 s */
    uint64_t dirty_sync_count;      /* syncs so far (= MIGRATION_PASS) */
    uint64_t dirty_sync_missed_zero_copy;

    /* Pages sent (ram.c). */
    uint64_t zero_pages;            /* "duplicate" */
    uint64_t normal_pages;          /* "normal" */

    /* RAM bytes per phase (ram.c): VM running, VM stopped, postcopy. */
    uint64_t precopy_bytes;
    uint64_t downtime_bytes;
    uint64_t postcopy_bytes;
    uint64_t postcopy_requests;

    /*
     * Bytes put on the main stream so far (qemu_file_transferred() of
     * the outgoing file, published by its owner with
     * migration_stats_account_file()), and on multifd channels.
     */
    uint64_t qemu_file_transferred;
    uint64_t multifd_bytes;

    /* Rate limiter figures (published by the migration thread). */
    uint64_t rate_limit_max;        /* bytes per 100 ms window, 0: none */
    uint64_t rate_limit_used;       /* bytes in the current window */
    uint64_t rate_limit_multifd_start; /* multifd_bytes at window start */
} MigrationAtomicStats;

extern MigrationAtomicStats mig_stats;

/* Zero every counter (start of an outgoing migration; main thread). */
void migration_stats_reset(void);

/*
 * Publish qemu_file_transferred(@f) as mig_stats.qemu_file_transferred.
 * Call from the owner thread of @f (the migration thread) after a flush
 * or at a section boundary.
 */
void migration_stats_account_file(QEMUFile *f);

/*
 * The rate limiter counts the main stream (in its QEMUFile) and the
 * multifd channels: the migration thread marks the start of each window
 * and asks whether the window's budget (rate_limit_max) is spent.
 */
void migration_rate_limit_window_start(void);
bool migration_rate_limit_exceeded(QEMUFile *f);

/* Bytes sent on all channels: main stream plus multifd.  Any thread. */
uint64_t migration_transferred_bytes(void);

#endif /* MIGRATION_MIGRATION_STATS_H */
