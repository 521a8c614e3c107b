/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Precopy migration between two of our processes with accel qtest and
 * -M none: guest RAM is written on the source and compared on the
 * destination through the qtest protocol, over every transport (unix,
 * tcp, fd, exec, file), the channels form, -incoming on the command
 * line, zero-page detection, return path, pause-before-switchover,
 * cancel and a second migration, and the failures (bad destination,
 * destination or source killed mid-stream).  Every failure case checks
 * that the source VM is running again.
 */
#include "qemu/osdep.h"
#include "libqtest.h"
#include <sys/socket.h>
#include "qobject/qlist.h"

#define RAM_MB 64
#define RAM_SIZE ((uint64_t)RAM_MB << 20)
#define PAGE 4096
/* Pattern: random pages, pages of one repeated byte, the rest zero. */
#define RANDOM_END (8u << 20)
#define REPEAT_END (16u << 20)
#define CHUNK (4u << 20)

static char *tmpdir;

static QTestState *start_vm(const char *extra)
{
    g_autofree char *args = g_strdup_printf("-M none -m %dM %s", RAM_MB,
                                            extra ? extra : "");

    return qtest_init(args);
}

static QTestState *start_dst(const char *extra)
{
    g_autofree char *args = g_strdup_printf("-incoming defer %s",
                                            extra ? extra : "");

    return start_vm(args);
}

/* Random pages (seeded), then pages of 0x5a, then zero pages. */
static void fill_ram(QTestState *s, uint32_t seed)
{
    g_autofree uint8_t *buf = g_malloc(CHUNK);
    GRand *rand = g_rand_new_with_seed(seed);

    for (uint64_t a = 0; a < RANDOM_END; a += CHUNK) {
        for (size_t i = 0; i < CHUNK; i += 4) {
            uint32_t v = g_rand_int(rand);

            memcpy(buf + i, &v, 4);
        }
        qtest_bufwrite(s, a, buf, CHUNK);
    }
    qtest_memset(s, RANDOM_END, 0x5a, REPEAT_END - RANDOM_END);
    g_rand_free(rand);
}

static void assert_same_ram(QTestState *src, QTestState *dst)
{
    g_autofree uint8_t *a = g_malloc(CHUNK);
    g_autofree uint8_t *b = g_malloc(CHUNK);

    for (uint64_t addr = 0; addr < RAM_SIZE; addr += CHUNK) {
        qtest_bufread(src, addr, a, CHUNK);
        qtest_bufread(dst, addr, b, CHUNK);
        if (memcmp(a, b, CHUNK)) {
            for (size_t i = 0; i < CHUNK; i++) {
                if (a[i] != b[i]) {
                    g_error("RAM differs at 0x%" PRIx64 ": %02x != %02x",
                            addr + i, a[i], b[i]);
                }
            }
        }
    }
}

static QDict *query_migrate(QTestState *s)
{
    QDict *rsp = qtest_qmp(s, "{'execute': 'query-migrate'}");
    QDict *ret;

    g_assert(qdict_haskey(rsp, "return"));
    ret = qdict_get_qdict(rsp, "return");
    qobject_ref(ret);
    qobject_unref(rsp);
    return ret;
}

static char *migrate_status(QTestState *s)
{
    g_autoptr(QDict) info = query_migrate(s);
    const char *st = qdict_get_try_str(info, "status");

    return g_strdup(st ? st : "none");
}

/*
 * Poll query-migrate until the status is @want; any other final status
 * fails the test (with the error-desc).  Returns the last reply.
 */
static QDict *wait_status(QTestState *s, const char *want)
{
    for (;;) {
        QDict *info = query_migrate(s);
        const char *st = qdict_get_try_str(info, "status");

        if (st && !strcmp(st, want)) {
            return info;
        }
        if (st && (!strcmp(st, "failed") || !strcmp(st, "cancelled") ||
                   !strcmp(st, "completed"))) {
            g_error("migration ended '%s' while waiting for '%s': %s", st,
                    want, qdict_get_try_str(info, "error-desc") ?: "");
        }
        qobject_unref(info);
        g_usleep(5000);
    }
}

static char *runstate(QTestState *s)
{
    QDict *rsp = qtest_qmp(s, "{'execute': 'query-status'}");
    char *st = g_strdup(qdict_get_try_str(qdict_get_qdict(rsp, "return"),
                                          "status"));

    qobject_unref(rsp);
    return st;
}

