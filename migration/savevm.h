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

/*
 * The stream (migration/savevm.c): framing of the main channel on top of
 * the registry, wire-format.md section 1.  Source functions run in the
 * migration thread (setup with the BQL, as QEMU), between
 * qemu_savevm_state_header() and qemu_savevm_state_cleanup(); they keep
 * the VMDESCRIPTION JSON of the running migration, so one outgoing
 * migration at a time.  The destination function runs in the incoming
 * thread.
 */

/* MIG_CMD_* (wire-format.md 1.8); the be16 after QEMU_VM_COMMAND. */
enum qemu_vm_cmd {
    MIG_CMD_INVALID = 0,
    MIG_CMD_OPEN_RETURN_PATH,
    MIG_CMD_PING,
    MIG_CMD_POSTCOPY_ADVISE,
    MIG_CMD_POSTCOPY_LISTEN,
    MIG_CMD_POSTCOPY_RUN,
    MIG_CMD_POSTCOPY_RAM_DISCARD,
    MIG_CMD_PACKAGED,
    MIG_CMD_ENABLE_COLO,
    MIG_CMD_POSTCOPY_RESUME,
    MIG_CMD_RECV_BITMAP,
    MIG_CMD_SWITCHOVER_START,
    MIG_CMD_MAX
};

/*
 * Magic, version and (with send-configuration) the configuration record:
 * machine class name, and the subsections QEMU 10.2 sends
 * (configuration/capabilities when x-ignore-shared or mapped-ram is on,
 * configuration/uuid with -uuid and validate-uuid).  Starts a new
 * VMDESCRIPTION (any previous one is dropped).
 */
void qemu_savevm_state_header(QEMUFile *f);
/*
 * Setup pass: FULL sections of early-setup vmsds, START sections of the
 * active live entries (save_setup).  Returns 0, or a negative errno with
 * @errp set (also latched in @f).
 */
int qemu_savevm_state_setup(QEMUFile *f, Error **errp);
/*
 * One PART section per active live entry that wants to iterate, until
 * the rate limit is reached.  Returns 1 when every entry said it has
 * nothing more for now, 0 otherwise, a negative errno on error (latched
 * in @f).
 */
int qemu_savevm_state_iterate(QEMUFile *f);
/* Sum of the live entries' remaining bytes (estimate resp. exact). */
void qemu_savevm_state_pending_estimate(uint64_t *must_precopy,
                                        uint64_t *can_postcopy);
void qemu_savevm_state_pending_exact(uint64_t *must_precopy,
                                     uint64_t *can_postcopy);
/*
 * Completion, VM stopped by the caller (who also called
 * global_state_store()): SWITCHOVER_START if send-switchover-start is on,
 * END sections of live entries, FULL sections of every other entry that
 * has state (vmsd needed() or save_state), EOF, VMDESCRIPTION, flush.
 * Returns 0 or a negative errno with @errp set.
 */
int qemu_savevm_state_complete_precopy(QEMUFile *f, Error **errp);
/* save_cleanup of every live entry; frees the VMDESCRIPTION.  Idempotent. */
void qemu_savevm_state_cleanup(void);

/*
 * The configuration record's vmstate (migration/savevm-config.c), without
 * the 0x07 byte: save it (appending its JSON to @vmdesc if not NULL), or
 * load and check it against this machine, our capabilities and -uuid.
 */
bool savevm_configuration_save(QEMUFile *f, JSONWriter *vmdesc, Error **errp);
bool savevm_configuration_load(QEMUFile *f, Error **errp);

/* Commands (each flushed at once). */
void qemu_savevm_command_send(QEMUFile *f, enum qemu_vm_cmd command,
                              uint16_t len, const uint8_t *data);
void qemu_savevm_send_open_return_path(QEMUFile *f);
void qemu_savevm_send_ping(QEMUFile *f, uint32_t value);
void qemu_savevm_send_switchover_start(QEMUFile *f);

/*
 * Destination: load a whole stream from @f: header and configuration
 * (checked against this machine and our capabilities), then records
 * until EOF, each START/FULL section dispatched by (idstr, instance),
 * PART/END by section id, footers checked, commands executed
 * (OPEN_RETURN_PATH, PING, POSTCOPY_ADVISE without postcopy-ram,
 * SWITCHOVER_START; postcopy and COLO commands fail), then the
 * VMDESCRIPTION trailer is skipped if present.  load_setup runs before
 * the first record and load_cleanup at the end for every entry that has
 * it.  Returns 0, or a negative errno with @errp set and latched in @f.
 * The global state received (if any) is then in
 * global_state_get_runstate().
 */
int qemu_loadvm_state(QEMUFile *f, Error **errp);

/*
 * Provided by migration/migration.c (the incoming side's return path);
 * weak references here until it exists.  Open the return path on the
 * incoming channel: true, or false with @errp set.  Queue a PONG with
 * @value on it.
 */
bool migration_incoming_open_return_path(Error **errp);
void migration_incoming_send_pong(uint32_t value);

#endif /* MIGRATION_SAVEVM_H */
