/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Freeing and deep-copying QAPI values, driven by the generated type
 * descriptors.  An optional member whose has_<name> flag is false is
 * neither freed nor copied (its value is not part of the object).
 */
#include "qemu/osdep.h"
#include "qapi/qobject-conv.h"
#include "qobject/qnull.h"
#include "qobject/qobject.h"

static bool is_object_kind(QapiKind kind)
{
    return kind == QAPI_KIND_STRUCT || kind == QAPI_KIND_UNION;
}

/* Size of a scalar slot (everything not owning memory). */
static size_t scalar_size(QapiKind kind)
{
    switch (kind) {
    case QAPI_KIND_INT8:
    case QAPI_KIND_UINT8:
        return 1;
    case QAPI_KIND_INT16:
    case QAPI_KIND_UINT16:
        return 2;
    case QAPI_KIND_INT32:
    case QAPI_KIND_UINT32:
        return 4;
    case QAPI_KIND_INT64:
    case QAPI_KIND_UINT64:
    case QAPI_KIND_SIZE:
        return 8;
    case QAPI_KIND_NUMBER:
        return sizeof(double);
    case QAPI_KIND_BOOL:
        return sizeof(bool);
    case QAPI_KIND_ENUM:
        return sizeof(int);
    default:
        return 0;
    }
}

static const QapiVariantInfo *find_variant(const QapiTypeInfo *type,
                                           int tag)
{
    const QapiVariantInfo *v;

    for (v = type->variants; v->type; v++) {
        if (v->tag == tag) {
            return v;
        }
    }
    return NULL;
}

static bool member_present(const QapiMemberInfo *m, const void *obj)
{
    return !m->has_flag || *(const bool *)((const char *)obj + m->has_offset);
}

void qapi_free_members(const QapiTypeInfo *type, void *obj)
{
    const QapiMemberInfo *m;
    const QapiVariantInfo *v;

    for (m = type->members; m->name; m++) {
        if (member_present(m, obj)) {
            qapi_free_slot(m->type, (char *)obj + m->offset);
        }
    }
    if (type->kind == QAPI_KIND_UNION) {
        v = find_variant(type, *(int *)((char *)obj + type->tag_offset));
        if (v) {
            qapi_free_members(v->type, (char *)obj + type->variants_offset);
        }
    }
}

static void free_alternate(const QapiTypeInfo *type, void *alt)
{
    const QapiVariantInfo *v = find_variant(type, *(QType *)alt);
    void *branch = (char *)alt + type->variants_offset;

    if (!v) {
        return;     /* QTYPE_NONE: nothing was stored */
    }
    if (is_object_kind(v->type->kind)) {
        qapi_free_members(v->type, branch);
    } else {
        qapi_free_slot(v->type, branch);
    }
}

void qapi_free_slot(const QapiTypeInfo *type, void *slot)
{
    void **ptr = slot;
    void *node, *next;

    switch (type->kind) {
    case QAPI_KIND_STR:
        g_free(*ptr);
        break;
    case QAPI_KIND_ANY:
    case QAPI_KIND_NULL:
        qobject_unref((QObject *)*ptr);
        break;
    case QAPI_KIND_STRUCT:
    case QAPI_KIND_UNION:
        if (*ptr) {
            qapi_free_members(type, *ptr);
            g_free(*ptr);
        }
        break;
    case QAPI_KIND_ALTERNATE:
        if (*ptr) {
            free_alternate(type, *ptr);
            g_free(*ptr);
        }
        break;
    case QAPI_KIND_LIST:
        /* every list node starts with its next pointer */
        for (node = *ptr; node; node = next) {
            next = *(void **)node;
            qapi_free_slot(type->element,
                           (char *)node + type->value_offset);
            g_free(node);
        }
        break;
    default:
        return;     /* scalars own nothing */
    }
    *ptr = NULL;
}

static void clone_members(const QapiTypeInfo *type, const void *src,
                          void *dst)
{
    const QapiMemberInfo *m;
    const QapiVariantInfo *v;
    int tag;

    for (m = type->members; m->name; m++) {
        if (m->has_flag) {
            *(bool *)((char *)dst + m->has_offset) =
                *(const bool *)((const char *)src + m->has_offset);
        }
        if (member_present(m, src)) {
            qapi_clone_slot(m->type, (const char *)src + m->offset,
                            (char *)dst + m->offset);
        }
    }
    if (type->kind == QAPI_KIND_UNION) {
        tag = *(const int *)((const char *)src + type->tag_offset);
        v = find_variant(type, tag);
        if (v) {
            clone_members(v->type,
                          (const char *)src + type->variants_offset,
                          (char *)dst + type->variants_offset);
        }
    }
}

static void clone_alternate(const QapiTypeInfo *type, const void *src,
                            void *dst)
{
    const QapiVariantInfo *v = find_variant(type, *(const QType *)src);
    const void *sbranch = (const char *)src + type->variants_offset;
    void *dbranch = (char *)dst + type->variants_offset;

    *(QType *)dst = *(const QType *)src;
    if (!v) {
        return;
    }
    if (is_object_kind(v->type->kind)) {
        clone_members(v->type, sbranch, dbranch);
    } else {
        qapi_clone_slot(v->type, sbranch, dbranch);
    }
}

void qapi_clone_slot(const QapiTypeInfo *type, const void *src, void *dst)
{
    void *const *sptr = src;
    void **dptr = dst;
    const void *snode;
    void **tail;

    switch (type->kind) {
    case QAPI_KIND_STR:
        *dptr = g_strdup(*sptr);
        break;
    case QAPI_KIND_ANY:
    case QAPI_KIND_NULL:
        *dptr = *sptr;
        qobject_ref((QObject *)*dptr);
        break;
    case QAPI_KIND_STRUCT:
    case QAPI_KIND_UNION:
        *dptr = NULL;
        if (*sptr) {
            *dptr = g_malloc0(type->size);
            clone_members(type, *sptr, *dptr);
        }
        break;
    case QAPI_KIND_ALTERNATE:
        *dptr = NULL;
        if (*sptr) {
            *dptr = g_malloc0(type->size);
            clone_alternate(type, *sptr, *dptr);
        }
        break;
    case QAPI_KIND_LIST:
        tail = dptr;
        *tail = NULL;
        for (snode = *sptr; snode; snode = *(void *const *)snode) {
            void *node = g_malloc0(type->size);

            qapi_clone_slot(type->element,
                            (const char *)snode + type->value_offset,
                            (char *)node + type->value_offset);
            *tail = node;
            tail = node;
        }
        break;
    default:
        memcpy(dst, src, scalar_size(type->kind));
        break;
    }
}
