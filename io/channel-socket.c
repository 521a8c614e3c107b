/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * QIOChannelSocket: the socket channel kind (recvmsg/sendmsg with
 * SCM_RIGHTS and MSG_PEEK, shutdown, non-blocking mode) and its
 * constructors: from an fd, connect (sync and in a worker thread),
 * listen and accept.
 */
#include "qemu/osdep.h"
#include <netinet/in.h>
#include <netinet/tcp.h>
#include "qapi/error.h"
#include "qapi/qapi-conv-sockets.h"
#include "qemu/main-loop.h"
#include "qemu/thread.h"
#include "io/channel-socket.h"
#include "io/socket-open.h"

/* Most fds one message carries (as QEMU). */
#define SOCKET_MAX_FDS 16

static const QIOChannelClass qio_channel_socket_class;

bool qio_channel_is_socket(QIOChannel *ioc)
{
    return ioc->klass == &qio_channel_socket_class;
}

QIOChannelSocket *qio_channel_socket_cast(QIOChannel *ioc)
{
    assert(qio_channel_is_socket(ioc));
    return (QIOChannelSocket *)ioc;
}

QIOChannelSocket *qio_channel_socket_new(void)
{
    QIOChannelSocket *sioc = g_new0(QIOChannelSocket, 1);

    qio_channel_init(QIO_CHANNEL(sioc), &qio_channel_socket_class);
    qio_channel_set_feature(QIO_CHANNEL(sioc), QIO_CHANNEL_FEATURE_SHUTDOWN);
    sioc->fd = -1;
    return sioc;
}

static void set_nodelay(int fd, const struct sockaddr_storage *ss)
{
    int one = 1;

    if (ss->ss_family == AF_INET || ss->ss_family == AF_INET6) {
        setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof(one));
    }
}

/* Adopt @fd: record its addresses and features.  Leaves @fd on failure. */
static bool socket_set_fd(QIOChannelSocket *sioc, int fd, Error **errp)
{
    QIOChannel *ioc = QIO_CHANNEL(sioc);
    int listening = 0;
    socklen_t len = sizeof(listening);

    sioc->remote_addr_len = sizeof(sioc->remote_addr);
    if (getpeername(fd, (struct sockaddr *)&sioc->remote_addr,
                    &sioc->remote_addr_len) < 0) {
        if (errno != ENOTCONN) {
            error_setg_errno(errp, errno,
                             "Unable to query remote socket address");
            return false;
        }
        sioc->remote_addr_len = 0;
    }
    sioc->local_addr_len = sizeof(sioc->local_addr);
    if (getsockname(fd, (struct sockaddr *)&sioc->local_addr,
                    &sioc->local_addr_len) < 0) {
        error_setg_errno(errp, errno, "Unable to query local socket address");
        return false;
    }
    sioc->fd = fd;
    if (sioc->local_addr.ss_family == AF_UNIX) {
        qio_channel_set_feature(ioc, QIO_CHANNEL_FEATURE_FD_PASS);
    }
    if (getsockopt(fd, SOL_SOCKET, SO_ACCEPTCONN, &listening, &len) == 0 &&
        listening) {
        qio_channel_set_feature(ioc, QIO_CHANNEL_FEATURE_LISTEN);
    } else {
        qio_channel_set_feature(ioc, QIO_CHANNEL_FEATURE_READ_MSG_PEEK);
    }
    return true;
}

QIOChannelSocket *qio_channel_socket_new_fd(int fd, Error **errp)
{
    QIOChannelSocket *sioc = qio_channel_socket_new();

    if (!socket_set_fd(sioc, fd, errp)) {
        qio_channel_unref(QIO_CHANNEL(sioc));
        return NULL;
    }
    return sioc;
}

bool qio_channel_socket_connect_sync(QIOChannelSocket *sioc,
                                     const SocketAddress *addr,
                                     Error **errp)
{
    int fd = qio_socket_connect(addr, errp);

    if (fd < 0) {
        return false;
    }
    if (!socket_set_fd(sioc, fd, errp)) {
        close(fd);
        return false;
    }
    return true;
}

/*
 * An asynchronous connect.  Created by qio_channel_socket_connect_async()
 * and handed to the worker thread, then (through a one-shot bottom half)
 * to the main loop, which frees it.  One owner at a time; no lock.
 */
typedef struct ConnectJob {
    QIOChannelSocket *sioc;  /* a reference */
    SocketAddress *addr;
    QIOChannelSocketConnectFunc *func;
    void *opaque;
    GDestroyNotify destroy;
    Error *err;              /* the worker's result */
} ConnectJob;

static void connect_job_complete(void *opaque)
{
    ConnectJob *job = opaque;

    job->func(job->sioc, job->err, job->opaque); /* takes job->err */
    if (job->destroy) {
        job->destroy(job->opaque);
    }
    qio_channel_unref(QIO_CHANNEL(job->sioc));
    qapi_free_SocketAddress(job->addr);
    g_free(job);
}

