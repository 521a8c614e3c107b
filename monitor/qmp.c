/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The QMP server: greeting, capabilities negotiation, request parsing,
 * the request queue with its flow control, dispatch and responses.
 *
 * Per connection (see docs/devel/monitor.md):
 *   CHR_EVENT_OPENED -> greeting, negotiation mode (commands =
 *   qmp_cap_negotiation_commands, no events) -> qmp_capabilities ->
 *   command mode (commands = qmp_commands, events delivered) ->
 *   CHR_EVENT_CLOSED -> queue dropped, parser reset, negotiation mode.
 *
 * Requests are queued in arrival order and run one at a time by a bottom
 * half.  Input is suspended while the queue is full: one request without
 * OOB, QMP_REQ_QUEUE_LEN_MAX with it.  With OOB enabled, "exec-oob"
 * requests run as soon as they are parsed, ahead of the queue.  All of it
 * runs in the main loop thread with the BQL held.
 */
#include "qemu/osdep.h"
#include "qapi/error.h"
#include "qapi/qapi-init-commands.h"
#include "qapi/qmp-dispatch.h"
#include "qapi/qobject-conv.h"
#include "qemu/main-loop.h"
#include "qobject/qdict.h"
#include "qobject/qjson.h"
#include "qobject/qlist.h"
#include "qobject/qstring.h"
#include "qapi/qapi-commands-control.h"
#include "monitor-internal.h"

QmpCommandList qmp_commands;
QmpCommandList qmp_cap_negotiation_commands;

/*
 * Runs the queued requests of all QMP monitors, one per run, taking the
 * monitors in turn.  Created with the first monitor; main loop thread.
 */
static QEMUBH *qmp_dispatcher_bh;

void monitor_init_qmp_commands(void)
{
    static bool done;

    if (done) {
        return;
    }
    done = true;
    /*
     * Every generated command whose handler is linked in (see
     * qapi_partial_modules in qapi/meson.build), then the 'gen': false
     * ones with their hand-written marshallers, options as the schema
     * gives them.
     */
    qmp_init_marshal(&qmp_commands);
    qmp_register_command(&qmp_commands, "query-qmp-schema",
                         qmp_query_qmp_schema, QCO_ALLOW_PRECONFIG, 0);
    qmp_register_command(&qmp_commands, "object-add", qmp_object_add,
                         QCO_ALLOW_PRECONFIG, 0);
    qmp_register_command(&qmp_cap_negotiation_commands, "qmp_capabilities",
                         qmp_marshal_qmp_capabilities, QCO_ALLOW_PRECONFIG,
                         0);
}

bool monitor_qmp_in_command_mode_locked(MonitorQMP *mon)
{
    return mon->commands == &qmp_commands;
}

static bool qmp_oob_enabled(MonitorQMP *mon)
{
    return mon->capab[QMP_CAPABILITY_OOB];
}

/* Back to negotiation mode with no capability enabled. */
static void monitor_qmp_caps_reset_locked(MonitorQMP *mon)
{
    mon->commands = &qmp_cap_negotiation_commands;
    memset(mon->capab, 0, sizeof(mon->capab));
}

bool monitor_qmp_negotiate(MonitorQMP *mon, QMPCapabilityList *list,
                           Error **errp)
{
    bool capab[QMP_CAPABILITY__MAX] = { false };
    g_autoptr(GString) unavailable = NULL;

    if (mon->commands == &qmp_commands) {
        error_set(errp, ERROR_CLASS_COMMAND_NOT_FOUND,
                  "Capabilities negotiation is already complete, command "
                  "ignored");
        return false;
    }
    for (; list; list = list->next) {
        if (!mon->capab_offered[list->value]) {
            if (!unavailable) {
                unavailable = g_string_new(NULL);
            } else {
                g_string_append(unavailable, ", ");
            }
            g_string_append(unavailable, QMPCapability_str(list->value));
        }
        capab[list->value] = true;
    }
    if (unavailable) {
        error_setg(errp, "Capability %s not available", unavailable->str);
        return false;
    }

    qemu_mutex_lock(&mon->common.mon_lock);
    memcpy(mon->capab, capab, sizeof(capab));
    mon->commands = &qmp_commands;
    qemu_mutex_unlock(&mon->common.mon_lock);
    return true;
}

