/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Unit tests for the command line of qemu-system-x86_64 (system/cmdline.c),
 * the run state machine and VM control commands (system/runstate.c,
 * system/system-qmp-cmds.c), accelerator selection (accel/accel.c) and
 * the trace facility (util/trace.c).
 */
#include "qemu/osdep.h"
#include "qapi/error.h"
#include "qapi/qapi-commands-control.h"
#include "qapi/qapi-commands-misc.h"
#include "qapi/qapi-commands-run-state.h"
#include "qapi/qapi-emit-events.h"
#include "qemu/main-loop.h"
#include "qemu/trace.h"
#include "qobject/qdict.h"
#include "system/accel.h"
#include "system/cmdline.h"
#include "system/runstate.h"

#define MIB (1024ULL * 1024)

/* Events sent by the code under test, by name, in order. */
static GString *events;

void qapi_event_emit(QAPIEvent event, QDict *qdict)
{
    g_string_append_printf(events, "%s%s", events->len ? " " : "",
                           QAPIEvent_str(event));
    if (event == QAPI_EVENT_SHUTDOWN) {
        QDict *data = qobject_to(QDict, qdict_get(qdict, "data"));

        g_string_append_printf(events, "(%s,%s)",
                               qdict_get_bool(data, "guest") ? "guest"
                                                             : "host",
                               qdict_get_str(data, "reason"));
    }
}

/* Parse "argv..." (split on spaces) into @o; returns the error or NULL. */
static char *parse(VLOptions *o, const char *cmdline)
{
    g_autofree char *full = g_strdup_printf("qemu-system-x86_64 %s", cmdline);
    g_auto(GStrv) argv = g_strsplit(full, " ", -1);
    Error *err = NULL;
    char *msg = NULL;

    vl_options_init(o);
    if (!vl_parse_args(o, g_strv_length(argv), argv, &err)) {
        msg = g_strdup(error_get_pretty(err));
        error_free(err);
    }
    return msg;
}

static void check_parse_err(const char *cmdline, const char *expected)
{
    VLOptions o;
    g_autofree char *msg = parse(&o, cmdline);

    g_assert_cmpstr(msg, ==, expected);
    vl_options_free(&o);
}

static void test_syntax(void)
{
    VLOptions o;

    check_parse_err("-foo", "-foo: invalid option");
    check_parse_err("--foo", "--foo: invalid option");
    check_parse_err("-", "-: drive files are not supported (no block layer "
                    "in this build)");
    check_parse_err("-m", "-m: requires an argument");
    check_parse_err("-S -incoming", "-incoming: requires an argument");
    check_parse_err("--machine", "--machine: requires an argument");

    /* --opt is -opt; a flag takes no argument. */
    g_assert_null(parse(&o, "--S -nodefaults --nographic -no-user-config"));
    g_assert_true(o.start_paused && o.nodefaults && o.nographic);
    g_assert_true(o.no_user_config);
    vl_options_free(&o);

    /* Parsing stops at -version: what follows is never looked at. */
    g_assert_null(parse(&o, "-m 1 -version -foo"));
    g_assert_cmpint(o.action, ==, VL_ACTION_VERSION);
    vl_options_free(&o);
    check_parse_err("-foo -version", "-foo: invalid option");
    g_assert_null(parse(&o, "-h"));
    g_assert_cmpint(o.action, ==, VL_ACTION_HELP);
    vl_options_free(&o);
}

static void check_size(const char *arg, uint64_t expected)
{
    uint64_t sz = 1;

    g_assert_true(vl_parse_ram_size(arg, &sz, &error_abort));
    g_assert_cmpuint(sz, ==, expected);
}

static void check_size_err(const char *arg, const char *expected)
{
    Error *err = NULL;
    uint64_t sz;

    g_assert_false(vl_parse_ram_size(arg, &sz, &err));
    g_assert_cmpstr(error_get_pretty(err), ==, expected);
    error_free(err);
}

