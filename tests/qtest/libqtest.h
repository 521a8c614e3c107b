/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * libqtest: start $QTEST_QEMU_BINARY and drive it over QMP and the qtest
 * protocol from a glib gtest program.  Owner: tests/qtest/libqtest.c.
 * How to use it: docs/devel/qtest.md.
 *
 * Every process started here is killed when the test program exits, by
 * any path: normal exit, g_assert failure (SIGABRT), a fatal signal, or
 * SIGTERM/SIGINT from meson's timeout.  Sockets live in one private
 * temporary directory per test program, removed at exit.
 *
 * Threads: single-threaded; call everything from the test's thread.
 */
#ifndef TESTS_QTEST_LIBQTEST_H
#define TESTS_QTEST_LIBQTEST_H

#include "qobject/qdict.h"
#include "qobject/qlist.h"

typedef struct QTestState QTestState;

/*
 * The binary under test
 */

/*
 * $QTEST_QEMU_BINARY, or exit(77) (meson's "skipped") with a message
 * saying why when it is unset or not executable.  Call it first in
 * main(): every helper below assumes the binary exists.
 */
const char *qtest_qemu_binary(void);

/*
 * The version the binary reports in --version ("QEMU emulator version
 * 7.2.22 (Debian ...)" -> 7, 2, 22).  Cached.  Tests use it to state
 * version-dependent expectations explicitly.
 */
void qtest_peer_version(int *major, int *minor, int *micro);
/* Whether the binary is at least @major.@minor. */
bool qtest_peer_at_least(int major, int minor);
/* "7.2.22" (static storage). */
const char *qtest_peer_version_str(void);
/*
 * The machine a test shared with QEMU 7.2 runs: "none", or "pc" before
 * 10.0, whose -M none has no CPU and whose qtest server then cannot
 * reach guest memory.
 */
const char *qtest_shared_machine(void);
/* Whether "-accel help" lists @accel (cached per name). */
bool qtest_peer_has_accel(const char *accel);
/* "x86_64": the suffix of the binary's name after "qemu-system-". */
const char *qtest_get_arch(void);

/*
 * Register @fn as gtest @path, to be skipped (with a message naming both
 * versions) when the binary is older than @major.@minor.
 */
void qtest_add_func_since(const char *path, int major, int minor,
                          void (*fn)(void));

/*
 * Starting and stopping QEMU
 */

typedef struct QTestOptions {
    /* Extra command-line arguments, split like a shell would. */
    const char *extra_args;
    /* No -qtest socket (qtest_read*()/qtest_write*() unavailable). */
    bool no_qtest;
    /* No QMP socket (qtest_qmp*() unavailable). */
    bool no_qmp;
    /* Keep the QMP connection in negotiation mode (greeting read). */
    bool no_handshake;
    /* No -accel option (QEMU picks its default accelerator). */
    bool no_accel;
} QTestOptions;

/*
 * Start the binary with a qtest socket and a QMP monitor (both connect
 * to sockets this library listens on) plus -display none, -qtest-log
 * /dev/null (or $QTEST_LOG's file), -accel qtest when the binary has it,
 * and, as the binary's version allows, -audio none and -run-with
 * exit-with-parent=on (-nodefaults for binaries older than 10.0).  The
 * QMP greeting is read and qmp_capabilities sent unless @no_handshake.
 * Aborts the test (the process is killed) if QEMU exits or does not
 * connect within the timeout.
 */
QTestState *qtest_init_with_opts(const QTestOptions *opts);
QTestState *qtest_init(const char *extra_args);
/* As qtest_init() but the QMP connection stays in negotiation mode. */
QTestState *qtest_init_without_qmp_handshake(const char *extra_args);

/*
 * Ask QEMU to quit (SIGTERM) and reap it; SIGKILL after the timeout.
 * Frees @s.  NULL is allowed.
 */
void qtest_quit(QTestState *s);

/*
 * Wait for QEMU to exit by itself (after "quit"), SIGKILL after the
 * timeout; returns its wait status.  Frees nothing: qtest_quit() still
 * has to be called.
 */
int qtest_wait_qemu(QTestState *s);

/* Send @sig to QEMU. */
void qtest_kill(QTestState *s, int sig);
/* QEMU's process id. */
pid_t qtest_pid(QTestState *s);

/* The greeting QEMU sent on the QMP socket (borrowed). */
QDict *qtest_qmp_greeting(QTestState *s);

/*
 * A fresh path "DIR/NAME" in this program's private temporary directory
 * (the name made unique with a counter); the file is removed at exit.
 */
char *qtest_tmp_path(const char *name);

/* Remove @path (a file the test creates elsewhere) at exit, whatever. */
void qtest_remove_at_exit(const char *path);

/*
 * Run the binary with @args (no sockets, no qtest) until it exits or the
 * timeout kills it; returns the wait status and its output.
 */
