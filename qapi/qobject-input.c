/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * QObject -> C conversion of QAPI values, driven by the generated type
 * descriptors.  This is where QMP arguments are validated, so the error
 * texts are QEMU's, word for word (docs/devel/qapi.md lists them).
 */
#include "qemu/osdep.h"
#include "qapi/error.h"
#include "qapi/qobject-conv.h"
#include "qobject/qbool.h"
#include "qobject/qdict.h"
#include "qobject/qlist.h"
#include "qobject/qnull.h"
#include "qobject/qnum.h"
#include "qobject/qstring.h"

/*
 * Where the value being converted sits, as a chain from the innermost
 * level outwards: a member (@name set) or a list element (@name NULL).
 * Error messages turn it into "a.b[2].c".
 */
typedef struct InPath {
    const struct InPath *up;
    const char *name;
    size_t index;
} InPath;

static void path_format(GString *buf, const InPath *path)
{
    if (!path) {
        return;
    }
    path_format(buf, path->up);
    if (path->name) {
        if (buf->len) {
            g_string_append_c(buf, '.');
        }
        g_string_append(buf, path->name);
    } else {
        g_string_append_printf(buf, "[%zu]", path->index);
    }
}

/* The full path of @path (caller frees); "null" for the top level. */
static char *full_name(const InPath *path)
{
    GString *buf = g_string_new(NULL);

    path_format(buf, path);
    if (!buf->len) {
        g_string_append(buf, "null");
    }
    return g_string_free(buf, false);
}

/* The innermost member name only; "null" for list elements. */
static const char *leaf_name(const InPath *path)
{
    return path && path->name ? path->name : "null";
}

static void error_wrong_type(const InPath *path, const char *expected,
                             Error **errp)
{
    g_autofree char *name = full_name(path);

    error_setg(errp, "Invalid parameter type for '%s', expected: %s", name,
               expected);
}

static bool in_slot(const QapiTypeInfo *type, QObject *obj, void *slot,
                    const InPath *path, Error **errp);

/* Whether @obj has type @qtype; else "expected: @what" in @errp. */
static bool expect_qtype(QObject *obj, QType qtype, const char *what,
                         const InPath *path, Error **errp)
{
    if (qobject_type(obj) != qtype) {
        error_wrong_type(path, what, errp);
        return false;
    }
    return true;
}

static bool in_signed(const QapiTypeInfo *type, QObject *obj, void *slot,
                      const InPath *path, Error **errp)
{
    static const struct {
        int64_t min, max;
        const char *name;
    } range[] = {
        [QAPI_KIND_INT8] = { INT8_MIN, INT8_MAX, "int8_t" },
        [QAPI_KIND_INT16] = { INT16_MIN, INT16_MAX, "int16_t" },
        [QAPI_KIND_INT32] = { INT32_MIN, INT32_MAX, "int32_t" },
        [QAPI_KIND_INT64] = { INT64_MIN, INT64_MAX, "int64_t" },
    };
    QNum *qn = qobject_to(QNum, obj);
    int64_t val;

    if (!qn || !qnum_get_try_int(qn, &val)) {
        error_wrong_type(path, "integer", errp);
        return false;
    }
    if (val < range[type->kind].min || val > range[type->kind].max) {
        error_setg(errp, "Parameter '%s' expects %s", leaf_name(path),
                   range[type->kind].name);
        return false;
    }
    switch (type->kind) {
    case QAPI_KIND_INT8:
        *(int8_t *)slot = val;
        break;
    case QAPI_KIND_INT16:
        *(int16_t *)slot = val;
        break;
    case QAPI_KIND_INT32:
        *(int32_t *)slot = val;
        break;
    default:
        *(int64_t *)slot = val;
        break;
    }
    return true;
}

