/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Messages for the user on stderr (or the current HMP monitor), prefixed
 * like QEMU's: "qemu-system-x86_64: ..." and "qemu-system-x86_64: warning: ...".
 */
#ifndef QEMU_ERROR_REPORT_H
#define QEMU_ERROR_REPORT_H

/* Program name used as the prefix; set once from argv[0]'s basename. */
void error_init(const char *argv0);

/* -msg timestamp=on: prefix each report with an ISO 8601 UTC timestamp. */
extern bool message_with_timestamp;

void error_vprintf(const char *fmt, va_list ap) G_GNUC_PRINTF(1, 0);
void error_printf(const char *fmt, ...) G_GNUC_PRINTF(1, 2);

void error_vreport(const char *fmt, va_list ap) G_GNUC_PRINTF(1, 0);
void warn_vreport(const char *fmt, va_list ap) G_GNUC_PRINTF(1, 0);
void info_vreport(const char *fmt, va_list ap) G_GNUC_PRINTF(1, 0);

void error_report(const char *fmt, ...) G_GNUC_PRINTF(1, 2);
void warn_report(const char *fmt, ...) G_GNUC_PRINTF(1, 2);
void info_report(const char *fmt, ...) G_GNUC_PRINTF(1, 2);

/*
 * Where the calling thread's reports go.  Default: stderr.  The sink is
 * per thread: the HMP monitor installs one while it runs a command so that
 * that command's errors reach its client, while reports from other
 * threads (migration, multifd) still go to stderr.  Tests install one to
 * capture output.  Returns the previous sink of this thread.
 */
typedef void ErrorSinkFunc(void *opaque, const char *text);
void error_set_sink(ErrorSinkFunc *fn, void *opaque,
                    ErrorSinkFunc **old_fn, void **old_opaque);

#endif /* QEMU_ERROR_REPORT_H */
