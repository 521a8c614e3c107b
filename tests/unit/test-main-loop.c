/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Unit tests for the main loop: fd handlers, bottom halves scheduled from
 * other threads, timers, and waking the loop with qemu_notify_event().
 * The test thread plays the main loop thread and holds the BQL throughout.
 */
#include "qemu/osdep.h"
#include "qapi/error.h"
#include "qemu/atomic.h"
#include "qemu/main-loop.h"
#include "qemu/thread.h"
#include "qemu/timer.h"

/* Longest a test waits for something that should happen at once. */
#define WAIT_MS 10000

static QemuThread main_thread;

static void flag_cb(void *opaque)
{
    *(bool *)opaque = true;
}

/*
 * Iterate (blocking) until *@count is non-zero, failing after WAIT_MS.  The
 * watchdog timer only ends a hung wait; a test that needs it has failed.
 */
static void run_until(const int *count)
{
    bool expired = false;
    QEMUTimer *wd = timer_new_ms(QEMU_CLOCK_REALTIME, flag_cb, &expired);

    timer_mod(wd, qemu_clock_get_ms(QEMU_CLOCK_REALTIME) + WAIT_MS);
    while (*count == 0 && !expired) {
        main_loop_wait(false);
    }
    timer_free(wd);
    g_assert_false(expired);
}

/* A few non-blocking iterations: whatever is ready gets dispatched. */
static void run_pending(void)
{
    int i;

    for (i = 0; i < 5; i++) {
        main_loop_wait(true);
    }
}

/* Run @fn(@arg) in a new thread after @delay_ms; join with the result. */
typedef struct DelayedCall {
    int delay_ms;
    void (*fn)(void *arg);
    void *arg;
    QemuThread thread;
} DelayedCall;

static void *delayed_call_thread(void *opaque)
{
    DelayedCall *dc = opaque;

    g_usleep(dc->delay_ms * 1000);
    dc->fn(dc->arg);
    return NULL;
}

static void delayed_call_start(DelayedCall *dc, int delay_ms,
                               void (*fn)(void *), void *arg)
{
    dc->delay_ms = delay_ms;
    dc->fn = fn;
    dc->arg = arg;
    qemu_thread_create(&dc->thread, "test-delayed", delayed_call_thread, dc,
                       QEMU_THREAD_JOINABLE);
}

/*
 * fd handlers
 */

typedef struct PipeState {
    int fds[2];
    int reads;
    int writes;
    char last;
    bool remove_on_read;
} PipeState;

static void pipe_read_cb(void *opaque)
{
    PipeState *ps = opaque;

    g_assert_true(bql_locked());
    g_assert_true(qemu_thread_is_self(&main_thread));
    g_assert_cmpint(read(ps->fds[0], &ps->last, 1), ==, 1);
    ps->reads++;
    if (ps->remove_on_read) {
        qemu_set_fd_handler(ps->fds[0], NULL, NULL, NULL);
    }
}

static void pipe_write_cb(void *opaque)
{
    PipeState *ps = opaque;

    ps->writes++;
    /* Always writable: remove so the loop does not spin. */
    qemu_set_fd_handler(ps->fds[1], NULL, NULL, NULL);
}

static void test_fd_read(void)
{
    PipeState ps = {0};

    g_assert_cmpint(pipe(ps.fds), ==, 0);
    qemu_set_fd_handler(ps.fds[0], pipe_read_cb, NULL, &ps);

    /* Nothing to read: the handler must not run. */
    run_pending();
    g_assert_cmpint(ps.reads, ==, 0);

    g_assert_cmpint(write(ps.fds[1], "x", 1), ==, 1);
    run_until(&ps.reads);
    g_assert_cmpint(ps.reads, ==, 1);
    g_assert_cmpint(ps.last, ==, 'x');

    /* Removed: more data does not call it again. */
    qemu_set_fd_handler(ps.fds[0], NULL, NULL, NULL);
    g_assert_cmpint(write(ps.fds[1], "y", 1), ==, 1);
    run_pending();
    g_assert_cmpint(ps.reads, ==, 1);

    close(ps.fds[0]);
    close(ps.fds[1]);
}

/* The loop blocks in poll; data written by another thread wakes it. */
static void write_byte(void *arg)
{
    PipeState *ps = arg;

    g_assert_cmpint(write(ps->fds[1], "z", 1), ==, 1);
}