static void test_ram_size(void)
{
    VLOptions o;

    check_size("64", 64 * MIB);
    check_size("64M", 64 * MIB);
    check_size("size=1G", 1024 * MIB);
    check_size("1.5G", 1536 * MIB);
    check_size("0x10", 16 * MIB);
    check_size("4097k", 4104 * 1024);   /* aligned up to 8 KiB */
    check_size("0", 0);
    check_size_err("foo", "Parameter 'size' expects a non-negative number "
                   "below 2^64");
    check_size_err("1Z", "Parameter 'size' expects a non-negative number "
                   "below 2^64");
    check_size_err("-5", "Parameter 'size' expects a non-negative number "
                   "below 2^64");
    check_size_err("size=", "Parameter 'size' expects a non-negative number "
                   "below 2^64");
    check_size_err("16E", "Value '16E' is out of range for parameter 'size'");
    check_size_err("99999999999999999999", "Value '99999999999999999999' is "
                   "out of range for parameter 'size'");
    check_size_err("size=1G,foo=1", "Invalid parameter 'foo'");
    check_size_err("slots=2", "memory hotplug (slots=, maxmem=) is not "
                   "supported");
    check_size_err("a=1,,", "Invalid parameter 'a'");

    check_parse_err("-m foo", "-m foo: Parameter 'size' expects a "
                    "non-negative number below 2^64");
    /* The later -m wins; -m 0 means the machine's default. */
    g_assert_null(parse(&o, "-m 1G -m 2G"));
    g_assert_true(o.have_ram_size);
    g_assert_cmpuint(o.ram_size, ==, 2048 * MIB);
    vl_options_free(&o);
    g_assert_null(parse(&o, "-m 1G -m 0"));
    g_assert_false(o.have_ram_size);
    vl_options_free(&o);
}

static void test_machine(void)
{
    VLOptions o;

    g_assert_null(parse(&o, "-M pc -machine none,accel=kvm:tcg, "
                        "-machine memory-backend=mem,x=a,,b"));
    g_assert_cmpstr(qdict_get_str(o.machine, "type"), ==, "none");
    g_assert_cmpstr(qdict_get_str(o.machine, "accel"), ==, "kvm:tcg");
    g_assert_cmpstr(qdict_get_str(o.machine, "memory-backend"), ==, "mem");
    g_assert_cmpstr(qdict_get_str(o.machine, "x"), ==, "a,b");
    vl_options_free(&o);

    g_assert_null(parse(&o, "-machine type=q35"));
    g_assert_cmpstr(qdict_get_str(o.machine, "type"), ==, "q35");
    vl_options_free(&o);

    g_assert_null(parse(&o, "-M help"));
    g_assert_cmpint(o.action, ==, VL_ACTION_MACHINE_HELP);
    vl_options_free(&o);
    g_assert_null(parse(&o, "-M none,help"));
    g_assert_cmpint(o.action, ==, VL_ACTION_MACHINE_PROPS);
    g_assert_cmpstr(qdict_get_str(o.machine, "type"), ==, "none");
    vl_options_free(&o);

    check_parse_err("-M none,=x", "-M none,=x: Expected parameter before "
                    "'='");
    check_parse_err("-M none,a", "-M none,a: Expected '=' after parameter "
                    "'a'");

    g_assert_null(parse(&o, "-accel kvm -accel accel=qtest -enable-kvm"));
    g_assert_cmpuint(o.accels->len, ==, 3);
    g_assert_cmpstr(qdict_get_str(g_ptr_array_index(o.accels, 1), "accel"),
                    ==, "qtest");
    vl_options_free(&o);
    g_assert_null(parse(&o, "-accel help"));
    g_assert_cmpint(o.action, ==, VL_ACTION_ACCEL_HELP);
    vl_options_free(&o);
    check_parse_err("-accel foo=bar", "-accel foo=bar: Parameter 'accel' is "
                    "missing");
}

