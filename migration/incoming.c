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
#include "multifd.h"
#include "io/channel-socket.h"
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
    if (!migration_transport_compatible(addr, errp)) {
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
    if (ret == 0 && !multifd_recv_check_synced(&err)) {
        ret = -EINVAL;
    }
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
    /* Joins the receive threads, which may still use main_ioc. */
    multifd_recv_cleanup();
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

/*
 * The load can start: the main channel and, with multifd, every multifd
 * channel are there (main thread, BQL).
 */
static void incoming_start(MigrationIncomingState *mis)
{
    Error *err = NULL;

    migration_incoming_stop_listening(mis);
    mis->from_src_file = qemu_file_new_input(mis->main_ioc);
    mis->finish_bh = qemu_bh_new(incoming_finish_bh, mis);
    migrate_set_state(&mis->state, MIGRATION_STATUS_SETUP,
                      MIGRATION_STATUS_ACTIVE);
    if (migrate_multifd() && !multifd_recv_start(&err)) {
        goto fail;
    }
    mis->thread_created = qemu_thread_try_create(
        &mis->thread, "mig/dst/main", incoming_thread, mis,
        QEMU_THREAD_JOINABLE, &err);
    if (mis->thread_created) {
        return;
    }
fail:
    migrate_incoming_set_error(mis, err);
    mis->load_ret = -EAGAIN;
    qemu_bh_schedule(mis->finish_bh);
}

/*
 * A connection could not be placed before the load started (bad init
 * packet, unknown magic): the incoming migration fails (main thread,
 * BQL).  Once the load runs, its thread reports the failure instead.
 */
static void incoming_fail_early(MigrationIncomingState *mis, Error *err)
{
    int state = qatomic_read(&mis->state);

    migrate_incoming_set_error(mis, err);
    if (state != MIGRATION_STATUS_SETUP || mis->thread_created) {
        return;
    }
    incoming_cleanup(mis);
    migrate_set_state(&mis->state, MIGRATION_STATUS_SETUP,
                      MIGRATION_STATUS_FAILED);
    if (mis->exit_on_error) {
        g_autofree char *desc = migrate_incoming_error_desc(mis);

        error_report("%s", desc);
        exit(EXIT_FAILURE);
    }
}

/* Whether the incoming side still waits for channels (main thread). */
static bool incoming_wants_channels(MigrationIncomingState *mis)
{
    return qatomic_read(&mis->state) == MIGRATION_STATUS_SETUP &&
           !mis->thread_created &&
           (!mis->main_ioc ||
            (migrate_multifd() && !multifd_recv_all_channels_created()));
}

/* Place a classified connection; start the load once all are there. */
static void incoming_place(MigrationIncomingState *mis, QIOChannel *ioc,
                           bool is_main)
{
    Error *err = NULL;

    if (is_main) {
        if (mis->main_ioc) {
            error_setg(&err, "migration: a second main channel arrived");
            incoming_fail_early(mis, err);
            return;
        }
        mis->main_ioc = qio_channel_ref(ioc);
    } else if (!multifd_recv_new_channel(ioc, &err)) {
        incoming_fail_early(mis, err);
        return;
    }
    if (mis->main_ioc &&
        (!migrate_multifd() || multifd_recv_all_channels_created())) {
        incoming_start(mis);
    }
}

#define QEMU_VM_FILE_MAGIC_BE 0x5145564dU  /* "QEVM" */

/*
 * Classify a multifd-era connection by its first bytes (wire-format.md
 * 4.7), without blocking the main loop: the watch fires when data is
 * there, the bytes are peeked (left in place), and a multifd channel
 * is only taken once its whole 64-byte init packet has arrived.
 */
static gboolean incoming_classify(QIOChannel *ioc, GIOCondition cond,
                                  gpointer opaque)
{
    MigrationIncomingState *mis = migration_incoming_get_current();
    uint8_t buf[MULTIFD_INIT_PACKET_SIZE];
    struct iovec iov = { .iov_base = buf, .iov_len = sizeof(buf) };
    Error *err = NULL;
    uint32_t magic;
    ssize_t n;

    if (!incoming_wants_channels(mis)) {
        return G_SOURCE_REMOVE;     /* too late: dropped */
    }
    n = qio_channel_readv_full(ioc, &iov, 1, NULL, NULL,
                               QIO_CHANNEL_READ_FLAG_MSG_PEEK, &err);
    if (n == QIO_CHANNEL_ERR_BLOCK) {
        return G_SOURCE_CONTINUE;
    }
    if (n < 0 || (n < 4 && (n == 0 || (cond & (G_IO_HUP | G_IO_ERR))))) {
        /* A connection that closed before saying anything is ignored. */
        error_free(err);
        return G_SOURCE_REMOVE;
    }
    if (n < 4) {
        return G_SOURCE_CONTINUE;
    }
    magic = (uint32_t)buf[0] << 24 | buf[1] << 16 | buf[2] << 8 | buf[3];
    if (magic == QEMU_VM_FILE_MAGIC_BE) {
        incoming_place(mis, ioc, true);
    } else if (magic == MULTIFD_MAGIC && migrate_multifd()) {
        if (n < MULTIFD_INIT_PACKET_SIZE) {
            if (cond & (G_IO_HUP | G_IO_ERR)) {
                error_setg(&err, "multifd: the channel closed inside its "
                           "initial packet");
                incoming_fail_early(mis, err);
                return G_SOURCE_REMOVE;
            }
            return G_SOURCE_CONTINUE;
        }
        incoming_place(mis, ioc, false);
    } else {
        error_setg(&err, "unknown channel magic: %#x", magic);
        incoming_fail_early(mis, err);
    }
    return G_SOURCE_REMOVE;
}

void migration_channel_process_incoming(QIOChannel *ioc)
{
    MigrationIncomingState *mis = migration_incoming_get_current();

    if (!incoming_wants_channels(mis)) {
        /* No more channels for this migration; later ones are dropped. */
        return;
    }
    if (!migrate_multifd()) {
        incoming_place(mis, ioc, true);
        return;
    }
    if (!qio_channel_has_feature(ioc, QIO_CHANNEL_FEATURE_READ_MSG_PEEK)) {
        /* Not peekable: the source connects the main channel first. */
        incoming_place(mis, ioc, !mis->main_ioc);
        return;
    }
    qio_channel_add_watch(ioc, G_IO_IN | G_IO_HUP | G_IO_ERR,
                          incoming_classify, NULL, NULL);
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
