/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * QIOChannelBuffer: a QIOChannel on a growable memory buffer with one
 * position for reads and writes (like a file): tests, and the JSON
 * VMDESCRIPTION built before it is sent.  Never blocks; seekable; no
 * shutdown.  Closing frees the data.
 * Threads: one thread at a time, like any channel direction.
 * Owner: io/channel-buffer.c.
 */
#ifndef IO_CHANNEL_BUFFER_H
#define IO_CHANNEL_BUFFER_H

#include "io/channel.h"

typedef struct QIOChannelBuffer {
    QIOChannel parent;
    /* Owned by the channel's user thread. */
    uint8_t *data;
    size_t capacity;  /* bytes allocated */
    size_t usage;     /* bytes of valid data */
    size_t offset;    /* position of the next read or write */
} QIOChannelBuffer;

bool qio_channel_is_buffer(QIOChannel *ioc);
/* @ioc as a buffer channel; asserts that it is one. */
QIOChannelBuffer *qio_channel_buffer_cast(QIOChannel *ioc);
#define QIO_CHANNEL_BUFFER(ioc) qio_channel_buffer_cast(QIO_CHANNEL(ioc))

/* An empty buffer with room for @capacity bytes (it grows as needed). */
QIOChannelBuffer *qio_channel_buffer_new(size_t capacity);
/* A buffer holding a copy of @data, positioned at its start. */
QIOChannelBuffer *qio_channel_buffer_new_data(const void *data, size_t len);

#endif /* IO_CHANNEL_BUFFER_H */
