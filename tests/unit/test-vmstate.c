/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Unit tests of the vmstate engine (migration/vmstate*.c) and the
 * section registry (migration/savevm-registry.c): byte-exact encodings,
 * round trips, version and subsection rules, hostile input.
 */
#include "qemu/osdep.h"
#include "qapi/error.h"
#include "io/channel-buffer.h"
#include "migration/qemu-file.h"
#include "migration/savevm.h"
#include "migration/vmstate.h"

/* Save @vmsd; returns the bytes (caller frees) and the result in *ret. */
static GByteArray *save_bytes(const VMStateDescription *vmsd, void *opaque,
                              JSONWriter *vmdesc, int *ret, Error **errp)
{
    QIOChannelBuffer *bioc = qio_channel_buffer_new(0);
    QEMUFile *f = qemu_file_new_output(QIO_CHANNEL(bioc));
    GByteArray *out = g_byte_array_new();

    *ret = vmstate_save_state(f, vmsd, opaque, vmdesc, errp);
    qemu_fflush(f);
    g_byte_array_append(out, bioc->data, bioc->usage);
    g_assert_cmpint(qemu_fclose(f), ==, 0);
    qio_channel_unref(QIO_CHANNEL(bioc));
    return out;
}

/* An input file on a copy of @len bytes (@len may be 0). */
static QEMUFile *input_file(const uint8_t *bytes, size_t len,
                            QIOChannelBuffer **bioc)
{
    *bioc = qio_channel_buffer_new_data(len ? bytes : (const uint8_t *)"",
                                        len);
    return qemu_file_new_input(QIO_CHANNEL(*bioc));
}

static GByteArray *save_ok(const VMStateDescription *vmsd, void *opaque)
{
    int ret;
    GByteArray *out = save_bytes(vmsd, opaque, NULL, &ret, &error_abort);

    g_assert_cmpint(ret, ==, 0);
    return out;
}

/*
 * Load @len bytes as @vmsd at @version.  With @footer, the bytes must be
 * followed by the section footer byte 0x7e (as in a real section), which
 * the helper appends and then requires to be the next byte: a load that
 * stops early or reads too far fails.
 */
static int load_bytes(const VMStateDescription *vmsd, void *opaque,
                      int version, const uint8_t *bytes, size_t len,
                      bool footer, Error **errp)
{
    g_autoptr(GByteArray) in = g_byte_array_new();
    QIOChannelBuffer *bioc;
    QEMUFile *f;
    int ret;

    g_byte_array_append(in, bytes, len);
    if (footer) {
        g_byte_array_append(in, (const uint8_t *)"\x7e", 1);
    }
    f = input_file(in->data, in->len, &bioc);
    ret = vmstate_load_state(f, vmsd, opaque, version, errp);
    if (ret == 0 && footer) {
        uint8_t next = qemu_get_byte(f);

        if (qemu_file_get_error(f) || next != 0x7e) {
            error_setg(errp, "no footer after the section (0x%02x)", next);
            ret = -EINVAL;
        }
    }
    qemu_fclose(f);
    qio_channel_unref(QIO_CHANNEL(bioc));
    return ret;
}

static void assert_bytes(GByteArray *got, const char *hex)
{
    g_autofree char *got_hex = g_malloc0(got->len * 2 + 1);
    guint i;

    for (i = 0; i < got->len; i++) {
        sprintf(got_hex + 2 * i, "%02x", got->data[i]);
    }
    g_assert_cmpstr(got_hex, ==, hex);
}

static GByteArray *hex_bytes(const char *hex)
{
    GByteArray *b = g_byte_array_new();
    size_t i, n = strlen(hex);

    g_assert(n % 2 == 0);
    for (i = 0; i < n; i += 2) {
        char pair[3] = { hex[i], hex[i + 1], 0 };
        guint8 v = strtoul(pair, NULL, 16);

        g_byte_array_append(b, &v, 1);
    }
    return b;
}

/* Expect a load failure whose message contains @needle. */
static void load_fails(const VMStateDescription *vmsd, void *opaque,
                       int version, const char *hex, const char *needle)
{
    g_autoptr(GByteArray) in = hex_bytes(hex);
    Error *err = NULL;

    g_assert_cmpint(load_bytes(vmsd, opaque, version, in->data, in->len,
                               true, &err), <, 0);
    g_assert(err);
    if (!strstr(error_get_pretty(err), needle)) {
        g_error("'%s' does not contain '%s'", error_get_pretty(err), needle);
    }
    error_free(err);
}

static void load_ok(const VMStateDescription *vmsd, void *opaque,
                    int version, const char *hex)
{
    g_autoptr(GByteArray) in = hex_bytes(hex);

    g_assert_cmpint(load_bytes(vmsd, opaque, version, in->data, in->len,
                               true, &error_abort), ==, 0);
}

/* Scalars */

typedef struct Scalars {
    bool b;
    int8_t i8;
    int16_t i16;
    int32_t i32;
    int64_t i64;
    uint8_t u8;
    uint16_t u16;
    uint32_t u32;
    uint64_t u64;
    double d;
} Scalars;

