/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Unit tests of the machine types: lookup by name and alias, the
 * default, compat properties and their order against -global,
 * query-machines, and building a machine's RAM.
 */
#include "qemu/osdep.h"

#include "hw/boards.h"
#include "qapi/error.h"
#include "qapi/qapi-commands-machine.h"
#include "qapi/qapi-types-migration.h"
#include "qobject/qdict.h"
#include "qom/field-props.h"
#include "qom/object_interfaces.h"
#include "system/hostmem.h"

/* A stand-in for the migration object with the compat'ed properties. */
typedef struct TestMigration {
    Object parent_obj;
    bool clean_tls;
    bool switchover_start;
    ZeroPageDetection zero_page;
    bool flush_each_section;
    bool preempt_pre_7_2;
} TestMigration;

static const Property test_migration_props[] = {
    DEFINE_PROP_BOOL("multifd-clean-tls-termination", TestMigration,
                     clean_tls, true),
    DEFINE_PROP_BOOL("send-switchover-start", TestMigration,
                     switchover_start, true),
    DEFINE_PROP_ENUM("zero-page-detection", TestMigration, zero_page,
                     ZERO_PAGE_DETECTION_MULTIFD, ZeroPageDetection),
    DEFINE_PROP_BOOL("multifd-flush-after-each-section", TestMigration,
                     flush_each_section, false),
    DEFINE_PROP_BOOL("x-preempt-pre-7-2", TestMigration, preempt_pre_7_2,
                     false),
};

static void test_migration_class_init(ObjectClass *oc, const void *data)
{
    object_class_add_field_props(oc, test_migration_props);
}

static const TypeInfo test_migration_info = {
    .name = "migration",
    .instance_size = sizeof(TestMigration),
    .class_init = test_migration_class_init,
};

static void check_error(Error *err, const char *expected)
{
    g_assert_nonnull(err);
    g_assert_cmpstr(error_get_pretty(err), ==, expected);
    error_free(err);
}

static void test_lookup(void)
{
    MachineClass *mc;

    mc = find_machine_class("q35");
    g_assert_nonnull(mc);
    g_assert_cmpstr(mc->name, ==, "pc-q35-10.2");
    g_assert_cmpstr(object_class_get_name(OBJECT_CLASS(mc)), ==,
                    "pc-q35-10.2-machine");
    g_assert_true(find_machine_class("pc-q35-10.2") == mc);
    mc = find_machine_class("pc");
    g_assert_cmpstr(mc->name, ==, "pc-i440fx-10.2");
    g_assert_true(find_default_machine_class() == mc);
    g_assert_true(mc->is_default);

    g_assert_nonnull(find_machine_class("pc-i440fx-7.2"));
    g_assert_nonnull(find_machine_class("pc-q35-8.1"));
    g_assert_null(find_machine_class("pc-q35-7.1"));
    g_assert_null(find_machine_class("pc-q35-10.3"));
    g_assert_null(find_machine_class("bogus"));
    g_assert_null(find_machine_class(""));
    /* Abstract parents are not machines one can pick. */
    g_assert_null(find_machine_class("generic-pc"));

    mc = find_machine_class("none");
    g_assert_nonnull(mc);
    g_assert_cmpuint(mc->default_ram_size, ==, 0);
    g_assert_cmpstr(mc->default_ram_id, ==, "ram");

    mc = find_machine_class("pc-q35-8.2");
    g_assert_cmpint(mc->max_cpus, ==, 1024);
    g_assert_false(mc->deprecated);
    g_assert_cmpuint(mc->default_ram_size, ==, 128 * 1024 * 1024);
    g_assert_true(find_machine_class("pc-q35-7.2")->deprecated);
    g_assert_cmpint(find_machine_class("pc-q35-9.0")->max_cpus, ==, 4096);
    g_assert_cmpint(find_machine_class("pc-i440fx-9.0")->max_cpus, ==, 255);
}

static void test_class_list(void)
{
    GSList *list = machine_class_list(), *l;
    int n = 0;

    /* i440fx newest first, then q35, then none. */
    g_assert_cmpstr(((MachineClass *)list->data)->name, ==, "pc-i440fx-10.2");
    for (l = list; l; l = l->next) {
        n++;
        if (n == 10) {
            g_assert_cmpstr(((MachineClass *)l->data)->name, ==,
                            "pc-i440fx-7.2");
        }
        if (n == 11) {
            g_assert_cmpstr(((MachineClass *)l->data)->name, ==,
                            "pc-q35-10.2");
        }
        if (!l->next) {
            g_assert_cmpstr(((MachineClass *)l->data)->name, ==, "none");
        }
    }
    g_assert_cmpint(n, ==, 21);
    g_slist_free(list);
}

