/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Start-up of qemu-system-x86_64, in QEMU's order: command line (parsed
 * by system/cmdline.c) -> types -> machine class and its compat
 * properties -> -global -> chardevs -> monitors -> qtest -> accelerator
 * -> -object -> migration object -> machine -> run state; then the main
 * loop and the clean-up at exit.  See docs/qemu-system.md for the
 * options.  Main thread only, with the BQL held from qemu_init() on.
 */
#include "qemu/osdep.h"
#include <sys/prctl.h>
#include "chardev/char.h"
#include "hw/boards.h"
#include "migration/misc.h"
#include "monitor/hmp.h"
#include "monitor/monitor.h"
#include "qapi/error.h"
#include "qapi/qapi-commands-migration.h"
#include "qapi/qapi-init-commands.h"
#include "qemu/error-report.h"
#include "qemu/main-loop.h"
#include "qemu/thread.h"
#include "qemu/trace.h"
#include "qobject/qdict.h"
#include "qom/globals.h"
#include "qom/object_interfaces.h"
#include "system/accel.h"
#include "system/cmdline.h"
#include "system/qtest.h"
#include "system/runstate.h"
#include "system/system.h"


#define QEMU_COPYRIGHT                                                        \
    "Copyright (c) 2026 the qemu-mig developers "                            \
    "(a QEMU-compatible migration engine)"

/* The CPU models -cpu accepts (stored for the vCPUs of a later issue). */
static const char *const vl_cpu_models[] = { "host", "max", "qemu64" };

/* Start-up results the main loop and clean-up need; main thread only. */
static VLOptions vl_opts;
static char *vl_pidfile;            /* created by us, removed at exit */
static int vl_daemon_pipe = -1;     /* -daemonize: tells the parent "up" */
static GPtrArray *vl_serials;       /* Chardev * of -serial, in order */

static void G_GNUC_NORETURN vl_fail(Error *err)
{
    error_report_err(err);
    exit(1);
}

static void G_GNUC_NORETURN vl_failf(Error *err, const char *loc)
{
    error_prepend(&err, "%s: ", loc);
    vl_fail(err);
}

static void version(void)
{
    printf("QEMU emulator version " QEMU_VERSION "%s%s%s\n"
           QEMU_COPYRIGHT "\n", *QEMU_PKGVERSION ? " (" : "",
           QEMU_PKGVERSION, *QEMU_PKGVERSION ? ")" : "");
}

static void help(void)
{
    version();
    printf("usage: qemu-system-x86_64 [options]\n"
        "\n"
        "Standard options:\n"
        "-h or -help     display this help and exit\n"
        "-version        display version information and exit\n"
        "-machine [type=]name[,prop[=value][,...]]\n"
        "                selects emulated machine ('-machine help' for list)\n"
        "                property accel=accel1[:accel2[:...]] selects "
        "accelerator\n"
        "                memory-backend='backend-id' specifies explicitly "
        "provided backend for main RAM (default=none)\n"
        "-cpu cpu        select CPU ('-cpu help' for list)\n"
        "-accel [accel=]accelerator\n"
        "                select accelerator (kvm or qtest; use 'help' for a "
        "list)\n"
        "-enable-kvm     enable KVM full virtualization support\n"
        "-smp [cpus=]n   number of CPUs (only 1 in this build)\n"
        "-m [size=]megs  configure guest RAM (suffix k, M, G, T, P or E; "
        "default unit MiB)\n"
        "-name [guest=]name[,debug-threads=on|off]\n"
        "                set the name of the guest\n"
        "-uuid %%08x-%%04x-%%04x-%%04x-%%012x\n"
        "                specify machine UUID\n"
        "-S              freeze CPU at startup (use 'c' to start execution)\n"
        "-nodefaults     don't create default devices\n"
        "-nographic      disable graphical output\n"
        "-display none   no display\n"
        "-audio none     no audio\n"
        "-no-user-config do not load default user-provided config files\n"
        "-daemonize      daemonize QEMU after initializing\n"
        "-pidfile file   write PID to 'file'\n"
        "-run-with exit-with-parent=on|off\n"
        "                exit when the parent process exits\n"
        "-object TYPENAME[,PROP1=VALUE1,...]\n"
        "                create a new object of type TYPENAME\n"
        "-global driver.property=value\n"
        "                set a global default for a property\n"
        "-incoming uri|defer\n"
        "                wait for an incoming migration\n"
        "-chardev backend,id=id[,...]\n"
        "                backends: socket (path= or host=,port=; server=on,"
        "wait=off), stdio, file, pipe, null\n"
        "-mon [chardev=]name[,mode=readline|control][,pretty[=on|off]]\n"
        "-qmp dev        like -mon ...,mode=control for dev\n"
        "-qmp-pretty dev like -qmp with pretty JSON\n"
        "-monitor dev    redirect the human monitor to char device 'dev'\n"
        "-serial dev     redirect the serial port to char device 'dev'\n"
        "                dev: unix:path[,server=on|off][,wait=off], "
        "tcp:host:port[,...],\n"
        "                stdio, null, file:path, pipe:path, chardev:id, "
        "none\n"
        "-qtest dev      run the qtest protocol on char device 'dev'\n"
        "-qtest-log file log the qtest protocol to 'file'\n"
        "-trace [[enable=]pattern][,events=file][,file=file]\n"
        "                enable trace events ('-trace help' for a list)\n"
        "-msg timestamp[=on|off]\n"
        "                prefix messages with a timestamp\n");
}

