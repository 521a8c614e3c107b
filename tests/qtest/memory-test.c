/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Guest RAM through the qtest protocol: every access command round trip
 * (sized, hex, base64, memset) at several addresses including across a
 * page boundary, anonymous RAM and a shared memory-backend-file read
 * back directly, the exact reply formats, and (our server only) garbage
 * input and the protocol log.  Dirty bits are not visible from here:
 * tests/unit/test-physmem.c checks them.
 */
#include "qemu/osdep.h"
#include "libqtest.h"

#define RAM_SIZE (64 << 20)

static QTestState *start_ram(void)
{
    g_autofree char *args = g_strdup_printf("-M %s -m 64M -S",
                                            qtest_shared_machine());

    return qtest_init(args);
}

static const uint64_t test_addrs[] = {
    0x0, 0x1000, 0x12345, 0x1ffc, 0xfff, RAM_SIZE - 16, 0x2000000,
};

static void check_sized(QTestState *s, uint64_t addr)
{
    qtest_writeb(s, addr, 0xa5);
    g_assert_cmphex(qtest_readb(s, addr), ==, 0xa5);
    qtest_writew(s, addr, 0xbeef);
    g_assert_cmphex(qtest_readw(s, addr), ==, 0xbeef);
    g_assert_cmphex(qtest_readb(s, addr), ==, 0xef);     /* little endian */
    qtest_writel(s, addr, 0xdeadbeef);
    g_assert_cmphex(qtest_readl(s, addr), ==, 0xdeadbeef);
    qtest_writeq(s, addr, 0x0123456789abcdefULL);
    g_assert_cmphex(qtest_readq(s, addr), ==, 0x0123456789abcdefULL);
    g_assert_cmphex(qtest_readl(s, addr + 4), ==, 0x01234567);
}

static void fill_pattern(uint8_t *buf, size_t len, unsigned seed)
{
    for (size_t i = 0; i < len; i++) {
        buf[i] = (uint8_t)(i * 7 + seed);
    }
}

static void check_buffers(QTestState *s, uint64_t addr, size_t len)
{
    g_autofree uint8_t *in = g_malloc(len);
    g_autofree uint8_t *out = g_malloc(len);

    fill_pattern(in, len, 3);
    qtest_memwrite(s, addr, in, len);
    qtest_memread(s, addr, out, len);
    g_assert_cmpmem(in, len, out, len);
    memset(out, 0, len);
    qtest_bufread(s, addr, out, len);
    g_assert_cmpmem(in, len, out, len);

    fill_pattern(in, len, 99);
    qtest_bufwrite(s, addr, in, len);
    qtest_memread(s, addr, out, len);
    g_assert_cmpmem(in, len, out, len);

    qtest_memset(s, addr, 0x5a, len);
    memset(in, 0x5a, len);
    qtest_bufread(s, addr, out, len);
    g_assert_cmpmem(in, len, out, len);
}

static void test_ram_round_trip(void)
{
    QTestState *s = start_ram();

    for (size_t i = 0; i < ARRAY_SIZE(test_addrs); i++) {
        check_sized(s, test_addrs[i]);
    }
    /* Across the page boundary at 0x2000, and a multi-page run. */
    check_buffers(s, 0x2000 - 100, 200);
    check_buffers(s, 0x10000 - 5, 3 * 4096 + 10);
    check_buffers(s, RAM_SIZE - 64, 64);
    /* Writes do not leak into neighbours. */
    qtest_memset(s, 0x30000, 0, 32);
    qtest_writel(s, 0x30008, 0xffffffff);
    g_assert_cmphex(qtest_readq(s, 0x30000), ==, 0);
    g_assert_cmphex(qtest_readq(s, 0x30008), ==, 0xffffffff);
    g_assert_cmphex(qtest_readq(s, 0x30010), ==, 0);
    qtest_quit(s);
}

#define REPLY(cmd, expect)                                                    \
    do {                                                                      \
        char *r_ = qtest_raw_cmd(s, cmd);                                     \
        g_assert_cmpstr(r_, ==, expect);                                      \
        g_free(r_);                                                           \
    } while (0)

