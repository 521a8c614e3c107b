/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * JSON parser: recursive descent over the tokens of one message,
 * building QObjects.  Recursion depth is bounded by the streamer's
 * nesting limit.  Error texts are QEMU's ("JSON parse error, ...").
 */
#include "qemu/osdep.h"
#include "qapi/error.h"
#include "qobject/qbool.h"
#include "qobject/qdict.h"
#include "qobject/qlist.h"
#include "qobject/qnull.h"
#include "qobject/qnum.h"
#include "qobject/qstring.h"
#include "json-internal.h"

typedef struct JSONParserContext {
    GPtrArray *tokens;
    guint pos; /* next token to consume */
    va_list *ap;
    Error *err; /* first error wins */
} JSONParserContext;

static QObject *parse_value(JSONParserContext *ctxt);

static void G_GNUC_PRINTF(2, 3)
    parse_error(JSONParserContext *ctxt, const char *fmt, ...)
{
    va_list ap;
    char *msg;

    if (ctxt->err) {
        return;
    }
    va_start(ap, fmt);
    msg = g_strdup_vprintf(fmt, ap);
    va_end(ap);
    error_setg(&ctxt->err, "JSON parse error, %s", msg);
    g_free(msg);
}

static const JSONToken *peek_token(JSONParserContext *ctxt)
{
    if (ctxt->pos >= ctxt->tokens->len) {
        return NULL;
    }
    return g_ptr_array_index(ctxt->tokens, ctxt->pos);
}

static const JSONToken *next_token(JSONParserContext *ctxt)
{
    const JSONToken *token = peek_token(ctxt);

    if (token) {
        ctxt->pos++;
    }
    return token;
}

/* UTF-8 */

static bool is_valid_code_point(uint32_t cp)
{
    if (cp > 0x10FFFF) {
        return false;
    }
    if (cp >= 0xD800 && cp <= 0xDFFF) {
        return false; /* surrogate */
    }
    if ((cp >= 0xFDD0 && cp <= 0xFDEF) || (cp & 0xFFFE) == 0xFFFE) {
        return false; /* noncharacter */
    }
    return true;
}

int json_utf8_decode(const char *s, const char **end)
{
    const uint8_t *p = (const uint8_t *)s;
    uint32_t cp, min;
    int more, i;

    if (p[0] < 0x80) {
        *end = s + 1;
        return p[0];
    }
    if (p[0] >= 0xC0 && p[0] <= 0xDF) {
        more = 1;
        min = 0x80;
        cp = p[0] & 0x1F;
    } else if (p[0] >= 0xE0 && p[0] <= 0xEF) {
        more = 2;
        min = 0x800;
        cp = p[0] & 0x0F;
    } else if (p[0] >= 0xF0 && p[0] <= 0xF7) {
        more = 3;
        min = 0x10000;
        cp = p[0] & 0x07;
    } else {
        /* continuation byte or 0xF8..0xFF as lead */
        *end = s + 1;
        return -1;
    }

    for (i = 1; i <= more; i++) {
        if ((p[i] & 0xC0) != 0x80) {
            /* truncated: stop before the byte that is no continuation */
            *end = s + i;
            return -1;
        }
        cp = (cp << 6) | (p[i] & 0x3F);
    }
    *end = s + more + 1;

    if (cp == 0 && more == 1) {
        return 0; /* C0 80: modified UTF-8 for U+0000 */
    }
    if (cp < min || !is_valid_code_point(cp)) {
        return -1;
    }
    return (int)cp;
}

/* Append @cp as UTF-8; U+0000 becomes C0 80 so it fits a C string. */
static void utf8_append(GString *str, uint32_t cp)
{
    if (cp == 0) {
        g_string_append_len(str, "\xC0\x80", 2);
    } else {
        g_string_append_unichar(str, cp);
    }
}

/* Strings */

/* Four hex digits at @p, or -1. */
static int hex4(const char *p)
{
    int val = 0;
    int i, d;

    for (i = 0; i < 4; i++) {
        d = g_ascii_xdigit_value(p[i]);
        if (d < 0) {
            return -1;
        }
        val = (val << 4) | d;
    }
    return val;
}

/*
 * Decode the \u escape at @p ("\uXXXX", possibly followed by a low
 * surrogate escape) into @str.  Returns the bytes consumed, 0 on error.
 */
static size_t parse_unicode_escape(JSONParserContext *ctxt, const char *p,
                                   GString *str)
{
    int cp = hex4(p + 2);
    int low;
    size_t used = 6;

    if (cp < 0) {
        parse_error(ctxt, "invalid hex escape sequence in string");
        return 0;
    }
    if (cp >= 0xD800 && cp <= 0xDBFF && p[6] == '\\' && p[7] == 'u') {
        low = hex4(p + 8);
        if (low >= 0xDC00 && low <= 0xDFFF) {
            cp = 0x10000 + ((cp - 0xD800) << 10) + (low - 0xDC00);
            used = 12;
        }
    }
    if (cp != 0 && !is_valid_code_point(cp)) {
        parse_error(ctxt, "%.*s is not a valid Unicode character", (int)used,
                    p);
        return 0;
    }
    utf8_append(str, cp);
    return used;
}

