/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Unit tests for the object model: types, properties, tree, object-add, globals. */
#include "qemu/osdep.h"
#include "qapi/error.h"
#include "qobject/qbool.h"
#include "qobject/qdict.h"
#include "qobject/qjson.h"
#include "qobject/qlist.h"
#include "qobject/qnum.h"
#include "qobject/qstring.h"
#include "qom/field-props.h"
#include "qom/globals.h"
#include "qom/object.h"
#include "qom/object_interfaces.h"

#include "qom-test-types.h"

/* Expect @err to be set with @msg, and free it. */
static void assert_error(Error **err, const char *msg)
{
    g_assert_nonnull(*err);
    g_assert_cmpstr(error_get_pretty(*err), ==, msg);
    error_free(*err);
    *err = NULL;
}

/*
 * Types and classes
 */

static void test_type_class_init_order(void)
{
    ObjectClass *oc;

    /* nothing is initialised before first use */
    g_assert_cmpstr(class_log->str, ==, "");
    oc = object_class_by_name(TYPE_TEST_SUB);
    g_assert_nonnull(oc);
    g_assert_cmpstr(class_log->str, ==, "base,derived,sub,");
    /* once only */
    object_class_by_name(TYPE_TEST_SUB);
    object_class_by_name(TYPE_TEST_DERIVED);
    g_assert_cmpstr(class_log->str, ==, "base,derived,sub,");
    /* base_init ran for base's subtypes, not for base itself */
    g_assert_cmpint(((TestBaseClass *)oc)->base_inits, ==, 2);
    oc = object_class_by_name(TYPE_TEST_BASE);
    g_assert_cmpint(((TestBaseClass *)oc)->base_inits, ==, 0);
}

static void test_type_cast(void)
{
    ObjectClass *base = object_class_by_name(TYPE_TEST_BASE);
    ObjectClass *derived = object_class_by_name(TYPE_TEST_DERIVED);
    ObjectClass *sub = object_class_by_name(TYPE_TEST_SUB);
    Object *obj;

    g_assert_null(object_class_by_name("no-such-type"));
    g_assert_true(object_class_is_abstract(base));
    g_assert_false(object_class_is_abstract(derived));
    g_assert_cmpstr(object_class_get_name(sub), ==, TYPE_TEST_SUB);
    g_assert(object_class_get_parent(sub) == derived);
    g_assert(object_class_get_parent(base) ==
             object_class_by_name(TYPE_OBJECT));
    g_assert_null(object_class_get_parent(object_class_by_name(TYPE_OBJECT)));

    g_assert(object_class_dynamic_cast(sub, TYPE_TEST_BASE) == sub);
    g_assert(object_class_dynamic_cast(sub, TYPE_OBJECT) == sub);
    g_assert_null(object_class_dynamic_cast(base, TYPE_TEST_DERIVED));
    g_assert_null(object_class_dynamic_cast(sub, TYPE_TEST_DEV));
    g_assert_null(object_class_dynamic_cast(sub, "no-such-type"));

    /* inherited method and override */
    g_assert_cmpint(((TestBaseClass *)derived)->op(), ==, 2);
    g_assert_cmpint(((TestBaseClass *)sub)->op(), ==, 2);
    g_assert_cmpint(((TestBaseClass *)base)->op(), ==, 1);

    obj = object_new(TYPE_TEST_SUB);
    g_assert_cmpstr(object_get_typename(obj), ==, TYPE_TEST_SUB);
    g_assert(object_get_class(obj) == sub);
    g_assert(object_dynamic_cast(obj, TYPE_TEST_BASE) == obj);
    g_assert(object_dynamic_cast(obj, TYPE_TEST_IFACE) == obj);
    g_assert_null(object_dynamic_cast(obj, TYPE_TEST_DEV));
    g_assert_null(object_dynamic_cast(obj, TYPE_CONTAINER));
    object_unref(obj);
}

static void test_type_interface(void)
{
    ObjectClass *derived = object_class_by_name(TYPE_TEST_DERIVED);
    ObjectClass *sub = object_class_by_name(TYPE_TEST_SUB);
    ObjectClass *base = object_class_by_name(TYPE_TEST_BASE);
    TestIfaceClass *dic, *sic;

    dic = (TestIfaceClass *)object_class_dynamic_cast(derived,
                                                      TYPE_TEST_IFACE);
    sic = (TestIfaceClass *)object_class_dynamic_cast(sub, TYPE_TEST_IFACE);
    g_assert_nonnull(dic);
    g_assert_nonnull(sic);
    g_assert(dic != sic);
    g_assert(dic->parent_class.concrete_class == derived);
    g_assert(sic->parent_class.concrete_class == sub);
    g_assert_cmpstr(dic->hello(), ==, "derived");
    g_assert_cmpstr(sic->hello(), ==, "sub");
    /* casting to the interface root works too */
    g_assert(object_class_dynamic_cast(sub, TYPE_INTERFACE) ==
             (ObjectClass *)sic);
    g_assert_null(object_class_dynamic_cast(base, TYPE_TEST_IFACE));
    g_assert_null(object_class_dynamic_cast(derived, TYPE_USER_CREATABLE));
    g_assert_nonnull(object_class_dynamic_cast(
                         object_class_by_name(TYPE_TEST_DEV_SUB),
                         TYPE_USER_CREATABLE));
}

