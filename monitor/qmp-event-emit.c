/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * qapi_event_emit(), the hook generated event senders call, delivering
 * to the QMP monitors.  Alone in its file so that tests providing their
 * own qapi_event_emit() still link against the library.
 */
#include "qemu/osdep.h"
#include "monitor-internal.h"

void qapi_event_emit(QAPIEvent event, QDict *qdict)
{
    monitor_qapi_event_emit(event, qdict);
}
