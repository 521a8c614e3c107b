/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The qtest protocol server (-qtest CHARDEV, -qtest-log FILE).
 * Owner: accel/qtest/qtest.c.  Protocol: docs/devel/qtest.md.
 */
#ifndef SYSTEM_QTEST_H
#define SYSTEM_QTEST_H

/*
 * Start the qtest server on the chardev described by @spec (the -qtest
 * argument in -serial syntax: "unix:PATH", "unix:PATH,server=on,...",
 * "tcp:HOST:PORT", "stdio", "chardev:ID"); log the protocol to @logfile
 * ("/dev/fd/2" or a path); NULL logs to stderr and "none" disables the
 * log, as QEMU does.  QEMU connects as a client when no server= is
 * given: that is what libqtest expects.  Main thread, BQL held.
 */
bool qtest_server_init(const char *spec, const char *logfile, Error **errp);

/*
 * Detach the server from its chardev and close the log.  Call before
 * qemu_chr_cleanup() at exit (a chardev with a frontend cannot be
 * deleted).  Does nothing if qtest_server_init() was never called.
 */
void qtest_server_cleanup(void);

#endif /* SYSTEM_QTEST_H */
