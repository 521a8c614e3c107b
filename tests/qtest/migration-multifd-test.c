/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Multifd migration between two of our processes (accel qtest, -M none,
 * small guests): every compression method with every zero-page
 * detection mode (RAM and the duplicate/normal counts checked), channel
 * counts 1..64, unix, cancel then a second migration, and the failures
 * (a channel that cannot connect, a channel killed mid-migration by a
 * relay in this test, mismatched channel count, compression and UUID),
 * each ending cleanly with the source running.  Plus the machine-type
 * default of zero-page-detection.
 */
#include "qemu/osdep.h"
#include "migration-helpers.h"
#include <poll.h>
#include <sys/socket.h>
#include <sys/un.h>

#define RAM_MB 32
#define RAM_SIZE ((uint64_t)RAM_MB << 20)
/* Random pages, then pages of one repeated byte, the rest zero. */
#define RANDOM_END (4u << 20)
#define REPEAT_END (8u << 20)
#define NONZERO_PAGES (REPEAT_END / MIG_PAGE)
#define ALL_PAGES (RAM_SIZE / MIG_PAGE)

static char *tmpdir;

/* multifd on, @channels channels, @comp, @zero on @s. */
static void setup_multifd(QTestState *s, int channels, const char *comp,
                          const char *zero)
{
    mig_set_cap(s, "multifd", true);
    mig_set_param_int(s, "multifd-channels", channels);
    mig_set_param_str(s, "multifd-compression", comp);
    if (zero) {
        mig_set_param_str(s, "zero-page-detection", zero);
    }
}

static char *tmp_path(const char *name)
{
    static int counter;

    return g_strdup_printf("%s/%d-%s", tmpdir, counter++, name);
}

/* Completed on both sides, RAM equal; returns the source's ram dict. */
static QDict *finish_ok(QTestState *src, QTestState *dst)
{
    QDict *info = mig_wait_status(src, "completed");
    QDict *ram = qdict_get_qdict(info, "ram");

    g_assert(ram);
    g_assert_cmpint(qdict_get_int(ram, "total"), ==, RAM_SIZE);
    g_assert_cmpint(qdict_get_int(ram, "remaining"), ==, 0);
    g_assert_cmpint(qdict_get_int(ram, "multifd-bytes"), >, 0);
    qobject_unref(mig_wait_status(dst, "completed"));
    mig_assert_runstate(src, "postmigrate");
    mig_assert_runstate(dst, "running");
    mig_assert_same_ram(src, dst, RAM_SIZE);
    return info;
}

/* The duplicate/normal counts of zero-page-detection @zero. */
static void check_counts(QDict *info, const char *zero)
{
    QDict *ram = qdict_get_qdict(info, "ram");
    int64_t normal = qdict_get_int(ram, "normal");
    int64_t dup = qdict_get_int(ram, "duplicate");

    if (!strcmp(zero, "none")) {
        g_assert_cmpint(normal, ==, ALL_PAGES);
        g_assert_cmpint(dup, ==, 0);
    } else {
        g_assert_cmpint(normal, ==, NONZERO_PAGES);
        g_assert_cmpint(dup, ==, ALL_PAGES - NONZERO_PAGES);
    }
    g_assert_cmpint(qdict_get_int(ram, "normal-bytes"), ==, normal * MIG_PAGE);
}

typedef struct MultifdCase {
    const char *comp;
    const char *zero;
    int channels;
    bool unix_socket;
} MultifdCase;

static void test_multifd(const void *opaque)
{
    const MultifdCase *c = opaque;
    QTestState *src = mig_start(RAM_MB, NULL);
    QTestState *dst = mig_start_dst(RAM_MB, NULL);
    g_autofree char *uri = NULL;
    QDict *info;

    setup_multifd(src, c->channels, c->comp, c->zero);
    setup_multifd(dst, c->channels, c->comp, c->zero);
    mig_fill_ram(src, c->channels, RANDOM_END, REPEAT_END);
    if (c->unix_socket) {
        g_autofree char *path = tmp_path("multifd.sock");

        uri = g_strdup_printf("unix:%s", path);
        mig_incoming(dst, uri);
    } else {
        mig_incoming(dst, "tcp:127.0.0.1:0");
        uri = mig_dst_tcp_uri(dst);
    }
    mig_migrate(src, uri);
    info = finish_ok(src, dst);
    check_counts(info, c->zero ? c->zero : "multifd");
    qobject_unref(info);
    qtest_quit(src);
    qtest_quit(dst);
}

