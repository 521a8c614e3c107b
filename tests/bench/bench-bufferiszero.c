/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Benchmark for buffer_is_zero(): GB/s on zero 4 KiB pages, once for a
 * page that stays in cache and once streaming through 1 GiB, for each
 * implementation and two plain scans, next to the memory bandwidth.
 *
 * Usage: bench-bufferiszero [MiB]   (streaming size, default 1024)
 */
#include "qemu/osdep.h"
#include "qemu/cutils.h"

#define PAGE 4096

/* Scanning functions under test; all return true for an all-zero page. */
static const unsigned char zero_page[PAGE];

static bool scan_memcmp(const void *buf, size_t len)
{
    return memcmp(buf, zero_page, len) == 0;
}

static bool __attribute__((noinline)) scan_bytes(const void *buf, size_t len)
{
    const volatile unsigned char *p = buf;
    size_t i;

    /* volatile keeps the compiler from turning this into something else. */
    for (i = 0; i < len; i++) {
        if (p[i]) {
            return false;
        }
    }
    return true;
}

typedef struct BenchScan {
    const char *name;
    BufferIsZeroFn *fn;
} BenchScan;

static double now_sec(void)
{
    struct timespec ts;

    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec + ts.tv_nsec / 1e9;
}

static double gbps(uint64_t bytes, double secs)
{
    return bytes / secs / 1e9;
}

/* The same page over and over: the cost of the scan itself. */
static double bench_cached(BufferIsZeroFn *fn, const unsigned char *page)
{
    double best = 0;
    int rep;

    for (rep = 0; rep < 5; rep++) {
        uint64_t iters = 0;
        double t0 = now_sec(), t;

        do {
            int i;

            for (i = 0; i < 4096; i++) {
                if (!fn(page, PAGE)) {
                    g_error("zero page reported non-zero");
                }
                /* Keep the call from being hoisted out of the loop. */
                __asm__ volatile("" ::: "memory");
            }
            iters += 4096;
            t = now_sec() - t0;
        } while (t < 0.2);
        best = MAX(best, gbps(iters * PAGE, t));
    }
    return best;
}

/* Every page of @size bytes once: limited by memory bandwidth. */
static double bench_stream(BufferIsZeroFn *fn, const unsigned char *mem,
                           size_t size)
{
    double best = 0;
    int rep;

    for (rep = 0; rep < 3; rep++) {
        double t0 = now_sec();
        size_t off;

        for (off = 0; off < size; off += PAGE) {
            if (!fn(mem + off, PAGE)) {
                g_error("zero page at %zu reported non-zero", off);
            }
        }
        best = MAX(best, gbps(size, now_sec() - t0));
    }
    return best;
}

/*
 * Reference: read every byte and sum it, with no early exit and no compare,
 * using 32-byte loads when the CPU has AVX2 (16-byte ones otherwise), so
 * it reads as fast as the widest scan above could.
 */
typedef uint64_t BenchVec16 __attribute__((vector_size(16)));

static uint64_t read_sum_16(const unsigned char *mem, size_t size)
{
    const BenchVec16 *v = (const BenchVec16 *)mem;
    size_t n = size / sizeof(*v), i;
    BenchVec16 s0 = {0}, s1 = {0}, s2 = {0}, s3 = {0};

    for (i = 0; i + 4 <= n; i += 4) {
        s0 += v[i];
        s1 += v[i + 1];
        s2 += v[i + 2];
        s3 += v[i + 3];
    }
    s0 += s1 + s2 + s3;
    return s0[0] | s0[1];
}

#if defined(__x86_64__)
typedef uint64_t BenchVec32 __attribute__((vector_size(32)));

static uint64_t __attribute__((target("avx2")))
read_sum_32(const unsigned char *mem, size_t size)
{
    const BenchVec32 *v = (const BenchVec32 *)mem;
    size_t n = size / sizeof(*v), i;
    BenchVec32 s0 = {0}, s1 = {0}, s2 = {0}, s3 = {0};

    for (i = 0; i + 4 <= n; i += 4) {
        s0 += v[i];
        s1 += v[i + 1];
        s2 += v[i + 2];
        s3 += v[i + 3];
    }
    s0 += s1 + s2 + s3;
    return s0[0] | s0[1] | s0[2] | s0[3];
}
#endif

static double bench_read_sum(const unsigned char *mem, size_t size)
{
    uint64_t (*fn)(const unsigned char *, size_t) = read_sum_16;
    double best = 0;
    int rep;

#if defined(__x86_64__)
    if (buffer_zero_impl_available(BUFFER_ZERO_IMPL_AVX2)) {
        fn = read_sum_32;
    }
#endif
    for (rep = 0; rep < 3; rep++) {
        double t0 = now_sec();

        if (fn(mem, size)) {
            g_error("zero memory summed to non-zero");
        }
        best = MAX(best, gbps(size, now_sec() - t0));
    }
    return best;
}

/* Reference: memcpy of half the area onto the other half (bytes copied). */
static double bench_memcpy(unsigned char *mem, size_t size)
{
    double best = 0;
    int rep;

    for (rep = 0; rep < 3; rep++) {
        double t0 = now_sec();

        memcpy(mem, mem + size / 2, size / 2);
        __asm__ volatile("" ::: "memory");
        best = MAX(best, gbps(size / 2, now_sec() - t0));
    }
    return best;
}

int main(int argc, char **argv)
{
    size_t mib = argc > 1 ? strtoul(argv[1], NULL, 0) : 1024;
    size_t size = mib << 20;
    BenchScan scans[BUFFER_ZERO_IMPL__MAX + 2];
    unsigned char *page, *mem;
    int n = 0, impl, i;

    if (size < PAGE) {
        fprintf(stderr, "usage: %s [MiB]\n", argv[0]);
        return 1;
    }
    for (impl = 0; impl < BUFFER_ZERO_IMPL__MAX; impl++) {
        if (buffer_zero_impl_available(impl)) {
            scans[n].name = buffer_zero_impl_name(impl);
            scans[n].fn = buffer_zero_impl_fn(impl);
            n++;
        } else {
            printf("%-10s not available on this CPU\n",
                   buffer_zero_impl_name(impl));
        }
    }
    scans[n++] = (BenchScan){"memcmp", scan_memcmp};
    scans[n++] = (BenchScan){"bytes", scan_bytes};

    page = g_malloc0(PAGE);
    /*
     * Written, not just allocated: untouched pages all map the kernel's
     * one zero page, which stays in cache.  The volatile stores keep the
     * compiler from turning allocation plus memset into calloc.
     */
    mem = g_malloc(size);
    memset(mem, 0, size);
    for (i = 0; i < (int)(size / PAGE); i++) {
        ((volatile unsigned char *)mem)[(size_t)i * PAGE] = 0;
    }

    printf("buffer_is_zero on zero 4 KiB pages, GB/s (1e9 bytes/s)\n");
    printf("%-10s %12s %12s\n", "scan", "in-cache", "stream");
    for (i = 0; i < n; i++) {
        printf("%-10s %12.2f %12.2f\n", scans[i].name,
               bench_cached(scans[i].fn, page),
               bench_stream(scans[i].fn, mem, size));
    }
    printf("memory reference over %zu MiB:\n", mib);
    printf("%-10s %25.2f\n", "read-sum", bench_read_sum(mem, size));
    printf("%-10s %25.2f\n", "memcpy", bench_memcpy(mem, size));

    g_free(mem);
    g_free(page);
    return 0;
}
