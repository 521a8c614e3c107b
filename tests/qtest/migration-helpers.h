/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Small helpers for the migration qtests that start two of our binaries
 * with accel qtest and -M none: start a source / a destination, fill
 * guest RAM through the qtest protocol, compare it, and drive
 * query-migrate, capabilities, parameters and the migrate commands.
 * The one home of these helpers for migration-test.c,
 * migration-multifd-test.c and migration-precopy-test.c.  Everything is
 * static inline so each test program carries only what it uses.
 *
 * Threads: single-threaded, like libqtest.
 */
#ifndef TESTS_QTEST_MIGRATION_HELPERS_H
#define TESTS_QTEST_MIGRATION_HELPERS_H

#include "libqtest.h"
#include "qobject/qlist.h"

#define MIG_PAGE 4096
#define MIG_CHUNK (4u << 20)

static inline QTestState *mig_start(unsigned ram_mb, const char *extra)
{
    g_autofree char *args = g_strdup_printf("-M none -m %uM %s", ram_mb,
                                            extra ? extra : "");

    return qtest_init(args);
}

/* A destination waiting for migrate-incoming (-incoming defer). */
static inline QTestState *mig_start_dst(unsigned ram_mb, const char *extra)
{
    g_autofree char *args = g_strdup_printf("-incoming defer %s",
                                            extra ? extra : "");

    return mig_start(ram_mb, args);
}

/*
 * Guest RAM pattern: [0, @random_end) random (seeded), then
 * [@random_end, @repeat_end) pages of 0x5a; the rest stays zero.
 */
static inline void mig_fill_ram(QTestState *s, uint32_t seed,
                                uint64_t random_end, uint64_t repeat_end)
{
    g_autofree uint8_t *buf = g_malloc(MIG_CHUNK);
    GRand *rand = g_rand_new_with_seed(seed);

    for (uint64_t a = 0; a < random_end; a += MIG_CHUNK) {
        size_t len = MIN(MIG_CHUNK, random_end - a);

        for (size_t i = 0; i < len; i += 4) {
            uint32_t v = g_rand_int(rand);

            memcpy(buf + i, &v, 4);
        }
        qtest_bufwrite(s, a, buf, len);
    }
    if (repeat_end > random_end) {
        qtest_memset(s, random_end, 0x5a, repeat_end - random_end);
    }
    g_rand_free(rand);
}

/* The first @size bytes of guest RAM are equal on both sides. */
static inline void mig_assert_same_ram(QTestState *src, QTestState *dst,
                                       uint64_t size)
{
    g_autofree uint8_t *a = g_malloc(MIG_CHUNK);
    g_autofree uint8_t *b = g_malloc(MIG_CHUNK);

    for (uint64_t addr = 0; addr < size; addr += MIG_CHUNK) {
        size_t len = MIN(MIG_CHUNK, size - addr);

        qtest_bufread(src, addr, a, len);
        qtest_bufread(dst, addr, b, len);
        for (size_t i = 0; memcmp(a, b, len) && i < len; i++) {
            if (a[i] != b[i]) {
                g_error("RAM differs at 0x%" PRIx64 ": %02x != %02x",
                        addr + i, a[i], b[i]);
            }
        }
    }
}

/* query-migrate's return value (caller owns it). */
static inline QDict *mig_query(QTestState *s)
{
    QDict *rsp = qtest_qmp(s, "{'execute': 'query-migrate'}");
    QDict *ret;

    g_assert(qdict_haskey(rsp, "return"));
    ret = qdict_get_qdict(rsp, "return");
    qobject_ref(ret);
    qobject_unref(rsp);
    return ret;
}

/* The migration status, "none" when query-migrate has none. */
static inline char *mig_status(QTestState *s)
{
    g_autoptr(QDict) info = mig_query(s);
    const char *st = qdict_get_try_str(info, "status");

    return g_strdup(st ? st : "none");
}

/*
 * Poll query-migrate until the status is @want and return that reply;
 * reaching any other final status first fails the test.
 */
