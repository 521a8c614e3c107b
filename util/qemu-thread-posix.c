/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Mutexes, condition variables, semaphores, events and threads on pthreads. */
#include "qemu/osdep.h"
#include "qemu/thread.h"
#include "qemu/atomic.h"
#include "qapi/error.h"

/* Linux limits thread names to 16 bytes including the terminating NUL. */
#define THREAD_NAME_MAX 15

/* Set once during start-up (-name debug-threads=on), read by new threads. */
static bool thread_naming;

/* A pthread call failed where it cannot: report which and abort. */
static G_NORETURN void thread_fail(int err, const char *func)
{
    fprintf(stderr, "qemu: %s: %s\n", func, strerror(err));
    abort();
}

void qemu_mutex_init(QemuMutex *mutex)
{
    int err = pthread_mutex_init(&mutex->lock, NULL);

    if (err) {
        thread_fail(err, __func__);
    }
    mutex->initialized = true;
}

void qemu_mutex_destroy(QemuMutex *mutex)
{
    int err;

    assert(mutex->initialized);
    mutex->initialized = false;
    err = pthread_mutex_destroy(&mutex->lock);
    if (err) {
        thread_fail(err, __func__);
    }
}

void qemu_mutex_lock(QemuMutex *mutex)
{
    int err;

    assert(mutex->initialized);
    err = pthread_mutex_lock(&mutex->lock);
    if (err) {
        thread_fail(err, __func__);
    }
}

int qemu_mutex_trylock(QemuMutex *mutex)
{
    int err;

    assert(mutex->initialized);
    err = pthread_mutex_trylock(&mutex->lock);
    if (err == EBUSY) {
        return -EBUSY;
    }
    if (err) {
        thread_fail(err, __func__);
    }
    return 0;
}

void qemu_mutex_unlock(QemuMutex *mutex)
{
    int err;

    assert(mutex->initialized);
    err = pthread_mutex_unlock(&mutex->lock);
    if (err) {
        thread_fail(err, __func__);
    }
}

void qemu_cond_init(QemuCond *cond)
{
    pthread_condattr_t attr;
    int err;

    err = pthread_condattr_init(&attr);
    if (err) {
        thread_fail(err, __func__);
    }
    /* Timed waits must not jump when someone sets the wall clock. */
    err = pthread_condattr_setclock(&attr, CLOCK_MONOTONIC);
    if (err) {
        thread_fail(err, __func__);
    }
    err = pthread_cond_init(&cond->cond, &attr);
    if (err) {
        thread_fail(err, __func__);
    }
    pthread_condattr_destroy(&attr);
    cond->initialized = true;
}

void qemu_cond_destroy(QemuCond *cond)
{
    int err;

    assert(cond->initialized);
    cond->initialized = false;
    err = pthread_cond_destroy(&cond->cond);
    if (err) {
        thread_fail(err, __func__);
    }
}

void qemu_cond_signal(QemuCond *cond)
{
    int err;

    assert(cond->initialized);
    err = pthread_cond_signal(&cond->cond);
    if (err) {
        thread_fail(err, __func__);
    }
}

void qemu_cond_broadcast(QemuCond *cond)
{
    int err;

    assert(cond->initialized);
    err = pthread_cond_broadcast(&cond->cond);
    if (err) {
        thread_fail(err, __func__);
    }
}

void qemu_cond_wait(QemuCond *cond, QemuMutex *mutex)
{
    int err;

    assert(cond->initialized);
    assert(mutex->initialized);
    err = pthread_cond_wait(&cond->cond, &mutex->lock);
    if (err) {
        thread_fail(err, __func__);
    }
}

/* The CLOCK_MONOTONIC time @ms milliseconds from now. */
static struct timespec deadline_after_ms(int ms)
{
    struct timespec ts;

    clock_gettime(CLOCK_MONOTONIC, &ts);
    if (ms < 0) {
        ms = 0;
    }
    ts.tv_sec += ms / 1000;
    ts.tv_nsec += (long)(ms % 1000) * 1000000L;
    if (ts.tv_nsec >= 1000000000L) {
        ts.tv_sec++;
        ts.tv_nsec -= 1000000000L;
    }
    return ts;
}

