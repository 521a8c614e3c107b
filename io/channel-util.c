/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * QIOChannel helpers built on the core entry points: blocking waits,
 * whole-buffer reads and writes (short transfers, EINTR, EAGAIN), the
 * peek used to classify incoming connections, and channels for an fd
 * of unknown kind.
 */
#include "qemu/osdep.h"
#include <poll.h>
#include "qapi/error.h"
#include "qemu/iov.h"
#include "io/channel.h"
#include "io/channel-file.h"
#include "io/channel-socket.h"

/* iovec arrays up to this size are copied on the stack. */
#define LOCAL_IOV_MAX 16

void qio_channel_wait(QIOChannel *ioc, GIOCondition condition)
{
    struct pollfd pfd[2];
    nfds_t n = 0;
    int fd;

    if (!ioc->klass->io_get_fd || ioc->closed) {
        return;
    }
    if (condition & G_IO_IN) {
        fd = ioc->klass->io_get_fd(ioc, G_IO_IN);
        if (fd >= 0) {
            pfd[n++] = (struct pollfd){ .fd = fd, .events = POLLIN };
        }
    }
    if (condition & G_IO_OUT) {
        fd = ioc->klass->io_get_fd(ioc, G_IO_OUT);
        if (fd >= 0) {
            pfd[n++] = (struct pollfd){ .fd = fd, .events = POLLOUT };
        }
    }
    if (!n) {
        return;
    }
    /* A hang-up or error ends the wait too: the next I/O reports it. */
    while (poll(pfd, n, -1) < 0 && errno == EINTR) {
        continue;
    }
}

/* Append the @n fds of @src to the array *@fds of *@nfds; frees @src. */
static void fds_append(int **fds, size_t *nfds, int *src, size_t n)
{
    if (!n) {
        g_free(src);
        return;
    }
    if (!*nfds) {
        g_free(*fds);
        *fds = src;
        *nfds = n;
        return;
    }
    *fds = g_renew(int, *fds, *nfds + n);
    memcpy(*fds + *nfds, src, n * sizeof(int));
    *nfds += n;
    g_free(src);
}

static void fds_close(int **fds, size_t *nfds)
{
    size_t i;

    for (i = 0; i < *nfds; i++) {
        close((*fds)[i]);
    }
    g_clear_pointer(fds, g_free);
    *nfds = 0;
}

int qio_channel_readv_full_all_eof(QIOChannel *ioc, const struct iovec *iov,
                                   size_t niov, int **fds, size_t *nfds,
                                   Error **errp)
{
    struct iovec stack_iov[LOCAL_IOV_MAX];
    struct iovec *head, *cur;
    unsigned int cnt;
    bool partial = false;
    int ret = -1;

    if (fds) {
        *fds = NULL;
        *nfds = 0;
    }
    head = niov <= LOCAL_IOV_MAX ? stack_iov : g_new(struct iovec, niov);
    cnt = iov_copy(head, niov, iov, niov, 0, iov_size(iov, niov));
    cur = head;

    while (cnt > 0) {
        int *got_fds = NULL;
        size_t got_nfds = 0;
        ssize_t len;

        len = qio_channel_readv_full(ioc, cur, cnt, fds ? &got_fds : NULL,
                                     fds ? &got_nfds : NULL, 0, errp);
        if (fds) {
            fds_append(fds, nfds, got_fds, got_nfds);
            partial |= got_nfds > 0;
        }
        if (len == QIO_CHANNEL_ERR_BLOCK) {
            qio_channel_wait(ioc, G_IO_IN);
            continue;
        }
        if (len < 0) {
            goto out;
        }
        if (len == 0) {
            if (!partial) {
                ret = 0;
                goto out;
            }
            error_setg(errp,
                       "Unexpected end-of-file before all data were read");
            goto out;
        }
        partial = true;
        iov_discard_front(&cur, &cnt, len);
    }
    ret = 1;

out:
    if (ret < 0 && fds) {
        fds_close(fds, nfds);
    }
    if (head != stack_iov) {
        g_free(head);
    }
    return ret;
}

bool qio_channel_readv_full_all(QIOChannel *ioc, const struct iovec *iov,
                                size_t niov, int **fds, size_t *nfds,
                                Error **errp)
{
    int ret = qio_channel_readv_full_all_eof(ioc, iov, niov, fds, nfds, errp);

    if (ret == 0) {
        error_setg(errp, "Unexpected end-of-file before all data were read");
    }
    return ret == 1;
}

int qio_channel_readv_all_eof(QIOChannel *ioc, const struct iovec *iov,
                              size_t niov, Error **errp)
{
    return qio_channel_readv_full_all_eof(ioc, iov, niov, NULL, NULL, errp);
}

bool qio_channel_readv_all(QIOChannel *ioc, const struct iovec *iov,
                           size_t niov, Error **errp)
{
    return qio_channel_readv_full_all(ioc, iov, niov, NULL, NULL, errp);
}

