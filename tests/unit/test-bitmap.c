/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Unit tests for bitops and bitmaps: every word-at-a-time operation is
 * checked against a naive bit-by-bit model on random ranges (fixed seed).
 */
#include "qemu/osdep.h"
#include "qemu/bitmap.h"
#include "qemu/thread.h"

#define SEED 0x51ab1e5
#define ROUNDS 3000
/* Not a multiple of the word size, so the last word is partial. */
#define NBITS 1237
#define NWORDS BITS_TO_LONGS(NBITS)

/* The model: one bool per bit. */
typedef struct Model {
    bool bit[NBITS];
} Model;

static bool raw_bit(const unsigned long *map, long i)
{
    return (map[i / BITS_PER_LONG] >> (i % BITS_PER_LONG)) & 1;
}

static void model_from_map(Model *m, const unsigned long *map, long nbits)
{
    long i;

    for (i = 0; i < nbits; i++) {
        m->bit[i] = raw_bit(map, i);
    }
}

static void assert_map_matches(const unsigned long *map, const Model *m,
                               long nbits)
{
    long i;

    for (i = 0; i < nbits; i++) {
        if (raw_bit(map, i) != m->bit[i]) {
            g_error("bit %ld is %d, expected %d", i, raw_bit(map, i),
                    m->bit[i]);
        }
    }
}

/*
 * A random position in [0, limit], biased towards word boundaries where
 * off-by-one mistakes live.
 */
static long random_pos(GRand *r, long limit)
{
    long pos;

    if (g_rand_boolean(r)) {
        return g_rand_int_range(r, 0, limit + 1);
    }
    pos = g_rand_int_range(r, 0, limit / BITS_PER_LONG + 1) * BITS_PER_LONG;
    pos += g_rand_int_range(r, -1, 2);
    return CLAMP(pos, 0, limit);
}

/* A random range [*start, *start + *nr) inside [0, nbits). */
static void random_range(GRand *r, long nbits, long *start, long *nr)
{
    long a = random_pos(r, nbits);
    long b = random_pos(r, nbits);

    /* Often short, so that ranges inside one word are common too. */
    if (g_rand_int_range(r, 0, 3) == 0) {
        /* Drawn first: MIN() evaluates its arguments twice. */
        long len = g_rand_int_range(r, 0, 2 * BITS_PER_LONG);

        b = MIN(a + len, nbits);
    }
    *start = MIN(a, b);
    *nr = MAX(a, b) - *start;
}

/* Fill a map with random content of a random density. */
static void random_fill(GRand *r, unsigned long *map, long nwords)
{
    int mode = g_rand_int_range(r, 0, 4);
    long i;
    int b;

    for (i = 0; i < nwords; i++) {
        map[i] = 0;
        for (b = 0; b < (int)BITS_PER_LONG; b++) {
            bool set;

            switch (mode) {
            case 0:
                set = g_rand_boolean(r);
                break;
            case 1:
                set = g_rand_int_range(r, 0, 300) == 0;
                break;
            case 2:
                set = g_rand_int_range(r, 0, 300) != 0;
                break;
            default:
                /* Long runs: flip rarely. */
                set = (i * BITS_PER_LONG + b) / 97 % 2 == 0;
                break;
            }
            if (set) {
                map[i] |= 1UL << b;
            }
        }
    }
}

