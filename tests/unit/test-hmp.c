/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * HMP tests: the args_type parser on good, bad and mangled input, command
 * lookup errors, help listings, captured runs (directly and through
 * human-monitor-command dispatch), and the readline monitor over a unix
 * socket (banner, prompt, echo, editing keys, history, CR LF).  Also the
 * QOM commands and query-qmp-schema through qmp_dispatch().
 */
#include "qemu/osdep.h"
#include "monitor/monitor-internal.h"
#include "qapi/error.h"
#include "qapi/qmp-dispatch.h"
#include "qemu/main-loop.h"
#include "qemu/timer.h"
#include "qobject/qdict.h"
#include "qobject/qjson.h"
#include "qobject/qlist.h"
#include "qom/object_interfaces.h"
#include "monitor-peer.h"


static char *tmpdir;

/* Parse @line for a command "t" with @args_type; output in *@out. */
static QDict *parse(const char *args_type, const char *line, char **out)
{
    HMPCommand cmd = { .name = "t", .args_type = args_type };
    MonitorHMP *mon = monitor_hmp_new_capture();
    const char *p = line;
    QDict *qdict = hmp_parse_arguments(&mon->common, &p, &cmd);
    char *text = monitor_hmp_capture_finish(mon);

    if (out) {
        *out = text;
    } else {
        g_free(text);
    }
    return qdict;
}

static void parse_ok(const char *args_type, const char *line,
                     const char *want_json)
{
    g_autofree char *out = NULL;
    g_autoptr(QDict) qdict = parse(args_type, line, &out);
    g_autoptr(QObject) want = qobject_from_json(want_json, &error_abort);

    g_assert_cmpstr(out, ==, "");
    g_assert_nonnull(qdict);
    if (!qdict_is_equal(QOBJECT(qdict), want)) {
        g_autoptr(GString) json = qobject_to_json(QOBJECT(qdict));

        g_assert_cmpstr(json->str, ==, want_json);
    }
}

static void parse_bad(const char *args_type, const char *line,
                      const char *want)
{
    g_autofree char *out = NULL;
    g_autoptr(QDict) qdict = parse(args_type, line, &out);

    g_assert_null(qdict);
    g_assert_cmpstr(out, ==, want);
}

static void test_parse_strings(void)
{
    parse_ok("name:s", "foo", "{\"name\": \"foo\"}");
    parse_ok("name:s", "  foo  ", "{\"name\": \"foo\"}");
    parse_ok("name:s", "\"a b\"", "{\"name\": \"a b\"}");
    parse_ok("name:s", "\"a\\nb\\\"\"", "{\"name\": \"a\\nb\\\"\"}");
    parse_ok("name:s?", "", "{}");
    parse_ok("a:s,b:s", "x y", "{\"a\": \"x\", \"b\": \"y\"}");
    parse_ok("rest:S", " a  b c ", "{\"rest\": \"a  b c \"}");
    parse_ok("rest:S?", "", "{}");
    parse_bad("name:s", "", "t: string expected\r\n");
    parse_bad("name:s", "\"ab", "t: string expected\r\n");
    parse_bad("name:s", "\"\\x\"", "t: string expected\r\n");
    parse_bad("rest:S", "   ", "t: string expected\r\n");
    parse_bad("name:F", "", "t: filename expected\r\n");
    parse_bad("name:s", "a b",
              "t: extraneous characters at the end of line\r\n");
    parse_bad("", "x", "t: extraneous characters at the end of line\r\n");
    parse_bad("x:z", "1", "t: unknown type 'z'\r\n");
}

static void test_parse_bool(void)
{
    parse_ok("state:b", "on", "{\"state\": true}");
    parse_ok("state:b", " off ", "{\"state\": false}");
    parse_bad("state:b", "yes", "Expected 'on' or 'off'\r\n");
    parse_bad("state:b", "onn", "Expected 'on' or 'off'\r\n");
    parse_bad("state:b", "", "Expected 'on' or 'off'\r\n");
    parse_ok("cap:s,state:b", "xbzrle on",
             "{\"cap\": \"xbzrle\", \"state\": true}");
}

