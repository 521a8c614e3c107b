/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * QMP monitor tests over unix socket chardevs: greeting bytes,
 * negotiation, replies, errors, ids, events, OOB ordering, flow control,
 * disconnects and pretty output.  The test thread runs the main loop and
 * plays the clients, so there is no sleeping.
 */
#include "qemu/osdep.h"
#include <poll.h>
#include <sys/socket.h>
#include <sys/un.h>
#include "chardev/char.h"
#include "monitor/monitor.h"
#include "qapi/error.h"
#include "qapi/qapi-emit-events.h"
#include "qapi/qmp-event.h"
#include "qemu/main-loop.h"
#include "qemu/thread.h"
#include "qemu/timer.h"
#include "qobject/qdict.h"
#include "qobject/qjson.h"
#include "qobject/qlist.h"
#include "monitor-peer.h"


static char *tmpdir;

#define VERSION_JSON                                                          \
    "{\"qemu\": {\"micro\": 0, \"minor\": 2, \"major\": 10}, \"package\": \"" \
    QEMU_PKGVERSION "\"}"

typedef struct Server {
    Chardev *chr;
    Monitor *mon;
    char *path;
} Server;

typedef MonitorPeer Client;

static void server_start(Server *s, const char *name, bool pretty)
{
    g_autofree char *id = g_strdup_printf("mon-%s", name);

    s->path = g_strdup_printf("%s/%s.sock", tmpdir, name);
    s->chr = monitor_peer_server_new(id, s->path);
    s->mon = monitor_new_qmp(s->chr, pretty, &error_abort);
}

static void server_stop(Server *s)
{
    monitor_destroy(s->mon);
    qemu_chr_delete(s->chr);
    g_assert_false(g_file_test(s->path, G_FILE_TEST_EXISTS));
    g_free(s->path);
}

static void client_connect(Client *c, Server *s)
{
    monitor_peer_connect(c, s->path);
}

static void client_close(Client *c)
{
    monitor_peer_close(c);
}

static void client_send(Client *c, const char *s)
{
    monitor_peer_send(c, s);
}

/* The next message, up to and including @end. */
static char *client_recv_until(Client *c, const char *end)
{
    return monitor_peer_recv_until(c, end);
}

static char *client_recv(Client *c)
{
    return client_recv_until(c, "\r\n");
}

static void client_expect(Client *c, const char *expected)
{
    g_autofree char *msg = client_recv(c);
    g_autofree char *want = g_strdup_printf("%s\r\n", expected);

    g_assert_cmpstr(msg, ==, want);
}

static void client_cmd(Client *c, const char *request, const char *reply)
{
    client_send(c, request);
    client_expect(c, reply);
}

/* Send @request, return the parsed reply. */
static QDict *client_call(Client *c, const char *request)
{
    g_autofree char *msg = NULL;
    QObject *obj;

    client_send(c, request);
    msg = client_recv(c);
    obj = qobject_from_json(msg, &error_abort);
    g_assert_nonnull(qobject_to(QDict, obj));
    return qobject_to(QDict, obj);
}

/* Send @request with @fd attached (SCM_RIGHTS). */
static void client_send_fd(Client *c, const char *request, int fd)
{
    union {
        struct cmsghdr align;
        char buf[CMSG_SPACE(sizeof(int))];
    } control = { 0 };
    struct iovec iov = { .iov_base = (void *)request,
                         .iov_len = strlen(request) };
    struct msghdr msg = {
        .msg_iov = &iov, .msg_iovlen = 1,
        .msg_control = control.buf, .msg_controllen = sizeof(control.buf),
    };
    struct cmsghdr *cmsg = CMSG_FIRSTHDR(&msg);

    cmsg->cmsg_level = SOL_SOCKET;
    cmsg->cmsg_type = SCM_RIGHTS;
    cmsg->cmsg_len = CMSG_LEN(sizeof(int));
    memcpy(CMSG_DATA(cmsg), &fd, sizeof(int));
    g_assert_cmpint(sendmsg(c->fd, &msg, MSG_NOSIGNAL), ==, iov.iov_len);
}

static bool list_has_name(QList *list, const char *name)
{
    for (const QListEntry *e = qlist_first(list); e; e = qlist_next(e)) {
        QDict *d = qobject_to(QDict, qlist_entry_obj(e));

        if (d && !g_strcmp0(qdict_get_try_str(d, "name"), name)) {
            return true;
        }
    }
    return false;
}

