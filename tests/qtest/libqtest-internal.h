/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * What libqtest.c (processes, QMP) and libqtest-io.c (sockets, the qtest
 * line protocol) share.  Not for tests: they use libqtest.h.
 */
#ifndef TESTS_QTEST_LIBQTEST_INTERNAL_H
#define TESTS_QTEST_LIBQTEST_INTERNAL_H

#include "qobject/json-parser.h"
#include "libqtest.h"

struct QTestState {
    pid_t pid;
    bool reaped;
    int wstatus;
    int qtest_fd;           /* -1 without qtest */
    int qmp_fd;             /* -1 without QMP */
    GString *qtest_buf;     /* qtest bytes received, not yet a line */
    JSONMessageParser *parser;
    GQueue *qmp_msgs;       /* parsed messages not yet looked at */
    GQueue *events;         /* events set aside while waiting */
    GQueue *responses;      /* responses set aside while waiting */
    QDict *greeting;
};

/* The timeout for any wait ($QTEST_TIMEOUT seconds, default 60). */
int64_t qtest_timeout_ms(void);
int64_t qtest_now_ms(void);

/* A listening unix socket on @path (aborts on failure). */
int qtest_unix_listen(const char *path);
/*
 * Accept on @listen_fd; aborts the test if process @pid exits first or
 * the timeout passes (@what names the socket in the message).
 */
int qtest_accept_from(int listen_fd, pid_t pid, const char *what);
/* Wait until @fd is readable; aborts the test after the timeout. */
void qtest_wait_readable(int fd, const char *what);
/* Forget child @pid (reaped). */
void qtest_child_del(pid_t pid);

#endif /* TESTS_QTEST_LIBQTEST_INTERNAL_H */
