/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * QDict: a string-keyed hash table of QObjects whose iteration order
 * reproduces QEMU's (see qdict.h and management.md section 1.2).
 */
#include "qemu/osdep.h"
#include "qobject/qbool.h"
#include "qobject/qdict.h"
#include "qobject/qlist.h"
#include "qobject/qnull.h"
#include "qobject/qnum.h"
#include "qobject/qstring.h"

/*
 * QEMU's key hash, all arithmetic on uint32_t: seed with the key length
 * times 0x238F13AF, add every byte shifted left by (5 * index) mod 24,
 * then finish with one step of the classic LCG (1103515243, 12345).
 */
static uint32_t qdict_hash(const char *key)
{
    size_t len = strlen(key);
    uint32_t h = 0x238F13AFu * (uint32_t)len;
    size_t i;

    for (i = 0; i < len; i++) {
        h += (uint32_t)(uint8_t)key[i] << ((i * 5) % 24);
    }
    return 1103515243u * h + 12345u;
}

unsigned int qdict_bucket_of(const char *key)
{
    return qdict_hash(key) % QDICT_BUCKET_MAX;
}

QDict *qdict_new(void)
{
    QDict *qdict = g_new0(QDict, 1);

    qobject_init(QOBJECT(qdict), QTYPE_QDICT);
    return qdict;
}

static QDictEntry *qdict_find(const QDict *qdict, const char *key,
                              unsigned int bucket)
{
    QDictEntry *entry;

    for (entry = qdict->table[bucket]; entry; entry = entry->next) {
        if (!strcmp(entry->key, key)) {
            return entry;
        }
    }
    return NULL;
}

void qdict_put_obj(QDict *qdict, const char *key, QObject *value)
{
    unsigned int bucket = qdict_bucket_of(key);
    QDictEntry *entry = qdict_find(qdict, key, bucket);

    assert(value);
    if (entry) {
        /* Replace in place: the key keeps its position in the output */
        qobject_unref(entry->value);
        entry->value = value;
        return;
    }

    entry = g_new(QDictEntry, 1);
    entry->key = g_strdup(key);
    entry->value = value;
    /* Newest first inside a bucket, as QEMU's list insertion does */
    entry->next = qdict->table[bucket];
    qdict->table[bucket] = entry;
    qdict->size++;
}

void qdict_put_int(QDict *qdict, const char *key, int64_t value)
{
    qdict_put(qdict, key, qnum_from_int(value));
}

void qdict_put_bool(QDict *qdict, const char *key, bool value)
{
    qdict_put(qdict, key, qbool_from_bool(value));
}

void qdict_put_str(QDict *qdict, const char *key, const char *value)
{
    qdict_put(qdict, key, qstring_from_str(value));
}

void qdict_put_null(QDict *qdict, const char *key)
{
    qdict_put(qdict, key, qnull());
}

QObject *qdict_get(const QDict *qdict, const char *key)
{
    QDictEntry *entry = qdict_find(qdict, key, qdict_bucket_of(key));

    return entry ? entry->value : NULL;
}

bool qdict_haskey(const QDict *qdict, const char *key)
{
    return qdict_get(qdict, key) != NULL;
}

size_t qdict_size(const QDict *qdict)
{
    return qdict->size;
}

static void qdict_entry_free(QDictEntry *entry)
{
    qobject_unref(entry->value);
    g_free(entry->key);
    g_free(entry);
}

void qdict_del(QDict *qdict, const char *key)
{
    QDictEntry **link = &qdict->table[qdict_bucket_of(key)];
    QDictEntry *entry;

    for (; *link; link = &(*link)->next) {
        entry = *link;
        if (!strcmp(entry->key, key)) {
            *link = entry->next;
            qdict_entry_free(entry);
            qdict->size--;
            return;
        }
    }
}

int64_t qdict_get_int(const QDict *qdict, const char *key)
{
    QNum *qn = qobject_to(QNum, qdict_get(qdict, key));

    assert(qn);
    return qnum_get_int(qn);
}

