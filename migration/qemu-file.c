/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * QEMUFile: the buffered, big-endian migration stream over a QIOChannel.
 *
 * Output: small fields are copied into a 32 KiB buffer; buffers queued
 * with qemu_put_buffer_async() (guest pages) are referenced, not copied.
 * Both become entries of one iovec array (adjacent pieces merge), which
 * goes out with one writev per batch when the buffer or the array is
 * full, or on qemu_fflush().
 *
 * Input: reads refill a 32 KiB buffer; qemu_get_buffer() reads the bulk
 * of a large request straight into the caller's memory with one readv
 * that tops up the internal buffer in the same call.
 */
#include "qemu/osdep.h"
#include "qapi/error.h"
#include "qemu/atomic.h"
#include "qemu/thread.h"
#include "migration/qemu-file.h"

#define IO_BUF_SIZE 32768
#define MAX_IOV_SIZE IOV_MAX

struct QEMUFile {
    /* Set at creation, read-only after. */
    QIOChannel *ioc;          /* a reference */
    bool is_writable;

    /* Owned by the owner thread (see qemu-file.h). */
    size_t buf_index;         /* output: bytes used; input: read position */
    size_t buf_size;          /* input: bytes of valid data in buf */
    unsigned int iovcnt;      /* output: entries queued in iov */
    size_t pending;           /* output: bytes queued in iov */
    uint64_t transferred;     /* output: written; input: consumed */
    uint64_t rate_limit_used; /* bytes put in the current window */

    /* Atomic: set from any thread (migrate-set-parameters). */
    uint64_t rate_limit_max;

    /*
     * error_lock serialises the latching of the first error; after that
     * neither field changes.  last_error is read without the lock (load
     * acquire, paired with the store release in the latch), and then
     * last_error_obj is stable.
     */
    QemuMutex error_lock;
    int last_error;
    Error *last_error_obj;

    /* Owned by the owner thread. */
    struct iovec iov[MAX_IOV_SIZE];
    uint8_t buf[IO_BUF_SIZE];
};

static QEMUFile *qemu_file_new(QIOChannel *ioc, bool is_writable)
{
    QEMUFile *f = g_new0(QEMUFile, 1);

    f->ioc = qio_channel_ref(ioc);
    f->is_writable = is_writable;
    qemu_mutex_init(&f->error_lock);
    return f;
}

QEMUFile *qemu_file_new_output(QIOChannel *ioc)
{
    return qemu_file_new(ioc, true);
}

QEMUFile *qemu_file_new_input(QIOChannel *ioc)
{
    return qemu_file_new(ioc, false);
}

QIOChannel *qemu_file_get_ioc(QEMUFile *f)
{
    return f->ioc;
}

/*
 * Errors
 */

int qemu_file_get_error(QEMUFile *f)
{
    return qatomic_load_acquire(&f->last_error);
}

int qemu_file_get_error_obj(QEMUFile *f, Error **errp)
{
    int ret = qemu_file_get_error(f);

    if (errp) {
        *errp = ret ? f->last_error_obj : NULL;
    }
    return ret;
}

void qemu_file_set_error_obj(QEMUFile *f, int ret, Error *err)
{
    if (ret >= 0) {
        error_free(err);
        return;
    }
    WITH_QEMU_LOCK_GUARD(&f->error_lock) {
        if (!f->last_error) {
            f->last_error_obj = err;
            err = NULL;
            qatomic_store_release(&f->last_error, ret);
        }
    }
    error_free(err); /* not the first: dropped */
}

void qemu_file_set_error(QEMUFile *f, int ret)
{
    qemu_file_set_error_obj(f, ret, NULL);
}

int qemu_file_shutdown(QEMUFile *f)
{
    Error *err = NULL;

    if (!qio_channel_has_feature(f->ioc, QIO_CHANNEL_FEATURE_SHUTDOWN)) {
        return -ENOSYS;
    }
    /*
     * Latch first: once the owner's I/O starts failing, it must find an
     * error explaining why, never a clean end of stream.
     */
    error_setg(&err, "Migration stream was shut down");
    qemu_file_set_error_obj(f, -EIO, err);
    if (!qio_channel_shutdown(f->ioc, QIO_CHANNEL_SHUTDOWN_BOTH, NULL)) {
        return -EIO;
    }
    return 0;
}

/*
 * Output
 */

