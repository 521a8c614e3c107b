/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Chardev tests: socket servers (unix, tcp, fd=) and clients, descriptor
 * passing (SCM_RIGHTS), query-chardev, file, pipe, null, and option
 * errors.  The test thread is both the main loop and the
 * peer, so every step is ordered without sleeping.
 */
#include "qemu/osdep.h"
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <sys/un.h>
#include "chardev/char.h"
#include "qapi/error.h"
#include "qapi/qapi-commands-char.h"
#include "qemu/main-loop.h"
#include "qemu/thread.h"
#include "qemu/timer.h"
#include "qobject/qdict.h"

#define WAIT_MS 10000

static char *tmpdir;

typedef struct Frontend {
    CharBackend be;
    int opened;
    int closed;
    GString *data;
    bool refuse; /* can_read says 0 */
} Frontend;

static int fe_can_read(void *opaque)
{
    Frontend *fe = opaque;

    return fe->refuse ? 0 : 4096;
}

static void fe_read(void *opaque, const uint8_t *buf, int size)
{
    Frontend *fe = opaque;

    g_string_append_len(fe->data, (const char *)buf, size);
}

static void fe_event(void *opaque, QEMUChrEvent event)
{
    Frontend *fe = opaque;

    if (event == CHR_EVENT_OPENED) {
        fe->opened++;
    } else {
        fe->closed++;
    }
}

static void fe_attach(Frontend *fe, Chardev *chr)
{
    memset(fe, 0, sizeof(*fe));
    fe->data = g_string_new(NULL);
    g_assert_true(qemu_chr_fe_init(&fe->be, chr, &error_abort));
    qemu_chr_fe_set_handlers(&fe->be, fe_can_read, fe_read, fe_event, fe);
}

static void fe_detach(Frontend *fe)
{
    qemu_chr_fe_deinit(&fe->be);
    g_string_free(fe->data, true);
}

static void flag_cb(void *opaque)
{
    *(bool *)opaque = true;
}

/* Iterate the main loop until @done(@arg); fail after WAIT_MS. */
static void run_until(bool (*done)(void *arg), void *arg)
{
    bool expired = false;
    QEMUTimer *wd = timer_new_ms(QEMU_CLOCK_REALTIME, flag_cb, &expired);

    timer_mod(wd, qemu_clock_get_ms(QEMU_CLOCK_REALTIME) + WAIT_MS);
    while (!done(arg) && !expired) {
        main_loop_wait(false);
    }
    timer_free(wd);
    g_assert_false(expired);
}

/* A few non-blocking iterations. */
static void run_pending(void)
{
    for (int i = 0; i < 5; i++) {
        main_loop_wait(true);
    }
}

typedef struct Expect {
    Frontend *fe;
    int opened, closed;
    size_t len;
} Expect;

static bool expect_done(void *arg)
{
    Expect *e = arg;

    return e->fe->opened >= e->opened && e->fe->closed >= e->closed &&
           e->fe->data->len >= e->len;
}

static void wait_fe(Frontend *fe, int opened, int closed, size_t len)
{
    Expect e = { fe, opened, closed, len };

    run_until(expect_done, &e);
}

static Chardev *chr_new(const char *spec, Error **errp)
{
    g_autoptr(QDict) opts = qdict_new();
    g_auto(GStrv) parts = g_strsplit(spec, ",", -1);

    for (int i = 0; parts[i]; i++) {
        char *eq = strchr(parts[i], '=');

        g_assert_nonnull(eq);
        *eq = 0;
        qdict_put_str(opts, parts[i], eq + 1);
    }
    return qemu_chr_new_from_opts(opts, errp);
}

static int unix_connect(const char *path)
{
    struct sockaddr_un un = { .sun_family = AF_UNIX };
    int fd = socket(AF_UNIX, SOCK_STREAM, 0);

    g_assert_cmpint(fd, >=, 0);
    g_strlcpy(un.sun_path, path, sizeof(un.sun_path));
    g_assert_cmpint(connect(fd, (struct sockaddr *)&un, sizeof(un)), ==, 0);
    return fd;
}

