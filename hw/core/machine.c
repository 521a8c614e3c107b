/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The abstract "machine" type: the registry of machine classes, the
 * hw_compat_X_Y arrays, the machine object's common properties, and
 * machine creation and set-up (RAM resolution, mc->init, accelerator
 * mapping).  Threads: main thread, BQL.  Design: docs/devel/machines.md.
 */
#include "qemu/osdep.h"

#include "hw/boards.h"
#include "qapi/error.h"
#include "qobject/qdict.h"
#include "qobject/qstring.h"
#include "qom/field-props.h"
#include "qom/object_interfaces.h"
#include "system/accel.h"
#include "system/hostmem.h"

MachineState *current_machine;

/* Whether machine_register_types() ran (main thread). */
static bool machine_types_registered;

/*
 * Compat arrays: exactly QEMU 10.2's entries for the "migration" driver
 * (docs: management.md 6.2).  Entries for devices this tree does not
 * have are left out.  An array applies to its version and every older
 * machine type.
 */
GlobalProperty hw_compat_10_1[] = {};
const size_t hw_compat_10_1_len = G_N_ELEMENTS(hw_compat_10_1);

GlobalProperty hw_compat_10_0[] = {};
const size_t hw_compat_10_0_len = G_N_ELEMENTS(hw_compat_10_0);

GlobalProperty hw_compat_9_2[] = {
    { "migration", "multifd-clean-tls-termination", "false" },
    { "migration", "send-switchover-start", "off" },
};
const size_t hw_compat_9_2_len = G_N_ELEMENTS(hw_compat_9_2);

GlobalProperty hw_compat_9_1[] = {};
const size_t hw_compat_9_1_len = G_N_ELEMENTS(hw_compat_9_1);

GlobalProperty hw_compat_9_0[] = {};
const size_t hw_compat_9_0_len = G_N_ELEMENTS(hw_compat_9_0);

GlobalProperty hw_compat_8_2[] = {
    { "migration", "zero-page-detection", "legacy" },
};
const size_t hw_compat_8_2_len = G_N_ELEMENTS(hw_compat_8_2);

GlobalProperty hw_compat_8_1[] = {};
const size_t hw_compat_8_1_len = G_N_ELEMENTS(hw_compat_8_1);

GlobalProperty hw_compat_8_0[] = {
    { "migration", "multifd-flush-after-each-section", "on" },
};
const size_t hw_compat_8_0_len = G_N_ELEMENTS(hw_compat_8_0);

GlobalProperty hw_compat_7_2[] = {
    { "migration", "x-preempt-pre-7-2", "true" },
};
const size_t hw_compat_7_2_len = G_N_ELEMENTS(hw_compat_7_2);

/*
 * The class registry
 */

void machine_class_add_compat_props(MachineClass *mc, GlobalProperty *props,
                                    size_t n)
{
    GlobalPropArray *arr = g_new(GlobalPropArray, 1);

    arr->props = props;
    arr->n = n;
    if (!mc->compat_props) {
        mc->compat_props = g_ptr_array_new_with_free_func(g_free);
    }
    g_ptr_array_add(mc->compat_props, arr);
}

void machine_register_compat_props(MachineClass *mc)
{
    guint i;

    if (!mc->compat_props) {
        return;
    }
    for (i = 0; i < mc->compat_props->len; i++) {
        GlobalPropArray *arr = g_ptr_array_index(mc->compat_props, i);

        if (arr->n) {
            object_register_compat_props(arr->props, arr->n);
        }
    }
}

MachineClass *find_machine_class(const char *name)
{
    GSList *list, *l;
    MachineClass *found = NULL;

    machine_register_types();
    list = object_class_get_list(TYPE_MACHINE, false);
    for (l = list; l; l = l->next) {
        MachineClass *mc = MACHINE_CLASS(l->data);

        if (!strcmp(mc->name, name) ||
            (mc->alias && !strcmp(mc->alias, name))) {
            found = mc;
            break;
        }
    }
    g_slist_free(list);
    return found;
}

