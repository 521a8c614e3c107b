/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Chardevs that are a pair of file descriptors: stdio, file (output
 * only) and pipe (named pipes).
 */
#include "qemu/osdep.h"
#include "qapi/error.h"
#include "qobject/qdict.h"
#include "char-internal.h"

typedef struct FDChardev {
    Chardev parent;

    /* Set at creation, read-only after. */
    int fd_in;      /* -1: no input */
    int fd_out;     /* -1: output is discarded */
    bool owns_fds;  /* closed at close (not for stdio) */
} FDChardev;

/*
 * The stdio chardev, if any: QEMU allows only one.  Main loop thread with
 * the BQL.
 */
static Chardev *stdio_chardev;

static void fd_init(FDChardev *s, int fd_in, int fd_out, bool owns_fds)
{
    s->fd_in = fd_in;
    s->fd_out = fd_out;
    s->owns_fds = owns_fds;
    s->parent.be_open = true;
    if (fd_in >= 0) {
        qemu_chr_set_read_fd(&s->parent, fd_in);
    }
}

static int fd_write(Chardev *chr, const uint8_t *buf, int len)
{
    FDChardev *s = (FDChardev *)chr;

    if (s->fd_out < 0) {
        return len;
    }
    return qemu_chr_write_fd_all(s->fd_out, buf, len, false);
}

static void fd_hangup(Chardev *chr)
{
    /* End of input: stop polling, output still works. */
    qemu_chr_set_read_fd(chr, -1);
    qemu_chr_be_event(chr, CHR_EVENT_CLOSED);
}

static void fd_close(Chardev *chr)
{
    FDChardev *s = (FDChardev *)chr;

    if (chr == stdio_chardev) {
        stdio_chardev = NULL;
    }
    if (!s->owns_fds) {
        return;
    }
    if (s->fd_in >= 0) {
        close(s->fd_in);
    }
    if (s->fd_out >= 0 && s->fd_out != s->fd_in) {
        close(s->fd_out);
    }
}

static bool stdio_open(Chardev *chr, QDict *opts, Error **errp)
{
    if (stdio_chardev) {
        error_setg(errp, "cannot use stdio by multiple character devices");
        return false;
    }
    /* The terminal is left as it is (QEMU would switch a tty to raw). */
    stdio_chardev = chr;
    fd_init((FDChardev *)chr, STDIN_FILENO, STDOUT_FILENO, false);
    return true;
}

static bool file_open(Chardev *chr, QDict *opts, Error **errp)
{
    const char *path = qdict_get_try_str(opts, "path");
    bool append;
    int fd;

    if (!path) {
        error_setg(errp, "chardev: file: no filename given");
        return false;
    }
    if (!qemu_chr_opt_bool(opts, "append", false, &append, errp)) {
        return false;
    }
    fd = open(path, O_WRONLY | O_CREAT | O_CLOEXEC |
              (append ? O_APPEND : O_TRUNC), 0666);
    if (fd < 0) {
        error_setg_errno(errp, errno, "Could not open '%s'", path);
        return false;
    }
    fd_init((FDChardev *)chr, -1, fd, true);
    return true;
}

static bool pipe_open(Chardev *chr, QDict *opts, Error **errp)
{
    const char *path = qdict_get_try_str(opts, "path");
    g_autofree char *path_in = NULL;
    g_autofree char *path_out = NULL;
    int fd_in, fd_out;

    if (!path) {
        error_setg(errp, "chardev: pipe: no filename given");
        return false;
    }
    /*
     * O_RDWR: opening a FIFO does not block for the other end, and the
     * FIFO never reports end of file while we hold a writer ourselves.
     */
    path_in = g_strdup_printf("%s.in", path);
    path_out = g_strdup_printf("%s.out", path);
    fd_in = open(path_in, O_RDWR | O_CLOEXEC | O_NONBLOCK);
    fd_out = open(path_out, O_RDWR | O_CLOEXEC);
    if (fd_in < 0 || fd_out < 0) {
        if (fd_in >= 0) {
            close(fd_in);
        }
        if (fd_out >= 0) {
            close(fd_out);
        }
        fd_in = fd_out = open(path, O_RDWR | O_CLOEXEC);
        if (fd_in < 0) {
            error_setg_errno(errp, errno, "Could not open '%s'", path);
            return false;
        }
    }
    fd_init((FDChardev *)chr, fd_in, fd_out, true);
    return true;
}

static const char *const file_keys[] = { "path", "append", NULL };
static const char *const pipe_keys[] = { "path", NULL };

const ChardevClass char_stdio_class = {
    .name = "stdio",
    .instance_size = sizeof(FDChardev),
    .open = stdio_open,
    .write = fd_write,
    .hangup = fd_hangup,
    .close = fd_close,
};

const ChardevClass char_file_class = {
    .name = "file",
    .instance_size = sizeof(FDChardev),
    .keys = file_keys,
    .open = file_open,
    .write = fd_write,
    .hangup = fd_hangup,
    .close = fd_close,
};

const ChardevClass char_pipe_class = {
    .name = "pipe",
    .instance_size = sizeof(FDChardev),
    .keys = pipe_keys,
    .open = pipe_open,
    .write = fd_write,
    .hangup = fd_hangup,
    .close = fd_close,
};