int qtest_run_qemu(const char *args, char **out, char **err);

/*
 * QMP
 */

/*
 * Send a QMP command built from @fmt (JSON with %-interpolation as in
 * qobject_from_jsonf_nofail(): %s, %d, %" PRId64 ", %p, ...) and return
 * its response (events that arrive before it are queued).  The caller
 * owns the result.
 */
QDict *qtest_qmp(QTestState *s, const char *fmt, ...) G_GNUC_PRINTF(2, 3);
QDict *qtest_vqmp(QTestState *s, const char *fmt, va_list ap)
    G_GNUC_PRINTF(2, 0);
/* Send without waiting for the response. */
void qtest_qmp_send(QTestState *s, const char *fmt, ...) G_GNUC_PRINTF(2, 3);
/* Send @text as it is (need not be valid JSON). */
void qtest_qmp_send_raw(QTestState *s, const char *text);
/* The next response (not an event; those are queued). */
QDict *qtest_qmp_receive(QTestState *s);
/* The next message, event or response, including queued events. */
QDict *qtest_qmp_receive_any(QTestState *s);

/*
 * Send the command, assert its response is a success, return its
 * "return" value (the caller owns it) / drop it.
 */
QObject *qtest_qmp_assert_success_ref(QTestState *s, const char *fmt, ...)
    G_GNUC_PRINTF(2, 3);
void qtest_qmp_assert_success(QTestState *s, const char *fmt, ...)
    G_GNUC_PRINTF(2, 3);

/*
 * Send the command, assert its response is an error of class @cls with
 * description @desc (NULL: any), and return the desc (caller frees).
 */
char *qtest_qmp_expect_error(QTestState *s, const char *cls,
                             const char *desc, const char *fmt, ...)
    G_GNUC_PRINTF(4, 5);

/* Assert @rsp is an error of @cls / @desc (NULL: any); consumes @rsp. */
void qtest_assert_error(QDict *rsp, const char *cls, const char *desc);

/*
 * Wait for event @name (from the queue first), aborting after the
 * timeout; returns it (caller owns) / drops it.
 */
QDict *qtest_qmp_eventwait_ref(QTestState *s, const char *name);
void qtest_qmp_eventwait(QTestState *s, const char *name);
/* The queued event @name, if any (no waiting); caller owns it. */
QDict *qtest_qmp_event_ref(QTestState *s, const char *name);
/* Drop every queued event. */
void qtest_qmp_clear_events(QTestState *s);

/*
 * Run an HMP command through human-monitor-command and return its
 * output (caller frees).  Asserts the QMP command itself succeeded.
 */
char *qtest_hmp(QTestState *s, const char *fmt, ...) G_GNUC_PRINTF(2, 3);

/*
 * qtest protocol
 */

/* Send @line (without "\n") and return the reply line without "\n". */
char *qtest_raw_cmd(QTestState *s, const char *line);

uint8_t qtest_readb(QTestState *s, uint64_t addr);
uint16_t qtest_readw(QTestState *s, uint64_t addr);
uint32_t qtest_readl(QTestState *s, uint64_t addr);
uint64_t qtest_readq(QTestState *s, uint64_t addr);
void qtest_writeb(QTestState *s, uint64_t addr, uint8_t value);
void qtest_writew(QTestState *s, uint64_t addr, uint16_t value);
void qtest_writel(QTestState *s, uint64_t addr, uint32_t value);
void qtest_writeq(QTestState *s, uint64_t addr, uint64_t value);
/* "read"/"write": hex-encoded transfers. */
void qtest_memread(QTestState *s, uint64_t addr, void *data, size_t size);
void qtest_memwrite(QTestState *s, uint64_t addr, const void *data,
                    size_t size);
/* "b64read"/"b64write": base64 transfers. */
void qtest_bufread(QTestState *s, uint64_t addr, void *data, size_t size);
void qtest_bufwrite(QTestState *s, uint64_t addr, const void *data,
                    size_t size);
void qtest_memset(QTestState *s, uint64_t addr, uint8_t pattern,
                  size_t size);
/* "endianness": true for "OK big". */
bool qtest_big_endian(QTestState *s);

/*
 * Raw sockets (for byte-exact checks of greetings and banners)
 */

/* Connect to the unix socket @path (retrying until the timeout). */
int qtest_socket_connect(const char *path);
/*
 * Read from @fd until @delim has been received (kept in the result) or
 * the peer closes; aborts after the timeout.  Bytes after @delim stay
 * buffered in the kernel: this reads one byte at a time.
 */
char *qtest_socket_read_until(int fd, const char *delim);
/* Write all of @text. */
void qtest_socket_write(int fd, const char *text);

#endif /* TESTS_QTEST_LIBQTEST_H */
