/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * JSON lexer for QMP: a byte-at-a-time state machine that turns input
 * into tokens for the streamer, resuming across arbitrary chunk borders.
 *
 * Grammar accepted (RFC 8259 plus QEMU's extensions):
 *   structural  { } [ ] : ,
 *   whitespace  space, \t, \r, \n
 *   string      "..." or '...'; a backslash takes the next byte with it,
 *               so both quote styles may escape either quote.  Bytes
 *               below 0x20 and 0xFE/0xFF end the string with an error;
 *               escapes and UTF-8 are checked by the parser.
 *   number      -?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?
 *   keyword     [a-z]+ (the parser decides which words are valid)
 *   interp      %d %i %u %ld %lu %lld %llu %I64d %I64u %f %s %q %p
 *               (only when the lexer is created for interpolation)
 *
 * A number or keyword ends at the first byte that cannot continue it;
 * that byte is then lexed afresh.  Any other unexpected byte makes the
 * bytes of the token so far plus that byte a JSON_ERROR token, after
 * which the lexer skips input until a byte where a new message can
 * plausibly start: a structural character, a control character other
 * than tab, or 0xFE/0xFF (so clients can force a resync).  That byte is
 * lexed afresh from the start state.
 */
#include "qemu/osdep.h"
#include "qobject/qobject.h"
#include "json-internal.h"

typedef enum JSONLexState {
    LEX_START,
    LEX_RECOVER, /* after an error, waiting for a resync byte */
    LEX_STRING,
    LEX_STRING_ESC, /* just after a backslash in a string */
    LEX_MINUS,      /* "-" */
    LEX_ZERO,       /* "0" or "-0" */
    LEX_INT,        /* nonzero integer part */
    LEX_DOT,        /* "1." waiting for a fraction digit */
    LEX_FRAC,
    LEX_EXP,      /* "1e" */
    LEX_EXP_SIGN, /* "1e+" */
    LEX_EXP_DIGITS,
    LEX_KEYWORD,
    LEX_INTERP, /* after '%' */
} JSONLexState;

/* Longest interpolation token, "%I64d" */
#define LEX_INTERP_MAX 5

void json_lexer_init(JSONLexer *lexer, bool interp)
{
    lexer->state = LEX_START;
    lexer->interp = interp;
    lexer->quote = 0;
    lexer->token = g_string_sized_new(64);
    lexer->token_len = 0;
}

void json_lexer_destroy(JSONLexer *lexer)
{
    g_string_free(lexer->token, true);
    lexer->token = NULL;
}

static void lexer_append(JSONLexer *lexer, const char *bytes, size_t n)
{
    size_t stored = lexer->token->len;

    if (stored < JSON_MAX_TOKEN_SIZE) {
        g_string_append_len(lexer->token, bytes,
                            MIN(n, JSON_MAX_TOKEN_SIZE - stored));
    }
    lexer->token_len += n;
}

static void lexer_append_byte(JSONLexer *lexer, uint8_t c)
{
    char ch = (char)c;

    lexer_append(lexer, &ch, 1);
}

/* Hand the current token to the streamer and start a new one. */
static void lexer_emit(JSONLexer *lexer, JSONTokenType type)
{
    json_message_process_token(lexer, type, lexer->token->str,
                               lexer->token_len);
    g_string_truncate(lexer->token, 0);
    lexer->token_len = 0;
}

/* @c completes a lexical error: report it and skip to a resync point. */
static void lexer_error(JSONLexer *lexer, uint8_t c)
{
    lexer_append_byte(lexer, c);
    lexer_emit(lexer, JSON_ERROR);
    lexer->state = LEX_RECOVER;
}

static bool is_resync_byte(uint8_t c)
{
    return strchr("{}[]:,", c) || (c < 0x20 && c != '\t') || c >= 0xFE;
}

static bool is_digit(uint8_t c)
{
    return c >= '0' && c <= '9';
}

static JSONTokenType structural_type(uint8_t c)
{
    switch (c) {
    case '{':
        return JSON_LCURLY;
    case '}':
        return JSON_RCURLY;
    case '[':
        return JSON_LSQUARE;
    case ']':
        return JSON_RSQUARE;
    case ':':
        return JSON_COLON;
    case ',':
        return JSON_COMMA;
    default:
        return JSON_ERROR;
    }
}

/* Start state: @c begins a token (or is whitespace). */
static void lexer_start(JSONLexer *lexer, uint8_t c)
{
    JSONTokenType type = c ? structural_type(c) : JSON_ERROR;

    if (c == ' ' || c == '\t' || c == '\r' || c == '\n') {
        return;
    }
    if (type != JSON_ERROR) {
        lexer_append_byte(lexer, c);
        lexer_emit(lexer, type);
        return;
    }

    if (c == '"' || c == '\'') {
        lexer->quote = (char)c;
        lexer->state = LEX_STRING;
    } else if (c == '-') {
        lexer->state = LEX_MINUS;
    } else if (c == '0') {
        lexer->state = LEX_ZERO;
    } else if (is_digit(c)) {
        lexer->state = LEX_INT;
    } else if (c >= 'a' && c <= 'z') {
        lexer->state = LEX_KEYWORD;
    } else if (c == '%' && lexer->interp) {
        lexer->state = LEX_INTERP;
    } else {
        lexer_error(lexer, c);
        return;
    }
    lexer_append_byte(lexer, c);
}

/*
 * Interpolation: after '%', length modifiers "l", "ll" or "I64", then
 * one conversion letter.
 */
static void lexer_interp(JSONLexer *lexer, uint8_t c)
{
    if (c && strchr("diufsqp", c)) {
        lexer_append_byte(lexer, c);
        lexer_emit(lexer, JSON_INTERP);
        lexer->state = LEX_START;
    } else if (c && strchr("lI64", c) &&
               lexer->token_len < LEX_INTERP_MAX - 1) {
        lexer_append_byte(lexer, c);
    } else {
        lexer_error(lexer, c);
    }
}

/*
 * Ends the current number or keyword of type @type without consuming
 * @c; returns false so the caller lexes @c again from the start state.
 */
static bool lexer_finish(JSONLexer *lexer, JSONTokenType type)
{
    lexer_emit(lexer, type);
    lexer->state = LEX_START;
    return false;
}

/*
 * Feed one byte.  Returns true if it was consumed, false if it ended
 * the previous token and must be lexed again.
 */
static bool lexer_step(JSONLexer *lexer, uint8_t c)
{
    switch ((JSONLexState)lexer->state) {
    case LEX_START:
        lexer_start(lexer, c);
        return true;
    case LEX_RECOVER:
        if (is_resync_byte(c)) {
            lexer->state = LEX_START;
            return false;
        }
        return true;
    case LEX_STRING:
        if (c < 0x20 || c >= 0xFE) {
            lexer_error(lexer, c);
            return true;
        }
        lexer_append_byte(lexer, c);
        if (c == (uint8_t)lexer->quote) {
            lexer_emit(lexer, JSON_STRING);
            lexer->state = LEX_START;
        } else if (c == '\\') {
            lexer->state = LEX_STRING_ESC;
        }
        return true;
    case LEX_STRING_ESC:
        if (c < 0x20 || c >= 0xFE) {
            lexer_error(lexer, c);
            return true;
        }
        lexer_append_byte(lexer, c);
        lexer->state = LEX_STRING;
        return true;
    case LEX_MINUS:
        if (c == '0') {
            lexer->state = LEX_ZERO;
        } else if (is_digit(c)) {
            lexer->state = LEX_INT;
        } else {
            lexer_error(lexer, c);
            return true;
        }
        lexer_append_byte(lexer, c);
        return true;
    case LEX_ZERO:
    case LEX_INT:
        if (is_digit(c) && lexer->state == LEX_INT) {
            /* stay */
        } else if (c == '.') {
            lexer->state = LEX_DOT;
        } else if (c == 'e' || c == 'E') {
            lexer->state = LEX_EXP;
        } else {
            return lexer_finish(lexer, JSON_INTEGER);
        }
        lexer_append_byte(lexer, c);
        return true;
    case LEX_DOT:
        if (!is_digit(c)) {
            lexer_error(lexer, c);
            return true;
        }
        lexer_append_byte(lexer, c);
        lexer->state = LEX_FRAC;
        return true;
    case LEX_FRAC:
        if (c == 'e' || c == 'E') {
            lexer->state = LEX_EXP;
        } else if (!is_digit(c)) {
            return lexer_finish(lexer, JSON_FLOAT);
        }
        lexer_append_byte(lexer, c);
        return true;
    case LEX_EXP:
        if (c == '+' || c == '-') {
            lexer->state = LEX_EXP_SIGN;
        } else if (is_digit(c)) {
            lexer->state = LEX_EXP_DIGITS;
        } else {
            lexer_error(lexer, c);
            return true;
        }
        lexer_append_byte(lexer, c);
        return true;
    case LEX_EXP_SIGN:
        if (!is_digit(c)) {
            lexer_error(lexer, c);
            return true;
        }
        lexer_append_byte(lexer, c);
        lexer->state = LEX_EXP_DIGITS;
        return true;
    case LEX_EXP_DIGITS:
        if (!is_digit(c)) {
            return lexer_finish(lexer, JSON_FLOAT);
        }
        lexer_append_byte(lexer, c);
        return true;
    case LEX_KEYWORD:
        if (c < 'a' || c > 'z') {
            return lexer_finish(lexer, JSON_KEYWORD);
        }
        lexer_append_byte(lexer, c);
        return true;
    case LEX_INTERP:
        lexer_interp(lexer, c);
        return true;
    }
    g_assert_not_reached();
}

/* Length of the run at @p that a string can absorb without a decision. */
static size_t string_run(const char *p, size_t size, char quote)
{
    size_t n;
    uint8_t c;

    for (n = 0; n < size; n++) {
        c = (uint8_t)p[n];
        if (c < 0x20 || c >= 0xFE || c == '\\' || c == (uint8_t)quote) {
            break;
        }
    }
    return n;
}

void json_lexer_feed(JSONLexer *lexer, const char *buffer, size_t size)
{
    size_t i = 0;
    size_t run;

    while (i < size) {
        /* Fast path: plain string bytes are appended in bulk */
        if (lexer->state == LEX_STRING) {
            run = string_run(buffer + i, size - i, lexer->quote);
            if (run) {
                lexer_append(lexer, buffer + i, run);
                i += run;
                continue;
            }
        }
        if (lexer_step(lexer, (uint8_t)buffer[i])) {
            i++;
        }
    }
}

void json_lexer_flush(JSONLexer *lexer)
{
    switch ((JSONLexState)lexer->state) {
    case LEX_START:
    case LEX_RECOVER:
        break;
    case LEX_ZERO:
    case LEX_INT:
        lexer_emit(lexer, JSON_INTEGER);
        break;
    case LEX_FRAC:
    case LEX_EXP_DIGITS:
        lexer_emit(lexer, JSON_FLOAT);
        break;
    case LEX_KEYWORD:
        lexer_emit(lexer, JSON_KEYWORD);
        break;
    default:
        /* Input ended inside a token: that token is an error */
        lexer_emit(lexer, JSON_ERROR);
        break;
    }
    lexer->state = LEX_START;
    json_message_process_token(lexer, JSON_END_OF_INPUT, "", 0);
}