static bool class_list_has(GSList *list, const char *name)
{
    for (; list; list = list->next) {
        if (!strcmp(object_class_get_name(list->data), name)) {
            return true;
        }
    }
    return false;
}

static void test_type_list(void)
{
    GSList *list = object_class_get_list(TYPE_TEST_BASE, false);

    g_assert_cmpuint(g_slist_length(list), ==, 2);
    g_assert_cmpstr(object_class_get_name(list->data), ==, TYPE_TEST_DERIVED);
    g_assert_cmpstr(object_class_get_name(list->next->data), ==,
                    TYPE_TEST_SUB);
    g_slist_free(list);

    list = object_class_get_list(TYPE_TEST_BASE, true);
    g_assert_cmpuint(g_slist_length(list), ==, 3);
    g_slist_free(list);

    list = object_class_get_list(TYPE_USER_CREATABLE, false);
    g_assert_true(class_list_has(list, TYPE_TEST_DEV));
    g_assert_true(class_list_has(list, TYPE_TEST_DEV_SUB));
    g_assert_false(class_list_has(list, TYPE_TEST_DERIVED));
    g_slist_free(list);

    list = object_class_get_list(NULL, true);
    g_assert_true(class_list_has(list, TYPE_OBJECT));
    g_assert_true(class_list_has(list, TYPE_CONTAINER));
    g_assert_true(class_list_has(list, TYPE_USER_CREATABLE));
    g_slist_free(list);
}

/*
 * Object lifetime
 */

static void test_object_finalize(void)
{
    Object *obj;

    g_string_truncate(life_log, 0);
    finalize_count = 0;
    obj = object_new(TYPE_TEST_SUB);
    g_assert_cmpstr(life_log->str, ==, "init-base,init-derived,");
    object_ref(obj);
    object_unref(obj);
    g_assert_cmpint(finalize_count, ==, 0);
    object_unref(obj);
    g_assert_cmpint(finalize_count, ==, 1);
    g_assert_cmpstr(life_log->str, ==,
                    "init-base,init-derived,fin-derived,fin-base,");
}

static void test_object_tree_refs(void)
{
    Object *parent = object_new(TYPE_CONTAINER);
    Object *child = object_new(TYPE_TEST_DERIVED);
    Object *grandchild = object_new(TYPE_TEST_DERIVED);

    finalize_count = 0;
    object_property_add_child(parent, "child", child);
    object_property_add_child(child, "gc", grandchild);
    object_unref(child);
    object_unref(grandchild);
    g_assert_cmpint(finalize_count, ==, 0);
    g_assert(object_resolve_path_component(parent, "child") == child);
    /* the parent's last reference takes the whole subtree */
    object_unref(parent);
    g_assert_cmpint(finalize_count, ==, 2);
}

/*
 * Properties
 */

static void test_prop_defaults(void)
{
    Object *obj = object_new(TYPE_TEST_DEV);
    g_autofree char *str = NULL;
    g_autoptr(QObject) qobj = NULL;

    g_assert_true(object_property_get_bool(obj, "flag", &error_abort));
    g_assert_cmpuint(object_property_get_uint(obj, "u8", &error_abort), ==,
                     18);
    g_assert_cmpuint(object_property_get_uint(obj, "u16", &error_abort), ==,
                     1000);
    g_assert_cmpuint(object_property_get_uint(obj, "u32", &error_abort), ==,
                     20000);
    g_assert_cmpuint(object_property_get_uint(obj, "u64", &error_abort), ==,
                     300);
    g_assert_cmpint(object_property_get_int(obj, "i64", &error_abort), ==,
                    -5);
    g_assert_cmpuint(object_property_get_uint(obj, "size", &error_abort), ==,
                     134217728);
    /* an unset string reads as "" */
    str = object_property_get_str(obj, "str", &error_abort);
    g_assert_cmpstr(str, ==, "");
    g_free(str);
    str = object_property_get_str(obj, "mode", &error_abort);
    g_assert_cmpstr(str, ==, "normal");
    qobj = object_property_get(obj, "flag", &error_abort);
    g_assert_cmpint(qobject_type(qobj), ==, QTYPE_QBOOL);
    object_unref(obj);
}

