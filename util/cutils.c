/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Number and size parsing with QEMU's semantics, size formatting, and
 * bounded string helpers.
 */
#include "qemu/osdep.h"
#include <ctype.h>
#include "qemu/cutils.h"

/*
 * strto*() wrappers
 */

static void check_base(int base)
{
    /* A bad base is a programming error, not bad input. */
    assert(base == 0 || (base >= 2 && base <= 36));
}

/*
 * Skip the leading white space strtoull() skips: isspace(), which unlike
 * g_ascii_isspace() includes '\v'.
 */
static const char *skip_space(const char *s)
{
    while (isspace((unsigned char)*s)) {
        s++;
    }
    return s;
}

/* True if the number strtoull() will parse at @s has a leading '-'. */
static bool has_minus(const char *s)
{
    return *skip_space(s) == '-';
}

/*
 * Checks shared by every qemu_strto*() before the libc call.  Returns
 * false (with *@endptr set) for a NULL @nptr.
 */
static bool strtox_start(const char *nptr, const char **endptr, int base)
{
    check_base(base);
    if (!nptr) {
        if (endptr) {
            *endptr = NULL;
        }
        return false;
    }
    errno = 0;
    return true;
}

/*
 * Rules shared by every qemu_strto*() after the libc call: @ep is where
 * libc stopped, @err is 0 or ERANGE.
 */
static int strtox_finish(const char *nptr, const char *ep, const char **endptr,
                         int err)
{
    if (endptr) {
        *endptr = ep;
    }
    if (ep == nptr) {
        return -EINVAL;
    }
    if (!endptr && *ep) {
        return -EINVAL;
    }
    return err ? -err : 0;
}

/*
 * The signed qemu_strto*(): parse with strtoll() and clamp to
 * [@min, @max], the range of the caller's result type.
 */
static int strtox_signed(const char *nptr, const char **endptr, int base,
                         long long min, long long max, long long *result)
{
    char *ep;
    int err;

    if (!strtox_start(nptr, endptr, base)) {
        *result = 0;
        return -EINVAL;
    }
    *result = strtoll(nptr, &ep, base);
    err = errno == ERANGE ? ERANGE : 0;
    if (*result > max) {
        *result = max;
        err = ERANGE;
    } else if (*result < min) {
        *result = min;
        err = ERANGE;
    }
    return strtox_finish(nptr, ep, endptr, err);
}

/*
 * The unsigned qemu_strto*(): parse with strtoull() for a result type
 * whose maximum is @max (2^n - 1).  A leading '-' negates in that type,
 * as strtoul() does in its own: "-1" gives @max.
 */
static int strtox_unsigned(const char *nptr, const char **endptr, int base,
                           unsigned long long max, unsigned long long *result)
{
    unsigned long long v;
    char *ep;
    int err;

    if (!strtox_start(nptr, endptr, base)) {
        *result = 0;
        return -EINVAL;
    }
    v = strtoull(nptr, &ep, base);
    err = errno == ERANGE ? ERANGE : 0;
    if (ep != nptr && has_minus(nptr)) {
        /* strtoull() negated in 64 bits; redo it in the result type. */
        unsigned long long magnitude = -v;

        if (err || magnitude > max) {
            *result = max;
            err = ERANGE;
        } else {
            *result = -magnitude & max;
        }
    } else if (err || v > max) {
        *result = max;
        err = ERANGE;
    } else {
        *result = v;
    }
    return strtox_finish(nptr, ep, endptr, err);
}

int qemu_strtoi(const char *nptr, const char **endptr, int base, int *result)
{
    long long v;
    int ret = strtox_signed(nptr, endptr, base, INT_MIN, INT_MAX, &v);

    *result = v;
    return ret;
}

int qemu_strtoui(const char *nptr, const char **endptr, int base,
                 unsigned int *result)
{
    unsigned long long v;
    int ret = strtox_unsigned(nptr, endptr, base, UINT_MAX, &v);

    *result = v;
    return ret;
}

int qemu_strtol(const char *nptr, const char **endptr, int base, long *result)
{
    long long v;
    int ret = strtox_signed(nptr, endptr, base, LONG_MIN, LONG_MAX, &v);

    *result = v;
    return ret;
}

