/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Unit tests for threads, locks, semaphores, events, the BQL and atomics. */
#include "qemu/osdep.h"
#include "qemu/thread.h"
#include "qemu/atomic.h"
#include "qapi/error.h"

#define N_THREADS 8
#define N_ROUNDS 100000

static void *return_arg_plus_one(void *opaque)
{
    return (char *)opaque + 1;
}

static void test_create_join_value(void)
{
    char buf[2];
    QemuThread thread;

    qemu_thread_create(&thread, "plus-one", return_arg_plus_one, buf,
                       QEMU_THREAD_JOINABLE);
    g_assert_true(qemu_thread_join(&thread) == buf + 1);
}

static void *exit_early(void *opaque)
{
    qemu_thread_exit(opaque);
}

static void test_create_exit(void)
{
    int marker;
    QemuThread thread;

    qemu_thread_create(&thread, "exit", exit_early, &marker,
                       QEMU_THREAD_JOINABLE);
    g_assert_true(qemu_thread_join(&thread) == &marker);
}

static void test_create_try(void)
{
    Error *err = NULL;
    QemuThread thread;
    int marker;

    g_assert_true(qemu_thread_try_create(&thread, "try", return_arg_plus_one,
                                         &marker, QEMU_THREAD_JOINABLE, &err));
    g_assert_null(err);
    g_assert_true(qemu_thread_join(&thread) == (char *)&marker + 1);
}

typedef struct SelfCheck {
    QemuThread creator;
    QemuThread seen_self;
    bool creator_is_self;
    bool self_is_self;
} SelfCheck;

static void *check_self(void *opaque)
{
    SelfCheck *sc = opaque;

    sc->creator_is_self = qemu_thread_is_self(&sc->creator);
    qemu_thread_get_self(&sc->seen_self);
    sc->self_is_self = qemu_thread_is_self(&sc->seen_self);
    return NULL;
}

static void test_create_self(void)
{
    SelfCheck sc = {0};
    QemuThread thread;

    qemu_thread_get_self(&sc.creator);
    g_assert_true(qemu_thread_is_self(&sc.creator));
    qemu_thread_create(&thread, "self", check_self, &sc, QEMU_THREAD_JOINABLE);
    qemu_thread_join(&thread);
    g_assert_false(sc.creator_is_self);
    g_assert_true(sc.self_is_self);
    /* The handle filled by create is the one the thread saw itself as. */
    g_assert_true(pthread_equal(thread.thread, sc.seen_self.thread));
    g_assert_false(qemu_thread_is_self(&thread));
}

static void *report_blocked_signals(void *opaque)
{
    sigset_t *mask = opaque;

    pthread_sigmask(SIG_BLOCK, NULL, mask);
    return NULL;
}

static void test_create_signals_blocked(void)
{
    sigset_t before;
    sigset_t after;
    sigset_t in_thread;
    QemuThread thread;

    pthread_sigmask(SIG_BLOCK, NULL, &before);
    g_assert_false(sigismember(&before, SIGUSR1));
    qemu_thread_create(&thread, "masked", report_blocked_signals, &in_thread,
                       QEMU_THREAD_JOINABLE);
    qemu_thread_join(&thread);
    g_assert_true(sigismember(&in_thread, SIGUSR1));
    g_assert_true(sigismember(&in_thread, SIGTERM));
    g_assert_true(sigismember(&in_thread, SIGINT));
    g_assert_true(sigismember(&in_thread, SIGIO));
    /* The creator's own mask is back to what it was. */
    pthread_sigmask(SIG_BLOCK, NULL, &after);
    g_assert_false(sigismember(&after, SIGUSR1));
    g_assert_false(sigismember(&after, SIGTERM));
}

static void *report_name(void *opaque)
{
    char *name = opaque;

    pthread_getname_np(pthread_self(), name, 16);
    return NULL;
}