static void test_prop_set_qobject(void)
{
    Object *obj = object_new(TYPE_TEST_DEV);
    TestDev *d = (TestDev *)obj;
    Error *err = NULL;
    g_autoptr(QObject) v = NULL;
    g_autofree char *str = NULL;

    object_property_set_bool(obj, "flag", false, &error_abort);
    g_assert_false(d->flag);
    object_property_set_uint(obj, "u8", 255, &error_abort);
    g_assert_cmpuint(d->u8, ==, 255);
    object_property_set_uint(obj, "u16", 65535, &error_abort);
    object_property_set_uint(obj, "u32", 4294967295u, &error_abort);
    g_assert_cmpuint(d->u32, ==, 4294967295u);
    object_property_set_uint(obj, "u64", UINT64_MAX, &error_abort);
    g_assert_cmpuint(d->u64, ==, UINT64_MAX);
    object_property_set_int(obj, "i64", INT64_MIN, &error_abort);
    g_assert_cmpint(d->i64, ==, INT64_MIN);
    object_property_set_uint(obj, "size", 4096, &error_abort);
    g_assert_cmpuint(d->size, ==, 4096);
    object_property_set_str(obj, "str", "creds0", &error_abort);
    g_assert_cmpstr(d->str, ==, "creds0");
    object_property_set_str(obj, "str", "creds1", &error_abort);
    str = object_property_get_str(obj, "str", &error_abort);
    g_assert_cmpstr(str, ==, "creds1");
    object_property_set_str(obj, "mode", "legacy", &error_abort);
    g_assert_cmpint(d->mode, ==, TEST_MODE_LEGACY);

    /* QMP's negative-wraps rule for unsigned 64-bit */
    object_property_set_int(obj, "u64", -1, &error_abort);
    g_assert_cmpuint(d->u64, ==, UINT64_MAX);

    /* range errors */
    object_property_set_uint(obj, "u8", 256, &err);
    assert_error(&err, "Parameter 'u8' expects uint8_t");
    g_assert_cmpuint(d->u8, ==, 255);
    object_property_set_uint(obj, "u16", 65536, &err);
    assert_error(&err, "Parameter 'u16' expects uint16_t");
    object_property_set_uint(obj, "u32", 4294967296u, &err);
    assert_error(&err, "Parameter 'u32' expects uint32_t");
    object_property_set_uint(obj, "i64", UINT64_MAX, &err);
    assert_error(&err, "Invalid parameter type for 'i64', expected: integer");

    /* type errors */
    /* as in QEMU, every unsigned type reports a non-number as "uint64" */
    object_property_set_str(obj, "u8", "1", &err);
    assert_error(&err, "Parameter 'u8' expects uint64");
    object_property_set_str(obj, "i64", "1", &err);
    assert_error(&err, "Invalid parameter type for 'i64', expected: integer");
    object_property_set_str(obj, "u64", "1", &err);
    assert_error(&err, "Parameter 'u64' expects uint64");
    object_property_set_int(obj, "flag", 1, &err);
    assert_error(&err, "Invalid parameter type for 'flag', expected: boolean");
    object_property_set_bool(obj, "str", true, &err);
    assert_error(&err, "Invalid parameter type for 'str', expected: string");
    object_property_set_int(obj, "mode", 1, &err);
    assert_error(&err, "Invalid parameter type for 'mode', expected: string");
    object_property_set_str(obj, "mode", "turbo", &err);
    assert_error(&err, "Parameter 'mode' does not accept value 'turbo'");
    v = qobject_from_json("1.5", &error_abort);
    object_property_set(obj, "u8", v, &err);
    assert_error(&err, "Parameter 'u8' expects uint64");

    /* unknown property */
    object_property_set_bool(obj, "nope", true, &err);
    assert_error(&err, "Property 'test-dev.nope' not found");
    g_assert_null(object_property_get(obj, "nope", &err));
    assert_error(&err, "Property 'test-dev.nope' not found");
    g_assert_null(object_property_find(obj, "nope"));

    /* typed getter on the wrong type */
    object_property_get_bool(obj, "u8", &err);
    assert_error(&err, "Invalid parameter type for 'u8', expected: boolean");
    object_property_get_int(obj, "str", &err);
    assert_error(&err, "Invalid parameter type for 'str', expected: int");
    object_property_get_uint(obj, "i64", &err);
    assert_error(&err, "Invalid parameter type for 'i64', expected: uint");
    g_assert_null(object_property_get_str(obj, "flag", &err));
    assert_error(&err, "Invalid parameter type for 'flag', expected: string");
    object_unref(obj);
}