/*
 * Worker thread: created detached by qio_channel_socket_connect_async();
 * runs one blocking connect (bounded by the kernel's connect timeout),
 * hands the job to the main loop and exits.  Nobody joins it.
 */
static void *connect_job_thread(void *opaque)
{
    ConnectJob *job = opaque;

    qio_channel_socket_connect_sync(job->sioc, job->addr, &job->err);
    /* The bottom half's scheduling orders our writes before its reads. */
    qemu_bh_schedule_oneshot(connect_job_complete, job);
    return NULL;
}

void qio_channel_socket_connect_async(QIOChannelSocket *sioc,
                                      const SocketAddress *addr,
                                      QIOChannelSocketConnectFunc *func,
                                      void *opaque, GDestroyNotify destroy)
{
    ConnectJob *job = g_new0(ConnectJob, 1);
    QemuThread thread;

    job->sioc = QIO_CHANNEL_SOCKET(qio_channel_ref(QIO_CHANNEL(sioc)));
    job->addr = QAPI_CLONE(SocketAddress, addr);
    job->func = func;
    job->opaque = opaque;
    job->destroy = destroy;
    if (!qemu_thread_try_create(&thread, "io-connect", connect_job_thread,
                                job, QEMU_THREAD_DETACHED, &job->err)) {
        /* Still asynchronous: the caller expects the callback later. */
        qemu_bh_schedule_oneshot(connect_job_complete, job);
    }
}

bool qio_channel_socket_listen_sync(QIOChannelSocket *sioc,
                                    const SocketAddress *addr, int num,
                                    Error **errp)
{
    int fd = qio_socket_listen(addr, num, errp);

    if (fd < 0) {
        return false;
    }
    if (!socket_set_fd(sioc, fd, errp)) {
        qio_socket_listen_cleanup(fd);
        close(fd);
        return false;
    }
    /* An fd address may name a socket that listen() just switched. */
    qio_channel_set_feature(QIO_CHANNEL(sioc), QIO_CHANNEL_FEATURE_LISTEN);
    return true;
}

QIOChannelSocket *qio_channel_socket_accept(QIOChannelSocket *sioc,
                                            Error **errp)
{
    QIOChannelSocket *cioc;
    int fd;

    do {
        fd = accept4(sioc->fd, NULL, NULL, SOCK_CLOEXEC);
    } while (fd < 0 && errno == EINTR);
    if (fd < 0) {
        error_setg_errno(errp, errno, "Unable to accept connection");
        return NULL;
    }
    cioc = qio_channel_socket_new_fd(fd, errp);
    if (!cioc) {
        close(fd);
        return NULL;
    }
    set_nodelay(fd, &cioc->local_addr);
    return cioc;
}

SocketAddress *qio_channel_socket_get_local_address(QIOChannelSocket *sioc,
                                                    Error **errp)
{
    return qio_socket_address_from_sockaddr(
        (struct sockaddr *)&sioc->local_addr, sioc->local_addr_len, errp);
}

SocketAddress *qio_channel_socket_get_remote_address(QIOChannelSocket *sioc,
                                                     Error **errp)
{
    if (!sioc->remote_addr_len) {
        error_setg(errp, "Socket is not connected");
        return NULL;
    }
    return qio_socket_address_from_sockaddr(
        (struct sockaddr *)&sioc->remote_addr, sioc->remote_addr_len, errp);
}

/*
 * The ops table
 */

/* Collect SCM_RIGHTS fds from @msg into a new array. */
static void socket_take_fds(struct msghdr *msg, int **fds, size_t *nfds)
{
    struct cmsghdr *cmsg;

    for (cmsg = CMSG_FIRSTHDR(msg); cmsg; cmsg = CMSG_NXTHDR(msg, cmsg)) {
        size_t n, i;

        if (cmsg->cmsg_level != SOL_SOCKET ||
            cmsg->cmsg_type != SCM_RIGHTS ||
            cmsg->cmsg_len < CMSG_LEN(sizeof(int))) {
            continue;
        }
        n = (cmsg->cmsg_len - CMSG_LEN(0)) / sizeof(int);
        *fds = g_renew(int, *fds, *nfds + n);
        memcpy(*fds + *nfds, CMSG_DATA(cmsg), n * sizeof(int));
        for (i = 0; i < n; i++) {
            int fd = (*fds)[*nfds + i];

            /* O_NONBLOCK travels with the file: hand it over blocking. */
            fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) & ~O_NONBLOCK);
        }
        *nfds += n;
    }
}

