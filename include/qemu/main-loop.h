/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The main loop: one thread iterating glib's default GMainContext, which
 * dispatches file descriptor handlers, bottom halves and timers (see
 * qemu/timer.h) with the BQL held.
 *
 * Threads:
 * - qemu_init_main_loop() and main_loop_wait(): the main loop thread
 *   only.  main_loop_wait() is called with the BQL held; it drops the BQL
 *   while it waits and takes it back to dispatch.
 * - qemu_set_fd_handler(): any thread holding the BQL.  While the BQL is
 *   held no handler is running, so after a removal returns, the handler
 *   will not be called again and its opaque may be freed.
 * - qemu_bh_schedule(), qemu_bh_schedule_oneshot(), qemu_bh_cancel(),
 *   qemu_bh_new() and qemu_notify_event(): any thread, no lock needed.
 * - qemu_bh_delete(): any thread; hold the BQL (or be in the main loop
 *   thread) to be sure the callback is not running when it returns.
 * All callbacks run in the main loop thread with the BQL held.
 */
#ifndef QEMU_MAIN_LOOP_H
#define QEMU_MAIN_LOOP_H

/*
 * Set up the main loop on glib's default GMainContext.  Call once at
 * start-up, before any fd handler is installed; later calls do nothing.
 * Returns false with @errp set on failure.
 */
bool qemu_init_main_loop(Error **errp);

/*
 * Run one iteration: wait (unless @nonblocking) until a file descriptor is
 * ready, a bottom half is scheduled, a timer expires or
 * qemu_notify_event() is called; then dispatch whatever is ready,
 * including other glib sources attached to the default context.  The
 * caller holds the BQL; it is released during the wait only.
 */
void main_loop_wait(bool nonblocking);

/* Make a main_loop_wait() in progress (or the next one) return soon. */
void qemu_notify_event(void);

/*
 * File descriptor handlers
 */

typedef void IOHandler(void *opaque);

/*
 * Call @fd_read(@opaque) whenever @fd is readable (or has hung up or
 * failed) and @fd_write(@opaque) whenever it is writable.  Either may be
 * NULL; both NULL removes the handler for @fd.  Replaces any handler
 * already set for @fd.  The main loop does not own @fd and never closes
 * it: remove the handler before closing it.
 */
void qemu_set_fd_handler(int fd, IOHandler *fd_read, IOHandler *fd_write,
                         void *opaque);

/*
 * Bottom halves: callbacks run by the main loop soon after they are
 * scheduled, typically to hand work from another thread to the main loop.
 */

typedef void QEMUBHFunc(void *opaque);
typedef struct QEMUBH QEMUBH;

/* A new, unscheduled bottom half calling @cb(@opaque). */
QEMUBH *qemu_bh_new(QEMUBHFunc *cb, void *opaque);

/*
 * Make @bh run once in the next main loop iteration and wake the loop.
 * Scheduling an already scheduled bottom half does nothing; scheduling it
 * from its own callback makes it run again in a later iteration.
 */
void qemu_bh_schedule(QEMUBH *bh);

/* Unschedule @bh if it has not started running yet. */
void qemu_bh_cancel(QEMUBH *bh);

/*
 * Cancel and free @bh.  Allowed from its own callback.  @bh must not be
 * scheduled again (by any thread) once this is called.
 */
void qemu_bh_delete(QEMUBH *bh);

/* Run @cb(@opaque) once in the main loop; the bottom half frees itself. */
void qemu_bh_schedule_oneshot(QEMUBHFunc *cb, void *opaque);

#endif /* QEMU_MAIN_LOOP_H */
