/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Multifd wire layer: the per-channel init packet, the RAM packet, page
 * batches, zero-page classification and the compression methods
 * (nocomp, zlib, zstd) that turn a batch into bytes on a channel and
 * back into guest memory.  Wire format: /work/shared/spec/wire-format.md
 * section 4; design and how to drive it: docs/devel/multifd.md.
 *
 * Threads: nothing here starts a thread or takes a lock.  A
 * MultiFDSendCodec / MultiFDRecvCodec belongs to exactly one channel
 * thread between its setup and cleanup; the packet functions are pure
 * (any thread).  The receive side writes guest memory and sets bits in
 * RAMBlock::receivedmap with atomic operations, so several receive
 * channels may work on one block at the same time.
 * Owner: migration/multifd-packet.c (formats, codec driver),
 * multifd-nocomp.c, multifd-zlib.c, multifd-zstd.c (methods),
 * multifd-zero-page.c (zero pages).  The channel threads, sync and
 * cleanup live on top of this in migration/multifd.c (source) and
 * migration/multifd-recv.c (destination), declared at the end.
 */
#ifndef MIGRATION_MULTIFD_H
#define MIGRATION_MULTIFD_H

#include "io/channel.h"
#include "qapi/qapi-types-migration.h"
#include "qemu/uuid.h"
#include "system/ramblock.h"

/* Common header of every multifd packet (and of the init packet). */
#define MULTIFD_MAGIC 0x11223344U
#define MULTIFD_VERSION 1U

/* Packet flags (be32 at offset 8). */
#define MULTIFD_FLAG_SYNC (1U << 0)
/* Compression method: bits 1-5, one value per method. */
#define MULTIFD_FLAG_COMPRESSION_MASK (0x1fU << 1)
#define MULTIFD_FLAG_NOCOMP (0U << 1)
#define MULTIFD_FLAG_ZLIB (1U << 1)
#define MULTIFD_FLAG_ZSTD (2U << 1)
#define MULTIFD_FLAG_QPL (4U << 1)
#define MULTIFD_FLAG_UADK (8U << 1)
#define MULTIFD_FLAG_QATZIP (16U << 1)
/* 10.0+: a device-state packet (VFIO); not a RAM packet. */
#define MULTIFD_FLAG_DEVICE_STATE (1U << 6)

/* Payload of a full nocomp packet; fixes the pages per packet. */
#define MULTIFD_PACKET_SIZE (512 * 1024)
#define MULTIFD_PAGE_SIZE ((uint32_t)TARGET_PAGE_SIZE)
/* Pages per packet ("P"): 128 with 4 KiB target pages. */
#define MULTIFD_PAGE_COUNT (MULTIFD_PACKET_SIZE >> TARGET_PAGE_BITS)

/* Byte sizes on the wire. */
#define MULTIFD_INIT_PACKET_SIZE 64
#define MULTIFD_HEADER_SIZE 12
#define MULTIFD_RAM_PACKET_FIXED_SIZE 320
#define MULTIFD_RAM_PACKET_SIZE \
    (MULTIFD_RAM_PACKET_FIXED_SIZE + 8 * MULTIFD_PAGE_COUNT)
#define MULTIFD_RAMBLOCK_NAME_SIZE 256
/*
 * Largest compressed payload accepted (and produced): twice a full
 * packet, the size of QEMU's own compression buffers.
 */
#define MULTIFD_COMPRESSED_MAX (2 * MULTIFD_PACKET_SIZE)

/*
 * Init packet (first 64 bytes of every multifd connection)
 */

/* Write the init packet of channel @id into @buf (64 bytes). */
void multifd_init_packet_fill(uint8_t *buf, const QemuUUID *uuid,
                              uint8_t id);

/*
 * Check the init packet in @buf (64 bytes) against this side: magic,
 * version, the VM UUID (@uuid) and the channel id (< @channels).
 * Whether that id is already connected is the caller's business.
 * Returns the channel id, or -1 with @errp set (QEMU's texts).
 */
int multifd_init_packet_parse(const uint8_t *buf, const QemuUUID *uuid,
                              unsigned int channels, Error **errp);

