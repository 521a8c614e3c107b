/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Opening sockets for a QAPI SocketAddress (inet, unix, vsock, fd):
 * connect, listen, the clean-up of a listener, and the way back from a
 * struct sockaddr to a SocketAddress.  Used by io/ and the socket chardev.
 * Owner: io/socket-open.c.  Every function runs in the calling thread
 * and may block (name resolution, connect).
 */
#ifndef IO_SOCKET_OPEN_H
#define IO_SOCKET_OPEN_H

#include <sys/socket.h>
#include "qapi/qapi-types-sockets.h"

/*
 * A new blocking, close-on-exec stream socket connected to @addr
 * (TCP_NODELAY for inet), or -1 with @errp set.  An fd address must
 * hold a number (named monitor fds are resolved by the caller); the
 * socket then takes that fd, and closes it on failure as QEMU does.
 */
int qio_socket_connect(const SocketAddress *addr, Error **errp);

/*
 * A new blocking, close-on-exec socket listening on @addr with backlog
 * @num, or -1 with @errp set.  A unix path is unlinked before bind; an
 * empty one gets a fresh name under the temporary directory.
 */
int qio_socket_listen(const SocketAddress *addr, int num, Error **errp);

/* Before closing a listening socket: unlink its unix path, if any. */
void qio_socket_listen_cleanup(int fd);

/* @sa (of @salen bytes) as a new SocketAddress, or NULL with @errp. */
SocketAddress *qio_socket_address_from_sockaddr(const struct sockaddr *sa,
                                                socklen_t salen,
                                                Error **errp);

#endif /* IO_SOCKET_OPEN_H */
