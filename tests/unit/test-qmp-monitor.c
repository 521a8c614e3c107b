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

#define WAIT_MS 10000

static char *tmpdir;

#define VERSION_JSON                                                          \
    "{\"qemu\": {\"micro\": 0, \"minor\": 2, \"major\": 10}, \"package\": \"" \
    QEMU_PKGVERSION "\"}"

typedef struct Server {
    Chardev *chr;
    Monitor *mon;
    char *path;
} Server;

typedef struct Client {
    int fd;
    GString *buf; /* received, not yet returned */
} Client;

static void server_start(Server *s, const char *name, bool pretty)
{
    g_autofree char *id = g_strdup_printf("mon-%s", name);
    g_autoptr(QDict) opts = qdict_new();

    s->path = g_strdup_printf("%s/%s.sock", tmpdir, name);
    qdict_put_str(opts, "backend", "socket");
    qdict_put_str(opts, "id", id);
    qdict_put_str(opts, "path", s->path);
    qdict_put_str(opts, "server", "on");
    qdict_put_str(opts, "wait", "off");
    s->chr = qemu_chr_new_from_opts(opts, &error_abort);
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
    struct sockaddr_un un = { .sun_family = AF_UNIX };

    c->fd = socket(AF_UNIX, SOCK_STREAM | SOCK_NONBLOCK, 0);
    g_assert_cmpint(c->fd, >=, 0);
    g_strlcpy(un.sun_path, s->path, sizeof(un.sun_path));
    g_assert_cmpint(connect(c->fd, (struct sockaddr *)&un, sizeof(un)), ==,
                    0);
    c->buf = g_string_new(NULL);
}

static void client_close(Client *c)
{
    close(c->fd);
    g_string_free(c->buf, true);
}

static void client_send(Client *c, const char *s)
{
    g_assert_cmpint(send(c->fd, s, strlen(s), MSG_NOSIGNAL), ==, strlen(s));
}

static void flag_cb(void *opaque)
{
    *(bool *)opaque = true;
}

/* Move what the socket holds into c->buf; true if @end is in it. */
static bool client_poll(Client *c, const char *end)
{
    char tmp[4096];
    ssize_t n;

    while ((n = read(c->fd, tmp, sizeof(tmp))) > 0) {
        g_string_append_len(c->buf, tmp, n);
    }
    return strstr(c->buf->str, end) != NULL;
}

/*
 * The next message, up to and including @end, iterating the main loop
 * (which writes the replies) until it is there.
 */
static char *client_recv_until(Client *c, const char *end)
{
    bool expired = false;
    QEMUTimer *wd = timer_new_ms(QEMU_CLOCK_REALTIME, flag_cb, &expired);
    char *msg, *p;
    size_t len;

    timer_mod(wd, qemu_clock_get_ms(QEMU_CLOCK_REALTIME) + WAIT_MS);
    while (!client_poll(c, end) && !expired) {
        main_loop_wait(false);
    }
    timer_free(wd);
    g_assert_false(expired);
    p = strstr(c->buf->str, end);
    len = p - c->buf->str + strlen(end);
    msg = g_strndup(c->buf->str, len);
    g_string_erase(c->buf, 0, len);
    return msg;
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
    client_cmd(&c, "{\"execute\": \"query-commands\"}",
               "{\"return\": [{\"name\": \"x-oob-test\"}, {\"name\": "
               "\"query-commands\"}, {\"name\": \"query-version\"}, "
               "{\"name\": \"qmp_capabilities\"}]}");
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
    ret = g_test_run();

    monitor_cleanup();
    qemu_chr_cleanup();
    rmdir(tmpdir);
    g_free(tmpdir);
    return ret;
}
