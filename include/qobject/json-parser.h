/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Streaming JSON parser for QMP: bytes are fed as they arrive and a
 * callback receives each complete top-level value (or the error that
 * ended it).  After an error the parser resynchronises and carries on.
 */
#ifndef QOBJECT_JSON_PARSER_H
#define QOBJECT_JSON_PARSER_H

/* Limits of one message, as QEMU's. */
#define JSON_MAX_TOKEN_SIZE (64ULL << 20)
#define JSON_MAX_TOKEN_COUNT (2ULL << 20)
#define JSON_MAX_NESTING 1024

/*
 * Called once per message: exactly one of @json and @err is non-NULL;
 * the callee owns both.
 */
typedef void JSONMessageEmit(void *opaque, QObject *json, Error *err);

typedef struct JSONMessageParser JSONMessageParser;

/* @ap: interpolation arguments (qobject_from_jsonf), NULL for QMP input. */
JSONMessageParser *json_message_parser_new(JSONMessageEmit *emit,
                                           void *opaque, va_list *ap);
void json_message_parser_feed(JSONMessageParser *parser, const char *buffer,
                              size_t size);
/* End of input: emit what is pending (as an error if incomplete). */
void json_message_parser_flush(JSONMessageParser *parser);
void json_message_parser_free(JSONMessageParser *parser);

#endif /* QOBJECT_JSON_PARSER_H */