static void test_prop_parse(void)
{
    Object *obj = object_new(TYPE_TEST_DEV_SUB);
    TestDev *d = (TestDev *)obj;
    Error *err = NULL;
    static const struct {
        const char *str;
        bool val;
    } bools[] = {
        { "on", true }, { "off", false }, { "yes", true }, { "no", false },
        { "true", true }, { "false", false },
    };
    static const struct {
        const char *str;
        uint64_t val;
    } sizes[] = {
        { "0", 0 }, { "4096", 4096 }, { "1k", 1024 }, { "1K", 1024 },
        { "64M", 64 << 20 }, { "1.5G", 3ull << 29 }, { "2T", 2ull << 40 },
        { "0x1000", 4096 },
    };

    for (size_t i = 0; i < ARRAY_SIZE(bools); i++) {
        object_property_parse(obj, "flag", bools[i].str, &error_abort);
        g_assert_cmpint(d->flag, ==, bools[i].val);
    }
    for (size_t i = 0; i < ARRAY_SIZE(sizes); i++) {
        object_property_parse(obj, "size", sizes[i].str, &error_abort);
        g_assert_cmpuint(d->size, ==, sizes[i].val);
    }
    object_property_parse(obj, "u8", "0x1f", &error_abort);
    g_assert_cmpuint(d->u8, ==, 31);
    object_property_parse(obj, "u32", "4294967295", &error_abort);
    g_assert_cmpuint(d->u32, ==, 4294967295u);
    object_property_parse(obj, "u64", "18446744073709551615", &error_abort);
    g_assert_cmpuint(d->u64, ==, UINT64_MAX);
    object_property_parse(obj, "i64", "-42", &error_abort);
    g_assert_cmpint(d->i64, ==, -42);
    object_property_parse(obj, "mode", "fast", &error_abort);
    g_assert_cmpint(d->mode, ==, TEST_MODE_FAST);
    object_property_parse(obj, "str", "a,b", &error_abort);
    g_assert_cmpstr(d->str, ==, "a,b");

    object_property_parse(obj, "flag", "maybe", &err);
    assert_error(&err, "Parameter 'flag' expects 'on' or 'off'");
    object_property_parse(obj, "u8", "256", &err);
    assert_error(&err, "Parameter 'u8' expects uint8_t");
    object_property_parse(obj, "u16", "70000", &err);
    assert_error(&err, "Parameter 'u16' expects uint16_t");
    object_property_parse(obj, "u32", "4294967296", &err);
    assert_error(&err, "Parameter 'u32' expects uint32_t");
    object_property_parse(obj, "u8", "ten", &err);
    assert_error(&err, "Parameter 'u8' expects an uint64 value or range");
    object_property_parse(obj, "i64", "1x", &err);
    assert_error(&err, "Parameter 'i64' expects an int64 value or range");
    object_property_parse(obj, "size", "1Q", &err);
    assert_error(&err, "Parameter 'size' expects size");
    object_property_parse(obj, "size", "-1", &err);
    assert_error(&err, "Parameter 'size' expects size");
    object_property_parse(obj, "mode", "turbo", &err);
    assert_error(&err, "Parameter 'mode' does not accept value 'turbo'");
    object_property_parse(obj, "nope", "1", &err);
    assert_error(&err, "Property 'test-dev-sub.nope' not found");
    g_assert_cmpint(d->mode, ==, TEST_MODE_FAST);
    object_unref(obj);
}

static bool cb_value;

static bool cb_get_bool(Object *obj, Error **errp)
{
    return cb_value;
}

static bool cb_set_bool(Object *obj, bool value, Error **errp)
{
    cb_value = value;
    return true;
}

static char *cb_get_str(Object *obj, Error **errp)
{
    return g_strdup(cb_value ? "yes" : "no");
}

static void test_prop_callbacks(void)
{
    Object *obj = object_new(TYPE_TEST_DERIVED);
    Error *err = NULL;
    g_autofree char *str = NULL;
    ObjectProperty *prop;

    object_property_add_bool(obj, "cb", cb_get_bool, cb_set_bool);
    prop = object_property_add_str(obj, "ro", cb_get_str, NULL);
    g_assert_cmpstr(prop->type, ==, "string");
    object_property_add_bool(obj, "wo", NULL, cb_set_bool);

    object_property_parse(obj, "cb", "on", &error_abort);
    g_assert_true(object_property_get_bool(obj, "cb", &error_abort));
    str = object_property_get_str(obj, "ro", &error_abort);
    g_assert_cmpstr(str, ==, "yes");
    object_property_set_str(obj, "ro", "x", &err);
    assert_error(&err, "Property 'test-derived.ro' is not writable");
    object_property_get(obj, "wo", &err);
    assert_error(&err, "Property 'test-derived.wo' is not readable");
    object_property_set_bool(obj, "wo", false, &error_abort);
    g_assert_false(cb_value);

    /* duplicates are refused */
    g_assert_null(object_property_try_add(obj, "cb", NULL, &qapi_type_bool,
                                          NULL, NULL, NULL, NULL, &err));
    assert_error(&err, "attempt to add duplicate property 'cb' to object "
                 "(type 'test-derived')");
    g_assert_true(object_property_del(obj, "cb"));
    g_assert_false(object_property_del(obj, "cb"));
    object_unref(obj);
}

