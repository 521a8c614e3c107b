/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The migration transports.  Each one connects the outgoing main
 * channel (handing it to migration_channel_connect(), possibly later
 * from the main loop) or provides the incoming one (handing it to
 * migration_channel_process_incoming()).  All entry points run in the
 * main thread with the BQL.
 * Owners: migration/socket.c, fd.c, exec.c, file.c.
 */
#ifndef MIGRATION_TRANSPORTS_H
#define MIGRATION_TRANSPORTS_H

#include "migration/migration.h"

/* socket.c: tcp, unix, vsock; connects never block the main loop. */
void socket_start_outgoing_migration(MigrationState *s,
                                     const SocketAddress *addr);
bool socket_start_incoming_migration(MigrationIncomingState *mis,
                                     const SocketAddress *addr,
                                     Error **errp);

/* fd.c: a descriptor from getfd (name) or inherited (number). */
bool fd_start_outgoing_migration(MigrationState *s, const char *fdname,
                                 Error **errp);
bool fd_start_incoming_migration(MigrationIncomingState *mis,
                                 const char *fdname, Error **errp);

/*
 * fd.c, also for exec.c: start loading from @ioc once it is readable
 * (from the main loop); takes over the caller's reference.
 */
void migration_incoming_when_readable(QIOChannel *ioc);

/* exec.c: "/bin/sh -c CMD" (uri) or an argv (channels). */
bool exec_start_outgoing_migration(MigrationState *s, strList *args,
                                   Error **errp);
bool exec_start_incoming_migration(MigrationIncomingState *mis,
                                   strList *args, Error **errp);

/* file.c: a file at an offset (the stream written or read there). */
bool file_start_outgoing_migration(MigrationState *s,
                                   const FileMigrationArgs *args,
                                   Error **errp);
bool file_start_incoming_migration(MigrationIncomingState *mis,
                                   const FileMigrationArgs *args,
                                   Error **errp);
/* Parse "PATH[,offset=N]" (file: URIs). */
bool file_parse_uri(const char *spec, FileMigrationArgs *args,
                    Error **errp);

#endif /* MIGRATION_TRANSPORTS_H */