/* Exact reply texts (libqtest parses them; so does QEMU's). */
static void test_reply_formats(void)
{
    QTestState *s = start_ram();

    REPLY("endianness", "OK little");
    REPLY("writel 0x1000 0x12345678", "OK");
    REPLY("readb 0x1000", "OK 0x0000000000000078");
    REPLY("readw 0x1000", "OK 0x0000000000005678");
    REPLY("readl 0x1000", "OK 0x0000000012345678");
    REPLY("read 0x1000 4", "OK 0x78563412");
    REPLY("b64read 0x1000 4", "OK eFY0Eg==");
    /* Short hex data is zero-filled; upper case is accepted. */
    REPLY("write 0x2000 4 0xAbCdEf", "OK");
    REPLY("read 0x2000 4", "OK 0xabcdef00");
    REPLY("write 0x2000 3 0x", "ERR invalid argument size");
    REPLY("b64write 0x3000 2 AQIDBA==", "OK");    /* extra data ignored */
    REPLY("read 0x3000 2", "OK 0x0102");
    REPLY("memset 0x3000 2 0x1ff", "OK");         /* the low byte */
    REPLY("read 0x3000 3", "OK 0xffff00");
    REPLY("memset 0x3000 0 1", "OK");
    REPLY("b64read 0x3000 0", "OK ");
    REPLY("writeb 0x1000 0x1234", "OK");          /* truncated to 8 bits */
    REPLY("readb 0x1000", "OK 0x0000000000000034");
    REPLY("readb 0x1000 extra", "OK 0x0000000000000034");
    REPLY("no_such_command 1 2", "FAIL Unknown command 'no_such_command'");
    REPLY("irq_intercept_in /no/such/device", "FAIL Unknown device");
    qtest_quit(s);
}

/* Our server's robustness and its extras (QEMU 7.2 aborts on these). */
static void test_garbage(void)
{
    QTestState *s = start_ram();

    REPLY("readl", "FAIL missing argument for 'readl'");
    REPLY("readl zz", "FAIL invalid number 'zz'");
    REPLY("writeb 0x1000 -", "FAIL invalid number '-'");
    REPLY("read 0x1000 0", "FAIL read of zero bytes");
    REPLY("read 0x0 0x40000000", "FAIL size 0x40000000 too large "
          "(at most 268435456 bytes)");
    REPLY("write 0x1000 2 0xzz11", "FAIL invalid hex data");
    REPLY("", "FAIL Unknown command ''");
    REPLY("writeb  0x1000   0x42\r", "OK");       /* extra blanks, CRLF */
    REPLY("readb 0x1000", "OK 0x0000000000000042");
    /* 64-bit addresses; unassigned memory reads as ones, drops writes. */
    REPLY("writeq 0xfffffffffffffff0 1", "OK");
    REPLY("readq 0xfffffffffffffff0", "OK 0xffffffffffffffff");
    /* The I/O space is empty. */
    REPLY("inb 0x80", "OK 0x00ff");
    REPLY("inl 0x80", "OK 0xffffffff");
    REPLY("outb 0x80 1", "OK");
    REPLY("outb 0x10000 1", "FAIL I/O port 0x10000 out of range");
    /* qtest's own virtual clock: nothing ever waits on it. */
    REPLY("clock_step", "FAIL cannot advance clock to the next deadline "
          "because there is no pending deadline");
    REPLY("clock_step 100", "OK 100");
    REPLY("clock_set 50", "FAIL 100");
    REPLY("clock_set 5000", "OK 5000");
    REPLY("clock_step -1", "FAIL could not advance time");
    qtest_quit(s);
}

/* A command split over many writes, and several in one write. */
static void test_partial_lines(void)
{
    g_autofree char *path = qtest_tmp_path("qtest-server.sock");
    g_autofree char *args = g_strdup_printf(
        "-M %s -m 64M -S -qtest unix:%s,server=on,wait=off -qtest-log none",
        qtest_shared_machine(), path);
    QTestState *s = qtest_init_with_opts(&(QTestOptions) {
        .extra_args = args, .no_qtest = true,
    });
    int fd = qtest_socket_connect(path);
    char *reply;

    qtest_socket_write(fd, "wri");
    qtest_socket_write(fd, "teb 0x100");
    qtest_socket_write(fd, "0 0x7");
    qtest_socket_write(fd, "7\nreadb 0x1000\nreadw 0x1000\n");
    reply = qtest_socket_read_until(fd, "\n");
    g_assert_cmpstr(reply, ==, "OK\n");
    g_free(reply);
    reply = qtest_socket_read_until(fd, "\n");
    g_assert_cmpstr(reply, ==, "OK 0x0000000000000077\n");
    g_free(reply);
    reply = qtest_socket_read_until(fd, "\n");
    g_assert_cmpstr(reply, ==, "OK 0x0000000000000077\n");
    g_free(reply);
    close(fd);
    qtest_quit(s);
}

