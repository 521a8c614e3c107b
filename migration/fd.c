/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * fd: transport of migration: a descriptor passed with getfd (by name)
 * or inherited (by number), wrapped as a socket or file channel.
 */
#include "qemu/osdep.h"
#include "qapi/error.h"
#include "monitor/monitor.h"
#include "transports.h"

static QIOChannel *fd_open_channel(const char *fdname, const char *name,
                                   Error **errp)
{
    int fd = monitor_fd_param(monitor_cur(), fdname, errp);
    QIOChannel *ioc;

    if (fd < 0) {
        return NULL;
    }
    ioc = qio_channel_new_fd(fd, errp);
    if (!ioc) {
        close(fd);
        return NULL;
    }
    qio_channel_set_name(ioc, name);
    return ioc;
}

bool fd_start_outgoing_migration(MigrationState *s, const char *fdname,
                                 Error **errp)
{
    QIOChannel *ioc = fd_open_channel(fdname, "migration-fd-outgoing", errp);

    if (!ioc) {
        return false;
    }
    migration_channel_connect(s, ioc, NULL);
    qio_channel_unref(ioc);
    return true;
}

/* Main loop: the descriptor is readable (or hung up): start loading. */
static gboolean fd_incoming_ready(QIOChannel *ioc, GIOCondition cond,
                                  gpointer opaque)
{
    migration_channel_process_incoming(ioc);
    return G_SOURCE_REMOVE;
}

void migration_incoming_when_readable(QIOChannel *ioc)
{
    /* The watch holds its own reference until it fires. */
    qio_channel_add_watch(ioc, G_IO_IN, fd_incoming_ready, NULL, NULL);
    qio_channel_unref(ioc);
}

bool fd_start_incoming_migration(MigrationIncomingState *mis,
                                 const char *fdname, Error **errp)
{
    QIOChannel *ioc = fd_open_channel(fdname, "migration-fd-incoming", errp);

    if (!ioc) {
        return false;
    }
    migration_incoming_when_readable(ioc);
    return true;
}
