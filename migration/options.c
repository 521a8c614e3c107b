/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Migration capabilities and parameters: the properties of the
 * "migration" object, the QMP commands and the migrate_*() accessors.
 * The rules the values must follow are in options-check.c.
 */
#include "qemu/osdep.h"
#include "qemu/atomic.h"
#include "qapi/error.h"
#include "qapi/qobject-conv.h"
#include "qapi/qapi-commands-migration.h"
#include "qapi/qapi-conv-migration.h"
#include "qom/field-props.h"
#include "migration.h"
#include "options.h"

#define DEFINE_PROP_MIG_CAP(name, cap)                                        \
    DEFINE_PROP_BOOL(name, MigrationState, capabilities[cap], false)

/* QEMU 10.2's "migration" properties (facts sheet section 6.1). */
static const Property migration_properties[] = {
    DEFINE_PROP_BOOL("store-global-state", MigrationState,
                     store_global_state, true),
    DEFINE_PROP_BOOL("send-configuration", MigrationState,
                     send_configuration, true),
    DEFINE_PROP_BOOL("send-section-footer", MigrationState,
                     send_section_footer, true),
    DEFINE_PROP_BOOL("send-switchover-start", MigrationState,
                     send_switchover_start, true),
    DEFINE_PROP_BOOL("multifd-flush-after-each-section", MigrationState,
                     multifd_flush_after_each_section, false),
    DEFINE_PROP_UINT8("x-clear-bitmap-shift", MigrationState,
                      clear_bitmap_shift, CLEAR_BITMAP_SHIFT_DEFAULT),
    DEFINE_PROP_BOOL("x-preempt-pre-7-2", MigrationState,
                     preempt_pre_7_2, false),
    DEFINE_PROP_BOOL("multifd-clean-tls-termination", MigrationState,
                     multifd_clean_tls_termination, true),

    /* Parameters */
    DEFINE_PROP_UINT8("x-throttle-trigger-threshold", MigrationState,
                      parameters.throttle_trigger_threshold, 50),
    DEFINE_PROP_UINT8("x-cpu-throttle-initial", MigrationState,
                      parameters.cpu_throttle_initial, 20),
    DEFINE_PROP_UINT8("x-cpu-throttle-increment", MigrationState,
                      parameters.cpu_throttle_increment, 10),
    DEFINE_PROP_BOOL("x-cpu-throttle-tailslow", MigrationState,
                     parameters.cpu_throttle_tailslow, false),
    DEFINE_PROP_SIZE("x-max-bandwidth", MigrationState,
                     parameters.max_bandwidth, 128 << 20),
    DEFINE_PROP_SIZE("avail-switchover-bandwidth", MigrationState,
                     parameters.avail_switchover_bandwidth, 0),
    DEFINE_PROP_UINT64("x-downtime-limit", MigrationState,
                       parameters.downtime_limit, 300),
    DEFINE_PROP_UINT32("x-checkpoint-delay", MigrationState,
                       parameters.x_checkpoint_delay, 20000),
    DEFINE_PROP_UINT8("multifd-channels", MigrationState,
                      parameters.multifd_channels, 2),
    DEFINE_PROP_ENUM("multifd-compression", MigrationState,
                     parameters.multifd_compression,
                     MULTIFD_COMPRESSION_NONE, MultiFDCompression),
    DEFINE_PROP_UINT8("multifd-zlib-level", MigrationState,
                      parameters.multifd_zlib_level, 1),
    DEFINE_PROP_UINT8("multifd-qatzip-level", MigrationState,
                      parameters.multifd_qatzip_level, 1),
    DEFINE_PROP_UINT8("multifd-zstd-level", MigrationState,
                      parameters.multifd_zstd_level, 1),
    DEFINE_PROP_SIZE("xbzrle-cache-size", MigrationState,
                     parameters.xbzrle_cache_size, 64 << 20),
    DEFINE_PROP_SIZE("max-postcopy-bandwidth", MigrationState,
                     parameters.max_postcopy_bandwidth, 0),
    DEFINE_PROP_UINT8("max-cpu-throttle", MigrationState,
                      parameters.max_cpu_throttle, 99),
    DEFINE_PROP_SIZE("announce-initial", MigrationState,
                     parameters.announce_initial, 50),
    DEFINE_PROP_SIZE("announce-max", MigrationState,
                     parameters.announce_max, 550),
    DEFINE_PROP_SIZE("announce-rounds", MigrationState,
                     parameters.announce_rounds, 5),
    DEFINE_PROP_SIZE("announce-step", MigrationState,
                     parameters.announce_step, 100),
    DEFINE_PROP_STRING("tls-creds", MigrationState, parameters.tls_creds),
    DEFINE_PROP_STRING("tls-hostname", MigrationState,
                       parameters.tls_hostname),
    DEFINE_PROP_STRING("tls-authz", MigrationState, parameters.tls_authz),
    DEFINE_PROP_UINT64("x-vcpu-dirty-limit-period", MigrationState,
                       parameters.x_vcpu_dirty_limit_period, 1000),
    DEFINE_PROP_UINT64("vcpu-dirty-limit", MigrationState,
                       parameters.vcpu_dirty_limit, 1),
    DEFINE_PROP_ENUM("mode", MigrationState, parameters.mode,
                     MIG_MODE_NORMAL, MigMode),
    DEFINE_PROP_ENUM("zero-page-detection", MigrationState,
                     parameters.zero_page_detection,
                     ZERO_PAGE_DETECTION_MULTIFD, ZeroPageDetection),

    /* Capabilities (no property for the QMP-only ones) */
    DEFINE_PROP_MIG_CAP("x-xbzrle", MIGRATION_CAPABILITY_XBZRLE),
    DEFINE_PROP_MIG_CAP("x-rdma-pin-all", MIGRATION_CAPABILITY_RDMA_PIN_ALL),
    DEFINE_PROP_MIG_CAP("x-auto-converge",
                        MIGRATION_CAPABILITY_AUTO_CONVERGE),
    DEFINE_PROP_MIG_CAP("x-zero-blocks", MIGRATION_CAPABILITY_ZERO_BLOCKS),
    DEFINE_PROP_MIG_CAP("x-events", MIGRATION_CAPABILITY_EVENTS),
    DEFINE_PROP_MIG_CAP("x-postcopy-ram", MIGRATION_CAPABILITY_POSTCOPY_RAM),
    DEFINE_PROP_MIG_CAP("x-postcopy-preempt",
                        MIGRATION_CAPABILITY_POSTCOPY_PREEMPT),
    DEFINE_PROP_MIG_CAP("postcopy-blocktime",
                        MIGRATION_CAPABILITY_POSTCOPY_BLOCKTIME),
    DEFINE_PROP_MIG_CAP("x-colo", MIGRATION_CAPABILITY_X_COLO),
    DEFINE_PROP_MIG_CAP("x-release-ram", MIGRATION_CAPABILITY_RELEASE_RAM),
    DEFINE_PROP_MIG_CAP("x-return-path", MIGRATION_CAPABILITY_RETURN_PATH),
    DEFINE_PROP_MIG_CAP("x-multifd", MIGRATION_CAPABILITY_MULTIFD),
    DEFINE_PROP_MIG_CAP("x-background-snapshot",
                        MIGRATION_CAPABILITY_BACKGROUND_SNAPSHOT),
    DEFINE_PROP_MIG_CAP("x-zero-copy-send",
                        MIGRATION_CAPABILITY_ZERO_COPY_SEND),
    DEFINE_PROP_MIG_CAP("x-switchover-ack",
                        MIGRATION_CAPABILITY_SWITCHOVER_ACK),
    DEFINE_PROP_MIG_CAP("x-dirty-limit", MIGRATION_CAPABILITY_DIRTY_LIMIT),
    DEFINE_PROP_MIG_CAP("mapped-ram", MIGRATION_CAPABILITY_MAPPED_RAM),
};