/* Write the init packet of channel @id on @ioc (blocking). */
bool multifd_send_initial_packet(QIOChannel *ioc, const QemuUUID *uuid,
                                 uint8_t id, Error **errp);

/*
 * Read and check the init packet from @ioc (blocking).  Returns the
 * channel id, or -1 with @errp set (also on end of file).
 */
int multifd_recv_initial_packet(QIOChannel *ioc, const QemuUUID *uuid,
                                unsigned int channels, Error **errp);

/*
 * RAM packet (1344 bytes, then next_packet_size bytes of payload)
 */

/* A RAM packet's fields in host order (both directions). */
typedef struct MultiFDPacketInfo {
    uint32_t flags;
    uint32_t pages_alloc;       /* P in data packets; 0 in 10.x SYNC ones */
    uint32_t normal_num;
    uint32_t zero_num;          /* 0 from pre-9.0 senders */
    uint32_t next_packet_size;  /* payload bytes (only if normal_num) */
    uint64_t packet_num;
    char ramblock[MULTIFD_RAMBLOCK_NAME_SIZE]; /* NUL-terminated */
    /* normal_num normal pages, then zero_num zero pages; byte offsets. */
    uint64_t offset[MULTIFD_PAGE_COUNT];
} MultiFDPacketInfo;

/*
 * Write the RAM packet @info into @buf (MULTIFD_RAM_PACKET_SIZE bytes).
 * Every byte is written: reserved fields and unused offsets are zero,
 * the block name is zero padded (a name of 256 bytes or more is cut to
 * 255).  The caller keeps normal_num + zero_num <= MULTIFD_PAGE_COUNT.
 */
void multifd_ram_packet_fill(uint8_t *buf, const MultiFDPacketInfo *info);

/*
 * Check the 12-byte common header in @buf: magic, version, no unknown
 * flag, not a device-state packet.  Sets *@flags.
 */
bool multifd_packet_header_parse(const uint8_t *buf, uint32_t *flags,
                                 Error **errp);

/* Finds a local RAMBlock by its idstr, or returns NULL. */
typedef RAMBlock *MultiFDBlockLookupFunc(const char *idstr, void *opaque);

/* What a receiver checks an incoming RAM packet against. */
typedef struct MultiFDPacketCheck {
    uint8_t id;                 /* channel id, for messages */
    uint32_t method_flag;       /* MULTIFD_FLAG_NOCOMP/ZLIB/ZSTD */
    MultiFDBlockLookupFunc *lookup;
    void *lookup_opaque;
} MultiFDPacketCheck;

/*
 * Parse and validate the RAM packet in @buf (MULTIFD_RAM_PACKET_SIZE
 * bytes) before anything touches memory: header, pages_alloc <= P,
 * counts, and for packets with pages: method bits == @check's,
 * next_packet_size (nocomp: exactly normal_num pages; compressed: 1 ..
 * MULTIFD_COMPRESSED_MAX), a NUL-terminated known block name, every
 * offset page aligned and inside the block's used_length.  Packets
 * without pages (SYNC) are accepted with whatever stale name, size and
 * offsets pre-10.0 senders leave in them; *@block is then NULL.
 * Errors name the field and quote the bad value.
 */
bool multifd_ram_packet_parse(const uint8_t *buf,
                              const MultiFDPacketCheck *check,
                              MultiFDPacketInfo *info, RAMBlock **block,
                              Error **errp);

/* True if @info carries pages (normal or zero) for the method. */
static inline bool multifd_packet_has_pages(const MultiFDPacketInfo *info)
{
    return info->normal_num + info->zero_num > 0;
}

/*
 * Page batches
 */

/*
 * Up to MULTIFD_PAGE_COUNT pages of one block, filled by the migration
 * thread and handed over whole to one channel (the buffer exchange
 * belongs to multifd.c).  After multifd_send_codec_prepare() the first
 * normal_num offsets are the normal pages, the rest zero pages.
 */
typedef struct MultiFDPages {
    RAMBlock *block;
    uint32_t num;
    uint32_t normal_num;
    uint64_t offset[MULTIFD_PAGE_COUNT];  /* byte offsets in block */
} MultiFDPages;

void multifd_pages_reset(MultiFDPages *pages);

