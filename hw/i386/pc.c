/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The x86 machine types: abstract "x86-machine" and "generic-pc-machine",
 * and the versioned pc-q35-X.Y / pc-i440fx-X.Y types with their aliases
 * (q35, pc) and compat arrays.  For now they are RAM (split below and
 * above 4 GiB as QEMU splits it) plus compat properties: no CPU and no
 * devices yet.  Threads: main thread, BQL.  Design: docs/devel/machines.md.
 */
#include "qemu/osdep.h"

#include "hw/boards.h"
#include "qapi/error.h"
#include "qapi/qapi-builtin-types.h"
#include "qemu/error-report.h"
#include "qom/field-props.h"

#define TYPE_X86_MACHINE "x86-machine"
#define TYPE_PC_MACHINE "generic-pc-machine"

#define GiB (1ULL << 30)
#define PC_4G (4 * GiB)

/* QEMU's OnOffAuto, for the x86 machine options libvirt passes. */
typedef enum OnOffAuto {
    ON_OFF_AUTO_AUTO,
    ON_OFF_AUTO_ON,
    ON_OFF_AUTO_OFF,
} OnOffAuto;

static const char *const on_off_auto_names[] = { "auto", "on", "off" };
static const QEnumLookup OnOffAuto_lookup = {
    .array = on_off_auto_names,
    .size = 3,
};

typedef struct PCMachineState {
    MachineState parent_obj;

    /* Options from -machine; read at init. */
    OnOffAuto acpi;
    OnOffAuto smm;
    OnOffAuto pit;
    OnOffAuto pic;
    OnOffAuto vmport;
    bool hpet;
    bool sata;
    bool smbus;
    bool i8042;
    uint64_t max_ram_below_4g;  /* 0: the machine's default */

    /* Set by init. */
    uint64_t below_4g_mem_size;
    uint64_t above_4g_mem_size;
} PCMachineState;

#define PC_MACHINE(obj) OBJECT_CHECK(PCMachineState, (obj), TYPE_X86_MACHINE)

/* The versioned families and versions registered. */
typedef struct PCFamily {
    const char *family;         /* type name prefix */
    const char *desc;
    const char *alias;          /* of the newest version */
    bool is_default;            /* the newest version is the default */
    bool q35;
} PCFamily;

static const PCFamily pc_families[] = {
    { "pc-i440fx", "Standard PC (i440FX + PIIX, 1996)", "pc", true, false },
    { "pc-q35", "Standard PC (Q35 + ICH9, 2009)", "q35", false, true },
};

typedef struct PCVersion {
    int major, minor;
    GlobalProperty *compat;     /* hw_compat_<major>_<minor>, or NULL */
    const size_t *compat_len;
} PCVersion;

/* Newest first; the newest has no compat array of its own. */
static const PCVersion pc_versions[] = {
    { 10, 2, NULL, NULL },
    { 10, 1, hw_compat_10_1, &hw_compat_10_1_len },
    { 10, 0, hw_compat_10_0, &hw_compat_10_0_len },
    { 9, 2, hw_compat_9_2, &hw_compat_9_2_len },
    { 9, 1, hw_compat_9_1, &hw_compat_9_1_len },
    { 9, 0, hw_compat_9_0, &hw_compat_9_0_len },
    { 8, 2, hw_compat_8_2, &hw_compat_8_2_len },
    { 8, 1, hw_compat_8_1, &hw_compat_8_1_len },
    { 8, 0, hw_compat_8_0, &hw_compat_8_0_len },
    { 7, 2, hw_compat_7_2, &hw_compat_7_2_len },
};

/* Class data of one versioned type. */
typedef struct PCTypeData {
    const PCFamily *family;
    size_t version_idx;         /* in pc_versions */
} PCTypeData;

static PCTypeData pc_type_data[G_N_ELEMENTS(pc_families) *
                               G_N_ELEMENTS(pc_versions)];
static TypeInfo pc_type_infos[G_N_ELEMENTS(pc_type_data)];

/*
 * RAM layout
 */

