/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Unit tests for util/cutils.c: the qemu_strto*() wrappers, parse_uint(),
 * size parsing (qemu_strtosz and variants), size_to_str() and the string
 * helpers.
 */
#include "qemu/osdep.h"
#include "qemu/cutils.h"

#define SZ_KIB (1ULL << 10)
#define SZ_MIB (1ULL << 20)
#define SZ_GIB (1ULL << 30)
#define SZ_TIB (1ULL << 40)
#define SZ_PIB (1ULL << 50)
#define SZ_EIB (1ULL << 60)

typedef int StrtoszFn(const char *nptr, const char **end, uint64_t *result);

/*
 * Parse @str with @fn twice: with an end pointer, expecting @ret, @value
 * and @consumed characters; and without one, expecting @ret_full.
 * Every error must leave 0 in the result.
 */
static void check_sz(StrtoszFn *fn, const char *str, int ret, uint64_t value,
                     size_t consumed, int ret_full)
{
    const char *end = (const char *)0x1;
    uint64_t res = 0xbaadf00d;
    int r;

    r = fn(str, &end, &res);
    if (r != ret || res != value || end != str + consumed) {
        g_error("\"%s\": got %d/%" PRIu64 "/%td, expected %d/%" PRIu64 "/%zu",
                str, r, res, end - str, ret, value, consumed);
    }

    res = 0xbaadf00d;
    r = fn(str, NULL, &res);
    g_assert_cmpint(r, ==, ret_full);
    g_assert_cmpuint(res, ==, ret_full ? 0 : value);
}

/* The common case: the whole string is the number. */
static void check_sz_ok(const char *str, uint64_t value)
{
    check_sz(qemu_strtosz, str, 0, value, strlen(str), 0);
}

static void check_sz_err(const char *str, int ret, size_t consumed)
{
    check_sz(qemu_strtosz, str, ret, 0, consumed,
             str[consumed] ? -EINVAL : ret);
}

static void test_strtosz_simple(void)
{
    check_sz_ok("0", 0);
    check_sz_ok("1", 1);
    check_sz_ok("12345", 12345);
    check_sz_ok("  42", 42);
    check_sz_ok("\v\t42", 42);
    check_sz_ok("+7", 7);
    /* Not octal. */
    check_sz_ok("08", 8);
    check_sz_ok("9007199254740993", 9007199254740993ULL);
    check_sz_ok("18446744073709551615", UINT64_MAX);
}

static void test_strtosz_units(void)
{
    check_sz_ok("1B", 1);
    check_sz_ok("1b", 1);
    check_sz_ok("1k", SZ_KIB);
    check_sz_ok("1K", SZ_KIB);
    check_sz_ok("4k", 4 * SZ_KIB);
    check_sz_ok("1m", SZ_MIB);
    check_sz_ok("1M", SZ_MIB);
    check_sz_ok("3G", 3 * SZ_GIB);
    check_sz_ok("1T", SZ_TIB);
    check_sz_ok("1P", SZ_PIB);
    check_sz_ok("1E", SZ_EIB);
    check_sz_ok("15E", 15 * SZ_EIB);
    check_sz_ok("16383P", 16383 * SZ_PIB);
}

static void test_strtosz_float(void)
{
    check_sz_ok("1.5G", SZ_GIB + SZ_GIB / 2);
    check_sz_ok("0.5k", 512);
    check_sz_ok(".5k", 512);
    check_sz_ok(" .5k", 512);
    check_sz_ok("1.k", SZ_KIB);
    check_sz_ok("1.0009765625k", 1025);
    /* Rounded to the nearest byte. */
    check_sz_ok("12.345M", 12944671);
    check_sz_ok("1.9999k", 2048);
    check_sz_ok("1.9999999999999999999999999999999999999999999999999999k",
                2048);
    check_sz_ok("1.000000000000000000000000000000000000000000000000000000"
                "00000000000000000000000000000000000000000000000000000001k",
                SZ_KIB);
    /* Zero fractions are fine even for bytes. */
    check_sz_ok("1.000B", 1);
    check_sz_ok("15.5E", 15 * SZ_EIB + SZ_EIB / 2);
}

