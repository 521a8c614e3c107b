/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Unit tests for the JSON reader (lexer, streamer, parser) and writer. */
#include "qemu/osdep.h"
#include <math.h>
#include "qapi/error.h"
#include "qobject/json-parser.h"
#include "qobject/qbool.h"
#include "qobject/qdict.h"
#include "qobject/qjson.h"
#include "qobject/qlist.h"
#include "qobject/qnull.h"
#include "qobject/qnum.h"
#include "qobject/qstring.h"

/* Helpers */

static char *to_json_str(const QObject *obj)
{
    return g_string_free(qobject_to_json(obj), false);
}

/* Parse @json, which must be valid, and return its compact text. */
static char *reformat(const char *json)
{
    QObject *obj = qobject_from_json(json, &error_abort);
    char *out;

    g_assert(obj);
    out = to_json_str(obj);
    qobject_unref(obj);
    return out;
}

static void check_reformat(const char *json, const char *expected)
{
    char *out = reformat(json);

    g_assert_cmpstr(out, ==, expected);
    g_free(out);
}

/* Parse @json, which must fail, and check the error text. */
static void check_error(const char *json, const char *expected)
{
    Error *err = NULL;
    QObject *obj = qobject_from_json(json, &err);

    g_assert_null(obj);
    g_assert(err);
    g_assert_cmpstr(error_get_pretty(err), ==, expected);
    error_free(err);
}

static QObject *parse_ok(const char *json)
{
    QObject *obj = qobject_from_json(json, &error_abort);

    g_assert(obj);
    return obj;
}

/*
 * Streaming: every emitted message becomes one line of a log,
 * "ok <compact json>" or "err <message>".
 */
static void record_message(void *opaque, QObject *json, Error *err)
{
    GString *log = opaque;
    char *text;

    g_assert(!json != !err);
    if (json) {
        text = to_json_str(json);
        g_string_append_printf(log, "ok %s\n", text);
        g_free(text);
        qobject_unref(json);
    } else {
        g_string_append_printf(log, "err %s\n", error_get_pretty(err));
        error_free(err);
    }
}

/* Feed @len bytes of @input in chunks of @chunk, then flush. */
static char *stream(const char *input, size_t len, size_t chunk)
{
    GString *log = g_string_new(NULL);
    JSONMessageParser *parser =
        json_message_parser_new(record_message, log, NULL);
    size_t off, n;

    for (off = 0; off < len; off += n) {
        n = MIN(chunk, len - off);
        json_message_parser_feed(parser, input + off, n);
    }
    json_message_parser_flush(parser);
    json_message_parser_free(parser);
    return g_string_free(log, false);
}

/* Stream @input whole, byte by byte and in odd chunks: same log. */
static void check_stream(const char *input, size_t len, const char *expected)
{
    static const size_t chunks[] = {SIZE_MAX, 1, 2, 3, 7, 64};
    char *log;
    size_t i;

    for (i = 0; i < ARRAY_SIZE(chunks); i++) {
        log = stream(input, len, chunks[i]);
        g_assert_cmpstr(log, ==, expected);
        g_free(log);
    }
}

#define CHECK_STREAM(lit, expected) check_stream(lit, sizeof(lit) - 1, expected)

/* Numbers and keywords */

static void test_parse_numbers(void)
{
    static const struct {
        const char *json;
        QNumKind kind;
        const char *out;
    } cases[] = {
        {"0", QNUM_I64, "0"},
        {"-0", QNUM_I64, "0"},
        {"42", QNUM_I64, "42"},
        {"-42", QNUM_I64, "-42"},
        {"9223372036854775807", QNUM_I64, "9223372036854775807"},
        {"-9223372036854775808", QNUM_I64, "-9223372036854775808"},
        {"9223372036854775808", QNUM_U64, "9223372036854775808"},
        {"18446744073709551615", QNUM_U64, "18446744073709551615"},
        {"18446744073709551616", QNUM_DOUBLE, "1.8446744073709552e+19"},
        {"-9223372036854775809", QNUM_DOUBLE, "-9.2233720368547758e+18"},
        {"99999999999999999999999", QNUM_DOUBLE, "9.9999999999999992e+22"},
        {"1.5", QNUM_DOUBLE, "1.5"},
        {"0.1", QNUM_DOUBLE, "0.10000000000000001"},
        {"-0.0", QNUM_DOUBLE, "-0"},
        {"0.0", QNUM_DOUBLE, "0"},
        {"1E2", QNUM_DOUBLE, "100"},
        {"1e-2", QNUM_DOUBLE, "0.01"},
        {"2.5e+3", QNUM_DOUBLE, "2500"},
        {"1e400", QNUM_DOUBLE, "inf"},
        {"-1e400", QNUM_DOUBLE, "-inf"},
    };
    size_t i;
    QObject *obj;
    char *out;

    for (i = 0; i < ARRAY_SIZE(cases); i++) {
        obj = parse_ok(cases[i].json);
        g_assert_cmpint(qobject_to(QNum, obj)->kind, ==, cases[i].kind);
        out = to_json_str(obj);
        g_assert_cmpstr(out, ==, cases[i].out);
        g_free(out);
        qobject_unref(obj);
    }

    obj = parse_ok("1e400");
    g_assert(isinf(qnum_get_double(qobject_to(QNum, obj))));
    qobject_unref(obj);
}

static void test_parse_keywords(void)
{
    QObject *obj;

    obj = parse_ok("true");
    g_assert(qbool_get_bool(qobject_to(QBool, obj)));
    qobject_unref(obj);
    obj = parse_ok(" false ");
    g_assert(!qbool_get_bool(qobject_to(QBool, obj)));
    qobject_unref(obj);
    obj = parse_ok("null");
    g_assert(obj == QOBJECT(&qnull_));
    qobject_unref(obj);

    check_error("nul", "JSON parse error, invalid keyword 'nul'");
    check_error("truefalse", "JSON parse error, invalid keyword 'truefalse'");
    check_error("[nan]", "JSON parse error, invalid keyword 'nan'");
    /* Only lower-case letters start a keyword */
    check_error("True", "JSON parse error, stray 'T'");
}