static int tcp_connect(int port)
{
    struct sockaddr_in in = {
        .sin_family = AF_INET,
        .sin_port = htons(port),
        .sin_addr.s_addr = htonl(INADDR_LOOPBACK),
    };
    int fd = socket(AF_INET, SOCK_STREAM, 0);

    g_assert_cmpint(fd, >=, 0);
    g_assert_cmpint(connect(fd, (struct sockaddr *)&in, sizeof(in)), ==, 0);
    return fd;
}

/* Read exactly @len bytes (already sent by the chardev) from @fd. */
static char *peer_read(int fd, size_t len)
{
    char *buf = g_malloc0(len + 1);
    size_t got = 0;

    while (got < len) {
        struct pollfd pfd = { .fd = fd, .events = POLLIN };
        ssize_t n;

        g_assert_cmpint(poll(&pfd, 1, WAIT_MS), ==, 1);
        n = read(fd, buf + got, len - got);
        g_assert_cmpint(n, >, 0);
        got += n;
    }
    return buf;
}

static void peer_write(int fd, const char *s)
{
    g_assert_cmpint(write(fd, s, strlen(s)), ==, strlen(s));
}

/* Talk to a connected server chardev through @fd, then hang up. */
static void exchange(Frontend *fe, int fd, int round)
{
    g_autofree char *got = NULL;

    g_string_truncate(fe->data, 0);
    peer_write(fd, "ping");
    wait_fe(fe, round, round - 1, 4);
    g_assert_cmpstr(fe->data->str, ==, "ping");
    g_assert_cmpint(qemu_chr_fe_write_all(&fe->be, (const uint8_t *)"pong", 4),
                    ==, 4);
    got = peer_read(fd, 4);
    g_assert_cmpstr(got, ==, "pong");
}

static void test_socket_unix_server(void)
{
    g_autofree char *path = g_build_filename(tmpdir, "s.sock", NULL);
    g_autofree char *spec = g_strdup_printf(
        "backend=socket,id=s,path=%s,server=on,wait=off", path);
    Chardev *chr = chr_new(spec, &error_abort);
    Frontend fe;
    int c1, c2;

    g_assert_true(chr == qemu_chr_find("s"));
    g_assert_true(qemu_chr_has_feature(chr, QEMU_CHAR_FEATURE_GCONTEXT));
    fe_attach(&fe, chr);
    run_pending();
    g_assert_cmpint(fe.opened, ==, 0);
    g_assert_false(qemu_chr_is_open(chr));

    /* Nobody connected: output is dropped, not an error. */
    g_assert_cmpint(qemu_chr_fe_write_all(&fe.be, (const uint8_t *)"x", 1),
                    ==, 1);

    c1 = unix_connect(path);
    wait_fe(&fe, 1, 0, 0);
    g_assert_true(qemu_chr_is_open(chr));
    exchange(&fe, c1, 1);

    /* A second client waits in the backlog while the first is served. */
    c2 = unix_connect(path);
    peer_write(c2, "two");
    run_pending();
    g_assert_cmpint(fe.opened, ==, 1);
    g_assert_cmpstr(fe.data->str, ==, "ping");

    close(c1);
    wait_fe(&fe, 2, 1, 0);
    g_assert_cmpint(fe.closed, ==, 1);
    g_string_truncate(fe.data, 0);
    wait_fe(&fe, 2, 1, 3);
    g_assert_cmpstr(fe.data->str, ==, "two");
    exchange(&fe, c2, 2);

    close(c2);
    wait_fe(&fe, 2, 2, 0);
    g_assert_false(qemu_chr_is_open(chr));

    fe_detach(&fe);
    qemu_chr_delete(chr);
    g_assert_null(qemu_chr_find("s"));
    g_assert_false(g_file_test(path, G_FILE_TEST_EXISTS));
}