/* The error desc of @rsp after checking its class. */
static void check_error(QDict *rsp, const char *cls, const char *desc)
{
    QDict *err = qdict_get_qdict(rsp, "error");

    g_assert_nonnull(err);
    g_assert_cmpstr(qdict_get_str(err, "class"), ==, cls);
    g_assert_cmpstr(qdict_get_str(err, "desc"), ==, desc);
}

static void qmp_ok(Client *c, const char *request)
{
    client_cmd(c, request, "{\"return\": {}}");
}

static void call_error(Client *c, const char *request, const char *cls,
                       const char *desc)
{
    g_autoptr(QDict) rsp = client_call(c, request);

    check_error(rsp, cls, desc);
}

static void client_negotiate(Client *c)
{
    client_cmd(c, "{\"execute\": \"qmp_capabilities\"}", "{\"return\": {}}");
}

/* Connect, check the greeting, enter command mode. */
static void client_start(Client *c, Server *s)
{
    client_connect(c, s);
    client_expect(c, "{\"QMP\": {\"version\": " VERSION_JSON
                     ", \"capabilities\": [\"oob\"]}}");
    client_negotiate(c);
}

static void test_greeting(void)
{
    Server s;
    Client c;
    g_autofree char *msg = NULL;

    server_start(&s, "greeting", false);
    client_connect(&c, &s);
    msg = client_recv(&c);
    g_assert_cmpstr(msg, ==,
                    "{\"QMP\": {\"version\": {\"qemu\": {\"micro\": 0, "
                    "\"minor\": 2, \"major\": 10}, \"package\": \"" QEMU_PKGVERSION
                    "\"}, \"capabilities\": [\"oob\"]}}\r\n");
    client_close(&c);
    server_stop(&s);
}

static void test_negotiation(void)
{
    Server s;
    Client c;

    server_start(&s, "nego", false);
    client_connect(&c, &s);
    g_free(client_recv(&c));
    client_cmd(&c, "{\"execute\": \"query-version\", \"id\": 1}",
               "{\"id\": 1, \"error\": {\"class\": \"CommandNotFound\", "
               "\"desc\": \"Expecting capabilities negotiation with "
               "'qmp_capabilities'\"}}");
    client_cmd(&c, "{\"execute\": \"foo\", \"id\": 2}",
               "{\"id\": 2, \"error\": {\"class\": \"CommandNotFound\", "
               "\"desc\": \"Expecting capabilities negotiation with "
               "'qmp_capabilities'\"}}");
    client_cmd(&c, "{\"exec-oob\": \"qmp_capabilities\", \"id\": 3}",
               "{\"id\": 3, \"error\": {\"class\": \"GenericError\", "
               "\"desc\": \"QMP input member 'exec-oob' is unexpected\"}}");
    client_cmd(&c, "{\"execute\": \"qmp_capabilities\", \"arguments\": "
               "{\"enable\": [\"bogus\"]}, \"id\": 4}",
               "{\"id\": 4, \"error\": {\"class\": \"GenericError\", "
               "\"desc\": \"Parameter 'null' does not accept value "
               "'bogus'\"}}");
    client_cmd(&c, "{\"execute\": \"qmp_capabilities\", \"id\": 5}",
               "{\"return\": {}, \"id\": 5}");
    client_cmd(&c, "{\"execute\": \"qmp_capabilities\", \"id\": 6}",
               "{\"id\": 6, \"error\": {\"class\": \"CommandNotFound\", "
               "\"desc\": \"Capabilities negotiation is already complete, "
               "command ignored\"}}");
    /* Without oob enabled, exec-oob stays unexpected in command mode. */
    client_cmd(&c, "{\"exec-oob\": \"x-oob-test\", \"id\": 7}",
               "{\"id\": 7, \"error\": {\"class\": \"GenericError\", "
               "\"desc\": \"QMP input member 'exec-oob' is unexpected\"}}");
    client_close(&c);

    /* A new connection starts over. */
    client_start(&c, &s);
    client_close(&c);
    server_stop(&s);
}