static void test_parse_ints(void)
{
    parse_ok("n:i", "42", "{\"n\": 42}");
    parse_ok("n:i", "0x10", "{\"n\": 16}");
    parse_ok("n:i", "010", "{\"n\": 8}");
    parse_ok("n:i", "1 + 2 * 3", "{\"n\": 7}");
    parse_ok("n:i", "(1+2)*3", "{\"n\": 9}");
    parse_ok("n:i", "7 % 4 | 8", "{\"n\": 11}");
    parse_ok("n:i", "'a'", "{\"n\": 97}");
    parse_ok("n:i?", "", "{}");
    parse_ok("n:l", "-1", "{\"n\": -1}");
    parse_ok("n:l", "0x100000000", "{\"n\": 4294967296}");
    parse_ok("n:l", "(-9223372036854775807 - 1) / -1",
             "{\"n\": -9223372036854775808}");
    parse_ok("a:i,b:i", "1 (2)", "{\"a\": 1, \"b\": 2}");
    parse_bad("n:i", "-1",
              "'t' has failed: integer is for 32-bit values\r\n");
    parse_bad("n:i", "0x100000000",
              "'t' has failed: integer is for 32-bit values\r\n");
    parse_bad("n:i", "abc", "invalid char 'a' in expression\r\n");
    parse_bad("n:i", "", "unexpected end of expression\r\n");
    parse_bad("n:i", "1/0", "division by zero\r\n");
    parse_bad("n:i", "(1", "')' expected\r\n");
    parse_bad("n:i", "'a", "missing terminating ' character\r\n");
    parse_bad("n:i", "'", "character constant expected\r\n");
    parse_bad("n:i", "$eax", "unknown register\r\n");
    parse_bad("n:l", "99999999999999999999999", "number too large\r\n");
    parse_bad("n:i", "5 x",
              "t: extraneous characters at the end of line\r\n");
}

static void test_parse_sizes(void)
{
    parse_ok("sz:o", "1", "{\"sz\": 1048576}");
    parse_ok("sz:o", "4k", "{\"sz\": 4096}");
    parse_ok("sz:o", "2G", "{\"sz\": 2147483648}");
    parse_ok("sz:o?", "", "{}");
    parse_bad("sz:o", "x", "invalid size\r\n");
    parse_bad("sz:o", "", "invalid size\r\n");
    parse_bad("sz:o", "16E", "invalid size\r\n");
}

static void test_parse_flags(void)
{
    parse_ok("all:-a", "", "{}");
    parse_ok("all:-a", "-a", "{\"all\": true}");
    parse_ok("all:-a,item:s?", "-a foo",
             "{\"all\": true, \"item\": \"foo\"}");
    parse_ok("all:-a,item:s?", "foo", "{\"item\": \"foo\"}");
    parse_ok("d:-d,r:-r,uri:s", "-d -r x",
             "{\"d\": true, \"r\": true, \"uri\": \"x\"}");
    parse_ok("d:-d,r:-r,uri:s", "-r x", "{\"r\": true, \"uri\": \"x\"}");
    /* As in QEMU, flags are taken in table order only. */
    parse_bad("d:-d,r:-r,uri:s", "-r -d x",
              "t: extraneous characters at the end of line\r\n");
    parse_ok("v:-vs,uri:s", "-v val x",
             "{\"v\": \"val\", \"uri\": \"x\"}");
    parse_bad("v:-vs,uri:s", "-v", "t: value expected for -v\r\n");
    parse_bad("all:-a", "-b", "t: unsupported option -b\r\n");
    /* QEMU prints the NUL after '-' with %c, which ends its output. */
    parse_bad("all:-a", "-", "t: unsupported option -");
}

/* Every prefix and single-byte variant of some lines: no crash, no leak. */
static void test_parse_garbage(void)
{
    static const char *const types[] = {
        "name:s", "rest:S?", "state:b", "n:i", "n:l?", "sz:o",
        "all:-a,d:-ds,item:s?", "a:s,b:i,c:b,d:o?",
    };
    static const char *const lines[] = {
        "\"quoted \\\" string\" 12 on 4k",
        "-a -d val item", "(1+2)*'x' ~3 on", "0xffffffffffffffffff",
    };
    static const char noise[] = { '\0', '"', '\\', '-', '(', ')', '\'',
                                  ' ', 'x', '9', (char)0xff };

    for (size_t t = 0; t < G_N_ELEMENTS(types); t++) {
        for (size_t l = 0; l < G_N_ELEMENTS(lines); l++) {
            size_t len = strlen(lines[l]);

            for (size_t i = 0; i <= len; i++) {
                g_autofree char *cut = g_strndup(lines[l], i);

                qobject_unref(parse(types[t], cut, NULL));
                for (size_t n = 1; n < sizeof(noise) && i < len; n++) {
                    g_autofree char *bent = g_strdup(lines[l]);

                    bent[i] = noise[n];
                    qobject_unref(parse(types[t], bent, NULL));
                }
            }
        }
    }
}