static void test_socket_tcp_server(void)
{
    Chardev *chr = chr_new("backend=socket,id=t,host=127.0.0.1,port=0,"
                           "server=on,wait=off", &error_abort);
    int port = qemu_chr_socket_listen_port(chr);
    Frontend fe;
    int c;

    g_assert_cmpint(port, >, 0);
    fe_attach(&fe, chr);
    c = tcp_connect(port);
    wait_fe(&fe, 1, 0, 0);
    exchange(&fe, c, 1);
    close(c);
    wait_fe(&fe, 1, 1, 0);

    /* The next client gets its own OPENED. */
    c = tcp_connect(port);
    wait_fe(&fe, 2, 1, 0);
    exchange(&fe, c, 2);
    close(c);
    wait_fe(&fe, 2, 2, 0);

    fe_detach(&fe);
    qemu_chr_delete(chr);
}

/* libvirt's way: a listening socket passed as fd=N. */
static void test_socket_fd_server(void)
{
    g_autofree char *path = g_build_filename(tmpdir, "fd.sock", NULL);
    struct sockaddr_un un = { .sun_family = AF_UNIX };
    int lfd = socket(AF_UNIX, SOCK_STREAM, 0);
    g_autofree char *spec = NULL;
    Chardev *chr;
    Frontend fe;
    int c;

    g_strlcpy(un.sun_path, path, sizeof(un.sun_path));
    g_assert_cmpint(bind(lfd, (struct sockaddr *)&un, sizeof(un)), ==, 0);
    g_assert_cmpint(listen(lfd, 1), ==, 0);
    spec = g_strdup_printf("backend=socket,id=charmonitor,fd=%d,server=on,"
                           "wait=off", lfd);
    chr = chr_new(spec, &error_abort);
    fe_attach(&fe, chr);
    c = unix_connect(path);
    wait_fe(&fe, 1, 0, 0);
    exchange(&fe, c, 1);
    close(c);
    wait_fe(&fe, 1, 1, 0);
    fe_detach(&fe);
    qemu_chr_delete(chr); /* closes lfd; the file is the caller's */
    g_assert_cmpint(fcntl(lfd, F_GETFD), ==, -1);
    unlink(path);
}

static void test_socket_client(void)
{
    g_autofree char *path = g_build_filename(tmpdir, "cl.sock", NULL);
    g_autofree char *spec = g_strdup_printf("backend=socket,id=c,path=%s",
                                            path);
    struct sockaddr_un un = { .sun_family = AF_UNIX };
    int lfd = socket(AF_UNIX, SOCK_STREAM, 0);
    g_autofree char *got = NULL;
    Chardev *chr;
    Frontend fe;
    int peer;

    g_strlcpy(un.sun_path, path, sizeof(un.sun_path));
    g_assert_cmpint(bind(lfd, (struct sockaddr *)&un, sizeof(un)), ==, 0);
    g_assert_cmpint(listen(lfd, 1), ==, 0);
    chr = chr_new(spec, &error_abort);
    peer = accept(lfd, NULL, NULL);
    g_assert_cmpint(peer, >=, 0);

    /* Already connected: OPENED comes with the handlers. */
    fe_attach(&fe, chr);
    g_assert_cmpint(fe.opened, ==, 1);
    qemu_chr_fe_write_all(&fe.be, (const uint8_t *)"hi", 2);
    got = peer_read(peer, 2);
    g_assert_cmpstr(got, ==, "hi");
    peer_write(peer, "yo");
    wait_fe(&fe, 1, 0, 2);
    g_assert_cmpstr(fe.data->str, ==, "yo");
    close(peer);
    wait_fe(&fe, 1, 1, 0);

    fe_detach(&fe);
    qemu_chr_delete(chr);
    close(lfd);
    unlink(path);
}

/* A frontend that can't take input stops the reads until it says so. */
static void test_socket_flow_control(void)
{
    g_autofree char *path = g_build_filename(tmpdir, "fc.sock", NULL);
    g_autofree char *spec = g_strdup_printf(
        "backend=socket,id=fc,path=%s,server=on,wait=off", path);
    Chardev *chr = chr_new(spec, &error_abort);
    Frontend fe;
    int c;

    fe_attach(&fe, chr);
    c = unix_connect(path);
    wait_fe(&fe, 1, 0, 0);
    fe.refuse = true;
    peer_write(c, "abc");
    run_pending();
    g_assert_cmpuint(fe.data->len, ==, 0);
    fe.refuse = false;
    qemu_chr_fe_accept_input(&fe.be);
    wait_fe(&fe, 1, 0, 3);
    g_assert_cmpstr(fe.data->str, ==, "abc");
    close(c);
    wait_fe(&fe, 1, 1, 0);
    fe_detach(&fe);
    qemu_chr_delete(chr);
}