MachineClass *find_default_machine_class(void)
{
    GSList *list, *l;
    MachineClass *found = NULL;

    machine_register_types();
    list = object_class_get_list(TYPE_MACHINE, false);
    for (l = list; l; l = l->next) {
        MachineClass *mc = MACHINE_CLASS(l->data);

        if (mc->is_default) {
            found = mc;
            break;
        }
    }
    g_slist_free(list);
    return found;
}

/*
 * `-machine help` order: families alphabetically, newest version first
 * inside a family, then the unversioned types alphabetically.
 */
static gint machine_class_cmp(gconstpointer a, gconstpointer b)
{
    const MachineClass *x = a, *y = b;
    int r;

    if (!x->family || !y->family) {
        if (x->family || y->family) {
            return x->family ? -1 : 1;
        }
        return strcmp(x->name, y->name);
    }
    r = strcmp(x->family, y->family);
    if (r) {
        return r;
    }
    if (x->version_major != y->version_major) {
        return y->version_major - x->version_major;
    }
    return y->version_minor - x->version_minor;
}

GSList *machine_class_list(void)
{
    machine_register_types();
    return g_slist_sort(object_class_get_list(TYPE_MACHINE, false),
                        machine_class_cmp);
}

/*
 * The machine object
 */

static const Property machine_props[] = {
    {
        .name = "memory-backend",
        .info = &qapi_type_str,
        .offset = PROP_FIELD_OFFSET(MachineState, memdev, char *),
        .description = "Set RAM backend (valid value: ID of hostmem based "
                       "backend)",
    },
    {
        .name = "accel",
        .info = &qapi_type_str,
        .offset = PROP_FIELD_OFFSET(MachineState, accel, char *),
        .description = "Accelerator list (legacy; use -accel)",
    },
    DEFINE_PROP_BOOL("dump-guest-core", MachineState, dump_guest_core, true),
    DEFINE_PROP_BOOL("mem-merge", MachineState, mem_merge, true),
    DEFINE_PROP_BOOL("usb", MachineState, usb, false),
    DEFINE_PROP_BOOL("graphics", MachineState, graphics, true),
    DEFINE_PROP_BOOL("suppress-vmdesc", MachineState, suppress_vmdesc, false),
};

static void machine_instance_finalize(Object *obj)
{
    MachineState *ms = MACHINE(obj);

    g_free(ms->mem_path);
    if (current_machine == ms) {
        current_machine = NULL;
    }
}

static void machine_class_init(ObjectClass *oc, const void *data)
{
    object_class_add_field_props(oc, machine_props);
}

static const TypeInfo machine_info = {
    .name = TYPE_MACHINE,
    .abstract = true,
    .class_size = sizeof(MachineClass),
    .class_init = machine_class_init,
    .instance_size = sizeof(MachineState),
    .instance_finalize = machine_instance_finalize,
};

void machine_register_types(void)
{
    if (machine_types_registered) {
        return;
    }
    machine_types_registered = true;
    qom_register_builtin_types();
    memory_backend_register_types();
    type_register_static(&machine_info);
    machine_none_register_type();
    pc_machine_register_types();
}

MachineState *machine_create(MachineClass *mc, QDict *opts, Error **errp)
{
    const QDictEntry *e;
    MachineState *ms;
    Object *obj;

    obj = object_new(object_class_get_name(OBJECT_CLASS(mc)));
    ms = MACHINE(obj);
    ms->ram_size = mc->default_ram_size;
    if (!object_apply_compat_props(obj, errp)) {
        goto fail;
    }
    for (e = opts ? qdict_first(opts) : NULL; e; e = qdict_next(opts, e)) {
        const char *key = qdict_entry_key(e);
        QString *qs = qobject_to(QString, qdict_entry_value(e));

        if (!strcmp(key, "type")) {
            continue;
        }
        if (!qs) {
            if (!object_property_set(obj, key, qdict_entry_value(e), errp)) {
                goto fail;
            }
        } else if (!object_property_parse(obj, key, qstring_get_str(qs),
                                          errp)) {
            goto fail;
        }
    }
    current_machine = ms;
    return ms;

fail:
    object_unref(obj);
    return NULL;
}

