/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Unit tests of the main migration stream (migration/savevm.c,
 * migration/global_state.c, system/cpu-timers.c): the bytes the source
 * writes, save/load round trips with a fake live handler, the recorded
 * QEMU 7.2 streams, and hostile input.
 */
#include "qemu/osdep.h"
#include "qapi/error.h"
#include "qobject/qdict.h"
#include "io/channel-buffer.h"
#include "hw/boards.h"
#include "system/runstate.h"
#include "system/system.h"
#include "system/cpu-timers.h"
#include "migration/global_state.h"
#include "migration/migration.h"
#include "migration/options.h"
#include "migration/qemu-file.h"
#include "migration/savevm.h"

/* Fake live handler "fake": a counter streamed over several rounds. */
typedef struct FakeLive {
    uint32_t rounds;            /* PART sections before it is done */
    uint32_t sent, received;
    uint32_t setup_seen, end_seen;
    bool cleaned;
} FakeLive;

static int fake_save_setup(QEMUFile *f, void *opaque, Error **errp)
{
    qemu_put_be32(f, 0xabcd0000);
    return 0;
}

static int fake_save_iterate(QEMUFile *f, void *opaque)
{
    FakeLive *s = opaque;

    qemu_put_be32(f, 0xabcd0001);
    qemu_put_be32(f, s->sent++);
    return s->sent >= s->rounds;
}

static int fake_save_complete(QEMUFile *f, void *opaque)
{
    qemu_put_be32(f, 0xabcd0002);
    return 0;
}

static void fake_pending(void *opaque, uint64_t *must, uint64_t *can)
{
    FakeLive *s = opaque;

    *must += (s->rounds - MIN(s->sent, s->rounds)) * 8;
}

static void fake_save_cleanup(void *opaque)
{
    ((FakeLive *)opaque)->cleaned = true;
}

static int fake_load(QEMUFile *f, void *opaque, int version_id, Error **errp)
{
    FakeLive *s = opaque;
    uint32_t tag = qemu_get_be32(f);

    switch (tag) {
    case 0xabcd0000:
        s->setup_seen++;
        return 0;
    case 0xabcd0001:
        if (qemu_get_be32(f) != s->received++) {
            error_setg(errp, "fake: out of order");
            return -EINVAL;
        }
        return 0;
    case 0xabcd0002:
        s->end_seen++;
        return 0;
    }
    error_setg(errp, "fake: bad tag 0x%08x", tag);
    return -EINVAL;
}

static const SaveVMHandlers fake_handlers = {
    .save_setup = fake_save_setup,
    .save_live_iterate = fake_save_iterate,
    .save_live_complete_precopy = fake_save_complete,
    .state_pending_estimate = fake_pending,
    .state_pending_exact = fake_pending,
    .save_cleanup = fake_save_cleanup,
    .load_state = fake_load,
};

/*
 * Test "ram" handler: consumes the RAM records of QEMU's streams (MEM_SIZE
 * list, ZERO, PAGE, EOS; wire-format.md 3.1) without memory behind them.
 */
typedef struct FakeRam {
    uint64_t zero_pages, normal_pages, sections;
} FakeRam;

static bool ram_skip_name(QEMUFile *f)
{
    uint8_t name[256];
    uint8_t len = qemu_get_byte(f);

    return qemu_get_buffer(f, name, len) == len;
}

static int fake_ram_load(QEMUFile *f, void *opaque, int version_id,
                         Error **errp)
{
    FakeRam *r = opaque;
    uint8_t page[4096];

    r->sections++;
    while (!qemu_file_get_error(f)) {
        uint64_t word = qemu_get_be64(f);
        uint64_t flags = word & 0xfff, total = word & ~0xfffULL;

        switch (flags & ~0x20ULL) {
        case 0x04:
            while (total && !qemu_file_get_error(f)) {
                uint64_t len;

                ram_skip_name(f);
                len = qemu_get_be64(f);
                if (migrate_ignore_shared()) {
                    qemu_get_be64(f);
                }
                if (len > total) {
                    error_setg(errp, "ram: bad block list");
                    return -EINVAL;
                }
                total -= len;
            }
            break;
        case 0x02:
            if (!(flags & 0x20)) {
                ram_skip_name(f);
            }
            if (qemu_get_byte(f) != 0) {
                error_setg(errp, "ram: zero byte not 0");
                return -EINVAL;
            }
            r->zero_pages++;
            break;
        case 0x08:
            if (!(flags & 0x20)) {
                ram_skip_name(f);
            }
            qemu_get_buffer(f, page, sizeof(page));
            r->normal_pages++;
            break;
        case 0x10:
            return 0;
        default:
            error_setg(errp, "ram: unknown flags 0x%" PRIx64, flags);
            return -EINVAL;
        }
    }
    return qemu_file_get_error(f);
}

