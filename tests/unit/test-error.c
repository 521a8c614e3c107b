/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Unit tests for the Error API and error_report(). */
#include "qemu/osdep.h"
#include <sys/resource.h>
#include <sys/wait.h>
#include "qapi/error.h"
#include "qemu/error-report.h"
#include "qemu/thread.h"

#define PROG "qemu-system-x86_64"

/* Collects what error_report() and friends print, through the sink. */
static void capture_sink(void *opaque, const char *text)
{
    g_string_append(opaque, text);
}

/* Run @fn with reports captured; returns the text (free with g_free). */
static char *capture_reports(void (*fn)(void))
{
    GString *out = g_string_new(NULL);
    ErrorSinkFunc *old_fn;
    void *old_opaque;

    error_set_sink(capture_sink, out, &old_fn, &old_opaque);
    fn();
    error_set_sink(old_fn, old_opaque, NULL, NULL);
    return g_string_free(out, false);
}

/*
 * Run @fn in a forked child with stderr captured.  Returns the wait
 * status; *stderr_text receives what the child printed.
 */
static int run_in_child(void (*fn)(void), char **stderr_text)
{
    GString *out = g_string_new(NULL);
    char buf[512];
    ssize_t n;
    int fds[2];
    int status;
    pid_t pid;

    g_assert_cmpint(pipe(fds), ==, 0);
    fflush(stdout);
    fflush(stderr);
    pid = fork();
    g_assert_cmpint(pid, >=, 0);
    if (pid == 0) {
        struct rlimit no_core = {0, 0};

        /* An expected abort() should not leave a core file behind. */
        setrlimit(RLIMIT_CORE, &no_core);
        dup2(fds[1], STDERR_FILENO);
        close(fds[0]);
        close(fds[1]);
        fn();
        fflush(stderr);
        _exit(0);
    }
    close(fds[1]);
    while ((n = read(fds[0], buf, sizeof(buf))) > 0) {
        g_string_append_len(out, buf, n);
    }
    close(fds[0]);
    g_assert_cmpint(waitpid(pid, &status, 0), ==, pid);
    *stderr_text = g_string_free(out, false);
    return status;
}

static void assert_exit_status(int status, int code)
{
    g_assert_true(WIFEXITED(status));
    g_assert_cmpint(WEXITSTATUS(status), ==, code);
}

static void assert_aborted(int status)
{
    g_assert_true(WIFSIGNALED(status));
    g_assert_cmpint(WTERMSIG(status), ==, SIGABRT);
}

static void test_setg_message(void)
{
    Error *err = NULL;

    error_setg(&err, "bad value %d for '%s'", 42, "speed");
    g_assert_nonnull(err);
    g_assert_cmpstr(error_get_pretty(err), ==, "bad value 42 for 'speed'");
    g_assert_cmpint(error_get_class(err), ==, ERROR_CLASS_GENERIC_ERROR);
    error_free(err);
}

static void test_setg_null_errp(void)
{
    /* The caller does not care: nothing happens, nothing leaks. */
    error_setg(NULL, "ignored %s", "error");
    error_setg_errno(NULL, EIO, "ignored");
}

static void set_twice(void)
{
    Error *err = NULL;

    error_setg(&err, "first");
    error_setg(&err, "second");
}

static void test_setg_twice(void)
{
    g_autofree char *text = NULL;

    assert_aborted(run_in_child(set_twice, &text));
}

static void test_setg_errno_preserved(void)
{
    Error *err = NULL;

    errno = ERANGE;
    error_setg_errno(&err, ENOENT, "open");
    g_assert_cmpint(errno, ==, ERANGE);
    error_free(err);
}

static void test_set_class(void)
{
    Error *err = NULL;

    error_set(&err, ERROR_CLASS_DEVICE_NOT_FOUND, "Device '%s' not found",
              "net0");
    g_assert_cmpint(error_get_class(err), ==, ERROR_CLASS_DEVICE_NOT_FOUND);
    g_assert_cmpstr(error_get_pretty(err), ==, "Device 'net0' not found");
    g_assert_cmpstr(error_class_str(error_get_class(err)), ==,
                    "DeviceNotFound");
    error_free(err);
}

static void test_class_names(void)
{
    g_assert_cmpstr(error_class_str(ERROR_CLASS_GENERIC_ERROR), ==,
                    "GenericError");
    g_assert_cmpstr(error_class_str(ERROR_CLASS_COMMAND_NOT_FOUND), ==,
                    "CommandNotFound");
    g_assert_cmpstr(error_class_str(ERROR_CLASS_DEVICE_NOT_ACTIVE), ==,
                    "DeviceNotActive");
    g_assert_cmpstr(error_class_str(ERROR_CLASS_DEVICE_NOT_FOUND), ==,
                    "DeviceNotFound");
    g_assert_cmpstr(error_class_str(ERROR_CLASS_KVM_MISSING_CAP), ==,
                    "KVMMissingCap");
}