static const VMStateDescription vmstate_scalars = {
    .name = "scalars",
    .version_id = 1,
    .minimum_version_id = 1,
    .fields = (const VMStateField[]) {
        VMSTATE_BOOL(b, Scalars),
        VMSTATE_INT8(i8, Scalars),
        VMSTATE_INT16(i16, Scalars),
        VMSTATE_INT32(i32, Scalars),
        VMSTATE_INT64(i64, Scalars),
        VMSTATE_UINT8(u8, Scalars),
        VMSTATE_UINT16(u16, Scalars),
        VMSTATE_UINT32(u32, Scalars),
        VMSTATE_UINT64(u64, Scalars),
        VMSTATE_FLOAT64(d, Scalars),
        VMSTATE_END_OF_LIST()
    },
};

#define SCALARS_HEX                                                           \
    "01" "fe" "fffd" "fffffffc" "fffffffffffffffb"                            \
    "06" "0708" "090a0b0c" "0d0e0f1011121314" "3ff8000000000000"

static void test_scalars(void)
{
    Scalars s = {
        true, -2, -3, -4, -5, 6, 0x0708, 0x090a0b0c, 0x0d0e0f1011121314, 1.5,
    };
    Scalars t = { 0 };
    g_autoptr(GByteArray) out = save_ok(&vmstate_scalars, &s);

    assert_bytes(out, SCALARS_HEX);
    load_ok(&vmstate_scalars, &t, 1, SCALARS_HEX);
    g_assert(t.b && t.i8 == -2 && t.i16 == -3 && t.i32 == -4);
    g_assert(t.i64 == -5 && t.u8 == 6 && t.u16 == 0x0708);
    g_assert(t.u32 == 0x090a0b0c && t.u64 == 0x0d0e0f1011121314);
    g_assert(t.d == 1.5);
}

typedef struct Checks {
    uint8_t u8;
    uint16_t u16;
    uint32_t u32;
    uint64_t u64;
    int32_t i32;
    int32_t le;
} Checks;

static const VMStateDescription vmstate_checks = {
    .name = "checks",
    .version_id = 1,
    .fields = (const VMStateField[]) {
        VMSTATE_UINT8_EQUAL(u8, Checks),
        VMSTATE_UINT16_EQUAL(u16, Checks),
        VMSTATE_UINT32_EQUAL(u32, Checks),
        VMSTATE_UINT64_EQUAL(u64, Checks),
        VMSTATE_INT32_EQUAL(i32, Checks),
        VMSTATE_INT32_POSITIVE_LE(le, Checks),
        VMSTATE_END_OF_LIST()
    },
};

static void test_equal(void)
{
    Checks c = { 1, 2, 3, 4, -5, 10 };

    load_ok(&vmstate_checks, &c, 1,
            "01" "0002" "00000003" "0000000000000004" "fffffffb" "00000007");
    g_assert_cmpint(c.le, ==, 7);
    load_fails(&vmstate_checks, &c, 1,
               "01" "0002" "0000000a" "0000000000000004" "fffffffb"
               "00000007", "Failed to load checks:u32: 3 != a");
    load_fails(&vmstate_checks, &c, 1, "02", "checks:u8: 1 != 2");
    load_fails(&vmstate_checks, &c, 1,
               "01" "0002" "00000003" "0000000000000004" "fffffffb"
               "00000008", "Invalid value 8 expecting positive value <= 7");
    load_fails(&vmstate_checks, &c, 1,
               "01" "0002" "00000003" "0000000000000004" "fffffffb"
               "ffffffff", "Invalid value -1");
}

/* Arrays, buffers, strings, pointers */

typedef struct Arrays {
    uint16_t fixed[3];
    uint32_t count;
    uint32_t *var;              /* VARRAY_UINT32_ALLOC, max 4 */
    uint8_t sub_n;
    uint32_t pad;
    uint32_t sub[4];            /* first sub_n32 travel */
    uint32_t sub_n32;
    uint8_t buf[4];
    uint32_t vlen;
    uint8_t *vbuf;              /* VBUFFER_ALLOC_UINT32, max 8 */
    char *str;
    uint32_t *ptrs[3];
} Arrays;

static const VMStateDescription vmstate_arrays = {
    .name = "arrays",
    .version_id = 1,
    .fields = (const VMStateField[]) {
        VMSTATE_UINT16_ARRAY(fixed, Arrays, 3),
        VMSTATE_UINT32(count, Arrays),
        VMSTATE_VARRAY_UINT32_ALLOC(var, Arrays, count, 0,
                                    vmstate_info_uint32, uint32_t, 4),
        VMSTATE_UINT32(sub_n32, Arrays),
        VMSTATE_UINT32_SUB_VARRAY_UINT32(sub, Arrays, sub_n32),
        VMSTATE_BUFFER(buf, Arrays),
        VMSTATE_UINT32(vlen, Arrays),
        VMSTATE_VBUFFER_ALLOC_UINT32(vbuf, Arrays, 0, NULL, vlen, 8),
        VMSTATE_COUNTED_STRING(str, Arrays),
        VMSTATE_ARRAY_OF_POINTER(ptrs, Arrays, 3, 0, vmstate_info_uint32,
                                 uint32_t *),
        VMSTATE_END_OF_LIST()
    },
};

#define ARRAYS_HEX                                                            \
    "000100020003" "00000002" "0000000a0000000b"                              \
    "00000001" "00000063" "deadbeef" "00000003" "616263" "02" "6869"          \
    "00000005" "30" "00000006"

static void arrays_free(Arrays *a)
{
    g_free(a->var);
    g_free(a->vbuf);
    g_free(a->str);
}