/*
 * Accessors.  Scalars: atomic reads (any thread).  Pointers: BQL.
 */

static bool cap(MigrationCapability c)
{
    return qatomic_read(&migrate_get_current()->capabilities[c]);
}

static MigrationParameters *params(void)
{
    return &migrate_get_current()->parameters;
}

#define PARAM(field) qatomic_read(&params()->field)

bool migrate_auto_converge(void)
{
    return cap(MIGRATION_CAPABILITY_AUTO_CONVERGE);
}

bool migrate_background_snapshot(void)
{
    return cap(MIGRATION_CAPABILITY_BACKGROUND_SNAPSHOT);
}

bool migrate_colo(void)
{
    return cap(MIGRATION_CAPABILITY_X_COLO);
}

bool migrate_dirty_bitmaps(void)
{
    return cap(MIGRATION_CAPABILITY_DIRTY_BITMAPS);
}

bool migrate_dirty_limit(void)
{
    return cap(MIGRATION_CAPABILITY_DIRTY_LIMIT);
}

bool migrate_events(void)
{
    return cap(MIGRATION_CAPABILITY_EVENTS);
}

bool migrate_ignore_shared(void)
{
    return cap(MIGRATION_CAPABILITY_X_IGNORE_SHARED);
}

bool migrate_late_block_activate(void)
{
    return cap(MIGRATION_CAPABILITY_LATE_BLOCK_ACTIVATE);
}

