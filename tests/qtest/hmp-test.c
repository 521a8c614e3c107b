/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * HMP end to end: the readline monitor's banner and prompt on a socket,
 * and command output through human-monitor-command: info status in each
 * run state, info version, the migration capability and parameter
 * listings (full text), a parameter round trip, and the error texts.
 * Texts that differ in QEMU 7.2 are spelled out for it explicitly.
 */
#include "qemu/osdep.h"
#include "libqtest.h"

static QTestState *start(const char *extra)
{
    g_autofree char *args = g_strdup_printf("-M %s %s",
                                            qtest_shared_machine(),
                                            extra ? extra : "");

    return qtest_init(args);
}

static void test_banner(void)
{
    g_autofree char *path = qtest_tmp_path("hmp.sock");
    g_autofree char *args = g_strdup_printf("-S -monitor unix:%s,server=on,"
                                            "wait=off", path);
    QTestState *s = start(args);
    int fd = qtest_socket_connect(path);
    g_autofree char *banner = qtest_socket_read_until(fd, "(qemu) ");
    g_autofree char *expect = g_strdup_printf(
        "QEMU %s monitor - type 'help' for more information\r\n(qemu) ",
        qtest_peer_version_str());
    g_autofree char *out = NULL;

    g_assert_cmpstr(banner, ==, expect);
    /* A command: its echo (terminal-dependent), output, a new prompt. */
    qtest_socket_write(fd, "info status\n");
    out = qtest_socket_read_until(fd, "(qemu) ");
    g_assert_true(g_str_has_suffix(out, "info status\x1b[K\r\n"
                                   "VM status: paused (prelaunch)\r\n"
                                   "(qemu) ") ||
                  g_str_has_suffix(out, "info status\r\n"
                                   "VM status: paused (prelaunch)\r\n"
                                   "(qemu) "));
    close(fd);
    qtest_quit(s);
}

static void assert_hmp(QTestState *s, const char *cmd, const char *expect)
{
    g_autofree char *out = qtest_hmp(s, "%s", cmd);

    g_assert_cmpstr(out, ==, expect);
}

static void test_info_status(void)
{
    QTestState *s = start("-S");

    assert_hmp(s, "info status", "VM status: paused (prelaunch)\r\n");
    assert_hmp(s, "cont", "");
    assert_hmp(s, "info status", "VM status: running\r\n");
    assert_hmp(s, "stop", "");
    assert_hmp(s, "info status", "VM status: paused\r\n");
    assert_hmp(s, "c", "");
    assert_hmp(s, "info status", "VM status: running\r\n");
    qtest_quit(s);

    /* No -S: running from the start. */
    if (qtest_peer_at_least(10, 0)) {
        s = start(NULL);
        assert_hmp(s, "info status", "VM status: running\r\n");
        qtest_quit(s);
    }
}

static void test_info_version(void)
{
    QTestState *s = start(NULL);
    g_autofree char *out = qtest_hmp(s, "info version");
    g_autofree char *expect = g_strdup_printf("%s", qtest_peer_version_str());
    QDict *version = qdict_get_qdict(
        qdict_get_qdict(qtest_qmp_greeting(s), "QMP"), "version");
    g_autofree char *line = g_strdup_printf(
        "%s%s\r\n", expect, qdict_get_str(version, "package"));

    /* "VERSION" immediately followed by the package string. */
    g_assert_cmpstr(out, ==, line);
    qtest_quit(s);
}

static const char caps_10_2[] =
    "xbzrle: off\r\nrdma-pin-all: off\r\nauto-converge: off\r\n"
    "zero-blocks: off\r\nevents: off\r\npostcopy-ram: off\r\n"
    "x-colo: off\r\nrelease-ram: off\r\nreturn-path: off\r\n"
    "pause-before-switchover: off\r\nmultifd: off\r\n"
    "dirty-bitmaps: off\r\npostcopy-blocktime: off\r\n"
    "late-block-activate: off\r\nx-ignore-shared: off\r\n"
    "validate-uuid: off\r\nbackground-snapshot: off\r\n"
    "zero-copy-send: off\r\npostcopy-preempt: off\r\n"
    "switchover-ack: off\r\ndirty-limit: off\r\nmapped-ram: off\r\n";

static const char caps_7_2[] =
    "xbzrle: off\r\nrdma-pin-all: off\r\nauto-converge: off\r\n"
    "zero-blocks: off\r\ncompress: off\r\nevents: off\r\n"
    "postcopy-ram: off\r\nx-colo: off\r\nrelease-ram: off\r\n"
    "block: off\r\nreturn-path: off\r\npause-before-switchover: off\r\n"
    "multifd: off\r\ndirty-bitmaps: off\r\npostcopy-blocktime: off\r\n"
    "late-block-activate: off\r\nx-ignore-shared: off\r\n"
    "validate-uuid: off\r\nbackground-snapshot: off\r\n"
    "zero-copy-send: off\r\npostcopy-preempt: off\r\n";

