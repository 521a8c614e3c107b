/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Socket transport of migration (tcp, unix, vsock): the outgoing
 * connect runs in a worker thread so the main loop never blocks; the
 * incoming side listens with a QIONetListener watched by the main loop.
 */
#include "qemu/osdep.h"
#include "qapi/error.h"
#include "qapi/qapi-conv-sockets.h"
#include "qapi/qobject-conv.h"
#include "io/channel-socket.h"
#include "io/net-listener.h"
#include "options.h"
#include "transports.h"

/* Which migration attempt a pending connect belongs to. */
typedef struct SocketConnectData {
    MigrationState *s;
    uint64_t attempt;
} SocketConnectData;

/* Main loop, BQL: the worker thread finished connecting. */
static void socket_outgoing_connected(QIOChannelSocket *sioc, Error *err,
                                      void *opaque)
{
    SocketConnectData *data = opaque;

    if (data->attempt != data->s->attempt) {
        /*
         * Its migration was cancelled and another one started since:
         * this connection is nobody's (dropping it closes it).
         */
        error_free(err);
        return;
    }
    migration_channel_connect(data->s, QIO_CHANNEL(sioc), err);
}

void socket_start_outgoing_migration(MigrationState *s,
                                     const SocketAddress *addr)
{
    QIOChannelSocket *sioc = qio_channel_socket_new();
    SocketConnectData *data = g_new(SocketConnectData, 1);

    data->s = s;
    data->attempt = s->attempt;
    qio_channel_set_name(QIO_CHANNEL(sioc), "migration-socket-outgoing");
    /* The worker owns @sioc until the callback; our reference goes. */
    qio_channel_socket_connect_async(sioc, addr, socket_outgoing_connected,
                                     data, g_free);
    qio_channel_unref(QIO_CHANNEL(sioc));
}

/* Main loop, BQL: a connection arrived on the listener. */
static void socket_accept_incoming(QIONetListener *listener,
                                   QIOChannelSocket *sioc, void *opaque)
{
    qio_channel_set_name(QIO_CHANNEL(sioc), "migration-socket-incoming");
    migration_channel_process_incoming(QIO_CHANNEL(sioc));
}

bool socket_start_incoming_migration(MigrationIncomingState *mis,
                                     const SocketAddress *addr,
                                     Error **errp)
{
    QIONetListener *listener = qio_net_listener_new();
    SocketAddressList **tail;

    qio_net_listener_set_name(listener, "migration-socket-listener");
    /* Every multifd channel may connect at once, as QEMU's backlog allows. */
    if (!qio_net_listener_open_sync(listener, addr,
                                    migrate_multifd() ?
                                    migrate_multifd_channels() + 1 : 1,
                                    errp)) {
        qio_net_listener_unref(listener);
        return false;
    }
    qapi_free_SocketAddressList(mis->socket_address);
    mis->socket_address = NULL;
    tail = &mis->socket_address;
    for (size_t i = 0; i < qio_net_listener_nsioc(listener); i++) {
        SocketAddress *sa = qio_net_listener_get_local_address(listener, i,
                                                               NULL);

        if (sa) {
            *tail = g_new0(SocketAddressList, 1);
            (*tail)->value = sa;
            tail = &(*tail)->next;
        }
    }
    mis->listener = listener;
    qio_net_listener_set_client_func(listener, socket_accept_incoming,
                                     NULL, NULL);
    return true;
}
