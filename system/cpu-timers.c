/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The guest tick counter and virtual clock, and their migration section
 * ("timer").  Rules: include/system/cpu-timers.h.
 */
#include "qemu/osdep.h"
#include "qapi/error.h"
#include "qemu/thread.h"
#include "qemu/timer.h"
#include "system/cpu-timers.h"
#include "system/runstate.h"
#include "migration/savevm.h"
#include "migration/vmstate.h"

typedef struct TimersState {
    /*
     * Protected by @lock.  While @enabled, a value is "offset + host
     * now"; while stopped the offset is the value itself.
     */
    QemuMutex lock;
    int64_t ticks_offset;
    int64_t clock_offset;
    bool enabled;

    /* Main thread, start-up. */
    VMChangeStateEntry *vmstate_change;
} TimersState;

/*
 * The section's wire view, filled by pre_save (migration thread, VM
 * stopped) and applied by post_load (incoming thread).
 */
typedef struct TimersWire {
    int64_t cpu_ticks_offset;
    int64_t cpu_clock_offset;
} TimersWire;

static TimersState timers_state;
static TimersWire timers_wire;

static int64_t host_ticks(void)
{
#if defined(__x86_64__) || defined(__i386__)
    return (int64_t)__builtin_ia32_rdtsc();
#else
    return qemu_clock_get_ns(QEMU_CLOCK_REALTIME);
#endif
}

static int64_t host_clock(void)
{
    return qemu_clock_get_ns(QEMU_CLOCK_REALTIME);
}

int64_t cpu_get_ticks(void)
{
    QEMU_LOCK_GUARD(&timers_state.lock);
    return timers_state.ticks_offset +
           (timers_state.enabled ? host_ticks() : 0);
}

int64_t cpu_get_clock(void)
{
    QEMU_LOCK_GUARD(&timers_state.lock);
    return timers_state.clock_offset +
           (timers_state.enabled ? host_clock() : 0);
}

static void cpu_timers_set_enabled(bool enable)
{
    QEMU_LOCK_GUARD(&timers_state.lock);
    if (enable == timers_state.enabled) {
        return;
    }
    if (enable) {
        timers_state.ticks_offset -= host_ticks();
        timers_state.clock_offset -= host_clock();
    } else {
        timers_state.ticks_offset += host_ticks();
        timers_state.clock_offset += host_clock();
    }
    timers_state.enabled = enable;
}

static void cpu_timers_vm_state_change(void *opaque, bool running,
                                       RunState state)
{
    cpu_timers_set_enabled(running);
}

static int cpu_timers_pre_save(void *opaque)
{
    TimersWire *w = opaque;

    w->cpu_ticks_offset = cpu_get_ticks();
    w->cpu_clock_offset = cpu_get_clock();
    return 0;
}

static int cpu_timers_post_load(void *opaque, int version_id)
{
    TimersWire *w = opaque;

    QEMU_LOCK_GUARD(&timers_state.lock);
    timers_state.ticks_offset = w->cpu_ticks_offset;
    timers_state.clock_offset = w->cpu_clock_offset;
    if (timers_state.enabled) {
        timers_state.ticks_offset -= host_ticks();
        timers_state.clock_offset -= host_clock();
    }
    return 0;
}

/* QEMU's layout: ticks, 8 unused bytes, clock (since version 2). */
static const VMStateDescription vmstate_timers = {
    .name = "timer",
    .version_id = 2,
    .minimum_version_id = 1,
    .pre_save = cpu_timers_pre_save,
    .post_load = cpu_timers_post_load,
    .fields = (const VMStateField[]) {
        VMSTATE_INT64(cpu_ticks_offset, TimersWire),
        VMSTATE_UNUSED(8),
        VMSTATE_INT64_V(cpu_clock_offset, TimersWire, 2),
        VMSTATE_END_OF_LIST()
    },
};

void cpu_timers_init(void)
{
    if (!timers_state.vmstate_change) {
        qemu_mutex_init(&timers_state.lock);
        timers_state.enabled = false;
        timers_state.vmstate_change =
            qemu_add_vm_change_state_handler(cpu_timers_vm_state_change,
                                             NULL);
    }
    if (!find_se(vmstate_timers.name, 0)) {
        vmstate_register(0, &vmstate_timers, &timers_wire, &error_abort);
    }
}
