/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * QMP end to end: greeting bytes, capabilities negotiation, envelope and
 * argument errors, id echo, out-of-band, events, introspection, two
 * monitors at once and quit.  Expectations QEMU 7.2 shares run against
 * it too (suite qtest-qemu72); version-dependent ones say so.
 */
#include "qemu/osdep.h"
#include <sys/wait.h>
#include "qapi/error.h"
#include "qobject/qjson.h"
#include "qobject/qstring.h"
#include "libqtest.h"

/* The machine every case runs: -M none has no CPU before 10.x's qtest. */
static const char *machine_args(void)
{
    return qtest_peer_at_least(10, 0) ? "-M none" : "-M pc -S";
}

static QTestState *start(const char *extra)
{
    g_autofree char *args = g_strdup_printf("%s %s", machine_args(),
                                            extra ? extra : "");

    return qtest_init(args);
}

/* Greeting bytes, read off a second QMP monitor with a raw socket. */
static void test_greeting_bytes(void)
{
    g_autofree char *path = qtest_tmp_path("qmp2.sock");
    g_autofree char *args = g_strdup_printf("-qmp unix:%s,server=on,"
                                            "wait=off", path);
    QTestState *s = start(args);
    int fd = qtest_socket_connect(path);
    g_autofree char *greeting = qtest_socket_read_until(fd, "\r\n");
    g_autofree char *expect_head = NULL;
    g_autoptr(QObject) obj = NULL;
    QDict *qmp, *version, *qemu;
    QList *caps;
    int major, minor, micro;

    qtest_peer_version(&major, &minor, &micro);
    /* One JSON text, compact, CRLF-terminated, version first. */
    expect_head = g_strdup_printf("{\"QMP\": {\"version\": {\"qemu\": "
                                  "{\"micro\": %d, \"minor\": %d, "
                                  "\"major\": %d}, \"package\": \"",
                                  micro, minor, major);
    g_assert_true(g_str_has_prefix(greeting, expect_head));
    g_assert_true(g_str_has_suffix(greeting,
                                   "\"}, \"capabilities\": [\"oob\"]}}\r\n"));
    g_assert_true(strchr(greeting, '\n') == greeting + strlen(greeting) - 1);

    obj = qobject_from_json(greeting, &error_abort);
    qmp = qdict_get_qdict(qobject_to(QDict, obj), "QMP");
    version = qdict_get_qdict(qmp, "version");
    qemu = qdict_get_qdict(version, "qemu");
    g_assert_cmpint(qdict_get_int(qemu, "major"), ==, major);
    g_assert_cmpint(qdict_get_int(qemu, "minor"), ==, minor);
    caps = qdict_get_qlist(qmp, "capabilities");
    g_assert_cmpint(qlist_size(caps), ==, 1);
    g_assert_cmpstr(qstring_get_str(qobject_to(QString, qlist_peek(caps))),
                    ==, "oob");

    /* A response is CRLF-framed too. */
    qtest_socket_write(fd, "{\"execute\": \"qmp_capabilities\"}");
    g_free(greeting);
    greeting = qtest_socket_read_until(fd, "\r\n");
    g_assert_cmpstr(greeting, ==, "{\"return\": {}}\r\n");
    close(fd);
    qtest_quit(s);
}

/* The tree's own version: 10.2 (QEMU 10.2 compatible). */
static void test_greeting_version(void)
{
    QTestState *s = start(NULL);
    QDict *qemu = qdict_get_qdict(qdict_get_qdict(
        qdict_get_qdict(qtest_qmp_greeting(s), "QMP"), "version"), "qemu");

    g_assert_cmpint(qdict_get_int(qemu, "major"), ==, 10);
    g_assert_cmpint(qdict_get_int(qemu, "minor"), ==, 2);
    qtest_quit(s);
}

