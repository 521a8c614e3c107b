/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Unit tests for QEMUFile: round trips of every put/get width, the
 * zero-copy async queue (coalescing, one writev per batch, big buffers
 * through a socketpair with a reader thread), truncated input, the
 * sticky first error, peeking across refills, rate-limit accounting,
 * shutdown from another thread and the result of qemu_fclose().
 */
#include "qemu/osdep.h"
#include <sys/socket.h>
#include "qapi/error.h"
#include "qemu/atomic.h"
#include "qemu/thread.h"
#include "io/channel-buffer.h"
#include "io/channel-command.h"
#include "io/channel-socket.h"
#include "migration/qemu-file.h"

#define IO_BUF_SIZE 32768 /* the file's buffer, as in qemu-file.c */

/*
 * A write-only channel that records what it gets and how: the number of
 * writev calls and the largest iovec count of one call.
 */
typedef struct RecordChannel {
    QIOChannel parent;
    GByteArray *data;
    int writev_calls;
    size_t max_niov;
    int fail_after;  /* writev calls that succeed, -1: all */
} RecordChannel;

static ssize_t record_writev(QIOChannel *ioc, const struct iovec *iov,
                             size_t niov, const int *fds, size_t nfds,
                             Error **errp)
{
    RecordChannel *rc = (RecordChannel *)ioc;
    ssize_t total = 0;
    size_t i;

    if (rc->fail_after >= 0 && rc->writev_calls >= rc->fail_after) {
        error_setg_errno(errp, ENOSPC, "Unable to write to record");
        return -1;
    }
    rc->writev_calls++;
    rc->max_niov = MAX(rc->max_niov, niov);
    for (i = 0; i < niov; i++) {
        g_byte_array_append(rc->data, iov[i].iov_base, iov[i].iov_len);
        total += iov[i].iov_len;
    }
    return total;
}

static void record_finalize(QIOChannel *ioc)
{
    g_byte_array_unref(((RecordChannel *)ioc)->data);
}

static const QIOChannelClass record_class = {
    .type_name = "test-record",
    .io_writev = record_writev,
    .io_finalize = record_finalize,
};

static RecordChannel *record_new(int fail_after)
{
    RecordChannel *rc = g_new0(RecordChannel, 1);

    qio_channel_init(QIO_CHANNEL(rc), &record_class);
    rc->data = g_byte_array_new();
    rc->fail_after = fail_after;
    return rc;
}

/* An input file over a copy of @data. */
static QEMUFile *input_from(const void *data, size_t len)
{
    QIOChannelBuffer *bioc = qio_channel_buffer_new_data(data, len);
    QEMUFile *f = qemu_file_new_input(QIO_CHANNEL(bioc));

    qio_channel_unref(QIO_CHANNEL(bioc));
    return f;
}

static void fill_pattern(uint8_t *buf, size_t len, unsigned seed)
{
    size_t i;

    for (i = 0; i < len; i++) {
        buf[i] = (uint8_t)(i * 7 + seed + (i >> 10));
    }
}

static void test_widths(void)
{
    static const uint8_t expect[] = {
        0xab,
        0x12, 0x34,
        0xde, 0xad, 0xbe, 0xef,
        0x01, 0x02, 0x03, 0x04, 0x05, 0x06, 0x07, 0x08,
        'b', 'u', 'f',
        'a', 's', 'y', 'n', 'c',
        0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
    };
    RecordChannel *rc = record_new(-1);
    QEMUFile *f = qemu_file_new_output(QIO_CHANNEL(rc));
    uint8_t buf[8];

    qemu_put_byte(f, 0xab);
    qemu_put_be16(f, 0x1234);
    qemu_put_be32(f, 0xdeadbeef);
    qemu_put_be64(f, 0x0102030405060708ULL);
    qemu_put_buffer(f, (const uint8_t *)"buf", 3);
    qemu_put_buffer_async(f, (const uint8_t *)"async", 5);
    qemu_put_be64(f, UINT64_MAX);
    g_assert_cmpuint(qemu_file_transferred(f), ==, sizeof(expect));
    g_assert_cmpint(rc->writev_calls, ==, 0); /* all still queued */
    qemu_fflush(f);
    g_assert_cmpint(rc->writev_calls, ==, 1);
    g_assert_cmpuint(rc->data->len, ==, sizeof(expect));
    g_assert_true(memcmp(rc->data->data, expect, sizeof(expect)) == 0);
    g_assert_cmpuint(qemu_file_transferred(f), ==, sizeof(expect));
    g_assert_cmpint(qemu_fclose(f), ==, 0);
    qio_channel_unref(QIO_CHANNEL(rc));

    f = input_from(expect, sizeof(expect));
    g_assert_cmpuint(qemu_get_byte(f), ==, 0xab);
    g_assert_cmpuint(qemu_get_be16(f), ==, 0x1234);
    g_assert_cmpuint(qemu_get_be32(f), ==, 0xdeadbeef);
    g_assert_cmpuint(qemu_get_be64(f), ==, 0x0102030405060708ULL);
    g_assert_cmpuint(qemu_get_buffer(f, buf, 8), ==, 8);
    g_assert_true(memcmp(buf, "bufasync", 8) == 0);
    g_assert_cmpuint(qemu_get_be64(f), ==, UINT64_MAX);
    g_assert_cmpint(qemu_file_get_error(f), ==, 0);
    g_assert_cmpuint(qemu_file_transferred(f), ==, sizeof(expect));
    g_assert_cmpint(qemu_fclose(f), ==, 0);
}