static void test_strtosz_hex(void)
{
    check_sz_ok("0x0", 0);
    check_sz_ok("0xab", 171);
    check_sz_ok("0XAB", 171);
    /* 'b' and 'e' are hex digits, not suffixes. */
    check_sz_ok("0x1b", 27);
    check_sz_ok("0x1e", 30);
    check_sz_ok("0xffffffffffffffff", UINT64_MAX);
    check_sz_err("0x10000000000000000", -ERANGE, 19);

    /* No suffixes and no fractions with hex. */
    check_sz(qemu_strtosz, "0x18M", -EINVAL, 0, 0, -EINVAL);
    check_sz(qemu_strtosz, "0x1.8k", -EINVAL, 0, 0, -EINVAL);
    check_sz(qemu_strtosz, "0x1p3", -EINVAL, 0, 0, -EINVAL);
    /* "0x" without digits is 0 followed by garbage. */
    check_sz(qemu_strtosz, "0x", 0, 0, 1, -EINVAL);
}

static void test_strtosz_invalid(void)
{
    check_sz(qemu_strtosz, "", -EINVAL, 0, 0, -EINVAL);
    check_sz(qemu_strtosz, " \t ", -EINVAL, 0, 0, -EINVAL);
    check_sz(qemu_strtosz, "crap", -EINVAL, 0, 0, -EINVAL);
    check_sz(qemu_strtosz, ".", -EINVAL, 0, 0, -EINVAL);
    check_sz(qemu_strtosz, ".k", -EINVAL, 0, 0, -EINVAL);
    check_sz(qemu_strtosz, "k", -EINVAL, 0, 0, -EINVAL);
    check_sz(qemu_strtosz, "inf", -EINVAL, 0, 0, -EINVAL);
    check_sz(qemu_strtosz, "NaN", -EINVAL, 0, 0, -EINVAL);
    /* No fractions of a byte. */
    check_sz(qemu_strtosz, "1.5", -EINVAL, 0, 0, -EINVAL);
    check_sz(qemu_strtosz, "1.1B", -EINVAL, 0, 0, -EINVAL);
    check_sz(qemu_strtosz, "1.00000000000000000001B", -EINVAL, 0, 0, -EINVAL);
    check_sz(qemu_strtosz_metric, "0.5", -EINVAL, 0, 0, -EINVAL);

    g_assert_cmpint(qemu_strtosz(NULL, NULL, &(uint64_t){1}), ==, -EINVAL);
}

static void test_strtosz_trailing(void)
{
    check_sz(qemu_strtosz, "123 ", 0, 123, 3, -EINVAL);
    check_sz(qemu_strtosz, "123-45", 0, 123, 3, -EINVAL);
    check_sz(qemu_strtosz, "1kb", 0, SZ_KIB, 2, -EINVAL);
    check_sz(qemu_strtosz, "1 k", 0, 1, 1, -EINVAL);
    /* 'e' is exbibytes, never an exponent. */
    check_sz(qemu_strtosz, "1e3", 0, SZ_EIB, 2, -EINVAL);
    check_sz(qemu_strtosz, "1.5e1k", 0, SZ_EIB + SZ_EIB / 2, 4, -EINVAL);
    check_sz(qemu_strtosz, "1.5E+0k", 0, SZ_EIB + SZ_EIB / 2, 4, -EINVAL);
    check_sz(qemu_strtosz, "0b1000", 0, 0, 2, -EINVAL);
}

