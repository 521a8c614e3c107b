/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * What chardev backends see of the chardev core: the Chardev structure,
 * the backend ops table and the helpers backends call.
 */
#ifndef CHARDEV_CHAR_INTERNAL_H
#define CHARDEV_CHAR_INTERNAL_H

#include "chardev/char.h"
#include "qemu/thread.h"

typedef struct ChardevClass ChardevClass;

/*
 * One chardev.  Backends embed it as the first member of their own
 * structure (ChardevClass.instance_size says how big that is).
 */
struct Chardev {
    /* Set at creation, read-only after. */
    const ChardevClass *cls;
    char *label;                           /* the id */
    bool features[QEMU_CHAR_FEATURE__MAX];

    /* Main loop thread, BQL held. */
    CharBackend *be;  /* the frontend, or NULL */
    bool be_open;     /* a peer is connected */
    int read_fd;      /* polled for input while >= 0 and a frontend reads */
    bool read_throttled; /* the frontend said it can't take input */
    bool fd_handler_set; /* a main loop handler is installed on read_fd */

    /*
     * Serialises cls->write() and, in the socket backend, closing the
     * client socket that writes go to.
     */
    QemuMutex write_lock;
};

/*
 * A backend.  All hooks run in the main loop thread with the BQL held,
 * except write, which runs in the writer's thread with chr->write_lock.
 */
struct ChardevClass {
    const char *name;          /* the "backend" option value */
    size_t instance_size;
    /* Option keys the backend accepts besides "backend" and "id". */
    const char *const *keys;
    /*
     * Parse @opts (string values, keys already checked against @keys)
     * and open the backend.  On failure set @errp; close is not called,
     * so open undoes its own partial work.  Sets chr->be_open and calls
     * qemu_chr_set_read_fd() as needed.
     */
    bool (*open)(Chardev *chr, QDict *opts, Error **errp);
    /* Write all @len bytes; return @len or -1.  Holds chr->write_lock. */
    int (*write)(Chardev *chr, const uint8_t *buf, int len);
    /*
     * Read up to @len bytes from chr->read_fd, as read() does (-1 with
     * errno).  NULL: plain read().  Sockets use recvmsg() to collect
     * file descriptors passed with SCM_RIGHTS.
     */
    ssize_t (*read)(Chardev *chr, uint8_t *buf, size_t len);
    /*
     * Hand over the first file descriptor that came with the latest
     * message carrying any (the others are closed), or -1.  NULL: the
     * backend can't receive descriptors.
     */
    int (*get_msgfd)(Chardev *chr);
    /*
     * query-chardev's "filename" (g_free'd by the caller).  NULL: the
     * backend's name, as QEMU shows for file, pipe, null and stdio.
     */
    char *(*filename)(Chardev *chr);
    /* read_fd hit end of file or an error. */
    void (*hangup)(Chardev *chr);
    /* Release everything open acquired (the core frees @chr). */
    void (*close)(Chardev *chr);
};

extern const ChardevClass char_socket_class;
extern const ChardevClass char_stdio_class;
extern const ChardevClass char_file_class;
extern const ChardevClass char_pipe_class;
extern const ChardevClass char_null_class;

/* Poll @fd for input on behalf of the frontend (-1: stop polling). */
void qemu_chr_set_read_fd(Chardev *chr, int fd);

/* Tell the frontend about @event (updates chr->be_open first). */
void qemu_chr_be_event(Chardev *chr, QEMUChrEvent event);

/*
 * Boolean option @key of @opts: "on"/"off" (also yes/no, true/false,
 * y/n), @def if absent.  Error: "Parameter '%s' expects 'on' or 'off'".
 */
bool qemu_chr_opt_bool(QDict *opts, const char *key, bool def, bool *out,
                       Error **errp);

/* write() all of @buf to @fd, retrying on EINTR and waiting on EAGAIN. */
int qemu_chr_write_fd_all(int fd, const uint8_t *buf, int len, bool is_socket);

#endif /* CHARDEV_CHAR_INTERNAL_H */