static const SaveVMHandlers fake_ram_handlers = {
    .load_state = fake_ram_load,
};

/* A vmstate device. */
typedef struct Dev {
    uint32_t a;
    uint64_t b;
} Dev;

static const VMStateDescription vmstate_dev = {
    .name = "dev",
    .version_id = 2,
    .minimum_version_id = 1,
    .fields = (const VMStateField[]) {
        VMSTATE_UINT32(a, Dev),
        VMSTATE_UINT64_V(b, Dev, 2),
        VMSTATE_END_OF_LIST()
    },
};

static FakeLive fake_live;
static FakeRam fake_ram;
static Dev dev;
static MachineState *machine;

/* Registry of a -M none like VM: timer, ram, [fake, dev], globalstate. */
static void setup_vm(const char *machine_name, bool with_fake)
{
    QDict *opts = qdict_new();

    migration_object_init(&error_abort);
    machine = machine_create(find_machine_class(machine_name), opts,
                             &error_abort);
    qobject_unref(opts);
    savevm_state_reset();
    cpu_timers_init();
    register_savevm_live("ram", 0, 4, &fake_ram_handlers, &fake_ram,
                         &error_abort);
    if (with_fake) {
        register_savevm_live("fake", 0, 1, &fake_handlers, &fake_live,
                             &error_abort);
        vmstate_register(0, &vmstate_dev, &dev, &error_abort);
    }
    global_state_register();
    memset(&fake_live, 0, sizeof(fake_live));
    memset(&fake_ram, 0, sizeof(fake_ram));
    memset(&dev, 0, sizeof(dev));
    qemu_uuid_set = false;
    memset(&qemu_uuid, 0, sizeof(qemu_uuid));
}

static void teardown_vm(void)
{
    savevm_state_reset();
    object_unref(machine);
    machine = NULL;
    migration_object_finalize();
}

/* Run a whole precopy save into a buffer; returns the stream. */
static GByteArray *save_stream(void)
{
    QIOChannelBuffer *bioc = qio_channel_buffer_new(0);
    QEMUFile *f = qemu_file_new_output(QIO_CHANNEL(bioc));
    GByteArray *out = g_byte_array_new();
    uint64_t must, can;
    int ret, rounds = 0;

    qemu_savevm_state_header(f);
    g_assert_cmpint(qemu_savevm_state_setup(f, &error_abort), ==, 0);
    do {
        qemu_savevm_state_pending_exact(&must, &can);
        ret = qemu_savevm_state_iterate(f);
        g_assert_cmpint(ret, >=, 0);
        g_assert_cmpint(++rounds, <, 100);
    } while (ret == 0);
    qemu_savevm_state_pending_estimate(&must, &can);
    g_assert_cmpuint(must, ==, 0);
    global_state_store();
    g_assert_cmpint(qemu_savevm_state_complete_precopy(f, &error_abort), ==,
                    0);
    qemu_savevm_state_cleanup();
    g_byte_array_append(out, bioc->data, bioc->usage);
    g_assert_cmpint(qemu_fclose(f), ==, 0);
    qio_channel_unref(QIO_CHANNEL(bioc));
    return out;
}

static int load_stream(const uint8_t *data, size_t len, Error **errp)
{
    QIOChannelBuffer *bioc =
        qio_channel_buffer_new_data(len ? data : (const uint8_t *)"", len);
    QEMUFile *f = qemu_file_new_input(QIO_CHANNEL(bioc));
    int ret = qemu_loadvm_state(f, errp);

    qemu_fclose(f);
    qio_channel_unref(QIO_CHANNEL(bioc));
    return ret;
}

static uint32_t be32(const uint8_t *p)
{
    return (uint32_t)p[0] << 24 | p[1] << 16 | p[2] << 8 | p[3];
}