/* Wait until signalled or @deadline; false if the deadline passed. */
static bool cond_wait_until(QemuCond *cond, QemuMutex *mutex,
                            const struct timespec *deadline)
{
    int err;

    assert(cond->initialized);
    assert(mutex->initialized);
    err = pthread_cond_timedwait(&cond->cond, &mutex->lock, deadline);
    if (err && err != ETIMEDOUT) {
        thread_fail(err, __func__);
    }
    return err != ETIMEDOUT;
}

bool qemu_cond_timedwait(QemuCond *cond, QemuMutex *mutex, int ms)
{
    struct timespec deadline = deadline_after_ms(ms);

    return cond_wait_until(cond, mutex, &deadline);
}

void qemu_sem_init(QemuSemaphore *sem, int init)
{
    assert(init >= 0);
    qemu_mutex_init(&sem->mutex);
    qemu_cond_init(&sem->cond);
    sem->count = init;
}

void qemu_sem_destroy(QemuSemaphore *sem)
{
    qemu_cond_destroy(&sem->cond);
    qemu_mutex_destroy(&sem->mutex);
}

void qemu_sem_post(QemuSemaphore *sem)
{
    qemu_mutex_lock(&sem->mutex);
    if (sem->count == UINT_MAX) {
        thread_fail(EOVERFLOW, __func__);
    }
    sem->count++;
    qemu_cond_signal(&sem->cond);
    qemu_mutex_unlock(&sem->mutex);
}

void qemu_sem_wait(QemuSemaphore *sem)
{
    qemu_mutex_lock(&sem->mutex);
    while (sem->count == 0) {
        qemu_cond_wait(&sem->cond, &sem->mutex);
    }
    sem->count--;
    qemu_mutex_unlock(&sem->mutex);
}

int qemu_sem_timedwait(QemuSemaphore *sem, int ms)
{
    /* One deadline for the whole call, however many wake-ups it takes. */
    struct timespec deadline = deadline_after_ms(ms);
    int ret = 0;

    qemu_mutex_lock(&sem->mutex);
    while (sem->count == 0) {
        if (!cond_wait_until(&sem->cond, &sem->mutex, &deadline)) {
            /* A post may have raced with the timeout: take it if so. */
            if (sem->count == 0) {
                ret = -1;
            }
            break;
        }
    }
    if (ret == 0) {
        sem->count--;
    }
    qemu_mutex_unlock(&sem->mutex);
    return ret;
}

void qemu_event_init(QemuEvent *ev, bool init)
{
    qemu_mutex_init(&ev->mutex);
    qemu_cond_init(&ev->cond);
    ev->value = init;
    ev->initialized = true;
}

void qemu_event_destroy(QemuEvent *ev)
{
    assert(ev->initialized);
    ev->initialized = false;
    qemu_cond_destroy(&ev->cond);
    qemu_mutex_destroy(&ev->mutex);
}

void qemu_event_set(QemuEvent *ev)
{
    assert(ev->initialized);
    qemu_mutex_lock(&ev->mutex);
    /* Pairs with the acquire in the fast path of the waits. */
    qatomic_store_release(&ev->value, true);
    qemu_cond_broadcast(&ev->cond);
    qemu_mutex_unlock(&ev->mutex);
}

void qemu_event_reset(QemuEvent *ev)
{
    assert(ev->initialized);
    qemu_mutex_lock(&ev->mutex);
    qatomic_set(&ev->value, false);
    qemu_mutex_unlock(&ev->mutex);
}

void qemu_event_wait(QemuEvent *ev)
{
    assert(ev->initialized);
    /* Already set: what the setter wrote before setting is visible. */
    if (qatomic_load_acquire(&ev->value)) {
        return;
    }
    qemu_mutex_lock(&ev->mutex);
    while (!ev->value) {
        qemu_cond_wait(&ev->cond, &ev->mutex);
    }
    qemu_mutex_unlock(&ev->mutex);
}