static void test_arrays(void)
{
    uint32_t var[2] = { 10, 11 }, p0 = 5, p2 = 6, q0 = 0, q2 = 0;
    Arrays a = {
        .fixed = { 1, 2, 3 }, .count = 2, .var = var, .sub = { 99, 98 },
        .sub_n32 = 1, .buf = { 0xde, 0xad, 0xbe, 0xef }, .vlen = 3,
        .vbuf = (uint8_t *)"abc", .str = (char *)"hi",
        .ptrs = { &p0, NULL, &p2 },
    };
    Arrays b = { .ptrs = { &q0, NULL, &q2 } };
    g_autoptr(GByteArray) out = save_ok(&vmstate_arrays, &a);

    assert_bytes(out, ARRAYS_HEX);
    load_ok(&vmstate_arrays, &b, 1, ARRAYS_HEX);
    g_assert_cmpint(b.fixed[2], ==, 3);
    g_assert_cmpint(b.count, ==, 2);
    g_assert_cmpint(b.var[0], ==, 10);
    g_assert_cmpint(b.var[1], ==, 11);
    g_assert_cmpint(b.sub[0], ==, 99);
    g_assert_cmpint(b.sub[1], ==, 0);
    g_assert(memcmp(b.vbuf, "abc", 3) == 0);
    g_assert_cmpstr(b.str, ==, "hi");
    g_assert_cmpint(q0, ==, 5);
    g_assert_cmpint(q2, ==, 6);

    /* Loading again frees and replaces the allocations (no leak) */
    load_ok(&vmstate_arrays, &b, 1, ARRAYS_HEX);
    arrays_free(&b);
}

static void test_arrays_hostile(void)
{
    uint32_t q0 = 0, q2 = 0;
    Arrays b = { .ptrs = { &q0, NULL, &q2 } };

    /* VARRAY count beyond its limit, from the stream */
    load_fails(&vmstate_arrays, &b, 1, "000100020003" "00000005",
               "Failed to load arrays:var: element count 5 is out of range "
               "(maximum 4)");
    load_fails(&vmstate_arrays, &b, 1,
               "000100020003" "ffffffff", "element count 4294967295");
    /* Count of an in-struct array beyond the array */
    load_fails(&vmstate_arrays, &b, 1,
               "000100020003" "00000000" "00000005",
               "arrays:sub: element count 5 is out of range (maximum 4)");
    /* VBUFFER size beyond its limit */
    load_fails(&vmstate_arrays, &b, 1,
               "000100020003" "00000000" "00000000" "deadbeef" "00000009",
               "arrays:vbuf: size 9 is out of range (maximum 8)");
    load_fails(&vmstate_arrays, &b, 1,
               "000100020003" "00000000" "00000000" "deadbeef" "80000000",
               "size 2147483648 is out of range");
    /* String with a NUL inside */
    load_fails(&vmstate_arrays, &b, 1,
               "000100020003" "00000000" "00000000" "deadbeef" "00000000"
               "026100", "contains a NUL byte");
    /* Wrong NULL marker */
    load_fails(&vmstate_arrays, &b, 1,
               "000100020003" "00000000" "00000000" "deadbeef" "00000000"
               "00" "00000005" "31", "expected the NULL pointer marker 0x30, "
               "got 0x31");
    arrays_free(&b);
}

/* Nested structures, versions, subsections */

typedef struct Inner {
    uint16_t a;
    uint8_t b;
} Inner;

static const VMStateDescription vmstate_inner = {
    .name = "inner",
    .version_id = 2,
    .minimum_version_id = 1,
    .fields = (const VMStateField[]) {
        VMSTATE_UINT16(a, Inner),
        VMSTATE_UINT8_V(b, Inner, 2),
        VMSTATE_END_OF_LIST()
    },
};

typedef struct Outer {
    uint32_t x;
    Inner one;
    Inner arr[2];
    int32_t n;
    Inner *dyn;
    uint64_t since3;
    uint32_t tested;
    bool has_tested;
    uint32_t extra;
    bool want_extra;
    uint8_t more;
    int post_loads;
} Outer;

static bool outer_has_tested(void *opaque, int version_id)
{
    return ((Outer *)opaque)->has_tested;
}

static bool outer_extra_needed(void *opaque)
{
    return ((Outer *)opaque)->want_extra;
}

static const VMStateDescription vmstate_outer_extra = {
    .name = "outer/extra",
    .version_id = 1,
    .minimum_version_id = 1,
    .needed = outer_extra_needed,
    .fields = (const VMStateField[]) {
        VMSTATE_UINT32(extra, Outer),
        VMSTATE_END_OF_LIST()
    },
};

static const VMStateDescription vmstate_outer_more = {
    .name = "outer/more",
    .version_id = 2,
    .minimum_version_id = 2,
    .fields = (const VMStateField[]) {
        VMSTATE_UINT8(more, Outer),
        VMSTATE_END_OF_LIST()
    },
};

static int outer_post_load(void *opaque, int version_id)
{
    ((Outer *)opaque)->post_loads++;
    return 0;
}

static const VMStateDescription vmstate_outer = {
    .name = "outer",
    .version_id = 3,
    .minimum_version_id = 2,
    .post_load = outer_post_load,
    .fields = (const VMStateField[]) {
        VMSTATE_UINT32(x, Outer),
        VMSTATE_STRUCT(one, Outer, 0, vmstate_inner, Inner),
        VMSTATE_STRUCT_ARRAY(arr, Outer, 2, 0, vmstate_inner, Inner),
        VMSTATE_INT32(n, Outer),
        VMSTATE_STRUCT_VARRAY_ALLOC(dyn, Outer, n, 0, vmstate_inner, Inner,
                                    3),
        VMSTATE_UINT64_V(since3, Outer, 3),
        VMSTATE_UINT32_TEST(tested, Outer, outer_has_tested),
        VMSTATE_UNUSED(2),
        VMSTATE_END_OF_LIST()
    },
    .subsections = (const VMStateDescription *const[]) {
        &vmstate_outer_extra,
        &vmstate_outer_more,
        NULL
    },
};