static bool in_unsigned(const QapiTypeInfo *type, QObject *obj, void *slot,
                        const InPath *path, Error **errp)
{
    static const struct {
        uint64_t max;
        const char *name;
    } range[] = {
        [QAPI_KIND_UINT8] = { UINT8_MAX, "uint8_t" },
        [QAPI_KIND_UINT16] = { UINT16_MAX, "uint16_t" },
        [QAPI_KIND_UINT32] = { UINT32_MAX, "uint32_t" },
        [QAPI_KIND_UINT64] = { UINT64_MAX, "uint64_t" },
        [QAPI_KIND_SIZE] = { UINT64_MAX, "uint64_t" },
    };
    QNum *qn = qobject_to(QNum, obj);
    uint64_t val;
    int64_t sval;

    if (qn && qnum_get_try_uint(qn, &val)) {
        /* fits */
    } else if (qn && qnum_get_try_int(qn, &sval)) {
        /* QEMU accepts negative numbers here and wraps them */
        val = (uint64_t)sval;
    } else {
        g_autofree char *name = full_name(path);

        error_setg(errp, "Parameter '%s' expects uint64", name);
        return false;
    }
    if (val > range[type->kind].max) {
        error_setg(errp, "Parameter '%s' expects %s", leaf_name(path),
                   range[type->kind].name);
        return false;
    }
    switch (type->kind) {
    case QAPI_KIND_UINT8:
        *(uint8_t *)slot = val;
        break;
    case QAPI_KIND_UINT16:
        *(uint16_t *)slot = val;
        break;
    case QAPI_KIND_UINT32:
        *(uint32_t *)slot = val;
        break;
    default:
        *(uint64_t *)slot = val;
        break;
    }
    return true;
}

/*
 * Fill the members of @type (and, for a union, of the chosen branch)
 * stored at @obj from @dict, deleting each key used from @unused.
 */
static bool in_members(const QapiTypeInfo *type, QDict *dict, QDict *unused,
                       void *obj, const InPath *path, Error **errp)
{
    const QapiMemberInfo *m;
    const QapiVariantInfo *v;
    int tag;

    for (m = type->members; m->name; m++) {
        QObject *val = qdict_get(dict, m->name);
        InPath here = { .up = path, .name = m->name };

        if (!val) {
            if (m->optional) {
                continue;
            }
            g_autofree char *name = full_name(&here);
            error_setg(errp, "Parameter '%s' is missing", name);
            return false;
        }
        if (!in_slot(m->type, val, (char *)obj + m->offset, &here, errp)) {
            return false;
        }
        if (m->has_flag) {
            *(bool *)((char *)obj + m->has_offset) = true;
        }
        qdict_del(unused, m->name);
    }
    if (type->kind != QAPI_KIND_UNION) {
        return true;
    }
    tag = *(int *)((char *)obj + type->tag_offset);
    for (v = type->variants; v->type; v++) {
        if (v->tag == tag) {
            return in_members(v->type, dict, unused,
                              (char *)obj + type->variants_offset, path,
                              errp);
        }
    }
    return true;    /* a branch without members */
}

/* Fill the struct or union at @obj from the QDict @obj_in. */
static bool in_object(const QapiTypeInfo *type, QObject *obj_in, void *obj,
                      const InPath *path, Error **errp)
{
    QDict *dict = qobject_to(QDict, obj_in);
    QDict *unused;
    bool ok;

    if (!dict) {
        error_wrong_type(path, "object", errp);
        return false;
    }
    unused = qdict_clone_shallow(dict);
    ok = in_members(type, dict, unused, obj, path, errp);
    if (ok && qdict_size(unused)) {
        InPath here = { .up = path,
                        .name = qdict_entry_key(qdict_first(unused)) };
        g_autofree char *name = full_name(&here);

        error_setg(errp, "Parameter '%s' is unexpected", name);
        ok = false;
    }
    qobject_unref(unused);
    if (!ok) {
        qapi_free_members(type, obj);
        memset(obj, 0, type->size);
    }
    return ok;
}

static bool in_alternate(const QapiTypeInfo *type, QObject *obj, void *alt,
                         const InPath *path, Error **errp)
{
    QType qtype = qobject_type(obj);
    const QapiVariantInfo *v;
    void *branch = (char *)alt + type->variants_offset;
    bool ok;

    for (v = type->variants; v->type; v++) {
        if ((QType)v->tag == qtype) {
            break;
        }
    }
    if (!v->type) {
        /* QEMU names only the member here, not its path */
        error_setg(errp, "Invalid parameter type for '%s', expected: %s",
                   leaf_name(path), type->name);
        return false;
    }
    *(QType *)alt = qtype;
    if (v->type->kind == QAPI_KIND_STRUCT || v->type->kind == QAPI_KIND_UNION) {
        ok = in_object(v->type, obj, branch, path, errp);
    } else {
        ok = in_slot(v->type, obj, branch, path, errp);
    }
    if (!ok) {
        *(QType *)alt = QTYPE_NONE;
    }
    return ok;
}

