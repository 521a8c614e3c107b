/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The QMP command registry (a list in registration order). */
#include "qemu/osdep.h"
#include "qapi/qmp-registry.h"

static QmpCommand *find_command(const QmpCommandList *cmds, const char *name)
{
    QmpCommand *cmd;

    for (cmd = cmds->head; cmd; cmd = cmd->next) {
        if (!strcmp(cmd->name, name)) {
            return cmd;
        }
    }
    return NULL;
}

void qmp_register_command(QmpCommandList *cmds, const char *name,
                          QmpCommandFunc *fn, QmpCommandOptions options,
                          unsigned special_features)
{
    QmpCommand *cmd = g_new0(QmpCommand, 1);

    /* QCO_COROUTINE with QCO_ALLOW_OOB is refused by the generator */
    assert(!((options & QCO_COROUTINE) && (options & QCO_ALLOW_OOB)));
    assert(!find_command(cmds, name));
    cmd->name = name;
    cmd->fn = fn;
    cmd->options = options;
    cmd->special_features = special_features;
    cmd->enabled = true;
    if (cmds->tail) {
        cmds->tail->next = cmd;
    } else {
        cmds->head = cmd;
    }
    cmds->tail = cmd;
}

void qmp_unregister_command(QmpCommandList *cmds, const char *name)
{
    QmpCommand **link, *prev = NULL;

    for (link = &cmds->head; *link; prev = *link, link = &(*link)->next) {
        QmpCommand *cmd = *link;

        if (!strcmp(cmd->name, name)) {
            *link = cmd->next;
            if (cmds->tail == cmd) {
                cmds->tail = prev;
            }
            g_free(cmd->disable_reason);
            g_free(cmd);
            return;
        }
    }
}

void qmp_command_list_clear(QmpCommandList *cmds)
{
    QmpCommand *cmd, *next;

    for (cmd = cmds->head; cmd; cmd = next) {
        next = cmd->next;
        g_free(cmd->disable_reason);
        g_free(cmd);
    }
    cmds->head = cmds->tail = NULL;
}

const QmpCommand *qmp_find_command(const QmpCommandList *cmds,
                                   const char *name)
{
    return find_command(cmds, name);
}

static void set_enabled(QmpCommandList *cmds, const char *name, bool enabled,
                        const char *reason)
{
    QmpCommand *cmd = find_command(cmds, name);

    if (cmd) {
        cmd->enabled = enabled;
        g_free(cmd->disable_reason);
        cmd->disable_reason = g_strdup(reason);
    }
}

void qmp_disable_command(QmpCommandList *cmds, const char *name,
                         const char *reason)
{
    set_enabled(cmds, name, false, reason);
}

void qmp_enable_command(QmpCommandList *cmds, const char *name)
{
    set_enabled(cmds, name, true, NULL);
}

bool qmp_command_is_enabled(const QmpCommand *cmd)
{
    return cmd->enabled;
}

const char *qmp_command_name(const QmpCommand *cmd)
{
    return cmd->name;
}

bool qmp_has_success_response(const QmpCommand *cmd)
{
    return !(cmd->options & QCO_NO_SUCCESS_RESP);
}

void qmp_for_each_command(const QmpCommandList *cmds, QmpCommandCallback *fn,
                          void *opaque)
{
    const QmpCommand *cmd;

    for (cmd = cmds->head; cmd; cmd = cmd->next) {
        fn(cmd, opaque);
    }
}
