/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Multifd packets: the 64-byte init packet, the RAM packet with its
 * receive-side validation, page batches, and the per-channel codec
 * driver that runs a compression method over them.  Byte layout:
 * wire-format.md 4.1-4.3 (offset tables repeated in docs/devel/
 * multifd.md).  Pure functions and per-channel state only: no thread,
 * no lock, no global.
 */
#include "qemu/osdep.h"
#include "migration/multifd.h"
#include "qapi/error.h"

/* Offsets in the init packet. */
#define INIT_OFF_MAGIC 0
#define INIT_OFF_VERSION 4
#define INIT_OFF_UUID 8
#define INIT_OFF_ID 24

/* Offsets in the RAM packet. */
#define PKT_OFF_MAGIC 0
#define PKT_OFF_VERSION 4
#define PKT_OFF_FLAGS 8
#define PKT_OFF_PAGES_ALLOC 12
#define PKT_OFF_NORMAL 16
#define PKT_OFF_NEXT_SIZE 20
#define PKT_OFF_PACKET_NUM 24
#define PKT_OFF_ZERO 32
#define PKT_OFF_RAMBLOCK 64
#define PKT_OFF_OFFSETS MULTIFD_RAM_PACKET_FIXED_SIZE

QEMU_BUILD_BUG_ON(MULTIFD_RAM_PACKET_SIZE != 1344);
QEMU_BUILD_BUG_ON(PKT_OFF_RAMBLOCK + MULTIFD_RAMBLOCK_NAME_SIZE !=
                  PKT_OFF_OFFSETS);

/* Flags a RAM packet may carry. */
#define MULTIFD_FLAG_KNOWN \
    (MULTIFD_FLAG_SYNC | MULTIFD_FLAG_COMPRESSION_MASK | \
     MULTIFD_FLAG_DEVICE_STATE)

static inline void put_be32(uint8_t *p, uint32_t v)
{
    p[0] = v >> 24;
    p[1] = v >> 16;
    p[2] = v >> 8;
    p[3] = v;
}

static inline void put_be64(uint8_t *p, uint64_t v)
{
    put_be32(p, v >> 32);
    put_be32(p + 4, (uint32_t)v);
}

static inline uint32_t get_be32(const uint8_t *p)
{
    return ((uint32_t)p[0] << 24) | ((uint32_t)p[1] << 16) |
           ((uint32_t)p[2] << 8) | p[3];
}

static inline uint64_t get_be64(const uint8_t *p)
{
    return ((uint64_t)get_be32(p) << 32) | get_be32(p + 4);
}

/*
 * Init packet
 */

void multifd_init_packet_fill(uint8_t *buf, const QemuUUID *uuid,
                              uint8_t id)
{
    memset(buf, 0, MULTIFD_INIT_PACKET_SIZE);
    put_be32(buf + INIT_OFF_MAGIC, MULTIFD_MAGIC);
    put_be32(buf + INIT_OFF_VERSION, MULTIFD_VERSION);
    memcpy(buf + INIT_OFF_UUID, uuid->data, sizeof(uuid->data));
    buf[INIT_OFF_ID] = id;
}

int multifd_init_packet_parse(const uint8_t *buf, const QemuUUID *uuid,
                              unsigned int channels, Error **errp)
{
    uint32_t magic = get_be32(buf + INIT_OFF_MAGIC);
    uint32_t version = get_be32(buf + INIT_OFF_VERSION);
    uint8_t id = buf[INIT_OFF_ID];

    if (magic != MULTIFD_MAGIC) {
        error_setg(errp, "multifd: received packet magic %x expected %x",
                   magic, MULTIFD_MAGIC);
        return -1;
    }
    if (version != MULTIFD_VERSION) {
        error_setg(errp, "multifd: received packet version %u expected %u",
                   version, MULTIFD_VERSION);
        return -1;
    }
    if (memcmp(buf + INIT_OFF_UUID, uuid->data, sizeof(uuid->data))) {
        QemuUUID got;
        char got_str[UUID_STR_LEN];
        char want_str[UUID_STR_LEN];

        memcpy(got.data, buf + INIT_OFF_UUID, sizeof(got.data));
        qemu_uuid_unparse(&got, got_str);
        qemu_uuid_unparse(uuid, want_str);
        error_setg(errp, "multifd: received uuid '%s' and expected uuid "
                   "'%s' for channel %hhd", got_str, want_str, (char)id);
        return -1;
    }
    /* QEMU only refuses id > channels; id == channels is out of range too. */
    if (id >= channels) {
        error_setg(errp, "multifd: received channel id %u is greater than "
                   "number of channels %u", id, channels);
        return -1;
    }
    return id;
}

