/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * QObject: reference-counted JSON-like values (QNull, QNum, QString,
 * QDict, QList, QBool).  Every value starts with a QObjectBase_ header.
 *
 * Ownership: a function that returns a new QObject gives the caller one
 * reference.  Containers take ownership of the reference passed to their
 * put/append functions; getters return borrowed pointers.
 * A QObject belongs to one thread at a time and is handed over whole,
 * with one exception: the QNull singleton is shared by every thread, so
 * reference counts are updated atomically.
 */
#ifndef QOBJECT_QOBJECT_H
#define QOBJECT_QOBJECT_H

#include "qemu/atomic.h"

/* Order is QEMU's QType order (also used by QAPI alternates). */
typedef enum QType {
    QTYPE_NONE,
    QTYPE_QNULL,
    QTYPE_QNUM,
    QTYPE_QSTRING,
    QTYPE_QDICT,
    QTYPE_QLIST,
    QTYPE_QBOOL,
    QTYPE__MAX,
} QType;

/*
 * The name of each QType: "none", "qnull", "qnum", "qstring", "qdict",
 * "qlist", "qbool".  The one copy in the tree; QAPI's QType_lookup uses
 * it too.
 */
extern const char *const qtype_names[QTYPE__MAX];

/* qtype_names[@type]; @type must be a valid QType. */
const char *QType_str(QType type);

struct QObjectBase_ {
    QType type;
    size_t refcnt;
};

/* A QObject is only ever seen through a pointer to its base. */
struct QObject {
    struct QObjectBase_ base;
};

#define QOBJECT_INTERNAL(obj, _obj) ({                                        \
    typeof(obj) _obj = (obj);                                                 \
    _obj ? container_of(&_obj->base, QObject, base) : NULL;                   \
})
/* Upcast any QObject subtype pointer (or NULL) to QObject *. */
#define QOBJECT(obj) QOBJECT_INTERNAL((obj), glue(_obj, __COUNTER__))

/* Type tags used by qobject_to(). */
#define QTYPE_CAST_TO_QNull QTYPE_QNULL
#define QTYPE_CAST_TO_QNum QTYPE_QNUM
#define QTYPE_CAST_TO_QString QTYPE_QSTRING
#define QTYPE_CAST_TO_QDict QTYPE_QDICT
#define QTYPE_CAST_TO_QList QTYPE_QLIST
#define QTYPE_CAST_TO_QBool QTYPE_QBOOL

/* Internal to qobject_to(): @obj if it is of @type, else NULL. */
void *qobject_check_type(const QObject *obj, QType type);

/* Downcast: NULL if @obj is NULL or not of that type. */
#define qobject_to(type, obj)                                                 \
    ((type *)qobject_check_type(obj, glue(QTYPE_CAST_TO_, type)))

/* Internal: qobject_ref() without the type-preserving wrapper. */
static inline void qobject_ref_impl(QObject *obj)
{
    if (obj) {
        qatomic_inc(&obj->base.refcnt);
    }
}

/* Internal: free @obj once its last reference is gone. */
void qobject_destroy(QObject *obj);

/* Internal: qobject_unref() on a QObject * (NULL is fine). */
static inline void qobject_unref_impl(QObject *obj)
{
    size_t old;

    if (!obj) {
        return;
    }
    old = qatomic_fetch_dec(&obj->base.refcnt);
    assert(old);
    if (old == 1) {
        qobject_destroy(obj);
    }
}

/* Take a reference; evaluates to @obj. */
#define qobject_ref(obj) ({                                                   \
    typeof(obj) _o = (obj);                                                   \
    qobject_ref_impl(QOBJECT(_o));                                            \
    _o;                                                                       \
})

/* Drop a reference (NULL is fine). */
#define qobject_unref(obj) qobject_unref_impl(QOBJECT(obj))

static inline QType qobject_type(const QObject *obj)
{
    assert(QTYPE_NONE < obj->base.type && obj->base.type < QTYPE__MAX);
    return obj->base.type;
}

/* Internal: set up the header of a new object (refcnt 1). */
static inline void qobject_init(QObject *obj, QType type)
{
    assert(QTYPE_NONE < type && type < QTYPE__MAX);
    obj->base.refcnt = 1;
    obj->base.type = type;
}

/*
 * Deep equality.  Numbers compare as QEMU does: an int and a uint are
 * equal when they hold the same value, but a double never equals an
 * integer (1.0 != 1).
 */
bool qobject_is_equal(const QObject *x, const QObject *y);

G_DEFINE_AUTOPTR_CLEANUP_FUNC(QObject, qobject_unref_impl)

/*
 * Cleanup function for g_autoptr() of the subtypes.  glib calls the
 * cleanup as "(func)(ptr)", which does not expand the function-like
 * qobject_unref() macro, so the subtype headers name this function
 * instead.  Every subtype starts with its QObjectBase_, so the cast is
 * exact.
 */
static inline void qobject_unref_autoptr(void *obj)
{
    qobject_unref_impl(obj);
}

#endif /* QOBJECT_QOBJECT_H */