static bool vl_machine_help(void)
{
    g_autoptr(GSList) list = NULL;

    list = machine_class_list();
    printf("Supported machines are:\n");
    for (GSList *l = list; l; l = l->next) {
        MachineClass *mc = l->data;

        if (mc->alias) {
            printf("%-20s %s (alias of %s)\n", mc->alias, mc->desc, mc->name);
        }
        printf("%-20s %s%s%s\n", mc->name, mc->desc,
               mc->is_default ? " (default)" : "",
               mc->deprecated ? " (deprecated)" : "");
    }
    return true;
}

/* g_ptr_array_sort() passes pointers to the elements. */
static gint vl_str_ptr_cmp(gconstpointer a, gconstpointer b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

static void vl_machine_props_help(MachineClass *mc)
{
    ObjectPropertyIterator iter;
    ObjectProperty *prop;
    g_autoptr(GPtrArray) lines = g_ptr_array_new_with_free_func(g_free);

    object_class_property_iter_init(&iter, OBJECT_CLASS(mc));
    while ((prop = object_property_iter_next(&iter))) {
        g_autofree char *left = NULL;

        if (!prop->set) {
            continue;
        }
        left = g_strdup_printf("  %s=<%s>", prop->name, prop->type);
        if (prop->description) {
            g_ptr_array_add(lines, g_strdup_printf("%-24s - %s", left,
                                                   prop->description));
        } else {
            g_ptr_array_add(lines, g_steal_pointer(&left));
        }
    }
    g_ptr_array_sort(lines, vl_str_ptr_cmp);
    printf("%s-machine options:\n", mc->name);
    for (guint i = 0; i < lines->len; i++) {
        printf("%s\n", (char *)g_ptr_array_index(lines, i));
    }
}

static void vl_cpu_help(void)
{
    printf("Available CPUs:\n");
    for (size_t i = 0; i < ARRAY_SIZE(vl_cpu_models); i++) {
        printf("x86 %s\n", vl_cpu_models[i]);
    }
}

/*
 * -daemonize: the parent waits until the child has its monitors up (the
 * pipe gets one byte) and exits 0, or exits 1 if the child dies first.
 */
static void vl_daemonize(void)
{
    int fds[2];
    pid_t pid;

    if (pipe(fds) < 0) {
        error_report("cannot daemonize: %s", strerror(errno));
        exit(1);
    }
    pid = fork();
    if (pid < 0) {
        error_report("cannot daemonize: %s", strerror(errno));
        exit(1);
    }
    if (pid > 0) {
        char status = 1;
        ssize_t n;

        close(fds[1]);
        do {
            n = read(fds[0], &status, 1);
        } while (n < 0 && errno == EINTR);
        _exit(n == 1 && status == 0 ? 0 : 1);
    }
    close(fds[0]);
    vl_daemon_pipe = fds[1];
    setsid();
}

static void vl_daemonize_done(void)
{
    char status = 0;
    int fd;

    if (vl_daemon_pipe < 0) {
        return;
    }
    /* stdio goes nowhere once the parent has gone, as in QEMU. */
    fd = open("/dev/null", O_RDWR);
    if (fd >= 0) {
        dup2(fd, 0);
        dup2(fd, 1);
        dup2(fd, 2);
        close(fd);
    }
    while (write(vl_daemon_pipe, &status, 1) < 0 && errno == EINTR) {
        continue;
    }
    close(vl_daemon_pipe);
    vl_daemon_pipe = -1;
}

static void vl_write_pidfile(const char *path)
{
    g_autofree char *text = g_strdup_printf("%d\n", (int)getpid());
    size_t len = strlen(text);
    int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);

    if (fd < 0) {
        error_report("cannot create PID file: Could not create '%s': %s",
                     path, strerror(errno));
        exit(1);
    }
    if (write(fd, text, len) != (ssize_t)len) {
        error_report("cannot create PID file: Failed to write PID file: %s",
                     strerror(errno));
        close(fd);
        unlink(path);
        exit(1);
    }
    close(fd);
    vl_pidfile = g_strdup(path);
}

