/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Unit tests for QIOChannel: socket pairs over unix and tcp (IPv4, IPv6
 * when the host has it), listening with port 0, synchronous and
 * asynchronous connects and their errors, the main-loop listener, fd
 * passing, shutdown of a blocked reader, peeking, command, buffer and
 * file channels.  The test thread plays the main loop thread and holds
 * the BQL throughout.
 */
#include "qemu/osdep.h"
#include <sys/socket.h>
#include <sys/un.h>
#include "qapi/error.h"
#include "qemu/atomic.h"
#include "qemu/main-loop.h"
#include "qemu/sockets.h"
#include "qemu/thread.h"
#include "qemu/timer.h"
#include "io/channel-buffer.h"
#include "io/channel-command.h"
#include "io/channel-file.h"
#include "io/channel-socket.h"
#include "io/net-listener.h"

/* Longest a test waits for something that should happen at once. */
#define WAIT_MS 10000

static char *tmpdir;

static void flag_cb(void *opaque)
{
    *(bool *)opaque = true;
}

/* Run the main loop until *@done, failing after WAIT_MS. */
static void run_until(const bool *done)
{
    bool expired = false;
    QEMUTimer *wd = timer_new_ms(QEMU_CLOCK_REALTIME, flag_cb, &expired);

    timer_mod(wd, qemu_clock_get_ms(QEMU_CLOCK_REALTIME) + WAIT_MS);
    while (!*done && !expired) {
        main_loop_wait(false);
    }
    timer_free(wd);
    g_assert_false(expired);
}

static void fill_pattern(uint8_t *buf, size_t len, unsigned seed)
{
    size_t i;

    for (i = 0; i < len; i++) {
        buf[i] = (uint8_t)(i * 31 + seed + (i >> 12));
    }
}

static SocketAddress *parse_addr(const char *str)
{
    return socket_parse(str, &error_abort);
}

/*
 * Data transfer between two connected channels
 */

typedef struct Writer {
    QIOChannel *ioc;
    const uint8_t *data;
    size_t len;
    bool ok;
    QemuThread thread;
} Writer;

static void *writer_thread(void *opaque)
{
    Writer *w = opaque;

    w->ok = qio_channel_write_all(w->ioc, w->data, w->len, &error_abort);
    return NULL;
}

/*
 * Send 4 MiB from @src to @dst through a writer thread, as a few
 * vectors, and check every byte; both channels stay open.
 */
static void check_transfer(QIOChannel *src, QIOChannel *dst)
{
    size_t len = 4 * 1024 * 1024;
    g_autofree uint8_t *data = g_malloc(len);
    g_autofree uint8_t *got = g_malloc0(len);
    struct iovec iov[3] = {
        { got, 7 }, { got + 7, len / 2 }, { got + 7 + len / 2, 0 },
    };
    Writer w = { .ioc = src, .data = data, .len = len };

    iov[2].iov_len = len - 7 - len / 2;
    fill_pattern(data, len, 5);
    qemu_thread_create(&w.thread, "writer", writer_thread, &w,
                       QEMU_THREAD_JOINABLE);
    g_assert_true(qio_channel_readv_all(dst, iov, 3, &error_abort));
    qemu_thread_join(&w.thread);
    g_assert_true(w.ok);
    g_assert_true(memcmp(data, got, len) == 0);
}

static void make_socketpair(QIOChannel **a, QIOChannel **b)
{
    int sv[2];

    g_assert_cmpint(socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, sv),
                    ==, 0);
    *a = QIO_CHANNEL(qio_channel_socket_new_fd(sv[0], &error_abort));
    *b = QIO_CHANNEL(qio_channel_socket_new_fd(sv[1], &error_abort));
}

