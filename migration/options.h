/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Migration capabilities and parameters: the properties of the
 * "migration" object, their validation and the migrate_*() accessors.
 * Design and rules: docs/devel/migration.md.
 *
 * Threads: the setters (QMP/HMP handlers, start-up) run in the main
 * thread with the BQL.  Accessors returning scalars may be called from
 * any thread (atomic reads); accessors returning pointers only with the
 * BQL held (see MigrationState in migration.h).
 * Owner: migration/options.c (properties, accessors, QMP), migration/
 * options-check.c (validation).
 */
#ifndef MIGRATION_OPTIONS_H
#define MIGRATION_OPTIONS_H

#include "migration/migration.h"

/* Largest downtime-limit, in ms (2000 seconds). */
#define MIGRATION_MAX_DOWNTIME_MS (2000 * 1000)
/* Default of x-clear-bitmap-shift and its valid range. */
#define CLEAR_BITMAP_SHIFT_DEFAULT 18
#define CLEAR_BITMAP_SHIFT_MIN 6
#define CLEAR_BITMAP_SHIFT_MAX 31

/* Capabilities */
bool migrate_auto_converge(void);
bool migrate_background_snapshot(void);
bool migrate_colo(void);
bool migrate_dirty_bitmaps(void);
bool migrate_dirty_limit(void);
bool migrate_events(void);
bool migrate_ignore_shared(void);
bool migrate_late_block_activate(void);
bool migrate_mapped_ram(void);
bool migrate_multifd(void);
bool migrate_pause_before_switchover(void);
bool migrate_postcopy_blocktime(void);
bool migrate_postcopy_preempt(void);
bool migrate_postcopy_ram(void);
bool migrate_rdma_pin_all(void);
bool migrate_release_ram(void);
bool migrate_return_path(void);
bool migrate_switchover_ack(void);
bool migrate_validate_uuid(void);
bool migrate_xbzrle(void);
bool migrate_zero_blocks(void);
bool migrate_zero_copy_send(void);

/* Pseudo capabilities: derived, or set only by compat / -global. */
bool migrate_postcopy(void);            /* postcopy-ram or dirty-bitmaps */
bool migrate_tls(void);                 /* tls-creds is not empty */
bool migrate_store_global_state(void);
bool migrate_send_configuration(void);
bool migrate_send_section_footer(void);
bool migrate_send_switchover_start(void);
bool migrate_multifd_flush_after_each_section(void);
bool migrate_multifd_clean_tls_termination(void);
bool migrate_preempt_pre_7_2(void);
/* x-clear-bitmap-shift as set (the RAM code clamps it to 6..31). */
uint8_t migrate_clear_bitmap_shift(void);

/* Parameters (units as in the schema: bytes, bytes/s, ms, %) */
uint64_t migrate_announce_initial(void);
uint64_t migrate_announce_max(void);
uint64_t migrate_announce_rounds(void);
uint64_t migrate_announce_step(void);
uint64_t migrate_avail_switchover_bandwidth(void);
uint32_t migrate_checkpoint_delay(void);
uint8_t migrate_cpu_throttle_increment(void);
uint8_t migrate_cpu_throttle_initial(void);
bool migrate_cpu_throttle_tailslow(void);
/* direct-io is only effective with mapped-ram and multifd. */
bool migrate_direct_io(void);
uint64_t migrate_downtime_limit(void);
uint8_t migrate_max_cpu_throttle(void);
uint64_t migrate_max_bandwidth(void);
uint64_t migrate_max_postcopy_bandwidth(void);
MigMode migrate_mode(void);
int migrate_multifd_channels(void);
MultiFDCompression migrate_multifd_compression(void);
int migrate_multifd_qatzip_level(void);
int migrate_multifd_zlib_level(void);
int migrate_multifd_zstd_level(void);
uint8_t migrate_throttle_trigger_threshold(void);
uint64_t migrate_vcpu_dirty_limit(void);
uint64_t migrate_vcpu_dirty_limit_period(void);
uint64_t migrate_xbzrle_cache_size(void);
ZeroPageDetection migrate_zero_page_detection(void);

/* BQL only: the strings are owned by the migration object. */
const char *migrate_tls_creds(void);    /* "" when unset */
const char *migrate_tls_hostname(void); /* "" when unset */
const char *migrate_tls_authz(void);    /* NULL when unset or "" */
const BitmapMigrationNodeAliasList *migrate_block_bitmap_mapping(void);
bool migrate_has_block_bitmap_mapping(void);
const strList *migrate_cpr_exec_command(void);

/*
 * Check the capability set @new_caps (indexed by MigrationCapability)
 * given the current set @old_caps, as migrate-set-capabilities does.
 * Prints the zero-blocks deprecation warning.  Main thread, BQL.
 */
bool migrate_caps_check(const bool *old_caps, const bool *new_caps,
                        Error **errp);

/*
 * Check a complete parameter set (every has_ flag true) as
 * migrate-set-parameters does, against the current capabilities.
 */
bool migrate_params_check(const MigrationParameters *params, Error **errp);

/*
 * Check the block-bitmap-mapping parameter: one-to-one in both
 * directions, valid alias names, length limits.
 */
bool migrate_check_bitmap_mapping(const BitmapMigrationNodeAliasList *bbm,
                                  Error **errp);

/*
 * Class and instance hooks of the "migration" type (migration.c):
 * add the field properties; fill in what a property default can't
 * express (empty tls-creds/tls-hostname, the has_ flags); free the
 * parameter members the properties don't own.
 */
void migration_options_class_init(ObjectClass *oc);
void migration_options_instance_init(MigrationState *s);
void migration_options_instance_finalize(MigrationState *s);

#endif /* MIGRATION_OPTIONS_H */
