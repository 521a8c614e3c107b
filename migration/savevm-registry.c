/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The registry of migratable state: SaveStateEntry list in wire order,
 * instance and section ids, lookup of incoming sections.  Rules and
 * locking: migration/savevm.h.
 */
#include "qemu/osdep.h"
#include "qapi/error.h"
#include "migration/savevm.h"

/* Protected by the BQL (see savevm.h). */
typedef struct SaveState {
    SaveStateEntry *handlers;   /* sorted by priority, higher first */
    int global_section_id;      /* next section id to hand out */
} SaveState;

static SaveState savevm_state;

MigrationPriority save_state_priority(const SaveStateEntry *se)
{
    if (se->vmsd && se->vmsd->priority != MIG_PRI_UNINITIALIZED) {
        return se->vmsd->priority;
    }
    return MIG_PRI_DEFAULT;
}

/* After the last entry of priority >= ours: registration order within. */
static void savevm_state_handler_insert(SaveStateEntry *nse)
{
    MigrationPriority priority = save_state_priority(nse);
    SaveStateEntry **link = &savevm_state.handlers;

    while (*link && save_state_priority(*link) >= priority) {
        link = &(*link)->next;
    }
    nse->next = *link;
    *link = nse;
}

static void savevm_state_handler_remove(SaveStateEntry *se)
{
    SaveStateEntry **link = &savevm_state.handlers;

    while (*link && *link != se) {
        link = &(*link)->next;
    }
    if (*link) {
        *link = se->next;
    }
    g_free(se->compat);
    g_free(se);
}

SaveStateEntry *savevm_state_first(void)
{
    return savevm_state.handlers;
}

uint32_t calculate_new_instance_id(const char *idstr)
{
    SaveStateEntry *se;
    uint32_t instance_id = 0;

    SAVEVM_FOREACH(se) {
        if (strcmp(idstr, se->idstr) == 0 && instance_id <= se->instance_id) {
            instance_id = se->instance_id + 1;
        }
    }
    return instance_id;
}

/* The compat-id counterpart of calculate_new_instance_id(). */
static uint32_t calculate_compat_instance_id(const char *idstr)
{
    SaveStateEntry *se;
    uint32_t instance_id = 0;

    SAVEVM_FOREACH(se) {
        if (se->compat && strcmp(idstr, se->compat->idstr) == 0 &&
            instance_id <= se->compat->instance_id) {
            instance_id = se->compat->instance_id + 1;
        }
    }
    return instance_id;
}

/*
 * Fill in the ids of @se (idstr already set) and insert it.  Takes
 * @se; on error frees it.
 */
static bool savevm_state_add(SaveStateEntry *se, uint32_t instance_id,
                             Error **errp)
{
    SaveStateEntry *other;

    if (instance_id == VMSTATE_INSTANCE_ID_ANY) {
        instance_id = calculate_new_instance_id(se->idstr);
        if (instance_id == VMSTATE_INSTANCE_ID_ANY) {
            error_setg(errp, "no free instance id for '%s'", se->idstr);
            goto fail;
        }
    } else {
        SAVEVM_FOREACH(other) {
            if (strcmp(other->idstr, se->idstr) == 0 &&
                other->instance_id == instance_id) {
                error_setg(errp, "'%s' instance %" PRIu32
                           " is already registered", se->idstr, instance_id);
                goto fail;
            }
        }
    }
    se->instance_id = instance_id;
    se->section_id = savevm_state.global_section_id++;
    se->load_section_id = -1;
    savevm_state_handler_insert(se);
    return true;

fail:
    g_free(se->compat);
    g_free(se);
    return false;
}

static bool savevm_set_idstr(SaveStateEntry *se, const char *path,
                             const char *name, Error **errp)
{
    int len;

    if (path && *path) {
        len = snprintf(se->idstr, sizeof(se->idstr), "%s/%s", path, name);
    } else {
        len = snprintf(se->idstr, sizeof(se->idstr), "%s", name);
    }
    if (len == 0 || len >= (int)sizeof(se->idstr)) {
        error_setg(errp, "section name '%s%s%s' must be 1 to 255 bytes",
                   path && *path ? path : "", path && *path ? "/" : "",
                   name);
        return false;
    }
    return true;
}