bool migrate_mapped_ram(void)
{
    return cap(MIGRATION_CAPABILITY_MAPPED_RAM);
}

bool migrate_multifd(void)
{
    return cap(MIGRATION_CAPABILITY_MULTIFD);
}

bool migrate_pause_before_switchover(void)
{
    return cap(MIGRATION_CAPABILITY_PAUSE_BEFORE_SWITCHOVER);
}

bool migrate_postcopy_blocktime(void)
{
    return cap(MIGRATION_CAPABILITY_POSTCOPY_BLOCKTIME);
}

bool migrate_postcopy_preempt(void)
{
    return cap(MIGRATION_CAPABILITY_POSTCOPY_PREEMPT);
}

bool migrate_postcopy_ram(void)
{
    return cap(MIGRATION_CAPABILITY_POSTCOPY_RAM);
}

bool migrate_rdma_pin_all(void)
{
    return cap(MIGRATION_CAPABILITY_RDMA_PIN_ALL);
}

bool migrate_release_ram(void)
{
    return cap(MIGRATION_CAPABILITY_RELEASE_RAM);
}

bool migrate_return_path(void)
{
    return cap(MIGRATION_CAPABILITY_RETURN_PATH);
}

bool migrate_switchover_ack(void)
{
    return cap(MIGRATION_CAPABILITY_SWITCHOVER_ACK);
}

bool migrate_validate_uuid(void)
{
    return cap(MIGRATION_CAPABILITY_VALIDATE_UUID);
}

bool migrate_xbzrle(void)
{
    return cap(MIGRATION_CAPABILITY_XBZRLE);
}

bool migrate_zero_blocks(void)
{
    return cap(MIGRATION_CAPABILITY_ZERO_BLOCKS);
}

bool migrate_zero_copy_send(void)
{
    return cap(MIGRATION_CAPABILITY_ZERO_COPY_SEND);
}

bool migrate_postcopy(void)
{
    return migrate_postcopy_ram() || migrate_dirty_bitmaps();
}

bool migrate_tls(void)
{
    const char *creds = migrate_tls_creds();

    return creds && *creds;
}

bool migrate_store_global_state(void)
{
    return migrate_get_current()->store_global_state;
}

bool migrate_send_configuration(void)
{
    return migrate_get_current()->send_configuration;
}

bool migrate_send_section_footer(void)
{
    return migrate_get_current()->send_section_footer;
}

bool migrate_send_switchover_start(void)
{
    return migrate_get_current()->send_switchover_start;
}

bool migrate_multifd_flush_after_each_section(void)
{
    return migrate_get_current()->multifd_flush_after_each_section;
}

bool migrate_multifd_clean_tls_termination(void)
{
    return migrate_get_current()->multifd_clean_tls_termination;
}

bool migrate_preempt_pre_7_2(void)
{
    return migrate_get_current()->preempt_pre_7_2;
}

uint8_t migrate_clear_bitmap_shift(void)
{
    return migrate_get_current()->clear_bitmap_shift;
}

uint64_t migrate_announce_initial(void)
{
    return PARAM(announce_initial);
}

uint64_t migrate_announce_max(void)
{
    return PARAM(announce_max);
}

uint64_t migrate_announce_rounds(void)
{
    return PARAM(announce_rounds);
}

uint64_t migrate_announce_step(void)
{
    return PARAM(announce_step);
}

uint64_t migrate_avail_switchover_bandwidth(void)
{
    return PARAM(avail_switchover_bandwidth);
}

uint32_t migrate_checkpoint_delay(void)
{
    return PARAM(x_checkpoint_delay);
}

uint8_t migrate_cpu_throttle_increment(void)
{
    return PARAM(cpu_throttle_increment);
}

uint8_t migrate_cpu_throttle_initial(void)
{
    return PARAM(cpu_throttle_initial);
}

bool migrate_cpu_throttle_tailslow(void)
{
    return PARAM(cpu_throttle_tailslow);
}

bool migrate_direct_io(void)
{
    /*
     * O_DIRECT needs the aligned page layout of mapped-ram, and multifd
     * so that the unaligned rest of the stream stays on the main channel.
     */
    return PARAM(direct_io) && migrate_mapped_ram() && migrate_multifd();
}