static void test_range_ops(void)
{
    g_autoptr(GRand) r = g_rand_new_with_seed(SEED);
    unsigned long map[NWORDS];
    Model m;
    int round;

    random_fill(r, map, NWORDS);
    model_from_map(&m, map, NBITS);
    for (round = 0; round < ROUNDS * 4; round++) {
        long start, nr, i;
        bool expect = false;
        bool got = false;
        int op = g_rand_int_range(r, 0, 5);

        random_range(r, NBITS, &start, &nr);
        switch (op) {
        case 0:
            bitmap_set(map, start, nr);
            break;
        case 1:
            bitmap_set_atomic(map, start, nr);
            break;
        case 2:
            bitmap_clear(map, start, nr);
            break;
        case 3:
            got = bitmap_test_and_clear(map, start, nr);
            break;
        default:
            got = bitmap_test_and_clear_atomic(map, start, nr);
            break;
        }
        for (i = start; i < start + nr; i++) {
            expect |= m.bit[i];
            m.bit[i] = op < 2;
        }
        if (op >= 3) {
            g_assert_cmpint(got, ==, expect);
        }
        assert_map_matches(map, &m, NBITS);
        /* Once in a while, start again from fresh random content. */
        if (round % 50 == 0) {
            random_fill(r, map, NWORDS);
            model_from_map(&m, map, NBITS);
        }
    }
}

static void test_count(void)
{
    g_autoptr(GRand) r = g_rand_new_with_seed(SEED + 1);
    unsigned long map[NWORDS];
    Model m;
    int round;

    for (round = 0; round < ROUNDS; round++) {
        long start, nr, i, expect = 0, total = 0;

        random_fill(r, map, NWORDS);
        model_from_map(&m, map, NBITS);
        random_range(r, NBITS, &start, &nr);
        for (i = 0; i < NBITS; i++) {
            total += m.bit[i];
            if (i >= start && i < start + nr) {
                expect += m.bit[i];
            }
        }
        g_assert_cmpint(bitmap_count_one_with_offset(map, start, nr), ==,
                        expect);
        g_assert_cmpint(bitmap_count_one(map, NBITS), ==, total);
        g_assert_cmpint(bitmap_weight(map, NBITS), ==, total);
        /* A prefix count ignores the bits after it. */
        g_assert_cmpint(bitmap_count_one(map, start + nr), ==,
                        bitmap_count_one_with_offset(map, 0, start + nr));
    }
}

static long naive_find(const Model *m, long size, long offset, bool want)
{
    long i;

    for (i = offset; i < size; i++) {
        if (m->bit[i] == want) {
            return i;
        }
    }
    return size;
}

static void test_find_random(void)
{
    g_autoptr(GRand) r = g_rand_new_with_seed(SEED + 2);
    unsigned long map[NWORDS];
    Model m;
    int round;

    for (round = 0; round < ROUNDS; round++) {
        long size = random_pos(r, NBITS);
        long offset = random_pos(r, NBITS);
        long last = size;
        long i;

        random_fill(r, map, NWORDS);
        model_from_map(&m, map, NBITS);
        g_assert_cmpuint(find_next_bit(map, size, offset), ==,
                         naive_find(&m, size, offset, true));
        g_assert_cmpuint(find_next_zero_bit(map, size, offset), ==,
                         naive_find(&m, size, offset, false));
        g_assert_cmpuint(find_first_bit(map, size), ==,
                         naive_find(&m, size, 0, true));
        g_assert_cmpuint(find_first_zero_bit(map, size), ==,
                         naive_find(&m, size, 0, false));
        for (i = size - 1; i >= 0; i--) {
            if (m.bit[i]) {
                last = i;
                break;
            }
        }
        g_assert_cmpuint(find_last_bit(map, size), ==, last);
    }
}

