/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The main loop: a GSource on glib's default GMainContext that dispatches
 * bottom halves, file descriptor handlers and timers, iterated by hand in
 * main_loop_wait() so the BQL can be dropped around the poll.
 *
 * Waking up: everything that makes work for the loop from another thread
 * (scheduling a bottom half, arming a timer earlier, changing fd handlers)
 * calls g_main_context_wakeup(), which signals the context's own eventfd.
 * That eventfd is among the descriptors g_main_context_query() returns, so
 * a wakeup between prepare and poll makes the poll return at once.
 */
#include "qemu/osdep.h"
#include "qapi/error.h"
#include "qemu/main-loop.h"
#include "qemu/thread.h"
#include "qemu/timer.h"

struct QEMUBH {
    /* Set at creation, read-only after. */
    QEMUBHFunc *cb;
    void *opaque;
    bool oneshot;

    /* Protected by MainLoop.bh_lock. */
    bool scheduled;
    bool deleted; /* freed by the next sweep */
    QEMUBH *next;
};

typedef struct IOHandlerRecord {
    /* Set at creation, read-only after. */
    int fd;
    gpointer tag; /* from g_source_add_unix_fd() */

    /* Protected by the BQL. */
    IOHandler *fd_read;
    IOHandler *fd_write;
    void *opaque;
    bool deleted; /* freed by the next sweep */
    struct IOHandlerRecord *next;
} IOHandlerRecord;

struct QEMUTimer {
    /* Set at creation, read-only after. */
    QEMUClockType type;
    int scale;
    QEMUTimerCB *cb;
    void *opaque;

    /* Protected by MainLoop.timer_lock. */
    int64_t expire_time; /* ns on the clock; -1 when not armed */
    QEMUTimer *next;     /* in MainLoop.timers[type], sorted by expiry */
};

typedef struct MainLoop {
    /* Set by qemu_init_main_loop(), read-only after. */
    GSource *source;

    /* Owned by the main loop thread. */
    GPollFD *pollfds;
    int npollfds;

    /* Protected by the BQL (the main loop thread dispatches with it). */
    IOHandlerRecord *handlers;
    int handler_walkers; /* > 0 while dispatch walks the list */

    /* Protects bhs, bh_walkers, bh_nscheduled and every QEMUBH's fields. */
    QemuMutex bh_lock;
    QEMUBH *bhs;
    int bh_walkers;    /* > 0 while dispatch walks the list */
    int bh_nscheduled; /* bottom halves scheduled and not deleted */

    /* Protects timers[] and every QEMUTimer's expiry fields. */
    QemuMutex timer_lock;
    QEMUTimer *timers[QEMU_CLOCK_MAX];
} MainLoop;

static MainLoop main_loop;

/* The locks exist before main() so bottom halves and timers always work. */
static void __attribute__((constructor)) main_loop_init_locks(void)
{
    qemu_mutex_init(&main_loop.bh_lock);
    qemu_mutex_init(&main_loop.timer_lock);
}

void qemu_notify_event(void)
{
    g_main_context_wakeup(g_main_context_default());
}

/*
 * Clocks and timers
 */

int64_t qemu_clock_get_ns(QEMUClockType type)
{
    struct timespec ts;

    switch (type) {
    case QEMU_CLOCK_REALTIME:
        clock_gettime(CLOCK_MONOTONIC, &ts);
        break;
    case QEMU_CLOCK_HOST:
        clock_gettime(CLOCK_REALTIME, &ts);
        break;
    default:
        g_assert_not_reached();
    }
    return ts.tv_sec * NANOSECONDS_PER_SECOND + ts.tv_nsec;
}

QEMUTimer *timer_new(QEMUClockType type, int scale, QEMUTimerCB *cb,
                     void *opaque)
{
    QEMUTimer *ts = g_new0(QEMUTimer, 1);

    assert(type < QEMU_CLOCK_MAX && scale > 0);
    ts->type = type;
    ts->scale = scale;
    ts->cb = cb;
    ts->opaque = opaque;
    ts->expire_time = -1;
    return ts;
}

/* Take @ts off its clock's list if it is there. */
static void timer_unlink_locked(QEMUTimer *ts)
{
    QEMUTimer **pt;

    for (pt = &main_loop.timers[ts->type]; *pt; pt = &(*pt)->next) {
        if (*pt == ts) {
            *pt = ts->next;
            break;
        }
    }
    ts->next = NULL;
    ts->expire_time = -1;
}

