/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Compiler attributes and helper macros used across the tree. */
#ifndef QEMU_COMPILER_H
#define QEMU_COMPILER_H

#define QEMU_PACKED __attribute__((packed))
#define QEMU_NORETURN __attribute__((noreturn))
#define QEMU_WARN_UNUSED_RESULT __attribute__((warn_unused_result))
#define QEMU_ALWAYS_INLINE __attribute__((always_inline))
#define QEMU_SENTINEL __attribute__((sentinel))

#define likely(x) __builtin_expect(!!(x), 1)
#define unlikely(x) __builtin_expect(!!(x), 0)

#define QEMU_BUILD_BUG_ON(x) _Static_assert(!(x), "not expecting: " #x)
#define QEMU_BUILD_BUG_MSG(x, msg) _Static_assert(!(x), msg)

#define stringify(s) tostring(s)
#define tostring(s) #s

#define glue(x, y) xglue(x, y)
#define xglue(x, y) x##y

#define QEMU_FALLTHROUGH __attribute__((fallthrough))

#endif /* QEMU_COMPILER_H */
