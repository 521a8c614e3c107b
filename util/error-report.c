/* SPDX-License-Identifier: GPL-2.0-or-later */
/* error_report() and friends: user-visible messages with QEMU's prefixes. */
#include "qemu/osdep.h"
#include "qemu/error-report.h"
#include "qemu/thread.h"

bool message_with_timestamp;

/*
 * The sink belongs to the thread that installed it: a monitor command
 * running in the main thread sends its errors to its client, while a
 * report made meanwhile by another thread (migration, multifd) still goes
 * to stderr.  Being thread-local, it needs no lock.
 */
static __thread ErrorSinkFunc *sink_fn;
static __thread void *sink_opaque;

void error_init(const char *argv0)
{
    g_autofree char *base = g_path_get_basename(argv0);

    g_set_prgname(base);
}

void error_set_sink(ErrorSinkFunc *fn, void *opaque, ErrorSinkFunc **old_fn,
                    void **old_opaque)
{
    if (old_fn) {
        *old_fn = sink_fn;
    }
    if (old_opaque) {
        *old_opaque = sink_opaque;
    }
    sink_fn = fn;
    sink_opaque = opaque;
}

void error_vprintf(const char *fmt, va_list ap)
{
    if (sink_fn) {
        g_autofree char *text = g_strdup_vprintf(fmt, ap);

        sink_fn(sink_opaque, text);
        return;
    }
    vfprintf(stderr, fmt, ap);
}

void error_printf(const char *fmt, ...)
{
    va_list ap;

    va_start(ap, fmt);
    error_vprintf(fmt, ap);
    va_end(ap);
}

typedef enum ReportType {
    REPORT_TYPE_ERROR,
    REPORT_TYPE_WARNING,
    REPORT_TYPE_INFO,
} ReportType;

static void vreport(ReportType type, const char *fmt, va_list ap)
{
    GString *line = g_string_new(NULL);
    const char *prog = g_get_prgname();

    if (message_with_timestamp && !sink_fn) {
        g_autoptr(GDateTime) now = g_date_time_new_now_utc();
        g_autofree char *stamp = g_date_time_format_iso8601(now);

        g_string_append_printf(line, "%s ", stamp);
    }
    /* Inside a monitor command the prefix would only be noise. */
    if (prog && !sink_fn) {
        g_string_append_printf(line, "%s: ", prog);
    }
    switch (type) {
    case REPORT_TYPE_ERROR:
        break;
    case REPORT_TYPE_WARNING:
        g_string_append(line, "warning: ");
        break;
    case REPORT_TYPE_INFO:
        g_string_append(line, "info: ");
        break;
    }
    g_string_append_vprintf(line, fmt, ap);
    g_string_append_c(line, '\n');
    error_printf("%s", line->str);
    g_string_free(line, true);
}

void error_vreport(const char *fmt, va_list ap)
{
    vreport(REPORT_TYPE_ERROR, fmt, ap);
}

void warn_vreport(const char *fmt, va_list ap)
{
    vreport(REPORT_TYPE_WARNING, fmt, ap);
}

void info_vreport(const char *fmt, va_list ap)
{
    vreport(REPORT_TYPE_INFO, fmt, ap);
}

void error_report(const char *fmt, ...)
{
    va_list ap;

    va_start(ap, fmt);
    vreport(REPORT_TYPE_ERROR, fmt, ap);
    va_end(ap);
}

void warn_report(const char *fmt, ...)
{
    va_list ap;

    va_start(ap, fmt);
    vreport(REPORT_TYPE_WARNING, fmt, ap);
    va_end(ap);
}

void info_report(const char *fmt, ...)
{
    va_list ap;

    va_start(ap, fmt);
    vreport(REPORT_TYPE_INFO, fmt, ap);
    va_end(ap);
}
