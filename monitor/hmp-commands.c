/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The HMP command tables: hmp_cmds (top level) and hmp_info_cmds (the
 * "info" sub-commands).  Names, argument types, parameter strings and
 * help texts are QEMU's; entries are kept sorted by name, because QEMU
 * sorts its tables and "help" lists them in that order
 * (tests/unit/test-hmp.c checks it).
 */
#include "qemu/osdep.h"
#include "monitor-internal.h"

const HMPCommand hmp_info_cmds[] = {
    {
        .name = "migrate",
        .args_type = "all:-a",
        .params = "[-a]",
        .help = "show migration status\n\t\t\t -a: all information",
        .cmd = hmp_info_migrate,
    },
    {
        .name = "migrate_capabilities",
        .args_type = "",
        .params = "",
        .help = "show current migration capabilities",
        .cmd = hmp_info_migrate_capabilities,
    },
    {
        .name = "migrate_parameters",
        .args_type = "",
        .params = "",
        .help = "show current migration parameters",
        .cmd = hmp_info_migrate_parameters,
    },
    {
        .name = "name",
        .args_type = "",
        .params = "",
        .help = "show the current VM name",
        .cmd = hmp_info_name,
    },
    {
        .name = "status",
        .args_type = "",
        .params = "",
        .help = "show the current VM status (running|paused)",
        .cmd = hmp_info_status,
    },
    {
        .name = "version",
        .args_type = "",
        .params = "",
        .help = "show the version of QEMU",
        .cmd = hmp_info_version,
    },
    { NULL },
};

const HMPCommand hmp_cmds[] = {
    {
        .name = "cont|c",
        .args_type = "",
        .params = "",
        .help = "resume emulation",
        .cmd = hmp_cont,
    },
    {
        .name = "help|?",
        .args_type = "name:S?",
        .params = "[cmd]",
        .help = "show the help",
        .cmd = hmp_help,
    },
    {
        .name = "info",
        .args_type = "item:s?",
        .params = "[subcommand]",
        .help = "show various information about the system state",
        .cmd = hmp_info_help,
        .sub_table = hmp_info_cmds,
    },
    {
        .name = "migrate",
        .args_type = "detach:-d,resume:-r,uri:s",
        .params = "[-d] [-r] uri",
        .help = "migrate to URI (using -d to not wait for completion)"
                "\n\t\t\t -r to resume a paused postcopy migration",
        .cmd = hmp_migrate,
    },
    {
        .name = "migrate_cancel",
        .args_type = "",
        .params = "",
        .help = "cancel the current VM migration",
        .cmd = hmp_migrate_cancel,
    },
    {
        .name = "migrate_continue",
        .args_type = "state:s",
        .params = "state",
        .help = "Continue migration from the given paused state",
        .cmd = hmp_migrate_continue,
    },
    {
        .name = "migrate_incoming",
        .args_type = "uri:s",
        .params = "uri",
        .help = "Continue an incoming migration from an -incoming defer",
        .cmd = hmp_migrate_incoming,
    },
    {
        .name = "migrate_set_capability",
        .args_type = "capability:s,state:b",
        .params = "capability state",
        .help = "Enable/Disable the usage of a capability for migration",
        .cmd = hmp_migrate_set_capability,
    },
    {
        .name = "migrate_set_parameter",
        .args_type = "parameter:s,value:S",
        .params = "parameter value",
        .help = "Set the parameter for migration",
        .cmd = hmp_migrate_set_parameter,
    },
    {
        .name = "quit|q",
        .args_type = "",
        .params = "",
        .help = "quit the emulator",
        .cmd = hmp_quit,
    },
    {
        .name = "stop|s",
        .args_type = "",
        .params = "",
        .help = "stop emulation",
        .cmd = hmp_stop,
    },
    { NULL },
};
