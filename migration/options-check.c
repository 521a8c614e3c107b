/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Validation of migration capabilities and parameters, with QEMU's
 * error texts: what migrate-set-capabilities, migrate-set-parameters and
 * the start-up check refuse.
 */
#include "qemu/osdep.h"
#include "qemu/error-report.h"
#include "qapi/error.h"
#include "system/ramblock.h"
#include "system/runstate.h"
#include "migration.h"
#include "options.h"
#include "postcopy-ram.h"

/*
 * Capability checks
 */

/* What background-snapshot can't be combined with, in QEMU's order. */
static const MigrationCapability background_snapshot_conflicts[] = {
    MIGRATION_CAPABILITY_POSTCOPY_RAM,
    MIGRATION_CAPABILITY_DIRTY_BITMAPS,
    MIGRATION_CAPABILITY_POSTCOPY_BLOCKTIME,
    MIGRATION_CAPABILITY_LATE_BLOCK_ACTIVATE,
    MIGRATION_CAPABILITY_RETURN_PATH,
    MIGRATION_CAPABILITY_MULTIFD,
    MIGRATION_CAPABILITY_PAUSE_BEFORE_SWITCHOVER,
    MIGRATION_CAPABILITY_AUTO_CONVERGE,
    MIGRATION_CAPABILITY_RELEASE_RAM,
    MIGRATION_CAPABILITY_RDMA_PIN_ALL,
    MIGRATION_CAPABILITY_XBZRLE,
    MIGRATION_CAPABILITY_X_COLO,
    MIGRATION_CAPABILITY_VALIDATE_UUID,
    MIGRATION_CAPABILITY_ZERO_COPY_SEND,
};

static bool check_background_snapshot(const bool *new_caps, Error **errp)
{
    if (!postcopy_ram_write_tracking_available()) {
        error_setg(errp, "Background-snapshot is not supported by host "
                   "kernel");
        return false;
    }
    if (!postcopy_ram_write_tracking_compatible()) {
        error_setg(errp, "Background-snapshot is not compatible with guest "
                   "memory configuration");
        return false;
    }
    for (size_t i = 0; i < ARRAY_SIZE(background_snapshot_conflicts); i++) {
        MigrationCapability c = background_snapshot_conflicts[i];

        if (new_caps[c]) {
            error_setg(errp, "Background-snapshot is not compatible with %s",
                       MigrationCapability_str(c));
            return false;
        }
    }
    return true;
}

static bool check_postcopy(const bool *old_caps, const bool *new_caps,
                           Error **errp)
{
    /*
     * Probing userfaultfd is not free, and only a destination needs it:
     * do it when postcopy-ram is switched on while waiting for incoming.
     */
    if (!old_caps[MIGRATION_CAPABILITY_POSTCOPY_RAM] &&
        runstate_check(RUN_STATE_INMIGRATE) &&
        !postcopy_ram_supported_by_host(errp)) {
        error_prepend(errp, "Postcopy is not supported: ");
        return false;
    }
    if (new_caps[MIGRATION_CAPABILITY_X_IGNORE_SHARED]) {
        error_setg(errp, "Postcopy is not compatible with ignore-shared");
        return false;
    }
    return true;
}

bool migrate_caps_check(const bool *old_caps, const bool *new_caps,
                        Error **errp)
{
    if (new_caps[MIGRATION_CAPABILITY_ZERO_BLOCKS]) {
        warn_report("zero-blocks capability is deprecated");
    }
    if (new_caps[MIGRATION_CAPABILITY_X_COLO]) {
        /* This tree has no replication (block layer), so no COLO. */
        error_setg(errp, "QEMU compiled without replication module"
                   " can't enable COLO");
        error_append_hint(errp, "Please enable replication before COLO.\n");
        return false;
    }
    if (new_caps[MIGRATION_CAPABILITY_POSTCOPY_RAM] &&
        !check_postcopy(old_caps, new_caps, errp)) {
        return false;
    }
    if (new_caps[MIGRATION_CAPABILITY_BACKGROUND_SNAPSHOT] &&
        !check_background_snapshot(new_caps, errp)) {
        return false;
    }
    if (new_caps[MIGRATION_CAPABILITY_ZERO_COPY_SEND] &&
        (!new_caps[MIGRATION_CAPABILITY_MULTIFD] ||
         new_caps[MIGRATION_CAPABILITY_XBZRLE] ||
         migrate_multifd_compression() != MULTIFD_COMPRESSION_NONE ||
         migrate_tls())) {
        error_setg(errp, "Zero copy only available for non-compressed "
                   "non-TLS multifd migration");
        return false;
    }
    if (new_caps[MIGRATION_CAPABILITY_POSTCOPY_PREEMPT]) {
        if (!new_caps[MIGRATION_CAPABILITY_POSTCOPY_RAM]) {
            error_setg(errp, "Postcopy preempt requires postcopy-ram");
            return false;
        }
        if (!old_caps[MIGRATION_CAPABILITY_POSTCOPY_PREEMPT] &&
            migration_incoming_started()) {
            error_setg(errp,
                       "Postcopy preempt must be set before incoming starts");
            return false;
        }
    }
    if (new_caps[MIGRATION_CAPABILITY_MULTIFD] &&
        !old_caps[MIGRATION_CAPABILITY_MULTIFD] &&
        migration_incoming_started()) {
        error_setg(errp, "Multifd must be set before incoming starts");
        return false;
    }
    if (new_caps[MIGRATION_CAPABILITY_SWITCHOVER_ACK] &&
        !new_caps[MIGRATION_CAPABILITY_RETURN_PATH]) {
        error_setg(errp, "Capability 'switchover-ack' requires capability "
                   "'return-path'");
        return false;
    }
    if (new_caps[MIGRATION_CAPABILITY_DIRTY_LIMIT]) {
        if (new_caps[MIGRATION_CAPABILITY_AUTO_CONVERGE]) {
            error_setg(errp, "dirty-limit conflicts with auto-converge"
                       " either of then available currently");
            return false;
        }
        /* Our KVM accelerator has no dirty ring, only the dirty log. */
        error_setg(errp, "dirty-limit requires KVM with accelerator"
                   " property 'dirty-ring-size' set");
        return false;
    }
    if (new_caps[MIGRATION_CAPABILITY_MULTIFD] &&
        new_caps[MIGRATION_CAPABILITY_XBZRLE]) {
        error_setg(errp, "Multifd is not compatible with xbzrle");
        return false;
    }
    if (new_caps[MIGRATION_CAPABILITY_MAPPED_RAM]) {
        if (new_caps[MIGRATION_CAPABILITY_XBZRLE]) {
            error_setg(errp,
                       "Mapped-ram migration is incompatible with xbzrle");
            return false;
        }
        if (new_caps[MIGRATION_CAPABILITY_POSTCOPY_RAM]) {
            error_setg(errp,
                       "Mapped-ram migration is incompatible with postcopy");
            return false;
        }
    }
    return true;
}

