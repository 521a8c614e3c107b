/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The VMStateInfo wire types of the vmstate engine: scalars (big-endian),
 * the "equal" checks, buffers, unused space, NULL markers, bitmaps and
 * counted strings.  Encodings: docs/devel/vmstate.md.
 */
#include "qemu/osdep.h"
#include "qapi/error.h"
#include "qemu/bitmap.h"
#include "migration/qemu-file.h"
#include "migration/vmstate.h"

/* Scalars */

static int get_bool(QEMUFile *f, void *pv, size_t size,
                    const VMStateField *field, Error **errp)
{
    *(bool *)pv = qemu_get_byte(f) != 0;
    return 0;
}

static int put_bool(QEMUFile *f, void *pv, size_t size,
                    const VMStateField *field, JSONWriter *vmdesc,
                    Error **errp)
{
    qemu_put_byte(f, *(bool *)pv);
    return 0;
}

const VMStateInfo vmstate_info_bool = {
    .name = "bool", .get = get_bool, .put = put_bool,
};

/* One get/put pair per width; signed types share the unsigned bits. */
#define VMSTATE_SCALAR(_name, _ctype, _wire, _get, _put)                      \
    static int get_##_name(QEMUFile *f, void *pv, size_t size,                \
                           const VMStateField *field, Error **errp)           \
    {                                                                         \
        *(_ctype *)pv = (_ctype)_get(f);                                      \
        return 0;                                                             \
    }                                                                         \
    static int put_##_name(QEMUFile *f, void *pv, size_t size,                \
                           const VMStateField *field, JSONWriter *vmdesc,     \
                           Error **errp)                                      \
    {                                                                         \
        _put(f, (_wire) * (_ctype *)pv);                                      \
        return 0;                                                             \
    }                                                                         \
    const VMStateInfo vmstate_info_##_name = {                                \
        .name = #_name, .get = get_##_name, .put = put_##_name,               \
    };

VMSTATE_SCALAR(int8, int8_t, uint8_t, qemu_get_byte, qemu_put_byte)
VMSTATE_SCALAR(int16, int16_t, uint16_t, qemu_get_be16, qemu_put_be16)
VMSTATE_SCALAR(int32, int32_t, uint32_t, qemu_get_be32, qemu_put_be32)
VMSTATE_SCALAR(int64, int64_t, uint64_t, qemu_get_be64, qemu_put_be64)
VMSTATE_SCALAR(uint8, uint8_t, uint8_t, qemu_get_byte, qemu_put_byte)
VMSTATE_SCALAR(uint16, uint16_t, uint16_t, qemu_get_be16, qemu_put_be16)
VMSTATE_SCALAR(uint32, uint32_t, uint32_t, qemu_get_be32, qemu_put_be32)
VMSTATE_SCALAR(uint64, uint64_t, uint64_t, qemu_get_be64, qemu_put_be64)

/* float64: the IEEE 754 bits as be64. */

static int get_float64(QEMUFile *f, void *pv, size_t size,
                       const VMStateField *field, Error **errp)
{
    uint64_t bits = qemu_get_be64(f);

    memcpy(pv, &bits, sizeof(double));
    return 0;
}

static int put_float64(QEMUFile *f, void *pv, size_t size,
                       const VMStateField *field, JSONWriter *vmdesc,
                       Error **errp)
{
    uint64_t bits;

    memcpy(&bits, pv, sizeof(bits));
    qemu_put_be64(f, bits);
    return 0;
}

QEMU_BUILD_BUG_ON(sizeof(double) != sizeof(uint64_t));

const VMStateInfo vmstate_info_float64 = {
    .name = "float64", .get = get_float64, .put = put_float64,
};

/*
 * "equal" types: encoded as the plain type; the incoming value must be
 * the one the destination already has (QEMU's message: "ours != theirs"
 * in hex).
 */

static int get_int32_equal(QEMUFile *f, void *pv, size_t size,
                           const VMStateField *field, Error **errp)
{
    int32_t ours = *(int32_t *)pv;
    int32_t theirs = (int32_t)qemu_get_be32(f);

    if (qemu_file_get_error(f) || ours == theirs) {
        return 0;
    }
    error_setg(errp, "%" PRIx32 " != %" PRIx32, (uint32_t)ours,
               (uint32_t)theirs);
    return -EINVAL;
}

const VMStateInfo vmstate_info_int32_equal = {
    .name = "int32 equal", .get = get_int32_equal, .put = put_int32,
};

