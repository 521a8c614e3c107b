/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Versioned machine types and their migration compat properties, seen
 * from outside: zero-page-detection per machine (QMP and HMP), -global
 * beating the machine's compat value, the migration entries in
 * query-machines' compat-props (pc-q35-8.0's multifd flush, which has no
 * other observable yet), and the shape of query-machines.  These are
 * QEMU 10.2 behaviours (pc-q35-9.0 does not exist in 7.2): suite 'qtest'
 * only.  No CPU is needed: accel qtest.
 */
#include "qemu/osdep.h"
#include "libqtest.h"

static char *zero_page_detection(const char *args)
{
    QTestState *s = qtest_init(args);
    g_autoptr(QObject) ret = qtest_qmp_assert_success_ref(
        s, "{'execute': 'query-migrate-parameters'}");
    char *value = g_strdup(qdict_get_str(qobject_to(QDict, ret),
                                         "zero-page-detection"));
    g_autofree char *hmp = qtest_hmp(s, "info migrate_parameters");
    g_autofree char *line = g_strdup_printf("\r\nzero-page-detection: %s\r\n",
                                            value);

    /* HMP shows the same value. */
    g_assert_nonnull(strstr(hmp, line));
    qtest_quit(s);
    return value;
}

static void check_zpd(const char *args, const char *expect)
{
    g_autofree char *value = zero_page_detection(args);

    g_assert_cmpstr(value, ==, expect);
}

static void test_zero_page_detection(void)
{
    check_zpd("-M pc-q35-8.2", "legacy");
    check_zpd("-M pc-i440fx-8.1", "legacy");
    check_zpd("-M pc-q35-9.0", "multifd");
    check_zpd("-M q35", "multifd");
    check_zpd("-M pc", "multifd");
    check_zpd("-M none", "multifd");
}

static void test_global_wins(void)
{
    check_zpd("-M pc-q35-8.2 -global migration.zero-page-detection=none",
              "none");
    check_zpd("-M q35 -global migration.zero-page-detection=legacy",
              "legacy");
}

static QList *query_machines(QTestState *s, bool compat_props)
{
    QObject *ret = compat_props
        ? qtest_qmp_assert_success_ref(s, "{'execute': 'query-machines',"
                                       " 'arguments': {'compat-props': true}}")
        : qtest_qmp_assert_success_ref(s, "{'execute': 'query-machines'}");

    return qobject_to(QList, ret);
}

static QDict *find_machine(QList *list, const char *name)
{
    const QListEntry *e;

    QLIST_FOREACH_ENTRY(list, e) {
        QDict *m = qobject_to(QDict, qlist_entry_obj(e));

        if (!strcmp(qdict_get_str(m, "name"), name)) {
            return m;
        }
    }
    return NULL;
}

/* The value of compat property migration.@prop of @m, or NULL. */
static const char *migration_compat(QDict *m, const char *prop)
{
    QList *props = qdict_get_qlist(m, "compat-props");
    const QListEntry *e;

    g_assert_nonnull(props);
    QLIST_FOREACH_ENTRY(props, e) {
        QDict *p = qobject_to(QDict, qlist_entry_obj(e));

        if (!strcmp(qdict_get_str(p, "qom-type"), "migration") &&
            !strcmp(qdict_get_str(p, "property"), prop)) {
            return qdict_get_str(p, "value");
        }
    }
    return NULL;
}

static void test_compat_props(void)
{
    QTestState *s = qtest_init("-M none");
    g_autoptr(QList) list = query_machines(s, true);
    QDict *m80 = find_machine(list, "pc-q35-8.0");
    QDict *m81 = find_machine(list, "pc-q35-8.1");
    QDict *m82 = find_machine(list, "pc-q35-8.2");
    QDict *m92 = find_machine(list, "pc-q35-9.2");
    QDict *m100 = find_machine(list, "pc-q35-10.0");

    g_assert_nonnull(m80);
    g_assert_nonnull(m81);
    g_assert_nonnull(m82);
    g_assert_nonnull(m92);
    g_assert_nonnull(m100);
    /* hw_compat_8_0: the legacy multifd flush, for <= 8.0 only. */
    g_assert_cmpstr(migration_compat(m80, "multifd-flush-after-each-section"),
                    ==, "on");
    g_assert_null(migration_compat(m81, "multifd-flush-after-each-section"));
    /* hw_compat_8_2 applies to 8.0 too (all newer arrays are added). */
    g_assert_cmpstr(migration_compat(m80, "zero-page-detection"), ==,
                    "legacy");
    g_assert_cmpstr(migration_compat(m82, "zero-page-detection"), ==,
                    "legacy");
    g_assert_null(migration_compat(m92, "zero-page-detection"));
    /* hw_compat_9_2 for <= 9.2. */
    g_assert_cmpstr(migration_compat(m92, "send-switchover-start"), ==,
                    "off");
    g_assert_cmpstr(migration_compat(m92, "multifd-clean-tls-termination"),
                    ==, "false");
    g_assert_null(migration_compat(m100, "send-switchover-start"));
    qtest_quit(s);
}

static void test_machines_shape(void)
{
    QTestState *s = qtest_init("-M none");
    g_autoptr(QList) list = query_machines(s, false);
    QDict *pc = find_machine(list, "pc-i440fx-10.2");
    QDict *q35 = find_machine(list, "pc-q35-10.2");
    QDict *none = find_machine(list, "none");
    const QListEntry *e;
    int defaults = 0;

    g_assert_nonnull(pc);
    g_assert_nonnull(q35);
    g_assert_nonnull(none);
    g_assert_cmpstr(qdict_get_try_str(pc, "alias"), ==, "pc");
    g_assert_true(qdict_get_bool(pc, "is-default"));
    g_assert_cmpstr(qdict_get_try_str(q35, "alias"), ==, "q35");
    g_assert_false(qdict_haskey(q35, "is-default"));
    g_assert_cmpint(qdict_get_int(q35, "cpu-max"), ==, 4096);
    g_assert_cmpint(qdict_get_int(pc, "cpu-max"), ==, 255);
    g_assert_cmpstr(qdict_get_try_str(pc, "default-ram-id"), ==, "pc.ram");
    g_assert_false(qdict_get_bool(pc, "deprecated"));
    g_assert_true(qdict_get_bool(find_machine(list, "pc-q35-7.2"),
                                 "deprecated"));
    QLIST_FOREACH_ENTRY(list, e) {
        QDict *m = qobject_to(QDict, qlist_entry_obj(e));

        /* Without the argument there is no compat-props member. */
        g_assert_false(qdict_haskey(m, "compat-props"));
        defaults += qdict_haskey(m, "is-default");
    }
    g_assert_cmpint(defaults, ==, 1);
    qtest_quit(s);
}

int main(int argc, char **argv)
{
    qtest_qemu_binary();
    g_test_init(&argc, &argv, NULL);

    qtest_add_func_since("/machine/compat/zero-page-detection", 10, 2,
                         test_zero_page_detection);
    qtest_add_func_since("/machine/compat/global-wins", 10, 2,
                         test_global_wins);
    qtest_add_func_since("/machine/compat/props", 10, 2, test_compat_props);
    qtest_add_func_since("/machine/query-machines", 10, 2,
                         test_machines_shape);
    return g_test_run();
}