int qio_channel_read_all_eof(QIOChannel *ioc, void *buf, size_t buflen,
                             Error **errp)
{
    struct iovec iov = { .iov_base = buf, .iov_len = buflen };

    return qio_channel_readv_all_eof(ioc, &iov, 1, errp);
}

bool qio_channel_read_all(QIOChannel *ioc, void *buf, size_t buflen,
                          Error **errp)
{
    struct iovec iov = { .iov_base = buf, .iov_len = buflen };

    return qio_channel_readv_all(ioc, &iov, 1, errp);
}

bool qio_channel_writev_full_all(QIOChannel *ioc, const struct iovec *iov,
                                 size_t niov, const int *fds, size_t nfds,
                                 Error **errp)
{
    /*
     * @cur walks the caller's array until a write ends inside an entry;
     * only then is the rest copied to @local, which is adjusted in place.
     */
    const struct iovec *cur = iov;
    struct iovec *local = NULL;
    size_t cnt = niov;

    while (cnt > 0) {
        size_t batch = MIN(cnt, (size_t)IOV_MAX);
        ssize_t len;

        len = qio_channel_writev_full(ioc, cur, batch, fds, nfds, errp);
        if (len == QIO_CHANNEL_ERR_BLOCK) {
            qio_channel_wait(ioc, G_IO_OUT);
            continue;
        }
        if (len < 0) {
            g_free(local);
            return false;
        }
        fds = NULL;  /* they went with the first byte */
        nfds = 0;
        while (cnt > 0 && (size_t)len >= cur->iov_len) {
            len -= cur->iov_len;
            cur++;
            cnt--;
        }
        if (len > 0) {
            struct iovec *first;

            if (!local) {
                local = g_memdup2(cur, cnt * sizeof(*cur));
                cur = local;
            }
            first = local + (cur - local); /* writable: inside @local */
            first->iov_base = (uint8_t *)first->iov_base + len;
            first->iov_len -= len;
        }
    }
    g_free(local);
    return true;
}

bool qio_channel_writev_all(QIOChannel *ioc, const struct iovec *iov,
                            size_t niov, Error **errp)
{
    return qio_channel_writev_full_all(ioc, iov, niov, NULL, 0, errp);
}

bool qio_channel_write_all(QIOChannel *ioc, const void *buf, size_t buflen,
                           Error **errp)
{
    struct iovec iov = { .iov_base = (void *)buf, .iov_len = buflen };

    return qio_channel_writev_all(ioc, &iov, 1, errp);
}

/* True if the peer will send nothing more (or the channel failed). */
static bool peer_hung_up(QIOChannel *ioc)
{
    struct pollfd pfd = { .events = POLLRDHUP };

    pfd.fd = ioc->klass->io_get_fd ? ioc->klass->io_get_fd(ioc, G_IO_IN) : -1;
    if (pfd.fd < 0) {
        return true;
    }
    while (poll(&pfd, 1, 0) < 0 && errno == EINTR) {
        continue;
    }
    return pfd.revents & (POLLRDHUP | POLLHUP | POLLERR);
}

bool qio_channel_read_peek_all(QIOChannel *ioc, void *buf, size_t buflen,
                               Error **errp)
{
    struct iovec iov = { .iov_base = buf, .iov_len = buflen };
    bool hung_up = false;

    for (;;) {
        ssize_t len = qio_channel_readv_full(ioc, &iov, 1, NULL, NULL,
                                             QIO_CHANNEL_READ_FLAG_MSG_PEEK,
                                             errp);

        if (len == QIO_CHANNEL_ERR_BLOCK) {
            qio_channel_wait(ioc, G_IO_IN);
            continue;
        }
        if (len < 0) {
            return false;
        }
        if (len == 0) {
            error_setg(errp,
                       "Unexpected end-of-file before all data were read");
            return false;
        }
        if ((size_t)len == buflen) {
            return true;
        }
        if (hung_up) {
            /* The peek after the hang-up still came up short. */
            error_setg(errp,
                       "Unexpected end-of-file before all data were read");
            return false;
        }
        /*
         * Part of it is there, so polling for input would return at once
         * and a peek never reports the end of file behind the data: ask
         * for a hang-up instead, and otherwise back off briefly.
         */
        hung_up = peer_hung_up(ioc);
        if (!hung_up) {
            g_usleep(1000);
        }
    }
}

QIOChannel *qio_channel_new_fd(int fd, Error **errp)
{
    struct stat st;

    if (fstat(fd, &st) < 0) {
        error_setg_errno(errp, errno, "Unable to stat file descriptor %d",
                         fd);
        return NULL;
    }
    if (S_ISSOCK(st.st_mode)) {
        return QIO_CHANNEL(qio_channel_socket_new_fd(fd, errp));
    }
    return QIO_CHANNEL(qio_channel_file_new_fd(fd));
}
