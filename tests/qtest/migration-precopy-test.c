/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Precopy migration qtests between two of our processes (accel qtest,
 * -M none) that tests/qtest/migration-test.c does not cover: cancel
 * held deterministically in `setup` and in `device`, migrate_cancel and
 * quit on the destination, validate-uuid, migrate-incoming twice, and
 * the texts of bad migration URIs.  Every cancel or failure checks that
 * the source VM runs again and that a second migration then completes
 * with identical RAM.
 *
 * Holding a state without timing games:
 * - setup: the source's connect blocks while the destination's listen
 *   queue is full (a unix socket listening with backlog 0 that this
 *   program fills and never accepts from);
 * - device: with return-path the source, after sending the last
 *   device state, waits for the destination's SHUT; a destination that
 *   this program accepts on but never reads from never sends it (the
 *   whole stream of a small, mostly zero guest fits in the socket
 *   buffer, so the source is not stuck writing).
 */
#include "qemu/osdep.h"
#include <sys/socket.h>
#include <sys/un.h>
#include <poll.h>
#include "migration-helpers.h"

#define RAM_MB 32
#define RAM_SIZE ((uint64_t)RAM_MB << 20)
#define RANDOM_END (2u << 20)
#define REPEAT_END (4u << 20)

/* The small guest of the device test: its stream is ~60 KiB. */
#define SMALL_MB 8
#define SMALL_SIZE ((uint64_t)SMALL_MB << 20)
#define SMALL_RANDOM_END (16u << 10)
#define SMALL_REPEAT_END (32u << 10)

#define SRC_UUID "11111111-2222-4333-8444-555555555555"
#define DST_UUID "aaaaaaaa-bbbb-4ccc-8ddd-eeeeeeeeeeee"

#define WAIT_MS 10000

/* A unix socket of this program listening on @path with @backlog. */
static int test_listen(const char *path, int backlog)
{
    struct sockaddr_un un = { .sun_family = AF_UNIX };
    int fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);

    g_assert(fd >= 0);
    g_assert(strlen(path) < sizeof(un.sun_path));
    strcpy(un.sun_path, path);
    g_assert(bind(fd, (struct sockaddr *)&un, sizeof(un)) == 0);
    g_assert(listen(fd, backlog) == 0);
    return fd;
}

/*
 * Fill the listen queue of @path: non-blocking connects until one would
 * block.  Returns the connected descriptors in @fds (at most @max).
 */
static size_t fill_listen_queue(const char *path, int *fds, size_t max)
{
    struct sockaddr_un un = { .sun_family = AF_UNIX };
    size_t n = 0;

    strcpy(un.sun_path, path);
    for (;;) {
        int fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC | SOCK_NONBLOCK,
                        0);

        g_assert(fd >= 0);
        if (connect(fd, (struct sockaddr *)&un, sizeof(un)) < 0) {
            g_assert_cmpint(errno, ==, EAGAIN);
            close(fd);
            return n;
        }
        g_assert(n < max);
        fds[n++] = fd;
    }
}

/* Wait for @fd to become readable; false after WAIT_MS. */
static bool wait_readable(int fd)
{
    struct pollfd p = { .fd = fd, .events = POLLIN };
    int r;

    do {
        r = poll(&p, 1, WAIT_MS);
    } while (r < 0 && errno == EINTR);
    return r == 1;
}

/* Accept on @lfd until the connection from process @pid arrives. */
static int accept_from(int lfd, pid_t pid)
{
    for (;;) {
        struct ucred cred;
        socklen_t len = sizeof(cred);
        int fd;

        g_assert(wait_readable(lfd));
        fd = accept4(lfd, NULL, NULL, SOCK_CLOEXEC);
        g_assert(fd >= 0);
        g_assert(getsockopt(fd, SOL_SOCKET, SO_PEERCRED, &cred, &len) == 0);
        if (cred.pid == pid) {
            return fd;
        }
        close(fd);
    }
}

/* migrate_cancel after the end changes nothing (QEMU: a no-op). */
static void cancel_is_noop(QTestState *s, const char *final)
{
    g_autofree char *st = NULL;

    qtest_qmp_assert_success(s, "{'execute': 'migrate_cancel'}");
    st = mig_status(s);
    g_assert_cmpstr(st, ==, final);
}

