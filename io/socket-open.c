/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Opening sockets for a QAPI SocketAddress: name resolution, connect and
 * listen for inet (IPv4/IPv6, port ranges, keep-alive, MPTCP), unix
 * (paths, Linux abstract names), vsock and numeric fds, with QEMU's
 * error texts.
 */
#include "qemu/osdep.h"
#include <netdb.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/un.h>
#include <linux/vm_sockets.h>
#include "qapi/error.h"
#include "qemu/cutils.h"
#include "io/socket-open.h"

static int new_socket(int family, int type, int protocol)
{
    return socket(family, type | SOCK_CLOEXEC, protocol);
}

static void set_reuseaddr(int fd)
{
    int one = 1;

    setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
}

/* Address family wanted by the ipv4/ipv6 options; -1 on a conflict. */
static int inet_family(const InetSocketAddress *saddr, Error **errp)
{
    bool v4 = saddr->has_ipv4 && saddr->ipv4;
    bool v6 = saddr->has_ipv6 && saddr->ipv6;

    if (saddr->has_ipv4 && saddr->has_ipv6 && !saddr->ipv4 && !saddr->ipv6) {
        error_setg(errp, "Cannot disable IPv4 and IPv6 at same time");
        return -1;
    }
    if (v4 && v6) {
        return saddr->host && *saddr->host ? AF_UNSPEC : AF_INET6;
    }
    if (v6 || (saddr->has_ipv4 && !saddr->ipv4)) {
        return AF_INET6;
    }
    if (v4 || (saddr->has_ipv6 && !saddr->ipv6)) {
        return AF_INET;
    }
    return AF_UNSPEC;
}

static bool inet_set_keepalive(int fd, const InetSocketAddress *saddr,
                               Error **errp)
{
    int one = 1;

    if (!saddr->has_keep_alive || !saddr->keep_alive) {
        return true;
    }
    if (setsockopt(fd, SOL_SOCKET, SO_KEEPALIVE, &one, sizeof(one)) < 0) {
        error_setg_errno(errp, errno, "Unable to set KEEPALIVE");
        return false;
    }
    if (saddr->has_keep_alive_count &&
        setsockopt(fd, IPPROTO_TCP, TCP_KEEPCNT, &saddr->keep_alive_count,
                   sizeof(saddr->keep_alive_count)) < 0) {
        error_setg_errno(errp, errno, "Unable to set TCP_KEEPCNT");
        return false;
    }
    if (saddr->has_keep_alive_idle &&
        setsockopt(fd, IPPROTO_TCP, TCP_KEEPIDLE, &saddr->keep_alive_idle,
                   sizeof(saddr->keep_alive_idle)) < 0) {
        error_setg_errno(errp, errno, "Unable to set TCP_KEEPIDLE");
        return false;
    }
    if (saddr->has_keep_alive_interval &&
        setsockopt(fd, IPPROTO_TCP, TCP_KEEPINTVL,
                   &saddr->keep_alive_interval,
                   sizeof(saddr->keep_alive_interval)) < 0) {
        error_setg_errno(errp, errno, "Unable to set TCP_KEEPINTVL");
        return false;
    }
    return true;
}

static int inet_connect(const InetSocketAddress *saddr, Error **errp)
{
    struct addrinfo hints = {
        .ai_flags = AI_ADDRCONFIG | AI_V4MAPPED,
        .ai_socktype = SOCK_STREAM,
    };
    struct addrinfo *res, *e;
    int fd = -1, saved_errno = 0, rc, one = 1;

    hints.ai_family = inet_family(saddr, errp);
    if (hints.ai_family < 0) {
        return -1;
    }
    if (!saddr->host || !saddr->port) {
        error_setg(errp, "host and/or port not specified");
        return -1;
    }
    rc = getaddrinfo(saddr->host, saddr->port, &hints, &res);
    if (rc) {
        error_setg(errp, "address resolution failed for %s:%s: %s",
                   saddr->host, saddr->port, gai_strerror(rc));
        return -1;
    }
    for (e = res; e; e = e->ai_next) {
        int protocol = e->ai_protocol;

        if (saddr->has_mptcp && saddr->mptcp) {
            protocol = IPPROTO_MPTCP;
        }
        fd = new_socket(e->ai_family, e->ai_socktype, protocol);
        if (fd < 0) {
            saved_errno = errno;
            continue;
        }
        set_reuseaddr(fd);
        do {
            rc = connect(fd, e->ai_addr, e->ai_addrlen);
        } while (rc < 0 && errno == EINTR);
        if (rc == 0) {
            break;
        }
        saved_errno = errno;
        close(fd);
        fd = -1;
    }
    freeaddrinfo(res);
    if (fd < 0) {
        /* The last address's failure, as QEMU reports it. */
        error_setg_errno(errp, saved_errno, "Failed to connect to '%s:%s'",
                         saddr->host, saddr->port);
        return -1;
    }
    setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof(one));
    if (!inet_set_keepalive(fd, saddr, errp)) {
        close(fd);
        return -1;
    }
    return fd;
}