static void test_misc_options(void)
{
    VLOptions o;

    g_assert_null(parse(&o, "-smp 1 -smp cpus=1,sockets=1 -cpu max "
                        "-name guest=vm1,debug-threads=on "
                        "-uuid 12345678-1234-1234-1234-123456789abc "
                        "-display none -audio none -daemonize -pidfile /p "
                        "-run-with exit-with-parent=on -msg timestamp=on "
                        "-incoming tcp:0:4444 -incoming defer"));
    g_assert_cmpuint(o.smp_cpus, ==, 1);
    g_assert_cmpstr(o.cpu_model, ==, "max");
    g_assert_cmpstr(o.name, ==, "vm1");
    g_assert_true(o.debug_threads && o.have_uuid && o.daemonize);
    g_assert_cmpuint(o.uuid.data[0], ==, 0x12);
    g_assert_cmpuint(o.uuid.data[15], ==, 0xbc);
    g_assert_cmpstr(o.display, ==, "none");
    g_assert_cmpstr(o.pidfile, ==, "/p");
    g_assert_true(o.exit_with_parent && o.msg_timestamp);
    g_assert_cmpstr(o.incoming, ==, "defer");
    vl_options_free(&o);

    g_assert_null(parse(&o, "-smp 4 -name foo"));
    g_assert_cmpuint(o.smp_cpus, ==, 4);      /* refused later, by vl.c */
    g_assert_cmpstr(o.name, ==, "foo");
    vl_options_free(&o);

    check_parse_err("-smp foo", "-smp foo: Parameter 'smp.cpus' expects "
                    "integer");
    check_parse_err("-smp 0", "-smp 0: Invalid CPU topology: CPU topology "
                    "parameters must be greater than zero");
    check_parse_err("-smp cpus=1,foo=2", "-smp cpus=1,foo=2: Invalid "
                    "parameter 'foo'");
    check_parse_err("-name foo,bar=1", "-name foo,bar=1: Invalid parameter "
                    "'bar'");
    check_parse_err("-name debug-threads=maybe", "-name debug-threads=maybe: "
                    "Parameter 'debug-threads' expects 'on' or 'off'");
    check_parse_err("-uuid xyz", "-uuid xyz: failed to parse UUID string: "
                    "wrong format");
    check_parse_err("-uuid 12345678-1234-1234-1234-123456789abcd",
                    "-uuid 12345678-1234-1234-1234-123456789abcd: failed to "
                    "parse UUID string: wrong format");
    check_parse_err("-display gtk", "-display gtk: Display 'gtk' is not "
                    "available.");
    check_parse_err("-display foo", "-display foo: Parameter 'type' does not "
                    "accept value 'foo'");
    check_parse_err("-display none,foo=bar", "-display none,foo=bar: "
                    "Parameter 'foo' is unexpected");
    check_parse_err("-audio alsa", "-audio alsa: audio is not supported by "
                    "this build: only -audio none is accepted");
    check_parse_err("-msg timestamp=maybe", "-msg timestamp=maybe: Parameter "
                    "'timestamp' expects 'on' or 'off'");
    check_parse_err("-msg foo=on", "-msg foo=on: Invalid parameter 'foo'");
    check_parse_err("-run-with chroot=/x", "-run-with chroot=/x: chroot= is "
                    "not supported by this build");
    check_parse_err("-run-with foo=on", "-run-with foo=on: Invalid parameter "
                    "'foo'");
    check_parse_err("-global foo", "-global foo: expected "
                    "'driver.property=value', got 'foo'");

    g_assert_null(parse(&o, "-global migration.x=1 -object a,id=b "
                        "-global d.p=v -object c,id=d -cpu help"));
    g_assert_cmpuint(o.globals->len, ==, 2);
    g_assert_cmpstr(g_ptr_array_index(o.globals, 1), ==, "d.p=v");
    g_assert_cmpuint(o.objects->len, ==, 2);
    g_assert_cmpstr(g_ptr_array_index(o.objects, 0), ==, "a,id=b");
    g_assert_cmpint(o.action, ==, VL_ACTION_CPU_HELP);
    vl_options_free(&o);
}

static QDict *check_spec(const char *spec)
{
    QDict *opts;
    char *existing;

    g_assert_true(vl_parse_chardev_spec("lbl", spec, &opts, &existing,
                                        &error_abort));
    g_assert_null(existing);
    g_assert_nonnull(opts);
    g_assert_cmpstr(qdict_get_str(opts, "id"), ==, "lbl");
    return opts;
}