static gsize find_bytes(GByteArray *hay, const void *needle, gsize n)
{
    gsize i;

    for (i = 0; i + n <= hay->len; i++) {
        if (!memcmp(hay->data + i, needle, n)) {
            return i;
        }
    }
    g_assert_not_reached();
}

/* The stream of -M none: header bytes, sections, globalstate, trailer. */
static void test_save_none_bytes(void)
{
    static const uint8_t head[] = {
        0x51, 0x45, 0x56, 0x4d, 0x00, 0x00, 0x00, 0x03,
        0x07, 0x00, 0x00, 0x00, 0x04, 'n', 'o', 'n', 'e',
    };
    static const uint8_t timer[] = {
        0x04, 0, 0, 0, 0, 5, 't', 'i', 'm', 'e', 'r', 0, 0, 0, 0, 0, 0, 0, 2,
    };
    g_autoptr(GByteArray) s = NULL;
    uint8_t gs[1 + 4 + 1 + 11 + 8 + 104 + 5] = { 0x04, 0, 0, 0, 2, 11 };
    uint8_t *p = gs + 6;
    gsize off, end;
    const char *json;

    setup_vm("none", false);
    s = save_stream();
    g_assert_cmpmem(s->data, sizeof(head), head, sizeof(head));
    /* send-switchover-start is on by default (10.2) */
    g_assert_cmpmem(s->data + sizeof(head), 5, "\x08\0\x0b\0\0", 5);
    /* RAM has no setup hook here, so the timer FULL section comes next. */
    off = sizeof(head) + 5;
    g_assert_cmpmem(s->data + off, sizeof(timer), timer, sizeof(timer));
    off += sizeof(timer) + 24;
    g_assert_cmpmem(s->data + off, 5, "\x7e\0\0\0\0", 5);

    /* globalstate (id 2 here): wire-format.md 1.10's example bytes. */
    memcpy(p, "globalstate", 11);
    p += 11;
    memcpy(p, "\0\0\0\0\0\0\0\1\0\0\0\x0a" "prelaunch", 4 + 4 + 4 + 9);
    p += 4 + 4 + 4 + 32;
    *p++ = 1;
    p += 1 + 66;
    memcpy(p, "\x7e\0\0\0\2", 5);
    off += 5;
    g_assert_cmpmem(s->data + off, sizeof(gs), gs, sizeof(gs));
    off += sizeof(gs);
    g_assert_cmpint(s->data[off], ==, QEMU_VM_EOF);
    g_assert_cmpint(s->data[off + 1], ==, QEMU_VM_VMDESCRIPTION);
    end = off + 6 + be32(s->data + off + 2);
    g_assert_cmpuint(end, ==, s->len);
    json = (const char *)s->data + off + 6;
    g_assert_true(g_str_has_prefix(json,
        "{\"configuration\": {\"vmsd_name\": \"configuration\", "
        "\"version\": 1, \"fields\": [{\"name\": \"len\", \"type\": "
        "\"uint32\", \"size\": 4}, {\"name\": \"name\", \"type\": "
        "\"buffer\", \"size\": 4}]}, \"page_size\": 4096, \"devices\": "
        "[{\"name\": \"timer\", \"instance_id\": 0, \"vmsd_name\": "
        "\"timer\", \"version\": 2, \"fields\": [{\"name\": "
        "\"cpu_ticks_offset\", \"type\": \"int64\", \"size\": 8}, "
        "{\"name\": \"unused\", \"type\": \"unused_buffer\", \"size\": 8}, "
        "{\"name\": \"cpu_clock_offset\", \"type\": \"int64\", "
        "\"size\": 8}]}, {\"name\": \"globalstate\", \"instance_id\": 0, "
        "\"vmsd_name\": \"globalstate\", \"version\": 1, \"fields\": "
        "[{\"name\": \"size\", \"type\": \"uint32\", \"size\": 4}, "
        "{\"name\": \"runstate\", \"type\": \"buffer\", \"size\": 32}, "
        "{\"name\": \"has_vm_was_suspended\", \"type\": \"uint8\", "
        "\"size\": 1}, {\"name\": \"vm_was_suspended\", \"type\": "
        "\"uint8\", \"size\": 1}, {\"name\": \"unused\", \"type\": "
        "\"buffer\", \"size\": 66}]}]}"));
    teardown_vm();
}