static inline QDict *mig_wait_status(QTestState *s, const char *want)
{
    for (;;) {
        QDict *info = mig_query(s);
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

static inline char *mig_runstate(QTestState *s)
{
    QDict *rsp = qtest_qmp(s, "{'execute': 'query-status'}");
    char *st = g_strdup(qdict_get_try_str(qdict_get_qdict(rsp, "return"),
                                          "status"));

    qobject_unref(rsp);
    return st;
}

static inline void mig_assert_runstate(QTestState *s, const char *want)
{
    g_autofree char *st = mig_runstate(s);

    g_assert_cmpstr(st, ==, want);
}

static inline void mig_set_cap(QTestState *s, const char *cap, bool on)
{
    qtest_qmp_assert_success(s, "{'execute': 'migrate-set-capabilities',"
                             " 'arguments': {'capabilities': [{"
                             "'capability': %s, 'state': %i}]}}", cap, on);
}

static inline void mig_set_param_int(QTestState *s, const char *name,
                                     int64_t v)
{
    qtest_qmp_assert_success(s, "{'execute': 'migrate-set-parameters',"
                             " 'arguments': {%s: %" PRId64 "}}", name, v);
}

static inline void mig_set_param_str(QTestState *s, const char *name,
                                     const char *v)
{
    qtest_qmp_assert_success(s, "{'execute': 'migrate-set-parameters',"
                             " 'arguments': {%s: %s}}", name, v);
}

/* migrate-incoming with exit-on-error false: a failed load stays up. */
static inline void mig_incoming(QTestState *dst, const char *uri)
{
    qtest_qmp_assert_success(dst, "{'execute': 'migrate-incoming',"
                             " 'arguments': {'uri': %s,"
                             " 'exit-on-error': false}}", uri);
}

/* migrate-incoming with QEMU's default exit-on-error (true). */
static inline void mig_incoming_exit(QTestState *dst, const char *uri)
{
    qtest_qmp_assert_success(dst, "{'execute': 'migrate-incoming',"
                             " 'arguments': {'uri': %s}}", uri);
}

static inline void mig_migrate(QTestState *src, const char *uri)
{
    qtest_qmp_assert_success(src, "{'execute': 'migrate',"
                             " 'arguments': {'uri': %s}}", uri);
}

/* The tcp URI the destination listens on (its resolved port). */
static inline char *mig_dst_tcp_uri(QTestState *dst)
{
    g_autoptr(QDict) info = mig_query(dst);
    QList *addrs = qdict_get_qlist(info, "socket-address");
    QDict *a;

    g_assert(addrs);
    a = qobject_to(QDict, qlist_peek(addrs));
    return g_strdup_printf("tcp:%s:%s", qdict_get_try_str(a, "host"),
                           qdict_get_try_str(a, "port"));
}

/* Remove @dir and the files in it (a test program's scratch directory). */
static inline void mig_remove_tmpdir(const char *dir)
{
    g_autoptr(GDir) d = g_dir_open(dir, 0, NULL);
    const char *n;

    while (d && (n = g_dir_read_name(d))) {
        g_autofree char *p = g_build_filename(dir, n, NULL);

        unlink(p);
    }
    rmdir(dir);
}

/* "unix:PATH" with PATH fresh in libqtest's temporary directory. */
static inline char *mig_unix_uri(const char *name, char **path)
{
    char *p = qtest_tmp_path(name);
    char *uri = g_strdup_printf("unix:%s", p);

    if (path) {
        *path = p;
    } else {
        g_free(p);
    }
    return uri;
}

/* The next MIGRATION event's status (events capability on). */
static inline char *mig_next_event_status(QTestState *s)
{
    QDict *ev = qtest_qmp_eventwait_ref(s, "MIGRATION");
    char *st = g_strdup(qdict_get_try_str(qdict_get_qdict(ev, "data"),
                                          "status"));

    qobject_unref(ev);
    return st;
}

/* The MIGRATION events still to come are exactly @want, in order. */
static inline void mig_expect_events(QTestState *s, const char *const *want,
                                     size_t n)
{
    for (size_t i = 0; i < n; i++) {
        g_autofree char *st = mig_next_event_status(s);

        g_assert_cmpstr(st, ==, want[i]);
    }
}

#endif /* TESTS_QTEST_MIGRATION_HELPERS_H */