/* Both sides completed, run states as QEMU's, RAM equal. */
static void finish_ok(QTestState *src, QTestState *dst, uint64_t size)
{
    QDict *info = mig_wait_status(src, "completed");

    g_assert_cmpint(qdict_get_int(qdict_get_qdict(info, "ram"),
                                  "remaining"), ==, 0);
    qobject_unref(info);
    qobject_unref(mig_wait_status(dst, "completed"));
    mig_assert_runstate(src, "postmigrate");
    mig_assert_runstate(dst, "running");
    mig_assert_same_ram(src, dst, size);
}

/*
 * After a cancel or failure: dirty some RAM, migrate again to a fresh
 * destination of @ram_mb and check everything arrived.  Quits both.
 */
static void second_migration_ok(QTestState *src, unsigned ram_mb)
{
    g_autofree char *uri = mig_unix_uri("second.sock", NULL);
    QTestState *dst = mig_start_dst(ram_mb, NULL);

    mig_set_cap(src, "pause-before-switchover", false);
    mig_set_param_int(src, "max-bandwidth", 1ll << 30);
    qtest_memset(src, 0x10000, 0x77, 0x8000);
    mig_incoming(dst, uri);
    mig_migrate(src, uri);
    finish_ok(src, dst, (uint64_t)ram_mb << 20);
    cancel_is_noop(src, "completed");
    mig_assert_runstate(src, "postmigrate");
    qtest_quit(dst);
    qtest_quit(src);
}

/*
 * Cancel while the source is in setup: its connect is blocked on a full
 * listen queue.  QEMU finishes such a cancel inside migrate_cancel
 * (setup -> cancelling -> cancelled, no run state change); the
 * connection that completes later is dropped without a byte sent.
 */
static void test_cancel_src_setup(void)
{
    g_autofree char *path = NULL;
    g_autofree char *uri = mig_unix_uri("setup-full.sock", &path);
    static const char *const events[] = { "setup", "cancelling",
                                          "cancelled" };
    int lfd = test_listen(path, 0), fillers[8], cfd;
    size_t nfill = fill_listen_queue(path, fillers, G_N_ELEMENTS(fillers));
    QTestState *src = mig_start(RAM_MB, NULL);
    g_autofree char *st = NULL;
    char byte;

    g_assert_cmpuint(nfill, >=, 1);
    mig_set_cap(src, "events", true);
    mig_fill_ram(src, 21, RANDOM_END, REPEAT_END);
    mig_migrate(src, uri);
    /* Held: nothing can move the source on while the connect blocks. */
    g_usleep(200 * 1000);
    st = mig_status(src);
    g_assert_cmpstr(st, ==, "setup");
    g_free(st);
    qtest_qmp_assert_success(src, "{'execute': 'migrate_cancel'}");
    st = mig_status(src);
    g_assert_cmpstr(st, ==, "cancelled");
    mig_expect_events(src, events, G_N_ELEMENTS(events));
    mig_assert_runstate(src, "running");
    g_assert(!qtest_qmp_event_ref(src, "STOP"));
    cancel_is_noop(src, "cancelled");

    /*
     * Let the blocked connect through: the cancelled migration must
     * close it without sending its stream.  The end of file also shows
     * that the late connect has been handled before the next migration.
     */
    cfd = accept_from(lfd, qtest_pid(src));
    g_assert(wait_readable(cfd));
    g_assert_cmpint(read(cfd, &byte, 1), ==, 0);
    close(cfd);
    for (size_t i = 0; i < nfill; i++) {
        close(fillers[i]);
    }
    close(lfd);
    st = mig_status(src);
    g_assert_cmpstr(st, ==, "cancelled");
    second_migration_ok(src, RAM_MB);
}

/*
 * A cancelled migration's connect that completes while the next
 * migration is in setup belongs to nobody: it is closed without a byte,
 * and the next migration keeps waiting for its own connection.
 */