static void test_negotiation(void)
{
    QTestState *s = qtest_init_without_qmp_handshake(machine_args());
    QDict *rsp;

    /* Anything but qmp_capabilities, known or not. */
    qtest_qmp_expect_error(s, "CommandNotFound",
                           "Expecting capabilities negotiation with "
                           "'qmp_capabilities'",
                           "{'execute': 'query-status'}");
    qtest_qmp_expect_error(s, "CommandNotFound",
                           "Expecting capabilities negotiation with "
                           "'qmp_capabilities'",
                           "{'execute': 'no-such-command'}");
    /* Bad capability names and unavailable ones. */
    qtest_qmp_expect_error(s, "GenericError",
                           "Parameter 'null' does not accept value 'foo'",
                           "{'execute': 'qmp_capabilities',"
                           " 'arguments': {'enable': ['foo']}}");
    /* Still negotiating: the failed attempts changed nothing. */
    rsp = qtest_qmp(s, "{'execute': 'qmp_capabilities', 'id': 1}");
    g_assert_true(qdict_haskey(rsp, "return"));
    g_assert_cmpint(qdict_get_int(rsp, "id"), ==, 1);
    qobject_unref(rsp);
    qtest_qmp_expect_error(s, "CommandNotFound",
                           "Capabilities negotiation is already complete, "
                           "command ignored",
                           "{'execute': 'qmp_capabilities'}");
    qtest_qmp_assert_success(s, "{'execute': 'query-status'}");
    qtest_quit(s);
}

/* Malformed input: each error, then the monitor still works. */
static void test_bad_input(void)
{
    QTestState *s = start(NULL);
    QDict *rsp;

    qtest_qmp_send_raw(s, "{\"execute\": }");
    qtest_assert_error(qtest_qmp_receive(s), "GenericError",
                       "JSON parse error, expecting value");
    qtest_qmp_send_raw(s, "[1]");
    qtest_assert_error(qtest_qmp_receive(s), "GenericError",
                       "QMP input must be a JSON object");
    qtest_qmp_send_raw(s, "{\"execute\": \"query-status\", \"foo\": 1}");
    qtest_assert_error(qtest_qmp_receive(s), "GenericError",
                       "QMP input member 'foo' is unexpected");
    qtest_qmp_send_raw(s, "{\"execute\": 42}");
    qtest_assert_error(qtest_qmp_receive(s), "GenericError",
                       "QMP input member 'execute' must be a string");
    qtest_qmp_send_raw(s, "{\"id\": 5}");
    rsp = qtest_qmp_receive(s);
    g_assert_cmpint(qdict_get_int(rsp, "id"), ==, 5);
    qtest_assert_error(rsp, "GenericError",
                       "QMP input lacks member 'execute'");
    qtest_qmp_send_raw(s, "{\"execute\": \"query-status\","
                       " \"arguments\": []}");
    qtest_assert_error(qtest_qmp_receive(s), "GenericError",
                       "QMP input member 'arguments' must be an object");
    /* A lexically invalid byte resets the parser. */
    qtest_qmp_send_raw(s, "\xff");
    qtest_assert_error(qtest_qmp_receive(s), "GenericError", NULL);

    qtest_qmp_assert_success(s, "{'execute': 'query-status'}");
    qtest_quit(s);
}

static void test_command_errors(void)
{
    QTestState *s = start(NULL);

    qtest_qmp_expect_error(s, "CommandNotFound",
                           "The command no-such-command has not been found",
                           "{'execute': 'no-such-command'}");
    qtest_qmp_expect_error(s, "GenericError",
                           "Parameter 'property' is missing",
                           "{'execute': 'qom-get',"
                           " 'arguments': {'path': '/machine'}}");
    qtest_qmp_expect_error(s, "GenericError",
                           "Parameter 'foo' is unexpected",
                           "{'execute': 'query-status',"
                           " 'arguments': {'foo': 1}}");
    qtest_qmp_expect_error(s, "GenericError",
                           "Invalid parameter type for 'path', "
                           "expected: string",
                           "{'execute': 'qom-list',"
                           " 'arguments': {'path': 1}}");
    qtest_qmp_expect_error(s, "GenericError",
                           "Invalid parameter type for "
                           "'capabilities[0].state', expected: boolean",
                           "{'execute': 'migrate-set-capabilities',"
                           " 'arguments': {'capabilities':"
                           " [{'capability': 'events', 'state': 'yes'}]}}");
    qtest_qmp_expect_error(s, "GenericError",
                           "Parameter 'capability' does not accept value "
                           "'no-such-cap'",
                           "{'execute': 'migrate-set-capabilities',"
                           " 'arguments': {'capabilities':"
                           " [{'capability': 'no-such-cap',"
                           " 'state': true}]}}");
    qtest_quit(s);
}

