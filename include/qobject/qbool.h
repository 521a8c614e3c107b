/* SPDX-License-Identifier: GPL-2.0-or-later */
/* QBool: a JSON true/false. */
#ifndef QOBJECT_QBOOL_H
#define QOBJECT_QBOOL_H

#include "qobject/qobject.h"

struct QBool {
    struct QObjectBase_ base;
    bool value;
};

QBool *qbool_from_bool(bool value);
bool qbool_get_bool(const QBool *qb);

bool qbool_is_equal(const QObject *x, const QObject *y);
void qbool_destroy_obj(QObject *obj);

G_DEFINE_AUTOPTR_CLEANUP_FUNC(QBool, qobject_unref_autoptr)

#endif /* QOBJECT_QBOOL_H */
