/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Finding entries and members in a query-qmp-schema reply, shared by the
 * unit tests of the test schema and of the tree's schema.
 */
#ifndef TESTS_QAPI_SCHEMA_LOOKUP_H
#define TESTS_QAPI_SCHEMA_LOOKUP_H

#include "qobject/qdict.h"
#include "qobject/qlist.h"

/* The object in @list (of QDicts) whose @key is the string @name. */
static inline QDict *schema_find_by(QList *list, const char *key,
                                    const char *name)
{
    const QListEntry *e;

    QLIST_FOREACH_ENTRY(list, e) {
        QDict *d = qobject_to(QDict, qlist_entry_obj(e));

        if (!g_strcmp0(qdict_get_try_str(d, key), name)) {
            return d;
        }
    }
    return NULL;
}

/* The SchemaInfo entry of @schema called @name, or NULL. */
static inline QDict *schema_find(QList *schema, const char *name)
{
    return schema_find_by(schema, "name", name);
}

/* The member @name of the object or enum entry @obj, or NULL. */
static inline QDict *schema_find_member(QDict *obj, const char *name)
{
    return schema_find_by(qdict_get_qlist(obj, "members"), "name", name);
}

#endif /* TESTS_QAPI_SCHEMA_LOOKUP_H */
