/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * QIOChannelSocket: a QIOChannel on a stream socket (tcp, unix, vsock or
 * an fd handed over by the monitor): connect (blocking, or in a worker
 * thread with the result delivered to the main loop), listen, accept,
 * SCM_RIGHTS fd passing on unix sockets, MSG_PEEK, shutdown.
 *
 * Features: SHUTDOWN and READ_MSG_PEEK always, FD_PASS on unix sockets,
 * LISTEN on listening ones.  Writes never raise SIGPIPE (EPIPE instead).
 * Owner: io/channel-socket.c.
 */
#ifndef IO_CHANNEL_SOCKET_H
#define IO_CHANNEL_SOCKET_H

#include <sys/socket.h>
#include "io/channel.h"
#include "qapi/qapi-types-sockets.h"

typedef struct QIOChannelSocket {
    QIOChannel parent;
    /*
     * Set by new_fd/connect/listen/accept before the channel is shared
     * (an async connect's worker thread owns the channel until its
     * callback runs); read-only after, until qio_channel_close().
     */
    int fd;
    struct sockaddr_storage local_addr;
    socklen_t local_addr_len;
    struct sockaddr_storage remote_addr;
    socklen_t remote_addr_len;  /* 0 when not connected */
} QIOChannelSocket;

/* True if @ioc is a socket channel. */
bool qio_channel_is_socket(QIOChannel *ioc);
/* @ioc as a socket channel; asserts that it is one. */
QIOChannelSocket *qio_channel_socket_cast(QIOChannel *ioc);
#define QIO_CHANNEL_SOCKET(ioc) qio_channel_socket_cast(QIO_CHANNEL(ioc))

/* A socket channel with no socket yet (for connect/listen). */
QIOChannelSocket *qio_channel_socket_new(void);

/*
 * A channel on the connected or listening socket @fd (a monitor fd, one
 * end of a socketpair).  Takes @fd on success; on failure the caller
 * still owns it.
 */
QIOChannelSocket *qio_channel_socket_new_fd(int fd, Error **errp);

/*
 * Connect @ioc (fresh from qio_channel_socket_new()) to @addr, blocking
 * the calling thread (name resolution and the TCP handshake).  An fd
 * address must hold a number: resolve monitor fd names first.
 */
bool qio_channel_socket_connect_sync(QIOChannelSocket *ioc,
                                     const SocketAddress *addr,
                                     Error **errp);

/*
 * Result of an asynchronous connect, called in the main loop with the
 * BQL held.  @err is NULL on success, else the cause (the callback owns
 * it).  @ioc is borrowed: take a reference to keep it.
 */
typedef void QIOChannelSocketConnectFunc(QIOChannelSocket *ioc, Error *err,
                                         void *opaque);

/*
 * Connect in a worker thread, so the main loop never blocks on name
 * resolution or the handshake.  @addr is copied.  From the call until
 * @func runs, @ioc belongs to the worker (the caller may keep its
 * reference but must not use the channel).  After @func, @destroy
 * (may be NULL) is called on @opaque.
 */
void qio_channel_socket_connect_async(QIOChannelSocket *ioc,
                                      const SocketAddress *addr,
                                      QIOChannelSocketConnectFunc *func,
                                      void *opaque, GDestroyNotify destroy);

/*
 * Listen on @addr with backlog @num (unix: the path is unlinked first,
 * and again when the channel is closed).  Port 0 picks a free port: read
 * it back with qio_channel_socket_get_local_address().
 */
bool qio_channel_socket_listen_sync(QIOChannelSocket *ioc,
                                    const SocketAddress *addr, int num,
                                    Error **errp);

/*
 * Accept one connection on the listening @ioc (blocks unless @ioc is
 * non-blocking: then "Unable to accept connection" with EAGAIN when
 * none is pending).  The new channel is blocking, with TCP_NODELAY on
 * tcp.
 */
QIOChannelSocket *qio_channel_socket_accept(QIOChannelSocket *ioc,
                                            Error **errp);

/* New SocketAddress values (numeric hosts); NULL with @errp on failure. */
SocketAddress *qio_channel_socket_get_local_address(QIOChannelSocket *ioc,
                                                    Error **errp);
SocketAddress *qio_channel_socket_get_remote_address(QIOChannelSocket *ioc,
                                                     Error **errp);

#endif /* IO_CHANNEL_SOCKET_H */