static void test_cancel_src_setup_late_connect(void)
{
    g_autofree char *path1 = NULL, *path2 = NULL;
    g_autofree char *uri1 = mig_unix_uri("late-1.sock", &path1);
    g_autofree char *uri2 = mig_unix_uri("late-2.sock", &path2);
    int lfd1 = test_listen(path1, 0), lfd2 = test_listen(path2, 0);
    int fill1[8], fill2[8], cfd;
    size_t n1 = fill_listen_queue(path1, fill1, G_N_ELEMENTS(fill1));
    size_t n2 = fill_listen_queue(path2, fill2, G_N_ELEMENTS(fill2));
    QTestState *src = mig_start(RAM_MB, NULL);
    g_autofree char *st = NULL;
    char byte;

    g_assert_cmpuint(n1, >=, 1);
    g_assert_cmpuint(n2, >=, 1);
    mig_fill_ram(src, 23, RANDOM_END, REPEAT_END);
    mig_migrate(src, uri1);
    qtest_qmp_assert_success(src, "{'execute': 'migrate_cancel'}");
    mig_migrate(src, uri2);
    st = mig_status(src);
    g_assert_cmpstr(st, ==, "setup");
    g_free(st);

    /* The first connect completes now: closed, nothing sent on it. */
    cfd = accept_from(lfd1, qtest_pid(src));
    g_assert(wait_readable(cfd));
    g_assert_cmpint(read(cfd, &byte, 1), ==, 0);
    close(cfd);
    st = mig_status(src);
    g_assert_cmpstr(st, ==, "setup");
    g_free(st);

    qtest_qmp_assert_success(src, "{'execute': 'migrate_cancel'}");
    st = mig_status(src);
    g_assert_cmpstr(st, ==, "cancelled");
    for (size_t i = 0; i < n1; i++) {
        close(fill1[i]);
    }
    for (size_t i = 0; i < n2; i++) {
        close(fill2[i]);
    }
    close(lfd1);
    /* Take the second cancelled connect too, so that it is dropped. */
    cfd = accept_from(lfd2, qtest_pid(src));
    g_assert(wait_readable(cfd));
    g_assert_cmpint(read(cfd, &byte, 1), ==, 0);
    close(cfd);
    close(lfd2);
    second_migration_ok(src, RAM_MB);
}

/*
 * Cancel in device: pause-before-switchover gives pre-switchover, then
 * migrate-continue moves to device, where the source (return-path)
 * waits for a SHUT that our never-reading destination does not send.
 * The cancel restarts the VM (RESUME) and the next migration completes.
 */
static void test_cancel_src_device(void)
{
    g_autofree char *path = NULL;
    g_autofree char *uri = mig_unix_uri("device-mute.sock", &path);
    static const char *const events[] = {
        "setup", "active", "pre-switchover", "device", "cancelling",
        "cancelled",
    };
    int lfd = test_listen(path, 1);
    QTestState *src = mig_start(SMALL_MB, NULL);
    g_autofree char *st = NULL;

    mig_set_cap(src, "events", true);
    mig_set_cap(src, "return-path", true);
    mig_set_cap(src, "pause-before-switchover", true);
    mig_fill_ram(src, 22, SMALL_RANDOM_END, SMALL_REPEAT_END);
    mig_migrate(src, uri);
    qobject_unref(mig_wait_status(src, "pre-switchover"));
    qtest_qmp_eventwait(src, "STOP");
    mig_assert_runstate(src, "finish-migrate");
    qtest_qmp_assert_success(src, "{'execute': 'migrate-continue',"
                             " 'arguments': {'state': 'pre-switchover'}}");
    qobject_unref(mig_wait_status(src, "device"));
    g_usleep(200 * 1000);
    st = mig_status(src);
    g_assert_cmpstr(st, ==, "device");
    mig_assert_runstate(src, "finish-migrate");
    qtest_qmp_assert_success(src, "{'execute': 'migrate_cancel'}");
    qobject_unref(mig_wait_status(src, "cancelled"));
    mig_expect_events(src, events, G_N_ELEMENTS(events));
    qtest_qmp_eventwait(src, "RESUME");
    mig_assert_runstate(src, "running");
    close(lfd);
    mig_set_cap(src, "return-path", false);
    second_migration_ok(src, SMALL_MB);
}

/*
 * migrate_cancel on a pure destination is a no-op in QEMU 10.2
 * (management.md 2.1): it succeeds while listening and while loading,
 * and the migration still completes.
 */
static void test_cancel_dst(void)
{
    g_autofree char *uri = mig_unix_uri("dst-cancel.sock", NULL);
    QTestState *src = mig_start(RAM_MB, NULL);
    QTestState *dst = mig_start_dst(RAM_MB, NULL);
    g_autofree char *st = NULL;

    mig_fill_ram(src, 23, RANDOM_END, REPEAT_END);
    /* About 4 MiB of page data at 2 MiB/s: seconds in active. */
    mig_set_param_int(src, "max-bandwidth", 2 << 20);
    mig_incoming(dst, uri);
    qtest_qmp_assert_success(dst, "{'execute': 'migrate_cancel'}");
    st = mig_status(dst);
    g_assert_cmpstr(st, ==, "setup");
    g_free(st);
    mig_migrate(src, uri);
    qobject_unref(mig_wait_status(dst, "active"));
    qtest_qmp_assert_success(dst, "{'execute': 'migrate_cancel'}");
    st = mig_status(dst);
    g_assert_cmpstr(st, ==, "active");
    mig_assert_runstate(dst, "inmigrate");
    mig_set_param_int(src, "max-bandwidth", 1ll << 30);
    finish_ok(src, dst, RAM_SIZE);
    qtest_quit(src);
    qtest_quit(dst);
}