static void test_fd_read_cross_thread(void)
{
    PipeState ps = {.remove_on_read = true};
    DelayedCall dc;

    g_assert_cmpint(pipe(ps.fds), ==, 0);
    qemu_set_fd_handler(ps.fds[0], pipe_read_cb, NULL, &ps);
    delayed_call_start(&dc, 50, write_byte, &ps);
    run_until(&ps.reads);
    qemu_thread_join(&dc.thread);
    g_assert_cmpint(ps.reads, ==, 1);
    g_assert_cmpint(ps.last, ==, 'z');
    close(ps.fds[0]);
    close(ps.fds[1]);
}

static void test_fd_write_and_remove_in_callback(void)
{
    PipeState ps = {0};

    g_assert_cmpint(pipe(ps.fds), ==, 0);
    qemu_set_fd_handler(ps.fds[1], NULL, pipe_write_cb, &ps);
    run_pending();
    /* Removed by its own callback after the first call. */
    g_assert_cmpint(ps.writes, ==, 1);
    close(ps.fds[0]);
    close(ps.fds[1]);
}

/* Replacing the handler for an fd: only the new one is called. */
static void test_fd_replace(void)
{
    PipeState old_ps = {0}, new_ps = {0};
    int fds[2];

    g_assert_cmpint(pipe(fds), ==, 0);
    old_ps.fds[0] = new_ps.fds[0] = fds[0];
    qemu_set_fd_handler(fds[0], pipe_read_cb, NULL, &old_ps);
    qemu_set_fd_handler(fds[0], pipe_read_cb, NULL, &new_ps);
    g_assert_cmpint(write(fds[1], "a", 1), ==, 1);
    run_until(&new_ps.reads);
    g_assert_cmpint(old_ps.reads, ==, 0);
    g_assert_cmpint(new_ps.reads, ==, 1);
    qemu_set_fd_handler(fds[0], NULL, NULL, NULL);
    close(fds[0]);
    close(fds[1]);
}

/*
 * Bottom halves
 */

typedef struct BHState {
    QEMUBH *bh;
    int runs;
    int reschedule; /* schedule itself again this many times */
    bool delete_self;
    bool on_main_thread;
    bool with_bql;
} BHState;

static void bh_cb(void *opaque)
{
    BHState *s = opaque;

    s->runs++;
    s->on_main_thread = qemu_thread_is_self(&main_thread);
    s->with_bql = bql_locked();
    if (s->reschedule > 0) {
        s->reschedule--;
        qemu_bh_schedule(s->bh);
    }
    if (s->delete_self) {
        qemu_bh_delete(s->bh);
        s->bh = NULL;
    }
}

static void schedule_bh(void *arg)
{
    qemu_bh_schedule(arg);
}

static void test_bh_cross_thread(void)
{
    BHState s = {0};
    DelayedCall dc;

    s.bh = qemu_bh_new(bh_cb, &s);
    /* Scheduled while the loop sleeps with no timeout of its own. */
    delayed_call_start(&dc, 50, schedule_bh, s.bh);
    run_until(&s.runs);
    qemu_thread_join(&dc.thread);
    g_assert_cmpint(s.runs, ==, 1);
    g_assert_true(s.on_main_thread);
    g_assert_true(s.with_bql);

    /* It ran once: further iterations do not run it again. */
    run_pending();
    g_assert_cmpint(s.runs, ==, 1);
    qemu_bh_delete(s.bh);
}

static void schedule_oneshot(void *arg)
{
    qemu_bh_schedule_oneshot(bh_cb, arg);
}

static void test_bh_oneshot_cross_thread(void)
{
    BHState s = {0};
    DelayedCall dc;

    delayed_call_start(&dc, 20, schedule_oneshot, &s);
    run_until(&s.runs);
    qemu_thread_join(&dc.thread);
    run_pending();
    g_assert_cmpint(s.runs, ==, 1);
    g_assert_true(s.on_main_thread);
    g_assert_true(s.with_bql);
}

static void test_bh_cancel(void)
{
    BHState s = {0};

    s.bh = qemu_bh_new(bh_cb, &s);
    qemu_bh_schedule(s.bh);
    qemu_bh_cancel(s.bh);
    run_pending();
    g_assert_cmpint(s.runs, ==, 0);

    /* Still usable after a cancel. */
    qemu_bh_schedule(s.bh);
    qemu_bh_schedule(s.bh);
    run_pending();
    g_assert_cmpint(s.runs, ==, 1);
    qemu_bh_delete(s.bh);
}