/* The migration object's values under machine @name plus -global @glob. */
static TestMigration *migration_for(const char *name, const char *glob)
{
    Object *obj;

    object_reset_globals();
    machine_register_compat_props(find_machine_class(name));
    if (glob) {
        qemu_global_option(glob, &error_abort);
    }
    obj = object_new("migration");
    object_apply_compat_props(obj, &error_abort);
    return (TestMigration *)obj;
}

static void test_compat_values(void)
{
    TestMigration *m;

    m = migration_for("pc-q35-8.2", NULL);
    g_assert_cmpint(m->zero_page, ==, ZERO_PAGE_DETECTION_LEGACY);
    g_assert_false(m->clean_tls);
    g_assert_false(m->switchover_start);
    g_assert_false(m->flush_each_section);
    g_assert_false(m->preempt_pre_7_2);
    object_unref(m);

    m = migration_for("pc-q35-9.0", NULL);
    g_assert_cmpint(m->zero_page, ==, ZERO_PAGE_DETECTION_MULTIFD);
    g_assert_false(m->clean_tls);
    g_assert_false(m->switchover_start);
    object_unref(m);

    m = migration_for("q35", NULL);
    g_assert_cmpint(m->zero_page, ==, ZERO_PAGE_DETECTION_MULTIFD);
    g_assert_true(m->clean_tls);
    g_assert_true(m->switchover_start);
    object_unref(m);

    m = migration_for("pc-i440fx-10.0", NULL);
    g_assert_true(m->switchover_start);
    object_unref(m);

    m = migration_for("pc-i440fx-8.0", NULL);
    g_assert_true(m->flush_each_section);
    g_assert_false(m->preempt_pre_7_2);
    g_assert_cmpint(m->zero_page, ==, ZERO_PAGE_DETECTION_LEGACY);
    object_unref(m);

    m = migration_for("pc-i440fx-7.2", NULL);
    g_assert_true(m->flush_each_section);
    g_assert_true(m->preempt_pre_7_2);
    object_unref(m);

    m = migration_for("none", NULL);
    g_assert_cmpint(m->zero_page, ==, ZERO_PAGE_DETECTION_MULTIFD);
    g_assert_true(m->switchover_start);
    object_unref(m);

    /* -global beats compat. */
    m = migration_for("pc-q35-8.2",
                      "migration.zero-page-detection=multifd");
    g_assert_cmpint(m->zero_page, ==, ZERO_PAGE_DETECTION_MULTIFD);
    g_assert_false(m->switchover_start);
    object_unref(m);
    m = migration_for("pc-q35-7.2", "migration.x-preempt-pre-7-2=off");
    g_assert_false(m->preempt_pre_7_2);
    g_assert_true(m->flush_each_section);
    object_unref(m);
    object_reset_globals();
}

/* Registration order: newer versions' arrays first, the machine's last. */
static void test_compat_order(void)
{
    MachineClass *mc = find_machine_class("pc-q35-8.2");
    GlobalProperty *expect[] = {
        hw_compat_10_1, hw_compat_10_0, hw_compat_9_2, hw_compat_9_1,
        hw_compat_9_0, hw_compat_8_2,
    };
    guint i;

    g_assert_cmpuint(mc->compat_props->len, ==, G_N_ELEMENTS(expect));
    for (i = 0; i < G_N_ELEMENTS(expect); i++) {
        GlobalPropArray *arr = g_ptr_array_index(mc->compat_props, i);

        g_assert_true(arr->props == expect[i]);
    }
    mc = find_machine_class("pc-i440fx-10.2");
    g_assert_true(!mc->compat_props || mc->compat_props->len == 0);
    g_assert_cmpuint(hw_compat_8_2_len, ==, 1);
    g_assert_cmpuint(hw_compat_9_2_len, ==, 2);
    g_assert_cmpuint(hw_compat_10_1_len, ==, 0);
}

static MachineInfo *find_info(MachineInfoList *list, const char *name)
{
    for (; list; list = list->next) {
        if (!strcmp(list->value->name, name)) {
            return list->value;
        }
    }
    return NULL;
}

