/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The qtest protocol server: -qtest CHARDEV and -qtest-log FILE.
 *
 * A test driver (tests/qtest/libqtest.c) sends one command per line and
 * gets one reply line per command; this file owns the line parser, the
 * command table and the protocol log.  Guest memory is touched only
 * through address_space_read/write/set (system/physmem.c), so every
 * write marks its pages dirty exactly as a device write would.
 *
 * There are no devices and no I/O ports: the I/O space is empty (reads
 * give all ones, writes are dropped, as QEMU does for unassigned ports),
 * and the IRQ commands fail with "Unknown device".  There is no virtual
 * clock consumer either: clock_step/clock_set move qtest's own virtual
 * clock, and "clock_step" without an argument reports that no deadline
 * is pending.  Protocol and deviations from QEMU: docs/devel/qtest.md.
 *
 * Threads: everything here runs in the main loop thread with the BQL
 * held (chardev frontend callbacks and qtest_server_init() at start-up);
 * the state below needs no other lock.
 */
#include "qemu/osdep.h"
#include "qapi/error.h"
#include "qemu/cutils.h"
#include "qemu/error-report.h"
#include "qobject/qdict.h"
#include "chardev/char.h"
#include "system/accel.h"
#include "system/qtest.h"
#include "system/ramblock.h"
#include "system/cmdline.h"

/* A line longer than this is garbage: it is dropped and answered FAIL. */
#define QTEST_MAX_LINE (512u << 20)
/* Largest read/b64read/write/b64write/memset size accepted. */
#define QTEST_MAX_ACCESS (256u << 20)

typedef struct QTestServer {
    CharBackend be;
    GString *inbuf;
    bool discarding;        /* inside an over-long line: skip to '\n' */
    FILE *log;              /* NULL: no protocol log */
    GTimer *timer;          /* since the client connected */
    bool opened;
    int64_t clock_ns;       /* qtest's virtual clock */
} QTestServer;

static QTestServer *qtest_server;

static double qtest_elapsed(QTestServer *s)
{
    return s->timer ? g_timer_elapsed(s->timer, NULL) : 0.0;
}

static void qtest_send(QTestServer *s, const char *text)
{
    if (s->log && s->opened) {
        fprintf(s->log, "[S +%.06f] %s", qtest_elapsed(s), text);
    }
    qemu_chr_fe_write_all(&s->be, (const uint8_t *)text, strlen(text));
}

static void G_GNUC_PRINTF(2, 3) qtest_sendf(QTestServer *s,
                                            const char *fmt, ...)
{
    g_autofree char *text = NULL;
    va_list ap;

    va_start(ap, fmt);
    text = g_strdup_vprintf(fmt, ap);
    va_end(ap);
    qtest_send(s, text);
}

/* A log line that is not a reply (QEMU logs these as "[S +t] ..."). */
static void G_GNUC_PRINTF(2, 3) qtest_log_note(QTestServer *s,
                                               const char *fmt, ...)
{
    va_list ap;

    if (!s->log || !s->opened) {
        return;
    }
    fprintf(s->log, "[S +%.06f] ", qtest_elapsed(s));
    va_start(ap, fmt);
    vfprintf(s->log, fmt, ap);
    va_end(ap);
}

/*
 * Argument parsing.  QEMU asserts on a missing or malformed argument
 * (the process aborts); we answer FAIL and carry on.
 */
static bool qtest_need_args(QTestServer *s, char **words, int n)
{
    for (int i = 1; i <= n; i++) {
        if (!words[i]) {
            qtest_sendf(s, "FAIL missing argument for '%s'\n", words[0]);
            return false;
        }
    }
    return true;
}

static bool qtest_get_u64(QTestServer *s, const char *word, uint64_t *val)
{
    if (qemu_strtou64(word, NULL, 0, val) < 0) {
        qtest_sendf(s, "FAIL invalid number '%s'\n", word);
        return false;
    }
    return true;
}

static bool qtest_get_i64(QTestServer *s, const char *word, int64_t *val)
{
    if (qemu_strtoi64(word, NULL, 0, val) < 0) {
        qtest_sendf(s, "FAIL invalid number '%s'\n", word);
        return false;
    }
    return true;
}