static void test_id_echo(void)
{
    QTestState *s = start(NULL);
    QDict *rsp;

    rsp = qtest_qmp(s, "{'execute': 'query-status', 'id': 'abc'}");
    g_assert_cmpstr(qdict_get_str(rsp, "id"), ==, "abc");
    qobject_unref(rsp);
    rsp = qtest_qmp(s, "{'execute': 'query-status',"
                    " 'id': {'a': [1, 2], 'b': null}}");
    g_assert_cmpint(qlist_size(qdict_get_qlist(qdict_get_qdict(rsp, "id"),
                                               "a")), ==, 2);
    qobject_unref(rsp);
    rsp = qtest_qmp(s, "{'execute': 'no-such-command', 'id': 7}");
    g_assert_cmpint(qdict_get_int(rsp, "id"), ==, 7);
    qtest_assert_error(rsp, "CommandNotFound", NULL);
    qtest_quit(s);
}

static bool list_has_name(QList *list, const char *key, const char *name)
{
    const QListEntry *e;

    QLIST_FOREACH_ENTRY(list, e) {
        QDict *d = qobject_to(QDict, qlist_entry_obj(e));

        if (d && !g_strcmp0(qdict_get_try_str(d, key), name)) {
            return true;
        }
    }
    return false;
}

static bool has_command(QTestState *s, const char *name)
{
    g_autoptr(QObject) ret = qtest_qmp_assert_success_ref(
        s, "{'execute': 'query-commands'}");

    return list_has_name(qobject_to(QList, ret), "name", name);
}

static void test_oob(void)
{
    QTestState *s = qtest_init_without_qmp_handshake(machine_args());
    QDict *rsp;

    /* Not negotiated yet. */
    qtest_qmp_expect_error(s, "GenericError",
                           "QMP input member 'exec-oob' is unexpected",
                           "{'exec-oob': 'migrate-pause'}");
    qtest_qmp_assert_success(s, "{'execute': 'qmp_capabilities',"
                             " 'arguments': {'enable': ['oob']}}");
    qtest_qmp_expect_error(s, "GenericError",
                           "The command query-status does not support OOB",
                           "{'exec-oob': 'query-status', 'id': 1}");
    qtest_qmp_expect_error(s, "GenericError",
                           "QMP input member 'execute' clashes with "
                           "'exec-oob'",
                           "{'execute': 'query-status',"
                           " 'exec-oob': 'query-status', 'id': 2}");
    /*
     * An OOB-capable command runs (and fails: no postcopy here) -- once
     * the binary has one: the tree gets migrate-pause with migration.
     */
    if (has_command(s, "migrate-pause")) {
        rsp = qtest_qmp(s, "{'exec-oob': 'migrate-pause', 'id': 3}");
        g_assert_cmpint(qdict_get_int(rsp, "id"), ==, 3);
        /* 7.2 does not mention postcopy-recover yet. */
        qtest_assert_error(rsp, "GenericError",
                           qtest_peer_at_least(10, 0)
                           ? "migrate-pause is currently only supported "
                             "during postcopy-active or postcopy-recover "
                             "state"
                           : "migrate-pause is currently only supported "
                             "during postcopy-active state");
    } else {
        g_test_message("no OOB-capable command (migrate-pause) yet");
    }
    qtest_quit(s);

    /* Enabled without oob: exec-oob stays unexpected. */
    s = start(NULL);
    qtest_qmp_expect_error(s, "GenericError",
                           "QMP input member 'exec-oob' is unexpected",
                           "{'exec-oob': 'migrate-pause'}");
    qtest_quit(s);
}

static void check_timestamp(QDict *ev)
{
    QDict *ts = qdict_get_qdict(ev, "timestamp");
    int64_t now = g_get_real_time() / G_USEC_PER_SEC;

    g_assert_nonnull(ts);
    g_assert_cmpint(qdict_get_int(ts, "seconds"), >, now - 3600);
    g_assert_cmpint(qdict_get_int(ts, "seconds"), <=, now + 1);
    g_assert_cmpint(qdict_get_int(ts, "microseconds"), >=, 0);
    g_assert_cmpint(qdict_get_int(ts, "microseconds"), <, 1000000);
    g_assert_false(qdict_haskey(ev, "data"));
}