static void test_find_word_boundaries(void)
{
    unsigned long map[4] = {0};
    const unsigned long W = BITS_PER_LONG;

    /* Empty: "not found" is the size, whatever the offset. */
    g_assert_cmpuint(find_next_bit(map, 4 * W, 0), ==, 4 * W);
    g_assert_cmpuint(find_next_bit(map, 4 * W, W), ==, 4 * W);
    g_assert_cmpuint(find_next_bit(map, 4 * W, 5 * W), ==, 4 * W);
    g_assert_cmpuint(find_last_bit(map, 4 * W), ==, 4 * W);
    g_assert_cmpuint(find_last_bit(map, 0), ==, 0);

    set_bit(W - 1, map);
    set_bit(W, map);
    set_bit(2 * W - 1, map);
    set_bit(3 * W, map);

    g_assert_cmpuint(find_next_bit(map, 4 * W, 0), ==, W - 1);
    g_assert_cmpuint(find_next_bit(map, 4 * W, W - 1), ==, W - 1);
    g_assert_cmpuint(find_next_bit(map, 4 * W, W), ==, W);
    g_assert_cmpuint(find_next_bit(map, 4 * W, W + 1), ==, 2 * W - 1);
    g_assert_cmpuint(find_next_bit(map, 4 * W, 2 * W - 1), ==, 2 * W - 1);
    g_assert_cmpuint(find_next_bit(map, 4 * W, 2 * W), ==, 3 * W);
    g_assert_cmpuint(find_next_bit(map, 4 * W, 3 * W + 1), ==, 4 * W);
    /* A set bit at or past size is not found. */
    g_assert_cmpuint(find_next_bit(map, W - 1, 0), ==, W - 1);
    g_assert_cmpuint(find_next_bit(map, 3 * W, 2 * W), ==, 3 * W);
    g_assert_cmpuint(find_next_bit(map, W + 1, W + 1), ==, W + 1);

    g_assert_cmpuint(find_next_zero_bit(map, 4 * W, W - 1), ==, W + 1);
    g_assert_cmpuint(find_next_zero_bit(map, W + 1, W - 1), ==, W + 1);
    g_assert_cmpuint(find_next_zero_bit(map, 4 * W, 2 * W - 1), ==, 2 * W);

    g_assert_cmpuint(find_last_bit(map, 4 * W), ==, 3 * W);
    g_assert_cmpuint(find_last_bit(map, 3 * W + 1), ==, 3 * W);
    g_assert_cmpuint(find_last_bit(map, 3 * W), ==, 2 * W - 1);
    g_assert_cmpuint(find_last_bit(map, 2 * W - 1), ==, W);
    g_assert_cmpuint(find_last_bit(map, W), ==, W - 1);
    g_assert_cmpuint(find_last_bit(map, W - 1), ==, W - 1);

    /* All ones: zero search runs off the end. */
    memset(map, 0xff, sizeof(map));
    g_assert_cmpuint(find_next_zero_bit(map, 4 * W, 0), ==, 4 * W);
    g_assert_cmpuint(find_next_zero_bit(map, 2 * W + 3, W), ==, 2 * W + 3);
    g_assert_cmpuint(find_first_zero_bit(map, W), ==, W);
}

static void test_copy_src_offset(void)
{
    g_autoptr(GRand) r = g_rand_new_with_seed(SEED + 3);
    unsigned long src[NWORDS];
    unsigned long dst[NWORDS];
    int round;

    for (round = 0; round < ROUNDS; round++) {
        long shift, nbits, i;

        random_fill(r, src, NWORDS);
        random_fill(r, dst, NWORDS);
        random_range(r, NBITS, &shift, &nbits);
        bitmap_copy_with_src_offset(dst, src, shift, nbits);
        for (i = 0; i < nbits; i++) {
            g_assert_cmpint(raw_bit(dst, i), ==, raw_bit(src, shift + i));
        }
        /* The rest of the last word written is cleared. */
        for (; i < (long)(BITS_TO_LONGS(nbits) * BITS_PER_LONG); i++) {
            g_assert_cmpint(raw_bit(dst, i), ==, 0);
        }
    }
}

