/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Clocks and one-shot timers whose callbacks run in the main loop.
 *
 * Threads: qemu_clock_get_*() and timer_new*() may be called from any
 * thread, and so may timer_mod*(), timer_del() and timer_pending() (they
 * take the timer lock and wake the main loop when needed).  Callbacks run
 * in the main loop thread with the BQL held.  timer_del() from another
 * thread does not wait for a callback that has already started; hold the
 * BQL to be sure none is running.  timer_free() only where no callback
 * can be running (the main loop thread, or with the BQL held).
 */
#ifndef QEMU_TIMER_H
#define QEMU_TIMER_H

typedef enum QEMUClockType {
    /* Monotonic host time: unaffected by wall-clock changes; use this. */
    QEMU_CLOCK_REALTIME,
    /* Wall-clock host time (nanoseconds since the Unix epoch). */
    QEMU_CLOCK_HOST,
    QEMU_CLOCK_MAX,
} QEMUClockType;

/* Nanoseconds per unit, for the @scale of timer_new(). */
#define SCALE_MS 1000000
#define SCALE_US 1000
#define SCALE_NS 1

#define NANOSECONDS_PER_SECOND 1000000000LL

typedef void QEMUTimerCB(void *opaque);
typedef struct QEMUTimer QEMUTimer;

/* The current time of clock @type, in nanoseconds. */
int64_t qemu_clock_get_ns(QEMUClockType type);

static inline int64_t qemu_clock_get_us(QEMUClockType type)
{
    return qemu_clock_get_ns(type) / SCALE_US;
}

static inline int64_t qemu_clock_get_ms(QEMUClockType type)
{
    return qemu_clock_get_ns(type) / SCALE_MS;
}

/*
 * A new, idle timer on clock @type whose expiry times are given in units
 * of @scale nanoseconds.  @cb(@opaque) runs once each time the timer
 * expires after timer_mod().  Free it with timer_free().
 */
QEMUTimer *timer_new(QEMUClockType type, int scale, QEMUTimerCB *cb,
                     void *opaque);

static inline QEMUTimer *timer_new_ns(QEMUClockType type, QEMUTimerCB *cb,
                                      void *opaque)
{
    return timer_new(type, SCALE_NS, cb, opaque);
}

static inline QEMUTimer *timer_new_us(QEMUClockType type, QEMUTimerCB *cb,
                                      void *opaque)
{
    return timer_new(type, SCALE_US, cb, opaque);
}

static inline QEMUTimer *timer_new_ms(QEMUClockType type, QEMUTimerCB *cb,
                                      void *opaque)
{
    return timer_new(type, SCALE_MS, cb, opaque);
}

/*
 * (Re-)arm @ts to expire when its clock reaches @expire_time, in the
 * timer's scale (absolute time, not a delay).  A time in the past makes
 * it run at the next main loop iteration.  Replaces any earlier expiry.
 */
void timer_mod(QEMUTimer *ts, int64_t expire_time);

/* Like timer_mod() with @expire_time in nanoseconds whatever the scale. */
void timer_mod_ns(QEMUTimer *ts, int64_t expire_time);

/* Disarm @ts; it will not start its callback until armed again. */
void timer_del(QEMUTimer *ts);

/* Disarm and free @ts.  NULL is allowed. */
void timer_free(QEMUTimer *ts);

/* True if @ts is armed and has not run yet. */
bool timer_pending(QEMUTimer *ts);

/*
 * True if @ts is armed and due at @current_time (in the timer's scale).
 */
bool timer_expired(QEMUTimer *ts, int64_t current_time);

/* When @ts expires, in nanoseconds on its clock; -1 if it is not armed. */
int64_t timer_expire_time_ns(QEMUTimer *ts);

#endif /* QEMU_TIMER_H */