static void test_socket_pair(void)
{
    QIOChannel *a, *b;

    make_socketpair(&a, &b);
    g_assert_true(qio_channel_has_feature(a, QIO_CHANNEL_FEATURE_FD_PASS));
    g_assert_true(qio_channel_has_feature(a, QIO_CHANNEL_FEATURE_SHUTDOWN));
    g_assert_false(qio_channel_has_feature(a, QIO_CHANNEL_FEATURE_SEEKABLE));
    check_transfer(a, b);
    check_transfer(b, a);
    /* Non-blocking: the helpers wait in poll instead of failing. */
    g_assert_true(qio_channel_set_blocking(a, false, &error_abort));
    g_assert_true(qio_channel_set_blocking(b, false, &error_abort));
    check_transfer(a, b);
    qio_channel_unref(a);
    /* The peer is gone: end of file, then EPIPE without SIGPIPE. */
    {
        uint8_t byte;
        Error *err = NULL;

        g_assert_cmpint(qio_channel_read_all_eof(b, &byte, 1, &error_abort),
                        ==, 0);
        g_assert_false(qio_channel_write_all(b, "x", 1, &err));
        g_assert_nonnull(strstr(error_get_pretty(err),
                                "Unable to write to socket: "));
        error_free(err);
    }
    qio_channel_unref(b);
}

/* Listen on @listen_str, connect to the bound address, transfer both ways. */
static void check_listen_connect(const char *listen_str)
{
    g_autoptr(SocketAddress) laddr = parse_addr(listen_str);
    g_autoptr(SocketAddress) bound = NULL;
    g_autoptr(SocketAddress) peer = NULL;
    QIOChannelSocket *lioc = qio_channel_socket_new();
    QIOChannelSocket *cioc = qio_channel_socket_new();
    QIOChannelSocket *sioc;

    g_assert_true(qio_channel_socket_listen_sync(lioc, laddr, 1,
                                                 &error_abort));
    g_assert_true(qio_channel_has_feature(QIO_CHANNEL(lioc),
                                          QIO_CHANNEL_FEATURE_LISTEN));
    bound = qio_channel_socket_get_local_address(lioc, &error_abort);
    if (bound->type == SOCKET_ADDRESS_TYPE_INET) {
        g_assert_cmpstr(bound->u.inet.port, !=, "0");
    }
    g_assert_true(qio_channel_socket_connect_sync(cioc, bound, &error_abort));
    sioc = qio_channel_socket_accept(lioc, &error_abort);
    peer = qio_channel_socket_get_remote_address(cioc, &error_abort);
    g_assert_cmpint(peer->type, ==, bound->type);
    check_transfer(QIO_CHANNEL(cioc), QIO_CHANNEL(sioc));
    check_transfer(QIO_CHANNEL(sioc), QIO_CHANNEL(cioc));
    qio_channel_unref(QIO_CHANNEL(sioc));
    qio_channel_unref(QIO_CHANNEL(cioc));
    qio_channel_unref(QIO_CHANNEL(lioc));
}

static void test_tcp_ipv4(void)
{
    check_listen_connect("127.0.0.1:0");
}

static void test_tcp_ipv6(void)
{
    g_autoptr(SocketAddress) addr = parse_addr("[::1]:0");
    QIOChannelSocket *lioc = qio_channel_socket_new();
    Error *err = NULL;
    bool ok = qio_channel_socket_listen_sync(lioc, addr, 1, &err);

    qio_channel_unref(QIO_CHANNEL(lioc));
    if (!ok) {
        g_test_skip("IPv6 loopback unavailable on this host");
        error_free(err);
        return;
    }
    check_listen_connect("[::1]:0");
}

static void test_unix_listen(void)
{
    g_autofree char *path = g_strdup_printf("%s/sock", tmpdir);
    g_autofree char *str = g_strdup_printf("unix:%s", path);
    g_autoptr(SocketAddress) addr = parse_addr(str);
    QIOChannelSocket *lioc = qio_channel_socket_new();

    /* A stale file where the socket goes is replaced, as in QEMU. */
    g_assert_true(g_file_set_contents(path, "stale", -1, NULL));
    g_assert_true(qio_channel_socket_listen_sync(lioc, addr, 1,
                                                 &error_abort));
    qio_channel_unref(QIO_CHANNEL(lioc));
    /* Closing the listener unlinked the path. */
    g_assert_false(g_file_test(path, G_FILE_TEST_EXISTS));
    check_listen_connect(str);
    g_assert_false(g_file_test(path, G_FILE_TEST_EXISTS));
}

