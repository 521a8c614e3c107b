/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * C -> QObject conversion of QAPI values (QMP replies and events),
 * driven by the generated type descriptors.  Members are inserted in
 * schema order; optional members only when present.
 */
#include "qemu/osdep.h"
#include "qapi/qobject-conv.h"
#include "qobject/qbool.h"
#include "qobject/qdict.h"
#include "qobject/qlist.h"
#include "qobject/qnull.h"
#include "qobject/qnum.h"
#include "qobject/qstring.h"

static bool is_object_kind(QapiKind kind)
{
    return kind == QAPI_KIND_STRUCT || kind == QAPI_KIND_UNION;
}

static void out_members(const QapiTypeInfo *type, const void *obj,
                        QDict *dict)
{
    const QapiMemberInfo *m;
    const QapiVariantInfo *v;
    int tag;

    for (m = type->members; m->name; m++) {
        const void *slot = (const char *)obj + m->offset;

        if (m->optional) {
            if (m->has_flag
                ? !*(const bool *)((const char *)obj + m->has_offset)
                : !*(void *const *)slot) {
                continue;
            }
        }
        qdict_put_obj(dict, m->name, qapi_to_qobject(m->type, slot));
    }
    if (type->kind != QAPI_KIND_UNION) {
        return;
    }
    tag = *(const int *)((const char *)obj + type->tag_offset);
    for (v = type->variants; v->type; v++) {
        if (v->tag == tag) {
            out_members(v->type, (const char *)obj + type->variants_offset,
                        dict);
            return;
        }
    }
}

static QObject *out_object(const QapiTypeInfo *type, const void *obj)
{
    QDict *dict = qdict_new();

    if (obj) {
        out_members(type, obj, dict);
    }
    return QOBJECT(dict);
}

static QObject *out_alternate(const QapiTypeInfo *type, const void *alt)
{
    const QapiVariantInfo *v;
    const void *branch = (const char *)alt + type->variants_offset;

    for (v = type->variants; v->type; v++) {
        if ((QType)v->tag == *(const QType *)alt) {
            if (is_object_kind(v->type->kind)) {
                return out_object(v->type, branch);
            }
            return qapi_to_qobject(v->type, branch);
        }
    }
    g_assert_not_reached();
}

QObject *qapi_to_qobject(const QapiTypeInfo *type, const void *slot)
{
    switch (type->kind) {
    case QAPI_KIND_INT8:
        return QOBJECT(qnum_from_int(*(const int8_t *)slot));
    case QAPI_KIND_INT16:
        return QOBJECT(qnum_from_int(*(const int16_t *)slot));
    case QAPI_KIND_INT32:
        return QOBJECT(qnum_from_int(*(const int32_t *)slot));
    case QAPI_KIND_INT64:
        return QOBJECT(qnum_from_int(*(const int64_t *)slot));
    case QAPI_KIND_UINT8:
        return QOBJECT(qnum_from_uint(*(const uint8_t *)slot));
    case QAPI_KIND_UINT16:
        return QOBJECT(qnum_from_uint(*(const uint16_t *)slot));
    case QAPI_KIND_UINT32:
        return QOBJECT(qnum_from_uint(*(const uint32_t *)slot));
    case QAPI_KIND_UINT64:
    case QAPI_KIND_SIZE:
        return QOBJECT(qnum_from_uint(*(const uint64_t *)slot));
    case QAPI_KIND_NUMBER:
        return QOBJECT(qnum_from_double(*(const double *)slot));
    case QAPI_KIND_BOOL:
        return QOBJECT(qbool_from_bool(*(const bool *)slot));
    case QAPI_KIND_STR: {
        const char *str = *(char *const *)slot;

        /* a missing mandatory string goes out empty, as in QEMU */
        return QOBJECT(qstring_from_str(str ? str : ""));
    }
    case QAPI_KIND_ANY: {
        QObject *obj = *(QObject *const *)slot;

        return obj ? qobject_ref(obj) : QOBJECT(qnull());
    }
    case QAPI_KIND_NULL:
        return QOBJECT(qnull());
    case QAPI_KIND_ENUM:
        return QOBJECT(qstring_from_str(
            qapi_enum_lookup(type->lookup, *(const int *)slot)));
    case QAPI_KIND_STRUCT:
    case QAPI_KIND_UNION:
        return out_object(type, *(void *const *)slot);
    case QAPI_KIND_ALTERNATE: {
        const void *alt = *(void *const *)slot;

        return alt ? out_alternate(type, alt) : QOBJECT(qnull());
    }
    case QAPI_KIND_LIST: {
        QList *list = qlist_new();
        const void *node;

        /* every list node starts with its next pointer */
        for (node = *(void *const *)slot; node;
             node = *(void *const *)node) {
            qlist_append_obj(list, qapi_to_qobject(
                type->element, (const char *)node + type->value_offset));
        }
        return QOBJECT(list);
    }
    }
    g_assert_not_reached();
}

void qapi_members_to_qdict(const QapiTypeInfo *type, const void *obj,
                           QDict *dict)
{
    out_members(type, obj, dict);
}
