/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Bitmaps of arbitrary length stored in arrays of unsigned long: the
 * foundation of dirty-page tracking.
 *
 * A bitmap of @nbits bits occupies BITS_TO_LONGS(nbits) words.  Whole-map
 * operations (zero, fill, copy, and, or, ...) may write the unused tail
 * bits of the last word; queries (empty, full, equal, weight, ...) ignore
 * them.  Range operations touch only the bits of their range.
 *
 * Every operation works a word at a time.  Only the *_atomic operations
 * may race with other writers of the same words; everything else needs
 * the caller to own the bitmap or hold the lock that protects it.
 */
#ifndef QEMU_BITMAP_H
#define QEMU_BITMAP_H

#include "qemu/bitops.h"

#define DECLARE_BITMAP(name, bits) unsigned long name[BITS_TO_LONGS(bits)]

/* Mask of the bits of the last word that belong to a @nbits bitmap. */
#define BITMAP_LAST_WORD_MASK(nbits)                                           \
    (~0UL >> ((BITS_PER_LONG - (nbits) % BITS_PER_LONG) % BITS_PER_LONG))
/* Mask of the bits of the first word at or above bit @start. */
#define BITMAP_FIRST_WORD_MASK(start) (~0UL << ((start) % BITS_PER_LONG))

/* A zeroed bitmap of @nbits bits; free with g_free(). */
unsigned long *bitmap_new(long nbits);
/* Like bitmap_new(), but returns NULL when memory is short. */
unsigned long *bitmap_try_new(long nbits);
/*
 * Grow or shrink @old (from @old_nbits to @new_nbits bits), clearing the
 * bits that are new.  Returns the reallocated bitmap.
 */
unsigned long *bitmap_zero_extend(unsigned long *old, long old_nbits,
                                  long new_nbits);

/* Whole-map operations. */
void bitmap_zero(unsigned long *dst, long nbits);
void bitmap_fill(unsigned long *dst, long nbits);
void bitmap_copy(unsigned long *dst, const unsigned long *src, long nbits);
void bitmap_complement(unsigned long *dst, const unsigned long *src,
                       long nbits);
/* dst = a & b; true if the result has a set bit. */
bool bitmap_and(unsigned long *dst, const unsigned long *a,
                const unsigned long *b, long nbits);
void bitmap_or(unsigned long *dst, const unsigned long *a,
               const unsigned long *b, long nbits);
void bitmap_xor(unsigned long *dst, const unsigned long *a,
                const unsigned long *b, long nbits);
/* dst = a & ~b; true if the result has a set bit. */
bool bitmap_andnot(unsigned long *dst, const unsigned long *a,
                   const unsigned long *b, long nbits);

/* Whole-map queries. */
bool bitmap_empty(const unsigned long *map, long nbits);
bool bitmap_full(const unsigned long *map, long nbits);
bool bitmap_equal(const unsigned long *a, const unsigned long *b, long nbits);
bool bitmap_intersects(const unsigned long *a, const unsigned long *b,
                       long nbits);
/* True if every bit set in @a is also set in @b. */
bool bitmap_is_subset(const unsigned long *a, const unsigned long *b,
                      long nbits);
/* Number of set bits. */
long bitmap_count_one(const unsigned long *map, long nbits);

static inline long bitmap_weight(const unsigned long *map, long nbits)
{
    return bitmap_count_one(map, nbits);
}

/* Number of set bits in [@offset, @offset + @nbits). */
long bitmap_count_one_with_offset(const unsigned long *map, long offset,
                                  long nbits);

/* Range operations on [@start, @start + @nr). */
void bitmap_set(unsigned long *map, long start, long nr);
void bitmap_clear(unsigned long *map, long start, long nr);
/* Clear the range; true if any bit of it was set. */
bool bitmap_test_and_clear(unsigned long *map, long start, long nr);

/*
 * Atomic range operations, for bitmaps written by several threads at
 * once (a device marking pages dirty while migration harvests them).
 *
 * bitmap_set_atomic() starts with a full barrier, so the writes it
 * tracks (done by the caller before it) are visible to whoever sees the
 * bits.  bitmap_test_and_clear_atomic() clears each word with one atomic
 * operation and returns true if any bit of the range was set; a bit set
 * concurrently is either seen now or left for the next call, never lost.
 * It ends with a full barrier, pairing with the one in
 * bitmap_set_atomic(), so the caller reads the data after the bits.
 */
void bitmap_set_atomic(unsigned long *map, long start, long nr);
bool bitmap_test_and_clear_atomic(unsigned long *map, long start, long nr);
/*
 * Move @nbits bits from @src to @dst, clearing @src word by word
 * atomically.  Ends with a full barrier like bitmap_test_and_clear_atomic().
 */
void bitmap_copy_and_clear_atomic(unsigned long *dst, unsigned long *src,
                                  long nbits);

/*
 * Index of the first run of @nr clear bits at or after @start, in a map
 * of @size bits, whose index is a multiple of @align_mask + 1 (a power of
 * two).  If there is none the result is greater than @size.
 */
unsigned long bitmap_find_next_zero_area(unsigned long *map, unsigned long size,
                                         unsigned long start, unsigned long nr,
                                         unsigned long align_mask);

/*
 * Copy bits [@shift, @shift + @nbits) of @src to bits [0, @nbits) of @dst.
 * The tail bits of @dst's last word are cleared.
 */
void bitmap_copy_with_src_offset(unsigned long *dst, const unsigned long *src,
                                 unsigned long shift, unsigned long nbits);
/*
 * Copy bits [0, @nbits) of @src to bits [@shift, @shift + @nbits) of @dst.
 * The other bits of @dst are left alone.
 */
void bitmap_copy_with_dst_offset(unsigned long *dst, const unsigned long *src,
                                 unsigned long shift, unsigned long nbits);

/*
 * Convert to and from the wire layout: an array of 64-bit (or, on 32-bit
 * hosts, 32-bit) little-endian words, so bit i sits in byte i / 8 at
 * position i % 8.  @dst and @src may be the same buffer.
 */
void bitmap_to_le(unsigned long *dst, const unsigned long *src, long nbits);
void bitmap_from_le(unsigned long *dst, const unsigned long *src, long nbits);

#endif /* QEMU_BITMAP_H */