static void check_connect_error(const char *str, const char *expect)
{
    g_autoptr(SocketAddress) addr = parse_addr(str);
    QIOChannelSocket *sioc = qio_channel_socket_new();
    Error *err = NULL;

    g_assert_false(qio_channel_socket_connect_sync(sioc, addr, &err));
    g_assert_nonnull(err);
    if (!strstr(error_get_pretty(err), expect)) {
        g_error("'%s' does not contain '%s'", error_get_pretty(err), expect);
    }
    error_free(err);
    qio_channel_unref(QIO_CHANNEL(sioc));
}

/* A tcp port on 127.0.0.1 that nobody listens on (just released). */
static char *refused_port(void)
{
    g_autoptr(SocketAddress) addr = parse_addr("127.0.0.1:0");
    g_autoptr(SocketAddress) bound = NULL;
    QIOChannelSocket *lioc = qio_channel_socket_new();
    char *port;

    g_assert_true(qio_channel_socket_listen_sync(lioc, addr, 1,
                                                 &error_abort));
    bound = qio_channel_socket_get_local_address(lioc, &error_abort);
    port = g_strdup(bound->u.inet.port);
    qio_channel_unref(QIO_CHANNEL(lioc));
    return port;
}

static void test_connect_errors(void)
{
    g_autofree char *port = refused_port();
    g_autofree char *tcp = g_strdup_printf("127.0.0.1:%s", port);
    g_autofree char *tcp_msg = g_strdup_printf(
        "Failed to connect to '127.0.0.1:%s': Connection refused", port);
    g_autofree char *path = g_strdup_printf("%s/missing", tmpdir);
    g_autofree char *unix_str = g_strdup_printf("unix:%s", path);
    g_autofree char *unix_msg = g_strdup_printf(
        "Failed to connect to '%s': No such file or directory", path);
    g_autofree char *longpath = g_strnfill(200, 'x');
    g_autofree char *long_str = g_strdup_printf("unix:/%s", longpath);

    check_connect_error(tcp, tcp_msg);
    check_connect_error(unix_str, unix_msg);
    check_connect_error(long_str, "is too long");
    check_connect_error("fd:garbage", "Unable to parse FD number garbage");

    /* The parser checks vsock numbers too: build a bad one by hand. */
    {
        SocketAddress vs = {
            .type = SOCKET_ADDRESS_TYPE_VSOCK,
            .u.vsock = { .cid = (char *)"x", .port = (char *)"1" },
        };
        QIOChannelSocket *sioc = qio_channel_socket_new();
        Error *err = NULL;

        g_assert_false(qio_channel_socket_connect_sync(sioc, &vs, &err));
        g_assert_cmpstr(error_get_pretty(err), ==, "Failed to parse cid 'x'");
        error_free(err);
        qio_channel_unref(QIO_CHANNEL(sioc));
    }
}

typedef struct AsyncResult {
    bool done;
    bool destroyed;
    QIOChannelSocket *sioc;
    Error *err;
    QemuThread main_thread;
    bool in_main_thread;
} AsyncResult;

static void async_done(QIOChannelSocket *sioc, Error *err, void *opaque)
{
    AsyncResult *r = opaque;

    r->in_main_thread = qemu_thread_is_self(&r->main_thread) && bql_locked();
    r->sioc = QIO_CHANNEL_SOCKET(qio_channel_ref(QIO_CHANNEL(sioc)));
    r->err = err;
    r->done = true;
}

static void async_destroy(void *opaque)
{
    ((AsyncResult *)opaque)->destroyed = true;
}

static void test_connect_async_refused(void)
{
    g_autofree char *port = refused_port();
    g_autofree char *str = g_strdup_printf("127.0.0.1:%s", port);
    g_autoptr(SocketAddress) addr = parse_addr(str);
    QIOChannelSocket *sioc = qio_channel_socket_new();
    AsyncResult r = { 0 };

    qemu_thread_get_self(&r.main_thread);
    qio_channel_socket_connect_async(sioc, addr, async_done, &r,
                                     async_destroy);
    qio_channel_unref(QIO_CHANNEL(sioc));
    run_until(&r.done);
    g_assert_true(r.destroyed);
    g_assert_true(r.in_main_thread);
    g_assert_nonnull(r.err);
    g_assert_nonnull(strstr(error_get_pretty(r.err), "Connection refused"));
    g_assert_nonnull(strstr(error_get_pretty(r.err), port));
    error_free(r.err);
    qio_channel_unref(QIO_CHANNEL(r.sioc));
}