static void test_parse_empty(void)
{
    Error *err = NULL;

    g_assert_null(qobject_from_json("", &err));
    g_assert_null(err);
    g_assert_null(qobject_from_json(" \t\r\n ", &err));
    g_assert_null(err);
}

/* Strings */

static void test_parse_string_escapes(void)
{
    QObject *obj;

    obj = parse_ok("\"\\\"\\\\\\/\\b\\f\\n\\r\\t\\'\"");
    g_assert_cmpstr(qstring_get_str(qobject_to(QString, obj)), ==,
                    "\"\\/\b\f\n\r\t'");
    qobject_unref(obj);

    obj = parse_ok("'it\\'s \"quoted\"'");
    g_assert_cmpstr(qstring_get_str(qobject_to(QString, obj)), ==,
                    "it's \"quoted\"");
    qobject_unref(obj);

    obj = parse_ok("'a\\\"b'");
    g_assert_cmpstr(qstring_get_str(qobject_to(QString, obj)), ==, "a\"b");
    qobject_unref(obj);

    obj = parse_ok("\"\\u0041\\u00e9\\u20AC\\uD83D\\uDE00\"");
    g_assert_cmpstr(qstring_get_str(qobject_to(QString, obj)), ==,
                    "A\xC3\xA9\xE2\x82\xAC\xF0\x9F\x98\x80");
    qobject_unref(obj);

    /* Raw UTF-8 passes through */
    obj = parse_ok("\"\xC3\xA9\xE2\x82\xAC\xF0\x9F\x98\x80\"");
    g_assert_cmpstr(qstring_get_str(qobject_to(QString, obj)), ==,
                    "\xC3\xA9\xE2\x82\xAC\xF0\x9F\x98\x80");
    qobject_unref(obj);

    /* U+0000 is kept as modified UTF-8 and written back as \u0000 */
    obj = parse_ok("\"a\\u0000b\"");
    g_assert_cmpstr(qstring_get_str(qobject_to(QString, obj)), ==,
                    "a\xC0\x80"
                    "b");
    qobject_unref(obj);
    check_reformat("\"a\\u0000b\"", "\"a\\u0000b\"");

    check_error("\"\\x\"",
                "JSON parse error, invalid escape sequence in string");
    check_error("\"\\a\"",
                "JSON parse error, invalid escape sequence in string");
    check_error("\"\\u12G4\"",
                "JSON parse error, invalid hex escape sequence in string");
    check_error("\"\\u12\"",
                "JSON parse error, invalid hex escape sequence in string");
    check_error("\"\\uD800\"",
                "JSON parse error, \\uD800 is not a valid Unicode character");
    check_error("\"\\uD800\\u0041\"",
                "JSON parse error, \\uD800 is not a valid Unicode character");
    check_error("\"\\uDC00\"",
                "JSON parse error, \\uDC00 is not a valid Unicode character");
    check_error("\"\\uFFFF\"",
                "JSON parse error, \\uFFFF is not a valid Unicode character");
}

static void test_parse_invalid_utf8(void)
{
    static const char *const bad[] = {
        "\"\x80\"",                 /* lone continuation byte */
        "\"\xC3\"",                 /* truncated 2-byte */
        "\"\xE2\x82\"",             /* truncated 3-byte */
        "\"\xF0\x9F\x98\"",         /* truncated 4-byte */
        "\"\xC3x\"",                /* lead byte then ASCII */
        "\"\xC0\xAF\"",             /* overlong '/' */
        "\"\xC1\xBF\"",             /* overlong */
        "\"\xE0\x80\xAF\"",         /* overlong 3-byte */
        "\"\xF0\x80\x80\xAF\"",     /* overlong 4-byte */
        "\"\xED\xA0\x80\"",         /* UTF-16 surrogate U+D800 */
        "\"\xED\xBF\xBF\"",         /* UTF-16 surrogate U+DFFF */
        "\"\xF4\x90\x80\x80\"",     /* above U+10FFFF */
        "\"\xF8\x88\x80\x80\x80\"", /* 5-byte form */
        "\"\xEF\xBF\xBF\"",         /* noncharacter U+FFFF */
    };
    size_t i;

    for (i = 0; i < ARRAY_SIZE(bad); i++) {
        check_error(bad[i],
                    "JSON parse error, invalid UTF-8 sequence in string");
    }

    /* 0xFE and 0xFF can never appear in UTF-8: lexical errors */
    check_error("\"a\xFF\"", "JSON parse error, stray '\"a\xFF'");
    check_error("\"a\xFE\"", "JSON parse error, stray '\"a\xFE'");
    check_error("\xFF", "JSON parse error, stray '\xFF'");
}

static void test_parse_control_chars(void)
{
    char json[8];
    char expected[64];
    int c;

    for (c = 1; c < 0x20; c++) {
        g_snprintf(json, sizeof(json), "\"a%cb\"", c);
        g_snprintf(expected, sizeof(expected),
                   "JSON parse error, stray '\"a%c'", c);
        check_error(json, expected);
    }
    /* Same after a backslash */
    check_error("\"\\\n\"", "JSON parse error, stray '\"\\\n'");
    /* DEL is an ordinary character */
    check_reformat("\"\x7F\"", "\"\\u007F\"");
    /* NUL (only reachable by streaming) */
    CHECK_STREAM("\"a\0\"", "err JSON parse error, stray '\"a'\n");
}

/* Syntax errors */

