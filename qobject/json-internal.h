/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Internal interfaces of the JSON reader: lexer -> streamer -> parser.
 *
 * The lexer cuts bytes into tokens and hands each one to the streamer
 * (json_message_process_token()).  The streamer collects the tokens of
 * one top-level value, enforces the size/count/depth limits and, once
 * brackets balance, runs the parser over them and emits the result.
 */
#ifndef QOBJECT_JSON_INTERNAL_H
#define QOBJECT_JSON_INTERNAL_H

#include "qobject/json-parser.h"

typedef enum JSONTokenType {
    JSON_ERROR, /* lexically invalid input; text = bytes so far */
    JSON_LCURLY,
    JSON_RCURLY,
    JSON_LSQUARE,
    JSON_RSQUARE,
    JSON_COLON,
    JSON_COMMA,
    JSON_INTEGER,
    JSON_FLOAT,
    JSON_KEYWORD,
    JSON_STRING,       /* text includes both quotes, escapes undecoded */
    JSON_INTERP,       /* %d, %s, ... (only with interpolation) */
    JSON_END_OF_INPUT, /* pseudo token from json_lexer_flush() */
} JSONTokenType;

typedef struct JSONToken {
    JSONTokenType type;
    size_t len;
    char text[]; /* NUL-terminated copy of the token's bytes */
} JSONToken;

typedef struct JSONLexer {
    int state;   /* a JSONLexState, private to json-lexer.c */
    bool interp; /* '%' starts an interpolation token */
    char quote;  /* quote character of the string being lexed */
    /*
     * Bytes of the current token.  Storage stops at JSON_MAX_TOKEN_SIZE
     * bytes (the streamer rejects such a token anyway) but token_len
     * keeps counting, so a huge string cannot exhaust memory.
     */
    GString *token;
    size_t token_len;
} JSONLexer;

struct JSONMessageParser {
    JSONMessageEmit *emit;
    void *opaque;
    va_list *ap;
    JSONLexer lexer;
    /* Tokens of the message being collected (JSONToken *, owned) */
    GPtrArray *tokens;
    size_t token_size; /* sum of their lengths */
    int brace_count;   /* open '{' minus '}' */
    int bracket_count; /* open '[' minus ']' */
};

/* json-lexer.c */
void json_lexer_init(JSONLexer *lexer, bool interp);
void json_lexer_feed(JSONLexer *lexer, const char *buffer, size_t size);
void json_lexer_flush(JSONLexer *lexer);
void json_lexer_destroy(JSONLexer *lexer);

/* json-streamer.c: one token from @lexer; @text is NUL-terminated */
void json_message_process_token(JSONLexer *lexer, JSONTokenType type,
                                const char *text, size_t len);

/*
 * json-parser.c: parse exactly one value from @tokens (all of them).
 * @ap: interpolation arguments or NULL.  Returns NULL and sets @errp
 * ("JSON parse error, ...") on failure.
 */
QObject *json_parser_parse(GPtrArray *tokens, va_list *ap, Error **errp);

/*
 * Decode one UTF-8 sequence at @s (NUL-terminated).  Returns the code
 * point, or -1 if the bytes are not valid UTF-8 (overlong forms,
 * surrogates, noncharacters and values above U+10FFFF are invalid; the
 * modified-UTF-8 form C0 80 of U+0000 is accepted).  *@end is set past
 * the bytes consumed, at least one.
 */
int json_utf8_decode(const char *s, const char **end);

#endif /* QOBJECT_JSON_INTERNAL_H */