/*
 * The main-loop listener with an asynchronous connect
 */

typedef struct ListenerState {
    QIOChannelSocket *accepted;
    bool got_client;
    int clients;
} ListenerState;

static void listener_client(QIONetListener *listener, QIOChannelSocket *sioc,
                            void *data)
{
    ListenerState *s = data;

    s->clients++;
    s->accepted = QIO_CHANNEL_SOCKET(qio_channel_ref(QIO_CHANNEL(sioc)));
    s->got_client = true;
}

static void test_listener(void)
{
    g_autoptr(SocketAddress) addr = parse_addr("127.0.0.1:0");
    g_autoptr(SocketAddress) bound = NULL;
    QIONetListener *listener = qio_net_listener_new();
    QIOChannelSocket *cioc = qio_channel_socket_new();
    ListenerState s = { 0 };
    AsyncResult r = { 0 };

    qio_net_listener_set_name(listener, "test-listener");
    g_assert_true(qio_net_listener_open_sync(listener, addr, 4,
                                             &error_abort));
    g_assert_cmpint(qio_net_listener_nsioc(listener), ==, 1);
    bound = qio_net_listener_get_local_address(listener, 0, &error_abort);
    g_assert_cmpstr(bound->u.inet.port, !=, "0");
    qio_net_listener_set_client_func(listener, listener_client, &s, NULL);

    qemu_thread_get_self(&r.main_thread);
    qio_channel_socket_connect_async(cioc, bound, async_done, &r, NULL);
    run_until(&r.done);
    g_assert_null(r.err);
    g_assert_true(r.in_main_thread);
    run_until(&s.got_client);
    g_assert_cmpint(s.clients, ==, 1);
    check_transfer(QIO_CHANNEL(r.sioc), QIO_CHANNEL(s.accepted));

    qio_net_listener_disconnect(listener);
    g_assert_false(qio_net_listener_is_connected(listener));
    qio_net_listener_unref(listener);
    qio_channel_unref(QIO_CHANNEL(s.accepted));
    qio_channel_unref(QIO_CHANNEL(r.sioc));
    qio_channel_unref(QIO_CHANNEL(cioc));
}

/*
 * Fd passing, shutdown, peek, watches
 */

static void test_fd_pass(void)
{
    QIOChannel *a, *b;
    int pipefd[2];
    int *fds = NULL;
    size_t nfds = 0;
    char buf[6] = "";
    struct iovec iov = { buf, 5 };

    make_socketpair(&a, &b);
    g_assert_cmpint(pipe(pipefd), ==, 0);
    g_assert_true(qio_channel_writev_full_all(
        a, &(struct iovec){ "hello", 5 }, 1, &pipefd[1], 1, &error_abort));
    close(pipefd[1]);
    g_assert_true(qio_channel_readv_full_all(b, &iov, 1, &fds, &nfds,
                                             &error_abort));
    g_assert_cmpstr(buf, ==, "hello");
    g_assert_cmpint(nfds, ==, 1);
    /* The received fd is the pipe's write end. */
    g_assert_cmpint(write(fds[0], "z", 1), ==, 1);
    close(fds[0]);
    g_assert_cmpint(read(pipefd[0], buf, 1), ==, 1);
    g_assert_cmpint(buf[0], ==, 'z');
    close(pipefd[0]);
    g_free(fds);
    qio_channel_unref(a);
    qio_channel_unref(b);
}

