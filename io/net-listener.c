/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * QIONetListener: listening sockets watched by the main loop, handing
 * every accepted connection to the client callback.
 */
#include "qemu/osdep.h"
#include "qapi/error.h"
#include "io/net-listener.h"

struct QIONetListener {
    /* Everything is accessed in the main loop thread with the BQL. */
    int refcount;
    char *name;
    QIOChannelSocket **sioc;
    guint *watch;             /* per socket; 0 when not watched */
    size_t nsioc;
    bool connected;
    QIONetListenerClientFunc *func;
    void *data;
    GDestroyNotify notify;
};

QIONetListener *qio_net_listener_new(void)
{
    QIONetListener *listener = g_new0(QIONetListener, 1);

    listener->refcount = 1;
    listener->connected = true;
    return listener;
}

QIONetListener *qio_net_listener_ref(QIONetListener *listener)
{
    listener->refcount++;
    return listener;
}

void qio_net_listener_set_name(QIONetListener *listener, const char *name)
{
    size_t i;

    g_free(listener->name);
    listener->name = g_strdup(name);
    for (i = 0; i < listener->nsioc; i++) {
        qio_channel_set_name(QIO_CHANNEL(listener->sioc[i]), name);
    }
}

static gboolean listener_accept(QIOChannel *ioc, GIOCondition condition,
                                gpointer opaque)
{
    QIONetListener *listener = opaque;
    QIOChannelSocket *cioc;
    Error *err = NULL;

    cioc = qio_channel_socket_accept(QIO_CHANNEL_SOCKET(ioc), &err);
    if (!cioc) {
        /*
         * EAGAIN (another accept won the race) or a connection reset
         * before we got to it: nothing to hand over, keep listening.
         */
        error_free(err);
        return G_SOURCE_CONTINUE;
    }
    /* The callback may drop the caller's reference: keep ours. */
    qio_net_listener_ref(listener);
    if (listener->func) {
        listener->func(listener, cioc, listener->data);
    }
    qio_channel_unref(QIO_CHANNEL(cioc));
    qio_net_listener_unref(listener);
    return G_SOURCE_CONTINUE;
}

static void listener_watch(QIONetListener *listener, size_t i)
{
    if (listener->watch[i] || !listener->func || !listener->connected) {
        return;
    }
    listener->watch[i] = qio_channel_add_watch(
        QIO_CHANNEL(listener->sioc[i]), G_IO_IN, listener_accept, listener,
        NULL);
}

static void listener_unwatch(QIONetListener *listener)
{
    size_t i;

    for (i = 0; i < listener->nsioc; i++) {
        if (listener->watch[i]) {
            g_source_remove(listener->watch[i]);
            listener->watch[i] = 0;
        }
    }
}

void qio_net_listener_add(QIONetListener *listener, QIOChannelSocket *sioc)
{
    size_t i = listener->nsioc++;

    listener->sioc = g_renew(QIOChannelSocket *, listener->sioc,
                             listener->nsioc);
    listener->watch = g_renew(guint, listener->watch, listener->nsioc);
    listener->sioc[i] = QIO_CHANNEL_SOCKET(qio_channel_ref(QIO_CHANNEL(sioc)));
    listener->watch[i] = 0;
    if (listener->name) {
        qio_channel_set_name(QIO_CHANNEL(sioc), listener->name);
    }
    /* A wake-up whose connection went elsewhere must not block the loop. */
    qio_channel_set_blocking(QIO_CHANNEL(sioc), false, NULL);
    listener->connected = true;
    listener_watch(listener, i);
}

bool qio_net_listener_open_sync(QIONetListener *listener,
                                const SocketAddress *addr, int num,
                                Error **errp)
{
    QIOChannelSocket *sioc = qio_channel_socket_new();
    bool ok = qio_channel_socket_listen_sync(sioc, addr, num, errp);

    if (ok) {
        qio_net_listener_add(listener, sioc);
    }
    qio_channel_unref(QIO_CHANNEL(sioc));
    return ok;
}

void qio_net_listener_set_client_func(QIONetListener *listener,
                                      QIONetListenerClientFunc *func,
                                      void *data, GDestroyNotify notify)
{
    size_t i;

    listener_unwatch(listener);
    if (listener->notify) {
        listener->notify(listener->data);
    }
    listener->func = func;
    listener->data = data;
    listener->notify = notify;
    for (i = 0; i < listener->nsioc; i++) {
        listener_watch(listener, i);
    }
}

void qio_net_listener_disconnect(QIONetListener *listener)
{
    size_t i;

    if (!listener->connected) {
        return;
    }
    listener_unwatch(listener);
    for (i = 0; i < listener->nsioc; i++) {
        qio_channel_close(QIO_CHANNEL(listener->sioc[i]), NULL);
    }
    listener->connected = false;
}

bool qio_net_listener_is_connected(QIONetListener *listener)
{
    return listener->connected;
}

size_t qio_net_listener_nsioc(QIONetListener *listener)
{
    return listener->nsioc;
}

QIOChannelSocket *qio_net_listener_sioc(QIONetListener *listener, size_t n)
{
    assert(n < listener->nsioc);
    return listener->sioc[n];
}

SocketAddress *qio_net_listener_get_local_address(QIONetListener *listener,
                                                  size_t n, Error **errp)
{
    if (n >= listener->nsioc) {
        error_setg(errp, "Listener has no socket %zu", n);
        return NULL;
    }
    return qio_channel_socket_get_local_address(listener->sioc[n], errp);
}

void qio_net_listener_unref(QIONetListener *listener)
{
    size_t i;

    if (!listener || --listener->refcount > 0) {
        return;
    }
    qio_net_listener_disconnect(listener);
    if (listener->notify) {
        listener->notify(listener->data);
    }
    for (i = 0; i < listener->nsioc; i++) {
        qio_channel_unref(QIO_CHANNEL(listener->sioc[i]));
    }
    g_free(listener->sioc);
    g_free(listener->watch);
    g_free(listener->name);
    g_free(listener);
}
