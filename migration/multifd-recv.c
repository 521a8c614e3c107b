/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Multifd, destination side: placing the accepted channels by the id in
 * their init packet, one receive thread per channel, the sync with the
 * load thread (wire-format.md 4.6), errors and the cleanup.  The bytes
 * are decoded by the codecs of multifd-packet.c; incoming.c classifies
 * connections and starts the load once everything is connected.
 *
 * Threads and ownership:
 * - the main thread (BQL) creates the state at the first multifd
 *   connection, places channels (multifd_recv_new_channel()), starts
 *   the receive threads with the load (multifd_recv_start()) and frees
 *   everything (multifd_recv_cleanup(), after the load thread was
 *   joined);
 * - each receive thread owns its codec and writes guest memory; on a
 *   SYNC packet it sets @sync_reached (store release), posts
 *   @sem_sync_main and sleeps on its @sem_sync;
 * - the load thread, at a sync point (multifd_recv_sync_main()), waits
 *   until every channel has reached it, then releases them all; it
 *   stops the threads (multifd_recv_stop()) from the RAM load cleanup,
 *   so that no thread touches guest memory or the received-page maps
 *   after the load has ended.
 * Every waiter re-checks the flags, @exiting and the channels' @quit
 * after waking: a channel that ends posts @sem_sync_main, so the load
 * thread never waits for a channel that has gone.
 */
#include "qemu/osdep.h"
#include "qapi/error.h"
#include "system/system.h"
#include "migration.h"
#include "multifd.h"
#include "options.h"

typedef struct MultiFDRecvChannel {
    uint8_t id;
    QIOChannel *ioc;            /* main thread sets it, cleanup drops it */
    bool thread_created;
    QemuThread thread;
    QemuSemaphore sem_sync;     /* released by the load thread */
    bool sync_reached;          /* atomic */
    /*
     * Atomic: pages loaded since the load thread last released this
     * channel from a sync point (written by the receive thread, reset by
     * multifd_recv_sync_main() while the thread is parked).
     */
    uint64_t pages_since_sync;
    bool quit;                  /* atomic: the thread has ended */
    MultiFDRecvCodec codec;     /* the receive thread's */
} MultiFDRecvChannel;

typedef struct MultiFDRecvState {
    unsigned int count;
    unsigned int connected;     /* main thread, BQL */
    bool started;               /* threads created (main thread) */
    bool stopped;               /* threads joined */
    MultiFDRecvChannel *ch;
    QemuSemaphore sem_sync_main;
    bool exiting;               /* atomic */
    uint64_t syncs;             /* load thread: sync points passed */
} MultiFDRecvState;

/*
 * The incoming multifd state: created and freed by the main thread
 * with the BQL; the threads it starts are joined before it is freed.
 */
static MultiFDRecvState *recv_state;

static RAMBlock *multifd_recv_lookup(const char *idstr, void *opaque)
{
    return qemu_ram_block_by_name(idstr);
}

bool multifd_recv_setup(void)
{
    MultiFDRecvState *rs;
    unsigned int i;

    if (recv_state) {
        return true;
    }
    rs = g_new0(MultiFDRecvState, 1);
    rs->count = migrate_multifd_channels();
    rs->ch = g_new0(MultiFDRecvChannel, rs->count);
    qemu_sem_init(&rs->sem_sync_main, 0);
    for (i = 0; i < rs->count; i++) {
        rs->ch[i].id = i;
        qemu_sem_init(&rs->ch[i].sem_sync, 0);
    }
    recv_state = rs;
    return true;
}

bool multifd_recv_new_channel(QIOChannel *ioc, Error **errp)
{
    MultiFDRecvState *rs;
    char name[32];
    int id;

    multifd_recv_setup();
    rs = recv_state;
    id = multifd_recv_initial_packet(ioc, &qemu_uuid, rs->count, errp);
    if (id < 0) {
        return false;
    }
    if (rs->ch[id].ioc) {
        error_setg(errp, "multifd: received duplicated channel id %d", id);
        return false;
    }
    rs->ch[id].ioc = qio_channel_ref(ioc);
    snprintf(name, sizeof(name), "multifd-recv-%d", id);
    qio_channel_set_name(ioc, name);
    rs->connected++;
    return true;
}

bool multifd_recv_all_channels_created(void)
{
    return recv_state && recv_state->connected == recv_state->count;
}

/* A channel failed: the load fails with this error (first one wins). */
static void multifd_recv_set_error(Error *err)
{
    MigrationIncomingState *mis = migration_incoming_get_current();

    migrate_incoming_set_error(mis, err);
    /* The load thread may be reading the main stream: make it stop. */
    if (mis->main_ioc) {
        qio_channel_shutdown(mis->main_ioc, QIO_CHANNEL_SHUTDOWN_BOTH, NULL);
    }
}