void timer_mod_ns(QEMUTimer *ts, int64_t expire_time)
{
    QEMUTimer **pt;
    bool first;

    qemu_mutex_lock(&main_loop.timer_lock);
    timer_unlink_locked(ts);
    ts->expire_time = MAX(expire_time, 0);
    /* After timers with the same expiry, so equal times run in order. */
    pt = &main_loop.timers[ts->type];
    while (*pt && (*pt)->expire_time <= ts->expire_time) {
        pt = &(*pt)->next;
    }
    ts->next = *pt;
    *pt = ts;
    first = main_loop.timers[ts->type] == ts;
    qemu_mutex_unlock(&main_loop.timer_lock);

    /* The loop may be sleeping until a later deadline. */
    if (first) {
        qemu_notify_event();
    }
}

void timer_mod(QEMUTimer *ts, int64_t expire_time)
{
    int64_t ns;

    if (__builtin_mul_overflow(expire_time, (int64_t)ts->scale, &ns)) {
        ns = expire_time < 0 ? 0 : INT64_MAX;
    }
    timer_mod_ns(ts, ns);
}

void timer_del(QEMUTimer *ts)
{
    qemu_mutex_lock(&main_loop.timer_lock);
    timer_unlink_locked(ts);
    qemu_mutex_unlock(&main_loop.timer_lock);
}

void timer_free(QEMUTimer *ts)
{
    if (ts) {
        timer_del(ts);
        g_free(ts);
    }
}

int64_t timer_expire_time_ns(QEMUTimer *ts)
{
    int64_t t;

    qemu_mutex_lock(&main_loop.timer_lock);
    t = ts->expire_time;
    qemu_mutex_unlock(&main_loop.timer_lock);
    return t;
}

bool timer_pending(QEMUTimer *ts)
{
    return timer_expire_time_ns(ts) >= 0;
}

bool timer_expired(QEMUTimer *ts, int64_t current_time)
{
    int64_t t = timer_expire_time_ns(ts);

    return t >= 0 && t <= current_time * ts->scale;
}

/* Nanoseconds until the first timer is due: 0 if one is, -1 if none. */
static int64_t timers_deadline_ns(void)
{
    int64_t deadline = -1;
    int type;

    qemu_mutex_lock(&main_loop.timer_lock);
    for (type = 0; type < QEMU_CLOCK_MAX; type++) {
        QEMUTimer *ts = main_loop.timers[type];
        int64_t d;

        if (!ts) {
            continue;
        }
        d = MAX(ts->expire_time - qemu_clock_get_ns(type), 0);
        if (deadline < 0 || d < deadline) {
            deadline = d;
        }
    }
    qemu_mutex_unlock(&main_loop.timer_lock);
    return deadline;
}

/* Run the callbacks of every timer due now; main loop thread, BQL held. */
static void timers_run(void)
{
    int type;

    for (type = 0; type < QEMU_CLOCK_MAX; type++) {
        /*
         * One reading of the clock per pass: a callback that re-arms its
         * timer for "now" runs again next iteration, not in a loop here.
         */
        int64_t now = qemu_clock_get_ns(type);

        for (;;) {
            QEMUTimer *ts;

            qemu_mutex_lock(&main_loop.timer_lock);
            ts = main_loop.timers[type];
            if (!ts || ts->expire_time > now) {
                qemu_mutex_unlock(&main_loop.timer_lock);
                break;
            }
            timer_unlink_locked(ts);
            qemu_mutex_unlock(&main_loop.timer_lock);

            /* Unlinked first, so the callback may re-arm or free it. */
            ts->cb(ts->opaque);
        }
    }
}

/*
 * Bottom halves
 */

static QEMUBH *bh_alloc(QEMUBHFunc *cb, void *opaque, bool oneshot)
{
    QEMUBH *bh = g_new0(QEMUBH, 1);

    bh->cb = cb;
    bh->opaque = opaque;
    bh->oneshot = oneshot;
    return bh;
}

static void bh_insert(QEMUBH *bh)
{
    qemu_mutex_lock(&main_loop.bh_lock);
    bh->next = main_loop.bhs;
    main_loop.bhs = bh;
    if (bh->scheduled) {
        main_loop.bh_nscheduled++;
    }
    qemu_mutex_unlock(&main_loop.bh_lock);
}

QEMUBH *qemu_bh_new(QEMUBHFunc *cb, void *opaque)
{
    QEMUBH *bh = bh_alloc(cb, opaque, false);

    bh_insert(bh);
    return bh;
}

void qemu_bh_schedule_oneshot(QEMUBHFunc *cb, void *opaque)
{
    QEMUBH *bh = bh_alloc(cb, opaque, true);

    bh->scheduled = true;
    bh_insert(bh);
    qemu_notify_event();
}

