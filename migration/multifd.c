/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Multifd, source side: the N extra channels of an outgoing migration,
 * their send threads, the hand-over of page batches from the migration
 * thread, the flush-and-sync protocol (wire-format.md 4.6), errors and
 * the cleanup.  The bytes on each channel come from the codecs of
 * multifd-packet.c; the destination side is multifd-recv.c.  Design:
 * docs/devel/multifd.md.
 *
 * Threads and ownership:
 * - the main thread (BQL) creates the state (multifd_send_setup()),
 *   receives the connect results, creates the send threads, cancels
 *   (multifd_send_cancel()) and frees everything
 *   (multifd_send_shutdown(), after the migration thread was joined);
 * - the migration thread fills its own batch (@pages) and hands it to an
 *   idle channel by swapping it with that channel's empty batch; it asks
 *   for SYNC packets and waits for them;
 * - each send thread owns its codec and, while @pending_job is set, its
 *   batch.  @pending_job / @pending_sync are the hand-over flags: set
 *   (store release) by the migration thread, cleared (store release) by
 *   the channel when the work is on the wire.  There is no shared queue
 *   and no lock: the semaphores only wake sleepers, and every waiter
 *   re-checks the flags, @exiting and the migration error after waking,
 *   so extra posts are harmless and nobody waits on a channel that has
 *   gone (a channel that ends posts every semaphore).
 */
#include "qemu/osdep.h"
#include "qapi/error.h"
#include "io/channel-socket.h"
#include "system/system.h"
#include "migration.h"
#include "migration-stats.h"
#include "multifd.h"
#include "options.h"
#include "ram.h"

typedef struct MultiFDSendState MultiFDSendState;

typedef struct MultiFDSendChannel {
    MultiFDSendState *ms;
    uint8_t id;
    /*
     * Set by the connect callback (main thread, BQL) before the thread
     * starts; shut down by cancel (BQL); unreferenced by the shutdown
     * after the join.
     */
    QIOChannel *ioc;
    bool thread_created;        /* main thread, BQL */
    QemuThread thread;
    QemuSemaphore sem;          /* work for the channel (or exit) */
    bool pending_job;           /* atomic: @pages is the channel's */
    bool pending_sync;          /* atomic: a SYNC packet is wanted */
    bool quit;                  /* atomic: the thread has ended */
    MultiFDPages *pages;
    MultiFDSendCodec codec;     /* the send thread's */
} MultiFDSendChannel;

struct MultiFDSendState {
    unsigned int count;
    uint32_t generation;
    MultiFDSendChannel *ch;
    /* Migration thread only. */
    MultiFDPages *pages;
    unsigned int next;
    bool unsynced;              /* pages queued since the last sync */
    /* Wake-ups of the migration thread. */
    QemuSemaphore channels_created;     /* a channel is up or failed */
    QemuSemaphore channels_ready;       /* a channel finished a batch */
    QemuSemaphore sync_done;            /* a channel wrote its SYNC */
    /* Atomic. */
    unsigned int ready;         /* channels up (init packet sent) */
    unsigned int failed;        /* channels that will never be up */
    bool exiting;               /* cancel or shutdown: stop everything */
    uint64_t packet_num;        /* shared by all channels */
};

/*
 * The outgoing multifd state; written by the main thread with the BQL
 * (setup, shutdown), read by the migration and send threads while they
 * run (the shutdown joins them before freeing it).
 */
static MultiFDSendState *send_state;
static uint32_t send_generation;

bool multifd_send_active(void)
{
    return send_state != NULL;
}

/* Wake every thread that may wait for a channel (any thread). */
static void multifd_send_kick(MultiFDSendState *ms)
{
    MigrationState *s = migrate_get_current();

    qemu_sem_post(&ms->channels_created);
    qemu_sem_post(&ms->channels_ready);
    qemu_sem_post(&ms->sync_done);
    /* The migration thread may sleep for the rate limit or a pause. */
    qemu_sem_post(&s->rate_limit_sem);
    qemu_sem_post(&s->pause_sem);
}

/*
 * A channel failed (any thread): the first error becomes the
 * migration's and the migration fails, unless it is being cancelled
 * or torn down (then the error is a consequence, not a cause).  The
 * main channel is shut down so that nothing waits on a stream whose
 * migration is over.
 */
