/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Multifd method "none": the payload is the normal pages themselves,
 * 4096 bytes each in offset order.  The sender's iovecs point straight
 * at guest memory and the receiver reads straight into it: no copy.
 */
#include "qemu/osdep.h"
#include "migration/multifd.h"
#include "qapi/error.h"

static bool nocomp_send_setup(MultiFDSendCodec *c, Error **errp)
{
    return true;
}

static void nocomp_send_cleanup(MultiFDSendCodec *c)
{
}

static bool nocomp_send_prepare(MultiFDSendCodec *c,
                                const MultiFDPages *pages, Error **errp)
{
    for (uint32_t i = 0; i < pages->normal_num; i++) {
        c->iov[c->iovs_num].iov_base = pages->block->host + pages->offset[i];
        c->iov[c->iovs_num].iov_len = MULTIFD_PAGE_SIZE;
        c->iovs_num++;
    }
    c->next_packet_size = pages->normal_num * MULTIFD_PAGE_SIZE;
    return true;
}

static bool nocomp_recv_setup(MultiFDRecvCodec *c, Error **errp)
{
    return true;
}

static void nocomp_recv_cleanup(MultiFDRecvCodec *c)
{
}

static bool nocomp_recv(MultiFDRecvCodec *c, QIOChannel *ioc, Error **errp)
{
    const MultiFDPacketInfo *info = &c->info;

    for (uint32_t i = 0; i < info->normal_num; i++) {
        c->iov[i].iov_base = c->block->host + info->offset[i];
        c->iov[i].iov_len = MULTIFD_PAGE_SIZE;
    }
    if (!qio_channel_readv_all(ioc, c->iov, info->normal_num, errp)) {
        return false;
    }
    for (uint32_t i = 0; i < info->normal_num; i++) {
        multifd_recv_mark_received(c->block, info->offset[i]);
    }
    return true;
}

const MultiFDMethods multifd_nocomp_methods = {
    .name = "none",
    .flag = MULTIFD_FLAG_NOCOMP,
    .send_setup = nocomp_send_setup,
    .send_cleanup = nocomp_send_cleanup,
    .send_prepare = nocomp_send_prepare,
    .recv_setup = nocomp_recv_setup,
    .recv_cleanup = nocomp_recv_cleanup,
    .recv = nocomp_recv,
};
