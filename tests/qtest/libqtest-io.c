/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * libqtest, second half: unix sockets (the listening ends QEMU connects
 * to, raw clients for byte-exact checks) and the qtest line protocol.
 * Single-threaded, like the rest of libqtest (libqtest.h).
 */
#include "qemu/osdep.h"
#include <poll.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <sys/wait.h>
#include "libqtest-internal.h"

/*
 * Sockets
 */

int qtest_unix_listen(const char *path)
{
    struct sockaddr_un addr = { .sun_family = AF_UNIX };
    int fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);

    g_assert(fd >= 0);
    g_assert(strlen(path) < sizeof(addr.sun_path));
    strcpy(addr.sun_path, path);
    g_assert(bind(fd, (struct sockaddr *)&addr, sizeof(addr)) == 0);
    g_assert(listen(fd, 1) == 0);
    return fd;
}

int qtest_accept_from(int listen_fd, pid_t pid, const char *what)
{
    int64_t deadline = qtest_now_ms() + qtest_timeout_ms();

    while (qtest_now_ms() < deadline) {
        struct pollfd pfd = { .fd = listen_fd, .events = POLLIN };
        int status;

        if (poll(&pfd, 1, 100) > 0) {
            int fd = accept4(listen_fd, NULL, NULL, SOCK_CLOEXEC);

            g_assert(fd >= 0);
            return fd;
        }
        if (waitpid(pid, &status, WNOHANG) == pid) {
            qtest_child_del(pid);
            g_error("libqtest: QEMU exited (status 0x%x) before connecting "
                    "its %s socket", status, what);
        }
    }
    g_error("libqtest: QEMU did not connect its %s socket in time", what);
}

int qtest_socket_connect(const char *path)
{
    struct sockaddr_un addr = { .sun_family = AF_UNIX };
    int64_t deadline = qtest_now_ms() + qtest_timeout_ms();

    g_assert(strlen(path) < sizeof(addr.sun_path));
    strcpy(addr.sun_path, path);
    for (;;) {
        int fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);

        g_assert(fd >= 0);
        if (connect(fd, (struct sockaddr *)&addr, sizeof(addr)) == 0) {
            return fd;
        }
        close(fd);
        if (qtest_now_ms() > deadline) {
            g_error("libqtest: cannot connect to %s: %s", path,
                    strerror(errno));
        }
        g_usleep(10 * 1000);
    }
}

void qtest_wait_readable(int fd, const char *what)
{
    struct pollfd pfd = { .fd = fd, .events = POLLIN };
    int r;

    do {
        r = poll(&pfd, 1, qtest_timeout_ms());
    } while (r < 0 && errno == EINTR);
    if (r == 0) {
        g_error("libqtest: timed out waiting for %s", what);
    }
    g_assert(r > 0);
}

char *qtest_socket_read_until(int fd, const char *delim)
{
    GString *buf = g_string_new(NULL);
    size_t dlen = strlen(delim);

    while (buf->len < dlen ||
           memcmp(buf->str + buf->len - dlen, delim, dlen)) {
        char c;
        ssize_t n;

        qtest_wait_readable(fd, "socket data");
        n = read(fd, &c, 1);
        if (n == 0) {
            break;
        }
        if (n < 0) {
            g_assert(errno == EINTR);
            continue;
        }
        g_string_append_c(buf, c);
    }
    return g_string_free(buf, false);
}

void qtest_socket_write(int fd, const char *text)
{
    size_t len = strlen(text), done = 0;

    while (done < len) {
        ssize_t n = write(fd, text + done, len - done);

        if (n < 0 && errno == EINTR) {
            continue;
        }
        g_assert(n > 0);
        done += n;
    }
}

/*
 * qtest protocol
 */

char *qtest_raw_cmd(QTestState *s, const char *line)
{
    g_autofree char *out = g_strdup_printf("%s\n", line);

    g_assert(s->qtest_fd >= 0);
    qtest_socket_write(s->qtest_fd, out);
    for (;;) {
        char *nl = memchr(s->qtest_buf->str, '\n', s->qtest_buf->len);
        char buf[65536];
        ssize_t n;

        if (nl) {
            size_t len = nl - s->qtest_buf->str;
            char *reply = g_strndup(s->qtest_buf->str, len);

            g_string_erase(s->qtest_buf, 0, len + 1);
            if (g_str_has_prefix(reply, "IRQ ")) {
                g_free(reply);  /* asynchronous: not ours */
                continue;
            }
            return reply;
        }
        qtest_wait_readable(s->qtest_fd, "a qtest reply");
        n = read(s->qtest_fd, buf, sizeof(buf));
        if (n < 0 && errno == EINTR) {
            continue;
        }
        if (n <= 0) {
            g_error("libqtest: QEMU closed the qtest connection");
        }
        g_string_append_len(s->qtest_buf, buf, n);
    }
}

