/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * MigrationState: the "migration" QOM object, its options and the state
 * of the outgoing migration; MigrationIncomingState: the destination.
 * The status machine (MigrationStatus) and its transition table live
 * here; docs/devel/migration.md describes the threads.
 * Owner: migration/migration.c (object lifetime, status, QMP),
 * migration/outgoing.c (the migration thread), migration/incoming.c
 * (the destination), migration/options.c (the option fields).
 */
#ifndef MIGRATION_MIGRATION_H
#define MIGRATION_MIGRATION_H

#include "qom/object.h"
#include "qapi/qapi-types-migration.h"
#include "qapi/qapi-types-run-state.h"
#include "qemu/thread.h"
#include "qemu/main-loop.h"
#include "io/channel.h"
#include "io/net-listener.h"
#include "migration/misc.h"
#include "migration/qemu-file.h"

typedef struct MigrationState {
    Object parent_obj;

    /*
     * Capabilities and parameters.  Written only by the main thread with
     * the BQL: by the field properties (machine compat and -global,
     * before the monitors start) and by migrate-set-capabilities /
     * migrate-set-parameters (options.c).  Scalars are stored with
     * qatomic_set() and read with qatomic_read() through the
     * migrate_*() accessors, so any thread may read them at any time;
     * a migration thread sees a new max-bandwidth on its next read.
     * Pointer members (tls-*, block-bitmap-mapping, cpr-exec-command)
     * are replaced (old value freed) by migrate-set-parameters: read
     * them only with the BQL held, and copy what a thread needs at
     * migration start.  Capabilities cannot change while an outgoing
     * migration runs (migrate-set-capabilities refuses).
     */
    MigrationParameters parameters;
    bool capabilities[MIGRATION_CAPABILITY__MAX];

    /*
     * Globals: only machine compat and -global set them (field
     * properties); read-only once migration_object_init() returned.
     */
    bool store_global_state;
    bool send_configuration;
    bool send_section_footer;
    bool send_switchover_start;
    bool multifd_flush_after_each_section;
    uint8_t clear_bitmap_shift;
    bool preempt_pre_7_2;
    bool multifd_clean_tls_termination;

    /*
     * The outgoing migration.  @state (a MigrationStatus) changes only
     * through migrate_set_state() (atomic compare and swap); anyone may
     * read it with qatomic_read().
     */
    int state;

    /*
     * Main thread with the BQL: set by qmp_migrate() before anything
     * else runs, read-only while the migration runs.
     */
    int64_t start_time;         /* ms, QEMU_CLOCK_REALTIME */
    RunState vm_old_state;      /* run state when migrate was issued */
    bool thread_created;        /* @thread must be joined by cleanup */
    QemuThread thread;
    bool rp_thread_created;     /* @rp_thread must be joined */
    QemuThread rp_thread;
    QEMUBH *cleanup_bh;         /* scheduled by the migration thread */

    /*
     * Protected by @file_lock: the stream and the return path file.
     * The main thread installs them (BQL) before the migration thread
     * starts; the cleanup clears them after joining the threads.
     * migrate_cancel() shuts them down under the lock from the main
     * thread.  The migration thread writes @to_dst_file without the
     * lock (it owns it), the return-path thread reads @rp_file.
     */
    QemuMutex file_lock;
    QEMUFile *to_dst_file;
    /*
     * Main thread, BQL: where the current migration goes (set by
     * qmp_migrate(); multifd connects its channels there).
     */
    MigrationAddress *dest_addr;
    /*
     * Main thread, BQL: bumped by every qmp_migrate(), so that a connect
     * that completes after its migration was cancelled is told apart
     * from the current one's (socket_start_outgoing_migration()).
     */
    uint64_t attempt;
    QEMUFile *rp_file;

    /* The first error (migrate_set_error()); protected by @error_lock. */
    QemuMutex error_lock;
    Error *error;

    /*
     * Figures for query-migrate, written by the migration thread and
     * read by the main thread, both under @info_lock.
     */
    QemuMutex info_lock;
    int64_t setup_time;         /* ms */
    int64_t total_time;         /* ms, final once completed */
    int64_t downtime;           /* ms, final once completed */
    int64_t expected_downtime;  /* ms */
    double mbps;
    uint64_t pages_per_second;

    /*
     * Wake-ups of the migration thread: @pause_sem by migrate-continue
     * (and cancel) in pre-switchover, @rate_limit_sem by cancel while it
     * sleeps for the rate limiter.  @rp_sem is posted by the return-path
     * thread on every PONG and when it ends.
     */
    QemuSemaphore pause_sem;
    QemuSemaphore rate_limit_sem;
    QemuSemaphore rp_sem;

    /* Written by the return-path thread, read after joining it. */
    bool rp_shut_received;
    uint32_t rp_shut_value;
    bool rp_error;
} MigrationState;