/*
 * The destination quits (SIGTERM, an orderly exit) while loading: it
 * exits cleanly, the source fails with an error-desc and runs on.
 */
static void test_dst_quit(void)
{
    g_autofree char *uri = mig_unix_uri("dst-quit.sock", NULL);
    QTestState *src = mig_start(RAM_MB, NULL);
    QTestState *dst = mig_start_dst(RAM_MB, NULL);
    QDict *info;

    mig_fill_ram(src, 24, RANDOM_END, REPEAT_END);
    mig_set_param_int(src, "max-bandwidth", 2 << 20);
    mig_incoming(dst, uri);
    mig_migrate(src, uri);
    qobject_unref(mig_wait_status(dst, "active"));
    qtest_quit(dst);
    info = mig_wait_status(src, "failed");
    g_assert(qdict_get_try_str(info, "error-desc"));
    qobject_unref(info);
    mig_assert_runstate(src, "running");
    second_migration_ok(src, RAM_MB);
}

/*
 * validate-uuid on both sides, different -uuid: the destination refuses
 * the configuration section with QEMU's text, the source fails.
 */
static void test_validate_uuid_mismatch(void)
{
    g_autofree char *uri = mig_unix_uri("uuid-bad.sock", NULL);
    QTestState *src = mig_start(RAM_MB, "-uuid " SRC_UUID);
    QTestState *dst = mig_start_dst(RAM_MB, "-uuid " DST_UUID);
    const char *want = "UUID received is " SRC_UUID " and local is "
                       DST_UUID;
    QDict *info;
    const char *desc;

    mig_set_cap(src, "validate-uuid", true);
    mig_set_cap(dst, "validate-uuid", true);
    mig_fill_ram(src, 25, RANDOM_END, REPEAT_END);
    mig_incoming(dst, uri);
    mig_migrate(src, uri);
    info = mig_wait_status(dst, "failed");
    desc = qdict_get_try_str(info, "error-desc");
    g_assert(desc);
    g_assert(g_str_has_prefix(desc, "load of migration failed: "));
    g_test_message("destination: %s", desc);
    if (!strstr(desc, want)) {
        g_error("error-desc '%s' lacks '%s'", desc, want);
    }
    qobject_unref(info);
    mig_assert_runstate(dst, "inmigrate");
    info = mig_wait_status(src, "failed");
    g_assert(qdict_get_try_str(info, "error-desc"));
    g_test_message("source: %s", qdict_get_try_str(info, "error-desc"));
    qobject_unref(info);
    mig_assert_runstate(src, "running");
    qtest_quit(dst);
    qtest_quit(src);
}

/* validate-uuid with the same -uuid on both sides: completes. */
static void test_validate_uuid_match(void)
{
    g_autofree char *uri = mig_unix_uri("uuid-ok.sock", NULL);
    QTestState *src = mig_start(RAM_MB, "-uuid " SRC_UUID);
    QTestState *dst = mig_start_dst(RAM_MB, "-uuid " SRC_UUID);

    mig_set_cap(src, "validate-uuid", true);
    mig_set_cap(dst, "validate-uuid", true);
    mig_fill_ram(src, 26, RANDOM_END, REPEAT_END);
    mig_incoming(dst, uri);
    mig_migrate(src, uri);
    finish_ok(src, dst, RAM_SIZE);
    qtest_quit(src);
    qtest_quit(dst);
}

/*
 * validate-uuid, destination without -uuid: QEMU only warns (the UUID
 * may be unknown, e.g. for an old snapshot) and the load goes on.
 */
static void test_validate_uuid_dst_unset(void)
{
    g_autofree char *uri = mig_unix_uri("uuid-unset.sock", NULL);
    QTestState *src = mig_start(RAM_MB, "-uuid " SRC_UUID);
    QTestState *dst = mig_start_dst(RAM_MB, NULL);

    mig_set_cap(src, "validate-uuid", true);
    mig_set_cap(dst, "validate-uuid", true);
    mig_fill_ram(src, 27, RANDOM_END, REPEAT_END);
    mig_incoming(dst, uri);
    mig_migrate(src, uri);
    finish_ok(src, dst, RAM_SIZE);
    qtest_quit(src);
    qtest_quit(dst);
}