static inline bool multifd_pages_is_empty(const MultiFDPages *pages)
{
    return pages->num == 0;
}

static inline bool multifd_pages_is_full(const MultiFDPages *pages)
{
    return pages->num == MULTIFD_PAGE_COUNT;
}

/*
 * Append the page at byte @offset of @block.  Returns false, changing
 * nothing, if the batch is full or holds pages of another block: the
 * caller sends it and starts a new one.  @offset must be page aligned
 * and inside the block (a bug otherwise).
 */
bool multifd_pages_add(MultiFDPages *pages, RAMBlock *block,
                       uint64_t offset);

/*
 * Zero pages (multifd-zero-page.c)
 */

/*
 * Send side: with @mode ZERO_PAGE_DETECTION_MULTIFD, reorder
 * @pages->offset so the non-zero pages come first and the zero pages
 * after them (QEMU's in-place swap order, so packets are byte-identical
 * to QEMU's) and set normal_num; with "none" or "legacy" every page
 * stays normal.  Reads guest memory (may race with the guest: a page
 * changing meanwhile is resent after the next dirty sync).
 */
void multifd_send_zero_page_detect(MultiFDPages *pages,
                                   ZeroPageDetection mode);

/*
 * Receive side: for each of the @num zero pages at @offsets in @block,
 * clear the page if it was received before (or always, with
 * @always_clear: postcopy-ram) and it is not already zero; mark it
 * received.  A page never received is assumed to be still zero, as
 * QEMU 10.2 does.  Blocks without a receivedmap: every page counts as
 * received (cleared when not zero).
 */
void multifd_recv_zero_page_process(RAMBlock *block, const uint64_t *offsets,
                                    uint32_t num, bool always_clear);

/* Mark the page at byte @offset of @block received (atomic). */
void multifd_recv_mark_received(RAMBlock *block, uint64_t offset);

/*
 * Codecs: one per channel and direction, driving a method
 */

/* Settings a codec takes at setup (the caller reads the parameters). */
typedef struct MultiFDCodecConfig {
    MultiFDCompression compression;
    int zlib_level;             /* multifd-zlib-level, 0..9 */
    int zstd_level;             /* multifd-zstd-level, 0..20 */
    ZeroPageDetection zero_page_detection;      /* send side */
    bool zero_page_always_clear;                /* receive side, postcopy */
    MultiFDBlockLookupFunc *lookup;             /* receive side */
    void *lookup_opaque;
} MultiFDCodecConfig;

typedef struct MultiFDSendCodec MultiFDSendCodec;
typedef struct MultiFDRecvCodec MultiFDRecvCodec;

/*
 * A compression method.  All hooks run in the channel's own thread
 * (send or receive), between the codec's setup and cleanup; the method
 * state hangs off codec->method_state and is owned by that thread.
 */
typedef struct MultiFDMethods {
    const char *name;           /* "none", "zlib", "zstd" */
    uint32_t flag;              /* MULTIFD_FLAG_* method bits */
    /* Allocate the per-channel compression state. */
    bool (*send_setup)(MultiFDSendCodec *c, Error **errp);
    /* Free it; idempotent, safe after a failed send_setup. */
    void (*send_cleanup)(MultiFDSendCodec *c);
    /*
     * Turn the pages->normal_num (> 0) normal pages into payload iovecs
     * appended at c->iov[c->iovs_num], and set c->next_packet_size.
     */
    bool (*send_prepare)(MultiFDSendCodec *c, const MultiFDPages *pages,
                         Error **errp);
    bool (*recv_setup)(MultiFDRecvCodec *c, Error **errp);
    void (*recv_cleanup)(MultiFDRecvCodec *c);
    /*
     * Read the payload of the parsed packet c->info (normal_num > 0)
     * from @ioc into the pages of c->block, and mark them received.
     */
    bool (*recv)(MultiFDRecvCodec *c, QIOChannel *ioc, Error **errp);
} MultiFDMethods;

extern const MultiFDMethods multifd_nocomp_methods;
extern const MultiFDMethods multifd_zlib_methods;
extern const MultiFDMethods multifd_zstd_methods;

/* The method for @compression, or NULL if not built in (qpl, ...). */
const MultiFDMethods *multifd_methods_get(MultiFDCompression compression);

