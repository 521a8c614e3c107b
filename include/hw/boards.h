/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Machine types: a class registry (QOM types "<name>-machine" derived
 * from "machine"), the machine object, compat properties.
 *
 * Threads: main thread, BQL.  Owner: hw/core/machine.c,
 * hw/core/null-machine.c, hw/i386/pc*.c.  Design: docs/devel/machines.md.
 */
#ifndef HW_BOARDS_H
#define HW_BOARDS_H

#include "qom/object.h"
#include "qom/globals.h"
#include "system/ramblock.h"

#define TYPE_MACHINE "machine"
#define TYPE_MACHINE_SUFFIX "-machine"

typedef struct MachineState MachineState;

typedef struct MachineClass {
    ObjectClass parent_class;

    const char *name;          /* "pc-q35-10.2" (the type minus suffix) */
    const char *family;        /* "pc-q35", "pc-i440fx", or NULL */
    int version_major;         /* 10 for pc-q35-10.2; 0 if unversioned */
    int version_minor;
    const char *alias;         /* "q35", or NULL */
    const char *desc;
    bool is_default;
    bool deprecated;           /* shown in query-machines */
    const char *deprecation_reason;
    int max_cpus;              /* cpu-max of query-machines */
    bool hotpluggable_cpus;
    bool numa_mem_supported;
    bool acpi;                 /* "acpi" of query-machines */
    const char *default_cpu_type; /* NULL for none */
    const char *default_ram_id;   /* "pc.ram", "ram" for none */
    uint64_t default_ram_size;    /* when -m is absent */

    /*
     * Compat properties, as GlobalProperty arrays in the order they are
     * registered with object_register_compat_props(): a versioned
     * machine class_init appends the newer versions' arrays first, then
     * its own (see qom/globals.h).
     */
    GPtrArray *compat_props;   /* of GlobalPropArray * */

    /* Build the machine: RAM mapped, devices created. */
    void (*init)(MachineState *ms, Error **errp);
} MachineClass;

typedef struct GlobalPropArray {
    GlobalProperty *props;
    size_t n;
} GlobalPropArray;

struct MachineState {
    Object parent_obj;

    /* Set from -machine / -m before init; read-only afterwards. */
    char *memdev;              /* memory-backend= id, or NULL */
    uint64_t ram_size;         /* -m (bytes); default_ram_size without -m */
    bool ram_size_given;       /* -m was given (machine_set_ram_size()) */
    char *mem_path;            /* -mem-path, or NULL */
    bool mem_prealloc;         /* -mem-prealloc */
    char *accel;               /* accel= of -machine (legacy), or NULL */
    bool dump_guest_core;      /* dump-guest-core (default of backends' dump) */
    bool mem_merge;            /* mem-merge (default of backends' merge) */
    bool usb;                  /* accepted for libvirt; no USB here */
    bool graphics;             /* accepted; no display here */
    bool suppress_vmdesc;      /* accepted (QEMU: deprecated, no effect) */

    RAMBlock *ram;             /* the main RAM block, set by machine init */
    Object *ram_backend;       /* its backend (/objects/<id>), or NULL */
    bool initialized;          /* machine_run_init() succeeded */
};

/* The machine of this process (NULL before machine creation). */
extern MachineState *current_machine;

#define MACHINE(obj) OBJECT_CHECK(MachineState, (obj), TYPE_MACHINE)
#define MACHINE_CLASS(oc) OBJECT_CLASS_CHECK(MachineClass, (oc), TYPE_MACHINE)
#define MACHINE_GET_CLASS(obj)                                                \
    OBJECT_GET_CLASS(MachineClass, (obj), TYPE_MACHINE)

/*
 * Register "machine" and every machine type (none, the x86 pc-q35-X.Y
 * and pc-i440fx-X.Y types) and the memory backends they use.
 * Idempotent; the lookups below call it, vl.c may call it first.
 */
void machine_register_types(void);

/* Registration of the concrete types, called by machine_register_types(). */
void machine_none_register_type(void);     /* hw/core/null-machine.c */
void pc_machine_register_types(void);      /* hw/i386/pc.c */

/* Look up a machine class by name or alias; NULL if none. */
MachineClass *find_machine_class(const char *name);
/* The default machine class (pc). */
MachineClass *find_default_machine_class(void);
/* Every machine class, sorted as `-machine help` lists them. */
GSList *machine_class_list(void);

/*
 * Append @props (n entries; a static table) to @mc's compat props.
 * Used by the versioned machines' class_init.
 */
void machine_class_add_compat_props(MachineClass *mc, GlobalProperty *props,
                                    size_t n);
#define MACHINE_ADD_COMPAT(mc, arr) \
    machine_class_add_compat_props((mc), (arr), G_N_ELEMENTS(arr))

/*
 * Register @mc's compat props with object_register_compat_props() (so
 * that every object created afterwards, the migration object included,
 * gets them).  Called by vl.c right after the machine class is chosen,
 * before any -global is applied to an object.
 */
void machine_register_compat_props(MachineClass *mc);

/*
 * Create the machine object of @mc (current_machine), apply the
 * -machine properties in @opts (QDict of strings, "type" removed), but
 * do not build it yet.
 */
MachineState *machine_create(MachineClass *mc, QDict *opts, Error **errp);

/* -m: set the RAM size explicitly (vl.c, before machine_run_init()). */
void machine_set_ram_size(MachineState *ms, uint64_t size);

/*
 * Build the machine: resolve the RAM (memory-backend=, else a
 * memory-backend-ram -- or -file with -mem-path -- created as
 * /objects/<default_ram_id> of ram_size bytes, as QEMU does), run
 * mc->init (which maps it), then accel_map_ram() for the RAM block.
 * Errors as QEMU's: "Memory backend '%s' not found", "Machine memory
 * size does not match the size of the memory backend", "memory backend
 * %s can't be used multiple times.", "object's id '%s' is reserved for
 * the default RAM backend, it can't be used for any other purposes".
 */
bool machine_run_init(MachineState *ms, Error **errp);

/* hw_compat_X_Y arrays (hw/core/machine.c). */
extern GlobalProperty hw_compat_10_1[];
extern const size_t hw_compat_10_1_len;
extern GlobalProperty hw_compat_10_0[];
extern const size_t hw_compat_10_0_len;
extern GlobalProperty hw_compat_9_2[];
extern const size_t hw_compat_9_2_len;
extern GlobalProperty hw_compat_9_1[];
extern const size_t hw_compat_9_1_len;
extern GlobalProperty hw_compat_9_0[];
extern const size_t hw_compat_9_0_len;
extern GlobalProperty hw_compat_8_2[];
extern const size_t hw_compat_8_2_len;
extern GlobalProperty hw_compat_8_1[];
extern const size_t hw_compat_8_1_len;
extern GlobalProperty hw_compat_8_0[];
extern const size_t hw_compat_8_0_len;
extern GlobalProperty hw_compat_7_2[];
extern const size_t hw_compat_7_2_len;

#endif /* HW_BOARDS_H */