static int sockaddr_port(const struct sockaddr *sa)
{
    if (sa->sa_family == AF_INET6) {
        return ntohs(((const struct sockaddr_in6 *)sa)->sin6_port);
    }
    return ntohs(((const struct sockaddr_in *)sa)->sin_port);
}

static void sockaddr_set_port(struct sockaddr *sa, int port)
{
    if (sa->sa_family == AF_INET6) {
        ((struct sockaddr_in6 *)sa)->sin6_port = htons(port);
    } else {
        ((struct sockaddr_in *)sa)->sin_port = htons(port);
    }
}

/*
 * Bind, letting an IPv6 socket take IPv4 too unless only one family was
 * asked for; if the IPv4 side of the port is taken, retry IPv6 only.
 */
static int inet_bind(int fd, const InetSocketAddress *saddr,
                     const struct addrinfo *e)
{
    bool both = (!saddr->has_ipv4 && !saddr->has_ipv6) ||
                (saddr->has_ipv4 && saddr->ipv4 &&
                 saddr->has_ipv6 && saddr->ipv6);
    int v6only = !both;

    if (e->ai_family == AF_INET6) {
        setsockopt(fd, IPPROTO_IPV6, IPV6_V6ONLY, &v6only, sizeof(v6only));
    }
    if (bind(fd, e->ai_addr, e->ai_addrlen) == 0) {
        return 0;
    }
    if (e->ai_family == AF_INET6 && errno == EADDRINUSE && !v6only) {
        v6only = 1;
        setsockopt(fd, IPPROTO_IPV6, IPV6_V6ONLY, &v6only, sizeof(v6only));
        return bind(fd, e->ai_addr, e->ai_addrlen);
    }
    return -1;
}

static int inet_listen(const InetSocketAddress *saddr, int num, Error **errp)
{
    struct addrinfo hints = {
        .ai_flags = AI_PASSIVE,
        .ai_socktype = SOCK_STREAM,
    };
    struct addrinfo *res, *e;
    bool created = false;
    int rc, fd = -1;

    if (saddr->has_keep_alive && saddr->keep_alive) {
        error_setg(errp, "keep-alive option is not supported for passive "
                   "sockets");
        return -1;
    }
    if (saddr->has_numeric && saddr->numeric) {
        hints.ai_flags |= AI_NUMERICHOST | AI_NUMERICSERV;
    }
    hints.ai_family = inet_family(saddr, errp);
    if (hints.ai_family < 0) {
        return -1;
    }
    if (!saddr->host) {
        error_setg(errp, "host not specified");
        return -1;
    }
    rc = getaddrinfo(*saddr->host ? saddr->host : NULL,
                     saddr->port && *saddr->port ? saddr->port : NULL,
                     &hints, &res);
    if (rc) {
        error_setg(errp, "address resolution failed for %s:%s: %s",
                   saddr->host, saddr->port ? saddr->port : "",
                   gai_strerror(rc));
        return -1;
    }
    for (e = res; e; e = e->ai_next) {
        int protocol = e->ai_protocol;
        int p, port_min = sockaddr_port(e->ai_addr);
        int port_max = saddr->has_to ? saddr->to : port_min;

        if (saddr->has_mptcp && saddr->mptcp) {
            protocol = IPPROTO_MPTCP;
        }
        for (p = port_min; p <= port_max; p++) {
            sockaddr_set_port(e->ai_addr, p);
            fd = new_socket(e->ai_family, e->ai_socktype, protocol);
            if (fd < 0) {
                if (p == port_min) {
                    break; /* family not available: next address */
                }
                error_setg_errno(errp, errno,
                                 "Failed to recreate failed listening socket");
                goto fail;
            }
            created = true;
            set_reuseaddr(fd);
            if (inet_bind(fd, saddr, e) < 0) {
                if (errno != EADDRINUSE) {
                    error_setg_errno(errp, errno, "Failed to bind socket");
                    goto fail;
                }
            } else if (listen(fd, num) == 0) {
                freeaddrinfo(res);
                return fd;
            } else if (errno != EADDRINUSE) {
                error_setg_errno(errp, errno, "Failed to listen on socket");
                goto fail;
            }
            /* Port taken between bind and listen: a new socket per try. */
            close(fd);
            fd = -1;
        }
    }
    error_setg_errno(errp, errno, created ? "Failed to find an available port"
                                          : "Failed to create a socket");
fail:
    if (fd >= 0) {
        close(fd);
    }
    freeaddrinfo(res);
    return -1;
}

