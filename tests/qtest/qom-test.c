/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * QOM over QMP: qom-list of /objects, qom-get/qom-set on objects created
 * by -object and object-add, object-del, qom-list-types, and the error
 * classes and texts of each.  QEMU 7.2 shares every expectation here.
 */
#include "qemu/osdep.h"
#include "qobject/qnum.h"
#include "qobject/qstring.h"
#include "libqtest.h"

static QTestState *start(void)
{
    return qtest_init(qtest_peer_at_least(10, 0)
                      ? "-M none -object memory-backend-ram,id=m0,size=4M"
                      : "-M none -S -object memory-backend-ram,id=m0,"
                        "size=4M");
}

/* The entry called @name in a list of {name, type...}, or NULL. */
static QDict *find_name(QList *list, const char *key, const char *name)
{
    const QListEntry *e;

    QLIST_FOREACH_ENTRY(list, e) {
        QDict *d = qobject_to(QDict, qlist_entry_obj(e));

        if (!g_strcmp0(qdict_get_try_str(d, key), name)) {
            return d;
        }
    }
    return NULL;
}

static void test_list_objects(void)
{
    QTestState *s = start();
    g_autoptr(QObject) ret = qtest_qmp_assert_success_ref(
        s, "{'execute': 'qom-list', 'arguments': {'path': '/objects'}}");
    QList *props = qobject_to(QList, ret);
    QDict *m0 = find_name(props, "name", "m0");

    g_assert_nonnull(m0);
    g_assert_cmpstr(qdict_get_str(m0, "type"), ==,
                    "child<memory-backend-ram>");
    /* Every object has its read-only "type" property. */
    g_assert_nonnull(find_name(props, "name", "type"));
    qtest_qmp_expect_error(s, "DeviceNotFound", "Device '/nope' not found",
                           "{'execute': 'qom-list',"
                           " 'arguments': {'path': '/nope'}}");
    qtest_quit(s);
}

static int64_t qom_get_int(QTestState *s, const char *path, const char *prop)
{
    g_autoptr(QObject) ret = qtest_qmp_assert_success_ref(
        s, "{'execute': 'qom-get', 'arguments': {'path': %s,"
        " 'property': %s}}", path, prop);

    return qnum_get_int(qobject_to(QNum, ret));
}

static void test_get_set(void)
{
    QTestState *s = start();
    g_autoptr(QObject) ret = NULL;

    g_assert_cmpint(qom_get_int(s, "/objects/m0", "size"), ==, 4 << 20);
    ret = qtest_qmp_assert_success_ref(
        s, "{'execute': 'qom-get', 'arguments': {'path': '/objects/m0',"
        " 'property': 'type'}}");
    g_assert_cmpstr(qstring_get_str(qobject_to(QString, ret)), ==,
                    "memory-backend-ram");

    /* A user-created object, set and read back, then deleted. */
    qtest_qmp_assert_success(s, "{'execute': 'object-add', 'arguments':"
                             " {'qom-type': 'memory-backend-ram',"
                             " 'id': 'm1', 'size': 1048576}}");
    g_assert_cmpint(qom_get_int(s, "/objects/m1", "size"), ==, 1 << 20);
    qtest_qmp_expect_error(s, "GenericError",
                           "Invalid parameter type for 'prealloc', "
                           "expected: boolean",
                           "{'execute': 'qom-set', 'arguments':"
                           " {'path': '/objects/m1', 'property': 'prealloc',"
                           " 'value': 'x'}}");
    /* Once the backend exists its size is fixed. */
    qtest_qmp_expect_error(s, "GenericError",
                           "cannot change property size of "
                           "memory-backend-ram ",
                           "{'execute': 'qom-set', 'arguments':"
                           " {'path': '/objects/m1', 'property': 'size',"
                           " 'value': 8}}");
    qtest_qmp_expect_error(s, "GenericError",
                           "attempt to add duplicate property 'm1' to "
                           "object (type 'container')",
                           "{'execute': 'object-add', 'arguments':"
                           " {'qom-type': 'memory-backend-ram',"
                           " 'id': 'm1', 'size': 1048576}}");
    qtest_qmp_assert_success(s, "{'execute': 'object-del',"
                             " 'arguments': {'id': 'm1'}}");
    qtest_qmp_expect_error(s, "GenericError", "object 'm1' not found",
                           "{'execute': 'object-del',"
                           " 'arguments': {'id': 'm1'}}");
    qtest_qmp_expect_error(s, "DeviceNotFound",
                           "Device '/objects/m1' not found",
                           "{'execute': 'qom-get', 'arguments':"
                           " {'path': '/objects/m1', 'property': 'size'}}");
    qtest_quit(s);
}

static void test_errors(void)
{
    QTestState *s = start();

    qtest_qmp_expect_error(s, "DeviceNotFound", "Device '/nope' not found",
                           "{'execute': 'qom-get', 'arguments':"
                           " {'path': '/nope', 'property': 'size'}}");
    qtest_qmp_expect_error(s, "GenericError",
                           "Property 'memory-backend-ram.nope' not found",
                           "{'execute': 'qom-get', 'arguments':"
                           " {'path': '/objects/m0', 'property': 'nope'}}");
    qtest_qmp_expect_error(s, "DeviceNotFound", "Device '/nope' not found",
                           "{'execute': 'qom-set', 'arguments':"
                           " {'path': '/nope', 'property': 'x',"
                           " 'value': 1}}");
    /* ObjectType is a QAPI enum: unknown types fail argument checks. */
    qtest_qmp_expect_error(s, "GenericError",
                           "Parameter 'qom-type' does not accept value "
                           "'nope'",
                           "{'execute': 'object-add', 'arguments':"
                           " {'qom-type': 'nope', 'id': 'x'}}");
    qtest_qmp_expect_error(s, "GenericError", "Parameter 'id' is missing",
                           "{'execute': 'object-add', 'arguments':"
                           " {'qom-type': 'memory-backend-ram',"
                           " 'size': 4096}}");
    qtest_quit(s);
}

static void test_list_types(void)
{
    static const char *const backends[] = {
        "memory-backend-ram", "memory-backend-file", "memory-backend-memfd",
    };
    QTestState *s = start();
    g_autoptr(QObject) ret = qtest_qmp_assert_success_ref(
        s, "{'execute': 'qom-list-types',"
        " 'arguments': {'implements': 'memory-backend'}}");
    QList *types = qobject_to(QList, ret);

    for (size_t i = 0; i < ARRAY_SIZE(backends); i++) {
        QDict *t = find_name(types, "name", backends[i]);

        g_assert_nonnull(t);
        g_assert_cmpstr(qdict_get_str(t, "parent"), ==, "memory-backend");
    }
    g_assert_null(find_name(types, "name", "memory-backend"));
    qobject_unref(ret);
    ret = qtest_qmp_assert_success_ref(
        s, "{'execute': 'qom-list-types',"
        " 'arguments': {'implements': 'memory-backend', 'abstract': true}}");
    g_assert_nonnull(find_name(qobject_to(QList, ret), "name",
                               "memory-backend"));
    qtest_quit(s);
}

int main(int argc, char **argv)
{
    qtest_qemu_binary();
    g_test_init(&argc, &argv, NULL);

    g_test_add_func("/qom/list/objects", test_list_objects);
    g_test_add_func("/qom/get-set", test_get_set);
    g_test_add_func("/qom/errors", test_errors);
    g_test_add_func("/qom/list-types", test_list_types);
    return g_test_run();
}