/* migrate-incoming is accepted once per process. */
static void test_defer_twice(void)
{
    g_autofree char *uri = mig_unix_uri("defer-1.sock", NULL);
    g_autofree char *path2 = NULL;
    g_autofree char *uri2 = mig_unix_uri("defer-2.sock", &path2);
    QTestState *src = mig_start(RAM_MB, NULL);
    QTestState *dst = mig_start_dst(RAM_MB, NULL);
    const char *desc = "The incoming migration has already been started";

    mig_fill_ram(src, 28, RANDOM_END, REPEAT_END);
    mig_incoming(dst, uri);
    g_free(qtest_qmp_expect_error(dst, "GenericError", desc,
                                  "{'execute': 'migrate-incoming',"
                                  " 'arguments': {'uri': %s}}", uri2));
    /* The refused call opened nothing. */
    g_assert(!g_file_test(path2, G_FILE_TEST_EXISTS));
    mig_migrate(src, uri);
    finish_ok(src, dst, RAM_SIZE);
    /* Still refused once that migration is over. */
    g_free(qtest_qmp_expect_error(dst, "GenericError", desc,
                                  "{'execute': 'migrate-incoming',"
                                  " 'arguments': {'uri': %s}}", uri2));
    qtest_quit(src);
    qtest_quit(dst);
}

static void expect_migrate_error(QTestState *src, const char *uri,
                                 const char *desc)
{
    g_free(qtest_qmp_expect_error(src, "GenericError", desc,
                                  "{'execute': 'migrate',"
                                  " 'arguments': {'uri': %s}}", uri));
}

/*
 * Bad URIs: parse errors are refused before the migration starts (no
 * status); a missing fd: name starts it and fails it (setup -> failed,
 * error-desc).  The source runs throughout and migrates afterwards.
 */
static void test_bad_uri(void)
{
    QTestState *src = mig_start(RAM_MB, NULL);
    g_autofree char *st = NULL;
    QDict *info;

    mig_fill_ram(src, 29, RANDOM_END, REPEAT_END);
    expect_migrate_error(src, "ftp://example.org/vm",
                         "unknown migration protocol: "
                         "ftp://example.org/vm");
    expect_migrate_error(src, "tcp:localhost",
                         "error parsing address 'localhost'");
    expect_migrate_error(src, "tcp:127.0.0.1:",
                         "error parsing address '127.0.0.1:'");
    expect_migrate_error(src, "tcp:[::1",
                         "error parsing IPv6 address '[::1'");
    expect_migrate_error(src, "unix:", "invalid Unix socket address");
    st = mig_status(src);
    g_assert_cmpstr(st, ==, "none");
    cancel_is_noop(src, "none");
    mig_assert_runstate(src, "running");

    /* monitor_get_fd()'s text (closefd's says "not found"). */
    expect_migrate_error(src, "fd:nosuchfd",
                         "File descriptor named 'nosuchfd' has not been "
                         "found");
    info = mig_query(src);
    g_assert_cmpstr(qdict_get_try_str(info, "status"), ==, "failed");
    g_assert_cmpstr(qdict_get_try_str(info, "error-desc"), ==,
                    "File descriptor named 'nosuchfd' has not been found");
    qobject_unref(info);
    mig_assert_runstate(src, "running");
    cancel_is_noop(src, "failed");
    second_migration_ok(src, RAM_MB);
}

int main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    qtest_qemu_binary();
    g_test_add_func("/migration/cancel/src/setup", test_cancel_src_setup);
    g_test_add_func("/migration/cancel/src/setup/late-connect",
                    test_cancel_src_setup_late_connect);
    g_test_add_func("/migration/cancel/src/device", test_cancel_src_device);
    g_test_add_func("/migration/cancel/dst", test_cancel_dst);
    g_test_add_func("/migration/cancel/dst/quit", test_dst_quit);
    g_test_add_func("/migration/validate-uuid/mismatch",
                    test_validate_uuid_mismatch);
    g_test_add_func("/migration/validate-uuid/match",
                    test_validate_uuid_match);
    g_test_add_func("/migration/validate-uuid/dst-unset",
                    test_validate_uuid_dst_unset);
    g_test_add_func("/migration/precopy/unix/defer-twice",
                    test_defer_twice);
    g_test_add_func("/migration/errors/bad-uri", test_bad_uri);
    return g_test_run();
}
