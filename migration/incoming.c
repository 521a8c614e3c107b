/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The destination of a migration: migrate-incoming (and -incoming),
 * the incoming thread that loads the stream, the return-path writer
 * (PONG, SHUT), and the end of the load: the final run state, the
 * completed/failed status and exit-on-error.
 *
 * Threads: the incoming thread is created when the main channel
 * arrives (main loop, BQL), runs qemu_loadvm_state() without the BQL
 * and schedules @finish_bh, which joins it in the main loop.
 * migration_incoming_shutdown() (exit) shuts the channel down and
 * joins it.
 */
#include "qemu/osdep.h"
#include "qapi/error.h"
#include "qapi/qapi-commands-migration.h"
#include "qemu/error-report.h"
#include "system/runstate.h"
#include "migration.h"
#include "options.h"
#include "channel.h"
#include "savevm.h"
#include "migration/global_state.h"

/* Return-path messages the destination sends (wire-format.md 5). */
#define MIG_RP_MSG_SHUT 1
#define MIG_RP_MSG_PONG 2

static MigrationIncomingState *current_incoming;

MigrationIncomingState *migration_incoming_get_current(void)
{
    if (!current_incoming) {
        current_incoming = g_new0(MigrationIncomingState, 1);
        current_incoming->state = MIGRATION_STATUS_NONE;
        current_incoming->exit_on_error = true;
        qemu_mutex_init(&current_incoming->rp_lock);
        qemu_mutex_init(&current_incoming->error_lock);
    }
    return current_incoming;
}

void migrate_incoming_set_error(MigrationIncomingState *mis, Error *err)
{
    QEMU_LOCK_GUARD(&mis->error_lock);
    if (!mis->error) {
        mis->error = err;
    } else {
        error_free(err);
    }
}

char *migrate_incoming_error_desc(MigrationIncomingState *mis)
{
    QEMU_LOCK_GUARD(&mis->error_lock);
    return mis->error ? g_strdup(error_get_pretty(mis->error)) : NULL;
}

void qmp_migrate_incoming(const char *uri, bool has_channels,
                          MigrationChannelList *channels,
                          bool has_exit_on_error, bool exit_on_error,
                          Error **errp)
{
    MigrationIncomingState *mis = migration_incoming_get_current();
    g_autoptr(MigrationAddress) addr = NULL;

    if (!migration_incoming_uri()) {
        error_setg(errp, "'-incoming' was not specified on the command "
                   "line");
        return;
    }
    if (migration_incoming_started()) {
        error_setg(errp, "The incoming migration has already been started");
        return;
    }
    if (qatomic_read(&mis->state) != MIGRATION_STATUS_NONE) {
        error_setg(errp, "Illegal migration incoming state: %s",
                   MigrationStatus_str(qatomic_read(&mis->state)));
        return;
    }
    addr = migrate_address_from_args(uri, has_channels, channels, true,
                                     errp);
    if (!addr) {
        return;
    }
    mis->exit_on_error = has_exit_on_error ? exit_on_error : true;
    if (!migration_listen_incoming(mis, addr, errp)) {
        return;
    }
    migration_incoming_set_started(true);
    migrate_set_state(&mis->state, MIGRATION_STATUS_NONE,
                      MIGRATION_STATUS_SETUP);
}

bool migration_incoming_open_return_path(Error **errp)
{
    MigrationIncomingState *mis = migration_incoming_get_current();

    if (mis->to_src_file) {
        return true;
    }
    if (!mis->main_ioc ||
        !qio_channel_has_feature(mis->main_ioc,
                                 QIO_CHANNEL_FEATURE_SHUTDOWN)) {
        error_setg(errp, "Unable to open return-path for postcopy");
        return false;
    }
    mis->to_src_file = qemu_file_new_output(mis->main_ioc);
    return true;
}

/* One return-path message with a be32 payload (any thread). */
static void migrate_send_rp_u32(MigrationIncomingState *mis, uint16_t type,
                                uint32_t value)
{
    QEMU_LOCK_GUARD(&mis->rp_lock);
    if (!mis->to_src_file) {
        return;
    }
    qemu_put_be16(mis->to_src_file, type);
    qemu_put_be16(mis->to_src_file, 4);
    qemu_put_be32(mis->to_src_file, value);
    qemu_fflush(mis->to_src_file);
}

void migration_incoming_send_pong(uint32_t value)
{
    migrate_send_rp_u32(migration_incoming_get_current(), MIG_RP_MSG_PONG,
                        value);
}

