/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Fuzz target: the streaming JSON parser, qobject_from_json and the writer. */
#include "qemu/osdep.h"
#include <math.h>
#include "qapi/error.h"
#include "qobject/json-parser.h"
#include "qobject/qdict.h"
#include "qobject/qjson.h"
#include "qobject/qlist.h"
#include "qobject/qnum.h"
#include "fuzz-target.h"

/*
 * The whole input is JSON text, as a QMP client would send it; its
 * first byte also decides the chunk size (1 to 16 bytes) for one of the
 * two streaming runs, so the seeds stay plain QMP messages.
 *
 * Checked for every input:
 * - every callback carries exactly one of value and error, and an
 *   error has one of the parser's texts;
 * - the messages do not depend on how the input is cut into chunks;
 * - qobject_from_json() of the text up to its first NUL agrees with
 *   the streaming parser on that same text;
 * - every value, written back by qobject_to_json() (compact and
 *   pretty), parses to an equal value.
 */

typedef struct FuzzMessage {
    QObject *value; /* exactly one of value and error */
    char *error;
} FuzzMessage;

static const char *const parse_error_prefixes[] = {
    "JSON parse error, ",
    "JSON token size limit exceeded",
    "JSON token count limit exceeded",
    "JSON nesting depth limit exceeded",
};

static bool is_parse_error_text(const char *msg)
{
    size_t i;

    for (i = 0; i < ARRAY_SIZE(parse_error_prefixes); i++) {
        if (g_str_has_prefix(msg, parse_error_prefixes[i])) {
            return true;
        }
    }
    return false;
}

static void fuzz_message_free(gpointer p)
{
    FuzzMessage *m = p;

    qobject_unref(m->value);
    g_free(m->error);
    g_free(m);
}

static void record_message(void *opaque, QObject *json, Error *err)
{
    GPtrArray *log = opaque;
    FuzzMessage *m = g_new0(FuzzMessage, 1);

    FUZZ_CHECK(!json != !err);
    if (err) {
        m->error = g_strdup(error_get_pretty(err));
        FUZZ_CHECK(is_parse_error_text(m->error));
        error_free(err);
    } else {
        m->value = json;
    }
    g_ptr_array_add(log, m);
}

/* Messages of @len bytes at @text fed @chunk bytes at a time, then flush. */
static GPtrArray *stream_messages(const char *text, size_t len, size_t chunk)
{
    GPtrArray *log = g_ptr_array_new_with_free_func(fuzz_message_free);
    JSONMessageParser *parser =
        json_message_parser_new(record_message, log, NULL);
    size_t off, n;

    for (off = 0; off < len; off += n) {
        n = MIN(chunk, len - off);
        json_message_parser_feed(parser, text + off, n);
    }
    json_message_parser_flush(parser);
    json_message_parser_free(parser);
    return log;
}

static bool has_double(const QObject *obj, bool nonfinite_only)
{
    const QDictEntry *de;
    const QListEntry *le;
    QNum *num;

    switch (qobject_type(obj)) {
    case QTYPE_QNUM:
        num = qobject_to(QNum, obj);
        return num->kind == QNUM_DOUBLE &&
               (!nonfinite_only || !isfinite(num->u.dbl));
    case QTYPE_QDICT:
        for (de = qdict_first(qobject_to(QDict, obj)); de;
             de = qdict_next(qobject_to(QDict, obj), de)) {
            if (has_double(qdict_entry_value(de), nonfinite_only)) {
                return true;
            }
        }
        return false;
    case QTYPE_QLIST:
        QLIST_FOREACH_ENTRY(qobject_to(QList, obj), le) {
            if (has_double(qlist_entry_obj(le), nonfinite_only)) {
                return true;
            }
        }
        return false;
    default:
        return false;
    }
}

/*
 * Equality up to the number kind: the writer prints the double 100.0
 * as "100", which reads back as an integer, and qobject_is_equal()
 * (like QEMU's) never calls a double equal to an integer.
 */
static bool json_equiv(const QObject *a, const QObject *b)
{
    const QDictEntry *de;
    const QListEntry *la, *lb;
    QObject *other;
    QNum *na, *nb;

    if (qobject_type(a) != qobject_type(b)) {
        return false;
    }
    switch (qobject_type(a)) {
    case QTYPE_QNUM:
        na = qobject_to(QNum, a);
        nb = qobject_to(QNum, b);
        if (na->kind == QNUM_DOUBLE || nb->kind == QNUM_DOUBLE) {
            return qnum_get_double(na) == qnum_get_double(nb);
        }
        return qobject_is_equal(a, b);
    case QTYPE_QDICT:
        if (qdict_size(qobject_to(QDict, a)) !=
            qdict_size(qobject_to(QDict, b))) {
            return false;
        }
        for (de = qdict_first(qobject_to(QDict, a)); de;
             de = qdict_next(qobject_to(QDict, a), de)) {
            other = qdict_get(qobject_to(QDict, b), qdict_entry_key(de));
            if (!other || !json_equiv(qdict_entry_value(de), other)) {
                return false;
            }
        }
        return true;
    case QTYPE_QLIST:
        la = qlist_first(qobject_to(QList, a));
        lb = qlist_first(qobject_to(QList, b));
        for (; la && lb; la = qlist_next(la), lb = qlist_next(lb)) {
            if (!json_equiv(qlist_entry_obj(la), qlist_entry_obj(lb))) {
                return false;
            }
        }
        return !la && !lb;
    default:
        return qobject_is_equal(a, b);
    }
}

