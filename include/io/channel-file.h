/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * QIOChannelFile: a QIOChannel on a plain file descriptor (regular file,
 * pipe, character device).  SEEKABLE when lseek() works on the fd, which
 * enables positioned I/O for file: migration.  No shutdown.
 * Owner: io/channel-file.c.
 */
#ifndef IO_CHANNEL_FILE_H
#define IO_CHANNEL_FILE_H

#include "io/channel.h"

typedef struct QIOChannelFile {
    QIOChannel parent;
    /* Set at creation, read-only until qio_channel_close(). */
    int fd;
} QIOChannelFile;

bool qio_channel_is_file(QIOChannel *ioc);
/* @ioc as a file channel; asserts that it is one. */
QIOChannelFile *qio_channel_file_cast(QIOChannel *ioc);
#define QIO_CHANNEL_FILE(ioc) qio_channel_file_cast(QIO_CHANNEL(ioc))

/* A channel that takes @fd. */
QIOChannelFile *qio_channel_file_new_fd(int fd);
/* A channel on a dup() of @fd (the caller keeps @fd). */
QIOChannelFile *qio_channel_file_new_dupfd(int fd, Error **errp);
/* open(@path, @flags | O_CLOEXEC, @mode): "Unable to open %s: ..." */
QIOChannelFile *qio_channel_file_new_path(const char *path, int flags,
                                          mode_t mode, Error **errp);

#endif /* IO_CHANNEL_FILE_H */