/* A chardev without GMainContext support offers no oob. */
static void test_oob_not_offered(void)
{
    g_autofree char *base = g_build_filename(tmpdir, "p", NULL);
    g_autofree char *in = g_strdup_printf("%s.in", base);
    g_autofree char *out = g_strdup_printf("%s.out", base);
    g_autoptr(QDict) opts = qdict_new();
    Chardev *chr;
    Monitor *mon;
    Client c = { .buf = g_string_new(NULL) };
    const char *req;
    int fd_in;

    g_assert_cmpint(mkfifo(in, 0600), ==, 0);
    g_assert_cmpint(mkfifo(out, 0600), ==, 0);
    qdict_put_str(opts, "backend", "pipe");
    qdict_put_str(opts, "id", "mon-pipe");
    qdict_put_str(opts, "path", base);
    chr = qemu_chr_new_from_opts(opts, &error_abort);
    fd_in = open(in, O_WRONLY | O_NONBLOCK);
    c.fd = open(out, O_RDONLY | O_NONBLOCK);
    g_assert_cmpint(fd_in, >=, 0);
    g_assert_cmpint(c.fd, >=, 0);

    mon = monitor_new_qmp(chr, false, &error_abort);
    client_expect(&c, "{\"QMP\": {\"version\": " VERSION_JSON
                      ", \"capabilities\": []}}");
    req = "{\"execute\": \"qmp_capabilities\", \"arguments\": "
          "{\"enable\": [\"oob\"]}}";
    g_assert_cmpint(write(fd_in, req, strlen(req)), ==, strlen(req));
    client_expect(&c, "{\"error\": {\"class\": \"GenericError\", \"desc\": "
                      "\"Capability oob not available\"}}");

    monitor_destroy(mon);
    qemu_chr_delete(chr);
    close(fd_in);
    client_close(&c);
    unlink(in);
    unlink(out);
}

static void test_query_version(void)
{
    Server s;
    Client c;

    server_start(&s, "version", false);
    client_start(&c, &s);
    client_cmd(&c, "{\"execute\": \"query-version\"}",
               "{\"return\": " VERSION_JSON "}");
    client_cmd(&c, "{'execute': 'query-version', 'id': 'v'}",
               "{\"return\": " VERSION_JSON ", \"id\": \"v\"}");
    client_cmd(&c, "{\"execute\": \"query-version\", \"arguments\": "
               "{\"x\": 1}, \"id\": 2}",
               "{\"id\": 2, \"error\": {\"class\": \"GenericError\", "
               "\"desc\": \"Parameter 'x' is unexpected\"}}");
    /*
     * Reverse registration order: the test's own command, the two
     * hand-registered ones, then the generated ones whose handlers are
     * linked in (which ones depends on what this binary pulls in).
     */
    {
        g_autoptr(QDict) rsp = client_call(&c, "{\"execute\": "
                                           "\"query-commands\"}");
        QList *list = qdict_get_qlist(rsp, "return");
        const char *const want[] = {
            "x-oob-test", "object-add", "query-qmp-schema",
        };
        const char *const present[] = {
            "query-version", "query-commands", "qmp_capabilities",
            "human-monitor-command", "getfd", "add-fd", "qom-list",
        };
        const QListEntry *e = qlist_first(list);

        for (size_t i = 0; i < G_N_ELEMENTS(want); i++, e = qlist_next(e)) {
            g_assert_cmpstr(qdict_get_str(qobject_to(QDict,
                                                     qlist_entry_obj(e)),
                                          "name"), ==, want[i]);
        }
        for (size_t i = 0; i < G_N_ELEMENTS(present); i++) {
            g_assert_true(list_has_name(list, present[i]));
        }
    }
    client_close(&c);
    server_stop(&s);
}