static QObject *parse_string(JSONParserContext *ctxt, const JSONToken *token)
{
    const char quote = token->text[0];
    const char *p = token->text + 1;
    const char *end;
    GString *str = g_string_sized_new(token->len);
    size_t used;

    while (*p != quote) {
        /* The lexer guarantees a closing quote and no bytes < 0x20 */
        if (*p == '\\') {
            p++;
            switch (*p) {
            case '"':
            case '\'':
            case '\\':
            case '/':
                g_string_append_c(str, *p);
                break;
            case 'b':
                g_string_append_c(str, '\b');
                break;
            case 'f':
                g_string_append_c(str, '\f');
                break;
            case 'n':
                g_string_append_c(str, '\n');
                break;
            case 'r':
                g_string_append_c(str, '\r');
                break;
            case 't':
                g_string_append_c(str, '\t');
                break;
            case 'u':
                used = parse_unicode_escape(ctxt, p - 1, str);
                if (!used) {
                    goto fail;
                }
                p += used - 2;
                break;
            default:
                parse_error(ctxt, "invalid escape sequence in string");
                goto fail;
            }
            p++;
        } else if (*p == '%' && ctxt->ap) {
            /* In a template, a literal '%' must be written "%%" */
            if (p[1] != '%') {
                parse_error(ctxt, "can't interpolate into string");
                goto fail;
            }
            g_string_append_c(str, '%');
            p += 2;
        } else if ((uint8_t)*p < 0x80) {
            g_string_append_c(str, *p);
            p++;
        } else {
            if (json_utf8_decode(p, &end) < 0) {
                parse_error(ctxt, "invalid UTF-8 sequence in string");
                goto fail;
            }
            g_string_append_len(str, p, end - p);
            p = end;
        }
    }
    return QOBJECT(qstring_from_gstring(str));

fail:
    g_string_free(str, true);
    return NULL;
}

/* Scalars */

/*
 * Integers become QNUM_I64 when they fit, positive ones QNUM_U64 when
 * they fit that, anything else a double (possibly inf).  "-0" is int 0.
 */
static QObject *parse_number(const JSONToken *token)
{
    char *end;
    long long sval;
    unsigned long long uval;

    if (token->type == JSON_INTEGER) {
        errno = 0;
        sval = strtoll(token->text, &end, 10);
        if (errno == 0) {
            return QOBJECT(qnum_from_int(sval));
        }
        if (token->text[0] != '-') {
            errno = 0;
            uval = strtoull(token->text, &end, 10);
            if (errno == 0) {
                return QOBJECT(qnum_from_uint(uval));
            }
        }
    }
    /* g_ascii_strtod() ignores the locale; overflow gives +-inf */
    return QOBJECT(qnum_from_double(g_ascii_strtod(token->text, NULL)));
}

static QObject *parse_keyword(JSONParserContext *ctxt, const JSONToken *token)
{
    if (!strcmp(token->text, "true")) {
        return QOBJECT(qbool_from_bool(true));
    }
    if (!strcmp(token->text, "false")) {
        return QOBJECT(qbool_from_bool(false));
    }
    if (!strcmp(token->text, "null")) {
        return QOBJECT(qnull());
    }
    parse_error(ctxt, "invalid keyword '%s'", token->text);
    return NULL;
}

static QObject *parse_interpolation(JSONParserContext *ctxt,
                                    const JSONToken *token)
{
    const char *conv = token->text;
    va_list *ap = ctxt->ap;
    const char *s;

    assert(ap);
    if (!strcmp(conv, "%p")) {
        /* The caller's reference passes to the result */
        return va_arg(*ap, QObject *);
    } else if (!strcmp(conv, "%i")) {
        /* QEMU's convention: %i interpolates a bool (passed as int). */
        return QOBJECT(qbool_from_bool(va_arg(*ap, int)));
    } else if (!strcmp(conv, "%d")) {
        return QOBJECT(qnum_from_int(va_arg(*ap, int)));
    } else if (!strcmp(conv, "%ld") || !strcmp(conv, "%li")) {
        return QOBJECT(qnum_from_int(va_arg(*ap, long)));
    } else if (!strcmp(conv, "%lld") || !strcmp(conv, "%lli") ||
               !strcmp(conv, "%I64d")) {
        return QOBJECT(qnum_from_int(va_arg(*ap, long long)));
    } else if (!strcmp(conv, "%u")) {
        return QOBJECT(qnum_from_uint(va_arg(*ap, unsigned int)));
    } else if (!strcmp(conv, "%lu")) {
        return QOBJECT(qnum_from_uint(va_arg(*ap, unsigned long)));
    } else if (!strcmp(conv, "%llu") || !strcmp(conv, "%I64u")) {
        return QOBJECT(qnum_from_uint(va_arg(*ap, unsigned long long)));
    } else if (!strcmp(conv, "%f")) {
        return QOBJECT(qnum_from_double(va_arg(*ap, double)));
    } else if (!strcmp(conv, "%s") || !strcmp(conv, "%q")) {
        s = va_arg(*ap, const char *);
        return QOBJECT(qstring_from_str(s));
    }
    parse_error(ctxt, "invalid interpolation '%s'", conv);
    return NULL;
}