/* Fill @un for @saddr; returns the address length or 0 with @errp set. */
static socklen_t unix_sockaddr(const UnixSocketAddress *saddr,
                               const char *path, struct sockaddr_un *un,
                               Error **errp)
{
    bool abstract = saddr->has_abstract && saddr->abstract;
    bool tight = !saddr->has_tight || saddr->tight;
    size_t len = strlen(path);
    size_t max = abstract ? sizeof(un->sun_path) - 1 : sizeof(un->sun_path);

    if (len > max) {
        error_setg(errp, "UNIX socket path '%s' is too long", path);
        error_append_hint(errp, "Path must be less than %zu bytes\n", max);
        return 0;
    }
    memset(un, 0, sizeof(*un));
    un->sun_family = AF_UNIX;
    if (abstract) {
        memcpy(un->sun_path + 1, path, len);
        if (tight) {
            return offsetof(struct sockaddr_un, sun_path) + 1 + len;
        }
    } else {
        memcpy(un->sun_path, path, len);
    }
    return sizeof(*un);
}

static int unix_listen(const UnixSocketAddress *saddr, int num, Error **errp)
{
    bool abstract = saddr->has_abstract && saddr->abstract;
    g_autofree char *tmp = NULL;
    const char *path = saddr->path;
    struct sockaddr_un un;
    socklen_t len;
    int fd;

    fd = new_socket(AF_UNIX, SOCK_STREAM, 0);
    if (fd < 0) {
        error_setg_errno(errp, errno, "Failed to create Unix socket");
        return -1;
    }
    if (!path[0] && !abstract) {
        int tmpfd;

        /* A fresh name: reserve it, then free it for bind(). */
        path = tmp = g_strdup_printf("%s/qemu-socket-XXXXXX",
                                     g_get_tmp_dir());
        tmpfd = mkstemp(tmp);
        if (tmpfd < 0) {
            error_setg_errno(errp, errno,
                             "Failed to make a temporary socket %s", tmp);
            goto fail;
        }
        close(tmpfd);
    }
    len = unix_sockaddr(saddr, path, &un, errp);
    if (!len) {
        goto fail;
    }
    if (!abstract && unlink(path) < 0 && errno != ENOENT) {
        error_setg_errno(errp, errno, "Failed to unlink socket %s", path);
        goto fail;
    }
    if (bind(fd, (struct sockaddr *)&un, len) < 0) {
        error_setg_errno(errp, errno, "Failed to bind socket to %s", path);
        goto fail;
    }
    if (listen(fd, num) < 0) {
        error_setg_errno(errp, errno, "Failed to listen on socket");
        if (!abstract) {
            unlink(path); /* ours since bind(): leave nothing behind */
        }
        goto fail;
    }
    return fd;

fail:
    close(fd);
    return -1;
}