static void test_errors(void)
{
    Server s;
    Client c;
    g_autofree char *msg = NULL;

    server_start(&s, "errors", false);
    client_start(&c, &s);
    client_cmd(&c, "{\"execute\": \"foo\", \"id\": 7}",
               "{\"id\": 7, \"error\": {\"class\": \"CommandNotFound\", "
               "\"desc\": \"The command foo has not been found\"}}");
    client_cmd(&c, "[1]",
               "{\"error\": {\"class\": \"GenericError\", \"desc\": "
               "\"QMP input must be a JSON object\"}}");
    client_cmd(&c, "{\"id\": 1}",
               "{\"id\": 1, \"error\": {\"class\": \"GenericError\", "
               "\"desc\": \"QMP input lacks member 'execute'\"}}");

    client_send(&c, "{\"execute\": }");
    msg = client_recv(&c);
    g_assert_true(g_str_has_prefix(msg, "{\"error\": {\"class\": "
                                        "\"GenericError\", \"desc\": "
                                        "\"JSON parse error, "));
    g_assert_null(strstr(msg, "\"id\""));
    /* The parser resynchronises: the next request works. */
    client_cmd(&c, "{\"execute\": \"query-version\", \"id\": 2}",
               "{\"return\": " VERSION_JSON ", \"id\": 2}");
    client_close(&c);
    server_stop(&s);
}

static void test_id_echo(void)
{
    static const char *const ids[] = {
        "42", "\"s\"", "[1, {\"a\": null}]", "true", "null", "{}", "-1",
    };
    Server s;
    Client c;

    server_start(&s, "ids", false);
    client_start(&c, &s);
    for (size_t i = 0; i < ARRAY_SIZE(ids); i++) {
        g_autofree char *req = g_strdup_printf(
            "{\"execute\": \"x-oob-test\", \"id\": %s}", ids[i]);
        g_autofree char *rsp = g_strdup_printf("{\"return\": {}, \"id\": %s}",
                                               ids[i]);

        client_cmd(&c, req, rsp);
    }
    client_close(&c);
    server_stop(&s);
}

static void test_events(void)
{
    Server s1, s2, s3;
    Client c1, c2, c3;
    QDict *ev = qmp_event_build_dict("STOP");
    g_autoptr(GString) json = qobject_to_json(QOBJECT(ev));
    g_autofree char *msg = NULL;

    /* Nobody connected yet: dropped, never queued for later. */
    qapi_event_emit(QAPI_EVENT_STOP, ev);

    server_start(&s1, "ev1", false);
    server_start(&s2, "ev2", false);
    server_start(&s3, "ev3", false);
    client_start(&c1, &s1);
    client_start(&c2, &s2);
    client_connect(&c3, &s3);
    g_free(client_recv(&c3)); /* greeting; c3 stays in negotiation mode */

    qapi_event_emit(QAPI_EVENT_STOP, ev);
    g_string_append(json, "\r\n");
    msg = client_recv(&c1);
    g_assert_cmpstr(msg, ==, json->str);
    g_free(msg);
    msg = client_recv(&c2);
    g_assert_cmpstr(msg, ==, json->str);
    g_assert_true(g_str_has_prefix(msg, "{\"timestamp\": {\"seconds\": "));

    /* c3 got nothing: its next message is its reply. */
    client_negotiate(&c3);
    client_cmd(&c1, "{\"execute\": \"x-oob-test\"}", "{\"return\": {}}");

    client_close(&c1);
    client_close(&c2);
    client_close(&c3);
    server_stop(&s1);
    server_stop(&s2);
    server_stop(&s3);
    qobject_unref(ev);
}

static void test_disconnect(void)
{
    Server s;
    Client c;

    server_start(&s, "disc", false);

    /* Half a message, then gone. */
    client_start(&c, &s);
    client_send(&c, "{\"execute\": \"query-ver");
    client_close(&c);

    /* Several requests queued, then gone before the replies. */
    client_start(&c, &s);
    client_send(&c, "{\"execute\": \"query-version\"}"
                    "{\"execute\": \"query-version\"}"
                    "{\"execute\": \"query-version\"}");
    client_close(&c);

    /* The monitor serves the next client from a clean state. */
    client_start(&c, &s);
    client_cmd(&c, "{\"execute\": \"query-version\", \"id\": 1}",
               "{\"return\": " VERSION_JSON ", \"id\": 1}");
    client_close(&c);
    server_stop(&s);
}

static void test_flow_control(void)
{
    Server s;
    Client c;

    server_start(&s, "flow", false);
    client_start(&c, &s);
    /* In one write: still answered one by one, in order. */
    client_send(&c, "{\"execute\": \"x-oob-test\", \"id\": 1}"
                    "{\"execute\": \"foo\", \"id\": 2}"
                    "{\"execute\": \"x-oob-test\", \"id\": 3}");
    client_expect(&c, "{\"return\": {}, \"id\": 1}");
    client_expect(&c, "{\"id\": 2, \"error\": {\"class\": "
                      "\"CommandNotFound\", \"desc\": \"The command foo has "
                      "not been found\"}}");
    client_expect(&c, "{\"return\": {}, \"id\": 3}");
    client_close(&c);
    server_stop(&s);
}