static void multifd_send_set_error(MultiFDSendState *ms, Error *err)
{
    MigrationState *s = migrate_get_current();
    int state = qatomic_read(&s->state);

    if (qatomic_read(&ms->exiting) ||
        state == MIGRATION_STATUS_CANCELLING ||
        state == MIGRATION_STATUS_CANCELLED) {
        error_free(err);
    } else if (err) {
        migrate_set_error(s, err);
        if (state == MIGRATION_STATUS_SETUP ||
            state == MIGRATION_STATUS_ACTIVE ||
            state == MIGRATION_STATUS_PRE_SWITCHOVER ||
            state == MIGRATION_STATUS_DEVICE) {
            migrate_set_state(&s->state, state, MIGRATION_STATUS_FAILED);
        }
        qemu_mutex_lock(&s->file_lock);
        if (s->to_dst_file) {
            qemu_file_shutdown(s->to_dst_file);
        }
        qemu_mutex_unlock(&s->file_lock);
    }
    multifd_send_kick(ms);
}

/* Whether the migration thread must stop using the channels. */
static bool multifd_send_should_stop(MultiFDSendState *ms)
{
    return qatomic_read(&ms->exiting) ||
           migrate_has_error(migrate_get_current());
}

static bool multifd_send_batch(MultiFDSendChannel *p, Error **errp)
{
    MultiFDSendState *ms = p->ms;
    MultiFDPages *pages = p->pages;

    if (!multifd_send_codec_prepare(&p->codec, pages,
                                    qatomic_fetch_inc(&ms->packet_num),
                                    errp) ||
        !multifd_send_codec_write(&p->codec, p->ioc, errp)) {
        return false;
    }
    /* QEMU counts multifd pages where it classifies them. */
    qatomic_add(&mig_stats.normal_pages, pages->normal_num);
    qatomic_add(&mig_stats.zero_pages, pages->num - pages->normal_num);
    qatomic_add(&mig_stats.multifd_bytes,
                multifd_send_codec_bytes(&p->codec));
    return true;
}

static bool multifd_send_sync_packet(MultiFDSendChannel *p, Error **errp)
{
    multifd_send_codec_prepare_sync(&p->codec,
                                    qatomic_fetch_inc(&p->ms->packet_num));
    if (!multifd_send_codec_write(&p->codec, p->ioc, errp)) {
        return false;
    }
    qatomic_add(&mig_stats.multifd_bytes,
                multifd_send_codec_bytes(&p->codec));
    return true;
}

static void *multifd_send_thread(void *opaque)
{
    MultiFDSendChannel *p = opaque;
    MultiFDSendState *ms = p->ms;
    MultiFDCodecConfig cfg = {
        .compression = migrate_multifd_compression(),
        .zlib_level = migrate_multifd_zlib_level(),
        .zstd_level = migrate_multifd_zstd_level(),
        .zero_page_detection = migrate_zero_page_detection(),
    };
    Error *err = NULL;

    if (!multifd_send_initial_packet(p->ioc, &qemu_uuid, p->id, &err) ||
        !multifd_send_codec_setup(&p->codec, p->id, &cfg, &err)) {
        qatomic_inc(&ms->failed);
        goto out;
    }
    qatomic_add(&mig_stats.multifd_bytes, MULTIFD_INIT_PACKET_SIZE);
    qatomic_inc(&ms->ready);
    qemu_sem_post(&ms->channels_created);

    for (;;) {
        qemu_sem_wait(&p->sem);
        if (qatomic_read(&ms->exiting)) {
            break;
        }
    again:
        if (qatomic_load_acquire(&p->pending_job)) {
            if (!multifd_send_batch(p, &err)) {
                break;
            }
            multifd_pages_reset(p->pages);
            qatomic_store_release(&p->pending_job, false);
            qemu_sem_post(&ms->channels_ready);
        }
        /*
         * The SYNC follows every page handed over before it was asked
         * for: a batch handed over while we were past the check above
         * goes out first.
         */
        if (qatomic_load_acquire(&p->pending_sync)) {
            if (qatomic_load_acquire(&p->pending_job)) {
                goto again;
            }
            if (!multifd_send_sync_packet(p, &err)) {
                break;
            }
            qatomic_store_release(&p->pending_sync, false);
            qemu_sem_post(&ms->sync_done);
        }
    }

out:
    multifd_send_codec_cleanup(&p->codec);
    qatomic_set(&p->quit, true);
    if (err) {
        error_prepend(&err, "multifd %u: ", p->id);
    }
    multifd_send_set_error(ms, err);
    return NULL;
}

