/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Universally unique identifiers (RFC 9562): generation, comparison and
 * the 36-character text form.  All functions are thread-safe.
 */
#ifndef QEMU_UUID_H
#define QEMU_UUID_H

/*
 * A UUID as 16 bytes in the order they are written in the text form (big
 * endian fields), which is also how the migration stream carries it.
 * @fields names the parts; they are big endian unless qemu_uuid_bswap()
 * was applied.
 */
typedef struct QemuUUID {
    union {
        unsigned char data[16];
        struct {
            uint32_t time_low;
            uint16_t time_mid;
            uint16_t time_high_and_version;
            uint8_t clock_seq_and_reserved;
            uint8_t clock_seq_low;
            uint8_t node[6];
        } fields;
    };
} QemuUUID;

QEMU_BUILD_BUG_ON(sizeof(QemuUUID) != 16);

/* Length of the text form, without and with the terminating NUL. */
#define UUID_FMT_LEN 36
#define UUID_STR_LEN (UUID_FMT_LEN + 1)

/* The nil UUID in text form. */
#define UUID_NONE "00000000-0000-0000-0000-000000000000"

/* Fill @out with a random (version 4, RFC variant) UUID. */
void qemu_uuid_generate(QemuUUID *out);

/* True if every byte of @uu is zero (the nil UUID). */
bool qemu_uuid_is_null(const QemuUUID *uu);

/* True if @lhv and @rhv are the same UUID. */
bool qemu_uuid_is_equal(const QemuUUID *lhv, const QemuUUID *rhv);

/*
 * Write @uuid in lowercase text form
 * ("xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx") into @out, which has room for
 * UUID_STR_LEN bytes; the result is NUL-terminated.
 */
void qemu_uuid_unparse(const QemuUUID *uuid, char *out);

/* The text form in a new string; the caller frees it with g_free(). */
char *qemu_uuid_unparse_strdup(const QemuUUID *uuid);

/*
 * Parse @str, exactly 36 characters in the text form with hexadecimal
 * digits in either case, into @uuid.  Returns 0 on success; -1 (leaving
 * @uuid untouched) on anything else, including trailing characters.
 */
int qemu_uuid_parse(const char *str, QemuUUID *uuid);

/*
 * Return @uuid with its three leading fields (time_low, time_mid,
 * time_high_and_version) byte-swapped: converts between the big endian
 * layout and the little endian one used by some firmware tables.  Its own
 * inverse.
 */
QemuUUID qemu_uuid_bswap(QemuUUID uuid);

#endif /* QEMU_UUID_H */