static void test_oob(void)
{
    Server s;
    Client c;

    server_start(&s, "oob", false);
    client_connect(&c, &s);
    g_free(client_recv(&c));
    client_cmd(&c, "{\"execute\": \"qmp_capabilities\", \"arguments\": "
               "{\"enable\": [\"oob\"]}}", "{\"return\": {}}");

    /* The exec-oob request overtakes the queued in-band ones. */
    client_send(&c, "{\"execute\": \"query-version\", \"id\": 1}"
                    "{\"execute\": \"x-oob-test\", \"id\": 2}"
                    "{\"exec-oob\": \"x-oob-test\", \"id\": 3}");
    client_expect(&c, "{\"return\": {}, \"id\": 3}");
    client_expect(&c, "{\"return\": " VERSION_JSON ", \"id\": 1}");
    client_expect(&c, "{\"return\": {}, \"id\": 2}");

    client_cmd(&c, "{\"exec-oob\": \"query-version\", \"id\": 4}",
               "{\"id\": 4, \"error\": {\"class\": \"GenericError\", "
               "\"desc\": \"The command query-version does not support "
               "OOB\"}}");
    client_close(&c);
    server_stop(&s);
}

static void test_pretty(void)
{
    Server s;
    Client c;
    g_autofree char *msg = NULL;
    g_autofree char *want = NULL;
    g_auto(GStrv) lines = NULL;

    server_start(&s, "pretty", true);
    client_connect(&c, &s);
    msg = client_recv_until(&c, "\r\n}\r\n");
    want = g_strjoinv("\r\n", (lines = g_strsplit(
        "{\n"
        "    \"QMP\": {\n"
        "        \"version\": {\n"
        "            \"qemu\": {\n"
        "                \"micro\": 0,\n"
        "                \"minor\": 2,\n"
        "                \"major\": 10\n"
        "            },\n"
        "            \"package\": \"" QEMU_PKGVERSION "\"\n"
        "        },\n"
        "        \"capabilities\": [\n"
        "            \"oob\"\n"
        "        ]\n"
        "    }\n"
        "}\n", "\n", -1)));
    g_assert_cmpstr(msg, ==, want);
    client_send(&c, "{\"execute\": \"qmp_capabilities\", \"id\": 1}");
    g_free(msg);
    msg = client_recv_until(&c, "\r\n}\r\n");
    g_assert_cmpstr(msg, ==, "{\r\n    \"return\": {\r\n    },\r\n"
                             "    \"id\": 1\r\n}\r\n");
    client_close(&c);
    server_stop(&s);
}

static void test_in_use(void)
{
    Server s;
    Error *err = NULL;

    server_start(&s, "inuse", false);
    g_assert_null(monitor_new_qmp(s.chr, false, &err));
    g_assert_cmpstr(error_get_pretty(err), ==,
                    "Device 'mon-inuse' is in use");
    error_free(err);
    server_stop(&s);
}

/* Two monitors with a client each, requests interleaved and queued. */
static void test_two_clients(void)
{
    Server s1, s2;
    Client c1, c2;

    server_start(&s1, "two1", false);
    server_start(&s2, "two2", false);
    client_start(&c1, &s1);
    client_start(&c2, &s2);
    /* Both queued before the main loop runs: each gets its own reply. */
    client_send(&c1, "{\"execute\": \"query-version\", \"id\": \"a\"}");
    client_send(&c2, "{\"execute\": \"x-oob-test\", \"id\": \"b\"}");
    client_expect(&c2, "{\"return\": {}, \"id\": \"b\"}");
    client_expect(&c1, "{\"return\": " VERSION_JSON ", \"id\": \"a\"}");
    for (int i = 0; i < 5; i++) {
        qmp_ok(&c2, "{'execute': 'x-oob-test'}");
        qmp_ok(&c1, "{'execute': 'x-oob-test'}");
    }
    /* One goes away; the other carries on. */
    client_close(&c1);
    client_cmd(&c2, "{\"execute\": \"query-version\"}",
               "{\"return\": " VERSION_JSON "}");
    client_close(&c2);
    server_stop(&s1);
    server_stop(&s2);
}