static MachineClass *vl_select_machine(QDict *machine, Error **errp)
{
    const char *type = qdict_get_try_str(machine, "type");
    MachineClass *mc;

    if (type) {
        mc = find_machine_class(type);
        if (!mc) {
            error_setg(errp, "unsupported machine type: \"%s\"", type);
        }
    } else {
        mc = find_default_machine_class();
        if (!mc) {
            error_setg(errp, "No machine specified, and there is no default");
        }
    }
    if (!mc) {
        error_append_hint(errp,
                          "Use -machine help to list supported machines\n");
    }
    return mc;
}

/* -accel list, or -machine accel=a:b, or qtest/kvm by default. */
static void vl_configure_accels(VLOptions *o)
{
    const char *legacy = qdict_get_try_str(o->machine, "accel");

    if (legacy) {
        g_auto(GStrv) names = g_strsplit(legacy, ":", 0);

        if (o->accels->len) {
            error_report("The -accel and \"-machine accel=\" options are "
                         "incompatible");
            exit(1);
        }
        for (char **n = names; *n; n++) {
            QDict *d;

            /* QEMU checks the whole list first (tcg: not built here). */
            if (!accel_known(*n)) {
                accel_report_invalid(*n);
                continue;
            }
            d = qdict_new();
            qdict_put_str(d, "accel", *n);
            g_ptr_array_add(o->accels, d);
        }
        qdict_del(o->machine, "accel");
        if (!o->accels->len) {
            /* Each name was reported invalid: QEMU says nothing more. */
            exit(1);
        }
    }
    if (!o->accels->len) {
        QDict *d = qdict_new();

        /* No TCG in this build: QEMU's default is then kvm; -qtest: qtest. */
        qdict_put_str(d, "accel", o->qtest_chrdev ? "qtest" : "kvm");
        g_ptr_array_add(o->accels, d);
    }
}

static void vl_check_smp_cpu(VLOptions *o, MachineClass *mc)
{
    bool found = false;

    if (o->smp_cpus > 1 && o->smp_cpus > (unsigned)mc->max_cpus) {
        error_report("Invalid SMP CPUs %u. The max CPUs supported by machine "
                     "'%s' is %d", o->smp_cpus, mc->name, mc->max_cpus);
        exit(1);
    }
    if (o->smp_cpus > 1) {
        error_report("-smp %u: this build runs no vCPUs yet, so only one "
                     "CPU can be configured", o->smp_cpus);
        exit(1);
    }
    if (!o->cpu_model) {
        return;
    }
    for (size_t i = 0; i < ARRAY_SIZE(vl_cpu_models); i++) {
        found |= !strcmp(o->cpu_model, vl_cpu_models[i]);
    }
    if (!found) {
        error_report("unable to find CPU model '%s'", o->cpu_model);
        exit(1);
    }
}

