/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Inside the monitor: the Monitor, MonitorQMP and MonitorHMP structures
 * and what monitor.c, qmp.c, hmp.c, fds.c and the command files share.
 */
#ifndef MONITOR_MONITOR_INTERNAL_H
#define MONITOR_MONITOR_INTERNAL_H

#include "monitor/hmp.h"
#include "monitor/monitor.h"
#include "qapi/qapi-emit-events.h"
#include "qapi/qapi-types-control.h"
#include "qemu/thread.h"
#include "qobject/json-parser.h"

/* What a QMP client may have queued before its input is suspended. */
#define QMP_REQ_QUEUE_LEN_MAX 8

/* Lines a readline HMP monitor remembers. */
#define HMP_HISTORY_MAX 64

struct Monitor {
    /* Set at creation, read-only after. */
    CharBackend chr;   /* chr.chr is NULL for a capture monitor */
    bool is_qmp;
    bool pretty;

    /*
     * Serialises output (responses from the main loop thread, events
     * from any thread) so that messages never interleave, and protects
     * the mode fields of MonitorQMP that event emitters read, @outbuf
     * and @fds.
     */
    QemuMutex mon_lock;

    /*
     * human-monitor-command's monitor: output is collected here instead
     * of going to a chardev.  NULL otherwise.
     */
    GString *outbuf;

    /* getfd's named descriptors (MonitorFd *), closed with the monitor. */
    GSList *fds;
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

/* A readline HMP monitor, or a capture one (no chardev, no line state). */
typedef struct MonitorHMP {
    Monitor common;

    /* The line editor.  Main loop thread, BQL held. */
    GString *line;          /* the line being typed */
    size_t cursor;          /* position in @line */
    GString *shown;         /* what the terminal shows after the prompt */
    size_t shown_cursor;    /* and where its cursor is */
    int esc_state;          /* 0, or where in an escape sequence we are */
    char esc_param;         /* the digit of "ESC [ n ~" */
    bool last_was_cr;       /* swallow the LF of a CR LF pair */
    char *history[HMP_HISTORY_MAX]; /* oldest first */
    int history_len;
    int history_pos;        /* history_len: not browsing */
} MonitorHMP;

/*
 * Every monitor with a chardev (QMP and HMP), protected by monitor_lock.
 * The list's owner is monitor.c; qmp.c and hmp.c add, monitor_destroy()
 * removes (main loop thread, BQL), event emitters walk it from any
 * thread.
 */
extern GList *mon_list;
extern QemuMutex monitor_lock;

/* The negotiation-mode command list (only qmp_capabilities). */
extern QmpCommandList qmp_cap_negotiation_commands;

/* HMP command tables (hmp-commands.c), sorted by name, ending in {}. */
extern const HMPCommand hmp_cmds[];
extern const HMPCommand hmp_info_cmds[];

/* Set the current monitor of this thread; returns the previous one. */
Monitor *monitor_set_cur(Monitor *mon);

/* Fill the common part of a new monitor (not yet on mon_list). */
void monitor_data_init(Monitor *mon, bool is_qmp, bool pretty);

/* Release what monitor_data_init() and the fd commands left in @mon. */
void monitor_data_destroy(Monitor *mon);

/* Add @mon to mon_list. */
void monitor_list_append(Monitor *mon);

/*
 * Send @str, turning each "\n" into "\r\n" (to the chardev, or to the
 * capture buffer).  Caller holds @mon->mon_lock.
 */
void monitor_puts_locked(Monitor *mon, const char *str);

/* monitor_puts_locked() taking the lock. */
void monitor_puts(Monitor *mon, const char *str);

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

/* The kind-specific part of monitor_destroy() (qmp.c, hmp.c). */
void monitor_qmp_destroy(MonitorQMP *mon);
void monitor_hmp_destroy(MonitorHMP *mon);

/*
 * Run one HMP command line on @mon: look the command up, parse its
 * arguments, call the handler with @mon as the current monitor.
 * Problems are printed on @mon.
 */
void handle_hmp_command(MonitorHMP *mon, const char *cmdline);

/*
 * Parse the arguments at *@endp as @cmd's args_type says ("name:T,...",
 * see include/monitor/hmp.h) into a new QDict, or print what is wrong on
 * @mon (QEMU's texts) and return NULL.
 */
QDict *hmp_parse_arguments(Monitor *mon, const char **endp,
                           const HMPCommand *cmd);

/*
 * A monitor without chardev whose output is collected (for
 * human-monitor-command), and its end: the output, monitor freed.
 */
MonitorHMP *monitor_hmp_new_capture(void);
char *monitor_hmp_capture_finish(MonitorHMP *mon);

/* help [CMD...]: the command list, or the entries CMDLINE names. */
void hmp_help_cmd(Monitor *mon, const char *cmdline);

/* Help and info handlers of the table (hmp-cmds.c). */
void hmp_help(Monitor *mon, const QDict *qdict);
void hmp_info_help(Monitor *mon, const QDict *qdict);

/* Close every named descriptor of @mon (getfd). */
void monitor_fds_release(Monitor *mon);

#endif /* MONITOR_MONITOR_INTERNAL_H */
