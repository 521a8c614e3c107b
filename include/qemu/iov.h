/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Helpers for scatter/gather arrays (struct iovec): size, copying to and
 * from flat buffers, sub-ranges, trimming, and QEMUIOVector, a growable
 * iovec array.  None of them locks: the caller owns the arrays.
 */
#ifndef QEMU_IOV_H
#define QEMU_IOV_H

#include <sys/uio.h>

/* Total number of bytes described by @iov[0..@iov_cnt). */
size_t iov_size(const struct iovec *iov, unsigned int iov_cnt);

/*
 * Copy @bytes from @buf into the vector, starting @offset bytes into it.
 * Stops at the end of the vector.  Returns the number of bytes copied.
 */
size_t iov_from_buf(const struct iovec *iov, unsigned int iov_cnt,
                    size_t offset, const void *buf, size_t bytes);

/*
 * Copy @bytes from the vector, starting @offset bytes into it, to @buf.
 * Stops at the end of the vector.  Returns the number of bytes copied.
 */
size_t iov_to_buf(const struct iovec *iov, unsigned int iov_cnt, size_t offset,
                  void *buf, size_t bytes);

/*
 * Set @bytes of the vector, starting @offset bytes into it, to @fillc.
 * Stops at the end of the vector.  Returns the number of bytes set.
 */
size_t iov_memset(const struct iovec *iov, unsigned int iov_cnt, size_t offset,
                  int fillc, size_t bytes);

/*
 * Describe in @dst_iov (room for @dst_iov_cnt entries) the @bytes of
 * @iov that start @offset bytes in; no data is copied, @dst_iov points
 * into the same memory.  Stops when @dst_iov is full or @iov ends.
 * Returns the number of @dst_iov entries used.
 */
unsigned int iov_copy(struct iovec *dst_iov, unsigned int dst_iov_cnt,
                      const struct iovec *iov, unsigned int iov_cnt,
                      size_t offset, size_t bytes);

/*
 * Remove @bytes from the front of the vector: whole entries are dropped
 * by advancing *@iov and decreasing *@iov_cnt, a partly consumed entry is
 * adjusted in place.  Returns the number of bytes removed (less than
 * @bytes if the vector was shorter).
 */
size_t iov_discard_front(struct iovec **iov, unsigned int *iov_cnt,
                         size_t bytes);

/*
 * Remove @bytes from the back of the vector: whole entries are dropped by
 * decreasing *@iov_cnt, a partly consumed one is shortened in place.
 * Returns the number of bytes removed.
 */
size_t iov_discard_back(struct iovec *iov, unsigned int *iov_cnt, size_t bytes);

/*
 * QEMUIOVector: an iovec array that grows as entries are added.  The
 * vector owns the array, never the memory the entries point to.
 */
typedef struct QEMUIOVector {
    struct iovec *iov;
    int niov;    /* entries in use */
    int nalloc;  /* entries allocated */
    size_t size; /* sum of the iov_len of the entries in use */
} QEMUIOVector;

/* Start an empty vector with room for @alloc_hint entries (at least 1). */
void qemu_iovec_init(QEMUIOVector *qiov, int alloc_hint);

/* Append @len bytes at @base; merges with the last entry if contiguous. */
void qemu_iovec_add(QEMUIOVector *qiov, void *base, size_t len);

/* Drop every entry, keeping the allocation. */
void qemu_iovec_reset(QEMUIOVector *qiov);

/* Free the array; the vector must be initialised again before reuse. */
void qemu_iovec_destroy(QEMUIOVector *qiov);

#endif /* QEMU_IOV_H */