/*
 * Result of the connect of one channel (main thread, BQL).  @opaque
 * encodes the state's generation and the channel id: a result that
 * arrives after the state is gone (cancel, failure) is dropped.
 */
static void multifd_send_connected(QIOChannelSocket *sioc, Error *err,
                                   void *opaque)
{
    uintptr_t v = (uintptr_t)opaque;
    MultiFDSendState *ms = send_state;
    MultiFDSendChannel *p;
    char name[32];

    if (!ms || ms->generation != (uint32_t)(v >> 8)) {
        error_free(err);
        return;
    }
    p = &ms->ch[v & 0xff];
    if (!err && qatomic_read(&ms->exiting)) {
        error_setg(&err, "multifd: migration ended while connecting");
    }
    if (!err) {
        p->ioc = qio_channel_ref(QIO_CHANNEL(sioc));
        snprintf(name, sizeof(name), "multifd-send-%u", p->id);
        qio_channel_set_name(p->ioc, name);
        snprintf(name, sizeof(name), "mig/src/send_%u", p->id);
        p->thread_created = qemu_thread_try_create(
            &p->thread, name, multifd_send_thread, p, QEMU_THREAD_JOINABLE,
            &err);
        if (p->thread_created) {
            return;
        }
    }
    qatomic_inc(&ms->failed);
    multifd_send_set_error(ms, err);
}

bool multifd_send_setup(const SocketAddress *addr, Error **errp)
{
    MultiFDSendState *ms;
    unsigned int i;

    assert(!send_state);
    if (!multifd_methods_get(migrate_multifd_compression())) {
        error_setg(errp, "multifd: compression method '%s' is not "
                   "available in this build",
                   MultiFDCompression_str(migrate_multifd_compression()));
        return false;
    }
    if (migrate_zero_copy_send()) {
        /* Pages are always copied into the socket here. */
        error_setg(errp, "Requested Zero Copy feature is not available");
        return false;
    }
    ms = g_new0(MultiFDSendState, 1);
    ms->count = migrate_multifd_channels();
    ms->generation = ++send_generation & 0xffffff;
    ms->ch = g_new0(MultiFDSendChannel, ms->count);
    ms->pages = g_new0(MultiFDPages, 1);
    qemu_sem_init(&ms->channels_created, 0);
    qemu_sem_init(&ms->channels_ready, 0);
    qemu_sem_init(&ms->sync_done, 0);
    for (i = 0; i < ms->count; i++) {
        MultiFDSendChannel *p = &ms->ch[i];

        p->ms = ms;
        p->id = i;
        p->pages = g_new0(MultiFDPages, 1);
        qemu_sem_init(&p->sem, 0);
    }
    send_state = ms;
    /* After the main channel: a 7.2 destination goes by connect order. */
    for (i = 0; i < ms->count; i++) {
        QIOChannelSocket *sioc = qio_channel_socket_new();

        qio_channel_socket_connect_async(
            sioc, addr, multifd_send_connected,
            (void *)(((uintptr_t)ms->generation << 8) | i), NULL);
        qio_channel_unref(QIO_CHANNEL(sioc));
    }
    return true;
}

bool multifd_send_wait_channels(void)
{
    MultiFDSendState *ms = send_state;

    for (;;) {
        unsigned int ready = qatomic_read(&ms->ready);
        unsigned int failed = qatomic_read(&ms->failed);

        if (failed || multifd_send_should_stop(ms)) {
            return false;
        }
        if (ready == ms->count) {
            return true;
        }
        qemu_sem_wait(&ms->channels_created);
    }
}