static int nesting_depth(const QObject *obj)
{
    const QDictEntry *de;
    const QListEntry *le;
    int depth = 0;

    switch (qobject_type(obj)) {
    case QTYPE_QDICT:
        for (de = qdict_first(qobject_to(QDict, obj)); de;
             de = qdict_next(qobject_to(QDict, obj), de)) {
            depth = MAX(depth, nesting_depth(qdict_entry_value(de)));
        }
        return depth + 1;
    case QTYPE_QLIST:
        QLIST_FOREACH_ENTRY(qobject_to(QList, obj), le) {
            depth = MAX(depth, nesting_depth(qlist_entry_obj(le)));
        }
        return depth + 1;
    default:
        return 0;
    }
}

/*
 * Write @value back as JSON and read it again.  The pretty layout is
 * skipped for deep values: its indentation grows with the square of
 * the depth and would only slow the fuzzer down.
 */
static void check_roundtrip(const QObject *value)
{
    bool skip = has_double(value, true); /* inf is written as "inf" */
    bool exact = !has_double(value, false);
    int layouts = nesting_depth(value) <= 64 ? 2 : 1;
    GString *text;
    QObject *again;
    Error *err = NULL;
    int pretty;

    for (pretty = 0; pretty < layouts; pretty++) {
        text = qobject_to_json_pretty(value, pretty);
        if (!skip) {
            again = qobject_from_json(text->str, &err);
            if (!again) {
                fprintf(stderr, "written JSON does not parse (%s):\n%s\n",
                        err ? error_get_pretty(err) : "empty", text->str);
                abort();
            }
            FUZZ_CHECK(json_equiv(value, again));
            FUZZ_CHECK(!exact || qobject_is_equal(value, again));
            qobject_unref(again);
        }
        g_string_free(text, true);
    }
}

static void check_same_messages(GPtrArray *a, GPtrArray *b)
{
    FuzzMessage *ma, *mb;
    guint i;

    FUZZ_CHECK(a->len == b->len);
    for (i = 0; i < a->len; i++) {
        ma = g_ptr_array_index(a, i);
        mb = g_ptr_array_index(b, i);
        if (ma->error) {
            FUZZ_CHECK(mb->error && !strcmp(ma->error, mb->error));
        } else {
            FUZZ_CHECK(mb->value && json_equiv(ma->value, mb->value));
        }
    }
}

/*
 * qobject_from_json() sees the text up to its first NUL: no message
 * gives NULL without error, a single value gives that value, anything
 * else the first error (or "at most one value" after a good one).
 */
static void check_from_json(const char *text, size_t len, GPtrArray *whole)
{
    char *str = g_strndup(text, len);
    size_t slen = strlen(str);
    GPtrArray *log = slen == len ? g_ptr_array_ref(whole)
                                 : stream_messages(str, slen, SIZE_MAX);
    FuzzMessage *first = log->len ? g_ptr_array_index(log, 0) : NULL;
    Error *err = NULL;
    QObject *obj = qobject_from_json(str, &err);

    if (!first) {
        FUZZ_CHECK(!obj && !err);
    } else if (log->len == 1 && first->value) {
        FUZZ_CHECK(obj && !err && json_equiv(obj, first->value));
    } else {
        FUZZ_CHECK(!obj && err);
        FUZZ_CHECK(!strcmp(error_get_pretty(err),
                           first->error ? first->error
                                        : "Expecting at most one JSON value"));
    }
    qobject_unref(obj);
    error_free(err);
    g_ptr_array_unref(log);
    g_free(str);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const char *text = (const char *)data;
    GPtrArray *whole, *chunked;
    FuzzMessage *m;
    guint i;

    if (size == 0) {
        return 0;
    }
    whole = stream_messages(text, size, SIZE_MAX);
    chunked = stream_messages(text, size, (data[0] & 15) + 1);
    check_same_messages(whole, chunked);
    for (i = 0; i < whole->len; i++) {
        m = g_ptr_array_index(whole, i);
        if (m->value) {
            check_roundtrip(m->value);
        }
    }
    check_from_json(text, size, whole);
    g_ptr_array_unref(chunked);
    g_ptr_array_unref(whole);
    return 0;
}
