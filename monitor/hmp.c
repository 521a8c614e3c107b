/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The human monitor: command lookup in the HMP tables, QEMU's args_type
 * argument parser, dispatch, help listings, human-monitor-command's
 * captured run, and the readline monitor on a chardev (banner, prompt,
 * line editing with echo, history).
 *
 * Everything runs in the main loop thread with the BQL held.
 */
#include "qemu/osdep.h"
#include "qapi/error.h"
#include "qemu/cutils.h"
#include "qobject/qbool.h"
#include "qobject/qdict.h"
#include "qobject/qnum.h"
#include "qobject/qstring.h"
#include "monitor-internal.h"

/* Most words "help" looks at, as QEMU. */
#define HMP_HELP_MAX_ARGS 16

/*
 * Command lookup
 */

/* Whether @name is one of the '|'-separated names in @list. */
static bool hmp_compare_cmd(const char *name, const char *list)
{
    size_t len = strlen(name);

    for (const char *p = list; *p;) {
        const char *bar = strchr(p, '|');
        size_t n = bar ? (size_t)(bar - p) : strlen(p);

        if (n == len && !memcmp(p, name, len)) {
            return true;
        }
        if (!bar) {
            break;
        }
        p = bar + 1;
    }
    return false;
}

static const HMPCommand *hmp_find_cmd(const HMPCommand *table,
                                      const char *name)
{
    for (const HMPCommand *cmd = table; cmd->name; cmd++) {
        if (hmp_compare_cmd(name, cmd->name)) {
            return cmd;
        }
    }
    return NULL;
}

/*
 * The command at *@cmdp in @table (descending into sub-tables), with
 * *@cmdp moved past its name and the blanks after it.  NULL for a blank
 * line, or after printing "unknown command: '<text so far>'".
 */
static const HMPCommand *hmp_parse_command(Monitor *mon, const char *start,
                                           const char **cmdp,
                                           const HMPCommand *table)
{
    const char *p = *cmdp, *name;
    g_autofree char *word = NULL;
    const HMPCommand *cmd;

    while (g_ascii_isspace(*p)) {
        p++;
    }
    if (!*p) {
        return NULL;
    }
    name = p;
    while (*p && *p != '/' && !g_ascii_isspace(*p)) {
        p++;
    }
    word = g_strndup(name, p - name);
    cmd = hmp_find_cmd(table, word);
    if (!cmd) {
        monitor_printf(mon, "unknown command: '%.*s'\n", (int)(p - start),
                       start);
        return NULL;
    }
    while (g_ascii_isspace(*p)) {
        p++;
    }
    *cmdp = p;
    if (cmd->sub_table && *p) {
        return hmp_parse_command(mon, start, cmdp, cmd->sub_table);
    }
    return cmd;
}

/*
 * Arguments
 */

/*
 * One word at *@pp (blanks skipped): up to the next blank, or a
 * double-quoted string with \n \r \\ \' \" escapes.  NULL if there is no
 * word or the quoting is broken.
 */
static char *hmp_get_str(const char **pp)
{
    const char *p = *pp;
    GString *s = g_string_new(NULL);

    while (g_ascii_isspace(*p)) {
        p++;
    }
    if (!*p) {
        goto fail;
    }
    if (*p == '"') {
        for (p++; *p && *p != '"'; p++) {
            char c = *p;

            if (c == '\\') {
                c = *++p;
                if (c == 'n') {
                    c = '\n';
                } else if (c == 'r') {
                    c = '\r';
                } else if (c != '\\' && c != '\'' && c != '"') {
                    goto fail;
                }
            }
            g_string_append_c(s, c);
        }
        if (*p != '"') {
            goto fail;
        }
        p++;
    } else {
        while (*p && !g_ascii_isspace(*p)) {
            g_string_append_c(s, *p++);
        }
    }
    *pp = p;
    return g_string_free(s, false);

fail:
    *pp = p;
    g_string_free(s, true);
    return NULL;
}

/*
 * QEMU's integer expressions ("i" and "l"): numbers in C notation,
 * 'c' character constants, unary + - ~, parentheses, and binary
 * * / % (tightest), & | ^, + - (loosest).  Registers ($name) don't
 * exist here.  The first error is printed and sets @failed.
 */
typedef struct HMPExpr {
    Monitor *mon;
    const char *p;
    bool failed;
} HMPExpr;

