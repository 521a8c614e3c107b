/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * QIONetListener: one or more listening sockets watched by the main
 * loop; each accepted connection goes to a callback.  This is how
 * -incoming / migrate-incoming wait for their channels.
 *
 * Threads: everything here, and the client callback, runs in the main
 * loop thread with the BQL held.
 * Owner: io/net-listener.c.
 */
#ifndef IO_NET_LISTENER_H
#define IO_NET_LISTENER_H

#include "io/channel-socket.h"

typedef struct QIONetListener QIONetListener;

/*
 * A new connection on @listener.  @sioc is blocking and borrowed: take a
 * reference to keep it.  The callback may disconnect or unref the
 * listener.
 */
typedef void QIONetListenerClientFunc(QIONetListener *listener,
                                      QIOChannelSocket *sioc, void *data);

/* A new listener with no socket, one reference held by the caller. */
QIONetListener *qio_net_listener_new(void);
QIONetListener *qio_net_listener_ref(QIONetListener *listener);
/* The last reference disconnects, calls the client notify, frees. */
void qio_net_listener_unref(QIONetListener *listener);
G_DEFINE_AUTOPTR_CLEANUP_FUNC(QIONetListener, qio_net_listener_unref)

/* Name given to the listening channels (for diagnostics). */
void qio_net_listener_set_name(QIONetListener *listener, const char *name);

/*
 * Listen on @addr (backlog @num) and add the socket.  With port 0 the
 * kernel picks the port: see qio_net_listener_get_local_address().
 */
bool qio_net_listener_open_sync(QIONetListener *listener,
                                const SocketAddress *addr, int num,
                                Error **errp);

/* Add the listening @sioc (the listener takes a reference). */
void qio_net_listener_add(QIONetListener *listener, QIOChannelSocket *sioc);

/*
 * Set the callback for new connections (replacing any previous one,
 * whose @notify is called on its data).  NULL @func stops watching the
 * sockets; connections then wait in the backlog.
 */
void qio_net_listener_set_client_func(QIONetListener *listener,
                                      QIONetListenerClientFunc *func,
                                      void *data, GDestroyNotify notify);

/* Stop watching and close every listening socket (unix paths unlinked). */
void qio_net_listener_disconnect(QIONetListener *listener);
/* True until qio_net_listener_disconnect(). */
bool qio_net_listener_is_connected(QIONetListener *listener);

size_t qio_net_listener_nsioc(QIONetListener *listener);
/* The @n-th listening socket (borrowed). */
QIOChannelSocket *qio_net_listener_sioc(QIONetListener *listener, size_t n);
/* The bound address of the @n-th socket (a new SocketAddress). */
SocketAddress *qio_net_listener_get_local_address(QIONetListener *listener,
                                                  size_t n, Error **errp);

#endif /* IO_NET_LISTENER_H */
