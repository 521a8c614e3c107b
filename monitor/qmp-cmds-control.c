/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The QMP control commands the monitor implements itself:
 * qmp_capabilities, query-version, query-commands.
 */
#include "qemu/osdep.h"
#include "qapi/error.h"
#include "qapi/qapi-commands-control.h"
#include "qapi/qobject-conv.h"
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
 * Marshallers.  The generated ones (qmp_marshal_*() in
 * qapi-commands-control.c) share their object file with those of quit
 * and human-monitor-command, whose handlers don't exist yet, so linking
 * them would fail.  Until they exist these do the same job through the
 * same conversion runtime; then replace them and the registrations below
 * with qmp_init_marshal_control().
 */

static void marshal_qmp_capabilities(QDict *args, QObject **ret, Error **errp)
{
    q_obj_qmp_capabilities_arg arg = { 0 };

    if (!qapi_members_from_qdict(&qapi_type_q_obj_qmp_capabilities_arg, args,
                                 &arg, errp)) {
        return;
    }
    qmp_qmp_capabilities(arg.has_enable, arg.enable, errp);
    qapi_free_members(&qapi_type_q_obj_qmp_capabilities_arg, &arg);
}

static void marshal_query_version(QDict *args, QObject **ret, Error **errp)
{
    VersionInfo *info;

    if (!qapi_args_empty(args, errp)) {
        return;
    }
    info = qmp_query_version(errp);
    *ret = qapi_to_qobject(&qapi_type_VersionInfo, &info);
    qapi_free_slot(&qapi_type_VersionInfo, &info);
}

static void marshal_query_commands(QDict *args, QObject **ret, Error **errp)
{
    CommandInfoList *list;

    if (!qapi_args_empty(args, errp)) {
        return;
    }
    list = qmp_query_commands(errp);
    *ret = qapi_to_qobject(&qapi_type_CommandInfoList, &list);
    qapi_free_slot(&qapi_type_CommandInfoList, &list);
}

void monitor_register_control_commands(QmpCommandList *cmds,
                                       QmpCommandList *negotiation)
{
    /* Options as the schema gives them (allow-preconfig). */
    qmp_register_command(negotiation, "qmp_capabilities",
                         marshal_qmp_capabilities, QCO_ALLOW_PRECONFIG, 0);
    qmp_register_command(cmds, "qmp_capabilities", marshal_qmp_capabilities,
                         QCO_ALLOW_PRECONFIG, 0);
    qmp_register_command(cmds, "query-version", marshal_query_version,
                         QCO_ALLOW_PRECONFIG, 0);
    qmp_register_command(cmds, "query-commands", marshal_query_commands,
                         QCO_ALLOW_PRECONFIG, 0);
}