bool multifd_send_initial_packet(QIOChannel *ioc, const QemuUUID *uuid,
                                 uint8_t id, Error **errp)
{
    uint8_t buf[MULTIFD_INIT_PACKET_SIZE];

    multifd_init_packet_fill(buf, uuid, id);
    return qio_channel_write_all(ioc, buf, sizeof(buf), errp);
}

int multifd_recv_initial_packet(QIOChannel *ioc, const QemuUUID *uuid,
                                unsigned int channels, Error **errp)
{
    uint8_t buf[MULTIFD_INIT_PACKET_SIZE];

    if (!qio_channel_read_all(ioc, buf, sizeof(buf), errp)) {
        return -1;
    }
    return multifd_init_packet_parse(buf, uuid, channels, errp);
}

/*
 * RAM packet
 */

void multifd_ram_packet_fill(uint8_t *buf, const MultiFDPacketInfo *info)
{
    uint32_t used = info->normal_num + info->zero_num;

    assert(used <= MULTIFD_PAGE_COUNT);
    memset(buf, 0, MULTIFD_RAM_PACKET_SIZE);
    put_be32(buf + PKT_OFF_MAGIC, MULTIFD_MAGIC);
    put_be32(buf + PKT_OFF_VERSION, MULTIFD_VERSION);
    put_be32(buf + PKT_OFF_FLAGS, info->flags);
    put_be32(buf + PKT_OFF_PAGES_ALLOC, info->pages_alloc);
    put_be32(buf + PKT_OFF_NORMAL, info->normal_num);
    put_be32(buf + PKT_OFF_NEXT_SIZE, info->next_packet_size);
    put_be64(buf + PKT_OFF_PACKET_NUM, info->packet_num);
    put_be32(buf + PKT_OFF_ZERO, info->zero_num);
    /* Byte 319 stays 0: the name is always terminated on the wire. */
    memcpy(buf + PKT_OFF_RAMBLOCK, info->ramblock,
           strnlen(info->ramblock, MULTIFD_RAMBLOCK_NAME_SIZE - 1));
    for (uint32_t i = 0; i < used; i++) {
        put_be64(buf + PKT_OFF_OFFSETS + 8 * i, info->offset[i]);
    }
}

bool multifd_packet_header_parse(const uint8_t *buf, uint32_t *flags,
                                 Error **errp)
{
    uint32_t magic = get_be32(buf + PKT_OFF_MAGIC);
    uint32_t version = get_be32(buf + PKT_OFF_VERSION);
    uint32_t f = get_be32(buf + PKT_OFF_FLAGS);

    if (magic != MULTIFD_MAGIC) {
        error_setg(errp, "multifd: received packet magic %x, expected %x",
                   magic, MULTIFD_MAGIC);
        return false;
    }
    if (version != MULTIFD_VERSION) {
        error_setg(errp, "multifd: received packet version %u, expected %u",
                   version, MULTIFD_VERSION);
        return false;
    }
    if (f & ~MULTIFD_FLAG_KNOWN) {
        error_setg(errp, "multifd: received packet flags 0x%x with unknown "
                   "bits 0x%x", f, f & ~MULTIFD_FLAG_KNOWN);
        return false;
    }
    if (f & MULTIFD_FLAG_DEVICE_STATE) {
        /* Only VFIO sends these; this machine has no such device. */
        error_setg(errp, "multifd: received a device state packet "
                   "(flags 0x%x), but no device here takes device state "
                   "over multifd", f);
        return false;
    }
    *flags = f;
    return true;
}

