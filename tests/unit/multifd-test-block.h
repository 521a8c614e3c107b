/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * RAM blocks for the multifd unit tests (test-multifd-packet.c and
 * test-multifd-compress.c): a named block of host memory with its
 * received bitmap, as the multifd receive side looks blocks up.
 * Single-threaded setup; the blocks belong to the test that made them.
 */
#ifndef TESTS_UNIT_MULTIFD_TEST_BLOCK_H
#define TESTS_UNIT_MULTIFD_TEST_BLOCK_H

#include "migration/multifd.h"
#include "qemu/bitmap.h"

/* A block of @pages multifd pages, every byte @fill. */
static inline RAMBlock *test_block_new(const char *name, uint64_t pages,
                                       uint8_t fill)
{
    RAMBlock *rb = g_new0(RAMBlock, 1);

    g_strlcpy(rb->idstr, name, sizeof(rb->idstr));
    rb->used_length = rb->max_length = pages * MULTIFD_PAGE_SIZE;
    rb->host = g_malloc(rb->used_length);
    memset(rb->host, fill, rb->used_length);
    rb->receivedmap = bitmap_new(pages);
    rb->fd = -1;
    return rb;
}

static inline void test_block_free(RAMBlock *rb)
{
    g_free(rb->host);
    g_free(rb->receivedmap);
    g_free(rb);
}

#endif /* TESTS_UNIT_MULTIFD_TEST_BLOCK_H */
