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
#include "migration-helpers.h"
#include <sys/socket.h>

#define RAM_MB 64
#define RAM_SIZE ((uint64_t)RAM_MB << 20)
/* Pattern: random pages, pages of one repeated byte, the rest zero. */
#define RANDOM_END (8u << 20)
#define REPEAT_END (16u << 20)

static char *tmpdir;

/* Both sides end well, RAM equal, run states as QEMU's. */
static void finish_ok(QTestState *src, QTestState *dst)
{
    QDict *info = mig_wait_status(src, "completed");
    QDict *ram = qdict_get_qdict(info, "ram");

    g_assert(ram);
    g_assert_cmpint(qdict_get_int(ram, "remaining"), ==, 0);
    g_assert_cmpint(qdict_get_int(ram, "total"), ==, RAM_SIZE);
    g_assert(qdict_haskey(info, "downtime"));
    g_assert(qdict_haskey(info, "total-time"));
    g_assert(qdict_haskey(info, "setup-time"));
    qobject_unref(info);
    qobject_unref(mig_wait_status(dst, "completed"));
    mig_assert_runstate(src, "postmigrate");
    mig_assert_runstate(dst, "running");
    mig_assert_same_ram(src, dst, RAM_SIZE);
}

static char *tmp_file(const char *name)
{
    return g_strdup_printf("%s/%s", tmpdir, name);
}

static void test_unix_plain(void)
{
    g_autofree char *path = tmp_file("unix.sock");
    g_autofree char *uri = g_strdup_printf("unix:%s", path);
    QTestState *src = mig_start(RAM_MB, NULL);
    QTestState *dst = mig_start_dst(RAM_MB, NULL);
    const char *expect[] = { "setup", "active", "device", "completed" };

    mig_set_cap(src, "events", true);
    mig_set_cap(dst, "events", true);
    mig_fill_ram(src, 1, RANDOM_END, REPEAT_END);
    mig_incoming_exit(dst, uri);
    mig_migrate(src, uri);
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
    QTestState *src = mig_start(RAM_MB, NULL);
    QTestState *dst = mig_start_dst(RAM_MB, NULL);
    g_autofree char *uri = NULL;

    mig_fill_ram(src, 2, RANDOM_END, REPEAT_END);
    mig_incoming_exit(dst, "tcp:127.0.0.1:0");
    uri = mig_dst_tcp_uri(dst);
    mig_migrate(src, uri);
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
    src = mig_start(RAM_MB, NULL);
    dst = mig_start_dst(RAM_MB, NULL);
    close(sv[0]);
    close(sv[1]);
    src_uri = g_strdup_printf("fd:%d", sv[0]);
    dst_uri = g_strdup_printf("fd:%d", sv[1]);
    mig_fill_ram(src, 3, RANDOM_END, REPEAT_END);
    mig_incoming_exit(dst, dst_uri);
    mig_migrate(src, src_uri);
    finish_ok(src, dst);
    qtest_quit(src);
    qtest_quit(dst);
}

static void test_exec_plain(void)
{
    g_autofree char *path = tmp_file("exec.mig");
    g_autofree char *out = g_strdup_printf("exec:cat > %s", path);
    g_autofree char *in = g_strdup_printf("exec:cat %s", path);
    QTestState *src = mig_start(RAM_MB, NULL), *dst;

    mig_fill_ram(src, 4, RANDOM_END, REPEAT_END);
    mig_migrate(src, out);
    qobject_unref(mig_wait_status(src, "completed"));
    dst = mig_start_dst(RAM_MB, NULL);
    mig_incoming_exit(dst, in);
    qobject_unref(mig_wait_status(dst, "completed"));
    mig_assert_runstate(dst, "running");
    mig_assert_same_ram(src, dst, RAM_SIZE);
    qtest_quit(src);
    qtest_quit(dst);
}