/* Check one offset of the packet against @block. */
static bool packet_offset_check(RAMBlock *block, uint64_t offset,
                                uint32_t index, Error **errp)
{
    if (block->used_length < MULTIFD_PAGE_SIZE ||
        offset > block->used_length - MULTIFD_PAGE_SIZE) {
        error_setg(errp, "multifd: offset too long %" PRIu64
                   " (max %" PRIx64 ")", offset, block->used_length);
        return false;
    }
    if (offset & (MULTIFD_PAGE_SIZE - 1)) {
        error_setg(errp, "multifd: received packet offset %u is %" PRIu64
                   ", not a multiple of the page size %u", index, offset,
                   MULTIFD_PAGE_SIZE);
        return false;
    }
    return true;
}

/* next_packet_size of a packet carrying @info->normal_num > 0 pages. */
static bool packet_size_check(const MultiFDPacketInfo *info,
                              const MultiFDPacketCheck *check, Error **errp)
{
    uint32_t size = info->next_packet_size;

    if (check->method_flag == MULTIFD_FLAG_NOCOMP) {
        uint64_t want = (uint64_t)info->normal_num * MULTIFD_PAGE_SIZE;

        if (size != want) {
            error_setg(errp, "multifd %u: received packet with "
                       "next_packet_size %u, expected %" PRIu64
                       " for %u normal pages", check->id, size, want,
                       info->normal_num);
            return false;
        }
        return true;
    }
    if (size == 0 || size > MULTIFD_COMPRESSED_MAX) {
        error_setg(errp, "multifd %u: received packet with "
                   "next_packet_size %u, expected 1 to %u for %u "
                   "compressed pages", check->id, size,
                   MULTIFD_COMPRESSED_MAX, info->normal_num);
        return false;
    }
    return true;
}

bool multifd_ram_packet_parse(const uint8_t *buf,
                              const MultiFDPacketCheck *check,
                              MultiFDPacketInfo *info, RAMBlock **block,
                              Error **errp)
{
    const char *name = (const char *)buf + PKT_OFF_RAMBLOCK;
    uint32_t used;
    RAMBlock *rb;

    *block = NULL;
    if (!multifd_packet_header_parse(buf, &info->flags, errp)) {
        return false;
    }
    info->pages_alloc = get_be32(buf + PKT_OFF_PAGES_ALLOC);
    info->normal_num = get_be32(buf + PKT_OFF_NORMAL);
    info->next_packet_size = get_be32(buf + PKT_OFF_NEXT_SIZE);
    info->packet_num = get_be64(buf + PKT_OFF_PACKET_NUM);
    info->zero_num = get_be32(buf + PKT_OFF_ZERO);
    info->ramblock[0] = '\0';

    if (info->pages_alloc > MULTIFD_PAGE_COUNT) {
        error_setg(errp, "multifd: received packet with %u pages, "
                   "expected %u", info->pages_alloc, MULTIFD_PAGE_COUNT);
        return false;
    }
    if (info->normal_num > info->pages_alloc) {
        error_setg(errp, "multifd: received packet with %u non-zero pages, "
                   "which exceeds maximum expected pages %u",
                   info->normal_num, info->pages_alloc);
        return false;
    }
    if (info->zero_num > info->pages_alloc - info->normal_num) {
        error_setg(errp, "multifd: received packet with %u zero pages, "
                   "expected maximum %u", info->zero_num,
                   info->pages_alloc - info->normal_num);
        return false;
    }
    if (!multifd_packet_has_pages(info)) {
        /* SYNC only: name, size and offsets may be stale (pre-10.0). */
        info->next_packet_size = 0;
        return true;
    }

    if ((info->flags & MULTIFD_FLAG_COMPRESSION_MASK) != check->method_flag) {
        error_setg(errp, "multifd %u: flags received %x flags expected %x",
                   check->id, info->flags & MULTIFD_FLAG_COMPRESSION_MASK,
                   check->method_flag);
        return false;
    }
    if (info->normal_num) {
        if (!packet_size_check(info, check, errp)) {
            return false;
        }
    } else {
        /* Zero pages only: no payload follows, whatever the field says. */
        info->next_packet_size = 0;
    }
    if (!memchr(name, '\0', MULTIFD_RAMBLOCK_NAME_SIZE)) {
        error_setg(errp, "multifd: received packet with a ramblock name "
                   "that is not NUL-terminated ('%.32s...')", name);
        return false;
    }
    memcpy(info->ramblock, name, MULTIFD_RAMBLOCK_NAME_SIZE);
    rb = check->lookup(info->ramblock, check->lookup_opaque);
    if (!rb) {
        error_setg(errp, "multifd: unknown ram block %s", info->ramblock);
        return false;
    }

    used = info->normal_num + info->zero_num;
    for (uint32_t i = 0; i < used; i++) {
        info->offset[i] = get_be64(buf + PKT_OFF_OFFSETS + 8 * i);
        if (!packet_offset_check(rb, info->offset[i], i, errp)) {
            return false;
        }
    }
    *block = rb;
    return true;
}

