/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The QMP control commands the monitor implements itself:
 * qmp_capabilities, query-version, query-commands, query-qmp-schema and
 * human-monitor-command.  (quit lives with the run state in system/.)
 */
#include "qemu/osdep.h"
#include "qapi/error.h"
#include "qapi/qapi-commands-control.h"
#include "qapi/qobject-conv.h"
#include "qapi/qapi-introspect.h"
#include "monitor/hmp.h"
#include "monitor-internal.h"

void qmp_qmp_capabilities(bool has_enable, QMPCapabilityList *enable,
                          Error **errp)
{
    /* Only ever called by a QMP monitor's dispatch. */
    Monitor *cur = monitor_cur();

    assert(cur);
    monitor_qmp_negotiate(container_of(cur, MonitorQMP, common), enable,
                          errp);
}

VersionInfo *monitor_version_info(void)
{
    VersionInfo *info = g_new0(VersionInfo, 1);

    info->qemu = g_new0(VersionTriple, 1);
    info->qemu->major = QEMU_VERSION_MAJOR;
    info->qemu->minor = QEMU_VERSION_MINOR;
    info->qemu->micro = QEMU_VERSION_MICRO;
    info->package = g_strdup(QEMU_PKGVERSION);
    return info;
}

VersionInfo *qmp_query_version(Error **errp)
{
    return monitor_version_info();
}

static void query_commands_cb(const QmpCommand *cmd, void *opaque)
{
    CommandInfoList **list = opaque;
    CommandInfoList *entry;

    if (!qmp_command_is_enabled(cmd)) {
        return;
    }
    /* Prepending gives QEMU's order: the reverse of registration. */
    entry = g_new0(CommandInfoList, 1);
    entry->value = g_new0(CommandInfo, 1);
    entry->value->name = g_strdup(qmp_command_name(cmd));
    entry->next = *list;
    *list = entry;
}

CommandInfoList *qmp_query_commands(Error **errp)
{
    Monitor *cur = monitor_cur();
    CommandInfoList *list = NULL;

    assert(cur);
    qmp_for_each_command(container_of(cur, MonitorQMP, common)->commands,
                         query_commands_cb, &list);
    return list;
}

/*
 * query-qmp-schema is 'gen': false, so this is its marshaller, registered
 * by monitor_init_qmp_commands().
 */
void qmp_query_qmp_schema(QDict *args, QObject **ret, Error **errp)
{
    if (!qapi_args_empty(args, errp)) {
        return;
    }
    *ret = qmp_schema_qobject();
}

char *qmp_human_monitor_command(const char *command_line, bool has_cpu_index,
                                int64_t cpu_index, Error **errp)
{
    /*
     * HMP's current CPU matters only to commands that inspect guest
     * CPU state, none of which exist here; CPU 0 is what any machine
     * has, other numbers get QEMU's refusal for a CPU that isn't there.
     */
    if (has_cpu_index && cpu_index != 0) {
        error_setg(errp, "Parameter '%s' expects %s", "cpu-index",
                   "a CPU number");
        return NULL;
    }
    return hmp_run_command_capture(command_line, errp);
}
