/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Unit tests for util/iov.c: copying to and from flat buffers at every
 * offset and length, sub-ranges, discarding and QEMUIOVector.
 */
#include "qemu/osdep.h"
#include "qemu/iov.h"

/* Entry lengths of the test vector, including an empty entry. */
static const size_t test_lens[] = {1, 7, 0, 16, 3, 64, 5};
#define NIOV ARRAY_SIZE(test_lens)
#define TOTAL (1 + 7 + 0 + 16 + 3 + 64 + 5)

typedef struct TestIov {
    struct iovec iov[NIOV];
    unsigned char *mem[NIOV];
} TestIov;

static void test_iov_init(TestIov *t, int fill)
{
    size_t i;

    for (i = 0; i < NIOV; i++) {
        /* One spare byte after each entry catches writes past its end. */
        t->mem[i] = g_malloc(test_lens[i] + 1);
        memset(t->mem[i], fill, test_lens[i]);
        t->mem[i][test_lens[i]] = 0xee;
        t->iov[i].iov_base = t->mem[i];
        t->iov[i].iov_len = test_lens[i];
    }
}

static void test_iov_destroy(TestIov *t)
{
    size_t i;

    for (i = 0; i < NIOV; i++) {
        g_assert_cmpint(t->mem[i][test_lens[i]], ==, 0xee);
        g_free(t->mem[i]);
    }
}

/* The vector's contents, flattened. */
static void flatten(const TestIov *t, unsigned char *out)
{
    size_t i, off = 0;

    for (i = 0; i < NIOV; i++) {
        memcpy(out + off, t->mem[i], test_lens[i]);
        off += test_lens[i];
    }
}

static void test_size(void)
{
    TestIov t;

    test_iov_init(&t, 0);
    g_assert_cmpuint(iov_size(t.iov, NIOV), ==, TOTAL);
    g_assert_cmpuint(iov_size(t.iov, 0), ==, 0);
    g_assert_cmpuint(iov_size(t.iov, 2), ==, 8);
    test_iov_destroy(&t);
}

/* Every (offset, length), including ranges running past the end. */
static void test_from_to_buf(void)
{
    unsigned char src[TOTAL + 8], flat[TOTAL], out[TOTAL + 8];
    size_t off, len, i;

    for (i = 0; i < sizeof(src); i++) {
        src[i] = i * 7 + 1;
    }
    for (off = 0; off <= TOTAL + 1; off++) {
        for (len = 0; len <= TOTAL + 2; len++) {
            size_t expect = off >= TOTAL ? 0 : MIN(len, TOTAL - off);
            TestIov t;

            test_iov_init(&t, 0);
            g_assert_cmpuint(iov_from_buf(t.iov, NIOV, off, src, len), ==,
                             expect);
            flatten(&t, flat);
            for (i = 0; i < TOTAL; i++) {
                bool inside = i >= off && i < off + expect;

                g_assert_cmpint(flat[i], ==, inside ? src[i - off] : 0);
            }

            memset(out, 0xcc, sizeof(out));
            g_assert_cmpuint(iov_to_buf(t.iov, NIOV, off, out, len), ==,
                             expect);
            g_assert_cmpmem(out, expect, src, expect);
            g_assert_cmpint(out[expect], ==, 0xcc);
            test_iov_destroy(&t);
        }
    }
}

static void test_memset(void)
{
    unsigned char flat[TOTAL];
    TestIov t;
    size_t i;

    test_iov_init(&t, 0);
    g_assert_cmpuint(iov_memset(t.iov, NIOV, 5, 0x5a, 20), ==, 20);
    flatten(&t, flat);
    for (i = 0; i < TOTAL; i++) {
        g_assert_cmpint(flat[i], ==, (i >= 5 && i < 25) ? 0x5a : 0);
    }
    g_assert_cmpuint(iov_memset(t.iov, NIOV, TOTAL - 3, 1, 100), ==, 3);
    g_assert_cmpuint(iov_memset(t.iov, NIOV, TOTAL, 1, 100), ==, 0);
    test_iov_destroy(&t);
}

static void test_copy(void)
{
    unsigned char src[TOTAL], out[TOTAL];
    struct iovec dst[NIOV];
    unsigned int n;
    size_t i;
    TestIov t;

    for (i = 0; i < TOTAL; i++) {
        src[i] = i + 1;
    }
    test_iov_init(&t, 0);
    iov_from_buf(t.iov, NIOV, 0, src, TOTAL);

    /* Bytes 4..30: the rest of entry 1, entry 3, entry 4, part of 5. */
    n = iov_copy(dst, NIOV, t.iov, NIOV, 4, 27);
    g_assert_cmpuint(n, ==, 4);
    g_assert_cmpuint(iov_size(dst, n), ==, 27);
    g_assert_true(dst[0].iov_base == t.mem[1] + 3);
    g_assert_cmpuint(dst[0].iov_len, ==, 4);
    g_assert_cmpuint(iov_to_buf(dst, n, 0, out, 27), ==, 27);
    g_assert_cmpmem(out, 27, src + 4, 27);

    /* Limited by the destination's room. */
    n = iov_copy(dst, 2, t.iov, NIOV, 0, TOTAL);
    g_assert_cmpuint(n, ==, 2);
    g_assert_cmpuint(iov_size(dst, n), ==, 8);

    /* Past the end. */
    n = iov_copy(dst, NIOV, t.iov, NIOV, TOTAL, 10);
    g_assert_cmpuint(n, ==, 0);
    test_iov_destroy(&t);
}