static bool in_list(const QapiTypeInfo *type, QObject *obj, void *slot,
                    const InPath *path, Error **errp)
{
    QList *list = qobject_to(QList, obj);
    const QListEntry *e;
    void **tail = slot;     /* every list node starts with its next pointer */
    size_t i = 0;

    if (!list) {
        error_wrong_type(path, "array", errp);
        return false;
    }
    QLIST_FOREACH_ENTRY(list, e) {
        InPath here = { .up = path, .index = i++ };
        void *node = g_malloc0(type->size);

        if (!in_slot(type->element, qlist_entry_obj(e),
                     (char *)node + type->value_offset, &here, errp)) {
            g_free(node);
            qapi_free_slot(type, slot);
            return false;
        }
        *tail = node;
        tail = node;
    }
    return true;
}

static bool in_slot(const QapiTypeInfo *type, QObject *obj, void *slot,
                    const InPath *path, Error **errp)
{
    switch (type->kind) {
    case QAPI_KIND_INT8:
    case QAPI_KIND_INT16:
    case QAPI_KIND_INT32:
    case QAPI_KIND_INT64:
        return in_signed(type, obj, slot, path, errp);
    case QAPI_KIND_UINT8:
    case QAPI_KIND_UINT16:
    case QAPI_KIND_UINT32:
    case QAPI_KIND_UINT64:
    case QAPI_KIND_SIZE:
        return in_unsigned(type, obj, slot, path, errp);
    case QAPI_KIND_NUMBER:
        if (!expect_qtype(obj, QTYPE_QNUM, "number", path, errp)) {
            return false;
        }
        *(double *)slot = qnum_get_double(qobject_to(QNum, obj));
        return true;
    case QAPI_KIND_BOOL:
        if (!expect_qtype(obj, QTYPE_QBOOL, "boolean", path, errp)) {
            return false;
        }
        *(bool *)slot = qbool_get_bool(qobject_to(QBool, obj));
        return true;
    case QAPI_KIND_STR:
        if (!expect_qtype(obj, QTYPE_QSTRING, "string", path, errp)) {
            return false;
        }
        *(char **)slot = g_strdup(qstring_get_str(qobject_to(QString, obj)));
        return true;
    case QAPI_KIND_ANY:
        *(QObject **)slot = qobject_ref(obj);
        return true;
    case QAPI_KIND_NULL:
        if (!expect_qtype(obj, QTYPE_QNULL, "null", path, errp)) {
            return false;
        }
        *(QNull **)slot = qnull();
        return true;
    case QAPI_KIND_ENUM: {
        QString *qs = qobject_to(QString, obj);
        int val;

        if (!expect_qtype(obj, QTYPE_QSTRING, "string", path, errp)) {
            return false;
        }
        val = qapi_enum_find(type->lookup, qstring_get_str(qs));
        if (val < 0) {
            error_setg(errp, "Parameter '%s' does not accept value '%s'",
                       leaf_name(path), qstring_get_str(qs));
            return false;
        }
        *(int *)slot = val;
        return true;
    }
    case QAPI_KIND_STRUCT:
    case QAPI_KIND_UNION: {
        void *obj_c;

        if (!expect_qtype(obj, QTYPE_QDICT, "object", path, errp)) {
            return false;
        }
        obj_c = g_malloc0(type->size);
        if (!in_object(type, obj, obj_c, path, errp)) {
            g_free(obj_c);
            return false;
        }
        *(void **)slot = obj_c;
        return true;
    }
    case QAPI_KIND_ALTERNATE: {
        void *alt = g_malloc0(type->size);

        if (!in_alternate(type, obj, alt, path, errp)) {
            g_free(alt);
            return false;
        }
        *(void **)slot = alt;
        return true;
    }
    case QAPI_KIND_LIST:
        return in_list(type, obj, slot, path, errp);
    }
    g_assert_not_reached();
}

bool qapi_from_qobject(const QapiTypeInfo *type, QObject *obj, void *slot,
                       Error **errp)
{
    return in_slot(type, obj, slot, NULL, errp);
}

bool qapi_members_from_qdict(const QapiTypeInfo *type, QDict *dict,
                             void *obj, Error **errp)
{
    return in_object(type, QOBJECT(dict), obj, NULL, errp);
}

bool qapi_args_empty(QDict *args, Error **errp)
{
    if (qdict_size(args)) {
        error_setg(errp, "Parameter '%s' is unexpected",
                   qdict_entry_key(qdict_first(args)));
        return false;
    }
    return true;
}
