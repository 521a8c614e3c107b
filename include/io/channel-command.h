/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * QIOChannelCommand: a QIOChannel on the stdin and/or stdout of a child
 * process (exec: migration).  Writes go to the child's stdin, reads come
 * from its stdout; its stderr stays ours.  Closing the channel closes
 * the pipes, then waits for the child (it must exit by itself, as in
 * QEMU) and fails if it exited with a non-zero status or died of a
 * signal (except SIGPIPE on a channel we were only reading from, which
 * only means we stopped reading first).  No shutdown, not seekable.
 * Owner: io/channel-command.c.
 */
#ifndef IO_CHANNEL_COMMAND_H
#define IO_CHANNEL_COMMAND_H

#include "io/channel.h"

typedef struct QIOChannelCommand {
    QIOChannel parent;
    /* Set at creation, read-only until qio_channel_close(). */
    int readfd;    /* the child's stdout, or -1 */
    int writefd;   /* the child's stdin, or -1 */
    pid_t pid;     /* -1 once reaped */
    char *command; /* for messages */
} QIOChannelCommand;

bool qio_channel_is_command(QIOChannel *ioc);

/*
 * Run @argv (argv[0] is a path; no PATH search) with a pipe to its stdin
 * (@flags O_WRONLY), from its stdout (O_RDONLY), or both (O_RDWR); the
 * unused standard stream is /dev/null.  The child gets default SIGPIPE
 * handling and none of our other fds.
 */
QIOChannelCommand *qio_channel_command_new_spawn(const char *const argv[],
                                                 int flags, Error **errp);
/* The same for "/bin/sh -c @command", as exec: migration runs it. */
QIOChannelCommand *qio_channel_command_new_shell(const char *command,
                                                 int flags, Error **errp);

#endif /* IO_CHANNEL_COMMAND_H */
