/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Conversions between JSON text and QObjects (parse one value, write). */
#include "qemu/osdep.h"
#include "qapi/error.h"
#include "qobject/qbool.h"
#include "qobject/qdict.h"
#include "qobject/qjson.h"
#include "qobject/qlist.h"
#include "qobject/qnull.h"
#include "qobject/qnum.h"
#include "qobject/qstring.h"
#include "json-internal.h"

/* Reading */

typedef struct JSONParsingState {
    QObject *result;
    Error *err;
} JSONParsingState;

/*
 * Keeps the first message; any further message, value or error, turns
 * a good result into "at most one value".  After an error the rest is
 * ignored so the first error is what the caller sees.
 */
static void consume_json(void *opaque, QObject *json, Error *err)
{
    JSONParsingState *s = opaque;

    if (s->err) {
        qobject_unref(json);
        error_free(err);
        return;
    }
    if (s->result) {
        qobject_unref(s->result);
        s->result = NULL;
        qobject_unref(json);
        error_free(err);
        error_setg(&s->err, "Expecting at most one JSON value");
        return;
    }
    s->result = json;
    s->err = err;
}

static QObject *qobject_from_jsonv(const char *string, va_list *ap,
                                   Error **errp)
{
    JSONParsingState state = {0};
    JSONMessageParser *parser =
        json_message_parser_new(consume_json, &state, ap);

    json_message_parser_feed(parser, string, strlen(string));
    json_message_parser_flush(parser);
    json_message_parser_free(parser);

    if (state.err) {
        error_propagate(errp, state.err);
        return NULL;
    }
    return state.result;
}

QObject *qobject_from_json(const char *string, Error **errp)
{
    return qobject_from_jsonv(string, NULL, errp);
}

QObject *qobject_from_jsonf_nofail(const char *string, ...)
{
    QObject *obj;
    va_list ap;

    va_start(ap, string);
    obj = qobject_from_jsonv(string, &ap, &error_abort);
    va_end(ap);

    assert(obj);
    return obj;
}

QDict *qdict_from_jsonf_nofail(const char *string, ...)
{
    QObject *obj;
    QDict *dict;
    va_list ap;

    va_start(ap, string);
    obj = qobject_from_jsonv(string, &ap, &error_abort);
    va_end(ap);

    dict = qobject_to(QDict, obj);
    assert(dict);
    return dict;
}

/* Writing */

static void append_newline(GString *out, bool pretty, int indent)
{
    if (pretty) {
        g_string_append_c(out, '\n');
        g_string_append_printf(out, "%*s", indent * 4, "");
    }
}

/*
 * ASCII-only string: short escapes where JSON has them, \uXXXX (upper
 * case, surrogate pairs beyond the BMP) for controls, DEL and all
 * non-ASCII; undecodable bytes come out as U+FFFD.
 */
static void append_json_string(GString *out, const char *str)
{
    const char *p = str;
    const char *end;
    int cp;

    g_string_append_c(out, '"');
    while (*p) {
        cp = json_utf8_decode(p, &end);
        p = end;
        switch (cp) {
        case '"':
            g_string_append(out, "\\\"");
            break;
        case '\\':
            g_string_append(out, "\\\\");
            break;
        case '\b':
            g_string_append(out, "\\b");
            break;
        case '\f':
            g_string_append(out, "\\f");
            break;
        case '\n':
            g_string_append(out, "\\n");
            break;
        case '\r':
            g_string_append(out, "\\r");
            break;
        case '\t':
            g_string_append(out, "\\t");
            break;
        default:
            if (cp < 0) {
                cp = 0xFFFD;
            }
            if (cp > 0xFFFF) {
                cp -= 0x10000;
                g_string_append_printf(out, "\\u%04X\\u%04X",
                                       0xD800 + (cp >> 10),
                                       0xDC00 + (cp & 0x3FF));
            } else if (cp < 0x20 || cp >= 0x7F) {
                g_string_append_printf(out, "\\u%04X", cp);
            } else {
                g_string_append_c(out, (char)cp);
            }
        }
    }
    g_string_append_c(out, '"');
}

static void append_json(GString *out, const QObject *obj, bool pretty,
                        int indent);

/*
 * Containers: members separated by ", " (compact) or ",\n" plus
 * indentation (pretty).  In pretty mode the closing bracket always goes
 * on its own line, even for an empty container ("{\n}"), as QEMU does.
 */

/* Start member number @index of a container at depth @indent. */
static void append_member_start(GString *out, size_t index, bool pretty,
                                int indent)
{
    if (index) {
        g_string_append(out, pretty ? "," : ", ");
    }
    append_newline(out, pretty, indent + 1);
}

/* Close a container at depth @indent with @bracket. */
static void append_container_end(GString *out, char bracket, bool pretty,
                                 int indent)
{
    append_newline(out, pretty, indent);
    g_string_append_c(out, bracket);
}

static void append_json_dict(GString *out, const QDict *dict, bool pretty,
                             int indent)
{
    const QDictEntry *entry;
    size_t i = 0;

    g_string_append_c(out, '{');
    for (entry = qdict_first(dict); entry; entry = qdict_next(dict, entry)) {
        append_member_start(out, i++, pretty, indent);
        append_json_string(out, qdict_entry_key(entry));
        g_string_append(out, ": ");
        append_json(out, qdict_entry_value(entry), pretty, indent + 1);
    }
    append_container_end(out, '}', pretty, indent);
}

static void append_json_list(GString *out, const QList *list, bool pretty,
                             int indent)
{
    const QListEntry *entry;
    size_t i = 0;

    g_string_append_c(out, '[');
    QLIST_FOREACH_ENTRY (list, entry) {
        append_member_start(out, i++, pretty, indent);
        append_json(out, qlist_entry_obj(entry), pretty, indent + 1);
    }
    append_container_end(out, ']', pretty, indent);
}

static void append_json(GString *out, const QObject *obj, bool pretty,
                        int indent)
{
    char *num;

    switch (qobject_type(obj)) {
    case QTYPE_QNULL:
        g_string_append(out, "null");
        break;
    case QTYPE_QNUM:
        num = qnum_to_string(qobject_to(QNum, obj));
        g_string_append(out, num);
        g_free(num);
        break;
    case QTYPE_QSTRING:
        append_json_string(out, qstring_get_str(qobject_to(QString, obj)));
        break;
    case QTYPE_QDICT:
        append_json_dict(out, qobject_to(QDict, obj), pretty, indent);
        break;
    case QTYPE_QLIST:
        append_json_list(out, qobject_to(QList, obj), pretty, indent);
        break;
    case QTYPE_QBOOL:
        g_string_append(out, qbool_get_bool(qobject_to(QBool, obj)) ? "true"
                                                                    : "false");
        break;
    default:
        g_assert_not_reached();
    }
}

GString *qobject_to_json_pretty(const QObject *obj, bool pretty)
{
    GString *out = g_string_new(NULL);

    append_json(out, obj, pretty, 0);
    return out;
}

GString *qobject_to_json(const QObject *obj)
{
    return qobject_to_json_pretty(obj, false);
}