static char *run(const char *line)
{
    return hmp_run_command_capture(line, &error_abort);
}

static void check_run(const char *line, const char *want)
{
    g_autofree char *out = run(line);

    g_assert_cmpstr(out, ==, want);
}

static void test_commands(void)
{
    check_run("info version", "10.2.0" QEMU_PKGVERSION "\r\n");
    check_run("  info   version  ", "10.2.0" QEMU_PKGVERSION "\r\n");
    check_run("", "");
    check_run("   ", "");
    check_run("foo", "unknown command: 'foo'\r\n");
    check_run("foo bar", "unknown command: 'foo'\r\n");
    check_run("info foo", "unknown command: 'info foo'\r\n");
    check_run("info version x",
              "version: extraneous characters at the end of line\r\n"
              "Try \"help info version\" for more information\r\n");
    check_run("help info version",
              "info version  -- show the version of QEMU\r\n");
    check_run("? info version",
              "info version  -- show the version of QEMU\r\n");
    check_run("help foo", "unknown command: 'foo'\r\n");
    check_run("help info foo", "unknown command: 'info foo'\r\n");
    check_run("help \"unterminated", "");
}

/* "help" and "info" list the available entries of their table, sorted. */
static void check_listing(const char *line, const HMPCommand *table,
                          const char *prefix)
{
    g_autofree char *out = run(line);
    g_autoptr(GString) want = g_string_new(NULL);

    for (const HMPCommand *cmd = table; cmd->name; cmd++) {
        g_string_append_printf(want, "%s%s %s -- %s\n", prefix, cmd->name,
                               cmd->params, cmd->help);
    }
    /* The monitor sends every "\n" as "\r\n", also inside help texts. */
    g_string_replace(want, "\n", "\r\n", 0);
    g_assert_cmpstr(out, ==, want->str);
}

static void test_help(void)
{
    g_autofree char *out = run("help");

    /* Always there, whatever else is linked in. */
    g_assert_nonnull(strstr(out, "help|? [cmd] -- show the help\r\n"));
    g_assert_nonnull(strstr(out, "info [subcommand] -- show various "
                                 "information about the system state\r\n"));
    check_listing("help", hmp_cmds, "");
    check_listing("?", hmp_cmds, "");
    check_listing("info", hmp_info_cmds, "info ");
    check_listing("help info", hmp_info_cmds, "info ");
}

static void check_sorted(const HMPCommand *table)
{
    for (const HMPCommand *cmd = table; cmd->name && cmd[1].name; cmd++) {
        g_assert_cmpint(strcmp(cmd->name, cmd[1].name), <, 0);
    }
}

static void test_tables(void)
{
    check_sorted(hmp_cmds);
    check_sorted(hmp_info_cmds);
}

static QDict *dispatch(const char *json)
{
    g_autoptr(QObject) req = qobject_from_json(json, &error_abort);

    return qmp_dispatch(&qmp_commands, req, false, false);
}

static void test_human_monitor_command(void)
{
    g_autoptr(QDict) ok = NULL, zero = NULL, bad = NULL, miss = NULL;
    g_autoptr(GString) json = NULL;

    monitor_init_qmp_commands();
    ok = dispatch("{'execute': 'human-monitor-command', 'arguments': "
                  "{'command-line': 'info version'}, 'id': 1}");
    json = qobject_to_json(QOBJECT(ok));
    g_assert_cmpstr(json->str, ==, "{\"return\": \"10.2.0" QEMU_PKGVERSION
                                   "\\r\\n\", \"id\": 1}");
    zero = dispatch("{'execute': 'human-monitor-command', 'arguments': "
                    "{'command-line': 'nope', 'cpu-index': 0}}");
    g_assert_cmpstr(qdict_get_str(zero, "return"), ==,
                    "unknown command: 'nope'\r\n");
    bad = dispatch("{'execute': 'human-monitor-command', 'arguments': "
                   "{'command-line': 'info version', 'cpu-index': 3}}");
    g_assert_cmpstr(qdict_get_str(qdict_get_qdict(bad, "error"), "desc"), ==,
                    "Parameter 'cpu-index' expects a CPU number");
    miss = dispatch("{'execute': 'human-monitor-command'}");
    g_assert_cmpstr(qdict_get_str(qdict_get_qdict(miss, "error"), "desc"),
                    ==, "Parameter 'command-line' is missing");
}

