/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The outgoing migration once connected: the migration thread (header,
 * setup, iterations with bandwidth measurement and the switchover
 * decision, completion under the stopped VM), the return-path reader
 * thread, cancel, migrate-continue and the cleanup that joins them.
 *
 * Threads:
 * - the migration thread: created by migration_outgoing_start() (main
 *   thread, BQL), ends by itself (completion, error, cancel: cancel
 *   shuts the channel down and wakes its semaphores), schedules
 *   @cleanup_bh, which joins it in the main loop.
 * - the return-path thread (return-path capability): created before the
 *   migration thread, reads the destination's messages until SHUT, an
 *   error or the shutdown of the channel; joined by the migration
 *   thread before completion is declared, or by the cleanup.
 */
#include "qemu/osdep.h"
#include "qapi/error.h"
#include "qemu/error-report.h"
#include "qemu/timer.h"
#include "io/channel-socket.h"
#include "system/runstate.h"
#include "migration.h"
#include "migration-stats.h"
#include "multifd.h"
#include "options.h"
#include "savevm.h"

#include "migration/global_state.h"

/* Bandwidth is measured, and the rate limit refilled, every 100 ms. */
#define BUFFER_DELAY_MS 100

/* Return-path message types (wire-format.md 5). */
enum {
    MIG_RP_MSG_INVALID = 0,
    MIG_RP_MSG_SHUT,
    MIG_RP_MSG_PONG,
    MIG_RP_MSG_REQ_PAGES_ID,
    MIG_RP_MSG_REQ_PAGES,
    MIG_RP_MSG_RECV_BITMAP,
    MIG_RP_MSG_RESUME_ACK,
    MIG_RP_MSG_SWITCHOVER_ACK,
    MIG_RP_MSG_MAX,
};
#define MIG_RP_MAX_LEN 512

static int64_t now_ms(void)
{
    return qemu_clock_get_ms(QEMU_CLOCK_REALTIME);
}

/*
 * The return-path reader (source).  Ends on SHUT, on a bad message or
 * when the channel fails or is shut down.
 */
static void *source_return_path_thread(void *opaque)
{
    MigrationState *s = opaque;
    QEMUFile *rp = s->rp_file;
    static const int fixed_len[MIG_RP_MSG_MAX] = {
        [MIG_RP_MSG_SHUT] = 4, [MIG_RP_MSG_PONG] = 4,
        [MIG_RP_MSG_REQ_PAGES] = 12, [MIG_RP_MSG_RESUME_ACK] = 4,
        [MIG_RP_MSG_SWITCHOVER_ACK] = 0,
        [MIG_RP_MSG_REQ_PAGES_ID] = -1, [MIG_RP_MSG_RECV_BITMAP] = -1,
    };
    uint8_t buf[MIG_RP_MAX_LEN];
    Error *err = NULL;

    for (;;) {
        uint16_t type = qemu_get_be16(rp);
        uint16_t len = qemu_get_be16(rp);

        if (qemu_file_get_error(rp)) {
            error_setg(&err, "Failed to read header on return path");
            break;
        }
        if (type == MIG_RP_MSG_INVALID || type >= MIG_RP_MSG_MAX ||
            len > MIG_RP_MAX_LEN ||
            (fixed_len[type] != -1 && len != fixed_len[type])) {
            error_setg(&err, "Received invalid message 0x%04x length "
                       "0x%04x", type, len);
            break;
        }
        if (qemu_get_buffer(rp, buf, len) != len) {
            error_setg(&err, "Failed reading data for message 0x%04x read "
                       "%d", type, len);
            break;
        }
        if (type == MIG_RP_MSG_SHUT) {
            s->rp_shut_value = (uint32_t)buf[0] << 24 | buf[1] << 16 |
                               buf[2] << 8 | buf[3];
            s->rp_shut_received = true;
            if (s->rp_shut_value) {
                error_setg(&err, "Sibling indicated error %u",
                           s->rp_shut_value);
            }
            break;
        }
        if (type == MIG_RP_MSG_PONG) {
            qemu_sem_post(&s->rp_sem);
            continue;
        }
        if (type == MIG_RP_MSG_SWITCHOVER_ACK) {
            continue;   /* we never ask for one */
        }
        error_setg(&err, "Received unexpected message 0x%04x on the "
                   "return path of a precopy migration", type);
        break;
    }
    if (err) {
        s->rp_error = true;
        if (qatomic_read(&s->state) != MIGRATION_STATUS_CANCELLING) {
            migrate_set_error(s, err);
        } else {
            error_free(err);
        }
        /* Unblock the migration thread too. */
        qemu_file_shutdown(rp);
    }
    qemu_sem_post(&s->rp_sem);
    return NULL;
}