/* The qom-list entry named @name in @list. */
static QDict *find_info(QList *list, const char *name)
{
    for (const QListEntry *e = qlist_first(list); e; e = qlist_next(e)) {
        QDict *info = qobject_to(QDict, qlist_entry_obj(e));

        if (!strcmp(qdict_get_str(info, "name"), name)) {
            return info;
        }
    }
    return NULL;
}

static void check_info(QList *list, const char *name, const char *type,
                       const char *defval_json)
{
    QDict *info = find_info(list, name);
    QObject *def;
    g_autoptr(GString) json = NULL;

    g_assert_nonnull(info);
    g_assert_cmpstr(qdict_get_str(info, "type"), ==, type);
    def = qdict_get(info, "default-value");
    if (!defval_json) {
        g_assert_null(def);
        return;
    }
    g_assert_nonnull(def);
    json = qobject_to_json(def);
    g_assert_cmpstr(json->str, ==, defval_json);
}

static void test_prop_list(void)
{
    Object *obj = object_new(TYPE_TEST_DEV_SUB);
    g_autoptr(QList) list = object_property_info_list(obj);
    g_autofree char *typename = NULL;
    QDict *info;
    ObjectPropertyIterator iter;
    ObjectProperty *prop;
    int n = 0;

    /* the table, "peer", and every object's read-only "type" */
    g_assert_cmpuint(qlist_size(list), ==, ARRAY_SIZE(test_dev_props) + 2);
    check_info(list, "type", "string", NULL);
    check_info(list, "flag", "bool", "true");
    check_info(list, "u8", "uint8", "18");
    check_info(list, "u16", "uint16", "1000");
    check_info(list, "u32", "uint32", "20000");
    check_info(list, "u64", "uint64", "300");
    check_info(list, "i64", "int64", "-5");
    check_info(list, "size", "size", "134217728");
    check_info(list, "str", "str", NULL);
    check_info(list, "mode", "TestMode", "\"normal\"");
    check_info(list, "peer", "link<test-dev>", NULL);
    info = find_info(list, "described");
    g_assert_cmpstr(qdict_get_str(info, "description"), ==,
                    "Keep the object in use");
    g_assert_false(qdict_haskey(find_info(list, "flag"), "description"));

    /*
     * class properties first, the root's "type" then the table in order,
     * then the object's own
     */
    object_property_iter_init(&iter, obj);
    prop = object_property_iter_next(&iter);
    g_assert_cmpstr(prop->name, ==, "type");
    prop = object_property_iter_next(&iter);
    g_assert_cmpstr(prop->name, ==, "flag");
    for (; prop; prop = object_property_iter_next(&iter)) {
        n++;
    }
    /* counted from "flag": the table and "peer" */
    g_assert_cmpint(n, ==, ARRAY_SIZE(test_dev_props) + 1);

    /* class-only iteration (qom-list-properties) leaves out "peer" */
    object_class_property_iter_init(&iter, object_get_class(obj));
    for (n = 0; (prop = object_property_iter_next(&iter)); n++) {
        g_assert_cmpstr(prop->name, !=, "peer");
    }
    g_assert_cmpint(n, ==, ARRAY_SIZE(test_dev_props) + 1);
    typename = object_property_get_str(obj, "type", &error_abort);
    g_assert_cmpstr(typename, ==, TYPE_TEST_DEV_SUB);
    g_assert_nonnull(object_class_property_find(
                         object_class_by_name(TYPE_TEST_DEV_SUB), "mode"));
    object_unref(obj);
}

/*
 * Tree, paths, children and links
 */