/*
 * A client that sends a command and hangs up before the reply: the
 * reply goes nowhere, and the next client starts with a fresh greeting.
 */
static void test_disconnect_mid_command(void)
{
    Server s;
    Client c;

    server_start(&s, "midcmd", false);
    for (int i = 0; i < 3; i++) {
        client_start(&c, &s);
        client_send(&c, "{\"execute\": \"human-monitor-command\", "
                        "\"arguments\": {\"command-line\": \"help\"}}"
                        "{\"execute\": \"query-version\"}");
        client_close(&c);
    }
    client_start(&c, &s);
    client_cmd(&c, "{\"execute\": \"query-version\", \"id\": 9}",
               "{\"return\": " VERSION_JSON ", \"id\": 9}");
    client_close(&c);
    server_stop(&s);
}

/* Read what @fd (a pipe's read end) has; it must be @want. */
static void check_pipe(int fd, const char *want)
{
    char buf[64];
    ssize_t n = read(fd, buf, sizeof(buf) - 1);

    g_assert_cmpint(n, ==, strlen(want));
    buf[n] = '\0';
    g_assert_cmpstr(buf, ==, want);
}

static void test_getfd(void)
{
    Server s;
    Client c;
    Error *err = NULL;
    int p[2], fd;

    g_assert_cmpint(pipe(p), ==, 0);
    server_start(&s, "getfd", false);
    client_start(&c, &s);

    call_error(&c, "{\"execute\": \"getfd\", \"arguments\": "
               "{\"fdname\": \"mig\"}}", "GenericError",
               "No file descriptor supplied via SCM_RIGHTS");
    client_send_fd(&c, "{\"execute\": \"getfd\", \"arguments\": "
                   "{\"fdname\": \"0bad\"}}", p[1]);
    client_expect(&c, "{\"error\": {\"class\": \"GenericError\", \"desc\": "
                      "\"Parameter 'fdname' expects a name not starting "
                      "with a digit\"}}");
    client_send_fd(&c, "{\"execute\": \"getfd\", \"arguments\": "
                   "{\"fdname\": \"mig\"}}", p[1]);
    client_expect(&c, "{\"return\": {}}");

    /* The monitor holds it under its name until someone takes it. */
    fd = monitor_get_fd(s.mon, "mig", &error_abort);
    g_assert_cmpint(fd, >=, 0);
    g_assert_cmpint(write(fd, "hello", 5), ==, 5);
    check_pipe(p[0], "hello");
    close(fd);
    g_assert_cmpint(monitor_get_fd(s.mon, "mig", &err), ==, -1);
    g_assert_cmpstr(error_get_pretty(err), ==,
                    "File descriptor named 'mig' has not been found");
    error_free(err);
    call_error(&c, "{\"execute\": \"closefd\", \"arguments\": "
               "{\"fdname\": \"mig\"}}", "GenericError",
               "File descriptor named 'mig' not found");

    /*
     * As in QEMU, a descriptor stays with the chardev until a command
     * claims it, even if it came with an earlier command.
     */
    client_send_fd(&c, "{\"execute\": \"x-oob-test\"}", p[1]);
    client_expect(&c, "{\"return\": {}}");
    qmp_ok(&c, "{'execute': 'getfd', 'arguments': {'fdname': 'late'}}");
    /* getfd on an existing name replaces (and closes) the old one. */
    client_send_fd(&c, "{\"execute\": \"getfd\", \"arguments\": "
                   "{\"fdname\": \"late\"}}", p[1]);
    client_expect(&c, "{\"return\": {}}");
    qmp_ok(&c, "{'execute': 'closefd', 'arguments': {'fdname': 'late'}}");

    /* Named descriptors survive a reconnect; destroy closes them. */
    client_send_fd(&c, "{\"execute\": \"getfd\", \"arguments\": "
                   "{\"fdname\": \"kept\"}}", p[1]);
    client_expect(&c, "{\"return\": {}}");
    client_close(&c);
    client_start(&c, &s);
    fd = monitor_get_fd(s.mon, "kept", &error_abort);
    close(fd);
    client_send_fd(&c, "{\"execute\": \"getfd\", \"arguments\": "
                   "{\"fdname\": \"leftover\"}}", p[1]);
    client_expect(&c, "{\"return\": {}}");
    client_close(&c);
    server_stop(&s);

    /* Every copy of the write end is closed now: the pipe reports EOF. */
    close(p[1]);
    g_assert_cmpint(read(p[0], (char[1]){ 0 }, 1), ==, 0);
    close(p[0]);
}