uint64_t migrate_downtime_limit(void)
{
    return PARAM(downtime_limit);
}

uint8_t migrate_max_cpu_throttle(void)
{
    return PARAM(max_cpu_throttle);
}

uint64_t migrate_max_bandwidth(void)
{
    return PARAM(max_bandwidth);
}

uint64_t migrate_max_postcopy_bandwidth(void)
{
    return PARAM(max_postcopy_bandwidth);
}

MigMode migrate_mode(void)
{
    return PARAM(mode);
}

int migrate_multifd_channels(void)
{
    return PARAM(multifd_channels);
}

MultiFDCompression migrate_multifd_compression(void)
{
    return PARAM(multifd_compression);
}

int migrate_multifd_qatzip_level(void)
{
    return PARAM(multifd_qatzip_level);
}

int migrate_multifd_zlib_level(void)
{
    return PARAM(multifd_zlib_level);
}

int migrate_multifd_zstd_level(void)
{
    return PARAM(multifd_zstd_level);
}

uint8_t migrate_throttle_trigger_threshold(void)
{
    return PARAM(throttle_trigger_threshold);
}

uint64_t migrate_vcpu_dirty_limit(void)
{
    return PARAM(vcpu_dirty_limit);
}

uint64_t migrate_vcpu_dirty_limit_period(void)
{
    return PARAM(x_vcpu_dirty_limit_period);
}

uint64_t migrate_xbzrle_cache_size(void)
{
    return PARAM(xbzrle_cache_size);
}

ZeroPageDetection migrate_zero_page_detection(void)
{
    return PARAM(zero_page_detection);
}

const char *migrate_tls_creds(void)
{
    return params()->tls_creds;
}

const char *migrate_tls_hostname(void)
{
    return params()->tls_hostname;
}

const char *migrate_tls_authz(void)
{
    const char *authz = params()->tls_authz;

    return authz && *authz ? authz : NULL;
}

const BitmapMigrationNodeAliasList *migrate_block_bitmap_mapping(void)
{
    return params()->block_bitmap_mapping;
}

bool migrate_has_block_bitmap_mapping(void)
{
    return params()->has_block_bitmap_mapping;
}

const strList *migrate_cpr_exec_command(void)
{
    return params()->cpr_exec_command;
}

MigrationCapabilityStatusList *qmp_query_migrate_capabilities(Error **errp)
{
    MigrationCapabilityStatusList *head = NULL, **tail = &head;

    for (int i = 0; i < MIGRATION_CAPABILITY__MAX; i++) {
        MigrationCapabilityStatusList *node = g_new0(
            MigrationCapabilityStatusList, 1);

        node->value = g_new0(MigrationCapabilityStatus, 1);
        node->value->capability = i;
        node->value->state = cap(i);
        *tail = node;
        tail = &node->next;
    }
    return head;
}

void qmp_migrate_set_capabilities(MigrationCapabilityStatusList *capabilities,
                                  Error **errp)
{
    MigrationState *s = migrate_get_current();
    bool new_caps[MIGRATION_CAPABILITY__MAX];
    MigrationCapabilityStatusList *c;

    if (migration_is_running()) {
        error_setg(errp, "There's a migration process in progress");
        return;
    }
    memcpy(new_caps, s->capabilities, sizeof(new_caps));
    for (c = capabilities; c; c = c->next) {
        new_caps[c->value->capability] = c->value->state;
    }
    if (!migrate_caps_check(s->capabilities, new_caps, errp)) {
        return;
    }
    for (int i = 0; i < MIGRATION_CAPABILITY__MAX; i++) {
        qatomic_set(&s->capabilities[i], new_caps[i]);
    }
}

/*
 * Applying MigrateSetParameters.  Its members are MigrationParameters'
 * (same names and types) except tls-*, which are StrOrNull there; so one
 * walk over the type descriptors copies every member that is present,
 * and a parameter added to the schema needs no code here.
 */

static const QapiMemberInfo *member_find(const QapiTypeInfo *type,
                                         const char *name)
{
    for (const QapiMemberInfo *m = type->members; m->name; m++) {
        if (!strcmp(m->name, name)) {
            return m;
        }
    }
    g_assert_not_reached();
}

static bool member_present(const QapiMemberInfo *m, const void *obj)
{
    if (m->has_flag) {
        return *(const bool *)((const char *)obj + m->has_offset);
    }
    return *(void *const *)((const char *)obj + m->offset) != NULL;
}