bool qemu_event_timedwait(QemuEvent *ev, int ms)
{
    struct timespec deadline;
    bool set;

    assert(ev->initialized);
    if (qatomic_load_acquire(&ev->value)) {
        return true;
    }
    deadline = deadline_after_ms(ms);
    qemu_mutex_lock(&ev->mutex);
    while (!ev->value) {
        if (!cond_wait_until(&ev->cond, &ev->mutex, &deadline)) {
            break;
        }
    }
    set = ev->value;
    qemu_mutex_unlock(&ev->mutex);
    return set;
}

void qemu_thread_naming(bool enable)
{
    qatomic_set(&thread_naming, enable);
}

/*
 * What a new thread needs to start.  Allocated by the creator, owned and
 * freed by the new thread once it has copied what it needs.
 */
typedef struct QemuThreadStart {
    void *(*start_routine)(void *);
    void *arg;
    char *name;
} QemuThreadStart;

static void *qemu_thread_start(void *opaque)
{
    QemuThreadStart *start = opaque;
    void *(*start_routine)(void *) = start->start_routine;
    void *arg = start->arg;

    /* Named by the thread itself so the name is in place before any work. */
    if (start->name && qatomic_read(&thread_naming)) {
        char name[THREAD_NAME_MAX + 1];

        g_strlcpy(name, start->name, sizeof(name));
        pthread_setname_np(pthread_self(), name);
    }
    g_free(start->name);
    g_free(start);
    return start_routine(arg);
}

/* Returns 0 or the pthread error number. */
static int thread_create(QemuThread *thread, const char *name,
                         void *(*start_routine)(void *), void *arg, int mode)
{
    QemuThreadStart *start;
    sigset_t all;
    sigset_t saved;
    pthread_attr_t attr;
    int err;

    assert(mode == QEMU_THREAD_JOINABLE || mode == QEMU_THREAD_DETACHED);
    err = pthread_attr_init(&attr);
    if (err) {
        return err;
    }
    if (mode == QEMU_THREAD_DETACHED) {
        pthread_attr_setdetachstate(&attr, PTHREAD_CREATE_DETACHED);
    }

    start = g_new0(QemuThreadStart, 1);
    start->start_routine = start_routine;
    start->arg = arg;
    start->name = g_strdup(name);

    /*
     * A new thread inherits its creator's signal mask: block everything
     * around the creation so signals are only ever handled by the main
     * thread, then restore the creator's mask.
     */
    sigfillset(&all);
    pthread_sigmask(SIG_SETMASK, &all, &saved);
    err = pthread_create(&thread->thread, &attr, qemu_thread_start, start);
    pthread_sigmask(SIG_SETMASK, &saved, NULL);
    pthread_attr_destroy(&attr);

    if (err) {
        /* The thread never ran, so @start is still ours. */
        g_free(start->name);
        g_free(start);
    }
    return err;
}

void qemu_thread_create(QemuThread *thread, const char *name,
                        void *(*start_routine)(void *), void *arg, int mode)
{
    int err = thread_create(thread, name, start_routine, arg, mode);

    if (err) {
        thread_fail(err, __func__);
    }
}

bool qemu_thread_try_create(QemuThread *thread, const char *name,
                            void *(*start_routine)(void *), void *arg, int mode,
                            Error **errp)
{
    int err = thread_create(thread, name, start_routine, arg, mode);

    if (err) {
        error_setg_errno(errp, err, "failed to create thread '%s'",
                         name ? name : "");
        return false;
    }
    return true;
}

void *qemu_thread_join(QemuThread *thread)
{
    void *ret;
    int err;

    err = pthread_join(thread->thread, &ret);
    if (err) {
        thread_fail(err, __func__);
    }
    return ret;
}

void qemu_thread_get_self(QemuThread *thread)
{
    thread->thread = pthread_self();
}

bool qemu_thread_is_self(QemuThread *thread)
{
    return pthread_equal(pthread_self(), thread->thread);
}

void qemu_thread_exit(void *retval)
{
    pthread_exit(retval);
}
