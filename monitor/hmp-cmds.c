/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * HMP handlers that belong to the monitor itself (help, info, info
 * version) and hmp_handle_error().  Main loop thread, BQL held.
 */
#include "qemu/osdep.h"
#include "qapi/error.h"
#include "qapi/qapi-commands-control.h"
#include "qobject/qdict.h"
#include "monitor-internal.h"

void hmp_handle_error(Monitor *mon, Error *err)
{
    if (err) {
        /* error_report() inside a monitor: no program name prefix. */
        monitor_printf(mon, "Error: %s\n", error_get_pretty(err));
        error_free(err);
    }
}

void hmp_help(Monitor *mon, const QDict *qdict)
{
    hmp_help_cmd(mon, qdict_get_try_str(qdict, "name"));
}

void hmp_info_help(Monitor *mon, const QDict *qdict)
{
    hmp_help_cmd(mon, "info");
}

void hmp_info_version(Monitor *mon, const QDict *qdict)
{
    VersionInfo *info = qmp_query_version(NULL);

    /* QEMU appends the package string as it is (no separator). */
    monitor_printf(mon, "%" PRId64 ".%" PRId64 ".%" PRId64 "%s\n",
                   info->qemu->major, info->qemu->minor, info->qemu->micro,
                   info->package);
    qapi_free_VersionInfo(info);
}