static void check_spec_err(const char *spec, const char *expected)
{
    QDict *opts;
    char *existing;
    Error *err = NULL;

    g_assert_false(vl_parse_chardev_spec("lbl", spec, &opts, &existing,
                                         &err));
    g_assert_cmpstr(error_get_pretty(err), ==, expected);
    error_free(err);
}

static void test_chardev_spec(void)
{
    QDict *d;
    char *existing;

    d = check_spec("unix:/tmp/x.sock,server=on,wait=off");
    g_assert_cmpstr(qdict_get_str(d, "backend"), ==, "socket");
    g_assert_cmpstr(qdict_get_str(d, "path"), ==, "/tmp/x.sock");
    g_assert_cmpstr(qdict_get_str(d, "server"), ==, "on");
    g_assert_cmpstr(qdict_get_str(d, "wait"), ==, "off");
    qobject_unref(d);

    /* Old libvirt's spelling: deprecated short-form booleans. */
    d = check_spec("unix:/tmp/x.sock,server,nowait");
    g_assert_cmpstr(qdict_get_str(d, "server"), ==, "on");
    g_assert_cmpstr(qdict_get_str(d, "wait"), ==, "off");
    qobject_unref(d);

    d = check_spec("tcp:localhost:4444,server=on,wait=off");
    g_assert_cmpstr(qdict_get_str(d, "host"), ==, "localhost");
    g_assert_cmpstr(qdict_get_str(d, "port"), ==, "4444");
    qobject_unref(d);
    d = check_spec("tcp:[::1]:0");
    g_assert_cmpstr(qdict_get_str(d, "host"), ==, "::1");
    g_assert_cmpstr(qdict_get_str(d, "port"), ==, "0");
    qobject_unref(d);
    d = check_spec("tcp::4444");
    g_assert_cmpstr(qdict_get_str(d, "host"), ==, "");
    qobject_unref(d);

    d = check_spec("file:/tmp/a,b");
    g_assert_cmpstr(qdict_get_str(d, "backend"), ==, "file");
    g_assert_cmpstr(qdict_get_str(d, "path"), ==, "/tmp/a,b");
    qobject_unref(d);
    d = check_spec("stdio");
    g_assert_cmpstr(qdict_get_str(d, "backend"), ==, "stdio");
    qobject_unref(d);
    d = check_spec("null");
    g_assert_cmpstr(qdict_get_str(d, "backend"), ==, "null");
    qobject_unref(d);
    d = check_spec("pipe:/tmp/p");
    g_assert_cmpstr(qdict_get_str(d, "backend"), ==, "pipe");
    qobject_unref(d);

    g_assert_true(vl_parse_chardev_spec("lbl", "chardev:mon0", &d, &existing,
                                        &error_abort));
    g_assert_null(d);
    g_assert_cmpstr(existing, ==, "mon0");
    g_free(existing);
    g_assert_true(vl_parse_chardev_spec("lbl", "none", &d, &existing,
                                        &error_abort));
    g_assert_null(d);
    g_assert_null(existing);

    check_spec_err("foo:bar", "'foo:bar' is not a valid char driver");
    check_spec_err("", "'' is not a valid char driver");
    check_spec_err("unix:", "parse error: unix:");
    check_spec_err("tcp:localhost", "parse error: tcp:localhost");
    check_spec_err("tcp:[::1]", "parse error: tcp:[::1]");
    check_spec_err("tcp:a:b:c", "parse error: tcp:a:b:c");
    check_spec_err("file:", "parse error: file:");
    check_spec_err("chardev:", "parse error: chardev:");
    check_spec_err("unix:/x,=on", "Expected parameter before '='");
    check_spec_err("mon:stdio", "'mon:stdio': sharing a chardev between a "
                   "monitor and a device (mon:) is not supported");
}

