/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Monitors: QMP servers and readline HMP monitors on chardevs, the QMP
 * command list they share, and file descriptors passed to them.
 *
 * Threads: monitors are created and destroyed, and their commands run,
 * in the main loop thread with the BQL held.  Events
 * (qapi_event_emit()) may be raised from any thread.
 */
#ifndef MONITOR_MONITOR_H
#define MONITOR_MONITOR_H

#include "chardev/char.h"
#include "qapi/qmp-registry.h"

typedef struct Monitor Monitor;

/*
 * The commands of QMP's command mode, filled by
 * monitor_init_qmp_commands().
 */
extern QmpCommandList qmp_commands;

/*
 * Fill qmp_commands with every command of the schema whose handler is
 * linked in (qmp_init_marshal()) plus the hand-written marshallers of
 * the 'gen': false commands (query-qmp-schema, object-add), and the
 * negotiation-mode list with qmp_capabilities.  Idempotent;
 * monitor_new_qmp() calls it.  Commands registered in qmp_commands
 * before the first call are kept (tests add their own that way).
 */
void monitor_init_qmp_commands(void);

/*
 * Start a QMP monitor on @chr, which becomes the monitor's (it must have
 * no other frontend: "Device '%s' is in use").  Every connection
 * (CHR_EVENT_OPENED) gets the greeting and starts in negotiation mode;
 * "oob" is offered if @chr has QEMU_CHAR_FEATURE_GCONTEXT.  @pretty
 * selects indented output.  The monitor lives until monitor_destroy() or
 * monitor_cleanup(); it does not own @chr.  Any number of monitors may
 * run at once, each on its own chardev.
 */
Monitor *monitor_new_qmp(Chardev *chr, bool pretty, Error **errp);

/*
 * Stop @mon (QMP or HMP): detach it from its chardev, drop queued
 * requests, close the descriptors getfd gave it, free it.
 * Main loop thread, BQL held, not from one of @mon's own commands.
 */
void monitor_destroy(Monitor *mon);

/* monitor_destroy() every monitor (at exit). */
void monitor_cleanup(void);

/*
 * The monitor whose command is running in this thread, or NULL (valid
 * inside a command handler called by the monitor).
 */
Monitor *monitor_cur(void);

/* Whether @mon is a QMP monitor (else HMP). */
bool monitor_is_qmp(const Monitor *mon);

/*
 * Named descriptors (getfd / closefd).  Take the descriptor getfd
 * stored on @mon under @fdname: the caller owns it from now on and the
 * name is gone.  Error: "File descriptor named '%s' has not been found".
 */
int monitor_get_fd(Monitor *mon, const char *fdname, Error **errp);

/*
 * A descriptor given by a user: a name starting with a digit is a
 * number ("Invalid file descriptor number '%s'" unless it is a whole
 * non-negative decimal number), anything else is taken from @mon as by
 * monitor_get_fd() (with @mon NULL, names are invalid numbers).  This is
 * what migration's "fd:NAME" uses.
 */
int monitor_fd_param(Monitor *mon, const char *fdname, Error **errp);

/*
 * The marshallers of the 'gen': false commands, registered by
 * monitor_init_qmp_commands(): query-qmp-schema (monitor/) and
 * object-add (qom/qom-qmp-cmds.c, which is where object-add's behaviour
 * lives: user_creatable_add_qdict()).
 */
void qmp_query_qmp_schema(QDict *args, QObject **ret, Error **errp);
void qmp_object_add(QDict *args, QObject **ret, Error **errp);

#endif /* MONITOR_MONITOR_H */
