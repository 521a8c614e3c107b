/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Bitmap operations, one unsigned long word at a time. */
#include "qemu/osdep.h"
#include "qemu/bitmap.h"

/*
 * A range [start, start + nr) of bits seen as words: it covers words
 * first..last, the bits of the range in word first are first_mask and in
 * word last are last_mask (both apply when first == last).
 */
typedef struct BitRange {
    long first;
    long last;
    unsigned long first_mask;
    unsigned long last_mask;
} BitRange;

static BitRange bit_range(long start, long nr)
{
    BitRange r = {
        .first = BIT_WORD(start),
        .last = BIT_WORD(start + nr - 1),
        .first_mask = BITMAP_FIRST_WORD_MASK(start),
        .last_mask = BITMAP_LAST_WORD_MASK(start + nr),
    };

    if (r.first == r.last) {
        r.first_mask &= r.last_mask;
        r.last_mask = r.first_mask;
    }
    return r;
}

unsigned long *bitmap_new(long nbits)
{
    /* At least one word, so the result is never NULL. */
    return g_new0(unsigned long, MAX(BITS_TO_LONGS(nbits), 1));
}

unsigned long *bitmap_try_new(long nbits)
{
    return g_try_new0(unsigned long, MAX(BITS_TO_LONGS(nbits), 1));
}

unsigned long *bitmap_zero_extend(unsigned long *old, long old_nbits,
                                  long new_nbits)
{
    unsigned long *map =
        g_renew(unsigned long, old, MAX(BITS_TO_LONGS(new_nbits), 1));

    if (new_nbits > old_nbits) {
        bitmap_clear(map, old_nbits, new_nbits - old_nbits);
    }
    return map;
}

void bitmap_zero(unsigned long *dst, long nbits)
{
    memset(dst, 0, BITS_TO_LONGS(nbits) * sizeof(unsigned long));
}

void bitmap_fill(unsigned long *dst, long nbits)
{
    long full = nbits / BITS_PER_LONG;

    memset(dst, 0xff, full * sizeof(unsigned long));
    if (nbits % BITS_PER_LONG) {
        dst[full] = BITMAP_LAST_WORD_MASK(nbits);
    }
}

void bitmap_copy(unsigned long *dst, const unsigned long *src, long nbits)
{
    memcpy(dst, src, BITS_TO_LONGS(nbits) * sizeof(unsigned long));
}

void bitmap_complement(unsigned long *dst, const unsigned long *src, long nbits)
{
    long n = BITS_TO_LONGS(nbits);
    long i;

    for (i = 0; i < n; i++) {
        dst[i] = ~src[i];
    }
}

/* Mask of the bits of word @i that belong to a bitmap of @nbits bits. */
static unsigned long word_mask(long i, long nbits)
{
    if ((i + 1) * (long)BITS_PER_LONG <= nbits) {
        return ~0UL;
    }
    return BITMAP_LAST_WORD_MASK(nbits);
}

bool bitmap_and(unsigned long *dst, const unsigned long *a,
                const unsigned long *b, long nbits)
{
    long n = BITS_TO_LONGS(nbits);
    unsigned long any = 0;
    long i;

    for (i = 0; i < n; i++) {
        dst[i] = a[i] & b[i];
        any |= dst[i] & word_mask(i, nbits);
    }
    return any != 0;
}

void bitmap_or(unsigned long *dst, const unsigned long *a,
               const unsigned long *b, long nbits)
{
    long n = BITS_TO_LONGS(nbits);
    long i;

    for (i = 0; i < n; i++) {
        dst[i] = a[i] | b[i];
    }
}

void bitmap_xor(unsigned long *dst, const unsigned long *a,
                const unsigned long *b, long nbits)
{
    long n = BITS_TO_LONGS(nbits);
    long i;

    for (i = 0; i < n; i++) {
        dst[i] = a[i] ^ b[i];
    }
}

bool bitmap_andnot(unsigned long *dst, const unsigned long *a,
                   const unsigned long *b, long nbits)
{
    long n = BITS_TO_LONGS(nbits);
    unsigned long any = 0;
    long i;

    for (i = 0; i < n; i++) {
        dst[i] = a[i] & ~b[i];
        any |= dst[i] & word_mask(i, nbits);
    }
    return any != 0;
}

bool bitmap_full(const unsigned long *map, long nbits)
{
    long n = BITS_TO_LONGS(nbits);
    long i;

    for (i = 0; i < n; i++) {
        if (~map[i] & word_mask(i, nbits)) {
            return false;
        }
    }
    return true;
}