#define OUTER_FIELDS_V3                                                       \
    "00000001" "000203" "000405" "000607" "00000001" "000809"                 \
    "000000000000000a" "0000"
#define OUTER_EXTRA "05" "0b" "6f757465722f6578747261" "00000001" "0000000c"
#define OUTER_MORE "05" "0a" "6f757465722f6d6f7265" "00000002" "0d"
#define OUTER_MORE_ZERO "05" "0a" "6f757465722f6d6f7265" "00000002" "00"

static void test_struct_round_trip(void)
{
    Inner dyn = { 8, 9 };
    Outer o = {
        .x = 1, .one = { 2, 3 }, .arr = { { 4, 5 }, { 6, 7 } }, .n = 1,
        .dyn = &dyn, .since3 = 10, .extra = 12, .more = 13,
    };
    Outer p = { 0 };
    g_autoptr(GByteArray) out = save_ok(&vmstate_outer, &o);

    /* extra not needed: absent; more has no needed(): always sent */
    assert_bytes(out, OUTER_FIELDS_V3 OUTER_MORE);
    load_ok(&vmstate_outer, &p, 3, OUTER_FIELDS_V3 OUTER_MORE);
    g_assert_cmpint(p.one.b, ==, 3);
    g_assert_cmpint(p.arr[1].a, ==, 6);
    g_assert_cmpint(p.dyn[0].b, ==, 9);
    g_assert_cmpint(p.since3, ==, 10);
    g_assert_cmpint(p.more, ==, 13);
    g_assert_cmpint(p.extra, ==, 0);
    g_assert_cmpint(p.post_loads, ==, 1);
    g_free(p.dyn);
}

static void test_versions(void)
{
    Outer o = { .n = 0, .has_tested = true, .tested = 0x11 };
    Outer p = { .has_tested = true, .since3 = 77 };
    g_autoptr(GByteArray) out = save_ok(&vmstate_outer, &o);

    /* field_exists alone decides: "tested" travels, after since3 */
    assert_bytes(out, "00000000" "000000" "000000" "000000" "00000000"
                 "0000000000000000" "00000011" "0000" OUTER_MORE_ZERO);
    /* A version 2 stream has no since3: it keeps its local value */
    load_ok(&vmstate_outer, &p, 2,
            "00000001" "000203" "000405" "000607" "00000000"
            "00000022" "0000");
    g_assert_cmpint(p.since3, ==, 77);
    g_assert_cmpint(p.tested, ==, 0x22);
    g_free(p.dyn);

    load_fails(&vmstate_outer, &p, 4, "",
               "outer: incoming version_id 4 is too new for local "
               "version_id 3");
    load_fails(&vmstate_outer, &p, 1, "",
               "outer: incoming version_id 1 is too old for local minimum "
               "version_id 2");
}

static void test_subsections(void)
{
    Outer o = { .want_extra = true, .extra = 12, .more = 13 };
    Outer p = { 0 };
    g_autoptr(GByteArray) out = save_ok(&vmstate_outer, &o);

    assert_bytes(out, "00000000" "000000" "000000" "000000" "00000000"
                 "0000000000000000" "0000" OUTER_EXTRA OUTER_MORE);
    /* Any order, any subset */
    load_ok(&vmstate_outer, &p, 3, OUTER_FIELDS_V3 OUTER_MORE OUTER_EXTRA);
    g_assert_cmpint(p.extra, ==, 12);
    g_assert_cmpint(p.more, ==, 13);
    load_ok(&vmstate_outer, &p, 3, OUTER_FIELDS_V3);
    g_free(p.dyn);
    p.dyn = NULL;

    /* Unknown name with our prefix: fatal, naming both */
    load_fails(&vmstate_outer, &p, 3,
               OUTER_FIELDS_V3 "05" "0b" "6f757465722f6578747258"
               "00000001" "0000000c",
               "VM subsection 'outer/extrX' in 'outer' does not exist");
    g_free(p.dyn);
    p.dyn = NULL;
    /* Subsection version outside its range */
    load_fails(&vmstate_outer, &p, 3,
               OUTER_FIELDS_V3 "05" "0a" "6f757465722f6d6f7265" "00000001"
               "0d",
               "Loading VM subsection 'outer/more' in 'outer' failed: -22: "
               "outer/more: incoming version_id 1 is too old for local "
               "minimum version_id 2");
    g_free(p.dyn);
    p.dyn = NULL;
    load_fails(&vmstate_outer, &p, 3,
               OUTER_FIELDS_V3 "05" "0a" "6f757465722f6d6f7265" "80000002"
               "0d", "version_id 2147483650 is out of range");
    g_free(p.dyn);
}

