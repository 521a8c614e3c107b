/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The "none" machine: no CPU, no devices, RAM (only with -m or
 * memory-backend=) mapped at guest-physical 0.  What libvirt probes
 * with and what the interop tests migrate.  Threads: main thread, BQL.
 */
#include "qemu/osdep.h"

#include "hw/boards.h"
#include "qapi/error.h"

static void machine_none_init(MachineState *ms, Error **errp)
{
    if (ms->ram) {
        qemu_ram_map_window(ms->ram, 0, 0, ms->ram->used_length, errp);
    }
}

static void machine_none_class_init(ObjectClass *oc, const void *data)
{
    MachineClass *mc = MACHINE_CLASS(oc);

    mc->name = "none";
    mc->desc = "empty machine";
    mc->init = machine_none_init;
    mc->max_cpus = 1;
    /* QEMU's none machine has no RAM unless -m or memory-backend= says so. */
    mc->default_ram_size = 0;
    mc->default_ram_id = "ram";
}

static const TypeInfo machine_none_info = {
    .name = "none" TYPE_MACHINE_SUFFIX,
    .parent = TYPE_MACHINE,
    .class_init = machine_none_class_init,
};

void machine_none_register_type(void)
{
    type_register_static(&machine_none_info);
}
