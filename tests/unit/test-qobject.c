/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Unit tests for the QObject types: reference counts, containers, order. */
#include "qemu/osdep.h"
#include <math.h>
#include "qapi/error.h"
#include "qobject/qbool.h"
#include "qobject/qdict.h"
#include "qobject/qjson.h"
#include "qobject/qlist.h"
#include "qobject/qnull.h"
#include "qobject/qnum.h"
#include "qobject/qstring.h"

static size_t refcnt(const void *obj)
{
    return ((const QObject *)obj)->base.refcnt;
}

static void test_qtype_str(void)
{
    g_assert_cmpstr(QType_str(QTYPE_NONE), ==, "none");
    g_assert_cmpstr(QType_str(QTYPE_QNULL), ==, "qnull");
    g_assert_cmpstr(QType_str(QTYPE_QNUM), ==, "qnum");
    g_assert_cmpstr(QType_str(QTYPE_QSTRING), ==, "qstring");
    g_assert_cmpstr(QType_str(QTYPE_QDICT), ==, "qdict");
    g_assert_cmpstr(QType_str(QTYPE_QLIST), ==, "qlist");
    g_assert_cmpstr(QType_str(QTYPE_QBOOL), ==, "qbool");
    /* QType_str() reads the one exported table. */
    g_assert(QType_str(QTYPE_QDICT) == qtype_names[QTYPE_QDICT]);
}

static void test_cast(void)
{
    QNum *qn = qnum_from_int(7);
    QObject *obj = QOBJECT(qn);

    g_assert(qobject_to(QNum, obj) == qn);
    g_assert_null(qobject_to(QString, obj));
    g_assert_null(qobject_to(QDict, obj));
    g_assert_null(qobject_to(QNum, NULL));
    g_assert_null(QOBJECT((QNum *)NULL));
    g_assert_cmpint(qobject_type(obj), ==, QTYPE_QNUM);
    qobject_unref(qn);
}

static void test_refcount_lifecycle(void)
{
    QString *qs = qstring_from_str("abc");
    QString *same;

    g_assert_cmpuint(refcnt(qs), ==, 1);
    same = qobject_ref(qs);
    g_assert(same == qs);
    g_assert_cmpuint(refcnt(qs), ==, 2);
    qobject_unref(qs);
    g_assert_cmpuint(refcnt(qs), ==, 1);
    g_assert_cmpstr(qstring_get_str(qs), ==, "abc");
    qobject_unref(qs);
    /* NULL is accepted by both */
    qobject_unref((QObject *)NULL);
    g_assert_null(qobject_ref((QObject *)NULL));
}

static void test_refcount_autoptr(void)
{
    QString *keep = qstring_from_str("x");

    {
        g_autoptr(QList) list = qlist_new();
        g_autoptr(QDict) dict = qdict_new();

        qlist_append(list, qobject_ref(keep));
        qdict_put(dict, "k", qobject_ref(keep));
        g_assert_cmpuint(refcnt(keep), ==, 3);
    }
    g_assert_cmpuint(refcnt(keep), ==, 1);
    qobject_unref(keep);
}

static void test_containers_own_refs(void)
{
    QNum *qn = qnum_from_int(42);
    QList *list = qlist_new();
    QDict *dict = qdict_new();

    qlist_append(list, qobject_ref(qn));
    qdict_put(dict, "n", qobject_ref(qn));
    g_assert_cmpuint(refcnt(qn), ==, 3);
    /* Nested: the dict holds the list's only extra reference */
    qdict_put(dict, "l", qobject_ref(list));
    qobject_unref(list);
    g_assert_cmpuint(refcnt(list), ==, 1);
    g_assert(qdict_get_qlist(dict, "l") == list);
    qobject_unref(dict);
    g_assert_cmpuint(refcnt(qn), ==, 1);
    qobject_unref(qn);
}