void qmp_send_response(MonitorQMP *mon, const QDict *rsp)
{
    GString *json = qobject_to_json_pretty(QOBJECT(rsp), mon->common.pretty);

    g_string_append_c(json, '\n');
    qemu_mutex_lock(&mon->common.mon_lock);
    monitor_puts_locked(&mon->common, json->str);
    qemu_mutex_unlock(&mon->common.mon_lock);
    g_string_free(json, true);
}

static QDict *qmp_greeting(MonitorQMP *mon)
{
    VersionInfo *info = monitor_version_info();
    QDict *greeting = qdict_new();
    QDict *qmp = qdict_new();
    QList *caps = qlist_new();

    for (int i = 0; i < QMP_CAPABILITY__MAX; i++) {
        if (mon->capab_offered[i]) {
            qlist_append_str(caps, QMPCapability_str(i));
        }
    }
    qdict_put_obj(qmp, "version", qapi_to_qobject(&qapi_type_VersionInfo,
                                                  &info));
    qdict_put(qmp, "capabilities", caps);
    qdict_put(greeting, "QMP", qmp);
    qapi_free_VersionInfo(info);
    return greeting;
}

/*
 * Running requests
 */

static void qmp_request_free(QMPRequest *req)
{
    qobject_unref(req->req);
    error_free(req->err);
    g_free(req);
}

/* Run @req (borrowed) on @mon and send the response, if any. */
static void monitor_qmp_dispatch(MonitorQMP *mon, QObject *req)
{
    Monitor *old = monitor_set_cur(&mon->common);
    QDict *rsp = qmp_dispatch(mon->commands, req, qmp_oob_enabled(mon),
                              false);
    QDict *error;

    monitor_set_cur(old);
    if (!rsp) {
        return; /* a command without success response */
    }
    error = qobject_to(QDict, qdict_get(rsp, "error"));
    if (mon->commands == &qmp_cap_negotiation_commands && error &&
        !g_strcmp0(qdict_get_try_str(error, "class"),
                   error_class_str(ERROR_CLASS_COMMAND_NOT_FOUND))) {
        /* In negotiation mode, say what is expected instead. */
        qdict_put_str(error, "desc", "Expecting capabilities negotiation "
                      "with 'qmp_capabilities'");
    }
    qmp_send_response(mon, rsp);
    qobject_unref(rsp);
}

static size_t monitor_qmp_queue_limit(MonitorQMP *mon)
{
    return qmp_oob_enabled(mon) ? QMP_REQ_QUEUE_LEN_MAX : 1;
}

/* The monitor whose turn it is, moved to the end of the list; or NULL. */
static MonitorQMP *monitor_qmp_next_with_request(void)
{
    MonitorQMP *found = NULL;

    qemu_mutex_lock(&monitor_lock);
    for (GList *l = mon_list; l; l = l->next) {
        Monitor *common = l->data;
        MonitorQMP *mon = container_of(common, MonitorQMP, common);

        if (common->is_qmp && !g_queue_is_empty(mon->requests)) {
            found = mon;
            mon_list = g_list_delete_link(mon_list, l);
            mon_list = g_list_append(mon_list, common);
            break;
        }
    }
    qemu_mutex_unlock(&monitor_lock);
    return found;
}

static void monitor_qmp_dispatcher_bh(void *opaque)
{
    MonitorQMP *mon = monitor_qmp_next_with_request();
    QMPRequest *req;

    if (!mon) {
        return;
    }
    req = g_queue_pop_head(mon->requests);
    if (req->req) {
        monitor_qmp_dispatch(mon, req->req);
    } else {
        QDict *rsp = qmp_error_response(req->err);

        req->err = NULL; /* qmp_error_response() freed it */
        qmp_send_response(mon, rsp);
        qobject_unref(rsp);
    }
    qmp_request_free(req);

    /* Room in the queue again: take input (no-op unless suspended). */
    qemu_chr_fe_accept_input(&mon->common.chr);
    if (monitor_qmp_next_with_request()) {
        qemu_bh_schedule(qmp_dispatcher_bh);
    }
}

/*
 * Input
 */