static char *G_GNUC_PRINTF(2, 3) qtest_cmdf_ok(QTestState *s,
                                               const char *fmt, ...)
{
    g_autofree char *line = NULL;
    char *reply;
    va_list ap;

    va_start(ap, fmt);
    line = g_strdup_vprintf(fmt, ap);
    va_end(ap);
    reply = qtest_raw_cmd(s, line);
    if (strcmp(reply, "OK") && !g_str_has_prefix(reply, "OK ")) {
        g_error("libqtest: qtest '%s' failed: %s", line, reply);
    }
    return reply;
}

static uint64_t qtest_read_sized(QTestState *s, char width, uint64_t addr)
{
    g_autofree char *reply = qtest_cmdf_ok(s, "read%c 0x%" PRIx64, width,
                                           addr);
    uint64_t v;

    g_assert(g_str_has_prefix(reply, "OK 0x"));
    v = g_ascii_strtoull(reply + 3, NULL, 16);
    return v;
}

static void qtest_write_sized(QTestState *s, char width, uint64_t addr,
                              uint64_t value)
{
    g_free(qtest_cmdf_ok(s, "write%c 0x%" PRIx64 " 0x%" PRIx64, width, addr,
                         value));
}

uint8_t qtest_readb(QTestState *s, uint64_t addr)
{
    return qtest_read_sized(s, 'b', addr);
}

uint16_t qtest_readw(QTestState *s, uint64_t addr)
{
    return qtest_read_sized(s, 'w', addr);
}

uint32_t qtest_readl(QTestState *s, uint64_t addr)
{
    return qtest_read_sized(s, 'l', addr);
}

uint64_t qtest_readq(QTestState *s, uint64_t addr)
{
    return qtest_read_sized(s, 'q', addr);
}

void qtest_writeb(QTestState *s, uint64_t addr, uint8_t value)
{
    qtest_write_sized(s, 'b', addr, value);
}

void qtest_writew(QTestState *s, uint64_t addr, uint16_t value)
{
    qtest_write_sized(s, 'w', addr, value);
}

void qtest_writel(QTestState *s, uint64_t addr, uint32_t value)
{
    qtest_write_sized(s, 'l', addr, value);
}

void qtest_writeq(QTestState *s, uint64_t addr, uint64_t value)
{
    qtest_write_sized(s, 'q', addr, value);
}

static int hex_nibble(char c)
{
    return g_ascii_xdigit_value(c);
}

void qtest_memread(QTestState *s, uint64_t addr, void *data, size_t size)
{
    g_autofree char *reply = NULL;
    uint8_t *out = data;

    if (!size) {
        return;
    }
    reply = qtest_cmdf_ok(s, "read 0x%" PRIx64 " 0x%zx", addr, size);
    g_assert(g_str_has_prefix(reply, "OK 0x"));
    g_assert_cmpuint(strlen(reply + 5), ==, size * 2);
    for (size_t i = 0; i < size; i++) {
        int hi = hex_nibble(reply[5 + i * 2]);
        int lo = hex_nibble(reply[6 + i * 2]);

        g_assert(hi >= 0 && lo >= 0);
        out[i] = hi << 4 | lo;
    }
}

void qtest_memwrite(QTestState *s, uint64_t addr, const void *data,
                    size_t size)
{
    static const char hex[] = "0123456789abcdef";
    const uint8_t *in = data;
    g_autofree char *enc = NULL;

    if (!size) {
        return;
    }
    enc = g_malloc(size * 2 + 1);
    for (size_t i = 0; i < size; i++) {
        enc[i * 2] = hex[in[i] >> 4];
        enc[i * 2 + 1] = hex[in[i] & 15];
    }
    enc[size * 2] = '\0';
    g_free(qtest_cmdf_ok(s, "write 0x%" PRIx64 " 0x%zx 0x%s", addr, size,
                         enc));
}

void qtest_bufread(QTestState *s, uint64_t addr, void *data, size_t size)
{
    g_autofree char *reply = NULL;
    g_autofree guchar *dec = NULL;
    gsize len;

    if (!size) {
        return;
    }
    reply = qtest_cmdf_ok(s, "b64read 0x%" PRIx64 " 0x%zx", addr, size);
    dec = g_base64_decode(reply + 3, &len);
    g_assert_cmpuint(len, ==, size);
    memcpy(data, dec, size);
}

void qtest_bufwrite(QTestState *s, uint64_t addr, const void *data,
                    size_t size)
{
    g_autofree char *enc = NULL;

    if (!size) {
        return;
    }
    enc = g_base64_encode(data, size);
    g_free(qtest_cmdf_ok(s, "b64write 0x%" PRIx64 " 0x%zx %s", addr, size,
                         enc));
}

void qtest_memset(QTestState *s, uint64_t addr, uint8_t pattern, size_t size)
{
    g_free(qtest_cmdf_ok(s, "memset 0x%" PRIx64 " 0x%zx 0x%02x", addr, size,
                         pattern));
}

bool qtest_big_endian(QTestState *s)
{
    g_autofree char *reply = qtest_cmdf_ok(s, "endianness");

    g_assert(!strcmp(reply, "OK big") || !strcmp(reply, "OK little"));
    return !strcmp(reply, "OK big");
}