static void test_frontend_in_use(void)
{
    Chardev *chr = chr_new("backend=null,id=n", &error_abort);
    CharBackend a = { 0 }, b = { 0 };
    Error *err = NULL;

    g_assert_true(qemu_chr_fe_init(&a, chr, &error_abort));
    g_assert_false(qemu_chr_fe_init(&b, chr, &err));
    g_assert_cmpstr(error_get_pretty(err), ==, "Device 'n' is in use");
    error_free(err);
    qemu_chr_fe_deinit(&a);
    qemu_chr_delete(chr);
}

static void test_null(void)
{
    Chardev *chr = chr_new("backend=null,id=n", &error_abort);
    Frontend fe;

    g_assert_false(qemu_chr_has_feature(chr, QEMU_CHAR_FEATURE_GCONTEXT));
    fe_attach(&fe, chr);
    g_assert_cmpint(fe.opened, ==, 1);
    g_assert_true(qemu_chr_is_open(chr));
    g_assert_cmpint(qemu_chr_fe_write_all(&fe.be, (const uint8_t *)"abc", 3),
                    ==, 3);
    g_assert_cmpint(qemu_chr_socket_listen_port(chr), ==, -1);
    fe_detach(&fe);
    qemu_chr_delete(chr);
}

static void write_file_chr(const char *spec, const char *text)
{
    Chardev *chr = chr_new(spec, &error_abort);

    g_assert_cmpint(qemu_chr_write_all(chr, (const uint8_t *)text,
                                       strlen(text)), ==, strlen(text));
    qemu_chr_delete(chr);
}

static void test_file(void)
{
    g_autofree char *path = g_build_filename(tmpdir, "out.txt", NULL);
    g_autofree char *spec = g_strdup_printf("backend=file,id=f,path=%s", path);
    g_autofree char *spec_app = g_strdup_printf("%s,append=on", spec);
    char *contents;

    write_file_chr(spec, "one\n");
    write_file_chr(spec_app, "two\n");
    g_assert_true(g_file_get_contents(path, &contents, NULL, NULL));
    g_assert_cmpstr(contents, ==, "one\ntwo\n");
    g_free(contents);

    write_file_chr(spec, "three\n"); /* truncates */
    g_assert_true(g_file_get_contents(path, &contents, NULL, NULL));
    g_assert_cmpstr(contents, ==, "three\n");
    g_free(contents);
    unlink(path);
}

static void test_pipe(void)
{
    g_autofree char *base = g_build_filename(tmpdir, "p", NULL);
    g_autofree char *in = g_strdup_printf("%s.in", base);
    g_autofree char *out = g_strdup_printf("%s.out", base);
    g_autofree char *spec = g_strdup_printf("backend=pipe,id=p,path=%s", base);
    g_autofree char *got = NULL;
    Chardev *chr;
    Frontend fe;
    int fd_in, fd_out;

    g_assert_cmpint(mkfifo(in, 0600), ==, 0);
    g_assert_cmpint(mkfifo(out, 0600), ==, 0);
    chr = chr_new(spec, &error_abort);
    fd_in = open(in, O_WRONLY | O_NONBLOCK);
    fd_out = open(out, O_RDONLY | O_NONBLOCK);
    g_assert_cmpint(fd_in, >=, 0);
    g_assert_cmpint(fd_out, >=, 0);

    fe_attach(&fe, chr);
    g_assert_cmpint(fe.opened, ==, 1);
    peer_write(fd_in, "to-chr");
    wait_fe(&fe, 1, 0, 6);
    g_assert_cmpstr(fe.data->str, ==, "to-chr");
    qemu_chr_fe_write_all(&fe.be, (const uint8_t *)"from-chr", 8);
    got = peer_read(fd_out, 8);
    g_assert_cmpstr(got, ==, "from-chr");

    fe_detach(&fe);
    qemu_chr_delete(chr);
    close(fd_in);
    close(fd_out);
    unlink(in);
    unlink(out);
}