static void G_GNUC_PRINTF(2, 3) expr_error(HMPExpr *e, const char *fmt, ...)
{
    va_list ap;
    g_autofree char *msg = NULL;

    if (e->failed) {
        return;
    }
    va_start(ap, fmt);
    msg = g_strdup_vprintf(fmt, ap);
    va_end(ap);
    monitor_printf(e->mon, "%s\n", msg);
    e->failed = true;
}

static void expr_next(HMPExpr *e)
{
    if (*e->p) {
        e->p++;
        while (g_ascii_isspace(*e->p)) {
            e->p++;
        }
    }
}

static uint64_t expr_sum(HMPExpr *e);

static uint64_t expr_unary(HMPExpr *e)
{
    uint64_t n = 0;
    char *end;

    if (e->failed) {
        return 0;
    }
    switch (*e->p) {
    case '+':
        expr_next(e);
        return expr_unary(e);
    case '-':
        expr_next(e);
        return -expr_unary(e);
    case '~':
        expr_next(e);
        return ~expr_unary(e);
    case '(':
        expr_next(e);
        n = expr_sum(e);
        if (*e->p != ')') {
            expr_error(e, "')' expected");
        }
        expr_next(e);
        return n;
    case '\'':
        e->p++;
        if (!*e->p) {
            expr_error(e, "character constant expected");
            return 0;
        }
        n = (unsigned char)*e->p++;
        if (*e->p != '\'') {
            expr_error(e, "missing terminating ' character");
        }
        expr_next(e);
        return n;
    case '$':
        expr_error(e, "unknown register");
        return 0;
    case '\0':
        expr_error(e, "unexpected end of expression");
        return 0;
    default:
        errno = 0;
        n = strtoull(e->p, &end, 0);
        if (errno == ERANGE) {
            expr_error(e, "number too large");
            return 0;
        }
        if (end == e->p) {
            expr_error(e, "invalid char '%c' in expression", *end);
            return 0;
        }
        e->p = end;
        while (g_ascii_isspace(*e->p)) {
            e->p++;
        }
        return n;
    }
}

static uint64_t expr_prod(HMPExpr *e)
{
    uint64_t val = expr_unary(e);

    while (!e->failed && *e->p && strchr("*/%", *e->p)) {
        char op = *e->p;
        int64_t a = val, b;

        expr_next(e);
        b = expr_unary(e);
        if (op == '*') {
            val *= (uint64_t)b;
        } else if (b == 0) {
            expr_error(e, "division by zero");
        } else if (b == -1) {
            /* INT64_MIN / -1 overflows: compute it unsigned. */
            val = op == '/' ? -(uint64_t)a : 0;
        } else {
            val = op == '/' ? a / b : a % b;
        }
    }
    return val;
}

static uint64_t expr_logic(HMPExpr *e)
{
    uint64_t val = expr_prod(e);

    while (!e->failed && *e->p && strchr("&|^", *e->p)) {
        char op = *e->p;
        uint64_t b;

        expr_next(e);
        b = expr_prod(e);
        val = op == '&' ? val & b : op == '|' ? val | b : val ^ b;
    }
    return val;
}

static uint64_t expr_sum(HMPExpr *e)
{
    uint64_t val = expr_logic(e);

    while (!e->failed && (*e->p == '+' || *e->p == '-')) {
        char op = *e->p;
        uint64_t b;

        expr_next(e);
        b = expr_logic(e);
        val = op == '+' ? val + b : val - b;
    }
    return val;
}

static bool hmp_get_expr(Monitor *mon, const char **pp, int64_t *val)
{
    HMPExpr e = { .mon = mon, .p = *pp };

    while (g_ascii_isspace(*e.p)) {
        e.p++;
    }
    *val = expr_sum(&e);
    *pp = e.p;
    return !e.failed;
}

/* Whether "-@c" appears in the rest of the type string (another flag). */
static bool hmp_is_valid_option(char c, const char *typestr)
{
    char opt[3] = { '-', c, '\0' };

    return c && strstr(typestr, opt);
}

static void hmp_skip_blanks(const char **pp)
{
    while (g_ascii_isspace(**pp)) {
        (*pp)++;
    }
}

/*
 * Skip blanks before an argument; true if it is optional ("?" after
 * its type, consumed here) and the line has ended.
 */
static bool hmp_arg_absent(const char **pp, const char **typestr)
{
    hmp_skip_blanks(pp);
    if (**typestr == '?') {
        (*typestr)++;
        return !**pp;
    }
    return false;
}