static int unix_connect(const UnixSocketAddress *saddr, Error **errp)
{
    struct sockaddr_un un;
    socklen_t len;
    int fd, rc;

    if (!saddr->path) {
        error_setg(errp, "unix connect: no path specified");
        return -1;
    }
    fd = new_socket(AF_UNIX, SOCK_STREAM, 0);
    if (fd < 0) {
        error_setg_errno(errp, errno, "Failed to create socket");
        return -1;
    }
    len = unix_sockaddr(saddr, saddr->path, &un, errp);
    if (!len) {
        close(fd);
        return -1;
    }
    do {
        rc = connect(fd, (struct sockaddr *)&un, len);
    } while (rc < 0 && errno == EINTR);
    if (rc < 0) {
        error_setg_errno(errp, errno, "Failed to connect to '%s'",
                         saddr->path);
        close(fd);
        return -1;
    }
    return fd;
}

static bool vsock_sockaddr(const VsockSocketAddress *vaddr,
                           struct sockaddr_vm *svm, Error **errp)
{
    uint64_t val;

    memset(svm, 0, sizeof(*svm));
    svm->svm_family = AF_VSOCK;
    if (parse_uint_full(vaddr->cid, 10, &val) < 0 || val > UINT32_MAX) {
        error_setg(errp, "Failed to parse cid '%s'", vaddr->cid);
        return false;
    }
    svm->svm_cid = val;
    if (parse_uint_full(vaddr->port, 10, &val) < 0 || val > UINT32_MAX) {
        error_setg(errp, "Failed to parse port '%s'", vaddr->port);
        return false;
    }
    svm->svm_port = val;
    return true;
}

static int vsock_open(const VsockSocketAddress *vaddr, bool listening,
                      int num, Error **errp)
{
    struct sockaddr_vm svm;
    int fd, rc;

    if (!vsock_sockaddr(vaddr, &svm, errp)) {
        return -1;
    }
    fd = new_socket(AF_VSOCK, SOCK_STREAM, 0);
    if (fd < 0) {
        error_setg_errno(errp, errno, "Failed to create socket family %d",
                         AF_VSOCK);
        return -1;
    }
    if (listening) {
        if (bind(fd, (struct sockaddr *)&svm, sizeof(svm)) < 0) {
            error_setg_errno(errp, errno, "Failed to bind socket");
            goto fail;
        }
        if (listen(fd, num) < 0) {
            error_setg_errno(errp, errno, "Failed to listen on socket");
            goto fail;
        }
        return fd;
    }
    do {
        rc = connect(fd, (struct sockaddr *)&svm, sizeof(svm));
    } while (rc < 0 && errno == EINTR);
    if (rc < 0) {
        error_setg_errno(errp, errno, "Failed to connect to '%s:%s'",
                         vaddr->cid, vaddr->port);
        goto fail;
    }
    return fd;

fail:
    close(fd);
    return -1;
}

static int fd_take(const FdSocketAddress *faddr, Error **errp)
{
    int fd, type;
    socklen_t len = sizeof(type);

    if (qemu_strtoi(faddr->str, NULL, 10, &fd) < 0 || fd < 0) {
        error_setg_errno(errp, EINVAL, "Unable to parse FD number %s",
                         faddr->str);
        return -1;
    }
    if (getsockopt(fd, SOL_SOCKET, SO_TYPE, &type, &len) < 0) {
        error_setg(errp, "File descriptor '%s' is not a socket", faddr->str);
        close(fd);
        return -1;
    }
    fcntl(fd, F_SETFD, fcntl(fd, F_GETFD) | FD_CLOEXEC);
    return fd;
}

int qio_socket_connect(const SocketAddress *addr, Error **errp)
{
    switch (addr->type) {
    case SOCKET_ADDRESS_TYPE_INET:
        return inet_connect(&addr->u.inet, errp);
    case SOCKET_ADDRESS_TYPE_UNIX:
        return unix_connect(&addr->u.q_unix, errp);
    case SOCKET_ADDRESS_TYPE_VSOCK:
        return vsock_open(&addr->u.vsock, false, 0, errp);
    case SOCKET_ADDRESS_TYPE_FD:
        return fd_take(&addr->u.fd, errp);
    default:
        error_setg(errp, "Unknown socket address type %d", addr->type);
        return -1;
    }
}