static void test_tree_paths(void)
{
    Object *root = object_get_root();
    Object *a = object_get_container(root, "qom-test-a");
    Object *b = object_get_container(root, "qom-test-b");
    Object *x1 = object_new(TYPE_TEST_DERIVED);
    Object *x2 = object_new(TYPE_TEST_SUB);
    Object *x3;
    Error *err = NULL;
    g_autofree char *path = NULL;
    g_autofree char *type = NULL;
    bool ambiguous;

    object_property_add_child(a, "x", x1);
    object_property_add_child(b, "x", x2);
    object_unref(x1);
    object_unref(x2);
    g_assert(object_get_container(root, "qom-test-a") == a);

    path = object_get_canonical_path(x1);
    g_assert_cmpstr(path, ==, "/qom-test-a/x");
    g_free(path);
    path = object_get_canonical_path(root);
    g_assert_cmpstr(path, ==, "/");
    g_assert_cmpstr(object_get_canonical_path_component(x2), ==, "x");
    g_assert_null(object_get_canonical_path_component(root));

    g_assert(object_resolve_path("/qom-test-a/x", NULL) == x1);
    g_assert(object_resolve_path("/", NULL) == root);
    g_assert_null(object_resolve_path("/qom-test-a/y", NULL));
    g_assert(object_resolve_path("qom-test-b/x", &ambiguous) == x2);
    g_assert_false(ambiguous);
    g_assert_null(object_resolve_path("x", &ambiguous));
    g_assert_true(ambiguous);
    g_assert(object_resolve_path_type("x", TYPE_TEST_SUB, &ambiguous) == x2);
    g_assert_false(ambiguous);
    g_assert_null(object_resolve_path_type("/qom-test-a/x", TYPE_TEST_SUB,
                                           NULL));
    g_assert_null(object_resolve_path("nothing-here", &ambiguous));
    g_assert_false(ambiguous);

    /* child<T> reads as the child's path and cannot be written */
    type = object_property_get_str(a, "x", &error_abort);
    g_assert_cmpstr(type, ==, "/qom-test-a/x");
    g_assert_cmpstr(object_property_find(a, "x")->type, ==,
                    "child<test-derived>");
    object_property_set_str(a, "x", "/", &err);
    assert_error(&err, "Property 'container.x' is not writable");

    /* an object cannot have two parents; names are unique */
    x3 = object_new(TYPE_CONTAINER);
    g_assert_false(object_property_try_add_child(a, "x", x3, &err));
    assert_error(&err, "attempt to add duplicate property 'x' to object "
                 "(type 'container')");
    object_unref(x3);

    object_unparent(x1);
    g_assert_null(object_resolve_path("/qom-test-a/x", NULL));
    g_assert(object_resolve_path("x", NULL) == x2);
    object_unparent(a);
    object_unparent(b);
}

static void test_tree_links(void)
{
    Object *a = object_new(TYPE_TEST_DEV);
    Object *b = object_new(TYPE_TEST_DEV);
    Object *other = object_new(TYPE_TEST_DERIVED);
    Object *holder = object_get_container(object_get_root(), "qom-test-l");
    Error *err = NULL;
    g_autofree char *path = NULL;

    object_property_add_child(holder, "a", a);
    object_property_add_child(holder, "b", b);
    object_property_add_child(holder, "other", other);
    object_unref(b);
    object_unref(other);

    path = object_property_get_str(a, "peer", &error_abort);
    g_assert_cmpstr(path, ==, "");
    object_property_set_str(a, "peer", "/qom-test-l/b", &error_abort);
    g_assert(((TestDev *)a)->peer == b);
    g_free(path);
    path = object_property_get_str(a, "peer", &error_abort);
    g_assert_cmpstr(path, ==, "/qom-test-l/b");
    /* links are followed by path resolution */
    g_assert(object_resolve_path("/qom-test-l/a/peer", NULL) == b);

    object_property_set_str(a, "peer", "/qom-test-l/nothing", &err);
    g_assert_cmpint(error_get_class(err), ==, ERROR_CLASS_DEVICE_NOT_FOUND);
    assert_error(&err, "Device '/qom-test-l/nothing' not found");
    object_property_set_str(a, "peer", "/qom-test-l/other", &err);
    assert_error(&err, "Invalid parameter type for 'peer', expected: "
                 "test-dev");
    g_assert(((TestDev *)a)->peer == b);

    /* the link holds a reference: b survives unparenting */
    finalize_count = 0;
    object_unparent(b);
    g_assert_cmpint(finalize_count, ==, 0);
    object_property_parse(a, "peer", "", &error_abort);
    g_assert_null(((TestDev *)a)->peer);
    g_assert_cmpint(finalize_count, ==, 1);

    object_unparent(a);
    object_unref(a);
    object_unparent(holder);
}

/*
 * object-add, -object and object-del
 */

static void check_add_error(const char *json, const char *msg)
{
    g_autoptr(QObject) args = qobject_from_json(json, &error_abort);
    Error *err = NULL;

    g_assert_null(user_creatable_add_qdict(qobject_to(QDict, args), &err));
    assert_error(&err, msg);
}