static void test_monitors(void)
{
    VLOptions o;
    VLMonitor *m;

    g_assert_null(parse(&o, "-qmp unix:/a,server=on,wait=off "
                        "-monitor none -qmp-pretty tcp:h:1 "
                        "-chardev socket,id=c1,path=/b,server,nowait "
                        "-mon chardev=c1,mode=control,pretty=on "
                        "-serial null -serial none -serial chardev:c1 "
                        "-qtest unix:/q -qtest-log /dev/null"));
    g_assert_cmpuint(o.chardevs->len, ==, 4);
    g_assert_cmpstr(qdict_get_str(g_ptr_array_index(o.chardevs, 0), "id"),
                    ==, "compat_monitor0");
    g_assert_cmpstr(qdict_get_str(g_ptr_array_index(o.chardevs, 1), "id"),
                    ==, "compat_monitor1");
    g_assert_cmpstr(qdict_get_str(g_ptr_array_index(o.chardevs, 2), "server"),
                    ==, "on");
    g_assert_cmpstr(qdict_get_str(g_ptr_array_index(o.chardevs, 3), "id"),
                    ==, "serial0");
    g_assert_cmpstr(g_ptr_array_index(o.chardev_locs, 1), ==,
                    "-qmp-pretty tcp:h:1");
    g_assert_cmpuint(o.monitors->len, ==, 3);
    m = g_ptr_array_index(o.monitors, 1);
    g_assert_true(m->control && m->pretty);
    m = g_ptr_array_index(o.monitors, 2);
    g_assert_cmpstr(m->chardev, ==, "c1");
    g_assert_true(m->control && m->pretty);
    g_assert_cmpuint(o.serials->len, ==, 2);
    g_assert_cmpstr(g_ptr_array_index(o.serials, 1), ==, "c1");
    g_assert_cmpstr(o.qtest_chrdev, ==, "unix:/q");
    g_assert_cmpstr(o.qtest_log, ==, "/dev/null");
    vl_options_free(&o);

    g_assert_null(parse(&o, "-mon chardev=x"));
    m = g_ptr_array_index(o.monitors, 0);
    g_assert_false(m->control);
    vl_options_free(&o);

    check_parse_err("-chardev null", "-chardev null: chardev: no id "
                    "specified");
    check_parse_err("-chardev null,id=x -chardev null,id=x",
                    "-chardev null,id=x: Duplicate ID 'x' for chardev");
    check_parse_err("-chardev null,id=compat_monitor0 -qmp stdio",
                    "-qmp stdio: Duplicate ID 'compat_monitor0' for chardev");
    check_parse_err("-mon mode=control", "-mon mode=control: Parameter "
                    "'chardev' is missing");
    check_parse_err("-mon chardev=x,mode=foo", "-mon chardev=x,mode=foo: "
                    "Parameter 'mode' does not accept value 'foo'");
    check_parse_err("-mon chardev=x,pretty=maybe", "-mon chardev=x,"
                    "pretty=maybe: Parameter 'pretty' expects 'on' or 'off'");
    check_parse_err("-qmp foo:bar", "-qmp foo:bar: 'foo:bar' is not a valid "
                    "char driver");
    check_parse_err("-serial unix:", "-serial unix:: parse error: unix:");
}

static void test_trace_option(void)
{
    VLOptions o;

    g_assert_null(parse(&o, "-trace enable=runstate_* -trace vm_state_notify "
                        "-trace events=/x,file=/y"));
    g_assert_cmpuint(o.traces->len, ==, 3);
    vl_options_free(&o);
    g_assert_null(parse(&o, "-trace help"));
    g_assert_cmpint(o.action, ==, VL_ACTION_TRACE_HELP);
    vl_options_free(&o);
    check_parse_err("-trace x,=b", "-trace x,=b: Expected parameter before "
                    "'='");
}