/* Queue @len bytes at @base; the caller made room for one more entry. */
static inline void queue_iov(QEMUFile *f, const uint8_t *base, size_t len)
{
    if (f->iovcnt) {
        struct iovec *last = &f->iov[f->iovcnt - 1];

        if ((uint8_t *)last->iov_base + last->iov_len == base) {
            last->iov_len += len;
            goto done;
        }
    }
    f->iov[f->iovcnt].iov_base = (void *)base;
    f->iov[f->iovcnt].iov_len = len;
    f->iovcnt++;
done:
    f->pending += len;
    f->rate_limit_used += len;
}

void qemu_fflush(QEMUFile *f)
{
    Error *err = NULL;

    if (!f->is_writable || !f->iovcnt) {
        return;
    }
    if (!qemu_file_get_error(f)) {
        if (qio_channel_writev_all(f->ioc, f->iov, f->iovcnt, &err)) {
            f->transferred += f->pending;
        } else {
            qemu_file_set_error_obj(f, -EIO, err);
        }
    }
    /* Sent or failed: either way nothing may point at old data. */
    f->iovcnt = 0;
    f->pending = 0;
    f->buf_index = 0;
}

/* Copy @len (at most IO_BUF_SIZE) bytes into the buffer and queue them. */
static inline void put_copy(QEMUFile *f, const void *data, size_t len)
{
    if (qemu_file_get_error(f)) {
        return;
    }
    if (f->buf_index + len > IO_BUF_SIZE || f->iovcnt == MAX_IOV_SIZE) {
        qemu_fflush(f);
    }
    memcpy(f->buf + f->buf_index, data, len);
    queue_iov(f, f->buf + f->buf_index, len);
    f->buf_index += len;
}

void qemu_put_byte(QEMUFile *f, uint8_t v)
{
    put_copy(f, &v, 1);
}

void qemu_put_be16(QEMUFile *f, uint16_t v)
{
    v = GUINT16_TO_BE(v);
    put_copy(f, &v, sizeof(v));
}

void qemu_put_be32(QEMUFile *f, uint32_t v)
{
    v = GUINT32_TO_BE(v);
    put_copy(f, &v, sizeof(v));
}

void qemu_put_be64(QEMUFile *f, uint64_t v)
{
    v = GUINT64_TO_BE(v);
    put_copy(f, &v, sizeof(v));
}

void qemu_put_buffer(QEMUFile *f, const uint8_t *buf, size_t size)
{
    while (size > 0 && !qemu_file_get_error(f)) {
        size_t room = IO_BUF_SIZE - f->buf_index;
        size_t len = MIN(size, room ? room : IO_BUF_SIZE);

        put_copy(f, buf, len);
        buf += len;
        size -= len;
    }
}

void qemu_put_buffer_async(QEMUFile *f, const uint8_t *buf, size_t size)
{
    if (!size || qemu_file_get_error(f)) {
        return;
    }
    if (f->iovcnt == MAX_IOV_SIZE) {
        qemu_fflush(f);
    }
    queue_iov(f, buf, size);
}

/*
 * Input
 */

static void set_eof_error(QEMUFile *f)
{
    Error *err = NULL;

    error_setg(&err, "Unexpected end-of-file before all data were read");
    qemu_file_set_error_obj(f, -EIO, err);
}

/*
 * Move the unread bytes to the front and read more after them.  Returns
 * the bytes added; 0 latches an error (end of stream or a failed read).
 */
static size_t fill_buffer(QEMUFile *f)
{
    size_t unread = f->buf_size - f->buf_index;
    Error *err = NULL;
    ssize_t len;

    if (f->buf_index && unread) {
        memmove(f->buf, f->buf + f->buf_index, unread);
    }
    f->buf_index = 0;
    f->buf_size = unread;
    if (unread == IO_BUF_SIZE || qemu_file_get_error(f)) {
        return 0;
    }
    for (;;) {
        len = qio_channel_read(f->ioc, f->buf + unread, IO_BUF_SIZE - unread,
                               &err);
        if (len != QIO_CHANNEL_ERR_BLOCK) {
            break;
        }
        qio_channel_wait(f->ioc, G_IO_IN);
    }
    if (len > 0) {
        f->buf_size += len;
        return len;
    }
    if (len == 0) {
        set_eof_error(f);
    } else {
        qemu_file_set_error_obj(f, -EIO, err);
    }
    return 0;
}

size_t qemu_peek_buffer(QEMUFile *f, uint8_t **buf, size_t size,
                        size_t offset)
{
    size_t avail;

    assert(!f->is_writable);
    if (offset >= IO_BUF_SIZE) {
        return 0;
    }
    size = MIN(size, IO_BUF_SIZE - offset);
    while (f->buf_size - f->buf_index < offset + size) {
        if (!fill_buffer(f)) {
            break;
        }
    }
    avail = f->buf_size - f->buf_index;
    if (avail <= offset) {
        return 0;
    }
    *buf = f->buf + f->buf_index + offset;
    return MIN(size, avail - offset);
}

