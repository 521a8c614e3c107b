/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Monitors: QMP servers on chardevs, and the command list they share.
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
 * The commands of QMP's command mode.  Fill it at start-up, before the
 * first client can connect (e.g. qmp_init_marshal_<module>(&qmp_commands));
 * monitor_init_qmp_commands() adds the control commands.
 */
extern QmpCommandList qmp_commands;

/*
 * Register the monitor's own commands (qmp_capabilities, query-version,
 * query-commands) in qmp_commands and the negotiation-mode list.
 * Idempotent; monitor_new_qmp() calls it.
 */
void monitor_init_qmp_commands(void);

/*
 * Start a QMP monitor on @chr, which becomes the monitor's (it must have
 * no other frontend: "Device '%s' is in use").  Every connection
 * (CHR_EVENT_OPENED) gets the greeting and starts in negotiation mode;
 * "oob" is offered if @chr has QEMU_CHAR_FEATURE_GCONTEXT.  @pretty
 * selects indented output.  The monitor lives until monitor_destroy() or
 * monitor_cleanup(); it does not own @chr.
 */
Monitor *monitor_new_qmp(Chardev *chr, bool pretty, Error **errp);

/*
 * Stop @mon: detach it from its chardev, drop queued requests, free it.
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

#endif /* MONITOR_MONITOR_H */
