/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Single-bit operations on arrays of unsigned long, bit searches, and
 * bit-field helpers (count zeros/ones, extract, deposit).
 *
 * Bit @nr of an array lives in word nr / BITS_PER_LONG at position
 * nr % BITS_PER_LONG (least significant bit first).
 */
#ifndef QEMU_BITOPS_H
#define QEMU_BITOPS_H

#include "qemu/atomic.h"

#define BITS_PER_BYTE CHAR_BIT
#define BITS_PER_LONG (sizeof(unsigned long) * BITS_PER_BYTE)

#define BIT(nr) (1UL << (nr))
#define BIT_ULL(nr) (1ULL << (nr))
#define BIT_MASK(nr) (1UL << ((nr) % BITS_PER_LONG))
#define BIT_WORD(nr) ((nr) / BITS_PER_LONG)
#define BITS_TO_LONGS(nr) DIV_ROUND_UP(nr, BITS_PER_BYTE * sizeof(long))

/* @length (1..64) one bits starting at bit @shift. */
#define MAKE_64BIT_MASK(shift, length) (((~0ULL) >> (64 - (length))) << (shift))

/* Counting helpers.  The value for 0 is the width of the type. */

static inline int ctz32(uint32_t val)
{
    return val ? __builtin_ctz(val) : 32;
}

static inline int ctz64(uint64_t val)
{
    return val ? __builtin_ctzll(val) : 64;
}

static inline int clz32(uint32_t val)
{
    return val ? __builtin_clz(val) : 32;
}

static inline int clz64(uint64_t val)
{
    return val ? __builtin_clzll(val) : 64;
}

/* Count trailing / leading one bits. */
static inline int cto32(uint32_t val)
{
    return ctz32(~val);
}

static inline int cto64(uint64_t val)
{
    return ctz64(~val);
}

static inline int clo32(uint32_t val)
{
    return clz32(~val);
}

static inline int clo64(uint64_t val)
{
    return clz64(~val);
}

static inline int ctpop8(uint8_t val)
{
    return __builtin_popcount(val);
}

static inline int ctpop16(uint16_t val)
{
    return __builtin_popcount(val);
}

static inline int ctpop32(uint32_t val)
{
    return __builtin_popcount(val);
}

static inline int ctpop64(uint64_t val)
{
    return __builtin_popcountll(val);
}

/* Helpers sized for unsigned long, used by the bitmap code. */
static inline int ctzl(unsigned long val)
{
    return val ? __builtin_ctzl(val) : (int)BITS_PER_LONG;
}

static inline int clzl(unsigned long val)
{
    return val ? __builtin_clzl(val) : (int)BITS_PER_LONG;
}

static inline int ctpopl(unsigned long val)
{
    return __builtin_popcountl(val);
}

/* Rotations; @shift is taken modulo the width. */
static inline uint32_t rol32(uint32_t word, unsigned int shift)
{
    shift &= 31;
    return shift ? (word << shift) | (word >> (32 - shift)) : word;
}

static inline uint64_t rol64(uint64_t word, unsigned int shift)
{
    shift &= 63;
    return shift ? (word << shift) | (word >> (64 - shift)) : word;
}

/* Rotating right by n is rotating left by -n (modulo the width). */
static inline uint32_t ror32(uint32_t word, unsigned int shift)
{
    return rol32(word, -shift);
}

static inline uint64_t ror64(uint64_t word, unsigned int shift)
{
    return rol64(word, -shift);
}

/*
 * Single bits.  The plain versions are not atomic: the caller owns the
 * word or holds the lock that protects it.
 */

static inline void set_bit(long nr, unsigned long *addr)
{
    addr[BIT_WORD(nr)] |= BIT_MASK(nr);
}

static inline void clear_bit(long nr, unsigned long *addr)
{
    addr[BIT_WORD(nr)] &= ~BIT_MASK(nr);
}

static inline void change_bit(long nr, unsigned long *addr)
{
    addr[BIT_WORD(nr)] ^= BIT_MASK(nr);
}

static inline int test_bit(long nr, const unsigned long *addr)
{
    return (addr[BIT_WORD(nr)] >> (nr % BITS_PER_LONG)) & 1;
}