static void test_file_plain(void)
{
    g_autofree char *path = tmp_file("file.mig");
    g_autofree char *uri = g_strdup_printf("file:%s,offset=0x1000", path);
    QTestState *src = mig_start(RAM_MB, NULL), *dst;

    mig_fill_ram(src, 5, RANDOM_END, REPEAT_END);
    mig_migrate(src, uri);
    qobject_unref(mig_wait_status(src, "completed"));
    mig_assert_runstate(src, "postmigrate");
    dst = mig_start_dst(RAM_MB, NULL);
    mig_incoming_exit(dst, uri);
    qobject_unref(mig_wait_status(dst, "completed"));
    mig_assert_same_ram(src, dst, RAM_SIZE);
    qtest_quit(src);
    qtest_quit(dst);
}

/* The channels form of both commands. */
static void test_unix_channels(void)
{
    g_autofree char *path = tmp_file("chan.sock");
    QTestState *src = mig_start(RAM_MB, NULL);
    QTestState *dst = mig_start_dst(RAM_MB, NULL);

    mig_fill_ram(src, 6, RANDOM_END, REPEAT_END);
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
    QTestState *src = mig_start(RAM_MB, NULL);
    QTestState *dst = mig_start(RAM_MB, args);

    mig_assert_runstate(dst, "inmigrate");
    mig_fill_ram(src, 7, RANDOM_END, REPEAT_END);
    mig_migrate(src, uri);
    finish_ok(src, dst);
    qtest_quit(src);
    qtest_quit(dst);
}

/* Return path: OPEN_RETURN_PATH, PING/PONG, and SHUT before success. */
static void test_return_path(void)
{
    g_autofree char *path = tmp_file("rp.sock");
    g_autofree char *uri = g_strdup_printf("unix:%s", path);
    QTestState *src = mig_start(RAM_MB, NULL);
    QTestState *dst = mig_start_dst(RAM_MB, NULL);

    mig_set_cap(src, "return-path", true);
    mig_set_cap(dst, "return-path", true);
    mig_fill_ram(src, 8, RANDOM_END, REPEAT_END);
    mig_incoming_exit(dst, uri);
    mig_migrate(src, uri);
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
    QTestState *src = mig_start(RAM_MB, NULL);
    QTestState *dst = mig_start_dst(RAM_MB, NULL);
    QDict *info, *ram;
    int64_t pages = RAM_SIZE / MIG_PAGE, nonzero = REPEAT_END / MIG_PAGE;

    mig_set_param_str(src, "zero-page-detection", mode);
    mig_set_param_str(dst, "zero-page-detection", mode);
    mig_fill_ram(src, 9, RANDOM_END, REPEAT_END);
    mig_incoming_exit(dst, uri);
    mig_migrate(src, uri);
    info = mig_wait_status(src, "completed");
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
                    qdict_get_int(ram, "normal") * MIG_PAGE);
    qobject_unref(info);
    qobject_unref(mig_wait_status(dst, "completed"));
    mig_assert_same_ram(src, dst, RAM_SIZE);
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
    QTestState *src = mig_start(RAM_MB, NULL);
    QTestState *dst = mig_start_dst(RAM_MB, NULL);

    mig_set_cap(src, "pause-before-switchover", true);
    mig_fill_ram(src, 10, RANDOM_END, REPEAT_END);
    mig_incoming_exit(dst, uri);
    mig_migrate(src, uri);
    qobject_unref(mig_wait_status(src, "pre-switchover"));
    mig_assert_runstate(src, "finish-migrate");
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
    mig_set_param_int(src, "max-bandwidth", 1 << 20);
}

static void second_migration_ok(QTestState *src, const char *name)
{
    g_autofree char *path = tmp_file(name);
    g_autofree char *uri = g_strdup_printf("unix:%s", path);
    QTestState *dst = mig_start_dst(RAM_MB, NULL);

    mig_set_param_int(src, "max-bandwidth", 128 << 20);
    mig_set_cap(src, "pause-before-switchover", false);
    /* Dirty some RAM after the first attempt. */
    qtest_memset(src, 0x100000, 0x77, 0x10000);
    mig_incoming_exit(dst, uri);
    mig_migrate(src, uri);
    finish_ok(src, dst);
    qtest_quit(dst);
}