static void test_strtosz_range(void)
{
    /* Negative values, even zero. */
    check_sz_err("-1", -ERANGE, 2);
    check_sz_err(" -0", -ERANGE, 3);
    check_sz_err("-2M", -ERANGE, 2);
    check_sz_err(" -.0", -ERANGE, 4);
    check_sz_err("-.1k", -ERANGE, 3);
    check_sz_err("-0x10", -ERANGE, 2);

    /* Too big. */
    check_sz_err("18446744073709551616", -ERANGE, 20);
    check_sz_err("99999999999999999999999k", -ERANGE, 23);
    check_sz_err("16E", -ERANGE, 3);
    check_sz_err("20E", -ERANGE, 3);
    check_sz_err("16384P", -ERANGE, 6);
    check_sz_err("15.9999999999999999999999999999999999999999999999999999E",
                 -ERANGE, 56);
    /* -EINVAL for the trailing garbage wins over -ERANGE. */
    check_sz(qemu_strtosz, "100000Pjunk", -ERANGE, 0, 7, -EINVAL);
}

static void test_strtosz_metric(void)
{
    check_sz(qemu_strtosz_metric, "12345", 0, 12345, 5, 0);
    check_sz(qemu_strtosz_metric, "1k", 0, 1000, 2, 0);
    check_sz(qemu_strtosz_metric, "1.5M", 0, 1500000, 4, 0);
    check_sz(qemu_strtosz_metric, "12.345k", 0, 12345, 7, 0);
    check_sz(qemu_strtosz_metric, "1E", 0, 1000000000000000000ULL, 2, 0);
    /* Exact at full precision: 2^64 - 1 and one more. */
    check_sz(qemu_strtosz_metric, "18.446744073709551615E", 0, UINT64_MAX, 22,
             0);
    check_sz(qemu_strtosz_metric, "18.446744073709551616E", -ERANGE, 0, 22,
             -ERANGE);
}

static void test_strtosz_mib(void)
{
    check_sz(qemu_strtosz_MiB, "1", 0, SZ_MIB, 1, 0);
    check_sz(qemu_strtosz_MiB, "1.5", 0, SZ_MIB + SZ_MIB / 2, 3, 0);
    check_sz(qemu_strtosz_MiB, "0.25", 0, SZ_MIB / 4, 4, 0);
    check_sz(qemu_strtosz_MiB, "512B", 0, 512, 4, 0);
    check_sz(qemu_strtosz_MiB, "2k", 0, 2 * SZ_KIB, 2, 0);
    check_sz(qemu_strtosz_MiB, "2G", 0, 2 * SZ_GIB, 2, 0);
    check_sz(qemu_strtosz_MiB, "0x10", 0, 16 * SZ_MIB, 4, 0);
    check_sz(qemu_strtosz_MiB, "17592186044416", -ERANGE, 0, 14, -ERANGE);
}

static void test_size_to_str(void)
{
    static const struct {
        uint64_t val;
        const char *str;
    } cases[] = {
        {0, "0 B"},
        {1, "1 B"},
        {999, "999 B"},
        {1000, "0.977 KiB"},
        {1023, "0.999 KiB"},
        {1024, "1 KiB"},
        {1536, "1.5 KiB"},
        {4096, "4 KiB"},
        {1000 * SZ_KIB, "0.977 MiB"},
        {SZ_MIB, "1 MiB"},
        {4316442132ULL, "4.02 GiB"},
        {512 * SZ_GIB, "512 GiB"},
        {SZ_TIB, "1 TiB"},
        {3 * SZ_PIB, "3 PiB"},
        {SZ_EIB, "1 EiB"},
        {UINT64_MAX, "16 EiB"},
    };
    size_t i;

    for (i = 0; i < ARRAY_SIZE(cases); i++) {
        g_autofree char *s = size_to_str(cases[i].val);

        g_assert_cmpstr(s, ==, cases[i].str);
    }
}