double qdict_get_double(const QDict *qdict, const char *key)
{
    QNum *qn = qobject_to(QNum, qdict_get(qdict, key));

    assert(qn);
    return qnum_get_double(qn);
}

bool qdict_get_bool(const QDict *qdict, const char *key)
{
    QBool *qb = qobject_to(QBool, qdict_get(qdict, key));

    assert(qb);
    return qbool_get_bool(qb);
}

const char *qdict_get_str(const QDict *qdict, const char *key)
{
    QString *qs = qobject_to(QString, qdict_get(qdict, key));

    assert(qs);
    return qstring_get_str(qs);
}

QList *qdict_get_qlist(const QDict *qdict, const char *key)
{
    QList *ql = qobject_to(QList, qdict_get(qdict, key));

    assert(ql);
    return ql;
}

QDict *qdict_get_qdict(const QDict *qdict, const char *key)
{
    QDict *qd = qobject_to(QDict, qdict_get(qdict, key));

    assert(qd);
    return qd;
}

int64_t qdict_get_try_int(const QDict *qdict, const char *key,
                          int64_t def_value)
{
    QNum *qn = qobject_to(QNum, qdict_get(qdict, key));
    int64_t val;

    if (!qn || !qnum_get_try_int(qn, &val)) {
        return def_value;
    }
    return val;
}

bool qdict_get_try_bool(const QDict *qdict, const char *key, bool def_value)
{
    QBool *qb = qobject_to(QBool, qdict_get(qdict, key));

    return qb ? qbool_get_bool(qb) : def_value;
}

const char *qdict_get_try_str(const QDict *qdict, const char *key)
{
    QString *qs = qobject_to(QString, qdict_get(qdict, key));

    return qs ? qstring_get_str(qs) : NULL;
}

static const QDictEntry *qdict_first_from(const QDict *qdict,
                                          unsigned int bucket)
{
    for (; bucket < QDICT_BUCKET_MAX; bucket++) {
        if (qdict->table[bucket]) {
            return qdict->table[bucket];
        }
    }
    return NULL;
}

const QDictEntry *qdict_first(const QDict *qdict)
{
    return qdict_first_from(qdict, 0);
}

const QDictEntry *qdict_next(const QDict *qdict, const QDictEntry *entry)
{
    if (entry->next) {
        return entry->next;
    }
    return qdict_first_from(qdict, qdict_bucket_of(entry->key) + 1);
}

/*
 * Walks @src in output order and inserts into a fresh dict, exactly as
 * QEMU does; keys sharing a bucket therefore come out reversed.
 */
QDict *qdict_clone_shallow(const QDict *src)
{
    QDict *dst = qdict_new();
    const QDictEntry *entry;

    for (entry = qdict_first(src); entry; entry = qdict_next(src, entry)) {
        qdict_put_obj(dst, entry->key, qobject_ref(entry->value));
    }
    return dst;
}

bool qdict_is_equal(const QObject *x, const QObject *y)
{
    const QDict *a = qobject_to(QDict, x);
    const QDict *b = qobject_to(QDict, y);
    const QDictEntry *entry;

    if (a->size != b->size) {
        return false;
    }
    for (entry = qdict_first(a); entry; entry = qdict_next(a, entry)) {
        if (!qobject_is_equal(entry->value, qdict_get(b, entry->key))) {
            return false;
        }
    }
    return true;
}

void qdict_destroy_obj(QObject *obj)
{
    QDict *qdict = qobject_to(QDict, obj);
    QDictEntry *entry, *next;
    unsigned int i;

    assert(qdict);
    for (i = 0; i < QDICT_BUCKET_MAX; i++) {
        for (entry = qdict->table[i]; entry; entry = next) {
            next = entry->next;
            qdict_entry_free(entry);
        }
    }
    g_free(qdict);
}
