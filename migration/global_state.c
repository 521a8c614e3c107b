/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The "globalstate" section: capture of the run state on the source and
 * its parsing on the destination.  Rules: include/migration/global_state.h.
 */
#include "qemu/osdep.h"
#include "qapi/error.h"
#include "qapi/util.h"
#include "system/runstate.h"
#include "migration/global_state.h"
#include "migration/options.h"
#include "migration/savevm.h"

/*
 * Wire layout (104 bytes): be32 size, 32 bytes NUL-padded name, two flag
 * bytes (9.0+; zero from older sources, which had one 100-byte name
 * buffer), 66 zero bytes.
 */
typedef struct GlobalState {
    /* Migration thread (source) / incoming thread (destination). */
    uint32_t size;
    uint8_t runstate[32];
    uint8_t has_vm_was_suspended;
    uint8_t vm_was_suspended;
    uint8_t unused[66];
    /* Set by a load; read by the main thread once the load finished. */
    RunState state;
    bool received;
} GlobalState;

static GlobalState global_state;

static void global_state_do_store(RunState state)
{
    const char *name = RunState_str(state);

    memset(global_state.runstate, 0, sizeof(global_state.runstate));
    g_assert(strlen(name) < sizeof(global_state.runstate));
    memcpy(global_state.runstate, name, strlen(name));
    global_state.has_vm_was_suspended = 1;
    /* No suspend-while-stopped tracking here: never "was suspended". */
    global_state.vm_was_suspended = 0;
    memset(global_state.unused, 0, sizeof(global_state.unused));
}

void global_state_store(void)
{
    global_state_do_store(runstate_get());
}

void global_state_store_running(void)
{
    global_state_do_store(RUN_STATE_RUNNING);
}

bool global_state_received(void)
{
    return global_state.received;
}

RunState global_state_get_runstate(void)
{
    return global_state.received ? global_state.state : RUN_STATE_RUNNING;
}

void global_state_reset_received(void)
{
    global_state.received = false;
}

static bool global_state_needed(void *opaque)
{
    return migrate_store_global_state();
}

static int global_state_pre_save(void *opaque)
{
    GlobalState *s = opaque;

    s->size = strnlen((char *)s->runstate, sizeof(s->runstate)) + 1;
    return 0;
}

static bool global_state_post_load(void *opaque, int version_id,
                                   Error **errp)
{
    GlobalState *s = opaque;
    char name[sizeof(s->runstate) + 1];
    int r;

    /* A hostile stream need not NUL-terminate the name. */
    memcpy(name, s->runstate, sizeof(s->runstate));
    name[sizeof(s->runstate)] = '\0';
    r = qapi_enum_parse(&RunState_lookup, name, -1, NULL);
    if (r < 0) {
        error_setg(errp, "globalstate: unknown run state '%s'", name);
        return false;
    }
    s->state = r;
    s->received = true;
    return true;
}

static const VMStateDescription vmstate_globalstate = {
    .name = "globalstate",
    .version_id = 1,
    .minimum_version_id = 1,
    .pre_save = global_state_pre_save,
    .post_load_errp = global_state_post_load,
    .needed = global_state_needed,
    .fields = (const VMStateField[]) {
        VMSTATE_UINT32(size, GlobalState),
        VMSTATE_BUFFER(runstate, GlobalState),
        VMSTATE_UINT8(has_vm_was_suspended, GlobalState),
        VMSTATE_UINT8(vm_was_suspended, GlobalState),
        VMSTATE_BUFFER(unused, GlobalState),
        VMSTATE_END_OF_LIST()
    },
};

void global_state_register(void)
{
    if (find_se(vmstate_globalstate.name, 0)) {
        return;
    }
    memset(global_state.runstate, 0, sizeof(global_state.runstate));
    global_state.received = false;
    vmstate_register(0, &vmstate_globalstate, &global_state, &error_abort);
}