int qio_socket_listen(const SocketAddress *addr, int num, Error **errp)
{
    int fd;

    switch (addr->type) {
    case SOCKET_ADDRESS_TYPE_INET:
        return inet_listen(&addr->u.inet, num, errp);
    case SOCKET_ADDRESS_TYPE_UNIX:
        return unix_listen(&addr->u.q_unix, num, errp);
    case SOCKET_ADDRESS_TYPE_VSOCK:
        return vsock_open(&addr->u.vsock, true, num, errp);
    case SOCKET_ADDRESS_TYPE_FD:
        fd = fd_take(&addr->u.fd, errp);
        /* Listening already only updates the backlog. */
        if (fd >= 0 && listen(fd, num) < 0) {
            error_setg_errno(errp, errno, "Failed to listen on fd socket");
            close(fd);
            return -1;
        }
        return fd;
    default:
        error_setg(errp, "Unknown socket address type %d", addr->type);
        return -1;
    }
}

void qio_socket_listen_cleanup(int fd)
{
    struct sockaddr_un un;
    socklen_t len = sizeof(un);

    if (getsockname(fd, (struct sockaddr *)&un, &len) < 0 ||
        un.sun_family != AF_UNIX ||
        len <= offsetof(struct sockaddr_un, sun_path) || !un.sun_path[0]) {
        return; /* not unix, unnamed or abstract: nothing on disk */
    }
    len -= offsetof(struct sockaddr_un, sun_path);
    if (len >= sizeof(un.sun_path)) {
        len = sizeof(un.sun_path) - 1;
    }
    un.sun_path[len] = '\0';
    /* Failing to unlink is harmless: the next listen unlinks it. */
    unlink(un.sun_path);
}

SocketAddress *qio_socket_address_from_sockaddr(const struct sockaddr *sa,
                                                socklen_t salen,
                                                Error **errp)
{
    SocketAddress *addr = g_new0(SocketAddress, 1);
    char host[NI_MAXHOST], serv[NI_MAXSERV];
    const struct sockaddr_un *un;
    size_t off = offsetof(struct sockaddr_un, sun_path);
    int rc;

    switch (sa->sa_family) {
    case AF_INET:
    case AF_INET6:
        rc = getnameinfo(sa, salen, host, sizeof(host), serv, sizeof(serv),
                         NI_NUMERICHOST | NI_NUMERICSERV);
        if (rc) {
            error_setg(errp, "Cannot format numeric socket address: %s",
                       gai_strerror(rc));
            g_free(addr);
            return NULL;
        }
        addr->type = SOCKET_ADDRESS_TYPE_INET;
        addr->u.inet.host = g_strdup(host);
        addr->u.inet.port = g_strdup(serv);
        if (sa->sa_family == AF_INET) {
            addr->u.inet.has_ipv4 = addr->u.inet.ipv4 = true;
        } else {
            addr->u.inet.has_ipv6 = addr->u.inet.ipv6 = true;
        }
        return addr;
    case AF_UNIX:
        un = (const struct sockaddr_un *)sa;
        addr->type = SOCKET_ADDRESS_TYPE_UNIX;
        if (salen > off && !un->sun_path[0]) {
            addr->u.q_unix.has_abstract = addr->u.q_unix.abstract = true;
            addr->u.q_unix.path = g_strndup(un->sun_path + 1,
                                            salen - off - 1);
        } else {
            addr->u.q_unix.path = g_strndup(un->sun_path,
                                            salen > off ? salen - off : 0);
        }
        return addr;
    case AF_VSOCK:
        addr->type = SOCKET_ADDRESS_TYPE_VSOCK;
        addr->u.vsock.cid = g_strdup_printf(
            "%u", ((const struct sockaddr_vm *)sa)->svm_cid);
        addr->u.vsock.port = g_strdup_printf(
            "%u", ((const struct sockaddr_vm *)sa)->svm_port);
        return addr;
    default:
        error_setg(errp, "socket family %d unsupported", sa->sa_family);
        g_free(addr);
        return NULL;
    }
}