static void test_query_machines(void)
{
    MachineInfoList *list = qmp_query_machines(false, false, &error_abort);
    MachineInfoList *l;
    MachineInfo *mi;
    CompatPropertyList *cp;
    int n = 0, defaults = 0;

    for (l = list; l; l = l->next) {
        n++;
        defaults += l->value->has_is_default;
        g_assert_false(l->value->has_compat_props);
    }
    g_assert_cmpint(n, ==, 21);
    g_assert_cmpint(defaults, ==, 1);

    mi = find_info(list, "pc-i440fx-10.2");
    g_assert_cmpstr(mi->alias, ==, "pc");
    g_assert_true(mi->has_is_default && mi->is_default);
    g_assert_cmpint(mi->cpu_max, ==, 255);
    g_assert_true(mi->hotpluggable_cpus);
    g_assert_false(mi->numa_mem_supported);
    g_assert_false(mi->deprecated);
    g_assert_cmpstr(mi->default_cpu_type, ==, "qemu64-x86_64-cpu");
    g_assert_cmpstr(mi->default_ram_id, ==, "pc.ram");
    g_assert_true(mi->acpi);

    mi = find_info(list, "pc-q35-10.2");
    g_assert_cmpstr(mi->alias, ==, "q35");
    g_assert_false(mi->has_is_default);
    g_assert_cmpint(mi->cpu_max, ==, 4096);
    mi = find_info(list, "pc-q35-7.2");
    g_assert_null(mi->alias);
    g_assert_true(mi->deprecated);
    g_assert_cmpint(mi->cpu_max, ==, 1024);

    mi = find_info(list, "none");
    g_assert_cmpint(mi->cpu_max, ==, 1);
    g_assert_false(mi->hotpluggable_cpus);
    g_assert_null(mi->default_cpu_type);
    g_assert_cmpstr(mi->default_ram_id, ==, "ram");
    g_assert_false(mi->acpi);
    g_assert_null(find_info(list, "q35"));
    qapi_free_MachineInfoList(list);

    /* With compat-props: the migration entries, oldest array last. */
    list = qmp_query_machines(true, true, &error_abort);
    mi = find_info(list, "pc-q35-8.2");
    g_assert_true(mi->has_compat_props);
    n = 0;
    for (cp = mi->compat_props; cp; cp = cp->next) {
        n++;
        g_assert_cmpstr(cp->value->qom_type, ==, "migration");
        if (!cp->next) {
            g_assert_cmpstr(cp->value->property, ==, "zero-page-detection");
            g_assert_cmpstr(cp->value->value, ==, "legacy");
        }
    }
    g_assert_cmpint(n, ==, 3);
    mi = find_info(list, "pc-q35-10.2");
    g_assert_true(mi->has_compat_props);
    g_assert_null(mi->compat_props);
    qapi_free_MachineInfoList(list);
}

/* Build machine @name with -machine @opts and -m @ram (0: none). */
static MachineState *build(const char *name, QDict *opts, uint64_t ram,
                           Error **errp)
{
    MachineState *ms = machine_create(find_machine_class(name), opts, errp);

    if (!ms) {
        return NULL;
    }
    if (ram) {
        machine_set_ram_size(ms, ram);
    }
    if (!machine_run_init(ms, errp)) {
        object_unref(ms);
        return NULL;
    }
    return ms;
}

static void teardown(MachineState *ms)
{
    Object *be = ms ? ms->ram_backend : NULL;

    if (ms) {
        object_unref(ms);
    }
    if (be) {
        object_unparent(be);
    }
    g_assert_null(ram_list_head);
    g_assert_null(current_machine);
}

static void test_init_none(void)
{
    MachineState *ms;
    uint8_t b = 0;

    /* No -m: no RAM at all, as QEMU's none machine. */
    ms = build("none", NULL, 0, &error_abort);
    g_assert_null(ms->ram);
    g_assert_null(ram_list_head);
    teardown(ms);

    ms = build("none", NULL, 64 << 20, &error_abort);
    g_assert_true(current_machine == ms);
    g_assert_cmpstr(ms->ram->idstr, ==, "ram");
    g_assert_cmphex(ms->ram->gpa, ==, 0);
    g_assert_cmpuint(ms->ram->used_length, ==, 64 << 20);
    /* The default RAM is a backend /objects/ram, in use. */
    g_assert_nonnull(object_resolve_path("/objects/ram", NULL));
    address_space_write((64 << 20) - 1, "\x5a", 1);
    address_space_read((64 << 20) - 1, &b, 1);
    g_assert_cmpuint(b, ==, 0x5a);
    address_space_read(64 << 20, &b, 1);
    g_assert_cmpuint(b, ==, 0xff);
    g_assert_false(user_creatable_del("ram", NULL));
    teardown(ms);
}