static void test_subsection_other_prefix(void)
{
    /* A 0x05 record that is not ours ends our subsections, unconsumed */
    g_autoptr(GByteArray) in = hex_bytes(OUTER_FIELDS_V3
                                         "05" "06" "6f746865722f");
    QIOChannelBuffer *bioc;
    QEMUFile *f = input_file(in->data, in->len, &bioc);
    Outer p = { 0 };

    g_assert_cmpint(vmstate_load_state(f, &vmstate_outer, &p, 3,
                                       &error_abort), ==, 0);
    g_assert_cmpint(qemu_get_byte(f), ==, 0x05);
    g_assert_cmpint(qemu_get_byte(f), ==, 0x06);
    g_assert_cmpint(qemu_file_get_error(f), ==, 0);
    qemu_fclose(f);
    qio_channel_unref(QIO_CHANNEL(bioc));
    g_free(p.dyn);
}

/* Hostile input: every truncation and every single-bit flip */

#define SAMPLE_HEX OUTER_FIELDS_V3 OUTER_EXTRA OUTER_MORE

static void test_truncated(void)
{
    g_autoptr(GByteArray) in = hex_bytes(SAMPLE_HEX);
    /* Cut between whole subsections: a shorter but valid section */
    guint fields_len = strlen(OUTER_FIELDS_V3) / 2;
    guint extra_end = fields_len + strlen(OUTER_EXTRA) / 2;
    guint len;

    for (len = 0; len < in->len; len++) {
        Outer p = { 0 };
        Error *err = NULL;
        int ret = load_bytes(&vmstate_outer, &p, 3, in->data, len, true,
                             &err);

        if (len == fields_len || len == extra_end) {
            g_assert_cmpint(ret, ==, 0);
        } else {
            g_assert_cmpint(ret, <, 0);
            g_assert(err);
        }
        error_free(err);
        g_free(p.dyn);
    }
}

static void test_bit_flips(void)
{
    g_autoptr(GByteArray) in = hex_bytes(SAMPLE_HEX);
    guint bit, failed = 0;

    for (bit = 0; bit < in->len * 8; bit++) {
        Outer p = { 0 };
        Error *err = NULL;
        int ret;

        in->data[bit / 8] ^= 1 << (bit % 8);
        ret = load_bytes(&vmstate_outer, &p, 3, in->data, in->len, true,
                         &err);
        in->data[bit / 8] ^= 1 << (bit % 8);
        g_assert((ret < 0) == (err != NULL));
        failed += ret < 0;
        error_free(err);
        g_free(p.dyn);
    }
    /* Counts, markers and names flipped must have been caught */
    g_assert_cmpint(failed, >, 0);
}

/* Recorded QEMU 7.2 bytes */

/*
 * From /work/shared/vectors/qemu-7.2/streams/none-anon-cap-x-ignore-shared
 * .mig, offsets 0x09..0x44: the configuration record after its 0x07 byte
 * (machine "none", capability x-ignore-shared).
 */
#define QEMU72_CONFIGURATION                                                  \
    "000000046e6f6e65" "051a636f6e66696775726174696f6e2f6361706162696c69"  \
    "74696573" "00000001" "00000001" "0f782d69676e6f72652d736861726564"

typedef struct Config {
    uint32_t len;
    uint8_t *name;
    uint32_t caps_count;
    char **caps;
} Config;

static bool config_caps_needed(void *opaque)
{
    return ((Config *)opaque)->caps_count > 0;
}

static const VMStateDescription vmstate_config_caps = {
    .name = "configuration/capabilities",
    .version_id = 1,
    .minimum_version_id = 1,
    .needed = config_caps_needed,
    .fields = (const VMStateField[]) {
        VMSTATE_UINT32_V(caps_count, Config, 1),
        VMSTATE_VARRAY_UINT32_ALLOC(caps, Config, caps_count, 1,
                                    vmstate_info_counted_string, char *, 64),
        VMSTATE_END_OF_LIST()
    },
};

static const VMStateDescription vmstate_config = {
    .name = "configuration",
    .version_id = 1,
    .fields = (const VMStateField[]) {
        VMSTATE_UINT32(len, Config),
        VMSTATE_VBUFFER_ALLOC_UINT32(name, Config, 0, NULL, len, 255),
        VMSTATE_END_OF_LIST()
    },
    .subsections = (const VMStateDescription *const[]) {
        &vmstate_config_caps,
        NULL
    },
};

static void test_qemu72_configuration(void)
{
    char *caps[] = { (char *)"x-ignore-shared" };
    Config c = { 4, (uint8_t *)"none", 1, caps };
    Config d = { 0 };
    g_autoptr(GByteArray) out = save_ok(&vmstate_config, &c);

    assert_bytes(out, QEMU72_CONFIGURATION);
    /* The destination loads the configuration as version 0 */
    load_ok(&vmstate_config, &d, 0, QEMU72_CONFIGURATION);
    g_assert_cmpint(d.len, ==, 4);
    g_assert(memcmp(d.name, "none", 4) == 0);
    g_assert_cmpint(d.caps_count, ==, 1);
    g_assert_cmpstr(d.caps[0], ==, "x-ignore-shared");
    g_free(d.caps[0]);
    g_free(d.caps);
    g_free(d.name);
}

typedef struct GlobalState72 {
    uint32_t size;
    uint8_t runstate[100];
} GlobalState72;

typedef struct GlobalState {
    uint32_t size;
    uint8_t runstate[32];
    bool has_vm_was_suspended;
    bool vm_was_suspended;
} GlobalState;

static const VMStateDescription vmstate_globalstate72 = {
    .name = "globalstate",
    .version_id = 1,
    .minimum_version_id = 1,
    .fields = (const VMStateField[]) {
        VMSTATE_UINT32(size, GlobalState72),
        VMSTATE_BUFFER(runstate, GlobalState72),
        VMSTATE_END_OF_LIST()
    },
};

