/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * QEMUFile: the buffered, big-endian migration stream over a QIOChannel.
 *
 * Errors are sticky: the first error (a negative errno, plus an Error
 * with the cause) is latched in the file; every later qemu_put_*() is
 * a no-op and every qemu_get_*() returns zeros.  qemu_put_*() and
 * qemu_get_*() are void; callers check qemu_file_get_error() at section
 * and iteration boundaries.  This is the one latching scheme of the tree.
 *
 * Threads: a QEMUFile is used by one thread at a time (its owner: the
 * migration thread for the outgoing main stream, the incoming thread
 * for the incoming one); qemu_file_shutdown() may be called from any
 * thread to unblock the owner.
 * Owner: migration/qemu-file.c.
 */
#ifndef MIGRATION_QEMU_FILE_H
#define MIGRATION_QEMU_FILE_H

#include "io/channel.h"

typedef struct QEMUFile QEMUFile;

/* Take a reference on @ioc; the file is for writing resp. reading. */
QEMUFile *qemu_file_new_output(QIOChannel *ioc);
QEMUFile *qemu_file_new_input(QIOChannel *ioc);
/*
 * Flush (output), drop the channel reference, free.  Returns the latched
 * error or the flush/close error (negative errno), else 0.
 */
int qemu_fclose(QEMUFile *f);

QIOChannel *qemu_file_get_ioc(QEMUFile *f);

/* Output. */
void qemu_put_byte(QEMUFile *f, uint8_t v);
void qemu_put_be16(QEMUFile *f, uint16_t v);
void qemu_put_be32(QEMUFile *f, uint32_t v);
void qemu_put_be64(QEMUFile *f, uint64_t v);
void qemu_put_buffer(QEMUFile *f, const uint8_t *buf, size_t size);
/*
 * Queue @buf (which must stay valid and unchanged until the next
 * qemu_fflush()) without copying: guest pages go to the channel with
 * one writev per batch, never copied into the file's buffer.
 */
void qemu_put_buffer_async(QEMUFile *f, const uint8_t *buf, size_t size);
/* Write everything buffered or queued now. */
void qemu_fflush(QEMUFile *f);

/* Input.  Short input latches -EIO ("unexpected end of stream"-style). */
uint8_t qemu_get_byte(QEMUFile *f);
uint16_t qemu_get_be16(QEMUFile *f);
uint32_t qemu_get_be32(QEMUFile *f);
uint64_t qemu_get_be64(QEMUFile *f);
/* Read exactly @size bytes (fewer only on error); returns bytes read. */
size_t qemu_get_buffer(QEMUFile *f, uint8_t *buf, size_t size);
/*
 * Peek at up to @size bytes at @offset from the current position without
 * consuming them; *@buf points into the file's buffer.  Returns bytes
 * available (may be fewer at end of stream).
 */
size_t qemu_peek_buffer(QEMUFile *f, uint8_t **buf, size_t size,
                        size_t offset);
int qemu_peek_byte(QEMUFile *f, int offset);
void qemu_file_skip(QEMUFile *f, int size);

/* Errors. */
int qemu_file_get_error(QEMUFile *f);
/* Like qemu_file_get_error(), also returning (borrowed) the Error. */
int qemu_file_get_error_obj(QEMUFile *f, Error **errp);
/* Latch @ret (negative errno) with @err (taken) unless already set. */
void qemu_file_set_error_obj(QEMUFile *f, int ret, Error *err);
void qemu_file_set_error(QEMUFile *f, int ret);
/* Shut the channel down both ways; the owner's blocked I/O fails. */
int qemu_file_shutdown(QEMUFile *f);

/*
 * Output: bytes put so far (written to the channel or queued for the
 * next flush, as QEMU counts them); input: bytes consumed.  Owner only.
 */
uint64_t qemu_file_transferred(QEMUFile *f);

/*
 * Rate limit: bytes allowed per 100 ms window of the migration thread
 * (max-bandwidth / 10; 0 means unlimited).  qemu_file_rate_limit()
 * says whether the current window's budget is spent.
 */
void qemu_file_set_rate_limit(QEMUFile *f, uint64_t bytes_per_window);
bool qemu_file_rate_limit(QEMUFile *f);
void qemu_file_reset_rate_limit(QEMUFile *f);

#endif /* MIGRATION_QEMU_FILE_H */
