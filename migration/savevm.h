/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The registry of migratable state (SaveStateEntry list) and the record
 * type bytes of the main stream.
 *
 * Every piece of state that migrates is one SaveStateEntry: either a
 * vmstate-described device (vmstate_register*(), se->vmsd set) or a
 * handler with its own save/load functions (register_savevm_live(),
 * se->ops set).  Entries are kept sorted by priority, higher first, in
 * registration order within one priority: the order sections go on the
 * wire.  The stream framing (header, sections, footers, EOF) is built on
 * top of this by savevm.c.
 *
 * Threads: the list is modified only by the main thread with the BQL
 * held.  Readers hold the BQL, or are the migration thread while a
 * migration runs (device hot-plug/unplug, which registers and
 * unregisters, is not allowed to run concurrently then: callers of
 * migration ensure it).  The per-entry load_* fields belong to the
 * incoming thread during a load.
 * Owner: migration/savevm-registry.c (registry), migration/savevm.c and
 * savevm-config.c (stream framing, declared at the end).
 */
#ifndef MIGRATION_SAVEVM_H
#define MIGRATION_SAVEVM_H

#include "migration/vmstate.h"

/* Main stream (wire-format.md 1.1, 1.2). */
#define QEMU_VM_FILE_MAGIC 0x5145564d           /* "QEVM" */
#define QEMU_VM_FILE_VERSION_COMPAT 0x00000002  /* refused */
#define QEMU_VM_FILE_VERSION 0x00000003

#define QEMU_VM_EOF 0x00
#define QEMU_VM_SECTION_START 0x01
#define QEMU_VM_SECTION_PART 0x02
#define QEMU_VM_SECTION_END 0x03
#define QEMU_VM_SECTION_FULL 0x04
#define QEMU_VM_SUBSECTION 0x05
#define QEMU_VM_VMDESCRIPTION 0x06
#define QEMU_VM_CONFIGURATION 0x07
#define QEMU_VM_COMMAND 0x08
#define QEMU_VM_SECTION_FOOTER 0x7e

/* instance_id "pick the next free one" at registration. */
#define VMSTATE_INSTANCE_ID_ANY UINT32_MAX

/*
 * Handlers with their own stream format (RAM, dirty bitmaps, VFIO).
 * Every hook is optional.  Unless said otherwise a hook runs in the
 * migration thread (source) or the incoming thread (destination), and
 * returns 0 or a negative errno (with @errp set where there is one).
 */
typedef struct SaveVMHandlers {
    /* Source. */
    /* Whether the entry takes part at all (default yes). */
    bool (*is_active)(void *opaque);
    /* Whether to call save_live_iterate now (default yes). */
    bool (*is_active_iterate)(void *opaque);
    /* Whether the data can also move in postcopy. */
    bool (*has_postcopy)(void *opaque);
    /* Setup pass: data of the START section; makes the entry "live". */
    int (*save_setup)(QEMUFile *f, void *opaque, Error **errp);
    /* One PART section of data; > 0 when this entry has no more now. */
    int (*save_live_iterate)(QEMUFile *f, void *opaque);
    /* The END section, VM stopped (precopy). */
    int (*save_live_complete_precopy)(QEMUFile *f, void *opaque);
    /* The END section in postcopy. */
    int (*save_live_complete_postcopy)(QEMUFile *f, void *opaque);
    /* Remaining bytes: quick estimate, resp. exact (may sync dirty logs). */
    void (*state_pending_estimate)(void *opaque, uint64_t *must_precopy,
                                   uint64_t *can_postcopy);
    void (*state_pending_exact)(void *opaque, uint64_t *must_precopy,
                                uint64_t *can_postcopy);
    /* After the migration ended, successful or not (idempotent). */
    void (*save_cleanup)(void *opaque);
    /* Non-live handlers: the data of the FULL section at completion. */
    int (*save_state)(QEMUFile *f, void *opaque, Error **errp);

    /* Destination. */
    int (*load_setup)(QEMUFile *f, void *opaque, Error **errp);
    /* Data of one section, written by a source at @version_id. */
    int (*load_state)(QEMUFile *f, void *opaque, int version_id,
                      Error **errp);
    int (*load_cleanup)(void *opaque);
} SaveVMHandlers;

