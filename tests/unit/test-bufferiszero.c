/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Unit tests for buffer_is_zero(): every implementation, at every length
 * up to 8 KiB and every alignment within a cache line, with one non-zero
 * byte moved through the buffer and non-zero guard bytes around it.
 */
#include "qemu/osdep.h"
#include "qemu/cutils.h"

#define MAX_LEN 8192
#define MAX_ALIGN 64
#define GUARD 128
#define GUARD_BYTE 0xa5

/*
 * Lengths up to FULL_LEN get every position at every alignment.  Longer
 * ones get every position within EDGE bytes of either end, and a stride of
 * STRIDE positions starting at (align % STRIDE): since STRIDE < MAX_ALIGN,
 * every position of every length is still covered at some alignment.
 * "-m thorough" tests every position at every alignment for all lengths.
 */
#define FULL_LEN 512
#define EDGE 128
#define STRIDE 61

typedef struct TestBuf {
    unsigned char *raw;
    unsigned char *mem;
    size_t size;
} TestBuf;

static void test_buf_init(TestBuf *tb)
{
    tb->size = GUARD + MAX_ALIGN + MAX_LEN + GUARD;
    /* 64-byte aligned, so "align" is the offset within a cache line. */
    tb->raw = g_malloc(tb->size + 63);
    tb->mem = (unsigned char *)QEMU_ALIGN_UP((uintptr_t)tb->raw, 64);
    memset(tb->mem, GUARD_BYTE, tb->size);
}

static void test_buf_destroy(TestBuf *tb)
{
    g_free(tb->raw);
}

static BufferIsZeroFn *impl_or_skip(BufferZeroImpl impl)
{
    BufferIsZeroFn *fn = buffer_zero_impl_fn(impl);

    if (!fn) {
        g_autofree char *why = g_strdup_printf(
            "%s is not supported by this CPU", buffer_zero_impl_name(impl));
        g_test_skip(why);
    }
    return fn;
}

/* One non-zero byte at @pos; a different bit each time. */
static void check_position(BufferIsZeroFn *fn, unsigned char *buf, size_t len,
                           size_t pos)
{
    buf[pos] = 1u << (pos & 7);
    if (fn(buf, len)) {
        g_error("len %zu align %u: non-zero byte at %zu not found", len,
                (unsigned)((uintptr_t)buf & (MAX_ALIGN - 1)), pos);
    }
    buf[pos] = 0;
}

static void check_len_align(BufferIsZeroFn *fn, TestBuf *tb, size_t len,
                            size_t align, bool thorough)
{
    unsigned char *buf = tb->mem + GUARD + align;
    size_t pos;

    memset(buf, 0, len);
    if (!fn(buf, len)) {
        g_error("len %zu align %zu: zero buffer reported non-zero", len, align);
    }

    if (thorough || len <= FULL_LEN) {
        for (pos = 0; pos < len; pos++) {
            check_position(fn, buf, len, pos);
        }
    } else {
        for (pos = 0; pos < EDGE; pos++) {
            check_position(fn, buf, len, pos);
            check_position(fn, buf, len, len - 1 - pos);
        }
        for (pos = EDGE + (align % STRIDE); pos < len - EDGE; pos += STRIDE) {
            check_position(fn, buf, len, pos);
        }
    }

    /* The buffer must still be all zero: nothing was left behind. */
    g_assert_true(fn(buf, len));
    memset(buf, GUARD_BYTE, len);
}

static void check_guards_intact(TestBuf *tb)
{
    size_t i;

    for (i = 0; i < tb->size; i++) {
        g_assert_cmpuint(tb->mem[i], ==, GUARD_BYTE);
    }
}

static void test_every_position(gconstpointer opaque)
{
    BufferZeroImpl impl = GPOINTER_TO_INT(opaque);
    BufferIsZeroFn *fn = impl_or_skip(impl);
    bool thorough = g_test_thorough();
    TestBuf tb;
    size_t len, align;

    if (!fn) {
        return;
    }
    test_buf_init(&tb);
    for (len = 0; len <= MAX_LEN; len++) {
        for (align = 0; align < MAX_ALIGN; align++) {
            check_len_align(fn, &tb, len, align, thorough);
        }
    }
    check_guards_intact(&tb);
    test_buf_destroy(&tb);
}

/*
 * All-zero buffers at every length and alignment, surrounded by non-zero
 * bytes: an implementation that reads one byte too many says false.
 */