static void test_init_pc_split(void)
{
    MachineState *ms;
    uint64_t GiB = 1ULL << 30;
    uint8_t b = 0;
    QDict *opts;

    /*
     * q35, 3 GiB: 2 GiB low, 1 GiB at 4 GiB.  Big sizes use a backend
     * with reserve=off so that the host does not account the memory.
     */
    user_creatable_add_opts_str("memory-backend-ram,id=big,size=3G,"
                                "reserve=off", &error_abort);
    opts = qdict_new();
    qdict_put_str(opts, "memory-backend", "big");
    ms = build("q35", opts, 0, &error_abort);
    g_assert_cmpstr(ms->ram->idstr, ==, "big");
    g_assert_cmpuint(ms->ram->nr_windows, ==, 2);
    g_assert_cmphex(ms->ram->windows[0].gpa, ==, 0);
    g_assert_cmphex(ms->ram->windows[0].len, ==, 2 * GiB);
    g_assert_cmphex(ms->ram->windows[1].gpa, ==, 4 * GiB);
    g_assert_cmphex(ms->ram->windows[1].offset, ==, 2 * GiB);
    g_assert_cmphex(ms->ram->windows[1].len, ==, GiB);
    address_space_write(4 * GiB + 7, "\x33", 1);
    g_assert_cmpuint(ms->ram->host[2 * GiB + 7], ==, 0x33);
    address_space_read(3 * GiB, &b, 1);
    g_assert_cmpuint(b, ==, 0xff);
    teardown(ms);

    /* i440fx, 3.5 GiB: 3 GiB low, 512 MiB high. */
    user_creatable_add_opts_str("memory-backend-ram,id=big,size=3584M,"
                                "reserve=off", &error_abort);
    ms = build("pc", opts, 0, &error_abort);
    qobject_unref(opts);
    g_assert_cmpuint(ms->ram->nr_windows, ==, 2);
    g_assert_cmphex(ms->ram->windows[0].len, ==, 3 * GiB);
    g_assert_cmphex(ms->ram->windows[1].len, ==, GiB / 2);
    teardown(ms);

    /* i440fx below 3.5 GiB and q35 below 2.75 GiB: one window each. */
    ms = build("pc-i440fx-8.2", NULL, 256 << 20, &error_abort);
    g_assert_cmpuint(ms->ram->nr_windows, ==, 1);
    g_assert_cmphex(ms->ram->windows[0].len, ==, 256 << 20);
    teardown(ms);

    /* max-ram-below-4g=64M on q35 with 128 MiB. */
    opts = qdict_new();
    qdict_put_str(opts, "max-ram-below-4g", "64M");
    ms = build("pc-q35-9.2", opts, 128 << 20, &error_abort);
    qobject_unref(opts);
    g_assert_cmphex(ms->ram->windows[0].len, ==, 64 << 20);
    g_assert_cmphex(ms->ram->windows[1].gpa, ==, 4 * GiB);
    g_assert_cmphex(ms->ram->windows[1].len, ==, 64 << 20);
    teardown(ms);

    /* No -m: the 128 MiB default. */
    ms = build("q35", NULL, 0, &error_abort);
    g_assert_cmpuint(ms->ram->used_length, ==, 128 << 20);
    teardown(ms);
}