static void test_create_name(void)
{
    char main_name[16];
    char name[16];
    QemuThread thread;

    pthread_getname_np(pthread_self(), main_name, sizeof(main_name));

    /* Naming off (the default): the thread keeps its inherited name. */
    qemu_thread_create(&thread, "unnamed-worker", report_name, name,
                       QEMU_THREAD_JOINABLE);
    qemu_thread_join(&thread);
    g_assert_cmpstr(name, ==, main_name);

    /* Naming on: the name, cut to 15 characters. */
    qemu_thread_naming(true);
    qemu_thread_create(&thread, "multifdsend_123456789", report_name, name,
                       QEMU_THREAD_JOINABLE);
    qemu_thread_join(&thread);
    g_assert_cmpstr(name, ==, "multifdsend_123");

    qemu_thread_create(&thread, "short", report_name, name,
                       QEMU_THREAD_JOINABLE);
    qemu_thread_join(&thread);
    g_assert_cmpstr(name, ==, "short");
    qemu_thread_naming(false);
}

typedef struct Counter {
    QemuMutex lock;
    /* Protected by lock; deliberately not atomic. */
    long value;
} Counter;

static void *count_locked(void *opaque)
{
    Counter *c = opaque;
    int i;

    for (i = 0; i < N_ROUNDS; i++) {
        qemu_mutex_lock(&c->lock);
        c->value++;
        qemu_mutex_unlock(&c->lock);
    }
    return NULL;
}

static void test_mutex_contention(void)
{
    QemuThread threads[N_THREADS];
    Counter c = {0};
    int i;

    qemu_mutex_init(&c.lock);
    for (i = 0; i < N_THREADS; i++) {
        qemu_thread_create(&threads[i], "counter", count_locked, &c,
                           QEMU_THREAD_JOINABLE);
    }
    for (i = 0; i < N_THREADS; i++) {
        qemu_thread_join(&threads[i]);
    }
    g_assert_cmpint(c.value, ==, (long)N_THREADS * N_ROUNDS);
    qemu_mutex_destroy(&c.lock);
}

static void *trylock_once(void *opaque)
{
    QemuMutex *m = opaque;
    int ret = qemu_mutex_trylock(m);

    if (ret == 0) {
        qemu_mutex_unlock(m);
    }
    return GINT_TO_POINTER(ret);
}

static void test_mutex_trylock(void)
{
    QemuThread thread;
    QemuMutex m;

    qemu_mutex_init(&m);
    qemu_mutex_lock(&m);
    qemu_thread_create(&thread, "try", trylock_once, &m, QEMU_THREAD_JOINABLE);
    g_assert_cmpint(GPOINTER_TO_INT(qemu_thread_join(&thread)), ==, -EBUSY);
    qemu_mutex_unlock(&m);
    qemu_thread_create(&thread, "try", trylock_once, &m, QEMU_THREAD_JOINABLE);
    g_assert_cmpint(GPOINTER_TO_INT(qemu_thread_join(&thread)), ==, 0);
    qemu_mutex_destroy(&m);
}

typedef struct Flag {
    QemuMutex lock;
    QemuCond cond;
    /* Protected by lock. */
    bool raised;
} Flag;

static void *raise_flag(void *opaque)
{
    Flag *f = opaque;

    qemu_mutex_lock(&f->lock);
    f->raised = true;
    qemu_cond_signal(&f->cond);
    qemu_mutex_unlock(&f->lock);
    return NULL;
}

static void test_cond_timedwait(void)
{
    QemuThread thread;
    Flag f = {0};

    qemu_mutex_init(&f.lock);
    qemu_cond_init(&f.cond);

    /* Nobody signals: the wait times out. */
    qemu_mutex_lock(&f.lock);
    g_assert_false(qemu_cond_timedwait(&f.cond, &f.lock, 20));
    qemu_mutex_unlock(&f.lock);

    /* Somebody signals: the flag is seen well before a generous timeout. */
    qemu_mutex_lock(&f.lock);
    qemu_thread_create(&thread, "raise", raise_flag, &f, QEMU_THREAD_JOINABLE);
    while (!f.raised) {
        g_assert_true(qemu_cond_timedwait(&f.cond, &f.lock, 60000));
    }
    qemu_mutex_unlock(&f.lock);
    qemu_thread_join(&thread);

    qemu_cond_destroy(&f.cond);
    qemu_mutex_destroy(&f.lock);
}