static void test_bh_delete_scheduled(void)
{
    BHState s = {0};

    s.bh = qemu_bh_new(bh_cb, &s);
    qemu_bh_schedule(s.bh);
    qemu_bh_delete(s.bh);
    run_pending();
    g_assert_cmpint(s.runs, ==, 0);
}

static void test_bh_delete_in_callback(void)
{
    BHState s = {.delete_self = true};

    s.bh = qemu_bh_new(bh_cb, &s);
    qemu_bh_schedule(s.bh);
    run_pending();
    g_assert_cmpint(s.runs, ==, 1);
    g_assert_null(s.bh);
}

static void test_bh_reschedule_self(void)
{
    BHState s = {.reschedule = 3};

    s.bh = qemu_bh_new(bh_cb, &s);
    qemu_bh_schedule(s.bh);
    /* Once per iteration, not in a loop within one iteration. */
    main_loop_wait(true);
    g_assert_cmpint(s.runs, ==, 1);
    run_pending();
    g_assert_cmpint(s.runs, ==, 4);
    qemu_bh_delete(s.bh);
}

/*
 * Timers
 */

typedef struct TimerState {
    QEMUTimer *timer;
    QEMUClockType type;
    int64_t fired_at_ns;
    int runs;
} TimerState;

static void timer_cb(void *opaque)
{
    TimerState *s = opaque;

    g_assert_true(bql_locked());
    g_assert_true(qemu_thread_is_self(&main_thread));
    s->fired_at_ns = qemu_clock_get_ns(s->type);
    s->runs++;
}

static void check_timer_fires_after_expiry(QEMUClockType type)
{
    TimerState s = {.type = type};
    int64_t expire;

    s.timer = timer_new_ms(type, timer_cb, &s);
    g_assert_false(timer_pending(s.timer));
    g_assert_cmpint(timer_expire_time_ns(s.timer), ==, -1);

    expire = qemu_clock_get_ms(type) + 50;
    timer_mod(s.timer, expire);
    g_assert_true(timer_pending(s.timer));
    g_assert_cmpint(timer_expire_time_ns(s.timer), ==, expire * SCALE_MS);

    run_until(&s.runs);
    g_assert_cmpint(s.runs, ==, 1);
    g_assert_cmpint(s.fired_at_ns, >=, expire * SCALE_MS);
    g_assert_false(timer_pending(s.timer));

    run_pending();
    g_assert_cmpint(s.runs, ==, 1);
    timer_free(s.timer);
}

static void test_timer_realtime(void)
{
    check_timer_fires_after_expiry(QEMU_CLOCK_REALTIME);
}

static void test_timer_host(void)
{
    check_timer_fires_after_expiry(QEMU_CLOCK_HOST);
}

/* A timer far in the future does not run while the loop iterates. */
static void test_timer_not_before(void)
{
    TimerState s = {.type = QEMU_CLOCK_REALTIME};
    int64_t expire =
        qemu_clock_get_ns(QEMU_CLOCK_REALTIME) + 3600 * NANOSECONDS_PER_SECOND;

    s.timer = timer_new_ns(QEMU_CLOCK_REALTIME, timer_cb, &s);
    timer_mod(s.timer, expire);
    run_pending();
    g_assert_cmpint(s.runs, ==, 0);
    g_assert_true(timer_pending(s.timer));
    g_assert_cmpint(timer_expire_time_ns(s.timer), ==, expire);
    g_assert_false(timer_expired(s.timer, expire - 1));
    g_assert_true(timer_expired(s.timer, expire));
    timer_free(s.timer);
}

static void test_timer_del(void)
{
    TimerState s = {.type = QEMU_CLOCK_REALTIME};
    TimerState later = {.type = QEMU_CLOCK_REALTIME};
    int64_t now = qemu_clock_get_ms(QEMU_CLOCK_REALTIME);

    s.timer = timer_new_ms(QEMU_CLOCK_REALTIME, timer_cb, &s);
    later.timer = timer_new_ms(QEMU_CLOCK_REALTIME, timer_cb, &later);
    timer_mod(s.timer, now + 10);
    timer_mod(later.timer, now + 60);
    timer_del(s.timer);
    g_assert_false(timer_pending(s.timer));

    /* Past the deleted timer's expiry, until the other one fires. */
    run_until(&later.runs);
    g_assert_cmpint(s.runs, ==, 0);
    g_assert_cmpint(later.runs, ==, 1);

    /* Re-armed in the past: runs at the next iteration. */
    timer_mod(s.timer, now - 1000);
    run_pending();
    g_assert_cmpint(s.runs, ==, 1);
    timer_free(s.timer);
    timer_free(later.timer);
}