/* Configuration subsections follow validate-uuid and x-ignore-shared. */
static void test_save_config_subsections(void)
{
    static const uint8_t uuid_sub[] = {
        0x05, 18, 'c', 'o', 'n', 'f', 'i', 'g', 'u', 'r', 'a', 't', 'i', 'o',
        'n', '/', 'u', 'u', 'i', 'd', 0, 0, 0, 1,
        0x11, 0x11, 0x11, 0x11, 0x22, 0x22, 0x33, 0x33,
        0x44, 0x44, 0x55, 0x55, 0x55, 0x55, 0x55, 0x55,
    };
    static const char caps_sub[] =
        "\x05\x1a" "configuration/capabilities" "\0\0\0\1" "\0\0\0\1"
        "\x0f" "x-ignore-shared";
    g_autoptr(GByteArray) s = NULL;
    g_autoptr(GByteArray) c = NULL;

    setup_vm("none", false);
    qemu_uuid_parse("11111111-2222-3333-4444-555555555555", &qemu_uuid);
    qemu_uuid_set = true;
    /* -uuid alone sends nothing; validate-uuid adds the subsection. */
    s = save_stream();
    g_assert_cmpint(s->data[17], !=, QEMU_VM_SUBSECTION);
    migrate_get_current()->capabilities[MIGRATION_CAPABILITY_VALIDATE_UUID] =
        true;
    g_byte_array_unref(s);
    s = save_stream();
    g_assert_cmpmem(s->data + 17, sizeof(uuid_sub), uuid_sub,
                    sizeof(uuid_sub));

    migrate_get_current()->capabilities[MIGRATION_CAPABILITY_VALIDATE_UUID] =
        false;
    migrate_get_current()->capabilities[MIGRATION_CAPABILITY_X_IGNORE_SHARED] =
        true;
    c = save_stream();
    g_assert_cmpmem(c->data + 17, sizeof(caps_sub) - 1, caps_sub,
                    sizeof(caps_sub) - 1);
    teardown_vm();
}

/* Commands: exact bytes, SWITCHOVER_START per send-switchover-start. */
static void test_save_commands(void)
{
    QIOChannelBuffer *bioc = qio_channel_buffer_new(0);
    QEMUFile *f = qemu_file_new_output(QIO_CHANNEL(bioc));
    g_autoptr(GByteArray) s = NULL;

    qemu_savevm_send_open_return_path(f);
    qemu_savevm_send_ping(f, 0x01020304);
    qemu_savevm_send_switchover_start(f);
    g_assert_cmpuint(bioc->usage, ==, 5 + 9 + 5);
    g_assert_cmpmem(bioc->data, bioc->usage,
                    "\x08\0\x01\0\0" "\x08\0\x02\0\x04\x01\x02\x03\x04"
                    "\x08\0\x0b\0\0", 19);
    qemu_fclose(f);
    qio_channel_unref(QIO_CHANNEL(bioc));

    setup_vm("none", false);
    migrate_get_current()->send_switchover_start = true;
    s = save_stream();
    g_assert_cmpuint(find_bytes(s, "\x08\0\x0b\0\0\x04\0\0\0\0\x05timer", 16),
                     ==, 17);
    teardown_vm();
}

/* Our own stream loads back: fake live data, device, global state. */
static void test_roundtrip(void)
{
    g_autoptr(GByteArray) s = NULL;
    Error *err = NULL;

    setup_vm("none", true);
    fake_live.rounds = 3;
    dev.a = 0x11223344;
    dev.b = 0x5566778899aabbccULL;
    s = save_stream();
    g_assert_true(fake_live.cleaned);
    g_assert_cmpuint(fake_live.sent, ==, 3);

    memset(&dev, 0, sizeof(dev));
    g_assert_cmpint(load_stream(s->data, s->len, &err), ==, 0);
    g_assert_null(err);
    g_assert_cmpuint(fake_live.setup_seen, ==, 1);
    g_assert_cmpuint(fake_live.received, ==, 3);
    g_assert_cmpuint(fake_live.end_seen, ==, 1);
    g_assert_cmphex(dev.a, ==, 0x11223344);
    g_assert_cmphex(dev.b, ==, 0x5566778899aabbccULL);
    g_assert_true(global_state_received());
    g_assert_cmpint(global_state_get_runstate(), ==, RUN_STATE_PRELAUNCH);

    /* Without globalstate the destination assumes "running". */
    migrate_get_current()->store_global_state = false;
    g_byte_array_unref(s);
    s = save_stream();
    g_assert_null(memmem(s->data, s->len, "globalstate", 11));
    g_assert_cmpint(load_stream(s->data, s->len, &error_abort), ==, 0);
    g_assert_false(global_state_received());
    g_assert_cmpint(global_state_get_runstate(), ==, RUN_STATE_RUNNING);
    teardown_vm();
}