static void assert_runstate(QTestState *s, const char *want)
{
    g_autofree char *st = runstate(s);

    g_assert_cmpstr(st, ==, want);
}

static void set_cap(QTestState *s, const char *cap, bool on)
{
    qtest_qmp_assert_success(s, "{'execute': 'migrate-set-capabilities',"
                             " 'arguments': {'capabilities': [{"
                             "'capability': %s, 'state': %i}]}}", cap, on);
}

static void set_param_int(QTestState *s, const char *name, int64_t v)
{
    qtest_qmp_assert_success(s, "{'execute': 'migrate-set-parameters',"
                             " 'arguments': {%s: %" PRId64 "}}", name, v);
}

static void set_param_str(QTestState *s, const char *name, const char *v)
{
    qtest_qmp_assert_success(s, "{'execute': 'migrate-set-parameters',"
                             " 'arguments': {%s: %s}}", name, v);
}

static void incoming(QTestState *dst, const char *uri)
{
    qtest_qmp_assert_success(dst, "{'execute': 'migrate-incoming',"
                             " 'arguments': {'uri': %s}}", uri);
}

static void migrate(QTestState *src, const char *uri)
{
    qtest_qmp_assert_success(src, "{'execute': 'migrate',"
                             " 'arguments': {'uri': %s}}", uri);
}

/* The tcp URI the destination listens on (its resolved port). */
static char *dst_tcp_uri(QTestState *dst)
{
    g_autoptr(QDict) info = query_migrate(dst);
    QList *addrs = qdict_get_qlist(info, "socket-address");
    QDict *a;

    g_assert(addrs);
    a = qobject_to(QDict, qlist_peek(addrs));
    return g_strdup_printf("tcp:%s:%s", qdict_get_try_str(a, "host"),
                           qdict_get_try_str(a, "port"));
}

/* Both sides end well, RAM equal, run states as QEMU's. */
static void finish_ok(QTestState *src, QTestState *dst)
{
    QDict *info = wait_status(src, "completed");
    QDict *ram = qdict_get_qdict(info, "ram");

    g_assert(ram);
    g_assert_cmpint(qdict_get_int(ram, "remaining"), ==, 0);
    g_assert_cmpint(qdict_get_int(ram, "total"), ==, RAM_SIZE);
    g_assert(qdict_haskey(info, "downtime"));
    g_assert(qdict_haskey(info, "total-time"));
    g_assert(qdict_haskey(info, "setup-time"));
    qobject_unref(info);
    qobject_unref(wait_status(dst, "completed"));
    assert_runstate(src, "postmigrate");
    assert_runstate(dst, "running");
    assert_same_ram(src, dst);
}

static char *tmp_file(const char *name)
{
    return g_strdup_printf("%s/%s", tmpdir, name);
}

static void test_unix_plain(void)
{
    g_autofree char *path = tmp_file("unix.sock");
    g_autofree char *uri = g_strdup_printf("unix:%s", path);
    QTestState *src = start_vm(NULL), *dst = start_dst(NULL);
    const char *expect[] = { "setup", "active", "device", "completed" };

    set_cap(src, "events", true);
    set_cap(dst, "events", true);
    fill_ram(src, 1);
    incoming(dst, uri);
    migrate(src, uri);
    finish_ok(src, dst);
    /* The source's MIGRATION events, in order (events capability). */
    for (size_t i = 0; i < G_N_ELEMENTS(expect); i++) {
        QDict *ev = qtest_qmp_eventwait_ref(src, "MIGRATION");

        g_assert_cmpstr(qdict_get_try_str(qdict_get_qdict(ev, "data"),
                                          "status"), ==, expect[i]);
        qobject_unref(ev);
    }
    qtest_quit(src);
    qtest_quit(dst);
}

static void test_tcp_plain(void)
{
    QTestState *src = start_vm(NULL), *dst = start_dst(NULL);
    g_autofree char *uri = NULL;

    fill_ram(src, 2);
    incoming(dst, "tcp:127.0.0.1:0");
    uri = dst_tcp_uri(dst);
    migrate(src, uri);
    finish_ok(src, dst);
    qtest_quit(src);
    qtest_quit(dst);
}