static void test_trace_events(void)
{
    Error *err = NULL;
    g_autofree char *path = NULL;
    g_autofree char *arg = NULL;
    int fd;

    g_assert_false(trace_event_is_enabled("runstate_set"));
    g_assert_true(trace_enable_events("runstate_*", true));
    g_assert_true(trace_event_is_enabled("runstate_set"));
    g_assert_false(trace_event_is_enabled("vm_state_notify"));
    g_assert_false(trace_enable_events("no_such_event", true));
    g_assert_true(trace_enable_events("runstate_set", false));
    g_assert_false(trace_event_is_enabled("runstate_set"));

    fd = g_file_open_tmp("trace-events-XXXXXX", &path, NULL);
    g_assert_cmpint(fd, >=, 0);
    g_assert_true(g_file_set_contents(path, "# comment\n\nvm_state_*\n"
                                      "-vm_state_notify\nrunstate_set\n",
                                      -1, NULL));
    close(fd);
    arg = g_strdup_printf("events=%s", path);
    g_assert_true(trace_opt_parse(arg, &error_abort));
    g_assert_false(trace_event_is_enabled("vm_state_notify"));
    g_assert_true(trace_event_is_enabled("runstate_set"));
    unlink(path);
    trace_enable_events("*", false);

    g_assert_false(trace_opt_parse("events=/nonexistent/x", &err));
    g_assert_true(g_str_has_prefix(error_get_pretty(err),
                                   "cannot open trace events file "
                                   "'/nonexistent/x': "));
    error_free(err);
    err = NULL;
    g_assert_false(trace_opt_parse("enable=a,foo=b", &err));
    g_assert_cmpstr(error_get_pretty(err), ==, "Invalid parameter 'foo'");
    error_free(err);
}

static void test_command_line_options(void)
{
    CommandLineOptionInfoList *l = vl_command_line_options("memory");
    CommandLineParameterInfoList *p;
    Error *err = NULL;
    unsigned n = 0;

    g_assert_nonnull(l);
    g_assert_null(l->next);
    g_assert_cmpstr(l->value->option, ==, "memory");
    p = l->value->parameters;
    g_assert_cmpstr(p->value->name, ==, "maxmem");
    g_assert_cmpint(p->value->type, ==, COMMAND_LINE_PARAMETER_TYPE_SIZE);
    g_assert_cmpstr(p->next->next->value->name, ==, "size");
    qapi_free_CommandLineOptionInfoList(l);

    l = qmp_query_command_line_options(NULL, &error_abort);
    for (CommandLineOptionInfoList *e = l; e; e = e->next) {
        n++;
    }
    g_assert_cmpuint(n, >=, 10);
    /* QEMU lists the groups in reverse registration order. */
    g_assert_cmpstr(l->value->option, ==, "machine");
    qapi_free_CommandLineOptionInfoList(l);

    g_assert_null(qmp_query_command_line_options("foo", &err));
    g_assert_cmpstr(error_get_pretty(err), ==, "invalid option name: foo");
    error_free(err);
}

static void test_runstate_table(void)
{
    g_assert_true(runstate_transition_allowed(RUN_STATE_PRELAUNCH,
                                              RUN_STATE_RUNNING));
    g_assert_true(runstate_transition_allowed(RUN_STATE_PRELAUNCH,
                                              RUN_STATE_INMIGRATE));
    g_assert_true(runstate_transition_allowed(RUN_STATE_INMIGRATE,
                                              RUN_STATE_PAUSED));
    g_assert_true(runstate_transition_allowed(RUN_STATE_RUNNING,
                                              RUN_STATE_FINISH_MIGRATE));
    g_assert_true(runstate_transition_allowed(RUN_STATE_FINISH_MIGRATE,
                                              RUN_STATE_POSTMIGRATE));
    g_assert_true(runstate_transition_allowed(RUN_STATE_POSTMIGRATE,
                                              RUN_STATE_RUNNING));
    g_assert_true(runstate_transition_allowed(RUN_STATE_PAUSED,
                                              RUN_STATE_PAUSED));
    g_assert_false(runstate_transition_allowed(RUN_STATE_PRELAUNCH,
                                               RUN_STATE_PAUSED));
    g_assert_false(runstate_transition_allowed(RUN_STATE_POSTMIGRATE,
                                               RUN_STATE_INMIGRATE));
    g_assert_false(runstate_transition_allowed(RUN_STATE_SHUTDOWN,
                                               RUN_STATE_RUNNING));
    g_assert_false(runstate_transition_allowed(RUN_STATE_RUNNING,
                                               RUN_STATE_INMIGRATE));
    g_assert_false(runstate_transition_allowed(RUN_STATE_SAVE_VM,
                                               RUN_STATE_PAUSED));
}