/* %s: the max-bandwidth value. */
static const char params_10_2[] =
    "announce-initial: 50 ms\r\nannounce-max: 550 ms\r\n"
    "announce-rounds: 5\r\nannounce-step: 100 ms\r\n"
    "throttle-trigger-threshold: 50\r\ncpu-throttle-initial: 20\r\n"
    "cpu-throttle-increment: 10\r\ncpu-throttle-tailslow: off\r\n"
    "max-cpu-throttle: 99\r\ntls-creds: ''\r\ntls-hostname: ''\r\n"
    "tls-authz: ''\r\nmax-bandwidth: %s bytes/second\r\n"
    "avail-switchover-bandwidth: 0 bytes/second\r\n"
    "max-postcopy-bandwidth: 0 bytes/second\r\n"
    "downtime-limit: 300 ms\r\nx-checkpoint-delay: 20000 ms\r\n"
    "multifd-channels: 2\r\nmultifd-compression: none\r\n"
    "zero-page-detection: multifd\r\n"
    "xbzrle-cache-size: 67108864 bytes\r\n"
    "x-vcpu-dirty-limit-period: 1000 ms\r\nvcpu-dirty-limit: 1 MB/s\r\n"
    "mode: normal\r\ndirect-io: off\r\ncpr-exec-command:\r\n";

static const char params_7_2[] =
    "announce-initial: 50 ms\r\nannounce-max: 550 ms\r\n"
    "announce-rounds: 5\r\nannounce-step: 100 ms\r\n"
    "compress-level: 1\r\ncompress-threads: 8\r\n"
    "compress-wait-thread: on\r\ndecompress-threads: 2\r\n"
    "throttle-trigger-threshold: 50\r\ncpu-throttle-initial: 20\r\n"
    "cpu-throttle-increment: 10\r\ncpu-throttle-tailslow: off\r\n"
    "max-cpu-throttle: 99\r\ntls-creds: ''\r\ntls-hostname: ''\r\n"
    "max-bandwidth: %s bytes/second\r\ndowntime-limit: 300 ms\r\n"
    "x-checkpoint-delay: 20000 ms\r\nblock-incremental: off\r\n"
    "multifd-channels: 2\r\nmultifd-compression: none\r\n"
    "xbzrle-cache-size: 67108864 bytes\r\nmax-postcopy-bandwidth: 0\r\n"
    "tls-authz: ''\r\n";

/* The state of capability @name in a query-migrate-capabilities list. */
static bool cap_state(QList *caps, const char *name)
{
    const QListEntry *e;

    QLIST_FOREACH_ENTRY(caps, e) {
        QDict *cap = qobject_to(QDict, qlist_entry_obj(e));

        if (!strcmp(qdict_get_str(cap, "capability"), name)) {
            return qdict_get_bool(cap, "state");
        }
    }
    g_assert_not_reached();
}

static void test_info_migrate(void)
{
    QTestState *s = start(NULL);
    bool v10 = qtest_peer_at_least(10, 0);
    const char *params = v10 ? params_10_2 : params_7_2;
    g_autofree char *before = g_strdup_printf(params, "134217728");
    g_autofree char *after = g_strdup_printf(params, "1073741824");
    g_autoptr(QObject) ret = NULL;
    g_autofree char *out = NULL;

    assert_hmp(s, "info migrate_capabilities", v10 ? caps_10_2 : caps_7_2);
    assert_hmp(s, "info migrate_parameters", before);

    /* HMP sizes default to MiB for max-bandwidth; suffixes are binary. */
    assert_hmp(s, "migrate_set_parameter max-bandwidth 1G", "");
    assert_hmp(s, "info migrate_parameters", after);
    ret = qtest_qmp_assert_success_ref(s, "{'execute': "
                                       "'query-migrate-parameters'}");
    g_assert_cmpint(qdict_get_int(qobject_to(QDict, ret), "max-bandwidth"),
                    ==, 1073741824);
    assert_hmp(s, "migrate_set_parameter max-bandwidth 16", "");
    qobject_unref(ret);
    ret = qtest_qmp_assert_success_ref(s, "{'execute': "
                                       "'query-migrate-parameters'}");
    g_assert_cmpint(qdict_get_int(qobject_to(QDict, ret), "max-bandwidth"),
                    ==, 16 << 20);

    assert_hmp(s, "migrate_set_capability events on", "");
    qobject_unref(ret);
    ret = qtest_qmp_assert_success_ref(s, "{'execute': "
                                       "'query-migrate-capabilities'}");
    g_assert_true(cap_state(qobject_to(QList, ret), "events"));
    out = qtest_hmp(s, "info migrate_capabilities");
    g_assert_nonnull(strstr(out, "\r\nevents: on\r\n"));
    qtest_quit(s);
}

static void test_errors(void)
{
    QTestState *s = start(NULL);

    assert_hmp(s, "foo", "unknown command: 'foo'\r\n");
    assert_hmp(s, "migrate_set_capability events maybe",
               "Expected 'on' or 'off'\r\n"
               "Try \"help migrate_set_capability\" for more "
               "information\r\n");
    assert_hmp(s, "info status extra",
               "status: extraneous characters at the end of line\r\n"
               "Try \"help info status\" for more information\r\n");
    assert_hmp(s, "migrate_set_capability foo on",
               "Error: invalid parameter value: foo\r\n");
    assert_hmp(s, "migrate_set_parameter max-bandwidth 1Q",
               "Error: Invalid size 1Q\r\n");
    qtest_quit(s);
}

int main(int argc, char **argv)
{
    qtest_qemu_binary();
    g_test_init(&argc, &argv, NULL);

    g_test_add_func("/hmp/banner", test_banner);
    g_test_add_func("/hmp/info/status", test_info_status);
    g_test_add_func("/hmp/info/version", test_info_version);
    g_test_add_func("/hmp/info/migrate", test_info_migrate);
    g_test_add_func("/hmp/errors", test_errors);
    return g_test_run();
}
