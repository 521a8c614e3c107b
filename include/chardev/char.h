/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Character devices: named byte streams (sockets, stdio, files, pipes,
 * null) with one frontend each, created from -chardev style options.
 *
 * Threads and locking:
 * - Creation, deletion, qemu_chr_fe_init(), qemu_chr_fe_set_handlers(),
 *   qemu_chr_fe_accept_input(): the main loop thread with the BQL held.
 * - The frontend's callbacks run in the main loop thread with the BQL.
 * - qemu_chr_fe_write_all() / qemu_chr_write_all(): any thread.  Writes
 *   are serialised per chardev by its write lock, which also keeps a
 *   socket's client from being closed under a writer.
 *
 * Writes are blocking: they return once every byte was handed to the
 * kernel, waiting for the peer to drain its socket buffer if need be.
 * That is fine for the small QMP messages written today; a peer that
 * stops reading stalls the writer (see docs/devel/monitor.md).
 */
#ifndef CHARDEV_CHAR_H
#define CHARDEV_CHAR_H

/*
 * query-chardev (qmp_query_chardev(), declared in the generated
 * qapi-commands-char.h) lists every chardev in creation order.
 */

typedef struct Chardev Chardev;
typedef struct CharBackend CharBackend;

typedef enum QEMUChrEvent {
    CHR_EVENT_OPENED, /* a peer is there: socket connected, file opened */
    CHR_EVENT_CLOSED, /* the peer went away (socket client disconnected) */
} QEMUChrEvent;

typedef enum ChardevFeature {
    /*
     * The chardev could be driven from a GMainContext other than the
     * main loop's, which is what QEMU's monitor I/O thread needs; QMP
     * offers the "oob" capability only on such chardevs.  Sockets have
     * it, stdio does not.
     */
    QEMU_CHAR_FEATURE_GCONTEXT,
    QEMU_CHAR_FEATURE__MAX,
} ChardevFeature;

/* How many bytes the frontend accepts now (0: stop reading for a while). */
typedef int IOCanReadHandler(void *opaque);
/* @size bytes arrived (never more than the last IOCanReadHandler said). */
typedef void IOReadHandler(void *opaque, const uint8_t *buf, int size);
typedef void IOEventHandler(void *opaque, QEMUChrEvent event);

/*
 * The frontend's end of a chardev.  Embedded in the frontend (the QMP
 * monitor); zero it before qemu_chr_fe_init().
 */
struct CharBackend {
    Chardev *chr;
    IOCanReadHandler *chr_can_read;
    IOReadHandler *chr_read;
    IOEventHandler *chr_event;
    void *opaque;
};

/*
 * Create a chardev from @opts (borrowed), a QDict of string values as on
 * the -chardev command line: "backend" (socket, stdio, file, null, pipe),
 * "id", and the backend's keys:
 *   socket: path= | host=,port= | fd=N;  server=on|off (default off);
 *           wait=off (only meaningful, and required, with server=on: a
 *           server that waits for its first client at start-up is not
 *           supported).  A server serves one client at a time; later
 *           clients wait in the listen backlog until the current one
 *           disconnects.  fd= is a listening socket with server=on, a
 *           connected one otherwise; the chardev owns it from then on.
 *   stdio:  (none; at most one stdio chardev)
 *   file:   path=, append=on|off (default off: truncate)
 *   pipe:   path= (reads PATH.in and writes PATH.out if both exist,
 *           else reads and writes PATH)
 *   null:   (none)
 * Returns the new chardev (owned by the chardev registry until
 * qemu_chr_delete()), or NULL with @errp set to QEMU's message.
 */
Chardev *qemu_chr_new_from_opts(QDict *opts, Error **errp);

/* The chardev called @id, or NULL. */
Chardev *qemu_chr_find(const char *id);

/*
 * Close and free @chr.  It must have no frontend (qemu_chr_fe_deinit()
 * first).  A socket server's unix socket file is removed.
 */
void qemu_chr_delete(Chardev *chr);

/* Delete every chardev (at exit; frontends must be gone). */
void qemu_chr_cleanup(void);

const char *qemu_chr_get_id(const Chardev *chr);
bool qemu_chr_has_feature(const Chardev *chr, ChardevFeature feature);

/* Whether a peer is connected (always true for non-socket backends). */
bool qemu_chr_is_open(const Chardev *chr);

/*
 * Write all of @buf; returns @len, or -1 if the backend failed.  A socket
 * without a client drops the bytes and returns @len, as QEMU does.
 */
int qemu_chr_write_all(Chardev *chr, const uint8_t *buf, int len);

/*
 * The TCP port a socket server listens on (useful with port=0), or -1
 * for anything else.
 */
int qemu_chr_socket_listen_port(Chardev *chr);

/*
 * Attach @be to @chr.  A chardev has at most one frontend: fails with
 * "Device '%s' is in use" otherwise.
 */
bool qemu_chr_fe_init(CharBackend *be, Chardev *chr, Error **errp);

/* Detach @be (handlers removed); @be->chr is NULL afterwards. */
void qemu_chr_fe_deinit(CharBackend *be);

/*
 * Install the frontend's callbacks (all NULL removes them).  If the
 * chardev is already open, @fd_event gets CHR_EVENT_OPENED right away,
 * before this returns.
 */
void qemu_chr_fe_set_handlers(CharBackend *be, IOCanReadHandler *fd_can_read,
                              IOReadHandler *fd_read, IOEventHandler *fd_event,
                              void *opaque);

/*
 * The frontend can take input again after its IOCanReadHandler returned
 * 0: resume reading.
 */
void qemu_chr_fe_accept_input(CharBackend *be);

/*
 * File descriptors passed over a unix socket with SCM_RIGHTS: the
 * chardev keeps those of the latest message that carried any (older
 * unclaimed ones are closed then, and all of them when the client
 * disconnects).  This takes the first of them (the caller owns it, in
 * blocking mode, close-on-exec) and closes the rest; -1 if there is
 * none or the backend can't receive descriptors.  Main loop thread.
 */
int qemu_chr_fe_get_msgfd(CharBackend *be);

/* qemu_chr_write_all() on the frontend's chardev; -1 if detached. */
int qemu_chr_fe_write_all(CharBackend *be, const uint8_t *buf, int len);

#endif /* CHARDEV_CHAR_H */