static void test_fd_plain(void)
{
    int sv[2];
    g_autofree char *src_uri = NULL, *dst_uri = NULL;
    QTestState *src, *dst;

    /* Inherited by both children (no close-on-exec): fd:NUMBER. */
    g_assert(socketpair(AF_UNIX, SOCK_STREAM, 0, sv) == 0);
    src = start_vm(NULL);
    dst = start_dst(NULL);
    close(sv[0]);
    close(sv[1]);
    src_uri = g_strdup_printf("fd:%d", sv[0]);
    dst_uri = g_strdup_printf("fd:%d", sv[1]);
    fill_ram(src, 3);
    incoming(dst, dst_uri);
    migrate(src, src_uri);
    finish_ok(src, dst);
    qtest_quit(src);
    qtest_quit(dst);
}

static void test_exec_plain(void)
{
    g_autofree char *path = tmp_file("exec.mig");
    g_autofree char *out = g_strdup_printf("exec:cat > %s", path);
    g_autofree char *in = g_strdup_printf("exec:cat %s", path);
    QTestState *src = start_vm(NULL), *dst;

    fill_ram(src, 4);
    migrate(src, out);
    qobject_unref(wait_status(src, "completed"));
    dst = start_dst(NULL);
    incoming(dst, in);
    qobject_unref(wait_status(dst, "completed"));
    assert_runstate(dst, "running");
    assert_same_ram(src, dst);
    qtest_quit(src);
    qtest_quit(dst);
}

static void test_file_plain(void)
{
    g_autofree char *path = tmp_file("file.mig");
    g_autofree char *uri = g_strdup_printf("file:%s,offset=0x1000", path);
    QTestState *src = start_vm(NULL), *dst;

    fill_ram(src, 5);
    migrate(src, uri);
    qobject_unref(wait_status(src, "completed"));
    assert_runstate(src, "postmigrate");
    dst = start_dst(NULL);
    incoming(dst, uri);
    qobject_unref(wait_status(dst, "completed"));
    assert_same_ram(src, dst);
    qtest_quit(src);
    qtest_quit(dst);
}

/* The channels form of both commands. */
static void test_unix_channels(void)
{
    g_autofree char *path = tmp_file("chan.sock");
    QTestState *src = start_vm(NULL), *dst = start_dst(NULL);

    fill_ram(src, 6);
    qtest_qmp_assert_success(dst, "{'execute': 'migrate-incoming',"
        " 'arguments': {'channels': [{'channel-type': 'main',"
        " 'addr': {'transport': 'socket', 'type': 'unix', 'path': %s}}]}}",
        path);
    qtest_qmp_assert_success(src, "{'execute': 'migrate',"
        " 'arguments': {'channels': [{'channel-type': 'main',"
        " 'addr': {'transport': 'socket', 'type': 'unix', 'path': %s}}]}}",
        path);
    finish_ok(src, dst);
    qtest_quit(src);
    qtest_quit(dst);
}

/* -incoming URI on the command line instead of defer. */
static void test_incoming_cmdline(void)
{
    g_autofree char *path = tmp_file("cmdline.sock");
    g_autofree char *args = g_strdup_printf("-incoming unix:%s", path);
    g_autofree char *uri = g_strdup_printf("unix:%s", path);
    QTestState *src = start_vm(NULL), *dst = start_vm(args);

    assert_runstate(dst, "inmigrate");
    fill_ram(src, 7);
    migrate(src, uri);
    finish_ok(src, dst);
    qtest_quit(src);
    qtest_quit(dst);
}

/* Return path: OPEN_RETURN_PATH, PING/PONG, and SHUT before success. */
static void test_return_path(void)
{
    g_autofree char *path = tmp_file("rp.sock");
    g_autofree char *uri = g_strdup_printf("unix:%s", path);
    QTestState *src = start_vm(NULL), *dst = start_dst(NULL);

    set_cap(src, "return-path", true);
    set_cap(dst, "return-path", true);
    fill_ram(src, 8);
    incoming(dst, uri);
    migrate(src, uri);
    finish_ok(src, dst);
    qtest_quit(src);
    qtest_quit(dst);
}

/*
 * zero-page-detection: legacy sends zero pages as ZERO records
 * (duplicate), none sends every page in full (normal).
 */