/*
 * QOM commands and query-qmp-schema through dispatch (the transport is
 * tested in test-qmp-monitor.c)
 */

#define TYPE_TEST_OBJ "test-obj"

static const InterfaceInfo test_obj_interfaces[] = {
    { TYPE_USER_CREATABLE },
    { NULL },
};

static const TypeInfo test_obj_info = {
    .name = TYPE_TEST_OBJ,
    .parent = TYPE_OBJECT,
    .instance_size = sizeof(Object),
    .interfaces = test_obj_interfaces,
};

/* Request, error class, desc. */
static const char *const qom_errors[][3] = {
    { "{'execute': 'qom-list', 'arguments': {'path': '/nope'}}",
      "DeviceNotFound", "Device '/nope' not found" },
    { "{'execute': 'qom-get', 'arguments': {'path': '/nope', "
      "'property': 'type'}}", "DeviceNotFound", "Device '/nope' not found" },
    { "{'execute': 'qom-set', 'arguments': {'path': '/nope', "
      "'property': 'x', 'value': 1}}",
      "DeviceNotFound", "Device '/nope' not found" },
    { "{'execute': 'qom-get', 'arguments': {'path': '/', "
      "'property': 'nope'}}",
      "GenericError", "Property 'container.nope' not found" },
    { "{'execute': 'qom-list-properties', 'arguments': {'typename': 'nope'}}",
      "DeviceNotFound", "Class 'nope' not found" },
    { "{'execute': 'qom-list-properties', 'arguments': "
      "{'typename': 'user-creatable'}}",
      "GenericError", "Parameter 'typename' expects object" },
    { "{'execute': 'device-list-properties', 'arguments': "
      "{'typename': 'virtio-blk-pci'}}",
      "DeviceNotFound", "Device 'virtio-blk-pci' not found" },
    { "{'execute': 'device-list-properties', 'arguments': "
      "{'typename': 'container'}}",
      "GenericError", "Parameter 'typename' expects device" },
    { "{'execute': 'object-add', 'arguments': {'id': 'o1'}}",
      "GenericError", "Parameter 'qom-type' is missing" },
    { "{'execute': 'object-add', 'arguments': {'qom-type': 'nope', "
      "'id': 'o1'}}", "GenericError", "Parameter 'qom-type' does not accept value 'nope'" },
    { "{'execute': 'object-add', 'arguments': {'qom-type': 'container', "
      "'id': 'o1'}}", "GenericError",
      "Parameter 'qom-type' does not accept value 'container'" },
    { "{'execute': 'object-add', 'arguments': {'qom-type': 'test-obj', "
      "'id': '1o'}}", "GenericError", "Parameter 'id' expects an identifier" },
    { "{'execute': 'object-add', 'arguments': {'qom-type': 'test-obj', "
      "'id': 'o1', 'bogus': 1}}",
      "GenericError", "Property 'test-obj.bogus' not found" },
    { "{'execute': 'object-del', 'arguments': {'id': 'nope'}}",
      "GenericError", "object 'nope' not found" },
    { "{'execute': 'query-qmp-schema', 'arguments': {'x': 1}}",
      "GenericError", "Parameter 'x' is unexpected" },
};

static void dispatch_error(const char *req, const char *cls, const char *desc)
{
    g_autoptr(QDict) rsp = dispatch(req);
    QDict *err = qdict_get_qdict(rsp, "error");

    g_assert_nonnull(err);
    g_assert_cmpstr(qdict_get_str(err, "class"), ==, cls);
    g_assert_cmpstr(qdict_get_str(err, "desc"), ==, desc);
}

static void dispatch_ok(const char *req)
{
    g_autoptr(QDict) rsp = dispatch(req);
    g_autoptr(GString) json = qobject_to_json(QOBJECT(rsp));

    g_assert_cmpstr(json->str, ==, "{\"return\": {}}");
}