static void test_stdio_once(void)
{
    Chardev *chr = chr_new("backend=stdio,id=io", &error_abort);
    Error *err = NULL;

    g_assert_false(qemu_chr_has_feature(chr, QEMU_CHAR_FEATURE_GCONTEXT));
    g_assert_null(chr_new("backend=stdio,id=io2", &err));
    g_assert_cmpstr(error_get_pretty(err), ==,
                    "cannot use stdio by multiple character devices");
    error_free(err);
    qemu_chr_delete(chr);
}

static void test_bad_options(void)
{
    static const struct {
        const char *spec;
        const char *msg;
    } cases[] = {
        { "backend=null", "Parameter 'id' is missing" },
        { "id=x", "chardev: \"x\" missing backend" },
        { "backend=serial,id=x", "'serial' is not a valid char driver name" },
        { "backend=null,id=x,path=/p", "Invalid parameter 'path'" },
        { "backend=socket,id=x", "chardev: socket: no host given" },
        { "backend=socket,id=x,host=localhost",
          "chardev: socket: no port given" },
        { "backend=socket,id=x,path=/nonexistent/s,wait=off",
          "'wait' option is incompatible with socket in client connect "
          "mode" },
        { "backend=socket,id=x,path=/p,server=maybe",
          "Parameter 'server' expects 'on' or 'off'" },
        { "backend=socket,id=x,path=/p,server=on",
          "chardev: socket: server=on requires wait=off (waiting for a "
          "client at start-up is not supported)" },
        { "backend=socket,id=x,path=/p,host=h,server=on,wait=off",
          "chardev: socket: 'path', 'host' and 'fd' are mutually "
          "exclusive" },
        { "backend=socket,id=x,host=127.0.0.1,port=http,server=on,wait=off",
          "can't convert to a number: http" },
        { "backend=socket,id=x,host=127.0.0.1,port=70000,server=on,wait=off",
          "port 70000 out of range" },
        { "backend=socket,id=x,fd=nope,server=on,wait=off",
          "Invalid file descriptor number 'nope'" },
        { "backend=file,id=x", "chardev: file: no filename given" },
        { "backend=file,id=x,path=/nonexistent/dir/f",
          "Could not open '/nonexistent/dir/f': No such file or directory" },
        { "backend=pipe,id=x", "chardev: pipe: no filename given" },
        { "backend=pipe,id=x,path=/nonexistent/p",
          "Could not open '/nonexistent/p': No such file or directory" },
    };
    Chardev *dup = chr_new("backend=null,id=dup", &error_abort);
    Error *err = NULL;

    for (size_t i = 0; i < ARRAY_SIZE(cases); i++) {
        g_assert_null(chr_new(cases[i].spec, &err));
        g_assert_nonnull(err);
        g_assert_cmpstr(error_get_pretty(err), ==, cases[i].msg);
        error_free(err);
        err = NULL;
        g_assert_null(qemu_chr_find("x"));
    }
    g_assert_null(chr_new("backend=null,id=dup", &err));
    g_assert_cmpstr(error_get_pretty(err), ==,
                    "attempt to add duplicate property 'dup' to object "
                    "(type 'container')");
    error_free(err);
    qemu_chr_delete(dup);
}

/* Send @data with @n descriptors attached (SCM_RIGHTS). */
static void peer_send_fds(int sock, const char *data, const int *fds, int n)
{
    union {
        struct cmsghdr align;
        char buf[CMSG_SPACE(sizeof(int) * 4)];
    } control = { 0 };
    struct iovec iov = { .iov_base = (void *)data, .iov_len = strlen(data) };
    struct msghdr msg = { .msg_iov = &iov, .msg_iovlen = 1 };
    struct cmsghdr *cmsg;

    g_assert_cmpint(n, <=, 4);
    if (n) {
        msg.msg_control = control.buf;
        msg.msg_controllen = CMSG_SPACE(sizeof(int) * n);
        cmsg = CMSG_FIRSTHDR(&msg);
        cmsg->cmsg_level = SOL_SOCKET;
        cmsg->cmsg_type = SCM_RIGHTS;
        cmsg->cmsg_len = CMSG_LEN(sizeof(int) * n);
        memcpy(CMSG_DATA(cmsg), fds, sizeof(int) * n);
    }
    g_assert_cmpint(sendmsg(sock, &msg, 0), ==, iov.iov_len);
}