static void *multifd_recv_thread(void *opaque)
{
    MultiFDRecvChannel *p = opaque;
    MultiFDRecvState *rs = recv_state;
    MultiFDCodecConfig cfg = {
        .compression = migrate_multifd_compression(),
        .zero_page_always_clear = migrate_postcopy_ram(),
        .lookup = multifd_recv_lookup,
    };
    Error *err = NULL;

    if (!multifd_recv_codec_setup(&p->codec, p->id, &cfg, &err)) {
        goto out;
    }
    for (;;) {
        int r = multifd_recv_codec_receive(&p->codec, p->ioc, &err);

        if (r <= 0) {
            /* 0: the source closed the channel between packets. */
            break;
        }
        if (p->codec.info.normal_num + p->codec.info.zero_num) {
            qatomic_add(&p->pages_since_sync,
                        p->codec.info.normal_num + p->codec.info.zero_num);
        }
        if (p->codec.info.flags & MULTIFD_FLAG_SYNC) {
            /* The packet's pages (pre-9.0 sources) are in memory. */
            qatomic_store_release(&p->sync_reached, true);
            qemu_sem_post(&rs->sem_sync_main);
            qemu_sem_wait(&p->sem_sync);
            if (qatomic_read(&rs->exiting)) {
                break;
            }
        }
    }
out:
    multifd_recv_codec_cleanup(&p->codec);
    if (err && !qatomic_read(&rs->exiting)) {
        multifd_recv_set_error(err);
    } else {
        error_free(err);
    }
    qatomic_set(&p->quit, true);
    qemu_sem_post(&rs->sem_sync_main);
    return NULL;
}

bool multifd_recv_start(Error **errp)
{
    MultiFDRecvState *rs = recv_state;
    unsigned int i;

    assert(rs && !rs->started);
    rs->started = true;
    for (i = 0; i < rs->count; i++) {
        MultiFDRecvChannel *p = &rs->ch[i];
        char name[32];

        snprintf(name, sizeof(name), "mig/dst/recv_%u", i);
        p->thread_created = qemu_thread_try_create(
            &p->thread, name, multifd_recv_thread, p, QEMU_THREAD_JOINABLE,
            errp);
        if (!p->thread_created) {
            return false;
        }
    }
    return true;
}

bool multifd_recv_sync_main(Error **errp)
{
    MultiFDRecvState *rs = recv_state;
    MigrationIncomingState *mis = migration_incoming_get_current();
    unsigned int i;

    if (!rs || !rs->started) {
        return true;
    }
    for (;;) {
        bool all = true;

        if (qatomic_read(&rs->exiting)) {
            error_setg(errp, "multifd: the receive channels were stopped");
            return false;
        }
        for (i = 0; i < rs->count; i++) {
            MultiFDRecvChannel *p = &rs->ch[i];

            if (qatomic_load_acquire(&p->sync_reached)) {
                continue;
            }
            if (qatomic_read(&p->quit)) {
                g_autofree char *desc = migrate_incoming_error_desc(mis);

                error_setg(errp, "multifd: channel %u ended before the sync "
                           "point%s%s", i, desc ? ": " : "", desc ? desc : "");
                return false;
            }
            all = false;
        }
        if (all) {
            break;
        }
        qemu_sem_wait(&rs->sem_sync_main);
    }
    for (i = 0; i < rs->count; i++) {
        qatomic_set(&rs->ch[i].pages_since_sync, 0);
        qatomic_store_release(&rs->ch[i].sync_reached, false);
        qemu_sem_post(&rs->ch[i].sem_sync);
    }
    rs->syncs++;
    return true;
}

bool multifd_recv_check_synced(Error **errp)
{
    MultiFDRecvState *rs = recv_state;
    unsigned int i;

    if (!rs || !rs->started) {
        return true;
    }
    /*
     * Every source syncs its channels at least once (a MULTIFD_FLUSH at
     * completion, or an EOS in per-section mode); none means this side
     * never waited for them, and their pages may still be in flight.
     */
    if (!rs->syncs) {
        error_setg(errp, "multifd: the stream ended without a sync point "
                   "this side recognised, so the channels' pages may be "
                   "missing; do both sides agree on "
                   "multifd-flush-after-each-section (on for sources of "
                   "QEMU 8.0 and older)?");
        return false;
    }
    for (i = 0; i < rs->count; i++) {
        uint64_t pages = qatomic_read(&rs->ch[i].pages_since_sync);

        if (pages) {
            error_setg(errp, "multifd: channel %u loaded %" PRIu64 " pages "
                       "after the last sync point, so the stream may miss "
                       "pages; do both sides agree on "
                       "multifd-flush-after-each-section (on for sources of "
                       "QEMU 8.0 and older)?", i, pages);
            return false;
        }
    }
    return true;
}

void multifd_recv_stop(void)
{
    MultiFDRecvState *rs = recv_state;
    unsigned int i;

    if (!rs || rs->stopped) {
        return;
    }
    qatomic_set(&rs->exiting, true);
    for (i = 0; i < rs->count; i++) {
        MultiFDRecvChannel *p = &rs->ch[i];

        if (p->ioc) {
            qio_channel_shutdown(p->ioc, QIO_CHANNEL_SHUTDOWN_BOTH, NULL);
        }
        /* A thread parked on a trailing SYNC (9.1/9.2 sources). */
        qemu_sem_post(&p->sem_sync);
    }
    for (i = 0; i < rs->count; i++) {
        MultiFDRecvChannel *p = &rs->ch[i];

        if (p->thread_created) {
            qemu_thread_join(&p->thread);
            p->thread_created = false;
        }
    }
    rs->stopped = true;
}

void multifd_recv_cleanup(void)
{
    MultiFDRecvState *rs = recv_state;
    unsigned int i;

    if (!rs) {
        return;
    }
    multifd_recv_stop();
    recv_state = NULL;
    for (i = 0; i < rs->count; i++) {
        MultiFDRecvChannel *p = &rs->ch[i];

        if (p->ioc) {
            qio_channel_close(p->ioc, NULL);
            qio_channel_unref(p->ioc);
        }
        qemu_sem_destroy(&p->sem_sync);
    }
    qemu_sem_destroy(&rs->sem_sync_main);
    g_free(rs->ch);
    g_free(rs);
}