static void test_parse_errors(void)
{
    static const struct {
        const char *json;
        const char *err;
    } cases[] = {
        {"[1 2]", "expected separator in list"},
        {"[1:2]", "expected separator in list"},
        {"{\"a\": 1 \"b\": 2}", "expected separator in dict"},
        {"{\"a\": 1]", "expected separator in dict"},
        {"{\"a\" 1}", "missing : in object pair"},
        {"{\"a\"}", "missing : in object pair"},
        {"{1: 2}", "key is not a string in object"},
        {"{null: 2}", "key is not a string in object"},
        {"{\"a\": 1, \"a\": 2}", "duplicate key"},
        {"[1,]", "expecting value"},
        {"[,]", "expecting value"},
        {"{\"a\": 1,}", "expecting value"},
        {"{,}", "expecting value"},
        {"{\"a\":}", "expecting value"},
        {"]", "expecting value"},
        {"}", "expecting value"},
        {":", "expecting value"},
        {",", "expecting value"},
        {"[", "premature EOI"},
        {"{", "premature EOI"},
        {"[1", "premature EOI"},
        {"[1,", "premature EOI"},
        {"{\"a\"", "premature EOI"},
        {"{\"a\":", "premature EOI"},
        {"{\"a\": 1", "premature EOI"},
        {"{\"a\": 1,", "premature EOI"},
        {"\"abc", "stray '\"abc'"},
        {"'abc", "stray ''abc'"},
        {"[\"a\\", "stray '\"a\\'"},
        {"-", "stray '-'"},
        {"-x", "stray '-x'"},
        {"1.", "stray '1.'"},
        {"1.e5", "stray '1.e'"},
        {"1e", "stray '1e'"},
        {"1e+", "stray '1e+'"},
        {"@", "stray '@'"},
        {"%d", "stray '%'"},
        {"[1, #]", "stray '#'"},
    };
    char *expected;
    size_t i;

    for (i = 0; i < ARRAY_SIZE(cases); i++) {
        expected = g_strdup_printf("JSON parse error, %s", cases[i].err);
        check_error(cases[i].json, expected);
        g_free(expected);
    }

    check_error("1 2", "Expecting at most one JSON value");
    check_error("{} x", "Expecting at most one JSON value");
    check_error("[] [", "Expecting at most one JSON value");
}

/* Streaming */

static void test_stream_messages(void)
{
    /* Messages need no separator; whitespace between them is ignored */
    CHECK_STREAM("{\"a\": 1}{\"b\": [2]} \r\n [3]\"s\"'t' 4 true null -5.5",
                 "ok {\"a\": 1}\n"
                 "ok {\"b\": [2]}\n"
                 "ok [3]\n"
                 "ok \"s\"\n"
                 "ok \"t\"\n"
                 "ok 4\n"
                 "ok true\n"
                 "ok null\n"
                 "ok -5.5\n");
    /* A number ends at the first byte that cannot continue it */
    CHECK_STREAM("12[]", "ok 12\nok []\n");
    CHECK_STREAM("01", "ok 0\nok 1\n");
}

static void emit_count(void *opaque, QObject *json, Error *err)
{
    int *count = opaque;

    g_assert(json && !err);
    (*count)++;
    qobject_unref(json);
}

static void test_stream_emit_timing(void)
{
    int count = 0;
    JSONMessageParser *parser =
        json_message_parser_new(emit_count, &count, NULL);

    /* Containers and strings are emitted on their last byte */
    json_message_parser_feed(parser, "{\"a\": [1", 8);
    g_assert_cmpint(count, ==, 0);
    json_message_parser_feed(parser, "]}", 2);
    g_assert_cmpint(count, ==, 1);
    json_message_parser_feed(parser, "\"str\"", 5);
    g_assert_cmpint(count, ==, 2);
    /* A bare number or keyword needs the byte after it */
    json_message_parser_feed(parser, "123", 3);
    g_assert_cmpint(count, ==, 2);
    json_message_parser_feed(parser, "\n", 1);
    g_assert_cmpint(count, ==, 3);
    json_message_parser_feed(parser, "true", 4);
    g_assert_cmpint(count, ==, 3);
    json_message_parser_flush(parser);
    g_assert_cmpint(count, ==, 4);
    json_message_parser_free(parser);
}

static void test_stream_resync(void)
{
    /* A stray byte is reported, then the next message still parses */
    CHECK_STREAM("\x01{\"execute\": \"x\"}",
                 "err JSON parse error, stray '\x01'\n"
                 "ok {\"execute\": \"x\"}\n");
    /* Recovery skips to the next structural character */
    CHECK_STREAM("{\"a\": @junk}{\"b\": 1}",
                 "err JSON parse error, stray '@'\n"
                 "err JSON parse error, expecting value\n"
                 "ok {\"b\": 1}\n");
    /* 0xFF inside a string ends it; a newline resyncs */
    CHECK_STREAM("{\"execute\": \"x\xFF garbage \" more\n{\"b\": 2}",
                 "err JSON parse error, stray '\"x\xFF'\n"
                 "ok {\"b\": 2}\n");
    /* A parse error mid-message drops that message only */
    CHECK_STREAM("{\"a\" 1} [1, 2]",
                 "err JSON parse error, missing : in object pair\n"
                 "ok [1, 2]\n");
    /* Unbalanced closers each give an error */
    CHECK_STREAM("]}{}", "err JSON parse error, expecting value\n"
                         "err JSON parse error, expecting value\n"
                         "ok {}\n");
}

static void test_stream_chunking(void)
{
    static const char input[] =
        "{\"execute\": \"query-status\", \"id\": 1}\n"
        "{'execute': 'migrate', 'arguments': {'uri': 'tcp:0:4444'}}"
        "[1, -2.5e3, 18446744073709551615, \"\\u00e9\\uD83D\\uDE00\"]"
        "  \x02 {\"ok\": true} {\"dup\": 1, \"dup\": 2} \"\xC3\xA9\" 7 ";
    static const char expected[] =
        "ok {\"execute\": \"query-status\", \"id\": 1}\n"
        "ok {\"execute\": \"migrate\", \"arguments\": {\"uri\": "
        "\"tcp:0:4444\"}}\n"
        "ok [1, -2500, 18446744073709551615, \"\\u00E9\\uD83D\\uDE00\"]\n"
        "err JSON parse error, stray '\x02'\n"
        "ok {\"ok\": true}\n"
        "err JSON parse error, duplicate key\n"
        "ok \"\\u00E9\"\n"
        "ok 7\n";

    check_stream(input, sizeof(input) - 1, expected);
}