static void test_copy_dst_offset(void)
{
    g_autoptr(GRand) r = g_rand_new_with_seed(SEED + 4);
    unsigned long src[NWORDS];
    unsigned long dst[NWORDS];
    unsigned long before[NWORDS];
    int round;

    for (round = 0; round < ROUNDS; round++) {
        long shift, nbits, i;

        random_fill(r, src, NWORDS);
        random_fill(r, dst, NWORDS);
        memcpy(before, dst, sizeof(dst));
        random_range(r, NBITS, &shift, &nbits);
        bitmap_copy_with_dst_offset(dst, src, shift, nbits);
        /* Every bit of every word: inside the range copied, else kept. */
        for (i = 0; i < (long)(NWORDS * BITS_PER_LONG); i++) {
            if (i >= shift && i < shift + nbits) {
                g_assert_cmpint(raw_bit(dst, i), ==, raw_bit(src, i - shift));
            } else {
                g_assert_cmpint(raw_bit(dst, i), ==, raw_bit(before, i));
            }
        }
    }
}

static void test_logic(void)
{
    g_autoptr(GRand) r = g_rand_new_with_seed(SEED + 5);
    unsigned long a[NWORDS], b[NWORDS], dst[NWORDS];
    int round;

    for (round = 0; round < ROUNDS; round++) {
        long nbits = g_rand_int_range(r, 1, NBITS + 1);
        bool any_and = false, any_andnot = false, equal = true;
        bool empty = true, full = true, subset = true;
        long i;

        random_fill(r, a, NWORDS);
        random_fill(r, b, NWORDS);
        if (g_rand_int_range(r, 0, 4) == 0) {
            /* Equal within nbits, different beyond: must compare equal. */
            memcpy(b, a, sizeof(a));
            b[NWORDS - 1] ^= ~0UL;
            if (nbits > (long)((NWORDS - 1) * BITS_PER_LONG)) {
                b[NWORDS - 1] ^= BITMAP_LAST_WORD_MASK(nbits);
            }
        }
        for (i = 0; i < nbits; i++) {
            bool x = raw_bit(a, i), y = raw_bit(b, i);

            any_and |= x && y;
            any_andnot |= x && !y;
            equal &= x == y;
            empty &= !x;
            full &= x;
            subset &= !x || y;
        }
        g_assert_cmpint(bitmap_and(dst, a, b, nbits), ==, any_and);
        for (i = 0; i < nbits; i++) {
            g_assert_cmpint(raw_bit(dst, i), ==,
                            (raw_bit(a, i) && raw_bit(b, i)));
        }
        g_assert_cmpint(bitmap_andnot(dst, a, b, nbits), ==, any_andnot);
        for (i = 0; i < nbits; i++) {
            g_assert_cmpint(raw_bit(dst, i), ==,
                            (raw_bit(a, i) && !raw_bit(b, i)));
        }
        bitmap_or(dst, a, b, nbits);
        for (i = 0; i < nbits; i++) {
            g_assert_cmpint(raw_bit(dst, i), ==,
                            (raw_bit(a, i) || raw_bit(b, i)));
        }
        bitmap_xor(dst, a, b, nbits);
        for (i = 0; i < nbits; i++) {
            g_assert_cmpint(raw_bit(dst, i), ==,
                            (raw_bit(a, i) != raw_bit(b, i)));
        }
        bitmap_complement(dst, a, nbits);
        for (i = 0; i < nbits; i++) {
            g_assert_cmpint(raw_bit(dst, i), ==, !raw_bit(a, i));
        }
        g_assert_cmpint(bitmap_equal(a, b, nbits), ==, equal);
        g_assert_cmpint(bitmap_intersects(a, b, nbits), ==, any_and);
        g_assert_cmpint(bitmap_is_subset(a, b, nbits), ==, subset);
        g_assert_cmpint(bitmap_empty(a, nbits), ==, empty);
        g_assert_cmpint(bitmap_full(a, nbits), ==, full);
        bitmap_copy(dst, a, nbits);
        g_assert_true(bitmap_equal(dst, a, nbits));
    }
}

