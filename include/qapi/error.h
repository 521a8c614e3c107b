/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The Error API: how a function tells its caller why it failed.
 *
 * Convention (the only one in the tree): a function that can fail takes
 * "Error **errp" as its last argument and returns bool (true on success),
 * a pointer (NULL on failure) or a negative errno.  On failure it sets
 * *errp exactly once.  errp may be NULL (caller does not care),
 * &error_abort (failure is a bug: abort), &error_fatal (start-up only:
 * report and exit(1)), or the address of a local "Error *err = NULL".
 *
 * Reading *errp is only allowed after ERRP_GUARD(), which makes it safe
 * for the NULL / &error_fatal cases.
 */
#ifndef QAPI_ERROR_H
#define QAPI_ERROR_H

typedef struct Error Error;

/*
 * Error classes seen on the QMP wire (QapiErrorClass), in QEMU's order.
 * Almost everything is ERROR_CLASS_GENERIC_ERROR.
 */
typedef enum ErrorClass {
    ERROR_CLASS_GENERIC_ERROR,
    ERROR_CLASS_COMMAND_NOT_FOUND,
    ERROR_CLASS_DEVICE_NOT_ACTIVE,
    ERROR_CLASS_DEVICE_NOT_FOUND,
    ERROR_CLASS_KVM_MISSING_CAP,
    ERROR_CLASS__MAX,
} ErrorClass;

/* The QMP name of @cls ("GenericError", "CommandNotFound", ...). */
const char *error_class_str(ErrorClass cls);

/* The human-readable message (without hints). */
const char *error_get_pretty(const Error *err);

/* The class of @err (ERROR_CLASS_GENERIC_ERROR unless set by error_set()). */
ErrorClass error_get_class(const Error *err);

/*
 * Set *errp to a new GenericError built from @fmt.  *errp must be NULL
 * (setting an error twice is a bug and aborts).
 */
#define error_setg(errp, fmt, ...)                                            \
    error_setg_internal((errp), __FILE__, __LINE__, __func__, (fmt),          \
                        ##__VA_ARGS__)
void error_setg_internal(Error **errp, const char *src, int line,
                         const char *func, const char *fmt, ...)
    G_GNUC_PRINTF(5, 6);

/* Like error_setg(), appending ": " and strerror(@os_errno). */
#define error_setg_errno(errp, os_errno, fmt, ...)                            \
    error_setg_errno_internal((errp), __FILE__, __LINE__, __func__,           \
                              (os_errno), (fmt), ##__VA_ARGS__)
void error_setg_errno_internal(Error **errp, const char *src, int line,
                               const char *func, int os_errno,
                               const char *fmt, ...) G_GNUC_PRINTF(6, 7);

/* Like error_setg() with an explicit class. */
#define error_set(errp, err_class, fmt, ...)                                  \
    error_set_internal((errp), __FILE__, __LINE__, __func__, (err_class),     \
                       (fmt), ##__VA_ARGS__)
void error_set_internal(Error **errp, const char *src, int line,
                        const char *func, ErrorClass err_class,
                        const char *fmt, ...) G_GNUC_PRINTF(6, 7);

/*
 * Move @local_err into *dst_errp.  If dst_errp is NULL the error is freed;
 * if *dst_errp is already set the new error is freed (the first error wins).
 * &error_abort / &error_fatal act on it.  @local_err may be NULL.
 */
void error_propagate(Error **dst_errp, Error *local_err);

/* error_propagate() after prepending a message to @local_err. */
void error_propagate_prepend(Error **dst_errp, Error *local_err,
                             const char *fmt, ...) G_GNUC_PRINTF(3, 4);

/* Prepend "fmt..." to the message of *errp, if errp and *errp are set. */
void error_prepend(Error *const *errp, const char *fmt, ...)
    G_GNUC_PRINTF(2, 3);

/* Add a hint printed after the message by error_report_err(). */
void error_append_hint(Error *const *errp, const char *fmt, ...)
    G_GNUC_PRINTF(2, 3);

/* A new Error with the same class, message and hints as @err. */
Error *error_copy(const Error *err);
/* Free @err and its hints; NULL is fine. */
void error_free(Error *err);

/* Assert *errp is set, free it and reset *errp to NULL (tests). */
void error_free_or_abort(Error **errp);

/* Report @err with error_report() (plus hints) and free it. */
void error_report_err(Error *err);
/* Same, as a warning. */
void warn_report_err(Error *err);
/* Prepend @fmt, then error_report_err(). */
void error_reportf_err(Error *err, const char *fmt, ...) G_GNUC_PRINTF(2, 3);

/* Special destinations; pass their address as errp. */
extern Error *error_abort;
extern Error *error_fatal;
extern Error *error_warn;

/*
 * ERRP_GUARD(): put at the top of a function that dereferences errp.
 * When errp is NULL, &error_fatal or &error_warn it is redirected to a
 * local Error that is propagated when the function returns.
 */
typedef struct ErrorPropagator {
    Error *local_err;
    Error **errp;
} ErrorPropagator;

void error_propagator_cleanup(ErrorPropagator *prop);

#define ERRP_GUARD()                                                          \
    g_auto(ErrorPropagator) _auto_errp_prop = { .errp = errp };               \
    do {                                                                      \
        if (!errp || errp == &error_fatal || errp == &error_warn) {           \
            errp = &_auto_errp_prop.local_err;                                \
        }                                                                     \
    } while (0)

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC(ErrorPropagator, error_propagator_cleanup)
G_DEFINE_AUTOPTR_CLEANUP_FUNC(Error, error_free)

#endif /* QAPI_ERROR_H */