static bool qtest_get_size(QTestServer *s, const char *word, uint64_t *len)
{
    if (!qtest_get_u64(s, word, len)) {
        return false;
    }
    if (*len > QTEST_MAX_ACCESS) {
        qtest_sendf(s, "FAIL size %s too large (at most %u bytes)\n", word,
                    QTEST_MAX_ACCESS);
        return false;
    }
    return true;
}

/* The width of a sized command ("readl" -> 4), from its last letter. */
static unsigned qtest_width(char suffix)
{
    switch (suffix) {
    case 'b':
        return 1;
    case 'w':
        return 2;
    case 'l':
        return 4;
    default:
        return 8;
    }
}

static void qtest_cmd_write_sized(QTestServer *s, char **words)
{
    unsigned width = qtest_width(words[0][5]);
    uint64_t addr, value, le;

    if (!qtest_need_args(s, words, 2) || !qtest_get_u64(s, words[1], &addr) ||
        !qtest_get_u64(s, words[2], &value)) {
        return;
    }
    le = GUINT64_TO_LE(value);  /* the low @width bytes, x86 byte order */
    address_space_write(addr, &le, width);
    qtest_send(s, "OK\n");
}

static void qtest_cmd_read_sized(QTestServer *s, char **words)
{
    unsigned width = qtest_width(words[0][4]);
    uint64_t addr, le = 0;

    if (!qtest_need_args(s, words, 1) || !qtest_get_u64(s, words[1], &addr)) {
        return;
    }
    address_space_read(addr, &le, width);
    qtest_sendf(s, "OK 0x%016" PRIx64 "\n", GUINT64_FROM_LE(le));
}

static void qtest_cmd_read(QTestServer *s, char **words)
{
    static const char hex[] = "0123456789abcdef";
    g_autofree uint8_t *data = NULL;
    g_autofree char *text = NULL;
    uint64_t addr, len;
    char *p;

    if (!qtest_need_args(s, words, 2) || !qtest_get_u64(s, words[1], &addr) ||
        !qtest_get_size(s, words[2], &len)) {
        return;
    }
    if (!len) {
        /* QEMU asserts here: an empty "0x" would confuse its client. */
        qtest_send(s, "FAIL read of zero bytes\n");
        return;
    }
    data = g_malloc(len);
    address_space_read(addr, data, len);
    text = g_malloc(len * 2 + 6);
    p = text + sprintf(text, "OK 0x");
    for (uint64_t i = 0; i < len; i++) {
        *p++ = hex[data[i] >> 4];
        *p++ = hex[data[i] & 15];
    }
    strcpy(p, "\n");
    qtest_send(s, text);
}

static void qtest_cmd_b64read(QTestServer *s, char **words)
{
    g_autofree uint8_t *data = NULL;
    g_autofree char *b64 = NULL;
    uint64_t addr, len;

    if (!qtest_need_args(s, words, 2) || !qtest_get_u64(s, words[1], &addr) ||
        !qtest_get_size(s, words[2], &len)) {
        return;
    }
    data = g_malloc(len ? len : 1);
    address_space_read(addr, data, len);
    b64 = g_base64_encode(data, len);
    qtest_sendf(s, "OK %s\n", b64);
}

static int qtest_hex_nibble(char c)
{
    if (c >= '0' && c <= '9') {
        return c - '0';
    }
    c = g_ascii_tolower(c);
    return c >= 'a' && c <= 'f' ? c - 'a' + 10 : -1;
}

/*
 * write ADDR SIZE 0xHEX: the first two characters of HEX are skipped
 * (the "0x"); missing trailing bytes are zero, extra ones ignored.
 */