/*
 * A "-X" flag entry (optionally "-Xs", taking a value) for @key: sets
 * @key when the flag is present, leaves the line alone when it is not.
 */
static bool hmp_parse_flag(Monitor *mon, const HMPCommand *cmd,
                           const char **pp, const char **typestr,
                           const char *key, QDict *qdict)
{
    const char *p = *pp;
    char flag = *(*typestr)++;
    bool takes_value;

    if (!flag) {
        monitor_printf(mon, "%s: unknown type '-'\n", cmd->name);
        return false;
    }
    takes_value = **typestr == 's';
    if (takes_value) {
        (*typestr)++;
    }
    hmp_skip_blanks(&p);
    if (*p != '-') {
        return true;
    }
    p++;
    if (*p != flag) {
        if (!hmp_is_valid_option(*p, *typestr)) {
            monitor_printf(mon, "%s: unsupported option -%c\n", cmd->name,
                           *p);
            return false;
        }
        return true; /* a later flag: left for its own entry */
    }
    p++;
    if (takes_value) {
        g_autofree char *str = hmp_get_str(&p);

        if (!str) {
            monitor_printf(mon, "%s: value expected for -%c\n", cmd->name,
                           flag);
            return false;
        }
        qdict_put_str(qdict, key, str);
    } else {
        qdict_put_bool(qdict, key, true);
    }
    *pp = p;
    return true;
}

QDict *hmp_parse_arguments(Monitor *mon, const char **endp,
                           const HMPCommand *cmd)
{
    g_autoptr(QDict) qdict = qdict_new();
    const char *typestr = cmd->args_type;
    const char *p = *endp;

    while (*typestr) {
        const char *colon;
        g_autofree char *key = NULL;
        char c;

        if (*typestr == ',') {
            typestr++;
        }
        colon = strchr(typestr, ':');
        if (!colon) {
            break;
        }
        key = g_strndup(typestr, colon - typestr);
        typestr = colon + 1;
        c = *typestr++;

        switch (c) {
        case 'F':
        case 'B':
        case 's': {
            g_autofree char *str = NULL;

            if (hmp_arg_absent(&p, &typestr)) {
                break;
            }
            str = hmp_get_str(&p);
            if (!str) {
                monitor_printf(mon, "%s: %s expected\n", cmd->name,
                               c == 'F' ? "filename" :
                               c == 'B' ? "block device name" : "string");
                return NULL;
            }
            qdict_put_str(qdict, key, str);
            break;
        }
        case 'S':
            if (hmp_arg_absent(&p, &typestr)) {
                break;
            }
            if (!*p) {
                monitor_printf(mon, "%s: string expected\n", cmd->name);
                return NULL;
            }
            qdict_put_str(qdict, key, p);
            p += strlen(p);
            break;
        case 'i':
        case 'l': {
            int64_t val;

            if (hmp_arg_absent(&p, &typestr)) {
                break;
            }
            if (!hmp_get_expr(mon, &p, &val)) {
                return NULL;
            }
            if (c == 'i' && ((uint64_t)val >> 32)) {
                monitor_printf(mon, "'%s' has failed: integer is for "
                               "32-bit values\n", cmd->name);
                return NULL;
            }
            qdict_put_int(qdict, key, val);
            break;
        }
        case 'o': {
            uint64_t val;
            const char *end;

            if (hmp_arg_absent(&p, &typestr)) {
                break;
            }
            if (qemu_strtosz_MiB(p, &end, &val) < 0 || val > INT64_MAX) {
                monitor_printf(mon, "invalid size\n");
                return NULL;
            }
            qdict_put_int(qdict, key, val);
            p = end;
            break;
        }
        case 'b': {
            const char *beg;

            hmp_skip_blanks(&p);
            beg = p;
            while (g_ascii_isgraph(*p)) {
                p++;
            }
            if (p - beg == 2 && !memcmp(beg, "on", 2)) {
                qdict_put_bool(qdict, key, true);
            } else if (p - beg == 3 && !memcmp(beg, "off", 3)) {
                qdict_put_bool(qdict, key, false);
            } else {
                monitor_printf(mon, "Expected 'on' or 'off'\n");
                return NULL;
            }
            break;
        }
        case '-':
            if (!hmp_parse_flag(mon, cmd, &p, &typestr, key, qdict)) {
                return NULL;
            }
            break;
        default:
            monitor_printf(mon, "%s: unknown type '%c'\n", cmd->name, c);
            return NULL;
        }
    }
    hmp_skip_blanks(&p);
    if (*p) {
        monitor_printf(mon, "%s: extraneous characters at the end of line\n",
                       cmd->name);
        return NULL;
    }
    *endp = p;
    return g_steal_pointer(&qdict);
}