int qemu_strtoul(const char *nptr, const char **endptr, int base,
                 unsigned long *result)
{
    unsigned long long v;
    int ret = strtox_unsigned(nptr, endptr, base, ULONG_MAX, &v);

    *result = v;
    return ret;
}

int qemu_strtoi64(const char *nptr, const char **endptr, int base,
                  int64_t *result)
{
    long long v;
    int ret = strtox_signed(nptr, endptr, base, INT64_MIN, INT64_MAX, &v);

    *result = v;
    return ret;
}

int qemu_strtou64(const char *nptr, const char **endptr, int base,
                  uint64_t *result)
{
    unsigned long long v;
    int ret = strtox_unsigned(nptr, endptr, base, UINT64_MAX, &v);

    *result = v;
    return ret;
}

int parse_uint(const char *s, const char **endptr, int base, uint64_t *value)
{
    char *ep;
    unsigned long long v;
    int err;

    check_base(base);
    *value = 0;
    *endptr = s;
    if (!s) {
        return -EINVAL;
    }
    errno = 0;
    v = strtoull(s, &ep, base);
    err = errno;
    if (ep == s) {
        return -EINVAL;
    }
    *endptr = ep;
    if (has_minus(s)) {
        return -ERANGE;
    }
    if (err == ERANGE) {
        *value = UINT64_MAX;
        return -ERANGE;
    }
    *value = v;
    return 0;
}

int parse_uint_full(const char *s, int base, uint64_t *value)
{
    const char *end;
    int ret = parse_uint(s, &end, base, value);

    if (ret < 0) {
        return ret;
    }
    if (*end) {
        *value = 0;
        return -EINVAL;
    }
    return 0;
}

/*
 * Sizes
 */

/* The power of the unit a suffix letter stands for, or -1. */
static int size_suffix_power(char c)
{
    switch (g_ascii_toupper(c)) {
    case 'B':
        return 0;
    case 'K':
        return 1;
    case 'M':
        return 2;
    case 'G':
        return 3;
    case 'T':
        return 4;
    case 'P':
        return 5;
    case 'E':
        return 6;
    default:
        return -1;
    }
}

static uint64_t unit_pow(unsigned unit, int power)
{
    uint64_t mul = 1;

    while (power-- > 0) {
        mul *= unit;
    }
    return mul;
}

/*
 * The fraction 0.@digits (@n decimal digits, not all zero) times
 * @unit^@power, rounded to the nearest integer (halves up).  Exact at any
 * number of digits: the digits are multiplied by @unit in place, @power
 * times, and what carries out of the first digit is the integer part.
 * The result is at most @unit^@power.
 */
static uint64_t size_fraction(const char *digits, size_t n, unsigned unit,
                              int power)
{
    g_autofree uint8_t *d = g_malloc(n);
    uint64_t ip = 0;
    size_t i;
    int k;

    for (i = 0; i < n; i++) {
        d[i] = digits[i] - '0';
    }
    for (k = 0; k < power; k++) {
        unsigned carry = 0;

        for (i = n; i-- > 0;) {
            unsigned x = d[i] * unit + carry;

            d[i] = x % 10;
            carry = x / 10;
        }
        ip = ip * unit + carry;
    }
    return ip + (d[0] >= 5);
}

static size_t count_digits(const char *p, bool hex)
{
    size_t n = 0;

    while (hex ? g_ascii_isxdigit(p[n]) : g_ascii_isdigit(p[n])) {
        n++;
    }
    return n;
}

/*
 * The size parser behind qemu_strtosz*(); see cutils.h for the syntax.
 * @default_power is the unit power used when there is no suffix; @unit is
 * 1024 or 1000.
 */