/* Send side of one channel. */
struct MultiFDSendCodec {
    /* Set by multifd_send_codec_setup(), read-only after. */
    uint8_t id;
    const MultiFDMethods *ops;
    MultiFDCodecConfig cfg;
    /* Owned by the channel's send thread. */
    void *method_state;
    bool method_ready;          /* send_setup succeeded */
    /*
     * Filled by multifd_send_codec_prepare*(): iov[0] is the packet
     * header (packet[]), iov[1..iovs_num-1] the payload.  They point at
     * guest pages (nocomp) or method buffers and stay valid until the
     * next prepare or cleanup.
     */
    uint8_t packet[MULTIFD_RAM_PACKET_SIZE];
    MultiFDPacketInfo info;
    struct iovec iov[MULTIFD_PAGE_COUNT + 1];
    unsigned int iovs_num;
    uint32_t next_packet_size;
};

/*
 * Set up @c for channel @id with @cfg.  Fails on a compression method
 * that is not built in, or when the method cannot set up.  On failure
 * @c needs only multifd_send_codec_cleanup().
 */
bool multifd_send_codec_setup(MultiFDSendCodec *c, uint8_t id,
                              const MultiFDCodecConfig *cfg, Error **errp);

/* Free the method state; idempotent, safe after a failed setup. */
void multifd_send_codec_cleanup(MultiFDSendCodec *c);

/*
 * Build the packet for the non-empty batch @pages (numbered
 * @packet_num): zero-page split per cfg.zero_page_detection (reorders
 * @pages and sets normal_num), method payload, header.  Then write
 * c->iov / c->iovs_num (MULTIFD_RAM_PACKET_SIZE + c->next_packet_size
 * bytes); multifd_send_codec_write() does that.  The batch's pages
 * must not be reused until the write is done (nocomp points at them).
 */
bool multifd_send_codec_prepare(MultiFDSendCodec *c, MultiFDPages *pages,
                                uint64_t packet_num, Error **errp);

/*
 * Build a SYNC packet as QEMU 10.x sends it: flags SYNC only, no pages,
 * pages_alloc 0, no payload.
 */
void multifd_send_codec_prepare_sync(MultiFDSendCodec *c,
                                     uint64_t packet_num);

/* Write what the last prepare built to @ioc (blocking). */
bool multifd_send_codec_write(MultiFDSendCodec *c, QIOChannel *ioc,
                              Error **errp);

/* Bytes the last prepare put in c->iov (header plus payload). */
static inline uint64_t multifd_send_codec_bytes(const MultiFDSendCodec *c)
{
    return MULTIFD_RAM_PACKET_SIZE + (uint64_t)c->next_packet_size;
}

/* Receive side of one channel. */
struct MultiFDRecvCodec {
    /* Set by multifd_recv_codec_setup(), read-only after. */
    uint8_t id;
    const MultiFDMethods *ops;
    MultiFDCodecConfig cfg;
    /* Owned by the channel's receive thread. */
    void *method_state;
    bool method_ready;
    uint8_t packet[MULTIFD_RAM_PACKET_SIZE];
    /* The last packet read, valid after multifd_recv_codec_read(). */
    MultiFDPacketInfo info;
    RAMBlock *block;            /* NULL for packets without pages */
    struct iovec iov[MULTIFD_PAGE_COUNT];
};

/* As multifd_send_codec_setup(); @cfg->lookup is required. */
bool multifd_recv_codec_setup(MultiFDRecvCodec *c, uint8_t id,
                              const MultiFDCodecConfig *cfg, Error **errp);

void multifd_recv_codec_cleanup(MultiFDRecvCodec *c);

/*
 * Read the next packet header from @ioc and validate it (into c->info,
 * c->block).  Returns 1 on a packet, 0 on end of file before its first
 * byte (the source closed the channel between packets), -1 with @errp
 * set on error or end of file inside the header.  Blocking.
 */
int multifd_recv_codec_read(MultiFDRecvCodec *c, QIOChannel *ioc,
                            Error **errp);

/*
 * Load the payload of the packet just read: normal pages through the
 * method into guest memory, zero pages per multifd_recv_zero_page_
 * process().  Nothing to do for a packet without pages.  Blocking.
 */
