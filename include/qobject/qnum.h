/* SPDX-License-Identifier: GPL-2.0-or-later */
/* QNum: a JSON number held as int64, uint64 or double. */
#ifndef QOBJECT_QNUM_H
#define QOBJECT_QNUM_H

#include "qobject/qobject.h"

typedef enum QNumKind {
    QNUM_I64,   /* any integer that fits int64_t */
    QNUM_U64,   /* integers above INT64_MAX only */
    QNUM_DOUBLE,
} QNumKind;

struct QNum {
    struct QObjectBase_ base;
    QNumKind kind;
    union {
        int64_t i64;
        uint64_t u64;
        double dbl;
    } u;
};

QNum *qnum_from_int(int64_t value);
/* Stored as QNUM_I64 when it fits, so equal values look the same. */
QNum *qnum_from_uint(uint64_t value);
QNum *qnum_from_double(double value);

/* Exact conversions only: false if the value does not fit. */
bool qnum_get_try_int(const QNum *qn, int64_t *val);
int64_t qnum_get_int(const QNum *qn);       /* asserts it fits */
bool qnum_get_try_uint(const QNum *qn, uint64_t *val);
uint64_t qnum_get_uint(const QNum *qn);     /* asserts it fits */
/* Any kind, converted to double. */
double qnum_get_double(const QNum *qn);

/* JSON text of the number ("%" PRId64, "%" PRIu64, or "%.17g"). */
char *qnum_to_string(const QNum *qn);

bool qnum_is_equal(const QObject *x, const QObject *y);
void qnum_destroy_obj(QObject *obj);

G_DEFINE_AUTOPTR_CLEANUP_FUNC(QNum, qobject_unref_autoptr)

#endif /* QOBJECT_QNUM_H */