void machine_set_ram_size(MachineState *ms, uint64_t size)
{
    ms->ram_size = size;
    ms->ram_size_given = true;
}

/* The machine's RAM from memory-backend=<id>. */
static bool machine_use_memdev(MachineState *ms, Error **errp)
{
    HostMemoryBackend *be;
    Object *obj;
    uint64_t size;

    obj = object_resolve_path_type(ms->memdev, TYPE_MEMORY_BACKEND, NULL);
    be = memory_backend_from_object(obj);
    if (!be) {
        error_setg(errp, "Memory backend '%s' not found", ms->memdev);
        return false;
    }
    size = host_memory_backend_get_size(be);
    if (!ms->ram_size_given) {
        ms->ram_size = size;
    } else if (size != ms->ram_size) {
        error_setg(errp, "Machine memory size does not match the size of the "
                   "memory backend");
        return false;
    }
    ms->ram = host_memory_backend_get_ramblock(be, NULL, errp);
    if (!ms->ram) {
        return false;
    }
    ms->ram_backend = obj;
    return true;
}

/* The default RAM: a backend /objects/<default_ram_id>, as QEMU makes. */
static bool machine_create_default_ram(MachineState *ms, MachineClass *mc,
                                       Error **errp)
{
    const char *id = mc->default_ram_id;
    Object *root = object_get_objects_root();
    g_autofree char *size = g_strdup_printf("%" PRIu64, ms->ram_size);
    Object *obj;

    if (object_property_find(root, id)) {
        error_setg(errp, "object's id '%s' is reserved for the default RAM "
                   "backend, it can't be used for any other purposes", id);
        error_append_hint(errp, "Change the object's 'id' to something else "
                          "or disable automatic creation of the default RAM "
                          "backend by setting 'memory-backend=%s' with "
                          "'-machine'.\n", id);
        return false;
    }
    if (ms->mem_path) {
        obj = object_new_with_props(TYPE_MEMORY_BACKEND_FILE, root, id, errp,
                                    "size", size, "mem-path", ms->mem_path,
                                    "prealloc",
                                    ms->mem_prealloc ? "on" : "off", NULL);
    } else {
        obj = object_new_with_props(TYPE_MEMORY_BACKEND_RAM, root, id, errp,
                                    "size", size, "prealloc",
                                    ms->mem_prealloc ? "on" : "off", NULL);
    }
    if (!obj) {
        return false;
    }
    /* /objects holds the backend now; drop the creation reference. */
    object_unref(obj);
    ms->ram = host_memory_backend_get_ramblock(memory_backend_from_object(obj),
                                               NULL, errp);
    if (!ms->ram) {
        return false;
    }
    ms->ram_backend = obj;
    return true;
}

bool machine_run_init(MachineState *ms, Error **errp)
{
    MachineClass *mc = MACHINE_GET_CLASS(ms);

    if (ms->initialized) {
        error_setg(errp, "machine is already initialized");
        return false;
    }
    if (ms->memdev) {
        if (!machine_use_memdev(ms, errp)) {
            return false;
        }
    } else if (mc->default_ram_id && ms->ram_size) {
        if (!machine_create_default_ram(ms, mc, errp)) {
            return false;
        }
    }
    if (mc->init) {
        Error *err = NULL;

        mc->init(ms, &err);
        if (err) {
            error_propagate(errp, err);
            return false;
        }
    }
    if (ms->ram && ms->ram->nr_windows && !accel_map_ram(ms->ram, errp)) {
        return false;
    }
    ms->initialized = true;
    return true;
}