static void test_fd_param(void)
{
    static const char *const bad[] = { "-1", "12x", "mig", "" };
    Server s;
    Client c;
    Error *err = NULL;
    int p[2], fd;

    g_assert_cmpint(pipe(p), ==, 0);
    g_assert_cmpint(monitor_fd_param(NULL, "12", &error_abort), ==, 12);
    for (size_t i = 0; i < G_N_ELEMENTS(bad); i++) {
        g_autofree char *want = g_strdup_printf(
            "Invalid file descriptor number '%s'", bad[i]);

        g_assert_cmpint(monitor_fd_param(NULL, bad[i], &err), ==, -1);
        g_assert_cmpstr(error_get_pretty(err), ==, want);
        error_free(err);
        err = NULL;
    }

    server_start(&s, "fdparam", false);
    client_start(&c, &s);
    client_send_fd(&c, "{\"execute\": \"getfd\", \"arguments\": "
                   "{\"fdname\": \"mig\"}}", p[1]);
    client_expect(&c, "{\"return\": {}}");
    fd = monitor_fd_param(s.mon, "mig", &error_abort);
    g_assert_cmpint(fd, >=, 0);
    close(fd);
    client_close(&c);
    server_stop(&s);
    close(p[0]);
    close(p[1]);
}

static int64_t add_fd(Client *c, int fd, const char *args)
{
    g_autofree char *req = g_strdup_printf("{\"execute\": \"add-fd\", "
                                           "\"arguments\": {%s}}", args);
    g_autofree char *msg = NULL;
    g_autoptr(QObject) obj = NULL;
    QDict *ret;

    client_send_fd(c, req, fd);
    msg = client_recv(c);
    obj = qobject_from_json(msg, &error_abort);
    ret = qdict_get_qdict(qobject_to(QDict, obj), "return");
    g_assert_nonnull(ret);
    g_assert_cmpint(qdict_get_int(ret, "fd"), >=, 0);
    return qdict_get_int(ret, "fdset-id");
}