/* Async pages are referenced, adjacent ones merge, one writev a batch. */
static void test_async_coalesce(void)
{
    size_t page = 4096, npages = 64;
    g_autofree uint8_t *ram = g_malloc(page * npages);
    RecordChannel *rc = record_new(-1);
    QEMUFile *f = qemu_file_new_output(QIO_CHANNEL(rc));
    size_t i;

    fill_pattern(ram, page * npages, 1);
    /* Contiguous pages: a single iovec entry. */
    for (i = 0; i < npages; i++) {
        qemu_put_buffer_async(f, ram + i * page, page);
    }
    qemu_fflush(f);
    g_assert_cmpint(rc->writev_calls, ==, 1);
    g_assert_cmpuint(rc->max_niov, ==, 1);
    g_assert_true(memcmp(rc->data->data, ram, page * npages) == 0);

    /* Header + page interleaved: still one writev for the whole batch. */
    g_byte_array_set_size(rc->data, 0);
    rc->writev_calls = 0;
    for (i = 0; i < npages; i += 2) {
        qemu_put_be64(f, i);
        qemu_put_buffer_async(f, ram + i * page, page);
    }
    qemu_fflush(f);
    g_assert_cmpint(rc->writev_calls, ==, 1);
    g_assert_cmpuint(rc->max_niov, ==, npages);
    g_assert_cmpuint(rc->data->len, ==, npages / 2 * (8 + page));

    /* The page memory went out as it was at flush time: no copy. */
    g_byte_array_set_size(rc->data, 0);
    qemu_put_buffer_async(f, ram, page);
    memset(ram, 0x5a, page);
    qemu_fflush(f);
    g_assert_cmpint(rc->data->data[0], ==, 0x5a);
    g_assert_cmpint(qemu_fclose(f), ==, 0);
    qio_channel_unref(QIO_CHANNEL(rc));
}

/* Many non-adjacent entries: flushed in IOV_MAX-sized writevs. */
static void test_async_iov_max(void)
{
    size_t n = IOV_MAX * 2 + 10;
    g_autofree uint8_t *ram = g_malloc(n * 2);
    RecordChannel *rc = record_new(-1);
    QEMUFile *f = qemu_file_new_output(QIO_CHANNEL(rc));
    size_t i;

    fill_pattern(ram, n * 2, 3);
    for (i = 0; i < n; i++) {
        qemu_put_buffer_async(f, ram + i * 2, 1); /* gaps: no merging */
    }
    qemu_fflush(f);
    g_assert_cmpint(rc->writev_calls, ==, 3);
    g_assert_cmpuint(rc->max_niov, ==, IOV_MAX);
    for (i = 0; i < n; i++) {
        g_assert_cmpint(rc->data->data[i], ==, ram[i * 2]);
    }
    g_assert_cmpint(qemu_fclose(f), ==, 0);
    qio_channel_unref(QIO_CHANNEL(rc));
}

typedef struct StreamReader {
    QIOChannel *ioc;
    const uint8_t *ram;
    size_t page, npages;
    uint64_t transferred;
    int error;
    bool ok;
    QemuThread thread;
} StreamReader;

/* Incoming side: header, then (index, page) records, then the end mark. */
static void *stream_reader_thread(void *opaque)
{
    StreamReader *r = opaque;
    QEMUFile *f = qemu_file_new_input(r->ioc);
    g_autofree uint8_t *page = g_malloc(r->page);
    size_t i;

    r->ok = qemu_get_be32(f) == 0x5145564d;
    for (i = 0; i < r->npages && r->ok; i++) {
        uint64_t idx = qemu_get_be64(f);

        r->ok = idx == i && qemu_get_byte(f) == 0x01 &&
                qemu_get_buffer(f, page, r->page) == r->page &&
                memcmp(page, r->ram + i * r->page, r->page) == 0;
    }
    r->ok = r->ok && qemu_get_be32(f) == 0xfeedf00d;
    r->transferred = qemu_file_transferred(f);
    r->error = qemu_file_get_error(f);
    qemu_fclose(f);
    return NULL;
}

