/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The guest's tick counter and virtual clock: both advance only while
 * the VM runs, and migrate in the "timer" section (instance 0, version
 * 2), which every QEMU machine carries, -M none included.
 *
 * Threads: any thread may read the clocks (a mutex protects the state);
 * the VM change-state handler (main thread, BQL) starts and stops them;
 * the section is saved by the migration thread with the VM stopped and
 * loaded by the incoming thread.
 * Owner: system/cpu-timers.c.
 */
#ifndef SYSTEM_CPU_TIMERS_H
#define SYSTEM_CPU_TIMERS_H

/*
 * Register the "timer" section and follow the VM's run state.  Call once
 * at start-up before any other section is registered (QEMU registers it
 * first, so it gets section id 0).  Idempotent.
 */
void cpu_timers_init(void);

/* Host ticks counted while the VM ran (rdtsc units on x86). */
int64_t cpu_get_ticks(void);
/* Nanoseconds the VM ran. */
int64_t cpu_get_clock(void);

#endif /* SYSTEM_CPU_TIMERS_H */