/* Multifd with per-section flushes (the 7.2 dialect) between us. */
static void test_flush_each_section(void)
{
    const char *g = "-global migration.multifd-flush-after-each-section=on";
    QTestState *src = mig_start(RAM_MB, g), *dst = mig_start_dst(RAM_MB, g);
    g_autofree char *path = tmp_path("section.sock");
    g_autofree char *uri = g_strdup_printf("unix:%s", path);
    QDict *info;

    setup_multifd(src, 4, "zstd", "legacy");
    setup_multifd(dst, 4, "zstd", "legacy");
    mig_fill_ram(src, 77, RANDOM_END, REPEAT_END);
    mig_incoming(dst, uri);
    mig_migrate(src, uri);
    info = finish_ok(src, dst);
    check_counts(info, "legacy");
    qobject_unref(info);
    qtest_quit(src);
    qtest_quit(dst);
}

/*
 * A unix-socket relay between source and destination, with faults:
 * after @max_accepts connections the listener closes (later connects
 * are refused); connection number @kill_conn is cut after @kill_after
 * bytes from the source.
 */
typedef struct Relay {
    char *path;
    char *target;
    int lfd;
    int max_accepts;
    int kill_conn;
    size_t kill_after;
    GThread *thread;
    GPtrArray *conns;
} Relay;

typedef struct RelayConn {
    int a, b;                   /* source side, destination side */
    size_t kill_after;          /* 0: never */
    GThread *thread;
} RelayConn;

static gpointer relay_conn_thread(gpointer opaque)
{
    RelayConn *c = opaque;
    char buf[65536];
    size_t forwarded = 0;

    for (;;) {
        struct pollfd pfd[2] = {
            { .fd = c->a, .events = POLLIN }, { .fd = c->b, .events = POLLIN },
        };

        if (poll(pfd, 2, -1) < 0) {
            if (errno == EINTR) {
                continue;
            }
            break;
        }
        for (int i = 0; i < 2; i++) {
            int from = i ? c->b : c->a, to = i ? c->a : c->b;
            ssize_t n;

            if (!(pfd[i].revents & (POLLIN | POLLHUP | POLLERR))) {
                continue;
            }
            n = read(from, buf, sizeof(buf));
            if (n <= 0 || write(to, buf, n) != n) {
                goto out;
            }
            if (!i && c->kill_after) {
                forwarded += n;
                if (forwarded >= c->kill_after) {
                    goto out;
                }
            }
        }
    }
out:
    shutdown(c->a, SHUT_RDWR);
    shutdown(c->b, SHUT_RDWR);
    return NULL;
}

static int unix_connect(const char *path)
{
    struct sockaddr_un sa = { .sun_family = AF_UNIX };
    int fd = socket(AF_UNIX, SOCK_STREAM, 0);

    g_strlcpy(sa.sun_path, path, sizeof(sa.sun_path));
    if (connect(fd, (struct sockaddr *)&sa, sizeof(sa)) < 0) {
        close(fd);
        return -1;
    }
    return fd;
}

static gpointer relay_thread(gpointer opaque)
{
    Relay *r = opaque;

    for (int n = 0; n < r->max_accepts; n++) {
        RelayConn *c;
        int fd = accept(r->lfd, NULL, NULL);

        if (fd < 0) {
            break;
        }
        c = g_new0(RelayConn, 1);
        c->a = fd;
        c->b = unix_connect(r->target);
        g_assert(c->b >= 0);
        c->kill_after = n == r->kill_conn ? r->kill_after : 0;
        c->thread = g_thread_new("relay-conn", relay_conn_thread, c);
        g_ptr_array_add(r->conns, c);
        if (n + 1 == r->max_accepts) {
            /* Later connects are refused: the listener is gone. */
            close(r->lfd);
            r->lfd = -1;
        }
    }
    return NULL;
}