/* Set bit @nr and return its old value (0 or 1). */
static inline int test_and_set_bit(long nr, unsigned long *addr)
{
    unsigned long *p = addr + BIT_WORD(nr);
    unsigned long old = *p;

    *p = old | BIT_MASK(nr);
    return (old & BIT_MASK(nr)) != 0;
}

/* Clear bit @nr and return its old value (0 or 1). */
static inline int test_and_clear_bit(long nr, unsigned long *addr)
{
    unsigned long *p = addr + BIT_WORD(nr);
    unsigned long old = *p;

    *p = old & ~BIT_MASK(nr);
    return (old & BIT_MASK(nr)) != 0;
}

/* Flip bit @nr and return its old value (0 or 1). */
static inline int test_and_change_bit(long nr, unsigned long *addr)
{
    unsigned long *p = addr + BIT_WORD(nr);
    unsigned long old = *p;

    *p = old ^ BIT_MASK(nr);
    return (old & BIT_MASK(nr)) != 0;
}

/* Atomic versions: safe against concurrent updates of the same word. */
static inline void set_bit_atomic(long nr, unsigned long *addr)
{
    qatomic_or(&addr[BIT_WORD(nr)], BIT_MASK(nr));
}

static inline void clear_bit_atomic(long nr, unsigned long *addr)
{
    qatomic_and(&addr[BIT_WORD(nr)], ~BIT_MASK(nr));
}

/*
 * Searches.  Each returns the index of the bit found, or @size when there
 * is none.  Bits at or beyond @size are never looked at.
 */

/* First set bit at or after @offset. */
unsigned long find_next_bit(const unsigned long *addr, unsigned long size,
                            unsigned long offset);
/* First clear bit at or after @offset. */
unsigned long find_next_zero_bit(const unsigned long *addr, unsigned long size,
                                 unsigned long offset);
/* Last set bit. */
unsigned long find_last_bit(const unsigned long *addr, unsigned long size);

static inline unsigned long find_first_bit(const unsigned long *addr,
                                           unsigned long size)
{
    return find_next_bit(addr, size, 0);
}

static inline unsigned long find_first_zero_bit(const unsigned long *addr,
                                                unsigned long size)
{
    return find_next_zero_bit(addr, size, 0);
}

/*
 * Bit fields.  @start and @length must describe a field inside the value
 * (length >= 1, start + length <= width); this is checked.
 */

static inline uint32_t extract32(uint32_t value, int start, int length)
{
    assert(start >= 0 && length > 0 && length <= 32 - start);
    return (value >> start) & (~0U >> (32 - length));
}

static inline uint64_t extract64(uint64_t value, int start, int length)
{
    assert(start >= 0 && length > 0 && length <= 64 - start);
    return (value >> start) & (~0ULL >> (64 - length));
}

/* Like extract32/64, but sign-extending the field. */
static inline int32_t sextract32(uint32_t value, int start, int length)
{
    assert(start >= 0 && length > 0 && length <= 32 - start);
    return ((int32_t)(value << (32 - length - start))) >> (32 - length);
}

static inline int64_t sextract64(uint64_t value, int start, int length)
{
    assert(start >= 0 && length > 0 && length <= 64 - start);
    return ((int64_t)(value << (64 - length - start))) >> (64 - length);
}

/* @value with its field replaced by the low @length bits of @fieldval. */
static inline uint32_t deposit32(uint32_t value, int start, int length,
                                 uint32_t fieldval)
{
    uint32_t mask;

    assert(start >= 0 && length > 0 && length <= 32 - start);
    mask = (~0U >> (32 - length)) << start;
    return (value & ~mask) | ((fieldval << start) & mask);
}

static inline uint64_t deposit64(uint64_t value, int start, int length,
                                 uint64_t fieldval)
{
    uint64_t mask;

    assert(start >= 0 && length > 0 && length <= 64 - start);
    mask = (~0ULL >> (64 - length)) << start;
    return (value & ~mask) | ((fieldval << start) & mask);
}

#endif /* QEMU_BITOPS_H */
