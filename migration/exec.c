/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * exec: transport of migration: the stream goes to the standard input
 * of a command (outgoing) or comes from its standard output (incoming).
 */
#include "qemu/osdep.h"
#include "qapi/error.h"
#include "io/channel-command.h"
#include "transports.h"

static QIOChannel *exec_spawn(strList *args, int flags, const char *name,
                              Error **errp)
{
    g_autoptr(GPtrArray) argv = g_ptr_array_new();
    QIOChannelCommand *cioc;

    for (strList *l = args; l; l = l->next) {
        g_ptr_array_add(argv, l->value);
    }
    if (!argv->len) {
        error_setg(errp, "exec: needs a command");
        return NULL;
    }
    g_ptr_array_add(argv, NULL);
    cioc = qio_channel_command_new_spawn((const char *const *)argv->pdata,
                                         flags, errp);
    if (!cioc) {
        return NULL;
    }
    qio_channel_set_name(QIO_CHANNEL(cioc), name);
    return QIO_CHANNEL(cioc);
}

bool exec_start_outgoing_migration(MigrationState *s, strList *args,
                                   Error **errp)
{
    QIOChannel *ioc = exec_spawn(args, O_WRONLY, "migration-exec-outgoing",
                                 errp);

    if (!ioc) {
        return false;
    }
    migration_channel_connect(s, ioc, NULL);
    qio_channel_unref(ioc);
    return true;
}

bool exec_start_incoming_migration(MigrationIncomingState *mis,
                                   strList *args, Error **errp)
{
    QIOChannel *ioc = exec_spawn(args, O_RDONLY, "migration-exec-incoming",
                                 errp);

    if (!ioc) {
        return false;
    }
    migration_incoming_when_readable(ioc);
    return true;
}
