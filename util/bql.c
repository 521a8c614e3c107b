/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The big QEMU lock (BQL) and the per-thread record of who holds it. */
#include "qemu/osdep.h"
#include "qemu/thread.h"

/*
 * Protects device state, the runstate and everything the main loop
 * dispatches.  Statically initialised so it works before any start-up code
 * runs (and in unit tests that never run start-up).
 */
static QemuMutex bql = {
    .lock = PTHREAD_MUTEX_INITIALIZER,
    .initialized = true,
};

/* Owned by each thread: true while that thread holds the BQL. */
static __thread bool bql_held;

void bql_lock(void)
{
    /* The BQL is not recursive: taking it twice would deadlock. */
    assert(!bql_held);
    qemu_mutex_lock(&bql);
    bql_held = true;
}

void bql_unlock(void)
{
    assert(bql_held);
    bql_held = false;
    qemu_mutex_unlock(&bql);
}

bool bql_locked(void)
{
    return bql_held;
}
