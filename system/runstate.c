/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The VM run state: the table of allowed transitions, vm_start/vm_stop
 * with their STOP/RESUME events, change-state handlers, and the
 * shutdown requests (quit, SIGTERM/SIGINT/SIGHUP) that end the main loop.
 */
#include "qemu/osdep.h"
#include <glib-unix.h>
#include "qapi/error.h"
#include "qapi/qapi-events-run-state.h"
#include "qemu/error-report.h"
#include "qemu/main-loop.h"
#include "qemu/trace.h"
#include "system/accel.h"
#include "system/runstate.h"

TRACE_EVENT_DEFINE(runstate_set)
TRACE_EVENT_DEFINE(vm_state_notify)
TRACE_EVENT_DEFINE(qemu_system_shutdown_request)

/*
 * The allowed transitions (QEMU's table, system/runstate.c, including
 * the 9.0 additions around "suspended").  Setting the current state
 * again is always allowed and does nothing.
 */
typedef struct RunStateTransition {
    RunState from;
    RunState to;
} RunStateTransition;

static const RunStateTransition runstate_transitions[] = {
    { RUN_STATE_PRELAUNCH, RUN_STATE_INMIGRATE },
    { RUN_STATE_PRELAUNCH, RUN_STATE_RUNNING },
    { RUN_STATE_PRELAUNCH, RUN_STATE_FINISH_MIGRATE },

    { RUN_STATE_DEBUG, RUN_STATE_RUNNING },
    { RUN_STATE_DEBUG, RUN_STATE_FINISH_MIGRATE },
    { RUN_STATE_DEBUG, RUN_STATE_PRELAUNCH },
    { RUN_STATE_DEBUG, RUN_STATE_SUSPENDED },

    { RUN_STATE_INMIGRATE, RUN_STATE_INTERNAL_ERROR },
    { RUN_STATE_INMIGRATE, RUN_STATE_IO_ERROR },
    { RUN_STATE_INMIGRATE, RUN_STATE_PAUSED },
    { RUN_STATE_INMIGRATE, RUN_STATE_RUNNING },
    { RUN_STATE_INMIGRATE, RUN_STATE_SHUTDOWN },
    { RUN_STATE_INMIGRATE, RUN_STATE_SUSPENDED },
    { RUN_STATE_INMIGRATE, RUN_STATE_WATCHDOG },
    { RUN_STATE_INMIGRATE, RUN_STATE_GUEST_PANICKED },
    { RUN_STATE_INMIGRATE, RUN_STATE_FINISH_MIGRATE },
    { RUN_STATE_INMIGRATE, RUN_STATE_PRELAUNCH },
    { RUN_STATE_INMIGRATE, RUN_STATE_POSTMIGRATE },
    { RUN_STATE_INMIGRATE, RUN_STATE_COLO },

    { RUN_STATE_INTERNAL_ERROR, RUN_STATE_PAUSED },
    { RUN_STATE_INTERNAL_ERROR, RUN_STATE_FINISH_MIGRATE },
    { RUN_STATE_INTERNAL_ERROR, RUN_STATE_PRELAUNCH },

    { RUN_STATE_IO_ERROR, RUN_STATE_RUNNING },
    { RUN_STATE_IO_ERROR, RUN_STATE_FINISH_MIGRATE },
    { RUN_STATE_IO_ERROR, RUN_STATE_PRELAUNCH },

    { RUN_STATE_PAUSED, RUN_STATE_RUNNING },
    { RUN_STATE_PAUSED, RUN_STATE_FINISH_MIGRATE },
    { RUN_STATE_PAUSED, RUN_STATE_POSTMIGRATE },
    { RUN_STATE_PAUSED, RUN_STATE_PRELAUNCH },
    { RUN_STATE_PAUSED, RUN_STATE_COLO },
    { RUN_STATE_PAUSED, RUN_STATE_SUSPENDED },

    { RUN_STATE_POSTMIGRATE, RUN_STATE_RUNNING },
    { RUN_STATE_POSTMIGRATE, RUN_STATE_FINISH_MIGRATE },
    { RUN_STATE_POSTMIGRATE, RUN_STATE_PRELAUNCH },

    { RUN_STATE_FINISH_MIGRATE, RUN_STATE_RUNNING },
    { RUN_STATE_FINISH_MIGRATE, RUN_STATE_PAUSED },
    { RUN_STATE_FINISH_MIGRATE, RUN_STATE_POSTMIGRATE },
    { RUN_STATE_FINISH_MIGRATE, RUN_STATE_PRELAUNCH },
    { RUN_STATE_FINISH_MIGRATE, RUN_STATE_COLO },
    { RUN_STATE_FINISH_MIGRATE, RUN_STATE_INTERNAL_ERROR },
    { RUN_STATE_FINISH_MIGRATE, RUN_STATE_IO_ERROR },
    { RUN_STATE_FINISH_MIGRATE, RUN_STATE_SHUTDOWN },
    { RUN_STATE_FINISH_MIGRATE, RUN_STATE_SUSPENDED },
    { RUN_STATE_FINISH_MIGRATE, RUN_STATE_WATCHDOG },
    { RUN_STATE_FINISH_MIGRATE, RUN_STATE_GUEST_PANICKED },

    { RUN_STATE_RESTORE_VM, RUN_STATE_RUNNING },
    { RUN_STATE_RESTORE_VM, RUN_STATE_PRELAUNCH },

    { RUN_STATE_COLO, RUN_STATE_RUNNING },
    { RUN_STATE_COLO, RUN_STATE_PRELAUNCH },
    { RUN_STATE_COLO, RUN_STATE_SHUTDOWN },

    { RUN_STATE_RUNNING, RUN_STATE_DEBUG },
    { RUN_STATE_RUNNING, RUN_STATE_INTERNAL_ERROR },
    { RUN_STATE_RUNNING, RUN_STATE_IO_ERROR },
    { RUN_STATE_RUNNING, RUN_STATE_PAUSED },
    { RUN_STATE_RUNNING, RUN_STATE_FINISH_MIGRATE },
    { RUN_STATE_RUNNING, RUN_STATE_RESTORE_VM },
    { RUN_STATE_RUNNING, RUN_STATE_SAVE_VM },
    { RUN_STATE_RUNNING, RUN_STATE_SHUTDOWN },
    { RUN_STATE_RUNNING, RUN_STATE_WATCHDOG },
    { RUN_STATE_RUNNING, RUN_STATE_GUEST_PANICKED },
    { RUN_STATE_RUNNING, RUN_STATE_COLO },
    { RUN_STATE_RUNNING, RUN_STATE_SUSPENDED },

    { RUN_STATE_SAVE_VM, RUN_STATE_RUNNING },
    { RUN_STATE_SAVE_VM, RUN_STATE_SUSPENDED },

    { RUN_STATE_SHUTDOWN, RUN_STATE_PAUSED },
    { RUN_STATE_SHUTDOWN, RUN_STATE_FINISH_MIGRATE },
    { RUN_STATE_SHUTDOWN, RUN_STATE_PRELAUNCH },
    { RUN_STATE_SHUTDOWN, RUN_STATE_COLO },

    { RUN_STATE_SUSPENDED, RUN_STATE_RUNNING },
    { RUN_STATE_SUSPENDED, RUN_STATE_FINISH_MIGRATE },
    { RUN_STATE_SUSPENDED, RUN_STATE_PRELAUNCH },
    { RUN_STATE_SUSPENDED, RUN_STATE_COLO },
    { RUN_STATE_SUSPENDED, RUN_STATE_PAUSED },
    { RUN_STATE_SUSPENDED, RUN_STATE_SAVE_VM },
    { RUN_STATE_SUSPENDED, RUN_STATE_RESTORE_VM },

    { RUN_STATE_WATCHDOG, RUN_STATE_RUNNING },
    { RUN_STATE_WATCHDOG, RUN_STATE_FINISH_MIGRATE },
    { RUN_STATE_WATCHDOG, RUN_STATE_PRELAUNCH },
    { RUN_STATE_WATCHDOG, RUN_STATE_COLO },

    { RUN_STATE_GUEST_PANICKED, RUN_STATE_RUNNING },
    { RUN_STATE_GUEST_PANICKED, RUN_STATE_FINISH_MIGRATE },
    { RUN_STATE_GUEST_PANICKED, RUN_STATE_PRELAUNCH },
};