static void test_sem_timedwait(void)
{
    QemuSemaphore sem;

    qemu_sem_init(&sem, 0);
    g_assert_cmpint(qemu_sem_timedwait(&sem, 20), ==, -1);
    g_assert_cmpint(qemu_sem_timedwait(&sem, 0), ==, -1);
    qemu_sem_post(&sem);
    g_assert_cmpint(qemu_sem_timedwait(&sem, 0), ==, 0);
    g_assert_cmpint(qemu_sem_timedwait(&sem, 0), ==, -1);
    qemu_sem_destroy(&sem);

    /* The initial count is available at once, and no more. */
    qemu_sem_init(&sem, 2);
    qemu_sem_wait(&sem);
    g_assert_cmpint(qemu_sem_timedwait(&sem, 0), ==, 0);
    g_assert_cmpint(qemu_sem_timedwait(&sem, 10), ==, -1);
    qemu_sem_destroy(&sem);
}

typedef struct PingPong {
    QemuSemaphore ping;
    QemuSemaphore pong;
    /* Written by whichever side holds the turn (handed over by the sems). */
    int turns;
} PingPong;

#define N_PINGS 10000

static void *ponger(void *opaque)
{
    PingPong *pp = opaque;
    int i;

    for (i = 0; i < N_PINGS; i++) {
        qemu_sem_wait(&pp->ping);
        pp->turns++;
        qemu_sem_post(&pp->pong);
    }
    return NULL;
}

static void test_sem_ping_pong(void)
{
    PingPong pp = {0};
    QemuThread thread;
    int i;

    qemu_sem_init(&pp.ping, 0);
    qemu_sem_init(&pp.pong, 0);
    qemu_thread_create(&thread, "pong", ponger, &pp, QEMU_THREAD_JOINABLE);
    for (i = 0; i < N_PINGS; i++) {
        pp.turns++;
        qemu_sem_post(&pp.ping);
        /* Timed, so that a lost wake-up fails instead of hanging. */
        g_assert_cmpint(qemu_sem_timedwait(&pp.pong, 60000), ==, 0);
    }
    qemu_thread_join(&thread);
    g_assert_cmpint(pp.turns, ==, 2 * N_PINGS);
    qemu_sem_destroy(&pp.ping);
    qemu_sem_destroy(&pp.pong);
}

typedef struct EventTest {
    QemuEvent go;
    QemuSemaphore started;
    /* Written before go is set, read by the waiters after they wake. */
    int payload;
    /* Atomic: payloads seen by the waiters, summed. */
    int seen;
} EventTest;

static void *wait_for_go(void *opaque)
{
    EventTest *et = opaque;

    qemu_sem_post(&et->started);
    qemu_event_wait(&et->go);
    qatomic_add(&et->seen, et->payload);
    return NULL;
}

static void *timedwait_for_go(void *opaque)
{
    EventTest *et = opaque;

    return GINT_TO_POINTER(qemu_event_timedwait(&et->go, 20));
}

static void test_event_set_reset_wait(void)
{
    QemuThread threads[N_THREADS];
    EventTest et = {0};
    int i;

    qemu_event_init(&et.go, false);
    qemu_sem_init(&et.started, 0);
    for (i = 0; i < N_THREADS; i++) {
        qemu_thread_create(&threads[i], "waiter", wait_for_go, &et,
                           QEMU_THREAD_JOINABLE);
    }
    for (i = 0; i < N_THREADS; i++) {
        qemu_sem_wait(&et.started);
    }
    et.payload = 5;
    /* One set wakes every waiter, and they all see the payload. */
    qemu_event_set(&et.go);
    for (i = 0; i < N_THREADS; i++) {
        qemu_thread_join(&threads[i]);
    }
    g_assert_cmpint(qatomic_read(&et.seen), ==, 5 * N_THREADS);

    /* Still set: a late waiter passes straight through. */
    g_assert_true(qemu_event_timedwait(&et.go, 0));
    qemu_event_wait(&et.go);

    /* After a reset, a waiter in another thread times out. */
    qemu_event_reset(&et.go);
    qemu_thread_create(&threads[0], "timed", timedwait_for_go, &et,
                       QEMU_THREAD_JOINABLE);
    g_assert_false(GPOINTER_TO_INT(qemu_thread_join(&threads[0])));
    g_assert_false(qemu_event_timedwait(&et.go, 0));

    /* An event created set is set. */
    qemu_event_destroy(&et.go);
    qemu_event_init(&et.go, true);
    g_assert_true(qemu_event_timedwait(&et.go, 0));

    qemu_event_destroy(&et.go);
    qemu_sem_destroy(&et.started);
}

