/* SPDX-License-Identifier: GPL-2.0-or-later */
/* QNum: a reference-counted JSON number (int64, uint64 or double). */
#include "qemu/osdep.h"
#include "qobject/qnum.h"

static QNum *qnum_alloc(QNumKind kind)
{
    QNum *qn = g_new(QNum, 1);

    qobject_init(QOBJECT(qn), QTYPE_QNUM);
    qn->kind = kind;
    return qn;
}

QNum *qnum_from_int(int64_t value)
{
    QNum *qn = qnum_alloc(QNUM_I64);

    qn->u.i64 = value;
    return qn;
}

QNum *qnum_from_uint(uint64_t value)
{
    QNum *qn;

    if (value <= INT64_MAX) {
        return qnum_from_int((int64_t)value);
    }
    qn = qnum_alloc(QNUM_U64);
    qn->u.u64 = value;
    return qn;
}

QNum *qnum_from_double(double value)
{
    QNum *qn = qnum_alloc(QNUM_DOUBLE);

    qn->u.dbl = value;
    return qn;
}

bool qnum_get_try_int(const QNum *qn, int64_t *val)
{
    switch (qn->kind) {
    case QNUM_I64:
        *val = qn->u.i64;
        return true;
    case QNUM_U64:
        if (qn->u.u64 > INT64_MAX) {
            return false;
        }
        *val = (int64_t)qn->u.u64;
        return true;
    case QNUM_DOUBLE:
        return false;
    }
    g_assert_not_reached();
}

int64_t qnum_get_int(const QNum *qn)
{
    int64_t val;
    bool ok = qnum_get_try_int(qn, &val);

    assert(ok);
    return val;
}

bool qnum_get_try_uint(const QNum *qn, uint64_t *val)
{
    switch (qn->kind) {
    case QNUM_I64:
        if (qn->u.i64 < 0) {
            return false;
        }
        *val = (uint64_t)qn->u.i64;
        return true;
    case QNUM_U64:
        *val = qn->u.u64;
        return true;
    case QNUM_DOUBLE:
        return false;
    }
    g_assert_not_reached();
}

uint64_t qnum_get_uint(const QNum *qn)
{
    uint64_t val;
    bool ok = qnum_get_try_uint(qn, &val);

    assert(ok);
    return val;
}

double qnum_get_double(const QNum *qn)
{
    switch (qn->kind) {
    case QNUM_I64:
        return (double)qn->u.i64;
    case QNUM_U64:
        return (double)qn->u.u64;
    case QNUM_DOUBLE:
        return qn->u.dbl;
    }
    g_assert_not_reached();
}

char *qnum_to_string(const QNum *qn)
{
    char buf[G_ASCII_DTOSTR_BUF_SIZE];

    switch (qn->kind) {
    case QNUM_I64:
        return g_strdup_printf("%" PRId64, qn->u.i64);
    case QNUM_U64:
        return g_strdup_printf("%" PRIu64, qn->u.u64);
    case QNUM_DOUBLE:
        /*
         * g_ascii_formatd() always uses '.', whatever LC_NUMERIC says.
         * Infinities and NaNs come out as "inf"/"nan" like QEMU's output,
         * which is not valid JSON; QEMU never sends them on purpose.
         */
        return g_strdup(g_ascii_formatd(buf, sizeof(buf), "%.17g", qn->u.dbl));
    }
    g_assert_not_reached();
}

/*
 * Integers compare by value whatever their kind (a negative int64 never
 * equals a uint64).  A double never equals an integer, as in QEMU.
 */
bool qnum_is_equal(const QObject *x, const QObject *y)
{
    const QNum *a = qobject_to(QNum, x);
    const QNum *b = qobject_to(QNum, y);
    uint64_t ua, ub;

    if (a->kind == QNUM_DOUBLE || b->kind == QNUM_DOUBLE) {
        /* Two NaNs are unequal, like C's == */
        return a->kind == b->kind && a->u.dbl == b->u.dbl;
    }
    if (a->kind == QNUM_I64 && b->kind == QNUM_I64) {
        return a->u.i64 == b->u.i64;
    }
    /* At least one is QNUM_U64: both must be non-negative to match */
    if (!qnum_get_try_uint(a, &ua) || !qnum_get_try_uint(b, &ub)) {
        return false;
    }
    return ua == ub;
}

void qnum_destroy_obj(QObject *obj)
{
    assert(obj);
    g_free(qobject_to(QNum, obj));
}