static void run_zero_page(const char *mode, bool legacy)
{
    g_autofree char *name = g_strdup_printf("zp-%s.sock", mode);
    g_autofree char *path = tmp_file(name);
    g_autofree char *uri = g_strdup_printf("unix:%s", path);
    QTestState *src = start_vm(NULL), *dst = start_dst(NULL);
    QDict *info, *ram;
    int64_t pages = RAM_SIZE / PAGE, nonzero = REPEAT_END / PAGE;

    set_param_str(src, "zero-page-detection", mode);
    set_param_str(dst, "zero-page-detection", mode);
    fill_ram(src, 9);
    incoming(dst, uri);
    migrate(src, uri);
    info = wait_status(src, "completed");
    ram = qdict_get_qdict(info, "ram");
    if (legacy) {
        g_assert_cmpint(qdict_get_int(ram, "normal"), ==, nonzero);
        g_assert_cmpint(qdict_get_int(ram, "duplicate"), ==,
                        pages - nonzero);
    } else {
        g_assert_cmpint(qdict_get_int(ram, "normal"), ==, pages);
        g_assert_cmpint(qdict_get_int(ram, "duplicate"), ==, 0);
    }
    g_assert_cmpint(qdict_get_int(ram, "normal-bytes"), ==,
                    qdict_get_int(ram, "normal") * PAGE);
    qobject_unref(info);
    qobject_unref(wait_status(dst, "completed"));
    assert_same_ram(src, dst);
    qtest_quit(src);
    qtest_quit(dst);
}

static void test_zero_page_legacy(void)
{
    run_zero_page("legacy", true);
}

static void test_zero_page_none(void)
{
    run_zero_page("none", false);
}

/* pause-before-switchover: STOP, pre-switchover, migrate-continue. */
static void test_pause_before_switchover(void)
{
    g_autofree char *path = tmp_file("pause.sock");
    g_autofree char *uri = g_strdup_printf("unix:%s", path);
    QTestState *src = start_vm(NULL), *dst = start_dst(NULL);

    set_cap(src, "pause-before-switchover", true);
    fill_ram(src, 10);
    incoming(dst, uri);
    migrate(src, uri);
    qobject_unref(wait_status(src, "pre-switchover"));
    assert_runstate(src, "finish-migrate");
    qtest_qmp_expect_error(src, "GenericError",
                           "Migration not in expected state: "
                           "pre-switchover",
                           "{'execute': 'migrate-continue',"
                           " 'arguments': {'state': 'active'}}");
    qtest_qmp_assert_success(src, "{'execute': 'migrate-continue',"
                             " 'arguments': {'state': 'pre-switchover'}}");
    finish_ok(src, dst);
    qtest_quit(src);
    qtest_quit(dst);
}

/* A slow migration to cancel: 1 MiB/s for 16 MiB of data. */
static void slow_down(QTestState *src)
{
    set_param_int(src, "max-bandwidth", 1 << 20);
}

static void second_migration_ok(QTestState *src, const char *name)
{
    g_autofree char *path = tmp_file(name);
    g_autofree char *uri = g_strdup_printf("unix:%s", path);
    QTestState *dst = start_dst(NULL);

    set_param_int(src, "max-bandwidth", 128 << 20);
    set_cap(src, "pause-before-switchover", false);
    /* Dirty some RAM after the first attempt. */
    qtest_memset(src, 0x100000, 0x77, 0x10000);
    incoming(dst, uri);
    migrate(src, uri);
    finish_ok(src, dst);
    qtest_quit(dst);
}

static void run_cancel(const char *at, bool pause)
{
    g_autofree char *name = g_strdup_printf("cancel-%s.sock", at);
    g_autofree char *path = tmp_file(name);
    g_autofree char *uri = g_strdup_printf("unix:%s", path);
    g_autofree char *name2 = g_strdup_printf("cancel2-%s.sock", at);
    QTestState *src = start_vm(NULL), *dst = start_dst(NULL);
    QDict *info;

    set_cap(src, "events", true);
    if (pause) {
        set_cap(src, "pause-before-switchover", true);
    } else {
        slow_down(src);
    }
    fill_ram(src, 11);
    qtest_qmp_assert_success(dst, "{'execute': 'migrate-incoming',"
                             " 'arguments': {'uri': %s,"
                             " 'exit-on-error': false}}", uri);
    migrate(src, uri);
    qobject_unref(wait_status(src, at));
    qtest_qmp_assert_success(src, "{'execute': 'migrate_cancel'}");
    info = wait_status(src, "cancelled");
    qobject_unref(info);
    assert_runstate(src, "running");
    if (pause) {
        /* The VM was stopped for switchover: RESUME on the way back. */
        qobject_unref(qtest_qmp_eventwait_ref(src, "RESUME"));
    }
    /* The destination saw the stream end early and stays up. */
    qobject_unref(wait_status(dst, "failed"));
    assert_runstate(dst, "inmigrate");
    qtest_quit(dst);
    second_migration_ok(src, name2);
    qtest_quit(src);
}

