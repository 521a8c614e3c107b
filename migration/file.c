/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * file: transport of migration: the stream written to, or read from, a
 * file starting at an offset (the bytes before it belong to the user,
 * e.g. libvirt's save header).
 */
#include "qemu/osdep.h"
#include "qapi/error.h"
#include "qemu/cutils.h"
#include "io/channel-file.h"
#include "transports.h"

bool file_parse_uri(const char *spec, FileMigrationArgs *args, Error **errp)
{
    const char *opt = strstr(spec, ",offset=");
    uint64_t offset = 0;

    if (opt) {
        if (qemu_strtosz(opt + strlen(",offset="), NULL, &offset)) {
            error_setg(errp, "file URI has bad offset %s",
                       opt + strlen(",offset="));
            return false;
        }
        args->filename = g_strndup(spec, opt - spec);
    } else {
        args->filename = g_strdup(spec);
    }
    args->offset = offset;
    return true;
}

static bool file_seek(QIOChannel *ioc, uint64_t offset, Error **errp)
{
    if (offset && qio_channel_io_seek(ioc, offset, SEEK_SET, errp) < 0) {
        return false;
    }
    return true;
}

bool file_start_outgoing_migration(MigrationState *s,
                                   const FileMigrationArgs *args,
                                   Error **errp)
{
    QIOChannelFile *fioc;

    fioc = qio_channel_file_new_path(args->filename, O_CREAT | O_WRONLY,
                                     0600, errp);
    if (!fioc) {
        return false;
    }
    /* Whatever followed the offset is stale. */
    if (ftruncate(fioc->fd, args->offset) < 0) {
        error_setg_errno(errp, errno, "failed to truncate migration file "
                         "to offset %" PRIx64, args->offset);
        qio_channel_unref(QIO_CHANNEL(fioc));
        return false;
    }
    if (!file_seek(QIO_CHANNEL(fioc), args->offset, errp)) {
        qio_channel_unref(QIO_CHANNEL(fioc));
        return false;
    }
    qio_channel_set_name(QIO_CHANNEL(fioc), "migration-file-outgoing");
    migration_channel_connect(s, QIO_CHANNEL(fioc), NULL);
    qio_channel_unref(QIO_CHANNEL(fioc));
    return true;
}

static void file_incoming_start(void *opaque)
{
    QIOChannel *ioc = opaque;

    migration_channel_process_incoming(ioc);
    qio_channel_unref(ioc);
}

bool file_start_incoming_migration(MigrationIncomingState *mis,
                                   const FileMigrationArgs *args,
                                   Error **errp)
{
    QIOChannelFile *fioc;

    fioc = qio_channel_file_new_path(args->filename, O_RDONLY, 0, errp);
    if (!fioc) {
        return false;
    }
    if (!file_seek(QIO_CHANNEL(fioc), args->offset, errp)) {
        qio_channel_unref(QIO_CHANNEL(fioc));
        return false;
    }
    qio_channel_set_name(QIO_CHANNEL(fioc), "migration-file-incoming");
    /* A file is always readable: start from the main loop. */
    qemu_bh_schedule_oneshot(file_incoming_start, fioc);
    return true;
}