static void bh_unschedule_locked(QEMUBH *bh)
{
    if (bh->scheduled) {
        bh->scheduled = false;
        main_loop.bh_nscheduled--;
    }
}

void qemu_bh_schedule(QEMUBH *bh)
{
    qemu_mutex_lock(&main_loop.bh_lock);
    assert(!bh->deleted);
    if (!bh->scheduled) {
        bh->scheduled = true;
        main_loop.bh_nscheduled++;
    }
    qemu_mutex_unlock(&main_loop.bh_lock);
    qemu_notify_event();
}

void qemu_bh_cancel(QEMUBH *bh)
{
    qemu_mutex_lock(&main_loop.bh_lock);
    bh_unschedule_locked(bh);
    qemu_mutex_unlock(&main_loop.bh_lock);
}

/* Free deleted bottom halves; only when nobody walks the list. */
static void bh_sweep_locked(void)
{
    QEMUBH **pbh = &main_loop.bhs;

    assert(main_loop.bh_walkers == 0);
    while (*pbh) {
        QEMUBH *bh = *pbh;

        if (bh->deleted) {
            *pbh = bh->next;
            g_free(bh);
        } else {
            pbh = &bh->next;
        }
    }
}

void qemu_bh_delete(QEMUBH *bh)
{
    qemu_mutex_lock(&main_loop.bh_lock);
    bh_unschedule_locked(bh);
    bh->deleted = true;
    if (main_loop.bh_walkers == 0) {
        bh_sweep_locked();
    }
    qemu_mutex_unlock(&main_loop.bh_lock);
}

static bool bh_any_scheduled(void)
{
    bool any;

    qemu_mutex_lock(&main_loop.bh_lock);
    any = main_loop.bh_nscheduled > 0;
    qemu_mutex_unlock(&main_loop.bh_lock);
    return any;
}

/* Run every scheduled bottom half once; main loop thread, BQL held. */
static void bh_poll(void)
{
    QEMUBH *bh;

    qemu_mutex_lock(&main_loop.bh_lock);
    /*
     * While bh_walkers > 0 nothing is unlinked or freed, so bh->next stays
     * valid across the unlocked callback.  New bottom halves go in at the
     * head, behind the walk; their wakeup makes the next iteration run
     * them.
     */
    main_loop.bh_walkers++;
    for (bh = main_loop.bhs; bh; bh = bh->next) {
        if (!bh->scheduled) {
            continue;
        }
        bh_unschedule_locked(bh);
        if (bh->oneshot) {
            bh->deleted = true;
        }
        qemu_mutex_unlock(&main_loop.bh_lock);
        bh->cb(bh->opaque);
        qemu_mutex_lock(&main_loop.bh_lock);
    }
    main_loop.bh_walkers--;
    if (main_loop.bh_walkers == 0) {
        bh_sweep_locked();
    }
    qemu_mutex_unlock(&main_loop.bh_lock);
}

/*
 * File descriptor handlers
 */

#define FD_READ_EVENTS (G_IO_IN | G_IO_HUP | G_IO_ERR)
#define FD_WRITE_EVENTS (G_IO_OUT | G_IO_ERR)

static GIOCondition fd_events(IOHandler *fd_read, IOHandler *fd_write)
{
    return (fd_read ? FD_READ_EVENTS : 0) | (fd_write ? FD_WRITE_EVENTS : 0);
}

static void handlers_sweep(void)
{
    IOHandlerRecord **prec = &main_loop.handlers;

    while (*prec) {
        IOHandlerRecord *rec = *prec;

        if (rec->deleted) {
            *prec = rec->next;
            g_free(rec);
        } else {
            prec = &rec->next;
        }
    }
}

void qemu_set_fd_handler(int fd, IOHandler *fd_read, IOHandler *fd_write,
                         void *opaque)
{
    IOHandlerRecord *rec;

    assert(main_loop.source);
    assert(fd >= 0);
    for (rec = main_loop.handlers; rec; rec = rec->next) {
        if (rec->fd == fd && !rec->deleted) {
            break;
        }
    }

    if (!fd_read && !fd_write) {
        if (rec) {
            g_source_remove_unix_fd(main_loop.source, rec->tag);
            rec->deleted = true;
            if (main_loop.handler_walkers == 0) {
                handlers_sweep();
            }
        }
        return;
    }

    if (rec) {
        g_source_modify_unix_fd(main_loop.source, rec->tag,
                                fd_events(fd_read, fd_write));
    } else {
        rec = g_new0(IOHandlerRecord, 1);
        rec->fd = fd;
        rec->tag = g_source_add_unix_fd(main_loop.source, fd,
                                        fd_events(fd_read, fd_write));
        rec->next = main_loop.handlers;
        main_loop.handlers = rec;
    }
    rec->fd_read = fd_read;
    rec->fd_write = fd_write;
    rec->opaque = opaque;
    /* The loop may be polling with the old set of descriptors. */
    qemu_notify_event();
}