static Relay *relay_new(const char *target, int max_accepts, int kill_conn,
                        size_t kill_after)
{
    Relay *r = g_new0(Relay, 1);
    struct sockaddr_un sa = { .sun_family = AF_UNIX };

    r->path = tmp_path("relay.sock");
    r->target = g_strdup(target);
    r->max_accepts = max_accepts;
    r->kill_conn = kill_conn;
    r->kill_after = kill_after;
    r->conns = g_ptr_array_new();
    r->lfd = socket(AF_UNIX, SOCK_STREAM, 0);
    g_strlcpy(sa.sun_path, r->path, sizeof(sa.sun_path));
    g_assert(bind(r->lfd, (struct sockaddr *)&sa, sizeof(sa)) == 0);
    g_assert(listen(r->lfd, 0) == 0);
    r->thread = g_thread_new("relay", relay_thread, r);
    return r;
}

static void relay_free(Relay *r)
{
    if (r->lfd >= 0) {
        shutdown(r->lfd, SHUT_RDWR);
    }
    g_thread_join(r->thread);
    if (r->lfd >= 0) {
        close(r->lfd);
    }
    for (guint i = 0; i < r->conns->len; i++) {
        RelayConn *c = g_ptr_array_index(r->conns, i);

        shutdown(c->a, SHUT_RDWR);
        shutdown(c->b, SHUT_RDWR);
        g_thread_join(c->thread);
        close(c->a);
        close(c->b);
        g_free(c);
    }
    g_ptr_array_free(r->conns, true);
    unlink(r->path);
    g_free(r->path);
    g_free(r->target);
    g_free(r);
}

/* Wait for 'failed' on @s; returns its error-desc (never empty). */
static char *wait_failed(QTestState *s)
{
    for (;;) {
        g_autoptr(QDict) info = mig_query(s);
        const char *st = qdict_get_try_str(info, "status");

        if (st && !strcmp(st, "failed")) {
            const char *desc = qdict_get_try_str(info, "error-desc");

            g_assert(desc && *desc);
            return g_strdup(desc);
        }
        g_assert(!st || strcmp(st, "completed"));
        g_usleep(5000);
    }
}

/* A second migration from @src to a fresh destination completes. */
static void second_migration_ok(QTestState *src, const char *comp)
{
    g_autofree char *path = tmp_path("again.sock");
    g_autofree char *uri = g_strdup_printf("unix:%s", path);
    QTestState *dst = mig_start_dst(RAM_MB, NULL);

    setup_multifd(dst, 2, comp, NULL);
    mig_set_param_int(src, "multifd-channels", 2);
    mig_set_param_int(src, "max-bandwidth", 1ll << 40);
    qtest_memset(src, 0x100000, 0x77, 0x10000);
    mig_incoming(dst, uri);
    mig_migrate(src, uri);
    qobject_unref(finish_ok(src, dst));
    qtest_quit(dst);
}

/* Multifd channel 0 is refused: failed, source running, retry works. */
static void test_connect_failure(void)
{
    g_autofree char *path = tmp_path("cf.sock");
    g_autofree char *uri = g_strdup_printf("unix:%s", path);
    QTestState *src = mig_start(RAM_MB, NULL);
    QTestState *dst = mig_start_dst(RAM_MB, NULL);
    g_autofree char *desc = NULL, *ruri = NULL;
    Relay *r;

    setup_multifd(src, 2, "none", NULL);
    setup_multifd(dst, 2, "none", NULL);
    mig_fill_ram(src, 21, RANDOM_END, REPEAT_END);
    mig_incoming(dst, uri);
    r = relay_new(path, 1, -1, 0);
    ruri = g_strdup_printf("unix:%s", r->path);
    mig_migrate(src, ruri);
    desc = wait_failed(src);
    g_test_message("source error: %s", desc);
    mig_assert_runstate(src, "running");
    relay_free(r);
    qtest_quit(dst);
    second_migration_ok(src, "none");
    qtest_quit(src);
}