static int get_uint8_equal(QEMUFile *f, void *pv, size_t size,
                           const VMStateField *field, Error **errp)
{
    uint8_t ours = *(uint8_t *)pv;
    uint8_t theirs = qemu_get_byte(f);

    if (qemu_file_get_error(f) || ours == theirs) {
        return 0;
    }
    error_setg(errp, "%x != %x", ours, theirs);
    return -EINVAL;
}

const VMStateInfo vmstate_info_uint8_equal = {
    .name = "uint8 equal", .get = get_uint8_equal, .put = put_uint8,
};

static int get_uint16_equal(QEMUFile *f, void *pv, size_t size,
                            const VMStateField *field, Error **errp)
{
    uint16_t ours = *(uint16_t *)pv;
    uint16_t theirs = qemu_get_be16(f);

    if (qemu_file_get_error(f) || ours == theirs) {
        return 0;
    }
    error_setg(errp, "%x != %x", ours, theirs);
    return -EINVAL;
}

const VMStateInfo vmstate_info_uint16_equal = {
    .name = "uint16 equal", .get = get_uint16_equal, .put = put_uint16,
};

static int get_uint32_equal(QEMUFile *f, void *pv, size_t size,
                            const VMStateField *field, Error **errp)
{
    uint32_t ours = *(uint32_t *)pv;
    uint32_t theirs = qemu_get_be32(f);

    if (qemu_file_get_error(f) || ours == theirs) {
        return 0;
    }
    error_setg(errp, "%" PRIx32 " != %" PRIx32, ours, theirs);
    return -EINVAL;
}

const VMStateInfo vmstate_info_uint32_equal = {
    .name = "uint32 equal", .get = get_uint32_equal, .put = put_uint32,
};

static int get_uint64_equal(QEMUFile *f, void *pv, size_t size,
                            const VMStateField *field, Error **errp)
{
    uint64_t ours = *(uint64_t *)pv;
    uint64_t theirs = qemu_get_be64(f);

    if (qemu_file_get_error(f) || ours == theirs) {
        return 0;
    }
    error_setg(errp, "%" PRIx64 " != %" PRIx64, ours, theirs);
    return -EINVAL;
}

/* QEMU names this type "int64 equal" in the description. */
const VMStateInfo vmstate_info_uint64_equal = {
    .name = "int64 equal", .get = get_uint64_equal, .put = put_uint64,
};

/* int32 le: 0 <= incoming <= ours, and the incoming value is taken. */
static int get_int32_le(QEMUFile *f, void *pv, size_t size,
                        const VMStateField *field, Error **errp)
{
    int32_t *cur = pv;
    int32_t loaded = (int32_t)qemu_get_be32(f);

    if (qemu_file_get_error(f)) {
        return 0;
    }
    if (loaded >= 0 && loaded <= *cur) {
        *cur = loaded;
        return 0;
    }
    error_setg(errp, "Invalid value %" PRId32
               " expecting positive value <= %" PRId32, loaded, *cur);
    return -EINVAL;
}

const VMStateInfo vmstate_info_int32_le = {
    .name = "int32 le", .get = get_int32_le, .put = put_int32,
};

/* Raw bytes */

static int get_buffer(QEMUFile *f, void *pv, size_t size,
                      const VMStateField *field, Error **errp)
{
    qemu_get_buffer(f, pv, size);
    return 0;
}

static int put_buffer(QEMUFile *f, void *pv, size_t size,
                      const VMStateField *field, JSONWriter *vmdesc,
                      Error **errp)
{
    qemu_put_buffer(f, pv, size);
    return 0;
}

const VMStateInfo vmstate_info_buffer = {
    .name = "buffer", .get = get_buffer, .put = put_buffer,
};

/* Unused space: zeros on save, skipped on load. */

static int get_unused_buffer(QEMUFile *f, void *pv, size_t size,
                             const VMStateField *field, Error **errp)
{
    uint8_t buf[1024];

    while (size > 0 && !qemu_file_get_error(f)) {
        size_t chunk = MIN(sizeof(buf), size);

        qemu_get_buffer(f, buf, chunk);
        size -= chunk;
    }
    return 0;
}

static int put_unused_buffer(QEMUFile *f, void *pv, size_t size,
                             const VMStateField *field, JSONWriter *vmdesc,
                             Error **errp)
{
    static const uint8_t zeros[1024];

    while (size > 0) {
        size_t chunk = MIN(sizeof(zeros), size);

        qemu_put_buffer(f, zeros, chunk);
        size -= chunk;
    }
    return 0;
}