static void test_strtou64(void)
{
    const char *end;
    uint64_t v;

    g_assert_cmpint(qemu_strtou64("123", NULL, 10, &v), ==, 0);
    g_assert_cmpuint(v, ==, 123);
    g_assert_cmpint(qemu_strtou64("0x10", NULL, 0, &v), ==, 0);
    g_assert_cmpuint(v, ==, 16);
    g_assert_cmpint(qemu_strtou64("010", NULL, 0, &v), ==, 0);
    g_assert_cmpuint(v, ==, 8);
    g_assert_cmpint(qemu_strtou64("ff", NULL, 16, &v), ==, 0);
    g_assert_cmpuint(v, ==, 255);

    /* Negative numbers wrap like strtoull(). */
    g_assert_cmpint(qemu_strtou64("-1", NULL, 0, &v), ==, 0);
    g_assert_cmpuint(v, ==, UINT64_MAX);
    g_assert_cmpint(qemu_strtou64("-18446744073709551615", NULL, 0, &v), ==, 0);
    g_assert_cmpuint(v, ==, 1);
    g_assert_cmpint(qemu_strtou64("-18446744073709551616", NULL, 0, &v), ==,
                    -ERANGE);
    g_assert_cmpuint(v, ==, UINT64_MAX);
    g_assert_cmpint(qemu_strtou64("18446744073709551616", NULL, 0, &v), ==,
                    -ERANGE);
    g_assert_cmpuint(v, ==, UINT64_MAX);

    /* Trailing garbage: fine with an end pointer, -EINVAL without. */
    g_assert_cmpint(qemu_strtou64("12abc", &end, 10, &v), ==, 0);
    g_assert_cmpuint(v, ==, 12);
    g_assert_cmpstr(end, ==, "abc");
    v = 0;
    g_assert_cmpint(qemu_strtou64("12abc", NULL, 10, &v), ==, -EINVAL);
    g_assert_cmpuint(v, ==, 12);

    /* Nothing to convert. */
    v = 99;
    end = NULL;
    g_assert_cmpint(qemu_strtou64("", &end, 0, &v), ==, -EINVAL);
    g_assert_cmpuint(v, ==, 0);
    g_assert_nonnull(end);
    g_assert_cmpstr(end, ==, "");
    g_assert_cmpint(qemu_strtou64("  x", &end, 0, &v), ==, -EINVAL);
    g_assert_cmpstr(end, ==, "  x");
    g_assert_cmpint(qemu_strtou64(NULL, &end, 0, &v), ==, -EINVAL);
    g_assert_null(end);
}

static void test_strtoi64(void)
{
    int64_t v;

    g_assert_cmpint(qemu_strtoi64("-9223372036854775808", NULL, 0, &v), ==, 0);
    g_assert_cmpint(v, ==, INT64_MIN);
    g_assert_cmpint(qemu_strtoi64("-9223372036854775809", NULL, 0, &v), ==,
                    -ERANGE);
    g_assert_cmpint(v, ==, INT64_MIN);
    g_assert_cmpint(qemu_strtoi64("9223372036854775808", NULL, 0, &v), ==,
                    -ERANGE);
    g_assert_cmpint(v, ==, INT64_MAX);
    g_assert_cmpint(qemu_strtoi64(" -0x10", NULL, 0, &v), ==, 0);
    g_assert_cmpint(v, ==, -16);
    g_assert_cmpint(qemu_strtoi64("1 ", NULL, 0, &v), ==, -EINVAL);
}

static void test_strtoi(void)
{
    int v;
    const char *end;

    g_assert_cmpint(qemu_strtoi("-2147483648", NULL, 10, &v), ==, 0);
    g_assert_cmpint(v, ==, INT_MIN);
    g_assert_cmpint(qemu_strtoi("2147483647", NULL, 10, &v), ==, 0);
    g_assert_cmpint(v, ==, INT_MAX);
    g_assert_cmpint(qemu_strtoi("2147483648", &end, 10, &v), ==, -ERANGE);
    g_assert_cmpint(v, ==, INT_MAX);
    g_assert_cmpstr(end, ==, "");
    g_assert_cmpint(qemu_strtoi("-2147483649", NULL, 10, &v), ==, -ERANGE);
    g_assert_cmpint(v, ==, INT_MIN);
    g_assert_cmpint(qemu_strtoi("99999999999999999999", NULL, 10, &v), ==,
                    -ERANGE);
    g_assert_cmpint(v, ==, INT_MAX);
    g_assert_cmpint(qemu_strtoi("12 ", NULL, 10, &v), ==, -EINVAL);
    g_assert_cmpint(v, ==, 12);
}

