/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Test helper shared by the monitor unit tests: a unix socket server
 * chardev for a monitor, and the peer that talks to it from the test
 * thread, which also runs the main loop (so nothing sleeps).
 */
#ifndef TESTS_UNIT_MONITOR_PEER_H
#define TESTS_UNIT_MONITOR_PEER_H

#include <sys/socket.h>
#include <sys/un.h>
#include "chardev/char.h"
#include "qapi/error.h"
#include "qemu/main-loop.h"
#include "qemu/timer.h"
#include "qobject/qdict.h"

/* How long a test waits for the main loop to produce an answer. */
#define MONITOR_PEER_WAIT_MS 10000

typedef struct MonitorPeer {
    int fd;
    GString *buf; /* received, not yet consumed */
} MonitorPeer;

/* A unix socket server chardev @id on @path (wait=off). */
static inline Chardev *monitor_peer_server_new(const char *id,
                                               const char *path)
{
    g_autoptr(QDict) opts = qdict_new();

    qdict_put_str(opts, "backend", "socket");
    qdict_put_str(opts, "id", id);
    qdict_put_str(opts, "path", path);
    qdict_put_str(opts, "server", "on");
    qdict_put_str(opts, "wait", "off");
    return qemu_chr_new_from_opts(opts, &error_abort);
}

/* Connect @p, non-blocking, to the server listening on @path. */
static inline void monitor_peer_connect(MonitorPeer *p, const char *path)
{
    struct sockaddr_un un = { .sun_family = AF_UNIX };

    p->fd = socket(AF_UNIX, SOCK_STREAM | SOCK_NONBLOCK, 0);
    g_assert_cmpint(p->fd, >=, 0);
    g_strlcpy(un.sun_path, path, sizeof(un.sun_path));
    g_assert_cmpint(connect(p->fd, (struct sockaddr *)&un, sizeof(un)), ==,
                    0);
    p->buf = g_string_new(NULL);
}

static inline void monitor_peer_close(MonitorPeer *p)
{
    close(p->fd);
    g_string_free(p->buf, true);
}

static inline void monitor_peer_send(MonitorPeer *p, const char *s)
{
    g_assert_cmpint(send(p->fd, s, strlen(s), MSG_NOSIGNAL), ==, strlen(s));
}

static inline void monitor_peer_flag_cb(void *opaque)
{
    *(bool *)opaque = true;
}

/* Move what the socket holds into p->buf; true if @end is in it. */
static inline bool monitor_peer_poll(MonitorPeer *p, const char *end)
{
    char tmp[4096];
    ssize_t n;

    while ((n = read(p->fd, tmp, sizeof(tmp))) > 0) {
        g_string_append_len(p->buf, tmp, n);
    }
    return strstr(p->buf->str, end) != NULL;
}

/*
 * Everything received up to and including @end, iterating the main
 * loop until it is there (fails the test after MONITOR_PEER_WAIT_MS).
 */
static inline char *monitor_peer_recv_until(MonitorPeer *p, const char *end)
{
    bool expired = false;
    QEMUTimer *wd = timer_new_ms(QEMU_CLOCK_REALTIME, monitor_peer_flag_cb,
                                 &expired);
    char *msg, *at;
    size_t len;

    timer_mod(wd, qemu_clock_get_ms(QEMU_CLOCK_REALTIME) +
                  MONITOR_PEER_WAIT_MS);
    while (!monitor_peer_poll(p, end) && !expired) {
        main_loop_wait(false);
    }
    timer_free(wd);
    g_assert_false(expired);
    at = strstr(p->buf->str, end);
    len = at - p->buf->str + strlen(end);
    msg = g_strndup(p->buf->str, len);
    g_string_erase(p->buf, 0, len);
    return msg;
}

#endif /* TESTS_UNIT_MONITOR_PEER_H */