/* Call the handlers of ready descriptors; main loop thread, BQL held. */
static void handlers_dispatch(void)
{
    IOHandlerRecord *rec;

    /* Records are only marked deleted while walked, so ->next stays. */
    main_loop.handler_walkers++;
    for (rec = main_loop.handlers; rec; rec = rec->next) {
        GIOCondition revents;

        if (rec->deleted) {
            continue;
        }
        revents = g_source_query_unix_fd(main_loop.source, rec->tag);
        if ((revents & FD_READ_EVENTS) && rec->fd_read) {
            rec->fd_read(rec->opaque);
        }
        /* The read handler may have removed or changed this record. */
        if (!rec->deleted && (revents & FD_WRITE_EVENTS) && rec->fd_write) {
            rec->fd_write(rec->opaque);
        }
    }
    main_loop.handler_walkers--;
    if (main_loop.handler_walkers == 0) {
        handlers_sweep();
    }
}

/*
 * The GSource and the loop
 */

static gboolean main_loop_source_prepare(GSource *source, gint *timeout)
{
    int64_t deadline;

    if (bh_any_scheduled()) {
        *timeout = 0;
        return TRUE;
    }
    deadline = timers_deadline_ns();
    if (deadline == 0) {
        *timeout = 0;
        return TRUE;
    }
    if (deadline < 0) {
        *timeout = -1;
    } else {
        /* Round up: waking before the deadline would only spin. */
        *timeout = MIN(DIV_ROUND_UP(deadline, SCALE_MS), (int64_t)INT_MAX);
    }
    return FALSE;
}

static gboolean main_loop_source_check(GSource *source)
{
    /* glib itself marks the source ready when one of its fds is. */
    return bh_any_scheduled() || timers_deadline_ns() == 0;
}

static gboolean main_loop_source_dispatch(GSource *source, GSourceFunc callback,
                                          gpointer user_data)
{
    bh_poll();
    handlers_dispatch();
    timers_run();
    return G_SOURCE_CONTINUE;
}

static GSourceFuncs main_loop_source_funcs = {
    .prepare = main_loop_source_prepare,
    .check = main_loop_source_check,
    .dispatch = main_loop_source_dispatch,
};

bool qemu_init_main_loop(Error **errp)
{
    GSource *source;

    if (main_loop.source) {
        return true;
    }
    source = g_source_new(&main_loop_source_funcs, sizeof(GSource));
    g_source_set_name(source, "qemu-main-loop");
    /* A callback may run a nested main_loop_wait(). */
    g_source_set_can_recurse(source, TRUE);
    if (g_source_attach(source, g_main_context_default()) == 0) {
        g_source_unref(source);
        error_setg(errp, "cannot attach the main loop to the glib context");
        return false;
    }
    main_loop.source = source;
    return true;
}

void main_loop_wait(bool nonblocking)
{
    GMainContext *ctx = g_main_context_default();
    gint max_priority, timeout, n;

    assert(main_loop.source);
    assert(bql_locked());
    if (!g_main_context_acquire(ctx)) {
        /* Another thread iterates the default context: a bug. */
        g_error("main_loop_wait: the default GMainContext is owned by "
                "another thread");
    }

    g_main_context_prepare(ctx, &max_priority);
    for (;;) {
        n = g_main_context_query(ctx, max_priority, &timeout, main_loop.pollfds,
                                 main_loop.npollfds);
        if (n <= main_loop.npollfds) {
            break;
        }
        main_loop.npollfds = n;
        main_loop.pollfds = g_renew(GPollFD, main_loop.pollfds, n);
    }
    if (nonblocking) {
        timeout = 0;
    }

    bql_unlock();
    if (g_poll(main_loop.pollfds, n, timeout) < 0 && errno != EINTR) {
        g_error("main_loop_wait: poll failed: %s", g_strerror(errno));
    }
    bql_lock();

    if (g_main_context_check(ctx, max_priority, main_loop.pollfds, n)) {
        g_main_context_dispatch(ctx);
    }
    g_main_context_release(ctx);
}
