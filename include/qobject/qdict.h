/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * QDict: string-keyed map of QObjects (a JSON object).
 *
 * Iteration order (and so the order members appear in JSON output) is
 * QEMU's: 512 buckets in bucket order, newest entry first inside a bucket,
 * so that our QMP replies are byte-identical to QEMU's.
 */
#ifndef QOBJECT_QDICT_H
#define QOBJECT_QDICT_H

#include "qobject/qobject.h"

#define QDICT_BUCKET_MAX 512

typedef struct QDictEntry {
    char *key;
    QObject *value;
    struct QDictEntry *next;    /* next entry in the same bucket */
} QDictEntry;

struct QDict {
    struct QObjectBase_ base;
    size_t size;
    QDictEntry *table[QDICT_BUCKET_MAX];
};

QDict *qdict_new(void);

/* The bucket QEMU's hash puts @key in (exposed for tests). */
unsigned int qdict_bucket_of(const char *key);

/*
 * Insert or replace @key, taking ownership of @value's reference.
 * Replacing keeps the entry's position.
 */
void qdict_put_obj(QDict *qdict, const char *key, QObject *value);
#define qdict_put(qdict, key, obj) qdict_put_obj(qdict, key, QOBJECT(obj))
void qdict_put_int(QDict *qdict, const char *key, int64_t value);
void qdict_put_bool(QDict *qdict, const char *key, bool value);
void qdict_put_str(QDict *qdict, const char *key, const char *value);
void qdict_put_null(QDict *qdict, const char *key);

/* Borrowed value, NULL if absent. */
QObject *qdict_get(const QDict *qdict, const char *key);
bool qdict_haskey(const QDict *qdict, const char *key);
size_t qdict_size(const QDict *qdict);
/* Remove @key (no-op if absent), dropping its reference. */
void qdict_del(QDict *qdict, const char *key);

/* Typed getters: the key must exist with the right type (asserts). */
int64_t qdict_get_int(const QDict *qdict, const char *key);
double qdict_get_double(const QDict *qdict, const char *key);
bool qdict_get_bool(const QDict *qdict, const char *key);
const char *qdict_get_str(const QDict *qdict, const char *key);
QList *qdict_get_qlist(const QDict *qdict, const char *key);
QDict *qdict_get_qdict(const QDict *qdict, const char *key);

/* Lenient getters: default/NULL if absent or of another type. */
int64_t qdict_get_try_int(const QDict *qdict, const char *key,
                          int64_t def_value);
bool qdict_get_try_bool(const QDict *qdict, const char *key, bool def_value);
const char *qdict_get_try_str(const QDict *qdict, const char *key);

/* Iteration in wire order. */
const QDictEntry *qdict_first(const QDict *qdict);
const QDictEntry *qdict_next(const QDict *qdict, const QDictEntry *entry);

static inline const char *qdict_entry_key(const QDictEntry *entry)
{
    return entry->key;
}

static inline QObject *qdict_entry_value(const QDictEntry *entry)
{
    return entry->value;
}

QDict *qdict_clone_shallow(const QDict *src);

bool qdict_is_equal(const QObject *x, const QObject *y);
void qdict_destroy_obj(QObject *obj);

G_DEFINE_AUTOPTR_CLEANUP_FUNC(QDict, qobject_unref_autoptr)

#endif /* QOBJECT_QDICT_H */