static void test_all_zero(gconstpointer opaque)
{
    BufferZeroImpl impl = GPOINTER_TO_INT(opaque);
    BufferIsZeroFn *fn = impl_or_skip(impl);
    TestBuf tb;
    size_t len, align;

    if (!fn) {
        return;
    }
    test_buf_init(&tb);
    for (align = 0; align < MAX_ALIGN; align++) {
        unsigned char *buf = tb.mem + GUARD + align;

        memset(buf, 0, MAX_LEN);
        for (len = 0; len <= MAX_LEN; len++) {
            /* The byte just past the end is the non-zero guard. */
            buf[len] = GUARD_BYTE;
            if (!fn(buf, len)) {
                g_error("len %zu align %zu: zero buffer reported non-zero", len,
                        align);
            }
            buf[len] = 0;
            /* Including that byte must make it non-zero. */
            buf[len] = GUARD_BYTE;
            g_assert_false(fn(buf, len + 1));
            buf[len] = 0;
        }
        memset(buf, GUARD_BYTE, MAX_LEN + 1);
    }
    check_guards_intact(&tb);
    test_buf_destroy(&tb);
}

/* Every byte value, not just single bits, is seen as non-zero. */
static void test_every_value(gconstpointer opaque)
{
    BufferZeroImpl impl = GPOINTER_TO_INT(opaque);
    BufferIsZeroFn *fn = impl_or_skip(impl);
    static const size_t lens[] = {1, 7, 8, 31, 32, 33, 64, 100, 4096};
    g_autofree unsigned char *buf = NULL;
    size_t i;
    unsigned v;

    if (!fn) {
        return;
    }
    buf = g_malloc0(4096);
    for (i = 0; i < ARRAY_SIZE(lens); i++) {
        size_t pos = lens[i] / 2;

        for (v = 1; v < 256; v++) {
            buf[pos] = v;
            g_assert_false(fn(buf, lens[i]));
        }
        buf[pos] = 0;
        g_assert_true(fn(buf, lens[i]));
    }
}

/* buffer_is_zero() follows the selection and agrees with each function. */
static void test_dispatch_select(void)
{
    BufferZeroImpl saved = buffer_is_zero_selected();
    g_autofree unsigned char *buf = g_malloc0(4096 + 64);
    int impl;

    g_assert_true(buffer_is_zero(NULL, 0));
    for (impl = 0; impl < BUFFER_ZERO_IMPL__MAX; impl++) {
        size_t len, pos;

        if (!buffer_zero_impl_available(impl)) {
            g_assert_false(buffer_is_zero_select(impl));
            g_assert_null(buffer_zero_impl_fn(impl));
            continue;
        }
        g_assert_true(buffer_is_zero_select(impl));
        g_assert_cmpint(buffer_is_zero_selected(), ==, impl);
        for (len = 0; len <= 300; len++) {
            g_assert_true(buffer_is_zero(buf + 3, len));
            for (pos = 0; pos < len; pos++) {
                buf[3 + pos] = 0x80;
                g_assert_false(buffer_is_zero(buf + 3, len));
                buf[3 + pos] = 0;
            }
        }
        g_assert_true(buffer_is_zero(buf, 4096));
        buf[4095] = 1;
        g_assert_false(buffer_is_zero(buf, 4096));
        g_assert_true(buffer_is_zero(buf, 4095));
        buf[4095] = 0;
    }
    buffer_is_zero_select(saved);
}

/* The default is the best implementation the CPU has. */
static void test_dispatch_best(void)
{
    BufferZeroImpl saved = buffer_is_zero_selected();

    buffer_is_zero_select(BUFFER_ZERO_IMPL_BASELINE);
    buffer_is_zero_select_best();
    if (buffer_zero_impl_available(BUFFER_ZERO_IMPL_AVX2)) {
        g_assert_cmpint(buffer_is_zero_selected(), ==, BUFFER_ZERO_IMPL_AVX2);
    } else {
        g_assert_cmpint(buffer_is_zero_selected(), ==,
                        BUFFER_ZERO_IMPL_BASELINE);
    }
    buffer_is_zero_select(saved);
}

int main(int argc, char **argv)
{
    int impl;

    g_test_init(&argc, &argv, NULL);

    for (impl = 0; impl < BUFFER_ZERO_IMPL__MAX; impl++) {
        const char *name = buffer_zero_impl_name(impl);
        g_autofree char *p1 = NULL, *p2 = NULL, *p3 = NULL;

        p1 = g_strdup_printf("/util/buffer-is-zero/%s/all-zero", name);
        p2 = g_strdup_printf("/util/buffer-is-zero/%s/every-value", name);
        p3 = g_strdup_printf("/util/buffer-is-zero/%s/every-position", name);
        g_test_add_data_func(p1, GINT_TO_POINTER(impl), test_all_zero);
        g_test_add_data_func(p2, GINT_TO_POINTER(impl), test_every_value);
        g_test_add_data_func(p3, GINT_TO_POINTER(impl), test_every_position);
    }
    g_test_add_func("/util/buffer-is-zero/dispatch/select",
                    test_dispatch_select);
    g_test_add_func("/util/buffer-is-zero/dispatch/best", test_dispatch_best);

    return g_test_run();
}