const VMStateInfo vmstate_info_unused_buffer = {
    .name = "unused_buffer", .get = get_unused_buffer,
    .put = put_unused_buffer,
};

/* The NULL slot of an array of pointers: one marker byte. */

static int get_nullptr(QEMUFile *f, void *pv, size_t size,
                       const VMStateField *field, Error **errp)
{
    uint8_t marker = qemu_get_byte(f);

    if (qemu_file_get_error(f) || marker == VMS_NULLPTR_MARKER) {
        return 0;
    }
    error_setg(errp, "expected the NULL pointer marker 0x%02x, got 0x%02x",
               VMS_NULLPTR_MARKER, marker);
    return -EINVAL;
}

static int put_nullptr(QEMUFile *f, void *pv, size_t size,
                       const VMStateField *field, JSONWriter *vmdesc,
                       Error **errp)
{
    if (pv) {
        error_setg(errp, "NULL pointer marker for a non-NULL element");
        return -EINVAL;
    }
    qemu_put_byte(f, VMS_NULLPTR_MARKER);
    return 0;
}

const VMStateInfo vmstate_info_nullptr = {
    .name = "nullptr", .get = get_nullptr, .put = put_nullptr,
};

/*
 * Bitmaps of @size bits: ceil(size / 64) be64 words, bit i in bit
 * (i % 64) of word i / 64.  Padding bits of the last word are dropped.
 */
static int get_bitmap(QEMUFile *f, void *pv, size_t size,
                      const VMStateField *field, Error **errp)
{
    unsigned long *bmp = pv;
    size_t words = DIV_ROUND_UP(size, 64), i, bit;

    for (i = 0; i < words; i++) {
        uint64_t w = qemu_get_be64(f);

        for (bit = 0; bit < 64 && i * 64 + bit < size; bit++) {
            size_t nr = i * 64 + bit;

            if (w & (1ULL << bit)) {
                bmp[nr / BITS_PER_LONG] |= 1UL << (nr % BITS_PER_LONG);
            } else {
                bmp[nr / BITS_PER_LONG] &= ~(1UL << (nr % BITS_PER_LONG));
            }
        }
    }
    return 0;
}

static int put_bitmap(QEMUFile *f, void *pv, size_t size,
                      const VMStateField *field, JSONWriter *vmdesc,
                      Error **errp)
{
    const unsigned long *bmp = pv;
    size_t words = DIV_ROUND_UP(size, 64), i, bit;

    for (i = 0; i < words; i++) {
        uint64_t w = 0;

        for (bit = 0; bit < 64 && i * 64 + bit < size; bit++) {
            size_t nr = i * 64 + bit;

            if (bmp[nr / BITS_PER_LONG] & (1UL << (nr % BITS_PER_LONG))) {
                w |= 1ULL << bit;
            }
        }
        qemu_put_be64(f, w);
    }
    return 0;
}

const VMStateInfo vmstate_info_bitmap = {
    .name = "bitmap", .get = get_bitmap, .put = put_bitmap,
};

/* char *: u8 length + bytes, no NUL; NULL is saved as "". */

static int get_counted_string(QEMUFile *f, void *pv, size_t size,
                              const VMStateField *field, Error **errp)
{
    char **str = pv;
    uint8_t len = qemu_get_byte(f);
    char *buf = g_malloc(len + 1);

    if (qemu_get_buffer(f, (uint8_t *)buf, len) != len) {
        g_free(buf);
        return 0;           /* the file error is latched */
    }
    buf[len] = '\0';
    if (strlen(buf) != len) {
        error_setg(errp, "string of length %u contains a NUL byte", len);
        g_free(buf);
        return -EINVAL;
    }
    g_free(*str);
    *str = buf;
    return 0;
}

static int put_counted_string(QEMUFile *f, void *pv, size_t size,
                              const VMStateField *field, JSONWriter *vmdesc,
                              Error **errp)
{
    const char *str = *(char **)pv ? *(char **)pv : "";
    size_t len = strlen(str);

    if (len > UINT8_MAX) {
        error_setg(errp, "string of %zu bytes is longer than 255", len);
        return -EINVAL;
    }
    qemu_put_byte(f, len);
    qemu_put_buffer(f, (const uint8_t *)str, len);
    return 0;
}

const VMStateInfo vmstate_info_counted_string = {
    .name = "counted string", .get = get_counted_string,
    .put = put_counted_string,
};