/* Re-arming moves the expiry; the timer runs once, at the new time. */
static void test_timer_rearm(void)
{
    TimerState s = {.type = QEMU_CLOCK_REALTIME};
    int64_t now = qemu_clock_get_ns(QEMU_CLOCK_REALTIME);
    int64_t expire = now + 30 * SCALE_MS;

    s.timer = timer_new_ns(QEMU_CLOCK_REALTIME, timer_cb, &s);
    timer_mod_ns(s.timer, now + 3600 * NANOSECONDS_PER_SECOND);
    timer_mod_ns(s.timer, expire);
    run_until(&s.runs);
    g_assert_cmpint(s.fired_at_ns, >=, expire);
    run_pending();
    g_assert_cmpint(s.runs, ==, 1);
    timer_free(s.timer);
}

/* Armed from another thread while the loop sleeps with no deadline. */
static void arm_now(void *arg)
{
    QEMUTimer *t = arg;

    timer_mod(t, qemu_clock_get_ms(QEMU_CLOCK_REALTIME));
}

static void test_timer_cross_thread(void)
{
    TimerState s = {.type = QEMU_CLOCK_REALTIME};
    DelayedCall dc;

    s.timer = timer_new_ms(QEMU_CLOCK_REALTIME, timer_cb, &s);
    delayed_call_start(&dc, 50, arm_now, s.timer);
    run_until(&s.runs);
    qemu_thread_join(&dc.thread);
    g_assert_cmpint(s.runs, ==, 1);
    timer_free(s.timer);
}

/*
 * qemu_notify_event() ends a wait that has nothing else to wake it.  If
 * it did not, main_loop_wait(false) would block until alarm() below.
 */
static void notify(void *arg)
{
    qemu_notify_event();
}

static void test_notify(void)
{
    DelayedCall dc;

    delayed_call_start(&dc, 50, notify, NULL);
    main_loop_wait(false);
    qemu_thread_join(&dc.thread);
}

int main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);

    qemu_init_main_loop(&error_abort);
    /* Initialising again is harmless. */
    qemu_init_main_loop(&error_abort);
    qemu_thread_get_self(&main_thread);
    bql_lock();
    /* A wait that never ends fails the run instead of hanging it. */
    alarm(100);

    g_test_add_func("/util/main-loop/fd-handler/read", test_fd_read);
    g_test_add_func("/util/main-loop/fd-handler/read-cross-thread",
                    test_fd_read_cross_thread);
    g_test_add_func("/util/main-loop/fd-handler/write-remove-in-callback",
                    test_fd_write_and_remove_in_callback);
    g_test_add_func("/util/main-loop/fd-handler/replace", test_fd_replace);
    g_test_add_func("/util/main-loop/bh/cross-thread", test_bh_cross_thread);
    g_test_add_func("/util/main-loop/bh/oneshot-cross-thread",
                    test_bh_oneshot_cross_thread);
    g_test_add_func("/util/main-loop/bh/cancel", test_bh_cancel);
    g_test_add_func("/util/main-loop/bh/delete-scheduled",
                    test_bh_delete_scheduled);
    g_test_add_func("/util/main-loop/bh/delete-in-callback",
                    test_bh_delete_in_callback);
    g_test_add_func("/util/main-loop/bh/reschedule-self",
                    test_bh_reschedule_self);
    g_test_add_func("/util/main-loop/timer/realtime", test_timer_realtime);
    g_test_add_func("/util/main-loop/timer/host", test_timer_host);
    g_test_add_func("/util/main-loop/timer/not-before", test_timer_not_before);
    g_test_add_func("/util/main-loop/timer/del", test_timer_del);
    g_test_add_func("/util/main-loop/timer/rearm", test_timer_rearm);
    g_test_add_func("/util/main-loop/timer/cross-thread",
                    test_timer_cross_thread);
    g_test_add_func("/util/main-loop/notify/cross-thread", test_notify);

    return g_test_run();
}