static GString *notified;

static void change_cb(void *opaque, bool running, RunState state)
{
    g_string_append_printf(notified, "%s%s:%d:%s", notified->len ? " " : "",
                           (const char *)opaque, running,
                           RunState_str(state));
}

static void check_cmd_err(void (*cmd)(Error **), const char *expected)
{
    Error *err = NULL;

    cmd(&err);
    g_assert_cmpstr(error_get_pretty(err), ==, expected);
    error_free(err);
}

/* One walk through the states; the run state is process-wide. */
static void test_vm_control(void)
{
    VMChangeStateEntry *a, *b;
    StatusInfo *info;

    notified = g_string_new(NULL);
    g_string_truncate(events, 0);
    g_assert_cmpint(runstate_get(), ==, RUN_STATE_PRELAUNCH);

    /* stop in prelaunch: no change, no event (as QEMU) */
    qmp_stop(&error_abort);
    g_assert_cmpint(runstate_get(), ==, RUN_STATE_PRELAUNCH);
    g_assert_cmpstr(events->str, ==, "");

    a = qemu_add_vm_change_state_handler(change_cb, (void *)"a");
    b = qemu_add_vm_change_state_handler(change_cb, (void *)"b");
    qmp_cont(&error_abort);
    info = qmp_query_status(&error_abort);
    g_assert_true(info->running);
    g_assert_cmpint(info->status, ==, RUN_STATE_RUNNING);
    qapi_free_StatusInfo(info);
    qmp_cont(&error_abort);                 /* already running: no event */
    qmp_stop(&error_abort);
    qmp_stop(&error_abort);                 /* already stopped: no event */
    g_assert_cmpstr(events->str, ==, "RESUME STOP");
    /* start: registration order; stop: reverse */
    g_assert_cmpstr(notified->str, ==, "a:1:running b:1:running "
                    "b:0:paused a:0:paused");
    info = qmp_query_status(&error_abort);
    g_assert_false(info->running);
    g_assert_cmpint(info->status, ==, RUN_STATE_PAUSED);
    qapi_free_StatusInfo(info);
    qemu_del_vm_change_state_handler(a);
    qemu_del_vm_change_state_handler(b);

    /* migration's switch-over: stopped VM forced to finish-migrate */
    g_string_truncate(events, 0);
    vm_stop_force_state(RUN_STATE_FINISH_MIGRATE);
    g_assert_cmpint(runstate_get(), ==, RUN_STATE_FINISH_MIGRATE);
    check_cmd_err(qmp_cont, "Migration is not finalized yet");
    runstate_set(RUN_STATE_POSTMIGRATE);
    qmp_cont(&error_abort);
    g_assert_cmpint(runstate_get(), ==, RUN_STATE_RUNNING);

    /* running -> finish-migrate by vm_stop: STOP event */
    vm_stop_force_state(RUN_STATE_FINISH_MIGRATE);
    g_assert_cmpstr(events->str, ==, "RESUME STOP");

    runstate_set(RUN_STATE_SHUTDOWN);
    check_cmd_err(qmp_cont, "Resetting the Virtual Machine is required");
    runstate_set(RUN_STATE_PRELAUNCH);

    /* inmigrate: stop and cont only toggle autostart */
    runstate_set(RUN_STATE_INMIGRATE);
    g_string_truncate(events, 0);
    autostart = true;
    qmp_stop(&error_abort);
    g_assert_false(autostart);
    qmp_cont(&error_abort);
    g_assert_true(autostart);
    g_assert_cmpint(runstate_get(), ==, RUN_STATE_INMIGRATE);
    g_assert_cmpstr(events->str, ==, "");

    g_string_free(notified, true);
}

