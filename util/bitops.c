/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Bit searches over arrays of unsigned long, one word at a time. */
#include "qemu/osdep.h"
#include "qemu/bitops.h"

/*
 * Shared by the two forward searches: @invert is 0 to look for a one bit
 * and ~0UL to look for a zero bit (each word is XORed with it first).
 */
static unsigned long find_next_common(const unsigned long *addr,
                                      unsigned long size, unsigned long offset,
                                      unsigned long invert)
{
    unsigned long idx;
    unsigned long word;

    if (offset >= size) {
        return size;
    }
    idx = BIT_WORD(offset);
    /* Ignore the bits below @offset in the first word. */
    word = (addr[idx] ^ invert) & (~0UL << (offset % BITS_PER_LONG));
    while (!word) {
        idx++;
        if (idx * BITS_PER_LONG >= size) {
            return size;
        }
        word = addr[idx] ^ invert;
    }
    /* A hit in the last word may lie past @size. */
    return MIN(idx * BITS_PER_LONG + ctzl(word), size);
}

unsigned long find_next_bit(const unsigned long *addr, unsigned long size,
                            unsigned long offset)
{
    return find_next_common(addr, size, offset, 0);
}

unsigned long find_next_zero_bit(const unsigned long *addr, unsigned long size,
                                 unsigned long offset)
{
    return find_next_common(addr, size, offset, ~0UL);
}

unsigned long find_last_bit(const unsigned long *addr, unsigned long size)
{
    unsigned long idx;
    unsigned long word;

    if (!size) {
        return 0;
    }
    idx = BIT_WORD(size - 1);
    word = addr[idx];
    /* Ignore the bits at or past @size in the last word. */
    if (size % BITS_PER_LONG) {
        word &= ~0UL >> (BITS_PER_LONG - size % BITS_PER_LONG);
    }
    for (;;) {
        if (word) {
            return idx * BITS_PER_LONG + BITS_PER_LONG - 1 - clzl(word);
        }
        if (!idx) {
            return size;
        }
        word = addr[--idx];
    }
}
