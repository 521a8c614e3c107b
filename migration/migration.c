/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The migration object and the outgoing migration's front door: the
 * QOM type, creation with machine compat and -global settings, the
 * status machine (migrate_set_state()), the first-error record, and
 * the QMP commands migrate, migrate_cancel, migrate-continue and
 * query-migrate.  The migration thread is in outgoing.c, the
 * destination in incoming.c.
 */
#include "qemu/osdep.h"
#include "qapi/error.h"
#include "qapi/qapi-commands-migration.h"
#include "qapi/qapi-events-migration.h"
#include "qapi/qapi-conv-sockets.h"
#include "qapi/qapi-conv-migration.h"
#include "qapi/qobject-conv.h"
#include "qemu/timer.h"
#include "qom/globals.h"
#include "system/runstate.h"
#include "system/ramblock.h"
#include "system/cpu-timers.h"
#include "migration/misc.h"
#include "migration.h"
#include "migration-stats.h"
#include "options.h"
#include "savevm.h"
#include "channel.h"
#include "ram.h"
#include "migration/global_state.h"

/*
 * The migration object (NULL outside init/finalize), the -incoming URI
 * and the incoming-started flag.  Main thread, BQL.
 */
static MigrationState *current_migration;
static char *incoming_uri;
static bool incoming_started;

static void migration_class_init(ObjectClass *oc, const void *data)
{
    migration_options_class_init(oc);
}

static void migration_instance_init(Object *obj)
{
    MigrationState *s = (MigrationState *)obj;

    migration_options_instance_init(s);
    s->state = MIGRATION_STATUS_NONE;
    s->vm_old_state = RUN_STATE__MAX;
    qemu_mutex_init(&s->file_lock);
    qemu_mutex_init(&s->error_lock);
    qemu_mutex_init(&s->info_lock);
    qemu_sem_init(&s->pause_sem, 0);
    qemu_sem_init(&s->rate_limit_sem, 0);
    qemu_sem_init(&s->rp_sem, 0);
}

static void migration_instance_finalize(Object *obj)
{
    MigrationState *s = (MigrationState *)obj;

    migration_options_instance_finalize(s);
    qapi_free_MigrationAddress(s->dest_addr);
    error_free(s->error);
    qemu_sem_destroy(&s->rp_sem);
    qemu_sem_destroy(&s->rate_limit_sem);
    qemu_sem_destroy(&s->pause_sem);
    qemu_mutex_destroy(&s->info_lock);
    qemu_mutex_destroy(&s->error_lock);
    qemu_mutex_destroy(&s->file_lock);
}

/*
 * Not user-creatable and never added to the QOM tree: only -global and
 * machine compat reach its properties (QEMU derives it from "device"
 * for that; our global properties apply to any type).
 */
static const TypeInfo migration_type_info = {
    .name = TYPE_MIGRATION,
    .parent = TYPE_OBJECT,
    .instance_size = sizeof(MigrationState),
    .instance_init = migration_instance_init,
    .instance_finalize = migration_instance_finalize,
    .class_init = migration_class_init,
};

static void migration_register_type(void)
{
    if (!object_class_by_name(TYPE_MIGRATION)) {
        type_register_static(&migration_type_info);
    }
}

bool migration_object_init(Error **errp)
{
    Object *obj;

    assert(!current_migration);
    migration_register_type();
    obj = object_new(TYPE_MIGRATION);
    /* Machine compat first, then -global (which wins). */
    if (!object_apply_compat_props(obj, errp)) {
        object_unref(obj);
        return false;
    }
    current_migration = (MigrationState *)obj;
    /*
     * The sections every VM carries, "timer" first (QEMU gives it
     * section id 0).
     */
    cpu_timers_init();
    ram_mig_init();
    global_state_register();
    return true;
}

void migration_object_finalize(void)
{
    if (current_migration) {
        migration_shutdown();
        object_unref(current_migration);
        current_migration = NULL;
    }
    g_clear_pointer(&incoming_uri, g_free);
    incoming_started = false;
}

MigrationState *migrate_get_current(void)
{
    assert(current_migration);
    return current_migration;
}

static bool migration_status_is_running(int state)
{
    switch (state) {
    case MIGRATION_STATUS_SETUP:
    case MIGRATION_STATUS_ACTIVE:
    case MIGRATION_STATUS_PRE_SWITCHOVER:
    case MIGRATION_STATUS_DEVICE:
    case MIGRATION_STATUS_CANCELLING:
    case MIGRATION_STATUS_WAIT_UNPLUG:
    case MIGRATION_STATUS_COLO:
    case MIGRATION_STATUS_POSTCOPY_DEVICE:
    case MIGRATION_STATUS_POSTCOPY_ACTIVE:
    case MIGRATION_STATUS_POSTCOPY_PAUSED:
    case MIGRATION_STATUS_POSTCOPY_RECOVER_SETUP:
    case MIGRATION_STATUS_POSTCOPY_RECOVER:
        return true;
    default:
        return false;
    }
}