static void test_stream_truncated(void)
{
    static const char msg[] =
        "{\"execute\": \"migrate\", \"arguments\": {\"uri\": \"tcp:0:4444\", "
        "\"n\": [1, -2.5e3, true, null, {}]}, 'id': 'x\\u00e9'}";
    size_t len = sizeof(msg) - 1;
    size_t i;
    char *log;

    for (i = 1; i < len; i++) {
        log = stream(msg, i, SIZE_MAX);
        /* Exactly one message: an error, never a value or a crash */
        g_assert(g_str_has_prefix(log, "err JSON parse error, "));
        g_assert(strchr(log, '\n') == log + strlen(log) - 1);
        g_assert(
            g_str_has_prefix(log, "err JSON parse error, premature EOI\n") ||
            g_str_has_prefix(log, "err JSON parse error, stray '") ||
            g_str_has_prefix(log, "err JSON parse error, invalid keyword"));
        g_free(log);
    }
    log = stream(msg, len, SIZE_MAX);
    g_assert(g_str_has_prefix(log, "ok {"));
    g_free(log);

    /* A few exact cases */
    log = stream(msg, 1, SIZE_MAX);
    g_assert_cmpstr(log, ==, "err JSON parse error, premature EOI\n");
    g_free(log);
    log = stream(msg, 5, SIZE_MAX);
    g_assert_cmpstr(log, ==, "err JSON parse error, stray '\"exe'\n");
    g_free(log);
    log = stream(msg, 12, SIZE_MAX);
    g_assert_cmpstr(log, ==, "err JSON parse error, premature EOI\n");
    g_free(log);
}

/* Limits */

static char *nested_lists(int depth)
{
    GString *s = g_string_new(NULL);
    int i;

    for (i = 0; i < depth; i++) {
        g_string_append_c(s, '[');
    }
    for (i = 0; i < depth; i++) {
        g_string_append_c(s, ']');
    }
    return g_string_free(s, false);
}

static void test_nesting_limit(void)
{
    char *json = nested_lists(JSON_MAX_NESTING);
    QObject *obj = parse_ok(json);
    GString *deep = g_string_new(NULL);
    char *out = to_json_str(obj);
    char *log;
    int i;

    g_assert_cmpstr(out, ==, json);
    g_free(out);
    g_free(json);
    qobject_unref(obj);

    json = nested_lists(JSON_MAX_NESTING + 1);
    check_error(json, "JSON nesting depth limit exceeded");
    /* Streaming: the limit error comes first and the parser goes on */
    log = stream(json, strlen(json), SIZE_MAX);
    g_assert(g_str_has_prefix(log, "err JSON nesting depth limit exceeded\n"));
    g_free(log);
    g_free(json);

    /* Braces and brackets count together */
    for (i = 0; i <= JSON_MAX_NESTING / 2; i++) {
        g_string_append(deep, "{\"a\": [");
    }
    check_error(deep->str, "JSON nesting depth limit exceeded");
    g_string_free(deep, true);
}

static char *big_string_json(size_t len)
{
    char *json = g_malloc(len + 3);

    json[0] = '"';
    memset(json + 1, 'x', len);
    json[len + 1] = '"';
    json[len + 2] = '\0';
    return json;
}

static void test_large_string(void)
{
    size_t len = 10 * 1000 * 1000;
    char *json = big_string_json(len);
    GTimer *timer = g_timer_new();
    QObject *obj = parse_ok(json);
    double secs = g_timer_elapsed(timer, NULL);

    g_assert_cmpuint(strlen(qstring_get_str(qobject_to(QString, obj))), ==,
                     len);
    /* Linear time: generous bound for slow CI machines */
    g_assert_cmpfloat(secs, <, 2.0);
    g_timer_destroy(timer);
    qobject_unref(obj);
    g_free(json);
}

static void test_token_size_limit(void)
{
    char *json = big_string_json(65 << 20);
    char *half = big_string_json(33 << 20);
    char *list = g_strdup_printf("[%s, %s]", half, half);
    char *log;

    check_error(json, "JSON token size limit exceeded");
    /* The limit is on the sum of the message's tokens */
    check_error(list, "JSON token size limit exceeded");
    /* One message over the limit does not affect the next */
    g_free(list);
    list = g_strdup_printf("%s[%s]", json, "1");
    log = stream(list, strlen(list), 1 << 20);
    g_assert_cmpstr(log, ==, "err JSON token size limit exceeded\nok [1]\n");
    g_free(log);
    g_free(list);
    g_free(half);
    g_free(json);
}

static char *long_list(size_t elements)
{
    GString *s = g_string_sized_new(elements * 2 + 2);
    size_t i;

    g_string_append_c(s, '[');
    for (i = 0; i < elements; i++) {
        g_string_append(s, i ? ",0" : "0");
    }
    g_string_append_c(s, ']');
    return g_string_free(s, false);
}

static void test_token_count_limit(void)
{
    /* n elements take 2n + 1 tokens */
    char *ok = long_list(JSON_MAX_TOKEN_COUNT / 2 - 1);
    char *bad = long_list(JSON_MAX_TOKEN_COUNT / 2);
    QObject *obj = parse_ok(ok);

    g_assert_cmpuint(qlist_size(qobject_to(QList, obj)), ==,
                     JSON_MAX_TOKEN_COUNT / 2 - 1);
    qobject_unref(obj);
    check_error(bad, "JSON token count limit exceeded");
    g_free(ok);
    g_free(bad);
}

/* Damaged QMP input: bit flips, truncation, oversized messages */

/* Realistic QMP messages to damage. */
static const char *const qmp_samples[] = {
    "{\"execute\": \"migrate-set-parameters\", \"arguments\": "
    "{\"max-bandwidth\": 134217728, \"tls-creds\": \"tls0\", "
    "\"multifd-channels\": 4, \"downtime-limit\": 300}, "
    "\"id\": \"libvirt-12\"}",
    "{\"execute\": \"migrate\", \"arguments\": {\"channels\": "
    "[{\"channel-type\": \"main\", \"addr\": {\"transport\": \"socket\", "
    "\"type\": \"inet\", \"host\": \"192.168.1.2\", \"port\": \"4444\"}}], "
    "\"detach\": true, \"resume\": false}, \"id\": \"libvirt-13\"}",
    "{'execute': 'migrate-set-capabilities', 'arguments': "
    "{'capabilities': [{'capability': 'xbzrle', 'state': true}, "
    "{'capability': 'postcopy-ram', 'state': false}]}, 'id': 'x\\'1'}",
    "{\"execute\": \"qom-set\", \"arguments\": {\"path\": "
    "\"/machine/n\\u00e9t0\", \"property\": \"x-\\u20AC\\uD83D\\uDE00\", "
    "\"value\": [\"caf\xC3\xA9 \xE2\x82\xAC \xF0\x9F\x98\x80 \xEF\xBF\xBD\", "
    "\"\\\"q\\\"\\n\\t\\u0000\\/\", -1.5e3, 0, null, {}]}, \"id\": 7}",
};