static bool open_return_path_on_source(MigrationState *s, Error **errp)
{
    QIOChannel *ioc = qemu_file_get_ioc(s->to_dst_file);

    if (!qio_channel_is_socket(ioc)) {
        error_setg(errp, "Unable to open return-path for postcopy");
        return false;
    }
    qemu_mutex_lock(&s->file_lock);
    s->rp_file = qemu_file_new_input(ioc);
    qemu_mutex_unlock(&s->file_lock);
    s->rp_thread_created = qemu_thread_try_create(
        &s->rp_thread, "mig/src/rp", source_return_path_thread, s,
        QEMU_THREAD_JOINABLE, errp);
    return s->rp_thread_created;
}

/* Join the return-path thread; false if it reported an error. */
static bool close_return_path_on_source(MigrationState *s)
{
    if (s->rp_thread_created) {
        qemu_thread_join(&s->rp_thread);
        s->rp_thread_created = false;
    }
    return !s->rp_error;
}

/* Record @err unless the migration is being cancelled; then fail. */
static void migration_fail(MigrationState *s, Error *err)
{
    int state = qatomic_read(&s->state);

    if (state == MIGRATION_STATUS_CANCELLING) {
        error_free(err);
        return;
    }
    if (err) {
        migrate_set_error(s, err);
    }
    if (state == MIGRATION_STATUS_FAILED) {
        return;     /* a multifd channel got there first */
    }
    migrate_set_state(&s->state, state, MIGRATION_STATUS_FAILED);
}

/* The stream's latched error as a migration error. */
static void migration_fail_file(MigrationState *s, QEMUFile *f)
{
    Error *err = NULL;
    int ret = qemu_file_get_error_obj(f, NULL);

    if (ret) {
        Error *ferr = NULL;

        qemu_file_get_error_obj(f, &ferr);
        if (ferr) {
            err = error_copy(ferr);
        } else {
            error_setg_errno(&err, -ret, "Channel error");
        }
    }
    migration_fail(s, err);
}

/* Bandwidth state of the iteration loop (migration thread only). */
typedef struct MigrationRate {
    int64_t window_start;       /* ms */
    uint64_t window_bytes;      /* transferred at window start */
    uint64_t window_pages;      /* pages sent at window start */
    uint64_t threshold;         /* bytes that fit the downtime limit */
    uint64_t pending;           /* last pending figure */
} MigrationRate;

static uint64_t pages_sent(void)
{
    return qatomic_read(&mig_stats.normal_pages) +
           qatomic_read(&mig_stats.zero_pages);
}

static void rate_window_start(MigrationState *s, QEMUFile *f,
                              MigrationRate *r)
{
    uint64_t max_bw = migrate_max_bandwidth();

    r->window_start = now_ms();
    r->window_bytes = migration_transferred_bytes();
    r->window_pages = pages_sent();
    migration_rate_limit_window_start();
    qemu_file_set_rate_limit(f, max_bw / (1000 / BUFFER_DELAY_MS));
    qemu_file_reset_rate_limit(f);
    qatomic_set(&mig_stats.rate_limit_max,
                max_bw / (1000 / BUFFER_DELAY_MS));
}

