/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Class properties backed by members of the instance struct (Property tables). */
#include "qemu/osdep.h"
#include "qapi/error.h"
#include "qobject/qbool.h"
#include "qobject/qnum.h"
#include "qobject/qstring.h"
#include "qom/field-props.h"

static void *field_ptr(Object *obj, ObjectProperty *prop)
{
    const Property *p = prop->opaque;

    return (char *)obj + p->offset;
}

/* Bytes a member of kind @kind takes; strings are handled apart. */
static size_t field_size(QapiKind kind)
{
    switch (kind) {
    case QAPI_KIND_BOOL:
        return sizeof(bool);
    case QAPI_KIND_UINT8:
        return sizeof(uint8_t);
    case QAPI_KIND_UINT16:
        return sizeof(uint16_t);
    case QAPI_KIND_UINT32:
        return sizeof(uint32_t);
    case QAPI_KIND_UINT64:
    case QAPI_KIND_SIZE:
        return sizeof(uint64_t);
    case QAPI_KIND_INT64:
        return sizeof(int64_t);
    case QAPI_KIND_ENUM:
        return sizeof(int);
    default:
        g_assert_not_reached();
    }
}

static bool field_get(Object *obj, ObjectProperty *prop, void *slot,
                      Error **errp)
{
    void *field = field_ptr(obj, prop);

    if (prop->info->kind == QAPI_KIND_STR) {
        *(char **)slot = g_strdup(*(char **)field);
    } else {
        memcpy(slot, field, field_size(prop->info->kind));
    }
    return true;
}

static bool field_set(Object *obj, ObjectProperty *prop, void *slot,
                      Error **errp)
{
    void *field = field_ptr(obj, prop);

    if (prop->info->kind == QAPI_KIND_STR) {
        /* Take the new string; the old one is ours to free. */
        g_free(*(char **)field);
        *(char **)field = *(char **)slot;
        *(char **)slot = NULL;
    } else {
        memcpy(field, slot, field_size(prop->info->kind));
    }
    return true;
}

static void field_init(Object *obj, ObjectProperty *prop)
{
    const Property *p = prop->opaque;
    void *field = field_ptr(obj, prop);

    if (!p->set_default) {
        return;
    }
    switch (prop->info->kind) {
    case QAPI_KIND_BOOL:
        *(bool *)field = p->defval.u;
        break;
    case QAPI_KIND_UINT8:
        *(uint8_t *)field = p->defval.u;
        break;
    case QAPI_KIND_UINT16:
        *(uint16_t *)field = p->defval.u;
        break;
    case QAPI_KIND_UINT32:
        *(uint32_t *)field = p->defval.u;
        break;
    case QAPI_KIND_UINT64:
    case QAPI_KIND_SIZE:
        *(uint64_t *)field = p->defval.u;
        break;
    case QAPI_KIND_INT64:
        *(int64_t *)field = p->defval.i;
        break;
    case QAPI_KIND_ENUM:
        *(int *)field = p->defval.i;
        break;
    default:
        g_assert_not_reached();
    }
}

static void field_release(Object *obj, ObjectProperty *prop)
{
    if (prop->info->kind == QAPI_KIND_STR) {
        char **field = field_ptr(obj, prop);

        g_free(*field);
        *field = NULL;
    }
}

/* The default as qom-list shows it. */
static QObject *field_default(const Property *p, const QapiTypeInfo *info)
{
    switch (info->kind) {
    case QAPI_KIND_BOOL:
        return QOBJECT(qbool_from_bool(p->defval.u));
    case QAPI_KIND_INT64:
        return QOBJECT(qnum_from_int(p->defval.i));
    case QAPI_KIND_ENUM:
        return QOBJECT(qstring_from_str(qapi_enum_lookup(info->lookup,
                                                         p->defval.i)));
    default:
        return QOBJECT(qnum_from_uint(p->defval.u));
    }
}

void object_class_add_field_props_n(ObjectClass *oc, const Property *props,
                                    size_t n)
{
    for (size_t i = 0; i < n; i++) {
        const Property *p = &props[i];
        ObjectProperty *prop;

        prop = object_class_property_add(oc, p->name, NULL, p->info,
                                         field_get, field_set, field_release,
                                         (void *)p);
        if (p->lookup) {
            object_property_set_enum_lookup(prop, p->enum_name, p->lookup);
        }
        prop->init = field_init;
        if (p->set_default) {
            object_property_set_default(prop, field_default(p, prop->info));
        }
        if (p->description) {
            object_property_set_description(prop, p->description);
        }
    }
}