/* Whether the list @req returns has an entry named @name. */
static bool dispatch_lists(const char *req, const char *name)
{
    g_autoptr(QDict) rsp = dispatch(req);

    for (const QListEntry *e = qlist_first(qdict_get_qlist(rsp, "return"));
         e; e = qlist_next(e)) {
        QDict *d = qobject_to(QDict, qlist_entry_obj(e));

        if (!g_strcmp0(qdict_get_try_str(d, "name"), name)) {
            return true;
        }
    }
    return false;
}

static void test_qom_commands(void)
{
    monitor_init_qmp_commands();
    for (size_t i = 0; i < G_N_ELEMENTS(qom_errors); i++) {
        dispatch_error(qom_errors[i][0], qom_errors[i][1], qom_errors[i][2]);
    }
    g_assert_true(dispatch_lists("{'execute': 'qom-list-types', "
                                 "'arguments': {'abstract': true}}",
                                 "object"));
    g_assert_true(dispatch_lists("{'execute': 'qom-list-types', 'arguments':"
                                 " {'implements': 'user-creatable'}}",
                                 TYPE_TEST_OBJ));
    g_assert_false(dispatch_lists("{'execute': 'qom-list-types', "
                                  "'arguments': {'implements': "
                                  "'user-creatable'}}", "container"));
    g_assert_false(dispatch_lists("{'execute': 'qom-list-properties', "
                                  "'arguments': {'typename': 'container'}}",
                                  "nope"));

    dispatch_ok("{'execute': 'object-add', 'arguments': "
                "{'qom-type': 'test-obj', 'id': 'o1'}}");
    g_assert_false(dispatch_lists("{'execute': 'qom-list', 'arguments': "
                                  "{'path': '/objects/o1'}}", "nope"));
    g_assert_true(dispatch_lists("{'execute': 'qom-list', 'arguments': "
                                 "{'path': '/'}}", "objects"));
    dispatch_error("{'execute': 'object-add', 'arguments': "
                   "{'qom-type': 'test-obj', 'id': 'o1'}}", "GenericError",
                   "attempt to add duplicate property 'o1' to object "
                   "(type 'container')");
    dispatch_ok("{'execute': 'object-del', 'arguments': {'id': 'o1'}}");
    dispatch_error("{'execute': 'object-del', 'arguments': {'id': 'o1'}}",
                   "GenericError", "object 'o1' not found");
}

/* query-qmp-schema has ZeroPageDetection's values, in schema order. */
static void test_schema(void)
{
    g_autoptr(QDict) rsp = dispatch("{'execute': 'query-qmp-schema'}");
    bool found = false;

    for (const QListEntry *e = qlist_first(qdict_get_qlist(rsp, "return"));
         e; e = qlist_next(e)) {
        QDict *info = qobject_to(QDict, qlist_entry_obj(e));
        g_autoptr(GString) json = NULL;

        if (g_strcmp0(qdict_get_str(info, "meta-type"), "enum")) {
            continue;
        }
        json = qobject_to_json(QOBJECT(qdict_get_qlist(info, "values")));
        found |= !strcmp(json->str, "[\"none\", \"legacy\", \"multifd\"]");
    }
    g_assert_true(found);
}

/*
 * The readline monitor over a unix socket
 */

typedef struct Term {
    Chardev *chr;
    Monitor *mon;
    MonitorPeer peer;
} Term;

static void term_open(Term *t)
{
    g_autofree char *path = g_strdup_printf("%s/hmp.sock", tmpdir);

    t->chr = monitor_peer_server_new("hmp0", path);
    t->mon = monitor_new_hmp(t->chr, &error_abort);
    g_assert_false(monitor_is_qmp(t->mon));
    monitor_peer_connect(&t->peer, path);
}

static void term_close(Term *t)
{
    monitor_peer_close(&t->peer);
    monitor_destroy(t->mon);
    qemu_chr_delete(t->chr);
}

static void term_send(Term *t, const char *s)
{
    monitor_peer_send(&t->peer, s);
}

/* Receive exactly @want next (the echo of a partial line). */
static void term_expect(Term *t, const char *want)
{
    g_autofree char *got = monitor_peer_recv_until(&t->peer, want);

    g_assert_cmpstr(got, ==, want);
    g_assert_cmpint(t->peer.buf->len, ==, 0);
}

/* Everything received up to and including the next prompt. */
static char *term_until_prompt(Term *t)
{
    return monitor_peer_recv_until(&t->peer, "(qemu) ");
}