/* The 9.0+ layout (wire-format.md 1.6) reads the same bytes. */
static const VMStateDescription vmstate_globalstate = {
    .name = "globalstate",
    .version_id = 1,
    .minimum_version_id = 1,
    .fields = (const VMStateField[]) {
        VMSTATE_UINT32(size, GlobalState),
        VMSTATE_BUFFER(runstate, GlobalState),
        VMSTATE_BOOL(has_vm_was_suspended, GlobalState),
        VMSTATE_BOOL(vm_was_suspended, GlobalState),
        VMSTATE_UNUSED(66),
        VMSTATE_END_OF_LIST()
    },
};

/*
 * From /work/shared/vectors/qemu-7.2/streams/none-anon.mig, offsets
 * 0x240b4..0x2411b: the 104 data bytes of the "globalstate" FULL section:
 * be32 10, "prelaunch", 91 zero bytes.
 */
static char *globalstate72_hex(void)
{
    GString *hex = g_string_new("0000000a7072656c61756e6368");
    int i;

    for (i = 9; i < 100; i++) {
        g_string_append(hex, "00");
    }
    return g_string_free(hex, false);
}

static void test_qemu72_globalstate(void)
{
    g_autofree char *hex = globalstate72_hex();
    GlobalState72 s72 = { .size = 10, .runstate = "prelaunch" };
    GlobalState s = { .size = 10, .runstate = "prelaunch",
                      .has_vm_was_suspended = true };
    GlobalState t = { 0 };
    g_autoptr(GByteArray) out72 = save_ok(&vmstate_globalstate72, &s72);
    g_autoptr(GByteArray) out = NULL;

    assert_bytes(out72, hex);
    load_ok(&vmstate_globalstate, &t, 1, hex);
    g_assert_cmpint(t.size, ==, 10);
    g_assert_cmpstr((char *)t.runstate, ==, "prelaunch");
    g_assert_false(t.has_vm_was_suspended);

    /* 9.0+: byte 36 carries has_vm_was_suspended */
    out = save_ok(&vmstate_globalstate, &s);
    g_assert_cmpint(out->len, ==, 104);
    g_assert_cmpint(out->data[36], ==, 1);
    g_assert_cmpint(out->data[37], ==, 0);
}

/* JSON description */

typedef struct Timer72 {
    int64_t cpu_ticks_offset;
    int64_t cpu_clock_offset;
} Timer72;

static const VMStateDescription vmstate_timer72 = {
    .name = "timer",
    .version_id = 2,
    .minimum_version_id = 1,
    .fields = (const VMStateField[]) {
        VMSTATE_INT64(cpu_ticks_offset, Timer72),
        VMSTATE_UNUSED(8),
        VMSTATE_INT64_V(cpu_clock_offset, Timer72, 2),
        VMSTATE_END_OF_LIST()
    },
};

/* From none-anon.mig at 0x24127: the VMDESCRIPTION JSON, 486 bytes. */
static const char qemu72_vmdesc[] =
    "{\"page_size\": 4096, \"devices\": [{\"name\": \"timer\", "
    "\"instance_id\": 0, \"vmsd_name\": \"timer\", \"version\": 2, "
    "\"fields\": [{\"name\": \"cpu_ticks_offset\", \"type\": \"int64\", "
    "\"size\": 8}, {\"name\": \"unused\", \"type\": \"unused_buffer\", "
    "\"size\": 8}, {\"name\": \"cpu_clock_offset\", \"type\": \"int64\", "
    "\"size\": 8}]}, {\"name\": \"globalstate\", \"instance_id\": 0, "
    "\"vmsd_name\": \"globalstate\", \"version\": 1, \"fields\": "
    "[{\"name\": \"size\", \"type\": \"uint32\", \"size\": 4}, "
    "{\"name\": \"runstate\", \"type\": \"buffer\", \"size\": 100}]}]}";

static void save_described(JSONWriter *vmdesc, const char *idstr,
                           const VMStateDescription *vmsd, void *opaque)
{
    g_autoptr(GByteArray) out = NULL;
    int ret;

    json_writer_start_object(vmdesc, NULL);
    json_writer_str(vmdesc, "name", idstr);
    json_writer_int64(vmdesc, "instance_id", 0);
    out = save_bytes(vmsd, opaque, vmdesc, &ret, &error_abort);
    g_assert_cmpint(ret, ==, 0);
    json_writer_end_object(vmdesc);
}

static void test_vmdesc_qemu72(void)
{
    JSONWriter *vmdesc = json_writer_new();
    Timer72 timer = { 0 };
    GlobalState72 gs = { .size = 10, .runstate = "prelaunch" };

    g_assert_cmpint(strlen(qemu72_vmdesc), ==, 486);
    json_writer_start_object(vmdesc, NULL);
    json_writer_int64(vmdesc, "page_size", 4096);
    json_writer_start_array(vmdesc, "devices");
    save_described(vmdesc, "timer", &vmstate_timer72, &timer);
    save_described(vmdesc, "globalstate", &vmstate_globalstate72, &gs);
    json_writer_end_array(vmdesc);
    json_writer_end_object(vmdesc);
    g_assert_cmpstr(json_writer_get(vmdesc), ==, qemu72_vmdesc);
    json_writer_free(vmdesc);
}

