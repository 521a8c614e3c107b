/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * QIOChannel: a reference-counted byte stream (socket, file, command
 * pipe, memory buffer) behind one const ops table per kind, with vector
 * I/O, optional file descriptor passing, shutdown, blocking mode and
 * main-loop watches.  docs/devel/io.md has the whole picture.
 *
 * Channels are not QOM objects: they cross threads (migration thread,
 * multifd threads, return path) and QOM's reference count is neither
 * atomic nor meant to leave the BQL.  A channel kind embeds QIOChannel
 * as its first member and provides a QIOChannelClass.
 *
 * Threads: qio_channel_ref()/qio_channel_unref() may be called from any
 * thread.  Reads and writes on one direction belong to one thread at a
 * time (the owner); qio_channel_shutdown() may be called from any thread
 * to unblock the owner.  qio_channel_close() and the last unref run when
 * no other thread is inside the channel.  Watches run in the thread that
 * iterates their GMainContext (the main loop for qio_channel_add_watch()).
 *
 * Errors: every failing call sets @errp with the cause, using QEMU's
 * texts ("Unable to read from socket: Connection reset by peer").
 * Owner: io/channel.c (core, watches), io/channel-util.c (the *_all
 * helpers, waits, qio_channel_new_fd()).
 */
#ifndef IO_CHANNEL_H
#define IO_CHANNEL_H

#include <sys/uio.h>

typedef struct QIOChannel QIOChannel;
typedef struct QIOChannelClass QIOChannelClass;

/* readv/writev result: a non-blocking channel would have blocked. */
#define QIO_CHANNEL_ERR_BLOCK -2

/* Read flag: look at the data without consuming it (MSG_PEEK). */
#define QIO_CHANNEL_READ_FLAG_MSG_PEEK 0x1

typedef enum QIOChannelFeature {
    QIO_CHANNEL_FEATURE_FD_PASS,       /* SCM_RIGHTS (unix sockets) */
    QIO_CHANNEL_FEATURE_SHUTDOWN,      /* qio_channel_shutdown() works */
    QIO_CHANNEL_FEATURE_LISTEN,        /* a listening socket */
    QIO_CHANNEL_FEATURE_SEEKABLE,      /* preadv/pwritev/seek work */
    QIO_CHANNEL_FEATURE_READ_MSG_PEEK, /* QIO_CHANNEL_READ_FLAG_MSG_PEEK */
} QIOChannelFeature;

typedef enum QIOChannelShutdown {
    QIO_CHANNEL_SHUTDOWN_READ = 1,
    QIO_CHANNEL_SHUTDOWN_WRITE = 2,
    QIO_CHANNEL_SHUTDOWN_BOTH = 3,
} QIOChannelShutdown;

/*
 * A watch callback: @condition is what happened (a subset of what was
 * asked plus G_IO_HUP/G_IO_ERR).  Return G_SOURCE_CONTINUE to keep
 * watching, G_SOURCE_REMOVE to stop.
 */
typedef gboolean (*QIOChannelFunc)(QIOChannel *ioc, GIOCondition condition,
                                   gpointer data);

/*
 * The ops table of a channel kind.  Every hook runs in the calling
 * thread; hooks that are NULL make the matching call fail cleanly.
 * readv/writev return bytes transferred (0 from readv is end of file),
 * QIO_CHANNEL_ERR_BLOCK, or -1 with @errp set; they retry EINTR.
 */
struct QIOChannelClass {
    const char *type_name;   /* "qio-channel-socket", ... */
    /* @fds/@nfds are non-NULL only if the caller wants passed fds. */
    ssize_t (*io_readv)(QIOChannel *ioc, const struct iovec *iov,
                        size_t niov, int **fds, size_t *nfds, int flags,
                        Error **errp);
    ssize_t (*io_writev)(QIOChannel *ioc, const struct iovec *iov,
                         size_t niov, const int *fds, size_t nfds,
                         Error **errp);
    /* Positioned I/O (SEEKABLE channels); no effect on the position. */
    ssize_t (*io_preadv)(QIOChannel *ioc, const struct iovec *iov,
                         size_t niov, off_t offset, Error **errp);
    ssize_t (*io_pwritev)(QIOChannel *ioc, const struct iovec *iov,
                          size_t niov, off_t offset, Error **errp);
    off_t (*io_seek)(QIOChannel *ioc, off_t offset, int whence,
                     Error **errp);
    /* Release the OS resources; later I/O fails.  Called at most once. */
    bool (*io_close)(QIOChannel *ioc, Error **errp);
    /* Any thread: make blocked and later I/O in @how fail or see EOF. */
    bool (*io_shutdown)(QIOChannel *ioc, QIOChannelShutdown how,
                        Error **errp);
    bool (*io_set_blocking)(QIOChannel *ioc, bool enabled, Error **errp);
    /*
     * The fd to poll for @condition (G_IO_IN or G_IO_OUT), or -1 if
     * there is none (closed, or that direction not open): waits return
     * at once, watches never fire.  NULL for kinds that never block (a
     * memory buffer): their watches fire on every main loop iteration.
     */
    int (*io_get_fd)(QIOChannel *ioc, GIOCondition condition);
    /* Last reference gone: free what the kind owns (not the struct). */
    void (*io_finalize)(QIOChannel *ioc);
};