/* What every test below sends after the damaged message. */
#define QMP_NEXT "{\"execute\": \"query-status\"}"

/* One callback of the streaming parser: exactly one field is set. */
typedef struct StreamEntry {
    QObject *value;
    char *error;
} StreamEntry;

static void stream_entry_free(gpointer p)
{
    StreamEntry *e = p;

    qobject_unref(e->value);
    g_free(e->error);
    g_free(e);
}

/* The texts the reader may report; qobject_from_json adds "at most one" */
static bool is_reader_error(const char *msg)
{
    return g_str_has_prefix(msg, "JSON parse error, ") ||
           !strcmp(msg, "JSON token size limit exceeded") ||
           !strcmp(msg, "JSON token count limit exceeded") ||
           !strcmp(msg, "JSON nesting depth limit exceeded");
}

static void record_entry(void *opaque, QObject *json, Error *err)
{
    GPtrArray *log = opaque;
    StreamEntry *e = g_new0(StreamEntry, 1);

    g_assert(!json != !err);
    if (err) {
        e->error = g_strdup(error_get_pretty(err));
        g_assert(is_reader_error(e->error));
        error_free(err);
    } else {
        e->value = json;
    }
    g_ptr_array_add(log, e);
}

static StreamEntry *entry_at(GPtrArray *log, guint i)
{
    return g_ptr_array_index(log, i);
}

/* Is entry @i of @log the value of QMP_NEXT? */
static bool entry_is_next(GPtrArray *log, guint i)
{
    static const char next[] = QMP_NEXT;
    StreamEntry *e;
    char *text;
    bool same;

    if (i >= log->len || !entry_at(log, i)->value) {
        return false;
    }
    e = entry_at(log, i);
    text = to_json_str(e->value);
    same = !strcmp(text, next);
    g_free(text);
    return same;
}

/* @log as text, one line per entry, to compare two runs. */
static char *log_text(GPtrArray *log)
{
    GString *out = g_string_new(NULL);
    char *text;
    guint i;

    for (i = 0; i < log->len; i++) {
        if (entry_at(log, i)->error) {
            g_string_append_printf(out, "err %s\n", entry_at(log, i)->error);
        } else {
            text = to_json_str(entry_at(log, i)->value);
            g_string_append_printf(out, "ok %s\n", text);
            g_free(text);
        }
    }
    return g_string_free(out, false);
}

static void feed_in_chunks(JSONMessageParser *parser, const char *input,
                           size_t len, size_t chunk)
{
    size_t off, n;

    for (off = 0; off < len; off += n) {
        n = MIN(chunk, len - off);
        json_message_parser_feed(parser, input + off, n);
    }
}

/* Stream @len bytes of @input whole, then flush: the callbacks. */
static GPtrArray *stream_entries(const char *input, size_t len)
{
    GPtrArray *log = g_ptr_array_new_with_free_func(stream_entry_free);
    JSONMessageParser *parser =
        json_message_parser_new(record_entry, log, NULL);

    json_message_parser_feed(parser, input, len);
    json_message_parser_flush(parser);
    json_message_parser_free(parser);
    return log;
}

/*
 * qobject_from_json() on @input up to its first NUL, checked against
 * the streaming parser on the same bytes (no callback: NULL and no
 * error; one value: that value; otherwise the first error, or "at most
 * one value" after a good one).  Returns whether it gave a value.
 */
static bool check_damaged_parse(const char *input, size_t len)
{
    char *str = g_strndup(input, len);
    GPtrArray *log = stream_entries(str, strlen(str));
    Error *err = NULL;
    QObject *obj = qobject_from_json(str, &err);
    char *got, *want;
    bool ok = obj != NULL;

    if (log->len == 0) {
        g_assert_null(obj);
        g_assert_null(err);
    } else if (log->len == 1 && entry_at(log, 0)->value) {
        g_assert_nonnull(obj);
        g_assert_null(err);
        got = to_json_str(obj);
        want = to_json_str(entry_at(log, 0)->value);
        g_assert_cmpstr(got, ==, want);
        g_free(got);
        g_free(want);
    } else {
        g_assert_null(obj);
        g_assert_nonnull(err);
        g_assert_cmpstr(error_get_pretty(err), ==,
                        entry_at(log, 0)->error
                            ? entry_at(log, 0)->error
                            : "Expecting at most one JSON value");
    }
    qobject_unref(obj);
    error_free(err);
    g_ptr_array_unref(log);
    g_free(str);
    return ok;
}

/*
 * Stream the @len bytes of @input, then QMP_NEXT, @chunk bytes at a
 * time; flush; then QMP_NEXT again and flush.  Returns the log text.
 *
 * What holds for any @input, damaged or not:
 * - either the parser has resynchronised: the last callback before the
 *   flush is QMP_NEXT's value, at least one callback for @input comes
 *   before it (unless @input is blank), and the flush emits nothing;
 * - or @input left a string, token or bracket open that legitimately
 *   swallowed QMP_NEXT: then QMP_NEXT's bytes and the flush give at
 *   least one error - the damage is reported, never dropped silently
 *   (an open bracket is reported by the flush, an open string by the
 *   flush or by the bytes of QMP_NEXT lexed out of step, such as
 *   "-s" in query-status);
 * - after the flush the parser starts afresh: the second QMP_NEXT
 *   gives exactly its value, and the second flush nothing.
 * A parser that lost the next message, stayed stuck after an error or
 * dropped an incomplete message at the flush fails one of these.
 * *@swallowed says which case it was.
 */