/*
 * Page batches
 */

void multifd_pages_reset(MultiFDPages *pages)
{
    pages->block = NULL;
    pages->num = 0;
    pages->normal_num = 0;
}

bool multifd_pages_add(MultiFDPages *pages, RAMBlock *block,
                       uint64_t offset)
{
    assert(!(offset & (MULTIFD_PAGE_SIZE - 1)));
    assert(offset < block->used_length);
    if (multifd_pages_is_full(pages) ||
        (pages->num && pages->block != block)) {
        return false;
    }
    pages->block = block;
    pages->offset[pages->num++] = offset;
    return true;
}

/*
 * Codec driver
 */

const MultiFDMethods *multifd_methods_get(MultiFDCompression compression)
{
    switch (compression) {
    case MULTIFD_COMPRESSION_NONE:
        return &multifd_nocomp_methods;
    case MULTIFD_COMPRESSION_ZLIB:
        return &multifd_zlib_methods;
    case MULTIFD_COMPRESSION_ZSTD:
        return &multifd_zstd_methods;
    default:
        return NULL;
    }
}

static const MultiFDMethods *codec_methods(MultiFDCompression compression,
                                           Error **errp)
{
    const MultiFDMethods *ops = multifd_methods_get(compression);

    if (!ops && compression < MULTIFD_COMPRESSION__MAX) {
        error_setg(errp, "multifd: compression method '%s' is not "
                   "available in this build",
                   MultiFDCompression_str(compression));
    } else if (!ops) {
        error_setg(errp, "multifd: unknown compression method %d",
                   compression);
    }
    return ops;
}

bool multifd_send_codec_setup(MultiFDSendCodec *c, uint8_t id,
                              const MultiFDCodecConfig *cfg, Error **errp)
{
    memset(c, 0, sizeof(*c));
    c->id = id;
    c->cfg = *cfg;
    c->ops = codec_methods(cfg->compression, errp);
    if (!c->ops) {
        return false;
    }
    if (!c->ops->send_setup(c, errp)) {
        c->ops->send_cleanup(c);
        return false;
    }
    c->method_ready = true;
    return true;
}

void multifd_send_codec_cleanup(MultiFDSendCodec *c)
{
    if (c->ops) {
        c->ops->send_cleanup(c);
    }
    c->method_ready = false;
    c->iovs_num = 0;
}

/* The iov starts with the packet header alone, no payload yet. */
static void send_codec_iov_start(MultiFDSendCodec *c)
{
    c->iov[0].iov_base = c->packet;
    c->iov[0].iov_len = MULTIFD_RAM_PACKET_SIZE;
    c->iovs_num = 1;
    c->next_packet_size = 0;
}