void handle_hmp_command(MonitorHMP *mon, const char *cmdline)
{
    const char *start = cmdline, *args;
    const HMPCommand *cmd;
    g_autoptr(QDict) qdict = NULL;
    Monitor *old;

    cmd = hmp_parse_command(&mon->common, start, &cmdline, hmp_cmds);
    if (!cmd) {
        return;
    }
    args = cmdline;
    qdict = hmp_parse_arguments(&mon->common, &cmdline, cmd);
    if (!qdict) {
        /* The command's words, as typed, without trailing blanks. */
        while (args > start && g_ascii_isspace(args[-1])) {
            args--;
        }
        monitor_printf(&mon->common,
                       "Try \"help %.*s\" for more information\n",
                       (int)(args - start), start);
        return;
    }
    old = monitor_set_cur(&mon->common);
    cmd->cmd(&mon->common, qdict);
    monitor_set_cur(old);
}

/*
 * Help
 */

static void help_dump_one(Monitor *mon, const HMPCommand *cmd, char **prefix,
                          int nprefix)
{
    for (int i = 0; i < nprefix; i++) {
        monitor_printf(mon, "%s ", prefix[i]);
    }
    monitor_printf(mon, "%s %s -- %s\n", cmd->name, cmd->params, cmd->help);
}

static void help_dump(Monitor *mon, const HMPCommand *table, char **args,
                      int nargs, int idx)
{
    if (idx >= nargs) {
        for (const HMPCommand *cmd = table; cmd->name; cmd++) {
            help_dump_one(mon, cmd, args, idx);
        }
        return;
    }
    for (const HMPCommand *cmd = table; cmd->name; cmd++) {
        if (hmp_compare_cmd(args[idx], cmd->name)) {
            if (cmd->sub_table) {
                help_dump(mon, cmd->sub_table, args, nargs, idx + 1);
            } else {
                help_dump_one(mon, cmd, args, idx);
            }
            return;
        }
    }
    monitor_printf(mon, "unknown command: '");
    for (int i = 0; i <= idx; i++) {
        monitor_printf(mon, "%s%s", args[i], i == idx ? "'\n" : " ");
    }
}

void hmp_help_cmd(Monitor *mon, const char *cmdline)
{
    char *args[HMP_HELP_MAX_ARGS];
    int nargs = 0;
    const char *p = cmdline;

    while (p) {
        char *word;

        hmp_skip_blanks(&p);
        if (!*p) {
            break;
        }
        word = nargs < HMP_HELP_MAX_ARGS ? hmp_get_str(&p) : NULL;
        if (!word) {
            /* QEMU says nothing for a line it can't split. */
            goto out;
        }
        args[nargs++] = word;
    }
    help_dump(mon, hmp_cmds, args, nargs, 0);
out:
    for (int i = 0; i < nargs; i++) {
        g_free(args[i]);
    }
}

/*
 * human-monitor-command
 */

MonitorHMP *monitor_hmp_new_capture(void)
{
    MonitorHMP *mon = g_new0(MonitorHMP, 1);

    monitor_data_init(&mon->common, false, false);
    mon->common.outbuf = g_string_new(NULL);
    return mon;
}

char *monitor_hmp_capture_finish(MonitorHMP *mon)
{
    char *out = g_string_free(mon->common.outbuf, false);

    mon->common.outbuf = NULL;
    monitor_hmp_destroy(mon);
    return out;
}

char *hmp_run_command_capture(const char *cmdline, Error **errp)
{
    MonitorHMP *mon = monitor_hmp_new_capture();

    handle_hmp_command(mon, cmdline);
    return monitor_hmp_capture_finish(mon);
}

/*
 * The readline monitor
 *
 * Input bytes edit mon->line; after each chunk the terminal is brought
 * up to date (echo).  CR, LF or CR LF ends a line.  Keys: backspace
 * (BS, DEL), ^A / Home, ^E / End, ^B / Left, ^F / Right, ^D / Delete,
 * ^P / Up and ^N / Down (history).
 */

enum {
    HMP_ESC_NONE,
    HMP_ESC_ESC,    /* got ESC */
    HMP_ESC_CSI,    /* got ESC [ */
    HMP_ESC_SS3,    /* got ESC O */
};