#define INNER_DESC                                                            \
    "\"struct\": {\"vmsd_name\": \"inner\", \"version\": 2, \"fields\": "     \
    "[{\"name\": \"a\", \"type\": \"uint16\", \"size\": 2}, {\"name\": "      \
    "\"b\", \"type\": \"uint8\", \"size\": 1}]}, \"size\": 3}"

static void test_vmdesc_nested(void)
{
    Inner dyn = { 1, 2 };
    Outer o = { .n = 1, .dyn = &dyn };
    JSONWriter *vmdesc = json_writer_new();
    g_autoptr(GByteArray) out = NULL;
    g_autoptr(GString) json = NULL;
    int ret;

    json_writer_start_object(vmdesc, NULL);
    out = save_bytes(&vmstate_outer, &o, vmdesc, &ret, &error_abort);
    json_writer_end_object(vmdesc);
    json = json_writer_get_and_free(vmdesc);
    g_assert_cmpstr(json->str, ==,
        "{\"vmsd_name\": \"outer\", \"version\": 3, \"fields\": ["
        "{\"name\": \"x\", \"type\": \"uint32\", \"size\": 4}, "
        "{\"name\": \"one\", \"type\": \"struct\", " INNER_DESC ", "
        "{\"name\": \"arr\", \"array_len\": 2, \"type\": \"struct\", "
        INNER_DESC ", "
        "{\"name\": \"n\", \"type\": \"int32\", \"size\": 4}, "
        "{\"name\": \"dyn\", \"type\": \"struct\", " INNER_DESC ", "
        "{\"name\": \"since3\", \"type\": \"uint64\", \"size\": 8}, "
        "{\"name\": \"unused\", \"type\": \"unused_buffer\", \"size\": 2}], "
        "\"subsections\": [{\"vmsd_name\": \"outer/more\", \"version\": 2, "
        "\"fields\": [{\"name\": \"more\", \"type\": \"uint8\", "
        "\"size\": 1}]}]}");
}

static void test_json_writer(void)
{
    JSONWriter *w = json_writer_new();

    json_writer_start_object(w, NULL);
    json_writer_str(w, "s", "a\"b\\c\n");
    json_writer_bool(w, "t", true);
    json_writer_null(w, "n");
    json_writer_uint64(w, "u", UINT64_MAX);
    json_writer_start_array(w, "a");
    json_writer_int64(w, NULL, -1);
    json_writer_start_object(w, NULL);
    json_writer_end_object(w);
    json_writer_start_array(w, NULL);
    json_writer_end_array(w);
    json_writer_end_array(w);
    json_writer_end_object(w);
    g_assert_cmpstr(json_writer_get(w), ==,
                    "{\"s\": \"a\\\"b\\\\c\\n\", \"t\": true, \"n\": null, "
                    "\"u\": 18446744073709551615, \"a\": [-1, {}, []]}");
    json_writer_free(w);
}

/* Failing hooks and validation */

static int fail_pre_save(void *opaque)
{
    return -EIO;
}

static int post_saves;

static int count_post_save(void *opaque)
{
    post_saves++;
    return 0;
}

static bool never(void *opaque, int version_id)
{
    return false;
}

static bool reject_post_load(void *opaque, int version_id, Error **errp)
{
    error_setg(errp, "value %u not supported", *(uint8_t *)opaque);
    return false;
}

static const VMStateDescription vmstate_hooks = {
    .name = "hooks",
    .version_id = 1,
    .pre_save = fail_pre_save,
    .post_save = count_post_save,
    .post_load_errp = reject_post_load,
    .fields = (const VMStateField[]) {
        VMSTATE_UINT8(u8, Checks),
        VMSTATE_END_OF_LIST()
    },
};

static const VMStateDescription vmstate_validate = {
    .name = "validate",
    .version_id = 1,
    .fields = (const VMStateField[]) {
        VMSTATE_UINT8(u8, Checks),
        VMSTATE_VALIDATE("u8 is sane", never),
        VMSTATE_END_OF_LIST()
    },
};

static void test_hooks(void)
{
    Checks c = { 0 };
    Error *err = NULL;
    g_autoptr(GByteArray) out = NULL;
    int ret;

    out = save_bytes(&vmstate_hooks, &c, NULL, &ret, &err);
    g_assert_cmpint(ret, ==, -EIO);
    g_assert_cmpstr(error_get_pretty(err), ==, "pre-save failed: hooks");
    error_free(err);
    g_assert_cmpint(post_saves, ==, 0);

    load_fails(&vmstate_hooks, &c, 1, "07",
               "post load hook failed for: hooks, version_id: 1, "
               "minimum_version: 0: value 7 not supported");
    load_fails(&vmstate_validate, &c, 1, "07",
               "Input validation failed: validate/u8 is sane");
}

/* Registry */

static const VMStateDescription vmstate_low = {
    .name = "low", .version_id = 1, .priority = MIG_PRI_LOW,
    .fields = (const VMStateField[]) { VMSTATE_END_OF_LIST() },
};

static const VMStateDescription vmstate_apic = {
    .name = "apic", .version_id = 3, .priority = MIG_PRI_APIC,
    .fields = (const VMStateField[]) { VMSTATE_END_OF_LIST() },
};

static const VMStateDescription vmstate_blocker = {
    .name = "blocker", .version_id = 1, .unmigratable = true,
    .fields = (const VMStateField[]) { VMSTATE_END_OF_LIST() },
};