/* Every BUFFER_DELAY_MS: bandwidth, switchover threshold, figures. */
static void rate_window_update(MigrationState *s, QEMUFile *f,
                               MigrationRate *r)
{
    int64_t now = now_ms();
    int64_t spent = now - r->window_start;
    uint64_t bytes, switchover_bw;
    double bw;  /* bytes per ms */

    if (spent < BUFFER_DELAY_MS) {
        return;
    }
    bytes = migration_transferred_bytes() - r->window_bytes;
    bw = (double)bytes / spent;
    switchover_bw = migrate_avail_switchover_bandwidth();
    if (switchover_bw) {
        r->threshold = (double)switchover_bw / 1000 *
                       migrate_downtime_limit();
    } else {
        r->threshold = bw * migrate_downtime_limit();
    }
    qemu_mutex_lock(&s->info_lock);
    s->mbps = bytes * 8.0 / spent / 1000.0;
    s->pages_per_second = (pages_sent() - r->window_pages) * 1000 / spent;
    if (bw > 0) {
        s->expected_downtime = r->pending / bw;
    }
    qemu_mutex_unlock(&s->info_lock);
    rate_window_start(s, f, r);
}

/* Sleep out the rest of a window whose budget is spent. */
static void rate_limit_wait(MigrationState *s, QEMUFile *f,
                            MigrationRate *r)
{
    int64_t left;

    if (!migration_rate_limit_exceeded(f)) {
        return;
    }
    left = r->window_start + BUFFER_DELAY_MS - now_ms();
    if (left > 0) {
        qemu_sem_timedwait(&s->rate_limit_sem, left);
    }
}

/*
 * Wait in pre-switchover for migrate-continue (or cancel).  Called
 * with the BQL, which is dropped while waiting.  False if the
 * migration must not go on.
 */
static bool migration_maybe_pause(MigrationState *s)
{
    if (!migrate_pause_before_switchover()) {
        migrate_set_state(&s->state, MIGRATION_STATUS_ACTIVE,
                          MIGRATION_STATUS_DEVICE);
        return qatomic_read(&s->state) == MIGRATION_STATUS_DEVICE;
    }
    migrate_set_state(&s->state, MIGRATION_STATUS_ACTIVE,
                      MIGRATION_STATUS_PRE_SWITCHOVER);
    bql_unlock();
    while (qatomic_read(&s->state) == MIGRATION_STATUS_PRE_SWITCHOVER) {
        qemu_sem_wait(&s->pause_sem);
    }
    bql_lock();
    /* migrate-continue moved us to device; cancel to cancelling. */
    return qatomic_read(&s->state) == MIGRATION_STATUS_DEVICE;
}

/* Stop the VM and send the rest.  True once the state is completed. */
static bool migration_completion(MigrationState *s, QEMUFile *f)
{
    Error *err = NULL;
    int ret;

    bql_lock();
    qemu_mutex_lock(&s->info_lock);
    s->downtime = now_ms();     /* start; turned into a span below */
    qemu_mutex_unlock(&s->info_lock);
    s->vm_old_state = runstate_get();
    global_state_store();
    vm_stop_force_state(RUN_STATE_FINISH_MIGRATE);
    if (!migration_maybe_pause(s)) {
        bql_unlock();
        return false;
    }
    ret = qemu_savevm_state_complete_precopy(f, &err);
    migration_stats_account_file(f);
    bql_unlock();
    if (ret < 0 || qemu_file_get_error(f)) {
        if (err) {
            migration_fail(s, err);
        } else {
            migration_fail_file(s, f);
        }
        return false;
    }
    if (s->rp_thread_created) {
        /* The destination answers SHUT once it has loaded everything. */
        if (!close_return_path_on_source(s) || !s->rp_shut_received) {
            if (!migrate_has_error(s)) {
                error_setg(&err, "Failed to receive the destination's "
                           "return-path shut message");
            }
            migration_fail(s, err);
            return false;
        }
    }
    qemu_mutex_lock(&s->info_lock);
    {
        int64_t end = now_ms();
        int64_t transfer = end - s->start_time - s->setup_time;

        s->downtime = end - s->downtime;
        s->total_time = end - s->start_time;
        if (transfer > 0) {
            s->mbps = migration_transferred_bytes() * 8.0 / transfer /
                      1000.0;
        }
    }
    qemu_mutex_unlock(&s->info_lock);
    migrate_set_state(&s->state, MIGRATION_STATUS_DEVICE,
                      MIGRATION_STATUS_COMPLETED);
    return qatomic_read(&s->state) == MIGRATION_STATUS_COMPLETED;
}

