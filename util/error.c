/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The Error object: creation, context, hand-over to callers, reporting. */
#include "qemu/osdep.h"
#include "qapi/error.h"
#include "qemu/error-report.h"

struct Error {
    char *msg;
    ErrorClass err_class;
    /* Extra lines for the user, printed after the message; may be NULL. */
    GString *hint;
    /* Where the error was created, for &error_abort's report. */
    const char *src;
    const char *func;
    int line;
};

/*
 * Only their addresses matter: they are never written, so "*errp is NULL"
 * holds for them and the checks below can compare addresses.
 */
Error *error_abort;
Error *error_fatal;
Error *error_warn;

static const char *const error_class_names[ERROR_CLASS__MAX] = {
    [ERROR_CLASS_GENERIC_ERROR] = "GenericError",
    [ERROR_CLASS_COMMAND_NOT_FOUND] = "CommandNotFound",
    [ERROR_CLASS_DEVICE_NOT_ACTIVE] = "DeviceNotActive",
    [ERROR_CLASS_DEVICE_NOT_FOUND] = "DeviceNotFound",
    [ERROR_CLASS_KVM_MISSING_CAP] = "KVMMissingCap",
};

const char *error_class_str(ErrorClass cls)
{
    assert((unsigned)cls < ERROR_CLASS__MAX);
    return error_class_names[cls];
}

const char *error_get_pretty(const Error *err)
{
    return err->msg;
}

ErrorClass error_get_class(const Error *err)
{
    return err->err_class;
}

/* Print a broken invariant straight to stderr (never to a monitor) and die. */
static G_NORETURN void error_abort_with(Error *err)
{
    const char *prog = g_get_prgname();

    fprintf(stderr, "Unexpected error in %s() at %s:%d:\n", err->func, err->src,
            err->line);
    fprintf(stderr, "%s%s%s\n", prog ? prog : "", prog ? ": " : "", err->msg);
    if (err->hint) {
        fputs(err->hint->str, stderr);
    }
    abort();
}

/*
 * Hand the new error @err to @errp: act on the special destinations,
 * otherwise store it.  Takes ownership of @err.
 */
static void error_handle(Error **errp, Error *err)
{
    if (errp == &error_abort) {
        error_abort_with(err);
    }
    if (errp == &error_fatal) {
        error_report_err(err);
        exit(1);
    }
    if (errp == &error_warn) {
        warn_report_err(err);
        return;
    }
    /* Setting an error twice loses the first one: a bug in the caller. */
    assert(*errp == NULL);
    *errp = err;
}

static void error_setv(Error **errp, const char *src, int line,
                       const char *func, ErrorClass err_class, const char *fmt,
                       va_list ap, int os_errno)
{
    /* Callers often read errno right after failing; keep it intact. */
    int saved_errno = errno;
    Error *err;

    if (!errp) {
        return;
    }
    assert(*errp == NULL);
    err = g_new0(Error, 1);
    err->msg = g_strdup_vprintf(fmt, ap);
    if (os_errno) {
        /* g_strerror(): strerror() need not be thread-safe. */
        char *with_cause =
            g_strdup_printf("%s: %s", err->msg, g_strerror(os_errno));

        g_free(err->msg);
        err->msg = with_cause;
    }
    err->err_class = err_class;
    err->src = src;
    err->line = line;
    err->func = func;
    error_handle(errp, err);
    errno = saved_errno;
}

void error_setg_internal(Error **errp, const char *src, int line,
                         const char *func, const char *fmt, ...)
{
    va_list ap;

    va_start(ap, fmt);
    error_setv(errp, src, line, func, ERROR_CLASS_GENERIC_ERROR, fmt, ap, 0);
    va_end(ap);
}

void error_setg_errno_internal(Error **errp, const char *src, int line,
                               const char *func, int os_errno, const char *fmt,
                               ...)
{
    va_list ap;

    va_start(ap, fmt);
    error_setv(errp, src, line, func, ERROR_CLASS_GENERIC_ERROR, fmt, ap,
               os_errno);
    va_end(ap);
}