static void term_cmd(Term *t, const char *input, const char *want)
{
    g_autofree char *out = NULL;

    term_send(t, input);
    out = term_until_prompt(t);
    g_assert_cmpstr(out, ==, want);
}

#define VERSION_LINE "10.2.0" QEMU_PKGVERSION "\r\n"

static void test_readline(void)
{
    Term t;
    g_autofree char *banner = NULL;

    term_open(&t);
    banner = term_until_prompt(&t);
    g_assert_cmpstr(banner, ==, "QEMU " QEMU_VERSION " monitor - type 'help' "
                                "for more information\r\n(qemu) ");

    /* Typed at the end: plain echo, then the output and a new prompt. */
    term_cmd(&t, "info version\r",
             "info version\r\n" VERSION_LINE "(qemu) ");
    /* CR LF is one line end; LF alone is one too. */
    term_cmd(&t, "info version\r\n",
             "info version\r\n" VERSION_LINE "(qemu) ");
    term_cmd(&t, "\n", "\r\n(qemu) ");
    term_cmd(&t, "bogus\n", "bogus\r\nunknown command: 'bogus'\r\n(qemu) ");
    /* Edited in one go: only the result is echoed. */
    term_cmd(&t, "info versionx\x7f\r",
             "info version\r\n" VERSION_LINE "(qemu) ");
    /* Backspace after the echo: the line is redrawn. */
    term_send(&t, "info versionx");
    term_expect(&t, "info versionx");
    term_cmd(&t, "\x7f\r", "\033[13Dinfo version\033[K\r\n" VERSION_LINE
             "(qemu) ");
    /* ^A and insertion at the start; the cursor is put back. */
    term_send(&t, "version");
    term_expect(&t, "version");
    term_cmd(&t, "\x01info \r",
             "\033[7Dinfo version\033[K\033[7D\r\n" VERSION_LINE
             "(qemu) ");
    /* Cursor keys alone only move the cursor. */
    term_send(&t, "info versio");
    term_expect(&t, "info versio");
    term_send(&t, "\033[D\033[D");
    term_expect(&t, "\033[2D");
    term_cmd(&t, "\x05n\r", "\033[2Cn\r\n" VERSION_LINE "(qemu) ");
    /* History: Up recalls the previous line (a repeat moves to the end). */
    term_cmd(&t, "\033[A\r", "info version\r\n" VERSION_LINE "(qemu) ");
    term_cmd(&t, "\033[A\033[A\r",
             "bogus\r\nunknown command: 'bogus'\r\n(qemu) ");
    /* Down past the newest line gives an empty line again. */
    term_cmd(&t, "\033[A\033[B\r", "\r\n(qemu) ");
    /* Control bytes and unknown escapes are ignored. */
    term_cmd(&t, "\x07\033[Zinfo version\r",
             "info version\r\n" VERSION_LINE "(qemu) ");
    term_close(&t);
}

int main(int argc, char **argv)
{
    int ret;

    g_test_init(&argc, &argv, NULL);
    qemu_init_main_loop(&error_abort);
    bql_lock();
    type_register_static(&test_obj_info);
    tmpdir = g_dir_make_tmp("test-hmp-XXXXXX", NULL);
    g_assert_nonnull(tmpdir);

    g_test_add_func("/monitor/hmp/parse/strings", test_parse_strings);
    g_test_add_func("/monitor/hmp/parse/bool", test_parse_bool);
    g_test_add_func("/monitor/hmp/parse/ints", test_parse_ints);
    g_test_add_func("/monitor/hmp/parse/sizes", test_parse_sizes);
    g_test_add_func("/monitor/hmp/parse/flags", test_parse_flags);
    g_test_add_func("/monitor/hmp/parse/garbage", test_parse_garbage);
    g_test_add_func("/monitor/hmp/commands", test_commands);
    g_test_add_func("/monitor/hmp/help", test_help);
    g_test_add_func("/monitor/hmp/tables", test_tables);
    g_test_add_func("/monitor/hmp/human-monitor-command",
                    test_human_monitor_command);
    g_test_add_func("/monitor/hmp/readline", test_readline);
    g_test_add_func("/monitor/qmp-cmds/qom", test_qom_commands);
    g_test_add_func("/monitor/qmp-cmds/query-qmp-schema", test_schema);
    ret = g_test_run();

    monitor_cleanup();
    qemu_chr_cleanup();
    rmdir(tmpdir);
    g_free(tmpdir);
    return ret;
}