static void test_setg_errno_message(void)
{
    g_autofree char *expected = NULL;
    Error *err = NULL;

    error_setg_errno(&err, ENOENT, "cannot open '%s'", "/nonexistent");
    expected =
        g_strdup_printf("cannot open '/nonexistent': %s", strerror(ENOENT));
    g_assert_cmpstr(error_get_pretty(err), ==, expected);
    /* The C library's text, as QEMU prints it on glibc. */
    g_assert_cmpstr(error_get_pretty(err), ==,
                    "cannot open '/nonexistent': No such file or directory");
    error_free(err);
}

static void test_setg_errno_zero(void)
{
    Error *err = NULL;

    /* No cause known: no ": Success" suffix. */
    error_setg_errno(&err, 0, "plain");
    g_assert_cmpstr(error_get_pretty(err), ==, "plain");
    error_free(err);
}

static void test_prepend_message(void)
{
    Error *err = NULL;

    error_setg(&err, "connection refused");
    error_prepend(&err, "multifd %u: ", 3);
    error_prepend(&err, "migration: ");
    g_assert_cmpstr(error_get_pretty(err), ==,
                    "migration: multifd 3: connection refused");
    error_free(err);
}

static void test_prepend_no_error(void)
{
    Error *err = NULL;

    error_prepend(NULL, "nothing: ");
    error_prepend(&err, "nothing: ");
    g_assert_null(err);
}

static void test_propagate_first_wins(void)
{
    Error *dst = NULL;
    Error *first = NULL;
    Error *second = NULL;

    error_setg(&first, "first");
    error_setg(&second, "second");
    error_propagate(&dst, first);
    g_assert_true(dst == first);
    /* dst already holds an error: the second one is freed, not stored. */
    error_propagate(&dst, second);
    g_assert_true(dst == first);
    g_assert_cmpstr(error_get_pretty(dst), ==, "first");
    error_free(dst);
}

static void test_propagate_to_null(void)
{
    Error *err = NULL;

    /* Freed inside (a leak checker would flag it otherwise). */
    error_setg(&err, "dropped");
    error_propagate(NULL, err);
}

static void test_propagate_null_local(void)
{
    Error *dst = NULL;
    Error *kept = NULL;

    error_propagate(&dst, NULL);
    g_assert_null(dst);
    error_setg(&kept, "kept");
    dst = kept;
    error_propagate(&dst, NULL);
    g_assert_true(dst == kept);
    error_free(dst);
}

static void test_propagate_prepend_message(void)
{
    Error *dst = NULL;
    Error *local = NULL;

    error_setg(&local, "bad magic");
    error_propagate_prepend(&dst, local, "section '%s': ", "ram");
    g_assert_cmpstr(error_get_pretty(dst), ==, "section 'ram': bad magic");
    error_free(dst);
    dst = NULL;

    /* First error wins here too; the later one is dropped unchanged. */
    error_setg(&dst, "earlier");
    local = NULL;
    error_setg(&local, "later");
    error_propagate_prepend(&dst, local, "ctx: ");
    g_assert_cmpstr(error_get_pretty(dst), ==, "earlier");
    error_free(dst);
}

/* A function in the tree's style that reads *errp after failing. */
static bool guarded_fail(int value, Error **errp)
{
    ERRP_GUARD();

    error_setg(errp, "value %d out of range", value);
    if (*errp) {
        error_append_hint(errp, "Valid values are 0 to 9\n");
        error_prepend(errp, "option 'x': ");
    }
    return false;
}

static void test_guard_null_errp(void)
{
    /* Dereferencing errp inside must be safe with NULL. */
    g_assert_false(guarded_fail(10, NULL));
}

static void guard_hint_report(void)
{
    Error *err = NULL;

    guarded_fail(11, &err);
    error_report_err(err);
}

static void test_guard_local(void)
{
    g_autofree char *text = NULL;
    Error *err = NULL;

    g_assert_false(guarded_fail(12, &err));
    g_assert_cmpstr(error_get_pretty(err), ==,
                    "option 'x': value 12 out of range");
    error_free(err);

    text = capture_reports(guard_hint_report);
    g_assert_cmpstr(text, ==,
                    "option 'x': value 11 out of range\n"
                    "Valid values are 0 to 9\n");
}

static void guard_fatal(void)
{
    guarded_fail(13, &error_fatal);
}

static void test_guard_fatal(void)
{
    g_autofree char *text = NULL;

    /* Through ERRP_GUARD, &error_fatal sees the prefix and the hint too. */
    assert_exit_status(run_in_child(guard_fatal, &text), 1);
    g_assert_cmpstr(text, ==,
                    PROG ": option 'x': value 13 out of range\n"
                         "Valid values are 0 to 9\n");
}

