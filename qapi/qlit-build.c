/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Building a QObject from a flat QLitOp array (see qapi/qlit-build.h). */
#include "qemu/osdep.h"
#include "qapi/qlit-build.h"
#include "qobject/qdict.h"
#include "qobject/qlist.h"
#include "qobject/qnull.h"
#include "qobject/qbool.h"
#include "qobject/qstring.h"

/* Build the value starting at *@pos and advance past it. */
static QObject *build_value(const QLitOp *ops, size_t *pos)
{
    const QLitOp *op = &ops[(*pos)++];

    switch (op->step) {
    case QLIT_STR:
        return QOBJECT(qstring_from_str(op->str));
    case QLIT_TRUE:
        return QOBJECT(qbool_from_bool(true));
    case QLIT_NULL:
        return QOBJECT(qnull());
    case QLIT_LIST: {
        QList *list = qlist_new();

        while (ops[*pos].step != QLIT_END) {
            qlist_append_obj(list, build_value(ops, pos));
        }
        (*pos)++;
        return QOBJECT(list);
    }
    case QLIT_DICT: {
        QDict *dict = qdict_new();

        while (ops[*pos].step != QLIT_END) {
            const char *key = ops[*pos].str;

            assert(ops[*pos].step == QLIT_KEY);
            (*pos)++;
            qdict_put_obj(dict, key, build_value(ops, pos));
        }
        (*pos)++;
        return QOBJECT(dict);
    }
    default:
        g_assert_not_reached();
    }
}

QObject *qlit_build(const QLitOp *ops)
{
    size_t pos = 0;

    return build_value(ops, &pos);
}