static char *check_damaged_stream(const char *input, size_t len, size_t chunk,
                                  bool *swallowed)
{
    static const char next[] = QMP_NEXT;
    GPtrArray *log = g_ptr_array_new_with_free_func(stream_entry_free);
    JSONMessageParser *parser =
        json_message_parser_new(record_entry, log, NULL);
    bool blank = strspn(input, " \t\r\n") >= len;
    guint before_next, before_flush, after_flush, i;
    bool reported = false;
    char *text;

    feed_in_chunks(parser, input, len, chunk);
    before_next = log->len;
    feed_in_chunks(parser, next, sizeof(next) - 1, chunk);
    before_flush = log->len;
    json_message_parser_flush(parser);
    after_flush = log->len;

    *swallowed = !(before_flush > 0 && entry_is_next(log, before_flush - 1));
    if (!*swallowed) {
        g_assert_cmpuint(before_flush, >=, blank ? 1 : 2);
        g_assert_cmpuint(after_flush, ==, before_flush);
    } else {
        for (i = before_next; i < after_flush; i++) {
            reported |= entry_at(log, i)->error != NULL;
        }
        g_assert(reported);
    }

    feed_in_chunks(parser, next, sizeof(next) - 1, chunk);
    g_assert_cmpuint(log->len, ==, after_flush + 1);
    g_assert(entry_is_next(log, after_flush));
    json_message_parser_flush(parser);
    g_assert_cmpuint(log->len, ==, after_flush + 1);

    json_message_parser_free(parser);
    text = log_text(log);
    g_ptr_array_unref(log);
    return text;
}

/* Both stream checks, whole and byte by byte: the same callbacks. */
static bool check_damaged_stream_chunked(const char *input, size_t len)
{
    bool swallowed, swallowed_bytewise;
    char *whole = check_damaged_stream(input, len, SIZE_MAX, &swallowed);
    char *bytewise = check_damaged_stream(input, len, 1, &swallowed_bytewise);

    g_assert_cmpstr(whole, ==, bytewise);
    g_assert(swallowed == swallowed_bytewise);
    g_free(whole);
    g_free(bytewise);
    return swallowed;
}

/*
 * Every single-bit flip of every sample.  Each flip must give an error
 * or a value (a flip inside a string or a digit can leave valid JSON),
 * and both must occur, or the samples are not exercising anything.
 */
static void test_parse_bit_flips(void)
{
    unsigned values = 0, errors = 0;
    size_t i, bit, len;
    char *buf;

    for (i = 0; i < ARRAY_SIZE(qmp_samples); i++) {
        len = strlen(qmp_samples[i]);
        g_assert(check_damaged_parse(qmp_samples[i], len));
        buf = g_strdup(qmp_samples[i]);
        for (bit = 0; bit < len * 8; bit++) {
            buf[bit / 8] ^= 1 << (bit % 8);
            if (check_damaged_parse(buf, len)) {
                values++;
            } else {
                errors++;
            }
            buf[bit / 8] ^= 1 << (bit % 8);
        }
        g_free(buf);
    }
    g_assert_cmpuint(values, >, 0);
    g_assert_cmpuint(errors, >, values);
}

static void test_stream_bit_flips(void)
{
    unsigned resynced = 0, swallowed = 0;
    size_t i, bit, len;
    char *buf;

    for (i = 0; i < ARRAY_SIZE(qmp_samples); i++) {
        len = strlen(qmp_samples[i]);
        g_assert(!check_damaged_stream_chunked(qmp_samples[i], len));
        buf = g_strdup(qmp_samples[i]);
        for (bit = 0; bit < len * 8; bit++) {
            buf[bit / 8] ^= 1 << (bit % 8);
            if (check_damaged_stream_chunked(buf, len)) {
                swallowed++;
            } else {
                resynced++;
            }
            buf[bit / 8] ^= 1 << (bit % 8);
        }
        g_free(buf);
    }
    /* Most flips resynchronise at once; some open a string or bracket */
    g_assert_cmpuint(swallowed, >, 0);
    g_assert_cmpuint(resynced, >, swallowed);
}

/* Every proper prefix of every sample: never a value. */
static void test_parse_prefixes(void)
{
    size_t i, len;

    for (i = 0; i < ARRAY_SIZE(qmp_samples); i++) {
        for (len = 0; len < strlen(qmp_samples[i]); len++) {
            g_assert(!check_damaged_parse(qmp_samples[i], len));
        }
    }
    /* The empty prefix alone is no error */
    g_assert_null(qobject_from_json("", &error_abort));
}

/*
 * Every proper prefix of every sample, on its own and followed by the
 * next message.  On its own, the flush reports exactly one error (a
 * prefix is an unfinished object); followed by QMP_NEXT, the rules of
 * check_damaged_stream() apply.
 */
static void test_stream_prefixes(void)
{
    GPtrArray *log;
    size_t i, len;

    for (i = 0; i < ARRAY_SIZE(qmp_samples); i++) {
        for (len = 1; len < strlen(qmp_samples[i]); len++) {
            log = stream_entries(qmp_samples[i], len);
            g_assert_cmpuint(log->len, ==, 1);
            g_assert_nonnull(entry_at(log, 0)->error);
            g_ptr_array_unref(log);
            check_damaged_stream_chunked(qmp_samples[i], len);
        }
    }
}

/*
 * Oversized messages followed by the next one: the limit error comes
 * first, whatever is left of the big message gives only errors, and
 * the next message is delivered.  The message is @head, @fill_len
 * bytes of @fill, then @tail, fed in pieces so that no 64 MiB copy of
 * it is needed.
 */