/* QEMU's q35 split: RAM that would reach into the PCI hole moves to 4G. */
static uint64_t pc_q35_lowmem(PCMachineState *pcms, uint64_t ram_size)
{
    uint64_t lowmem = ram_size >= 0xb0000000 ? 0x80000000 : 0xb0000000;
    uint64_t max = pcms->max_ram_below_4g ? pcms->max_ram_below_4g : PC_4G;

    if (lowmem > max) {
        lowmem = max;
        if (ram_size - lowmem > lowmem && (lowmem & (GiB - 1))) {
            warn_report("There is possibly poor performance as the ram size "
                        " (0x%" PRIx64 ") is more then twice the size of"
                        " max-ram-below-4g (%" PRIu64 ") and"
                        " max-ram-below-4g is not a multiple of 1G.",
                        ram_size, max);
        }
    }
    return lowmem;
}

/* QEMU's i440fx split: 3.5G below 4G, 3G (gigabyte aligned) if larger. */
static uint64_t pc_i440fx_lowmem(PCMachineState *pcms, uint64_t ram_size)
{
    uint64_t max = pcms->max_ram_below_4g ? pcms->max_ram_below_4g
                                          : 0xe0000000;
    uint64_t lowmem = max;

    if (ram_size >= max) {
        if (lowmem > 0xc0000000) {
            lowmem = 0xc0000000;
        }
        if (lowmem & (GiB - 1)) {
            warn_report("Large machine and max_ram_below_4g (%" PRIu64
                        ") not a multiple of 1G; possible bad performance.",
                        max);
        }
    }
    return lowmem;
}

static void pc_init(MachineState *ms, Error **errp)
{
    PCMachineState *pcms = PC_MACHINE(ms);
    MachineClass *mc = MACHINE_GET_CLASS(ms);
    bool q35 = mc->family && !strcmp(mc->family, "pc-q35");
    uint64_t lowmem;

    if (!ms->ram) {
        return;
    }
    lowmem = q35 ? pc_q35_lowmem(pcms, ms->ram_size)
                 : pc_i440fx_lowmem(pcms, ms->ram_size);
    if (ms->ram_size >= lowmem) {
        pcms->below_4g_mem_size = lowmem;
        pcms->above_4g_mem_size = ms->ram_size - lowmem;
    } else {
        pcms->below_4g_mem_size = ms->ram_size;
        pcms->above_4g_mem_size = 0;
    }
    /* One block "pc.ram" (or the backend's), seen in up to two windows. */
    if (pcms->below_4g_mem_size &&
        !qemu_ram_map_window(ms->ram, 0, 0, pcms->below_4g_mem_size, errp)) {
        return;
    }
    if (pcms->above_4g_mem_size) {
        qemu_ram_map_window(ms->ram, PC_4G, pcms->below_4g_mem_size,
                            pcms->above_4g_mem_size, errp);
    }
}

/*
 * Properties
 */

static bool pc_get_max_ram_below_4g(Object *obj, ObjectProperty *prop,
                                    void *slot, Error **errp)
{
    *(uint64_t *)slot = PC_MACHINE(obj)->max_ram_below_4g;
    return true;
}

static bool pc_set_max_ram_below_4g(Object *obj, ObjectProperty *prop,
                                    void *slot, Error **errp)
{
    uint64_t value = *(uint64_t *)slot;

    if (value > PC_4G) {
        error_setg(errp, "Machine option 'max-ram-below-4g=%" PRIu64
                   "' expects size less than or equal to 4G", value);
        return false;
    }
    if (value < (1ULL << 20)) {
        warn_report("Only %" PRIu64 " bytes of RAM below the 4GiB boundary,"
                    "BIOS may not work with less than 1MiB", value);
    }
    PC_MACHINE(obj)->max_ram_below_4g = value;
    return true;
}

static const Property x86_machine_props[] = {
    DEFINE_PROP_ENUM("acpi", PCMachineState, acpi, ON_OFF_AUTO_AUTO,
                     OnOffAuto),
    DEFINE_PROP_ENUM("smm", PCMachineState, smm, ON_OFF_AUTO_AUTO, OnOffAuto),
    DEFINE_PROP_ENUM("pit", PCMachineState, pit, ON_OFF_AUTO_AUTO, OnOffAuto),
    DEFINE_PROP_ENUM("pic", PCMachineState, pic, ON_OFF_AUTO_AUTO, OnOffAuto),
};

static const Property pc_machine_props[] = {
    DEFINE_PROP_ENUM("vmport", PCMachineState, vmport, ON_OFF_AUTO_AUTO,
                     OnOffAuto),
    DEFINE_PROP_BOOL("hpet", PCMachineState, hpet, true),
    DEFINE_PROP_BOOL("sata", PCMachineState, sata, true),
    DEFINE_PROP_BOOL("smbus", PCMachineState, smbus, true),
    DEFINE_PROP_BOOL("i8042", PCMachineState, i8042, true),
};