/* Channel 1 cut mid-migration: both sides fail, source running. */
static void test_channel_killed(void)
{
    g_autofree char *path = tmp_path("kill.sock");
    g_autofree char *uri = g_strdup_printf("unix:%s", path);
    QTestState *src = mig_start(RAM_MB, NULL);
    QTestState *dst = mig_start_dst(RAM_MB, NULL);
    g_autofree char *sdesc = NULL, *ddesc = NULL, *ruri = NULL;
    Relay *r;

    setup_multifd(src, 2, "none", "none");
    setup_multifd(dst, 2, "none", "none");
    mig_set_param_int(src, "max-bandwidth", 8 << 20);
    mig_fill_ram(src, 22, RANDOM_END, REPEAT_END);
    mig_incoming(dst, uri);
    /* Connections: main, then the two channels; cut the second. */
    r = relay_new(path, 3, 2, 1 << 20);
    ruri = g_strdup_printf("unix:%s", r->path);
    mig_migrate(src, ruri);
    sdesc = wait_failed(src);
    ddesc = wait_failed(dst);
    g_test_message("source: %s; destination: %s", sdesc, ddesc);
    mig_assert_runstate(src, "running");
    mig_assert_runstate(dst, "inmigrate");
    relay_free(r);
    qtest_quit(dst);
    second_migration_ok(src, "none");
    qtest_quit(src);
}

/* Cancel an active multifd migration, then migrate again. */
static void test_cancel(void)
{
    g_autofree char *path = tmp_path("cancel.sock");
    g_autofree char *uri = g_strdup_printf("unix:%s", path);
    QTestState *src = mig_start(RAM_MB, NULL);
    QTestState *dst = mig_start_dst(RAM_MB, NULL);

    setup_multifd(src, 4, "zlib", NULL);
    setup_multifd(dst, 4, "zlib", NULL);
    mig_set_param_int(src, "max-bandwidth", 1 << 20);
    mig_fill_ram(src, 23, RANDOM_END, REPEAT_END);
    mig_incoming(dst, uri);
    mig_migrate(src, uri);
    qobject_unref(mig_wait_status(src, "active"));
    qtest_qmp_assert_success(src, "{'execute': 'migrate_cancel'}");
    qobject_unref(mig_wait_status(src, "cancelled"));
    mig_assert_runstate(src, "running");
    g_free(wait_failed(dst));
    qtest_quit(dst);
    second_migration_ok(src, "zlib");
    qtest_quit(src);
}

/*
 * Mismatched settings: the destination fails with a message naming the
 * mismatch (@want), the source fails too and keeps running.
 */
static void run_mismatch(const char *src_args, const char *dst_args,
                         int src_ch, int dst_ch, const char *src_comp,
                         const char *dst_comp, const char *want)
{
    g_autofree char *path = tmp_path("mismatch.sock");
    g_autofree char *uri = g_strdup_printf("unix:%s", path);
    QTestState *src = mig_start(RAM_MB, src_args);
    QTestState *dst = mig_start_dst(RAM_MB, dst_args);
    g_autofree char *sdesc = NULL, *ddesc = NULL;

    setup_multifd(src, src_ch, src_comp, NULL);
    setup_multifd(dst, dst_ch, dst_comp, NULL);
    mig_fill_ram(src, 24, RANDOM_END, REPEAT_END);
    mig_incoming(dst, uri);
    mig_migrate(src, uri);
    ddesc = wait_failed(dst);
    sdesc = wait_failed(src);
    g_test_message("destination: %s; source: %s", ddesc, sdesc);
    g_assert(strstr(ddesc, want));
    mig_assert_runstate(src, "running");
    qtest_quit(src);
    qtest_quit(dst);
}

static void test_mismatch_channels(void)
{
    /* Ids 2 and 3 race: whichever comes first is refused. */
    run_mismatch(NULL, NULL, 4, 2, "none", "none",
                 " is greater than number of channels 2");
}

static void test_mismatch_compression(void)
{
    run_mismatch(NULL, NULL, 2, 2, "zlib", "none", "flags expected 0");
}