bool migration_is_running(void)
{
    return current_migration &&
           migration_status_is_running(qatomic_read(&current_migration->state));
}

bool migration_incoming_started(void)
{
    return incoming_started;
}

void migration_incoming_set_started(bool started)
{
    incoming_started = started;
}

void migration_set_incoming_uri(const char *uri)
{
    g_free(incoming_uri);
    incoming_uri = g_strdup(uri);
}

const char *migration_incoming_uri(void)
{
    return incoming_uri;
}

void migration_shutdown(void)
{
    migration_outgoing_shutdown(current_migration);
    migration_incoming_shutdown();
}

void migrate_set_state(int *state, int old, int new)
{
    if (qatomic_cmpxchg(state, old, new) == old &&
        current_migration && migrate_events()) {
        qapi_event_send_migration(new);
    }
}

void migrate_set_error(MigrationState *s, Error *err)
{
    QEMU_LOCK_GUARD(&s->error_lock);
    if (!s->error) {
        s->error = err;
    } else {
        error_free(err);
    }
}

bool migrate_has_error(MigrationState *s)
{
    QEMU_LOCK_GUARD(&s->error_lock);
    return s->error != NULL;
}

char *migrate_error_desc(MigrationState *s)
{
    QEMU_LOCK_GUARD(&s->error_lock);
    return s->error ? g_strdup(error_get_pretty(s->error)) : NULL;
}

static void migrate_error_clear(MigrationState *s)
{
    QEMU_LOCK_GUARD(&s->error_lock);
    g_clear_pointer(&s->error, error_free);
}

/*
 * migrate: everything that refuses a migration before it starts, in
 * QEMU's order.
 */
static bool migrate_prepare(MigrationState *s, bool resume, Error **errp)
{
    if (resume) {
        error_setg(errp, "Cannot resume if there is no paused migration");
        return false;
    }
    if (migration_is_running()) {
        error_setg(errp, "There's a migration process in progress");
        return false;
    }
    if (runstate_check(RUN_STATE_INMIGRATE)) {
        error_setg(errp, "Guest is waiting for an incoming migration");
        return false;
    }
    if (runstate_check(RUN_STATE_POSTMIGRATE)) {
        error_setg(errp, "Can't migrate the vm that was paused due to "
                   "previous migration");
        return false;
    }
    if (savevm_state_blocked(errp)) {
        return false;
    }
    return true;
}

/* Reset the run fields for a new outgoing migration (BQL). */
static void migrate_init(MigrationState *s)
{
    assert(!s->thread_created && !s->rp_thread_created);
    s->attempt++;
    migrate_error_clear(s);
    migration_stats_reset();
    s->start_time = qemu_clock_get_ms(QEMU_CLOCK_REALTIME);
    s->vm_old_state = RUN_STATE__MAX;
    s->rp_shut_received = false;
    s->rp_shut_value = 0;
    s->rp_error = false;
    while (qemu_sem_timedwait(&s->pause_sem, 0) == 0) {
        /* drain */
    }
    while (qemu_sem_timedwait(&s->rate_limit_sem, 0) == 0) {
        /* drain */
    }
    while (qemu_sem_timedwait(&s->rp_sem, 0) == 0) {
        /* drain */
    }
    qemu_mutex_lock(&s->info_lock);
    s->setup_time = 0;
    s->total_time = 0;
    s->downtime = 0;
    s->expected_downtime = migrate_downtime_limit();
    s->mbps = 0;
    s->pages_per_second = 0;
    qemu_mutex_unlock(&s->info_lock);
}

void qmp_migrate(const char *uri, bool has_channels,
                 MigrationChannelList *channels, bool has_detach,
                 bool detach, bool has_resume, bool resume, Error **errp)
{
    MigrationState *s = migrate_get_current();
    g_autoptr(MigrationAddress) addr = NULL;
    Error *local_err = NULL;

    addr = migrate_address_from_args(uri, has_channels, channels, false,
                                     errp);
    if (!addr) {
        return;
    }
    if (!migration_transport_compatible(addr, errp)) {
        return;
    }
    if (!migrate_prepare(s, has_resume && resume, errp)) {
        return;
    }
    migrate_init(s);
    qapi_free_MigrationAddress(s->dest_addr);
    s->dest_addr = QAPI_CLONE(MigrationAddress, addr);
    /* The setup event goes out before the command's reply. */
    migrate_set_state(&s->state, qatomic_read(&s->state),
                      MIGRATION_STATUS_SETUP);
    if (!migration_connect_outgoing(s, addr, &local_err)) {
        migrate_set_error(s, error_copy(local_err));
        migrate_set_state(&s->state, MIGRATION_STATUS_SETUP,
                          MIGRATION_STATUS_FAILED);
        error_propagate(errp, local_err);
    }
}