static void check_oversized_then_next(const char *head, char fill,
                                      size_t fill_len, const char *tail,
                                      const char *limit)
{
    static const char next[] = QMP_NEXT;
    GPtrArray *log = g_ptr_array_new_with_free_func(stream_entry_free);
    JSONMessageParser *parser =
        json_message_parser_new(record_entry, log, NULL);
    size_t piece_len = 1 << 20;
    char *piece = g_malloc(piece_len);
    size_t n;
    guint i;

    memset(piece, fill, piece_len);
    json_message_parser_feed(parser, head, strlen(head));
    for (; fill_len; fill_len -= n) {
        n = MIN(fill_len, piece_len);
        json_message_parser_feed(parser, piece, n);
    }
    json_message_parser_feed(parser, tail, strlen(tail));
    json_message_parser_feed(parser, next, sizeof(next) - 1);
    json_message_parser_flush(parser);

    g_assert_cmpuint(log->len, >=, 2);
    g_assert_cmpstr(entry_at(log, 0)->error, ==, limit);
    for (i = 1; i + 1 < log->len; i++) {
        g_assert_nonnull(entry_at(log, i)->error);
    }
    g_assert(entry_is_next(log, log->len - 1));
    json_message_parser_free(parser);
    g_ptr_array_unref(log);
    g_free(piece);
}

static void test_stream_oversized(void)
{
    char *deep = nested_lists(JSON_MAX_NESTING + 1);
    char *list = long_list(JSON_MAX_TOKEN_COUNT / 2);

    check_oversized_then_next(deep, 0, 0, "",
                              "JSON nesting depth limit exceeded");
    /* A huge string inside a command; the closing braces then stray */
    check_oversized_then_next("{\"execute\": \"migrate\", \"arguments\": "
                              "{\"uri\": \"",
                              'x', JSON_MAX_TOKEN_SIZE + 1, "\"}}",
                              "JSON token size limit exceeded");
    check_oversized_then_next(list, 0, 0, "",
                              "JSON token count limit exceeded");
    g_free(deep);
    g_free(list);
}

/* Interpolation */

static void test_interpolation(void)
{
    QList *inner = qlist_new();
    QObject *obj;
    QDict *dict;
    char *out;

    qlist_append_int(inner, 1);
    obj = qobject_from_jsonf_nofail(
        "{%s: %d, 'i': %i, 'l': %ld, 'll': %lld, 'i64': %" PRId64 ", "
        "'u': %u, 'lu': %lu, 'llu': %llu, 'u64': %" PRIu64 ", "
        "'f': %f, 'q': %q, 'p': %p, 'pct': '100%%'}",
        "key", -1, true, -3L, -4LL, (int64_t)INT64_MIN, 5U, 6UL, 7ULL,
        (uint64_t)UINT64_MAX, 0.5, "quoted", inner);
    dict = qobject_to(QDict, obj);
    g_assert(dict);
    g_assert_cmpint(qdict_get_int(dict, "key"), ==, -1);
    g_assert_true(qdict_get_bool(dict, "i"));
    g_assert_cmpint(qdict_get_int(dict, "l"), ==, -3);
    g_assert_cmpint(qdict_get_int(dict, "ll"), ==, -4);
    g_assert_cmpint(qdict_get_int(dict, "i64"), ==, INT64_MIN);
    g_assert_cmpint(qdict_get_int(dict, "u"), ==, 5);
    g_assert_cmpint(qdict_get_int(dict, "lu"), ==, 6);
    g_assert_cmpint(qdict_get_int(dict, "llu"), ==, 7);
    g_assert_cmpuint(qnum_get_uint(qobject_to(QNum, qdict_get(dict, "u64"))),
                     ==, UINT64_MAX);
    g_assert_cmpfloat(qdict_get_double(dict, "f"), ==, 0.5);
    g_assert_cmpstr(qdict_get_str(dict, "q"), ==, "quoted");
    /* %p took over the caller's reference */
    g_assert(qdict_get_qlist(dict, "p") == inner);
    g_assert_cmpuint(QOBJECT(inner)->base.refcnt, ==, 1);
    g_assert_cmpstr(qdict_get_str(dict, "pct"), ==, "100%");
    qobject_unref(obj);

    dict = qdict_from_jsonf_nofail("{'a': [%s, %d]}", "x", 3);
    out = to_json_str(QOBJECT(dict));
    g_assert_cmpstr(out, ==, "{\"a\": [\"x\", 3]}");
    g_free(out);
    qobject_unref(dict);
}

/* Writer */

static void test_write_compact(void)
{
    QDict *dict = qdict_new();
    QList *list = qlist_new();
    char *out;

    qlist_append_int(list, 1);
    qlist_append_int(list, 2);
    qdict_put(dict, "b", list);
    qdict_put_int(dict, "a", 1);
    out = to_json_str(QOBJECT(dict));
    g_assert_cmpstr(out, ==, "{\"a\": 1, \"b\": [1, 2]}");
    g_free(out);
    qobject_unref(dict);

    check_reformat("{}", "{}");
    check_reformat("[]", "[]");
    check_reformat(" [ { } , [ ] , \"\" ] ", "[{}, [], \"\"]");
    check_reformat("{\"return\": {}, \"id\": \"libvirt-1\"}",
                   "{\"return\": {}, \"id\": \"libvirt-1\"}");
    check_reformat("[true, false, null, -1, 1.25]",
                   "[true, false, null, -1, 1.25]");
}

static void test_write_pretty(void)
{
    QObject *obj = parse_ok("{\"a\": 1, \"b\": [1, {\"c\": []}, {}], "
                            "\"d\": {}}");
    GString *out = qobject_to_json_pretty(obj, true);

    g_assert_cmpstr(out->str, ==,
                    "{\n"
                    "    \"d\": {\n"
                    "    },\n"
                    "    \"a\": 1,\n"
                    "    \"b\": [\n"
                    "        1,\n"
                    "        {\n"
                    "            \"c\": [\n"
                    "            ]\n"
                    "        },\n"
                    "        {\n"
                    "        }\n"
                    "    ]\n"
                    "}");
    g_string_free(out, true);
    qobject_unref(obj);

    obj = parse_ok("{}");
    out = qobject_to_json_pretty(obj, true);
    g_assert_cmpstr(out->str, ==, "{\n}");
    g_string_free(out, true);
    qobject_unref(obj);

    obj = parse_ok("42");
    out = qobject_to_json_pretty(obj, true);
    g_assert_cmpstr(out->str, ==, "42");
    g_string_free(out, true);
    /* pretty=false is the compact form */
    out = qobject_to_json_pretty(obj, false);
    g_assert_cmpstr(out->str, ==, "42");
    g_string_free(out, true);
    qobject_unref(obj);
}