static ssize_t socket_readv(QIOChannel *ioc, const struct iovec *iov,
                            size_t niov, int **fds, size_t *nfds, int flags,
                            Error **errp)
{
    QIOChannelSocket *sioc = (QIOChannelSocket *)ioc;
    char control[CMSG_SPACE(sizeof(int) * SOCKET_MAX_FDS)];
    struct msghdr msg = {
        .msg_iov = (struct iovec *)iov,
        .msg_iovlen = niov,
    };
    int sflags = 0;
    ssize_t ret;

    if (fds) {
        memset(control, 0, sizeof(control));
        msg.msg_control = control;
        msg.msg_controllen = sizeof(control);
        sflags |= MSG_CMSG_CLOEXEC;
    }
    if (flags & QIO_CHANNEL_READ_FLAG_MSG_PEEK) {
        sflags |= MSG_PEEK;
    }
    do {
        ret = recvmsg(sioc->fd, &msg, sflags);
    } while (ret < 0 && errno == EINTR);
    if (ret < 0) {
        if (errno == EAGAIN || errno == EWOULDBLOCK) {
            return QIO_CHANNEL_ERR_BLOCK;
        }
        error_setg_errno(errp, errno, "Unable to read from socket");
        return -1;
    }
    if (fds) {
        socket_take_fds(&msg, fds, nfds);
    }
    return ret;
}

static ssize_t socket_writev(QIOChannel *ioc, const struct iovec *iov,
                             size_t niov, const int *fds, size_t nfds,
                             Error **errp)
{
    QIOChannelSocket *sioc = (QIOChannelSocket *)ioc;
    char control[CMSG_SPACE(sizeof(int) * SOCKET_MAX_FDS)];
    struct msghdr msg = {
        .msg_iov = (struct iovec *)iov,
        .msg_iovlen = niov,
    };
    ssize_t ret;

    if (nfds) {
        struct cmsghdr *cmsg;

        if (nfds > SOCKET_MAX_FDS) {
            error_setg_errno(errp, EINVAL, "Only %d FDs can be sent, got %zu",
                             SOCKET_MAX_FDS, nfds);
            return -1;
        }
        memset(control, 0, sizeof(control));
        msg.msg_control = control;
        msg.msg_controllen = CMSG_SPACE(sizeof(int) * nfds);
        cmsg = CMSG_FIRSTHDR(&msg);
        cmsg->cmsg_len = CMSG_LEN(sizeof(int) * nfds);
        cmsg->cmsg_level = SOL_SOCKET;
        cmsg->cmsg_type = SCM_RIGHTS;
        memcpy(CMSG_DATA(cmsg), fds, sizeof(int) * nfds);
    }
    do {
        ret = sendmsg(sioc->fd, &msg, MSG_NOSIGNAL);
    } while (ret < 0 && errno == EINTR);
    if (ret < 0) {
        if (errno == EAGAIN || errno == EWOULDBLOCK) {
            return QIO_CHANNEL_ERR_BLOCK;
        }
        error_setg_errno(errp, errno, "Unable to write to socket");
        return -1;
    }
    return ret;
}

static bool socket_close(QIOChannel *ioc, Error **errp)
{
    QIOChannelSocket *sioc = (QIOChannelSocket *)ioc;
    int fd = sioc->fd;

    if (fd < 0) {
        return true;
    }
    if (qio_channel_has_feature(ioc, QIO_CHANNEL_FEATURE_LISTEN)) {
        qio_socket_listen_cleanup(fd);
    }
    sioc->fd = -1;
    if (close(fd) < 0) {
        error_setg_errno(errp, errno, "Unable to close socket");
        return false;
    }
    return true;
}

static bool socket_shutdown(QIOChannel *ioc, QIOChannelShutdown how,
                            Error **errp)
{
    QIOChannelSocket *sioc = (QIOChannelSocket *)ioc;
    int sockhow = how == QIO_CHANNEL_SHUTDOWN_READ ? SHUT_RD :
                  how == QIO_CHANNEL_SHUTDOWN_WRITE ? SHUT_WR : SHUT_RDWR;

    if (shutdown(sioc->fd, sockhow) < 0) {
        error_setg_errno(errp, errno, "Unable to shutdown socket");
        return false;
    }
    return true;
}

static bool socket_set_blocking(QIOChannel *ioc, bool enabled, Error **errp)
{
    QIOChannelSocket *sioc = (QIOChannelSocket *)ioc;
    int flags = fcntl(sioc->fd, F_GETFL);

    if (flags < 0 ||
        fcntl(sioc->fd, F_SETFL,
              enabled ? flags & ~O_NONBLOCK : flags | O_NONBLOCK) < 0) {
        error_setg_errno(errp, errno, "Unable to set socket %s",
                         enabled ? "blocking" : "non-blocking");
        return false;
    }
    return true;
}

static int socket_get_fd(QIOChannel *ioc, GIOCondition condition)
{
    return ((QIOChannelSocket *)ioc)->fd;
}

static const QIOChannelClass qio_channel_socket_class = {
    .type_name = "qio-channel-socket",
    .io_readv = socket_readv,
    .io_writev = socket_writev,
    .io_close = socket_close,
    .io_shutdown = socket_shutdown,
    .io_set_blocking = socket_set_blocking,
    .io_get_fd = socket_get_fd,
};
