/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * JSON streamer: groups the lexer's tokens into top-level messages,
 * enforces QMP's per-message limits and emits each parsed message.
 *
 * A message is complete as soon as its braces and brackets balance; a
 * scalar at top level is a message by itself.  A stray closing bracket
 * (negative count) is handed to the parser at once, which rejects it.
 * Every error - lexical, limit or parse - is emitted for the message
 * being collected and the collected tokens are dropped, so the next
 * token starts a new message.
 */
#include "qemu/osdep.h"
#include "qapi/error.h"
#include "qobject/qobject.h"
#include "json-internal.h"

static void json_message_reset(JSONMessageParser *parser)
{
    g_ptr_array_set_size(parser->tokens, 0);
    parser->token_size = 0;
    parser->brace_count = 0;
    parser->bracket_count = 0;
}

static JSONToken *json_token_new(JSONTokenType type, const char *text,
                                 size_t len)
{
    JSONToken *token = g_malloc(sizeof(*token) + len + 1);

    token->type = type;
    token->len = len;
    memcpy(token->text, text, len);
    token->text[len] = '\0';
    return token;
}

/* Returns the error for a message that would break a limit, else NULL. */
static const char *json_message_check_limits(JSONMessageParser *parser,
                                             size_t len)
{
    if (len > JSON_MAX_TOKEN_SIZE ||
        parser->token_size + len > JSON_MAX_TOKEN_SIZE) {
        return "JSON token size limit exceeded";
    }
    if (parser->tokens->len + 1 > JSON_MAX_TOKEN_COUNT) {
        return "JSON token count limit exceeded";
    }
    if (parser->brace_count + parser->bracket_count > JSON_MAX_NESTING) {
        return "JSON nesting depth limit exceeded";
    }
    return NULL;
}

void json_message_process_token(JSONLexer *lexer, JSONTokenType type,
                                const char *text, size_t len)
{
    JSONMessageParser *parser = container_of(lexer, JSONMessageParser, lexer);
    const char *limit;
    QObject *json = NULL;
    Error *err = NULL;

    switch (type) {
    case JSON_LCURLY:
        parser->brace_count++;
        break;
    case JSON_RCURLY:
        parser->brace_count--;
        break;
    case JSON_LSQUARE:
        parser->bracket_count++;
        break;
    case JSON_RSQUARE:
        parser->bracket_count--;
        break;
    case JSON_ERROR:
        /* @text holds at most the first JSON_MAX_TOKEN_SIZE bytes */
        error_setg(&err, "JSON parse error, stray '%s'", text);
        goto emit;
    case JSON_END_OF_INPUT:
        if (parser->tokens->len == 0) {
            return;
        }
        json = json_parser_parse(parser->tokens, parser->ap, &err);
        goto emit;
    default:
        break;
    }

    limit = json_message_check_limits(parser, len);
    if (limit) {
        error_setg(&err, "%s", limit);
        goto emit;
    }

    g_ptr_array_add(parser->tokens, json_token_new(type, text, len));
    parser->token_size += len;

    if ((parser->brace_count > 0 || parser->bracket_count > 0) &&
        parser->brace_count >= 0 && parser->bracket_count >= 0) {
        return; /* message still open */
    }
    json = json_parser_parse(parser->tokens, parser->ap, &err);

emit:
    json_message_reset(parser);
    assert(!json != !err);
    parser->emit(parser->opaque, json, err);
}

JSONMessageParser *json_message_parser_new(JSONMessageEmit *emit, void *opaque,
                                           va_list *ap)
{
    JSONMessageParser *parser = g_new0(JSONMessageParser, 1);

    parser->emit = emit;
    parser->opaque = opaque;
    parser->ap = ap;
    parser->tokens = g_ptr_array_new_with_free_func(g_free);
    json_lexer_init(&parser->lexer, ap != NULL);
    return parser;
}

void json_message_parser_feed(JSONMessageParser *parser, const char *buffer,
                              size_t size)
{
    json_lexer_feed(&parser->lexer, buffer, size);
}

void json_message_parser_flush(JSONMessageParser *parser)
{
    json_lexer_flush(&parser->lexer);
    assert(parser->tokens->len == 0);
}

void json_message_parser_free(JSONMessageParser *parser)
{
    if (!parser) {
        return;
    }
    json_lexer_destroy(&parser->lexer);
    g_ptr_array_free(parser->tokens, true);
    g_free(parser);
}
