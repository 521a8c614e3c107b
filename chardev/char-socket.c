/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The socket chardev: a unix or TCP server that serves one client at a
 * time, or a client connected at creation.
 *
 * States of a server: listening (accept handler installed, no client)
 * -> connected (client fd polled for input, CHR_EVENT_OPENED sent; the
 * accept handler is off, so further clients wait in the kernel's listen
 * backlog) -> back to listening when the client hangs up
 * (CHR_EVENT_CLOSED).  A client chardev is connected from creation and
 * stays disconnected after its peer hangs up (no reconnect).
 */
#include "qemu/osdep.h"
#include <netdb.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/socket.h>
#include <sys/un.h>
#include "qapi/error.h"
#include "qemu/cutils.h"
#include "qemu/main-loop.h"
#include "qobject/qdict.h"
#include "char-internal.h"

typedef struct SocketChardev {
    Chardev parent;

    /* Set at creation, read-only after. */
    bool is_listen;
    char *unlink_path; /* unix socket file we created, removed at close */
    int listen_fd;     /* -1 for a client chardev */

    /*
     * The connection.  Written by the main loop thread with
     * parent.write_lock held; read by writers under that lock.
     */
    int client_fd;
} SocketChardev;

static void socket_accept(void *opaque);

static void socket_set_client(SocketChardev *s, int fd)
{
    qemu_mutex_lock(&s->parent.write_lock);
    s->client_fd = fd;
    qemu_mutex_unlock(&s->parent.write_lock);
}

static void socket_listen_again(SocketChardev *s)
{
    if (s->listen_fd >= 0) {
        qemu_set_fd_handler(s->listen_fd, socket_accept, NULL, s);
    }
}

static void socket_accept(void *opaque)
{
    SocketChardev *s = opaque;
    int fd;

    do {
        fd = accept4(s->listen_fd, NULL, NULL, SOCK_CLOEXEC | SOCK_NONBLOCK);
    } while (fd < 0 && errno == EINTR);
    if (fd < 0) {
        /* Spurious wake-up or a client that gave up: keep listening. */
        return;
    }
    /* One client at a time: the next waits in the backlog. */
    qemu_set_fd_handler(s->listen_fd, NULL, NULL, NULL);
    socket_set_client(s, fd);
    qemu_chr_set_read_fd(&s->parent, fd);
    qemu_chr_be_event(&s->parent, CHR_EVENT_OPENED);
}

static void socket_disconnect(SocketChardev *s)
{
    int fd = s->client_fd;

    if (fd < 0) {
        return;
    }
    qemu_chr_set_read_fd(&s->parent, -1);
    socket_set_client(s, -1);
    close(fd);
    qemu_chr_be_event(&s->parent, CHR_EVENT_CLOSED);
    if (s->is_listen) {
        socket_listen_again(s);
    }
}

static void socket_hangup(Chardev *chr)
{
    socket_disconnect((SocketChardev *)chr);
}

static int socket_write(Chardev *chr, const uint8_t *buf, int len)
{
    SocketChardev *s = (SocketChardev *)chr;

    if (s->client_fd < 0) {
        return len; /* nobody connected: dropped, as QEMU does */
    }
    /*
     * On failure the peer is gone or broken; the read side sees the
     * hang-up and disconnects in the main loop, not here (the writer may
     * be any thread, in the middle of anything).
     */
    return qemu_chr_write_fd_all(s->client_fd, buf, len, true);
}

static bool socket_parse_port(const char *port, Error **errp)
{
    uint64_t n;

    if (qemu_strtou64(port, NULL, 10, &n) < 0) {
        error_setg(errp, "can't convert to a number: %s", port);
        return false;
    }
    if (n > 65535) {
        error_setg(errp, "port %s out of range", port);
        return false;
    }
    return true;
}

static int socket_open_unix(const char *path, bool listen_mode, Error **errp)
{
    struct sockaddr_un un = { .sun_family = AF_UNIX };
    int fd;

    if (strlen(path) >= sizeof(un.sun_path)) {
        error_setg(errp, "UNIX socket path '%s' is too long", path);
        return -1;
    }
    strcpy(un.sun_path, path);
    fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
    if (fd < 0) {
        error_setg_errno(errp, errno, "Failed to create Unix socket");
        return -1;
    }
    if (listen_mode) {
        if (unlink(path) < 0 && errno != ENOENT) {
            error_setg_errno(errp, errno, "Failed to unlink socket %s", path);
            goto fail;
        }
        if (bind(fd, (struct sockaddr *)&un, sizeof(un)) < 0) {
            error_setg_errno(errp, errno, "Failed to bind socket to %s", path);
            goto fail;
        }
        if (listen(fd, 1) < 0) {
            error_setg_errno(errp, errno, "Failed to listen on socket");
            unlink(path);
            goto fail;
        }
    } else if (connect(fd, (struct sockaddr *)&un, sizeof(un)) < 0) {
        error_setg_errno(errp, errno, "Failed to connect to '%s'", path);
        goto fail;
    }
    return fd;

fail:
    close(fd);
    return -1;
}