static void test_whole_map(void)
{
    unsigned long map[NWORDS];
    unsigned long *grown;
    long nbits;

    for (nbits = 1; nbits <= NBITS; nbits += 61) {
        memset(map, 0x5a, sizeof(map));
        bitmap_fill(map, nbits);
        g_assert_true(bitmap_full(map, nbits));
        g_assert_cmpint(bitmap_count_one(map, nbits), ==, nbits);
        /* Fill leaves the tail of its last word clear. */
        if (nbits % BITS_PER_LONG) {
            g_assert_cmpuint(map[BIT_WORD(nbits)], ==,
                             BITMAP_LAST_WORD_MASK(nbits));
        }
        bitmap_zero(map, nbits);
        g_assert_true(bitmap_empty(map, nbits));
        g_assert_false(bitmap_full(map, nbits));
    }

    grown = bitmap_new(70);
    g_assert_true(bitmap_empty(grown, 70));
    bitmap_fill(grown, 70);
    grown = bitmap_zero_extend(grown, 70, 1000);
    g_assert_cmpint(bitmap_count_one(grown, 1000), ==, 70);
    g_assert_cmpuint(find_next_bit(grown, 1000, 70), ==, 1000);
    g_free(grown);

    /* Zero bits still gives something g_free() accepts. */
    grown = bitmap_new(0);
    g_assert_nonnull(grown);
    g_free(grown);
}

static unsigned long naive_zero_area(const Model *m, unsigned long size,
                                     unsigned long start, unsigned long nr,
                                     unsigned long align_mask)
{
    unsigned long index = (start + align_mask) & ~align_mask;

    for (; index + nr <= size; index += align_mask + 1) {
        unsigned long i;

        for (i = 0; i < nr && !m->bit[index + i]; i++) {
            /* scan */
        }
        if (i == nr) {
            return index;
        }
    }
    return size + 1;
}

static void test_find_zero_area(void)
{
    g_autoptr(GRand) r = g_rand_new_with_seed(SEED + 6);
    unsigned long map[NWORDS];
    Model m;
    int round;

    for (round = 0; round < ROUNDS; round++) {
        unsigned long size = random_pos(r, NBITS);
        unsigned long start = random_pos(r, size);
        unsigned long nr = g_rand_int_range(r, 1, 150);
        unsigned long align_mask = (1UL << g_rand_int_range(r, 0, 5)) - 1;
        unsigned long got, expect;

        random_fill(r, map, NWORDS);
        model_from_map(&m, map, NBITS);
        got = bitmap_find_next_zero_area(map, size, start, nr, align_mask);
        expect = naive_zero_area(&m, size, start, nr, align_mask);
        if (expect > size) {
            g_assert_cmpuint(got, >, size);
        } else {
            g_assert_cmpuint(got, ==, expect);
        }
    }
}

static void test_le(void)
{
    g_autoptr(GRand) r = g_rand_new_with_seed(SEED + 7);
    unsigned long map[NWORDS], le[NWORDS], back[NWORDS];
    const uint8_t *bytes = (const uint8_t *)le;
    long i;

    random_fill(r, map, NWORDS);
    bitmap_to_le(le, map, NBITS);
    /* The wire layout: bit i is bit i % 8 of byte i / 8. */
    for (i = 0; i < NBITS; i++) {
        g_assert_cmpint((bytes[i / 8] >> (i % 8)) & 1, ==, raw_bit(map, i));
    }
    bitmap_from_le(back, le, NBITS);
    g_assert_true(bitmap_equal(back, map, NBITS));
    /* In place works too. */
    bitmap_to_le(back, back, NBITS);
    g_assert_cmpmem(back, sizeof(back), le, sizeof(le));
}

