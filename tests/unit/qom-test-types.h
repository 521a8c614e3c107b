/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The QOM types test-qom.c exercises (class hierarchy, an interface and
 * a user-creatable object with a field property table), with the logs
 * their hooks write.  Included once, by tests/unit/test-qom.c.
 */
#ifndef TESTS_UNIT_QOM_TEST_TYPES_H
#define TESTS_UNIT_QOM_TEST_TYPES_H

#include "qom/field-props.h"
#include "qom/object.h"
#include "qom/object_interfaces.h"

/*
 * Test types:
 *   object <- test-base (abstract) <- test-derived <- test-sub
 *   interface <- test-iface, implemented by test-derived
 *   object <- test-dev: user-creatable, with a field property table
 */
#define TYPE_TEST_BASE "test-base"
#define TYPE_TEST_DERIVED "test-derived"
#define TYPE_TEST_SUB "test-sub"
#define TYPE_TEST_IFACE "test-iface"
#define TYPE_TEST_DEV "test-dev"
#define TYPE_TEST_DEV_SUB "test-dev-sub"

typedef struct TestBaseClass {
    ObjectClass parent_class;
    int (*op)(void);
    int base_inits;             /* class_base_init calls seen by this class */
} TestBaseClass;

typedef struct TestIfaceClass {
    InterfaceClass parent_class;
    const char *(*hello)(void);
} TestIfaceClass;

/* Per-run logs; the test thread only. */
static GString *class_log;
static GString *life_log;
static int finalize_count;

typedef struct TestBase {
    Object parent_obj;
    int init_depth;
} TestBase;

static int op_base(void)
{
    return 1;
}

static int op_derived(void)
{
    return 2;
}

static const char *hello_derived(void)
{
    return "derived";
}

static const char *hello_sub(void)
{
    return "sub";
}

static void base_class_init(ObjectClass *oc, const void *data)
{
    g_string_append(class_log, "base,");
    ((TestBaseClass *)oc)->op = op_base;
}

static void base_class_base_init(ObjectClass *oc, const void *data)
{
    ((TestBaseClass *)oc)->base_inits++;
}

static void derived_class_init(ObjectClass *oc, const void *data)
{
    TestIfaceClass *ic = OBJECT_CLASS_CHECK(TestIfaceClass, oc,
                                            TYPE_TEST_IFACE);

    g_string_append(class_log, "derived,");
    ((TestBaseClass *)oc)->op = op_derived;
    ic->hello = hello_derived;
}

static void sub_class_init(ObjectClass *oc, const void *data)
{
    TestIfaceClass *ic = OBJECT_CLASS_CHECK(TestIfaceClass, oc,
                                            TYPE_TEST_IFACE);

    g_string_append(class_log, "sub,");
    /* inherited from test-derived's copy of the interface class */
    g_assert(ic->hello == hello_derived);
    ic->hello = hello_sub;
}

static void base_init(Object *obj)
{
    g_string_append(life_log, "init-base,");
}

static void derived_init(Object *obj)
{
    g_string_append(life_log, "init-derived,");
}

static void base_finalize(Object *obj)
{
    g_string_append(life_log, "fin-base,");
    finalize_count++;
}

static void derived_finalize(Object *obj)
{
    g_string_append(life_log, "fin-derived,");
}

/*
 * test-dev: a user-creatable object with every kind of field property.
 */
typedef enum TestMode {
    TEST_MODE_NORMAL,
    TEST_MODE_FAST,
    TEST_MODE_LEGACY,
    TEST_MODE__MAX,
} TestMode;

static const char *const test_mode_names[] = { "normal", "fast", "legacy" };
static const QEnumLookup TestMode_lookup = {
    .array = test_mode_names,
    .size = TEST_MODE__MAX,
};

typedef struct TestDev {
    Object parent_obj;
    bool flag;
    bool fail_complete;
    uint8_t u8;
    uint16_t u16;
    uint32_t u32;
    uint64_t u64;
    int64_t i64;
    uint64_t size;
    char *str;
    TestMode mode;
    bool completed;
    bool busy;
    Object *peer;
} TestDev;