typedef struct TestPipe {
    int rd, wr;
} TestPipe;

static void test_pipe_open(TestPipe *p)
{
    int fds[2];

    g_assert_cmpint(pipe(fds), ==, 0);
    p->rd = fds[0];
    p->wr = fds[1];
    /* Non-blocking write end: received copies must come out blocking. */
    fcntl(p->wr, F_SETFL, O_NONBLOCK);
    fcntl(p->rd, F_SETFL, O_NONBLOCK);
}

/*
 * Drop our write end; true if no other copy is open (read sees EOF),
 * false if the chardev or a taker still holds one.
 */
static bool test_pipe_writers_gone(TestPipe *p)
{
    char c;
    ssize_t n;

    if (p->wr >= 0) {
        close(p->wr);
        p->wr = -1;
    }
    do {
        n = read(p->rd, &c, 1);     /* data written through a copy */
    } while (n > 0);
    g_assert_true(n == 0 || (n < 0 && errno == EAGAIN));
    return n == 0;
}

static void test_pipe_close(TestPipe *p)
{
    if (p->wr >= 0) {
        close(p->wr);
    }
    close(p->rd);
}

static void test_socket_fd_passing(void)
{
    g_autofree char *path = g_build_filename(tmpdir, "fds.sock", NULL);
    g_autofree char *spec = g_strdup_printf(
        "backend=socket,id=fds,path=%s,server=on,wait=off", path);
    g_autofree char *disconnected = g_strdup_printf(
        "disconnected:unix:%s,server=on", path);
    g_autofree char *connected = g_strdup_printf("unix:%s,server=on", path);
    Chardev *chr = chr_new(spec, &error_abort);
    Chardev *null = chr_new("backend=null,id=nofds", &error_abort);
    ChardevInfoList *info;
    CharBackend null_be = { 0 };
    TestPipe a, b, c, d;
    Frontend fe;
    int sock, fd, fl, pair[2];

    /* query-chardev: label, filename, frontend-open, creation order. */
    info = qmp_query_chardev(&error_abort);
    for (ChardevInfoList *l = info; l; l = l->next) {
        if (!strcmp(l->value->label, "fds")) {
            g_assert_cmpstr(l->value->filename, ==, disconnected);
            g_assert_false(l->value->frontend_open);
            g_assert_cmpstr(l->next->value->label, ==, "nofds");
            g_assert_cmpstr(l->next->value->filename, ==, "null");
        }
    }
    qapi_free_ChardevInfoList(info);

    fe_attach(&fe, chr);
    sock = unix_connect(path);
    wait_fe(&fe, 1, 0, 0);
    info = qmp_query_chardev(&error_abort);
    for (ChardevInfoList *l = info; l; l = l->next) {
        if (!strcmp(l->value->label, "fds")) {
            g_assert_cmpstr(l->value->filename, ==, connected);
            g_assert_true(l->value->frontend_open);
        }
    }
    qapi_free_ChardevInfoList(info);

    /* Nothing passed yet. */
    g_assert_cmpint(qemu_chr_fe_get_msgfd(&fe.be), ==, -1);

    /* Two with one message: the first is handed over, the other closed. */
    test_pipe_open(&a);
    test_pipe_open(&b);
    peer_send_fds(sock, "x", (int[]){ a.wr, b.wr }, 2);
    wait_fe(&fe, 1, 0, 1);
    fd = qemu_chr_fe_get_msgfd(&fe.be);
    g_assert_cmpint(fd, >=, 0);
    fl = fcntl(fd, F_GETFL);
    g_assert_false(fl & O_NONBLOCK);
    g_assert_true(fcntl(fd, F_GETFD) & FD_CLOEXEC);
    g_assert_cmpint(write(fd, "!", 1), ==, 1);
    g_assert_cmpint(qemu_chr_fe_get_msgfd(&fe.be), ==, -1);
    g_assert_true(test_pipe_writers_gone(&b));
    g_assert_false(test_pipe_writers_gone(&a));
    close(fd);
    g_assert_true(test_pipe_writers_gone(&a));

    /*
     * Unclaimed descriptors stay across messages without any, and are
     * replaced (closed) by those of a later message.
     */
    test_pipe_open(&c);
    test_pipe_open(&d);
    peer_send_fds(sock, "y", &c.wr, 1);
    peer_send_fds(sock, "z", NULL, 0);
    wait_fe(&fe, 1, 0, 3);
    peer_send_fds(sock, "w", &d.wr, 1);
    wait_fe(&fe, 1, 0, 4);
    g_assert_true(test_pipe_writers_gone(&c));
    fd = qemu_chr_fe_get_msgfd(&fe.be);
    g_assert_cmpint(fd, >=, 0);
    close(fd);
    g_assert_true(test_pipe_writers_gone(&d));
    test_pipe_close(&a);
    test_pipe_close(&b);
    test_pipe_close(&c);
    test_pipe_close(&d);

    /* A disconnect closes what was not claimed. */
    test_pipe_open(&a);
    peer_send_fds(sock, "v", &a.wr, 1);
    wait_fe(&fe, 1, 0, 5);
    close(sock);
    wait_fe(&fe, 1, 1, 5);
    g_assert_true(test_pipe_writers_gone(&a));
    test_pipe_close(&a);

    /* A socket passed as a descriptor works like any other. */
    sock = unix_connect(path);
    wait_fe(&fe, 2, 1, 5);
    g_assert_cmpint(socketpair(AF_UNIX, SOCK_STREAM, 0, pair), ==, 0);
    peer_send_fds(sock, "u", &pair[1], 1);
    close(pair[1]);
    wait_fe(&fe, 2, 1, 6);
    fd = qemu_chr_fe_get_msgfd(&fe.be);
    g_assert_cmpint(write(fd, "ok", 2), ==, 2);
    g_autofree char *got = peer_read(pair[0], 2);
    g_assert_cmpstr(got, ==, "ok");
    close(fd);
    close(pair[0]);
    close(sock);
    wait_fe(&fe, 2, 2, 6);

    /* Backends that can't receive descriptors, and a detached frontend. */
    g_assert_true(qemu_chr_fe_init(&null_be, null, &error_abort));
    g_assert_cmpint(qemu_chr_fe_get_msgfd(&null_be), ==, -1);
    qemu_chr_fe_deinit(&null_be);
    g_assert_cmpint(qemu_chr_fe_get_msgfd(&null_be), ==, -1);

    fe_detach(&fe);
    qemu_chr_delete(chr);
    qemu_chr_delete(null);
}

int main(int argc, char **argv)
{
    int ret;

    g_test_init(&argc, &argv, NULL);
    qemu_init_main_loop(&error_abort);
    bql_lock();
    tmpdir = g_dir_make_tmp("test-char-XXXXXX", NULL);
    g_assert_nonnull(tmpdir);

    g_test_add_func("/char/socket/unix-server", test_socket_unix_server);
    g_test_add_func("/char/socket/tcp-server", test_socket_tcp_server);
    g_test_add_func("/char/socket/fd-server", test_socket_fd_server);
    g_test_add_func("/char/socket/client", test_socket_client);
    g_test_add_func("/char/socket/flow-control", test_socket_flow_control);
    g_test_add_func("/char/socket/fd-passing", test_socket_fd_passing);
    g_test_add_func("/char/frontend/in-use", test_frontend_in_use);
    g_test_add_func("/char/null", test_null);
    g_test_add_func("/char/file", test_file);
    g_test_add_func("/char/pipe", test_pipe);
    g_test_add_func("/char/stdio/once", test_stdio_once);
    g_test_add_func("/char/options/errors", test_bad_options);
    ret = g_test_run();

    qemu_chr_cleanup();
    rmdir(tmpdir);
    g_free(tmpdir);
    return ret;
}