static void *incoming_thread(void *opaque)
{
    MigrationIncomingState *mis = opaque;
    Error *err = NULL;
    int ret;

    ret = qemu_loadvm_state(mis->from_src_file, &err);
    if (ret < 0) {
        if (!err) {
            error_setg(&err, "the stream could not be loaded");
        }
        error_prepend(&err, "load of migration failed: %s: ",
                      strerror(-ret));
        migrate_incoming_set_error(mis, err);
    }
    mis->load_ret = ret;
    qemu_bh_schedule(mis->finish_bh);
    return NULL;
}

/* Join the incoming thread and close the channel (BQL; idempotent). */
static void incoming_cleanup(MigrationIncomingState *mis)
{
    if (mis->thread_created) {
        bql_unlock();
        qemu_thread_join(&mis->thread);
        bql_lock();
        mis->thread_created = false;
    }
    qemu_mutex_lock(&mis->rp_lock);
    g_clear_pointer(&mis->to_src_file, qemu_fclose);
    qemu_mutex_unlock(&mis->rp_lock);
    g_clear_pointer(&mis->from_src_file, qemu_fclose);
    g_clear_pointer(&mis->main_ioc, qio_channel_unref);
    g_clear_pointer(&mis->finish_bh, qemu_bh_delete);
    migration_incoming_stop_listening(mis);
    /* QEMU forgets the listening addresses once the incoming side ends. */
    qapi_free_SocketAddressList(mis->socket_address);
    mis->socket_address = NULL;
}

/* The VM's run state after a successful load (QEMU's rule). */
static void incoming_set_runstate(void)
{
    bool received = global_state_received();
    RunState rs = received ? global_state_get_runstate() : RUN_STATE_RUNNING;

    if (!received || rs == RUN_STATE_RUNNING ||
        rs == RUN_STATE_SUSPENDED) {
        if (autostart) {
            vm_start();
        } else {
            runstate_set(RUN_STATE_PAUSED);
        }
    } else {
        runstate_set(rs);
    }
}

static void incoming_finish_bh(void *opaque)
{
    MigrationIncomingState *mis = opaque;

    if (mis->thread_created) {
        bql_unlock();
        qemu_thread_join(&mis->thread);
        bql_lock();
        mis->thread_created = false;
    }
    if (mis->load_ret == 0) {
        migrate_send_rp_u32(mis, MIG_RP_MSG_SHUT, 0);
        incoming_set_runstate();
        incoming_cleanup(mis);
        migrate_set_state(&mis->state, MIGRATION_STATUS_ACTIVE,
                          MIGRATION_STATUS_COMPLETED);
        return;
    }
    migrate_send_rp_u32(mis, MIG_RP_MSG_SHUT, 1);
    incoming_cleanup(mis);
    migrate_set_state(&mis->state, MIGRATION_STATUS_ACTIVE,
                      MIGRATION_STATUS_FAILED);
    if (mis->exit_on_error) {
        g_autofree char *desc = migrate_incoming_error_desc(mis);

        error_report("%s", desc);
        exit(EXIT_FAILURE);
    }
}

void migration_channel_process_incoming(QIOChannel *ioc)
{
    MigrationIncomingState *mis = migration_incoming_get_current();
    Error *err = NULL;

    if (mis->main_ioc || qatomic_read(&mis->state) !=
        MIGRATION_STATUS_SETUP) {
        /* One main channel per migration; later ones are dropped. */
        return;
    }
    mis->main_ioc = qio_channel_ref(ioc);
    migration_incoming_stop_listening(mis);
    mis->from_src_file = qemu_file_new_input(ioc);
    mis->finish_bh = qemu_bh_new(incoming_finish_bh, mis);
    migrate_set_state(&mis->state, MIGRATION_STATUS_SETUP,
                      MIGRATION_STATUS_ACTIVE);
    mis->thread_created = qemu_thread_try_create(
        &mis->thread, "mig/dst/main", incoming_thread, mis,
        QEMU_THREAD_JOINABLE, &err);
    if (!mis->thread_created) {
        migrate_incoming_set_error(mis, err);
        mis->load_ret = -EAGAIN;
        qemu_bh_schedule(mis->finish_bh);
    }
}

void migration_incoming_shutdown(void)
{
    MigrationIncomingState *mis = current_incoming;

    if (!mis) {
        return;
    }
    if (mis->thread_created && mis->from_src_file) {
        qemu_file_shutdown(mis->from_src_file);
    }
    incoming_cleanup(mis);
}
