/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Migration addresses: the URI grammar of migrate, migrate-incoming,
 * -incoming and HMP (tcp:, unix:, vsock:, fd:, exec:, file:) turned
 * into a MigrationChannel, and the dispatch of an address to the
 * transport that connects or listens.
 * Threads: main thread with the BQL.
 * Owner: migration/channel.c.
 */
#ifndef MIGRATION_CHANNEL_H
#define MIGRATION_CHANNEL_H

#include "migration/migration.h"

/*
 * Parse @uri into a new main channel (*@channel, free with
 * qapi_free_MigrationChannel()).  Unknown scheme: "unknown migration
 * protocol: URI".
 */
bool migrate_uri_parse(const char *uri, MigrationChannel **channel,
                       Error **errp);

/*
 * Pick the address of a migrate/migrate-incoming request: exactly one
 * of @uri and @channels ("need either 'uri' or 'channels' argument"),
 * at most one channel per type and a main one (@incoming: exactly one
 * main channel).  Returns a new address (caller frees).
 */
MigrationAddress *migrate_address_from_args(const char *uri,
                                            bool has_channels,
                                            MigrationChannelList *channels,
                                            bool incoming, Error **errp);

/*
 * Whether @addr can carry this migration: multifd (and postcopy-preempt)
 * need a transport that opens several connections (tcp, unix, vsock;
 * file only with mapped-ram).  QEMU's text otherwise.
 */
bool migration_transport_compatible(const MigrationAddress *addr,
                                    Error **errp);

/*
 * Start connecting to @addr for the outgoing migration @s; the result
 * arrives in migration_channel_connect() (now or, for sockets, from the
 * main loop later).  False with @errp when the address is refused up
 * front.
 */
bool migration_connect_outgoing(MigrationState *s,
                                const MigrationAddress *addr, Error **errp);

/*
 * Start waiting for (or reading) the incoming migration at @addr; the
 * main channel arrives in migration_channel_process_incoming().
 */
bool migration_listen_incoming(MigrationIncomingState *mis,
                               const MigrationAddress *addr, Error **errp);

/* Stop listening (idempotent; main thread). */
void migration_incoming_stop_listening(MigrationIncomingState *mis);

/* An address in the textual URI form (for HMP and messages). */
char *migration_address_to_string(const MigrationAddress *addr);

#endif /* MIGRATION_CHANNEL_H */