static void test_fd_pass_unsupported(void)
{
    QIOChannelBuffer *bioc = qio_channel_buffer_new(16);
    int fd = 0;
    Error *err = NULL;

    g_assert_cmpint(qio_channel_writev_full(QIO_CHANNEL(bioc),
                                            &(struct iovec){ "x", 1 }, 1,
                                            &fd, 1, &err), ==, -1);
    g_assert_cmpstr(error_get_pretty(err), ==,
                    "Channel does not support file descriptor passing");
    error_free(err);
    qio_channel_unref(QIO_CHANNEL(bioc));
}

typedef struct Reader {
    QIOChannel *ioc;
    int ret;
    bool started;
    QemuThread thread;
} Reader;

static void *reader_thread(void *opaque)
{
    Reader *r = opaque;
    uint8_t buf[16];

    qatomic_set(&r->started, true);
    r->ret = qio_channel_read_all_eof(r->ioc, buf, sizeof(buf), NULL);
    return NULL;
}

/* A reader blocked in read (blocking or in poll) returns on shutdown. */
static void check_shutdown_unblocks(bool blocking)
{
    QIOChannel *a, *b;
    Reader r = { .ret = 42 };

    make_socketpair(&a, &b);
    g_assert_true(qio_channel_set_blocking(b, blocking, &error_abort));
    r.ioc = b;
    qemu_thread_create(&r.thread, "reader", reader_thread, &r,
                       QEMU_THREAD_JOINABLE);
    while (!qatomic_read(&r.started)) {
        g_usleep(1000);
    }
    g_usleep(20 * 1000); /* let it block; a missed race still passes */
    g_assert_true(qio_channel_shutdown(b, QIO_CHANNEL_SHUTDOWN_BOTH,
                                       &error_abort));
    qemu_thread_join(&r.thread);
    g_assert_cmpint(r.ret, ==, 0);
    qio_channel_unref(a);
    qio_channel_unref(b);
}

static void test_shutdown_blocking(void)
{
    check_shutdown_unblocks(true);
}

static void test_shutdown_nonblocking(void)
{
    check_shutdown_unblocks(false);
}

static void *late_writer_thread(void *opaque)
{
    QIOChannel *ioc = opaque;

    g_assert_true(qio_channel_write_all(ioc, "QEMU", 4, &error_abort));
    g_usleep(30 * 1000);
    g_assert_true(qio_channel_write_all(ioc, "\xfe\xed", 2, &error_abort));
    return NULL;
}

static void test_peek(void)
{
    QIOChannel *a, *b;
    QemuThread thread;
    char peeked[6], got[6];
    Error *err = NULL;

    make_socketpair(&a, &b);
    qemu_thread_create(&thread, "late-writer", late_writer_thread, a,
                       QEMU_THREAD_JOINABLE);
    /* Waits across the two writes; consumes nothing. */
    g_assert_true(qio_channel_read_peek_all(b, peeked, 6, &error_abort));
    qemu_thread_join(&thread);
    g_assert_true(qio_channel_read_all(b, got, 6, &error_abort));
    g_assert_true(memcmp(peeked, "QEMU\xfe\xed", 6) == 0);
    g_assert_true(memcmp(got, peeked, 6) == 0);
    /* End of file before enough bytes is an error. */
    g_assert_true(qio_channel_write_all(a, "ab", 2, &error_abort));
    qio_channel_unref(a);
    g_assert_false(qio_channel_read_peek_all(b, peeked, 6, &err));
    g_assert_cmpstr(error_get_pretty(err), ==,
                    "Unexpected end-of-file before all data were read");
    error_free(err);
    qio_channel_unref(b);
}

static gboolean watch_cb(QIOChannel *ioc, GIOCondition cond, gpointer data)
{
    bool *fired = data;

    g_assert_true(cond & G_IO_IN);
    *fired = true;
    return G_SOURCE_REMOVE;
}

static void test_watch(void)
{
    QIOChannel *a, *b;
    bool fired = false;
    guint id;
    int i;

    make_socketpair(&a, &b);
    id = qio_channel_add_watch(b, G_IO_IN, watch_cb, &fired, NULL);
    g_assert_cmpuint(id, !=, 0);
    for (i = 0; i < 3; i++) {
        main_loop_wait(true);
    }
    g_assert_false(fired);
    g_assert_true(qio_channel_write_all(a, "x", 1, &error_abort));
    run_until(&fired);
    qio_channel_unref(a);
    qio_channel_unref(b);
}