static void test_qlist_pop(void)
{
    QList *list = qlist_new();
    QObject *obj;
    QString *qs = qstring_from_str("first");

    g_assert(qlist_empty(list));
    g_assert_null(qlist_pop(list));
    g_assert_null(qlist_peek(list));

    qlist_append(list, qs);
    qlist_append_int(list, 2);
    qlist_append_bool(list, true);
    qlist_append_null(list);
    qlist_append_str(list, "five");
    g_assert_cmpuint(qlist_size(list), ==, 5);
    g_assert(qlist_peek(list) == QOBJECT(qs));
    g_assert_cmpuint(refcnt(qs), ==, 1);

    /* pop hands the list's reference to the caller */
    obj = qlist_pop(list);
    g_assert(obj == QOBJECT(qs));
    g_assert_cmpuint(refcnt(qs), ==, 1);
    g_assert_cmpuint(qlist_size(list), ==, 4);
    qobject_unref(obj);

    obj = qlist_pop(list);
    g_assert_cmpint(qnum_get_int(qobject_to(QNum, obj)), ==, 2);
    qobject_unref(obj);
    obj = qlist_pop(list);
    g_assert(qbool_get_bool(qobject_to(QBool, obj)));
    qobject_unref(obj);
    obj = qlist_pop(list);
    g_assert(obj == QOBJECT(&qnull_));
    qobject_unref(obj);
    obj = qlist_pop(list);
    g_assert_cmpstr(qstring_get_str(qobject_to(QString, obj)), ==, "five");
    qobject_unref(obj);

    g_assert(qlist_empty(list));
    g_assert_cmpuint(qlist_size(list), ==, 0);
    /* Appending after emptying still works (tail was reset) */
    qlist_append_int(list, 9);
    g_assert_cmpuint(qlist_size(list), ==, 1);
    qobject_unref(list);
}

static void test_qlist_copy_equal(void)
{
    QList *a = qlist_new();
    QList *b;
    QString *qs = qstring_from_str("s");
    const QListEntry *e;
    int n = 0;

    qlist_append(a, qobject_ref(qs));
    qlist_append_int(a, 1);
    b = qlist_copy(a);
    g_assert_cmpuint(refcnt(qs), ==, 3);
    g_assert(qobject_is_equal(QOBJECT(a), QOBJECT(b)));
    QLIST_FOREACH_ENTRY (b, e) {
        n++;
    }
    g_assert_cmpint(n, ==, 2);
    qlist_append_int(b, 2);
    g_assert(!qobject_is_equal(QOBJECT(a), QOBJECT(b)));
    qobject_unref(a);
    qobject_unref(b);
    g_assert_cmpuint(refcnt(qs), ==, 1);
    qobject_unref(qs);
}

static void test_qnull_singleton(void)
{
    size_t base = refcnt(&qnull_);
    QNull *n1 = qnull();
    QNull *n2 = qnull();
    QList *list = qlist_new();

    g_assert(n1 == &qnull_ && n2 == &qnull_);
    g_assert_cmpuint(refcnt(&qnull_), ==, base + 2);
    qlist_append_null(list);
    g_assert_cmpuint(refcnt(&qnull_), ==, base + 3);
    qobject_unref(list);
    qobject_unref(n1);
    qobject_unref(n2);
    g_assert_cmpuint(refcnt(&qnull_), ==, base);
    g_assert_cmpuint(base, >=, 1);
    g_assert(qobject_is_equal(QOBJECT(&qnull_), QOBJECT(&qnull_)));
}

#define QNULL_RACE_THREADS 4
#define QNULL_RACE_ROUNDS 200000

/*
 * Each reference is taken and dropped inside the library (by a QList),
 * so the compiler cannot fold a ref with the unref that follows it.
 */
static gpointer qnull_race_thread(gpointer opaque)
{
    int i, j;

    for (i = 0; i < QNULL_RACE_ROUNDS; i++) {
        QList *list = qlist_new();

        for (j = 0; j < 16; j++) {
            qlist_append_null(list);
        }
        qobject_unref(list);
    }
    return NULL;
}

/*
 * The QNull singleton is the one QObject every thread shares: references
 * taken and dropped concurrently must not lose counts (which would free
 * the static object, or leave it with a wrong count).
 */
static void test_qnull_threads(void)
{
    GThread *threads[QNULL_RACE_THREADS];
    size_t base = refcnt(&qnull_);
    int i;

    for (i = 0; i < QNULL_RACE_THREADS; i++) {
        threads[i] = g_thread_new("qnull-race", qnull_race_thread, NULL);
    }
    for (i = 0; i < QNULL_RACE_THREADS; i++) {
        g_thread_join(threads[i]);
    }
    g_assert_cmpuint(refcnt(&qnull_), ==, base);
}