static void qtest_cmd_write(QTestServer *s, char **words)
{
    g_autofree uint8_t *data = NULL;
    uint64_t addr, len;
    const char *hex;
    size_t hex_len;

    if (!qtest_need_args(s, words, 3) || !qtest_get_u64(s, words[1], &addr) ||
        !qtest_get_size(s, words[2], &len)) {
        return;
    }
    hex = words[3];
    hex_len = strlen(hex);
    if (hex_len < 3) {
        qtest_send(s, "ERR invalid argument size\n");
        return;
    }
    data = g_malloc0(len ? len : 1);
    for (uint64_t i = 0; i < len && i * 2 + 4 <= hex_len; i++) {
        int hi = qtest_hex_nibble(hex[i * 2 + 2]);
        int lo = qtest_hex_nibble(hex[i * 2 + 3]);

        if (hi < 0 || lo < 0) {
            qtest_send(s, "FAIL invalid hex data\n");
            return;
        }
        data[i] = hi << 4 | lo;
    }
    address_space_write(addr, data, len);
    qtest_send(s, "OK\n");
}

/*
 * b64write ADDR SIZE B64: SIZE bytes are written; decoded data beyond
 * SIZE is ignored and a shorter decode is zero-filled (QEMU writes
 * whatever follows its decode buffer there).
 */
static void qtest_cmd_b64write(QTestServer *s, char **words)
{
    g_autofree uint8_t *data = NULL;
    uint64_t addr, len;
    gsize out_len;
    guchar *decoded;

    if (!qtest_need_args(s, words, 3) || !qtest_get_u64(s, words[1], &addr) ||
        !qtest_get_size(s, words[2], &len)) {
        return;
    }
    if (strlen(words[3]) < 3) {
        qtest_send(s, "ERR invalid argument size\n");
        return;
    }
    decoded = g_base64_decode_inplace(words[3], &out_len);
    if (out_len != len) {
        qtest_log_note(s, "b64write: data length mismatch (told %" PRIu64
                       ", found %zu)\n", len, (size_t)out_len);
    }
    data = g_malloc0(len ? len : 1);
    memcpy(data, decoded, MIN((uint64_t)out_len, len));
    address_space_write(addr, data, len);
    qtest_send(s, "OK\n");
}

static void qtest_cmd_memset(QTestServer *s, char **words)
{
    uint64_t addr, len, pattern;

    if (!qtest_need_args(s, words, 3) || !qtest_get_u64(s, words[1], &addr) ||
        !qtest_get_u64(s, words[2], &len) ||
        !qtest_get_u64(s, words[3], &pattern)) {
        return;
    }
    if (len) {
        address_space_set(addr, (uint8_t)pattern, len);
    }
    qtest_send(s, "OK\n");
}

/* outb/outw/outl: the I/O space is empty, so writes go nowhere. */
static void qtest_cmd_out(QTestServer *s, char **words)
{
    uint64_t addr, value;

    if (!qtest_need_args(s, words, 2) || !qtest_get_u64(s, words[1], &addr) ||
        !qtest_get_u64(s, words[2], &value)) {
        return;
    }
    if (addr > 0xffff) {
        qtest_sendf(s, "FAIL I/O port %s out of range\n", words[1]);
        return;
    }
    qtest_send(s, "OK\n");
}

/* inb/inw/inl: unassigned ports read as all ones. */
static void qtest_cmd_in(QTestServer *s, char **words)
{
    unsigned width = qtest_width(words[0][2]);
    uint64_t addr;

    if (!qtest_need_args(s, words, 1) || !qtest_get_u64(s, words[1], &addr)) {
        return;
    }
    if (addr > 0xffff) {
        qtest_sendf(s, "FAIL I/O port %s out of range\n", words[1]);
        return;
    }
    qtest_sendf(s, "OK 0x%04x\n",
                (unsigned)(width == 4 ? 0xffffffffu : (1u << width * 8) - 1));
}

static void qtest_cmd_clock_step(QTestServer *s, char **words)
{
    int64_t ns, old = s->clock_ns;

    if (!words[1]) {
        /* Nothing runs on the virtual clock, so nothing is pending. */
        qtest_send(s, "FAIL cannot advance clock to the next deadline "
                   "because there is no pending deadline\n");
        return;
    }
    if (!qtest_get_i64(s, words[1], &ns)) {
        return;
    }
    if (ns > 0 && old <= INT64_MAX - ns) {
        s->clock_ns = old + ns;
    }
    if (s->clock_ns > old) {
        qtest_sendf(s, "OK %" PRIi64 "\n", s->clock_ns);
    } else {
        qtest_send(s, "FAIL could not advance time\n");
    }
}