struct QIOChannel {
    /* Set at creation, read-only after. */
    const QIOChannelClass *klass;
    /*
     * Set by the creator (and by connect/accept/listen) before the
     * channel is shared; read-only after.
     */
    unsigned int features;  /* 1 << QIOChannelFeature */
    char *name;
    /* Atomic. */
    int refcount;
    /* Written by qio_channel_close(), with no other thread inside. */
    bool closed;
};

/* Cast a channel kind (QIOChannel first member) to its QIOChannel. */
#define QIO_CHANNEL(obj) ((QIOChannel *)(obj))

/*
 * For channel kinds: initialise the QIOChannel at the head of a new,
 * zeroed channel struct with one reference held by the caller.
 */
void qio_channel_init(QIOChannel *ioc, const QIOChannelClass *klass);

/* Take a reference (any thread); returns @ioc. */
QIOChannel *qio_channel_ref(QIOChannel *ioc);
/*
 * Drop a reference (any thread; NULL is fine).  The last one closes the
 * channel if still open, then frees it.
 */
void qio_channel_unref(QIOChannel *ioc);
G_DEFINE_AUTOPTR_CLEANUP_FUNC(QIOChannel, qio_channel_unref)

/* Name for diagnostics ("migration-socket-outgoing"); before sharing. */
void qio_channel_set_name(QIOChannel *ioc, const char *name);
/* The name, or the kind's type name when none was set. */
const char *qio_channel_get_name(QIOChannel *ioc);

bool qio_channel_has_feature(QIOChannel *ioc, QIOChannelFeature feature);
/* For channel kinds, before the channel is shared. */
void qio_channel_set_feature(QIOChannel *ioc, QIOChannelFeature feature);

/*
 * One read or write call (possibly short).  Returns bytes transferred,
 * 0 at end of file (reads), QIO_CHANNEL_ERR_BLOCK for a non-blocking
 * channel with nothing to do, or -1 with @errp set.
 *
 * @fds/@nfds (readv_full): if non-NULL, file descriptors passed along
 * with the data are returned in a new array (*@fds, g_free it; the
 * caller owns the fds), needs QIO_CHANNEL_FEATURE_FD_PASS.  @flags:
 * QIO_CHANNEL_READ_FLAG_MSG_PEEK (needs ..._READ_MSG_PEEK).
 */
ssize_t qio_channel_readv_full(QIOChannel *ioc, const struct iovec *iov,
                               size_t niov, int **fds, size_t *nfds,
                               int flags, Error **errp);
/* @fds (borrowed, at most 16) go out with the first byte of data. */
ssize_t qio_channel_writev_full(QIOChannel *ioc, const struct iovec *iov,
                                size_t niov, const int *fds, size_t nfds,
                                Error **errp);
ssize_t qio_channel_readv(QIOChannel *ioc, const struct iovec *iov,
                          size_t niov, Error **errp);
ssize_t qio_channel_writev(QIOChannel *ioc, const struct iovec *iov,
                           size_t niov, Error **errp);
ssize_t qio_channel_read(QIOChannel *ioc, void *buf, size_t buflen,
                         Error **errp);
ssize_t qio_channel_write(QIOChannel *ioc, const void *buf, size_t buflen,
                          Error **errp);

/*
 * Positioned I/O for QIO_CHANNEL_FEATURE_SEEKABLE channels (file:
 * migration); does not move the channel's position.  Same returns as
 * qio_channel_readv(); "Requested channel is not seekable" otherwise.
 */
ssize_t qio_channel_preadv(QIOChannel *ioc, const struct iovec *iov,
                           size_t niov, off_t offset, Error **errp);
ssize_t qio_channel_pwritev(QIOChannel *ioc, const struct iovec *iov,
                            size_t niov, off_t offset, Error **errp);
ssize_t qio_channel_pread(QIOChannel *ioc, void *buf, size_t buflen,
                          off_t offset, Error **errp);
ssize_t qio_channel_pwrite(QIOChannel *ioc, const void *buf, size_t buflen,
                           off_t offset, Error **errp);
/* lseek() semantics; returns the new offset or -1 with @errp set. */
off_t qio_channel_io_seek(QIOChannel *ioc, off_t offset, int whence,
                          Error **errp);

