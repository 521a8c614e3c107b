/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Inside the monitor: the Monitor and MonitorQMP structures and what
 * monitor.c, qmp.c and the command files share.
 */
#ifndef MONITOR_MONITOR_INTERNAL_H
#define MONITOR_MONITOR_INTERNAL_H

#include "monitor/monitor.h"
#include "qapi/qapi-emit-events.h"
#include "qapi/qapi-types-control.h"
#include "qemu/thread.h"
#include "qobject/json-parser.h"

/* What a QMP client may have queued before its input is suspended. */
#define QMP_REQ_QUEUE_LEN_MAX 8

struct Monitor {
    /* Set at creation, read-only after. */
    CharBackend chr;
    bool pretty;

    /*
     * Serialises output (responses from the main loop thread, events
     * from any thread) so that messages never interleave, and protects
     * the mode fields of MonitorQMP that event emitters read.
     */
    QemuMutex mon_lock;
};

typedef struct QMPRequest {
    QObject *req; /* the parsed request, or NULL */
    Error *err;   /* the parse error when req is NULL */
} QMPRequest;

typedef struct MonitorQMP {
    Monitor common;

    /* Set at creation, read-only after. */
    bool capab_offered[QMP_CAPABILITY__MAX];

    /*
     * Written by the main loop thread with common.mon_lock held; read by
     * it freely and by event emitters with common.mon_lock.
     */
    const QmpCommandList *commands; /* &qmp_commands once negotiated */
    bool capab[QMP_CAPABILITY__MAX]; /* enabled capabilities */

    /* Main loop thread, BQL held. */
    JSONMessageParser *parser;
    GQueue *requests;   /* of QMPRequest, in arrival order */
} MonitorQMP;

/*
 * Every monitor, protected by monitor_lock.  The list's owner is
 * monitor.c; qmp.c adds and removes (main loop thread, BQL), event
 * emitters walk it from any thread.
 */
extern GList *mon_list;
extern QemuMutex monitor_lock;

/* The negotiation-mode command list (only qmp_capabilities). */
extern QmpCommandList qmp_cap_negotiation_commands;

/* Set the current monitor of this thread; returns the previous one. */
Monitor *monitor_set_cur(Monitor *mon);

/*
 * Send @str, turning each "\n" into "\r\n".  Caller holds
 * @mon->mon_lock.
 */
void monitor_puts_locked(Monitor *mon, const char *str);

/* Send @rsp as one QMP message (JSON + CRLF).  Takes mon->mon_lock. */
void qmp_send_response(MonitorQMP *mon, const QDict *rsp);

/* Whether @mon finished capabilities negotiation.  Holds mon_lock. */
bool monitor_qmp_in_command_mode_locked(MonitorQMP *mon);

/* Send the event @qdict to every QMP monitor in command mode. */
void monitor_qapi_event_emit(QAPIEvent event, QDict *qdict);

/*
 * qmp_capabilities on @mon: enable the capabilities in @list and enter
 * command mode.  Errors as QEMU: already negotiated (CommandNotFound),
 * "Capability %s not available".
 */
bool monitor_qmp_negotiate(MonitorQMP *mon, QMPCapabilityList *list,
                           Error **errp);

/* The greeting's and query-version's VersionInfo. */
VersionInfo *monitor_version_info(void);

/* Register the control commands in @cmds and @negotiation. */
void monitor_register_control_commands(QmpCommandList *cmds,
                                       QmpCommandList *negotiation);

#endif /* MONITOR_MONITOR_INTERNAL_H */