static const char hmp_prompt[] = "(qemu) ";

static void hmp_line_set(MonitorHMP *mon, const char *text)
{
    g_string_assign(mon->line, text);
    mon->cursor = mon->line->len;
}

/* Make the terminal show mon->line with the cursor at mon->cursor. */
static void hmp_line_refresh(MonitorHMP *mon)
{
    GString *line = mon->line, *shown = mon->shown;
    g_autoptr(GString) out = g_string_new(NULL);

    if (shown->len <= line->len && mon->cursor == line->len &&
        !memcmp(shown->str, line->str, shown->len)) {
        /* Typing at the end: echo what is new. */
        if (mon->shown_cursor < shown->len) {
            g_string_append_printf(out, "\033[%zuC",
                                   shown->len - mon->shown_cursor);
        }
        g_string_append(out, line->str + shown->len);
    } else if (!g_string_equal(shown, line)) {
        if (mon->shown_cursor) {
            g_string_append_printf(out, "\033[%zuD", mon->shown_cursor);
        }
        g_string_append(out, line->str);
        g_string_append(out, "\033[K");
        if (line->len > mon->cursor) {
            g_string_append_printf(out, "\033[%zuD",
                                   line->len - mon->cursor);
        }
    } else if (mon->cursor != mon->shown_cursor) {
        g_string_append_printf(out, "\033[%zu%c",
                               mon->cursor > mon->shown_cursor
                                   ? mon->cursor - mon->shown_cursor
                                   : mon->shown_cursor - mon->cursor,
                               mon->cursor > mon->shown_cursor ? 'C' : 'D');
    }
    g_string_assign(shown, line->str);
    mon->shown_cursor = mon->cursor;
    if (out->len) {
        monitor_puts(&mon->common, out->str);
    }
}

static void hmp_line_reset(MonitorHMP *mon)
{
    g_string_truncate(mon->line, 0);
    g_string_truncate(mon->shown, 0);
    mon->cursor = mon->shown_cursor = 0;
    mon->esc_state = HMP_ESC_NONE;
    mon->last_was_cr = false;
    mon->history_pos = mon->history_len;
}

/* Remember @line (not empty); a repeated line moves to the end. */
static void hmp_history_add(MonitorHMP *mon, const char *line)
{
    int i;

    if (!*line) {
        return;
    }
    for (i = 0; i < mon->history_len; i++) {
        if (!strcmp(mon->history[i], line)) {
            break;
        }
    }
    if (i < mon->history_len) {
        char *same = mon->history[i];

        memmove(&mon->history[i], &mon->history[i + 1],
                (mon->history_len - i - 1) * sizeof(char *));
        mon->history[mon->history_len - 1] = same;
        return;
    }
    if (mon->history_len == HMP_HISTORY_MAX) {
        g_free(mon->history[0]);
        memmove(&mon->history[0], &mon->history[1],
                (HMP_HISTORY_MAX - 1) * sizeof(char *));
        mon->history_len--;
    }
    mon->history[mon->history_len++] = g_strdup(line);
}

static void hmp_history_move(MonitorHMP *mon, int delta)
{
    int pos = mon->history_pos + delta;

    if (pos < 0 || pos > mon->history_len) {
        return;
    }
    mon->history_pos = pos;
    hmp_line_set(mon, pos < mon->history_len ? mon->history[pos] : "");
}

static void hmp_line_submit(MonitorHMP *mon)
{
    g_autofree char *cmdline = g_strdup(mon->line->str);

    hmp_line_refresh(mon);
    monitor_puts(&mon->common, "\n");
    hmp_history_add(mon, cmdline);
    g_string_truncate(mon->line, 0);
    g_string_truncate(mon->shown, 0);
    mon->cursor = mon->shown_cursor = 0;
    mon->history_pos = mon->history_len;

    handle_hmp_command(mon, cmdline);
    monitor_puts(&mon->common, hmp_prompt);
}

static void hmp_line_delete(MonitorHMP *mon)
{
    if (mon->cursor < mon->line->len) {
        g_string_erase(mon->line, mon->cursor, 1);
    }
}

