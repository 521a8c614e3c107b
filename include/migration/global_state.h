/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The "globalstate" section: the source's run state at the moment it was
 * stopped for completion, so the destination can end in the same state
 * (wire-format.md 1.6).
 *
 * Threads: global_state_register() runs once at start-up (main thread,
 * BQL).  global_state_store() is called by the migration thread with the
 * BQL just before the VM is stopped; the section is saved by the same
 * thread.  On the destination the incoming thread loads it and the main
 * thread reads the result with global_state_get_runstate() after the
 * load finished (the load's completion orders the accesses).
 * Owner: migration/global_state.c.
 */
#ifndef MIGRATION_GLOBAL_STATE_H
#define MIGRATION_GLOBAL_STATE_H

#include "qapi/qapi-types-run-state.h"

/*
 * Register the "globalstate" vmsd (instance 0).  It is saved only while
 * the migration property store-global-state is on.  Idempotent.
 */
void global_state_register(void);
/* Record the current run state as the one to send. */
void global_state_store(void);
/* Record "running" (for a VM that is about to be stopped by migration). */
void global_state_store_running(void);
/* Whether the last load carried a global state. */
bool global_state_received(void);
/*
 * The run state received, or RUN_STATE_RUNNING when none was received
 * (what QEMU assumes of a source that did not send one).
 */
RunState global_state_get_runstate(void);
/* Forget a received state (the loader calls it before a new load). */
void global_state_reset_received(void);

#endif /* MIGRATION_GLOBAL_STATE_H */
