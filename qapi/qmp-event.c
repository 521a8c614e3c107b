/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The envelope of QMP events: name and timestamp. */
#include "qemu/osdep.h"
#include "qapi/qmp-event.h"
#include "qobject/qdict.h"

QDict *qmp_event_build_dict(const char *event_name)
{
    QDict *dict = qdict_new();
    QDict *stamp = qdict_new();
    int64_t now = g_get_real_time();

    qdict_put_str(dict, "event", event_name);
    qdict_put_int(stamp, "seconds", now / G_USEC_PER_SEC);
    qdict_put_int(stamp, "microseconds", now % G_USEC_PER_SEC);
    qdict_put(dict, "timestamp", stamp);
    return dict;
}
