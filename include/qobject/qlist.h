/* SPDX-License-Identifier: GPL-2.0-or-later */
/* QList: an ordered list of QObjects (a JSON array). */
#ifndef QOBJECT_QLIST_H
#define QOBJECT_QLIST_H

#include "qobject/qobject.h"

typedef struct QListEntry {
    QObject *value;
    struct QListEntry *next;
} QListEntry;

struct QList {
    struct QObjectBase_ base;
    QListEntry *head;
    QListEntry *tail;
    size_t size;
};

QList *qlist_new(void);
QList *qlist_copy(QList *src);      /* shallow: shares the elements */

/* Append, taking ownership of @obj's reference. */
void qlist_append_obj(QList *qlist, QObject *obj);
#define qlist_append(qlist, obj) qlist_append_obj(qlist, QOBJECT(obj))
void qlist_append_int(QList *qlist, int64_t value);
void qlist_append_bool(QList *qlist, bool value);
void qlist_append_str(QList *qlist, const char *value);
void qlist_append_null(QList *qlist);

/* Remove and return the first element (caller owns it), NULL if empty. */
QObject *qlist_pop(QList *qlist);
/* First element, borrowed; NULL if empty. */
QObject *qlist_peek(QList *qlist);
bool qlist_empty(const QList *qlist);
size_t qlist_size(const QList *qlist);

static inline const QListEntry *qlist_first(const QList *qlist)
{
    return qlist->head;
}

static inline const QListEntry *qlist_next(const QListEntry *entry)
{
    return entry->next;
}

static inline QObject *qlist_entry_obj(const QListEntry *entry)
{
    return entry->value;
}

#define QLIST_FOREACH_ENTRY(qlist, var)                                       \
    for ((var) = qlist_first(qlist); (var); (var) = qlist_next(var))

bool qlist_is_equal(const QObject *x, const QObject *y);
void qlist_destroy_obj(QObject *obj);

G_DEFINE_AUTOPTR_CLEANUP_FUNC(QList, qobject_unref_autoptr)

#endif /* QOBJECT_QLIST_H */