static void test_strtoui(void)
{
    unsigned int v;

    g_assert_cmpint(qemu_strtoui("4294967295", NULL, 0, &v), ==, 0);
    g_assert_cmpuint(v, ==, UINT_MAX);
    g_assert_cmpint(qemu_strtoui("4294967296", NULL, 0, &v), ==, -ERANGE);
    g_assert_cmpuint(v, ==, UINT_MAX);
    g_assert_cmpint(qemu_strtoui("-1", NULL, 0, &v), ==, 0);
    g_assert_cmpuint(v, ==, UINT_MAX);
    g_assert_cmpint(qemu_strtoui("-4294967295", NULL, 0, &v), ==, 0);
    g_assert_cmpuint(v, ==, 1);
    g_assert_cmpint(qemu_strtoui("-4294967296", NULL, 0, &v), ==, -ERANGE);
    g_assert_cmpuint(v, ==, UINT_MAX);
    /* The sign after any white space strtoull() skips, '\v' included. */
    g_assert_cmpint(qemu_strtoui("\v-1", NULL, 0, &v), ==, 0);
    g_assert_cmpuint(v, ==, UINT_MAX);
    g_assert_cmpint(qemu_strtoui("\v-2", NULL, 0, &v), ==, 0);
    g_assert_cmpuint(v, ==, UINT_MAX - 1);
}

static void test_strtol_ul(void)
{
    long l;
    unsigned long ul;

    g_assert_cmpint(qemu_strtol("-42", NULL, 0, &l), ==, 0);
    g_assert_cmpint(l, ==, -42);
    g_assert_cmpint(qemu_strtol("9223372036854775808", NULL, 0, &l), ==,
                    -ERANGE);
    g_assert_cmpint(l, ==, LONG_MAX);
    g_assert_cmpint(qemu_strtol("junk", NULL, 0, &l), ==, -EINVAL);
    g_assert_cmpint(l, ==, 0);

    g_assert_cmpint(qemu_strtoul("-1", NULL, 0, &ul), ==, 0);
    g_assert_cmpuint(ul, ==, ULONG_MAX);
    g_assert_cmpint(qemu_strtoul("18446744073709551616", NULL, 0, &ul), ==,
                    -ERANGE);
    g_assert_cmpuint(ul, ==, ULONG_MAX);
    g_assert_cmpint(qemu_strtoul("0777", NULL, 0, &ul), ==, 0);
    g_assert_cmpuint(ul, ==, 511);
}