static void check_status(QTestState *s, const char *status, bool running)
{
    g_autoptr(QObject) ret = qtest_qmp_assert_success_ref(
        s, "{'execute': 'query-status'}");
    QDict *info = qobject_to(QDict, ret);

    g_assert_cmpstr(qdict_get_str(info, "status"), ==, status);
    g_assert_cmpint(qdict_get_bool(info, "running"), ==, running);
}

static void test_events_stop_cont(void)
{
    /* Started paused (-S), then cont / stop / cont. */
    QTestState *s = start(qtest_peer_at_least(10, 0) ? "-S" : "");
    QDict *ev;

    check_status(s, "prelaunch", false);
    qtest_qmp_assert_success(s, "{'execute': 'cont'}");
    /* The event is written before the response, hence already queued. */
    ev = qtest_qmp_event_ref(s, "RESUME");
    g_assert_nonnull(ev);
    check_timestamp(ev);
    qobject_unref(ev);
    check_status(s, "running", true);

    qtest_qmp_assert_success(s, "{'execute': 'stop'}");
    ev = qtest_qmp_event_ref(s, "STOP");
    g_assert_nonnull(ev);
    check_timestamp(ev);
    qobject_unref(ev);
    check_status(s, "paused", false);

    /* Stopping a stopped VM: success, no event. */
    qtest_qmp_assert_success(s, "{'execute': 'stop'}");
    g_assert_null(qtest_qmp_event_ref(s, "STOP"));

    qtest_qmp_send(s, "{'execute': 'cont'}");
    qtest_qmp_eventwait(s, "RESUME");
    qobject_unref(qtest_qmp_receive(s));
    check_status(s, "running", true);
    qtest_quit(s);
}

static void test_query_commands(void)
{
    static const char *const required[] = {
        "qmp_capabilities", "query-version", "query-commands",
        "query-qmp-schema", "query-status", "stop", "cont", "quit",
        "query-name", "query-uuid", "query-machines", "query-kvm",
        "query-accelerators", "query-target", "qom-list", "qom-get", "qom-set",
        "qom-list-types", "object-add", "object-del",
        "human-monitor-command", "getfd", "closefd", "add-fd", "remove-fd",
        "query-fdsets", "migrate-set-capabilities",
        "query-migrate-capabilities", "migrate-set-parameters",
        "query-migrate-parameters",
    };
    QTestState *s = start(NULL);
    g_autoptr(QObject) ret = qtest_qmp_assert_success_ref(
        s, "{'execute': 'query-commands'}");
    QList *cmds = qobject_to(QList, ret);

    for (size_t i = 0; i < ARRAY_SIZE(required); i++) {
        /*
         * QEMU 7.2 has no accelerator query; 10.2 has query-accelerators
         * (the "query-accels" was never a QEMU command).
         */
        if (!strcmp(required[i], "query-accelerators") &&
            !qtest_peer_at_least(10, 0)) {
            continue;
        }
        if (!list_has_name(cmds, "name", required[i])) {
            g_test_message("query-commands lacks %s", required[i]);
            g_test_fail();
        }
    }
    qtest_quit(s);
}

/* ZeroPageDetection (9.0) is [none, legacy, multifd] in the schema. */
static void test_schema_zero_page_detection(void)
{
    QTestState *s = start(NULL);
    g_autoptr(QObject) ret = qtest_qmp_assert_success_ref(
        s, "{'execute': 'query-qmp-schema'}");
    QList *schema = qobject_to(QList, ret);
    const QListEntry *e;
    bool found = false;

    QLIST_FOREACH_ENTRY(schema, e) {
        QDict *info = qobject_to(QDict, qlist_entry_obj(e));
        g_autoptr(GString) json = NULL;

        if (g_strcmp0(qdict_get_try_str(info, "meta-type"), "enum")) {
            continue;
        }
        json = qobject_to_json(qdict_get(info, "values"));
        if (!strcmp(json->str, "[\"none\", \"legacy\", \"multifd\"]")) {
            found = true;
        }
    }
    g_assert_true(found);
    /* The parameter refers to it. */
    g_assert_true(list_has_name(schema, "name", "query-migrate-parameters"));
    qtest_quit(s);
}