static void test_async_socketpair(void)
{
    size_t page = 4096, npages = 16384; /* 64 MiB */
    g_autofree uint8_t *ram = g_malloc(page * npages);
    StreamReader r = { .ram = ram, .page = page, .npages = npages };
    QIOChannel *out;
    QEMUFile *f;
    int sv[2];
    size_t i;

    fill_pattern(ram, page * npages, 9);
    g_assert_cmpint(socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, sv),
                    ==, 0);
    out = QIO_CHANNEL(qio_channel_socket_new_fd(sv[0], &error_abort));
    r.ioc = QIO_CHANNEL(qio_channel_socket_new_fd(sv[1], &error_abort));
    qemu_thread_create(&r.thread, "stream-reader", stream_reader_thread, &r,
                       QEMU_THREAD_JOINABLE);

    f = qemu_file_new_output(out);
    qemu_put_be32(f, 0x5145564d);
    for (i = 0; i < npages; i++) {
        qemu_put_be64(f, i);
        qemu_put_byte(f, 0x01);
        qemu_put_buffer_async(f, ram + i * page, page);
    }
    qemu_put_be32(f, 0xfeedf00d);
    qemu_fflush(f);
    g_assert_cmpint(qemu_file_get_error(f), ==, 0);
    qemu_thread_join(&r.thread);
    g_assert_true(r.ok);
    g_assert_cmpint(r.error, ==, 0);
    g_assert_cmpuint(r.transferred, ==, qemu_file_transferred(f));
    g_assert_cmpuint(qemu_file_transferred(f), ==,
                     8 + npages * (9 + page));
    g_assert_cmpint(qemu_fclose(f), ==, 0);
    qio_channel_unref(out);
    qio_channel_unref(r.ioc);
}

static void test_truncated(void)
{
    static const uint8_t data[] = { 0x11, 0x22, 0x33 };
    uint8_t buf[8];
    QEMUFile *f = input_from(data, sizeof(data));
    Error *err = NULL;

    g_assert_cmpuint(qemu_get_byte(f), ==, 0x11);
    g_assert_cmpuint(qemu_get_be32(f), ==, 0); /* only 2 bytes left */
    g_assert_cmpint(qemu_file_get_error_obj(f, &err), ==, -EIO);
    g_assert_cmpstr(error_get_pretty(err), ==,
                    "Unexpected end-of-file before all data were read");
    /* Latched: even the bytes still buffered read as zeros now. */
    g_assert_cmpuint(qemu_get_byte(f), ==, 0);
    g_assert_cmpuint(qemu_get_be16(f), ==, 0);
    g_assert_cmpuint(qemu_get_be64(f), ==, 0);
    memset(buf, 0xee, sizeof(buf));
    g_assert_cmpuint(qemu_get_buffer(f, buf, sizeof(buf)), ==, 0);
    g_assert_cmpuint(buf[0], ==, 0);
    g_assert_cmpint(qemu_fclose(f), ==, -EIO);

    /* A short buffer read: what was there, then zeros. */
    f = input_from(data, sizeof(data));
    memset(buf, 0xee, sizeof(buf));
    g_assert_cmpuint(qemu_get_buffer(f, buf, sizeof(buf)), ==, 3);
    g_assert_true(memcmp(buf, data, 3) == 0);
    g_assert_cmpuint(buf[3], ==, 0);
    g_assert_cmpint(qemu_file_get_error(f), ==, -EIO);
    g_assert_cmpint(qemu_fclose(f), ==, -EIO);

    /* An empty stream. */
    f = input_from(data, 0);
    g_assert_cmpuint(qemu_get_be64(f), ==, 0);
    g_assert_cmpint(qemu_file_get_error(f), ==, -EIO);
    g_assert_cmpint(qemu_fclose(f), ==, -EIO);
}