static void hint_report(void)
{
    Error *err = NULL;

    error_setg(&err, "Parameter 'multifd-channels' expects a value");
    error_append_hint(&err, "Try %d", 1);
    error_append_hint(&err, " to %d\n", 255);
    error_report_err(err);
}

static void test_hint_report(void)
{
    g_autofree char *text = capture_reports(hint_report);

    g_assert_cmpstr(text, ==,
                    "Parameter 'multifd-channels' expects a value\n"
                    "Try 1 to 255\n");
}

static void test_hint_no_error(void)
{
    Error *err = NULL;

    /* No error to attach to: silently nothing. */
    error_append_hint(&err, "lost\n");
    error_append_hint(NULL, "lost\n");
    g_assert_null(err);
}

static void copy_report(void)
{
    Error *err = NULL;
    Error *copy;

    error_set(&err, ERROR_CLASS_KVM_MISSING_CAP, "no dirty ring");
    error_append_hint(&err, "upgrade the kernel\n");
    copy = error_copy(err);
    error_free(err);
    g_assert_cmpstr(error_get_pretty(copy), ==, "no dirty ring");
    g_assert_cmpint(error_get_class(copy), ==, ERROR_CLASS_KVM_MISSING_CAP);
    error_report_err(copy);
}

static void test_copy_fields(void)
{
    g_autofree char *text = capture_reports(copy_report);

    g_assert_cmpstr(text, ==, "no dirty ring\nupgrade the kernel\n");
}

static void test_free_or_abort(void)
{
    Error *err = NULL;

    error_setg(&err, "expected");
    error_free_or_abort(&err);
    g_assert_null(err);
}

static void free_or_abort_unset(void)
{
    Error *err = NULL;

    error_free_or_abort(&err);
}

static void test_free_or_abort_unset(void)
{
    g_autofree char *text = NULL;

    assert_aborted(run_in_child(free_or_abort_unset, &text));
}

static void reportf(void)
{
    Error *err = NULL;

    error_setg(&err, "timeout");
    error_reportf_err(err, "channel %s: ", "main");
}

static void test_reportf_prefix(void)
{
    g_autofree char *text = capture_reports(reportf);

    g_assert_cmpstr(text, ==, "channel main: timeout\n");
}

/* The line of the error_setg() below, for the expected report. */
enum { SET_ABORT_LINE = __LINE__ + 3 };
static void set_abort(void)
{
    error_setg(&error_abort, "boom %d", 7);
}

static void test_abort_message(void)
{
    g_autofree char *text = NULL;
    g_autofree char *expected = NULL;

    assert_aborted(run_in_child(set_abort, &text));
    expected = g_strdup_printf(
        "Unexpected error in set_abort() at %s:%d:\n" PROG ": boom 7\n",
        __FILE__, SET_ABORT_LINE);
    g_assert_cmpstr(text, ==, expected);
}

static void propagate_abort(void)
{
    Error *err = NULL;

    error_setg(&err, "late discovery");
    error_propagate(&error_abort, err);
}

static void test_abort_propagate(void)
{
    g_autofree char *text = NULL;

    assert_aborted(run_in_child(propagate_abort, &text));
    g_assert_true(
        g_str_has_prefix(text, "Unexpected error in propagate_abort()"));
    g_assert_true(g_str_has_suffix(text, PROG ": late discovery\n"));
}

static void set_fatal(void)
{
    error_setg(&error_fatal, "fatal one");
}

static void test_fatal_exit_status(void)
{
    g_autofree char *text = NULL;

    assert_exit_status(run_in_child(set_fatal, &text), 1);
    g_assert_cmpstr(text, ==, PROG ": fatal one\n");
}

static void propagate_fatal(void)
{
    Error *err = NULL;

    error_setg_errno(&err, EACCES, "cannot bind");
    error_propagate(&error_fatal, err);
}

static void test_fatal_propagate(void)
{
    g_autofree char *text = NULL;
    g_autofree char *expected = NULL;

    assert_exit_status(run_in_child(propagate_fatal, &text), 1);
    expected = g_strdup_printf(PROG ": cannot bind: %s\n", strerror(EACCES));
    g_assert_cmpstr(text, ==, expected);
}

static void set_warn(void)
{
    error_setg(&error_warn, "careful with %s", "postcopy");
    error_report("still running");
}

static void test_warn_continues(void)
{
    g_autofree char *text = capture_reports(set_warn);

    g_assert_cmpstr(text, ==,
                    "warning: careful with postcopy\n"
                    "still running\n");
}

static void report_all_kinds(void)
{
    error_report("plain %d", 1);
    warn_report("careful %d", 2);
    info_report("note %d", 3);
    error_printf("raw %d\n", 4);
}

