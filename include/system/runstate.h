/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The run state of the VM (QAPI RunState), its transitions, and the
 * requests that end the main loop (quit, signals).
 *
 * Threads: everything here runs in the main loop thread with the BQL
 * held, except qemu_system_shutdown_request() and
 * qemu_system_killed(), which any thread (or a signal handler) may call.
 * Owner: system/runstate.c.
 */
#ifndef SYSTEM_RUNSTATE_H
#define SYSTEM_RUNSTATE_H

#include "qapi/qapi-types-run-state.h"

RunState runstate_get(void);
bool runstate_check(RunState state);
/* Move to @state.  A transition QEMU does not allow is a programming error. */
void runstate_set(RunState state);
bool runstate_is_running(void);
/* Whether QEMU's transition table allows @from -> @to (same state: yes). */
bool runstate_transition_allowed(RunState from, RunState to);
/* internal-error or shutdown: only a reset could make the VM run again. */
bool runstate_needs_reset(void);

/*
 * Whether the VM should start running once set-up (or an incoming
 * migration) ends: false with -S, cleared by `stop` during inmigrate,
 * set by `cont` during inmigrate.
 */
extern bool autostart;

/*
 * Stop the VM: running (or suspended) -> @state with a STOP event (vCPUs
 * paused, change notifiers called).  A VM that is not running keeps its
 * state and no event is sent, as in QEMU (`stop` in prelaunch stays in
 * prelaunch).  Returns 0.
 */
int vm_stop(RunState state);
/*
 * Like vm_stop(), but a VM that is not running moves to @state too
 * (without event or notifiers): migration's switch to finish-migrate.
 */
int vm_stop_force_state(RunState state);
/* Start the VM: -> running with a RESUME event.  No-op if running. */
void vm_start(void);

/*
 * Called with (running, new state) on every start/stop, in registration
 * order on start and reverse order on stop.  Returns a handle for
 * qemu_del_vm_change_state_handler().
 */
typedef void VMChangeStateHandler(void *opaque, bool running, RunState state);
typedef struct VMChangeStateEntry VMChangeStateEntry;
VMChangeStateEntry *qemu_add_vm_change_state_handler(VMChangeStateHandler *cb,
                                                     void *opaque);
void qemu_del_vm_change_state_handler(VMChangeStateEntry *e);

/*
 * Ask the main loop to shut down (SHUTDOWN event with @cause, then exit
 * status 0).  Async-signal-safe pieces only; the main loop does the rest.
 */
void qemu_system_shutdown_request(ShutdownCause cause);
/* SIGTERM/SIGINT/SIGHUP: record @signal and @pid, request shutdown. */
void qemu_system_killed(int signal, pid_t pid);

/*
 * Install the signal handlers (SIGTERM, SIGINT, SIGHUP; SIGPIPE ignored).
 * Called once by qemu_init().
 */
void runstate_init(void);

/*
 * The main loop's exit check: handles a pending shutdown request
 * (emits SHUTDOWN, returns true so the caller leaves the loop).
 */
bool main_loop_should_exit(void);

#endif /* SYSTEM_RUNSTATE_H */