/*
 * Command, buffer and file channels
 */

static void test_command_cat(void)
{
    g_autofree char *path = g_strdup_printf("%s/cat-out", tmpdir);
    g_autofree char *cmd = g_strdup_printf("cat > '%s'", path);
    g_autofree char *contents = NULL;
    QIOChannelCommand *cioc;
    char buf[16] = "";
    gsize len;

    /* Both ways through one cat. */
    cioc = qio_channel_command_new_shell("cat", O_RDWR, &error_abort);
    g_assert_true(qio_channel_write_all(QIO_CHANNEL(cioc), "ping", 4,
                                        &error_abort));
    g_assert_true(qio_channel_read_all(QIO_CHANNEL(cioc), buf, 4,
                                       &error_abort));
    g_assert_cmpstr(buf, ==, "ping");
    g_assert_true(qio_channel_close(QIO_CHANNEL(cioc), &error_abort));
    qio_channel_unref(QIO_CHANNEL(cioc));

    /* Outgoing (exec: source): everything written reaches the command. */
    cioc = qio_channel_command_new_shell(cmd, O_WRONLY, &error_abort);
    g_assert_true(qio_channel_write_all(QIO_CHANNEL(cioc), "stream", 6,
                                        &error_abort));
    g_assert_true(qio_channel_close(QIO_CHANNEL(cioc), &error_abort));
    qio_channel_unref(QIO_CHANNEL(cioc));
    g_assert_true(g_file_get_contents(path, &contents, &len, NULL));
    g_assert_cmpstr(contents, ==, "stream");

    /* Incoming (exec: destination): read to the end. */
    g_free(cmd);
    cmd = g_strdup_printf("cat '%s'", path);
    cioc = qio_channel_command_new_shell(cmd, O_RDONLY, &error_abort);
    memset(buf, 0, sizeof(buf));
    g_assert_cmpint(qio_channel_read_all_eof(QIO_CHANNEL(cioc), buf, 6,
                                             &error_abort), ==, 1);
    g_assert_cmpstr(buf, ==, "stream");
    g_assert_cmpint(qio_channel_read(QIO_CHANNEL(cioc), buf, 1,
                                     &error_abort), ==, 0);
    qio_channel_unref(QIO_CHANNEL(cioc)); /* unref closes and reaps */
}

static void test_command_fail(void)
{
    QIOChannelCommand *cioc;
    Error *err = NULL;
    char buf[64];
    int i;

    cioc = qio_channel_command_new_shell("exit 3", O_WRONLY, &error_abort);
    g_assert_false(qio_channel_close(QIO_CHANNEL(cioc), &err));
    g_assert_cmpstr(error_get_pretty(err), ==,
                    "Command 'exit 3' exited with status 3");
    error_free(err);
    err = NULL;
    qio_channel_unref(QIO_CHANNEL(cioc));

    /* Writing to a command that is gone: EPIPE, and we survive it. */
    cioc = qio_channel_command_new_shell("exit 0", O_WRONLY, &error_abort);
    memset(buf, 'x', sizeof(buf));
    for (i = 0; i < 1000 && !err; i++) {
        qio_channel_write_all(QIO_CHANNEL(cioc), buf, sizeof(buf), &err);
        g_usleep(1000);
    }
    g_assert_nonnull(err);
    g_assert_cmpstr(error_get_pretty(err), ==,
                    "Unable to write to command: Broken pipe");
    error_free(err);
    err = NULL;
    g_assert_true(qio_channel_close(QIO_CHANNEL(cioc), &error_abort));
    qio_channel_unref(QIO_CHANNEL(cioc));

    /* A command that cannot run: the shell reports 127. */
    cioc = qio_channel_command_new_shell("/nonexistent/cmd 2>/dev/null",
                                         O_RDONLY, &error_abort);
    g_assert_cmpint(qio_channel_read_all_eof(QIO_CHANNEL(cioc), buf, 1,
                                             &error_abort), ==, 0);
    g_assert_false(qio_channel_close(QIO_CHANNEL(cioc), &err));
    g_assert_nonnull(strstr(error_get_pretty(err), "with status 127"));
    error_free(err);
    qio_channel_unref(QIO_CHANNEL(cioc));
}

