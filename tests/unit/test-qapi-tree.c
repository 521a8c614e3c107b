/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Unit tests of the code generated from the tree's own schema
 * (qapi/qapi-schema.json): introspection facts libvirt relies on and
 * QMP argument errors with member paths.
 */
#include "qemu/osdep.h"
#include "qapi/error.h"
#include "qapi/qapi-conv-migration.h"
#include "qapi/qapi-introspect.h"
#include "qobject/qdict.h"
#include "qobject/qjson.h"
#include "qobject/qlist.h"

static QDict *find_entry(QList *schema, const char *name)
{
    const QListEntry *e;

    QLIST_FOREACH_ENTRY(schema, e) {
        QDict *d = qobject_to(QDict, qlist_entry_obj(e));

        if (!strcmp(qdict_get_str(d, "name"), name)) {
            return d;
        }
    }
    return NULL;
}

static bool has_member(QDict *obj, const char *name)
{
    const QListEntry *e;

    QLIST_FOREACH_ENTRY(qdict_get_qlist(obj, "members"), e) {
        QDict *m = qobject_to(QDict, qlist_entry_obj(e));

        if (!strcmp(qdict_get_str(m, "name"), name)) {
            return true;
        }
    }
    return false;
}

static void test_tree_introspect(void)
{
    g_autoptr(QObject) obj = qmp_schema_qobject();
    QList *schema = qobject_to(QList, obj);
    QDict *cmd, *ret;

    g_assert_nonnull(schema);
    cmd = find_entry(schema, "query-migrate");
    g_assert_nonnull(cmd);
    g_assert_cmpstr(qdict_get_str(cmd, "meta-type"), ==, "command");
    ret = find_entry(schema, qdict_get_str(cmd, "ret-type"));
    g_assert_nonnull(ret);
    g_assert_true(has_member(ret, "status"));
    g_assert_nonnull(find_entry(schema, "MIGRATION"));
    g_assert_nonnull(find_entry(schema, "qmp_capabilities"));
}

static void test_tree_capability_errors(void)
{
    g_autoptr(QObject) in = qobject_from_json(
        "[{'capability': 'events', 'state': true},"
        " {'capability': 'xbzrle', 'state': 'yes'}]", &error_abort);
    g_autoptr(QObject) in2 = qobject_from_json(
        "[{'capability': 'no-such', 'state': true}]", &error_abort);
    MigrationCapabilityStatusList *list = NULL;
    Error *err = NULL;

    g_assert_false(qapi_from_qobject(&qapi_type_MigrationCapabilityStatusList,
                                     in, &list, &err));
    g_assert_cmpstr(error_get_pretty(err), ==,
                    "Invalid parameter type for '[1].state', expected: "
                    "boolean");
    error_free(err);
    err = NULL;
    g_assert_false(qapi_from_qobject(&qapi_type_MigrationCapabilityStatusList,
                                     in2, &list, &err));
    g_assert_cmpstr(error_get_pretty(err), ==,
                    "Parameter 'capability' does not accept value 'no-such'");
    error_free(err);
    g_assert_null(list);
}

int main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    g_test_add_func("/qapi/tree/introspect", test_tree_introspect);
    g_test_add_func("/qapi/tree/capability-errors",
                    test_tree_capability_errors);
    return g_test_run();
}
