/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * query-command-line-options: the option groups of the command line
 * with their parameters, as QEMU names them (see system/cmdline.h).
 */
#include "qemu/osdep.h"
#include "system/cmdline.h"

/*
 * query-command-line-options: QEMU's option group names and parameters
 * for the options this binary accepts (groups listed in QEMU's order of
 * registration; the reply is in reverse, as QEMU builds it).
 */
typedef struct VLParamDef {
    const char *name;
    CommandLineParameterType type;
    const char *help;
} VLParamDef;

typedef struct VLGroupDef {
    const char *name;
    const VLParamDef *params;
} VLGroupDef;

#define S COMMAND_LINE_PARAMETER_TYPE_STRING
#define B COMMAND_LINE_PARAMETER_TYPE_BOOLEAN
#define N COMMAND_LINE_PARAMETER_TYPE_NUMBER
#define Z COMMAND_LINE_PARAMETER_TYPE_SIZE

static const VLParamDef params_none[] = { { NULL } };
static const VLParamDef params_chardev[] = {
    { "backend", S }, { "path", S }, { "host", S }, { "port", S },
    { "fd", S }, { "server", B }, { "wait", B }, { "append", B },
    { NULL }
};
static const VLParamDef params_global[] = {
    { "driver", S }, { "property", S }, { "value", S }, { NULL }
};
static const VLParamDef params_mon[] = {
    { "mode", S }, { "chardev", S }, { "pretty", B }, { NULL }
};
static const VLParamDef params_trace[] = {
    { "enable", S }, { "events", S }, { "file", S }, { NULL }
};
static const VLParamDef params_smp[] = {
    { "cpus", N }, { "sockets", N }, { "dies", N }, { "clusters", N },
    { "cores", N }, { "threads", N }, { "maxcpus", N }, { NULL }
};
static const VLParamDef params_memory[] = {
    { "size", Z }, { "slots", N }, { "maxmem", Z }, { NULL }
};
static const VLParamDef params_msg[] = {
    { "timestamp", B }, { NULL }
};
static const VLParamDef params_name[] = {
    { "guest", S, "Sets the name of the guest.\n"
      "This name will be displayed in the SDL window caption.\n"
      "The name will also be used for the VNC server" },
    { "process", S, "Sets the name of the QEMU process, as shown in top etc" },
    { "debug-threads", B, "When enabled, name the individual threads; "
      "defaults off.\nNOTE: The thread names are for debugging and not a\n"
      "stable API." },
    { NULL }
};
static const VLParamDef params_machine[] = {
    { "type", S, "emulated machine" },
    { "accel", S, "accelerator list" },
    { "memory-backend", S, "ID of memory backend object" },
    { NULL }
};
static const VLParamDef params_run_with[] = {
    { "exit-with-parent", B }, { NULL }
};

#undef S
#undef B
#undef N
#undef Z

static const VLGroupDef vl_group_defs[] = {
    { "chardev", params_chardev },
    { "global", params_global },
    { "mon", params_mon },
    { "trace", params_trace },
    { "accel", params_none },
    { "memory", params_memory },
    { "smp-opts", params_smp },
    { "object", params_none },
    { "name", params_name },
    { "msg", params_msg },
    { "run-with", params_run_with },
    { "machine", params_machine },
};

CommandLineOptionInfoList *vl_command_line_options(const char *option)
{
    CommandLineOptionInfoList *list = NULL;

    for (size_t i = 0; i < ARRAY_SIZE(vl_group_defs); i++) {
        const VLGroupDef *g = &vl_group_defs[i];
        CommandLineOptionInfoList *entry;

        if (option && strcmp(option, g->name)) {
            continue;
        }
        entry = g_new0(CommandLineOptionInfoList, 1);
        entry->value = g_new0(CommandLineOptionInfo, 1);
        entry->value->option = g_strdup(g->name);
        for (const VLParamDef *p = g->params; p->name; p++) {
            CommandLineParameterInfoList *pe =
                g_new0(CommandLineParameterInfoList, 1);

            pe->value = g_new0(CommandLineParameterInfo, 1);
            pe->value->name = g_strdup(p->name);
            pe->value->type = p->type;
            pe->value->help = g_strdup(p->help);
            /* Prepending gives QEMU's (reversed) order. */
            pe->next = entry->value->parameters;
            entry->value->parameters = pe;
        }
        entry->next = list;
        list = entry;
    }
    return list;
}
