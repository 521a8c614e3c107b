/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Atomic accesses and memory barriers, with QEMU's names, on top of the
 * compiler's __atomic builtins.
 *
 * Ordering summary:
 * - qatomic_read() / qatomic_set(): relaxed; they only promise the access
 *   is not torn and not optimised away.
 * - qatomic_load_acquire() / qatomic_store_release(): one-way barriers,
 *   used in pairs (the store publishes, the load consumes).
 * - Every read-modify-write (fetch_*, *_fetch, add, inc, xchg, cmpxchg) is
 *   sequentially consistent, i.e. a full barrier.
 * - smp_mb() is a full fence; smp_rmb() orders loads, smp_wmb() stores.
 *
 * Only naturally aligned objects of at most 8 bytes may be accessed; the
 * size is checked at compile time.
 */
#ifndef QEMU_ATOMIC_H
#define QEMU_ATOMIC_H

/* Compiler-only barrier: no instruction, but no reordering across it. */
#define barrier() __asm__ __volatile__("" : : : "memory")

/* The widest object the host can access atomically without a lock. */
#define ATOMIC_REG_SIZE 8

#define qatomic_check_size_(ptr)                                               \
    QEMU_BUILD_BUG_MSG(sizeof(*(ptr)) > ATOMIC_REG_SIZE,                       \
                       "object too large for an atomic access")

/* Relaxed load and store. */
#define qatomic_read(ptr)                                                      \
    ({                                                                         \
        qatomic_check_size_(ptr);                                              \
        __atomic_load_n(ptr, __ATOMIC_RELAXED);                                \
    })

#define qatomic_set(ptr, i)                                                    \
    do {                                                                       \
        qatomic_check_size_(ptr);                                              \
        __atomic_store_n(ptr, i, __ATOMIC_RELAXED);                            \
    } while (0)

/* Acquire load and release store; each pairs with the other. */
#define qatomic_load_acquire(ptr)                                              \
    ({                                                                         \
        qatomic_check_size_(ptr);                                              \
        __atomic_load_n(ptr, __ATOMIC_ACQUIRE);                                \
    })

#define qatomic_store_release(ptr, i)                                          \
    do {                                                                       \
        qatomic_check_size_(ptr);                                              \
        __atomic_store_n(ptr, i, __ATOMIC_RELEASE);                            \
    } while (0)

/*
 * Publishing a pointer to a fully initialised object and reading it back:
 * the same as the acquire/release pair above.
 */
#define qatomic_rcu_read(ptr) qatomic_load_acquire(ptr)
#define qatomic_rcu_set(ptr, i) qatomic_store_release(ptr, i)

/* Read-modify-write returning the old value; full barriers. */
#define qatomic_fetch_add(ptr, n) __atomic_fetch_add(ptr, n, __ATOMIC_SEQ_CST)
#define qatomic_fetch_sub(ptr, n) __atomic_fetch_sub(ptr, n, __ATOMIC_SEQ_CST)
#define qatomic_fetch_and(ptr, n) __atomic_fetch_and(ptr, n, __ATOMIC_SEQ_CST)
#define qatomic_fetch_or(ptr, n) __atomic_fetch_or(ptr, n, __ATOMIC_SEQ_CST)
#define qatomic_fetch_xor(ptr, n) __atomic_fetch_xor(ptr, n, __ATOMIC_SEQ_CST)
#define qatomic_fetch_inc(ptr) qatomic_fetch_add(ptr, 1)
#define qatomic_fetch_dec(ptr) qatomic_fetch_sub(ptr, 1)

/* Read-modify-write returning the new value; full barriers. */
#define qatomic_add_fetch(ptr, n) __atomic_add_fetch(ptr, n, __ATOMIC_SEQ_CST)
#define qatomic_sub_fetch(ptr, n) __atomic_sub_fetch(ptr, n, __ATOMIC_SEQ_CST)
#define qatomic_and_fetch(ptr, n) __atomic_and_fetch(ptr, n, __ATOMIC_SEQ_CST)
#define qatomic_or_fetch(ptr, n) __atomic_or_fetch(ptr, n, __ATOMIC_SEQ_CST)
#define qatomic_xor_fetch(ptr, n) __atomic_xor_fetch(ptr, n, __ATOMIC_SEQ_CST)
#define qatomic_inc_fetch(ptr) qatomic_add_fetch(ptr, 1)
#define qatomic_dec_fetch(ptr) qatomic_sub_fetch(ptr, 1)

/* Read-modify-write whose result is not needed; full barriers. */
#define qatomic_add(ptr, n) ((void)qatomic_fetch_add(ptr, n))
#define qatomic_sub(ptr, n) ((void)qatomic_fetch_sub(ptr, n))
#define qatomic_and(ptr, n) ((void)qatomic_fetch_and(ptr, n))
#define qatomic_or(ptr, n) ((void)qatomic_fetch_or(ptr, n))
#define qatomic_xor(ptr, n) ((void)qatomic_fetch_xor(ptr, n))
#define qatomic_inc(ptr) ((void)qatomic_fetch_inc(ptr))
#define qatomic_dec(ptr) ((void)qatomic_fetch_dec(ptr))

/* Store @i and return the previous value. */
#define qatomic_xchg(ptr, i)                                                   \
    ({                                                                         \
        qatomic_check_size_(ptr);                                              \
        __atomic_exchange_n(ptr, i, __ATOMIC_SEQ_CST);                         \
    })

/*
 * If *ptr equals @old, store @new.  Either way return the value *ptr had,
 * so the exchange happened exactly when the result equals @old.
 */
#define qatomic_cmpxchg(ptr, old, new)                                         \
    ({                                                                         \
        __typeof__(*(ptr)) qatomic_seen_ = (old);                              \
        qatomic_check_size_(ptr);                                              \
        (void)__atomic_compare_exchange_n(ptr, &qatomic_seen_, new, false,     \
                                          __ATOMIC_SEQ_CST, __ATOMIC_SEQ_CST); \
        qatomic_seen_;                                                         \
    })

/*
 * Memory fences.  GCC's ThreadSanitizer does not model fences and warns
 * about each one (-Wtsan); the warning is silenced here, once, so that
 * sanitizer builds with -Werror still compile.
 */
#if defined(__SANITIZE_THREAD__) && !defined(__clang__)
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wtsan"
#endif
static inline void qatomic_fence_seq_cst_(void)
{
    __atomic_thread_fence(__ATOMIC_SEQ_CST);
}

static inline void qatomic_fence_acquire_(void)
{
    __atomic_thread_fence(__ATOMIC_ACQUIRE);
}

static inline void qatomic_fence_release_(void)
{
    __atomic_thread_fence(__ATOMIC_RELEASE);
}
#if defined(__SANITIZE_THREAD__) && !defined(__clang__)
#pragma GCC diagnostic pop
#endif

#define smp_mb() qatomic_fence_seq_cst_()
#define smp_mb_acquire() qatomic_fence_acquire_()
#define smp_mb_release() qatomic_fence_release_()
#define smp_rmb() smp_mb_acquire()
#define smp_wmb() smp_mb_release()

/*
 * Around a read-modify-write, which is already a full barrier here: these
 * only stop the compiler from moving accesses across it.
 */
#define smp_mb__before_rmw() barrier()
#define smp_mb__after_rmw() barrier()

#endif /* QEMU_ATOMIC_H */