/* Main thread, BQL (see runstate.h). */
static RunState current_run_state = RUN_STATE_PRELAUNCH;
bool autostart = true;

bool runstate_transition_allowed(RunState from, RunState to)
{
    if (from == to) {
        return true;
    }
    for (size_t i = 0; i < ARRAY_SIZE(runstate_transitions); i++) {
        if (runstate_transitions[i].from == from &&
            runstate_transitions[i].to == to) {
            return true;
        }
    }
    return false;
}

RunState runstate_get(void)
{
    return current_run_state;
}

bool runstate_check(RunState state)
{
    return current_run_state == state;
}

bool runstate_is_running(void)
{
    return current_run_state == RUN_STATE_RUNNING;
}

void runstate_set(RunState state)
{
    assert(state < RUN_STATE__MAX);
    trace_event(runstate_set, "current_run_state %d (%s) new_state %d (%s)",
                current_run_state, RunState_str(current_run_state), state,
                RunState_str(state));
    if (state == current_run_state) {
        return;
    }
    if (!runstate_transition_allowed(current_run_state, state)) {
        error_report("invalid runstate transition: '%s' -> '%s'",
                     RunState_str(current_run_state), RunState_str(state));
        abort();
    }
    current_run_state = state;
}

/* Whether vCPUs would execute: running or suspended (QEMU's "live"). */
static bool runstate_is_live(RunState state)
{
    return state == RUN_STATE_RUNNING || state == RUN_STATE_SUSPENDED;
}