static void test_buffer(void)
{
    QIOChannelBuffer *bioc = qio_channel_buffer_new(4);
    QIOChannel *ioc = QIO_CHANNEL(bioc);
    char buf[32] = "";
    Error *err = NULL;

    g_assert_true(qio_channel_write_all(ioc, "hello world", 11,
                                        &error_abort));
    g_assert_cmpuint(bioc->usage, ==, 11);
    g_assert_cmpint(qio_channel_io_seek(ioc, 0, SEEK_SET, &error_abort),
                    ==, 0);
    g_assert_cmpint(qio_channel_read_all_eof(ioc, buf, 5, &error_abort),
                    ==, 1);
    g_assert_cmpstr(buf, ==, "hello");
    g_assert_cmpint(qio_channel_pwrite(ioc, "W", 1, 6, &error_abort), ==, 1);
    g_assert_cmpint(qio_channel_pread(ioc, buf, 5, 6, &error_abort), ==, 5);
    g_assert_true(memcmp(buf, "World", 5) == 0);
    /* Short at the end, then end of file. */
    g_assert_cmpint(qio_channel_read(ioc, buf, sizeof(buf), &error_abort),
                    ==, 6);
    g_assert_cmpint(qio_channel_read(ioc, buf, sizeof(buf), &error_abort),
                    ==, 0);
    g_assert_false(qio_channel_read_all(ioc, buf, 1, &err));
    g_assert_cmpstr(error_get_pretty(err), ==,
                    "Unexpected end-of-file before all data were read");
    error_free(err);
    err = NULL;
    /* Writing past the end leaves a zeroed gap. */
    g_assert_cmpint(qio_channel_pwrite(ioc, "!", 1, 20, &error_abort), ==, 1);
    g_assert_cmpuint(bioc->usage, ==, 21);
    g_assert_cmpint(bioc->data[15], ==, 0);
    g_assert_cmpint(qio_channel_io_seek(ioc, -1, SEEK_SET, &err), ==, -1);
    error_free(err);
    err = NULL;
    /* No shutdown on a buffer; closed channels refuse I/O. */
    g_assert_false(qio_channel_shutdown(ioc, QIO_CHANNEL_SHUTDOWN_BOTH,
                                        &err));
    g_assert_cmpstr(error_get_pretty(err), ==,
                    "Data path shutdown not supported");
    error_free(err);
    err = NULL;
    g_assert_true(qio_channel_close(ioc, &error_abort));
    g_assert_cmpint(qio_channel_write(ioc, "x", 1, &err), ==, -1);
    g_assert_nonnull(err);
    error_free(err);
    qio_channel_unref(ioc);
}