static void test_qnum_kinds(void)
{
    QNum *qn;
    int64_t i;
    uint64_t u;
    char *s;

    qn = qnum_from_uint(5);
    g_assert_cmpint(qn->kind, ==, QNUM_I64);
    g_assert_cmpint(qnum_get_int(qn), ==, 5);
    g_assert_cmpuint(qnum_get_uint(qn), ==, 5);
    qobject_unref(qn);

    qn = qnum_from_uint(UINT64_MAX);
    g_assert_cmpint(qn->kind, ==, QNUM_U64);
    g_assert(!qnum_get_try_int(qn, &i));
    g_assert(qnum_get_try_uint(qn, &u));
    g_assert_cmpuint(u, ==, UINT64_MAX);
    s = qnum_to_string(qn);
    g_assert_cmpstr(s, ==, "18446744073709551615");
    g_free(s);
    qobject_unref(qn);

    qn = qnum_from_int(-1);
    g_assert(!qnum_get_try_uint(qn, &u));
    g_assert_cmpfloat(qnum_get_double(qn), ==, -1.0);
    s = qnum_to_string(qn);
    g_assert_cmpstr(s, ==, "-1");
    g_free(s);
    qobject_unref(qn);

    qn = qnum_from_double(1.5);
    g_assert(!qnum_get_try_int(qn, &i));
    g_assert(!qnum_get_try_uint(qn, &u));
    s = qnum_to_string(qn);
    g_assert_cmpstr(s, ==, "1.5");
    g_free(s);
    qobject_unref(qn);

    qn = qnum_from_double(0.1);
    s = qnum_to_string(qn);
    g_assert_cmpstr(s, ==, "0.10000000000000001");
    g_free(s);
    qobject_unref(qn);

    qn = qnum_from_double(0.0);
    s = qnum_to_string(qn);
    g_assert_cmpstr(s, ==, "0");
    g_free(s);
    qobject_unref(qn);
}

static bool num_equal(QNum *a, QNum *b)
{
    bool eq = qobject_is_equal(QOBJECT(a), QOBJECT(b));

    /* Equality is symmetric */
    g_assert(eq == qobject_is_equal(QOBJECT(b), QOBJECT(a)));
    qobject_unref(a);
    qobject_unref(b);
    return eq;
}

static void test_qnum_equal(void)
{
    QNum *big = qnum_from_uint(UINT64_MAX);

    g_assert(num_equal(qnum_from_int(3), qnum_from_int(3)));
    g_assert(!num_equal(qnum_from_int(3), qnum_from_int(4)));
    g_assert(num_equal(qnum_from_int(3), qnum_from_uint(3)));
    /* A U64 kind with a small value still equals the I64 one */
    big->u.u64 = 7;
    g_assert(num_equal(qnum_from_int(7), big));
    g_assert(!num_equal(qnum_from_int(-1), qnum_from_uint(UINT64_MAX)));
    g_assert(num_equal(qnum_from_uint(UINT64_MAX), qnum_from_uint(UINT64_MAX)));
    /* Doubles never equal integers */
    g_assert(!num_equal(qnum_from_int(1), qnum_from_double(1.0)));
    g_assert(!num_equal(qnum_from_uint(UINT64_MAX),
                        qnum_from_double(18446744073709551615.0)));
    g_assert(num_equal(qnum_from_double(0.5), qnum_from_double(0.5)));
    g_assert(!num_equal(qnum_from_double(NAN), qnum_from_double(NAN)));
}