/*
 * Change-state handlers, in registration order.  Main thread, BQL: a
 * handler may remove itself (the walk keeps the next pointer first).
 */
struct VMChangeStateEntry {
    VMChangeStateHandler *cb;
    void *opaque;
};
static GList *vm_change_state_handlers;

VMChangeStateEntry *qemu_add_vm_change_state_handler(VMChangeStateHandler *cb,
                                                     void *opaque)
{
    VMChangeStateEntry *e = g_new0(VMChangeStateEntry, 1);

    e->cb = cb;
    e->opaque = opaque;
    vm_change_state_handlers = g_list_append(vm_change_state_handlers, e);
    return e;
}

void qemu_del_vm_change_state_handler(VMChangeStateEntry *e)
{
    vm_change_state_handlers = g_list_remove(vm_change_state_handlers, e);
    g_free(e);
}

static void vm_state_notify(bool running, RunState state)
{
    GList *l, *next;

    trace_event(vm_state_notify, "running %d reason %d (%s)", running, state,
                RunState_str(state));
    if (running) {
        for (l = vm_change_state_handlers; l; l = next) {
            VMChangeStateEntry *e = l->data;

            next = l->next;
            e->cb(e->opaque, running, state);
        }
    } else {
        for (l = g_list_last(vm_change_state_handlers); l; l = next) {
            VMChangeStateEntry *e = l->data;

            next = l->prev;
            e->cb(e->opaque, running, state);
        }
    }
}

int vm_stop(RunState state)
{
    RunState old = current_run_state;

    /* A VM that is not live stays in its state (QEMU's do_vm_stop()). */
    if (!runstate_is_live(old)) {
        return 0;
    }
    runstate_set(state);
    /* vCPUs would be paused here; this build has none yet. */
    vm_state_notify(false, state);
    qapi_event_send_stop();
    return 0;
}

int vm_stop_force_state(RunState state)
{
    if (runstate_is_live(current_run_state)) {
        return vm_stop(state);
    }
    runstate_set(state);
    return 0;
}

void vm_start(void)
{
    if (runstate_is_running()) {
        return;
    }
    /* RESUME goes out before the vCPUs would resume, as in QEMU. */
    qapi_event_send_resume();
    runstate_set(RUN_STATE_RUNNING);
    vm_state_notify(true, RUN_STATE_RUNNING);
}

/*
 * Shutdown requests.  Written by any thread or a signal handler, read by
 * the main loop: plain atomics, then a byte down the wake-up pipe
 * (write() is async-signal-safe; waking the GMainContext directly is
 * not).  The main loop drains the pipe and calls main_loop_should_exit().
 */
static int shutdown_requested;      /* atomic: ShutdownCause, 0 = none */
static int shutdown_signal;         /* atomic: signal number or 0 */
static int shutdown_pid;            /* atomic: sender of shutdown_signal */
static int wakeup_fds[2] = { -1, -1 };  /* set once by runstate_init() */