/*
 * Parameter checks.  The texts are QEMU's "Parameter '%s' expects %s"
 * with QEMU's (mostly underscore) names.
 */

#define EXPECTS(errp, name, what)                                             \
    error_setg((errp), "Parameter '%s' expects %s", (name), (what))

/* Letters, digits, '-', '.', '_', starting with a letter. */
static bool id_wellformed(const char *id)
{
    if (!g_ascii_isalpha(id[0])) {
        return false;
    }
    for (const char *p = id + 1; *p; p++) {
        if (!g_ascii_isalnum(*p) && !strchr("-._", *p)) {
            return false;
        }
    }
    return true;
}

/* Node names are at most 31 bytes, bitmap names 1023 (the block layer's). */
#define BITMAP_NODE_NAME_MAX 31
#define BITMAP_NAME_MAX 1023

static bool check_bitmap_node(const BitmapMigrationNodeAlias *n,
                              GHashTable *names, GHashTable *aliases,
                              Error **errp)
{
    g_autoptr(GHashTable) bnames = g_hash_table_new(g_str_hash, g_str_equal);
    g_autoptr(GHashTable) baliases = g_hash_table_new(g_str_hash,
                                                      g_str_equal);

    if (!id_wellformed(n->alias)) {
        error_setg(errp, "The node alias '%s' is not well-formed", n->alias);
        return false;
    }
    if (strlen(n->alias) > UINT8_MAX) {
        error_setg(errp, "The node alias '%s' is longer than %u bytes",
                   n->alias, UINT8_MAX);
        return false;
    }
    if (strlen(n->node_name) > BITMAP_NODE_NAME_MAX) {
        error_setg(errp, "The node name '%s' is longer than %u bytes",
                   n->node_name, BITMAP_NODE_NAME_MAX);
        return false;
    }
    if (!g_hash_table_add(names, n->node_name)) {
        error_setg(errp, "The node name '%s' is mapped twice", n->node_name);
        return false;
    }
    if (!g_hash_table_add(aliases, n->alias)) {
        error_setg(errp, "The node alias '%s' is used twice", n->alias);
        return false;
    }
    for (const BitmapMigrationBitmapAliasList *l = n->bitmaps; l;
         l = l->next) {
        const BitmapMigrationBitmapAlias *b = l->value;

        if (strlen(b->alias) > UINT8_MAX) {
            error_setg(errp, "The bitmap alias '%s' is longer than %u bytes",
                       b->alias, UINT8_MAX);
            return false;
        }
        if (strlen(b->name) > BITMAP_NAME_MAX) {
            error_setg(errp, "The bitmap name '%s' is longer than %u bytes",
                       b->name, BITMAP_NAME_MAX);
            return false;
        }
        if (!g_hash_table_add(bnames, b->name)) {
            error_setg(errp, "The bitmap '%s'/'%s' is mapped twice",
                       n->node_name, b->name);
            return false;
        }
        if (!g_hash_table_add(baliases, b->alias)) {
            error_setg(errp, "The bitmap alias '%s'/'%s' is used twice",
                       n->alias, b->alias);
            return false;
        }
    }
    return true;
}