static void test_discard_front(void)
{
    struct iovec *iov;
    unsigned int cnt;
    TestIov t;

    test_iov_init(&t, 0);
    iov = t.iov;
    cnt = NIOV;
    /* Entry 0, and 3 bytes of entry 1. */
    g_assert_cmpuint(iov_discard_front(&iov, &cnt, 4), ==, 4);
    g_assert_true(iov == &t.iov[1]);
    g_assert_cmpuint(cnt, ==, NIOV - 1);
    g_assert_true(iov[0].iov_base == t.mem[1] + 3);
    g_assert_cmpuint(iov[0].iov_len, ==, 4);
    g_assert_cmpuint(iov_size(iov, cnt), ==, TOTAL - 4);

    /* Exactly to an entry boundary drops it (and the empty one after). */
    g_assert_cmpuint(iov_discard_front(&iov, &cnt, 4), ==, 4);
    g_assert_cmpuint(iov_size(iov, cnt), ==, TOTAL - 8);

    /* More than is left: everything goes. */
    g_assert_cmpuint(iov_discard_front(&iov, &cnt, 1000), ==, TOTAL - 8);
    g_assert_cmpuint(cnt, ==, 0);
    g_assert_cmpuint(iov_discard_front(&iov, &cnt, 1), ==, 0);
    test_iov_destroy(&t);
}

static void test_discard_back(void)
{
    unsigned int cnt = NIOV;
    TestIov t;

    test_iov_init(&t, 0);
    /* Entry 6, and 60 bytes of entry 5. */
    g_assert_cmpuint(iov_discard_back(t.iov, &cnt, 65), ==, 65);
    g_assert_cmpuint(cnt, ==, NIOV - 1);
    g_assert_cmpuint(t.iov[5].iov_len, ==, 4);
    g_assert_cmpuint(iov_size(t.iov, cnt), ==, TOTAL - 65);

    g_assert_cmpuint(iov_discard_back(t.iov, &cnt, 1000), ==, TOTAL - 65);
    g_assert_cmpuint(cnt, ==, 0);
    test_iov_destroy(&t);
}

static void test_qiov(void)
{
    QEMUIOVector qiov;
    char mem[256];
    int i;

    qemu_iovec_init(&qiov, 0);
    g_assert_cmpint(qiov.niov, ==, 0);
    g_assert_cmpuint(qiov.size, ==, 0);

    /* Non-contiguous pieces grow the array past its hint. */
    for (i = 0; i < 20; i++) {
        qemu_iovec_add(&qiov, mem + i * 10, 5);
    }
    g_assert_cmpint(qiov.niov, ==, 20);
    g_assert_cmpint(qiov.nalloc, >=, 20);
    g_assert_cmpuint(qiov.size, ==, 100);
    g_assert_cmpuint(iov_size(qiov.iov, qiov.niov), ==, 100);
    g_assert_true(qiov.iov[19].iov_base == mem + 190);

    /* A contiguous piece extends the last entry. */
    qemu_iovec_add(&qiov, mem + 195, 10);
    g_assert_cmpint(qiov.niov, ==, 20);
    g_assert_cmpuint(qiov.iov[19].iov_len, ==, 15);
    g_assert_cmpuint(qiov.size, ==, 110);

    qemu_iovec_reset(&qiov);
    g_assert_cmpint(qiov.niov, ==, 0);
    g_assert_cmpuint(qiov.size, ==, 0);
    qemu_iovec_add(&qiov, mem, 1);
    g_assert_cmpint(qiov.niov, ==, 1);

    qemu_iovec_destroy(&qiov);
    g_assert_null(qiov.iov);
    g_assert_cmpint(qiov.niov, ==, 0);
}

int main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);

    g_test_add_func("/util/iov/size/sum", test_size);
    g_test_add_func("/util/iov/buf/every-offset-length", test_from_to_buf);
    g_test_add_func("/util/iov/memset/range", test_memset);
    g_test_add_func("/util/iov/copy/sub-range", test_copy);
    g_test_add_func("/util/iov/discard/front", test_discard_front);
    g_test_add_func("/util/iov/discard/back", test_discard_back);
    g_test_add_func("/util/iov/qiov/add-reset-destroy", test_qiov);

    return g_test_run();
}