static uint8_t *read_vector(const char *name, gsize *len, bool local)
{
    g_autofree char *path = NULL;
    uint8_t *data = NULL;

    if (local) {
        path = g_test_build_filename(G_TEST_DIST, "..", "data", "migration",
                                     name, NULL);
    } else {
        path = g_test_build_filename(G_TEST_DIST, "..", "..", "..", "shared",
                                     "vectors", "qemu-7.2", "streams", name,
                                     NULL);
    }
    if (!g_file_get_contents(path, (char **)&data, len, NULL)) {
        return NULL;
    }
    return data;
}

/* Load a recorded stream; NULL expect means success.  False if absent. */
static bool load_vector(const char *name, bool local, const char *expect)
{
    g_autofree uint8_t *data = NULL;
    Error *err = NULL;
    gsize len;
    int ret;

    data = read_vector(name, &len, local);
    if (!data) {
        g_test_skip("recorded QEMU 7.2 stream not available");
        return false;
    }
    ret = load_stream(data, len, &err);
    if (!expect) {
        if (err) {
            g_error("%s: %s", name, error_get_pretty(err));
        }
        g_assert_cmpint(ret, ==, 0);
        g_assert_cmpint(global_state_get_runstate(), ==, RUN_STATE_PRELAUNCH);
        g_assert_cmpuint(fake_ram.sections, ==, 3);
    } else {
        g_assert_cmpint(ret, <, 0);
        g_assert_nonnull(err);
        if (!strstr(error_get_pretty(err), expect)) {
            g_error("'%s' lacks '%s'", error_get_pretty(err), expect);
        }
        error_free(err);
    }
    return true;
}

static void test_load_72_plain(void)
{
    setup_vm("none", false);
    if (load_vector("none-anon.mig", false, NULL)) {
        g_assert_cmpuint(fake_ram.zero_pages, ==, 16384);
    }
    teardown_vm();
}

static void test_load_72_uuid(void)
{
    setup_vm("none", false);
    /* Destination without -uuid: only a warning. */
    load_vector("none-anon-cap-validate-uuid.mig", true, NULL);
    qemu_uuid_parse("11111111-2222-3333-4444-555555555555", &qemu_uuid);
    qemu_uuid_set = true;
    fake_ram.sections = 0;
    load_vector("none-anon-cap-validate-uuid.mig", true, NULL);
    qemu_uuid_parse("11111111-2222-3333-4444-555555555556", &qemu_uuid);
    load_vector("none-anon-cap-validate-uuid.mig", true,
                "UUID received is 11111111-2222-3333-4444-555555555555 and "
                "local is 11111111-2222-3333-4444-555555555556");
    teardown_vm();
}

static void test_load_72_ignore_shared(void)
{
    setup_vm("none", false);
    load_vector("none-anon-cap-x-ignore-shared.mig", true,
                "Capability x-ignore-shared is off, but received capability "
                "is on");
    migrate_get_current()->capabilities[MIGRATION_CAPABILITY_X_IGNORE_SHARED] =
        true;
    fake_ram.sections = 0;
    load_vector("none-anon-cap-x-ignore-shared.mig", true, NULL);
    teardown_vm();
}

static void test_load_72_unknown_sections(void)
{
    setup_vm("none", false);
    load_vector("none-anon-cap-block.mig", true,
                "Unknown savevm section or instance 'block' 0. Make sure");
    load_vector("none-anon-cap-dirty-bitmaps.mig", true,
                "Unknown savevm section or instance 'dirty-bitmap' 0");
    teardown_vm();
}

static void test_load_72_pc(void)
{
    /* Against -M none: the machine check fails first. */
    setup_vm("none", false);
    load_vector("pc-kvm.mig", false,
                "Machine type received is 'pc-i440fx-7.2' and local is "
                "'none'");
    teardown_vm();

    /* Same machine type: RAM and timer load, then the first device. */
    setup_vm("pc-i440fx-7.2", false);
    load_vector("pc-kvm.mig", false,
                "Unknown savevm section or instance 'cpu_common' 0");
    teardown_vm();
}