static void test_report_prefix(void)
{
    g_autofree char *text = NULL;

    assert_exit_status(run_in_child(report_all_kinds, &text), 0);
    g_assert_cmpstr(text, ==,
                    PROG ": plain 1\n" PROG ": warning: careful 2\n" PROG
                         ": info: note 3\n"
                         "raw 4\n");
}

static void report_with_timestamp(void)
{
    message_with_timestamp = true;
    error_report("stamped");
}

static void test_report_timestamp(void)
{
    g_autofree char *text = NULL;

    assert_exit_status(run_in_child(report_with_timestamp, &text), 0);
    g_assert_true(g_regex_match_simple(
        "^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}"
        "(\\.[0-9]+)?Z " PROG ": stamped\n$",
        text, 0, 0));
}

static void test_report_sink(void)
{
    g_autofree char *text = capture_reports(report_all_kinds);
    ErrorSinkFunc *fn;
    void *opaque;

    /* Inside a sink (a monitor command) no program-name prefix. */
    g_assert_cmpstr(text, ==,
                    "plain 1\nwarning: careful 2\ninfo: note 3\nraw 4\n");
    /* capture_reports() restored the default. */
    error_set_sink(NULL, NULL, &fn, &opaque);
    g_assert_null(fn);
    g_assert_null(opaque);
}

static void *report_from_thread(void *opaque)
{
    error_report("from another thread");
    return NULL;
}

static void sink_per_thread(void)
{
    GString *out = g_string_new(NULL);
    QemuThread thread;

    error_set_sink(capture_sink, out, NULL, NULL);
    qemu_thread_create(&thread, "reporter", report_from_thread, NULL,
                       QEMU_THREAD_JOINABLE);
    qemu_thread_join(&thread);
    error_report("from the sink's thread");
    error_set_sink(NULL, NULL, NULL, NULL);
    g_assert_cmpstr(out->str, ==, "from the sink's thread\n");
    g_string_free(out, true);
}

static void test_report_sink_per_thread(void)
{
    g_autofree char *text = NULL;

    /* The other thread's report bypasses this thread's sink. */
    assert_exit_status(run_in_child(sink_per_thread, &text), 0);
    g_assert_cmpstr(text, ==, PROG ": from another thread\n");
}

int main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    error_init("/usr/bin/" PROG);

    g_test_add_func("/error/setg/message", test_setg_message);
    g_test_add_func("/error/setg/null-errp", test_setg_null_errp);
    g_test_add_func("/error/setg/twice-aborts", test_setg_twice);
    g_test_add_func("/error/setg/errno-preserved", test_setg_errno_preserved);
    g_test_add_func("/error/set/class", test_set_class);
    g_test_add_func("/error/class/names", test_class_names);
    g_test_add_func("/error/setg-errno/message", test_setg_errno_message);
    g_test_add_func("/error/setg-errno/zero", test_setg_errno_zero);
    g_test_add_func("/error/prepend/message", test_prepend_message);
    g_test_add_func("/error/prepend/no-error", test_prepend_no_error);
    g_test_add_func("/error/propagate/first-wins", test_propagate_first_wins);
    g_test_add_func("/error/propagate/to-null", test_propagate_to_null);
    g_test_add_func("/error/propagate/null-local", test_propagate_null_local);
    g_test_add_func("/error/propagate-prepend/message",
                    test_propagate_prepend_message);
    g_test_add_func("/error/guard/null-errp", test_guard_null_errp);
    g_test_add_func("/error/guard/local", test_guard_local);
    g_test_add_func("/error/guard/fatal", test_guard_fatal);
    g_test_add_func("/error/hint/report", test_hint_report);
    g_test_add_func("/error/hint/no-error", test_hint_no_error);
    g_test_add_func("/error/copy/fields", test_copy_fields);
    g_test_add_func("/error/free-or-abort/set", test_free_or_abort);
    g_test_add_func("/error/free-or-abort/unset", test_free_or_abort_unset);
    g_test_add_func("/error/reportf/prefix", test_reportf_prefix);
    g_test_add_func("/error/abort/message", test_abort_message);
    g_test_add_func("/error/abort/propagate", test_abort_propagate);
    g_test_add_func("/error/fatal/exit-status", test_fatal_exit_status);
    g_test_add_func("/error/fatal/propagate", test_fatal_propagate);
    g_test_add_func("/error/warn/continues", test_warn_continues);
    g_test_add_func("/error/report/prefix", test_report_prefix);
    g_test_add_func("/error/report/timestamp", test_report_timestamp);
    g_test_add_func("/error/report/sink", test_report_sink);
    g_test_add_func("/error/report/sink-per-thread",
                    test_report_sink_per_thread);
    return g_test_run();
}
