/* SPDX-License-Identifier: GPL-2.0-or-later */
/* QString: an immutable, NUL-terminated string value. */
#ifndef QOBJECT_QSTRING_H
#define QOBJECT_QSTRING_H

#include "qobject/qobject.h"

struct QString {
    struct QObjectBase_ base;
    const char *string;     /* owned, NUL-terminated */
};

QString *qstring_new(void);                      /* "" */
QString *qstring_from_str(const char *str);
/* Bytes [start, end) of @str. */
QString *qstring_from_substr(const char *str, size_t start, size_t end);
/* Takes ownership of @gstr's buffer and frees @gstr. */
QString *qstring_from_gstring(GString *gstr);
const char *qstring_get_str(const QString *qstring);

bool qstring_is_equal(const QObject *x, const QObject *y);
void qstring_destroy_obj(QObject *obj);

G_DEFINE_AUTOPTR_CLEANUP_FUNC(QString, qobject_unref_autoptr)

#endif /* QOBJECT_QSTRING_H */