static const Property test_dev_props[] = {
    DEFINE_PROP_BOOL("flag", TestDev, flag, true),
    DEFINE_PROP_BOOL("fail-complete", TestDev, fail_complete, false),
    DEFINE_PROP_UINT8("u8", TestDev, u8, 18),
    DEFINE_PROP_UINT16("u16", TestDev, u16, 1000),
    DEFINE_PROP_UINT32("u32", TestDev, u32, 20000),
    DEFINE_PROP_UINT64("u64", TestDev, u64, 300),
    DEFINE_PROP_INT64("i64", TestDev, i64, -5),
    DEFINE_PROP_SIZE("size", TestDev, size, 134217728),
    DEFINE_PROP_STRING("str", TestDev, str),
    DEFINE_PROP_ENUM("mode", TestDev, mode, TEST_MODE_NORMAL, TestMode),
    {
        .name = "described",
        .info = &qapi_type_bool,
        .offset = offsetof(TestDev, busy),
        .set_default = true,
        .description = "Keep the object in use",
    },
};

static bool test_dev_complete(UserCreatable *uc, Error **errp)
{
    TestDev *d = (TestDev *)uc;

    if (d->fail_complete) {
        error_setg(errp, "test-dev: refusing to complete");
        return false;
    }
    d->completed = true;
    return true;
}

static bool test_dev_can_be_deleted(UserCreatable *uc)
{
    return !((TestDev *)uc)->busy;
}

static void test_dev_class_init(ObjectClass *oc, const void *data)
{
    UserCreatableClass *ucc = USER_CREATABLE_CLASS(oc);

    object_class_add_field_props(oc, test_dev_props);
    ucc->complete = test_dev_complete;
    ucc->can_be_deleted = test_dev_can_be_deleted;
}

static void test_dev_init(Object *obj)
{
    TestDev *d = (TestDev *)obj;

    /* defaults are in place before instance_init */
    g_assert_cmpuint(d->u8, ==, 18);
    object_property_add_link(obj, "peer", TYPE_TEST_DEV, &d->peer);
}

static void test_dev_finalize(Object *obj)
{
    finalize_count++;
}

static const TypeInfo test_types[] = {
    {
        .name = TYPE_TEST_IFACE,
        .parent = TYPE_INTERFACE,
        .class_size = sizeof(TestIfaceClass),
    },
    {
        .name = TYPE_TEST_BASE,
        .instance_size = sizeof(TestBase),
        .instance_init = base_init,
        .instance_finalize = base_finalize,
        .class_size = sizeof(TestBaseClass),
        .class_init = base_class_init,
        .class_base_init = base_class_base_init,
        .abstract = true,
    },
    {
        .name = TYPE_TEST_DERIVED,
        .parent = TYPE_TEST_BASE,
        .instance_init = derived_init,
        .instance_finalize = derived_finalize,
        .class_init = derived_class_init,
        .interfaces = (const InterfaceInfo[]) {
            { TYPE_TEST_IFACE },
            { NULL },
        },
    },
    {
        .name = TYPE_TEST_SUB,
        .parent = TYPE_TEST_DERIVED,
        .class_init = sub_class_init,
    },
    {
        .name = TYPE_TEST_DEV,
        .instance_size = sizeof(TestDev),
        .instance_init = test_dev_init,
        .instance_finalize = test_dev_finalize,
        .class_init = test_dev_class_init,
        .interfaces = (const InterfaceInfo[]) {
            { TYPE_USER_CREATABLE },
            { NULL },
        },
    },
    {
        .name = TYPE_TEST_DEV_SUB,
        .parent = TYPE_TEST_DEV,
    },
};

static void register_test_types(void)
{
    type_register_static_array(test_types, ARRAY_SIZE(test_types));
}

type_init(register_test_types)

#endif /* TESTS_UNIT_QOM_TEST_TYPES_H */