/* The iterations; returns when the stream is done, failed or cancelled. */
static void migration_iterate(MigrationState *s, QEMUFile *f)
{
    MigrationRate r = { 0 };

    rate_window_start(s, f, &r);
    while (qatomic_read(&s->state) == MIGRATION_STATUS_ACTIVE) {
        uint64_t must = 0, can = 0;
        int ret;

        if (qemu_file_get_error(f) || migrate_has_error(s)) {
            migration_fail_file(s, f);
            return;
        }
        qemu_savevm_state_pending_estimate(&must, &can);
        r.pending = must + can;
        if (r.pending <= r.threshold) {
            must = can = 0;
            qemu_savevm_state_pending_exact(&must, &can);
            r.pending = must + can;
            if (r.pending <= r.threshold) {
                migration_completion(s, f);
                return;
            }
        }
        ret = qemu_savevm_state_iterate(f);
        migration_stats_account_file(f);
        if (ret < 0) {
            migration_fail_file(s, f);
            return;
        }
        rate_window_update(s, f, &r);
        rate_limit_wait(s, f, &r);
    }
}

/* Restart the VM after a failure or cancel, if we stopped it (BQL). */
static void migration_restore_vm(MigrationState *s)
{
    if (s->vm_old_state == RUN_STATE_RUNNING ||
        s->vm_old_state == RUN_STATE_SUSPENDED) {
        if (!runstate_check(RUN_STATE_SHUTDOWN)) {
            vm_start();
        }
    } else if (s->vm_old_state != RUN_STATE__MAX &&
               runstate_check(RUN_STATE_FINISH_MIGRATE)) {
        runstate_set(s->vm_old_state);
    }
}

static void *migration_thread(void *opaque)
{
    MigrationState *s = opaque;
    QEMUFile *f = s->to_dst_file;
    int64_t setup_start = now_ms();
    Error *err = NULL;

    qemu_savevm_state_header(f);
    if (s->rp_thread_created) {
        qemu_savevm_send_open_return_path(f);
        qemu_savevm_send_ping(f, 1);
    }
    /* The channels connect while the main one carries the header. */
    if (multifd_send_active() && !multifd_send_wait_channels()) {
        migration_fail(s, NULL);
        goto out;
    }
    bql_lock();
    if (qemu_savevm_state_setup(f, &err) < 0) {
        bql_unlock();
        migration_fail(s, err);
        goto out;
    }
    bql_unlock();
    qemu_fflush(f);
    migration_stats_account_file(f);
    if (qemu_file_get_error(f)) {
        migration_fail_file(s, f);
        goto out;
    }
    migrate_set_state(&s->state, MIGRATION_STATUS_SETUP,
                      MIGRATION_STATUS_ACTIVE);
    qemu_mutex_lock(&s->info_lock);
    s->setup_time = now_ms() - setup_start;
    qemu_mutex_unlock(&s->info_lock);
    migration_iterate(s, f);

out:
    bql_lock();
    switch (qatomic_read(&s->state)) {
    case MIGRATION_STATUS_COMPLETED:
        runstate_set(RUN_STATE_POSTMIGRATE);
        break;
    case MIGRATION_STATUS_SETUP:
    case MIGRATION_STATUS_ACTIVE:
        /* Left the loop without a verdict: an error nobody recorded. */
        migration_fail_file(s, f);
        migration_restore_vm(s);
        break;
    default:
        migration_restore_vm(s);
        break;
    }
    qemu_bh_schedule(s->cleanup_bh);
    bql_unlock();
    return NULL;
}

/*
 * Join the threads, close the stream, let the handlers clean up and
 * finish a cancel.  Idempotent.  Main thread, BQL.
 */