/* JSONMessageEmit: one complete request (or parse error) from @mon. */
static void handle_qmp_command(void *opaque, QObject *req, Error *err)
{
    MonitorQMP *mon = opaque;
    QDict *qdict = qobject_to(QDict, req);
    QMPRequest *qreq;

    if (qdict && qmp_oob_enabled(mon) && qmp_is_oob(qdict)) {
        /* Out of band: now, ahead of anything queued. */
        monitor_qmp_dispatch(mon, req);
        qobject_unref(req);
        return;
    }
    qreq = g_new0(QMPRequest, 1);
    qreq->req = req;
    qreq->err = err;
    g_queue_push_tail(mon->requests, qreq);
    qemu_bh_schedule(qmp_dispatcher_bh);
}

/*
 * IOCanReadHandler: nothing while the queue is full.  One read may still
 * hold several requests; they are all queued, so the limit can be
 * overshot by what one read brought in, but never by more.
 */
static int monitor_qmp_can_read(void *opaque)
{
    MonitorQMP *mon = opaque;

    return g_queue_get_length(mon->requests) < monitor_qmp_queue_limit(mon)
               ? 4096
               : 0;
}

static void monitor_qmp_read(void *opaque, const uint8_t *buf, int size)
{
    MonitorQMP *mon = opaque;

    json_message_parser_feed(mon->parser, (const char *)buf, size);
}

static void monitor_qmp_drop_requests(MonitorQMP *mon)
{
    QMPRequest *req;

    while ((req = g_queue_pop_head(mon->requests))) {
        qmp_request_free(req);
    }
}

static void monitor_qmp_event(void *opaque, QEMUChrEvent event)
{
    MonitorQMP *mon = opaque;
    QDict *greeting;

    switch (event) {
    case CHR_EVENT_OPENED:
        qemu_mutex_lock(&mon->common.mon_lock);
        monitor_qmp_caps_reset_locked(mon);
        qemu_mutex_unlock(&mon->common.mon_lock);
        greeting = qmp_greeting(mon);
        qmp_send_response(mon, greeting);
        qobject_unref(greeting);
        break;
    case CHR_EVENT_CLOSED:
        /*
         * Whatever the client left behind (queued requests, half a
         * message) belongs to it and goes with it.
         */
        qemu_mutex_lock(&mon->common.mon_lock);
        monitor_qmp_caps_reset_locked(mon);
        qemu_mutex_unlock(&mon->common.mon_lock);
        monitor_qmp_drop_requests(mon);
        json_message_parser_free(mon->parser);
        mon->parser = json_message_parser_new(handle_qmp_command, mon, NULL);
        qemu_chr_fe_accept_input(&mon->common.chr);
        break;
    }
}

Monitor *monitor_new_qmp(Chardev *chr, bool pretty, Error **errp)
{
    MonitorQMP *mon = g_new0(MonitorQMP, 1);

    if (!qemu_chr_fe_init(&mon->common.chr, chr, errp)) {
        g_free(mon);
        return NULL;
    }
    monitor_init_qmp_commands();
    if (!qmp_dispatcher_bh) {
        qmp_dispatcher_bh = qemu_bh_new(monitor_qmp_dispatcher_bh, NULL);
    }
    monitor_data_init(&mon->common, true, pretty);
    mon->capab_offered[QMP_CAPABILITY_OOB] =
        qemu_chr_has_feature(chr, QEMU_CHAR_FEATURE_GCONTEXT);
    mon->commands = &qmp_cap_negotiation_commands;
    mon->parser = json_message_parser_new(handle_qmp_command, mon, NULL);
    mon->requests = g_queue_new();
    monitor_list_append(&mon->common);

    /* Sends the greeting now if @chr is already open (stdio, client). */
    qemu_chr_fe_set_handlers(&mon->common.chr, monitor_qmp_can_read,
                             monitor_qmp_read, monitor_qmp_event, mon);
    return &mon->common;
}

void monitor_qmp_destroy(MonitorQMP *mon)
{
    monitor_qmp_drop_requests(mon);
    g_queue_free(mon->requests);
    json_message_parser_free(mon->parser);
    monitor_data_destroy(&mon->common);
    g_free(mon);
}

void monitor_cleanup(void)
{
    while (mon_list) {
        monitor_destroy(mon_list->data);
    }
    if (qmp_dispatcher_bh) {
        qemu_bh_delete(qmp_dispatcher_bh);
        qmp_dispatcher_bh = NULL;
    }
}