static void test_fdsets(void)
{
    Server s;
    Client c;
    g_autoptr(QDict) rsp = NULL;
    QList *sets;
    QDict *set;
    int p[2];

    g_assert_cmpint(pipe(p), ==, 0);
    server_start(&s, "fdsets", false);
    client_start(&c, &s);

    call_error(&c, "{'execute': 'add-fd'}", "GenericError",
               "No file descriptor supplied via SCM_RIGHTS");
    client_send_fd(&c, "{\"execute\": \"add-fd\", \"arguments\": "
                   "{\"fdset-id\": -1}}", p[1]);
    client_expect(&c, "{\"error\": {\"class\": \"GenericError\", \"desc\": "
                      "\"Parameter 'fdset-id' expects a non-negative "
                      "value\"}}");

    g_assert_cmpint(add_fd(&c, p[1], ""), ==, 0);
    g_assert_cmpint(add_fd(&c, p[1], "\"fdset-id\": 5, \"opaque\": \"rw\""),
                    ==, 5);
    g_assert_cmpint(add_fd(&c, p[1], "\"fdset-id\": 0"), ==, 0);
    g_assert_cmpint(add_fd(&c, p[1], ""), ==, 1);

    /* By decreasing id; each set's descriptors oldest first. */
    rsp = client_call(&c, "{\"execute\": \"query-fdsets\"}");
    sets = qdict_get_qlist(rsp, "return");
    g_assert_cmpint(qlist_size(sets), ==, 3);
    set = qobject_to(QDict, qlist_peek(sets));
    g_assert_cmpint(qdict_get_int(set, "fdset-id"), ==, 5);
    g_assert_cmpstr(qdict_get_str(qobject_to(QDict, qlist_peek(
        qdict_get_qlist(set, "fds"))), "opaque"), ==, "rw");
    set = qobject_to(QDict,
                     qlist_entry_obj(qlist_next(qlist_next(qlist_first(
                         sets)))));
    g_assert_cmpint(qdict_get_int(set, "fdset-id"), ==, 0);
    g_assert_cmpint(qlist_size(qdict_get_qlist(set, "fds")), ==, 2);

    {
        QDict *first = qobject_to(QDict, qlist_peek(qdict_get_qlist(set,
                                                                    "fds")));
        int64_t fd = qdict_get_int(first, "fd");
        g_autofree char *req = g_strdup_printf(
            "{\"execute\": \"remove-fd\", \"arguments\": {\"fdset-id\": 0, "
            "\"fd\": %" PRId64 "}}", fd);
        g_autofree char *desc = g_strdup_printf(
            "File descriptor named 'fdset-id:0, fd:%" PRId64 "' not found",
            fd);

        client_cmd(&c, req, "{\"return\": {}}");
        /* Closed: a second removal does not find it. */
        call_error(&c, req, "GenericError", desc);
    }
    call_error(&c, "{\"execute\": \"remove-fd\", \"arguments\": "
               "{\"fdset-id\": 7}}", "GenericError",
               "File descriptor named 'fdset-id:7' not found");
    qmp_ok(&c, "{'execute': 'remove-fd', 'arguments': {'fdset-id': 0}}");
    /* The emptied set is gone and its id is free again. */
    g_assert_cmpint(add_fd(&c, p[1], ""), ==, 0);
    qmp_ok(&c, "{'execute': 'remove-fd', 'arguments': {'fdset-id': 0}}");
    qmp_ok(&c, "{'execute': 'remove-fd', 'arguments': {'fdset-id': 1}}");
    /* Fd sets outlive the connection (QEMU 9.1+). */
    client_close(&c);
    client_start(&c, &s);
    qmp_ok(&c, "{'execute': 'remove-fd', 'arguments': {'fdset-id': 5}}");
    client_cmd(&c, "{\"execute\": \"query-fdsets\"}", "{\"return\": []}");
    client_close(&c);
    server_stop(&s);

    close(p[1]);
    g_assert_cmpint(read(p[0], (char[1]){ 0 }, 1), ==, 0);
    close(p[0]);
}

static void marshal_x_oob_test(QDict *args, QObject **ret, Error **errp)
{
    *ret = QOBJECT(qdict_new());
}

int main(int argc, char **argv)
{
    int ret;

    g_test_init(&argc, &argv, NULL);
    qemu_init_main_loop(&error_abort);
    bql_lock();
    tmpdir = g_dir_make_tmp("test-qmp-XXXXXX", NULL);
    g_assert_nonnull(tmpdir);
    monitor_init_qmp_commands();
    qmp_register_command(&qmp_commands, "x-oob-test", marshal_x_oob_test,
                         QCO_ALLOW_OOB, 0);

    g_test_add_func("/monitor/qmp/greeting", test_greeting);
    g_test_add_func("/monitor/qmp/negotiation", test_negotiation);
    g_test_add_func("/monitor/qmp/oob-not-offered", test_oob_not_offered);
    g_test_add_func("/monitor/qmp/query-version", test_query_version);
    g_test_add_func("/monitor/qmp/errors", test_errors);
    g_test_add_func("/monitor/qmp/id-echo", test_id_echo);
    g_test_add_func("/monitor/qmp/events", test_events);
    g_test_add_func("/monitor/qmp/disconnect", test_disconnect);
    g_test_add_func("/monitor/qmp/flow-control", test_flow_control);
    g_test_add_func("/monitor/qmp/oob", test_oob);
    g_test_add_func("/monitor/qmp/pretty", test_pretty);
    g_test_add_func("/monitor/qmp/in-use", test_in_use);
    g_test_add_func("/monitor/qmp/two-clients", test_two_clients);
    g_test_add_func("/monitor/qmp/disconnect-mid-command",
                    test_disconnect_mid_command);
    g_test_add_func("/monitor/qmp/fds/getfd", test_getfd);
    g_test_add_func("/monitor/qmp/fds/fd-param", test_fd_param);
    g_test_add_func("/monitor/qmp/fds/fdsets", test_fdsets);

    ret = g_test_run();

    monitor_cleanup();
    qemu_chr_cleanup();
    rmdir(tmpdir);
    g_free(tmpdir);
    return ret;
}
