/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * QIOChannelBuffer: the memory buffer channel kind, with a file-like
 * position, growth on write and positioned I/O.
 */
#include "qemu/osdep.h"
#include "qapi/error.h"
#include "qemu/iov.h"
#include "io/channel-buffer.h"

static const QIOChannelClass qio_channel_buffer_class;

bool qio_channel_is_buffer(QIOChannel *ioc)
{
    return ioc->klass == &qio_channel_buffer_class;
}

QIOChannelBuffer *qio_channel_buffer_cast(QIOChannel *ioc)
{
    assert(qio_channel_is_buffer(ioc));
    return (QIOChannelBuffer *)ioc;
}

QIOChannelBuffer *qio_channel_buffer_new(size_t capacity)
{
    QIOChannelBuffer *bioc = g_new0(QIOChannelBuffer, 1);

    qio_channel_init(QIO_CHANNEL(bioc), &qio_channel_buffer_class);
    qio_channel_set_feature(QIO_CHANNEL(bioc), QIO_CHANNEL_FEATURE_SEEKABLE);
    bioc->capacity = capacity;
    bioc->data = g_malloc(capacity);
    return bioc;
}

QIOChannelBuffer *qio_channel_buffer_new_data(const void *data, size_t len)
{
    QIOChannelBuffer *bioc = qio_channel_buffer_new(len);

    if (len) {
        memcpy(bioc->data, data, len);
    }
    bioc->usage = len;
    return bioc;
}

/* Copy out of the buffer from @offset; 0 at or past the end. */
static ssize_t buffer_read_at(QIOChannelBuffer *bioc, const struct iovec *iov,
                              size_t niov, size_t offset)
{
    if (offset >= bioc->usage) {
        return 0;
    }
    return iov_from_buf(iov, niov, 0, bioc->data + offset,
                        bioc->usage - offset);
}

/* Copy into the buffer at @offset, growing it (gaps read as zeros). */
static ssize_t buffer_write_at(QIOChannelBuffer *bioc,
                               const struct iovec *iov, size_t niov,
                               size_t offset, Error **errp)
{
    size_t len = iov_size(iov, niov);

    if (len > SIZE_MAX - offset || len + offset > SSIZE_MAX) {
        error_setg(errp, "Buffer channel cannot grow past %zu bytes",
                   (size_t)SSIZE_MAX);
        return -1;
    }
    if (offset + len > bioc->capacity) {
        size_t cap = MAX(bioc->capacity, (size_t)64);

        while (cap < offset + len) {
            cap = cap > SIZE_MAX / 2 ? offset + len : cap * 2;
        }
        bioc->data = g_realloc(bioc->data, cap);
        bioc->capacity = cap;
    }
    if (offset > bioc->usage) {
        memset(bioc->data + bioc->usage, 0, offset - bioc->usage);
    }
    iov_to_buf(iov, niov, 0, bioc->data + offset, len);
    bioc->usage = MAX(bioc->usage, offset + len);
    return len;
}

static ssize_t buffer_readv(QIOChannel *ioc, const struct iovec *iov,
                            size_t niov, int **fds, size_t *nfds, int flags,
                            Error **errp)
{
    QIOChannelBuffer *bioc = (QIOChannelBuffer *)ioc;
    ssize_t ret = buffer_read_at(bioc, iov, niov, bioc->offset);

    bioc->offset += ret;
    return ret;
}

static ssize_t buffer_writev(QIOChannel *ioc, const struct iovec *iov,
                             size_t niov, const int *fds, size_t nfds,
                             Error **errp)
{
    QIOChannelBuffer *bioc = (QIOChannelBuffer *)ioc;
    ssize_t ret = buffer_write_at(bioc, iov, niov, bioc->offset, errp);

    if (ret > 0) {
        bioc->offset += ret;
    }
    return ret;
}

static ssize_t buffer_preadv(QIOChannel *ioc, const struct iovec *iov,
                             size_t niov, off_t offset, Error **errp)
{
    if (offset < 0) {
        error_setg(errp, "Negative offset %lld", (long long)offset);
        return -1;
    }
    return buffer_read_at((QIOChannelBuffer *)ioc, iov, niov, offset);
}

static ssize_t buffer_pwritev(QIOChannel *ioc, const struct iovec *iov,
                              size_t niov, off_t offset, Error **errp)
{
    if (offset < 0) {
        error_setg(errp, "Negative offset %lld", (long long)offset);
        return -1;
    }
    return buffer_write_at((QIOChannelBuffer *)ioc, iov, niov, offset, errp);
}

static off_t buffer_seek(QIOChannel *ioc, off_t offset, int whence,
                         Error **errp)
{
    QIOChannelBuffer *bioc = (QIOChannelBuffer *)ioc;
    off_t base = whence == SEEK_SET ? 0 :
                 whence == SEEK_CUR ? (off_t)bioc->offset :
                 whence == SEEK_END ? (off_t)bioc->usage : -1;

    if (base < 0 || (offset < 0 && -offset > base) ||
        (offset > 0 && offset > SSIZE_MAX - base)) {
        error_setg(errp, "Unable to seek to offset %lld whence %d in buffer",
                   (long long)offset, whence);
        return -1;
    }
    bioc->offset = base + offset;
    return bioc->offset;
}

static bool buffer_close(QIOChannel *ioc, Error **errp)
{
    QIOChannelBuffer *bioc = (QIOChannelBuffer *)ioc;

    g_clear_pointer(&bioc->data, g_free);
    bioc->capacity = bioc->usage = bioc->offset = 0;
    return true;
}

static const QIOChannelClass qio_channel_buffer_class = {
    .type_name = "qio-channel-buffer",
    .io_readv = buffer_readv,
    .io_writev = buffer_writev,
    .io_preadv = buffer_preadv,
    .io_pwritev = buffer_pwritev,
    .io_seek = buffer_seek,
    .io_close = buffer_close,
};