static void test_init_memdev(void)
{
    MachineState *ms;
    Error *err = NULL;
    QDict *opts = qdict_new();

    user_creatable_add_opts_str("memory-backend-ram,id=mem,size=32M",
                                &error_abort);
    qdict_put_str(opts, "memory-backend", "mem");

    /* Without -m the backend sets the size; the block keeps its id. */
    ms = build("none", opts, 0, &error_abort);
    g_assert_cmpuint(ms->ram_size, ==, 32 << 20);
    g_assert_cmpstr(ms->ram->idstr, ==, "mem");
    g_assert_false(user_creatable_del("mem", &err));
    check_error(err, "object 'mem' is in use, can not be deleted");
    err = NULL;
    /* A second machine cannot take it again. */
    g_assert_null(build("none", opts, 0, &err));
    check_error(err, "memory backend mem can't be used multiple times.");
    err = NULL;
    teardown(ms);

    user_creatable_add_opts_str("memory-backend-ram,id=mem,size=32M",
                                &error_abort);
    g_assert_null(build("q35", opts, 64 << 20, &err));
    check_error(err, "Machine memory size does not match the size of the "
                "memory backend");
    err = NULL;
    ms = build("q35", opts, 32 << 20, &error_abort);
    g_assert_cmpstr(ms->ram->idstr, ==, "mem");
    teardown(ms);

    qdict_put_str(opts, "memory-backend", "nope");
    g_assert_null(build("none", opts, 0, &err));
    check_error(err, "Memory backend 'nope' not found");
    err = NULL;
    qobject_unref(opts);

    /* The default RAM id is reserved. */
    user_creatable_add_opts_str("memory-backend-ram,id=pc.ram,size=1M",
                                &error_abort);
    g_assert_null(build("pc", NULL, 0, &err));
    check_error(err, "object's id 'pc.ram' is reserved for the default RAM "
                "backend, it can't be used for any other purposes");
    user_creatable_del("pc.ram", &error_abort);
    g_assert_null(ram_list_head);
}

static void test_machine_props(void)
{
    MachineClass *mc = find_machine_class("q35");
    MachineState *ms;
    Error *err = NULL;
    QDict *opts = qdict_new();

    /* What libvirt passes. */
    qdict_put_str(opts, "type", "q35");
    qdict_put_str(opts, "accel", "kvm");
    qdict_put_str(opts, "usb", "off");
    qdict_put_str(opts, "dump-guest-core", "off");
    qdict_put_str(opts, "mem-merge", "off");
    qdict_put_str(opts, "hpet", "off");
    qdict_put_str(opts, "acpi", "on");
    qdict_put_str(opts, "smm", "on");
    qdict_put_str(opts, "vmport", "off");
    ms = machine_create(mc, opts, &error_abort);
    qobject_unref(opts);
    g_assert_cmpstr(ms->accel, ==, "kvm");
    g_assert_false(ms->dump_guest_core);
    g_assert_false(ms->mem_merge);
    /* Backends created now default to the machine's dump/merge. */
    {
        Object *be = user_creatable_add_opts_str(
            "memory-backend-ram,id=m,size=64K", &error_abort);

        g_assert_false(object_property_get_bool(be, "dump", &error_abort));
        g_assert_false(object_property_get_bool(be, "merge", &error_abort));
        user_creatable_del("m", &error_abort);
    }
    object_unref(ms);

    opts = qdict_new();
    qdict_put_str(opts, "no-such-option", "1");
    g_assert_null(machine_create(mc, opts, &err));
    check_error(err, "Property 'pc-q35-10.2-machine.no-such-option' not "
                "found");
    err = NULL;
    qobject_unref(opts);

    opts = qdict_new();
    qdict_put_str(opts, "usb", "maybe");
    g_assert_null(machine_create(mc, opts, &err));
    g_assert_nonnull(err);
    error_free(err);
    err = NULL;
    qobject_unref(opts);

    opts = qdict_new();
    qdict_put_str(opts, "max-ram-below-4g", "5G");
    g_assert_null(machine_create(mc, opts, &err));
    check_error(err, "Machine option 'max-ram-below-4g=5368709120' expects "
                "size less than or equal to 4G");
    err = NULL;
    qobject_unref(opts);

    /* x86 options are not on the none machine. */
    opts = qdict_new();
    qdict_put_str(opts, "hpet", "off");
    g_assert_null(machine_create(find_machine_class("none"), opts, &err));
    check_error(err, "Property 'none-machine.hpet' not found");
    qobject_unref(opts);
    g_assert_null(current_machine);
}

int main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    machine_register_types();
    type_register_static(&test_migration_info);

    g_test_add_func("/machine/class/lookup", test_lookup);
    g_test_add_func("/machine/class/list", test_class_list);
    g_test_add_func("/machine/compat/values", test_compat_values);
    g_test_add_func("/machine/compat/order", test_compat_order);
    g_test_add_func("/machine/qmp/query-machines", test_query_machines);
    g_test_add_func("/machine/init/none", test_init_none);
    g_test_add_func("/machine/init/pc-split", test_init_pc_split);
    g_test_add_func("/machine/init/memory-backend", test_init_memdev);
    g_test_add_func("/machine/props", test_machine_props);
    return g_test_run();
}
