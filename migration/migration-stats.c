/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Migration statistics (see migration-stats.h): the one instance and
 * its helpers.
 */
#include "qemu/osdep.h"
#include "migration/migration-stats.h"

MigrationAtomicStats mig_stats;

void migration_stats_reset(void)
{
    uint64_t *field = (uint64_t *)&mig_stats;
    size_t i;

    /* Field by field, so that concurrent readers never see torn values. */
    for (i = 0; i < sizeof(mig_stats) / sizeof(uint64_t); i++) {
        qatomic_set(&field[i], 0);
    }
}

void migration_stats_account_file(QEMUFile *f)
{
    qatomic_set(&mig_stats.qemu_file_transferred, qemu_file_transferred(f));
}

uint64_t migration_transferred_bytes(void)
{
    return qatomic_read(&mig_stats.qemu_file_transferred) +
           qatomic_read(&mig_stats.multifd_bytes);
}

void migration_rate_limit_window_start(void)
{
    qatomic_set(&mig_stats.rate_limit_multifd_start,
                qatomic_read(&mig_stats.multifd_bytes));
}

bool migration_rate_limit_exceeded(QEMUFile *f)
{
    uint64_t max = qatomic_read(&mig_stats.rate_limit_max);

    if (qemu_file_rate_limit(f)) {
        return true;
    }
    return max && qatomic_read(&mig_stats.multifd_bytes) -
                  qatomic_read(&mig_stats.rate_limit_multifd_start) >= max;
}
