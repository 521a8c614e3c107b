/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Small C helpers: zero-buffer detection, number and size parsing with
 * QEMU's semantics, and bounded string copies.
 */
#ifndef QEMU_CUTILS_H
#define QEMU_CUTILS_H

/*
 * Zero detection (util/bufferiszero.c)
 */

/*
 * buffer_is_zero: true if all @len bytes at @buf are zero.  @len 0 is
 * true.  Any length and alignment; never reads outside [buf, buf + len).
 * Uses the fastest implementation the CPU supports (chosen once, at
 * start-up).  Thread-safe.
 */
bool buffer_is_zero(const void *buf, size_t len);

/* The implementations buffer_is_zero() can dispatch to. */
typedef enum BufferZeroImpl {
    BUFFER_ZERO_IMPL_BASELINE, /* portable, one 64-bit word at a time */
    BUFFER_ZERO_IMPL_AVX2,     /* x86-64 AVX2, 32-byte vectors */
    BUFFER_ZERO_IMPL__MAX,
} BufferZeroImpl;

/* A short name for @impl ("baseline", "avx2"), for test paths and output. */
const char *buffer_zero_impl_name(BufferZeroImpl impl);

/* True if @impl can run on this CPU. */
bool buffer_zero_impl_available(BufferZeroImpl impl);

/*
 * The function implementing @impl, callable directly (tests, benchmarks),
 * or NULL if it is not available on this CPU.  Each one handles every
 * length, including 0.
 */
typedef bool BufferIsZeroFn(const void *buf, size_t len);
BufferIsZeroFn *buffer_zero_impl_fn(BufferZeroImpl impl);

/*
 * Make buffer_is_zero() use @impl from now on.  Returns false (and
 * changes nothing) if @impl is not available.  For tests and benchmarks;
 * callers racing with this see either the old or the new implementation.
 */
bool buffer_is_zero_select(BufferZeroImpl impl);

/* Which implementation buffer_is_zero() uses now. */
BufferZeroImpl buffer_is_zero_selected(void);

/* Go back to the best implementation for this CPU. */
void buffer_is_zero_select_best(void);

/*
 * Number parsing (util/cutils.c)
 *
 * The qemu_strto*() family wraps strtol() and friends so they are hard to
 * misuse.  Common rules:
 * - @base is 0 or 2..36, as for strtol().
 * - @nptr may be NULL: no conversion, -EINVAL.
 * - No conversion at all (no digits): *@endptr = @nptr, *@result = 0,
 *   -EINVAL.
 * - @endptr NULL means the whole string must be consumed; trailing
 *   characters give -EINVAL (with *@result still set to the value parsed).
 * - Out of range: *@result is clamped to the type's limit, -ERANGE.
 * - Unsigned variants accept a leading '-' and negate in the result type
 *   like strtoul() does: "-1" is the type's maximum.
 * Return 0 on success, else -EINVAL or -ERANGE.
 */
int qemu_strtoi(const char *nptr, const char **endptr, int base, int *result);
int qemu_strtoui(const char *nptr, const char **endptr, int base,
                 unsigned int *result);
int qemu_strtol(const char *nptr, const char **endptr, int base, long *result);
int qemu_strtoul(const char *nptr, const char **endptr, int base,
                 unsigned long *result);
int qemu_strtoi64(const char *nptr, const char **endptr, int base,
                  int64_t *result);
int qemu_strtou64(const char *nptr, const char **endptr, int base,
                  uint64_t *result);

/*
 * parse_uint: parse an unsigned integer like strtoull() (whitespace, an
 * optional sign, "0x" for base 0 or 16, digits) but reject negative
 * numbers.
 * On no digits (or NULL @s): *@value = 0, *@endptr = @s, -EINVAL.
 * Otherwise *@endptr points just past the digits, and:
 * negative: *@value = 0, -ERANGE; overflow: *@value = UINT64_MAX, -ERANGE;
 * else *@value is the number and the result 0.
 */
int parse_uint(const char *s, const char **endptr, int base, uint64_t *value);

/*
 * parse_uint_full: parse_uint() on the whole of @s; trailing characters
 * give -EINVAL with *@value = 0.
 */
int parse_uint_full(const char *s, int base, uint64_t *value);

/*
 * Size parsing.  Accepted:
 * - "123": decimal, in the default unit (bytes; MiB for qemu_strtosz_MiB);
 * - "123k", "1.5G", ".5M", "1.k": decimal with optional fraction and a
 *   one-letter suffix B K M G T P E (either case), binary multiples
 *   (1000-based for qemu_strtosz_metric).  The result is rounded to the
 *   nearest byte; a non-zero fraction of a byte ("1.5", "1.5B") is
 *   -EINVAL;
 * - "0x1f": hexadecimal, in the default unit; no fraction and no suffix.
 * Not accepted: octal ("08" is eight), exponents ("1e3" is 1 EiB followed
 * by garbage "3"), inf/nan.  Leading whitespace is skipped.
 *
 * Errors (*@result is 0 on every error):
 * - no number, hex with fraction or suffix: -EINVAL, *@end = @nptr;
 * - negative (even "-0") or more than UINT64_MAX bytes: -ERANGE, with
 *   *@end past what was parsed;
 * - @end NULL and characters left over: -EINVAL (it wins over -ERANGE).
 * Returns 0 on success.
 */
int qemu_strtosz(const char *nptr, const char **end, uint64_t *result);
int qemu_strtosz_MiB(const char *nptr, const char **end, uint64_t *result);
int qemu_strtosz_metric(const char *nptr, const char **end, uint64_t *result);

/*
 * size_to_str: @val bytes as a human readable string with at most three
 * significant digits and IEC units: "0 B", "4 KiB", "1.5 MiB", "16 EiB".
 * The unit switches up once the number would reach 1000.  The caller
 * frees the result with g_free().
 */
char *size_to_str(uint64_t val);

/*
 * Strings
 */

/*
 * pstrcpy: copy @str into @buf of @buf_size bytes, truncating, always
 * NUL-terminated when @buf_size > 0.
 */
void pstrcpy(char *buf, int buf_size, const char *str);

/*
 * strstart: if @str begins with @val, store the rest of @str in *@ptr
 * (when @ptr is not NULL) and return 1; else return 0.
 */
int strstart(const char *str, const char *val, const char **ptr);

#endif /* QEMU_CUTILS_H */