static void test_file(void)
{
    g_autofree char *path = g_strdup_printf("%s/file", tmpdir);
    g_autofree char *missing = g_strdup_printf("%s/no/such", tmpdir);
    g_autofree char *msg = g_strdup_printf(
        "Unable to open %s: No such file or directory", missing);
    QIOChannelFile *fioc;
    QIOChannel *ioc;
    Error *err = NULL;
    int pipefd[2];
    char buf[16] = "";

    fioc = qio_channel_file_new_path(path, O_RDWR | O_CREAT | O_TRUNC, 0600,
                                     &error_abort);
    ioc = QIO_CHANNEL(fioc);
    g_assert_true(qio_channel_has_feature(ioc, QIO_CHANNEL_FEATURE_SEEKABLE));
    g_assert_true(qio_channel_write_all(ioc, "0123456789", 10, &error_abort));
    g_assert_cmpint(qio_channel_pwrite(ioc, "AB", 2, 4, &error_abort), ==, 2);
    g_assert_cmpint(qio_channel_pread(ioc, buf, 10, 0, &error_abort), ==, 10);
    g_assert_cmpstr(buf, ==, "0123AB6789");
    g_assert_cmpint(qio_channel_io_seek(ioc, 8, SEEK_SET, &error_abort),
                    ==, 8);
    g_assert_cmpint(qio_channel_read_all_eof(ioc, buf, 2, &error_abort),
                    ==, 1);
    g_assert_cmpint(qio_channel_read_all_eof(ioc, buf, 2, &error_abort),
                    ==, 0);
    qio_channel_unref(ioc);

    g_assert_null(qio_channel_file_new_path(missing, O_RDONLY, 0, &err));
    g_assert_cmpstr(error_get_pretty(err), ==, msg);
    error_free(err);
    err = NULL;

    /* A pipe is a file channel without positioned I/O. */
    g_assert_cmpint(pipe(pipefd), ==, 0);
    ioc = qio_channel_new_fd(pipefd[0], &error_abort);
    g_assert_true(qio_channel_is_file(ioc));
    g_assert_cmpint(qio_channel_pread(ioc, buf, 1, 0, &err), ==, -1);
    g_assert_cmpstr(error_get_pretty(err), ==,
                    "Requested channel is not seekable");
    error_free(err);
    close(pipefd[1]);
    g_assert_cmpint(qio_channel_read(ioc, buf, 1, &error_abort), ==, 0);
    qio_channel_unref(ioc);
}

static void test_new_fd_socket(void)
{
    int sv[2];
    QIOChannel *ioc;

    g_assert_cmpint(socketpair(AF_UNIX, SOCK_STREAM, 0, sv), ==, 0);
    ioc = qio_channel_new_fd(sv[0], &error_abort);
    g_assert_true(qio_channel_is_socket(ioc));
    qio_channel_set_name(ioc, "test-fd");
    g_assert_cmpstr(qio_channel_get_name(ioc), ==, "test-fd");
    qio_channel_unref(ioc);
    /* The channel owned sv[0]: the peer sees end of file. */
    g_assert_cmpint(read(sv[1], &(char){ 0 }, 1), ==, 0);
    close(sv[1]);
}

int main(int argc, char **argv)
{
    int ret;

    g_test_init(&argc, &argv, NULL);
    qemu_init_main_loop(&error_abort);
    bql_lock();
    tmpdir = g_dir_make_tmp("test-io-channel-XXXXXX", NULL);
    g_assert_nonnull(tmpdir);

    g_test_add_func("/io-channel/socket/unix/pair", test_socket_pair);
    g_test_add_func("/io-channel/socket/unix/listen", test_unix_listen);
    g_test_add_func("/io-channel/socket/tcp/ipv4", test_tcp_ipv4);
    g_test_add_func("/io-channel/socket/tcp/ipv6", test_tcp_ipv6);
    g_test_add_func("/io-channel/socket/connect/errors", test_connect_errors);
    g_test_add_func("/io-channel/socket/connect/async-refused",
                    test_connect_async_refused);
    g_test_add_func("/io-channel/socket/listener/accept", test_listener);
    g_test_add_func("/io-channel/socket/fd-pass/unix", test_fd_pass);
    g_test_add_func("/io-channel/socket/fd-pass/unsupported",
                    test_fd_pass_unsupported);
    g_test_add_func("/io-channel/socket/shutdown/blocking",
                    test_shutdown_blocking);
    g_test_add_func("/io-channel/socket/shutdown/nonblocking",
                    test_shutdown_nonblocking);
    g_test_add_func("/io-channel/socket/peek/split", test_peek);
    g_test_add_func("/io-channel/socket/watch/readable", test_watch);
    g_test_add_func("/io-channel/socket/new-fd/socket", test_new_fd_socket);
    g_test_add_func("/io-channel/command/cat", test_command_cat);
    g_test_add_func("/io-channel/command/fail", test_command_fail);
    g_test_add_func("/io-channel/buffer/rw", test_buffer);
    g_test_add_func("/io-channel/file/rw", test_file);

    ret = g_test_run();
    g_autofree char *rm = g_strdup_printf("rm -rf '%s'", tmpdir);
    if (system(rm) != 0) {
        g_printerr("could not remove %s\n", tmpdir);
    }
    g_free(tmpdir);
    return ret;
}