void migration_channel_connect(MigrationState *s, QIOChannel *ioc,
                               Error *error)
{
    if (qatomic_read(&s->state) != MIGRATION_STATUS_SETUP) {
        /* Cancelled while connecting: the channel is not wanted. */
        error_free(error);
        return;
    }
    if (error) {
        migrate_set_error(s, error);
        migrate_set_state(&s->state, MIGRATION_STATUS_SETUP,
                          MIGRATION_STATUS_FAILED);
        return;
    }
    qemu_mutex_lock(&s->file_lock);
    s->to_dst_file = qemu_file_new_output(ioc);
    qemu_mutex_unlock(&s->file_lock);
    migration_outgoing_start(s);
}

void qmp_migrate_cancel(Error **errp)
{
    migration_outgoing_cancel(migrate_get_current());
}

void qmp_migrate_continue(MigrationStatus state, Error **errp)
{
    MigrationState *s = migrate_get_current();
    int cur = qatomic_read(&s->state);

    if (cur != (int)state) {
        error_setg(errp, "Migration not in expected state: %s",
                   MigrationStatus_str(cur));
        return;
    }
    migration_outgoing_continue(s);
}

/* The ram member of query-migrate (source, from active on). */
static MigrationStats *migration_ram_info(MigrationState *s, int state)
{
    MigrationStats *ram = g_new0(MigrationStats, 1);

    ram_fill_info(ram, state == MIGRATION_STATUS_COMPLETED);
    qemu_mutex_lock(&s->info_lock);
    ram->mbps = s->mbps;
    ram->pages_per_second = s->pages_per_second;
    qemu_mutex_unlock(&s->info_lock);
    return ram;
}

static void fill_source_info(MigrationState *s, MigrationInfo *info)
{
    int state = qatomic_read(&s->state);

    switch (state) {
    case MIGRATION_STATUS_NONE:
        return;
    case MIGRATION_STATUS_SETUP:
        break;
    case MIGRATION_STATUS_ACTIVE:
    case MIGRATION_STATUS_CANCELLING:
    case MIGRATION_STATUS_PRE_SWITCHOVER:
    case MIGRATION_STATUS_DEVICE:
        qemu_mutex_lock(&s->info_lock);
        info->has_setup_time = true;
        info->setup_time = s->setup_time;
        info->has_expected_downtime = true;
        info->expected_downtime = s->expected_downtime;
        qemu_mutex_unlock(&s->info_lock);
        info->has_total_time = true;
        info->total_time = qemu_clock_get_ms(QEMU_CLOCK_REALTIME) -
                           s->start_time;
        info->ram = migration_ram_info(s, state);
        break;
    case MIGRATION_STATUS_COMPLETED:
        qemu_mutex_lock(&s->info_lock);
        info->has_setup_time = true;
        info->setup_time = s->setup_time;
        info->has_total_time = true;
        info->total_time = s->total_time;
        info->has_downtime = true;
        info->downtime = s->downtime;
        qemu_mutex_unlock(&s->info_lock);
        info->ram = migration_ram_info(s, state);
        break;
    default:
        break;
    }
    info->has_status = true;
    info->status = state;
    info->error_desc = migrate_error_desc(s);
}

static void fill_destination_info(MigrationInfo *info)
{
    MigrationIncomingState *mis = migration_incoming_get_current();
    int state = qatomic_read(&mis->state);

    if (mis->socket_address) {
        SocketAddressList **tail = &info->socket_address;

        info->has_socket_address = true;
        for (SocketAddressList *l = mis->socket_address; l; l = l->next) {
            *tail = g_new0(SocketAddressList, 1);
            (*tail)->value = QAPI_CLONE(SocketAddress, l->value);
            tail = &(*tail)->next;
        }
    }
    if (state == MIGRATION_STATUS_NONE) {
        return;
    }
    info->has_status = true;
    info->status = state;
    if (state == MIGRATION_STATUS_FAILED) {
        info->error_desc = migrate_incoming_error_desc(mis);
    }
}

MigrationInfo *qmp_query_migrate(Error **errp)
{
    MigrationState *s = migrate_get_current();
    MigrationInfo *info = g_new0(MigrationInfo, 1);
    Error *blocker = NULL;

    if (savevm_state_blocked(&blocker)) {
        info->has_blocked_reasons = true;
        info->blocked_reasons = g_new0(strList, 1);
        info->blocked_reasons->value = g_strdup(error_get_pretty(blocker));
        error_free(blocker);
    }
    if (qatomic_read(&s->state) != MIGRATION_STATUS_NONE) {
        fill_source_info(s, info);
    } else {
        fill_destination_info(info);
    }
    return info;
}