static void test_object_add(void)
{
    g_autoptr(QObject) args = NULL;
    Object *obj;
    TestDev *d;
    Error *err = NULL;

    args = qobject_from_json("{'qom-type': 'test-dev', 'id': 'dev0', "
                             "'u8': 7, 'mode': 'fast', 'str': 'hello', "
                             "'size': 4096}", &error_abort);
    obj = user_creatable_add_qdict(qobject_to(QDict, args), &error_abort);
    d = (TestDev *)obj;
    g_assert_true(d->completed);
    g_assert_cmpuint(d->u8, ==, 7);
    g_assert_cmpint(d->mode, ==, TEST_MODE_FAST);
    g_assert_cmpstr(d->str, ==, "hello");
    g_assert(object_resolve_path("/objects/dev0", NULL) == obj);
    g_assert(object_resolve_path("dev0", NULL) == obj);
    g_assert(object_get_objects_root() ==
             object_resolve_path("/objects", NULL));

    check_add_error("{'qom-type': 'test-dev', 'id': 'dev0'}",
                    "attempt to add duplicate property 'dev0' to object "
                    "(type 'container')");
    check_add_error("{'id': 'x'}", "Parameter 'qom-type' is missing");
    check_add_error("{'qom-type': 'test-dev'}", "Parameter 'id' is missing");
    check_add_error("{'qom-type': 1, 'id': 'x'}",
                    "Invalid parameter type for 'qom-type', expected: "
                    "string");
    check_add_error("{'qom-type': 'no-such', 'id': 'x'}",
                    "Parameter 'qom-type' does not accept value "
                    "'no-such'");
    check_add_error("{'qom-type': 'test-derived', 'id': 'x'}",
                    "Parameter 'qom-type' does not accept value "
                    "'test-derived'");
    /* An interface type has no instances: an error, not an abort. */
    check_add_error("{'qom-type': 'user-creatable', 'id': 'x'}",
                    "object type 'user-creatable' is abstract");
    check_add_error("{'qom-type': 'test-dev', 'id': '1x'}",
                    "Parameter 'id' expects an identifier");
    check_add_error("{'qom-type': 'test-dev', 'id': 'a/b'}",
                    "Parameter 'id' expects an identifier");
    check_add_error("{'qom-type': 'test-dev', 'id': 'x', 'bogus': 1}",
                    "Property 'test-dev.bogus' not found");
    check_add_error("{'qom-type': 'test-dev', 'id': 'x', 'u8': 300}",
                    "Parameter 'u8' expects uint8_t");
    check_add_error("{'qom-type': 'test-dev', 'id': 'x', 'u8': '3'}",
                    "Parameter 'u8' expects uint64");
    check_add_error("{'qom-type': 'test-dev', 'id': 'x', "
                    "'fail-complete': true}",
                    "test-dev: refusing to complete");
    /* nothing of the failed attempts is left behind */
    g_assert_null(object_resolve_path("/objects/x", NULL));

    /* object-del */
    object_property_set_bool(obj, "described", true, &error_abort);
    g_assert_false(user_creatable_del("dev0", &err));
    assert_error(&err, "object 'dev0' is in use, can not be deleted");
    object_property_set_bool(obj, "described", false, &error_abort);
    finalize_count = 0;
    g_assert_true(user_creatable_del("dev0", &error_abort));
    g_assert_cmpint(finalize_count, ==, 1);
    g_assert_false(user_creatable_del("dev0", &err));
    assert_error(&err, "object 'dev0' not found");
}

static void test_object_add_opts(void)
{
    Object *obj;
    TestDev *d;
    Error *err = NULL;

    obj = user_creatable_add_opts_str("test-dev-sub,id=opt0,u8=9,size=2M,"
                                      "flag=off,str=a,,b,mode=legacy",
                                      &error_abort);
    d = (TestDev *)obj;
    g_assert_cmpstr(object_get_typename(obj), ==, TYPE_TEST_DEV_SUB);
    g_assert_cmpuint(d->u8, ==, 9);
    g_assert_cmpuint(d->size, ==, 2 << 20);
    g_assert_false(d->flag);
    g_assert_cmpstr(d->str, ==, "a,b");
    g_assert_cmpint(d->mode, ==, TEST_MODE_LEGACY);
    g_assert_true(d->completed);

    g_assert_null(user_creatable_add_opts_str("test-dev,id=opt1,u8=1k",
                                              &err));
    assert_error(&err, "Parameter 'u8' expects an uint64 value or range");
    g_assert_null(user_creatable_add_opts_str("test-dev,id=opt1,flag",
                                              &err));
    assert_error(&err, "Expected '=' after parameter 'flag'");
    g_assert_true(user_creatable_del("opt0", &error_abort));
}

static void test_object_new_with_props(void)
{
    Object *parent = object_get_container(object_get_root(), "qom-test-n");
    Object *obj;
    Error *err = NULL;

    obj = object_new_with_props(TYPE_TEST_DEV, parent, "n0", &error_abort,
                                "u16", "12", "mode", "fast", NULL);
    g_assert_cmpuint(((TestDev *)obj)->u16, ==, 12);
    g_assert_true(((TestDev *)obj)->completed);
    g_assert(object_resolve_path("/qom-test-n/n0", NULL) == obj);
    object_unref(obj);

    g_assert_null(object_new_with_props(TYPE_TEST_DEV, parent, "n1", &err,
                                        "u16", "x", NULL));
    assert_error(&err, "Parameter 'u16' expects an uint64 value or range");
    g_assert_null(object_new_with_props(TYPE_TEST_DEV, parent, "n1", &err,
                                        "fail-complete", "on", NULL));
    assert_error(&err, "test-dev: refusing to complete");
    g_assert_null(object_resolve_path("/qom-test-n/n1", NULL));
    g_assert_null(object_new_with_props(TYPE_TEST_BASE, NULL, NULL, &err,
                                        NULL));
    assert_error(&err, "object type 'test-base' is abstract");
    object_unparent(parent);
}