int qemu_peek_byte(QEMUFile *f, int offset)
{
    uint8_t *p;

    if (offset < 0 || !qemu_peek_buffer(f, &p, 1, offset)) {
        return 0;
    }
    return *p;
}

void qemu_file_skip(QEMUFile *f, int size)
{
    size_t avail = f->buf_size - f->buf_index;

    if (size > 0) {
        size = MIN((size_t)size, avail);
        f->buf_index += size;
        f->transferred += size;
    }
}

/* Fetch @len (at most 8) bytes; false (and nothing consumed) if short. */
static inline bool get_small(QEMUFile *f, void *out, size_t len)
{
    uint8_t *p;

    if (qemu_file_get_error(f)) {
        return false;
    }
    if (f->buf_size - f->buf_index >= len) {
        p = f->buf + f->buf_index;
    } else if (qemu_peek_buffer(f, &p, len, 0) < len) {
        return false; /* the refill latched the error */
    }
    memcpy(out, p, len);
    f->buf_index += len;
    f->transferred += len;
    return true;
}

uint8_t qemu_get_byte(QEMUFile *f)
{
    uint8_t v;

    return get_small(f, &v, 1) ? v : 0;
}

uint16_t qemu_get_be16(QEMUFile *f)
{
    uint16_t v;

    return get_small(f, &v, sizeof(v)) ? GUINT16_FROM_BE(v) : 0;
}

uint32_t qemu_get_be32(QEMUFile *f)
{
    uint32_t v;

    return get_small(f, &v, sizeof(v)) ? GUINT32_FROM_BE(v) : 0;
}

uint64_t qemu_get_be64(QEMUFile *f)
{
    uint64_t v;

    return get_small(f, &v, sizeof(v)) ? GUINT64_FROM_BE(v) : 0;
}

size_t qemu_get_buffer(QEMUFile *f, uint8_t *buf, size_t size)
{
    size_t done = 0;

    if (!qemu_file_get_error(f)) {
        done = MIN(size, f->buf_size - f->buf_index);
        memcpy(buf, f->buf + f->buf_index, done);
        f->buf_index += done;
    }
    /*
     * The buffer is empty now: read the rest straight into @buf, and let
     * the same readv refill the buffer with what follows.
     */
    while (done < size && !qemu_file_get_error(f)) {
        struct iovec iov[2] = {
            { .iov_base = buf + done, .iov_len = size - done },
            { .iov_base = f->buf, .iov_len = IO_BUF_SIZE },
        };
        Error *err = NULL;
        ssize_t len = qio_channel_readv(f->ioc, iov, 2, &err);

        if (len == QIO_CHANNEL_ERR_BLOCK) {
            qio_channel_wait(f->ioc, G_IO_IN);
            continue;
        }
        if (len < 0) {
            qemu_file_set_error_obj(f, -EIO, err);
            break;
        }
        if (len == 0) {
            set_eof_error(f);
            break;
        }
        if ((size_t)len > size - done) {
            f->buf_index = 0;
            f->buf_size = len - (size - done);
            len = size - done;
        }
        done += len;
    }
    if (done < size) {
        memset(buf + done, 0, size - done);
    }
    f->transferred += done;
    return done;
}

/*
 * Counters and rate limit
 */

uint64_t qemu_file_transferred(QEMUFile *f)
{
    return f->transferred + f->pending;
}

void qemu_file_set_rate_limit(QEMUFile *f, uint64_t bytes_per_window)
{
    qatomic_set(&f->rate_limit_max, bytes_per_window);
}

bool qemu_file_rate_limit(QEMUFile *f)
{
    uint64_t max = qatomic_read(&f->rate_limit_max);

    if (qemu_file_get_error(f)) {
        return true; /* stop producing: nothing more will go out */
    }
    return max && f->rate_limit_used >= max;
}

void qemu_file_reset_rate_limit(QEMUFile *f)
{
    f->rate_limit_used = 0;
}

/*
 * Closing
 */

int qemu_fclose(QEMUFile *f)
{
    Error *err = NULL;
    int ret;

    qemu_fflush(f);
    ret = qemu_file_get_error(f);
    if (!qio_channel_close(f->ioc, &err)) {
        error_free(err);
        if (!ret) {
            ret = -EIO;
        }
    }
    qio_channel_unref(f->ioc);
    error_free(f->last_error_obj);
    qemu_mutex_destroy(&f->error_lock);
    g_free(f);
    return ret;
}
