/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Unit tests for util/uuid.c: generation, text form, parsing, bswap. */
#include "qemu/osdep.h"
#include "qemu/uuid.h"

/* clang-format off */
static const QemuUUID sample = {
    .data = {
        0x58, 0x6e, 0xce, 0x27, 0x7f, 0x09, 0x41, 0xe0,
        0x9e, 0x74, 0xe9, 0x01, 0x31, 0x7e, 0x9d, 0x42,
    },
};
/* clang-format on */
static const char sample_str[] = "586ece27-7f09-41e0-9e74-e901317e9d42";

static void test_generate(void)
{
    QemuUUID a, b;
    int i;

    for (i = 0; i < 100; i++) {
        qemu_uuid_generate(&a);
        qemu_uuid_generate(&b);
        /* Version 4, RFC variant. */
        g_assert_cmpint(a.data[6] >> 4, ==, 4);
        g_assert_cmpint(a.data[8] >> 6, ==, 2);
        g_assert_false(qemu_uuid_is_null(&a));
        /* 122 random bits: a repeat means the source is broken. */
        g_assert_false(qemu_uuid_is_equal(&a, &b));
    }
}

static void test_null_equal(void)
{
    QemuUUID nil = {0}, copy = sample;

    g_assert_true(qemu_uuid_is_null(&nil));
    g_assert_false(qemu_uuid_is_null(&sample));
    g_assert_true(qemu_uuid_is_equal(&sample, &copy));
    copy.data[15] ^= 1;
    g_assert_false(qemu_uuid_is_equal(&sample, &copy));
}

static void test_unparse(void)
{
    char buf[UUID_STR_LEN];
    g_autofree char *dup = NULL;
    QemuUUID nil = {0};

    memset(buf, 'x', sizeof(buf));
    qemu_uuid_unparse(&sample, buf);
    g_assert_cmpstr(buf, ==, sample_str);
    g_assert_cmpuint(strlen(buf), ==, UUID_FMT_LEN);

    dup = qemu_uuid_unparse_strdup(&sample);
    g_assert_cmpstr(dup, ==, sample_str);

    qemu_uuid_unparse(&nil, buf);
    g_assert_cmpstr(buf, ==, UUID_NONE);
}

static void test_parse(void)
{
    QemuUUID uuid;
    char buf[UUID_STR_LEN];
    int i;

    g_assert_cmpint(qemu_uuid_parse(sample_str, &uuid), ==, 0);
    g_assert_true(qemu_uuid_is_equal(&uuid, &sample));

    /* Upper case is accepted; output is always lower case. */
    g_assert_cmpint(
        qemu_uuid_parse("586ECE27-7F09-41E0-9E74-E901317E9D42", &uuid), ==, 0);
    g_assert_true(qemu_uuid_is_equal(&uuid, &sample));

    /* Round trip of random UUIDs. */
    for (i = 0; i < 100; i++) {
        QemuUUID a, b;

        qemu_uuid_generate(&a);
        qemu_uuid_unparse(&a, buf);
        g_assert_cmpint(qemu_uuid_parse(buf, &b), ==, 0);
        g_assert_true(qemu_uuid_is_equal(&a, &b));
    }
}

static void test_parse_invalid(void)
{
    static const char *const bad[] = {
        "",
        "586ece27-7f09-41e0-9e74-e901317e9d4",   /* short */
        "586ece27-7f09-41e0-9e74-e901317e9d421", /* long */
        "586ece27-7f09-41e0-9e74-e901317e9d42 ", /* trailing space */
        " 586ece27-7f09-41e0-9e74-e901317e9d4",  /* leading space */
        "586ece277f0941e09e74e901317e9d42",      /* no dashes */
        "586ece27-7f09-41e0-9e74e-901317e9d42",  /* dash moved */
        "586ece27_7f09_41e0_9e74_e901317e9d42",  /* wrong separator */
        "586ece27-7f09-41e0-9e74-e901317e9d4g",  /* not hex */
        "{86ece27-7f09-41e0-9e74-e901317e9d42",
        "+86ece27-7f09-41e0-9e74-e901317e9d42", /* sscanf would allow */
        "0x6ece27-7f09-41e0-9e74-e901317e9d42",
    };
    QemuUUID uuid = sample;
    size_t i;

    for (i = 0; i < ARRAY_SIZE(bad); i++) {
        if (qemu_uuid_parse(bad[i], &uuid) != -1) {
            g_error("accepted \"%s\"", bad[i]);
        }
        /* Untouched on failure. */
        g_assert_true(qemu_uuid_is_equal(&uuid, &sample));
    }
    g_assert_cmpint(qemu_uuid_parse(NULL, &uuid), ==, -1);
}

static void test_bswap(void)
{
    QemuUUID swapped = qemu_uuid_bswap(sample);
    static const unsigned char expect[16] = {
        0x27, 0xce, 0x6e, 0x58, 0x09, 0x7f, 0xe0, 0x41,
        0x9e, 0x74, 0xe9, 0x01, 0x31, 0x7e, 0x9d, 0x42,
    };
    QemuUUID back;

    g_assert_cmpmem(swapped.data, 16, expect, 16);
    back = qemu_uuid_bswap(swapped);
    g_assert_true(qemu_uuid_is_equal(&back, &sample));
}

int main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);

    g_test_add_func("/util/uuid/generate/v4-unique", test_generate);
    g_test_add_func("/util/uuid/compare/null-equal", test_null_equal);
    g_test_add_func("/util/uuid/unparse/lowercase", test_unparse);
    g_test_add_func("/util/uuid/parse/valid", test_parse);
    g_test_add_func("/util/uuid/parse/invalid", test_parse_invalid);
    g_test_add_func("/util/uuid/bswap/fields", test_bswap);

    return g_test_run();
}