static void vl_create_chardevs(VLOptions *o)
{
    /* -nographic without a monitor option: HMP on stdio, as in QEMU. */
    if (o->nographic && !o->nodefaults && !o->have_monitor_option) {
        QDict *d = qdict_new();
        VLMonitor *m = g_new0(VLMonitor, 1);

        qdict_put_str(d, "backend", "stdio");
        qdict_put_str(d, "id", "compat_monitor0");
        g_ptr_array_add(o->chardevs, d);
        g_ptr_array_add(o->chardev_locs, g_strdup("-nographic"));
        m->chardev = g_strdup("compat_monitor0");
        g_ptr_array_add(o->monitors, m);
    }
    for (guint i = 0; i < o->chardevs->len; i++) {
        Error *err = NULL;

        if (!qemu_chr_new_from_opts(g_ptr_array_index(o->chardevs, i),
                                    &err)) {
            vl_failf(err, g_ptr_array_index(o->chardev_locs, i));
        }
    }
    vl_serials = g_ptr_array_new();
    for (guint i = 0; i < o->serials->len; i++) {
        const char *id = g_ptr_array_index(o->serials, i);
        Chardev *chr = qemu_chr_find(id);

        if (!chr) {
            error_report("-serial chardev:%s: chardev \"%s\" not found", id,
                         id);
            exit(1);
        }
        g_ptr_array_add(vl_serials, chr);
    }
}

Chardev *serial_hd(int i)
{
    if (!vl_serials || i < 0 || (guint)i >= vl_serials->len) {
        return NULL;
    }
    return g_ptr_array_index(vl_serials, i);
}

static void vl_create_monitors(VLOptions *o)
{
    monitor_init_qmp_commands();
    for (guint i = 0; i < o->monitors->len; i++) {
        VLMonitor *m = g_ptr_array_index(o->monitors, i);
        Chardev *chr = qemu_chr_find(m->chardev);
        Error *err = NULL;

        if (!chr) {
            error_report("chardev \"%s\" not found", m->chardev);
            exit(1);
        }
        if (m->control) {
            if (!monitor_new_qmp(chr, m->pretty, &err)) {
                vl_fail(err);
            }
        } else {
            if (!monitor_new_hmp(chr, &err)) {
                vl_fail(err);
            }
        }
    }
}

/* Serial chardevs nothing attached to: say so once the machine is up. */
static void vl_check_serials(void)
{
    for (guint i = 0; i < vl_serials->len; i++) {
        Chardev *chr = g_ptr_array_index(vl_serials, i);
        CharBackend be = { 0 };

        if (qemu_chr_fe_init(&be, chr, NULL)) {
            qemu_chr_fe_deinit(&be);
            warn_report("-serial: machine has no serial port %u; chardev "
                        "'%s' stays unconnected", i, qemu_chr_get_id(chr));
        }
    }
}

static void vl_handle_actions(VLOptions *o)
{
    switch (o->action) {
    case VL_ACTION_RUN:
    case VL_ACTION_MACHINE_HELP:
    case VL_ACTION_MACHINE_PROPS:
        return;
    case VL_ACTION_VERSION:
        version();
        break;
    case VL_ACTION_HELP:
        help();
        break;
    case VL_ACTION_ACCEL_HELP:
        accel_list_names(stdout);
        break;
    case VL_ACTION_CPU_HELP:
        vl_cpu_help();
        break;
    case VL_ACTION_TRACE_HELP:
        trace_list_events(stdout);
        break;
    }
    exit(0);
}

static void vl_apply_traces(VLOptions *o)
{
    for (guint i = 0; i < o->traces->len; i++) {
        const char *arg = g_ptr_array_index(o->traces, i);
        Error *err = NULL;

        if (!trace_opt_parse(arg, &err)) {
            error_prepend(&err, "-trace %s: ", arg);
            vl_fail(err);
        }
    }
}

