/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * QMP and HMP commands about the VM as a whole: run state (query-status,
 * stop, cont, quit), identity (query-name, query-uuid, query-target),
 * accelerators (query-kvm, query-accelerators) and
 * query-command-line-options.  Main thread, BQL (monitor dispatch).
 */
#include "qemu/osdep.h"
#include "qapi/error.h"
#include "qapi/qapi-commands-control.h"
#include "qapi/qapi-commands-machine.h"
#include "qapi/qapi-commands-misc.h"
#include "qapi/qapi-commands-run-state.h"
#include "monitor/hmp.h"
#include "system/accel.h"
#include "system/cmdline.h"
#include "system/runstate.h"
#include "system/system.h"

StatusInfo *qmp_query_status(Error **errp)
{
    StatusInfo *info = g_new0(StatusInfo, 1);

    info->running = runstate_is_running();
    info->status = runstate_get();
    return info;
}

void qmp_stop(Error **errp)
{
    /* During an incoming migration only the later start is cancelled. */
    if (runstate_check(RUN_STATE_INMIGRATE)) {
        autostart = false;
    } else {
        vm_stop(RUN_STATE_PAUSED);
    }
}

void qmp_cont(Error **errp)
{
    if (runstate_needs_reset()) {
        error_setg(errp, "Resetting the Virtual Machine is required");
        return;
    }
    if (runstate_check(RUN_STATE_SUSPENDED)) {
        return;
    }
    if (runstate_check(RUN_STATE_FINISH_MIGRATE)) {
        error_setg(errp, "Migration is not finalized yet");
        return;
    }
    if (runstate_check(RUN_STATE_INMIGRATE)) {
        autostart = true;
    } else {
        vm_start();
    }
}

void qmp_quit(Error **errp)
{
    /*
     * The main loop emits SHUTDOWN and exits after this command's reply
     * went out (the monitor writes it synchronously on return).
     */
    qemu_system_shutdown_request(SHUTDOWN_CAUSE_HOST_QMP_QUIT);
}

NameInfo *qmp_query_name(Error **errp)
{
    NameInfo *info = g_new0(NameInfo, 1);

    info->name = g_strdup(qemu_name);
    return info;
}

UuidInfo *qmp_query_uuid(Error **errp)
{
    UuidInfo *info = g_new0(UuidInfo, 1);

    /* qemu_uuid is all zero without -uuid: the nil UUID. */
    info->UUID = qemu_uuid_unparse_strdup(&qemu_uuid);
    return info;
}

TargetInfo *qmp_query_target(Error **errp)
{
    TargetInfo *info = g_new0(TargetInfo, 1);

    info->arch = SYS_EMU_TARGET_X86_64;
    return info;
}

KvmInfo *qmp_query_kvm(Error **errp)
{
    KvmInfo *info = g_new0(KvmInfo, 1);

    info->enabled = kvm_enabled();
    /* "present": built into this binary, whether or not /dev/kvm works. */
    info->present = true;
    return info;
}

AcceleratorInfo *qmp_query_accelerators(Error **errp)
{
    static const Accelerator present[] = { ACCELERATOR_KVM,
                                           ACCELERATOR_QTEST };
    AcceleratorInfo *info = g_new0(AcceleratorInfo, 1);

    for (size_t i = ARRAY_SIZE(present); i-- > 0;) {
        AcceleratorList *e = g_new0(AcceleratorList, 1);

        e->value = present[i];
        e->next = info->present;
        info->present = e;
    }
    info->enabled = current_accel() == ACCEL_KVM ? ACCELERATOR_KVM
                                                 : ACCELERATOR_QTEST;
    return info;
}

CommandLineOptionInfoList *qmp_query_command_line_options(const char *option,
                                                          Error **errp)
{
    CommandLineOptionInfoList *list = vl_command_line_options(option);

    if (!list) {
        error_setg(errp, "invalid option name: %s", option);
    }
    return list;
}

void hmp_info_status(Monitor *mon, const QDict *qdict)
{
    g_autoptr(StatusInfo) info = qmp_query_status(NULL);

    monitor_printf(mon, "VM status: %s", info->running ? "running" : "paused");
    if (!info->running && info->status != RUN_STATE_PAUSED) {
        monitor_printf(mon, " (%s)", RunState_str(info->status));
    }
    monitor_printf(mon, "\n");
}

void hmp_info_name(Monitor *mon, const QDict *qdict)
{
    g_autoptr(NameInfo) info = qmp_query_name(NULL);

    if (info->name) {
        monitor_printf(mon, "%s\n", info->name);
    }
}

void hmp_stop(Monitor *mon, const QDict *qdict)
{
    qmp_stop(NULL);
}

void hmp_cont(Monitor *mon, const QDict *qdict)
{
    Error *err = NULL;

    qmp_cont(&err);
    hmp_handle_error(mon, err);
}

void hmp_quit(Monitor *mon, const QDict *qdict)
{
    qmp_quit(NULL);
}
