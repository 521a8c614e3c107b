/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Building QMP event messages (used by generated qapi_event_send_*()). */
#ifndef QAPI_QMP_EVENT_H
#define QAPI_QMP_EVENT_H

/*
 * A new {"event": @event_name, "timestamp": {"seconds", "microseconds"}}
 * message stamped with the host's wall-clock time.
 */
QDict *qmp_event_build_dict(const char *event_name);

#endif /* QAPI_QMP_EVENT_H */
