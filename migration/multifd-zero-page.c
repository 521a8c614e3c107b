/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Multifd zero pages: the send side sorts a batch into normal pages
 * then zero pages (zero-page-detection=multifd); the receive side
 * clears zero pages only where that changes memory, and keeps
 * RAMBlock::receivedmap up to date for every page a channel delivers.
 */
#include "qemu/osdep.h"
#include "migration/multifd.h"
#include "qemu/atomic.h"
#include "qemu/bitops.h"
#include "qemu/cutils.h"

void multifd_send_zero_page_detect(MultiFDPages *pages,
                                   ZeroPageDetection mode)
{
    RAMBlock *rb = pages->block;
    uint32_t normal = 0;
    uint32_t end = pages->num;

    if (mode != ZERO_PAGE_DETECTION_MULTIFD) {
        pages->normal_num = pages->num;
        return;
    }

    /*
     * [0, normal) holds non-zero pages, [end, num) zero pages.  A zero
     * page trades places with the last unexamined entry, which is
     * examined next: the same order QEMU produces, so our packets list
     * the offsets exactly as a QEMU source would.
     */
    while (normal < end) {
        uint64_t off = pages->offset[normal];

        if (!buffer_is_zero(rb->host + off, MULTIFD_PAGE_SIZE)) {
            normal++;
            continue;
        }
        end--;
        pages->offset[normal] = pages->offset[end];
        pages->offset[end] = off;
    }
    pages->normal_num = normal;
}

/* True if the page at @offset was received before; see the header. */
static bool page_was_received(RAMBlock *block, uint64_t offset)
{
    uint64_t nr = offset >> TARGET_PAGE_BITS;

    if (!block->receivedmap) {
        return true;
    }
    /* Other channels set other bits of this word concurrently. */
    return qatomic_read(&block->receivedmap[BIT_WORD(nr)]) & BIT_MASK(nr);
}

void multifd_recv_mark_received(RAMBlock *block, uint64_t offset)
{
    if (block->receivedmap) {
        set_bit_atomic(offset >> TARGET_PAGE_BITS, block->receivedmap);
    }
}

void multifd_recv_zero_page_process(RAMBlock *block, const uint64_t *offsets,
                                    uint32_t num, bool always_clear)
{
    for (uint32_t i = 0; i < num; i++) {
        uint8_t *page = block->host + offsets[i];

        /*
         * Incoming RAM starts zero: a page seen for the first time is
         * left alone, which keeps untouched memory unallocated.
         */
        if ((always_clear || page_was_received(block, offsets[i])) &&
            !buffer_is_zero(page, MULTIFD_PAGE_SIZE)) {
            memset(page, 0, MULTIFD_PAGE_SIZE);
        }
        multifd_recv_mark_received(block, offsets[i]);
    }
}