bool migrate_check_bitmap_mapping(const BitmapMigrationNodeAliasList *bbm,
                                  Error **errp)
{
    /*
     * QEMU checks the name->alias direction over the whole list, then the
     * alias->name one; doing both per node reports the first clash in
     * list order, which is the same error for every list with one clash.
     */
    g_autoptr(GHashTable) names = g_hash_table_new(g_str_hash, g_str_equal);
    g_autoptr(GHashTable) aliases = g_hash_table_new(g_str_hash,
                                                     g_str_equal);

    for (; bbm; bbm = bbm->next) {
        if (!check_bitmap_node(bbm->value, names, aliases, errp)) {
            return false;
        }
    }
    return true;
}

/* The ranges of the integer parameters; false with @errp on the first. */
static bool check_param_ranges(const MigrationParameters *p, Error **errp)
{
    if (p->throttle_trigger_threshold < 1 ||
        p->throttle_trigger_threshold > 100) {
        EXPECTS(errp, "throttle_trigger_threshold",
                "an integer in the range of 1 to 100");
        return false;
    }
    if (p->cpu_throttle_initial < 1 || p->cpu_throttle_initial > 99) {
        EXPECTS(errp, "cpu_throttle_initial",
                "an integer in the range of 1 to 99");
        return false;
    }
    if (p->cpu_throttle_increment < 1 || p->cpu_throttle_increment > 99) {
        EXPECTS(errp, "cpu_throttle_increment",
                "an integer in the range of 1 to 99");
        return false;
    }
    /*
     * max-bandwidth and avail-switchover-bandwidth are checked against
     * SIZE_MAX, which a uint64_t can't exceed on a 64-bit host.
     */
    if (p->downtime_limit > MIGRATION_MAX_DOWNTIME_MS) {
        EXPECTS(errp, "downtime_limit",
                "an integer in the range of 0 to (2000 * 1000) ms");
        return false;
    }
    if (p->multifd_channels < 1) {
        EXPECTS(errp, "multifd_channels", "a value between 1 and 255");
        return false;
    }
    if (p->multifd_zlib_level > 9) {
        EXPECTS(errp, "multifd_zlib_level", "a value between 0 and 9");
        return false;
    }
    if (p->multifd_qatzip_level < 1 || p->multifd_qatzip_level > 9) {
        EXPECTS(errp, "multifd_qatzip_level", "a value between 1 and 9");
        return false;
    }
    if (p->multifd_zstd_level > 20) {
        EXPECTS(errp, "multifd_zstd_level", "a value between 0 and 20");
        return false;
    }
    if (p->xbzrle_cache_size < TARGET_PAGE_SIZE ||
        (p->xbzrle_cache_size & (p->xbzrle_cache_size - 1))) {
        EXPECTS(errp, "xbzrle_cache_size",
                "a power of two no less than the target page size");
        return false;
    }
    if (p->max_cpu_throttle < p->cpu_throttle_initial ||
        p->max_cpu_throttle > 99) {
        EXPECTS(errp, "max_cpu_throttle",
                "an integer in the range of cpu_throttle_initial to 99");
        return false;
    }
    if (p->announce_initial > 100000) {
        EXPECTS(errp, "announce_initial", "a value between 0 and 100000");
        return false;
    }
    if (p->announce_max > 100000) {
        EXPECTS(errp, "announce_max", "a value between 0 and 100000");
        return false;
    }
    if (p->announce_rounds > 1000) {
        EXPECTS(errp, "announce_rounds", "a value between 0 and 1000");
        return false;
    }
    if (p->announce_step < 1 || p->announce_step > 10000) {
        /* QEMU's text says 0 although 0 is refused. */
        EXPECTS(errp, "announce_step", "a value between 0 and 10000");
        return false;
    }
    return true;
}

bool migrate_params_check(const MigrationParameters *p, Error **errp)
{
    bool compressed = p->multifd_compression != MULTIFD_COMPRESSION_NONE;
    bool tls = p->tls_creds && *p->tls_creds;

    if (!check_param_ranges(p, errp)) {
        return false;
    }
    if (p->has_block_bitmap_mapping &&
        !migrate_check_bitmap_mapping(p->block_bitmap_mapping, errp)) {
        error_prepend(errp, "Invalid mapping given for block-bitmap-mapping: ");
        return false;
    }
    if (migrate_zero_copy_send() && (compressed || tls)) {
        error_setg(errp, "Zero copy only available for non-compressed "
                   "non-TLS multifd migration");
        return false;
    }
    if (migrate_mapped_ram() && (compressed || tls)) {
        error_setg(errp, "Mapped-ram only available for non-compressed "
                   "non-TLS multifd migration");
        return false;
    }
    if (p->x_vcpu_dirty_limit_period < 1 ||
        p->x_vcpu_dirty_limit_period > 1000) {
        EXPECTS(errp, "x-vcpu-dirty-limit-period",
                "a value between 1 and 1000");
        return false;
    }
    if (p->vcpu_dirty_limit < 1) {
        error_setg(errp,
                   "Parameter 'vcpu_dirty_limit' must be greater than 1 MB/s");
        return false;
    }
#ifndef O_DIRECT
    if (p->direct_io) {
        error_setg(errp, "No build-time support for direct-io");
        return false;
    }
#endif
    return true;
}