/* Store the scalar *@src of @kind at @dst, without tearing. */
static void scalar_store(void *dst, const void *src, QapiKind kind)
{
    switch (kind) {
    case QAPI_KIND_BOOL:
        qatomic_set((bool *)dst, *(const bool *)src);
        break;
    case QAPI_KIND_UINT8:
        qatomic_set((uint8_t *)dst, *(const uint8_t *)src);
        break;
    case QAPI_KIND_UINT32:
        qatomic_set((uint32_t *)dst, *(const uint32_t *)src);
        break;
    case QAPI_KIND_ENUM:
        qatomic_set((int *)dst, *(const int *)src);
        break;
    case QAPI_KIND_UINT64:
    case QAPI_KIND_SIZE:
        qatomic_set((uint64_t *)dst, *(const uint64_t *)src);
        break;
    default:
        /* A parameter of a new scalar type: add its width here. */
        g_assert_not_reached();
    }
}

/*
 * Copy every member present in @set into @dest, which owns its pointer
 * members: the old values are freed after the new ones are in place.
 * Main thread with the BQL: other threads may read the scalars at any
 * time (hence the atomic stores), the pointers only under the BQL.
 */
static void params_apply(MigrationParameters *dest,
                         const MigrateSetParameters *set)
{
    const QapiMemberInfo *sm;

    for (sm = qapi_type_MigrateSetParameters.members; sm->name; sm++) {
        const QapiMemberInfo *dm =
            member_find(&qapi_type_MigrationParameters, sm->name);
        const void *src = (const char *)set + sm->offset;
        void *dst = (char *)dest + dm->offset;
        void *old, *new;

        if (!member_present(sm, set)) {
            continue;
        }
        switch (sm->type->kind) {
        case QAPI_KIND_ALTERNATE: {
            /* StrOrNull: null means "" */
            const StrOrNull *sn = *(StrOrNull *const *)src;

            new = g_strdup(sn->type == QTYPE_QSTRING ? sn->u.s : "");
            break;
        }
        case QAPI_KIND_STR:
        case QAPI_KIND_LIST:
            qapi_clone_slot(sm->type, src, &new);
            break;
        default:
            scalar_store(dst, src, sm->type->kind);
            new = NULL;
            break;
        }
        if (dm->type->kind == QAPI_KIND_STR ||
            dm->type->kind == QAPI_KIND_LIST) {
            old = *(void **)dst;
            *(void **)dst = new;
            qapi_free_slot(dm->type, &old);
        }
        if (dm->has_flag) {
            *(bool *)((char *)dest + dm->has_offset) = true;
        }
    }
}

void qmp_migrate_set_parameters(MigrateSetParameters *params, Error **errp)
{
    MigrationState *s = migrate_get_current();
    g_autoptr(MigrationParameters) tmp = NULL;

    /* Validate the merged set; apply nothing unless all of it is good. */
    tmp = QAPI_CLONE(MigrationParameters, &s->parameters);
    params_apply(tmp, params);
    if (!migrate_params_check(tmp, errp)) {
        return;
    }
    params_apply(&s->parameters, params);
}

MigrationParameters *qmp_query_migrate_parameters(Error **errp)
{
    MigrationState *s = migrate_get_current();
    MigrationParameters *p = QAPI_CLONE(MigrationParameters, &s->parameters);

    if (!p->tls_authz) {
        p->tls_authz = g_strdup("");
    }
    return p;
}

bool migration_object_check(Error **errp)
{
    MigrationState *s = migrate_get_current();
    bool old_caps[MIGRATION_CAPABILITY__MAX] = { false };

    if (!migrate_params_check(&s->parameters, errp)) {
        return false;
    }
    return migrate_caps_check(old_caps, s->capabilities, errp);
}

void migration_options_class_init(ObjectClass *oc)
{
    object_class_add_field_props(oc, migration_properties);
}

void migration_options_instance_init(MigrationState *s)
{
    MigrationParameters *p = &s->parameters;

    /* Runs after the property defaults, before compat and -global. */
    p->tls_creds = g_strdup("");
    p->tls_hostname = g_strdup("");
    /* Every parameter is always reported, except an unset mapping. */
    for (const QapiMemberInfo *m = qapi_type_MigrationParameters.members;
         m->name; m++) {
        if (m->has_flag && strcmp(m->name, "block-bitmap-mapping")) {
            *(bool *)((char *)p + m->has_offset) = true;
        }
    }
}

void migration_options_instance_finalize(MigrationState *s)
{
    /* The properties freed the tls-* strings; the rest is ours. */
    qapi_free_members(&qapi_type_MigrationParameters, &s->parameters);
}