static void test_write_escapes(void)
{
    QString *qs;
    char *out;

    qs = qstring_from_str("q\" b\\ s/ \b\f\n\r\t \x01\x1F\x7F "
                          "\xC3\xA9\xE2\x82\xAC\xF0\x9F\x98\x80");
    out = to_json_str(QOBJECT(qs));
    g_assert_cmpstr(out, ==,
                    "\"q\\\" b\\\\ s/ \\b\\f\\n\\r\\t \\u0001\\u001F\\u007F "
                    "\\u00E9\\u20AC\\uD83D\\uDE00\"");
    g_free(out);
    qobject_unref(qs);

    /* Invalid UTF-8 in a QString comes out as U+FFFD */
    qs = qstring_from_str("a\xFF"
                          "b\xC3"
                          "c\xED\xA0\x80"
                          "d");
    out = to_json_str(QOBJECT(qs));
    g_assert_cmpstr(out, ==, "\"a\\uFFFDb\\uFFFDc\\uFFFDd\"");
    g_free(out);
    qobject_unref(qs);

    /* Keys are escaped the same way */
    check_reformat("{\"k\\n\\u00e9\": 1}", "{\"k\\n\\u00E9\": 1}");
}

static void test_write_special_doubles(void)
{
    QNum *qn;
    char *out;

    /* QEMU writes these unquoted (not valid JSON); so do we */
    qn = qnum_from_double(INFINITY);
    out = to_json_str(QOBJECT(qn));
    g_assert_cmpstr(out, ==, "inf");
    g_free(out);
    qobject_unref(qn);
    qn = qnum_from_double(-INFINITY);
    out = to_json_str(QOBJECT(qn));
    g_assert_cmpstr(out, ==, "-inf");
    g_free(out);
    qobject_unref(qn);
    qn = qnum_from_double(NAN);
    out = to_json_str(QOBJECT(qn));
    g_assert_cmpstr(out, ==, "nan");
    g_free(out);
    qobject_unref(qn);
}

static void test_roundtrip(void)
{
    static const char *const texts[] = {
        "{\"QMP\": {\"version\": {\"qemu\": {\"major\": 10}, "
        "\"package\": \"\"}, \"capabilities\": [\"oob\"]}}",
        "{\"timestamp\": {\"seconds\": 1700000000, \"microseconds\": 12}, "
        "\"event\": \"MIGRATION\", \"data\": {\"status\": \"setup\"}}",
        "{\"id\": \"libvirt-2\", \"error\": {\"class\": \"GenericError\", "
        "\"desc\": \"Parameter 'uri' is missing\"}}",
        "[0.5, -1.4999999999999999e-07, 1.7976931348623157e+308, "
        "4.9406564584124654e-324]",
        "[\"\\u0000\\u001F\\u007F\\u00FF\\uFFFD\\uD800\\uDC00\"]",
        "[[], {}, [[]], {\"\": {}}]",
    };
    QObject *obj, *again;
    char *out, *out2;
    size_t i;

    /*
     * "minor" and "micro" share a bucket, so the later one comes first:
     * parsing QEMU's own output does not reproduce it byte for byte.
     */
    check_reformat("{\"major\": 10, \"minor\": 2, \"micro\": 1}",
                   "{\"micro\": 1, \"minor\": 2, \"major\": 10}");
    check_reformat("{\"micro\": 1, \"minor\": 2, \"major\": 10}",
                   "{\"minor\": 2, \"micro\": 1, \"major\": 10}");

    for (i = 0; i < ARRAY_SIZE(texts); i++) {
        obj = parse_ok(texts[i]);
        out = to_json_str(obj);
        g_assert_cmpstr(out, ==, texts[i]);
        again = parse_ok(out);
        g_assert(qobject_is_equal(obj, again));
        out2 = to_json_str(again);
        g_assert_cmpstr(out, ==, out2);
        g_free(out);
        g_free(out2);
        qobject_unref(obj);
        qobject_unref(again);
    }
}

int main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    g_test_add_func("/json/parse/numbers", test_parse_numbers);
    g_test_add_func("/json/parse/keywords", test_parse_keywords);
    g_test_add_func("/json/parse/empty", test_parse_empty);
    g_test_add_func("/json/parse/string-escapes", test_parse_string_escapes);
    g_test_add_func("/json/parse/invalid-utf8", test_parse_invalid_utf8);
    g_test_add_func("/json/parse/control-chars", test_parse_control_chars);
    g_test_add_func("/json/parse/errors", test_parse_errors);
    g_test_add_func("/json/parse/nesting-limit", test_nesting_limit);
    g_test_add_func("/json/parse/large-string", test_large_string);
    g_test_add_func("/json/parse/token-size-limit", test_token_size_limit);
    g_test_add_func("/json/parse/token-count-limit", test_token_count_limit);
    g_test_add_func("/json/parse/interpolation", test_interpolation);
    g_test_add_func("/json/parse/bit-flips", test_parse_bit_flips);
    g_test_add_func("/json/parse/prefixes", test_parse_prefixes);
    g_test_add_func("/json/stream/messages", test_stream_messages);
    g_test_add_func("/json/stream/emit-timing", test_stream_emit_timing);
    g_test_add_func("/json/stream/resync", test_stream_resync);
    g_test_add_func("/json/stream/chunking", test_stream_chunking);
    g_test_add_func("/json/stream/truncated", test_stream_truncated);
    g_test_add_func("/json/stream/bit-flips", test_stream_bit_flips);
    g_test_add_func("/json/stream/prefixes", test_stream_prefixes);
    g_test_add_func("/json/stream/oversized", test_stream_oversized);
    g_test_add_func("/json/write/compact", test_write_compact);
    g_test_add_func("/json/write/pretty", test_write_pretty);
    g_test_add_func("/json/write/escapes", test_write_escapes);
    g_test_add_func("/json/write/special-doubles", test_write_special_doubles);
    g_test_add_func("/json/roundtrip", test_roundtrip);
    return g_test_run();
}
