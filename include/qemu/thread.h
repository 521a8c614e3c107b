/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Threads and synchronisation primitives on POSIX threads.
 *
 * Every primitive aborts on an unexpected pthread failure: such a failure
 * is a broken internal invariant, never something a peer can cause.
 */
#ifndef QEMU_THREAD_H
#define QEMU_THREAD_H

#include <pthread.h>
#include <semaphore.h>

typedef struct QemuMutex {
    pthread_mutex_t lock;
    bool initialized;
} QemuMutex;

typedef struct QemuCond {
    pthread_cond_t cond;
    bool initialized;
} QemuCond;

/* Counting semaphore (mutex + cond, so timed waits use CLOCK_MONOTONIC). */
typedef struct QemuSemaphore {
    /* Set by qemu_sem_init(), read-only after. */
    QemuMutex mutex;
    QemuCond cond;
    /* Protected by mutex. */
    unsigned int count;
} QemuSemaphore;

/*
 * Manual-reset event: qemu_event_set() wakes every waiter and stays set
 * until qemu_event_reset().
 */
typedef struct QemuEvent {
    /* Set by qemu_event_init(), read-only after. */
    QemuMutex mutex;
    QemuCond cond;
    bool initialized;
    /*
     * Written only with mutex held; read atomically (acquire) without it
     * by the fast path of the waits, pairing with the release store in
     * qemu_event_set().
     */
    bool value;
} QemuEvent;

typedef struct QemuThread {
    pthread_t thread;
} QemuThread;

#define QEMU_THREAD_JOINABLE 0
#define QEMU_THREAD_DETACHED 1

void qemu_mutex_init(QemuMutex *mutex);
void qemu_mutex_destroy(QemuMutex *mutex);
void qemu_mutex_lock(QemuMutex *mutex);
/* Returns 0 when the lock was taken, -EBUSY otherwise. */
int qemu_mutex_trylock(QemuMutex *mutex);
void qemu_mutex_unlock(QemuMutex *mutex);

void qemu_cond_init(QemuCond *cond);
void qemu_cond_destroy(QemuCond *cond);
void qemu_cond_signal(QemuCond *cond);
void qemu_cond_broadcast(QemuCond *cond);
void qemu_cond_wait(QemuCond *cond, QemuMutex *mutex);
/* Returns false on timeout (@ms milliseconds, monotonic clock). */
bool qemu_cond_timedwait(QemuCond *cond, QemuMutex *mutex, int ms);

void qemu_sem_init(QemuSemaphore *sem, int init);
void qemu_sem_destroy(QemuSemaphore *sem);
void qemu_sem_post(QemuSemaphore *sem);
void qemu_sem_wait(QemuSemaphore *sem);
/* Returns 0 when the semaphore was taken, -1 on timeout. */
int qemu_sem_timedwait(QemuSemaphore *sem, int ms);

void qemu_event_init(QemuEvent *ev, bool init);
void qemu_event_destroy(QemuEvent *ev);
void qemu_event_set(QemuEvent *ev);
void qemu_event_reset(QemuEvent *ev);
void qemu_event_wait(QemuEvent *ev);
/* Returns false on timeout. */
bool qemu_event_timedwait(QemuEvent *ev, int ms);

/*
 * Start @start_routine(@arg) in a new thread called @name (visible in
 * /proc/PID/task/TID/comm when naming is enabled, truncated to 15 bytes).
 * @mode is QEMU_THREAD_JOINABLE or QEMU_THREAD_DETACHED.  Aborts if the
 * thread cannot be created.
 */
void qemu_thread_create(QemuThread *thread, const char *name,
                        void *(*start_routine)(void *), void *arg, int mode);
/* Like qemu_thread_create() but reports failure instead of aborting. */
bool qemu_thread_try_create(QemuThread *thread, const char *name,
                            void *(*start_routine)(void *), void *arg,
                            int mode, Error **errp);
void *qemu_thread_join(QemuThread *thread);
void qemu_thread_get_self(QemuThread *thread);
bool qemu_thread_is_self(QemuThread *thread);
G_NORETURN void qemu_thread_exit(void *retval);
/* -name debug-threads=on: give threads their names (default off). */
void qemu_thread_naming(bool enable);

/* Scoped locking: the mutex is released when the scope ends. */
static inline QemuMutex *qemu_lock_guard_lock(QemuMutex *m)
{
    qemu_mutex_lock(m);
    return m;
}

static inline void qemu_lock_guard_unlock(QemuMutex **m)
{
    if (*m) {
        qemu_mutex_unlock(*m);
    }
}

#define QEMU_LOCK_GUARD_NAME_(n) glue(qemu_lock_guard_, n)
#define QEMU_LOCK_GUARD(mutex)                                                \
    QemuMutex *QEMU_LOCK_GUARD_NAME_(__COUNTER__)                             \
        __attribute__((cleanup(qemu_lock_guard_unlock), unused)) =            \
            qemu_lock_guard_lock(mutex)

#define WITH_QEMU_LOCK_GUARD_(mutex, var)                                     \
    for (QemuMutex *var __attribute__((cleanup(qemu_lock_guard_unlock))) =    \
             qemu_lock_guard_lock(mutex);                                     \
         var; qemu_lock_guard_unlock(&var), var = NULL)
#define WITH_QEMU_LOCK_GUARD(mutex)                                           \
    WITH_QEMU_LOCK_GUARD_(mutex, QEMU_LOCK_GUARD_NAME_(__COUNTER__))

/*
 * The big QEMU lock (BQL).  Held by the main loop while it dispatches;
 * other threads take it to touch device state or the runstate.
 */
void bql_lock(void);
void bql_unlock(void);
/* True if the calling thread holds the BQL. */
bool bql_locked(void);

static inline void bql_guard_unlock(bool *taken)
{
    if (*taken) {
        bql_unlock();
    }
}

/* Take the BQL for the rest of the scope unless already held. */
#define BQL_LOCK_GUARD()                                                      \
    bool QEMU_LOCK_GUARD_NAME_(__COUNTER__)                                   \
        __attribute__((cleanup(bql_guard_unlock), unused)) =                  \
            !bql_locked() && (bql_lock(), true)

#endif /* QEMU_THREAD_H */