static void test_parse_uint(void)
{
    const char *end;
    uint64_t v;

    g_assert_cmpint(parse_uint("123", &end, 10, &v), ==, 0);
    g_assert_cmpuint(v, ==, 123);
    g_assert_cmpstr(end, ==, "");
    g_assert_cmpint(parse_uint("0x1f rest", &end, 0, &v), ==, 0);
    g_assert_cmpuint(v, ==, 31);
    g_assert_cmpstr(end, ==, " rest");

    g_assert_cmpint(parse_uint(" -1", &end, 0, &v), ==, -ERANGE);
    g_assert_cmpuint(v, ==, 0);
    g_assert_cmpstr(end, ==, "");
    g_assert_cmpint(parse_uint("-0", &end, 0, &v), ==, -ERANGE);
    /* strtoull() skips '\v' too, so the sign behind it must be seen. */
    g_assert_cmpint(parse_uint("\v-1", &end, 0, &v), ==, -ERANGE);
    g_assert_cmpuint(v, ==, 0);
    g_assert_cmpint(parse_uint_full("\v\f-5", 10, &v), ==, -ERANGE);
    g_assert_cmpint(parse_uint("18446744073709551616", &end, 0, &v), ==,
                    -ERANGE);
    g_assert_cmpuint(v, ==, UINT64_MAX);

    v = 7;
    g_assert_cmpint(parse_uint("x", &end, 0, &v), ==, -EINVAL);
    g_assert_cmpuint(v, ==, 0);
    g_assert_cmpstr(end, ==, "x");
    g_assert_cmpint(parse_uint(NULL, &end, 0, &v), ==, -EINVAL);
    g_assert_null(end);

    g_assert_cmpint(parse_uint_full("42", 10, &v), ==, 0);
    g_assert_cmpuint(v, ==, 42);
    g_assert_cmpint(parse_uint_full("42 ", 10, &v), ==, -EINVAL);
    g_assert_cmpuint(v, ==, 0);
    g_assert_cmpint(parse_uint_full("", 10, &v), ==, -EINVAL);
    g_assert_cmpint(parse_uint_full("-5", 10, &v), ==, -ERANGE);
}

static void test_pstrcpy(void)
{
    char buf[4] = "zzz";

    pstrcpy(buf, sizeof(buf), "hello");
    g_assert_cmpstr(buf, ==, "hel");
    pstrcpy(buf, sizeof(buf), "a");
    g_assert_cmpstr(buf, ==, "a");
    pstrcpy(buf, 1, "bcd");
    g_assert_cmpstr(buf, ==, "");
    buf[0] = 'q';
    pstrcpy(buf, 0, "bcd");
    g_assert_cmpint(buf[0], ==, 'q');
}

static void test_strstart(void)
{
    const char *rest = NULL;

    g_assert_cmpint(strstart("tcp:host:1234", "tcp:", &rest), ==, 1);
    g_assert_cmpstr(rest, ==, "host:1234");
    g_assert_cmpint(strstart("tcp", "tcp", &rest), ==, 1);
    g_assert_cmpstr(rest, ==, "");
    rest = NULL;
    g_assert_cmpint(strstart("unix:/x", "tcp:", &rest), ==, 0);
    g_assert_null(rest);
    g_assert_cmpint(strstart("tc", "tcp", NULL), ==, 0);
    g_assert_cmpint(strstart("anything", "", NULL), ==, 1);
}

int main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);

    g_test_add_func("/util/cutils/strtosz/simple", test_strtosz_simple);
    g_test_add_func("/util/cutils/strtosz/units", test_strtosz_units);
    g_test_add_func("/util/cutils/strtosz/float", test_strtosz_float);
    g_test_add_func("/util/cutils/strtosz/hex", test_strtosz_hex);
    g_test_add_func("/util/cutils/strtosz/invalid", test_strtosz_invalid);
    g_test_add_func("/util/cutils/strtosz/trailing", test_strtosz_trailing);
    g_test_add_func("/util/cutils/strtosz/range", test_strtosz_range);
    g_test_add_func("/util/cutils/strtosz/metric", test_strtosz_metric);
    g_test_add_func("/util/cutils/strtosz/mib", test_strtosz_mib);
    g_test_add_func("/util/cutils/size-to-str/units", test_size_to_str);
    g_test_add_func("/util/cutils/strtou64/wrap-range-garbage", test_strtou64);
    g_test_add_func("/util/cutils/strtoi64/range", test_strtoi64);
    g_test_add_func("/util/cutils/strtoi/range", test_strtoi);
    g_test_add_func("/util/cutils/strtoui/wrap-range", test_strtoui);
    g_test_add_func("/util/cutils/strtol/range", test_strtol_ul);
    g_test_add_func("/util/cutils/parse-uint/cases", test_parse_uint);
    g_test_add_func("/util/cutils/pstrcpy/truncate", test_pstrcpy);
    g_test_add_func("/util/cutils/strstart/prefix", test_strstart);

    return g_test_run();
}