bool multifd_recv_codec_load(MultiFDRecvCodec *c, QIOChannel *ioc,
                             Error **errp);

/*
 * multifd_recv_codec_read() then multifd_recv_codec_load(); same
 * return values.  After 1, c->info.flags & MULTIFD_FLAG_SYNC says
 * whether the caller must now report reaching a sync point.
 */
int multifd_recv_codec_receive(MultiFDRecvCodec *c, QIOChannel *ioc,
                               Error **errp);

/*
 * Channels and threads (multifd.c: source, multifd-recv.c: destination).
 * Thread rules are in those files' headers; docs/devel/multifd.md.
 */
typedef struct QEMUFile QEMUFile;
typedef struct SocketAddress SocketAddress;

/*
 * Source.  Main thread, BQL: create the state and start connecting the
 * multifd-channels channels to @addr (asynchronously; each connected
 * channel gets its send thread, which sends the init packet).  Fails
 * only for a compression method that is not built in.
 */
bool multifd_send_setup(const SocketAddress *addr, Error **errp);
/* Whether an outgoing multifd state exists (main or migration thread). */
bool multifd_send_active(void);
/*
 * Migration thread: wait until every channel is up.  False when one
 * failed (its error is the migration's) or the migration is cancelled.
 */
bool multifd_send_wait_channels(void);
/*
 * Migration thread: queue the page at byte @offset of @block; a full
 * batch (or a page of another block) hands the batch to an idle
 * channel.  False once the migration failed or is cancelled.
 */
bool multifd_queue_page(RAMBlock *block, uint64_t offset);
/* Migration thread: pages were queued since the last sync. */
bool multifd_send_unsynced(void);
/*
 * Migration thread: send the partial batch, have every channel write a
 * SYNC packet and wait for all of them; with @flush_record, then put
 * RAM_SAVE_FLAG_MULTIFD_FLUSH on @f and flush it (per-round mode).
 * True without multifd.  False once the migration failed or is
 * cancelled.
 */
bool multifd_send_flush_and_sync(QEMUFile *f, bool flush_record);
/*
 * Main thread, BQL: stop everything (shut the channels down, wake every
 * waiter) without freeing anything.  Cancel and failure.
 */
void multifd_send_cancel(void);
/*
 * Main thread, BQL, after the migration thread was joined: stop, join
 * every send thread, close the channels, free the state.  Idempotent,
 * fine after a partial setup; late connect results are dropped.
 */
void multifd_send_shutdown(void);

/*
 * Destination.  Main thread, BQL: create the state (idempotent) for
 * multifd-channels channels.
 */
bool multifd_recv_setup(void);
/*
 * Main thread, BQL: read the init packet of the multifd connection
 * @ioc (its 64 bytes must be there already or arrive promptly) and
 * place it by its id.  Takes its own reference on @ioc.
 */
bool multifd_recv_new_channel(QIOChannel *ioc, Error **errp);
/* Main thread: every channel is connected. */
bool multifd_recv_all_channels_created(void);
/* Main thread, BQL: start the receive threads (with the load). */
bool multifd_recv_start(Error **errp);
/*
 * Load thread, at a MULTIFD_FLUSH record (or an EOS in per-section
 * mode): wait until every channel has reached its SYNC packet, then
 * release them.  True without multifd.  False with @errp when a channel
 * failed or ended first.
 */
bool multifd_recv_sync_main(Error **errp);

/*
 * At the end of a successful load: fail if no sync point was passed at
 * all, or a channel loaded pages that no sync point covered (a source
 * synchronising at other points than this side waits for, e.g. a QEMU
 * 8.0 source without multifd-flush-after-each-section here: its pages
 * would otherwise be lost silently).  Load thread, threads stopped.
 */
bool multifd_recv_check_synced(Error **errp);
/*
 * Stop the receive threads: shut the channels down, wake and join
 * them (load thread at the end of the RAM load, or main thread).
 * Idempotent.
 */
void multifd_recv_stop(void);
/* Main thread, BQL, load thread joined: stop, close, free. Idempotent. */
void multifd_recv_cleanup(void);

#endif /* MIGRATION_MULTIFD_H */