static void test_cancel_active(void)
{
    run_cancel("active", false);
}

static void test_cancel_pre_switchover(void)
{
    run_cancel("pre-switchover", true);
}

/* Nothing listens: failed with the connect error, source running. */
static void test_bad_dest(void)
{
    QTestState *src = start_vm(NULL);
    g_autofree char *path = tmp_file("nobody.sock");
    g_autofree char *uri = g_strdup_printf("unix:%s", path);
    g_autofree char *want = g_strdup_printf("Failed to connect to '%s': "
                                            "No such file or directory",
                                            path);
    QDict *info;

    migrate(src, uri);
    for (;;) {
        g_autofree char *st = migrate_status(src);

        if (!strcmp(st, "failed")) {
            break;
        }
        g_assert_cmpstr(st, ==, "setup");
        g_usleep(2000);
    }
    info = query_migrate(src);
    g_assert_cmpstr(qdict_get_try_str(info, "error-desc"), ==, want);
    qobject_unref(info);
    assert_runstate(src, "running");
    qtest_quit(src);
}

static void test_errors(void)
{
    QTestState *src = start_vm(NULL);

    qtest_qmp_expect_error(src, "GenericError",
                           "unknown migration protocol: foo:bar",
                           "{'execute': 'migrate',"
                           " 'arguments': {'uri': 'foo:bar'}}");
    qtest_qmp_expect_error(src, "GenericError",
                           "need either 'uri' or 'channels' argument",
                           "{'execute': 'migrate'}");
    qtest_qmp_expect_error(src, "GenericError",
                           "'-incoming' was not specified on the command "
                           "line",
                           "{'execute': 'migrate-incoming',"
                           " 'arguments': {'uri': 'unix:/tmp/x'}}");
    qtest_qmp_expect_error(src, "GenericError",
                           "Migration not in expected state: none",
                           "{'execute': 'migrate-continue',"
                           " 'arguments': {'state': 'pre-switchover'}}");
    qtest_qmp_assert_success(src, "{'execute': 'migrate_cancel'}");
    qtest_quit(src);
}

/*
 * Reap a process we killed with SIGKILL.  qtest_quit() treats any
 * signal but SIGTERM as a crash, so the (small) state is not freed.
 */
static void killed_quit(QTestState *s)
{
    int status = qtest_wait_qemu(s);

    g_assert(WIFSIGNALED(status) && WTERMSIG(status) == SIGKILL);
}

/* Destination dies mid-stream: failed, source running. */
static void test_dest_killed(void)
{
    g_autofree char *path = tmp_file("dkill.sock");
    g_autofree char *uri = g_strdup_printf("unix:%s", path);
    QTestState *src = start_vm(NULL), *dst = start_dst(NULL);
    g_autoptr(QDict) info = NULL;

    slow_down(src);
    fill_ram(src, 12);
    incoming(dst, uri);
    migrate(src, uri);
    qobject_unref(wait_status(src, "active"));
    qtest_kill(dst, SIGKILL);
    for (;;) {
        g_autofree char *st = migrate_status(src);

        if (!strcmp(st, "failed")) {
            break;
        }
        g_usleep(5000);
    }
    info = query_migrate(src);
    g_assert(qdict_get_try_str(info, "error-desc"));
    assert_runstate(src, "running");
    killed_quit(dst);
    second_migration_ok(src, "dkill2.sock");
    qtest_quit(src);
}

