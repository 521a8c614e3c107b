/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * QIOChannelFile: the plain file descriptor channel kind, with
 * positioned I/O and seeking when the fd supports them.
 */
#include "qemu/osdep.h"
#include "qapi/error.h"
#include "io/channel-file.h"

static const QIOChannelClass qio_channel_file_class;

bool qio_channel_is_file(QIOChannel *ioc)
{
    return ioc->klass == &qio_channel_file_class;
}

QIOChannelFile *qio_channel_file_cast(QIOChannel *ioc)
{
    assert(qio_channel_is_file(ioc));
    return (QIOChannelFile *)ioc;
}

QIOChannelFile *qio_channel_file_new_fd(int fd)
{
    QIOChannelFile *fioc = g_new0(QIOChannelFile, 1);

    qio_channel_init(QIO_CHANNEL(fioc), &qio_channel_file_class);
    fioc->fd = fd;
    if (lseek(fd, 0, SEEK_CUR) != (off_t)-1) {
        qio_channel_set_feature(QIO_CHANNEL(fioc),
                                QIO_CHANNEL_FEATURE_SEEKABLE);
    }
    return fioc;
}

QIOChannelFile *qio_channel_file_new_dupfd(int fd, Error **errp)
{
    int newfd = fcntl(fd, F_DUPFD_CLOEXEC, 0);

    if (newfd < 0) {
        error_setg_errno(errp, errno, "Could not dup FD %d", fd);
        return NULL;
    }
    return qio_channel_file_new_fd(newfd);
}

QIOChannelFile *qio_channel_file_new_path(const char *path, int flags,
                                          mode_t mode, Error **errp)
{
    int fd;

    do {
        fd = open(path, flags | O_CLOEXEC, mode);
    } while (fd < 0 && errno == EINTR);
    if (fd < 0) {
        error_setg_errno(errp, errno, "Unable to open %s", path);
        return NULL;
    }
    return qio_channel_file_new_fd(fd);
}

static ssize_t file_result(ssize_t ret, const char *what, Error **errp)
{
    if (ret >= 0) {
        return ret;
    }
    if (errno == EAGAIN || errno == EWOULDBLOCK) {
        return QIO_CHANNEL_ERR_BLOCK;
    }
    error_setg_errno(errp, errno, "Unable to %s file", what);
    return -1;
}

static ssize_t file_readv(QIOChannel *ioc, const struct iovec *iov,
                          size_t niov, int **fds, size_t *nfds, int flags,
                          Error **errp)
{
    ssize_t ret;

    do {
        ret = readv(((QIOChannelFile *)ioc)->fd, iov, niov);
    } while (ret < 0 && errno == EINTR);
    return file_result(ret, "read from", errp);
}

static ssize_t file_writev(QIOChannel *ioc, const struct iovec *iov,
                           size_t niov, const int *fds, size_t nfds,
                           Error **errp)
{
    ssize_t ret;

    do {
        ret = writev(((QIOChannelFile *)ioc)->fd, iov, niov);
    } while (ret < 0 && errno == EINTR);
    return file_result(ret, "write to", errp);
}

static ssize_t file_preadv(QIOChannel *ioc, const struct iovec *iov,
                           size_t niov, off_t offset, Error **errp)
{
    ssize_t ret;

    do {
        ret = preadv(((QIOChannelFile *)ioc)->fd, iov, niov, offset);
    } while (ret < 0 && errno == EINTR);
    return file_result(ret, "read from", errp);
}

static ssize_t file_pwritev(QIOChannel *ioc, const struct iovec *iov,
                            size_t niov, off_t offset, Error **errp)
{
    ssize_t ret;

    do {
        ret = pwritev(((QIOChannelFile *)ioc)->fd, iov, niov, offset);
    } while (ret < 0 && errno == EINTR);
    return file_result(ret, "write to", errp);
}

static off_t file_seek(QIOChannel *ioc, off_t offset, int whence,
                       Error **errp)
{
    off_t ret = lseek(((QIOChannelFile *)ioc)->fd, offset, whence);

    if (ret == (off_t)-1) {
        error_setg_errno(errp, errno,
                         "Unable to seek to offset %lld whence %d in file",
                         (long long)offset, whence);
        return -1;
    }
    return ret;
}

static bool file_close(QIOChannel *ioc, Error **errp)
{
    QIOChannelFile *fioc = (QIOChannelFile *)ioc;
    int fd = fioc->fd;

    fioc->fd = -1;
    /* After close() the fd is gone even on EINTR (Linux): no retry. */
    if (fd >= 0 && close(fd) < 0) {
        error_setg_errno(errp, errno, "Unable to close file");
        return false;
    }
    return true;
}

static bool file_set_blocking(QIOChannel *ioc, bool enabled, Error **errp)
{
    int fd = ((QIOChannelFile *)ioc)->fd;
    int flags = fcntl(fd, F_GETFL);

    if (flags < 0 ||
        fcntl(fd, F_SETFL,
              enabled ? flags & ~O_NONBLOCK : flags | O_NONBLOCK) < 0) {
        error_setg_errno(errp, errno, "Unable to set file %s",
                         enabled ? "blocking" : "non-blocking");
        return false;
    }
    return true;
}

static int file_get_fd(QIOChannel *ioc, GIOCondition condition)
{
    return ((QIOChannelFile *)ioc)->fd;
}

static const QIOChannelClass qio_channel_file_class = {
    .type_name = "qio-channel-file",
    .io_readv = file_readv,
    .io_writev = file_writev,
    .io_preadv = file_preadv,
    .io_pwritev = file_pwritev,
    .io_seek = file_seek,
    .io_close = file_close,
    .io_set_blocking = file_set_blocking,
    .io_get_fd = file_get_fd,
};