/* The protocol log: "[R +secs] words" and "[S +secs] reply". */
static void test_log(void)
{
    g_autofree char *log = qtest_tmp_path("qtest.log");
    g_autofree char *args = g_strdup_printf("-M %s -m 64M -S -qtest-log %s",
                                            qtest_shared_machine(), log);
    QTestState *s = qtest_init(args);
    g_autofree char *text = NULL;
    g_autoptr(GRegex) re = NULL;
    GError *err = NULL;

    g_free(qtest_raw_cmd(s, "writeb 0x1000 0x42"));
    g_free(qtest_raw_cmd(s, "readb 0x1000"));
    qtest_quit(s);

    g_assert_true(g_file_get_contents(log, &text, NULL, &err));
    re = g_regex_new("^\\[I [0-9]+\\.[0-9]{6}\\] OPENED\n"
                     "\\[R \\+[0-9]+\\.[0-9]{6}\\] writeb 0x1000 0x42\n"
                     "\\[S \\+[0-9]+\\.[0-9]{6}\\] OK\n"
                     "\\[R \\+[0-9]+\\.[0-9]{6}\\] readb 0x1000\n"
                     "\\[S \\+[0-9]+\\.[0-9]{6}\\] OK 0x0000000000000042\n",
                     0, 0, &err);
    g_assert_no_error(err);
    if (!g_regex_match(re, text, 0, NULL)) {
        g_test_message("log:\n%s", text);
        g_test_fail();
    }
}

/* A shared memory-backend-file: what qtest writes is in the file. */
static void test_backend_file(void)
{
    g_autofree char *path = g_strdup_printf("/dev/shm/qtest-mem-%d",
                                            (int)getpid());
    g_autofree char *args = NULL;
    g_autofree uint8_t *expect = g_malloc(8192);
    g_autofree char *contents = NULL;
    gsize len;
    QTestState *s;

    if (access("/dev/shm", W_OK) != 0) {
        g_test_skip("/dev/shm is not writable");
        return;
    }
    qtest_remove_at_exit(path);
    args = g_strdup_printf("-M %s,memory-backend=mem -m 64M -S -object "
                           "memory-backend-file,id=mem,size=64M,"
                           "mem-path=%s,share=on", qtest_shared_machine(),
                           path);
    s = qtest_init(args);
    fill_pattern(expect, 8192, 11);
    qtest_memwrite(s, 0x1800, expect, 8192);     /* three pages */
    qtest_writel(s, 0x100000, 0xcafef00d);
    g_assert_true(g_file_get_contents(path, &contents, &len, NULL));
    g_assert_cmpuint(len, ==, RAM_SIZE);
    g_assert_cmpmem(contents + 0x1800, 8192, expect, 8192);
    g_assert_cmphex(*(uint32_t *)(contents + 0x100000), ==, 0xcafef00d);
    /* And the other way: the file is the guest's RAM. */
    {
        FILE *f = fopen(path, "r+");

        g_assert_nonnull(f);
        fseek(f, 0x200000, SEEK_SET);
        fwrite("\x11\x22\x33\x44", 1, 4, f);
        fclose(f);
    }
    g_assert_cmphex(qtest_readl(s, 0x200000), ==, 0x44332211);
    qtest_quit(s);
    unlink(path);
}

int main(int argc, char **argv)
{
    qtest_qemu_binary();
    g_test_init(&argc, &argv, NULL);

    g_test_add_func("/memory/ram/round-trip", test_ram_round_trip);
    g_test_add_func("/memory/ram/backend-file", test_backend_file);
    g_test_add_func("/memory/protocol/replies", test_reply_formats);
    qtest_add_func_since("/memory/protocol/garbage", 10, 0, test_garbage);
    qtest_add_func_since("/memory/protocol/partial-lines", 10, 0,
                         test_partial_lines);
    qtest_add_func_since("/memory/protocol/log", 10, 0, test_log);
    return g_test_run();
}