static void test_first_error_wins(void)
{
    RecordChannel *rc = record_new(-1);
    QEMUFile *f = qemu_file_new_output(QIO_CHANNEL(rc));
    Error *first = NULL, *second = NULL, *got = NULL;

    qemu_put_be32(f, 1);
    error_setg(&first, "first");
    error_setg(&second, "second");
    qemu_file_set_error_obj(f, -EINVAL, first);
    qemu_file_set_error_obj(f, -EIO, second);
    qemu_file_set_error(f, -ENOSPC);
    g_assert_cmpint(qemu_file_get_error_obj(f, &got), ==, -EINVAL);
    g_assert_cmpstr(error_get_pretty(got), ==, "first");
    /* Later puts and flushes do nothing. */
    qemu_put_be64(f, 2);
    qemu_put_buffer_async(f, (const uint8_t *)"x", 1);
    qemu_fflush(f);
    g_assert_cmpuint(rc->data->len, ==, 0);
    g_assert_cmpint(qemu_fclose(f), ==, -EINVAL);
    qio_channel_unref(QIO_CHANNEL(rc));

    /* A failed write latches -EIO with the channel's message. */
    rc = record_new(0);
    f = qemu_file_new_output(QIO_CHANNEL(rc));
    qemu_put_be32(f, 1);
    qemu_fflush(f);
    g_assert_cmpint(qemu_file_get_error_obj(f, &got), ==, -EIO);
    g_assert_cmpstr(error_get_pretty(got), ==,
                    "Unable to write to record: No space left on device");
    g_assert_cmpint(qemu_fclose(f), ==, -EIO);
    qio_channel_unref(QIO_CHANNEL(rc));
}

static void test_peek_refill(void)
{
    size_t len = 100000;
    g_autofree uint8_t *data = g_malloc(len);
    g_autofree uint8_t *skip = g_malloc(len);
    QEMUFile *f;
    uint8_t *p;
    size_t start = IO_BUF_SIZE - 10;

    fill_pattern(data, len, 4);
    f = input_from(data, len);
    g_assert_cmpuint(qemu_get_buffer(f, skip, 1), ==, 1);
    g_assert_cmpuint(qemu_get_buffer(f, skip, start - 1), ==, start - 1);
    /* This peek crosses what one refill brought in. */
    g_assert_cmpuint(qemu_peek_buffer(f, &p, 100, 0), ==, 100);
    g_assert_true(memcmp(p, data + start, 100) == 0);
    g_assert_cmpint(qemu_peek_byte(f, 50), ==, data[start + 50]);
    /* Peeks clamp to the buffer; nothing was consumed. */
    g_assert_cmpuint(qemu_peek_buffer(f, &p, IO_BUF_SIZE, 10), ==,
                     IO_BUF_SIZE - 10);
    g_assert_true(memcmp(p, data + start + 10, IO_BUF_SIZE - 10) == 0);
    g_assert_cmpuint(qemu_peek_buffer(f, &p, 1, IO_BUF_SIZE), ==, 0);
    qemu_file_skip(f, 3);
    g_assert_cmpuint(qemu_get_byte(f), ==, data[start + 3]);
    g_assert_cmpuint(qemu_file_transferred(f), ==, start + 4);
    /* Peeking past the end: what exists, then the end is latched. */
    g_assert_cmpuint(qemu_get_buffer(f, skip, len - start - 4 - 5), ==,
                     len - start - 4 - 5);
    g_assert_cmpuint(qemu_peek_buffer(f, &p, 10, 0), ==, 5);
    g_assert_true(memcmp(p, data + len - 5, 5) == 0);
    g_assert_cmpint(qemu_file_get_error(f), ==, -EIO);
    g_assert_cmpint(qemu_fclose(f), ==, -EIO);
}

static void test_rate_limit(void)
{
    RecordChannel *rc = record_new(-1);
    QEMUFile *f = qemu_file_new_output(QIO_CHANNEL(rc));
    uint8_t page[1000] = { 0 };

    /* 0: unlimited. */
    qemu_put_buffer(f, page, sizeof(page));
    g_assert_false(qemu_file_rate_limit(f));

    qemu_file_set_rate_limit(f, 2000);
    g_assert_false(qemu_file_rate_limit(f)); /* 1000 of 2000 */
    qemu_put_buffer_async(f, page, 999);
    g_assert_false(qemu_file_rate_limit(f));
    qemu_put_byte(f, 1);
    g_assert_true(qemu_file_rate_limit(f)); /* budget spent */
    qemu_fflush(f);
    g_assert_true(qemu_file_rate_limit(f)); /* flushing does not refund */
    qemu_file_reset_rate_limit(f);
    g_assert_false(qemu_file_rate_limit(f));
    qemu_put_be64(f, 1);
    g_assert_false(qemu_file_rate_limit(f));
    /* An error stops the producer whatever the budget. */
    qemu_file_set_error(f, -EIO);
    g_assert_true(qemu_file_rate_limit(f));
    g_assert_cmpint(qemu_fclose(f), ==, -EIO);
    qio_channel_unref(QIO_CHANNEL(rc));
}