static int do_strtosz(const char *nptr, const char **end, int default_power,
                      unsigned unit, uint64_t *result)
{
    const char *p = nptr, *num, *frac = NULL;
    size_t nint, nfrac = 0;
    bool negative = false;
    uint64_t val = 0, mul, fracval = 0;
    int power, ret = 0;

    *result = 0;
    if (!nptr) {
        if (end) {
            *end = NULL;
        }
        return -EINVAL;
    }

    p = skip_space(p);
    if (*p == '+' || *p == '-') {
        negative = *p == '-';
        p++;
    }
    num = p;

    if (!negative && p[0] == '0' && (p[1] == 'x' || p[1] == 'X') &&
        g_ascii_isxdigit(p[2])) {
        /* Hexadecimal: an integer in the default unit, nothing more. */
        const char *stop = p + 2 + count_digits(p + 2, true);

        if (*stop == '.' || size_suffix_power(*stop) >= 0) {
            p = nptr;
            ret = -EINVAL;
            goto out;
        }
        errno = 0;
        val = strtoull(p, NULL, 16);
        p = stop;
        if (errno == ERANGE) {
            ret = -ERANGE;
            goto out;
        }
        power = default_power;
        goto scale;
    }

    nint = count_digits(p, false);
    p += nint;
    if (nint) {
        if (negative) {
            /* Negative (even -0): fail once the digits are consumed. */
            ret = -ERANGE;
            goto out;
        }
        errno = 0;
        val = strtoull(num, NULL, 10);
        if (errno == ERANGE) {
            ret = -ERANGE;
            goto out;
        }
    }
    if (*p == '.') {
        frac = p + 1;
        nfrac = count_digits(frac, false);
        if (!nint && !nfrac) {
            p = nptr;
            ret = -EINVAL;
            goto out;
        }
        p = frac + nfrac;
    } else if (!nint) {
        p = nptr;
        ret = -EINVAL;
        goto out;
    }
    if (negative) {
        /* Only a fraction, like "-.5": fail after it. */
        ret = -ERANGE;
        goto out;
    }

    /* Trailing zeros of the fraction change nothing. */
    while (nfrac && frac[nfrac - 1] == '0') {
        nfrac--;
    }

    power = size_suffix_power(*p);
    if (power >= 0) {
        p++;
    } else {
        power = default_power;
    }
    if (nfrac && power == 0) {
        /* No fractions of a byte. */
        p = nptr;
        ret = -EINVAL;
        goto out;
    }
    if (nfrac) {
        fracval = size_fraction(frac, nfrac, unit, power);
    }

scale:
    mul = unit_pow(unit, power);
    if (__builtin_mul_overflow(val, mul, &val) ||
        __builtin_add_overflow(val, fracval, &val)) {
        ret = -ERANGE;
        goto out;
    }
    *result = val;

out:
    if (end) {
        *end = p;
    } else if (*p) {
        /* Trailing garbage: -EINVAL, even over -ERANGE. */
        *result = 0;
        return -EINVAL;
    }
    if (ret) {
        *result = 0;
    }
    return ret;
}

int qemu_strtosz(const char *nptr, const char **end, uint64_t *result)
{
    return do_strtosz(nptr, end, 0, 1024, result);
}

int qemu_strtosz_MiB(const char *nptr, const char **end, uint64_t *result)
{
    return do_strtosz(nptr, end, 2, 1024, result);
}

int qemu_strtosz_metric(const char *nptr, const char **end, uint64_t *result)
{
    return do_strtosz(nptr, end, 0, 1000, result);
}

char *size_to_str(uint64_t val)
{
    static const char *const units[] = {
        "B", "KiB", "MiB", "GiB", "TiB", "PiB", "EiB",
    };
    double d = val;
    int i = 0;

    /*
     * Move up a unit as soon as the number in the current one reaches
     * 1000, so it never prints with four digits.  Compared as doubles,
     * the way the value is printed.
     */
    while (i < (int)ARRAY_SIZE(units) - 1 &&
           d >= (double)(1000ULL << (10 * i))) {
        i++;
    }
    return g_strdup_printf("%0.3g %s", d / (double)(1ULL << (10 * i)),
                           units[i]);
}

/*
 * Strings
 */

void pstrcpy(char *buf, int buf_size, const char *str)
{
    size_t n;

    if (buf_size <= 0) {
        return;
    }
    n = strnlen(str, buf_size - 1);
    memcpy(buf, str, n);
    buf[n] = '\0';
}

int strstart(const char *str, const char *val, const char **ptr)
{
    size_t n = strlen(val);

    if (strncmp(str, val, n) != 0) {
        return 0;
    }
    if (ptr) {
        *ptr = str + n;
    }
    return 1;
}