/* Every prefix of a valid stream fails cleanly (except the whole). */
static void test_hostile_truncated(void)
{
    g_autoptr(GByteArray) s = NULL;
    gsize cut, eof_at;

    setup_vm("none", true);
    fake_live.rounds = 2;
    s = save_stream();
    eof_at = find_bytes(s, "\x7e\0\0\0\4\0\x06", 7) + 5;
    for (cut = 0; cut <= eof_at; cut++) {
        Error *err = NULL;

        fake_live.received = 0;
        g_assert_cmpint(load_stream(s->data, cut, &err), <, 0);
        g_assert_nonnull(err);
        error_free(err);
    }
    /* A missing or cut trailer only earns a warning. */
    for (cut = eof_at + 1; cut <= s->len; cut += 7) {
        fake_live.received = 0;
        g_assert_cmpint(load_stream(s->data, cut, &error_abort), ==, 0);
    }
    teardown_vm();
}

/* Every single-bit flip before EOF either loads or fails cleanly. */
static void test_hostile_bitflip(void)
{
    g_autoptr(GByteArray) s = NULL;
    gsize i, eof_at;
    int bit, failures = 0;

    setup_vm("none", true);
    fake_live.rounds = 2;
    s = save_stream();
    eof_at = find_bytes(s, "\x7e\0\0\0\4\0\x06", 7) + 5;
    for (i = 0; i < eof_at; i++) {
        for (bit = 0; bit < 8; bit++) {
            Error *err = NULL;
            int ret;

            s->data[i] ^= 1 << bit;
            fake_live.received = 0;
            ret = load_stream(s->data, s->len, &err);
            g_assert_true((ret < 0) == (err != NULL));
            failures += ret < 0;
            error_free(err);
            s->data[i] ^= 1 << bit;
        }
    }
    g_assert_cmpint(failures, >, 0);
    teardown_vm();
}

