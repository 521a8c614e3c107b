/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * QIOChannel core: lifetime (atomic reference count), names, features,
 * the checked entry points that dispatch to a kind's ops table, and
 * main-loop watches (a GSource polling the kind's fd).
 */
#include "qemu/osdep.h"
#include "qapi/error.h"
#include "qemu/atomic.h"
#include "io/channel.h"

void qio_channel_init(QIOChannel *ioc, const QIOChannelClass *klass)
{
    ioc->klass = klass;
    ioc->features = 0;
    ioc->name = NULL;
    ioc->closed = false;
    qatomic_set(&ioc->refcount, 1);
}

QIOChannel *qio_channel_ref(QIOChannel *ioc)
{
    int old = qatomic_fetch_inc(&ioc->refcount);

    assert(old > 0);
    return ioc;
}

void qio_channel_unref(QIOChannel *ioc)
{
    if (!ioc) {
        return;
    }
    /*
     * The decrement is seq_cst, so every access another thread made
     * before its own unref happens before the teardown below.
     */
    if (qatomic_dec_fetch(&ioc->refcount) > 0) {
        return;
    }
    if (!ioc->closed) {
        Error *err = NULL;

        /* Nobody can be told any more; the resources must go anyway. */
        if (!qio_channel_close(ioc, &err)) {
            error_free(err);
        }
    }
    if (ioc->klass->io_finalize) {
        ioc->klass->io_finalize(ioc);
    }
    g_free(ioc->name);
    g_free(ioc);
}

void qio_channel_set_name(QIOChannel *ioc, const char *name)
{
    g_free(ioc->name);
    ioc->name = g_strdup(name);
}

const char *qio_channel_get_name(QIOChannel *ioc)
{
    return ioc->name ? ioc->name : ioc->klass->type_name;
}

bool qio_channel_has_feature(QIOChannel *ioc, QIOChannelFeature feature)
{
    return ioc->features & (1u << feature);
}

void qio_channel_set_feature(QIOChannel *ioc, QIOChannelFeature feature)
{
    ioc->features |= 1u << feature;
}

static bool channel_check_open(QIOChannel *ioc, Error **errp)
{
    if (ioc->closed) {
        error_setg(errp, "Channel '%s' is closed", qio_channel_get_name(ioc));
        return false;
    }
    return true;
}

ssize_t qio_channel_readv_full(QIOChannel *ioc, const struct iovec *iov,
                               size_t niov, int **fds, size_t *nfds,
                               int flags, Error **errp)
{
    if (fds || nfds) {
        assert(fds && nfds);
        *fds = NULL;
        *nfds = 0;
        if (!qio_channel_has_feature(ioc, QIO_CHANNEL_FEATURE_FD_PASS)) {
            error_setg(errp,
                       "Channel does not support file descriptor passing");
            return -1;
        }
    }
    if ((flags & QIO_CHANNEL_READ_FLAG_MSG_PEEK) &&
        !qio_channel_has_feature(ioc, QIO_CHANNEL_FEATURE_READ_MSG_PEEK)) {
        error_setg(errp, "Channel does not support peek read");
        return -1;
    }
    if (!channel_check_open(ioc, errp)) {
        return -1;
    }
    return ioc->klass->io_readv(ioc, iov, niov, fds, nfds, flags, errp);
}

ssize_t qio_channel_writev_full(QIOChannel *ioc, const struct iovec *iov,
                                size_t niov, const int *fds, size_t nfds,
                                Error **errp)
{
    if (nfds && !qio_channel_has_feature(ioc, QIO_CHANNEL_FEATURE_FD_PASS)) {
        error_setg(errp, "Channel does not support file descriptor passing");
        return -1;
    }
    if (!channel_check_open(ioc, errp)) {
        return -1;
    }
    return ioc->klass->io_writev(ioc, iov, niov, nfds ? fds : NULL, nfds,
                                 errp);
}

ssize_t qio_channel_readv(QIOChannel *ioc, const struct iovec *iov,
                          size_t niov, Error **errp)
{
    return qio_channel_readv_full(ioc, iov, niov, NULL, NULL, 0, errp);
}

ssize_t qio_channel_writev(QIOChannel *ioc, const struct iovec *iov,
                           size_t niov, Error **errp)
{
    return qio_channel_writev_full(ioc, iov, niov, NULL, 0, errp);
}

ssize_t qio_channel_read(QIOChannel *ioc, void *buf, size_t buflen,
                         Error **errp)
{
    struct iovec iov = { .iov_base = buf, .iov_len = buflen };

    return qio_channel_readv(ioc, &iov, 1, errp);
}

ssize_t qio_channel_write(QIOChannel *ioc, const void *buf, size_t buflen,
                          Error **errp)
{
    struct iovec iov = { .iov_base = (void *)buf, .iov_len = buflen };

    return qio_channel_writev(ioc, &iov, 1, errp);
}

static bool channel_check_seekable(QIOChannel *ioc, Error **errp)
{
    if (!qio_channel_has_feature(ioc, QIO_CHANNEL_FEATURE_SEEKABLE)) {
        error_setg(errp, "Requested channel is not seekable");
        return false;
    }
    return channel_check_open(ioc, errp);
}

ssize_t qio_channel_preadv(QIOChannel *ioc, const struct iovec *iov,
                           size_t niov, off_t offset, Error **errp)
{
    if (!channel_check_seekable(ioc, errp)) {
        return -1;
    }
    return ioc->klass->io_preadv(ioc, iov, niov, offset, errp);
}

ssize_t qio_channel_pwritev(QIOChannel *ioc, const struct iovec *iov,
                            size_t niov, off_t offset, Error **errp)
{
    if (!channel_check_seekable(ioc, errp)) {
        return -1;
    }
    return ioc->klass->io_pwritev(ioc, iov, niov, offset, errp);
}

ssize_t qio_channel_pread(QIOChannel *ioc, void *buf, size_t buflen,
                          off_t offset, Error **errp)
{
    struct iovec iov = { .iov_base = buf, .iov_len = buflen };

    return qio_channel_preadv(ioc, &iov, 1, offset, errp);
}

ssize_t qio_channel_pwrite(QIOChannel *ioc, const void *buf, size_t buflen,
                           off_t offset, Error **errp)
{
    struct iovec iov = { .iov_base = (void *)buf, .iov_len = buflen };

    return qio_channel_pwritev(ioc, &iov, 1, offset, errp);
}

off_t qio_channel_io_seek(QIOChannel *ioc, off_t offset, int whence,
                          Error **errp)
{
    if (!ioc->klass->io_seek) {
        error_setg(errp, "Channel does not support random access");
        return -1;
    }
    if (!channel_check_open(ioc, errp)) {
        return -1;
    }
    return ioc->klass->io_seek(ioc, offset, whence, errp);
}

bool qio_channel_close(QIOChannel *ioc, Error **errp)
{
    if (ioc->closed) {
        return true;
    }
    ioc->closed = true;
    return !ioc->klass->io_close || ioc->klass->io_close(ioc, errp);
}

bool qio_channel_shutdown(QIOChannel *ioc, QIOChannelShutdown how,
                          Error **errp)
{
    if (!qio_channel_has_feature(ioc, QIO_CHANNEL_FEATURE_SHUTDOWN) ||
        !ioc->klass->io_shutdown) {
        error_setg(errp, "Data path shutdown not supported");
        return false;
    }
    return ioc->klass->io_shutdown(ioc, how, errp);
}

bool qio_channel_set_blocking(QIOChannel *ioc, bool enabled, Error **errp)
{
    if (!ioc->klass->io_set_blocking) {
        return true; /* never blocks (memory buffer) */
    }
    return ioc->klass->io_set_blocking(ioc, enabled, errp);
}

/*
 * Watches
 */

typedef struct QIOChannelWatch {
    GSource source;
    /* Set at creation, read-only after (the source's own thread). */
    QIOChannel *ioc;        /* a reference */
    GIOCondition condition;
    gpointer tag_in;        /* NULL when not polled */
    gpointer tag_out;
    bool always_ready;      /* the kind has no fd to poll */
} QIOChannelWatch;

static GIOCondition watch_revents(QIOChannelWatch *w)
{
    GIOCondition mask = w->condition | G_IO_HUP | G_IO_ERR;
    GIOCondition rev = 0;

    if (w->always_ready) {
        return w->condition;
    }
    if (w->tag_in) {
        rev |= g_source_query_unix_fd(&w->source, w->tag_in);
    }
    if (w->tag_out) {
        rev |= g_source_query_unix_fd(&w->source, w->tag_out);
    }
    return rev & mask;
}

static gboolean watch_prepare(GSource *source, gint *timeout)
{
    QIOChannelWatch *w = (QIOChannelWatch *)source;

    *timeout = w->always_ready ? 0 : -1;
    return w->always_ready;
}

static gboolean watch_check(GSource *source)
{
    return watch_revents((QIOChannelWatch *)source) != 0;
}

static gboolean watch_dispatch(GSource *source, GSourceFunc callback,
                               gpointer user_data)
{
    QIOChannelWatch *w = (QIOChannelWatch *)source;
    QIOChannelFunc func = (QIOChannelFunc)(void (*)(void))callback;

    if (!func) {
        return G_SOURCE_REMOVE;
    }
    return func(w->ioc, watch_revents(w), user_data);
}

static void watch_finalize(GSource *source)
{
    qio_channel_unref(((QIOChannelWatch *)source)->ioc);
}

static GSourceFuncs watch_funcs = {
    .prepare = watch_prepare,
    .check = watch_check,
    .dispatch = watch_dispatch,
    .finalize = watch_finalize,
};

GSource *qio_channel_create_watch(QIOChannel *ioc, GIOCondition condition)
{
    QIOChannelWatch *w;
    GIOCondition extra = G_IO_HUP | G_IO_ERR;
    int fd_in = -1, fd_out = -1;

    w = (QIOChannelWatch *)g_source_new(&watch_funcs, sizeof(*w));
    w->ioc = qio_channel_ref(ioc);
    w->condition = condition;
    if (ioc->klass->io_get_fd && !ioc->closed) {
        if (condition & (G_IO_IN | G_IO_PRI)) {
            fd_in = ioc->klass->io_get_fd(ioc, G_IO_IN);
        }
        if (condition & G_IO_OUT) {
            fd_out = ioc->klass->io_get_fd(ioc, G_IO_OUT);
        }
        if (fd_in < 0 && fd_out < 0 && !(condition & (G_IO_IN | G_IO_OUT))) {
            /* Only hang-up wanted: poll the read side. */
            fd_in = ioc->klass->io_get_fd(ioc, G_IO_IN);
        }
    }
    if (fd_in >= 0 && fd_in == fd_out) {
        w->tag_in = g_source_add_unix_fd(&w->source, fd_in, condition | extra);
    } else {
        if (fd_in >= 0) {
            w->tag_in = g_source_add_unix_fd(
                &w->source, fd_in, (condition & ~G_IO_OUT) | extra);
        }
        if (fd_out >= 0) {
            w->tag_out = g_source_add_unix_fd(&w->source, fd_out,
                                              G_IO_OUT | extra);
        }
    }
    /* A kind with fds but none for @condition (closed) never fires. */
    w->always_ready = !ioc->klass->io_get_fd;
    g_source_set_name(&w->source, qio_channel_get_name(ioc));
    return &w->source;
}

GSource *qio_channel_add_watch_source(QIOChannel *ioc,
                                      GIOCondition condition,
                                      QIOChannelFunc func,
                                      gpointer user_data,
                                      GDestroyNotify notify,
                                      GMainContext *context)
{
    GSource *source = qio_channel_create_watch(ioc, condition);

    g_source_set_callback(source, (GSourceFunc)(void (*)(void))func,
                          user_data, notify);
    g_source_attach(source, context);
    return source;
}

guint qio_channel_add_watch(QIOChannel *ioc, GIOCondition condition,
                            QIOChannelFunc func, gpointer user_data,
                            GDestroyNotify notify)
{
    GSource *source = qio_channel_add_watch_source(ioc, condition, func,
                                                   user_data, notify, NULL);
    guint id = g_source_get_id(source);

    g_source_unref(source);
    return id;
}