static void *bql_locked_elsewhere(void *opaque)
{
    return GINT_TO_POINTER(bql_locked());
}

static void *bql_take_and_check(void *opaque)
{
    bool held;

    bql_lock();
    held = bql_locked();
    bql_unlock();
    return GINT_TO_POINTER(held && !bql_locked());
}

static void test_bql_locked_per_thread(void)
{
    QemuThread thread;

    g_assert_false(bql_locked());
    bql_lock();
    g_assert_true(bql_locked());
    /* Held by this thread, not by the other. */
    qemu_thread_create(&thread, "bql-check", bql_locked_elsewhere, NULL,
                       QEMU_THREAD_JOINABLE);
    g_assert_false(GPOINTER_TO_INT(qemu_thread_join(&thread)));
    bql_unlock();
    g_assert_false(bql_locked());

    qemu_thread_create(&thread, "bql-take", bql_take_and_check, NULL,
                       QEMU_THREAD_JOINABLE);
    g_assert_true(GPOINTER_TO_INT(qemu_thread_join(&thread)));
    g_assert_false(bql_locked());
}

typedef struct BqlCounter {
    /* Protected by the BQL. */
    long value;
} BqlCounter;

static void *count_under_bql(void *opaque)
{
    BqlCounter *c = opaque;
    int i;

    for (i = 0; i < N_ROUNDS / 10; i++) {
        BQL_LOCK_GUARD();
        c->value++;
    }
    return NULL;
}

static void test_bql_exclusion(void)
{
    QemuThread threads[N_THREADS];
    BqlCounter c = {0};
    int i;

    for (i = 0; i < N_THREADS; i++) {
        qemu_thread_create(&threads[i], "bql-count", count_under_bql, &c,
                           QEMU_THREAD_JOINABLE);
    }
    for (i = 0; i < N_THREADS; i++) {
        qemu_thread_join(&threads[i]);
    }
    g_assert_cmpint(c.value, ==, (long)N_THREADS * (N_ROUNDS / 10));
}

static void test_bql_guard(void)
{
    {
        BQL_LOCK_GUARD();
        g_assert_true(bql_locked());
    }
    g_assert_false(bql_locked());

    /* Already held: the guard neither retakes nor releases it. */
    bql_lock();
    {
        BQL_LOCK_GUARD();
        g_assert_true(bql_locked());
    }
    g_assert_true(bql_locked());
    bql_unlock();
}

/* Returns early from inside the guarded scope. */
static int guarded_early_return(QemuMutex *m, int x)
{
    QEMU_LOCK_GUARD(m);

    if (x > 0) {
        return x;
    }
    return -x;
}

static void test_lock_guard_release(void)
{
    QemuMutex m;
    int i;

    qemu_mutex_init(&m);
    g_assert_cmpint(guarded_early_return(&m, 3), ==, 3);
    g_assert_cmpint(qemu_mutex_trylock(&m), ==, 0);
    qemu_mutex_unlock(&m);
    g_assert_cmpint(guarded_early_return(&m, -4), ==, 4);
    g_assert_cmpint(qemu_mutex_trylock(&m), ==, 0);
    qemu_mutex_unlock(&m);

    WITH_QEMU_LOCK_GUARD(&m)
    {
        /* Held inside (recursive trylock on a default mutex fails). */
        g_assert_cmpint(qemu_mutex_trylock(&m), ==, -EBUSY);
    }
    g_assert_cmpint(qemu_mutex_trylock(&m), ==, 0);
    qemu_mutex_unlock(&m);

    /* Leaving by break releases it too. */
    for (i = 0; i < 3; i++) {
        WITH_QEMU_LOCK_GUARD(&m)
        {
            if (i == 1) {
                break;
            }
        }
        g_assert_cmpint(qemu_mutex_trylock(&m), ==, 0);
        qemu_mutex_unlock(&m);
    }
    qemu_mutex_destroy(&m);
}

typedef struct AtomicCounters {
    /* All atomic. */
    long sum;
    unsigned int bits;
    long cas_sum;
} AtomicCounters;