static void run_cancel(const char *at, bool pause)
{
    g_autofree char *name = g_strdup_printf("cancel-%s.sock", at);
    g_autofree char *path = tmp_file(name);
    g_autofree char *uri = g_strdup_printf("unix:%s", path);
    g_autofree char *name2 = g_strdup_printf("cancel2-%s.sock", at);
    QTestState *src = mig_start(RAM_MB, NULL);
    QTestState *dst = mig_start_dst(RAM_MB, NULL);
    QDict *info;

    mig_set_cap(src, "events", true);
    if (pause) {
        mig_set_cap(src, "pause-before-switchover", true);
    } else {
        slow_down(src);
    }
    mig_fill_ram(src, 11, RANDOM_END, REPEAT_END);
    qtest_qmp_assert_success(dst, "{'execute': 'migrate-incoming',"
                             " 'arguments': {'uri': %s,"
                             " 'exit-on-error': false}}", uri);
    mig_migrate(src, uri);
    qobject_unref(mig_wait_status(src, at));
    qtest_qmp_assert_success(src, "{'execute': 'migrate_cancel'}");
    info = mig_wait_status(src, "cancelled");
    qobject_unref(info);
    mig_assert_runstate(src, "running");
    if (pause) {
        /* The VM was stopped for switchover: RESUME on the way back. */
        qobject_unref(qtest_qmp_eventwait_ref(src, "RESUME"));
    }
    /* The destination saw the stream end early and stays up. */
    qobject_unref(mig_wait_status(dst, "failed"));
    mig_assert_runstate(dst, "inmigrate");
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
    QTestState *src = mig_start(RAM_MB, NULL);
    g_autofree char *path = tmp_file("nobody.sock");
    g_autofree char *uri = g_strdup_printf("unix:%s", path);
    g_autofree char *want = g_strdup_printf("Failed to connect to '%s': "
                                            "No such file or directory",
                                            path);
    QDict *info;

    mig_migrate(src, uri);
    for (;;) {
        g_autofree char *st = mig_status(src);

        if (!strcmp(st, "failed")) {
            break;
        }
        g_assert_cmpstr(st, ==, "setup");
        g_usleep(2000);
    }
    info = mig_query(src);
    g_assert_cmpstr(qdict_get_try_str(info, "error-desc"), ==, want);
    qobject_unref(info);
    mig_assert_runstate(src, "running");
    qtest_quit(src);
}

static void test_errors(void)
{
    QTestState *src = mig_start(RAM_MB, NULL);

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
    QTestState *src = mig_start(RAM_MB, NULL);
    QTestState *dst = mig_start_dst(RAM_MB, NULL);
    g_autoptr(QDict) info = NULL;

    slow_down(src);
    mig_fill_ram(src, 12, RANDOM_END, REPEAT_END);
    mig_incoming_exit(dst, uri);
    mig_migrate(src, uri);
    qobject_unref(mig_wait_status(src, "active"));
    qtest_kill(dst, SIGKILL);
    for (;;) {
        g_autofree char *st = mig_status(src);

        if (!strcmp(st, "failed")) {
            break;
        }
        g_usleep(5000);
    }
    info = mig_query(src);
    g_assert(qdict_get_try_str(info, "error-desc"));
    mig_assert_runstate(src, "running");
    killed_quit(dst);
    second_migration_ok(src, "dkill2.sock");
    qtest_quit(src);
}

/* Source dies mid-stream: the destination exits with status 1. */
static void test_src_killed(void)
{
    g_autofree char *path = tmp_file("skill.sock");
    g_autofree char *uri = g_strdup_printf("unix:%s", path);
    QTestState *src = mig_start(RAM_MB, NULL);
    QTestState *dst = mig_start_dst(RAM_MB, NULL);
    int status;

    slow_down(src);
    mig_fill_ram(src, 13, RANDOM_END, REPEAT_END);
    mig_incoming_exit(dst, uri);
    mig_migrate(src, uri);
    qobject_unref(mig_wait_status(dst, "active"));
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
    QTestState *src = mig_start(RAM_MB, NULL);
    QTestState *dst = mig_start_dst(RAM_MB, NULL);
    g_autofree char *out = NULL;

    mig_fill_ram(src, 14, RANDOM_END, REPEAT_END);
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
    qobject_unref(mig_wait_status(src, "completed"));
    qobject_unref(mig_wait_status(dst, "completed"));
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
    mig_assert_same_ram(src, dst, RAM_SIZE);
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
    mig_remove_tmpdir(tmpdir);
    return ret;
}