/*
 * The destination.  One per process (migration_incoming_get_current()).
 */
typedef struct MigrationIncomingState {
    /* MigrationStatus, changed only with migrate_set_state(). */
    int state;

    /* Main thread with the BQL. */
    bool exit_on_error;
    QIOChannel *main_ioc;       /* the accepted main channel */
    QIONetListener *listener;    /* socket transports */
    SocketAddressList *socket_address; /* listening addresses */
    QEMUBH *finish_bh;          /* scheduled by the incoming thread */
    bool thread_created;
    QemuThread thread;

    /*
     * Owned by the incoming thread while it runs, then by the main
     * thread (after join): the stream and the return path writer.
     */
    QEMUFile *from_src_file;
    QEMUFile *to_src_file;
    QemuMutex rp_lock;          /* serialises writes on @to_src_file */
    int load_ret;               /* result of qemu_loadvm_state() */

    /* The first error; protected by @error_lock. */
    QemuMutex error_lock;
    Error *error;
} MigrationIncomingState;

/*
 * The migration object of this process.  Only valid between
 * migration_object_init() and migration_object_finalize() (asserts).
 */
MigrationState *migrate_get_current(void);

/*
 * Whether an outgoing migration is in progress: setup, active,
 * pre-switchover, device, cancelling, wait-unplug, colo or a postcopy
 * state.  Any thread.
 */
bool migration_is_running(void);

/*
 * Status transitions (QEMU 10.2, precopy; postcopy adds its own):
 *
 *   none|completed|failed|cancelled -> setup      qmp_migrate()
 *   setup -> active          stream set up (migration thread)
 *   setup -> failed          connect or setup failed
 *   active -> pre-switchover VM stopped, pause-before-switchover on
 *   active -> device         VM stopped, device state goes out
 *   pre-switchover -> device migrate-continue
 *   device -> completed      everything sent (and SHUT received)
 *   active|pre-switchover|device -> failed     stream error
 *   setup|active|pre-switchover|device -> cancelling   migrate_cancel
 *   cancelling -> cancelled  cleanup (or at once when nothing started)
 *
 * Destination: none -> setup (migrate-incoming) -> active (main
 * channel) -> completed | failed.
 *
 * migrate_set_state() moves *@state from @old to @new only if it is
 * still @old (compare and swap), and then sends the MIGRATION event
 * when the events capability is on.  Any thread.
 */
void migrate_set_state(int *state, int old, int new);

/*
 * Record @err (taken) as the outgoing migration's error unless one is
 * already recorded (then @err is freed).  Any thread.
 */
void migrate_set_error(MigrationState *s, Error *err);
/* Whether an error is recorded. */
bool migrate_has_error(MigrationState *s);

/* The destination state (created on first use). */
MigrationIncomingState *migration_incoming_get_current(void);
void migrate_incoming_set_error(MigrationIncomingState *mis, Error *err);

/*
 * Transports hand over a connected outgoing channel, or the error that
 * prevented it (main thread, BQL; @error is taken).  Channel
 * ownership: the caller keeps its reference; the migration takes its
 * own.
 */
void migration_channel_connect(MigrationState *s, QIOChannel *ioc,
                               Error *error);
/*
 * A transport got the incoming main channel (main thread, BQL): start
 * loading.  The migration takes its own reference on @ioc.
 */
void migration_channel_process_incoming(QIOChannel *ioc);

/* migration.c → outgoing.c: start the migration thread (BQL). */
void migration_outgoing_start(MigrationState *s);
/* Cancel the outgoing migration in any precopy state (BQL). */
void migration_outgoing_cancel(MigrationState *s);
/* Release a migration parked in pre-switchover (BQL). */
void migration_outgoing_continue(MigrationState *s);

/*
 * At exit (main thread, BQL held): cancel the outgoing migration, stop
 * the incoming one, join their threads and clean up.
 */
void migration_shutdown(void);
void migration_outgoing_shutdown(MigrationState *s);
void migration_incoming_shutdown(void);

/*
 * Destination return path (incoming.c), called by the stream loader in
 * the incoming thread: OPEN_RETURN_PATH creates the writer on the main
 * channel (a second call does nothing); PING answers PONG(@value).
 */
bool migration_incoming_open_return_path(Error **errp);
void migration_incoming_send_pong(uint32_t value);

/* The first error's text, or NULL (caller frees). */
char *migrate_error_desc(MigrationState *s);
char *migrate_incoming_error_desc(MigrationIncomingState *mis);

/*
 * Whether the incoming side has started (migrate-incoming, or -incoming
 * URI, began listening).  Set with migration_incoming_set_started() by
 * the incoming code; false until then.  Main thread, BQL.
 */
bool migration_incoming_started(void);
void migration_incoming_set_started(bool started);

#endif /* MIGRATION_MIGRATION_H */