static MachineState *vl_create_machine(VLOptions *o, MachineClass *mc)
{
    MachineState *ms;
    Error *err = NULL;

    qdict_del(o->machine, "type");
    ms = machine_create(mc, o->machine, &err);
    if (!ms) {
        vl_fail(err);
    }
    if (o->have_ram_size) {
        ms->ram_size = o->ram_size;
    } else if (!ms->ram_size) {
        ms->ram_size = mc->default_ram_size;
    }
    if (!machine_run_init(ms, &err)) {
        vl_fail(err);
    }
    return ms;
}

void qemu_init(int argc, char **argv)
{
    VLOptions *o = &vl_opts;
    MachineClass *mc;
    Error *err = NULL;

    error_init(argv[0]);
    vl_options_init(o);
    if (!vl_parse_args(o, argc, argv, &err)) {
        vl_fail(err);
    }
    vl_handle_actions(o);
    message_with_timestamp = o->msg_timestamp;
    vl_apply_traces(o);

    bql_lock();
    if (!qemu_init_main_loop(&err)) {
        vl_fail(err);
    }
    module_call_init();
    qom_register_builtin_types();

    if (o->action == VL_ACTION_MACHINE_HELP) {
        vl_machine_help();
        exit(0);
    }
    mc = vl_select_machine(o->machine, &err);
    if (!mc) {
        vl_fail(err);
    }
    if (o->action == VL_ACTION_MACHINE_PROPS) {
        vl_machine_props_help(mc);
        exit(0);
    }
    vl_check_smp_cpu(o, mc);
    vl_configure_accels(o);

    /* Compat properties first, then -global (which wins). */
    machine_register_compat_props(mc);
    for (guint i = 0; i < o->globals->len; i++) {
        const char *g = g_ptr_array_index(o->globals, i);

        if (!qemu_global_option(g, &err)) {
            vl_failf(err, "-global");
        }
    }

    qemu_name = o->name;
    qemu_uuid = o->uuid;
    qemu_uuid_set = o->have_uuid;
    if (o->daemonize) {
        vl_daemonize();
    }
    if (o->exit_with_parent && prctl(PR_SET_PDEATHSIG, SIGTERM) < 0) {
        error_report("-run-with exit-with-parent=on: %s", strerror(errno));
        exit(1);
    }
    if (o->pidfile) {
        vl_write_pidfile(o->pidfile);
    }
    runstate_init();
    if (o->incoming) {
        runstate_set(RUN_STATE_INMIGRATE);
    }

    vl_create_chardevs(o);
    vl_create_monitors(o);
    if (o->qtest_chrdev) {
        if (!qtest_server_init(o->qtest_chrdev, o->qtest_log, &err)) {
            vl_failf(err, "-qtest");
        }
    }
    if (!accel_init(o->accels, &err)) {
        if (err) {
            vl_fail(err);
        }
        exit(1);
    }
    for (guint i = 0; i < o->objects->len; i++) {
        const char *arg = g_ptr_array_index(o->objects, i);

        if (!user_creatable_add_opts_str(arg, &err)) {
            error_prepend(&err, "-object %s: ", arg);
            vl_fail(err);
        }
    }

    if (!migration_object_init(&err) || !migration_object_check(&err)) {
        vl_fail(err);
    }

    vl_create_machine(o, mc);
    qdev_prop_check_globals();
    vl_check_serials();

    autostart = !o->start_paused;
    if (o->incoming) {
        migration_set_incoming_uri(o->incoming);
        if (strcmp(o->incoming, "defer")) {
            qmp_migrate_incoming(o->incoming, false, NULL, true, true, &err);
            if (err) {
                error_prepend(&err, "-incoming %s: ", o->incoming);
                vl_fail(err);
            }
        }
    } else if (autostart) {
        vm_start();
    }
    vl_daemonize_done();
}

int qemu_main_loop(void)
{
    while (!main_loop_should_exit()) {
        main_loop_wait(false);
    }

    /* Clean-up, in QEMU's order: monitors, chardevs, then the rest. */
    qtest_server_cleanup();
    monitor_cleanup();
    qemu_chr_cleanup();
    migration_object_finalize();
    if (vl_pidfile) {
        unlink(vl_pidfile);
        g_clear_pointer(&vl_pidfile, g_free);
    }
    bql_unlock();
    return 0;
}