static void test_bitops(void)
{
    unsigned long w[2] = {0};

    g_assert_cmpint(BITS_TO_LONGS(0), ==, 0);
    g_assert_cmpint(BITS_TO_LONGS(1), ==, 1);
    g_assert_cmpint(BITS_TO_LONGS(BITS_PER_LONG + 1), ==, 2);
    g_assert_cmpuint(BIT_ULL(40), ==, 0x10000000000ULL);
    g_assert_cmpuint(BIT_WORD(BITS_PER_LONG), ==, 1);
    g_assert_cmpuint(BIT_MASK(BITS_PER_LONG + 3), ==, 8);
    g_assert_cmpuint(MAKE_64BIT_MASK(4, 8), ==, 0xff0);

    g_assert_cmpint(test_and_set_bit(BITS_PER_LONG + 1, w), ==, 0);
    g_assert_cmpint(test_and_set_bit(BITS_PER_LONG + 1, w), ==, 1);
    g_assert_cmpuint(w[1], ==, 2);
    change_bit(0, w);
    g_assert_true(test_bit(0, w));
    g_assert_cmpint(test_and_change_bit(0, w), ==, 1);
    g_assert_false(test_bit(0, w));
    set_bit_atomic(5, w);
    g_assert_cmpint(test_and_clear_bit(5, w), ==, 1);
    set_bit(6, w);
    clear_bit_atomic(6, w);
    clear_bit(BITS_PER_LONG + 1, w);
    g_assert_cmpuint(w[0] | w[1], ==, 0);

    g_assert_cmpint(ctz32(0), ==, 32);
    g_assert_cmpint(ctz64(0), ==, 64);
    g_assert_cmpint(clz32(0), ==, 32);
    g_assert_cmpint(clz64(0), ==, 64);
    g_assert_cmpint(ctz64(1ULL << 63), ==, 63);
    g_assert_cmpint(clz64(1), ==, 63);
    g_assert_cmpint(ctpop64(~0ULL), ==, 64);
    g_assert_cmpint(ctpop8(0x81), ==, 2);
    g_assert_cmpint(cto32(0x7), ==, 3);
    g_assert_cmpint(clo64(~0ULL), ==, 64);

    g_assert_cmpuint(extract32(0xabcd1234, 8, 8), ==, 0x12);
    g_assert_cmpuint(extract32(0xabcd1234, 0, 32), ==, 0xabcd1234);
    g_assert_cmpuint(extract64(0xfedcba9876543210ULL, 60, 4), ==, 0xf);
    g_assert_cmpint(sextract32(0x00000f00, 8, 4), ==, -1);
    g_assert_cmpint(sextract64(0x7ULL << 40, 40, 4), ==, 7);
    g_assert_cmpuint(deposit32(0xffffffff, 4, 8, 0), ==, 0xfffff00f);
    g_assert_cmpuint(deposit32(0, 28, 4, 0xabc), ==, 0xc0000000);
    g_assert_cmpuint(deposit64(0, 0, 64, 0x123), ==, 0x123);
    g_assert_cmpuint(rol32(0x80000001, 1), ==, 3);
    g_assert_cmpuint(ror64(1, 1), ==, 1ULL << 63);
}

#define ATOMIC_THREADS 4
#define ATOMIC_NBITS (1 << 16)

typedef struct SingleBitHarvest {
    unsigned long *map;
    int index;
    /* Atomic: bits each thread found set and cleared. */
    long found;
} SingleBitHarvest;

static void *harvest_single_bits(void *opaque)
{
    SingleBitHarvest *h = opaque;
    /* Start at a different place in each thread so they collide. */
    long offset = h->index * (ATOMIC_NBITS / ATOMIC_THREADS) / 3;
    long i;

    for (i = 0; i < ATOMIC_NBITS; i++) {
        long bit = (i + offset) % ATOMIC_NBITS;

        if (bitmap_test_and_clear_atomic(h->map, bit, 1)) {
            qatomic_inc(&h->found);
        }
    }
    return NULL;
}

