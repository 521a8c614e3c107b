/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The QMP command registry: name -> marshaller plus the options the
 * schema gave the command.  Generated qmp_init_marshal*() fill it; the
 * monitor registers the hand-written ('gen': false) commands itself.
 *
 * A list is filled at start-up (main thread) and read-only afterwards,
 * except for qmp_disable_command()/qmp_enable_command(), which callers
 * must serialise with dispatch.
 */
#ifndef QAPI_QMP_REGISTRY_H
#define QAPI_QMP_REGISTRY_H

/*
 * A marshaller: convert @args (borrowed), run the handler, put the reply
 * in *@ret (NULL for "no return value") or set @errp.
 */
typedef void QmpCommandFunc(QDict *args, QObject **ret, Error **errp);

typedef enum QmpCommandOptions {
    QCO_NO_OPTIONS = 0,
    QCO_NO_SUCCESS_RESP = 1u << 0,  /* 'success-response': false */
    QCO_ALLOW_OOB = 1u << 1,        /* 'allow-oob': true */
    QCO_ALLOW_PRECONFIG = 1u << 2,  /* 'allow-preconfig': true */
    QCO_COROUTINE = 1u << 3,        /* 'coroutine': true */
} QmpCommandOptions;

typedef struct QmpCommand {
    const char *name;
    QmpCommandFunc *fn;
    QmpCommandOptions options;
    unsigned special_features;      /* 1u << QAPI_DEPRECATED, ... */
    bool enabled;
    char *disable_reason;
    struct QmpCommand *next;        /* registration order */
} QmpCommand;

/* Zero-initialise (QmpCommandList cmds = { 0 };) before first use. */
typedef struct QmpCommandList {
    QmpCommand *head;
    QmpCommand *tail;
} QmpCommandList;

/* Add @name; registering a name twice is a bug (asserts). */
void qmp_register_command(QmpCommandList *cmds, const char *name,
                          QmpCommandFunc *fn, QmpCommandOptions options,
                          unsigned special_features);

/* Remove @name, if registered. */
void qmp_unregister_command(QmpCommandList *cmds, const char *name);

/* Free every entry (the list is empty afterwards). */
void qmp_command_list_clear(QmpCommandList *cmds);

/* The command @name, or NULL. */
const QmpCommand *qmp_find_command(const QmpCommandList *cmds,
                                   const char *name);

/*
 * Disabled commands fail with CommandNotFound "Command %s has been
 * disabled" (plus ": @reason" if given).
 */
void qmp_disable_command(QmpCommandList *cmds, const char *name,
                         const char *reason);
void qmp_enable_command(QmpCommandList *cmds, const char *name);

bool qmp_command_is_enabled(const QmpCommand *cmd);
const char *qmp_command_name(const QmpCommand *cmd);
bool qmp_has_success_response(const QmpCommand *cmd);

typedef void QmpCommandCallback(const QmpCommand *cmd, void *opaque);

/* Call @fn for each command in registration order. */
void qmp_for_each_command(const QmpCommandList *cmds, QmpCommandCallback *fn,
                          void *opaque);

#endif /* QAPI_QMP_REGISTRY_H */