static void test_is_equal_mixed(void)
{
    QObject *a =
        qobject_from_json("{\"a\": [1, \"x\", null, true]}", &error_abort);
    QObject *b = qobject_from_json("{'a': [1, 'x', null, true]}", &error_abort);
    QObject *c =
        qobject_from_json("{\"a\": [1, \"x\", null, false]}", &error_abort);
    QObject *d =
        qobject_from_json("{\"b\": [1, \"x\", null, true]}", &error_abort);
    QObject *s = QOBJECT(qstring_from_str("1"));
    QObject *n = QOBJECT(qnum_from_int(1));

    g_assert(qobject_is_equal(a, b));
    g_assert(!qobject_is_equal(a, c));
    g_assert(!qobject_is_equal(a, d));
    g_assert(!qobject_is_equal(s, n));
    g_assert(!qobject_is_equal(a, NULL));
    g_assert(qobject_is_equal(NULL, NULL));
    qobject_unref(a);
    qobject_unref(b);
    qobject_unref(c);
    qobject_unref(d);
    qobject_unref(s);
    qobject_unref(n);
}

static void test_qdict_basic(void)
{
    QDict *dict = qdict_new();

    qdict_put_int(dict, "int", -5);
    qdict_put_bool(dict, "bool", true);
    qdict_put_str(dict, "str", "value");
    qdict_put_null(dict, "null");
    qdict_put(dict, "dbl", qnum_from_double(2.5));
    qdict_put(dict, "dict", qdict_new());
    g_assert_cmpuint(qdict_size(dict), ==, 6);

    g_assert_cmpint(qdict_get_int(dict, "int"), ==, -5);
    g_assert(qdict_get_bool(dict, "bool"));
    g_assert_cmpstr(qdict_get_str(dict, "str"), ==, "value");
    g_assert(qdict_get(dict, "null") == QOBJECT(&qnull_));
    g_assert_cmpfloat(qdict_get_double(dict, "dbl"), ==, 2.5);
    g_assert_cmpfloat(qdict_get_double(dict, "int"), ==, -5.0);
    g_assert_cmpuint(qdict_size(qdict_get_qdict(dict, "dict")), ==, 0);

    g_assert_cmpint(qdict_get_try_int(dict, "int", 9), ==, -5);
    g_assert_cmpint(qdict_get_try_int(dict, "str", 9), ==, 9);
    g_assert_cmpint(qdict_get_try_int(dict, "dbl", 9), ==, 9);
    g_assert_cmpint(qdict_get_try_int(dict, "none", 9), ==, 9);
    g_assert(qdict_get_try_bool(dict, "bool", false));
    g_assert(!qdict_get_try_bool(dict, "str", false));
    g_assert_cmpstr(qdict_get_try_str(dict, "str"), ==, "value");
    g_assert_null(qdict_get_try_str(dict, "int"));
    g_assert_null(qdict_get_try_str(dict, "none"));

    g_assert(qdict_haskey(dict, "int"));
    g_assert(!qdict_haskey(dict, "INT"));
    g_assert_null(qdict_get(dict, "missing"));

    qdict_del(dict, "int");
    qdict_del(dict, "missing");
    g_assert(!qdict_haskey(dict, "int"));
    g_assert_cmpuint(qdict_size(dict), ==, 5);
    qobject_unref(dict);
}

static void test_qdict_replace(void)
{
    QDict *dict = qdict_new();
    QString *old = qstring_from_str("old");
    GString *json;

    qdict_put_int(dict, "major", 1);
    qdict_put(dict, "minor", qobject_ref(old));
    qdict_put_int(dict, "micro", 3);
    g_assert_cmpuint(refcnt(old), ==, 2);

    /* Replacing drops the old value's reference and keeps the position */
    qdict_put_int(dict, "minor", 2);
    g_assert_cmpuint(refcnt(old), ==, 1);
    g_assert_cmpuint(qdict_size(dict), ==, 3);
    json = qobject_to_json(QOBJECT(dict));
    g_assert_cmpstr(json->str, ==,
                    "{\"micro\": 3, \"minor\": 2, \"major\": 1}");
    g_string_free(json, true);

    /* Same for the entry inserted first in the shared bucket */
    qdict_put_str(dict, "micro", "x");
    json = qobject_to_json(QOBJECT(dict));
    g_assert_cmpstr(json->str, ==,
                    "{\"micro\": \"x\", \"minor\": 2, \"major\": 1}");
    g_string_free(json, true);

    qobject_unref(old);
    qobject_unref(dict);
}