/*
 * -global and compat properties
 */

static GlobalProperty compat_newer[] = {
    { TYPE_TEST_DEV, "u8", "30" },
    { TYPE_TEST_DEV, "mode", "fast" },
};

static GlobalProperty compat_older[] = {
    { TYPE_TEST_DEV, "mode", "legacy" },
    { TYPE_TEST_DEV, "gone-in-this-build", "on", .optional = true },
    { TYPE_TEST_DERIVED, "u8", "1" },       /* other type: not applied */
};

static void test_globals_order(void)
{
    Object *obj;
    TestDev *d;

    object_reset_globals();
    /* a machine registers the newest array first, its own last */
    object_register_compat_props(compat_newer, ARRAY_SIZE(compat_newer));
    object_register_compat_props(compat_older, ARRAY_SIZE(compat_older));
    g_assert_true(qemu_global_option("test-dev.u8=40", &error_abort));
    g_assert_true(qemu_global_option("driver=test-dev,property=size,"
                                     "value=1M", &error_abort));

    obj = object_new(TYPE_TEST_DEV_SUB);
    d = (TestDev *)obj;
    /* object_new() alone applies nothing */
    g_assert_cmpuint(d->u8, ==, 18);
    object_apply_compat_props(obj, &error_abort);
    g_assert_cmpuint(d->u8, ==, 40);             /* -global beats compat */
    g_assert_cmpint(d->mode, ==, TEST_MODE_LEGACY);  /* older array wins */
    g_assert_cmpuint(d->size, ==, 1 << 20);
    g_assert_true(compat_newer[0].used);
    g_assert_false(compat_older[1].used);
    g_assert_false(compat_older[2].used);
    g_assert_true(qdev_prop_check_globals());
    object_unref(obj);

    /* user-created objects get them too, before their own properties */
    obj = user_creatable_add_opts_str("test-dev,id=glob0,size=2M",
                                      &error_abort);
    g_assert_cmpuint(((TestDev *)obj)->u8, ==, 40);
    g_assert_cmpuint(((TestDev *)obj)->size, ==, 2 << 20);
    user_creatable_del("glob0", &error_abort);
    object_reset_globals();
}

static void test_globals_errors(void)
{
    Object *obj = object_new(TYPE_TEST_DEV);
    Error *err = NULL;

    object_reset_globals();
    g_assert_false(qemu_global_option("test-dev", &err));
    assert_error(&err, "-global: expected 'driver.property=value', got "
                 "'test-dev'");
    g_assert_true(qemu_global_option("test-dev.nope=1", &error_abort));
    g_assert_false(object_apply_compat_props(obj, &err));
    assert_error(&err, "can't apply global test-dev.nope=1: Property "
                 "'test-dev.nope' not found");

    object_reset_globals();
    qdev_add_global(TYPE_TEST_DEV, "u8", "big");
    g_assert_false(object_apply_compat_props(obj, &err));
    assert_error(&err, "can't apply global test-dev.u8=big: Parameter 'u8' "
                 "expects an uint64 value or range");

    /* unused -global entries are reported */
    object_reset_globals();
    qdev_add_global("no-such-driver", "x", "1");
    qdev_add_global(TYPE_TEST_SUB, "x", "1");
    g_assert_false(qdev_prop_check_globals());
    object_reset_globals();
    object_unref(obj);
}

int main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    class_log = g_string_new("");
    life_log = g_string_new("");
    module_call_init();

    g_test_add_func("/qom/type/class-init-order",
                    test_type_class_init_order);
    g_test_add_func("/qom/type/cast", test_type_cast);
    g_test_add_func("/qom/type/interface", test_type_interface);
    g_test_add_func("/qom/type/list", test_type_list);
    g_test_add_func("/qom/object/finalize", test_object_finalize);
    g_test_add_func("/qom/object/tree-refs", test_object_tree_refs);
    g_test_add_func("/qom/prop/defaults", test_prop_defaults);
    g_test_add_func("/qom/prop/set-qobject", test_prop_set_qobject);
    g_test_add_func("/qom/prop/parse", test_prop_parse);
    g_test_add_func("/qom/prop/callbacks", test_prop_callbacks);
    g_test_add_func("/qom/prop/list", test_prop_list);
    g_test_add_func("/qom/tree/paths", test_tree_paths);
    g_test_add_func("/qom/tree/links", test_tree_links);
    g_test_add_func("/qom/object-add/qdict", test_object_add);
    g_test_add_func("/qom/object-add/opts", test_object_add_opts);
    g_test_add_func("/qom/object/new-with-props",
                    test_object_new_with_props);
    g_test_add_func("/qom/globals/order", test_globals_order);
    g_test_add_func("/qom/globals/errors", test_globals_errors);
    return g_test_run();
}
