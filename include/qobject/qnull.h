/* SPDX-License-Identifier: GPL-2.0-or-later */
/* QNull: the JSON null, a single static object. */
#ifndef QOBJECT_QNULL_H
#define QOBJECT_QNULL_H

#include "qobject/qobject.h"

struct QNull {
    struct QObjectBase_ base;
};

extern QNull qnull_;

/* A new reference to the one QNull. */
static inline QNull *qnull(void)
{
    return qobject_ref(&qnull_);
}

bool qnull_is_equal(const QObject *x, const QObject *y);

G_DEFINE_AUTOPTR_CLEANUP_FUNC(QNull, qobject_unref_autoptr)

#endif /* QOBJECT_QNULL_H */