/* Two QMP monitors at once: both answer, both get the events. */
static void test_two_clients(void)
{
    g_autofree char *path = qtest_tmp_path("qmp2.sock");
    g_autofree char *args = g_strdup_printf("-qmp unix:%s,server=on,"
                                            "wait=off", path);
    QTestState *s = start(args);
    int fd = qtest_socket_connect(path);
    g_autofree char *line = qtest_socket_read_until(fd, "\r\n");
    g_autoptr(QObject) obj = NULL;

    g_assert_true(g_str_has_prefix(line, "{\"QMP\": "));
    qtest_socket_write(fd, "{\"execute\": \"qmp_capabilities\"}");
    g_free(line);
    line = qtest_socket_read_until(fd, "\r\n");
    g_assert_cmpstr(line, ==, "{\"return\": {}}\r\n");

    qtest_qmp_assert_success(s, "{'execute': 'cont'}");
    qtest_qmp_assert_success(s, "{'execute': 'stop'}");
    g_free(line);
    line = qtest_socket_read_until(fd, "\r\n");
    obj = qobject_from_json(line, &error_abort);
    if (!strcmp(qdict_get_str(qobject_to(QDict, obj), "event"), "RESUME")) {
        g_free(line);
        line = qtest_socket_read_until(fd, "\r\n");
        qobject_unref(obj);
        obj = qobject_from_json(line, &error_abort);
    }
    g_assert_cmpstr(qdict_get_str(qobject_to(QDict, obj), "event"), ==,
                    "STOP");

    /* The second client's command, while the first stays connected. */
    qtest_socket_write(fd, "{\"execute\": \"query-status\", \"id\": 9}");
    g_free(line);
    line = qtest_socket_read_until(fd, "\r\n");
    /* StatusInfo lost its deprecated "singlestep" member in 9.0. */
    g_assert_cmpstr(line, ==,
                    qtest_peer_at_least(9, 0)
                    ? "{\"return\": {\"status\": \"paused\", "
                      "\"running\": false}, \"id\": 9}\r\n"
                    : "{\"return\": {\"status\": \"paused\", "
                      "\"singlestep\": false, \"running\": false}, "
                      "\"id\": 9}\r\n");
    qtest_qmp_assert_success(s, "{'execute': 'query-status'}");
    close(fd);
    qtest_quit(s);
}

static void test_quit(void)
{
    QTestState *s = start(NULL);
    int status;
    QDict *ev;

    qtest_qmp_send(s, "{'execute': 'quit'}");
    /* The reply may be lost if the exit wins; SHUTDOWN comes first. */
    ev = qtest_qmp_eventwait_ref(s, "SHUTDOWN");
    g_assert_false(qdict_get_bool(qdict_get_qdict(ev, "data"), "guest"));
    g_assert_cmpstr(qdict_get_str(qdict_get_qdict(ev, "data"), "reason"),
                    ==, "host-qmp-quit");
    qobject_unref(ev);
    status = qtest_wait_qemu(s);
    g_assert_true(WIFEXITED(status));
    g_assert_cmpint(WEXITSTATUS(status), ==, 0);
    qtest_quit(s);
}

int main(int argc, char **argv)
{
    qtest_qemu_binary();
    g_test_init(&argc, &argv, NULL);

    g_test_add_func("/qmp/greeting/bytes", test_greeting_bytes);
    qtest_add_func_since("/qmp/greeting/version", 10, 2,
                         test_greeting_version);
    g_test_add_func("/qmp/negotiation", test_negotiation);
    g_test_add_func("/qmp/errors/bad-input", test_bad_input);
    g_test_add_func("/qmp/errors/command", test_command_errors);
    g_test_add_func("/qmp/id-echo", test_id_echo);
    g_test_add_func("/qmp/oob", test_oob);
    g_test_add_func("/qmp/events/stop-cont", test_events_stop_cont);
    g_test_add_func("/qmp/query-commands", test_query_commands);
    /* ZeroPageDetection and query-machines' shape are 9.0+ */
    qtest_add_func_since("/qmp/schema/zero-page-detection", 9, 0,
                         test_schema_zero_page_detection);
    g_test_add_func("/qmp/two-clients", test_two_clients);
    g_test_add_func("/qmp/quit", test_quit);
    return g_test_run();
}