/* How bitmap_any_word() combines a word of @a with a word of @b. */
typedef enum WordOp {
    WORD_XOR,    /* a ^ b: the bits where they differ */
    WORD_AND,    /* a & b: the bits set in both */
    WORD_ANDNOT, /* a & ~b: the bits set in a only */
} WordOp;

/* True if @op gives a set bit in any word of the first @nbits bits. */
static bool bitmap_any_word(const unsigned long *a, const unsigned long *b,
                            long nbits, WordOp op)
{
    long n = BITS_TO_LONGS(nbits);
    unsigned long w;
    long i;

    for (i = 0; i < n; i++) {
        switch (op) {
        case WORD_XOR:
            w = a[i] ^ b[i];
            break;
        case WORD_AND:
            w = a[i] & b[i];
            break;
        default:
            w = a[i] & ~b[i];
            break;
        }
        if (w & word_mask(i, nbits)) {
            return true;
        }
    }
    return false;
}

bool bitmap_empty(const unsigned long *map, long nbits)
{
    return !bitmap_any_word(map, map, nbits, WORD_AND);
}

bool bitmap_equal(const unsigned long *a, const unsigned long *b, long nbits)
{
    return !bitmap_any_word(a, b, nbits, WORD_XOR);
}

bool bitmap_intersects(const unsigned long *a, const unsigned long *b,
                       long nbits)
{
    return bitmap_any_word(a, b, nbits, WORD_AND);
}

bool bitmap_is_subset(const unsigned long *a, const unsigned long *b,
                      long nbits)
{
    return !bitmap_any_word(a, b, nbits, WORD_ANDNOT);
}

long bitmap_count_one(const unsigned long *map, long nbits)
{
    return bitmap_count_one_with_offset(map, 0, nbits);
}

long bitmap_count_one_with_offset(const unsigned long *map, long offset,
                                  long nbits)
{
    BitRange r;
    long count;
    long i;

    if (nbits <= 0) {
        return 0;
    }
    r = bit_range(offset, nbits);
    count = ctpopl(map[r.first] & r.first_mask);
    if (r.first == r.last) {
        return count;
    }
    for (i = r.first + 1; i < r.last; i++) {
        count += ctpopl(map[i]);
    }
    return count + ctpopl(map[r.last] & r.last_mask);
}

void bitmap_set(unsigned long *map, long start, long nr)
{
    BitRange r;
    long i;

    if (nr <= 0) {
        return;
    }
    r = bit_range(start, nr);
    map[r.first] |= r.first_mask;
    if (r.first == r.last) {
        return;
    }
    for (i = r.first + 1; i < r.last; i++) {
        map[i] = ~0UL;
    }
    map[r.last] |= r.last_mask;
}

void bitmap_clear(unsigned long *map, long start, long nr)
{
    BitRange r;
    long i;

    if (nr <= 0) {
        return;
    }
    r = bit_range(start, nr);
    map[r.first] &= ~r.first_mask;
    if (r.first == r.last) {
        return;
    }
    for (i = r.first + 1; i < r.last; i++) {
        map[i] = 0;
    }
    map[r.last] &= ~r.last_mask;
}

bool bitmap_test_and_clear(unsigned long *map, long start, long nr)
{
    unsigned long seen;
    BitRange r;
    long i;

    if (nr <= 0) {
        return false;
    }
    r = bit_range(start, nr);
    seen = map[r.first] & r.first_mask;
    map[r.first] &= ~r.first_mask;
    if (r.first == r.last) {
        return seen != 0;
    }
    for (i = r.first + 1; i < r.last; i++) {
        seen |= map[i];
        map[i] = 0;
    }
    seen |= map[r.last] & r.last_mask;
    map[r.last] &= ~r.last_mask;
    return seen != 0;
}

void bitmap_set_atomic(unsigned long *map, long start, long nr)
{
    BitRange r;
    long i;

    if (nr <= 0) {
        return;
    }
    r = bit_range(start, nr);
    /*
     * Order the caller's tracked writes before the bits; pairs with the
     * barrier at the end of bitmap_test_and_clear_atomic().
     */
    smp_mb();
    qatomic_or(&map[r.first], r.first_mask);
    if (r.first == r.last) {
        return;
    }
    for (i = r.first + 1; i < r.last; i++) {
        /* Whole word: a plain store of all ones loses no concurrent set. */
        qatomic_set(&map[i], ~0UL);
    }
    qatomic_or(&map[r.last], r.last_mask);
}