/* The final byte of an escape sequence. */
static void hmp_escape_key(MonitorHMP *mon, char key)
{
    switch (key) {
    case 'A':
        hmp_history_move(mon, -1);
        break;
    case 'B':
        hmp_history_move(mon, 1);
        break;
    case 'C':
        mon->cursor = MIN(mon->cursor + 1, mon->line->len);
        break;
    case 'D':
        mon->cursor = mon->cursor ? mon->cursor - 1 : 0;
        break;
    case 'H':
        mon->cursor = 0;
        break;
    case 'F':
        mon->cursor = mon->line->len;
        break;
    case '~':
        if (mon->esc_param == '1' || mon->esc_param == '7') {
            mon->cursor = 0;
        } else if (mon->esc_param == '4' || mon->esc_param == '8') {
            mon->cursor = mon->line->len;
        } else if (mon->esc_param == '3') {
            hmp_line_delete(mon);
        }
        break;
    }
}

static void hmp_line_byte(MonitorHMP *mon, uint8_t c)
{
    bool was_cr = mon->last_was_cr;

    mon->last_was_cr = false;
    switch (mon->esc_state) {
    case HMP_ESC_ESC:
        mon->esc_state = c == '[' ? HMP_ESC_CSI
                         : c == 'O' ? HMP_ESC_SS3 : HMP_ESC_NONE;
        mon->esc_param = 0;
        return;
    case HMP_ESC_CSI:
        if (g_ascii_isdigit(c)) {
            mon->esc_param = c;
            return;
        }
        /* fall through */
    case HMP_ESC_SS3:
        mon->esc_state = HMP_ESC_NONE;
        hmp_escape_key(mon, c);
        return;
    }

    switch (c) {
    case '\r':
        mon->last_was_cr = true;
        hmp_line_submit(mon);
        break;
    case '\n':
        if (!was_cr) {
            hmp_line_submit(mon);
        }
        break;
    case 1:     /* ^A */
        mon->cursor = 0;
        break;
    case 2:     /* ^B */
        hmp_escape_key(mon, 'D');
        break;
    case 4:     /* ^D */
        hmp_line_delete(mon);
        break;
    case 5:     /* ^E */
        mon->cursor = mon->line->len;
        break;
    case 6:     /* ^F */
        hmp_escape_key(mon, 'C');
        break;
    case 14:    /* ^N */
        hmp_history_move(mon, 1);
        break;
    case 16:    /* ^P */
        hmp_history_move(mon, -1);
        break;
    case 27:
        mon->esc_state = HMP_ESC_ESC;
        break;
    case 8:
    case 127:
        if (mon->cursor) {
            g_string_erase(mon->line, --mon->cursor, 1);
        }
        break;
    default:
        if (c >= 32) {
            g_string_insert_c(mon->line, mon->cursor++, c);
        }
        break;
    }
}

static int monitor_hmp_can_read(void *opaque)
{
    return 4096;
}

static void monitor_hmp_read(void *opaque, const uint8_t *buf, int size)
{
    MonitorHMP *mon = opaque;

    for (int i = 0; i < size; i++) {
        hmp_line_byte(mon, buf[i]);
    }
    hmp_line_refresh(mon);
}

static void monitor_hmp_event(void *opaque, QEMUChrEvent event)
{
    MonitorHMP *mon = opaque;

    hmp_line_reset(mon);
    if (event == CHR_EVENT_OPENED) {
        monitor_printf(&mon->common, "QEMU %s monitor - type 'help' for "
                       "more information\n", QEMU_VERSION);
        monitor_puts(&mon->common, hmp_prompt);
    }
}

Monitor *monitor_new_hmp(Chardev *chr, Error **errp)
{
    MonitorHMP *mon = g_new0(MonitorHMP, 1);

    if (!qemu_chr_fe_init(&mon->common.chr, chr, errp)) {
        g_free(mon);
        return NULL;
    }
    monitor_data_init(&mon->common, false, false);
    mon->line = g_string_new(NULL);
    mon->shown = g_string_new(NULL);
    monitor_list_append(&mon->common);

    /* Banner and prompt now if @chr is already open (stdio, client). */
    qemu_chr_fe_set_handlers(&mon->common.chr, monitor_hmp_can_read,
                             monitor_hmp_read, monitor_hmp_event, mon);
    return &mon->common;
}

void monitor_hmp_destroy(MonitorHMP *mon)
{
    for (int i = 0; i < mon->history_len; i++) {
        g_free(mon->history[i]);
    }
    if (mon->line) {
        g_string_free(mon->line, true);
        g_string_free(mon->shown, true);
    }
    monitor_data_destroy(&mon->common);
    g_free(mon);
}