static void migration_cleanup(MigrationState *s)
{
    QEMUFile *f, *rp;

    if (s->thread_created) {
        bql_unlock();
        qemu_thread_join(&s->thread);
        bql_lock();
        s->thread_created = false;
    }
    /* Before the main channel goes: every send thread is joined here. */
    multifd_send_shutdown();
    if (s->rp_thread_created) {
        qemu_mutex_lock(&s->file_lock);
        if (s->rp_file) {
            qemu_file_shutdown(s->rp_file);
        }
        qemu_mutex_unlock(&s->file_lock);
        close_return_path_on_source(s);
    }
    qemu_mutex_lock(&s->file_lock);
    f = s->to_dst_file;
    rp = s->rp_file;
    s->to_dst_file = NULL;
    s->rp_file = NULL;
    qemu_mutex_unlock(&s->file_lock);
    if (rp) {
        qemu_fclose(rp);
    }
    if (f) {
        /*
         * Dropping the last reference closes the channel (an exec:
         * command is reaped there).  The verdict is already given.
         */
        qemu_fclose(f);
    }
    qemu_savevm_state_cleanup();
    g_clear_pointer(&s->cleanup_bh, qemu_bh_delete);
    migrate_set_state(&s->state, MIGRATION_STATUS_CANCELLING,
                      MIGRATION_STATUS_CANCELLED);
}

static void migration_cleanup_bh(void *opaque)
{
    migration_cleanup(opaque);
}

void migration_outgoing_start(MigrationState *s)
{
    Error *err = NULL;

    s->cleanup_bh = qemu_bh_new(migration_cleanup_bh, s);
    if (migrate_multifd() &&
        !multifd_send_setup(&s->dest_addr->u.socket, &err)) {
        goto fail;
    }
    if ((migrate_return_path() || migrate_postcopy_ram()) &&
        !open_return_path_on_source(s, &err)) {
        goto fail;
    }
    s->thread_created = qemu_thread_try_create(
        &s->thread, "mig/src/main", migration_thread, s,
        QEMU_THREAD_JOINABLE, &err);
    if (s->thread_created) {
        return;
    }
fail:
    migrate_set_error(s, err);
    migrate_set_state(&s->state, MIGRATION_STATUS_SETUP,
                      MIGRATION_STATUS_FAILED);
    migration_cleanup(s);
}

void migration_outgoing_cancel(MigrationState *s)
{
    int old;

    for (;;) {
        old = qatomic_read(&s->state);
        if (old != MIGRATION_STATUS_SETUP &&
            old != MIGRATION_STATUS_ACTIVE &&
            old != MIGRATION_STATUS_PRE_SWITCHOVER &&
            old != MIGRATION_STATUS_DEVICE &&
            old != MIGRATION_STATUS_WAIT_UNPLUG) {
            return;
        }
        migrate_set_state(&s->state, old, MIGRATION_STATUS_CANCELLING);
        if (qatomic_read(&s->state) == MIGRATION_STATUS_CANCELLING) {
            break;
        }
    }
    multifd_send_cancel();
    if (!s->thread_created) {
        /* Still connecting: nothing runs that could finish the cancel. */
        migration_cleanup(s);
        return;
    }
    qemu_mutex_lock(&s->file_lock);
    if (s->to_dst_file) {
        qemu_file_shutdown(s->to_dst_file);
    }
    if (s->rp_file) {
        qemu_file_shutdown(s->rp_file);
    }
    qemu_mutex_unlock(&s->file_lock);
    qemu_sem_post(&s->pause_sem);
    qemu_sem_post(&s->rate_limit_sem);
}

void migration_outgoing_continue(MigrationState *s)
{
    migrate_set_state(&s->state, MIGRATION_STATUS_PRE_SWITCHOVER,
                      MIGRATION_STATUS_DEVICE);
    qemu_sem_post(&s->pause_sem);
}

void migration_outgoing_shutdown(MigrationState *s)
{
    migration_outgoing_cancel(s);
    if (s->thread_created) {
        migration_cleanup(s);
    }
}