/* The legacy (idstr, instance_id) pair a device with a path also answers. */
typedef struct CompatEntry {
    char idstr[256];
    uint32_t instance_id;
} CompatEntry;

typedef struct SaveStateEntry {
    /* Set at registration, read-only after. */
    char idstr[256];            /* NUL-terminated, at most 255 bytes */
    uint32_t instance_id;
    int alias_id;               /* another accepted instance_id, or -1 */
    int version_id;             /* written in the section header */
    int section_id;             /* source's id (wire-format.md 1.4) */
    const SaveVMHandlers *ops;  /* exactly one of ops and vmsd is set */
    const VMStateDescription *vmsd;
    void *opaque;
    CompatEntry *compat;        /* owned, NULL unless registered with path */
    bool is_ram;                /* ops has save_setup: a live entry */

    /* Incoming thread, during a load. */
    int load_version_id;
    int load_section_id;

    /* Registry list, sorted by priority; protected by the BQL. */
    struct SaveStateEntry *next;
} SaveStateEntry;

/*
 * Register handler @ops with @opaque as @idstr (at most 255 bytes).
 * @instance_id may be VMSTATE_INSTANCE_ID_ANY: one more than the largest
 * instance of @idstr so far (0 for the first).  @version_id goes in the
 * section header.  Priority MIG_PRI_DEFAULT.  Main thread, BQL.
 * Returns false with @errp set for a bad idstr or a duplicate
 * (idstr, instance_id).
 */
bool register_savevm_live(const char *idstr, uint32_t instance_id,
                          int version_id, const SaveVMHandlers *ops,
                          void *opaque, Error **errp);
/* Remove every entry of @ops-handlers with @idstr and @opaque. */
void unregister_savevm(const char *idstr, void *opaque);

/*
 * Register @vmsd for @opaque.  Without @path the idstr is vmsd->name;
 * with a device path (e.g. "0000:00:02.0") it is "<path>/<vmsd->name>",
 * the instance id within that idstr is chosen as for ANY, and the entry
 * also answers to (vmsd->name, @instance_id or the next free one) for
 * streams from QEMUs that had no paths.  @alias_id: another accepted
 * instance_id on load, or -1.  Main thread, BQL.
 */
bool vmstate_register_with_alias_id(const char *path, uint32_t instance_id,
                                    const VMStateDescription *vmsd,
                                    void *opaque, int alias_id,
                                    Error **errp);
/* vmstate_register_with_alias_id(NULL, @instance_id, ..., -1, @errp). */
bool vmstate_register(uint32_t instance_id, const VMStateDescription *vmsd,
                      void *opaque, Error **errp);
/* Remove the entry of @vmsd with @opaque (no-op if there is none). */
void vmstate_unregister(const VMStateDescription *vmsd, void *opaque);

/*
 * Destination lookup of a START/FULL section: exact @idstr with
 * @instance_id equal to the entry's instance or alias id, else an entry
 * whose compat pair matches.  NULL if none.
 */
SaveStateEntry *find_se(const char *idstr, uint32_t instance_id);
/*
 * Lookup of PART/END sections and footers by the section id the stream
 * gave on START/FULL (the framing sets se->load_section_id; -1, the
 * initial value, and other negative ids never match).
 */
SaveStateEntry *savevm_find_by_load_section_id(int section_id);

/* The next instance_id for @idstr: one more than the largest, else 0. */
uint32_t calculate_new_instance_id(const char *idstr);

/* The entry's priority (MIG_PRI_UNINITIALIZED counts as DEFAULT). */
MigrationPriority save_state_priority(const SaveStateEntry *se);

/* Iteration in wire order: first entry (NULL if none), then se->next. */
SaveStateEntry *savevm_state_first(void);
#define SAVEVM_FOREACH(se) \
    for ((se) = savevm_state_first(); (se); (se) = (se)->next)

/* Whether any registered vmsd is unmigratable; names the first. */
bool savevm_state_blocked(Error **errp);

/* Drop every entry and reset the section counter (tests, exit). */
void savevm_state_reset(void);

#endif /* MIGRATION_SAVEVM_H */