static int socket_open_inet(const char *host, const char *port,
                            bool listen_mode, Error **errp)
{
    struct addrinfo hints = {
        .ai_socktype = SOCK_STREAM,
        .ai_flags = listen_mode ? AI_PASSIVE : 0,
    };
    struct addrinfo *res, *ai;
    int err, fd = -1, saved_errno = 0;

    if (!socket_parse_port(port, errp)) {
        return -1;
    }
    err = getaddrinfo(*host ? host : NULL, port, &hints, &res);
    if (err) {
        error_setg(errp, "address resolution failed for %s:%s: %s", host,
                   port, gai_strerror(err));
        return -1;
    }
    for (ai = res; ai; ai = ai->ai_next) {
        int one = 1;

        fd = socket(ai->ai_family, ai->ai_socktype | SOCK_CLOEXEC,
                    ai->ai_protocol);
        if (fd < 0) {
            saved_errno = errno;
            continue;
        }
        if (listen_mode) {
            setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
            if (bind(fd, ai->ai_addr, ai->ai_addrlen) == 0 &&
                listen(fd, 1) == 0) {
                break;
            }
        } else if (connect(fd, ai->ai_addr, ai->ai_addrlen) == 0) {
            setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof(one));
            break;
        }
        saved_errno = errno;
        close(fd);
        fd = -1;
    }
    freeaddrinfo(res);
    if (fd < 0) {
        error_setg_errno(errp, saved_errno, "Failed to %s socket %s:%s",
                         listen_mode ? "bind" : "connect", host, port);
    }
    return fd;
}

static int socket_take_fd(const char *str, bool listen_mode, Error **errp)
{
    int64_t n;
    int type, acceptconn;
    socklen_t len = sizeof(type);

    if (qemu_strtoi64(str, NULL, 10, &n) < 0 || n < 0 || n > INT_MAX) {
        error_setg(errp, "Invalid file descriptor number '%s'", str);
        return -1;
    }
    if (getsockopt(n, SOL_SOCKET, SO_TYPE, &type, &len) < 0 ||
        type != SOCK_STREAM) {
        error_setg(errp, "File descriptor '%s' is not a stream socket", str);
        return -1;
    }
    len = sizeof(acceptconn);
    if (getsockopt(n, SOL_SOCKET, SO_ACCEPTCONN, &acceptconn, &len) < 0 ||
        !acceptconn != !listen_mode) {
        error_setg(errp, "File descriptor '%s' is %s listening socket", str,
                   listen_mode ? "not a" : "a");
        return -1;
    }
    fcntl(n, F_SETFD, fcntl(n, F_GETFD) | FD_CLOEXEC);
    return n;
}

static bool socket_open(Chardev *chr, QDict *opts, Error **errp)
{
    SocketChardev *s = (SocketChardev *)chr;
    const char *path = qdict_get_try_str(opts, "path");
    const char *host = qdict_get_try_str(opts, "host");
    const char *port = qdict_get_try_str(opts, "port");
    const char *fdstr = qdict_get_try_str(opts, "fd");
    bool server, wait;
    int fd;

    if (!qemu_chr_opt_bool(opts, "server", false, &server, errp) ||
        !qemu_chr_opt_bool(opts, "wait", true, &wait, errp)) {
        return false;
    }
    if (!path && !fdstr) {
        if (!host) {
            error_setg(errp, "chardev: socket: no host given");
            return false;
        }
        if (!port) {
            error_setg(errp, "chardev: socket: no port given");
            return false;
        }
    }
    if (!!path + !!host + !!fdstr > 1) {
        error_setg(errp, "chardev: socket: 'path', 'host' and 'fd' are "
                   "mutually exclusive");
        return false;
    }
    if (!server && qdict_haskey(opts, "wait")) {
        error_setg(errp, "'wait' option is incompatible with socket in "
                   "client connect mode");
        return false;
    }
    if (server && wait) {
        error_setg(errp, "chardev: socket: server=on requires wait=off "
                   "(waiting for a client at start-up is not supported)");
        return false;
    }

    if (fdstr) {
        fd = socket_take_fd(fdstr, server, errp);
    } else if (path) {
        fd = socket_open_unix(path, server, errp);
    } else {
        fd = socket_open_inet(host, port, server, errp);
    }
    if (fd < 0) {
        return false;
    }

    chr->features[QEMU_CHAR_FEATURE_GCONTEXT] = true;
    s->is_listen = server;
    s->listen_fd = -1;
    s->client_fd = -1;
    if (server) {
        s->listen_fd = fd;
        s->unlink_path = path ? g_strdup(path) : NULL;
        socket_listen_again(s);
    } else {
        fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) | O_NONBLOCK);
        s->client_fd = fd;
        chr->be_open = true;
        qemu_chr_set_read_fd(chr, fd);
    }
    return true;
}

static void socket_close(Chardev *chr)
{
    SocketChardev *s = (SocketChardev *)chr;

    if (s->client_fd >= 0) {
        close(s->client_fd);
        s->client_fd = -1;
    }
    if (s->listen_fd >= 0) {
        qemu_set_fd_handler(s->listen_fd, NULL, NULL, NULL);
        close(s->listen_fd);
        s->listen_fd = -1;
    }
    if (s->unlink_path) {
        unlink(s->unlink_path);
        g_free(s->unlink_path);
    }
}

int qemu_chr_socket_listen_port(Chardev *chr)
{
    SocketChardev *s = (SocketChardev *)chr;
    struct sockaddr_storage ss;
    socklen_t len = sizeof(ss);

    if (chr->cls != &char_socket_class || s->listen_fd < 0 ||
        getsockname(s->listen_fd, (struct sockaddr *)&ss, &len) < 0) {
        return -1;
    }
    if (ss.ss_family == AF_INET) {
        return ntohs(((struct sockaddr_in *)&ss)->sin_port);
    }
    if (ss.ss_family == AF_INET6) {
        return ntohs(((struct sockaddr_in6 *)&ss)->sin6_port);
    }
    return -1;
}

static const char *const socket_keys[] = {
    "path", "host", "port", "fd", "server", "wait", NULL,
};

const ChardevClass char_socket_class = {
    .name = "socket",
    .instance_size = sizeof(SocketChardev),
    .keys = socket_keys,
    .open = socket_open,
    .write = socket_write,
    .hangup = socket_hangup,
    .close = socket_close,
};