static void runstate_wakeup(void)
{
    int fd = __atomic_load_n(&wakeup_fds[1], __ATOMIC_ACQUIRE);
    char byte = 0;

    if (fd >= 0) {
        /* A full pipe already holds a wake-up: nothing to do then. */
        while (write(fd, &byte, 1) < 0 && errno == EINTR) {
            continue;
        }
    }
}

void qemu_system_shutdown_request(ShutdownCause cause)
{
    __atomic_store_n(&shutdown_requested, (int)cause, __ATOMIC_SEQ_CST);
    runstate_wakeup();
}

void qemu_system_killed(int signal, pid_t pid)
{
    __atomic_store_n(&shutdown_signal, signal, __ATOMIC_RELAXED);
    __atomic_store_n(&shutdown_pid, (int)pid, __ATOMIC_RELAXED);
    qemu_system_shutdown_request(SHUTDOWN_CAUSE_HOST_SIGNAL);
}

static void runstate_signal_handler(int sig, siginfo_t *info, void *ctx)
{
    /* The wake-up write() may fail (full pipe): keep the code we cut in on. */
    int saved_errno = errno;

    qemu_system_killed(sig, info ? info->si_pid : 0);
    errno = saved_errno;
}

static void runstate_wakeup_read(void *opaque)
{
    char buf[64];

    while (read(wakeup_fds[0], buf, sizeof(buf)) > 0) {
        continue;
    }
}

void runstate_init(void)
{
    struct sigaction sa = { 0 };
    int fds[2];

    if (wakeup_fds[0] < 0 && g_unix_open_pipe(fds, FD_CLOEXEC, NULL)) {
        g_unix_set_fd_nonblocking(fds[0], true, NULL);
        g_unix_set_fd_nonblocking(fds[1], true, NULL);
        wakeup_fds[0] = fds[0];
        qemu_set_fd_handler(fds[0], runstate_wakeup_read, NULL, NULL);
        __atomic_store_n(&wakeup_fds[1], fds[1], __ATOMIC_RELEASE);
    }

    sa.sa_sigaction = runstate_signal_handler;
    sa.sa_flags = SA_SIGINFO;
    sigemptyset(&sa.sa_mask);
    sigaction(SIGTERM, &sa, NULL);
    sigaction(SIGINT, &sa, NULL);
    sigaction(SIGHUP, &sa, NULL);
    signal(SIGPIPE, SIG_IGN);
}

/* "terminating on signal N from pid P (NAME)", as QEMU reports a kill. */
static void runstate_kill_report(void)
{
    int sig = __atomic_exchange_n(&shutdown_signal, 0, __ATOMIC_RELAXED);
    int pid = __atomic_load_n(&shutdown_pid, __ATOMIC_RELAXED);
    g_autofree char *path = NULL;
    g_autofree char *cmd = NULL;

    /* Under qtest the driver's SIGTERM is routine: QEMU stays quiet. */
    if (!sig || qtest_enabled()) {
        return;
    }
    if (pid == 0) {
        /* ^C at the terminal: no sender worth naming. */
        error_report("terminating on signal %d", sig);
        return;
    }
    path = g_strdup_printf("/proc/%d/cmdline", pid);
    /* argv[0] of the sender as it was started (the first NUL-ended string). */
    if (!g_file_get_contents(path, &cmd, NULL, NULL)) {
        cmd = g_strdup("<unknown process>");
    }
    error_report("terminating on signal %d from pid %d (%s)", sig, pid, cmd);
}

bool main_loop_should_exit(void)
{
    int cause = __atomic_exchange_n(&shutdown_requested, 0, __ATOMIC_SEQ_CST);

    if (cause == SHUTDOWN_CAUSE_NONE) {
        return false;
    }
    trace_event(qemu_system_shutdown_request, "reason=%d", cause);
    if (cause == SHUTDOWN_CAUSE_HOST_SIGNAL) {
        runstate_kill_report();
    }
    /* A shutdown requested by the host is never the guest's doing. */
    qapi_event_send_shutdown(cause >= SHUTDOWN_CAUSE_GUEST_SHUTDOWN &&
                             cause <= SHUTDOWN_CAUSE_GUEST_PANIC, cause);
    return true;
}

bool runstate_needs_reset(void)
{
    return runstate_check(RUN_STATE_INTERNAL_ERROR) ||
           runstate_check(RUN_STATE_SHUTDOWN);
}