static void test_mismatch_uuid(void)
{
    run_mismatch("-uuid 11111111-2222-3333-4444-555555555555",
                 "-uuid 11111111-2222-3333-4444-666666666666", 2, 2, "none",
                 "none", "multifd: received uuid "
                 "'11111111-2222-3333-4444-555555555555' and expected uuid "
                 "'11111111-2222-3333-4444-666666666666'");
}

/* multifd needs a transport with several connections. */
static void test_bad_transport(void)
{
    QTestState *src = mig_start(RAM_MB, NULL);
    g_autofree char *path = tmp_path("x.mig");
    g_autofree char *uri = g_strdup_printf("file:%s", path);

    mig_set_cap(src, "multifd", true);
    g_free(qtest_qmp_expect_error(src, "GenericError",
                                  "Migration requires multi-channel URIs "
                                  "(e.g. tcp)",
                                  "{'execute': 'migrate',"
                                  " 'arguments': {'uri': %s}}", uri));
    mig_assert_runstate(src, "running");
    qtest_quit(src);
}

/* Machine compat: zero-page-detection legacy up to pc-q35-8.2. */
static void check_zero_default(const char *machine, const char *want)
{
    g_autofree char *args = g_strdup_printf("-M %s", machine);
    QTestState *s = qtest_init(args);
    QDict *rsp = qtest_qmp(s, "{'execute': 'query-migrate-parameters'}");

    g_assert_cmpstr(qdict_get_try_str(qdict_get_qdict(rsp, "return"),
                                      "zero-page-detection"), ==, want);
    qobject_unref(rsp);
    qtest_quit(s);
}

static void test_compat_zero_page(void)
{
    check_zero_default("pc-q35-8.2", "legacy");
    check_zero_default("pc-q35-9.0", "multifd");
}

static const MultifdCase channel_cases[] = {
    { "none", NULL, 1 }, { "none", NULL, 8 }, { "zstd", NULL, 16 },
    { "none", NULL, 64 },
};

int main(int argc, char **argv)
{
    static const char *comps[] = { "none", "zlib", "zstd" };
    static const char *zeros[] = { "none", "legacy", "multifd" };
    static MultifdCase plain[9];
    static const MultifdCase unix_case = { "none", NULL, 2, true };
    int ret;

    g_test_init(&argc, &argv, NULL);
    tmpdir = g_dir_make_tmp("mig-multifd-XXXXXX", NULL);
    g_assert(tmpdir);
    for (int i = 0; i < 3; i++) {
        for (int j = 0; j < 3; j++) {
            MultifdCase *c = &plain[i * 3 + j];
            g_autofree char *name = NULL;

            c->comp = comps[i];
            c->zero = zeros[j];
            c->channels = 2;
            name = g_strdup_printf("/migration/multifd/tcp/plain/%s/%s",
                                   comps[i], zeros[j]);
            g_test_add_data_func(name, c, test_multifd);
        }
    }
    for (size_t i = 0; i < G_N_ELEMENTS(channel_cases); i++) {
        g_autofree char *name = g_strdup_printf(
            "/migration/multifd/tcp/channels/%d", channel_cases[i].channels);

        g_test_add_data_func(name, &channel_cases[i], test_multifd);
    }
    g_test_add_data_func("/migration/multifd/unix/plain", &unix_case,
                         test_multifd);
    g_test_add_func("/migration/multifd/unix/flush-after-each-section",
                    test_flush_each_section);
    g_test_add_func("/migration/multifd/unix/cancel", test_cancel);
    g_test_add_func("/migration/multifd/failure/connect",
                    test_connect_failure);
    g_test_add_func("/migration/multifd/failure/channel-killed",
                    test_channel_killed);
    g_test_add_func("/migration/multifd/failure/mismatch/channels",
                    test_mismatch_channels);
    g_test_add_func("/migration/multifd/failure/mismatch/compression",
                    test_mismatch_compression);
    g_test_add_func("/migration/multifd/failure/mismatch/uuid",
                    test_mismatch_uuid);
    g_test_add_func("/migration/multifd/errors/transport",
                    test_bad_transport);
    g_test_add_func("/migration/multifd/compat/zero-page-detection",
                    test_compat_zero_page);
    ret = g_test_run();
    mig_remove_tmpdir(tmpdir);
    return ret;
}