/* Hand the migration thread's batch to an idle channel. */
static bool multifd_send_pages(MultiFDSendState *ms)
{
    for (;;) {
        unsigned int k;

        if (multifd_send_should_stop(ms)) {
            return false;
        }
        for (k = 0; k < ms->count; k++) {
            unsigned int i = (ms->next + k) % ms->count;
            MultiFDSendChannel *p = &ms->ch[i];
            MultiFDPages *tmp;

            if (qatomic_load_acquire(&p->pending_job) ||
                qatomic_read(&p->quit)) {
                continue;
            }
            /* The channel's batch is empty: exchange the buffers. */
            tmp = p->pages;
            p->pages = ms->pages;
            ms->pages = tmp;
            qatomic_store_release(&p->pending_job, true);
            qemu_sem_post(&p->sem);
            ms->next = (i + 1) % ms->count;
            ms->unsynced = true;
            return true;
        }
        qemu_sem_wait(&ms->channels_ready);
    }
}

bool multifd_queue_page(RAMBlock *block, uint64_t offset)
{
    MultiFDSendState *ms = send_state;

    if (!multifd_pages_add(ms->pages, block, offset)) {
        /* Full, or another block: send what we have, start anew. */
        if (!multifd_send_pages(ms)) {
            return false;
        }
        multifd_pages_add(ms->pages, block, offset);
    }
    if (multifd_pages_is_full(ms->pages)) {
        return multifd_send_pages(ms);
    }
    return true;
}

bool multifd_send_unsynced(void)
{
    MultiFDSendState *ms = send_state;

    return ms && (ms->unsynced || !multifd_pages_is_empty(ms->pages));
}

bool multifd_send_flush_and_sync(QEMUFile *f, bool flush_record)
{
    MultiFDSendState *ms = send_state;
    unsigned int i;

    if (!ms) {
        return true;
    }
    if (!multifd_pages_is_empty(ms->pages) && !multifd_send_pages(ms)) {
        return false;
    }
    for (i = 0; i < ms->count; i++) {
        MultiFDSendChannel *p = &ms->ch[i];

        qatomic_store_release(&p->pending_sync, true);
        qemu_sem_post(&p->sem);
    }
    for (;;) {
        bool all = true;

        if (multifd_send_should_stop(ms)) {
            return false;
        }
        for (i = 0; i < ms->count; i++) {
            MultiFDSendChannel *p = &ms->ch[i];

            if (qatomic_load_acquire(&p->pending_sync)) {
                if (qatomic_read(&p->quit)) {
                    return false;
                }
                all = false;
            }
        }
        if (all) {
            break;
        }
        qemu_sem_wait(&ms->sync_done);
    }
    ms->unsynced = false;
    if (flush_record) {
        qemu_put_be64(f, RAM_SAVE_FLAG_MULTIFD_FLUSH);
        qemu_fflush(f);
    }
    return true;
}

void multifd_send_cancel(void)
{
    MultiFDSendState *ms = send_state;
    unsigned int i;

    if (!ms) {
        return;
    }
    qatomic_set(&ms->exiting, true);
    for (i = 0; i < ms->count; i++) {
        MultiFDSendChannel *p = &ms->ch[i];

        if (p->ioc) {
            qio_channel_shutdown(p->ioc, QIO_CHANNEL_SHUTDOWN_BOTH, NULL);
        }
        qemu_sem_post(&p->sem);
    }
    multifd_send_kick(ms);
}

void multifd_send_shutdown(void)
{
    MultiFDSendState *ms = send_state;
    unsigned int i;

    if (!ms) {
        return;
    }
    /*
     * Wake and unblock every thread (a finished migration's threads are
     * idle; the shutdown keeps what was written: FIN after the data),
     * then join them all before anything is freed.
     */
    multifd_send_cancel();
    for (i = 0; i < ms->count; i++) {
        MultiFDSendChannel *p = &ms->ch[i];

        if (p->thread_created) {
            bql_unlock();
            qemu_thread_join(&p->thread);
            bql_lock();
            p->thread_created = false;
        }
    }
    send_state = NULL;
    for (i = 0; i < ms->count; i++) {
        MultiFDSendChannel *p = &ms->ch[i];

        if (p->ioc) {
            qio_channel_close(p->ioc, NULL);
            qio_channel_unref(p->ioc);
        }
        qemu_sem_destroy(&p->sem);
        g_free(p->pages);
    }
    qemu_sem_destroy(&ms->channels_created);
    qemu_sem_destroy(&ms->channels_ready);
    qemu_sem_destroy(&ms->sync_done);
    g_free(ms->pages);
    g_free(ms->ch);
    g_free(ms);
}