static void *hammer_atomics(void *opaque)
{
    AtomicCounters *ac = opaque;
    int i;

    for (i = 0; i < N_ROUNDS; i++) {
        long seen;

        qatomic_inc(&ac->sum);
        qatomic_fetch_sub(&ac->sum, 2);
        qatomic_add(&ac->sum, 2);
        /* Compare-and-swap loop: retried until no one else interfered. */
        seen = qatomic_read(&ac->cas_sum);
        for (;;) {
            long old = qatomic_cmpxchg(&ac->cas_sum, seen, seen + 3);

            if (old == seen) {
                break;
            }
            seen = old;
        }
    }
    return NULL;
}

static void test_atomic_counters(void)
{
    QemuThread threads[N_THREADS];
    AtomicCounters ac = {0};
    int i;

    for (i = 0; i < N_THREADS; i++) {
        qemu_thread_create(&threads[i], "atomics", hammer_atomics, &ac,
                           QEMU_THREAD_JOINABLE);
    }
    for (i = 0; i < N_THREADS; i++) {
        qemu_thread_join(&threads[i]);
    }
    g_assert_cmpint(qatomic_read(&ac.sum), ==, (long)N_THREADS * N_ROUNDS);
    g_assert_cmpint(qatomic_read(&ac.cas_sum), ==, 3L * N_THREADS * N_ROUNDS);
}

static void test_atomic_ops(void)
{
    unsigned int v = 0x0f;
    unsigned long w = 5;
    bool b = false;

    g_assert_cmpuint(qatomic_fetch_or(&v, 0xf0), ==, 0x0f);
    g_assert_cmpuint(qatomic_fetch_and(&v, 0x3c), ==, 0xff);
    g_assert_cmpuint(qatomic_fetch_xor(&v, 0x0f), ==, 0x3c);
    g_assert_cmpuint(qatomic_read(&v), ==, 0x33);
    g_assert_cmpuint(qatomic_xchg(&v, 7), ==, 0x33);
    g_assert_cmpuint(qatomic_fetch_inc(&v), ==, 7);
    g_assert_cmpuint(qatomic_fetch_dec(&v), ==, 8);
    g_assert_cmpuint(qatomic_inc_fetch(&v), ==, 8);
    g_assert_cmpuint(qatomic_dec_fetch(&v), ==, 7);

    /* cmpxchg returns the old value whether or not it swapped. */
    g_assert_cmpuint(qatomic_cmpxchg(&w, 4, 9), ==, 5);
    g_assert_cmpuint(qatomic_read(&w), ==, 5);
    g_assert_cmpuint(qatomic_cmpxchg(&w, 5, 9), ==, 5);
    g_assert_cmpuint(qatomic_read(&w), ==, 9);

    qatomic_store_release(&b, true);
    g_assert_true(qatomic_load_acquire(&b));
    qatomic_set(&w, 1);
    smp_mb();
    g_assert_cmpuint(qatomic_read(&w), ==, 1);
}

int main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);

    g_test_add_func("/thread/create/join-value", test_create_join_value);
    g_test_add_func("/thread/create/exit", test_create_exit);
    g_test_add_func("/thread/create/try", test_create_try);
    g_test_add_func("/thread/create/self", test_create_self);
    g_test_add_func("/thread/create/signals-blocked",
                    test_create_signals_blocked);
    g_test_add_func("/thread/create/name", test_create_name);
    g_test_add_func("/thread/mutex/contention", test_mutex_contention);
    g_test_add_func("/thread/mutex/trylock", test_mutex_trylock);
    g_test_add_func("/thread/cond/timedwait", test_cond_timedwait);
    g_test_add_func("/thread/sem/timedwait", test_sem_timedwait);
    g_test_add_func("/thread/sem/ping-pong", test_sem_ping_pong);
    g_test_add_func("/thread/event/set-reset-wait", test_event_set_reset_wait);
    g_test_add_func("/thread/bql/locked-per-thread",
                    test_bql_locked_per_thread);
    g_test_add_func("/thread/bql/exclusion", test_bql_exclusion);
    g_test_add_func("/thread/bql/guard", test_bql_guard);
    g_test_add_func("/thread/lock-guard/release", test_lock_guard_release);
    g_test_add_func("/thread/atomic/counters", test_atomic_counters);
    g_test_add_func("/thread/atomic/ops", test_atomic_ops);
    return g_test_run();
}
