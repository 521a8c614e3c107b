/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Benchmark for the QEMUFile page path: GB/s of (8-byte header, 4 KiB
 * page) records through a unix socketpair, written with
 * qemu_put_be64() + qemu_put_buffer_async() and read back with
 * qemu_get_be64() + qemu_get_buffer() in a second thread, next to a
 * plain write()/read() loop of whole pages over the same kind of pair.
 *
 * Usage: bench-qemu-file [MiB]   (amount of page data, default 4096)
 */
#include "qemu/osdep.h"
#include <sys/socket.h>
#include "qapi/error.h"
#include "qemu/thread.h"
#include "io/channel-socket.h"
#include "migration/qemu-file.h"

#define PAGE 4096
#define RAM_PAGES 16384 /* 64 MiB of "guest RAM", sent round and round */

typedef struct Sink {
    int fd;
    QIOChannel *ioc;
    size_t npages;
    QemuThread thread;
} Sink;

static void make_pair(int sv[2])
{
    if (socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, sv) < 0) {
        perror("socketpair");
        exit(1);
    }
}

static double now(void)
{
    return g_get_monotonic_time() / 1e6;
}

static void *file_sink(void *opaque)
{
    Sink *s = opaque;
    QEMUFile *f = qemu_file_new_input(s->ioc);
    g_autofree uint8_t *page = g_malloc(PAGE);
    size_t i;

    for (i = 0; i < s->npages; i++) {
        qemu_get_be64(f);
        qemu_get_buffer(f, page, PAGE);
    }
    if (qemu_file_get_error(f)) {
        fprintf(stderr, "reader failed\n");
        exit(1);
    }
    qemu_fclose(f);
    return NULL;
}

static void *raw_sink(void *opaque)
{
    Sink *s = opaque;
    g_autofree uint8_t *buf = g_malloc(PAGE * 64);
    size_t left = s->npages * PAGE;

    while (left) {
        ssize_t n = read(s->fd, buf, MIN(left, (size_t)PAGE * 64));

        if (n <= 0) {
            perror("read");
            exit(1);
        }
        left -= n;
    }
    return NULL;
}

static double bench_file(uint8_t *ram, size_t npages)
{
    Sink s = { .npages = npages };
    QIOChannel *out;
    QEMUFile *f;
    int sv[2];
    double t;
    size_t i;

    make_pair(sv);
    out = QIO_CHANNEL(qio_channel_socket_new_fd(sv[0], &error_abort));
    s.ioc = QIO_CHANNEL(qio_channel_socket_new_fd(sv[1], &error_abort));
    qemu_thread_create(&s.thread, "sink", file_sink, &s,
                       QEMU_THREAD_JOINABLE);
    t = now();
    f = qemu_file_new_output(out);
    for (i = 0; i < npages; i++) {
        qemu_put_be64(f, i);
        qemu_put_buffer_async(f, ram + (i % RAM_PAGES) * PAGE, PAGE);
    }
    qemu_fflush(f);
    qemu_thread_join(&s.thread);
    t = now() - t;
    qemu_fclose(f);
    qio_channel_unref(out);
    qio_channel_unref(s.ioc);
    return t;
}

static double bench_raw(uint8_t *ram, size_t npages)
{
    Sink s = { .npages = npages };
    int sv[2];
    double t;
    size_t i;

    make_pair(sv);
    s.fd = sv[1];
    qemu_thread_create(&s.thread, "sink", raw_sink, &s, QEMU_THREAD_JOINABLE);
    t = now();
    for (i = 0; i < npages; i++) {
        const uint8_t *p = ram + (i % RAM_PAGES) * PAGE;
        size_t done = 0;

        while (done < PAGE) {
            ssize_t n = write(sv[0], p + done, PAGE - done);

            if (n <= 0) {
                perror("write");
                exit(1);
            }
            done += n;
        }
    }
    qemu_thread_join(&s.thread);
    t = now() - t;
    close(sv[0]);
    close(sv[1]);
    return t;
}

int main(int argc, char **argv)
{
    size_t mib = argc > 1 ? strtoul(argv[1], NULL, 10) : 4096;
    size_t npages = mib * 1024 * 1024 / PAGE;
    g_autofree uint8_t *ram = g_malloc(RAM_PAGES * (size_t)PAGE);
    double gb = npages * (double)PAGE / 1e9;
    double t_file, t_raw;

    if (!npages) {
        fprintf(stderr, "usage: %s [MiB]\n", argv[0]);
        return 1;
    }
    memset(ram, 0x5a, RAM_PAGES * (size_t)PAGE);
    t_file = bench_file(ram, npages);
    t_raw = bench_raw(ram, npages);
    printf("qemu-file header+page records: %7.2f GB/s\n", gb / t_file);
    printf("write() one page per call:     %7.2f GB/s\n", gb / t_raw);
    printf("ratio qemu-file / write():     %7.2f\n", t_raw / t_file);
    return 0;
}