static void test_atomic_single_bits(void)
{
    g_autoptr(GRand) r = g_rand_new_with_seed(SEED + 8);
    unsigned long *map = bitmap_new(ATOMIC_NBITS);
    SingleBitHarvest h = {.map = map};
    SingleBitHarvest each[ATOMIC_THREADS];
    QemuThread threads[ATOMIC_THREADS];
    long expect;
    int t;

    random_fill(r, map, BITS_TO_LONGS(ATOMIC_NBITS));
    expect = bitmap_count_one(map, ATOMIC_NBITS);
    for (t = 0; t < ATOMIC_THREADS; t++) {
        each[t] = h;
        each[t].index = t;
        qemu_thread_create(&threads[t], "harvest", harvest_single_bits,
                           &each[t], QEMU_THREAD_JOINABLE);
    }
    for (t = 0; t < ATOMIC_THREADS; t++) {
        qemu_thread_join(&threads[t]);
        h.found += each[t].found;
    }
    /* Each set bit was claimed by exactly one thread. */
    g_assert_cmpint(h.found, ==, expect);
    g_assert_true(bitmap_empty(map, ATOMIC_NBITS));
    g_free(map);
}

/*
 * Ranges of 1..BITS_PER_LONG bits packed back to back, none crossing a
 * word boundary, so neighbours share words.  Setters set each range once;
 * harvesters sweep until all are done.  Each range must be seen exactly
 * once: a lost update in a shared word would show as 0 or 2.
 */
#define N_RANGES 20000
#define RANGE_SETTERS 2
#define RANGE_HARVESTERS 3

typedef struct RangeTest {
    /* Set at creation, read-only after. */
    long start[N_RANGES];
    long nr[N_RANGES];
    long nbits;
    unsigned long *map;
    /* Atomic. */
    int seen[N_RANGES];
    int setters_left;
} RangeTest;

typedef struct RangeWorker {
    RangeTest *rt;
    int index;
} RangeWorker;

static void *set_ranges(void *opaque)
{
    RangeWorker *w = opaque;
    RangeTest *rt = w->rt;
    long k;

    for (k = w->index; k < N_RANGES; k += RANGE_SETTERS) {
        bitmap_set_atomic(rt->map, rt->start[k], rt->nr[k]);
    }
    qatomic_dec(&rt->setters_left);
    return NULL;
}

static void harvest_sweep(RangeTest *rt, int index)
{
    long k;

    for (k = 0; k < N_RANGES; k++) {
        long j = (k + (long)index * N_RANGES / RANGE_HARVESTERS) % N_RANGES;

        if (bitmap_test_and_clear_atomic(rt->map, rt->start[j], rt->nr[j])) {
            qatomic_inc(&rt->seen[j]);
        }
    }
}

static void *harvest_ranges(void *opaque)
{
    RangeWorker *w = opaque;
    bool last;

    do {
        last = qatomic_load_acquire(&w->rt->setters_left) == 0;
        harvest_sweep(w->rt, w->index);
    } while (!last);
    return NULL;
}

/* Run the setter and harvester threads over @rt until all are done. */
static void run_range_workers(RangeTest *rt)
{
    RangeWorker setters[RANGE_SETTERS];
    RangeWorker harvesters[RANGE_HARVESTERS];
    QemuThread st[RANGE_SETTERS];
    QemuThread ht[RANGE_HARVESTERS];
    int t;

    rt->setters_left = RANGE_SETTERS;

    for (t = 0; t < RANGE_HARVESTERS; t++) {
        harvesters[t] = (RangeWorker){.rt = rt, .index = t};
        qemu_thread_create(&ht[t], "harvest", harvest_ranges, &harvesters[t],
                           QEMU_THREAD_JOINABLE);
    }
    for (t = 0; t < RANGE_SETTERS; t++) {
        setters[t] = (RangeWorker){.rt = rt, .index = t};
        qemu_thread_create(&st[t], "set", set_ranges, &setters[t],
                           QEMU_THREAD_JOINABLE);
    }
    for (t = 0; t < RANGE_SETTERS; t++) {
        qemu_thread_join(&st[t]);
    }
    for (t = 0; t < RANGE_HARVESTERS; t++) {
        qemu_thread_join(&ht[t]);
    }
}

