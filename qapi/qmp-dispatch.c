/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Running one QMP request.  The envelope rules and their error texts
 * are QEMU's (docs/devel/qapi.md has the table); argument checking is
 * done by the generated marshaller before the handler runs.
 */
#include "qemu/osdep.h"
#include "qapi/error.h"
#include "qapi/qmp-dispatch.h"
#include "qobject/qdict.h"
#include "qobject/qstring.h"

QDict *qmp_error_response(Error *err)
{
    QDict *rsp = qdict_new();
    QDict *error = qdict_new();

    qdict_put_str(error, "class", error_class_str(error_get_class(err)));
    qdict_put_str(error, "desc", error_get_pretty(err));
    qdict_put(rsp, "error", error);
    error_free(err);
    return rsp;
}

bool qmp_is_oob(const QDict *request)
{
    return qdict_haskey(request, "exec-oob")
        && !qdict_haskey(request, "execute");
}

/*
 * Check the keys of @dict; on success return the command name.  Keys
 * are checked in the order the QDict holds them and the first bad one
 * is reported, as QEMU does; a second "execute"/"exec-oob" key clashes
 * with the first one met.
 */
static const char *check_envelope(const QDict *dict, bool allow_oob,
                                  Error **errp)
{
    const QDictEntry *ent;
    const char *key;
    const char *exec_key = NULL;
    QObject *val;

    for (ent = qdict_first(dict); ent; ent = qdict_next(dict, ent)) {
        key = qdict_entry_key(ent);
        val = qdict_entry_value(ent);
        if (!strcmp(key, "execute")
            || (allow_oob && !strcmp(key, "exec-oob"))) {
            if (qobject_type(val) != QTYPE_QSTRING) {
                error_setg(errp, "QMP input member '%s' must be a string",
                           key);
                return NULL;
            }
            if (exec_key) {
                error_setg(errp, "QMP input member '%s' clashes with '%s'",
                           key, exec_key);
                return NULL;
            }
            exec_key = key;
        } else if (!strcmp(key, "arguments")) {
            if (qobject_type(val) != QTYPE_QDICT) {
                error_setg(errp,
                           "QMP input member 'arguments' must be an object");
                return NULL;
            }
        } else if (strcmp(key, "id")) {
            error_setg(errp, "QMP input member '%s' is unexpected", key);
            return NULL;
        }
    }
    if (!exec_key) {
        error_setg(errp, "QMP input lacks member 'execute'");
        return NULL;
    }
    return qdict_get_str(dict, exec_key);
}

/* Look up and check the command; NULL with @errp set if it can't run. */
static const QmpCommand *find_runnable(const QmpCommandList *cmds,
                                       const char *name, bool oob,
                                       bool preconfig, Error **errp)
{
    const QmpCommand *cmd = qmp_find_command(cmds, name);

    if (!cmd) {
        error_set(errp, ERROR_CLASS_COMMAND_NOT_FOUND,
                  "The command %s has not been found", name);
        return NULL;
    }
    if (!qmp_command_is_enabled(cmd)) {
        error_set(errp, ERROR_CLASS_COMMAND_NOT_FOUND,
                  "Command %s has been disabled%s%s", name,
                  cmd->disable_reason ? ": " : "",
                  cmd->disable_reason ? cmd->disable_reason : "");
        return NULL;
    }
    if (oob && !(cmd->options & QCO_ALLOW_OOB)) {
        error_setg(errp, "The command %s does not support OOB", name);
        return NULL;
    }
    if (preconfig && !(cmd->options & QCO_ALLOW_PRECONFIG)) {
        error_setg(errp, "The command '%s' is permitted only after machine "
                   "initialization has completed", name);
        return NULL;
    }
    return cmd;
}

QDict *qmp_dispatch(const QmpCommandList *cmds, QObject *request,
                    bool allow_oob, bool preconfig)
{
    QDict *dict = qobject_to(QDict, request);
    QObject *id = NULL;
    QObject *ret = NULL;
    QDict *args, *rsp;
    const QmpCommand *cmd;
    const char *name;
    Error *err = NULL;

    if (!dict) {
        error_setg(&err, "QMP input must be a JSON object");
        return qmp_error_response(err);
    }
    id = qdict_get(dict, "id");
    name = check_envelope(dict, allow_oob, &err);
    cmd = name ? find_runnable(cmds, name, qmp_is_oob(dict), preconfig, &err)
               : NULL;
    if (cmd) {
        args = qobject_to(QDict, qdict_get(dict, "arguments"));
        if (args) {
            qobject_ref(args);
        } else {
            args = qdict_new();
        }
        cmd->fn(args, &ret, &err);
        qobject_unref(args);
    }
    if (err) {
        assert(!ret);
        rsp = qmp_error_response(err);
    } else if (!qmp_has_success_response(cmd)) {
        assert(!ret);
        return NULL;
    } else {
        rsp = qdict_new();
        /* commands without 'returns' reply {} */
        qdict_put_obj(rsp, "return", ret ? ret : QOBJECT(qdict_new()));
    }
    if (id) {
        qdict_put_obj(rsp, "id", qobject_ref(id));
    }
    return rsp;
}