/* Hand-made bad streams: each fails with the named problem. */
static void test_hostile_records(void)
{
    static const struct {
        const char *bytes;
        size_t len;
        const char *expect;
    } cases[] = {
#define HDR "QEVM\0\0\0\3\x07\0\0\0\x04none"
#define C(b, e) { HDR b, sizeof(HDR b) - 1, e }
        { "QEVX\0\0\0\3", 8, "Not a migration stream" },
        { "QEVM\0\0\0\2", 8, "SaveVM v2 format is obsolete" },
        { "QEVM\0\0\0\4", 8, "Unsupported migration stream version" },
        { "QEVM\0\0\0\3\x04", 9, "Configuration section missing" },
        { "QEVM\0\0\0\3\x07\0\0\0\x04nonf", 17,
          "Machine type received is 'nonf' and local is 'none'" },
        { "QEVM\0\0\0\3\x07\xff\xff\xff\xff", 13, "out of range" },
        C("\x09", "Unknown savevm section type 9"),
        C("\x05\x03" "abc", "Unknown savevm section type 5"),
        C("\x08\0\x0c\0\0", "MIG_CMD 0xc unknown (len 0x0)"),
        C("\x08\0\0\0\0", "MIG_CMD 0x0 unknown"),
        C("\x08\0\x02\0\x03\0\0\0", "bad length for PING: 3 expected 4"),
        C("\x08\0\x02\0\x04\0\0\0\1", "CMD_PING (0x1) received with no "
          "return path"),
        C("\x08\0\x01\0\0", "CMD_OPEN_RETURN_PATH failed"),
        C("\x08\0\x03\0\x05", "CMD_POSTCOPY_ADVISE invalid length (5)"),
        C("\x08\0\x03\0\x10", "RAM postcopy is disabled but have 16 byte"),
        C("\x08\0\x04\0\0", "postcopy is not supported"),
        C("\x08\0\x08\0\0", "x-colo capability is not set"),
        C("\x04\0\0\0\1\x05nosec\0\0\0\0\0\0\0\1",
          "Unknown savevm section or instance 'nosec' 0"),
        C("\x04\0\0\0\1\x05timer\0\0\0\0\0\0\0\3",
          "savevm: unsupported version 3 for 'timer' v2"),
        C("\x04\0\0\0\1\x05timer\0\0\0\1\0\0\0\2",
          "Unknown savevm section or instance 'timer' 1"),
        C("\x04\0\0\0\1\x05timer\0\0\0\0\0\0\0\2" "12345678abcdefgh12345678"
          "\x7e\0\0\0\2", "Mismatched section id in footer for timer - "
          "read 0x2 expected 0x1"),
        C("\x04\0\0\0\1\x05timer\0\0\0\0\0\0\0\2" "12345678abcdefgh12345678"
          "\x00", "Missing section footer for timer"),
        C("\x04\0\0\0\1\x05timer\0\0\0\0\0\0\0\2" "1234",
          "error while loading state for instance 0x0 of device 'timer'"),
        C("\x04\x80\0\0\0\x05timer\0\0\0\0\0\0\0\2",
          "Section id 0x80000000 of 'timer' is out of range"),
        C("\x02\0\0\0\7", "Unknown savevm section 7"),
        C("\x03\xff\xff\xff\xff", "Unknown savevm section 4294967295"),
        C("\x04\0\0\0\1\xff", "Unable to read ID string for section 1"),
        C("\x04\0\0\0\1\x0bglobalstate\0\0\0\0\0\0\0\1" "\0\0\0\4" "bad",
          "error while loading state for instance 0x0 of device "
          "'globalstate'"),
#undef C
#undef HDR
    };
    static const char bad_head[] = "QEVM\0\0\0\3\x07\0\0\0\x04none"
        "\x04\0\0\0\1\x0bglobalstate\0\0\0\0\0\0\0\1";
    uint8_t gs[4 + 32 + 2 + 66 + 5] = { 0, 0, 0, 4, 'b', 'a', 'd' };
    g_autoptr(GByteArray) bad_state = g_byte_array_new();
    Error *err = NULL;
    size_t i;

    setup_vm("none", false);
    for (i = 0; i < G_N_ELEMENTS(cases); i++) {
        int ret = load_stream((const uint8_t *)cases[i].bytes, cases[i].len,
                              &err);

        g_assert_cmpint(ret, <, 0);
        g_assert_nonnull(err);
        if (!strstr(error_get_pretty(err), cases[i].expect)) {
            g_error("case %zu: '%s' lacks '%s'", i, error_get_pretty(err),
                    cases[i].expect);
        }
        error_free(err);
        err = NULL;
    }

    /* A run state name that QEMU does not know is refused. */
    g_byte_array_append(bad_state, (const uint8_t *)bad_head,
                        sizeof(bad_head) - 1);
    memset(gs + 4 + 32, 0, sizeof(gs) - 4 - 32);
    memcpy(gs + sizeof(gs) - 5, "\x7e\0\0\0\1", 5);
    g_byte_array_append(bad_state, gs, sizeof(gs));
    g_byte_array_append(bad_state, (const uint8_t *)"\0", 1);
    g_assert_cmpint(load_stream(bad_state->data, bad_state->len, &err), <, 0);
    g_assert_nonnull(strstr(error_get_pretty(err), "unknown run state 'bad'"));
    error_free(err);
    teardown_vm();
}

int main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    machine_register_types();

    g_test_add_func("/savevm/save/none-bytes", test_save_none_bytes);
    g_test_add_func("/savevm/save/config-subsections",
                    test_save_config_subsections);
    g_test_add_func("/savevm/save/commands", test_save_commands);
    g_test_add_func("/savevm/roundtrip/live-and-device", test_roundtrip);
    g_test_add_func("/savevm/load/qemu-7.2/plain", test_load_72_plain);
    g_test_add_func("/savevm/load/qemu-7.2/validate-uuid", test_load_72_uuid);
    g_test_add_func("/savevm/load/qemu-7.2/x-ignore-shared",
                    test_load_72_ignore_shared);
    g_test_add_func("/savevm/load/qemu-7.2/unknown-sections",
                    test_load_72_unknown_sections);
    g_test_add_func("/savevm/load/qemu-7.2/pc-kvm", test_load_72_pc);
    g_test_add_func("/savevm/hostile/truncated", test_hostile_truncated);
    g_test_add_func("/savevm/hostile/bitflip", test_hostile_bitflip);
    g_test_add_func("/savevm/hostile/records", test_hostile_records);
    return g_test_run();
}