static void test_atomic_ranges(void)
{
    g_autoptr(GRand) r = g_rand_new_with_seed(SEED + 9);
    RangeTest *rt = g_new0(RangeTest, 1);
    long pos = 0;
    long k;

    for (k = 0; k < N_RANGES; k++) {
        long room = BITS_PER_LONG - pos % BITS_PER_LONG;
        long len = g_rand_int_range(r, 1, BITS_PER_LONG + 1);
        long nr = MIN(len, room);

        rt->start[k] = pos;
        rt->nr[k] = nr;
        pos += nr;
    }
    rt->nbits = pos;
    rt->map = bitmap_new(rt->nbits);
    run_range_workers(rt);
    for (k = 0; k < N_RANGES; k++) {
        if (rt->seen[k] != 1) {
            g_error("range %ld (+%ld) seen %d times", rt->start[k], rt->nr[k],
                    rt->seen[k]);
        }
    }
    g_assert_true(bitmap_empty(rt->map, rt->nbits));
    g_free(rt->map);
    g_free(rt);
}

/*
 * Multi-word ranges can be observed half set, so a range may be seen more
 * than once, but never zero times, and nothing may be left behind.
 */
static void test_atomic_wide_ranges(void)
{
    g_autoptr(GRand) r = g_rand_new_with_seed(SEED + 10);
    RangeTest *rt = g_new0(RangeTest, 1);
    long pos = 0;
    long k;

    for (k = 0; k < N_RANGES; k++) {
        long nr = g_rand_int_range(r, 1, 4 * BITS_PER_LONG);

        rt->start[k] = pos;
        rt->nr[k] = nr;
        pos += nr;
    }
    rt->nbits = pos;
    rt->map = bitmap_new(rt->nbits);
    run_range_workers(rt);
    for (k = 0; k < N_RANGES; k++) {
        g_assert_cmpint(rt->seen[k], >=, 1);
    }
    g_assert_true(bitmap_empty(rt->map, rt->nbits));
    g_free(rt->map);
    g_free(rt);
}

static void test_atomic_copy_and_clear(void)
{
    g_autoptr(GRand) r = g_rand_new_with_seed(SEED + 11);
    unsigned long src[NWORDS], dst[NWORDS], orig[NWORDS];

    random_fill(r, src, NWORDS);
    memcpy(orig, src, sizeof(src));
    bitmap_copy_and_clear_atomic(dst, src, NBITS);
    g_assert_true(bitmap_equal(dst, orig, NBITS));
    g_assert_true(bitmap_empty(src, NBITS));
}

int main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);

    g_test_add_func("/bitmap/range/set-clear-test", test_range_ops);
    g_test_add_func("/bitmap/range/count", test_count);
    g_test_add_func("/bitmap/find/random", test_find_random);
    g_test_add_func("/bitmap/find/word-boundaries", test_find_word_boundaries);
    g_test_add_func("/bitmap/find/zero-area", test_find_zero_area);
    g_test_add_func("/bitmap/copy/src-offset", test_copy_src_offset);
    g_test_add_func("/bitmap/copy/dst-offset", test_copy_dst_offset);
    g_test_add_func("/bitmap/logic/random", test_logic);
    g_test_add_func("/bitmap/whole/fill-zero-extend", test_whole_map);
    g_test_add_func("/bitmap/le/round-trip", test_le);
    g_test_add_func("/bitmap/bitops/basics", test_bitops);
    g_test_add_func("/bitmap/atomic/single-bits", test_atomic_single_bits);
    g_test_add_func("/bitmap/atomic/shared-words", test_atomic_ranges);
    g_test_add_func("/bitmap/atomic/wide-ranges", test_atomic_wide_ranges);
    g_test_add_func("/bitmap/atomic/copy-and-clear",
                    test_atomic_copy_and_clear);
    return g_test_run();
}