static void test_shutdown_request(void)
{
    g_string_truncate(events, 0);
    g_assert_false(main_loop_should_exit());
    qmp_quit(&error_abort);
    g_assert_true(main_loop_should_exit());
    g_assert_false(main_loop_should_exit());   /* consumed */
    qemu_system_shutdown_request(SHUTDOWN_CAUSE_GUEST_SHUTDOWN);
    g_assert_true(main_loop_should_exit());
    g_assert_cmpstr(events->str, ==, "SHUTDOWN(host,host-qmp-quit) "
                    "SHUTDOWN(guest,guest-shutdown)");
}

/*
 * SIGTERM asks for a host-signal shutdown, and the handler leaves errno
 * alone even when its wake-up write() fails on a full pipe.
 */
static void test_shutdown_signal(void)
{
    runstate_init();
    /* Fill the wake-up pipe: nothing drains it without a main loop. */
    for (int i = 0; i < 70000; i++) {
        qemu_system_shutdown_request(SHUTDOWN_CAUSE_HOST_QMP_QUIT);
    }
    g_assert_true(main_loop_should_exit());
    g_string_truncate(events, 0);

    errno = EXDEV;
    g_assert_cmpint(raise(SIGTERM), ==, 0);
    g_assert_cmpint(errno, ==, EXDEV);
    g_assert_true(main_loop_should_exit());
    g_assert_cmpstr(events->str, ==, "SHUTDOWN(host,host-signal)");
}

static void test_accel_select(void)
{
    g_autoptr(GPtrArray) opts = g_ptr_array_new_with_free_func(
        qobject_unref_autoptr);
    Error *err = NULL;
    QDict *d;

    g_assert_true(accel_known("kvm"));
    g_assert_true(accel_known("qtest"));
    g_assert_false(accel_known("tcg"));
    g_assert_cmpint(current_accel(), ==, ACCEL_NONE);

    /* nothing to try at all */
    g_assert_false(accel_init(opts, &err));
    g_assert_cmpstr(error_get_pretty(err), ==, "no accelerator found");
    error_free(err);
    err = NULL;

    /*
     * tcg is not built: reported invalid (on stderr), nothing left, and
     * no second message, as QEMU
     */
    d = qdict_new();
    qdict_put_str(d, "accel", "tcg");
    g_ptr_array_add(opts, d);
    g_assert_false(accel_init(opts, &err));
    g_assert_null(err);

    d = qdict_new();
    qdict_put_str(d, "accel", "qtest");
    qdict_put_str(d, "foo", "1");
    g_ptr_array_add(opts, d);
    g_assert_false(accel_init(opts, &err));
    g_assert_cmpstr(error_get_pretty(err), ==,
                    "Property 'qtest-accel.foo' not found");
    error_free(err);
    qdict_del(d, "foo");

    /* tcg fails, qtest works: "falling back to QTest" */
    g_assert_true(accel_init(opts, &error_abort));
    g_assert_cmpint(current_accel(), ==, ACCEL_QTEST);
    g_assert_true(qtest_enabled());
    g_assert_false(kvm_enabled());
    g_assert_cmpstr(current_accel_name(), ==, "qtest");
}

int main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    qemu_init_main_loop(&error_abort);
    events = g_string_new(NULL);
    g_test_add_func("/vl-options/parse/syntax", test_syntax);
    g_test_add_func("/vl-options/parse/ram-size", test_ram_size);
    g_test_add_func("/vl-options/parse/machine-accel", test_machine);
    g_test_add_func("/vl-options/parse/misc", test_misc_options);
    g_test_add_func("/vl-options/chardev-spec/all", test_chardev_spec);
    g_test_add_func("/vl-options/parse/monitors", test_monitors);
    g_test_add_func("/vl-options/parse/trace", test_trace_option);
    g_test_add_func("/vl-options/trace/events", test_trace_events);
    g_test_add_func("/vl-options/qmp/command-line-options",
                    test_command_line_options);
    g_test_add_func("/vl-options/runstate/table", test_runstate_table);
    g_test_add_func("/vl-options/runstate/vm-control", test_vm_control);
    g_test_add_func("/vl-options/runstate/shutdown", test_shutdown_request);
    g_test_add_func("/vl-options/runstate/shutdown-signal",
                    test_shutdown_signal);
    g_test_add_func("/vl-options/accel/select", test_accel_select);
    return g_test_run();
}