static void x86_machine_class_init(ObjectClass *oc, const void *data)
{
    MachineClass *mc = MACHINE_CLASS(oc);

    object_class_add_field_props(oc, x86_machine_props);
    mc->acpi = true;
}

static void pc_machine_class_init(ObjectClass *oc, const void *data)
{
    MachineClass *mc = MACHINE_CLASS(oc);
    ObjectProperty *prop;

    object_class_add_field_props(oc, pc_machine_props);
    prop = object_class_property_add(oc, "max-ram-below-4g", "size",
                                     &qapi_type_size,
                                     pc_get_max_ram_below_4g,
                                     pc_set_max_ram_below_4g, NULL, NULL);
    object_property_set_description(prop, "Maximum ram below the 4G boundary "
                                    "(32bit boundary)");
    mc->init = pc_init;
    mc->hotpluggable_cpus = true;
    mc->default_cpu_type = "qemu64-x86_64-cpu";
    mc->default_ram_id = "pc.ram";
    mc->default_ram_size = 128 * 1024 * 1024;
}

/*
 * Versioned types: QEMU marks a type deprecated once it is more than
 * three years (nine releases) older than the running version.
 */
static bool pc_version_deprecated(const PCVersion *v)
{
    const PCVersion *newest = &pc_versions[0];

    return (newest->major * 3 + newest->minor) - (v->major * 3 + v->minor)
        >= 9;
}

static void pc_versioned_class_init(ObjectClass *oc, const void *data)
{
    const PCTypeData *td = data;
    const PCFamily *fam = td->family;
    const PCVersion *v = &pc_versions[td->version_idx];
    MachineClass *mc = MACHINE_CLASS(oc);
    size_t i;

    mc->family = fam->family;
    mc->version_major = v->major;
    mc->version_minor = v->minor;
    mc->name = g_strdup_printf("%s-%d.%d", fam->family, v->major, v->minor);
    mc->desc = fam->desc;
    if (td->version_idx == 0) {
        mc->alias = fam->alias;
        mc->is_default = fam->is_default;
    }
    mc->deprecated = pc_version_deprecated(v);
    if (fam->q35) {
        mc->max_cpus = v->major > 8 ? 4096 : 1024;
    } else {
        mc->max_cpus = 255;
    }

    /*
     * Newer versions' arrays first, this version's own last, as QEMU's
     * class chain appends them: registered in this order the oldest
     * array wins (qom/globals.h).
     */
    mc->compat_props = NULL;
    for (i = 1; i <= td->version_idx; i++) {
        machine_class_add_compat_props(mc, pc_versions[i].compat,
                                       *pc_versions[i].compat_len);
    }
}

static const TypeInfo x86_machine_info = {
    .name = TYPE_X86_MACHINE,
    .parent = TYPE_MACHINE,
    .abstract = true,
    .instance_size = sizeof(PCMachineState),
    .class_init = x86_machine_class_init,
};

static const TypeInfo pc_machine_info = {
    .name = TYPE_PC_MACHINE,
    .parent = TYPE_X86_MACHINE,
    .abstract = true,
    .class_init = pc_machine_class_init,
};

void pc_machine_register_types(void)
{
    size_t f, v, n = 0;

    type_register_static(&x86_machine_info);
    type_register_static(&pc_machine_info);
    for (f = 0; f < G_N_ELEMENTS(pc_families); f++) {
        for (v = 0; v < G_N_ELEMENTS(pc_versions); v++, n++) {
            pc_type_data[n] = (PCTypeData) {
                .family = &pc_families[f],
                .version_idx = v,
            };
            /* Type names live as long as the process. */
            pc_type_infos[n] = (TypeInfo) {
                .name = g_strdup_printf("%s-%d.%d" TYPE_MACHINE_SUFFIX,
                                        pc_families[f].family,
                                        pc_versions[v].major,
                                        pc_versions[v].minor),
                .parent = TYPE_PC_MACHINE,
                .class_init = pc_versioned_class_init,
                .class_data = &pc_type_data[n],
            };
        }
    }
    type_register_static_array(pc_type_infos, n);
}