static int dummy_setup(QEMUFile *f, void *opaque, Error **errp)
{
    return 0;
}

static const SaveVMHandlers ram_handlers = { .save_setup = dummy_setup };

static void test_registry(void)
{
    const char *order[] = { "apic", "ram", "0000:00:02.0/inner", "inner",
                            "inner", "low" };
    int opaque[6];
    g_autofree char *long_name = g_strnfill(256, 'x');
    SaveStateEntry *se;
    Error *err = NULL;
    int i = 0;

    savevm_state_reset();
    g_assert(vmstate_register(0, &vmstate_low, &opaque[0], &error_abort));
    g_assert(register_savevm_live("ram", 0, 4, &ram_handlers, &opaque[1],
                                  &error_abort));
    g_assert(vmstate_register_with_alias_id("0000:00:02.0",
                                            VMSTATE_INSTANCE_ID_ANY,
                                            &vmstate_inner, &opaque[2], -1,
                                            &error_abort));
    g_assert(vmstate_register(VMSTATE_INSTANCE_ID_ANY, &vmstate_inner,
                              &opaque[3], &error_abort));
    g_assert(vmstate_register_with_alias_id(NULL, VMSTATE_INSTANCE_ID_ANY,
                                            &vmstate_inner, &opaque[4], 7,
                                            &error_abort));
    g_assert(vmstate_register(0, &vmstate_apic, &opaque[5], &error_abort));

    /* Wire order: priority, then registration order */
    SAVEVM_FOREACH(se) {
        g_assert_cmpint(i, <, 6);
        g_assert_cmpstr(se->idstr, ==, order[i++]);
    }
    g_assert_cmpint(i, ==, 6);
    se = savevm_state_first();
    g_assert_cmpint(se->section_id, ==, 5);
    g_assert_cmpint(se->version_id, ==, 3);
    g_assert(se->next->is_ram);
    g_assert_cmpint(se->next->section_id, ==, 1);

    /* Instance ids and lookups, including the compat name and alias */
    g_assert(find_se("inner", 0)->opaque == &opaque[2]);
    g_assert(find_se("0000:00:02.0/inner", 0)->opaque == &opaque[2]);
    g_assert(find_se("inner", 1)->opaque == &opaque[4]);
    g_assert(find_se("inner", 7)->opaque == &opaque[4]);
    g_assert_null(find_se("inner", 2));
    g_assert_null(find_se("inner", UINT32_MAX));
    g_assert_null(find_se("nothing", 0));
    g_assert_cmpint(calculate_new_instance_id("inner"), ==, 2);
    g_assert_cmpint(calculate_new_instance_id("other"), ==, 0);

    /* Section ids seen on load */
    g_assert_null(savevm_find_by_load_section_id(-1));
    find_se("ram", 0)->load_section_id = 9;
    g_assert(savevm_find_by_load_section_id(9)->opaque == &opaque[1]);

    /* Errors */
    g_assert_false(vmstate_register(0, &vmstate_low, &opaque[0], &err));
    g_assert_cmpstr(error_get_pretty(err), ==,
                    "'low' instance 0 is already registered");
    error_free(err);
    err = NULL;
    g_assert_false(register_savevm_live(long_name, 0, 1, &ram_handlers,
                                        NULL, &err));
    error_free_or_abort(&err);
    g_assert_false(savevm_state_blocked(&error_abort));
    g_assert(vmstate_register(0, &vmstate_blocker, NULL, &error_abort));
    g_assert(savevm_state_blocked(&err));
    g_assert_cmpstr(error_get_pretty(err), ==,
                    "State blocked by non-migratable device 'blocker'");
    error_free(err);

    /* Unregistering */
    vmstate_unregister(&vmstate_blocker, NULL);
    unregister_savevm("ram", &opaque[1]);
    g_assert_null(find_se("ram", 0));
    vmstate_unregister(&vmstate_inner, &opaque[3]);
    g_assert(find_se("inner", 1)->opaque == &opaque[4]);
    savevm_state_reset();
    g_assert_null(savevm_state_first());
}

int main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    g_test_add_func("/vmstate/simple/scalars", test_scalars);
    g_test_add_func("/vmstate/simple/equal", test_equal);
    g_test_add_func("/vmstate/array/round-trip", test_arrays);
    g_test_add_func("/vmstate/array/hostile", test_arrays_hostile);
    g_test_add_func("/vmstate/struct/round-trip", test_struct_round_trip);
    g_test_add_func("/vmstate/version/fields", test_versions);
    g_test_add_func("/vmstate/subsection/rules", test_subsections);
    g_test_add_func("/vmstate/subsection/other-prefix",
                    test_subsection_other_prefix);
    g_test_add_func("/vmstate/hostile/truncated", test_truncated);
    g_test_add_func("/vmstate/hostile/bit-flips", test_bit_flips);
    g_test_add_func("/vmstate/qemu72/configuration",
                    test_qemu72_configuration);
    g_test_add_func("/vmstate/qemu72/globalstate", test_qemu72_globalstate);
    g_test_add_func("/vmstate/vmdesc/qemu72", test_vmdesc_qemu72);
    g_test_add_func("/vmstate/vmdesc/nested", test_vmdesc_nested);
    g_test_add_func("/vmstate/vmdesc/json-writer", test_json_writer);
    g_test_add_func("/vmstate/hooks/failures", test_hooks);
    g_test_add_func("/vmstate/registry/entries", test_registry);
    return g_test_run();
}
