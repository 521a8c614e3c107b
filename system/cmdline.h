/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The command line of qemu-system-x86_64 parsed into VLOptions, with no
 * side effect: vl.c acts on the result.  Kept apart from vl.c so that
 * tests/unit/test-vl-options.c can check every parser.
 *
 * Errors are QEMU's texts with QEMU's location prefix ("-m foo: ...");
 * the caller adds the program name (error_report_err()).
 * Threads: main thread, start-up only.  Owner: system/cmdline.c.
 */
#ifndef SYSTEM_CMDLINE_H
#define SYSTEM_CMDLINE_H

#include "qemu/uuid.h"
#include "qapi/qapi-types-misc.h"

/* What the command line asks for besides running a VM. */
typedef enum VLAction {
    VL_ACTION_RUN,
    VL_ACTION_VERSION,          /* -version */
    VL_ACTION_HELP,             /* -h, -help */
    VL_ACTION_MACHINE_HELP,     /* -machine help */
    VL_ACTION_MACHINE_PROPS,    /* -machine NAME,help */
    VL_ACTION_ACCEL_HELP,       /* -accel help */
    VL_ACTION_CPU_HELP,         /* -cpu help */
    VL_ACTION_TRACE_HELP,       /* -trace help */
} VLAction;

/* A monitor to start on the chardev called @chardev. */
typedef struct VLMonitor {
    char *chardev;
    bool control;               /* QMP (mode=control), else HMP */
    bool pretty;
} VLMonitor;

typedef struct VLOptions {
    VLAction action;

    /* -machine / -M merged, keyval strings ("type" = the name). */
    QDict *machine;
    /* -accel and -enable-kvm, in order: QDicts with "accel". */
    GPtrArray *accels;

    bool have_ram_size;         /* -m given and not 0 */
    uint64_t ram_size;          /* bytes, aligned to 8 KiB as QEMU does */
    unsigned smp_cpus;          /* 0: not given */
    char *cpu_model;

    char *name;                 /* -name guest= */
    bool debug_threads;
    bool have_uuid;
    QemuUUID uuid;

    bool start_paused;          /* -S */
    bool nodefaults;
    bool nographic;
    char *display;              /* -display type, or NULL */
    bool no_user_config;
    bool daemonize;
    char *pidfile;
    bool exit_with_parent;      /* -run-with exit-with-parent=on */
    bool msg_timestamp;

    GPtrArray *objects;         /* -object arguments (char *), in order */
    GPtrArray *globals;         /* -global arguments (char *), in order */
    char *incoming;             /* -incoming URI or "defer" */

    GPtrArray *chardevs;        /* QDicts for qemu_chr_new_from_opts() */
    GPtrArray *chardev_locs;    /* "-qmp SPEC" etc. for each, for errors */
    GPtrArray *monitors;        /* VLMonitor * */
    bool have_monitor_option;   /* -monitor/-qmp/-mon given (even none) */
    GPtrArray *serials;         /* chardev ids of -serial, in order */
    bool have_serial_option;    /* -serial given (even none) */
    char *qtest_chrdev;         /* -qtest spec */
    char *qtest_log;
    GPtrArray *traces;          /* -trace arguments (char *), in order */

    /* the option being parsed ("-chardev ARG"), for chardev_locs */
    char *cur_loc;
    /* counters for the chardev ids QEMU gives -qmp/-monitor/-serial */
    unsigned compat_monitors;
    unsigned compat_serials;
} VLOptions;

void vl_options_init(VLOptions *o);
void vl_options_free(VLOptions *o);

/*
 * Parse argv[1..argc-1] into @o.  Stops early, returning true, at
 * -version, -h and the help requests (o->action says which).  On error
 * returns false with @errp set to QEMU's message, location included
 * ("-foo: invalid option", "-m: requires an argument").
 */
bool vl_parse_args(VLOptions *o, int argc, char **argv, Error **errp);

/*
 * -m argument: "SIZE" or "size=SIZE" (MiB without suffix).  *@size is 0
 * for "-m 0", which QEMU reads as "the machine's default".
 */
bool vl_parse_ram_size(const char *arg, uint64_t *size, Error **errp);

/*
 * A chardev in -serial/-qmp/-monitor syntax: "unix:PATH[,server=on...]",
 * "tcp:HOST:PORT[,...]", "stdio", "null", "file:PATH", "pipe:PATH",
 * "chardev:ID", "none".  Returns true with *@opts the chardev options
 * (id @label), or *@existing the id named by "chardev:ID", or neither
 * for "none".
 */
bool vl_parse_chardev_spec(const char *label, const char *spec,
                           QDict **opts, char **existing, Error **errp);

/* query-command-line-options for @option (NULL: all); NULL if unknown. */
CommandLineOptionInfoList *vl_command_line_options(const char *option);

#endif /* SYSTEM_CMDLINE_H */