typedef struct BlockedReader {
    QEMUFile *f;
    uint32_t value;
    bool started;
    QemuThread thread;
} BlockedReader;

static void *blocked_reader_thread(void *opaque)
{
    BlockedReader *r = opaque;

    qatomic_set(&r->started, true);
    r->value = qemu_get_be32(r->f);
    return NULL;
}

static void test_shutdown(void)
{
    BlockedReader r = { .value = 42 };
    QIOChannel *a, *b;
    QIOChannelBuffer *bioc;
    Error *err = NULL;
    int sv[2];

    g_assert_cmpint(socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, sv),
                    ==, 0);
    a = QIO_CHANNEL(qio_channel_socket_new_fd(sv[0], &error_abort));
    b = QIO_CHANNEL(qio_channel_socket_new_fd(sv[1], &error_abort));
    r.f = qemu_file_new_input(b);
    qemu_thread_create(&r.thread, "blocked-reader", blocked_reader_thread,
                       &r, QEMU_THREAD_JOINABLE);
    while (!qatomic_read(&r.started)) {
        g_usleep(1000);
    }
    g_usleep(20 * 1000); /* let it block; a missed race still passes */
    g_assert_cmpint(qemu_file_shutdown(r.f), ==, 0);
    qemu_thread_join(&r.thread);
    g_assert_cmpuint(r.value, ==, 0);
    g_assert_cmpint(qemu_file_get_error_obj(r.f, &err), ==, -EIO);
    g_assert_cmpstr(error_get_pretty(err), ==,
                    "Migration stream was shut down");
    g_assert_cmpint(qemu_fclose(r.f), ==, -EIO);
    qio_channel_unref(a);
    qio_channel_unref(b);

    /* A channel without shutdown says so and latches nothing. */
    bioc = qio_channel_buffer_new(16);
    r.f = qemu_file_new_output(QIO_CHANNEL(bioc));
    g_assert_cmpint(qemu_file_shutdown(r.f), ==, -ENOSYS);
    g_assert_cmpint(qemu_file_get_error(r.f), ==, 0);
    g_assert_cmpint(qemu_fclose(r.f), ==, 0);
    qio_channel_unref(QIO_CHANNEL(bioc));
}

static void test_fclose_errors(void)
{
    QIOChannelCommand *cioc;
    QIOChannel *a, *b;
    QEMUFile *f;
    int sv[2];

    /* The peer is gone: the final flush fails and fclose says so. */
    g_assert_cmpint(socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, sv),
                    ==, 0);
    a = QIO_CHANNEL(qio_channel_socket_new_fd(sv[0], &error_abort));
    b = QIO_CHANNEL(qio_channel_socket_new_fd(sv[1], &error_abort));
    qio_channel_unref(b);
    f = qemu_file_new_output(a);
    qemu_put_be64(f, 1);
    g_assert_cmpint(qemu_fclose(f), ==, -EIO);
    qio_channel_unref(a);

    /* Everything written, but the command failed: close reports it. */
    cioc = qio_channel_command_new_shell("cat >/dev/null; exit 1", O_WRONLY,
                                         &error_abort);
    f = qemu_file_new_output(QIO_CHANNEL(cioc));
    qemu_put_be32(f, 7);
    g_assert_cmpint(qemu_fclose(f), ==, -EIO);
    qio_channel_unref(QIO_CHANNEL(cioc));

    /* And a clean one. */
    cioc = qio_channel_command_new_shell("cat >/dev/null", O_WRONLY,
                                         &error_abort);
    f = qemu_file_new_output(QIO_CHANNEL(cioc));
    qemu_put_be32(f, 7);
    g_assert_cmpint(qemu_fclose(f), ==, 0);
    qio_channel_unref(QIO_CHANNEL(cioc));
}

int main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    g_test_add_func("/qemu-file/put-get/widths", test_widths);
    g_test_add_func("/qemu-file/async/coalesce", test_async_coalesce);
    g_test_add_func("/qemu-file/async/iov-max", test_async_iov_max);
    g_test_add_func("/qemu-file/async/socketpair", test_async_socketpair);
    g_test_add_func("/qemu-file/get/truncated", test_truncated);
    g_test_add_func("/qemu-file/error/first-wins", test_first_error_wins);
    g_test_add_func("/qemu-file/peek/refill", test_peek_refill);
    g_test_add_func("/qemu-file/rate-limit/accounting", test_rate_limit);
    g_test_add_func("/qemu-file/shutdown/blocked-reader", test_shutdown);
    g_test_add_func("/qemu-file/fclose/errors", test_fclose_errors);
    return g_test_run();
}