static void qtest_cmd_clock_set(QTestServer *s, char **words)
{
    int64_t ns;

    if (!qtest_need_args(s, words, 1) || !qtest_get_i64(s, words[1], &ns)) {
        return;
    }
    if (ns > s->clock_ns) {
        s->clock_ns = ns;
    }
    qtest_sendf(s, "%s %" PRIi64 "\n", s->clock_ns == ns ? "OK" : "FAIL",
                s->clock_ns);
}

static bool qtest_is(const char *word, const char *a, const char *b,
                     const char *c, const char *d)
{
    return !strcmp(word, a) || !strcmp(word, b) || !strcmp(word, c) ||
           (d && !strcmp(word, d));
}

static void qtest_process_command(QTestServer *s, char **words)
{
    const char *cmd = words[0] ? words[0] : "";

    if (s->log) {
        fprintf(s->log, "[R +%.06f]", qtest_elapsed(s));
        for (int i = 0; words[i]; i++) {
            fprintf(s->log, " %s", words[i]);
        }
        fputc('\n', s->log);
    }
    if (!words[0]) {
        qtest_send(s, "FAIL Unknown command ''\n");
    } else if (qtest_is(cmd, "writeb", "writew", "writel", "writeq")) {
        qtest_cmd_write_sized(s, words);
    } else if (qtest_is(cmd, "readb", "readw", "readl", "readq")) {
        qtest_cmd_read_sized(s, words);
    } else if (!strcmp(cmd, "read")) {
        qtest_cmd_read(s, words);
    } else if (!strcmp(cmd, "write")) {
        qtest_cmd_write(s, words);
    } else if (!strcmp(cmd, "b64read")) {
        qtest_cmd_b64read(s, words);
    } else if (!strcmp(cmd, "b64write")) {
        qtest_cmd_b64write(s, words);
    } else if (!strcmp(cmd, "memset")) {
        qtest_cmd_memset(s, words);
    } else if (qtest_is(cmd, "outb", "outw", "outl", NULL)) {
        qtest_cmd_out(s, words);
    } else if (qtest_is(cmd, "inb", "inw", "inl", NULL)) {
        qtest_cmd_in(s, words);
    } else if (!strcmp(cmd, "endianness")) {
        qtest_send(s, "OK little\n");
    } else if (qtest_is(cmd, "irq_intercept_in", "irq_intercept_out",
                        "set_irq_in", NULL)) {
        /* No device exists, so no QOM path names one. */
        if (qtest_need_args(s, words, 1)) {
            qtest_send(s, "FAIL Unknown device\n");
        }
    } else if (qtest_enabled() && !strcmp(cmd, "clock_step")) {
        qtest_cmd_clock_step(s, words);
    } else if (qtest_enabled() && !strcmp(cmd, "clock_set")) {
        qtest_cmd_clock_set(s, words);
    } else {
        qtest_sendf(s, "FAIL Unknown command '%s'\n", cmd);
    }
}

/* Split @line at spaces (runs of them count as one); CR before LF goes. */
static void qtest_process_line(QTestServer *s, char *line, size_t len)
{
    g_autoptr(GPtrArray) words = g_ptr_array_new();
    char *tok, *save = NULL;

    if (len && line[len - 1] == '\r') {
        line[--len] = '\0';
    }
    for (tok = strtok_r(line, " ", &save); tok;
         tok = strtok_r(NULL, " ", &save)) {
        g_ptr_array_add(words, tok);
    }
    g_ptr_array_add(words, NULL);
    qtest_process_command(s, (char **)words->pdata);
}

