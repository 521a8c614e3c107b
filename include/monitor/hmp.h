/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The human monitor (HMP): readline monitors on chardevs
 * (-monitor, -mon mode=readline) and human-monitor-command.
 *
 * Commands are a table (monitor/hmp-commands.c) of HMPCommand entries.
 * A handler gets the parsed arguments as a QDict (keys are the argument
 * names of args_type, values typed: QString for s/S/F, QNum for i/l/o,
 * QBool for b/-x flags) and prints with monitor_printf().
 * Threads: main thread, BQL.  Owner: monitor/hmp.c.
 */
#ifndef MONITOR_HMP_H
#define MONITOR_HMP_H

#include "monitor/monitor.h"

typedef struct HMPCommand {
    const char *name;       /* "migrate_set_parameter" or "stop|s" */
    /*
     * QEMU's args_type syntax: "name:s,value:s" (s: string word; S: rest
     * of line; b: on|off; i: int; l: long; o: size with suffix; -d: flag
     * "-d"; ? after the type: optional).
     */
    const char *args_type;
    const char *params;     /* "name value" for help */
    const char *help;
    void (*cmd)(Monitor *mon, const QDict *qdict);
    const struct HMPCommand *sub_table; /* "info" */
} HMPCommand;

/* printf to @mon's output ("\n" sent as "\r\n").  Returns bytes written. */
int monitor_printf(Monitor *mon, const char *fmt, ...) G_GNUC_PRINTF(2, 3);
/* Print "Error: <pretty>\n" for @err and free it, if set (hmp_handle_error). */
void hmp_handle_error(Monitor *mon, Error *err);

/*
 * Start a readline HMP monitor on @chr: banner "QEMU <version> monitor
 * - type 'help' for more information", prompt "(qemu) ".
 */
Monitor *monitor_new_hmp(Chardev *chr, Error **errp);

/* Run one HMP command line with output captured (human-monitor-command). */
char *hmp_run_command_capture(const char *cmdline, Error **errp);

/* monitor/hmp-cmds.c. */
void hmp_info_version(Monitor *mon, const QDict *qdict);

/* Handlers provided outside monitor/ (migration/migration-hmp-cmds.c). */
void hmp_info_migrate_capabilities(Monitor *mon, const QDict *qdict);
void hmp_info_migrate_parameters(Monitor *mon, const QDict *qdict);
void hmp_migrate_set_capability(Monitor *mon, const QDict *qdict);
void hmp_migrate_set_parameter(Monitor *mon, const QDict *qdict);
void hmp_migrate(Monitor *mon, const QDict *qdict);
void hmp_migrate_cancel(Monitor *mon, const QDict *qdict);
void hmp_migrate_continue(Monitor *mon, const QDict *qdict);
void hmp_migrate_incoming(Monitor *mon, const QDict *qdict);
void hmp_info_migrate(Monitor *mon, const QDict *qdict);

/* system/ (runstate and friends). */
void hmp_info_status(Monitor *mon, const QDict *qdict);
void hmp_info_name(Monitor *mon, const QDict *qdict);
void hmp_stop(Monitor *mon, const QDict *qdict);
void hmp_cont(Monitor *mon, const QDict *qdict);
void hmp_quit(Monitor *mon, const QDict *qdict);

#endif /* MONITOR_HMP_H */