bool bitmap_test_and_clear_atomic(unsigned long *map, long start, long nr)
{
    unsigned long seen;
    BitRange r;
    long i;

    if (nr <= 0) {
        return false;
    }
    r = bit_range(start, nr);
    seen = qatomic_fetch_and(&map[r.first], ~r.first_mask) & r.first_mask;
    if (r.first != r.last) {
        for (i = r.first + 1; i < r.last; i++) {
            /* Skip the write (and the cache line bounce) for clean words. */
            if (qatomic_read(&map[i])) {
                seen |= qatomic_xchg(&map[i], 0);
            }
        }
        seen |= qatomic_fetch_and(&map[r.last], ~r.last_mask) & r.last_mask;
    }
    /*
     * Order the bit reads before the caller's reads of what they track;
     * pairs with the barrier at the start of bitmap_set_atomic().
     */
    smp_mb();
    return seen != 0;
}

void bitmap_copy_and_clear_atomic(unsigned long *dst, unsigned long *src,
                                  long nbits)
{
    long n = BITS_TO_LONGS(nbits);
    long i;

    for (i = 0; i < n; i++) {
        dst[i] = qatomic_read(&src[i]) ? qatomic_xchg(&src[i], 0) : 0;
    }
    /* Pairs with the barrier at the start of bitmap_set_atomic(). */
    smp_mb();
}

unsigned long bitmap_find_next_zero_area(unsigned long *map, unsigned long size,
                                         unsigned long start, unsigned long nr,
                                         unsigned long align_mask)
{
    unsigned long index;
    unsigned long end;
    unsigned long hit;

    for (;;) {
        index = find_next_zero_bit(map, size, start);
        index = (index + align_mask) & ~align_mask;
        end = index + nr;
        if (end > size) {
            return end;
        }
        hit = find_next_bit(map, end, index);
        if (hit >= end) {
            return index;
        }
        /* The candidate area has a set bit: restart just past it. */
        start = hit + 1;
    }
}

/* The @n (1..BITS_PER_LONG) bits of @src starting at bit @pos. */
static unsigned long bits_at(const unsigned long *src, unsigned long pos,
                             unsigned long n)
{
    unsigned long idx = BIT_WORD(pos);
    unsigned long off = pos % BITS_PER_LONG;
    unsigned long val = src[idx] >> off;

    /* Read the next word only if the field reaches into it. */
    if (off && off + n > BITS_PER_LONG) {
        val |= src[idx + 1] << (BITS_PER_LONG - off);
    }
    if (n < BITS_PER_LONG) {
        val &= ~0UL >> (BITS_PER_LONG - n);
    }
    return val;
}

/* Store the low @n (1..BITS_PER_LONG) bits of @val at bit @pos of @dst. */
static void put_bits(unsigned long *dst, unsigned long pos, unsigned long n,
                     unsigned long val)
{
    unsigned long idx = BIT_WORD(pos);
    unsigned long off = pos % BITS_PER_LONG;
    unsigned long mask = n < BITS_PER_LONG ? ~0UL >> (BITS_PER_LONG - n) : ~0UL;

    val &= mask;
    dst[idx] = (dst[idx] & ~(mask << off)) | (val << off);
    if (off && off + n > BITS_PER_LONG) {
        unsigned long rest = BITS_PER_LONG - off;

        dst[idx + 1] = (dst[idx + 1] & ~(mask >> rest)) | (val >> rest);
    }
}

void bitmap_copy_with_src_offset(unsigned long *dst, const unsigned long *src,
                                 unsigned long shift, unsigned long nbits)
{
    unsigned long done;

    for (done = 0; done < nbits; done += BITS_PER_LONG) {
        unsigned long n = MIN(BITS_PER_LONG, nbits - done);

        dst[BIT_WORD(done)] = bits_at(src, shift + done, n);
    }
}

void bitmap_copy_with_dst_offset(unsigned long *dst, const unsigned long *src,
                                 unsigned long shift, unsigned long nbits)
{
    unsigned long done;

    for (done = 0; done < nbits; done += BITS_PER_LONG) {
        unsigned long n = MIN(BITS_PER_LONG, nbits - done);

        put_bits(dst, shift + done, n, src[BIT_WORD(done)]);
    }
}

/* Byte-swap one word between host order and little-endian (an involution). */
static unsigned long word_le_swap(unsigned long val)
{
#if ULONG_MAX == UINT64_MAX
    return GUINT64_TO_LE(val);
#else
    return GUINT32_TO_LE(val);
#endif
}

void bitmap_to_le(unsigned long *dst, const unsigned long *src, long nbits)
{
    long n = BITS_TO_LONGS(nbits);
    long i;

    for (i = 0; i < n; i++) {
        dst[i] = word_le_swap(src[i]);
    }
}

void bitmap_from_le(unsigned long *dst, const unsigned long *src, long nbits)
{
    bitmap_to_le(dst, src, nbits);
}