static void test_qdict_iter_clone(void)
{
    QDict *dict = qdict_new();
    QDict *clone;
    QString *qs = qstring_from_str("v");
    const QDictEntry *e;
    size_t n = 0;
    char key[16];
    int i;

    for (i = 0; i < 2000; i++) {
        g_snprintf(key, sizeof(key), "k%d", i);
        qdict_put_int(dict, key, i);
    }
    qdict_put(dict, "shared", qobject_ref(qs));
    for (e = qdict_first(dict); e; e = qdict_next(dict, e)) {
        g_assert(qdict_get(dict, qdict_entry_key(e)) == qdict_entry_value(e));
        n++;
    }
    g_assert_cmpuint(n, ==, 2001);

    clone = qdict_clone_shallow(dict);
    g_assert_cmpuint(refcnt(qs), ==, 3);
    g_assert(qobject_is_equal(QOBJECT(dict), QOBJECT(clone)));
    qdict_del(clone, "k5");
    g_assert(!qobject_is_equal(QOBJECT(dict), QOBJECT(clone)));
    qobject_unref(clone);
    g_assert_cmpuint(refcnt(qs), ==, 2);

    for (i = 0; i < 2000; i++) {
        g_snprintf(key, sizeof(key), "k%d", i);
        qdict_del(dict, key);
    }
    g_assert_cmpuint(qdict_size(dict), ==, 1);
    e = qdict_first(dict);
    g_assert_cmpstr(qdict_entry_key(e), ==, "shared");
    g_assert_null(qdict_next(dict, e));
    qobject_unref(dict);
    qobject_unref(qs);
}

static void test_qdict_hash(void)
{
    /* Hand-computed from the definition in management.md 1.2 */
    g_assert_cmpuint(qdict_bucket_of(""), ==, 12345 % 512);
    g_assert_cmpuint(qdict_bucket_of("minor"), ==, qdict_bucket_of("micro"));
    g_assert_cmpuint(qdict_bucket_of("minor"), ==, 225);
}

/*
 * Insert @keys (NULL-terminated, schema order) and check the order
 * qdict iteration and the JSON writer produce (comma-separated).
 */
static void check_order(const char *const *keys, const char *expected)
{
    QDict *dict = qdict_new();
    const QDictEntry *e;
    GString *order = g_string_new(NULL);
    GString *json;
    GString *want_json = g_string_new("{");
    char **want = g_strsplit(expected, ", ", -1);
    int i;

    for (i = 0; keys[i]; i++) {
        qdict_put_int(dict, keys[i], i);
    }
    for (e = qdict_first(dict); e; e = qdict_next(dict, e)) {
        g_string_append_printf(order, "%s%s", order->len ? ", " : "",
                               qdict_entry_key(e));
    }
    g_assert_cmpstr(order->str, ==, expected);

    for (i = 0; want[i]; i++) {
        g_string_append_printf(want_json, "%s\"%s\": %" PRId64, i ? ", " : "",
                               want[i], qdict_get_int(dict, want[i]));
    }
    g_string_append_c(want_json, '}');
    json = qobject_to_json(QOBJECT(dict));
    g_assert_cmpstr(json->str, ==, want_json->str);

    g_strfreev(want);
    g_string_free(json, true);
    g_string_free(want_json, true);
    g_string_free(order, true);
    qobject_unref(dict);
}

#define KEYS(...) ((const char *const[]){__VA_ARGS__, NULL})

static void test_qdict_order_small(void)
{
    check_order(KEYS("major", "minor", "micro"), "micro, minor, major");
    check_order(KEYS("timestamp", "event", "data"), "timestamp, event, data");
    check_order(KEYS("return", "id"), "return, id");
    check_order(KEYS("id", "error"), "id, error");
    check_order(KEYS("class", "desc"), "class, desc");
    check_order(KEYS("status", "running"), "status, running");
    check_order(KEYS("running", "status"), "status, running");
    check_order(KEYS("capability", "state"), "state, capability");
    check_order(KEYS("version", "capabilities"), "version, capabilities");
    check_order(KEYS("qemu", "package"), "qemu, package");
    check_order(KEYS("seconds", "microseconds"), "seconds, microseconds");
    check_order(KEYS("guest", "reason"), "guest, reason");
}