bool register_savevm_live(const char *idstr, uint32_t instance_id,
                          int version_id, const SaveVMHandlers *ops,
                          void *opaque, Error **errp)
{
    SaveStateEntry *se = g_new0(SaveStateEntry, 1);

    if (!savevm_set_idstr(se, NULL, idstr, errp)) {
        g_free(se);
        return false;
    }
    se->version_id = version_id;
    se->alias_id = -1;
    se->ops = ops;
    se->opaque = opaque;
    se->is_ram = ops->save_setup != NULL;
    return savevm_state_add(se, instance_id, errp);
}

void unregister_savevm(const char *idstr, void *opaque)
{
    SaveStateEntry *se = savevm_state.handlers, *next;

    for (; se; se = next) {
        next = se->next;
        if (se->ops && se->opaque == opaque && strcmp(se->idstr, idstr) == 0) {
            savevm_state_handler_remove(se);
        }
    }
}

bool vmstate_register_with_alias_id(const char *path, uint32_t instance_id,
                                    const VMStateDescription *vmsd,
                                    void *opaque, int alias_id,
                                    Error **errp)
{
    SaveStateEntry *se = g_new0(SaveStateEntry, 1);

    if (!savevm_set_idstr(se, path, vmsd->name, errp)) {
        g_free(se);
        return false;
    }
    se->version_id = vmsd->version_id;
    se->alias_id = alias_id;
    se->vmsd = vmsd;
    se->opaque = opaque;
    if (path && *path) {
        se->compat = g_new0(CompatEntry, 1);
        g_strlcpy(se->compat->idstr, vmsd->name, sizeof(se->compat->idstr));
        se->compat->instance_id = instance_id == VMSTATE_INSTANCE_ID_ANY ?
            calculate_compat_instance_id(vmsd->name) : instance_id;
        instance_id = VMSTATE_INSTANCE_ID_ANY;
    }
    return savevm_state_add(se, instance_id, errp);
}

bool vmstate_register(uint32_t instance_id, const VMStateDescription *vmsd,
                      void *opaque, Error **errp)
{
    return vmstate_register_with_alias_id(NULL, instance_id, vmsd, opaque,
                                          -1, errp);
}

void vmstate_unregister(const VMStateDescription *vmsd, void *opaque)
{
    SaveStateEntry *se = savevm_state.handlers, *next;

    for (; se; se = next) {
        next = se->next;
        if (se->vmsd == vmsd && se->opaque == opaque) {
            savevm_state_handler_remove(se);
        }
    }
}

static bool se_matches_id(const SaveStateEntry *se, uint32_t id,
                          uint32_t instance_id)
{
    return instance_id == id ||
           (se->alias_id >= 0 && instance_id == (uint32_t)se->alias_id);
}

SaveStateEntry *find_se(const char *idstr, uint32_t instance_id)
{
    SaveStateEntry *se;

    SAVEVM_FOREACH(se) {
        if (strcmp(se->idstr, idstr) == 0 &&
            se_matches_id(se, se->instance_id, instance_id)) {
            return se;
        }
        /* A stream from a QEMU that named the device without its path */
        if (se->compat && strcmp(se->compat->idstr, idstr) == 0 &&
            se_matches_id(se, se->compat->instance_id, instance_id)) {
            return se;
        }
    }
    return NULL;
}

SaveStateEntry *savevm_find_by_load_section_id(int section_id)
{
    SaveStateEntry *se;

    if (section_id < 0) {
        return NULL;        /* -1 marks entries not seen in this load */
    }
    SAVEVM_FOREACH(se) {
        if (se->load_section_id == section_id) {
            return se;
        }
    }
    return NULL;
}

bool savevm_state_blocked(Error **errp)
{
    SaveStateEntry *se;

    SAVEVM_FOREACH(se) {
        if (se->vmsd && se->vmsd->unmigratable) {
            error_setg(errp, "State blocked by non-migratable device '%s'",
                       se->idstr);
            return true;
        }
    }
    return false;
}

void savevm_state_reset(void)
{
    while (savevm_state.handlers) {
        savevm_state_handler_remove(savevm_state.handlers);
    }
    savevm_state.global_section_id = 0;
}