bool multifd_send_codec_prepare(MultiFDSendCodec *c, MultiFDPages *pages,
                                uint64_t packet_num, Error **errp)
{
    MultiFDPacketInfo *info = &c->info;

    assert(c->method_ready);
    assert(pages->num > 0 && pages->num <= MULTIFD_PAGE_COUNT);

    multifd_send_zero_page_detect(pages, c->cfg.zero_page_detection);

    send_codec_iov_start(c);
    if (pages->normal_num && !c->ops->send_prepare(c, pages, errp)) {
        c->iovs_num = 0;
        return false;
    }

    info->flags = c->ops->flag;
    info->pages_alloc = MULTIFD_PAGE_COUNT;
    info->normal_num = pages->normal_num;
    info->zero_num = pages->num - pages->normal_num;
    info->next_packet_size = c->next_packet_size;
    info->packet_num = packet_num;
    g_strlcpy(info->ramblock, pages->block->idstr, sizeof(info->ramblock));
    memcpy(info->offset, pages->offset, pages->num * sizeof(uint64_t));
    multifd_ram_packet_fill(c->packet, info);
    return true;
}

void multifd_send_codec_prepare_sync(MultiFDSendCodec *c,
                                     uint64_t packet_num)
{
    memset(&c->info, 0, sizeof(c->info));
    c->info.flags = MULTIFD_FLAG_SYNC;
    c->info.packet_num = packet_num;
    multifd_ram_packet_fill(c->packet, &c->info);
    send_codec_iov_start(c);
}

bool multifd_send_codec_write(MultiFDSendCodec *c, QIOChannel *ioc,
                              Error **errp)
{
    assert(c->iovs_num > 0);
    return qio_channel_writev_all(ioc, c->iov, c->iovs_num, errp);
}

bool multifd_recv_codec_setup(MultiFDRecvCodec *c, uint8_t id,
                              const MultiFDCodecConfig *cfg, Error **errp)
{
    assert(cfg->lookup);
    memset(c, 0, sizeof(*c));
    c->id = id;
    c->cfg = *cfg;
    c->ops = codec_methods(cfg->compression, errp);
    if (!c->ops) {
        return false;
    }
    if (!c->ops->recv_setup(c, errp)) {
        c->ops->recv_cleanup(c);
        return false;
    }
    c->method_ready = true;
    return true;
}

void multifd_recv_codec_cleanup(MultiFDRecvCodec *c)
{
    if (c->ops) {
        c->ops->recv_cleanup(c);
    }
    c->method_ready = false;
    c->block = NULL;
}

int multifd_recv_codec_read(MultiFDRecvCodec *c, QIOChannel *ioc,
                            Error **errp)
{
    MultiFDPacketCheck check = {
        .id = c->id,
        .method_flag = c->ops->flag,
        .lookup = c->cfg.lookup,
        .lookup_opaque = c->cfg.lookup_opaque,
    };
    uint32_t flags;
    int ret;

    assert(c->method_ready);
    c->block = NULL;
    /* The header first: a device-state packet has another length. */
    ret = qio_channel_read_all_eof(ioc, c->packet, MULTIFD_HEADER_SIZE,
                                   errp);
    if (ret <= 0) {
        return ret;
    }
    if (!multifd_packet_header_parse(c->packet, &flags, errp)) {
        return -1;
    }
    if (!qio_channel_read_all(ioc, c->packet + MULTIFD_HEADER_SIZE,
                              MULTIFD_RAM_PACKET_SIZE - MULTIFD_HEADER_SIZE,
                              errp)) {
        return -1;
    }
    if (!multifd_ram_packet_parse(c->packet, &check, &c->info, &c->block,
                                  errp)) {
        return -1;
    }
    return 1;
}

bool multifd_recv_codec_load(MultiFDRecvCodec *c, QIOChannel *ioc,
                             Error **errp)
{
    const MultiFDPacketInfo *info = &c->info;

    if (!multifd_packet_has_pages(info)) {
        return true;
    }
    assert(c->block);
    /* Zero pages first, as QEMU: a page listed twice ends up with data. */
    multifd_recv_zero_page_process(c->block, info->offset + info->normal_num,
                                   info->zero_num,
                                   c->cfg.zero_page_always_clear);
    return !info->normal_num || c->ops->recv(c, ioc, errp);
}

int multifd_recv_codec_receive(MultiFDRecvCodec *c, QIOChannel *ioc,
                               Error **errp)
{
    int ret = multifd_recv_codec_read(c, ioc, errp);

    if (ret <= 0) {
        return ret;
    }
    return multifd_recv_codec_load(c, ioc, errp) ? 1 : -1;
}