/* Source dies mid-stream: the destination exits with status 1. */
static void test_src_killed(void)
{
    g_autofree char *path = tmp_file("skill.sock");
    g_autofree char *uri = g_strdup_printf("unix:%s", path);
    QTestState *src = start_vm(NULL), *dst = start_dst(NULL);
    int status;

    slow_down(src);
    fill_ram(src, 13);
    incoming(dst, uri);
    migrate(src, uri);
    qobject_unref(wait_status(dst, "active"));
    qtest_kill(src, SIGKILL);
    status = qtest_wait_qemu(dst);
    g_assert(WIFEXITED(status));
    g_assert_cmpint(WEXITSTATUS(status), ==, 1);
    killed_quit(src);
    qtest_quit(dst);
}

/* HMP: migrate, info migrate (10.2 layout), migrate_incoming. */
static void test_hmp(void)
{
    g_autofree char *path = tmp_file("hmp.sock");
    QTestState *src = start_vm(NULL), *dst = start_dst(NULL);
    g_autofree char *out = NULL;

    fill_ram(src, 14);
    out = qtest_hmp(dst, "migrate_incoming unix:%s", path);
    if (g_str_has_prefix(out, "unknown command")) {
        /* monitor/hmp-commands.c does not list them yet. */
        g_test_skip("HMP migrate commands are not registered");
        qtest_quit(src);
        qtest_quit(dst);
        return;
    }
    g_assert_cmpstr(out, ==, "");
    g_free(out);
    out = qtest_hmp(src, "migrate -d unix:%s", path);
    g_assert_cmpstr(out, ==, "");
    qobject_unref(wait_status(src, "completed"));
    qobject_unref(wait_status(dst, "completed"));
    g_free(out);
    out = qtest_hmp(src, "info migrate");
    g_assert(g_str_has_prefix(out, "Status: \t\tcompleted\r\n"
                                   "Time (ms): \t\ttotal="));
    g_assert(strstr(out, "RAM info:\r\n  Throughput (Mbps): \t"));
    g_assert(strstr(out, "  Sizes: \t\tpagesize=4 KiB, total=64 MiB\r\n"));
    g_assert(strstr(out, "    Page Types: \tnormal="));
    g_free(out);
    out = qtest_hmp(dst, "info migrate");
    g_assert_cmpstr(out, ==, "Status: \t\tcompleted\r\n");
    g_free(out);
    out = qtest_hmp(src, "migrate_cancel");
    g_assert_cmpstr(out, ==, "");
    assert_same_ram(src, dst);
    qtest_quit(src);
    qtest_quit(dst);
}

int main(int argc, char **argv)
{
    int ret;

    g_test_init(&argc, &argv, NULL);
    tmpdir = g_dir_make_tmp("migration-test-XXXXXX", NULL);
    g_assert(tmpdir);
    g_test_add_func("/migration/precopy/unix/plain", test_unix_plain);
    g_test_add_func("/migration/precopy/tcp/plain", test_tcp_plain);
    g_test_add_func("/migration/precopy/fd/plain", test_fd_plain);
    g_test_add_func("/migration/precopy/exec/plain", test_exec_plain);
    g_test_add_func("/migration/precopy/file/offset", test_file_plain);
    g_test_add_func("/migration/precopy/unix/channels", test_unix_channels);
    g_test_add_func("/migration/precopy/unix/incoming-cmdline",
                   test_incoming_cmdline);
    g_test_add_func("/migration/precopy/unix/return-path", test_return_path);
    g_test_add_func("/migration/precopy/unix/zero-page/legacy",
                   test_zero_page_legacy);
    g_test_add_func("/migration/precopy/unix/zero-page/none",
                   test_zero_page_none);
    g_test_add_func("/migration/precopy/unix/pause-before-switchover",
                   test_pause_before_switchover);
    g_test_add_func("/migration/cancel/src/active", test_cancel_active);
    g_test_add_func("/migration/cancel/src/pre-switchover",
                   test_cancel_pre_switchover);
    g_test_add_func("/migration/failure/bad-dest", test_bad_dest);
    g_test_add_func("/migration/failure/dest-killed", test_dest_killed);
    g_test_add_func("/migration/failure/src-killed", test_src_killed);
    g_test_add_func("/migration/errors", test_errors);
    g_test_add_func("/migration/hmp", test_hmp);
    ret = g_test_run();
    {
        g_autoptr(GDir) d = g_dir_open(tmpdir, 0, NULL);
        const char *n;

        while (d && (n = g_dir_read_name(d))) {
            g_autofree char *p = g_build_filename(tmpdir, n, NULL);

            unlink(p);
        }
        rmdir(tmpdir);
    }
    return ret;
}