static void qtest_read(void *opaque, const uint8_t *buf, int size)
{
    QTestServer *s = opaque;
    const uint8_t *end = buf + size;

    while (buf < end) {
        const uint8_t *nl = memchr(buf, '\n', end - buf);
        size_t n = (nl ? nl : end) - buf;

        if (s->discarding) {
            if (nl) {
                s->discarding = false;
                qtest_send(s, "FAIL line too long\n");
            }
        } else if (s->inbuf->len + n > QTEST_MAX_LINE) {
            g_string_truncate(s->inbuf, 0);
            s->discarding = true;
            continue;   /* handle @buf again in discarding mode */
        } else {
            g_string_append_len(s->inbuf, (const char *)buf, n);
            if (nl) {
                /* A NUL inside the line ends it early: garbage anyway. */
                qtest_process_line(s, s->inbuf->str,
                                   strlen(s->inbuf->str));
                g_string_truncate(s->inbuf, 0);
            }
        }
        buf += n + (nl ? 1 : 0);
    }
}

static int qtest_can_read(void *opaque)
{
    return 65536;
}

static void qtest_event(void *opaque, QEMUChrEvent event)
{
    QTestServer *s = opaque;

    switch (event) {
    case CHR_EVENT_OPENED:
        g_clear_pointer(&s->timer, g_timer_destroy);
        s->timer = g_timer_new();
        s->opened = true;
        g_string_truncate(s->inbuf, 0);
        s->discarding = false;
        if (s->log) {
            fprintf(s->log, "[I %.06f] OPENED\n", qtest_elapsed(s));
        }
        break;
    case CHR_EVENT_CLOSED:
        s->opened = false;
        if (s->log) {
            fprintf(s->log, "[I +%.06f] CLOSED\n", qtest_elapsed(s));
        }
        g_clear_pointer(&s->timer, g_timer_destroy);
        break;
    }
}

static bool qtest_open_log(QTestServer *s, const char *logfile, Error **errp)
{
    if (!logfile) {
        s->log = stderr;    /* QEMU's default without -qtest-log */
        return true;
    }
    if (!strcmp(logfile, "none")) {
        return true;
    }
    s->log = fopen(logfile, "w+");
    if (!s->log) {
        error_setg_errno(errp, errno, "Could not open qtest log '%s'",
                         logfile);
        return false;
    }
    /* Whole lines reach the file even if the process is killed. */
    setvbuf(s->log, NULL, _IOLBF, 0);
    return true;
}

bool qtest_server_init(const char *spec, const char *logfile, Error **errp)
{
    g_autoptr(QDict) opts = NULL;
    g_autofree char *existing = NULL;
    Error *local_err = NULL;
    QTestServer *s;
    Chardev *chr;

    if (qtest_server) {
        error_setg(errp, "Only one instance of qtest can be created");
        return false;
    }
    if (!vl_parse_chardev_spec("qtest", spec, &opts, &existing, errp)) {
        return false;
    }
    if (existing) {
        chr = qemu_chr_find(existing);
        if (!chr) {
            error_setg(errp, "Cannot find character device '%s'", existing);
            return false;
        }
    } else if (opts) {
        chr = qemu_chr_new_from_opts(opts, &local_err);
        if (!chr) {
            error_report_err(local_err);
            error_setg(errp, "Failed to initialize device for qtest: \"%s\"",
                       spec);
            return false;
        }
    } else {
        error_setg(errp, "Failed to initialize device for qtest: \"%s\"",
                   spec);
        return false;
    }

    s = g_new0(QTestServer, 1);
    if (!qtest_open_log(s, logfile, errp) ||
        !qemu_chr_fe_init(&s->be, chr, errp)) {
        if (s->log && s->log != stderr) {
            fclose(s->log);
        }
        if (!existing) {
            qemu_chr_delete(chr);
        }
        g_free(s);
        return false;
    }
    s->inbuf = g_string_new(NULL);
    qtest_server = s;
    qemu_chr_fe_set_handlers(&s->be, qtest_can_read, qtest_read, qtest_event,
                             s);
    return true;
}

void qtest_server_cleanup(void)
{
    QTestServer *s = qtest_server;

    if (!s) {
        return;
    }
    qtest_server = NULL;
    qemu_chr_fe_deinit(&s->be);
    if (s->log && s->log != stderr) {
        fclose(s->log);
    }
    g_clear_pointer(&s->timer, g_timer_destroy);
    g_string_free(s->inbuf, true);
    g_free(s);
}