/*
 * Close the OS resources now (socket listeners unlink their unix path,
 * command channels reap the child and report a failed exit).  Later
 * I/O fails; a second close does nothing and succeeds.
 */
bool qio_channel_close(QIOChannel *ioc, Error **errp);
/*
 * Any thread: stop reads and/or writes; a thread blocked in I/O on the
 * channel returns (reads see end of file, writes fail).  Needs
 * QIO_CHANNEL_FEATURE_SHUTDOWN.
 */
bool qio_channel_shutdown(QIOChannel *ioc, QIOChannelShutdown how,
                          Error **errp);
/* Channels start blocking; non-blocking I/O returns ..._ERR_BLOCK. */
bool qio_channel_set_blocking(QIOChannel *ioc, bool enabled, Error **errp);

/*
 * Block the calling thread until @condition (G_IO_IN or G_IO_OUT) holds
 * on the channel, or it hangs up or fails (the next I/O tells which).
 * Never use it in the main loop thread.
 */
void qio_channel_wait(QIOChannel *ioc, GIOCondition condition);

/*
 * Watches: a GSource that calls @func when @condition holds.  The
 * source holds a reference on @ioc until it is destroyed.
 * qio_channel_create_watch() returns an unattached source (set its
 * callback with g_source_set_callback(), casting @func through
 * void (*)(void)).
 * qio_channel_add_watch() attaches it to the main loop (glib's default
 * context) and returns its id for g_source_remove(); @notify (may be
 * NULL) frees @user_data when the watch goes away.
 */
GSource *qio_channel_create_watch(QIOChannel *ioc, GIOCondition condition);
guint qio_channel_add_watch(QIOChannel *ioc, GIOCondition condition,
                            QIOChannelFunc func, gpointer user_data,
                            GDestroyNotify notify);
/* Same, attached to @context (NULL: default); returns a new reference. */
GSource *qio_channel_add_watch_source(QIOChannel *ioc,
                                      GIOCondition condition,
                                      QIOChannelFunc func,
                                      gpointer user_data,
                                      GDestroyNotify notify,
                                      GMainContext *context);

/*
 * Whole-buffer helpers (io/channel-util.c).  They loop over short
 * transfers, retry EINTR and, on a non-blocking channel, wait with
 * qio_channel_wait().  Not for the main loop thread on a channel that
 * may block.
 */

/*
 * Read all of @iov.  Returns 1 when done, 0 on end of file before the
 * first byte (nothing read: a clean end of stream), -1 with @errp set on
 * error or on end of file after a partial read ("Unexpected end-of-file
 * before all data were read").  @fds/@nfds: as qio_channel_readv_full();
 * fds received before a failure are closed.
 */
int qio_channel_readv_full_all_eof(QIOChannel *ioc, const struct iovec *iov,
                                   size_t niov, int **fds, size_t *nfds,
                                   Error **errp);
/* As above, but end of file anywhere is an error. */
bool qio_channel_readv_full_all(QIOChannel *ioc, const struct iovec *iov,
                                size_t niov, int **fds, size_t *nfds,
                                Error **errp);
int qio_channel_readv_all_eof(QIOChannel *ioc, const struct iovec *iov,
                              size_t niov, Error **errp);
bool qio_channel_readv_all(QIOChannel *ioc, const struct iovec *iov,
                           size_t niov, Error **errp);
int qio_channel_read_all_eof(QIOChannel *ioc, void *buf, size_t buflen,
                             Error **errp);
bool qio_channel_read_all(QIOChannel *ioc, void *buf, size_t buflen,
                          Error **errp);

/*
 * Write all of @iov (any number of entries: batches of IOV_MAX).  The
 * fast path makes one writev() and copies nothing; only a short write
 * copies the iovec array (never the data).  @fds go with the first byte.
 */
bool qio_channel_writev_full_all(QIOChannel *ioc, const struct iovec *iov,
                                 size_t niov, const int *fds, size_t nfds,
                                 Error **errp);
bool qio_channel_writev_all(QIOChannel *ioc, const struct iovec *iov,
                            size_t niov, Error **errp);
bool qio_channel_write_all(QIOChannel *ioc, const void *buf, size_t buflen,
                           Error **errp);

/*
 * Peek (MSG_PEEK) until @buflen bytes are available and copy them to
 * @buf without consuming them: how an incoming connection is classified
 * by its first bytes.  End of file before that is an error.  Needs
 * QIO_CHANNEL_FEATURE_READ_MSG_PEEK.
 */
bool qio_channel_read_peek_all(QIOChannel *ioc, void *buf, size_t buflen,
                               Error **errp);

/*
 * A channel for an fd of unknown kind (for example one passed by the
 * monitor): a socket channel for a socket, a file channel otherwise.
 * Takes @fd on success only.
 */
QIOChannel *qio_channel_new_fd(int fd, Error **errp);

#endif /* IO_CHANNEL_H */
