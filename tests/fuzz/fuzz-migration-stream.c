/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Fuzz target: the input as an incoming main migration stream, loaded by
 * qemu_loadvm_state() into a -M none destination (migration/savevm.c,
 * savevm-config.c, vmstate*.c, the RAM loader of migration/ram.c,
 * global_state.c, the timer section of system/cpu-timers.c).
 */
#include "qemu/osdep.h"
#include "qapi/error.h"
#include "qemu/error-report.h"
#include "qobject/qdict.h"
#include "io/channel-buffer.h"
#include "hw/boards.h"
#include "system/cpu-timers.h"
#include "system/ramblock.h"
#include "system/system.h"
#include "migration/global_state.h"
#include "migration/migration.h"
#include "migration/options.h"
#include "migration/qemu-file.h"
#include "migration/ram.h"
#include "migration/savevm.h"
#include "fuzz-target.h"

/*
 * The destination is what `qemu-system-x86_64 -M none -m 16M -incoming`
 * has registered: the sections "timer", "ram" (the real loader, over a
 * 16 MiB anonymous block "ram", as in the recorded QEMU 7.2 streams of
 * tests/data/migration/) and "globalstate".
 *
 * Every input is loaded twice: with default capabilities and -uuid
 * SEED_UUID (the uuid of the validate-uuid seed), then with
 * x-ignore-shared on and no -uuid; a recorded seed loads in one of the
 * two and fails the configuration check in the other.  Before each load
 * the registry, the RAM block and the capabilities start afresh, so no
 * run depends on an earlier one; anonymous memory that a run never
 * wrote costs nothing to drop and map again.
 *
 * Checked: the load returns 0 exactly when it sets no error, and a
 * failure comes with a text.  Everything is freed (LeakSanitizer).
 * Messages the loader reports (warnings) are swallowed, not printed;
 * with FUZZ_VERBOSE set in the environment each load's outcome is.
 */

#define GUEST_RAM_SIZE (16 * 1024 * 1024)
#define SEED_UUID "11111111-2222-3333-4444-555555555555"

static MachineState *machine;
static RAMBlock *guest_ram;
static bool verbose;

static void discard_message(void *opaque, const char *text)
{
}

static void init_once(void)
{
    QDict *opts;

    if (machine) {
        return;
    }
    verbose = getenv("FUZZ_VERBOSE");
    error_set_sink(discard_message, NULL, NULL, NULL);
    migration_object_init(&error_abort);
    opts = qdict_new();
    machine = machine_create(find_machine_class("none"), opts, &error_abort);
    qobject_unref(opts);
}

/* A destination as it is after startup, before the stream arrives. */
static void reset_destination(bool ignore_shared)
{
    MigrationState *s = migrate_get_current();

    savevm_state_reset();
    if (guest_ram) {
        qemu_ram_free(guest_ram);
    }
    guest_ram = qemu_ram_alloc("ram", GUEST_RAM_SIZE, NULL, -1, 0,
                               TARGET_PAGE_SIZE, &error_abort);
    cpu_timers_init();
    ram_mig_init();
    global_state_register();

    s->capabilities[MIGRATION_CAPABILITY_X_IGNORE_SHARED] = ignore_shared;
    qemu_uuid_set = !ignore_shared;
    memset(&qemu_uuid, 0, sizeof(qemu_uuid));
    if (qemu_uuid_set) {
        FUZZ_CHECK(qemu_uuid_parse(SEED_UUID, &qemu_uuid) == 0);
    }
}

static void load_once(const uint8_t *data, size_t size, bool ignore_shared)
{
    QIOChannelBuffer *bioc;
    QEMUFile *f;
    Error *err = NULL;
    int ret;

    reset_destination(ignore_shared);
    bioc = qio_channel_buffer_new_data(size ? data : (const uint8_t *)"",
                                       size);
    f = qemu_file_new_input(QIO_CHANNEL(bioc));
    ret = qemu_loadvm_state(f, &err);
    FUZZ_CHECK(ret <= 0);
    FUZZ_CHECK(!ret == !err);
    if (verbose) {
        fprintf(stderr, "%zu bytes, %s: %s\n", size,
                ignore_shared ? "x-ignore-shared" : "-uuid",
                err ? error_get_pretty(err) : "loaded");
    }
    if (err) {
        FUZZ_CHECK(*error_get_pretty(err));
        error_free(err);
    }
    qemu_fclose(f);
    qio_channel_unref(QIO_CHANNEL(bioc));
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    init_once();
    load_once(data, size, false);
    load_once(data, size, true);
    /* Leave nothing behind for LeakSanitizer or the next input. */
    savevm_state_reset();
    qemu_ram_free(guest_ram);
    guest_ram = NULL;
    migrate_get_current()->capabilities[MIGRATION_CAPABILITY_X_IGNORE_SHARED] =
        false;
    qemu_uuid_set = false;
    return 0;
}