static void test_qdict_order_migration_stats(void)
{
    check_order(KEYS("transferred", "remaining", "total", "duplicate", "normal",
                     "normal-bytes", "dirty-pages-rate", "mbps",
                     "dirty-sync-count", "postcopy-requests", "page-size",
                     "multifd-bytes", "pages-per-second", "precopy-bytes",
                     "downtime-bytes", "postcopy-bytes",
                     "dirty-sync-missed-zero-copy"),
                "total, postcopy-requests, dirty-sync-count, multifd-bytes, "
                "pages-per-second, downtime-bytes, page-size, remaining, "
                "postcopy-bytes, mbps, transferred, "
                "dirty-sync-missed-zero-copy, precopy-bytes, duplicate, "
                "dirty-pages-rate, normal-bytes, normal");
}

static void test_qdict_order_migration_info(void)
{
    check_order(KEYS("status", "ram", "vfio", "xbzrle-cache", "total-time",
                     "expected-downtime", "downtime", "setup-time",
                     "cpu-throttle-percentage", "error-desc", "blocked-reasons",
                     "postcopy-blocktime", "postcopy-vcpu-blocktime",
                     "postcopy-latency", "postcopy-latency-dist",
                     "postcopy-vcpu-latency", "postcopy-non-vcpu-latency",
                     "socket-address", "dirty-limit-throttle-time-per-round",
                     "dirty-limit-ring-full-time"),
                "expected-downtime, postcopy-blocktime, "
                "dirty-limit-ring-full-time, cpu-throttle-percentage, vfio, "
                "xbzrle-cache, postcopy-non-vcpu-latency, "
                "postcopy-vcpu-latency, status, postcopy-latency-dist, "
                "setup-time, error-desc, downtime, total-time, "
                "postcopy-latency, postcopy-vcpu-blocktime, ram, "
                "socket-address, blocked-reasons, "
                "dirty-limit-throttle-time-per-round");
}

static void test_qstring(void)
{
    QString *qs = qstring_from_substr("abcdef", 1, 4);
    GString *gs = g_string_new("from gstring");
    QString *empty = qstring_new();

    g_assert_cmpstr(qstring_get_str(qs), ==, "bcd");
    qobject_unref(qs);
    qs = qstring_from_gstring(gs);
    g_assert_cmpstr(qstring_get_str(qs), ==, "from gstring");
    g_assert_cmpstr(qstring_get_str(empty), ==, "");
    g_assert(!qobject_is_equal(QOBJECT(qs), QOBJECT(empty)));
    qobject_unref(qs);
    qobject_unref(empty);
}

int main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    g_test_add_func("/qobject/qtype/str", test_qtype_str);
    g_test_add_func("/qobject/qtype/cast", test_cast);
    g_test_add_func("/qobject/refcount/lifecycle", test_refcount_lifecycle);
    g_test_add_func("/qobject/refcount/autoptr", test_refcount_autoptr);
    g_test_add_func("/qobject/refcount/containers", test_containers_own_refs);
    g_test_add_func("/qobject/qlist/pop", test_qlist_pop);
    g_test_add_func("/qobject/qlist/copy-equal", test_qlist_copy_equal);
    g_test_add_func("/qobject/qnull/singleton", test_qnull_singleton);
    g_test_add_func("/qobject/qnull/threads", test_qnull_threads);
    g_test_add_func("/qobject/qnum/kinds", test_qnum_kinds);
    g_test_add_func("/qobject/qnum/equal", test_qnum_equal);
    g_test_add_func("/qobject/equal/mixed", test_is_equal_mixed);
    g_test_add_func("/qobject/qstring/basic", test_qstring);
    g_test_add_func("/qobject/qdict/basic", test_qdict_basic);
    g_test_add_func("/qobject/qdict/replace", test_qdict_replace);
    g_test_add_func("/qobject/qdict/iter-clone", test_qdict_iter_clone);
    g_test_add_func("/qobject/qdict/hash", test_qdict_hash);
    g_test_add_func("/qobject/qdict/order/small", test_qdict_order_small);
    g_test_add_func("/qobject/qdict/order/migration-stats",
                    test_qdict_order_migration_stats);
    g_test_add_func("/qobject/qdict/order/migration-info",
                    test_qdict_order_migration_info);
    return g_test_run();
}
