/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Scatter/gather helpers on struct iovec arrays, and QEMUIOVector. */
#include "qemu/osdep.h"
#include "qemu/iov.h"

size_t iov_size(const struct iovec *iov, unsigned int iov_cnt)
{
    size_t total = 0;
    unsigned int i;

    for (i = 0; i < iov_cnt; i++) {
        total += iov[i].iov_len;
    }
    return total;
}

/*
 * Walk the vector from @offset for up to @bytes, calling @fn on each
 * contiguous piece with its position in the walk.  Returns bytes walked.
 */
typedef void IovPieceFn(void *base, size_t len, size_t done, void *opaque);

static size_t iov_walk(const struct iovec *iov, unsigned int iov_cnt,
                       size_t offset, size_t bytes, IovPieceFn *fn,
                       void *opaque)
{
    size_t done = 0;
    unsigned int i;

    for (i = 0; i < iov_cnt && done < bytes; i++) {
        size_t len;

        if (offset >= iov[i].iov_len) {
            offset -= iov[i].iov_len;
            continue;
        }
        len = MIN(iov[i].iov_len - offset, bytes - done);
        fn((char *)iov[i].iov_base + offset, len, done, opaque);
        done += len;
        offset = 0;
    }
    return done;
}

static void piece_from_buf(void *base, size_t len, size_t done, void *opaque)
{
    memcpy(base, (const char *)opaque + done, len);
}

static void piece_to_buf(void *base, size_t len, size_t done, void *opaque)
{
    memcpy((char *)opaque + done, base, len);
}

static void piece_memset(void *base, size_t len, size_t done, void *opaque)
{
    memset(base, *(int *)opaque, len);
}

size_t iov_from_buf(const struct iovec *iov, unsigned int iov_cnt,
                    size_t offset, const void *buf, size_t bytes)
{
    return iov_walk(iov, iov_cnt, offset, bytes, piece_from_buf, (void *)buf);
}

size_t iov_to_buf(const struct iovec *iov, unsigned int iov_cnt, size_t offset,
                  void *buf, size_t bytes)
{
    return iov_walk(iov, iov_cnt, offset, bytes, piece_to_buf, buf);
}

size_t iov_memset(const struct iovec *iov, unsigned int iov_cnt, size_t offset,
                  int fillc, size_t bytes)
{
    return iov_walk(iov, iov_cnt, offset, bytes, piece_memset, &fillc);
}

unsigned int iov_copy(struct iovec *dst_iov, unsigned int dst_iov_cnt,
                      const struct iovec *iov, unsigned int iov_cnt,
                      size_t offset, size_t bytes)
{
    unsigned int i, j = 0;

    for (i = 0; i < iov_cnt && j < dst_iov_cnt && bytes; i++) {
        size_t len;

        if (offset >= iov[i].iov_len) {
            offset -= iov[i].iov_len;
            continue;
        }
        len = MIN(iov[i].iov_len - offset, bytes);
        dst_iov[j].iov_base = (char *)iov[i].iov_base + offset;
        dst_iov[j].iov_len = len;
        j++;
        bytes -= len;
        offset = 0;
    }
    return j;
}

size_t iov_discard_front(struct iovec **iov, unsigned int *iov_cnt,
                         size_t bytes)
{
    size_t done = 0;

    while (*iov_cnt && done < bytes) {
        struct iovec *cur = *iov;
        size_t want = bytes - done;

        if (cur->iov_len > want) {
            cur->iov_base = (char *)cur->iov_base + want;
            cur->iov_len -= want;
            return bytes;
        }
        done += cur->iov_len;
        (*iov)++;
        (*iov_cnt)--;
    }
    return done;
}

size_t iov_discard_back(struct iovec *iov, unsigned int *iov_cnt, size_t bytes)
{
    size_t done = 0;

    while (*iov_cnt && done < bytes) {
        struct iovec *cur = &iov[*iov_cnt - 1];
        size_t want = bytes - done;

        if (cur->iov_len > want) {
            cur->iov_len -= want;
            return bytes;
        }
        done += cur->iov_len;
        (*iov_cnt)--;
    }
    return done;
}

void qemu_iovec_init(QEMUIOVector *qiov, int alloc_hint)
{
    qiov->nalloc = MAX(alloc_hint, 1);
    qiov->iov = g_new(struct iovec, qiov->nalloc);
    qiov->niov = 0;
    qiov->size = 0;
}

void qemu_iovec_add(QEMUIOVector *qiov, void *base, size_t len)
{
    assert(qiov->nalloc > 0);
    if (qiov->niov > 0) {
        struct iovec *last = &qiov->iov[qiov->niov - 1];

        if ((char *)last->iov_base + last->iov_len == (char *)base) {
            last->iov_len += len;
            qiov->size += len;
            return;
        }
    }
    if (qiov->niov == qiov->nalloc) {
        qiov->nalloc = 2 * qiov->nalloc + 1;
        qiov->iov = g_renew(struct iovec, qiov->iov, qiov->nalloc);
    }
    qiov->iov[qiov->niov].iov_base = base;
    qiov->iov[qiov->niov].iov_len = len;
    qiov->niov++;
    qiov->size += len;
}

void qemu_iovec_reset(QEMUIOVector *qiov)
{
    qiov->niov = 0;
    qiov->size = 0;
}

void qemu_iovec_destroy(QEMUIOVector *qiov)
{
    g_free(qiov->iov);
    qiov->iov = NULL;
    qiov->niov = 0;
    qiov->nalloc = 0;
    qiov->size = 0;
}