void error_set_internal(Error **errp, const char *src, int line,
                        const char *func, ErrorClass err_class, const char *fmt,
                        ...)
{
    va_list ap;

    va_start(ap, fmt);
    error_setv(errp, src, line, func, err_class, fmt, ap, 0);
    va_end(ap);
}

static void error_vprepend(Error *err, const char *fmt, va_list ap)
{
    GString *msg = g_string_new(NULL);

    g_string_append_vprintf(msg, fmt, ap);
    g_string_append(msg, err->msg);
    g_free(err->msg);
    err->msg = g_string_free(msg, false);
}

void error_prepend(Error *const *errp, const char *fmt, ...)
{
    va_list ap;

    if (!errp || !*errp) {
        return;
    }
    va_start(ap, fmt);
    error_vprepend(*errp, fmt, ap);
    va_end(ap);
}

void error_append_hint(Error *const *errp, const char *fmt, ...)
{
    Error *err;
    va_list ap;

    /*
     * Without ERRP_GUARD() a caller passing NULL, &error_fatal or
     * &error_warn has no error to attach to; the hint is dropped.
     */
    if (!errp || !*errp) {
        return;
    }
    err = *errp;
    if (!err->hint) {
        err->hint = g_string_new(NULL);
    }
    va_start(ap, fmt);
    g_string_append_vprintf(err->hint, fmt, ap);
    va_end(ap);
}

void error_propagate(Error **dst_errp, Error *local_err)
{
    if (!local_err) {
        return;
    }
    if (dst_errp == &error_abort || dst_errp == &error_fatal ||
        dst_errp == &error_warn) {
        error_handle(dst_errp, local_err);
        return;
    }
    if (dst_errp && !*dst_errp) {
        *dst_errp = local_err;
        return;
    }
    /* No destination, or it already holds an error: the first one wins. */
    error_free(local_err);
}

void error_propagate_prepend(Error **dst_errp, Error *local_err,
                             const char *fmt, ...)
{
    va_list ap;

    if (!local_err) {
        return;
    }
    /* Only worth the work if @local_err is going to be kept or shown. */
    if (dst_errp && !*dst_errp) {
        va_start(ap, fmt);
        error_vprepend(local_err, fmt, ap);
        va_end(ap);
    }
    error_propagate(dst_errp, local_err);
}

Error *error_copy(const Error *err)
{
    Error *copy = g_new0(Error, 1);

    copy->msg = g_strdup(err->msg);
    copy->err_class = err->err_class;
    copy->src = err->src;
    copy->func = err->func;
    copy->line = err->line;
    if (err->hint) {
        copy->hint = g_string_new_len(err->hint->str, err->hint->len);
    }
    return copy;
}

void error_free(Error *err)
{
    if (!err) {
        return;
    }
    g_free(err->msg);
    if (err->hint) {
        g_string_free(err->hint, true);
    }
    g_free(err);
}

void error_free_or_abort(Error **errp)
{
    assert(errp && *errp);
    error_free(*errp);
    *errp = NULL;
}

void error_report_err(Error *err)
{
    error_report("%s", error_get_pretty(err));
    if (err->hint) {
        error_printf("%s", err->hint->str);
    }
    error_free(err);
}

void warn_report_err(Error *err)
{
    warn_report("%s", error_get_pretty(err));
    if (err->hint) {
        error_printf("%s", err->hint->str);
    }
    error_free(err);
}

void error_reportf_err(Error *err, const char *fmt, ...)
{
    va_list ap;

    va_start(ap, fmt);
    error_vprepend(err, fmt, ap);
    va_end(ap);
    error_report_err(err);
}

void error_propagator_cleanup(ErrorPropagator *prop)
{
    error_propagate(prop->errp, prop->local_err);
}