/* Containers */

/* One "key": value member into @dict; false on error. */
static bool parse_pair(JSONParserContext *ctxt, QDict *dict)
{
    QObject *key = parse_value(ctxt);
    QString *key_str = qobject_to(QString, key);
    const JSONToken *token;
    QObject *value;
    bool ok = false;

    if (!key) {
        return false;
    }
    if (!key_str) {
        parse_error(ctxt, "key is not a string in object");
        goto out;
    }

    token = next_token(ctxt);
    if (!token) {
        parse_error(ctxt, "premature EOI");
        goto out;
    }
    if (token->type != JSON_COLON) {
        parse_error(ctxt, "missing : in object pair");
        goto out;
    }

    value = parse_value(ctxt);
    if (!value) {
        goto out;
    }
    if (qdict_haskey(dict, qstring_get_str(key_str))) {
        parse_error(ctxt, "duplicate key");
        qobject_unref(value);
        goto out;
    }
    qdict_put_obj(dict, qstring_get_str(key_str), value);
    ok = true;

out:
    qobject_unref(key);
    return ok;
}

static QObject *parse_object(JSONParserContext *ctxt)
{
    QDict *dict = qdict_new();
    const JSONToken *token = peek_token(ctxt);

    if (token && token->type == JSON_RCURLY) {
        next_token(ctxt);
        return QOBJECT(dict);
    }
    for (;;) {
        if (!parse_pair(ctxt, dict)) {
            goto fail;
        }
        token = next_token(ctxt);
        if (!token) {
            parse_error(ctxt, "premature EOI");
            goto fail;
        }
        if (token->type == JSON_RCURLY) {
            return QOBJECT(dict);
        }
        if (token->type != JSON_COMMA) {
            parse_error(ctxt, "expected separator in dict");
            goto fail;
        }
    }

fail:
    qobject_unref(dict);
    return NULL;
}

static QObject *parse_array(JSONParserContext *ctxt)
{
    QList *list = qlist_new();
    const JSONToken *token = peek_token(ctxt);
    QObject *value;

    if (token && token->type == JSON_RSQUARE) {
        next_token(ctxt);
        return QOBJECT(list);
    }
    for (;;) {
        value = parse_value(ctxt);
        if (!value) {
            goto fail;
        }
        qlist_append_obj(list, value);
        token = next_token(ctxt);
        if (!token) {
            parse_error(ctxt, "premature EOI");
            goto fail;
        }
        if (token->type == JSON_RSQUARE) {
            return QOBJECT(list);
        }
        if (token->type != JSON_COMMA) {
            parse_error(ctxt, "expected separator in list");
            goto fail;
        }
    }

fail:
    qobject_unref(list);
    return NULL;
}

static QObject *parse_value(JSONParserContext *ctxt)
{
    const JSONToken *token = next_token(ctxt);

    if (!token) {
        parse_error(ctxt, "premature EOI");
        return NULL;
    }
    switch (token->type) {
    case JSON_LCURLY:
        return parse_object(ctxt);
    case JSON_LSQUARE:
        return parse_array(ctxt);
    case JSON_STRING:
        return parse_string(ctxt, token);
    case JSON_INTEGER:
    case JSON_FLOAT:
        return parse_number(token);
    case JSON_KEYWORD:
        return parse_keyword(ctxt, token);
    case JSON_INTERP:
        return parse_interpolation(ctxt, token);
    default:
        parse_error(ctxt, "expecting value");
        return NULL;
    }
}

QObject *json_parser_parse(GPtrArray *tokens, va_list *ap, Error **errp)
{
    JSONParserContext ctxt = {
        .tokens = tokens,
        .ap = ap,
    };
    QObject *result = parse_value(&ctxt);

    /* The streamer hands over exactly one value's tokens */
    if (result && ctxt.pos != tokens->len) {
        qobject_unref(result);
        result = NULL;
        parse_error(&ctxt, "expecting value");
    }
    if (!result) {
        assert(ctxt.err);
        error_propagate(errp, ctxt.err);
    }
    return result;
}
