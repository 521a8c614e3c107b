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
 *
 * Input is read with recvmsg(): file descriptors a unix client passes
 * with SCM_RIGHTS are kept (those of the latest message carrying any)
 * until the frontend claims them with qemu_chr_fe_get_msgfd() or the
 * client goes away.
 */
#include "qemu/osdep.h"
#include <netdb.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <sys/un.h>
#include "io/socket-open.h"
#include "qapi/error.h"
#include "qemu/cutils.h"
#include "qemu/main-loop.h"
#include "qobject/qdict.h"
#include "char-internal.h"

/* Most descriptors taken from one message (QEMU's limit is 16). */
#define SOCKET_MAX_MSGFDS 16

typedef struct SocketChardev {
    Chardev parent;

    /* Set at creation, read-only after. */
    bool is_listen;
    bool unlink_on_close; /* we bound a unix path: remove it at close */
    int listen_fd;     /* -1 for a client chardev */
    char *addr;        /* "unix:PATH", "tcp:HOST:PORT" or "fd:N" */

    /*
     * File descriptors that came with the latest message carrying any
     * (SCM_RIGHTS), until the frontend takes them.  Main loop thread.
     */
    int *msgfds;
    size_t nr_msgfds;

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

static void socket_drop_msgfds(SocketChardev *s)
{
    for (size_t i = 0; i < s->nr_msgfds; i++) {
        close(s->msgfds[i]);
    }
    g_free(s->msgfds);
    s->msgfds = NULL;
    s->nr_msgfds = 0;
}

/* Keep the descriptors in @msg's SCM_RIGHTS, replacing older ones. */
static void socket_take_msgfds(SocketChardev *s, struct msghdr *msg)
{
    for (struct cmsghdr *c = CMSG_FIRSTHDR(msg); c; c = CMSG_NXTHDR(msg, c)) {
        size_t n;

        if (c->cmsg_level != SOL_SOCKET || c->cmsg_type != SCM_RIGHTS ||
            c->cmsg_len < CMSG_LEN(sizeof(int))) {
            continue;
        }
        n = (c->cmsg_len - CMSG_LEN(0)) / sizeof(int);
        socket_drop_msgfds(s);
        s->msgfds = g_new(int, n);
        memcpy(s->msgfds, CMSG_DATA(c), n * sizeof(int));
        s->nr_msgfds = n;
        for (size_t i = 0; i < n; i++) {
            /* The sender's O_NONBLOCK travels with the descriptor. */
            int fl = fcntl(s->msgfds[i], F_GETFL);

            if (fl >= 0 && (fl & O_NONBLOCK)) {
                fcntl(s->msgfds[i], F_SETFL, fl & ~O_NONBLOCK);
            }
        }
    }
}

static ssize_t socket_read(Chardev *chr, uint8_t *buf, size_t len)
{
    SocketChardev *s = (SocketChardev *)chr;
    /* Room for a generous number of descriptors in one message. */
    union {
        struct cmsghdr align;
        char buf[CMSG_SPACE(sizeof(int) * SOCKET_MAX_MSGFDS)];
    } control;
    struct iovec iov = { .iov_base = buf, .iov_len = len };
    struct msghdr msg = {
        .msg_iov = &iov,
        .msg_iovlen = 1,
        .msg_control = control.buf,
        .msg_controllen = sizeof(control.buf),
    };
    ssize_t n = recvmsg(s->client_fd, &msg, MSG_CMSG_CLOEXEC);

    if (n >= 0 && msg.msg_controllen) {
        /*
         * With MSG_CTRUNC the kernel closed what didn't fit; keep what
         * arrived anyway.
         */
        socket_take_msgfds(s, &msg);
    }
    return n;
}

static int socket_get_msgfd(Chardev *chr)
{
    SocketChardev *s = (SocketChardev *)chr;
    int fd;

    if (!s->nr_msgfds) {
        return -1;
    }
    fd = s->msgfds[0];
    s->msgfds[0] = -1;
    for (size_t i = 1; i < s->nr_msgfds; i++) {
        close(s->msgfds[i]);
    }
    g_free(s->msgfds);
    s->msgfds = NULL;
    s->nr_msgfds = 0;
    return fd;
}

/* "unix:/p,server=on", "tcp:h:p,server=on <-> peer:port", as QEMU. */
static char *socket_filename(Chardev *chr)
{
    SocketChardev *s = (SocketChardev *)chr;
    const char *server = s->is_listen ? ",server=on" : "";
    struct sockaddr_storage ls, ps;
    socklen_t llen = sizeof(ls), plen = sizeof(ps);
    char lhost[NI_MAXHOST], lserv[NI_MAXSERV];
    char phost[NI_MAXHOST], pserv[NI_MAXSERV];
    const char *left = "", *right = "";

    if (s->client_fd < 0) {
        return g_strdup_printf("disconnected:%s%s", s->addr, server);
    }
    if (getsockname(s->client_fd, (struct sockaddr *)&ls, &llen) < 0 ||
        getpeername(s->client_fd, (struct sockaddr *)&ps, &plen) < 0) {
        return g_strdup("unknown");
    }
    switch (ls.ss_family) {
    case AF_UNIX:
        return g_strdup_printf("unix:%s%s",
                               ((struct sockaddr_un *)&ls)->sun_path, server);
    case AF_INET6:
        left = "[";
        right = "]";
        /* fall through */
    case AF_INET:
        if (getnameinfo((struct sockaddr *)&ls, llen, lhost, sizeof(lhost),
                        lserv, sizeof(lserv),
                        NI_NUMERICHOST | NI_NUMERICSERV) ||
            getnameinfo((struct sockaddr *)&ps, plen, phost, sizeof(phost),
                        pserv, sizeof(pserv),
                        NI_NUMERICHOST | NI_NUMERICSERV)) {
            return g_strdup("unknown");
        }
        return g_strdup_printf("tcp:%s%s%s:%s%s <-> %s%s%s:%s", left, lhost,
                               right, lserv, server, left, phost, right,
                               pserv);
    default:
        return g_strdup("unknown");
    }
}

static void socket_disconnect(SocketChardev *s)
{
    int fd = s->client_fd;

    if (fd < 0) {
        return;
    }
    socket_drop_msgfds(s);
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

/*
 * A unix (@path) or TCP (@host, @port) socket through the io layer:
 * listening with a backlog of one for a server, else connected.
 */
static int socket_open_addr(const char *path, const char *host,
                            const char *port, bool listen_mode, Error **errp)
{
    SocketAddress addr = { 0 };

    if (path) {
        addr.type = SOCKET_ADDRESS_TYPE_UNIX;
        addr.u.q_unix.path = (char *)path;
    } else {
        if (!socket_parse_port(port, errp)) {
            return -1;
        }
        addr.type = SOCKET_ADDRESS_TYPE_INET;
        addr.u.inet.host = (char *)host;
        addr.u.inet.port = (char *)port;
    }
    return listen_mode ? qio_socket_listen(&addr, 1, errp)
                       : qio_socket_connect(&addr, errp);
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
    } else {
        fd = socket_open_addr(path, host, port, server, errp);
    }
    if (fd < 0) {
        return false;
    }

    chr->features[QEMU_CHAR_FEATURE_GCONTEXT] = true;
    if (fdstr) {
        s->addr = g_strdup_printf("fd:%s", fdstr);
    } else if (path) {
        s->addr = g_strdup_printf("unix:%s", path);
    } else {
        s->addr = g_strdup_printf("tcp:%s:%s", host, port);
    }
    s->is_listen = server;
    s->listen_fd = -1;
    s->client_fd = -1;
    if (server) {
        s->listen_fd = fd;
        s->unlink_on_close = path != NULL;
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

    socket_drop_msgfds(s);
    g_free(s->addr);

    if (s->client_fd >= 0) {
        close(s->client_fd);
        s->client_fd = -1;
    }
    if (s->listen_fd >= 0) {
        qemu_set_fd_handler(s->listen_fd, NULL, NULL, NULL);
        if (s->unlink_on_close) {
            qio_socket_listen_cleanup(s->listen_fd);
        }
        close(s->listen_fd);
        s->listen_fd = -1;
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
    .read = socket_read,
    .get_msgfd = socket_get_msgfd,
    .filename = socket_filename,
    .hangup = socket_hangup,
    .close = socket_close,
};
